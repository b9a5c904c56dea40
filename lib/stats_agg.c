/*
 * stats_agg.c - the definitions applied to linked facts, thread by
 * thread: the period, spam, automated replies, business hours, SLA,
 * resolution and FCR, added to the groups of the --by keys (time keys in
 * the report zone, one group per tag).
 */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "stats_int.h"

/* ---- groups ---- */

static const struct sc_hours *
hours_for(const struct sc_stats *s, const struct tuple *t)
{
	const struct sc_profile *p;

	if (s->o->profiles && t->v[A_PROFILE] &&
	    (p = sc_profiles_find(s->o->profiles, t->v[A_PROFILE])) != NULL)
		return &p->hours;
	return &s->o->hours;
}

/* Local civil time of t in the report zone; the offset is cached per UTC
   hour (zones change offset on whole UTC hours). */
static void
local_tm(struct sc_stats *s, int64_t t, struct tm *out)
{
	int64_t hr = t >= 0 ? t / 3600 : (t - 3599) / 3600;
	int64_t lt, days, secs;

	size_t slot = (size_t)((uint64_t)hr % 4096);

	if (hr != s->off_hour[slot]) {
		struct tm tm;
		if (sc_tz_local(s->o->tz, hr * 3600, &tm) < 0)
			tm.tm_gmtoff = 0;
		s->off_val[slot] = (int32_t)tm.tm_gmtoff;
		s->off_hour[slot] = hr;
	}
	lt = t + s->off_val[slot];
	days = lt >= 0 ? lt / 86400 : (lt - 86399) / 86400;
	secs = lt - days * 86400;
	time_t tt = (time_t)(days * 86400);
	gmtime_r(&tt, out);
	out->tm_hour = (int)(secs / 3600);
	out->tm_min = (int)(secs % 3600 / 60);
	out->tm_sec = (int)(secs % 60);
}

void
sc_stats_time_keys(struct sc_stats *s, int64_t t, struct keyvals *kv)
{
	struct tm tm;
	int wd, yday, wk, y;

	local_tm(s, t, &tm);
	snprintf(kv->day, sizeof(kv->day), "%04d-%02d-%02d", tm.tm_year + 1900,
		 tm.tm_mon + 1, tm.tm_mday);
	/* ISO 8601 week: the week with the year's first Thursday is week 1 */
	wd = (tm.tm_wday + 6) % 7;	/* Monday 0 */
	yday = tm.tm_yday;
	y = tm.tm_year + 1900;
	wk = (yday - wd + 10) / 7;
	if (wk < 1) {
		int py = y - 1;
		int pdays = (py % 4 == 0 && (py % 100 != 0 || py % 400 == 0)) ? 366 : 365;
		y = py;
		wk = (yday + pdays - wd + 10) / 7;
	} else {
		int days = (y % 4 == 0 && (y % 100 != 0 || y % 400 == 0)) ? 366 : 365;
		if (wk == 53 && (yday - wd + 3) >= days) {
			/* Thursday of this week falls in next year */
			wk = 1;
			y++;
		}
	}
	snprintf(kv->week, sizeof(kv->week), "%04d-W%02d", y, wk);
	snprintf(kv->hour, sizeof(kv->hour), "%d", tm.tm_hour);
	kv->v[SC_BY_DAY] = kv->day;
	kv->v[SC_BY_WEEK] = kv->week;
	kv->v[SC_BY_HOUR] = kv->hour;
	kv->ord[SC_BY_HOUR] = tm.tm_hour;
	kv->v[SC_BY_WEEKDAY] = sc_stats_wd_names[tm.tm_wday];
	kv->ord[SC_BY_WEEKDAY] = wd;
}

void
sc_stats_attr_keys(const struct sc_stats *s, const struct tuple *t, uint32_t agent, struct keyvals *kv)
{
	kv->v[SC_BY_PROFILE] = t->v[A_PROFILE];
	kv->v[SC_BY_PLATFORM] = t->v[A_PLATFORM];
	kv->v[SC_BY_KIND] = t->v[A_KIND];
	kv->v[SC_BY_VISIBILITY] = t->v[A_VISIBILITY];
	kv->v[SC_BY_CATEGORY] = t->v[A_CATEGORY];
	kv->v[SC_BY_TEAM] = t->v[A_TEAM];
	kv->v[SC_BY_PRIORITY] = t->v[A_PRIORITY];
	kv->v[SC_BY_AGENT] = agent ? s->agents[agent] : NULL;
	kv->v[SC_BY_TAG] = NULL;
	kv->v[SC_BY_TEMPLATE] = t->v[A_TEMPLATE];
	kv->v[SC_BY_VARIANT] = t->v[A_VARIANT];
}

