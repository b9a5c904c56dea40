/*
 * reply_send_rec.c - sc-reply --send, the records: which operations a
 * drafted record asks for (a public reply, a private reply next to it, a
 * message in a conversation, the triage moderation), held when no API can
 * carry them (struct sc_send_plat.can) or when a limit or a reply window
 * no longer allows them (checked again now: a draft may have been edited
 * or kept for a while), the profile's token and base URL, and the brand
 * records printed for what was sent.  Carrying an operation out is
 * sc_send_run() (lib/reply_send.c).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "reply_send_int.h"

/* accounts/A/locations/L, each part a path_ok id */
static int
google_ok(const char *s)
{
	char a[210], l[210];
	int n = 0;

	if (strlen(s) > 200 || sscanf(s, "accounts/%200[^/]/locations/%200[^/]%n", a, l, &n) != 2 ||
	    s[n] != '\0')
		return 0;
	return sc_send_path_ok(a) && sc_send_path_ok(l);
}

static const char *
token_for(const struct sc_send_opts *o, struct sc_send_state *s, const struct sc_profile *p,
	  char *why, size_t cap)
{
	size_t i = (size_t)(p - o->profiles->v);
	struct sc_error e;

	if (s->tokens[i])
		return s->tokens[i];
	sc_error_clear(&e);
	s->tokens[i] = sc_token_new(p->token, o->profiles->table ? o->profiles->table->path : NULL, &e);
	if (s->tokens[i] == NULL) {
		if (e.source[0])
			snprintf(why, cap, "profile %s: %.150s: %.240s", p->name, e.source, e.text);
		else
			snprintf(why, cap, "profile %s: %.390s", p->name, e.text);
	}
	return s->tokens[i];
}

/* The native post, video or activity the message is under: post_id (as
   sc-normalize writes it), else the raw item's video_id or object; NULL
   when there is none or it cannot be used in a request. */
static const char *
post_of(const json_t *rec)
{
	const json_t *raw = json_object_get(rec, "raw");
	const char *p = sc_send_native(sc_json_str(rec, "post_id")), *c;

	if (p == NULL)
		p = sc_json_str(raw, "video_id");
	if (p == NULL)
		p = sc_json_str(raw, "object");
	if (p == NULL || *p == '\0' || strlen(p) > 200)
		return NULL;
	for (c = p; *c; c++)
		if (!((*c >= 'a' && *c <= 'z') || (*c >= 'A' && *c <= 'Z') || (*c >= '0' && *c <= '9') ||
		      strchr("_-.:(),", *c)))
			return NULL;
	return p;
}

/* Fill the profile part of op; 0, or a status with why. */
static int
op_setup(const struct sc_send_opts *o, struct sc_send_state *s, struct sc_send_op *op, const json_t *rec,
	 char *why, size_t cap)
{
	const char *pname = sc_json_str(rec, "profile"), *pb;
	char w[200];

	op->platform = sc_json_str(rec, "platform");
	op->plat = op->platform ? sc_platform_parse(op->platform) : -1;
	op->rec_id = sc_json_str(rec, "id");
	if (op->plat < 0 || sc_send_plat(op->plat) == NULL) {
		snprintf(why, cap, "no sending API for platform '%s'", op->platform ? op->platform : "");
		return SC_EX_UNAVAILABLE;
	}
	op->prof = pname ? sc_profiles_find(o->profiles, pname) : NULL;
	if (op->prof == NULL && pname)
		op->prof = sc_profiles_find_account(o->profiles, op->platform, pname);
	if (op->prof == NULL) {
		snprintf(why, cap, "profile '%s' is not in profiles.csv", pname ? pname : "");
		return SC_EX_CONFIG;
	}
	op->account = op->prof->account_id;
	pb = sc_profile_get(o->profiles, op->prof, "page_id");
	op->page = *pb ? pb : op->account;
	if (op->plat == SC_PLAT_GOOGLE ? !google_ok(op->account)
				       : !sc_send_path_ok(op->page) || !sc_send_path_ok(op->account)) {
		snprintf(why, cap, "profile %s: bad account_id or page_id", op->prof->name);
		return SC_EX_CONFIG;
	}
	if (sc_platform_base(op->plat, sc_profile_get(o->profiles, op->prof, "base_url"), o->base,
			     o->base_all, &op->origin, &op->base, w) < 0) {
		snprintf(why, cap, "profile %s: %s", op->prof->name, w);
		return SC_EX_CONFIG;
	}
	op->token = token_for(o, s, op->prof, why, cap);
	if (op->token == NULL)
		return SC_EX_CONFIG;
	op->post = post_of(rec);
	if (sc_send_plat(op->plat)->needs_post && op->post == NULL) {
		snprintf(why, cap, "a %s answer needs the record's post_id (the %s it is under)",
			 op->platform, op->plat == SC_PLAT_TIKTOK ? "video" : "post");
		return SC_EX_DATAERR;
	}
	return 0;
}

