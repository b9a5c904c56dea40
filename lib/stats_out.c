/*
 * stats_out.c - a group as a row of named cells, the definitions row, the
 * JSON and CSV writers, and sc_stats_report(), which links, aggregates,
 * sorts the groups and hands them to the chosen format.
 */
#include <csv.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "stats_int.h"

struct cell *
sc_stats_cell_add(struct row *r, int type, const char *fmt, ...)
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

void
sc_stats_fmt_num(char *out, size_t n, double v, int dec)
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

void
sc_stats_cell_long(struct row *r, const char *name, long v)
{
	struct cell *c = sc_stats_cell_add(r, C_NUM, "%s", name);
	snprintf(c->num, sizeof(c->num), "%ld", v);
}

static void
cell_ratio(struct row *r, const char *name, long num, long den)
{
	struct cell *c = sc_stats_cell_add(r, den ? C_NUM : C_NULL, "%s", name);
	if (den)
		sc_stats_fmt_num(c->num, sizeof(c->num), (double)num / (double)den, 4);
}


void
sc_stats_cell_dist(struct row *r, const struct sc_stats_opts *o, const char *prefix, struct dist *d,
	  int with_pct)
{
	struct cell *c;
	size_t n = sc_dist_count(d), m;

	if (n)
		sc_dist_ready(d);
	c = sc_stats_cell_add(r, n ? C_NUM : C_NULL, "%s_median_s", prefix);
	if (n)
		sc_stats_fmt_num(c->num, sizeof(c->num), sc_dist_percentile(o, d, n, 50), 1);
	if (with_pct) {
		c = sc_stats_cell_add(r, n ? C_NUM : C_NULL, "%s_p%d_s", prefix, o->pct);
		if (n)
			sc_stats_fmt_num(c->num, sizeof(c->num), sc_dist_percentile(o, d, n, o->pct), 1);
	}
	m = n;
	if (o->mean == SC_MEAN_FASTEST90 && with_pct)
		m = (n * 9 + 9) / 10;	/* the fastest ceil(90%) */
	c = sc_stats_cell_add(r, m ? C_NUM : C_NULL, "%s_mean_s", prefix);
	if (m)
		sc_stats_fmt_num(c->num, sizeof(c->num), (double)sc_dist_sum_first(d, m) / (double)m, 1);
}

void
sc_stats_group_row(struct sc_stats *s, struct group *g, struct row *r)
{
	const struct sc_stats_opts *o = s->o;
	struct acc *a = &g->a;
	int k;

	r->n = 0;
	for (k = 0; k < o->nby; k++) {
		int key = o->by[k];
		struct cell *c = sc_stats_cell_add(r, g->val[key] ? C_STR : C_NULL, "%s", sc_stats_key_names[key]);
		if (key == SC_BY_HOUR && g->val[key]) {
			c->type = C_NUM;
			snprintf(c->num, sizeof(c->num), "%s", g->val[key]);
		} else {
			c->str = g->val[key];
		}
	}
	sc_stats_cell_long(r, "in", a->in);
	sc_stats_cell_long(r, "out", a->out);
	sc_stats_cell_long(r, "out_auto", a->out_auto);
	sc_stats_cell_long(r, "answered", a->answered);
	sc_stats_cell_long(r, "unanswered", a->in - a->answered);
	cell_ratio(r, "response_rate", a->answered, a->in);
	sc_stats_cell_dist(r, o, "frt", &a->frt, 1);
	sc_stats_cell_dist(r, o, "frt_bh", &a->bh, 1);
	for (k = 0; k < o->nsla; k++) {
		char name[48];
		snprintf(name, sizeof(name), "within_%s", o->sla_name[k]);
		cell_ratio(r, name, a->within[k], a->within_den);
	}
	sc_stats_cell_long(r, "outside_hours", a->outside);
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
		sc_stats_cell_long(r, name, backlog[k]);
	}
	sc_stats_cell_long(r, "threads", a->threads);
	sc_stats_cell_long(r, "resolved", a->resolved);
	sc_stats_cell_dist(r, o, "resolution", &a->res, 0);
	cell_ratio(r, "fcr_rate", a->fcr, a->resolved);
	sc_stats_cell_long(r, "reopened", a->reopened);
	sc_stats_cell_long(r, "escalated", a->escalated);
	sc_stats_cell_long(r, "excluded", a->excluded);
	if (s->any_triage) {
		char name[48];
		sc_stats_cell_long(r, "triaged", a->triaged);
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
	sc_stats_kpi_cells(s, g, r);
}

static const struct sc_stats_opts *sort_opts;

static int
sc_stats_cmp_group(const void *pa, const void *pb)
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
		else if (key == SC_BY_THREAD && (a->a.in != b->a.in ||
			 a->a.sent[NSENT - 1] != b->a.sent[NSENT - 1]))
			c = a->a.in != b->a.in ? (a->a.in < b->a.in ? 1 : -1) :
			    (a->a.sent[NSENT - 1] < b->a.sent[NSENT - 1] ? 1 : -1);	/* busiest first */
		else
			c = strcmp(x, y);
		if (c)
			return c;
	}
	return 0;
}

