/*
 * reply_send.c - sc-reply --send, the engine: every operation carried out
 * through the platform APIs exactly once.  The platforms' paths and
 * answers are in lib/reply_send_PLATFORM.c behind struct sc_send_plat
 * (lib/reply_send_int.h); which operations a record asks for is in
 * lib/reply_send_rec.c.
 *
 * Every action is an operation with a key, SHA-256 of "op|record id"
 * (op: reply, private_reply, message, hide, delete): one public reply,
 * one private reply, one message, one hide, one delete per customer
 * message, whatever the text became.  The outbox journal is the truth:
 *
 *   1. before a request, an "intent" entry (with the text) is appended
 *      and fsynced;
 *   2. the answer appends "sent" (with the platform's id), "failed" (a
 *      definite refusal) or "unknown" (timeout, reset, 5xx, 429: the
 *      server may have accepted it);
 *   3. before any retry of a key whose last intent has no "sent", the
 *      platform is read back (the platform's readback_page: the comment's
 *      replies, the conversation, the account's posts, the review,
 *      can_reply_privately, is_hidden) for the journaled text; found
 *      means sent, and nothing is posted.
 *
 * At start the whole journal is replayed into a key -> state map, so a
 * rerun (or a run after kill -9 at any point) posts nothing the journal
 * shows as sent and checks every pending intent first.  A platform's
 * own uniqueness answers (its `already`: Graph code 10 "only one private
 * reply", X 403 duplicate content, Graph code 100 for a comment already
 * deleted) count as done.  Requests are sequential (curl easy): sending
 * is a trickle next to fetching, and order keeps the journal readable.
 *
 * Error classes follow sc-fetch (lib/platform.c): a refused token stops
 * the profile (69), a usage cap or quota stops the profile for this run
 * (75) and, when the platform says when it ends (a LinkedIn DAY limit,
 * the YouTube quota day), a "capped" journal entry keeps later runs from
 * asking before then (--forget-caps asks anyway), throttling waits as told when the wait fits --max-wait, retries
 * back off exponentially with jitter; the token travels only in a
 * header and never reaches a message or the journal.
 */
#include <curl/curl.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

#include "reply_send_int.h"

#define READBACK_PAGES 20

enum verdict { V_OK, V_ALREADY, V_REFUSED, V_DENY, V_DEFER, V_UNKNOWN };

/* ---- small helpers ---- */

const char *
sc_send_native(const char *id)
{
	const char *c = id ? strchr(id, ':') : NULL;

	return c ? c + 1 : id;
}

int
sc_send_path_ok(const char *s)
{
	const char *p;

	if (s == NULL || *s == '\0' || strlen(s) > 200)
		return 0;
	for (p = s; *p; p++)
		if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		      (*p >= '0' && *p <= '9') || *p == '_' || *p == '-' || *p == '.'))
			return 0;
	return 1;
}

int
sc_send_is_moderation(const struct sc_send_op *op)
{
	return strcmp(op->name, "hide") == 0 || strcmp(op->name, "delete") == 0;
}

char *
sc_send_next_token_url(const char *url, const char *param, const char *tok)
{
	struct sc_buf nb;
	char *stripped = sc_url_strip_param_new(url, param);

	sc_buf_init(&nb);
	sc_buf_adds(&nb, stripped);
	free(stripped);
	sc_url_add(&nb, param, tok);
	return nb.data;
}

int
sc_send_find_item(const struct sc_send_op *op, const json_t *list, const char *text_path,
		  const char *alt_path, const char *id_key,
		  int (*keep)(const struct sc_send_op *op, const json_t *item), char *id, size_t cap)
{
	const json_t *it;
	size_t i;

	json_array_foreach(list, i, it) {
		const char *t = sc_json_path_str(it, text_path), *v;

		if (t == NULL && alt_path)
			t = sc_json_path_str(it, alt_path);
		if (t == NULL || strcmp(t, op->text) != 0 || (keep && !keep(op, it)))
			continue;
		v = sc_json_str(it, id_key);
		snprintf(id, cap, "%s", v ? v : "");
		return 1;
	}
	return 0;
}

