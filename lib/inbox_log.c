/*
 * inbox_log.c - the case log, cases.ndjson in the client directory: what
 * people did to conversations (assigned, claimed, escalated, reopened,
 * resolved, notes, holds, labels) as schema-1 records, one per line,
 * the records sc(7) describes under CASE LOG.
 *
 * Design.  Several sc-inbox instances (and scripts) append to one file:
 * each record is one write(2) of one whole line to a descriptor opened
 * with O_APPEND, under an exclusive flock(2), followed by fsync(2), so
 * lines never interleave, a record is on disk before the screen says it
 * is done, and readers (which read only whole lines, lib/inbox.c) never
 * see half a record.  The file is opened for each append: another
 * instance may have created it, and a long-running inbox must not hold
 * a descriptor to a file that was rotated.  Every record carries
 * "agent" and "created_at"; ids are "KIND:" and 16 hex digits of a hash
 * of the agent, the time in nanoseconds, the pid and a counter.
 */
#include <errno.h>
#include <fcntl.h>
#include <pwd.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <time.h>
#include <unistd.h>

#include "inbox_int.h"
#include "schema.h"

static unsigned long counter;

static void
make_id(const char *prefix, const char *agent, struct sc_buf *out)
{
	struct timespec ts;
	struct sc_buf b;

	clock_gettime(CLOCK_REALTIME, &ts);
	sc_buf_init(&b);
	sc_buf_printf(&b, "%s|%lld.%09ld|%ld|%lu", agent ? agent : "", (long long)ts.tv_sec,
		      ts.tv_nsec, (long)getpid(), ++counter);
	sc_buf_printf(out, "%s:%016llx", prefix, (unsigned long long)sc_hash64(b.data, b.len));
	sc_buf_release(&b);
}

int
sc_inbox_append(struct sc_inbox *ib, const char *kind, json_t *fields, struct sc_error *e)
{
	json_t *rec = json_object(), *v;
	const char *k;
	struct sc_buf line, id;
	char at[32];
	int fd;
	ssize_t w;

	if (ib->src.caselog == NULL)
		return sc_error_set(e, SC_EX_USAGE, NULL, 0, 0, "no case log (give a client directory or --log)");
	sc_buf_init(&id);
	json_object_set_new(rec, "sc", json_integer(1));
	if (kind) {
		make_id(strcmp(kind, "status") == 0 ? "status" : kind,
			sc_json_str(fields, "agent"), &id);
		json_object_set_new(rec, "id", json_string(id.data));
		json_object_set_new(rec, "kind", json_string(kind));
	}
	json_object_foreach(fields, k, v)
		json_object_set(rec, k, v);
	sc_time_format(ib->now, at);
	if (json_object_get(rec, "created_at") == NULL)
		json_object_set_new(rec, "created_at", json_string(at));
	sc_buf_release(&id);
	sc_buf_init(&line);
	sc_buf_add_json(&line, rec);
	sc_buf_addc(&line, '\n');

	/* the case log is sc-inbox's own file: never through a symbolic link
	   (a dangling one would make us create its target), O_EXCL when new */
	{
		struct sc_error oe;
		sc_error_clear(&oe);
		fd = sc_open_own(ib->src.caselog, O_WRONLY | O_APPEND | O_CREAT, 0660, &oe);
		if (fd < 0) {
			sc_buf_release(&line);
			json_decref(rec);
			return sc_error_set(e, SC_EX_CANTCREAT, ib->src.caselog, 0, 0,
					    "cannot open the case log: %s", oe.text);
		}
	}
	if (flock(fd, LOCK_EX) < 0) {
		int err = errno;
		close(fd);
		sc_buf_release(&line);
		json_decref(rec);
		return sc_error_set(e, SC_EX_IOERR, ib->src.caselog, 0, 0, "lock: %s", strerror(err));
	}
	w = write(fd, line.data, line.len);
	if (w != (ssize_t)line.len || fsync(fd) < 0) {
		int err = w < 0 || w == (ssize_t)line.len ? errno : ENOSPC;
		/* a short write leaves a partial line: readers skip it (no newline) */
		close(fd);
		sc_buf_release(&line);
		json_decref(rec);
		return sc_error_set(e, SC_EX_IOERR, ib->src.caselog, 0, 0,
				    "cannot write the case log: %s", strerror(err));
	}
	close(fd);
	sc_buf_release(&line);
	/* our own record is applied now; the reader skips it by offset later
	   only if nothing else was appended in between, so read the log
	   forward instead of applying twice */
	json_decref(rec);
	{
		struct sc_error re;
		sc_error_clear(&re);
		sc_inbox_refresh_log(ib, &re);
	}
	return 0;
}

