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
 * flushed (and fsynced when it is a file).  A job that fails leaves its
 * state where it was, so the next run reads the same window again; the
 * overlap is removed downstream by id (sc-normalize).
 *
 * Errors are classified per platform (sc-fetch(1), Errors and rate limits): retry with
 * capped exponential backoff and jitter (5xx, network, truncated or
 * non-JSON bodies), wait as told (429 with x-rate-limit-reset or
 * Retry-After, Graph throttling codes) when the wait fits --max-wait, or
 * stop: the profile (expired token, X usage cap, YouTube quota) or the
 * job (permissions, retries used up).  The token travels in an
 * Authorization header; links the server sends are followed only to the
 * same origin and with any access_token parameter removed.
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

#include "fetch.h"

#define GRAPH_VERSION "/v21.0"
#define MAX_BODY (32L * 1024 * 1024)
#define MAX_EMPTY_PAGES 20

/* The schema platform behind each platform sc-fetch reads. */
static const int plat_schema[SC_PLAT_N] = {
	[SC_PLAT_FACEBOOK] = SC_PLATFORM_FACEBOOK, [SC_PLAT_INSTAGRAM] = SC_PLATFORM_INSTAGRAM,
	[SC_PLAT_X] = SC_PLATFORM_X, [SC_PLAT_YOUTUBE] = SC_PLATFORM_YOUTUBE,
	[SC_PLAT_GOOGLE] = SC_PLATFORM_GOOGLE,
};

int
sc_platform_parse(const char *s)
{
	int i, p = sc_schema_platform_ci(s);

	for (i = 0; i < SC_PLAT_N; i++)
		if (p >= 0 && plat_schema[i] == p)
			return i;
	if (strcasecmp(s, "gbp") == 0)
		return SC_PLAT_GOOGLE;
	return -1;
}

const char *
sc_platform_name(int plat)
{
	return plat >= 0 && plat < SC_PLAT_N ? sc_schema_platforms[plat_schema[plat]] : "?";
}

/* ---- sources ---- */

enum src {
	SRC_FB_COMMENTS, SRC_FB_MESSAGES,
	SRC_IG_COMMENTS, SRC_IG_MESSAGES,
	SRC_X_MENTIONS, SRC_X_TWEETS, SRC_X_MESSAGES,
	SRC_YT_COMMENTS,
	SRC_GBP_REVIEWS,
	SRC_N
};
static const struct {
	int plat;
	const char *name;
} sources[SRC_N] = {
	{SC_PLAT_FACEBOOK, "comments"}, {SC_PLAT_FACEBOOK, "messages"},
	{SC_PLAT_INSTAGRAM, "comments"}, {SC_PLAT_INSTAGRAM, "messages"},
	{SC_PLAT_X, "mentions"}, {SC_PLAT_X, "tweets"}, {SC_PLAT_X, "messages"},
	{SC_PLAT_YOUTUBE, "comments"},
	{SC_PLAT_GOOGLE, "reviews"},
};

enum kind {
	K_FB_POSTS, K_FB_ADS, K_FB_COMMENTS, K_FB_CONVS, K_FB_MSGS,
	K_IG_MEDIA, K_IG_COMMENTS, K_IG_REPLIES,
	K_X_LIST, K_X_DMS,
	K_YT_THREADS, K_YT_REPLIES,
	K_GBP_REVIEWS
};

/* ---- run structures ---- */

struct prof {
	const struct sc_profile *p;
	struct sc_fetch_outcome *oc;
	int plat;
	const char *page_id;	/* instagram: the linked page, for DMs */
	char *token;
	char *origin;		/* scheme://host[:port] for same-origin checks */
	char *base;		/* origin plus optional path prefix */
	struct curl_slist *hdrs;
	int64_t hold_until;	/* ms, monotonic: throttled page/account */
	int host;		/* index into run->hosts */
	int dead;		/* status set: no more requests */
};

struct job {
	struct prof *pr;
	int src;
	struct sc_fetch_state st;
	int64_t since;		/* emit items at or after this time */
	int64_t post_since;	/* posts/media scanned from this time */
	int64_t newest;
	char newest_id[32];
	int nwalks;
	int status;
	char reason[300];
	int committed;
};

struct rhdr {
	char retry_after[64];
	char rl_reset[32];
	char rl_remaining[32];
	char buc[1024];
	char ctype[64];
};

struct walk {
	struct walk *next;
	struct job *job;
	int kind;
	char *url;		/* the next request, no token */
	char *first;		/* the first page's URL (X: pagination_token is added) */
	char *ctx_id;		/* post, media, conversation, thread id */
	char *ctx_video;
	int ad;
	int attempts;
	long pages;
	int empties;
	int64_t not_before;	/* ms, monotonic */
	CURL *easy;
	struct sc_buf body;
	struct rhdr rh;
};

struct host {
	char *origin;
	int active;
};

struct run {
	const struct sc_fetch_opts *o;
	struct sc_out *out;
	CURLM *multi;
	struct walk *pending;	/* waiting walks, FIFO */
	struct walk **ptail;	/* where the next one is linked */
	struct walk *running;	/* requests in flight, linked through next */
	int active;
	struct prof *profs;
	size_t nprofs;
	struct job **jobs;
	size_t njobs, jobs_done;
	struct host hosts[64];
	int nhosts;
	int64_t app_hold[SC_PLAT_N];	/* Graph code 4: the whole app */
	int fatal;			/* 74: stdout failed */
	long requests, items;
	int64_t last_progress;
	unsigned rnd;
	int out_is_file;
};

