/*
 * sc-inbox - the moderators' inbox: one queue of every open conversation
 * of a client (archive/, drafts/, the outbox journal and the case log
 * cases.ndjson, as scripts/sc-cron-client lays the directory out), worked
 * by a team on an ncurses screen (cmd/inbox_ui.c), or by scripts through
 * subcommands over the same library code (lib/inbox*.c): list, show,
 * assign, note, resolve, reopen, escalate, label, claim, release, hold,
 * unhold, send, hide, delete, handover.  Every action is a record in the
 * case log; sending goes through sc-reply --send and its journal.
 */
#include <errno.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"
#include "inbox.h"
#include "inbox_ui.h"
#include "reply.h"
#include "schema.h"
#include "triage.h"

static const char usage_text[] =
	"usage: sc-inbox [-C dir] [-f file] [--agent name] [options] [file ...]\n"
	"       sc-inbox [-C dir] list [--json] [--sort rank|newest|oldest|due] [filters] [file ...]\n"
	"       sc-inbox [-C dir] show [--json] id\n"
	"       sc-inbox [-C dir] assign id name|team:NAME\n"
	"       sc-inbox [-C dir] note id text\n"
	"       sc-inbox [-C dir] resolve|reopen|release|hold|unhold id\n"
	"       sc-inbox [-C dir] escalate id [team]\n"
	"       sc-inbox [-C dir] consult id team|address question\n"
	"       sc-inbox [-C dir] label id category=NAME [sentiment=NAME]\n"
	"       sc-inbox [-C dir] claim id [duration]\n"
	"       sc-inbox [-C dir] send|hide|delete id [--approve]\n"
	"       sc-inbox [-C dir] handover\n"
	"\n"
	"options: --log file --journal file -p profiles.csv -r replies.csv\n"
	"         --base-url url --sc-reply path --now time --claim duration\n"
	"         --timeout duration --allow-delete --max-line size --strict\n"
	"         --reply-to addr --consult-key spec --sendmail command (consult)\n"
	"filters: --profile p --platform p --kind k --team t --mine --unassigned\n"
	"         --priority P1-P4 --category c --tag t --search text\n"
	"         --escalated --claimed --awaiting --all\n";

enum {
	O_LOG = 256, O_JOURNAL, O_BASE, O_SCREPLY, O_AGENT, O_NOW, O_JSON, O_SORT, O_PROFILE,
	O_PLATFORM, O_KIND, O_TEAM, O_MINE, O_UNASSIGNED, O_PRIORITY, O_CATEGORY, O_TAG,
	O_SEARCH, O_ESCALATED, O_CLAIMED, O_AWAITING, O_ALL, O_APPROVE, O_ALLOW_DELETE,
	O_CLAIM, O_TIMEOUT, O_VERSION, O_IDENT, O_MAX_LINE, O_STRICT, O_REPLY_TO, O_CONSULT_KEY,
	O_SENDMAIL
};

static int
exists(const char *p)
{
	struct stat st;

	return stat(p, &st) == 0;
}

/* Strings main allocates, freed at exit (so leak checkers stay quiet). */
static char *owned[16];
static int nowned;

static char *
own(char *s)
{
	if (s && nowned < 16)
		owned[nowned++] = s;
	return s;
}

/* DIR/NAME when it exists, else NULL. */
static char *
in_dir(const char *dir, const char *name)
{
	char *p = sc_path_new(dir, name);

	if (exists(p))
		return own(p);
	free(p);
	return NULL;
}

/* BASE_URL=... from client.conf (a sh file; only plain assignments). */
static char *
conf_value(const char *dir, const char *name)
{
	char *p = sc_path_new(dir, "client.conf"), line[2048], *r = NULL;
	FILE *f = fopen(p, "r");
	size_t nl = strlen(name);

	free(p);
	if (f == NULL)
		return NULL;
	while (fgets(line, sizeof(line), f)) {
		char *v = line;
		size_t n;
		if (strncmp(v, name, nl) != 0 || v[nl] != '=')
			continue;
		v += nl + 1;
		n = strcspn(v, "\n\r#");
		while (n > 0 && (v[n - 1] == ' ' || v[n - 1] == '\t'))
			n--;
		if (n >= 2 && (v[0] == '\'' || v[0] == '"') && v[n - 1] == v[0]) {
			v++;
			n -= 2;
		}
		free(r);
		r = n ? sc_xstrndup(v, n) : NULL;
	}
	fclose(f);
	return r;
}

/* sc-reply beside this program, else from PATH. */
static char *
find_sc_reply(const char *argv0)
{
	char self[4096];
	ssize_t n = readlink("/proc/self/exe", self, sizeof(self) - 1);
	char *slash;

	if (n > 0) {
		self[n] = '\0';
		if ((slash = strrchr(self, '/')) != NULL) {
			char *p;
			*slash = '\0';
			p = sc_path_new(self, "sc-reply");
			if (access(p, X_OK) == 0)
				return p;
			free(p);
		}
	}
	(void)argv0;
	return sc_xstrdup("sc-reply");
}

