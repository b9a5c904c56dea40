/*
 * stats_chart.c - the drawings of the HTML report: inline SVG charts and
 * the hour-of-week heatmaps.
 *
 * Design note.  Every chart is an <svg role="img"> in a <figure> with a
 * <title> and a <desc> (aria-labelledby), drawn in a 720-unit-wide
 * viewBox that the stylesheet scales to the page (1280 px screens, A4
 * paper), and its figures are in a table next to it (the per-day table,
 * the distribution table), so nothing is only a picture.  Greyscale
 * prints and colour-blind readers are served by form, not hue: platforms
 * are told apart by fill patterns (solid, hatched, dotted, cross-hatched,
 * lined) with a legend, SLA lines by dash pattern and marker shape, the
 * target line by its label, and the median and percentile by labelled
 * marks.  Heatmaps are HTML tables whose cells carry their figure as
 * text; the shade (printed, print-color-adjust) only helps the eye.
 * Nothing here computes a metric: everything drawn is a field of a
 * view's JSON report (stats_html.c), at most subtracted (bucket shares
 * from cumulative within_* shares) or scaled.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "stats_html_int.h"

#define W 720
#define NPAT 9

static void
svg_open(struct sc_stats_html *h, int height, const char *title, const char *desc)
{
	int id = ++h->ids;

	sc_buf_printf(h->b, "<figure><svg viewBox=\"0 0 %d %d\" role=\"img\" "
		      "aria-labelledby=\"sc-t%d sc-d%d\"><title id=\"sc-t%d\">", W, height, id,
		      id, id);
	sc_html_esc(h->b, title);
	sc_buf_printf(h->b, "</title><desc id=\"sc-d%d\">", id);
	sc_html_esc(h->b, desc);
	sc_buf_adds(h->b, "</desc>");
}

static void
svg_close(struct sc_stats_html *h, const char *caption)
{
	sc_buf_adds(h->b, "</svg>");
	if (caption) {
		sc_buf_adds(h->b, "<figcaption>");
		sc_html_esc(h->b, caption);
		sc_buf_adds(h->b, "</figcaption>");
	}
	sc_buf_adds(h->b, "</figure>");
}

/* The fill patterns of the platforms, ids sc-pID-K. */
static void
patterns(struct sc_stats_html *h, int id)
{
	struct sc_buf *b = h->b;

	sc_buf_adds(b, "<defs>");
	sc_buf_printf(b, "<pattern id=\"sc-p%d-1\" width=\"6\" height=\"6\" patternUnits="
		      "\"userSpaceOnUse\" patternTransform=\"rotate(45)\"><rect width=\"6\" "
		      "height=\"6\" fill=\"#cfe0f1\"/><rect width=\"2.5\" height=\"6\" "
		      "fill=\"#1b3a5c\"/></pattern>", id);
	sc_buf_printf(b, "<pattern id=\"sc-p%d-3\" width=\"5\" height=\"5\" patternUnits="
		      "\"userSpaceOnUse\"><rect width=\"5\" height=\"5\" fill=\"#fff\"/>"
		      "<circle cx=\"2.5\" cy=\"2.5\" r=\"1.3\" fill=\"#222\"/></pattern>", id);
	sc_buf_printf(b, "<pattern id=\"sc-p%d-4\" width=\"6\" height=\"6\" patternUnits="
		      "\"userSpaceOnUse\"><rect width=\"6\" height=\"6\" fill=\"#f2e3c6\"/>"
		      "<path d=\"M0 0L6 6M6 0L0 6\" stroke=\"#5a3d00\" stroke-width=\"1\"/>"
		      "</pattern>", id);
	sc_buf_printf(b, "<pattern id=\"sc-p%d-5\" width=\"6\" height=\"4\" patternUnits="
		      "\"userSpaceOnUse\"><rect width=\"6\" height=\"4\" fill=\"#fff\"/>"
		      "<rect width=\"6\" height=\"1.5\" fill=\"#444\"/></pattern>", id);
	sc_buf_printf(b, "<pattern id=\"sc-p%d-6\" width=\"4\" height=\"6\" patternUnits="
		      "\"userSpaceOnUse\"><rect width=\"4\" height=\"6\" fill=\"#e8f3e8\"/>"
		      "<rect width=\"1.5\" height=\"6\" fill=\"#1d5e1d\"/></pattern>", id);
	sc_buf_printf(b, "<pattern id=\"sc-p%d-8\" width=\"6\" height=\"6\" patternUnits="
		      "\"userSpaceOnUse\" patternTransform=\"rotate(-45)\"><rect width=\"6\" "
		      "height=\"6\" fill=\"#fff\"/><rect width=\"1.2\" height=\"6\" "
		      "fill=\"#000\"/></pattern>", id);
	sc_buf_adds(b, "</defs>");
}