static int64_t
mono_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static int64_t
wall_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static void
say(struct run *r, int kind, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

static void
say(struct run *r, int kind, const char *fmt, ...)
{
	char buf[1024];
	va_list ap;

	if (r->o->msg == NULL || (kind == 0 && !r->o->verbose))
		return;
	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	r->o->msg(r->o->msg_ctx, kind, buf);
}

static int
status_rank(int s)
{
	switch (s) {
	case 0: return 0;
	case SC_EX_TEMPFAIL: return 1;
	case SC_EX_UNAVAILABLE: return 2;
	case SC_EX_CONFIG: return 3;
	default: return 4;
	}
}

/* Record a failure on the profile's outcome; the worst one is kept. */
static void
outcome_fail(struct prof *pr, int status, const char *source, const char *reason)
{
	if (status_rank(status) > status_rank(pr->oc->status)) {
		pr->oc->status = status;
		if (source)
			snprintf(pr->oc->reason, sizeof(pr->oc->reason), "%s: %s", source, reason);
		else
			snprintf(pr->oc->reason, sizeof(pr->oc->reason), "%s", reason);
	}
}

static void
job_fail(struct run *r, struct job *j, int status, const char *reason)
{
	if (j->status == 0) {
		j->status = status;
		snprintf(j->reason, sizeof(j->reason), "%s", reason);
	}
	outcome_fail(j->pr, status, sources[j->src].name, reason);
	say(r, 0, "profile %s: %s: %s", j->pr->p->name, sources[j->src].name, reason);
}

static void
prof_fail(struct run *r, struct prof *pr, int status, const char *reason)
{
	size_t i;

	pr->dead = 1;
	outcome_fail(pr, status, NULL, reason);
	for (i = 0; i < r->njobs; i++)
		if (r->jobs[i]->pr == pr && r->jobs[i]->status == 0 && !r->jobs[i]->committed) {
			r->jobs[i]->status = status;
			snprintf(r->jobs[i]->reason, sizeof(r->jobs[i]->reason), "%s", reason);
		}
	say(r, 0, "profile %s: %s", pr->p->name, reason);
}

/* ---- walks ---- */

/* Append to the pending FIFO: a profile's pages stay in order and every
   profile gets its turn. */
static void
pending_push(struct run *r, struct walk *w)
{
	w->next = NULL;
	if (r->ptail == NULL)
		r->ptail = &r->pending;
	*r->ptail = w;
	r->ptail = &w->next;
}

/* Unlink the walk *pp points at. */
static void
pending_unlink(struct run *r, struct walk **pp)
{
	struct walk *w = *pp;

	*pp = w->next;
	if (*pp == NULL)
		r->ptail = pp;
	w->next = NULL;
}

static struct walk *
walk_add(struct run *r, struct job *j, int kind, char *url, const char *ctx_id, int ad)
{
	struct walk *w = sc_xcalloc(1, sizeof(*w));

	w->job = j;
	w->kind = kind;
	w->url = url;
	w->first = sc_xstrdup(url);
	w->ctx_id = ctx_id ? sc_xstrdup(ctx_id) : NULL;
	w->ad = ad;
	sc_buf_init(&w->body);
	j->nwalks++;
	pending_push(r, w);
	return w;
}

static void
walk_free(struct walk *w)
{
	free(w->url);
	free(w->first);
	free(w->ctx_id);
	free(w->ctx_video);
	sc_buf_release(&w->body);
	free(w);
}

static void
schedule(struct run *r, struct walk *w, int64_t delay_ms)
{
	w->not_before = mono_ms() + delay_ms;
	pending_push(r, w);
}

static int
fsync_out(struct run *r)
{
	if (sc_out_flush(r->out) < 0)
		return -1;
	if (r->out_is_file && fsync(r->out->fd) < 0 && errno != EINVAL && errno != EROFS) {
		r->out->failed = 1;
		r->out->err = errno;
		return -1;
	}
	return 0;
}

/* A job whose walks are all finished: commit its state if it succeeded. */
static void
job_finish(struct run *r, struct job *j)
{
	struct sc_fetch_state ns;
	struct sc_error e;

	r->jobs_done++;
	if (j->status != 0 || r->fatal)
		return;
	if (fsync_out(r) < 0) {
		r->fatal = SC_EX_IOERR;
		return;
	}
	ns = j->st;
	if (j->newest > ns.watermark)
		ns.watermark = j->newest;
	if (!j->st.present && ns.watermark == 0)
		ns.watermark = j->since;
	if (j->newest_id[0] && (strlen(j->newest_id) > strlen(ns.since_id) ||
				(strlen(j->newest_id) == strlen(ns.since_id) &&
				 strcmp(j->newest_id, ns.since_id) > 0)))
		memcpy(ns.since_id, j->newest_id, sizeof(ns.since_id));
	sc_error_clear(&e);
	if (sc_fetch_state_save(r->o->state_dir, j->pr->p->name, sources[j->src].name, &ns,
				r->o->now, &e) < 0) {
		job_fail(r, j, SC_EX_IOERR, e.text);
		return;
	}
	j->committed = 1;
	say(r, 0, "profile %s: %s: done, state saved", j->pr->p->name, sources[j->src].name);
}

static void
walk_done(struct run *r, struct walk *w)
{
	struct job *j = w->job;

	walk_free(w);
	if (--j->nwalks == 0)
		job_finish(r, j);
}

/* ---- output ---- */

static void
note_time(struct job *j, int64_t t)
{
	if (t > j->newest)
		j->newest = t;
}

static void
note_id(struct job *j, const char *id)
{
	size_t n;

	if (id == NULL || (n = strlen(id)) == 0 || n >= sizeof(j->newest_id))
		return;
	if (n > strlen(j->newest_id) || (n == strlen(j->newest_id) && strcmp(id, j->newest_id) > 0))
		memcpy(j->newest_id, id, n + 1);
}

/* Write one envelope; steals ctx. */
static void
emit(struct run *r, struct walk *w, json_t *ctx, json_t *item)
{
	struct job *j = w->job;
	json_t *env;
	char at[32];

	if (r->fatal) {
		json_decref(ctx);
		return;
	}
	sc_time_format(r->o->now, at);
	env = json_object();
	json_object_set_new(env, "sc", json_string("raw"));
	json_object_set_new(env, "platform", json_string(sc_platform_name(j->pr->plat)));
	json_object_set_new(env, "profile", json_string(j->pr->p->name));
	json_object_set_new(env, "source", json_string(sources[j->src].name));
	json_object_set_new(env, "fetched_at", json_string(at));
	json_object_set_new(env, "context", ctx);
	json_object_set(env, "item", item);
	if (sc_out_json(r->out, env) < 0)
		r->fatal = SC_EX_IOERR;
	json_decref(env);
	r->items++;
	j->pr->oc->items++;
}

static json_t *
ctx_new(struct walk *w)
{
	json_t *c = json_object();

	json_object_set_new(c, "account_id", json_string(w->job->pr->p->account_id));
	return c;
}

static int64_t
item_time(json_t *item, const char *path)
{
	int64_t t = 0;
	json_t *v = sc_json_path(item, path);

	if (v == NULL || sc_time_parse_json(v, &t) < 0)
		return 0;
	return t;
}

/* ---- URLs ---- */

/* Path segment from an id the API gave us: keep it to safe characters. */
static int
safe_id(const char *s)
{
	const char *p;

	if (s == NULL || *s == '\0' || strlen(s) > 200)
		return 0;
	for (p = s; *p; p++)
		if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') ||
		      *p == '_' || *p == '-' || *p == '.' || *p == ':' || *p == '='))
			return 0;
	return 1;
}

static void
add_time_param(struct sc_buf *b, const char *name, int64_t t)
{
	char v[32];

	snprintf(v, sizeof(v), "%lld", (long long)(t > 0 ? t : 0));
	sc_url_add(b, name, v);
}

/* The URL of the next page from a link the server sent: same origin only,
   with access_token removed (ours goes in the Authorization header). */
static char *
follow_link(struct run *r, struct walk *w, const char *link)
{
	if (!sc_url_same_origin(link, w->job->pr->origin)) {
		job_fail(r, w->job, SC_EX_UNAVAILABLE, "a paging link points to another host; not followed");
		return NULL;
	}
	return sc_url_strip_param_new(link, "access_token");
}

/* ---- starting a job ---- */

static const char *fb_comment_fields =
	"id,message,created_time,from,parent{id},permalink_url,like_count,comment_count,is_hidden,admin_creator,attachment";

