/*
 * triage_model.c - multinomial naive Bayes over hashed n-grams.
 *
 * Features of a message (its folded tokens): every word, every pair of
 * neighbouring words, and the character 3-, 4- and 5-grams of each word
 * padded with spaces (" rekl", "klam", ... so Polish inflections share
 * most of their features); URLs, mentions and numbers become the words
 * "<url>", "<@>" and "<num>".  Each feature is hashed (FNV-1a 64, with a
 * per-kind prefix) into 2^bits buckets.  Training counts features per
 * class; prediction is argmax of log P(c) + sum log P(f|c) with additive
 * smoothing alpha, and the confidence is the posterior of that class.
 * Everything is integer counts and a fixed hash, so the same data gives
 * the same model file byte for byte.
 *
 * File format (text, one record per line):
 *   sc-triage-model 1
 *   target category|sentiment
 *   bits B
 *   alpha A
 *   class NAME DOCS FEATURES       one per class, in label order
 *   f BUCKET COUNT...              one per non-empty bucket, a count per class
 *   end
 */
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "triage.h"

#define MAX_CLASSES 32
/* Counts in a model file are bounded so that sums of them (documents of
   every class, features of a class plus smoothing) never overflow. */
#define MAX_COUNT (1L << 48)

struct sc_model {
	char target[32];
	int bits;
	double alpha;
	size_t ncls;
	char *cls[MAX_CLASSES];
	long docs[MAX_CLASSES];
	long total[MAX_CLASSES];
	uint32_t *cnt;		/* ncls rows of 2^bits, allocated by class */
	float *lp;		/* log P(f|c), filled by prepare() */
	double prior[MAX_CLASSES];
	double unseen[MAX_CLASSES];
};

struct sc_model *
sc_model_new(const char *target, int bits, double alpha)
{
	struct sc_model *m = sc_xcalloc(1, sizeof(*m));

	snprintf(m->target, sizeof(m->target), "%s", target);
	m->bits = bits;
	m->alpha = alpha;
	return m;
}

/* Append a class with an empty row of counts. */
static size_t
add_class(struct sc_model *m, const char *name)
{
	size_t nb = (size_t)1 << m->bits;

	m->cnt = sc_xrealloc(m->cnt, (m->ncls + 1) * nb * sizeof(uint32_t));
	memset(m->cnt + m->ncls * nb, 0, nb * sizeof(uint32_t));
	m->cls[m->ncls] = sc_xstrdup(name);
	return m->ncls++;
}

void
sc_model_free(struct sc_model *m)
{
	size_t i;

	if (m == NULL)
		return;
	for (i = 0; i < m->ncls; i++)
		free(m->cls[i]);
	free(m->cnt);
	free(m->lp);
	free(m);
}

const char *
sc_model_target(const struct sc_model *m)
{
	return m->target;
}

static uint64_t
fnv(uint64_t h, const char *p, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		h ^= (unsigned char)p[i];
		h *= 0x100000001b3ULL;
	}
	return h;
}

#define FNV0 0xcbf29ce484222325ULL

typedef void (*feat_cb)(void *ctx, uint32_t bucket);

static void
word_of(const struct sc_text *t, size_t i, const char **w, size_t *n)
{
	const struct sc_tok *tk = &t->tok[i];

	if (tk->flags & SC_TOK_URL) {
		*w = "<url>";
		*n = 5;
	} else if (tk->flags & SC_TOK_MENTION) {
		*w = "<@>";
		*n = 3;
	} else if (tk->flags & SC_TOK_NUM) {
		*w = "<num>";
		*n = 5;
	} else {
		*w = t->fold.data + tk->off;
		*n = tk->len;
	}
}