static void
fill(struct sc_buf *b, int id, int k)
{
	static const char *const solid[NPAT] = {"#1b3a5c", NULL, "#7a9cc6", NULL, NULL, NULL,
						NULL, "#d9d9d9", NULL};

	k %= NPAT;
	if (solid[k])
		sc_buf_printf(b, "fill=\"%s\"", solid[k]);
	else
		sc_buf_printf(b, "fill=\"url(#sc-p%d-%d)\"", id, k);
}

/* Days since 1970-01-01 of "YYYY-MM-DD", or -1. */
static long
day_number(const char *d)
{
	struct tm tm;
	int y, m, dd;

	if (d == NULL || sscanf(d, "%4d-%2d-%2d", &y, &m, &dd) != 3)
		return -1;
	memset(&tm, 0, sizeof(tm));
	tm.tm_year = y - 1900;
	tm.tm_mon = m - 1;
	tm.tm_mday = dd;
	return (long)(timegm(&tm) / 86400);
}

/* A short axis label of day n: 16.11 (pl) or 11-16 (en). */
static void
day_short(const struct sc_stats_html *h, long n, char out[16])
{
	time_t t = (time_t)n * 86400;
	struct tm tm;

	gmtime_r(&t, &tm);
	strftime(out, 16, h->lang == SC_HTML_PL ? "%d.%m" : "%m-%d", &tm);
}

int
sc_html_local_day(const struct sc_stats_html *h, const char *rfc3339, char day[16], int *hour)
{
	int64_t t;
	struct tm tm;

	if (rfc3339 == NULL || sc_time_parse(rfc3339, &t) < 0 || sc_tz_local(h->o->tz, t, &tm) < 0)
		return -1;
	strftime(day, 16, "%Y-%m-%d", &tm);
	*hour = tm.tm_hour;
	return 0;
}

/* A step of 1, 2 or 5 times a power of ten giving at most 5 ticks to max. */
static double
nice_step(double max)
{
	double p = 1, steps[] = {1, 2, 5};

	if (max <= 5)
		return 1;
	for (;;) {
		for (int i = 0; i < 3; i++)
			if (max / (steps[i] * p) <= 5)
				return steps[i] * p;
		p *= 10;
	}
}

struct frame {
	double x0, y0, pw, ph;	/* plot area: left, top, width, height */
	long d0, nd;		/* first day, number of days */
};

static double
day_x(const struct frame *f, long d)
{
	return f->x0 + ((double)(d - f->d0) + 0.5) * f->pw / (double)f->nd;
}

/* The x axis of days: a label every few days. */
static void
day_axis(struct sc_stats_html *h, const struct frame *f)
{
	long every = f->nd <= 16 ? 1 : (f->nd + 15) / 16, d;
	char t[16];

	sc_buf_printf(h->b, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" "
		      "stroke=\"#222\"/>", f->x0, f->y0 + f->ph, f->x0 + f->pw, f->y0 + f->ph);
	for (d = 0; d < f->nd; d += every) {
		day_short(h, f->d0 + d, t);
		sc_buf_printf(h->b, "<text x=\"%.1f\" y=\"%.1f\" font-size=\"10\" "
			      "text-anchor=\"middle\">%s</text>", day_x(f, f->d0 + d),
			      f->y0 + f->ph + 13, t);
	}
}

