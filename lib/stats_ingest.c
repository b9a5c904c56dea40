/*
 * stats_ingest.c - one schema-1 record to one fact (struct ent): the
 * attribute tuple and the agent are interned, the id, thread and parent
 * hashed, the text dropped; a record whose id was seen before replaces the
 * earlier fact.  sc_stats_add() is the single entry point for records, so
 * a faster record reader changes this file only.
 */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "stats_int.h"
#include "record.h"

int
sc_stats_name_index(const char *const *names, int n, const char *s)
{
	int i;

	if (s == NULL)
		return -1;
	for (i = 0; i < n; i++)
		if (strcasecmp(names[i], s) == 0)
			return i;
	return -1;
}

/* ---- interning ---- */

void
sc_stats_key_add(struct sc_buf *b, const char *v)
{
	if (v)
		sc_buf_adds(b, v);
	else
		sc_buf_addc(b, '\x1e');
	sc_buf_addc(b, '\x1f');
}

/* Intern the tuple serialised in s->kb; v/tags are its values (borrowed). */
uint32_t
sc_stats_tuple_intern(struct sc_stats *s, const char *const *v, const char *const *tags, size_t ntags)
{
	uint64_t h = sc_hash64(s->kb.data, s->kb.len), *slot;
	int k;

	for (;;) {
		if (sc_set64_put(&s->tuidx, h, &slot) == 0) {
			if (strcmp(s->tu[*slot - 1].key, s->kb.data) == 0)
				return (uint32_t)(*slot - 1);
			h++;	/* a 64-bit collision: probe on */
			continue;
		}
		break;
	}
	if (s->ntu == s->captu) {
		s->captu = s->captu ? s->captu * 2 : 64;
		s->tu = sc_xrealloc(s->tu, s->captu * sizeof(*s->tu));
	}
	struct tuple *t = &s->tu[s->ntu];
	memset(t, 0, sizeof(*t));
	t->key = sc_xstrdup(s->kb.data);
	for (k = 0; k < A_N; k++)
		t->v[k] = v[k] ? sc_xstrdup(v[k]) : NULL;
	if (ntags) {
		t->tags = sc_xcalloc(ntags, sizeof(char *));
		for (size_t i = 0; i < ntags; i++)
			t->tags[i] = sc_xstrdup(tags[i]);
		t->ntags = ntags;
	}
	t->cat = sc_stats_name_index(sc_categories, NCAT, t->v[A_CATEGORY]);
	if (t->v[A_CATEGORY] && t->cat < 0)
		t->cat = NCAT - 1;	/* an unknown category counts as other */
	t->sent = sc_stats_name_index(sc_sentiments, NSENT, t->v[A_SENTIMENT]);
	t->prio = sc_stats_name_index(sc_priorities, NPRIO, t->v[A_PRIORITY]);
	*slot = ++s->ntu;
	return (uint32_t)(s->ntu - 1);
}

uint32_t
sc_stats_agent_intern(struct sc_stats *s, const char *a)
{
	uint64_t h, *slot;

	if (a == NULL || *a == '\0')
		return 0;
	h = sc_hash64(a, strlen(a));
	for (;;) {
		if (sc_set64_put(&s->agidx, h, &slot) == 0) {
			if (strcmp(s->agents[*slot], a) == 0)
				return (uint32_t)*slot;
			h++;
			continue;
		}
		break;
	}
	if (s->nag == s->capag) {
		s->capag *= 2;
		s->agents = sc_xrealloc(s->agents, s->capag * sizeof(char *));
	}
	s->agents[s->nag] = sc_xstrdup(a);
	*slot = s->nag;
	return (uint32_t)s->nag++;
}

static uint64_t
hash_str(const char *v)
{
	return v ? sc_hash64(v, strlen(v)) : 0;
}

/*
 * A brand message read again without the agent or template it had (the
 * platform's copy of a reply, fetched after sc-reply or sc-inbox recorded
 * who sent it and with which template) keeps them: y, the new facts,
 * takes the agent (and whether it is automated) and the template and
 * variant of old where it has none, so the order the two copies are read
 * in does not matter.
 */
