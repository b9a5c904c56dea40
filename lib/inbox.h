/*
 * inbox.h - sc-inbox's library: the case log (lib/inbox_log.c), the queue
 * of open conversations built from a client directory (lib/inbox.c),
 * filters and sorts, the conversation's messages, display widths
 * (lib/inbox_text.c) and the actions that send through sc-reply
 * (lib/inbox_send.c).  Everything here is callable from a unit test
 * without a terminal; the ncurses screen is cmd/inbox_ui.c.
 *
 * Ownership as in sc.h.  lib/ never prints: errors go into sc_error with
 * the exit status sc-inbox(1) documents (65 unknown or closed
 * conversation, 73 case log cannot be created, 74 cannot be written,
 * 75 claimed by someone else, 66 a client file cannot be read).
 */
#ifndef SC_INBOX_H
#define SC_INBOX_H

#include <sys/types.h>
#include "sc.h"

#define SC_EX_CANTCREAT 73
#define SC_INBOX_CLAIM_SECS 300
#define SC_INBOX_TEXT_MAX 120	/* code points of a message kept for the queue */

/* Where a client's files are (sc-cron-client's layout, sc(7)). */
struct sc_inbox_src {
	const char *dir;	/* client directory, or NULL */
	char **files;		/* archive or draft files named on the command line */
	int nfiles;
	const char *caselog;	/* DIR/cases.ndjson unless given */
	const char *journal;	/* DIR/outbox.ndjson unless given; may not exist */
	const char *edited;	/* DIR/drafts/edited.ndjson: drafts changed in the inbox */
	size_t max_line;	/* longest line of a record file or the case log
				   (--max-line); 0: SC_MAX_LINE_DEFAULT.  The journal
				   is read with sc-reply's own cap. */
	/* only open conversations are wanted (the queue, the screen, the
	   handover): a thread that is closed and has no case records keeps a
	   compact summary while loading, not its fields, so memory follows
	   the open conversations rather than every thread seen */
	int open_only;
};

/* One conversation (a thread_id) and what the queue shows of it. */
struct sc_conv {
	char *thread;		/* thread_id (or the message id without one) */
	uint64_t th;
	/* the latest customer message */
	char *id, *author, *author_id, *text;
	const char *platform, *kind, *profile;	/* interned: owned by the inbox */
	int priv;		/* visibility private */
	const char *category, *sentiment, *team, *tags;	/* interned; tags comma-separated */
	int priority;		/* 1..4 of the unanswered messages, 9 unknown */
	int64_t due;		/* SLA deadline of the first unanswered message, 0 none */
	int64_t first_cust, last_cust, last_brand, answered;	/* 0 = never */
	int64_t pend_t;		/* earliest customer message after last_brand */
	int pend_pri;
	int64_t pend_due;
	long nmsgs, nnotes;
	/* from the case log */
	int64_t resolved_at, reopened_at, escalated_at, case_at, assigned_at;
	long rseq, oseq, eseq, tseq;	/* order in the log: resolve, reopen, escalate, any other */
	int resolved, escalated;	/* derived */
	const char *assignee, *ateam, *claim_by, *esc_to;	/* interned */
	char *last_note;
	int64_t claim_until, claim_at;
	int held;
	/* the draft for it (a whole drafted record, from drafts/), or NULL */
	json_t *draft;
	int64_t draft_t;
	/* derived by sc_inbox_finish() */
	int open, awaiting;
	int bare;	/* back from a summary: the latest message's fields not known */
};

enum sc_inbox_sort { SC_SORT_RANK, SC_SORT_NEWEST, SC_SORT_OLDEST, SC_SORT_DUE };

/* A filter: NULL / 0 members do not filter. */
struct sc_inbox_filter {
	const char *profile, *platform, *kind, *team, *category, *tag, *search;
	const char *assignee;	/* "mine" is the agent's name here */
	int unassigned;
	int max_priority;	/* 1..4: P1 only .. up to P4; 0 any */
	int escalated, claimed, awaiting, all;	/* all: closed ones too */
};

struct sc_inbox {
	struct sc_inbox_src src;
	int64_t now;
	struct sc_conv *v;
	size_t n, cap;
	struct sc_set64 idx;	/* thread hash -> index + 1, or SC_INBOX_SUM | summary + 1 */
	struct sc_conv_sum **sum;	/* summaries of closed threads, in blocks (inbox.c) */
	size_t nsum;
	int bare_open;		/* sc_inbox_finish: an open conversation is bare */
	struct sc_set64 sent;	/* journal: message id hash -> sent time */
	/* what was read, to notice changes (sc_inbox_changed) */
	off_t log_off;
	char **paths;		/* every message file read, in order */
	size_t npaths;
	int64_t stamp;		/* sum over sources of size and mtime */
	long seq;		/* case records applied */
	json_t *strs;		/* interned strings */
	long bad;		/* lines skipped as unreadable */
	char bad_first[1024];	/* the first of them, "file:line: reason" */
};