static struct sc_conv *
need_conv(struct inbox_app *a, const char *id)
{
	struct sc_conv *c = sc_inbox_find(a->ib, id);

	if (c == NULL || c->last_cust == 0)
		sc_die(SC_EX_DATAERR, "%s: no such conversation (want a thread id or a message id; "
		       "see sc-inbox list)", id);
	return c;
}

static int
write_out(struct sc_buf *b)
{
	if (b->len && fwrite(b->data, 1, b->len, stdout) != b->len)
		goto fail;
	if (fflush(stdout) != 0 || ferror(stdout))
		goto fail;
	return 0;
fail:
	sc_warn("write error: %s", strerror(errno));
	return SC_EX_IOERR;
}

/* ---- list ---- */

static void
list_line(struct inbox_app *a, const struct sc_conv *c, struct sc_buf *b)
{
	char left[32], pri[8];
	const char *who = c->claim_by && c->claim_until > a->ib->now ? c->claim_by : "";
	struct sc_buf pk;

	snprintf(pri, sizeof(pri), c->priority < 9 ? "P%d" : "-", c->priority);
	sc_inbox_left(c->due, a->ib->now, left, sizeof(left));
	sc_buf_init(&pk);
	sc_buf_printf(&pk, "%s/%s%s", c->platform ? c->platform : "?", c->kind ? c->kind : "?",
		      c->priv ? "*" : "");
	sc_buf_printf(b, "%-3s %5s ", pri, left);
	sc_inbox_fit(b, pk.data, 17, 1);
	sc_buf_addc(b, ' ');
	sc_inbox_fit(b, c->profile, 14, 1);
	sc_buf_addc(b, ' ');
	sc_inbox_fit(b, c->author, 14, 1);
	sc_buf_addc(b, ' ');
	sc_inbox_fit(b, c->text, 34, 1);
	sc_buf_addc(b, ' ');
	sc_inbox_fit(b, c->ateam ? c->ateam : c->team ? c->team : "-", 10, 1);
	sc_buf_addc(b, ' ');
	sc_inbox_fit(b, c->assignee ? c->assignee : "-", 10, 1);
	sc_buf_addc(b, ' ');
	sc_inbox_fit(b, *who ? who : "-", 10, 0);
	sc_buf_addc(b, ' ');
	sc_buf_adds(b, c->thread);
	sc_buf_addc(b, '\n');
	sc_buf_release(&pk);
}

static int
do_list(struct inbox_app *a, int json)
{
	size_t *ix = sc_xmalloc((a->ib->n + 1) * sizeof(*ix)), n, i;
	struct sc_buf b;
	int st;

	n = sc_inbox_query(a->ib, &a->filter, a->sort, a->agent, ix);
	sc_buf_init(&b);
	if (!json)
		sc_buf_adds(&b, "PRI  LEFT CHANNEL           PROFILE        AUTHOR         "
			    "TEXT                               TEAM       ASSIGNEE   NOW        ID\n");
	for (i = 0, st = 0; i < n && st == 0; i++) {
		if (json) {
			sc_inbox_conv_json(a->ib, &a->ib->v[ix[i]], &b);
			sc_buf_addc(&b, '\n');
		} else {
			list_line(a, &a->ib->v[ix[i]], &b);
		}
		if (b.len >= 64 * 1024) {	/* written as it goes, not held whole */
			st = write_out(&b);
			sc_buf_reset(&b);
		}
	}
	if (st == 0)
		st = write_out(&b);
	sc_buf_release(&b);
	free(ix);
	return st;
}

/* ---- show ---- */

void
inbox_history_line(struct inbox_app *a, struct sc_conv *c, struct sc_buf *b)
{
	static struct sc_history *h;
	static const struct sc_inbox *for_ib;
	const struct sc_customer *cu;
	size_t i;
	int first = 1;

	if (h == NULL || for_ib != a->ib) {
		struct sc_error e;
		sc_history_free(h);
		h = sc_history_new();
		for_ib = a->ib;
		sc_error_clear(&e);
		if (a->identities && exists(a->identities))
			sc_history_load_identities(h, a->identities, &e);
		for (i = 0; i < a->ib->npaths; i++)
			if (strstr(a->ib->paths[i], "drafts/") == NULL)	/* drafts repeat the archive */
				sc_history_load(h, a->ib->paths[i], a->ib->src.max_line, NULL, NULL, &e);
		sc_history_finish(h);
	}
	cu = c->platform && c->author_id ? sc_history_find(h, c->platform, c->author_id) : NULL;
	if (cu == NULL) {
		sc_buf_adds(b, "no earlier contacts known");
		return;
	}
	sc_buf_printf(b, "%ld message%s on ", cu->contacts, cu->contacts == 1 ? "" : "s");
	for (i = 0; i < SC_NCHANNEL; i++)
		if (cu->channels & (1u << i)) {
			sc_buf_printf(b, "%s%s", first ? "" : ", ",
				      i + 1 < SC_NCHANNEL ? sc_schema_platforms[i] : "other");
			first = 0;
		}
	sc_buf_printf(b, "; %ld open complaint%s", cu->open_complaints,
		      cu->open_complaints == 1 ? "" : "s");
	for (i = 0; i < SC_NCATEGORY; i++)
		if (cu->cat[i])
			sc_buf_printf(b, "; %s %ld", sc_categories[i], cu->cat[i]);
}

