/*
 * test_sla.c - service levels: hours per weekday, holidays with other
 * hours from a spreadsheet's CSV, sla.csv picks and due times on the
 * boundaries that go wrong (Friday evening, holiday eve, both DST nights),
 * and the errors of every new cell.  Times are checked by hand against
 * the 2026 calendar: 20 Nov is a Friday, 24 Dec a Thursday, the clocks
 * go forward on Sunday 29 Mar and back on Sunday 25 Oct (Europe/Warsaw,
 * UTC+1 in winter, UTC+2 in summer).
 */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "check.h"
#include "sc.h"

static int64_t
T(const char *s)
{
	int64_t t = 0;

	if (sc_time_parse(s, &t) != 0)
		printf("bad test time %s\n", s);
	return t;
}

static const char *
F(int64_t t)
{
	static char buf[32];

	sc_time_format(t, buf);
	return buf;
}

static char tmpdir[256];

static const char *
write_file(const char *name, const char *text)
{
	static char path[512];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", tmpdir, name);
	f = fopen(path, "w");
	fputs(text, f);
	fclose(f);
	return path;
}

#define WEEK "mon-fri 08:00-20:00; sat-sun 10:00-18:00"

static void
test_per_day(void)
{
	struct sc_hours h;
	struct sc_error e;

	CHECK("per-day init", sc_hours_init(&h, WEEK, "", "Europe/Warsaw", &e) == 0 &&
	      h.per_day && !h.always_open && h.days == 0x7f);
	/* Friday 19:30 local + 60 business minutes: 30 on Friday, 30 from
	   Saturday's 10:00 opening */
	CHECK("friday evening -> saturday morning",
	      strcmp(F(sc_hours_add(&h, T("2026-11-20T18:30:00Z"), 3600)), "2026-11-21T09:30:00Z") == 0);
	CHECK("saturday 09:00 closed, 10:00 open",
	      !sc_hours_open_at(&h, T("2026-11-21T08:00:00Z")) &&
	      sc_hours_open_at(&h, T("2026-11-21T09:00:00Z")));
	CHECK("saturday 18:00 closed, friday 19:59 open",
	      !sc_hours_open_at(&h, T("2026-11-21T17:00:00Z")) &&
	      sc_hours_open_at(&h, T("2026-11-20T18:59:00Z")));
	/* Saturday 17:00 local to Monday 09:00: 1h Sat + 8h Sun + 1h Mon */
	CHECK("elapsed over a weekend of shorter hours",
	      sc_hours_elapsed(&h, T("2026-11-21T16:00:00Z"), T("2026-11-23T08:00:00Z")) == 10 * 3600);
	/* DST spring: Saturday 28 Mar 17:30 (UTC+1, 16:30Z) + 60m: 30m that
	   day, 30m from Sunday's 10:00, which is 08:00Z in summer time */
	CHECK("dst spring weekend",
	      strcmp(F(sc_hours_add(&h, T("2026-03-28T16:30:00Z"), 3600)), "2026-03-29T08:30:00Z") == 0);
	/* DST autumn: Saturday 24 Oct 17:30 (UTC+2, 15:30Z) + 60m: Sunday
	   10:30 in winter time, 09:30Z */
	CHECK("dst autumn weekend",
	      strcmp(F(sc_hours_add(&h, T("2026-10-24T15:30:00Z"), 3600)), "2026-10-25T09:30:00Z") == 0);
	CHECK("dst autumn sunday is 8 hours",
	      sc_hours_elapsed(&h, T("2026-10-24T22:00:00Z"), T("2026-10-25T23:00:00Z")) == 8 * 3600);
	sc_hours_release(&h);

	CHECK("sun closed, days restrict",
	      sc_hours_init(&h, "mon-sun 09:00-17:00; sun closed", "mon-fri", "UTC", &e) == 0 &&
	      h.days == 0x3e);
	CHECK("friday evening -> monday when the weekend is closed",
	      strcmp(F(sc_hours_add(&h, T("2026-11-20T16:30:00Z"), 3600)), "2026-11-23T09:30:00Z") == 0);
	sc_hours_release(&h);
	CHECK("later part wins", sc_hours_init(&h, "mon-sun 08:00-16:00; wed 12:00-13:00", "", "UTC", &e) == 0 &&
	      h.wopen[3] == 720 && h.wclose[3] == 780 && h.wopen[2] == 480);
	sc_hours_release(&h);
	CHECK("overnight per day", sc_hours_init(&h, "fri-sat 22:00-02:00", "", "UTC", &e) == 0 &&
	      sc_hours_open_at(&h, T("2026-11-21T01:00:00Z")) &&	/* Saturday 01:00: Friday's night */
	      !sc_hours_open_at(&h, T("2026-11-22T03:00:00Z")) &&
	      sc_hours_open_at(&h, T("2026-11-22T01:30:00Z")));	/* Sunday 01:30: Saturday's */
	sc_hours_release(&h);
	CHECK("24h per day is always open", sc_hours_init(&h, "mon-sun 24h", "", "UTC", &e) == 0 &&
	      h.always_open);
	sc_hours_release(&h);
	CHECK("bad per-day window", sc_hours_init(&h, "mon-fri 8-", "", "UTC", &e) < 0 &&
	      e.status == SC_EX_CONFIG && strstr(e.text, "mon-fri 08:00-20:00") != NULL);
	CHECK("bad per-day days", sc_hours_init(&h, "xyz 08:00-10:00", "", "UTC", &e) < 0);
	CHECK("per-day part without hours", sc_hours_init(&h, "mon-fri", "", "UTC", &e) < 0);
	CHECK("empty window", sc_hours_init(&h, "mon 08:00-08:00", "", "UTC", &e) < 0);
}

