/*
 * ndjson.c - reading records.
 *
 * The reader owns one buffer (64 KiB to start, doubling up to the line
 * cap) over a file descriptor and hands out lines in place: no copy for a
 * line that fits, memchr() to find newlines.  A line longer than the cap
 * is never held whole: its first max_line bytes are returned with
 * too_long set and the rest streamed to r->overflow or dropped, so memory
 * is bounded by the cap whatever the input.
 *
 * sc_json_parse_line() is the single entry point for turning a line into
 * a json_t.  It builds the object with the validating scanner (scan.c);
 * a line the scanner does not accept goes the old way, the UTF-8 check
 * and jansson, which give the verdict and the message.  SC_JSON=jansson
 * in the environment selects the old way for every line (the test suite
 * runs the CLI cases both ways).
 */
#include <errno.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "sc.h"
#include "scan.h"

#define CHUNK (64 * 1024)

void
sc_reader_init(struct sc_reader *r, int fd, const char *name, size_t max_line)
{
	memset(r, 0, sizeof(*r));
	r->fd = fd;
	r->name = name;
	r->max_line = max_line ? max_line : SC_MAX_LINE_DEFAULT;
	r->cap = CHUNK;
	r->buf = sc_xmalloc(r->cap + 1);
	sc_buf_init(&r->longline);
}

void
sc_reader_release(struct sc_reader *r)
{
	free(r->buf);
	r->buf = NULL;
	sc_buf_release(&r->longline);
}

/* Read more bytes into the buffer; returns bytes read, 0 at EOF, -1 error. */
static ssize_t
fill(struct sc_reader *r, struct sc_error *e)
{
	ssize_t n;

	if (r->start > 0 && r->start == r->end) {
		r->start = r->end = 0;
	} else if (r->start > 0 && r->end == r->cap) {
		memmove(r->buf, r->buf + r->start, r->end - r->start);
		r->end -= r->start;
		r->start = 0;
	}
	if (r->end == r->cap) {
		r->cap *= 2;
		r->buf = sc_xrealloc(r->buf, r->cap + 1);
	}
	{
		/* about to wait for input: let the pipe downstream have what
		   we have written so far */
		struct pollfd p = {.fd = r->fd, .events = POLLIN};
		if (poll(&p, 1, 0) == 0)
			sc_out_flush_idle();
	}
	do {
		n = read(r->fd, r->buf + r->end, r->cap - r->end);
	} while (n < 0 && errno == EINTR);
	if (n < 0) {
		sc_error_set(e, SC_EX_IOERR, r->name, r->lineno, 0, "read error: %s",
			     strerror(errno));
		return -1;
	}
	if (n == 0)
		r->eof = 1;
	r->end += (size_t)n;
	return n;
}

/* Skip (or copy to overflow) the rest of an over-long line. */
static int
skip_rest(struct sc_reader *r, struct sc_error *e)
{
	for (;;) {
		char *nl = memchr(r->buf + r->start, '\n', r->end - r->start);
		size_t upto = nl ? (size_t)(nl - r->buf) : r->end;
		if (r->overflow)
			fwrite(r->buf + r->start, 1, upto - r->start, r->overflow);
		if (nl) {
			r->start = upto + 1;
			return 0;
		}
		r->start = r->end = 0;
		if (r->eof)
			return 0;
		if (fill(r, e) < 0)
			return -1;
		if (r->eof && r->start == r->end) {
			r->no_newline = 1;
			return 0;
		}
	}
}

int
sc_reader_next(struct sc_reader *r, const char **line, size_t *len,
	       struct sc_error *e)
{
	size_t scanned = 0;

	r->too_long = 0;
	r->no_newline = 0;
	for (;;) {
		char *p = r->buf + r->start;
		size_t avail = r->end - r->start;
		char *nl = memchr(p + scanned, '\n', avail - scanned);

		if (nl) {
			size_t n = (size_t)(nl - p);
			r->lineno++;
			if (n > r->max_line) {
				r->too_long = 1;
				n = r->max_line;
			}
			if (r->too_long && r->overflow) {
				fwrite(p, 1, (size_t)(nl - p), r->overflow);
				fputc('\n', r->overflow);
			}
			*line = p;
			*len = n;
			r->start += (size_t)(nl - p) + 1;
			return 1;
		}
		scanned = avail;
		if (avail > r->max_line) {
			/* over the cap: hand out the head, stream the rest */
			r->lineno++;
			r->too_long = 1;
			sc_buf_reset(&r->longline);
			sc_buf_add(&r->longline, p, r->max_line);
			if (r->overflow)
				fwrite(p, 1, avail, r->overflow);
			r->start = r->end = 0;
			if (!r->eof && skip_rest(r, e) < 0)
				return -1;
			if (r->overflow)
				fputc('\n', r->overflow);
			*line = r->longline.data;
			*len = r->longline.len;
			return 1;
		}
		if (r->eof) {
			if (avail == 0)
				return 0;
			r->lineno++;
			r->no_newline = 1;
			*line = p;
			*len = avail;
			r->start = r->end;
			return 1;
		}
		if (fill(r, e) < 0)
			return -1;
	}
}

