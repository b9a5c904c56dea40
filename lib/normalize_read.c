/*
 * normalize_read.c - reading one input for sc-normalize.  The first
 * non-blank line decides: a line that parses, or one that does not start
 * with '{' or '[', means NDJSON (one value per line, each parsed once);
 * a first line that opens a JSON value it does not close means the input
 * is a sequence of documents (pretty-printed API responses saved by
 * hand); a header line "tweet_id,author_id,inbound" means twcs.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "normalize_int.h"


static int
opens_value(const char *s, size_t n)
{
	size_t i = 0;

	/* a UTF-8 BOM is tolerated in front of a document */
	if (n >= 3 && memcmp(s, "\xef\xbb\xbf", 3) == 0)
		i = 3;
	while (i < n && (s[i] == ' ' || s[i] == '\t' || s[i] == '\r'))
		i++;
	return i < n && (s[i] == '{' || s[i] == '[');
}

static int
opens_array(const char *s, size_t n)
{
	size_t i = 0;

	while (i < n && (s[i] == ' ' || s[i] == '\t'))
		i++;
	return i < n && s[i] == '[';
}

static void
one_line(struct sc_norm *n, const char *text, size_t len, int no_newline)
{
	struct sc_error e;
	json_t *v;

	sc_error_clear(&e);
	if (opens_array(text, len)) {
		/* a page of items on one line, as pretty-printed ones are read */
		json_error_t je;
		v = json_loadb(text, len, 0, &je);
		if (v == NULL)
			sc_error_set(&e, SC_EX_DATAERR, NULL, 0, je.column,
				     "invalid JSON at column %d: %s", je.column, je.text);
	} else {
		v = sc_json_parse_line(text, len, &e);
	}
	if (v == NULL) {
		if (no_newline)
			sc_norm_reject(n, n->lineno, text, len,
			       "truncated last line (no newline at end): %s", e.text);
		else
			sc_norm_reject(n, n->lineno, text, len, "%s", e.text);
		return;
	}
	sc_norm_value(n, v, text, len);
	json_decref(v);
}

/*
 * Documents, streamed.  A scanner finds where each top-level value ends
 * (brackets outside strings), so one document at a time is held and
 * parsed: memory is the largest document plus its jansson tree (about 8
 * times its size), and --max-doc caps each document, not the file.  A
 * document over the cap is copied to --rejects as it streams by, never
 * held.  A document still open at the end of the input is resynchronised
 * at the next line that starts with '{' or '['.
 */
struct docs {
	struct sc_norm *n;
	int fd;			/* -1 once everything is in b */
	const char *name;
	struct sc_buf b;	/* b.data[off..b.len) is not consumed yet */
	size_t off, pos;	/* start of the current unit, scan position */
	long line;		/* line at pos */
	int depth, instr, esc;
};

/* Read more into d->b; 0 at end of input, -1 on error, else 1. */
static int
docs_more(struct docs *d)
{
	struct sc_norm *n = d->n;
	ssize_t got;
	size_t want;

	if (d->fd < 0)
		return 0;
	if (d->off > 0 && d->off >= d->b.len / 2) {	/* drop what is consumed */
		memmove(d->b.data, d->b.data + d->off, d->b.len - d->off);
		d->b.len -= d->off;
		d->pos -= d->off;
		d->off = 0;
	}
	sc_buf_grow(&d->b, 64 * 1024);
	want = d->b.cap - d->b.len - 1;
	if (n->o.read_chunk && want > n->o.read_chunk)
		want = n->o.read_chunk;
	do
		got = read(d->fd, d->b.data + d->b.len, want);
	while (got < 0 && errno == EINTR);
	if (got < 0) {
		n->failed = 1;
		sc_error_set(&n->err, SC_EX_IOERR, d->name, 0, 0, "read error: %s",
			     strerror(errno));
		return -1;
	}
	if (got == 0) {
		d->fd = -1;
		return 0;
	}
	d->b.len += (size_t)got;
	d->b.data[d->b.len] = '\0';
	return 1;
}

