/*
 * stats.c - the KPIs behind sc-stats(1).
 *
 * Design note.  Every record is reduced on the way in to one struct ent
 * (48 bytes): its type (customer message, brand message, status), the
 * 64-bit hashes of its id, thread_id and parent_id, its creation time, the
 * index of its interned attribute tuple (profile, platform, kind,
 * visibility and the triage fields; a few hundred distinct tuples cover an
 * agency) and, for brand messages, the interned agent.  Texts are never
 * kept.  A record whose id was seen before replaces the earlier facts (an
 * edited item from sc-normalize), so each id counts once.
 *
 * Nothing is decided while reading.  sc_stats_report() sorts the facts by
 * (thread, time, type, id) - a total order that does not depend on input
 * order - links every customer message to its answer, and only then
 * applies the definitions (period, spam, automated replies, business
 * hours, percentiles).  So:
 *   - input need not be sorted: an answer read before its question links;
 *   - a partial is just the facts, and merging partials of any split of
 *     the input (by line, by file, by profile, duplicates across parts
 *     included) rebuilds the single-pass state exactly; medians and
 *     percentiles are computed from exact integer seconds afterwards;
 *   - definitions can be changed when merging, after the fact.
 * Kept whole, memory grows with the number of records (48 bytes each plus
 * 16 bytes of id index, freed before the sort), not with their size: a
 * million bench-gen records (385 MB) peak at 88 MB RSS.  That is what
 * --settle none, --partial and --merge do.  The literal linking rule (a
 * direct reply wins over an earlier thread reply) cannot settle a message
 * before its last possible direct reply has been read, so a streaming
 * bound breaks either that rule or exact merges of arbitrary splits.  A
 * single pass makes that trade by default (--settle 7d): settle()
 * aggregates and forgets threads quiet for the settle time, so memory
 * holds the threads still open, the groups, the unanswered messages'
 * times and per group the distinct response times with their counts
 * (struct dist); the same million records peak at 18 MB.  The report
 * equals the exact one unless a record comes more than the settle time
 * after the previous record of its conversation (sc-stats(1), Memory).
 */
#include <csv.h>
#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "stats.h"

enum { T_CUST = 0, T_BRAND = 1, T_STATUS = 2 };
enum { F_AUTO = 1, F_TRIAGE = 2, F_SPAM = 4, F_NEG = 8 };
enum { ST_RESOLVED = 1, ST_REOPENED, ST_ESCALATED, ST_ASSIGNED };
/* ST_x is the schema's status index + 1 (resolved .. assigned). */

static const char *key_names[SC_BY_N] = {
	"profile", "platform", "kind", "visibility", "category", "tag", "team",
	"priority", "agent", "day", "week", "hour", "weekday"
};
static const char *wd_names[7] = {"sun", "mon", "tue", "wed", "thu", "fri", "sat"};
#define NCAT SC_NCATEGORY
#define NSENT SC_NSENTIMENT
#define NPRIO SC_NPRIORITY

struct ent {
	int64_t t;
	uint64_t id, th, par;
	uint32_t attr, agent;
	uint32_t ans;		/* report: answer index + 1 */
	uint8_t type, flags, st, pad;
};

/* An interned attribute tuple.  v[] follows enum sc_stats_key for the
   first fields; NULL means absent. */
enum { A_PROFILE, A_PLATFORM, A_KIND, A_VISIBILITY, A_CATEGORY, A_TEAM,
       A_PRIORITY, A_SENTIMENT, A_N };
struct tuple {
	char *key;		/* the serialised form, for interning */
	char *v[A_N];
	char **tags;
	size_t ntags;
	int cat, sent, prio;	/* indexes in the name tables, -1 none */
};

struct i64vec {
	int64_t *v;
	size_t n, cap;
};

/*
 * A distribution of whole seconds (response or resolution times) kept
 * exactly but compactly: values arrive in raw[]; once DIST_RAW of them
 * are waiting (and at least as many as there are distinct values), they
 * are sorted and merged into v[], the nv distinct values in increasing
 * order followed in the same block by their nv uint32 counts.  A group of
 * n values holds at most max(DIST_RAW, d) raw values and 12 bytes for
 * each of its d distinct values, so memory grows with the distinct
 * seconds, not with the messages, and medians and percentiles stay exact.
 * The struct is 24 bytes, as small as the plain vector it replaced, since
 * fine-grained reports make hundreds of thousands of groups.
 */
#define DIST_RAW 256
struct dist {
	int64_t *raw;
	int64_t *v;
	uint32_t nraw, capraw, nv, pad;
};
#define DIST_C(d) ((uint32_t *)((d)->v + (d)->nv))

struct acc {
	long in, out, out_auto, answered, excluded, outside, bh_skipped;
	struct dist frt, bh, res;
	long within[SC_STATS_MAXSLA], within_den;
	struct i64vec unans;	/* creation times of unanswered messages */
	long triaged, cat[NCAT], sent[NSENT], prio[NPRIO];
	long threads, resolved, fcr, reopened, escalated;
};

struct group {
	char *val[SC_BY_N];
	int ord[SC_BY_N];	/* numeric order for hour/weekday */
	uint32_t made;		/* --spikes: index before the sort */
	struct acc a;
};

/* Incoming messages per (group, UTC hour), for --spikes. */
struct hcount {
	uint32_t g, cnt;
	int64_t hour;
};
struct spike_ctx {
	struct hcount *v;
	size_t n, cap;
	int64_t hour;
};

struct sc_stats {
	const struct sc_stats_opts *o;
	struct ent *e;
	size_t n, cap, replaced;
	struct sc_set64 ids;	/* id hash -> index + 1 */
	int64_t latest;		/* the latest created_at read */
	int64_t earliest;	/* and the earliest */
	struct spike_ctx spk;
	size_t next_settle;	/* --settle: facts that trigger the next pass */
	size_t settled;		/* settle passes run */
	size_t kept;		/* facts kept by the last pass */
	int64_t now;		/* report: --now or latest */
	struct tuple *tu;
	size_t ntu, captu;
	struct sc_set64 tuidx;	/* key hash -> tuple index + 1 */
	char **agents;		/* agents[0] is NULL (none) */
	size_t nag, capag;
	struct sc_set64 agidx;
	int any_triage;
	/* partial reading: maps of the current partial's indexes */
	uint32_t *pmap_tu, *pmap_ag;
	size_t npmap_tu, npmap_ag;
	int in_partial;
	struct sc_buf kb;
	/* report */
	struct group *g;
	size_t ng, capg;
	struct sc_set64 gidx;
	/* zone offsets per UTC hour, direct mapped: facts are sorted by
	   thread, not time, so one last-hour cache would miss every time */
	int64_t off_hour[4096];
	int32_t off_val[4096];
};

/* ---- small helpers ---- */

static void
vec_push(struct i64vec *v, int64_t x)
{
	if (v->n == v->cap) {
		v->cap = v->cap ? v->cap * 2 : 2;
		v->v = sc_xrealloc(v->v, v->cap * sizeof(*v->v));
	}
	v->v[v->n++] = x;
}

static int
cmp_i64(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
	return (x > y) - (x < y);
}

/* Merge the raw values into the sorted (value, count) pairs. */
static void
dist_compact(struct dist *d)
{
	size_t i = 0, j = 0, k = 0, cap = (size_t)d->nv + d->nraw;
	const uint32_t *oc = d->v ? DIST_C(d) : NULL;
	int64_t *v;
	uint32_t *c;

	if (d->nraw == 0)
		return;
	qsort(d->raw, d->nraw, sizeof(*d->raw), cmp_i64);
	/* values at the front of the new block, counts at its end for now */
	v = sc_xmalloc(cap * (sizeof(*v) + sizeof(*c)));
	c = (uint32_t *)(v + cap);
	while (i < d->nv || j < d->nraw) {
		int64_t x;
		uint32_t cnt;
		if (j == d->nraw || (i < d->nv && d->v[i] <= d->raw[j])) {
			x = d->v[i];
			cnt = oc[i++];
		} else {
			x = d->raw[j++];
			cnt = 1;
		}
		/* a count that would overflow starts a second pair of the
		   same value; walks over the pairs stay right */
		if (k && v[k - 1] == x && c[k - 1] <= UINT32_MAX - cnt) {
			c[k - 1] += cnt;
		} else {
			v[k] = x;
			c[k++] = cnt;
		}
	}
	memmove(v + k, c, k * sizeof(*c));
	free(d->v);
	d->v = sc_xrealloc(v, k * (sizeof(*v) + sizeof(*c)));
	d->nv = (uint32_t)k;
	d->nraw = 0;
	if (d->capraw > DIST_RAW && d->capraw > 2 * k) {
		/* do not keep a large raw buffer the pairs no longer need */
		d->capraw = DIST_RAW;
		d->raw = sc_xrealloc(d->raw, d->capraw * sizeof(*d->raw));
	}
}

static void
dist_push(struct dist *d, int64_t x)
{
	if (d->nraw == d->capraw) {
		d->capraw = d->capraw ? d->capraw * 2 : 2;
		d->raw = sc_xrealloc(d->raw, d->capraw * sizeof(*d->raw));
	}
	d->raw[d->nraw++] = x;
	if (d->nraw >= DIST_RAW && d->nraw >= d->nv)
		dist_compact(d);
}

/* The number of values. */
static size_t
dist_count(const struct dist *d)
{
	size_t n = d->nraw;

	for (uint32_t i = 0; i < d->nv; i++)
		n += DIST_C(d)[i];
	return n;
}

/* Make the values walkable in order: a small distribution is only sorted
   in place (no pairs made at report time); otherwise all go to pairs. */
static void
dist_ready(struct dist *d)
{
	if (d->nv == 0)
		qsort(d->raw, d->nraw, sizeof(*d->raw), cmp_i64);
	else
		dist_compact(d);
}

/* The value of 0-based rank k of a ready distribution (k < n). */
static int64_t
dist_at(const struct dist *d, size_t k)
{
	uint32_t i;

	if (d->nv == 0)
		return d->raw[k];
	for (i = 0; i < d->nv; i++) {
		if (k < DIST_C(d)[i])
			return d->v[i];
		k -= DIST_C(d)[i];
	}
	return d->v[d->nv - 1];
}

