/*
 * test_inbox.c - unit tests for lib/inbox*.c without a terminal: display
 * widths of Polish letters and emoji, cutting to columns, the rank
 * (priority, public before private, due), when a conversation is open,
 * the case log shared by two instances (a claim one makes is seen by the
 * other after a refresh), and the time left as the queue shows it.
 */
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "check.h"
#include "inbox.h"

static char dir[256];

static void
write_file(const char *name, const char *text)
{
	char p[512];
	FILE *f;

	snprintf(p, sizeof(p), "%s/%s", dir, name);
	f = fopen(p, "w");
	fputs(text, f);
	fclose(f);
}

#define MSG(id, th, vis, pri, due, t) \
	"{\"sc\":1,\"id\":\"" id "\",\"platform\":\"facebook\",\"profile\":\"p\",\"kind\":\"comment\"," \
	"\"visibility\":\"" vis "\",\"thread_id\":\"" th "\",\"author\":{\"id\":\"1\",\"name\":\"Ania\"," \
	"\"is_brand\":false},\"text\":\"Gdzie jest paczka?\",\"created_at\":\"" t "\"," \
	"\"triage\":{\"priority\":\"" pri "\",\"due_at\":\"" due "\",\"team\":\"t\"}}\n"

/* One conversation as both loads see it: every field the queue shows or
   counts, and its JSON. */
static int
same_conv(const struct sc_inbox *x, const struct sc_conv *c, const struct sc_inbox *y,
	  const struct sc_conv *d)
{
	struct sc_buf p, q;
	int same;

	if (d == NULL || c->open != d->open || c->awaiting != d->awaiting ||
	    c->nmsgs != d->nmsgs || c->first_cust != d->first_cust ||
	    c->last_cust != d->last_cust || c->last_brand != d->last_brand ||
	    c->priority != d->priority || c->due != d->due || c->nnotes != d->nnotes ||
	    strcmp(c->thread, d->thread) != 0 || !c->id || !d->id || strcmp(c->id, d->id) != 0 ||
	    !c->text || !d->text || strcmp(c->text, d->text) != 0)
		return 0;
	sc_buf_init(&p);
	sc_buf_init(&q);
	sc_inbox_conv_json(x, c, &p);
	sc_inbox_conv_json(y, d, &q);
	same = p.len == q.len && memcmp(p.data, q.data, p.len) == 0;
	sc_buf_release(&p);
	sc_buf_release(&q);
	return same;
}

/*
 * open_only: closed threads are summarised while loading (the table is
 * swept when full, so more than 256 threads), and the queue must be what
 * a whole load gives.  Thread 7 is answered, then written to again in a
 * later file: it reopens with its history (two messages, its first
 * contact).  Thread 9 is answered, then gets a note in the archive: it
 * comes back from its summary by a record that is not a message and is
 * open, so the load is done again whole.
 */