static void
job_start(struct run *r, struct job *j)
{
	struct prof *pr = j->pr;
	const char *acc = pr->p->account_id;
	struct sc_buf b;

	sc_buf_init(&b);
	switch (j->src) {
	case SRC_FB_COMMENTS:
		sc_buf_printf(&b, "%s%s/%s/published_posts", pr->base, GRAPH_VERSION, acc);
		sc_url_add(&b, "fields", "id,created_time,updated_time");
		sc_url_add(&b, "limit", "100");
		add_time_param(&b, "since", j->post_since);
		walk_add(r, j, K_FB_POSTS, sc_xstrdup(b.data), NULL, 0);
		sc_buf_reset(&b);
		sc_buf_printf(&b, "%s%s/%s/ads_posts", pr->base, GRAPH_VERSION, acc);
		sc_url_add(&b, "fields", "id,created_time,updated_time");
		sc_url_add(&b, "limit", "100");
		add_time_param(&b, "since", j->post_since);
		walk_add(r, j, K_FB_ADS, sc_xstrdup(b.data), NULL, 1);
		break;
	case SRC_FB_MESSAGES:
	case SRC_IG_MESSAGES:
		sc_buf_printf(&b, "%s%s/%s/conversations", pr->base, GRAPH_VERSION,
			      j->src == SRC_IG_MESSAGES && *pr->page_id ? pr->page_id : acc);
		sc_url_add(&b, "platform", j->src == SRC_FB_MESSAGES ? "messenger" : "instagram");
		sc_url_add(&b, "fields", "id,updated_time,message_count,unread_count,link");
		sc_url_add(&b, "limit", "100");
		walk_add(r, j, K_FB_CONVS, sc_xstrdup(b.data), NULL, 0);
		break;
	case SRC_IG_COMMENTS:
		sc_buf_printf(&b, "%s%s/%s/media", pr->base, GRAPH_VERSION, acc);
		sc_url_add(&b, "fields", "id,timestamp,permalink,media_product_type");
		sc_url_add(&b, "limit", "100");
		walk_add(r, j, K_IG_MEDIA, sc_xstrdup(b.data), NULL, 0);
		break;
	case SRC_X_MENTIONS:
	case SRC_X_TWEETS:
		sc_buf_printf(&b, "%s/2/users/%s/%s", pr->base, acc,
			      j->src == SRC_X_MENTIONS ? "mentions" : "tweets");
		sc_url_add(&b, "max_results", "100");
		sc_url_add(&b, "tweet.fields",
			   "id,text,created_at,author_id,conversation_id,in_reply_to_user_id,referenced_tweets,lang,entities");
		sc_url_add(&b, "expansions", "author_id");
		sc_url_add(&b, "user.fields", "id,name,username,verified");
		if (j->st.since_id[0]) {
			sc_url_add(&b, "since_id", j->st.since_id);
		} else if (j->since > 0) {
			char t[32];
			sc_time_format(j->since, t);
			sc_url_add(&b, "start_time", t);
		}
		walk_add(r, j, K_X_LIST, sc_xstrdup(b.data), NULL, 0);
		break;
	case SRC_X_MESSAGES:
		sc_buf_printf(&b, "%s/2/dm_events", pr->base);
		sc_url_add(&b, "max_results", "100");
		sc_url_add(&b, "event_types", "MessageCreate");
		sc_url_add(&b, "dm_event.fields",
			   "id,text,created_at,sender_id,dm_conversation_id,event_type,attachments,referenced_tweets");
		sc_url_add(&b, "expansions", "sender_id");
		sc_url_add(&b, "user.fields", "id,name,username");
		walk_add(r, j, K_X_DMS, sc_xstrdup(b.data), NULL, 0);
		break;
	case SRC_YT_COMMENTS:
		sc_buf_printf(&b, "%s/youtube/v3/commentThreads", pr->base);
		sc_url_add(&b, "part", "snippet,replies");
		sc_url_add(&b, "allThreadsRelatedToChannelId", acc);
		sc_url_add(&b, "maxResults", "100");
		sc_url_add(&b, "order", "time");
		sc_url_add(&b, "textFormat", "plainText");
		walk_add(r, j, K_YT_THREADS, sc_xstrdup(b.data), NULL, 0);
		break;
	case SRC_GBP_REVIEWS:
		sc_buf_printf(&b, "%s/v4/%s/reviews", pr->base, acc);
		sc_url_add(&b, "pageSize", "50");
		sc_url_add(&b, "orderBy", "updateTime desc");
		walk_add(r, j, K_GBP_REVIEWS, sc_xstrdup(b.data), NULL, 0);
		break;
	}
	sc_buf_release(&b);
}

/* ---- pages ---- */

/* Graph: the next link, or NULL at the end (no paging.next). */
static const char *
graph_next(json_t *doc)
{
	return sc_json_path_str(doc, "paging.next");
}

/* Set w->url to the next page, or finish the walk.  Returns 1 when the
   walk goes on. */
static int
advance(struct run *r, struct walk *w, char *next_url, size_t nitems)
{
	if (next_url == NULL)
		return 0;
	if (nitems == 0) {
		if (++w->empties > MAX_EMPTY_PAGES) {
			job_fail(r, w->job, SC_EX_TEMPFAIL, "too many empty pages in a row; try later");
			free(next_url);
			return 0;
		}
	} else {
		w->empties = 0;
	}
	if (++w->pages >= r->o->max_pages) {
		job_fail(r, w->job, SC_EX_TEMPFAIL, "page limit reached (--max-pages); the rest is fetched next run");
		free(next_url);
		return 0;
	}
	free(w->url);
	w->url = next_url;
	return 1;
}

static char *
x_next_url(struct walk *w, const char *token)
{
	struct sc_buf b;

	sc_buf_init(&b);
	sc_buf_adds(&b, w->first);
	sc_url_add(&b, "pagination_token", token);
	return b.data;
}

static char *
token_next_url(struct walk *w, const char *token)
{
	struct sc_buf b;

	sc_buf_init(&b);
	sc_buf_adds(&b, w->first);
	sc_url_add(&b, "pageToken", token);
	return b.data;
}