/* Find or make the group of kv under the keys in by (n of them). */
struct group *
sc_stats_group_get(struct sc_stats *s, const int *by, int n, const struct keyvals *kv)
{
	uint64_t h, *slot;
	int k;

	sc_buf_reset(&s->kb);
	for (k = 0; k < n; k++)
		sc_stats_key_add(&s->kb, kv->v[by[k]]);
	h = sc_hash64(s->kb.data, s->kb.len);
	for (;;) {
		if (sc_set64_put(&s->gidx, h, &slot) == 0) {
			struct group *g = &s->g[*slot - 1];
			for (k = 0; k < n; k++) {
				const char *a = g->val[by[k]], *b = kv->v[by[k]];
				if ((a == NULL) != (b == NULL) || (a && strcmp(a, b) != 0))
					break;
			}
			if (k == n)
				return g;
			h++;
			continue;
		}
		break;
	}
	if (s->ng == s->capg) {
		s->capg = s->capg ? s->capg * 2 : 64;
		s->g = sc_xrealloc(s->g, s->capg * sizeof(*s->g));
	}
	struct group *g = &s->g[s->ng];
	memset(g, 0, sizeof(*g));
	for (k = 0; k < n; k++) {
		const char *v = kv->v[by[k]];
		g->val[by[k]] = v ? sc_xstrdup(v) : NULL;
		g->ord[by[k]] = kv->ord[by[k]];
	}
	*slot = ++s->ng;
	return g;
}

int
sc_stats_by_has(const struct sc_stats_opts *o, int key)
{
	for (int k = 0; k < o->nby; k++)
		if (o->by[k] == key)
			return 1;
	return 0;
}

/* Call fn for each group the keys kv (with tags of t) fall in. */
void
sc_stats_each_group(struct sc_stats *s, const int *by, int n, int with_tag, struct keyvals *kv,
	   const struct tuple *t, sc_stats_group_fn fn, void *arg)
{
	if (with_tag && t->ntags) {
		for (size_t i = 0; i < t->ntags; i++) {
			int dup = 0;
			for (size_t j = 0; j < i; j++)
				if (strcmp(t->tags[i], t->tags[j]) == 0)
					dup = 1;
			if (dup)
				continue;
			kv->v[SC_BY_TAG] = t->tags[i];
			fn(s, sc_stats_group_get(s, by, n, kv), arg);
		}
		kv->v[SC_BY_TAG] = NULL;
		return;
	}
	fn(s, sc_stats_group_get(s, by, n, kv), arg);
}

/* ---- aggregation ---- */

struct cust_fact {
	const struct ent *m, *ans;
	const struct tuple *t;
	int excluded;
	int outside;
	int64_t frt, bh;	/* bh < 0: left out (skip mode) */
	int due;		/* 1 answered by due_at, 0 missed, -1 none or not due yet */
	int after;		/* sentiment of the answer's follow-up, -1 none */
};

static void
add_cust(struct sc_stats *s, struct group *g, void *arg)
{
	const struct cust_fact *f = arg;
	const struct sc_stats_opts *o = s->o;
	struct acc *a = &g->a;
	int k;

	if (f->excluded) {
		a->excluded++;
		return;
	}
	a->in++;
	if (f->outside)
		a->outside++;
	if (f->m->flags & F_TRIAGE) {
		a->triaged++;
		if (f->t->cat >= 0)
			a->cat[f->t->cat]++;
		if (f->t->sent >= 0)
			a->sent[f->t->sent]++;
		if (f->t->prio >= 0)
			a->prio[f->t->prio]++;
	}
	int skip_bh = o->ooh == SC_OOH_SKIP && f->outside;
	if (skip_bh)
		a->bh_skipped++;
	if (!(o->sla_clock == SC_CLOCK_BUSINESS && skip_bh))
		a->within_den++;
	if (f->ans) {
		a->answered++;
		sc_dist_push(&a->frt, f->frt);
		if (!skip_bh)
			sc_dist_push(&a->bh, f->bh);
		for (k = 0; k < o->nsla; k++) {
			if (o->sla_clock == SC_CLOCK_WALL ? f->frt <= o->sla[k] :
			    (!skip_bh && f->bh <= o->sla[k]))
				a->within[k]++;
		}
	} else {
		sc_i64vec_push(&a->unans, f->m->t);
	}
	if (f->due >= 0) {
		a->due_n++;
		a->due_in += f->due;
	}
	if (f->after >= 0) {
		a->after_n++;
		a->after[f->after]++;
	}
}

