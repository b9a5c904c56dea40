/*
 * fetch_linkedin.c - sc-fetch's LinkedIn source (Community Management API,
 * as the mock serves it, tests/mock/README; a member token of an organization ADMINISTRATOR with
 * r_organization_social, the LinkedIn-Version and Rest.li 2.0 headers from
 * api.c):
 *
 *   linkedin comments   the organization's posts (rest/posts?q=author,
 *                       newest created first) published since the post
 *                       window, then each post's comments
 *                       (rest/socialActions/{post URN}/comments) and, for a
 *                       comment that has replies, its replies (the same call
 *                       on the comment's URN)
 *
 * and, only when named (each is a second reader of the day's budget):
 *
 *   linkedin notifications   the organization's social action notifications
 *   linkedin mentions        (rest/organizationalEntityNotifications?q=criteria)
 *                       by timeRange from the window's start to now (60 days
 *                       at most, what LinkedIn keeps): notifications asks
 *                       COMMENT and ADMIN_COMMENT, the comments on the
 *                       organization's posts without walking every post;
 *                       mentions asks SHARE_MENTION and COMMENT_MENTION, the
 *                       posts and comments of members elsewhere that name
 *                       the organization.  A notification that carries its
 *                       comment (decoratedGeneratedActivity) goes out as it
 *                       is; for the others the post (rest/posts/{URN}) or the
 *                       comment (rest/socialActions/{object}/comments/{id})
 *                       it names is read and goes out instead
 *
 * The API has no "since" on comments and does not say in what order they
 * come, so every page of a post's comments is read and the items older
 * than the window are left out; a comment with replies has its replies
 * read on every run whatever its own age (a new reply on an old comment).
 * Pages go on with start= (paging.start, count, total, links).  URNs go
 * into the path percent-encoded.
 */
#include <string.h>

#include "fetch_int.h"

static int posts_page(struct sc_fetch_run *r, struct sc_fetch_walk *w, json_t *doc);
static int comments_page(struct sc_fetch_run *r, struct sc_fetch_walk *w, json_t *doc);
static int notifs_page(struct sc_fetch_run *r, struct sc_fetch_walk *w, json_t *doc);
static int lookup_page(struct sc_fetch_run *r, struct sc_fetch_walk *w, json_t *doc);

static const struct sc_walk_ops li_posts = {"li_posts", "elements", NULL, SC_PAGE_START, 0, 0, posts_page};
static const struct sc_walk_ops li_comments = {"li_comments", "elements", NULL, SC_PAGE_START, 1, 0,
					       comments_page};
static const struct sc_walk_ops li_replies = {"li_replies", "elements", NULL, SC_PAGE_START, 1, 0,
					      comments_page};
static const struct sc_walk_ops li_notifs = {"li_notifs", "elements", NULL, SC_PAGE_START, 0, 0, notifs_page};
/* one post or one comment: a page of its own (a deleted one is skipped) */
static const struct sc_walk_ops li_lookup = {"li_lookup", "elements", "id", SC_PAGE_START, 1, 0, lookup_page};

/* One path segment (a URN): unreserved characters as they are, the rest
   %XX; the LinkedIn fetch and the audit build their paths with it. */
void
sc_fetch_path_enc(struct sc_buf *b, const char *s)
{
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;
		if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
		    c == '-' || c == '.' || c == '_' || c == '~')
			sc_buf_addc(b, (char)c);
		else
			sc_buf_printf(b, "%%%02X", c);
	}
}

static void
li_start(struct sc_fetch_run *r, struct sc_fetch_job *j)
{
	struct sc_buf b, org;

	sc_buf_init(&b);
	sc_buf_init(&org);
	sc_buf_printf(&org, "urn:li:organization:%s", j->pr->p->account_id);
	sc_buf_printf(&b, "%s/rest/posts", j->pr->base);
	sc_url_add(&b, "q", "author");
	sc_url_add(&b, "author", org.data);
	sc_url_add(&b, "sortBy", "CREATED");
	sc_url_add(&b, "count", "50");
	sc_fetch_walk_add(r, j, &li_posts, sc_xstrdup(b.data), NULL, 0);
	sc_buf_release(&org);
	sc_buf_release(&b);
}

static const struct sc_walk_ops *const li_walks[] = {&li_posts, &li_comments, &li_replies, NULL};

const struct sc_source_ops sc_fetch_li_comments = {SC_PLAT_LINKEDIN, "comments", li_start, li_walks, 0};

