/*
 * reply_text.c - letter case for Polish (and the rest of Latin-1 / Latin
 * Extended-A), and the keyword triggers of replies.csv.
 *
 * Folding, words and keyword patterns are the shared text module's
 * (lib/text.h, sc(7) KEYWORD PATTERNS): the same folding (ß -> ss) and
 * the same pattern language as rules.csv, so "gdzie * paczka" and
 * "przesył*" mean the same in both files.  The functions here keep
 * sc-reply's string interface: folded text is its words separated by
 * single spaces ("Gdzie jest MOJA przesyłka?!" -> "gdzie jest moja
 * przesylka").
 */
#include <stdlib.h>
#include <string.h>

#include "reply.h"
#include "text.h"

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

char *
sc_text_lower_new(const char *s, int fold)
{
	struct sc_buf b;
	size_t n = strlen(s), i = 0;

	sc_buf_init(&b);
	sc_buf_adds(&b, "");
	if (fold) {
		sc_fold(s, n, &b);
		return b.data;
	}
	while (i < n) {
		uint32_t c;
		int k = sc_utf8_decode(s + i, n - i, &c);
		char enc[4];

		if (k == 0) {
			i++;
			continue;
		}
		c = sc_cp_lower(c);
		sc_buf_add(&b, enc, (size_t)sc_utf8_encode(c, enc));
		i += (size_t)k;
	}
	return b.data;
}

char *
sc_keyword_fold_new(const char *text)
{
	struct sc_text t;
	struct sc_buf b;

	sc_text_init(&t);
	sc_text_set(&t, text, strlen(text), NULL);
	sc_buf_init(&b);
	sc_buf_adds(&b, "");
	sc_text_words(&t, &b);
	sc_text_release(&t);
	return b.data;
}

char *
sc_keyword_pattern_new(const char *pattern)
{
	return sc_pattern_fold_new(pattern);
}

int
sc_keyword_match_folded(const char *p, const char *text_folded)
{
	return sc_pattern_match_words(p, text_folded);
}

int
sc_keyword_match(const char *pattern, const char *text_folded)
{
	char *p = sc_pattern_fold_new(pattern);
	int hit = sc_pattern_match_words(p, text_folded);

	free(p);
	return hit;
}

int
sc_reply_lang_code(const char *s)
{
	return sc_schema_lang(s);
}