/* The sum of the m smallest values of a ready distribution. */
static int64_t
dist_sum_first(const struct dist *d, size_t m)
{
	int64_t sum = 0;
	size_t i;

	if (d->nv == 0) {
		for (i = 0; i < m; i++)
			sum += d->raw[i];
		return sum;
	}
	for (i = 0; i < d->nv && m; i++) {
		size_t take = DIST_C(d)[i] < m ? DIST_C(d)[i] : m;
		sum += d->v[i] * (int64_t)take;
		m -= take;
	}
	return sum;
}

static void
dist_release(struct dist *d)
{
	free(d->raw);
	free(d->v);
}

static int
name_index(const char *const *names, int n, const char *s)
{
	int i;

	if (s == NULL)
		return -1;
	for (i = 0; i < n; i++)
		if (strcasecmp(names[i], s) == 0)
			return i;
	return -1;
}

void
sc_stats_opts_init(struct sc_stats_opts *o)
{
	memset(o, 0, sizeof(*o));
	o->tz = SC_DEFAULT_TZ;
	o->pct = 90;
	o->pct_method = SC_PCT_NEAREST;
	o->nsla = 2;
	o->sla[0] = 1800;
	o->sla[1] = 3600;
	snprintf(o->sla_name[0], sizeof(o->sla_name[0]), "30m");
	snprintf(o->sla_name[1], sizeof(o->sla_name[1]), "60m");
	o->nbacklog = 3;
	o->backlog[0] = 3600;
	o->backlog[1] = 4 * 3600;
	o->backlog[2] = 24 * 3600;
	snprintf(o->backlog_name[0], sizeof(o->backlog_name[0]), "1h");
	snprintf(o->backlog_name[1], sizeof(o->backlog_name[1]), "4h");
	snprintf(o->backlog_name[2], sizeof(o->backlog_name[2]), "24h");
	o->spike_factor = 3.0;
	o->spike_min = 10;
	o->spike_window = 24 * 3600;
	o->settle = 7 * 86400;
	snprintf(o->settle_name, sizeof(o->settle_name), "7d");
	o->settle_batch = 4096;
	o->hours.open_min = 0;
	o->hours.close_min = 1440;
	o->hours.days = 0x7f;
	o->hours.always_open = 1;
	snprintf(o->hours.tz, sizeof(o->hours.tz), "%s", SC_DEFAULT_TZ);
}

int
sc_stats_parse_by(struct sc_stats_opts *o, const char *s, struct sc_error *e)
{
	const char *p = s;

	while (*p) {
		const char *c = strchr(p, ',');
		size_t n = c ? (size_t)(c - p) : strlen(p);
		int k, found = -1;

		for (k = 0; k < SC_BY_N; k++)
			if (strlen(key_names[k]) == n && strncmp(key_names[k], p, n) == 0)
				found = k;
		if (found < 0)
			return sc_error_set(e, SC_EX_USAGE, NULL, 0, 0,
					    "--by: unknown key '%.*s'", (int)n, p);
		for (k = 0; k < o->nby; k++)
			if (o->by[k] == found)
				return sc_error_set(e, SC_EX_USAGE, NULL, 0, 0,
						    "--by: key '%s' given twice", key_names[found]);
		o->by[o->nby++] = found;
		p += n;
		if (*p == ',')
			p++;
	}
	return 0;
}

int
sc_stats_parse_durations(const char *s, int64_t *v, char names[][24], int max, int *n,
			 struct sc_error *e)
{
	const char *p = s;

	*n = 0;
	while (*p) {
		const char *c = strchr(p, ',');
		size_t len = c ? (size_t)(c - p) : strlen(p);
		char tok[24];
		int64_t d;

		if (len == 0 || len >= sizeof(tok) || *n >= max)
			return sc_error_set(e, SC_EX_USAGE, NULL, 0, 0, "bad duration list '%s'", s);
		memcpy(tok, p, len);
		tok[len] = '\0';
		d = sc_duration_parse(tok);
		if (d <= 0 || (*n > 0 && d <= v[*n - 1]))
			return sc_error_set(e, SC_EX_USAGE, NULL, 0, 0,
					    "bad duration '%s' (want increasing durations like 30m,60m)",
					    tok);
		v[*n] = d;
		memcpy(names[*n], tok, len + 1);
		(*n)++;
		p += len;
		if (*p == ',')
			p++;
	}
	if (*n == 0)
		return sc_error_set(e, SC_EX_USAGE, NULL, 0, 0, "empty duration list");
	return 0;
}

struct sc_stats *
sc_stats_new(const struct sc_stats_opts *o)
{
	struct sc_stats *s = sc_xcalloc(1, sizeof(*s));

	s->o = o;
	sc_set64_init(&s->ids);
	sc_set64_init(&s->tuidx);
	sc_set64_init(&s->agidx);
	sc_set64_init(&s->gidx);
	sc_buf_init(&s->kb);
	s->agents = sc_xcalloc(16, sizeof(char *));
	s->capag = 16;
	s->nag = 1;
	for (size_t i = 0; i < 4096; i++)
		s->off_hour[i] = INT64_MIN;
	s->latest = INT64_MIN;
	s->earliest = INT64_MAX;
	s->next_settle = o->settle_batch;
	return s;
}

static void
acc_release(struct acc *a)
{
	dist_release(&a->frt);
	dist_release(&a->bh);
	dist_release(&a->res);
	free(a->unans.v);
}

void
sc_stats_free(struct sc_stats *s)
{
	size_t i;
	int k;

	if (s == NULL)
		return;
	for (i = 0; i < s->ntu; i++) {
		free(s->tu[i].key);
		for (k = 0; k < A_N; k++)
			free(s->tu[i].v[k]);
		for (size_t j = 0; j < s->tu[i].ntags; j++)
			free(s->tu[i].tags[j]);
		free(s->tu[i].tags);
	}
	free(s->tu);
	for (i = 1; i < s->nag; i++)
		free(s->agents[i]);
	free(s->agents);
	for (i = 0; i < s->ng; i++) {
		for (k = 0; k < SC_BY_N; k++)
			free(s->g[i].val[k]);
		acc_release(&s->g[i].a);
	}
	free(s->g);
	free(s->e);
	free(s->spk.v);
	free(s->pmap_tu);
	free(s->pmap_ag);
	sc_set64_release(&s->ids);
	sc_set64_release(&s->tuidx);
	sc_set64_release(&s->agidx);
	sc_set64_release(&s->gidx);
	sc_buf_release(&s->kb);
	free(s);
}

size_t
sc_stats_settled(const struct sc_stats *s)
{
	return s->settled;
}

size_t
sc_stats_count(const struct sc_stats *s, size_t *replaced)
{
	if (replaced)
		*replaced = s->replaced;
	return s->n;
}

/* ---- interning ---- */

static void
key_add(struct sc_buf *b, const char *v)
{
	if (v)
		sc_buf_adds(b, v);
	else
		sc_buf_addc(b, '\x1e');
	sc_buf_addc(b, '\x1f');
}

/* Intern the tuple serialised in s->kb; v/tags are its values (borrowed). */
static uint32_t
tuple_intern(struct sc_stats *s, const char *const *v, const char *const *tags, size_t ntags)
{
	uint64_t h = sc_hash64(s->kb.data, s->kb.len), *slot;
	int k;

	for (;;) {
		if (sc_set64_put(&s->tuidx, h, &slot) == 0) {
			if (strcmp(s->tu[*slot - 1].key, s->kb.data) == 0)
				return (uint32_t)(*slot - 1);
			h++;	/* a 64-bit collision: probe on */
			continue;
		}
		break;
	}
	if (s->ntu == s->captu) {
		s->captu = s->captu ? s->captu * 2 : 64;
		s->tu = sc_xrealloc(s->tu, s->captu * sizeof(*s->tu));
	}
	struct tuple *t = &s->tu[s->ntu];
	memset(t, 0, sizeof(*t));
	t->key = sc_xstrdup(s->kb.data);
	for (k = 0; k < A_N; k++)
		t->v[k] = v[k] ? sc_xstrdup(v[k]) : NULL;
	if (ntags) {
		t->tags = sc_xcalloc(ntags, sizeof(char *));
		for (size_t i = 0; i < ntags; i++)
			t->tags[i] = sc_xstrdup(tags[i]);
		t->ntags = ntags;
	}
	t->cat = name_index(sc_categories, NCAT, t->v[A_CATEGORY]);
	if (t->v[A_CATEGORY] && t->cat < 0)
		t->cat = NCAT - 1;	/* an unknown category counts as other */
	t->sent = name_index(sc_sentiments, NSENT, t->v[A_SENTIMENT]);
	t->prio = name_index(sc_priorities, NPRIO, t->v[A_PRIORITY]);
	*slot = ++s->ntu;
	return (uint32_t)(s->ntu - 1);
}

static uint32_t
agent_intern(struct sc_stats *s, const char *a)
{
	uint64_t h, *slot;

	if (a == NULL || *a == '\0')
		return 0;
	h = sc_hash64(a, strlen(a));
	for (;;) {
		if (sc_set64_put(&s->agidx, h, &slot) == 0) {
			if (strcmp(s->agents[*slot], a) == 0)
				return (uint32_t)*slot;
			h++;
			continue;
		}
		break;
	}
	if (s->nag == s->capag) {
		s->capag *= 2;
		s->agents = sc_xrealloc(s->agents, s->capag * sizeof(char *));
	}
	s->agents[s->nag] = sc_xstrdup(a);
	*slot = s->nag;
	return (uint32_t)s->nag++;
}

static uint64_t
hash_str(const char *v)
{
	return v ? sc_hash64(v, strlen(v)) : 0;
}

static void
put_ent(struct sc_stats *s, const struct ent *x)
{
	uint64_t *slot;

	if (!sc_set64_put(&s->ids, x->id, &slot)) {
		/* a replacement (edited item): the later record's facts win */
		s->e[*slot - 1] = *x;
		if (x->t > s->latest)
			s->latest = x->t;
		if (x->t < s->earliest)
			s->earliest = x->t;
		s->replaced++;
		return;
	}
	if (s->n == s->cap) {
		s->cap = s->cap ? s->cap * 2 : 1024;
		s->e = sc_xrealloc(s->e, s->cap * sizeof(*s->e));
	}
	s->e[s->n++] = *x;
	*slot = s->n;
	if (x->t > s->latest)
		s->latest = x->t;
	if (x->t < s->earliest)
		s->earliest = x->t;
}

