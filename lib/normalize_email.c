/*
 * normalize_email.c - sc-normalize --from email: an expert's answer to a
 * consult mail becomes an internal note in the thread (sc(7), CONSULTING
 * BY E-MAIL).
 *
 * Input: a Maildir (new/ then cur/, each file one message, in name
 * order), an mbox (messages start at "From " lines; ">From " is
 * unescaped) or one message.  Each message is held alone, up to
 * --max-doc bytes.  The reply address care+<token>@... in To, Cc,
 * Delivered-To or X-Original-To must carry a token that checks
 * (normalize_token.c) and has not expired; the body is the first
 * text/plain part (else text/html without tags) of the MIME tree,
 * base64 or quoted-printable decoded and converted to UTF-8 with iconv;
 * quoted text ("> " lines, "On ... wrote:", "W dniu ... napisał(a):",
 * "-----Original Message-----") and the signature (from "-- ") are cut.
 * A message that fails any of this is rejected whole, in mbox form, so
 * that --rejects is an mbox that can be fed again.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <iconv.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "normalize_int.h"
#include "reply.h"

/* ---- headers ---- */

/* The unfolded value of header name in hdr[0..n), or NULL; into b. */
static const char *
header(const char *h, size_t n, const char *name, struct sc_buf *b)
{
	size_t nl = strlen(name), i = 0;

	while (i < n) {
		const char *line = h + i, *eol = memchr(line, '\n', n - i);
		size_t len = eol ? (size_t)(eol - line) : n - i;
		if (len > nl && line[nl] == ':' && strncasecmp(line, name, nl) == 0) {
			size_t j = nl + 1;
			sc_buf_reset(b);
			for (;;) {
				while (j < len && (line[j] == ' ' || line[j] == '\t'))
					j++;
				sc_buf_add(b, line + j, len - j);
				/* continuation lines start with a space or a tab */
				if (line + len + 1 >= h + n || (line[len + 1] != ' ' && line[len + 1] != '\t'))
					break;
				sc_buf_addc(b, ' ');
				line += len + 1;
				eol = memchr(line, '\n', (size_t)(h + n - line));
				len = eol ? (size_t)(eol - line) : (size_t)(h + n - line);
				j = 0;
			}
			sc_buf_addc(b, '\0');
			b->len--;
			return b->data;
		}
		i += len + 1;
	}
	return NULL;
}

/* A parameter of a Content-Type value ("boundary", "charset"), into out. */
static int
ct_param(const char *v, const char *name, char *out, size_t cap)
{
	size_t nl = strlen(name);
	const char *p = v;

	while ((p = strchr(p, ';')) != NULL) {
		size_t o = 0;
		p++;
		while (*p == ' ' || *p == '\t')
			p++;
		if (strncasecmp(p, name, nl) != 0 || p[nl] != '=')
			continue;
		p += nl + 1;
		if (*p == '"') {
			for (p++; *p && *p != '"' && o + 1 < cap; p++)
				out[o++] = *p;
		} else {
			for (; *p && *p != ';' && *p != ' ' && *p != '\t' && o + 1 < cap; p++)
				out[o++] = *p;
		}
		out[o] = '\0';
		return o > 0;
	}
	return 0;
}

/* ---- decoding ---- */

static int
hexval(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	return -1;
}

/* Quoted-printable (in_header: "_" is a space, RFC 2047 Q). */
static void
qp_decode(struct sc_buf *out, const char *s, size_t n, int in_header)
{
	size_t i;

	for (i = 0; i < n; i++) {
		if (s[i] == '=' && i + 1 < n && s[i + 1] == '\n') {
			i++;	/* soft line break */
		} else if (s[i] == '=' && i + 2 < n && hexval(s[i + 1]) >= 0 && hexval(s[i + 2]) >= 0) {
			sc_buf_addc(out, (char)(hexval(s[i + 1]) * 16 + hexval(s[i + 2])));
			i += 2;
		} else if (in_header && s[i] == '_') {
			sc_buf_addc(out, ' ');
		} else {
			sc_buf_addc(out, s[i]);
		}
	}
}

