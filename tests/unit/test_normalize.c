/*
 * test_normalize.c - unit tests for lib/normalize*.c: text helpers, the
 * dedupe semantics, every prefix of real payloads (never a crash, always
 * output or a clean reject), and CSV/twcs read in every chunk size (the
 * same records whatever the read boundaries).
 */
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "check.h"
#include "normalize_int.h"

static char *
slurp(const char *path, size_t *len)
{
	struct sc_buf b;
	char tmp[4096];
	ssize_t n;
	int fd = open(path, O_RDONLY);

	sc_buf_init(&b);
	if (fd < 0)
		return NULL;
	while ((n = read(fd, tmp, sizeof(tmp))) > 0)
		sc_buf_add(&b, tmp, (size_t)n);
	close(fd);
	*len = b.len;
	return b.data;
}

/* A temporary file holding s[0..n), rewound. */
static int
tmpfd(const char *s, size_t n)
{
	char path[] = "/tmp/test_normalize.XXXXXX";
	int fd = mkstemp(path);

	unlink(path);
	if (fd >= 0 && n > 0 && write(fd, s, n) != (ssize_t)n) {
		close(fd);
		return -1;
	}
	lseek(fd, 0, SEEK_SET);
	return fd;
}

/* Rejects as text, "line|raw|reason" a line, when rej_log is set. */
static struct sc_buf *rej_log;

static int
log_reject(void *ctx, const char *file, long line, const char *raw, size_t len,
	   const char *reason)
{
	(*(long *)ctx)++;
	if (rej_log) {
		char num[32];
		snprintf(num, sizeof(num), "%ld|", line);
		sc_buf_adds(rej_log, num);
		sc_buf_add(rej_log, raw ? raw : "(spilled)", raw ? len : 9);
		sc_buf_addc(rej_log, '|');
		sc_buf_adds(rej_log, reason);
		sc_buf_addc(rej_log, '\n');
	}
	(void)file;
	return 0;
}

static size_t last_seen;	/* dedupe ids held at the end of the last run() */
static long last_resets;

/* Run normalize over s with opts; returns the output (new string). */
static char *
run(const struct sc_norm_opts *o, const char *s, size_t n, long *nout, long *nrej)
{
	struct sc_norm nm;
	struct sc_out out;
	int in = tmpfd(s, n), outfd = tmpfd("", 0);
	long rejects = 0;
	char *res;
	size_t len;

	sc_out_init(&out, outfd);
	sc_norm_init(&nm, o);
	nm.out = &out;
	nm.reject = log_reject;
	nm.reject_ctx = &rejects;
	sc_norm_fd(&nm, in, "t");
	sc_out_close(&out);
	*nout = nm.nout;
	*nrej = rejects;
	last_seen = nm.seen.n;
	last_resets = nm.ndedupe_resets;
	sc_norm_release(&nm);
	close(in);
	lseek(outfd, 0, SEEK_SET);
	{
		struct sc_buf b;
		char tmp[4096];
		ssize_t got;
		sc_buf_init(&b);
		while ((got = read(outfd, tmp, sizeof(tmp))) > 0)
			sc_buf_add(&b, tmp, (size_t)got);
		sc_buf_addc(&b, '\0');
		res = b.data;
		len = b.len;
	}
	(void)len;
	close(outfd);
	return res;
}

