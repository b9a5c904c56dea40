/*
 * hours.c - business hours in a team's own time zone.
 *
 * A day D (a local calendar date) that is a working day and not a
 * holiday has one window: [D open, D close), or [D open, D+1 close) for
 * overnight hours (22:00-06:00).  Windows are turned into UTC through the
 * zone, so DST is handled by the tz database: on the night the clocks go
 * forward an 08:00-22:00 day is 14 hours long, an overnight window one
 * hour shorter.  Elapsed business time and deadlines walk these windows
 * day by day, exactly, over at most SC_HOURS_MAX_SPAN (100 years, the
 * longest duration sc accepts; about 120 ms for the whole span): a
 * response time or a deadline further away than that is only possible
 * with invented timestamps, and is counted up to that span.  (It was ten
 * years, silently: issue 18 #24.)
 *
 * A day's window comes, in this order, from: a holiday (closed), a
 * special day of the holidays file (its own hours, e.g. 24 December
 * 08:00-14:00), the weekday's own hours ("mon-fri 08:00-20:00;
 * sat-sun 10:00-18:00"), else the one window of every working day.  The
 * holidays file is written for a spreadsheet: date, hours, name, as CSV
 * with or without a header, or a bare date per line as before.
 */
#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include "sc.h"

/* days in SC_HOURS_MAX_SPAN, plus the day before and after */
#define MAX_DAYS ((int)(SC_HOURS_MAX_SPAN / 86400) + 27)

static int
parse_hhmm(const char *s, const char **end)
{
	int h = 0, m = 0, n = 0;

	while (isdigit((unsigned char)*s) && n < 2) {
		h = h * 10 + (*s++ - '0');
		n++;
	}
	if (n == 0)
		return -1;
	if (*s == ':') {
		s++;
		if (!isdigit((unsigned char)s[0]) || !isdigit((unsigned char)s[1]))
			return -1;
		m = (s[0] - '0') * 10 + (s[1] - '0');
		s += 2;
	}
	if (h > 24 || m > 59 || (h == 24 && m != 0))
		return -1;
	*end = s;
	return h * 60 + m;
}

static int
day_index(const char *s, size_t n)
{
	static const char *en[] = {"sun", "mon", "tue", "wed", "thu", "fri", "sat"};
	static const char *pl[] = {"nd", "pn", "wt", "sr", "cz", "pt", "sb"};
	int i;

	for (i = 0; i < 7; i++) {
		if (n >= 3 && strncasecmp(s, en[i], 3) == 0)
			return i;
		if (n == 2 && strncasecmp(s, pl[i], 2) == 0)
			return i;
	}
	if (n == 3 && strncmp(s, "\xc5\x9b" "r", 3) == 0)	/* "śr" */
		return 3;
	return -1;
}

static int
parse_days(const char *s, unsigned *mask)
{
	*mask = 0;
	if (s == NULL || *s == '\0' || strcasecmp(s, "all") == 0 ||
	    strcasecmp(s, "daily") == 0) {
		*mask = 0x7f;
		return 0;
	}
	while (*s) {
		const char *a = s;
		while (*s && *s != '-' && *s != ',')
			s++;
		int from = day_index(a, (size_t)(s - a)), to = from;
		if (*s == '-') {
			const char *b = ++s;
			while (*s && *s != ',')
				s++;
			to = day_index(b, (size_t)(s - b));
		}
		if (from < 0 || to < 0)
			return -1;
		for (int d = from;; d = (d + 1) % 7) {
			*mask |= 1u << d;
			if (d == to)
				break;
		}
		if (*s == ',')
			s++;
	}
	return 0;
}

/* Parse "HH:MM-HH:MM", "24h", "24/7" (n bytes of s) into open/close. */
static int
parse_window(const char *s, size_t n, int *open, int *close)
{
	char buf[32];
	const char *p;

	if (n >= sizeof(buf))
		return -1;
	memcpy(buf, s, n);
	buf[n] = '\0';
	if (strcmp(buf, "24h") == 0 || strcmp(buf, "24/7") == 0) {
		*open = 0;
		*close = 1440;
		return 0;
	}
	*open = parse_hhmm(buf, &p);
	if (*open < 0 || *p++ != '-' || (*close = parse_hhmm(p, &p)) < 0 || *p != '\0' ||
	    *open == *close)
		return -1;
	return 0;
}

/* "mon-fri 08:00-20:00; sat-sun 10:00-18:00; sun closed": later parts
   win for the days they name. */