/* Returns 1 to go on to w->url, 0 when the walk is finished. */
static int
process_page(struct run *r, struct walk *w, json_t *doc)
{
	struct job *j = w->job;
	struct prof *pr = j->pr;
	json_t *data, *it;
	size_t i, n = 0;
	int stop = 0;
	const char *link;
	struct sc_buf b;

	sc_buf_init(&b);
	switch (w->kind) {
	case K_FB_POSTS:
	case K_FB_ADS:
		data = json_object_get(doc, "data");
		json_array_foreach(data, i, it) {
			const char *id = sc_json_str(it, "id");
			/* a post's updated_time moves with every comment: a post
			   untouched since the window began has nothing new */
			int64_t ut = item_time(it, "updated_time");
			if (!safe_id(id) || (ut && ut < j->since))
				continue;
			sc_buf_reset(&b);
			sc_buf_printf(&b, "%s%s/%s/comments", pr->base, GRAPH_VERSION, id);
			sc_url_add(&b, "filter", "stream");
			sc_url_add(&b, "order", "reverse_chronological");
			sc_url_add(&b, "fields", fb_comment_fields);
			sc_url_add(&b, "limit", "100");
			add_time_param(&b, "since", j->since);
			walk_add(r, j, K_FB_COMMENTS, sc_xstrdup(b.data), id, w->kind == K_FB_ADS);
		}
		n = json_array_size(data);
		link = graph_next(doc);
		sc_buf_release(&b);
		return advance(r, w, link ? follow_link(r, w, link) : NULL, n);
	case K_FB_COMMENTS:
	case K_FB_MSGS:
		data = json_object_get(doc, "data");
		json_array_foreach(data, i, it) {
			int64_t t = item_time(it, "created_time");
			json_t *ctx;
			if (t && t < j->since) {
				stop = 1;
				continue;
			}
			note_time(j, t);
			ctx = ctx_new(w);
			if (w->kind == K_FB_COMMENTS) {
				json_object_set_new(ctx, "post_id", json_string(w->ctx_id));
				json_object_set_new(ctx, "ad", json_boolean(w->ad));
			} else {
				json_object_set_new(ctx, "conversation_id", json_string(w->ctx_id));
			}
			emit(r, w, ctx, it);
		}
		n = json_array_size(data);
		link = graph_next(doc);
		sc_buf_release(&b);
		if (stop)
			return 0;
		return advance(r, w, link ? follow_link(r, w, link) : NULL, n);
	case K_FB_CONVS:
		data = json_object_get(doc, "data");
		json_array_foreach(data, i, it) {
			const char *id = sc_json_str(it, "id");
			int64_t t = item_time(it, "updated_time");
			if (t && t < j->since) {
				stop = 1;	/* newest first: the rest is older */
				break;
			}
			if (!safe_id(id))
				continue;
			sc_buf_reset(&b);
			sc_buf_printf(&b, "%s%s/%s/messages", pr->base, GRAPH_VERSION, id);
			sc_url_add(&b, "fields", "id,created_time,from,to,message,attachments");
			sc_url_add(&b, "limit", "100");
			walk_add(r, j, K_FB_MSGS, sc_xstrdup(b.data), id, 0);
		}
		n = json_array_size(data);
		link = graph_next(doc);
		sc_buf_release(&b);
		if (stop)
			return 0;
		return advance(r, w, link ? follow_link(r, w, link) : NULL, n);
	case K_IG_MEDIA:
		data = json_object_get(doc, "data");
		json_array_foreach(data, i, it) {
			const char *id = sc_json_str(it, "id");
			int64_t t = item_time(it, "timestamp");
			if (t && t < j->post_since) {
				stop = 1;
				break;
			}
			if (!safe_id(id))
				continue;
			sc_buf_reset(&b);
			sc_buf_printf(&b, "%s%s/%s/comments", pr->base, GRAPH_VERSION, id);
			sc_url_add(&b, "fields",
				   "id,text,timestamp,username,from,like_count,hidden,parent_id,"
				   "replies{id,text,timestamp,username,from,like_count,hidden,parent_id}");
			sc_url_add(&b, "limit", "100");
			walk_add(r, j, K_IG_COMMENTS, sc_xstrdup(b.data), id, 0);
		}
		n = json_array_size(data);
		link = graph_next(doc);
		sc_buf_release(&b);
		if (stop)
			return 0;
		return advance(r, w, link ? follow_link(r, w, link) : NULL, n);
	case K_IG_COMMENTS:
	case K_IG_REPLIES:
		data = json_object_get(doc, "data");
		json_array_foreach(data, i, it) {
			int64_t t = item_time(it, "timestamp");
			json_t *reps = json_object_get(it, "replies");
			json_t *rd = json_object_get(reps, "data");
			const char *cid = sc_json_str(it, "id");
			size_t k;
			json_t *rep;

			if (t >= j->since || t == 0) {
				json_t *copy = json_object_get(it, "replies") ? json_copy(it) : json_incref(it);
				json_t *ctx = ctx_new(w);
				json_object_del(copy, "replies");
				note_time(j, t);
				json_object_set_new(ctx, "media_id", json_string(w->kind == K_IG_COMMENTS ? w->ctx_id :
										     w->ctx_video ? w->ctx_video : ""));
				if (w->kind == K_IG_REPLIES)
					json_object_set_new(ctx, "parent_id", json_string(w->ctx_id));
				emit(r, w, ctx, copy);
				json_decref(copy);
			}
			json_array_foreach(rd, k, rep) {
				int64_t rt = item_time(rep, "timestamp");
				json_t *ctx;
				if (rt && rt < j->since)
					continue;
				note_time(j, rt);
				ctx = ctx_new(w);
				json_object_set_new(ctx, "media_id", json_string(w->ctx_id));
				json_object_set_new(ctx, "parent_id", json_string(cid ? cid : ""));
				emit(r, w, ctx, rep);
			}
			link = sc_json_path_str(reps, "paging.next");
			if (link && w->kind == K_IG_COMMENTS && safe_id(cid)) {
				sc_buf_reset(&b);
				sc_buf_printf(&b, "%s%s/%s/replies", pr->base, GRAPH_VERSION, cid);
				sc_url_add(&b, "fields", "id,text,timestamp,username,from,like_count,hidden,parent_id");
				sc_url_add(&b, "limit", "100");
				struct walk *x = walk_add(r, j, K_IG_REPLIES, sc_xstrdup(b.data), cid, 0);
				x->ctx_video = sc_xstrdup(w->ctx_id);	/* the media id */
			}
		}
		n = json_array_size(data);
		link = graph_next(doc);
		sc_buf_release(&b);
		return advance(r, w, link ? follow_link(r, w, link) : NULL, n);
	case K_X_LIST:
	case K_X_DMS: {
		json_t *users = sc_json_path(doc, "includes.users");
		const char *who = w->kind == K_X_LIST ? "author_id" : "sender_id";
		const char *tok;

		data = json_object_get(doc, "data");
		json_array_foreach(data, i, it) {
			int64_t t = item_time(it, "created_at");
			const char *id = sc_json_str(it, "id");
			const char *au = sc_json_str(it, who);
			const char *conv;
			json_t *ctx, *u;
			size_t k;

			if (w->kind == K_X_DMS && t && t < j->since) {
				stop = 1;
				break;
			}
			note_time(j, t);
			if (w->kind == K_X_LIST)
				note_id(j, id);
			ctx = ctx_new(w);
			conv = sc_json_str(it, w->kind == K_X_LIST ? "conversation_id" : "dm_conversation_id");
			if (conv)
				json_object_set_new(ctx, "conversation_id", json_string(conv));
			json_array_foreach(users, k, u) {
				const char *uid = sc_json_str(u, "id");
				if (au && uid && strcmp(au, uid) == 0) {
					json_object_set(ctx, "author", u);
					break;
				}
			}
			emit(r, w, ctx, it);
		}
		n = json_array_size(data);
		tok = sc_json_path_str(doc, "meta.next_token");
		sc_buf_release(&b);
		if (stop || tok == NULL)
			return 0;
		return advance(r, w, x_next_url(w, tok), n);
	}
	case K_YT_THREADS:
	case K_YT_REPLIES: {
		const char *tok;

		data = json_object_get(doc, "items");
		json_array_foreach(data, i, it) {
			if (w->kind == K_YT_THREADS) {
				json_t *top = sc_json_path(it, "snippet.topLevelComment");
				json_t *reps = sc_json_path(it, "replies.comments");
				json_t *rep, *copy, *ctx;
				int64_t t = item_time(top, "snippet.updatedAt");
				int64_t act = t;
				const char *tid = sc_json_str(it, "id");
				const char *vid = sc_json_path_str(it, "snippet.videoId");
				json_t *trc = sc_json_path(it, "snippet.totalReplyCount");
				size_t k;

				json_array_foreach(reps, k, rep) {
					int64_t rt = item_time(rep, "snippet.updatedAt");
					if (rt > act)
						act = rt;
				}
				if (act && act < j->since) {
					stop = 1;	/* order=time: the rest is older */
					break;
				}
				if (t >= j->since || t == 0) {
					note_time(j, t);
					copy = json_copy(it);
					json_object_del(copy, "replies");
					ctx = ctx_new(w);
					if (vid)
						json_object_set_new(ctx, "video_id", json_string(vid));
					if (tid)
						json_object_set_new(ctx, "thread_id", json_string(tid));
					emit(r, w, ctx, copy);
					json_decref(copy);
				}
				if (json_integer_value(trc) > (json_int_t)json_array_size(reps) && safe_id(tid)) {
					sc_buf_reset(&b);
					sc_buf_printf(&b, "%s/youtube/v3/comments", pr->base);
					sc_url_add(&b, "part", "snippet");
					sc_url_add(&b, "parentId", tid);
					sc_url_add(&b, "maxResults", "100");
					sc_url_add(&b, "textFormat", "plainText");
					struct walk *x = walk_add(r, j, K_YT_REPLIES, sc_xstrdup(b.data), tid, 0);
					if (vid)
						x->ctx_video = sc_xstrdup(vid);
					continue;
				}
				json_array_foreach(reps, k, rep) {
					int64_t rt = item_time(rep, "snippet.updatedAt");
					if (rt && rt < j->since)
						continue;
					note_time(j, rt);
					ctx = ctx_new(w);
					if (vid)
						json_object_set_new(ctx, "video_id", json_string(vid));
					json_object_set_new(ctx, "thread_id", json_string(tid ? tid : ""));
					json_object_set_new(ctx, "parent_id", json_string(tid ? tid : ""));
					emit(r, w, ctx, rep);
				}
			} else {
				int64_t rt = item_time(it, "snippet.updatedAt");
				json_t *ctx;
				if (rt && rt < j->since)
					continue;
				note_time(j, rt);
				ctx = ctx_new(w);
				if (w->ctx_video)
					json_object_set_new(ctx, "video_id", json_string(w->ctx_video));
				json_object_set_new(ctx, "thread_id", json_string(w->ctx_id));
				json_object_set_new(ctx, "parent_id", json_string(w->ctx_id));
				emit(r, w, ctx, it);
			}
		}
		n = json_array_size(data);
		tok = sc_json_str(doc, "nextPageToken");
		sc_buf_release(&b);
		if (stop || tok == NULL)
			return 0;
		return advance(r, w, token_next_url(w, tok), n);
	}
	case K_GBP_REVIEWS: {
		const char *tok;

		data = json_object_get(doc, "reviews");
		json_array_foreach(data, i, it) {
			int64_t t = item_time(it, "updateTime");
			json_t *ctx;
			if (t && t < j->since) {
				stop = 1;
				break;
			}
			note_time(j, t);
			ctx = ctx_new(w);
			json_object_set_new(ctx, "location", json_string(pr->p->account_id));
			emit(r, w, ctx, it);
		}
		n = json_array_size(data);
		tok = sc_json_str(doc, "nextPageToken");
		sc_buf_release(&b);
		if (stop || tok == NULL)
			return 0;
		return advance(r, w, token_next_url(w, tok), n);
	}
	}
	sc_buf_release(&b);
	return 0;
}