static void
test_text(void)
{
	struct sc_buf b;
	const char *st;
	size_t len;
	char sig[32];

	sc_buf_init(&b);
	st = "a &amp; b &lt;3 &#39;x&#39; &#x17c;";
	sc_norm_html_text(&b, st, strlen(st), 0);
	CHECK("entities", strcmp(b.data, "a & b <3 'x' \xc5\xbc") == 0);
	sc_buf_reset(&b);
	st = "<a href=\"x\">link</a><br>next<BR/>&bogus; &#0; &";
	sc_norm_html_text(&b, st, strlen(st), 2);
	CHECK("tags and br", strcmp(b.data, "link\nnext\n&bogus; &#0; &") == 0);
	sc_buf_reset(&b);
	sc_norm_html_text(&b, "1 < 2 > 0", 9, 0);
	CHECK("bare < kept without tags", strcmp(b.data, "1 < 2 > 0") == 0);
	sc_buf_release(&b);

	sc_norm_google_original("(Translated by Google) Tasty\n\n(Original)\nSmaczne", &st, &len);
	CHECK("google original", len == 7 && memcmp(st, "Smaczne", 7) == 0);
	sc_norm_google_original("Smaczne\n\n(Translated by Google)\nTasty", &st, &len);
	CHECK("google original first", len == 7 && memcmp(st, "Smaczne", 7) == 0);
	sc_norm_google_original("Plain", &st, &len);
	CHECK("google plain", len == 5);

	CHECK("sig ^HSB", sc_norm_signature("thanks ^HSB", sig) && strcmp(sig, "HSB") == 0);
	CHECK("sig -Becky link", sc_norm_signature("ok -Becky https://t.co/x", sig) && strcmp(sig, "Becky") == 0);
	CHECK("no sig", sc_norm_signature("see you - soon", sig) == NULL);
	CHECK("no sig dash word", sc_norm_signature("well-known", sig) == NULL);
}

static void
test_dedupe(void)
{
	struct sc_norm_opts o;
	long nout, nrej;
	const char *a = "{\"data\":[{\"id\":\"1_1\",\"created_time\":\"2026-11-20T10:00:00+0000\",\"message\":\"x\"}]}\n";
	const char *b = "{\"data\":[{\"id\":\"1_1\",\"created_time\":\"2026-11-20T10:00:00+0000\",\"message\":\"y\"}]}\n";
	char in[1024];
	char *out;

	memset(&o, 0, sizeof(o));
	o.dedupe = 1;
	snprintf(in, sizeof(in), "%s%s%s%s", a, a, b, b);
	out = run(&o, in, strlen(in), &nout, &nrej);
	CHECK("dedupe: first and edit", nout == 2 && nrej == 0);
	CHECK("dedupe: edit marked", strstr(out, "\"text\":\"y\",\"created_at\":\"2026-11-20T10:00:00Z\",\"edited\":true") != NULL);
	free(out);
	o.dedupe = 0;
	out = run(&o, in, strlen(in), &nout, &nrej);
	CHECK("no dedupe", nout == 4 && strstr(out, "edited") == NULL);
	free(out);
}

/* Schema-1 records passed through share the one dedupe and its bound. */
static void
test_dedupe_bound(void)
{
	struct sc_norm_opts o;
	struct sc_buf in;
	long nout, nrej;
	char *out;
	int i;

	sc_buf_init(&in);
	for (i = 0; i < 250; i++)
		sc_buf_printf(&in, "{\"sc\":1,\"id\":\"x:%d\",\"platform\":\"x\",\"profile\":\"p\","
			      "\"kind\":\"mention\",\"visibility\":\"public\",\"thread_id\":\"x:%d\","
			      "\"parent_id\":null,\"author\":{\"id\":\"u\",\"name\":null,"
			      "\"is_brand\":false},\"text\":\"t%d\",\"created_at\":"
			      "\"2026-11-20T10:00:00Z\"}\n", i % 150, i % 150, i % 150);
	memset(&o, 0, sizeof(o));
	o.dedupe = 1;
	o.dedupe_max = 100;
	out = run(&o, in.data, in.len, &nout, &nrej);
	/* ids 0..149, then 0..99 again: the table is cleared when it holds
	   100 ids (at the 100th and the 200th), so the repeats are forgotten */
	CHECK("pass-through dedupe is bounded", last_seen <= 100);
	CHECK("pass-through dedupe was reset", last_resets == 2);
	CHECK("pass-through: records after a reset are written", nout == 250 && nrej == 0);
	free(out);
	o.dedupe_max = 0;
	out = run(&o, in.data, in.len, &nout, &nrej);
	CHECK("pass-through dedupe by default", nout == 150 && last_seen == 150 && last_resets == 0);
	free(out);
	sc_buf_release(&in);
}

