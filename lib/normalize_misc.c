/*
 * normalize_misc.c - YouTube Data API v3, TikTok Business API v1.3 (and
 * its webhook events), LinkedIn Community Management comments and
 * notifications, and Google Business Profile reviews.  Field maps and brand rules are in sc-normalize(1).
 */
#include <stdlib.h>
#include <string.h>

#include "normalize_int.h"

/* ---- YouTube ---- */

static void
yt_comment(struct sc_norm *n, const json_t *cm, struct sc_norm_ctx *c, const char *parent,
	   const char *channel, const char *video)
{
	struct sc_norm_rec r;
	json_t *sn = json_object_get(cm, "snippet");
	char urlb[300];
	const char *orig;

	sc_norm_rec_init(&r, c, "youtube");
	r.id = sc_json_str(cm, "id");
	if (r.id == NULL || !json_is_object(sn)) {
		sc_norm_item_reject(n, cm, "youtube comment needs \"id\" and \"snippet\"");
		return;
	}
	if (sc_time_parse_json(json_object_get(sn, "publishedAt"), &r.created) < 0) {
		sc_norm_item_reject(n, cm, "youtube comment %s: no valid \"publishedAt\"", r.id);
		return;
	}
	if (parent == NULL)
		parent = sc_json_str(sn, "parentId");
	if (parent == NULL)
		parent = c->parent;
	r.parent = parent;
	r.thread = parent;	/* YouTube nests one level */
	r.author_id = sc_json_path_str(sn, "authorChannelId.value");
	r.author_name = sc_json_str(sn, "authorDisplayName");
	if (channel == NULL)
		channel = sc_json_str(sn, "channelId");
	if (r.account == NULL)
		r.account = channel;
	r.is_brand = sc_norm_is_brand(n, c, r.platform, r.author_id) ||
		     (channel && r.author_id && strcmp(channel, r.author_id) == 0);
	orig = sc_json_str(sn, "textOriginal");
	if (orig) {
		r.text = orig;
	} else {
		r.text = sc_json_str(sn, "textDisplay");
		r.text_html = 2;
	}
	if (video == NULL)
		video = sc_json_str(sn, "videoId");
	if (video) {
		snprintf(urlb, sizeof(urlb), "https://www.youtube.com/watch?v=%s&lc=%s", video, r.id);
		r.url = urlb;
	}
	r.raw = cm;
	sc_norm_emit(n, &r);
}

static void
yt_item(struct sc_norm *n, const json_t *it, struct sc_norm_ctx *c)
{
	const char *kind = sc_json_str(it, "kind");
	json_t *sn = json_object_get(it, "snippet"), *x;
	size_t i;

	if (kind && strcmp(kind, "youtube#commentThread") == 0) {
		json_t *top = json_object_get(sn, "topLevelComment");
		const char *ch = sc_json_str(sn, "channelId"), *vid = sc_json_str(sn, "videoId");
		const char *topid = sc_json_str(top, "id");
		if (!json_is_object(top)) {
			sc_norm_item_reject(n, it, "youtube commentThread has no \"topLevelComment\"");
			return;
		}
		yt_comment(n, top, c, NULL, ch, vid);
		json_array_foreach(sc_json_path(it, "replies.comments"), i, x) {
			if (n->stop || n->failed)
				return;
			yt_comment(n, x, c, topid, ch, vid);
		}
		return;
	}
	if (kind && strcmp(kind, "youtube#comment") == 0) {
		yt_comment(n, it, c, NULL, NULL, NULL);
		return;
	}
	sc_norm_item_reject(n, it, "youtube item of kind \"%.40s\" is not a comment", kind ? kind : "");
}

void
sc_norm_yt_value(struct sc_norm *n, const json_t *v, struct sc_norm_ctx *c)
{
	json_t *items = json_object_get(v, "items"), *x;
	size_t i;

	if (items == NULL) {
		yt_item(n, v, c);
		return;
	}
	json_array_foreach(items, i, x) {
		if (n->stop || n->failed)
			return;
		yt_item(n, x, c);
	}
}

