/*
 * text_match.c - the keyword pattern language and its matcher, one for
 * rules.csv and lexicons (sc-triage) and replies.csv (sc-reply).  API in
 * text.h, the language in sc(7), KEYWORD PATTERNS; the folding and the
 * tokens it runs over are text.c's.
 *
 * A pattern is folded and split into words the way text is (the same
 * character classes, text_int.h); a word made only of '*' is a gap (any
 * number of words).  Leading and trailing gaps are dropped and runs of
 * gaps merged, so a pattern is segments of words separated by gaps.  The
 * first segment must match at the token where the match starts; every
 * later one is searched for leftmost after the previous one, which is
 * exact for gaps that accept anything and keeps matching linear in the
 * text for each start (no backtracking across gaps).  Inside a word '*'
 * is the usual glob, matched without recursion.
 *
 * A matcher indexes patterns by their first word, so a message is matched
 * against the whole lexicon in one pass over its tokens: a hash of keys
 * (exact words, their lemmas, literal prefix and suffix cores) gives each
 * token the patterns that can start there in a few probes, and only first
 * words with an inner '*' are tried on every token (sc_matcher_run).  The
 * older first-byte buckets are kept as sc_matcher_run_reference, which
 * the unit tests hold the index to.  With a lemmatizer, a 4096-bit filter
 * of the first three bytes of every exact pattern word (and its lemmas)
 * decides which text words are worth looking up at all.
 *
 * The string form (sc_pattern_fold_new, sc_pattern_match_words) runs the
 * same segment matcher over space-separated words, for sc-reply.
 */
#include <stdlib.h>
#include <string.h>

#include "text_int.h"

/* ---- the matcher ---- */

/* A pattern word and how it matches, decided once when it is added. */
enum { PW_EXACT, PW_PREFIX, PW_SUFFIX, PW_INFIX, PW_GLOB, PW_GAP };
struct pword {
	char *s;
	size_t len;
	int kind;
	size_t coff, clen;	/* the literal core ("reklamac" of "reklamac*") */
	char *lem;		/* PW_EXACT with a lemmatizer: its lemmas, NUL after each */
	size_t nlem;
	int literal;		/* written "=word": no lemmas */
};
struct pat {
	int owner;
	size_t nw;
	struct pword *w;
};
struct ivec {
	int *v;
	size_t n, cap;
};
/* One key of the first-word index: the patterns whose first word is
   exactly key (FK_EXACT), has key as its literal prefix or suffix core
   (FK_PREFIX, FK_SUFFIX; a suffix is hashed from its last byte back), or
   has key among its lemmas (FK_LEMMA). */
enum { FK_EXACT, FK_PREFIX, FK_SUFFIX, FK_LEMMA };
struct fkey {
	uint64_t h;
	char *key;
	size_t len;
	int kind;
	struct ivec ids;
};
struct sc_matcher {
	struct pat *p;
	size_t n, cap;
	struct ivec bucket[256];	/* the reference matcher's buckets */
	struct ivec wild;
	/* the first-word index (see the header note) */
	struct fkey *k;
	size_t nk, capk;
	uint32_t *slot;		/* key index + 1, 0 empty; nslot a power of 2 */
	size_t nslot;
	unsigned char *pfxlen, *suflen;	/* [len]: a prefix / suffix core of len exists */
	size_t maxpfx, maxsuf;
	struct ivec scan;	/* first words with an inner '*' or both ends: tried on every token */
	char **neg;
	size_t nneg, capneg;
	sc_lemma_fn lemma;
	void *lemma_ctx;
	uint64_t pfx[64];	/* 4096-bit filter of the first 3 bytes of exact words */
};

static unsigned
pfx_hash(const char *w)
{
	return (((unsigned char)w[0] * 31u + (unsigned char)w[1]) * 31u + (unsigned char)w[2]) & 4095u;
}

void
sc_matcher_set_lemmatizer(struct sc_matcher *m, sc_lemma_fn fn, void *ctx)
{
	m->lemma = fn;
	m->lemma_ctx = ctx;
}

