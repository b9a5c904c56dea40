/*
 * triage_rules.c - rules.csv: loading and checking every row (columns,
 * conditions, effects), with errors as file:line:column.  What a row does
 * to a message is decided in triage.c (rule_matches and the walk).
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "triage_int.h"

/* ---- rules.csv ---- */

static const char *const rule_columns[] = {
	"id", "keywords", "phrases", "not", "regex", "platform", "profile", "kind", "visibility",
	"ad", "lang", "has_link", "only_emoji", "only_mentions", "if_category", "if_sentiment",
	"min_contacts", "min_open_complaints", "min_negative", "category", "sentiment", "priority",
	"tags", "team", "action", "private", "sla", "stop", "note", NULL
};

static int
tri_parse(const char *s)
{
	if (*s == '\0')
		return TRI_ANY;
	if (!strcasecmp(s, "yes") || !strcasecmp(s, "y") || !strcasecmp(s, "true") ||
	    !strcmp(s, "1"))
		return 1;
	if (!strcasecmp(s, "no") || !strcasecmp(s, "n") || !strcasecmp(s, "false") ||
	    !strcmp(s, "0"))
		return 0;
	return -2;
}

int
sc_tri_name_index(const char *const *names, int n, const char *s)
{
	int i;

	for (i = 0; i < n; i++)
		if (strcasecmp(names[i], s) == 0)
			return i;
	return -1;
}

/* "a|b" -> "|a|b|" (lowercase, spaces trimmed), NULL for "". */
static char *
list_new(const char *s)
{
	struct sc_buf b;
	const char *p = s;

	if (*s == '\0')
		return NULL;
	sc_buf_init(&b);
	sc_buf_addc(&b, '|');
	while (*p) {
		const char *bar = strchr(p, '|');
		size_t n = bar ? (size_t)(bar - p) : strlen(p), k;
		while (n > 0 && *p == ' ') {
			p++;
			n--;
		}
		for (k = 0; k < n && p[k] != ' '; k++)
			sc_buf_addc(&b, (char)tolower((unsigned char)p[k]));
		sc_buf_addc(&b, '|');
		p += bar ? (size_t)(bar - p) + 1 : strlen(p);
		if (!bar)
			break;
	}
	return b.data;
}

int
sc_tri_list_has(const char *list, const char *v)
{
	const char *p;
	size_t n;

	if (list == NULL)
		return 1;
	if (v == NULL)
		return 0;
	n = strlen(v);
	for (p = list; (p = strchr(p, '|')) != NULL && p[1]; p++)
		if (strncasecmp(p + 1, v, n) == 0 && p[1 + n] == '|')
			return 1;
	return 0;
}

/* Add every '|'-separated pattern of cell to m under owner. */
static int
add_patterns(struct sc_matcher *m, const char *cell, int owner, const char **why)
{
	const char *p = cell;
	int any = 0;

	while (*p) {
		const char *bar = strchr(p, '|');
		size_t n = bar ? (size_t)(bar - p) : strlen(p);
		char *w = sc_xstrndup(p, n);
		int rc = sc_matcher_add(m, w, owner, why);
		free(w);
		if (rc < 0)
			return -1;
		any = 1;
		p += n;
		if (*p == '|')
			p++;
	}
	return any;
}

void
sc_rules_free(struct sc_rules *r)
{
	size_t i;

	if (r == NULL)
		return;
	for (i = 0; i < r->n; i++) {
		struct rule *x = &r->v[i];
		free(x->id);
		if (x->has_re)
			regfree(&x->re);
		free(x->platform);
		free(x->profile);
		free(x->if_sentiment);
		free(x->kind);
		free(x->lang);
		free(x->if_category);
		free(x->team);
		free(x->tags);
	}
	free(r->v);
	free(r);
}

int
sc_rules_nowners(const struct sc_rules *r)
{
	return r ? r->base + 3 * (int)r->n : 0;
}

/* Keep only the non-ASCII letters of a regex folded: ASCII is matched
   with REG_ICASE, and folding ASCII would turn \W into \w. */
