/*
 * stats_dist.c - exact distributions of whole seconds for sc-stats: first
 * response, business-hours and resolution times kept as sorted (value,
 * count) pairs, so medians and percentiles are exact however many
 * messages a group has; the percentile rules of sc-stats(1)
 * (--percentile-method).
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "stats_int.h"

/* ---- small helpers ---- */

void
sc_i64vec_push(struct i64vec *v, int64_t x)
{
	if (v->n == v->cap) {
		v->cap = v->cap ? v->cap * 2 : 2;
		v->v = sc_xrealloc(v->v, v->cap * sizeof(*v->v));
	}
	v->v[v->n++] = x;
}

int
sc_i64_cmp(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
	return (x > y) - (x < y);
}

/* Merge the raw values into the sorted (value, count) pairs. */
static void
dist_compact(struct dist *d)
{
	size_t i = 0, j = 0, k = 0, cap = (size_t)d->nv + d->nraw;
	const uint32_t *oc = d->v ? DIST_C(d) : NULL;
	int64_t *v;
	uint32_t *c;

	if (d->nraw == 0)
		return;
	qsort(d->raw, d->nraw, sizeof(*d->raw), sc_i64_cmp);
	/* values at the front of the new block, counts at its end for now */
	v = sc_xmalloc(cap * (sizeof(*v) + sizeof(*c)));
	c = (uint32_t *)(v + cap);
	while (i < d->nv || j < d->nraw) {
		int64_t x;
		uint32_t cnt;
		if (j == d->nraw || (i < d->nv && d->v[i] <= d->raw[j])) {
			x = d->v[i];
			cnt = oc[i++];
		} else {
			x = d->raw[j++];
			cnt = 1;
		}
		/* a count that would overflow starts a second pair of the
		   same value; walks over the pairs stay right */
		if (k && v[k - 1] == x && c[k - 1] <= UINT32_MAX - cnt) {
			c[k - 1] += cnt;
		} else {
			v[k] = x;
			c[k++] = cnt;
		}
	}
	memmove(v + k, c, k * sizeof(*c));
	free(d->v);
	d->v = sc_xrealloc(v, k * (sizeof(*v) + sizeof(*c)));
	d->nv = (uint32_t)k;
	d->nraw = 0;
	if (d->capraw > DIST_RAW && d->capraw > 2 * k) {
		/* do not keep a large raw buffer the pairs no longer need */
		d->capraw = DIST_RAW;
		d->raw = sc_xrealloc(d->raw, d->capraw * sizeof(*d->raw));
	}
}

void
sc_dist_push(struct dist *d, int64_t x)
{
	if (d->nraw == d->capraw) {
		d->capraw = d->capraw ? d->capraw * 2 : 2;
		d->raw = sc_xrealloc(d->raw, d->capraw * sizeof(*d->raw));
	}
	d->raw[d->nraw++] = x;
	if (d->nraw >= DIST_RAW && d->nraw >= d->nv)
		dist_compact(d);
}

/* The number of values. */
size_t
sc_dist_count(const struct dist *d)
{
	size_t n = d->nraw;

	for (uint32_t i = 0; i < d->nv; i++)
		n += DIST_C(d)[i];
	return n;
}

/* Make the values walkable in order: a small distribution is only sorted
   in place (no pairs made at report time); otherwise all go to pairs. */
void
sc_dist_ready(struct dist *d)
{
	if (d->nv == 0)
		qsort(d->raw, d->nraw, sizeof(*d->raw), sc_i64_cmp);
	else
		dist_compact(d);
}

/* The value of 0-based rank k of a ready distribution (k < n). */
int64_t
sc_dist_at(const struct dist *d, size_t k)
{
	uint32_t i;

	if (d->nv == 0)
		return d->raw[k];
	for (i = 0; i < d->nv; i++) {
		if (k < DIST_C(d)[i])
			return d->v[i];
		k -= DIST_C(d)[i];
	}
	return d->v[d->nv - 1];
}

/* The sum of the m smallest values of a ready distribution. */
int64_t
sc_dist_sum_first(const struct dist *d, size_t m)
{
	int64_t sum = 0;
	size_t i;

	if (d->nv == 0) {
		for (i = 0; i < m; i++)
			sum += d->raw[i];
		return sum;
	}
	for (i = 0; i < d->nv && m; i++) {
		size_t take = DIST_C(d)[i] < m ? DIST_C(d)[i] : m;
		sum += d->v[i] * (int64_t)take;
		m -= take;
	}
	return sum;
}

void
sc_dist_release(struct dist *d)
{
	free(d->raw);
	free(d->v);
}


/* Percentile p (0..100) of a ready distribution by the chosen method. */
double
sc_dist_percentile(const struct sc_stats_opts *o, const struct dist *d, size_t n, int p)
{
	if (o->pct_method == SC_PCT_LINEAR) {
		double h = (double)(n - 1) * p / 100.0;
		size_t lo = (size_t)floor(h);
		if (lo + 1 >= n)
			return (double)sc_dist_at(d, n - 1);
		int64_t a = sc_dist_at(d, lo), b = sc_dist_at(d, lo + 1);
		return (double)a + (h - (double)lo) * (double)(b - a);
	}
	size_t rank = (size_t)((n * (size_t)p + 99) / 100);	/* ceil(p/100 n) */
	if (rank < 1)
		rank = 1;
	return (double)sc_dist_at(d, rank - 1);
}