static int
is_auto_agent(const char *a)
{
	return a && (strncmp(a, "auto:", 5) == 0 || strncmp(a, "rule:", 5) == 0 ||
		     strncmp(a, "bot:", 4) == 0);
}

static void settle(struct sc_stats *s);

int
sc_stats_add(struct sc_stats *s, const json_t *rec, struct sc_error *e)
{
	struct ent x;
	const char *id = sc_json_str(rec, "id"), *kind = sc_json_str(rec, "kind");
	const char *th = sc_json_str(rec, "thread_id");
	const char *v[A_N];
	const char *tags[32];
	size_t ntags = 0;
	json_t *tr, *author;
	int k;

	memset(&x, 0, sizeof(x));
	if (id == NULL || kind == NULL ||
	    sc_time_parse(sc_json_str(rec, "created_at"), &x.t) < 0)
		return sc_error_set(e, SC_EX_DATAERR, NULL, 0, 0, "not a schema-1 record");
	x.id = hash_str(id);
	if (strcmp(kind, "status") == 0) {
		const char *st = sc_json_str(rec, "status");
		int i = st ? name_index(sc_schema_statuses, ST_ASSIGNED, st) : -1;
		if (i < 0)
			return sc_error_set(e, SC_EX_DATAERR, NULL, 0, 0,
					    "status record: \"status\" must be resolved, reopened, escalated or assigned");
		if (th == NULL || *th == '\0')
			return sc_error_set(e, SC_EX_DATAERR, NULL, 0, 0,
					    "status record has no \"thread_id\"");
		x.type = T_STATUS;
		x.st = (uint8_t)(i + 1);
		x.th = hash_str(th);
		put_ent(s, &x);
		return 0;
	}
	author = json_object_get(rec, "author");
	x.type = json_is_true(json_object_get(author, "is_brand")) ? T_BRAND : T_CUST;
	x.th = th && *th ? hash_str(th) : x.id;
	x.par = hash_str(sc_json_str(rec, "parent_id"));
	v[A_PROFILE] = sc_json_str(rec, "profile");
	v[A_PLATFORM] = sc_json_str(rec, "platform");
	v[A_KIND] = kind;
	v[A_VISIBILITY] = sc_json_str(rec, "visibility");
	tr = json_object_get(rec, "triage");
	if (json_is_object(tr)) {
		json_t *tg = json_object_get(tr, "tags"), *it;
		size_t i;
		x.flags |= F_TRIAGE;
		v[A_CATEGORY] = sc_json_str(tr, "category");
		v[A_TEAM] = sc_json_str(tr, "team");
		v[A_PRIORITY] = sc_json_str(tr, "priority");
		it = json_object_get(tr, "sentiment");
		/* sentiment is "negative" or {"label":"negative","score":..} */
		v[A_SENTIMENT] = json_is_object(it) ? sc_json_str(it, "label") : json_string_value(it);
		json_array_foreach(tg, i, it) {
			if (json_is_string(it) && ntags < 32)
				tags[ntags++] = json_string_value(it);
		}
	} else {
		v[A_CATEGORY] = v[A_TEAM] = v[A_PRIORITY] = v[A_SENTIMENT] = NULL;
	}
	sc_buf_reset(&s->kb);
	for (k = 0; k < A_N; k++)
		key_add(&s->kb, v[k]);
	for (size_t i = 0; i < ntags; i++)
		key_add(&s->kb, tags[i]);
	x.attr = tuple_intern(s, v, tags, ntags);
	if (v[A_CATEGORY] && (strcmp(v[A_CATEGORY], "spam") == 0 ||
			      strcmp(v[A_CATEGORY], "hate") == 0))
		x.flags |= F_SPAM;
	if (v[A_SENTIMENT] && strcmp(v[A_SENTIMENT], "negative") == 0)
		x.flags |= F_NEG;
	if (x.type == T_BRAND) {
		const char *ag = sc_json_str(rec, "agent");
		const char *tpl = sc_json_path_str(rec, "reply.template");
		x.agent = agent_intern(s, ag);
		if (is_auto_agent(ag) || ((ag == NULL || *ag == '\0') && tpl && *tpl))
			x.flags |= F_AUTO;
	}
	if (x.flags & F_TRIAGE)
		s->any_triage = 1;
	put_ent(s, &x);
	if (s->o->settle && s->n >= s->next_settle && s->n > s->kept)
		settle(s);
	return 0;
}

/* ---- partials ---- */

static void
hex64(struct sc_buf *b, uint64_t h)
{
	sc_buf_printf(b, "\"%016llx\"", (unsigned long long)h);
}

static int
unhex64(const json_t *v, uint64_t *h)
{
	const char *s = json_string_value(v);
	char *end;

	if (v == NULL || json_is_null(v)) {
		*h = 0;
		return 0;
	}
	if (s == NULL || strlen(s) != 16)
		return -1;
	*h = strtoull(s, &end, 16);
	return *end == '\0' ? 0 : -1;
}

static void
json_str_or_null(struct sc_buf *b, const char *v)
{
	if (v)
		sc_buf_add_json_string(b, v, strlen(v));
	else
		sc_buf_adds(b, "null");
}

static const char *tuple_fields[A_N] = {"profile", "platform", "kind", "visibility",
					"category", "team", "priority", "sentiment"};

int
sc_stats_write_partial(struct sc_stats *s, struct sc_out *out)
{
	struct sc_buf *b = &s->kb;
	size_t i;
	int k;

	sc_buf_reset(b);
	sc_buf_adds(b, "{\"sc_stats\":\"partial\",\"version\":1}");
	if (sc_out_line(out, b->data, b->len) < 0)
		return -1;
	for (i = 0; i < s->ntu; i++) {
		struct tuple *t = &s->tu[i];
		sc_buf_reset(b);
		sc_buf_printf(b, "{\"tuple\":%zu", i);
		for (k = 0; k < A_N; k++) {
			sc_buf_printf(b, ",\"%s\":", tuple_fields[k]);
			json_str_or_null(b, t->v[k]);
		}
		sc_buf_adds(b, ",\"tags\":[");
		for (size_t j = 0; j < t->ntags; j++) {
			if (j)
				sc_buf_addc(b, ',');
			json_str_or_null(b, t->tags[j]);
		}
		sc_buf_adds(b, "]}");
		if (sc_out_line(out, b->data, b->len) < 0)
			return -1;
	}
	for (i = 1; i < s->nag; i++) {
		sc_buf_reset(b);
		sc_buf_printf(b, "{\"agent\":%zu,\"name\":", i);
		json_str_or_null(b, s->agents[i]);
		sc_buf_addc(b, '}');
		if (sc_out_line(out, b->data, b->len) < 0)
			return -1;
	}
	for (i = 0; i < s->n; i++) {
		struct ent *x = &s->e[i];
		sc_buf_reset(b);
		sc_buf_printf(b, "{\"m\":\"%c\",\"id\":", "cbs"[x->type]);
		hex64(b, x->id);
		sc_buf_adds(b, ",\"th\":");
		hex64(b, x->th);
		if (x->par) {
			sc_buf_adds(b, ",\"pa\":");
			hex64(b, x->par);
		}
		sc_buf_printf(b, ",\"t\":%lld", (long long)x->t);
		if (x->type == T_STATUS)
			sc_buf_printf(b, ",\"st\":\"%s\"", sc_schema_statuses[x->st - 1]);
		else
			sc_buf_printf(b, ",\"a\":%u", x->attr);
		if (x->agent)
			sc_buf_printf(b, ",\"g\":%u", x->agent);
		if (x->flags)
			sc_buf_printf(b, ",\"f\":%u", x->flags);
		sc_buf_addc(b, '}');
		if (sc_out_line(out, b->data, b->len) < 0)
			return -1;
	}
	return 0;
}

static void
map_set(uint32_t **m, size_t *n, size_t i, uint32_t v)
{
	if (i >= *n) {
		size_t nn = i + 64;
		*m = sc_xrealloc(*m, nn * sizeof(**m));
		for (size_t j = *n; j < nn; j++)
			(*m)[j] = UINT32_MAX;
		*n = nn;
	}
	(*m)[i] = v;
}

#define PARTIAL_BAD(what) sc_error_set(e, SC_EX_DATAERR, NULL, 0, 0, "bad partial line: %s", what)

