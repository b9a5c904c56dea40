/*
 * stats_html_page.c - the sections of the HTML report: the title's brand
 * names and period, the headline figures, the per-day, per-profile and
 * per-moderator tables, the category, sentiment and tag shares with the
 * change from the previous period, the threads that need attention, the
 * spikes, every field of the total, and the definitions.
 *
 * Design note.  A section reads the parsed JSON of its parts (struct
 * hview, stats_html_int.h) and writes markup; it computes nothing but
 * shares of two JSON counts (tags over the total) and differences
 * (changes from the previous period).  Every figure that is a JSON value
 * is written by sc_html_cell() with its data-* origin, so the test of the
 * page can find it in the JSON; a field a part does not carry (a metric
 * an older sc-stats lacks) is left out rather than shown empty, and one a
 * newer sc-stats adds appears in the table of every field.
 */
#include <stdlib.h>
#include <string.h>

#include "stats_html_int.h"

static void
open_table(struct sc_stats_html *h)
{
	sc_buf_adds(h->b, "<table>");
}

static void
th(struct sc_stats_html *h, const char *cls, const char *text)
{
	sc_buf_printf(h->b, "<th scope=\"col\"%s%s%s>", cls ? " class=\"" : "", cls ? cls : "",
		      cls ? "\"" : "");
	sc_html_esc(h->b, text);
	sc_buf_adds(h->b, "</th>");
}

/* The label of field f: known fields by key, within_D as "answered within D". */
static void
field_label(struct sc_stats_html *h, struct sc_buf *b, const char *f)
{
	char pct[32];

	snprintf(pct, sizeof(pct), "frt_p%d_s", h->o->pct);
	if (strncmp(f, "within_", 7) == 0) {
		sc_html_esc(b, sc_html_l(h, "within"));
		sc_buf_addc(b, ' ');
		sc_html_esc(b, f + 7);
	} else if (strcmp(f, pct) == 0) {
		sc_buf_printf(b, "p%d ", h->o->pct);
		sc_html_esc(b, sc_html_l(h, "frt_pct"));
	} else if (strncmp(f, "category_", 9) == 0 || strncmp(f, "sentiment_", 10) == 0) {
		const char *u = strchr(f, '_') + 1;
		sc_html_esc(b, sc_html_l(h, f[0] == 'c' ? "category" : "sentiment"));
		sc_buf_adds(b, ": ");
		sc_html_esc(b, sc_html_l(h, u));
	} else {
		sc_html_esc(b, sc_html_l(h, f));
	}
}

static void
th_field(struct sc_stats_html *h, const char *f)
{
	sc_buf_adds(h->b, "<th scope=\"col\">");
	field_label(h, h->b, f);
	sc_buf_adds(h->b, "</th>");
}

static const json_t *
total_row(const struct sc_stats_html *h, int view)
{
	const struct hview *v = &h->v[view];

	return v->rows ? json_array_get(v->rows, 0) : NULL;
}

/* "brand, brand": the brand_name of the profiles in the report. */
void
sc_html_brands(struct sc_stats_html *h, struct sc_buf *b)
{
	const struct hview *v = &h->v[V_PROFILE];
	const struct sc_profiles *p = h->o->profiles;
	size_t i, j, n = json_array_size(v->rows), nb = 0;
	const char *seen[32];

	for (i = 0; p && i < n && nb < 32; i++) {
		const char *name = sc_html_str(json_array_get(v->rows, i), "profile");
		const struct sc_profile *pr = sc_profiles_find(p, name);
		const char *bn = pr ? sc_profile_get(p, pr, "brand_name") : "";
		if (*bn == '\0')
			continue;
		for (j = 0; j < nb && strcmp(seen[j], bn) != 0; j++)
			;
		if (j < nb)
			continue;
		if (nb)
			sc_buf_adds(b, ", ");
		seen[nb++] = bn;
		sc_html_esc(b, bn);
	}
}

