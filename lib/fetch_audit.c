/*
 * fetch_audit.c - sc-fetch --audit: does the archive hold everything the
 * platforms say they hold?
 *
 * For each selected profile and source the platform is asked for its own
 * counts over the audit window (containers active since o->since):
 *
 *   facebook comments    each published and ad post: comments?filter=stream
 *                        &summary=true -> summary.total_count
 *   facebook, instagram  each conversation: message_count
 *   messages
 *   instagram comments   each medium: comments_count
 *   x mentions           each of the brand's posts (users/ID/tweets since
 *                        the window): public_metrics.reply_count, against
 *                        the archived posts of any X source that reply to
 *                        it (referenced_tweets replied_to); mentions that
 *                        reply to nothing of the brand's have no count
 *   youtube comments     each thread: 1 + snippet.totalReplyCount
 *   google reviews       the location: the reviews written since, listed
 *                        again, plus what totalReviewCount (all time)
 *                        counts beyond the whole listing ("unlisted": a
 *                        listing that leaves reviews out)
 *   tiktok comments      each video (business/video/list): comments, against
 *                        the archived comments and their reply_list
 *   linkedin comments    each post (rest/posts?q=author): socialMetadata's
 *                        commentSummary.count (comments and replies)
 *
 * and the archive (sc-fetch's own envelopes: the spool, or files it wrote)
 * is counted the same way, distinct item ids per container (context's
 * post_id, conversation_id, media_id, thread_id, location, video_id).  A
 * container with fewer archived items than the platform counts is a gap.
 * Every other source the profile reads gets a line too, "not audited:"
 * and why (the platform gives no count for it).  Ingest lag is fetched_at
 * minus the item's own time, the first fetch of each item, p50 and p99 by
 * nearest rank, per source and per profile.  Requests are sequential (an
 * audit is a daily trickle), through the same client as the fetch (api.h).
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "fetch_int.h"

struct audit {
	const struct sc_audit_opts *o;
	json_t *arch;		/* profile -> source -> container -> id -> lag (s) */
	unsigned rnd;
	int status;		/* worst failure */
	int gaps;
	sc_fetch_msg_fn msg;
	void *msg_ctx;
};

/* The item's own time, by the paths the platforms use. */
static int64_t
own_time(json_t *item)
{
	static const char *paths[] = {"created_time", "timestamp", "created_at", "createTime",
				      "create_time", "created.time",
				      "snippet.topLevelComment.snippet.publishedAt",
				      "snippet.publishedAt", "updateTime", NULL};
	int i;

	for (i = 0; paths[i]; i++) {
		int64_t t = sc_fetch_item_time(item, paths[i]);
		if (t)
			return t;
	}
	return 0;
}

static const char *
container_of(const char *platform, const char *source, json_t *ctx)
{
	if (strcmp(source, "reviews") == 0)
		return sc_json_str(ctx, "location");
	if (strcmp(source, "messages") == 0)
		return sc_json_str(ctx, "conversation_id");
	if (strcmp(platform, "facebook") == 0)
		return sc_json_str(ctx, "post_id");
	if (strcmp(platform, "instagram") == 0)
		return sc_json_str(ctx, "media_id");
	if (strcmp(platform, "youtube") == 0)
		return sc_json_str(ctx, "thread_id");
	if (strcmp(platform, "tiktok") == 0)
		return sc_json_str(ctx, "video_id");
	if (strcmp(platform, "linkedin") == 0)
		return sc_json_str(ctx, "post_id");
	return sc_json_str(ctx, "conversation_id");
}

static json_t *
child(json_t *o, const char *k)
{
	json_t *c = json_object_get(o, k);

	if (c == NULL) {
		c = json_object();
		json_object_set_new(o, k, c);
	}
	return c;
}

/* One archived item of a container: its smallest lag (-1: unknown) and
   its own time. */
static void
note_item(json_t *set, const char *id, int64_t lag, int64_t t)
{
	json_t *old = json_object_get(set, id);

	if (old == NULL || (lag >= 0 && (json_integer_value(json_array_get(old, 0)) < 0 ||
					 lag < json_integer_value(json_array_get(old, 0)))))
		json_object_set_new(set, id, json_pack("[I,I]", (json_int_t)lag, (json_int_t)t));
}