int
sc_json_use_jansson(void)
{
	static int use = -1;

	if (use < 0) {
		const char *v = getenv("SC_JSON");
		use = v != NULL && strcmp(v, "jansson") == 0;
	}
	return use;
}

json_t *
sc_json_parse_line(const char *line, size_t len, struct sc_error *e)
{
	json_t *v;

	if (!sc_json_use_jansson() && (v = sc_scan_dom(line, len)) != NULL)
		return v;
	return sc_json_parse_line_jansson(line, len, e);
}

json_t *
sc_json_parse_line_jansson(const char *line, size_t len, struct sc_error *e)
{
	json_error_t je;
	json_t *v;
	long bad;

	bad = sc_utf8_invalid_at(line, len);
	if (bad >= 0) {
		sc_error_set(e, SC_EX_DATAERR, NULL, 0, bad + 1,
			     "invalid UTF-8 at byte %ld", bad + 1);
		return NULL;
	}
	v = json_loadb(line, len, 0, &je);
	if (v == NULL) {
		sc_error_set(e, SC_EX_DATAERR, NULL, 0, je.column,
			     "invalid JSON at column %d: %s", je.column, je.text);
		return NULL;
	}
	if (!json_is_object(v)) {
		json_decref(v);
		sc_error_set(e, SC_EX_DATAERR, NULL, 0, 1, "not a JSON object");
		return NULL;
	}
	return v;
}

const char *
sc_json_str(const json_t *o, const char *key)
{
	return json_string_value(json_object_get(o, key));
}

json_t *
sc_json_path(const json_t *o, const char *path)
{
	char key[128];
	const char *dot;

	while (o && (dot = strchr(path, '.')) != NULL) {
		size_t n = (size_t)(dot - path);
		if (n >= sizeof(key))
			return NULL;
		memcpy(key, path, n);
		key[n] = '\0';
		o = json_object_get(o, key);
		path = dot + 1;
	}
	return o ? json_object_get(o, path) : NULL;
}

const char *
sc_json_path_str(const json_t *o, const char *path)
{
	return json_string_value(sc_json_path(o, path));
}

static int
need_string(const json_t *rec, const char *key, struct sc_error *e)
{
	json_t *v = json_object_get(rec, key);

	if (v == NULL)
		return sc_error_set(e, SC_EX_DATAERR, NULL, 0, 0,
				    "record has no \"%s\"", key);
	if (!json_is_string(v) || json_string_length(v) == 0)
		return sc_error_set(e, SC_EX_DATAERR, NULL, 0, 0,
				    "record field \"%s\" must be a non-empty string", key);
	return 0;
}

int
sc_record_check(const json_t *rec, struct sc_error *e)
{
	json_t *sc = json_object_get(rec, "sc");
	const char *kind, *created;
	int64_t t;

	if (!json_is_integer(sc) || json_integer_value(sc) != 1) {
		if (json_is_string(sc) && strcmp(json_string_value(sc), "raw") == 0)
			return sc_error_set(e, SC_EX_DATAERR, NULL, 0, 0,
					    "raw sc-fetch envelope, not a record (run sc-normalize first)");
		return sc_error_set(e, SC_EX_DATAERR, NULL, 0, 0,
				    "not an sc record (\"sc\" must be 1)");
	}
	if (need_string(rec, "id", e) < 0 || need_string(rec, "kind", e) < 0 ||
	    need_string(rec, "created_at", e) < 0)
		return -1;
	created = sc_json_str(rec, "created_at");
	if (sc_time_parse(created, &t) < 0)
		return sc_error_set(e, SC_EX_DATAERR, NULL, 0, 0,
				    "bad created_at \"%s\"", created);
	if (!sc_time_is_utc(created))
		return sc_error_set(e, SC_EX_DATAERR, NULL, 0, 0, SC_NOT_UTC_FMT, created);
	kind = sc_json_str(rec, "kind");
	/* status and survey records carry no message (sc(7)) */
	if (strcmp(kind, "status") == 0 || strcmp(kind, "survey") == 0)
		return 0;
	if (need_string(rec, "platform", e) < 0)
		return -1;
	if (!json_is_string(json_object_get(rec, "text")))
		return sc_error_set(e, SC_EX_DATAERR, NULL, 0, 0,
				    "record has no \"text\" string");
	if (!json_is_object(json_object_get(rec, "author")))
		return sc_error_set(e, SC_EX_DATAERR, NULL, 0, 0,
				    "record has no \"author\" object");
	return 0;
}
