/*
 * fetch.c - the sc-fetch engine.
 *
 * A run is a set of jobs, one per (profile, source).  A job is a set of
 * walks: one paginated listing each (a page's posts, one post's comments,
 * one conversation's messages, ...).  A walk has at most one request in
 * flight and moves page by page; walks may start child walks (posts ->
 * comments).  All walks of all jobs share one curl multi handle, so up
 * to --parallel requests run at once, --per-host at most to one origin.
 *
 * Delivery is at-least-once: every item is written to stdout as soon as
 * its page arrives; a job's new watermark is committed to its state file
 * only when every walk of the job has finished and stdout has been
 * flushed (and fsynced when it is a file; into a pipe, at the end of the
 * run once the reader has taken every line).  A job that stops early
 * saves a checkpoint, so the next run goes on from the pages it did not
 * read (fetch_job.c); the overlap is removed downstream by id
 * (sc-normalize).
 *
 * What each source asks and how its pages are read is in the platform
 * files (fetch_graph.c, fetch_x.c, fetch_google.c) behind struct
 * sc_source_ops and struct sc_walk_ops (fetch_int.h); this file only
 * schedules walks, classifies answers and commits state.
 *
 * Answers are classified by the shared client (api.h): retry with capped
 * exponential backoff and jitter (5xx, network, truncated or non-JSON
 * bodies), wait as told (429 with x-rate-limit-reset or Retry-After,
 * Graph throttling codes) when the wait fits --max-wait, or stop: the
 * profile (expired token, X usage cap, YouTube quota) or the job
 * (permissions, retries used up).  The token travels in an Authorization
 * header; links the server sends are followed only to the same origin
 * and with any access_token parameter removed.
 */
#include <curl/curl.h>
#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "fetch_int.h"

#define MAX_EMPTY_PAGES 20

/* Every source sc-fetch reads, in the order jobs start. */
static const struct sc_source_ops *const sources[] = {
	&sc_fetch_fb_comments, &sc_fetch_fb_messages,
	&sc_fetch_ig_comments, &sc_fetch_ig_messages,
	&sc_fetch_fb_visitor, &sc_fetch_fb_mentions, &sc_fetch_fb_ratings, &sc_fetch_ig_mentions,
	&sc_fetch_x_mentions, &sc_fetch_x_tweets, &sc_fetch_x_messages, &sc_fetch_x_search,
	&sc_fetch_yt_comments,
	&sc_fetch_gbp_reviews,
	&sc_fetch_tt_comments,
	&sc_fetch_li_comments, &sc_fetch_li_notifications, &sc_fetch_li_mentions,
};
#define SRC_N (sizeof(sources) / sizeof(sources[0]))

const struct sc_source_ops *
sc_fetch_source_at(size_t i)
{
	return i < SRC_N ? sources[i] : NULL;
}

#define mono_ms sc_api_mono_ms
#define wall_ms sc_api_wall_ms

/* ---- walks ---- */

/* Append to the pending FIFO: a profile's pages stay in order and every
   profile gets its turn. */
static void
pending_push(struct sc_fetch_run *r, struct sc_fetch_walk *w)
{
	w->next = NULL;
	if (r->ptail == NULL)
		r->ptail = &r->pending;
	*r->ptail = w;
	r->ptail = &w->next;
}

/* Unlink the walk *pp points at. */
static void
pending_unlink(struct sc_fetch_run *r, struct sc_fetch_walk **pp)
{
	struct sc_fetch_walk *w = *pp;

	*pp = w->next;
	if (*pp == NULL)
		r->ptail = pp;
	w->next = NULL;
}

struct sc_fetch_walk *
sc_fetch_walk_add(struct sc_fetch_run *r, struct sc_fetch_job *j, const struct sc_walk_ops *ops,
		  char *url, const char *ctx_id, int ad)
{
	struct sc_fetch_walk *w = sc_xcalloc(1, sizeof(*w));

	w->job = j;
	w->ops = ops;
	w->url = url;
	w->first = sc_xstrdup(url);
	w->ctx_id = ctx_id ? sc_xstrdup(ctx_id) : NULL;
	w->ad = ad;
	sc_api_resp_init(&w->resp);
	j->nwalks++;
	pending_push(r, w);
	return w;
}

static void
schedule(struct sc_fetch_run *r, struct sc_fetch_walk *w, int64_t delay_ms)
{
	w->not_before = mono_ms() + delay_ms;
	pending_push(r, w);
}

/* ---- output ---- */

json_t *
sc_fetch_ctx_new(struct sc_fetch_walk *w)
{
	json_t *c = json_object();

	json_object_set_new(c, "account_id", json_string(w->job->pr->p->account_id));
	return c;
}