static const char *
item_id(json_t *item)
{
	const char *id = sc_json_str(item, "id");

	if (id == NULL)
		id = sc_json_str(item, "reviewId");
	if (id == NULL)
		id = sc_json_str(item, "comment_id");	/* TikTok */
	return id;
}

static void
count_envelope(struct audit *a, json_t *env)
{
	const char *plat = sc_json_str(env, "platform"), *prof = sc_json_str(env, "profile");
	const char *src = sc_json_str(env, "source"), *cont, *id;
	json_t *item = json_object_get(env, "item"), *set, *r;
	int64_t fetched = 0, t;
	size_t i;

	if (!plat || !prof || !src || !json_is_object(item) || sc_json_str(env, "sc") == NULL ||
	    strcmp(sc_json_str(env, "sc"), "raw") != 0)
		return;
	cont = container_of(plat, src, json_object_get(env, "context"));
	id = item_id(item);
	if (cont == NULL || id == NULL)
		return;
	sc_time_parse_json(json_object_get(env, "fetched_at"), &fetched);
	t = own_time(item);
	set = child(child(child(a->arch, prof), src), cont);
	note_item(set, id, fetched && t ? fetched - t : -1, t);
	if (strcmp(plat, "tiktok") == 0)	/* the replies come inside their comment */
		json_array_foreach(json_object_get(item, "reply_list"), i, r) {
			int64_t rt = own_time(r);
			if (item_id(r))
				note_item(set, item_id(r), fetched && rt ? fetched - rt : -1, rt);
		}
	if (strcmp(plat, "x") == 0)	/* a reply to one of the brand's posts, whatever the source */
		json_array_foreach(json_object_get(item, "referenced_tweets"), i, r) {
			const char *to = sc_json_str(r, "id");
			if (to && sc_json_str(r, "type") && strcmp(sc_json_str(r, "type"), "replied_to") == 0)
				note_item(child(child(child(a->arch, prof), " x replies"), to), id, -1, t);
		}
}

static int
read_archive(struct audit *a, const char *path, struct sc_error *e)
{
	struct sc_reader r;
	const char *line;
	size_t len;
	int fd = strcmp(path, "-") == 0 ? 0 : open(path, O_RDONLY | O_CLOEXEC), got;

	if (fd < 0)
		return sc_error_set(e, SC_EX_NOINPUT, path, 0, 0, "cannot open archive: %s", strerror(errno));
	sc_reader_init(&r, fd, path, a->o->max_line ? a->o->max_line : SC_MAX_LINE_DEFAULT * 32);
	while ((got = sc_reader_next(&r, &line, &len, e)) == 1) {
		json_error_t je;
		json_t *env;

		if (r.too_long) {
			/* its items would count as missing: say so, and exit 65 */
			char buf[700];
			snprintf(buf, sizeof(buf), "%s:%ld: line too long (over %zu bytes): its items are not counted",
				 path, r.lineno, r.max_line);
			if (a->msg)
				a->msg(a->msg_ctx, 1, buf);
			if (sc_status_worse(SC_EX_DATAERR, a->status))
				a->status = SC_EX_DATAERR;
			continue;
		}
		env = json_loadb(line, len, 0, &je);
		if (json_is_object(env))
			count_envelope(a, env);	/* other lines (records, broken ones) do not count */
		json_decref(env);
	}
	sc_reader_release(&r);
	if (fd != 0)
		close(fd);
	return got < 0 ? -1 : 0;
}

/* ---- asking the platform ---- */

struct target {
	const struct sc_profile *p;
	int plat;
	char *origin, *base, *token;
	struct curl_slist *hdrs;
	char why[400];
	int status;
	long unlisted;		/* Google: totalReviewCount beyond the listing, -1 unknown */
};

