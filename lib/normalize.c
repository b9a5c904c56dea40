/*
 * normalize.c - the core of sc-normalize: reading (NDJSON lines or whole
 * JSON documents), recognising what a value is, and writing records.
 *
 * Flow: sc_norm_fd() reads one input.  The first non-blank line decides:
 * a line that parses, or one that does not start with '{' or '[', means
 * NDJSON (one value per line, each parsed once by sc_json_parse_line);
 * a first line that opens a JSON value it does not close means the input
 * is a sequence of documents (pretty-printed API responses saved by hand),
 * held whole in memory up to max_doc bytes and parsed one after another
 * with JSON_DISABLE_EOF_CHECK.  A header line "tweet_id,author_id,inbound"
 * means twcs.  sc_norm_value() recognises the shape of each value and hands
 * it to a platform file (normalize_meta.c, normalize_x.c, normalize_misc.c);
 * those fill a struct nrec per message and call nrec_emit().
 *
 * Records are serialised straight into a buffer in schema order, never
 * built as json_t: parsing the input is the only jansson work per line.
 * Dedupe keeps hash(id) -> hash(text, rating) in an sc_set64 (16 bytes a
 * slot); it is cleared when it reaches DEDUPE_MAX ids so memory stays
 * bounded on endless input.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "normalize_int.h"

#define DEDUPE_MAX (8u * 1024 * 1024)
#define MAX_DOC_DEFAULT (64u * 1024 * 1024)

static const char *fmt_names[] = {
	"auto", "envelope", "facebook", "facebook-webhook", "instagram",
	"instagram-webhook", "x", "twitter", "youtube", "tiktok", "linkedin",
	"google", "csv", "twcs", NULL
};

int
sc_norm_fmt_parse(const char *name)
{
	int i;

	for (i = 1; fmt_names[i]; i++)
		if (strcmp(fmt_names[i], name) == 0)
			return i;
	return -1;
}

static uint64_t
hstr(const char *s)
{
	return sc_hash64(s, strlen(s));
}

void
sc_norm_init(struct sc_norm *n, const struct sc_norm_opts *o)
{
	size_t i;

	memset(n, 0, sizeof(*n));
	n->o = *o;
	if (n->o.max_line == 0)
		n->o.max_line = SC_MAX_LINE_DEFAULT;
	if (n->o.max_doc == 0)
		n->o.max_doc = MAX_DOC_DEFAULT;
	sc_set64_init(&n->brands);
	sc_set64_init(&n->seen);
	sc_set64_init(&n->xroot);
	sc_set64_init(&n->xauth);
	sc_buf_init(&n->line);
	sc_buf_init(&n->tmp);
	for (i = 0; i < o->nbrand; i++)
		sc_set64_put(&n->brands, hstr(o->brand_ids[i]), NULL);
	if (o->profiles)
		for (i = 0; i < o->profiles->n; i++)
			if (*o->profiles->v[i].account_id)
				sc_set64_put(&n->brands, hstr(o->profiles->v[i].account_id), NULL);
	sc_error_clear(&n->err);
}

void
sc_norm_release(struct sc_norm *n)
{
	sc_set64_release(&n->brands);
	sc_set64_release(&n->seen);
	sc_set64_release(&n->xroot);
	sc_set64_release(&n->xauth);
	sc_buf_release(&n->line);
	sc_buf_release(&n->tmp);
}

/* ---- small JSON helpers ---- */

const char *
jid(const json_t *v, char buf[32])
{
	if (json_is_string(v))
		return json_string_value(v);
	if (json_is_integer(v)) {
		snprintf(buf, 32, "%lld", (long long)json_integer_value(v));
		return buf;
	}
	return NULL;
}

const char *
jstr(const json_t *o, const char *key)
{
	return json_string_value(json_object_get(o, key));
}

const char *
jpath(const json_t *o, const char *path)
{
	return sc_json_path_str(o, path);
}

int
jtime(const json_t *v, int64_t *t)
{
	if (v == NULL)
		return -1;
	return sc_time_parse_json(v, t);
}

