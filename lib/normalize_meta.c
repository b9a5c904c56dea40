/*
 * normalize_meta.c - Facebook and Instagram: Graph API responses (lists,
 * single nodes, batch ?ids= objects, posts with nested comments,
 * conversations with messages) and page/instagram webhooks.
 *
 * Threads (sc-normalize(1) FIELD MAP): a comment's thread is its
 * top-level comment (Meta nests one level: a reply's parent is the
 * top-level comment); the post is never emitted, so a top-level comment
 * has parent_id null.  A Messenger/Instagram DM's thread is the Graph
 * conversation ("t_...") when known, else "dm:<customer PSID>" - the
 * participant that is not the page.
 */
#include <stdlib.h>
#include <string.h>

#include "normalize_int.h"

static int
fb_is_post(const json_t *v, const struct sc_norm_ctx *c)
{
	static const char *keys[] = {"attachments", "full_picture", "status_type", "story",
				     "icon", "shares", "is_published", "privacy", NULL};
	int i;

	if (c->source && (strstr(c->source, "post") || strcmp(c->source, "feed") == 0))
		return 1;
	for (i = 0; keys[i]; i++)
		if (json_object_get(v, keys[i]))
			return 1;
	return 0;
}

/* "https://www.facebook.com/P/posts/POST/?comment_id=C&reply_comment_id=R" */
static int
permalink_ids(const char *url, char *post, char *comment, char *reply, size_t cap)
{
	const char *p = strstr(url, "/posts/"), *q;
	size_t k;

	post[0] = comment[0] = reply[0] = '\0';
	if (p == NULL)
		return -1;
	p += 7;
	for (k = 0; p[k] && p[k] != '/' && p[k] != '?' && k + 1 < cap; k++)
		post[k] = p[k];
	post[k] = '\0';
	if ((q = strstr(url, "comment_id=")) != NULL && (q == url || q[-1] == '?' || q[-1] == '&')) {
		q += 11;
		for (k = 0; q[k] && q[k] != '&' && k + 1 < cap; k++)
			comment[k] = q[k];
		comment[k] = '\0';
	}
	if ((q = strstr(url, "reply_comment_id=")) != NULL) {
		q += 17;
		for (k = 0; q[k] && q[k] != '&' && k + 1 < cap; k++)
			reply[k] = q[k];
		reply[k] = '\0';
	}
	return post[0] && comment[0] ? 0 : -1;
}

static void fb_comment(struct sc_norm *n, const json_t *v, struct sc_norm_ctx *c,
		       const char *parent, const char *thread, const char *platform);

static void
fb_replies(struct sc_norm *n, const json_t *edge, struct sc_norm_ctx *c, const char *parent,
	   const char *thread, const char *platform)
{
	json_t *data = json_object_get(edge, "data"), *x;
	size_t i;

	json_array_foreach(data, i, x) {
		if (n->stop || n->failed)
			return;
		fb_comment(n, x, c, parent, thread, platform);
	}
}