/* The definitions, as name/value pairs (values are JSON). */
void
sc_stats_definitions(const struct sc_stats *s, struct row *r)
{
	const struct sc_stats_opts *o = s->o;
	struct sc_buf b;
	char t[32];
	struct cell *c;
	static char store[24][256];
	int ns = 0, k;

#define DEF(name, ...) do { \
	c = sc_stats_cell_add(r, C_STR, "%s", name); \
	snprintf(store[ns], sizeof(store[ns]), __VA_ARGS__); \
	c->str = store[ns++]; \
} while (0)
	r->n = 0;
	sc_buf_init(&b);
	DEF("link", "%s", sc_stats_word(o, "link"));
	DEF("settle", "%s", o->settle ? o->settle_name : "none");
	DEF("percentile_method", "%s", sc_stats_word(o, "percentile-method"));
	snprintf(t, sizeof(t), "%d", o->pct);
	c = sc_stats_cell_add(r, C_NUM, "percentile");
	snprintf(c->num, sizeof(c->num), "%d", o->pct);
	DEF("mean", "%s", sc_stats_word(o, "mean"));
	DEF("spam", "%s", sc_stats_word(o, "spam"));
	DEF("automated", "%s", sc_stats_word(o, "automated"));
	DEF("attribution", "%s", sc_stats_word(o, "attribution"));
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
	DEF("outside_hours", "%s", sc_stats_word(o, "outside-hours"));
	DEF("sla_clock", "%s", sc_stats_word(o, "sla-clock"));
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
	sc_stats_kpi_definitions(r);
	sc_buf_release(&b);
#undef DEF
}

void
sc_stats_json_row(struct sc_buf *b, const struct row *r)
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

void
sc_stats_csv_row(struct sc_buf *b, const struct row *r, int header)
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

int
sc_stats_report(struct sc_stats *s, struct sc_out *out)
{
	const struct sc_stats_opts *o = s->o;
	struct row row = {0};
	struct sc_buf b;
	size_t i;
	int rc = 0;

	s->now = o->has_now ? o->now : s->latest;
	sc_stats_link_all(s);
	sc_stats_aggregate(s, INT64_MAX);
	s->n = 0;
	if (o->nby == 0 && s->ng == 0 && !o->spikes) {
		struct keyvals kv;
		memset(&kv, 0, sizeof(kv));
		sc_stats_group_get(s, o->by, 0, &kv);	/* an empty input still reports totals */
	}
	sort_opts = o;
	if (s->ng && o->spikes) {
		/* alerts come in group key order: groups are made in the order
		   threads are aggregated, which --settle changes; renumber the
		   hourly counts after the sort */
		uint32_t *rank = sc_xmalloc(s->ng * sizeof(*rank));
		for (i = 0; i < s->ng; i++)
			s->g[i].made = (uint32_t)i;
		qsort(s->g, s->ng, sizeof(*s->g), sc_stats_cmp_group);
		for (i = 0; i < s->ng; i++)
			rank[s->g[i].made] = (uint32_t)i;
		for (i = 0; i < s->spk.n; i++)
			s->spk.v[i].g = rank[s->spk.v[i].g];
		free(rank);
		return sc_stats_write_spikes(s, out);
	}
	if (s->ng)
		qsort(s->g, s->ng, sizeof(*s->g), sc_stats_cmp_group);
	/* rows are made one at a time: a report of many groups (profile x
	   day x hour) must not hold all its cells */
	sc_buf_init(&b);
	if (o->format == SC_STATS_JSON) {
		struct row d = {0};
		sc_stats_definitions(s, &d);
		sc_buf_adds(&b, "{\"definitions\":");
		sc_stats_json_row(&b, &d);
		sc_buf_addc(&b, '}');
		free(d.c);
		rc = sc_out_line(out, b.data, b.len);
		for (i = 0; i < s->ng && rc == 0; i++) {
			sc_stats_group_row(s, &s->g[i], &row);
			sc_buf_reset(&b);
			sc_stats_json_row(&b, &row);
			rc = sc_out_line(out, b.data, b.len);
		}
	} else if (o->format == SC_STATS_CSV) {
		for (i = 0; i < s->ng && rc == 0; i++) {
			sc_stats_group_row(s, &s->g[i], &row);
			if (i == 0) {
				sc_buf_reset(&b);
				sc_stats_csv_row(&b, &row, 1);
				rc = sc_out_line(out, b.data, b.len);
			}
			sc_buf_reset(&b);
			sc_stats_csv_row(&b, &row, 0);
			if (rc == 0)
				rc = sc_out_line(out, b.data, b.len);
		}
	} else {
		int heat = o->nby == 2 && sc_stats_by_has(o, SC_BY_WEEKDAY) && sc_stats_by_has(o, SC_BY_HOUR);
		rc = sc_stats_write_table_header(s, out);
		if (rc == 0)
			rc = heat ? sc_stats_write_heatmap(s, out) : sc_stats_write_table(s, out, &row);
	}
	sc_buf_release(&b);
	free(row.c);
	return rc;
}