/* ---- TikTok ---- */

static void
tt_comment(struct sc_norm *n, const json_t *cm, struct sc_norm_ctx *c, const char *parent,
	   const char *video)
{
	struct sc_norm_rec r;
	json_t *x;
	size_t i;

	sc_norm_rec_init(&r, c, "tiktok");
	r.id = sc_json_str(cm, "comment_id");
	if (r.id == NULL) {
		sc_norm_item_reject(n, cm, "tiktok comment has no \"comment_id\"");
		return;
	}
	if (sc_time_parse_json(json_object_get(cm, "create_time"), &r.created) < 0) {
		sc_norm_item_reject(n, cm, "tiktok comment %s: no valid \"create_time\"", r.id);
		return;
	}
	if (parent == NULL)
		parent = sc_json_str(cm, "parent_comment_id");
	if (parent && *parent == '\0')
		parent = NULL;	/* a top-level comment may say "" */
	if (parent == NULL)
		parent = c->parent;
	r.parent = parent;
	r.thread = parent;
	/* a reply is sent to the video's comment: sc-reply --send needs it */
	r.post = sc_json_str(cm, "video_id") ? sc_json_str(cm, "video_id") : video;
	r.author_id = sc_json_str(cm, "user_id");
	r.author_name = sc_json_str(cm, "username");
	r.author_handle = r.author_name;
	r.is_brand = json_is_true(json_object_get(cm, "owner")) || sc_norm_is_brand(n, c, r.platform, r.author_id) ||
		     sc_norm_is_brand(n, c, r.platform, r.author_handle);
	r.text = sc_json_str(cm, "text");
	r.raw = cm;
	if (sc_norm_emit(n, &r) < 0)
		return;
	json_array_foreach(json_object_get(cm, "reply_list"), i, x)
		tt_comment(n, x, c, r.id, r.post);
}

/*
 * A webhook event, as sc-webhook spools it:
 * {"client_key","event","create_time","user_openid","content"} with the
 * event's own fields as a JSON string in content (an object is taken
 * too).  A comment event (its name has "comment") whose content carries
 * the comment (comment_id and text) becomes a record like a listed one,
 * its time the content's create_time or else the event's; user_openid is
 * the business account.  A comment event with ids only, a deleted or
 * hidden comment, and the other events (authorization.removed,
 * post.publish.*, tiktok.ping) are skipped: the next poll brings what they
 * point at.
 */
static void
tt_webhook(struct sc_norm *n, const json_t *v, struct sc_norm_ctx *c)
{
	const char *ev = sc_json_str(v, "event"), *act;
	json_t *content = json_object_get(v, "content"), *doc = NULL;
	struct sc_norm_ctx c2 = *c;
	struct sc_error e;

	if (ev == NULL || strstr(ev, "comment") == NULL) {
		n->nskipped++;
		return;
	}
	sc_error_clear(&e);
	if (json_is_string(content))
		doc = sc_json_parse_line(json_string_value(content), json_string_length(content), &e);
	else if (json_is_object(content))
		doc = json_copy(content);
	if (!json_is_object(doc)) {
		json_decref(doc);
		sc_norm_item_reject(n, v, "tiktok webhook %.40s: \"content\" is not a JSON object", ev);
		return;
	}
	act = sc_json_str(doc, "comment_action");
	if (act == NULL)
		act = sc_json_str(doc, "action");
	if (strstr(ev, "delete") || strstr(ev, "hide") ||
	    (act && (strcasestr(act, "delete") || strcasestr(act, "hide") || strcasestr(act, "remove"))) ||
	    sc_json_str(doc, "comment_id") == NULL || !json_is_string(json_object_get(doc, "text"))) {
		n->nskipped++;
		json_decref(doc);
		return;
	}
	if (json_object_get(doc, "create_time") == NULL && json_object_get(v, "create_time"))
		json_object_set(doc, "create_time", json_object_get(v, "create_time"));
	if (c2.account == NULL)
		c2.account = sc_json_str(v, "user_openid");
	tt_comment(n, doc, &c2, NULL, NULL);
	json_decref(doc);
}

