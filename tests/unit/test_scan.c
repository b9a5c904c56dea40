/*
 * test_scan.c - unit tests for the validating scanner (lib/scan.c): a
 * table of edge cases, each run through the scanner, the DOM builder,
 * jansson alone and sc_json_parse_line (which must give jansson's verdict
 * and message for everything the scanner does not accept), then spans,
 * decoding, nested specs and duplicate keys.
 */
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "sc.h"
#include "scan.h"

struct row {
	const char *name;
	const char *in;
	size_t len;	/* 0: strlen(in) */
	int scan;	/* 1: the scanner accepts */
	int jansson;	/* 1: jansson accepts */
	const char *msg;	/* the message of sc_json_parse_line when rejected */
};

static const struct row rows[] = {
	{"plain", "{\"a\":1}", 0, 1, 1, NULL},
	{"empty object", "{}", 0, 1, 1, NULL},
	{"empty key", "{\"\":1}", 0, 1, 1, NULL},
	{"ws around, CR", "  {\"a\" : [ 1 , 2 ] }\t\r", 0, 1, 1, NULL},
	{"NUL escape", "{\"a\":\"x\\u0000y\"}", 0, 0, 0,
	 "invalid JSON at column 15: \\u0000 is not allowed without JSON_ALLOW_NUL near '\"x\\u0000y\"'"},
	{"NUL escape in key", "{\"\\u0000\":1}", 0, 0, 0, NULL},
	{"int64 max", "{\"n\":9223372036854775807}", 0, 1, 1, NULL},
	{"int64 min", "{\"n\":-9223372036854775808}", 0, 1, 1, NULL},
	{"beyond int64", "{\"n\":9223372036854775808}", 0, 1, 0, NULL},
	{"beyond -int64", "{\"n\":-9223372036854775809}", 0, 1, 0, NULL},
	{"huge int", "{\"n\":123456789012345678901234567890}", 0, 1, 0, NULL},
	{"duplicate keys", "{\"a\":1,\"b\":2,\"a\":3}", 0, 1, 1, NULL},
	{"trailing comma", "{\"a\":1,}", 0, 0, 0, "invalid JSON at column 8: string or '}' expected near '}'"},
	{"trailing comma array", "{\"a\":[1,]}", 0, 0, 0, NULL},
	{"lone high surrogate", "{\"a\":\"\\ud800\"}", 0, 0, 0, NULL},
	{"lone low surrogate", "{\"a\":\"\\udc00\"}", 0, 0, 0, NULL},
	{"reversed surrogates", "{\"a\":\"\\udc00\\ud800\"}", 0, 0, 0, NULL},
	{"high then not low", "{\"a\":\"\\ud800\\u0041\"}", 0, 0, 0, NULL},
	{"surrogate pair", "{\"a\":\"\\ud83d\\ude00\"}", 0, 1, 1, NULL},
	{"1e309", "{\"a\":1e309}", 0, 0, 0, "invalid JSON at column 10: real number overflow near '1e309'"},
	{"-1e309", "{\"a\":-1e309}", 0, 0, 0, NULL},
	{"1e308", "{\"a\":1e308}", 0, 1, 1, NULL},
	{"0.0e999", "{\"a\":0.0e999}", 0, 1, 1, NULL},
	{"1e-400", "{\"a\":1e-400}", 0, 1, 1, NULL},
	{"leading zero", "{\"a\":01}", 0, 0, 0, NULL},
	{"negative leading zero", "{\"a\":-01}", 0, 0, 0, NULL},
	{"minus zero", "{\"a\":-0,\"b\":-0.0}", 0, 1, 1, NULL},
	{"NaN", "{\"a\":NaN}", 0, 0, 0, NULL},
	{"Infinity", "{\"a\":-Infinity}", 0, 0, 0, NULL},
	{"1.", "{\"a\":1.}", 0, 0, 0, NULL},
	{".5", "{\"a\":.5}", 0, 0, 0, NULL},
	{"1e", "{\"a\":1e}", 0, 0, 0, NULL},
	{"+1", "{\"a\":+1}", 0, 0, 0, NULL},
	{"invalid escape", "{\"a\":\"\\x\"}", 0, 0, 0, NULL},
	{"short \\u", "{\"a\":\"\\u12\"}", 0, 0, 0, NULL},
	{"\\U", "{\"a\":\"\\U0041\"}", 0, 0, 0, NULL},
	{"all escapes", "{\"a\":\"\\/\\u0041\\\"\\\\\\b\\f\\n\\r\\t\"}", 0, 1, 1, NULL},
	{"overlong NUL", "{\"a\":\"\xc0\x80\"}", 0, 0, 0, "invalid UTF-8 at byte 7"},
	{"overlong slash", "{\"a\":\"\xe0\x80\xaf\"}", 0, 0, 0, "invalid UTF-8 at byte 7"},
	{"encoded surrogate", "{\"a\":\"\xed\xa0\x80\"}", 0, 0, 0, NULL},
	{"beyond U+10FFFF", "{\"a\":\"\xf4\x90\x80\x80\"}", 0, 0, 0, NULL},
	{"lone continuation", "{\"a\":\"\x80\"}", 0, 0, 0, NULL},
	{"cut sequence", "{\"a\":\"\xc5\"}", 0, 0, 0, NULL},
	{"UTF-8 outside a string", "{\"a\":1\xc5\x82}", 0, 0, 0, NULL},
	{"valid UTF-8", "{\"a\":\"za\xc5\xbc\xc3\xb3\xc5\x82\xc4\x87 \xf0\x9f\x98\x80 \xe2\x82\xac \xef\xbf\xbf\"}", 0, 1, 1, NULL},
	{"raw tab in string", "{\"a\":\"\t\"}", 0, 0, 0, NULL},
	{"NUL after number", "{\"a\":1\0}", 8, 0, 1, NULL},
	{"NUL in string", "{\"a\":\"\0\"}", 9, 0, 0, NULL},
	{"top array", "[1]", 0, 0, 1, "not a JSON object"},
	{"top string", "\"x\"", 0, 0, 0, NULL},
	{"missing colon", "{\"a\" 1}", 0, 0, 0, NULL},
	{"missing comma", "{\"a\":1 \"b\":2}", 0, 0, 0, NULL},
	{"bare key", "{a:1}", 0, 0, 0, NULL},
	{"garbage after", "{\"a\":1}x", 0, 0, 0, NULL},
	{"two objects", "{}{}", 0, 0, 0, NULL},
	{"tru", "{\"a\":tru}", 0, 0, 0, NULL},
	{"cut at end", "{\"a\":\"b", 0, 0, 0, NULL},
	{"single quotes", "{'a':1}", 0, 0, 0, NULL},
	{"BOM", "\xef\xbb\xbf{\"a\":1}", 0, 0, 0, NULL},
	{"literals", "{\"t\":true,\"f\":false,\"n\":null,\"o\":{\"p\":[{},[]]}}", 0, 1, 1, NULL},
};