int
sc_stats_add_partial(struct sc_stats *s, const json_t *l, struct sc_error *e)
{
	json_t *v;

	if ((v = json_object_get(l, "sc_stats")) != NULL) {
		if (!json_is_string(v) || strcmp(json_string_value(v), "partial") != 0 ||
		    json_integer_value(json_object_get(l, "version")) != 1)
			return PARTIAL_BAD("unknown partial version");
		s->in_partial = 1;
		for (size_t i = 0; i < s->npmap_tu; i++)
			s->pmap_tu[i] = UINT32_MAX;
		for (size_t i = 0; i < s->npmap_ag; i++)
			s->pmap_ag[i] = UINT32_MAX;
		return 0;
	}
	if (!s->in_partial)
		return sc_error_set(e, SC_EX_DATAERR, NULL, 0, 0,
				    "not an sc-stats partial (no header line)");
	if ((v = json_object_get(l, "tuple")) != NULL) {
		const char *vals[A_N], *tags[32];
		size_t ntags = 0, i;
		json_t *tg = json_object_get(l, "tags"), *it;
		int k;
		if (!json_is_integer(v) || json_integer_value(v) < 0 ||
		    json_integer_value(v) > 10000000)
			return PARTIAL_BAD("tuple index");
		sc_buf_reset(&s->kb);
		for (k = 0; k < A_N; k++) {
			vals[k] = sc_json_str(l, tuple_fields[k]);
			key_add(&s->kb, vals[k]);
		}
		json_array_foreach(tg, i, it) {
			if (json_is_string(it) && ntags < 32) {
				tags[ntags] = json_string_value(it);
				key_add(&s->kb, tags[ntags++]);
			}
		}
		map_set(&s->pmap_tu, &s->npmap_tu, (size_t)json_integer_value(v),
			tuple_intern(s, vals, tags, ntags));
		if (vals[A_CATEGORY] || ntags)
			s->any_triage = 1;
		return 0;
	}
	if ((v = json_object_get(l, "agent")) != NULL) {
		if (!json_is_integer(v) || json_integer_value(v) < 1 ||
		    json_integer_value(v) > 10000000 || !sc_json_str(l, "name"))
			return PARTIAL_BAD("agent");
		map_set(&s->pmap_ag, &s->npmap_ag, (size_t)json_integer_value(v),
			agent_intern(s, sc_json_str(l, "name")));
		return 0;
	}
	{
		const char *m = sc_json_str(l, "m");
		struct ent x;
		json_t *t = json_object_get(l, "t");
		memset(&x, 0, sizeof(x));
		if (m == NULL || strlen(m) != 1 || strchr("cbs", m[0]) == NULL)
			return PARTIAL_BAD("unknown line");
		x.type = (uint8_t)(strchr("cbs", m[0]) - "cbs");
		if (unhex64(json_object_get(l, "id"), &x.id) < 0 ||
		    unhex64(json_object_get(l, "th"), &x.th) < 0 ||
		    unhex64(json_object_get(l, "pa"), &x.par) < 0 || !json_is_integer(t))
			return PARTIAL_BAD("id, th, pa or t");
		x.t = json_integer_value(t);
		x.flags = (uint8_t)json_integer_value(json_object_get(l, "f"));
		if (x.type == T_STATUS) {
			int i = name_index(sc_schema_statuses, ST_ASSIGNED, sc_json_str(l, "st"));
			if (i < 0)
				return PARTIAL_BAD("status");
			x.st = (uint8_t)(i + 1);
		} else {
			json_int_t a = json_integer_value(json_object_get(l, "a"));
			json_int_t g = json_integer_value(json_object_get(l, "g"));
			if (a < 0 || (size_t)a >= s->npmap_tu || s->pmap_tu[a] == UINT32_MAX)
				return PARTIAL_BAD("undefined tuple");
			x.attr = s->pmap_tu[a];
			if (g > 0) {
				if ((size_t)g >= s->npmap_ag || s->pmap_ag[g] == UINT32_MAX)
					return PARTIAL_BAD("undefined agent");
				x.agent = s->pmap_ag[g];
			}
			if (x.flags & F_TRIAGE)
				s->any_triage = 1;
		}
		put_ent(s, &x);
	}
	return 0;
}

/* ---- linking ---- */

static int
cmp_ent(const void *pa, const void *pb)
{
	const struct ent *a = pa, *b = pb;

	if (a->th != b->th)
		return a->th < b->th ? -1 : 1;
	if (a->t != b->t)
		return a->t < b->t ? -1 : 1;
	if (a->type != b->type)
		return a->type < b->type ? -1 : 1;
	return (a->id > b->id) - (a->id < b->id);
}

static int
brand_counts(const struct sc_stats *s, const struct ent *x)
{
	return x->type == T_BRAND && (s->o->auto_include || !(x->flags & F_AUTO));
}

/*
 * Link every customer message: the earliest counting brand message whose
 * parent_id is the message (over all threads), else the first counting
 * brand message at or after it in its thread (ties in time: the brand
 * message counts as after).  With --link earliest, the earlier of the two.
 */
static void
link_all(struct sc_stats *s)
{
	struct sc_set64 par;
	size_t i, a, b;
	uint64_t *slot;

	/* the id index is not needed any more: free it before the sort
	   (which may take a temporary copy of the facts) to lower the peak */
	sc_set64_release(&s->ids);
	sc_set64_init(&s->ids);
	if (s->n)
		qsort(s->e, s->n, sizeof(*s->e), cmp_ent);
	sc_set64_init(&par);
	for (i = 0; i < s->n; i++) {
		if (!brand_counts(s, &s->e[i]) || s->e[i].par == 0)
			continue;
		/* the earliest; equal times: the first in the total order */
		if (sc_set64_put(&par, s->e[i].par, &slot) || s->e[i].t < s->e[*slot - 1].t)
			*slot = i + 1;
	}
	for (a = 0; a < s->n; a = b) {
		uint32_t next = 0;
		for (b = a; b < s->n && s->e[b].th == s->e[a].th; b++)
			;
		for (i = b; i-- > a;) {
			struct ent *x = &s->e[i];
			if (brand_counts(s, x))
				next = (uint32_t)(i + 1);
			else if (x->type == T_CUST)
				x->ans = next;
		}
		for (i = a; i < b; i++) {
			struct ent *x = &s->e[i];
			if (x->type != T_CUST || !sc_set64_get(&par, x->id, &slot))
				continue;
			if (s->o->link == SC_LINK_PARENT_FIRST || x->ans == 0 ||
			    s->e[*slot - 1].t < s->e[x->ans - 1].t)
				x->ans = (uint32_t)*slot;
		}
	}
	sc_set64_release(&par);
}

/* ---- groups ---- */

static const struct sc_hours *
hours_for(const struct sc_stats *s, const struct tuple *t)
{
	const struct sc_profile *p;

	if (s->o->profiles && t->v[A_PROFILE] &&
	    (p = sc_profiles_find(s->o->profiles, t->v[A_PROFILE])) != NULL)
		return &p->hours;
	return &s->o->hours;
}

/* Local civil time of t in the report zone; the offset is cached per UTC
   hour (zones change offset on whole UTC hours). */
static void
local_tm(struct sc_stats *s, int64_t t, struct tm *out)
{
	int64_t hr = t >= 0 ? t / 3600 : (t - 3599) / 3600;
	int64_t lt, days, secs;

	size_t slot = (size_t)((uint64_t)hr % 4096);

	if (hr != s->off_hour[slot]) {
		struct tm tm;
		if (sc_tz_local(s->o->tz, hr * 3600, &tm) < 0)
			tm.tm_gmtoff = 0;
		s->off_val[slot] = (int32_t)tm.tm_gmtoff;
		s->off_hour[slot] = hr;
	}
	lt = t + s->off_val[slot];
	days = lt >= 0 ? lt / 86400 : (lt - 86399) / 86400;
	secs = lt - days * 86400;
	time_t tt = (time_t)(days * 86400);
	gmtime_r(&tt, out);
	out->tm_hour = (int)(secs / 3600);
	out->tm_min = (int)(secs % 3600 / 60);
	out->tm_sec = (int)(secs % 60);
}

struct keyvals {
	const char *v[SC_BY_N];
	int ord[SC_BY_N];
	char day[40], week[40], hour[16];
};

static void
time_keys(struct sc_stats *s, int64_t t, struct keyvals *kv)
{
	struct tm tm;
	int wd, yday, wk, y;

	local_tm(s, t, &tm);
	snprintf(kv->day, sizeof(kv->day), "%04d-%02d-%02d", tm.tm_year + 1900,
		 tm.tm_mon + 1, tm.tm_mday);
	/* ISO 8601 week: the week with the year's first Thursday is week 1 */
	wd = (tm.tm_wday + 6) % 7;	/* Monday 0 */
	yday = tm.tm_yday;
	y = tm.tm_year + 1900;
	wk = (yday - wd + 10) / 7;
	if (wk < 1) {
		int py = y - 1;
		int pdays = (py % 4 == 0 && (py % 100 != 0 || py % 400 == 0)) ? 366 : 365;
		y = py;
		wk = (yday + pdays - wd + 10) / 7;
	} else {
		int days = (y % 4 == 0 && (y % 100 != 0 || y % 400 == 0)) ? 366 : 365;
		if (wk == 53 && (yday - wd + 3) >= days) {
			/* Thursday of this week falls in next year */
			wk = 1;
			y++;
		}
	}
	snprintf(kv->week, sizeof(kv->week), "%04d-W%02d", y, wk);
	snprintf(kv->hour, sizeof(kv->hour), "%d", tm.tm_hour);
	kv->v[SC_BY_DAY] = kv->day;
	kv->v[SC_BY_WEEK] = kv->week;
	kv->v[SC_BY_HOUR] = kv->hour;
	kv->ord[SC_BY_HOUR] = tm.tm_hour;
	kv->v[SC_BY_WEEKDAY] = wd_names[tm.tm_wday];
	kv->ord[SC_BY_WEEKDAY] = wd;
}

static void
attr_keys(const struct sc_stats *s, const struct tuple *t, uint32_t agent, struct keyvals *kv)
{
	kv->v[SC_BY_PROFILE] = t->v[A_PROFILE];
	kv->v[SC_BY_PLATFORM] = t->v[A_PLATFORM];
	kv->v[SC_BY_KIND] = t->v[A_KIND];
	kv->v[SC_BY_VISIBILITY] = t->v[A_VISIBILITY];
	kv->v[SC_BY_CATEGORY] = t->v[A_CATEGORY];
	kv->v[SC_BY_TEAM] = t->v[A_TEAM];
	kv->v[SC_BY_PRIORITY] = t->v[A_PRIORITY];
	kv->v[SC_BY_AGENT] = agent ? s->agents[agent] : NULL;
	kv->v[SC_BY_TAG] = NULL;
}

/* Find or make the group of kv under the keys in by (n of them). */
static struct group *
group_get(struct sc_stats *s, const int *by, int n, const struct keyvals *kv)
{
	uint64_t h, *slot;
	int k;

	sc_buf_reset(&s->kb);
	for (k = 0; k < n; k++)
		key_add(&s->kb, kv->v[by[k]]);
	h = sc_hash64(s->kb.data, s->kb.len);
	for (;;) {
		if (sc_set64_put(&s->gidx, h, &slot) == 0) {
			struct group *g = &s->g[*slot - 1];
			for (k = 0; k < n; k++) {
				const char *a = g->val[by[k]], *b = kv->v[by[k]];
				if ((a == NULL) != (b == NULL) || (a && strcmp(a, b) != 0))
					break;
			}
			if (k == n)
				return g;
			h++;
			continue;
		}
		break;
	}
	if (s->ng == s->capg) {
		s->capg = s->capg ? s->capg * 2 : 64;
		s->g = sc_xrealloc(s->g, s->capg * sizeof(*s->g));
	}
	struct group *g = &s->g[s->ng];
	memset(g, 0, sizeof(*g));
	for (k = 0; k < n; k++) {
		const char *v = kv->v[by[k]];
		g->val[by[k]] = v ? sc_xstrdup(v) : NULL;
		g->ord[by[k]] = kv->ord[by[k]];
	}
	*slot = ++s->ng;
	return g;
}

