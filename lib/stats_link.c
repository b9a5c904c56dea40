/*
 * stats_link.c - the facts sorted by (thread, time, type, id), every
 * customer message linked to its answer (--link), and --settle: the
 * threads quiet for the settle time aggregated and forgotten on the way.
 */
#include <stdlib.h>
#include <string.h>

#include "stats_int.h"

/* ---- linking ---- */

static int
cmp_ent(const void *pa, const void *pb)
{
	const struct ent *a = pa, *b = pb;

	if (a->th != b->th)
		return a->th < b->th ? -1 : 1;
	if (a->t != b->t)
		return a->t < b->t ? -1 : 1;
	if (a->type != b->type)
		return a->type < b->type ? -1 : 1;
	return (a->id > b->id) - (a->id < b->id);
}

int
sc_stats_brand_counts(const struct sc_stats *s, const struct ent *x)
{
	return x->type == T_BRAND && (s->o->auto_include || !(x->flags & F_AUTO));
}

/*
 * Link every customer message: the earliest counting brand message whose
 * parent_id is the message (over all threads), else the first counting
 * brand message at or after it in its thread (ties in time: the brand
 * message counts as after).  With --link earliest, the earlier of the two.
 */
void
sc_stats_link_all(struct sc_stats *s)
{
	struct sc_set64 par;
	size_t i, a, b;
	uint64_t *slot;

	/* the id index is not needed any more: free it before the sort
	   (which may take a temporary copy of the facts) to lower the peak */
	sc_set64_release(&s->ids);
	sc_set64_init(&s->ids);
	if (s->n)
		qsort(s->e, s->n, sizeof(*s->e), cmp_ent);
	sc_set64_init(&par);
	for (i = 0; i < s->n; i++) {
		if (!sc_stats_brand_counts(s, &s->e[i]) || s->e[i].par == 0)
			continue;
		/* the earliest; equal times: the first in the total order */
		if (sc_set64_put(&par, s->e[i].par, &slot) || s->e[i].t < s->e[*slot - 1].t)
			*slot = i + 1;
	}
	for (a = 0; a < s->n; a = b) {
		uint32_t next = 0;
		for (b = a; b < s->n && s->e[b].th == s->e[a].th; b++)
			;
		for (i = b; i-- > a;) {
			struct ent *x = &s->e[i];
			if (sc_stats_brand_counts(s, x))
				next = (uint32_t)(i + 1);
			else if (x->type == T_CUST)
				x->ans = next;
		}
		for (i = a; i < b; i++) {
			struct ent *x = &s->e[i];
			if (x->type != T_CUST || !sc_set64_get(&par, x->id, &slot))
				continue;
			if (s->o->link == SC_LINK_PARENT_FIRST || x->ans == 0 ||
			    s->e[*slot - 1].t < s->e[x->ans - 1].t)
				x->ans = (uint32_t)*slot;
		}
	}
	sc_set64_release(&par);
}

/*
 * --settle: aggregate the threads quiet for the settle time (their last
 * record older than the latest record read minus --settle) and forget
 * their facts, so memory holds only the threads still open.  Answer
 * indexes are recomputed by the next sc_stats_link_all(), and the id index is
 * rebuilt over the facts kept (ids of settled records are forgotten).
 */
void
sc_stats_settle(struct sc_stats *s)
{
	int64_t cutoff, *t;
	size_t a, b, keep = 0, nt = s->n - s->kept;
	uint64_t *slot;

	/* Stream time is the median time of the last settle_batch records
	   read (or of all read since the last pass, if fewer): a few records
	   far out of order cannot move it, and on sorted input it lags the
	   newest record by half of settle_batch records (settling late, never
	   early), however many records the pass covers. */
	if (nt > s->o->settle_batch)
		nt = s->o->settle_batch;
	t = sc_xmalloc(nt * sizeof(*t));
	for (a = 0; a < nt; a++)
		t[a] = s->e[s->n - nt + a].t;
	qsort(t, nt, sizeof(*t), sc_i64_cmp);
	cutoff = t[nt / 2] - s->o->settle;
	free(t);
	sc_stats_link_all(s);
	sc_stats_aggregate(s, cutoff);
	for (a = 0; a < s->n; a = b) {
		for (b = a; b < s->n && s->e[b].th == s->e[a].th; b++)
			;
		if (s->e[b - 1].t < cutoff)
			continue;
		memmove(&s->e[keep], &s->e[a], (b - a) * sizeof(*s->e));
		keep += b - a;
	}
	s->n = keep;
	for (a = 0; a < s->n; a++) {
		sc_set64_put(&s->ids, s->e[a].id, &slot);
		*slot = a + 1;
	}
	s->kept = s->n;
	s->next_settle = s->n + (s->n > s->o->settle_batch ? s->n : s->o->settle_batch);
	s->settled++;
}
