/*
 * reply_journal.c - the outbox journal: an append-only NDJSON file, the
 * audit trail of everything sc-reply decides or does in a brand's name.
 *
 * Each entry is one line, a JSON object whose first two members are
 *   "seq"  1, 2, 3 ... without gaps, and
 *   "prev" the SHA-256 (hex) of the previous line's exact bytes (without
 *          its newline); 64 zeros for the first entry,
 * followed by what the writer records (who or which rule decided, what was
 * done, the target, the original text ...).  Editing, inserting or
 * removing any line breaks the chain at the next line; editing or removing
 * the last lines is detected by comparing the head hash (the hash of the
 * last line, which --verify-journal prints) with a copy kept elsewhere.
 *
 * The writer holds an exclusive flock(2) on the file from open to close,
 * so two runs never interleave, and writes each line with one write(2).
 * Opening verifies the whole chain under that lock: nothing is ever
 * appended (by drafting or by --send) to a journal that does not verify.
 * The journal is the program's own file: a symbolic link at its path is
 * refused (O_NOFOLLOW), a new one is created with O_EXCL, mode 0600, and
 * anything but a regular file is refused.
 *
 * Entries written today (drafting, --journal): "at", "actor" ("sc-reply"),
 * "rule" (replies.csv:LINE, or "built-in"), "action" ("draft" | "skip"),
 * "target" (the message id), "platform", "profile", "reply" (the whole
 * reply object) and "original_text" (the customer's text).
 *
 * With --send (lib/reply_send.c), the same chain records every request:
 * "intent" (appended and fsynced before the request: "op" reply |
 * private_reply | message | hide | delete, "key" = SHA-256 of op and the
 * message id, the "text" posted, "attempt"), then "sent" (with the
 * platform's "id", and "resolved_by" read-back | platform when the post
 * was found rather than answered), "failed" (a definite refusal, with
 * "error") or "unknown" (timeout, reset, 5xx, 429: the server may have
 * accepted).  "agent" and "approved_by" say who ran and who approved;
 * "rule" names the template row, or "sc-triage:RULES" for moderation;
 * replies also carry "agent" (--agent, else "auto:TEMPLATE"), "template"
 * and "variant", which a rerun puts on the brand records it prints again.
 * "capped" ("platform", "profile", "until", "error") remembers a usage
 * cap or quota with a known end, so later runs ask nothing before it.
 * A run replays the journal first: a key with "sent" is never posted
 * again, a key whose last intent has no "sent" is read back first.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "reply_journal.h"
#include "scan.h"

static const char zero_hash[] =
	"0000000000000000000000000000000000000000000000000000000000000000";

int
sc_journal_open(struct sc_journal *j, const char *path, struct sc_error *e)
{
	struct sc_journal_report rep;
	struct stat st;

	memset(j, 0, sizeof(*j));
	j->path = path;
	/* the journal is the program's own file: never follow a symlink (a
	   dangling one would make us create its target), create it only when
	   nothing is there (O_EXCL), and only ever append to a regular file */
	j->fd = open(path, O_RDWR | O_APPEND | O_NOFOLLOW | O_CLOEXEC);
	if (j->fd < 0 && errno == ENOENT)
		j->fd = open(path, O_RDWR | O_APPEND | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC,
			     0600);
	if (j->fd < 0)
		return sc_error_set(e, SC_EX_IOERR, path, 0, 0, "cannot open journal: %s",
				    errno == ELOOP ? "it is a symbolic link (refused)"
						   : strerror(errno));
	if (fstat(j->fd, &st) < 0) {
		sc_error_set(e, SC_EX_IOERR, path, 0, 0, "cannot open journal: %s",
			     strerror(errno));
		goto fail;
	}
	if (!S_ISREG(st.st_mode)) {
		sc_error_set(e, SC_EX_IOERR, path, 0, 0, "cannot open journal: not a regular file");
		goto fail;
	}
	if (flock(j->fd, LOCK_EX) < 0) {
		sc_error_set(e, SC_EX_IOERR, path, 0, 0, "cannot lock journal: %s",
			     strerror(errno));
		goto fail;
	}
	/* nothing is appended to a chain that does not verify (drafting and
	   sending alike): the whole file is checked under the lock */
	if (sc_journal_verify(j->fd, path, NULL, &rep, e) < 0) {
		size_t l = strlen(e->text);
		snprintf(e->text + l, sizeof(e->text) - l,
			 "; the journal does not verify; nothing sent or written "
			 "(check it with --verify-journal)");
		goto fail;
	}
	j->seq = rep.entries;
	memcpy(j->head, rep.head, sizeof(j->head));
	return 0;
fail:
	close(j->fd);
	j->fd = -1;
	return -1;
}