void
sc_html_period(struct sc_stats_html *h, struct sc_buf *b)
{
	const struct sc_stats_opts *o = h->o;
	char a[32], z[32];

	if (o->has_since || o->has_until) {
		int days = (!o->has_since || o->since % 86400 == 0) &&
			   (!o->has_until || o->until % 86400 == 0);
		if (o->has_since)
			sc_time_format(o->since, a);
		if (o->has_until)
			sc_time_format(days ? o->until - 86400 : o->until, z);
		if (days) {
			a[10] = '\0';
			z[10] = '\0';
		}
		sc_buf_printf(b, "%s \u2013 %s", o->has_since ? a : "\u2026",
			      o->has_until ? z : "\u2026");
		if (days)
			sc_buf_adds(b, " (UTC)");
		return;
	}
	const json_t *rows = h->v[V_DAY].rows;
	size_t n = json_array_size(rows);
	const char *d0 = n ? sc_html_str(json_array_get(rows, 0), "day") : NULL;
	const char *d1 = n ? sc_html_str(json_array_get(rows, n - 1), "day") : NULL;
	sc_html_esc(b, sc_html_l(h, "all_data"));
	if (d0 && d1) {
		sc_buf_adds(b, ": ");
		sc_html_esc(b, d0);
		sc_buf_adds(b, " \u2013 ");
		sc_html_esc(b, d1);
	}
}

static void
card(struct sc_stats_html *h, const char *label, int view, const json_t *row, const char *f,
     const char *sub)
{
	sc_buf_adds(h->b, "<div class=\"card\"><div class=\"l\">");
	sc_buf_adds(h->b, label);
	sc_buf_adds(h->b, "</div>");
	sc_html_cell(h, "div class=\"v\"", &h->v[view], row, f);
	if (sub && *sub)
		sc_buf_printf(h->b, "<div class=\"s\">%s</div>", sub);
	sc_buf_adds(h->b, "</div>");
}

/* "label: value" of row field f, into b. */
static void
named(struct sc_stats_html *h, struct sc_buf *b, const json_t *row, const char *f)
{
	sc_html_esc(b, sc_html_l(h, f));
	sc_buf_adds(b, ": ");
	sc_html_value(h, b, f, json_object_get(row, f));
}

/* The change of row.f against the previous period: pp for shares,
   percent for counts and durations; "" without a previous period. */
static void
change(struct sc_stats_html *h, struct sc_buf *b, const char *f, int share)
{
	const json_t *cur = total_row(h, V_TOTAL), *prev = total_row(h, V_PREV);
	int ok1, ok2;
	double x = sc_html_num(cur, f, &ok1), y = sc_html_num(prev, f, &ok2);

	if (!ok1 || !ok2)
		return;
	sc_html_esc(b, sc_html_l(h, "vs_prev"));
	sc_buf_adds(b, ": ");
	if (share) {
		sc_html_pp(h, b, x - y);
	} else if (y != 0) {
		double r = (x - y) / y;
		sc_buf_adds(b, r >= 0.0005 ? "\u25b2 +" : r <= -0.0005 ? "\u25bc " : "= ");
		sc_html_share(h, b, r);
	}
}

