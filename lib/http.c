/*
 * http.c - URL helpers for the programs that talk HTTP: redaction of
 * secrets before a URL is printed, stripping a parameter from a link the
 * server sent, and the rule that plain http goes to loopback only.
 * Pure string work (no libcurl), so sc-reply and the unit tests share it.
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "api.h"

static const char *secret_names[] = {
	"access_token", "appsecret_proof", "client_secret", "refresh_token", "code",
	"oauth_token", "oauth_signature", "fb_exchange_token", "input_token", "key",
	"token", NULL
};

static int
hexval(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	c = tolower(c);
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	return -1;
}

/* Percent-decode name[0..n) into out (at most cap-1 bytes). */
static void
decode_name(const char *s, size_t n, char *out, size_t cap)
{
	size_t i, k = 0;

	for (i = 0; i < n && k + 1 < cap; i++) {
		if (s[i] == '%' && i + 2 < n && hexval(s[i + 1]) >= 0 && hexval(s[i + 2]) >= 0) {
			out[k++] = (char)(hexval(s[i + 1]) * 16 + hexval(s[i + 2]));
			i += 2;
		} else if (s[i] == '+') {
			out[k++] = ' ';
		} else {
			out[k++] = s[i];
		}
	}
	out[k] = '\0';
}

static int
is_secret(const char *name, size_t n)
{
	char dec[64];
	int i;

	if (n >= sizeof(dec) * 3)
		return 0;
	decode_name(name, n, dec, sizeof(dec));
	for (i = 0; secret_names[i]; i++)
		if (strcasecmp(dec, secret_names[i]) == 0)
			return 1;
	return 0;
}

/*
 * The query and the fragment (implicit-grant links carry tokens there) are
 * split at '&' and ';'; a part whose decoded name is a secret keeps its
 * name and loses its value.  Everything else is copied byte for byte.
 */
char *
sc_url_redact_new(const char *url)
{
	struct sc_buf b;
	const char *q = strpbrk(url, "?#");
	const char *p;

	if (q == NULL)
		return sc_xstrdup(url);
	sc_buf_init(&b);
	sc_buf_add(&b, url, (size_t)(q - url) + 1);
	p = q + 1;
	while (*p) {
		size_t seg = strcspn(p, "&;#");
		const char *eq = memchr(p, '=', seg);
		size_t nlen = eq ? (size_t)(eq - p) : seg;

		if (eq && is_secret(p, nlen)) {
			sc_buf_add(&b, p, nlen + 1);
			sc_buf_adds(&b, "REDACTED");
		} else {
			sc_buf_add(&b, p, seg);
		}
		p += seg;
		if (*p)
			sc_buf_addc(&b, *p++);
	}
	return b.data;
}

char *
sc_url_strip_param_new(const char *url, const char *name)
{
	struct sc_buf b;
	const char *q = strchr(url, '?');
	const char *p, *end;
	int first = 1;

	if (q == NULL)
		return sc_xstrdup(url);
	sc_buf_init(&b);
	sc_buf_add(&b, url, (size_t)(q - url));
	end = strchr(q, '#');
	if (end == NULL)
		end = q + strlen(q);
	p = q + 1;
	while (p < end) {
		size_t seg = strcspn(p, "&");
		const char *eq;
		size_t nlen;
		char dec[64];

		if (p + seg > end)
			seg = (size_t)(end - p);
		eq = memchr(p, '=', seg);
		nlen = eq ? (size_t)(eq - p) : seg;
		decode_name(p, nlen < 190 ? nlen : 190, dec, sizeof(dec));
		if (seg > 0 && strcasecmp(dec, name) != 0) {
			sc_buf_addc(&b, first ? '?' : '&');
			sc_buf_add(&b, p, seg);
			first = 0;
		}
		p += seg;
		if (p < end && *p == '&')
			p++;
	}
	sc_buf_adds(&b, end);
	return b.data;
}

static int
loopback_host(const char *h, size_t n)
{
	if (n == 9 && strncasecmp(h, "localhost", 9) == 0)
		return 1;
	if (n == 5 && strncmp(h, "[::1]", 5) == 0)
		return 1;
	if (n >= 4 && strncmp(h, "127.", 4) == 0) {
		size_t i;
		int dots = 0;
		for (i = 0; i < n; i++) {
			if (h[i] == '.')
				dots++;
			else if (!isdigit((unsigned char)h[i]))
				return 0;
		}
		return dots == 3;
	}
	return 0;
}

