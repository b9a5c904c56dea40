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

static const struct sc_walk_ops li_posts = {"li_posts", "elements", NULL, SC_PAGE_START, 0, 0, posts_page};
static const struct sc_walk_ops li_comments = {"li_comments", "elements", NULL, SC_PAGE_START, 1, 0,
					       comments_page};
static const struct sc_walk_ops li_replies = {"li_replies", "elements", NULL, SC_PAGE_START, 1, 0,
					      comments_page};

/* One path segment: unreserved characters as they are, the rest %XX. */
static void
path_enc(struct sc_buf *b, const char *s)
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

/* rest/socialActions/{urn}/comments */
static void
comments_url(struct sc_fetch_walk *w, const char *urn, struct sc_buf *b)
{
	sc_buf_printf(b, "%s/rest/socialActions/", w->job->pr->base);
	path_enc(b, urn);
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
