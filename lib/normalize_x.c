/*
 * normalize_x.c - X API v2 pages and Twitter v1.1 statuses, search pages
 * and Account Activity webhooks.  Both are platform "x".
 *
 * Reply chains: sc(7) (THE RECORD, thread_id) wants a tweet's thread to be the first customer
 * message of its chain, never a brand post.  sc_norm_x_thread() keeps, for every
 * tweet seen in this run, its chain root and its author (two sc_set64
 * maps, 32 bytes a tweet, cleared at XCHAIN_MAX tweets):
 *   customer tweet, no parent              -> itself
 *   customer reply to a brand reply to him -> that reply's root
 *   customer reply to a brand reply to
 *   somebody else                          -> itself
 *   customer reply to a brand post         -> itself (a new chain)
 *   customer reply to own earlier tweet    -> that tweet's root
 *   customer reply to another customer     -> itself
 *   brand reply                            -> the parent's root (or the
 *                                             parent itself if unseen,
 *                                             unless the brand answers
 *                                             itself: a brand post)
 * X returns pages newest first, so each page is processed oldest first
 * (ids are time-ordered snowflakes), after registering includes.tweets.
 */
#include <stdlib.h>
#include <string.h>

#include "normalize_int.h"

#define XCHAIN_MAX (4u * 1024 * 1024)
#define BRAND_POST UINT64_MAX

static uint64_t
num(const char *s)
{
	uint64_t v = 0;

	if (s == NULL || *s == '\0')
		return 0;
	for (; *s; s++) {
		if (*s < '0' || *s > '9')
			return 0;
		v = v * 10 + (uint64_t)(*s - '0');
	}
	return v;
}

const char *
sc_norm_x_thread(struct sc_norm *n, const char *id, const char *parent, const char *author,
	  int is_brand, const char *reply_to_user, char out[32])
{
	uint64_t me = num(id), pid = num(parent), root, *v;
	uint64_t ah = (author ? sc_hash64(author, strlen(author)) : 2) | 1;
	int have_parent = pid && sc_set64_get(&n->xroot, pid, &v);
	uint64_t proot = have_parent ? *v : 0, pauth = 0;

	if (me == 0)
		return NULL;
	if (have_parent && sc_set64_get(&n->xauth, pid, &v))
		pauth = *v;
	if (is_brand) {
		/* a brand tweet remembers whom it answered (low bit clear) */
		ah = (reply_to_user ? sc_hash64(reply_to_user, strlen(reply_to_user)) : 2) & ~(uint64_t)1;
		if (pid == 0)
			root = BRAND_POST;
		else if (have_parent)
			root = proot;
		else if (reply_to_user && author && strcmp(reply_to_user, author) == 0)
			root = BRAND_POST;	/* the brand's own thread of posts */
		else
			root = pid;
	} else if (pid == 0) {
		root = me;
	} else if (have_parent) {
		if ((pauth & 1) == 0)	/* parent by the brand: was it answering me? */
			root = proot == BRAND_POST ? me :
			       ((pauth | 1) == ah || pauth == 2) ? proot : me;
		else if (pauth == ah)
			root = proot;
		else
			root = me;
	} else {
		root = (reply_to_user && author && strcmp(reply_to_user, author) == 0) ? pid : me;
	}
	if (n->xroot.n >= XCHAIN_MAX) {
		sc_set64_release(&n->xroot);
		sc_set64_release(&n->xauth);
	}
	sc_set64_put(&n->xroot, me, &v);
	*v = root;
	sc_set64_put(&n->xauth, me, &v);
	*v = ah;
	if (root == BRAND_POST)
		root = me;
	snprintf(out, 32, "%llu", (unsigned long long)root);
	return out;
}

/* ---- API v2 ---- */

/* The member of the array arr whose key is value, or NULL. */
static const json_t *
member_where(const json_t *arr, const char *key, const char *value)
{
	json_t *x;
	size_t i;

	if (value == NULL)
		return NULL;
	json_array_foreach(arr, i, x) {
		const char *v = sc_json_str(x, key);
		if (v && strcmp(v, value) == 0)
			return x;
	}
	return NULL;
}

/* includes.users, else the author sc-fetch put in the envelope's context */
static const json_t *
x_user(const struct sc_norm_ctx *c, const json_t *includes, const char *id)
{
	const json_t *u = member_where(json_object_get(includes, "users"), "id", id);
	const char *aid = sc_json_str(c->author, "id");

	if (u == NULL && id && aid && strcmp(aid, id) == 0)
		u = c->author;
	return u;
}

