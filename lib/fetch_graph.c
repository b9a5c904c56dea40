/*
 * fetch_graph.c - sc-fetch's Graph API sources (the shapes are the
 * mock's, tests/mock/README):
 *
 *   facebook comments   published_posts and ads_posts of the page since
 *                       the post window, then each post's comment stream
 *                       (replies included, newest first) since the window
 *   facebook messages   Messenger conversations (newest updated first),
 *   instagram messages  then each conversation's messages
 *   instagram comments  the account's media (newest first), each medium's
 *                       comments with their replies nested; a reply list
 *                       with more pages gets its own walk; with an
 *                       ad_account_id column also the ads' media
 *                       (act_ID/ads, creative.effective_instagram_media_id)
 *
 * and, only when named (they need pages_read_user_content and the like):
 *
 *   facebook visitor_posts  /feed: the posts of others on the page (the
 *                       page's own come with comments), each with its
 *                       comments while it is active in the window
 *   facebook mentions   /tagged: public posts the page is tagged in
 *   facebook ratings    /ratings: recommendations and reviews
 *   instagram mentions  /tags: media the account is tagged in (mentions in
 *                       captions and comments come by id only, from the
 *                       mentions webhook, and are not polled)
 *
 * Every Graph listing pages by paging.next, an absolute link that is
 * followed to the same origin only and without its access_token.
 */
#include <string.h>

#include "fetch_int.h"

static int fb_posts_page(struct sc_fetch_run *r, struct sc_fetch_walk *w, json_t *doc);
static int fb_items_page(struct sc_fetch_run *r, struct sc_fetch_walk *w, json_t *doc);
static int fb_convs_page(struct sc_fetch_run *r, struct sc_fetch_walk *w, json_t *doc);
static int ig_media_page(struct sc_fetch_run *r, struct sc_fetch_walk *w, json_t *doc);
static int ig_comments_page(struct sc_fetch_run *r, struct sc_fetch_walk *w, json_t *doc);
static int ig_ads_page(struct sc_fetch_run *r, struct sc_fetch_walk *w, json_t *doc);
static int fb_feed_page(struct sc_fetch_run *r, struct sc_fetch_walk *w, json_t *doc);
static int tagged_page(struct sc_fetch_run *r, struct sc_fetch_walk *w, json_t *doc);

static const struct sc_walk_ops fb_posts = {"fb_posts", "data", NULL, SC_PAGE_GRAPH, 0, 0, fb_posts_page};
static const struct sc_walk_ops fb_ads = {"fb_ads", "data", NULL, SC_PAGE_GRAPH, 0, 1, fb_posts_page};
static const struct sc_walk_ops fb_comments = {"fb_comments", "data", NULL, SC_PAGE_GRAPH, 1, 0, fb_items_page};
static const struct sc_walk_ops fb_convs = {"fb_convs", "data", NULL, SC_PAGE_GRAPH, 0, 0, fb_convs_page};
static const struct sc_walk_ops fb_msgs = {"fb_msgs", "data", NULL, SC_PAGE_GRAPH, 1, 0, fb_items_page};
static const struct sc_walk_ops ig_media = {"ig_media", "data", NULL, SC_PAGE_GRAPH, 0, 0, ig_media_page};
static const struct sc_walk_ops ig_comments = {"ig_comments", "data", NULL, SC_PAGE_GRAPH, 1, 0, ig_comments_page};
static const struct sc_walk_ops ig_replies = {"ig_replies", "data", NULL, SC_PAGE_GRAPH, 1, 0, ig_comments_page};
static const struct sc_walk_ops ig_ads = {"ig_ads", "data", NULL, SC_PAGE_GRAPH, 0, 1, ig_ads_page};
static const struct sc_walk_ops fb_feed = {"fb_feed", "data", NULL, SC_PAGE_GRAPH, 0, 0, fb_feed_page};
static const struct sc_walk_ops fb_tagged = {"fb_tagged", "data", NULL, SC_PAGE_GRAPH, 0, 0, tagged_page};
static const struct sc_walk_ops fb_ratings = {"fb_ratings", "data", NULL, SC_PAGE_GRAPH, 0, 0, tagged_page};
static const struct sc_walk_ops ig_tags = {"ig_tags", "data", NULL, SC_PAGE_GRAPH, 0, 0, tagged_page};

