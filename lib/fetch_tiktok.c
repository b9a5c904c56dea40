/*
 * fetch_tiktok.c - sc-fetch's TikTok source (API for Business v1.3, the
 * "Organic" API; the account is the business_id, the token travels in an
 * Access-Token header):
 *
 *   tiktok comments   the account's videos (business/video/list, newest
 *                     first) published since the post window, then each
 *                     video's comments (business/comment/list,
 *                     include_replies, sort_field=create_time desc) down to
 *                     the window; the API has no "since", so a listing is
 *                     read newest first and stops at the window
 *
 * Pages go on with data.cursor while data.has_more is true.  Errors come
 * as HTTP 200 with a "code" that is not 0 (platform.c classifies them).
 * A comment's replies come embedded (reply_list) with the comment;
 * sc-normalize writes them as records of their own.  Replies added later
 * to a comment older than the window are not listed again.
 */
#include <string.h>

#include "fetch_int.h"

static int videos_page(struct sc_fetch_run *r, struct sc_fetch_walk *w, json_t *doc);
static int comments_page(struct sc_fetch_run *r, struct sc_fetch_walk *w, json_t *doc);

static const struct sc_walk_ops tt_videos = {"tt_videos", "data.videos", NULL, SC_PAGE_CURSOR, 0, 0,
					     videos_page};
static const struct sc_walk_ops tt_comments = {"tt_comments", "data.comments", NULL, SC_PAGE_CURSOR, 1,
					       0, comments_page};

#define TT_API "/open_api/v1.3"

static void
tt_start(struct sc_fetch_run *r, struct sc_fetch_job *j)
{
	struct sc_buf b;

	sc_buf_init(&b);
	sc_buf_printf(&b, "%s" TT_API "/business/video/list/", j->pr->base);
	sc_url_add(&b, "business_id", j->pr->p->account_id);
	sc_url_add(&b, "fields", "[\"item_id\",\"create_time\",\"comments\"]");
	sc_url_add(&b, "max_count", "20");
	sc_fetch_walk_add(r, j, &tt_videos, sc_xstrdup(b.data), NULL, 0);
	sc_buf_release(&b);
}

static const struct sc_walk_ops *const tt_walks[] = {&tt_videos, &tt_comments, NULL};

const struct sc_source_ops sc_fetch_tt_comments = {SC_PLAT_TIKTOK, "comments", tt_start, tt_walks};

static int
videos_page(struct sc_fetch_run *r, struct sc_fetch_walk *w, json_t *doc)
{
	struct sc_fetch_job *j = w->job;
	json_t *it;
	size_t i;
	int stop = 0;
	struct sc_buf b;

	sc_buf_init(&b);
	json_array_foreach(sc_json_path(doc, "data.videos"), i, it) {
		const char *id = sc_json_str(it, "item_id");
		int64_t t = sc_fetch_item_time(it, "create_time");
		if (t && t < j->post_since) {
			stop = 1;	/* newest first: the rest is older */
			break;
		}
		if (!sc_fetch_safe_id(id))
			continue;
		sc_buf_reset(&b);
		sc_buf_printf(&b, "%s" TT_API "/business/comment/list/", j->pr->base);
		sc_url_add(&b, "business_id", j->pr->p->account_id);
		sc_url_add(&b, "video_id", id);
		sc_url_add(&b, "include_replies", "true");
		sc_url_add(&b, "status", "ALL");
		sc_url_add(&b, "sort_field", "create_time");
		sc_url_add(&b, "sort_order", "desc");
		sc_url_add(&b, "max_count", "30");
		sc_fetch_walk_add(r, j, &tt_comments, sc_xstrdup(b.data), id, 0);
	}
	sc_buf_release(&b);
	return sc_fetch_walk_next(r, w, doc, stop);
}

static int
comments_page(struct sc_fetch_run *r, struct sc_fetch_walk *w, json_t *doc)
{
	json_t *it;
	size_t i;
	int stop = 0;

	json_array_foreach(sc_json_path(doc, "data.comments"), i, it) {
		json_t *ctx, *rep;
		size_t k;
		int64_t t = sc_fetch_item_time(it, "create_time");

		/* a new reply keeps an old comment in the window */
		json_array_foreach(json_object_get(it, "reply_list"), k, rep) {
			int64_t rt = sc_fetch_item_time(rep, "create_time");
			if (rt > t)
				t = rt;
		}
		if (!sc_fetch_in_window(w->job, t)) {
			stop = 1;
			break;
		}
		ctx = sc_fetch_ctx_new(w);
		json_object_set_new(ctx, "video_id", json_string(w->ctx_id));
		sc_fetch_emit(r, w, ctx, it);
	}
	return sc_fetch_walk_next(r, w, doc, stop);
}