static void
b64_decode(struct sc_buf *out, const char *s, size_t n)
{
	unsigned acc = 0;
	int bits = 0;
	size_t i;

	for (i = 0; i < n; i++) {
		int c = (unsigned char)s[i], v;
		if (c >= 'A' && c <= 'Z')
			v = c - 'A';
		else if (c >= 'a' && c <= 'z')
			v = c - 'a' + 26;
		else if (c >= '0' && c <= '9')
			v = c - '0' + 52;
		else if (c == '+')
			v = 62;
		else if (c == '/')
			v = 63;
		else if (c == '=')
			break;
		else
			continue;	/* line ends, spaces */
		acc = (acc << 6) | (unsigned)v;
		bits += 6;
		if (bits >= 8) {
			sc_buf_addc(out, (char)(acc >> (bits - 8)));
			bits -= 8;
		}
	}
}

/*
 * Bytes s[0..n) in charset to UTF-8, appended to out.  Valid UTF-8 with
 * no charset (or us-ascii, utf-8) is copied; an unknown charset returns
 * -1; bytes iconv cannot convert become U+FFFD.
 */
static int
to_utf8(struct sc_buf *out, const char *s, size_t n, const char *charset)
{
	iconv_t cd;
	char *in = (char *)s;
	size_t left = n;

	if (charset == NULL || *charset == '\0' || strcasecmp(charset, "utf-8") == 0 ||
	    strcasecmp(charset, "utf8") == 0 || strcasecmp(charset, "us-ascii") == 0) {
		if (sc_utf8_invalid_at(s, n) < 0) {
			sc_buf_add(out, s, n);
			return 0;
		}
		charset = charset && strcasecmp(charset, "us-ascii") != 0 ? "UTF-8" : "WINDOWS-1252";
	}
	cd = iconv_open("UTF-8", charset);
	if (cd == (iconv_t)-1)
		return -1;
	while (left > 0) {
		char tmp[4096], *o = tmp;
		size_t room = sizeof(tmp);
		size_t r = iconv(cd, &in, &left, &o, &room);
		sc_buf_add(out, tmp, (size_t)(o - tmp));
		if (r == (size_t)-1 && errno != E2BIG) {
			sc_buf_adds(out, "\xef\xbf\xbd");	/* skip one bad byte */
			in++;
			left--;
		}
	}
	iconv_close(cd);
	return 0;
}

/* RFC 2047: "=?charset?B|Q?text?=" words in a header value, to UTF-8. */
static void
decode_words(struct sc_buf *out, const char *s)
{
	const char *p = s, *pending_ws = NULL;
	int last_word = 0;

	while (*p) {
		const char *q1, *q2, *end;
		if (p[0] == '=' && p[1] == '?' && (q1 = strchr(p + 2, '?')) != NULL &&
		    (q1[1] == 'B' || q1[1] == 'b' || q1[1] == 'Q' || q1[1] == 'q') && q1[2] == '?' &&
		    (end = strstr(q1 + 3, "?=")) != NULL) {
			char cs[64];
			struct sc_buf raw;
			size_t cl = (size_t)(q1 - (p + 2));
			q2 = q1 + 3;
			snprintf(cs, sizeof(cs), "%.*s", (int)(cl < 63 ? cl : 63), p + 2);
			if (strchr(cs, '*'))	/* RFC 2231 language */
				*strchr(cs, '*') = '\0';
			sc_buf_init(&raw);
			if (q1[1] == 'B' || q1[1] == 'b')
				b64_decode(&raw, q2, (size_t)(end - q2));
			else
				qp_decode(&raw, q2, (size_t)(end - q2), 1);
			if (pending_ws && !last_word)	/* space between words is dropped */
				sc_buf_add(out, pending_ws, (size_t)(p - pending_ws));
			if (to_utf8(out, raw.data ? raw.data : "", raw.len, cs) < 0)
				sc_buf_add(out, p, (size_t)(end + 2 - p));
			sc_buf_release(&raw);
			p = end + 2;
			pending_ws = NULL;
			last_word = 1;
			continue;
		}
		if (*p == ' ' || *p == '\t') {
			if (pending_ws == NULL)
				pending_ws = p;
			p++;
			continue;
		}
		if (pending_ws)
			sc_buf_add(out, pending_ws, (size_t)(p - pending_ws));
		pending_ws = NULL;
		last_word = 0;
		sc_buf_addc(out, *p++);
	}
	if (pending_ws && !last_word)
		sc_buf_adds(out, pending_ws);
}

