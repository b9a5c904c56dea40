/*
 * stats_html.c - sc-stats --format html: the report a client reads.
 *
 * Design note.  The page must show only numbers the JSON report gives,
 * so it is not computed here at all.  It is made of views (enum V_*,
 * stats_html_int.h), each an ordinary struct sc_stats with the user's
 * definitions and one grouping: the total; -b day; -b day,platform;
 * -b weekday,hour; -b profile; -b agent; -b tag; the first-response
 * buckets (--sla 5m,...,24h --sla-clock wall); --spikes; and with
 * --since and --until the previous period of the same length (total and
 * -b tag).  Every record (or partial line) goes to every view; at the
 * end each view writes its JSON report with the JSON writer of
 * lib/stats_out.c into an anonymous memory file, and the page is built
 * from those lines parsed back.  So every figure is, byte for byte, a
 * figure of `sc-stats --format json` run with the view's flags, and every
 * figure on the page carries where it came from (data-view, data-g: the
 * group keys, data-f: the field, data-v: the JSON value), which
 * tests/stats-html.test compares with the JSON of the same input.  The
 * cost is one pass of ingest per view (about ten), which a monthly
 * report can afford; memory is each view's own bound (sc-stats(1),
 * Memory).
 *
 * The page itself: no scripts, no external references, one inline
 * stylesheet, SVG drawn here (stats_chart.c) with a <title>, a <desc>
 * and the figures in a table beside every drawing, patterns and labels
 * instead of colour alone, widths in percent so it fits 1280 px and an
 * A4 page, print rules for page breaks.
 */
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "stats_html_int.h"

static const struct {
	const char *name, *by;
} view_defs[V_N] = {
	{"total", ""},
	{"day", "day"},
	{"day_platform", "day,platform"},
	{"hour_of_week", "weekday,hour"},
	{"profile", "profile"},
	{"agent", "agent"},
	{"tag", "tag"},
	{"frt", ""},
	{"spikes", ""},
	{"previous", ""},
	{"previous_tag", "tag"},
};

static const char frt_buckets[] = "5m,15m,30m,1h,2h,4h,8h,24h";

void
sc_stats_html_opts_init(struct sc_stats_html_opts *ho)
{
	memset(ho, 0, sizeof(*ho));
	ho->lang = -1;
	ho->target = 0.8;
	snprintf(ho->target_name, sizeof(ho->target_name), "80%%");
}

int
sc_stats_html_parse_target(struct sc_stats_html_opts *ho, const char *s, struct sc_error *e)
{
	char *end;
	double v = strtod(s, &end);
	int pct = *end == '%';

	if (end == s || (pct ? end[1] != '\0' : *end != '\0') || !isfinite(v) || v < 0 ||
	    strlen(s) >= sizeof(ho->target_name))
		return sc_error_set(e, SC_EX_USAGE, NULL, 0, 0,
				    "--sla-target: want a share like 80%% or 0.8, not '%s'", s);
	if (pct || v > 1)
		v /= 100.0;
	if (v > 1)
		return sc_error_set(e, SC_EX_USAGE, NULL, 0, 0,
				    "--sla-target: %s is over 100%%", s);
	ho->target = v;
	snprintf(ho->target_name, sizeof(ho->target_name), "%s", s);
	return 0;
}

/* The language when --lang is not given: the lang column of profiles.csv
   when every profile has the same pl or en, else English. */
static int
profiles_lang(const struct sc_profiles *p)
{
	const char *first = NULL;

	if (p == NULL || p->n == 0)
		return SC_HTML_EN;
	for (size_t i = 0; i < p->n; i++) {
		const char *l = sc_profile_get(p, &p->v[i], "lang");
		if (first == NULL)
			first = l;
		else if (strcmp(first, l) != 0)
			return SC_HTML_EN;
	}
	return strcmp(first, "pl") == 0 ? SC_HTML_PL : SC_HTML_EN;
}

