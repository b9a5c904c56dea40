/*
 * reply.c - drafting: one customer message in, the same record with a
 * "reply" object out.
 *
 * For each customer message: the language (record, else --lang), the
 * profile's tone (formal/informal, singular/plural voice, emoji,
 * signature, brand name, links), the greeting from the author's name, and
 * sc-triage's fields when present (category, priority, tags, pii, action)
 * decide the template: the first row of replies.csv whose conditions all
 * hold names it, and its variants are the rows with the same id that hold
 * too; one is picked by a hash of the message id, so the choice is stable
 * across runs but differs between messages.
 *
 * Personal data or a matter that needs identity (tags in --private-tags,
 * a row with visibility=private) moves the answer to a private message:
 * the public text is a data-free invitation (template "dm-invite", or the
 * built-in one), the private text carries the answer.  A P1 (crisis)
 * message only takes rows that name P1 and always needs approval.  Then
 * the platform's reply window and length limit are checked; a reply that
 * does not fit is shortened at a sentence boundary or flagged for review.
 */
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "record.h"
#include "reply.h"
#include "reply_journal.h"
#include "schema.h"
#include "text.h"

/* The message's words for keyword rows: folded and split once per
   message, and only for a message that reaches a keyword condition. */
struct sc_reply_words {
	struct sc_text t;
	struct sc_words w;
	int done;
};

static const char *invite_text[4] = {
	/* pl informal */
	"{greeting} {we:zapraszam|zapraszamy} Cię do wiadomości prywatnej – tam "
	"{we:pomogę|pomożemy}, bez podawania danych publicznie. {signature}",
	/* pl formal */
	"{greeting} {we:zapraszam|zapraszamy} do kontaktu w wiadomości prywatnej – tam "
	"{we:pomogę|pomożemy}, bez podawania danych publicznie. {signature}",
	/* en informal */
	"{greeting} please send us a private message and {we:I'll|we'll} help you "
	"there, so your details stay private. {signature}",
	/* en formal */
	"{greeting} please send us a private message and {we:I will|we will} help you "
	"there, so your details stay private. {signature}",
};

void
sc_reply_opts_init(struct sc_reply_opts *o)
{
	memset(o, 0, sizeof(*o));
	o->lang = SC_LANG_PL;
	o->lang_code = "pl";
	o->formal = -1;
	o->now = (int64_t)time(NULL);
	o->private_tags = SC_REPLY_PRIVATE_TAGS;
}

void
sc_reply_state_init(struct sc_reply_state *s)
{
	int i;

	memset(s, 0, sizeof(*s));
	sc_set64_init(&s->private_done);
	sc_buf_init(&s->scratch);
	for (i = 0; i < 4; i++) {
		struct sc_error e;
		/* the built-in texts are constants: compiling them cannot fail
		   (the invitation cases show them); lib never aborts, so a
		   failure would leave an empty invitation, not a dead program */
		if (sc_tmpl_compile(invite_text[i], &s->invite[i], &s->ninvite[i], &e) < 0)
			s->ninvite[i] = 0;
	}
}

void
sc_reply_state_release(struct sc_reply_state *s)
{
	int i;

	sc_set64_release(&s->private_done);
	sc_buf_release(&s->scratch);
	for (i = 0; i < 4; i++)
		sc_tmpl_pieces_free(s->invite[i], s->ninvite[i]);
	free(s->names);
	s->names = NULL;
	free(s->memo);
	s->memo = NULL;
	if (s->kw) {
		sc_text_release(&s->kw->t);
		sc_words_release(&s->kw->w);
		free(s->kw);
		s->kw = NULL;
	}
}

/*
 * Author names recur (the same customers write again and again), and
 * parsing one (folding, page words, diminutives, the vocative) costs more
 * than the rest of drafting: a direct-mapped cache of parsed names, keyed
 * by the exact display name, a pure function's results.
 */
#define NAME_SLOTS 1024
#define NAME_KEY 96
struct sc_name_slot {
	uint64_t h;
	char key[NAME_KEY];
	struct sc_name nm;
};

static void
name_parse(struct sc_reply_state *s, const char *display, struct sc_name *nm)
{
	struct sc_name_slot *e;
	size_t n = display ? strlen(display) : 0;
	uint64_t h;

	if (n == 0 || n >= NAME_KEY) {
		sc_name_parse(display, nm);
		return;
	}
	if (s->names == NULL)
		s->names = sc_xcalloc(NAME_SLOTS, sizeof(*s->names));
	h = sc_hash64(display, n);
	e = &s->names[h & (NAME_SLOTS - 1)];
	if (e->h == h && strcmp(e->key, display) == 0) {
		*nm = e->nm;
		return;
	}
	sc_name_parse(display, nm);
	e->h = h;
	memcpy(e->key, display, n + 1);
	e->nm = *nm;
}

/* ---- reading triage defensively ---- */

/* Is word (case-insensitive) in a list cell "a|b,c d"? */
static int
list_has(const char *cell, const char *word)
{
	size_t wl = strlen(word);
	const char *p = cell;

	while (*p) {
		size_t n = strcspn(p, "|, ");
		/* the first bytes folded as strncasecmp folds letters: a cheap
		   no for most items (equal under it implies equal here) */
		if (n == wl && ((unsigned char)p[0] | 0x20) == ((unsigned char)word[0] | 0x20) &&
		    strncasecmp(p, word, n) == 0)
			return 1;
		p += n;
		while (*p == '|' || *p == ',' || *p == ' ')
			p++;
	}
	return 0;
}