int64_t
sc_fetch_item_time(json_t *item, const char *path)
{
	int64_t t = 0;
	json_t *v = sc_json_path(item, path);

	if (v == NULL || sc_time_parse_json(v, &t) < 0)
		return 0;
	return t;
}

/* ---- URLs ---- */

int
sc_fetch_safe_id(const char *s)
{
	const char *p;

	if (s == NULL || *s == '\0' || strlen(s) > 200)
		return 0;
	for (p = s; *p; p++)
		if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') ||
		      *p == '_' || *p == '-' || *p == '.' || *p == ':' || *p == '=' ||
		      *p == '(' || *p == ')' || *p == ','))	/* LinkedIn URNs */
			return 0;
	return 1;
}

void
sc_fetch_add_time(struct sc_buf *b, const char *name, int64_t t)
{
	char v[32];

	snprintf(v, sizeof(v), "%lld", (long long)(t > 0 ? t : 0));
	sc_url_add(b, name, v);
}

/* The URL of the next page from a link the server sent: same origin only,
   with access_token removed (ours goes in the Authorization header). */
static char *
follow_link(struct sc_fetch_run *r, struct sc_fetch_walk *w, const char *link)
{
	if (!sc_url_same_origin(link, w->job->pr->origin)) {
		char *red = sc_url_redact_new(link), why[300];
		/* not an access problem: the server (or something between) sent a
		   link sc-fetch will not carry the token to */
		snprintf(why, sizeof(why), "the server sent a paging link to another host (%.200s); "
			 "not followed", red);
		free(red);
		w->job->broken = 1;
		sc_fetch_job_fail(r, w->job, SC_EX_PROTOCOL, why);
		return NULL;
	}
	return sc_url_strip_param_new(link, "access_token");
}

/* Set w->url to the next page, or finish the walk.  Returns 1 when the
   walk goes on. */
static int
advance(struct sc_fetch_run *r, struct sc_fetch_walk *w, char *next_url, size_t nitems)
{
	if (next_url == NULL)
		return 0;
	free(w->url);
	w->url = next_url;
	/* a limit stops this listing only: the job's other listings go on,
	   and the job ends with a checkpoint (75) */
	if (nitems == 0) {
		if (++w->empties > MAX_EMPTY_PAGES) {
			w->job->limited = "too many empty pages in a row; the next run goes on from here";
			w->stopped = 1;
			return 0;
		}
	} else {
		w->empties = 0;
	}
	if (++w->pages >= r->o->max_pages) {
		w->job->limited = "page limit reached (--max-pages); the next run goes on from here";
		w->stopped = 1;
		return 0;
	}
	return 1;
}

/* The first page's URL with name=token added. */
static char *
with_token(struct sc_fetch_walk *w, const char *name, const char *token)
{
	struct sc_buf b;

	sc_buf_init(&b);
	sc_buf_adds(&b, w->first);
	sc_url_add(&b, name, token);
	return b.data;
}

/* LinkedIn (Rest.li): a next link when the server sends one (it may be
   relative to the API origin), else start= the items so far while below
   paging.total. */
static int
start_next(struct sc_fetch_run *r, struct sc_fetch_walk *w, json_t *doc, size_t n)
{
	json_t *l, *total = sc_json_path(doc, "paging.total");
	size_t k;
	json_int_t at = json_integer_value(sc_json_path(doc, "paging.start")) + (json_int_t)n;
	char cur[32];

	json_array_foreach(sc_json_path(doc, "paging.links"), k, l) {
		const char *rel = sc_json_str(l, "rel"), *href = sc_json_str(l, "href");
		if (rel && href && strcmp(rel, "next") == 0) {
			struct sc_buf b;
			char *next;
			sc_buf_init(&b);
			sc_buf_printf(&b, "%s%s", href[0] == '/' ? w->job->pr->origin : "", href);
			next = follow_link(r, w, b.data);
			sc_buf_release(&b);
			return next ? advance(r, w, next, n) : 0;
		}
	}
	if (!json_is_integer(total) || at >= json_integer_value(total))
		return 0;
	snprintf(cur, sizeof(cur), "%lld", (long long)at);
	return advance(r, w, with_token(w, "start", cur), n);
}

