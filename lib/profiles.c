/*
 * profiles.c - profiles.csv, the agency's list of brand accounts.  Every
 * program that needs to know about a profile (its account id, SLA, hours,
 * tone, token source) reads it through here, so the columns mean the same
 * everywhere.  Required columns: profile, platform, account_id.  Files a
 * cell names (holidays, sla_file) are relative to profiles.csv, and their
 * errors name the cell first, then the file's own line.
 */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "sc.h"

static int
col_error(struct sc_error *e, const struct sc_table *t, size_t i, const char *col,
	  const char *what)
{
	int j = sc_table_col(t, col);

	return sc_error_set(e, SC_EX_CONFIG, t->path, t->lines[i], j + 1, "%s", what);
}

/* A file named in a cell: relative to profiles.csv's directory. */
static void
cell_path(const char *path, const char *cell, char *full, size_t cap)
{
	const char *slash = strrchr(path, '/');

	if (cell[0] != '/' && slash != NULL)
		snprintf(full, cap, "%.*s/%s", (int)(slash - path), path, cell);
	else
		snprintf(full, cap, "%s", cell);
}

/* The error of a file named in a cell, reported at that cell. */
static void
cell_file_error(struct sc_error *e, const struct sc_table *t, size_t i, const char *col,
		const struct sc_error *fe)
{
	char msg[512];

	if (fe->line > 0 && fe->column > 0)
		snprintf(msg, sizeof(msg), "%s: %.200s:%ld:%ld: %.200s", col, fe->source, fe->line,
			 fe->column, fe->text);
	else if (fe->line > 0)
		snprintf(msg, sizeof(msg), "%s: %.200s:%ld: %.200s", col, fe->source, fe->line,
			 fe->text);
	else
		snprintf(msg, sizeof(msg), "%s: %.200s: %.200s", col, fe->source, fe->text);
	col_error(e, t, i, col, msg);
}

struct sc_profiles *
sc_profiles_load(const char *path, struct sc_error *e)
{
	static const char *required[] = {"profile", "platform", "account_id"};
	struct sc_profiles *p;
	struct sc_table *t;
	size_t i, k;

	t = sc_table_load(path, e);
	if (t == NULL)
		return NULL;
	for (k = 0; k < 3; k++)
		if (sc_table_col(t, required[k]) < 0) {
			sc_error_set(e, SC_EX_CONFIG, path, 1, 0,
				     "missing column '%s' (need profile,platform,account_id)",
				     required[k]);
			sc_table_free(t);
			return NULL;
		}
	p = sc_xcalloc(1, sizeof(*p));
	p->table = t;
	p->v = sc_xcalloc(t->nrows ? t->nrows : 1, sizeof(struct sc_profile));
	for (i = 0; i < t->nrows; i++) {
		struct sc_profile *pr = &p->v[p->n];
		const char *sla = sc_table_get(t, i, "sla");
		const char *aud = sc_table_get(t, i, "audience");
		const char *hol = sc_table_get(t, i, "holidays");
		const char *slaf = sc_table_get(t, i, "sla_file");

		pr->row = i;
		pr->name = sc_table_get(t, i, "profile");
		pr->platform = sc_table_get(t, i, "platform");
		pr->account_id = sc_table_get(t, i, "account_id");
		pr->token = sc_table_get(t, i, "token");
		pr->sources = sc_table_get(t, i, "sources");
		if (*pr->name == '\0') {
			col_error(e, t, i, "profile", "empty profile name");
			goto fail;
		}
		for (k = 0; k < p->n; k++)
			if (strcmp(p->v[k].name, pr->name) == 0) {
				col_error(e, t, i, "profile", "duplicate profile name");
				goto fail;
			}
		if (*pr->platform == '\0') {
			col_error(e, t, i, "platform", "empty platform");
			goto fail;
		}
		if (*pr->account_id == '\0') {
			col_error(e, t, i, "account_id", "empty account_id");
			goto fail;
		}
		if (*sla) {
			pr->sla = sc_duration_parse(sla);
			if (pr->sla <= 0) {
				col_error(e, t, i, "sla", "bad SLA (want e.g. 60m, 10m, 2h)");
				goto fail;
			}
		} else {
			pr->sla = (strcasecmp(aud, "youth") == 0 || strcasecmp(aud, "kids") == 0 ||
				   strcasecmp(aud, "young") == 0) ? 600 : 3600;
		}
		if (sc_hours_init(&pr->hours, sc_table_get(t, i, "hours"),
				  sc_table_get(t, i, "days"), sc_table_get(t, i, "tz"), e) < 0) {
			const char *col = strstr(e ? e->text : "", "zone") ? "tz" :
					  strstr(e ? e->text : "", "days") ? "days" : "hours";
			char msg[512];
			snprintf(msg, sizeof(msg), "%s", e ? e->text : "bad hours");
			col_error(e, t, i, col, msg);
			goto fail;
		}
		p->n++;
		if (*hol) {
			/* a relative holidays path is relative to profiles.csv,
			   so a client's directory can be used from anywhere */
			struct sc_error he;
			char full[4096];
			cell_path(path, hol, full, sizeof(full));
			if (sc_hours_load_holidays(&pr->hours, full, &he) < 0) {
				cell_file_error(e, t, i, "holidays", &he);
				goto fail;
			}
		}
		if (*slaf) {
			struct sc_error se;
			char full[4096];
			cell_path(path, slaf, full, sizeof(full));
			if ((pr->sla_table = sc_sla_load(full, &se)) == NULL) {
				cell_file_error(e, t, i, "sla_file", &se);
				goto fail;
			}
		}
	}
	return p;
fail:
	sc_profiles_free(p);
	return NULL;
}

void
sc_profiles_free(struct sc_profiles *p)
{
	size_t i;

	if (p == NULL)
		return;
	for (i = 0; i < p->n; i++) {
		sc_hours_release(&p->v[i].hours);
		sc_sla_free(p->v[i].sla_table);
	}
	free(p->v);
	sc_table_free(p->table);
	free(p);
}

const struct sc_profile *
sc_profiles_find(const struct sc_profiles *p, const char *name)
{
	size_t i;

	if (p == NULL || name == NULL)
		return NULL;
	for (i = 0; i < p->n; i++)
		if (strcmp(p->v[i].name, name) == 0)
			return &p->v[i];
	return NULL;
}

const struct sc_profile *
sc_profiles_find_account(const struct sc_profiles *p, const char *platform,
			 const char *account_id)
{
	size_t i;

	if (p == NULL || account_id == NULL)
		return NULL;
	for (i = 0; i < p->n; i++)
		if (strcmp(p->v[i].account_id, account_id) == 0 &&
		    (platform == NULL || strcmp(p->v[i].platform, platform) == 0))
			return &p->v[i];
	return NULL;
}

const char *
sc_profile_get(const struct sc_profiles *p, const struct sc_profile *pr,
	       const char *column)
{
	return sc_table_get(p->table, pr->row, column);
}