static void
op_release(struct sc_send_op *op)
{
	free(op->base);
	free(op->origin);
	op->base = op->origin = NULL;
}

static void
set_key(struct sc_send_op *op)
{
	struct sc_buf b;

	sc_buf_init(&b);
	sc_buf_printf(&b, "%s|%s", op->name, op->rec_id);
	sc_sha256_hex(b.data, b.len, op->key);
	sc_buf_release(&b);
}

static json_t *
brand_record(const struct sc_send_opts *o, const struct sc_send_op *op, const json_t *rec,
	     const json_t *reply, const char *id, const char *when, const json_t *credit)
{
	json_t *b = json_object(), *v;
	char ab[240];
	const char *kind = sc_json_str(rec, "kind"), *bn;
	char full[300], at[32];
	int pub = strcmp(op->name, "reply") == 0;

	/* the platform's id; when the platform confirmed the post without
	   one, a stable id of our own that never collides with the customer's */
	if (op->plat == SC_PLAT_GOOGLE)
		snprintf(full, sizeof(full), "google:%s:reply", op->target);
	else if (*id == '\0' || strcmp(id, op->target) == 0)
		snprintf(full, sizeof(full), "%s:%s:%s", op->platform, op->name, op->target);
	else
		snprintf(full, sizeof(full), "%s:%s", op->platform, id);
	if (when && *when)
		snprintf(at, sizeof(at), "%s", when);
	else
		sc_time_format((int64_t)time(NULL), at);
	json_object_set_new(b, "sc", json_integer(1));
	json_object_set_new(b, "id", json_string(full));
	json_object_set_new(b, "platform", json_string(op->platform));
	json_object_set_new(b, "profile", json_string(sc_json_str(rec, "profile")));
	json_object_set_new(b, "kind", json_string(!pub ? "dm" : op->plat == SC_PLAT_GOOGLE ? "review" :
						    kind && strcmp(kind, "mention") == 0 ? "mention" : "comment"));
	json_object_set_new(b, "visibility", json_string(pub ? "public" : "private"));
	if (sc_json_str(rec, "thread_id"))
		json_object_set_new(b, "thread_id", json_string(sc_json_str(rec, "thread_id")));
	json_object_set_new(b, "parent_id", json_string(op->rec_id));
	bn = sc_profile_get(o->profiles, op->prof, "brand_name");
	json_object_set_new(b, "author", json_pack("{s:s,s:s?,s:b}", "id", op->account, "name",
						   *bn ? bn : NULL, "is_brand", 1));
	json_object_set_new(b, "text", json_string(op->text));
	json_object_set_new(b, "created_at", json_string(at));
	if (sc_json_str(reply, "lang"))
		json_object_set_new(b, "lang", json_string(sc_json_str(reply, "lang")));
	/* a reply sent earlier keeps who sent it and its template (a rerun
	   by someone else does not re-label it) */
	json_object_set_new(b, "agent", json_string(sc_json_str(credit, "agent") ?
						    sc_json_str(credit, "agent") :
						    sc_send_agent(o, rec, ab, sizeof(ab))));
	if (sc_json_str(credit, "template") || sc_json_str(reply, "template"))
		json_object_set_new(b, "template", json_string(sc_json_str(credit, "template") ?
							       sc_json_str(credit, "template") :
							       sc_json_str(reply, "template")));
	v = json_object_get(credit, "variant");
	if (!json_is_integer(v))
		v = json_object_get(reply, "variant");
	if (json_is_integer(v))
		json_object_set(b, "variant", v);
	return b;
}