static void
y_axis(struct sc_stats_html *h, const struct frame *f, double max, int share)
{
	double step = share ? 0.2 : nice_step(max), v;

	for (v = 0; v <= max + 1e-9; v += step) {
		double y = f->y0 + f->ph - v / max * f->ph;
		sc_buf_printf(h->b, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" "
			      "stroke=\"#ccc\" stroke-width=\"0.7\"/><text x=\"%.1f\" y=\"%.1f\" "
			      "font-size=\"10\" text-anchor=\"end\">", f->x0, y, f->x0 + f->pw, y,
			      f->x0 - 4, y + 3.5);
		if (share)
			sc_buf_printf(h->b, "%.0f%%", v * 100);
		else
			sc_html_count(h, h->b, v);
		sc_buf_adds(h->b, "</text>");
	}
}

/* The range of days of the day view. */
static int
day_range(const struct sc_stats_html *h, struct frame *f)
{
	const json_t *rows = h->v[V_DAY].rows;
	size_t i;
	long lo = -1, hi = -1;

	for (i = 0; i < json_array_size(rows); i++) {
		long d = day_number(sc_html_str(json_array_get(rows, i), "day"));
		if (d < 0)
			continue;
		if (lo < 0 || d < lo)
			lo = d;
		if (d > hi)
			hi = d;
	}
	if (lo < 0)
		return -1;
	f->d0 = lo;
	f->nd = hi - lo + 1;
	if (f->nd > 3660)
		f->nd = 3660;	/* ten years of bars is enough */
	return 0;
}

static void
empty_note(struct sc_stats_html *h)
{
	sc_buf_printf(h->b, "<p>%s: 0</p>", sc_html_l(h, "in"));
}

void
sc_html_chart_daily(struct sc_stats_html *h)
{
	const json_t *days = h->v[V_DAY].rows, *plat_rows = h->v[V_DAYPLAT].rows;
	const json_t *alerts = h->v[V_SPIKES].rows;
	struct frame f = {46, 30, W - 56, 170, 0, 0};
	const char *plat[16];
	size_t np = 0, i, j;
	double max = 1;
	int id;

	if (day_range(h, &f) < 0) {
		empty_note(h);
		return;
	}
	for (i = 0; i < json_array_size(plat_rows) && np < 16; i++) {
		const char *p = sc_html_str(json_array_get(plat_rows, i), "platform");
		for (j = 0; j < np && !((p == NULL && plat[j] == NULL) ||
					(p && plat[j] && strcmp(p, plat[j]) == 0)); j++)
			;
		if (j == np)
			plat[np++] = p;
	}
	for (i = 0; i < json_array_size(days); i++) {
		double in = sc_html_num(json_array_get(days, i), "in", NULL);
		if (in > max)
			max = in;
	}
	max = ceil(max / nice_step(max)) * nice_step(max);
	svg_open(h, 250 + 16 * (int)((np + 3) / 4), sc_html_l(h, "daily"), sc_html_l(h, "daily_desc"));
	id = h->ids;
	patterns(h, id);
	y_axis(h, &f, max, 0);
	for (i = 0; i < json_array_size(days); i++) {
		const json_t *r = json_array_get(days, i);
		const char *day = sc_html_str(r, "day");
		long d = day_number(day);
		double bw = f.pw / (double)f.nd * 0.8, y = f.y0 + f.ph, x;
		if (d < 0 || d - f.d0 >= f.nd)
			continue;
		x = day_x(&f, d) - bw / 2;
		for (j = 0; j < np; j++) {
			const json_t *c = sc_html_find2(plat_rows, "day", day, "platform", plat[j]);
			double v = sc_html_num(c, "in", NULL), bh = v / max * f.ph;
			if (v <= 0)
				continue;
			y -= bh;
			sc_buf_printf(h->b, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" ",
				      x, y, bw, bh);
			fill(h->b, id, (int)j);
			sc_buf_adds(h->b, " stroke=\"#fff\" stroke-width=\"0.5\"><title>");
			sc_html_esc(h->b, day);
			sc_buf_adds(h->b, " ");
			sc_html_esc(h->b, sc_html_value_label(h, "platform", plat[j]));
			sc_buf_printf(h->b, ": %.0f</title></rect>", v);
		}
	}
	/* spikes: a numbered mark over the day, numbers as in the spikes table */
	long last = -1;
	int stack = 0;
	for (i = 0; i < json_array_size(alerts); i++) {
		char day[16];
		int hr;
		long d;
		double x, y, tot = 0;
		if (sc_html_local_day(h, sc_html_str(json_array_get(alerts, i), "hour"), day, &hr) < 0)
			continue;
		d = day_number(day);
		if (d < f.d0 || d - f.d0 >= f.nd)
			continue;
		stack = d == last ? stack + 1 : 0;
		last = d;
		tot = sc_html_num(sc_html_find2(days, "day", day, NULL, NULL), "in", NULL);
		x = day_x(&f, d);
		y = f.y0 + f.ph - tot / max * f.ph - 4 - 13 * stack;
		sc_buf_printf(h->b, "<path d=\"M%.1f %.1fl-5 -8h10z\" fill=\"#000\"/><text x=\"%.1f\" "
			      "y=\"%.1f\" font-size=\"10\" font-weight=\"700\" text-anchor=\"start\">"
			      "%zu</text>", x, y, x + 6, y - 1, i + 1);
	}
	day_axis(h, &f);
	/* legend */
	for (j = 0; j < np; j++) {
		double lx = 46 + (double)(j % 4) * 165, ly = 228 + 16 * (double)(j / 4);
		sc_buf_printf(h->b, "<rect x=\"%.1f\" y=\"%.1f\" width=\"14\" height=\"10\" "
			      "stroke=\"#222\" stroke-width=\"0.5\" ", lx, ly);
		fill(h->b, id, (int)j);
		sc_buf_printf(h->b, "/><text x=\"%.1f\" y=\"%.1f\" font-size=\"11\">", lx + 18, ly + 9);
		sc_html_esc(h->b, sc_html_value_label(h, "platform", plat[j]));
		sc_buf_adds(h->b, "</text>");
	}
	svg_close(h, sc_html_l(h, "daily_desc"));
}