static char *
fold_regex_new(const char *s)
{
	struct sc_buf b;
	size_t i = 0, n = strlen(s);

	sc_buf_init(&b);
	while (i < n) {
		size_t j = i;
		if ((unsigned char)s[i] < 0x80) {
			sc_buf_addc(&b, s[i++]);
			continue;
		}
		while (j < n && (unsigned char)s[j] >= 0x80)
			j++;
		sc_fold(s + i, j - i, &b);
		i = j;
	}
	sc_buf_addc(&b, '\0');
	return b.data;
}

/* Skip a bracket expression starting at s[i] == '['; inside one a
   backslash is an ordinary character. */
static size_t
skip_bracket(const char *s, size_t i)
{
	i++;
	if (s[i] == '^')
		i++;
	if (s[i] == ']')
		i++;
	while (s[i] && s[i] != ']') {
		if (s[i] == '[' && (s[i + 1] == ':' || s[i + 1] == '.' || s[i + 1] == '=')) {
			char close = s[i + 1];
			i += 2;
			while (s[i] && !(s[i] == close && s[i + 1] == ']'))
				i++;
			if (s[i])
				i += 2;
			continue;
		}
		i++;
	}
	return s[i] ? i + 1 : i;
}

/* The repeat count of an interval {n}, {n,} or {n,m} at s[*i] == '{',
   moving *i past it; -1 when it is not an interval (regcomp judges). */
static long
interval_count(const char *s, size_t *i)
{
	size_t j = *i + 1;
	long n = 0, m = -1;

	if (!isdigit((unsigned char)s[j]))
		return -1;
	while (isdigit((unsigned char)s[j]) && n < 100000)
		n = n * 10 + (s[j++] - '0');
	if (s[j] == ',') {
		j++;
		if (isdigit((unsigned char)s[j])) {
			m = 0;
			while (isdigit((unsigned char)s[j]) && m < 100000)
				m = m * 10 + (s[j++] - '0');
		}
	}
	if (s[j] != '}')
		return -1;
	*i = j + 1;
	return m > n ? m : (n > 0 ? n : 1);
}

#define REGEX_MAX_COST 1000	/* positions after regcomp unrolls repeats */
#define REGEX_MAX_TOTAL 20000	/* the same, summed over a rules file */
#define REGEX_MAX_DEPTH 32

/*
 * Why rules.csv refuses an extended regex, or NULL.  Back-references
 * (\1 to \9): matching one is exponential in the worst case (one
 * 3,000-character message stalled triage for minutes); without them the
 * C library's matcher is polynomial.  Stacked quantifiers ("a++", the
 * lazy ".+?" of other dialects): POSIX leaves them undefined and glibc
 * unrolls each one by copying what it repeats, so twenty of them take
 * gigabytes.  The same unrolling bounds intervals: the pattern's size
 * once every "{n}" and "+" is written out (*cost) stays under
 * REGEX_MAX_COST, since compiling takes memory quadratic in it (4,000
 * positions: 128 MB and 0.6 s; 1,000: 10 MB).
 */
static const char *
regex_refusal(const char *s, long *cost)
{
	long sum[REGEX_MAX_DEPTH + 1], last[REGEX_MAX_DEPTH + 1];
	size_t i = 0;
	int d = 0, quant = 0;

	sum[0] = last[0] = 0;
	while (s[i]) {
		long k = 0;
		char c = s[i];

		if (c == '*' || c == '?' || c == '+')
			k = c == '+' ? 2 : 1, i++;
		else if (c == '{' && (k = interval_count(s, &i)) < 0)
			k = 0, c = 'a';	/* a literal brace: an atom */
		if (k > 0) {
			if (quant)
				return "stacked quantifiers (as in 'a++' or '.+?') are not allowed";
			if (k > REGEX_MAX_COST)
				k = REGEX_MAX_COST + 1;
			sum[d] += last[d] * (k - 1);
			last[d] *= k;
			quant = 1;
		} else if (c == '(') {
			if (d == REGEX_MAX_DEPTH)
				return "groups nested too deeply";
			d++, i++;
			sum[d] = last[d] = 0;
			quant = 0;
		} else if (c == ')' && d > 0) {
			d--, i++;
			sum[d] += sum[d + 1];
			last[d] = sum[d + 1];
			quant = 0;
		} else {
			if (c == '[')
				i = skip_bracket(s, i);
			else if (c == '\\') {
				if (s[i + 1] >= '1' && s[i + 1] <= '9')
					return "back-references (\\1..\\9) are not allowed";
				i += s[i + 1] ? 2 : 1;
			} else
				i++;
			sum[d] += 1;
			last[d] = c == '|' ? 0 : 1;
			quant = 0;
		}
		if (sum[d] > REGEX_MAX_COST)
			return "too large once its repeats are written out (keep {n} and nested '+' small)";
	}
	*cost = 0;
	while (d >= 0)
		*cost += sum[d--];
	return NULL;
}

