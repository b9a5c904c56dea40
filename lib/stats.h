/*
 * stats.h - sc-stats: KPIs of social customer care from schema-1 records.
 *
 * The model (see the design note at the top of lib/stats.c): records are
 * reduced on the way in to 48-byte facts (id, thread, parent, time, an
 * interned attribute tuple, the agent); every definition (answer linking,
 * period, spam, automated replies, business hours, percentiles) is applied
 * once, at the end, by sc_stats_report(); by default (opts->settle 7d) a
 * single pass links, aggregates and forgets threads quiet that long on the
 * way, so memory stays bounded.  A partial (--partial) is the facts
 * written out, so sc_stats_add_partial() over the partials of any split of
 * the input rebuilds exactly the state of a single pass that keeps every
 * fact (settle 0, --settle none), and the report of a merge equals that
 * single-pass report byte for byte.
 *
 * Ownership: sc_stats_new() returns a new object for sc_stats_free(); it
 * borrows opts (and opts->profiles) for its whole life.
 */
#ifndef SC_STATS_H
#define SC_STATS_H

#include "sc.h"

enum sc_stats_key {
	SC_BY_PROFILE, SC_BY_PLATFORM, SC_BY_KIND, SC_BY_VISIBILITY,
	SC_BY_CATEGORY, SC_BY_TAG, SC_BY_TEAM, SC_BY_PRIORITY, SC_BY_AGENT,
	SC_BY_DAY, SC_BY_WEEK, SC_BY_HOUR, SC_BY_WEEKDAY, SC_BY_TEMPLATE, SC_BY_VARIANT,
	SC_BY_THREAD, SC_BY_N
};

enum { SC_STATS_JSON, SC_STATS_CSV, SC_STATS_TABLE, SC_STATS_HTML };
enum { SC_LINK_PARENT_FIRST, SC_LINK_EARLIEST };
enum { SC_PCT_NEAREST, SC_PCT_LINEAR };
enum { SC_MEAN_ALL, SC_MEAN_FASTEST90 };
enum { SC_OOH_FROM_OPEN, SC_OOH_COUNT, SC_OOH_SKIP };
enum { SC_CLOCK_BUSINESS, SC_CLOCK_WALL };
enum { SC_ATTR_MESSAGE, SC_ATTR_ANSWER };
enum { SC_SPIKES_OFF, SC_SPIKES_IN, SC_SPIKES_NEGATIVE };

#define SC_STATS_MAXSLA 8
#define SC_STATS_MAXBACKLOG 8

struct sc_stats_opts {
	int by[SC_BY_N];
	int nby;
	const char *tz;			/* zone of day/week/hour/weekday keys */
	struct sc_hours hours;		/* business hours when no profile has its own */
	const char *hours_text, *days_text, *holidays_path, *profiles_path;
	const struct sc_profiles *profiles;
	int64_t since, until;
	int has_since, has_until;
	int64_t sla[SC_STATS_MAXSLA];
	char sla_name[SC_STATS_MAXSLA][24];
	int nsla;
	int64_t backlog[SC_STATS_MAXBACKLOG];
	char backlog_name[SC_STATS_MAXBACKLOG][24];
	int nbacklog;
	int pct;			/* the percentile, 1..99 (90) */
	int pct_method;
	int mean;
	int spam_include;
	int auto_include;
	int ooh;
	int sla_clock;
	int link;
	int attribution;
	int64_t now;
	int has_now;
	int format;
	int spikes;
	double spike_factor;
	long spike_min;
	int64_t spike_window;		/* seconds, a multiple of 3600 */
	int64_t settle;			/* 0 (none: keep every fact), or aggregate
					   threads quiet this long (default 7d) */
	char settle_name[24];		/* its spelling, for the definitions */
	size_t settle_batch;		/* records between settle passes (4096) */
	int partial;			/* --partial: keep thread ids for -b thread */
};

/* Defaults as documented in sc-stats(1); hours are left zeroed (24/7). */
void sc_stats_opts_init(struct sc_stats_opts *o);
/*
 * The options whose value is one of a few words (--format, --link, --spam,
 * ...), each word written once, in lib/stats.c.  sc_stats_words() is the
 * NULL-terminated list of option opt (its long name without "--"; NULL
 * for an option not in the table), sc_stats_set_word() sets the option
 * to the word of index i (for --spikes, "" means in), sc_stats_word() is
 * the word of its current value, for the definitions.
 */
const char *const *sc_stats_words(const char *opt);
void sc_stats_set_word(struct sc_stats_opts *o, const char *opt, int i);
const char *sc_stats_word(const struct sc_stats_opts *o, const char *opt);
/* Parse "profile,day" into o->by; -1 on an unknown or repeated key. */
int sc_stats_parse_by(struct sc_stats_opts *o, const char *s, struct sc_error *e);
/* Parse a comma list of durations ("30m,60m") into v/names; -1 if invalid. */
int sc_stats_parse_durations(const char *s, int64_t *v, char names[][24], int max,
			     int *n, struct sc_error *e);

struct sc_stats;
struct sc_stats *sc_stats_new(const struct sc_stats_opts *o);
void sc_stats_free(struct sc_stats *s);
/* Take one schema-1 record (already checked); -1 with e set to the reason
   when it cannot be used (the caller rejects the line). */
int sc_stats_add(struct sc_stats *s, const json_t *rec, struct sc_error *e);
/* The same from a record's spans (lib/record.h), no DOM: the same facts.
   Status, note and survey records, and records read through jansson,
   take sc_stats_add on the record's DOM. */
int sc_stats_add_rec(struct sc_stats *s, struct sc_record *r, struct sc_error *e);
/* Take one line of a partial written by sc_stats_write_partial(); lines of
   several partials may follow each other (each starts with its header). */
int sc_stats_add_partial(struct sc_stats *s, const json_t *line, struct sc_error *e);
/* Write the state as a partial (NDJSON). 0, or -1 on an output error. */
int sc_stats_write_partial(struct sc_stats *s, struct sc_out *out);
/* Link, aggregate and write the report in o->format. 0 or -1 (output).
   Call it once, after the last record. */
int sc_stats_report(struct sc_stats *s, struct sc_out *out);
/* Facts held (after dedupe and settling) and replacements seen. */
size_t sc_stats_count(const struct sc_stats *s, size_t *replaced);
/* Settle passes run (--settle). */
size_t sc_stats_settled(const struct sc_stats *s);

#endif
