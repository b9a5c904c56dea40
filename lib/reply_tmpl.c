/*
 * reply_tmpl.c - replies.csv: answer templates with conditions, compiled
 * once into pieces (literal text and placeholders) and filled in one pass.
 *
 * A template text holds literal text and placeholders in braces:
 *   {greeting} {first_name|fallback} {signature} {profile} {brand}
 *   {case|fallback} {agent|fallback} {link:NAME} or {link:NAME|fallback}
 *   {due_at|fallback} {next_update|fallback}  (a time frame: "do 14:30")
 *   {we:SINGULAR|PLURAL}  (the profile's voice: "zajmę się|zajmiemy się")
 *   {g:MALE|FEMALE|UNKNOWN}  (the customer's gender: "Pana|Pani|Państwa")
 *   {emoji:TEXT}  (TEXT only where the profile allows emoji)
 * "{{" and "}}" stand for literal braces.  Filling copies the literal text
 * and each value as it is: a value (a customer's name, a link) is never
 * read again as a template, so customer text cannot inject placeholders.
 * A value that is unknown at fill time takes its fallback; without one the
 * fill fails and the caller tries another variant or skips the message, so
 * an unresolved placeholder never reaches a customer.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "reply.h"
#include "text.h"

static const struct {
	const char *name;
	enum sc_ph_kind kind;
	int nopts;		/* options after ':' (link: 1 name) */
	int needs_fallback;	/* value may be unknown at fill time */
} ph_names[] = {
	{"greeting", SC_PH_GREETING, 0, 0},
	{"first_name", SC_PH_FIRST_NAME, 0, 1},
	{"signature", SC_PH_SIGNATURE, 0, 0},
	{"profile", SC_PH_PROFILE, 0, 0},
	{"brand", SC_PH_BRAND, 0, 0},
	{"case", SC_PH_CASE, 0, 1},
	{"agent", SC_PH_AGENT, 0, 1},
	{"due_at", SC_PH_DUE_AT, 0, 1},
	{"next_update", SC_PH_NEXT_UPDATE, 0, 1},
	{"link", SC_PH_LINK, 1, 0},
	{"we", SC_PH_WE, 2, 0},
	{"g", SC_PH_G, 3, 0},
	{"emoji", SC_PH_EMOJI, 1, 0},
};

void
sc_tmpl_pieces_free(struct sc_piece *p, size_t n)
{
	size_t i;
	int k;

	for (i = 0; i < n; i++) {
		free(p[i].text);
		free(p[i].fallback);
		for (k = 0; k < 3; k++)
			free(p[i].opt[k]);
	}
	free(p);
}

void
sc_piece_name(const struct sc_piece *p, char *out, size_t cap)
{
	size_t i;

	for (i = 0; i < sizeof(ph_names) / sizeof(ph_names[0]); i++)
		if (ph_names[i].kind == p->kind) {
			if (p->kind == SC_PH_LINK)
				snprintf(out, cap, "{link:%s}", p->text);
			else
				snprintf(out, cap, "{%s}", ph_names[i].name);
			return;
		}
	snprintf(out, cap, "text");
}

static struct sc_piece *
add_piece(struct sc_piece **v, size_t *n, size_t *cap, enum sc_ph_kind kind, long offset)
{
	struct sc_piece *p;

	if (*n == *cap) {
		*cap = *cap ? *cap * 2 : 8;
		*v = sc_xrealloc(*v, *cap * sizeof(**v));
	}
	p = &(*v)[(*n)++];
	memset(p, 0, sizeof(*p));
	p->kind = kind;
	p->offset = offset;
	return p;
}

/*
 * Character (code point) offset, 1-based, of byte i in s.  Compiling asks
 * for increasing offsets, so the count goes on from the last answer
 * instead of from the start (a cell with many placeholders stays linear).
 */
struct char_pos {
	size_t byte;
	long chars;
};

static long
char_at(struct char_pos *cp, const char *s, size_t i)
{
	if (i < cp->byte) {
		cp->byte = 0;
		cp->chars = 0;
	}
	cp->chars += (long)sc_utf8_count(s + cp->byte, i - cp->byte);
	cp->byte = i;
	return cp->chars + 1;
}

