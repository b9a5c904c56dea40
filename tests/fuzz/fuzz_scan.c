/*
 * fuzz_scan.c - libFuzzer differential target: the validating scanner
 * (lib/scan.c) against jansson on the same bytes.
 *
 * For every input:
 *  - the scanner runs on an exact-size heap copy (ASan sees any read past
 *    the end) and on a copy followed by '"' and '}' bytes (an over-read
 *    would change the verdict there, so the two must agree);
 *  - what the scanner accepts jansson must accept (the jansson path of
 *    sc_json_parse_line), except integers beyond int64, which jansson
 *    must then accept with JSON_DECODE_INT_AS_REAL;
 *  - when both accept, the DOM built by sc_scan_dom must dump (compact,
 *    key order kept) exactly as jansson's, and every field a nested spec
 *    extracts (id, text, n, author.name, author.id) must have jansson's
 *    type and value (strings decoded, integers compared);
 *  - sc_json_parse_line with the scanner must give the same dump, or the
 *    same message, as with jansson alone.
 *  - the record layer (lib/record.c): the splice from a record's own
 *    spans (sc_record_splice, "reply" and "triage" replaced, removed or
 *    added, and with no keys) must give exactly sc_splice's bytes, and
 *    sc_record_pick must hold the DOM's values of the members it picks.
 * A difference aborts.  `make fuzz` builds build/fuzz/fuzz_scan;
 * `make fuzz-ci` runs every fuzz target briefly over tests/fuzz/corpus.
 */
#include <stdlib.h>
#include <string.h>

#include "sc.h"
#include "scan.h"
#include "record.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

enum { F_ID, F_TEXT, F_N, F_AUTHOR, F_ANAME, F_AID, F_NSLOTS };
static const struct sc_scan_field author_f[] = {
	{"name", F_ANAME, NULL}, {"id", F_AID, NULL}};
static const struct sc_scan_spec author_spec = {author_f, 2};
static const struct sc_scan_field top_f[] = {
	{"id", F_ID, NULL}, {"text", F_TEXT, NULL}, {"n", F_N, NULL},
	{"author", F_AUTHOR, &author_spec}};
static const struct sc_scan_spec top_spec = {top_f, 4};

static int
same_type(const struct sc_span *s, const json_t *v)
{
	switch (s->type) {
	case SC_JNONE: return v == NULL;
	case SC_JNULL: return json_is_null(v);
	case SC_JTRUE: return json_is_true(v);
	case SC_JFALSE: return json_is_false(v);
	case SC_JINT: return json_is_integer(v) && json_integer_value(v) == s->i;
	case SC_JREAL: return json_is_real(v);
	case SC_JSTRING: return json_is_string(v);
	case SC_JARRAY: return json_is_array(v);
	case SC_JOBJECT: return json_is_object(v);
	default: return 0;
	}
}

static void
check_field(const struct sc_span *s, const json_t *v)
{
	if (!same_type(s, v))
		abort();
	if (s->type == SC_JSTRING) {
		char *d = sc_span_strdup(s);
		size_t n = json_string_length(v);
		if (memcmp(d, json_string_value(v), n) != 0 || d[n] != '\0' ||
		    !sc_span_eq(s, json_string_value(v)))
			abort();
		free(d);
	}
	if (s->type != SC_JNONE) {
		json_t *dv = sc_span_dom(s);
		if (!json_equal(dv, (json_t *)v))
			abort();
		json_decref(dv);
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct sc_span sp[F_NSLOTS], sp2[F_NSLOTS];
	struct sc_error e1, e2;
	char *exact = malloc(size ? size : 1), *padded = malloc(size + 64);
	json_t *jv, *sv, *pv;
	int n, n2;

	memcpy(exact, data, size);
	memcpy(padded, data, size);
	for (size_t i = 0; i < 64; i++)
		padded[size + i] = (i & 1) ? '}' : '"';

	n = sc_scan(exact, size, &top_spec, sp, F_NSLOTS);
	n2 = sc_scan(padded, size, &top_spec, sp2, F_NSLOTS);
	if (n != n2)
		abort();
	sv = sc_scan_dom(exact, size);
	if ((sv != NULL) != (n >= 0))
		abort();

	sc_error_clear(&e1);
	jv = sc_json_parse_line_jansson(exact, size, &e1);
	if (n >= 0 && jv == NULL) {
		/* the one superset: integers beyond int64 */
		json_t *r = json_loadb(exact, size, JSON_DECODE_INT_AS_REAL, NULL);
		if (r == NULL || strstr(e1.text, "too big") == NULL)
			abort();
		json_decref(r);
	}
	if (jv && sv) {
		char *a = json_dumps(jv, JSON_COMPACT | JSON_PRESERVE_ORDER);
		char *b = json_dumps(sv, JSON_COMPACT | JSON_PRESERVE_ORDER);
		if (strcmp(a, b) != 0)
			abort();
		free(a);
		free(b);
		check_field(&sp[F_ID], json_object_get(jv, "id"));
		check_field(&sp[F_TEXT], json_object_get(jv, "text"));
		check_field(&sp[F_N], json_object_get(jv, "n"));
		check_field(&sp[F_AUTHOR], json_object_get(jv, "author"));
		{
			json_t *au = json_object_get(jv, "author");
			if (!json_is_object(au))
				au = NULL;
			check_field(&sp[F_ANAME], au ? json_object_get(au, "name") : NULL);
			check_field(&sp[F_AID], au ? json_object_get(au, "id") : NULL);
		}
	}
	if (n >= 0 && sv) {
		static const char *const keys[] = {"reply", "triage"};
		struct sc_record r;
		struct sc_buf a, b;
		json_t *rec = json_object(), *pick;
		int k, ra, rb;

		if (sc_record_scan(&r, exact, size) < 0)
			abort();
		json_object_set_new(rec, "reply", json_pack("{s:s}", "status", "draft"));
		for (k = 0; k < 3; k++) {
			sc_buf_init(&a);
			sc_buf_init(&b);
			ra = sc_record_splice(&a, &r, rec, keys, k == 2 ? 0 : 2);
			rb = sc_splice(&b, exact, size, rec, keys, k == 2 ? 0 : 2);
			if (ra != rb || (ra == 0 && (a.len != b.len || memcmp(a.data, b.data, a.len))))
				abort();
			sc_buf_release(&a);
			sc_buf_release(&b);
			json_object_set_new(rec, "triage", json_integer(k));
			if (k == 1)
				json_object_del(rec, "reply");
		}
		pick = sc_record_pick(&r, SC_R_BIT(SC_R_ID) | SC_R_BIT(SC_R_TEXT) |
					  SC_R_BIT(SC_R_AUTHOR) | SC_R_BIT(SC_R_REPLY));
		if (pick == NULL)
			abort();
		{
			static const char *const picked[] = {"id", "text", "author", "reply"};
			for (k = 0; k < 4; k++)
				if (!json_equal(json_object_get(pick, picked[k]),
						json_object_get(sv, picked[k])) &&
				    (json_object_get(pick, picked[k]) || json_object_get(sv, picked[k])))
					abort();
		}
		json_decref(pick);
		json_decref(rec);
		sc_record_release(&r);
	}
	/* the public entry point: the scanner, or jansson's verdict */
	sc_error_clear(&e2);
	pv = sc_json_parse_line(exact, size, &e2);
	if (pv == NULL && (jv != NULL || strcmp(e1.text, e2.text) != 0))
		abort();
	if (pv && jv && !json_equal(pv, jv))
		abort();
	json_decref(pv);
	json_decref(jv);
	json_decref(sv);
	free(exact);
	free(padded);
	return 0;
}