/* ---- MIME ---- */

/* format=flowed (RFC 3676): a line ending in a space goes on in the next
   one; quoted lines and the signature line "-- " stay as they are. */
static void
unflow(struct sc_buf *b)
{
	size_t i, o = 0, ls = 0;	/* ls: where the output line starts */

	for (i = 0; i < b->len; i++) {
		char c = b->data[i];
		if (c == '\n' && o > ls && b->data[o - 1] == ' ' && b->data[ls] != '>' &&
		    !(o - ls == 3 && memcmp(b->data + ls, "-- ", 3) == 0)) {
			ls = o;	/* the space stays, the line end goes */
			continue;
		}
		b->data[o++] = c;
		if (c == '\n')
			ls = o;
	}
	b->len = o;
}

/*
 * Find the body text in the entity m[0..n) (headers, blank line, body):
 * the first text/plain part, else the first text/html.  Writes the
 * decoded text into plain or html.  Returns -1 for an unknown charset.
 */
static int
walk(const char *m, size_t n, struct sc_buf *plain, struct sc_buf *html, int depth)
{
	struct sc_buf hv;
	const char *sep = NULL, *body, *ct, *cte;
	char type[128] = "text/plain", charset[64] = "", boundary[200], fmt[16];
	size_t hl, bl;
	int rc = 0;

	if (n >= 1 && m[0] == '\n') {
		sep = m;
		hl = 0;
	} else {
		sep = memmem(m, n, "\n\n", 2);
		hl = sep ? (size_t)(sep - m) + 1 : n;
	}
	body = sep ? sep + (hl == 0 ? 1 : 2) : m + n;
	bl = (size_t)(m + n - body);
	sc_buf_init(&hv);
	if ((ct = header(m, hl, "Content-Type", &hv)) != NULL) {
		size_t k = strcspn(ct, "; \t");
		snprintf(type, sizeof(type), "%.*s", (int)(k < 127 ? k : 127), ct);
		ct_param(ct, "charset", charset, sizeof(charset));
		if (strncasecmp(type, "multipart/", 10) == 0 &&
		    !ct_param(ct, "boundary", boundary, sizeof(boundary)))
			type[0] = '\0';
	}
	if (header(m, hl, "Content-Disposition", &hv) &&
	    strncasecmp(hv.data, "attachment", 10) == 0) {
		sc_buf_release(&hv);
		return 0;
	}
	if (strncasecmp(type, "multipart/", 10) == 0 && depth < 20) {
		size_t blen = strlen(boundary);
		const char *p = body, *end = body + bl, *start = NULL;
		while (p < end) {
			const char *eol = memchr(p, '\n', (size_t)(end - p));
			size_t len = eol ? (size_t)(eol - p) : (size_t)(end - p);
			if (len >= blen + 2 && p[0] == '-' && p[1] == '-' &&
			    memcmp(p + 2, boundary, blen) == 0) {
				int last = len >= blen + 4 && p[blen + 2] == '-' && p[blen + 3] == '-';
				if (start && rc == 0)
					rc = walk(start, (size_t)(p - start), plain, html, depth + 1);
				start = last ? NULL : (eol ? eol + 1 : end);
				if (last)
					break;
			}
			p = eol ? eol + 1 : end;
		}
		sc_buf_release(&hv);
		return rc;
	}
	if (strcasecmp(type, "text/plain") == 0 || strcasecmp(type, "text/html") == 0) {
		int is_html = strcasecmp(type, "text/html") == 0;
		struct sc_buf *dst = is_html ? html : plain, raw;
		if (dst->data) {
			sc_buf_release(&hv);
			return 0;	/* the first of each kind wins */
		}
		sc_buf_init(&raw);
		cte = header(m, hl, "Content-Transfer-Encoding", &hv);
		if (cte && strncasecmp(cte, "base64", 6) == 0)
			b64_decode(&raw, body, bl);
		else if (cte && strncasecmp(cte, "quoted-printable", 16) == 0)
			qp_decode(&raw, body, bl, 0);
		else
			sc_buf_add(&raw, body, bl);
		sc_buf_grow(dst, raw.len + 1);
		if (ct && !is_html && header(m, hl, "Content-Type", &hv) &&
		    ct_param(hv.data, "format", fmt, sizeof(fmt)) && strcasecmp(fmt, "flowed") == 0)
			unflow(&raw);
		if (to_utf8(dst, raw.data ? raw.data : "", raw.len, charset) < 0)
			rc = -1;
		sc_buf_addc(dst, '\0');
		dst->len--;
		sc_buf_release(&raw);
	}
	sc_buf_release(&hv);
	return rc;
}

