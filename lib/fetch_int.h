/*
 * fetch_int.h - what the sc-fetch engine (fetch.c) shares with the
 * per-platform files (fetch_graph.c, fetch_x.c, fetch_google.c,
 * fetch_tiktok.c, fetch_linkedin.c).  Not for cmd/.
 *
 * A platform family adds sources to the table in fetch.c, each a struct
 * sc_source_ops: which platform, the source's name in profiles.csv and
 * --source, and a start function that adds the job's first walks.  A
 * walk is one paginated listing; its struct sc_walk_ops says where the
 * items are, how the next page is found (one of four paging styles) and
 * what to do with a page (emit items: sc_fetch_items_page; start child
 * walks: sc_fetch_parents_page), ending with sc_fetch_walk_next().  A new
 * platform is one new file with its ops and one line in the table.
 */
#ifndef SC_FETCH_INT_H
#define SC_FETCH_INT_H

#include "fetch.h"

struct sc_fetch_run;
struct sc_fetch_job;
struct sc_fetch_walk;

enum sc_paging {
	SC_PAGE_GRAPH,		/* paging.next: an absolute link, same origin only */
	SC_PAGE_X,		/* meta.next_token -> pagination_token= */
	SC_PAGE_TOKEN,		/* nextPageToken -> pageToken= (Google) */
	SC_PAGE_CURSOR,		/* data.has_more, data.cursor -> cursor= (TikTok) */
	SC_PAGE_START		/* paging.links rel=next, else start= + items while < paging.total (LinkedIn) */
};

struct sc_walk_ops {
	const char *name;	/* in a state file's checkpoint */
	const char *list;	/* the member holding the page's items (a dotted path) */
	const char *alt;	/* a member whose presence alone makes a valid page, or NULL */
	int paging;		/* enum sc_paging */
	int child;		/* under an object that may be gone: 404, Graph 100 skip */
	int ads;		/* Graph ads_posts: missing ads permissions skip */
	/* Handle one page; returns sc_fetch_walk_next()'s answer. */
	int (*page)(struct sc_fetch_run *r, struct sc_fetch_walk *w, json_t *doc);
};

struct sc_source_ops {
	int plat;
	const char *name;
	void (*start)(struct sc_fetch_run *r, struct sc_fetch_job *j);
	const struct sc_walk_ops *const *walks;	/* every kind it uses, NULL-ended */
	/* asked only when named (profiles.csv sources, --source): it needs
	   permissions many tokens lack */
	int extra;
};

struct sc_fetch_prof {
	const struct sc_profile *p;
	struct sc_fetch_outcome *oc;
	int plat;
	const char *page_id;	/* instagram: the linked page, for DMs */
	const char *ad_account;	/* instagram: ad_account_id, for the ads' media */
	const char *search;	/* x: the search column, the query of the search source */
	char *token;
	char *origin;		/* scheme://host[:port] for same-origin checks */
	char *base;		/* origin plus optional path prefix */
	struct curl_slist *hdrs;
	int64_t hold_until;	/* ms, monotonic: throttled page/account */
	int64_t pace_ms;	/* Graph usage past --slow-at: between requests */
	char qkey[40];		/* quota memory key (fetch_quota.c) */
	long budget;		/* daily_budget column: calls a UTC day, 0 = none */
	long calls;		/* calls this UTC day (remembered) */
	int host;		/* index into run->hosts */
	int dead;		/* status set: no more requests */
};

struct sc_fetch_job {
	struct sc_fetch_prof *pr;
	const struct sc_source_ops *src;
	struct sc_fetch_state st;
	int64_t since;		/* emit items at or after this time */
	int64_t post_since;	/* posts/media scanned from this time */
	int64_t newest;
	int64_t started;	/* when the window's first run began (a checkpoint keeps it) */
	char newest_id[32];
	int nwalks;
	int status;
	char reason[300];
	int committed;
	json_t *stopped;	/* checkpoint entries of walks stopped unfinished */
	int broken;		/* a walk stopped where it cannot resume */
	const char *limited;	/* why a walk stopped at a limit (the job goes on) */
	long future;		/* items stamped after the run's start */
	int64_t future_max;	/* of those not reported by an earlier run */
	long future_new;	/* ... how many */
	int64_t pend_future;	/* in_window's item is in the future: emit notes its id */
	json_t *future_ids;	/* {"id": time} of this run's and still-ahead earlier ones */
	int ready;		/* ns is to be saved at the end of the run */
	struct sc_fetch_state ns;
};