/* ---- classifying responses ---- */

enum verdict { V_OK, V_RETRY, V_WAIT, V_SKIP, V_DEFER_PROF, V_DENY_PROF, V_DENY_JOB };
enum scope { S_WALK, S_PROFILE, S_APP };

struct answer {
	enum verdict v;
	enum scope scope;
	int64_t wait_ms;	/* V_WAIT: -1 = use backoff */
	char why[300];
};

static int
kind_is_child(int kind)
{
	return kind == K_FB_COMMENTS || kind == K_FB_MSGS || kind == K_IG_COMMENTS ||
	       kind == K_IG_REPLIES || kind == K_YT_REPLIES;
}

/* Wait the server asked for, in ms from now: -1 when it did not say, 0
   when what it said is already past or unusable. */
static int64_t
told_wait(const struct rhdr *h)
{
	return sc_http_told_wait(h->retry_after, h->rl_reset, wall_ms());
}

/* Graph X-Business-Use-Case-Usage: the largest estimated_time_to_regain_access, minutes. */
static int64_t
buc_minutes(const char *hdr)
{
	json_t *doc, *arr, *o;
	const char *k;
	size_t i;
	int64_t m = 0;

	if (*hdr == '\0')
		return 0;
	doc = json_loads(hdr, 0, NULL);
	json_object_foreach(doc, k, arr) {
		json_array_foreach(arr, i, o) {
			json_int_t v = json_integer_value(json_object_get(o, "estimated_time_to_regain_access"));
			if (v > m)
				m = v;
		}
	}
	json_decref(doc);
	return m;
}

/* Next midnight in America/Los_Angeles (the YouTube quota day), epoch s. */
static int64_t
next_pacific_midnight(int64_t now)
{
	struct tm tm;
	int64_t t;

	if (sc_tz_local("America/Los_Angeles", now, &tm) < 0)
		return now + 86400;
	tm.tm_hour = 0;
	tm.tm_min = 0;
	tm.tm_sec = 0;
	tm.tm_mday += 1;
	tm.tm_isdst = -1;
	/* normalise the day overflow with timegm, then convert back */
	{
		time_t u = timegm(&tm);
		struct tm n;
		gmtime_r(&u, &n);
		if (sc_tz_mktime("America/Los_Angeles", &n, &t) < 0)
			return now + 86400;
	}
	return t;
}

