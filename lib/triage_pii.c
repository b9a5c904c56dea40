/*
 * triage_pii.c - personal data in message text.
 *
 * Detectors, in the order they are tried on each candidate:
 *   e-mail   local@domain.tld (a bare "@mention" is not one)
 *   iban     two letters, two check digits, 11-30 more letters/digits,
 *            spaces between groups allowed; ISO 13616 mod 97 == 1
 *   account  a Polish NRB: 26 digits (grouped "61 1090 1014 ..." or not),
 *            checked as the IBAN "PL" + digits
 *   card     13-19 digits, a card network prefix (4, 51-55, 22-27, 34/37,
 *            35, 6) and the Luhn checksum
 *   pesel    11 digits in one group, the PESEL checksum and a real birth
 *            date (months 1-12, 21-32, 41-52, 61-72, 81-92 for the century)
 *   phone    "+" and 8-15 digits (E.164; +48 needs 9 more), "00" and 11-15
 *            digits, 9 Polish digits grouped 3-3-3 / 2-3-2-2 / 2-3-4 / 3-2-2-2 or
 *            written together starting with 4-8, "48" and such a number
 *            (2-3-3-3), US 3-3-4, or a UK national number: 11 digits
 *            starting 01, 02, 03, 07 or 08, together or grouped 5-6, 4-3-4,
 *            3-4-4, 4-7 or 5-3-3
 *   e-mail   also disguised: "name (at) domain.com", "[at]", "(małpa)",
 *            and "name at domain dot com" / "kropka" (a plain " at " only
 *            with a " dot " in the domain or a '.', '_' or digit in the
 *            name, so "look at booking.com" is not one)
 *
 * A candidate digit run is digits with single spaces, hyphens or ")"
 * between groups; it must not touch a letter or another number ("RR123
 * 456789PL", "20.11.2026", "12,50" are not candidates).  The rule that
 * keeps order numbers, tracking codes and invoice numbers out: a run
 * whose preceding few words name one (zamówienie, order, paczka,
 * przesyłka, tracking, faktura, invoice, nr zgłoszenia, ticket, numer
 * klienta, "#") is never phone, card or PESEL; only "+" phones and the
 * mod-97 checked account numbers still count there.  The look-back stops
 * at a comma, semicolon, full stop or a phone word (tel, phone, call,
 * dzwonić, numer telefonu...), so in "order 5551234, my tel 512-345-678"
 * the phone is still found.
 */
#include <string.h>

#include "triage.h"

const char *const sc_pii_names[SC_PII_NKINDS] = {
	"email", "phone", "card", "pesel", "iban", "account"
};

static int
is_digit(int c)
{
	return c >= '0' && c <= '9';
}