/* The member of referenced_tweets of that type, or NULL. */
static const json_t *
referenced(const json_t *t, const char *type)
{
	return member_where(json_object_get(t, "referenced_tweets"), "type", type);
}

static const char *
replied_to(const json_t *t)
{
	const json_t *x = referenced(t, "replied_to");

	return x ? sc_json_str(x, "id") : NULL;
}

static int
is_retweet(const json_t *t)
{
	return referenced(t, "retweeted") != NULL;
}

static int
idcmp(const void *a, const void *b)
{
	const char *x = sc_json_str(*(json_t *const *)a, "id");
	const char *y = sc_json_str(*(json_t *const *)b, "id");
	size_t lx, ly;

	if (x == NULL || y == NULL)
		return (x == NULL) - (y == NULL);
	lx = strlen(x);
	ly = strlen(y);
	if (lx != ly)
		return lx < ly ? -1 : 1;
	return strcmp(x, y);
}

/* Which brand account does a tweet concern?  Its author, the user it
   replies to, or a mentioned user, if any is a brand id. */
static const char *
x_account(struct sc_norm *n, const struct sc_norm_ctx *c, const json_t *t, const char *author)
{
	const char *r = sc_json_str(t, "in_reply_to_user_id");
	json_t *m;
	size_t i;

	if (c->account)
		return c->account;
	if (sc_norm_is_brand(n, NULL, "x", author))
		return author;
	if (sc_norm_is_brand(n, NULL, "x", r))
		return r;
	json_array_foreach(sc_json_path(t, "entities.mentions"), i, m) {
		const char *mid = sc_json_str(m, "id");
		if (sc_norm_is_brand(n, NULL, "x", mid))
			return mid;
		if (sc_norm_is_brand(n, NULL, "x", sc_json_str(m, "username")))
			return sc_json_str(m, "username");
	}
	return NULL;
}

static void
x_tweet(struct sc_norm *n, const json_t *t, struct sc_norm_ctx *c, const json_t *includes, int emit)
{
	struct sc_norm_rec r;
	char thr[32], urlb[300], sig[32];
	const json_t *u;
	const char *parent;

	sc_norm_rec_init(&r, c, "x");
	r.platform = "x";
	r.id = sc_json_str(t, "id");
	if (r.id == NULL || num(r.id) == 0) {
		if (emit)
			sc_norm_item_reject(n, t, "x tweet has no numeric \"id\"");
		return;
	}
	if (sc_json_str(t, "event_type")) {	/* a DM event */
		if (!emit)
			return;
		if (strcmp(sc_json_str(t, "event_type"), "MessageCreate") != 0) {
			n->nskipped++;
			return;
		}
		r.kind = "dm";
		r.visibility = "private";
		r.author_id = sc_json_str(t, "sender_id");
		u = x_user(c, includes, r.author_id);
		r.author_name = sc_json_str(u, "name");
		r.author_handle = sc_json_str(u, "username");
		r.thread = sc_json_str(t, "dm_conversation_id");
		if (r.thread == NULL)
			r.thread = c->conversation;
		r.text = sc_json_str(t, "text");
		r.raw = t;
		if (sc_time_parse_json(json_object_get(t, "created_at"), &r.created) < 0)
			r.created = (int64_t)(((num(r.id) >> 22) + 1288834974657ULL) / 1000);
		sc_norm_emit(n, &r);
		return;
	}
	r.author_id = sc_json_str(t, "author_id");
	u = x_user(c, includes, r.author_id);
	r.author_name = sc_json_str(u, "name");
	r.author_handle = sc_json_str(u, "username");
	r.is_brand = sc_norm_is_brand(n, c, r.platform, r.author_id) || sc_norm_is_brand(n, c, r.platform, r.author_handle);
	parent = replied_to(t);
	r.thread = sc_norm_x_thread(n, r.id, parent, r.author_id, r.is_brand,
			     sc_json_str(t, "in_reply_to_user_id"), thr);
	if (!emit)
		return;
	if (is_retweet(t)) {
		n->nskipped++;	/* a retweet asks nothing */
		return;
	}
	r.parent = parent;
	r.kind = "mention";
	r.text = sc_json_str(t, "text");
	if (r.text == NULL) {
		sc_norm_item_reject(n, t, "x tweet %s has no \"text\"", r.id);
		return;
	}
	r.text_html = 1;	/* v2 text still escapes & < > */
	r.lang = sc_json_str(t, "lang");
	r.account = x_account(n, c, t, r.author_id);
	if (c->source && strcmp(c->source, "search") == 0 && !r.is_brand) {
		/* sc-fetch's search: a brand mention without the @ unless a
		   mentioned user is the account */
		json_t *m;
		size_t i;
		r.untagged = 1;
		json_array_foreach(sc_json_path(t, "entities.mentions"), i, m)
			if (c->account && sc_json_str(m, "id") && strcmp(sc_json_str(m, "id"), c->account) == 0)
				r.untagged = 0;
	}
	if (sc_time_parse_json(json_object_get(t, "created_at"), &r.created) < 0) {
		if (json_object_get(t, "created_at")) {
			sc_norm_item_reject(n, t, "x tweet %s: bad \"created_at\"", r.id);
			return;
		}
		/* fields not requested: the snowflake id holds the time */
		r.created = (int64_t)(((num(r.id) >> 22) + 1288834974657ULL) / 1000);
	}
	snprintf(urlb, sizeof(urlb), "https://x.com/%s/status/%s",
		 r.author_handle ? r.author_handle : "i", r.id);
	r.url = urlb;
	if (r.is_brand)
		r.agent = sc_norm_signature(r.text, sig);
	r.raw = t;
	sc_norm_emit(n, &r);
}

