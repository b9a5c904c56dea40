/*
 * test_lib.c - unit tests for the foundation: time, durations, zones and
 * business hours, UTF-8, the line reader, CSV in every chunk size, tables.
 */
#include <ctype.h>
#include <fcntl.h>
#include <limits.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "check.h"
#include "sc.h"

static int64_t
T(const char *s)
{
	int64_t t = -1;
	if (sc_time_parse(s, &t) < 0)
		return -1;
	return t;
}

static const char *
F(int64_t t)
{
	static char buf[32];
	sc_time_format(t, buf);
	return buf;
}

static void
test_time(void)
{
	CHECK("graph +0000", T("2021-08-10T18:45:03+0000") == 1628621103);
	CHECK("x millis Z", strcmp(F(T("2021-04-08T19:34:16.000Z")), "2021-04-08T19:34:16Z") == 0);
	CHECK("youtube Z", strcmp(F(T("2022-12-17T04:19:11Z")), "2022-12-17T04:19:11Z") == 0);
	CHECK("nanos", strcmp(F(T("2020-09-07T19:27:46.840123456Z")), "2020-09-07T19:27:46Z") == 0);
	CHECK("twitter v1.1", strcmp(F(T("Wed Oct 11 06:55:44 +0000 2017")), "2017-10-11T06:55:44Z") == 0);
	CHECK("airline -0800", strcmp(F(T("2015-02-24 11:35:52 -0800")), "2015-02-24T19:35:52Z") == 0);
	CHECK("kecht +00:00", strcmp(F(T("2017-10-23 22:55:01+00:00")), "2017-10-23T22:55:01Z") == 0);
	CHECK("local micros", strcmp(F(T("2015-05-29T02:30:18.971000")), "2015-05-29T02:30:18Z") == 0);
	CHECK("epoch s", strcmp(F(T("1449135003")), "2015-12-03T09:30:03Z") == 0);
	CHECK("epoch ms", strcmp(F(T("1457764197627")), "2016-03-12T06:29:57Z") == 0);
	CHECK("+02:00", strcmp(F(T("2026-06-01T10:00:00+02:00")), "2026-06-01T08:00:00Z") == 0);
	CHECK("empty", T("") == -1);
	CHECK("garbage", T("yesterday") == -1);
	CHECK("bad month", T("2021-13-10T18:45:03Z") == -1);
	CHECK("feb 30", T("2021-02-30T18:45:03Z") == -1);
	CHECK("leap day", T("2024-02-29T00:00:00Z") > 0);
	CHECK("trailing junk", T("2021-08-10T18:45:03+0000x") == -1);
	json_t *n = json_integer(1542039186292LL);
	int64_t t;
	CHECK("json ms", sc_time_parse_json(n, &t) == 0 && t == 1542039186);
	json_decref(n);
	CHECK("dur 90s", sc_duration_parse("90s") == 90);
	CHECK("dur 30m", sc_duration_parse("30m") == 1800);
	CHECK("dur 2h", sc_duration_parse("2h") == 7200);
	CHECK("dur 3d", sc_duration_parse("3d") == 259200);
	CHECK("dur bad", sc_duration_parse("3x") == -1 && sc_duration_parse("-3m") == -1);
	CHECK("ago", sc_time_or_ago_parse("2h", 10000, &t) == 0 && t == 2800);
	CHECK("date", sc_time_or_ago_parse("2026-11-20", 0, &t) == 0 &&
	      strcmp(F(t), "2026-11-20T00:00:00Z") == 0);
}