int
nbrand(struct sc_norm *n, const struct nctx *c, const char *id)
{
	if (id == NULL || *id == '\0')
		return 0;
	if (c && c->account && strcmp(c->account, id) == 0)
		return 1;
	return sc_set64_get(&n->brands, hstr(id), NULL);
}

/* ---- text ---- */

static int
entity(const char *s, size_t n, uint32_t *cp)
{
	static const struct { const char *name; uint32_t cp; } names[] = {
		{"amp", '&'}, {"lt", '<'}, {"gt", '>'}, {"quot", '"'}, {"apos", '\''},
		{"nbsp", 0xa0}, {NULL, 0}
	};
	size_t i, end;

	for (end = 1; end < n && end < 12 && s[end] != ';'; end++)
		;
	if (end >= n || s[end] != ';')
		return 0;
	if (s[1] == '#') {
		uint32_t v = 0;
		size_t j = 2;
		int hex = j < end && (s[j] == 'x' || s[j] == 'X');
		if (hex)
			j++;
		if (j == end)
			return 0;
		for (; j < end; j++) {
			char ch = s[j];
			int d;
			if (ch >= '0' && ch <= '9')
				d = ch - '0';
			else if (hex && ch >= 'a' && ch <= 'f')
				d = ch - 'a' + 10;
			else if (hex && ch >= 'A' && ch <= 'F')
				d = ch - 'A' + 10;
			else
				return 0;
			v = v * (hex ? 16 : 10) + (uint32_t)d;
			if (v > 0x10ffff)
				return 0;
		}
		if (v == 0 || (v >= 0xd800 && v <= 0xdfff))
			return 0;
		*cp = v;
		return (int)end + 1;
	}
	for (i = 0; names[i].name; i++)
		if (strlen(names[i].name) == end - 1 &&
		    memcmp(s + 1, names[i].name, end - 1) == 0) {
			*cp = names[i].cp;
			return (int)end + 1;
		}
	return 0;
}

void
sc_norm_html_text(struct sc_buf *b, const char *s, size_t n, int tags)
{
	size_t i = 0;

	while (i < n) {
		const char *p = s + i;
		if (*p == '&') {
			uint32_t cp;
			int len = entity(p, n - i, &cp);
			if (len > 0) {
				char u[4];
				sc_buf_add(b, u, (size_t)sc_utf8_encode(cp, u));
				i += (size_t)len;
				continue;
			}
		} else if (*p == '<' && tags) {
			const char *gt = memchr(p, '>', n - i);
			if (gt) {
				size_t tl = (size_t)(gt - p) + 1;
				if (tl >= 4 && strncasecmp(p, "<br", 3) == 0 &&
				    (p[3] == '>' || p[3] == ' ' || p[3] == '/'))
					sc_buf_addc(b, '\n');
				i += tl;
				continue;
			}
		}
		sc_buf_addc(b, *p);
		i++;
	}
}

void
sc_norm_google_original(const char *s, const char **start, size_t *len)
{
	static const char tr[] = "(Translated by Google)";
	static const char orig[] = "(Original)";
	const char *o;
	size_t n = strlen(s);

	*start = s;
	*len = n;
	if (strncmp(s, tr, sizeof(tr) - 1) == 0) {
		/* "(Translated by Google) T\n\n(Original)\nO" */
		o = strstr(s, orig);
		if (o) {
			o += sizeof(orig) - 1;
			while (*o == '\n' || *o == ' ' || *o == '\r')
				o++;
			*start = o;
			*len = strlen(o);
		}
		return;
	}
	/* "O\n\n(Translated by Google)\nT" */
	o = strstr(s, tr);
	if (o && o > s) {
		const char *e = o;
		while (e > s && (e[-1] == '\n' || e[-1] == ' ' || e[-1] == '\r'))
			e--;
		*len = (size_t)(e - s);
	}
}

