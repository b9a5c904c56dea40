/*
 * stats_kpi.c - the figures beyond first response (issues 12, 13, 15, 16):
 * the follow-up of a reply (the customer writing again in the thread
 * within 24 h, which gives the follow-up rate per template and variant
 * and the sentiment after an answer), the team's own records counted per
 * agent (notes, resolutions, escalations) and satisfaction surveys (CSAT,
 * NPS), the thread ids that -b thread prints, and the cells of all these.
 *
 * Design note.  Everything here is counted from the facts of one thread
 * block (stats_agg.c calls in while it walks the sorted facts), so a
 * settle pass, a single pass and a merge of partials see the same facts
 * and give the same integer counts; shares are made only when a row is
 * written.  Notes, status records and surveys are the team's: they go to
 * the group of their own agent and their own time, and for every other
 * key to the group of the thread's first counted customer message (a
 * survey or note read in a thread without one keeps its own profile and
 * platform).  Thread ids are kept (one string per thread) only with
 * -b thread or --partial, where a merge needs them.
 */
#include <stdlib.h>
#include <string.h>

#include "stats_int.h"

/* ---- thread ids ---- */

void
sc_stats_thread_name(struct sc_stats *s, uint64_t th, const char *name)
{
	uint64_t *slot;

	if (name == NULL || !sc_set64_put(&s->thidx, th, &slot))
		return;
	if (s->nthn == s->capthn) {
		s->capthn = s->capthn ? s->capthn * 2 : 256;
		s->thn = sc_xrealloc(s->thn, s->capthn * sizeof(*s->thn));
	}
	s->thn[s->nthn] = sc_xstrdup(name);
	*slot = ++s->nthn;
}

const char *
sc_stats_thread_lookup(const struct sc_stats *s, uint64_t th)
{
	uint64_t *slot;

	return sc_set64_get(&s->thidx, th, &slot) ? s->thn[*slot - 1] : NULL;
}

void
sc_stats_release_threads(struct sc_stats *s)
{
	for (size_t i = 0; i < s->nthn; i++)
		free(s->thn[i]);
	free(s->thn);
	sc_set64_release(&s->thidx);
}

/* ---- follow-ups ---- */

static int
cust_counts(const struct sc_stats *s, const struct ent *x)
{
	return x->type == T_CUST && (s->o->spam_include || !(x->flags & F_SPAM));
}

/*
 * The follow-up of the brand message s->e[i]: the first counted customer
 * message after it in its thread (in the sorted order: a customer message
 * in the same second comes before) created within SC_STATS_FOLLOWUP of
 * it, by author au (0: any author).  NULL when there is none.  The walk
 * stops at the window's end, so it costs the records of 24 hours.
 */
const struct ent *
sc_stats_followup(const struct sc_stats *s, size_t i, uint32_t au)
{
	const struct ent *b = &s->e[i];

	for (size_t j = i + 1; j < s->n && s->e[j].th == b->th; j++) {
		const struct ent *x = &s->e[j];
		if (x->t - b->t > SC_STATS_FOLLOWUP)
			break;
		if (x->t > b->t && cust_counts(s, x) && (au == 0 || x->au == au))
			return x;
	}
	return NULL;
}

/*
 * Whose follow-up counts for the brand message s->e[i] of the thread
 * block [a, b): the author of the customer message it replies to
 * (parent_id), else of the latest counted customer message before it;
 * 0 (anyone) when neither is known.
 */
uint32_t
sc_stats_target_author(const struct sc_stats *s, size_t a, size_t b, size_t i)
{
	const struct ent *x = &s->e[i];
	uint32_t last = 0;

	if (x->par)
		for (size_t j = a; j < b; j++)
			if (s->e[j].type == T_CUST && s->e[j].id == x->par)
				return s->e[j].au;
	for (size_t j = a; j < i; j++)
		if (cust_counts(s, &s->e[j]))
			last = s->e[j].au;
	return last;
}

/* ---- the team's records ---- */

struct event {
	const struct ent *x;
	int64_t answer;		/* an escalation: seconds to the expert's note, -1 none */
};

static void
add_event(struct sc_stats *s, struct group *g, void *arg)
{
	const struct event *ev = arg;
	const struct ent *x = ev->x;
	struct acc *a = &g->a;

	(void)s;
	if (x->type == T_NOTE) {
		a->notes++;
	} else if (x->type == T_STATUS) {
		if (x->st == ST_RESOLVED) {
			a->resolutions++;
		} else if (x->st == ST_ESCALATED) {
			a->escalations++;
			if (ev->answer >= 0) {
				a->esc_answered++;
				sc_dist_push(&a->esc, ev->answer);
			}
			if (x->due) {
				a->esc_due_n++;
				if (ev->answer >= 0 && ev->answer <= (int64_t)x->due - 1)
					a->esc_due_in++;
			}
		}
	} else if (x->flags & F_NPS) {
		a->nps_n++;
		if (x->st >= 9)
			a->nps_pro++;
		else if (x->st <= 6)
			a->nps_det++;
	} else {
		a->csat_n++;
		a->csat_sum += x->st;
		if (x->st >= 4)
			a->csat_sat++;
	}
}