static void
keep_credit(struct sc_stats *s, const struct ent *old, struct ent *y)
{
	const struct tuple *ot = &s->tu[old->attr], *nt = &s->tu[y->attr];

	if (y->agent == 0 && old->agent) {
		y->agent = old->agent;
		y->flags = (uint8_t)((y->flags & ~F_AUTO) | (old->flags & F_AUTO));
	}
	if (nt->v[A_TEMPLATE] == NULL && ot->v[A_TEMPLATE]) {
		const char *v[A_N];
		char **tags = nt->tags;
		size_t ntags = nt->ntags;
		int k;
		for (k = 0; k < A_N; k++)
			v[k] = nt->v[k];
		v[A_TEMPLATE] = ot->v[A_TEMPLATE];
		v[A_VARIANT] = ot->v[A_VARIANT];
		sc_buf_reset(&s->kb);
		for (k = 0; k < A_N; k++)
			sc_stats_key_add(&s->kb, v[k]);
		for (size_t i = 0; i < ntags; i++)
			sc_stats_key_add(&s->kb, tags[i]);
		/* interning may move s->tu: v[] and tags point into tuples,
		   whose strings stay where they are */
		y->attr = sc_stats_tuple_intern(s, v, (const char *const *)tags, ntags);
	}
}

void
sc_stats_put(struct sc_stats *s, const struct ent *x)
{
	uint64_t *slot;

	if (!sc_set64_put(&s->ids, x->id, &slot)) {
		/* a replacement (edited item): the later record's facts win */
		struct ent y = *x;
		if (y.type == T_BRAND && s->e[*slot - 1].type == T_BRAND)
			keep_credit(s, &s->e[*slot - 1], &y);
		s->e[*slot - 1] = y;
		if (x->t > s->latest)
			s->latest = x->t;
		if (x->t < s->earliest)
			s->earliest = x->t;
		s->replaced++;
		return;
	}
	if (s->n == s->cap) {
		s->cap = s->cap ? s->cap * 2 : 1024;
		s->e = sc_xrealloc(s->e, s->cap * sizeof(*s->e));
	}
	s->e[s->n++] = *x;
	*slot = s->n;
	if (x->t > s->latest)
		s->latest = x->t;
	if (x->t < s->earliest)
		s->earliest = x->t;
}

static int
is_auto_agent(const char *a)
{
	return a && (strncmp(a, "auto:", 5) == 0 || strncmp(a, "rule:", 5) == 0 ||
		     strncmp(a, "bot:", 4) == 0);
}


/* The tuple of a status, note or survey record: its own profile,
   platform, kind and (status) team, the rest absent. */
static uint32_t
event_tuple(struct sc_stats *s, const json_t *rec, const char *kind, const char *team)
{
	const char *v[A_N];
	int k;

	for (k = 0; k < A_N; k++)
		v[k] = NULL;
	v[A_PROFILE] = sc_json_str(rec, "profile");
	v[A_PLATFORM] = sc_json_str(rec, "platform");
	v[A_KIND] = kind;
	v[A_TEAM] = team;
	sc_buf_reset(&s->kb);
	for (k = 0; k < A_N; k++)
		sc_stats_key_add(&s->kb, v[k]);
	return sc_stats_tuple_intern(s, v, NULL, 0);
}

/* A status, note or survey record to its fact; 1 when it is none of
   them (a message or a label), -1 with e set when it is bad. */