static void
test_holidays(void)
{
	struct sc_hours h;
	struct sc_error e;
	const char *p;
	int wd = -1;

	CHECK("init", sc_hours_init(&h, WEEK, "", "Europe/Warsaw", &e) == 0);
	p = write_file("holidays.csv",
		       "\xEF\xBB\xBF" "date,hours,name\n"
		       "2026-12-24,08:00-14:00,Wigilia\n"
		       "2026-12-25,,Boże Narodzenie\n"
		       "2026-12-26,closed,\"Drugi dzień, świąt\"\n"
		       ",,\n"
		       "2026-11-11 Święto Niepodległości\n"
		       "2027-01-06;\"10:00-12:00\";Trzech Króli\n");
	CHECK("load spreadsheet holidays", sc_hours_load_holidays(&h, p, &e) == 0 &&
	      h.nholidays == 3 && h.nspecial == 2);
	/* Thursday 24 Dec 13:30 local (12:30Z) + 60m: 30m before the early
	   close, 25 and 26 closed, Sunday 27 opens at 10:00 (weekend hours) */
	CHECK("holiday eve closes early",
	      strcmp(F(sc_hours_add(&h, T("2026-12-24T12:30:00Z"), 3600)), "2026-12-27T09:30:00Z") == 0);
	CHECK("holiday eve closed at 15:00 local",
	      !sc_hours_open_at(&h, T("2026-12-24T14:00:00Z")) &&
	      sc_hours_open_at(&h, T("2026-12-24T12:00:00Z")));
	CHECK("bare date line is closed", !sc_hours_open_at(&h, T("2026-11-11T12:00:00Z")));
	CHECK("semicolons and quotes", sc_hours_open_at(&h, T("2027-01-06T09:30:00Z")) &&
	      !sc_hours_open_at(&h, T("2027-01-06T11:30:00Z")));
	CHECK("day type holiday (special)", sc_hours_day_type(&h, T("2026-12-24T12:30:00Z"), &wd) == 2 &&
	      wd == 4);
	CHECK("day type holiday (closed)", sc_hours_day_type(&h, T("2026-12-25T12:30:00Z"), NULL) == 2);
	CHECK("day type weekend", sc_hours_day_type(&h, T("2026-12-27T12:30:00Z"), &wd) == 1 && wd == 0);
	CHECK("day type weekday", sc_hours_day_type(&h, T("2026-12-28T12:30:00Z"), &wd) == 0 && wd == 1);
	/* 26 Dec 23:30Z is Sunday 27 Dec 00:30 local: the local date decides */
	CHECK("day type by local date", sc_hours_day_type(&h, T("2026-12-26T23:30:00Z"), &wd) == 1 &&
	      wd == 0);
	sc_hours_release(&h);

	sc_hours_init(&h, WEEK, "", "Europe/Warsaw", &e);
	p = write_file("bad.csv", "date,hours\n2026-12-24,8-14x\n");
	CHECK("bad holiday hours named at line:col", sc_hours_load_holidays(&h, p, &e) < 0 &&
	      e.line == 2 && e.column == 12 && strstr(e.text, "holiday hours") != NULL);
	sc_hours_release(&h);
	sc_hours_init(&h, WEEK, "", "Europe/Warsaw", &e);
	p = write_file("bad2.csv", "date,hours\n24.12.2026,closed\n");
	CHECK("bad holiday date", sc_hours_load_holidays(&h, p, &e) < 0 && e.line == 2 && e.column == 1);
	sc_hours_release(&h);
}

