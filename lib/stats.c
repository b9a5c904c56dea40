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
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "stats_int.h"

const char *const sc_stats_key_names[] = {
	"profile", "platform", "kind", "visibility", "category", "tag", "team",
	"priority", "agent", "day", "week", "hour", "weekday", "template", "variant",
	"thread"
};
const char *const sc_stats_wd_names[] = {"sun", "mon", "tue", "wed", "thu", "fri", "sat"};

/* The word-valued options: a value is the index of its word. */
static const struct word_opt {
	const char *opt;
	size_t off;
	const char *words[5];	/* NULL-terminated */
} word_opts[] = {
	{"format", offsetof(struct sc_stats_opts, format), {"json", "csv", "table", "html"}},
	{"percentile-method", offsetof(struct sc_stats_opts, pct_method),
	 {"nearest-rank", "linear"}},
	{"mean", offsetof(struct sc_stats_opts, mean), {"all", "fastest90"}},
	{"spam", offsetof(struct sc_stats_opts, spam_include), {"exclude", "include"}},
	{"automated", offsetof(struct sc_stats_opts, auto_include), {"exclude", "include"}},
	{"outside-hours", offsetof(struct sc_stats_opts, ooh), {"from-open", "count", "skip"}},
	{"sla-clock", offsetof(struct sc_stats_opts, sla_clock), {"business", "wall"}},
	{"link", offsetof(struct sc_stats_opts, link), {"parent-first", "earliest"}},
	{"attribution", offsetof(struct sc_stats_opts, attribution), {"message", "answer"}},
	/* "--spikes=" alone means in, as --spikes does */
	{"spikes", offsetof(struct sc_stats_opts, spikes), {"", "in", "negative"}},
};

static const struct word_opt *
word_opt(const char *opt)
{
	for (size_t i = 0; i < sizeof(word_opts) / sizeof(word_opts[0]); i++)
		if (strcmp(word_opts[i].opt, opt) == 0)
			return &word_opts[i];
	return NULL;
}

const char *const *
sc_stats_words(const char *opt)
{
	const struct word_opt *w = word_opt(opt);

	return w ? w->words : NULL;
}

void
sc_stats_set_word(struct sc_stats_opts *o, const char *opt, int i)
{
	const struct word_opt *w = word_opt(opt);

	if (w == NULL || i < 0 || i >= 4 || w->words[i] == NULL)
		return;
	if (w->off == offsetof(struct sc_stats_opts, spikes) && i == SC_SPIKES_OFF)
		i = SC_SPIKES_IN;
	*(int *)((char *)o + w->off) = i;
}

const char *
sc_stats_word(const struct sc_stats_opts *o, const char *opt)
{
	const struct word_opt *w = word_opt(opt);
	int v;

	if (w == NULL)
		return NULL;
	v = *(const int *)((const char *)o + w->off);
	return v >= 0 && v < 4 && w->words[v] ? w->words[v] : "";
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
			if (strlen(sc_stats_key_names[k]) == n && strncmp(sc_stats_key_names[k], p, n) == 0)
				found = k;
		if (found < 0)
			return sc_error_set(e, SC_EX_USAGE, NULL, 0, 0,
					    "--by: unknown key '%.*s'", (int)n, p);
		for (k = 0; k < o->nby; k++)
			if (o->by[k] == found)
				return sc_error_set(e, SC_EX_USAGE, NULL, 0, 0,
						    "--by: key '%s' given twice", sc_stats_key_names[found]);
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
	sc_set64_init(&s->thidx);
	sc_buf_init(&s->kb);
	sc_buf_init(&s->rb);
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
	sc_dist_release(&a->frt);
	sc_dist_release(&a->bh);
	sc_dist_release(&a->res);
	sc_dist_release(&a->esc);
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
	sc_stats_release_threads(s);
	free(s->e);
	free(s->spk.v);
	free(s->pmap_tu);
	free(s->pmap_ag);
	sc_set64_release(&s->ids);
	sc_set64_release(&s->tuidx);
	sc_set64_release(&s->agidx);
	sc_set64_release(&s->gidx);
	sc_buf_release(&s->kb);
	sc_buf_release(&s->rb);
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