static void
ivec_push(struct ivec *v, int x)
{
	if (v->n == v->cap) {
		v->cap = v->cap ? v->cap * 2 : 4;
		v->v = sc_xrealloc(v->v, v->cap * sizeof(int));
	}
	v->v[v->n++] = x;
}

struct sc_matcher *
sc_matcher_new(void)
{
	return sc_xcalloc(1, sizeof(struct sc_matcher));
}

void
sc_matcher_free(struct sc_matcher *m)
{
	size_t i, j;

	if (m == NULL)
		return;
	for (i = 0; i < m->n; i++) {
		for (j = 0; j < m->p[i].nw; j++) {
			free(m->p[i].w[j].s);
			free(m->p[i].w[j].lem);
		}
		free(m->p[i].w);
	}
	free(m->p);
	for (i = 0; i < 256; i++)
		free(m->bucket[i].v);
	free(m->wild.v);
	for (i = 0; i < m->nk; i++) {
		free(m->k[i].key);
		free(m->k[i].ids.v);
	}
	free(m->k);
	free(m->slot);
	free(m->pfxlen);
	free(m->suflen);
	free(m->scan.v);
	sc_matcher_clear_negators(m);
	free(m->neg);
	free(m);
}

static int
is_gap(const struct pword *w)
{
	return w->kind == PW_GAP;
}

/* Set kind and core of a word from its text. */
static void
word_kind(struct pword *w)
{
	const char *p = w->s;
	size_t n = w->len, k;
	int pre = n > 0 && p[0] == '*', suf = n > 1 && p[n - 1] == '*';

	for (k = 0; k < n && p[k] == '*'; k++)
		;
	if (k == n && n > 0) {
		w->kind = PW_GAP;
		w->coff = w->clen = 0;
		return;
	}
	w->coff = (size_t)pre;
	w->clen = n - (size_t)pre - (size_t)suf;
	if (memchr(p + w->coff, '*', w->clen) != NULL)
		w->kind = PW_GLOB;
	else
		w->kind = pre && suf ? PW_INFIX : pre ? PW_SUFFIX : suf ? PW_PREFIX : PW_EXACT;
}

/* Split a folded pattern into words the way the tokenizer splits text,
   keeping '*'; gaps normalised as the header says.  Returns the number of
   words or -1 with why. */
static int
split_pattern(const char *s, size_t n, struct pword **out, const char **why)
{
	struct pword *w = NULL;
	size_t nw = 0, i = 0, ngap = 0;
	int literal = 0;

	while (i < n) {
		uint32_t cp;
		int len, c = sc_text_class_at(s, n, i, &cp, &len);
		size_t start = i;

		if (cp == '=' && (i == 0 || s[i - 1] == ' ' || s[i - 1] == '\t')) {
			literal = 1;	/* "=word": the written form only */
			i++;
			continue;
		}
		if (c == SC_TC_EMOJI) {
			i += (size_t)len;
		} else if (c == SC_TC_WORD || cp == '*' || cp == '@' || cp == '\'') {
			while (i < n) {
				c = sc_text_class_at(s, n, i, &cp, &len);
				if (c != SC_TC_WORD && cp != '*' && cp != '@' && cp != '\'')
					break;
				i += (size_t)len;
			}
		} else {
			i += (size_t)len;
			continue;
		}
		w = sc_xrealloc(w, (nw + 1) * sizeof(*w));
		w[nw].s = sc_xstrndup(s + start, i - start);
		w[nw].len = i - start;
		w[nw].lem = NULL;
		w[nw].nlem = 0;
		w[nw].literal = literal;
		literal = 0;
		word_kind(&w[nw]);
		if (is_gap(&w[nw])) {
			ngap++;
			if (nw == 0 || is_gap(&w[nw - 1])) {	/* leading or repeated */
				free(w[nw].s);
				continue;
			}
			w[nw].s[1] = '\0';
			w[nw].len = 1;
		}
		nw++;
	}
	if (nw > 0 && is_gap(&w[nw - 1]))
		free(w[--nw].s);	/* trailing gap: zero words will do */
	if (nw == 0) {
		*why = ngap ? "a pattern cannot be only '*'" : "empty pattern";
		free(w);
		return -1;
	}
	*out = w;
	return (int)nw;
}