static void
fb_comment(struct sc_norm *n, const json_t *v, struct sc_norm_ctx *c, const char *parent,
	   const char *thread, const char *platform)
{
	struct sc_norm_rec r;
	char idb[600], parb[300], post[128], com[128], rep[128];
	const char *id = sc_json_str(v, "id");
	const char *url = sc_json_str(v, "permalink_url");
	json_t *from = json_object_get(v, "from");
	const char *pid = sc_json_path_str(v, "parent.id");
	int is_ig = strcmp(platform, "instagram") == 0;
	json_t *edge;

	sc_norm_rec_init(&r, c, platform);
	if (!json_is_object(v)) {
		sc_norm_item_reject(n, v, "%s comment is not an object", platform);
		return;
	}
	if (!is_ig && url && permalink_ids(url, post, com, rep, sizeof(post)) == 0) {
		if (id == NULL) {
			snprintf(idb, sizeof(idb), "%s_%s", post, rep[0] ? rep : com);
			id = idb;
		}
		if (rep[0] && pid == NULL && parent == NULL) {
			snprintf(parb, sizeof(parb), "%s_%s", post, com);
			pid = parb;
		}
	}
	if (is_ig && pid == NULL)
		pid = sc_json_str(v, "parent_id");
	if (id == NULL) {
		sc_norm_item_reject(n, v, "%s comment has no \"id\"", platform);
		return;
	}
	if (sc_time_parse_json(json_object_get(v, is_ig ? "timestamp" : "created_time"), &r.created) < 0) {
		sc_norm_item_reject(n, v, "%s comment %s: no valid \"%s\"", platform, id,
			     is_ig ? "timestamp" : "created_time");
		return;
	}
	if (parent == NULL)
		parent = pid ? pid : c->parent;
	r.id = id;
	r.parent = parent;
	r.thread = thread ? thread : parent;	/* Meta nests one level */
	r.text = sc_json_str(v, is_ig ? "text" : "message");
	if (json_is_object(from)) {
		r.author_id = sc_json_str(from, "id");
		r.author_name = sc_json_str(from, is_ig ? "username" : "name");
		r.author_handle = sc_json_str(from, "username");
	}
	if (is_ig) {
		if (r.author_id == NULL)
			r.author_id = sc_json_path_str(v, "user.id");
		if (r.author_name == NULL)
			r.author_name = sc_json_str(v, "username");
		if (r.author_handle == NULL)
			r.author_handle = sc_json_str(v, "username");
	}
	r.url = url;
	r.agent = sc_json_path_str(v, "admin_creator.name");
	r.raw = v;
	if (is_ig && r.text == NULL)
		r.text = sc_json_str(v, "caption");	/* a medium (sc-fetch instagram mentions) */
	if (!is_ig && parent == NULL && json_object_get(v, "status_type"))
		r.kind = "post";	/* a post, not a comment (sc-fetch visitor_posts) */
	if (c->source && strstr(c->source, "mention"))
		r.kind = "mention";
	if (sc_norm_emit(n, &r) < 0)
		return;
	edge = json_object_get(v, is_ig ? "replies" : "comments");
	if (edge)
		fb_replies(n, edge, c, id, r.thread ? r.thread : id, platform);
}

static void
fb_message(struct sc_norm *n, const json_t *m, struct sc_norm_ctx *c, const char *conv,
	   const char *platform)
{
	struct sc_norm_rec r;
	char thr[300];
	json_t *from = json_object_get(m, "from");
	const char *to = sc_json_str(json_array_get(sc_json_path(m, "to.data"), 0), "id");

	sc_norm_rec_init(&r, c, platform);
	r.kind = "dm";
	r.visibility = "private";
	r.id = sc_json_str(m, "id");
	if (r.id == NULL) {
		sc_norm_item_reject(n, m, "%s message has no \"id\"", platform);
		return;
	}
	if (sc_time_parse_json(json_object_get(m, "created_time"), &r.created) < 0) {
		sc_norm_item_reject(n, m, "%s message %s: no valid \"created_time\"", platform, r.id);
		return;
	}
	r.author_id = sc_json_str(from, "id");
	r.author_name = sc_json_str(from, "name");
	if (r.author_name == NULL)
		r.author_name = sc_json_str(from, "username");
	r.author_handle = sc_json_str(from, "username");
	r.is_brand = sc_norm_is_brand(n, c, r.platform, r.author_id) || sc_norm_is_brand(n, c, r.platform, r.author_handle);
	if (conv == NULL)
		conv = c->conversation;
	if (conv) {
		r.thread = conv;
	} else {
		const char *cust = r.is_brand ? to : r.author_id;
		snprintf(thr, sizeof(thr), "dm:%s", cust ? cust : "unknown");
		r.thread = thr;
	}
	r.text = sc_json_str(m, "message");
	r.raw = m;
	sc_norm_emit(n, &r);
}

static void wh_rating(struct sc_norm *n, const json_t *val, struct sc_norm_ctx *c, int64_t etime);