void
sc_norm_x_value(struct sc_norm *n, const json_t *v, struct sc_norm_ctx *c)
{
	json_t *data = json_object_get(v, "data");
	const json_t *includes = json_object_get(v, "includes");
	json_t *x, **sorted;
	size_t i, k;

	if (includes == NULL)
		includes = c->includes;
	if (data == NULL && json_object_get(v, "id")) {
		/* one tweet (an envelope item, or a saved node) */
		x_tweet(n, v, c, includes, 1);
		return;
	}
	if (json_is_object(data)) {
		x_tweet(n, data, c, includes, 1);
		return;
	}
	if (data == NULL) {
		if (json_object_get(v, "meta") || json_object_get(v, "errors")) {
			n->nskipped++;	/* an empty page */
			return;
		}
		sc_norm_item_reject(n, v, "x response has no \"data\"");
		return;
	}
	if (!json_is_array(data)) {
		sc_norm_item_reject(n, v, "x \"data\" is not an array");
		return;
	}
	json_array_foreach(json_object_get(includes, "tweets"), i, x)
		x_tweet(n, x, c, includes, 0);
	sorted = sc_xmalloc((json_array_size(data) + 1) * sizeof(*sorted));
	k = 0;
	json_array_foreach(data, i, x)
		sorted[k++] = x;
	qsort(sorted, k, sizeof(*sorted), idcmp);
	for (i = 0; i < k && !n->stop && !n->failed; i++) {
		if (!json_is_object(sorted[i])) {
			sc_norm_item_reject(n, sorted[i], "x tweet is not an object");
			continue;
		}
		x_tweet(n, sorted[i], c, includes, 1);
	}
	free(sorted);
}

/* ---- v1.1 ---- */

static void
v11_status(struct sc_norm *n, const json_t *t, struct sc_norm_ctx *c)
{
	struct sc_norm_rec r;
	char thr[32], urlb[300], sig[32];
	const char *parent, *reply_user;

	if (!json_is_object(t)) {
		sc_norm_item_reject(n, t, "twitter status is not an object");
		return;
	}
	sc_norm_rec_init(&r, c, "x");
	r.platform = "x";
	r.id = sc_json_str(t, "id_str");
	if (r.id == NULL || num(r.id) == 0) {
		sc_norm_item_reject(n, t, "twitter status has no \"id_str\"");
		return;
	}
	if (sc_time_parse_json(json_object_get(t, "created_at"), &r.created) < 0) {
		sc_norm_item_reject(n, t, "twitter status %s: no valid \"created_at\"", r.id);
		return;
	}
	r.author_id = sc_json_path_str(t, "user.id_str");
	r.author_name = sc_json_path_str(t, "user.name");
	r.author_handle = sc_json_path_str(t, "user.screen_name");
	r.is_brand = sc_norm_is_brand(n, c, r.platform, r.author_id) || sc_norm_is_brand(n, c, r.platform, r.author_handle);
	parent = sc_json_str(t, "in_reply_to_status_id_str");
	reply_user = sc_json_str(t, "in_reply_to_user_id_str");
	r.thread = sc_norm_x_thread(n, r.id, parent, r.author_id, r.is_brand, reply_user, thr);
	if (json_object_get(t, "retweeted_status")) {
		n->nskipped++;
		return;
	}
	r.parent = parent;
	r.kind = "mention";
	r.text = sc_json_path_str(t, "extended_tweet.full_text");
	if (r.text == NULL)
		r.text = sc_json_str(t, "full_text");
	if (r.text == NULL)
		r.text = sc_json_str(t, "text");
	r.text_html = 1;
	r.lang = sc_json_str(t, "lang");
	if (r.account == NULL) {
		if (r.is_brand)
			r.account = r.author_id;
		else if (sc_norm_is_brand(n, NULL, r.platform, reply_user))
			r.account = reply_user;
	}
	snprintf(urlb, sizeof(urlb), "https://x.com/%s/status/%s",
		 r.author_handle ? r.author_handle : "i", r.id);
	r.url = urlb;
	if (r.is_brand && r.text)
		r.agent = sc_norm_signature(r.text, sig);
	r.raw = t;
	sc_norm_emit(n, &r);
}

