/*
 * text_int.h - what the two halves of the text module share and nobody
 * else sees: text.c (folding, tokens) and text_match.c (patterns, the
 * matcher).  The pattern splitter uses the tokenizer's character classes
 * so both split words alike; the tokenizer asks the matcher for its
 * negators and lemmas.
 */
#ifndef SC_TEXT_INT_H
#define SC_TEXT_INT_H

#include "text.h"

/* Character classes of folded text. */
enum { SC_TC_SPACE, SC_TC_WORD, SC_TC_EMOJI, SC_TC_IGNORE, SC_TC_BREAK, SC_TC_PUNCT };

/* The class of the code point at s[i] (of n bytes); its value in *cp and
   its length in *len (an invalid sequence is one byte of U+FFFD). */
int sc_text_class_at(const char *s, size_t n, size_t i, uint32_t *cp, int *len);

/* Is the folded word w (len bytes) one of m's negators?  m may be NULL. */
int sc_matcher_negates(const struct sc_matcher *m, const char *w, size_t len);
/* Does m have a lemmatizer?  m may be NULL. */
int sc_matcher_lemmatizes(const struct sc_matcher *m);
/* Append the lemmas of one text word to out (word, n: the original
   bytes; folded: its folded form, at least 3 bytes) and return how many;
   0 without a lookup when no pattern word of m starts like folded. */
size_t sc_matcher_lemmas(const struct sc_matcher *m, const char *folded, const char *word,
			 size_t n, struct sc_buf *out);

/* sc_matcher_run as it was before the first-word index: every token tried
   against every pattern of its first byte's bucket and every pattern that
   starts with '*'.  Slow; kept so a unit test can prove the index counts
   exactly the same (tests/unit/test_triage.c). */
void sc_matcher_run_reference(const struct sc_matcher *m, const struct sc_text *t, int *hit,
			      int *neg, int nowners);

#endif
