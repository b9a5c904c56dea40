/*
 * scan.c - a validating lazy JSON scanner, and a DOM builder on top of it.
 *
 * Design.  A record line is checked in one pass, left to right, by a small
 * recursive-descent scanner over [s, s+len): every byte is looked at once,
 * strings are walked sixteen bytes at a time with SSE2 (eight with a
 * 64-bit word elsewhere) while they hold nothing but plain ASCII (one
 * compare tells whether any byte is '"', '\\', a control character or
 * non-ASCII, and where the first one is), and UTF-8 is validated inside
 * strings only (outside them any non-ASCII byte is a syntax error).  The
 * scanner never allocates and never reads outside the span it is given:
 * every look-ahead is bounded by `end`, so no slack after the buffer is
 * needed (the fuzz target checks it with the bytes after the input set to
 * '"' and '}').  For the keys named in a spec it records where the value
 * is and its type (struct sc_span); everything else is validated and
 * skipped.  Strings are decoded only on request.
 *
 * What it accepts is a subset of what jansson 2.14 accepts with flags 0
 * (json_loadb), plus one deliberate superset: integers beyond int64
 * (jansson: "too big integer") are accepted as SC_JBIGINT and passed
 * through as written.  Everything else it is unsure of is rejected and
 * left to jansson for the verdict and the message, so messages never
 * change:
 *  - the top value must be an object (jansson also takes an array; sc
 *    rejects that anyway with "not a JSON object");
 *  - no "\u0000" (jansson rejects it without JSON_ALLOW_NUL), no lone or
 *    reversed surrogate escapes, no control characters in strings, strict
 *    UTF-8 (no overlong forms, no encoded surrogates, nothing past
 *    U+10FFFF), the escapes of RFC 8259 only;
 *  - numbers as RFC 8259 (no leading zeros, no "1.", no ".5", no NaN);
 *    a real whose magnitude could reach DBL_MAX is checked with strtod and
 *    rejected if it overflows (jansson: "real number overflow"); a real
 *    that underflows is accepted as jansson does (1e-400 is 0.0); an
 *    integer of more than 300 digits is rejected (it would not fit a
 *    double either);
 *  - nesting deeper than 512 (jansson allows 2048) and NUL bytes anywhere
 *    (jansson 2.14 skips one after a number or literal) are rejected.
 * Duplicate keys: the last value wins, as in jansson; a spec slot filled
 * twice has dup set.  jansson keeps the first position of a duplicated
 * key, and so does the DOM built here, since it goes through
 * json_object_set.
 *
 * The DOM builder walks the same grammar with the same checks and calls
 * jansson's constructors directly (the _nocheck ones: UTF-8 is already
 * checked), so it is exactly as strict as the scanner.  Reals are
 * converted with strtod like jansson (sc never calls setlocale, so the
 * decimal point is '.').
 */
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif

#include "sc.h"
#include "scan.h"

#define MAX_DEPTH 512
#define MAX_INT_DIGITS 300

struct ps {
	const unsigned char *p, *end;
	int depth;
	int ws;		/* whitespace was skipped somewhere */
	int big;	/* an integer beyond int64 was seen */
};

static inline void
skip_ws(struct ps *s)
{
	while (s->p < s->end && (*s->p == ' ' || *s->p == '\n' || *s->p == '\r' ||
				 *s->p == '\t')) {
		s->p++;
		s->ws = 1;
	}
}