static int
add_event(struct sc_stats *s, const json_t *rec, const char *kind, struct ent *x,
	  const char *th, struct sc_error *e)
{
	int k = sc_schema_index(sc_schema_kinds, SC_NKIND, kind);

	if (k == SC_KIND_STATUS) {
		const char *st = sc_json_str(rec, "status");
		int i = st ? sc_stats_name_index(sc_schema_statuses, SC_NSTATUS, st) : -1;
		if (i < 0)
			return sc_error_set(e, SC_EX_DATAERR, NULL, 0, 0,
					    "status record: \"status\" must be resolved, reopened, escalated, assigned or claimed");
		if (th == NULL || *th == '\0')
			return sc_error_set(e, SC_EX_DATAERR, NULL, 0, 0,
					    "status record has no \"thread_id\"");
		if (i == SC_STATUS_CLAIMED)
			return 0;	/* a moderator opened it: no KPI */
		x->type = T_STATUS;
		x->st = (uint8_t)(i + 1);
		x->attr = event_tuple(s, rec, kind, i == SC_STATUS_ESCALATED ?
				      sc_json_str(rec, "team") : NULL);
		if (i == SC_STATUS_ESCALATED && sc_json_str(rec, "due_at")) {
			/* the team's internal deadline (sc-inbox escalate,
			   teams.csv sla), as a customer message's due */
			int64_t due, t0;
			if (sc_time_parse(sc_json_str(rec, "due_at"), &due) < 0 ||
			    sc_time_parse(sc_json_str(rec, "created_at"), &t0) < 0)
				return sc_error_set(e, SC_EX_DATAERR, NULL, 0, 0,
						    "status record: \"due_at\" is not a time");
			due = due > t0 ? due - t0 : 0;
			x->due = due >= (int64_t)UINT32_MAX ? UINT32_MAX : (uint32_t)(due + 1);
			s->any_esc_due = 1;
		}
	} else if (k == SC_KIND_NOTE) {
		json_t *au = json_object_get(rec, "author");
		x->type = T_NOTE;
		if (json_is_false(json_object_get(au, "is_brand")))
			x->flags |= F_EXPERT;
		x->attr = event_tuple(s, rec, kind, NULL);
	} else if (k == SC_KIND_SURVEY) {
		const char *sv = sc_json_str(rec, "survey");
		json_t *r = json_object_get(rec, "rating");
		int nps = sv && strcmp(sv, "nps") == 0;
		json_int_t n = json_integer_value(r);
		if (r == NULL || json_is_null(r))
			return 0;	/* asked, not answered: no rating yet */
		if (sv == NULL || (!nps && strcmp(sv, "csat") != 0))
			return sc_error_set(e, SC_EX_DATAERR, NULL, 0, 0,
					    "survey record: \"survey\" must be csat or nps");
		if (!json_is_integer(r) || n < (nps ? 0 : 1) || n > (nps ? 10 : 5))
			return sc_error_set(e, SC_EX_DATAERR, NULL, 0, 0,
					    "survey record: \"rating\" must be a whole number from %s",
					    nps ? "0 to 10 (nps)" : "1 to 5 (csat)");
		x->type = T_SURVEY;
		x->st = (uint8_t)n;
		if (nps)
			x->flags |= F_NPS;
		x->attr = event_tuple(s, rec, kind, NULL);
	} else {
		return 1;
	}
	x->th = th && *th ? hash_str(th) : x->id;
	x->agent = sc_stats_agent_intern(s, sc_json_str(rec, "agent"));
	if (s->o->partial || sc_stats_by_has(s->o, SC_BY_THREAD))
		sc_stats_thread_name(s, x->th, th && *th ? th : sc_json_str(rec, "id"));
	sc_stats_put(s, x);
	return 0;
}

/* A message's attribute tuple, flags and agent, stored: the common end of
   sc_stats_add (from the DOM) and sc_stats_add_rec (from the spans). */