static void
test_sla_table(void)
{
	struct sc_error e;
	struct sc_sla *s;
	const struct sc_sla_row *r;
	const char *p;

	p = write_file("sla.csv",
		       "profile,priority,day,sla,clock,note\n"
		       ",,,2h,,base\n"
		       ",P1,,15m,wall,a crisis is counted round the clock\n"
		       ",,weekend,4h,,\n"
		       ",,holiday,8h,,\n"
		       ",P2,weekend|holiday,1h,,\n"
		       "acme,,,30m,,\n"
		       "acme,P1,,10m,wall,\n");
	s = sc_sla_load(p, &e);
	CHECK("load sla.csv", s != NULL && s->n == 7);
	if (s == NULL)
		return;
	r = sc_sla_pick(s, "other", 3, 0);
	CHECK("base row", r && r->sla == 7200 && !r->wall && r->line == 2);
	r = sc_sla_pick(s, "other", 1, 1);
	CHECK("priority beats day type", r && r->sla == 900 && r->wall);
	r = sc_sla_pick(s, "other", 3, 1);
	CHECK("weekend", r && r->sla == 4 * 3600);
	r = sc_sla_pick(s, "other", 2, 2);
	CHECK("priority and day beat priority alone", r && r->sla == 3600);
	r = sc_sla_pick(s, "acme", 3, 1);
	CHECK("profile beats day type", r && r->sla == 1800);
	r = sc_sla_pick(s, "acme", 1, 0);
	CHECK("profile and priority", r && r->sla == 600);
	r = sc_sla_pick(s, "acme", 2, 1);
	CHECK("priority+day (5) beats profile (2)", r && r->sla == 3600);
	CHECK("unknown priority skips priority rows", (r = sc_sla_pick(s, "other", 0, 0)) && r->sla == 7200);

	{
		struct sc_profile pr;
		memset(&pr, 0, sizeof(pr));
		pr.name = "other";
		pr.sla = 3600;
		pr.sla_table = s;
		sc_hours_init(&pr.hours, WEEK, "", "Europe/Warsaw", &e);
		/* P1 on Saturday 03:00 local (02:00Z): wall clock, 15m */
		CHECK("wall clock P1 at night",
		      strcmp(F(sc_sla_due(&pr, T("2026-11-21T02:00:00Z"), 1, 0)), "2026-11-21T02:15:00Z") == 0);
		/* P3 on Friday 19:30: 2h business: 30m Friday, 90m Saturday from 10:00 */
		CHECK("business P3 friday evening",
		      strcmp(F(sc_sla_due(&pr, T("2026-11-20T18:30:00Z"), 3, 0)), "2026-11-21T10:30:00Z") == 0);
		/* arriving on Saturday: the weekend row, 4h from 10:00 */
		CHECK("weekend row by arrival day",
		      strcmp(F(sc_sla_due(&pr, T("2026-11-21T06:00:00Z"), 3, 0)), "2026-11-21T13:00:00Z") == 0);
		CHECK("rule sla replaces the table's",
		      strcmp(F(sc_sla_due(&pr, T("2026-11-20T10:00:00Z"), 3, 600)), "2026-11-20T10:10:00Z") == 0);
		pr.sla_table = NULL;
		CHECK("no table: the profile's sla",
		      strcmp(F(sc_sla_due(&pr, T("2026-11-20T10:00:00Z"), 1, 0)), "2026-11-20T11:00:00Z") == 0);
		sc_hours_release(&pr.hours);
	}
	sc_sla_free(s);

	p = write_file("sla-bad1.csv", "profile,priority,sla\n,P1,15m\n,P5,1h\n");
	CHECK("bad priority at line:col", sc_sla_load(p, &e) == NULL && e.line == 3 && e.column == 2 &&
	      e.status == SC_EX_CONFIG);
	p = write_file("sla-bad2.csv", "day,sla,clock\nweekend,1h,sundial\n");
	CHECK("bad clock", sc_sla_load(p, &e) == NULL && e.line == 2 && e.column == 3);
	p = write_file("sla-bad3.csv", "day,sla\nfriday,1h\n");
	CHECK("bad day", sc_sla_load(p, &e) == NULL && e.column == 1 && strstr(e.text, "weekday") != NULL);
	p = write_file("sla-bad4.csv", "day,sla\n,0\n");
	CHECK("zero sla", sc_sla_load(p, &e) == NULL && e.column == 2);
	p = write_file("sla-bad5.csv", "day,sla,team\n,1h,x\n");
	CHECK("unknown column", sc_sla_load(p, &e) == NULL && e.line == 1 && e.column == 3);
	p = write_file("sla-bad6.csv", "day,priority\n,P1\n");
	CHECK("missing sla column", sc_sla_load(p, &e) == NULL && strstr(e.text, "'sla'") != NULL);
}