static void
test_hours(void)
{
	struct sc_hours h;
	struct sc_error e;
	struct tm tm;

	CHECK("warsaw local summer", sc_tz_local("Europe/Warsaw", T("2026-07-01T10:00:00Z"), &tm) == 0 &&
	      tm.tm_hour == 12);
	CHECK("warsaw local winter", sc_tz_local("Europe/Warsaw", T("2026-01-01T10:00:00Z"), &tm) == 0 &&
	      tm.tm_hour == 11);
	CHECK("bad zone", sc_hours_init(&h, "08:00-22:00", "mon-sun", "Mars/Olympus", &e) < 0 &&
	      e.status == SC_EX_CONFIG);
	CHECK("bad hours", sc_hours_init(&h, "8-", "mon-sun", "UTC", &e) < 0);
	CHECK("bad days", sc_hours_init(&h, "08:00-22:00", "mon-xyz", "UTC", &e) < 0);
	CHECK("init", sc_hours_init(&h, "08:00-22:00", "mon-sun", "Europe/Warsaw", &e) == 0);
	/* 23:30 Warsaw (22:30Z in winter) + 60 min => 09:00 next day local = 08:00Z */
	CHECK("night message due next morning",
	      strcmp(F(sc_hours_add(&h, T("2026-11-20T22:30:00Z"), 3600)), "2026-11-21T08:00:00Z") == 0);
	CHECK("inside hours", strcmp(F(sc_hours_add(&h, T("2026-11-20T10:00:00Z"), 3600)),
				     "2026-11-20T11:00:00Z") == 0);
	/* 21:55 local answered 08:05 local next day: 5 + 5 minutes */
	CHECK("elapsed across night", sc_hours_elapsed(&h, T("2026-11-20T20:55:00Z"),
						      T("2026-11-21T07:05:00Z")) == 600);
	CHECK("open at", sc_hours_open_at(&h, T("2026-11-20T10:00:00Z")) &&
	      !sc_hours_open_at(&h, T("2026-11-20T22:00:00Z")));
	/* DST: 2026-03-29 clocks go 02:00 -> 03:00 in Warsaw. 21:00 local on
	   the 28th is 20:00Z; 09:00 local on the 29th is 07:00Z: one hour of
	   business time before closing + one after opening = 2h */
	CHECK("dst spring", sc_hours_elapsed(&h, T("2026-03-28T20:00:00Z"), T("2026-03-29T07:00:00Z")) == 7200);
	CHECK("dst autumn", sc_hours_elapsed(&h, T("2026-10-24T19:00:00Z"), T("2026-10-25T08:00:00Z")) == 7200);
	sc_hours_release(&h);

	CHECK("weekdays", sc_hours_init(&h, "09:00-17:00", "mon-fri", "Europe/Warsaw", &e) == 0);
	/* Friday 2026-11-20 16:30 local (15:30Z) + 1h => Monday 09:30 local (08:30Z) */
	CHECK("over weekend", strcmp(F(sc_hours_add(&h, T("2026-11-20T15:30:00Z"), 3600)),
				     "2026-11-23T08:30:00Z") == 0);
	h.holidays = sc_xmalloc(sizeof(int));
	h.holidays[0] = 20261123;
	h.nholidays = 1;
	CHECK("holiday monday", strcmp(F(sc_hours_add(&h, T("2026-11-20T15:30:00Z"), 3600)),
				       "2026-11-24T08:30:00Z") == 0);
	sc_hours_release(&h);

	CHECK("overnight", sc_hours_init(&h, "22:00-06:00", "mon-sun", "UTC", &e) == 0);
	CHECK("overnight open", sc_hours_open_at(&h, T("2026-11-20T23:00:00Z")) &&
	      sc_hours_open_at(&h, T("2026-11-20T05:00:00Z")) &&
	      !sc_hours_open_at(&h, T("2026-11-20T12:00:00Z")));
	sc_hours_release(&h);
	CHECK("24/7", sc_hours_init(&h, "", "", "UTC", &e) == 0 && h.always_open &&
	      sc_hours_elapsed(&h, 100, 200) == 100);
	{
		/* 20 years of 08:00-16:00 mon-fri: not cut at ten (issue 18 #24) */
		struct sc_hours w;
		struct sc_error we;
		int64_t a = 1700000000, span = (int64_t)20 * 365 * 86400, got;
		CHECK("office hours", sc_hours_init(&w, "08:00-16:00", "mon-fri", "Europe/Warsaw", &we) == 0);
		got = sc_hours_elapsed(&w, a, a + span);
		CHECK("20 years of business time", got > (int64_t)19 * 52 * 5 * 8 * 3600 &&
		      got < (int64_t)21 * 53 * 5 * 8 * 3600);
		CHECK("deadline 15 business years ahead lands 15+ years ahead",
		      sc_hours_add(&w, a, (int64_t)15 * 52 * 5 * 8 * 3600) > a + (int64_t)14 * 365 * 86400);
		sc_hours_release(&w);
	}
}