static void
put_msg(struct sc_stats *s, struct ent *x, const char *const *v, const char *const *tags, size_t ntags,
	const char *ag, const char *tpl)
{
	sc_buf_reset(&s->kb);
	for (int k = 0; k < A_N; k++)
		sc_stats_key_add(&s->kb, v[k]);
	for (size_t i = 0; i < ntags; i++)
		sc_stats_key_add(&s->kb, tags[i]);
	x->attr = sc_stats_tuple_intern(s, v, tags, ntags);
	if (v[A_CATEGORY] && (strcmp(v[A_CATEGORY], "spam") == 0 ||
			      strcmp(v[A_CATEGORY], "hate") == 0))
		x->flags |= F_SPAM;
	if (v[A_SENTIMENT] && strcmp(v[A_SENTIMENT], "negative") == 0)
		x->flags |= F_NEG;
	if (x->type == T_BRAND) {
		x->agent = sc_stats_agent_intern(s, ag);
		if (is_auto_agent(ag) || ((ag == NULL || *ag == '\0') && tpl && *tpl))
			x->flags |= F_AUTO;
	}
	if (x->flags & F_TRIAGE)
		s->any_triage = 1;
	sc_stats_put(s, x);
	if (s->o->settle && s->n >= s->next_settle && s->n > s->kept)
		sc_stats_settle(s);
}

/* A brand message's template (its own, or the draft's reply.template) and
   variant ("delivery#2"), for -b template and -b variant. */
static void
brand_template(const json_t *rec, const char **tpl, char *var, size_t n)
{
	const json_t *rp = json_object_get(rec, "reply");
	const json_t *vn = json_object_get(rec, "variant");

	*tpl = sc_json_str(rec, "template");
	if (*tpl == NULL && json_is_object(rp))
		*tpl = sc_json_str(rp, "template");
	if (!json_is_integer(vn) && json_is_object(rp))
		vn = json_object_get(rp, "variant");
	var[0] = '\0';
	if (*tpl && **tpl && json_is_integer(vn))
		snprintf(var, n, "%s#%lld", *tpl, (long long)json_integer_value(vn));
}

int
sc_stats_add(struct sc_stats *s, const json_t *rec, struct sc_error *e)
{
	struct ent x;
	const char *id = sc_json_str(rec, "id"), *kind = sc_json_str(rec, "kind");
	const char *th = sc_json_str(rec, "thread_id");
	const char *v[A_N];
	const char *tags[32];
	size_t ntags = 0;
	json_t *tr, *author;
	char var[256];
	int k;

	memset(&x, 0, sizeof(x));
	if (id == NULL || kind == NULL ||
	    sc_time_parse(sc_json_str(rec, "created_at"), &x.t) < 0)
		return sc_error_set(e, SC_EX_DATAERR, NULL, 0, 0, "not a schema-1 record");
	x.id = hash_str(id);
	if ((k = add_event(s, rec, kind, &x, th, e)) <= 0) {
		if (k == 0 && s->o->settle && s->n >= s->next_settle && s->n > s->kept)
			sc_stats_settle(s);
		return k;
	}
	k = sc_schema_index(sc_schema_kinds, SC_NKIND, kind);
	if (k >= SC_NMESSAGE_KIND)
		return 0;	/* a label is the team's, never an answer */
	author = json_object_get(rec, "author");
	x.type = json_is_true(json_object_get(author, "is_brand")) ? T_BRAND : T_CUST;
	x.th = th && *th ? hash_str(th) : x.id;
	if (s->o->partial || sc_stats_by_has(s->o, SC_BY_THREAD))
		sc_stats_thread_name(s, x.th, th && *th ? th : id);
	if (x.type == T_BRAND) {
		x.par = hash_str(sc_json_str(rec, "parent_id"));
	} else {
		const char *au = sc_json_str(author, "id");
		int64_t due;
		if (au && *au) {
			x.au = (uint32_t)sc_hash64(au, strlen(au));
			if (x.au == 0)
				x.au = 1;
		}
		if (json_is_object(tr = json_object_get(rec, "triage")) &&
		    sc_time_parse(sc_json_str(tr, "due_at"), &due) == 0) {
			/* seconds after created_at, + 1; earlier is 0 s, and
			   durations past 136 years (none are accepted) cap */
			int64_t d = due > x.t ? due - x.t : 0;
			x.due = d >= (int64_t)UINT32_MAX ? UINT32_MAX : (uint32_t)(d + 1);
		}
	}
	v[A_PROFILE] = sc_json_str(rec, "profile");
	v[A_PLATFORM] = sc_json_str(rec, "platform");
	v[A_KIND] = kind;
	v[A_VISIBILITY] = sc_json_str(rec, "visibility");
	tr = json_object_get(rec, "triage");
	if (json_is_object(tr)) {
		json_t *tg = json_object_get(tr, "tags"), *it;
		size_t i;
		x.flags |= F_TRIAGE;
		v[A_CATEGORY] = sc_json_str(tr, "category");
		v[A_TEAM] = sc_json_str(tr, "team");
		v[A_PRIORITY] = sc_json_str(tr, "priority");
		it = json_object_get(tr, "sentiment");
		/* sentiment is "negative" or {"label":"negative","score":..} */
		v[A_SENTIMENT] = json_is_object(it) ? sc_json_str(it, "label") : json_string_value(it);
		json_array_foreach(tg, i, it) {
			if (json_is_string(it) && ntags < 32)
				tags[ntags++] = json_string_value(it);
		}
	} else {
		v[A_CATEGORY] = v[A_TEAM] = v[A_PRIORITY] = v[A_SENTIMENT] = NULL;
	}
	v[A_TEMPLATE] = v[A_VARIANT] = NULL;
	if (x.type == T_BRAND) {
		brand_template(rec, &v[A_TEMPLATE], var, sizeof(var));
		if (v[A_TEMPLATE] && *v[A_TEMPLATE] == '\0')
			v[A_TEMPLATE] = NULL;
		if (var[0])
			v[A_VARIANT] = var;
	}
	put_msg(s, &x, v, tags, ntags, sc_json_str(rec, "agent"), sc_json_path_str(rec, "reply.template"));
	return 0;
}