struct sc_stats_html *
sc_stats_html_new(const struct sc_stats_opts *o, const struct sc_stats_html_opts *ho)
{
	struct sc_stats_html *h = sc_xmalloc(sizeof(*h));
	struct sc_error e;
	int i;

	memset(h, 0, sizeof(*h));
	h->o = o;
	h->ho = *ho;
	h->lang = ho->lang >= 0 ? ho->lang : profiles_lang(o->profiles);
	if (o->has_since && o->has_until && o->until > o->since) {
		h->prev_until = o->since;
		h->prev_since = o->since - (o->until - o->since);
	}
	for (i = 0; i < V_N; i++) {
		struct hview *v = &h->v[i];
		v->name = view_defs[i].name;
		v->o = *o;
		v->o.nby = 0;
		v->o.format = SC_STATS_JSON;
		v->o.spikes = SC_SPIKES_OFF;
		sc_error_clear(&e);
		sc_stats_parse_by(&v->o, view_defs[i].by, &e);	/* fixed keys: cannot fail */
		if (*view_defs[i].by)
			snprintf(v->flags, sizeof(v->flags), "-b %s", view_defs[i].by);
		v->on = 1;
		if (i == V_FRT) {
			sc_stats_parse_durations(frt_buckets, v->o.sla, v->o.sla_name,
						 SC_STATS_MAXSLA, &v->o.nsla, &e);
			v->o.sla_clock = SC_CLOCK_WALL;
			snprintf(v->flags, sizeof(v->flags), "--sla %s --sla-clock wall", frt_buckets);
		} else if (i == V_SPIKES) {
			v->o.spikes = o->spikes == SC_SPIKES_NEGATIVE ? SC_SPIKES_NEGATIVE : SC_SPIKES_IN;
			snprintf(v->flags, sizeof(v->flags), "--spikes=%s",
				 v->o.spikes == SC_SPIKES_NEGATIVE ? "negative" : "in");
		} else if (i == V_PREV || i == V_PREVTAG) {
			char a[32], b[32];
			v->on = h->prev_until != 0 || h->prev_since != 0;
			v->o.since = h->prev_since;
			v->o.until = h->prev_until;
			sc_time_format(h->prev_since, a);
			sc_time_format(h->prev_until, b);
			snprintf(v->flags, sizeof(v->flags), "%s%s--since %s --until %s",
				 i == V_PREVTAG ? "-b tag" : "", i == V_PREVTAG ? " " : "", a, b);
		}
		if (v->on)
			v->s = sc_stats_new(&v->o);
	}
	return h;
}

void
sc_stats_html_free(struct sc_stats_html *h)
{
	if (h == NULL)
		return;
	for (int i = 0; i < V_N; i++) {
		if (h->v[i].s)
			sc_stats_free(h->v[i].s);
		json_decref(h->v[i].defs);
		json_decref(h->v[i].rows);
	}
	free(h);
}

int
sc_stats_html_add(struct sc_stats_html *h, const json_t *rec, struct sc_error *e)
{
	int rc = 0;

	/* every view reads records the same way: the first one's verdict */
	for (int i = 0; i < V_N; i++)
		if (h->v[i].on && sc_stats_add(h->v[i].s, rec, i == 0 ? e : NULL) < 0 && i == 0)
			rc = -1;
	return rc;
}

int
sc_stats_html_add_partial(struct sc_stats_html *h, const json_t *line, struct sc_error *e)
{
	int rc = 0;

	for (int i = 0; i < V_N; i++)
		if (h->v[i].on &&
		    sc_stats_add_partial(h->v[i].s, line, i == 0 ? e : NULL) < 0 && i == 0)
			rc = -1;
	return rc;
}