/* Scan from d->pos to the end of the current value: 1 when it closed
   (d->pos just after it), 0 when the buffer ended first. */
static int
docs_scan(struct docs *d)
{
	const char *p = d->b.data;

	for (; d->pos < d->b.len; d->pos++) {
		char ch = p[d->pos];
		if (ch == '\n')
			d->line++;
		if (d->instr) {
			if (d->esc)
				d->esc = 0;
			else if (ch == '\\')
				d->esc = 1;
			else if (ch == '"')
				d->instr = 0;
		} else if (ch == '"') {
			d->instr = 1;
		} else if (ch == '{' || ch == '[') {
			d->depth++;
		} else if ((ch == '}' || ch == ']') && --d->depth == 0) {
			d->pos++;
			return 1;
		}
	}
	return 0;
}

static void
docs_bad(struct docs *d, long start_line, const char *raw, size_t len, const json_error_t *je)
{
	while (len > 0 && (raw[len - 1] == '\n' || raw[len - 1] == '\r'))
		len--;
	if (je->line > 0)
		sc_norm_reject(d->n, start_line, raw, len, "invalid JSON at line %ld, column %d: %s",
			       start_line + je->line - 1, je->column, je->text);
	else
		sc_norm_reject(d->n, start_line, raw, len, "invalid JSON: %s", je->text);
}

/* A document over --max-doc: stream the rest of it to the overflow file. */
static void
docs_skip(struct docs *d, long start_line, int closed)
{
	struct sc_norm *n = d->n;

	for (;;) {
		if (!closed)
			closed = docs_scan(d);
		if (n->overflow)
			fwrite(d->b.data + d->off, 1, d->pos - d->off, n->overflow);
		d->off = d->pos;
		if (closed || docs_more(d) <= 0)
			break;
	}
	if (n->overflow) {
		fputc('\n', n->overflow);
		fflush(n->overflow);
	}
	sc_norm_reject(n, start_line, NULL, 0, "document too large (over %zu bytes)",
		       n->o.max_doc);
}

/* The bytes from d->off are not a value: reject them up to the next line
   that starts one, and go on from there. */
static void
docs_resync(struct docs *d, long start_line)
{
	const char *p = d->b.data;
	size_t i = d->off;
	long l = start_line;
	json_error_t je;
	json_t *v;

	for (;;) {
		const char *nl = memchr(p + i, '\n', d->b.len - i);
		if (nl == NULL) {
			i = d->b.len;
			break;
		}
		i = (size_t)(nl - p) + 1;
		l++;
		if (i < d->b.len && (p[i] == '{' || p[i] == '['))
			break;
	}
	v = json_loadb(p + d->off, d->b.len - d->off, 0, &je);
	json_decref(v);
	docs_bad(d, start_line, p + d->off, i - d->off, &je);
	d->off = d->pos = i;
	d->line = l;
}

static void
documents(struct sc_norm *n, int fd, const char *name, const char *pre, size_t prelen,
	  long line0)
{
	struct docs d;

	memset(&d, 0, sizeof(d));
	d.n = n;
	d.fd = fd;
	d.name = name;
	d.line = line0;
	sc_buf_init(&d.b);
	sc_buf_add(&d.b, pre, prelen);
	sc_buf_addc(&d.b, '\0');
	d.b.len--;
	if (d.b.len >= 3 && memcmp(d.b.data, "\xef\xbb\xbf", 3) == 0)
		d.off = d.pos = 3;
	while (!n->stop && !n->failed) {
		long start_line;
		int closed;

		while (d.pos < d.b.len && strchr(" \t\r\n", d.b.data[d.pos])) {
			if (d.b.data[d.pos] == '\n')
				d.line++;
			d.pos++;
		}
		d.off = d.pos;
		if (d.pos >= d.b.len) {
			if (docs_more(&d) > 0)
				continue;
			break;
		}
		start_line = n->lineno = d.line;
		if (d.b.data[d.pos] != '{' && d.b.data[d.pos] != '[') {
			while (docs_more(&d) > 0)	/* the resync needs what follows */
				if (memchr(d.b.data + d.pos, '\n', d.b.len - d.pos))
					break;
			docs_resync(&d, start_line);
			continue;
		}
		d.depth = d.instr = d.esc = 0;
		while (!(closed = docs_scan(&d)) && d.pos - d.off <= n->o.max_doc &&
		       docs_more(&d) > 0)
			;
		if (n->failed)
			break;
		if (d.pos - d.off > n->o.max_doc) {
			docs_skip(&d, start_line, closed);
		} else if (closed) {
			json_error_t je;
			const char *raw = d.b.data + d.off;
			size_t len = d.pos - d.off;
			json_t *v = json_loadb(raw, len, 0, &je);
			if (v) {
				sc_norm_value(n, v, raw, len);
				json_decref(v);
			} else {
				docs_bad(&d, start_line, raw, len, &je);
			}
			d.off = d.pos;
		} else {
			docs_resync(&d, start_line);
		}
	}
	sc_buf_release(&d.b);
}

