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
 * cost is one ingest per view (eleven, twelve with -b thread) after one
 * parse of each line: 100,000 bench-gen records take 13 s against 2.9 s
 * for the JSON total and peak at 63 MB (loaded machine); memory is each
 * view's own bound (sc-stats(1), Memory).
 *
 * The page itself (the sections in stats_html_page.c): no scripts, no
 * external references, one inline stylesheet (here), SVG drawn by
 * stats_chart.c with a <title>, a <desc>
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
	{"thread", "thread"},	/* on when sc-stats has -b thread */
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
		v->on = sc_stats_parse_by(&v->o, view_defs[i].by, &e) == 0;
		if (*view_defs[i].by)
			snprintf(v->flags, sizeof(v->flags), "-b %s", view_defs[i].by);
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
			v->on = v->on && (h->prev_until != 0 || h->prev_since != 0);
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
	sc_html_brands(h, &title);
	if (title.len)
		sc_buf_adds(&title, " \u2014 ");
	sc_buf_adds(&title, sc_html_l(h, "title"));
	sc_buf_printf(&b, "<!DOCTYPE html>\n<html lang=\"%s\"><head><meta charset=\"utf-8\">"
		      "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
		      "<meta name=\"generator\" content=\"sc-stats %s\"><title>%s: ",
		      h->lang == SC_HTML_PL ? "pl" : "en", SC_VERSION, title.data);
	sc_html_period(h, &b);
	sc_buf_printf(&b, "</title><style>%s</style></head>\n<body><header><h1>%s</h1>"
		      "<p><strong>%s:</strong> <span id=\"period\">", css, title.data,
		      sc_html_l(h, "period"));
	sc_html_period(h, &b);
	sc_buf_printf(&b, "</span>; %s ", sc_html_l(h, "zone"));
	sc_html_esc(&b, h->o->tz);
	sc_buf_adds(&b, "</p></header>\n");
	sc_html_headline(h);
	sc_buf_printf(&b, "\n<section id=\"daily\"><h2>%s</h2>", sc_html_l(h, "daily"));
	sc_html_chart_daily(h);
	sc_html_per_day_table(h, 0);
	sc_buf_printf(&b, "<h3>%s</h3>", sc_html_l(h, "sla_daily"));
	sc_html_chart_sla(h);
	sc_html_per_day_table(h, 1);
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
	sc_html_tables(h);
	sc_buf_adds(&b, "\n");
	sc_html_shares(h);
	sc_buf_adds(&b, "\n");
	sc_html_threads(h);
	sc_buf_adds(&b, "\n");
	sc_html_spikes(h);
	sc_buf_adds(&b, "\n");
	sc_html_figures(h);
	sc_buf_adds(&b, "\n");
	sc_html_definitions(h);
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