static void
fb_node(struct sc_norm *n, const json_t *v, struct sc_norm_ctx *c, const char *platform)
{
	const char *id = sc_json_str(v, "id");
	json_t *msgs = json_object_get(v, "messages");

	if (!json_is_object(v)) {
		sc_norm_item_reject(n, v, "%s item is not an object", platform);
		return;
	}
	if (strcmp(platform, "facebook") == 0 && id == NULL &&
	    (json_object_get(v, "recommendation_type") || json_object_get(v, "has_review"))) {
		wh_rating(n, v, c, 0);	/* GET /{page}/ratings (sc-fetch ratings) */
		return;
	}
	if (msgs || (id && strncmp(id, "t_", 2) == 0) || json_object_get(v, "participants")) {
		json_t *x;
		size_t i;
		json_array_foreach(json_object_get(msgs, "data"), i, x) {
			if (n->stop || n->failed)
				return;
			fb_message(n, x, c, id, platform);
		}
		if (msgs == NULL)
			n->nskipped++;	/* a conversation without its messages */
		return;
	}
	/* a message: Messenger ids start with m_ and carry "to"; Instagram DMs
	 * ({created_time, from{id,username}, id, message}) have neither, so
	 * the envelope's source, or created_time + message where Instagram
	 * comments have timestamp + text, tells them apart */
	if ((c->source && strstr(c->source, "message")) ||
	    (strcmp(platform, "instagram") == 0 && json_object_get(v, "created_time") &&
	     json_object_get(v, "message") && !json_object_get(v, "timestamp")) ||
	    (id && strncmp(id, "m_", 2) == 0) || (json_object_get(v, "to") &&
						 json_object_get(v, "from") &&
						 !json_object_get(v, "permalink_url"))) {
		fb_message(n, v, c, NULL, platform);
		return;
	}
	if (strcmp(platform, "facebook") == 0 && json_object_get(v, "comments") &&
	    fb_is_post(v, c)) {
		/* a post with its comments: the post is not emitted */
		char acc[128];
		struct sc_norm_ctx c2 = *c;
		const char *us = id ? strchr(id, '_') : NULL;
		if (c2.account == NULL && us && (size_t)(us - id) < sizeof(acc)) {
			memcpy(acc, id, (size_t)(us - id));
			acc[us - id] = '\0';
			c2.account = acc;
		}
		fb_replies(n, json_object_get(v, "comments"), &c2, NULL, NULL, platform);
		return;
	}
	if (strcmp(platform, "instagram") == 0 && json_object_get(v, "comments") &&
	    !json_object_get(v, "text")) {
		/* a media object with its comments: the media is not emitted */
		fb_replies(n, json_object_get(v, "comments"), c, NULL, NULL, platform);
		return;
	}
	if (fb_is_post(v, c) && !(c->source && (strcmp(c->source, "visitor_posts") == 0 ||
						 strcmp(c->source, "mentions") == 0))) {
		n->nskipped++;	/* a post without comments (visitors' and tagging ones are messages) */
		return;
	}
	fb_comment(n, v, c, NULL, NULL, platform);
}

static void
meta_value(struct sc_norm *n, const json_t *v, struct sc_norm_ctx *c, const char *platform)
{
	json_t *data = json_object_get(v, "data"), *x;
	const char *k;
	size_t i;

	if (json_is_array(data)) {
		json_array_foreach(data, i, x) {
			if (n->stop || n->failed)
				return;
			c->item_index = (int)i;
			fb_node(n, x, c, platform);
		}
		return;
	}
	/* batch ?ids= lookup: {"<id>": {...,"id":"<id>"}, ...} */
	if (json_object_get(v, "id") == NULL && json_object_size(v) > 0) {
		int batch = 1;
		json_object_foreach((json_t *)v, k, x)
			if (!json_is_object(x) || sc_json_str(x, "id") == NULL || strcmp(sc_json_str(x, "id"), k))
				batch = 0;
		if (batch) {
			json_object_foreach((json_t *)v, k, x) {
				if (n->stop || n->failed)
					return;
				fb_node(n, x, c, platform);
			}
			return;
		}
	}
	fb_node(n, v, c, platform);
}

void
sc_norm_fb_value(struct sc_norm *n, const json_t *v, struct sc_norm_ctx *c)
{
	meta_value(n, v, c, "facebook");
}

void
sc_norm_ig_value(struct sc_norm *n, const json_t *v, struct sc_norm_ctx *c)
{
	json_t *mc = json_object_get(v, "mentioned_comment");
	json_t *mm = json_object_get(v, "mentioned_media");
	struct sc_norm_ctx c2 = *c;

	if (mc || mm) {
		struct sc_norm_rec r;
		/* ?fields=mentioned_comment / mentioned_media on the brand's user */
		if (c2.account == NULL)
			c2.account = sc_json_str(v, "id");
		c2.source = "mentions";
		if (mc) {
			fb_comment(n, mc, &c2, NULL, NULL, "instagram");
			return;
		}
		sc_norm_rec_init(&r, &c2, "instagram");
		r.kind = "mention";
		r.id = sc_json_str(mm, "id");
		r.text = sc_json_str(mm, "caption");
		r.author_name = sc_json_str(mm, "username");
		r.author_handle = r.author_name;
		r.url = sc_json_str(mm, "permalink");
		r.raw = v;
		if (r.id == NULL || sc_time_parse_json(json_object_get(mm, "timestamp"), &r.created) < 0) {
			sc_norm_item_reject(n, v, "instagram mentioned_media needs \"id\" and \"timestamp\"");
			return;
		}
		sc_norm_emit(n, &r);
		return;
	}
	meta_value(n, v, &c2, "instagram");
}