const char *
nsignature(const char *text, char out[32])
{
	size_t n = strlen(text), i, j;

	for (;;) {	/* drop trailing spaces and links */
		while (n > 0 && (text[n - 1] == ' ' || text[n - 1] == '\n'))
			n--;
		i = n;
		while (i > 0 && text[i - 1] != ' ' && text[i - 1] != '\n')
			i--;
		if (n - i > 4 && strncmp(text + i, "http", 4) == 0 && i > 0)
			n = i;
		else
			break;
	}
	if (i == 0 || n - i < 2 || n - i > 24 || (text[i] != '^' && text[i] != '-' && text[i] != '/'))
		return NULL;
	for (j = i + 1; j < n; j++) {
		unsigned char ch = (unsigned char)text[j];
		if (!((ch >= 'A' && ch <= 'Z') || (ch >= 'a' && ch <= 'z') || ch >= 0x80))
			return NULL;
	}
	snprintf(out, 32, "%.*s", (int)(n - i - 1), text + i + 1);
	return out;
}

/* ---- records ---- */

void
nrec_init(struct nrec *r, const struct nctx *c, const char *platform)
{
	memset(r, 0, sizeof(*r));
	r->platform = c && c->platform ? c->platform : platform;
	r->kind = "comment";
	r->visibility = "public";
	r->is_brand = -1;
	r->text_len = (size_t)-1;
	r->created = -1;
	r->ad = c ? c->ad : 0;
	r->account = c ? c->account : NULL;
	r->profile = c ? c->profile : NULL;
}

static void
add_str(struct sc_buf *b, const char *s)
{
	if (s == NULL)
		sc_buf_adds(b, "null");
	else
		sc_buf_add_json_string(b, s, strlen(s));
}

static void
add_id(struct sc_buf *b, const char *platform, const char *id)
{
	size_t pl = strlen(platform), il = strlen(id);
	char small[256];
	char *t = pl + il + 2 <= sizeof(small) ? small : sc_xmalloc(pl + il + 2);

	memcpy(t, platform, pl);
	t[pl] = ':';
	memcpy(t + pl + 1, id, il);
	sc_buf_add_json_string(b, t, pl + il + 1);
	if (t != small)
		free(t);
}

static const char *
profile_for(struct sc_norm *n, const char *platform, const char *account,
	    const char *envprofile)
{
	const struct sc_profile *p;

	if (n->o.profile)
		return n->o.profile;
	if (envprofile && *envprofile)
		return envprofile;
	if (account == NULL && n->o.nbrand == 1)
		account = n->o.brand_ids[0];
	if (account == NULL && n->o.profiles) {
		/* the one profile of this platform, if there is only one */
		const struct sc_profile *only = NULL;
		size_t i;
		for (i = 0; i < n->o.profiles->n; i++)
			if (strcmp(n->o.profiles->v[i].platform, platform) == 0) {
				if (only)
					break;
				only = &n->o.profiles->v[i];
			}
		if (only && i == n->o.profiles->n)
			return only->name;
	}
	if (account == NULL || *account == '\0')
		return "unknown";
	if (n->cache_acct && strcmp(n->cache_acct, account) == 0 &&
	    strcmp(n->cache_plat, platform) == 0)
		return n->cache_label;
	p = sc_profiles_find_account(n->o.profiles, platform, account);
	if (p == NULL)
		return account;
	n->cache_acct = p->account_id;
	n->cache_plat = p->platform;
	n->cache_label = p->name;
	return p->name;
}