void
sc_html_headline(struct sc_stats_html *h)
{
	const json_t *t = total_row(h, V_TOTAL);
	const struct sc_stats_opts *o = h->o;
	struct sc_buf l, s;
	char pct[32];
	int k;

	sc_buf_init(&l);
	sc_buf_init(&s);
	sc_buf_printf(h->b, "<section id=\"headline\"><h2>%s</h2><div class=\"cards\">",
		      sc_html_l(h, "headline"));
#define LBL(text) (sc_buf_reset(&l), sc_html_esc(&l, (text)), l.data)
	sc_buf_reset(&s);
	named(h, &s, t, "out");
	sc_buf_adds(&s, "<br>");
	change(h, &s, "in", 0);
	card(h, LBL(sc_html_l(h, "in")), V_TOTAL, t, "in", s.data);
	sc_buf_reset(&s);
	named(h, &s, t, "answered");
	sc_buf_adds(&s, "<br>");
	change(h, &s, "response_rate", 1);
	card(h, LBL(sc_html_l(h, "response_rate")), V_TOTAL, t, "response_rate", s.data);
	snprintf(pct, sizeof(pct), "frt_p%d_s", o->pct);
	sc_buf_reset(&s);
	change(h, &s, "frt_median_s", 0);
	card(h, LBL(sc_html_l(h, "frt_median_s")), V_TOTAL, t, "frt_median_s", s.data);
	sc_buf_reset(&l);
	sc_buf_printf(&l, "p%d ", o->pct);
	sc_html_esc(&l, sc_html_l(h, "frt_pct"));
	card(h, l.data, V_TOTAL, t, pct, NULL);
	for (k = 0; k < o->nsla; k++) {
		char f[48];
		int ok;
		double x;
		snprintf(f, sizeof(f), "within_%s", o->sla_name[k]);
		x = sc_html_num(t, f, &ok);
		sc_buf_reset(&s);
		sc_html_esc(&s, sc_html_l(h, "target"));
		sc_buf_adds(&s, " ");
		sc_html_share(h, &s, h->ho.target);
		if (ok)
			sc_buf_printf(&s, ": %s %s", x >= h->ho.target ? "\u2713" : "\u2717",
				      sc_html_l(h, x >= h->ho.target ? "met" : "missed"));
		sc_buf_adds(&s, "<br>");
		change(h, &s, f, 1);
		sc_buf_reset(&l);
		field_label(h, &l, f);
		card(h, l.data, V_TOTAL, t, f, s.data);
	}
	/* resolution and FCR only when status records exist */
	if (sc_html_num(t, "resolved", NULL) + sc_html_num(t, "reopened", NULL) +
	    sc_html_num(t, "escalated", NULL) > 0) {
		sc_buf_reset(&s);
		named(h, &s, t, "threads");
		card(h, LBL(sc_html_l(h, "resolved")), V_TOTAL, t, "resolved", s.data);
		card(h, LBL(sc_html_l(h, "resolution_median_s")), V_TOTAL, t,
		     "resolution_median_s", NULL);
		card(h, LBL(sc_html_l(h, "fcr_rate")), V_TOTAL, t, "fcr_rate", NULL);
	}
	/* the figures of records that may be absent: a card when they exist */
	static const char *const extra[][3] = {
		/* the figure, the count that says it exists, its sub-line */
		{"within_sla", "sla_due_n", NULL},
		{"visible_help", "public_problems", NULL},
		{"csat", "csat_n", "csat_mean"},
		{"nps", "nps_n", NULL},
	};
	for (k = 0; k < (int)(sizeof(extra) / sizeof(extra[0])); k++) {
		if (sc_html_num(t, extra[k][1], NULL) <= 0 || !json_object_get(t, extra[k][0]))
			continue;
		sc_buf_reset(&s);
		if (extra[k][2] && json_object_get(t, extra[k][2])) {
			named(h, &s, t, extra[k][2]);
			sc_buf_adds(&s, "<br>");
		}
		named(h, &s, t, extra[k][1]);
		card(h, LBL(sc_html_l(h, extra[k][0])), V_TOTAL, t, extra[k][0], s.data);
	}
#undef LBL
	sc_buf_adds(h->b, "</div></section>");
	sc_buf_release(&l);
	sc_buf_release(&s);
}

/* The platforms of the day,platform view, sorted, null last. */
static size_t
platforms(const struct sc_stats_html *h, const char **out, size_t max)
{
	const json_t *rows = h->v[V_DAYPLAT].rows;
	size_t n = 0, i, j;
	int has_null = 0;

	for (i = 0; i < json_array_size(rows); i++) {
		const json_t *pv = json_object_get(json_array_get(rows, i), "platform");
		const char *p = json_is_string(pv) ? json_string_value(pv) : NULL;
		if (p == NULL) {
			has_null = 1;
			continue;
		}
		for (j = 0; j < n && strcmp(out[j], p) != 0; j++)
			;
		if (j == n && n < max - 1) {
			for (j = n; j > 0 && strcmp(out[j - 1], p) > 0; j--)
				out[j] = out[j - 1];
			out[j] = p;
			n++;
		}
	}
	if (has_null)
		out[n++] = NULL;
	return n;
}

const json_t *
sc_html_find2(const json_t *rows, const char *k1, const char *v1, const char *k2,
	      const char *v2)
{
	for (size_t i = 0; i < json_array_size(rows); i++) {
		const json_t *r = json_array_get(rows, i);
		const char *a = sc_html_str(r, k1), *b = k2 ? sc_html_str(r, k2) : NULL;
		if (((a == NULL && v1 == NULL) || (a && v1 && strcmp(a, v1) == 0)) &&
		    (k2 == NULL || (b == NULL && v2 == NULL) || (b && v2 && strcmp(b, v2) == 0)))
			return r;
	}
	return NULL;
}

/* The figures of a daily chart, one row per day: part 0 the incoming
   messages by platform and in total (the volume chart), part 1 the
   answers and SLA shares (the SLA chart). */
