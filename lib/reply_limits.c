/*
 * reply_limits.c - how long a reply may be on each platform, how X counts
 * it, shortening at a sentence boundary, and the platforms' reply windows.
 *
 * X counts "weighted" characters (twitter-text 3): code points in
 * U+0000-U+10FF, U+2000-U+200D, U+2010-U+201F and U+2032-U+2037 weigh 1,
 * every other code point 2, an emoji sequence (with its modifiers, ZWJ
 * joins and variation selectors) 2 in all, and a URL 23 whatever its
 * length; a tweet may weigh 280.  We take as URLs the words that start
 * with http://, https:// or www., and bare domains such as example.pl/x
 * with a common top-level domain.
 *
 * Limits by channel, a platform's public replies or its private messages
 * (characters; sc-reply(1) lists them): X 280 (weighted), X DM 10000,
 * Facebook comment 8000, Messenger 2000, Instagram comment 2200, Instagram
 * DM 1000 bytes, TikTok comment 150, YouTube comment 10000, LinkedIn
 * comment 1250, Google review reply 4096, Threads 500.
 *
 * Windows: Messenger and Instagram DMs may be answered within 24 hours of
 * the customer's last message, and up to 7 days with the HUMAN_AGENT tag
 * only when a human approved the reply; TikTok DMs within 48 hours; a
 * Facebook or Instagram private reply to a comment once, within 7 days.
 */
#include <string.h>
#include <strings.h>

#include "reply.h"

static int
is_emoji(uint32_t c)
{
	return (c >= 0x1F000 && c <= 0x1FAFF) || (c >= 0x2600 && c <= 0x27BF) ||
	       (c >= 0x2B00 && c <= 0x2BFF) || c == 0x2764 || c == 0x203C ||
	       c == 0x2049 || (c >= 0x2190 && c <= 0x21FF) || (c >= 0x2300 && c <= 0x23FF);
}

static int
emoji_part(uint32_t c)
{
	return c == 0xFE0F || c == 0x200D || c == 0x20E3 ||
	       (c >= 0x1F3FB && c <= 0x1F3FF) || (c >= 0xE0020 && c <= 0xE007F);
}

static int
weight1(uint32_t c)
{
	return c <= 4351 || (c >= 8192 && c <= 8205) || (c >= 8208 && c <= 8223) ||
	       (c >= 8242 && c <= 8247);
}

static const char *tlds[] = {
	"pl", "com", "net", "org", "eu", "io", "co", "uk", "de", "info", "shop",
	"app", "me", "tv", "ly", "gl", "be", NULL
};

/* Is the word s[0..n) a URL as twitter-text would link it? */
static int
is_url(const char *s, size_t n)
{
	size_t i, dot = 0, end;

	if ((n > 7 && strncasecmp(s, "http://", 7) == 0) ||
	    (n > 8 && strncasecmp(s, "https://", 8) == 0) ||
	    (n > 4 && strncasecmp(s, "www.", 4) == 0))
		return 1;
	/* bare domain: label.tld, optionally followed by /path */
	end = n;
	for (i = 0; i < n; i++)
		if (s[i] == '/') {
			end = i;
			break;
		}
	for (i = 0; i < end; i++)
		if (s[i] == '.')
			dot = i + 1;
	if (dot < 2 || dot >= end)
		return 0;
	for (i = 0; i < dot - 1; i++) {
		char c = s[i];
		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		      (c >= '0' && c <= '9') || c == '-' || c == '.'))
			return 0;
	}
	for (i = 0; tlds[i]; i++)
		if (strlen(tlds[i]) == end - dot && strncasecmp(s + dot, tlds[i], end - dot) == 0)
			return 1;
	return 0;
}