/* Does any of the record's tags (array of strings, or one string) appear
   in the list cell? */
static int
tags_hit(const json_t *tags, const char *cell)
{
	size_t i;
	json_t *v;

	if (json_is_string(tags))
		return list_has(cell, json_string_value(tags));
	if (json_is_array(tags))
		json_array_foreach(tags, i, v)
			if (json_is_string(v) && list_has(cell, json_string_value(v)))
				return 1;
	return 0;
}

/* Any personal data marked: a non-empty array, object or string, or true. */
static int
pii_marked(const json_t *pii)
{
	if (json_is_array(pii))
		return json_array_size(pii) > 0;
	if (json_is_object(pii))
		return json_object_size(pii) > 0;
	if (json_is_string(pii))
		return json_string_value(pii)[0] != '\0' &&
		       strcasecmp(json_string_value(pii), "none") != 0;
	return json_is_true(pii);
}

struct msg {
	const json_t *triage;	/* the record's triage member (borrowed) */
	const char *author_name, *case_id, *agent, *rec_lang;	/* of the record */
	const char *id, *platform, *kind, *profile, *text;
	const char *lang_code;	/* the language answered in (ISO 639-1) */
	const char *msg_lang;	/* triage.lang, else the record's lang */
	const char *category, *priority, *action, *crisis_type;
	const json_t *tags;
	int is_public, pii, crisis, formal, plural, emoji;
	enum sc_reply_lang lang;	/* for the greeting: pl, en (others nameless) */
	struct sc_reply_words *kw;	/* the text's words, folded when first asked */
	const struct sc_profile *prof;
	signed char *memo;	/* row_matches per row: -1 not asked yet */
};

/* The crisis types (triage tags on a P1 message), most urgent first: a
   message tagged both safety and brand-fault is answered as safety. */
static const char *const crisis_types[] = {
	"safety", "legal", "media", "brand-fault", "outage", NULL
};

static const char *
crisis_type(const json_t *tags)
{
	int k;

	for (k = 0; crisis_types[k]; k++)
		if (tags_hit(tags, crisis_types[k]))
			return crisis_types[k];
	return NULL;
}

static const struct sc_words *
msg_words(const struct msg *m)
{
	struct sc_reply_words *kw = m->kw;

	if (!kw->done) {
		const char *text = m->text ? m->text : "";
		sc_text_set(&kw->t, text, strlen(text), NULL);
		sc_words_from_text(&kw->w, &kw->t);
		kw->done = 1;
	}
	return &kw->w;
}

static int
cell_ok(const char *cell, const char *value)
{
	if (*cell == '\0')
		return 1;
	return value != NULL && list_has(cell, value);
}

/*
 * Does the row hold for the message?  Every non-empty condition cell must
 * hold.  A keyword (Q&A) row answers the category it names, and with no
 * category only questions (and messages triage did not categorise): a
 * "refund" keyword written for a returns question never answers a refund
 * complaint or a threat.  A crisis (P1) takes only rows that name P1.
 */
static int
row_matches(const struct sc_tmpl *t, const struct msg *m)
{
	if (!cell_ok(t->lang, m->lang_code) ||
	    !cell_ok(t->platform, m->platform) || !cell_ok(t->kind, m->kind) ||
	    !cell_ok(t->profile, m->profile) || !cell_ok(t->category, m->category) ||
	    !cell_ok(t->formality, m->formal ? "formal" : "informal"))
		return 0;
	if (m->crisis) {
		if (!list_has(t->priority, "P1"))
			return 0;
	} else if (!cell_ok(t->priority, m->priority)) {
		return 0;
	}
	if (*t->tags && !tags_hit(m->tags, t->tags))
		return 0;
	if (*t->keywords && *t->category == '\0' && m->category &&
	    strcmp(m->category, "question") != 0)
		return 0;
	if (t->nkw > 0) {
		size_t k;
		int hit = 0;

		const struct sc_words *w = msg_words(m);

		for (k = 0; k < t->nkw && !hit; k++)
			hit = sc_kwpat_match(t->kwc[k], w);
		if (!hit)
			return 0;
	} else if (*t->keywords) {
		return 0;	/* only separators: matches nothing */
	}
	return 1;
}

/* A row's specificity: how many conditions it states (category, tags,
   keywords, priority, platform, kind, profile, lang, formality). */
static int
specificity(const struct sc_tmpl *t, char *why, size_t cap)
{
	const struct {
		const char *name, *cell;
	} c[] = {
		{"category", t->category}, {"tags", t->tags}, {"keywords", t->keywords},
		{"priority", t->priority}, {"platform", t->platform}, {"kind", t->kind},
		{"profile", t->profile}, {"lang", t->lang}, {"formality", t->formality},
	};
	size_t k, l = 0;
	int n = 0;

	if (why && cap)
		why[0] = '\0';
	for (k = 0; k < sizeof(c) / sizeof(c[0]); k++)
		if (*c[k].cell) {
			n++;
			if (why && l < cap)
				l += (size_t)snprintf(why + l, cap - l, "%s%s", l ? "," : "",
						      c[k].name);
		}
	return n;
}