/* GET url into *doc (a JSON object); 0, or a status with t->why set. */
static int
get(struct audit *a, struct target *t, const char *url, json_t **doc)
{
	struct sc_api_req q;
	struct sc_api_resp r;
	int attempt;

	memset(&q, 0, sizeof(q));
	q.url = url;
	q.headers = t->hdrs;
	q.timeout = a->o->timeout;
	q.agent = "sc-fetch";
	sc_api_resp_init(&r);
	for (attempt = 1;; attempt++) {
		struct sc_api_error ae;
		int64_t wait;

		sc_api_perform(&q, &r);
		*doc = sc_api_json(&r);
		if (r.cc == CURLE_OK && r.status == 200 && *doc) {
			sc_api_resp_release(&r);
			return 0;
		}
		sc_api_classify(t->plat, &r, *doc, t->p->token, t->token, a->o->now, &ae);
		json_decref(*doc);
		*doc = NULL;
		snprintf(t->why, sizeof(t->why), "%s", ae.why);
		if (r.cc == CURLE_OK && r.status == 200)
			snprintf(t->why, sizeof(t->why), "HTTP 200 with a body that is not a JSON object");
		if ((ae.cls != SC_API_TRANSIENT && ae.cls != SC_API_NET_RETRY && ae.cls != SC_API_THROTTLE &&
		     ae.cls != SC_API_APP_THROTTLE && !(r.cc == CURLE_OK && r.status == 200)) ||
		    attempt > a->o->retries) {
			sc_api_resp_release(&r);
			return ae.cls == SC_API_TOKEN || ae.cls == SC_API_REFUSED || ae.cls == SC_API_NET_FATAL
				       ? SC_EX_UNAVAILABLE
				       : ae.cls == SC_API_GONE ? SC_EX_CONFIG : SC_EX_TEMPFAIL;
		}
		wait = ae.wait_ms >= 0 ? ae.wait_ms + 50
				       : sc_api_backoff(&a->rnd, a->o->backoff_ms, a->o->max_wait, attempt);
		if (wait > a->o->max_wait * 1000) {
			sc_api_resp_release(&r);
			return SC_EX_TEMPFAIL;
		}
		sc_api_sleep_ms(wait);
	}
}

/* The next page of a listing, in each platform's way: Graph's
   paging.next (same origin, no token); else the first URL with Google's
   pageToken, X's pagination_token (meta.next_token), TikTok's cursor
   (data.has_more) or LinkedIn's start (paging.start + what came, below
   paging.total); NULL at the end. */
static char *
next_page(struct target *t, const char *first, json_t *doc, const char *list)
{
	const char *n = sc_json_path_str(doc, "paging.next"), *tok;
	json_t *tot = sc_json_path(doc, "paging.total");
	size_t got = json_array_size(sc_json_path(doc, list));
	struct sc_buf b;
	char num[32];

	if (n)
		return sc_url_same_origin(n, t->origin) ? sc_url_strip_param_new(n, "access_token") : NULL;
	sc_buf_init(&b);
	sc_buf_adds(&b, first);
	if ((tok = sc_json_str(doc, "nextPageToken")) != NULL) {
		sc_url_add(&b, "pageToken", tok);
	} else if ((tok = sc_json_path_str(doc, "meta.next_token")) != NULL) {
		sc_url_add(&b, "pagination_token", tok);
	} else if (json_is_true(sc_json_path(doc, "data.has_more")) &&
		   json_is_integer(sc_json_path(doc, "data.cursor"))) {
		snprintf(num, sizeof(num), "%lld", (long long)json_integer_value(sc_json_path(doc, "data.cursor")));
		sc_url_add(&b, "cursor", num);
	} else if (json_is_integer(tot) && got > 0 &&
		   json_integer_value(sc_json_path(doc, "paging.start")) + (json_int_t)got < json_integer_value(tot)) {
		snprintf(num, sizeof(num), "%lld",
			 (long long)(json_integer_value(sc_json_path(doc, "paging.start")) + (json_int_t)got));
		sc_url_add(&b, "start", num);
	} else {
		sc_buf_release(&b);
		return NULL;
	}
	return b.data;
}

/*
 * Walk a listing from url: for each item that is in the window (its time
 * at tpath, 0 = no check) call add(container id, count).  The listing is
 * newest first, so the first item before the window ends it.
 */