static void
summaries(struct sc_inbox_src *src)
{
	struct sc_inbox *whole, *sum;
	struct sc_error e;
	struct sc_buf b;
	struct sc_conv *c;
	size_t i, nopen = 0, same = 0;
	char line[600];

	sc_buf_init(&b);
	for (i = 0; i < 700; i++) {
		snprintf(line, sizeof(line),
			 "{\"sc\":1,\"id\":\"x:%zu\",\"platform\":\"x\",\"kind\":\"mention\","
			 "\"thread_id\":\"x:t%zu\",\"author\":{\"id\":\"u%zu\",\"name\":\"Ola\","
			 "\"is_brand\":false},\"text\":\"paczka %zu?\",\"created_at\":"
			 "\"2026-11-19T10:%02zu:00Z\",\"triage\":{\"priority\":\"P%zu\"}}\n",
			 i, i, i, i, i % 60, 1 + i % 4);
		sc_buf_adds(&b, line);
		if (i % 10 != 0) {	/* nine in ten answered */
			snprintf(line, sizeof(line),
				 "{\"sc\":1,\"id\":\"x:r%zu\",\"platform\":\"x\",\"kind\":\"reply\","
				 "\"thread_id\":\"x:t%zu\",\"parent_id\":\"x:%zu\",\"author\":{\"id\":"
				 "\"brand\",\"is_brand\":true},\"text\":\"ok\",\"created_at\":"
				 "\"2026-11-19T11:%02zu:00Z\"}\n", i, i, i, i % 60);
			sc_buf_adds(&b, line);
		}
	}
	write_file("archive/2026-11-19.ndjson", b.data);
	sc_buf_release(&b);
	write_file("archive/2026-11-21.ndjson",
		   "{\"sc\":1,\"id\":\"x:7b\",\"platform\":\"x\",\"kind\":\"mention\","
		   "\"thread_id\":\"x:t7\",\"author\":{\"id\":\"u7\",\"name\":\"Ola\","
		   "\"is_brand\":false},\"text\":\"znowu ja\",\"created_at\":\"2026-11-21T09:00:00Z\"}\n"
		   "{\"sc\":1,\"id\":\"n:9\",\"kind\":\"note\",\"thread_id\":\"x:t9\","
		   "\"agent\":\"ola\",\"text\":\"call back\",\"created_at\":\"2026-11-21T09:00:00Z\"}\n");
	src->open_only = 0;
	whole = sc_inbox_new(src, 1795176000);
	src->open_only = 1;
	sum = sc_inbox_new(src, 1795176000);
	src->open_only = 0;
	sc_error_clear(&e);
	CHECK("whole load", sc_inbox_load(whole, &e) == 0);
	CHECK("load with summaries", sc_inbox_load(sum, &e) == 0);
	for (i = 0; i < whole->n; i++) {
		if (!whole->v[i].open)
			continue;
		nopen++;
		same += same_conv(whole, &whole->v[i], sum, sc_inbox_find(sum, whole->v[i].thread));
	}
	CHECK("open conversations: some", nopen > 70);
	CHECK("every open conversation the same with summaries", same == nopen);
	for (i = 0; i < sum->n; i++)
		nopen -= sum->v[i].open;
	CHECK("and no other open one", nopen == 0);
	c = sc_inbox_find(sum, "x:t7");
	CHECK("an answered thread written to again is open", c && c->open && c->awaiting);
	CHECK("with its history: two messages, the first contact kept",
	      c && c->nmsgs == 2 && c->first_cust == 1795082400 + 7 * 60);
	CHECK("and its latest message", c && c->id && strcmp(c->id, "x:7b") == 0 &&
	      strcmp(c->text, "znowu ja") == 0);
	c = sc_inbox_find(sum, "x:t9");
	CHECK("a note brings an answered thread back with its message",
	      c && c->open && !c->bare && c->id && strcmp(c->id, "x:9") == 0);
	sc_inbox_free(whole);
	sc_inbox_free(sum);
	/* the loads above may not leave summaries behind for the next test */
	write_file("archive/2026-11-19.ndjson", "");
	write_file("archive/2026-11-21.ndjson", "");
}