/* Consult tokens: the value tests/data/email/consult_token.py computes
   from the format in sc(7), independently of normalize_token.c. */
static void
test_consult_token(void)
{
	static const char key[] = "sc-test-consult-key-2026";
	static const char want[] = "mzqwgzlcn5xwworsgaydambrl4ytambrl43tambr.20818.hin4lthryewrgp6e";
	char tok[SC_CONSULT_TOKEN_MAX], thread[300], bad[SC_CONSULT_TOKEN_MAX];
	long day = 0;

	CHECK("token made", sc_consult_token(key, strlen(key), "facebook:200001_1001_7001", 20818,
					     tok, sizeof(tok)) == 0);
	CHECK("token as documented", strcmp(tok, want) == 0);
	CHECK("token checks", sc_consult_check(key, strlen(key), tok, 20818, thread, sizeof(thread),
					       &day) == 0 &&
	      strcmp(thread, "facebook:200001_1001_7001") == 0 && day == 20818);
	CHECK("token upper case checks", sc_consult_check(key, strlen(key),
		"MZQWGZLCN5XWWORSGAYDAMBRL4YTAMBRL43TAMBR.20818.HIN4LTHRYEWRGP6E", 20000,
		thread, sizeof(thread), &day) == 0);
	CHECK("token expired", sc_consult_check(key, strlen(key), tok, 20819, thread, sizeof(thread),
						&day) == SC_CONSULT_EXPIRED);
	CHECK("other key", sc_consult_check("another-key-0123456", 19, tok, 20818, thread,
					    sizeof(thread), &day) == SC_CONSULT_BAD);
	snprintf(bad, sizeof(bad), "%s", tok);
	bad[0] = 'n';	/* another thread, the same MAC */
	CHECK("other thread", sc_consult_check(key, strlen(key), bad, 20818, thread, sizeof(thread),
					       &day) == SC_CONSULT_BAD);
	snprintf(bad, sizeof(bad), "mzqwgzlcn5xwworsgaydambrl4ytambrl43tambr.20819.hin4lthryewrgp6e");
	CHECK("later day, same MAC", sc_consult_check(key, strlen(key), bad, 20818, thread,
						      sizeof(thread), &day) == SC_CONSULT_BAD);
	CHECK("malformed", sc_consult_check(key, strlen(key), "abc", 0, thread, sizeof(thread),
					    &day) == SC_CONSULT_MALFORMED &&
	      sc_consult_check(key, strlen(key), "ab1.5.hin4lthryewrgp6e", 0, thread,
			       sizeof(thread), &day) == SC_CONSULT_MALFORMED);
	CHECK("short key refused", sc_consult_token("short", 5, "x:1", 1, tok, sizeof(tok)) < 0);
}

static void
test_prefixes(const char *path, int from)
{
	struct sc_norm_opts o;
	size_t len, k, bad = 0;
	char *all = slurp(path, &len);

	CHECK(path, all != NULL && len > 0);
	if (all == NULL)
		return;
	memset(&o, 0, sizeof(o));
	o.dedupe = 1;
	o.from = from;
	for (k = 0; k <= len; k++) {
		long nout, nrej;
		size_t i;
		int blank = 1;
		char *out = run(&o, all, k, &nout, &nrej);
		for (i = 0; i < k; i++)
			if (all[i] != ' ' && all[i] != '\n' && all[i] != '\r' && all[i] != '\t')
				blank = 0;
		/* output or a clean reject, and nothing for nothing */
		if ((!blank && nout == 0 && nrej == 0) || (blank && (nout || nrej)))
			bad++;
		free(out);
	}
	CHECK("every prefix: output or reject", bad == 0);
	{
		long nout, nrej;
		char *out = run(&o, all, len, &nout, &nrej);
		CHECK("whole payload: no reject", nrej == 0 && nout > 0);
		free(out);
	}
	free(all);
}

