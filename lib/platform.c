/*
 * platform.c - what the programs that talk to the platform APIs (sc-fetch,
 * sc-reply --send) must agree on: the default API origins, the wait a
 * server asks for (Retry-After in seconds or as an HTTP date, X's
 * x-rate-limit-reset), and how Graph and YouTube error bodies are read.
 * Classifying an answer stays with each program (a listing and a post
 * differ in what a retry may cost); the meaning of the codes lives here
 * once.
 */
#include <curl/curl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fetch.h"

static const char *default_base[SC_PLAT_N] = {
	"https://graph.facebook.com", "https://graph.facebook.com", "https://api.x.com",
	"https://www.googleapis.com", "https://mybusiness.googleapis.com"
};

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

void
sc_http_header_value(char *dst, size_t cap, const char *v, size_t n)
{
	while (n > 0 && (*v == ' ' || *v == '\t')) {
		v++;
		n--;
	}
	while (n > 0 && (v[n - 1] == '\r' || v[n - 1] == '\n' || v[n - 1] == ' ' ||
			 v[n - 1] == '\t'))
		n--;
	if (n >= cap)
		n = cap - 1;
	memcpy(dst, v, n);
	dst[n] = '\0';
}

int64_t
sc_http_told_wait(const char *retry_after, const char *rl_reset, int64_t now_ms)
{
	char *end;

	if (retry_after && retry_after[0]) {
		long s = strtol(retry_after, &end, 10);
		if (end != retry_after && *end == '\0' && s >= 0)
			return (int64_t)s * 1000;
		{
			time_t t = curl_getdate(retry_after, NULL);
			if (t > 0) {
				int64_t d = (int64_t)t * 1000 - now_ms;
				return d > 0 ? d : 0;
			}
		}
	}
	if (rl_reset && rl_reset[0]) {
		long long t = strtoll(rl_reset, &end, 10);
		if (end != rl_reset && *end == '\0' && t > 0) {
			int64_t d = (int64_t)t * 1000 - now_ms;
			return d > 0 ? d : 0;
		}
	}
	return -1;
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