int
sc_fetch_walk_next(struct sc_fetch_run *r, struct sc_fetch_walk *w, json_t *doc, int stop)
{
	size_t n = json_array_size(sc_json_path(doc, w->ops->list));
	const char *tok;
	char cur[32];

	if (stop)
		return 0;
	switch (w->ops->paging) {
	case SC_PAGE_GRAPH:
		tok = sc_json_path_str(doc, "paging.next");
		return tok ? advance(r, w, follow_link(r, w, tok), n) : 0;
	case SC_PAGE_X:
		tok = sc_json_path_str(doc, "meta.next_token");
		return tok ? advance(r, w, with_token(w, "pagination_token", tok), n) : 0;
	case SC_PAGE_START:
		return start_next(r, w, doc, n);
	case SC_PAGE_CURSOR:
		if (!json_is_true(sc_json_path(doc, "data.has_more")) ||
		    !json_is_integer(sc_json_path(doc, "data.cursor")))
			return 0;
		snprintf(cur, sizeof(cur), "%lld", (long long)json_integer_value(sc_json_path(doc, "data.cursor")));
		return advance(r, w, with_token(w, "cursor", cur), n);
	default:
		tok = sc_json_str(doc, "nextPageToken");
		return tok ? advance(r, w, with_token(w, "pageToken", tok), n) : 0;
	}
}

/* ---- classifying responses ---- */

enum verdict { V_OK, V_RETRY, V_WAIT, V_SKIP, V_DEFER_PROF, V_DENY_PROF, V_DENY_JOB, V_CONFIG_JOB };
enum scope { S_WALK, S_PROFILE, S_APP };

struct answer {
	enum verdict v;
	enum scope scope;
	int64_t wait_ms;	/* V_WAIT: -1 = use backoff */
	char why[400];
};

/* A 200 whose body is the page the walk asked for. */
static int
page_shape(const struct sc_walk_ops *ops, const json_t *doc)
{
	if (ops->paging == SC_PAGE_X)
		return json_is_object(json_object_get(doc, "meta"));
	if (ops->paging == SC_PAGE_CURSOR)	/* TikTok: code 0, then data */
		return json_integer_value(json_object_get(doc, "code")) == 0 &&
		       json_is_object(json_object_get(doc, "data"));
	return json_is_array(sc_json_path(doc, ops->list)) ||
	       (ops->alt && json_object_get(doc, ops->alt) != NULL);
}

/* What to do with an answer (api.c/platform.c say what it means). */
static void
classify(struct sc_fetch_run *r, struct sc_fetch_walk *w, json_t **docp, struct answer *a)
{
	struct sc_fetch_prof *pr = w->job->pr;
	const struct sc_api_resp *rs = &w->resp;
	struct sc_api_error ae;
	json_t *doc = sc_api_json(rs);

	memset(a, 0, sizeof(*a));
	a->wait_ms = -1;
	*docp = NULL;
	if (rs->cc == CURLE_OK && (rs->status == 200 || rs->status == 201) &&
	    !(pr->plat == SC_PLAT_TIKTOK && json_integer_value(json_object_get(doc, "code")) != 0)) {
		if (doc == NULL) {
			a->v = V_RETRY;
			snprintf(a->why, sizeof(a->why), "HTTP %ld with %s", rs->status,
				 rs->body.len == 0 ? "an empty body" :
				 (rs->body.data[0] == '<' || strncasecmp(rs->ctype, "text/html", 9) == 0) ?
				 "an HTML page" : "invalid JSON");
			return;
		}
		if (!page_shape(w->ops, doc)) {
			json_decref(doc);
			a->v = V_RETRY;
			snprintf(a->why, sizeof(a->why), "HTTP %ld with an unexpected JSON shape", rs->status);
			return;
		}
		*docp = doc;
		a->v = V_OK;
		return;
	}
	sc_api_classify(pr->plat, rs, doc, pr->p->token, pr->token, r->o->now, &ae);
	json_decref(doc);
	snprintf(a->why, sizeof(a->why), "%s", ae.why);
	a->wait_ms = ae.wait_ms;
	switch (ae.cls) {
	case SC_API_TOKEN:
	case SC_API_NET_FATAL:
		a->v = V_DENY_PROF;
		return;
	case SC_API_APP_THROTTLE:
		a->v = V_WAIT;
		a->scope = S_APP;
		return;
	case SC_API_THROTTLE:
		a->v = V_WAIT;
		a->scope = S_PROFILE;
		return;
	case SC_API_CAPPED:
		a->v = V_DEFER_PROF;
		return;
	case SC_API_TRANSIENT:
	case SC_API_NET_RETRY:
		a->v = V_RETRY;
		return;
	case SC_API_TOO_BIG:
		a->v = V_DENY_JOB;
		return;
	}
	if (w->ops->ads && (ae.code == 10 || ae.code == 100 || (ae.code >= 200 && ae.code < 300))) {
		/* a page without the ads permissions: its organic comments still count */
		a->v = V_SKIP;
		snprintf(a->why, sizeof(a->why),
			 "ad posts not readable (Graph code %lld; needs ads_read), comments on ads skipped",
			 ae.code);
	} else if (ae.cls == SC_API_GONE && w->ops->child) {
		a->v = V_SKIP;
		snprintf(a->why, sizeof(a->why), "%.280s, skipped", ae.why);
	} else if (ae.cls == SC_API_GONE) {
		/* the profile's own page, account or location: not an access
		   problem but a wrong id (or one this token cannot see) */
		a->v = V_CONFIG_JOB;
		snprintf(a->why, sizeof(a->why), "%.300s; check account_id '%.60s' in profiles.csv", ae.why,
			 pr->p->account_id);
	} else {
		a->v = V_DENY_JOB;
	}
}

