/*
 * normalize.h - sc-normalize as a library: raw platform data in, schema-1
 * records out (sc(7) THE RECORD, sc-normalize(1) for every rule).
 *
 * Ownership: struct sc_norm is the caller's; sc_norm_init() fills it,
 * sc_norm_release() frees what the library allocated in it.  Strings the
 * caller puts into opts (brand ids, map, profile) are borrowed for the
 * life of the struct.  Nothing here prints or exits: bad input is passed
 * to the caller's reject callback, output goes to the caller's sc_out.
 */
#ifndef SC_NORMALIZE_H
#define SC_NORMALIZE_H

#include "sc.h"

/* Input formats, as named by --from. */
enum sc_norm_fmt {
	SC_FMT_AUTO = 0,
	SC_FMT_ENVELOPE,
	SC_FMT_FACEBOOK,
	SC_FMT_FACEBOOK_WEBHOOK,
	SC_FMT_INSTAGRAM,
	SC_FMT_INSTAGRAM_WEBHOOK,
	SC_FMT_X,
	SC_FMT_TWITTER,
	SC_FMT_YOUTUBE,
	SC_FMT_TIKTOK,
	SC_FMT_LINKEDIN,
	SC_FMT_GOOGLE,
	SC_FMT_CSV,
	SC_FMT_TWCS,
	SC_FMT_EMAIL
};
/* The format for a --from name, or -1. */
int sc_norm_fmt_parse(const char *name);

/*
 * Called for every rejected input unit: a line, a document, a CSV row, or
 * one item inside a line or document (raw is then the item's compact
 * JSON).  Return non-zero to stop the run (--strict).
 */
typedef int (*sc_norm_reject_fn)(void *ctx, const char *file, long line,
				 const char *raw, size_t len, const char *reason);

/* Columns of --map for CSV input. */
enum {
	SC_MAP_ID, SC_MAP_TEXT, SC_MAP_CREATED, SC_MAP_AUTHOR, SC_MAP_AUTHOR_NAME,
	SC_MAP_THREAD, SC_MAP_PARENT, SC_MAP_KIND, SC_MAP_VISIBILITY, SC_MAP_PROFILE,
	SC_MAP_LANG, SC_MAP_URL, SC_MAP_RATING, SC_MAP_IS_BRAND, SC_MAP_AGENT,
	SC_MAP_N
};

struct sc_norm_opts {
	int from;			/* enum sc_norm_fmt */
	const char **brand_ids;		/* --brand-id, any platform */
	size_t nbrand;
	const struct sc_profiles *profiles;	/* --profiles, or NULL */
	const char *platform;		/* --platform (csv), default "csv" */
	const char *profile;		/* --profile: forces the profile */
	const char *map[SC_MAP_N];	/* --map: column names, NULL if unmapped */
	int keep_raw;
	int dedupe;
	size_t max_line;		/* cap on one NDJSON line */
	size_t max_doc;			/* cap on one JSON document */
	const char *tmpdir;		/* for twcs spooling of stdin */
	size_t read_chunk;		/* tests: at most this many bytes a read (0: 64 KiB) */
	size_t dedupe_max;		/* tests: ids kept before dedupe forgets (0: default) */
	const char *consult_key;	/* --from email: the token key (borrowed) */
	size_t consult_keylen;
	int64_t now;			/* --from email: token expiry is checked at this time */
};

struct sc_norm {
	struct sc_norm_opts o;
	struct sc_out *out;
	sc_norm_reject_fn reject;	/* raw NULL: already copied to overflow */
	void *reject_ctx;
	FILE *overflow;			/* --rejects: over-long lines stream here */
	/* counters, for the caller and the tests */
	long nin, nout, nrejected, nskipped, ndup, nedited;
	long ndedupe_resets;		/* times dedupe forgot every id (bounded memory) */
	int stop;			/* reject callback asked to stop */
	int failed;			/* output or read error: see err */
	struct sc_error err;
	/* private */
	struct sc_set64 brands;		/* hash(id) of every --brand-id */
	struct sc_set64 pbrands;	/* hash(platform, id) of profiles.csv ids */
	struct sc_set64 seen;		/* dedupe: hash(id) -> hash(content) */
	struct sc_set64 xroot, xauth;	/* X reply chains: id -> root, id -> author */
	struct sc_buf line;		/* output record being built */
	struct sc_buf tmp;
	const char *file;
	const json_t *env;		/* the envelope being read, for rejects */
	long lineno;			/* line of the unit being processed */
	const char *cache_acct, *cache_plat, *cache_label;
};

/* Set up n with options; out and reject must be set by the caller after. */
void sc_norm_init(struct sc_norm *n, const struct sc_norm_opts *o);
void sc_norm_release(struct sc_norm *n);

/*
 * Normalize everything readable from fd (named name in messages: a path,
 * or "-").  Returns 0 when the input was read to the end (rejects or not),
 * -1 on a read or write error or a "stop" from the reject callback; n->err
 * then holds the reason and exit status (74 write, 74 read, 65 stop).
 */
int sc_norm_fd(struct sc_norm *n, int fd, const char *name);

/*
 * Normalize one parsed JSON value (a line or a document).  raw/rawlen are
 * the bytes it came from, for rejects.  Used by sc_norm_fd and the tests.
 */
void sc_norm_value(struct sc_norm *n, json_t *v, const char *raw, size_t rawlen);

/*
 * --from email: fd is a Maildir (a directory with cur/ or new/, read by
 * name), an mbox, or one message.  Each reply whose consult token checks
 * becomes a "note" record in the token's thread; every other message is
 * rejected whole.  Returns as sc_norm_fd (which calls it for --from email).
 */
int sc_norm_email(struct sc_norm *n, int fd, const char *name);

/*
 * Consult reply tokens (normalize_token.c; the format is in sc(7)).
 * sc_consult_token() writes the token for thread, good until day (days
 * since 1970-01-01 UTC) into out; -1 if the key is short or cap too small
 * (SC_CONSULT_TOKEN_MAX always does for a thread id under 256 bytes).
 * sc_consult_check() returns 0 and the thread and day of a good token, or
 * one of the codes below.
 */
#define SC_CONSULT_KEY_MIN 16
#define SC_CONSULT_TOKEN_MAX 480
enum { SC_CONSULT_MALFORMED = 1, SC_CONSULT_BAD, SC_CONSULT_EXPIRED };
int sc_consult_token(const char *key, size_t keylen, const char *thread, long day,
		     char *out, size_t cap);
int sc_consult_check(const char *key, size_t keylen, const char *token, long today,
		     char *thread, size_t cap, long *day);

/* Text helpers, exported for the tests. */
/* Decode HTML entities (&amp; &lt; &gt; &quot; &#39; &#NNN; &#xHH; &nbsp;)
   and, when tags is set, turn <br> into a newline and drop other tags.
   Appends to b. */
void sc_norm_html_text(struct sc_buf *b, const char *s, size_t n, int tags);
/* Keep the original part of a Google "(Translated by Google)" text. */
void sc_norm_google_original(const char *s, const char **start, size_t *len);

#endif
