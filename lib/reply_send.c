/*
 * reply_send.c - sc-reply --send: drafted replies and triage moderation
 * carried out through the platform APIs, exactly once.
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
 *      platform is read back (the comment's replies, the conversation,
 *      the account's posts, the review, can_reply_privately, is_hidden)
 *      for the journaled text; found means sent, and nothing is posted.
 *
 * At start the whole journal is replayed into a key -> state map, so a
 * rerun (or a run after kill -9 at any point) posts nothing the journal
 * shows as sent and checks every pending intent first.  A platform's
 * own uniqueness answers (Graph code 10 "only one private reply", X 403
 * duplicate content, Graph code 100 for a comment already deleted) count
 * as done.  Requests are sequential (curl easy): sending is a trickle
 * next to fetching, and order keeps the journal readable.
 *
 * Error classes follow sc-fetch: a refused token stops the profile (69),
 * a usage cap or quota stops the profile for this run (75), throttling
 * waits as told when the wait fits --max-wait, retries back off
 * exponentially with jitter; the token travels only in an Authorization
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

#include "reply_send.h"

#define GRAPH SC_GRAPH_VERSION
#define READBACK_PAGES 20


enum verdict { V_OK, V_ALREADY, V_REFUSED, V_DENY, V_DEFER, V_UNKNOWN };

struct op {
	const char *name;	/* reply, private_reply, message, hide, delete */
	int plat;
	const char *platform;
	const struct sc_profile *prof;
	const char *account;	/* the brand's account id */
	const char *page;	/* Graph object that sends messages */
	const char *rec_id;	/* the customer message's record id */
	const char *target;	/* native id acted on */
	const char *conv;	/* native conversation id (messages) */
	const char *recipient;	/* customer id (messages) */
	const char *text;	/* what is posted (NULL for hide/delete) */
	const char *tag;	/* Messenger message tag */
	char key[65];
	char *base;		/* scheme://host[:port][/prefix] */
	char *origin;
	const char *token;
};

/* An answer: the transfer's outcome (lib/api.c) and its body parsed. */
struct resp {
	struct sc_api_resp a;
	json_t *doc;		/* the body when it is a JSON object */
};

/* ---- small helpers ---- */

static int
status_rank(int st)
{
	return st == SC_EX_CONFIG ? 4 : st == SC_EX_UNAVAILABLE ? 3 : st == SC_EX_TEMPFAIL ? 2 :
	       st ? 1 : 0;
}

static void
note_status(struct sc_send_state *s, int st)
{
	if (status_rank(st) > status_rank(s->status))
		s->status = st;
}

/* The native id: "facebook:123_456" -> "123_456". */
static const char *
native(const char *id)
{
	const char *c = id ? strchr(id, ':') : NULL;

	return c ? c + 1 : id;
}

/* An id that may go into a URL path as it is. */
static int
path_ok(const char *s)
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

/* accounts/A/locations/L, each part a path_ok id */
static int
google_ok(const char *s)
{
	char a[210], l[210];
	int n = 0;

	if (strlen(s) > 200 || sscanf(s, "accounts/%200[^/]/locations/%200[^/]%n", a, l, &n) != 2 ||
	    s[n] != '\0')
		return 0;
	return path_ok(a) && path_ok(l);
}

static int64_t
backoff(struct sc_send_state *s, const struct sc_send_opts *o, int attempt)
{
	return sc_api_backoff(&s->rnd, o->backoff_ms, o->max_wait, attempt);
}

/* ---- HTTP ---- */

static void
resp_release(struct resp *r)
{
	sc_api_resp_release(&r->a);
	json_decref(r->doc);
	r->doc = NULL;
}

/* One request (lib/api.c).  body (may be NULL) is sent as JSON. */
static void
http(const struct sc_send_opts *o, const struct op *op, const char *method, const char *url,
     const json_t *body, struct resp *r)
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

