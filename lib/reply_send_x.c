/*
 * reply_send_x.c - sc-reply --send on X (API v2): public replies
 * (POST /2/tweets with reply.in_reply_to_tweet_id, 201 data.id) and
 * answers in a direct-message conversation the customer opened (POST
 * /2/dm_conversations/with/{participant_id}/messages, 201
 * data.dm_event_id; the token needs dm.write).
 *
 * Read-back lists the account's own posts (/2/users/{id}/tweets, newest
 * first, meta.next_token paging) for one that replies to the target with
 * the journaled text, or the conversation's events
 * (/2/dm_conversations/with/{participant_id}/dm_events) for a message the
 * account sent with it.  X's 403 "duplicate content" means the same post
 * is already there: done.  Since February 2026 X refuses replies to
 * authors who did not mention the account (403, not duplicate): a
 * refusal.  Rate limits are 429 with x-rate-limit-reset (DMs: 15 per 15
 * minutes per user), waited for when the wait fits --max-wait.
 *
 * A public invitation to write (private_via customer_dm) stays only
 * that: no DM is pushed to a customer who has not written one, so the
 * invitation never claims a message that was not sent.
 */
#include <stdlib.h>
#include <string.h>

#include "reply_send_int.h"

static int
is_dm(const struct sc_send_op *op)
{
	return strcmp(op->name, "message") == 0;
}

static void
request(const struct sc_send_op *op, const char **method, struct sc_buf *u, json_t **body)
{
	(void)method;
	if (is_dm(op)) {
		sc_buf_printf(u, "%s/2/dm_conversations/with/%s/messages", op->base, op->recipient);
		*body = json_pack("{s:s}", "text", op->text);
		return;
	}
	sc_buf_printf(u, "%s/2/tweets", op->base);
	*body = json_pack("{s:s,s:{s:s}}", "text", op->text, "reply", "in_reply_to_tweet_id",
			  op->target);
}

static int
answer_id(const struct sc_send_op *op, const struct sc_send_resp *r, char *id, size_t cap)
{
	return sc_send_copy_id(sc_json_path_str(r->doc, is_dm(op) ? "data.dm_event_id" : "data.id"), id, cap);
}

static int
already(const struct sc_send_op *op, const struct sc_send_resp *r, const struct sc_api_error *ae,
	char *why, size_t cap)
{
	const char *d = sc_json_str(r->doc, "detail");

	(void)op;
	(void)ae;
	if (r->a.status == 403 && d && strstr(d, "duplicate")) {
		snprintf(why, cap, "X says duplicate content: the reply is already posted");
		return 1;
	}
	return 0;
}

static void
readback_url(const struct sc_send_op *op, struct sc_buf *u)
{
	if (is_dm(op)) {
		sc_buf_printf(u, "%s/2/dm_conversations/with/%s/dm_events", op->base, op->recipient);
		sc_url_add(u, "max_results", "100");
		sc_url_add(u, "event_types", "MessageCreate");
		sc_url_add(u, "dm_event.fields", "id,text,sender_id,created_at,dm_conversation_id");
		return;
	}
	sc_buf_printf(u, "%s/2/users/%s/tweets", op->base, op->account);
	sc_url_add(u, "max_results", "100");
	sc_url_add(u, "tweet.fields", "referenced_tweets,created_at");
}

/* A listed post that answers the target (a reply to it), or a direct
   message the account sent. */
static int
ours(const struct sc_send_op *op, const json_t *it)
{
	const json_t *ref;
	size_t k;

	if (is_dm(op)) {
		const char *from = sc_json_str(it, "sender_id");
		return from && strcmp(from, op->account) == 0;
	}
	json_array_foreach(json_object_get(it, "referenced_tweets"), k, ref)
		if (sc_json_str(ref, "id") && strcmp(sc_json_str(ref, "id"), op->target) == 0)
			return 1;
	return 0;
}

static int
readback_page(const struct sc_send_op *op, const struct sc_send_resp *r, const char *url, char *id,
	      size_t cap, char **next, char *why, size_t wcap)
{
	const char *tok;

	(void)why;
	(void)wcap;
	if (r->a.status != 200 || r->doc == NULL)
		return -1;
	if (sc_send_find_item(op, json_object_get(r->doc, "data"), "text", NULL, "id", ours, id, cap))
		return 1;
	tok = sc_json_path_str(r->doc, "meta.next_token");
	if (tok)
		*next = sc_send_next_token_url(url, "pagination_token", tok);
	return 0;
}

const struct sc_send_plat sc_send_x = {
	.plat = SC_PLAT_X,
	.can = SC_SEND_REPLY | SC_SEND_MESSAGE,
	.request = request,
	.answer_id = answer_id,
	.already = already,
	.readback_url = readback_url,
	.readback_page = readback_page,
};