void
sc_html_per_day_table(struct sc_stats_html *h, int part)
{
	const json_t *rows = h->v[V_DAY].rows;
	const char *plat[16];
	size_t np = part == 0 ? platforms(h, plat, 16) : 0, i, p;
	const struct sc_stats_opts *o = h->o;
	const char *f1[] = {"answered", "response_rate", "frt_median_s"};
	char sla[SC_STATS_MAXSLA][48];
	int k;

	if (json_array_size(rows) == 0)
		return;
	for (k = 0; k < o->nsla; k++)
		snprintf(sla[k], sizeof(sla[k]), "within_%s", o->sla_name[k]);
	open_table(h);
	sc_buf_adds(h->b, "<thead><tr>");
	th(h, "k", sc_html_l(h, "day"));
	for (p = 0; p < np; p++)
		th(h, NULL, sc_html_value_label(h, "platform", plat[p]));
	th_field(h, "in");
	for (k = 0; part == 1 && k < 3; k++)
		th_field(h, f1[k]);
	for (k = 0; part == 1 && k < o->nsla; k++)
		th_field(h, sla[k]);
	sc_buf_adds(h->b, "</tr></thead><tbody>");
	for (i = 0; i < json_array_size(rows); i++) {
		const json_t *r = json_array_get(rows, i);
		const char *day = sc_html_str(r, "day");
		sc_buf_adds(h->b, "<tr>");
		sc_html_cell(h, "td class=\"k\"", &h->v[V_DAY], r, "day");
		for (p = 0; p < np; p++) {
			const json_t *c = sc_html_find2(h->v[V_DAYPLAT].rows, "day", day,
							"platform", plat[p]);
			if (c)
				sc_html_cell(h, "td", &h->v[V_DAYPLAT], c, "in");
			else
				sc_buf_adds(h->b, "<td>0</td>");
		}
		sc_html_cell(h, "td", &h->v[V_DAY], r, "in");
		for (k = 0; part == 1 && k < 3; k++)
			sc_html_cell(h, "td", &h->v[V_DAY], r, f1[k]);
		for (k = 0; part == 1 && k < o->nsla; k++)
			sc_html_cell(h, "td", &h->v[V_DAY], r, sla[k]);
		sc_buf_adds(h->b, "</tr>");
	}
	sc_buf_adds(h->b, "</tbody></table>");
}

/* A table of one view's groups under key (profile or agent). */
static void
group_table(struct sc_stats_html *h, int view, const char *key, const char *const *fields,
	    size_t nf)
{
	const struct hview *v = &h->v[view];
	const struct sc_stats_opts *o = h->o;
	const struct sc_profiles *pp = o->profiles;
	size_t i, f;
	int k;

	open_table(h);
	sc_buf_adds(h->b, "<thead><tr>");
	th(h, "k", sc_html_l(h, key));
	/* a field the rows do not carry (a metric of a later sc-stats) is left out */
	const json_t *r0 = json_array_get(v->rows, 0);
	const char *fl[16];
	size_t nfl = 0;
	for (f = 0; f < nf && nfl < 16; f++)
		if (r0 == NULL || json_object_get(r0, fields[f]))
			fl[nfl++] = fields[f];
	fields = fl;
	nf = nfl;
	for (f = 0; f < nf; f++)
		th_field(h, fields[f]);
	for (k = 0; k < o->nsla; k++) {
		char name[48];
		snprintf(name, sizeof(name), "within_%s", o->sla_name[k]);
		th_field(h, name);
	}
	sc_buf_adds(h->b, "</tr></thead><tbody>");
	for (i = 0; i < json_array_size(v->rows); i++) {
		const json_t *r = json_array_get(v->rows, i);
		const char *name = sc_html_str(r, key);
		sc_buf_adds(h->b, "<tr><td class=\"k\"");
		sc_html_data(h->b, v, r, key);
		sc_buf_adds(h->b, ">");
		sc_html_esc(h->b, sc_html_value_label(h, key, name));
		if (view == V_PROFILE && pp && name) {
			const struct sc_profile *pr = sc_profiles_find(pp, name);
			const char *bn = pr ? sc_profile_get(pp, pr, "brand_name") : "";
			const char *pl = pr ? pr->platform : "";
			if (*bn || *pl) {
				sc_buf_adds(h->b, "<br><span class=\"muted\">");
				sc_html_esc(h->b, bn);
				sc_buf_adds(h->b, *bn && *pl ? " \u00b7 " : "");
				sc_html_esc(h->b, sc_html_value_label(h, "platform", pl));
				sc_buf_adds(h->b, "</span>");
			}
		}
		sc_buf_adds(h->b, "</td>");
		for (f = 0; f < nf; f++)
			sc_html_cell(h, "td", v, r, fields[f]);
		for (k = 0; k < o->nsla; k++) {
			char fname[48];
			snprintf(fname, sizeof(fname), "within_%s", o->sla_name[k]);
			sc_html_cell(h, "td", v, r, fname);
		}
		sc_buf_adds(h->b, "</tr>");
	}
	sc_buf_adds(h->b, "</tbody></table>");
}

