/*
 * csv.c - CSV through libcsv, incrementally, with line numbers.
 *
 * Input is fed to libcsv one physical line at a time (split at '\n'), so
 * after each call we know which line a finished row ended on; a row
 * starts on the line after the previous row ended.  The raw bytes of the
 * row being read are kept (bounded by the row) so a rejected row can be
 * written out verbatim.  A BOM at the very start is dropped; CRLF is a
 * line end to libcsv.
 *
 * Parsing is strict (CSV_STRICT, CSV_STRICT_FINI): a quote inside an
 * unquoted field, anything but a delimiter or line end after a closing
 * quote, and a quoted field still open at the end of the input are errors
 * at line:column (the column in characters, 1-based), never a silent
 * merge of the following rows into one cell.  A NUL byte in a cell is an
 * error too (C strings would cut the cell there).  Errors are status 65;
 * configuration loaders (table.c) make them 78.
 *
 * Data readers (sc-normalize) call sc_csv_recover(): a row with bad
 * quoting is then handed whole to the bad-row callback and parsing goes on
 * with the next row, and a row is capped.  The bad row is the physical
 * line the error is on; when the row had run over lines through a quoted
 * field, it is the lines up to the one where that quote opened (a quote
 * that never closes swallows what follows), and the bytes after them are
 * parsed again as fresh rows.  A row that reaches the cap while a quote is
 * open is treated the same way; one physical line over the cap is streamed
 * to the overflow file (the rejects) rather than held.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <csv.h>

#include "sc.h"

struct sc_csv {
	struct csv_parser p;
	sc_csv_cb cb;
	void *ctx;
	char **fields;
	size_t nfields, capfields;
	long line;		/* physical lines fully fed so far */
	long row_start;		/* line the current row starts on */
	int in_row;
	int bom_checked;
	struct sc_buf raw;
	int stop;		/* callback's non-zero return */
	size_t bom_have;
	char bom_buf[3];
	/* sc_csv_recover() */
	sc_csv_bad_cb bad;
	size_t max_row;		/* 0: no cap */
	FILE *overflow;
	struct sc_buf pend;	/* bytes to parse again after a bad row */
	int recovered;		/* parse() moved the row's tail to pend */
	int skipping;		/* the bad row runs to the end of this line */
	int spilled;		/* ... and its bytes went to overflow */
	long bad_line, bad_col;
	char bad_why[160];
};

static void
field_cb(void *s, size_t len, void *data)
{
	struct sc_csv *c = data;

	if (c->nfields == c->capfields) {
		c->capfields = c->capfields ? c->capfields * 2 : 16;
		c->fields = sc_xrealloc(c->fields, c->capfields * sizeof(char *));
	}
	c->fields[c->nfields++] = sc_xstrndup(s ? s : "", s ? len : 0);
}

static void
free_fields(struct sc_csv *c)
{
	size_t i;

	for (i = 0; i < c->nfields; i++)
		free(c->fields[i]);
	c->nfields = 0;
}

static void
row_cb(int term, void *data)
{
	struct sc_csv *c = data;
	struct sc_csv_row row;
	size_t rawlen;

	(void)term;
	if (c->stop) {
		free_fields(c);
		return;
	}
	rawlen = c->raw.len;
	while (rawlen > 0 && (c->raw.data[rawlen - 1] == '\n' || c->raw.data[rawlen - 1] == '\r'))
		rawlen--;
	row.fields = c->fields;
	row.nfields = c->nfields;
	row.line = c->row_start;
	row.end_line = c->line + 1;
	row.raw = c->raw.data ? c->raw.data : "";
	row.rawlen = rawlen;
	if (c->bad && c->max_row && rawlen > c->max_row) {
		/* read whole within one chunk, but over the cap all the same */
		snprintf(c->bad_why, sizeof(c->bad_why), "CSV row over %zu bytes (--max-line)",
			 c->max_row);
		c->stop = c->bad(c->ctx, c->row_start, 0, row.raw, rawlen, c->bad_why);
	} else
		c->stop = c->cb(c->ctx, &row);
	free_fields(c);
	sc_buf_reset(&c->raw);
	c->in_row = 0;
}

