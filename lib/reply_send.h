/*
 * reply_send.h - sc-reply --send: carrying out drafted replies and triage
 * moderation (hide, delete) through the platform APIs exactly once, with
 * the outbox journal (lib/reply_journal.c) as the record of intent.  See
 * the design note at the top of lib/reply_send.c.
 */
#ifndef SC_REPLY_SEND_H
#define SC_REPLY_SEND_H

#include "api.h"
#include "reply_journal.h"

struct sc_send_opts {
	const struct sc_profiles *profiles;	/* required: tokens, account ids */
	struct sc_journal *journal;		/* required */
	const char *base_all;			/* --base-url */
	const char *base[SC_PLAT_N];		/* --base-url PLATFORM=URL */
	int approve;		/* a human approved every draft of the input */
	int allow_delete;	/* --allow-delete */
	int forget_caps;	/* --forget-caps: ask again despite a remembered cap */
	int retries;		/* attempts after the first */
	long backoff_ms;
	int64_t max_wait;	/* seconds: longer server-told waits give up (75) */
	int64_t timeout;	/* seconds per request */
	const char *agent;	/* who runs the send (--agent), may be NULL */
	int64_t now;		/* reply windows are measured to this time */
};

/* The defaults sc-reply(1) documents: 4 retries, 1000 ms backoff, waits up
   to 15 minutes, 60 s per request, now. */
void sc_send_opts_init(struct sc_send_opts *o);

struct sc_send_state {
	json_t *keys;		/* journal key -> {"state","id"} from replay + this run */
	json_t *profs;		/* profile name -> {"status"} once refused */
	char **tokens;		/* per profile row, read on first use */
	size_t ntokens;
	unsigned rnd;
	int status;		/* worst status so far: 78 > 69 > 75 > 0 */
	long sent, resolved, already, failed, held, moderated;
};

/*
 * Read the journal (already opened and locked in o->journal) from its
 * start and remember the outcome of every key.  0, or -1 with e set.
 */
int sc_send_init(struct sc_send_state *s, const struct sc_send_opts *o, struct sc_error *e);
void sc_send_release(struct sc_send_state *s);

/*
 * Carry out what one drafted record (borrowed; its "reply" object is
 * updated) asks for: the reply (public, private or both), or the triage
 * moderation action.  Brand records for what was sent are appended to
 * brand (a JSON array, borrowed).  Failures are per record (in the reply
 * object and s->status); returns -1 with e set only when the journal
 * cannot be written (then nothing more may be sent).
 */
int sc_send_record(const struct sc_send_opts *o, struct sc_send_state *s, json_t *rec,
		   json_t *brand, struct sc_error *e);

#endif
