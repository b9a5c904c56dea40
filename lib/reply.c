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

#include "reply.h"
#include "reply_journal.h"

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
sc_reply_state_init(struct sc_reply_state *s)
{
	int i;

	memset(s, 0, sizeof(*s));
	sc_set64_init(&s->private_done);
	for (i = 0; i < 4; i++) {
		struct sc_error e;
		/* the built-in texts are constants: compiling them cannot fail */
		if (sc_tmpl_compile(invite_text[i], &s->invite[i], &s->ninvite[i], &e) < 0)
			abort();
	}
}

void
sc_reply_state_release(struct sc_reply_state *s)
{
	int i;

	sc_set64_release(&s->private_done);
	for (i = 0; i < 4; i++)
		sc_tmpl_pieces_free(s->invite[i], s->ninvite[i]);
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
		if (n == wl && strncasecmp(p, word, n) == 0)
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
	const json_t *rec;
	const char *id, *platform, *kind, *profile, *text, *lang_code;
	const char *category, *priority, *action;
	const json_t *tags;
	int is_public, pii, crisis, formal, plural, emoji;
	enum sc_reply_lang lang;
	const char *folded;
	const struct sc_profile *prof;
};

static int
cell_ok(const char *cell, const char *value)
{
	if (*cell == '\0')
		return 1;
	return value != NULL && list_has(cell, value);
}