int
sc_send_copy_id(const char *v, char *id, size_t cap)
{
	if (v == NULL || *v == '\0')
		return -1;
	snprintf(id, cap, "%s", v);
	return 0;
}

const struct sc_send_plat *
sc_send_plat(int plat)
{
	switch (plat) {
	case SC_PLAT_FACEBOOK:
	case SC_PLAT_INSTAGRAM:
		return &sc_send_graph;
	case SC_PLAT_X:
		return &sc_send_x;
	case SC_PLAT_YOUTUBE:
		return &sc_send_youtube;
	case SC_PLAT_GOOGLE:
		return &sc_send_google;
	case SC_PLAT_TIKTOK:
		return &sc_send_tiktok;
	case SC_PLAT_LINKEDIN:
		return &sc_send_linkedin;
	default:
		return NULL;
	}
}

static int64_t
backoff(struct sc_send_state *s, const struct sc_send_opts *o, int attempt)
{
	return sc_api_backoff(&s->rnd, o->backoff_ms, o->max_wait, attempt);
}

/* ---- HTTP ---- */

void
sc_send_resp_release(struct sc_send_resp *r)
{
	sc_api_resp_release(&r->a);
	json_decref(r->doc);
	r->doc = NULL;
}

void
sc_send_http(const struct sc_send_opts *o, const struct sc_send_op *op, const char *method,
	     const char *url, const json_t *body, struct sc_send_resp *r)
{
	struct sc_api_req q;
	struct sc_buf b;

	memset(&q, 0, sizeof(q));
	sc_buf_init(&b);
	sc_api_resp_init(&r->a);
	q.url = url;
	q.method = method;
	q.headers = sc_api_headers_new(op->plat, op->token);
	if (body) {
		sc_buf_add_json(&b, body);
		q.headers = curl_slist_append(q.headers, "Content-Type: application/json; charset=utf-8");
		q.body = b.data;
		q.body_len = b.len;
	}
	q.timeout = o->timeout;
	q.agent = "sc-reply";
	sc_api_perform(&q, &r->a);
	curl_slist_free_all(q.headers);
	sc_buf_release(&b);
	r->doc = sc_api_json(&r->a);
}

static enum verdict
classify(const struct sc_send_plat *pl, const struct sc_send_op *op, const struct sc_send_resp *r,
	 char *id, size_t idcap, int64_t *wait, char *why, size_t wcap)
{
	struct sc_api_error ae;

	*wait = -1;
	if (r->a.cc == CURLE_OK && r->a.status >= 200 && r->a.status < 300) {
		int got = pl->answer_id(op, r, id, idcap);

		if (got == 0)
			return V_OK;
		if (got == -1) {
			snprintf(why, wcap, "HTTP %ld with %s", r->a.status,
				 r->doc ? "an unexpected JSON shape" :
				 r->a.body.len == 0 ? "an empty body" : "a body that is not JSON");
			return V_UNKNOWN;
		}
	}
	sc_api_classify(op->plat, &r->a, r->doc, op->prof->token, op->token, (int64_t)time(NULL), &ae);
	snprintf(why, wcap, "%s", ae.why);
	if (r->a.cc == CURLE_OK && pl->already && pl->already(op, r, &ae, why, wcap))
		return V_ALREADY;
	switch (ae.cls) {
	case SC_API_TOKEN:
	case SC_API_NET_FATAL:
		return V_DENY;
	case SC_API_CAPPED:
		*wait = ae.wait_ms;	/* until the period ends, when the platform says */
		return V_DEFER;
	case SC_API_THROTTLE:
	case SC_API_APP_THROTTLE:
		*wait = ae.wait_ms;
		return V_UNKNOWN;
	case SC_API_TRANSIENT:
	case SC_API_NET_RETRY:
	case SC_API_TOO_BIG:
		return V_UNKNOWN;
	default:
		return V_REFUSED;
	}
}

