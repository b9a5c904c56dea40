/*
 * reply_send_int.h - what the files of sc-reply --send share, and nobody
 * else includes:
 *
 *   reply_send.c         the engine: the journal replayed into key states,
 *                        one operation carried out exactly once (intent,
 *                        request, verdict, read-back before any retry)
 *   reply_send_rec.c     records: which operations a drafted record asks
 *                        for, the profile, limits and windows again, brand
 *                        records, moderation
 *   reply_send_graph.c   Facebook and Instagram (Graph)
 *   reply_send_x.c       X API v2 (replies, direct messages)
 *   reply_send_google.c  YouTube and Google Business Profile
 *   reply_send_tiktok.c  TikTok API for Business (replies, hide)
 *   reply_send_linkedin.c LinkedIn Community Management (replies)
 *
 * A platform is one `struct sc_send_plat`: what it can do, how a write is
 * asked for, where the platform's id is in the answer, which refusals
 * mean "already done", and how to read back whether an earlier attempt
 * landed.  The engine knows nothing of any platform's paths; a platform
 * file knows nothing of the journal.  Adding a platform is a file with
 * its table and one line in sc_send_plat().
 */
#ifndef SC_REPLY_SEND_INT_H
#define SC_REPLY_SEND_INT_H

#include "reply_send.h"

#define SC_SEND_GRAPH SC_GRAPH_VERSION

/* What a platform can carry out (struct sc_send_plat.can). */
enum {
	SC_SEND_REPLY = 1,		/* a public reply to a comment, mention, review */
	SC_SEND_PRIVATE = 2,		/* a private reply to a public comment */
	SC_SEND_MESSAGE = 4,		/* an answer in a direct-message conversation */
	SC_SEND_HIDE = 8,
	SC_SEND_DELETE = 16
};

/* One operation on one customer message. */
struct sc_send_op {
	const char *name;	/* reply, private_reply, message, hide, delete */
	int plat;
	const char *platform;
	const struct sc_profile *prof;
	const char *account;	/* the brand's account id */
	const char *page;	/* Graph object that sends messages */
	const char *rec_id;	/* the customer message's record id */
	const char *target;	/* native id acted on */
	const char *conv;	/* native conversation id (messages) */
	const char *recipient;	/* customer id (messages) */
	const char *post;	/* native post/video/activity the message is under */
	const char *text;	/* what is posted (NULL for hide/delete) */
	const char *tag;	/* Messenger message tag */
	char key[65];
	char *base;		/* scheme://host[:port][/prefix] */
	char *origin;
	const char *token;
};

/* An answer: the transfer's outcome (lib/api.c) and its body parsed. */
struct sc_send_resp {
	struct sc_api_resp a;
	json_t *doc;		/* the body when it is a JSON object */
};

struct sc_send_plat {
	int plat;
	unsigned can;		/* SC_SEND_* */
	int under_thread;	/* public replies go under the thread's first
				   comment (two-level threads), not the message */
	int needs_post;		/* every write names the post (post_id) */
	/* The write: *method (preset to "POST"), the URL appended to u, the
	   JSON body (new reference) or NULL. */
	void (*request)(const struct sc_send_op *op, const char **method, struct sc_buf *u,
			json_t **body);
	/* A 2xx answer: the platform's id into id and 0; -1 when the answer
	   has no id (outcome unknown); -2 when it is an error after all
	   (TikTok's code != 0), classified like any other. */
	int (*answer_id)(const struct sc_send_op *op, const struct sc_send_resp *r, char *id,
			 size_t cap);
	/* A refusal that means the operation is already done: 1 with why
	   set.  May be NULL. */
	int (*already)(const struct sc_send_op *op, const struct sc_send_resp *r,
		       const struct sc_api_error *ae, char *why, size_t cap);
	/* Read-back: the first URL appended to u. */
	void (*readback_url)(const struct sc_send_op *op, struct sc_buf *u);
	/* One page of read-back (url is the page's URL): 1 the operation's
	   effect is there (id set, may be ""), 0 not on this page (*next a
	   new URL of the next page, or left NULL), -1 cannot tell (why set,
	   or left "" for "HTTP <status>"). */
	int (*readback_page)(const struct sc_send_op *op, const struct sc_send_resp *r,
			     const char *url, char *id, size_t cap, char **next, char *why,
			     size_t wcap);
};

/* The table of a platform, or NULL when nothing can be sent there. */
const struct sc_send_plat *sc_send_plat(int plat);

extern const struct sc_send_plat sc_send_graph;
extern const struct sc_send_plat sc_send_x;
extern const struct sc_send_plat sc_send_youtube;
extern const struct sc_send_plat sc_send_google;
extern const struct sc_send_plat sc_send_tiktok;
extern const struct sc_send_plat sc_send_linkedin;

/* ---- shared helpers (reply_send.c) ---- */

/* The native id: "facebook:123_456" -> "123_456". */
const char *sc_send_native(const char *id);
/* An id that may go into a URL path as it is. */
int sc_send_path_ok(const char *s);
/* Is the operation a moderation one (hide, delete)? */
int sc_send_is_moderation(const struct sc_send_op *op);
/* The next page of a token-paged listing: url with param set to tok.
   New string. */
char *sc_send_next_token_url(const char *url, const char *param, const char *tok);
/* Read-back in a listing: the first item of list whose string at
   text_path (else alt_path, may be NULL) is op->text and that keep (may be
   NULL) accepts: its id_key into id, 1; else 0. */
int sc_send_find_item(const struct sc_send_op *op, const json_t *list, const char *text_path,
		      const char *alt_path, const char *id_key,
		      int (*keep)(const struct sc_send_op *op, const json_t *item), char *id, size_t cap);
/* An id from an answer: v into id, 0; -1 when v is NULL or "". */
int sc_send_copy_id(const char *v, char *id, size_t cap);
/* One request (lib/api.c) with the platform's headers; body (may be
   NULL) is sent as JSON. */
void sc_send_http(const struct sc_send_opts *o, const struct sc_send_op *op, const char *method,
		  const char *url, const json_t *body, struct sc_send_resp *r);
void sc_send_resp_release(struct sc_send_resp *r);

/* The outcome of one operation (sc_send_run). */
struct sc_send_done {
	const json_t *credit;	/* from the journal: agent, template, variant */
	char at[32];		/* when it was sent, from the journal; "" = now */
	int ok;			/* 1 done */
	int status;		/* when not */
	char id[200];
	char why[600];
	const char *how;	/* "sent", "journal", "read-back", "platform" */
};
/* Carry out op exactly once (the journal's key states in s); rec is the
   customer message, rule the deciding rule.  0 (d says how it went), or
   -1 with e set when the journal cannot be written. */
int sc_send_run(const struct sc_send_opts *o, struct sc_send_state *s, struct sc_send_op *op,
		const json_t *rec, const char *rule, struct sc_send_done *d, struct sc_error *e);
/* Who a reply is credited to: --agent, else "auto:TEMPLATE". */
const char *sc_send_agent(const struct sc_send_opts *o, const json_t *rec, char *buf, size_t cap);

#endif