static void
time_short(const json_t *r, const char *key, char out[32])
{
	const char *s = sc_json_str(r, key);
	int64_t t;

	if (s && sc_time_parse(s, &t) == 0) {
		sc_time_format(t, out);
		out[10] = ' ';
		out[16] = '\0';
	} else {
		snprintf(out, 32, "?");
	}
}

static void
triage_why(const json_t *tri, struct sc_buf *b)
{
	json_t *rules = json_object_get(tri, "rules"), *v;
	json_t *model = json_object_get(tri, "model");
	size_t i;
	const char *k;

	sc_buf_printf(b, "triage: %s, %s, %s, action %s",
		      sc_json_str(tri, "category") ? sc_json_str(tri, "category") : "?",
		      sc_json_str(tri, "sentiment") ? sc_json_str(tri, "sentiment") : "?",
		      sc_json_str(tri, "priority") ? sc_json_str(tri, "priority") : "?",
		      sc_json_str(tri, "action") ? sc_json_str(tri, "action") : "?");
	sc_buf_adds(b, "; rules fired: ");
	if (json_array_size(rules) == 0)
		sc_buf_adds(b, "none (lexicons decided)");
	json_array_foreach(rules, i, v)
		sc_buf_printf(b, "%s%s", i ? ", " : "", json_string_value(v) ? json_string_value(v) : "?");
	json_object_foreach(model, k, v)
		sc_buf_printf(b, "; model %s: %s %.2f", k, sc_json_str(v, "label") ? sc_json_str(v, "label") : "?",
			      json_number_value(json_object_get(v, "confidence")));
	v = json_object_get(tri, "pii");
	if (json_array_size(v)) {
		sc_buf_adds(b, "; personal data: ");
		json_array_foreach(json_object_get(tri, "pii"), i, v)
			sc_buf_printf(b, "%s%s", i ? ", " : "", json_string_value(v) ? json_string_value(v) : "?");
	}
}

static void
window_line(const struct sc_conv *c, int64_t now, struct sc_buf *b)
{
	const char *tag = NULL, *reason = NULL;
	char at[32];

	if (c->priv && c->kind && strcmp(c->kind, "dm") == 0) {
		int meta = c->platform && (strcmp(c->platform, "facebook") == 0 ||
					   strcmp(c->platform, "instagram") == 0);
		if (sc_reply_window(c->platform, "dm", c->last_cust, now, 0, &tag, &reason) == 0) {
			if (meta) {
				sc_time_format(c->last_cust + 24 * 3600, at);
				sc_buf_printf(b, "reply window: open until %s; then 7 days for a person's "
					      "reply (HUMAN_AGENT tag), then closed", at);
			} else {
				sc_buf_adds(b, "reply window: open");
			}
		} else if (tag) {
			sc_time_format(c->last_cust + 7 * 24 * 3600, at);
			sc_buf_printf(b, "reply window: %s; a person's reply until %s", reason, at);
		} else {
			sc_buf_printf(b, "reply window: closed - %s; answer publicly or wait for the "
				      "customer", reason);
		}
	} else {
		sc_buf_adds(b, "reply window: public reply, no window");
	}
}