/* Tidy a filled text: no double spaces, no space before punctuation or at
   the ends of lines (left by placeholders that came out empty). */
static void
tidy(char *s)
{
	char *r = s, *w = s;

	while (*r == ' ')
		r++;
	while (*r) {
		if (*r == ' ') {
			char *q = r;
			while (*q == ' ')
				q++;
			if (*q == '\0' || *q == '\n' || strchr(",.!?:;)", *q)) {
				r = q;
				continue;
			}
			*w++ = ' ';
			r = q;
			continue;
		}
		*w++ = *r++;
	}
	*w = '\0';
}

struct link_ctx {
	const struct sc_profiles *profiles;
	const struct sc_profile *prof;
};

static const char *
profile_link(void *ctx, const char *name)
{
	struct link_ctx *lc = ctx;
	char col[96];
	const char *v;

	if (lc->prof == NULL)
		return NULL;
	snprintf(col, sizeof(col), "link_%s", name);
	v = sc_profile_get(lc->profiles, lc->prof, col);
	return *v ? v : NULL;
}

/* Fill one of the variants, starting at the one the id's hash picks.
   Returns a new string and the row used, or NULL with *missing set. */
static char *
fill_variant(const struct sc_tmpl **cand, size_t n, uint64_t h, const struct sc_fill *f,
	     const struct sc_tmpl **used, char *missing, size_t mcap)
{
	size_t i;

	for (i = 0; i < n; i++) {
		const struct sc_tmpl *t = cand[(h + i) % n];
		const struct sc_piece *miss;
		char *s = sc_tmpl_fill_new(t->pieces, t->npieces, f, &miss);

		if (s) {
			tidy(s);
			*used = t;
			return s;
		}
		if (i == 0)
			sc_piece_name(miss, missing, mcap);
	}
	return NULL;
}

/* Fit text to the channel's limit: shorten at a sentence boundary
   (keeping the signature) when needed.  Returns text itself or a new
   shorter string; *over set when it cannot fit. */
static char *
fit(char *text, const char *channel, long limit, const char *signature, int *shortened,
    int *over)
{
	size_t tl, sl;
	char *body, *s;

	if (limit <= 0 || sc_reply_length(channel, text) <= limit)
		return text;
	tl = strlen(text);
	sl = signature ? strlen(signature) : 0;
	if (sl > 0 && tl > sl && strcmp(text + tl - sl, signature) == 0)
		body = sc_xstrndup(text, tl - sl);
	else {
		body = sc_xstrdup(text);
		signature = NULL;
	}
	tidy(body);
	s = sc_reply_shorten_new(channel, body, signature, limit);
	free(body);
	if (s == NULL) {
		*over = 1;
		return text;
	}
	*shortened = 1;
	free(text);
	return s;
}

static void
skip(json_t *reply, const char *reason)
{
	json_object_set_new(reply, "status", json_string("skipped"));
	json_object_set_new(reply, "reason", json_string(reason));
}

/* ---- the steps of sc_reply_record ---- */

/* What drafting one message works with, beyond struct msg. */
struct draft {
	struct sc_name nm;
	struct sc_fill f;
	struct link_ctx lc;
	char greeting[160], due[64], next[64];
	const char *sig, *brand, *tz, *every;
	json_t *reply;
	uint64_t h;
	int64_t msg_time;
	const struct sc_tmpl *used;
	char *text, *pub;	/* the answer; the public invitation when private */
	int need_private, private_reply;
	const char *wtag, *wreason;
};

/* Step 1b: what triage says (the member, when it is there), and the
   message's derived fields; the same for both readers. */
static void
read_triage(const json_t *triage, struct msg *m, struct draft *d)
{
	m->triage = triage;
	m->category = sc_json_str(triage, "category");
	m->priority = sc_json_str(triage, "priority");
	m->action = sc_json_str(triage, "action");
	m->tags = json_object_get(triage, "tags");
	m->pii = pii_marked(json_object_get(triage, "pii")) ||
		 json_is_true(json_object_get(triage, "private"));
	m->crisis = m->priority && strcasecmp(m->priority, "P1") == 0;
	m->crisis_type = m->crisis ? crisis_type(m->tags) : NULL;
	d->h = sc_hash64(m->id, strlen(m->id));
	m->msg_lang = sc_json_str(triage, "lang");
	if (!sc_reply_lang_code(m->msg_lang))
		m->msg_lang = m->rec_lang;
	if (!sc_reply_lang_code(m->msg_lang))
		m->msg_lang = NULL;
}

/* Step 1: read the record.  Returns 0 when it is not a customer message
   waiting for a reply (passed through untouched), 1 otherwise. */