static const char *fb_comment_fields =
	"id,message,created_time,from,parent{id},permalink_url,like_count,comment_count,is_hidden,admin_creator,attachment";
static const char *ig_reply_fields = "id,text,timestamp,username,from,like_count,hidden,parent_id";

/* base + version + "/" + id + "/" + edge, then the name-value pairs of
   pre (NULL-terminated, may be NULL), the fields and a limit of 100: every
   Graph URL of a walk's first page is made here. */
static void
graph_url_q(struct sc_buf *b, const struct sc_fetch_prof *pr, const char *id, const char *edge,
	    const char *const *pre, const char *fields)
{
	sc_buf_reset(b);
	sc_buf_printf(b, "%s%s/%s/%s", pr->base, SC_GRAPH_VERSION, id, edge);
	for (; pre && pre[0]; pre += 2)
		sc_url_add(b, pre[0], pre[1]);
	sc_url_add(b, "fields", fields);
	sc_url_add(b, "limit", "100");
}

static void
graph_url(struct sc_buf *b, const struct sc_fetch_prof *pr, const char *id, const char *edge,
	  const char *fields)
{
	graph_url_q(b, pr, id, edge, NULL, fields);
}

static void
fb_comments_start(struct sc_fetch_run *r, struct sc_fetch_job *j)
{
	struct sc_buf b;
	int ad;

	sc_buf_init(&b);
	for (ad = 0; ad < 2; ad++) {
		graph_url(&b, j->pr, j->pr->p->account_id, ad ? "ads_posts" : "published_posts",
			  "id,created_time,updated_time");
		sc_fetch_add_time(&b, "since", j->post_since);
		sc_fetch_walk_add(r, j, ad ? &fb_ads : &fb_posts, sc_xstrdup(b.data), NULL, ad);
	}
	sc_buf_release(&b);
}

static void
conversations_start(struct sc_fetch_run *r, struct sc_fetch_job *j)
{
	struct sc_fetch_prof *pr = j->pr;
	int ig = j->src == &sc_fetch_ig_messages;
	const char *const pre[] = {"platform", ig ? "instagram" : "messenger", NULL};
	struct sc_buf b;

	sc_buf_init(&b);
	graph_url_q(&b, pr, ig && *pr->page_id ? pr->page_id : pr->p->account_id, "conversations",
		    pre, "id,updated_time,message_count,unread_count,link");
	sc_fetch_walk_add(r, j, &fb_convs, sc_xstrdup(b.data), NULL, 0);
	sc_buf_release(&b);
}

static void
ig_comments_start(struct sc_fetch_run *r, struct sc_fetch_job *j)
{
	struct sc_buf b;

	sc_buf_init(&b);
	graph_url(&b, j->pr, j->pr->p->account_id, "media", "id,timestamp,permalink,media_product_type");
	sc_fetch_walk_add(r, j, &ig_media, sc_xstrdup(b.data), NULL, 0);
	if (j->pr->ad_account && *j->pr->ad_account) {
		/* ad media are not in /media: the ads' creatives name them */
		struct sc_buf act;
		sc_buf_init(&act);
		sc_buf_printf(&act, "act_%s", j->pr->ad_account);
		graph_url(&b, j->pr, act.data, "ads", "id,creative{effective_instagram_media_id}");
		sc_buf_release(&act);
		sc_fetch_walk_add(r, j, &ig_ads, sc_xstrdup(b.data), NULL, 1);
	}
	sc_buf_release(&b);
}

