/*
 * stats_table.c - -f table: the definitions as one comment line, then the
 * groups as aligned columns (durations human-readable, shares in
 * percent); --by weekday,hour as an hour-of-week heatmap of volume.
 */
#include <stdlib.h>
#include <string.h>

#include "stats_int.h"

/* ---- table ---- */

static void
human_dur(char *out, size_t n, const struct cell *c)
{
	double v;
	long s;

	if (c->type == C_NULL) {
		snprintf(out, n, "-");
		return;
	}
	v = strtod(c->num, NULL);
	s = (long)(v + 0.5);
	if (s >= 86400)
		snprintf(out, n, "%ldd%02ldh", s / 86400, s % 86400 / 3600);
	else if (s >= 3600)
		snprintf(out, n, "%ldh%02ldm", s / 3600, s % 3600 / 60);
	else if (s >= 60)
		snprintf(out, n, "%ldm%02lds", s / 60, s % 60);
	else
		snprintf(out, n, "%lds", s);
}

static const struct cell *
find_cell(const struct row *r, const char *name)
{
	for (size_t i = 0; i < r->n; i++)
		if (strcmp(r->c[i].name, name) == 0)
			return &r->c[i];
	return NULL;
}

struct tcol {
	char head[48];
	const char *cell;	/* cell name */
	int kind;		/* 0 text, 1 number, 2 duration, 3 percent */
	int right;
	size_t width;
};

static void
table_value(char *out, size_t n, const struct tcol *col, const struct row *r)
{
	const struct cell *c = find_cell(r, col->cell);

	if (c == NULL || c->type == C_NULL) {
		snprintf(out, n, "-");
		return;
	}
	switch (col->kind) {
	case 0:
		snprintf(out, n, "%s", c->type == C_STR ? c->str : c->num);
		sc_str_blank_controls(out);	/* keep the table's lines whole */
		break;
	case 2:
		human_dur(out, n, c);
		break;
	case 3:
		snprintf(out, n, "%.1f%%", strtod(c->num, NULL) * 100.0);
		break;
	default:
		snprintf(out, n, "%s", c->num);
	}
}

static int
pad(struct sc_out *out, const char *v, size_t width, int right, int last)
{
	size_t w = sc_utf8_count(v, strlen(v));
	char sp[2] = " ";

	if (right)
		for (; w < width; w++)
			if (sc_out_write(out, sp, 1) < 0)
				return -1;
	if (sc_out_write(out, v, strlen(v)) < 0)
		return -1;
	if (!right && !last)
		for (; w < width; w++)
			if (sc_out_write(out, sp, 1) < 0)
				return -1;
	return last ? 0 : sc_out_write(out, "  ", 2);
}

int
sc_stats_write_table_header(struct sc_stats *s, struct sc_out *out)
{
	struct row d = {0};
	struct sc_buf b;
	int rc = 0;

	sc_stats_definitions(s, &d);
	sc_buf_init(&b);
	sc_buf_adds(&b, "# definitions:");
	for (size_t i = 0; i < d.n; i++)
		sc_buf_printf(&b, " %s=%s", d.c[i].name,
			      d.c[i].type == C_STR ? d.c[i].str : d.c[i].num);
	rc = sc_out_line(out, b.data, b.len);
	sc_buf_release(&b);
	free(d.c);
	return rc;
}

int
sc_stats_write_table(struct sc_stats *s, struct sc_out *out, struct row *row)
{
	const struct sc_stats_opts *o = s->o;
	struct tcol cols[64];
	int nc = 0, k;
	char v[128];

	for (k = 0; k < o->nby; k++) {
		struct tcol *c = &cols[nc++];
		snprintf(c->head, sizeof(c->head), "%s", sc_stats_key_names[o->by[k]]);
		c->cell = sc_stats_key_names[o->by[k]];
		c->kind = 0;
		c->right = o->by[k] == SC_BY_HOUR;
	}
#define COL(h, name, kd) do { struct tcol *c = &cols[nc++]; \
	snprintf(c->head, sizeof(c->head), "%s", h); c->cell = name; c->kind = kd; c->right = 1; } while (0)
	static char pname[2][48], wname[SC_STATS_MAXSLA][2][48];
	snprintf(pname[0], sizeof(pname[0]), "frt_p%d_s", o->pct);
	snprintf(pname[1], sizeof(pname[1]), "frt_p%d", o->pct);
	COL("in", "in", 1);
	COL("out", "out", 1);
	COL("answered", "answered", 1);
	COL("rate", "response_rate", 3);
	COL("frt_median", "frt_median_s", 2);
	COL(pname[1], pname[0], 2);
	COL("frt_mean", "frt_mean_s", 2);
	COL("bh_median", "frt_bh_median_s", 2);
	for (k = 0; k < o->nsla; k++) {
		snprintf(wname[k][0], sizeof(wname[k][0]), "within_%s", o->sla_name[k]);
		snprintf(wname[k][1], sizeof(wname[k][1]), "<=%s", o->sla_name[k]);
		COL(wname[k][1], wname[k][0], 3);
	}
	COL("unanswered", "unanswered", 1);
	COL("resolved", "resolved", 1);
	if (sc_stats_by_has(o, SC_BY_AGENT)) {
		COL("notes", "notes", 1);
		COL("resolutions", "resolutions", 1);
		COL("csat", "csat", 3);
	}
	if (sc_stats_by_has(o, SC_BY_TEMPLATE) || sc_stats_by_has(o, SC_BY_VARIANT))
		COL("followup", "followup_rate", 3);
	if (sc_stats_by_has(o, SC_BY_THREAD)) {
		COL("negative", "sentiment_negative", 3);
		COL("after_neg", "sentiment_after_negative", 3);
	}
