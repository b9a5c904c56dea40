/*
 * reply_send_graph.c - sc-reply --send on Facebook pages, Messenger and
 * Instagram (Graph API, SC_GRAPH_VERSION): public replies under the
 * top-level comment (/{comment}/comments, Instagram /{comment}/replies),
 * private replies and Messenger/Instagram messages (POST /{page}/messages
 * with recipient comment_id or id, a message tag outside the 24-hour
 * window), hide (is_hidden, Instagram's hide) and delete.
 *
 * Read-back: a comment's replies and a conversation's messages are
 * listed (cursor paging through paging.next on the same origin, the
 * token stripped: it travels in the header); hide, delete and private
 * replies read the comment itself (is_hidden, gone = code 100,
 * can_reply_privately false).  Graph's own "already" answers: code 10
 * for a second private reply, code 100 for a comment already deleted.
 */
#include <string.h>

#include "reply_send_int.h"

#define GRAPH SC_SEND_GRAPH

static int
is(const struct sc_send_op *op, const char *name)
{
	return strcmp(op->name, name) == 0;
}

static void
request(const struct sc_send_op *op, const char **method, struct sc_buf *u, json_t **body)
{
	if (is(op, "delete")) {
		*method = "DELETE";
		sc_buf_printf(u, "%s" GRAPH "/%s", op->base, op->target);
	} else if (is(op, "hide")) {
		sc_buf_printf(u, "%s" GRAPH "/%s", op->base, op->target);
		*body = json_pack("{s:b}", op->plat == SC_PLAT_INSTAGRAM ? "hide" : "is_hidden", 1);
	} else if (is(op, "private_reply") || is(op, "message")) {
		sc_buf_printf(u, "%s" GRAPH "/%s/messages", op->base, op->page);
		*body = json_pack("{s:{s:s},s:{s:s}}", "recipient",
				  is(op, "message") ? "id" : "comment_id",
				  is(op, "message") ? op->recipient : op->target,
				  "message", "text", op->text);
		if (op->tag) {
			json_object_set_new(*body, "messaging_type", json_string("MESSAGE_TAG"));
			json_object_set_new(*body, "tag", json_string(op->tag));
		} else if (is(op, "message")) {
			json_object_set_new(*body, "messaging_type", json_string("RESPONSE"));
		}
	} else {
		sc_buf_printf(u, "%s" GRAPH "/%s/%s", op->base, op->target,
			      op->plat == SC_PLAT_INSTAGRAM ? "replies" : "comments");
		*body = json_pack("{s:s}", "message", op->text);
	}
}

static int
answer_id(const struct sc_send_op *op, const struct sc_send_resp *r, char *id, size_t cap)
{
	const char *v;

	if (r->doc == NULL)
		return -1;
	if (sc_send_is_moderation(op)) {
		if (!json_is_true(json_object_get(r->doc, "success")))
			return -1;
		snprintf(id, cap, "%s", op->target);
		return 0;
	}
	v = is(op, "reply") ? sc_json_str(r->doc, "id") : sc_json_str(r->doc, "message_id");
	return sc_send_copy_id(v, id, cap);
}

static int
already(const struct sc_send_op *op, const struct sc_send_resp *r, const struct sc_api_error *ae,
	char *why, size_t cap)
{
	(void)r;
	if (ae->code == 10 && is(op, "private_reply")) {
		snprintf(why, cap, "the comment already has a private reply (Graph code 10)");
		return 1;
	}
	if (ae->code == 100 && is(op, "delete")) {
		snprintf(why, cap, "the comment is already gone (Graph code 100)");
		return 1;
	}
	return 0;
}

static void
readback_url(const struct sc_send_op *op, struct sc_buf *u)
{
	if (sc_send_is_moderation(op) || is(op, "private_reply")) {
		sc_buf_printf(u, "%s" GRAPH "/%s", op->base, op->target);
		sc_url_add(u, "fields", "id,is_hidden,can_reply_privately");
	} else if (is(op, "message")) {
		sc_buf_printf(u, "%s" GRAPH "/%s/messages", op->base, op->conv);
		sc_url_add(u, "fields", "id,message,from,created_time");
		sc_url_add(u, "limit", "100");
	} else {
		sc_buf_printf(u, "%s" GRAPH "/%s/%s", op->base, op->target,
			      op->plat == SC_PLAT_INSTAGRAM ? "replies" : "comments");
		sc_url_add(u, "fields", "id,message,text,from,created_time,timestamp");
		sc_url_add(u, "limit", "100");
	}
}

static int
readback_page(const struct sc_send_op *op, const struct sc_send_resp *r, const char *url, char *id,
	      size_t cap, char **next, char *why, size_t wcap)
{
	const char *n;

	(void)url;
	(void)why;
	(void)wcap;
	if (r->a.status != 200 || r->doc == NULL) {
		json_int_t code = json_integer_value(json_object_get(json_object_get(r->doc, "error"), "code"));
		if (is(op, "delete") && code == 100) {
			snprintf(id, cap, "%s", op->target);	/* gone */
			return 1;
		}
		return -1;
	}
	if (is(op, "hide") || is(op, "private_reply")) {
		snprintf(id, cap, "%s", op->target);
		return is(op, "hide") ? json_is_true(json_object_get(r->doc, "is_hidden"))
				      : json_is_false(json_object_get(r->doc, "can_reply_privately"));
	}
	if (is(op, "delete"))
		return 0;
	if (sc_send_find_item(op, json_object_get(r->doc, "data"), "message", "text", "id", NULL, id, cap))
		return 1;
	n = sc_json_path_str(r->doc, "paging.next");
	if (n && sc_url_same_origin(n, op->origin))
		*next = sc_url_strip_param_new(n, "access_token");
	return 0;
}

const struct sc_send_plat sc_send_graph = {
	.plat = SC_PLAT_FACEBOOK,
	.can = SC_SEND_REPLY | SC_SEND_PRIVATE | SC_SEND_MESSAGE | SC_SEND_HIDE | SC_SEND_DELETE,
	.under_thread = 1,
	.request = request,
	.answer_id = answer_id,
	.already = already,
	.readback_url = readback_url,
	.readback_page = readback_page,
};