/* The id the platform gave a write, into id; 0 when the answer has one. */
static int
answer_id(const struct op *op, const json_t *doc, char *id, size_t cap)
{
	const char *v = NULL;

	if (strcmp(op->name, "hide") == 0 || strcmp(op->name, "delete") == 0) {
		if (!json_is_true(json_object_get(doc, "success")))
			return -1;
		snprintf(id, cap, "%s", op->target);
		return 0;
	}
	switch (op->plat) {
	case SC_PLAT_X:
		v = sc_json_path_str(doc, "data.id");
		break;
	case SC_PLAT_GOOGLE:
		if (sc_json_str(doc, "comment") == NULL)
			return -1;
		snprintf(id, cap, "%s:reply", op->target);
		return 0;
	case SC_PLAT_YOUTUBE:
		v = sc_json_str(doc, "id");
		break;
	default:
		v = strcmp(op->name, "reply") == 0 ? sc_json_str(doc, "id")
						    : sc_json_str(doc, "message_id");
	}
	if (v == NULL || *v == '\0')
		return -1;
	snprintf(id, cap, "%s", v);
	return 0;
}

static enum verdict
classify(const struct op *op, const struct resp *r, char *id, size_t idcap, int64_t *wait,
	 char *why, size_t wcap)
{
	struct sc_api_error ae;

	*wait = -1;
	if (r->a.cc == CURLE_OK && r->a.status >= 200 && r->a.status < 300) {
		if (r->doc && answer_id(op, r->doc, id, idcap) == 0)
			return V_OK;
		snprintf(why, wcap, "HTTP %ld with %s", r->a.status,
			 r->doc ? "an unexpected JSON shape" :
			 r->a.body.len == 0 ? "an empty body" : "a body that is not JSON");
		return V_UNKNOWN;
	}
	sc_api_classify(op->plat, &r->a, r->doc, op->prof->token, op->token, (int64_t)time(NULL), &ae);
	snprintf(why, wcap, "%s", ae.why);
	if (sc_platform_is_graph(op->plat) && ae.code == 10 && strcmp(op->name, "private_reply") == 0) {
		snprintf(why, wcap, "the comment already has a private reply (Graph code 10)");
		return V_ALREADY;
	}
	if (sc_platform_is_graph(op->plat) && ae.code == 100 && strcmp(op->name, "delete") == 0) {
		snprintf(why, wcap, "the comment is already gone (Graph code 100)");
		return V_ALREADY;
	}
	if (op->plat == SC_PLAT_X && r->a.status == 403) {
		const char *d = sc_json_str(r->doc, "detail");
		if (d && strstr(d, "duplicate")) {
			snprintf(why, wcap, "X says duplicate content: the reply is already posted");
			return V_ALREADY;
		}
	}
	switch (ae.cls) {
	case SC_API_TOKEN:
	case SC_API_NET_FATAL:
		return V_DENY;
	case SC_API_CAPPED:
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

/* ---- read-back ---- */

/* Does one listed item hold our text (or state)?  id gets its id. */
static int
item_match(const struct op *op, const json_t *it, char *id, size_t cap)
{
	const char *t = NULL, *v = NULL;

	switch (op->plat) {
	case SC_PLAT_X: {
		const json_t *refs = json_object_get(it, "referenced_tweets");
		const json_t *ref;
		size_t i;
		int to = 0;

		json_array_foreach(refs, i, ref)
			if (sc_json_str(ref, "id") && strcmp(sc_json_str(ref, "id"), op->target) == 0)
				to = 1;
		t = sc_json_str(it, "text");
		if (!to || t == NULL || strcmp(t, op->text) != 0)
			return 0;
		v = sc_json_str(it, "id");
		break;
	}
	case SC_PLAT_YOUTUBE:
		t = sc_json_path_str(it, "snippet.textOriginal");
		if (t == NULL || strcmp(t, op->text) != 0)
			return 0;
		v = sc_json_str(it, "id");
		break;
	default:
		t = sc_json_str(it, "message");
		if (t == NULL)
			t = sc_json_str(it, "text");
		if (t == NULL || strcmp(t, op->text) != 0)
			return 0;
		v = sc_json_str(it, "id");
	}
	snprintf(id, cap, "%s", v ? v : "");
	return 1;
}

/*
 * Look for the operation's effect on the platform.  Returns 1 found (id
 * set, possibly empty), 0 not there, -1 could not tell (why set).
 */
static int
readback(const struct sc_send_opts *o, const struct op *op, char *id, size_t cap, char *why,
	 size_t wcap)
{
	struct sc_buf u;
	struct resp r;
	int page, found = 0;
	char *next = NULL;

	sc_buf_init(&u);
	*id = '\0';
	for (page = 0; page < READBACK_PAGES; page++) {
		const json_t *list = NULL, *it;
		size_t i;

		sc_buf_reset(&u);
		if (next) {
			sc_buf_adds(&u, next);
			free(next);
			next = NULL;
		} else if (strcmp(op->name, "hide") == 0 || strcmp(op->name, "delete") == 0 ||
			   strcmp(op->name, "private_reply") == 0) {
			sc_buf_printf(&u, "%s" GRAPH "/%s", op->base, op->target);
			sc_url_add(&u, "fields", "id,is_hidden,can_reply_privately");
		} else if (op->plat == SC_PLAT_X) {
			sc_buf_printf(&u, "%s/2/users/%s/tweets", op->base, op->account);
			sc_url_add(&u, "max_results", "100");
			sc_url_add(&u, "tweet.fields", "referenced_tweets,created_at");
		} else if (op->plat == SC_PLAT_YOUTUBE) {
			sc_buf_printf(&u, "%s/youtube/v3/comments", op->base);
			sc_url_add(&u, "part", "snippet");
			sc_url_add(&u, "parentId", op->target);
			sc_url_add(&u, "maxResults", "100");
			sc_url_add(&u, "textFormat", "plainText");
		} else if (op->plat == SC_PLAT_GOOGLE) {
			sc_buf_printf(&u, "%s/v4/%s/reviews/%s", op->base, op->account, op->target);
		} else if (strcmp(op->name, "message") == 0) {
			sc_buf_printf(&u, "%s" GRAPH "/%s/messages", op->base, op->conv);
			sc_url_add(&u, "fields", "id,message,from,created_time");
			sc_url_add(&u, "limit", "100");
		} else {
			sc_buf_printf(&u, "%s" GRAPH "/%s/%s", op->base, op->target,
				      op->plat == SC_PLAT_INSTAGRAM ? "replies" : "comments");
			sc_url_add(&u, "fields", "id,message,text,from,created_time,timestamp");
			sc_url_add(&u, "limit", "100");
		}
		http(o, op, "GET", u.data, NULL, &r);
		if (r.a.cc != CURLE_OK || r.a.status != 200 || r.doc == NULL) {
			json_int_t code = json_integer_value(json_object_get(json_object_get(r.doc, "error"), "code"));
			if (strcmp(op->name, "delete") == 0 && r.a.cc == CURLE_OK && code == 100) {
				resp_release(&r);
				found = 1;	/* gone */
				snprintf(id, cap, "%s", op->target);
				break;
			}
			if (r.a.cc != CURLE_OK)
				snprintf(why, wcap, "read-back failed: %s", curl_easy_strerror(r.a.cc));
			else
				snprintf(why, wcap, "read-back failed: HTTP %ld", r.a.status);
			resp_release(&r);
			found = -1;
			break;
		}
		if (strcmp(op->name, "hide") == 0) {
			found = json_is_true(json_object_get(r.doc, "is_hidden"));
		} else if (strcmp(op->name, "delete") == 0) {
			found = 0;
		} else if (strcmp(op->name, "private_reply") == 0) {
			found = json_is_false(json_object_get(r.doc, "can_reply_privately"));
		} else if (op->plat == SC_PLAT_GOOGLE) {
			const char *t = sc_json_path_str(r.doc, "reviewReply.comment");
			found = t && strcmp(t, op->text) == 0;
		} else {
			list = json_object_get(r.doc, op->plat == SC_PLAT_YOUTUBE ? "items" : "data");
			json_array_foreach(list, i, it)
				if (item_match(op, it, id, cap)) {
					found = 1;
					break;
				}
			if (!found) {
				const char *tok = NULL, *pname = NULL;
				if (op->plat == SC_PLAT_X) {
					tok = sc_json_path_str(r.doc, "meta.next_token");
					pname = "pagination_token";
				} else if (op->plat == SC_PLAT_YOUTUBE) {
					tok = sc_json_str(r.doc, "nextPageToken");
					pname = "pageToken";
				} else {
					const char *n = sc_json_path_str(r.doc, "paging.next");
					if (n && sc_url_same_origin(n, op->origin))
						next = sc_url_strip_param_new(n, "access_token");
				}
				if (tok) {
					struct sc_buf nb;
					char *stripped = sc_url_strip_param_new(u.data, pname);
					sc_buf_init(&nb);
					sc_buf_adds(&nb, stripped);
					free(stripped);
					sc_url_add(&nb, pname, tok);
					next = nb.data;
				}
			}
		}
		if (strcmp(op->name, "hide") == 0 || strcmp(op->name, "private_reply") == 0)
			snprintf(id, cap, "%s", op->target);
		resp_release(&r);
		if (found || next == NULL)
			break;
	}
	free(next);
	sc_buf_release(&u);
	return found;
}

/* ---- the journal ---- */

/* Who a reply is credited to: --agent, else the template as an automated
   agent ("auto:delivery"), so sc-stats --automated tells them apart. */
static const char *
send_agent(const struct sc_send_opts *o, const json_t *rec, char *buf, size_t cap)
{
	const char *t = sc_json_str(json_object_get(rec, "reply"), "template");

	if (o->agent)
		return o->agent;
	snprintf(buf, cap, "auto:%s", t ? t : "sc-reply");
	return buf;
}

static int
journal(const struct sc_send_opts *o, const struct op *op, const json_t *rec,
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
	if (strcmp(op->name, "hide") != 0 && strcmp(op->name, "delete") != 0) {
		json_object_set_new(j, "agent", json_string(send_agent(o, rec, ab, sizeof(ab))));
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

static void
key_set(struct sc_send_state *s, const char *key, const char *state, const char *id,
	const char *text, const char *at);

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

void
sc_send_opts_init(struct sc_send_opts *o)
{
	memset(o, 0, sizeof(*o));
	o->retries = 4;
	o->backoff_ms = 1000;
	o->max_wait = 900;
	o->timeout = 60;
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
	sc_reader_init(&r, fd, o->journal->path, 64 * 1024 * 1024);
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

struct done {
	const json_t *credit;	/* from the journal: agent, template, variant */
	char at[32];		/* when it was sent, from the journal; "" = now */
	int ok;			/* 1 done */
	int status;		/* when not */
	char id[200];
	char why[600];
	const char *how;	/* "sent", "journal", "read-back", "platform" */
};

static int
run_op(const struct sc_send_opts *o, struct sc_send_state *s, struct op *op, const json_t *rec,
       const char *rule, struct done *d, struct sc_error *e)
{
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
		struct resp r;
		enum verdict v;
		int64_t wait = -1;
		char why[500];

		if (pending) {
			/* the earlier attempt may have landed: look before posting again */
			const char *jt = sc_json_str(json_object_get(s->keys, op->key), "text");
			int f;

			if (jt && op->text)
				op->text = jt;	/* what was posted then is what to look for */
			f = readback(o, op, d->id, sizeof(d->id), why, sizeof(why));
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
		{
			struct sc_buf u;
			json_t *body = NULL;
			const char *method = "POST";

			sc_buf_init(&u);
			if (strcmp(op->name, "delete") == 0) {
				method = "DELETE";
				sc_buf_printf(&u, "%s" GRAPH "/%s", op->base, op->target);
			} else if (strcmp(op->name, "hide") == 0) {
				sc_buf_printf(&u, "%s" GRAPH "/%s", op->base, op->target);
				body = json_pack("{s:b}", op->plat == SC_PLAT_INSTAGRAM ? "hide" : "is_hidden", 1);
			} else if (strcmp(op->name, "private_reply") == 0 || strcmp(op->name, "message") == 0) {
				sc_buf_printf(&u, "%s" GRAPH "/%s/messages", op->base, op->page);
				body = json_pack("{s:{s:s},s:{s:s}}", "recipient",
						 strcmp(op->name, "message") == 0 ? "id" : "comment_id",
						 strcmp(op->name, "message") == 0 ? op->recipient : op->target,
						 "message", "text", op->text);
				if (op->tag) {
					json_object_set_new(body, "messaging_type", json_string("MESSAGE_TAG"));
					json_object_set_new(body, "tag", json_string(op->tag));
				} else if (strcmp(op->name, "message") == 0) {
					json_object_set_new(body, "messaging_type", json_string("RESPONSE"));
				}
			} else if (op->plat == SC_PLAT_X) {
				sc_buf_printf(&u, "%s/2/tweets", op->base);
				body = json_pack("{s:s,s:{s:s}}", "text", op->text, "reply",
						 "in_reply_to_tweet_id", op->target);
			} else if (op->plat == SC_PLAT_YOUTUBE) {
				sc_buf_printf(&u, "%s/youtube/v3/comments?part=snippet", op->base);
				body = json_pack("{s:{s:s,s:s}}", "snippet", "parentId", op->target,
						 "textOriginal", op->text);
			} else if (op->plat == SC_PLAT_GOOGLE) {
				method = "PUT";
				sc_buf_printf(&u, "%s/v4/%s/reviews/%s/reply", op->base, op->account,
					      op->target);
				body = json_pack("{s:s}", "comment", op->text);
			} else {
				sc_buf_printf(&u, "%s" GRAPH "/%s/%s", op->base, op->target,
					      op->plat == SC_PLAT_INSTAGRAM ? "replies" : "comments");
				body = json_pack("{s:s}", "message", op->text);
			}
			http(o, op, method, u.data, body, &r);
			json_decref(body);
			sc_buf_release(&u);
		}
		v = classify(op, &r, d->id, sizeof(d->id), &wait, why, sizeof(why));
		resp_release(&r);
		switch (v) {
		case V_OK:
		case V_ALREADY:
			if (v == V_ALREADY) {
				char rid[200];
				if (readback(o, op, rid, sizeof(rid), why, sizeof(why)) == 1)
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

/* ---- records ---- */

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

/* Fill the profile part of op; 0, or a status with why. */
static int
op_setup(const struct sc_send_opts *o, struct sc_send_state *s, struct op *op, const json_t *rec,
	 char *why, size_t cap)
{
	const char *pname = sc_json_str(rec, "profile"), *b, *pb;
	char w[200];

	op->platform = sc_json_str(rec, "platform");
	op->plat = op->platform ? sc_platform_parse(op->platform) : -1;
	op->rec_id = sc_json_str(rec, "id");
	if (op->plat < 0 || op->plat == SC_PLAT_TIKTOK || op->plat == SC_PLAT_LINKEDIN) {	/* fetched, not yet sent */
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
				       : !path_ok(op->page) || !path_ok(op->account)) {
		snprintf(why, cap, "profile %s: bad account_id or page_id", op->prof->name);
		return SC_EX_CONFIG;
	}
	b = sc_profile_get(o->profiles, op->prof, "base_url");
	if (*b == '\0')
		b = o->base[op->plat] ? o->base[op->plat] :
		    (op->plat == SC_PLAT_INSTAGRAM && o->base[SC_PLAT_FACEBOOK]) ? o->base[SC_PLAT_FACEBOOK] :
		    o->base_all ? o->base_all : sc_platform_default_base(op->plat);
	if (sc_url_check_base(b, &op->origin, w) < 0) {
		snprintf(why, cap, "profile %s: %s", op->prof->name, w);
		return SC_EX_CONFIG;
	}
	op->base = sc_xstrdup(b);
	while (strlen(op->base) > strlen(op->origin) && op->base[strlen(op->base) - 1] == '/')
		op->base[strlen(op->base) - 1] = '\0';
	op->token = token_for(o, s, op->prof, why, cap);
	return op->token ? 0 : SC_EX_CONFIG;
}

static void
op_release(struct op *op)
{
	free(op->base);
	free(op->origin);
	op->base = op->origin = NULL;
}

static void
set_key(struct op *op)
{
	struct sc_buf b;

	sc_buf_init(&b);
	sc_buf_printf(&b, "%s|%s", op->name, op->rec_id);
	sc_sha256_hex(b.data, b.len, op->key);
	sc_buf_release(&b);
}

static json_t *
brand_record(const struct sc_send_opts *o, const struct op *op, const json_t *rec,
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
						    send_agent(o, rec, ab, sizeof(ab))));
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
	note_status(s, status);
	s->failed++;
}

static int
moderate(const struct sc_send_opts *o, struct sc_send_state *s, json_t *rec, json_t *reply,
	 const char *action, struct sc_error *e)
{
	json_t *m = json_object(), *triage = json_object_get(rec, "triage");
	struct op op;
	struct done d;
	char why[600], rule[300];
	const json_t *rules = json_object_get(triage, "rules");
	int st, rc = 0;

	memset(&op, 0, sizeof(op));
	json_object_set_new(m, "action", json_string(action));
	json_object_set_new(reply, "moderation", m);
	op.name = action;
	st = op_setup(o, s, &op, rec, why, sizeof(why));
	if (st == 0 && op.plat != SC_PLAT_FACEBOOK && op.plat != SC_PLAT_INSTAGRAM) {
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
		note_status(s, st);
		s->failed++;
		goto out;
	}
	op.target = native(op.rec_id);
	if (!path_ok(op.target)) {
		json_object_set_new(m, "status", json_string("failed"));
		json_object_set_new(m, "error", json_string("bad message id"));
		note_status(s, SC_EX_DATAERR);
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
	if (run_op(o, s, &op, rec, rule, &d, e) < 0) {
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
		note_status(s, d.status);
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
	struct op ops[2];
	struct done d;
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
					ops[0].plat != SC_PLAT_FACEBOOK && ops[0].plat != SC_PLAT_INSTAGRAM)) {
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
	thread = native(sc_json_str(rec, "thread_id"));
	if (strcmp(kind, "dm") == 0) {
		ops[0].name = "message";
		ops[0].recipient = sc_json_path_str(rec, "author.id");
		ops[0].conv = thread;
		ops[0].text = sc_json_str(reply, "text");
		ops[0].target = native(ops[0].rec_id);
		if (!path_ok(ops[0].conv) || ops[0].recipient == NULL) {
			fail_reply(s, reply, SC_EX_DATAERR, "a direct message needs thread_id and author.id");
			goto out;
		}
		nops = 1;
	} else {
		const char *pub = sc_json_str(reply, "public_text");
		ops[0].name = "reply";
		ops[0].text = pub ? pub : sc_json_str(reply, "text");
		switch (ops[0].plat) {
		case SC_PLAT_X:
		case SC_PLAT_GOOGLE:
			ops[0].target = native(ops[0].rec_id);
			break;
		default:
			/* Graph and YouTube threads are two levels deep: replies go
			   under the top-level comment */
			ops[0].target = thread && *thread ? thread : native(ops[0].rec_id);
		}
		nops = 1;
		if (via && strcmp(via, "private_reply") == 0 &&
		    (ops[0].plat == SC_PLAT_FACEBOOK || ops[0].plat == SC_PLAT_INSTAGRAM)) {
			ops[1] = ops[0];
			ops[1].base = sc_xstrdup(ops[0].base);
			ops[1].origin = sc_xstrdup(ops[0].origin);
			ops[1].name = "private_reply";
			ops[1].target = native(ops[0].rec_id);
			ops[1].text = sc_json_str(reply, "private_text");
			nops = 2;
		}
	}
	for (i = 0; i < nops; i++) {
		const char *ch;
		long lim, len;

		if (ops[i].text == NULL || *ops[i].text == '\0' || !path_ok(ops[i].target)) {
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
		if (run_op(o, s, &ops[i], rec, rule, &d, e) < 0) {
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
