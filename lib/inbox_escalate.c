/*
 * inbox_escalate.c - the escalate action of sc-inbox and the internal
 * SLA of the team a case goes to.  teams.csv (sc(7) TEAMS) gives each
 * team its own target (the sla cell) counted in its own business hours
 * (hours, tz and holidays cells, read as profiles.csv's are: empty hours
 * is round the clock, a relative holidays file is relative to
 * teams.csv).  The "escalated" status record carries the team and, when
 * the team has an sla, due_at: the time the target has passed in the
 * team's hours from the escalation.  sc-stats counts the escalations
 * answered by then (escalation_within_sla) and sc-cron-client warns the
 * team of one overdue.
 */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "inbox_int.h"

static int
cell_error(struct sc_error *e, const struct sc_table *t, size_t i, const char *col,
	   const char *what)
{
	return sc_error_set(e, SC_EX_CONFIG, t->path, t->lines[i], sc_table_col(t, col) + 1,
			    "%s", what);
}

int
sc_team_due(const char *teams, const char *team, int64_t at, int64_t *due,
	    struct sc_error *e)
{
	struct sc_table *t;
	struct sc_hours h;
	struct sc_error he;
	const char *sla, *hol;
	int64_t secs;
	size_t i;

	*due = 0;
	if (teams == NULL || team == NULL || *team == '\0' || access(teams, F_OK) < 0)
		return 0;
	if ((t = sc_table_load(teams, e)) == NULL)
		return -1;
	for (i = 0; i < t->nrows; i++)
		if (strcmp(sc_table_get(t, i, "team"), team) == 0)
			break;
	if (i == t->nrows || *(sla = sc_table_get(t, i, "sla")) == '\0') {
		sc_table_free(t);
		return 0;
	}
	if ((secs = sc_duration_parse(sla)) <= 0) {
		cell_error(e, t, i, "sla", "bad sla (want e.g. 30m, 4h, 1d)");
		sc_table_free(t);
		return -1;
	}
	if (sc_hours_init(&h, sc_table_get(t, i, "hours"), "", sc_table_get(t, i, "tz"), &he) < 0) {
		cell_error(e, t, i, strstr(he.text, "zone") ? "tz" : "hours", he.text);
		sc_table_free(t);
		return -1;
	}
	if (*(hol = sc_table_get(t, i, "holidays")) != '\0') {
		const char *slash = strrchr(teams, '/');
		char full[4096], msg[512];
		if (hol[0] != '/' && slash != NULL)
			snprintf(full, sizeof(full), "%.*s/%s", (int)(slash - teams), teams, hol);
		else
			snprintf(full, sizeof(full), "%s", hol);
		if (sc_hours_load_holidays(&h, full, &he) < 0) {
			if (he.line > 0)
				snprintf(msg, sizeof(msg), "holidays: %.200s:%ld: %.200s", he.source,
					 he.line, he.text);
			else
				snprintf(msg, sizeof(msg), "holidays: %.200s: %.200s", he.source, he.text);
			cell_error(e, t, i, "holidays", msg);
			sc_hours_release(&h);
			sc_table_free(t);
			return -1;
		}
	}
	*due = sc_hours_add(&h, at, secs);
	sc_hours_release(&h);
	sc_table_free(t);
	return 1;
}

int
sc_inbox_escalate(struct sc_inbox *ib, struct sc_conv *c, const char *agent, const char *team,
		  const char *teams, struct sc_error *e)
{
	json_t *f;
	int64_t due = 0;
	char when[32];
	int rc;

	if (sc_inbox_need_open(c, e) < 0)
		return -1;
	if (team && *team && sc_team_due(teams, team, ib->now, &due, e) < 0)
		return -1;
	f = sc_inbox_base_fields(c, agent);
	if (team && *team)
		json_object_set_new(f, "team", json_string(team));
	if (due > 0) {
		sc_time_format(due, when);
		json_object_set_new(f, "due_at", json_string(when));
	}
	json_object_set_new(f, "status", json_string("escalated"));
	rc = sc_inbox_append(ib, "status", f, e);
	json_decref(f);
	return rc;
}