struct sc_rules *
sc_rules_load(const char *path, struct sc_matcher *m, int base, struct sc_error *e)
{
	struct sc_table *t = sc_table_load(path, e);
	long cost, total_cost = 0;
	struct sc_rules *r;
	size_t i, j;

	if (t == NULL)
		return NULL;
	for (j = 0; j < t->ncols; j++)
		if (sc_tri_name_index(rule_columns, (int)(sizeof(rule_columns) / sizeof(rule_columns[0])) - 1,
			       t->header[j]) < 0) {
			sc_error_set(e, SC_EX_CONFIG, path, 1, (long)j + 1,
				     "unknown column '%s'", t->header[j]);
			sc_table_free(t);
			return NULL;
		}
	if (sc_table_col(t, "id") < 0) {
		sc_error_set(e, SC_EX_CONFIG, path, 1, 1, "missing column 'id'");
		sc_table_free(t);
		return NULL;
	}
	r = sc_xcalloc(1, sizeof(*r));
	r->base = base;
	r->v = sc_xcalloc(t->nrows ? t->nrows : 1, sizeof(struct rule));
	for (i = 0; i < t->nrows; i++) {
		struct rule *x = &r->v[r->n];
		long line = t->lines[i];
		const char *why = NULL, *col = NULL, *v;
		char msg[300];
		int owner = base + 3 * (int)r->n, k;

		x->line = line;
		x->visibility = x->ad = x->has_link = x->only_emoji = x->only_mentions = TRI_ANY;
		x->category = x->sentiment = x->action = x->private_ = -1;
		x->min_contacts = x->min_open = x->min_negative = -1;
		r->n++;
		msg[0] = '\0';
#define FAIL(c, ...) do { col = (c); snprintf(msg, sizeof(msg), __VA_ARGS__); goto bad; } while (0)
		v = sc_table_get(t, i, "id");
		if (*v == '\0')
			FAIL("id", "empty rule id");
		for (k = 0; k < (int)r->n - 1; k++)
			if (strcmp(r->v[k].id, v) == 0)
				FAIL("id", "duplicate rule id '%s' (first on line %ld)", v, r->v[k].line);
		x->id = sc_xstrdup(v);
		if ((x->has_kw = add_patterns(m, sc_table_get(t, i, "keywords"), owner, &why)) < 0)
			FAIL("keywords", "bad keyword: %s", why);
		if ((x->has_ph = add_patterns(m, sc_table_get(t, i, "phrases"), owner + 1, &why)) < 0)
			FAIL("phrases", "bad phrase: %s", why);
		if ((x->has_not = add_patterns(m, sc_table_get(t, i, "not"), owner + 2, &why)) < 0)
			FAIL("not", "bad pattern: %s", why);
		v = sc_table_get(t, i, "regex");
		if (*v && (why = regex_refusal(v, &cost)) != NULL)
			FAIL("regex", "bad regex: %s", why);
		if (*v && (total_cost += cost) > REGEX_MAX_TOTAL)
			FAIL("regex", "bad regex: the file's regexes together are too large once their repeats are written out");
		if (*v) {
			char *fr = fold_regex_new(v);
			int rc = regcomp(&x->re, fr, REG_EXTENDED | REG_ICASE | REG_NOSUB);
			free(fr);
			if (rc != 0) {
				char rb[200];
				regerror(rc, &x->re, rb, sizeof(rb));
				FAIL("regex", "bad regex: %s", rb);
			}
			x->has_re = 1;
		}
		x->platform = list_new(sc_table_get(t, i, "platform"));
		x->profile = list_new(sc_table_get(t, i, "profile"));
		x->if_sentiment = list_new(sc_table_get(t, i, "if_sentiment"));
		x->kind = list_new(sc_table_get(t, i, "kind"));
		x->lang = list_new(sc_table_get(t, i, "lang"));
		x->if_category = list_new(sc_table_get(t, i, "if_category"));
		if (x->if_category) {
			char *p = x->if_category + 1, *q;
			while ((q = strchr(p, '|')) != NULL) {
				*q = '\0';
				k = sc_tri_name_index(sc_categories, SC_NCATEGORY, p);
				*q = '|';
				if (k < 0)
					FAIL("if_category", "unknown category '%.*s'", (int)(q - p), p);
				p = q + 1;
			}
		}
		if (x->if_sentiment) {
			char *p = x->if_sentiment + 1, *q;
			while ((q = strchr(p, '|')) != NULL) {
				*q = '\0';
				k = sc_tri_name_index(sc_sentiments, 3, p);
				*q = '|';
				if (k < 0)
					FAIL("if_sentiment", "unknown sentiment '%.*s'", (int)(q - p), p);
				p = q + 1;
			}
		}
		v = sc_table_get(t, i, "visibility");
		if (*v && (x->visibility = sc_tri_name_index((const char *const[]){"public", "private"}, 2, v)) < 0)
			FAIL("visibility", "bad visibility '%s' (want public or private)", v);
		{
			static const char *const yn[] = {"ad", "has_link", "only_emoji", "only_mentions",
							 "private", "stop"};
			int *dst[] = {&x->ad, &x->has_link, &x->only_emoji, &x->only_mentions,
				      &x->private_, &x->stop};
			for (k = 0; k < 6; k++) {
				v = sc_table_get(t, i, yn[k]);
				*dst[k] = tri_parse(v);
				if (*dst[k] == -2)
					FAIL(yn[k], "bad value '%s' (want yes or no)", v);
			}
			if (x->stop < 0)
				x->stop = 0;
		}
		{
			static const char *const mins[] = {"min_contacts", "min_open_complaints",
							   "min_negative"};
			long *dst[] = {&x->min_contacts, &x->min_open, &x->min_negative};
			for (k = 0; k < 3; k++) {
				v = sc_table_get(t, i, mins[k]);
				if (*v == '\0')
					continue;
				/* an overflowing number is an error, not LONG_MAX */
				if (sc_parse_long(v, 0, 1000000000L, dst[k]) < 0)
					FAIL(mins[k], "bad number '%s' (want 0 to 1000000000)", v);
			}
		}
		v = sc_table_get(t, i, "category");
		if (*v && (x->category = sc_tri_name_index(sc_categories, SC_NCATEGORY, v)) < 0)
			FAIL("category", "unknown category '%s' (want question, complaint, bug, "
			     "praise, opinion, spam, hate or other)", v);
		v = sc_table_get(t, i, "sentiment");
		if (*v && (x->sentiment = sc_tri_name_index(sc_sentiments, 3, v)) < 0)
			FAIL("sentiment", "bad sentiment '%s' (want positive, neutral or negative)", v);
		v = sc_table_get(t, i, "action");
		if (*v && (x->action = sc_tri_name_index(sc_actions, SC_NACTION, v)) < 0)
			FAIL("action", "unknown action '%s' (want reply, escalate, hide, delete or "
			     "ignore)", v);
		v = sc_table_get(t, i, "priority");
		if (*v) {
			if (!strcasecmp(v, "up"))
				x->shift = -1;
			else if (!strcasecmp(v, "down"))
				x->shift = 1;
			else if ((v[0] == 'P' || v[0] == 'p') && v[1] >= '1' && v[1] <= '4' && !v[2])
				x->priority = v[1] - '0';
			else
				FAIL("priority", "bad priority '%s' (want P1-P4, up or down)", v);
		}
		v = sc_table_get(t, i, "team");
		if (*v)
			x->team = sc_xstrdup(v);
		v = sc_table_get(t, i, "tags");
		if (*v)
			x->tags = sc_xstrdup(v);
		v = sc_table_get(t, i, "sla");
		if (*v && (sc_duration_read(v, &x->sla) < 0 || x->sla <= 0))
			FAIL("sla", "bad SLA '%.40s' (want a duration: 15m, 2h, 1d)", v);
#undef FAIL
		continue;
bad:
		sc_error_set(e, SC_EX_CONFIG, path, line, (long)sc_table_col(t, col) + 1, "%s", msg);
		sc_rules_free(r);
		sc_table_free(t);
		return NULL;
	}
	sc_table_free(t);
	return r;
}

