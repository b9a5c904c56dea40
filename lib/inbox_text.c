/*
 * inbox_text.c - text for a terminal: display columns of UTF-8 with
 * wcwidth(3) (Polish letters one column, most emoji two, combining marks
 * and zero-width joiners none), and cutting or padding to a column count
 * without splitting a character.  Used by `sc-inbox list` and the screen.
 *
 * Design.  Records are UTF-8 by contract (sc(7)), so the locale's
 * character type must be UTF-8 for wcwidth() to know them:
 * sc_inbox_locale() takes the user's locale and falls back to C.UTF-8
 * when it is not UTF-8 (a cron job or a test with LANG=C).  A byte that
 * does not decode counts one column and is shown as '?'.  Control
 * characters (newlines and tabs in messages) become spaces.
 */
#include <langinfo.h>
#include <locale.h>
#include <string.h>
#include <strings.h>
#include <wchar.h>

#include "inbox.h"

void
sc_inbox_locale(void)
{
	const char *cs;

	setlocale(LC_CTYPE, "");
	cs = nl_langinfo(CODESET);
	if (cs && (strcasecmp(cs, "UTF-8") == 0 || strcasecmp(cs, "utf8") == 0))
		return;
	if (setlocale(LC_CTYPE, "C.UTF-8") == NULL)
		setlocale(LC_CTYPE, "C.utf8");
}

/* Columns of one code point. */
static int
cp_width(uint32_t cp)
{
	int w;

	if (cp < 0x20 || cp == 0x7f)
		return 1;	/* shown as a space */
	w = wcwidth((wchar_t)cp);
	return w < 0 ? 1 : w;
}

int
sc_inbox_width(const char *s, size_t n)
{
	size_t i = 0;
	int cols = 0;

	while (i < n) {
		uint32_t cp;
		int l = sc_utf8_decode(s + i, n - i, &cp);
		if (l <= 0) {
			cols++;
			i++;
			continue;
		}
		cols += cp_width(cp);
		i += (size_t)l;
	}
	return cols;
}

int
sc_inbox_fit(struct sc_buf *b, const char *s, int cols, int pad)
{
	size_t i = 0, n = s ? strlen(s) : 0;
	int used = 0;
	int last_space = 0;

	while (i < n) {
		uint32_t cp;
		int l = sc_utf8_decode(s + i, n - i, &cp), w;

		if (l <= 0) {
			cp = '?';
			l = 1;
		}
		if (cp < 0x20 || cp == 0x7f) {
			/* runs of white space become one space */
			if (last_space) {
				i += (size_t)l;
				continue;
			}
			cp = ' ';
		}
		w = cp_width(cp);
		if (used + w > cols)
			break;
		if (w == 0 && used == 0) {
			i += (size_t)l;
			continue;	/* a combining mark with nothing to combine with */
		}
		if (cp == ' ' || l == 1)
			sc_buf_addc(b, (char)cp);
		else
			sc_buf_add(b, s + i, (size_t)l);
		last_space = cp == ' ';
		used += w;
		i += (size_t)l;
	}
	while (pad && used < cols) {
		sc_buf_addc(b, ' ');
		used++;
	}
	return used;
}