typedef long (*count_fn)(struct audit *a, struct target *t, json_t *item);

static int
walk(struct audit *a, struct target *t, const char *url, const char *list, const char *tpath,
     const char *idkey, count_fn count, json_t *counts)
{
	char *cur = sc_xstrdup(url);
	long pages = 0;
	int rc = 0;

	while (cur && pages++ < a->o->max_pages) {
		json_t *doc, *it;
		size_t i;
		int stop = 0;
		char *nx;

		if ((rc = get(a, t, cur, &doc)) != 0)
			break;
		json_array_foreach(sc_json_path(doc, list), i, it) {
			int64_t tm = tpath ? sc_fetch_item_time(it, tpath) : 0;
			const char *id = sc_json_str(it, idkey);
			long n;
			if (tm && tm < a->o->since) {
				stop = 1;
				break;
			}
			if (id == NULL || !sc_fetch_safe_id(id))
				continue;
			n = count(a, t, it);
			if (n < 0) {
				rc = t->status;
				break;
			}
			json_object_set_new(counts, id, json_integer(n));
		}
		nx = stop || rc ? NULL : next_page(t, url, doc, list);
		json_decref(doc);
		free(cur);
		cur = nx;
		if (rc)
			break;
	}
	free(cur);
	return rc;
}

/* The count at PATH of the answer to the URL in B (released); -1 when the
   request fails, its status in t->status. */
static long
count_get(struct audit *a, struct target *t, struct sc_buf *b, const char *path)
{
	json_t *doc;
	long n;

	t->status = get(a, t, b->data, &doc);
	sc_buf_release(b);
	if (t->status)
		return -1;
	n = (long)json_integer_value(sc_json_path(doc, path));
	json_decref(doc);
	return n;
}

static long
post_count(struct audit *a, struct target *t, json_t *post)
{
	struct sc_buf b;

	sc_buf_init(&b);
	sc_buf_printf(&b, "%s%s/%s/comments", t->base, SC_GRAPH_VERSION, sc_json_str(post, "id"));
	sc_url_add(&b, "filter", "stream");
	sc_url_add(&b, "summary", "true");
	sc_url_add(&b, "limit", "1");
	return count_get(a, t, &b, "summary.total_count");
}

static long
field_count(const json_t *it, const char *k)
{
	return (long)json_integer_value(json_object_get(it, k));
}

static long
conv_count(struct audit *a, struct target *t, json_t *it)
{
	return field_count(it, "message_count");
}

static long
media_count(struct audit *a, struct target *t, json_t *it)
{
	return field_count(it, "comments_count");
}

static long
thread_count(struct audit *a, struct target *t, json_t *it)
{
	return 1 + (long)json_integer_value(sc_json_path(it, "snippet.totalReplyCount"));
}

static long
reply_count(struct audit *a, struct target *t, json_t *it)
{
	return (long)json_integer_value(sc_json_path(it, "public_metrics.reply_count"));
}

static long
video_count(struct audit *a, struct target *t, json_t *it)
{
	return field_count(it, "comments");
}

/* rest/socialMetadata/{post URN}: commentSummary.count, the comments and
   their replies. */
static long
li_post_count(struct audit *a, struct target *t, json_t *post)
{
	struct sc_buf b;

	sc_buf_init(&b);
	sc_buf_printf(&b, "%s/rest/socialMetadata/", t->base);
	sc_fetch_path_enc(&b, sc_json_str(post, "id"));
	return count_get(a, t, &b, "commentSummary.count");
}

/* The Google location: reviews written since the window began, read again
   from the whole listing (bounded by --max-pages), and totalReviewCount,
   which counts all time: what it counts beyond the listing is counted as
   in the window (t->unlisted), a listing that leaves reviews out. */