int
sc_journal_append(struct sc_journal *j, const json_t *fields, int sync, struct sc_error *e)
{
	json_t *o = json_object();
	const char *k;
	json_t *v;
	struct sc_buf b;
	size_t off = 0;

	json_object_set_new(o, "seq", json_integer(j->seq + 1));
	json_object_set_new(o, "prev", json_string(j->head));
	json_object_foreach((json_t *)fields, k, v)
		if (strcmp(k, "seq") != 0 && strcmp(k, "prev") != 0)
			json_object_set(o, k, v);
	sc_buf_init(&b);
	sc_buf_add_json(&b, o);
	json_decref(o);
	sc_sha256_hex(b.data, b.len, j->head);
	sc_buf_addc(&b, '\n');
	while (off < b.len) {
		ssize_t w = write(j->fd, b.data + off, b.len - off);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0) {
			sc_error_set(e, SC_EX_IOERR, j->path, 0, 0, "journal write error: %s",
				     strerror(w < 0 ? errno : ENOSPC));
			sc_buf_release(&b);
			return -1;
		}
		off += (size_t)w;
	}
	sc_buf_release(&b);
	if (sync && fsync(j->fd) < 0)
		return sc_error_set(e, SC_EX_IOERR, j->path, 0, 0, "journal fsync: %s",
				    strerror(errno));
	j->seq++;
	return 0;
}

int
sc_journal_close(struct sc_journal *j, struct sc_error *e)
{
	int rc = 0;

	if (j->fd >= 0) {
		if (close(j->fd) < 0)
			rc = sc_error_set(e, SC_EX_IOERR, j->path, 0, 0, "journal close: %s",
					  strerror(errno));
		j->fd = -1;
	}
	return rc;
}

static const struct sc_scan_field entry_fields[] = {{"seq", 0, NULL}, {"prev", 1, NULL}};
static const struct sc_scan_spec entry_spec = {entry_fields, 2};

int
sc_journal_verify(int fd, const char *name, const char *expect_head,
		  struct sc_journal_report *rep, struct sc_error *e)
{
	struct sc_reader r;
	const char *line;
	size_t len;
	char prev[65];
	int got, anchor = expect_head == NULL;

	memset(rep, 0, sizeof(*rep));
	memcpy(prev, zero_hash, 65);
	sc_reader_init(&r, fd, name, SC_JOURNAL_MAX_LINE);
	while ((got = sc_reader_next(&r, &line, &len, e)) == 1) {
		json_error_t je;
		json_t *o, *seq;
		const char *p;
		struct sc_span sp[2];
		char pbuf[80];
		unsigned fl = 0;
		int have_seq;
		json_int_t seqv;

		if (r.too_long) {
			sc_error_set(e, SC_EX_DATAERR, name, r.lineno, 0, "entry too long");
			goto bad;
		}
		if (r.no_newline) {
			sc_error_set(e, SC_EX_DATAERR, name, r.lineno, 0,
				     "partial last entry (no newline at end)");
			goto bad;
		}
		/* the scanner reads seq and prev; a line it does not accept
		   (or one jansson would refuse: an integer beyond int64) is
		   given to jansson for the verdict */
		o = NULL;
		if (sc_scan_ex(line, len, &entry_spec, sp, 2, &fl) >= 0 && !(fl & SC_SCAN_BIGINT)) {
			have_seq = sp[0].type == SC_JINT;
			seqv = sp[0].i;
			p = sp[1].type == SC_JSTRING && sp[1].len < sizeof(pbuf)
				    ? (pbuf[sc_span_decode(&sp[1], pbuf)] = '\0', pbuf)
				    : sp[1].type == SC_JSTRING ? "" : NULL;
		} else {
			o = json_loadb(line, len, 0, &je);
			if (!json_is_object(o)) {
				json_decref(o);
				sc_error_set(e, SC_EX_DATAERR, name, r.lineno, 0,
					     "entry is not a JSON object");
				goto bad;
			}
			seq = json_object_get(o, "seq");
			have_seq = json_is_integer(seq);
			seqv = json_integer_value(seq);
			p = sc_json_str(o, "prev");
		}
		if (!have_seq || p == NULL) {
			json_decref(o);
			sc_error_set(e, SC_EX_DATAERR, name, r.lineno, 0,
				     "entry has no \"seq\" or \"prev\"");
			goto bad;
		}
		if (seqv != rep->entries + 1) {
			sc_error_set(e, SC_EX_DATAERR, name, r.lineno, 0,
				     "sequence gap: seq %lld, want %ld (entries removed or inserted)",
				     (long long)seqv, rep->entries + 1);
			json_decref(o);
			goto bad;
		}
		if (strcmp(p, prev) != 0) {
			json_decref(o);
			if (r.lineno == 1)
				sc_error_set(e, SC_EX_DATAERR, name, r.lineno, 0,
					     "hash chain broken: first entry's prev is not zero "
					     "(entries removed from the start)");
			else
				sc_error_set(e, SC_EX_DATAERR, name, r.lineno, 0,
					     "hash chain broken: prev does not match line %ld "
					     "(that entry was edited)", r.lineno - 1);
			goto bad;
		}
		json_decref(o);
		sc_sha256_hex(line, len, prev);
		if (!anchor && strcmp(prev, expect_head) == 0)
			anchor = 1;
		rep->entries++;
	}
	if (got < 0)
		goto bad;
	memcpy(rep->head, prev, 65);
	sc_reader_release(&r);
	if (!anchor)
		return sc_error_set(e, SC_EX_DATAERR, name, 0, 0,
				    "no entry has the expected head hash %s "
				    "(entries removed from the end or the last entry edited)",
				    expect_head);
	return 0;
bad:
	sc_reader_release(&r);
	return -1;
}