static void
features(const struct sc_text *t, int bits, feat_cb cb, void *ctx)
{
	uint32_t mask = (1u << bits) - 1;
	size_t i;
	const char *prev = NULL;
	size_t prevn = 0;

	for (i = 0; i < t->ntok; i++) {
		const char *w;
		size_t n, g, k;
		uint64_t h;

		word_of(t, i, &w, &n);
		h = fnv(fnv(FNV0, "w", 1), w, n);
		cb(ctx, (uint32_t)(h & mask));
		if (prev) {
			h = fnv(fnv(fnv(fnv(FNV0, "b", 1), prev, prevn), " ", 1), w, n);
			cb(ctx, (uint32_t)(h & mask));
		}
		prev = w;
		prevn = n;
		if (t->tok[i].flags & (SC_TOK_URL | SC_TOK_MENTION | SC_TOK_NUM | SC_TOK_EMOJI) ||
		    n > 24)
			continue;
		{
			char pad[28];
			pad[0] = ' ';
			memcpy(pad + 1, w, n);
			pad[n + 1] = ' ';
			for (g = 3; g <= 5; g++)
				for (k = 0; k + g <= n + 2; k++) {
					h = fnv(fnv(FNV0, "c", 1), pad + k, g);
					cb(ctx, (uint32_t)(h & mask));
				}
		}
	}
}

struct learn_ctx {
	struct sc_model *m;
	size_t c;
};

static void
learn_cb(void *ctx, uint32_t b)
{
	struct learn_ctx *l = ctx;

	l->m->cnt[(l->c << l->m->bits) + b]++;
	l->m->total[l->c]++;
}

void
sc_model_learn(struct sc_model *m, const struct sc_text *t, const char *label)
{
	struct learn_ctx l = {m, 0};

	for (l.c = 0; l.c < m->ncls; l.c++)
		if (strcmp(m->cls[l.c], label) == 0)
			break;
	if (l.c == m->ncls) {
		if (m->ncls == MAX_CLASSES)
			return;
		add_class(m, label);
	}
	m->docs[l.c]++;
	features(t, m->bits, learn_cb, &l);
	free(m->lp);
	m->lp = NULL;
}

static void
prepare(struct sc_model *m)
{
	size_t c, f, nb = (size_t)1 << m->bits;
	long docs = 0;

	for (c = 0; c < m->ncls; c++)
		docs += m->docs[c];
	m->lp = sc_xmalloc(m->ncls * nb * sizeof(float));
	for (c = 0; c < m->ncls; c++) {
		double den = log((double)m->total[c] + m->alpha * (double)nb);
		m->prior[c] = log(((double)m->docs[c] + 1.0) / ((double)docs + (double)m->ncls));
		m->unseen[c] = log(m->alpha) - den;
		for (f = 0; f < nb; f++) {
			uint32_t k = m->cnt[(c << m->bits) + f];
			m->lp[c * nb + f] = k ? (float)(log((double)k + m->alpha) - den)
					      : (float)m->unseen[c];
		}
	}
}

struct pred_ctx {
	const struct sc_model *m;
	double score[MAX_CLASSES];
};

static void
pred_cb(void *ctx, uint32_t b)
{
	struct pred_ctx *p = ctx;
	size_t c, nb = (size_t)1 << p->m->bits;

	for (c = 0; c < p->m->ncls; c++)
		p->score[c] += p->m->lp[c * nb + b];
}

const char *
sc_model_predict(const struct sc_model *m, const struct sc_text *t, double *p)
{
	struct pred_ctx pc;
	size_t c, best = 0;
	double sum = 0;

	if (m->ncls == 0)
		return NULL;
	if (m->lp == NULL)
		prepare((struct sc_model *)m);	/* lazily, once */
	pc.m = m;
	for (c = 0; c < m->ncls; c++)
		pc.score[c] = m->prior[c];
	features(t, m->bits, pred_cb, &pc);
	for (c = 1; c < m->ncls; c++)
		if (pc.score[c] > pc.score[best])
			best = c;
	for (c = 0; c < m->ncls; c++)
		sum += exp(pc.score[c] - pc.score[best]);
	if (p)
		*p = 1.0 / sum;
	return m->cls[best];
}

int
sc_model_save(const struct sc_model *m, FILE *f)
{
	size_t c, b, nb = (size_t)1 << m->bits;

	fprintf(f, "sc-triage-model 1\ntarget %s\nbits %d\nalpha %g\n", m->target, m->bits,
		m->alpha);
	for (c = 0; c < m->ncls; c++)
		fprintf(f, "class %s %ld %ld\n", m->cls[c], m->docs[c], m->total[c]);
	for (b = 0; b < nb; b++) {
		int any = 0;
		for (c = 0; c < m->ncls; c++)
			any |= m->cnt[(c << m->bits) + b] != 0;
		if (!any)
			continue;
		fprintf(f, "f %zu", b);
		for (c = 0; c < m->ncls; c++)
			fprintf(f, " %u", m->cnt[(c << m->bits) + b]);
		fputc('\n', f);
	}
	fputs("end\n", f);
	return ferror(f) ? -1 : 0;
}

