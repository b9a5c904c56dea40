/*
 * reply_send_tiktok.c - sc-reply --send on TikTok (API for Business
 * v1.3, the Access-Token header of sc_api_headers_new): public replies
 * under the top-level comment (POST business/comment/reply/create/ with
 * business_id, video_id, comment_id and text of at most 150 characters,
 * held before sending by sc_reply_limit) and hide (POST
 * business/comment/hide/, action HIDE).  The API has no delete, no
 * private reply and no direct messages for this use.
 *
 * Every answer is HTTP 200 with a body code; code != 0 is an error,
 * classified by sc_api_classify (lib/platform.c): 40105 the token (69,
 * the profile stops), 40100 the rate limit (retried with backoff, the API
 * tells no wait), 40001 no permission, 40002 bad parameters, 40007 no
 * such comment or video (69 for that record, not retried).
 *
 * The video id comes from the record's post_id (sc-normalize writes it
 * from the comment's video_id) or its raw.video_id.  Read-back lists the
 * comment's replies (business/comment/reply/list/, cursor paging) for the
 * journaled text, and for a hide the video's comments (comment_ids asks
 * for the one; the pages are searched for it either way) for status
 * HIDDEN.
 */
#include <stdlib.h>
#include <string.h>

#include "reply_send_int.h"

#define TT "/open_api/v1.3/business/comment/"

static int
is_hide(const struct sc_send_op *op)
{
	return strcmp(op->name, "hide") == 0;
}

static void
request(const struct sc_send_op *op, const char **method, struct sc_buf *u, json_t **body)
{
	if (is_hide(op)) {
		sc_buf_printf(u, "%s" TT "hide/", op->base);
		*body = json_pack("{s:s,s:s,s:s,s:s}", "business_id", op->account, "video_id",
				  op->post, "comment_id", op->target, "action", "HIDE");
	} else {
		sc_buf_printf(u, "%s" TT "reply/create/", op->base);
		*body = json_pack("{s:s,s:s,s:s,s:s}", "business_id", op->account, "video_id",
				  op->post, "comment_id", op->target, "text", op->text);
	}
}

static int
answer_id(const struct sc_send_op *op, const struct sc_send_resp *r, char *id, size_t cap)
{
	const json_t *code = json_object_get(r->doc, "code");
	const char *v;

	if (r->doc == NULL || !json_is_integer(code))
		return -1;
	if (json_integer_value(code) != 0)
		return -2;
	if (is_hide(op)) {
		snprintf(id, cap, "%s", op->target);
		return 0;
	}
	v = sc_json_path_str(r->doc, "data.comment_id");
	return sc_send_copy_id(v, id, cap);
}

static void
readback_url(const struct sc_send_op *op, struct sc_buf *u)
{
	char ids[256];

	if (is_hide(op)) {
		sc_buf_printf(u, "%s" TT "list/", op->base);
		sc_url_add(u, "business_id", op->account);
		sc_url_add(u, "video_id", op->post);
		snprintf(ids, sizeof(ids), "[\"%s\"]", op->target);
		sc_url_add(u, "comment_ids", ids);
		sc_url_add(u, "status", "ALL");
	} else {
		sc_buf_printf(u, "%s" TT "reply/list/", op->base);
		sc_url_add(u, "business_id", op->account);
		sc_url_add(u, "video_id", op->post);
		sc_url_add(u, "comment_id", op->target);
	}
	sc_url_add(u, "max_count", "30");
}

static int more(const struct sc_send_resp *r, const char *url, char **next);

static int
readback_page(const struct sc_send_op *op, const struct sc_send_resp *r, const char *url, char *id,
	      size_t cap, char **next, char *why, size_t wcap)
{
	const json_t *data = json_object_get(r->doc, "data"), *list, *it;
	json_int_t code = json_integer_value(json_object_get(r->doc, "code"));
	size_t i;

	if (r->a.status != 200 || r->doc == NULL)
		return -1;
	if (code != 0) {
		snprintf(why, wcap, "read-back failed: TikTok code %lld", (long long)code);
		return -1;
	}
	list = json_object_get(data, is_hide(op) ? "comments" : "replies");
	if (list == NULL)
		list = json_object_get(data, "comments");
	if (!is_hide(op))
		return sc_send_find_item(op, list, "text", NULL, "comment_id", NULL, id, cap) ? 1 : more(r, url, next);
	json_array_foreach(list, i, it) {
		const char *cid = sc_json_str(it, "comment_id"), *st = sc_json_str(it, "status");

		if (cid && strcmp(cid, op->target) == 0) {
			snprintf(id, cap, "%s", op->target);
			return st && strcmp(st, "HIDDEN") == 0;
		}
	}
	return more(r, url, next);
}

/* The next page while has_more: the cursor the answer gave. */
static int
more(const struct sc_send_resp *r, const char *url, char **next)
{
	const json_t *data = json_object_get(r->doc, "data");

	if (json_is_true(json_object_get(data, "has_more")) &&
	    json_is_integer(json_object_get(data, "cursor"))) {
		char cur[32];
		snprintf(cur, sizeof(cur), "%lld", (long long)json_integer_value(json_object_get(data, "cursor")));
		*next = sc_send_next_token_url(url, "cursor", cur);
	}
	return 0;
}

const struct sc_send_plat sc_send_tiktok = {
	.plat = SC_PLAT_TIKTOK,
	.can = SC_SEND_REPLY | SC_SEND_HIDE,
	.under_thread = 1,
	.needs_post = 1,
	.request = request,
	.answer_id = answer_id,
	.readback_url = readback_url,
	.readback_page = readback_page,
};