static void
classify(struct run *r, struct walk *w, CURLcode cc, long status, json_t **docp, struct answer *a)
{
	struct prof *pr = w->job->pr;
	const char *tokname = pr->p->token;
	json_t *doc = NULL, *err;
	json_error_t je;
	int graph = pr->plat == SC_PLAT_FACEBOOK || pr->plat == SC_PLAT_INSTAGRAM;

	memset(a, 0, sizeof(*a));
	a->wait_ms = -1;
	*docp = NULL;
	if (cc != CURLE_OK) {
		switch (cc) {
		case CURLE_PEER_FAILED_VERIFICATION:
		case CURLE_SSL_CONNECT_ERROR:
		case CURLE_SSL_CERTPROBLEM:
		case CURLE_SSL_CACERT_BADFILE:
		case CURLE_UNSUPPORTED_PROTOCOL:
			a->v = V_DENY_PROF;
			snprintf(a->why, sizeof(a->why), "TLS or protocol failure: %s", curl_easy_strerror(cc));
			return;
		case CURLE_WRITE_ERROR:
			a->v = V_DENY_JOB;
			snprintf(a->why, sizeof(a->why), "response larger than %ld bytes", MAX_BODY);
			return;
		default:
			a->v = V_RETRY;
			snprintf(a->why, sizeof(a->why), "%s", curl_easy_strerror(cc));
			return;
		}
	}
	if (w->body.len > 0)
		doc = json_loadb(w->body.data, w->body.len, 0, &je);
	if (doc && !json_is_object(doc)) {
		json_decref(doc);
		doc = NULL;
	}
	if (status == 200 || status == 201) {
		int shape = 0;
		if (doc == NULL) {
			a->v = V_RETRY;
			snprintf(a->why, sizeof(a->why), "HTTP %ld with %s", status,
				 w->body.len == 0 ? "an empty body" :
				 (w->body.data[0] == '<' || strncasecmp(w->rh.ctype, "text/html", 9) == 0) ?
				 "an HTML page" : "invalid JSON");
			return;
		}
		switch (w->kind) {
		case K_X_LIST: case K_X_DMS:
			shape = json_is_object(json_object_get(doc, "meta"));
			break;
		case K_YT_THREADS: case K_YT_REPLIES:
			shape = json_is_array(json_object_get(doc, "items"));
			break;
		case K_GBP_REVIEWS:
			shape = json_object_get(doc, "reviews") != NULL ||
				json_object_get(doc, "totalReviewCount") != NULL;
			break;
		default:
			shape = json_is_array(json_object_get(doc, "data"));
		}
		if (!shape) {
			json_decref(doc);
			a->v = V_RETRY;
			snprintf(a->why, sizeof(a->why), "HTTP %ld with an unexpected JSON shape", status);
			return;
		}
		*docp = doc;
		a->v = V_OK;
		return;
	}
	err = json_object_get(doc, "error");
	if (graph && json_is_object(err)) {
		json_int_t code = json_integer_value(json_object_get(err, "code"));
		int transient = json_is_true(json_object_get(err, "is_transient"));

		int gc = sc_graph_error_class((long long)code, transient, status);

		if (gc == SC_GRAPH_TOKEN) {
			a->v = V_DENY_PROF;
			snprintf(a->why, sizeof(a->why),
				 "access token expired or invalid (Graph code %lld); put a new page token in %s and rerun",
				 (long long)code, tokname);
		} else if (gc == SC_GRAPH_APP_THROTTLE) {
			a->v = V_WAIT;
			a->scope = S_APP;
			snprintf(a->why, sizeof(a->why), "Graph application throttling (code 4)");
		} else if (gc == SC_GRAPH_THROTTLE) {
			int64_t m = buc_minutes(w->rh.buc);
			a->v = V_WAIT;
			a->scope = S_PROFILE;
			if (m > 0)
				a->wait_ms = m * 60000;
			snprintf(a->why, sizeof(a->why), "Graph throttling (code %lld)", (long long)code);
		} else if (gc == SC_GRAPH_TRANSIENT) {
			a->v = V_RETRY;
			snprintf(a->why, sizeof(a->why), "Graph transient error (code %lld, HTTP %ld)",
				 (long long)code, status);
		} else if (w->kind == K_FB_ADS && (code == 10 || code == 100 || (code >= 200 && code < 300))) {
			/* a page without the ads permissions: its organic comments still count */
			a->v = V_SKIP;
			snprintf(a->why, sizeof(a->why),
				 "ad posts not readable (Graph code %lld; needs ads_read), comments on ads skipped",
				 (long long)code);
		} else if (code == 100 && kind_is_child(w->kind)) {
			a->v = V_SKIP;
			snprintf(a->why, sizeof(a->why), "object gone (Graph code 100), skipped");
		} else {
			a->v = V_DENY_JOB;
			snprintf(a->why, sizeof(a->why), "access refused (Graph code %lld, HTTP %ld)",
				 (long long)code, status);
		}
		json_decref(doc);
		return;
	}
	if (status == 429) {
		const char *type = sc_json_str(doc, "type");
		const char *title = sc_json_str(doc, "title");
		if ((type && strstr(type, "usage-capped")) || (title && strcmp(title, "UsageCapExceeded") == 0)) {
			const char *period = sc_json_str(doc, "period");
			a->v = V_DEFER_PROF;
			snprintf(a->why, sizeof(a->why),
				 "X usage cap reached (%s); not retried before the next period",
				 period ? period : "cap");
		} else {
			a->v = V_WAIT;
			a->scope = S_PROFILE;
			a->wait_ms = told_wait(&w->rh);
			snprintf(a->why, sizeof(a->why), "rate limited (HTTP 429)");
		}
		json_decref(doc);
		return;
	}
	if (pr->plat == SC_PLAT_YOUTUBE && json_is_object(err)) {
		const char *reason = sc_youtube_error_reason(err);
		if (reason && strcmp(reason, "quotaExceeded") == 0) {
			char until[32];
			sc_time_format(next_pacific_midnight(r->o->now), until);
			a->v = V_DEFER_PROF;
			snprintf(a->why, sizeof(a->why),
				 "YouTube quota exceeded; not retried before the quota day ends (%s)", until);
		} else if (reason && (strcmp(reason, "rateLimitExceeded") == 0 ||
				      strcmp(reason, "userRateLimitExceeded") == 0)) {
			a->v = V_WAIT;
			a->scope = S_PROFILE;
			snprintf(a->why, sizeof(a->why), "YouTube rate limit (%s)", reason);
		} else if (reason && (strcmp(reason, "commentsDisabled") == 0 ||
				      strcmp(reason, "commentNotFound") == 0) && kind_is_child(w->kind)) {
			a->v = V_SKIP;
			snprintf(a->why, sizeof(a->why), "%s, skipped", reason);
		} else if (status == 401) {
			a->v = V_DENY_PROF;
			snprintf(a->why, sizeof(a->why),
				 "access token refused (HTTP 401); put a new token in %s and rerun", tokname);
		} else if (status >= 500) {
			a->v = V_RETRY;
			snprintf(a->why, sizeof(a->why), "HTTP %ld", status);
		} else {
			a->v = V_DENY_JOB;
			snprintf(a->why, sizeof(a->why), "access refused (HTTP %ld%s%s)", status,
				 reason ? ", " : "", reason ? reason : "");
		}
		json_decref(doc);
		return;
	}
	json_decref(doc);
	if (status == 401) {
		a->v = V_DENY_PROF;
		snprintf(a->why, sizeof(a->why),
			 "access token refused (HTTP 401); put a new token in %s and rerun", tokname);
	} else if (status >= 500 || status == 408) {
		a->v = V_RETRY;
		snprintf(a->why, sizeof(a->why), "HTTP %ld", status);
	} else if (status == 404 && kind_is_child(w->kind)) {
		a->v = V_SKIP;
		snprintf(a->why, sizeof(a->why), "not found, skipped");
	} else {
		a->v = V_DENY_JOB;
		snprintf(a->why, sizeof(a->why), "access refused (HTTP %ld)", status);
	}
}

static int64_t
backoff(struct run *r, int attempt)
{
	int64_t d = r->o->backoff_ms, cap = 30000;
	int i;

	if (r->o->max_wait * 1000 < cap)
		cap = r->o->max_wait * 1000;
	for (i = 1; i < attempt && d < cap; i++)
		d *= 2;
	if (d > cap)
		d = cap;
	if (d < 1)
		d = 1;
	r->rnd = r->rnd * 1103515245u + 12345u;
	/* equal jitter: at least half the delay, at most all of it */
	return d / 2 + (int64_t)((r->rnd >> 8) % (uint64_t)(d / 2 + 1));
}

static void on_done(struct run *r, struct walk *w, CURLcode cc);

/* ---- curl ---- */

static size_t
write_cb(char *p, size_t size, size_t n, void *ud)
{
	struct walk *w = ud;

	if (w->body.len + size * n > (size_t)MAX_BODY)
		return 0;
	sc_buf_add(&w->body, p, size * n);
	return size * n;
}

