/*
 * stats_partial.c - --partial writes the facts (with the tuples and agents
 * they refer to) as NDJSON; --merge reads partials back, renumbering each
 * partial's tuple and agent indexes into this object's, so a merge of the
 * partials of any split rebuilds the single-pass state exactly.
 */
#include <stdlib.h>
#include <string.h>

#include "stats_int.h"

/* ---- partials ---- */

static void
hex64(struct sc_buf *b, uint64_t h)
{
	sc_buf_printf(b, "\"%016llx\"", (unsigned long long)h);
}

static int
unhex64(const json_t *v, uint64_t *h)
{
	const char *s = json_string_value(v);
	char *end;

	if (v == NULL || json_is_null(v)) {
		*h = 0;
		return 0;
	}
	if (s == NULL || strlen(s) != 16)
		return -1;
	*h = strtoull(s, &end, 16);
	return *end == '\0' ? 0 : -1;
}

static void
json_str_or_null(struct sc_buf *b, const char *v)
{
	if (v)
		sc_buf_add_json_string(b, v, strlen(v));
	else
		sc_buf_adds(b, "null");
}

static const char *tuple_fields[A_N] = {"profile", "platform", "kind", "visibility",
					"category", "team", "priority", "sentiment",
					"template", "variant"};
/* The letter of each fact type on a partial line ("m"). */
static const char types[] = "cbsnv";

int
sc_stats_write_partial(struct sc_stats *s, struct sc_out *out)
{
	struct sc_buf *b = &s->kb;
	size_t i;
	int k;

	sc_buf_reset(b);
	sc_buf_adds(b, "{\"sc_stats\":\"partial\",\"version\":1}");
	if (sc_out_line(out, b->data, b->len) < 0)
		return -1;
	for (i = 0; i < s->ntu; i++) {
		struct tuple *t = &s->tu[i];
		sc_buf_reset(b);
		sc_buf_printf(b, "{\"tuple\":%zu", i);
		for (k = 0; k < A_N; k++) {
			sc_buf_printf(b, ",\"%s\":", tuple_fields[k]);
			json_str_or_null(b, t->v[k]);
		}
		sc_buf_adds(b, ",\"tags\":[");
		for (size_t j = 0; j < t->ntags; j++) {
			if (j)
				sc_buf_addc(b, ',');
			json_str_or_null(b, t->tags[j]);
		}
		sc_buf_adds(b, "]}");
		if (sc_out_line(out, b->data, b->len) < 0)
			return -1;
	}
	for (i = 1; i < s->nag; i++) {
		sc_buf_reset(b);
		sc_buf_printf(b, "{\"agent\":%zu,\"name\":", i);
		json_str_or_null(b, s->agents[i]);
		sc_buf_addc(b, '}');
		if (sc_out_line(out, b->data, b->len) < 0)
			return -1;
	}
	for (i = 0; i < s->nthn; i++) {
		sc_buf_reset(b);
		sc_buf_adds(b, "{\"thread\":");
		hex64(b, sc_hash64(s->thn[i], strlen(s->thn[i])));
		sc_buf_adds(b, ",\"name\":");
		json_str_or_null(b, s->thn[i]);
		sc_buf_addc(b, '}');
		if (sc_out_line(out, b->data, b->len) < 0)
			return -1;
	}
	for (i = 0; i < s->n; i++) {
		struct ent *x = &s->e[i];
		sc_buf_reset(b);
		sc_buf_printf(b, "{\"m\":\"%c\",\"id\":", types[x->type]);
		hex64(b, x->id);
		sc_buf_adds(b, ",\"th\":");
		hex64(b, x->th);
		if (x->type == T_BRAND && x->par) {
			sc_buf_adds(b, ",\"pa\":");
			hex64(b, x->par);
		}
		if (x->type == T_CUST && x->au)
			sc_buf_printf(b, ",\"au\":%u", x->au);
		if ((x->type == T_CUST || x->type == T_STATUS) && x->due)
			sc_buf_printf(b, ",\"du\":%u", x->due);
		sc_buf_printf(b, ",\"t\":%lld", (long long)x->t);
		if (x->type == T_STATUS)
			sc_buf_printf(b, ",\"st\":\"%s\"", sc_schema_statuses[x->st - 1]);
		else if (x->type == T_SURVEY)
			sc_buf_printf(b, ",\"r\":%u", x->st);
		sc_buf_printf(b, ",\"a\":%u", x->attr);
		if (x->agent)
			sc_buf_printf(b, ",\"g\":%u", x->agent);
		if (x->flags)
			sc_buf_printf(b, ",\"f\":%u", x->flags);
		sc_buf_addc(b, '}');
		if (sc_out_line(out, b->data, b->len) < 0)
			return -1;
	}
	return 0;
}