static int
host_index(struct sc_fetch_run *r, const char *origin)
{
	int i;

	for (i = 0; i < r->nhosts; i++)
		if (strcmp(r->hosts[i].origin, origin) == 0)
			return i;
	if (r->nhosts == (int)(sizeof(r->hosts) / sizeof(r->hosts[0])))
		return r->nhosts - 1;
	r->hosts[r->nhosts].origin = sc_xstrdup(origin);
	return r->nhosts++;
}

/* Put the walk's next request on the multi handle.  -1 when curl has no
   handle to give (out of memory): the run stops with 71. */
static int
start(struct sc_fetch_run *r, struct sc_fetch_walk *w)
{
	struct sc_fetch_prof *pr = w->job->pr;
	struct sc_api_req q;
	CURL *h = curl_easy_init();

	if (h == NULL)
		return -1;
	memset(&q, 0, sizeof(q));
	q.url = w->url;
	q.headers = pr->hdrs;
	q.timeout = r->o->timeout;
	q.agent = "sc-fetch";
	sc_api_setup(h, &q, &w->resp);
	curl_easy_setopt(h, CURLOPT_PRIVATE, w);
	w->easy = h;
	if (curl_multi_add_handle(r->multi, h) != CURLM_OK) {
		curl_easy_cleanup(h);
		w->easy = NULL;
		return -1;
	}
	sc_fetch_quota_count(r, pr);
	if (pr->pace_ms && mono_ms() + pr->pace_ms > pr->hold_until)
		pr->hold_until = mono_ms() + pr->pace_ms;	/* Graph usage past --slow-at */
	w->next = r->running;
	r->running = w;
	r->active++;
	r->hosts[pr->host].active++;
	r->requests++;
	pr->oc->requests++;
	if (r->o->verbose) {
		char *red = sc_url_redact_new(w->url);
		sc_fetch_say(r, 0, "profile %s: GET %s", pr->p->name, red);
		free(red);
	}
	return 0;
}

