/*
 * triage_model.c - the trained models: multinomial naive Bayes and
 * regularised multinomial logistic regression over the same hashed
 * n-grams, and the cross-validation that picks one.
 *
 * Features of a message (its folded tokens): every word, every pair of
 * neighbouring words, and the character 3-, 4- and 5-grams of each word
 * padded with spaces (" rekl", "klam", ... so Polish inflections share
 * most of their features); URLs, mentions and numbers become the words
 * "<url>", "<@>" and "<num>".  Each feature is hashed (FNV-1a 64, with a
 * per-kind prefix) into 2^bits buckets.
 *
 * Naive Bayes counts features per class; prediction is argmax of
 * log P(c) + sum log P(f|c) with additive smoothing alpha, and the
 * confidence is the posterior of that class.
 *
 * Logistic regression (softmax over the classes): a message is the vector
 * of 1 + log(count) of its buckets, scaled to length 1; weights per class
 * and bucket plus a bias per class, learnt by stochastic gradient descent
 * (30 epochs, learning rate 0.5 / (1 + 0.5 lambda t), L2 penalty lambda by
 * weight decay with a global scale, so a step costs only the message's
 * features) in a fixed pseudo-random order, so the same data gives the
 * same model file byte for byte.  Rare classes weigh more: class c counts
 * (N / (K n_c))^0.5, N messages, K classes, n_c of class c (the square
 * root of "balanced": full balance cost precision on PolEval and the
 * airline tweets).  Without cross-validation lambda is 1e-5.
 *
 * Choice (--learner auto, the default): 3-fold cross-validation on the
 * training data (message i in fold i mod 3) of naive Bayes and of
 * logistic regression with lambda 1e-4 and 1e-5; the candidate with the
 * best mean macro-F1 is trained on all the data and is the one the model
 * file uses (naive Bayes wins ties).  Both learners
 * are kept in the file, so --eval can report each.  Training keeps every
 * message's features in memory (8 bytes per distinct bucket, about 2 KB
 * a message); past SC_TRAIN_MAX_FEATURES the linear learner is dropped
 * (sc_train_result says so) and naive Bayes, which only counts, goes on.
 *
 * File format (text, one record per line):
 *   sc-triage-model 1 (naive Bayes only) or 2
 *   target category|sentiment
 *   bits B
 *   alpha A
 *   learner nb|logreg              2: the learner predictions use
 *   lambda L power P               2, with logreg: its settings
 *   cv nb F logreg F               2, optional: the cross-validated
 *                                  macro-F1 that chose (-1: not run)
 *   class NAME DOCS FEATURES       one per class, in label order
 *   f BUCKET COUNT...              naive Bayes: a count per class
 *   bias B...                      logreg: a bias per class
 *   w BUCKET W...                  logreg: a weight per class, non-zero rows
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
/* Classes x 2^bits buckets a loaded model may have: each array (counts,
   log-probabilities, logreg weights) is 4 bytes a bucket, so 512 MB at
   most; eight categories fit at bits 24.  A file asking for more (32
   classes at bits 24 took 4 GB) is refused, not allocated. */
#define MAX_CELLS ((size_t)1 << 27)

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
	int learner;		/* SC_LEARN_NB or SC_LEARN_LOGREG: what predict uses */
	float *w;		/* logreg: ncls rows of 2^bits, NULL without one */
	double bias[MAX_CLASSES];
	double lambda, power;
	double cv[2];		/* cross-validated macro-F1 of nb and logreg, -1 unknown */
};