void
inbox_show_text(struct inbox_app *a, struct sc_conv *c, json_t *thread, struct sc_buf *b)
{
	char left[32], at[32];
	json_t *r, *reply = c->draft ? json_object_get(c->draft, "reply") : NULL;
	size_t i;

	sc_inbox_left(c->due, a->ib->now, left, sizeof(left));
	sc_buf_printf(b, "%s  %s %s%s  %s  ", c->thread, c->platform ? c->platform : "?",
		      c->kind ? c->kind : "?", c->priv ? " (private)" : "", c->profile ? c->profile : "?");
	if (c->priority < 9)
		sc_buf_printf(b, "P%d  ", c->priority);
	sc_buf_printf(b, "%s%s\n", !c->open ? "closed" : c->escalated ? "escalated" :
		      c->awaiting ? "awaiting reply" : "answered", c->due ? "" : "");
	if (c->due)
		sc_buf_printf(b, "due %s (%s)\n", left, c->due < a->ib->now ? "overdue" : "left");
	sc_buf_printf(b, "team %s", c->ateam ? c->ateam : c->team ? c->team : "-");
	if (c->assignee)
		sc_buf_printf(b, ", assigned to %s", c->assignee);
	if (c->escalated)
		sc_buf_printf(b, ", escalated%s%s", c->esc_to ? " to " : "", c->esc_to ? c->esc_to : "");
	if (c->claim_by && c->claim_until > a->ib->now) {
		sc_time_format(c->claim_until, at);
		sc_buf_printf(b, ", %s is answering (until %s)", c->claim_by, at + 11);
	}
	if (c->held)
		sc_buf_adds(b, ", draft held");
	sc_buf_adds(b, "\ncustomer: ");
	inbox_history_line(a, c, b);
	sc_buf_addc(b, '\n');
	window_line(c, a->ib->now, b);
	sc_buf_addc(b, '\n');
	json_array_foreach(thread, i, r) {
		const char *kind = sc_json_str(r, "kind"), *text = sc_json_str(r, "text");
		json_t *au = json_object_get(r, "author");
		char t[32];

		time_short(r, "created_at", t);
		if (kind && strcmp(kind, "status") == 0) {
			sc_buf_printf(b, "-- %s  %s by %s", t, sc_json_str(r, "status"),
				      sc_json_str(r, "agent") ? sc_json_str(r, "agent") : "?");
			if (sc_json_str(r, "assignee") || sc_json_str(r, "team"))
				sc_buf_printf(b, " -> %s", sc_json_str(r, "assignee") ? sc_json_str(r, "assignee")
					      : sc_json_str(r, "team"));
			sc_buf_addc(b, '\n');
			continue;
		}
		if (kind && strcmp(kind, "note") == 0) {
			/* an expert's answer by e-mail (sc-normalize --from email)
			   has no agent and an author who is not the brand */
			if (!json_is_true(json_object_get(au, "is_brand")))
				sc_buf_printf(b, "-- %s  answer by e-mail from %s%s%s%s: %s\n", t,
					      sc_json_str(au, "name") ? sc_json_str(au, "name") : "",
					      sc_json_str(au, "name") ? " <" : "",
					      sc_json_str(au, "id") ? sc_json_str(au, "id") : "?",
					      sc_json_str(au, "name") ? ">" : "", text ? text : "");
			else
				sc_buf_printf(b, "-- %s  note by %s: %s\n", t, sc_json_str(r, "agent") ?
					      sc_json_str(r, "agent") : "?", text ? text : "");
			continue;
		}
		if (kind && strcmp(kind, "label") == 0) {
			sc_buf_printf(b, "-- %s  relabelled by %s: %s %s\n", t, sc_json_str(r, "agent"),
				      sc_json_path_str(r, "triage.category") ? sc_json_path_str(r, "triage.category") : "",
				      sc_json_path_str(r, "triage.sentiment") ? sc_json_path_str(r, "triage.sentiment") : "");
			continue;
		}
		sc_buf_printf(b, "-- %s  %s%s%s%s", t,
			      sc_json_str(au, "name") ? sc_json_str(au, "name") : sc_json_str(au, "id") ?
			      sc_json_str(au, "id") : "?",
			      json_is_true(json_object_get(au, "is_brand")) ? " (brand" : " (customer",
			      sc_json_str(r, "agent") ? ", " : "", sc_json_str(r, "agent") ? sc_json_str(r, "agent") : "");
		sc_buf_printf(b, ")\n   %s\n", text ? text : "");
		if (json_is_object(json_object_get(r, "triage")) &&
		    !json_is_true(json_object_get(au, "is_brand"))) {
			sc_buf_adds(b, "   ");
			triage_why(json_object_get(r, "triage"), b);
			sc_buf_addc(b, '\n');
		}
	}
	if (reply) {
		const char *st = sc_json_str(reply, "status");
		sc_buf_printf(b, "== draft (%s; template %s, %s, %s%s)\n", st ? st : "?",
			      sc_json_str(reply, "template") ? sc_json_str(reply, "template") : "-",
			      sc_json_str(reply, "rule") ? sc_json_str(reply, "rule") : "-",
			      sc_json_str(reply, "visibility") ? sc_json_str(reply, "visibility") : "public",
			      json_is_true(json_object_get(reply, "needs_approval")) ? ", NEEDS APPROVAL" : "");
		if (sc_json_str(reply, "text"))
			sc_buf_printf(b, "   %s\n", sc_json_str(reply, "text"));
		if (sc_json_str(reply, "reason"))
			sc_buf_printf(b, "   (%s)\n", sc_json_str(reply, "reason"));
		if (sc_json_str(reply, "approval"))
			sc_buf_printf(b, "   approval: %s\n", sc_json_str(reply, "approval"));
	} else {
		sc_buf_adds(b, "== no draft\n");
	}
}