int
nrec_emit(struct sc_norm *n, struct nrec *r)
{
	struct sc_buf *b = &n->line;
	const char *text = r->text ? r->text : "";
	size_t tlen = r->text_len == (size_t)-1 ? strlen(text) : r->text_len;
	char tbuf[32];
	int is_brand = r->is_brand;
	int edited = 0;
	const char *label;
	uint64_t key, content, *val;

	if (n->failed || n->stop)
		return -1;
	if (r->text_html) {
		sc_buf_reset(&n->tmp);
		sc_norm_html_text(&n->tmp, text, tlen, r->text_html == 2);
		text = n->tmp.data ? n->tmp.data : "";
		tlen = n->tmp.len;
	}
	if (is_brand < 0)
		is_brand = nbrand(n, NULL, r->author_id) || nbrand(n, NULL, r->author_handle) ||
			   (r->account && r->author_id && strcmp(r->account, r->author_id) == 0);
	if (r->account == NULL && is_brand) {
		/* the brand's own message: its author is the account, named the
		   way --brand-id or profiles.csv named it */
		if (r->author_handle && !nbrand(n, NULL, r->author_id) &&
		    nbrand(n, NULL, r->author_handle))
			r->account = r->author_handle;
		else
			r->account = r->author_id;
	}
	sc_buf_reset(b);
	sc_buf_adds(b, "{\"sc\":1,\"id\":");
	add_id(b, r->platform, r->id);
	if (n->o.dedupe) {
		/* the key is the hash of the quoted id, as in record_in() */
		size_t start = sizeof("{\"sc\":1,\"id\":") - 1;
		key = sc_hash64(b->data + start, b->len - start);
		content = sc_hash64(text, tlen) ^ ((uint64_t)r->rating * 0x9e3779b97f4a7c15ULL);
		if (content == 0)
			content = 1;
		if (!sc_set64_put(&n->seen, key, &val)) {
			if (*val == content) {
				n->ndup++;
				return 0;
			}
			edited = 1;
			n->nedited++;
		} else if (n->seen.n >= DEDUPE_MAX) {
			sc_set64_release(&n->seen);
			sc_set64_put(&n->seen, key, &val);
		}
		*val = content;
	}
	sc_buf_adds(b, ",\"platform\":");
	add_str(b, r->platform);
	label = profile_for(n, r->platform, r->account, r->profile);
	sc_buf_adds(b, ",\"profile\":");
	add_str(b, label);
	sc_buf_adds(b, ",\"kind\":");
	add_str(b, r->kind);
	sc_buf_adds(b, ",\"visibility\":");
	add_str(b, r->visibility);
	if (r->ad)
		sc_buf_adds(b, ",\"ad\":true");
	sc_buf_adds(b, ",\"thread_id\":");
	add_id(b, r->platform, r->thread ? r->thread : r->id);
	sc_buf_adds(b, ",\"parent_id\":");
	if (r->parent)
		add_id(b, r->platform, r->parent);
	else
		sc_buf_adds(b, "null");
	sc_buf_adds(b, ",\"author\":{\"id\":");
	add_str(b, r->author_id);
	sc_buf_adds(b, ",\"name\":");
	add_str(b, r->author_name);
	sc_buf_adds(b, is_brand ? ",\"is_brand\":true}" : ",\"is_brand\":false}");
	sc_buf_adds(b, ",\"text\":");
	sc_buf_add_json_string(b, text, tlen);
	sc_time_format(r->created, tbuf);
	sc_buf_adds(b, ",\"created_at\":");
	add_str(b, tbuf);
	if (edited)
		sc_buf_adds(b, ",\"edited\":true");
	if ((r->lang == NULL || *r->lang == '\0') && n->o.profiles) {
		/* the platform did not say: the profile's lang column, if any */
		const struct sc_profile *p = sc_profiles_find(n->o.profiles, label);
		if (p)
			r->lang = sc_profile_get(n->o.profiles, p, "lang");
	}
	if (r->lang && *r->lang && strcmp(r->lang, "und") != 0) {
		sc_buf_adds(b, ",\"lang\":");
		add_str(b, r->lang);
	}
	if (r->url) {
		sc_buf_adds(b, ",\"url\":");
		add_str(b, r->url);
	}
	if (r->rating > 0)
		sc_buf_printf(b, ",\"rating\":%d", r->rating);
	if (r->agent) {
		sc_buf_adds(b, ",\"agent\":");
		add_str(b, r->agent);
	}
	if (n->o.keep_raw && r->raw) {
		sc_buf_adds(b, ",\"raw\":");
		sc_buf_add_json(b, r->raw);
	}
	sc_buf_addc(b, '}');
	if (sc_out_line(n->out, b->data, b->len) < 0) {
		n->failed = 1;
		sc_error_set(&n->err, SC_EX_IOERR, NULL, 0, 0, "write error: %s",
			     strerror(n->out->err ? n->out->err : EIO));
		return -1;
	}
	n->nout++;
	return 0;
}