static long
x_weight(const char *s)
{
	size_t n = strlen(s), i = 0;
	long w = 0;

	while (i < n) {
		uint32_t c;
		int k;

		if (s[i] != ' ' && s[i] != '\n' && (i == 0 || s[i - 1] == ' ' || s[i - 1] == '\n')) {
			size_t e = i, ue;
			while (e < n && s[e] != ' ' && s[e] != '\n')
				e++;
			ue = e;
			/* trailing punctuation is not part of a URL */
			while (ue > i && strchr(".,!?:;)\"'", s[ue - 1]))
				ue--;
			if (is_url(s + i, ue - i)) {
				w += 23;
				i = ue;
				continue;
			}
		}
		k = sc_utf8_decode(s + i, n - i, &c);
		if (k == 0) {
			i++;
			continue;
		}
		i += (size_t)k;
		if (is_emoji(c)) {
			w += 2;
			/* the rest of the sequence is free */
			for (;;) {
				uint32_t d;
				int m = sc_utf8_decode(s + i, n - i, &d);
				if (m == 0)
					break;
				if (emoji_part(d)) {
					i += (size_t)m;
					if (d == 0x200D) {	/* ZWJ joins the next emoji */
						m = sc_utf8_decode(s + i, n - i, &d);
						if (m > 0 && is_emoji(d))
							i += (size_t)m;
					}
					continue;
				}
				if (c >= 0x1F1E6 && c <= 0x1F1FF && d >= 0x1F1E6 && d <= 0x1F1FF) {
					i += (size_t)m;		/* flag: a pair */
					c = 0;
					continue;
				}
				break;
			}
			continue;
		}
		w += weight1(c) ? 1 : 2;
	}
	return w;
}

const char *
sc_reply_channel(const char *platform, int private_msg)
{
	const char *dm;

	if (platform == NULL)
		return "";
	if (private_msg && (dm = sc_schema_dm_channel(sc_schema_platform(platform))) != NULL)
		return dm;
	return platform;
}

long
sc_reply_length(const char *channel, const char *text)
{
	if (channel && (strcmp(channel, "x") == 0 || strcmp(channel, "twitter") == 0))
		return x_weight(text);
	if (channel && strcmp(channel, "instagram-dm") == 0)
		return (long)strlen(text);	/* "less than 1000 bytes" */
	return (long)sc_utf8_count(text, strlen(text));
}

long
sc_reply_limit(const char *channel)
{
	static const struct {
		const char *channel;
		long limit;
	} limits[] = {
		{"x", 280}, {"twitter", 280}, {"x-dm", 10000},
		{"facebook", 8000}, {"messenger", 2000},
		{"instagram", 2200}, {"instagram-dm", 1000},
		{"tiktok", 150}, {"youtube", 10000}, {"linkedin", 1250},
		{"google", 4096}, {"threads", 500},
	};
	size_t i;

	if (channel == NULL)
		return 0;
	for (i = 0; i < sizeof(limits) / sizeof(limits[0]); i++)
		if (strcmp(channel, limits[i].channel) == 0)
			return limits[i].limit;
	return 0;
}

/* Offsets just after each sentence end in s ('.', '!', '?', '…' followed
   by a space or a newline). Returns the count (at most max). */
static size_t
sentence_ends(const char *s, size_t *ends, size_t max)
{
	size_t n = 0, i, len = strlen(s);

	for (i = 0; i < len && n < max; i++) {
		int end = s[i] == '.' || s[i] == '!' || s[i] == '?';
		size_t k = i + 1;
		if (!end && (unsigned char)s[i] == 0xE2 && i + 2 < len &&
		    (unsigned char)s[i + 1] == 0x80 && (unsigned char)s[i + 2] == 0xA6) {
			end = 1;	/* … */
			k = i + 3;
		}
		if (end && k < len && (s[k] == ' ' || s[k] == '\n')) {
			/* "!!" or "?!" end together */
			ends[n++] = k;
		}
	}
	return n;
}

char *
sc_reply_shorten_new(const char *channel, const char *body, const char *signature,
		     long limit)
{
	size_t ends[256], n, i;
	struct sc_buf b;

	n = sentence_ends(body, ends, 256);
	sc_buf_init(&b);
	for (i = n; i > 0; i--) {
		sc_buf_reset(&b);
		sc_buf_add(&b, body, ends[i - 1]);
		if (signature && *signature) {
			sc_buf_addc(&b, ' ');
			sc_buf_adds(&b, signature);
		}
		if (sc_reply_length(channel, b.data) <= limit)
			return b.data;
	}
	sc_buf_release(&b);
	return NULL;
}

