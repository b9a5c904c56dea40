/*
 * platform.c - platform facts the programs that talk to the platform APIs
 * (sc-fetch, sc-reply --send) must agree on: names, the Graph version
 * (SC_GRAPH_VERSION in api.h), the default API origins, which base URL a
 * profile uses, and what an error answer means.  The classes here are
 * facts about the platforms ("the token is gone", "wait", "the object
 * does not exist"); what a class costs (skip a listing, count a write as
 * done) stays with each program.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "api.h"
#include "schema.h"

/* The schema platform (lib/schema.h) behind each platform the API client
   talks to: the names are schema.h's. */
static const int plat_schema[SC_PLAT_N] = {
	[SC_PLAT_FACEBOOK] = SC_PLATFORM_FACEBOOK, [SC_PLAT_INSTAGRAM] = SC_PLATFORM_INSTAGRAM,
	[SC_PLAT_X] = SC_PLATFORM_X, [SC_PLAT_YOUTUBE] = SC_PLATFORM_YOUTUBE,
	[SC_PLAT_GOOGLE] = SC_PLATFORM_GOOGLE, [SC_PLAT_TIKTOK] = SC_PLATFORM_TIKTOK,
	[SC_PLAT_LINKEDIN] = SC_PLATFORM_LINKEDIN,
};

static const char *default_base[SC_PLAT_N] = {
	"https://graph.facebook.com", "https://graph.facebook.com", "https://api.x.com",
	"https://www.googleapis.com", "https://mybusiness.googleapis.com",
	"https://business-api.tiktok.com", "https://api.linkedin.com"
};

int
sc_platform_parse(const char *s)
{
	int i, p = sc_schema_platform_ci(s);

	for (i = 0; i < SC_PLAT_N; i++)
		if (p >= 0 && plat_schema[i] == p)
			return i;
	if (strcasecmp(s, "gbp") == 0)
		return SC_PLAT_GOOGLE;
	return -1;
}

const char *
sc_platform_name(int plat)
{
	return plat >= 0 && plat < SC_PLAT_N ? sc_schema_platforms[plat_schema[plat]] : "?";
}

int
sc_platform_is_graph(int plat)
{
	return plat == SC_PLAT_FACEBOOK || plat == SC_PLAT_INSTAGRAM;
}

const char *
sc_platform_default_base(int plat)
{
	return plat >= 0 && plat < SC_PLAT_N ? default_base[plat] : NULL;
}

int
sc_base_url_arg(const char *arg, const char *base[SC_PLAT_N], const char **base_all,
		char why[200])
{
	const char *eq = strchr(arg, '=');
	const char *scheme = strstr(arg, "://");
	const char *url = arg;
	char *origin = NULL;
	int plat = -1;

	if (eq && (scheme == NULL || eq < scheme)) {
		char name[32];
		snprintf(name, sizeof(name), "%.*s", (int)(eq - arg), arg);
		plat = sc_platform_parse(name);
		if (plat < 0) {
			snprintf(why, 200, "unknown platform '%s'", name);
			return -1;
		}
		url = eq + 1;
	}
	if (sc_url_check_base(url, &origin, why) < 0)
		return -1;
	free(origin);
	if (plat >= 0)
		base[plat] = url;
	else
		*base_all = url;
	return 0;
}

int
sc_platform_base(int plat, const char *own, const char *const base[SC_PLAT_N],
		 const char *base_all, char **origin, char **basep, char why[200])
{
	const char *b = own && *own ? own : base[plat] ? base[plat] :
			(plat == SC_PLAT_INSTAGRAM && base[SC_PLAT_FACEBOOK]) ? base[SC_PLAT_FACEBOOK] :
			base_all ? base_all : sc_platform_default_base(plat);
	size_t n, on;

	*basep = NULL;
	if (sc_url_check_base(b, origin, why) < 0)
		return -1;
	*basep = sc_xstrdup(b);
	n = strlen(*basep);
	on = strlen(*origin);
	while (n > on && (*basep)[n - 1] == '/')
		(*basep)[--n] = '\0';
	return 0;
}

