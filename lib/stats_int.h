/*
 * stats_int.h - what the files of sc-stats share (lib/stats*.c only; the
 * API is stats.h).  The facts (struct ent), the interned attribute tuples,
 * the exact distributions, the groups and their accumulators, the rows the
 * output formats write, and the functions one file of the family calls in
 * another.  The files, in the order a record goes through them:
 *   stats.c          options, their words, the object's life
 *   stats_ingest.c   a record to a fact (interning, replacement by id)
 *   stats_partial.c  facts out to a partial and back in (--partial, --merge)
 *   stats_link.c     the sort, answer linking, settling (--settle)
 *   stats_agg.c      groups and keys, the definitions applied per thread
 *   stats_dist.c     exact distributions of seconds, percentiles
 *   stats_out.c      rows, the definitions, JSON and CSV, sc_stats_report()
 *   stats_table.c    the aligned table and the hour-of-week heatmap
 *   stats_spikes.c   --spikes: hourly counts and the alert rule
 */
#ifndef SC_STATS_INT_H
#define SC_STATS_INT_H

#include <time.h>

#include "stats.h"

enum { T_CUST = 0, T_BRAND = 1, T_STATUS = 2, T_NOTE = 3, T_SURVEY = 4 };
/* F_NPS: a survey fact is an NPS answer (else CSAT); F_EXPERT: a note
   not by the team (author.is_brand false: an expert's answer by e-mail) */
enum { F_AUTO = 1, F_TRIAGE = 2, F_SPAM = 4, F_NEG = 8, F_NPS = 16, F_EXPERT = 32 };
/* A reply is followed up when the customer writes again within this. */
#define SC_STATS_FOLLOWUP 86400
/* ST_x is the schema's status index + 1 (resolved .. assigned). */
enum { ST_RESOLVED = 1, ST_REOPENED, ST_ESCALATED, ST_ASSIGNED };

extern const char *const sc_stats_key_names[];
extern const char *const sc_stats_wd_names[];
#define NCAT SC_NCATEGORY
#define NSENT SC_NSENTIMENT
#define NPRIO SC_NPRIORITY

/* The times a fact may carry: from 0000-01-01 to 10^13 s, past the latest
   time sc_time_parse() gives (a 16-digit epoch in milliseconds), so the
   day, hour and spike arithmetic cannot overflow.  A partial's "t" outside
   them is a bad line (records cannot carry one). */
#define SC_STATS_T_MIN (-62167219200LL)
#define SC_STATS_T_MAX 10000000000000LL

/*
 * One record's facts, 48 bytes.  par (the parent's id hash) is read for
 * brand messages only (linking); a customer message keeps in its place
 * au, a 32-bit hash of author.id (0: none), and due, its triage.due_at
 * as seconds after created_at + 1 (0: none); an escalation keeps there
 * its due_at the same way (the team's internal deadline).  agent is a brand message's,
 * note's, status's or survey's agent; st the status (ST_x) or a survey's
 * rating.  attr is the tuple of every fact (a status, note or survey
 * tuple holds its own profile, platform, kind and, for a status, team).
 */
struct ent {
	int64_t t;
	uint64_t id, th;
	union {
		uint64_t par;
		struct {
			uint32_t au, due;
		};
	};
	uint32_t attr, agent;
	uint32_t ans;		/* report: answer index + 1 */
	uint8_t type, flags, st, pad;
};

/* An interned attribute tuple.  v[] follows enum sc_stats_key for the
   first fields; NULL means absent. */
enum { A_PROFILE, A_PLATFORM, A_KIND, A_VISIBILITY, A_CATEGORY, A_TEAM,
       A_PRIORITY, A_SENTIMENT, A_TEMPLATE, A_VARIANT, A_N };
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
	/* stats_kpi.c: the figures of issues 12, 13, 15 and 16 */
	long followup_n, followed_up;	/* brand replies, and those followed up */
	long notes, resolutions, escalations;	/* records by their own agent */
	long esc_answered;		/* escalations an expert's note answered */
	struct dist esc;		/* and the seconds it took */
	long esc_due_n, esc_due_in;	/* escalations with due_at; answered by it */
	long due_n, due_in;		/* messages with due_at; answered by it */
	long csat_n, csat_sat, csat_sum, nps_n, nps_pro, nps_det;
	long vis_den, vis_help;		/* public problem threads; answered in public */
	long after_n, after[NSENT];	/* sentiment of the follow-up of an answer */
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
	int any_esc_due;	/* an escalation with due_at was read */
	/* thread ids by hash, kept for -b thread and --partial */
	struct sc_set64 thidx;	/* thread hash -> index + 1 in thn */
	char **thn;
	size_t nthn, capthn;
	/* partial reading: maps of the current partial's indexes */
	uint32_t *pmap_tu, *pmap_ag;
	size_t npmap_tu, npmap_ag;
	int in_partial;
	struct sc_buf kb;
	struct sc_buf rb;	/* sc_stats_add_rec: the record's decoded strings */
	/* report */
	struct group *g;
	size_t ng, capg;
	struct sc_set64 gidx;
	/* zone offsets per UTC hour, direct mapped: facts are sorted by
	   thread, not time, so one last-hour cache would miss every time */
	int64_t off_hour[4096];
	int32_t off_val[4096];
};