/* ---- webhooks ---- */

static void
wh_feed_comment(struct sc_norm *n, const json_t *val, struct sc_norm_ctx *c, const char *platform,
		int64_t etime, const char *kind)
{
	struct sc_norm_rec r;
	char sid[32], cid[32];
	const char *post = sc_json_str(val, "post_id");
	const char *par = sc_json_str(val, "parent_id");
	const char *verb = sc_json_str(val, "verb");
	json_t *from = json_object_get(val, "from");

	if (verb && strcmp(verb, "add") && strcmp(verb, "edited") && strcmp(verb, "edit")) {
		n->nskipped++;	/* remove, hide, unhide: not messages */
		return;
	}
	sc_norm_rec_init(&r, c, platform);
	r.kind = kind;
	r.id = sc_norm_jid(json_object_get(val, "comment_id"), cid);
	if (r.id == NULL)
		r.id = sc_norm_jid(json_object_get(val, "id"), cid);
	if (r.id == NULL) {
		sc_norm_item_reject(n, val, "%s webhook comment has no \"comment_id\"", platform);
		return;
	}
	if (sc_time_parse_json(json_object_get(val, "created_time"), &r.created) < 0)
		r.created = etime;
	if (r.created < 0) {
		sc_norm_item_reject(n, val, "%s webhook comment %s: no time", platform, r.id);
		return;
	}
	if (par && post && strcmp(par, post) == 0)
		par = NULL;	/* top-level: the parent is the post */
	r.parent = par;
	r.thread = par;
	if (json_is_object(from)) {
		r.author_id = sc_norm_jid(json_object_get(from, "id"), sid);
		r.author_name = sc_json_str(from, "name");
		if (r.author_name == NULL)
			r.author_name = sc_json_str(from, "username");
		r.author_handle = sc_json_str(from, "username");
	} else {
		r.author_id = sc_norm_jid(json_object_get(val, "sender_id"), sid);
		r.author_name = sc_json_str(val, "sender_name");
	}
	r.text = sc_json_str(val, strcmp(platform, "instagram") == 0 ? "text" : "message");
	if (r.text == NULL)
		r.text = sc_json_str(val, "text");
	r.raw = val;
	sc_norm_emit(n, &r);
}

static void
wh_rating(struct sc_norm *n, const json_t *val, struct sc_norm_ctx *c, int64_t etime)
{
	struct sc_norm_rec r;
	char rid[32], id[32];
	const char *verb = sc_json_str(val, "verb");

	if (verb && strcmp(verb, "add") && strcmp(verb, "edit") && strcmp(verb, "edited")) {
		n->nskipped++;
		return;
	}
	sc_norm_rec_init(&r, c, "facebook");
	r.kind = "review";
	r.id = sc_norm_jid(json_object_get(val, "open_graph_story_id"), id);
	if (r.id == NULL)
		r.id = sc_norm_jid(json_object_get(val, "review_id"), id);
	if (r.id == NULL)	/* the API's ratings edge: open_graph_story{id} */
		r.id = sc_norm_jid(sc_json_path(val, "open_graph_story.id"), id);
	if (r.id == NULL) {
		sc_norm_item_reject(n, val, "facebook rating has no \"open_graph_story_id\"");
		return;
	}
	if (sc_time_parse_json(json_object_get(val, "created_time"), &r.created) < 0)
		r.created = etime;
	r.author_id = sc_norm_jid(json_object_get(val, "reviewer_id"), rid);
	r.author_name = sc_json_str(val, "reviewer_name");
	if (r.author_id == NULL)
		r.author_id = sc_norm_jid(sc_json_path(val, "reviewer.id"), rid);
	if (r.author_name == NULL)
		r.author_name = sc_json_path_str(val, "reviewer.name");
	r.text = sc_json_str(val, "review_text");
	if (json_is_integer(json_object_get(val, "rating")))
		r.rating = (int)json_integer_value(json_object_get(val, "rating"));
	else if (sc_json_str(val, "recommendation_type"))
		r.rating = strcasecmp(sc_json_str(val, "recommendation_type"), "positive") == 0 ? 5 : 1;
	r.raw = val;
	sc_norm_emit(n, &r);
}