static char *
dump(const json_t *v)
{
	return json_dumps(v, JSON_COMPACT | JSON_PRESERVE_ORDER);
}

static void
test_table(void)
{
	size_t i;

	for (i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		const struct row *r = &rows[i];
		size_t len = r->len ? r->len : strlen(r->in);
		struct sc_error e1, e2;
		json_t *sv, *jv, *pv;
		int n = sc_scan(r->in, len, NULL, NULL, 0);

		sc_error_clear(&e1);
		sc_error_clear(&e2);
		sv = sc_scan_dom(r->in, len);
		jv = json_loadb(r->in, len, 0, NULL);
		pv = sc_json_parse_line(r->in, len, &e1);
		printf("# %s: scan %d, jansson %s\n", r->name, n, jv ? "accepts" : "rejects");
		CHECK(r->name, (n >= 0) == r->scan);
		CHECK(r->name, (sv != NULL) == r->scan);
		CHECK(r->name, (jv != NULL) == r->jansson);
		/* the one superset: what the scanner accepts, jansson accepts,
		   integers beyond int64 only with JSON_DECODE_INT_AS_REAL */
		if (r->scan && !r->jansson) {
			json_t *real = json_loadb(r->in, len, JSON_DECODE_INT_AS_REAL, NULL);
			CHECK(r->name, real != NULL && strstr(r->name, "int") != NULL);
			json_decref(real);
		}
		if (sv && jv) {
			char *a = dump(sv), *b = dump(jv);
			CHECK(r->name, strcmp(a, b) == 0);
			free(a);
			free(b);
		}
		/* sc_json_parse_line: the scanner's DOM, else jansson's verdict
		   and message, exactly as with jansson alone */
		{
			json_t *old = sc_json_parse_line_jansson(r->in, len, &e2);
			CHECK(r->name, (pv != NULL) == (old != NULL || r->scan));
			if (pv == NULL)
				CHECK(r->name, strcmp(e1.text, e2.text) == 0);
			if (pv && old)
				CHECK(r->name, json_equal(pv, old));
			if (r->msg)
				CHECK(r->msg, strcmp(e1.text, r->msg) == 0);
			json_decref(old);
		}
		json_decref(sv);
		json_decref(jv);
		json_decref(pv);
	}
}