static void
on_done(struct sc_fetch_run *r, struct sc_fetch_walk *w, CURLcode cc)
{
	struct sc_fetch_job *j = w->job;
	struct sc_fetch_prof *pr = j->pr;
	struct answer a;
	json_t *doc = NULL;
	long status = 0;
	int64_t wait;
	int more;
	struct sc_fetch_walk **pp;

	for (pp = &r->running; *pp && *pp != w; pp = &(*pp)->next)
		;
	if (*pp)
		*pp = w->next;
	w->next = NULL;
	curl_easy_getinfo(w->easy, CURLINFO_RESPONSE_CODE, &status);
	w->resp.cc = cc;
	w->resp.status = status;
	curl_multi_remove_handle(r->multi, w->easy);
	curl_easy_cleanup(w->easy);
	w->easy = NULL;
	r->active--;
	r->hosts[pr->host].active--;
	if (j->status != 0 || r->fatal) {
		sc_fetch_walk_stop(r, w);	/* its page is read again next run */
		return;
	}
	classify(r, w, &doc, &a);
	switch (a.v) {
	case V_OK: {
		int64_t hold = 0, regain = sc_fetch_quota_usage(r, pr, &w->resp);
		const char *what = "rate limit window used up";

		w->attempts = 0;
		/* the window's last call: hold the profile until the reset, so
		   the next request is not a 429 (X); Graph's time to regain
		   access likewise */
		if (strcmp(w->resp.rl_remaining, "0") == 0 && w->resp.rl_reset[0])
			hold = sc_api_told_wait(&w->resp);
		if (regain * 60000 > hold) {
			hold = regain * 60000;
			what = "Graph usage at its limit (estimated_time_to_regain_access)";
		}
		if (hold > 0) {
			if (hold + 50 > r->o->max_wait * 1000) {
				char why[200], until[32];
				sc_time_format((wall_ms() + hold) / 1000, until);
				snprintf(why, sizeof(why), "%s until %s (over --max-wait), try later", what, until);
				sc_fetch_quota_hold(r, pr, wall_ms() + hold, what);
				more = w->ops->page(r, w, doc);
				json_decref(doc);
				sc_fetch_prof_fail(r, pr, SC_EX_TEMPFAIL, why);
				if (more || w->stopped)
					sc_fetch_walk_stop(r, w);
				else
					sc_fetch_walk_done(r, w);
				return;
			}
			pr->hold_until = mono_ms() + hold + 50;
		}
		more = w->ops->page(r, w, doc);
		json_decref(doc);
		/* a page's items go out as one write: a reader sees them now,
		   and a reader that went away is noticed now (EPIPE: 74) */
		if (sc_out_flush(r->out) < 0)
			r->fatal = SC_EX_IOERR;
		if (more) {
			schedule(r, w, 0);
			return;
		}
		if (w->stopped)
			sc_fetch_walk_stop(r, w);
		else
			sc_fetch_walk_done(r, w);
		return;
	}
	case V_SKIP:
		sc_fetch_say(r, 0, "profile %s: %s: %s", pr->p->name, j->src->name, a.why);
		sc_fetch_walk_done(r, w);
		return;
	case V_DEFER_PROF:
		/* the period's end was reckoned from the run's start (o->now) */
		sc_fetch_quota_hold(r, pr, a.wait_ms > 0 ? r->o->now * 1000 + a.wait_ms : 0, a.why);
		sc_fetch_prof_fail(r, pr, SC_EX_TEMPFAIL, a.why);
		sc_fetch_walk_stop(r, w);
		return;
	case V_DENY_PROF:
		sc_fetch_prof_fail(r, pr, SC_EX_UNAVAILABLE, a.why);
		sc_fetch_walk_stop(r, w);
		return;
	case V_DENY_JOB:
	case V_CONFIG_JOB:
		/* a page refused after a checkpoint (an expired cursor): the
		   next run reads the whole window again */
		if (w->resumed && w->pages == 0)
			j->broken = 1;
		sc_fetch_job_fail(r, j, a.v == V_CONFIG_JOB ? SC_EX_CONFIG : SC_EX_UNAVAILABLE, a.why);
		sc_fetch_walk_stop(r, w);
		return;
	case V_RETRY:
	case V_WAIT:
		break;
	}
	if (++w->attempts > r->o->retries) {
		char why[400];
		snprintf(why, sizeof(why), "%.340s; gave up after %d attempts, try later", a.why, w->attempts);
		sc_fetch_job_fail(r, j, SC_EX_TEMPFAIL, why);
		sc_fetch_walk_stop(r, w);
		return;
	}
	wait = a.wait_ms;
	if (a.v == V_RETRY || wait < 0)
		wait = sc_api_backoff(&r->rnd, r->o->backoff_ms, r->o->max_wait, w->attempts);
	else if (wait == 0)	/* told a time already past: never a hot loop */
		wait = sc_api_backoff(&r->rnd, r->o->backoff_ms, r->o->max_wait, w->attempts) + 1000;
	else
		wait += 50;	/* never before the time we were told */
	if (status == 429 && wait < 1000)
		wait = 1000;
	if (wait > r->o->max_wait * 1000) {
		char why[500], until[32];
		sc_time_format((wall_ms() + wait) / 1000, until);
		snprintf(why, sizeof(why), "%.340s; must wait until %s (over --max-wait), try later", a.why, until);
		if (a.v == V_WAIT)	/* the server said so: the next run need not ask */
			sc_fetch_quota_hold(r, pr, wall_ms() + wait, a.why);
		sc_fetch_prof_fail(r, pr, SC_EX_TEMPFAIL, why);
		sc_fetch_walk_stop(r, w);
		return;
	}
	sc_fetch_say(r, 0, "profile %s: %s: %s; retry %d in %lld ms", pr->p->name, j->src->name, a.why,
	    w->attempts, (long long)wait);
	if (a.v == V_WAIT && a.scope == S_PROFILE)
		pr->hold_until = mono_ms() + wait;
	if (a.v == V_WAIT && a.scope == S_APP)
		r->app_hold[pr->plat] = mono_ms() + wait;
	schedule(r, w, wait);
}

static void
progress(struct sc_fetch_run *r, int force)
{
	int64_t now = mono_ms();
	char buf[200];

	if (!r->o->progress || r->o->msg == NULL || (!force && now - r->last_progress < 250))
		return;
	r->last_progress = now;
	snprintf(buf, sizeof(buf), "%zu/%zu sources, %ld requests, %ld items", r->jobs_done, r->njobs,
		 r->requests, r->items);
	r->o->msg(r->o->msg_ctx, 2, buf);
}

/* ---- setting up ---- */

int
sc_fetch_source_wanted(const char *list, const char *name)
{
	const char *p = list;
	size_t n = strlen(name);

	if (list == NULL || *list == '\0')
		return 1;
	while (*p) {
		size_t k = strcspn(p, ",; ");
		if (k == n && strncmp(p, name, n) == 0)
			return 1;
		p += k;
		while (*p == ',' || *p == ';' || *p == ' ')
			p++;
	}
	return 0;
}

