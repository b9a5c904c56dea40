/*
 * normalize.c - the core of sc-normalize: options, brand ids, and the
 * writing of records (schema order, one dedupe, rejects).
 *
 * Flow: sc_norm_fd() (normalize_read.c) reads one input as NDJSON lines,
 * JSON documents, CSV or twcs; sc_norm_value() (normalize_guess.c)
 * recognises the shape of each value and hands it to a platform file
 * (normalize_meta.c, normalize_x.c, normalize_misc.c); those fill a
 * struct sc_norm_rec per message and call sc_norm_emit() here.  Schema-1
 * records read back go through sc_norm_record_in().
 *
 * Records are serialised straight into a buffer in schema order, never
 * built as json_t: parsing the input is the only jansson work per line.
 * Dedupe keeps hash(quoted id) -> hash(text, rating) in an sc_set64 for
 * new and passed-through records alike; it is cleared before it outgrows
 * DEDUPE_SLOTS, so memory stays bounded on endless input.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "normalize_int.h"
#include "record.h"

/*
 * Dedupe memory: sc_set64 doubles at 3/4 full, 16 bytes a slot (key and
 * value).  Clearing just before the table would double past DEDUPE_SLOTS
 * keeps it at DEDUPE_SLOTS * 16 bytes (128 MiB), with 64 + 128 MiB for
 * the moment of the last doubling.
 */
#define DEDUPE_SLOTS (8u * 1024 * 1024)
#define DEDUPE_MAX (DEDUPE_SLOTS / 4 * 3 - 2)
/* A document costs about 8 times its size parsed (jansson's tree): the
   default cap keeps one document under about 150 MB (sc-normalize(1)). */
#define MAX_DOC_DEFAULT (16u * 1024 * 1024)

