/*
 * test_record.c - unit tests for the record layer (lib/record.c): the
 * span-based record check against sc_record_check on the same lines, the
 * fields a record scan fills, the DOM fallback, and sc_splice.
 */
#include <stdlib.h>
#include <string.h>

#include <unistd.h>

#include "check.h"
#include "cli.h"
#include "record.h"

static const char *check_lines[] = {
	"{\"sc\":1,\"id\":\"a\",\"kind\":\"comment\",\"created_at\":\"2026-11-20T10:00:00Z\","
	"\"platform\":\"x\",\"text\":\"t\",\"author\":{}}",
	"{\"sc\":1,\"id\":\"a\",\"kind\":\"status\",\"created_at\":\"2026-11-20T10:00:00Z\"}",
	"{\"sc\":\"raw\"}",
	"{\"sc\":2}",
	"{\"sc\":1.0,\"id\":\"a\"}",
	"{\"sc\":123456789012345678901234567890}",
	"{\"id\":\"a\"}",
	"{\"sc\":1}",
	"{\"sc\":1,\"id\":\"\"}",
	"{\"sc\":1,\"id\":7}",
	"{\"sc\":1,\"id\":\"a\",\"kind\":\"comment\"}",
	"{\"sc\":1,\"id\":\"a\",\"kind\":\"comment\",\"created_at\":\"yesterday \\u00e9\"}",
	"{\"sc\":1,\"id\":\"a\",\"kind\":\"comment\",\"created_at\":\"2026-11-20T10:00:00Z\"}",
	"{\"sc\":1,\"id\":\"a\",\"kind\":\"st\\u0061tus\",\"created_at\":\"1700000000\"}",
	"{\"sc\":1,\"id\":\"a\",\"kind\":\"comment\",\"created_at\":\"2026-11-20T10:00:00Z\","
	"\"platform\":\"x\",\"text\":null,\"author\":{}}",
	"{\"sc\":1,\"id\":\"a\",\"kind\":\"comment\",\"created_at\":\"2026-11-20T10:00:00Z\","
	"\"platform\":\"x\",\"text\":\"\",\"author\":[]}",
	"{\"sc\":1,\"sc\":\"raw\"}",
};

static void
test_check(void)
{
	size_t i;

	for (i = 0; i < sizeof(check_lines) / sizeof(check_lines[0]); i++) {
		const char *l = check_lines[i];
		struct sc_record r;
		struct sc_error e1, e2;
		json_t *v = json_loads(l, JSON_DECODE_INT_AS_REAL * (strstr(l, "1234567890123") != NULL), NULL);
		int a, b;

		sc_error_clear(&e1);
		sc_error_clear(&e2);
		CHECK(l, sc_record_scan(&r, l, strlen(l)) == 0);
		a = sc_record_check_spans(&r, &e1);
		b = sc_record_check(v, &e2);
		printf("# %s: %d %s\n", l, a, e1.text);
		CHECK(l, a == b);
		CHECK(l, strcmp(e1.text, e2.text) == 0);
		json_decref(v);
		sc_record_release(&r);
	}
}

static void
test_fields(void)
{
	const char *l = "{\"sc\":1,\"id\":\"fb:1\",\"created_at\":\"2026-11-20T10:00:01Z\","
			"\"author\":{\"name\":\"Ala \\u0141\",\"is_brand\":true},\"text\":\"hej\"}";
	struct sc_record r;
	struct sc_error e;
	char buf[32];
	json_t *d;

	sc_error_clear(&e);
	CHECK("scan", sc_record_scan(&r, l, strlen(l)) == 0);
	CHECK("members", r.nmembers == 5);
	CHECK("created_at parsed once", r.has_t && r.t == 1795168801);
	CHECK("id", sc_span_eq(&r.f[SC_R_ID], "fb:1"));
	CHECK("author.name decoded",
	      strcmp(sc_record_str(&r, SC_R_AUTHOR_NAME, buf, sizeof(buf)), "Ala \xc5\x81") == 0);
	CHECK("too small a buffer", sc_record_str(&r, SC_R_AUTHOR_NAME, buf, 4) == NULL);
	CHECK("is_brand", r.f[SC_R_AUTHOR_BRAND].type == SC_JTRUE);
	CHECK("absent", r.f[SC_R_THREAD].type == SC_JNONE && r.f[SC_R_REPLY].type == SC_JNONE);
	d = sc_record_dom(&r, &e);
	CHECK("dom built", json_is_object(d) && json_object_size(d) == 5);
	CHECK("dom built once", sc_record_dom(&r, &e) == d);
	sc_record_release(&r);

	/* deeper than the scanner goes: through jansson's DOM */
	{
		struct sc_buf b;
		json_t *v;
		int k;
		sc_buf_init(&b);
		sc_buf_adds(&b, "{\"id\":\"deep\",\"x\":");
		for (k = 0; k < 600; k++)
			sc_buf_addc(&b, '[');
		for (k = 0; k < 600; k++)
			sc_buf_addc(&b, ']');
		sc_buf_addc(&b, '}');
		CHECK("deep: scanner declines", sc_record_scan(&r, b.data, b.len) < 0);
		v = sc_json_parse_line(b.data, b.len, &e);
		CHECK("deep: jansson accepts", v != NULL);
		CHECK("deep: not from a dump the scanner declines",
		      sc_record_from_dom(&r, v) < 0);
		json_decref(v);
		sc_buf_release(&b);
		v = json_loads("{\"id\":\"\\u00e9\",\"n\":1}", 0, NULL);
		CHECK("from dom", sc_record_from_dom(&r, v) == 0 && sc_span_eq(&r.f[SC_R_ID], "\xc3\xa9"));
		CHECK("from dom keeps it", sc_record_dom(&r, &e) == v);
		json_decref(v);
		sc_record_release(&r);
	}
}