/* Check a sources list against the platform; returns the bad name or NULL. */
static const char *
bad_source(const char *list, int plat, char *buf, size_t cap)
{
	const char *p = list;

	if (list == NULL)
		return NULL;
	while (*p) {
		size_t k = strcspn(p, ",; "), s;
		int ok = 0;
		for (s = 0; s < SRC_N; s++)
			if (sources[s]->plat == plat && strlen(sources[s]->name) == k &&
			    strncmp(p, sources[s]->name, k) == 0)
				ok = 1;
		if (k > 0 && !ok) {
			snprintf(buf, cap, "%.*s", (int)k, p);
			return buf;
		}
		p += k;
		while (*p == ',' || *p == ';' || *p == ' ')
			p++;
	}
	return NULL;
}

static void
source_list(int plat, char *buf, size_t cap)
{
	size_t s, off = 0;

	buf[0] = '\0';
	for (s = 0; s < SRC_N; s++)
		if (sources[s]->plat == plat && off < cap)
			off += (size_t)snprintf(buf + off, cap - off, "%s%s", off ? ", " : "",
						sources[s]->name);
}

/* An id that goes into a URL path as it is. */
static int
account_ok(const char *s, int google)
{
	const char *p;
	int slashes = 0;

	if (*s == '\0' || strlen(s) > 200)
		return 0;
	for (p = s; *p; p++) {
		if (*p == '/' && google)
			slashes++;
		else if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
			   (*p >= '0' && *p <= '9') || *p == '_' || *p == '-' || *p == '.'))
			return 0;
	}
	if (google)
		return slashes == 3 && strncmp(s, "accounts/", 9) == 0 && strstr(s, "/locations/") != NULL;
	return 1;
}

static int
prof_setup(struct sc_fetch_run *r, const struct sc_profiles *ps, struct sc_fetch_prof *pr)
{
	const struct sc_fetch_opts *o = r->o;
	const char *base = sc_profile_get(ps, pr->p, "base_url");
	char why[200], bad[64], list[100];
	struct sc_error e;

	pr->page_id = sc_profile_get(ps, pr->p, "page_id");
	pr->ad_account = sc_profile_get(ps, pr->p, "ad_account_id");
	pr->search = sc_profile_get(ps, pr->p, "search");
	if (*sc_profile_get(ps, pr->p, "daily_budget") &&
	    sc_parse_long(sc_profile_get(ps, pr->p, "daily_budget"), 1, 100000000, &pr->budget) < 0) {
		sc_fetch_outcome_fail(pr, SC_EX_CONFIG, NULL, "bad daily_budget (want calls a day, 1 or more)");
		return -1;
	}
	if (*pr->ad_account && !account_ok(pr->ad_account, 0)) {
		sc_fetch_outcome_fail(pr, SC_EX_CONFIG, NULL, "bad ad_account_id (want the number after act_)");
		return -1;
	}
	if (!account_ok(pr->p->account_id, pr->plat == SC_PLAT_GOOGLE) ||
	    (*pr->page_id && !account_ok(pr->page_id, 0))) {
		snprintf(why, sizeof(why), "bad %s (want %s)", *pr->page_id && account_ok(pr->p->account_id,
			 pr->plat == SC_PLAT_GOOGLE) ? "page_id" : "account_id",
			 pr->plat == SC_PLAT_GOOGLE ? "accounts/A/locations/L" : "the platform's id: letters, digits, _ and -");
		sc_fetch_outcome_fail(pr, SC_EX_CONFIG, NULL, why);
		return -1;
	}
	if (bad_source(pr->p->sources, pr->plat, bad, sizeof(bad))) {
		source_list(pr->plat, list, sizeof(list));
		snprintf(why, sizeof(why), "unknown source '%s' for %s (want %s)", bad,
			 sc_platform_name(pr->plat), list);
		sc_fetch_outcome_fail(pr, SC_EX_CONFIG, NULL, why);
		return -1;
	}
	if (sc_platform_base(pr->plat, base, o->base, o->base_all, &pr->origin, &pr->base, why) < 0) {
		sc_fetch_outcome_fail(pr, SC_EX_CONFIG, NULL, why);
		return -1;
	}
	pr->host = host_index(r, pr->origin);
	sc_error_clear(&e);
	pr->token = sc_token_new(pr->p->token, ps->table ? ps->table->path : NULL, &e);
	if (pr->token == NULL) {
		char msg[400];
		if (e.source[0])
			snprintf(msg, sizeof(msg), "%.150s: %.240s", e.source, e.text);
		else
			snprintf(msg, sizeof(msg), "%.390s", e.text);
		sc_fetch_outcome_fail(pr, SC_EX_CONFIG, NULL, msg);
		return -1;
	}
	pr->hdrs = sc_api_headers_new(pr->plat, pr->token);
	return 0;
}

