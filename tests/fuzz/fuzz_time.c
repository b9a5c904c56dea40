/*
 * fuzz_time.c - timestamps, durations and the strict option parsers, each
 * line in a heap buffer of exactly its length (issue 18 #1).
 */
#include "fuzz.h"

static void
one(void *ctx, const char *s, size_t n)
{
	int64_t t, d;
	long l;
	size_t z;
	char out[32];

	(void)ctx;
	(void)n;
	if (sc_time_parse(s, &t) == 0)
		sc_time_format(t, out);
	(void)sc_time_is_utc(s);
	sc_duration_read(s, &d);
	if (sc_time_or_ago_parse(s, 1800000000, &t) == 0)
		sc_time_format(t, out);
	sc_parse_long(s, LONG_MIN, LONG_MAX, &l);
	sc_parse_size(s, 0, SIZE_MAX, &z);
	{
		const char *p = s, *item;
		while (sc_list_next(&p, &item) > 0)
			;
	}
	{
		json_t *v = json_string(s);
		if (v) {
			sc_time_parse_json(v, &t);
			json_decref(v);
		}
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	fuzz_lines(data, size, one, NULL);
	return 0;
}
