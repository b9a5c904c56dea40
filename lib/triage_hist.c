/*
 * triage_hist.c - what earlier archives say about a customer.
 *
 * Customers are keyed by platform and author.id (hashed to 64 bits, like
 * sc-normalize's dedupe), so memory is one small struct per distinct
 * author, not per message.  An identities table (--identities) maps
 * several platform accounts to one customer key, so the history follows a
 * person across channels; "channels" lists the platforms seen.  For each: how many messages they wrote
 * (contacts), the latest created_at, the categories and sentiments that
 * sc-triage (or a person) gave them, and how many of their complaint
 * threads have no "resolved" status record after them (open complaints).
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "record.h"
#include "triage.h"

struct sc_history {
	struct sc_set64 authors;	/* key -> index + 1 */
	struct sc_customer *v;
	size_t n, cap;
	struct sc_set64 complaint;	/* thread -> author index + 1 */
	struct sc_set64 resolved;	/* thread -> 1 resolved, 2 reopened */
	struct sc_set64 ident;		/* hash(platform, id) -> customer key */
};

static unsigned
channel_bit(const char *platform)
{
	int i = sc_schema_index(sc_schema_platforms, SC_NCHANNEL - 1, platform);

	return 1u << (i >= 0 ? i : SC_NCHANNEL - 1);	/* the last bit is "other" */
}

struct sc_history *
sc_history_new(void)
{
	struct sc_history *h = sc_xcalloc(1, sizeof(*h));

	sc_set64_init(&h->authors);
	sc_set64_init(&h->complaint);
	sc_set64_init(&h->resolved);
	sc_set64_init(&h->ident);
	return h;
}

void
sc_history_free(struct sc_history *h)
{
	if (h == NULL)
		return;
	sc_set64_release(&h->authors);
	sc_set64_release(&h->complaint);
	sc_set64_release(&h->resolved);
	sc_set64_release(&h->ident);
	free(h->v);
	free(h);
}

static uint64_t
account_key(const char *platform, const char *id)
{
	struct sc_buf b;
	uint64_t k;

	sc_buf_init(&b);
	sc_buf_adds(&b, platform);
	sc_buf_addc(&b, '\0');
	sc_buf_adds(&b, id);
	k = sc_hash64(b.data, b.len);
	sc_buf_release(&b);
	return k;
}

/* The customer an account belongs to: its identity if the table names
   one, else the account itself. */
static uint64_t
author_key(const struct sc_history *h, const char *platform, const char *id)
{
	uint64_t k = account_key(platform, id), *v;

	if (sc_set64_get(&h->ident, k, &v))
		return *v;
	return k;
}

int
sc_history_load_identities(struct sc_history *h, const char *path, struct sc_error *e)
{
	static const char *cols[] = {"platform", "author_id", "customer"};
	struct sc_table *t = sc_table_load(path, e);
	size_t i, k;

	if (t == NULL)
		return -1;
	for (k = 0; k < 3; k++)
		if (sc_table_col(t, cols[k]) < 0) {
			sc_error_set(e, SC_EX_CONFIG, path, 1, 0,
				     "missing column '%s' (need platform,author_id,customer)", cols[k]);
			sc_table_free(t);
			return -1;
		}
	for (i = 0; i < t->nrows; i++) {
		const char *pl = sc_table_get(t, i, "platform");
		const char *id = sc_table_get(t, i, "author_id");
		const char *cu = sc_table_get(t, i, "customer");
		uint64_t *v;
		for (k = 0; k < 3; k++)
			if (*sc_table_get(t, i, cols[k]) == '\0') {
				sc_error_set(e, SC_EX_CONFIG, path, t->lines[i],
					     sc_table_col(t, cols[k]) + 1, "empty %s", cols[k]);
				sc_table_free(t);
				return -1;
			}
		/* the customer key lives in its own namespace ("\1" prefix) */
		sc_set64_put(&h->ident, account_key(pl, id), &v);
		*v = account_key("\1customer", cu);
	}
	sc_table_free(t);
	return 0;
}

static int
index_of(const char *const *names, int n, const char *s)
{
	int i;

	for (i = 0; s && i < n; i++)
		if (strcmp(names[i], s) == 0)
			return i;
	return -1;
}