/* Fill the default paths of a client directory into s (strings point into
   bufs kept by ib); files may be given instead of or besides dir. */
struct sc_inbox *sc_inbox_new(const struct sc_inbox_src *s, int64_t now);
void sc_inbox_free(struct sc_inbox *ib);
/* Read everything (journal, case log, archive/, drafts/, files): 0, or -1
   with e set (66 an unreadable file). */
int sc_inbox_load(struct sc_inbox *ib, struct sc_error *e);
/* Read what was appended to the case log since the last call and apply
   it; returns the number of records read, or -1 with e set. */
long sc_inbox_refresh_log(struct sc_inbox *ib, struct sc_error *e);
/* 1 when an archive or draft file changed since the load (a rebuild is
   due), 0 otherwise. */
int sc_inbox_changed(const struct sc_inbox *ib);
/* Apply one case-log record (borrowed). */
void sc_inbox_apply(struct sc_inbox *ib, const json_t *rec);
/* Derive open/awaiting for every conversation (after loads and applies). */
void sc_inbox_finish(struct sc_inbox *ib);

/* Find by thread id or by the id of its latest message, or NULL. */
struct sc_conv *sc_inbox_find(const struct sc_inbox *ib, const char *id);
/* Is c currently claimed by someone other than agent? */
int sc_inbox_claimed_by_other(const struct sc_inbox *ib, const struct sc_conv *c,
			      const char *agent);

/* The queue: indexes of the conversations that pass f, sorted.  Returns
   how many were stored in out (allocated by the caller, ib->n long). */
size_t sc_inbox_query(const struct sc_inbox *ib, const struct sc_inbox_filter *f,
		      enum sc_inbox_sort sort, const char *agent, size_t *out);
int sc_inbox_sort_parse(const char *s, enum sc_inbox_sort *sort);
/* Append the JSON of one queue line to b (no newline). */
void sc_inbox_conv_json(const struct sc_inbox *ib, const struct sc_conv *c, struct sc_buf *b);
/* "P1", "12m", "-3h" (overdue), "-" into out. */
void sc_inbox_left(int64_t due, int64_t now, char *out, size_t cap);

/* Every record of the conversation (messages of both sides, the case
   log's records, the draft) in time order: a new JSON array. */
json_t *sc_inbox_thread_new(const struct sc_inbox *ib, const struct sc_conv *c,
			    struct sc_error *e);

/* ---- the case log (lib/inbox_log.c) ---- */

/*
 * Append one record to the case log: "sc", "id", "kind", then the members
 * of fields (borrowed), "agent" and "created_at" (now) when fields lacks
 * them.  One write(2) under an exclusive flock(2), O_APPEND, then fsync.
 * The record is applied to ib too.  0, or -1 with e set (73, 74).
 */
int sc_inbox_append(struct sc_inbox *ib, const char *kind, json_t *fields, struct sc_error *e);

/* The actions (each one record; see sc(7) CASE LOG).  who for assign may
   be "team:NAME".  0, or -1 with e set. */
int sc_inbox_assign(struct sc_inbox *ib, struct sc_conv *c, const char *agent,
		    const char *who, struct sc_error *e);
int sc_inbox_note(struct sc_inbox *ib, struct sc_conv *c, const char *agent,
		  const char *text, struct sc_error *e);
int sc_inbox_status(struct sc_inbox *ib, struct sc_conv *c, const char *agent,
		    const char *status, const char *extra_key, const char *extra,
		    struct sc_error *e);
int sc_inbox_claim(struct sc_inbox *ib, struct sc_conv *c, const char *agent,
		   int64_t secs, struct sc_error *e);
int sc_inbox_hold(struct sc_inbox *ib, struct sc_conv *c, const char *agent, int on,
		  struct sc_error *e);
/* A label record for sc-triage --train: category and/or sentiment (NULL
   keeps). */
int sc_inbox_label(struct sc_inbox *ib, struct sc_conv *c, const char *agent,
		   const char *category, const char *sentiment, struct sc_error *e);
/* The checks every action makes: 65 when c is closed and the action
   needs an open conversation. */
int sc_inbox_need_open(const struct sc_conv *c, struct sc_error *e);

/* The agent's name: opt, else $SC_AGENT, else the login name; a new
   string, or NULL when none can be found. */
char *sc_inbox_agent_new(const char *opt);

/* ---- drafts and sending (lib/inbox_send.c) ---- */

/* Store a changed draft (the whole record with its "reply") in
   src.edited, appended under a lock; the queue takes it over the cron
   draft.  0 or -1 with e set. */
int sc_inbox_save_draft(struct sc_inbox *ib, struct sc_conv *c, json_t *rec,
			struct sc_error *e);

/* The customer's latest message of c as it is in the files (with its
   draft when drafts/ has one): a new object, or NULL. */