/* LinkedIn keeps notifications 60 days; a timeRange reaching further back
   is cut to that (a minute inside it). */
#define LI_NOTIF_KEEP (60 * 86400 - 60)

static void
notif_start(struct sc_fetch_run *r, struct sc_fetch_job *j)
{
	struct sc_buf b, org;
	int64_t from = j->since, floor = r->o->now - LI_NOTIF_KEEP;

	if (from < floor)
		from = floor;
	sc_buf_init(&b);
	sc_buf_init(&org);
	sc_buf_printf(&org, "urn:li:organization:%s", j->pr->p->account_id);
	sc_buf_printf(&b, "%s/rest/organizationalEntityNotifications", j->pr->base);
	sc_url_add(&b, "q", "criteria");
	sc_url_add(&b, "organizationalEntity", org.data);
	/* Rest.li 2.0: the List() and record syntax goes unescaped */
	sc_buf_printf(&b, "&actions=List(%s)&timeRange=(start:%lld000,end:%lld000)",
		      j->src == &sc_fetch_li_mentions ? "SHARE_MENTION,COMMENT_MENTION" : "COMMENT,ADMIN_COMMENT",
		      (long long)from, (long long)r->o->now);
	sc_url_add(&b, "count", "100");
	sc_fetch_walk_add(r, j, &li_notifs, sc_xstrdup(b.data), NULL, 0);
	sc_buf_release(&org);
	sc_buf_release(&b);
}

static const struct sc_walk_ops *const notif_walks[] = {&li_notifs, &li_lookup, NULL};

const struct sc_source_ops sc_fetch_li_notifications = {SC_PLAT_LINKEDIN, "notifications", notif_start,
							notif_walks, 1};
const struct sc_source_ops sc_fetch_li_mentions = {SC_PLAT_LINKEDIN, "mentions", notif_start, notif_walks, 1};

/* rest/socialActions/{urn}/comments */
static void
comments_url(struct sc_fetch_walk *w, const char *urn, struct sc_buf *b)
{
	sc_buf_printf(b, "%s/rest/socialActions/", w->job->pr->base);
	sc_fetch_path_enc(b, urn);
	sc_buf_adds(b, "/comments");
	sc_url_add(b, "count", "100");
}

/* posts newest created first, down to the post window */
static const struct sc_fetch_kids post_kids = {"id", "createdAt", 1, &li_comments, comments_url};

static int
posts_page(struct sc_fetch_run *r, struct sc_fetch_walk *w, json_t *doc)
{
	return sc_fetch_parents_page(r, w, doc, w->job->post_since, &post_kids);
}

/* "urn:li:comment:(urn:li:activity:A,C)" -> C, into out */
static const char *
comment_id(const char *urn, char *out, size_t cap)
{
	const char *comma = urn ? strrchr(urn, ',') : NULL, *end = urn ? strrchr(urn, ')') : NULL;

	if (comma == NULL || end == NULL || end < comma || (size_t)(end - comma) > cap)
		return NULL;
	memcpy(out, comma + 1, (size_t)(end - comma - 1));
	out[end - comma - 1] = '\0';
	return out;
}

static void
reply_ctx(struct sc_fetch_walk *w, json_t *item, json_t *ctx)
{
	char id[64];

	(void)item;
	json_object_set_new(ctx, "post_id", json_string(w->ctx_video ? w->ctx_video : ""));
	if (comment_id(w->ctx_id, id, sizeof(id)))
		json_object_set_new(ctx, "parent_id", json_string(id));
}

static const struct sc_fetch_items comment_items = {"created.time", NULL, "post_id", SC_ITEMS_ANY, NULL};
static const struct sc_fetch_items reply_items = {"created.time", NULL, NULL, SC_ITEMS_ANY, reply_ctx};

/* A post's comments or a comment's replies: a replies walk for each
   comment that has any, then the items in the window. */
