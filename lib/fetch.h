/*
 * fetch.h - sc-fetch's library: the platform walks over the curl multi
 * interface (fetch.c), the state files, run lock and tokens
 * (fetch_state.c) and the URL helpers (http.c).  Ownership follows sc.h:
 * _new returns something the caller frees.
 */
#ifndef SC_FETCH_H
#define SC_FETCH_H

#include "sc.h"

enum sc_platform {
	SC_PLAT_FACEBOOK,
	SC_PLAT_INSTAGRAM,
	SC_PLAT_X,
	SC_PLAT_YOUTUBE,
	SC_PLAT_GOOGLE,
	SC_PLAT_N
};

/* "facebook", "instagram", "x" (or "twitter"), "youtube", "google" (or
   "gbp"); -1 for anything else. */
int sc_platform_parse(const char *s);
const char *sc_platform_name(int plat);

/* Messages from the run, for cmd/ to print: kind 0 verbose detail, 1 a
   warning, 2 progress (a short status line). The text never holds a token. */
typedef void (*sc_fetch_msg_fn)(void *ctx, int kind, const char *text);

struct sc_fetch_opts {
	const char *state_dir;
	int reset;
	int have_since;
	int64_t since;		/* epoch seconds, for sources with no state */
	int64_t now;		/* wall clock at start */
	int parallel;
	int per_host;
	int retries;
	long backoff_ms;
	int64_t max_wait;	/* seconds: longer server-told waits defer */
	int64_t timeout;	/* seconds per request */
	int64_t overlap;	/* seconds re-read before the watermark */
	int64_t post_window;	/* seconds of posts/media re-scanned for comments */
	long max_pages;
	const char *base_all;
	const char *base[SC_PLAT_N];
	const char *sources;	/* --source: comma list, NULL = all */
	volatile int *stop;	/* set by a signal handler */
	sc_fetch_msg_fn msg;
	void *msg_ctx;
	int verbose;
	int progress;
};

/* The outcome for one profile: status 0, 69, 75 or 78 and why. */
struct sc_fetch_outcome {
	const char *profile;
	int status;
	char reason[400];
	long items;
	long requests;
};

/*
 * Fetch every selected profile (selected[i] for profiles->v[i]) of a
 * platform sc-fetch knows, and write envelopes to out.  outcome, zeroed
 * by the caller with room for profiles->n entries, gets one entry per
 * fetched profile in order; the first with profile NULL ends the list.
 * The caller holds the lock (sc_fetch_lock).  Returns the run's exit
 * status: 0, 69, 74, 75, 78 (the worst over the profiles, 78 > 69 > 75),
 * or 128+signal when o->stop was set.
 */
int sc_fetch_run(const struct sc_fetch_opts *o, const struct sc_profiles *profiles,
		 const unsigned char *selected, struct sc_out *out,
		 struct sc_fetch_outcome *outcome);

/* ---- state, lock, tokens (fetch_state.c) ---- */

struct sc_fetch_state {
	int present;
	int64_t watermark;	/* newest item time committed, epoch s */
	char since_id[32];	/* X: newest id committed */
};

/* $XDG_STATE_HOME/sc, else $HOME/.local/state/sc; a new string or NULL. */
char *sc_fetch_default_state_dir_new(void);
/* mkdir -p DIR (0700), take DIR/fetch.lock with flock(LOCK_EX|LOCK_NB).
   Returns the descriptor, or -1 with e set (status 75 when busy). */
int sc_fetch_lock(const char *dir, struct sc_error *e);
/* Remove leftover DIR/fetch/<profile>/.*.tmp files of killed runs. */
void sc_fetch_clean_tmp(const char *dir);
/* The path of a state file: a new string. */
char *sc_fetch_state_path_new(const char *dir, const char *profile, const char *source);
/* Load: 0 with st->present 0 when absent, 1 when loaded, -1 with e set
   (status 78) when the file is unreadable or not a valid state. */
int sc_fetch_state_load(const char *dir, const char *profile, const char *source,
			int64_t now, struct sc_fetch_state *st, struct sc_error *e);
/* Atomic replace: unique temp file, write, fsync, rename, fsync dir. */
int sc_fetch_state_save(const char *dir, const char *profile, const char *source,
			const struct sc_fetch_state *st, int64_t now, struct sc_error *e);
/* Remove the state of one profile and source (absent is fine). */
int sc_fetch_state_remove(const char *dir, const char *profile, const char *source,
			  struct sc_error *e);

/* Read a token: "env:NAME", "file:PATH", a PATH (with a '/'), or NAME.
   Returns a new string or NULL with e set (78); the message names the
   variable or file, never the token. */
char *sc_fetch_token_new(const char *spec, struct sc_error *e);

/* ---- what sc-fetch and sc-reply --send share (platform.c) ---- */

/* The API origin of a platform ("https://graph.facebook.com", ...). */
const char *sc_platform_default_base(int plat);
/* The wait a server asked for, in ms from now_ms (epoch ms): Retry-After
   (seconds or an HTTP date), else x-rate-limit-reset (epoch s); 0 when it
   is already past, -1 when neither says.  Either may be NULL or "". */
int64_t sc_http_told_wait(const char *retry_after, const char *rl_reset, int64_t now_ms);
/*
 * One --base-url argument, "URL" or "PLATFORM=URL" (a '=' before any
 * "://" names the platform): stores the URL (borrowed from arg) in
 * base[plat] or *base_all after checking it with sc_url_check_base().
 * Returns 0, or -1 with why ("unknown platform 'x'" or the URL's fault).
 */
int sc_base_url_arg(const char *arg, const char *base[SC_PLAT_N], const char **base_all,
		    char why[200]);
/* Copy an HTTP header value (n bytes at v) into dst (cap bytes), without
   the spaces and tabs around it and the line end; cut to fit. */
void sc_http_header_value(char *dst, size_t cap, const char *v, size_t n);
/* What a Graph error code means. */
enum {
	SC_GRAPH_TOKEN,		/* 190, 102, 104, 463, 467: the token is gone */
	SC_GRAPH_APP_THROTTLE,	/* 4: the app's budget */
	SC_GRAPH_THROTTLE,	/* 17, 32, 613, 800xx: the page's or user's budget */
	SC_GRAPH_TRANSIENT,	/* 1, 2, is_transient, HTTP 5xx */
	SC_GRAPH_OTHER		/* the caller decides */
};
int sc_graph_error_class(long long code, int transient, long status);
/* YouTube's error.errors[0].reason, or NULL.  Borrowed. */
const char *sc_youtube_error_reason(const json_t *err);

/* ---- URLs (http.c) ---- */

/* A copy of url with the values of access_token, appsecret_proof,
   client_secret, refresh_token, code, oauth_token, oauth_signature,
   fb_exchange_token, input_token and key replaced by REDACTED (names
   matched case-insensitively after percent-decoding).  New string. */
char *sc_url_redact_new(const char *url);
/* A copy of url without the query parameter name (all occurrences). */
char *sc_url_strip_param_new(const char *url, const char *name);
/* Check a base URL: https anywhere, http only to a loopback host.
   Returns 0, or -1 with why. *origin gets a new "scheme://host[:port]". */
int sc_url_check_base(const char *url, char **origin, char why[200]);
/* Is url's scheme://host:port exactly origin (followed by '/' or end)? */
int sc_url_same_origin(const char *url, const char *origin);
/* Append name=value (value percent-encoded) with '?' or '&'. */
void sc_url_add(struct sc_buf *b, const char *name, const char *value);

#endif