static void
reject(struct sc_norm *n, long line, const char *raw, size_t len, const char *fmt, ...)
	__attribute__((format(printf, 5, 6)));

static void
reject(struct sc_norm *n, long line, const char *raw, size_t len, const char *fmt, ...)
{
	char reason[600];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(reason, sizeof(reason), fmt, ap);
	va_end(ap);
	n->nrejected++;
	if (n->reject && n->reject(n->reject_ctx, n->file, line, raw, len, reason))
		n->stop = 1;
}

void
nitem_reject(struct sc_norm *n, const json_t *item, const char *fmt, ...)
{
	char reason[600];
	va_list ap;
	char *raw;

	va_start(ap, fmt);
	vsnprintf(reason, sizeof(reason), fmt, ap);
	va_end(ap);
	raw = json_dumps(item, JSON_COMPACT | JSON_PRESERVE_ORDER | JSON_ENCODE_ANY);
	reject(n, n->lineno, raw ? raw : "", raw ? strlen(raw) : 0, "%s", reason);
	free(raw);
}

/* ---- recognising a value ---- */

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

static void dispatch(struct sc_norm *n, const json_t *v, struct nctx *c, int fmt);

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
	const char *obj = jstr(v, "object");
	const char *kind = jstr(v, "kind");
	json_t *x;

	if (!json_is_object(v))
		return 0;
	if (json_is_string(json_object_get(v, "sc")))
		return strcmp(jstr(v, "sc"), "raw") == 0 ? SC_FMT_ENVELOPE : 0;
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
	if ((jstr(v, "id") && strncmp(jstr(v, "id"), "t_", 2) == 0) ||
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
			const char *id = jstr(x, "id");
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
	const char *platform = jstr(v, "platform");
	json_t *ctx = json_object_get(v, "context");
	json_t *item = json_object_get(v, "item");
	struct nctx c;
	int i, fmt = 0, wh;

	memset(&c, 0, sizeof(c));
	c.item_index = -1;
	if (platform == NULL) {
		nitem_reject(n, v, "envelope has no \"platform\" string");
		return;
	}
	if ((i = sc_schema_platform(platform)) >= 0)
		fmt = strcmp(platform, SC_PLATFORM_ALIAS_TWITTER) == 0 ? SC_FMT_TWITTER
									 : platform_fmt[i];
	if (fmt == 0) {
		nitem_reject(n, v, "envelope: unknown platform \"%.40s\"", platform);
		return;
	}
	if (!json_is_object(item)) {
		nitem_reject(n, v, "envelope has no \"item\" object");
		return;
	}
	if (ctx != NULL && !json_is_object(ctx)) {
		nitem_reject(n, v, "envelope \"context\" is not an object");
		return;
	}
	c.platform = sc_schema_platforms[i];
	c.profile = jstr(v, "profile");
	c.source = jstr(v, "source");
	c.account = jid(json_object_get(ctx, "account_id"), c.accbuf);
	c.parent = jstr(ctx, "parent_id");
	if (c.parent == NULL)
		c.parent = jstr(ctx, "comment_id");
	c.conversation = jstr(ctx, "conversation_id");
	c.includes = json_object_get(ctx, "includes");
	c.author = json_object_get(ctx, "author");
	c.ad = json_is_true(json_object_get(ctx, "ad"));
	/* webhook bodies inside an envelope */
	wh = guess(item);
	if (wh == SC_FMT_FACEBOOK_WEBHOOK || wh == SC_FMT_INSTAGRAM_WEBHOOK)
		fmt = wh;
	dispatch(n, item, &c, fmt);
}

