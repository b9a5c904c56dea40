/*
 * triage.c - the decision for one customer message, rules.csv, and the
 * splice that adds "triage" to the record.
 *
 * Order of the decision (each step can only see the ones before it):
 *   1. fold and tokenise the text; one pass of the matcher counts the
 *      lexicon classes and every rule's keywords, phrases and "not" lists
 *   2. lexicon: category, sentiment and score, crisis and churn flags
 *   3. models (--model): replace the category / sentiment they predict; a
 *      review's star rating then sets the sentiment (1-2 negative, 3
 *      neutral, 4-5 positive) and turns other/opinion into complaint/praise
 *   4. personal data; customer history (--history)
 *   5. rules.csv rows in file order: a row fires when all its conditions
 *      hold; scalar effects (category, sentiment, priority, team, action,
 *      private) of a later row overwrite an earlier one's, tags add up,
 *      priority "up"/"down" move one step from wherever it ends up, and a
 *      row with stop=yes ends the walk
 *   6. defaults for what no row set: priority from the category (crisis P1,
 *      bug P2, complaint P3, else P4), action from the category, team from
 *      the profile; private when personal data is in a public message;
 *      due_at from the profile's SLA in its business hours
 * Rules therefore always win over lexicon and model.
 *
 * Output: the input line is copied and the triage object spliced in before
 * its final '}', so the record is never re-serialised unless it already
 * had a "triage" (replaced: the record is re-serialised with the new one
 * at the end) or --redact changed its text.
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "triage.h"

enum { CAT_QUESTION, CAT_COMPLAINT, CAT_BUG, CAT_PRAISE, CAT_OPINION, CAT_SPAM,
       CAT_HATE, CAT_OTHER };
enum { ACT_REPLY, ACT_ESCALATE, ACT_HIDE, ACT_DELETE, ACT_IGNORE };

/* ---- rules.csv ---- */

enum { TRI_ANY = -1 };

struct rule {
	char *id;
	long line;
	int has_kw, has_not;	/* keywords/phrases owner base+3i (kw), +1 (phrases), +2 (not) */
	int has_ph;
	int has_re;
	regex_t re;
	char *platform, *profile, *kind, *lang, *if_category, *if_sentiment;	/* "|a|b|" lists */
	int visibility;		/* TRI_ANY, 0 public, 1 private */
	int ad, has_link, only_emoji, only_mentions;	/* TRI_ANY, 0, 1 */
	long min_contacts, min_open, min_negative;	/* -1 = any */
	int category, sentiment, action, private_;	/* -1 = unchanged */
	int priority;		/* 0 unchanged, 1..4 */
	int shift;		/* -1 up, +1 down */
	char *team;
	char *tags;		/* '|' separated, NULL none */
	int stop;
};

struct sc_rules {
	struct rule *v;
	size_t n;
	int base;
};

