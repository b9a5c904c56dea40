/*
 * text.c - the one text module: what the matchers of sc-triage (rules.csv,
 * lexicons) and sc-reply (replies.csv) see of a message.  API in text.h,
 * the pattern language in sc(7).
 *
 * Folding maps every code point on its own (no locale, no byte-wise
 * tolower): ASCII and Latin-1/Latin Extended-A letters become their
 * lowercase ASCII base letter (Ł→l, Ż→z, ß→ss, Œ→oe), Greek and Cyrillic
 * capitals their lowercase letter, typographic quotes and dashes ASCII;
 * everything else is kept as it is.  So "NIE DZIAŁA", "nie działa" and
 * "nie dziala" fold to the same bytes.
 *
 * Tokens are runs of word characters in the folded text (letters, digits,
 * '_', and an apostrophe between letters: "don't"), mentions "@name",
 * hashtags (the word), URLs (one token) and single emoji (modifiers and
 * joiners dropped).  A clause break (. , ! ? ; : or a newline) before a
 * token is a flag on it; negation scopes stop there.
 *
 * A pattern is split into words the way text is; a word made only of '*'
 * is a gap (any number of words).  Leading and trailing gaps are dropped
 * and runs of gaps merged, so a pattern is segments of words separated by
 * gaps.  The first segment must match at the token where the match
 * starts; every later one is searched for leftmost after the previous
 * one, which is exact for gaps that accept anything and keeps matching
 * linear in the text for each start (no backtracking across gaps).
 * Inside a word '*' is the usual glob, matched without recursion.
 *
 * A matcher indexes patterns by the first byte of their first word, so a
 * message is matched against hundreds of patterns in one pass over its
 * tokens: each token looks only at the patterns that can start there plus
 * those whose first word starts with '*'.
 */
#include <stdlib.h>
#include <string.h>

#include "text.h"

/* Latin-1 Supplement U+00C0..U+00FF and Latin Extended-A U+0100..U+017F:
   the ASCII base letter; '?' marks the cases handled in fold_cp(). */
static const char latin1[64 + 1] =
	"aaaaaa?ceeeeiiiidnooooo?ouuuuy??"
	"aaaaaa?ceeeeiiiidnooooo?ouuuuy?y";
static const char latinA[128 + 1] =
	"aaaaaaccccccccdd" "ddeeeeeeeeeegggg" "gggghhhhiiiiiiii" "ii??jjkkklllllll"
	"lllnnnnnnnnnoooo" "oo??rrrrrrssssss" "ssttttttuuuuuuuu" "uuuuwwyyyzzzzzzs";

/* Append the folded form of cp to out. */
static void
fold_cp(uint32_t cp, struct sc_buf *out)
{
	char enc[4];
	const char *s = NULL;
	char c = 0;

	if (cp < 0x80) {
		c = (cp >= 'A' && cp <= 'Z') ? (char)(cp + 32) : (char)cp;
		sc_buf_addc(out, c);
		return;
	}
	if (cp >= 0xC0 && cp <= 0xFF) {
		c = latin1[cp - 0xC0];
		if (c == '?') {
			switch (cp) {
			case 0xC6: case 0xE6: s = "ae"; break;
			case 0xDE: case 0xFE: s = "th"; break;
			case 0xDF: s = "ss"; break;
			default: c = 0; break;	/* × ÷ stay */
			}
		}
	} else if (cp >= 0x100 && cp <= 0x17F) {
		c = latinA[cp - 0x100];
		if (c == '?')
			s = (cp == 0x132 || cp == 0x133) ? "ij" : "oe";
	} else if (cp >= 0x391 && cp <= 0x3A9 && cp != 0x3A2) {
		cp += 0x20;	/* Greek capitals */
	} else if (cp >= 0x410 && cp <= 0x42F) {
		cp += 0x20;	/* Cyrillic capitals */
	} else if (cp >= 0x400 && cp <= 0x40F) {
		cp += 0x50;
	} else if (cp == 0x2018 || cp == 0x2019 || cp == 0x02BC || cp == 0x2032) {
		c = '\'';
	} else if (cp == 0x201C || cp == 0x201D || cp == 0x201E || cp == 0x00AB ||
		   cp == 0x00BB) {
		c = '"';
	} else if (cp == 0x2013 || cp == 0x2014 || cp == 0x2212) {
		c = '-';
	} else if (cp == 0x00A0 || cp == 0x2007 || cp == 0x202F) {
		c = ' ';
	} else if (cp == 0x2026) {
		s = "...";
	}
	if (s) {
		sc_buf_adds(out, s);
	} else if (c) {
		sc_buf_addc(out, c);
	} else {
		int n = sc_utf8_encode(cp, enc);
		sc_buf_add(out, enc, (size_t)n);
	}
}