/* splice line with rec (given as JSON text) for keys; the output or "-1" */
static char *
splice(const char *line, const char *rec, const char *const *keys, int nkeys)
{
	json_t *v = json_loads(rec, 0, NULL);
	struct sc_buf b;
	char *o;

	sc_buf_init(&b);
	sc_buf_adds(&b, "<");
	if (sc_splice(&b, line, strlen(line), v, keys, nkeys) < 0)
		sc_buf_adds(&b, "-1");
	o = sc_xstrdup(b.data);
	sc_buf_release(&b);
	json_decref(v);
	return o;
}

static void
test_splice(void)
{
	static const char *const reply[] = {"reply"};
	static const char *const two[] = {"text", "triage"};
	struct {
		const char *name, *line, *rec;
		const char *const *keys;
		int nkeys;
		const char *want;
	} t[] = {
		{"added", "{\"n\":1.10,\"s\":\"\\/\\u0041\"}", "{\"reply\":{\"a\":1}}", reply, 1,
		 "<{\"n\":1.10,\"s\":\"\\/\\u0041\",\"reply\":{\"a\":1}}"},
		{"replaced in place", "{\"a\":1e3,\"reply\":{\"old\":1.10},\"b\":-0}",
		 "{\"reply\":\"new\"}", reply, 1, "<{\"a\":1e3,\"reply\":\"new\",\"b\":-0}"},
		{"string replaced", "{\"reply\":\"x\\\"y\",\"b\":2}", "{\"reply\":[1]}", reply, 1,
		 "<{\"reply\":[1],\"b\":2}"},
		{"empty object", " {} ", "{\"reply\":true}", reply, 1, "<{\"reply\":true}"},
		{"no keys: compact copy", "  { \"a\" : [ 1 , \"x y\" ] ,\t\"b\":{ } }\r",
		 "{}", NULL, 0, "<{\"a\":[1,\"x y\"],\"b\":{}}"},
		{"two keys, out of order", "{\"triage\":1,\"text\":\"a\",\"z\":0.50}",
		 "{\"text\":\"b\",\"triage\":{\"p\":2}}", two, 2,
		 "<{\"triage\":{\"p\":2},\"text\":\"b\",\"z\":0.50}"},
		{"both added", "{\"z\":1}", "{\"text\":\"b\",\"triage\":2}", two, 2,
		 "<{\"z\":1,\"text\":\"b\",\"triage\":2}"},
		{"absent in both", "{\"z\":1}", "{}", reply, 1, "<{\"z\":1}"},
		{"removed, only member", "{\"reply\":1}", "{}", reply, 1, "<{}"},
		{"removed, first", "{\"reply\":1 , \"a\":2}", "{}", reply, 1, "<{\"a\":2}"},
		{"removed, last", "{\"a\":2,\"reply\":\"x\"}", "{}", reply, 1, "<{\"a\":2}"},
		{"removed, middle", "{\"a\":2,\"reply\":[],\"b\":3}", "{}", reply, 1,
		 "<{\"a\":2,\"b\":3}"},
		{"removed two, last ones", "{\"a\":0.10,\"text\":\"t\",\"triage\":{}}", "{}", two, 2,
		 "<{\"a\":0.10}"},
		{"removed one, replaced one", "{\"triage\":{},\"a\":1e3,\"text\":\"t\"}",
		 "{\"text\":\"T\"}", two, 2, "<{\"a\":1e3,\"text\":\"T\"}"},
		{"removed all, added", "{\"triage\":{}}", "{\"text\":\"T\"}", two, 2,
		 "<{\"text\":\"T\"}"},
		{"duplicate: refused", "{\"reply\":1,\"reply\":2}", "{\"reply\":3}", reply, 1, "<-1"},
		{"newline: refused", "{\"a\":\n1}", "{\"reply\":3}", reply, 1, "<-1"},
		{"invalid: refused", "{\"a\":01}", "{\"reply\":3}", reply, 1, "<-1"},
	};
	size_t i;

	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		char *got = splice(t[i].line, t[i].rec, t[i].keys, t[i].nkeys);
		CHECK(t[i].name, strcmp(got, t[i].want) == 0);
		if (strcmp(got, t[i].want) != 0)
			printf("# got %s\n", got);
		free(got);
	}
}