static const char *const dashes[] = {"", "6 3", "2 2", "8 3 2 3"};

static void
marker(struct sc_buf *b, int k, double x, double y)
{
	switch (k % 4) {
	case 0:
		sc_buf_printf(b, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"3\" fill=\"#000\"/>", x, y);
		break;
	case 1:
		sc_buf_printf(b, "<rect x=\"%.1f\" y=\"%.1f\" width=\"6\" height=\"6\" "
			      "fill=\"#fff\" stroke=\"#000\"/>", x - 3, y - 3);
		break;
	case 2:
		sc_buf_printf(b, "<path d=\"M%.1f %.1fl4 7h-8z\" fill=\"#555\"/>", x, y - 4);
		break;
	default:
		sc_buf_printf(b, "<path d=\"M%.1f %.1fl4 4 -4 4 -4 -4z\" fill=\"#fff\" "
			      "stroke=\"#000\"/>", x, y - 4);
	}
}

void
sc_html_chart_sla(struct sc_stats_html *h)
{
	const json_t *days = h->v[V_DAY].rows;
	const struct sc_stats_opts *o = h->o;
	struct frame f = {46, 16, W - 56, 170, 0, 0};
	double ty;
	int k;

	if (o->nsla == 0 || day_range(h, &f) < 0)
		return;
	svg_open(h, 236, sc_html_l(h, "sla_daily"), sc_html_l(h, "sla_daily_desc"));
	y_axis(h, &f, 1.0, 1);
	ty = f.y0 + f.ph - h->ho.target * f.ph;
	sc_buf_printf(h->b, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#b00\" "
		      "stroke-width=\"1.5\" stroke-dasharray=\"10 4\"/><text x=\"%.1f\" y=\"%.1f\" "
		      "font-size=\"10\" text-anchor=\"end\" fill=\"#000\">", f.x0, ty, f.x0 + f.pw, ty,
		      f.x0 + f.pw, ty - 3);
	sc_html_esc(h->b, sc_html_l(h, "target"));
	sc_buf_adds(h->b, " ");
	sc_html_share(h, h->b, h->ho.target);
	sc_buf_adds(h->b, "</text>");
	for (k = 0; k < o->nsla && k < 4; k++) {
		char fld[48];
		int pen = 0;
		snprintf(fld, sizeof(fld), "within_%s", o->sla_name[k]);
		sc_buf_printf(h->b, "<path fill=\"none\" stroke=\"#000\" stroke-width=\"1.6\" "
			      "stroke-dasharray=\"%s\" d=\"", dashes[k]);
		for (size_t i = 0; i < json_array_size(days); i++) {
			const json_t *r = json_array_get(days, i);
			long d = day_number(sc_html_str(r, "day"));
			int ok;
			double v = sc_html_num(r, fld, &ok);
			if (!ok || d < f.d0 || d - f.d0 >= f.nd) {
				pen = 0;
				continue;
			}
			sc_buf_printf(h->b, "%s%.1f %.1f", pen ? "L" : "M", day_x(&f, d),
				      f.y0 + f.ph - v * f.ph);
			pen = 1;
		}
		sc_buf_adds(h->b, "\"/>");
		for (size_t i = 0; i < json_array_size(days); i++) {
			const json_t *r = json_array_get(days, i);
			long d = day_number(sc_html_str(r, "day"));
			int ok;
			double v = sc_html_num(r, fld, &ok);
			if (ok && d >= f.d0 && d - f.d0 < f.nd)
				marker(h->b, k, day_x(&f, d), f.y0 + f.ph - v * f.ph);
		}
		/* legend */
		double lx = 46 + 170 * k;
		sc_buf_printf(h->b, "<line x1=\"%.1f\" y1=\"225\" x2=\"%.1f\" y2=\"225\" "
			      "stroke=\"#000\" stroke-width=\"1.6\" stroke-dasharray=\"%s\"/>",
			      lx, lx + 26, dashes[k]);
		marker(h->b, k, lx + 13, 225);
		sc_buf_printf(h->b, "<text x=\"%.1f\" y=\"229\" font-size=\"11\">", lx + 32);
		sc_html_esc(h->b, sc_html_l(h, "within"));
		sc_buf_adds(h->b, " ");
		sc_html_esc(h->b, o->sla_name[k]);
		sc_buf_adds(h->b, "</text>");
	}
	day_axis(h, &f);
	svg_close(h, sc_html_l(h, "sla_daily_desc"));
}