struct sc_csv *
sc_csv_new(char delim, sc_csv_cb cb, void *ctx)
{
	struct sc_csv *c = sc_xcalloc(1, sizeof(*c));

	if (csv_init(&c->p, CSV_APPEND_NULL | CSV_STRICT | CSV_STRICT_FINI) != 0) {
		free(c);
		return NULL;
	}
	csv_set_delim(&c->p, (unsigned char)delim);
	c->cb = cb;
	c->ctx = ctx;
	c->row_start = 1;
	sc_buf_init(&c->raw);
	sc_buf_init(&c->pend);
	return c;
}

void
sc_csv_recover(struct sc_csv *c, size_t max_row, FILE *overflow, sc_csv_bad_cb bad)
{
	c->bad = bad;
	c->max_row = max_row;
	c->overflow = overflow;
}

/* The 1-based column of byte off of a line: characters, not bytes. */
static long
char_column(const char *line, size_t off)
{
	return sc_utf8_invalid_at(line, off) < 0 ? (long)sc_utf8_count(line, off) + 1
						 : (long)off + 1;
}

/* Where the quoted field still open at the end of raw (the row's bytes)
   begins: sets *line (relative to the row's first line) and *col. */
static void
open_quote_at(const char *raw, size_t n, char delim, long *line, long *col)
{
	size_t i, bol = 0, qpos = 0, qbol = 0;
	long ln = 0, qln = 0;
	int inq = 0, field_start = 1;

	for (i = 0; i < n; i++) {
		char ch = raw[i];
		if (inq) {
			if (ch == '"') {
				if (i + 1 < n && raw[i + 1] == '"')
					i++;
				else
					inq = 0;
			}
		} else if (ch == '"' && field_start) {
			inq = 1;
			qpos = i;
			qbol = bol;
			qln = ln;
		}
		field_start = !inq && (ch == delim || ch == '\n' || ch == '\r');
		if (ch == '\n') {
			ln++;
			bol = i + 1;
		}
	}
	*line = qln;
	*col = char_column(raw + qbol, qpos - qbol);
}

/* Offset just past the first line end inside a quoted field of raw, or 0
   when the row has none (it is on one physical line). */
static size_t
quoted_newline(const char *raw, size_t n, char delim)
{
	size_t i;
	int inq = 0, field_start = 1;

	for (i = 0; i < n; i++) {
		char ch = raw[i];
		if (inq) {
			if (ch == '\n')
				return i + 1;
			if (ch == '"') {
				if (i + 1 < n && raw[i + 1] == '"')
					i++;
				else
					inq = 0;
			}
		} else if (ch == '"' && field_start)
			inq = 1;
		field_start = !inq && (ch == delim || ch == '\n' || ch == '\r');
	}
	return 0;
}

static void
reset_parser(struct sc_csv *c)
{
	unsigned char delim = csv_get_delim(&c->p);

	csv_free(&c->p);
	csv_init(&c->p, CSV_APPEND_NULL | CSV_STRICT | CSV_STRICT_FINI);
	csv_set_delim(&c->p, delim);
	free_fields(c);
	c->in_row = 0;
}

static int
ends_line(const char *s, size_t n)
{
	return n > 0 && (s[n - 1] == '\n' || s[n - 1] == '\r');
}

/* Hand the bad row (raw[0..len), or the overflow file when spilled) to the
   callback and start afresh. */
static void
emit_bad(struct sc_csv *c, size_t len)
{
	const char *raw = c->raw.data ? c->raw.data : "";

	while (len > 0 && (raw[len - 1] == '\n' || raw[len - 1] == '\r'))
		len--;
	if (c->spilled && c->overflow) {
		fputc('\n', c->overflow);
		fflush(c->overflow);
	}
	if (!c->stop)
		c->stop = c->bad(c->ctx, c->bad_line, c->bad_col,
				 c->spilled ? NULL : raw, c->spilled ? 0 : len, c->bad_why);
	c->skipping = c->spilled = 0;
	c->in_row = 0;
}