struct keyvals {
	const char *v[SC_BY_N];
	int ord[SC_BY_N];
	char day[40], week[40], hour[16];
};

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

/* stats_dist.c */
void sc_i64vec_push(struct i64vec *v, int64_t x);
int sc_i64_cmp(const void *a, const void *b);
void sc_dist_push(struct dist *d, int64_t x);
size_t sc_dist_count(const struct dist *d);
void sc_dist_ready(struct dist *d);
int64_t sc_dist_at(const struct dist *d, size_t k);
int64_t sc_dist_sum_first(const struct dist *d, size_t m);
void sc_dist_release(struct dist *d);
double sc_dist_percentile(const struct sc_stats_opts *o, const struct dist *d, size_t n, int p);

/* stats_ingest.c */
int sc_stats_name_index(const char *const *names, int n, const char *s);
void sc_stats_key_add(struct sc_buf *b, const char *v);
uint32_t sc_stats_tuple_intern(struct sc_stats *s, const char *const *v,
			       const char *const *tags, size_t ntags);
uint32_t sc_stats_agent_intern(struct sc_stats *s, const char *a);
void sc_stats_put(struct sc_stats *s, const struct ent *x);

/* stats_link.c */
int sc_stats_brand_counts(const struct sc_stats *s, const struct ent *x);
void sc_stats_link_all(struct sc_stats *s);
void sc_stats_settle(struct sc_stats *s);

/* stats_agg.c */
typedef void (*sc_stats_group_fn)(struct sc_stats *s, struct group *g, void *arg);
void sc_stats_time_keys(struct sc_stats *s, int64_t t, struct keyvals *kv);
void sc_stats_attr_keys(const struct sc_stats *s, const struct tuple *t, uint32_t agent,
			struct keyvals *kv);
struct group *sc_stats_group_get(struct sc_stats *s, const int *by, int n,
				 const struct keyvals *kv);
int sc_stats_by_has(const struct sc_stats_opts *o, int key);
void sc_stats_each_group(struct sc_stats *s, const int *by, int n, int with_tag,
			 struct keyvals *kv, const struct tuple *t, sc_stats_group_fn fn,
			 void *arg);
int sc_stats_in_period(const struct sc_stats_opts *o, int64_t t);
void sc_stats_aggregate(struct sc_stats *s, int64_t cutoff);

/* stats_kpi.c */
void sc_stats_thread_name(struct sc_stats *s, uint64_t th, const char *name);
const char *sc_stats_thread_lookup(const struct sc_stats *s, uint64_t th);
const struct ent *sc_stats_followup(const struct sc_stats *s, size_t i, uint32_t au);
uint32_t sc_stats_target_author(const struct sc_stats *s, size_t a, size_t b, size_t i);
void sc_stats_events(struct sc_stats *s, size_t a, size_t b, const struct ent *first,
		     struct keyvals *kv, int need_time, int with_tag);
void sc_stats_kpi_cells(struct sc_stats *s, struct group *g, struct row *r);
void sc_stats_kpi_definitions(struct row *r);
void sc_stats_release_threads(struct sc_stats *s);

/* stats_out.c */
struct cell *sc_stats_cell_add(struct row *r, int type, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
void sc_stats_fmt_num(char *out, size_t n, double v, int dec);
void sc_stats_cell_long(struct row *r, const char *name, long v);
/* name_median_s, name_pP_s (with_pct) and name_mean_s of d */
void sc_stats_cell_dist(struct row *r, const struct sc_stats_opts *o, const char *prefix,
			struct dist *d, int with_pct);
void sc_stats_group_row(struct sc_stats *s, struct group *g, struct row *r);
void sc_stats_definitions(const struct sc_stats *s, struct row *r);
void sc_stats_json_row(struct sc_buf *b, const struct row *r);
void sc_stats_csv_row(struct sc_buf *b, const struct row *r, int header);

/* stats_table.c */
int sc_stats_write_table_header(struct sc_stats *s, struct sc_out *out);
int sc_stats_write_table(struct sc_stats *s, struct sc_out *out, struct row *row);
int sc_stats_write_heatmap(struct sc_stats *s, struct sc_out *out);

/* stats_spikes.c */
void sc_stats_spike_collect(struct sc_stats *s, size_t a, size_t b);
int sc_stats_write_spikes(struct sc_stats *s, struct sc_out *out);

#endif