/* Where value v (seconds) falls on the bucket axis: bucket k of nb equal
   slots, log-scaled inside a bucket. */
static double
bucket_pos(const int64_t *edge, int nb, double v, int *bucket)
{
	int k;

	for (k = 0; k < nb - 2 && v > (double)edge[k]; k++)
		;
	*bucket = k;
	if (k == nb - 2)
		return k + 0.5;	/* beyond the last edge */
	if (k == 0)
		return v / (double)edge[0];
	return k + log(v / (double)edge[k - 1]) / log((double)edge[k] / (double)edge[k - 1]);
}

void
sc_html_chart_frt(struct sc_stats_html *h)
{
	const struct hview *v = &h->v[V_FRT];
	const json_t *r = v->rows ? json_array_get(v->rows, 0) : NULL;
	const struct sc_stats_opts *vo = &v->o;
	int nb = vo->nsla + 2, k, ok;
	double share[SC_STATS_MAXSLA + 2], cum = 0, max = 0.0001, rr;
	struct sc_buf lab[SC_STATS_MAXSLA + 2];
	double x0 = 46, y0 = 30, pw = W - 56, ph = 160, slot = pw / nb;
	char fld[48], pct[32];

	if (r == NULL || sc_html_num(r, "in", NULL) <= 0) {
		empty_note(h);
		return;
	}
	rr = sc_html_num(r, "response_rate", &ok);
	for (k = 0; k < vo->nsla; k++) {
		snprintf(fld, sizeof(fld), "within_%s", vo->sla_name[k]);
		double c = sc_html_num(r, fld, NULL);
		share[k] = c - cum > 0 ? c - cum : 0;
		cum = c;
	}
	share[vo->nsla] = rr - cum > 0 ? rr - cum : 0;
	share[vo->nsla + 1] = 1 - rr > 0 ? 1 - rr : 0;
	for (k = 0; k < nb; k++) {
		sc_buf_init(&lab[k]);
		if (k == 0)
			sc_buf_printf(&lab[k], "\u2264 %s", vo->sla_name[0]);
		else if (k < vo->nsla)
			sc_buf_printf(&lab[k], "%s\u2013%s", vo->sla_name[k - 1], vo->sla_name[k]);
		else if (k == vo->nsla)
			sc_buf_printf(&lab[k], "> %s", vo->sla_name[k - 1]);
		else
			sc_html_esc(&lab[k], sc_html_l(h, "unanswered"));
		if (share[k] > max)
			max = share[k];
	}
	max = ceil(max * 5) / 5;
	if (max > 1)
		max = 1;
	svg_open(h, 230, sc_html_l(h, "frt_dist"), sc_html_l(h, "frt_dist_desc"));
	struct frame f = {x0, y0, pw, ph, 0, 1};
	y_axis(h, &f, max, 1);
	for (k = 0; k < nb; k++) {
		double bh = share[k] / max * ph, x = x0 + k * slot + slot * 0.1;
		sc_buf_printf(h->b, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" "
			      "fill=\"%s\" stroke=\"#000\" stroke-width=\"0.6\"/>", x, y0 + ph - bh,
			      slot * 0.8, bh, k == nb - 1 ? "#fff" : "#7a9cc6");
		sc_buf_printf(h->b, "<text x=\"%.1f\" y=\"%.1f\" font-size=\"10\" "
			      "text-anchor=\"middle\">", x + slot * 0.4, y0 + ph - bh - 3);
		sc_html_share(h, h->b, share[k]);
		sc_buf_printf(h->b, "</text><text x=\"%.1f\" y=\"%.1f\" font-size=\"10\" "
			      "text-anchor=\"middle\">%s</text>", x + slot * 0.4, y0 + ph + 13,
			      lab[k].data);
	}
	sc_buf_printf(h->b, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#222\"/>",
		      x0, y0 + ph, x0 + pw, y0 + ph);
	/* the median and the percentile of the answered messages */
	snprintf(pct, sizeof(pct), "frt_p%d_s", h->o->pct);
	const char *marks[2] = {"frt_median_s", pct};
	for (int m = 0; m < 2; m++) {
		int b, okm;
		double s = sc_html_num(r, marks[m], &okm), x;
		if (!okm)
			continue;
		x = x0 + bucket_pos(vo->sla, nb, s, &b) * slot;
		sc_buf_printf(h->b, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" "
			      "stroke=\"#b00\" stroke-width=\"1.5\" stroke-dasharray=\"%s\"/>"
			      "<text x=\"%.1f\" y=\"%.1f\" font-size=\"10\" font-weight=\"700\" "
			      "text-anchor=\"%s\">", x, y0 - 14 + 12 * m, x, y0 + ph,
			      m ? "2 2" : "", x + (x > W - 150 ? -3 : 3), y0 - 16 + 12 * m + 8,
			      x > W - 150 ? "end" : "start");
		if (m == 0)
			sc_html_esc(h->b, sc_html_l(h, "median"));
		else
			sc_buf_printf(h->b, "p%d", h->o->pct);
		sc_buf_adds(h->b, " ");
		sc_html_duration(h, h->b, s);
		sc_buf_adds(h->b, "</text>");
	}
	svg_close(h, sc_html_l(h, "frt_dist_desc"));
	/* the figures */
	sc_buf_adds(h->b, "<table><thead><tr><th scope=\"col\" class=\"k\">");
	sc_html_esc(h->b, sc_html_l(h, "bucket"));
	sc_buf_printf(h->b, "</th><th scope=\"col\">%s</th><th scope=\"col\">%s</th></tr></thead>"
		      "<tbody>", sc_html_l(h, "share"), sc_html_l(h, "cumulative"));
	for (k = 0; k < nb; k++) {
		sc_buf_printf(h->b, "<tr><td class=\"k\">%s</td><td>", lab[k].data);
		sc_html_share(h, h->b, share[k]);
		sc_buf_adds(h->b, "</td>");
		if (k < vo->nsla) {
			snprintf(fld, sizeof(fld), "within_%s", vo->sla_name[k]);
			sc_html_cell(h, "td", v, r, fld);
		} else if (k == vo->nsla) {
			sc_html_cell(h, "td", v, r, "response_rate");
		} else {
			sc_buf_adds(h->b, "<td>\u2013</td>");
		}
		sc_buf_adds(h->b, "</tr>");
		sc_buf_release(&lab[k]);
	}
	sc_buf_adds(h->b, "<tr><td class=\"k\">");
	sc_html_esc(h->b, sc_html_l(h, "median"));
	sc_buf_adds(h->b, "</td><td></td>");
	sc_html_cell(h, "td", v, r, "frt_median_s");
	sc_buf_printf(h->b, "</tr><tr><td class=\"k\">p%d</td><td></td>", h->o->pct);
	sc_html_cell(h, "td", v, r, pct);
	sc_buf_adds(h->b, "</tr></tbody></table>");
}