static const char *const rule_columns[] = {
	"id", "keywords", "phrases", "not", "regex", "platform", "profile", "kind", "visibility",
	"ad", "lang", "has_link", "only_emoji", "only_mentions", "if_category", "if_sentiment",
	"min_contacts", "min_open_complaints", "min_negative", "category", "sentiment", "priority",
	"tags", "team", "action", "private", "stop", "note", NULL
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

static int
name_index(const char *const *names, int n, const char *s)
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

static int
list_has(const char *list, const char *v)
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

/*
 * Does an extended regex hold a back-reference (\1 to \9)?  Matching one
 * is exponential in the worst case (one 3,000-character message stalled
 * triage for minutes), so rules.csv refuses them; without them the C
 * library's matcher is polynomial.  Inside a bracket expression a
 * backslash is an ordinary character.
 */
static int
has_backref(const char *s)
{
	size_t i = 0;

	while (s[i]) {
		if (s[i] == '[') {
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
			if (s[i])
				i++;
		} else if (s[i] == '\\') {
			if (s[i + 1] >= '1' && s[i + 1] <= '9')
				return 1;
			i += s[i + 1] ? 2 : 1;
		} else {
			i++;
		}
	}
	return 0;
}

struct sc_rules *
sc_rules_load(const char *path, struct sc_matcher *m, int base, struct sc_error *e)
{
	struct sc_table *t = sc_table_load(path, e);
	struct sc_rules *r;
	size_t i, j;

	if (t == NULL)
		return NULL;
	for (j = 0; j < t->ncols; j++)
		if (name_index(rule_columns, (int)(sizeof(rule_columns) / sizeof(rule_columns[0])) - 1,
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
		if (*v && has_backref(v))
			FAIL("regex", "bad regex: back-references (\\1..\\9) are not allowed");
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
				k = name_index(sc_categories, SC_NCATEGORY, p);
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
				k = name_index(sc_sentiments, 3, p);
				*q = '|';
				if (k < 0)
					FAIL("if_sentiment", "unknown sentiment '%.*s'", (int)(q - p), p);
				p = q + 1;
			}
		}
		v = sc_table_get(t, i, "visibility");
		if (*v && (x->visibility = name_index((const char *const[]){"public", "private"}, 2, v)) < 0)
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
		if (*v && (x->category = name_index(sc_categories, SC_NCATEGORY, v)) < 0)
			FAIL("category", "unknown category '%s' (want question, complaint, bug, "
			     "praise, opinion, spam, hate or other)", v);
		v = sc_table_get(t, i, "sentiment");
		if (*v && (x->sentiment = name_index(sc_sentiments, 3, v)) < 0)
			FAIL("sentiment", "bad sentiment '%s' (want positive, neutral or negative)", v);
		v = sc_table_get(t, i, "action");
		if (*v && (x->action = name_index(sc_actions, SC_NACTION, v)) < 0)
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

/* ---- the triage object ---- */

struct sc_triage {
	struct sc_triage_opts o;
	struct sc_matcher *m;
	struct sc_morph *morph;
	struct sc_rules *rules;
	struct sc_profiles *profiles;
	int nowners;
	int *hit, *neg;
	struct sc_text text;
	struct sc_pii_hit pii[32];
	size_t npii;
	const struct sc_customer *cust;
	struct sc_buf tmp;
};

struct sc_triage *
sc_triage_new(const struct sc_triage_opts *o, struct sc_error *e)
{
	struct sc_triage *t = sc_xcalloc(1, sizeof(*t));

	t->o = *o;
	if (t->o.default_sla <= 0)
		t->o.default_sla = 3600;
	t->m = sc_matcher_new();
	if (!o->no_morphology) {
		t->morph = sc_morph_new(o->dictionary);
		if (!sc_morph_available(t->morph)) {
			if (o->dictionary) {
				sc_error_set(e, SC_EX_UNAVAILABLE, sc_morph_path(t->morph), 0, 0,
					     "cannot read the hunspell dictionary");
				goto fail;
			}
			sc_morph_free(t->morph);	/* default missing: surface forms only */
			t->morph = NULL;
		} else {
			sc_matcher_set_lemmatizer(t->m, sc_morph_lemmas, t->morph);
		}
	}
	sc_text_init(&t->text);
	sc_buf_init(&t->tmp);
	if (o->lexicon_path) {
		if (sc_lexicon_load(t->m, o->lexicon_path, e) < 0)
			goto fail;
	} else if (!o->no_lexicon) {
		sc_lexicon_builtin(t->m, 0);
	}
	if (o->rules_path && (t->rules = sc_rules_load(o->rules_path, t->m, SC_LX_NCLASS, e)) == NULL)
		goto fail;
	if (o->profiles_path && (t->profiles = sc_profiles_load(o->profiles_path, e)) == NULL)
		goto fail;
	t->nowners = t->rules ? sc_rules_nowners(t->rules) : SC_LX_NCLASS;
	t->hit = sc_xcalloc((size_t)t->nowners, sizeof(int));
	t->neg = sc_xcalloc((size_t)t->nowners, sizeof(int));
	return t;
fail:
	sc_triage_free(t);
	return NULL;
}

void
sc_triage_free(struct sc_triage *t)
{
	if (t == NULL)
		return;
	sc_matcher_free(t->m);
	sc_morph_free(t->morph);
	sc_rules_free(t->rules);
	sc_profiles_free(t->profiles);
	free(t->hit);
	free(t->neg);
	sc_text_release(&t->text);
	sc_buf_release(&t->tmp);
	free(t);
}

const struct sc_text *
sc_triage_text(const struct sc_triage *t)
{
	return &t->text;
}

const struct sc_morph *
sc_triage_morph(const struct sc_triage *t)
{
	return t->morph;
}

static void
add_tag(struct sc_decision *d, const char *tag, size_t n)
{
	size_t i = 0;

	while (n > 0 && *tag == ' ') {
		tag++;
		n--;
	}
	while (n > 0 && tag[n - 1] == ' ')
		n--;
	if (n == 0)
		return;
	while (i < d->tagslen) {
		size_t l = strlen(d->tags + i);
		if (l == n && memcmp(d->tags + i, tag, n) == 0)
			return;
		i += l + 1;
	}
	if (d->tagslen + n + 1 > sizeof(d->tags))
		return;
	memcpy(d->tags + d->tagslen, tag, n);
	d->tags[d->tagslen + n] = '\0';
	d->tagslen += n + 1;
}

static void
add_rule_id(struct sc_decision *d, const char *id)
{
	size_t n = strlen(id);

	if (d->ruleslen + n + 1 > sizeof(d->rules))
		return;
	memcpy(d->rules + d->ruleslen, id, n + 1);
	d->ruleslen += n + 1;
}

/*
 * The record's lang, or a guess from the folded words when it has none:
 * Polish diacritics in the original text or more Polish than English
 * function words give "pl", more English ones "en", else NULL.
 */
static const char *
lang_of(const struct sc_text *tx, const json_t *rec)
{
	static const char *const pl[] = {"nie", "jest", "sie", "i", "w", "na", "ze", "czy", "jak",
					 "to", "mam", "z", "do", "juz", "tak", "ale", "co", NULL};
	static const char *const en[] = {"the", "is", "and", "to", "you", "my", "i", "not", "for",
					 "with", "it", "this", "your", "was", "have", "are", NULL};
	const char *lang = sc_json_str(rec, "lang"), *text = sc_json_str(rec, "text");
	int npl = 0, nen = 0;
	size_t i, k;

	if (lang)
		return lang;
	for (i = 0; text && text[i]; i++)
		if ((unsigned char)text[i] == 0xC4 || (unsigned char)text[i] == 0xC5)
			return "pl";	/* ą ć ę ł ń ś ź ż (ó alone is not enough) */
	for (i = 0; i < tx->ntok; i++) {
		const char *w = tx->fold.data + tx->tok[i].off;
		size_t n = tx->tok[i].len;
		for (k = 0; pl[k]; k++)
			if (strlen(pl[k]) == n && memcmp(pl[k], w, n) == 0)
				npl++;
		for (k = 0; en[k]; k++)
			if (strlen(en[k]) == n && memcmp(en[k], w, n) == 0)
				nen++;
	}
	return npl > nen ? "pl" : nen > npl ? "en" : NULL;
}

static int
rule_matches(const struct sc_triage *t, size_t i, const json_t *rec, int cat, int sent)
{
	const struct rule *x = &t->rules->v[i];
	const struct sc_text *tx = &t->text;
	int owner = t->rules->base + 3 * (int)i;
	json_t *v;

	if (!list_has(x->platform, sc_json_str(rec, "platform")) ||
	    !list_has(x->kind, sc_json_str(rec, "kind")) ||
	    (x->lang && !list_has(x->lang, lang_of(tx, rec))) ||
	    !list_has(x->profile, sc_json_str(rec, "profile")) ||
	    !list_has(x->if_category, sc_categories[cat]) ||
	    !list_has(x->if_sentiment, sc_sentiments[sent]))
		return 0;
	if (x->visibility != TRI_ANY) {
		const char *vis = sc_json_str(rec, "visibility");
		if (vis == NULL || strcmp(vis, x->visibility ? "private" : "public") != 0)
			return 0;
	}
	if (x->ad != TRI_ANY) {
		v = json_object_get(rec, "ad");
		if (json_is_true(v) != x->ad)
			return 0;
	}
	if ((x->has_link != TRI_ANY && tx->has_link != x->has_link) ||
	    (x->only_emoji != TRI_ANY && tx->only_emoji != x->only_emoji) ||
	    (x->only_mentions != TRI_ANY && tx->only_mentions != x->only_mentions))
		return 0;
	if (x->min_contacts >= 0 && (t->cust ? t->cust->contacts : 0) < x->min_contacts)
		return 0;
	if (x->min_open >= 0 && (t->cust ? t->cust->open_complaints : 0) < x->min_open)
		return 0;
	if (x->min_negative >= 0 && (t->cust ? t->cust->sent[2] : 0) < x->min_negative)
		return 0;
	/* keywords (outside negation) or phrases (anywhere): either will do */
	if ((x->has_kw || x->has_ph) &&
	    !((x->has_kw && t->hit[owner] > 0) ||
	      (x->has_ph && t->hit[owner + 1] + t->neg[owner + 1] > 0)))
		return 0;
	if (x->has_not && t->hit[owner + 2] + t->neg[owner + 2] > 0)
		return 0;
	if (x->has_re && regexec(&x->re, tx->fold.data, 0, NULL, 0) != 0)
		return 0;
	return 1;
}

/* Does the text hold a word (not only emoji, mentions, links)? */
static int
has_words(const struct sc_text *tx)
{
	size_t i;

	for (i = 0; i < tx->ntok; i++)
		if (!(tx->tok[i].flags & (SC_TOK_EMOJI | SC_TOK_MENTION | SC_TOK_URL)))
			return 1;
	return 0;
}

static const struct sc_profile *
profile_of(const struct sc_triage *t, const json_t *rec)
{
	const struct sc_profile *p;

	if (t->profiles == NULL)
		return NULL;
	/* "profile" is the label from profiles.csv, else the account id */
	p = sc_profiles_find(t->profiles, sc_json_str(rec, "profile"));
	if (p == NULL)
		p = sc_profiles_find_account(t->profiles, sc_json_str(rec, "platform"),
					     sc_json_str(rec, "profile"));
	return p;
}

void
sc_triage_decide(struct sc_triage *t, const json_t *rec, struct sc_decision *d)
{
	const json_t *tv = json_object_get(rec, "text");
	const char *text = json_is_string(tv) ? json_string_value(tv) : "";
	size_t tlen = json_is_string(tv) ? json_string_length(tv) : 0, i;
	const int *h = t->hit, *n = t->neg;
	int cat, pos, negs, crisis, churn, vulgar, set_pri = 0, set_act = 0, shift = 0;
	int set_team = 0, set_priv = -1, k;
	const char *vis = sc_json_str(rec, "visibility");
	int is_public = vis == NULL || strcmp(vis, "private") != 0;
	const struct sc_profile *prof = profile_of(t, rec);
	int64_t created = 0;

	memset(d, 0, sizeof(*d));
	sc_text_set(&t->text, text, tlen, t->m);
	memset(t->hit, 0, (size_t)t->nowners * sizeof(int));
	memset(t->neg, 0, (size_t)t->nowners * sizeof(int));
	sc_matcher_run(t->m, &t->text, t->hit, t->neg, t->nowners);

	/* 2. lexicon */
	crisis = h[SC_LX_CRISIS] > 0;
	churn = h[SC_LX_CHURN] > 0;
	vulgar = h[SC_LX_HATE] > 0;
	/* a negated negative word counts for nothing: "not bad" is weak, and
	   "not working again" must not turn positive */
	pos = h[SC_LX_POSITIVE] + h[SC_LX_PRAISE];
	negs = h[SC_LX_NEGATIVE] + h[SC_LX_COMPLAINT] + h[SC_LX_BUG] + h[SC_LX_HATE] +
	       h[SC_LX_CRISIS] + h[SC_LX_CHURN] + n[SC_LX_POSITIVE] + n[SC_LX_PRAISE];
	d->score = (double)(pos - negs) / (double)(pos + negs + 1);
	d->sentiment = d->score >= 0.25 ? 0 : d->score <= -0.25 ? 2 : 1;
	if (h[SC_LX_BUG])
		cat = CAT_BUG;
	else if (h[SC_LX_COMPLAINT] || n[SC_LX_PRAISE] || crisis || churn)
		cat = CAT_COMPLAINT;
	else if (vulgar)
		cat = CAT_HATE;
	else if (h[SC_LX_SPAM])
		cat = CAT_SPAM;
	else if (t->text.has_question || (h[SC_LX_QUESTION] && !h[SC_LX_PRAISE]))
		cat = CAT_QUESTION;
	else if (h[SC_LX_PRAISE])
		cat = CAT_PRAISE;
	else if (pos + negs > 0)
		cat = CAT_OPINION;
	else if (t->text.has_link)
		cat = CAT_SPAM;	/* a bare link with nothing else to say */
	else
		cat = CAT_OTHER;
	if (vulgar && cat != CAT_HATE)
		add_tag(d, "vulgar", 6);

	/* 3. models */
	for (k = 0; k < 2; k++) {
		const struct sc_model *mod = t->o.models[k];
		const char *label;
		int idx;
		if (mod == NULL || (label = sc_model_predict(mod, &t->text, &d->model_p[k])) == NULL)
			continue;
		d->model_label[k] = label;
		if (k == 0 && (idx = name_index(sc_categories, SC_NCATEGORY, label)) >= 0)
			cat = idx;
		if (k == 1 && (idx = name_index(sc_sentiments, 3, label)) >= 0)
			d->sentiment = idx;
	}

	/* a review's star rating says what the customer feels, whatever the
	   words or the model: 1-2 negative (and a complaint when nothing more
	   specific was found), 3 neutral, 4-5 positive */
	{
		json_t *rv = json_object_get(rec, "rating");
		if (json_is_number(rv)) {
			double stars = json_number_value(rv);
			if (stars > 0 && stars < 2.5) {
				d->sentiment = 2;
				if (d->score > -0.5)
					d->score = -0.5;
				if (cat == CAT_OTHER || cat == CAT_OPINION || cat == CAT_PRAISE)
					cat = CAT_COMPLAINT;
			} else if (stars >= 2.5 && stars < 3.5) {
				d->sentiment = 1;
				if (d->score >= 0.25 || d->score <= -0.25)
					d->score = 0;
			} else if (stars >= 3.5) {
				d->sentiment = 0;
				if (d->score < 0.5)
					d->score = 0.5;
				if (cat == CAT_OTHER || cat == CAT_OPINION)
					cat = CAT_PRAISE;
			}
		}
	}

	/* 4. personal data, history */
	t->npii = sc_pii_scan(text, tlen, t->pii, sizeof(t->pii) / sizeof(t->pii[0]));
	for (i = 0; i < t->npii; i++)
		d->pii |= 1u << t->pii[i].kind;
	t->cust = t->o.history ? sc_history_find(t->o.history, sc_json_str(rec, "platform"),
						 sc_json_path_str(rec, "author.id")) : NULL;
	if (crisis)
		add_tag(d, "crisis", 6);
	if (churn)
		add_tag(d, "churn-risk", 10);
	if (d->pii && is_public)
		add_tag(d, "pii", 3);

	/* 5. rules */
	for (i = 0; t->rules && i < t->rules->n; i++) {
		const struct rule *x = &t->rules->v[i];
		if (!rule_matches(t, i, rec, cat, d->sentiment))
			continue;
		add_rule_id(d, x->id);
		if (x->category >= 0)
			cat = x->category;
		if (x->sentiment >= 0)
			d->sentiment = x->sentiment;
		if (x->priority) {
			d->priority = x->priority;
			set_pri = 1;
		}
		shift += x->shift;
		if (x->action >= 0) {
			d->action = x->action;
			set_act = 1;
		}
		if (x->private_ >= 0)
			set_priv = x->private_;
		if (x->team) {
			snprintf(d->team, sizeof(d->team), "%s", x->team);
			set_team = 1;
		}
		if (x->tags) {
			const char *p = x->tags;
			for (;;) {
				const char *bar = strchr(p, '|');
				size_t l = bar ? (size_t)(bar - p) : strlen(p);
				add_tag(d, p, l);
				if (!bar)
					break;
				p = bar + 1;
			}
		}
		if (x->stop)
			break;
	}

	/* 6. defaults */
	d->category = cat;
	if (!set_pri)
		d->priority = crisis ? 1 : cat == CAT_BUG ? 2 : cat == CAT_COMPLAINT ? 3 : 4;
	d->priority += shift;
	if (d->priority < 1)
		d->priority = 1;
	if (d->priority > 4)
		d->priority = 4;
	if (!set_act) {
		if (crisis)
			d->action = ACT_ESCALATE;
		else if (cat == CAT_HATE || cat == CAT_SPAM)
			d->action = ACT_HIDE;
		else if (cat == CAT_OTHER && !has_words(&t->text))
			d->action = ACT_IGNORE;
		else
			d->action = ACT_REPLY;
	}
	if (!set_team && prof && t->profiles)
		snprintf(d->team, sizeof(d->team), "%s", sc_profile_get(t->profiles, prof, "team"));
	d->private_ = set_priv >= 0 ? set_priv : (d->pii && is_public);
	sc_time_parse(sc_json_str(rec, "created_at"), &created);
	if (prof)
		d->due = sc_hours_add(&prof->hours, created, prof->sla);
	else
		d->due = created + t->o.default_sla;
}

static void
add_str_list(struct sc_buf *b, const char *v, size_t len)
{
	size_t i = 0;
	int first = 1;

	sc_buf_addc(b, '[');
	while (i < len) {
		size_t l = strlen(v + i);
		if (!first)
			sc_buf_addc(b, ',');
		sc_buf_add_json_string(b, v + i, l);
		first = 0;
		i += l + 1;
	}
	sc_buf_addc(b, ']');
}

void
sc_triage_json(const struct sc_triage *t, const json_t *rec, const struct sc_decision *d,
	       struct sc_buf *b)
{
	const char *vis = sc_json_str(rec, "visibility");
	int is_private = vis && strcmp(vis, "private") == 0;
	char due[32];
	int k, first = 1;
	double score = d->score;

	if (score > -0.005 && score < 0.005)
		score = 0;
	sc_buf_printf(b, "{\"category\":\"%s\",\"sentiment\":\"%s\",\"sentiment_score\":%.2f,"
		      "\"priority\":\"P%d\",\"rank\":%d,\"tags\":",
		      sc_categories[d->category], sc_sentiments[d->sentiment], score,
		      d->priority, (d->priority - 1) * 2 + is_private + 1);
	add_str_list(b, d->tags, d->tagslen);
	sc_buf_adds(b, ",\"team\":");
	if (d->team[0])
		sc_buf_add_json_string(b, d->team, strlen(d->team));
	else
		sc_buf_adds(b, "null");
	sc_buf_printf(b, ",\"action\":\"%s\",\"private\":%s,\"pii\":[", sc_actions[d->action],
		      d->private_ ? "true" : "false");
	for (k = 0; k < SC_PII_NKINDS; k++)
		if (d->pii & (1u << k)) {
			sc_buf_printf(b, "%s\"%s\"", first ? "" : ",", sc_pii_names[k]);
			first = 0;
		}
	sc_time_format(d->due, due);
	sc_buf_printf(b, "],\"due_at\":\"%s\",\"rules\":", due);
	add_str_list(b, d->rules, d->ruleslen);
	if (d->model_label[0] || d->model_label[1]) {
		first = 1;
		sc_buf_adds(b, ",\"model\":{");
		for (k = 0; k < 2; k++) {
			if (!d->model_label[k])
				continue;
			sc_buf_printf(b, "%s\"%s\":{\"label\":", first ? "" : ",",
				      k == 0 ? "category" : "sentiment");
			sc_buf_add_json_string(b, d->model_label[k], strlen(d->model_label[k]));
			sc_buf_printf(b, ",\"confidence\":%.3f}", d->model_p[k]);
			first = 0;
		}
		sc_buf_addc(b, '}');
	}
	if (t->o.history) {
		const struct sc_customer *c = t->cust;
		sc_buf_adds(b, ",\"customer\":{");
		if (c == NULL) {
			sc_buf_adds(b, "\"contacts\":0,\"last_contact\":null,\"open_complaints\":0,"
				       "\"categories\":{},\"sentiments\":{},\"channels\":[]}");
		} else {
			char last[32];
			sc_time_format(c->last, last);
			sc_buf_printf(b, "\"contacts\":%ld,\"last_contact\":\"%s\","
				      "\"open_complaints\":%ld,\"categories\":{",
				      c->contacts, last, c->open_complaints);
			first = 1;
			for (k = 0; k < SC_NCATEGORY; k++)
				if (c->cat[k]) {
					sc_buf_printf(b, "%s\"%s\":%ld", first ? "" : ",",
						      sc_categories[k], c->cat[k]);
					first = 0;
				}
			sc_buf_adds(b, "},\"sentiments\":{");
			first = 1;
			for (k = 0; k < 3; k++)
				if (c->sent[k]) {
					sc_buf_printf(b, "%s\"%s\":%ld", first ? "" : ",",
						      sc_sentiments[k], c->sent[k]);
					first = 0;
				}
			sc_buf_adds(b, "},\"channels\":[");
			first = 1;
			for (k = 0; k < SC_NCHANNEL; k++)
				if (c->channels & (1u << k)) {
					sc_buf_printf(b, "%s\"%s\"", first ? "" : ",",
						      k < SC_NCHANNEL - 1 ? sc_schema_platforms[k] : "other");
					first = 0;
				}
			sc_buf_adds(b, "]}");
		}
	}
	sc_buf_addc(b, '}');
}

void
sc_triage_line(struct sc_triage *t, json_t *rec, const char *line, size_t len,
	       struct sc_buf *b)
{
	struct sc_decision d;
	size_t end = len;

	if (!sc_triage_wants(rec)) {
		sc_buf_add(b, line, len);
		return;
	}
	sc_triage_decide(t, rec, &d);
	sc_buf_reset(&t->tmp);
	sc_triage_json(t, rec, &d, &t->tmp);
	if (json_object_get(rec, "triage") || (t->o.redact && t->npii > 0)) {
		if (t->o.redact && t->npii > 0) {
			struct sc_buf red;
			const json_t *tv = json_object_get(rec, "text");
			sc_buf_init(&red);
			sc_pii_redact(json_string_value(tv), json_string_length(tv), t->pii,
				      t->npii, &red);
			json_object_set_new(rec, "text", json_stringn(red.data ? red.data : "",
								      red.len));
			sc_buf_release(&red);
		}
		json_object_del(rec, "triage");
		sc_buf_add_json(b, rec);
		end = b->len;
		while (end > 0 && b->data[end - 1] != '}')
			end--;
		b->len = end - 1;
		sc_buf_adds(b, json_object_size(rec) ? ",\"triage\":" : "\"triage\":");
		sc_buf_add(b, t->tmp.data, t->tmp.len);
		sc_buf_addc(b, '}');
		return;
	}
	while (end > 0 && line[end - 1] != '}')
		end--;
	sc_buf_add(b, line, end - 1);
	sc_buf_adds(b, ",\"triage\":");
	sc_buf_add(b, t->tmp.data, t->tmp.len);
	sc_buf_addc(b, '}');
}