/* Run one view's JSON report into a memory file and parse its lines. */
static int
view_run(struct hview *v, struct sc_error *e)
{
	struct sc_out out;
	struct sc_buf b;
	int fd = memfd_create("sc-stats-html", MFD_CLOEXEC), rc;
	char chunk[65536];
	ssize_t n;
	size_t p;

	if (fd < 0)
		return sc_error_set(e, SC_EX_OSERR, NULL, 0, 0, "html: memory file: %s",
				    strerror(errno));
	sc_out_init(&out, fd);
	rc = sc_stats_report(v->s, &out);
	if (sc_out_close(&out) < 0 || rc < 0 || lseek(fd, 0, SEEK_SET) < 0) {
		close(fd);
		return sc_error_set(e, SC_EX_OSERR, NULL, 0, 0, "html: view %s: %s", v->name,
				    strerror(out.err ? out.err : errno));
	}
	sc_buf_init(&b);
	while ((n = read(fd, chunk, sizeof(chunk))) > 0)
		sc_buf_add(&b, chunk, (size_t)n);
	close(fd);
	v->rows = json_array();
	for (p = 0; p < b.len;) {
		char *nl = memchr(b.data + p, '\n', b.len - p);
		size_t len = nl ? (size_t)(nl - (b.data + p)) : b.len - p;
		json_t *j = json_loadb(b.data + p, len, 0, NULL);
		json_t *d = j ? json_object_get(j, "definitions") : NULL;
		if (j == NULL) {
			sc_buf_release(&b);
			return sc_error_set(e, SC_EX_SOFTWARE, NULL, 0, 0,
					    "html: view %s: unreadable report line", v->name);
		}
		if (d && v->defs == NULL)
			v->defs = json_incref(d);
		else
			json_array_append(v->rows, j);
		json_decref(j);
		p += len + 1;
	}
	sc_buf_release(&b);
	return 0;
}

/* ---- page parts ---- */

static const char css[] =
	"*{box-sizing:border-box}"
	"body{font:14px/1.45 system-ui,-apple-system,'Segoe UI',Roboto,'DejaVu Sans',"
	"Arial,sans-serif;color:#111;background:#fff;margin:0 auto;padding:16px 24px;"
	"max-width:1100px}"
	"h1{font-size:24px;margin:0 0 4px}h2{font-size:18px;margin:28px 0 8px;"
	"border-bottom:2px solid #222;padding-bottom:2px}h3{font-size:15px;margin:18px 0 6px}"
	"p{margin:4px 0 8px}.muted{color:#444}"
	"table{border-collapse:collapse;width:100%;margin:6px 0 12px;font-size:11px}"
	"th,td{border:1px solid #999;padding:2px 3px;text-align:right;vertical-align:top;"
	"overflow-wrap:break-word}"
	"th{background:#eee;font-weight:600;font-size:10px;overflow-wrap:anywhere}"
	"td.k,th.k{text-align:left}"
	"td.k{overflow-wrap:anywhere}"
	"thead{display:table-header-group}tr{break-inside:avoid}"
	".cards{display:flex;flex-wrap:wrap;gap:8px;margin:8px 0}"
	".card{flex:1 1 150px;min-width:0;border:1px solid #777;border-radius:4px;padding:6px 8px}"
	".card .v{font-size:22px;font-weight:700}.card .l,.card .s{font-size:12px;"
	"overflow-wrap:anywhere}"
	"figure{margin:8px 0 16px;break-inside:avoid}figcaption{font-size:12px;color:#333}"
	"svg{display:block;width:100%;height:auto;max-width:100%}"
	"svg text{font-family:inherit}"
	"table.heat td{padding:1px 0;text-align:center;font-size:9px;"
	"-webkit-print-color-adjust:exact;print-color-adjust:exact}"
	"table.heat th{font-size:9px;padding:1px 2px}"
	"td.bar{width:28%}td.bar svg{height:10px}"
	"dl.defs{display:grid;grid-template-columns:max-content 1fr;gap:2px 12px;font-size:12px}"
	"dl.defs dt{font-weight:600}dl.defs dd{margin:0;overflow-wrap:anywhere}"
	"code{font-size:11px;overflow-wrap:anywhere}"
	"footer{margin-top:24px;font-size:11px;color:#444}"
	"@page{size:A4;margin:14mm 12mm}"
	"@media print{body{padding:0;max-width:none;font-size:12px}"
	"h2{break-after:avoid}section{break-inside:auto}}";