static void
v11_dm(struct sc_norm *n, const json_t *ev, struct sc_norm_ctx *c, const json_t *users)
{
	struct sc_norm_rec r;
	char thr[64];
	const char *type = sc_json_str(ev, "type");
	const char *recip;

	if (type == NULL || strcmp(type, "message_create") != 0) {
		n->nskipped++;
		return;
	}
	sc_norm_rec_init(&r, c, "x");
	r.platform = "x";
	r.kind = "dm";
	r.visibility = "private";
	r.id = sc_json_str(ev, "id");
	if (r.id == NULL || sc_time_parse_json(json_object_get(ev, "created_timestamp"), &r.created) < 0) {
		sc_norm_item_reject(n, ev, "twitter direct message needs \"id\" and \"created_timestamp\"");
		return;
	}
	r.author_id = sc_json_path_str(ev, "message_create.sender_id");
	recip = sc_json_path_str(ev, "message_create.target.recipient_id");
	r.author_name = sc_json_path_str(json_object_get(users, r.author_id ? r.author_id : ""), "name");
	r.author_handle = sc_json_path_str(json_object_get(users, r.author_id ? r.author_id : ""), "screen_name");
	r.is_brand = sc_norm_is_brand(n, c, r.platform, r.author_id);
	snprintf(thr, sizeof(thr), "dm:%s", (r.is_brand ? recip : r.author_id) ? (r.is_brand ? recip : r.author_id) : "unknown");
	r.thread = thr;
	r.text = sc_json_path_str(ev, "message_create.message_data.text");
	r.text_html = 1;
	r.raw = ev;
	sc_norm_emit(n, &r);
}

void
sc_norm_tw_value(struct sc_norm *n, const json_t *v, struct sc_norm_ctx *c)
{
	json_t *x, *list;
	size_t i;
	struct sc_norm_ctx c2 = *c;

	if (json_object_get(v, "params") && json_object_get(json_object_get(v, "params"), "for_user_id"))
		v = json_object_get(v, "params");	/* a recorded request: {headers, params} */
	c2.platform = "x";
	if (json_object_get(v, "for_user_id")) {
		if (c2.account == NULL)
			c2.account = sc_json_str(v, "for_user_id");
		list = json_object_get(v, "tweet_create_events");
		json_array_foreach(list, i, x) {
			if (n->stop || n->failed)
				return;
			v11_status(n, x, &c2);
		}
		json_array_foreach(json_object_get(v, "direct_message_events"), i, x) {
			if (n->stop || n->failed)
				return;
			v11_dm(n, x, &c2, json_object_get(v, "users"));
		}
		if (list == NULL && json_object_get(v, "direct_message_events") == NULL)
			n->nskipped++;	/* favorites, follows, typing, reads */
		return;
	}
	if ((list = json_object_get(v, "statuses")) != NULL) {
		if (!json_is_array(list)) {
			sc_norm_item_reject(n, v, "twitter \"statuses\" is not an array");
			return;
		}
		/* search pages are newest first: read them oldest first */
		for (i = json_array_size(list); i > 0 && !n->stop && !n->failed; i--)
			v11_status(n, json_array_get(list, i - 1), &c2);
		return;
	}
	v11_status(n, v, &c2);
}
