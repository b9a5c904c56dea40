/*
 * normalize_guess.c - what a JSON value is: a schema-1 record (passed
 * through), an sc-fetch envelope, or a bare platform value recognised by
 * its keys (guess()).  dispatch() hands it to the platform file that
 * knows its shape (normalize_meta.c, normalize_x.c, normalize_misc.c).
 */
#include <stdlib.h>
#include <string.h>

#include "normalize_int.h"


static void
keys_hint(const json_t *v, char *out, size_t cap)
{
	const char *k;
	json_t *x;
	size_t used = 0;
	int i = 0;

	out[0] = '\0';
	if (!json_is_object(v)) {
		snprintf(out, cap, "%s", json_is_array(v) ? "an array" : "not an object");
		return;
	}
	if (json_object_size(v) == 0) {
		snprintf(out, cap, "an empty object");
		return;
	}
	used += (size_t)snprintf(out, cap, "keys: ");
	json_object_foreach((json_t *)v, k, x) {
		if (i == 4) {
			snprintf(out + used, cap - used, ", ...");
			break;
		}
		used += (size_t)snprintf(out + used, cap - used, "%s%.40s", i ? ", " : "", k);
		if (used >= cap)
			break;
		i++;
	}
}

static void dispatch(struct sc_norm *n, const json_t *v, struct sc_norm_ctx *c, int fmt);

/* Does a Graph "data" list look like X (v2), Facebook or Instagram? */
static int
guess_list(const json_t *v)
{
	json_t *data = json_object_get(v, "data");
	json_t *it = json_array_get(data, 0);

	if (json_object_get(v, "includes") || json_object_get(v, "meta"))
		return SC_FMT_X;
	if (it == NULL)
		return json_is_array(data) ? SC_FMT_FACEBOOK : 0;
	if (json_object_get(it, "edit_history_tweet_ids") || json_object_get(it, "author_id") ||
	    json_object_get(it, "event_type") || json_object_get(it, "conversation_id"))
		return SC_FMT_X;
	if (json_object_get(it, "created_time") || json_object_get(it, "message") ||
	    json_object_get(it, "permalink_url"))
		return SC_FMT_FACEBOOK;
	if (json_object_get(it, "timestamp") || json_object_get(it, "username") ||
	    json_object_get(it, "text"))
		return SC_FMT_INSTAGRAM;
	return 0;
}

/* The format of one bare value (no envelope), or 0 if unknown. */
static int
guess(const json_t *v)
{
	const char *obj = sc_json_str(v, "object");
	const char *kind = sc_json_str(v, "kind");
	json_t *x;

	if (!json_is_object(v))
		return 0;
	if (json_is_string(json_object_get(v, "sc")))
		return strcmp(sc_json_str(v, "sc"), "raw") == 0 ? SC_FMT_ENVELOPE : 0;
	if (obj && strcmp(obj, "page") == 0)
		return SC_FMT_FACEBOOK_WEBHOOK;
	if (obj && strcmp(obj, "instagram") == 0)
		return SC_FMT_INSTAGRAM_WEBHOOK;
	if (kind && strncmp(kind, "youtube#", 8) == 0)
		return SC_FMT_YOUTUBE;
	if (json_object_get(v, "reviews") || json_object_get(v, "reviewId"))
		return SC_FMT_GOOGLE;
	if (json_object_get(v, "code") && json_object_get(v, "request_id"))
		return SC_FMT_TIKTOK;
	if (json_object_get(v, "comment_id") && json_object_get(v, "create_time"))
		return SC_FMT_TIKTOK;
	if (json_object_get(v, "client_key") && json_object_get(v, "event"))
		return SC_FMT_TIKTOK;	/* a TikTok webhook event */
	if (json_object_get(v, "elements") || json_object_get(v, "$URN") ||
	    (json_object_get(v, "action") && json_object_get(v, "generatedActivity")) ||
	    json_object_get(v, "notifications") ||
	    (json_object_get(v, "actor") && json_object_get(v, "created")))
		return SC_FMT_LINKEDIN;
	if (json_object_get(v, "for_user_id") || json_object_get(v, "tweet_create_events") ||
	    json_object_get(v, "direct_message_events") || json_object_get(v, "statuses") ||
	    json_object_get(v, "id_str"))
		return SC_FMT_TWITTER;
	if ((x = json_object_get(v, "params")) && json_object_get(x, "for_user_id"))
		return SC_FMT_TWITTER;
	if (json_object_get(v, "data") && json_is_array(json_object_get(v, "data")))
		return guess_list(v);
	if (json_object_get(v, "meta") && json_object_get(json_object_get(v, "meta"), "result_count"))
		return SC_FMT_X;
	if (json_object_get(v, "edit_history_tweet_ids") || json_object_get(v, "author_id"))
		return SC_FMT_X;
	if (json_object_get(v, "media_type") || json_object_get(v, "caption") ||
	    json_object_get(v, "media_product_type"))
		return SC_FMT_INSTAGRAM;
	if ((sc_json_str(v, "id") && strncmp(sc_json_str(v, "id"), "t_", 2) == 0) ||
	    json_object_get(v, "participants"))
		return SC_FMT_FACEBOOK;
	if (json_object_get(v, "created_time") || json_object_get(v, "messages") ||
	    json_object_get(v, "comments") || json_object_get(v, "message"))
		return SC_FMT_FACEBOOK;
	if (json_object_get(v, "timestamp") || json_object_get(v, "mentioned_comment") ||
	    json_object_get(v, "mentioned_media") || json_object_get(v, "replies"))
		return SC_FMT_INSTAGRAM;
	if (json_is_object(json_object_get(v, "data")))
		return SC_FMT_TIKTOK;
	/* a batch ?ids= lookup: every member an object whose id is its key */
	if (json_object_size(v) > 0) {
		const char *k;
		json_object_foreach((json_t *)v, k, x) {
			const char *id = sc_json_str(x, "id");
			if (!json_is_object(x) || id == NULL || strcmp(id, k) != 0)
				return 0;
			return guess(x);
		}
	}
	return 0;
}