static int
read_message(json_t *rec, struct msg *m, struct draft *d)
{
	const json_t *author = json_object_get(rec, "author");
	const char *vis;

	memset(m, 0, sizeof(*m));
	m->kind = sc_json_str(rec, "kind");
	if (m->kind == NULL || strcmp(m->kind, "status") == 0 || strcmp(m->kind, "post") == 0 ||
	    json_is_true(json_object_get(author, "is_brand")) ||
	    json_object_get(rec, "reply") != NULL)
		return 0;
	m->id = sc_json_str(rec, "id");
	m->platform = sc_json_str(rec, "platform");
	m->profile = sc_json_str(rec, "profile");
	m->text = sc_json_str(rec, "text");
	vis = sc_json_str(rec, "visibility");
	m->is_public = strcmp(m->kind, "dm") != 0 && !(vis && strcmp(vis, "private") == 0);
	sc_time_parse(sc_json_str(rec, "created_at"), &d->msg_time);
	m->rec_lang = sc_json_str(rec, "lang");
	m->author_name = sc_json_str(author, "name");
	m->case_id = sc_json_str(rec, "case");
	m->agent = sc_json_str(rec, "agent");
	read_triage(json_object_get(rec, "triage"), m, d);
	return 1;
}

/*
 * The same from the record layer's spans (a record sc_reply_passes let
 * through): the strings decoded into the state's scratch buffer, sized
 * once so the pointers stay put, and only the triage member, when there
 * is one, built as a json_t (*triage: the caller releases it).
 */
static void
read_message_spans(struct sc_reply_state *s, const struct sc_record *r, struct msg *m,
		   struct draft *d, json_t **triage)
{
	static const int slots[] = {SC_R_KIND, SC_R_ID, SC_R_PLATFORM, SC_R_PROFILE, SC_R_TEXT,
				    SC_R_VISIBILITY, SC_R_CREATED, SC_R_LANG, SC_R_AUTHOR_NAME,
				    SC_R_CASE, SC_R_AGENT};
	const char *v[sizeof(slots) / sizeof(slots[0])];
	size_t k, need = 0;

	memset(m, 0, sizeof(*m));
	for (k = 0; k < sizeof(slots) / sizeof(slots[0]); k++)
		if (r->f[slots[k]].type == SC_JSTRING)
			need += r->f[slots[k]].len + 1;
	sc_buf_reset(&s->scratch);
	sc_buf_grow(&s->scratch, need);
	for (k = 0; k < sizeof(slots) / sizeof(slots[0]); k++) {
		const struct sc_span *sp = &r->f[slots[k]];
		char *o;

		v[k] = NULL;
		if (sp->type != SC_JSTRING ||
		    (slots[k] == SC_R_AUTHOR_NAME && r->f[SC_R_AUTHOR].type != SC_JOBJECT))
			continue;
		o = s->scratch.data + s->scratch.len;
		s->scratch.len += sc_span_decode(sp, o);
		s->scratch.data[s->scratch.len++] = '\0';
		v[k] = o;
	}
	m->kind = v[0];
	m->id = v[1];
	m->platform = v[2];
	m->profile = v[3];
	m->text = v[4];
	m->is_public = strcmp(m->kind, "dm") != 0 && !(v[5] && strcmp(v[5], "private") == 0);
	sc_time_parse(v[6], &d->msg_time);
	m->rec_lang = v[7];
	m->author_name = v[8];
	m->case_id = v[9];
	m->agent = v[10];
	*triage = r->f[SC_R_TRIAGE].type != SC_JNONE ? sc_span_dom(&r->f[SC_R_TRIAGE]) : NULL;
	read_triage(*triage, m, d);
}

/* Does any row of replies.csv name the language? */
static int
have_lang(const struct sc_replies *r, const char *code)
{
	size_t i;

	for (i = 0; i < r->n; i++)
		if (list_has(r->v[i].lang, code))
			return 1;
	return 0;
}

/*
 * Step 2: the language to answer in: the message's (triage.lang, else the
 * record's lang) when replies.csv has rows in it, else the profile's lang
 * when it has those, else (neither known) -l.  A replies.csv whose rows
 * name no language answers in any.  Returns NULL with why set when no
 * language fits.
 */
static const char *
answer_lang(const struct sc_reply_opts *o, const struct msg *m, char *why, size_t cap)
{
	const char *pl = m->prof ? sc_profile_get(o->profiles, m->prof, "lang") : NULL;
	const char *def = o->lang_code ? o->lang_code : o->lang == SC_LANG_EN ? "en" : "pl";
	size_t i;
	int any = 0;

	if (!sc_reply_lang_code(pl))
		pl = NULL;
	for (i = 0; i < o->replies->n && !any; i++)
		any = *o->replies->v[i].lang != '\0';
	if (!any)
		return m->msg_lang ? m->msg_lang : pl ? pl : def;
	if (m->msg_lang && have_lang(o->replies, m->msg_lang))
		return m->msg_lang;
	if (pl && have_lang(o->replies, pl))
		return pl;
	if (!m->msg_lang && !pl)
		return def;
	snprintf(why, cap, "no templates in %s%s%s%s%s", m->msg_lang ? m->msg_lang : "",
		 m->msg_lang ? " (the message's language)" : "", m->msg_lang && pl ? " or " : "",
		 pl ? pl : "", pl ? " (the profile's)" : "");
	return NULL;
}

