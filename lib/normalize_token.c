/*
 * normalize_token.c - the token in a consult reply address,
 * care+<token>@agency.example (sc(7), CONSULTING BY E-MAIL).  The sending
 * side makes it with sc_consult_token(); sc-normalize --from email checks
 * it with sc_consult_check() before a reply becomes a note in a thread.
 *
 *   token = B "." D "." M
 *   B     = the thread id ("facebook:123_456"), base32 (RFC 4648 alphabet,
 *           lowercase, no padding)
 *   D     = the last day the token is good for, days since 1970-01-01 UTC,
 *           in decimal
 *   M     = the first 16 characters of base32(HMAC-SHA256(key,
 *           "sc-consult-1:" thread ":" D)), lowercase
 *
 * Only lowercase letters, digits and dots: mail systems that fold the case
 * of a local part do not break it.  The key is the secret named by
 * --consult-key (an environment variable, or a 0600 file), at least 16
 * bytes.  The MAC is compared in constant time.
 */
#include <stdlib.h>
#include <string.h>

#include "normalize_int.h"
#include "reply.h"

static const char b32[] = "abcdefghijklmnopqrstuvwxyz234567";

static size_t
b32_encode(const unsigned char *p, size_t n, char *out, size_t cap)
{
	size_t i, o = 0;
	unsigned acc = 0;
	int bits = 0;

	for (i = 0; i < n; i++) {
		acc = (acc << 8) | p[i];
		bits += 8;
		while (bits >= 5) {
			if (o + 1 < cap)
				out[o] = b32[(acc >> (bits - 5)) & 31];
			o++;
			bits -= 5;
		}
	}
	if (bits > 0) {
		if (o + 1 < cap)
			out[o] = b32[(acc << (5 - bits)) & 31];
		o++;
	}
	if (cap > 0)
		out[o < cap ? o : cap - 1] = '\0';
	return o;
}

/* Decode n base32 characters (either case); -1 on a bad character. */
static long
b32_decode(const char *s, size_t n, unsigned char *out, size_t cap)
{
	size_t i, o = 0;
	unsigned acc = 0;
	int bits = 0;

	for (i = 0; i < n; i++) {
		char c = s[i];
		int v;
		if (c >= 'a' && c <= 'z')
			v = c - 'a';
		else if (c >= 'A' && c <= 'Z')
			v = c - 'A';
		else if (c >= '2' && c <= '7')
			v = c - '2' + 26;
		else
			return -1;
		acc = (acc << 5) | (unsigned)v;
		bits += 5;
		if (bits >= 8) {
			if (o >= cap)
				return -1;
			out[o++] = (unsigned char)(acc >> (bits - 8));
			bits -= 8;
		}
	}
	return (long)o;
}

/* The 16-character MAC of (thread, day). */
static void
token_mac(const char *key, size_t keylen, const char *thread, long day, char mac[17])
{
	struct sc_buf m;
	unsigned char h[32];
	char all[60];

	sc_buf_init(&m);
	sc_buf_printf(&m, "sc-consult-1:%s:%ld", thread, day);
	sc_hmac_sha256(key, keylen, m.data, m.len, h);
	sc_buf_release(&m);
	b32_encode(h, sizeof(h), all, sizeof(all));
	memcpy(mac, all, 16);
	mac[16] = '\0';
}

int
sc_consult_token(const char *key, size_t keylen, const char *thread, long day,
		 char *out, size_t cap)
{
	char mac[17];
	size_t n = strlen(thread), need = (n * 8 + 4) / 5 + 1 + 20 + 1 + 16 + 1;
	size_t o;

	if (keylen < SC_CONSULT_KEY_MIN || n == 0 || day < 0 || cap < need)
		return -1;
	o = b32_encode((const unsigned char *)thread, n, out, cap);
	token_mac(key, keylen, thread, day, mac);
	snprintf(out + o, cap - o, ".%ld.%s", day, mac);
	return 0;
}

int
sc_consult_check(const char *key, size_t keylen, const char *token, long today,
		 char *thread, size_t cap, long *day)
{
	const char *d1 = strchr(token, '.'), *d2;
	char mac[17], *end;
	unsigned diff = 0;
	long n, i;

	if (d1 == NULL || (d2 = strchr(d1 + 1, '.')) == NULL || strlen(d2 + 1) != 16 ||
	    d1 == token || cap < 2)
		return SC_CONSULT_MALFORMED;
	n = b32_decode(token, (size_t)(d1 - token), (unsigned char *)thread, cap - 1);
	if (n <= 0 || memchr(thread, '\0', (size_t)n))
		return SC_CONSULT_MALFORMED;
	thread[n] = '\0';
	if (d1[1] < '0' || d1[1] > '9')
		return SC_CONSULT_MALFORMED;
	*day = strtol(d1 + 1, &end, 10);
	if (end != d2 || *day < 0 || *day > 10000000)
		return SC_CONSULT_MALFORMED;
	if (keylen < SC_CONSULT_KEY_MIN)
		return SC_CONSULT_BAD;
	token_mac(key, keylen, thread, *day, mac);
	for (i = 0; i < 16; i++) {
		char c = d2[1 + i];
		if (c >= 'A' && c <= 'Z')
			c = (char)(c - 'A' + 'a');
		diff |= (unsigned)(c ^ mac[i]);
	}
	if (diff != 0)
		return SC_CONSULT_BAD;
	if (today > *day)
		return SC_CONSULT_EXPIRED;
	return 0;
}