static void
free_words(struct pword *w, size_t nw)
{
	size_t i;

	for (i = 0; i < nw; i++) {
		free(w[i].s);
		free(w[i].lem);
	}
	free(w);
}

/* With a lemmatizer: the lemmas of the exact words of a pattern, from the
   words of the original pattern (split at blanks; skipped when that split
   does not line up with the folded words), and the prefix filter. */
static void
add_lemmas(struct sc_matcher *m, const char *pattern, struct pword *w, size_t nw)
{
	const char *p = pattern;
	size_t k = 0, j;
	struct sc_buf b;

	sc_buf_init(&b);
	for (j = 0; j < nw; j++)
		if (w[j].kind == PW_EXACT && !w[j].literal && w[j].len >= 3)
			m->pfx[pfx_hash(w[j].s) >> 6] |= 1ull << (pfx_hash(w[j].s) & 63);
	for (j = 0; *p; j++) {
		size_t n;
		while (*p == ' ' || *p == '\t')
			p++;
		if (!*p)
			break;
		n = strcspn(p, " \t");
		p += n;
	}
	if (j != nw)
		goto out;
	for (p = pattern; *p && k < nw; k++) {
		size_t n, cnt, off;
		while (*p == ' ' || *p == '\t')
			p++;
		n = strcspn(p, " \t");
		if (w[k].kind == PW_EXACT && !w[k].literal) {
			sc_buf_reset(&b);
			cnt = m->lemma(m->lemma_ctx, p, n, &b);
			if (cnt > 0) {
				w[k].lem = sc_xmalloc(b.len);
				memcpy(w[k].lem, b.data, b.len);
				w[k].nlem = cnt;
				for (off = 0; off < b.len; off += strlen(b.data + off) + 1)
					if (strlen(b.data + off) >= 3)
						m->pfx[pfx_hash(b.data + off) >> 6] |=
							1ull << (pfx_hash(b.data + off) & 63);
			}
		}
		p += n;
	}
out:
	sc_buf_release(&b);
}

/* Fold and split pattern: number of words or -1 with why. */
static int
compile(const char *pattern, struct pword **w, const char **why)
{
	struct sc_buf f;
	int nw;

	sc_buf_init(&f);
	sc_fold(pattern, strlen(pattern), &f);
	nw = split_pattern(f.data ? f.data : "", f.len, w, why);
	sc_buf_release(&f);
	return nw;
}

int
sc_pattern_check(const char *pattern, const char **why)
{
	struct pword *w;
	int nw = compile(pattern, &w, why);

	if (nw < 0)
		return -1;
	free_words(w, (size_t)nw);
	return 0;
}


/* ---- the first-word index ---- */

#define FNV_OFF 0xcbf29ce484222325ULL
#define FNV_MUL 0x100000001b3ULL

static uint64_t
fnv_step(uint64_t h, unsigned char c)
{
	return (h ^ c) * FNV_MUL;
}

/* The slot hash of a key: its bytes' FNV-1a (for FK_SUFFIX taken from the
   last byte back) mixed with its kind and length. */
static uint64_t
key_hash(uint64_t h, int kind, size_t len)
{
	h ^= ((uint64_t)kind << 56) ^ ((uint64_t)len * 0x9E3779B97F4A7C15ULL);
	h ^= h >> 29;
	h *= 0xBF58476D1CE4E5B9ULL;
	return h ^ (h >> 32);
}

static uint64_t
bytes_hash(const char *s, size_t n, int kind)
{
	uint64_t h = FNV_OFF;
	size_t i;

	if (kind == FK_SUFFIX)
		for (i = n; i > 0; i--)
			h = fnv_step(h, (unsigned char)s[i - 1]);
	else
		for (i = 0; i < n; i++)
			h = fnv_step(h, (unsigned char)s[i]);
	return key_hash(h, kind, n);
}

/* The key (kind, s, n) with slot hash h, or NULL. */
static const struct fkey *
key_find(const struct sc_matcher *m, uint64_t h, int kind, const char *s, size_t n)
{
	size_t i;

	if (m->nslot == 0)
		return NULL;
	for (i = (size_t)h & (m->nslot - 1); m->slot[i]; i = (i + 1) & (m->nslot - 1)) {
		const struct fkey *k = &m->k[m->slot[i] - 1];
		if (k->h == h && k->kind == kind && k->len == n && memcmp(k->key, s, n) == 0)
			return k;
	}
	return NULL;
}

