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
 *      due_at from the last matching row's sla, else the profile's sla.csv
 *      or sla, in its business hours (sc_sla_due, lib/sla.c)
 * Rules therefore always win over lexicon and model.
 *
 * Output: the input line is copied and the triage object spliced in before
 * its final '}', so the record is never re-serialised unless it already
 * had a "triage" (replaced: the record is re-serialised with the new one
 * at the end) or --redact changed its text.
 */
#include <ctype.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "triage_int.h"
#include "record.h"

enum { CAT_QUESTION, CAT_COMPLAINT, CAT_BUG, CAT_PRAISE, CAT_OPINION, CAT_SPAM,
       CAT_HATE, CAT_OTHER };
enum { ACT_REPLY, ACT_ESCALATE, ACT_HIDE, ACT_DELETE, ACT_IGNORE };

/* ---- the triage object ---- */

#define SCORE_MEMO 64

struct sc_triage {
	struct sc_triage_opts o;
	struct sc_matcher *m;
	struct sc_morph *morph;
	struct sc_rules *rules;
	struct sc_profiles *profiles;
	int nowners;
	int *hit, *neg;
	struct sc_text text, alt;
	int *althit, *altneg;
	struct sc_pii_hit pii[32];
	size_t npii;
	const struct sc_customer *cust;
	const char *lang;	/* triage.lang of the message being decided */
	struct sc_buf tmp;
	struct sc_buf in;	/* the decoded strings of struct sc_tri_in */
	struct score_memo {
		uint64_t bits;
		char s[22];
		unsigned char n;	/* 0: empty */
	} score_memo[SCORE_MEMO];
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
	sc_text_init(&t->alt);
	sc_buf_init(&t->tmp);
	sc_buf_init(&t->in);
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
	t->althit = sc_xcalloc((size_t)t->nowners, sizeof(int));
	t->altneg = sc_xcalloc((size_t)t->nowners, sizeof(int));
	return t;
fail:
	sc_triage_free(t);
	return NULL;
}