int
sc_tmpl_compile(const char *s, struct sc_piece **pieces, size_t *npieces,
		struct sc_error *e)
{
	struct sc_piece *v = NULL;
	size_t n = 0, i = 0, len = strlen(s);
	struct sc_buf lit;
	struct char_pos cp = {0, 0};
	size_t vcap = 0;

	sc_buf_init(&lit);
	sc_buf_adds(&lit, "");
	while (i < len) {
		size_t j, k, nlen;
		const char *body, *colon, *bar;
		struct sc_piece *p;
		int found = -1;

		if (s[i] == '{' && s[i + 1] == '{') {
			sc_buf_addc(&lit, '{');
			i += 2;
			continue;
		}
		if (s[i] == '}' && s[i + 1] == '}') {
			sc_buf_addc(&lit, '}');
			i += 2;
			continue;
		}
		if (s[i] == '}') {
			sc_error_set(e, SC_EX_CONFIG, NULL, 0, char_at(&cp, s, i),
				     "unmatched '}' (write '}}' for a literal brace)");
			goto fail;
		}
		if (s[i] != '{') {
			sc_buf_addc(&lit, s[i++]);
			continue;
		}
		/* a placeholder: up to the next '}', no '{' inside */
		for (j = i + 1; j < len && s[j] != '}' && s[j] != '{'; j++)
			;
		if (j >= len || s[j] == '{') {
			sc_error_set(e, SC_EX_CONFIG, NULL, 0, char_at(&cp, s, i),
				     "unclosed '{' (write '{{' for a literal brace)");
			goto fail;
		}
		body = s + i + 1;
		colon = memchr(body, ':', (size_t)(s + j - body));
		bar = memchr(body, '|', (size_t)(s + j - body));
		nlen = (size_t)((colon && (!bar || colon < bar) ? colon : bar ? bar : s + j) - body);
		for (k = 0; k < sizeof(ph_names) / sizeof(ph_names[0]); k++)
			if (strlen(ph_names[k].name) == nlen && memcmp(ph_names[k].name, body, nlen) == 0)
				found = (int)k;
		if (found < 0) {
			sc_error_set(e, SC_EX_CONFIG, NULL, 0, char_at(&cp, s, i),
				     "unknown placeholder {%.*s}", (int)nlen, body);
			goto fail;
		}
		if (lit.len) {
			p = add_piece(&v, &n, &vcap, SC_PH_LIT, 0);
			p->text = sc_xstrdup(lit.data);
			sc_buf_reset(&lit);
			sc_buf_adds(&lit, "");
		}
		p = add_piece(&v, &n, &vcap, ph_names[found].kind, char_at(&cp, s, i));
		if (ph_names[found].nopts > 0) {
			/* {name:opt|opt|...}; for link: {link:NAME|fallback} */
			const char *o, *end = s + j;
			int want = ph_names[found].nopts, got = 0;

			if (!colon || (bar && bar < colon)) {
				sc_error_set(e, SC_EX_CONFIG, NULL, 0, char_at(&cp, s, i),
					     "{%s} needs ':' and %s", ph_names[found].name,
					     want == 1 ? "a value" : want == 2 ?
					     "two forms: {we:singular|plural}" :
					     "three forms: {g:male|female|unknown}");
				goto fail;
			}
			o = colon + 1;
			for (;;) {
				const char *b = memchr(o, '|', (size_t)(end - o));
				const char *oe = b ? b : end;

				if (p->kind == SC_PH_LINK && got == 1) {
					p->fallback = sc_xstrndup(o, (size_t)(end - o));
					p->has_fallback = 1;
					break;
				}
				if (got < 3)
					p->opt[got] = sc_xstrndup(o, (size_t)(oe - o));
				got++;
				if (!b)
					break;
				o = b + 1;
			}
			if (p->kind == SC_PH_LINK) {
				p->text = p->opt[0];
				p->opt[0] = NULL;
				if (p->text[0] == '\0') {
					sc_error_set(e, SC_EX_CONFIG, NULL, 0, char_at(&cp, s, i),
						     "{link:} needs a link name");
					goto fail;
				}
			} else if (got != want) {
				sc_error_set(e, SC_EX_CONFIG, NULL, 0, char_at(&cp, s, i),
					     "{%s:...} needs %d form%s separated by '|', not %d",
					     ph_names[found].name, want, want == 1 ? "" : "s", got);
				goto fail;
			}
		} else {
			if (colon && (!bar || colon < bar)) {
				sc_error_set(e, SC_EX_CONFIG, NULL, 0, char_at(&cp, s, i),
					     "{%s} takes no ':' argument", ph_names[found].name);
				goto fail;
			}
			if (bar) {
				p->fallback = sc_xstrndup(bar + 1, (size_t)(s + j - bar - 1));
				p->has_fallback = 1;
			}
		}
		i = j + 1;
	}
	if (lit.len) {
		struct sc_piece *p = add_piece(&v, &n, &vcap, SC_PH_LIT, 0);
		p->text = sc_xstrdup(lit.data);
	}
	sc_buf_release(&lit);
	*pieces = v;
	*npieces = n;
	return 0;
fail:
	sc_buf_release(&lit);
	sc_tmpl_pieces_free(v, n);
	*pieces = NULL;
	*npieces = 0;
	return -1;
}