/* HTML to text: <head>, <style>, <script> and <blockquote> (quoted mail)
   go; tags go, <br> and block ends become newlines; entities decoded. */
static void
html_to_text(struct sc_buf *out, const char *s, size_t n)
{
	static const char *const drop[] = {"head", "style", "script", "blockquote", NULL};
	struct sc_buf t;
	size_t i = 0;

	sc_buf_init(&t);
	while (i < n) {
		int k, dropped = 0;
		if (s[i] == '<') {
			for (k = 0; drop[k]; k++) {
				size_t dl = strlen(drop[k]);
				if (i + 1 + dl < n && strncasecmp(s + i + 1, drop[k], dl) == 0 &&
				    (s[i + 1 + dl] == '>' || s[i + 1 + dl] == ' ')) {
					char close[20];
					const char *e;
					snprintf(close, sizeof(close), "</%s>", drop[k]);
					e = strcasestr(s + i, close);
					i = e ? (size_t)(e - s) + strlen(close) : n;
					dropped = 1;
					break;
				}
			}
			if (!dropped && (strncasecmp(s + i, "</p>", 4) == 0 ||
					 strncasecmp(s + i, "</div>", 6) == 0))
				sc_buf_adds(&t, "<br>");
		}
		if (!dropped && i < n)
			sc_buf_addc(&t, s[i++]);
	}
	sc_norm_html_text(out, t.data ? t.data : "", t.len, 2);
	sc_buf_release(&t);
}

/* ---- what is the answer: quoted text and signatures cut ---- */

static int
ends_with(const char *s, size_t n, const char *suffix)
{
	size_t k = strlen(suffix);

	while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t'))
		n--;
	return n >= k && memcmp(s + n - k, suffix, k) == 0;
}

/* "On ... wrote:" and "W dniu ... napisał(a):" (Thunderbird, Gmail,
   Apple Mail; the line may be wrapped in two). */
static int
attribution(const char *l, size_t n, const char *next, size_t nn)
{
	static const char *const ends[] = {
		"wrote:", "napisał(a):", "napisał:", "napisała:", "pisze:", NULL
	};
	int k, starts = (n >= 3 && memcmp(l, "On ", 3) == 0) ||
			(n >= 7 && memcmp(l, "W dniu ", 7) == 0) ||
			(n >= 5 && memcmp(l, "Dnia ", 5) == 0);

	for (k = 0; ends[k]; k++)
		if (ends_with(l, n, ends[k]) &&
		    (starts || (next && (nn == 0 || next[0] == '>'))))
			return 1;	/* any "... wrote:" line that quoted lines follow */
	if (!starts)
		return 0;
	if (next)
		for (k = 0; ends[k]; k++)
			if (ends_with(next, nn, ends[k]) && nn < 80)
				return 2;
	return 0;
}

static int
original_message(const char *l, size_t n)
{
	static const char *const marks[] = {
		"-----Original Message-----", "-----Wiadomość oryginalna-----",
		"-----Oryginalna wiadomość-----", "________________________________", NULL
	};
	int k;

	for (k = 0; marks[k]; k++)
		if (n >= strlen(marks[k]) && memcmp(l, marks[k], strlen(marks[k])) == 0)
			return 1;
	return 0;
}

/* The answer in text: quoted lines, attributions, forwarded originals
   and the signature cut, blank lines trimmed. */