static int
gbp_counts(struct audit *a, struct target *t, json_t *c)
{
	const char *acc = t->p->account_id;
	json_t *doc, *it;
	json_int_t total = -1;
	char *cur, *nx;
	long n = 0, listed = 0, pages = 0;
	int rc = 0, end = 0;
	size_t i;
	struct sc_buf b;

	sc_buf_init(&b);
	sc_buf_printf(&b, "%s/v4/%s/reviews", t->base, acc);
	sc_url_add(&b, "pageSize", "50");
	sc_url_add(&b, "orderBy", "updateTime desc");
	cur = sc_xstrdup(b.data);
	while (cur && pages++ < a->o->max_pages && (rc = get(a, t, cur, &doc)) == 0) {
		if (total < 0 && json_is_integer(json_object_get(doc, "totalReviewCount")))
			total = json_integer_value(json_object_get(doc, "totalReviewCount"));
		json_array_foreach(json_object_get(doc, "reviews"), i, it) {
			listed++;
			n += sc_fetch_item_time(it, "createTime") >= a->o->since;
		}
		nx = next_page(t, b.data, doc, "reviews");
		end = nx == NULL;
		json_decref(doc);
		free(cur);
		cur = nx;
	}
	free(cur);
	sc_buf_release(&b);
	t->unlisted = rc == 0 && end && total >= 0 ? (total > listed ? (long)(total - listed) : 0) : -1;
	json_object_set_new(c, acc, json_integer(n + (t->unlisted > 0 ? t->unlisted : 0)));
	return rc;
}

/* Why a source has nothing to compare with (NULL: it is audited). */
static const char *
no_count(int plat, const char *source)
{
	static const struct {
		int plat;
		const char *source, *why;
	} v[] = {
		{SC_PLAT_FACEBOOK, "visitor_posts", "Graph gives no count of the visitor posts on a page"},
		{SC_PLAT_FACEBOOK, "mentions", "Graph gives no count of the posts a page is tagged in"},
		{SC_PLAT_FACEBOOK, "ratings", "Graph's rating_count counts every rating the page ever had, not "
					      "those of the window"},
		{SC_PLAT_INSTAGRAM, "mentions", "Graph gives no count of the media an account is tagged in"},
		{SC_PLAT_X, "tweets", "X gives no count of the brand's own posts in a window (the replies to them "
				      "are audited under mentions)"},
		{SC_PLAT_X, "messages", "X gives no message count for DM conversations"},
		{SC_PLAT_X, "search", "X's recent search gives no total with its results"},
		{SC_PLAT_LINKEDIN, "notifications", "LinkedIn gives no count of an organization's notifications"},
		{SC_PLAT_LINKEDIN, "mentions", "LinkedIn gives no count of an organization's notifications"},
	};
	size_t i;

	for (i = 0; i < sizeof(v) / sizeof(v[0]); i++)
		if (v[i].plat == plat && strcmp(v[i].source, source) == 0)
			return v[i].why;
	return NULL;
}

/* The platform's counts of one source: container -> count.  NULL when
   the source has none to compare (no_count). */