static const char *fmt_names[] = {
	"auto", "envelope", "facebook", "facebook-webhook", "instagram",
	"instagram-webhook", "x", "twitter", "youtube", "tiktok", "linkedin",
	"google", "csv", "twcs", "email", NULL
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

/* profiles.csv ids belong to their platform: the key is "platform:id" */
static uint64_t
hplat(const char *platform, const char *id)
{
	uint64_t h = sc_hash64(platform, strlen(platform));

	return sc_hash64(id, strlen(id)) ^ (h * 0x9e3779b97f4a7c15ULL) ^ 1;
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
	if (n->o.dedupe_max == 0 || n->o.dedupe_max > DEDUPE_MAX)
		n->o.dedupe_max = DEDUPE_MAX;
	sc_set64_init(&n->brands);
	sc_set64_init(&n->pbrands);
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
				sc_set64_put(&n->pbrands, hplat(o->profiles->v[i].platform,
								o->profiles->v[i].account_id), NULL);
	sc_error_clear(&n->err);
}

void
sc_norm_release(struct sc_norm *n)
{
	sc_set64_release(&n->brands);
	sc_set64_release(&n->pbrands);
	sc_set64_release(&n->seen);
	sc_set64_release(&n->xroot);
	sc_set64_release(&n->xauth);
	sc_buf_release(&n->line);
	sc_buf_release(&n->tmp);
}

/* ---- small helpers ---- */

const char *
sc_norm_jid(const json_t *v, char buf[32])
{
	if (json_is_string(v))
		return json_string_value(v);
	if (json_is_integer(v)) {
		snprintf(buf, 32, "%lld", (long long)json_integer_value(v));
		return buf;
	}
	return NULL;
}

int
sc_norm_is_brand(struct sc_norm *n, const struct sc_norm_ctx *c, const char *platform,
		 const char *id)
{
	if (id == NULL || *id == '\0')
		return 0;
	if (c && c->account && strcmp(c->account, id) == 0)
		return 1;
	if (sc_set64_get(&n->brands, hstr(id), NULL))
		return 1;
	return platform && sc_set64_get(&n->pbrands, hplat(platform, id), NULL);
}

/* ---- records ---- */

void
sc_norm_rec_init(struct sc_norm_rec *r, const struct sc_norm_ctx *c, const char *platform)
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

/*
 * The dedupe's hash (in memory only, so any good 64-bit mix will do):
 * eight bytes a step instead of sc_hash64's one, for the ids and the
 * message texts of every line.
 */
static uint64_t
dedupe_hash(const void *p, size_t n)
{
	const unsigned char *s = p;
	uint64_t h = 0x9e3779b97f4a7c15ULL ^ (uint64_t)n, w;

	while (n >= 8) {
		memcpy(&w, s, 8);
		h = (h ^ w) * 0xff51afd7ed558ccdULL;
		h ^= h >> 32;
		s += 8;
		n -= 8;
	}
	w = 0;
	memcpy(&w, s, n);
	h = (h ^ w) * 0xc4ceb9fe1a85ec53ULL;
	h ^= h >> 33;
	h *= 0xff51afd7ed558ccdULL;
	h ^= h >> 33;
	return h;
}

/*
 * The one dedupe: key is the hash of the quoted id, the value the hash of
 * (text, rating).  Returns -1 for a repeat (counted, not written), 1 for
 * an edit (same id, other content), 0 for a new id.  The table is cleared
 * before it would grow past DEDUPE_SLOTS slots.
 */
static int
dedupe(struct sc_norm *n, const char *qid, size_t qlen, uint64_t text_hash, int rating)
{
	uint64_t key = dedupe_hash(qid, qlen), *val;
	uint64_t content = text_hash ^ ((uint64_t)rating * 0x9e3779b97f4a7c15ULL);
	int edited = 0;

	if (content == 0)
		content = 1;
	if (!sc_set64_put(&n->seen, key, &val)) {
		if (*val == content) {
			n->ndup++;
			return -1;
		}
		edited = 1;
		n->nedited++;
	} else if (n->seen.n >= n->o.dedupe_max) {
		sc_set64_release(&n->seen);
		sc_set64_put(&n->seen, key, &val);
		n->ndedupe_resets++;
	}
	*val = content;
	return edited;
}

static int
put_line(struct sc_norm *n, const struct sc_buf *b)
{
	if (sc_out_line(n->out, b->data, b->len) < 0) {
		n->failed = 1;
		sc_error_set(&n->err, SC_EX_IOERR, NULL, 0, 0, "write error: %s",
			     strerror(n->out->err ? n->out->err : EIO));
		return -1;
	}
	n->nout++;
	return 0;
}

int
sc_norm_emit(struct sc_norm *n, struct sc_norm_rec *r)
{
	struct sc_buf *b = &n->line;
	const char *text = r->text ? r->text : "";
	size_t tlen = r->text_len == (size_t)-1 ? strlen(text) : r->text_len;
	char tbuf[32];
	int is_brand = r->is_brand;
	int edited = 0;
	const char *label;

	if (n->failed || n->stop)
		return -1;
	if (r->text_html) {
		sc_buf_reset(&n->tmp);
		sc_norm_html_text(&n->tmp, text, tlen, r->text_html == 2);
		text = n->tmp.data ? n->tmp.data : "";
		tlen = n->tmp.len;
	}
	if (is_brand < 0)
		is_brand = sc_norm_is_brand(n, NULL, r->platform, r->author_id) ||
			   sc_norm_is_brand(n, NULL, r->platform, r->author_handle) ||
			   (r->account && r->author_id && strcmp(r->account, r->author_id) == 0);
	if (r->account == NULL && is_brand) {
		/* the brand's own message: its author is the account, named the
		   way --brand-id or profiles.csv named it */
		if (r->author_handle && !sc_norm_is_brand(n, NULL, r->platform, r->author_id) &&
		    sc_norm_is_brand(n, NULL, r->platform, r->author_handle))
			r->account = r->author_handle;
		else
			r->account = r->author_id;
	}
	sc_buf_reset(b);
	sc_buf_adds(b, "{\"sc\":1,\"id\":");
	add_id(b, r->platform, r->id);
	if (n->o.dedupe) {
		size_t start = sizeof("{\"sc\":1,\"id\":") - 1;
		edited = dedupe(n, b->data + start, b->len - start, dedupe_hash(text, tlen),
				r->rating);
		if (edited < 0)
			return 0;
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
	if (r->untagged)
		sc_buf_adds(b, ",\"tagged\":false");
	sc_buf_adds(b, ",\"thread_id\":");
	if (r->thread_full)
		add_str(b, r->thread);
	else
		add_id(b, r->platform, r->thread ? r->thread : r->id);
	sc_buf_adds(b, ",\"parent_id\":");
	if (r->parent)
		add_id(b, r->platform, r->parent);
	else
		sc_buf_adds(b, "null");
	if (r->post) {
		sc_buf_adds(b, ",\"post_id\":");
		add_id(b, r->platform, r->post);
	}
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
	return put_line(n, b);
}

void
sc_norm_reject(struct sc_norm *n, long line, const char *raw, size_t len, const char *fmt, ...)
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
sc_norm_item_reject(struct sc_norm *n, const json_t *item, const char *fmt, ...)
{
	char reason[600];
	va_list ap;
	char *raw;

	va_start(ap, fmt);
	vsnprintf(reason, sizeof(reason), fmt, ap);
	va_end(ap);
	if (n->env && item != n->env) {
		/* an item of an envelope keeps its envelope, so that the fixed
		   line fed again has its platform, profile and context */
		json_t *env = json_copy((json_t *)n->env);
		json_object_set(env, "item", (json_t *)item);
		raw = json_dumps(env, JSON_COMPACT | JSON_PRESERVE_ORDER);
		json_decref(env);
	} else {
		raw = json_dumps(item, JSON_COMPACT | JSON_PRESERVE_ORDER | JSON_ENCODE_ANY);
	}
	sc_norm_reject(n, n->lineno, raw ? raw : "", raw ? strlen(raw) : 0, "%s", reason);
	free(raw);
}

/* A schema-1 record passes through (dedupe still applies) after a check. */
static const char *const edited_key[] = {"edited"};

void
sc_norm_record_in(struct sc_norm *n, const json_t *v, const char *raw, size_t rawlen)
{
	struct sc_error e;
	const char *id, *t;
	int edited = 0;

	sc_error_clear(&e);
	if (sc_record_check(v, &e) < 0) {
		sc_norm_reject(n, n->lineno, raw, rawlen, "%s", e.text);
		return;
	}
	id = sc_json_str(v, "id");
	if (n->o.dedupe) {
		/* the same key as sc_norm_emit: the quoted id */
		sc_buf_reset(&n->tmp);
		sc_buf_add_json_string(&n->tmp, id, strlen(id));
		t = sc_json_str(v, "text");
		edited = dedupe(n, n->tmp.data, n->tmp.len, t ? dedupe_hash(t, strlen(t)) : 1,
				(int)json_integer_value(json_object_get(v, "rating")));
		if (edited < 0)
			return;
	}
	sc_buf_reset(&n->line);
	if (edited && !json_is_true(json_object_get(v, "edited"))) {
		json_t *copy = json_copy((json_t *)v);
		json_object_set_new(copy, "edited", json_true());
		/* the record as it came with "edited" spliced in (sc_splice),
		   else re-serialised */
		if (sc_splice(&n->line, raw, rawlen, copy, edited_key, 1) < 0)
			sc_buf_add_json(&n->line, copy);
		json_decref(copy);
	} else if (sc_splice(&n->line, raw, rawlen, v, NULL, 0) < 0) {
		sc_buf_add_json(&n->line, v);
	}
	put_line(n, &n->line);
}
