/*
 * inbox_conv.c - the conversation view of sc-inbox and what a moderator
 * does there: the thread laid out in display columns with the draft, the
 * customer's history and the notes; edit, a private answer, another
 * template, a label, send, and the one-key actions (assign, note,
 * resolve, escalate...).  Every action becomes a case-log record through
 * lib/inbox*.c; see inbox_ui.c for the screen's design.
 */
#include <errno.h>
#include <fcntl.h>
#include <locale.h>
#include <ncurses.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include <wchar.h>
#include "cli.h"
#include "inbox_ui_int.h"
#include "reply.h"
#include "triage.h"

struct line {
	char *text;
	int kind;	/* 0 plain, 1 heading, 2 draft, 3 warning */
};

/* Wrap text into lines of at most cols columns, splitting at spaces. */
static void
wrap(struct line **v, size_t *n, const char *s, int cols, int kind)
{
	const char *p = s;

	do {
		const char *nl = strchr(p, '\n');
		size_t len = nl ? (size_t)(nl - p) : strlen(p);
		char *para = sc_xstrndup(p, len);
		const char *q = para;
		int indent = 0;

		while (q[indent] == ' ')
			indent++;
		do {
			struct sc_buf b;
			size_t cut = strlen(q), best = 0, i = 0;
			int w = 0;
			/* the longest prefix that fits, ending at a space if there is one */
			while (i < cut) {
				uint32_t cp;
				int l = sc_utf8_decode(q + i, cut - i, &cp);
				int cw;
				if (l <= 0)
					l = 1;
				cw = sc_inbox_width(q + i, (size_t)l);
				if (w + cw > cols)
					break;
				w += cw;
				i += (size_t)l;
				if (q[i] == ' ')
					best = i;
			}
			if (i < cut && best > 0)
				i = best;
			sc_buf_init(&b);
			sc_buf_add(&b, q, i);
			if (b.data == NULL)
				sc_buf_adds(&b, "");
			*v = sc_xrealloc(*v, (*n + 1) * sizeof(**v));
			(*v)[*n].text = b.data;
			(*v)[*n].kind = kind;
			(*n)++;
			q += i;
			while (*q == ' ')
				q++;
			if (*q && indent) {
				/* continuation lines keep the paragraph's indent */
				char *rest = sc_xmalloc((size_t)indent + strlen(q) + 1);
				memset(rest, ' ', (size_t)indent);
				memcpy(rest + indent, q, strlen(q) + 1);
				free(para);
				para = rest;
				q = para;
			}
		} while (*q);
		free(para);
		p = nl ? nl + 1 : NULL;
	} while (p && *p);
}

static void
lines_free(struct line *v, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		free(v[i].text);
	free(v);
}

/* Draw one line with personal data highlighted. */
static void
draw_line(struct ui *u, int y, const struct line *l)
{
	struct sc_pii_hit hits[16];
	size_t n = sc_pii_scan(l->text, strlen(l->text), hits, 16), i, at = 0;
	int x = 0;

	move(y, 0);
	clrtoeol();
	if (l->kind == 1)
		attron(A_BOLD);
	if (l->kind == 2)
		ui_on(u, C_DRAFT, A_BOLD);
	if (l->kind == 3)
		ui_on(u, C_CLAIM, A_BOLD);
	for (i = 0; i <= n; i++) {
		size_t end = i < n ? hits[i].off : strlen(l->text);
		char *seg = sc_xstrndup(l->text + at, end - at);
		x += ui_put(y, x, seg, COLS - x, 0);
		free(seg);
		if (i < n) {
			seg = sc_xstrndup(l->text + hits[i].off, hits[i].len);
			ui_on(u, C_PII, A_UNDERLINE | A_BOLD);
			x += ui_put(y, x, seg, COLS - x, 0);
			ui_off(u, C_PII, A_UNDERLINE | A_BOLD);
			free(seg);
			at = hits[i].off + hits[i].len;
		}
	}
	if (l->kind == 1)
		attroff(A_BOLD);
	if (l->kind == 2)
		ui_off(u, C_DRAFT, A_BOLD);
	if (l->kind == 3)
		ui_off(u, C_CLAIM, A_BOLD);
}