/* A shade of blue for level 0..1, and the text colour that reads on it. */
static void
shade(struct sc_buf *b, double level)
{
	int r = (int)lround(255 - level * (255 - 27)), g = (int)lround(255 - level * (255 - 58)),
	    bl = (int)lround(255 - level * (255 - 92));

	sc_buf_printf(b, " style=\"background:rgb(%d,%d,%d);color:%s\"", r, g, bl,
		      level > 0.55 ? "#fff" : "#000");
}

void
sc_html_heatmap(struct sc_stats_html *h, const char *field)
{
	static const char *const wd[7] = {"mon", "tue", "wed", "thu", "fri", "sat", "sun"};
	const struct hview *v = &h->v[V_HOW];
	const json_t *cell[7][24];
	double max = 0;
	size_t i;
	int d, hr, frt = strcmp(field, "in") != 0;

	memset(cell, 0, sizeof(cell));
	for (i = 0; i < json_array_size(v->rows); i++) {
		const json_t *r = json_array_get(v->rows, i);
		const char *w = sc_html_str(r, "weekday");
		int ok;
		double x = sc_html_num(r, "hour", &ok), val;
		for (d = 0; d < 7 && !(w && strcmp(w, wd[d]) == 0); d++)
			;
		if (d == 7 || !ok || x < 0 || x > 23)
			continue;
		cell[d][(int)x] = r;
		val = sc_html_num(r, field, NULL);
		if (val > max)
			max = val;
	}
	sc_buf_adds(h->b, "<table class=\"heat\"><thead><tr><th scope=\"col\"></th>");
	for (hr = 0; hr < 24; hr++)
		sc_buf_printf(h->b, "<th scope=\"col\">%d</th>", hr);
	sc_buf_adds(h->b, "</tr></thead><tbody>");
	for (d = 0; d < 7; d++) {
		sc_buf_printf(h->b, "<tr><th scope=\"row\">%s</th>", sc_html_l(h, wd[d]));
		for (hr = 0; hr < 24; hr++) {
			const json_t *r = cell[d][hr];
			int ok;
			double val = sc_html_num(r, field, &ok);
			sc_buf_adds(h->b, "<td");
			if (r)
				sc_html_data(h->b, v, r, field);
			if (ok && max > 0)
				shade(h->b, val / max);
			sc_buf_adds(h->b, ">");
			if (!ok)
				sc_buf_adds(h->b, frt ? "\u2013" : "0");
			else if (!frt)
				sc_html_count(h, h->b, val);
			else if (val < 6000)
				sc_buf_printf(h->b, "%.0f", val / 60);
			else
				sc_buf_printf(h->b, "%.0fh", val / 3600);
			sc_buf_adds(h->b, "</td>");
		}
		sc_buf_adds(h->b, "</tr>");
	}
	sc_buf_adds(h->b, "</tbody></table>");
}

void
sc_html_bar(struct sc_stats_html *h, double v)
{
	if (v < 0)
		v = 0;
	if (v > 1)
		v = 1;
	sc_buf_printf(h->b, "<svg viewBox=\"0 0 100 10\" preserveAspectRatio=\"none\" "
		      "aria-hidden=\"true\"><rect width=\"100\" height=\"10\" fill=\"#eee\" "
		      "stroke=\"#999\" stroke-width=\"0.5\"/><rect width=\"%.1f\" height=\"10\" "
		      "fill=\"#1b3a5c\"/></svg>", v * 100);
}