static int
is_twcs_header(const char *s, size_t n)
{
	if (n >= 3 && memcmp(s, "\xef\xbb\xbf", 3) == 0) {
		s += 3;
		n -= 3;
	}
	if (n > 0 && *s == ',') {	/* an unnamed index column first */
		s++;
		n--;
	}
	return n >= 25 && memcmp(s, "tweet_id,author_id,inbound", 26) == 0;
}

int
sc_norm_fd(struct sc_norm *n, int fd, const char *name)
{
	struct sc_reader r;
	struct sc_error e;
	const char *text;
	size_t len;
	int got = 0, first = 1;

	n->file = name;
	if (n->o.from == SC_FMT_CSV)
		return sc_norm_csv_fd(n, fd, name);
	if (n->o.from == SC_FMT_TWCS)
		return sc_norm_twcs_fd(n, fd, name, NULL, 0);
	if (n->o.from == SC_FMT_EMAIL)
		return sc_norm_email(n, fd, name);
	sc_reader_init(&r, fd, name, n->o.max_line);
	r.overflow = n->overflow;
	sc_error_clear(&e);
	while (!n->stop && !n->failed && (got = sc_reader_next(&r, &text, &len, &e)) == 1) {
		n->lineno = r.lineno;
		if (r.too_long) {
			first = 0;
			if (n->overflow)
				fflush(n->overflow);
			sc_norm_reject(n, r.lineno, NULL, 0, "line too long (over %zu bytes)", n->o.max_line);
			continue;
		}
		if (sc_line_blank(text, len))
			continue;
		if (first && r.lineno == 1 && len >= 3 && memcmp(text, "\xef\xbb\xbf", 3) == 0 &&
		    !is_twcs_header(text, len)) {
			/* a UTF-8 BOM in front of the first line is not data */
			text += 3;
			len -= 3;
		}
		if (first) {
			first = 0;
			if (r.lineno == 1 && text == r.buf && is_twcs_header(text, len)) {
				/* what is buffered is the start of the file */
				sc_norm_twcs_fd(n, r.eof ? -1 : fd, name, r.buf, r.end);
				sc_reader_release(&r);
				return n->failed || n->stop ? -1 : 0;
			}
			if (opens_value(text, len) && !r.no_newline) {
				json_error_t je;
				json_t *v = json_loadb(text, len, 0, &je);
				/* a value still open at the end of the line: a document
				   over several lines (other errors are a bad line) */
				if (v == NULL && (size_t)je.position >= len) {
					documents(n, r.eof ? -1 : fd, name, text,
						  (size_t)(r.buf + r.end - text), r.lineno);
					sc_reader_release(&r);
					return n->failed || n->stop ? -1 : 0;
				}
				if (v)
					json_decref(v);
			}
		}
		one_line(n, text, len, r.no_newline);
	}
	if (got < 0 && !n->failed) {
		n->failed = 1;
		n->err = e;
	}
	sc_reader_release(&r);
	if (n->stop && !n->failed)
		sc_error_set(&n->err, SC_EX_DATAERR, name, n->lineno, 0, "stopped (--strict)");
	return n->failed || n->stop ? -1 : 0;
}