void
sc_norm_tt_value(struct sc_norm *n, const json_t *v, struct sc_norm_ctx *c)
{
	json_t *data = json_object_get(v, "data"), *list, *x;
	json_t *code = json_object_get(v, "code");
	size_t i;

	if (json_is_string(json_object_get(v, "event")) && json_object_get(v, "content")) {
		tt_webhook(n, v, c);
		return;
	}

	if (code && json_is_integer(code) && json_integer_value(code) != 0) {
		sc_norm_item_reject(n, v, "tiktok error response: code %lld: %.80s",
			     (long long)json_integer_value(code), sc_json_str(v, "message") ? sc_json_str(v, "message") : "");
		return;
	}
	if (data == NULL) {
		tt_comment(n, v, c, NULL, NULL);
		return;
	}
	list = json_object_get(data, "comments");
	if (list == NULL)
		list = json_object_get(data, "replies");
	if (list == NULL) {
		if (json_object_get(data, "comment_id"))
			tt_comment(n, data, c, NULL, NULL);
		else
			n->nskipped++;
		return;
	}
	json_array_foreach(list, i, x) {
		if (n->stop || n->failed)
			return;
		tt_comment(n, x, c, NULL, NULL);
	}
}

/* ---- LinkedIn ---- */

/* "urn:li:comment:(urn:li:activity:A,C)" -> C */
static const char *
li_comment_id(const char *urn, char *out, size_t cap)
{
	const char *comma, *end;

	if (urn == NULL)
		return NULL;
	comma = strrchr(urn, ',');
	end = strrchr(urn, ')');
	if (comma == NULL || end == NULL || end < comma || (size_t)(end - comma) >= cap)
		return NULL;
	memcpy(out, comma + 1, (size_t)(end - comma - 1));
	out[end - comma - 1] = '\0';
	return out;
}

static void
li_comment(struct sc_norm *n, const json_t *el, struct sc_norm_ctx *c)
{
	struct sc_norm_rec r;
	char idb[64], pb[64];
	const char *org = "urn:li:organization:";

	sc_norm_rec_init(&r, c, "linkedin");
	r.id = sc_json_str(el, "id");
	if (r.id == NULL)
		r.id = li_comment_id(sc_json_str(el, "$URN"), idb, sizeof(idb));
	if (r.id == NULL) {
		sc_norm_item_reject(n, el, "linkedin comment has no \"id\"");
		return;
	}
	if (sc_time_parse_json(sc_json_path(el, "created.time"), &r.created) < 0) {
		sc_norm_item_reject(n, el, "linkedin comment %s: no valid \"created.time\"", r.id);
		return;
	}
	r.parent = li_comment_id(sc_json_str(el, "parentComment"), pb, sizeof(pb));
	if (r.parent == NULL)
		r.parent = c->parent;
	r.thread = r.parent;
	r.post = sc_json_str(el, "object");	/* sc-reply --send answers on it */
	r.author_id = sc_json_str(el, "actor");
	if (r.author_id && strncmp(r.author_id, org, strlen(org)) == 0) {
		const char *num = r.author_id + strlen(org);
		/* an organization speaks for the brand when it is one, or when no
		   brand is named for LinkedIn at all */
		r.is_brand = sc_norm_is_brand(n, c, r.platform, r.author_id) || sc_norm_is_brand(n, c, r.platform, num) ||
			     (c->account == NULL && n->brands.n == 0);
		if (r.is_brand && r.account == NULL)
			r.account = num;
		r.agent = sc_json_path_str(el, "created.impersonator");
	} else {
		r.is_brand = sc_norm_is_brand(n, c, r.platform, r.author_id);
	}
	r.text = sc_json_path_str(el, "message.text");
	if (c->source && strstr(c->source, "mention"))
		r.kind = "mention";	/* sc-fetch linkedin mentions: a member's comment naming the brand */
	r.raw = el;
	sc_norm_emit(n, &r);
}