static void
dispatch(struct sc_norm *n, const json_t *v, struct nctx *c, int fmt)
{
	char hint[200];

	switch (fmt) {
	case SC_FMT_ENVELOPE:
		if (!json_is_string(json_object_get(v, "sc")) || strcmp(jstr(v, "sc"), "raw") != 0) {
			nitem_reject(n, v, "not an sc-fetch envelope (\"sc\" must be \"raw\")");
			return;
		}
		envelope(n, v);
		return;
	case SC_FMT_FACEBOOK:
		nfb_value(n, v, c);
		return;
	case SC_FMT_FACEBOOK_WEBHOOK:
	case SC_FMT_INSTAGRAM_WEBHOOK: {
		const char *obj = jstr(v, "object");
		if (obj == NULL || !json_is_array(json_object_get(v, "entry"))) {
			nitem_reject(n, v, "not a webhook payload (need \"object\" and \"entry\")");
			return;
		}
		nfb_webhook(n, v, c);
		return;
	}
	case SC_FMT_INSTAGRAM:
		nig_value(n, v, c);
		return;
	case SC_FMT_X:
		nx_value(n, v, c);
		return;
	case SC_FMT_TWITTER:
		ntw_value(n, v, c);
		return;
	case SC_FMT_YOUTUBE:
		nyt_value(n, v, c);
		return;
	case SC_FMT_TIKTOK:
		ntt_value(n, v, c);
		return;
	case SC_FMT_LINKEDIN:
		nli_value(n, v, c);
		return;
	case SC_FMT_GOOGLE:
		ngo_value(n, v, c);
		return;
	default:
		keys_hint(v, hint, sizeof(hint));
		nitem_reject(n, v, "unrecognised JSON (%s)", hint);
		return;
	}
}

/* A schema-1 record passes through (dedupe still applies) after a check. */
static void
record_in(struct sc_norm *n, const json_t *v, const char *raw, size_t rawlen)
{
	struct sc_error e;
	const char *id;
	uint64_t key, content, *val;
	int edited = 0;

	sc_error_clear(&e);
	if (sc_record_check(v, &e) < 0) {
		reject(n, n->lineno, raw, rawlen, "%s", e.text);
		return;
	}
	id = jstr(v, "id");
	sc_buf_reset(&n->line);
	sc_buf_add_json(&n->line, v);
	if (n->o.dedupe) {
		const char *t = jstr(v, "text");
		/* the same key as nrec_emit: the quoted id */
		sc_buf_reset(&n->tmp);
		sc_buf_add_json_string(&n->tmp, id, strlen(id));
		key = sc_hash64(n->tmp.data, n->tmp.len);
		content = t ? sc_hash64(t, strlen(t)) : 1;
		content ^= (uint64_t)json_integer_value(json_object_get(v, "rating")) *
			   0x9e3779b97f4a7c15ULL;
		if (content == 0)
			content = 1;
		if (!sc_set64_put(&n->seen, key, &val)) {
			if (*val == content) {
				n->ndup++;
				return;
			}
			edited = 1;
			n->nedited++;
		}
		*val = content;
	}
	if (edited && !json_is_true(json_object_get(v, "edited"))) {
		json_t *copy = json_copy((json_t *)v);
		json_object_set_new(copy, "edited", json_true());
		sc_buf_reset(&n->line);
		sc_buf_add_json(&n->line, copy);
		json_decref(copy);
	}
	if (sc_out_line(n->out, n->line.data, n->line.len) < 0) {
		n->failed = 1;
		sc_error_set(&n->err, SC_EX_IOERR, NULL, 0, 0, "write error: %s",
			     strerror(n->out->err ? n->out->err : EIO));
		return;
	}
	n->nout++;
}