static int
is_alpha(int c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static int
is_alnum(int c)
{
	return is_digit(c) || is_alpha(c) || (c & 0x80);
}

int
sc_luhn_ok(const char *d, size_t n)
{
	int sum = 0, dbl = 0;
	size_t i;

	if (n == 0)
		return 0;
	for (i = n; i-- > 0;) {
		int v = d[i] - '0';
		if (dbl) {
			v *= 2;
			if (v > 9)
				v -= 9;
		}
		sum += v;
		dbl = !dbl;
	}
	return sum % 10 == 0;
}

int
sc_pesel_ok(const char *d)
{
	static const int w[10] = {1, 3, 7, 9, 1, 3, 7, 9, 1, 3};
	static const int mdays[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	int i, sum = 0, yy, mm, dd, year, dim;

	for (i = 0; i < 11; i++)
		if (!is_digit(d[i]))
			return 0;
	for (i = 0; i < 10; i++)
		sum += (d[i] - '0') * w[i];
	if ((10 - sum % 10) % 10 != d[10] - '0')
		return 0;
	yy = (d[0] - '0') * 10 + d[1] - '0';
	mm = (d[2] - '0') * 10 + d[3] - '0';
	dd = (d[4] - '0') * 10 + d[5] - '0';
	if (mm >= 81 && mm <= 92) {
		year = 1800 + yy;
		mm -= 80;
	} else if (mm >= 1 && mm <= 12) {
		year = 1900 + yy;
	} else if (mm >= 21 && mm <= 32) {
		year = 2000 + yy;
		mm -= 20;
	} else if (mm >= 41 && mm <= 52) {
		year = 2100 + yy;
		mm -= 40;
	} else if (mm >= 61 && mm <= 72) {
		year = 2200 + yy;
		mm -= 60;
	} else {
		return 0;
	}
	dim = mdays[mm - 1];
	if (mm == 2 && ((year % 4 == 0 && year % 100 != 0) || year % 400 == 0))
		dim = 29;
	return dd >= 1 && dd <= dim;
}

int
sc_iban_ok(const char *s, size_t n)
{
	unsigned rem = 0;
	size_t i;

	if (n < 15 || n > 34 || !is_alpha(s[0]) || !is_alpha(s[1]) || !is_digit(s[2]) ||
	    !is_digit(s[3]))
		return 0;
	for (i = 0; i < n; i++) {
		char c = s[(i + 4) % n];
		if (is_digit(c)) {
			rem = (rem * 10 + (unsigned)(c - '0')) % 97;
		} else if (is_alpha(c)) {
			unsigned v = (unsigned)((c | 0x20) - 'a' + 10);
			rem = (rem * 100 + v) % 97;
		} else {
			return 0;
		}
	}
	return rem == 1;
}

int
sc_nrb_ok(const char *d)
{
	char buf[28];
	int i;

	for (i = 0; i < 26; i++)
		if (!is_digit(d[i]))
			return 0;
	buf[0] = 'P';
	buf[1] = 'L';
	memcpy(buf + 2, d, 26);
	return sc_iban_ok(buf, 28);
}

/* Words that, just before a number, say it is an order or parcel number
   (matched on folded text, so "ZAMÓWIENIE" and "zamowienie" both count). */
static const char *const order_cues[] = {
	"zamowien", "order", "paczk", "przesylk", "tracking", "faktur", "invoice",
	"zgloszen", "ticket", "klienta", "referenc", "booking", "rezerwac", "sledzen",
	"awb", "list przewozowy", "case", "nr sprawy", NULL
};

/* Words that, between an order word and a number, make it a phone. */
static const char *const phone_cues[] = {
	"tel", "phone", "call", "ring", "mobile", "komork", "dzwon", "zadzwon",
	"numer kontakt", "kontakt", "contact", "whatsapp", NULL
};

/* Does the text just before offset `at` (up to three words, same line)
   name an order number? */
static int
order_context(const char *s, size_t at)
{
	size_t start = at > 48 ? at - 48 : 0, i, k;
	int words = 0, found = 0;
	struct sc_buf f;

	if (at > 0 && s[at - 1] == '#')
		return 1;
	if (at > 1 && s[at - 1] == ' ' && s[at - 2] == '#')
		return 1;
	for (i = at; i > start; i--) {
		if (s[i - 1] == '\n') {
			start = i;
			break;
		}
		if (s[i - 1] == ' ' && i < at && s[i] != ' ' && ++words >= 4) {
			start = i;
			break;
		}
	}
	while (start < at && ((unsigned char)s[start] & 0xC0) == 0x80)
		start++;
	/* a clause ends the look-back: "zamówienie 123, mój tel 600..." */
	for (i = at; i > start + 1; i--)
		if ((s[i - 2] == ',' || s[i - 2] == ';' || s[i - 2] == '.' || s[i - 2] == '!' ||
		     s[i - 2] == '?') && s[i - 1] == ' ') {
			start = i;
			break;
		}
	sc_buf_init(&f);
	sc_fold(s + start, at - start, &f);
	sc_buf_addc(&f, '\0');
	for (k = 0; order_cues[k] && !found; k++) {
		const char *hit = strstr(f.data, order_cues[k]), *last = NULL;
		size_t j;
		while (hit) {
			last = hit;
			hit = strstr(hit + 1, order_cues[k]);
		}
		if (last == NULL)
			continue;
		found = 1;
		/* a phone word after the cue says the number is a phone */
		for (j = 0; phone_cues[j]; j++) {
			const char *pc = strstr(last, phone_cues[j]);
			while (pc && pc > f.data && pc[-1] != ' ')
				pc = strstr(pc + 1, phone_cues[j]);
			if (pc)
				found = 0;
		}
	}
	sc_buf_release(&f);
	return found;
}

static const char *const pl_mobile[] = {
	"45", "50", "51", "53", "57", "60", "66", "69", "72", "73", "78", "79", "88", NULL
};

static int
card_prefix_ok(const char *d, size_t n)
{
	int p2 = (d[0] - '0') * 10 + d[1] - '0';

	if (d[0] == '4')
		return n == 13 || n == 16 || n == 19;
	if ((p2 >= 51 && p2 <= 55) || (p2 >= 22 && p2 <= 27))
		return n == 16;
	if (p2 == 34 || p2 == 37)
		return n == 15;
	if (p2 == 35 || d[0] == '6')
		return n >= 16 && n <= 19;
	return 0;
}

struct run {
	size_t off, len;	/* bytes in the text, '+' or '(' included */
	char d[48];
	size_t nd;
	int groups[24];
	size_t ng;
	int plus;
};

/* Collect a digit run starting at s[i] (a digit, '+' or '('); 0 if none. */
static int
read_run(const char *s, size_t n, size_t i, struct run *r)
{
	size_t j = i;

	memset(r, 0, sizeof(*r));
	r->off = i;
	if (s[j] == '+') {
		r->plus = 1;
		j++;
	} else if (s[j] == '(') {
		j++;
	}
	if (j >= n || !is_digit(s[j]))
		return 0;
	for (;;) {
		int g = 0;
		while (j < n && is_digit(s[j])) {
			if (r->nd >= sizeof(r->d) - 1)
				return 0;
			r->d[r->nd++] = s[j++];
			g++;
		}
		if (r->ng >= sizeof(r->groups) / sizeof(r->groups[0]))
			return 0;
		r->groups[r->ng++] = g;
		/* a separator continues the run only if a digit follows */
		if (j + 1 < n && (s[j] == ' ' || s[j] == '-') && is_digit(s[j + 1])) {
			j++;
			continue;
		}
		if (j + 2 < n && s[j] == ')' && s[j + 1] == ' ' && is_digit(s[j + 2])) {
			j += 2;
			continue;
		}
		break;
	}
	r->len = j - i;
	r->d[r->nd] = '\0';
	/* must not touch letters or continue as a decimal/date */
	if (j < n && (is_alnum((unsigned char)s[j]) || s[j] == '@'))
		return 0;
	if (j + 1 < n && (s[j] == '.' || s[j] == ',' || s[j] == '/' || s[j] == ':') &&
	    is_digit(s[j + 1]))
		return 0;
	return 1;
}

static int
groups_are(const struct run *r, const int *want, size_t n)
{
	size_t i;

	if (r->ng != n)
		return 0;
	for (i = 0; i < n; i++)
		if (r->groups[i] != want[i])
			return 0;
	return 1;
}

static int
phone_like(const struct run *r, int order)
{
	static const int g333[] = {3, 3, 3}, g2322[] = {2, 3, 2, 2}, g234[] = {2, 3, 4},
			 g3222[] = {3, 2, 2, 2}, g334[] = {3, 3, 4}, g2333[] = {2, 3, 3, 3},
			 g56[] = {5, 6}, g434[] = {4, 3, 4}, g344[] = {3, 4, 4}, g47[] = {4, 7},
			 g533[] = {5, 3, 3};
	size_t k;

	if (r->plus) {
		if (r->nd >= 2 && r->d[0] == '4' && r->d[1] == '8')
			return r->nd == 11;
		return r->nd >= 8 && r->nd <= 15;
	}
	if (order)
		return 0;
	if (r->nd >= 11 && r->nd <= 15 && r->d[0] == '0' && r->d[1] == '0')
		return 1;
	if (r->nd == 9 && r->d[0] != '0') {
		if (groups_are(r, g333, 3) || groups_are(r, g2322, 4) || groups_are(r, g234, 3) ||
		    groups_are(r, g3222, 4))
			return 1;
		if (r->ng == 1)
			for (k = 0; pl_mobile[k]; k++)
				if (memcmp(r->d, pl_mobile[k], 2) == 0)
					return 1;
	}
	if (r->nd == 10 && groups_are(r, g334, 3) && r->d[0] != '0')
		return 1;
	/* "48 500 600 700": the country code without its "+" */
	if (r->nd == 11 && groups_are(r, g2333, 4) && r->d[0] == '4' && r->d[1] == '8')
		return 1;
	/* UK national format: 0 and ten digits (Ofcom's numbering plan) */
	if (r->nd == 11 && r->d[0] == '0' && strchr("12378", r->d[1]) &&
	    (r->ng == 1 || groups_are(r, g56, 2) || groups_are(r, g434, 3) ||
	     groups_are(r, g344, 3) || groups_are(r, g47, 2) || groups_are(r, g533, 3)))
		return 1;
	return 0;
}

/* Try an IBAN at s[i] (two letters); returns its byte length or 0. */
static size_t
try_iban(const char *s, size_t n, size_t i)
{
	char buf[40];
	size_t ends[40];
	size_t nb = 0, j = i, k;

	if (i > 0 && is_alnum((unsigned char)s[i - 1]))
		return 0;
	if (i + 4 > n || !is_alpha(s[i]) || !is_alpha(s[i + 1]) || !is_digit(s[i + 2]) ||
	    !is_digit(s[i + 3]))
		return 0;
	while (j < n && nb < 34) {
		if (is_digit(s[j]) || (s[j] >= 'A' && s[j] <= 'Z') ||
		    (nb < 2 && is_alpha(s[j]))) {
			buf[nb] = s[j];
			ends[nb] = j + 1;
			nb++;
			j++;
		} else if (s[j] == ' ' && j + 1 < n && nb >= 4 &&
			   (is_digit(s[j + 1]) || (s[j + 1] >= 'A' && s[j + 1] <= 'Z'))) {
			j++;
		} else {
			break;
		}
	}
	/* the longest prefix that ends a group and checks out */
	for (k = nb; k >= 15; k--) {
		size_t e = ends[k - 1];
		if (e < n && is_alnum((unsigned char)s[e]))
			continue;
		if (sc_iban_ok(buf, k))
			return e - i;
	}
	return 0;
}

/* Try an e-mail around the '@' at s[at]; fills off/len. */
static int
try_email(const char *s, size_t n, size_t lo, size_t at, size_t *off, size_t *len)
{
	size_t a = at, b = at + 1, dot = 0;

	while (a > lo && (is_alnum((unsigned char)s[a - 1]) || s[a - 1] == '.' ||
			 s[a - 1] == '_' || s[a - 1] == '%' || s[a - 1] == '+' ||
			 s[a - 1] == '-') && !((unsigned char)s[a - 1] & 0x80))
		a--;
	if (a == at)
		return 0;
	while (b < n && (is_alpha(s[b]) || is_digit(s[b]) || s[b] == '.' || s[b] == '-'))
		b++;
	while (b > at + 1 && s[b - 1] == '.')
		b--;
	for (dot = b; dot > at && s[dot - 1] != '.'; dot--)
		;
	dot = dot > at + 1 ? dot - 1 : 0;
	if (dot == 0 || dot >= b - 2 || dot == at + 1)
		return 0;
	for (size_t k = dot + 1; k < b; k++)
		if (!is_alpha(s[k]))
			return 0;
	*off = a;
	*len = b - a;
	return 1;
}

/* ASCII case-insensitive: does s[i..n) start with w? */
static int
at_word(const char *s, size_t n, size_t i, const char *w)
{
	size_t k, l = strlen(w);

	if (i + l > n)
		return 0;
	for (k = 0; k < l; k++) {
		char c = s[i + k];
		if (c >= 'A' && c <= 'Z')
			c = (char)(c | 0x20);
		if (c != w[k])
			return 0;
	}
	return 1;
}

/* Spelled-out dots of a disguised address; " dot " etc. */
static const char *const dot_words[] = {
	" (dot) ", " [dot] ", "(dot)", "[dot]", " dot ", " kropka ", NULL
};

/* Length of a dot separator at s[i] (a real '.' only when real is set). */
static size_t
dot_at(const char *s, size_t n, size_t i, int real, int *spelled)
{
	size_t k;

	if (real && i < n && s[i] == '.')
		return 1;
	for (k = 0; dot_words[k]; k++)
		if (at_word(s, n, i, dot_words[k])) {
			*spelled = 1;
			return strlen(dot_words[k]);
		}
	return 0;
}

/* Length of a dot separator that ends just before s[i], or 0. */
static size_t
dot_before(const char *s, size_t i, int *spelled)
{
	size_t k;

	if (i > 0 && s[i - 1] == '.')
		return 1;
	for (k = 0; dot_words[k]; k++) {
		size_t l = strlen(dot_words[k]);
		if (i >= l && at_word(s, i, i - l, dot_words[k])) {
			*spelled = 1;
			return l;
		}
	}
	return 0;
}

static int
local_char(int c)
{
	return is_digit(c) || is_alpha(c) || c == '_' || c == '%' || c == '+' || c == '-';
}

/* The "at" of a disguised address; plain says it is a bare " at ". */
static const char *const at_words[] = {
	" (at) ", " [at] ", " {at} ", "(at)", "[at]", "{at}", " (małpa) ", "(małpa)",
	" (malpa) ", "(malpa)", " małpa ", " malpa ", " at ", NULL
};

/*
 * A disguised e-mail whose "at" word starts at s[i]: "jan.kowalski (at)
 * gmail.com", "mark dot taylor at outlook dot com".  The name is letters,
 * digits and ._%+- with real or spelled dots; the domain two or more labels
 * with real or spelled dots, the last a two-letter country code or a common
 * generic one.  A bare " at " needs a spelled dot or a '.', '_' or digit in
 * the name (so "look at booking.com" is not an address).
 */
static int
try_disguised(const char *s, size_t n, size_t lo, size_t i, size_t *off, size_t *len)
{
	static const char *const tlds[] = {"com", "org", "net", "info", "biz", "edu", "gov",
					   "online", NULL};
	size_t k, a, b, al, last = 0, lastlen = 0;
	int plain, spelled = 0, marked = 0, labels = 0;
	char c1;

	/* the second byte of every at word is one of these: most spaces of
	   a text are no "at" and are passed over here */
	if (i + 1 >= n)
		return 0;
	c1 = s[i + 1];
	if (c1 >= 'A' && c1 <= 'Z')
		c1 = (char)(c1 | 0x20);
	if (c1 != '(' && c1 != '[' && c1 != '{' && c1 != 'a' && c1 != 'm')
		return 0;
	for (k = 0; at_words[k]; k++)
		if (at_word(s, n, i, at_words[k]))
			break;
	if (at_words[k] == NULL)
		return 0;
	plain = at_words[k + 1] == NULL;
	al = strlen(at_words[k]);
	/* the name, leftwards over name characters and dots */
	a = i;
	for (;;) {
		size_t start = a, d;
		while (a > lo && local_char((unsigned char)s[a - 1])) {
			if (!is_alpha(s[a - 1]))
				marked = 1;
			a--;
		}
		if (a == start)
			break;
		if ((d = dot_before(s, a, &spelled)) == 0 || a - d <= lo ||
		    !local_char((unsigned char)s[a - d - 1]))
			break;
		a -= d;
		marked = 1;
	}
	if (a == i || (a > 0 && ((unsigned char)s[a - 1] & 0x80)))
		return 0;
	/* the domain, rightwards over labels and dots */
	b = i + al;
	for (;;) {
		size_t start = b, d;
		while (b < n && (is_alpha(s[b]) || is_digit(s[b]) || s[b] == '-'))
			b++;
		if (b == start)
			return 0;
		labels++;
		last = start;
		lastlen = b - start;
		if ((d = dot_at(s, n, b, 1, &spelled)) == 0 || b + d >= n || !is_alnum((unsigned char)s[b + d]) ||
		    ((unsigned char)s[b + d] & 0x80))
			break;
		b += d;
	}
	if (labels < 2 || (b < n && (unsigned char)s[b] & 0x80))
		return 0;
	for (k = 0; k < lastlen; k++)
		if (!is_alpha(s[last + k]))
			return 0;
	if (lastlen != 2) {
		for (k = 0; tlds[k]; k++)
			if (strlen(tlds[k]) == lastlen && at_word(s, n, last, tlds[k]))
				break;
		if (tlds[k] == NULL)
			return 0;
	}
	if (plain && !spelled && !marked)
		return 0;
	*off = a;
	*len = b - a;
	return 1;
}

/* Store a hit unless it starts before the previous one ends: hits stay in
   text order and never overlap (sc_pii_redact relies on it). */
static size_t
add_hit(struct sc_pii_hit *h, size_t nh, size_t max, size_t off, size_t len, int kind)
{
	if (nh > 0 && nh <= max && off < h[nh - 1].off + h[nh - 1].len)
		return nh;
	if (nh < max) {
		h[nh].off = off;
		h[nh].len = len;
		h[nh].kind = kind;
	}
	return nh + 1;
}

size_t
sc_pii_scan(const char *s, size_t n, struct sc_pii_hit *hits, size_t max)
{
	size_t i = 0, nh = 0, stored;
	size_t k, emails = 0;
	struct sc_pii_hit em[16];

	/* e-mails first: they may contain digits */
	for (k = 0; k < n && emails < 16; k++) {
		size_t off, len, lo = emails ? em[emails - 1].off + em[emails - 1].len : 0;
		if ((s[k] == '@' && try_email(s, n, lo, k, &off, &len)) ||
		    ((s[k] == ' ' || s[k] == '(' || s[k] == '[' || s[k] == '{') &&
		     try_disguised(s, n, lo, k, &off, &len))) {
			em[emails].off = off;
			em[emails].len = len;
			em[emails].kind = SC_PII_EMAIL;
			emails++;
			k = off + len;
		}
	}
	k = 0;
	while (i < n) {
		unsigned char c = (unsigned char)s[i];
		struct run r;
		size_t l;

		if (k < emails && i >= em[k].off) {
			nh = add_hit(hits, nh, max, em[k].off, em[k].len, SC_PII_EMAIL);
			i = em[k].off + em[k].len;
			k++;
			continue;
		}
		if (is_alpha(c) && (l = try_iban(s, n, i)) != 0) {
			nh = add_hit(hits, nh, max, i, l, SC_PII_IBAN);
			i += l;
			continue;
		}
		if ((is_digit(c) || c == '+' || c == '(') &&
		    (i == 0 || (!is_alnum((unsigned char)s[i - 1]) && s[i - 1] != '+' &&
				!(i > 1 && (s[i - 1] == '.' || s[i - 1] == ',' || s[i - 1] == '/' ||
					    s[i - 1] == ':' || s[i - 1] == '-') &&
				  is_digit(s[i - 2])))) &&
		    read_run(s, n, i, &r)) {
			int order = order_context(s, i);
			int kind = -1;
			if (r.nd == 26 && !r.plus && sc_nrb_ok(r.d))
				kind = SC_PII_ACCOUNT;
			else if (!order && !r.plus && r.nd >= 13 && r.nd <= 19 &&
				 card_prefix_ok(r.d, r.nd) && sc_luhn_ok(r.d, r.nd))
				kind = SC_PII_CARD;
			else if (!order && !r.plus && r.nd == 11 && r.ng == 1 && sc_pesel_ok(r.d))
				kind = SC_PII_PESEL;
			else if (phone_like(&r, order))
				kind = SC_PII_PHONE;
			if (kind >= 0)
				nh = add_hit(hits, nh, max, r.off, r.len, kind);
			i += r.len ? r.len : 1;
			continue;
		}
		/* skip the rest of a word or number */
		if (is_alnum(c)) {
			while (i < n && is_alnum((unsigned char)s[i]) && !(k < emails && i >= em[k].off))
				i++;
			continue;
		}
		i++;
	}
	stored = nh < max ? nh : max;
	return stored;
}

void
sc_pii_redact(const char *s, size_t n, const struct sc_pii_hit *hits, size_t nhits,
	      struct sc_buf *out)
{
	size_t i, at = 0;

	for (i = 0; i < nhits; i++) {
		sc_buf_add(out, s + at, hits[i].off - at);
		sc_buf_printf(out, "[%s]", sc_pii_names[hits[i].kind]);
		at = hits[i].off + hits[i].len;
	}
	sc_buf_add(out, s + at, n - at);
}