/* A post (rest/posts/{URN}): sc-fetch linkedin mentions reads the member
   posts that mention the organization.  Its id is the URN. */
static void
li_post(struct sc_norm *n, const json_t *el, struct sc_norm_ctx *c)
{
	struct sc_norm_rec r;
	char urlb[300];
	const json_t *t = json_object_get(el, "publishedAt");

	sc_norm_rec_init(&r, c, "linkedin");
	r.kind = c->source && strstr(c->source, "mention") ? "mention" : "post";
	r.id = sc_json_str(el, "id");
	if (r.id == NULL) {
		sc_norm_item_reject(n, el, "linkedin post has no \"id\"");
		return;
	}
	if (t == NULL)
		t = json_object_get(el, "createdAt");
	if (sc_time_parse_json(t, &r.created) < 0) {
		sc_norm_item_reject(n, el, "linkedin post %s: no valid \"createdAt\"", r.id);
		return;
	}
	r.post = r.id;	/* a reply comments on the post */
	r.author_id = sc_json_str(el, "author");
	r.is_brand = sc_norm_is_brand(n, c, r.platform, r.author_id);
	r.text = sc_json_str(el, "commentary");
	snprintf(urlb, sizeof(urlb), "https://www.linkedin.com/feed/update/%s/", r.id);
	r.url = urlb;
	r.raw = el;
	sc_norm_emit(n, &r);
}

/*
 * ORGANIZATION_SOCIAL_ACTION_NOTIFICATIONS: COMMENT and ADMIN_COMMENT
 * (and COMMENT_EDIT, and COMMENT_MENTION: a mention) carry the comment in
 * decoratedGeneratedActivity; the other actions (likes, shares, deletes,
 * mentions in posts, which carry no text: sc-fetch reads those posts) are
 * skipped.
 */
static void
li_notification(struct sc_norm *n, const json_t *nt, struct sc_norm_ctx *c)
{
	struct sc_norm_rec r;
	char idb[64], acc[64];
	const char *action = sc_json_str(nt, "action");
	const json_t *cm = sc_json_path(nt, "decoratedGeneratedActivity.comment");
	const char *org = sc_json_str(nt, "organizationalEntity");

	if (action == NULL || (strcmp(action, "COMMENT") && strcmp(action, "ADMIN_COMMENT") &&
			       strcmp(action, "COMMENT_EDIT") && strcmp(action, "COMMENT_MENTION"))) {
		n->nskipped++;
		return;
	}
	sc_norm_rec_init(&r, c, "linkedin");
	r.id = li_comment_id(sc_json_str(nt, "generatedActivity"), idb, sizeof(idb));
	if (r.id == NULL || !json_is_object(cm)) {
		sc_norm_item_reject(n, nt, "linkedin notification needs \"generatedActivity\" and its comment");
		return;
	}
	if (sc_time_parse_json(json_object_get(nt, "lastModifiedAt"), &r.created) < 0) {
		sc_norm_item_reject(n, nt, "linkedin notification %s: no valid \"lastModifiedAt\"", r.id);
		return;
	}
	if (r.account == NULL && org && strncmp(org, "urn:li:organization:", 20) == 0) {
		snprintf(acc, sizeof(acc), "%s", org + 20);
		r.account = acc;
	}
	r.post = sc_json_str(cm, "object") ? sc_json_str(cm, "object") : sc_json_str(nt, "sourcePost");
	r.author_id = sc_json_str(cm, "owner");
	r.is_brand = strcmp(action, "ADMIN_COMMENT") == 0 || sc_norm_is_brand(n, c, r.platform, r.author_id) ||
		     (org && r.author_id && strcmp(org, r.author_id) == 0);
	r.text = sc_json_str(cm, "text");
	if (strcmp(action, "COMMENT_MENTION") == 0 || (c->source && strstr(c->source, "mention")))
		r.kind = "mention";
	r.raw = nt;
	sc_norm_emit(n, &r);
}

