/*
 * triage_lex.c - the built-in Polish and English lexicons and lexicon
 * files.
 *
 * The built-in lexicons are the data file share/sc/triage.lex (installed
 * as $(DATADIR)/triage.lex), compiled in through scripts/lex2c, so the
 * file a team copies and edits is exactly what runs by default.  Each
 * line is "CLASS PATTERN" (the same syntax as rules.csv keywords: words,
 * '*' at either end of a word for inflection, several words for a
 * phrase).  Patterns are written with diacritics for
 * the reader; they are folded when added, so they match text written
 * with or without them.  A pattern that starts with a negator ("nie
 * działa", "not happy") matches as written; a single word inside a
 * negation scope ("nie polecam") is counted as negated, which the
 * decision uses (negated praise is a complaint).
 *
 * A lexicon file (--lexicon) holds "CLASS PATTERN" lines; every class it
 * names replaces the built-in list of that class, the others stay.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "triage.h"

const char *const sc_lx_names[SC_LX_NCLASS] = {
	"crisis", "threat", "security", "legal", "media", "hate", "spam", "bug", "complaint", "churn", "question",
	"praise", "positive", "negative", "outage", "police", "exposure", "blame", "service"
};

/* The built-in lexicons: share/sc/triage.lex turned into class and
   pattern pairs by scripts/lex2c at build time (build/gen). */
#include "triage_lex.inc"

/* Class index of a lexicon class name, SC_LX_NCLASS for "negator", -1. */
static int
class_of(const char *name, size_t n)
{
	int c;

	for (c = 0; c <= SC_LX_NCLASS; c++) {
		const char *nm = c < SC_LX_NCLASS ? sc_lx_names[c] : "negator";
		if (strlen(nm) == n && memcmp(nm, name, n) == 0)
			return c;
	}
	return -1;
}

void
sc_lexicon_builtin(struct sc_matcher *m, unsigned skip)
{
	size_t i;

	for (i = 0; builtin_lex[i]; i += 2) {
		int c = class_of(builtin_lex[i], strlen(builtin_lex[i]));
		const char *why;
		if (c < 0 || (skip & (1u << c)))
			continue;	/* (an unknown class cannot pass tests/cases 0085) */
		if (c == SC_LX_NCLASS)
			sc_matcher_add_negator(m, builtin_lex[i + 1]);
		else
			(void)sc_matcher_add(m, builtin_lex[i + 1], c, &why);	/* built-ins are valid */
	}
}

int
sc_lexicon_load(struct sc_matcher *m, const char *path, struct sc_error *e)
{
	FILE *f = fopen(path, "r");
	char *line = NULL;
	size_t cap = 0;
	ssize_t got;
	long lineno = 0;
	unsigned named = 0;
	struct ent {
		int cls;
		char *pat;
	} *v = NULL;
	size_t n = 0, i;
	int rc = 0;

	if (f == NULL)
		return sc_error_set(e, SC_EX_CONFIG, path, 0, 0, "%s", strerror(errno));
	while ((got = getline(&line, &cap, f)) >= 0) {
		char *p = line, *q, *end;
		int c;
		lineno++;
		if (lineno == 1 && got >= 3 && memcmp(line, "\xEF\xBB\xBF", 3) == 0) {
			memmove(line, line + 3, (size_t)got - 2);	/* a UTF-8 BOM */
			got -= 3;
		}
		if ((q = memchr(line, '\0', (size_t)got)) != NULL) {
			rc = sc_error_set(e, SC_EX_CONFIG, path, lineno, q - line + 1,
					  "NUL byte in a lexicon line");
			break;
		}
		while (got > 0 && (line[got - 1] == '\n' || line[got - 1] == '\r'))
			line[--got] = '\0';
		while (*p == ' ' || *p == '\t')
			p++;
		if (*p == '\0' || *p == '#')
			continue;
		q = p;
		while (*q && *q != ' ' && *q != '\t')
			q++;
		c = class_of(p, (size_t)(q - p));
		if (c < 0) {
			rc = sc_error_set(e, SC_EX_CONFIG, path, lineno, p - line + 1,
					  "unknown class '%.*s' (want crisis, threat, security, legal, "
					  "media, hate, spam, bug, complaint, churn, question, praise, "
					  "positive, negative, outage, police, exposure, blame, service or "
					  "negator)", (int)(q - p), p);
			break;
		}
		while (*q == ' ' || *q == '\t')
			q++;
		end = q + strlen(q);
		while (end > q && (end[-1] == ' ' || end[-1] == '\t'))
			*--end = '\0';
		if (*q == '\0') {
			rc = sc_error_set(e, SC_EX_CONFIG, path, lineno, q - line + 1,
					  "missing pattern after the class");
			break;
		}
		if (c < SC_LX_NCLASS) {
			struct sc_matcher *probe = sc_matcher_new();
			const char *why = NULL;
			int bad = sc_matcher_add(probe, q, 0, &why);
			sc_matcher_free(probe);
			if (bad < 0) {
				rc = sc_error_set(e, SC_EX_CONFIG, path, lineno, q - line + 1,
						  "bad pattern: %s", why);
				break;
			}
		}
		named |= 1u << c;
		v = sc_xrealloc(v, (n + 1) * sizeof(*v));
		v[n].cls = c;
		v[n].pat = sc_xstrdup(q);
		n++;
	}
	if (rc == 0 && ferror(f))
		rc = sc_error_set(e, SC_EX_CONFIG, path, 0, 0, "read error: %s", strerror(errno));
	fclose(f);
	free(line);
	if (rc == 0) {
		sc_lexicon_builtin(m, named);
		for (i = 0; i < n; i++) {
			const char *why;
			if (v[i].cls == SC_LX_NCLASS)
				sc_matcher_add_negator(m, v[i].pat);
			else
				(void)sc_matcher_add(m, v[i].pat, v[i].cls, &why);
		}
	}
	for (i = 0; i < n; i++)
		free(v[i].pat);
	free(v);
	return rc;
}