static int
parse_per_day(struct sc_hours *h, const char *s)
{
	unsigned open_days = 0;
	int d;

	for (d = 0; d < 7; d++)
		h->wopen[d] = h->wclose[d] = 0;
	while (*s) {
		const char *end = strchr(s, ';'), *sp;
		char days[64];
		size_t n;
		unsigned mask;
		int o = 0, c = 0, closed;

		if (end == NULL)
			end = s + strlen(s);
		while (s < end && isspace((unsigned char)*s))
			s++;
		n = (size_t)(end - s);
		while (n > 0 && isspace((unsigned char)s[n - 1]))
			n--;
		if (n == 0) {
			s = *end ? end + 1 : end;
			continue;
		}
		sp = memchr(s, ' ', n);
		if (sp == NULL || (size_t)(sp - s) >= sizeof(days))
			return -1;
		memcpy(days, s, (size_t)(sp - s));
		days[sp - s] = '\0';
		while (sp < s + n && *sp == ' ')
			sp++;
		closed = (size_t)(s + n - sp) == 6 && strncasecmp(sp, "closed", 6) == 0;
		if (parse_days(days, &mask) < 0 ||
		    (!closed && parse_window(sp, (size_t)(s + n - sp), &o, &c) < 0))
			return -1;
		for (d = 0; d < 7; d++)
			if (mask & (1u << d)) {
				h->wopen[d] = (short)o;
				h->wclose[d] = (short)c;
				if (closed)
					open_days &= ~(1u << d);
				else
					open_days |= 1u << d;
			}
		s = *end ? end + 1 : end;
	}
	h->days &= open_days;
	h->per_day = 1;
	return 0;
}

int
sc_hours_init(struct sc_hours *h, const char *hours, const char *days,
	      const char *tz, struct sc_error *e)
{
	int d;

	memset(h, 0, sizeof(*h));
	if (tz == NULL || *tz == '\0')
		tz = SC_DEFAULT_TZ;
	if (!sc_tz_valid(tz))
		return sc_error_set(e, SC_EX_CONFIG, NULL, 0, 0,
				    "unknown time zone '%s'", tz);
	snprintf(h->tz, sizeof(h->tz), "%s", tz);
	if (parse_days(days, &h->days) < 0)
		return sc_error_set(e, SC_EX_CONFIG, NULL, 0, 0,
				    "bad days '%s' (want e.g. mon-fri or mon,wed,sat-sun)", days);
	h->open_min = 0;
	h->close_min = 1440;
	if (hours != NULL && isalpha((unsigned char)hours[0]) && strcmp(hours, "24h") != 0) {
		if (parse_per_day(h, hours) < 0)
			return sc_error_set(e, SC_EX_CONFIG, NULL, 0, 0,
					    "bad hours '%s' (want HH:MM-HH:MM or e.g. "
					    "mon-fri 08:00-20:00; sat-sun 10:00-18:00)", hours);
		h->always_open = h->days == 0x7f;
		for (d = 0; d < 7; d++)
			if (h->wopen[d] != 0 || h->wclose[d] != 1440)
				h->always_open = 0;
		return 0;
	}
	if (hours != NULL && *hours != '\0' &&
	    parse_window(hours, strlen(hours), &h->open_min, &h->close_min) < 0)
		return sc_error_set(e, SC_EX_CONFIG, NULL, 0, 0,
				    "bad hours '%s' (want HH:MM-HH:MM)", hours);
	h->always_open = h->open_min == 0 && h->close_min == 1440 && h->days == 0x7f;
	return 0;
}

/* A holidays file is small: one date a line.  Past these it is not one
   (and /dev/zero never ends). */
#define HOLIDAYS_MAX_LINE 256
#define HOLIDAYS_MAX_LINES 100000

/* Read one line (with its newline) into buf, at most cap - 1 bytes; a
   longer line returns cap - 1 with the rest unread.  0 at the end. */
static size_t
read_line(FILE *f, char *buf, size_t cap)
{
	size_t n = 0;
	int c;

	while (n + 1 < cap && (c = getc(f)) != EOF) {
		buf[n++] = (char)c;
		if (c == '\n')
			break;
	}
	buf[n] = '\0';
	return n;
}