static void
build_view(struct ui *u, struct sc_conv *c, struct line **v, size_t *n)
{
	struct sc_error e;
	json_t *t;
	struct sc_buf b;
	const char *p;
	int in_draft = 0;

	sc_error_clear(&e);
	t = sc_inbox_thread_new(u->a->ib, c, &e);
	sc_buf_init(&b);
	inbox_show_text(u->a, c, t, &b);
	json_decref(t);
	*v = NULL;
	*n = 0;
	if (sc_inbox_claimed_by_other(u->a->ib, c, u->a->agent)) {
		char until[32];
		struct sc_buf w;
		sc_time_format(c->claim_until, until);
		sc_buf_init(&w);
		sc_buf_printf(&w, "%s is answering (claimed until %s); sending is refused meanwhile",
			      c->claim_by, until + 11);
		wrap(v, n, w.data, COLS, 3);
		sc_buf_release(&w);
	}
	for (p = b.data; p && *p;) {
		const char *nl = strchr(p, '\n');
		char *ln = sc_xstrndup(p, nl ? (size_t)(nl - p) : strlen(p));
		int kind = 0;
		if (strncmp(ln, "== ", 3) == 0)
			in_draft = 1;
		if (strncmp(ln, "-- ", 3) == 0 || strncmp(ln, "== ", 3) == 0)
			kind = 1;
		else if (in_draft)
			kind = 2;
		wrap(v, n, ln, COLS, kind);
		free(ln);
		p = nl ? nl + 1 : NULL;
	}
	sc_buf_release(&b);
}

static int
edit_text(struct ui *u, const char *before, char **after)
{
	const char *ed = getenv("VISUAL");
	char path[600];
	const char *tmp = getenv("TMPDIR");
	int fd, st;
	pid_t pid;
	FILE *f;
	struct sc_buf b;
	char chunk[4096];
	size_t r;

	if (ed == NULL || *ed == '\0')
		ed = getenv("EDITOR");
	if (ed == NULL || *ed == '\0')
		ed = "vi";
	snprintf(path, sizeof(path), "%s/sc-inbox-draft.XXXXXX", tmp && *tmp ? tmp : "/tmp");
	if ((fd = mkstemp(path)) < 0) {
		ui_say(u, 1, "edit: %s", strerror(errno));
		return -1;
	}
	if (write(fd, before, strlen(before)) < 0 || write(fd, "\n", 1) < 0) {
		close(fd);
		unlink(path);
		ui_say(u, 1, "edit: %s", strerror(errno));
		return -1;
	}
	close(fd);
	def_prog_mode();
	endwin();
	setenv("SC_INBOX_EDITOR", ed, 1);
	pid = fork();
	if (pid == 0) {
		execl("/bin/sh", "sh", "-c", "exec $SC_INBOX_EDITOR \"$1\"", "sh", path, (char *)NULL);
		_exit(127);
	}
	if (pid > 0) {
		while (waitpid(pid, &st, 0) < 0 && errno == EINTR)
			;
	}
	reset_prog_mode();
	refresh();
	if (pid < 0 || !WIFEXITED(st) || WEXITSTATUS(st) != 0) {
		unlink(path);
		ui_say(u, 1, "the editor failed; the draft is unchanged");
		return -1;
	}
	/* read back what the editor left at our path, never through a link */
	fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
	f = fd >= 0 ? fdopen(fd, "r") : NULL;
	if (f == NULL && fd >= 0)
		close(fd);
	sc_buf_init(&b);
	while (f && (r = fread(chunk, 1, sizeof(chunk), f)) > 0)
		sc_buf_add(&b, chunk, r);
	if (f)
		fclose(f);
	unlink(path);
	while (b.len > 0 && (b.data[b.len - 1] == '\n' || b.data[b.len - 1] == ' '))
		b.data[--b.len] = '\0';
	if (b.len == 0 || sc_utf8_invalid_at(b.data, b.len) >= 0) {
		sc_buf_release(&b);
		ui_say(u, 1, "empty or not UTF-8: the draft is unchanged");
		return -1;
	}
	*after = b.data;
	return 0;
}