static int
count_rec(void *ctx, struct sc_input *in, const struct sc_line *l, struct sc_record *r)
{
	int *n = ctx;
	char buf[64];

	(void)in;
	CHECK("loop: spans", r->has_t && strcmp(sc_record_str(r, SC_R_ID, buf, sizeof(buf)),
						 l->lineno == 1 ? "a" : "b") == 0);
	(*n)++;
	return 0;
}

/* the one record loop: good lines reach the callback, bad ones are rejected */
static void
test_loop(void)
{
	char path[] = "/tmp/sc-test-record-XXXXXX";
	const char *text =
		"{\"sc\":1,\"id\":\"a\",\"kind\":\"status\",\"created_at\":\"2026-11-20T10:00:00Z\"}\n"
		"{\"sc\":1,\"id\":\"b\",\"kind\":\"status\",\"created_at\":\"2026-11-20T10:00:00Z\",\"n\":1\0}\n"
		"{\"sc\":1,\"id\":01}\n"
		"{\"sc\":1,\"id\":\"c\"}\n";
	size_t len = 70 + 77 + 17 + 18;
	struct sc_input in;
	char *files[1] = {path};
	int fd = mkstemp(path), n = 0;

	CHECK("loop: temp file", fd >= 0 && write(fd, text, len) == (ssize_t)len);
	close(fd);
	sc_input_init(&in);
	CHECK("loop: runs", sc_input_each_rec(&in, files, 1, 1, count_rec, &n) == 0);
	/* line 2 (a NUL after a number) only jansson accepts: read through its DOM */
	CHECK("loop: two records", n == 2);
	CHECK("loop: two rejected", in.nrejected == 2 && in.status == SC_EX_DATAERR);
	unlink(path);
}

/* jansson's dump with the hex of its \u00XX escapes in lower case, as
   sc_buf_add_json_string has always written them (sc-normalize's
   output) */
static void
lower_hex(char *s)
{
	for (; *s; s++)
		if (s[0] == '\\' && s[1] == '\\')
			s++;
		else if (s[0] == '\\' && s[1] == 'u' && s[2] && s[3] && s[4] && s[5]) {
			int k;
			for (k = 2; k < 6; k++)
				if (s[k] >= 'A' && s[k] <= 'F')
					s[k] = (char)(s[k] - 'A' + 'a');
			s += 5;
		}
}

/* sc_buf_add_json_string (word at a time) writes what jansson's compact
   dump writes (but for that hex case), on every ASCII byte at every
   offset of an 8-byte word, UTF-8 and long runs; sc_time_format (by
   hand) as snprintf did. */
static void
test_writer(void)
{
	static const char *const samples[] = {
		"", "a", "abcdefg", "abcdefgh", "abcdefghi", "\"", "\\", "ab\"cd\\ef\"",
		"zażółć gęślą jaźń \xe2\x80\x9e\xf0\x9f\x98\x8a", "/slash/", "\x7f\x7f\x7f",
		"line\nbreak\ttab\rcr\bbs\fff", "0123456789abcdef0123456789abcdef\x01",
	};
	struct sc_buf b;
	char in[40], t[32];
	size_t i, k;
	int c, bad = 0;

	sc_buf_init(&b);
	for (c = 1; c < 0x80; c++)
		for (k = 0; k < 17; k++) {
			json_t *v;
			char *want;

			memset(in, 'x', sizeof(in));
			in[k] = (char)c;
			v = json_stringn(in, 20);
			want = json_dumps(v, JSON_COMPACT | JSON_ENCODE_ANY);
			lower_hex(want);
			sc_buf_reset(&b);
			sc_buf_add_json_string(&b, in, 20);
			if (strcmp(b.data, want) != 0) {
				fprintf(stderr, "byte %#x at %zu: %s, want %s\n", c, k, b.data, want);
				bad++;
			}
			free(want);
			json_decref(v);
		}
	for (i = 0; i < sizeof(samples) / sizeof(samples[0]); i++) {
		json_t *v = json_string(samples[i]);
		char *want = json_dumps(v, JSON_COMPACT | JSON_ENCODE_ANY);

		lower_hex(want);
		sc_buf_reset(&b);
		sc_buf_add_json_string(&b, samples[i], strlen(samples[i]));
		if (strcmp(b.data, want) != 0) {
			fprintf(stderr, "sample %zu: %s, want %s\n", i, b.data, want);
			bad++;
		}
		free(want);
		json_decref(v);
	}
	sc_buf_release(&b);
	CHECK("json string writer as jansson", bad == 0);
	sc_time_format(0, t);
	CHECK("time 0", strcmp(t, "1970-01-01T00:00:00Z") == 0);
	sc_time_format(1763200008, t);
	CHECK("time 2025", strcmp(t, "2025-11-15T09:46:48Z") == 0);
	sc_time_format(253402300799LL, t);
	CHECK("time 9999", strcmp(t, "9999-12-31T23:59:59Z") == 0);
	sc_time_format(-1, t);
	CHECK("time before 1970", strcmp(t, "1969-12-31T23:59:59Z") == 0);
	sc_time_format(253402300800LL, t);
	CHECK("time 10000 (snprintf)", strcmp(t, "10000-01-01T00:00:00Z") == 0);
}

