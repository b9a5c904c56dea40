/*
 * triage_morph.c - Polish lemmas from hunspell (Debian's hunspell-pl
 * dictionary through libhunspell) for the matcher's lemma hook (text.h).
 *
 * The dictionary is ISO 8859-2, so a word is converted from UTF-8 first
 * (a word with a letter outside 8859-2 has no lemma) and each stem back,
 * then folded like all text.  The dictionary (4.5 MB, a few tenths of a
 * second to load) is opened on the first lookup, not before.  Every
 * answer is cached by the word as written: care traffic repeats its
 * words, so after the first thousand messages nearly every lookup is a
 * hash probe.  The cache has a fixed number of slots; when it is three
 * quarters full new words are still looked up, just not kept.
 *
 * Only sc-triage links -lhunspell (Makefile: HUNSPELL_PROGS); nothing else
 * references this file, so the other programs never load the library.
 */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <hunspell.h>

#include "triage.h"

#define CACHE_SLOTS 32768
#define MAX_LEMMAS 3

struct slot {
	char *word;	/* NULL: empty */
	char *lem;	/* lemmas, NUL after each */
	size_t lemlen, nlem;
};

struct sc_morph {
	char *aff, *dic;
	Hunhandle *h;
	int failed;
	struct slot *slot;
	size_t used;
	long lookups, hits;
};

/* ISO 8859-2 0xA0..0xFF as Unicode. */
static const uint16_t l2[96] = {
	0x00A0, 0x0104, 0x02D8, 0x0141, 0x00A4, 0x013D, 0x015A, 0x00A7,
	0x00A8, 0x0160, 0x015E, 0x0164, 0x0179, 0x00AD, 0x017D, 0x017B,
	0x00B0, 0x0105, 0x02DB, 0x0142, 0x00B4, 0x013E, 0x015B, 0x02C7,
	0x00B8, 0x0161, 0x015F, 0x0165, 0x017A, 0x02DD, 0x017E, 0x017C,
	0x0154, 0x00C1, 0x00C2, 0x0102, 0x00C4, 0x0139, 0x0106, 0x00C7,
	0x010C, 0x00C9, 0x0118, 0x00CB, 0x011A, 0x00CD, 0x00CE, 0x010E,
	0x0110, 0x0143, 0x0147, 0x00D3, 0x00D4, 0x0150, 0x00D6, 0x00D7,
	0x0158, 0x016E, 0x00DA, 0x0170, 0x00DC, 0x00DD, 0x0162, 0x00DF,
	0x0155, 0x00E1, 0x00E2, 0x0103, 0x00E4, 0x013A, 0x0107, 0x00E7,
	0x010D, 0x00E9, 0x0119, 0x00EB, 0x011B, 0x00ED, 0x00EE, 0x010F,
	0x0111, 0x0144, 0x0148, 0x00F3, 0x00F4, 0x0151, 0x00F6, 0x00F7,
	0x0159, 0x016F, 0x00FA, 0x0171, 0x00FC, 0x00FD, 0x0163, 0x02D9
};

struct sc_morph *
sc_morph_new(const char *base)
{
	struct sc_morph *m = sc_xcalloc(1, sizeof(*m));
	size_t n;

	if (base == NULL)
		base = SC_MORPH_DEFAULT;
	n = strlen(base) + 5;
	m->aff = sc_xmalloc(n);
	m->dic = sc_xmalloc(n);
	snprintf(m->aff, n, "%s.aff", base);
	snprintf(m->dic, n, "%s.dic", base);
	m->slot = sc_xcalloc(CACHE_SLOTS, sizeof(struct slot));
	return m;
}

int
sc_morph_available(const struct sc_morph *m)
{
	return access(m->aff, R_OK) == 0 && access(m->dic, R_OK) == 0;
}

const char *
sc_morph_path(const struct sc_morph *m)
{
	return m->dic;
}

void
sc_morph_free(struct sc_morph *m)
{
	size_t i;

	if (m == NULL)
		return;
	for (i = 0; i < CACHE_SLOTS; i++) {
		free(m->slot[i].word);
		free(m->slot[i].lem);
	}
	free(m->slot);
	if (m->h)
		Hunspell_destroy(m->h);
	free(m->aff);
	free(m->dic);
	free(m);
}