void
sc_html_tables(struct sc_stats_html *h)
{
	char pct[32];
	const char *pf[] = {"in", "answered", "response_rate", "frt_median_s", pct,
			    "frt_bh_median_s", "resolved", "fcr_rate"};
	const char *af[] = {"in", "out", "out_auto", "frt_median_s", pct, "notes", "resolutions",
			    "escalations"};

	snprintf(pct, sizeof(pct), "frt_p%d_s", h->o->pct);
	sc_buf_printf(h->b, "<section id=\"profiles\"><h2>%s</h2>", sc_html_l(h, "profiles"));
	group_table(h, V_PROFILE, "profile", pf, sizeof(pf) / sizeof(pf[0]));
	sc_buf_printf(h->b, "</section><section id=\"agents\"><h2>%s</h2><p class=\"muted\">%s</p>",
		      sc_html_l(h, "agents"), sc_html_l(h, "agent_note"));
	group_table(h, V_AGENT, "agent", af, sizeof(af) / sizeof(af[0]));
	sc_buf_adds(h->b, "</section>");
}

/* One share row: label, the share cell, a bar, the previous share, the
   change.  cur/prev rows and field, or for tags the in counts over the
   totals (the share is computed here from the two JSON counts). */
static void
share_row(struct sc_stats_html *h, const char *label, int view, const json_t *row,
	  const char *field, int pview, const json_t *prow, double total, double ptotal)
{
	int ok, pok = 0;
	double x = sc_html_num(row, field, &ok), y = 0;

	if (prow)
		y = sc_html_num(prow, field, &pok);
	if (total > 0) {	/* tags: in / total in */
		x = ok ? x / total : 0;
		ok = 1;
		y = pok && ptotal > 0 ? y / ptotal : 0;
		pok = prow != NULL || ptotal > 0;
	}
	sc_buf_adds(h->b, "<tr><td class=\"k\">");
	sc_html_esc(h->b, label);
	sc_buf_adds(h->b, "</td>");
	if (total > 0) {
		if (row)
			sc_html_cell(h, "td", &h->v[view], row, field);
		else
			sc_buf_adds(h->b, "<td>0</td>");	/* only in the previous period */
		sc_buf_adds(h->b, "<td>");
		sc_html_share(h, h->b, x);
		sc_buf_adds(h->b, "</td>");
	} else {
		sc_html_cell(h, "td", &h->v[view], row, field);
	}
	sc_buf_adds(h->b, "<td class=\"bar\">");
	sc_html_bar(h, ok ? x : 0);
	sc_buf_adds(h->b, "</td>");
	if (h->v[V_PREV].on) {
		if (prow && total == 0)
			sc_html_cell(h, "td", &h->v[pview], prow, field);
		else if (total > 0 && pok) {
			sc_buf_adds(h->b, "<td>");
			sc_html_share(h, h->b, y);
			if (prow) {
				sc_buf_adds(h->b, " (");
				sc_html_cell(h, "span", &h->v[pview], prow, field);
				sc_buf_adds(h->b, ")");
			}
			sc_buf_adds(h->b, "</td>");
		} else
			sc_buf_adds(h->b, "<td>\u2013</td>");
		sc_buf_adds(h->b, "<td>");
		if (ok && pok)
			sc_html_pp(h, h->b, x - y);
		else
			sc_buf_adds(h->b, "\u2013");
		sc_buf_adds(h->b, "</td>");
	}
	sc_buf_adds(h->b, "</tr>");
}

static void
share_head(struct sc_stats_html *h, const char *what, int counts)
{
	open_table(h);
	sc_buf_adds(h->b, "<thead><tr>");
	th(h, "k", sc_html_l(h, what));
	if (counts)
		th_field(h, "in");
	th(h, NULL, sc_html_l(h, "share"));
	th(h, NULL, "");
	if (h->v[V_PREV].on) {
		th(h, NULL, sc_html_l(h, "prev"));
		th(h, NULL, sc_html_l(h, "change"));
	}
	sc_buf_adds(h->b, "</tr></thead><tbody>");
}