void
sc_triage_free(struct sc_triage *t)
{
	struct sc_morph *morph;

	if (t == NULL)
		return;
	sc_matcher_free(t->m);
	sc_rules_free(t->rules);
	sc_profiles_free(t->profiles);
	free(t->hit);
	free(t->neg);
	free(t->althit);
	free(t->altneg);
	sc_text_release(&t->text);
	sc_text_release(&t->alt);
	sc_buf_release(&t->tmp);
	sc_buf_release(&t->in);
	/* the dictionary last: its many small blocks stay in malloc's fast
	   bins, and no large free after them makes malloc consolidate them
	   all (a tenth of a 200k-record run) */
	morph = t->morph;
	free(t);
	sc_morph_free(morph);
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

	if (n == SIZE_MAX)
		n = tag ? strlen(tag) : 0;
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

/* The language a rules.csv lang cell tests: the record's lang when it has
   one (the platform's or the profile's), else triage.lang. */
static const char *
lang_of(const struct sc_triage *t, const struct sc_tri_in *rec)
{
	const char *lang = rec->lang;

	return lang && *lang ? lang : t->lang;
}

/* regexec() on the first SC_TRI_REGEX_SPAN bytes of the folded text, cut
   before a UTF-8 continuation byte (REG_STARTEND: no copy). */
static int
regex_matches(const regex_t *re, const struct sc_text *tx)
{
	regmatch_t m[1];
	size_t end = tx->fold.len;

	if (end > SC_TRI_REGEX_SPAN) {
		end = SC_TRI_REGEX_SPAN;
		while (end > 0 && ((unsigned char)tx->fold.data[end] & 0xc0) == 0x80)
			end--;
	}
	m[0].rm_so = 0;
	m[0].rm_eo = (regoff_t)end;
	return regexec(re, tx->fold.data ? tx->fold.data : "", 1, m, REG_STARTEND) == 0;
}

static int
rule_matches(const struct sc_triage *t, size_t i, const struct sc_tri_in *rec, int cat,
	     int sent)
{
	const struct rule *x = &t->rules->v[i];
	const struct sc_text *tx = &t->text;
	int owner = t->rules->base + 3 * (int)i;

	if (!sc_tri_list_has(x->platform, rec->platform) ||
	    !sc_tri_list_has(x->kind, rec->kind) ||
	    (x->lang && !sc_tri_list_has(x->lang, lang_of(t, rec))) ||
	    !sc_tri_list_has(x->profile, rec->profile) ||
	    !sc_tri_list_has(x->if_category, sc_categories[cat]) ||
	    !sc_tri_list_has(x->if_sentiment, sc_sentiments[sent]))
		return 0;
	if (x->visibility != TRI_ANY) {
		const char *vis = rec->visibility;
		if (vis == NULL || strcmp(vis, x->visibility ? "private" : "public") != 0)
			return 0;
	}
	if (x->ad != TRI_ANY && rec->ad != x->ad)
		return 0;
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
	if (x->has_re && !regex_matches(&x->re, tx))
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
profile_of(const struct sc_triage *t, const struct sc_tri_in *rec)
{
	const struct sc_profile *p;

	if (t->profiles == NULL)
		return NULL;
	/* "profile" is the label from profiles.csv, else the account id */
	p = sc_profiles_find(t->profiles, rec->profile);
	if (p == NULL)
		p = sc_profiles_find_account(t->profiles, rec->platform, rec->profile);
	return p;
}

/*
 * The crisis type of a P1 (the tag sc-reply chooses its template by),
 * one per message, the first that holds:
 *   threat                         safety (violence against people)
 *   media                          media (a journalist's inquiry about a
 *                                  fire is still the press office's)
 *   legal (lawyer, court, UOKiK)   legal
 *   crisis (safety and health)     safety
 *   police                         legal (a report, nobody in danger)
 *   exposure, or a breach plus blame   brand-fault (the brand exposed data)
 *   outage                         outage
 * NULL for the rest (account takeover, fraud, phishing: nobody's fault is
 * clear, so no 5P admission): sc-reply's holding P1 template.
 */
static const char *
crisis_type(const int *h, int threat, int security)
{
	if (threat)
		return "safety";
	if (h[SC_LX_MEDIA])
		return "media";
	if (h[SC_LX_LEGAL])
		return "legal";
	if (h[SC_LX_CRISIS])
		return "safety";
	if (h[SC_LX_POLICE])
		return "legal";
	if (h[SC_LX_EXPOSURE] || (security && h[SC_LX_BLAME]))
		return "brand-fault";
	if (h[SC_LX_OUTAGE])
		return "outage";
	return NULL;
}

/*
 * Insults in disguise: the folded text de-obfuscated with '*' read as u,
 * i and o in turn, matched again; returns the hate hits of the best.  Only
 * texts with a disguise pay for it.
 */
static int
obfuscated_hate(struct sc_triage *t)
{
	static const char stars[] = "uio";
	int best = 0, k;

	for (k = 0; k < 3; k++) {
		sc_buf_reset(&t->tmp);
		if (!sc_deobfuscate(t->text.fold.data, t->text.fold.len, stars[k], &t->tmp))
			return best;
		sc_text_set(&t->alt, t->tmp.data, t->tmp.len, NULL);
		memset(t->althit, 0, (size_t)t->nowners * sizeof(int));
		memset(t->altneg, 0, (size_t)t->nowners * sizeof(int));
		sc_matcher_run(t->m, &t->alt, t->althit, t->altneg, SC_LX_NCLASS);
		if (t->althit[SC_LX_HATE] > best)
			best = t->althit[SC_LX_HATE];
		if (!strchr(t->text.fold.data, '*'))
			break;	/* the star letter makes no difference */
	}
	return best;
}

void
sc_tri_in_json(const json_t *rec, struct sc_tri_in *in)
{
	const json_t *tv = json_object_get(rec, "text");
	const json_t *rv = json_object_get(rec, "rating");

	memset(in, 0, sizeof(*in));
	in->has_text = json_is_string(tv);
	in->text = in->has_text ? json_string_value(tv) : "";
	in->tlen = in->has_text ? json_string_length(tv) : 0;
	in->kind = sc_json_str(rec, "kind");
	in->platform = sc_json_str(rec, "platform");
	in->profile = sc_json_str(rec, "profile");
	in->visibility = sc_json_str(rec, "visibility");
	in->lang = sc_json_str(rec, "lang");
	in->created_at = sc_json_str(rec, "created_at");
	in->author_id = sc_json_path_str(rec, "author.id");
	in->is_brand = json_is_true(json_object_get(json_object_get(rec, "author"), "is_brand"));
	in->ad = json_is_true(json_object_get(rec, "ad"));
	in->has_rating = json_is_number(rv);
	in->rating = in->has_rating ? json_number_value(rv) : 0;
}

int
sc_tri_in_wants(const struct sc_tri_in *in)
{
	if (in->kind == NULL || strcmp(in->kind, "status") == 0 || in->is_brand)
		return 0;
	return in->has_text;
}

void
sc_triage_decide(struct sc_triage *t, const json_t *rec, struct sc_decision *d)
{
	struct sc_tri_in in;

	sc_tri_in_json(rec, &in);
	sc_triage_decide_in(t, &in, d);
}

void
sc_triage_decide_in(struct sc_triage *t, const struct sc_tri_in *rec, struct sc_decision *d)
{
	const char *text = rec->text;
	size_t tlen = rec->tlen, i;
	const int *h = t->hit, *n = t->neg;
	int cat, pos, negs, crisis, churn, vulgar, set_pri = 0, set_act = 0, shift = 0;
	int spam, security, threat, media, sarcasm, legal;
	int set_team = 0, set_priv = -1, k;
	const char *vis = rec->visibility;
	int is_public = vis == NULL || strcmp(vis, "private") != 0;
	const struct sc_profile *prof = profile_of(t, rec);
	int64_t created = 0, rule_sla = 0;

	memset(d, 0, sizeof(*d));
	sc_text_set(&t->text, text, tlen, t->m);
	memset(t->hit, 0, (size_t)t->nowners * sizeof(int));
	memset(t->neg, 0, (size_t)t->nowners * sizeof(int));
	sc_matcher_run(t->m, &t->text, t->hit, t->neg, t->nowners);
	t->lang = sc_lang_detect(text, tlen, &t->text);
	snprintf(d->lang, sizeof(d->lang), "%s", t->lang);

	/* 2. lexicon, in the precedence order of sc-triage(1) */
	spam = h[SC_LX_SPAM];
	/* "hacked" in a recovery-scam comment is spam, not a breach */
	security = (h[SC_LX_SECURITY] > 0 || h[SC_LX_EXPOSURE] > 0) && spam < 2;
	threat = h[SC_LX_THREAT] > 0;
	media = h[SC_LX_MEDIA] > 0;
	legal = h[SC_LX_LEGAL] > 0 || h[SC_LX_POLICE] > 0;
	crisis = h[SC_LX_CRISIS] > 0 || threat || security || legal || media;
	churn = h[SC_LX_CHURN] > 0;
	vulgar = h[SC_LX_HATE] + obfuscated_hate(t) > 0;
	/* a negated negative word counts for nothing: "not bad" is weak, and
	   "not working again" must not turn positive */
	pos = h[SC_LX_POSITIVE] + h[SC_LX_PRAISE];
	negs = h[SC_LX_NEGATIVE] + h[SC_LX_COMPLAINT] + h[SC_LX_BUG] + h[SC_LX_HATE] +
	       h[SC_LX_CRISIS] + h[SC_LX_THREAT] + h[SC_LX_SECURITY] + h[SC_LX_LEGAL] +
	       h[SC_LX_POLICE] + h[SC_LX_EXPOSURE] +
	       h[SC_LX_CHURN] + n[SC_LX_POSITIVE] + n[SC_LX_PRAISE];
	/* praise words around a failure are sarcasm: "super, znowu nie działa",
	   "dzięki za nic", "brilliant, charged twice again" */
	sarcasm = h[SC_LX_PRAISE] > 0 && h[SC_LX_NEGATIVE] + h[SC_LX_COMPLAINT] + h[SC_LX_BUG] > 0;
	if (sarcasm)
		pos -= h[SC_LX_PRAISE];
	d->score = (double)(pos - negs) / (double)(pos + negs + 1);
	d->sentiment = d->score >= 0.25 ? 0 : d->score <= -0.25 ? 2 : 1;
	if (threat)
		cat = CAT_HATE;	/* escalated below, never only hidden */
	else if (media && (t->text.has_question || h[SC_LX_QUESTION]))
		cat = CAT_QUESTION;	/* a journalist asks */
	else if (crisis)
		cat = CAT_COMPLAINT;
	else if (spam >= 2 || (spam && (t->text.has_link || !(h[SC_LX_COMPLAINT] + h[SC_LX_BUG]))))
		cat = CAT_SPAM;
	else if (h[SC_LX_BUG])
		cat = CAT_BUG;
	else if (h[SC_LX_COMPLAINT] || n[SC_LX_PRAISE] || churn || sarcasm)
		cat = CAT_COMPLAINT;
	else if (vulgar)
		cat = CAT_HATE;
	else if (t->text.has_question || (h[SC_LX_QUESTION] && !h[SC_LX_PRAISE]))
		cat = CAT_QUESTION;
	else if (h[SC_LX_PRAISE])
		cat = CAT_PRAISE;
	else if (pos + negs > 0)
		cat = CAT_OPINION;
	else
		cat = CAT_OTHER;	/* a lone link is no spam signal */
	if (sarcasm)
		add_tag(d, "sarcasm", 7);
	if (threat)
		add_tag(d, "threat", 6);
	if (security)
		add_tag(d, "security", 8);
	if (crisis)
		add_tag(d, crisis_type(h, threat, security), SIZE_MAX);
	/* an outage: the brand's service is down (outage words), or a bug in
	   it (a service word); a broken kettle is a bug, not an outage */
	if (!crisis && cat != CAT_SPAM && cat != CAT_HATE &&
	    (h[SC_LX_OUTAGE] || (cat == CAT_BUG && h[SC_LX_SERVICE])))
		add_tag(d, "outage", 6);
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
		if (k == 0 && (idx = sc_tri_name_index(sc_categories, SC_NCATEGORY, label)) >= 0)
			cat = idx;
		if (k == 1 && (idx = sc_tri_name_index(sc_sentiments, 3, label)) >= 0)
			d->sentiment = idx;
	}

	/* a review's star rating says what the customer feels, whatever the
	   words or the model: 1-2 negative (and a complaint when nothing more
	   specific was found), 3 neutral, 4-5 positive */
	{
		if (rec->has_rating) {
			double stars = rec->rating;
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
	t->cust = t->o.history ? sc_history_find(t->o.history, rec->platform, rec->author_id)
			       : NULL;
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
		if (x->sla > 0)
			rule_sla = x->sla;
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
	if (crisis && (d->action == ACT_HIDE || d->action == ACT_DELETE)) {
		/* a person must see a threat: hiding is only a recommendation */
		add_tag(d, "hide-recommended", 16);
		d->action = ACT_ESCALATE;
	}
	if (!set_team && prof && t->profiles)
		snprintf(d->team, sizeof(d->team), "%s", sc_profile_get(t->profiles, prof, "team"));
	d->private_ = set_priv >= 0 ? set_priv : (d->pii && is_public);
	if (rec->has_created)
		created = rec->created;
	else
		sc_time_parse(rec->created_at, &created);
	if (prof)
		d->due = sc_sla_due(prof, created, d->priority, rule_sla);
	else
		d->due = created + (rule_sla > 0 ? rule_sla : t->o.default_sla);
}

/* The non-zero counts v[0..n) as JSON members "name":count, comma-separated. */
static void triage_json(struct sc_triage *t, int is_private,
			const struct sc_decision *d, struct sc_buf *b);

static void
add_counts(struct sc_buf *b, const char *const *names, const long *v, size_t n)
{
	size_t k;
	int first = 1;

	for (k = 0; k < n; k++)
		if (v[k]) {
			sc_buf_printf(b, "%s\"%s\":%ld", first ? "" : ",", names[k], v[k]);
			first = 0;
		}
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
sc_triage_json(struct sc_triage *t, const json_t *rec, const struct sc_decision *d,
	       struct sc_buf *b)
{
	const char *vis = sc_json_str(rec, "visibility");

	triage_json(t, vis && strcmp(vis, "private") == 0, d, b);
}

/* A small non-negative number in decimal, no printf. */
static void
add_ulong(struct sc_buf *b, unsigned long v)
{
	char buf[24];
	size_t n = sizeof(buf);

	do
		buf[--n] = (char)('0' + v % 10);
	while ((v /= 10) != 0);
	sc_buf_add(b, buf + n, sizeof(buf) - n);
}

/*
 * The score as "%.2f" would write it: scores are ratios of small counts,
 * so few values come again and again, and each is formatted once (a
 * direct-mapped memo keyed by the double's bits: exact, -0.0 apart).
 */
static void
add_score(struct sc_triage *t, struct sc_buf *b, double v)
{
	uint64_t bits;
	struct score_memo *m;

	memcpy(&bits, &v, sizeof(bits));
	m = &t->score_memo[(bits ^ bits >> 29 ^ bits >> 47) % SCORE_MEMO];
	if (m->n == 0 || m->bits != bits) {
		int n = snprintf(m->s, sizeof(m->s), "%.2f", v);
		if (n <= 0 || (size_t)n >= sizeof(m->s)) {
			m->n = 0;
			sc_buf_printf(b, "%.2f", v);
			return;
		}
		m->bits = bits;
		m->n = (unsigned char)n;
	}
	sc_buf_add(b, m->s, m->n);
}

static void
triage_json(struct sc_triage *t, int is_private, const struct sc_decision *d,
	    struct sc_buf *b)
{
	char due[32];
	int k, first = 1;
	double score = d->score;

	if (score > -0.005 && score < 0.005)
		score = 0;
	sc_buf_adds(b, "{\"category\":\"");
	sc_buf_adds(b, sc_categories[d->category]);
	sc_buf_adds(b, "\",\"sentiment\":\"");
	sc_buf_adds(b, sc_sentiments[d->sentiment]);
	sc_buf_adds(b, "\",\"sentiment_score\":");
	add_score(t, b, score);
	sc_buf_adds(b, ",\"lang\":\"");
	sc_buf_adds(b, d->lang);
	sc_buf_adds(b, "\",\"priority\":\"P");
	add_ulong(b, (unsigned long)d->priority);	/* 1..4 */
	sc_buf_adds(b, "\",\"rank\":");
	add_ulong(b, (unsigned long)((d->priority - 1) * 2 + is_private + 1));
	sc_buf_adds(b, ",\"tags\":");
	add_str_list(b, d->tags, d->tagslen);
	sc_buf_adds(b, ",\"team\":");
	if (d->team[0])
		sc_buf_add_json_string(b, d->team, strlen(d->team));
	else
		sc_buf_adds(b, "null");
	sc_buf_adds(b, ",\"action\":\"");
	sc_buf_adds(b, sc_actions[d->action]);
	sc_buf_adds(b, d->private_ ? "\",\"private\":true,\"pii\":["
				   : "\",\"private\":false,\"pii\":[");
	for (k = 0; k < SC_PII_NKINDS; k++)
		if (d->pii & (1u << k)) {
			if (!first)
				sc_buf_addc(b, ',');
			sc_buf_addc(b, '"');
			sc_buf_adds(b, sc_pii_names[k]);
			sc_buf_addc(b, '"');
			first = 0;
		}
	sc_time_format(d->due, due);
	sc_buf_adds(b, "],\"due_at\":\"");
	sc_buf_adds(b, due);
	sc_buf_adds(b, "\",\"rules\":");
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
			add_counts(b, sc_categories, c->cat, SC_NCATEGORY);
			sc_buf_adds(b, "},\"sentiments\":{");
			add_counts(b, sc_sentiments, c->sent, 3);
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

static const char *const own_keys[] = {"triage", "text"};

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
		/* the line as it came with only the old "triage" (and a
		   redacted "text") changed (sc_splice), else re-serialised */
		if (sc_splice(b, line, len, rec, own_keys, t->o.redact && t->npii > 0 ? 2 : 1) < 0)
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

/*
 * The members triage reads, from the record's spans: each string decoded
 * into t->in (offsets first, pointers once the buffer stops moving).
 */
static void
tri_in_rec(struct sc_triage *t, const struct sc_record *r, struct sc_tri_in *in)
{
	static const int slots[] = {SC_R_TEXT, SC_R_KIND, SC_R_PLATFORM, SC_R_PROFILE,
				    SC_R_VISIBILITY, SC_R_LANG, SC_R_AUTHOR_ID, SC_R_CREATED};
	size_t off[8], len[8], k;
	const struct sc_span *rv = &r->f[SC_R_RATING];

	sc_buf_reset(&t->in);
	for (k = 0; k < 8; k++) {
		const struct sc_span *sp = &r->f[slots[k]];
		off[k] = SIZE_MAX;
		if (sp->type != SC_JSTRING || (slots[k] == SC_R_CREATED && r->has_t))
			continue;
		off[k] = t->in.len;
		sc_buf_grow(&t->in, sp->len + 1);
		len[k] = sc_span_decode(sp, t->in.data + t->in.len);
		t->in.len += len[k];
		t->in.data[t->in.len++] = '\0';
	}
	memset(in, 0, sizeof(*in));
#define STR(k) (off[k] == SIZE_MAX ? NULL : t->in.data + off[k])
	in->has_text = off[0] != SIZE_MAX;
	in->text = in->has_text ? STR(0) : "";
	in->tlen = in->has_text ? len[0] : 0;	/* it may hold NUL bytes */
	in->kind = STR(1);
	in->platform = STR(2);
	in->profile = STR(3);
	in->visibility = STR(4);
	in->lang = STR(5);
	in->author_id = STR(6);
	in->created_at = STR(7);
#undef STR
	in->has_created = r->has_t;
	in->created = r->t;
	in->is_brand = r->f[SC_R_AUTHOR_BRAND].type == SC_JTRUE;
	in->ad = r->f[SC_R_AD].type == SC_JTRUE;
	if (rv->type == SC_JINT) {
		in->has_rating = 1;
		in->rating = (double)rv->i;
	} else if (rv->type == SC_JREAL || rv->type == SC_JBIGINT) {
		/* as the DOM would hold it: strtod of the token */
		sc_buf_reset(&t->tmp);
		sc_buf_add(&t->tmp, rv->p, rv->len);
		sc_buf_addc(&t->tmp, '\0');
		in->has_rating = 1;
		in->rating = strtod(t->tmp.data, NULL);
	}
}

/* The redacted text, the old "triage" gone: what sc_record_splice puts
   in place of the record's own members. */
static json_t *
own_members(const struct sc_triage *t, const struct sc_tri_in *in, int redact)
{
	json_t *o = json_object();

	if (redact) {
		struct sc_buf red;
		sc_buf_init(&red);
		sc_pii_redact(in->text, in->tlen, t->pii, t->npii, &red);
		json_object_set_new(o, "text", json_stringn(red.data ? red.data : "", red.len));
		sc_buf_release(&red);
	}
	return o;
}

int
sc_triage_rec_line(struct sc_triage *t, struct sc_record *r, struct sc_buf *b,
		   struct sc_error *e)
{
	struct sc_tri_in in;
	struct sc_decision d;
	json_t *own, *dom;
	size_t start = b->len, end;
	int redact;

	/* a record read through jansson, or one whose own members come
	   twice: the DOM path, as before */
	if (r->dom != NULL || r->own != NULL || r->nmembers < 0 || r->f[SC_R_TRIAGE].dup ||
	    r->f[SC_R_TEXT].dup)
		goto dom;
	tri_in_rec(t, r, &in);
	if (!sc_tri_in_wants(&in)) {
		sc_buf_add(b, r->src, r->src_len);
		return 0;
	}
	sc_triage_decide_in(t, &in, &d);
	sc_buf_reset(&t->tmp);
	triage_json(t, in.visibility && strcmp(in.visibility, "private") == 0, &d, &t->tmp);
	redact = t->o.redact && t->npii > 0;
	if (r->f[SC_R_TRIAGE].type == SC_JNONE && !redact) {
		end = r->src_len;
		while (end > 0 && r->src[end - 1] != '}')
			end--;
		sc_buf_add(b, r->src, end - 1);
		sc_buf_adds(b, ",\"triage\":");
	} else {
		own = own_members(t, &in, redact);
		if (sc_record_splice(b, r, own, own_keys, redact ? 2 : 1) < 0) {
			json_decref(own);
			b->len = start;
			goto dom;
		}
		json_decref(own);
		end = b->len;
		while (end > start && b->data[end - 1] != '}')
			end--;
		b->len = end - 1;
		sc_buf_adds(b, r->nmembers - (r->f[SC_R_TRIAGE].type != SC_JNONE) > 0
				       ? ",\"triage\":" : "\"triage\":");
	}
	sc_buf_add(b, t->tmp.data, t->tmp.len);
	sc_buf_addc(b, '}');
	return 0;
dom:
	if ((dom = sc_record_dom(r, e)) == NULL)
		return -1;
	sc_triage_line(t, dom, r->src, r->src_len, b);
	return 0;
}
