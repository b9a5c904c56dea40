/*
 * api.c - the transfer layer under sc-fetch and sc-reply --send.
 *
 * One way to set up a curl handle (sc_api_setup), used for the multi
 * interface of the fetch engine and for the sender's sequential easy
 * requests alike: peer and host verified, https only, plain http only to
 * a loopback host (so the mock works and nothing else does), no redirects
 * (a redirect to another host would carry the Authorization header),
 * connect, total and low-speed timeouts, one body cap, and the headers a
 * retry decision needs captured into struct sc_api_resp.  Backoff, the
 * server-told wait and redaction live here too, so the two programs wait
 * and hide secrets the same way.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "api.h"

int64_t
sc_api_wall_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

int64_t
sc_api_mono_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

void
sc_api_sleep_ms(int64_t ms)
{
	struct timespec ts;

	if (ms <= 0)
		return;
	ts.tv_sec = (time_t)(ms / 1000);
	ts.tv_nsec = (long)(ms % 1000) * 1000000L;
	while (nanosleep(&ts, &ts) < 0 && errno == EINTR)
		;
}

void
sc_api_resp_init(struct sc_api_resp *r)
{
	memset(r, 0, sizeof(*r));
	sc_buf_init(&r->body);
}

void
sc_api_resp_reset(struct sc_api_resp *r)
{
	struct sc_buf b = r->body;

	memset(r, 0, sizeof(*r));
	r->body = b;
	sc_buf_reset(&r->body);
}

void
sc_api_resp_release(struct sc_api_resp *r)
{
	sc_buf_release(&r->body);
}

static size_t
write_cb(char *p, size_t size, size_t n, void *ud)
{
	struct sc_api_resp *r = ud;

	if (r->body.len + size * n > (size_t)SC_API_MAX_BODY) {
		r->too_big = 1;
		return 0;
	}
	sc_buf_add(&r->body, p, size * n);
	return size * n;
}

static size_t
header_cb(char *p, size_t size, size_t n, void *ud)
{
	struct sc_api_resp *r = ud;
	size_t len = size * n;
	const char *colon = memchr(p, ':', len);
	size_t nl;

	if (colon == NULL)
		return len;
	nl = (size_t)(colon - p);
#define H(name, field) \
	if (nl == sizeof(name) - 1 && strncasecmp(p, name, nl) == 0) \
		sc_http_header_value(r->field, sizeof(r->field), colon + 1, len - nl - 1);
	H("retry-after", retry_after)
	H("x-rate-limit-reset", rl_reset)
	H("x-rate-limit-remaining", rl_remaining)
	H("x-business-use-case-usage", buc)
	H("x-app-usage", app_usage)
	H("content-type", ctype)
	H("x-restli-id", restli_id)
#undef H
	return len;
}

void
sc_api_setup(CURL *h, const struct sc_api_req *q, struct sc_api_resp *r)
{
	long t = (long)(q->timeout > 0 ? q->timeout : 60);
	char agent[64];

	sc_api_resp_reset(r);
	snprintf(agent, sizeof(agent), "%s/%s", q->agent ? q->agent : "sc", SC_VERSION);
	curl_easy_setopt(h, CURLOPT_URL, q->url);
	curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, sc_url_is_loopback_http(q->url) ? "http" : "https");
	curl_easy_setopt(h, CURLOPT_REDIR_PROTOCOLS_STR, "https");
	curl_easy_setopt(h, CURLOPT_FOLLOWLOCATION, 0L);
	curl_easy_setopt(h, CURLOPT_SSL_VERIFYPEER, 1L);
	curl_easy_setopt(h, CURLOPT_SSL_VERIFYHOST, 2L);
	curl_easy_setopt(h, CURLOPT_HTTPHEADER, q->headers);
	curl_easy_setopt(h, CURLOPT_USERAGENT, agent);	/* curl copies it */
	curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, write_cb);
	curl_easy_setopt(h, CURLOPT_WRITEDATA, r);
	curl_easy_setopt(h, CURLOPT_HEADERFUNCTION, header_cb);
	curl_easy_setopt(h, CURLOPT_HEADERDATA, r);
	curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(h, CURLOPT_ACCEPT_ENCODING, "");
	curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT, t < 10 ? t : 10L);
	curl_easy_setopt(h, CURLOPT_TIMEOUT, t);
	curl_easy_setopt(h, CURLOPT_LOW_SPEED_LIMIT, 1L);
	curl_easy_setopt(h, CURLOPT_LOW_SPEED_TIME, t < 30 ? t : 30L);
	if (q->method && strcmp(q->method, "GET") != 0)
		curl_easy_setopt(h, CURLOPT_CUSTOMREQUEST, q->method);
	else
		curl_easy_setopt(h, CURLOPT_HTTPGET, 1L);
	if (q->body) {
		curl_easy_setopt(h, CURLOPT_POSTFIELDS, q->body);
		curl_easy_setopt(h, CURLOPT_POSTFIELDSIZE, (long)q->body_len);
	}
}