static void
wh_messaging(struct sc_norm *n, const json_t *ev, struct sc_norm_ctx *c, const char *platform)
{
	struct sc_norm_rec r;
	char sid[32], rid[32], thr[64];
	json_t *msg = json_object_get(ev, "message");
	const char *sender = sc_norm_jid(sc_json_path(ev, "sender.id"), sid);
	const char *recip = sc_norm_jid(sc_json_path(ev, "recipient.id"), rid);
	const char *cust;
	int echo;

	if (msg == NULL)
		msg = json_object_get(ev, "message_edit");
	if (!json_is_object(msg) || json_is_true(json_object_get(msg, "is_deleted"))) {
		n->nskipped++;	/* delivery, read, reaction, postback, referral, ... */
		return;
	}
	sc_norm_rec_init(&r, c, platform);
	r.kind = "dm";
	r.visibility = "private";
	r.id = sc_json_str(msg, "mid");
	if (r.id == NULL) {
		sc_norm_item_reject(n, ev, "%s message has no \"mid\"", platform);
		return;
	}
	if (sc_time_parse_json(json_object_get(ev, "timestamp"), &r.created) < 0) {
		sc_norm_item_reject(n, ev, "%s message %s: no valid \"timestamp\"", platform, r.id);
		return;
	}
	echo = json_is_true(json_object_get(msg, "is_echo"));
	r.is_brand = echo || (sender && sc_norm_is_brand(n, c, r.platform, sender));
	r.author_id = sender;
	/* the conversation is the participant that is not the page */
	if (c->account && sender && strcmp(sender, c->account) == 0)
		cust = recip;
	else if (c->account && recip && strcmp(recip, c->account) == 0)
		cust = sender;
	else
		cust = r.is_brand ? recip : sender;
	snprintf(thr, sizeof(thr), "dm:%s", cust ? cust : "unknown");
	r.thread = thr;
	r.parent = sc_json_path_str(msg, "reply_to.mid");
	r.text = sc_json_str(msg, "text");
	r.raw = ev;
	sc_norm_emit(n, &r);
}

void
sc_norm_fb_webhook(struct sc_norm *n, const json_t *v, struct sc_norm_ctx *c)
{
	const char *obj = sc_json_str(v, "object");
	const char *platform = strcmp(obj, "instagram") == 0 ? "instagram" : "facebook";
	json_t *entry, *x, *ch;
	size_t i, j;

	if (strcmp(obj, "page") && strcmp(obj, "instagram")) {
		sc_norm_item_reject(n, v, "webhook object \"%.40s\" is not page or instagram", obj);
		return;
	}
	json_array_foreach(json_object_get(v, "entry"), i, entry) {
		struct sc_norm_ctx c2 = *c;
		char acc[32];
		int64_t etime = -1;
		json_t *list;

		if (n->stop || n->failed)
			return;
		if (!json_is_object(entry)) {
			sc_norm_item_reject(n, entry, "webhook entry is not an object");
			continue;
		}
		c2.platform = platform;
		if (c2.account == NULL)
			c2.account = sc_norm_jid(json_object_get(entry, "id"), acc);
		sc_time_parse_json(json_object_get(entry, "time"), &etime);
		json_array_foreach(json_object_get(entry, "changes"), j, ch) {
			const char *field = sc_json_str(ch, "field");
			json_t *val = json_object_get(ch, "value");
			const char *item = sc_json_str(val, "item");
			if (n->stop || n->failed)
				return;
			if (field == NULL || !json_is_object(val)) {
				n->nskipped++;
				continue;
			}
			if (strcmp(platform, "instagram") == 0) {
				if (strcmp(field, "comments") == 0 || strcmp(field, "live_comments") == 0)
					wh_feed_comment(n, val, &c2, platform, etime, "comment");
				else
					n->nskipped++;	/* mentions carry ids only */
				continue;
			}
			if (strcmp(field, "feed") == 0 && item && strcmp(item, "comment") == 0)
				wh_feed_comment(n, val, &c2, platform, etime, "comment");
			else if (strcmp(field, "mention") == 0 && item && strcmp(item, "comment") == 0)
				wh_feed_comment(n, val, &c2, platform, etime, "mention");
			else if (strcmp(field, "ratings") == 0 && item && strcmp(item, "rating") == 0)
				wh_rating(n, val, &c2, etime);
			else if (strcmp(field, "ratings") == 0 && item && strcmp(item, "comment") == 0)
				wh_feed_comment(n, val, &c2, platform, etime, "comment");
			else
				n->nskipped++;	/* posts, reactions, page settings */
		}
		list = json_object_get(entry, "messaging");
		if (list == NULL)
			list = json_object_get(entry, "standby");
		json_array_foreach(list, j, x) {
			if (n->stop || n->failed)
				return;
			wh_messaging(n, x, &c2, platform);
		}
	}
}