static int
row_matches(const struct sc_tmpl *t, const struct msg *m)
{
	if (!cell_ok(t->lang, m->lang == SC_LANG_EN ? "en" : "pl") ||
	    !cell_ok(t->platform, m->platform) || !cell_ok(t->kind, m->kind) ||
	    !cell_ok(t->profile, m->profile) || !cell_ok(t->category, m->category) ||
	    !cell_ok(t->formality, m->formal ? "formal" : "informal"))
		return 0;
	if (m->crisis) {
		/* a crisis takes only the rows written for it */
		if (!list_has(t->priority, "P1"))
			return 0;
	} else if (!cell_ok(t->priority, m->priority)) {
		return 0;
	}
	if (*t->tags && !tags_hit(m->tags, t->tags))
		return 0;
	if (t->nkw > 0) {
		size_t k;
		int hit = 0;

		for (k = 0; k < t->nkw && !hit; k++)
			hit = sc_keyword_match_folded(t->kw[k], m->folded);
		if (!hit)
			return 0;
	} else if (*t->keywords) {
		return 0;	/* only separators: matches nothing */
	}
	return 1;
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

int
sc_reply_record(const struct sc_reply_opts *o, struct sc_reply_state *s, json_t *rec,
		struct sc_error *e)
{
	struct msg m;
	struct sc_name nm;
	struct sc_fill f;
	struct link_ctx lc;
	json_t *reply, *author, *triage;
	const struct sc_tmpl **cand = NULL;
	const struct sc_tmpl *first = NULL, *used = NULL;
	char greeting[160], missing[96], rule[300], why[400];
	const char *sig = NULL, *brand = NULL, *tone, *voice, *emo, *name;
	char *text = NULL, *pub = NULL;
	size_t i, ncand = 0;
	int need_private = 0, private_reply = 0, shortened = 0, over = 0, rc = 0;
	int64_t msg_time = 0;
	uint64_t h;
	const char *wtag = NULL, *wreason = NULL, *channel;
	long limit = 0;
	int po_channel = 0;

	memset(&m, 0, sizeof(m));
	m.rec = rec;
	m.kind = sc_json_str(rec, "kind");
	author = json_object_get(rec, "author");
	if (m.kind == NULL || strcmp(m.kind, "status") == 0 || strcmp(m.kind, "post") == 0 ||
	    json_is_true(json_object_get(author, "is_brand")) ||
	    json_object_get(rec, "reply") != NULL) {
		s->passed++;
		return 0;
	}
	m.id = sc_json_str(rec, "id");
	m.platform = sc_json_str(rec, "platform");
	m.profile = sc_json_str(rec, "profile");
	m.text = sc_json_str(rec, "text");
	triage = json_object_get(rec, "triage");
	m.category = sc_json_str(triage, "category");
	m.priority = sc_json_str(triage, "priority");
	m.action = sc_json_str(triage, "action");
	m.tags = json_object_get(triage, "tags");
	m.pii = pii_marked(json_object_get(triage, "pii"));
	m.crisis = m.priority && strcasecmp(m.priority, "P1") == 0;
	m.is_public = strcmp(m.kind, "dm") != 0 &&
		      !(sc_json_str(rec, "visibility") &&
			strcmp(sc_json_str(rec, "visibility"), "private") == 0);
	sc_time_parse(sc_json_str(rec, "created_at"), &msg_time);
	reply = json_object();
	h = sc_hash64(m.id, strlen(m.id));

	/* language */
	m.lang_code = sc_json_str(rec, "lang");
	m.lang = o->lang;
	if (m.lang_code && strcmp(m.lang_code, "pl") == 0)
		m.lang = SC_LANG_PL;
	else if (m.lang_code && strcmp(m.lang_code, "en") == 0)
		m.lang = SC_LANG_EN;

	/* profile tone */
	m.prof = o->profiles && m.profile ? sc_profiles_find(o->profiles, m.profile) : NULL;
	tone = m.prof ? sc_profile_get(o->profiles, m.prof, "tone") : "";
	voice = m.prof ? sc_profile_get(o->profiles, m.prof, "voice") : "";
	emo = m.prof ? sc_profile_get(o->profiles, m.prof, "emoji") : "";
	m.formal = o->formal >= 0 ? o->formal : strcasecmp(tone, "formal") == 0;
	m.plural = strcasecmp(voice, "singular") != 0;
	m.emoji = strcasecmp(emo, "yes") == 0 || strcasecmp(emo, "true") == 0;
	if (m.prof) {
		sig = sc_profile_get(o->profiles, m.prof, "signature");
		brand = sc_profile_get(o->profiles, m.prof, "brand_name");
		if (*brand == '\0')
			brand = NULL;
	}

	name = sc_json_str(author, "name");
	sc_name_parse(name, &nm);
	sc_name_greeting(&nm, m.lang, m.formal, greeting, sizeof(greeting));

	memset(&f, 0, sizeof(f));
	f.greeting = greeting;
	f.first_name = nm.first_name[0] ? nm.first_name : NULL;
	f.signature = sig;
	f.profile = m.profile;
	f.brand = brand;
	f.case_id = sc_json_str(rec, "case");
	if (f.case_id == NULL)
		f.case_id = sc_json_str(triage, "case");
	f.agent = sc_json_str(rec, "agent");
	f.plural = m.plural;
	f.gender = nm.known ? nm.gender : 0;
	f.emoji = m.emoji;
	lc.profiles = o->profiles;
	lc.prof = m.prof;
	f.link = profile_link;
	f.link_ctx = &lc;

	json_object_set_new(reply, "status", json_string("draft"));
	if (m.lang_code && strcmp(m.lang_code, "pl") != 0 && strcmp(m.lang_code, "en") != 0) {
		snprintf(why, sizeof(why), "language '%s' has no templates (pl and en only)",
			 m.lang_code);
		skip(reply, why);
		goto done;
	}
	if (m.action && (strcmp(m.action, "hide") == 0 || strcmp(m.action, "delete") == 0 ||
			 strcmp(m.action, "ignore") == 0)) {
		snprintf(why, sizeof(why), "triage action is %s", m.action);
		skip(reply, why);
		goto done;
	}

	/* the template: the first row that matches names it */
	m.folded = sc_keyword_fold_new(m.text ? m.text : "");
	for (i = 0; i < o->replies->n && first == NULL; i++)
		if (strcmp(o->replies->v[i].id, "dm-invite") != 0 &&
		    row_matches(&o->replies->v[i], &m))
			first = &o->replies->v[i];
	if (first == NULL) {
		skip(reply, m.crisis ? "crisis (P1) and no template for P1 matches"
				     : "no template matches");
		goto done;
	}
	cand = sc_xcalloc(o->replies->n, sizeof(*cand));
	for (i = 0; i < o->replies->n; i++)
		if (strcmp(o->replies->v[i].id, first->id) == 0 &&
		    row_matches(&o->replies->v[i], &m))
			cand[ncand++] = &o->replies->v[i];
	text = fill_variant(cand, ncand, h, &f, &used, missing, sizeof(missing));
	json_object_set_new(reply, "template", json_string(first->id));
	if (text == NULL) {
		snprintf(why, sizeof(why), "unresolved placeholder %s in every variant", missing);
		skip(reply, why);
		goto done;
	}
	json_object_set_new(reply, "variant", json_integer(used->variant));
	snprintf(rule, sizeof(rule), "%s:%ld", o->replies_name, used->line);
	json_object_set_new(reply, "rule", json_string(rule));
	json_object_set_new(reply, "lang", json_string(m.lang == SC_LANG_EN ? "en" : "pl"));
	json_object_set_new(reply, "formality", json_string(m.formal ? "formal" : "informal"));
	json_object_set_new(reply, "greeting", json_string(greeting));

	/* public or private */
	if (m.is_public) {
		if (m.pii || json_is_true(json_object_get(triage, "private")))
			need_private = 1;
		if (*used->visibility && strcasecmp(used->visibility, "private") == 0)
			need_private = 1;
		if (o->private_tags && *o->private_tags &&
		    ((m.category && list_has(o->private_tags, m.category)) ||
		     tags_hit(m.tags, o->private_tags)))
			need_private = 1;
	}
	if (need_private) {
		const struct sc_tmpl *inv = NULL, **icand = NULL;
		size_t ni = 0;
		int k = (m.lang == SC_LANG_EN ? 2 : 0) + (m.formal ? 1 : 0);

		icand = sc_xcalloc(o->replies->n + 1, sizeof(*icand));
		for (i = 0; i < o->replies->n; i++)
			if (strcmp(o->replies->v[i].id, "dm-invite") == 0 &&
			    row_matches(&o->replies->v[i], &m))
				icand[ni++] = &o->replies->v[i];
		if (ni > 0)
			pub = fill_variant(icand, ni, h, &f, &inv, missing, sizeof(missing));
		free(icand);
		if (pub == NULL) {
			const struct sc_piece *miss;
			pub = sc_tmpl_fill_new(s->invite[k], s->ninvite[k], &f, &miss);
			tidy(pub);
		}
		private_reply = strcmp(m.platform, "facebook") == 0 ||
				strcmp(m.platform, "instagram") == 0;
		json_object_set_new(reply, "visibility", json_string("private"));
		json_object_set_new(reply, "private_via",
				    json_string(private_reply ? "private_reply" : "customer_dm"));
	} else {
		json_object_set_new(reply, "visibility",
				    json_string(m.is_public ? "public" : "private"));
	}

	/* reply windows */
	if (!m.is_public || private_reply) {
		uint64_t *val;
		if (sc_reply_window(m.platform, m.is_public ? "private_reply" : "dm", msg_time,
				    o->now, 0, &wtag, &wreason) < 0 && wtag == NULL) {
			skip(reply, wreason);
			goto done;
		}
		if (private_reply && !sc_set64_put(&s->private_done, h, &val)) {
			skip(reply, "a private reply to this comment was already drafted "
				    "(allowed once per comment)");
			goto done;
		}
	}

	/* limits */
	channel = sc_reply_channel(m.platform, need_private || !m.is_public);
	limit = sc_reply_limit(channel);
	text = fit(text, channel, limit, sig, &shortened, &over);
	if (pub) {
		long pl = sc_reply_limit(m.platform);
		int ps = 0, po = 0;
		pub = fit(pub, m.platform, pl, sig, &ps, &po);
		shortened |= ps;
		if (po && !over)
			po_channel = 1;
		over |= po;
		json_object_set_new(reply, "public_text", json_string(pub));
		json_object_set_new(reply, "private_text", json_string(text));
	}
	json_object_set_new(reply, "text", json_string(text));
	json_object_set_new(reply, "channel", json_string(channel));
	json_object_set_new(reply, "length", json_integer(sc_reply_length(channel, text)));
	if (limit > 0)
		json_object_set_new(reply, "limit", json_integer(limit));
	if (shortened)
		json_object_set_new(reply, "shortened", json_true());
	if (over) {
		json_object_set_new(reply, "needs_review", json_true());
		snprintf(why, sizeof(why), "too long for %s and no sentence boundary fits",
			 po_channel ? m.platform : channel);
		json_object_set_new(reply, "review", json_string(why));
	}
	if (m.crisis || wtag) {
		json_object_set_new(reply, "needs_approval", json_true());
		json_object_set_new(reply, "approval",
				    json_string(m.crisis ? "crisis (P1): 5P reply, a human must approve it"
							 : wreason));
	}
	if (wtag)
		json_object_set_new(reply, "message_tag", json_string(wtag));
done:
	if (strcmp(json_string_value(json_object_get(reply, "status")), "skipped") == 0)
		s->skipped++;
	else
		s->drafted++;
	free((char *)m.folded);
	free(cand);
	if (o->journal) {
		json_t *j = json_object();
		char at[32];
		json_t *v;

		sc_time_format(o->now, at);
		json_object_set_new(j, "at", json_string(at));
		json_object_set_new(j, "actor", json_string("sc-reply"));
		v = json_object_get(reply, "rule");
		json_object_set_new(j, "rule", v ? json_incref(v) : json_string("built-in"));
		v = json_object_get(reply, "status");
		json_object_set_new(j, "action", json_string(strcmp(json_string_value(v), "draft") == 0
							     ? "draft" : "skip"));
		json_object_set_new(j, "target", json_string(m.id));
		json_object_set_new(j, "platform", json_string(m.platform ? m.platform : ""));
		if (m.profile)
			json_object_set_new(j, "profile", json_string(m.profile));
		json_object_set(j, "reply", reply);
		json_object_set_new(j, "original_text", json_string(m.text ? m.text : ""));
		rc = sc_journal_append(o->journal, j, 0, e);
		json_decref(j);
	}
	json_object_set_new(rec, "reply", reply);
	free(text);
	free(pub);
	return rc;
}