/* The drafted record of c to change: a copy of its draft, or its message
   with a new manual draft.  New, or NULL. */
static json_t *
draft_copy(struct ui *u, struct sc_conv *c)
{
	struct sc_error e;
	json_t *rec, *reply;

	sc_error_clear(&e);
	rec = c->draft ? json_deep_copy(c->draft) : sc_inbox_message_new(u->a->ib, c, &e);
	if (rec == NULL)
		return NULL;
	reply = json_object_get(rec, "reply");
	if (!json_is_object(reply) || (sc_json_str(reply, "status") &&
				       strcmp(sc_json_str(reply, "status"), "draft") != 0 &&
				       strcmp(sc_json_str(reply, "status"), "sent") != 0)) {
		reply = json_object();
		json_object_set_new(reply, "status", json_string("draft"));
		json_object_set_new(reply, "template", json_string("manual"));
		json_object_set_new(reply, "visibility", json_string(c->priv ? "private" : "public"));
		json_object_set_new(reply, "text", json_string(""));
		json_object_set_new(rec, "reply", reply);
	}
	json_object_set_new(reply, "status", json_string("draft"));
	return rec;
}

static void
save(struct ui *u, struct sc_conv *c, json_t *rec, const char *what)
{
	struct sc_error e;

	sc_error_clear(&e);
	json_object_set_new(json_object_get(rec, "reply"), "edited_by", json_string(u->a->agent));
	if (sc_inbox_save_draft(u->a->ib, c, rec, &e) < 0)
		ui_say(u, 1, "%s: %s", what, e.text);
	else
		ui_say(u, 0, "%s: draft saved (drafts/edited.ndjson)", what);
}

static void
act_edit(struct ui *u, struct sc_conv *c)
{
	json_t *rec = draft_copy(u, c), *reply;
	const char *key;
	char *text = NULL;

	if (rec == NULL) {
		ui_say(u, 1, "edit: the message is not in the files");
		return;
	}
	reply = json_object_get(rec, "reply");
	key = sc_json_str(reply, "private_text") ? "private_text" : "text";
	if (edit_text(u, sc_json_str(reply, key) ? sc_json_str(reply, key) : "", &text) == 0) {
		json_object_set_new(reply, key, json_string(text));
		if (strcmp(key, "private_text") == 0)
			json_object_set_new(reply, "text", json_string(text));
		json_object_del(reply, "held");
		save(u, c, rec, "edit");
		free(text);
	}
	json_decref(rec);
}

static void
act_private(struct ui *u, struct sc_conv *c)
{
	json_t *rec, *reply;
	const char *lang;

	if (c->kind == NULL || strcmp(c->kind, "comment") != 0 || c->platform == NULL ||
	    (strcmp(c->platform, "facebook") != 0 && strcmp(c->platform, "instagram") != 0)) {
		ui_say(u, 1, "answer privately: only Facebook and Instagram comments get a private reply");
		return;
	}
	if ((rec = draft_copy(u, c)) == NULL)
		return;
	reply = json_object_get(rec, "reply");
	lang = sc_json_str(reply, "lang") ? sc_json_str(reply, "lang") : "pl";
	if (sc_json_str(reply, "private_via")) {
		json_object_del(reply, "private_via");
		json_object_del(reply, "public_text");
		json_object_del(reply, "private_text");
		json_object_set_new(reply, "visibility", json_string("public"));
		save(u, c, rec, "public reply");
	} else {
		json_object_set_new(reply, "private_via", json_string("private_reply"));
		json_object_set_new(reply, "private_text", json_string(sc_json_str(reply, "text") ?
								       sc_json_str(reply, "text") : ""));
		json_object_set_new(reply, "public_text", json_string(strcmp(lang, "en") == 0 ?
			"We have sent you a private message." : "Odpisaliśmy w wiadomości prywatnej."));
		json_object_set_new(reply, "visibility", json_string("private"));
		save(u, c, rec, "private reply");
	}
	json_decref(rec);
}

