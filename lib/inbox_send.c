/*
 * inbox_send.c - drafts changed in the inbox, and sending one approved
 * draft (or one hide/delete) through sc-reply.
 *
 * Design: sending is `sc-reply --send --approve --agent AGENT --journal
 * outbox.ndjson -p profiles.csv` run as a child process with the one
 * drafted record on its standard input, not a call into lib/reply_send.c.
 * Reasons: exactly-once rests on sc-reply's outbox journal, its lock and
 * its replay, and a child process uses all of that unchanged (the journal
 * is locked for the child's whole run, so two inboxes sending the same
 * reply are serialised and the second finds "sent" in the journal); the
 * inbox links no libcurl and holds no token (tokens.env, when the client
 * has one, is exported into the child's environment only, never argv);
 * and a send that hangs on the network never freezes the screen's state
 * (the child has sc-reply's own timeouts).  The cost, a fork and exec per
 * send, is nothing next to an API round trip.  Standard input and output
 * are temporary files, so no pipe can deadlock.
 *
 * What sc-reply prints back (the record with reply.status sent | failed
 * and reply.held, then a brand record per post) decides the message for
 * the screen; brand records are appended to the case log, so the queue
 * and sc-stats see the answer before the next fetch brings it.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "inbox_int.h"

int
sc_inbox_save_draft(struct sc_inbox *ib, struct sc_conv *c, json_t *rec, struct sc_error *e)
{
	struct sc_buf line;
	int fd;
	char *dir, *slash;

	if (ib->src.edited == NULL)
		return sc_error_set(e, SC_EX_USAGE, NULL, 0, 0, "no drafts directory (give a client directory)");
	dir = sc_xstrdup(ib->src.edited);
	if ((slash = strrchr(dir, '/')) != NULL) {
		*slash = '\0';
		mkdir(dir, 0770);
	}
	free(dir);
	sc_buf_init(&line);
	sc_buf_add_json(&line, rec);
	sc_buf_addc(&line, '\n');
	/* sc-inbox's own file, as the case log: no symbolic link */
	fd = sc_open_own(ib->src.edited, O_WRONLY | O_APPEND | O_CREAT, 0660, e);
	if (fd < 0) {
		sc_buf_release(&line);
		return -1;
	}
	if (flock(fd, LOCK_EX) < 0 || write(fd, line.data, line.len) != (ssize_t)line.len ||
	    fsync(fd) < 0) {
		int err = errno;
		close(fd);
		sc_buf_release(&line);
		return sc_error_set(e, SC_EX_IOERR, ib->src.edited, 0, 0, "%s", strerror(err));
	}
	close(fd);
	sc_buf_release(&line);
	json_decref(c->draft);
	c->draft = json_incref(rec);
	return 0;
}

int
sc_inbox_tmpfd(void)
{
	const char *d = getenv("TMPDIR");
	struct sc_buf p;
	int fd;

	sc_buf_init(&p);
	sc_buf_printf(&p, "%s/sc-inbox.XXXXXX", d && *d ? d : "/tmp");
	fd = mkstemp(p.data);
	if (fd >= 0)
		unlink(p.data);
	sc_buf_release(&p);
	return fd;
}

/* NAME=value lines (optionally "export NAME=value", quotes stripped) into
   the environment: called in the child only. */
static void
load_env(const char *path)
{
	FILE *f = fopen(path, "r");
	char line[4096];

	if (f == NULL)
		return;
	while (fgets(line, sizeof(line), f)) {
		char *s = line, *eq, *v;
		size_t n;

		if (strncmp(s, "export ", 7) == 0)
			s += 7;
		if ((eq = strchr(s, '=')) == NULL || *s == '#')
			continue;
		*eq = '\0';
		v = eq + 1;
		n = strlen(v);
		while (n > 0 && (v[n - 1] == '\n' || v[n - 1] == '\r'))
			v[--n] = '\0';
		if (n >= 2 && (v[0] == '\'' || v[0] == '"') && v[n - 1] == v[0]) {
			v[n - 1] = '\0';
			v++;
		}
		setenv(s, v, 1);
	}
	fclose(f);
}

static char *
slurp(int fd)
{
	struct sc_buf b;
	char chunk[8192];
	ssize_t r;

	sc_buf_init(&b);
	lseek(fd, 0, SEEK_SET);
	while ((r = read(fd, chunk, sizeof(chunk))) > 0)
		sc_buf_add(&b, chunk, (size_t)r);
	if (b.data == NULL)
		sc_buf_adds(&b, "");
	return b.data;
}