/* Fold s into out; with t, also record in t->map where each folded byte
   came from (t->map[out->len] is n at the end). */
static void
fold_map(const char *s, size_t n, struct sc_buf *out, struct sc_text *t)
{
	size_t i = 0, at;

	while (i < n) {
		unsigned char b = (unsigned char)s[i];
		uint32_t cp;
		int k;

		at = out->len;
		if (b < 0x80) {
			sc_buf_addc(out, (b >= 'A' && b <= 'Z') ? (char)(b + 32) : (char)b);
			k = 1;
		} else {
			k = sc_utf8_decode(s + i, n - i, &cp);
			if (k <= 0) {
				cp = 0xFFFD;
				k = 1;
			}
			fold_cp(cp, out);
		}
		if (t) {
			if (t->mapcap < out->len + 1) {
				t->mapcap = (out->len + 1) * 2;
				t->map = sc_xrealloc(t->map, t->mapcap * sizeof(uint32_t));
			}
			while (at < out->len)
				t->map[at++] = (uint32_t)i;
		}
		i += (size_t)k;
	}
	if (t) {
		if (t->mapcap < out->len + 1) {
			t->mapcap = out->len + 1;
			t->map = sc_xrealloc(t->map, t->mapcap * sizeof(uint32_t));
		}
		t->map[out->len] = (uint32_t)n;
	}
}

void
sc_fold(const char *s, size_t n, struct sc_buf *out)
{
	fold_map(s, n, out, NULL);
}

/* ---- character classes on folded text ---- */

enum { C_SPACE, C_WORD, C_EMOJI, C_IGNORE, C_BREAK, C_PUNCT };

static int
cp_class(uint32_t cp)
{
	if (cp < 0x80) {
		if ((cp >= 'a' && cp <= 'z') || (cp >= '0' && cp <= '9') || cp == '_' ||
		    (cp >= 'A' && cp <= 'Z'))
			return C_WORD;
		if (cp == ' ' || cp == '\t' || cp == '\r')
			return C_SPACE;
		if (cp == '.' || cp == ',' || cp == '!' || cp == '?' || cp == ';' ||
		    cp == ':' || cp == '\n')
			return C_BREAK;
		return C_PUNCT;
	}
	if ((cp >= 0x200B && cp <= 0x200F) || cp == 0xFE0E || cp == 0xFE0F ||
	    (cp >= 0x1F3FB && cp <= 0x1F3FF) || (cp >= 0xE0000 && cp <= 0xE007F) ||
	    cp == 0xFEFF || cp == 0x20E3 || cp == 0xFFFD)
		return C_IGNORE;
	if ((cp >= 0x2600 && cp <= 0x27BF) || (cp >= 0x2B00 && cp <= 0x2BFF) ||
	    (cp >= 0x1F000 && cp <= 0x1FAFF) || (cp >= 0x231A && cp <= 0x23FF))
		return C_EMOJI;
	if (cp <= 0xBF || cp == 0xD7 || cp == 0xF7 || (cp >= 0x2000 && cp <= 0x2BFF) ||
	    (cp >= 0x3000 && cp <= 0x303F) || (cp >= 0xFE10 && cp <= 0xFE6F) ||
	    (cp >= 0xFF00 && cp <= 0xFF0F))
		return (cp == 0x2026 || cp == 0x203C || cp == 0x2047) ? C_BREAK : C_PUNCT;
	return C_WORD;
}

