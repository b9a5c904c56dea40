/*
 * stats_spikes.c - --spikes: incoming (or negative) messages counted per
 * group and UTC hour, and an alert for every hour over --spike-factor
 * times the mean of the --spike-window before it.
 */
#include <stdlib.h>
#include <string.h>

#include "stats_int.h"

/* ---- spikes ---- */

static int64_t
hour_of(int64_t t)
{
	return t >= 0 ? t / 3600 : (t - 3599) / 3600;
}

static int
cmp_hcount(const void *pa, const void *pb)
{
	const struct hcount *a = pa, *b = pb;
	if (a->g != b->g)
		return a->g < b->g ? -1 : 1;
	return (a->hour > b->hour) - (a->hour < b->hour);
}

/* Sort the (group, hour) counts and add up equal pairs. */
static void
spike_compact(struct spike_ctx *c)
{
	size_t i, j = 0;

	if (c->n == 0)
		return;
	qsort(c->v, c->n, sizeof(*c->v), cmp_hcount);
	for (i = 1; i < c->n; i++) {
		if (c->v[i].g == c->v[j].g && c->v[i].hour == c->v[j].hour)
			c->v[j].cnt += c->v[i].cnt;
		else
			c->v[++j] = c->v[i];
	}
	c->n = j + 1;
}

static void
add_spike(struct sc_stats *s, struct group *g, void *arg)
{
	struct spike_ctx *c = arg;

	if (c->n == c->cap) {
		spike_compact(c);
		if (c->cap == 0 || c->n * 2 > c->cap) {
			c->cap = c->cap ? c->cap * 2 : 1024;
			c->v = sc_xrealloc(c->v, c->cap * sizeof(*c->v));
		}
	}
	c->v[c->n].g = (uint32_t)(g - s->g);
	c->v[c->n].cnt = 1;
	c->v[c->n++].hour = c->hour;
}

/* The keys spikes are grouped by: --by without the time keys. */
static int
spike_keys(const struct sc_stats_opts *o, int *by, int *with_tag)
{
	int k, n = 0;

	*with_tag = 0;
	for (k = 0; k < o->nby; k++) {
		int key = o->by[k];
		if (key == SC_BY_DAY || key == SC_BY_WEEK || key == SC_BY_HOUR || key == SC_BY_WEEKDAY)
			continue;
		if (key == SC_BY_TAG)
			*with_tag = 1;
		by[n++] = key;
	}
	return n;
}

/* Count the customer messages of facts [a, b) per group and hour. */
void
sc_stats_spike_collect(struct sc_stats *s, size_t a, size_t b)
{
	const struct sc_stats_opts *o = s->o;
	int by[SC_BY_N], nby, with_tag;
	struct keyvals kv;
	size_t i;

	nby = spike_keys(o, by, &with_tag);
	memset(&kv, 0, sizeof(kv));
	for (i = a; i < b; i++) {
		const struct ent *x = &s->e[i];
		if (x->type != T_CUST || !sc_stats_in_period(o, x->t))
			continue;
		if (!o->spam_include && (x->flags & F_SPAM))
			continue;
		if (o->spikes == SC_SPIKES_NEGATIVE && !(x->flags & F_NEG))
			continue;
		const struct tuple *t = &s->tu[x->attr];
		sc_stats_attr_keys(s, t, x->ans ? s->e[x->ans - 1].agent : 0, &kv);
		s->spk.hour = hour_of(x->t);
		sc_stats_each_group(s, by, nby, with_tag, &kv, t, add_spike, &s->spk);
	}
}

/*
 * An alert for hour H of a group when count(H) >= --spike-min and
 * count(H) >= --spike-factor x baseline, the baseline being the mean
 * hourly count of the --spike-window hours before H (hours without
 * messages count as 0).  H needs a full window of history after the first
 * record of the input, so the first hours of an archive never alert.
 */
int
sc_stats_write_spikes(struct sc_stats *s, struct sc_out *out)
{
	const struct sc_stats_opts *o = s->o;
	int by[SC_BY_N], nby, with_tag, k, rc = 0;
	struct spike_ctx *c = &s->spk;
	int64_t start = hour_of(s->earliest), W = o->spike_window / 3600;
	size_t a, b;
	struct sc_buf buf;
	struct row r = {0};
	int header_done = 0;

	nby = spike_keys(o, by, &with_tag);
	spike_compact(c);
	sc_buf_init(&buf);
	for (a = 0; a < c->n && rc == 0; a = b) {
		/* one group's hours in order; the window sum by two pointers */
		size_t lo = a, j;
		long wsum = 0;
		for (b = a; b < c->n && c->v[b].g == c->v[a].g; b++)
			;
		for (j = a; j < b && rc == 0; j++) {
			int64_t hr = c->v[j].hour;
			long cnt = c->v[j].cnt;
			while (lo < j && c->v[lo].hour < hr - W) {
				wsum -= c->v[lo].cnt;
				lo++;
			}
			double base = (double)wsum / (double)W;
			double thr = o->spike_factor * base;
			if (thr < (double)o->spike_min)
				thr = (double)o->spike_min;
			if (hr - W >= start && (double)cnt >= thr) {
				struct group *g = &s->g[c->v[j].g];
				char t[32];
				struct cell *ce;
				r.n = 0;
				ce = sc_stats_cell_add(&r, C_STR, "alert");
				ce->str = "spike";
				ce = sc_stats_cell_add(&r, C_STR, "metric");
				ce->str = o->spikes == SC_SPIKES_NEGATIVE ? "negative" : "in";
				sc_time_format(hr * 3600, t);
				ce = sc_stats_cell_add(&r, C_STR, "hour");
				ce->str = t;
				for (k = 0; k < nby; k++) {
					ce = sc_stats_cell_add(&r, g->val[by[k]] ? C_STR : C_NULL, "%s",
						      sc_stats_key_names[by[k]]);
					ce->str = g->val[by[k]];
				}
				sc_stats_cell_long(&r, "count", cnt);
				ce = sc_stats_cell_add(&r, C_NUM, "baseline");
				sc_stats_fmt_num(ce->num, sizeof(ce->num), base, 2);
				ce = sc_stats_cell_add(&r, C_NUM, "threshold");
				sc_stats_fmt_num(ce->num, sizeof(ce->num), thr, 2);
				sc_buf_reset(&buf);
				if (o->format == SC_STATS_CSV) {
					if (!header_done) {
						sc_stats_csv_row(&buf, &r, 1);
						if (sc_out_line(out, buf.data, buf.len) < 0)
							rc = -1;
						sc_buf_reset(&buf);
						header_done = 1;
					}
					sc_stats_csv_row(&buf, &r, 0);
				} else {
					sc_stats_json_row(&buf, &r);
				}
				if (rc == 0 && sc_out_line(out, buf.data, buf.len) < 0)
					rc = -1;
			}
			/* the hour joins the window of the next ones */
			wsum += cnt;
		}
	}
	sc_buf_release(&buf);
	free(r.c);
	return rc;
}