static void
answer(struct sc_buf *out, const char *s, size_t n)
{
	size_t i = 0, blank = 0;

	while (i < n) {
		const char *l = s + i, *eol = memchr(l, '\n', n - i), *next = NULL;
		size_t len = eol ? (size_t)(eol - l) : n - i, nn = 0;
		int a;

		i += len + 1;
		while (len > 0 && l[len - 1] == '\r')
			len--;
		if (eol && i < n) {
			const char *e2 = memchr(s + i, '\n', n - i);
			next = s + i;
			nn = e2 ? (size_t)(e2 - next) : n - i;
		}
		if ((len == 3 && memcmp(l, "-- ", 3) == 0) || (len == 2 && memcmp(l, "--", 2) == 0) ||
		    original_message(l, len))
			break;
		if (len > 0 && l[0] == '>')
			continue;
		if ((a = attribution(l, len, next, nn)) != 0) {
			if (a == 2)
				i += nn + 1;
			continue;
		}
		if (sc_line_blank(l, len)) {
			blank++;
			continue;
		}
		if (out->len > 0)
			sc_buf_adds(out, blank ? "\n\n" : "\n");
		blank = 0;
		sc_buf_add(out, l, len);
	}
	sc_buf_addc(out, '\0');
	out->len--;
}

/* ---- one message ---- */

static const char *const months[] = {
	"jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"
};

/* RFC 5322 date: [Day,] DD Mon YYYY HH:MM[:SS] zone. */
static int
mail_date(const char *s, int64_t *t)
{
	struct tm tm;
	char mon[4], zone[8] = "";
	int d, y, h, mi, sec = 0, k, off = 0, used = 0;

	memset(&tm, 0, sizeof(tm));
	if (strchr(s, ','))
		s = strchr(s, ',') + 1;
	if (sscanf(s, " %d %3s %d %d:%d%n", &d, mon, &y, &h, &mi, &used) != 5)
		return -1;
	s += used;
	if (*s == ':' && sscanf(s, ":%d%n", &sec, &used) == 1)
		s += used;
	sscanf(s, " %7s", zone);
	for (k = 0; k < 12; k++)
		if (strcasecmp(mon, months[k]) == 0)
			break;
	if (k == 12 || d < 1 || d > 31 || h > 23 || mi > 59 || sec > 60 || y < 1970)
		return -1;
	if ((zone[0] == '+' || zone[0] == '-') && strlen(zone) == 5) {
		int z = (int)strtol(zone + 1, NULL, 10);
		off = (z / 100 * 60 + z % 100) * 60 * (zone[0] == '-' ? -1 : 1);
	}
	tm.tm_year = y - 1900;
	tm.tm_mon = k;
	tm.tm_mday = d;
	tm.tm_hour = h;
	tm.tm_min = mi;
	tm.tm_sec = sec > 59 ? 59 : sec;
	*t = (int64_t)timegm(&tm) - off;
	return 0;
}

/* The consult token in an address header value: "...+TOKEN@...". */
static int
find_token(const char *v, char *tok, size_t cap)
{
	const char *p = v;

	while ((p = strchr(p, '+')) != NULL) {
		const char *at = p + 1;
		size_t k;
		while (*at && *at != '@' && *at != '>' && *at != ' ' && *at != ',' && *at != '+')
			at++;
		k = (size_t)(at - p - 1);
		if (*at == '@' && k > 0 && k < cap) {
			memcpy(tok, p + 1, k);
			tok[k] = '\0';
			return 1;
		}
		p++;
	}
	return 0;
}

struct mail {
	struct sc_norm *n;
	const char *file;
	long line;
	int from_line;		/* raw starts with an mbox "From " line */
};

static void
mail_reject(struct mail *ml, const char *raw, size_t len, const char *why)
{
	struct sc_norm *n = ml->n;
	struct sc_buf b;

	sc_buf_init(&b);
	if (!ml->from_line)	/* --rejects is an mbox */
		sc_buf_adds(&b, "From sc-normalize Thu Jan  1 00:00:00 1970\n");
	for (size_t i = 0; i < len;) {
		const char *eol = memchr(raw + i, '\n', len - i);
		size_t l = eol ? (size_t)(eol - raw - i) + 1 : len - i;
		if (!ml->from_line || i > 0) {
			size_t q = i;
			while (q < len && raw[q] == '>')
				q++;
			if (len - q >= 5 && memcmp(raw + q, "From ", 5) == 0)
				sc_buf_addc(&b, '>');
		}
		sc_buf_add(&b, raw + i, l);
		i += l;
	}
	while (b.len > 0 && b.data[b.len - 1] == '\n')
		b.len--;
	sc_buf_addc(&b, '\n');	/* a blank line ends a message */
	{
		const char *f = n->file;
		n->file = ml->file;
		sc_norm_reject(n, ml->line, b.data, b.len, "%s", why);
		n->file = f;
	}
	sc_buf_release(&b);
}