static int
do_show(struct inbox_app *a, struct sc_conv *c, int json)
{
	struct sc_error e;
	json_t *t, *r;
	struct sc_buf b;
	size_t i;
	int st;

	sc_error_clear(&e);
	t = sc_inbox_thread_new(a->ib, c, &e);
	sc_buf_init(&b);
	if (json) {
		sc_inbox_conv_json(a->ib, c, &b);
		sc_buf_addc(&b, '\n');
		json_array_foreach(t, i, r) {
			sc_buf_add_json(&b, r);
			sc_buf_addc(&b, '\n');
		}
	} else {
		inbox_show_text(a, c, t, &b);
	}
	json_decref(t);
	st = write_out(&b);
	sc_buf_release(&b);
	return st;
}

/* ---- handover ---- */

void
inbox_handover_text(struct inbox_app *a, struct sc_buf *b)
{
	struct sc_inbox *ib = a->ib;
	struct sc_inbox_filter all;
	size_t i, k, *ix = sc_xmalloc((ib->n + 1) * sizeof(*ix)), nix;
	long open = 0, awaiting = 0, claimed = 0, soon = 0, over = 0, esc = 0, unassigned = 0;
	int pass;

	for (i = 0; i < ib->n; i++) {
		struct sc_conv *c = &ib->v[i];
		if (!c->open || c->last_cust == 0)
			continue;
		open++;
		awaiting += c->awaiting;
		claimed += c->claim_by && c->claim_until > ib->now;
		soon += c->due && c->due >= ib->now && c->due < ib->now + 3600;
		over += c->due && c->due < ib->now;
		esc += c->escalated;
		unassigned += !c->assignee && !c->ateam;
	}
	memset(&all, 0, sizeof(all));
	nix = sc_inbox_query(ib, &all, SC_SORT_RANK, a->agent, ix);
	sc_buf_printf(b, "open %ld  awaiting reply %ld  claimed %ld  due within the hour %ld  "
		      "overdue %ld  escalated %ld  unassigned %ld\n", open, awaiting, claimed, soon, over,
		      esc, unassigned);
	for (pass = 0; pass < 4; pass++) {
		static const char *titles[] = {"claimed now", "overdue", "due within the hour", "escalated"};
		int any = 0;
		for (k = 0; k < nix; k++) {
			struct sc_conv *c = &ib->v[ix[k]];
			int in;
			char left[32];
			if (!c->open || c->last_cust == 0)
				continue;
			in = pass == 0 ? c->claim_by && c->claim_until > ib->now :
			     pass == 1 ? c->due && c->due < ib->now :
			     pass == 2 ? c->due && c->due >= ib->now && c->due < ib->now + 3600 :
			     c->escalated;
			if (!in)
				continue;
			if (!any)
				sc_buf_printf(b, "\n%s:\n", titles[pass]);
			any = 1;
			sc_inbox_left(c->due, ib->now, left, sizeof(left));
			sc_buf_printf(b, "  P%c %5s %-12s ", c->priority < 9 ? '0' + c->priority : '-', left,
				      pass == 0 ? c->claim_by : pass == 3 && c->esc_to ? c->esc_to :
				      c->assignee ? c->assignee : "-");
			sc_inbox_fit(b, c->text, 40, 1);
			sc_buf_printf(b, " %s\n", c->thread);
		}
	}
	free(ix);
}

/* ---- main ---- */

static int
fail(const struct sc_error *e)
{
	sc_warn_error(e);
	return e->status ? e->status : SC_EX_SOFTWARE;
}

static const char *const commands[] = {
	"list", "show", "assign", "note", "resolve", "reopen", "escalate", "label", "claim",
	"release", "hold", "unhold", "send", "hide", "delete", "handover", "consult", NULL
};

