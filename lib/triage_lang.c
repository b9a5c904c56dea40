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

static const char *const pl_words[] = {
	"nie", "jest", "sie", "w", "na", "ze", "czy", "jak", "mam", "z", "do", "juz",
	"tak", "ale", "co", "mi", "mnie", "moj", "moja", "moje", "jestem", "bylo", "byl",
	"od", "po", "dla", "tylko", "gdzie", "kiedy", "dlaczego", "prosze", "dzien",
	"dobry", "dziekuje", "dzieki", "czesc", "witam", "pozdrawiam", "wasz", "wasza",
	"wam", "sa", "jeszcze", "bo", "o", "za", "przez", "tez", "czemu", "ile", NULL
};
static const char *const en_words[] = {
	"the", "is", "and", "you", "my", "not", "for", "with", "it", "this", "your", "was",
	"have", "are", "of", "me", "what", "why", "when", "where", "how", "can",
	"just", "been", "but", "they", "from", "at", "will", "would", "please", "thanks",
	"thank", "hi", "hello", "again", "still", "its", "it's", "i'm", "don't", "can't",
	"any", "an", "be", "does", "did", "so", "all", "there", "that", "we", "our", NULL
};
static const char *const de_words[] = {
	"und", "ich", "nicht", "der", "das", "ist", "mit", "mein", "meine", "wann", "bitte",
	"danke", "ein", "eine", "kein", "keine", "auf", "fur", "ihr", "ihre", "wir", "habe",
	"haben", "warum", "wie", "noch", "schon", "hallo", "bei", "zu", "von", "es", "sind",
	"mir", "mich", "wo", "aber", "auch", "nur", "immer", "bestellung", "geld", NULL
};

static int
in_list(const char *const *l, const char *w, size_t n)
{
	size_t k;

	for (k = 0; l[k]; k++)
		if (strlen(l[k]) == n && memcmp(l[k], w, n) == 0)
			return 1;
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
		score[0] += in_list(pl_words, w, l);
		score[1] += in_list(en_words, w, l);
		score[2] += in_list(de_words, w, l);
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