int
sc_fetch_run(const struct sc_fetch_opts *o, const struct sc_profiles *ps,
	     const unsigned char *selected, struct sc_out *out,
	     struct sc_fetch_outcome *oc)
{
	struct sc_fetch_run r;
	size_t i, s, k;
	int status = 0;
	struct stat sb;

	memset(&r, 0, sizeof(r));
	r.o = o;
	r.out = out;
	r.rnd = (unsigned)getpid() ^ (unsigned)o->now;
	r.out_is_file = fstat(out->fd, &sb) == 0 && S_ISREG(sb.st_mode);
	r.defer = !r.out_is_file;
	r.profs = sc_xcalloc(ps->n ? ps->n : 1, sizeof(*r.profs));
	r.jobs = sc_xcalloc(ps->n * SRC_N + 1, sizeof(*r.jobs));
	sc_fetch_clean_tmp(o->state_dir);
	{
		char warn[300];
		r.quota = sc_fetch_quota_load(o->state_dir, o->now, warn, sizeof(warn));
		if (warn[0])
			sc_fetch_say(&r, 1, "%s", warn);
	}

	for (i = 0; i < ps->n; i++) {
		struct sc_fetch_prof *pr = &r.profs[r.nprofs];
		int plat;

		if (!selected[i])
			continue;
		plat = sc_platform_parse(ps->v[i].platform);
		if (plat < 0)
			continue;
		memset(&oc[r.nprofs], 0, sizeof(oc[0]));
		oc[r.nprofs].profile = ps->v[i].name;
		pr->p = &ps->v[i];
		pr->oc = &oc[r.nprofs];
		pr->plat = plat;
		r.nprofs++;
		if (prof_setup(&r, ps, pr) < 0) {
			pr->dead = 1;
			continue;
		}
		{
			char why[400];
			sc_fetch_quota_key(pr);
			if (sc_fetch_quota_held(&r, pr, why, sizeof(why)) > 0) {
				sc_fetch_outcome_fail(pr, SC_EX_TEMPFAIL, NULL, why);
				pr->dead = 1;	/* nothing asked, no state moved */
				continue;
			}
			sc_fetch_quota_start(&r, pr);
		}
		for (s = 0; s < SRC_N; s++) {
			struct sc_fetch_job *j;
			struct sc_error se;
			int rc;

			if (sources[s]->plat != plat || !sc_fetch_source_wanted(pr->p->sources, sources[s]->name) ||
			    !sc_fetch_source_wanted(o->sources, sources[s]->name))
				continue;
			if (sources[s]->extra && !(pr->p->sources && *pr->p->sources) &&
			    !(o->sources && *o->sources))
				continue;	/* only when named */
			sc_error_clear(&se);
			if (o->reset && sc_fetch_state_remove(o->state_dir, pr->p->name, sources[s]->name, &se) < 0) {
				sc_fetch_outcome_fail(pr, SC_EX_IOERR, sources[s]->name, se.text);
				continue;
			}
			j = sc_xcalloc(1, sizeof(*j));
			j->pr = pr;
			j->src = sources[s];
			j->started = o->now;
			rc = sc_fetch_state_load(o->state_dir, pr->p->name, sources[s]->name, o->now, &j->st, &se);
			if (rc < 0) {
				char why[400];
				snprintf(why, sizeof(why), "%.150s: %.240s", se.source, se.text);
				sc_fetch_outcome_fail(pr, SC_EX_CONFIG, NULL, why);
				pr->dead = 1;
				free(j);
				continue;
			}
			if (j->st.pulled_from) {
				char was[32], now_wm[32];
				sc_time_format(j->st.pulled_from, was);
				sc_time_format(j->st.watermark, now_wm);
				sc_fetch_say(&r, 1, "profile %s: %s: the state's watermark %s is later than it was "
					     "saved (an older sc-fetch moved it to an item stamped in the future, or "
					     "the clock was ahead): read again from %s", pr->p->name,
					     sources[s]->name, was, now_wm);
			}
			if (j->st.present && j->st.watermark > 0)
				j->since = j->st.watermark - o->overlap;
			else if (j->st.present)
				j->since = o->have_since ? o->since : o->now - 7 * 86400;
			else
				j->since = o->have_since ? o->since : o->now - 7 * 86400;
			if (j->since < 0)
				j->since = 0;
			j->post_since = j->since - o->post_window;
			if (j->post_since < 0)
				j->post_since = 0;
			r.jobs[r.njobs++] = j;
		}
	}
	/* a profile refused for its state file fetches nothing at all */
	for (k = 0; k < r.njobs; k++) {
		struct sc_fetch_job *j = r.jobs[k];
		if (j->pr->dead)
			j->status = SC_EX_CONFIG;
		else if (j->st.resume)
			sc_fetch_job_resume(&r, j);
		else
			j->src->start(&r, j);
		if (j->nwalks == 0)
			r.jobs_done++;
	}