/* The reader of an envelope's item, by the envelope's platform (0: none;
   "twitter" says the item is a v1.1 status, read as SC_FMT_TWITTER). */
static const int platform_fmt[SC_NPLATFORM] = {
	[SC_PLATFORM_FACEBOOK] = SC_FMT_FACEBOOK, [SC_PLATFORM_INSTAGRAM] = SC_FMT_INSTAGRAM,
	[SC_PLATFORM_X] = SC_FMT_X, [SC_PLATFORM_YOUTUBE] = SC_FMT_YOUTUBE,
	[SC_PLATFORM_TIKTOK] = SC_FMT_TIKTOK, [SC_PLATFORM_LINKEDIN] = SC_FMT_LINKEDIN,
	[SC_PLATFORM_GOOGLE] = SC_FMT_GOOGLE,
};

static void
envelope(struct sc_norm *n, const json_t *v)
{
	const char *platform = sc_json_str(v, "platform");
	json_t *ctx = json_object_get(v, "context");
	json_t *item = json_object_get(v, "item");
	struct sc_norm_ctx c;
	int i, fmt = 0, wh;

	memset(&c, 0, sizeof(c));
	c.item_index = -1;
	if (platform == NULL) {
		sc_norm_item_reject(n, v, "envelope has no \"platform\" string");
		return;
	}
	if ((i = sc_schema_platform(platform)) >= 0)
		fmt = strcmp(platform, SC_PLATFORM_ALIAS_TWITTER) == 0 ? SC_FMT_TWITTER
									 : platform_fmt[i];
	if (fmt == 0) {
		sc_norm_item_reject(n, v, "envelope: unknown platform \"%.40s\"", platform);
		return;
	}
	if (!json_is_object(item)) {
		sc_norm_item_reject(n, v, "envelope has no \"item\" object");
		return;
	}
	if (ctx != NULL && !json_is_object(ctx)) {
		sc_norm_item_reject(n, v, "envelope \"context\" is not an object");
		return;
	}
	c.platform = sc_schema_platforms[i];
	c.profile = sc_json_str(v, "profile");
	c.source = sc_json_str(v, "source");
	c.account = sc_norm_jid(json_object_get(ctx, "account_id"), c.accbuf);
	c.parent = sc_json_str(ctx, "parent_id");
	if (c.parent == NULL)
		c.parent = sc_json_str(ctx, "comment_id");
	c.conversation = sc_json_str(ctx, "conversation_id");
	c.includes = json_object_get(ctx, "includes");
	c.author = json_object_get(ctx, "author");
	c.ad = json_is_true(json_object_get(ctx, "ad"));
	/* webhook bodies inside an envelope: what guess(item) would say for
	   the three that matter here, without its thirty lookups for every
	   ordinary item (a string "sc" makes guess say envelope or nothing;
	   "object" decides the Meta webhooks before anything else; X's
	   bodies need for_user_id, so only then is the whole guess asked) */
	wh = 0;
	if (!json_is_string(json_object_get(item, "sc"))) {
		const char *obj = sc_json_str(item, "object");
		if (obj && strcmp(obj, "page") == 0)
			wh = SC_FMT_FACEBOOK_WEBHOOK;
		else if (obj && strcmp(obj, "instagram") == 0)
			wh = SC_FMT_INSTAGRAM_WEBHOOK;
		else if (json_object_get(item, "for_user_id"))
			wh = guess(item);
	}
	if (wh == SC_FMT_FACEBOOK_WEBHOOK || wh == SC_FMT_INSTAGRAM_WEBHOOK)
		fmt = wh;
	/* X's Account Activity bodies (sc-webhook /x) hold v1.1 objects */
	if (wh == SC_FMT_TWITTER && json_object_get(item, "for_user_id"))
		fmt = wh;
	n->env = v;
	dispatch(n, item, &c, fmt);
	n->env = NULL;
}