static void
test_depth(void)
{
	char *s = malloc(3000 * 2 + 16);
	size_t i, n;
	struct sc_error e;
	json_t *v;

	/* {"a": + d arrays: depth d+1 */
	for (n = 0; n < 3; n++) {
		size_t d = n == 0 ? 511 : n == 1 ? 512 : 2048, len = 0;
		memcpy(s, "{\"a\":", 5);
		len = 5;
		for (i = 0; i < d; i++)
			s[len++] = '[';
		for (i = 0; i < d; i++)
			s[len++] = ']';
		s[len++] = '}';
		sc_error_clear(&e);
		v = sc_json_parse_line(s, len, &e);
		if (n == 0) {
			CHECK("depth 512 scanned", sc_scan(s, len, NULL, NULL, 0) == 1);
			CHECK("depth 512 parses", v != NULL);
		} else if (n == 1) {
			/* beyond the scanner's limit: jansson decides (and accepts) */
			CHECK("depth 513 not scanned", sc_scan(s, len, NULL, NULL, 0) == -1);
			CHECK("depth 513 parsed by jansson", v != NULL);
		} else {
			CHECK("depth 2049 rejected", v == NULL);
			CHECK("depth 2049 message",
			      strstr(e.text, "maximum parsing depth reached") != NULL);
		}
		json_decref(v);
	}
	free(s);
}

enum { S_ID, S_TEXT, S_N, S_AUTHOR, S_ANAME, S_AID, S_BRAND, S_NSLOTS };
static const struct sc_scan_field author_f[] = {
	{"name", S_ANAME, NULL}, {"id", S_AID, NULL}, {"is_brand", S_BRAND, NULL}};
static const struct sc_scan_spec author_spec = {author_f, 3};
static const struct sc_scan_field top_f[] = {
	{"id", S_ID, NULL}, {"text", S_TEXT, NULL}, {"n", S_N, NULL},
	{"author", S_AUTHOR, &author_spec}};
static const struct sc_scan_spec top_spec = {top_f, 4};