static int
by_has(const struct sc_stats_opts *o, int key)
{
	for (int k = 0; k < o->nby; k++)
		if (o->by[k] == key)
			return 1;
	return 0;
}

/* Call fn for each group the keys kv (with tags of t) fall in. */
typedef void (*group_fn)(struct sc_stats *s, struct group *g, void *arg);

static void
each_group(struct sc_stats *s, const int *by, int n, int with_tag, struct keyvals *kv,
	   const struct tuple *t, group_fn fn, void *arg)
{
	if (with_tag && t->ntags) {
		for (size_t i = 0; i < t->ntags; i++) {
			int dup = 0;
			for (size_t j = 0; j < i; j++)
				if (strcmp(t->tags[i], t->tags[j]) == 0)
					dup = 1;
			if (dup)
				continue;
			kv->v[SC_BY_TAG] = t->tags[i];
			fn(s, group_get(s, by, n, kv), arg);
		}
		kv->v[SC_BY_TAG] = NULL;
		return;
	}
	fn(s, group_get(s, by, n, kv), arg);
}

/* ---- aggregation ---- */

struct cust_fact {
	const struct ent *m, *ans;
	const struct tuple *t;
	int excluded;
	int outside;
	int64_t frt, bh;	/* bh < 0: left out (skip mode) */
};

static void
add_cust(struct sc_stats *s, struct group *g, void *arg)
{
	const struct cust_fact *f = arg;
	const struct sc_stats_opts *o = s->o;
	struct acc *a = &g->a;
	int k;

	if (f->excluded) {
		a->excluded++;
		return;
	}
	a->in++;
	if (f->outside)
		a->outside++;
	if (f->m->flags & F_TRIAGE) {
		a->triaged++;
		if (f->t->cat >= 0)
			a->cat[f->t->cat]++;
		if (f->t->sent >= 0)
			a->sent[f->t->sent]++;
		if (f->t->prio >= 0)
			a->prio[f->t->prio]++;
	}
	int skip_bh = o->ooh == SC_OOH_SKIP && f->outside;
	if (skip_bh)
		a->bh_skipped++;
	if (!(o->sla_clock == SC_CLOCK_BUSINESS && skip_bh))
		a->within_den++;
	if (f->ans) {
		a->answered++;
		dist_push(&a->frt, f->frt);
		if (!skip_bh)
			dist_push(&a->bh, f->bh);
		for (k = 0; k < o->nsla; k++) {
			if (o->sla_clock == SC_CLOCK_WALL ? f->frt <= o->sla[k] :
			    (!skip_bh && f->bh <= o->sla[k]))
				a->within[k]++;
		}
	} else {
		vec_push(&a->unans, f->m->t);
	}
}

static void
add_brand(struct sc_stats *s, struct group *g, void *arg)
{
	const struct ent *x = arg;

	g->a.out++;
	if (x->flags & F_AUTO)
		g->a.out_auto++;
	(void)s;
}

struct thread_fact {
	int resolved, fcr, reopened, escalated;
	int64_t res;
};

static void
add_thread(struct sc_stats *s, struct group *g, void *arg)
{
	const struct thread_fact *f = arg;
	struct acc *a = &g->a;

	(void)s;
	a->threads++;
	if (f->resolved) {
		a->resolved++;
		dist_push(&a->res, f->res);
		if (f->fcr)
			a->fcr++;
	}
	if (f->reopened)
		a->reopened++;
	if (f->escalated)
		a->escalated++;
}

static int64_t
bh_frt(const struct sc_stats *s, const struct sc_hours *h, int64_t m, int64_t a, int outside)
{
	if (a <= m)
		return 0;
	if (s->o->ooh == SC_OOH_COUNT && outside && a <= sc_hours_next_open(h, m))
		return a - m;	/* answered within the same closed period: counts whole */
	return sc_hours_elapsed(h, m, a);
}

static int
in_period(const struct sc_stats_opts *o, int64_t t)
{
	return (!o->has_since || t >= o->since) && (!o->has_until || t < o->until);
}

static void spike_collect(struct sc_stats *s, size_t a, size_t b);

/*
 * Aggregate the threads of the sorted, linked facts whose last record is
 * before cutoff (INT64_MAX: all) into the groups (or, with --spikes, into
 * the hourly counts).
 */
static void
aggregate(struct sc_stats *s, int64_t cutoff)
{
	const struct sc_stats_opts *o = s->o;
	int with_tag = by_has(o, SC_BY_TAG);
	int need_time = by_has(o, SC_BY_DAY) || by_has(o, SC_BY_WEEK) ||
			by_has(o, SC_BY_HOUR) || by_has(o, SC_BY_WEEKDAY);
	size_t a, b, i;
	struct keyvals kv;

	memset(&kv, 0, sizeof(kv));
	for (a = 0; a < s->n; a = b) {
		const struct ent *first = NULL, *fb = NULL, *fres = NULL;
		struct cust_fact ff = {0};
		int later_cust = 0, reopened = 0, escalated = 0;

		for (b = a; b < s->n && s->e[b].th == s->e[a].th; b++)
			;
		if (s->e[b - 1].t >= cutoff)
			continue;	/* still open */
		if (o->spikes) {
			spike_collect(s, a, b);
			continue;
		}
		for (i = a; i < b; i++) {
			const struct ent *x = &s->e[i];
			if (x->type == T_CUST) {
				struct cust_fact f;
				int64_t at;
				memset(&f, 0, sizeof(f));
				f.m = x;
				f.t = &s->tu[x->attr];
				f.ans = x->ans ? &s->e[x->ans - 1] : NULL;
				f.excluded = !o->spam_include && (x->flags & F_SPAM);
				if (!f.excluded && first == NULL) {
					first = x;
					ff = f;
				} else if (!f.excluded && fb && x->t > fb->t && fres == NULL) {
					later_cust = 1;
				}
				at = (o->attribution == SC_ATTR_ANSWER && f.ans) ? f.ans->t : x->t;
				if (!in_period(o, at))
					continue;
				const struct sc_hours *h = hours_for(s, f.t);
				f.outside = !h->always_open && !sc_hours_open_at(h, x->t);
				if (f.ans) {
					f.frt = f.ans->t > x->t ? f.ans->t - x->t : 0;
					f.bh = bh_frt(s, h, x->t, f.ans->t, f.outside);
				}
				attr_keys(s, f.t, f.ans ? f.ans->agent : 0, &kv);
				if (need_time)
					time_keys(s, at, &kv);
				each_group(s, o->by, o->nby, with_tag, &kv, f.t, add_cust, &f);
			} else if (x->type == T_BRAND) {
				if (first && fb == NULL && brand_counts(s, x))
					fb = x;
				if (!in_period(o, x->t))
					continue;
				const struct tuple *t = &s->tu[x->attr];
				attr_keys(s, t, x->agent, &kv);
				if (need_time)
					time_keys(s, x->t, &kv);
				each_group(s, o->by, o->nby, with_tag, &kv, t, add_brand, (void *)x);
			} else if (first) {
				if (x->st == ST_RESOLVED && fres == NULL)
					fres = x;
				else if (x->st == ST_REOPENED && fres)
					reopened = 1;
				else if (x->st == ST_ESCALATED)
					escalated = 1;
			} else if (x->st == ST_ESCALATED) {
				escalated = 1;
			}
		}
		if (first && in_period(o, (o->attribution == SC_ATTR_ANSWER && ff.ans) ?
				       ff.ans->t : first->t)) {
			struct thread_fact tf;
			int64_t at = (o->attribution == SC_ATTR_ANSWER && ff.ans) ? ff.ans->t : first->t;
			memset(&tf, 0, sizeof(tf));
			tf.resolved = fres != NULL;
			tf.res = fres ? fres->t - first->t : 0;
			tf.fcr = fres && !reopened && !later_cust;
			tf.reopened = reopened;
			tf.escalated = escalated;
			attr_keys(s, ff.t, ff.ans ? ff.ans->agent : 0, &kv);
			if (need_time)
				time_keys(s, at, &kv);
			each_group(s, o->by, o->nby, with_tag, &kv, ff.t, add_thread, &tf);
		}
	}
}

/*
 * --settle: aggregate the threads quiet for the settle time (their last
 * record older than the latest record read minus --settle) and forget
 * their facts, so memory holds only the threads still open.  Answer
 * indexes are recomputed by the next link_all(), and the id index is
 * rebuilt over the facts kept (ids of settled records are forgotten).
 */
static void
settle(struct sc_stats *s)
{
	int64_t cutoff, *t;
	size_t a, b, keep = 0, nt = s->n - s->kept;
	uint64_t *slot;

	/* Stream time is the median time of the last settle_batch records
	   read (or of all read since the last pass, if fewer): a few records
	   far out of order cannot move it, and on sorted input it lags the
	   newest record by half of settle_batch records (settling late, never
	   early), however many records the pass covers. */
	if (nt > s->o->settle_batch)
		nt = s->o->settle_batch;
	t = sc_xmalloc(nt * sizeof(*t));
	for (a = 0; a < nt; a++)
		t[a] = s->e[s->n - nt + a].t;
	qsort(t, nt, sizeof(*t), cmp_i64);
	cutoff = t[nt / 2] - s->o->settle;
	free(t);
	link_all(s);
	aggregate(s, cutoff);
	for (a = 0; a < s->n; a = b) {
		for (b = a; b < s->n && s->e[b].th == s->e[a].th; b++)
			;
		if (s->e[b - 1].t < cutoff)
			continue;
		memmove(&s->e[keep], &s->e[a], (b - a) * sizeof(*s->e));
		keep += b - a;
	}
	s->n = keep;
	for (a = 0; a < s->n; a++) {
		sc_set64_put(&s->ids, s->e[a].id, &slot);
		*slot = a + 1;
	}
	s->kept = s->n;
	s->next_settle = s->n + (s->n > s->o->settle_batch ? s->n : s->o->settle_batch);
	s->settled++;
}

