/*
 * reply_send_linkedin.c - sc-reply --send on LinkedIn organization pages
 * (Community Management API; sc_api_headers_new adds LinkedIn-Version and
 * X-Restli-Protocol-Version 2.0.0): a reply under the thread's top-level
 * comment, POST /rest/socialActions/{comment URN}/comments with the
 * organization as actor, the post as object and the comment as
 * parentComment, 201 with the new comment's id in x-restli-id.  The
 * token needs w_organization_social and a member who administers the
 * page.  LinkedIn has no direct-message API for organizations, and this
 * API deletes comments only as their author: both are held or skipped.
 *
 * The comment URN is "urn:li:comment:(POST,ID)": POST is the record's
 * post_id (sc-normalize writes the comment's object, urn:li:activity:...
 * or urn:li:share:...), ID the thread's first comment.  Read-back lists
 * the replies of that comment (start/count paging, paging.links next) for
 * one by the organization with the journaled text.  Errors are
 * sc_api_classify's: 401 the token (69, profile stops), 429 with a DAY
 * limit the daily budget (75 until 00:00 UTC, profile stops for the run),
 * another 429 the short create throttle (retried), 403 no admin (69).
 */
#include <stdlib.h>
#include <string.h>

#include "reply_send_int.h"

/* Percent-encode s for a path segment (URNs carry ':', '(', ',', ')'). */
static void
add_seg(struct sc_buf *u, const char *s)
{
	static const char hex[] = "0123456789ABCDEF";

	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;
		if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
		    c == '-' || c == '_' || c == '.' || c == '~') {
			sc_buf_addc(u, (char)c);
		} else {
			sc_buf_addc(u, '%');
			sc_buf_addc(u, hex[c >> 4]);
			sc_buf_addc(u, hex[c & 15]);
		}
	}
}

static void
comment_urn(const struct sc_send_op *op, char *out, size_t cap)
{
	snprintf(out, cap, "urn:li:comment:(%s,%s)", op->post, op->target);
}

static void
request(const struct sc_send_op *op, const char **method, struct sc_buf *u, json_t **body)
{
	char urn[512], org[256];

	(void)method;
	comment_urn(op, urn, sizeof(urn));
	snprintf(org, sizeof(org), "urn:li:organization:%s", op->account);
	sc_buf_printf(u, "%s/rest/socialActions/", op->base);
	add_seg(u, urn);
	sc_buf_adds(u, "/comments");
	*body = json_pack("{s:s,s:s,s:{s:s},s:s}", "actor", org, "object", op->post, "message", "text",
			  op->text, "parentComment", urn);
}

/* "urn:li:comment:(urn:li:activity:A,C)" -> C; anything else as it is. */
static void
short_id(const char *v, char *id, size_t cap)
{
	const char *comma = strrchr(v, ','), *end = strrchr(v, ')');

	if (strncmp(v, "urn:li:comment:(", 16) == 0 && comma && end && end > comma + 1)
		snprintf(id, cap, "%.*s", (int)(end - comma - 1), comma + 1);
	else
		snprintf(id, cap, "%s", v);
}

static int
answer_id(const struct sc_send_op *op, const struct sc_send_resp *r, char *id, size_t cap)
{
	const char *v = r->a.restli_id[0] ? r->a.restli_id : sc_json_str(r->doc, "id");

	(void)op;
	if (v == NULL || *v == '\0')
		return -1;
	short_id(v, id, cap);
	return 0;
}

static void
readback_url(const struct sc_send_op *op, struct sc_buf *u)
{
	char urn[512];

	comment_urn(op, urn, sizeof(urn));
	sc_buf_printf(u, "%s/rest/socialActions/", op->base);
	add_seg(u, urn);
	sc_buf_adds(u, "/comments");
	sc_url_add(u, "start", "0");
	sc_url_add(u, "count", "100");
}

/* A comment the organization wrote. */
static int
by_org(const struct sc_send_op *op, const json_t *it)
{
	const char *a = sc_json_str(it, "actor"), *p = "urn:li:organization:";

	return a && strncmp(a, p, strlen(p)) == 0 && strcmp(a + strlen(p), op->account) == 0;
}

static int
readback_page(const struct sc_send_op *op, const struct sc_send_resp *r, const char *url, char *id,
	      size_t cap, char **next, char *why, size_t wcap)
{
	const json_t *it, *links;
	size_t i;

	(void)url;
	(void)why;
	(void)wcap;
	if (r->a.status != 200 || r->doc == NULL)
		return -1;
	if (sc_send_find_item(op, json_object_get(r->doc, "elements"), "message.text", NULL, "id", by_org, id, cap)) {
		char full[256];
		snprintf(full, sizeof(full), "%s", id);
		short_id(full, id, cap);
		return 1;
	}
	links = sc_json_path(r->doc, "paging.links");
	json_array_foreach(links, i, it) {
		const char *rel = sc_json_str(it, "rel"), *href = sc_json_str(it, "href");

		if (rel == NULL || href == NULL || strcmp(rel, "next") != 0)
			continue;
		if (href[0] == '/') {		/* Rest.li links are relative */
			struct sc_buf b;
			sc_buf_init(&b);
			sc_buf_printf(&b, "%s%s", op->origin, href);
			*next = b.data;
		} else if (sc_url_same_origin(href, op->origin)) {
			*next = sc_xstrdup(href);
		}
		break;
	}
	return 0;
}

const struct sc_send_plat sc_send_linkedin = {
	.plat = SC_PLAT_LINKEDIN,
	.can = SC_SEND_REPLY,
	.under_thread = 1,
	.needs_post = 1,
	.request = request,
	.answer_id = answer_id,
	.readback_url = readback_url,
	.readback_page = readback_page,
};
