/*
 * test_stats.c - unit tests for lib/stats.c: option parsing, linking and
 * the report through the library call, ISO weeks at year ends, partial
 * round trips and bad partial lines.
 */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "check.h"
#include "stats.h"

/* Run the report of s into a string (new, caller frees). */
static char *
report(struct sc_stats *s, int partial)
{
	FILE *f = tmpfile();
	struct sc_out out;
	char *buf;
	long n;

	sc_out_init(&out, fileno(f));
	if (partial)
		sc_stats_write_partial(s, &out);
	else
		sc_stats_report(s, &out);
	sc_out_close(&out);
	n = lseek(fileno(f), 0, SEEK_END);
	buf = calloc(1, (size_t)n + 1);
	lseek(fileno(f), 0, SEEK_SET);
	if (read(fileno(f), buf, (size_t)n) != n)
		buf[0] = '\0';
	fclose(f);
	return buf;
}

static int
add(struct sc_stats *s, const char *json)
{
	struct sc_error e;
	json_t *r = json_loads(json, 0, NULL);
	int rc;

	sc_error_clear(&e);
	rc = r ? sc_stats_add(s, r, &e) : -1;
	json_decref(r);
	return rc;
}

#define CUST(id, th, t) "{\"sc\":1,\"id\":\"" id "\",\"platform\":\"x\",\"profile\":\"p\"," \
	"\"kind\":\"dm\",\"visibility\":\"private\",\"thread_id\":\"" th "\",\"author\":" \
	"{\"is_brand\":false},\"text\":\"\",\"created_at\":\"" t "\"}"
#define BRAND(id, th, par, t) "{\"sc\":1,\"id\":\"" id "\",\"platform\":\"x\",\"profile\":\"p\"," \
	"\"kind\":\"dm\",\"visibility\":\"private\",\"thread_id\":\"" th "\",\"parent_id\":" par \
	",\"author\":{\"is_brand\":true},\"agent\":\"ola\",\"text\":\"\",\"created_at\":\"" t "\"}"

static void
test_options(void)
{
	struct sc_stats_opts o;
	struct sc_error e;
	int64_t v[8];
	char names[8][24];
	int n;

	sc_stats_opts_init(&o);
	CHECK("by two", sc_stats_parse_by(&o, "profile,hour", &e) == 0 && o.nby == 2 &&
	      o.by[0] == SC_BY_PROFILE && o.by[1] == SC_BY_HOUR);
	sc_stats_opts_init(&o);
	CHECK("by unknown", sc_stats_parse_by(&o, "profile,colour", &e) < 0 &&
	      strstr(e.text, "colour") != NULL);
	sc_stats_opts_init(&o);
	CHECK("by twice", sc_stats_parse_by(&o, "day,day", &e) < 0);
	CHECK("sla", sc_stats_parse_durations("15m,1h,4h", v, names, 8, &n, &e) == 0 && n == 3 &&
	      v[0] == 900 && v[2] == 14400 && strcmp(names[1], "1h") == 0);
	CHECK("sla decreasing", sc_stats_parse_durations("1h,30m", v, names, 8, &n, &e) < 0);
	CHECK("sla bad", sc_stats_parse_durations("1h,,2h", v, names, 8, &n, &e) < 0);
	CHECK("sla empty", sc_stats_parse_durations("", v, names, 8, &n, &e) < 0);
	/* word options: one table gives the value and its word back */
	sc_stats_opts_init(&o);
	CHECK("word default", strcmp(sc_stats_word(&o, "link"), "parent-first") == 0 &&
	      strcmp(sc_stats_word(&o, "outside-hours"), "from-open") == 0);
	sc_stats_set_word(&o, "link", 1);
	CHECK("word link", o.link == SC_LINK_EARLIEST &&
	      strcmp(sc_stats_word(&o, "link"), "earliest") == 0);
	sc_stats_set_word(&o, "outside-hours", 2);
	CHECK("word ooh", o.ooh == SC_OOH_SKIP);
	CHECK("word list", strcmp(sc_stats_words("format")[2], "table") == 0 &&
	      strcmp(sc_stats_words("format")[3], "html") == 0 &&
	      sc_stats_words("format")[4] == NULL && sc_stats_words("colour") == NULL);
	sc_stats_set_word(&o, "format", 3);
	CHECK("word format html", o.format == SC_STATS_HTML &&
	      strcmp(sc_stats_word(&o, "format"), "html") == 0);
	sc_stats_set_word(&o, "format", 0);
	sc_stats_set_word(&o, "spikes", 0);
	CHECK("word spikes empty", o.spikes == SC_SPIKES_IN);
	sc_stats_set_word(&o, "spikes", 2);
	CHECK("word spikes negative", o.spikes == SC_SPIKES_NEGATIVE &&
	      strcmp(sc_stats_word(&o, "spikes"), "negative") == 0);
}