/* The nameless greeting in a language that has no name rules here. */
static const char *
plain_greeting(const char *lang, int formal)
{
	static const struct {
		const char *lang, *informal, *formal;
	} g[] = {
		{"de", "Hallo,", "Guten Tag,"}, {"uk", "Вітаємо,", "Добрий день,"},
		{"ru", "Здравствуйте,", "Здравствуйте,"}, {"cs", "Ahoj,", "Dobrý den,"},
		{"sk", "Ahoj,", "Dobrý deň,"}, {"fr", "Bonjour,", "Bonjour,"},
		{"es", "Hola,", "Buenos días,"}, {"it", "Ciao,", "Buongiorno,"},
		{"nl", "Hoi,", "Goedendag,"}, {"lt", "Labas,", "Laba diena,"},
	};
	size_t k;

	for (k = 0; k < sizeof(g) / sizeof(g[0]); k++)
		if (strcmp(g[k].lang, lang) == 0)
			return formal ? g[k].formal : g[k].informal;
	return "";
}

void
sc_reply_greeting(const struct sc_name *n, const char *lang, int formal, char *out, size_t cap)
{
	if (strcmp(lang, "pl") == 0 || strcmp(lang, "en") == 0)
		sc_name_greeting(n, strcmp(lang, "pl") == 0 ? SC_LANG_PL : SC_LANG_EN, formal, out,
				 cap);
	else
		snprintf(out, cap, "%s", plain_greeting(lang, formal));
}

/* Step 3: the profile's tone (which rows hold depends on it). */
static void
tone(const struct sc_reply_opts *o, struct msg *m, struct draft *d)
{
	const struct sc_profiles *pr = o->profiles;
	const char *tone = "", *voice = "", *emo = "", *tz = SC_DEFAULT_TZ, *every = "";

	if (m->prof) {
		tone = sc_profile_get(pr, m->prof, "tone");
		voice = sc_profile_get(pr, m->prof, "voice");
		emo = sc_profile_get(pr, m->prof, "emoji");
		d->sig = sc_profile_get(pr, m->prof, "signature");
		d->brand = sc_profile_get(pr, m->prof, "brand_name");
		if (*d->brand == '\0')
			d->brand = NULL;
		if (*sc_profile_get(pr, m->prof, "tz"))
			tz = sc_profile_get(pr, m->prof, "tz");
		every = sc_profile_get(pr, m->prof, "update_every");
	}
	m->formal = o->formal >= 0 ? o->formal : strcasecmp(tone, "formal") == 0;
	m->plural = strcasecmp(voice, "singular") != 0;
	m->emoji = strcasecmp(emo, "yes") == 0 || strcasecmp(emo, "true") == 0;
	d->tz = tz;
	d->every = every;
}

/* Step 5a: the values a template is filled with (the greeting from the
   author's name, time frames), once rows hold. */
static void
fill_values(const struct sc_reply_opts *o, struct sc_reply_state *s, const struct msg *m,
	    struct draft *d)
{
	const struct sc_profiles *pr = o->profiles;
	const char *tz = d->tz, *every = d->every;
	const json_t *triage = m->triage;
	int64_t due, step, next;

	name_parse(s, m->author_name, &d->nm);
	sc_reply_greeting(&d->nm, m->lang_code, m->formal, d->greeting, sizeof(d->greeting));

	memset(&d->f, 0, sizeof(d->f));
	d->f.greeting = d->greeting;
	d->f.first_name = d->nm.first_name[0] ? d->nm.first_name : NULL;
	d->f.signature = d->sig;
	d->f.profile = m->profile;
	d->f.brand = d->brand;
	d->f.case_id = m->case_id;
	if (d->f.case_id == NULL)
		d->f.case_id = sc_json_str(triage, "case");
	d->f.agent = m->agent;
	d->f.plural = m->plural;
	d->f.gender = d->nm.known ? d->nm.gender : 0;
	d->f.emoji = m->emoji;
	d->lc.profiles = pr;
	d->lc.prof = m->prof;
	d->f.link = profile_link;
	d->f.link_ctx = &d->lc;
	/* time frames: triage's due_at; the next update after update_every
	   (default 1h), on the quarter hour */
	if (sc_time_parse(sc_json_str(triage, "due_at"), &due) == 0 &&
	    sc_reply_deadline(due, o->now, tz, m->lang_code, d->due, sizeof(d->due)) == 0)
		d->f.due_at = d->due;
	step = *every ? sc_duration_parse(every) : 3600;
	if (step <= 0)
		step = 3600;
	next = (o->now + step + 899) / 900 * 900;
	if (sc_reply_deadline(next, o->now, tz, m->lang_code, d->next, sizeof(d->next)) == 0)
		d->f.next_update = d->next;
}

/* Step 4: messages that get no draft at all.  Returns the reason, or NULL. */
static const char *
no_draft_reason(const struct msg *m, char *why, size_t cap)
{
	if (m->category && (strcmp(m->category, "spam") == 0 || strcmp(m->category, "hate") == 0)) {
		snprintf(why, cap, "category %s: no reply is drafted", m->category);
		return why;
	}
	if (m->action && (strcmp(m->action, "hide") == 0 || strcmp(m->action, "delete") == 0 ||
			  strcmp(m->action, "ignore") == 0)) {
		snprintf(why, cap, "triage action is %s", m->action);
		return why;
	}
	return NULL;
}

/* A matching row and its specificity, for the choice. */
struct scored {
	const struct sc_tmpl *t;
	int score;
};

static int
by_score(const void *a, const void *b)
{
	const struct scored *x = a, *y = b;

	if (x->score != y->score)
		return y->score - x->score;
	return x->t < y->t ? -1 : x->t > y->t;	/* file order */
}