int
main(void)
{
	struct sc_inbox_src src;
	struct sc_inbox *a, *b;
	struct sc_inbox_filter f;
	struct sc_error e;
	struct sc_buf buf;
	size_t ix[16], n;
	struct sc_conv *c;
	char left[32];
	const char *tmp = getenv("TMPDIR");

	sc_inbox_locale();
	CHECK("ascii width", sc_inbox_width("abc", 3) == 3);
	CHECK("polish letters are one column each", sc_inbox_width("źdźbło", strlen("źdźbło")) == 6);
	CHECK("an emoji is two columns", sc_inbox_width("\xf0\x9f\x9a\x86", 4) == 2);
	CHECK("a combining mark is none", sc_inbox_width("e\xcc\x81", 3) == 1);
	sc_buf_init(&buf);
	CHECK("fit cuts before a wide char", sc_inbox_fit(&buf, "ab\xf0\x9f\x9a\x86", 3, 0) == 2);
	CHECK("fit never splits a character", strcmp(buf.data, "ab") == 0);
	sc_buf_reset(&buf);
	sc_inbox_fit(&buf, "Łódź\n\tok", 8, 1);
	CHECK("fit turns newlines into one space and pads", strcmp(buf.data, "Łódź ok ") == 0);
	sc_buf_release(&buf);
	sc_inbox_left(1000 + 90 * 60, 1000, left, sizeof(left));
	CHECK("90 minutes left is 1h", strcmp(left, "1h") == 0);
	sc_inbox_left(1000 - 120, 1000, left, sizeof(left));
	CHECK("overdue is negative", strcmp(left, "-2m") == 0);

	snprintf(dir, sizeof(dir), "%s/test_inbox.XXXXXX", tmp && *tmp ? tmp : "/tmp");
	if (mkdtemp(dir) == NULL)
		return 2;
	{
		char p[600];
		snprintf(p, sizeof(p), "%s/archive", dir);
		mkdir(p, 0700);
	}
	write_file("archive/2026-11-20.ndjson",
		   MSG("facebook:1", "facebook:1", "public", "P3", "2026-11-20T11:00:00Z", "2026-11-20T10:00:00Z")
		   MSG("facebook:2", "facebook:2", "private", "P2", "2026-11-20T10:30:00Z", "2026-11-20T10:00:00Z")
		   MSG("facebook:3", "facebook:3", "public", "P2", "2026-11-20T12:00:00Z", "2026-11-20T10:00:00Z")
		   MSG("facebook:4", "facebook:4", "public", "P2", "2026-11-20T11:00:00Z", "2026-11-20T10:00:00Z")
		   MSG("facebook:5", "facebook:5", "public", "P1", "2026-11-20T11:00:00Z", "2026-11-20T10:00:00Z")
		   "{\"sc\":1,\"id\":\"facebook:5r\",\"platform\":\"facebook\",\"kind\":\"comment\","
		   "\"thread_id\":\"facebook:5\",\"author\":{\"id\":\"b\",\"is_brand\":true},\"text\":\"ok\","
		   "\"created_at\":\"2026-11-20T10:05:00Z\"}\n");
	memset(&src, 0, sizeof(src));
	src.dir = dir;
	a = sc_inbox_new(&src, 1795176000);	/* 2026-11-20T12:00:00Z */
	b = sc_inbox_new(&src, 1795176000);
	sc_error_clear(&e);
	CHECK("load a", sc_inbox_load(a, &e) == 0);
	CHECK("load b", sc_inbox_load(b, &e) == 0);
	memset(&f, 0, sizeof(f));
	n = sc_inbox_query(a, &f, SC_SORT_RANK, "ola", ix);
	CHECK("the answered conversation is not in the queue", n == 4);
	CHECK("P2 public with the earliest due first", n == 4 && strcmp(a->v[ix[0]].thread, "facebook:4") == 0);
	CHECK("then P2 public due later", n == 4 && strcmp(a->v[ix[1]].thread, "facebook:3") == 0);
	CHECK("then P2 private though due earliest", n == 4 && strcmp(a->v[ix[2]].thread, "facebook:2") == 0);
	CHECK("P3 last", n == 4 && strcmp(a->v[ix[3]].thread, "facebook:1") == 0);
	n = sc_inbox_query(a, &f, SC_SORT_DUE, "ola", ix);
	CHECK("by due: the private one first", n == 4 && strcmp(a->v[ix[0]].thread, "facebook:2") == 0);

	/* a claims, b sees it after reading the log forward */
	c = sc_inbox_find(a, "facebook:3");
	CHECK("claim", c && sc_inbox_claim(a, c, "ola", 300, &e) == 0);
	c = sc_inbox_find(b, "facebook:3");
	CHECK("b does not know yet", c && !sc_inbox_claimed_by_other(b, c, "basia"));
	CHECK("b reads the log", sc_inbox_refresh_log(b, &e) == 1);
	CHECK("b sees ola's claim", sc_inbox_claimed_by_other(b, c, "basia") &&
	      strcmp(c->claim_by, "ola") == 0);
	CHECK("b cannot claim it", sc_inbox_claim(b, c, "basia", 300, &e) < 0 && e.status == 75);
	/* resolve on a, gone from b's queue after a refresh */
	CHECK("resolve", sc_inbox_status(a, sc_inbox_find(a, "facebook:3"), "ola", "resolved", NULL, NULL,
					 &e) == 0);
	sc_inbox_refresh_log(b, &e);
	CHECK("closed for b", !sc_inbox_find(b, "facebook:3")->open);
	CHECK("resolving twice is refused (65)",
	      sc_inbox_status(b, sc_inbox_find(b, "facebook:3"), "basia", "resolved", NULL, NULL, &e) < 0 &&
	      e.status == 65);
	/* resolve then reopen at the same second: reopen wins (log order) */
	CHECK("reopen", sc_inbox_status(b, sc_inbox_find(b, "facebook:3"), "basia", "reopened", NULL, NULL,
					&e) == 0);
	CHECK("open again", sc_inbox_find(b, "facebook:3")->open);
	/* an answered conversation someone worked on stays until resolved */
	CHECK("note on the answered one", sc_inbox_note(a, sc_inbox_find(a, "facebook:5"), "ola", "x", &e) == 0);
	sc_inbox_refresh_log(a, &e);
	CHECK("answered and worked on: open, not awaiting", sc_inbox_find(a, "facebook:5")->open &&
	      !sc_inbox_find(a, "facebook:5")->awaiting);
	/* the drafts being edited are sc-inbox's own file: a symbolic link
	   there is refused and its target never created (issue 18 #12) */
	{
		char p[600], victim[600];
		json_t *rec = json_pack("{s:i,s:s}", "sc", 1, "id", "facebook:1");
		snprintf(p, sizeof(p), "%s/drafts", dir);
		mkdir(p, 0700);
		snprintf(p, sizeof(p), "%s/drafts/edited.ndjson", dir);
		snprintf(victim, sizeof(victim), "%s/victim", dir);
		CHECK("link", symlink(victim, p) == 0);
		sc_error_clear(&e);
		CHECK("a draft through a symbolic link is refused (73)",
		      sc_inbox_save_draft(a, sc_inbox_find(a, "facebook:1"), rec, &e) < 0 &&
		      e.status == 73 && strstr(e.text, "symbolic link") != NULL);
		CHECK("its target is not created", access(victim, F_OK) < 0);
		unlink(p);
		CHECK("a draft saves without the link",
		      sc_inbox_save_draft(a, sc_inbox_find(a, "facebook:1"), rec, &e) == 0);
		json_decref(rec);
	}
	sc_inbox_free(a);
	sc_inbox_free(b);
	summaries(&src);
	{
		/* the internal SLA of teams.csv: business hours, holidays, DST */
		char teams[600];
		int64_t due = 0, at;
		write_file("teams.csv", "team,email,sla,hours,tz,holidays\n"
			   "legal,l@x,4h,mon-fri 09:00-17:00,Europe/Warsaw,hol.csv\n"
			   "night,n@x,2h,08:00-16:00,,\n"
			   "pr,p@x,30m,,,\n"
			   "care,c@x,,,,\n"
			   "bad,b@x,soon,,,\n");
		write_file("hol.csv", "date,hours,name\n2026-12-24,closed,Wigilia\n2026-12-25,,\n");
		snprintf(teams, sizeof(teams), "%s/teams.csv", dir);
		sc_time_parse("2026-12-23T15:00:00Z", &at);
		CHECK("legal: 1h on Wednesday, the holidays skipped, 3h on Monday",
		      sc_team_due(teams, "legal", at, &due, &e) == 1 && due == at + 5 * 86400 - 4 * 3600);
		sc_time_parse("2026-10-24T13:00:00Z", &at);
		CHECK("night: across the end of summer time, 08:00 local is 07:00Z",
		      sc_team_due(teams, "night", at, &due, &e) == 1 && due == at + 19 * 3600);
		CHECK("pr: no hours, round the clock",
		      sc_team_due(teams, "pr", at, &due, &e) == 1 && due == at + 1800);
		CHECK("care: no sla, no deadline", sc_team_due(teams, "care", at, &due, &e) == 0 && due == 0);
		CHECK("an unknown team: none", sc_team_due(teams, "kto", at, &due, &e) == 0);
		CHECK("a bad sla: 78 at its cell",
		      sc_team_due(teams, "bad", at, &due, &e) < 0 && e.status == 78 && e.line == 6 &&
		      e.column == 3);
	}
	{
		char cmd[600];
		snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
		if (system(cmd) != 0)
			return 2;
	}
	return DONE();
}
