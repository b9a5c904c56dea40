/*
 * fuzz_lib.c - libFuzzer target for the parsers every program shares:
 * the line reader (through a pipe-free memfd), sc_json_parse_line,
 * sc_record_check, sc_time_parse, and the CSV reader fed in chunks whose
 * sizes come from the input itself.  `make fuzz` builds it with the
 * other targets; `make fuzz-ci` runs each (tests/fuzz/run).
 */
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "sc.h"

static int
count_row(void *ctx, const struct sc_csv_row *row)
{
	size_t *n = ctx;
	*n += row->nfields;
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct sc_error e;
	struct sc_reader r;
	const char *line;
	size_t len, nf = 0;
	int fd;

	/* reader + record parse over the whole input */
	fd = memfd_create("fuzz", 0);
	if (fd >= 0) {
		if (write(fd, data, size) == (ssize_t)size) {
			lseek(fd, 0, SEEK_SET);
			sc_reader_init(&r, fd, "fuzz", 256);
			while (sc_reader_next(&r, &line, &len, &e) == 1) {
				json_t *v = sc_json_parse_line(line, len, &e);
				if (v) {
					sc_record_check(v, &e);
					json_decref(v);
				}
				/* exactly the line's length: a read past it is caught */
				char *buf = malloc(len + 1);
				memcpy(buf, line, len);
				buf[len] = '\0';
				int64_t t;
				if (sc_time_parse(buf, &t) == 0) {
					char out[32];
					sc_time_format(t, out);
				}
				free(buf);
			}
			sc_reader_release(&r);
		}
		close(fd);
	}
	/* CSV in chunks of size (first byte % 7) + 1 */
	struct sc_csv *c = sc_csv_new(',', count_row, &nf);
	size_t chunk = size ? (size_t)(data[0] % 7) + 1 : 1;
	for (size_t off = 0; off < size; off += chunk)
		if (sc_csv_feed(c, (const char *)data + off, off + chunk > size ? size - off : chunk, &e) != 0)
			break;
	sc_csv_finish(c, &e);
	sc_csv_free(c);
	return 0;
}