static void
slot_put(struct sc_matcher *m, size_t ki)
{
	size_t i = (size_t)m->k[ki].h & (m->nslot - 1);

	while (m->slot[i])
		i = (i + 1) & (m->nslot - 1);
	m->slot[i] = (uint32_t)(ki + 1);
}

static void
mark_len(unsigned char **v, size_t *max, size_t len)
{
	if (*v == NULL || len > *max) {
		size_t old = *v ? *max + 1 : 0, want = len > *max ? len : *max;
		*v = sc_xrealloc(*v, want + 1);
		memset(*v + old, 0, want + 1 - old);
		*max = want;
	}
	(*v)[len] = 1;
}

/* Add pattern id under the key (kind, s, n). */
static void
key_add(struct sc_matcher *m, int kind, const char *s, size_t n, int id)
{
	uint64_t h = bytes_hash(s, n, kind);
	struct fkey *k = (struct fkey *)key_find(m, h, kind, s, n);
	size_t i;

	if (k == NULL) {
		if ((m->nk + 1) * 2 > m->nslot) {
			m->nslot = m->nslot ? m->nslot * 2 : 1024;
			free(m->slot);
			m->slot = sc_xcalloc(m->nslot, sizeof(uint32_t));
			for (i = 0; i < m->nk; i++)
				slot_put(m, i);
		}
		if (m->nk == m->capk) {
			m->capk = m->capk ? m->capk * 2 : 256;
			m->k = sc_xrealloc(m->k, m->capk * sizeof(*m->k));
		}
		k = &m->k[m->nk];
		memset(k, 0, sizeof(*k));
		k->h = h;
		k->key = sc_xstrndup(s, n);
		k->len = n;
		k->kind = kind;
		slot_put(m, m->nk++);
		if (kind == FK_PREFIX)
			mark_len(&m->pfxlen, &m->maxpfx, n);
		else if (kind == FK_SUFFIX)
			mark_len(&m->suflen, &m->maxsuf, n);
	}
	ivec_push(&k->ids, id);
}

/* Index pattern id by its first word. */
static void
index_pattern(struct sc_matcher *m, int id)
{
	const struct pword *w = &m->p[id].w[0];
	const char *a;
	size_t i;

	switch (w->kind) {
	case PW_EXACT:
		key_add(m, FK_EXACT, w->s, w->len, id);
		for (i = 0, a = w->lem; i < w->nlem; i++, a += strlen(a) + 1)
			key_add(m, FK_LEMMA, a, strlen(a), id);
		break;
	case PW_PREFIX:
		key_add(m, FK_PREFIX, w->s + w->coff, w->clen, id);
		break;
	case PW_SUFFIX:
		key_add(m, FK_SUFFIX, w->s + w->coff, w->clen, id);
		break;
	default:
		ivec_push(&m->scan, id);
	}
}

int
sc_matcher_add(struct sc_matcher *m, const char *pattern, int owner, const char **why)
{
	struct pword *w;
	int nw = compile(pattern, &w, why);
	unsigned char first;

	if (nw < 0)
		return -1;
	if (m->lemma)
		add_lemmas(m, pattern, w, (size_t)nw);
	if (m->n == m->cap) {
		m->cap = m->cap ? m->cap * 2 : 64;
		m->p = sc_xrealloc(m->p, m->cap * sizeof(*m->p));
	}
	m->p[m->n].owner = owner;
	m->p[m->n].nw = (size_t)nw;
	m->p[m->n].w = w;
	first = (unsigned char)w[0].s[0];
	if (first == '*')
		ivec_push(&m->wild, (int)m->n);
	else
		ivec_push(&m->bucket[first], (int)m->n);
	index_pattern(m, (int)m->n);
	m->n++;
	return 0;
}