static void
test_profiles_sla(void)
{
	struct sc_error e;
	struct sc_profiles *ps;
	const char *p;

	write_file("p-sla.csv", "priority,sla,clock\nP1,5m,wall\n");
	write_file("p-hol.csv", "2026-12-24,08:00-14:00\n");
	p = write_file("profiles.csv",
		       "profile,platform,account_id,sla,hours,tz,holidays,sla_file\n"
		       "acme,facebook,1,1h,\"" WEEK "\",Europe/Warsaw,p-hol.csv,p-sla.csv\n");
	ps = sc_profiles_load(p, &e);
	CHECK("profiles with sla_file", ps != NULL && ps->n == 1 && ps->v[0].sla_table != NULL &&
	      ps->v[0].hours.nspecial == 1);
	if (ps) {
		CHECK("profile due P1", strcmp(F(sc_sla_due(&ps->v[0], T("2026-11-21T02:00:00Z"), 1, 0)),
					       "2026-11-21T02:05:00Z") == 0);
		CHECK("profile due P4 in hours", strcmp(F(sc_sla_due(&ps->v[0], T("2026-11-21T02:00:00Z"), 4, 0)),
						       "2026-11-21T10:00:00Z") == 0);
	}
	sc_profiles_free(ps);
	write_file("p-sla-bad.csv", "priority,sla\nP9,5m\n");
	p = write_file("profiles2.csv", "profile,platform,account_id,sla_file\nacme,facebook,1,p-sla-bad.csv\n");
	CHECK("a bad sla_file names the cell and the file's line",
	      sc_profiles_load(p, &e) == NULL && e.line == 2 && e.column == 4 &&
	      strstr(e.text, "sla_file: ") != NULL && strstr(e.text, "p-sla-bad.csv:2:") != NULL);
	p = write_file("profiles3.csv", "profile,platform,account_id,hours\nacme,facebook,1,mon-fri 25:00-26:00\n");
	CHECK("bad per-day hours cell", sc_profiles_load(p, &e) == NULL && e.column == 4);
}

int
main(void)
{
	const char *base = getenv("TMPDIR");

	snprintf(tmpdir, sizeof(tmpdir), "%s/test_sla.XXXXXX", base && *base ? base : "/tmp");
	if (mkdtemp(tmpdir) == NULL) {
		perror("mkdtemp");
		return 2;
	}
	test_per_day();
	test_holidays();
	test_sla_table();
	test_profiles_sla();
	{
		char cmd[300];
		snprintf(cmd, sizeof(cmd), "rm -rf '%s'", tmpdir);
		if (system(cmd) != 0)
			printf("could not remove %s\n", tmpdir);
	}
	return DONE();
}