/*
 * Look for the operation's effect on the platform.  Returns 1 found (id
 * set, possibly empty), 0 not there, -1 could not tell (why set).
 */
static int
readback(const struct sc_send_opts *o, const struct sc_send_plat *pl, const struct sc_send_op *op,
	 char *id, size_t cap, char *why, size_t wcap)
{
	struct sc_buf u;
	struct sc_send_resp r;
	int page, found = 0;
	char *next = NULL;

	sc_buf_init(&u);
	*id = '\0';
	for (page = 0; page < READBACK_PAGES; page++) {
		sc_buf_reset(&u);
		if (next) {
			sc_buf_adds(&u, next);
			free(next);
			next = NULL;
		} else {
			pl->readback_url(op, &u);
		}
		sc_send_http(o, op, "GET", u.data, NULL, &r);
		if (r.a.cc != CURLE_OK) {
			snprintf(why, wcap, "read-back failed: %s", curl_easy_strerror(r.a.cc));
			found = -1;
		} else {
			why[0] = '\0';
			found = pl->readback_page(op, &r, u.data, id, cap, &next, why, wcap);
			if (found < 0 && why[0] == '\0')
				snprintf(why, wcap, "read-back failed: HTTP %ld", r.a.status);
		}
		sc_send_resp_release(&r);
		if (found || next == NULL)
			break;
	}
	free(next);
	sc_buf_release(&u);
	return found;
}

/* ---- the journal ---- */

const char *
sc_send_agent(const struct sc_send_opts *o, const json_t *rec, char *buf, size_t cap)
{
	const char *t = sc_json_str(json_object_get(rec, "reply"), "template");

	if (o->agent)
		return o->agent;
	snprintf(buf, cap, "auto:%s", t ? t : "sc-reply");
	return buf;
}

static int
journal(const struct sc_send_opts *o, const struct sc_send_op *op, const json_t *rec,
	const char *rule, const char *action, int attempt, const char *id, const char *why,
	const char *how, struct sc_error *e)
{
	json_t *j = json_object(), *rp = json_object_get(rec, "reply"), *v;
	char at[32], ab[240];
	int rc;

	sc_time_format((int64_t)time(NULL), at);
	json_object_set_new(j, "at", json_string(at));
	json_object_set_new(j, "actor", json_string("sc-reply"));
	json_object_set_new(j, "rule", json_string(rule ? rule : "built-in"));
	/* replies: who and which template, kept for reruns (sc-stats credits
	   the reply to them, not to whoever runs again) */
	if (!sc_send_is_moderation(op)) {
		json_object_set_new(j, "agent", json_string(sc_send_agent(o, rec, ab, sizeof(ab))));
		if (sc_json_str(rp, "template"))
			json_object_set_new(j, "template", json_string(sc_json_str(rp, "template")));
		if (json_is_integer(v = json_object_get(rp, "variant")))
			json_object_set_new(j, "variant", json_incref(v));
	} else if (o->agent) {
		json_object_set_new(j, "agent", json_string(o->agent));
	}
	if (o->approve)
		json_object_set_new(j, "approved_by", json_string(o->agent ? o->agent : "--approve"));
	json_object_set_new(j, "action", json_string(action));
	json_object_set_new(j, "op", json_string(op->name));
	json_object_set_new(j, "key", json_string(op->key));
	json_object_set_new(j, "target", json_string(op->rec_id));
	json_object_set_new(j, "platform", json_string(op->platform));
	json_object_set_new(j, "profile", json_string(op->prof->name));
	if (op->text)
		json_object_set_new(j, "text", json_string(op->text));
	if (attempt > 0)
		json_object_set_new(j, "attempt", json_integer(attempt));
	if (id)
		json_object_set_new(j, "id", json_string(id));
	if (how)
		json_object_set_new(j, "resolved_by", json_string(how));
	if (why)
		json_object_set_new(j, "error", json_string(why));
	json_object_set_new(j, "original_text",
			    json_string(sc_json_str(rec, "text") ? sc_json_str(rec, "text") : ""));
	/* intents and outcomes are durable before anything else happens */
	rc = sc_journal_append(o->journal, j, 1, e);
	json_decref(j);
	return rc;
}

