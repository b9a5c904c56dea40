/*
 * triage_eval.c - the backtest (--eval) and the rules diff (--diff): a
 * confusion matrix over the labels as they come, and the fields in which
 * two decisions for one message differ.  Both only fill buffers; the
 * program prints them.
 */
#include <stdlib.h>
#include <string.h>

#include "triage.h"

#define MAX_CLS 32

struct sc_eval {
	char *cls[MAX_CLS];
	size_t ncls;
	long conf[MAX_CLS][MAX_CLS];
	long n;
};

struct sc_eval *
sc_eval_new(void)
{
	return sc_xcalloc(1, sizeof(struct sc_eval));
}

void
sc_eval_free(struct sc_eval *e)
{
	size_t i;

	if (e == NULL)
		return;
	for (i = 0; i < e->ncls; i++)
		free(e->cls[i]);
	free(e);
}

/* Index of a label, added in order of first appearance; MAX_CLS when full. */
static size_t
class_index(struct sc_eval *e, const char *name)
{
	size_t i;

	for (i = 0; i < e->ncls; i++)
		if (strcmp(e->cls[i], name) == 0)
			return i;
	if (e->ncls == MAX_CLS)
		return MAX_CLS;
	e->cls[e->ncls] = sc_xstrdup(name);
	return e->ncls++;
}

void
sc_eval_add(struct sc_eval *e, const char *gold, const char *pred)
{
	size_t g = class_index(e, gold), p = class_index(e, pred);

	if (g < MAX_CLS && p < MAX_CLS)
		e->conf[g][p]++;
	e->n++;
}

long
sc_eval_count(const struct sc_eval *e)
{
	return e->n;
}

void
sc_eval_report(const struct sc_eval *e, struct sc_buf *b)
{
	size_t i, j, w = 9;
	long total = 0, right = 0;
	double macro = 0;

	for (i = 0; i < e->ncls; i++)
		if (strlen(e->cls[i]) > w)
			w = strlen(e->cls[i]);
	sc_buf_printf(b, "%-*s %9s %9s %9s %9s\n", (int)w, "class", "precision", "recall", "f1",
		      "support");
	for (i = 0; i < e->ncls; i++) {
		long tp = e->conf[i][i], fp = 0, fn = 0;
		double p, rc, f;
		for (j = 0; j < e->ncls; j++)
			if (j != i) {
				fp += e->conf[j][i];
				fn += e->conf[i][j];
			}
		p = tp + fp ? (double)tp / (double)(tp + fp) : 0;
		rc = tp + fn ? (double)tp / (double)(tp + fn) : 0;
		f = p + rc > 0 ? 2 * p * rc / (p + rc) : 0;
		macro += f;
		total += tp + fn;
		right += tp;
		sc_buf_printf(b, "%-*s %9.3f %9.3f %9.3f %9ld\n", (int)w, e->cls[i], p, rc, f, tp + fn);
	}
	sc_buf_printf(b, "accuracy %.3f macro-f1 %.3f n %ld\n",
		      total ? (double)right / (double)total : 0.0,
		      e->ncls ? macro / (double)e->ncls : 0.0, total);
	sc_buf_printf(b, "confusion (rows: true, columns: predicted)\n%-*s", (int)w, "");
	for (j = 0; j < e->ncls; j++)
		sc_buf_printf(b, " %9s", e->cls[j]);
	sc_buf_addc(b, '\n');
	for (i = 0; i < e->ncls; i++) {
		sc_buf_printf(b, "%-*s", (int)w, e->cls[i]);
		for (j = 0; j < e->ncls; j++)
			sc_buf_printf(b, " %9ld", e->conf[i][j]);
		sc_buf_addc(b, '\n');
	}
}

static void
diff_field(struct sc_buf *b, int *any, const char *name, const char *old, const char *new)
{
	if (strcmp(old, new) == 0)
		return;
	sc_buf_printf(b, ",\"%s\":[", name);
	sc_buf_add_json_string(b, old, strlen(old));
	sc_buf_addc(b, ',');
	sc_buf_add_json_string(b, new, strlen(new));
	sc_buf_addc(b, ']');
	*any = 1;
}

/* A '\0'-separated list as "a|b". */
static void
join(char *dst, size_t cap, const char *v, size_t len)
{
	size_t i, o = 0;

	for (i = 0; i < len && o + 1 < cap; i++)
		dst[o++] = v[i] ? v[i] : '|';
	if (o > 0 && dst[o - 1] == '|')
		o--;
	dst[o] = '\0';
}

int
sc_decision_diff(const char *id, const struct sc_decision *od, const struct sc_decision *d,
		 struct sc_buf *b)
{
	char x[1100], y[1100];
	int any = 0;

	sc_buf_adds(b, "{\"id\":");
	sc_buf_add_json_string(b, id, strlen(id));
	diff_field(b, &any, "category", sc_categories[od->category], sc_categories[d->category]);
	diff_field(b, &any, "sentiment", sc_sentiments[od->sentiment], sc_sentiments[d->sentiment]);
	snprintf(x, sizeof(x), "P%d", od->priority);
	snprintf(y, sizeof(y), "P%d", d->priority);
	diff_field(b, &any, "priority", x, y);
	diff_field(b, &any, "action", sc_actions[od->action], sc_actions[d->action]);
	diff_field(b, &any, "team", od->team, d->team);
	join(x, sizeof(x), od->tags, od->tagslen);
	join(y, sizeof(y), d->tags, d->tagslen);
	diff_field(b, &any, "tags", x, y);
	join(x, sizeof(x), od->rules, od->ruleslen);
	join(y, sizeof(y), d->rules, d->ruleslen);
	diff_field(b, &any, "rules", x, y);
	sc_buf_addc(b, '}');
	return any;
}