static size_t
header_cb(char *p, size_t size, size_t n, void *ud)
{
	struct walk *w = ud;
	size_t len = size * n;
	const char *colon = memchr(p, ':', len);
	size_t nl;

	if (colon == NULL)
		return len;
	nl = (size_t)(colon - p);
#define H(name, field) \
	if (nl == sizeof(name) - 1 && strncasecmp(p, name, nl) == 0) \
		sc_http_header_value(w->rh.field, sizeof(w->rh.field), colon + 1, len - nl - 1);
	H("retry-after", retry_after)
	H("x-rate-limit-reset", rl_reset)
	H("x-rate-limit-remaining", rl_remaining)
	H("x-business-use-case-usage", buc)
	H("content-type", ctype)
#undef H
	return len;
}

static int
host_index(struct run *r, const char *origin)
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

static void
start(struct run *r, struct walk *w)
{
	struct prof *pr = w->job->pr;
	CURL *h = curl_easy_init();
	int loop = strncasecmp(pr->origin, "http://", 7) == 0;

	if (h == NULL) {
		fprintf(stderr, "out of memory\n");
		abort();
	}
	sc_buf_reset(&w->body);
	memset(&w->rh, 0, sizeof(w->rh));
	w->easy = h;
	curl_easy_setopt(h, CURLOPT_URL, w->url);
	curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, loop ? "http" : "https");
	curl_easy_setopt(h, CURLOPT_REDIR_PROTOCOLS_STR, "https");
	curl_easy_setopt(h, CURLOPT_FOLLOWLOCATION, 0L);
	curl_easy_setopt(h, CURLOPT_SSL_VERIFYPEER, 1L);
	curl_easy_setopt(h, CURLOPT_SSL_VERIFYHOST, 2L);
	curl_easy_setopt(h, CURLOPT_HTTPHEADER, pr->hdrs);
	curl_easy_setopt(h, CURLOPT_USERAGENT, "sc-fetch/" SC_VERSION);
	curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, write_cb);
	curl_easy_setopt(h, CURLOPT_WRITEDATA, w);
	curl_easy_setopt(h, CURLOPT_HEADERFUNCTION, header_cb);
	curl_easy_setopt(h, CURLOPT_HEADERDATA, w);
	curl_easy_setopt(h, CURLOPT_PRIVATE, w);
	curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(h, CURLOPT_ACCEPT_ENCODING, "");
	curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT, (long)(r->o->timeout < 10 ? r->o->timeout : 10));
	curl_easy_setopt(h, CURLOPT_TIMEOUT, (long)r->o->timeout);
	curl_easy_setopt(h, CURLOPT_LOW_SPEED_LIMIT, 1L);
	curl_easy_setopt(h, CURLOPT_LOW_SPEED_TIME, (long)(r->o->timeout < 30 ? r->o->timeout : 30));
	curl_multi_add_handle(r->multi, h);
	w->next = r->running;
	r->running = w;
	r->active++;
	r->hosts[pr->host].active++;
	r->requests++;
	pr->oc->requests++;
	if (r->o->verbose) {
		char *red = sc_url_redact_new(w->url);
		say(r, 0, "profile %s: GET %s", pr->p->name, red);
		free(red);
	}
}

static void
on_done(struct run *r, struct walk *w, CURLcode cc)
{
	struct job *j = w->job;
	struct prof *pr = j->pr;
	struct answer a;
	json_t *doc = NULL;
	long status = 0;
	int64_t wait;

	struct walk **pp;

	for (pp = &r->running; *pp && *pp != w; pp = &(*pp)->next)
		;
	if (*pp)
		*pp = w->next;
	w->next = NULL;
	curl_easy_getinfo(w->easy, CURLINFO_RESPONSE_CODE, &status);
	curl_multi_remove_handle(r->multi, w->easy);
	curl_easy_cleanup(w->easy);
	w->easy = NULL;
	r->active--;
	r->hosts[pr->host].active--;
	if (j->status != 0 || r->fatal) {
		walk_done(r, w);
		return;
	}
	classify(r, w, cc, status, &doc, &a);
	switch (a.v) {
	case V_OK:
		w->attempts = 0;
		/* the window's last call: hold the profile until the reset, so
		   the next request is not a 429 (X) */
		if (strcmp(w->rh.rl_remaining, "0") == 0 && w->rh.rl_reset[0]) {
			int64_t hold = told_wait(&w->rh);
			if (hold > 0 && hold + 50 > r->o->max_wait * 1000) {
				char why[200], until[32];
				sc_time_format((wall_ms() + hold) / 1000, until);
				snprintf(why, sizeof(why), "rate limit window used up until %s (over --max-wait), try later", until);
				process_page(r, w, doc);
				json_decref(doc);
				prof_fail(r, pr, SC_EX_TEMPFAIL, why);
				walk_done(r, w);
				return;
			}
			if (hold > 0)
				pr->hold_until = mono_ms() + hold + 50;
		}
		if (process_page(r, w, doc)) {
			json_decref(doc);
			schedule(r, w, 0);
			return;
		}
		json_decref(doc);
		walk_done(r, w);
		return;
	case V_SKIP:
		say(r, 0, "profile %s: %s: %s", pr->p->name, sources[j->src].name, a.why);
		walk_done(r, w);
		return;
	case V_DEFER_PROF:
		prof_fail(r, pr, SC_EX_TEMPFAIL, a.why);
		walk_done(r, w);
		return;
	case V_DENY_PROF:
		prof_fail(r, pr, SC_EX_UNAVAILABLE, a.why);
		walk_done(r, w);
		return;
	case V_DENY_JOB:
		job_fail(r, j, SC_EX_UNAVAILABLE, a.why);
		walk_done(r, w);
		return;
	case V_RETRY:
	case V_WAIT:
		break;
	}
	if (++w->attempts > r->o->retries) {
		char why[400];
		snprintf(why, sizeof(why), "%s; gave up after %d attempts, try later", a.why, w->attempts);
		job_fail(r, j, SC_EX_TEMPFAIL, why);
		walk_done(r, w);
		return;
	}
	wait = a.wait_ms;
	if (a.v == V_RETRY || wait < 0)
		wait = backoff(r, w->attempts);
	else if (wait == 0)	/* told a time already past: never a hot loop */
		wait = backoff(r, w->attempts) + 1000;
	else
		wait += 50;	/* never before the time we were told */
	if (status == 429 && wait < 1000)
		wait = 1000;
	if (wait > r->o->max_wait * 1000) {
		char why[400], until[32];
		sc_time_format((wall_ms() + wait) / 1000, until);
		snprintf(why, sizeof(why), "%s; must wait until %s (over --max-wait), try later", a.why, until);
		prof_fail(r, pr, SC_EX_TEMPFAIL, why);
		walk_done(r, w);
		return;
	}
	say(r, 0, "profile %s: %s: %s; retry %d in %lld ms", pr->p->name, sources[j->src].name, a.why,
	    w->attempts, (long long)wait);
	if (a.v == V_WAIT && a.scope == S_PROFILE)
		pr->hold_until = mono_ms() + wait;
	if (a.v == V_WAIT && a.scope == S_APP)
		r->app_hold[pr->plat] = mono_ms() + wait;
	schedule(r, w, wait);
}

static void
progress(struct run *r, int force)
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