static int
needs_fallback(enum sc_ph_kind k)
{
	size_t i;

	for (i = 0; i < sizeof(ph_names) / sizeof(ph_names[0]); i++)
		if (ph_names[i].kind == k)
			return ph_names[i].needs_fallback;
	return 0;
}

char *
sc_tmpl_fill_new(const struct sc_piece *p, size_t n, const struct sc_fill *f,
		 const struct sc_piece **missing)
{
	struct sc_buf b;
	size_t i;

	*missing = NULL;
	sc_buf_init(&b);
	sc_buf_adds(&b, "");
	for (i = 0; i < n; i++) {
		const char *v = NULL;

		switch (p[i].kind) {
		case SC_PH_LIT: v = p[i].text; break;
		case SC_PH_GREETING: v = f->greeting; break;
		case SC_PH_FIRST_NAME: v = f->first_name; break;
		case SC_PH_SIGNATURE: v = f->signature ? f->signature : ""; break;
		case SC_PH_PROFILE: v = f->profile ? f->profile : ""; break;
		case SC_PH_BRAND: v = f->brand ? f->brand : f->profile ? f->profile : ""; break;
		case SC_PH_CASE: v = f->case_id; break;
		case SC_PH_AGENT: v = f->agent; break;
		case SC_PH_DUE_AT: v = f->due_at; break;
		case SC_PH_NEXT_UPDATE: v = f->next_update; break;
		case SC_PH_LINK: v = f->link ? f->link(f->link_ctx, p[i].text) : NULL; break;
		case SC_PH_WE: v = p[i].opt[f->plural ? 1 : 0]; break;
		case SC_PH_G: v = p[i].opt[f->gender == 'm' ? 0 : f->gender == 'f' ? 1 : 2]; break;
		case SC_PH_EMOJI: v = f->emoji ? p[i].opt[0] : ""; break;
		}
		if (v == NULL || (*v == '\0' && needs_fallback(p[i].kind)) ||
		    (*v == '\0' && p[i].kind == SC_PH_LINK)) {
			if (!p[i].has_fallback) {
				*missing = &p[i];
				sc_buf_release(&b);
				return NULL;
			}
			v = p[i].fallback;
		}
		sc_buf_adds(&b, v);
	}
	return b.data;
}

/* ---- loading ---- */

/* The next item of a list cell ("a|b", "a,b", "a b") into item; returns
   0 at the end of the cell. */