static void
test_chunks(const char *path, int from, const char *map_id)
{
	struct sc_norm_opts o;
	size_t len, k, diff = 0;
	long nout0, nrej0;
	char *all = slurp(path, &len), *want;

	CHECK(path, all != NULL);
	if (all == NULL)
		return;
	memset(&o, 0, sizeof(o));
	o.dedupe = 1;
	o.from = from;
	if (map_id) {
		o.map[SC_MAP_ID] = map_id;
		o.map[SC_MAP_TEXT] = "body";
		o.map[SC_MAP_CREATED] = "when";
		o.map[SC_MAP_AUTHOR] = "user";
		o.map[SC_MAP_RATING] = "stars";
		o.map[SC_MAP_IS_BRAND] = "brand";
	}
	want = run(&o, all, len, &nout0, &nrej0);
	CHECK("chunks: whole file has records", nout0 > 0 && nrej0 == 0);
	for (k = 1; k <= len; k++) {
		long nout, nrej;
		char *got;
		o.read_chunk = k;
		got = run(&o, all, len, &nout, &nrej);
		if (strcmp(got, want) != 0 || nrej != 0)
			diff++;
		free(got);
	}
	CHECK("chunks: same records at every chunk size", diff == 0);
	free(want);
	free(all);
}

/*
 * A data CSV with bad quoting (issue 18 #4): each bad row is rejected
 * whole with its line and column, the rest of the file is read, whatever
 * the read boundaries; an unclosed quote holds at most --max-line bytes.
 */