/* The shares of the total's fields PREFIX+name for each of names, with
   the previous period's, under heading title; sentiment after the answer
   also names its count. */
static void
share_block(struct sc_stats_html *h, const char *title, const char *what, const char *prefix,
	    const char *const *names, int n)
{
	const json_t *t = total_row(h, V_TOTAL), *pt = total_row(h, V_PREV);
	int k;

	sc_buf_printf(h->b, "<h3>%s</h3>", sc_html_l(h, title));
	if (strcmp(title, "sentiment_after") == 0) {
		sc_buf_adds(h->b, "<p>");
		sc_html_esc(h->b, sc_html_l(h, "sentiment_after_n"));
		sc_buf_adds(h->b, ": ");
		sc_html_cell(h, "span", &h->v[V_TOTAL], t, "sentiment_after_n");
		sc_buf_adds(h->b, "</p>");
	}
	share_head(h, what, 0);
	for (k = 0; k < n; k++) {
		char f[64];
		snprintf(f, sizeof(f), "%s%s", prefix, names[k]);
		share_row(h, sc_html_l(h, names[k]), V_TOTAL, t, f, V_PREV, pt, 0, 0);
	}
	sc_buf_adds(h->b, "</tbody></table>");
}

static int
cmp_in_desc(const void *a, const void *b)
{
	const json_t *x = *(const json_t *const *)a, *y = *(const json_t *const *)b;
	double p = sc_html_num(x, "in", NULL), q = sc_html_num(y, "in", NULL);
	const char *s = sc_html_str(x, "tag"), *t = sc_html_str(y, "tag");

	if (p != q)
		return p < q ? 1 : -1;
	return strcmp(s ? s : "", t ? t : "");
}

void
sc_html_shares(struct sc_stats_html *h)
{
	const json_t *t = total_row(h, V_TOTAL), *pt = total_row(h, V_PREV);
	const json_t *tags = h->v[V_TAG].rows;
	size_t i, n = 0;

	sc_buf_printf(h->b, "<section id=\"shares\"><h2>%s</h2>", sc_html_l(h, "shares"));
	if (!h->v[V_PREV].on)
		sc_buf_printf(h->b, "<p class=\"muted\">%s</p>", sc_html_l(h, "no_prev"));
	if (json_object_get(t, "triaged") == NULL) {
		sc_buf_printf(h->b, "<p>%s</p></section>", sc_html_l(h, "no_triage"));
		return;
	}
	sc_buf_adds(h->b, "<p>");
	sc_html_esc(h->b, sc_html_l(h, "triaged"));
	sc_buf_adds(h->b, ": ");
	sc_html_cell(h, "span", &h->v[V_TOTAL], t, "triaged");
	sc_buf_adds(h->b, "</p>");
	share_block(h, "category", "category", "category_", sc_categories, NCAT);
	share_block(h, "sentiment", "sentiment", "sentiment_", sc_sentiments, NSENT);
	if (sc_html_num(t, "sentiment_after_n", NULL) > 0)
		share_block(h, "sentiment_after", "sentiment", "sentiment_after_", sc_sentiments,
			    NSENT);
	/* tags (a message counts once in each of its tags): the tags of the period by count, then those only in the previous one */
	const json_t *ptags = h->v[V_PREVTAG].rows;
	size_t nt = json_array_size(tags), np = json_array_size(ptags);
	const json_t **tv = sc_xmalloc((nt + np + 1) * sizeof(*tv));
	for (i = 0; i < nt; i++)
		if (sc_html_str(json_array_get(tags, i), "tag"))
			tv[n++] = json_array_get(tags, i);
	qsort(tv, n, sizeof(*tv), cmp_in_desc);
	size_t ncur = n;
	for (i = 0; i < np; i++) {
		const char *tag = sc_html_str(json_array_get(ptags, i), "tag");
		if (tag && sc_html_find2(tags, "tag", tag, NULL, NULL) == NULL)
			tv[n++] = json_array_get(ptags, i);
	}
	if (n) {
		double tot = sc_html_num(t, "in", NULL), ptot = sc_html_num(pt, "in", NULL);
		sc_buf_printf(h->b, "<h3>%s</h3>", sc_html_l(h, "tag"));
		share_head(h, "tag", 1);
		for (i = 0; i < n; i++) {
			const char *tag = sc_html_str(tv[i], "tag");
			const json_t *prow = i < ncur ? sc_html_find2(ptags, "tag", tag, NULL, NULL)
						      : tv[i];
			share_row(h, tag, V_TAG, i < ncur ? tv[i] : NULL, "in", V_PREVTAG, prow,
				  tot > 0 ? tot : 1, ptot);
		}
		sc_buf_adds(h->b, "</tbody></table>");
	}
	free(tv);
	sc_buf_adds(h->b, "</section>");
}