void
sc_matcher_add_negator(struct sc_matcher *m, const char *word)
{
	struct sc_buf f;

	sc_buf_init(&f);
	sc_fold(word, strlen(word), &f);
	if (m->nneg == m->capneg) {
		m->capneg = m->capneg ? m->capneg * 2 : 32;
		m->neg = sc_xrealloc(m->neg, m->capneg * sizeof(char *));
	}
	m->neg[m->nneg++] = f.data ? f.data : sc_xstrdup("");
}

void
sc_matcher_clear_negators(struct sc_matcher *m)
{
	size_t i;

	for (i = 0; i < m->nneg; i++)
		free(m->neg[i]);
	m->nneg = 0;
}

/* '*' anywhere in pat: the usual glob, no recursion. */
static int
glob_word(const char *pat, size_t plen, const char *w, size_t wlen)
{
	size_t pi = 0, wi = 0, star = (size_t)-1, mark = 0;

	while (wi < wlen) {
		if (pi < plen && pat[pi] == '*') {
			star = pi++;
			mark = wi;
		} else if (pi < plen && pat[pi] == w[wi]) {
			pi++;
			wi++;
		} else if (star != (size_t)-1) {
			pi = star + 1;
			wi = ++mark;
		} else {
			return 0;
		}
	}
	while (pi < plen && pat[pi] == '*')
		pi++;
	return pi == plen;
}

/* memmem for a word: tokens are short, and a loop on the first byte beats
   the library's set-up on every call */
static int
has_infix(const char *w, size_t wlen, const char *q, size_t n)
{
	size_t i;

	if (n == 0)
		return 1;
	for (i = 0; i + n <= wlen; i++)
		if (w[i] == q[0] && memcmp(w + i, q, n) == 0)
			return 1;
	return 0;
}

static int
word_match(const struct pword *p, const char *w, size_t wlen)
{
	const char *q = p->s + p->coff;
	size_t n = p->clen;

	switch (p->kind) {
	case PW_EXACT:
		return n == wlen && w[0] == q[0] && memcmp(w, q, n) == 0;
	case PW_PREFIX:
		return n <= wlen && memcmp(w, q, n) == 0;
	case PW_SUFFIX:
		return n <= wlen && memcmp(w + wlen - n, q, n) == 0;
	case PW_INFIX:
		return n <= wlen && has_infix(w, wlen, q, n);
	case PW_GLOB:
		return glob_word(p->s, p->len, w, wlen);
	default:
		return 1;
	}
}

int
sc_word_match(const char *pat, size_t plen, const char *w, size_t wlen)
{
	struct pword p;

	p.s = (char *)pat;
	p.len = plen;
	word_kind(&p);
	return word_match(&p, w, wlen);
}

/* Does a lemma of the pattern word equal a lemma of the token? */
static int
lemma_match(const struct pword *p, const struct sc_tok *tk, const char *lem)
{
	const char *a = p->lem, *b;
	size_t i, j;

	if (lem == NULL || tk->nlem == 0 || p->nlem == 0)
		return 0;
	for (i = 0; i < p->nlem; i++, a += strlen(a) + 1)
		for (j = 0, b = lem + tk->lem; j < tk->nlem; j++, b += strlen(b) + 1)
			if (strcmp(a, b) == 0)
				return 1;
	return 0;
}

static int
tok_match(const struct pword *p, const char *base, const struct sc_tok *tk, const char *lem)
{
	return word_match(p, base + tk->off, tk->len) || lemma_match(p, tk, lem);
}

/* Do the words w[0..nw) (no gap among them) match the tokens from i? */
static int
seg_at(const struct pword *w, size_t nw, const char *base, const struct sc_tok *tok,
       size_t ntok, size_t i, const char *lem)
{
	size_t k;

	if (i + nw > ntok)
		return 0;
	for (k = 0; k < nw; k++)
		if (!tok_match(&w[k], base, &tok[i + k], lem))
			return 0;
	return 1;
}

/* Does the pattern match starting at token i?  (See the header note.) */
static int
match_at(const struct pword *w, size_t nw, const char *base, const struct sc_tok *tok,
	 size_t ntok, size_t i, const char *lem)
{
	size_t k = 0, pos = i;

	for (;;) {
		size_t e = k;
		while (e < nw && !is_gap(&w[e]))
			e++;
		if (k == 0) {
			if (!seg_at(w, e, base, tok, ntok, pos, lem))
				return 0;
		} else {
			while (pos + (e - k) <= ntok &&
			       !seg_at(w + k, e - k, base, tok, ntok, pos, lem))
				pos++;
			if (pos + (e - k) > ntok)
				return 0;
		}
		pos += e - k;
		if (e == nw)
			return 1;
		k = e + 1;	/* past the gap */
	}
}