/* The members every record about a conversation has. */
json_t *
sc_inbox_base_fields(const struct sc_conv *c, const char *agent)
{
	json_t *f = json_object();

	json_object_set_new(f, "thread_id", json_string(c->thread));
	if (c->platform)
		json_object_set_new(f, "platform", json_string(c->platform));
	if (c->profile)
		json_object_set_new(f, "profile", json_string(c->profile));
	if (c->id)
		json_object_set_new(f, "target", json_string(c->id));
	json_object_set_new(f, "agent", json_string(agent));
	return f;
}

int
sc_inbox_need_open(const struct sc_conv *c, struct sc_error *e)
{
	char at[32];

	if (c->open)
		return 0;
	if (c->resolved) {
		sc_time_format(c->resolved_at, at);
		return sc_error_set(e, SC_EX_DATAERR, NULL, 0, 0,
				    "%s: conversation is closed (resolved %s); reopen it first",
				    c->thread, at);
	}
	return sc_error_set(e, SC_EX_DATAERR, NULL, 0, 0,
			    "%s: conversation is closed (answered, nothing waiting)", c->thread);
}

/* Append a record of kind made of fields f, which it frees. */
static int
append_fields(struct sc_inbox *ib, const char *kind, json_t *f, struct sc_error *e)
{
	int rc = sc_inbox_append(ib, kind, f, e);

	json_decref(f);
	return rc;
}

static int
status_rec(struct sc_inbox *ib, struct sc_conv *c, const char *agent, const char *status,
	   json_t *f, struct sc_error *e)
{
	json_object_set_new(f, "status", json_string(status));
	return append_fields(ib, "status", f, e);
}

int
sc_inbox_assign(struct sc_inbox *ib, struct sc_conv *c, const char *agent, const char *who,
		struct sc_error *e)
{
	json_t *f;

	if (who == NULL || *who == '\0' || strlen(who) > 200)
		return sc_error_set(e, SC_EX_USAGE, NULL, 0, 0, "assign: want a name or team:NAME");
	if (sc_inbox_need_open(c, e) < 0)
		return -1;
	f = sc_inbox_base_fields(c, agent);
	if (strncmp(who, "team:", 5) == 0) {
		if (who[5] == '\0')
			return json_decref(f), sc_error_set(e, SC_EX_USAGE, NULL, 0, 0,
							    "assign: team: needs a name");
		json_object_set_new(f, "team", json_string(who + 5));
	} else {
		json_object_set_new(f, "assignee", json_string(who));
	}
	return status_rec(ib, c, agent, "assigned", f, e);
}

/* An internal note written by agent: a "note" record with its author,
   visibility and text, and "hold" when hold is 0 or 1 (not when -1). */
static int
note_rec(struct sc_inbox *ib, struct sc_conv *c, const char *agent, const char *text, int hold,
	 struct sc_error *e)
{
	json_t *f = sc_inbox_base_fields(c, agent), *a = json_object();

	json_object_set_new(a, "id", json_string(agent));
	json_object_set_new(a, "name", json_string(agent));
	json_object_set_new(a, "is_brand", json_true());
	json_object_set_new(f, "author", a);
	json_object_set_new(f, "visibility", json_string("internal"));
	json_object_set_new(f, "text", json_string(text));
	if (hold >= 0)
		json_object_set_new(f, "hold", json_boolean(hold));
	return append_fields(ib, "note", f, e);
}

int
sc_inbox_note(struct sc_inbox *ib, struct sc_conv *c, const char *agent, const char *text,
	      struct sc_error *e)
{
	if (text == NULL || *text == '\0')
		return sc_error_set(e, SC_EX_USAGE, NULL, 0, 0, "note: empty text");
	if (sc_utf8_invalid_at(text, strlen(text)) >= 0)
		return sc_error_set(e, SC_EX_DATAERR, NULL, 0, 0, "note: text is not UTF-8");
	return note_rec(ib, c, agent, text, -1, e);
}

int
sc_inbox_hold(struct sc_inbox *ib, struct sc_conv *c, const char *agent, int on,
	      struct sc_error *e)
{
	if (on && sc_inbox_need_open(c, e) < 0)
		return -1;
	return note_rec(ib, c, agent, on ? "draft held: not to be sent yet" : "hold lifted",
			on != 0, e);
}

int
sc_inbox_status(struct sc_inbox *ib, struct sc_conv *c, const char *agent, const char *status,
		const char *extra_key, const char *extra, struct sc_error *e)
{
	json_t *f;

	if (strcmp(status, "reopened") == 0) {
		if (c->open)
			return sc_error_set(e, SC_EX_DATAERR, NULL, 0, 0,
					    "%s: conversation is open; nothing to reopen", c->thread);
	} else if (sc_inbox_need_open(c, e) < 0) {
		return -1;
	}
	f = sc_inbox_base_fields(c, agent);
	if (extra_key && extra && *extra)
		json_object_set_new(f, extra_key, json_string(extra));
	return status_rec(ib, c, agent, status, f, e);
}