static void
fail_reply(struct sc_send_state *s, json_t *reply, int status, const char *why)
{
	json_object_set_new(reply, "status", json_string("failed"));
	json_object_set_new(reply, "error", json_string(why));
	if (status == SC_EX_TEMPFAIL)
		json_object_set_new(reply, "retry", json_true());
	s->status = sc_status_worst(s->status, status);
	s->failed++;
}

static int
moderate(const struct sc_send_opts *o, struct sc_send_state *s, json_t *rec, json_t *reply,
	 const char *action, struct sc_error *e)
{
	json_t *m = json_object(), *triage = json_object_get(rec, "triage");
	struct sc_send_op op;
	struct sc_send_done d;
	char why[600], rule[300];
	const json_t *rules = json_object_get(triage, "rules");
	int st, rc = 0;

	memset(&op, 0, sizeof(op));
	json_object_set_new(m, "action", json_string(action));
	json_object_set_new(reply, "moderation", m);
	op.name = action;
	st = op_setup(o, s, &op, rec, why, sizeof(why));
	if (st == 0 && !(sc_send_plat(op.plat)->can &
			 (strcmp(action, "delete") == 0 ? SC_SEND_DELETE : SC_SEND_HIDE))) {
		snprintf(why, sizeof(why), "%s is not supported on %s", action, op.platform);
		json_object_set_new(m, "status", json_string("skipped"));
		json_object_set_new(m, "reason", json_string(why));
		goto out;
	}
	if (st == 0 && strcmp(action, "delete") == 0) {
		const char *ad = sc_profile_get(o->profiles, op.prof, "allow_delete");
		const char *no = NULL;
		if (!o->allow_delete)
			no = "delete needs --allow-delete";
		else if (strcasecmp(ad, "no") == 0 || strcasecmp(ad, "false") == 0 || strcmp(ad, "0") == 0)
			no = "the profile forbids deleting (allow_delete=no)";
		if (no) {
			json_object_set_new(m, "status", json_string("skipped"));
			json_object_set_new(m, "reason", json_string(no));
			goto out;
		}
	}
	if (st) {
		json_object_set_new(m, "status", json_string("failed"));
		json_object_set_new(m, "error", json_string(why));
		s->status = sc_status_worst(s->status, st);
		s->failed++;
		goto out;
	}
	op.target = sc_send_native(op.rec_id);
	if (!sc_send_path_ok(op.target)) {
		json_object_set_new(m, "status", json_string("failed"));
		json_object_set_new(m, "error", json_string("bad message id"));
		s->status = sc_status_worst(s->status, SC_EX_DATAERR);
		goto out;
	}
	set_key(&op);
	{
		/* which rules decided: sc-triage's list */
		struct sc_buf b;
		size_t i;
		json_t *v;

		sc_buf_init(&b);
		sc_buf_adds(&b, "sc-triage");
		if (json_is_array(rules)) {
			json_array_foreach(rules, i, v)
				if (json_is_string(v))
					sc_buf_printf(&b, "%s%s", i ? "," : ":", json_string_value(v));
		}
		snprintf(rule, sizeof(rule), "%s", b.data);
		sc_buf_release(&b);
	}
	if (sc_send_run(o, s, &op, rec, rule, &d, e) < 0) {
		rc = -1;
		goto out;
	}
	if (d.ok) {
		json_object_set_new(m, "status", json_string("done"));
		if (d.how && strcmp(d.how, "sent") != 0)
			json_object_set_new(m, "resolved_by", json_string(d.how));
		s->moderated++;
	} else {
		json_object_set_new(m, "status", json_string("failed"));
		json_object_set_new(m, "error", json_string(d.why));
		if (d.status == SC_EX_TEMPFAIL)
			json_object_set_new(m, "retry", json_true());
		s->status = sc_status_worst(s->status, d.status);
		s->failed++;
	}
out:
	op_release(&op);
	return rc;
}