/* A bad row: what went wrong (enum bad_kind) at line ln, column col.  The
   bytes of the row so far are in raw (the current part included);
   more_on_line says the physical line goes on past them. */
enum bad_kind { BAD_STRAY, BAD_NUL, BAD_EOF, BAD_CAP };

static void
bad_row(struct sc_csv *c, enum bad_kind kind, long ln, long col, int more_on_line)
{
	const char *raw = c->raw.data ? c->raw.data : "";
	char delim = (char)csv_get_delim(&c->p);
	size_t cut = kind == BAD_NUL ? 0 : quoted_newline(raw, c->raw.len, delim);
	long qln = 0, qcol = 0;

	if (kind == BAD_EOF || (kind == BAD_CAP && cut > 0) || (kind == BAD_STRAY && cut > 0))
		open_quote_at(raw, cut > 0 ? cut : c->raw.len, delim, &qln, &qcol);
	switch (kind) {
	case BAD_STRAY:
		if (cut > 0)
			snprintf(c->bad_why, sizeof(c->bad_why), "quoted field not closed on "
				 "its line (a stray quote at line %ld, column %ld ends it)", ln, col);
		else
			snprintf(c->bad_why, sizeof(c->bad_why), "stray quote in CSV (a quote "
				 "inside an unquoted field, or text after a closing quote)");
		break;
	case BAD_NUL:
		snprintf(c->bad_why, sizeof(c->bad_why), "NUL byte in CSV");
		break;
	case BAD_EOF:
		snprintf(c->bad_why, sizeof(c->bad_why),
			 "unterminated quoted field (the quote is never closed)");
		break;
	case BAD_CAP:
		if (cut > 0)
			snprintf(c->bad_why, sizeof(c->bad_why), "quoted field still open after "
				 "%zu bytes (--max-line): an unterminated quote", c->max_row);
		else
			snprintf(c->bad_why, sizeof(c->bad_why), "CSV row over %zu bytes (--max-line)",
				 c->max_row);
		break;
	}
	if (cut > 0 || kind == BAD_EOF) {
		c->bad_line = c->row_start + qln;
		c->bad_col = qcol;
	} else {
		c->bad_line = ln;
		c->bad_col = col;
	}
	if (cut > 0) {
		/* a quote opened on an earlier line: that line (with the ones
		   before it in the row) is the bad row, the rest is parsed again */
		size_t i;
		struct sc_buf tail;

		sc_buf_init(&tail);
		sc_buf_add(&tail, raw + cut, c->raw.len - cut);
		sc_buf_add(&tail, c->pend.data ? c->pend.data : "", c->pend.len);
		c->line = c->row_start - 1;
		for (i = 0; i < cut; i++)
			if (raw[i] == '\n')
				c->line++;
		reset_parser(c);
		emit_bad(c, cut);
		sc_buf_reset(&c->raw);
		sc_buf_release(&c->pend);
		c->pend = tail;
		c->recovered = 1;
		return;
	}
	reset_parser(c);
	if (more_on_line) {
		c->skipping = 1;
		return;
	}
	emit_bad(c, c->raw.len);
	sc_buf_reset(&c->raw);
}

/* The column (1-based, characters) of byte off of raw, on its line. */
static long
raw_column(const struct sc_csv *c, size_t off)
{
	const char *raw = c->raw.data ? c->raw.data : "";
	size_t bol;

	if (off > c->raw.len)
		off = c->raw.len;
	bol = off;

	while (bol > 0 && raw[bol - 1] != '\n')
		bol--;
	return char_column(raw + bol, off - bol);
}