static void
map_set(uint32_t **m, size_t *n, size_t i, uint32_t v)
{
	if (i >= *n) {
		size_t nn = i + 64;
		*m = sc_xrealloc(*m, nn * sizeof(**m));
		for (size_t j = *n; j < nn; j++)
			(*m)[j] = UINT32_MAX;
		*n = nn;
	}
	(*m)[i] = v;
}

#define PARTIAL_BAD(what) sc_error_set(e, SC_EX_DATAERR, NULL, 0, 0, "bad partial line: %s", what)

int
sc_stats_add_partial(struct sc_stats *s, const json_t *l, struct sc_error *e)
{
	json_t *v;

	if ((v = json_object_get(l, "sc_stats")) != NULL) {
		if (!json_is_string(v) || strcmp(json_string_value(v), "partial") != 0 ||
		    json_integer_value(json_object_get(l, "version")) != 1)
			return PARTIAL_BAD("unknown partial version");
		s->in_partial = 1;
		for (size_t i = 0; i < s->npmap_tu; i++)
			s->pmap_tu[i] = UINT32_MAX;
		for (size_t i = 0; i < s->npmap_ag; i++)
			s->pmap_ag[i] = UINT32_MAX;
		return 0;
	}
	if (!s->in_partial)
		return sc_error_set(e, SC_EX_DATAERR, NULL, 0, 0,
				    "not an sc-stats partial (no header line)");
	if ((v = json_object_get(l, "tuple")) != NULL) {
		const char *vals[A_N], *tags[32];
		size_t ntags = 0, i;
		json_t *tg = json_object_get(l, "tags"), *it;
		int k;
		if (!json_is_integer(v) || json_integer_value(v) < 0 ||
		    json_integer_value(v) > 10000000)
			return PARTIAL_BAD("tuple index");
		sc_buf_reset(&s->kb);
		for (k = 0; k < A_N; k++) {
			vals[k] = sc_json_str(l, tuple_fields[k]);
			sc_stats_key_add(&s->kb, vals[k]);
		}
		json_array_foreach(tg, i, it) {
			if (json_is_string(it) && ntags < 32) {
				tags[ntags] = json_string_value(it);
				sc_stats_key_add(&s->kb, tags[ntags++]);
			}
		}
		map_set(&s->pmap_tu, &s->npmap_tu, (size_t)json_integer_value(v),
			sc_stats_tuple_intern(s, vals, tags, ntags));
		if (vals[A_CATEGORY] || ntags)
			s->any_triage = 1;
		return 0;
	}
	if ((v = json_object_get(l, "thread")) != NULL) {
		uint64_t h;
		const char *name = sc_json_str(l, "name");
		if (unhex64(v, &h) < 0 || name == NULL || h != sc_hash64(name, strlen(name)))
			return PARTIAL_BAD("thread");
		if (s->o->partial || sc_stats_by_has(s->o, SC_BY_THREAD))
			sc_stats_thread_name(s, h, name);
		return 0;
	}
	if ((v = json_object_get(l, "agent")) != NULL) {
		if (!json_is_integer(v) || json_integer_value(v) < 1 ||
		    json_integer_value(v) > 10000000 || !sc_json_str(l, "name"))
			return PARTIAL_BAD("agent");
		map_set(&s->pmap_ag, &s->npmap_ag, (size_t)json_integer_value(v),
			sc_stats_agent_intern(s, sc_json_str(l, "name")));
		return 0;
	}
	{
		const char *m = sc_json_str(l, "m");
		struct ent x;
		json_t *t = json_object_get(l, "t");
		memset(&x, 0, sizeof(x));
		json_int_t a, g;
		if (m == NULL || strlen(m) != 1 || strchr(types, m[0]) == NULL)
			return PARTIAL_BAD("unknown line");
		x.type = (uint8_t)(strchr(types, m[0]) - types);
		if (unhex64(json_object_get(l, "id"), &x.id) < 0 ||
		    unhex64(json_object_get(l, "th"), &x.th) < 0 || !json_is_integer(t))
			return PARTIAL_BAD("id, th or t");
		if (x.type == T_BRAND && unhex64(json_object_get(l, "pa"), &x.par) < 0)
			return PARTIAL_BAD("pa");
		if (x.type == T_CUST) {
			json_int_t au = json_integer_value(json_object_get(l, "au"));
			json_int_t du = json_integer_value(json_object_get(l, "du"));
			if (au < 0 || au > UINT32_MAX || du < 0 || du > UINT32_MAX)
				return PARTIAL_BAD("au or du");
			x.au = (uint32_t)au;
			x.due = (uint32_t)du;
		} else if (x.type == T_STATUS && json_object_get(l, "du")) {
			json_int_t du = json_integer_value(json_object_get(l, "du"));
			if (du < 0 || du > UINT32_MAX)
				return PARTIAL_BAD("du");
			x.due = (uint32_t)du;
		}
		x.t = json_integer_value(t);
		if (x.t < SC_STATS_T_MIN || x.t > SC_STATS_T_MAX)
			return PARTIAL_BAD("t out of range");
		x.flags = (uint8_t)json_integer_value(json_object_get(l, "f"));
		if (x.type == T_STATUS) {
			int i = sc_stats_name_index(sc_schema_statuses, ST_ASSIGNED, sc_json_str(l, "st"));
			if (i < 0)
				return PARTIAL_BAD("status");
			x.st = (uint8_t)(i + 1);
		} else if (x.type == T_SURVEY) {
			json_int_t r = json_integer_value(json_object_get(l, "r"));
			if (!json_is_integer(json_object_get(l, "r")) || r < 0 ||
			    r > ((x.flags & F_NPS) ? 10 : 5) || (!(x.flags & F_NPS) && r < 1))
				return PARTIAL_BAD("survey rating");
			x.st = (uint8_t)r;
		}
		a = json_integer_value(json_object_get(l, "a"));
		g = json_integer_value(json_object_get(l, "g"));
		if (json_object_get(l, "a") == NULL && x.type == T_STATUS) {
			/* a partial of version 1 before status tuples */
			const char *none[A_N] = {NULL};
			sc_buf_reset(&s->kb);
			for (int k = 0; k < A_N; k++)
				sc_stats_key_add(&s->kb, NULL);
			x.attr = sc_stats_tuple_intern(s, none, NULL, 0);
		} else if (a < 0 || (size_t)a >= s->npmap_tu || s->pmap_tu[a] == UINT32_MAX) {
			return PARTIAL_BAD("undefined tuple");
		} else {
			x.attr = s->pmap_tu[a];
		}
		if (g > 0) {
			if ((size_t)g >= s->npmap_ag || s->pmap_ag[g] == UINT32_MAX)
				return PARTIAL_BAD("undefined agent");
			x.agent = s->pmap_ag[g];
		}
		if (x.type <= T_BRAND && (x.flags & F_TRIAGE))
			s->any_triage = 1;
		if (x.type == T_STATUS && x.due)
			s->any_esc_due = 1;
		sc_stats_put(s, &x);
	}
	return 0;
}