/* ---- output ---- */

enum { C_NULL, C_NUM, C_STR };
struct cell {
	char name[48];
	int type;
	const char *str;
	char num[40];
};

struct row {
	struct cell *c;
	size_t n, cap;
};

static struct cell *
cell_add(struct row *r, int type, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

static struct cell *
cell_add(struct row *r, int type, const char *fmt, ...)
{
	va_list ap;
	struct cell *c;

	if (r->n == r->cap) {
		r->cap = r->cap ? r->cap * 2 : 64;
		r->c = sc_xrealloc(r->c, r->cap * sizeof(*r->c));
	}
	c = &r->c[r->n++];
	memset(c, 0, sizeof(*c));
	va_start(ap, fmt);
	vsnprintf(c->name, sizeof(c->name), fmt, ap);
	va_end(ap);
	c->type = type;
	return c;
}

static void
fmt_num(char *out, size_t n, double v, int dec)
{
	char *p;

	snprintf(out, n, "%.*f", dec, v);
	if (strchr(out, '.')) {
		p = out + strlen(out) - 1;
		while (*p == '0')
			*p-- = '\0';
		if (*p == '.')
			*p = '\0';
	}
	if (strcmp(out, "-0") == 0)
		snprintf(out, n, "0");
}

static void
cell_long(struct row *r, const char *name, long v)
{
	struct cell *c = cell_add(r, C_NUM, "%s", name);
	snprintf(c->num, sizeof(c->num), "%ld", v);
}

static void
cell_ratio(struct row *r, const char *name, long num, long den)
{
	struct cell *c = cell_add(r, den ? C_NUM : C_NULL, "%s", name);
	if (den)
		fmt_num(c->num, sizeof(c->num), (double)num / (double)den, 4);
}

/* Percentile p (0..100) of a ready distribution by the chosen method. */
static double
percentile(const struct sc_stats_opts *o, const struct dist *d, size_t n, int p)
{
	if (o->pct_method == SC_PCT_LINEAR) {
		double h = (double)(n - 1) * p / 100.0;
		size_t lo = (size_t)floor(h);
		if (lo + 1 >= n)
			return (double)dist_at(d, n - 1);
		int64_t a = dist_at(d, lo), b = dist_at(d, lo + 1);
		return (double)a + (h - (double)lo) * (double)(b - a);
	}
	size_t rank = (size_t)((n * (size_t)p + 99) / 100);	/* ceil(p/100 n) */
	if (rank < 1)
		rank = 1;
	return (double)dist_at(d, rank - 1);
}

static void
cell_dist(struct row *r, const struct sc_stats_opts *o, const char *prefix, struct dist *d,
	  int with_pct)
{
	struct cell *c;
	size_t n = dist_count(d), m;

	if (n)
		dist_ready(d);
	c = cell_add(r, n ? C_NUM : C_NULL, "%s_median_s", prefix);
	if (n)
		fmt_num(c->num, sizeof(c->num), percentile(o, d, n, 50), 1);
	if (with_pct) {
		c = cell_add(r, n ? C_NUM : C_NULL, "%s_p%d_s", prefix, o->pct);
		if (n)
			fmt_num(c->num, sizeof(c->num), percentile(o, d, n, o->pct), 1);
	}
	m = n;
	if (o->mean == SC_MEAN_FASTEST90 && with_pct)
		m = (n * 9 + 9) / 10;	/* the fastest ceil(90%) */
	c = cell_add(r, m ? C_NUM : C_NULL, "%s_mean_s", prefix);
	if (m)
		fmt_num(c->num, sizeof(c->num), (double)dist_sum_first(d, m) / (double)m, 1);
}

static void
group_row(struct sc_stats *s, struct group *g, struct row *r)
{
	const struct sc_stats_opts *o = s->o;
	struct acc *a = &g->a;
	int k;

	r->n = 0;
	for (k = 0; k < o->nby; k++) {
		int key = o->by[k];
		struct cell *c = cell_add(r, g->val[key] ? C_STR : C_NULL, "%s", key_names[key]);
		if (key == SC_BY_HOUR && g->val[key]) {
			c->type = C_NUM;
			snprintf(c->num, sizeof(c->num), "%s", g->val[key]);
		} else {
			c->str = g->val[key];
		}
	}
	cell_long(r, "in", a->in);
	cell_long(r, "out", a->out);
	cell_long(r, "out_auto", a->out_auto);
	cell_long(r, "answered", a->answered);
	cell_long(r, "unanswered", a->in - a->answered);
	cell_ratio(r, "response_rate", a->answered, a->in);
	cell_dist(r, o, "frt", &a->frt, 1);
	cell_dist(r, o, "frt_bh", &a->bh, 1);
	for (k = 0; k < o->nsla; k++) {
		char name[48];
		snprintf(name, sizeof(name), "within_%s", o->sla_name[k]);
		cell_ratio(r, name, a->within[k], a->within_den);
	}
	cell_long(r, "outside_hours", a->outside);
	long backlog[SC_STATS_MAXBACKLOG + 1] = {0};
	for (size_t i = 0; i < a->unans.n; i++) {
		int64_t age = s->now > a->unans.v[i] ? s->now - a->unans.v[i] : 0;
		for (k = 0; k < o->nbacklog && age >= o->backlog[k]; k++)
			;
		backlog[k]++;
	}
	for (k = 0; k <= o->nbacklog; k++) {
		char name[64];
		if (k == 0)
			snprintf(name, sizeof(name), "backlog_lt_%s", o->backlog_name[0]);
		else if (k == o->nbacklog)
			snprintf(name, sizeof(name), "backlog_ge_%s", o->backlog_name[k - 1]);
		else
			snprintf(name, sizeof(name), "backlog_%s_%s", o->backlog_name[k - 1],
				 o->backlog_name[k]);
		cell_long(r, name, backlog[k]);
	}
	cell_long(r, "threads", a->threads);
	cell_long(r, "resolved", a->resolved);
	cell_dist(r, o, "resolution", &a->res, 0);
	cell_ratio(r, "fcr_rate", a->fcr, a->resolved);
	cell_long(r, "reopened", a->reopened);
	cell_long(r, "escalated", a->escalated);
	cell_long(r, "excluded", a->excluded);
	if (s->any_triage) {
		char name[48];
		cell_long(r, "triaged", a->triaged);
		for (k = 0; k < NCAT; k++) {
			snprintf(name, sizeof(name), "category_%s", sc_categories[k]);
			cell_ratio(r, name, a->cat[k], a->triaged);
		}
		for (k = 0; k < NSENT; k++) {
			snprintf(name, sizeof(name), "sentiment_%s", sc_sentiments[k]);
			cell_ratio(r, name, a->sent[k], a->triaged);
		}
		for (k = 0; k < NPRIO; k++) {
			snprintf(name, sizeof(name), "priority_%s", sc_priorities[k]);
			cell_ratio(r, name, a->prio[k], a->triaged);
		}
	}
}

static const struct sc_stats_opts *sort_opts;

static int
cmp_group(const void *pa, const void *pb)
{
	const struct group *a = pa, *b = pb;
	int k;

	for (k = 0; k < sort_opts->nby; k++) {
		int key = sort_opts->by[k];
		const char *x = a->val[key], *y = b->val[key];
		int c;
		if (x == NULL || y == NULL) {
			if (x != y)
				return x == NULL ? 1 : -1;
			continue;
		}
		if (key == SC_BY_HOUR || key == SC_BY_WEEKDAY)
			c = (a->ord[key] > b->ord[key]) - (a->ord[key] < b->ord[key]);
		else
			c = strcmp(x, y);
		if (c)
			return c;
	}
	return 0;
}

/* The definitions, as name/value pairs (values are JSON). */
static void
definitions(const struct sc_stats *s, struct row *r)
{
	const struct sc_stats_opts *o = s->o;
	struct sc_buf b;
	char t[32];
	struct cell *c;
	static const char *ooh[] = {"from-open", "count", "skip"};
	static char store[24][256];
	int ns = 0, k;

#define DEF(name, ...) do { \
	c = cell_add(r, C_STR, "%s", name); \
	snprintf(store[ns], sizeof(store[ns]), __VA_ARGS__); \
	c->str = store[ns++]; \
} while (0)
	r->n = 0;
	sc_buf_init(&b);
	DEF("link", "%s", o->link == SC_LINK_PARENT_FIRST ? "parent-first" : "earliest");
	DEF("settle", "%s", o->settle ? o->settle_name : "none");
	DEF("percentile_method", "%s", o->pct_method == SC_PCT_NEAREST ? "nearest-rank" : "linear");
	snprintf(t, sizeof(t), "%d", o->pct);
	c = cell_add(r, C_NUM, "percentile");
	snprintf(c->num, sizeof(c->num), "%d", o->pct);
	DEF("mean", "%s", o->mean == SC_MEAN_ALL ? "all" : "fastest90");
	DEF("spam", "%s", o->spam_include ? "include" : "exclude");
	DEF("automated", "%s", o->auto_include ? "include" : "exclude");
	DEF("attribution", "%s", o->attribution == SC_ATTR_MESSAGE ? "message" : "answer");
	DEF("tz", "%s", o->tz);
	if (o->hours.always_open)
		DEF("hours", "24/7");
	else
		DEF("hours", "%s %s", o->hours_text ? o->hours_text : "00:00-24:00",
		    o->days_text ? o->days_text : "mon-sun");
	if (o->holidays_path)
		DEF("holidays", "%s", o->holidays_path);
	if (o->profiles_path)
		DEF("profiles", "%s", o->profiles_path);
	DEF("outside_hours", "%s", ooh[o->ooh]);
	DEF("sla_clock", "%s", o->sla_clock == SC_CLOCK_BUSINESS ? "business" : "wall");
	for (k = 0; k < o->nsla; k++)
		sc_buf_printf(&b, "%s%s", k ? "," : "", o->sla_name[k]);
	DEF("sla", "%s", b.data);
	sc_buf_reset(&b);
	for (k = 0; k < o->nbacklog; k++)
		sc_buf_printf(&b, "%s%s", k ? "," : "", o->backlog_name[k]);
	DEF("backlog", "%s", b.data);
	if (o->has_since) {
		sc_time_format(o->since, t);
		DEF("since", "%s", t);
	}
	if (o->has_until) {
		sc_time_format(o->until, t);
		DEF("until", "%s", t);
	}
	if (o->has_now) {
		sc_time_format(o->now, t);
		DEF("now", "%s", t);
	} else {
		DEF("now", "latest record");
	}
	sc_buf_release(&b);
#undef DEF
}