static int
try_pat(const struct pat *p, const struct sc_text *t, size_t i)
{
	const struct sc_tok *tk = &t->tok[i];

	const char *lem = t->lem.data;

	if (!word_match(&p->w[0], t->fold.data + tk->off, tk->len) &&
	    !lemma_match(&p->w[0], tk, lem))
		return 0;	/* most tries end here */
	return p->nw == 1 || match_at(p->w, p->nw, t->fold.data, t->tok, t->ntok, i, lem);
}

/* Count a pattern whose first word matches token i, when the rest does. */
static void
count_at(const struct sc_matcher *m, int id, const struct sc_text *t, size_t i, int *hit,
	 int *neg, int nowners)
{
	const struct pat *p = &m->p[id];

	if (p->owner >= nowners)
		return;
	if (p->nw > 1 && !match_at(p->w, p->nw, t->fold.data, t->tok, t->ntok, i, t->lem.data))
		return;
	if (t->tok[i].flags & SC_TOK_NEG)
		neg[p->owner]++;
	else
		hit[p->owner]++;
}

static void
count_key(const struct sc_matcher *m, const struct fkey *k, const struct sc_text *t, size_t i,
	  int *hit, int *neg, int nowners)
{
	size_t j;

	for (j = 0; k && j < k->ids.n; j++)
		count_at(m, k->ids.v[j], t, i, hit, neg, nowners);
}

/* Is the lemma b one of the first n lemmas at a (NUL after each)? */
static int
lemma_among(const char *a, size_t n, const char *b)
{
	size_t i;

	for (i = 0; i < n; i++, a += strlen(a) + 1)
		if (strcmp(a, b) == 0)
			return 1;
	return 0;
}

/* Is one of the first n lemmas at a (NUL after each) a lemma of pw? */
static int
earlier_lemma(const struct pword *pw, const char *a, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++, a += strlen(a) + 1)
		if (lemma_among(pw->lem, pw->nlem, a))
			return 1;
	return 0;
}

/*
 * Each token finds the patterns whose first word it matches through the
 * index instead of trying them all: exact words and lemmas by one hash
 * probe each, literal prefixes and suffixes by one probe per length that
 * some pattern core has (the token's hash grows a byte at a time), and
 * only first words with an inner '*' are tried one by one.  Every pattern
 * is counted at most once per token, as sc_matcher_run_reference does; a
 * pattern found by a lemma counts only when its first word begins with
 * the token's first byte (the reference tries a token against its
 * first-byte bucket alone) and it was not already found by its surface
 * form or by an earlier lemma of the token.
 */
