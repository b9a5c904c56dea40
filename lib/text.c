/*
 * text.c - folding and tokens: what the matchers of sc-triage (rules.csv,
 * lexicons) and sc-reply (replies.csv) see of a message.  API in text.h;
 * the pattern language and its matcher, which run over these tokens, are
 * in text_match.c.  Both are documented once in sc(7), KEYWORD PATTERNS.
 *
 * Folding maps every code point on its own (no locale, no byte-wise
 * tolower): ASCII and Latin-1/Latin Extended-A letters become their
 * lowercase ASCII base letter (Ł→l, Ż→z, ß→ss, Œ→oe), Greek and Cyrillic
 * capitals their lowercase letter, typographic quotes and dashes ASCII;
 * everything else is kept as it is.  So "NIE DZIAŁA", "nie działa" and
 * "nie dziala" fold to the same bytes.  Patterns are folded by the same
 * code, so text and patterns can never fold differently.
 *
 * Tokens are runs of word characters in the folded text (letters, digits,
 * '_', and an apostrophe between letters: "don't"), mentions "@name",
 * hashtags (the word), URLs (one token) and single emoji (modifiers and
 * joiners dropped).  A clause break (. , ! ? ; : or a newline) before a
 * token is a flag on it; negation scopes stop there.  The character
 * classes are shared with the pattern splitter (text_int.h), so a
 * pattern is split into words exactly as text is.  Negators and lemmas
 * belong to a matcher; the tokenizer asks it through text_int.h.
 *
 * Obfuscated words (the end of this file) are undone on folded text for
 * the insult lexicons: "k.u.r.w.a", "p1erdol", "ch*j".
 */
#include <stdlib.h>
#include <string.h>

#include "text_int.h"


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
			/* a run of ASCII at once: lowercased, mapped byte to byte */
			size_t j = i, m;
			char *o;
			while (j < n && (unsigned char)s[j] < 0x80)
				j++;
			sc_buf_grow(out, j - i);
			o = out->data + at;
			for (m = i; m < j; m++) {
				unsigned char c = (unsigned char)s[m];
				*o++ = (char)((c >= 'A' && c <= 'Z') ? c + 32 : c);
			}
			out->len = at + (j - i);
			out->data[out->len] = '\0';
			if (t) {
				if (t->mapcap < out->len + 1) {
					t->mapcap = (out->len + 1) * 2;
					t->map = sc_xrealloc(t->map, t->mapcap * sizeof(uint32_t));
				}
				for (m = i; m < j; m++)
					t->map[at++] = (uint32_t)m;
			}
			i = j;
			continue;
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

static int
cp_class(uint32_t cp)
{
	if (cp < 0x80) {
		if ((cp >= 'a' && cp <= 'z') || (cp >= '0' && cp <= '9') || cp == '_' ||
		    (cp >= 'A' && cp <= 'Z'))
			return SC_TC_WORD;
		if (cp == ' ' || cp == '\t' || cp == '\r')
			return SC_TC_SPACE;
		if (cp == '.' || cp == ',' || cp == '!' || cp == '?' || cp == ';' ||
		    cp == ':' || cp == '\n')
			return SC_TC_BREAK;
		return SC_TC_PUNCT;
	}
	if ((cp >= 0x200B && cp <= 0x200F) || cp == 0xFE0E || cp == 0xFE0F ||
	    (cp >= 0x1F3FB && cp <= 0x1F3FF) || (cp >= 0xE0000 && cp <= 0xE007F) ||
	    cp == 0xFEFF || cp == 0x20E3 || cp == 0xFFFD)
		return SC_TC_IGNORE;
	if ((cp >= 0x2600 && cp <= 0x27BF) || (cp >= 0x2B00 && cp <= 0x2BFF) ||
	    (cp >= 0x1F000 && cp <= 0x1FAFF) || (cp >= 0x231A && cp <= 0x23FF))
		return SC_TC_EMOJI;
	if (cp <= 0xBF || cp == 0xD7 || cp == 0xF7 || (cp >= 0x2000 && cp <= 0x2BFF) ||
	    (cp >= 0x3000 && cp <= 0x303F) || (cp >= 0xFE10 && cp <= 0xFE6F) ||
	    (cp >= 0xFF00 && cp <= 0xFF0F))
		return (cp == 0x2026 || cp == 0x203C || cp == 0x2047) ? SC_TC_BREAK : SC_TC_PUNCT;
	return SC_TC_WORD;
}

int
sc_text_class_at(const char *s, size_t n, size_t i, uint32_t *cp, int *len)
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