/*
 * A usage cap or quota with a known end (a LinkedIn DAY limit, the
 * YouTube quota day): the journal remembers it for the profile, so the
 * next run until then spends no request to learn it again.
 */
static int
journal_capped(const struct sc_send_opts *o, const struct sc_send_op *op, int64_t until,
	       const char *why, struct sc_error *e)
{
	json_t *j = json_object();
	char at[32], ut[32];
	int rc;

	sc_time_format((int64_t)time(NULL), at);
	sc_time_format(until, ut);
	json_object_set_new(j, "at", json_string(at));
	json_object_set_new(j, "actor", json_string("sc-reply"));
	json_object_set_new(j, "action", json_string("capped"));
	json_object_set_new(j, "platform", json_string(op->platform));
	json_object_set_new(j, "profile", json_string(op->prof->name));
	json_object_set_new(j, "until", json_string(ut));
	json_object_set_new(j, "error", json_string(why));
	rc = sc_journal_append(o->journal, j, 1, e);
	json_decref(j);
	return rc;
}

static void
key_set(struct sc_send_state *s, const char *key, const char *state, const char *id,
	const char *text, const char *at)
{
	json_t *v = json_object_get(s->keys, key);

	if (v == NULL) {
		v = json_object();
		json_object_set_new(s->keys, key, v);
	}
	json_object_set_new(v, "state", json_string(state));
	if (id)
		json_object_set_new(v, "id", json_string(id));
	if (text)
		json_object_set_new(v, "text", json_string(text));
	if (at)
		json_object_set_new(v, "at", json_string(at));
}

/* What the journal says of a sent reply beyond its id: agent, template,
   variant (from the "sent" entry j). */
static void
key_credit(struct sc_send_state *s, const char *key, const json_t *j)
{
	json_t *v = json_object_get(s->keys, key);
	const char *f[] = {"agent", "template", "variant"};
	size_t k;

	for (k = 0; v && k < sizeof(f) / sizeof(f[0]); k++)
		if (json_object_get(j, f[k]))
			json_object_set(v, f[k], json_object_get(j, f[k]));
}

void
sc_send_opts_init(struct sc_send_opts *o)
{
	memset(o, 0, sizeof(*o));
	sc_api_retry_defaults(&o->retries, &o->backoff_ms, &o->max_wait, &o->timeout);
	o->now = (int64_t)time(NULL);
}

