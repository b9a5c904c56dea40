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

static void
one_line(struct sc_norm *n, const char *text, size_t len, int no_newline)
{
	struct sc_error e;
	json_t *v;

	sc_error_clear(&e);
	v = sc_json_parse_line(text, len, &e);
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

/* Documents: buf holds the whole input from line `line0` on. */
static void
documents(struct sc_norm *n, const char *buf, size_t len, long line0)
{
	size_t pos = 0;
	long line = line0;

	while (pos < len && !n->stop && !n->failed) {
		json_error_t je;
		json_t *v;
		long start_line;
		size_t start;

		if (pos == 0 && len >= 3 && memcmp(buf, "\xef\xbb\xbf", 3) == 0)
			pos = 3;
		while (pos < len && (buf[pos] == ' ' || buf[pos] == '\t' || buf[pos] == '\r' ||
				     buf[pos] == '\n')) {
			if (buf[pos] == '\n')
				line++;
			pos++;
		}
		if (pos >= len)
			break;
		start = pos;
		start_line = line;
		n->lineno = start_line;
		v = json_loadb(buf + start, len - start, JSON_DISABLE_EOF_CHECK, &je);
		if (v != NULL) {
			size_t end = start + (size_t)je.position, i;
			for (i = start; i < end; i++)
				if (buf[i] == '\n')
					line++;
			pos = end;
			sc_norm_value(n, v, buf + start, end - start);
			json_decref(v);
			continue;
		}
		/* skip to the next line that starts a value, after this one */
		{
			size_t i = start, rend;
			long l = line;
			for (;;) {
				const char *nl = memchr(buf + i, '\n', len - i);
				if (nl == NULL) {
					i = len;
					break;
				}
				i = (size_t)(nl - buf) + 1;
				l++;
				if (i < len && (buf[i] == '{' || buf[i] == '['))
					break;
			}
			rend = i;
			while (rend > start && (buf[rend - 1] == '\n' || buf[rend - 1] == '\r'))
				rend--;
			if (je.line > 0)
				sc_norm_reject(n, start_line, buf + start, rend - start,
				       "invalid JSON at line %ld, column %d: %s",
				       start_line + je.line - 1, je.column, je.text);
			else
				sc_norm_reject(n, start_line, buf + start, rend - start, "invalid JSON: %s",
				       je.text);
			pos = i;
			line = l;
		}
	}
}

static int
read_rest(struct sc_norm *n, int fd, struct sc_buf *b, const char *name)
{
	for (;;) {
		ssize_t got;
		size_t want;
		sc_buf_grow(b, 64 * 1024);
		want = b->cap - b->len - 1;
		if (n->o.read_chunk && want > n->o.read_chunk)
			want = n->o.read_chunk;
		got = read(fd, b->data + b->len, want);
		if (got < 0 && errno == EINTR)
			continue;
		if (got < 0) {
			n->failed = 1;
			sc_error_set(&n->err, SC_EX_IOERR, name, 0, 0, "read error: %s",
				     strerror(errno));
			return -1;
		}
		if (got == 0)
			return 0;
		b->len += (size_t)got;
		b->data[b->len] = '\0';
		if (b->len > n->o.max_doc)
			return 1;
	}
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
					/* a document over several lines */
					struct sc_buf doc;
					long line0 = r.lineno;
					int over;
					sc_buf_init(&doc);
					sc_buf_add(&doc, text, (size_t)(r.buf + r.end - text));
					over = r.eof ? 0 : read_rest(n, fd, &doc, name);
					if (over == 0 && doc.len > n->o.max_doc)
						over = 1;
					if (over > 0)
						sc_norm_reject(n, line0, NULL, 0,
						       "document too large (over %zu bytes)",
						       n->o.max_doc);
					else if (over == 0)
						documents(n, doc.data, doc.len, line0);
					sc_buf_release(&doc);
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