static int
class_at(const char *s, size_t n, size_t i, uint32_t *cp, int *len)
{
	unsigned char b = (unsigned char)s[i];

	if (b < 0x80) {
		*cp = b;
		*len = 1;
	} else {
		*len = sc_utf8_decode(s + i, n - i, cp);
		if (*len <= 0) {
			*len = 1;
			*cp = 0xFFFD;
		}
	}
	return cp_class(*cp);
}

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
struct sc_matcher {
	struct pat *p;
	size_t n, cap;
	struct ivec bucket[256];
	struct ivec wild;
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
		int len, c = class_at(s, n, i, &cp, &len);
		size_t start = i;

		if (cp == '=' && (i == 0 || s[i - 1] == ' ' || s[i - 1] == '\t')) {
			literal = 1;	/* "=word": the written form only */
			i++;
			continue;
		}
		if (c == C_EMOJI) {
			i += (size_t)len;
		} else if (c == C_WORD || cp == '*' || cp == '@' || cp == '\'') {
			while (i < n) {
				c = class_at(s, n, i, &cp, &len);
				if (c != C_WORD && cp != '*' && cp != '@' && cp != '\'')
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
		return n <= wlen && memmem(w, wlen, q, n) != NULL;
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

void
sc_matcher_run(const struct sc_matcher *m, const struct sc_text *t, int *hit, int *neg,
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

/* ---- text ---- */

void
sc_text_init(struct sc_text *t)
{
	memset(t, 0, sizeof(*t));
	sc_buf_init(&t->fold);
	sc_buf_init(&t->lem);
}

void
sc_text_release(struct sc_text *t)
{
	sc_buf_release(&t->fold);
	sc_buf_release(&t->lem);
	free(t->tok);
	free(t->map);
	memset(t, 0, sizeof(*t));
}

static void
push_tok(struct sc_text *t, size_t off, size_t len, unsigned flags)
{
	if (t->ntok == t->cap) {
		t->cap = t->cap ? t->cap * 2 : 32;
		t->tok = sc_xrealloc(t->tok, t->cap * sizeof(*t->tok));
	}
	t->tok[t->ntok].off = (uint32_t)off;
	t->tok[t->ntok].len = (uint32_t)len;
	t->tok[t->ntok].flags = flags;
	t->tok[t->ntok].lem = t->tok[t->ntok].nlem = 0;
	t->ntok++;
}

static const char *const tlds[] = {
	"com", "pl", "net", "org", "eu", "io", "ly", "info", "biz", "co", "me",
	"xyz", "shop", "online", "site", "click", "top", "uk", "de", "gl", "gg", "to", NULL
};

/* At s[i] == '.', does a known top-level domain follow (then a non-letter)? */
static size_t
tld_after(const char *s, size_t n, size_t i)
{
	size_t j = i + 1, k;

	while (j < n && s[j] >= 'a' && s[j] <= 'z')
		j++;
	if (j == i + 1 || (j < n && ((unsigned char)s[j] >= 0x80 || (s[j] >= '0' && s[j] <= '9'))))
		return 0;
	for (k = 0; tlds[k]; k++)
		if (strlen(tlds[k]) == j - i - 1 && memcmp(s + i + 1, tlds[k], j - i - 1) == 0)
			return j;
	return 0;
}

static size_t
skip_nonspace(const char *s, size_t n, size_t i)
{
	while (i < n && s[i] != ' ' && s[i] != '\t' && s[i] != '\n' && s[i] != '\r')
		i++;
	return i;
}

static int
is_negator(const struct sc_matcher *m, const char *w, size_t len)
{
	size_t i;

	for (i = 0; m && i < m->nneg; i++)
		if (m->neg[i][0] == w[0] && strncmp(m->neg[i], w, len) == 0 &&
		    m->neg[i][len] == '\0')
			return 1;
	return 0;
}

void
sc_text_set(struct sc_text *t, const char *s, size_t n, const struct sc_matcher *m)
{
	const char *f;
	size_t fn, i = 0;
	unsigned pending = 0;
	size_t nmention = 0, nemoji = 0, k;

	sc_buf_reset(&t->fold);
	sc_buf_reset(&t->lem);
	fold_map(s, n, &t->fold, m && m->lemma ? t : NULL);
	sc_buf_addc(&t->fold, '\0');	/* room for a NUL even when empty */
	t->fold.len--;
	f = t->fold.data;
	fn = t->fold.len;
	t->ntok = 0;
	t->has_link = t->only_emoji = t->only_mentions = t->has_question = 0;
	while (i < fn) {
		uint32_t cp;
		int len, c = class_at(f, fn, i, &cp, &len);
		size_t start = i;

		if (c == C_SPACE || c == C_IGNORE || c == C_PUNCT) {
			if (cp == '@' || cp == '#') {
				uint32_t cp2;
				int len2;
				if (i + 1 < fn && class_at(f, fn, i + 1, &cp2, &len2) == C_WORD) {
					i++;
					while (i < fn && class_at(f, fn, i, &cp2, &len2) == C_WORD)
						i += (size_t)len2;
					if (cp == '@') {
						push_tok(t, start, i - start, pending | SC_TOK_MENTION);
						nmention++;
					} else {
						push_tok(t, start + 1, i - start - 1,
							 pending | SC_TOK_HASHTAG);
					}
					pending = 0;
					continue;
				}
			}
			i += (size_t)len;
			continue;
		}
		if (c == C_BREAK) {
			pending = SC_TOK_BREAK;
			if (cp == '?')
				t->has_question = 1;
			i += (size_t)len;
			continue;
		}
		if (c == C_EMOJI) {
			push_tok(t, start, (size_t)len, pending | SC_TOK_EMOJI);
			pending = 0;
			nemoji++;
			i += (size_t)len;
			continue;
		}
		/* a word, a URL or a bare domain */
		if ((fn - i > 7 && memcmp(f + i, "http://", 7) == 0) ||
		    (fn - i > 8 && memcmp(f + i, "https://", 8) == 0) ||
		    (fn - i > 4 && memcmp(f + i, "www.", 4) == 0)) {
			i = skip_nonspace(f, fn, i);
			push_tok(t, start, i - start, pending | SC_TOK_URL);
			pending = 0;
			t->has_link = 1;
			continue;
		}
		{
			int digits = 1;
			size_t end;
			while (i < fn) {
				c = class_at(f, fn, i, &cp, &len);
				if (c == C_WORD) {
					if (cp < '0' || cp > '9')
						digits = 0;
					i += (size_t)len;
				} else if (cp == '\'' && i > start && i + 1 < fn &&
					   (unsigned char)f[i + 1] < 0x80 &&
					   cp_class((unsigned char)f[i + 1]) == C_WORD) {
					i++;
				} else {
					break;
				}
			}
			if (i < fn && f[i] == '.' && (end = tld_after(f, fn, i)) != 0) {
				i = skip_nonspace(f, fn, end);
				push_tok(t, start, i - start, pending | SC_TOK_URL);
				t->has_link = 1;
			} else {
				push_tok(t, start, i - start, pending | (digits ? SC_TOK_NUM : 0));
			}
			pending = 0;
		}
	}
	/* negation scopes: up to 3 words after a negator, not past a break or
	   a contrasting "ale"/"but" */
	for (k = 0; k < t->ntok; k++) {
		size_t j;
		if (!is_negator(m, f + t->tok[k].off, t->tok[k].len))
			continue;
		for (j = k + 1; j < t->ntok && j <= k + 3; j++) {
			const struct sc_tok *tk = &t->tok[j];
			if (tk->flags & SC_TOK_BREAK)
				break;
			if ((tk->len == 3 && memcmp(f + tk->off, "ale", 3) == 0) ||
			    (tk->len == 3 && memcmp(f + tk->off, "but", 3) == 0))
				break;
			t->tok[j].flags |= SC_TOK_NEG;
		}
	}
	if (m && m->lemma)
		for (k = 0; k < t->ntok; k++) {
			struct sc_tok *tk = &t->tok[k];
			const char *w = f + tk->off;
			unsigned h;
			if (tk->len < 3 || tk->len > 40 ||
			    (tk->flags & (SC_TOK_URL | SC_TOK_MENTION | SC_TOK_NUM | SC_TOK_EMOJI)))
				continue;
			h = pfx_hash(w);
			if (!(m->pfx[h >> 6] & (1ull << (h & 63))))
				continue;
			tk->lem = (uint32_t)t->lem.len;
			tk->nlem = (uint32_t)m->lemma(m->lemma_ctx, s + t->map[tk->off],
						      t->map[tk->off + tk->len] - t->map[tk->off],
						      &t->lem);
		}
	t->only_emoji = t->ntok > 0 && nemoji == t->ntok;
	t->only_mentions = nmention > 0 && nmention + nemoji == t->ntok;
}

void
sc_text_words(const struct sc_text *t, struct sc_buf *out)
{
	size_t i;
	int first = 1;

	for (i = 0; i < t->ntok; i++) {
		if (t->tok[i].flags & SC_TOK_EMOJI)
			continue;
		if (!first)
			sc_buf_addc(out, ' ');
		sc_buf_add(out, t->fold.data + t->tok[i].off, t->tok[i].len);
		first = 0;
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

/* ---- obfuscated words ---- */

static int
is_alpha(int c)
{
	return (c >= 'a' && c <= 'z') || (unsigned char)c >= 0x80;
}

static char
leet(int c)
{
	switch (c) {
	case '1': case '!': return 'i';
	case '3': return 'e';
	case '0': return 'o';
	case '4': case '@': return 'a';
	case '5': case '$': return 's';
	case '7': return 't';
	default: return 0;
	}
}

int
sc_deobfuscate(const char *f, size_t n, char star, struct sc_buf *out)
{
	size_t i = 0;
	int changed = 0;

	while (i < n) {
		size_t s = i, e, k, letters = 0, singles = 1;
		int seps = 0;

		while (i < n && f[i] != ' ' && f[i] != '\t' && f[i] != '\n')
			i++;
		e = i;
		for (k = s; k < e; k++)
			letters += is_alpha(f[k]) != 0;
		/* "k.u.r.w.a", "b-u-l-l": single letters between separators */
		for (k = s; k < e; k++) {
			int sep = f[k] == '.' || f[k] == '-' || f[k] == '_';
			if (sep)
				seps++;
			if (is_alpha(f[k]) && k + 1 < e && is_alpha(f[k + 1]) &&
			    (unsigned char)f[k] < 0x80)
				singles = 0;
		}
		if (letters >= 3 && singles && seps >= 2) {
			for (k = s; k < e; k++)
				if (is_alpha(f[k]))
					sc_buf_addc(out, f[k]);
			changed = 1;
		} else if (letters >= 2) {
			for (k = s; k < e; k++) {
				char c = f[k], l = leet(c);
				int before = k > s && is_alpha(f[k - 1]);
				int after = k + 1 < e && is_alpha(f[k + 1]);
				if (c == '*' && before) {
					sc_buf_addc(out, star);
					changed = 1;
				} else if (l && (before || after) && (before || k == s)) {
					sc_buf_addc(out, l);
					changed = 1;
				} else {
					sc_buf_addc(out, c);
				}
			}
		} else {
			sc_buf_add(out, f + s, e - s);
		}
		while (i < n && (f[i] == ' ' || f[i] == '\t' || f[i] == '\n'))
			sc_buf_addc(out, f[i++]);
	}
	return changed;
}