static void
test_utf8(void)
{
	uint32_t cp;
	char *s;

	CHECK("valid polish", sc_utf8_invalid_at("Zażółć gęślą jaźń", strlen("Zażółć gęślą jaźń")) == -1);
	CHECK("lone continuation", sc_utf8_invalid_at("ab\x80", 3) == 2);
	CHECK("overlong", sc_utf8_invalid_at("\xc0\xaf", 2) == 0);
	CHECK("surrogate", sc_utf8_invalid_at("\xed\xa0\x80", 3) == 0);
	CHECK("truncated", sc_utf8_invalid_at("abcdefghij\xc5", 11) == 10);
	CHECK("decode Ł", sc_utf8_decode("\xc5\x81", 2, &cp) == 2 && cp == 0x141);
	CHECK("emoji", sc_utf8_decode("\xf0\x9f\x98\x80", 4, &cp) == 4 && cp == 0x1f600);
	CHECK("count", sc_utf8_count("żółw", strlen("żółw")) == 4);
	s = sc_utf8_truncate_new("żółw", 2);
	CHECK("truncate", strcmp(s, "żó") == 0);
	free(s);
}

static int
pipe_of(const char *data, size_t n)
{
	int fds[2];
	if (pipe(fds) < 0)
		return -1;
	if (write(fds[1], data, n) != (ssize_t)n)
		return -1;
	close(fds[1]);
	return fds[0];
}

static void
test_reader(void)
{
	const char *data = "{\"a\":1}\n\n{\"b\":2}\n{\"c\":";
	struct sc_reader r;
	struct sc_error e;
	const char *line;
	size_t len;
	int fd = pipe_of(data, strlen(data));

	sc_reader_init(&r, fd, "t", 0);
	CHECK("line 1", sc_reader_next(&r, &line, &len, &e) == 1 && len == 7 && r.lineno == 1);
	CHECK("line 2 blank", sc_reader_next(&r, &line, &len, &e) == 1 && len == 0 && r.lineno == 2);
	CHECK("line 3", sc_reader_next(&r, &line, &len, &e) == 1 && r.lineno == 3 && !r.no_newline);
	CHECK("last without newline", sc_reader_next(&r, &line, &len, &e) == 1 && r.no_newline &&
	      len == 5);
	CHECK("eof", sc_reader_next(&r, &line, &len, &e) == 0);
	sc_reader_release(&r);
	close(fd);

	/* a line over the cap is cut and flagged, the next one read whole */
	struct sc_buf b;
	sc_buf_init(&b);
	for (int i = 0; i < 300000; i++)
		sc_buf_addc(&b, 'x');
	sc_buf_adds(&b, "\nshort\n");
	char tmpl[] = "/tmp/sc-unit-XXXXXX";
	int tfd = mkstemp(tmpl);
	CHECK("tmp", tfd >= 0 && write(tfd, b.data, b.len) == (ssize_t)b.len);
	lseek(tfd, 0, SEEK_SET);
	FILE *of = tmpfile();
	sc_reader_init(&r, tfd, "t", 1000);
	r.overflow = of;
	CHECK("too long", sc_reader_next(&r, &line, &len, &e) == 1 && r.too_long && len == 1000);
	CHECK("after long", sc_reader_next(&r, &line, &len, &e) == 1 && !r.too_long && len == 5 &&
	      memcmp(line, "short", 5) == 0 && r.lineno == 2);
	CHECK("overflow kept whole", ftell(of) == 300001);
	sc_reader_release(&r);
	fclose(of);
	close(tfd);
	unlink(tmpl);
	sc_buf_release(&b);

	json_t *v;
	v = sc_json_parse_line("{\"a\":\"\xc5\"}", 9, &e);
	CHECK("bad utf8 reason", v == NULL && strstr(e.text, "invalid UTF-8 at byte 7"));
	v = sc_json_parse_line("[1]", 3, &e);
	CHECK("not object", v == NULL && strcmp(e.text, "not a JSON object") == 0);
	v = sc_json_parse_line("{\"a\":", 5, &e);
	CHECK("invalid json", v == NULL && strstr(e.text, "invalid JSON"));
}