struct sc_model *
sc_model_new(const char *target, int bits, double alpha)
{
	struct sc_model *m = sc_xcalloc(1, sizeof(*m));

	snprintf(m->target, sizeof(m->target), "%s", target);
	m->bits = bits;
	m->alpha = alpha;
	m->learner = SC_LEARN_NB;
	m->cv[0] = m->cv[1] = -1;
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

/* The loader's counts, zeroed, for every class read (once). */
static void
counts_alloc(struct sc_model *m)
{
	if (m->cnt == NULL)
		m->cnt = sc_xcalloc(m->ncls << m->bits, sizeof(uint32_t));
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
	free(m->w);
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

/* ---- message vectors (logistic regression and cross-validation) ---- */

#define LR_EPOCHS 30

/* 1 + log(count), from a table for the small counts nearly all are. */
static double
xval(float cnt)
{
	static double tab[64];
	int k = (int)cnt;

	if (k >= 64)
		return 1 + log(cnt);
	if (tab[1] == 0)
		for (int i = 1; i < 64; i++)
			tab[i] = 1 + log((double)i);
	return tab[k];
}

/* A message's distinct buckets (sorted), each with its count. */
struct vec {
	uint32_t *b;
	float *cnt;
	size_t n, cap;
	double norm;	/* 1 / length of (1 + log count) */
};

static void
vec_cb(void *ctx, uint32_t b)
{
	struct vec *v = ctx;

	if (v->n == v->cap) {
		v->cap = v->cap ? 2 * v->cap : 256;
		v->b = sc_xrealloc(v->b, v->cap * sizeof(*v->b));
	}
	v->b[v->n++] = b;
}

static int
cmp_u32(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;

	return x < y ? -1 : x > y;
}

/* Fill v from t (v's arrays reused). */
static void
vec_of(const struct sc_text *t, int bits, struct vec *v)
{
	size_t i, k = 0;
	double len = 0;

	v->n = 0;
	features(t, bits, vec_cb, v);
	qsort(v->b, v->n, sizeof(*v->b), cmp_u32);
	v->cnt = sc_xrealloc(v->cnt, (v->cap ? v->cap : 1) * sizeof(*v->cnt));
	for (i = 0; i < v->n; i++) {
		if (k > 0 && v->b[k - 1] == v->b[i]) {
			v->cnt[k - 1] += 1;
			continue;
		}
		v->b[k] = v->b[i];
		v->cnt[k++] = 1;
	}
	v->n = k;
	for (i = 0; i < k; i++) {
		double x = xval(v->cnt[i]);
		len += x * x;
	}
	v->norm = len > 0 ? 1 / sqrt(len) : 0;
}

static void
vec_release(struct vec *v)
{
	free(v->b);
	free(v->cnt);
}

/* Class scores of a vector: naive Bayes log posteriors or logreg logits. */
static void
scores(const struct sc_model *m, int learner, const uint32_t *b, const float *cnt, size_t n,
       double norm, double *sc)
{
	size_t c, i, nb = (size_t)1 << m->bits;

	for (c = 0; c < m->ncls; c++) {
		double s;
		if (learner == SC_LEARN_NB) {
			const float *lp = m->lp + c * nb;
			s = m->prior[c];
			for (i = 0; i < n; i++)
				s += cnt[i] * lp[b[i]];
		} else {
			const float *w = m->w + c * nb;
			double z = 0;
			for (i = 0; i < n; i++)
				z += xval(cnt[i]) * w[b[i]];
			s = m->bias[c] + z * norm;
		}
		sc[c] = s;
	}
}

/* The best class and its probability (softmax of the scores). */
static size_t
best_of(const double *sc, size_t n, double *p)
{
	size_t c, best = 0;
	double sum = 0;

	for (c = 1; c < n; c++)
		if (sc[c] > sc[best])
			best = c;
	for (c = 0; c < n; c++)
		sum += exp(sc[c] - sc[best]);
	if (p)
		*p = 1.0 / sum;
	return best;
}

int
sc_model_learners(const struct sc_model *m)
{
	return (m->cnt ? 1 << SC_LEARN_NB : 0) | (m->w ? 1 << SC_LEARN_LOGREG : 0);
}

int
sc_model_learner(const struct sc_model *m)
{
	return m->learner;
}

const char *
sc_model_predict_as(const struct sc_model *m, int learner, const struct sc_text *t, double *p)
{
	struct vec v;
	double sc[MAX_CLASSES];
	size_t best;

	if (m->ncls == 0 || !(sc_model_learners(m) & (1 << learner)))
		return NULL;
	if (learner == SC_LEARN_NB && m->lp == NULL)
		prepare((struct sc_model *)m);	/* lazily, once */
	memset(&v, 0, sizeof(v));
	vec_of(t, m->bits, &v);
	scores(m, learner, v.b, v.cnt, v.n, v.norm, sc);
	vec_release(&v);
	best = best_of(sc, m->ncls, p);
	return m->cls[best];
}

const char *
sc_model_predict(const struct sc_model *m, const struct sc_text *t, double *p)
{
	return sc_model_predict_as(m, m->learner, t, p);
}

/* ---- training ---- */

struct sc_trainer {
	struct sc_model *m;	/* naive Bayes counts of everything, classes */
	uint32_t *b;		/* every message's buckets, one after another */
	float *cnt;
	size_t nf, cap;
	struct tdoc {
		size_t off;
		uint32_t n;
		uint8_t cls;
		float norm;
	} *d;
	size_t nd, dcap;
	int full;		/* past SC_TRAIN_MAX_FEATURES: no linear learner */
	struct vec v;
};

struct sc_trainer *
sc_trainer_new(const char *target, int bits, double alpha)
{
	struct sc_trainer *tr = sc_xcalloc(1, sizeof(*tr));

	tr->m = sc_model_new(target, bits, alpha);
	return tr;
}

void
sc_trainer_free(struct sc_trainer *tr)
{
	if (tr == NULL)
		return;
	sc_model_free(tr->m);
	free(tr->b);
	free(tr->cnt);
	free(tr->d);
	vec_release(&tr->v);
	free(tr);
}

void
sc_trainer_add(struct sc_trainer *tr, const struct sc_text *t, const char *label)
{
	size_t c;

	sc_model_learn(tr->m, t, label);
	for (c = 0; c < tr->m->ncls; c++)
		if (strcmp(tr->m->cls[c], label) == 0)
			break;
	if (c == tr->m->ncls || tr->full)
		return;
	vec_of(t, tr->m->bits, &tr->v);
	if (tr->nf + tr->v.n > SC_TRAIN_MAX_FEATURES) {
		tr->full = 1;
		return;
	}
	if (tr->nf + tr->v.n > tr->cap) {
		tr->cap = (tr->nf + tr->v.n) * 2;
		tr->b = sc_xrealloc(tr->b, tr->cap * sizeof(*tr->b));
		tr->cnt = sc_xrealloc(tr->cnt, tr->cap * sizeof(*tr->cnt));
	}
	memcpy(tr->b + tr->nf, tr->v.b, tr->v.n * sizeof(*tr->b));
	memcpy(tr->cnt + tr->nf, tr->v.cnt, tr->v.n * sizeof(*tr->cnt));
	if (tr->nd == tr->dcap) {
		tr->dcap = tr->dcap ? 2 * tr->dcap : 1024;
		tr->d = sc_xrealloc(tr->d, tr->dcap * sizeof(*tr->d));
	}
	tr->d[tr->nd].off = tr->nf;
	tr->d[tr->nd].n = (uint32_t)tr->v.n;
	tr->d[tr->nd].cls = (uint8_t)c;
	tr->d[tr->nd].norm = (float)tr->v.norm;
	tr->nd++;
	tr->nf += tr->v.n;
}

long
sc_trainer_count(const struct sc_trainer *tr)
{
	long n = 0;
	size_t c;

	for (c = 0; c < tr->m->ncls; c++)
		n += tr->m->docs[c];
	return n;
}

/* A deterministic generator for the visiting order (xorshift64*). */
static uint64_t
rnd(uint64_t *s)
{
	*s ^= *s >> 12;
	*s ^= *s << 25;
	*s ^= *s >> 27;
	return *s * 0x2545F4914F6CDD1DULL;
}

/*
 * Logistic regression on the messages whose fold is not `skip` (-1: all)
 * into m->w and m->bias (m's classes already set).
 */
static void
logreg_train(const struct sc_trainer *tr, struct sc_model *m, int skip, int k, double lambda,
	     double power)
{
	size_t nb = (size_t)1 << m->bits, ncls = m->ncls, i, j, c, n = 0, e;
	size_t *order = sc_xmalloc((tr->nd ? tr->nd : 1) * sizeof(*order));
	double cw[MAX_CLASSES], cnt[MAX_CLASSES] = {0}, scale = 1, eta0 = 0.5, t = 0;
	uint64_t seed = 0x9E3779B97F4A7C15ULL;

	free(m->w);
	m->w = sc_xcalloc(ncls * nb, sizeof(float));
	memset(m->bias, 0, sizeof(m->bias));
	for (i = 0; i < tr->nd; i++)
		if (skip < 0 || (int)(i % (size_t)k) != skip) {
			order[n++] = i;
			cnt[tr->d[i].cls] += 1;
		}
	for (c = 0; c < ncls; c++)
		cw[c] = cnt[c] > 0 ? pow((double)n / ((double)ncls * cnt[c]), power) : 0;
	for (e = 0; e < LR_EPOCHS; e++) {
		for (i = n; i > 1; i--) {	/* Fisher-Yates */
			size_t r = (size_t)(rnd(&seed) % i), tmp = order[i - 1];
			order[i - 1] = order[r];
			order[r] = tmp;
		}
		for (i = 0; i < n; i++) {
			const struct tdoc *d = &tr->d[order[i]];
			const uint32_t *b = tr->b + d->off;
			const float *x = tr->cnt + d->off;
			double z[MAX_CLASSES], p, eta = eta0 / (1 + lambda * eta0 * t);
			t += 1;
			for (c = 0; c < ncls; c++) {
				const float *w = m->w + c * nb;
				double s = 0;
				for (j = 0; j < d->n; j++)
					s += xval(x[j]) * w[b[j]];
				z[c] = m->bias[c] + s * d->norm * scale;
			}
			{
				double mx = z[0], sum = 0;
				for (c = 1; c < ncls; c++)
					if (z[c] > mx)
						mx = z[c];
				for (c = 0; c < ncls; c++)
					sum += exp(z[c] - mx);
				scale *= 1 - eta * lambda;
				if (scale < 1e-6) {	/* fold the scale into the weights */
					for (j = 0; j < ncls * nb; j++)
						m->w[j] = (float)(m->w[j] * scale);
					scale = 1;
				}
				for (c = 0; c < ncls; c++) {
					double g;
					float *w = m->w + c * nb;
					p = exp(z[c] - mx) / sum;
					g = cw[d->cls] * (p - (c == d->cls));
					if (g == 0)
						continue;
					m->bias[c] -= eta * g;
					g *= eta * d->norm / scale;
					for (j = 0; j < d->n; j++)
						w[b[j]] -= (float)(g * xval(x[j]));
				}
			}
		}
	}
	for (j = 0; j < ncls * nb; j++)
		m->w[j] = (float)(m->w[j] * scale);
	m->lambda = lambda;
	m->power = power;
	free(order);
}

/* Naive Bayes counts of the messages whose fold is not `skip`. */
static void
nb_fold(const struct sc_trainer *tr, struct sc_model *m, int skip, int k)
{
	size_t nb = (size_t)1 << m->bits, i, j;

	memset(m->cnt, 0, m->ncls * nb * sizeof(uint32_t));
	memset(m->docs, 0, sizeof(m->docs));
	memset(m->total, 0, sizeof(m->total));
	for (i = 0; i < tr->nd; i++) {
		const struct tdoc *d = &tr->d[i];
		if ((int)(i % (size_t)k) == skip)
			continue;
		m->docs[d->cls]++;
		for (j = 0; j < d->n; j++) {
			m->cnt[(d->cls << m->bits) + tr->b[d->off + j]] += (uint32_t)tr->cnt[d->off + j];
			m->total[d->cls] += (long)tr->cnt[d->off + j];
		}
	}
	free(m->lp);
	m->lp = NULL;
	prepare(m);
}

/* Macro-F1 of learner on fold `fold` of tr with m trained without it. */
static double
fold_f1(const struct sc_trainer *tr, const struct sc_model *m, int learner, int fold, int k)
{
	long conf[MAX_CLASSES][MAX_CLASSES];
	double sc[MAX_CLASSES], f1 = 0;
	size_t i, c, j;

	memset(conf, 0, sizeof(conf));
	for (i = (size_t)fold; i < tr->nd; i += (size_t)k) {
		const struct tdoc *d = &tr->d[i];
		scores(m, learner, tr->b + d->off, tr->cnt + d->off, d->n, d->norm, sc);
		conf[d->cls][best_of(sc, m->ncls, NULL)]++;
	}
	for (c = 0; c < m->ncls; c++) {
		long tp = conf[c][c], fp = 0, fn = 0;
		for (j = 0; j < m->ncls; j++)
			if (j != c) {
				fp += conf[j][c];
				fn += conf[c][j];
			}
		if (tp > 0)
			f1 += 2.0 * (double)tp / (double)(2 * tp + fp + fn);
	}
	return f1 / (double)m->ncls;
}

struct sc_model *
sc_trainer_finish(struct sc_trainer *tr, int learner, struct sc_train_result *res)
{
	static const double lambdas[] = {1e-4, 1e-5};
	struct sc_model *m = tr->m, *cv;
	double best_lr = -1, bl = 1e-5, bp = 0.5;
	const int k = 3;
	size_t c;
	int f, a;

	memset(res, 0, sizeof(*res));
	res->cv_nb = res->cv_logreg = -1;
	tr->m = NULL;
	res->too_large = tr->full;
	if (learner == SC_LEARN_NB || tr->full || m->ncls < 2) {
		m->learner = SC_LEARN_NB;
		res->learner = SC_LEARN_NB;
		return m;
	}
	if (learner == SC_LEARN_AUTO && tr->nd >= (size_t)k) {
		cv = sc_model_new(m->target, m->bits, m->alpha);
		for (c = 0; c < m->ncls; c++)
			add_class(cv, m->cls[c]);
		res->cv_nb = 0;
		for (f = 0; f < k; f++) {
			nb_fold(tr, cv, f, k);
			res->cv_nb += fold_f1(tr, cv, SC_LEARN_NB, f, k) / k;
		}
		for (a = 0; a < 2; a++) {
			double s = 0;
			for (f = 0; f < k; f++) {
				logreg_train(tr, cv, f, k, lambdas[a], bp);
				s += fold_f1(tr, cv, SC_LEARN_LOGREG, f, k) / k;
			}
			if (s > best_lr) {
				best_lr = s;
				bl = lambdas[a];
			}
		}
		sc_model_free(cv);
		res->cv_logreg = best_lr;
	}
	logreg_train(tr, m, -1, k, bl, bp);
	m->learner = learner == SC_LEARN_LOGREG || res->cv_logreg > res->cv_nb
		     ? SC_LEARN_LOGREG : SC_LEARN_NB;
	m->cv[0] = res->cv_nb;
	m->cv[1] = res->cv_logreg;
	res->learner = m->learner;
	res->lambda = bl;
	res->power = bp;
	return m;
}

int
sc_model_save(const struct sc_model *m, FILE *f)
{
	size_t c, b, nb = (size_t)1 << m->bits;

	fprintf(f, "sc-triage-model %d\ntarget %s\nbits %d\nalpha %g\n", m->w ? 2 : 1,
		m->target, m->bits, m->alpha);
	if (m->w) {
		fprintf(f, "learner %s\nlambda %g power %g\n",
			m->learner == SC_LEARN_LOGREG ? "logreg" : "nb", m->lambda, m->power);
		if (m->cv[0] >= 0 || m->cv[1] >= 0)
			fprintf(f, "cv nb %.4f logreg %.4f\n", m->cv[0], m->cv[1]);
	}
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
	if (m->w) {
		fputs("bias", f);
		for (c = 0; c < m->ncls; c++)
			fprintf(f, " %.6g", m->bias[c]);
		fputc('\n', f);
		for (b = 0; b < nb; b++) {
			int any = 0;
			for (c = 0; c < m->ncls; c++)
				any |= m->w[c * nb + b] != 0;
			if (!any)
				continue;
			fprintf(f, "w %zu", b);
			for (c = 0; c < m->ncls; c++)
				fprintf(f, " %.6g", m->w[c * nb + b]);
			fputc('\n', f);
		}
	}
	fputs("end\n", f);
	return ferror(f) ? -1 : 0;
}

/* One finite number of magnitude at most 1e6 after blanks; advances *p. */
static int
weight_parse(char **p, double *v)
{
	char *end;

	while (**p == ' ')
		(*p)++;
	if (**p == '\0')
		return -1;
	*v = strtod(*p, &end);
	if (end == *p || !isfinite(*v) || fabs(*v) > 1e6)
		return -1;
	*p = end;
	return 0;
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
	int bits = -1, ended = 0, version = 1, learner = SC_LEARN_NB, have_bias = 0;
	double alpha = -1, lambda = 0, power = 0, cvs[2] = {-1, -1};
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
			if (strcmp(line, "sc-triage-model 2") == 0)
				version = 2;
			else if (strcmp(line, "sc-triage-model 1") != 0)
				BAD("not an sc-triage model (want 'sc-triage-model 1' or 2)");
		} else if (version == 2 && strncmp(line, "learner ", 8) == 0) {
			if (m)
				BAD("'learner' after the classes");
			if (strcmp(line + 8, "nb") == 0)
				learner = SC_LEARN_NB;
			else if (strcmp(line + 8, "logreg") == 0)
				learner = SC_LEARN_LOGREG;
			else
				BAD("bad learner (want nb or logreg)");
		} else if (version == 2 && strncmp(line, "lambda ", 7) == 0) {
			if (sscanf(line, "lambda %lf power %lf", &lambda, &power) != 2 ||
			    !(lambda >= 0 && lambda < 1) || !(power >= 0 && power <= 4))
				BAD("bad lambda/power line");
		} else if (version == 2 && strncmp(line, "cv ", 3) == 0) {
			if (sscanf(line, "cv nb %lf logreg %lf", &cvs[0], &cvs[1]) != 2 ||
			    !(cvs[0] >= -1 && cvs[0] <= 1) || !(cvs[1] >= -1 && cvs[1] <= 1))
				BAD("bad cv line");
		} else if (version == 2 && strncmp(line, "bias", 4) == 0 &&
			   (line[4] == ' ' || line[4] == '\0')) {
			size_t c;
			if (m == NULL || have_bias)
				BAD("'bias' before the classes or twice");
			p = line + 4;
			for (c = 0; c < m->ncls; c++)
				if (weight_parse(&p, &m->bias[c]) < 0)
					BAD("bad bias (want a number per class, |x| <= 1e6)");
			if (*p)
				BAD("too many numbers on the bias line");
			have_bias = 1;
			counts_alloc(m);
			m->w = sc_xcalloc(m->ncls << m->bits, sizeof(float));
		} else if (version == 2 && strncmp(line, "w ", 2) == 0) {
			unsigned long b;
			size_t c;
			double v;
			if (!have_bias)
				BAD("weights before the bias line");
			p = line + 2;
			b = strtoul(p, &end, 10);
			if (end == p || b >= (1ul << m->bits))
				BAD("bad weight bucket");
			p = end;
			for (c = 0; c < m->ncls; c++) {
				if (weight_parse(&p, &v) < 0)
					BAD("bad weight (want a number per class, |x| <= 1e6)");
				m->w[(c << m->bits) + b] = (float)v;
			}
			if (*p)
				BAD("too many weights on a line");
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
			/* the weights are sized for the classes before 'bias' */
			if (have_bias)
				BAD("'class' after the bias line");
			if (sscanf(line + 6, "%127s%n", name, &used) != 1 || m->ncls == MAX_CLASSES)
				BAD("bad class line");
			if ((m->ncls + 1) << m->bits > MAX_CELLS) {
				sc_error_set(e, SC_EX_CONFIG, path, lineno, 0,
					     "too large: %zu classes of 2^%d buckets (at most 2^27 "
					     "buckets in all: %zu classes at bits %d)", m->ncls + 1,
					     m->bits, MAX_CELLS >> m->bits, m->bits);
				goto fail;
			}
			p = line + 6 + used;
			if (count_parse(&p, &d) < 0 || count_parse(&p, &t) < 0 || *p)
				BAD("bad class line (want NAME DOCS FEATURES, counts 0 to 2^48)");
			if (docs_sum > MAX_COUNT - d)
				BAD("document counts add up past 2^48");
			docs_sum += d;
			/* the counts are allocated once, after the last class (nothing
			   is allocated for a file refused above) */
			if (m->cnt != NULL)
				BAD("'class' after the feature lines");
			m->cls[m->ncls] = sc_xstrdup(name);
			c0 = m->ncls++;
			m->docs[c0] = d;
			m->total[c0] = t;
		} else if (strncmp(line, "f ", 2) == 0) {
			unsigned long b;
			size_t c;
			if (m == NULL)
				BAD("feature before classes");
			counts_alloc(m);
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
	if (learner == SC_LEARN_LOGREG && !have_bias)
		BAD("learner logreg without its weights (no 'bias' line)");
	counts_alloc(m);
	m->learner = learner;
	m->lambda = lambda;
	m->power = power;
	m->cv[0] = cvs[0];
	m->cv[1] = cvs[1];
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
