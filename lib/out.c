/*
 * out.c - writing NDJSON.  One buffer per stream, written in 64 KiB
 * blocks, and:
 *  - to a terminal, flushed after every line;
 *  - to a pipe or socket, flushed whenever the program is about to wait
 *    for input (the line reader calls sc_out_flush_idle() before a read
 *    that would block), so `tail -f | sc-triage | sc-reply` sees every
 *    record as soon as it is done, while a batch run through a pipe
 *    costs one write per 64 KiB instead of one per line (about 5 s of
 *    system time per million lines saved);
 *  - to a regular file or /dev/null, in blocks only.
 */
#include <errno.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include "sc.h"
#include "record.h"

#define BLOCK (64 * 1024)

/* the pipe output to flush before blocking on input, if any */
static struct sc_out *idle_out;

void
sc_out_flush_idle(void)
{
	if (idle_out != NULL && idle_out->buf.len > 0)
		sc_out_flush(idle_out);
}

void
sc_out_init(struct sc_out *o, int fd)
{
	struct stat st;

	memset(o, 0, sizeof(*o));
	o->fd = fd;
	sc_buf_init(&o->buf);
	o->line_flush = 1;
	if (fstat(fd, &st) == 0) {
		if (S_ISREG(st.st_mode))
			o->line_flush = 0;
		if (S_ISFIFO(st.st_mode) || S_ISSOCK(st.st_mode)) {
			o->line_flush = 0;
			idle_out = o;
		}
		/* /dev/null: nobody is waiting for lines */
		if (S_ISCHR(st.st_mode) && major(st.st_rdev) == 1 && minor(st.st_rdev) == 3)
			o->line_flush = 0;
	}
}

int
sc_out_flush(struct sc_out *o)
{
	size_t off = 0;

	if (o->failed)
		return -1;
	while (off < o->buf.len) {
		ssize_t n = write(o->fd, o->buf.data + off, o->buf.len - off);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			o->failed = 1;
			o->err = n < 0 ? errno : EIO;
			return -1;
		}
		off += (size_t)n;
	}
	sc_buf_reset(&o->buf);
	return 0;
}

int
sc_out_write(struct sc_out *o, const char *s, size_t n)
{
	if (o->failed)
		return -1;
	sc_buf_add(&o->buf, s, n);
	if (o->buf.len >= BLOCK)
		return sc_out_flush(o);
	return 0;
}

int
sc_out_endline(struct sc_out *o)
{
	if (o->failed)
		return -1;
	sc_buf_addc(&o->buf, '\n');
	if (o->line_flush || o->buf.len >= BLOCK)
		return sc_out_flush(o);
	return 0;
}

int
sc_out_line(struct sc_out *o, const char *s, size_t n)
{
	if (sc_out_write(o, s, n) < 0)
		return -1;
	return sc_out_endline(o);
}

static int
dump_cb(const char *buffer, size_t size, void *data)
{
	sc_buf_add(data, buffer, size);
	return 0;
}

/*
 * The compact dump, written here: the bytes json_dump_callback writes with
 * JSON_COMPACT | JSON_PRESERVE_ORDER | JSON_ENCODE_ANY (members in
 * insertion order, "\u001B" escapes, integers as %lld) without its
 * callback per token; a real, whose formatting is jansson's own, is
 * still written by jansson.  test_record compares the two on many values.
 */
static void
add_json(struct sc_buf *b, const json_t *v, int depth)
{
	const char *k;
	json_t *x;
	size_t i;
	int first = 1;
	char num[32];

	if (depth > 2048) {	/* as deep as nothing sc builds; jansson decides */
		json_dump_callback(v, dump_cb, b, JSON_COMPACT | JSON_PRESERVE_ORDER | JSON_ENCODE_ANY);
		return;
	}
	switch (json_typeof(v)) {
	case JSON_OBJECT:
		sc_buf_addc(b, '{');
		json_object_foreach((json_t *)v, k, x) {
			if (!first)
				sc_buf_addc(b, ',');
			first = 0;
			sc_buf_add_json_string_j(b, k, strlen(k));
			sc_buf_addc(b, ':');
			add_json(b, x, depth + 1);
		}
		sc_buf_addc(b, '}');
		return;
	case JSON_ARRAY:
		sc_buf_addc(b, '[');
		json_array_foreach(v, i, x) {
			if (i)
				sc_buf_addc(b, ',');
			add_json(b, x, depth + 1);
		}
		sc_buf_addc(b, ']');
		return;
	case JSON_STRING:
		sc_buf_add_json_string_j(b, json_string_value(v), json_string_length(v));
		return;
	case JSON_INTEGER:
		sc_buf_add(b, num, (size_t)snprintf(num, sizeof(num), "%" JSON_INTEGER_FORMAT,
						    json_integer_value(v)));
		return;
	case JSON_TRUE:
		sc_buf_add(b, "true", 4);
		return;
	case JSON_FALSE:
		sc_buf_add(b, "false", 5);
		return;
	case JSON_NULL:
		sc_buf_add(b, "null", 4);
		return;
	default:
		json_dump_callback(v, dump_cb, b, JSON_COMPACT | JSON_PRESERVE_ORDER | JSON_ENCODE_ANY);
		return;
	}
}

void
sc_buf_add_json(struct sc_buf *b, const json_t *v)
{
	if (v != NULL)
		add_json(b, v, 0);
}

int
sc_out_json(struct sc_out *o, const json_t *v)
{
	if (o->failed)
		return -1;
	sc_buf_add_json(&o->buf, v);
	return sc_out_endline(o);
}

int
sc_out_splice(struct sc_out *o, const char *line, size_t len, const json_t *rec,
	      const char *const *keys, int nkeys)
{
	if (o->failed)
		return -1;
	if (sc_splice(&o->buf, line, len, rec, keys, nkeys) < 0)
		sc_buf_add_json(&o->buf, rec);
	return sc_out_endline(o);
}

int
sc_out_splice_rec(struct sc_out *o, struct sc_record *r, const json_t *rec,
		  const char *const *keys, int nkeys)
{
	struct sc_error e;

	if (o->failed)
		return -1;
	if (sc_record_splice(&o->buf, r, rec, keys, nkeys) < 0) {
		if (rec == NULL && (rec = sc_record_dom(r, &e)) == NULL)
			return -1;	/* cannot happen: the record was read */
		sc_buf_add_json(&o->buf, rec);
	}
	return sc_out_endline(o);
}

int
sc_out_close(struct sc_out *o)
{
	int rc = sc_out_flush(o);

	if (idle_out == o)
		idle_out = NULL;
	sc_buf_release(&o->buf);
	return rc;
}