void
sc_norm_li_value(struct sc_norm *n, const json_t *v, struct sc_norm_ctx *c)
{
	json_t *els = json_object_get(v, "elements"), *x;
	size_t i;

	if (json_object_get(v, "notifications")) {
		json_array_foreach(json_object_get(v, "notifications"), i, x) {
			if (n->stop || n->failed)
				return;
			li_notification(n, x, c);
		}
		return;
	}
	if (json_object_get(v, "action")) {
		li_notification(n, v, c);
		return;
	}
	if (els == NULL) {
		if (json_object_get(v, "commentary") && !json_object_get(v, "message"))
			li_post(n, v, c);
		else
			li_comment(n, v, c);
		return;
	}
	json_array_foreach(els, i, x) {
		if (n->stop || n->failed)
			return;
		li_comment(n, x, c);
	}
}

/* ---- Google Business Profile ---- */

static int
stars(const char *s)
{
	static const char *names[] = {"ONE", "TWO", "THREE", "FOUR", "FIVE"};
	int i;

	for (i = 0; s && i < 5; i++)
		if (strcmp(s, names[i]) == 0)
			return i + 1;
	return 0;
}

static void
go_review(struct sc_norm *n, const json_t *rv, struct sc_norm_ctx *c)
{
	struct sc_norm_rec r;
	char loc[128], rid[300];
	const char *name = sc_json_str(rv, "name"), *l, *text;
	json_t *reply = json_object_get(rv, "reviewReply");
	size_t len;

	sc_norm_rec_init(&r, c, "google");
	r.kind = "review";
	r.id = sc_json_str(rv, "reviewId");
	if (r.id == NULL) {
		sc_norm_item_reject(n, rv, "google review has no \"reviewId\"");
		return;
	}
	if (sc_time_parse_json(json_object_get(rv, "createTime"), &r.created) < 0) {
		sc_norm_item_reject(n, rv, "google review %s: no valid \"createTime\"", r.id);
		return;
	}
	/* the brand account is the location: accounts/A/locations/L/reviews/R */
	if (r.account == NULL && name && (l = strstr(name, "/locations/")) != NULL) {
		size_t k;
		l += 11;
		for (k = 0; l[k] && l[k] != '/' && k + 1 < sizeof(loc); k++)
			loc[k] = l[k];
		loc[k] = '\0';
		r.account = loc;
	}
	r.author_name = sc_json_path_str(rv, "reviewer.displayName");
	r.is_brand = 0;
	text = sc_json_str(rv, "comment");
	if (text) {
		sc_norm_google_original(text, &r.text, &len);
		r.text_len = len;
	}
	r.rating = stars(sc_json_str(rv, "starRating"));
	r.raw = rv;
	if (sc_norm_emit(n, &r) < 0 || !json_is_object(reply))
		return;
	/* the owner's reply: a brand record of its own */
	{
		struct sc_norm_rec b;
		sc_norm_rec_init(&b, c, "google");
		b.kind = "review";
		snprintf(rid, sizeof(rid), "%s:reply", r.id);
		b.id = rid;
		b.thread = r.id;
		b.parent = r.id;
		b.account = r.account;
		b.author_id = r.account;
		b.is_brand = 1;
		b.raw = reply;
		text = sc_json_str(reply, "comment");
		if (text) {
			sc_norm_google_original(text, &b.text, &len);
			b.text_len = len;
		}
		if (sc_time_parse_json(json_object_get(reply, "updateTime"), &b.created) < 0) {
			sc_norm_item_reject(n, rv, "google review %s: reply has no valid \"updateTime\"", r.id);
			return;
		}
		sc_norm_emit(n, &b);
	}
}

void
sc_norm_google_value(struct sc_norm *n, const json_t *v, struct sc_norm_ctx *c)
{
	json_t *list = json_object_get(v, "reviews"), *x;
	size_t i;

	if (list == NULL) {
		go_review(n, v, c);
		return;
	}
	json_array_foreach(list, i, x) {
		if (n->stop || n->failed)
			return;
		go_review(n, x, c);
	}
}