/* Skipping the rest of a bad line: keep it under the cap, else stream it. */
static void
skip_part(struct sc_csv *c, const char *s, size_t n)
{
	if (!c->spilled && c->max_row && c->raw.len + n > c->max_row && c->overflow) {
		fwrite(c->raw.data ? c->raw.data : "", 1, c->raw.len, c->overflow);
		c->spilled = 1;
		sc_buf_reset(&c->raw);
	}
	if (c->spilled) {
		/* emit_bad() ends the line in the overflow file */
		size_t w = n;
		while (w > 0 && (s[w - 1] == '\n' || s[w - 1] == '\r'))
			w--;
		fwrite(s, 1, w, c->overflow);
	}
	else if (!c->max_row || c->raw.len + n <= c->max_row)
		sc_buf_add(&c->raw, s, n);
	if (ends_line(s, n)) {
		emit_bad(c, c->raw.len);
		sc_buf_reset(&c->raw);
	}
}

static int
parse(struct sc_csv *c, const char *s, size_t n, struct sc_error *e)
{
	size_t done;
	const char *nul;

	if (n == 0)
		return 0;
	if (c->skipping) {
		skip_part(c, s, n);
		return 0;
	}
	if (!c->in_row) {
		c->in_row = 1;
		c->row_start = c->line + 1;
	}
	if ((nul = memchr(s, '\0', n)) != NULL) {
		if (c->bad) {
			size_t at = c->raw.len + (size_t)(nul - s);
			sc_buf_add(&c->raw, s, n);
			bad_row(c, BAD_NUL, c->line + 1, raw_column(c, at), !ends_line(s, n));
			return 0;
		}
		return sc_error_set(e, SC_EX_DATAERR, NULL, c->line + 1,
				    char_column(s, (size_t)(nul - s)), "NUL byte in CSV");
	}
	sc_buf_add(&c->raw, s, n);
	if ((done = csv_parse(&c->p, s, n, field_cb, row_cb, c)) != n) {
		if (csv_error(&c->p) == CSV_EPARSE && c->bad) {
			bad_row(c, BAD_STRAY, c->line + 1, raw_column(c, c->raw.len - n + done),
				!ends_line(s, n));
			return 0;
		}
		if (csv_error(&c->p) == CSV_EPARSE)
			return sc_error_set(e, SC_EX_DATAERR, NULL, c->line + 1,
					    char_column(s, done),
					    "stray quote in CSV (a quote inside an unquoted "
					    "field, or text after a closing quote)");
		return sc_error_set(e, SC_EX_DATAERR, NULL, c->line + 1, 0,
				    "CSV error: %s", csv_strerror(csv_error(&c->p)));
	}
	/* libcsv skips blank lines: a row of only a line end never starts */
	if (c->raw.len > 0 && c->p.pstate == 0 && c->p.entry_pos == 0 &&
	    c->nfields == 0 && (c->raw.data[0] == '\n' || c->raw.data[0] == '\r')) {
		sc_buf_reset(&c->raw);
		c->in_row = 0;
	}
	if (c->bad && c->max_row && c->in_row && c->raw.len > c->max_row)
		bad_row(c, BAD_CAP, c->line + 1, 0, !ends_line(s, n));
	return 0;
}

/* Feed buf split at line ends.  After a bad row whose tail is parsed
   again, the rest of buf joins that tail in pend. */
static int
feed_lines(struct sc_csv *c, const char *buf, size_t n, struct sc_error *e)
{
	while (n > 0) {
		/* a part ends at a line end, CR or LF, so a row never ends
		   inside a part (raw is the row's bytes alone) */
		size_t part = 0;
		int nl = 0;
		while (part < n && buf[part] != '\n' && buf[part] != '\r')
			part++;
		if (part < n) {
			nl = buf[part] == '\n';
			part++;
		}
		if (parse(c, buf, part, e) < 0)
			return -1;
		if (c->stop)
			return c->stop;
		buf += part;
		n -= part;
		if (c->recovered) {
			c->recovered = 0;
			sc_buf_add(&c->pend, buf, n);
			return 0;
		}
		if (nl)
			c->line++;
	}
	return 0;
}

