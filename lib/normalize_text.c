/*
 * normalize_text.c - text clean-up for sc-normalize: HTML entities and
 * tags in platform text (YouTube, Twitter v1.1), the original part of a
 * Google-translated review, and an agent's signature at the end of a
 * brand tweet ("^HSB", "-Becky").  Pure functions on strings.
 */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "normalize_int.h"


static int
entity(const char *s, size_t n, uint32_t *cp)
{
	static const struct { const char *name; uint32_t cp; } names[] = {
		{"amp", '&'}, {"lt", '<'}, {"gt", '>'}, {"quot", '"'}, {"apos", '\''},
		{"nbsp", 0xa0}, {NULL, 0}
	};
	size_t i, end;

	for (end = 1; end < n && end < 12 && s[end] != ';'; end++)
		;
	if (end >= n || s[end] != ';')
		return 0;
	if (s[1] == '#') {
		uint32_t v = 0;
		size_t j = 2;
		int hex = j < end && (s[j] == 'x' || s[j] == 'X');
		if (hex)
			j++;
		if (j == end)
			return 0;
		for (; j < end; j++) {
			char ch = s[j];
			int d;
			if (ch >= '0' && ch <= '9')
				d = ch - '0';
			else if (hex && ch >= 'a' && ch <= 'f')
				d = ch - 'a' + 10;
			else if (hex && ch >= 'A' && ch <= 'F')
				d = ch - 'A' + 10;
			else
				return 0;
			v = v * (hex ? 16 : 10) + (uint32_t)d;
			if (v > 0x10ffff)
				return 0;
		}
		if (v == 0 || (v >= 0xd800 && v <= 0xdfff))
			return 0;
		*cp = v;
		return (int)end + 1;
	}
	for (i = 0; names[i].name; i++)
		if (strlen(names[i].name) == end - 1 &&
		    memcmp(s + 1, names[i].name, end - 1) == 0) {
			*cp = names[i].cp;
			return (int)end + 1;
		}
	return 0;
}

void
sc_norm_html_text(struct sc_buf *b, const char *s, size_t n, int tags)
{
	size_t i = 0;

	while (i < n) {
		const char *p = s + i;
		if (*p == '&') {
			uint32_t cp;
			int len = entity(p, n - i, &cp);
			if (len > 0) {
				char u[4];
				sc_buf_add(b, u, (size_t)sc_utf8_encode(cp, u));
				i += (size_t)len;
				continue;
			}
		} else if (*p == '<' && tags) {
			const char *gt = memchr(p, '>', n - i);
			if (gt) {
				size_t tl = (size_t)(gt - p) + 1;
				if (tl >= 4 && strncasecmp(p, "<br", 3) == 0 &&
				    (p[3] == '>' || p[3] == ' ' || p[3] == '/'))
					sc_buf_addc(b, '\n');
				i += tl;
				continue;
			}
		}
		sc_buf_addc(b, *p);
		i++;
	}
}

void
sc_norm_google_original(const char *s, const char **start, size_t *len)
{
	static const char tr[] = "(Translated by Google)";
	static const char orig[] = "(Original)";
	const char *o;
	size_t n = strlen(s);

	*start = s;
	*len = n;
	if (strncmp(s, tr, sizeof(tr) - 1) == 0) {
		/* "(Translated by Google) T\n\n(Original)\nO" */
		o = strstr(s, orig);
		if (o) {
			o += sizeof(orig) - 1;
			while (*o == '\n' || *o == ' ' || *o == '\r')
				o++;
			*start = o;
			*len = strlen(o);
		}
		return;
	}
	/* "O\n\n(Translated by Google)\nT" */
	o = strstr(s, tr);
	if (o && o > s) {
		const char *e = o;
		while (e > s && (e[-1] == '\n' || e[-1] == ' ' || e[-1] == '\r'))
			e--;
		*len = (size_t)(e - s);
	}
}

const char *
sc_norm_signature(const char *text, char out[32])
{
	size_t n = strlen(text), i, j;

	for (;;) {	/* drop trailing spaces and links */
		while (n > 0 && (text[n - 1] == ' ' || text[n - 1] == '\n'))
			n--;
		i = n;
		while (i > 0 && text[i - 1] != ' ' && text[i - 1] != '\n')
			i--;
		if (n - i > 4 && strncmp(text + i, "http", 4) == 0 && i > 0)
			n = i;
		else
			break;
	}
	if (i == 0 || n - i < 2 || n - i > 24 || (text[i] != '^' && text[i] != '-' && text[i] != '/'))
		return NULL;
	for (j = i + 1; j < n; j++) {
		unsigned char ch = (unsigned char)text[j];
		if (!((ch >= 'A' && ch <= 'Z') || (ch >= 'a' && ch <= 'z') || ch >= 0x80))
			return NULL;
	}
	snprintf(out, 32, "%.*s", (int)(n - i - 1), text + i + 1);
	return out;
}