void
sc_history_add(struct sc_history *h, const json_t *rec)
{
	const char *kind = sc_json_str(rec, "kind");
	const char *thread = sc_json_str(rec, "thread_id");
	const char *platform = sc_json_str(rec, "platform");
	const char *aid = sc_json_path_str(rec, "author.id");
	const char *created = sc_json_str(rec, "created_at");
	json_t *tri = json_object_get(rec, "triage");
	uint64_t *val;
	struct sc_customer *c;
	int64_t t = 0;
	int cat, sen;

	if (kind && strcmp(kind, "status") == 0) {
		const char *st = sc_json_str(rec, "status");
		if (thread && st && (strcmp(st, "resolved") == 0 || strcmp(st, "reopened") == 0)) {
			sc_set64_put(&h->resolved, sc_hash64(thread, strlen(thread)), &val);
			*val = strcmp(st, "resolved") == 0 ? 1 : 2;
		}
		return;
	}
	if (!sc_triage_wants(rec) || platform == NULL || aid == NULL)
		return;
	if (sc_set64_put(&h->authors, author_key(h, platform, aid), &val)) {
		if (h->n == h->cap) {
			h->cap = h->cap ? h->cap * 2 : 256;
			h->v = sc_xrealloc(h->v, h->cap * sizeof(*h->v));
		}
		memset(&h->v[h->n], 0, sizeof(h->v[h->n]));
		*val = ++h->n;
	}
	c = &h->v[*val - 1];
	c->contacts++;
	c->channels |= channel_bit(platform);
	if (created && sc_time_parse(created, &t) == 0 && t > c->last)
		c->last = t;
	cat = index_of(sc_categories, SC_NCATEGORY, sc_json_str(tri, "category"));
	if (cat >= 0)
		c->cat[cat]++;
	sen = index_of(sc_sentiments, 3, sc_triage_gold(rec, 1));
	if (sen >= 0)
		c->sent[sen]++;
	if (cat >= 0 && cat == SC_CATEGORY_COMPLAINT && thread) {
		uint64_t idx = *val;
		if (sc_set64_put(&h->complaint, sc_hash64(thread, strlen(thread)), &val))
			*val = idx;
	}
}

void
sc_history_finish(struct sc_history *h)
{
	size_t i;

	for (i = 0; i < h->complaint.cap; i++) {
		uint64_t key = h->complaint.slot[i], *r;
		if (key == 0)
			continue;
		if (sc_set64_get(&h->resolved, key, &r) && *r == 1)
			continue;
		h->v[h->complaint.val[i] - 1].open_complaints++;
	}
	if (h->complaint.has_zero) {
		uint64_t *r;
		if (!(sc_set64_get(&h->resolved, 0, &r) && *r == 1))
			h->v[h->complaint.zero_val - 1].open_complaints++;
	}
}

const struct sc_customer *
sc_history_find(const struct sc_history *h, const char *platform, const char *aid)
{
	uint64_t *val;

	if (h == NULL || platform == NULL || aid == NULL)
		return NULL;
	if (!sc_set64_get(&h->authors, author_key(h, platform, aid), &val))
		return NULL;
	return &h->v[*val - 1];
}

/* The archives are read by the one record loop (lib/record.c: capped
   lines, the scanner, jansson's verdicts); each record through its DOM. */
struct hist_read {
	struct sc_history *h;
	const char *path;
	sc_history_warn_cb warn;
	void *ctx;
};

static int
hist_rec(void *ctx, long lineno, struct sc_record *r)
{
	struct hist_read *hr = ctx;
	struct sc_error le;
	json_t *rec = sc_record_dom(r, &le);

	(void)lineno;
	if (rec)
		sc_history_add(hr->h, rec);
	return 0;
}

static void
hist_bad(void *ctx, long lineno, const char *why)
{
	struct hist_read *hr = ctx;

	if (hr->warn)
		hr->warn(hr->ctx, hr->path, lineno, why);
}

int
sc_history_load(struct sc_history *h, const char *path, size_t max_line,
		sc_history_warn_cb warn, void *ctx, struct sc_error *e)
{
	struct hist_read hr = {h, path, warn, ctx};
	int fd = open(path, O_RDONLY | O_CLOEXEC), rc;

	if (fd < 0)
		return sc_error_set(e, SC_EX_NOINPUT, path, 0, 0, "%s", strerror(errno));
	rc = sc_record_read_fd(fd, path, max_line, 1, hist_rec, hist_bad, &hr, e);
	close(fd);
	return rc < 0 ? -1 : 0;
}

/* These two are here, not in triage.c, so that a history reader (sc-inbox)
   does not pull in the decision and its morphology (libhunspell). */
const char *
sc_triage_gold(const json_t *rec, int target)
{
	json_t *tri = json_object_get(rec, "triage");
	json_t *v;

	if (!json_is_object(tri))
		return NULL;
	v = json_object_get(tri, target == 0 ? "category" : "sentiment");
	if (json_is_object(v))
		v = json_object_get(v, "label");
	return json_is_string(v) ? json_string_value(v) : NULL;
}

int
sc_triage_wants(const json_t *rec)
{
	const char *kind = sc_json_str(rec, "kind");
	json_t *author = json_object_get(rec, "author");

	if (kind == NULL || strcmp(kind, "status") == 0)
		return 0;
	if (json_is_true(json_object_get(author, "is_brand")))
		return 0;
	return json_is_string(json_object_get(rec, "text"));
}
