/*
 * consult.c - the consult mail (consult.h).  The reply address is the
 * only way back: its local part gets "+TOKEN" (sc_consult_token, bound to
 * the thread and a last valid day), so whatever the expert's client does
 * to the subject or the quoted text, sc-normalize --from email finds the
 * case from the address alone.  Headers are written by hand and only from
 * checked values: an address with a line break would let a customer's
 * words become headers, so it is refused; a non-ASCII subject is RFC 2047
 * B-encoded.  The key is used, never written.
 */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "consult.h"
#include "normalize.h"
#include "triage.h"

static int
addr_ok(const char *s)
{
	return s != NULL && *s != '\0' && strpbrk(s, "\r\n") == NULL && strchr(s, '@') != NULL;
}

static void
b64(struct sc_buf *b, const unsigned char *s, size_t n)
{
	static const char t[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
	size_t i;

	for (i = 0; i + 2 < n; i += 3) {
		sc_buf_addc(b, t[s[i] >> 2]);
		sc_buf_addc(b, t[((s[i] & 3) << 4) | (s[i + 1] >> 4)]);
		sc_buf_addc(b, t[((s[i + 1] & 15) << 2) | (s[i + 2] >> 6)]);
		sc_buf_addc(b, t[s[i + 2] & 63]);
	}
	if (n - i == 1) {
		sc_buf_addc(b, t[s[i] >> 2]);
		sc_buf_addc(b, t[(s[i] & 3) << 4]);
		sc_buf_adds(b, "==");
	} else if (n - i == 2) {
		sc_buf_addc(b, t[s[i] >> 2]);
		sc_buf_addc(b, t[((s[i] & 3) << 4) | (s[i + 1] >> 4)]);
		sc_buf_addc(b, t[(s[i + 1] & 15) << 2]);
		sc_buf_addc(b, '=');
	}
}

/* Subject: "[sc consult] " and the question's first line, cut at 60
   bytes on a code point boundary; encoded when not ASCII. */
static void
subject(struct sc_buf *b, const char *q)
{
	size_t n = strcspn(q, "\r\n"), i;
	int ascii = 1;

	if (n > 60) {
		n = 60;
		while (n > 0 && ((unsigned char)q[n] & 0xC0) == 0x80)
			n--;
	}
	for (i = 0; i < n; i++)
		if ((unsigned char)q[i] >= 0x80 || (unsigned char)q[i] < 0x20)
			ascii = 0;
	sc_buf_adds(b, "Subject: [sc consult] ");
	if (ascii) {
		sc_buf_add(b, q, n);
	} else {
		sc_buf_adds(b, "=?UTF-8?B?");
		b64(b, (const unsigned char *)q, n);
		sc_buf_adds(b, "?=");
	}
	sc_buf_addc(b, '\n');
}

/* The text, personal data masked unless show_pii. */
static void
masked(struct sc_buf *b, const char *s, int show_pii)
{
	struct sc_pii_hit hits[64];
	size_t n = strlen(s), k;

	if (show_pii) {
		sc_buf_add(b, s, n);
		return;
	}
	k = sc_pii_scan(s, n, hits, sizeof(hits) / sizeof(hits[0]));
	sc_pii_redact(s, n, hits, k, b);
}

static int
by_time(const void *a, const void *b)
{
	const char *x = sc_json_str(*(json_t *const *)a, "created_at");
	const char *y = sc_json_str(*(json_t *const *)b, "created_at");

	return strcmp(x ? x : "", y ? y : "");
}

int
sc_consult_mail(const struct sc_consult_opts *o, json_t *const *recs, size_t n,
		struct sc_buf *out, struct sc_error *e)
{
	char tok[SC_CONSULT_TOKEN_MAX + 1], date[64];
	const char *at;
	json_t **v;
	size_t i;
	struct tm tm;
	time_t tt = (time_t)o->now;

	if (!addr_ok(o->to))
		return sc_error_set(e, SC_EX_USAGE, NULL, 0, 0,
				    "the expert's address must be one line with an '@'");
	if (!addr_ok(o->reply_to) || strchr(o->reply_to, ' ') || strchr(o->reply_to, '+') ||
	    (o->from && strpbrk(o->from, "\r\n")))
		return sc_error_set(e, SC_EX_USAGE, NULL, 0, 0,
				    "the reply address must be a bare local@domain without '+'");
	if (o->question == NULL || o->question[0] == '\0')
		return sc_error_set(e, SC_EX_USAGE, NULL, 0, 0, "no question");
	if (sc_consult_token(o->key, o->keylen, o->thread, o->until_day, tok, sizeof(tok)) < 0)
		return sc_error_set(e, SC_EX_CONFIG, NULL, 0, 0,
				    "no consult token: key shorter than %d bytes or thread id too long",
				    SC_CONSULT_KEY_MIN);
	at = strchr(o->reply_to, '@');
	gmtime_r(&tt, &tm);
	strftime(date, sizeof(date), "%a, %d %b %Y %H:%M:%S +0000", &tm);
	sc_buf_printf(out, "From: %s\n", o->from ? o->from : o->reply_to);
	sc_buf_printf(out, "To: %s\n", o->to);
	sc_buf_printf(out, "Reply-To: %.*s+%s%s\n", (int)(at - o->reply_to), o->reply_to, tok, at);
	subject(out, o->question);
	sc_buf_printf(out, "Date: %s\nMIME-Version: 1.0\n"
		      "Content-Type: text/plain; charset=UTF-8\nContent-Transfer-Encoding: 8bit\n\n",
		      date);

	sc_buf_adds(out, o->question);
	sc_buf_adds(out, "\n\nPlease answer by replying to this mail.  Your answer is added to the case "
		    "as an internal note for the moderator; the customer does not see it.\n\n");
	sc_buf_printf(out, "--- the conversation %s (%s) ---\n", o->thread,
		      o->show_pii ? "as written" : "personal data masked");
	v = sc_xcalloc(n ? n : 1, sizeof(*v));
	memcpy(v, recs, n * sizeof(*v));
	qsort(v, n, sizeof(*v), by_time);
	for (i = 0; i < n; i++) {
		const char *kind = sc_json_str(v[i], "kind"), *text = sc_json_str(v[i], "text");
		const char *name = sc_json_path_str(v[i], "author.name");
		const char *when = sc_json_str(v[i], "created_at");
		json_t *brand = json_object_get(json_object_get(v[i], "author"), "is_brand");
		int is_brand = json_is_true(brand);
		if (kind == NULL || text == NULL || strcmp(kind, "status") == 0 ||
		    strcmp(kind, "label") == 0 || strcmp(kind, "survey") == 0)
			continue;
		sc_buf_printf(out, "\n%.16s ", when ? when : "");
		if (strcmp(kind, "note") == 0)
			sc_buf_printf(out, "internal note by %s", name ? name : "?");
		else if (is_brand)
			sc_buf_adds(out, "the brand");
		else if (o->show_pii && name)
			sc_buf_printf(out, "%s (customer)", name);
		else
			sc_buf_adds(out, "the customer");
		sc_buf_adds(out, ":\n");
		masked(out, text, o->show_pii || is_brand);
		sc_buf_addc(out, '\n');
	}
	free(v);
	return 0;
}