static int
cmp_negative(const void *a, const void *b)
{
	const json_t *x = *(const json_t *const *)a, *y = *(const json_t *const *)b;
	double p = sc_html_num(x, "sentiment_negative", NULL) * sc_html_num(x, "triaged", NULL);
	double q = sc_html_num(y, "sentiment_negative", NULL) * sc_html_num(y, "triaged", NULL);

	if (p != q)
		return p < q ? 1 : -1;
	return cmp_in_desc(a, b);
}

/* -b thread (when sc-stats has it): the most active and the most negative
   threads, ten of each. */
void
sc_html_threads(struct sc_stats_html *h)
{
	const struct hview *v = &h->v[V_THREAD];
	const char *tf[] = {"in", "out", "answered", "frt_median_s", "sentiment_negative"};
	size_t i, f, n = json_array_size(v->rows), m = 0;
	int pass;

	if (!v->on || n == 0)
		return;
	const json_t **tv = sc_xmalloc(n * sizeof(*tv));
	for (i = 0; i < n; i++)
		if (sc_html_str(json_array_get(v->rows, i), "thread"))
			tv[m++] = json_array_get(v->rows, i);
	sc_buf_printf(h->b, "<section id=\"threads\"><h2>%s</h2>", sc_html_l(h, "threads_top"));
	for (pass = 0; pass < 2 && m; pass++) {
		qsort(tv, m, sizeof(*tv), pass ? cmp_negative : cmp_in_desc);
		if (pass && sc_html_num(tv[0], "sentiment_negative", NULL) <= 0)
			break;
		sc_buf_printf(h->b, "<h3>%s</h3>",
			      sc_html_l(h, pass ? "threads_neg" : "threads_active"));
		open_table(h);
		sc_buf_adds(h->b, "<thead><tr>");
		th(h, "k", sc_html_l(h, "thread"));
		for (f = 0; f < sizeof(tf) / sizeof(tf[0]); f++)
			th_field(h, tf[f]);
		sc_buf_adds(h->b, "</tr></thead><tbody>");
		for (i = 0; i < m && i < 10; i++) {
			if (pass && sc_html_num(tv[i], "sentiment_negative", NULL) <= 0)
				break;	/* only threads with a negative message */
			sc_buf_adds(h->b, "<tr>");
			sc_html_cell(h, "td class=\"k\"", v, tv[i], "thread");
			for (f = 0; f < sizeof(tf) / sizeof(tf[0]); f++)
				sc_html_cell(h, "td", v, tv[i], tf[f]);
			sc_buf_adds(h->b, "</tr>");
		}
		sc_buf_adds(h->b, "</tbody></table>");
	}
	sc_buf_adds(h->b, "</section>");
	free(tv);
}

void
sc_html_spikes(struct sc_stats_html *h)
{
	const struct hview *v = &h->v[V_SPIKES];
	size_t i, n = json_array_size(v->rows);

	sc_buf_printf(h->b, "<section id=\"spikes\"><h2>%s</h2><p class=\"muted\">%s "
		      "(<code>%s</code>)</p>", sc_html_l(h, "spikes"), sc_html_l(h, "spike_rule"),
		      v->flags);
	if (n == 0) {
		sc_buf_printf(h->b, "<p>%s</p></section>", sc_html_l(h, "spikes_none"));
		return;
	}
	open_table(h);
	sc_buf_adds(h->b, "<thead><tr>");
	th(h, "k", "#");
	th(h, "k", sc_html_l(h, "hour"));
	th(h, NULL, sc_html_l(h, "count"));
	th(h, NULL, sc_html_l(h, "baseline"));
	th(h, NULL, sc_html_l(h, "threshold"));
	sc_buf_adds(h->b, "</tr></thead><tbody>");
	for (i = 0; i < n; i++) {
		const json_t *r = json_array_get(v->rows, i);
		char day[16];
		int hr;
		sc_buf_printf(h->b, "<tr><td class=\"k\">%zu</td><td class=\"k\"", i + 1);
		sc_html_data(h->b, v, r, "hour");
		sc_buf_adds(h->b, ">");
		if (sc_html_local_day(h, sc_html_str(r, "hour"), day, &hr) == 0)
			sc_buf_printf(h->b, "%s %02d:00\u2013%02d:00", day, hr, (hr + 1) % 24);
		else
			sc_html_esc(h->b, sc_html_str(r, "hour") ? sc_html_str(r, "hour") : "");
		sc_buf_adds(h->b, "</td>");
		sc_html_cell(h, "td", v, r, "count");
		sc_html_cell(h, "td", v, r, "baseline");
		sc_html_cell(h, "td", v, r, "threshold");
		sc_buf_adds(h->b, "</tr>");
	}
	sc_buf_adds(h->b, "</tbody></table></section>");
}