struct brand_fact {
	const struct ent *x;
	int followup;		/* 1 followed up, 0 not, -1 its 24 h not over */
};

static void
add_brand(struct sc_stats *s, struct group *g, void *arg)
{
	const struct brand_fact *f = arg;

	g->a.out++;
	if (f->x->flags & F_AUTO)
		g->a.out_auto++;
	if (f->followup >= 0) {
		g->a.followup_n++;
		g->a.followed_up += f->followup;
	}
	(void)s;
}

struct thread_fact {
	int resolved, fcr, reopened, escalated;
	int vis_den, vis_help;
	int64_t res;
};

static void
add_thread(struct sc_stats *s, struct group *g, void *arg)
{
	const struct thread_fact *f = arg;
	struct acc *a = &g->a;

	(void)s;
	a->threads++;
	if (f->resolved) {
		a->resolved++;
		sc_dist_push(&a->res, f->res);
		if (f->fcr)
			a->fcr++;
	}
	if (f->reopened)
		a->reopened++;
	if (f->escalated)
		a->escalated++;
	a->vis_den += f->vis_den;
	a->vis_help += f->vis_help;
}

/* The keys of a customer message (tuple t) answered by ans (or NULL):
   its own, with the answer's agent, template and variant. */
static void
answer_keys(const struct sc_stats *s, const struct tuple *t, const struct ent *ans,
	    struct keyvals *kv)
{
	sc_stats_attr_keys(s, t, ans ? ans->agent : 0, kv);
	/* a message's template is its answer's */
	kv->v[SC_BY_TEMPLATE] = ans ? s->tu[ans->attr].v[A_TEMPLATE] : NULL;
	kv->v[SC_BY_VARIANT] = ans ? s->tu[ans->attr].v[A_VARIANT] : NULL;
}

/* A public problem: public, and a complaint, a bug or negative. */
static int
public_problem(const struct ent *x, const struct tuple *t)
{
	return t->v[A_VISIBILITY] && strcmp(t->v[A_VISIBILITY], "public") == 0 &&
	       (t->cat == SC_CATEGORY_COMPLAINT || t->cat == SC_CATEGORY_BUG ||
		(x->flags & F_NEG));
}

static int64_t
bh_frt(const struct sc_stats *s, const struct sc_hours *h, int64_t m, int64_t a, int outside)
{
	if (a <= m)
		return 0;
	if (s->o->ooh == SC_OOH_COUNT && outside && a <= sc_hours_next_open(h, m))
		return a - m;	/* answered within the same closed period: counts whole */
	return sc_hours_elapsed(h, m, a);
}

int
sc_stats_in_period(const struct sc_stats_opts *o, int64_t t)
{
	return (!o->has_since || t >= o->since) && (!o->has_until || t < o->until);
}


/*
 * Aggregate the threads of the sorted, linked facts whose last record is
 * before cutoff (INT64_MAX: all) into the groups (or, with --spikes, into
 * the hourly counts).
 */
