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

const struct sc_source_ops sc_fetch_tt_comments = {SC_PLAT_TIKTOK, "comments", tt_start, tt_walks, 0};

static void
comments_url(struct sc_fetch_walk *w, const char *id, struct sc_buf *b)
{
	sc_buf_printf(b, "%s" TT_API "/business/comment/list/", w->job->pr->base);
	sc_url_add(b, "business_id", w->job->pr->p->account_id);
	sc_url_add(b, "video_id", id);
	sc_url_add(b, "include_replies", "true");
	sc_url_add(b, "status", "ALL");
	sc_url_add(b, "sort_field", "create_time");
	sc_url_add(b, "sort_order", "desc");
	sc_url_add(b, "max_count", "30");
}

/* videos newest first, down to the post window */
static const struct sc_fetch_kids video_kids = {"item_id", "create_time", 1, &tt_comments, comments_url};

static int
videos_page(struct sc_fetch_run *r, struct sc_fetch_walk *w, json_t *doc)
{
	return sc_fetch_parents_page(r, w, doc, w->job->post_since, &video_kids);
}

/* comments newest first; a new reply keeps an old comment in the window */
static const struct sc_fetch_items comment_items = {"create_time", "reply_list", "video_id", 1, NULL};

static int
comments_page(struct sc_fetch_run *r, struct sc_fetch_walk *w, json_t *doc)
{
	return sc_fetch_items_page(r, w, doc, &comment_items);
}