static const char *
link_of(void *ctx, const char *name)
{
	struct ui *u = ctx;
	static char col[200];
	const struct sc_profile *pr;
	const char *v;

	(void)u;
	snprintf(col, sizeof(col), "link_%s", name);
	pr = u->profiles && u->open[0] ? sc_profiles_find(u->profiles, sc_inbox_find(u->a->ib, u->open)->profile) : NULL;
	v = pr ? sc_profile_get(u->profiles, pr, col) : "";
	return *v ? v : NULL;
}

static void
act_template(struct ui *u, struct sc_conv *c)
{
	struct sc_error e;
	size_t i, sel = 0, n;
	const struct sc_tmpl **v;
	int ch;

	sc_error_clear(&e);
	if (u->replies == NULL && u->a->replies)
		u->replies = sc_replies_load(u->a->replies, 0, NULL, NULL, &e);
	if (u->profiles == NULL && u->a->send.profiles)
		u->profiles = sc_profiles_load(u->a->send.profiles, &e);
	if (u->replies == NULL) {
		ui_say(u, 1, "another template: no replies.csv (%s)", e.text[0] ? e.text : "-r");
		return;
	}
	v = sc_xcalloc(u->replies->n + 1, sizeof(*v));
	n = 0;
	for (i = 0; i < u->replies->n; i++) {
		const struct sc_tmpl *t = &u->replies->v[i];
		if (*t->platform && c->platform && !strstr(t->platform, c->platform))
			continue;
		v[n++] = t;
	}
	for (;;) {
		int y;
		erase();
		ui_header(u, "another template");
		for (y = 0; y < LINES - 4 && (size_t)y < n; y++) {
			size_t k = sel >= (size_t)(LINES - 4) ? sel - (size_t)(LINES - 5) + (size_t)y : (size_t)y;
			struct sc_buf b;
			if (k >= n)
				break;
			sc_buf_init(&b);
			sc_buf_printf(&b, "%-16s %-3s %-10s %s", v[k]->id, v[k]->lang, v[k]->category, v[k]->text);
			if (k == sel)
				attron(A_REVERSE);
			ui_put(y + 1, 0, b.data, COLS, 1);
			if (k == sel)
				attroff(A_REVERSE);
			sc_buf_release(&b);
		}
		u->msg[0] = '\0';
		ui_footer(u, " j/k choose  Enter use it  q back");
		refresh();
		timeout(-1);
		ch = ui_getkey();
		timeout(1000);
		if (ch == 'q' || ch == 27)
			break;
		if ((ch == 'j' || ch == KEY_DOWN) && sel + 1 < n)
			sel++;
		if ((ch == 'k' || ch == KEY_UP) && sel > 0)
			sel--;
		if ((ch == '\n' || ch == '\r' || ch == KEY_ENTER) && n > 0) {
			const struct sc_tmpl *t = v[sel];
			const struct sc_profile *pr = u->profiles && c->profile ?
				sc_profiles_find(u->profiles, c->profile) : NULL;
			const char *tone = pr ? sc_profile_get(u->profiles, pr, "tone") : "";
			const char *voice = pr ? sc_profile_get(u->profiles, pr, "voice") : "";
			const char *emo = pr ? sc_profile_get(u->profiles, pr, "emoji") : "";
			const char *sig = pr ? sc_profile_get(u->profiles, pr, "signature") : "";
			const char *brand = pr ? sc_profile_get(u->profiles, pr, "brand_name") : "";
			const struct sc_piece *missing = NULL;
			struct sc_name nm;
			struct sc_fill f;
			char greet[200];
			char *text;
			json_t *rec, *reply;
			int formal = strcasecmp(tone, "formal") == 0;

			sc_name_parse(c->author, &nm);
			sc_name_greeting(&nm, strcmp(t->lang, "en") == 0 ? SC_LANG_EN : SC_LANG_PL, formal,
					 greet, sizeof(greet));
			memset(&f, 0, sizeof(f));
			f.greeting = greet;
			f.first_name = nm.first_name[0] ? nm.first_name : NULL;
			f.signature = *sig ? sig : NULL;
			f.profile = c->profile;
			f.brand = *brand ? brand : NULL;
			f.case_id = c->thread;
			f.agent = u->a->agent;
			f.plural = strcasecmp(voice, "singular") != 0;
			f.gender = nm.known ? nm.gender : 0;
			f.emoji = strcasecmp(emo, "yes") == 0;
			f.link = link_of;
			f.link_ctx = u;
			text = sc_tmpl_fill_new(t->pieces, t->npieces, &f, &missing);
			if (text == NULL) {
				char ph[100];
				sc_piece_name(missing, ph, sizeof(ph));
				ui_say(u, 1, "template %s needs %s, which this conversation has not", t->id, ph);
				break;
			}
			if ((rec = draft_copy(u, c)) != NULL) {
				char rule[300];
				reply = json_object_get(rec, "reply");
				snprintf(rule, sizeof(rule), "%s:%ld", u->a->replies, t->line);
				json_object_set_new(reply, "template", json_string(t->id));
				json_object_set_new(reply, "rule", json_string(rule));
				json_object_set_new(reply, "text", json_string(text));
				json_object_set_new(reply, "chosen_by", json_string(u->a->agent));
				if (sc_json_str(reply, "private_text"))
					json_object_set_new(reply, "private_text", json_string(text));
				save(u, c, rec, "template");
				json_decref(rec);
			}
			free(text);
			break;
		}
	}
	free(v);
}