static void
test_link_and_report(void)
{
	struct sc_stats_opts o;
	struct sc_stats *s;
	char *r;

	sc_stats_opts_init(&o);
	s = sc_stats_new(&o);
	/* a DM: m1 10:00, m2 10:01, brand 10:11 without parent answers both */
	CHECK("add m1", add(s, CUST("x:1", "t", "2026-11-20T10:00:00Z")) == 0);
	CHECK("add m2", add(s, CUST("x:2", "t", "2026-11-20T10:01:00Z")) == 0);
	CHECK("add b", add(s, BRAND("x:3", "t", "null", "2026-11-20T10:11:00Z")) == 0);
	CHECK("add again", add(s, CUST("x:2", "t", "2026-11-20T10:01:00Z")) == 0);
	CHECK("bad status", add(s, "{\"sc\":1,\"id\":\"s\",\"kind\":\"status\",\"status\":\"x\","
				"\"thread_id\":\"t\",\"created_at\":\"2026-11-20T10:00:00Z\"}") < 0);
	size_t replaced;
	CHECK("count", sc_stats_count(s, &replaced) == 3 && replaced == 1);
	r = report(s, 0);
	CHECK("in 2", strstr(r, "\"in\":2,\"out\":1,") != NULL);
	/* 600 and 660: median rank 1 = 600, p90 rank 2 = 660, mean 630 */
	CHECK("frt", strstr(r, "\"frt_median_s\":600,\"frt_p90_s\":660,\"frt_mean_s\":630,") != NULL);
	CHECK("definitions first", strncmp(r, "{\"definitions\":{\"link\":\"parent-first\"", 37) == 0);
	free(r);
	sc_stats_free(s);
}

static void
test_weeks(void)
{
	struct sc_stats_opts o;
	struct sc_stats *s;
	char *r;

	/* ISO weeks at year ends: 2026-12-31 (Thu) is 2026-W53; 2027-01-01
	   (Fri) too; 2024-12-30 (Mon) is 2025-W01; 2021-01-03 (Sun) 2020-W53 */
	sc_stats_opts_init(&o);
	o.tz = "UTC";
	sc_stats_parse_by(&o, "week", NULL);
	s = sc_stats_new(&o);
	add(s, CUST("w:1", "w1", "2026-12-31T12:00:00Z"));
	add(s, CUST("w:2", "w2", "2027-01-01T12:00:00Z"));
	add(s, CUST("w:3", "w3", "2024-12-30T12:00:00Z"));
	add(s, CUST("w:4", "w4", "2021-01-03T12:00:00Z"));
	add(s, CUST("w:5", "w5", "2026-01-01T12:00:00Z"));
	r = report(s, 0);
	CHECK("2026-W53 twice", strstr(r, "{\"week\":\"2026-W53\",\"in\":2,") != NULL);
	CHECK("2025-W01", strstr(r, "{\"week\":\"2025-W01\",\"in\":1,") != NULL);
	CHECK("2020-W53", strstr(r, "{\"week\":\"2020-W53\",\"in\":1,") != NULL);
	CHECK("2026-W01", strstr(r, "{\"week\":\"2026-W01\",\"in\":1,") != NULL);
	free(r);
	sc_stats_free(s);
}