int
sc_inbox_claim(struct sc_inbox *ib, struct sc_conv *c, const char *agent, int64_t secs,
	       struct sc_error *e)
{
	json_t *f;
	char until[32];

	if (secs > 0 && sc_inbox_claimed_by_other(ib, c, agent)) {
		sc_time_format(c->claim_until, until);
		return sc_error_set(e, SC_EX_TEMPFAIL, NULL, 0, 0, "%s: %s is answering (until %s)",
				    c->thread, c->claim_by, until);
	}
	if (secs > 0 && sc_inbox_need_open(c, e) < 0)
		return -1;
	f = sc_inbox_base_fields(c, agent);
	sc_time_format(ib->now + (secs > 0 ? secs : 0), until);
	json_object_set_new(f, "until", json_string(until));
	return status_rec(ib, c, agent, "claimed", f, e);
}

int
sc_inbox_label(struct sc_inbox *ib, struct sc_conv *c, const char *agent, const char *category,
	       const char *sentiment, struct sc_error *e)
{
	json_t *f, *tri, *prev, *thread, *msg = NULL, *a, *r;
	size_t i;

	if (category == NULL && sentiment == NULL)
		return sc_error_set(e, SC_EX_USAGE, NULL, 0, 0,
				    "label: want category=NAME and/or sentiment=NAME");
	if (category && sc_schema_index(sc_categories, SC_NCATEGORY, category) < 0)
		return sc_error_set(e, SC_EX_USAGE, NULL, 0, 0,
				    "label: unknown category '%s' (question, complaint, bug, praise, "
				    "opinion, spam, hate, other)", category);
	if (sentiment && sc_schema_index(sc_sentiments, SC_NSENTIMENT, sentiment) < 0)
		return sc_error_set(e, SC_EX_USAGE, NULL, 0, 0,
				    "label: unknown sentiment '%s' (positive, neutral, negative)",
				    sentiment);
	if (c->id == NULL)
		return sc_error_set(e, SC_EX_DATAERR, NULL, 0, 0, "%s: no customer message to label",
				    c->thread);
	/* the whole text of the message, which the queue keeps only cut */
	thread = sc_inbox_thread_new(ib, c, e);
	json_array_foreach(thread, i, r)
		if (sc_json_str(r, "id") && strcmp(sc_json_str(r, "id"), c->id) == 0)
			msg = r;
	f = sc_inbox_base_fields(c, agent);
	a = msg ? json_object_get(msg, "author") : NULL;
	if (a)
		json_object_set(f, "author", a);
	else {
		a = json_object();
		json_object_set_new(a, "id", c->author_id ? json_string(c->author_id) : json_null());
		json_object_set_new(a, "name", json_string(c->author ? c->author : ""));
		json_object_set_new(a, "is_brand", json_false());
		json_object_set_new(f, "author", a);
	}
	if (c->kind)
		json_object_set_new(f, "message_kind", json_string(c->kind));
	json_object_set_new(f, "text", json_string(msg && sc_json_str(msg, "text") ?
						   sc_json_str(msg, "text") : c->text ? c->text : ""));
	tri = json_object();
	prev = json_object();
	json_object_set_new(tri, "category", json_string(category ? category :
							  c->category ? c->category : "other"));
	if (sentiment || c->sentiment)
		json_object_set_new(tri, "sentiment", json_string(sentiment ? sentiment : c->sentiment));
	if (c->category)
		json_object_set_new(prev, "category", json_string(c->category));
	if (c->sentiment)
		json_object_set_new(prev, "sentiment", json_string(c->sentiment));
	json_object_set_new(f, "triage", tri);
	json_object_set_new(f, "previous", prev);
	json_decref(thread);
	return append_fields(ib, "label", f, e);
}

char *
sc_inbox_agent_new(const char *opt)
{
	const char *s = opt;
	struct passwd *pw;

	if (s == NULL || *s == '\0')
		s = getenv("SC_AGENT");
	if (s == NULL || *s == '\0')
		s = getenv("LOGNAME");
	if ((s == NULL || *s == '\0') && (pw = getpwuid(getuid())) != NULL)
		s = pw->pw_name;
	if (s == NULL || *s == '\0' || strlen(s) > 200 || sc_utf8_invalid_at(s, strlen(s)) >= 0)
		return NULL;
	return sc_xstrdup(s);
}