/*
 * The notes, status records and surveys of the thread block [a, b) in the
 * period, each in the groups of its own agent and time and, for the other
 * keys, of the thread's first counted customer message (first; NULL: the
 * record's own tuple), its own profile, platform and team where it names
 * them.
 */
void
sc_stats_events(struct sc_stats *s, size_t a, size_t b, const struct ent *first,
		struct keyvals *kv, int need_time, int with_tag)
{
	const struct sc_stats_opts *o = s->o;
	const struct tuple *ft = first ? &s->tu[first->attr] : NULL;

	for (size_t i = a; i < b; i++) {
		const struct ent *x = &s->e[i];
		const struct tuple *own, *t;
		struct event ev = {x, -1};
		if (x->type < T_STATUS || (x->type == T_STATUS && x->st != ST_RESOLVED &&
					   x->st != ST_ESCALATED) ||
		    (x->type == T_NOTE && (x->flags & F_EXPERT)))
			continue;
		if (!sc_stats_in_period(o, x->t))
			continue;
		own = &s->tu[x->attr];
		t = ft ? ft : own;
		sc_stats_attr_keys(s, t, x->agent, kv);
		if (own->v[A_PROFILE])
			kv->v[SC_BY_PROFILE] = own->v[A_PROFILE];
		if (own->v[A_PLATFORM])
			kv->v[SC_BY_PLATFORM] = own->v[A_PLATFORM];
		if (own->v[A_TEAM])
			kv->v[SC_BY_TEAM] = own->v[A_TEAM];
		kv->v[SC_BY_TEMPLATE] = kv->v[SC_BY_VARIANT] = NULL;
		if (need_time)
			sc_stats_time_keys(s, x->t, kv);
		if (x->type == T_STATUS && x->st == ST_ESCALATED)
			for (size_t j = i + 1; j < b; j++)
				if (s->e[j].type == T_NOTE && (s->e[j].flags & F_EXPERT)) {
					ev.answer = s->e[j].t - x->t;
					break;
				}
		sc_stats_each_group(s, o->by, o->nby, with_tag, kv, t, add_event, &ev);
	}
}

/* ---- cells ---- */

static void
ratio(struct row *r, const char *name, long num, long den, double scale, int dec)
{
	struct cell *c = sc_stats_cell_add(r, den ? C_NUM : C_NULL, "%s", name);
	if (den)
		sc_stats_fmt_num(c->num, sizeof(c->num), scale * (double)num / (double)den, dec);
}

/* The cells of this file's figures, after the others of a group's row. */
void
sc_stats_kpi_cells(struct sc_stats *s, struct group *g, struct row *r)
{
	struct acc *a = &g->a;

	ratio(r, "escalation_rate", a->escalated, a->threads, 1, 4);
	sc_stats_cell_long(r, "escalations", a->escalations);
	sc_stats_cell_long(r, "escalations_answered", a->esc_answered);
	sc_stats_cell_dist(r, s->o, "escalation_response", &g->a.esc, 0);
	if (s->any_esc_due) {
		sc_stats_cell_long(r, "escalation_due_n", a->esc_due_n);
		ratio(r, "escalation_within_sla", a->esc_due_in, a->esc_due_n, 1, 4);
	}
	sc_stats_cell_long(r, "notes", a->notes);
	sc_stats_cell_long(r, "resolutions", a->resolutions);
	sc_stats_cell_long(r, "followup_n", a->followup_n);
	sc_stats_cell_long(r, "followed_up", a->followed_up);
	ratio(r, "followup_rate", a->followed_up, a->followup_n, 1, 4);
	sc_stats_cell_long(r, "sla_due_n", a->due_n);
	ratio(r, "within_sla", a->due_in, a->due_n, 1, 4);
	sc_stats_cell_long(r, "csat_n", a->csat_n);
	ratio(r, "csat", a->csat_sat, a->csat_n, 1, 4);
	ratio(r, "csat_mean", a->csat_sum, a->csat_n, 1, 2);
	sc_stats_cell_long(r, "nps_n", a->nps_n);
	ratio(r, "nps", a->nps_pro - a->nps_det, a->nps_n, 100, 1);
	if (s->any_triage) {
		sc_stats_cell_long(r, "public_problems", a->vis_den);
		ratio(r, "visible_help", a->vis_help, a->vis_den, 1, 4);
		sc_stats_cell_long(r, "sentiment_after_n", a->after_n);
		for (int k = 0; k < NSENT; k++) {
			char name[48];
			snprintf(name, sizeof(name), "sentiment_after_%s", sc_sentiments[k]);
			ratio(r, name, a->after[k], a->after_n, 1, 4);
		}
	}
}

/* The fixed definitions of these figures, for the definitions row. */
void
sc_stats_kpi_definitions(struct row *r)
{
	static const char *const defs[][2] = {
		{"followup", "the customer writes again in the thread within 24h"},
		{"within_sla", "answered by triage.due_at"},
		{"visible_help", "public complaint, bug or negative threads answered in public"},
		{"csat", "share of 4-5 of 1-5"},
		{"nps", "% of 9-10 minus % of 0-6"},
	};

	for (size_t i = 0; i < sizeof(defs) / sizeof(defs[0]); i++)
		sc_stats_cell_add(r, C_STR, "%s", defs[i][0])->str = defs[i][1];
}