json_t *sc_inbox_message_new(struct sc_inbox *ib, struct sc_conv *c, struct sc_error *e);

struct sc_inbox_send {
	const char *sc_reply;	/* path of sc-reply */
	const char *profiles;	/* profiles.csv */
	const char *base_url;	/* may be NULL */
	const char *tokens_env;	/* NAME=value file exported to sc-reply only, or NULL */
	int allow_delete;
	int approve_p1;		/* the person confirmed a draft that needs approval */
	const char *now;	/* --now for sc-reply, or NULL */
	const char *timeout;	/* --timeout for sc-reply, or NULL */
};

/*
 * Send c's draft (or carry out "hide"/"delete" when action says so):
 * the record goes to `sc-reply --send --approve --agent AGENT` on its
 * standard input; what sc-reply answers (the record with reply.status
 * sent|failed|held, brand records) is read back, the brand records are
 * appended to the case log, and *result is set to a new copy of the
 * record's reply object.  msg receives one line for the screen.
 * Returns 0 when sent (or already sent: msg says so), 1 when sc-reply
 * held or refused it (msg says why), -1 with e set when it could not run.
 */
int sc_inbox_send(struct sc_inbox *ib, struct sc_conv *c, const char *agent,
		  const struct sc_inbox_send *o, const char *action, char *msg,
		  size_t cap, struct sc_error *e);

/* ---- escalating to a team (lib/inbox_escalate.c) ---- */

/*
 * The internal deadline of an escalation to team made at `at`: *due the
 * time the team's sla cell of teams.csv has passed in its business hours
 * (hours, tz, holidays cells; round the clock without hours; holidays
 * relative to teams.csv).  1 with *due set, 0 (*due 0) when there is no
 * file, no such team or no sla, -1 with e set (78 at teams.csv:line:col).
 */
int sc_team_due(const char *teams, const char *team, int64_t at, int64_t *due,
		struct sc_error *e);
/*
 * Escalate c to team (NULL or "": no team): an "escalated" status record
 * with the team and, when teams.csv gives it an sla, due_at
 * (sc_team_due from ib->now).  0, or -1 with e set (65 closed, 78 a bad
 * teams.csv row, 73/74 the case log).
 */
int sc_inbox_escalate(struct sc_inbox *ib, struct sc_conv *c, const char *agent,
		      const char *team, const char *teams, struct sc_error *e);

/* ---- consulting an expert by e-mail (lib/inbox_consult.c) ---- */

struct sc_inbox_consult {
	const char *teams;	/* teams.csv (team -> email, pii), or NULL */
	const char *reply_to;	/* the care mailbox local@domain (sc-consult --reply-to) */
	const char *from;	/* From header, or NULL */
	const char *key_spec;	/* variable or 0600 file with the key; NULL: SC_CONSULT_KEY */
	const char *sendmail;	/* sendmail-like command (sh -c); NULL: "sendmail -t" */
	int64_t valid;		/* seconds the reply address works; 0: 14 days */
};

/*
 * The row of team in teams.csv: *email its addresses joined by ", " (a new
 * string, NULL when the cell is empty), *pii 1 when its pii cell says the
 * team may see personal data, *sla (when sla is not NULL) a new copy of
 * its sla cell or NULL.  1 found, 0 not (or no file), -1 with e set.
 */
int sc_inbox_team_row(const char *teams, const char *team, char **email, int *pii, char **sla,
		      struct sc_error *e);

/*
 * Consult who (a team of o->teams, or an address with '@') about c: the
 * consult mail (lib/consult.c) for the conversation's records goes to
 * o->sendmail on its standard input, then a note records it in the case
 * log ("consult": {to, team, question, pii}).  msg receives one line for
 * the screen.  0, or -1 with e set: 64 no such team or no question, 78 no
 * reply address, key or team address, 69 the command failed (nothing was
 * sent, nothing recorded), 73/74 the note.
 */
int sc_inbox_consult(struct sc_inbox *ib, struct sc_conv *c, const char *agent,
		     const struct sc_inbox_consult *o, const char *who, const char *question,
		     char *msg, size_t cap, struct sc_error *e);

/* ---- text on a terminal (lib/inbox_text.c) ---- */

/* Display columns of UTF-8 s (wcwidth; invalid bytes count 1). */
int sc_inbox_width(const char *s, size_t n);
/* Append to b at most cols columns of s (newlines and tabs as spaces),
   padded with spaces to exactly cols when pad; returns columns used. */
int sc_inbox_fit(struct sc_buf *b, const char *s, int cols, int pad);
/* Make sure wcwidth() knows UTF-8 (C.UTF-8 when the locale is not). */
void sc_inbox_locale(void);

/* A record's time field as seconds since the epoch, 0 when absent or bad
   (inbox.c, for inbox_queue.c). */
int64_t sc_inbox_rec_time(const json_t *rec, const char *key);

#endif