struct rows {
	struct sc_buf b;
	int n;
};

static int
collect(void *ctx, const struct sc_csv_row *row)
{
	struct rows *r = ctx;
	sc_buf_printf(&r->b, "%ld-%ld:", row->line, row->end_line);
	for (size_t i = 0; i < row->nfields; i++)
		sc_buf_printf(&r->b, "[%s]", row->fields[i]);
	sc_buf_printf(&r->b, "{%.*s}\n", (int)row->rawlen, row->raw);
	r->n++;
	return 0;
}

static void
test_csv(void)
{
	const char *data = "\xef\xbb\xbfid,text\r\n1,\"hello\r\nworld\"\r\n\r\n2,\"a \"\"q\"\"\",x\n3,last";
	const char *want = "1-1:[id][text]{id,text}\n"
			   "2-3:[1][hello\r\nworld]{1,\"hello\r\nworld\"}\n"
			   "5-5:[2][a \"q\"][x]{2,\"a \"\"q\"\"\",x}\n"
			   "6-6:[3][last]{3,last}\n";
	size_t n = strlen(data), chunk;
	int all_ok = 1;

	for (chunk = 1; chunk <= n; chunk++) {
		struct rows r = {{0}, 0};
		struct sc_error e;
		struct sc_csv *c = sc_csv_new(',', collect, &r);
		for (size_t off = 0; off < n; off += chunk)
			sc_csv_feed(c, data + off, off + chunk > n ? n - off : chunk, &e);
		sc_csv_finish(c, &e);
		if (r.b.data == NULL || strcmp(r.b.data, want) != 0) {
			if (all_ok)
				printf("chunk %zu got:\n%s", chunk, r.b.data ? r.b.data : "(none)");
			all_ok = 0;
		}
		sc_csv_free(c);
		sc_buf_release(&r.b);
	}
	CHECK("csv identical in every chunk size", all_ok);
}

static void
test_table(void)
{
	char path[] = "/tmp/sc-unit-tableXXXXXX";
	int fd = mkstemp(path);
	const char *t1 = "profile,platform,account_id,sla,hours,tz\n"
			 "acme-fb,facebook,123,30m,08:00-22:00,Europe/Warsaw\n"
			 "# a comment row\n"
			 "acme-x,x,456,,,\n";
	struct sc_error e;
	struct sc_profiles *p;

	CHECK("write", write(fd, t1, strlen(t1)) == (ssize_t)strlen(t1));
	close(fd);
	p = sc_profiles_load(path, &e);
	CHECK("profiles load", p != NULL && p->n == 2);
	if (p) {
		CHECK("sla", p->v[0].sla == 1800 && p->v[1].sla == 3600);
		CHECK("find", sc_profiles_find_account(p, "x", "456") == &p->v[1]);
		sc_profiles_free(p);
	}
	fd = open(path, O_WRONLY | O_TRUNC);
	const char *t2 = "profile,platform,account_id,sla\nacme,facebook,1,soon\n";
	CHECK("write2", write(fd, t2, strlen(t2)) == (ssize_t)strlen(t2));
	close(fd);
	p = sc_profiles_load(path, &e);
	CHECK("bad sla names line and column", p == NULL && e.line == 2 && e.column == 4 &&
	      e.status == SC_EX_CONFIG);
	fd = open(path, O_WRONLY | O_TRUNC);
	const char *t3 = "profile,platform,account_id\na,b,c,d\n";
	CHECK("write3", write(fd, t3, strlen(t3)) == (ssize_t)strlen(t3));
	close(fd);
	p = sc_profiles_load(path, &e);
	CHECK("ragged row", p == NULL && e.line == 2 && e.column == 4);
	unlink(path);
}