static void
json_row(struct sc_buf *b, const struct row *r)
{
	sc_buf_addc(b, '{');
	for (size_t i = 0; i < r->n; i++) {
		const struct cell *c = &r->c[i];
		if (i)
			sc_buf_addc(b, ',');
		sc_buf_add_json_string(b, c->name, strlen(c->name));
		sc_buf_addc(b, ':');
		if (c->type == C_NULL)
			sc_buf_adds(b, "null");
		else if (c->type == C_NUM)
			sc_buf_adds(b, c->num);
		else
			sc_buf_add_json_string(b, c->str, strlen(c->str));
	}
	sc_buf_addc(b, '}');
}

/* One CSV cell: quoted by libcsv when it holds a delimiter, quote or line
   end; a text cell starting with = + - @ (or tab, CR) gets a leading ' so
   spreadsheets do not run it as a formula (OWASP CSV injection). */
static void
csv_cell(struct sc_buf *b, const char *v, int text)
{
	struct sc_buf tmp;
	const char *p = v;

	sc_buf_init(&tmp);
	if (text && strchr("=+-@\t\r", v[0]) && v[0] != '\0') {
		sc_buf_addc(&tmp, '\'');
		sc_buf_adds(&tmp, v);
		p = tmp.data;
	}
	if (strpbrk(p, ",\"\r\n") != NULL) {
		size_t n = strlen(p), need = csv_write(NULL, 0, p, n);
		sc_buf_grow(b, need + 1);
		csv_write(b->data + b->len, need, p, n);
		b->len += need;
		b->data[b->len] = '\0';
	} else {
		sc_buf_adds(b, p);
	}
	sc_buf_release(&tmp);
}

static void
csv_row(struct sc_buf *b, const struct row *r, int header)
{
	for (size_t i = 0; i < r->n; i++) {
		const struct cell *c = &r->c[i];
		if (i)
			sc_buf_addc(b, ',');
		if (header)
			csv_cell(b, c->name, 1);
		else if (c->type == C_NUM)
			sc_buf_adds(b, c->num);
		else if (c->type == C_STR)
			csv_cell(b, c->str, 1);
	}
}

/* ---- table ---- */

static void
human_dur(char *out, size_t n, const struct cell *c)
{
	double v;
	long s;

	if (c->type == C_NULL) {
		snprintf(out, n, "-");
		return;
	}
	v = strtod(c->num, NULL);
	s = (long)(v + 0.5);
	if (s >= 86400)
		snprintf(out, n, "%ldd%02ldh", s / 86400, s % 86400 / 3600);
	else if (s >= 3600)
		snprintf(out, n, "%ldh%02ldm", s / 3600, s % 3600 / 60);
	else if (s >= 60)
		snprintf(out, n, "%ldm%02lds", s / 60, s % 60);
	else
		snprintf(out, n, "%lds", s);
}

static const struct cell *
find_cell(const struct row *r, const char *name)
{
	for (size_t i = 0; i < r->n; i++)
		if (strcmp(r->c[i].name, name) == 0)
			return &r->c[i];
	return NULL;
}

struct tcol {
	char head[48];
	const char *cell;	/* cell name */
	int kind;		/* 0 text, 1 number, 2 duration, 3 percent */
	int right;
	size_t width;
};

static void
table_value(char *out, size_t n, const struct tcol *col, const struct row *r)
{
	const struct cell *c = find_cell(r, col->cell);

	if (c == NULL || c->type == C_NULL) {
		snprintf(out, n, "-");
		return;
	}
	switch (col->kind) {
	case 0:
		snprintf(out, n, "%s", c->type == C_STR ? c->str : c->num);
		sc_str_blank_controls(out);	/* keep the table's lines whole */
		break;
	case 2:
		human_dur(out, n, c);
		break;
	case 3:
		snprintf(out, n, "%.1f%%", strtod(c->num, NULL) * 100.0);
		break;
	default:
		snprintf(out, n, "%s", c->num);
	}
}

static int
pad(struct sc_out *out, const char *v, size_t width, int right, int last)
{
	size_t w = sc_utf8_count(v, strlen(v));
	char sp[2] = " ";

	if (right)
		for (; w < width; w++)
			if (sc_out_write(out, sp, 1) < 0)
				return -1;
	if (sc_out_write(out, v, strlen(v)) < 0)
		return -1;
	if (!right && !last)
		for (; w < width; w++)
			if (sc_out_write(out, sp, 1) < 0)
				return -1;
	return last ? 0 : sc_out_write(out, "  ", 2);
}

static int
write_table_header(struct sc_stats *s, struct sc_out *out)
{
	struct row d = {0};
	struct sc_buf b;
	int rc = 0;

	definitions(s, &d);
	sc_buf_init(&b);
	sc_buf_adds(&b, "# definitions:");
	for (size_t i = 0; i < d.n; i++)
		sc_buf_printf(&b, " %s=%s", d.c[i].name,
			      d.c[i].type == C_STR ? d.c[i].str : d.c[i].num);
	rc = sc_out_line(out, b.data, b.len);
	sc_buf_release(&b);
	free(d.c);
	return rc;
}

static int
write_table(struct sc_stats *s, struct sc_out *out, struct row *row)
{
	const struct sc_stats_opts *o = s->o;
	struct tcol cols[64];
	int nc = 0, k;
	char v[128];

	for (k = 0; k < o->nby; k++) {
		struct tcol *c = &cols[nc++];
		snprintf(c->head, sizeof(c->head), "%s", key_names[o->by[k]]);
		c->cell = key_names[o->by[k]];
		c->kind = 0;
		c->right = o->by[k] == SC_BY_HOUR;
	}
#define COL(h, name, kd) do { struct tcol *c = &cols[nc++]; \
	snprintf(c->head, sizeof(c->head), "%s", h); c->cell = name; c->kind = kd; c->right = 1; } while (0)
	static char pname[2][48], wname[SC_STATS_MAXSLA][2][48];
	snprintf(pname[0], sizeof(pname[0]), "frt_p%d_s", o->pct);
	snprintf(pname[1], sizeof(pname[1]), "frt_p%d", o->pct);
	COL("in", "in", 1);
	COL("out", "out", 1);
	COL("answered", "answered", 1);
	COL("rate", "response_rate", 3);
	COL("frt_median", "frt_median_s", 2);
	COL(pname[1], pname[0], 2);
	COL("frt_mean", "frt_mean_s", 2);
	COL("bh_median", "frt_bh_median_s", 2);
	for (k = 0; k < o->nsla; k++) {
		snprintf(wname[k][0], sizeof(wname[k][0]), "within_%s", o->sla_name[k]);
		snprintf(wname[k][1], sizeof(wname[k][1]), "<=%s", o->sla_name[k]);
		COL(wname[k][1], wname[k][0], 3);
	}
	COL("unanswered", "unanswered", 1);
	COL("resolved", "resolved", 1);
#undef COL
	for (k = 0; k < nc; k++) {
		cols[k].width = strlen(cols[k].head);
	}
	/* two passes over the groups: widths, then the rows */
	for (size_t i = 0; i < s->ng; i++) {
		group_row(s, &s->g[i], row);
		for (k = 0; k < nc; k++) {
			size_t w;
			table_value(v, sizeof(v), &cols[k], row);
			w = sc_utf8_count(v, strlen(v));
			if (w > cols[k].width)
				cols[k].width = w;
		}
	}
	for (k = 0; k < nc; k++)
		if (pad(out, cols[k].head, cols[k].width, cols[k].right, k == nc - 1) < 0)
			return -1;
	if (sc_out_endline(out) < 0)
		return -1;
	for (size_t i = 0; i < s->ng; i++) {
		group_row(s, &s->g[i], row);
		for (k = 0; k < nc; k++) {
			table_value(v, sizeof(v), &cols[k], row);
			if (pad(out, v, cols[k].width, cols[k].right, k == nc - 1) < 0)
				return -1;
		}
		if (sc_out_endline(out) < 0)
			return -1;
	}
	return 0;
}

/* --by weekday,hour as a table: an hour-of-week heatmap of incoming
   volume, Monday first, hours 0-23 in the report zone. */
static int
write_heatmap(struct sc_stats *s, struct sc_out *out)
{
	long cell[7][24], rowsum[7], colsum[24], total = 0;
	int w, h, width = 2;
	struct sc_buf b;
	char v[32];

	memset(cell, 0, sizeof(cell));
	memset(rowsum, 0, sizeof(rowsum));
	memset(colsum, 0, sizeof(colsum));
	for (size_t i = 0; i < s->ng; i++) {
		struct group *g = &s->g[i];
		if (g->val[SC_BY_WEEKDAY] == NULL || g->val[SC_BY_HOUR] == NULL)
			continue;
		cell[g->ord[SC_BY_WEEKDAY]][g->ord[SC_BY_HOUR]] += g->a.in;
	}
	for (w = 0; w < 7; w++)
		for (h = 0; h < 24; h++) {
			rowsum[w] += cell[w][h];
			colsum[h] += cell[w][h];
			total += cell[w][h];
			snprintf(v, sizeof(v), "%ld", cell[w][h]);
			if ((int)strlen(v) > width)
				width = (int)strlen(v);
		}
	sc_buf_init(&b);
	sc_buf_adds(&b, "in  ");
	for (h = 0; h < 24; h++)
		sc_buf_printf(&b, " %*d", width, h);
	sc_buf_adds(&b, "  total");
	if (sc_out_line(out, b.data, b.len) < 0)
		goto fail;
	for (w = 0; w < 7; w++) {
		sc_buf_reset(&b);
		sc_buf_printf(&b, "%s ", wd_names[(w + 1) % 7]);
		for (h = 0; h < 24; h++) {
			if (cell[w][h])
				sc_buf_printf(&b, " %*ld", width, cell[w][h]);
			else
				sc_buf_printf(&b, " %*s", width, ".");
		}
		sc_buf_printf(&b, "  %5ld", rowsum[w]);
		if (sc_out_line(out, b.data, b.len) < 0)
			goto fail;
	}
	sc_buf_reset(&b);
	sc_buf_adds(&b, "all ");
	for (h = 0; h < 24; h++)
		sc_buf_printf(&b, " %*ld", width, colsum[h]);
	sc_buf_printf(&b, "  %5ld", total);
	if (sc_out_line(out, b.data, b.len) < 0)
		goto fail;
	sc_buf_release(&b);
	return 0;
fail:
	sc_buf_release(&b);
	return -1;
}

