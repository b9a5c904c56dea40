/*
 * reply_journal.h - the outbox journal (see lib/reply_journal.c for the
 * format): append entries under a lock, and verify the hash chain.
 */
#ifndef SC_REPLY_JOURNAL_H
#define SC_REPLY_JOURNAL_H

#include "reply.h"

/* The longest journal line any reader takes (sc-reply's recovery and
   verification, sc-inbox's answers): far above any entry sc-reply writes,
   so the journal is never refused for its own lines. */
#define SC_JOURNAL_MAX_LINE ((size_t)64 * 1024 * 1024)

struct sc_journal {
	int fd;
	const char *path;
	long seq;		/* seq of the last entry, 0 when empty */
	char head[65];		/* SHA-256 hex of the last line */
};

/* Open (creating, mode 0600) and lock path, then verify the whole chain
   (sc_journal_verify) and keep the last entry's seq and hash.  A symbolic
   link or a non-regular file at path is refused (74).  0, or -1 with e
   set: 74 when it cannot be opened, 65 (at the first bad line) when it
   does not verify; nothing may be appended to it then. */
int sc_journal_open(struct sc_journal *j, const char *path, struct sc_error *e);
/* Append one entry: "seq" and "prev" first, then the members of fields
   (borrowed).  sync makes it durable (fsync) before returning. */
int sc_journal_append(struct sc_journal *j, const json_t *fields, int sync,
		      struct sc_error *e);
int sc_journal_close(struct sc_journal *j, struct sc_error *e);

struct sc_journal_report {
	long entries;
	char head[65];
};
/*
 * Check every entry of the journal read from fd: JSON object, seq 1, 2, ...
 * and prev equal to the hash of the line before.  With expect_head, some
 * entry's hash must equal it (the head saved earlier).  0, or -1 with e
 * set to the first problem and its line (status 65).
 */
int sc_journal_verify(int fd, const char *name, const char *expect_head,
		      struct sc_journal_report *rep, struct sc_error *e);

#endif