static void
open_table(struct sc_stats_html *h, const char *caption)
{
	sc_buf_adds(h->b, "<table>");
	if (caption) {
		sc_buf_adds(h->b, "<caption class=\"muted\">");
		sc_buf_adds(h->b, caption);
		sc_buf_adds(h->b, "</caption>");
	}
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
static void
brands(struct sc_stats_html *h, struct sc_buf *b)
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

static void
period(struct sc_stats_html *h, struct sc_buf *b)
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

static void
headline(struct sc_stats_html *h)
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
	sc_html_esc(&s, sc_html_l(h, "out"));
	sc_buf_adds(&s, ": ");
	sc_html_value(h, &s, "out", json_object_get(t, "out"));
	sc_buf_adds(&s, "<br>");
	change(h, &s, "in", 0);
	card(h, LBL(sc_html_l(h, "in")), V_TOTAL, t, "in", s.data);
	sc_buf_reset(&s);
	sc_html_esc(&s, sc_html_l(h, "answered"));
	sc_buf_adds(&s, ": ");
	sc_html_value(h, &s, "answered", json_object_get(t, "answered"));
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
		sc_html_esc(&s, sc_html_l(h, "threads"));
		sc_buf_adds(&s, ": ");
		sc_html_value(h, &s, "threads", json_object_get(t, "threads"));
		card(h, LBL(sc_html_l(h, "resolved")), V_TOTAL, t, "resolved", s.data);
		card(h, LBL(sc_html_l(h, "resolution_median_s")), V_TOTAL, t,
		     "resolution_median_s", NULL);
		card(h, LBL(sc_html_l(h, "fcr_rate")), V_TOTAL, t, "fcr_rate", NULL);
	}
	/* CSAT when surveys exist: any csat field the JSON report carries */
	const char *key;
	json_t *val;
	json_object_foreach((json_t *)t, key, val) {
		if (strncmp(key, "csat", 4) == 0 && !json_is_null(val))
			card(h, LBL(strcmp(key, "csat") == 0 ? sc_html_l(h, "csat") : key),
			     V_TOTAL, t, key, NULL);
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

static void
per_day_table(struct sc_stats_html *h)
{
	const json_t *rows = h->v[V_DAY].rows;
	const char *plat[16];
	size_t np = platforms(h, plat, 16), i, p;
	const struct sc_stats_opts *o = h->o;
	int k;

	sc_buf_printf(h->b, "<h3>%s</h3>", sc_html_l(h, "per_day"));
	open_table(h, NULL);
	sc_buf_adds(h->b, "<thead><tr>");
	th(h, "k", sc_html_l(h, "day"));
	for (p = 0; p < np; p++)
		th(h, NULL, sc_html_value_label(h, "platform", plat[p]));
	th_field(h, "in");
	th_field(h, "answered");
	th_field(h, "response_rate");
	th_field(h, "frt_median_s");
	for (k = 0; k < o->nsla; k++) {
		char f[48];
		snprintf(f, sizeof(f), "within_%s", o->sla_name[k]);
		th_field(h, f);
	}
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
		sc_html_cell(h, "td", &h->v[V_DAY], r, "answered");
		sc_html_cell(h, "td", &h->v[V_DAY], r, "response_rate");
		sc_html_cell(h, "td", &h->v[V_DAY], r, "frt_median_s");
		for (k = 0; k < o->nsla; k++) {
			char f[48];
			snprintf(f, sizeof(f), "within_%s", o->sla_name[k]);
			sc_html_cell(h, "td", &h->v[V_DAY], r, f);
		}
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

	open_table(h, NULL);
	sc_buf_adds(h->b, "<thead><tr>");
	th(h, "k", sc_html_l(h, key));
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

static void
tables(struct sc_stats_html *h)
{
	char pct[32];
	const char *pf[] = {"in", "answered", "response_rate", "frt_median_s", pct,
			    "frt_bh_median_s", "resolved", "fcr_rate"};
	const char *af[] = {"in", "out", "out_auto", "frt_median_s", pct};

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
	open_table(h, NULL);
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

static void
shares(struct sc_stats_html *h)
{
	const json_t *t = total_row(h, V_TOTAL), *pt = total_row(h, V_PREV);
	const json_t *tags = h->v[V_TAG].rows;
	size_t i, n = 0;
	int k;

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
	sc_buf_printf(h->b, "<h3>%s</h3>", sc_html_l(h, "category"));
	share_head(h, "category", 0);
	for (k = 0; k < NCAT; k++) {
		char f[48];
		snprintf(f, sizeof(f), "category_%s", sc_categories[k]);
		share_row(h, sc_html_l(h, sc_categories[k]), V_TOTAL, t, f, V_PREV, pt, 0, 0);
	}
	sc_buf_adds(h->b, "</tbody></table>");
	sc_buf_printf(h->b, "<h3>%s</h3>", sc_html_l(h, "sentiment"));
	share_head(h, "sentiment", 0);
	for (k = 0; k < NSENT; k++) {
		char f[48];
		snprintf(f, sizeof(f), "sentiment_%s", sc_sentiments[k]);
		share_row(h, sc_html_l(h, sc_sentiments[k]), V_TOTAL, t, f, V_PREV, pt, 0, 0);
	}
	sc_buf_adds(h->b, "</tbody></table>");
	/* tags: a message counts once in each of its tags */
	/* the tags of the period by count, then those only in the previous one */
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

static void
spikes(struct sc_stats_html *h)
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
	open_table(h, NULL);
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
static void
figures(struct sc_stats_html *h)
{
	const json_t *t = total_row(h, V_TOTAL), *pt = total_row(h, V_PREV);
	const char *key;
	json_t *val;

	sc_buf_printf(h->b, "<section id=\"figures\"><h2>%s</h2>", sc_html_l(h, "figures"));
	open_table(h, NULL);
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

static void
definitions(struct sc_stats_html *h)
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

int
sc_stats_html_report(struct sc_stats_html *h, struct sc_out *out, struct sc_error *e)
{
	struct sc_buf b, title;
	int i, rc;

	for (i = 0; i < V_N; i++)
		if (h->v[i].on && view_run(&h->v[i], e) < 0)
			return -1;
	sc_buf_init(&b);
	sc_buf_init(&title);
	h->b = &b;
	brands(h, &title);
	if (title.len)
		sc_buf_adds(&title, " \u2014 ");
	sc_buf_adds(&title, sc_html_l(h, "title"));
	sc_buf_printf(&b, "<!DOCTYPE html>\n<html lang=\"%s\"><head><meta charset=\"utf-8\">"
		      "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
		      "<meta name=\"generator\" content=\"sc-stats %s\"><title>%s: ",
		      h->lang == SC_HTML_PL ? "pl" : "en", SC_VERSION, title.data);
	period(h, &b);
	sc_buf_printf(&b, "</title><style>%s</style></head>\n<body><header><h1>%s</h1>"
		      "<p><strong>%s:</strong> <span id=\"period\">", css, title.data,
		      sc_html_l(h, "period"));
	period(h, &b);
	sc_buf_printf(&b, "</span>; %s ", sc_html_l(h, "zone"));
	sc_html_esc(&b, h->o->tz);
	sc_buf_adds(&b, "</p></header>\n");
	headline(h);
	sc_buf_printf(&b, "\n<section id=\"daily\"><h2>%s</h2>", sc_html_l(h, "daily"));
	sc_html_chart_daily(h);
	sc_html_chart_sla(h);
	per_day_table(h);
	sc_buf_adds(&b, "</section>\n");
	sc_buf_printf(&b, "<section id=\"frt\"><h2>%s</h2>", sc_html_l(h, "frt_dist"));
	sc_html_chart_frt(h);
	sc_buf_adds(&b, "</section>\n<section id=\"heatmaps\">");
	sc_buf_printf(&b, "<h2>%s</h2><p class=\"muted\">%s</p>", sc_html_l(h, "heat_in"),
		      sc_html_l(h, "heat_note"));
	sc_html_heatmap(h, "in");
	sc_buf_printf(&b, "<h3>%s</h3>", sc_html_l(h, "heat_frt"));
	sc_html_heatmap(h, "frt_median_s");
	sc_buf_adds(&b, "</section>\n");
	tables(h);
	sc_buf_adds(&b, "\n");
	shares(h);
	sc_buf_adds(&b, "\n");
	spikes(h);
	sc_buf_adds(&b, "\n");
	figures(h);
	sc_buf_adds(&b, "\n");
	definitions(h);
	sc_buf_printf(&b, "\n<footer>%s %s</footer></body></html>\n", sc_html_l(h, "generated"),
		      SC_VERSION);
	h->b = NULL;
	rc = sc_out_write(out, b.data, b.len);
	sc_buf_release(&b);
	sc_buf_release(&title);
	if (rc < 0)
		return sc_error_set(e, SC_EX_IOERR, NULL, 0, 0, "write error");
	return 0;
}