static void
one_mail(struct mail *ml, const char *raw, size_t rawlen)
{
	struct sc_norm *n = ml->n;
	static const char *const addr_hdrs[] = {"To", "Cc", "Delivered-To", "X-Original-To", NULL};
	struct sc_buf m, hv, plain, html, text, name, idb;
	struct sc_norm_rec r;
	const char *sep, *v, *why = NULL;
	char tok[SC_CONSULT_TOKEN_MAX + 1], thread[300], whybuf[200], from[320] = "";
	size_t hl, i;
	long day = 0;
	int k, rc = -1;

	n->nin++;
	sc_buf_init(&m);
	sc_buf_init(&hv);
	sc_buf_init(&plain);
	sc_buf_init(&html);
	sc_buf_init(&text);
	sc_buf_init(&name);
	sc_buf_init(&idb);
	/* one line end: CRLF to LF; an mbox "From " line is not a header */
	i = 0;
	if (ml->from_line) {
		const char *eol = memchr(raw, '\n', rawlen);
		i = eol ? (size_t)(eol - raw) + 1 : rawlen;
	}
	for (; i < rawlen; i++)
		if (!(raw[i] == '\r' && i + 1 < rawlen && raw[i + 1] == '\n'))
			sc_buf_addc(&m, raw[i]);
	sc_buf_addc(&m, '\0');
	m.len--;
	sep = strstr(m.data, "\n\n");
	hl = sep ? (size_t)(sep - m.data) + 1 : m.len;
	if (!header(m.data, hl, "From", &hv) && !header(m.data, hl, "Date", &hv)) {
		why = "not a mail message (no From or Date header)";
		goto out;
	}
	if ((v = header(m.data, hl, "Auto-Submitted", &hv)) && strncasecmp(v, "no", 2) != 0) {
		why = "automatic reply (Auto-Submitted), not an answer";
		goto out;
	}
	tok[0] = '\0';
	for (k = 0; addr_hdrs[k] && !tok[0]; k++)
		if ((v = header(m.data, hl, addr_hdrs[k], &hv)) != NULL)
			find_token(v, tok, sizeof(tok));
	if (!tok[0]) {
		why = "no consult reply address (care+TOKEN@...) in To, Cc or Delivered-To";
		goto out;
	}
	if (n->o.consult_key == NULL) {
		why = "no consult key to check the reply address with";
		goto out;
	}
	switch (sc_consult_check(n->o.consult_key, n->o.consult_keylen, tok,
				 (long)((n->o.now ? n->o.now : (int64_t)time(NULL)) / 86400),
				 thread, sizeof(thread), &day)) {
	case 0:
		break;
	case SC_CONSULT_EXPIRED: {
		char d[32];
		sc_time_format((int64_t)day * 86400, d);
		snprintf(whybuf, sizeof(whybuf), "consult reply address expired (good until %.10s)", d);
		why = whybuf;
		goto out;
	}
	default:
		why = "consult reply address does not check (bad token)";
		goto out;
	}
	if (strchr(thread, ':') == NULL || sc_utf8_invalid_at(thread, strlen(thread)) >= 0) {
		why = "consult reply address does not name a thread";
		goto out;
	}
	sc_norm_rec_init(&r, NULL, "email");
	if ((v = header(m.data, hl, "Date", &hv)) == NULL || mail_date(v, &r.created) < 0) {
		why = "no valid Date header";
		goto out;
	}
	if (walk(m.data, m.len, &plain, &html, 0) < 0) {
		why = "unknown charset";
		goto out;
	}
	if (plain.data)
		answer(&text, plain.data, plain.len);
	if (text.len == 0 && html.data) {	/* no text part, or an empty one */
		struct sc_buf t;
		sc_buf_init(&t);
		html_to_text(&t, html.data, html.len);
		answer(&text, t.data ? t.data : "", t.len);
		sc_buf_release(&t);
	}
	if (text.len == 0 || sc_utf8_invalid_at(text.data, text.len) >= 0) {
		why = "no answer in the message (empty once quoted text and signature are cut)";
		goto out;
	}
	if ((v = header(m.data, hl, "From", &hv)) != NULL) {
		const char *lt = strrchr(v, '<'), *gt = lt ? strchr(lt, '>') : NULL;
		size_t e = lt ? (size_t)(lt - v) : 0;
		if (lt && gt) {
			snprintf(from, sizeof(from), "%.*s", (int)(gt - lt - 1), lt + 1);
			while (e > 0 && (v[e - 1] == ' ' || v[e - 1] == '"'))
				e--;
			if (*v == '"')
				v++, e = e > 0 ? e - 1 : 0;
			if (e > 0) {
				char *dn = sc_xstrndup(v, e);
				decode_words(&name, dn);
				free(dn);
			}
		} else {
			snprintf(from, sizeof(from), "%s", v);
		}
		for (i = 0; from[i]; i++)
			if (from[i] >= 'A' && from[i] <= 'Z')
				from[i] = (char)(from[i] - 'A' + 'a');
	}
	if ((v = header(m.data, hl, "Message-ID", &hv)) != NULL && *v) {
		size_t l = strlen(v);
		if (*v == '<' && l > 2 && v[l - 1] == '>')
			sc_buf_add(&idb, v + 1, l - 2);
		else
			sc_buf_adds(&idb, v);
	} else {
		char hex[65];
		sc_sha256_hex(m.data, m.len, hex);
		sc_buf_add(&idb, hex, 32);
	}
	sc_buf_addc(&idb, '\0');
	r.id = idb.data;
	r.kind = "note";
	r.visibility = "private";
	r.thread = thread;
	r.thread_full = 1;
	r.is_brand = 0;
	r.author_id = from[0] ? from : NULL;
	r.author_name = name.len ? name.data : NULL;
	r.text = text.data;
	r.text_len = text.len;
	r.account = NULL;
	rc = 0;
	sc_norm_emit(n, &r);
out:
	if (rc < 0 && why)
		mail_reject(ml, raw, rawlen, why);
	sc_buf_release(&m);
	sc_buf_release(&hv);
	sc_buf_release(&plain);
	sc_buf_release(&html);
	sc_buf_release(&text);
	sc_buf_release(&name);
	sc_buf_release(&idb);
}

