/*
 * normalize_int.h - what the normalize*.c files share and nobody else
 * uses: the record being built, the per-item context, helpers.
 */
#ifndef SC_NORMALIZE_INT_H
#define SC_NORMALIZE_INT_H

#include "normalize.h"

/*
 * One record to write.  Ids (id, thread, parent) are native: the writer
 * prefixes "<platform>:".  thread NULL means "the record itself"; parent
 * NULL is written as null.  Strings are borrowed for the call.
 */
struct sc_norm_rec {
	const char *platform;
	const char *id;
	const char *kind;
	const char *visibility;
	int ad;
	int untagged;			/* found by a search, the brand not tagged: "tagged":false */
	const char *thread;
	int thread_full;		/* thread is a whole record id (notes) */
	const char *parent;
	const char *post;		/* the post/video/activity a reply needs (TikTok, LinkedIn) */
	const char *author_id;
	const char *author_name;
	const char *author_handle;	/* username, for --brand-id matching */
	int is_brand;			/* -1: decide from the ids */
	const char *text;		/* NULL: "" */
	size_t text_len;		/* (size_t)-1: strlen */
	int text_html;			/* 1: decode entities, 2: entities and tags */
	int64_t created;
	const char *lang;
	const char *url;
	int rating;			/* 0: none */
	const char *agent;
	const char *account;		/* brand account id, for the profile */
	const char *profile;		/* envelope profile */
	const json_t *raw;
};

/* What surrounds an item: from an envelope, a webhook entry, the options. */
struct sc_norm_ctx {
	const char *platform;		/* envelope platform, or NULL */
	const char *profile;		/* envelope profile, or NULL */
	const char *account;		/* brand account id (context.account_id, entry.id) */
	const char *source;		/* envelope source */
	const char *parent;		/* context.parent_id / comment_id */
	const char *conversation;	/* context.conversation_id */
	const json_t *includes;		/* X includes */
	const json_t *author;		/* envelope context.author (X: the user object) */
	int ad;
	int item_index;			/* index inside a page, -1 for a single item */
	char accbuf[32];
};

void sc_norm_rec_init(struct sc_norm_rec *r, const struct sc_norm_ctx *c, const char *platform);
/* Write r (dedupe, brand, profile).  Returns 0, or -1 on output error. */
int sc_norm_emit(struct sc_norm *n, struct sc_norm_rec *r);
/* Reject one input unit (a line, a document, a row) with its raw bytes. */
void sc_norm_reject(struct sc_norm *n, long line, const char *raw, size_t len,
		    const char *fmt, ...) __attribute__((format(printf, 5, 6)));
/* Reject one item (compact JSON into rejects) with a reason. */
void sc_norm_item_reject(struct sc_norm *n, const json_t *item, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* Is id (or handle) a brand id: a --brand-id, the context's account, or a
   profiles.csv account_id of this platform? */
int sc_norm_is_brand(struct sc_norm *n, const struct sc_norm_ctx *c, const char *platform,
		     const char *id);

/* A string for a JSON string or integer; buf holds integers. */
const char *sc_norm_jid(const json_t *v, char buf[32]);

/* A schema-1 record read back: checked, deduplicated, written. */
void sc_norm_record_in(struct sc_norm *n, const json_t *v, const char *raw, size_t rawlen);

/* Platform handlers: each takes one value it recognised. */
void sc_norm_fb_value(struct sc_norm *n, const json_t *v, struct sc_norm_ctx *c);	/* Graph */
void sc_norm_fb_webhook(struct sc_norm *n, const json_t *v, struct sc_norm_ctx *c);	/* page + instagram */
void sc_norm_ig_value(struct sc_norm *n, const json_t *v, struct sc_norm_ctx *c);
void sc_norm_x_value(struct sc_norm *n, const json_t *v, struct sc_norm_ctx *c);	/* API v2 */
void sc_norm_tw_value(struct sc_norm *n, const json_t *v, struct sc_norm_ctx *c);	/* v1.1, AA */
void sc_norm_yt_value(struct sc_norm *n, const json_t *v, struct sc_norm_ctx *c);
void sc_norm_tt_value(struct sc_norm *n, const json_t *v, struct sc_norm_ctx *c);
void sc_norm_li_value(struct sc_norm *n, const json_t *v, struct sc_norm_ctx *c);
void sc_norm_google_value(struct sc_norm *n, const json_t *v, struct sc_norm_ctx *c);

/* X-style reply chains (X, Twitter v1.1): the thread of a tweet. */
const char *sc_norm_x_thread(struct sc_norm *n, const char *id, const char *parent,
		      const char *author, int is_brand, const char *reply_to_user,
		      char out[32]);

/* CSV and twcs readers (fd already open). */
int sc_norm_csv_fd(struct sc_norm *n, int fd, const char *name);
/* twcs: pre/prelen are bytes already read from fd (the file start);
   fd -1 means everything is in pre. */
int sc_norm_twcs_fd(struct sc_norm *n, int fd, const char *name, const char *pre, size_t prelen);

/* --from email over a stream: an mbox or one message. */
int sc_norm_email_fd(struct sc_norm *n, int fd, const char *name);

/* Agent signature at the end of a brand tweet ("^HSB", "-Becky"). */
const char *sc_norm_signature(const char *text, char out[32]);

#endif
