/*
 * reply_send_google.c - sc-reply --send on YouTube (Data API v3: a reply
 * under the top-level comment, POST /youtube/v3/comments?part=snippet)
 * and Google Business Profile (v4: PUT .../reviews/{id}/reply, create or
 * replace, so idempotent by itself).
 *
 * Read-back: YouTube lists the thread's replies (comments?parentId=,
 * nextPageToken paging) for the journaled text; Google reads the review
 * and compares reviewReply.comment.
 */
#include <string.h>

#include "reply_send_int.h"

static void
yt_request(const struct sc_send_op *op, const char **method, struct sc_buf *u, json_t **body)
{
	(void)method;
	sc_buf_printf(u, "%s/youtube/v3/comments?part=snippet", op->base);
	*body = json_pack("{s:{s:s,s:s}}", "snippet", "parentId", op->target, "textOriginal", op->text);
}

static int
yt_answer_id(const struct sc_send_op *op, const struct sc_send_resp *r, char *id, size_t cap)
{
	return sc_send_copy_id(sc_json_str(r->doc, "id"), id, cap);
}

static void
yt_readback_url(const struct sc_send_op *op, struct sc_buf *u)
{
	sc_buf_printf(u, "%s/youtube/v3/comments", op->base);
	sc_url_add(u, "part", "snippet");
	sc_url_add(u, "parentId", op->target);
	sc_url_add(u, "maxResults", "100");
	sc_url_add(u, "textFormat", "plainText");
}

static int
yt_readback_page(const struct sc_send_op *op, const struct sc_send_resp *r, const char *url,
		 char *id, size_t cap, char **next, char *why, size_t wcap)
{
	const char *tok;

	(void)why;
	(void)wcap;
	if (r->a.status != 200 || r->doc == NULL)
		return -1;
	if (sc_send_find_item(op, json_object_get(r->doc, "items"), "snippet.textOriginal", NULL, "id",
			      NULL, id, cap))
		return 1;
	tok = sc_json_str(r->doc, "nextPageToken");
	if (tok)
		*next = sc_send_next_token_url(url, "pageToken", tok);
	return 0;
}

const struct sc_send_plat sc_send_youtube = {
	.plat = SC_PLAT_YOUTUBE,
	.can = SC_SEND_REPLY,
	.under_thread = 1,
	.request = yt_request,
	.answer_id = yt_answer_id,
	.readback_url = yt_readback_url,
	.readback_page = yt_readback_page,
};

static void
gbp_request(const struct sc_send_op *op, const char **method, struct sc_buf *u, json_t **body)
{
	*method = "PUT";
	sc_buf_printf(u, "%s/v4/%s/reviews/%s/reply", op->base, op->account, op->target);
	*body = json_pack("{s:s}", "comment", op->text);
}

static int
gbp_answer_id(const struct sc_send_op *op, const struct sc_send_resp *r, char *id, size_t cap)
{
	if (sc_json_str(r->doc, "comment") == NULL)
		return -1;
	snprintf(id, cap, "%s:reply", op->target);
	return 0;
}

static void
gbp_readback_url(const struct sc_send_op *op, struct sc_buf *u)
{
	sc_buf_printf(u, "%s/v4/%s/reviews/%s", op->base, op->account, op->target);
}

static int
gbp_readback_page(const struct sc_send_op *op, const struct sc_send_resp *r, const char *url,
		  char *id, size_t cap, char **next, char *why, size_t wcap)
{
	const char *t;

	(void)url;
	(void)id;
	(void)cap;
	(void)next;
	(void)why;
	(void)wcap;
	if (r->a.status != 200 || r->doc == NULL)
		return -1;
	t = sc_json_path_str(r->doc, "reviewReply.comment");
	return t && strcmp(t, op->text) == 0;
}

const struct sc_send_plat sc_send_google = {
	.plat = SC_PLAT_GOOGLE,
	.can = SC_SEND_REPLY,
	.request = gbp_request,
	.answer_id = gbp_answer_id,
	.readback_url = gbp_readback_url,
	.readback_page = gbp_readback_page,
};
