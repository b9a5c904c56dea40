/*
 * triage_lang.c - the language of a message (triage.lang), ISO 639-1.
 *
 * What it can tell: pl, en, de (Latin script) and uk, ru (Cyrillic); any
 * other text, or one it cannot tell safely, is "und" (sc-reply then
 * answers in the profile's language).  It reads the message alone, never
 * the record's lang: sc-normalize fills that from the profile when the
 * platform does not say, so it is the audience's language, not the
 * customer's.
 *
 * How, in order:
 *   1. script: more Cyrillic than Latin letters is Cyrillic; then a
 *      letter only Ukrainian has (і ї є ґ) gives uk, one only Russian has
 *      (ы э ъ ё) gives ru; both or neither is und
 *   2. Latin: each language scores its function and greeting words
 *      (folded tokens: "się" is "sie") plus 2 for every word that holds a
 *      letter of its alphabet (ą ć ę ł ń ś ź ż for pl, ä ö ü ß for de;
 *      ó alone proves nothing); the best score wins when it is at least 1
 *      and beats every other, else und
 * Short texts of shared words ("ok", "super", emoji only) are und.
 */
#include <string.h>

#include "triage.h"

/* The function and greeting words of each language (folded) with the
   languages that list them, in one table sorted by length and then bytes
   (memcmp order) for a binary search.  Keep it sorted when adding words. */
enum { PL = 1, EN = 2, DE = 4 };
static const struct lw {
	const char *w;
	unsigned char len, langs;
} lang_words[] = {
	{"o", 1, PL}, {"w", 1, PL}, {"z", 1, PL}, {"an", 2, EN}, {"at", 2, EN}, {"be", 2, EN},
	{"bo", 2, PL}, {"co", 2, PL}, {"do", 2, PL}, {"es", 2, DE}, {"hi", 2, EN},
	{"is", 2, EN}, {"it", 2, EN}, {"me", 2, EN}, {"mi", 2, PL}, {"my", 2, EN},
	{"na", 2, PL}, {"od", 2, PL}, {"of", 2, EN}, {"po", 2, PL}, {"sa", 2, PL},
	{"so", 2, EN}, {"we", 2, EN}, {"wo", 2, DE}, {"za", 2, PL}, {"ze", 2, PL},
	{"zu", 2, DE}, {"ale", 3, PL}, {"all", 3, EN}, {"and", 3, EN}, {"any", 3, EN},
	{"are", 3, EN}, {"auf", 3, DE}, {"bei", 3, DE}, {"but", 3, EN}, {"byl", 3, PL},
	{"can", 3, EN}, {"czy", 3, PL}, {"das", 3, DE}, {"der", 3, DE}, {"did", 3, EN},
	{"dla", 3, PL}, {"ein", 3, DE}, {"for", 3, EN}, {"fur", 3, DE}, {"how", 3, EN},
	{"i'm", 3, EN}, {"ich", 3, DE}, {"ihr", 3, DE}, {"ile", 3, PL}, {"ist", 3, DE},
	{"its", 3, EN}, {"jak", 3, PL}, {"juz", 3, PL}, {"mam", 3, PL}, {"mir", 3, DE},
	{"mit", 3, DE}, {"moj", 3, PL}, {"nie", 3, PL}, {"not", 3, EN}, {"nur", 3, DE},
	{"our", 3, EN}, {"sie", 3, PL}, {"tak", 3, PL}, {"tez", 3, PL}, {"the", 3, EN},
	{"und", 3, DE}, {"von", 3, DE}, {"wam", 3, PL}, {"was", 3, EN}, {"why", 3, EN},
	{"wie", 3, DE}, {"wir", 3, DE}, {"you", 3, EN}, {"aber", 4, DE}, {"auch", 4, DE},
	{"been", 4, EN}, {"bylo", 4, PL}, {"does", 4, EN}, {"eine", 4, DE}, {"from", 4, EN},
	{"geld", 4, DE}, {"habe", 4, DE}, {"have", 4, EN}, {"ihre", 4, DE}, {"it's", 4, EN},
	{"jest", 4, PL}, {"just", 4, EN}, {"kein", 4, DE}, {"mein", 4, DE}, {"mich", 4, DE},
	{"mnie", 4, PL}, {"moja", 4, PL}, {"moje", 4, PL}, {"noch", 4, DE}, {"sind", 4, DE},
	{"that", 4, EN}, {"they", 4, EN}, {"this", 4, EN}, {"wann", 4, DE}, {"wasz", 4, PL},
	{"what", 4, EN}, {"when", 4, EN}, {"will", 4, EN}, {"with", 4, EN}, {"your", 4, EN},
	{"again", 5, EN}, {"bitte", 5, DE}, {"can't", 5, EN}, {"czemu", 5, PL},
	{"czesc", 5, PL}, {"danke", 5, DE}, {"dobry", 5, PL}, {"don't", 5, EN},
	{"dzien", 5, PL}, {"gdzie", 5, PL}, {"haben", 5, DE}, {"hallo", 5, DE},
	{"hello", 5, EN}, {"immer", 5, DE}, {"keine", 5, DE}, {"kiedy", 5, PL},
	{"meine", 5, DE}, {"nicht", 5, DE}, {"przez", 5, PL}, {"schon", 5, DE},
	{"still", 5, EN}, {"thank", 5, EN}, {"there", 5, EN}, {"tylko", 5, PL},
	{"warum", 5, DE}, {"wasza", 5, PL}, {"where", 5, EN}, {"witam", 5, PL},
	{"would", 5, EN}, {"dzieki", 6, PL}, {"jestem", 6, PL}, {"please", 6, EN},
	{"prosze", 6, PL}, {"thanks", 6, EN}, {"jeszcze", 7, PL}, {"dlaczego", 8, PL},
	{"dziekuje", 8, PL}, {"bestellung", 10, DE}, {"pozdrawiam", 10, PL}
};