/* ---- the same from a record's spans (sc_stats_add_rec) ---- */

/* Decoded, NUL-terminated copies of string spans, in one buffer: offsets
   while it grows, pointers once it is full. */
struct strs {
	struct sc_buf *b;
	size_t off[64];	/* 14 members and 32 tags at most */
	int n;
};

static int
strs_add(struct strs *ss, const struct sc_span *sp)
{
	struct sc_buf *b = ss->b;

	if (sp->type != SC_JSTRING)
		return -1;
	ss->off[ss->n] = b->len;
	sc_buf_grow(b, sp->len + 1);
	b->len += sc_span_decode(sp, b->data + b->len);
	b->data[b->len++] = '\0';
	return ss->n++;
}

static const char *
strs_get(const struct strs *ss, int i)
{
	return i < 0 ? NULL : ss->b->data + ss->off[i];
}

enum { TR_CATEGORY, TR_TEAM, TR_PRIORITY, TR_SENTIMENT, TR_SENT_LABEL, TR_TAGS, TR_DUE,
       TR_N };
static const struct sc_scan_field sent_fields[] = {{"label", TR_SENT_LABEL, NULL}};
static const struct sc_scan_spec sent_spec = {sent_fields, 1};
static const struct sc_scan_field tri_fields[] = {
	{"category", TR_CATEGORY, NULL}, {"team", TR_TEAM, NULL},
	{"priority", TR_PRIORITY, NULL}, {"sentiment", TR_SENTIMENT, &sent_spec},
	{"tags", TR_TAGS, NULL}, {"due_at", TR_DUE, NULL},
};
static const struct sc_scan_spec tri_spec = {tri_fields, 6};
enum { RP_TEMPLATE, RP_VARIANT, RP_N };
static const struct sc_scan_field rp_fields[] = {
	{"template", RP_TEMPLATE, NULL}, {"variant", RP_VARIANT, NULL},
};
static const struct sc_scan_spec rp_spec = {rp_fields, 2};

