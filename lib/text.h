/*
 * text.h - the one text module of sc: Unicode folding, tokens, the
 * keyword pattern language and its matcher, shared by rules.csv and
 * lexicons (sc-triage) and replies.csv (sc-reply).  Documented once in
 * sc(7), KEYWORD PATTERNS.  Nothing here prints or exits; _new returns
 * something the caller frees, everything else is borrowed.
 *
 * Pattern syntax (after folding): words separated by spaces or
 * punctuation; inside a word '*' matches any part of that word, zero
 * characters included ("reklamac*", "*zwrot*", "rek*ja"); a '*' standing
 * alone matches any number of whole words, zero included ("gdzie *
 * paczka").  Several words must follow one another in the text.  With
 * a lemmatizer (below) a word without '*' also matches its other
 * inflected forms; "=word" matches only as written.
 */
#ifndef SC_TEXT_H
#define SC_TEXT_H

#include "sc.h"

/*
 * Fold UTF-8 text for matching: lowercase (Unicode-aware for Latin,
 * Greek and Cyrillic, so "Ł" becomes "l", not a broken byte), strip
 * diacritics from Latin letters (ą→a, ł→l, ż→z, ß→ss), map typographic
 * quotes to ASCII.  Appends to out.  Invalid sequences become U+FFFD.
 */
void sc_fold(const char *s, size_t n, struct sc_buf *out);

enum {
	SC_TOK_EMOJI = 1,	/* one emoji (modifiers and joiners dropped) */
	SC_TOK_MENTION = 2,	/* @name */
	SC_TOK_URL = 4,		/* http(s)://... or www.... */
	SC_TOK_HASHTAG = 8,	/* #word: the token is the word without '#' */
	SC_TOK_BREAK = 16,	/* a clause break (. , ! ? ; :) comes before it */
	SC_TOK_NEG = 32,	/* inside the scope of a negation */
	SC_TOK_NUM = 64		/* digits only */
};

struct sc_tok {
	uint32_t off, len;	/* in the folded text */
	unsigned flags;
	uint32_t lem, nlem;	/* nlem folded lemmas at lem in sc_text.lem */
};

/* A message as the matchers see it: folded text and its tokens. */
struct sc_text {
	struct sc_buf fold;
	struct sc_tok *tok;
	size_t ntok, cap;
	int has_link, only_emoji, only_mentions, has_question;
	struct sc_buf lem;	/* lemmas, each NUL-terminated */
	uint32_t *map;		/* folded byte -> byte of the original text */
	size_t mapcap;
};
void sc_text_init(struct sc_text *t);
void sc_text_release(struct sc_text *t);
/* Fold and tokenise s; negation scopes are marked with the negators of m
   (NULL: none). */
struct sc_matcher;
void sc_text_set(struct sc_text *t, const char *s, size_t n, const struct sc_matcher *m);
/* Append the words of t (every token but emoji), separated by single
   spaces: "Gdzie jest MOJA przesyłka?!" gives "gdzie jest moja przesylka". */
void sc_text_words(const struct sc_text *t, struct sc_buf *out);

/*
 * A matcher holds many patterns, each with an owner number (a lexicon
 * class, a rule column, a reply row); sc_matcher_run() counts, per owner,
 * the occurrences outside a negation scope (hit) and inside one (neg).
 */
struct sc_matcher *sc_matcher_new(void);
void sc_matcher_free(struct sc_matcher *m);
/* Returns 0, or -1 with a reason in why ("empty pattern", "a pattern
   cannot be only '*'"). */
int sc_matcher_add(struct sc_matcher *m, const char *pattern, int owner,
		   const char **why);
/* Check a pattern without keeping it: 0, or -1 with why. */
int sc_pattern_check(const char *pattern, const char **why);
/*
 * Lemmas (morphology, e.g. hunspell in lib/triage_morph.c): fn appends the
 * folded lemmas of one word of original text (UTF-8, diacritics kept),
 * each followed by a NUL, and returns how many it appended (0: unknown).
 * Set it before adding patterns: a pattern word without '*' then also
 * matches every text word that shares a lemma with it ("alergia" matches
 * "alergię", "reakcja alergiczna" matches "reakcję alergiczną"); words
 * with '*' and the diacritics-free surface forms match as before.  Only
 * text words whose first three folded bytes begin some pattern word are
 * looked up, so most words never reach fn.
 */
typedef size_t (*sc_lemma_fn)(void *ctx, const char *word, size_t n, struct sc_buf *out);
void sc_matcher_set_lemmatizer(struct sc_matcher *m, sc_lemma_fn fn, void *ctx);
/* Mark a word as a negator (its next words, up to 3 and not past a clause
   break, are negated). */
void sc_matcher_add_negator(struct sc_matcher *m, const char *word);
void sc_matcher_clear_negators(struct sc_matcher *m);
/* Count matches into hit[owner] and neg[owner] (arrays of nowners, zeroed
   by the caller). */
void sc_matcher_run(const struct sc_matcher *m, const struct sc_text *t,
		    int *hit, int *neg, int nowners);
/* Does one word pattern ("reklamac*", "*zw*t*") match a folded word? */
int sc_word_match(const char *pat, size_t plen, const char *w, size_t wlen);

/*
 * The same matcher over strings, for callers that keep folded text as a
 * string (sc-reply): sc_pattern_fold_new() folds a pattern into its words
 * separated by single spaces ("Gdzie * PACZKA" -> "gdzie * paczka"; ""
 * when it has none); sc_pattern_match_words() says whether such a folded
 * pattern occurs in words made by sc_text_words().
 */
char *sc_pattern_fold_new(const char *pattern);
int sc_pattern_match_words(const char *pattern_folded, const char *words);
/*
 * The same, split once: sc_kwpat_new() compiles a pattern folded as
 * sc_pattern_fold_new() gives it; sc_words_from_text() lists the words of
 * a text (every token but emoji, as sc_text_words() writes them, borrowed
 * from t until it changes); sc_kwpat_match(p, w) answers exactly what
 * sc_pattern_match_words(pattern, words) does for the written forms.  For
 * many patterns against one message (sc-reply's keyword rows).
 */
struct sc_kwpat;
struct sc_words {
	const char *base;
	struct sc_tok *tok;
	size_t n, cap;
	uint64_t pairs;	/* which first-two-byte pairs its words have */
};
struct sc_kwpat *sc_kwpat_new(const char *pattern_folded);
void sc_kwpat_free(struct sc_kwpat *p);
void sc_words_from_text(struct sc_words *w, const struct sc_text *t);
void sc_words_release(struct sc_words *w);
int sc_kwpat_match(const struct sc_kwpat *p, const struct sc_words *w);

/*
 * Undo the usual disguises of a word in folded text f, for matching
 * insults: single letters between dots or hyphens are joined
 * ("k.u.r.w.a" -> "kurwa"), digits and @ $ ! inside a word become the
 * letters they stand for ("p1erdol", "sh1t"), and a '*' after a letter
 * becomes star ("ch*j" with 'u' -> "chuj").  Appends to out; returns 1
 * when anything changed.
 */
int sc_deobfuscate(const char *f, size_t n, char star, struct sc_buf *out);

#endif