json_t *
sc_inbox_message_new(struct sc_inbox *ib, struct sc_conv *c, struct sc_error *e)
{
	json_t *t = sc_inbox_thread_new(ib, c, e), *r, *found = NULL;
	size_t i;

	json_array_foreach(t, i, r)
		if (sc_json_str(r, "id") && c->id && strcmp(sc_json_str(r, "id"), c->id) == 0)
			found = r;
	if (found)
		found = json_deep_copy(found);
	json_decref(t);
	return found;
}

static int
eqs(const char *a, const char *b)
{
	return a && b && strcmp(a, b) == 0;
}

int
sc_inbox_send(struct sc_inbox *ib, struct sc_conv *c, const char *agent,
	      const struct sc_inbox_send *o, const char *action, char *msg, size_t cap,
	      struct sc_error *e)
{
	json_t *rec, *reply, *back = NULL;
	int in, out, err, st, rc = 1;
	pid_t pid;
	char *text, *etext, *line, *next;
	const char *argv[24];
	int n = 0;
	const char *s;

	if (sc_inbox_need_open(c, e) < 0)
		return -1;
	if (sc_inbox_claimed_by_other(ib, c, agent))
		return sc_error_set(e, SC_EX_TEMPFAIL, NULL, 0, 0,
				    "%s is answering %s; not sent", c->claim_by, c->thread);
	if (o->profiles == NULL)
		return sc_error_set(e, SC_EX_CONFIG, NULL, 0, 0, "sending needs profiles.csv (-p)");
	if (action) {
		rec = c->draft ? json_deep_copy(c->draft) : sc_inbox_message_new(ib, c, e);
		if (rec == NULL)
			return sc_error_set(e, SC_EX_DATAERR, NULL, 0, 0, "%s: message not found", c->thread);
		if (!json_is_object(json_object_get(rec, "triage")))
			json_object_set_new(rec, "triage", json_object());
		json_object_set_new(json_object_get(rec, "triage"), "action", json_string(action));
		json_object_del(rec, "reply");
	} else {
		if (c->draft == NULL)
			return sc_error_set(e, SC_EX_DATAERR, NULL, 0, 0,
					    "%s: no draft to send (edit one first)", c->thread);
		if (c->held) {
			snprintf(msg, cap, "held: lift the hold before sending; not sent");
			return 1;
		}
		rec = json_deep_copy(c->draft);
		reply = json_object_get(rec, "reply");
		s = sc_json_str(reply, "status");
		if (s && strcmp(s, "draft") != 0 && strcmp(s, "sent") != 0) {
			snprintf(msg, cap, "no draft to send (reply %s: %s)", s,
				 sc_json_str(reply, "reason") ? sc_json_str(reply, "reason") : "-");
			json_decref(rec);
			return 1;
		}
		if (json_is_true(json_object_get(reply, "needs_approval")) && !o->approve_p1) {
			snprintf(msg, cap, "needs approval: %s; not sent",
				 sc_json_str(reply, "approval") ? sc_json_str(reply, "approval") :
				 "a human must approve it");
			json_decref(rec);
			return 1;
		}
		json_object_set_new(reply, "status", json_string("draft"));
		json_object_set_new(reply, "approved", json_true());
		json_object_set_new(reply, "approved_by", json_string(agent));
	}
	text = NULL;
	in = sc_inbox_tmpfd();
	out = sc_inbox_tmpfd();
	err = sc_inbox_tmpfd();
	if (in < 0 || out < 0 || err < 0) {
		int en = errno;
		if (in >= 0) close(in);
		if (out >= 0) close(out);
		if (err >= 0) close(err);
		json_decref(rec);
		return sc_error_set(e, SC_EX_OSERR, NULL, 0, 0, "temporary file: %s", strerror(en));
	}
	{
		struct sc_buf b;
		sc_buf_init(&b);
		sc_buf_add_json(&b, rec);
		sc_buf_addc(&b, '\n');
		if (write(in, b.data, b.len) != (ssize_t)b.len) {
			sc_buf_release(&b);
			close(in); close(out); close(err);
			json_decref(rec);
			return sc_error_set(e, SC_EX_IOERR, NULL, 0, 0, "temporary file: %s", strerror(errno));
		}
		sc_buf_release(&b);
		lseek(in, 0, SEEK_SET);
	}
	argv[n++] = o->sc_reply ? o->sc_reply : "sc-reply";
	argv[n++] = "--send";
	argv[n++] = "--approve";
	argv[n++] = "--agent";
	argv[n++] = agent;
	argv[n++] = "--journal";
	argv[n++] = ib->src.journal;
	argv[n++] = "-p";
	argv[n++] = o->profiles;
	if (o->base_url) {
		argv[n++] = "--base-url";
		argv[n++] = o->base_url;
	}
	if (o->allow_delete)
		argv[n++] = "--allow-delete";
	if (o->now) {
		argv[n++] = "--now";
		argv[n++] = o->now;
	}
	if (o->timeout) {
		argv[n++] = "--timeout";
		argv[n++] = o->timeout;
	}
	argv[n] = NULL;
	pid = fork();
	if (pid < 0) {
		int en = errno;
		close(in); close(out); close(err);
		json_decref(rec);
		return sc_error_set(e, SC_EX_OSERR, NULL, 0, 0, "fork: %s", strerror(en));
	}
	if (pid == 0) {
		dup2(in, 0);
		dup2(out, 1);
		dup2(err, 2);
		if (o->tokens_env)
			load_env(o->tokens_env);
		setenv("SC_NO_PROGRESS", "1", 1);
		if (strchr(argv[0], '/'))
			execv(argv[0], (char *const *)argv);
		else
			execvp(argv[0], (char *const *)argv);
		_exit(127);	/* lint-ok: the forked child, when exec fails */
	}
	close(in);
	while (waitpid(pid, &st, 0) < 0 && errno == EINTR)
		;
	text = slurp(out);
	etext = slurp(err);
	close(out);
	close(err);
	json_decref(rec);
	/* the first line is the customer's record, the rest what was posted */
	{
		json_t *brand = json_array(), *r;
		size_t i;
		for (line = text; line && *line; line = next) {
			struct sc_error pe;
			next = strchr(line, '\n');
			if (next)
				*next++ = '\0';
			sc_error_clear(&pe);
			if ((r = sc_json_parse_line(line, strlen(line), &pe)) == NULL)
				continue;
			if (back == NULL)
				back = r;
			else
				json_array_append_new(brand, r);
		}
		/* what the journal had already is in the case log already */
		if (back && !eqs(sc_json_path_str(back, "reply.resolved_by"), "journal"))
			json_array_foreach(brand, i, r)
				if (sc_inbox_append(ib, NULL, r, e) < 0) {
					json_decref(brand);
					json_decref(back);
					free(text);
					free(etext);
					return -1;
				}
		json_decref(brand);
	}
	if (back == NULL) {
		char *nl = strchr(etext, '\n');
		if (nl)
			*nl = '\0';
		sc_error_set(e, WIFEXITED(st) && WEXITSTATUS(st) != 127 && WEXITSTATUS(st) ?
			     WEXITSTATUS(st) : SC_EX_UNAVAILABLE, NULL, 0, 0, "%s: %s", argv[0],
			     *etext ? etext : WIFEXITED(st) && WEXITSTATUS(st) == 127 ?
			     "cannot run it" : "no answer");
		free(text);
		free(etext);
		return -1;
	}
	reply = json_object_get(back, "reply");
	if (action) {
		const char *ms = sc_json_path_str(reply, "moderation.status");
		if (ms && strcmp(ms, "done") == 0) {
			snprintf(msg, cap, "%s: done%s", action,
				 sc_json_path_str(reply, "moderation.resolved_by") ?
				 " (the journal already had it)" : "");
			rc = 0;
		} else {
			snprintf(msg, cap, "%s not done: %s", action,
				 sc_json_path_str(reply, "moderation.error") ?
				 sc_json_path_str(reply, "moderation.error") :
				 sc_json_str(reply, "reason") ? sc_json_str(reply, "reason") : "refused");
		}
	} else if ((s = sc_json_str(reply, "held")) != NULL) {
		snprintf(msg, cap, "%s", s);
	} else if ((s = sc_json_str(reply, "status")) != NULL && strcmp(s, "sent") == 0) {
		const char *how = sc_json_str(reply, "resolved_by");
		if (how && strcmp(how, "journal") == 0)
			snprintf(msg, cap, "already sent: the outbox journal has it (id %s); not sent again",
				 sc_json_str(reply, "id") ? sc_json_str(reply, "id") : "?");
		else
			snprintf(msg, cap, "sent (id %s)%s", sc_json_str(reply, "id") ?
				 sc_json_str(reply, "id") : "?",
				 how ? " - found on the platform, not posted twice" : "");
		rc = 0;
	} else {
		snprintf(msg, cap, "not sent: %s", sc_json_str(reply, "error") ? sc_json_str(reply, "error") :
			 sc_json_str(reply, "reason") ? sc_json_str(reply, "reason") : "refused");
	}
	if (rc == 0 && !action) {
		/* the draft as sent, so the screen shows it */
		json_t *d = json_deep_copy(back);
		json_decref(c->draft);
		c->draft = d;
	}
	json_decref(back);
	free(text);
	free(etext);
	sc_inbox_finish(ib);
	return rc;
}