static void
test_set(void)
{
	struct sc_set64 s;
	uint64_t *v;
	int i, ok = 1;

	sc_set64_init(&s);
	for (i = 0; i < 100000; i++)
		if (sc_set64_put(&s, sc_hash64(&i, sizeof(i)), &v) != 1)
			ok = 0;
	for (i = 0; i < 100000; i++)
		if (sc_set64_put(&s, sc_hash64(&i, sizeof(i)), &v) != 0)
			ok = 0;
	CHECK("set64", ok && s.n == 100000);
	sc_set64_release(&s);
}

static void
test_buf(void)
{
	struct sc_buf b;
	sc_buf_init(&b);
	sc_buf_add_json_string(&b, "a\"b\\c\n\x01ż", strlen("a\"b\\c\n\x01ż"));
	CHECK("json string", strcmp(b.data, "\"a\\\"b\\\\c\\n\\u0001ż\"") == 0);
	sc_buf_release(&b);
}

/* Every short timestamp in a heap buffer of exactly its length: ASan and
   valgrind catch a read past the end (issue 18 #1: s[4] was read first). */
static void
test_time_short(void)
{
	static const char *const shorts[] = {"1", "12", "123", "1234", "2026", "W", "We", ""};
	size_t i;

	for (i = 0; i < sizeof(shorts) / sizeof(shorts[0]); i++) {
		size_t n = strlen(shorts[i]) + 1;
		char *s = malloc(n);
		int64_t t = -1;
		memcpy(s, shorts[i], n);
		if (sc_time_parse(s, &t) == 0)
			CHECK("short digits are epoch seconds", isdigit((unsigned char)s[0]) &&
			      t == strtoll(s, NULL, 10));
		free(s);
	}
	CHECK("W is not a time", sc_time_parse("W", &(int64_t){0}) < 0);
}

static void
test_parse(void)
{
	long l = 7;
	size_t z = 7;
	int64_t d = 7;

	CHECK("long", sc_parse_long("42", 0, 100, &l) == 0 && l == 42);
	CHECK("long overflow is an error, not the maximum",
	      sc_parse_long("99999999999999999999", 0, LONG_MAX, &l) < 0 && l == 42);
	CHECK("long junk", sc_parse_long("4x", 0, 100, &l) < 0 && sc_parse_long("", 0, 1, &l) < 0 &&
	      sc_parse_long(" 4", 0, 100, &l) < 0);
	CHECK("long range", sc_parse_long("-1", 0, 100, &l) < 0 && sc_parse_long("-1", -5, 5, &l) == 0);
	CHECK("size", sc_parse_size("8M", 16, SIZE_MAX, &z) == 0 && z == 8u << 20);
	CHECK("size -1 never wraps", sc_parse_size("-1", 16, SIZE_MAX, &z) < 0);
	CHECK("size unit overflow", sc_parse_size("99999999999G", 16, SIZE_MAX, &z) < 0 &&
	      sc_parse_size("18446744073709551616", 0, SIZE_MAX, &z) < 0);
	CHECK("size range", sc_parse_size("15", 16, 100, &z) < 0 && sc_parse_size("1k", 16, 1000, &z) < 0);
	CHECK("duration", sc_duration_parse("2h") == 7200 && sc_duration_parse("90") == 90);
	CHECK("duration range after unit", sc_duration_parse("99999999d") < 0 &&
	      sc_duration_read("99999999d", &d) == -2 && sc_duration_read("soon", &d) == -1);
	CHECK("duration overflow", sc_duration_read("99999999999999999999999s", &d) == -2);
	CHECK("duration 100 years", sc_duration_parse("36500d") == SC_DURATION_MAX);
	{
		const char *p = " comments;messages, mentions tweets;", *item;
		size_t n;
		char got[128] = "";
		while ((n = sc_list_next(&p, &item)) > 0) {
			strncat(got, item, n);
			strcat(got, "|");
		}
		CHECK("list separators , ; and space", strcmp(got, "comments|messages|mentions|tweets|") == 0);
	}
	CHECK("status order", sc_status_worst(SC_EX_NOINPUT, SC_EX_DATAERR) == SC_EX_NOINPUT &&
	      sc_status_worst(SC_EX_DATAERR, SC_EX_NOINPUT) == SC_EX_NOINPUT);
	CHECK("status 0", sc_status_worst(0, SC_EX_DATAERR) == SC_EX_DATAERR &&
	      sc_status_worst(SC_EX_IOERR, 0) == SC_EX_IOERR);
	CHECK("status output beats config", sc_status_worst(SC_EX_CONFIG, SC_EX_IOERR) == SC_EX_IOERR &&
	      sc_status_worst(SC_EX_IOERR, SC_EX_CONFIG) == SC_EX_IOERR);
	CHECK("status unknown", sc_status_worst(3, 4) == sc_status_worst(4, 3));
	{
		/* the whole order of sc.h, checked pair by pair both ways: sc-fetch's
		   profiles and sc-reply's sends combine by it too */
		static const int order[] = { 0, 65, 66, 75, 69, 78, 76, 73, 74, 71, 70, 64 };
		size_t i, j, n = sizeof(order) / sizeof(order[0]);
		int ok = 1;
		for (i = 0; i < n; i++)
			for (j = 0; j < n; j++)
				ok &= sc_status_worse(order[i], order[j]) == (i > j) &&
				      sc_status_worst(order[i], order[j]) == order[i > j ? i : j];
		CHECK("status order, all pairs", ok);
	}
	{
		char *pj = sc_path_new("state/acme", "fb.json");
		CHECK("sc_path_new", strcmp(pj, "state/acme/fb.json") == 0);
		free(pj);
		CHECK("protocol below output", sc_status_worst(SC_EX_PROTOCOL, SC_EX_CANTCREAT) ==
		      SC_EX_CANTCREAT && sc_status_worse(SC_EX_PROTOCOL, SC_EX_CONFIG));
	}
}