/* ---- spikes ---- */

static int64_t
hour_of(int64_t t)
{
	return t >= 0 ? t / 3600 : (t - 3599) / 3600;
}

static int
cmp_hcount(const void *pa, const void *pb)
{
	const struct hcount *a = pa, *b = pb;
	if (a->g != b->g)
		return a->g < b->g ? -1 : 1;
	return (a->hour > b->hour) - (a->hour < b->hour);
}

/* Sort the (group, hour) counts and add up equal pairs. */
static void
spike_compact(struct spike_ctx *c)
{
	size_t i, j = 0;

	if (c->n == 0)
		return;
	qsort(c->v, c->n, sizeof(*c->v), cmp_hcount);
	for (i = 1; i < c->n; i++) {
		if (c->v[i].g == c->v[j].g && c->v[i].hour == c->v[j].hour)
			c->v[j].cnt += c->v[i].cnt;
		else
			c->v[++j] = c->v[i];
	}
	c->n = j + 1;
}

static void
add_spike(struct sc_stats *s, struct group *g, void *arg)
{
	struct spike_ctx *c = arg;

	if (c->n == c->cap) {
		spike_compact(c);
		if (c->cap == 0 || c->n * 2 > c->cap) {
			c->cap = c->cap ? c->cap * 2 : 1024;
			c->v = sc_xrealloc(c->v, c->cap * sizeof(*c->v));
		}
	}
	c->v[c->n].g = (uint32_t)(g - s->g);
	c->v[c->n].cnt = 1;
	c->v[c->n++].hour = c->hour;
}

/* The keys spikes are grouped by: --by without the time keys. */
static int
spike_keys(const struct sc_stats_opts *o, int *by, int *with_tag)
{
	int k, n = 0;

	*with_tag = 0;
	for (k = 0; k < o->nby; k++) {
		int key = o->by[k];
		if (key == SC_BY_DAY || key == SC_BY_WEEK || key == SC_BY_HOUR || key == SC_BY_WEEKDAY)
			continue;
		if (key == SC_BY_TAG)
			*with_tag = 1;
		by[n++] = key;
	}
	return n;
}

/* Count the customer messages of facts [a, b) per group and hour. */
static void
spike_collect(struct sc_stats *s, size_t a, size_t b)
{
	const struct sc_stats_opts *o = s->o;
	int by[SC_BY_N], nby, with_tag;
	struct keyvals kv;
	size_t i;

	nby = spike_keys(o, by, &with_tag);
	memset(&kv, 0, sizeof(kv));
	for (i = a; i < b; i++) {
		const struct ent *x = &s->e[i];
		if (x->type != T_CUST || !in_period(o, x->t))
			continue;
		if (!o->spam_include && (x->flags & F_SPAM))
			continue;
		if (o->spikes == SC_SPIKES_NEGATIVE && !(x->flags & F_NEG))
			continue;
		const struct tuple *t = &s->tu[x->attr];
		attr_keys(s, t, x->ans ? s->e[x->ans - 1].agent : 0, &kv);
		s->spk.hour = hour_of(x->t);
		each_group(s, by, nby, with_tag, &kv, t, add_spike, &s->spk);
	}
}

/*
 * An alert for hour H of a group when count(H) >= --spike-min and
 * count(H) >= --spike-factor x baseline, the baseline being the mean
 * hourly count of the --spike-window hours before H (hours without
 * messages count as 0).  H needs a full window of history after the first
 * record of the input, so the first hours of an archive never alert.
 */
static int
write_spikes(struct sc_stats *s, struct sc_out *out)
{
	const struct sc_stats_opts *o = s->o;
	int by[SC_BY_N], nby, with_tag, k, rc = 0;
	struct spike_ctx *c = &s->spk;
	int64_t start = hour_of(s->earliest), W = o->spike_window / 3600;
	size_t a, b;
	struct sc_buf buf;
	struct row r = {0};
	int header_done = 0;

	nby = spike_keys(o, by, &with_tag);
	spike_compact(c);
	sc_buf_init(&buf);
	for (a = 0; a < c->n && rc == 0; a = b) {
		/* one group's hours in order; the window sum by two pointers */
		size_t lo = a, j;
		long wsum = 0;
		for (b = a; b < c->n && c->v[b].g == c->v[a].g; b++)
			;
		for (j = a; j < b && rc == 0; j++) {
			int64_t hr = c->v[j].hour;
			long cnt = c->v[j].cnt;
			while (lo < j && c->v[lo].hour < hr - W) {
				wsum -= c->v[lo].cnt;
				lo++;
			}
			double base = (double)wsum / (double)W;
			double thr = o->spike_factor * base;
			if (thr < (double)o->spike_min)
				thr = (double)o->spike_min;
			if (hr - W >= start && (double)cnt >= thr) {
				struct group *g = &s->g[c->v[j].g];
				char t[32];
				struct cell *ce;
				r.n = 0;
				ce = cell_add(&r, C_STR, "alert");
				ce->str = "spike";
				ce = cell_add(&r, C_STR, "metric");
				ce->str = o->spikes == SC_SPIKES_NEGATIVE ? "negative" : "in";
				sc_time_format(hr * 3600, t);
				ce = cell_add(&r, C_STR, "hour");
				ce->str = t;
				for (k = 0; k < nby; k++) {
					ce = cell_add(&r, g->val[by[k]] ? C_STR : C_NULL, "%s",
						      key_names[by[k]]);
					ce->str = g->val[by[k]];
				}
				cell_long(&r, "count", cnt);
				ce = cell_add(&r, C_NUM, "baseline");
				fmt_num(ce->num, sizeof(ce->num), base, 2);
				ce = cell_add(&r, C_NUM, "threshold");
				fmt_num(ce->num, sizeof(ce->num), thr, 2);
				sc_buf_reset(&buf);
				if (o->format == SC_STATS_CSV) {
					if (!header_done) {
						csv_row(&buf, &r, 1);
						if (sc_out_line(out, buf.data, buf.len) < 0)
							rc = -1;
						sc_buf_reset(&buf);
						header_done = 1;
					}
					csv_row(&buf, &r, 0);
				} else {
					json_row(&buf, &r);
				}
				if (rc == 0 && sc_out_line(out, buf.data, buf.len) < 0)
					rc = -1;
			}
			/* the hour joins the window of the next ones */
			wsum += cnt;
		}
	}
	sc_buf_release(&buf);
	free(r.c);
	return rc;
}

int
sc_stats_report(struct sc_stats *s, struct sc_out *out)
{
	const struct sc_stats_opts *o = s->o;
	struct row row = {0};
	struct sc_buf b;
	size_t i;
	int rc = 0;

	s->now = o->has_now ? o->now : s->latest;
	link_all(s);
	aggregate(s, INT64_MAX);
	s->n = 0;
	if (o->nby == 0 && s->ng == 0 && !o->spikes) {
		struct keyvals kv;
		memset(&kv, 0, sizeof(kv));
		group_get(s, o->by, 0, &kv);	/* an empty input still reports totals */
	}
	sort_opts = o;
	if (s->ng && o->spikes) {
		/* alerts come in group key order: groups are made in the order
		   threads are aggregated, which --settle changes; renumber the
		   hourly counts after the sort */
		uint32_t *rank = sc_xmalloc(s->ng * sizeof(*rank));
		for (i = 0; i < s->ng; i++)
			s->g[i].made = (uint32_t)i;
		qsort(s->g, s->ng, sizeof(*s->g), cmp_group);
		for (i = 0; i < s->ng; i++)
			rank[s->g[i].made] = (uint32_t)i;
		for (i = 0; i < s->spk.n; i++)
			s->spk.v[i].g = rank[s->spk.v[i].g];
		free(rank);
		return write_spikes(s, out);
	}
	if (s->ng)
		qsort(s->g, s->ng, sizeof(*s->g), cmp_group);
	/* rows are made one at a time: a report of many groups (profile x
	   day x hour) must not hold all its cells */
	sc_buf_init(&b);
	if (o->format == SC_STATS_JSON) {
		struct row d = {0};
		definitions(s, &d);
		sc_buf_adds(&b, "{\"definitions\":");
		json_row(&b, &d);
		sc_buf_addc(&b, '}');
		free(d.c);
		rc = sc_out_line(out, b.data, b.len);
		for (i = 0; i < s->ng && rc == 0; i++) {
			group_row(s, &s->g[i], &row);
			sc_buf_reset(&b);
			json_row(&b, &row);
			rc = sc_out_line(out, b.data, b.len);
		}
	} else if (o->format == SC_STATS_CSV) {
		for (i = 0; i < s->ng && rc == 0; i++) {
			group_row(s, &s->g[i], &row);
			if (i == 0) {
				sc_buf_reset(&b);
				csv_row(&b, &row, 1);
				rc = sc_out_line(out, b.data, b.len);
			}
			sc_buf_reset(&b);
			csv_row(&b, &row, 0);
			if (rc == 0)
				rc = sc_out_line(out, b.data, b.len);
		}
	} else {
		int heat = o->nby == 2 && by_has(o, SC_BY_WEEKDAY) && by_has(o, SC_BY_HOUR);
		rc = write_table_header(s, out);
		if (rc == 0)
			rc = heat ? write_heatmap(s, out) : write_table(s, out, &row);
	}
	sc_buf_release(&b);
	free(row.c);
	return rc;
}