/* Every field of the total, and of the previous period: what no chart
   shows (backlog, outside hours, metrics added later) is here too. */
void
sc_html_figures(struct sc_stats_html *h)
{
	const json_t *t = total_row(h, V_TOTAL), *pt = total_row(h, V_PREV);
	const char *key;
	json_t *val;

	sc_buf_printf(h->b, "<section id=\"figures\"><h2>%s</h2>", sc_html_l(h, "figures"));
	open_table(h);
	sc_buf_adds(h->b, "<thead><tr>");
	th(h, "k", sc_html_l(h, "field"));
	th(h, NULL, sc_html_l(h, "value"));
	if (pt)
		th(h, NULL, sc_html_l(h, "prev"));
	sc_buf_adds(h->b, "</tr></thead><tbody>");
	json_object_foreach((json_t *)t, key, val) {
		sc_buf_adds(h->b, "<tr><td class=\"k\">");
		field_label(h, h->b, key);
		sc_buf_adds(h->b, " <code>");
		sc_html_esc(h->b, key);
		sc_buf_adds(h->b, "</code></td>");
		sc_html_cell(h, "td", &h->v[V_TOTAL], t, key);
		if (pt)
			sc_html_cell(h, "td", &h->v[V_PREV], pt, key);
		sc_buf_adds(h->b, "</tr>");
	}
	sc_buf_adds(h->b, "</tbody></table></section>");
}

void
sc_html_definitions(struct sc_stats_html *h)
{
	const json_t *d = h->v[V_TOTAL].defs;
	const char *key;
	json_t *val;
	int i;

	sc_buf_printf(h->b, "<section id=\"definitions\"><h2>%s</h2><p class=\"muted\">%s</p>"
		      "<dl class=\"defs\">", sc_html_l(h, "definitions"), sc_html_l(h, "defs_note"));
	json_object_foreach((json_t *)d, key, val) {
		sc_buf_adds(h->b, "<dt>");
		sc_html_esc(h->b, key);
		sc_buf_adds(h->b, "</dt><dd data-def=\"");
		sc_html_esc(h->b, key);
		sc_buf_adds(h->b, "\">");
		sc_html_value(h, h->b, key, val);
		sc_buf_adds(h->b, "</dd>");
	}
	sc_buf_printf(h->b, "<dt>%s</dt><dd data-def=\"lang\">%s</dd>", sc_html_l(h, "lang"),
		      h->lang == SC_HTML_PL ? "pl" : "en");
	sc_buf_printf(h->b, "<dt>%s</dt><dd data-def=\"sla_target\">", sc_html_l(h, "sla_target"));
	sc_html_share(h, h->b, h->ho.target);
	sc_buf_printf(h->b, "</dd></dl><h3>%s</h3><dl class=\"defs\">", sc_html_l(h, "views"));
	for (i = 0; i < V_N; i++) {
		char k[32];
		if (!h->v[i].on)
			continue;
		snprintf(k, sizeof(k), "v_%s", h->v[i].name);
		sc_buf_printf(h->b, "<dt>%s</dt><dd>%s: <code data-view-flags=\"%s\">sc-stats",
			      h->v[i].name, sc_html_l(h, k), h->v[i].name);
		if (*h->v[i].flags)
			sc_buf_printf(h->b, " %s", h->v[i].flags);
		sc_buf_adds(h->b, " -f json</code></dd>");
	}
	sc_buf_adds(h->b, "</dl></section>");
}