static json_t *
platform_counts(struct audit *a, struct target *t, const char *source, int *rc)
{
	json_t *c = json_object();
	struct sc_buf b;
	const char *acc = t->p->account_id;

	sc_buf_init(&b);
	*rc = 0;
	t->unlisted = -1;
	if (no_count(t->plat, source)) {
		json_decref(c);
		c = NULL;
	} else if (t->plat == SC_PLAT_FACEBOOK && strcmp(source, "comments") == 0) {
		const char *edges[] = {"published_posts", "ads_posts"};
		int k;
		for (k = 0; k < 2 && *rc == 0; k++) {
			sc_buf_reset(&b);
			sc_buf_printf(&b, "%s%s/%s/%s", t->base, SC_GRAPH_VERSION, acc, edges[k]);
			sc_url_add(&b, "fields", "id,created_time");
			sc_url_add(&b, "limit", "100");
			sc_fetch_add_time(&b, "since", a->o->since);
			*rc = walk(a, t, b.data, "data", NULL, "id", post_count, c);
			if (*rc && k == 1)
				*rc = 0;	/* no ads permission: the organic posts count */
		}
	} else if (sc_platform_is_graph(t->plat) && strcmp(source, "messages") == 0) {
		const char *pg = sc_profile_get(a->o->profiles, t->p, "page_id");
		sc_buf_printf(&b, "%s%s/%s/conversations", t->base, SC_GRAPH_VERSION,
			      t->plat == SC_PLAT_INSTAGRAM && *pg ? pg : acc);
		sc_url_add(&b, "platform", t->plat == SC_PLAT_FACEBOOK ? "messenger" : "instagram");
		sc_url_add(&b, "fields", "id,updated_time,message_count");
		sc_url_add(&b, "limit", "100");
		*rc = walk(a, t, b.data, "data", "updated_time", "id", conv_count, c);
	} else if (t->plat == SC_PLAT_INSTAGRAM && strcmp(source, "comments") == 0) {
		sc_buf_printf(&b, "%s%s/%s/media", t->base, SC_GRAPH_VERSION, acc);
		sc_url_add(&b, "fields", "id,timestamp,comments_count");
		sc_url_add(&b, "limit", "100");
		*rc = walk(a, t, b.data, "data", "timestamp", "id", media_count, c);
	} else if (t->plat == SC_PLAT_X && strcmp(source, "mentions") == 0) {
		char since[32];
		sc_time_format(a->o->since, since);
		sc_buf_printf(&b, "%s/2/users/%s/tweets", t->base, acc);
		sc_url_add(&b, "max_results", "100");
		sc_url_add(&b, "tweet.fields", "id,created_at,public_metrics");
		sc_url_add(&b, "start_time", since);
		*rc = walk(a, t, b.data, "data", "created_at", "id", reply_count, c);
	} else if (t->plat == SC_PLAT_YOUTUBE && strcmp(source, "comments") == 0) {
		sc_buf_printf(&b, "%s/youtube/v3/commentThreads", t->base);
		sc_url_add(&b, "part", "snippet");
		sc_url_add(&b, "allThreadsRelatedToChannelId", acc);
		sc_url_add(&b, "maxResults", "100");
		sc_url_add(&b, "order", "time");
		*rc = walk(a, t, b.data, "items", "snippet.topLevelComment.snippet.updatedAt", "id",
			   thread_count, c);
	} else if (t->plat == SC_PLAT_GOOGLE && strcmp(source, "reviews") == 0) {
		*rc = gbp_counts(a, t, c);
	} else if (t->plat == SC_PLAT_TIKTOK && strcmp(source, "comments") == 0) {
		sc_buf_printf(&b, "%s/open_api/v1.3/business/video/list/", t->base);
		sc_url_add(&b, "business_id", acc);
		sc_url_add(&b, "fields", "[\"item_id\",\"create_time\",\"comments\"]");
		sc_url_add(&b, "max_count", "20");
		*rc = walk(a, t, b.data, "data.videos", "create_time", "item_id", video_count, c);
	} else if (t->plat == SC_PLAT_LINKEDIN && strcmp(source, "comments") == 0) {
		struct sc_buf org;
		sc_buf_init(&org);
		sc_buf_printf(&org, "urn:li:organization:%s", acc);
		sc_buf_printf(&b, "%s/rest/posts", t->base);
		sc_url_add(&b, "q", "author");
		sc_url_add(&b, "author", org.data);
		sc_url_add(&b, "sortBy", "CREATED");
		sc_url_add(&b, "count", "50");
		sc_buf_release(&org);
		*rc = walk(a, t, b.data, "elements", "createdAt", "id", li_post_count, c);
	} else {
		json_decref(c);
		c = NULL;
	}
	sc_buf_release(&b);
	return c;
}

static int
cmp64(const void *x, const void *y)
{
	int64_t a = *(const int64_t *)x, b = *(const int64_t *)y;

	return a < b ? -1 : a > b;
}

/* p50 and p99 (nearest rank) of the lags of one profile's source. */
static void
lags(json_t *src, json_t *line)
{
	size_t n = 0, cap = 64;
	int64_t *v = sc_xcalloc(cap, sizeof(*v));
	const char *ck, *ik;
	json_t *set, *lag;

	json_object_foreach(src, ck, set)
		json_object_foreach(set, ik, lag) {
			if (json_integer_value(json_array_get(lag, 0)) < 0)
				continue;
			if (n == cap) {
				cap *= 2;
				v = sc_xrealloc(v, cap * sizeof(*v));
			}
			v[n++] = (int64_t)json_integer_value(json_array_get(lag, 0));
		}
	if (n > 0) {
		qsort(v, n, sizeof(*v), cmp64);
		json_object_set_new(line, "lag_p50", json_integer(v[(n * 50 + 99) / 100 - 1]));
		json_object_set_new(line, "lag_p99", json_integer(v[(n * 99 + 99) / 100 - 1]));
	}
	free(v);
}

