/*
 * fetch_quota.c - sc-fetch's quota memory: what a run learnt about a
 * token's limits, kept for the next run (DIR/fetch/quota.json, written
 * by fetch_state.c) so that a cron run does not spend a request, or a
 * burst, to learn it again.
 *
 *   holds   a limit with a known end: an X usage cap (an hour: the answer
 *           does not say when the billing period ends), a YouTube quota
 *           (the next Pacific midnight), a LinkedIn DAY limit (00:00 UTC),
 *           an X rate-limit window used up (x-rate-limit-reset), a Graph
 *           wait past --max-wait (estimated_time_to_regain_access).  A
 *           profile whose token is held is not asked at all before the end
 *           (75, saying so); its state does not move.
 *   usage   Graph's own figure of how much of the budget is spent: the
 *           largest percentage in X-App-Usage and X-Business-Use-Case-Usage
 *           (no header means about 0%).  At or above --slow-at (80%) every
 *           point adds 200 ms between the token's requests, up to 5 s; a
 *           remembered figure (under an hour old) paces the next run from
 *           its first request, until an answer says otherwise.
 *   calls   a profile with a daily_budget column (LinkedIn's Development
 *           tier: 100 calls a member a day) counts its token's calls per
 *           UTC day and stops at the budget, before the platform's 429.
 *
 * Keys are the platform and the first 16 hex digits of the token's
 * SHA-256: profiles sharing a token share its limits; the token itself is
 * never written.  The file is advisory: a damaged one is ignored with a
 * warning and written anew.
 */
#include <stdio.h>
#include <string.h>

#include "fetch_int.h"
#include "reply.h"

#define USAGE_TTL 3600		/* s a remembered usage figure counts */
#define X_CAP_HOLD 3600		/* s an X usage cap is held (its end is not told) */

void
sc_fetch_quota_key(struct sc_fetch_prof *pr)
{
	struct sc_sha256 c;
	unsigned char d[32];
	int i, n;

	sc_sha256_init(&c);
	sc_sha256_update(&c, pr->token, strlen(pr->token));
	sc_sha256_final(&c, d);
	n = snprintf(pr->qkey, sizeof(pr->qkey), "%s:", sc_platform_name(pr->plat));
	for (i = 0; i < 8 && n + 2 < (int)sizeof(pr->qkey); i++)
		n += snprintf(pr->qkey + n, sizeof(pr->qkey) - (size_t)n, "%02x", d[i]);
}

static json_t *
section(struct sc_fetch_run *r, const char *name)
{
	json_t *s = json_object_get(r->quota, name);

	if (!json_is_object(s)) {
		s = json_object();
		json_object_set_new(r->quota, name, s);
	}
	return s;
}

int64_t
sc_fetch_quota_held(struct sc_fetch_run *r, struct sc_fetch_prof *pr, char *why, size_t cap)
{
	json_t *h = json_object_get(json_object_get(r->quota, "holds"), pr->qkey);
	int64_t until = 0;

	if (!json_is_object(h) || sc_time_parse_json(json_object_get(h, "until"), &until) < 0 ||
	    until <= r->o->now)
		return 0;
	snprintf(why, cap, "%.250s (remembered from an earlier run; not asked before %s)",
		 sc_json_str(h, "why") ? sc_json_str(h, "why") : "a limit", sc_json_str(h, "until"));
	return until;
}

void
sc_fetch_quota_hold(struct sc_fetch_run *r, struct sc_fetch_prof *pr, int64_t until_ms_wall,
		    const char *why)
{
	json_t *h;
	char at[32];
	int64_t until = (until_ms_wall + 999) / 1000;

	if (until_ms_wall <= 0)		/* not told: an X usage cap */
		until = sc_api_wall_ms() / 1000 + X_CAP_HOLD;
	if (until <= sc_api_wall_ms() / 1000)
		return;
	sc_time_format(until, at);
	h = json_object();
	json_object_set_new(h, "until", json_string(at));
	json_object_set_new(h, "why", json_string(why));
	json_object_set_new(section(r, "holds"), pr->qkey, h);
	r->quota_dirty = 1;
}