void
sc_api_perform(const struct sc_api_req *q, struct sc_api_resp *r)
{
	CURL *c = curl_easy_init();

	if (c == NULL) {
		sc_api_resp_reset(r);
		r->cc = CURLE_FAILED_INIT;
		return;
	}
	sc_api_setup(c, q, r);
	r->cc = curl_easy_perform(c);
	curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &r->status);
	curl_easy_cleanup(c);
}

json_t *
sc_api_json(const struct sc_api_resp *r)
{
	json_error_t je;
	json_t *doc;

	if (r->cc != CURLE_OK || r->body.len == 0)
		return NULL;
	doc = json_loadb(r->body.data, r->body.len, 0, &je);
	if (doc && !json_is_object(doc)) {
		json_decref(doc);
		doc = NULL;
	}
	return doc;
}

struct curl_slist *
sc_api_headers_new(int plat, const char *token)
{
	struct curl_slist *h;
	struct sc_buf auth;

	sc_buf_init(&auth);
	if (plat == SC_PLAT_TIKTOK)
		sc_buf_printf(&auth, "Access-Token: %s", token);
	else
		sc_buf_printf(&auth, "Authorization: Bearer %s", token);
	h = curl_slist_append(NULL, auth.data);
	explicit_bzero(auth.data, auth.len);
	sc_buf_release(&auth);
	if (plat == SC_PLAT_LINKEDIN) {
		h = curl_slist_append(h, "LinkedIn-Version: " SC_LINKEDIN_VERSION);
		h = curl_slist_append(h, "X-Restli-Protocol-Version: 2.0.0");
	}
	return curl_slist_append(h, "Accept: application/json");
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

int64_t
sc_api_told_wait(const struct sc_api_resp *r)
{
	return sc_http_told_wait(r->retry_after, r->rl_reset, sc_api_wall_ms());
}

void
sc_api_retry_defaults(int *retries, long *backoff_ms, int64_t *max_wait_s, int64_t *timeout_s)
{
	if (retries)
		*retries = 4;
	if (backoff_ms)
		*backoff_ms = 1000;
	if (max_wait_s)
		*max_wait_s = 900;
	if (timeout_s)
		*timeout_s = 60;
}

int64_t
sc_api_backoff(unsigned *rnd, long base_ms, int64_t max_wait_s, int attempt)
{
	int64_t d = base_ms, cap = 30000;
	int i;

	if (max_wait_s * 1000 < cap)
		cap = max_wait_s * 1000;
	for (i = 1; i < attempt && d < cap; i++)
		d *= 2;
	if (d > cap)
		d = cap;
	if (d < 1)
		d = 1;
	*rnd = *rnd * 1103515245u + 12345u;
	/* equal jitter: at least half the delay, at most all of it */
	return d / 2 + (int64_t)((*rnd >> 8) % (uint64_t)(d / 2 + 1));
}

/* Replace n bytes at text+at with REDACTED (text holds cap bytes). */
static size_t
splice(char *text, size_t cap, size_t at, size_t n)
{
	static const char red[] = "REDACTED";
	size_t len = strlen(text), rl = sizeof(red) - 1;

	if (len - n + rl + 1 > cap) {
		/* no room to grow: cut the text at the secret */
		text[at] = '\0';
		return at;
	}
	memmove(text + at + rl, text + at + n, len - at - n + 1);
	memcpy(text + at, red, rl);
	return at + rl;
}

static int
secret_char(unsigned char c)
{
	return c > 0x20 && c != '"' && c != '\'' && c != '&' && c != ',' && c != ';' && c != '\\' &&
	       c != 0x7f;
}

char *
sc_api_redact(char *text, size_t cap, const char *token)
{
	static const char *marks[] = {"Bearer ", "bearer ", "access_token=", "access_token\":\"",
				      "OAuth ", "Access-Token: ", "access-token: ", NULL};
	size_t tl = token ? strlen(token) : 0;
	char *p;
	int i;

	if (cap == 0)
		return text;
	if (tl >= 4)
		while ((p = strstr(text, token)) != NULL)
			splice(text, cap, (size_t)(p - text), tl);
	for (i = 0; marks[i]; i++) {
		size_t from = 0, ml = strlen(marks[i]);
		while ((p = strstr(text + from, marks[i])) != NULL) {
			size_t at = (size_t)(p - text) + ml, n = 0;
			while (secret_char((unsigned char)text[at + n]))
				n++;
			if (n == 8 && strncmp(text + at, "REDACTED", 8) == 0) {
				from = at + n;
				continue;
			}
			from = n ? splice(text, cap, at, n) : at;
			if (from >= strlen(text))
				break;
		}
	}
	return text;
}