/* ---- reading: mbox or one message from a descriptor, Maildirs ---- */

static int
mbox_from(const char *s, size_t n)
{
	return n >= 5 && memcmp(s, "From ", 5) == 0;
}

/* A message read whole: a record or a reject; one over the cap was
   already copied to --rejects line by line. */
static void
end_mail(struct mail *ml, const struct sc_buf *msg, int over)
{
	struct sc_norm *n = ml->n;

	if (over) {
		if (n->overflow) {
			fputc('\n', n->overflow);
			fflush(n->overflow);
		}
		sc_norm_reject(n, ml->line, NULL, 0, "message too large (over %zu bytes)",
			       n->o.max_doc);
	} else {
		one_mail(ml, msg->data ? msg->data : "", msg->len);
	}
}

int
sc_norm_email_fd(struct sc_norm *n, int fd, const char *name)
{
	struct sc_reader rd;
	struct sc_error e;
	struct sc_buf msg;
	struct mail ml = {n, name, 1, 0};
	const char *text;
	size_t len;
	int got = 0, prev_blank = 1, over = 0, started = 0;

	n->file = name;
	sc_reader_init(&rd, fd, name, n->o.max_line);
	sc_error_clear(&e);
	sc_buf_init(&msg);
	while (!n->stop && !n->failed && (got = sc_reader_next(&rd, &text, &len, &e)) == 1) {
		int is_from = prev_blank && mbox_from(text, len) && !rd.too_long;
		if (!started) {
			started = 1;
			ml.from_line = is_from;
			ml.line = rd.lineno;
		} else if (is_from && ml.from_line) {
			end_mail(&ml, &msg, over);
			sc_buf_reset(&msg);
			over = 0;
			ml.line = rd.lineno;
		}
		prev_blank = len == 0 || (len == 1 && text[0] == '\r');
		if (over) {
			if (n->overflow) {
				fwrite(text, 1, len, n->overflow);
				fputc('\n', n->overflow);
			}
			continue;
		}
		if (rd.too_long || msg.len + len + 1 > n->o.max_doc) {
			over = 1;	/* --rejects gets it as it streams by */
			if (n->overflow) {
				fwrite(msg.data ? msg.data : "", 1, msg.len, n->overflow);
				fwrite(text, 1, len, n->overflow);
				fputc('\n', n->overflow);
			}
			continue;
		}
		if (ml.from_line && !is_from && len > 5 && text[0] == '>') {
			size_t q = 0;
			while (q < len && text[q] == '>')
				q++;
			if (mbox_from(text + q, len - q)) {	/* mboxrd ">From " */
				text++;
				len--;
			}
		}
		sc_buf_add(&msg, text, len);
		sc_buf_addc(&msg, '\n');
	}
	if (got < 0 && !n->failed) {
		n->failed = 1;
		n->err = e;
	}
	if (started && !n->failed && !n->stop)
		end_mail(&ml, &msg, over);
	sc_buf_release(&msg);
	sc_reader_release(&rd);
	return n->failed || n->stop ? -1 : 0;
}

