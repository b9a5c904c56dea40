/*
 * fetch_google.c - sc-fetch's Google sources:
 *
 *   youtube comments   commentThreads of every video of the channel,
 *                      ordered by last activity; a thread with more
 *                      replies than the five embedded gets a comments
 *                      walk (parentId) for all of them
 *   google reviews     Business Profile reviews of a location, newest
 *                      update first
 *
 * Both page with nextPageToken as pageToken.
 */
#include <string.h>

#include "fetch_int.h"

static int yt_threads_page(struct sc_fetch_run *r, struct sc_fetch_walk *w, json_t *doc);
static int yt_replies_page(struct sc_fetch_run *r, struct sc_fetch_walk *w, json_t *doc);
static int gbp_page(struct sc_fetch_run *r, struct sc_fetch_walk *w, json_t *doc);

static const struct sc_walk_ops yt_threads = {"yt_threads", "items", NULL, SC_PAGE_TOKEN, 0, 0, yt_threads_page};
static const struct sc_walk_ops yt_replies = {"yt_replies", "items", NULL, SC_PAGE_TOKEN, 1, 0, yt_replies_page};
static const struct sc_walk_ops gbp_reviews = {"gbp_reviews", "reviews", "totalReviewCount", SC_PAGE_TOKEN, 0, 0,
					       gbp_page};

static void
yt_start(struct sc_fetch_run *r, struct sc_fetch_job *j)
{
	struct sc_buf b;

	sc_buf_init(&b);
	sc_buf_printf(&b, "%s/youtube/v3/commentThreads", j->pr->base);
	sc_url_add(&b, "part", "snippet,replies");
	sc_url_add(&b, "allThreadsRelatedToChannelId", j->pr->p->account_id);
	sc_url_add(&b, "maxResults", "100");
	sc_url_add(&b, "order", "time");
	sc_url_add(&b, "textFormat", "plainText");
	sc_fetch_walk_add(r, j, &yt_threads, sc_xstrdup(b.data), NULL, 0);
	sc_buf_release(&b);
}

static void
gbp_start(struct sc_fetch_run *r, struct sc_fetch_job *j)
{
	struct sc_buf b;

	sc_buf_init(&b);
	sc_buf_printf(&b, "%s/v4/%s/reviews", j->pr->base, j->pr->p->account_id);
	sc_url_add(&b, "pageSize", "50");
	sc_url_add(&b, "orderBy", "updateTime desc");
	sc_fetch_walk_add(r, j, &gbp_reviews, sc_xstrdup(b.data), NULL, 0);
	sc_buf_release(&b);
}

static const struct sc_walk_ops *const yt_walks[] = {&yt_threads, &yt_replies, NULL};
static const struct sc_walk_ops *const gbp_walks[] = {&gbp_reviews, NULL};

const struct sc_source_ops sc_fetch_yt_comments = {SC_PLAT_YOUTUBE, "comments", yt_start, yt_walks, 0};
const struct sc_source_ops sc_fetch_gbp_reviews = {SC_PLAT_GOOGLE, "reviews", gbp_start, gbp_walks, 0};

/* A YouTube reply as an envelope of the thread tid. */
static void
yt_reply(struct sc_fetch_run *r, struct sc_fetch_walk *w, json_t *rep, const char *vid,
	 const char *tid)
{
	json_t *ctx;

	if (!sc_fetch_in_window(w->job, sc_fetch_item_time(rep, "snippet.updatedAt")))
		return;
	ctx = sc_fetch_ctx_new(w);
	if (vid)
		json_object_set_new(ctx, "video_id", json_string(vid));
	json_object_set_new(ctx, "thread_id", json_string(tid));
	json_object_set_new(ctx, "parent_id", json_string(tid));
	sc_fetch_emit(r, w, ctx, rep);
}

static int
yt_threads_page(struct sc_fetch_run *r, struct sc_fetch_walk *w, json_t *doc)
{
	struct sc_fetch_job *j = w->job;
	json_t *it;
	size_t i;
	int stop = 0;
	struct sc_buf b;

	sc_buf_init(&b);
	json_array_foreach(json_object_get(doc, "items"), i, it) {
		json_t *top = sc_json_path(it, "snippet.topLevelComment");
		json_t *reps = sc_json_path(it, "replies.comments");
		json_t *rep, *copy, *ctx;
		int64_t t = sc_fetch_item_time(top, "snippet.updatedAt");
		int64_t act = t;
		const char *tid = sc_json_str(it, "id");
		const char *vid = sc_json_path_str(it, "snippet.videoId");
		json_t *trc = sc_json_path(it, "snippet.totalReplyCount");
		size_t k;

		json_array_foreach(reps, k, rep) {
			int64_t rt = sc_fetch_item_time(rep, "snippet.updatedAt");
			if (rt > act)
				act = rt;
		}
		if (act && act < j->since) {
			stop = 1;	/* order=time: the rest is older */
			break;
		}
		if (sc_fetch_in_window(j, t)) {
			copy = json_copy(it);
			json_object_del(copy, "replies");
			ctx = sc_fetch_ctx_new(w);
			if (vid)
				json_object_set_new(ctx, "video_id", json_string(vid));
			if (tid)
				json_object_set_new(ctx, "thread_id", json_string(tid));
			sc_fetch_emit(r, w, ctx, copy);
			json_decref(copy);
		}
		if (json_integer_value(trc) > (json_int_t)json_array_size(reps) && sc_fetch_safe_id(tid)) {
			struct sc_fetch_walk *x;
			sc_buf_reset(&b);
			sc_buf_printf(&b, "%s/youtube/v3/comments", j->pr->base);
			sc_url_add(&b, "part", "snippet");
			sc_url_add(&b, "parentId", tid);
			sc_url_add(&b, "maxResults", "100");
			sc_url_add(&b, "textFormat", "plainText");
			x = sc_fetch_walk_add(r, j, &yt_replies, sc_xstrdup(b.data), tid, 0);
			if (vid)
				x->ctx_video = sc_xstrdup(vid);
			continue;
		}
		json_array_foreach(reps, k, rep)
			yt_reply(r, w, rep, vid, tid ? tid : "");
	}
	sc_buf_release(&b);
	return sc_fetch_walk_next(r, w, doc, stop);
}

static int
yt_replies_page(struct sc_fetch_run *r, struct sc_fetch_walk *w, json_t *doc)
{
	json_t *it;
	size_t i;

	json_array_foreach(json_object_get(doc, "items"), i, it)
		yt_reply(r, w, it, w->ctx_video, w->ctx_id);
	return sc_fetch_walk_next(r, w, doc, 0);
}

static void
location_ctx(struct sc_fetch_walk *w, json_t *item, json_t *ctx)
{
	(void)item;
	json_object_set_new(ctx, "location", json_string(w->job->pr->p->account_id));
}

/* reviews, newest update first */
static const struct sc_fetch_items review_items = {"updateTime", NULL, NULL, 1, location_ctx};

static int
gbp_page(struct sc_fetch_run *r, struct sc_fetch_walk *w, json_t *doc)
{
	return sc_fetch_items_page(r, w, doc, &review_items);
}