int
sc_graph_error_class(long long code, int transient, long status)
{
	if (code == 190 || code == 102 || code == 104 || code == 463 || code == 467)
		return SC_GRAPH_TOKEN;
	if (code == 4)
		return SC_GRAPH_APP_THROTTLE;
	if (code == 17 || code == 32 || code == 613 || code == 80001 || code == 80002 ||
	    code == 80006)
		return SC_GRAPH_THROTTLE;
	if (code == 1 || code == 2 || transient || status >= 500)
		return SC_GRAPH_TRANSIENT;
	return SC_GRAPH_OTHER;
}

const char *
sc_youtube_error_reason(const json_t *err)
{
	const char *reason = sc_json_path_str(err, "errors.0.reason");
	const json_t *errs = json_object_get(err, "errors");

	if (reason == NULL && json_array_size(errs) > 0)
		reason = sc_json_str(json_array_get(errs, 0), "reason");
	return reason;
}

/* Graph X-Business-Use-Case-Usage: the largest estimated_time_to_regain_access, minutes. */
static int64_t
buc_minutes(const char *hdr)
{
	json_t *doc, *arr, *o;
	const char *k;
	size_t i;
	int64_t m = 0;

	if (*hdr == '\0')
		return 0;
	doc = json_loads(hdr, 0, NULL);
	json_object_foreach(doc, k, arr) {
		json_array_foreach(arr, i, o) {
			json_int_t v = json_integer_value(json_object_get(o, "estimated_time_to_regain_access"));
			if (v > m)
				m = v;
		}
	}
	json_decref(doc);
	return m;
}

/* Next midnight in America/Los_Angeles (the YouTube quota day), epoch s. */
static int64_t
next_pacific_midnight(int64_t now)
{
	struct tm tm;
	int64_t t;
	time_t u;
	struct tm n;

	if (sc_tz_local("America/Los_Angeles", now, &tm) < 0)
		return now + 86400;
	tm.tm_hour = 0;
	tm.tm_min = 0;
	tm.tm_sec = 0;
	tm.tm_mday += 1;
	tm.tm_isdst = -1;
	/* normalise the day overflow with timegm, then convert back */
	u = timegm(&tm);
	gmtime_r(&u, &n);
	if (sc_tz_mktime("America/Los_Angeles", &n, &t) < 0)
		return now + 86400;
	return t;
}

#define WHY(...) snprintf(ae->why, sizeof(ae->why), __VA_ARGS__)

/* The platform's own error text, redacted whole and only then cut to
   200 bytes: a cut first could leave the start of an echoed token. */
static void
platform_text(char *dst, size_t cap, const char *src, const char *token)
{
	size_t n = src ? strlen(src) : 0, tcap = 2 * n + 64;
	char *t = sc_xmalloc(tcap);

	snprintf(t, tcap, "%s", src ? src : "");
	sc_api_redact(t, tcap, token);
	snprintf(dst, cap, "%.200s", t);
	explicit_bzero(t, tcap);
	free(t);
}

static void
transport(const struct sc_api_resp *r, struct sc_api_error *ae)
{
	switch (r->cc) {
	case CURLE_PEER_FAILED_VERIFICATION:
	case CURLE_SSL_CONNECT_ERROR:
	case CURLE_SSL_CERTPROBLEM:
	case CURLE_SSL_CACERT_BADFILE:
	case CURLE_UNSUPPORTED_PROTOCOL:
		ae->cls = SC_API_NET_FATAL;
		WHY("TLS or protocol failure: %s", curl_easy_strerror(r->cc));
		return;
	default:
		if (r->too_big) {
			ae->cls = SC_API_TOO_BIG;
			WHY("response larger than %ld bytes", SC_API_MAX_BODY);
			return;
		}
		ae->cls = SC_API_NET_RETRY;
		WHY("%s", curl_easy_strerror(r->cc));
	}
}