void
sc_norm_value(struct sc_norm *n, json_t *v, const char *raw, size_t rawlen)
{
	struct nctx c;
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
		record_in(n, v, raw, rawlen);
		return;
	}
	if (fmt == SC_FMT_AUTO || fmt == SC_FMT_CSV || fmt == SC_FMT_TWCS)
		fmt = guess(v);
	if (fmt == 0) {
		keys_hint(v, hint, sizeof(hint));
		if (raw)
			reject(n, n->lineno, raw, rawlen, "unrecognised JSON (%s)", hint);
		else
			nitem_reject(n, v, "unrecognised JSON (%s)", hint);
		return;
	}
	dispatch(n, v, &c, fmt);
}

/* ---- reading ---- */

static int
is_blank(const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (s[i] != ' ' && s[i] != '\t' && s[i] != '\r')
			return 0;
	return 1;
}

static int
opens_value(const char *s, size_t n)
{
	size_t i = 0;

	/* a UTF-8 BOM is tolerated in front of a document */
	if (n >= 3 && memcmp(s, "\xef\xbb\xbf", 3) == 0)
		i = 3;
	while (i < n && (s[i] == ' ' || s[i] == '\t' || s[i] == '\r'))
		i++;
	return i < n && (s[i] == '{' || s[i] == '[');
}

static void
one_line(struct sc_norm *n, const char *text, size_t len, int no_newline)
{
	struct sc_error e;
	json_t *v;

	sc_error_clear(&e);
	v = sc_json_parse_line(text, len, &e);
	if (v == NULL) {
		if (no_newline)
			reject(n, n->lineno, text, len,
			       "truncated last line (no newline at end): %s", e.text);
		else
			reject(n, n->lineno, text, len, "%s", e.text);
		return;
	}
	sc_norm_value(n, v, text, len);
	json_decref(v);
}

/* Documents: buf holds the whole input from line `line0` on. */
static void
documents(struct sc_norm *n, const char *buf, size_t len, long line0)
{
	size_t pos = 0;
	long line = line0;

	while (pos < len && !n->stop && !n->failed) {
		json_error_t je;
		json_t *v;
		long start_line;
		size_t start;

		if (pos == 0 && len >= 3 && memcmp(buf, "\xef\xbb\xbf", 3) == 0)
			pos = 3;
		while (pos < len && (buf[pos] == ' ' || buf[pos] == '\t' || buf[pos] == '\r' ||
				     buf[pos] == '\n')) {
			if (buf[pos] == '\n')
				line++;
			pos++;
		}
		if (pos >= len)
			break;
		start = pos;
		start_line = line;
		n->lineno = start_line;
		v = json_loadb(buf + start, len - start, JSON_DISABLE_EOF_CHECK, &je);
		if (v != NULL) {
			size_t end = start + (size_t)je.position, i;
			for (i = start; i < end; i++)
				if (buf[i] == '\n')
					line++;
			pos = end;
			sc_norm_value(n, v, buf + start, end - start);
			json_decref(v);
			continue;
		}
		/* skip to the next line that starts a value, after this one */
		{
			size_t i = start, rend;
			long l = line;
			for (;;) {
				const char *nl = memchr(buf + i, '\n', len - i);
				if (nl == NULL) {
					i = len;
					break;
				}
				i = (size_t)(nl - buf) + 1;
				l++;
				if (i < len && (buf[i] == '{' || buf[i] == '['))
					break;
			}
			rend = i;
			while (rend > start && (buf[rend - 1] == '\n' || buf[rend - 1] == '\r'))
				rend--;
			if (je.line > 0)
				reject(n, start_line, buf + start, rend - start,
				       "invalid JSON at line %ld, column %d: %s",
				       start_line + je.line - 1, je.column, je.text);
			else
				reject(n, start_line, buf + start, rend - start, "invalid JSON: %s",
				       je.text);
			pos = i;
			line = l;
		}
	}
}

