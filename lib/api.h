/*
 * api.h - the one client of the platform APIs that sc-fetch (fetch.c) and
 * sc-reply --send (reply_send.c) sit on, in the way curl has one transfer
 * layer under its tools:
 *
 *   platform.c  platform facts: names, the Graph version, default origins,
 *               what an error answer means (classes, not program verdicts)
 *   api.c       a curl handle set up one way (TLS verified, https only,
 *               plain http to loopback only, no redirects, timeouts, one
 *               body cap, the headers a retry decision needs captured),
 *               backoff with jitter, server-told waits, and the redaction
 *               of anything that may hold a token before it is shown
 *   http.c      URL helpers (redaction, stripping, the base URL rule)
 *   token.c     reading a token from the environment or a 0600 file
 *
 * Each program keeps only what differs: which answers count as done for a
 * write, which failures of a listing may be skipped.  Ownership follows
 * sc.h: _new returns something the caller frees.
 */
#ifndef SC_API_H
#define SC_API_H

#include <curl/curl.h>

#include "sc.h"

/* ---- platform facts (platform.c) ---- */

enum sc_platform {
	SC_PLAT_FACEBOOK,
	SC_PLAT_INSTAGRAM,
	SC_PLAT_X,
	SC_PLAT_YOUTUBE,
	SC_PLAT_GOOGLE,
	SC_PLAT_TIKTOK,
	SC_PLAT_LINKEDIN,
	SC_PLAT_N
};

/* The Graph API version every Graph path starts with. */
#define SC_GRAPH_VERSION "/v21.0"
/* The LinkedIn-Version header (YYYYMM; LinkedIn sunsets old ones). */
#define SC_LINKEDIN_VERSION "202508"

/* "facebook", "instagram", "x" (or "twitter"), "youtube", "google" (or
   "gbp"), "tiktok", "linkedin"; -1 for anything else. */
int sc_platform_parse(const char *s);
const char *sc_platform_name(int plat);
/* Graph (Facebook or Instagram)? */
int sc_platform_is_graph(int plat);
/* The API origin of a platform ("https://graph.facebook.com", ...). */
const char *sc_platform_default_base(int plat);
/*
 * One --base-url argument, "URL" or "PLATFORM=URL" (a '=' before any
 * "://" names the platform): stores the URL (borrowed from arg) in
 * base[plat] or *base_all after checking it with sc_url_check_base().
 * Returns 0, or -1 with why ("unknown platform 'x'" or the URL's fault).
 */
int sc_base_url_arg(const char *arg, const char *base[SC_PLAT_N], const char **base_all,
		    char why[200]);
/*
 * The base URL a profile uses: its own base_url column (may be ""), else
 * base[plat], else (Instagram) base[facebook], else base_all, else the
 * default.  Checked; *origin and *base get new strings (base without a
 * trailing '/').  0, or -1 with why.
 */
int sc_platform_base(int plat, const char *own, const char *const base[SC_PLAT_N],
		     const char *base_all, char **origin, char **basep, char why[200]);

/* What an answer that is not a success means, for either program. */
enum sc_api_class {
	SC_API_TOKEN,		/* 190, 102, 104, 463, 467, 401: the token is gone */
	SC_API_APP_THROTTLE,	/* Graph 4: the app's budget */
	SC_API_THROTTLE,	/* Graph 17, 32, 613, 800xx; 429; YouTube rate limits */
	SC_API_CAPPED,		/* X usage cap, YouTube quota, LinkedIn daily limit: not before
				   the period ends (wait_ms: until then, -1 when unknown) */
	SC_API_TRANSIENT,	/* Graph 1, 2, is_transient; HTTP 5xx, 408 */
	SC_API_GONE,		/* Graph 100, 404, YouTube commentNotFound/commentsDisabled,
				   TikTok 40007 */
	SC_API_REFUSED,		/* anything else */
	SC_API_NET_FATAL,	/* TLS or protocol failure */
	SC_API_NET_RETRY,	/* network: timeout, reset, DNS */
	SC_API_TOO_BIG		/* the body passed the cap */
};
/* Graph's own classes (kept for the unit tests): SC_GRAPH_* map onto the above. */
enum {
	SC_GRAPH_TOKEN = SC_API_TOKEN,
	SC_GRAPH_APP_THROTTLE = SC_API_APP_THROTTLE,
	SC_GRAPH_THROTTLE = SC_API_THROTTLE,
	SC_GRAPH_TRANSIENT = SC_API_TRANSIENT,
	SC_GRAPH_OTHER = SC_API_REFUSED
};
int sc_graph_error_class(long long code, int transient, long status);
/* YouTube's error.errors[0].reason, or NULL.  Borrowed. */
const char *sc_youtube_error_reason(const json_t *err);

