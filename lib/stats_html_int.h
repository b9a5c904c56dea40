/*
 * stats_html_int.h - what the files of the HTML report share (lib/
 * stats_html*.c and stats_chart.c only; the API is stats_html.h):
 *   stats_html.c       the views, running them, the page's frame
 *   stats_html_page.c  the page's sections and tables
 *   stats_chart.c      the drawings: inline SVG charts, heatmap tables
 *   stats_html_text.c  labels in English and Polish, number, share and
 *                      duration formats, HTML escaping, data attributes
 * A view's report is kept as parsed JSON: defs (its definitions object)
 * and rows (an array of its group objects, in the report's order).
 */
#ifndef SC_STATS_HTML_INT_H
#define SC_STATS_HTML_INT_H

#include "stats_html.h"
#include "stats_int.h"

enum { V_TOTAL, V_DAY, V_DAYPLAT, V_HOW, V_PROFILE, V_AGENT, V_TAG, V_FRT, V_SPIKES,
       V_PREV, V_PREVTAG, V_THREAD, V_N };

/* The response-time buckets of the distribution view (--sla of V_FRT). */
#define SC_HTML_NBUCKET 8

struct hview {
	const char *name;	/* data-view="..." */
	char flags[96];		/* the sc-stats flags it adds (documentation) */
	int on;
	struct sc_stats_opts o;
	struct sc_stats *s;
	json_t *defs;		/* the definitions object, or NULL */
	json_t *rows;		/* array of group objects (or alerts) */
};

struct sc_stats_html {
	const struct sc_stats_opts *o;
	struct sc_stats_html_opts ho;
	int lang;
	struct hview v[V_N];
	int64_t prev_since, prev_until;
	struct sc_buf *b;	/* the page being written */
	int ids;		/* counter for SVG element ids */
};

/* stats_html_text.c */
const char *sc_html_l(const struct sc_stats_html *h, const char *key);
/* The label of a value of key (a weekday, category, platform...), or v. */
const char *sc_html_value_label(const struct sc_stats_html *h, const char *key,
				const char *v);
void sc_html_esc(struct sc_buf *b, const char *s);
void sc_html_escn(struct sc_buf *b, const char *s, size_t n);
void sc_html_count(const struct sc_stats_html *h, struct sc_buf *b, double v);
void sc_html_share(const struct sc_stats_html *h, struct sc_buf *b, double v);
void sc_html_pp(const struct sc_stats_html *h, struct sc_buf *b, double diff);
void sc_html_duration(const struct sc_stats_html *h, struct sc_buf *b, double secs);
/* A field's value in the report's display: count, share (0..1),
   duration (*_s) or text; "–" for null or absent. */
void sc_html_value(const struct sc_stats_html *h, struct sc_buf *b, const char *field,
		   const json_t *v);
/* ' data-view="V" data-g="[keys]" data-f="field" data-v="value"': where a
   figure comes from, for readers and for the test that checks the page
   against the JSON. */
void sc_html_data(struct sc_buf *b, const struct hview *v, const json_t *row,
		  const char *field);
/* A <td> (or the given element) holding row.field with its data. */
void sc_html_cell(const struct sc_stats_html *h, const char *el, const struct hview *v,
		  const json_t *row, const char *field);
/* The row of rows whose k1 (and k2 unless NULL) equal v1 (v2); NULL
   values match null keys.  NULL when there is none. */
const json_t *sc_html_find2(const json_t *rows, const char *k1, const char *v1,
			    const char *k2, const char *v2);
double sc_html_num(const json_t *row, const char *field, int *ok);
const char *sc_html_str(const json_t *row, const char *field);

/* stats_html_page.c: the sections, in page order */
void sc_html_brands(struct sc_stats_html *h, struct sc_buf *b);
void sc_html_period(struct sc_stats_html *h, struct sc_buf *b);
void sc_html_headline(struct sc_stats_html *h);
void sc_html_per_day_table(struct sc_stats_html *h, int part);
void sc_html_tables(struct sc_stats_html *h);
void sc_html_shares(struct sc_stats_html *h);
void sc_html_threads(struct sc_stats_html *h);
void sc_html_spikes(struct sc_stats_html *h);
void sc_html_figures(struct sc_stats_html *h);
void sc_html_definitions(struct sc_stats_html *h);

/* stats_chart.c */
void sc_html_chart_daily(struct sc_stats_html *h);
void sc_html_chart_sla(struct sc_stats_html *h);
void sc_html_chart_frt(struct sc_stats_html *h);
void sc_html_heatmap(struct sc_stats_html *h, const char *field);
/* An inline bar of share v (0..1) for a table cell, hidden from readers
   (the figure is the cell's text). */
void sc_html_bar(struct sc_stats_html *h, double v);
/* The local day (YYYY-MM-DD, report zone) of an RFC 3339 UTC hour. */
int sc_html_local_day(const struct sc_stats_html *h, const char *rfc3339, char day[16],
		      int *hour);

#endif
