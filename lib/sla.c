/*
 * sla.c - service levels: which first-response target a message gets and
 * when it is due (sc(7) SERVICE LEVELS).
 *
 * The target comes from, most specific first:
 *   1. a rules.csv row's `sla` effect (the last matching row's);
 *   2. the profile's sla.csv (profiles.csv column sla_file): rows of
 *      profile, priority, day, sla, clock; a row matches when each of
 *      its non-empty conditions holds; the most specific matching row
 *      wins: one naming a priority beats one that does not, then one
 *      naming the profile, then one naming a day type (weights 4, 2, 1),
 *      and a later row wins a tie (so a P1 row stays the P1 target at
 *      weekends unless a row names both);
 *   3. the profile's `sla` column (60m, 10m for a youth audience).
 * The day is the type of the local date the message arrives on, in the
 * profile's zone: holiday (a date in its holidays file, closed or with
 * other hours), else weekend (Saturday, Sunday), else weekday.  The clock
 * is business (the target is counted inside the profile's hours, so a
 * message on Friday evening is due on Monday) or wall (round the clock:
 * a crisis at 3 a.m. is due at 3:15).  sla.csv is small and held whole;
 * a pick is a walk over its rows.
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "sc.h"

static const char *const sla_columns[] = {"profile", "priority", "day", "sla", "clock", "note"};

/* Next item of a '|', ',', ';' or space separated cell; its length or 0. */
static size_t
next_item(const char **p, const char **item)
{
	const char *s = *p;
	size_t n;

	while (*s && strchr("|,; ", *s))
		s++;
	*item = s;
	while (*s && !strchr("|,; ", *s))
		s++;
	n = (size_t)(s - *item);
	*p = s;
	return n;
}

static int
parse_priorities(const char *v, unsigned *mask)
{
	const char *it;
	size_t n;

	*mask = 0;
	while ((n = next_item(&v, &it)) > 0) {
		if (n != 2 || (it[0] != 'P' && it[0] != 'p') || it[1] < '1' || it[1] > '4')
			return -1;
		*mask |= 1u << (it[1] - '0');
	}
	return 0;
}

static int
parse_day_types(const char *v, unsigned *mask)
{
	static const char *const names[] = {"weekday", "weekend", "holiday"};
	const char *it;
	size_t n;
	int k;

	*mask = 0;
	while ((n = next_item(&v, &it)) > 0) {
		for (k = 0; k < 3; k++)
			if (strlen(names[k]) == n && strncasecmp(it, names[k], n) == 0)
				break;
		if (k == 3)
			return -1;
		*mask |= 1u << k;
	}
	return 0;
}

struct sc_sla *
sc_sla_load(const char *path, struct sc_error *e)
{
	struct sc_table *t = sc_table_load(path, e);
	struct sc_sla *s;
	size_t i, j, k;

	if (t == NULL)
		return NULL;
	for (j = 0; j < t->ncols; j++) {
		for (k = 0; k < sizeof(sla_columns) / sizeof(sla_columns[0]); k++)
			if (strcmp(t->header[j], sla_columns[k]) == 0)
				break;
		if (k == sizeof(sla_columns) / sizeof(sla_columns[0])) {
			sc_error_set(e, SC_EX_CONFIG, path, 1, (long)j + 1,
				     "unknown column '%s' (want profile, priority, day, sla, clock, note)",
				     t->header[j]);
			sc_table_free(t);
			return NULL;
		}
	}
	if (sc_table_col(t, "sla") < 0) {
		sc_error_set(e, SC_EX_CONFIG, path, 1, 0, "missing column 'sla'");
		sc_table_free(t);
		return NULL;
	}
	s = sc_xcalloc(1, sizeof(*s));
	s->v = sc_xcalloc(t->nrows ? t->nrows : 1, sizeof(*s->v));
	for (i = 0; i < t->nrows; i++) {
		struct sc_sla_row *r = &s->v[s->n];
		const char *v, *col;
		char msg[200];

#define BAD(c, ...) do { col = (c); snprintf(msg, sizeof(msg), __VA_ARGS__); goto bad; } while (0)
		r->line = t->lines[i];
		v = sc_table_get(t, i, "profile");
		if (*v) {
			snprintf(r->profile, sizeof(r->profile), "%s", v);
			if (strlen(v) >= sizeof(r->profile))
				BAD("profile", "profile name too long");
			r->conditions += 2;
		}
		v = sc_table_get(t, i, "priority");
		if (parse_priorities(v, &r->priorities) < 0)
			BAD("priority", "bad priority '%.40s' (want P1-P4, or a list: P1|P2)", v);
		r->conditions += r->priorities ? 4 : 0;
		v = sc_table_get(t, i, "day");
		if (parse_day_types(v, &r->days) < 0)
			BAD("day", "bad day '%.40s' (want weekday, weekend or holiday, or a list)", v);
		r->conditions += r->days != 0;
		v = sc_table_get(t, i, "sla");
		if (sc_duration_read(v, &r->sla) < 0 || r->sla <= 0)
			BAD("sla", "bad SLA '%.40s' (want a duration: 15m, 2h, 1d)", v);
		v = sc_table_get(t, i, "clock");
		if (*v == '\0' || strcasecmp(v, "business") == 0)
			r->wall = 0;
		else if (strcasecmp(v, "wall") == 0)
			r->wall = 1;
		else
			BAD("clock", "bad clock '%.40s' (want business or wall)", v);
		s->n++;
		continue;
#undef BAD
bad:
		sc_error_set(e, SC_EX_CONFIG, path, t->lines[i], (long)sc_table_col(t, col) + 1,
			     "%s", msg);
		sc_table_free(t);
		sc_sla_free(s);
		return NULL;
	}
	sc_table_free(t);
	return s;
}

void
sc_sla_free(struct sc_sla *s)
{
	if (s == NULL)
		return;
	free(s->v);
	free(s);
}

const struct sc_sla_row *
sc_sla_pick(const struct sc_sla *s, const char *profile, int priority, int day_type)
{
	const struct sc_sla_row *best = NULL;
	size_t i;

	for (i = 0; s != NULL && i < s->n; i++) {
		const struct sc_sla_row *r = &s->v[i];
		if (r->profile[0] && (profile == NULL || strcmp(r->profile, profile) != 0))
			continue;
		if (r->priorities && !(priority >= 1 && priority <= 4 &&
				       (r->priorities & (1u << priority))))
			continue;
		if (r->days && !(r->days & (1u << day_type)))
			continue;
		if (best == NULL || r->conditions >= best->conditions)
			best = r;
	}
	return best;
}

int64_t
sc_sla_due(const struct sc_profile *pr, int64_t created, int priority, int64_t rule_sla)
{
	const struct sc_sla_row *r;
	int64_t sla = pr->sla;
	int wall = 0;

	r = sc_sla_pick(pr->sla_table, pr->name, priority,
			sc_hours_day_type(&pr->hours, created, NULL));
	if (r != NULL) {
		sla = r->sla;
		wall = r->wall;
	}
	if (rule_sla > 0)
		sla = rule_sla;
	return wall ? created + sla : sc_hours_add(&pr->hours, created, sla);
}