/* The largest percentage in a usage header, -1 when there is none. */
static int
header_pct(const char *hdr, int64_t *regain_min)
{
	json_t *doc, *v, *arr, *o;
	const char *k, *k2;
	size_t i;
	int pct = -1;

	if (hdr == NULL || *hdr == '\0' || (doc = json_loads(hdr, 0, NULL)) == NULL)
		return -1;
	json_object_foreach(doc, k, v) {
		if (json_is_integer(v) && strcmp(k, "estimated_time_to_regain_access") != 0) {
			if (json_integer_value(v) > pct)	/* X-App-Usage */
				pct = (int)(json_integer_value(v) > 1000 ? 1000 : json_integer_value(v));
			continue;
		}
		arr = v;		/* X-Business-Use-Case-Usage: id -> [{...}] */
		json_array_foreach(arr, i, o) {
			json_t *x;
			json_object_foreach(o, k2, x) {
				if (!json_is_integer(x))
					continue;
				if (strcmp(k2, "estimated_time_to_regain_access") == 0) {
					if (json_integer_value(x) > *regain_min)
						*regain_min = json_integer_value(x);
				} else if (json_integer_value(x) > pct) {
					pct = (int)(json_integer_value(x) > 1000 ? 1000 : json_integer_value(x));
				}
			}
		}
	}
	json_decref(doc);
	return pct;
}

static void
pace(struct sc_fetch_run *r, struct sc_fetch_prof *pr, int pct)
{
	int at = r->o->slow_at > 0 ? r->o->slow_at : 80;
	int64_t ms = pct >= at ? (int64_t)(pct - at + 1) * 200 : 0;

	if (ms > 5000)
		ms = 5000;
	if (ms != pr->pace_ms)
		sc_fetch_say(r, ms ? 1 : 0, "profile %s: Graph usage %d%%%s", pr->p->name, pct,
			     ms ? ", slowing down" : ", back to full speed");
	if (ms && ms != pr->pace_ms)
		sc_fetch_say(r, 0, "profile %s: %lld ms between requests", pr->p->name, (long long)ms);
	pr->pace_ms = ms;
}

static void
utc_day(int64_t t, char day[16])
{
	char iso[32];

	sc_time_format(t, iso);
	snprintf(day, 16, "%.10s", iso);
}

void
sc_fetch_quota_count(struct sc_fetch_run *r, struct sc_fetch_prof *pr)
{
	json_t *c;
	char day[16];

	if (pr->budget <= 0)
		return;
	pr->calls++;
	utc_day(sc_api_wall_ms() / 1000, day);
	c = json_object();
	json_object_set_new(c, "day", json_string(day));
	json_object_set_new(c, "n", json_integer(pr->calls));
	json_object_set_new(section(r, "calls"), pr->qkey, c);
	r->quota_dirty = 1;
}

void
sc_fetch_quota_spent(struct sc_fetch_run *r, struct sc_fetch_prof *pr)
{
	char why[200];
	int64_t now = sc_api_wall_ms() / 1000;

	snprintf(why, sizeof(why), "daily budget of %ld calls spent (daily_budget, sc-fetch's own count); "
		 "not asked before 00:00 UTC", pr->budget);
	sc_fetch_quota_hold(r, pr, (now / 86400 + 1) * 86400 * 1000, why);
	sc_fetch_prof_fail(r, pr, SC_EX_TEMPFAIL, why);
}

void
sc_fetch_quota_start(struct sc_fetch_run *r, struct sc_fetch_prof *pr)
{
	json_t *u = json_object_get(json_object_get(r->quota, "usage"), pr->qkey);
	json_t *c = json_object_get(json_object_get(r->quota, "calls"), pr->qkey);
	int64_t at = 0;
	char day[16];

	utc_day(r->o->now, day);
	if (pr->budget > 0 && sc_json_str(c, "day") && strcmp(sc_json_str(c, "day"), day) == 0)
		pr->calls = (long)json_integer_value(json_object_get(c, "n"));

	if (!json_is_object(u) || sc_time_parse_json(json_object_get(u, "at"), &at) < 0 ||
	    at < r->o->now - USAGE_TTL)
		return;
	pace(r, pr, (int)json_integer_value(json_object_get(u, "pct")));
}

int64_t
sc_fetch_quota_usage(struct sc_fetch_run *r, struct sc_fetch_prof *pr, const struct sc_api_resp *rs)
{
	int64_t regain = 0;
	int a = header_pct(rs->app_usage, &regain), b = header_pct(rs->buc, &regain);
	int pct = a > b ? a : b;
	json_t *u;
	char at[32];

	if (!sc_platform_is_graph(pr->plat))
		return 0;
	if (pct < 0)
		pct = 0;	/* no header: "effectively 0%" */
	pace(r, pr, pct);
	if (pct > 0 || json_object_get(json_object_get(r->quota, "usage"), pr->qkey)) {
		sc_time_format(sc_api_wall_ms() / 1000, at);
		u = json_object();
		json_object_set_new(u, "pct", json_integer(pct));
		json_object_set_new(u, "at", json_string(at));
		json_object_set_new(section(r, "usage"), pr->qkey, u);
		r->quota_dirty = 1;
	}
	return regain;
}