static void
dispatch(struct sc_norm *n, const json_t *v, struct sc_norm_ctx *c, int fmt)
{
	char hint[200];

	switch (fmt) {
	case SC_FMT_ENVELOPE:
		if (!json_is_string(json_object_get(v, "sc")) || strcmp(sc_json_str(v, "sc"), "raw") != 0) {
			sc_norm_item_reject(n, v, "not an sc-fetch envelope (\"sc\" must be \"raw\")");
			return;
		}
		envelope(n, v);
		return;
	case SC_FMT_FACEBOOK:
		sc_norm_fb_value(n, v, c);
		return;
	case SC_FMT_FACEBOOK_WEBHOOK:
	case SC_FMT_INSTAGRAM_WEBHOOK: {
		const char *obj = sc_json_str(v, "object");
		if (obj == NULL || !json_is_array(json_object_get(v, "entry"))) {
			sc_norm_item_reject(n, v, "not a webhook payload (need \"object\" and \"entry\")");
			return;
		}
		sc_norm_fb_webhook(n, v, c);
		return;
	}
	case SC_FMT_INSTAGRAM:
		sc_norm_ig_value(n, v, c);
		return;
	case SC_FMT_X:
		sc_norm_x_value(n, v, c);
		return;
	case SC_FMT_TWITTER:
		sc_norm_tw_value(n, v, c);
		return;
	case SC_FMT_YOUTUBE:
		sc_norm_yt_value(n, v, c);
		return;
	case SC_FMT_TIKTOK:
		sc_norm_tt_value(n, v, c);
		return;
	case SC_FMT_LINKEDIN:
		sc_norm_li_value(n, v, c);
		return;
	case SC_FMT_GOOGLE:
		sc_norm_google_value(n, v, c);
		return;
	default:
		keys_hint(v, hint, sizeof(hint));
		sc_norm_item_reject(n, v, "unrecognised JSON (%s)", hint);
		return;
	}
}

void
sc_norm_value(struct sc_norm *n, json_t *v, const char *raw, size_t rawlen)
{
	struct sc_norm_ctx c;
	int fmt = n->o.from;
	char hint[200];

	memset(&c, 0, sizeof(c));
	c.item_index = -1;
	n->nin++;
	if (json_is_array(v)) {
		size_t i;
		json_t *x;
		json_array_foreach(v, i, x) {
			if (n->stop || n->failed)
				break;
			sc_norm_value(n, x, NULL, 0);
		}
		return;
	}
	if (json_is_integer(json_object_get(v, "sc"))) {
		sc_norm_record_in(n, v, raw, rawlen);
		return;
	}
	if (fmt == SC_FMT_AUTO || fmt == SC_FMT_CSV || fmt == SC_FMT_TWCS)
		fmt = guess(v);
	if (fmt == 0) {
		keys_hint(v, hint, sizeof(hint));
		if (raw)
			sc_norm_reject(n, n->lineno, raw, rawlen, "unrecognised JSON (%s)", hint);
		else
			sc_norm_item_reject(n, v, "unrecognised JSON (%s)", hint);
		return;
	}
	dispatch(n, v, &c, fmt);
}