static void
act_label(struct ui *u, struct sc_conv *c)
{
	static const char ckeys[] = "qcbposhx";
	static const char skeys[] = "+=-";
	struct sc_error e;
	const char *cat = NULL, *sen = NULL, *k;
	int ch;

	ui_say(u, 0, "category: q question c complaint b bug p praise o opinion s spam h hate x other"
	    "  (Enter keeps %s)", c->category ? c->category : "-");
	ui_footer(u, " relabel (Esc cancels)");
	refresh();
	timeout(-1);
	ch = ui_getkey();
	if (ch == 27) {
		timeout(1000);
		u->msg[0] = '\0';
		return;
	}
	if (ch > 0 && ch < 256 && (k = strchr(ckeys, ch)) != NULL)
		cat = sc_categories[k - ckeys];
	ui_say(u, 0, "sentiment: + positive  = neutral  - negative  (Enter keeps %s)",
	    c->sentiment ? c->sentiment : "-");
	ui_footer(u, " relabel (Esc cancels)");
	refresh();
	ch = ui_getkey();
	timeout(1000);
	if (ch == 27) {
		u->msg[0] = '\0';
		return;
	}
	if (ch > 0 && ch < 256 && (k = strchr(skeys, ch)) != NULL)
		sen = sc_sentiments[k - skeys];
	if (cat == NULL && sen == NULL) {
		ui_say(u, 0, "labels unchanged");
		return;
	}
	sc_error_clear(&e);
	if (sc_inbox_label(u->a->ib, c, u->a->agent, cat, sen, &e) < 0)
		ui_say(u, 1, "relabel: %s", e.text);
	else
		ui_say(u, 0, "relabelled %s%s%s (a label record sc-triage --train reads)", cat ? cat : "",
		    cat && sen ? ", " : "", sen ? sen : "");
}