static int
drain(struct sc_csv *c, struct sc_error *e)
{
	int rc;

	while (c->pend.len > 0) {
		struct sc_buf b = c->pend;
		sc_buf_init(&c->pend);
		rc = feed_lines(c, b.data, b.len, e);
		sc_buf_release(&b);
		if (rc != 0)
			return rc;
	}
	return 0;
}

int
sc_csv_feed(struct sc_csv *c, const char *buf, size_t n, struct sc_error *e)
{
	int rc;

	/* Drop a UTF-8 BOM at the very start, even if it arrives split. */
	while (!c->bom_checked && n > 0) {
		static const char bom[3] = {'\xef', '\xbb', '\xbf'};
		if (*buf != bom[c->bom_have]) {
			c->bom_checked = 1;
			if (c->bom_have > 0 && parse(c, c->bom_buf, c->bom_have, e) < 0)
				return -1;
			break;
		}
		c->bom_buf[c->bom_have++] = *buf++;
		n--;
		if (c->bom_have == 3)
			c->bom_checked = 1;
	}
	if ((rc = feed_lines(c, buf, n, e)) != 0)
		return rc;
	return drain(c, e);
}

int
sc_csv_finish(struct sc_csv *c, struct sc_error *e)
{
	if (!c->bom_checked && c->bom_have > 0) {
		c->bom_checked = 1;
		if (parse(c, c->bom_buf, c->bom_have, e) < 0)
			return -1;
	}
	if (c->skipping) {
		emit_bad(c, c->raw.len);
		sc_buf_reset(&c->raw);
		return c->stop;
	}
	while (c->bad && !c->stop && csv_fini(&c->p, field_cb, row_cb, c) != 0) {
		/* a quote that never closed: its line is the bad row, what
		   follows it is parsed again */
		bad_row(c, BAD_EOF, c->line + 1, 0, 0);
		c->recovered = 0;
		if (c->pend.len == 0) {
			/* one line, no tail: bad_row() emitted it */
			break;
		}
		if (drain(c, e) != 0)
			return c->stop ? c->stop : -1;
		if (c->skipping) {
			emit_bad(c, c->raw.len);
			sc_buf_reset(&c->raw);
		}
	}
	if (c->bad)
		return c->stop;
	if (csv_fini(&c->p, field_cb, row_cb, c) != 0) {
		long dl = 0, col = 0;
		open_quote_at(c->raw.data ? c->raw.data : "", c->raw.len,
			      (char)csv_get_delim(&c->p), &dl, &col);
		return sc_error_set(e, SC_EX_DATAERR, NULL, c->row_start + dl, col,
				    "unterminated quoted field (the quote is never closed)");
	}
	return c->stop;
}

void
sc_csv_free(struct sc_csv *c)
{
	if (c == NULL)
		return;
	free_fields(c);
	free(c->fields);
	sc_buf_release(&c->raw);
	sc_buf_release(&c->pend);
	csv_free(&c->p);
	free(c);
}

int
sc_csv_read_fd(int fd, const char *name, char delim, sc_csv_cb cb, void *ctx,
	       struct sc_error *e)
{
	struct sc_csv *c = sc_csv_new(delim, cb, ctx);
	char buf[64 * 1024];
	ssize_t n;
	int rc = 0;

	if (c == NULL)
		return sc_error_set(e, SC_EX_OSERR, name, 0, 0, "cannot start CSV parser");
	for (;;) {
		n = read(fd, buf, sizeof(buf));
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			rc = sc_error_set(e, SC_EX_IOERR, name, 0, 0, "read error: %s",
					  strerror(errno));
			break;
		}
		if (n == 0) {
			rc = sc_csv_finish(c, e);
			break;
		}
		rc = sc_csv_feed(c, buf, (size_t)n, e);
		if (rc != 0)
			break;
	}
	if (rc < 0 && e)
		snprintf(e->source, sizeof(e->source), "%s", name);
	sc_csv_free(c);
	return rc;
}