int
sc_reply_window(const char *platform, const char *kind, int64_t msg_time, int64_t now,
		int human, const char **tag, const char **reason)
{
	int64_t age = now - msg_time;
	int dm = kind && strcmp(kind, "dm") == 0;

	*tag = NULL;
	*reason = NULL;
	if (platform == NULL)
		return 0;
	if (dm && (strcmp(platform, "facebook") == 0 || strcmp(platform, "instagram") == 0)) {
		if (age <= 24 * 3600)
			return 0;
		if (age <= 7 * 24 * 3600) {
			*tag = "HUMAN_AGENT";
			if (human)
				return 0;
			*reason = strcmp(platform, "facebook") == 0
				? "messenger 24-hour window has passed (a human-approved reply may use the HUMAN_AGENT tag for 7 days)"
				: "instagram 24-hour window has passed (a human-approved reply may use the HUMAN_AGENT tag for 7 days)";
			return -1;
		}
		*reason = strcmp(platform, "facebook") == 0
			? "messenger 7-day human agent window has passed"
			: "instagram 7-day human agent window has passed";
		return -1;
	}
	if (dm && strcmp(platform, "tiktok") == 0 && age > 48 * 3600) {
		*reason = "tiktok 48-hour message window has passed";
		return -1;
	}
	if (!dm && strcmp(kind ? kind : "", "private_reply") == 0 &&
	    (strcmp(platform, "facebook") == 0 || strcmp(platform, "instagram") == 0) &&
	    age > 7 * 24 * 3600) {
		*reason = strcmp(platform, "facebook") == 0
			? "facebook private reply to a comment is allowed within 7 days only"
			: "instagram private reply to a comment is allowed within 7 days only";
		return -1;
	}
	return 0;
}

/* ---- time frames: {due_at}, {next_update} ---- */

/* Days since 1970-01-01 of a civil date (Howard Hinnant's algorithm). */
static long
civil_days(int y, int m, int d)
{
	long era, yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;
	doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

int
sc_reply_deadline(int64_t t, int64_t now, const char *tz, const char *lang, char *out,
		  size_t cap)
{
	static const char *mon[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
				    "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
	struct tm lt, ln;
	int days, h12;
	const char *ampm;

	if (sc_tz_local(tz, t, &lt) < 0 || sc_tz_local(tz, now, &ln) < 0)
		return -1;
	/* local dates apart: compare the civil dates, not 24-hour spans */
	days = (int)(civil_days(lt.tm_year + 1900, lt.tm_mon + 1, lt.tm_mday) -
		     civil_days(ln.tm_year + 1900, ln.tm_mon + 1, ln.tm_mday));
	if (strcmp(lang, "pl") == 0) {
		if (days <= 0)
			snprintf(out, cap, "do %02d:%02d", lt.tm_hour, lt.tm_min);
		else if (days == 1)
			snprintf(out, cap, "jutro do %02d:%02d", lt.tm_hour, lt.tm_min);
		else
			snprintf(out, cap, "do %d.%02d, %02d:%02d", lt.tm_mday, lt.tm_mon + 1,
				 lt.tm_hour, lt.tm_min);
		return 0;
	}
	h12 = lt.tm_hour % 12 == 0 ? 12 : lt.tm_hour % 12;
	ampm = lt.tm_hour < 12 ? "am" : "pm";
	if (days <= 0)
		snprintf(out, cap, "by %d:%02d %s", h12, lt.tm_min, ampm);
	else if (days == 1)
		snprintf(out, cap, "by %d:%02d %s tomorrow", h12, lt.tm_min, ampm);
	else
		snprintf(out, cap, "by %d %s, %d:%02d %s", lt.tm_mday, mon[lt.tm_mon], h12,
			 lt.tm_min, ampm);
	return 0;
}