static void
fb_feed_start(struct sc_fetch_run *r, struct sc_fetch_job *j)
{
	struct sc_buf b;

	sc_buf_init(&b);
	graph_url(&b, j->pr, j->pr->p->account_id, "feed",
		  "id,message,created_time,updated_time,from,permalink_url,status_type");
	sc_fetch_add_time(&b, "since", j->post_since);
	sc_fetch_walk_add(r, j, &fb_feed, sc_xstrdup(b.data), NULL, 0);
	sc_buf_release(&b);
}

/* One listing of items newest first: /tagged, /ratings, /tags. */
static void
tagged_start(struct sc_fetch_run *r, struct sc_fetch_job *j)
{
	const struct sc_walk_ops *ops = j->src == &sc_fetch_fb_mentions ? &fb_tagged :
					j->src == &sc_fetch_fb_ratings ? &fb_ratings : &ig_tags;
	struct sc_buf b;

	sc_buf_init(&b);
	if (ops == &fb_tagged)
		graph_url(&b, j->pr, j->pr->p->account_id, "tagged",
			  "id,message,created_time,from,permalink_url,status_type");
	else if (ops == &fb_ratings)
		graph_url(&b, j->pr, j->pr->p->account_id, "ratings",
			  "created_time,has_rating,has_review,rating,recommendation_type,review_text,"
			  "reviewer,open_graph_story");
	else
		graph_url(&b, j->pr, j->pr->p->account_id, "tags",
			  "id,caption,timestamp,username,permalink,media_type,media_product_type");
	sc_fetch_walk_add(r, j, ops, sc_xstrdup(b.data), NULL, 0);
	sc_buf_release(&b);
}

static const struct sc_walk_ops *const fb_comment_walks[] = {&fb_posts, &fb_ads, &fb_comments, NULL};
static const struct sc_walk_ops *const conv_walks[] = {&fb_convs, &fb_msgs, NULL};
static const struct sc_walk_ops *const ig_comment_walks[] = {&ig_media, &ig_comments, &ig_replies, &ig_ads,
							     NULL};
static const struct sc_walk_ops *const feed_walks[] = {&fb_feed, &fb_comments, NULL};
static const struct sc_walk_ops *const tagged_walks[] = {&fb_tagged, NULL};
static const struct sc_walk_ops *const ratings_walks[] = {&fb_ratings, NULL};
static const struct sc_walk_ops *const tags_walks[] = {&ig_tags, NULL};

const struct sc_source_ops sc_fetch_fb_comments = {SC_PLAT_FACEBOOK, "comments", fb_comments_start,
						   fb_comment_walks, 0};
const struct sc_source_ops sc_fetch_fb_messages = {SC_PLAT_FACEBOOK, "messages", conversations_start,
						   conv_walks, 0};
const struct sc_source_ops sc_fetch_ig_comments = {SC_PLAT_INSTAGRAM, "comments", ig_comments_start,
						   ig_comment_walks, 0};
const struct sc_source_ops sc_fetch_ig_messages = {SC_PLAT_INSTAGRAM, "messages", conversations_start,
						   conv_walks, 0};
const struct sc_source_ops sc_fetch_fb_visitor = {SC_PLAT_FACEBOOK, "visitor_posts", fb_feed_start, feed_walks, 1};
const struct sc_source_ops sc_fetch_fb_mentions = {SC_PLAT_FACEBOOK, "mentions", tagged_start, tagged_walks, 1};
const struct sc_source_ops sc_fetch_fb_ratings = {SC_PLAT_FACEBOOK, "ratings", tagged_start, ratings_walks, 1};
const struct sc_source_ops sc_fetch_ig_mentions = {SC_PLAT_INSTAGRAM, "mentions", tagged_start, tags_walks, 1};