static int
source_wanted(const char *list, const char *name)
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
			if (sources[s].plat == plat && strlen(sources[s].name) == k &&
			    strncmp(p, sources[s].name, k) == 0)
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
		if (sources[s].plat == plat && off < cap)
			off += (size_t)snprintf(buf + off, cap - off, "%s%s", off ? ", " : "",
						sources[s].name);
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
prof_setup(struct run *r, const struct sc_profiles *ps, struct prof *pr)
{
	const struct sc_fetch_opts *o = r->o;
	const char *base = sc_profile_get(ps, pr->p, "base_url");
	char why[200], bad[64], list[100];
	struct sc_error e;
	struct sc_buf h;
	const char *b;

	pr->page_id = sc_profile_get(ps, pr->p, "page_id");
	if (!account_ok(pr->p->account_id, pr->plat == SC_PLAT_GOOGLE) ||
	    (*pr->page_id && !account_ok(pr->page_id, 0))) {
		snprintf(why, sizeof(why), "bad %s (want %s)", *pr->page_id && account_ok(pr->p->account_id,
			 pr->plat == SC_PLAT_GOOGLE) ? "page_id" : "account_id",
			 pr->plat == SC_PLAT_GOOGLE ? "accounts/A/locations/L" : "the platform's id: letters, digits, _ and -");
		outcome_fail(pr, SC_EX_CONFIG, NULL, why);
		return -1;
	}
	if (bad_source(pr->p->sources, pr->plat, bad, sizeof(bad))) {
		source_list(pr->plat, list, sizeof(list));
		snprintf(why, sizeof(why), "unknown source '%s' for %s (want %s)", bad,
			 sc_platform_name(pr->plat), list);
		outcome_fail(pr, SC_EX_CONFIG, NULL, why);
		return -1;
	}
	b = *base ? base : o->base[pr->plat] ? o->base[pr->plat] :
	    (pr->plat == SC_PLAT_INSTAGRAM && o->base[SC_PLAT_FACEBOOK]) ? o->base[SC_PLAT_FACEBOOK] :
	    o->base_all ? o->base_all : sc_platform_default_base(pr->plat);
	if (sc_url_check_base(b, &pr->origin, why) < 0) {
		outcome_fail(pr, SC_EX_CONFIG, NULL, why);
		return -1;
	}
	pr->base = sc_xstrdup(b);
	while (strlen(pr->base) > strlen(pr->origin) && pr->base[strlen(pr->base) - 1] == '/')
		pr->base[strlen(pr->base) - 1] = '\0';
	if (strlen(pr->base) == strlen(pr->origin) + 1)
		pr->base[strlen(pr->origin)] = '\0';
	pr->host = host_index(r, pr->origin);
	sc_error_clear(&e);
	pr->token = sc_fetch_token_new(pr->p->token, &e);
	if (pr->token == NULL) {
		char msg[400];
		if (e.source[0])
			snprintf(msg, sizeof(msg), "%.150s: %.240s", e.source, e.text);
		else
			snprintf(msg, sizeof(msg), "%.390s", e.text);
		outcome_fail(pr, SC_EX_CONFIG, NULL, msg);
		return -1;
	}
	sc_buf_init(&h);
	sc_buf_printf(&h, "Authorization: Bearer %s", pr->token);
	pr->hdrs = curl_slist_append(NULL, h.data);
	pr->hdrs = curl_slist_append(pr->hdrs, "Accept: application/json");
	explicit_bzero(h.data, h.len);
	sc_buf_release(&h);
	return 0;
}

int
sc_fetch_run(const struct sc_fetch_opts *o, const struct sc_profiles *ps,
	     const unsigned char *selected, struct sc_out *out,
	     struct sc_fetch_outcome *oc)
{
	struct run r;
	size_t i, s, k;
	int status = 0;
	struct stat sb;

	memset(&r, 0, sizeof(r));
	r.o = o;
	r.out = out;
	r.rnd = (unsigned)getpid() ^ (unsigned)o->now;
	r.out_is_file = fstat(out->fd, &sb) == 0 && S_ISREG(sb.st_mode);
	r.profs = sc_xcalloc(ps->n ? ps->n : 1, sizeof(*r.profs));
	r.jobs = sc_xcalloc(ps->n * SRC_N + 1, sizeof(*r.jobs));
	sc_fetch_clean_tmp(o->state_dir);

	for (i = 0; i < ps->n; i++) {
		struct prof *pr = &r.profs[r.nprofs];
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
		for (s = 0; s < SRC_N; s++) {
			struct job *j;
			struct sc_error se;
			int rc;

			if (sources[s].plat != plat || !source_wanted(pr->p->sources, sources[s].name) ||
			    !source_wanted(o->sources, sources[s].name))
				continue;
			sc_error_clear(&se);
			if (o->reset && sc_fetch_state_remove(o->state_dir, pr->p->name, sources[s].name, &se) < 0) {
				outcome_fail(pr, SC_EX_IOERR, sources[s].name, se.text);
				continue;
			}
			j = sc_xcalloc(1, sizeof(*j));
			j->pr = pr;
			j->src = (int)s;
			rc = sc_fetch_state_load(o->state_dir, pr->p->name, sources[s].name, o->now, &j->st, &se);
			if (rc < 0) {
				char why[400];
				snprintf(why, sizeof(why), "%.150s: %.240s", se.source, se.text);
				outcome_fail(pr, SC_EX_CONFIG, NULL, why);
				pr->dead = 1;
				free(j);
				continue;
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
	for (k = 0; k < r.njobs; k++)
		if (!r.jobs[k]->pr->dead)
			job_start(&r, r.jobs[k]);
		else
			r.jobs[k]->status = SC_EX_CONFIG;
	for (k = 0; k < r.njobs; k++)
		if (r.jobs[k]->pr->dead)
			r.jobs_done++;

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
		struct walk **pp = &r.pending, *w;
		int running, numfds, full = 0;
		CURLMsg *m;
		int q;
		long tmo;

		if (o->stop && *o->stop)
			break;
		while ((w = *pp) != NULL) {
			struct prof *pr = w->job->pr;
			int64_t t = w->not_before;

			if (w->job->status != 0 || pr->dead) {
				pending_unlink(&r, pp);
				walk_done(&r, w);
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
			start(&r, w);
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
				struct walk *dw = NULL;
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
		struct walk *w = r.pending;
		r.pending = w->next;
		walk_free(w);
	}
	while (r.running) {
		struct walk *w = r.running;
		r.running = w->next;
		curl_multi_remove_handle(r.multi, w->easy);
		curl_easy_cleanup(w->easy);
		walk_free(w);
	}
	curl_multi_cleanup(r.multi);

	if (r.fatal) {
		status = r.fatal;
	} else if (o->stop && *o->stop) {
		status = 128 + *o->stop;
	} else {
		for (k = 0; k < r.nprofs; k++)
			if (status_rank(oc[k].status) > status_rank(status))
				status = oc[k].status;
	}
	for (k = 0; k < r.njobs; k++)
		free(r.jobs[k]);
	free(r.jobs);
	for (k = 0; k < r.nprofs; k++) {
		if (r.profs[k].token) {
			explicit_bzero(r.profs[k].token, strlen(r.profs[k].token));
			free(r.profs[k].token);
		}
		curl_slist_free_all(r.profs[k].hdrs);
		free(r.profs[k].origin);
		free(r.profs[k].base);
	}
	free(r.profs);
	for (k = 0; k < (size_t)r.nhosts; k++)
		free(r.hosts[k].origin);
	return status;
}
