/*
 * fetch.h - sc-fetch's library: the platform walks over the curl multi
 * interface (fetch.c), the state files, run lock and tokens
 * (fetch_state.c) and the URL helpers (http.c).  Ownership follows sc.h:
 * _new returns something the caller frees.
 */
#ifndef SC_FETCH_H
#define SC_FETCH_H

#include "api.h"

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
	int slow_at;		/* Graph usage percent that paces a token (0: 80) */
	const char *base_all;
	const char *base[SC_PLAT_N];
	const char *sources;	/* --source: comma list, NULL = all */
	volatile int *stop;	/* set by a signal handler */
	sc_fetch_msg_fn msg;
	void *msg_ctx;
	int verbose;
	int progress;
};

/* The defaults sc-fetch(1) documents, all of them: the retry policy from
   sc_api_retry_defaults(), 8 requests in flight (8 per host), a 5 min
   overlap, a 30 d post window, 1000 pages per listing; now is the wall
   clock.  Everything else is zero or NULL. */
void sc_fetch_opts_init(struct sc_fetch_opts *o);

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
 * status: 0, 69, 71 (no curl handle), 74 (the output failed), 75, 76 (a
 * server broke the protocol), 78 (the worst over the profiles,
 * 76 > 78 > 69 > 75), or 128+signal when o->stop was set.  When out is
 * not a regular file no state is saved before the end of the run.
 */
int sc_fetch_run(const struct sc_fetch_opts *o, const struct sc_profiles *profiles,
		 const unsigned char *selected, struct sc_out *out,
		 struct sc_fetch_outcome *outcome);

/* ---- the audit (fetch_audit.c) ---- */

struct sc_audit_opts {
	const struct sc_profiles *profiles;
	const char *base_all;
	const char *base[SC_PLAT_N];
	const char *sources;	/* --source, NULL = all */
	int64_t since;		/* containers active since then are compared */
	int64_t now;
	int64_t timeout, max_wait;
	int retries;
	long backoff_ms;
	long max_pages;
	size_t max_line;	/* the longest archive line; 0: 32 MiB */
};

/*
 * Compare the platforms' own counts (comments per post, messages per
 * conversation, comments per medium, replies per thread, reviews per
 * location) with the envelopes in files (sc-fetch's output; "-" is
 * stdin), for the selected profiles.  One NDJSON line per profile and
 * source goes to out: {"audit":SOURCE,"profile","platform","since",
 * "status":"ok"|"gap"|"failed"|"not audited...","containers",
 * "platform_count","archived","missing","gaps":[{"id","platform_count",
 * "archived"}],"unlisted" (Google),"covers" (X),"lag_p50","lag_p99"} (lags
 * in seconds), after a profile's sources {"lag":"profile","profile",
 * "platform","since","items","lag_p50","lag_p99"}.  Returns 0 (no
 * gap), 1 (a gap), a failure status (69, 75, 78, 74), or -1 with e set
 * when an archive file cannot be read.  msg gets per-profile problems.
 */
int sc_fetch_audit(const struct sc_audit_opts *o, const unsigned char *selected,
		   char *const *files, size_t nfiles, struct sc_out *out, sc_fetch_msg_fn msg,
		   void *msg_ctx, struct sc_error *e);

/* ---- state, lock, tokens (fetch_state.c) ---- */

struct sc_fetch_state {
	int present;
	int64_t watermark;	/* newest item time committed, epoch s */
	/* A watermark later than the file's saved_at or the clock (an older
	   sc-fetch that let a future item move it, a clock set back): what it
	   said; watermark is pulled back to saved_at (or the clock).  0: none. */
	int64_t pulled_from;
	char since_id[32];	/* X: newest id committed */
	/* A run that stopped before the end of its window (--max-pages, a
	   failure): {"since","post_since","newest","newest_id","started","walks":
	   [{"w","url","first","ctx","video","ad"}]}, URLs relative to the
	   API origin.  NULL when the last run finished.  Owned. */
	json_t *resume;
	/* Items stamped in the future that were reported already (so each
	   is reported once): {"id": epoch s}, only those still ahead of the
	   clock at the save, at most SC_FETCH_FUTURE_MAX.  NULL when none.
	   Owned (loaded); a saved state only borrows it. */
	json_t *future;
};
#define SC_FETCH_FUTURE_MAX 1000

void sc_fetch_state_release(struct sc_fetch_state *st);

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
/*
 * Quota memory, DIR/fetch/quota.json: {"v":1,"holds":{KEY:{"until","why"}},
 * "usage":{KEY:{"pct","at"}},"saved_at"}, KEY = platform:first 16 hex
 * digits of the token's SHA-256 (never the token).  Load never fails: a
 * missing file is {}, a damaged one is {} with warn set.  Save replaces
 * it atomically.
 */
json_t *sc_fetch_quota_load(const char *dir, int64_t now, char *warn, size_t cap);
int sc_fetch_quota_save(const char *dir, json_t *q, int64_t now, struct sc_error *e);

/* Remove the state of one profile and source (absent is fine). */
int sc_fetch_state_remove(const char *dir, const char *profile, const char *source,
			  struct sc_error *e);

#endif