void
sc_text_set(struct sc_text *t, const char *s, size_t n, const struct sc_matcher *m)
{
	const char *f;
	size_t fn, i = 0;
	unsigned pending = 0;
	size_t nmention = 0, nemoji = 0, k;

	sc_buf_reset(&t->fold);
	sc_buf_reset(&t->lem);
	fold_map(s, n, &t->fold, sc_matcher_lemmatizes(m) ? t : NULL);
	sc_buf_addc(&t->fold, '\0');	/* room for a NUL even when empty */
	t->fold.len--;
	f = t->fold.data;
	fn = t->fold.len;
	t->ntok = 0;
	t->has_link = t->only_emoji = t->only_mentions = t->has_question = 0;
	while (i < fn) {
		uint32_t cp;
		int len, c = sc_text_class_at(f, fn, i, &cp, &len);
		size_t start = i;

		if (c == SC_TC_SPACE || c == SC_TC_IGNORE || c == SC_TC_PUNCT) {
			if (cp == '@' || cp == '#') {
				uint32_t cp2;
				int len2;
				if (i + 1 < fn && sc_text_class_at(f, fn, i + 1, &cp2, &len2) == SC_TC_WORD) {
					i++;
					while (i < fn && sc_text_class_at(f, fn, i, &cp2, &len2) == SC_TC_WORD)
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
		if (c == SC_TC_BREAK) {
			pending = SC_TOK_BREAK;
			if (cp == '?')
				t->has_question = 1;
			i += (size_t)len;
			continue;
		}
		if (c == SC_TC_EMOJI) {
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
				c = sc_text_class_at(f, fn, i, &cp, &len);
				if (c == SC_TC_WORD) {
					if (cp < '0' || cp > '9')
						digits = 0;
					i += (size_t)len;
				} else if (cp == '\'' && i > start && i + 1 < fn &&
					   (unsigned char)f[i + 1] < 0x80 &&
					   cp_class((unsigned char)f[i + 1]) == SC_TC_WORD) {
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
		if (!sc_matcher_negates(m, f + t->tok[k].off, t->tok[k].len))
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
	if (sc_matcher_lemmatizes(m))
		for (k = 0; k < t->ntok; k++) {
			struct sc_tok *tk = &t->tok[k];
			if (tk->len < 3 || tk->len > 40 ||
			    (tk->flags & (SC_TOK_URL | SC_TOK_MENTION | SC_TOK_NUM | SC_TOK_EMOJI)))
				continue;
			tk->lem = (uint32_t)t->lem.len;
			tk->nlem = (uint32_t)sc_matcher_lemmas(m, f + tk->off, s + t->map[tk->off],
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
	char *o;

	/* never longer than the input: written in place, no call per byte */
	sc_buf_grow(out, n + 1);
	o = out->data + out->len;

	while (i < n) {
		size_t s = i, e, k, letters = 0, singles = 1;
		int seps = 0, special = 0;

		while (i < n && f[i] != ' ' && f[i] != '\t' && f[i] != '\n')
			i++;
		e = i;
		/* one pass: letters; "k.u.r.w.a", "b-u-l-l": single letters
		   between separators; any '*' or leet digit at all */
		for (k = s; k < e; k++) {
			int sep = f[k] == '.' || f[k] == '-' || f[k] == '_';
			if (is_alpha(f[k])) {
				letters++;
				if (k + 1 < e && is_alpha(f[k + 1]) && (unsigned char)f[k] < 0x80)
					singles = 0;
			} else if (f[k] == '*' || leet(f[k])) {
				special = 1;
			}
			if (sep)
				seps++;
		}
		if (letters >= 2 && !special && !(letters >= 3 && singles && seps >= 2)) {
			/* nothing in it to read otherwise: as it is */
			memcpy(o, f + s, e - s);
			o += e - s;
		} else if (letters >= 3 && singles && seps >= 2) {
			for (k = s; k < e; k++)
				if (is_alpha(f[k]))
					*o++ = f[k];
			changed = 1;
		} else if (letters >= 2) {
			for (k = s; k < e; k++) {
				char c = f[k], l = leet(c);
				int before = k > s && is_alpha(f[k - 1]);
				int after = k + 1 < e && is_alpha(f[k + 1]);
				if (c == '*' && before) {
					*o++ = star;
					changed = 1;
				} else if (l && (before || after) && (before || k == s)) {
					*o++ = l;
					changed = 1;
				} else {
					*o++ = c;
				}
			}
		} else {
			memcpy(o, f + s, e - s);
			o += e - s;
		}
		while (i < n && (f[i] == ' ' || f[i] == '\t' || f[i] == '\n'))
			*o++ = f[i++];
	}
	out->len = (size_t)(o - out->data);
	out->data[out->len] = '\0';
	return changed;
}
