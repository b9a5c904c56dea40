/*
 * inbox_consult.c - the consult action of sc-inbox: a moderator asks an
 * in-house expert (a team of teams.csv, or an address) about a
 * conversation by e-mail.  The mail is sc-consult's (lib/consult.c: the
 * conversation with personal data masked unless the team's `pii` cell
 * allows it, the question, a reply address that carries the case), handed
 * to a sendmail-like command on its standard input; once the command has
 * taken it, a note records the consult in the case log, so the queue
 * shows who was asked what and when.  The answer comes back through
 * sc-normalize --from email as the expert's note in the same thread.
 *
 * The command's standard input, output and error are temporary files, as
 * for sc-reply (lib/inbox_send.c): nothing it prints reaches the screen,
 * and its first line of error is the message when it fails.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/wait.h>
#include <unistd.h>

#include "api.h"
#include "consult.h"
#include "inbox_int.h"
#include "normalize.h"

static int
yes(const char *v)
{
	return v && (strcasecmp(v, "yes") == 0 || strcasecmp(v, "true") == 0 ||
		     strcmp(v, "1") == 0 || strcasecmp(v, "tak") == 0);
}

int
sc_inbox_team_row(const char *teams, const char *team, char **email, int *pii, char **sla,
		  struct sc_error *e)
{
	struct sc_table *t;
	size_t i;
	int found = 0;

	*email = NULL;
	*pii = 0;
	if (sla)
		*sla = NULL;
	if (teams == NULL || access(teams, F_OK) < 0)
		return 0;
	if ((t = sc_table_load(teams, e)) == NULL)
		return -1;
	for (i = 0; i < t->nrows && !found; i++) {
		const char *em = sc_table_get(t, i, "email");
		struct sc_buf b;
		const char *p;
		if (strcmp(sc_table_get(t, i, "team"), team) != 0)
			continue;
		found = 1;
		/* "a@x; b@y" -> "a@x, b@y" */
		sc_buf_init(&b);
		for (p = em; *p;) {
			size_t n;
			while (*p == ';' || *p == ',' || *p == ' ')
				p++;
			n = strcspn(p, ";, ");
			if (n == 0)
				break;
			if (b.len)
				sc_buf_adds(&b, ", ");
			sc_buf_add(&b, p, n);
			p += n;
		}
		*email = b.len ? b.data : (sc_buf_release(&b), NULL);
		*pii = yes(sc_table_get(t, i, "pii"));
		if (sla && *sc_table_get(t, i, "sla"))
			*sla = sc_xstrdup(sc_table_get(t, i, "sla"));
	}
	sc_table_free(t);
	return found;
}

/* Run cmd (sh -c) with the mail on its standard input: 0, or -1 with e. */
static int
pipe_mail(const char *cmd, const struct sc_buf *mail, struct sc_error *e)
{
	int in = sc_inbox_tmpfd(), err = sc_inbox_tmpfd(), st;
	pid_t pid;
	char buf[512];
	ssize_t r;

	if (in < 0 || err < 0) {
		int en = errno;
		if (in >= 0) close(in);
		if (err >= 0) close(err);
		return sc_error_set(e, SC_EX_OSERR, NULL, 0, 0, "temporary file: %s", strerror(en));
	}
	if (write(in, mail->data, mail->len) != (ssize_t)mail->len) {
		int en = errno;
		close(in);
		close(err);
		return sc_error_set(e, SC_EX_IOERR, NULL, 0, 0, "temporary file: %s", strerror(en));
	}
	lseek(in, 0, SEEK_SET);
	pid = fork();
	if (pid < 0) {
		int en = errno;
		close(in);
		close(err);
		return sc_error_set(e, SC_EX_OSERR, NULL, 0, 0, "fork: %s", strerror(en));
	}
	if (pid == 0) {
		dup2(in, 0);
		dup2(err, 1);
		dup2(err, 2);
		execl("/bin/sh", "sh", "-c", cmd, (char *)NULL);
		_exit(127);	/* lint-ok: the forked child, when exec fails */
	}
	close(in);
	while (waitpid(pid, &st, 0) < 0 && errno == EINTR)
		;
	lseek(err, 0, SEEK_SET);
	r = read(err, buf, sizeof(buf) - 1);
	close(err);
	buf[r > 0 ? r : 0] = '\0';
	buf[strcspn(buf, "\n")] = '\0';
	if (WIFEXITED(st) && WEXITSTATUS(st) == 0)
		return 0;
	return sc_error_set(e, SC_EX_UNAVAILABLE, NULL, 0, 0, "%s failed (%s %d)%s%s: nothing was sent",
			    cmd, WIFEXITED(st) ? "status" : "signal",
			    WIFEXITED(st) ? WEXITSTATUS(st) : WTERMSIG(st), buf[0] ? ": " : "", buf);
}

