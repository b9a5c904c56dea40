/*
 * webhook.h - sc-webhook's library part: what one webhook request means
 * (a handshake answered, a signed body accepted for the spool, or a
 * refusal with its HTTP status), the spool line, and the durable append.
 * No HTTP server here: cmd/sc-webhook.c feeds requests from libmicrohttpd
 * and the fuzz target feeds them from bytes.  See lib/webhook.c.
 */
#ifndef SC_WEBHOOK_H
#define SC_WEBHOOK_H

#include "sc.h"

/* The senders, by path: /meta (also /facebook, /instagram), /linkedin,
   /tiktok, /x (also /twitter: the Account Activity API). */
enum { SC_WH_META, SC_WH_LINKEDIN, SC_WH_TIKTOK, SC_WH_X, SC_WH_N };

/* The default cap on a body, and how old a TikTok signature may be. */
#define SC_WH_MAX_BODY (1024L * 1024)
#define SC_WH_MAX_AGE 300

struct sc_wh_cfg {
	const char *secret[SC_WH_N];	/* app/client secrets (borrowed); NULL: path off */
	const char *verify_token;	/* Meta hub.verify_token (borrowed), or NULL */
	long max_body;			/* bytes */
	int64_t max_age;		/* seconds (TikTok's signed t) */
};
void sc_wh_cfg_init(struct sc_wh_cfg *c);

/* Bodies already spooled in this process (their SHA-256), so a replay is
   acknowledged without a second copy. */
#define SC_WH_SEEN 1024
struct sc_wh_state {
	unsigned char seen[SC_WH_SEEN][32];
	size_t nseen, next;
};

/* One request.  get returns a header (kind 0, name case-insensitive) or a
   query argument (kind 1), or NULL. */
struct sc_wh_req {
	const char *method;
	const char *path;
	const char *(*get)(void *ctx, int kind, const char *name);
	void *ctx;
	const char *body;
	size_t len;
	int too_big;			/* the body passed max_body (not all of it is here) */
	int64_t now;			/* epoch seconds */
};

struct sc_wh_resp {
	int status;			/* HTTP status */
	struct sc_buf body;		/* what to answer */
	const char *ctype;		/* its Content-Type */
	int spool;			/* 1: append line to the spool, then answer */
	struct sc_buf line;		/* the spool line, '\n' ended */
	const char *platform;		/* facebook, instagram, linkedin, tiktok */
	char note[200];			/* for the log: what happened (never a secret) */
	unsigned char digest[32];	/* the body's SHA-256 (sc_wh_seen_add once spooled) */
};
void sc_wh_resp_init(struct sc_wh_resp *r);
void sc_wh_resp_release(struct sc_wh_resp *r);

/*
 * What req means under cfg.  GET: Meta's hub.challenge (with the verify
 * token), LinkedIn's challengeCode (answered with its HMAC), X's CRC
 * crc_token (answered {"response_token":"sha256=" base64 HMAC}).  POST:
 * the signature checked over the raw body (Meta X-Hub-Signature-256,
 * LinkedIn X-LI-Signature, TikTok TikTok-Signature with a fresh t, X
 * X-Twitter-Webhooks-Signature "sha256=" base64); an accepted body
 * (a JSON object) becomes r->line with r->spool set, or 200 with nothing
 * to spool when it is a replay.  Refusals: 400, 401 (unsigned), 403 (bad
 * signature or verify token), 404, 405, 413.  Never fails otherwise.
 */
void sc_wh_handle(const struct sc_wh_cfg *cfg, const struct sc_wh_state *st,
		  const struct sc_wh_req *req, struct sc_wh_resp *r);
/* Remember a spooled body. */
void sc_wh_seen_add(struct sc_wh_state *st, const unsigned char digest[32]);

/* The signature header a sender would put on body (for --sign and tests):
   "X-Hub-Signature-256: sha256=...", "X-LI-Signature: ...",
   "TikTok-Signature: t=T,s=...", "X-Twitter-Webhooks-Signature: sha256=BASE64"
   into out. */
void sc_wh_sign(int which, const char *secret, const char *body, size_t len, int64_t t,
		struct sc_buf *out);

/*
 * Append line to the spool at path durably: open (O_APPEND, never through
 * a symbolic link, 0600 when new), lock (flock, so a consumer that takes
 * the file under the same lock and renames it loses nothing: a writer
 * that finds the path renamed under it opens the new file), write, fsync
 * (and the directory when the file is new).  A failed write is cut back.
 * 0, or -1 with e set (74).
 */
int sc_wh_spool_append(const char *path, const char *line, size_t len, struct sc_error *e);

#endif