int
sc_stats_add_rec(struct sc_stats *s, struct sc_record *r, struct sc_error *e)
{
	struct sc_span tsp[TR_N], rsp[RP_N];
	const struct sc_span *tr = &r->f[SC_R_TRIAGE], *rp = &r->f[SC_R_REPLY], *vn;
	struct strs ss;
	struct ent x;
	const char *v[A_N], *tags[32], *th, *id, *kind, *ag, *tpl2;
	int iv[A_N], itags[32], ith, iid, ikind, iau, ipar, iag, itpl2 = -1, itpl = -1, idue = -1;
	size_t ntags = 0, i;
	json_t *tg = NULL;
	char var[256];
	int k, has_tr, has_rp;

	/* what is not a message read from its spans goes the DOM way */
	if (r->dom != NULL || r->own != NULL || r->nmembers < 0 || !r->has_t ||
	    r->f[SC_R_ID].type != SC_JSTRING || r->f[SC_R_KIND].type != SC_JSTRING)
		goto dom;
	ss.b = &s->rb;
	ss.n = 0;
	sc_buf_reset(ss.b);
	ikind = strs_add(&ss, &r->f[SC_R_KIND]);
	k = sc_schema_index(sc_schema_kinds, SC_NKIND, strs_get(&ss, ikind));
	if (k == SC_KIND_STATUS || k == SC_KIND_NOTE || k == SC_KIND_SURVEY)
		goto dom;
	has_tr = tr->type == SC_JOBJECT && sc_scan(tr->p, tr->len, &tri_spec, tsp, TR_N) >= 0;
	has_rp = rp->type == SC_JOBJECT && sc_scan(rp->p, rp->len, &rp_spec, rsp, RP_N) >= 0;
	if ((tr->type == SC_JOBJECT && !has_tr) || (rp->type == SC_JOBJECT && !has_rp))
		goto dom;	/* cannot happen: the line was scanned */
	if (has_tr && tsp[TR_TAGS].type == SC_JARRAY && tsp[TR_TAGS].len > 2 &&
	    (tg = sc_span_dom(&tsp[TR_TAGS])) == NULL)
		goto dom;
	memset(&x, 0, sizeof(x));
	x.t = r->t;
	iid = strs_add(&ss, &r->f[SC_R_ID]);
	ith = strs_add(&ss, &r->f[SC_R_THREAD]);
	iau = strs_add(&ss, &r->f[SC_R_AUTHOR_ID]);
	ipar = strs_add(&ss, &r->f[SC_R_PARENT]);
	iag = strs_add(&ss, &r->f[SC_R_AGENT]);
	iv[A_PROFILE] = strs_add(&ss, &r->f[SC_R_PROFILE]);
	iv[A_PLATFORM] = strs_add(&ss, &r->f[SC_R_PLATFORM]);
	iv[A_VISIBILITY] = strs_add(&ss, &r->f[SC_R_VISIBILITY]);
	iv[A_CATEGORY] = iv[A_TEAM] = iv[A_PRIORITY] = iv[A_SENTIMENT] = -1;
	if (has_tr) {
		iv[A_CATEGORY] = strs_add(&ss, &tsp[TR_CATEGORY]);
		iv[A_TEAM] = strs_add(&ss, &tsp[TR_TEAM]);
		iv[A_PRIORITY] = strs_add(&ss, &tsp[TR_PRIORITY]);
		/* sentiment is "negative" or {"label":"negative","score":..} */
		iv[A_SENTIMENT] = strs_add(&ss, tsp[TR_SENTIMENT].type == SC_JOBJECT
						       ? &tsp[TR_SENT_LABEL] : &tsp[TR_SENTIMENT]);
		idue = strs_add(&ss, &tsp[TR_DUE]);
		for (i = 0; tg && i < json_array_size(tg); i++) {
			json_t *it = json_array_get(tg, i);
			struct sc_span one;
			if (!json_is_string(it) || ntags == 32)
				continue;
			memset(&one, 0, sizeof(one));
			one.type = SC_JSTRING;
			one.p = json_string_value(it);
			one.len = strlen(one.p);
			/* a plain copy: the DOM's string is decoded already */
			ss.off[ss.n] = ss.b->len;
			sc_buf_add(ss.b, one.p, one.len);
			sc_buf_addc(ss.b, '\0');
			itags[ntags++] = ss.n++;
		}
	}
	/* brand_template(): the record's template, else the draft's */
	var[0] = '\0';
	x.type = r->f[SC_R_AUTHOR_BRAND].type == SC_JTRUE ? T_BRAND : T_CUST;
	if (x.type == T_BRAND) {
		itpl = strs_add(&ss, &r->f[SC_R_TEMPLATE]);
		if (itpl < 0 && has_rp)
			itpl = strs_add(&ss, &rsp[RP_TEMPLATE]);
		if (has_rp)
			itpl2 = itpl >= 0 && r->f[SC_R_TEMPLATE].type != SC_JSTRING
					? itpl : strs_add(&ss, &rsp[RP_TEMPLATE]);
	}
	/* every string is in: pointers now */
	id = strs_get(&ss, iid);
	kind = strs_get(&ss, ikind);
	th = strs_get(&ss, ith);
	ag = strs_get(&ss, iag);
	tpl2 = strs_get(&ss, itpl2);
	for (k = 0; k < A_N; k++)
		v[k] = NULL;
	v[A_PROFILE] = strs_get(&ss, iv[A_PROFILE]);
	v[A_PLATFORM] = strs_get(&ss, iv[A_PLATFORM]);
	v[A_KIND] = kind;
	v[A_VISIBILITY] = strs_get(&ss, iv[A_VISIBILITY]);
	v[A_CATEGORY] = strs_get(&ss, iv[A_CATEGORY]);
	v[A_TEAM] = strs_get(&ss, iv[A_TEAM]);
	v[A_PRIORITY] = strs_get(&ss, iv[A_PRIORITY]);
	v[A_SENTIMENT] = strs_get(&ss, iv[A_SENTIMENT]);
	for (i = 0; i < ntags; i++)
		tags[i] = strs_get(&ss, itags[i]);
	json_decref(tg);
	x.id = hash_str(id);
	k = sc_schema_index(sc_schema_kinds, SC_NKIND, kind);
	if (k >= SC_NMESSAGE_KIND)
		return 0;	/* a label is the team's, never an answer */
	x.th = th && *th ? hash_str(th) : x.id;
	if (s->o->partial || sc_stats_by_has(s->o, SC_BY_THREAD))
		sc_stats_thread_name(s, x.th, th && *th ? th : id);
	if (x.type == T_BRAND) {
		x.par = hash_str(strs_get(&ss, ipar));
	} else {
		const char *au = strs_get(&ss, iau);
		int64_t due;
		if (au && *au) {
			x.au = (uint32_t)sc_hash64(au, strlen(au));
			if (x.au == 0)
				x.au = 1;
		}
		if (has_tr && sc_time_parse(strs_get(&ss, idue), &due) == 0) {
			int64_t d = due > x.t ? due - x.t : 0;
			x.due = d >= (int64_t)UINT32_MAX ? UINT32_MAX : (uint32_t)(d + 1);
		}
	}
	if (has_tr)
		x.flags |= F_TRIAGE;
	if (x.type == T_BRAND) {
		const char *tpl = strs_get(&ss, itpl);
		vn = &r->f[SC_R_VARIANT];
		if (vn->type != SC_JINT && has_rp)
			vn = &rsp[RP_VARIANT];
		if (tpl && *tpl && vn->type == SC_JINT)
			snprintf(var, sizeof(var), "%s#%lld", tpl, (long long)vn->i);
		v[A_TEMPLATE] = tpl && *tpl ? tpl : NULL;
		if (var[0])
			v[A_VARIANT] = var;
	}
	put_msg(s, &x, v, tags, ntags, ag, tpl2);
	return 0;
dom:
	json_decref(tg);
	{
		json_t *rec = sc_record_dom(r, e);
		return rec ? sc_stats_add(s, rec, e) : -1;
	}
}