static int
next_item(const char **pp, char *item, size_t cap)
{
	const char *p = *pp;
	size_t n;

	while (*p == '|' || *p == ',' || *p == ' ')
		p++;
	if (*p == '\0')
		return 0;
	n = strcspn(p, "|, ");
	snprintf(item, cap, "%.*s", (int)(n < cap ? n : cap - 1), p);
	*pp = p + n;
	return 1;
}

/* Is item in the allowed set (allowed NULL: an ISO 639-1 code)? */
static int
item_ok(const char *item, const char *const *allowed, int n_allowed)
{
	size_t k;

	if (allowed == NULL)
		return sc_reply_lang_code(item);
	for (k = 0; n_allowed < 0 ? allowed[k] != NULL : k < (size_t)n_allowed; k++)
		if (strcasecmp(allowed[k], item) == 0)
			return 1;
	return allowed == sc_schema_platforms && sc_schema_platform_ci(item) >= 0;
}

static int
has_emoji_literal(const struct sc_piece *p, size_t n)
{
	size_t i, j, len;

	for (i = 0; i < n; i++) {
		if (p[i].kind != SC_PH_LIT)
			continue;
		len = strlen(p[i].text);
		for (j = 0; j < len;) {
			uint32_t c;
			int k = sc_utf8_decode(p[i].text + j, len - j, &c);
			if (k == 0)
				break;
			if ((c >= 0x1F000 && c <= 0x1FAFF) || (c >= 0x2600 && c <= 0x27BF))
				return 1;
			j += (size_t)k;
		}
	}
	return 0;
}

struct lint_state {
	int lint;
	sc_lint_cb cb;
	void *ctx;
	long nerr;
	struct sc_error *e;
};

/* One finding: a problem (warn 0: counted; outside lint it fails the load
   with 78 in ls->e, returning -1) or a warning (warn 1: "warning: ...",
   not counted).  Both go to the callback as an sc_error; returns 0. */
static int
finding(struct lint_state *ls, int warn, const char *path, long line, long col,
	const char *fmt, ...) __attribute__((format(printf, 6, 7)));