static void
post_comments_url(struct sc_fetch_walk *w, const char *id, struct sc_buf *b)
{
	static const char *const pre[] = {"filter", "stream", "order", "reverse_chronological", NULL};

	graph_url_q(b, w->job->pr, id, "comments", pre, fb_comment_fields);
	sc_fetch_add_time(b, "since", w->job->since);
}

static void
messages_url(struct sc_fetch_walk *w, const char *id, struct sc_buf *b)
{
	graph_url(b, w->job->pr, id, "messages", "id,created_time,from,to,message,attachments");
}

static void
media_comments_url(struct sc_fetch_walk *w, const char *id, struct sc_buf *b)
{
	graph_url(b, w->job->pr, id, "comments",
		  "id,text,timestamp,username,from,like_count,hidden,parent_id,"
		  "replies{id,text,timestamp,username,from,like_count,hidden,parent_id}");
}

/* published_posts, ads_posts: a comments walk for each post touched since
   the window began (a post's updated_time moves with every comment). */
static const struct sc_fetch_kids post_kids = {"id", "updated_time", 0, &fb_comments, post_comments_url};
/* conversations and media, newest first */
static const struct sc_fetch_kids conv_kids = {"id", "updated_time", 1, &fb_msgs, messages_url};
static const struct sc_fetch_kids media_kids = {"id", "timestamp", 1, &ig_comments, media_comments_url};

static int
fb_posts_page(struct sc_fetch_run *r, struct sc_fetch_walk *w, json_t *doc)
{
	return sc_fetch_parents_page(r, w, doc, w->job->since, &post_kids);
}

static void
ad_ctx(struct sc_fetch_walk *w, json_t *item, json_t *ctx)
{
	(void)item;
	json_object_set_new(ctx, "ad", json_boolean(w->ad));
}

/* A post's comments or a conversation's messages, newest first. */
static const struct sc_fetch_items comment_items = {"created_time", NULL, "post_id", 0, ad_ctx};
static const struct sc_fetch_items message_items = {"created_time", NULL, "conversation_id", 0, NULL};

static int
fb_items_page(struct sc_fetch_run *r, struct sc_fetch_walk *w, json_t *doc)
{
	return sc_fetch_items_page(r, w, doc, w->ops == &fb_comments ? &comment_items : &message_items);
}

static int
fb_convs_page(struct sc_fetch_run *r, struct sc_fetch_walk *w, json_t *doc)
{
	return sc_fetch_parents_page(r, w, doc, w->job->since, &conv_kids);
}

static int
ig_media_page(struct sc_fetch_run *r, struct sc_fetch_walk *w, json_t *doc)
{
	return sc_fetch_parents_page(r, w, doc, w->job->post_since, &media_kids);
}

/* A medium's comments with nested replies, or one comment's replies. */
static int
ig_comments_page(struct sc_fetch_run *r, struct sc_fetch_walk *w, json_t *doc)
{
	struct sc_fetch_job *j = w->job;
	int top = w->ops == &ig_comments;
	const char *media = top ? w->ctx_id : w->ctx_video ? w->ctx_video : "";
	json_t *it;
	size_t i;
	struct sc_buf b;

	sc_buf_init(&b);
	json_array_foreach(json_object_get(doc, "data"), i, it) {
		json_t *reps = json_object_get(it, "replies");
		const char *cid = sc_json_str(it, "id");
		size_t k;
		json_t *rep;

		if (sc_fetch_in_window(j, sc_fetch_item_time(it, "timestamp"))) {
			json_t *copy = reps ? json_copy(it) : json_incref(it);
			json_t *ctx = sc_fetch_ctx_new(w);
			json_object_del(copy, "replies");
			json_object_set_new(ctx, "media_id", json_string(media));
			if (w->ad)
				json_object_set_new(ctx, "ad", json_true());
			if (!top)
				json_object_set_new(ctx, "parent_id", json_string(w->ctx_id));
			sc_fetch_emit(r, w, ctx, copy);
			json_decref(copy);
		}
		json_array_foreach(json_object_get(reps, "data"), k, rep) {
			json_t *ctx;
			if (!sc_fetch_in_window(j, sc_fetch_item_time(rep, "timestamp")))
				continue;
			ctx = sc_fetch_ctx_new(w);
			json_object_set_new(ctx, "media_id", json_string(w->ctx_id));
			json_object_set_new(ctx, "parent_id", json_string(cid ? cid : ""));
			sc_fetch_emit(r, w, ctx, rep);
		}
		if (sc_json_path_str(reps, "paging.next") && top && sc_fetch_safe_id(cid)) {
			struct sc_fetch_walk *x;
			graph_url(&b, j->pr, cid, "replies", ig_reply_fields);
			x = sc_fetch_walk_add(r, j, &ig_replies, sc_xstrdup(b.data), cid, 0);
			x->ctx_video = sc_xstrdup(w->ctx_id);	/* the media id */
		}
	}
	sc_buf_release(&b);
	return sc_fetch_walk_next(r, w, doc, 0);
}