int
sc_send_record(const struct sc_send_opts *o, struct sc_send_state *s, json_t *rec,
	       json_t *brand, struct sc_error *e)
{
	json_t *reply = json_object_get(rec, "reply"), *triage = json_object_get(rec, "triage");
	const char *status = sc_json_str(reply, "status"), *action = sc_json_str(triage, "action");
	const char *kind = sc_json_str(rec, "kind"), *via = sc_json_str(reply, "private_via");
	const char *rule = sc_json_str(reply, "rule"), *thread;
	struct sc_send_op ops[2];
	struct sc_send_done d;
	char why[600];
	int nops = 0, i, st = 0, rc = 0;

	if (kind == NULL || json_is_true(json_object_get(json_object_get(rec, "author"), "is_brand")))
		return 0;
	/* moderation: customers' comments only, as sc-triage decided */
	if (action && (strcmp(action, "hide") == 0 || strcmp(action, "delete") == 0)) {
		if (strcmp(kind, "comment") != 0)
			return 0;
		if (reply == NULL) {
			/* not drafted in this run (no -r): the reply object is ours */
			reply = json_object();
			snprintf(why, sizeof(why), "triage action is %s", action);
			json_object_set_new(reply, "status", json_string("skipped"));
			json_object_set_new(reply, "reason", json_string(why));
			json_object_set_new(rec, "reply", reply);
		}
		if (!json_is_object(reply))
			return 0;
		return moderate(o, s, rec, reply, action, e);
	}
	if (!json_is_object(reply) || status == NULL)
		return 0;
	if (strcmp(status, "draft") != 0)
		return 0;
	if (json_is_true(json_object_get(reply, "needs_review"))) {
		json_object_set_new(reply, "held", json_string("needs review (too long); not sent"));
		s->held++;
		return 0;
	}
	if (json_is_true(json_object_get(reply, "needs_approval")) && !o->approve &&
	    !json_is_true(json_object_get(reply, "approved"))) {
		json_object_set_new(reply, "held", json_string("needs approval (--approve); not sent"));
		s->held++;
		return 0;
	}
	memset(ops, 0, sizeof(ops));
	for (i = 0; i < 2; i++)
		ops[i].name = NULL;
	st = op_setup(o, s, &ops[0], rec, why, sizeof(why));
	if (st == SC_EX_UNAVAILABLE || (st == 0 && strcmp(kind, "dm") == 0 &&
					!(sc_send_plat(ops[0].plat)->can & SC_SEND_MESSAGE))) {
		/* no API to send through: the draft waits for a human */
		snprintf(why, sizeof(why), "sending %s on %s is not supported; not sent",
			 strcmp(kind, "dm") == 0 ? "direct messages" : "replies",
			 ops[0].platform ? ops[0].platform : "this platform");
		json_object_set_new(reply, "held", json_string(why));
		s->held++;
		goto out;
	}
	if (st) {
		fail_reply(s, reply, st, why);
		goto out;
	}
	thread = sc_send_native(sc_json_str(rec, "thread_id"));
	if (strcmp(kind, "dm") == 0) {
		ops[0].name = "message";
		ops[0].recipient = sc_json_path_str(rec, "author.id");
		ops[0].conv = thread;
		ops[0].text = sc_json_str(reply, "text");
		ops[0].target = sc_send_native(ops[0].rec_id);
		if (!sc_send_path_ok(ops[0].conv) || !sc_send_path_ok(ops[0].recipient)) {
			fail_reply(s, reply, SC_EX_DATAERR, "a direct message needs thread_id and author.id");
			goto out;
		}
		nops = 1;
	} else {
		const char *pub = sc_json_str(reply, "public_text");
		ops[0].name = "reply";
		ops[0].text = pub ? pub : sc_json_str(reply, "text");
		/* Graph and YouTube threads are two levels deep: replies go
		   under the top-level comment */
		if (sc_send_plat(ops[0].plat)->under_thread && thread && *thread)
			ops[0].target = thread;
		else
			ops[0].target = sc_send_native(ops[0].rec_id);
		nops = 1;
		if (via && strcmp(via, "private_reply") == 0 &&
		    (sc_send_plat(ops[0].plat)->can & SC_SEND_PRIVATE)) {
			ops[1] = ops[0];
			ops[1].base = sc_xstrdup(ops[0].base);
			ops[1].origin = sc_xstrdup(ops[0].origin);
			ops[1].name = "private_reply";
			ops[1].target = sc_send_native(ops[0].rec_id);
			ops[1].text = sc_json_str(reply, "private_text");
			nops = 2;
		}
	}
	for (i = 0; i < nops; i++) {
		const char *ch;
		long lim, len;

		if (ops[i].text == NULL || *ops[i].text == '\0' || !sc_send_path_ok(ops[i].target)) {
			fail_reply(s, reply, SC_EX_DATAERR, "nothing to send (no text or bad target id)");
			goto out;
		}
		set_key(&ops[i]);
		/* the draft may have been edited or kept for a while: limits and
		   windows again, now */
		ch = sc_reply_channel(ops[i].platform, strcmp(ops[i].name, "reply") != 0);
		lim = sc_reply_limit(ch);
		len = sc_reply_length(ch, ops[i].text);
		if (lim > 0 && len > lim) {
			snprintf(why, sizeof(why), "too long for %s (%ld > %ld); not sent", ch, len, lim);
			json_object_set_new(reply, "held", json_string(why));
			s->held++;
			goto out;
		}
		if (strcmp(ops[i].name, "reply") != 0) {
			const char *tag = NULL, *reason = NULL;
			int64_t t = 0;
			int human = o->approve || json_is_true(json_object_get(reply, "approved"));

			sc_time_parse(sc_json_str(rec, "created_at"), &t);
			if (sc_reply_window(ops[i].platform, strcmp(ops[i].name, "message") == 0 ? "dm"
					    : "private_reply", t, o->now, human, &tag, &reason) < 0) {
				if (tag) {
					snprintf(why, sizeof(why), "needs approval (--approve): %s; not sent",
						 reason);
					json_object_set_new(reply, "held", json_string(why));
					s->held++;
				} else {
					json_object_set_new(reply, "status", json_string("skipped"));
					json_object_set_new(reply, "reason", json_string(reason));
					s->held++;
				}
				goto out;
			}
			if (tag)
				ops[i].tag = tag;
		}
	}
	for (i = 0; i < nops; i++) {
		if (sc_send_run(o, s, &ops[i], rec, rule, &d, e) < 0) {
			rc = -1;
			goto out;
		}
		if (!d.ok) {
			fail_reply(s, reply, d.status, d.why);
			goto out;
		}
		if (nops == 2)
			json_object_set_new(reply, i == 0 ? "public_id" : "private_id", json_string(d.id));
		if (i == 0)
			json_object_set_new(reply, "id", json_string(d.id));
		if (d.how && strcmp(d.how, "sent") != 0)
			json_object_set_new(reply, "resolved_by", json_string(d.how));
		json_array_append_new(brand, brand_record(o, &ops[i], rec, reply, d.id, d.at,
							  d.credit));
	}
	{
		char at[32];
		sc_time_format((int64_t)time(NULL), at);
		json_object_set_new(reply, "status", json_string("sent"));
		json_object_set_new(reply, "sent_at", json_string(at));
	}
out:
	for (i = 0; i < 2; i++)
		op_release(&ops[i]);
	return rc;
}