static void
act_send(struct ui *u, struct sc_conv *c, const char *action)
{
	struct sc_error e;
	char msg[1024];
	json_t *reply = c->draft ? json_object_get(c->draft, "reply") : NULL;
	int rc;

	if (!action && c->held) {
		ui_say(u, 1, "held: lift the hold before sending (h); not sent");
		return;
	}
	if (!action && json_is_true(json_object_get(reply, "needs_approval"))) {
		/* the type decides what may be said: safety, media, legal and
		   unknown crises admit nothing; only brand-fault gets 5P */
		const char *type = sc_json_str(reply, "crisis");
		char q[200];

		snprintf(q, sizeof(q), "Needs approval: P1 crisis, %s%s. Approve and send it? y/n",
			 type ? "type " : "", type ? type : "type not known");
		if (!ui_confirm(u, q)) {
			ui_say(u, 0, "not sent");
			return;
		}
		u->a->send.approve_p1 = 1;
	}
	if (action && !ui_confirm(u, strcmp(action, "delete") == 0 ?
			       "Delete the customer's comment on the platform? y/n" :
			       "Hide the customer's comment on the platform? y/n")) {
		ui_say(u, 0, "nothing done");
		return;
	}
	ui_say(u, 0, "sending through sc-reply...");
	ui_footer(u, " sending");
	refresh();
	sc_error_clear(&e);
	rc = sc_inbox_send(u->a->ib, c, u->a->agent, &u->a->send, action, msg, sizeof(msg), &e);
	u->a->send.approve_p1 = 0;
	if (rc < 0)
		ui_say(u, 1, "%s", e.text);
	else
		ui_say(u, rc != 0, "%s", msg);
}

/* c: ask an expert by e-mail; the answer comes back as a note */
static void
act_consult(struct ui *u, struct sc_conv *c)
{
	struct sc_error e;
	char who[300] = "", q[1000] = "", msg[1024];

	if (ui_prompt(u, "consult whom (a team of teams.csv, or an address)", who, sizeof(who)) < 0 ||
	    !who[0])
		return;
	if (ui_prompt(u, "question for the expert", q, sizeof(q)) < 0 || !q[0]) {
		ui_say(u, 0, "no question: nothing sent");
		return;
	}
	ui_say(u, 0, "sending the consult...");
	refresh();
	sc_error_clear(&e);
	if (sc_inbox_consult(u->a->ib, c, u->a->agent, &u->a->consult, who, q, msg, sizeof(msg), &e) < 0)
		ui_say(u, 1, "%s", e.text);
	else
		ui_say(u, 0, "%s", msg);
}

static void
act_simple(struct ui *u, struct sc_conv *c, int ch)
{
	struct sc_error e;
	char buf[1000] = "";
	int rc = 0;
	const char *done = NULL;

	sc_error_clear(&e);
	switch (ch) {
	case 'A':
		if (ui_prompt(u, "assign to (a name, or team:NAME)", buf, sizeof(buf)) < 0 || !buf[0])
			return;
		rc = sc_inbox_assign(u->a->ib, c, u->a->agent, buf, &e);
		done = "assigned";
		break;
	case 'n':
		if (ui_prompt(u, "note", buf, sizeof(buf)) < 0 || !buf[0])
			return;
		rc = sc_inbox_note(u->a->ib, c, u->a->agent, buf, &e);
		done = "note kept";
		break;
	case 'r':
		rc = sc_inbox_status(u->a->ib, c, u->a->agent, "resolved", NULL, NULL, &e);
		done = "resolved";
		break;
	case 'R':
		rc = sc_inbox_status(u->a->ib, c, u->a->agent, "reopened", NULL, NULL, &e);
		done = "reopened";
		break;
	case 'x':
		if (ui_prompt(u, "escalate to team (Enter: no team)", buf, sizeof(buf)) < 0)
			return;
		rc = sc_inbox_escalate(u->a->ib, c, u->a->agent, buf, u->a->consult.teams, &e);
		done = "escalated";
		break;
	case 'h':
		rc = sc_inbox_hold(u->a->ib, c, u->a->agent, !c->held, &e);
		done = c->held ? "hold lifted" : "draft held";
		break;
	}
	if (rc < 0)
		ui_say(u, 1, "%s", e.text);
	else if (done)
		ui_say(u, 0, "%s", done);
}