/* row_matches for row i, asked once per message. */
static int
row_holds(const struct sc_replies *r, size_t i, const struct msg *m)
{
	if (m->memo == NULL)
		return row_matches(&r->v[i], m);
	if (m->memo[i] < 0)
		m->memo[i] = (signed char)row_matches(&r->v[i], m);
	return m->memo[i];
}

/* The rows with this id that match, in file order; a new array. */
static const struct sc_tmpl **
variants(const struct sc_replies *r, const char *id, const struct msg *m, size_t *n)
{
	const struct sc_tmpl **v = sc_xcalloc(r->n + 1, sizeof(*v));
	size_t i;

	*n = 0;
	for (i = 0; i < r->n; i++)
		if (strcmp(r->v[i].id, id) == 0 && row_holds(r, i, m))
			v[(*n)++] = &r->v[i];
	return v;
}

static json_t *
row_ref(const struct sc_reply_opts *o, const struct scored *sc)
{
	char rule[300], conds[200];

	snprintf(rule, sizeof(rule), "%s:%ld", o->replies_name, sc->t->line);
	specificity(sc->t, conds, sizeof(conds));
	return json_pack("{s:s,s:s,s:i,s:s}", "template", sc->t->id, "rule", rule,
			 "specificity", sc->score, "conditions", conds);
}

/*
 * Step 5: the template.  Every matching row is scored by its specificity;
 * the most specific wins, ties keep file order.  Its id's matching rows
 * are the variants; when none can be filled (a {link:NAME} the profile
 * does not define), the template is passed over with the reason and the
 * next id is tried.  reply.choice says why and which came close.
 * Returns 0, or -1 when skipped.
 */
static int
choose_template(const struct sc_reply_opts *o, struct sc_reply_state *s, const struct msg *m,
		struct draft *d)
{
	struct scored *v = sc_xcalloc(o->replies->n + 1, sizeof(*v));
	json_t *choice = json_object(), *close = json_array(), *over = json_array();
	char missing[96], rule[300], why[400];
	size_t i, n = 0, won = 0;

	for (i = 0; i < o->replies->n; i++)
		if (!(o->replies->v[i].id[0] == 'd' && strcmp(o->replies->v[i].id, "dm-invite") == 0) &&
		    row_holds(o->replies, i, m)) {
			v[n].t = &o->replies->v[i];
			v[n++].score = specificity(&o->replies->v[i], NULL, 0);
		}
	qsort(v, n, sizeof(*v), by_score);
	if (n > 0)	/* the values to fill with, only for a message that has rows */
		fill_values(o, s, m, d);
	for (i = 0; i < n && d->text == NULL; i++) {
		const struct sc_tmpl **cand;
		size_t k, ncand;
		int seen = 0;

		for (k = 0; k < i && !seen; k++)
			seen = strcmp(v[k].t->id, v[i].t->id) == 0;
		if (seen)
			continue;
		cand = variants(o->replies, v[i].t->id, m, &ncand);
		d->text = fill_variant(cand, ncand, d->h, &d->f, &d->used, missing,
				       sizeof(missing));
		free(cand);
		if (d->text == NULL) {
			snprintf(why, sizeof(why), "%s (%s:%ld): no value for %s", v[i].t->id,
				 o->replies_name, v[i].t->line, missing);
			json_array_append_new(over, json_string(why));
		} else {
			won = i;
		}
	}
	if (d->text) {
		json_object_set_new(choice, "won", row_ref(o, &v[won]));
		for (i = 0; i < n && json_array_size(close) < 2; i++) {
			size_t k;
			int dup = strcmp(v[i].t->id, v[won].t->id) == 0;

			for (k = 0; k < i && !dup; k++)
				dup = strcmp(v[k].t->id, v[i].t->id) == 0;
			if (!dup)
				json_array_append_new(close, row_ref(o, &v[i]));
		}
	}
	if (json_array_size(close))
		json_object_set_new(choice, "close", close);
	else
		json_decref(close);
	if (json_array_size(over))
		json_object_set_new(choice, "passed_over", over);
	else
		json_decref(over);
	free(v);
	if (d->text == NULL) {
		if (json_object_size(choice))
			json_object_set_new(d->reply, "choice", choice);
		else
			json_decref(choice);
		if (n == 0)
			skip(d->reply, m->crisis ? "crisis (P1) and no template for P1 matches"
						 : "no template matches");
		else
			skip(d->reply, "every matching template needs a value the message or "
				       "profile does not have (see choice.passed_over)");
		return -1;
	}
	json_object_set_new(d->reply, "template", json_string(d->used->id));
	json_object_set_new(d->reply, "variant", json_integer(d->used->variant));
	snprintf(rule, sizeof(rule), "%s:%ld", o->replies_name, d->used->line);
	json_object_set_new(d->reply, "rule", json_string(rule));
	json_object_set_new(d->reply, "lang", json_string(m->lang_code));
	json_object_set_new(d->reply, "formality",
			    json_string(m->formal ? "formal" : "informal"));
	json_object_set_new(d->reply, "greeting", json_string(d->greeting));
	if (m->crisis)
		json_object_set_new(d->reply, "crisis",
				    json_string(m->crisis_type ? m->crisis_type : "unspecified"));
	json_object_set_new(d->reply, "choice", choice);
	return 0;
}