void
sc_matcher_run(const struct sc_matcher *m, const struct sc_text *t, int *hit, int *neg,
	       int nowners)
{
	size_t i, j, l;

	for (i = 0; i < t->ntok; i++) {
		const struct sc_tok *tk = &t->tok[i];
		const char *w = t->fold.data + tk->off, *lem;
		size_t wlen = tk->len;
		uint64_t h = FNV_OFF;

		if (tk->flags & SC_TOK_URL)
			continue;
		for (l = 0; l < wlen; l++) {
			h = fnv_step(h, (unsigned char)w[l]);
			if (l + 1 <= m->maxpfx && m->pfxlen[l + 1])
				count_key(m, key_find(m, key_hash(h, FK_PREFIX, l + 1), FK_PREFIX,
						      w, l + 1), t, i, hit, neg, nowners);
		}
		count_key(m, key_find(m, key_hash(h, FK_EXACT, wlen), FK_EXACT, w, wlen), t, i,
			  hit, neg, nowners);
		if (m->maxsuf) {
			h = FNV_OFF;
			for (l = 0; l < wlen && l < m->maxsuf; l++) {
				h = fnv_step(h, (unsigned char)w[wlen - 1 - l]);
				if (m->suflen[l + 1])
					count_key(m, key_find(m, key_hash(h, FK_SUFFIX, l + 1),
							      FK_SUFFIX, w + wlen - 1 - l, l + 1),
						  t, i, hit, neg, nowners);
			}
		}
		for (j = 0; j < m->scan.n; j++)
			if (word_match(&m->p[m->scan.v[j]].w[0], w, wlen))
				count_at(m, m->scan.v[j], t, i, hit, neg, nowners);
		if (tk->nlem == 0 || t->lem.data == NULL)
			continue;
		for (l = 0, lem = t->lem.data + tk->lem; l < tk->nlem; l++, lem += strlen(lem) + 1) {
			size_t ln = strlen(lem);
			const struct fkey *k = key_find(m, bytes_hash(lem, ln, FK_LEMMA), FK_LEMMA,
							lem, ln);
			for (j = 0; k && j < k->ids.n; j++) {
				const struct pword *pw = &m->p[k->ids.v[j]].w[0];
				if (pw->s[0] != w[0] || word_match(pw, w, wlen) ||
				    earlier_lemma(pw, t->lem.data + tk->lem, l))
					continue;
				count_at(m, k->ids.v[j], t, i, hit, neg, nowners);
			}
		}
	}
}

void
sc_matcher_run_reference(const struct sc_matcher *m, const struct sc_text *t, int *hit, int *neg,
	       int nowners)
{
	size_t i, j;

	for (i = 0; i < t->ntok; i++) {
		const struct sc_tok *tk = &t->tok[i];
		const struct ivec *b = &m->bucket[(unsigned char)t->fold.data[tk->off]];
		if (tk->flags & SC_TOK_URL)
			continue;
		for (j = 0; j < b->n + m->wild.n; j++) {
			const struct pat *p = &m->p[j < b->n ? b->v[j] : m->wild.v[j - b->n]];
			if (p->owner >= nowners || !try_pat(p, t, i))
				continue;
			if (tk->flags & SC_TOK_NEG)
				neg[p->owner]++;
			else
				hit[p->owner]++;
		}
	}
}

char *
sc_pattern_fold_new(const char *pattern)
{
	struct sc_buf b;
	struct pword *w;
	const char *why;
	int nw = compile(pattern, &w, &why), k;

	sc_buf_init(&b);
	sc_buf_adds(&b, "");
	if (nw < 0)
		return b.data;
	for (k = 0; k < nw; k++) {
		if (k)
			sc_buf_addc(&b, ' ');
		sc_buf_add(&b, w[k].s, w[k].len);
	}
	free_words(w, (size_t)nw);
	return b.data;
}

/* Split space-separated words into tokens (new array, count in *n). */
static struct sc_tok *
split_words(const char *s, size_t *n)
{
	struct sc_tok *v = NULL;
	size_t i = 0, cnt = 0, cap = 0;

	while (s[i]) {
		size_t st;
		while (s[i] == ' ')
			i++;
		if (!s[i])
			break;
		st = i;
		while (s[i] && s[i] != ' ')
			i++;
		if (cnt == cap) {
			cap = cap ? cap * 2 : 16;
			v = sc_xrealloc(v, cap * sizeof(*v));
		}
		v[cnt].off = (uint32_t)st;
		v[cnt].len = (uint32_t)(i - st);
		v[cnt].flags = 0;
		cnt++;
	}
	*n = cnt;
	return v;
}

/* A folded pattern split into its words once (sc_kwpat_new). */
struct sc_kwpat {
	char *s;
	struct pword *w;
	size_t nw;
	uint64_t need;	/* pair bits (pair_bit) every match needs in the text */
};

/* One of 64 bits for the first two bytes of a word: a text's words set
   theirs (sc_words.pairs), so a pattern whose exact or prefix word starts
   with a pair the text lacks is known not to match without a look. */
static inline uint64_t
pair_bit(const char *w)
{
	unsigned h = (unsigned char)w[0] * 31u + (unsigned char)w[1];

	return 1ULL << ((h ^ (h >> 6)) & 63);
}