static int
finding(struct lint_state *ls, int warn, const char *path, long line, long col,
	const char *fmt, ...)
{
	struct sc_error pe;
	char text[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(text, sizeof(text), fmt, ap);
	va_end(ap);
	if (!warn) {
		ls->nerr++;
		if (!ls->lint)
			return sc_error_set(ls->e, SC_EX_CONFIG, path, line, col, "%s", text);
		sc_error_set(&pe, SC_EX_CONFIG, path, line, col, "%s", text);
	} else {
		sc_error_set(&pe, 0, path, line, col, "warning: %s", text);
	}
	if (ls->cb)
		ls->cb(ls->ctx, &pe);
	return 0;
}

/* Text checks (lib/reply_lint.c) reported as problems or warnings. */
struct text_report {
	struct lint_state *ls;
	const char *path;
	long line, col;
};

static void
text_problem(void *ctx, int is_warning, long col, const char *msg)
{
	struct text_report *tr = ctx;
	char where[64] = "";

	if (col > 0 && strstr(msg, "character") == NULL)
		snprintf(where, sizeof(where), " (character %ld of text)", col);
	finding(tr->ls, is_warning != 0, tr->path, tr->line, tr->col, "%s%s", msg, where);
}

static const char *
link_any(void *ctx, const char *name)
{
	(void)ctx;
	(void)name;
	return "https://example.pl/aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";
}

/* The longest this template can get on a channel (worst-case values;
   signature and brand when known from profiles.csv). */
static long
worst_length(const struct sc_tmpl *t, const char *channel, const char *sig,
	     const char *brand)
{
	struct sc_fill f;
	long best = 0;
	int plural, g;

	memset(&f, 0, sizeof(f));
	f.greeting = "Panie Maksymilianie,";
	f.first_name = "Maksymilian";
	f.signature = sig ? sig : "Pozdrawiamy, Konstancja z zespołu obsługi klienta";
	f.profile = "profile-name-20chars";
	f.brand = brand ? brand : "Brand Name 20 chars.";
	f.case_id = "CASE-1234567";
	f.agent = "Konstancja";
	f.due_at = "jutro do 10:00";
	f.next_update = "by 10:00 am tomorrow";
	f.emoji = 1;
	f.link = link_any;
	for (plural = 0; plural < 2; plural++)
		for (g = 0; g < 3; g++) {
			const struct sc_piece *miss;
			char *s;
			long l;

			f.plural = plural;
			f.gender = g == 0 ? 'm' : g == 1 ? 'f' : 0;
			s = sc_tmpl_fill_new(t->pieces, t->npieces, &f, &miss);
			if (s == NULL)
				continue;
			l = sc_reply_length(channel, s);
			if (l > best)
				best = l;
			free(s);
		}
	return best;
}

/* Load; under lint every problem goes through cb, is counted in *nerr,
   and the table is returned all the same (unless the file itself cannot
   be read as a table). */
static struct sc_replies *
load(const char *path, int lint, sc_lint_cb cb, void *ctx, struct sc_error *e, long *nerr)
{
	static const char *forms[] = {"formal", "informal", NULL};
	static const char *vis[] = {"public", "private", NULL};
	char catwant[200] = "";
	struct lint_state ls = {lint, cb, ctx, 0, e};
	struct sc_replies *r;
	struct sc_table *t;
	size_t i, k;
	int idcol, textcol;

	for (k = 0; k < SC_NCATEGORY; k++) {
		snprintf(catwant + strlen(catwant), sizeof(catwant) - strlen(catwant), "%s%s",
			 k ? ", " : "", sc_categories[k]);
	}
	t = sc_table_load(path, e);
	if (t == NULL)
		return NULL;
	idcol = sc_table_col(t, "id");
	textcol = sc_table_col(t, "text");
	if (idcol < 0 || textcol < 0) {
		sc_error_set(e, SC_EX_CONFIG, path, 1, 0, "missing column '%s' (need id,text)",
			     idcol < 0 ? "id" : "text");
		sc_table_free(t);
		return NULL;
	}
	r = sc_xcalloc(1, sizeof(*r));
	r->table = t;
	r->v = sc_xcalloc(t->nrows ? t->nrows : 1, sizeof(struct sc_tmpl));
	for (i = 0; i < t->nrows; i++) {
		struct sc_tmpl *m = &r->v[r->n];
		struct sc_error ce;
		const char *p;
		const struct {
			const char *col;
			const char *const *allowed;
			int nallowed;
			const char *what, *want;
		} checks[] = {
			{"lang", NULL, -1, "language", "an ISO 639-1 code such as pl, en, uk"},
			{"category", sc_categories, SC_NCATEGORY, "category", catwant},
			{"platform", sc_schema_platforms, SC_NPLATFORM, "platform", "facebook, instagram, x, youtube, tiktok, linkedin, google, threads, email, csv"},
			{"kind", sc_schema_kinds, SC_NMESSAGE_KIND, "kind", "comment, dm, mention, review, post"},
			{"priority", sc_priorities, SC_NPRIORITY, "priority", "P1, P2, P3, P4"},
			{"formality", forms, -1, "formality", "formal or informal"},
			{"visibility", vis, -1, "visibility", "public or private"},
		};

		m->line = t->lines[i];
		m->id = sc_table_get(t, i, "id");
		m->lang = sc_table_get(t, i, "lang");
		m->category = sc_table_get(t, i, "category");
		m->tags = sc_table_get(t, i, "tags");
		m->platform = sc_table_get(t, i, "platform");
		m->kind = sc_table_get(t, i, "kind");
		m->priority = sc_table_get(t, i, "priority");
		m->profile = sc_table_get(t, i, "profile");
		m->keywords = sc_table_get(t, i, "keywords");
		m->formality = sc_table_get(t, i, "formality");
		m->visibility = sc_table_get(t, i, "visibility");
		m->text = sc_table_get(t, i, "text");
		if (*m->id == '\0' &&
		    finding(&ls, 0, path, m->line, idcol + 1, "empty template id") < 0)
			goto fail;
		for (k = 0; k < sizeof(checks) / sizeof(checks[0]); k++) {
			const char *cell = sc_table_get(t, i, checks[k].col);
			char item[64];

			/* every bad item of the cell, not only the first */
			while (next_item(&cell, item, sizeof(item)))
				if (!item_ok(item, checks[k].allowed, checks[k].nallowed) &&
				    finding(&ls, 0, path, m->line, sc_table_col(t, checks[k].col) + 1,
					    "unknown %s '%s' (want %s)", checks[k].what, item,
					    checks[k].want) < 0)
					goto fail;
		}
		if (*m->text == '\0') {
			if (finding(&ls, 0, path, m->line, textcol + 1, "empty text") < 0)
				goto fail;
			continue;
		}
		sc_error_clear(&ce);
		if (sc_tmpl_compile(m->text, &m->pieces, &m->npieces, &ce) < 0) {
			if (lint) {
				/* every placeholder error of the text */
				struct text_report tr = {&ls, path, m->line, textcol + 1};
				sc_tmpl_lint_compile(m->text, text_problem, &tr);
				continue;
			}
			if (finding(&ls, 0, path, m->line, textcol + 1, "%s (character %ld of text)",
				    ce.text, ce.column) < 0)
				goto fail;
			continue;
		}
		if (lint) {
			struct text_report tr = {&ls, path, m->line, textcol + 1};
			sc_tmpl_lint_text(m, sc_table_get(t, i, "lint"), text_problem, &tr);
		}
		for (k = 0; k < m->npieces; k++)
			if (needs_fallback(m->pieces[k].kind) && !m->pieces[k].has_fallback) {
				char nm[80];
				sc_piece_name(&m->pieces[k], nm, sizeof(nm));
				nm[strlen(nm) - 1] = '\0';
				if (finding(&ls, 0, path, m->line, textcol + 1,
					    "%s} has no fallback, write %s|...} (character %ld of text)",
					    nm, nm, m->pieces[k].offset) < 0)
					goto fail;
			}
		m->emoji_literal = has_emoji_literal(m->pieces, m->npieces);
		if (m->emoji_literal &&
		    finding(&ls, 0, path, m->line, textcol + 1,
			    "emoji outside {emoji:...} (profiles without emoji would get it)") < 0)
			goto fail;
		if (lint && *m->platform) {
			p = m->platform;
			while (*p) {
				char plat[32];
				size_t n = strcspn(p, "|, ");
				long lim, len;

				if (n > 0 && n < sizeof(plat)) {
					memcpy(plat, p, n);
					plat[n] = '\0';
					const char *ch = sc_reply_channel(plat, strcmp(m->kind, "dm") == 0);
					lim = sc_reply_limit(ch);
					len = worst_length(m, ch, NULL, NULL);
					if (lim > 0 && len > lim)
						finding(&ls, 0, path, m->line, textcol + 1,
							"too long for %s: up to %ld of %ld characters",
							plat, len, lim);
				}
				p += n;
				while (*p == '|' || *p == ',' || *p == ' ')
					p++;
			}
		}
		for (p = m->keywords; *p;) {
			size_t n = strcspn(p, "|,");
			if (n > 0) {
				char *raw = sc_xstrndup(p, n);
				char *f = sc_keyword_pattern_new(raw);
				free(raw);
				if (*f == '\0') {
					free(f);
				} else {
					m->kw = sc_xrealloc(m->kw, (m->nkw + 1) * sizeof(char *));
					m->kwc = sc_xrealloc(m->kwc, (m->nkw + 1) * sizeof(*m->kwc));
					m->kwc[m->nkw] = sc_kwpat_new(f);
					m->kw[m->nkw++] = f;
				}
			}
			p += n;
			while (*p == '|' || *p == ',')
				p++;
		}
		for (k = 0; k < r->n; k++)
			if (strcmp(r->v[k].id, m->id) == 0)
				m->variant++;
		m->variant++;
		r->n++;
	}
	*nerr = ls.nerr;
	return r;
fail:
	sc_replies_free(r);
	return NULL;
}

struct sc_replies *
sc_replies_load(const char *path, int lint, sc_lint_cb cb, void *ctx, struct sc_error *e)
{
	long nerr = 0;
	struct sc_replies *r = load(path, lint, cb, ctx, e, &nerr);

	if (r && nerr > 0) {
		sc_error_set(e, SC_EX_CONFIG, path, 0, 0, "%ld problem%s", nerr,
			     nerr == 1 ? "" : "s");
		sc_replies_free(r);
		return NULL;
	}
	return r;
}

long
sc_replies_lint(const char *path, const struct sc_profiles *p, sc_lint_cb cb, void *ctx,
		struct sc_error *e)
{
	long nerr = 0;
	struct sc_replies *r = load(path, 1, cb, ctx, e, &nerr);

	if (r == NULL)
		return -1;
	if (p)
		nerr += sc_replies_lint_profiles(r, p, cb, ctx);
	sc_replies_free(r);
	return nerr;
}

void
sc_replies_free(struct sc_replies *r)
{
	size_t i;

	if (r == NULL)
		return;
	for (i = 0; i < r->table->nrows; i++) {
		size_t k;
		sc_tmpl_pieces_free(r->v[i].pieces, r->v[i].npieces);
		for (k = 0; k < r->v[i].nkw; k++) {
			free(r->v[i].kw[k]);
			sc_kwpat_free(r->v[i].kwc[k]);
		}
		free(r->v[i].kw);
		free(r->v[i].kwc);
	}
	free(r->v);
	sc_table_free(r->table);
	free(r);
}

/* Does the row serve this profile (by its profile and platform cells)? */
static int
serves(const struct sc_tmpl *t, const char *profile, const char *platform)
{
	const char *cells[2] = {t->profile, t->platform};
	const char *vals[2] = {profile, platform};
	int k;

	for (k = 0; k < 2; k++) {
		const char *p = cells[k];
		size_t vl = strlen(vals[k]);
		int hit = *p == '\0';

		while (*p && !hit) {
			size_t n = strcspn(p, "|, ");
			if (n == vl && strncasecmp(p, vals[k], n) == 0)
				hit = 1;
			p += n;
			while (*p == '|' || *p == ',' || *p == ' ')
				p++;
		}
		if (!hit)
			return 0;
	}
	return 1;
}

long
sc_replies_lint_profiles(const struct sc_replies *r, const struct sc_profiles *pr,
			 sc_lint_cb cb, void *ctx)
{
	struct lint_state ls = {1, cb, ctx, 0, NULL};
	const char *path = r->table->path;
	int textcol = sc_table_col(r->table, "text");
	size_t i, j, k;

	for (i = 0; i < r->n; i++) {
		const struct sc_tmpl *t = &r->v[i];

		for (j = 0; j < pr->n; j++) {
			const struct sc_profile *p = &pr->v[j];
			const char *sig = sc_profile_get(pr, p, "signature");
			const char *brand = sc_profile_get(pr, p, "brand_name");
			long lim, len;

			if (!serves(t, p->name, p->platform))
				continue;
			for (k = 0; k < t->npieces; k++) {
				char col[96];
				const struct sc_piece *pc = &t->pieces[k];

				if (pc->kind != SC_PH_LINK || pc->has_fallback)
					continue;
				snprintf(col, sizeof(col), "link_%s", pc->text);
				if (*sc_profile_get(pr, p, col) == '\0')
					finding(&ls, 1, path, t->line, textcol + 1,
						"{link:%s} has no fallback and profile %s has no "
						"column %s (character %ld of text): the template is "
						"passed over for that profile",
						pc->text, p->name, col, pc->offset);
			}
			const char *ch = sc_reply_channel(p->platform, strcmp(t->kind, "dm") == 0);
			lim = sc_reply_limit(ch);
			len = worst_length(t, ch, sig, *brand ? brand : p->name);
			if (lim > 0 && len > lim)
				finding(&ls, 0, path, t->line, textcol + 1,
					"too long for profile %s on %s: up to %ld of %ld characters",
					p->name, p->platform, len, lim);
		}
	}
	return ls.nerr;
}

