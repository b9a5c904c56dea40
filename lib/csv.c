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
	return c;
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

static int
parse(struct sc_csv *c, const char *s, size_t n, struct sc_error *e)
{
	size_t done;
	const char *nul;

	if (n == 0)
		return 0;
	if (!c->in_row) {
		c->in_row = 1;
		c->row_start = c->line + 1;
	}
	if ((nul = memchr(s, '\0', n)) != NULL)
		return sc_error_set(e, SC_EX_DATAERR, NULL, c->line + 1,
				    char_column(s, (size_t)(nul - s)), "NUL byte in CSV");
	sc_buf_add(&c->raw, s, n);
	if ((done = csv_parse(&c->p, s, n, field_cb, row_cb, c)) != n) {
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
	return 0;
}

int
sc_csv_feed(struct sc_csv *c, const char *buf, size_t n, struct sc_error *e)
{
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
	while (n > 0) {
		const char *nl = memchr(buf, '\n', n);
		size_t part = nl ? (size_t)(nl - buf) + 1 : n;
		if (parse(c, buf, part, e) < 0)
			return -1;
		if (c->stop)
			return c->stop;
		if (nl)
			c->line++;
		buf += part;
		n -= part;
	}
	return 0;
}

int
sc_csv_finish(struct sc_csv *c, struct sc_error *e)
{
	if (!c->bom_checked && c->bom_have > 0) {
		c->bom_checked = 1;
		if (parse(c, c->bom_buf, c->bom_have, e) < 0)
			return -1;
	}
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