struct sc_kwpat *
sc_kwpat_new(const char *pattern_folded)
{
	struct sc_kwpat *p = sc_xcalloc(1, sizeof(*p));
	struct sc_tok *pt;
	size_t i;

	p->s = sc_xstrdup(pattern_folded);
	pt = split_words(p->s, &p->nw);
	if (p->nw > 0) {
		p->w = sc_xcalloc(p->nw, sizeof(*p->w));
		for (i = 0; i < p->nw; i++) {
			p->w[i].s = p->s + pt[i].off;	/* borrowed */
			p->w[i].len = pt[i].len;
			word_kind(&p->w[i]);
			if ((p->w[i].kind == PW_EXACT || p->w[i].kind == PW_PREFIX) &&
			    p->w[i].clen >= 2)
				p->need |= pair_bit(p->w[i].s + p->w[i].coff);
		}
	}
	free(pt);
	return p;
}

void
sc_kwpat_free(struct sc_kwpat *p)
{
	if (p == NULL)
		return;
	free(p->w);
	free(p->s);
	free(p);
}

void
sc_words_from_text(struct sc_words *w, const struct sc_text *t)
{
	size_t i;

	w->base = t->fold.data;
	w->n = 0;
	w->pairs = 0;
	for (i = 0; i < t->ntok; i++) {
		if (t->tok[i].flags & SC_TOK_EMOJI)
			continue;
		if (w->n == w->cap) {
			w->cap = w->cap ? w->cap * 2 : 32;
			w->tok = sc_xrealloc(w->tok, w->cap * sizeof(*w->tok));
		}
		w->tok[w->n] = t->tok[i];
		w->tok[w->n].flags = 0;
		if (t->tok[i].len >= 2)
			w->pairs |= pair_bit(w->base + t->tok[i].off);
		w->n++;
	}
}

void
sc_words_release(struct sc_words *w)
{
	free(w->tok);
	memset(w, 0, sizeof(*w));
}

int
sc_kwpat_match(const struct sc_kwpat *p, const struct sc_words *w)
{
	size_t i;

	if (p->nw == 0 || (w->pairs & p->need) != p->need)
		return 0;
	if (p->nw == 1 && is_gap(&p->w[0]))
		return w->n > 0;	/* "*" alone: any word */
	for (i = 0; i < w->n; i++)
		if (match_at(p->w, p->nw, w->base, w->tok, w->n, i, NULL))
			return 1;
	return 0;
}

int
sc_pattern_match_words(const char *pattern_folded, const char *words)
{
	struct sc_tok *pt, *tt;
	struct pword *w;
	size_t np, nt, i;
	int hit = 0;

	pt = split_words(pattern_folded, &np);
	if (np == 0) {
		free(pt);
		return 0;
	}
	w = sc_xcalloc(np, sizeof(*w));
	for (i = 0; i < np; i++) {
		w[i].s = (char *)pattern_folded + pt[i].off;	/* borrowed */
		w[i].len = pt[i].len;
		word_kind(&w[i]);
	}
	tt = split_words(words, &nt);
	if (np == 1 && is_gap(&w[0]))
		hit = nt > 0;	/* "*" alone: any word */
	for (i = 0; !hit && i < nt; i++)
		hit = match_at(w, np, words, tt, nt, i, NULL);
	free(w);
	free(pt);
	free(tt);
	return hit;
}

/* ---- what the tokenizer asks of a matcher (text_int.h) ---- */

int
sc_matcher_negates(const struct sc_matcher *m, const char *w, size_t len)
{
	size_t i;

	for (i = 0; m && i < m->nneg; i++)
		if (m->neg[i][0] == w[0] && strncmp(m->neg[i], w, len) == 0 &&
		    m->neg[i][len] == '\0')
			return 1;
	return 0;
}

int
sc_matcher_lemmatizes(const struct sc_matcher *m)
{
	return m != NULL && m->lemma != NULL;
}

size_t
sc_matcher_lemmas(const struct sc_matcher *m, const char *folded, const char *word, size_t n,
		  struct sc_buf *out)
{
	unsigned h = pfx_hash(folded);

	if (!(m->pfx[h >> 6] & (1ull << (h & 63))))
		return 0;	/* no pattern word starts like this one */
	return m->lemma(m->lemma_ctx, word, n, out);
}