static void
test_schema(void)
{
	CHECK("platform x", sc_schema_platform("x") == SC_PLATFORM_X);
	CHECK("twitter is an alias of x", sc_schema_platform("twitter") == SC_PLATFORM_X);
	CHECK("platform exact", sc_schema_platform("Facebook") < 0);
	CHECK("platform ci", sc_schema_platform_ci("Facebook") == SC_PLATFORM_FACEBOOK);
	CHECK("unknown platform", sc_schema_platform("myspace") < 0 && sc_schema_platform(NULL) < 0);
	CHECK("names end in NULL", sc_schema_platforms[SC_NPLATFORM] == NULL &&
	      sc_schema_kinds[SC_NKIND] == NULL && sc_schema_statuses[SC_NSTATUS] == NULL);
	CHECK("dm channel", strcmp(sc_schema_dm_channel(SC_PLATFORM_FACEBOOK), "messenger") == 0 &&
	      sc_schema_dm_channel(SC_PLATFORM_GOOGLE) == NULL && sc_schema_dm_channel(-1) == NULL);
	CHECK("new kinds", sc_schema_index(sc_schema_kinds, -1, "survey") == SC_KIND_SURVEY &&
	      sc_schema_index(sc_schema_kinds, SC_NMESSAGE_KIND, "note") < 0);
	CHECK("statuses", sc_schema_index(sc_schema_statuses, -1, "claimed") == SC_STATUS_CLAIMED);
	CHECK("category enum", strcmp(sc_categories[SC_CATEGORY_COMPLAINT], "complaint") == 0 &&
	      strcmp(sc_categories[SC_NCATEGORY - 1], "other") == 0);
	CHECK("default zone", sc_tz_valid(SC_DEFAULT_TZ));
}

int
main(void)
{
	test_schema();
	test_time_short();
	test_parse();
	test_time();
	test_hours();
	test_utf8();
	test_reader();
	test_csv();
	test_table();
	test_set();
	test_buf();
	return DONE();
}