/* Step 6: public or private.  Personal data, a private row or a category
   in --private-tags move the answer to a private message; the public text
   becomes a data-free invitation. */
static void
public_or_private(const struct sc_reply_opts *o, struct sc_reply_state *s,
		  const struct msg *m, struct draft *d)
{
	const struct sc_tmpl *inv = NULL, **icand;
	char missing[96];
	size_t ni;
	int k;

	if (m->is_public) {
		if (m->pii)
			d->need_private = 1;
		if (*d->used->visibility && strcasecmp(d->used->visibility, "private") == 0)
			d->need_private = 1;
		if (o->private_tags && *o->private_tags &&
		    ((m->category && list_has(o->private_tags, m->category)) ||
		     tags_hit(m->tags, o->private_tags)))
			d->need_private = 1;
	}
	if (!d->need_private) {
		json_object_set_new(d->reply, "visibility",
				    json_string(m->is_public ? "public" : "private"));
		return;
	}
	icand = variants(o->replies, "dm-invite", m, &ni);
	if (ni > 0)
		d->pub = fill_variant(icand, ni, d->h, &d->f, &inv, missing, sizeof(missing));
	free(icand);
	if (d->pub == NULL) {
		const struct sc_piece *miss;

		k = (m->lang == SC_LANG_EN ? 2 : 0) + (m->formal ? 1 : 0);
		d->pub = sc_tmpl_fill_new(s->invite[k], s->ninvite[k], &d->f, &miss);
		tidy(d->pub);
	}
	d->private_reply = strcmp(m->platform, "facebook") == 0 ||
			   strcmp(m->platform, "instagram") == 0;
	json_object_set_new(d->reply, "visibility", json_string("private"));
	json_object_set_new(d->reply, "private_via",
			    json_string(d->private_reply ? "private_reply" : "customer_dm"));
}

/* Step 7: the platform's reply window for private messages, and the
   once-per-comment rule for private replies.  Returns 0, or -1 when
   skipped. */
static int
check_window(const struct sc_reply_opts *o, struct sc_reply_state *s, const struct msg *m,
	     struct draft *d)
{
	uint64_t *val;

	if (m->is_public && !d->private_reply)
		return 0;
	if (sc_reply_window(m->platform, m->is_public ? "private_reply" : "dm", d->msg_time,
			    o->now, 0, &d->wtag, &d->wreason) < 0 && d->wtag == NULL) {
		skip(d->reply, d->wreason);
		return -1;
	}
	if (d->private_reply && !sc_set64_put(&s->private_done, d->h, &val)) {
		skip(d->reply, "a private reply to this comment was already drafted "
			       "(allowed once per comment)");
		return -1;
	}
	return 0;
}

/* Step 8: length limits (shortening at a sentence boundary), approval. */
static void
limits_and_approval(const struct msg *m, struct draft *d)
{
	const char *channel = sc_reply_channel(m->platform, d->need_private || !m->is_public);
	long limit = sc_reply_limit(channel);
	int shortened = 0, over = 0, po_channel = 0;
	char why[400];

	d->text = fit(d->text, channel, limit, d->sig, &shortened, &over);
	if (d->pub) {
		long pl = sc_reply_limit(m->platform);
		int ps = 0, po = 0;

		d->pub = fit(d->pub, m->platform, pl, d->sig, &ps, &po);
		shortened |= ps;
		if (po && !over)
			po_channel = 1;
		over |= po;
		json_object_set_new(d->reply, "public_text", json_string(d->pub));
		json_object_set_new(d->reply, "private_text", json_string(d->text));
	}
	json_object_set_new(d->reply, "text", json_string(d->text));
	json_object_set_new(d->reply, "channel", json_string(channel));
	json_object_set_new(d->reply, "length", json_integer(sc_reply_length(channel, d->text)));
	if (limit > 0)
		json_object_set_new(d->reply, "limit", json_integer(limit));
	if (shortened)
		json_object_set_new(d->reply, "shortened", json_true());
	if (over) {
		json_object_set_new(d->reply, "needs_review", json_true());
		snprintf(why, sizeof(why), "too long for %s and no sentence boundary fits",
			 po_channel ? m->platform : channel);
		json_object_set_new(d->reply, "review", json_string(why));
	}
	if (m->crisis) {
		snprintf(why, sizeof(why), "crisis (P1, %s): a human must approve it",
			 m->crisis_type ? m->crisis_type : "type unknown: no crisis tag");
		json_object_set_new(d->reply, "needs_approval", json_true());
		json_object_set_new(d->reply, "approval", json_string(why));
	} else if (d->wtag) {
		json_object_set_new(d->reply, "needs_approval", json_true());
		json_object_set_new(d->reply, "approval", json_string(d->wreason));
	}
	if (d->wtag)
		json_object_set_new(d->reply, "message_tag", json_string(d->wtag));
}

/* Step 9: the journal entry for the decision. */
static int
journal_decision(const struct sc_reply_opts *o, const struct msg *m, json_t *reply,
		 struct sc_error *e)
{
	json_t *j = json_object(), *v;
	char at[32];
	int rc;