/* Distinct archived items of one container; Google reviews only those
   written since the window began, as the platform side counts them. */
static long
archived(struct audit *a, struct target *t, json_t *set)
{
	const char *k;
	json_t *v;
	long n = 0;

	if (t->plat != SC_PLAT_GOOGLE)
		return (long)json_object_size(set);
	json_object_foreach(set, k, v)
		n += json_integer_value(json_array_get(v, 1)) >= a->o->since;
	return n;
}

static void
report(struct audit *a, struct target *t, const char *source, struct sc_out *out)
{
	json_t *line = json_object(), *counts, *arch, *gaps = json_array(), *v;
	const char *id;
	long total = 0, have = 0, missing = 0;
	int rc;
	char since[32];

	sc_time_format(a->o->since, since);
	json_object_set_new(line, "audit", json_string(source));
	json_object_set_new(line, "profile", json_string(t->p->name));
	json_object_set_new(line, "platform", json_string(sc_platform_name(t->plat)));
	json_object_set_new(line, "since", json_string(since));
	arch = json_object_get(json_object_get(a->arch, t->p->name), source);
	counts = platform_counts(a, t, source, &rc);
	if (counts == NULL) {
		char why[300];
		snprintf(why, sizeof(why), "not audited: %s",
			 no_count(t->plat, source) ? no_count(t->plat, source) : "the API gives no counts");
		json_object_set_new(line, "status", json_string(why));
	} else if (rc != 0) {
		json_object_set_new(line, "status", json_string("failed"));
		json_object_set_new(line, "error", json_string(t->why));
		if (sc_status_worse(rc, a->status))
			a->status = rc;
	} else {
		/* X: the replies to each of the brand's posts, from any source */
		json_t *have_set = t->plat == SC_PLAT_X ? json_object_get(json_object_get(a->arch, t->p->name),
									 " x replies")
							: arch;
		json_object_foreach(counts, id, v) {
			long want = (long)json_integer_value(v);
			long got = archived(a, t, json_object_get(have_set, id));
			total += want;
			have += got < want ? got : want;
			if (got < want) {
				missing += want - got;
				if (json_array_size(gaps) < 50)
					json_array_append_new(gaps, json_pack("{s:s,s:i,s:i}", "id", id,
									      "platform_count", (json_int_t)want,
									      "archived", (json_int_t)got));
			}
		}
		json_object_set_new(line, "status", json_string(missing ? "gap" : "ok"));
		json_object_set_new(line, "containers", json_integer((json_int_t)json_object_size(counts)));
		json_object_set_new(line, "platform_count", json_integer(total));
		json_object_set_new(line, "archived", json_integer(have));
		json_object_set_new(line, "missing", json_integer(missing));
		json_object_set(line, "gaps", gaps);
		if (t->unlisted >= 0)
			json_object_set_new(line, "unlisted", json_integer(t->unlisted));
		if (t->plat == SC_PLAT_X)
			json_object_set_new(line, "covers",
					    json_string("replies to the brand's posts (public_metrics.reply_count); "
							"other mentions have no count"));
		if (missing)
			a->gaps = 1;
	}
	lags(arch, line);
	if (sc_out_json(out, line) < 0)
		a->status = SC_EX_IOERR;
	json_decref(line);
	json_decref(gaps);
	json_decref(counts);
}