void
ui_release(struct ui *u)
{
	struct sc_error e;
	struct sc_conv *c = u->open[0] ? sc_inbox_find(u->a->ib, u->open) : NULL;

	sc_error_clear(&e);
	if (c && u->claimed_until && !sc_inbox_claimed_by_other(u->a->ib, c, u->a->agent))
		sc_inbox_claim(u->a->ib, c, u->a->agent, 0, &e);
	u->open[0] = '\0';
	u->claimed_until = 0;
}

void
ui_conversation(struct ui *u, struct sc_conv *c)
{
	struct sc_error e;
	struct line *v = NULL;
	size_t n = 0, top = 0, i;
	int ch, dirty = 1, cols = COLS;

	snprintf(u->open, sizeof(u->open), "%s", c->thread);
	sc_error_clear(&e);
	if (!c->open) {
		ui_say(u, 0, "closed conversation (R reopens it)");
	} else if (sc_inbox_claimed_by_other(u->a->ib, c, u->a->agent)) {
		ui_say(u, 1, "%s is answering this one", c->claim_by);
	} else if (sc_inbox_claim(u->a->ib, c, u->a->agent, u->a->claim_secs, &e) == 0) {
		u->claimed_until = u->a->ib->now + u->a->claim_secs;
		ui_say(u, 0, "claimed for %lld min: the others see you are answering",
		    (long long)(u->a->claim_secs / 60));
	} else {
		ui_say(u, 1, "claim: %s", e.text);
	}
	for (;;) {
		c = sc_inbox_find(u->a->ib, u->open);
		if (c == NULL)
			break;
		if (dirty || cols != COLS) {
			lines_free(v, n);
			build_view(u, c, &v, &n);
			dirty = 0;
			cols = COLS;
			if (top >= n)
				top = n ? n - 1 : 0;
		}
		erase();
		ui_header(u, "conversation");
		for (i = 0; (int)i < LINES - 3 && top + i < n; i++)
			draw_line(u, (int)i + 1, &v[top + i]);
		ui_footer(u, " a:send e:edit t:template n:note A:assign r:resolve l:label ?:all keys q:back");
		refresh();
		ch = ui_getkey();
		if (ch == ERR) {
			dirty = ui_tick(u);
			continue;
		}
		if (ch == KEY_RESIZE) {
			dirty = 1;
			continue;
		}
		if (ch == 'q' || ch == 27)
			break;
		u->msg[0] = '\0';
		switch (ch) {
		case 'j': case KEY_DOWN:
			if (top + 1 < n)
				top++;
			break;
		case 'k': case KEY_UP:
			if (top > 0)
				top--;
			break;
		case ' ': case KEY_NPAGE:
			top = top + (size_t)(LINES - 4) < n ? top + (size_t)(LINES - 4) : top;
			break;
		case KEY_PPAGE:
			top = top > (size_t)(LINES - 4) ? top - (size_t)(LINES - 4) : 0;
			break;
		case '?':
			ui_pager(u, "help", ui_help_text);
			break;
		case 'a': act_send(u, c, NULL); dirty = 1; break;
		case 'H': act_send(u, c, "hide"); dirty = 1; break;
		case 'D': act_send(u, c, "delete"); dirty = 1; break;
		case 'e': act_edit(u, c); dirty = 1; break;
		case 't': act_template(u, c); dirty = 1; break;
		case 'p': act_private(u, c); dirty = 1; break;
		case 'l': act_label(u, c); dirty = 1; break;
		case 'c': act_consult(u, c); dirty = 1; break;
		case 'A': case 'n': case 'r': case 'R': case 'x': case 'h':
			act_simple(u, c, ch);
			dirty = 1;
			break;
		default:
			break;
		}
	}
	lines_free(v, n);
	ui_release(u);
	ui_remember(u);
	ui_query(u);
}