/* "v21.0", "v3", "v4" or X's "2": a path segment naming an API version. */
static int
api_version(const char *p, size_t n)
{
	size_t i = 1, digits = 0;

	if (n == 1 && p[0] == '2')
		return 1;
	if (n < 2 || p[0] != 'v')
		return 0;
	while (i < n && isdigit((unsigned char)p[i])) {
		i++;
		digits++;
	}
	if (digits == 0)
		return 0;
	if (i < n && p[i] == '.') {
		i++;
		while (i < n && isdigit((unsigned char)p[i]))
			i++;
	}
	return i == n;
}

int
sc_url_check_base(const char *url, char **origin, char why[200])
{
	const char *rest, *hend, *host;
	size_t hlen;
	int http = 0;

	*origin = NULL;
	if (strncasecmp(url, "https://", 8) == 0) {
		rest = url + 8;
	} else if (strncasecmp(url, "http://", 7) == 0) {
		rest = url + 7;
		http = 1;
	} else {
		snprintf(why, 200, "base URL must start with https:// (or http:// to a loopback address)");
		return -1;
	}
	if (strpbrk(url, " \t\r\n?#@") != NULL) {
		snprintf(why, 200, "base URL must be scheme://host[:port][/path] without a query or user");
		return -1;
	}
	hend = rest + strcspn(rest, "/");
	host = rest;
	if (*host == '[') {
		const char *rb = memchr(host, ']', (size_t)(hend - host));
		if (rb == NULL) {
			snprintf(why, 200, "bad host in base URL");
			return -1;
		}
		hlen = (size_t)(rb - host) + 1;
	} else {
		hlen = strcspn(host, ":/");
		if (host + hlen > hend)
			hlen = (size_t)(hend - host);
	}
	if (hlen == 0) {
		snprintf(why, 200, "no host in base URL");
		return -1;
	}
	if (http && !loopback_host(host, hlen)) {
		snprintf(why, 200, "plain http is allowed only to a loopback address (127.0.0.1, ::1, localhost); use https");
		return -1;
	}
	{
		/* the programs add the API version: a base that has one
		   would ask for /v21.0/v21.0/... and be refused as "access" */
		const char *p = hend;
		while (*p == '/') {
			size_t n;
			p++;
			n = strcspn(p, "/");
			if (api_version(p, n)) {
				snprintf(why, 200, "base URL must not contain an API version ('/%.*s'): "
					 "sc adds it; give the origin, e.g. %.*s", (int)(n < 20 ? n : 20), p,
					 (int)((hend - url) < 120 ? (hend - url) : 120), url);
				return -1;
			}
			p += n;
		}
	}
	*origin = sc_xstrndup(url, (size_t)(hend - url));
	return 0;
}

int
sc_url_is_loopback_http(const char *url)
{
	const char *h;
	size_t n;

	if (strncasecmp(url, "http://", 7) != 0)
		return 0;
	h = url + 7;
	if (*h == '[') {
		const char *rb = strchr(h, ']');
		if (rb == NULL)
			return 0;
		n = (size_t)(rb - h) + 1;
	} else {
		n = strcspn(h, ":/?#");
	}
	return loopback_host(h, n);
}

int
sc_url_same_origin(const char *url, const char *origin)
{
	size_t n = strlen(origin);

	if (strncasecmp(url, origin, n) != 0)
		return 0;
	return url[n] == '/' || url[n] == '\0' || url[n] == '?';
}

void
sc_url_add(struct sc_buf *b, const char *name, const char *value)
{
	const char *p;

	sc_buf_addc(b, b->len && strchr(b->data, '?') ? '&' : '?');
	sc_buf_adds(b, name);
	sc_buf_addc(b, '=');
	for (p = value; *p; p++) {
		unsigned char c = (unsigned char)*p;
		if (isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~' || c == ',' ||
		    c == '{' || c == '}' || c == '(' || c == ')')
			sc_buf_addc(b, (char)c);
		else
			sc_buf_printf(b, "%%%02X", c);
	}
}
