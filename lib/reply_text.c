/*
 * reply_text.c - letter case and diacritic folding for Polish (and the
 * rest of Latin-1 / Latin Extended-A), and the keyword triggers of
 * replies.csv.
 *
 * Keyword matching works on folded text: lower case, diacritics removed
 * (ł -> l, ż -> z), words of letters and digits separated by single
 * spaces, so "Gdzie jest MOJA przesyłka?!" becomes "gdzie jest moja
 * przesylka".  A pattern is folded the same way and must match a run of
 * whole words; '*' matches any part of one word ("przesyl*" matches
 * "przesylka", "*zwrot*" matches "zwrotu"); a '*' standing alone matches
 * any number of words, none included ("gdzie * paczka" matches "gdzie
 * paczka" and "gdzie jest moja paczka").
 */
#include <stdlib.h>
#include <string.h>

#include "reply.h"

uint32_t
sc_cp_lower(uint32_t c)
{
	if (c >= 'A' && c <= 'Z')
		return c + 32;
	if (c >= 0xC0 && c <= 0xDE && c != 0xD7)
		return c + 32;
	if (c >= 0x100 && c <= 0x17F) {
		/* Extended-A pairs: upper even, lower odd, except in the two
		   ranges shifted by one (Ĺ..ň, Ź..ž) */
		if ((c >= 0x139 && c <= 0x148) || (c >= 0x179 && c <= 0x17E))
			return (c & 1) ? c + 1 : c;
		if (c == 0x178)
			return 0xFF;
		if (c == 0x138 || c == 0x149 || c == 0x17F)
			return c;
		return (c & 1) ? c : c + 1;
	}
	return c;
}

uint32_t
sc_cp_upper(uint32_t c)
{
	if (c >= 'a' && c <= 'z')
		return c - 32;
	if (c >= 0xE0 && c <= 0xFE && c != 0xF7)
		return c - 32;
	if (c >= 0x100 && c <= 0x17F) {
		if ((c >= 0x139 && c <= 0x148) || (c >= 0x179 && c <= 0x17E))
			return (c & 1) ? c : c - 1;
		if (c == 0x138 || c == 0x149 || c == 0x17F)
			return c;
		return (c & 1) ? c - 1 : c;
	}
	return c;
}

uint32_t
sc_cp_fold(uint32_t c)
{
	static const char latin1[] = "aaaaaaaceeeeiiiidnooooo ouuuuyty";
	static const char exta[] =
		"aaaaaa" "cccccccc" "dddd" "eeeeeeeeee" "gggggggg" "hhhh"
		"iiiiiiiiii" "ii" "jj" "kkk" "llllllllll" "nnnnnnnnn" "oooooooo"
		"rrrrrr" "ssssssss" "tttttt" "uuuuuuuuuuuu" "ww" "yyy" "zzzzzz" "s";

	c = sc_cp_lower(c);
	if (c >= 0xE0 && c <= 0xFF && c != 0xF7)
		return (uint32_t)latin1[c - 0xE0];
	if (c == 0xDF)
		return 's';
	if (c >= 0x100 && c <= 0x17F)
		return (uint32_t)exta[c - 0x100];
	return c;
}

char *
sc_text_lower_new(const char *s, int fold)
{
	struct sc_buf b;
	size_t n = strlen(s), i = 0;

	sc_buf_init(&b);
	sc_buf_adds(&b, "");
	while (i < n) {
		uint32_t c;
		int k = sc_utf8_decode(s + i, n - i, &c);
		char enc[4];

		if (k == 0) {
			i++;
			continue;
		}
		c = fold ? sc_cp_fold(c) : sc_cp_lower(c);
		sc_buf_add(&b, enc, (size_t)sc_utf8_encode(c, enc));
		i += (size_t)k;
	}
	return b.data;
}

/* A character that belongs to a word for keyword matching. */
static int
word_cp(uint32_t c)
{
	if ((c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'))
		return 1;
	if (c < 0xC0 || c == 0xD7 || c == 0xF7)
		return 0;
	if ((c >= 0x2000 && c <= 0x2BFF) || (c >= 0xFE00 && c <= 0xFE0F) ||
	    (c >= 0x1F000 && c <= 0x1FAFF) || c == 0xFEFF || (c >= 0x3000 && c <= 0x303F))
		return 0;	/* punctuation, symbols, emoji */
	return 1;
}

static char *
fold_words(const char *s, int keep_star)
{
	struct sc_buf b;
	size_t n = strlen(s), i = 0;
	int space = 0;

	sc_buf_init(&b);
	sc_buf_adds(&b, "");
	while (i < n) {
		uint32_t c;
		int k = sc_utf8_decode(s + i, n - i, &c);
		char enc[4];

		if (k == 0) {
			i++;
			continue;
		}
		i += (size_t)k;
		if (word_cp(c) || (keep_star && c == '*')) {
			if (space && b.len > 0)
				sc_buf_addc(&b, ' ');
			space = 0;
			c = sc_cp_fold(c);
			sc_buf_add(&b, enc, (size_t)sc_utf8_encode(c, enc));
		} else {
			space = 1;
		}
	}
	return b.data;
}

char *
sc_keyword_fold_new(const char *text)
{
	return fold_words(text, 0);
}

/* Does pattern p match at t, ending at a word end?  A '*' standing alone
   between spaces matches any number of whole words (zero included). */
static int
glob(const char *p, const char *t)
{
	for (;;) {
		if (*p == '\0')
			return *t == '\0' || *t == ' ';
		if (p[0] == ' ' && p[1] == '*' && (p[2] == ' ' || p[2] == '\0')) {
			/* " *": skip zero or more " word" groups */
			const char *q = t;
			for (;;) {
				if (glob(p + 2, q))
					return 1;
				if (*q != ' ')
					return 0;
				q++;
				while (*q && *q != ' ')
					q++;
			}
		}
		if (*p == '*') {
			size_t k;
			for (k = 0;; k++) {
				if (glob(p + 1, t + k))
					return 1;
				if (t[k] == '\0' || t[k] == ' ')
					return 0;
			}
		}
		if (*p != *t)
			return 0;
		p++;
		t++;
	}
}

char *
sc_keyword_pattern_new(const char *pattern)
{
	return fold_words(pattern, 1);
}

int
sc_keyword_match_folded(const char *p, const char *text_folded)
{
	const char *t;

	if (*p == '\0')
		return 0;
	for (t = text_folded; *t; t++)
		if ((t == text_folded || t[-1] == ' ') && glob(p, t))
			return 1;
	return 0;
}

int
sc_keyword_match(const char *pattern, const char *text_folded)
{
	char *p = fold_words(pattern, 1);
	int hit = sc_keyword_match_folded(p, text_folded);

	free(p);
	return hit;
}