static void
graph(const struct sc_api_resp *r, const json_t *err, const char *tokname, const char *token,
      struct sc_api_error *ae)
{
	json_int_t code = json_integer_value(json_object_get(err, "code"));
	int transient = json_is_true(json_object_get(err, "is_transient"));
	char msg[220];

	ae->code = (long long)code;
	ae->cls = sc_graph_error_class((long long)code, transient, r->status);
	platform_text(msg, sizeof(msg), sc_json_str(err, "message"), token);
	switch (ae->cls) {
	case SC_API_TOKEN:
		WHY("access token expired or invalid (Graph code %lld); put a new page token in %s and rerun",
		    (long long)code, tokname);
		return;
	case SC_API_APP_THROTTLE:
		WHY("Graph application throttling (code 4)");
		return;
	case SC_API_THROTTLE: {
		int64_t m = buc_minutes(r->buc);
		if (m > 0)
			ae->wait_ms = m * 60000;
		WHY("Graph throttling (code %lld)", (long long)code);
		return;
	}
	case SC_API_TRANSIENT:
		WHY("Graph transient error (code %lld, HTTP %ld)", (long long)code, r->status);
		return;
	}
	/* code 100 is also "Invalid cursor", "Invalid parameter": only an
	   object that is not there is gone */
	if (code == 100 && (strstr(msg, "does not exist") || strstr(msg, "nonexisting"))) {
		ae->cls = SC_API_GONE;
		WHY("the object does not exist (Graph code 100): %s", msg);
		return;
	}
	ae->cls = SC_API_REFUSED;
	WHY("refused (Graph code %lld, HTTP %ld)%s%s", (long long)code, r->status, *msg ? ": " : "", msg);
}

/* TikTok for Business: HTTP 200 (usually) and a "code" that is not 0. */
static void
tiktok(const json_t *doc, const char *tokname, const char *token, struct sc_api_error *ae)
{
	json_int_t code = json_integer_value(json_object_get(doc, "code"));
	char msg[220];

	ae->code = (long long)code;
	platform_text(msg, sizeof(msg), sc_json_str(doc, "message"), token);
	switch (code) {
	case 40105:
		ae->cls = SC_API_TOKEN;
		WHY("access token expired or invalid (TikTok code 40105); put a new token in %s and rerun",
		    tokname);
		return;
	case 40100:
		ae->cls = SC_API_THROTTLE;
		WHY("TikTok rate limit (code 40100)");
		return;
	case 40007:
		ae->cls = SC_API_GONE;
		WHY("the object does not exist (TikTok code 40007): %s", msg);
		return;
	case 40001:
		ae->cls = SC_API_REFUSED;
		WHY("no permission (TikTok code 40001): %s", msg);
		return;
	}
	ae->cls = code >= 50000 ? SC_API_TRANSIENT : SC_API_REFUSED;
	WHY("refused (TikTok code %lld): %s", (long long)code, msg);
}

/*
 * LinkedIn (Community Management API): a 429 naming a DAY limit is the
 * daily budget (Development tier: 500 calls per app, 100 per member, reset
 * at 00:00 UTC), not a short throttle; 401 names its code
 * (INVALID_/EXPIRED_/REVOKED_ACCESS_TOKEN); 426 is a sunset
 * LinkedIn-Version; 403 a member who is no admin of the organization.
 * Returns 1 when it classified the answer.
 */
static int
linkedin(const struct sc_api_resp *r, const json_t *doc, const char *tokname, const char *token,
	 int64_t now, struct sc_api_error *ae)
{
	const char *code = sc_json_str(doc, "code");
	char msg[220];

	platform_text(msg, sizeof(msg), sc_json_str(doc, "message"), token);
	switch (r->status) {
	case 429:
		if (strstr(msg, "DAY limit") == NULL)
			return 0;
		ae->cls = SC_API_CAPPED;
		ae->wait_ms = ((now / 86400 + 1) * 86400 - now) * 1000;
		WHY("LinkedIn daily limit reached (%.120s); not retried before 00:00 UTC", msg);
		return 1;
	case 401:
		ae->cls = SC_API_TOKEN;
		WHY("access token refused (LinkedIn %.40s); put a new token in %s and rerun",
		    code ? code : "HTTP 401", tokname);
		return 1;
	case 426:
		ae->cls = SC_API_REFUSED;
		WHY("LinkedIn-Version " SC_LINKEDIN_VERSION " refused as sunset (HTTP 426): %s", msg);
		return 1;
	case 403:
		ae->cls = SC_API_REFUSED;
		WHY("refused (LinkedIn HTTP 403%s%.40s): %.120s; the member must administer the organization "
		    "and the token needs r_organization_social", code ? " " : "", code ? code : "", msg);
		return 1;
	}
	return 0;
}