int
sc_hours_load_holidays(struct sc_hours *h, const char *path, struct sc_error *e)
{
	FILE *f = fopen(path, "r");
	char line[HOLIDAYS_MAX_LINE + 2];
	size_t len;
	long lineno = 0;
	struct stat st;
	int rc = 0, seen = 0;

	if (f == NULL)
		return sc_error_set(e, SC_EX_CONFIG, path, 0, 0, "%s", strerror(errno));
	if (fstat(fileno(f), &st) == 0 && S_ISDIR(st.st_mode)) {
		fclose(f);
		return sc_error_set(e, SC_EX_CONFIG, path, 0, 0, "is a directory");
	}
	while ((len = read_line(f, line, sizeof(line))) > 0) {
		char *s = line;
		int y, m, d, n = 0;
		lineno++;
		if (lineno == 1 && len >= 3 && memcmp(s, "\xEF\xBB\xBF", 3) == 0)
			s += 3, len -= 3;	/* a UTF-8 BOM */
		if (memchr(s, '\0', (size_t)len) != NULL) {
			rc = sc_error_set(e, SC_EX_CONFIG, path, lineno, 0,
					  "NUL byte in a holidays file (not a text file?)");
			break;
		}
		if (len > HOLIDAYS_MAX_LINE || lineno > HOLIDAYS_MAX_LINES) {	/* never held whole */
			rc = sc_error_set(e, SC_EX_CONFIG, path, lineno, 0,
					  "not a holidays file (a line over %d bytes or over %d lines)",
					  HOLIDAYS_MAX_LINE, HOLIDAYS_MAX_LINES);
			break;
		}
		while (isspace((unsigned char)*s))
			s++;
		if (*s == '#' || *s == '\0' || *s == ',' || *s == ';')
			continue;	/* a comment, a blank line, a spreadsheet's empty row */
		if (!seen && strncasecmp(s, "date", 4) == 0 && !isdigit((unsigned char)s[4])) {
			seen = 1;	/* the header row */
			continue;
		}
		if (sscanf(s, "%4d-%2d-%2d%n", &y, &m, &d, &n) != 3 || n != 10 ||
		    m < 1 || m > 12 || d < 1 || d > 31) {
			rc = sc_error_set(e, SC_EX_CONFIG, path, lineno, (long)(s - line) + 1,
					  "bad holiday date (want YYYY-MM-DD)");
			break;
		}
		seen = 1;
		/* the hours cell: after a ',', ';', tab or spaces; a cell that
		   does not start with a digit is the day's name (closed) */
		{
			const char *c = s + 10, *w;
			size_t wl;
			int o, cl;
			while (*c == ' ')
				c++;
			if (*c == ',' || *c == ';' || *c == '\t')
				c++;
			while (*c == ' ' || *c == '"')
				c++;
			w = c;
			while (*c && !strchr(",;\t \"\r\n", *c))
				c++;
			wl = (size_t)(c - w);
			if (wl > 0 && isdigit((unsigned char)*w)) {
				if (parse_window(w, wl, &o, &cl) < 0) {
					rc = sc_error_set(e, SC_EX_CONFIG, path, lineno, (long)(w - line) + 1,
							  "bad holiday hours '%.*s' (want HH:MM-HH:MM, "
							  "closed or empty)", (int)(wl > 40 ? 40 : wl), w);
					break;
				}
				h->special = sc_xrealloc(h->special,
							 (h->nspecial + 1) * sizeof(*h->special));
				h->special[h->nspecial].ymd = y * 10000 + m * 100 + d;
				h->special[h->nspecial].open_min = o;
				h->special[h->nspecial].close_min = cl;
				h->nspecial++;
				continue;
			}
		}
		h->holidays = sc_xrealloc(h->holidays, (h->nholidays + 1) * sizeof(int));
		h->holidays[h->nholidays++] = y * 10000 + m * 100 + d;
	}
	if (rc == 0 && ferror(f))
		rc = sc_error_set(e, SC_EX_CONFIG, path, 0, 0, "read error: %s", strerror(errno));
	fclose(f);
	if (rc == 0)
		h->always_open = 0;
	return rc;
}

void
sc_hours_release(struct sc_hours *h)
{
	free(h->holidays);
	free(h->special);
	h->holidays = NULL;
	h->special = NULL;
	h->nholidays = h->nspecial = 0;
}

/* 1 closed holiday, 2 special day (*o, *c its hours), 0 neither. */
static int
holiday_kind(const struct sc_hours *h, int ymd, int *o, int *c)
{
	size_t i;

	for (i = 0; i < h->nholidays; i++)
		if (h->holidays[i] == ymd)
			return 1;
	for (i = 0; i < h->nspecial; i++)
		if (h->special[i].ymd == ymd) {
			*o = h->special[i].open_min;
			*c = h->special[i].close_min;
			return 2;
		}
	return 0;
}

/* Local date of t as a struct tm at midnight (only y/m/d set). */
static void
local_date(const struct sc_hours *h, int64_t t, struct tm *d)
{
	sc_tz_local(h->tz, t, d);
	d->tm_hour = d->tm_min = d->tm_sec = 0;
}