int
sc_send_init(struct sc_send_state *s, const struct sc_send_opts *o, struct sc_error *e)
{
	struct sc_reader r;
	const char *line;
	size_t len;
	int fd, got;

	memset(s, 0, sizeof(*s));
	s->keys = json_object();
	s->profs = json_object();
	s->ntokens = o->profiles ? o->profiles->n : 0;
	s->tokens = sc_xcalloc(s->ntokens + 1, sizeof(*s->tokens));
	s->rnd = (unsigned)getpid() ^ (unsigned)time(NULL);
	fd = open(o->journal->path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return sc_error_set(e, SC_EX_IOERR, o->journal->path, 0, 0,
				    "cannot read journal: %s", strerror(errno));
	sc_reader_init(&r, fd, o->journal->path, SC_JOURNAL_MAX_LINE);
	while ((got = sc_reader_next(&r, &line, &len, e)) == 1) {
		json_error_t je;
		json_t *j = json_loadb(line, len, 0, &je);
		const char *key = sc_json_str(j, "key"), *act = sc_json_str(j, "action");

		if (j == NULL) {
			sc_reader_release(&r);
			close(fd);
			return sc_error_set(e, SC_EX_DATAERR, o->journal->path, (long)r.lineno, 0,
					    "journal entry is not JSON; check it with --verify-journal");
		}
		if (!o->forget_caps && act && strcmp(act, "capped") == 0 && sc_json_str(j, "profile") &&
		    sc_json_str(j, "until")) {
			/* a cap remembered from an earlier run, while it lasts */
			int64_t until = 0;
			if (sc_time_parse(sc_json_str(j, "until"), &until) == 0 && until > (int64_t)time(NULL)) {
				char why[600];
				json_t *p = json_object();
				snprintf(why, sizeof(why), "%.400s (remembered from %.40s; not asked again before %.40s)",
					 sc_json_str(j, "error") ? sc_json_str(j, "error") : "capped",
					 sc_json_str(j, "at") ? sc_json_str(j, "at") : "an earlier run",
					 sc_json_str(j, "until"));
				json_object_set_new(p, "status", json_integer(SC_EX_TEMPFAIL));
				json_object_set_new(p, "why", json_string(why));
				json_object_set_new(s->profs, sc_json_str(j, "profile"), p);
			}
		}
		if (key && act) {
			json_t *cur = json_object_get(s->keys, key);
			const char *cs = sc_json_str(cur, "state");
			if (strcmp(act, "sent") == 0) {
				key_set(s, key, "sent", sc_json_str(j, "id"), NULL, sc_json_str(j, "at"));
				key_credit(s, key, j);
			}
			else if (strcmp(act, "intent") == 0 && !(cs && strcmp(cs, "sent") == 0))
				key_set(s, key, "pending", NULL, sc_json_str(j, "text"), NULL);
		}
		json_decref(j);
	}
	sc_reader_release(&r);
	close(fd);
	return got < 0 ? -1 : 0;
}

void
sc_send_release(struct sc_send_state *s)
{
	size_t i;

	for (i = 0; i < s->ntokens; i++)
		if (s->tokens[i]) {
			explicit_bzero(s->tokens[i], strlen(s->tokens[i]));
			free(s->tokens[i]);
		}
	free(s->tokens);
	json_decref(s->keys);
	json_decref(s->profs);
}

/* ---- one operation ---- */

/* The request itself: intent journaled by the caller, verdict back. */
static enum verdict
post(const struct sc_send_opts *o, const struct sc_send_plat *pl, const struct sc_send_op *op,
     struct sc_send_done *d, int64_t *wait, char *why, size_t wcap)
{
	struct sc_buf u;
	struct sc_send_resp r;
	json_t *body = NULL;
	const char *method = "POST";
	enum verdict v;

	sc_buf_init(&u);
	pl->request(op, &method, &u, &body);
	sc_send_http(o, op, method, u.data, body, &r);
	json_decref(body);
	sc_buf_release(&u);
	v = classify(pl, op, &r, d->id, sizeof(d->id), wait, why, wcap);
	sc_send_resp_release(&r);
	return v;
}

int
sc_send_run(const struct sc_send_opts *o, struct sc_send_state *s, struct sc_send_op *op,
	    const json_t *rec, const char *rule, struct sc_send_done *d, struct sc_error *e)
{
	const struct sc_send_plat *pl = sc_send_plat(op->plat);
	json_t *k = json_object_get(s->keys, op->key), *pj;
	const char *ks = sc_json_str(k, "state");
	int pending = ks && strcmp(ks, "pending") == 0;
	int attempt = 0;
	const char *want = op->text;

	memset(d, 0, sizeof(*d));
	if (ks && strcmp(ks, "sent") == 0) {
		d->ok = 1;
		d->how = "journal";
		snprintf(d->id, sizeof(d->id), "%s", sc_json_str(k, "id") ? sc_json_str(k, "id") : "");
		snprintf(d->at, sizeof(d->at), "%s", sc_json_str(k, "at") ? sc_json_str(k, "at") : "");
		d->credit = k;
		s->already++;
		return 0;
	}
	if ((pj = json_object_get(s->profs, op->prof->name)) != NULL) {
		d->status = (int)json_integer_value(json_object_get(pj, "status"));
		snprintf(d->why, sizeof(d->why), "%s", sc_json_str(pj, "why"));
		return 0;
	}
	for (;;) {
		enum verdict v;
		int64_t wait = -1;
		char why[500];

		if (pending) {
			/* the earlier attempt may have landed: look before posting again */
			const char *jt = sc_json_str(json_object_get(s->keys, op->key), "text");
			int f;

			if (jt && op->text)
				op->text = jt;	/* what was posted then is what to look for */
			f = readback(o, pl, op, d->id, sizeof(d->id), why, sizeof(why));
			op->text = want;
			if (f == 1) {
				if (journal(o, op, rec, rule, "sent", attempt, d->id, NULL, "read-back", e) < 0)
					return -1;
				key_set(s, op->key, "sent", d->id, NULL, NULL);
				d->ok = 1;
				d->how = "read-back";
				s->resolved++;
				return 0;
			}
			if (f < 0) {
				if (attempt >= o->retries) {
					snprintf(d->why, sizeof(d->why), "outcome unknown, %s", why);
					d->status = SC_EX_TEMPFAIL;
					return 0;
				}
				attempt++;
				sc_api_sleep_ms(backoff(s, o, attempt));
				continue;
			}
		}
		attempt++;
		if (journal(o, op, rec, rule, "intent", attempt, NULL, NULL, NULL, e) < 0)
			return -1;
		key_set(s, op->key, "pending", NULL, op->text, NULL);
		pending = 1;
		v = post(o, pl, op, d, &wait, why, sizeof(why));
		switch (v) {
		case V_OK:
		case V_ALREADY:
			if (v == V_ALREADY) {
				char rid[200], w2[500];
				if (readback(o, pl, op, rid, sizeof(rid), w2, sizeof(w2)) == 1)
					snprintf(d->id, sizeof(d->id), "%s", rid);
				else if (strcmp(op->name, "delete") == 0 || strcmp(op->name, "private_reply") == 0)
					snprintf(d->id, sizeof(d->id), "%s", op->target);
				else
					d->id[0] = '\0';
			}
			if (journal(o, op, rec, rule, "sent", attempt, d->id, NULL,
				    v == V_OK ? NULL : "platform", e) < 0)
				return -1;
			key_set(s, op->key, "sent", d->id, NULL, NULL);
			d->ok = 1;
			d->how = v == V_OK ? "sent" : "platform";
			if (v == V_OK)
				s->sent++;
			else
				s->resolved++;
			return 0;
		case V_REFUSED:
		case V_DENY:
		case V_DEFER:
			/* a refusal may still follow a commit (a lying proxy): the
			   intent stays pending, so a rerun reads back first */
			if (journal(o, op, rec, rule, "failed", attempt, NULL, why, NULL, e) < 0)
				return -1;
			d->status = v == V_DEFER ? SC_EX_TEMPFAIL : SC_EX_UNAVAILABLE;
			snprintf(d->why, sizeof(d->why), "%s", why);
			if (v != V_REFUSED) {
				json_t *p = json_object();
				json_object_set_new(p, "status", json_integer(d->status));
				json_object_set_new(p, "why", json_string(why));
				json_object_set_new(s->profs, op->prof->name, p);
			}
			if (v == V_DEFER && wait > 0 &&
			    journal_capped(o, op, (int64_t)time(NULL) + (wait + 999) / 1000, why, e) < 0)
				return -1;
			return 0;
		case V_UNKNOWN:
			if (journal(o, op, rec, rule, "unknown", attempt, NULL, why, NULL, e) < 0)
				return -1;
			if (attempt > o->retries) {
				snprintf(d->why, sizeof(d->why), "%s; gave up after %d attempt%s", why,
					 attempt, attempt == 1 ? "" : "s");
				d->status = SC_EX_TEMPFAIL;
				return 0;
			}
			if (wait > o->max_wait * 1000) {
				snprintf(d->why, sizeof(d->why), "%s; the server asks to wait %llds, "
					 "more than --max-wait", why, (long long)(wait / 1000));
				d->status = SC_EX_TEMPFAIL;
				return 0;
			}
			sc_api_sleep_ms(wait >= 0 ? wait : backoff(s, o, attempt));
			break;
		}
	}
}