/* sc_buf_add_json (the own compact dump) writes exactly jansson's
   compact dump on many values: escapes, UTF-8, numbers, nesting, order. */
static void
test_dump(void)
{
	static const char *const docs[] = {
		"{}", "[]", "{\"a\":[]}", "[{},[],null,true,false]", "0", "-1",
		"9223372036854775807", "-9223372036854775808", "1.10", "1e3", "-0.67", "0.1",
		"1e300", "-0.0", "1.5e-300", "123456789.123456789", "\"\"",
		"\"\\u0001\\u001f\\u001B\\u007f \\b\\f\\n\\r\\t \\\" \\\\ \\/\"",
		"\"za\u017c\u00f3\u0142\u0107 \u2028 \\u2029 \\ud83d\\ude0a \u20ac\"",
		"{\"z\":1,\"a\":2,\"m\":{\"y\":[1,2.5,\"x\"],\"b\":null}}",
		"{\"k\\u001b\\\"ey\":\"v\",\"\u0142\":\"\u0142\"}",
		"{\"reply\":{\"status\":\"draft\",\"variant\":2,\"length\":180,\"limit\":280,"
		"\"choice\":{\"won\":{\"template\":\"t\",\"specificity\":3},\"close\":[]},"
		"\"shortened\":true,\"text\":\"Cze\u015b\u0107 Marku,\\nok\"}}",
		"[[[[[[[[[[1]]]]]]]]]]",
	};
	struct sc_buf b;
	size_t i;
	int bad = 0;

	sc_buf_init(&b);
	for (i = 0; i < sizeof(docs) / sizeof(docs[0]); i++) {
		json_error_t je;
		json_t *v = json_loads(docs[i], JSON_DECODE_ANY, &je);
		char *want;

		if (v == NULL) {
			fprintf(stderr, "doc %zu does not load: %s\n", i, je.text);
			bad++;
			continue;
		}
		want = json_dumps(v, JSON_COMPACT | JSON_PRESERVE_ORDER | JSON_ENCODE_ANY);
		sc_buf_reset(&b);
		sc_buf_add(&b, "", 0);
		sc_buf_add_json(&b, v);
		if (strcmp(b.data, want) != 0) {
			fprintf(stderr, "doc %zu: %s, want %s\n", i, b.data, want);
			bad++;
		}
		free(want);
		json_decref(v);
	}
	/* every control byte, and objects built in an order other than sorted */
	{
		json_t *o = json_object();
		char in[2] = {0, 0}, *want;
		int c;

		for (c = 1; c < 0x20; c++) {
			char key[16];
			in[0] = (char)c;
			snprintf(key, sizeof(key), "%c%d", 'z' - c % 26, c);
			json_object_set_new(o, key, json_string(in));
		}
		json_object_set_new(o, "int", json_integer(-42));
		json_object_set_new(o, "real", json_real(2.0 / 3.0));
		want = json_dumps(o, JSON_COMPACT | JSON_PRESERVE_ORDER | JSON_ENCODE_ANY);
		sc_buf_reset(&b);
		sc_buf_add(&b, "", 0);
		sc_buf_add_json(&b, o);
		if (strcmp(b.data, want) != 0) {
			fprintf(stderr, "controls: %s, want %s\n", b.data, want);
			bad++;
		}
		free(want);
		json_decref(o);
	}
	sc_buf_release(&b);
	CHECK("compact dump as jansson's", bad == 0);
}

int
main(void)
{
	test_dump();
	test_writer();
	test_check();
	test_loop();
	test_fields();
	test_splice();
	return DONE();
}