static int
hexval(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* Four hex digits at p (end bounds them); -1 when not. */
static long
hex4(const unsigned char *p, const unsigned char *end)
{
	long v = 0;
	int i;

	if (end - p < 4)
		return -1;
	for (i = 0; i < 4; i++) {
		int h = hexval(p[i]);
		if (h < 0)
			return -1;
		v = v * 16 + h;
	}
	return v;
}

#define ONES 0x0101010101010101ULL
#define HIGH 0x8080808080808080ULL

/*
 * A string body from s->p (just after the opening quote) to the closing
 * quote, where s->p is left.  Validates escapes and UTF-8; *esc is set
 * when there is any escape.
 */
static int
scan_string(struct ps *s, unsigned char *esc)
{
	const unsigned char *p = s->p, *end = s->end;
	unsigned char c;

	*esc = 0;
	for (;;) {
#ifdef __SSE2__
		/* 16 bytes at a time: jump straight to the first byte that is
		   '"', '\\', a control character or non-ASCII (signed compare:
		   bytes >= 0x80 are negative, so below 0x20 too) */
		while (end - p >= 16) {
			__m128i w = _mm_loadu_si128((const __m128i *)(const void *)p);
			int m = _mm_movemask_epi8(_mm_or_si128(
				_mm_or_si128(_mm_cmpeq_epi8(w, _mm_set1_epi8('"')),
					     _mm_cmpeq_epi8(w, _mm_set1_epi8('\\'))),
				_mm_cmplt_epi8(w, _mm_set1_epi8(0x20))));
			if (m != 0) {
				p += __builtin_ctz((unsigned)m);
				break;
			}
			p += 16;
		}
#endif
		while (end - p >= 8) {
			uint64_t w, q, b;
			memcpy(&w, p, 8);
			q = w ^ (ONES * '"');
			b = w ^ (ONES * '\\');
			if ((((q - ONES) & ~q) | ((b - ONES) & ~b) |
			     ((w - ONES * 0x20) & ~w) | w) & HIGH)
				break;
			p += 8;
		}
		if (p >= end)
			return -1;
		c = *p;
		if (c == '"') {
			s->p = p;
			return 0;
		}
		if (c < 0x20)
			return -1;
		if (c < 0x80 && c != '\\') {
			p++;
			continue;
		}
		if (c == '\\') {
			long u, u2;
			if (++p >= end)
				return -1;
			*esc = 1;
			switch (*p) {
			case '"': case '\\': case '/': case 'b': case 'f':
			case 'n': case 'r': case 't':
				p++;
				continue;
			case 'u':
				u = hex4(p + 1, end);
				if (u <= 0 || (u >= 0xdc00 && u <= 0xdfff))
					return -1;	/* \u0000, bad hex, lone low */
				p += 5;
				if (u >= 0xd800 && u <= 0xdbff) {
					if (end - p < 6 || p[0] != '\\' || p[1] != 'u')
						return -1;
					u2 = hex4(p + 2, end);
					if (u2 < 0xdc00 || u2 > 0xdfff)
						return -1;
					p += 6;
				}
				continue;
			default:
				return -1;
			}
		}
		/* non-ASCII: strict UTF-8 */
		if (c < 0xc2 || c > 0xf4)
			return -1;
		if (c < 0xe0) {
			if (end - p < 2 || (p[1] & 0xc0) != 0x80)
				return -1;
			p += 2;
		} else if (c < 0xf0) {
			unsigned char lo = c == 0xe0 ? 0xa0 : 0x80, hi = c == 0xed ? 0x9f : 0xbf;
			if (end - p < 3 || p[1] < lo || p[1] > hi || (p[2] & 0xc0) != 0x80)
				return -1;
			p += 3;
		} else {
			unsigned char lo = c == 0xf0 ? 0x90 : 0x80, hi = c == 0xf4 ? 0x8f : 0xbf;
			if (end - p < 4 || p[1] < lo || p[1] > hi || (p[2] & 0xc0) != 0x80 ||
			    (p[3] & 0xc0) != 0x80)
				return -1;
			p += 4;
		}
	}
}

static int
is_digit(const unsigned char *p, const unsigned char *end)
{
	return p < end && *p >= '0' && *p <= '9';
}

/* strtod of the token [p, p+n); -1 when too long to check here. */
static int
token_strtod(const unsigned char *p, size_t n, double *d)
{
	char small[128], *buf = small;

	if (n >= sizeof(small)) {
		if (n > 65536)
			return -1;
		buf = sc_xmalloc(n + 1);
	}
	memcpy(buf, p, n);
	buf[n] = '\0';
	*d = strtod(buf, NULL);
	if (buf != small)
		free(buf);
	return 0;
}

/* A number at s->p; fills type (and i for SC_JINT). */
static int
scan_number(struct ps *s, struct sc_span *sp)
{
	const unsigned char *p = s->p, *end = s->end, *start = p;
	uint64_t v = 0;
	int neg = 0, overflow = 0, real = 0;
	long nd = 0, mag, lead0 = 0, ex = 0;

	if (*p == '-') {
		neg = 1;
		p++;
	}
	if (p < end && *p == '0') {
		p++;
	} else if (p < end && *p >= '1' && *p <= '9') {
		while (p < end && *p >= '0' && *p <= '9') {
			if (v > (UINT64_MAX - 9) / 10)
				overflow = 1;
			else
				v = v * 10 + (uint64_t)(*p - '0');
			nd++;
			p++;
		}
	} else {
		return -1;
	}
	if (p < end && *p == '.') {
		p++;
		if (!is_digit(p, end))
			return -1;
		if (nd == 0)
			while (p < end && *p == '0') {
				lead0++;
				p++;
			}
		while (is_digit(p, end))
			p++;
		real = 1;
	}
	if (p < end && (*p == 'e' || *p == 'E')) {
		int eneg = 0;
		p++;
		if (p < end && (*p == '+' || *p == '-'))
			eneg = *p++ == '-';
		if (!is_digit(p, end))
			return -1;
		while (is_digit(p, end)) {
			if (ex < 1000000)
				ex = ex * 10 + (*p - '0');
			p++;
		}
		if (eneg)
			ex = -ex;
		real = 1;
	}
	s->p = p;
	if (!real) {
		if (nd > MAX_INT_DIGITS)
			return -1;
		if (overflow || (!neg && v > (uint64_t)INT64_MAX) ||
		    (neg && v > (uint64_t)INT64_MAX + 1)) {
			sp->type = SC_JBIGINT;
			s->big = 1;
		} else {
			sp->type = SC_JINT;
			sp->i = neg ? (v == (uint64_t)INT64_MAX + 1 ? INT64_MIN : -(int64_t)v)
				    : (int64_t)v;
		}
		return 0;
	}
	sp->type = SC_JREAL;
	/* below 10^mag: only a possible overflow goes to strtod */
	mag = (nd > 0 ? nd : -lead0) + ex;
	if (mag > 308) {
		double d;
		if (token_strtod(start, (size_t)(p - start), &d) < 0 || isinf(d))
			return -1;
	}
	return 0;
}

static int
literal(struct ps *s, const char *lit, size_t n)
{
	if ((size_t)(s->end - s->p) < n || memcmp(s->p, lit, n) != 0)
		return -1;
	s->p += n;
	return 0;
}

static int scan_value(struct ps *s, struct sc_span *sp, const struct sc_scan_spec *sub,
		      struct sc_span *out, int nout);

/* Decode a validated string body [p, p+n) into out; returns its length. */
static size_t
decode(const unsigned char *p, size_t n, char *out)
{
	const unsigned char *end = p + n;
	char *o = out;

	while (p < end) {
		const unsigned char *bs = memchr(p, '\\', (size_t)(end - p));
		long u;
		if (bs == NULL) {
			memcpy(o, p, (size_t)(end - p));
			o += end - p;
			break;
		}
		memcpy(o, p, (size_t)(bs - p));
		o += bs - p;
		p = bs + 1;
		switch (*p++) {
		case 'b': *o++ = '\b'; break;
		case 'f': *o++ = '\f'; break;
		case 'n': *o++ = '\n'; break;
		case 'r': *o++ = '\r'; break;
		case 't': *o++ = '\t'; break;
		case 'u':
			u = hex4(p, end);
			p += 4;
			if (u >= 0xd800 && u <= 0xdbff) {
				u = 0x10000 + ((u - 0xd800) << 10) + (hex4(p + 2, end) - 0xdc00);
				p += 6;
			}
			o += sc_utf8_encode((uint32_t)u, o);
			break;
		default: *o++ = (char)p[-1]; break;	/* " \ / */
		}
	}
	return (size_t)(o - out);
}

static const struct sc_scan_field *
match(const struct sc_scan_spec *spec, const unsigned char *k, size_t klen, int kesc)
{
	char buf[512];
	int i;

	if (kesc) {
		/* an escape decodes to at least 1/6 of its bytes: a key this
		   long is longer than any wanted name (under 85 bytes) */
		if (klen > sizeof(buf))
			return NULL;
		klen = decode(k, klen, buf);
		k = (const unsigned char *)buf;
	}
	for (i = 0; i < spec->n; i++) {
		const char *name = spec->f[i].name;
		/* the first byte first: most keys differ there */
		if (klen > 0 && (unsigned char)name[0] != k[0])
			continue;
		/* and the second (name[1] is its NUL for a one-letter name; a
		   key holds no NUL byte, the scanner refuses them) */
		if (klen > 1 && (unsigned char)name[1] != k[1])
			continue;
		if (strncmp(name, (const char *)k, klen) == 0 && name[klen] == '\0')
			return &spec->f[i];
	}
	return NULL;
}

static void
clear_slots(const struct sc_scan_spec *spec, struct sc_span *out, int nout)
{
	int i;

	for (i = 0; i < spec->n; i++) {
		if (spec->f[i].slot < nout)
			memset(&out[spec->f[i].slot], 0, sizeof(*out));
		if (spec->f[i].sub)
			clear_slots(spec->f[i].sub, out, nout);
	}
}

/* ---- the walk every container shares (validating and DOM) ---- */

/* At a '{' or '[': enter it.  1 when close follows at once (empty, left
   again), 0 when members follow, -1 when nested too deep. */
static int
open_container(struct ps *s, unsigned char close)
{
	if (++s->depth > MAX_DEPTH)
		return -1;
	s->p++;
	skip_ws(s);
	if (s->p < s->end && *s->p == close) {
		s->p++;
		s->depth--;
		return 1;
	}
	return 0;
}

/* After a member: 0 when a ',' leads to the next one, 1 when close ends
   the container (left), -1 for anything else. */
static int
next_member(struct ps *s, unsigned char close)
{
	skip_ws(s);
	if (s->p >= s->end)
		return -1;
	if (*s->p == ',') {
		s->p++;
		skip_ws(s);
		return 0;
	}
	if (*s->p != close)
		return -1;
	s->p++;
	s->depth--;
	return 1;
}

/* An object member's key and its ':' at s->p: the key's bytes between
   the quotes in *k, *klen (escapes not decoded, *kesc says if any). */
static int
member_key(struct ps *s, const unsigned char **k, size_t *klen, unsigned char *kesc)
{
	if (s->p >= s->end || *s->p != '"')
		return -1;
	*k = ++s->p;
	if (scan_string(s, kesc) < 0)
		return -1;
	*klen = (size_t)(s->p - *k);
	s->p++;
	skip_ws(s);
	if (s->p >= s->end || *s->p != ':')
		return -1;
	s->p++;
	skip_ws(s);
	return 0;
}

/* An object at s->p ('{'); returns the number of members or -1. */
static int
scan_object(struct ps *s, const struct sc_scan_spec *spec, struct sc_span *out, int nout)
{
	int n = 0, rc = open_container(s, '}');

	if (rc != 0)
		return rc < 0 ? -1 : 0;
	for (;;) {
		const unsigned char *k;
		const struct sc_scan_field *f = NULL;
		struct sc_span tmp;
		size_t klen;
		unsigned char kesc;

		if (member_key(s, &k, &klen, &kesc) < 0)
			return -1;
		if (spec)
			f = match(spec, k, klen, kesc);
		if (f && f->slot < nout) {
			struct sc_span *sp = &out[f->slot];
			int dup = sp->type != SC_JNONE;
			if (f->sub)
				clear_slots(f->sub, out, nout);
			if (scan_value(s, sp, f->sub, out, nout) < 0)
				return -1;
			sp->member = (const char *)k - 1;	/* its opening quote */
			sp->dup = (unsigned char)dup;
		} else if (scan_value(s, &tmp, NULL, NULL, 0) < 0) {
			return -1;
		}
		n++;
		if ((rc = next_member(s, '}')) != 0)
			return rc < 0 ? -1 : n;
	}
}

static int
scan_array(struct ps *s)
{
	struct sc_span tmp;
	int rc = open_container(s, ']');

	while (rc == 0) {
		if (scan_value(s, &tmp, NULL, NULL, 0) < 0)
			return -1;
		rc = next_member(s, ']');
	}
	return rc < 0 ? -1 : 0;
}

static int
scan_value(struct ps *s, struct sc_span *sp, const struct sc_scan_spec *sub,
	   struct sc_span *out, int nout)
{
	const unsigned char *start = s->p;

	if (s->p >= s->end)
		return -1;
	sp->esc = 0;
	switch (*s->p) {
	case '"':
		s->p++;
		sp->p = (const char *)s->p;
		if (scan_string(s, &sp->esc) < 0)
			return -1;
		sp->len = (size_t)((const char *)s->p - sp->p);
		sp->type = SC_JSTRING;
		s->p++;
		return 0;
	case '{':
		if (scan_object(s, sub, out, nout) < 0)
			return -1;
		sp->type = SC_JOBJECT;
		break;
	case '[':
		if (scan_array(s) < 0)
			return -1;
		sp->type = SC_JARRAY;
		break;
	case 't':
		if (literal(s, "true", 4) < 0)
			return -1;
		sp->type = SC_JTRUE;
		break;
	case 'f':
		if (literal(s, "false", 5) < 0)
			return -1;
		sp->type = SC_JFALSE;
		break;
	case 'n':
		if (literal(s, "null", 4) < 0)
			return -1;
		sp->type = SC_JNULL;
		break;
	default:
		if (*s->p != '-' && (*s->p < '0' || *s->p > '9'))
			return -1;
		if (scan_number(s, sp) < 0)
			return -1;
		break;
	}
	sp->p = (const char *)start;
	sp->len = (size_t)(s->p - start);
	return 0;
}

int
sc_scan(const char *str, size_t len, const struct sc_scan_spec *spec,
	struct sc_span *out, int nout)
{
	return sc_scan_ex(str, len, spec, out, nout, NULL);
}

int
sc_scan_ex(const char *str, size_t len, const struct sc_scan_spec *spec,
	   struct sc_span *out, int nout, unsigned *flags)
{
	struct ps s = {(const unsigned char *)str, (const unsigned char *)str + len, 0, 0, 0};
	int n;

	if (out && nout > 0)
		memset(out, 0, (size_t)nout * sizeof(*out));
	skip_ws(&s);
	if (s.p >= s.end || *s.p != '{')
		return -1;
	n = scan_object(&s, spec, out, out ? nout : 0);
	if (n < 0)
		return -1;
	skip_ws(&s);
	if (flags)
		*flags = (s.ws ? SC_SCAN_SPACED : 0) | (s.big ? SC_SCAN_BIGINT : 0);
	return s.p == s.end ? n : -1;
}

size_t
sc_span_decode(const struct sc_span *s, char *out)
{
	if (!s->esc) {
		memcpy(out, s->p, s->len);
		return s->len;
	}
	return decode((const unsigned char *)s->p, s->len, out);
}

char *
sc_span_strdup(const struct sc_span *s)
{
	char *o = sc_xmalloc(s->len + 1);

	o[sc_span_decode(s, o)] = '\0';
	return o;
}

int
sc_span_eq(const struct sc_span *s, const char *lit)
{
	size_t n = strlen(lit);
	char small[256], *buf;
	int eq;

	if (s->type != SC_JSTRING)
		return 0;
	if (!s->esc)
		return s->len == n && memcmp(s->p, lit, n) == 0;
	if (s->len < n)
		return 0;
	buf = s->len <= sizeof(small) ? small : sc_xmalloc(s->len);
	eq = sc_span_decode(s, buf) == n && memcmp(buf, lit, n) == 0;
	if (buf != small)
		free(buf);
	return eq;
}

/* ---- the DOM builder ---- */

static json_t *dom_value(struct ps *s);

/* A string at s->p (the opening quote). */
static json_t *
dom_string_body(const unsigned char *p, size_t n, int esc)
{
	char small[256], *buf;
	json_t *v;

	if (!esc)
		return json_stringn_nocheck((const char *)p, n);
	buf = n <= sizeof(small) ? small : sc_xmalloc(n);
	v = json_stringn_nocheck(buf, decode(p, n, buf));
	if (buf != small)
		free(buf);
	return v;
}

static json_t *
dom_number(const struct sc_span *sp)
{
	double d;

	if (sp->type == SC_JINT)
		return json_integer(sp->i);
	if (token_strtod((const unsigned char *)sp->p, sp->len, &d) < 0 || isinf(d))
		return NULL;
	return json_real(d);
}

static json_t *
dom_object(struct ps *s)
{
	json_t *o;
	int more = open_container(s, '}');

	if (more < 0)
		return NULL;
	o = json_object();
	while (more == 0) {
		const unsigned char *k;
		unsigned char kesc;
		char small[256], *kbuf = small;
		size_t klen;
		json_t *v;
		int rc;

		if (member_key(s, &k, &klen, &kesc) < 0)
			goto bad;
		if ((v = dom_value(s)) == NULL)
			goto bad;
		if (!kesc) {
			rc = json_object_setn_new_nocheck(o, (const char *)k, klen, v);
		} else {
			if (klen > sizeof(small))
				kbuf = sc_xmalloc(klen);
			rc = json_object_setn_new_nocheck(o, kbuf, decode(k, klen, kbuf), v);
			if (kbuf != small)
				free(kbuf);
		}
		if (rc < 0 || (more = next_member(s, '}')) < 0)
			goto bad;
	}
	return o;
bad:
	json_decref(o);
	return NULL;
}

static json_t *
dom_array(struct ps *s)
{
	json_t *a;
	int more = open_container(s, ']');

	if (more < 0)
		return NULL;
	a = json_array();
	while (more == 0) {
		json_t *v = dom_value(s);
		if (v == NULL || json_array_append_new(a, v) < 0 ||
		    (more = next_member(s, ']')) < 0)
			goto bad;
	}
	return a;
bad:
	json_decref(a);
	return NULL;
}

static json_t *
dom_value(struct ps *s)
{
	struct sc_span sp;
	const unsigned char *start;

	if (s->p >= s->end)
		return NULL;
	switch (*s->p) {
	case '"':
		start = ++s->p;
		if (scan_string(s, &sp.esc) < 0)
			return NULL;
		s->p++;
		return dom_string_body(start, (size_t)(s->p - 1 - start), sp.esc);
	case '{':
		return dom_object(s);
	case '[':
		return dom_array(s);
	case 't':
		return literal(s, "true", 4) < 0 ? NULL : json_true();
	case 'f':
		return literal(s, "false", 5) < 0 ? NULL : json_false();
	case 'n':
		return literal(s, "null", 4) < 0 ? NULL : json_null();
	default:
		if (*s->p != '-' && (*s->p < '0' || *s->p > '9'))
			return NULL;
		start = s->p;
		if (scan_number(s, &sp) < 0)
			return NULL;
		sp.p = (const char *)start;
		sp.len = (size_t)(s->p - start);
		return dom_number(&sp);
	}
}

json_t *
sc_scan_dom(const char *str, size_t len)
{
	struct ps s = {(const unsigned char *)str, (const unsigned char *)str + len, 0, 0, 0};
	json_t *v;

	skip_ws(&s);
	if (s.p >= s.end || *s.p != '{')
		return NULL;
	if ((v = dom_object(&s)) == NULL)
		return NULL;
	skip_ws(&s);
	if (s.p != s.end) {
		json_decref(v);
		return NULL;
	}
	return v;
}

json_t *
sc_span_dom(const struct sc_span *sp)
{
	struct ps s;

	switch (sp->type) {
	case SC_JNONE:
		return NULL;
	case SC_JSTRING:
		return dom_string_body((const unsigned char *)sp->p, sp->len, sp->esc);
	case SC_JINT: case SC_JBIGINT: case SC_JREAL:
		return dom_number(sp);
	default:
		s.p = (const unsigned char *)sp->p;
		s.end = s.p + sp->len;
		s.depth = 0;
		s.ws = s.big = 0;
		return dom_value(&s);
	}
}