int
main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{"client", required_argument, NULL, 'C'},
		{"profiles", required_argument, NULL, 'p'},
		{"replies", required_argument, NULL, 'r'},
		{"log", required_argument, NULL, O_LOG},
		{"journal", required_argument, NULL, O_JOURNAL},
		{"base-url", required_argument, NULL, O_BASE},
		{"sc-reply", required_argument, NULL, O_SCREPLY},
		{"identities", required_argument, NULL, O_IDENT},
		{"agent", required_argument, NULL, O_AGENT},
		{"now", required_argument, NULL, O_NOW},
		{"json", no_argument, NULL, O_JSON},
		{"sort", required_argument, NULL, O_SORT},
		{"profile", required_argument, NULL, O_PROFILE},
		{"platform", required_argument, NULL, O_PLATFORM},
		{"kind", required_argument, NULL, O_KIND},
		{"team", required_argument, NULL, O_TEAM},
		{"mine", no_argument, NULL, O_MINE},
		{"unassigned", no_argument, NULL, O_UNASSIGNED},
		{"priority", required_argument, NULL, O_PRIORITY},
		{"category", required_argument, NULL, O_CATEGORY},
		{"tag", required_argument, NULL, O_TAG},
		{"search", required_argument, NULL, O_SEARCH},
		{"escalated", no_argument, NULL, O_ESCALATED},
		{"claimed", no_argument, NULL, O_CLAIMED},
		{"awaiting", no_argument, NULL, O_AWAITING},
		{"all", no_argument, NULL, O_ALL},
		{"approve", no_argument, NULL, O_APPROVE},
		{"allow-delete", no_argument, NULL, O_ALLOW_DELETE},
		{"claim", required_argument, NULL, O_CLAIM},
		{"timeout", required_argument, NULL, O_TIMEOUT},
		{"max-line", required_argument, NULL, O_MAX_LINE},
		{"strict", no_argument, NULL, O_STRICT},
		{"reply-to", required_argument, NULL, O_REPLY_TO},
		{"consult-key", required_argument, NULL, O_CONSULT_KEY},
		{"sendmail", required_argument, NULL, O_SENDMAIL},
		{"help", no_argument, NULL, 'h'},
		{"version", no_argument, NULL, O_VERSION},
		{NULL, 0, NULL, 0}
	};
	const char *dir = NULL, *agent_opt = NULL, *cmd = NULL, *nowarg = NULL;
	struct sc_inbox_src src;
	struct inbox_app a;
	struct sc_error e;
	char *agent, *base = NULL, *screply = NULL, *profiles = NULL, *replies = NULL;
	char *ident = NULL, *tokens = NULL;
	int c, json = 0, mine = 0, i, status = 0, nfiles = 0, strict = 0;
	int64_t now = (int64_t)time(NULL);
	char **args, *fopt[64 + 256];
	int nargs, nfopt = 0;

	memset(&src, 0, sizeof(src));
	memset(&a, 0, sizeof(a));
	a.claim_secs = SC_INBOX_CLAIM_SECS;
	sc_cli_init(argv[0]);
	argv[0] = (char *)sc_prog;
	while ((c = getopt_long(argc, argv, "C:f:p:r:h", longopts, NULL)) != -1) {
		switch (c) {
		case 'C': dir = optarg; break;
		case 'f':
			if (nfopt == 64)
				sc_usage_error("-f: at most 64 files");
			fopt[nfopt++] = optarg;
			break;
		case 'p': profiles = optarg; break;
		case 'r': replies = optarg; break;
		case O_LOG: src.caselog = optarg; break;
		case O_JOURNAL: src.journal = optarg; break;
		case O_BASE: base = optarg; break;
		case O_SCREPLY: screply = optarg; break;
		case O_IDENT: ident = optarg; break;
		case O_AGENT:
			if (*optarg == '\0' || strlen(optarg) > 200)
				sc_usage_error("--agent: want a name of 1 to 200 bytes");
			agent_opt = optarg;
			break;
		case O_NOW:
			now = sc_opt_instant("--now", optarg);
			nowarg = optarg;
			break;
		case O_JSON: json = 1; break;
		case O_SORT:
			if (sc_inbox_sort_parse(optarg, &a.sort) < 0)
				sc_usage_error("--sort: want rank, newest, oldest or due, not '%s'", optarg);
			break;
		case O_PROFILE: a.filter.profile = optarg; break;
		case O_PLATFORM: a.filter.platform = optarg; break;
		case O_KIND: a.filter.kind = optarg; break;
		case O_TEAM: a.filter.team = optarg; break;
		case O_MINE: mine = 1; break;
		case O_UNASSIGNED: a.filter.unassigned = 1; break;
		case O_PRIORITY:
			if (!((optarg[0] == 'P' || optarg[0] == 'p') && optarg[1] >= '1' && optarg[1] <= '4' &&
			      optarg[2] == '\0'))
				sc_usage_error("--priority: want P1, P2, P3 or P4, not '%s'", optarg);
			a.filter.max_priority = optarg[1] - '0';
			break;
		case O_CATEGORY: a.filter.category = optarg; break;
		case O_TAG: a.filter.tag = optarg; break;
		case O_SEARCH: a.filter.search = optarg; break;
		case O_ESCALATED: a.filter.escalated = 1; break;
		case O_CLAIMED: a.filter.claimed = 1; break;
		case O_AWAITING: a.filter.awaiting = 1; break;
		case O_ALL: a.filter.all = 1; break;
		case O_APPROVE: a.send.approve_p1 = 1; break;
		case O_ALLOW_DELETE: a.send.allow_delete = 1; break;
		case O_CLAIM:
			a.claim_secs = sc_opt_duration("--claim", optarg, 10, 86400);
			break;
		case O_TIMEOUT:
			/* checked as sc-reply checks it, which is given it as written */
			sc_opt_duration("--timeout", optarg, 1, SC_DURATION_MAX);
			a.send.timeout = optarg;
			break;
		case O_MAX_LINE:
			src.max_line = sc_opt_size("--max-line", optarg, SC_MAX_LINE_MIN, SC_MAX_LINE_MAX);
			break;
		case O_STRICT: strict = 1; break;
		case O_REPLY_TO: a.consult.reply_to = optarg; break;
		case O_CONSULT_KEY: a.consult.key_spec = optarg; break;
		case O_SENDMAIL: a.consult.sendmail = optarg; break;
		case 'h': sc_print_usage(usage_text);
		case O_VERSION: sc_print_version();
		default:
			fprintf(stderr, "Try '%s --help' for more information.\n", sc_prog);
			return SC_EX_USAGE;
		}
	}
	args = argv + optind;
	nargs = argc - optind;
	if (nargs > 0) {
		for (i = 0; commands[i]; i++)
			if (strcmp(args[0], commands[i]) == 0)
				cmd = commands[i];
		if (cmd) {
			args++;
			nargs--;
		}
	}
	/* the arguments of a command, and files for the screen and list */
	nfiles = 0;
	if (cmd == NULL || strcmp(cmd, "list") == 0 || strcmp(cmd, "handover") == 0) {
		nfiles = nargs;
	} else {
		int want_min = 1, want_max = 1;
		if (strcmp(cmd, "assign") == 0 || strcmp(cmd, "note") == 0)
			want_min = want_max = 2;
		else if (strcmp(cmd, "escalate") == 0 || strcmp(cmd, "claim") == 0)
			want_max = 2;
		else if (strcmp(cmd, "label") == 0)
			want_min = 2, want_max = 3;
		else if (strcmp(cmd, "consult") == 0)
			want_min = want_max = 3;
		if (nargs < want_min)
			sc_usage_error("%s: missing %s", cmd, nargs == 0 ? "conversation id" :
				       strcmp(cmd, "assign") == 0 ? "name (or team:NAME)" :
				       strcmp(cmd, "consult") == 0 ? (nargs == 1 ? "team or address" : "question") :
				       strcmp(cmd, "note") == 0 ? "text" : "category=NAME or sentiment=NAME");
		if (nargs > want_max)
			sc_usage_error("%s: unexpected argument '%s'", cmd, args[want_max]);
	}
	/* -f files, then the files named after list (or alone, for the screen) */
	for (i = 0; i < nfiles && nfopt < 64 + 256; i++)
		fopt[nfopt++] = args[i];
	if (nfiles > 256)
		sc_usage_error("at most 256 files");
	if (dir == NULL && nfopt == 0)
		dir = ".";
	if (dir) {
		struct stat st;
		if (stat(dir, &st) < 0 || !S_ISDIR(st.st_mode))
			sc_die(SC_EX_NOINPUT, "%s: not a client directory", dir);
		src.dir = dir;
		if (!profiles)
			profiles = in_dir(dir, "profiles.csv");
		if (!replies)
			replies = in_dir(dir, "replies.csv");
		if (!ident)
			ident = in_dir(dir, "identities.csv");
		if (!base)
			base = own(conf_value(dir, "BASE_URL"));
		tokens = in_dir(dir, "tokens.env");
		a.consult.teams = in_dir(dir, "teams.csv");
		if (!a.consult.reply_to)
			a.consult.reply_to = own(conf_value(dir, "CONSULT_REPLY_TO"));
		if (!a.consult.key_spec)
			a.consult.key_spec = own(conf_value(dir, "CONSULT_KEY"));
		if (!a.consult.sendmail)
			a.consult.sendmail = own(conf_value(dir, "MAIL_CMD"));
	}
	src.files = fopt;
	src.nfiles = nfopt;
	agent = sc_inbox_agent_new(agent_opt);
	if (agent == NULL)
		sc_usage_error("who are you? give --agent NAME or set SC_AGENT");
	sc_inbox_locale();
	a.agent = agent;
	a.fixed_now = nowarg != NULL;
	a.send.sc_reply = screply ? screply : own(find_sc_reply(argv[0]));
	a.send.profiles = profiles;
	a.send.base_url = base;
	a.send.tokens_env = tokens;
	a.send.now = nowarg;
	a.replies = replies;
	a.identities = ident;
	if (mine)
		a.filter.assignee = agent;
	/* the queue, the screen and the handover show open conversations
	   only: closed threads are summarised while loading */
	src.open_only = cmd == NULL || strcmp(cmd, "handover") == 0 ||
			(strcmp(cmd, "list") == 0 && !a.filter.all);
	a.ib = sc_inbox_new(&src, now);
	sc_error_clear(&e);
	if (sc_inbox_load(a.ib, &e) < 0)
		sc_die_error(&e);
	if (a.ib->bad && strict)	/* nothing shown, nothing done */
		sc_die(SC_EX_DATAERR, "%s (%ld unreadable line%s; --strict)", a.ib->bad_first,
		       a.ib->bad, a.ib->bad == 1 ? "" : "s");
	if (a.ib->bad)
		sc_warn("%s (%ld unreadable line%s skipped)", a.ib->bad_first, a.ib->bad,
			a.ib->bad == 1 ? "" : "s");

	if (cmd == NULL) {
		if (!isatty(0) || !isatty(1))
			sc_die(SC_EX_USAGE, "the inbox screen needs a terminal (use sc-inbox list for scripts)");
		status = inbox_ui_run(&a);
	} else if (strcmp(cmd, "list") == 0) {
		status = do_list(&a, json);
	} else if (strcmp(cmd, "handover") == 0) {
		struct sc_buf b;
		sc_buf_init(&b);
		inbox_handover_text(&a, &b);
		status = write_out(&b);
		sc_buf_release(&b);
	} else {
		struct sc_conv *cv = need_conv(&a, args[0]);
		int rc = 0;

		if (strcmp(cmd, "show") == 0) {
			status = do_show(&a, cv, json);
		} else if (strcmp(cmd, "assign") == 0) {
			rc = sc_inbox_assign(a.ib, cv, agent, args[1], &e);
		} else if (strcmp(cmd, "note") == 0) {
			rc = sc_inbox_note(a.ib, cv, agent, args[1], &e);
		} else if (strcmp(cmd, "resolve") == 0 || strcmp(cmd, "reopen") == 0) {
			rc = sc_inbox_status(a.ib, cv, agent, strcmp(cmd, "resolve") == 0 ? "resolved" :
					     "reopened", NULL, NULL, &e);
		} else if (strcmp(cmd, "escalate") == 0) {
			rc = sc_inbox_escalate(a.ib, cv, agent, nargs > 1 ? args[1] : NULL, a.consult.teams, &e);
		} else if (strcmp(cmd, "consult") == 0) {
			char msg[1024];
			rc = sc_inbox_consult(a.ib, cv, agent, &a.consult, args[1], args[2], msg, sizeof(msg), &e);
			if (rc == 0) {
				struct sc_buf b;
				sc_buf_init(&b);
				sc_buf_printf(&b, "%s: %s\n", cv->thread, msg);
				status = write_out(&b);
				sc_buf_release(&b);
			}
		} else if (strcmp(cmd, "claim") == 0) {
			rc = sc_inbox_claim(a.ib, cv, agent, nargs > 1 ? sc_opt_duration("claim", args[1], 0, SC_DURATION_MAX) :
					    a.claim_secs, &e);
		} else if (strcmp(cmd, "release") == 0) {
			if (sc_inbox_claimed_by_other(a.ib, cv, agent))
				sc_die(SC_EX_TEMPFAIL, "%s: claimed by %s, not by you", cv->thread, cv->claim_by);
			rc = sc_inbox_claim(a.ib, cv, agent, 0, &e);
		} else if (strcmp(cmd, "hold") == 0 || strcmp(cmd, "unhold") == 0) {
			rc = sc_inbox_hold(a.ib, cv, agent, strcmp(cmd, "hold") == 0, &e);
		} else if (strcmp(cmd, "label") == 0) {
			const char *cat = NULL, *sen = NULL;
			for (i = 1; i < nargs; i++) {
				if (strncmp(args[i], "category=", 9) == 0)
					cat = args[i] + 9;
				else if (strncmp(args[i], "sentiment=", 10) == 0)
					sen = args[i] + 10;
				else
					sc_usage_error("label: want category=NAME or sentiment=NAME, not '%s'", args[i]);
			}
			rc = sc_inbox_label(a.ib, cv, agent, cat, sen, &e);
		} else {
			char msg[1024];
			int r = sc_inbox_send(a.ib, cv, agent, &a.send, strcmp(cmd, "send") == 0 ? NULL : cmd,
					      msg, sizeof(msg), &e);
			if (r < 0) {
				rc = -1;
			} else {
				struct sc_buf b;
				sc_buf_init(&b);
				sc_buf_printf(&b, "%s: %s\n", cv->thread, msg);
				if (r == 0) {
					status = write_out(&b);
				} else {
					sc_warn("%s: %s", cv->thread, msg);
					status = SC_EX_DATAERR;
				}
				sc_buf_release(&b);
			}
		}
		if (rc < 0)
			status = fail(&e);
	}
	sc_inbox_free(a.ib);
	free(agent);
	for (i = 0; i < nowned; i++)
		free(owned[i]);
	return status;
}