struct sc_fetch_walk {
	struct sc_fetch_walk *next;
	struct sc_fetch_job *job;
	const struct sc_walk_ops *ops;
	char *url;		/* the next request, no token */
	char *first;		/* the first page's URL (token paging adds to it) */
	char *ctx_id;		/* post, media, conversation, thread id */
	char *ctx_video;
	int ad;
	int stopped;		/* ended unfinished: w->url is where to go on */
	int resumed;		/* restored from a checkpoint */
	int attempts;
	long pages;
	int empties;
	int64_t not_before;	/* ms, monotonic */
	CURL *easy;
	struct sc_api_resp resp;
};

struct sc_fetch_host {
	char *origin;
	int active;
};

struct sc_fetch_run {
	const struct sc_fetch_opts *o;
	struct sc_out *out;
	CURLM *multi;
	struct sc_fetch_walk *pending;	/* waiting walks, FIFO */
	struct sc_fetch_walk **ptail;	/* where the next one is linked */
	struct sc_fetch_walk *running;	/* requests in flight, linked through next */
	int active;
	struct sc_fetch_prof *profs;
	size_t nprofs;
	struct sc_fetch_job **jobs;
	size_t njobs, jobs_done;
	struct sc_fetch_host hosts[64];
	int nhosts;
	int64_t app_hold[SC_PLAT_N];	/* Graph code 4: the whole app */
	int fatal;			/* 74: stdout failed */
	long requests, items;
	int64_t last_progress;
	unsigned rnd;
	int out_is_file;
	int defer;		/* output is not a file: commit only at the end */
	json_t *quota;		/* quota memory (fetch_quota.c) */
	int quota_dirty;
};

/* The sources of each family (fetch_graph.c, fetch_x.c, fetch_google.c). */
extern const struct sc_source_ops sc_fetch_fb_comments, sc_fetch_fb_messages,
	sc_fetch_ig_comments, sc_fetch_ig_messages, sc_fetch_x_mentions, sc_fetch_x_tweets,
	sc_fetch_x_messages, sc_fetch_yt_comments, sc_fetch_gbp_reviews, sc_fetch_tt_comments,
	sc_fetch_li_comments, sc_fetch_fb_visitor, sc_fetch_fb_mentions, sc_fetch_fb_ratings,
	sc_fetch_ig_mentions, sc_fetch_x_search, sc_fetch_li_notifications, sc_fetch_li_mentions;

/* Every source in the order jobs start, NULL past the last (fetch.c);
   whether a sources list (',', ';' or ' ' between names; empty: all)
   names one. */
const struct sc_source_ops *sc_fetch_source_at(size_t i);
int sc_fetch_source_wanted(const char *list, const char *name);
/* one URL path segment, %XX but for unreserved characters (fetch_linkedin.c) */
void sc_fetch_path_enc(struct sc_buf *b, const char *s);

/* ---- quota memory (fetch_quota.c) ---- */

void sc_fetch_quota_key(struct sc_fetch_prof *pr);
/* A remembered limit still on for the profile's token: its end (epoch s)
   and why, else 0. */
int64_t sc_fetch_quota_held(struct sc_fetch_run *r, struct sc_fetch_prof *pr, char *why, size_t cap);
/* Remember a limit until until_ms (wall clock; 0: not told, an hour). */
void sc_fetch_quota_hold(struct sc_fetch_run *r, struct sc_fetch_prof *pr, int64_t until_ms,
			 const char *why);
/* One more call of the profile's token today (counted when it has a
   daily budget); and the budget spent: the profile stops (75), held until
   00:00 UTC. */
void sc_fetch_quota_count(struct sc_fetch_run *r, struct sc_fetch_prof *pr);
void sc_fetch_quota_spent(struct sc_fetch_run *r, struct sc_fetch_prof *pr);
/* Pace a profile from its remembered Graph usage, and load its calls
   today. */
void sc_fetch_quota_start(struct sc_fetch_run *r, struct sc_fetch_prof *pr);
/* A Graph answer's usage headers: pace and remember; returns Graph's
   estimated_time_to_regain_access (minutes, 0 when none). */
int64_t sc_fetch_quota_usage(struct sc_fetch_run *r, struct sc_fetch_prof *pr,
			     const struct sc_api_resp *rs);

/* ---- the job's life (fetch_job.c) ---- */