static void
test_spans(void)
{
	struct sc_span sp[S_NSLOTS];
	const char *s;
	char buf[64];
	size_t n;
	int m;

	s = "{\"\\u0069d\":\"fb:1\",\"text\":\"a\\/b\\u0041\\ud83d\\ude00\",\"n\":1.10,"
	    "\"x\":[{\"id\":\"no\"}],\"author\":{\"name\":\"Ala\",\"is_brand\":false}}";
	m = sc_scan(s, strlen(s), &top_spec, sp, S_NSLOTS);
	CHECK("members", m == 5);
	CHECK("escaped key matches", sp[S_ID].type == SC_JSTRING && sc_span_eq(&sp[S_ID], "fb:1"));
	CHECK("nested id not taken", sp[S_ID].len == 4);
	CHECK("text raw", sp[S_TEXT].esc && sp[S_TEXT].len == 22);
	n = sc_span_decode(&sp[S_TEXT], buf);
	CHECK("text decoded", n == 8 && memcmp(buf, "a/bA\xf0\x9f\x98\x80", 8) == 0);
	CHECK("real as written", sp[S_N].type == SC_JREAL && sp[S_N].len == 4 &&
	      memcmp(sp[S_N].p, "1.10", 4) == 0);
	CHECK("member span", sp[S_N].member && memcmp(sp[S_N].member, "\"n\":1.10", 8) == 0 &&
	      sc_span_end(&sp[S_N]) == sp[S_N].p + 4);
	CHECK("author object", sp[S_AUTHOR].type == SC_JOBJECT && sp[S_AUTHOR].p[0] == '{' &&
	      sc_span_end(&sp[S_AUTHOR])[-1] == '}');
	CHECK("author.name", sc_span_eq(&sp[S_ANAME], "Ala"));
	CHECK("author.id absent", sp[S_AID].type == SC_JNONE);
	CHECK("author.is_brand", sp[S_BRAND].type == SC_JFALSE);
	CHECK("string end", *sc_span_end(&sp[S_ANAME]) == ',');

	/* duplicates: the last wins, sub-spec slots included */
	s = "{\"author\":{\"name\":\"A\"},\"id\":1,\"author\":{\"id\":\"B\"},\"id\":-7}";
	m = sc_scan(s, strlen(s), &top_spec, sp, S_NSLOTS);
	CHECK("dup members counted", m == 4);
	CHECK("dup id last", sp[S_ID].type == SC_JINT && sp[S_ID].i == -7 && sp[S_ID].dup);
	CHECK("dup author cleared", sp[S_ANAME].type == SC_JNONE && sc_span_eq(&sp[S_AID], "B"));

	/* big integers pass through as written */
	s = "{\"n\":-123456789012345678901234567890}";
	CHECK("bigint", sc_scan(s, strlen(s), &top_spec, sp, S_NSLOTS) == 1 &&
	      sp[S_N].type == SC_JBIGINT && sp[S_N].len == 31);
	{
		json_t *v = sc_span_dom(&sp[S_N]);
		CHECK("bigint DOM is a real", json_is_real(v) && json_real_value(v) < -1.2e29);
		json_decref(v);
	}
	s = "{\"n\":-9223372036854775808}";
	CHECK("int64 min value", sc_scan(s, strlen(s), &top_spec, sp, S_NSLOTS) == 1 &&
	      sp[S_N].type == SC_JINT && sp[S_N].i == INT64_MIN);

	/* never reads past len: the same bytes cut short do not scan */
	s = "{\"id\":\"abc\"}";
	CHECK("cut before quote", sc_scan(s, 10, &top_spec, sp, S_NSLOTS) == -1);
	CHECK("cut before brace", sc_scan(s, 11, &top_spec, sp, S_NSLOTS) == -1);
	CHECK("whole", sc_scan(s, 12, &top_spec, sp, S_NSLOTS) == 1);
	/* a slot array smaller than the spec: slots beyond it are ignored */
	CHECK("short out", sc_scan(s, 12, &top_spec, sp, 1) == 1 && sc_span_eq(&sp[0], "abc"));
	/* the long-string word loop and a non-ASCII byte at every offset */
	{
		char big[200];
		for (size_t k = 0; k < 40; k++) {
			memset(big, 'x', sizeof(big));
			memcpy(big, "{\"text\":\"", 9);
			memcpy(big + 9 + k, "\xc5\x82", 2);
			big[9 + 60] = '"';
			big[9 + 61] = '}';
			m = sc_scan(big, 9 + 62, &top_spec, sp, S_NSLOTS);
			CHECK("word loop", m == 1 && sp[S_TEXT].len == 60);
			big[9 + k] = '\x01';
			CHECK("control at offset", sc_scan(big, 9 + 62, NULL, NULL, 0) == -1);
		}
	}
}

int
main(void)
{
	test_table();
	test_depth();
	test_spans();
	return DONE();
}