/* One decimal count in 0..MAX_COUNT after blanks; advances *p. */
static int
count_parse(char **p, long *v)
{
	char *end;

	while (**p == ' ')
		(*p)++;
	if (**p < '0' || **p > '9')
		return -1;
	errno = 0;
	*v = strtol(*p, &end, 10);
	if (errno || *v > MAX_COUNT)
		return -1;
	*p = end;
	return 0;
}

struct sc_model *
sc_model_load(const char *path, struct sc_error *e)
{
	FILE *f = fopen(path, "r");
	char *line = NULL, *p, *end;
	size_t cap = 0;
	long lineno = 0;
	struct sc_model *m = NULL;
	char target[32] = "";
	int bits = -1, ended = 0;
	double alpha = -1;
	long docs_sum = 0;

	if (f == NULL) {
		sc_error_set(e, SC_EX_NOINPUT, path, 0, 0, "%s", strerror(errno));
		return NULL;
	}
#define BAD(msg) do { sc_error_set(e, SC_EX_CONFIG, path, lineno, 0, msg); goto fail; } while (0)
	while (getline(&line, &cap, f) >= 0) {
		lineno++;
		line[strcspn(line, "\r\n")] = '\0';
		if (ended)
			BAD("data after 'end'");
		if (lineno == 1) {
			if (strcmp(line, "sc-triage-model 1") != 0)
				BAD("not an sc-triage model (want 'sc-triage-model 1')");
		} else if (strncmp(line, "target ", 7) == 0) {
			if (strcmp(line + 7, "category") && strcmp(line + 7, "sentiment"))
				BAD("bad target (want category or sentiment)");
			snprintf(target, sizeof(target), "%s", line + 7);
		} else if (strncmp(line, "bits ", 5) == 0) {
			long v = strtol(line + 5, &end, 10);
			if (*end || v < 8 || v > 24)
				BAD("bad bits (want 8 to 24)");
			bits = (int)v;
		} else if (strncmp(line, "alpha ", 6) == 0) {
			alpha = strtod(line + 6, &end);
			if (*end || !(alpha > 0))
				BAD("bad alpha");
		} else if (strncmp(line, "class ", 6) == 0) {
			char name[128];
			long d, t;
			size_t c0;
			int used = 0;
			if (m == NULL) {
				if (!*target || bits < 0 || alpha < 0)
					BAD("'class' before target, bits and alpha");
				m = sc_model_new(target, bits, alpha);
			}
			if (sscanf(line + 6, "%127s%n", name, &used) != 1 || m->ncls == MAX_CLASSES)
				BAD("bad class line");
			p = line + 6 + used;
			if (count_parse(&p, &d) < 0 || count_parse(&p, &t) < 0 || *p)
				BAD("bad class line (want NAME DOCS FEATURES, counts 0 to 2^48)");
			if (docs_sum > MAX_COUNT - d)
				BAD("document counts add up past 2^48");
			docs_sum += d;
			c0 = add_class(m, name);
			m->docs[c0] = d;
			m->total[c0] = t;
		} else if (strncmp(line, "f ", 2) == 0) {
			unsigned long b;
			size_t c;
			if (m == NULL)
				BAD("feature before classes");
			p = line + 2;
			b = strtoul(p, &end, 10);
			if (end == p || b >= (1ul << m->bits))
				BAD("bad feature bucket");
			for (c = 0; c < m->ncls; c++) {
				unsigned long v;
				p = end;
				v = strtoul(p, &end, 10);
				if (end == p || v > 0xffffffffUL)
					BAD("bad feature count");
				m->cnt[(c << m->bits) + b] = (uint32_t)v;
			}
			if (*end)
				BAD("too many counts on a feature line");
		} else if (strcmp(line, "end") == 0) {
			ended = 1;
		} else {
			BAD("unknown line");
		}
	}
	if (!ended)
		BAD("truncated model (no 'end' line)");
	if (m == NULL)
		BAD("model has no classes");
#undef BAD
	fclose(f);
	free(line);
	prepare(m);
	return m;
fail:
	fclose(f);
	free(line);
	sc_model_free(m);
	return NULL;
}