static int
read_rest(struct sc_norm *n, int fd, struct sc_buf *b, const char *name)
{
	for (;;) {
		ssize_t got;
		size_t want;
		sc_buf_grow(b, 64 * 1024);
		want = b->cap - b->len - 1;
		if (n->o.read_chunk && want > n->o.read_chunk)
			want = n->o.read_chunk;
		got = read(fd, b->data + b->len, want);
		if (got < 0 && errno == EINTR)
			continue;
		if (got < 0) {
			n->failed = 1;
			sc_error_set(&n->err, SC_EX_IOERR, name, 0, 0, "read error: %s",
				     strerror(errno));
			return -1;
		}
		if (got == 0)
			return 0;
		b->len += (size_t)got;
		b->data[b->len] = '\0';
		if (b->len > n->o.max_doc)
			return 1;
	}
}

static int
is_twcs_header(const char *s, size_t n)
{
	if (n >= 3 && memcmp(s, "\xef\xbb\xbf", 3) == 0) {
		s += 3;
		n -= 3;
	}
	if (n > 0 && *s == ',') {	/* an unnamed index column first */
		s++;
		n--;
	}
	return n >= 25 && memcmp(s, "tweet_id,author_id,inbound", 26) == 0;
}

int
sc_norm_fd(struct sc_norm *n, int fd, const char *name)
{
	struct sc_reader r;
	struct sc_error e;
	const char *text;
	size_t len;
	int got = 0, first = 1;

	n->file = name;
	if (n->o.from == SC_FMT_CSV)
		return ncsv_fd(n, fd, name);
	if (n->o.from == SC_FMT_TWCS)
		return ntwcs_fd(n, fd, name, NULL, 0);
	sc_reader_init(&r, fd, name, n->o.max_line);
	r.overflow = n->overflow;
	sc_error_clear(&e);
	while (!n->stop && !n->failed && (got = sc_reader_next(&r, &text, &len, &e)) == 1) {
		n->lineno = r.lineno;
		if (r.too_long) {
			first = 0;
			if (n->overflow)
				fflush(n->overflow);
			reject(n, r.lineno, NULL, 0, "line too long (over %zu bytes)", n->o.max_line);
			continue;
		}
		if (is_blank(text, len))
			continue;
		if (first && r.lineno == 1 && len >= 3 && memcmp(text, "\xef\xbb\xbf", 3) == 0 &&
		    !is_twcs_header(text, len)) {
			/* a UTF-8 BOM in front of the first line is not data */
			text += 3;
			len -= 3;
		}
		if (first) {
			first = 0;
			if (r.lineno == 1 && text == r.buf && is_twcs_header(text, len)) {
				/* what is buffered is the start of the file */
				ntwcs_fd(n, r.eof ? -1 : fd, name, r.buf, r.end);
				sc_reader_release(&r);
				return n->failed || n->stop ? -1 : 0;
			}
			if (opens_value(text, len) && !r.no_newline) {
				json_error_t je;
				json_t *v = json_loadb(text, len, 0, &je);
				/* a value still open at the end of the line: a document
				   over several lines (other errors are a bad line) */
				if (v == NULL && (size_t)je.position >= len) {
					/* a document over several lines */
					struct sc_buf doc;
					long line0 = r.lineno;
					int over;
					sc_buf_init(&doc);
					sc_buf_add(&doc, text, (size_t)(r.buf + r.end - text));
					over = r.eof ? 0 : read_rest(n, fd, &doc, name);
					if (over == 0 && doc.len > n->o.max_doc)
						over = 1;
					if (over > 0)
						reject(n, line0, NULL, 0,
						       "document too large (over %zu bytes)",
						       n->o.max_doc);
					else if (over == 0)
						documents(n, doc.data, doc.len, line0);
					sc_buf_release(&doc);
					sc_reader_release(&r);
					return n->failed || n->stop ? -1 : 0;
				}
				if (v)
					json_decref(v);
			}
		}
		one_line(n, text, len, r.no_newline);
	}
	if (got < 0 && !n->failed) {
		n->failed = 1;
		n->err = e;
	}
	sc_reader_release(&r);
	if (n->stop && !n->failed)
		sc_error_set(&n->err, SC_EX_DATAERR, name, n->lineno, 0, "stopped (--strict)");
	return n->failed || n->stop ? -1 : 0;
}