static int
comments_page(struct sc_fetch_run *r, struct sc_fetch_walk *w, json_t *doc)
{
	json_t *it;
	size_t i;
	struct sc_buf b, u;

	sc_buf_init(&b);
	sc_buf_init(&u);
	json_array_foreach(w->ops == &li_comments ? json_object_get(doc, "elements") : NULL, i, it) {
		const char *urn = sc_json_str(it, "$URN"), *id = sc_json_str(it, "id");
		json_int_t n = json_integer_value(sc_json_path(it, "commentsSummary.aggregatedTotalComments"));
		struct sc_fetch_walk *x;

		if (n <= 0)
			n = json_integer_value(sc_json_path(it, "commentsSummary.totalFirstLevelComments"));
		if (n <= 0)
			continue;
		if (urn == NULL && id && sc_json_str(it, "object")) {
			sc_buf_reset(&u);
			sc_buf_printf(&u, "urn:li:comment:(%s,%s)", sc_json_str(it, "object"), id);
			urn = u.data;
		}
		if (!sc_fetch_safe_id(urn))
			continue;
		sc_buf_reset(&b);
		comments_url(w, urn, &b);
		x = sc_fetch_walk_add(r, w->job, &li_replies, sc_xstrdup(b.data), urn, 0);
		x->ctx_video = sc_xstrdup(w->ctx_id ? w->ctx_id : "");
	}
	sc_buf_release(&u);
	sc_buf_release(&b);
	return sc_fetch_items_page(r, w, doc, w->ops == &li_comments ? &comment_items : &reply_items);
}

/* "urn:li:comment:(urn:li:activity:A,C)" (LinkedIn's notifications may
   write the inner URN without "urn:li:") -> the object URN into obj. */
static int
comment_object(const char *urn, struct sc_buf *obj)
{
	const char *open = urn ? strchr(urn, '(') : NULL, *comma = urn ? strrchr(urn, ',') : NULL;

	if (urn == NULL || strncmp(urn, "urn:li:comment:(", 16) != 0 || open == NULL || comma == NULL ||
	    comma <= open + 1)
		return -1;
	sc_buf_reset(obj);
	if (strncmp(open + 1, "urn:li:", 7) != 0)
		sc_buf_adds(obj, "urn:li:");
	sc_buf_add(obj, open + 1, (size_t)(comma - open - 1));
	return 0;
}

/* Notifications (no order promised: every page is read, those outside the
   window left out).  One that carries its comment goes out; for the rest
   the post or comment it names is read. */
static int
notifs_page(struct sc_fetch_run *r, struct sc_fetch_walk *w, json_t *doc)
{
	struct sc_fetch_job *j = w->job;
	json_t *it;
	size_t i;
	struct sc_buf b, obj;
	char cid[64];

	sc_buf_init(&b);
	sc_buf_init(&obj);
	json_array_foreach(json_object_get(doc, "elements"), i, it) {
		const char *ga = sc_json_str(it, "generatedActivity"), *sp = sc_json_str(it, "sourcePost");

		if (!sc_fetch_in_window(j, sc_fetch_item_time(it, "lastModifiedAt")))
			continue;
		if (json_is_object(sc_json_path(it, "decoratedGeneratedActivity.comment"))) {
			json_t *ctx = sc_fetch_ctx_new(w);
			json_object_set_new(ctx, "post_id", json_string(sp ? sp : ""));
			sc_fetch_emit(r, w, ctx, it);
			continue;
		}
		sc_buf_reset(&b);
		if (comment_object(ga, &obj) == 0 && comment_id(ga, cid, sizeof(cid)) && sc_fetch_safe_id(cid)) {
			sc_buf_printf(&b, "%s/rest/socialActions/", j->pr->base);
			sc_fetch_path_enc(&b, obj.data);
			sc_buf_adds(&b, "/comments/");
			sc_fetch_path_enc(&b, cid);
			sc_fetch_walk_add(r, j, &li_lookup, sc_xstrdup(b.data), obj.data, 0);
		} else if ((ga && strncmp(ga, "urn:li:comment:", 15) != 0) || sp) {
			const char *post = ga && strncmp(ga, "urn:li:comment:", 15) != 0 ? ga : sp;
			sc_buf_printf(&b, "%s/rest/posts/", j->pr->base);
			sc_fetch_path_enc(&b, post);
			sc_fetch_walk_add(r, j, &li_lookup, sc_xstrdup(b.data), post, 0);
		}
	}
	sc_buf_release(&obj);
	sc_buf_release(&b);
	return sc_fetch_walk_next(r, w, doc, 0);
}

/* The post or comment a notification named: one item. */
static int
lookup_page(struct sc_fetch_run *r, struct sc_fetch_walk *w, json_t *doc)
{
	json_t *ctx = sc_fetch_ctx_new(w);

	json_object_set_new(ctx, "post_id", json_string(w->ctx_id ? w->ctx_id : ""));
	sc_fetch_emit(r, w, ctx, doc);
	return sc_fetch_walk_next(r, w, doc, 1);
}