/* ---- one request and its answer (api.c) ---- */

/* The cap on any answer body. */
#define SC_API_MAX_BODY (32L * 1024 * 1024)

struct sc_api_resp {
	CURLcode cc;
	long status;
	struct sc_buf body;
	int too_big;		/* the body passed SC_API_MAX_BODY */
	char retry_after[64];
	char rl_reset[32];
	char rl_remaining[32];
	char buc[1024];		/* X-Business-Use-Case-Usage */
	char app_usage[256];	/* X-App-Usage */
	char ctype[64];
	char restli_id[256];	/* LinkedIn x-restli-id: the id of what a POST created */
};

struct sc_api_req {
	const char *url;		/* no token in it */
	const char *method;		/* NULL or "GET", "POST", "PUT", "DELETE" */
	struct curl_slist *headers;	/* borrowed: sc_api_headers_new() */
	const char *body;		/* sent as is; NULL for none */
	size_t body_len;
	int64_t timeout;		/* seconds for the whole request */
	const char *agent;		/* "sc-fetch", "sc-reply" */
};

void sc_api_resp_init(struct sc_api_resp *r);
/* Empty the body and headers for the next answer (keeps the memory). */
void sc_api_resp_reset(struct sc_api_resp *r);
void sc_api_resp_release(struct sc_api_resp *r);
/*
 * Set h up for q, the answer going into r (reset first): verified TLS,
 * https only, plain http only when the URL's host is a loopback address
 * (the same rule as sc_url_check_base), no redirects, connect, total and
 * low-speed timeouts, the body cap, the headers of struct sc_api_resp.
 * q's strings and headers must outlive the transfer.
 */
void sc_api_setup(CURL *h, const struct sc_api_req *q, struct sc_api_resp *r);
/* One blocking request (curl easy); r gets the outcome.  r->cc is
   CURLE_FAILED_INIT when no handle could be made. */
void sc_api_perform(const struct sc_api_req *q, struct sc_api_resp *r);
/* The answer's body as a JSON object (new reference), or NULL. */
json_t *sc_api_json(const struct sc_api_resp *r);
/* "Authorization: Bearer TOKEN" (TikTok: "Access-Token: TOKEN") and
   "Accept: application/json" (LinkedIn: also LinkedIn-Version and
   X-Restli-Protocol-Version 2.0.0); the temporary copy of the token is wiped.
   Free with curl_slist_free_all. */
struct curl_slist *sc_api_headers_new(int plat, const char *token);

/*
 * What a failed answer means: the class, and a message in why (never
 * the token: the platform's own error text passes through
 * sc_api_redact).  doc is the parsed body or NULL; tokname names where
 * the token comes from, for "put a new token in ...".  The caller has
 * already handled the successes it expects.  *wait_ms gets a wait the
 * server asked for (Retry-After, x-rate-limit-reset, Graph's
 * estimated_time_to_regain_access), or -1.  *code gets the platform's
 * error code (Graph) or 0; *reason YouTube's reason or NULL (borrowed
 * from doc).
 */