	r.multi = curl_multi_init();
	curl_multi_setopt(r.multi, CURLMOPT_MAX_HOST_CONNECTIONS, (long)o->per_host);
	curl_multi_setopt(r.multi, CURLMOPT_MAX_TOTAL_CONNECTIONS, (long)o->parallel);

	/*
	 * One turn: start every ready walk while there is room (holds and
	 * per-host limits skip a walk, not the list), sleep until a transfer
	 * moves or the earliest held walk is due, then handle what finished.
	 */
	while (!r.fatal) {
		int64_t now = mono_ms(), wake = now + 1000;
		struct sc_fetch_walk **pp = &r.pending, *w;
		int running, numfds, full = 0;
		CURLMsg *m;
		int q;
		long tmo;

		if (o->stop && *o->stop)
			break;
		while ((w = *pp) != NULL) {
			struct sc_fetch_prof *pr = w->job->pr;
			int64_t t = w->not_before;

			if (!pr->dead && pr->budget > 0 && pr->calls >= pr->budget)
				sc_fetch_quota_spent(&r, pr);	/* its own count: before the platform's 429 */
			if (w->job->status != 0 || pr->dead) {
				pending_unlink(&r, pp);
				sc_fetch_walk_stop(&r, w);
				continue;
			}
			if (pr->hold_until > t)
				t = pr->hold_until;
			if (r.app_hold[pr->plat] > t)
				t = r.app_hold[pr->plat];
			if (t > now || r.hosts[pr->host].active >= o->per_host) {
				if (t > now && t < wake)
					wake = t;
				pp = &w->next;
				continue;
			}
			if (r.active >= o->parallel) {
				full = 1;
				break;
			}
			pending_unlink(&r, pp);
			if (start(&r, w) < 0) {
				sc_fetch_walk_free(w);
				r.fatal = SC_EX_OSERR;
				break;
			}
		}
		if (!r.pending && !r.active)
			break;
		tmo = full ? 1000 : (long)(wake - now);
		if (tmo < 0)
			tmo = 0;
		if (tmo > 1000)
			tmo = 1000;
		curl_multi_poll(r.multi, NULL, 0, (int)tmo, &numfds);
		curl_multi_perform(r.multi, &running);
		while ((m = curl_multi_info_read(r.multi, &q)) != NULL) {
			if (m->msg == CURLMSG_DONE) {
				struct sc_fetch_walk *dw = NULL;
				CURLcode res = m->data.result;
				curl_easy_getinfo(m->easy_handle, CURLINFO_PRIVATE, (char **)&dw);
				on_done(&r, dw, res);
			}
		}
		progress(&r, 0);
	}
	progress(&r, 1);

	/* interrupted or failed output: drop what is left, commit nothing more */
	while (r.pending) {
		struct sc_fetch_walk *w = r.pending;
		r.pending = w->next;
		sc_fetch_walk_free(w);
	}
	while (r.running) {
		struct sc_fetch_walk *w = r.running;
		r.running = w->next;
		curl_multi_remove_handle(r.multi, w->easy);
		curl_easy_cleanup(w->easy);
		sc_fetch_walk_free(w);
	}
	curl_multi_cleanup(r.multi);
	if (r.defer)
		sc_fetch_commit_deferred(&r);
	if (r.quota_dirty && !(o->stop && *o->stop)) {
		struct sc_error qe;
		sc_error_clear(&qe);
		if (sc_fetch_quota_save(o->state_dir, r.quota, o->now, &qe) < 0)
			sc_fetch_say(&r, 1, "%s: %s (the limits learnt are not remembered)", qe.source, qe.text);
	}
	json_decref(r.quota);

	if (r.fatal) {
		status = r.fatal;
	} else if (o->stop && *o->stop) {
		status = 128 + *o->stop;
	} else {
		for (k = 0; k < r.nprofs; k++)
			if (sc_status_worse(oc[k].status, status))
				status = oc[k].status;
	}
	for (k = 0; k < r.njobs; k++) {
		sc_fetch_state_release(&r.jobs[k]->st);
		json_decref(r.jobs[k]->stopped);
		json_decref(r.jobs[k]->future_ids);
		free(r.jobs[k]);
	}
	free(r.jobs);
	for (k = 0; k < r.nprofs; k++) {
		sc_token_free(r.profs[k].token);
		curl_slist_free_all(r.profs[k].hdrs);
		free(r.profs[k].origin);
		free(r.profs[k].base);
	}
	free(r.profs);
	for (k = 0; k < (size_t)r.nhosts; k++)
		free(r.hosts[k].origin);
	return status;
}
