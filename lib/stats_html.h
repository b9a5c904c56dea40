/*
 * stats_html.h - sc-stats --format html: the report a client reads, one
 * self-contained HTML page (no scripts, no external files, inline SVG).
 *
 * The page is made of views: each view is an ordinary sc-stats run over
 * the same records with the same definitions and one grouping (the total,
 * -b day, -b day,platform, -b weekday,hour, -b profile, -b agent, -b tag,
 * the response-time buckets, --spikes, the previous period).  Every view
 * writes its JSON report (the JSON writer of lib/stats_out.c), the page
 * is built from those JSON lines parsed back, so every figure on the page
 * is a figure of `sc-stats --format json` with the view's flags
 * (sc-stats(1), HTML REPORT, lists them).  See the note atop
 * lib/stats_html.c.
 *
 * Ownership: sc_stats_html_new() returns a new object for
 * sc_stats_html_free(); it borrows o (and o->profiles) for its life.
 */
#ifndef SC_STATS_HTML_H
#define SC_STATS_HTML_H

#include "stats.h"

enum { SC_HTML_EN, SC_HTML_PL };

struct sc_stats_html_opts {
	int lang;		/* SC_HTML_EN, SC_HTML_PL; -1: profiles' lang, else en */
	double target;		/* the SLA target share, 0..1 (0.8) */
	char target_name[24];	/* its spelling, for the definitions */
};

void sc_stats_html_opts_init(struct sc_stats_html_opts *ho);
/* "80%", "0.8" or "80" (a percent when above 1) into ho; -1 if invalid. */
int sc_stats_html_parse_target(struct sc_stats_html_opts *ho, const char *s,
			       struct sc_error *e);

struct sc_stats_html;
struct sc_stats_html *sc_stats_html_new(const struct sc_stats_opts *o,
					const struct sc_stats_html_opts *ho);
void sc_stats_html_free(struct sc_stats_html *h);
/* As sc_stats_add() and sc_stats_add_partial(), for every view. */
int sc_stats_html_add(struct sc_stats_html *h, const json_t *rec, struct sc_error *e);
int sc_stats_html_add_partial(struct sc_stats_html *h, const json_t *line,
			      struct sc_error *e);
/* Run every view and write the page.  0, or -1: e says why (71 when a
   view's report could not be kept, 74 on an output error). */
int sc_stats_html_report(struct sc_stats_html *h, struct sc_out *out, struct sc_error *e);

#endif