struct sc_api_error {
	int cls;
	long long code;
	const char *reason;
	int64_t wait_ms;
	char why[400];
};
void sc_api_classify(int plat, const struct sc_api_resp *r, const json_t *doc, const char *tokname,
		     const char *token, int64_t now, struct sc_api_error *ae);

/* The wait a server asked for, in ms from now_ms (epoch ms): Retry-After
   (seconds or an HTTP date), else x-rate-limit-reset (epoch s); 0 when it
   is already past, -1 when neither says.  Either may be NULL or "". */
int64_t sc_http_told_wait(const char *retry_after, const char *rl_reset, int64_t now_ms);
/* The same from a captured answer, against the wall clock. */
int64_t sc_api_told_wait(const struct sc_api_resp *r);
/* Capped exponential backoff with equal jitter: attempt 1 waits about
   base_ms, doubling up to 30 s (or max_wait_s when smaller); *rnd is
   the caller's generator state. */
int64_t sc_api_backoff(unsigned *rnd, long base_ms, int64_t max_wait_s, int attempt);
/* The retry policy every client starts from, written once here (sc-fetch(1)
   and sc-reply(1) document it under OPTIONS): 4 retries after the first
   attempt, a first backoff of 1000 ms, server-told waits up to 15 min,
   60 s per request.  Any pointer may be NULL. */
void sc_api_retry_defaults(int *retries, long *backoff_ms, int64_t *max_wait_s,
			   int64_t *timeout_s);
/* Epoch ms, wall clock; and monotonic ms. */
int64_t sc_api_wall_ms(void);
int64_t sc_api_mono_ms(void);
/* Sleep ms (restarted after signals). */
void sc_api_sleep_ms(int64_t ms);

/*
 * Redact text in place before it is shown anywhere (stderr, a record, a
 * journal): every occurrence of token (when not NULL or short), every
 * "Bearer X" and every URL query secret (access_token=X, ...) become
 * REDACTED.  Returns text.
 */
char *sc_api_redact(char *text, size_t cap, const char *token);

/* Copy an HTTP header value (n bytes at v) into dst (cap bytes), without
   the spaces and tabs around it and the line end; cut to fit. */
void sc_http_header_value(char *dst, size_t cap, const char *v, size_t n);

/* ---- URLs (http.c) ---- */

/* A copy of url with the values of access_token, appsecret_proof,
   client_secret, refresh_token, code, oauth_token, oauth_signature,
   fb_exchange_token, input_token and key replaced by REDACTED (names
   matched case-insensitively after percent-decoding).  New string. */
char *sc_url_redact_new(const char *url);
/* A copy of url without the query parameter name (all occurrences). */
char *sc_url_strip_param_new(const char *url, const char *name);
/* Check a base URL: https anywhere, http only to a loopback host, no
   API version in its path (the programs add it).  Returns 0, or -1 with
   why. *origin gets a new "scheme://host[:port]". */
int sc_url_check_base(const char *url, char **origin, char why[200]);
/* Is url http:// to a loopback host (127.0.0.0/8, ::1, localhost)? */
int sc_url_is_loopback_http(const char *url);
/* Is url's scheme://host:port exactly origin (followed by '/' or end)? */
int sc_url_same_origin(const char *url, const char *origin);
/* Append name=value (value percent-encoded) with '?' or '&'. */
void sc_url_add(struct sc_buf *b, const char *name, const char *value);

/* ---- tokens (token.c) ---- */

/*
 * Read a token: "env:NAME", "file:PATH", a PATH (with a '/'), or NAME.
 * A relative PATH is taken from rel_dir (the directory of profiles.csv;
 * NULL = the working directory).  Returns a new string or NULL with e
 * set (78); the message names the variable or file, never the token,
 * and says whether a variable is unset or empty.
 */
char *sc_token_new(const char *spec, const char *rel_dir, struct sc_error *e);
/* Wipe and free a token (NULL is fine). */
void sc_token_free(char *tok);

#endif