void sc_fetch_say(struct sc_fetch_run *r, int kind, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* The worse status (sc_status_worse, the one rule of sc.h) wins. */
void sc_fetch_outcome_fail(struct sc_fetch_prof *pr, int status, const char *source,
			   const char *reason);
void sc_fetch_job_fail(struct sc_fetch_run *r, struct sc_fetch_job *j, int status,
		       const char *reason);
void sc_fetch_prof_fail(struct sc_fetch_run *r, struct sc_fetch_prof *pr, int status,
			const char *reason);
void sc_fetch_walk_free(struct sc_fetch_walk *w);
/* A walk that finished its listing (or skipped it), and one that stopped
   before the end: its next page goes into the job's checkpoint.  Both
   free w and finish the job when it was the last walk. */
void sc_fetch_walk_done(struct sc_fetch_run *r, struct sc_fetch_walk *w);
void sc_fetch_walk_stop(struct sc_fetch_run *r, struct sc_fetch_walk *w);
/* Start a job from the checkpoint in its state.  0, or -1 (the job failed
   with 78: the checkpoint does not fit this profile). */
int sc_fetch_job_resume(struct sc_fetch_run *r, struct sc_fetch_job *j);
/* Save what the deferred jobs (output not a file) left, after a final
   flush of the output. */
void sc_fetch_commit_deferred(struct sc_fetch_run *r);
/* Flush the output (and fsync it when it is a file): -1 on failure. */
int sc_fetch_sync_out(struct sc_fetch_run *r);

/* Add a walk over url (stolen) to the job; ctx_id is copied. */
struct sc_fetch_walk *sc_fetch_walk_add(struct sc_fetch_run *r, struct sc_fetch_job *j,
					const struct sc_walk_ops *ops, char *url,
					const char *ctx_id, int ad);
/* The end of every page handler: n items were on the page; stop says the
   walk reached the start of the window.  Finds the next page by the
   walk's paging style.  Returns 1 when the walk goes on to w->url. */
int sc_fetch_walk_next(struct sc_fetch_run *r, struct sc_fetch_walk *w, json_t *doc, int stop);
/* Write one envelope (ctx stolen, item borrowed) and count it. */
void sc_fetch_emit(struct sc_fetch_run *r, struct sc_fetch_walk *w, json_t *ctx, json_t *item);
/* {"account_id": ...}: a new context object for the walk's profile. */
json_t *sc_fetch_ctx_new(struct sc_fetch_walk *w);
/* The item's time at path (any of the platforms' formats), 0 if none. */
int64_t sc_fetch_item_time(json_t *item, const char *path);
/* Is the item inside the job's window?  Items with no time count as in.
   An item in the window moves the job's newest time. */
int sc_fetch_in_window(struct sc_fetch_job *j, int64_t t);
/* The time that keeps an item in the window: its own at tpath, or the
   newest of the replies embedded in the array at nested (NULL: none). */
int64_t sc_fetch_active_time(json_t *item, const char *tpath, const char *nested);

/* A page of items, each in the window (sc_fetch_active_time) going out
   with the context {"account_id", key: the walk's ctx_id} plus what ctx()
   adds.  In an ordered (newest first) listing the first item outside the
   window ends the walk; in an unordered one (about newest first) it is
   left out and the walk ends after the page; with SC_ITEMS_ANY (no order
   known) it is left out and every page is read. */
#define SC_ITEMS_ANY (-1)
struct sc_fetch_items {
	const char *tpath;	/* the item's time */
	const char *nested;	/* embedded replies (TikTok reply_list), or NULL */
	const char *key;	/* context member for the walk's ctx_id, or NULL */
	int ordered;		/* 1, 0 or SC_ITEMS_ANY */
	void (*ctx)(struct sc_fetch_walk *w, json_t *item, json_t *ctx);	/* or NULL */
};
int sc_fetch_items_page(struct sc_fetch_run *r, struct sc_fetch_walk *w, json_t *doc,
			const struct sc_fetch_items *s);

/* A listing of parents (posts, videos, conversations, media): each one
   active since `since` (its time at tpath; none counts as active) gets a
   child walk of kid over the URL url() writes (the child inherits the
   walk's ad flag).  An ordered (newest first) listing ends at the first
   older parent; in another an older one is skipped. */
struct sc_fetch_kids {
	const char *idkey;	/* the parent's id member */
	const char *tpath;
	int ordered;
	const struct sc_walk_ops *kid;
	void (*url)(struct sc_fetch_walk *w, const char *id, struct sc_buf *b);
};
int sc_fetch_parents_page(struct sc_fetch_run *r, struct sc_fetch_walk *w, json_t *doc,
			  int64_t since, const struct sc_fetch_kids *k);

/* X: remember the newest id seen (for since_id). */
void sc_fetch_note_id(struct sc_fetch_job *j, const char *id);
/* An id that may go into a URL path as it is. */
int sc_fetch_safe_id(const char *s);
/* Append name=<epoch seconds> (0 for times before the epoch). */
void sc_fetch_add_time(struct sc_buf *b, const char *name, int64_t t);

#endif