	sc_time_format(o->now, at);
	json_object_set_new(j, "at", json_string(at));
	json_object_set_new(j, "actor", json_string("sc-reply"));
	v = json_object_get(reply, "rule");
	json_object_set_new(j, "rule", v ? json_incref(v) : json_string("built-in"));
	v = json_object_get(reply, "status");
	json_object_set_new(j, "action", json_string(strcmp(json_string_value(v), "draft") == 0
						     ? "draft" : "skip"));
	json_object_set_new(j, "target", json_string(m->id));
	json_object_set_new(j, "platform", json_string(m->platform ? m->platform : ""));
	if (m->profile)
		json_object_set_new(j, "profile", json_string(m->profile));
	json_object_set(j, "reply", reply);
	json_object_set_new(j, "original_text", json_string(m->text ? m->text : ""));
	rc = sc_journal_append(o->journal, j, 0, e);
	json_decref(j);
	return rc;
}

json_t *
sc_reply_pick(struct sc_record *r)
{
	return sc_record_pick(r, SC_R_BIT(SC_R_KIND) | SC_R_BIT(SC_R_ID) | SC_R_BIT(SC_R_PLATFORM) |
				 SC_R_BIT(SC_R_PROFILE) | SC_R_BIT(SC_R_TEXT) |
				 SC_R_BIT(SC_R_VISIBILITY) | SC_R_BIT(SC_R_CREATED) |
				 SC_R_BIT(SC_R_LANG) | SC_R_BIT(SC_R_CASE) | SC_R_BIT(SC_R_AGENT) |
				 SC_R_BIT(SC_R_AUTHOR) | SC_R_BIT(SC_R_TRIAGE) |
				 SC_R_BIT(SC_R_REPLY));
}

int
sc_reply_passes(struct sc_reply_state *s, const struct sc_record *r)
{
	const struct sc_span *kind = &r->f[SC_R_KIND];

	if (r->nmembers < 0)
		return 0;
	/* read_message's first test, from the spans */
	if (kind->type != SC_JSTRING || sc_span_eq(kind, "status") || sc_span_eq(kind, "post") ||
	    (r->f[SC_R_AUTHOR].type == SC_JOBJECT && r->f[SC_R_AUTHOR_BRAND].type == SC_JTRUE) ||
	    r->f[SC_R_REPLY].type != SC_JNONE) {
		s->passed++;
		return 1;
	}
	return 0;
}

/* Steps 2-9 for a message read by read_message or read_message_spans:
   the reply object in d->reply. */
static int
draft(const struct sc_reply_opts *o, struct sc_reply_state *s, struct msg *m, struct draft *d,
      struct sc_error *e)
{
	char why[400];
	const char *reason;
	int rc = 0;

	d->reply = json_object();
	json_object_set_new(d->reply, "status", json_string("draft"));
	m->prof = o->profiles && m->profile ? sc_profiles_find(o->profiles, m->profile) : NULL;
	if ((reason = no_draft_reason(m, why, sizeof(why))) != NULL) {
		skip(d->reply, reason);
	} else if ((m->lang_code = answer_lang(o, m, why, sizeof(why))) == NULL) {
		skip(d->reply, why);
	} else {
		/* greetings by name in pl and en; the built-in invitation is
		   Polish for pl and English for every other language */
		m->lang = strcmp(m->lang_code, "pl") == 0 ? SC_LANG_PL : SC_LANG_EN;
		tone(o, m, d);
		if (s->kw == NULL) {
			s->kw = sc_xcalloc(1, sizeof(*s->kw));
			sc_text_init(&s->kw->t);
		}
		s->kw->done = 0;
		m->kw = s->kw;
		if (s->nmemo < o->replies->n) {
			s->memo = sc_xrealloc(s->memo, o->replies->n);
			s->nmemo = o->replies->n;
		}
		memset(s->memo, -1, o->replies->n);
		m->memo = s->memo;
		if (choose_template(o, s, m, d) == 0) {
			public_or_private(o, s, m, d);
			if (check_window(o, s, m, d) == 0)
				limits_and_approval(m, d);
		}
	}
	if (strcmp(json_string_value(json_object_get(d->reply, "status")), "skipped") == 0)
		s->skipped++;
	else
		s->drafted++;
	if (o->journal)
		rc = journal_decision(o, m, d->reply, e);
	free(d->text);
	free(d->pub);
	return rc;
}

int
sc_reply_record(const struct sc_reply_opts *o, struct sc_reply_state *s, json_t *rec,
		struct sc_error *e)
{
	struct msg m;
	struct draft d;
	int rc;

	memset(&d, 0, sizeof(d));
	if (!read_message(rec, &m, &d)) {
		s->passed++;
		return 0;
	}
	rc = draft(o, s, &m, &d, e);
	json_object_set_new(rec, "reply", d.reply);
	return rc;
}

json_t *
sc_reply_record_spans(const struct sc_reply_opts *o, struct sc_reply_state *s,
		      const struct sc_record *r, struct sc_error *e, int *rc)
{
	struct msg m;
	struct draft d;
	json_t *triage;

	memset(&d, 0, sizeof(d));
	read_message_spans(s, r, &m, &d, &triage);
	*rc = draft(o, s, &m, &d, e);
	json_decref(triage);
	return d.reply;
}