#undef COL
	for (k = 0; k < nc; k++) {
		cols[k].width = strlen(cols[k].head);
	}
	/* two passes over the groups: widths, then the rows */
	for (size_t i = 0; i < s->ng; i++) {
		sc_stats_group_row(s, &s->g[i], row);
		for (k = 0; k < nc; k++) {
			size_t w;
			table_value(v, sizeof(v), &cols[k], row);
			w = sc_utf8_count(v, strlen(v));
			if (w > cols[k].width)
				cols[k].width = w;
		}
	}
	for (k = 0; k < nc; k++)
		if (pad(out, cols[k].head, cols[k].width, cols[k].right, k == nc - 1) < 0)
			return -1;
	if (sc_out_endline(out) < 0)
		return -1;
	for (size_t i = 0; i < s->ng; i++) {
		sc_stats_group_row(s, &s->g[i], row);
		for (k = 0; k < nc; k++) {
			table_value(v, sizeof(v), &cols[k], row);
			if (pad(out, v, cols[k].width, cols[k].right, k == nc - 1) < 0)
				return -1;
		}
		if (sc_out_endline(out) < 0)
			return -1;
	}
	return 0;
}

/* --by weekday,hour as a table: an hour-of-week heatmap of incoming
   volume, Monday first, hours 0-23 in the report zone. */
int
sc_stats_write_heatmap(struct sc_stats *s, struct sc_out *out)
{
	long cell[7][24], rowsum[7], colsum[24], total = 0;
	int w, h, width = 2;
	struct sc_buf b;
	char v[32];

	memset(cell, 0, sizeof(cell));
	memset(rowsum, 0, sizeof(rowsum));
	memset(colsum, 0, sizeof(colsum));
	for (size_t i = 0; i < s->ng; i++) {
		struct group *g = &s->g[i];
		if (g->val[SC_BY_WEEKDAY] == NULL || g->val[SC_BY_HOUR] == NULL)
			continue;
		cell[g->ord[SC_BY_WEEKDAY]][g->ord[SC_BY_HOUR]] += g->a.in;
	}
	for (w = 0; w < 7; w++)
		for (h = 0; h < 24; h++) {
			rowsum[w] += cell[w][h];
			colsum[h] += cell[w][h];
			total += cell[w][h];
			snprintf(v, sizeof(v), "%ld", cell[w][h]);
			if ((int)strlen(v) > width)
				width = (int)strlen(v);
		}
	sc_buf_init(&b);
	sc_buf_adds(&b, "in  ");
	for (h = 0; h < 24; h++)
		sc_buf_printf(&b, " %*d", width, h);
	sc_buf_adds(&b, "  total");
	if (sc_out_line(out, b.data, b.len) < 0)
		goto fail;
	for (w = 0; w < 7; w++) {
		sc_buf_reset(&b);
		sc_buf_printf(&b, "%s ", sc_stats_wd_names[(w + 1) % 7]);
		for (h = 0; h < 24; h++) {
			if (cell[w][h])
				sc_buf_printf(&b, " %*ld", width, cell[w][h]);
			else
				sc_buf_printf(&b, " %*s", width, ".");
		}
		sc_buf_printf(&b, "  %5ld", rowsum[w]);
		if (sc_out_line(out, b.data, b.len) < 0)
			goto fail;
	}
	sc_buf_reset(&b);
	sc_buf_adds(&b, "all ");
	for (h = 0; h < 24; h++)
		sc_buf_printf(&b, " %*ld", width, colsum[h]);
	sc_buf_printf(&b, "  %5ld", total);
	if (sc_out_line(out, b.data, b.len) < 0)
		goto fail;
	sc_buf_release(&b);
	return 0;
fail:
	sc_buf_release(&b);
	return -1;
}