void
sc_stats_aggregate(struct sc_stats *s, int64_t cutoff)
{
	const struct sc_stats_opts *o = s->o;
	int with_tag = sc_stats_by_has(o, SC_BY_TAG);
	int need_time = sc_stats_by_has(o, SC_BY_DAY) || sc_stats_by_has(o, SC_BY_WEEK) ||
			sc_stats_by_has(o, SC_BY_HOUR) || sc_stats_by_has(o, SC_BY_WEEKDAY);
	int by_thread = sc_stats_by_has(o, SC_BY_THREAD);
	int64_t now = o->has_now ? o->now : s->latest;
	size_t a, b, i;
	struct keyvals kv;

	memset(&kv, 0, sizeof(kv));
	for (a = 0; a < s->n; a = b) {
		const struct ent *first = NULL, *fb = NULL, *fres = NULL;
		struct cust_fact ff = {0};
		int later_cust = 0, reopened = 0, escalated = 0, pub_answer = 0;

		for (b = a; b < s->n && s->e[b].th == s->e[a].th; b++)
			;
		if (s->e[b - 1].t >= cutoff)
			continue;	/* still open */
		if (o->spikes) {
			sc_stats_spike_collect(s, a, b);
			continue;
		}
		kv.v[SC_BY_THREAD] = by_thread ? sc_stats_thread_lookup(s, s->e[a].th) : NULL;
		for (i = a; i < b; i++) {
			const struct ent *x = &s->e[i];
			if (x->type == T_CUST) {
				struct cust_fact f;
				int64_t at;
				memset(&f, 0, sizeof(f));
				f.m = x;
				f.t = &s->tu[x->attr];
				f.ans = x->ans ? &s->e[x->ans - 1] : NULL;
				f.excluded = !o->spam_include && (x->flags & F_SPAM);
				if (!f.excluded && first == NULL) {
					first = x;
					ff = f;
				} else if (!f.excluded && fb && x->t > fb->t && fres == NULL) {
					later_cust = 1;
				}
				at = (o->attribution == SC_ATTR_ANSWER && f.ans) ? f.ans->t : x->t;
				if (!sc_stats_in_period(o, at))
					continue;
				const struct sc_hours *h = hours_for(s, f.t);
				f.outside = !h->always_open && !sc_hours_open_at(h, x->t);
				f.due = f.after = -1;
				if (f.ans) {
					const struct ent *fu = sc_stats_followup(s, x->ans - 1, x->au);
					f.frt = f.ans->t > x->t ? f.ans->t - x->t : 0;
					f.bh = bh_frt(s, h, x->t, f.ans->t, f.outside);
					if (fu && (fu->flags & F_TRIAGE) && s->tu[fu->attr].sent >= 0)
						f.after = s->tu[fu->attr].sent;
				}
				if (x->due) {
					int64_t due = x->t + (int64_t)x->due - 1;
					if (f.ans)
						f.due = f.ans->t <= due;
					else if (now > due)
						f.due = 0;
				}
				answer_keys(s, f.t, f.ans, &kv);
				if (need_time)
					sc_stats_time_keys(s, at, &kv);
				sc_stats_each_group(s, o->by, o->nby, with_tag, &kv, f.t, add_cust, &f);
			} else if (x->type == T_BRAND) {
				const struct tuple *t = &s->tu[x->attr];
				struct brand_fact bf = {x, -1};
				if (first && fb == NULL && sc_stats_brand_counts(s, x))
					fb = x;
				if (first && sc_stats_brand_counts(s, x) && t->v[A_VISIBILITY] &&
				    strcmp(t->v[A_VISIBILITY], "public") == 0)
					pub_answer = 1;
				if (!sc_stats_in_period(o, x->t))
					continue;
				if (x->t <= now - SC_STATS_FOLLOWUP)
					bf.followup = sc_stats_followup(s, i, sc_stats_target_author(s, a, b, i)) != NULL;
				sc_stats_attr_keys(s, t, x->agent, &kv);
				if (need_time)
					sc_stats_time_keys(s, x->t, &kv);
				sc_stats_each_group(s, o->by, o->nby, with_tag, &kv, t, add_brand, &bf);
			} else if (x->type != T_STATUS) {
				continue;	/* notes and surveys: sc_stats_events() */
			} else if (first) {
				if (x->st == ST_RESOLVED && fres == NULL)
					fres = x;
				else if (x->st == ST_REOPENED && fres)
					reopened = 1;
				else if (x->st == ST_ESCALATED)
					escalated = 1;
			} else if (x->st == ST_ESCALATED) {
				escalated = 1;
			}
		}
		if (first && sc_stats_in_period(o, (o->attribution == SC_ATTR_ANSWER && ff.ans) ?
				       ff.ans->t : first->t)) {
			struct thread_fact tf;
			int64_t at = (o->attribution == SC_ATTR_ANSWER && ff.ans) ? ff.ans->t : first->t;
			memset(&tf, 0, sizeof(tf));
			tf.resolved = fres != NULL;
			tf.res = fres ? fres->t - first->t : 0;
			tf.fcr = fres && !reopened && !later_cust;
			tf.reopened = reopened;
			tf.escalated = escalated;
			tf.vis_den = public_problem(first, ff.t);
			tf.vis_help = tf.vis_den && pub_answer;
			answer_keys(s, ff.t, ff.ans, &kv);
			if (need_time)
				sc_stats_time_keys(s, at, &kv);
			sc_stats_each_group(s, o->by, o->nby, with_tag, &kv, ff.t, add_thread, &tf);
		}
		sc_stats_events(s, a, b, first, &kv, need_time, with_tag);
	}
}