/* The languages (PL, EN, DE bits) whose word list holds w. */
static unsigned
word_langs(const char *w, size_t n)
{
	size_t lo = 0, hi = sizeof(lang_words) / sizeof(lang_words[0]);

	if (n > 10)
		return 0;	/* longer than every listed word */
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		const struct lw *x = &lang_words[mid];
		int c = x->len != n ? (x->len < n ? -1 : 1) : memcmp(x->w, w, n);
		if (c == 0)
			return x->langs;
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return 0;
}

/* The code point of a two-byte UTF-8 sequence at p (p[0] in C2..DF). */
static unsigned
cp2(const unsigned char *p)
{
	return ((unsigned)(p[0] & 0x1F) << 6) | (p[1] & 0x3F);
}

static int
pl_letter(unsigned c)
{
	static const unsigned v[] = {0x104, 0x105, 0x106, 0x107, 0x118, 0x119, 0x141, 0x142,
				     0x143, 0x144, 0x15A, 0x15B, 0x179, 0x17A, 0x17B, 0x17C};
	size_t k;

	for (k = 0; k < sizeof(v) / sizeof(v[0]); k++)
		if (v[k] == c)
			return 1;
	return 0;
}

static int
de_letter(unsigned c)
{
	return c == 0xE4 || c == 0xF6 || c == 0xFC || c == 0xDF || c == 0xC4 || c == 0xD6 ||
	       c == 0xDC;
}

const char *
sc_lang_detect(const char *text, size_t n, const struct sc_text *tx)
{
	const unsigned char *s = (const unsigned char *)text;
	long latin = 0, cyr = 0, plw = 0, dew = 0;
	int uk = 0, ru = 0, in_pl = 0, in_de = 0;
	long score[3] = {0, 0, 0};	/* pl, en, de */
	static const char *const codes[3] = {"pl", "en", "de"};
	size_t i;
	int best = 0, k;

	for (i = 0; i < n; i++) {
		unsigned c;
		if (s[i] < 0x80) {
			if ((s[i] | 0x20) >= 'a' && (s[i] | 0x20) <= 'z')
				latin++;
			else if (s[i] == ' ' || s[i] == '\n' || s[i] == '\t') {
				plw += in_pl;
				dew += in_de;
				in_pl = in_de = 0;
			}
			continue;
		}
		if (s[i] < 0xC2 || s[i] > 0xDF || i + 1 >= n) {
			while (i + 1 < n && (s[i + 1] & 0xC0) == 0x80)
				i++;	/* longer sequences: emoji, CJK... */
			continue;
		}
		c = cp2(s + i);
		i++;
		if (c >= 0x400 && c <= 0x4FF) {
			cyr++;
			if (c == 0x456 || c == 0x457 || c == 0x454 || c == 0x491 || c == 0x406 ||
			    c == 0x407 || c == 0x404 || c == 0x490)
				uk = 1;
			if (c == 0x44B || c == 0x44D || c == 0x44A || c == 0x451 || c == 0x42B ||
			    c == 0x42D || c == 0x42A || c == 0x401)
				ru = 1;
		} else if (c >= 0xC0 && c <= 0x24F) {
			latin++;
			if (pl_letter(c))
				in_pl = 1;
			if (de_letter(c))
				in_de = 1;
		}
	}
	plw += in_pl;
	dew += in_de;
	if (cyr > latin)
		return uk == ru ? "und" : uk ? "uk" : "ru";
	score[0] = 2 * plw;
	score[2] = 2 * dew;
	for (i = 0; tx && i < tx->ntok; i++) {
		const char *w = tx->fold.data + tx->tok[i].off;
		size_t l = tx->tok[i].len;
		if (tx->tok[i].flags & (SC_TOK_URL | SC_TOK_MENTION | SC_TOK_NUM | SC_TOK_EMOJI))
			continue;
		unsigned langs = word_langs(w, l);
		score[0] += (langs & PL) != 0;
		score[1] += (langs & EN) != 0;
		score[2] += (langs & DE) != 0;
	}
	for (k = 1; k < 3; k++)
		if (score[k] > score[best])
			best = k;
	if (score[best] < 1)
		return "und";
	for (k = 0; k < 3; k++)
		if (k != best && score[k] == score[best])
			return "und";
	return codes[best];
}
