/*
 * table.c - configuration tables (profiles.csv, rules.csv, replies.csv):
 * a header row naming the columns, then rows.  Small, so held in memory.
 * Errors carry file:line:column with the 1-based column of the cell.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "sc.h"

struct load {
	struct sc_table *t;
	struct sc_error *e;
};

static int
is_blank_row(const struct sc_csv_row *row)
{
	size_t i;

	for (i = 0; i < row->nfields; i++)
		if (row->fields[i][0] != '\0')
			return 0;
	return 1;
}

static int
row_cb(void *ctx, const struct sc_csv_row *row)
{
	struct load *l = ctx;
	struct sc_table *t = l->t;
	size_t i;

	if (t->header == NULL) {
		if (is_blank_row(row))
			return 0;
		t->ncols = row->nfields;
		t->header = sc_xcalloc(t->ncols, sizeof(char *));
		for (i = 0; i < t->ncols; i++) {
			/* trim spaces around header names */
			const char *s = row->fields[i];
			size_t n = strlen(s);
			while (*s == ' ') {
				s++;
				n--;
			}
			while (n > 0 && s[n - 1] == ' ')
				n--;
			if (n == 0)
				return sc_error_set(l->e, SC_EX_CONFIG, t->path, row->line,
						    (long)i + 1, "empty column name in header");
			t->header[i] = sc_xstrndup(s, n);
			for (size_t j = 0; j < i; j++)
				if (strcasecmp(t->header[j], t->header[i]) == 0)
					return sc_error_set(l->e, SC_EX_CONFIG, t->path,
							    row->line, (long)i + 1,
							    "duplicate column '%s'", t->header[i]);
		}
		return 0;
	}
	if (is_blank_row(row) || row->fields[0][0] == '#')
		return 0;
	if (row->nfields > t->ncols)
		return sc_error_set(l->e, SC_EX_CONFIG, t->path, row->line,
				    (long)t->ncols + 1,
				    "row has %zu cells, header has %zu", row->nfields, t->ncols);
	t->rows = sc_xrealloc(t->rows, (t->nrows + 1) * sizeof(char **));
	t->lines = sc_xrealloc(t->lines, (t->nrows + 1) * sizeof(long));
	t->rows[t->nrows] = sc_xcalloc(t->ncols, sizeof(char *));
	for (i = 0; i < t->ncols; i++) {
		const char *s = i < row->nfields ? row->fields[i] : "";
		long bad = sc_utf8_invalid_at(s, strlen(s));
		if (bad >= 0) {
			for (size_t j = 0; j < i; j++)
				free(t->rows[t->nrows][j]);
			free(t->rows[t->nrows]);
			return sc_error_set(l->e, SC_EX_CONFIG, t->path, row->line,
					    (long)i + 1, "invalid UTF-8");
		}
		t->rows[t->nrows][i] = sc_xstrdup(s);
	}
	t->lines[t->nrows] = row->line;
	t->nrows++;
	return 0;
}

struct sc_table *
sc_table_load(const char *path, struct sc_error *e)
{
	struct sc_table *t = sc_xcalloc(1, sizeof(*t));
	struct load l = {t, e};
	int fd, rc;

	t->path = sc_xstrdup(path);
	fd = open(path, O_RDONLY);
	if (fd < 0) {
		sc_error_set(e, SC_EX_CONFIG, path, 0, 0, "cannot open: %s", strerror(errno));
		sc_table_free(t);
		return NULL;
	}
	rc = sc_csv_read_fd(fd, path, ',', row_cb, &l, e);
	close(fd);
	if (rc != 0) {
		if (e) {
			e->status = SC_EX_CONFIG;
			snprintf(e->source, sizeof(e->source), "%s", path);
		}
		sc_table_free(t);
		return NULL;
	}
	if (t->header == NULL) {
		sc_error_set(e, SC_EX_CONFIG, path, 1, 1, "empty table (no header row)");
		sc_table_free(t);
		return NULL;
	}
	return t;
}

void
sc_table_free(struct sc_table *t)
{
	size_t i, j;

	if (t == NULL)
		return;
	for (i = 0; i < t->nrows; i++) {
		for (j = 0; j < t->ncols; j++)
			free(t->rows[i][j]);
		free(t->rows[i]);
	}
	if (t->header)
		for (j = 0; j < t->ncols; j++)
			free(t->header[j]);
	free(t->header);
	free(t->rows);
	free(t->lines);
	free(t->path);
	free(t);
}

int
sc_table_col(const struct sc_table *t, const char *name)
{
	size_t j;

	for (j = 0; j < t->ncols; j++)
		if (strcasecmp(t->header[j], name) == 0)
			return (int)j;
	return -1;
}

const char *
sc_table_get(const struct sc_table *t, size_t i, const char *name)
{
	int j = sc_table_col(t, name);

	if (j < 0 || i >= t->nrows)
		return "";
	return t->rows[i][j];
}