static void
test_csv_faults(void)
{
	static const char csv[] =
		"id,when,body\n"
		"1,2026-11-20T10:00:00Z,ok\n"
		"2,2026-11-20T10:00:00Z,a \"stray\" quote\n"
		"3,2026-11-20T10:00:00Z,\"after the quote\"x\n"
		"4,2026-11-20T10:00:00Z,\"open, closed by the next row\n"
		"5,2026-11-20T10:00:00Z,\"quoted, fine\"\n"
		"6,2026-11-20T10:00:00Z,\"two\nlines\"\n"
		"7,2026-11-20T10:00:00Z,\"never closed\n"
		"8,2026-11-20T10:00:00Z,last\n";
	static const char want_rej[] =
		"3|2,2026-11-20T10:00:00Z,a \"stray\" quote|column 26: stray quote in CSV "
		"(a quote inside an unquoted field, or text after a closing quote)\n"
		"4|3,2026-11-20T10:00:00Z,\"after the quote\"x|column 41: stray quote in CSV "
		"(a quote inside an unquoted field, or text after a closing quote)\n"
		"5|4,2026-11-20T10:00:00Z,\"open, closed by the next row|column 24: quoted field "
		"not closed on its line (a stray quote at line 6, column 25 ends it)\n"
		"9|7,2026-11-20T10:00:00Z,\"never closed|column 24: unterminated quoted field "
		"(the quote is never closed)\n";
	struct sc_norm_opts o;
	struct sc_buf log;
	size_t k, len = sizeof(csv) - 1, diff = 0;
	long nout0, nrej0, nout, nrej;
	char *want, *got, *first;

	memset(&o, 0, sizeof(o));
	o.dedupe = 1;
	o.from = SC_FMT_CSV;
	o.map[SC_MAP_ID] = "id";
	o.map[SC_MAP_TEXT] = "body";
	o.map[SC_MAP_CREATED] = "when";
	sc_buf_init(&log);
	rej_log = &log;
	want = run(&o, csv, len, &nout0, &nrej0);
	sc_buf_addc(&log, '\0');
	CHECK("csv faults: rows 1, 5, 6, 8 read", nout0 == 4 && strstr(want, "\"csv:1\"") &&
	      strstr(want, "\"csv:5\"") && strstr(want, "\"two\\nlines\"") &&
	      strstr(want, "\"csv:8\""));
	CHECK("csv faults: each bad row whole, with line and column",
	      strcmp(log.data, want_rej) == 0);
	if (strcmp(log.data, want_rej) != 0)
		fprintf(stderr, "got rejects:\n%s", log.data);
	first = log.data;
	for (k = 1; k <= len; k++) {
		sc_buf_init(&log);
		o.read_chunk = k;
		got = run(&o, csv, len, &nout, &nrej);
		sc_buf_addc(&log, '\0');
		if (strcmp(got, want) != 0 || strcmp(log.data, first) != 0)
			diff++;
		free(got);
		sc_buf_release(&log);
	}
	CHECK("csv faults: same at every chunk size", diff == 0);
	free(want);
	/* CR line ends: a row never ends inside what is parsed at once, so the
	   bad row's bytes are its own (the fuzzer found the column computed
	   past the start of the row) */
	{
		static const char cr[] = "id,when,body\r1,2026-11-20T10:00:00Z,ok\r"
			"2,2026-11-20T10:00:00Z,a \"stray\r3,2026-11-20T10:00:00Z,fine\r";
		sc_buf_init(&log);
		got = run(&o, cr, sizeof(cr) - 1, &nout, &nrej);
		sc_buf_addc(&log, '\0');
		CHECK("csv CR: rows 1 and 3 read", nout == 2 && strstr(got, "\"csv:1\"") &&
		      strstr(got, "\"csv:3\""));
		CHECK("csv CR: row 2 rejected whole", nrej == 1 &&
		      strstr(log.data, "|2,2026-11-20T10:00:00Z,a \"stray|column 26: stray") != NULL);
		free(got);
		sc_buf_release(&log);
	}
	/* an unclosed quote stops at the cap, not at the end of the file */
	{
		struct sc_buf big;
		size_t i;

		sc_buf_init(&big);
		sc_buf_adds(&big, "id,when,body\n1,2026-11-20T10:00:00Z,\"open\n");
		for (i = 0; i < 300; i++)
			sc_buf_adds(&big, "no quote on this line\n");
		sc_buf_adds(&big, "2,2026-11-20T10:00:00Z,after\n");
		sc_buf_init(&log);
		o.read_chunk = 0;
		o.max_line = 1024;
		got = run(&o, big.data, big.len, &nout, &nrej);
		sc_buf_addc(&log, '\0');
		CHECK("csv cap: the row after the open quote is read", nout == 1 &&
		      strstr(got, "\"csv:2\"") != NULL);
		CHECK("csv cap: the open row is named at its quote, over the cap",
		      strncmp(log.data, "2|1,2026-11-20T10:00:00Z,\"open|column 24: quoted field "
			      "still open after 1024 bytes (--max-line)", 86) == 0);
		CHECK("csv cap: every line rejected or read", nrej == 301);
		free(got);
		sc_buf_release(&log);
		sc_buf_release(&big);
	}
	free(first);
	rej_log = NULL;
}

int
main(void)
{
	test_text();
	test_dedupe();
	test_dedupe_bound();
	test_consult_token();
	test_prefixes("tests/data/normalize/x_v2_search_recent_docs_example__python-twitter.json", 0);
	test_prefixes("tests/data/normalize/google_gbp_v4_accounts_locations_reviews_list__google_my_business_dart.json", 0);
	test_prefixes("tests/data/normalize/own_envelopes.ndjson", 0);
	test_prefixes("tests/data/normalize/own_twitter_account_activity.json", 0);
	test_chunks("tests/data/normalize/own_export.csv", SC_FMT_CSV, "msg_id");
	test_chunks("tests/data/normalize/own_twcs.csv", SC_FMT_TWCS, NULL);
	test_csv_faults();
	return DONE();
}