/* Move a date by n days (normalised through UTC arithmetic). */
static void
add_days(struct tm *d, int n)
{
	struct tm u;
	time_t tt;

	memset(&u, 0, sizeof(u));
	u.tm_year = d->tm_year;
	u.tm_mon = d->tm_mon;
	u.tm_mday = d->tm_mday;
	tt = timegm(&u) + (time_t)n * 86400;
	gmtime_r(&tt, &u);
	d->tm_year = u.tm_year;
	d->tm_mon = u.tm_mon;
	d->tm_mday = u.tm_mday;
	d->tm_wday = u.tm_wday;
}

/* The window of day d, if it is a working day: 1 and [*ws, *we). */
static int
window(const struct sc_hours *h, const struct tm *d, int64_t *ws, int64_t *we)
{
	struct tm a = *d, b;
	int ymd = (d->tm_year + 1900) * 10000 + (d->tm_mon + 1) * 100 + d->tm_mday;
	int om = h->open_min, cm = h->close_min, k;

	k = h->nholidays || h->nspecial ? holiday_kind(h, ymd, &om, &cm) : 0;
	if (k == 1 || (k == 0 && !(h->days & (1u << d->tm_wday))))
		return 0;
	if (k == 0 && h->per_day) {
		om = h->wopen[d->tm_wday];
		cm = h->wclose[d->tm_wday];
	}
	a.tm_hour = om / 60;
	a.tm_min = om % 60;
	a.tm_sec = 0;
	sc_tz_mktime(h->tz, &a, ws);
	b = *d;
	if (cm <= om)
		add_days(&b, 1);
	if (cm == 1440) {
		if (cm > om)
			add_days(&b, 1);
		b.tm_hour = b.tm_min = 0;
	} else {
		b.tm_hour = cm / 60;
		b.tm_min = cm % 60;
	}
	b.tm_sec = 0;
	sc_tz_mktime(h->tz, &b, we);
	return *we > *ws;
}

int
sc_hours_open_at(const struct sc_hours *h, int64_t t)
{
	struct tm d;
	int64_t ws, we;
	int i;

	if (h->always_open)
		return 1;
	local_date(h, t, &d);
	add_days(&d, -1);
	for (i = 0; i < 2; i++, add_days(&d, 1))
		if (window(h, &d, &ws, &we) && t >= ws && t < we)
			return 1;
	return 0;
}

int64_t
sc_hours_elapsed(const struct sc_hours *h, int64_t a, int64_t b)
{
	struct tm d;
	int64_t total = 0, ws, we;
	int i;

	if (b <= a)
		return 0;
	if (h->always_open)
		return b - a;
	local_date(h, a, &d);
	add_days(&d, -1);
	for (i = 0; i < MAX_DAYS; i++, add_days(&d, 1)) {
		if (!window(h, &d, &ws, &we)) {
			/* a closed day: stop once we are past b */
			int64_t probe;
			struct tm m = d;
			m.tm_hour = 0;
			m.tm_min = 0;
			sc_tz_mktime(h->tz, &m, &probe);
			if (probe > b)
				break;
			continue;
		}
		if (ws >= b)
			break;
		int64_t s = ws > a ? ws : a, e = we < b ? we : b;
		if (e > s)
			total += e - s;
	}
	return total;
}

int64_t
sc_hours_add(const struct sc_hours *h, int64_t t, int64_t secs)
{
	struct tm d;
	int64_t ws, we;
	int i;

	if (h->always_open || (h->days == 0 && h->nspecial == 0))
		return t + secs;
	local_date(h, t, &d);
	add_days(&d, -1);
	for (i = 0; i < MAX_DAYS; i++, add_days(&d, 1)) {
		if (!window(h, &d, &ws, &we) || we <= t)
			continue;
		int64_t s = ws > t ? ws : t;
		if (secs <= we - s)
			return s + secs;
		secs -= we - s;
	}
	return t + secs;
}

int64_t
sc_hours_next_open(const struct sc_hours *h, int64_t t)
{
	return sc_hours_add(h, t, 0);
}

int
sc_hours_day_type(const struct sc_hours *h, int64_t t, int *wday)
{
	struct tm d;
	int o, c;

	local_date(h, t, &d);
	add_days(&d, 0);	/* sets tm_wday */
	if (wday)
		*wday = d.tm_wday;
	if (holiday_kind(h, (d.tm_year + 1900) * 10000 + (d.tm_mon + 1) * 100 + d.tm_mday,
			 &o, &c))
		return 2;
	return d.tm_wday == 0 || d.tm_wday == 6;
}