static int
by_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The messages of one Maildir folder (new or cur), in name order. */
static int
maildir_sub(struct sc_norm *n, const char *dir, const char *sub)
{
	struct sc_buf path;
	DIR *d;
	struct dirent *de;
	char **names = NULL;
	size_t nn = 0, cap = 0, i;

	sc_buf_init(&path);
	sc_buf_printf(&path, "%s/%s", dir, sub);
	d = opendir(path.data);
	if (d == NULL) {
		sc_buf_release(&path);
		return 0;
	}
	while ((de = readdir(d)) != NULL) {
		if (de->d_name[0] == '.')
			continue;
		if (nn == cap) {
			cap = cap ? cap * 2 : 64;
			names = sc_xrealloc(names, cap * sizeof(char *));
		}
		names[nn++] = sc_xstrdup(de->d_name);
	}
	closedir(d);
	if (nn > 1)	/* qsort(NULL, 0, ...) is undefined: an empty cur/ */
		qsort(names, nn, sizeof(char *), by_name);
	for (i = 0; i < nn && !n->stop && !n->failed; i++) {
		struct sc_buf p;
		int fd;
		sc_buf_init(&p);
		sc_buf_printf(&p, "%s/%s/%s", dir, sub, names[i]);
		fd = open(p.data, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
		if (fd >= 0) {
			struct stat sb;
			if (fstat(fd, &sb) == 0 && S_ISREG(sb.st_mode))
				sc_norm_email_fd(n, fd, p.data);
			close(fd);
		}
		sc_buf_release(&p);
	}
	for (i = 0; i < nn; i++)
		free(names[i]);
	free(names);
	sc_buf_release(&path);
	return n->failed || n->stop ? -1 : 0;
}

/* A Maildir (a directory with cur/ or new/), or a stream. */
int
sc_norm_email(struct sc_norm *n, int fd, const char *name)
{
	struct stat sb;
	struct sc_buf p;
	int has;

	if (fstat(fd, &sb) < 0 || !S_ISDIR(sb.st_mode))
		return sc_norm_email_fd(n, fd, name);
	n->file = name;
	sc_buf_init(&p);
	sc_buf_printf(&p, "%s/cur", name);
	has = stat(p.data, &sb) == 0 && S_ISDIR(sb.st_mode);
	sc_buf_reset(&p);
	sc_buf_printf(&p, "%s/new", name);
	has |= stat(p.data, &sb) == 0 && S_ISDIR(sb.st_mode);
	sc_buf_release(&p);
	if (!has) {
		sc_norm_reject(n, 0, NULL, 0, "a directory that is not a Maildir (no cur/ or new/)");
		return n->stop ? -1 : 0;
	}
	if (maildir_sub(n, name, "new") == 0)
		maildir_sub(n, name, "cur");
	return n->failed || n->stop ? -1 : 0;
}