int
sc_inbox_consult(struct sc_inbox *ib, struct sc_conv *c, const char *agent,
		 const struct sc_inbox_consult *o, const char *who, const char *question,
		 char *msg, size_t cap, struct sc_error *e)
{
	struct sc_consult_opts co;
	struct sc_buf mail, text;
	json_t *thread, **v, *f, *a, *cs;
	char *email = NULL, *key;
	int pii = 0, rc, is_team;
	size_t i, n;

	if (who == NULL || *who == '\0' || strpbrk(who, "\r\n"))
		return sc_error_set(e, SC_EX_USAGE, NULL, 0, 0,
				    "consult: want a team of teams.csv or an e-mail address");
	if (question == NULL || *question == '\0')
		return sc_error_set(e, SC_EX_USAGE, NULL, 0, 0, "consult: no question");
	if (sc_utf8_invalid_at(question, strlen(question)) >= 0)
		return sc_error_set(e, SC_EX_DATAERR, NULL, 0, 0, "consult: question is not UTF-8");
	if (o->reply_to == NULL || *o->reply_to == '\0')
		return sc_error_set(e, SC_EX_CONFIG, NULL, 0, 0,
				    "consult: no reply address (--reply-to, or CONSULT_REPLY_TO in client.conf)");
	is_team = strchr(who, '@') == NULL;
	if (is_team) {
		rc = sc_inbox_team_row(o->teams, who, &email, &pii, NULL, e);
		if (rc < 0)
			return -1;
		if (rc == 0)
			return sc_error_set(e, SC_EX_USAGE, NULL, 0, 0,
					    "consult: no team '%s' in %s (or give an address)", who,
					    o->teams ? o->teams : "teams.csv");
		if (email == NULL)
			return sc_error_set(e, SC_EX_CONFIG, o->teams, 0, 0,
					    "team %s has no email: it cannot be consulted by mail", who);
	}
	key = sc_token_new(o->key_spec ? o->key_spec : "SC_CONSULT_KEY", NULL, e);
	if (key == NULL) {
		free(email);
		return -1;
	}
	if (strlen(key) < SC_CONSULT_KEY_MIN) {
		sc_token_free(key);
		free(email);
		return sc_error_set(e, SC_EX_CONFIG, NULL, 0, 0, "consult key: shorter than %d bytes",
				    SC_CONSULT_KEY_MIN);
	}
	thread = sc_inbox_thread_new(ib, c, e);
	n = json_array_size(thread);
	v = sc_xcalloc(n ? n : 1, sizeof(*v));
	for (i = 0; i < n; i++)
		v[i] = json_array_get(thread, i);
	memset(&co, 0, sizeof(co));
	co.to = is_team ? email : who;
	co.reply_to = o->reply_to;
	co.from = o->from;
	co.question = question;
	co.thread = c->thread;
	co.key = key;
	co.keylen = strlen(key);
	co.now = ib->now;
	co.until_day = (long)((ib->now + (o->valid > 0 ? o->valid : 14 * 86400)) / 86400);
	co.show_pii = pii;
	sc_buf_init(&mail);
	rc = sc_consult_mail(&co, v, n, &mail, e);
	free(v);
	sc_token_free(key);
	if (rc == 0)
		rc = pipe_mail(o->sendmail ? o->sendmail : "sendmail -t", &mail, e);
	sc_buf_release(&mail);
	json_decref(thread);
	if (rc < 0) {
		free(email);
		return -1;
	}
	/* the note: who was asked what (the question is the team's own text) */
	sc_buf_init(&text);
	sc_buf_printf(&text, "consult sent to %s", is_team ? email : who);
	if (is_team)
		sc_buf_printf(&text, " (team %s)", who);
	sc_buf_printf(&text, "%s: %s", pii ? "" : ", personal data masked", question);
	f = sc_inbox_base_fields(c, agent);
	a = json_object();
	json_object_set_new(a, "id", json_string(agent));
	json_object_set_new(a, "name", json_string(agent));
	json_object_set_new(a, "is_brand", json_true());
	json_object_set_new(f, "author", a);
	json_object_set_new(f, "visibility", json_string("internal"));
	json_object_set_new(f, "text", json_string(text.data));
	cs = json_object();
	json_object_set_new(cs, "to", json_string(is_team ? email : who));
	if (is_team)
		json_object_set_new(cs, "team", json_string(who));
	json_object_set_new(cs, "question", json_string(question));
	json_object_set_new(cs, "pii", json_boolean(pii));
	json_object_set_new(f, "consult", cs);
	rc = sc_inbox_append(ib, "note", f, e);
	json_decref(f);
	if (rc == 0)
		snprintf(msg, cap, "consult sent to %s%s", is_team ? who : who,
			 pii ? "" : " (personal data masked)");
	else
		snprintf(msg, cap, "consult sent, but the note could not be written");
	sc_buf_release(&text);
	free(email);
	return rc;
}