void
sc_api_classify(int plat, const struct sc_api_resp *r, const json_t *doc, const char *tokname,
		const char *token, int64_t now, struct sc_api_error *ae)
{
	const json_t *err = json_object_get(doc, "error");

	memset(ae, 0, sizeof(*ae));
	ae->wait_ms = -1;
	if (r->cc != CURLE_OK) {
		transport(r, ae);
		return;
	}
	if (sc_platform_is_graph(plat) && json_is_object(err)) {
		graph(r, err, tokname, token, ae);
		return;
	}
	if (plat == SC_PLAT_TIKTOK && json_is_integer(json_object_get(doc, "code")) &&
	    json_integer_value(json_object_get(doc, "code")) != 0) {
		tiktok(doc, tokname, token, ae);
		return;
	}
	if (plat == SC_PLAT_LINKEDIN && linkedin(r, doc, tokname, token, now, ae))
		return;
	if (r->status == 429) {
		const char *type = sc_json_str(doc, "type");
		const char *title = sc_json_str(doc, "title");
		if ((type && strstr(type, "usage-capped")) || (title && strcmp(title, "UsageCapExceeded") == 0)) {
			const char *period = sc_json_str(doc, "period");
			ae->cls = SC_API_CAPPED;
			WHY("X usage cap reached (%.40s); not retried before the next period",
			    period ? period : "cap");
		} else {
			ae->cls = SC_API_THROTTLE;
			ae->wait_ms = sc_api_told_wait(r);
			WHY("rate limited (HTTP 429)");
		}
		return;
	}
	if (plat == SC_PLAT_YOUTUBE && json_is_object(err)) {
		const char *reason = sc_youtube_error_reason(err);
		ae->reason = reason;
		if (reason && strcmp(reason, "quotaExceeded") == 0) {
			char until[32];
			sc_time_format(next_pacific_midnight(now), until);
			ae->cls = SC_API_CAPPED;
			ae->wait_ms = (next_pacific_midnight(now) - now) * 1000;
			WHY("YouTube quota exceeded; not retried before the quota day ends (%s)", until);
			return;
		}
		if (reason && (strcmp(reason, "rateLimitExceeded") == 0 ||
			       strcmp(reason, "userRateLimitExceeded") == 0)) {
			ae->cls = SC_API_THROTTLE;
			WHY("YouTube rate limit (%.60s)", reason);
			return;
		}
		if (reason && (strcmp(reason, "commentsDisabled") == 0 ||
			       strcmp(reason, "commentNotFound") == 0)) {
			ae->cls = SC_API_GONE;
			WHY("%.60s", reason);
			return;
		}
		if (r->status != 401 && r->status < 500) {
			ae->cls = SC_API_REFUSED;
			WHY("refused (HTTP %ld%s%.60s)", r->status, reason ? ", " : "", reason ? reason : "");
			return;
		}
	}
	if (r->status == 401) {
		ae->cls = SC_API_TOKEN;
		WHY("access token refused (HTTP 401); put a new token in %s and rerun", tokname);
	} else if (r->status >= 500 || r->status == 408) {
		ae->cls = SC_API_TRANSIENT;
		WHY("HTTP %ld", r->status);
	} else if (r->status == 404) {
		ae->cls = SC_API_GONE;
		WHY("not found (HTTP 404)");
	} else {
		ae->cls = SC_API_REFUSED;
		WHY("refused (HTTP %ld)", r->status);
	}
}