/* act_ID/ads: each ad's Instagram medium gets a comments walk (ad). */
static int
ig_ads_page(struct sc_fetch_run *r, struct sc_fetch_walk *w, json_t *doc)
{
	json_t *it;
	size_t i;
	struct sc_buf b;

	sc_buf_init(&b);
	json_array_foreach(json_object_get(doc, "data"), i, it) {
		const char *mid = sc_json_path_str(it, "creative.effective_instagram_media_id");
		if (!sc_fetch_safe_id(mid))
			continue;	/* an ad that is not on Instagram */
		media_comments_url(w, mid, &b);
		sc_fetch_walk_add(r, w->job, &ig_comments, sc_xstrdup(b.data), mid, 1);
	}
	sc_buf_release(&b);
	return sc_fetch_walk_next(r, w, doc, 0);
}

/* /feed, newest first: the posts of others (not the page's own), each
   going out while it is in the window and getting a comments walk while
   it is active (updated_time) in it. */
static int
fb_feed_page(struct sc_fetch_run *r, struct sc_fetch_walk *w, json_t *doc)
{
	struct sc_fetch_job *j = w->job;
	json_t *it;
	size_t i;
	struct sc_buf b;

	sc_buf_init(&b);
	json_array_foreach(json_object_get(doc, "data"), i, it) {
		const char *id = sc_json_str(it, "id"), *from = sc_json_path_str(it, "from.id");
		int64_t ut = sc_fetch_item_time(it, "updated_time");

		if (from && strcmp(from, j->pr->p->account_id) == 0)
			continue;	/* the page's own post: the comments source reads it */
		if (sc_fetch_in_window(j, sc_fetch_item_time(it, "created_time"))) {
			json_t *ctx = sc_fetch_ctx_new(w);
			json_object_set_new(ctx, "post_id", json_string(id ? id : ""));
			sc_fetch_emit(r, w, ctx, it);
		}
		if (!sc_fetch_safe_id(id) || (ut && ut < j->since))
			continue;
		sc_buf_reset(&b);
		post_comments_url(w, id, &b);
		sc_fetch_walk_add(r, j, &fb_comments, sc_xstrdup(b.data), id, 0);
	}
	sc_buf_release(&b);
	return sc_fetch_walk_next(r, w, doc, 0);
}

/* /tagged, /ratings, /tags: newest first, down to the window. */
static const struct sc_fetch_items tagged_items = {"created_time", NULL, NULL, 1, NULL};
static const struct sc_fetch_items tags_items = {"timestamp", NULL, NULL, 1, NULL};

static int
tagged_page(struct sc_fetch_run *r, struct sc_fetch_walk *w, json_t *doc)
{
	return sc_fetch_items_page(r, w, doc, w->ops == &ig_tags ? &tags_items : &tagged_items);
}