static int
target_setup(struct audit *a, const struct sc_profile *p, struct target *t)
{
	char why[200];
	struct sc_error e;

	memset(t, 0, sizeof(*t));
	t->p = p;
	t->plat = sc_platform_parse(p->platform);
	if (sc_platform_base(t->plat, sc_profile_get(a->o->profiles, p, "base_url"), a->o->base,
			     a->o->base_all, &t->origin, &t->base, why) < 0) {
		snprintf(t->why, sizeof(t->why), "%s", why);
		return SC_EX_CONFIG;
	}
	sc_error_clear(&e);
	t->token = sc_token_new(p->token, a->o->profiles->table ? a->o->profiles->table->path : NULL, &e);
	if (t->token == NULL) {
		snprintf(t->why, sizeof(t->why), "%.150s%s%.240s", e.source, e.source[0] ? ": " : "", e.text);
		return SC_EX_CONFIG;
	}
	t->hdrs = sc_api_headers_new(t->plat, t->token);
	return 0;
}

static void
target_release(struct target *t)
{
	sc_token_free(t->token);
	curl_slist_free_all(t->hdrs);
	free(t->origin);
	free(t->base);
}

/* The profile's lag over all its sources: one line. */
static void
profile_lag(struct audit *a, struct target *t, struct sc_out *out)
{
	json_t *line = json_object(), *all = json_object(), *src, *set;
	const char *sk, *ck;
	char since[32];
	size_t n = 0;

	json_object_foreach(json_object_get(a->arch, t->p->name), sk, src) {
		if (*sk == ' ')
			continue;	/* " x replies" holds the same items again */
		json_object_foreach(src, ck, set) {
			char key[600];
			snprintf(key, sizeof(key), "%s %s", sk, ck);
			json_object_set(all, key, set);
			n += json_object_size(set);
		}
	}
	sc_time_format(a->o->since, since);
	json_object_set_new(line, "lag", json_string("profile"));
	json_object_set_new(line, "profile", json_string(t->p->name));
	json_object_set_new(line, "platform", json_string(sc_platform_name(t->plat)));
	json_object_set_new(line, "since", json_string(since));
	json_object_set_new(line, "items", json_integer((json_int_t)n));
	lags(all, line);
	if (sc_out_json(out, line) < 0)
		a->status = SC_EX_IOERR;
	json_decref(line);
	json_decref(all);
}

int
sc_fetch_audit(const struct sc_audit_opts *o, const unsigned char *selected, char *const *files,
	       size_t nfiles, struct sc_out *out, sc_fetch_msg_fn msg, void *msg_ctx, struct sc_error *e)
{
	struct audit a;
	size_t i, k;

	memset(&a, 0, sizeof(a));
	a.o = o;
	a.msg = msg;
	a.msg_ctx = msg_ctx;
	a.arch = json_object();
	a.rnd = (unsigned)getpid() ^ (unsigned)o->now;
	for (k = 0; k < nfiles; k++)
		if (read_archive(&a, files[k], e) < 0) {
			json_decref(a.arch);
			return -1;
		}
	for (i = 0; i < o->profiles->n; i++) {
		const struct sc_profile *p = &o->profiles->v[i];
		const struct sc_source_ops *so;
		struct target t;
		int plat = sc_platform_parse(p->platform), rc;

		if (!selected[i] || plat < 0)
			continue;
		rc = target_setup(&a, p, &t);
		if (rc != 0) {
			char buf[600];
			snprintf(buf, sizeof(buf), "profile %s: %s", p->name, t.why);
			if (msg)
				msg(msg_ctx, 1, buf);
			if (sc_status_worse(rc, a.status))
				a.status = rc;
			target_release(&t);
			continue;
		}
		/* the sources a fetch of the profile reads, in its order */
		for (k = 0; (so = sc_fetch_source_at(k)) != NULL; k++) {
			if (so->plat != plat || !sc_fetch_source_wanted(p->sources, so->name) ||
			    !sc_fetch_source_wanted(o->sources, so->name))
				continue;
			if (so->extra && !(p->sources && *p->sources) && !(o->sources && *o->sources))
				continue;	/* only when named */
			if (so == &sc_fetch_x_search && *sc_profile_get(o->profiles, p, "search") == '\0')
				continue;	/* no terms: the fetch searches nothing either */
			report(&a, &t, so->name, out);
		}
		profile_lag(&a, &t, out);
		target_release(&t);
	}
	json_decref(a.arch);
	if (a.status)
		return a.status;
	return a.gaps ? 1 : 0;
}