static void
test_partial(void)
{
	struct sc_stats_opts o;
	struct sc_stats *a, *b;
	struct sc_error e;
	char *p, *line, *save = NULL, *r1, *r2;

	sc_stats_opts_init(&o);
	a = sc_stats_new(&o);
	add(a, BRAND("x:3", "t", "\"x:1\"", "2026-11-20T10:11:00Z"));
	add(a, CUST("x:1", "t", "2026-11-20T10:00:00Z"));
	p = report(a, 1);
	r1 = report(a, 0);
	b = sc_stats_new(&o);
	for (line = strtok_r(p, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		json_t *j = json_loads(line, 0, NULL);
		sc_error_clear(&e);
		CHECK("partial line", j && sc_stats_add_partial(b, j, &e) == 0);
		json_decref(j);
	}
	r2 = report(b, 0);
	CHECK("round trip", strcmp(r1, r2) == 0);
	CHECK("linked by parent", strstr(r2, "\"frt_median_s\":660,") != NULL);
	{
		json_t *j = json_loads("{\"m\":\"c\",\"id\":\"zz\"}", 0, NULL);
		CHECK("bad id", sc_stats_add_partial(b, j, &e) < 0);
		json_decref(j);
	}
	free(p);
	free(r1);
	free(r2);
	sc_stats_free(a);
	sc_stats_free(b);
}

/* Feed 300 threads, one every 3 hours, in time order. */
static void
feed_threads(struct sc_stats *s, int late)
{
	char buf[512], t1[32], t2[32], t3[32];
	int i;

	for (i = 0; i < 300; i++) {
		int64_t t = 1795000000 + (int64_t)i * 10800;
		sc_time_format(t, t1);
		sc_time_format(t + 600 + i % 7 * 60, t2);
		sc_time_format(t + 900, t3);
		snprintf(buf, sizeof(buf), "{\"sc\":1,\"id\":\"x:c%d\",\"platform\":\"x\","
			 "\"profile\":\"p%d\",\"kind\":\"dm\",\"thread_id\":\"x:c%d\","
			 "\"author\":{\"is_brand\":false},\"text\":\"\",\"created_at\":\"%s\"}",
			 i, i % 3, i, t1);
		add(s, buf);
		if (i % 5 == 0)
			continue;	/* unanswered */
		snprintf(buf, sizeof(buf), "{\"sc\":1,\"id\":\"x:b%d\",\"platform\":\"x\","
			 "\"profile\":\"p%d\",\"kind\":\"dm\",\"thread_id\":\"x:c%d\","
			 "\"parent_id\":\"x:c%d\",\"agent\":\"ola\",\"author\":{\"is_brand\":true},"
			 "\"text\":\"\",\"created_at\":\"%s\"}", i, i % 3, i, i, t2);
		add(s, buf);
		snprintf(buf, sizeof(buf), "{\"sc\":1,\"id\":\"st%d\",\"kind\":\"status\","
			 "\"status\":\"resolved\",\"thread_id\":\"x:c%d\",\"created_at\":\"%s\"}",
			 i, i, t3);
		add(s, buf);
	}
	if (late) {
		/* a reply to thread 0, read a month later: settled, so it only
		   counts as brand volume */
		add(s, BRAND("x:late", "x:c0", "\"x:c0\"", "2026-12-20T10:00:00Z"));
	}
}

static void
test_settle(void)
{
	struct sc_stats_opts o1, o2;
	struct sc_stats *a, *b;
	char *r1, *r2;
	size_t n;

	sc_stats_opts_init(&o1);
	sc_stats_parse_by(&o1, "profile,day", NULL);
	o1.settle = 0;		/* --settle none: every fact kept */
	o2 = o1;
	o2.settle = 86400;
	snprintf(o2.settle_name, sizeof(o2.settle_name), "1d");
	o2.settle_batch = 16;
	a = sc_stats_new(&o1);
	b = sc_stats_new(&o2);
	feed_threads(a, 0);
	feed_threads(b, 0);
	CHECK("settle passes ran", sc_stats_settled(b) > 10);
	n = sc_stats_count(b, NULL);
	CHECK("settled facts forgotten", n < 100);
	r1 = report(a, 0);
	r2 = report(b, 0);
	/* the definitions line says settle=none and settle=1d; the rest is equal */
	CHECK("definitions name the settle time",
	      strstr(r1, "\"settle\":\"none\"") && strstr(r2, "\"settle\":\"1d\""));
	CHECK("settled report equals exact report",
	      strchr(r1, '\n') && strchr(r2, '\n') && strcmp(strchr(r1, '\n'), strchr(r2, '\n')) == 0);
	free(r1);
	free(r2);
	sc_stats_free(a);
	sc_stats_free(b);

	/* the documented difference: a direct reply read after its thread
	   settled does not answer it */
	sc_stats_opts_init(&o1);
	o1.settle = 0;
	o2 = o1;
	o2.settle = 86400;
	snprintf(o2.settle_name, sizeof(o2.settle_name), "1d");
	o2.settle_batch = 16;
	a = sc_stats_new(&o1);
	b = sc_stats_new(&o2);
	feed_threads(a, 1);
	feed_threads(b, 1);
	r1 = report(a, 0);
	r2 = report(b, 0);
	CHECK("exact: the late reply answers", strstr(r1, "\"answered\":241,") != NULL);
	CHECK("settled: it does not", strstr(r2, "\"answered\":240,") != NULL);
	free(r1);
	free(r2);
	sc_stats_free(a);
	sc_stats_free(b);
}

/* 1000 answered messages in one group, FRT (i * 37) % 500 seconds: every
   value 0..499 twice, so the distribution goes through the compacted
   (value, count) form; the figures are worked out by hand. */
static void
test_dist(void)
{
	struct sc_stats_opts o;
	struct sc_stats *s;
	char buf[512], t1[32], t2[32], *r;
	int i;

	for (int linear = 0; linear < 2; linear++) {
		sc_stats_opts_init(&o);
		o.settle = 0;
		o.pct_method = linear ? SC_PCT_LINEAR : SC_PCT_NEAREST;
		s = sc_stats_new(&o);
		for (i = 0; i < 1000; i++) {
			int64_t t = 1795000000 + (int64_t)i * 3600;
			sc_time_format(t, t1);
			sc_time_format(t + (i * 37) % 500, t2);
			snprintf(buf, sizeof(buf), "{\"sc\":1,\"id\":\"c%d\",\"kind\":\"dm\","
				 "\"author\":{\"is_brand\":false},\"created_at\":\"%s\"}", i, t1);
			add(s, buf);
			snprintf(buf, sizeof(buf), "{\"sc\":1,\"id\":\"b%d\",\"kind\":\"dm\","
				 "\"thread_id\":\"c%d\",\"parent_id\":\"c%d\",\"agent\":\"ola\","
				 "\"author\":{\"is_brand\":true},\"created_at\":\"%s\"}", i, i, i, t2);
			add(s, buf);
		}
		r = report(s, 0);
		CHECK("dist: all answered", strstr(r, "\"answered\":1000,") != NULL);
		if (linear) {
			/* h = 999 x 0.5 = 499.5 between 249 and 250; p90: h = 899.1,
			   v[899] = 449, v[900] = 450 */
			CHECK("dist: linear median", strstr(r, "\"frt_median_s\":249.5,") != NULL);
			CHECK("dist: linear p90", strstr(r, "\"frt_p90_s\":449.1,") != NULL);
		} else {
			/* rank 500 of 1000 is value 249, rank 900 value 449 */
			CHECK("dist: median", strstr(r, "\"frt_median_s\":249,") != NULL);
			CHECK("dist: p90", strstr(r, "\"frt_p90_s\":449,") != NULL);
		}
		CHECK("dist: mean", strstr(r, "\"frt_mean_s\":249.5,") != NULL);
		free(r);
		sc_stats_free(s);
	}
}

int
main(void)
{
	test_options();
	test_link_and_report();
	test_weeks();
	test_partial();
	test_settle();
	test_dist();
	return DONE();
}