void
sc_morph_counts(const struct sc_morph *m, long *lookups, long *hits)
{
	*lookups = m->lookups;
	*hits = m->hits;
}

/* UTF-8 to ISO 8859-2 into out (cap bytes); 0 when a letter has no
   8859-2 form or the word is too long. */
static size_t
to_latin2(const char *s, size_t n, char *out, size_t cap)
{
	size_t i = 0, o = 0;

	while (i < n) {
		uint32_t cp;
		int k = sc_utf8_decode(s + i, n - i, &cp), j;
		if (k <= 0 || o + 1 >= cap)
			return 0;
		i += (size_t)k;
		if (cp < 0xA0) {
			out[o++] = (char)cp;
			continue;
		}
		for (j = 0; j < 96 && l2[j] != cp; j++)
			;
		if (j == 96)
			return 0;
		out[o++] = (char)(0xA0 + j);
	}
	out[o] = '\0';
	return o;
}

/* Look the word up in the dictionary: distinct folded lemmas appended to
   b (NUL after each), their count. */
static size_t
stem(struct sc_morph *m, const char *w, size_t n, struct sc_buf *b)
{
	char l2w[128];
	char **list = NULL;
	int k, cnt;
	size_t found = 0, base = b->len;

	if (m->failed || to_latin2(w, n, l2w, sizeof(l2w)) == 0)
		return 0;
	if (m->h == NULL) {
		if (!sc_morph_available(m) || (m->h = Hunspell_create(m->aff, m->dic)) == NULL) {
			m->failed = 1;
			return 0;
		}
	}
	cnt = Hunspell_stem(m->h, &list, l2w);
	for (k = 0; k < cnt && found < MAX_LEMMAS; k++) {
		struct sc_buf u;
		const unsigned char *p = (const unsigned char *)list[k];
		size_t start = b->len, off;
		int dup = 0;

		sc_buf_init(&u);
		for (; *p; p++) {
			char enc[4];
			uint32_t cp = *p < 0xA0 ? *p : l2[*p - 0xA0];
			sc_buf_add(&u, enc, (size_t)sc_utf8_encode(cp, enc));
		}
		if (u.len)
			sc_fold(u.data, u.len, b);
		sc_buf_release(&u);
		sc_buf_addc(b, '\0');
		for (off = base; off < start && !dup; off += strlen(b->data + off) + 1)
			dup = strcmp(b->data + off, b->data + start) == 0;
		if (dup || b->len == start + 1)
			b->len = start;	/* the same lemma again, or empty */
		else
			found++;
	}
	if (cnt > 0)
		Hunspell_free_list(m->h, &list, cnt);
	return found;
}

static uint64_t
hash_word(const char *w, size_t n)
{
	uint64_t h = 0xcbf29ce484222325ULL;
	size_t i;

	for (i = 0; i < n; i++) {
		h ^= (unsigned char)w[i];
		h *= 0x100000001b3ULL;
	}
	return h;
}

size_t
sc_morph_lemmas(void *ctx, const char *w, size_t n, struct sc_buf *out)
{
	struct sc_morph *m = ctx;
	size_t i = (size_t)(hash_word(w, n) & (CACHE_SLOTS - 1)), start, cnt;
	struct slot *s;

	m->lookups++;
	for (;;) {
		s = &m->slot[i];
		if (s->word == NULL)
			break;
		if (strlen(s->word) == n && memcmp(s->word, w, n) == 0) {
			m->hits++;
			sc_buf_add(out, s->lem, s->lemlen);
			return s->nlem;
		}
		i = (i + 1) & (CACHE_SLOTS - 1);
	}
	start = out->len;
	cnt = stem(m, w, n, out);
	if (m->used < CACHE_SLOTS / 4 * 3) {
		s->word = sc_xstrndup(w, n);
		s->lemlen = out->len - start;
		s->lem = sc_xmalloc(s->lemlen ? s->lemlen : 1);
		memcpy(s->lem, out->data ? out->data + start : "", s->lemlen);
		s->nlem = cnt;
		m->used++;
	}
	return cnt;
}
