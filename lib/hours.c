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

int
sc_hours_init(struct sc_hours *h, const char *hours, const char *days,
	      const char *tz, struct sc_error *e)
{
	const char *p;

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
	if (hours == NULL || *hours == '\0' || strcmp(hours, "24h") == 0 ||
	    strcmp(hours, "24/7") == 0) {
		h->open_min = 0;
		h->close_min = 1440;
	} else {
		h->open_min = parse_hhmm(hours, &p);
		if (h->open_min < 0 || *p++ != '-' ||
		    (h->close_min = parse_hhmm(p, &p)) < 0 || *p != '\0' ||
		    h->open_min == h->close_min)
			return sc_error_set(e, SC_EX_CONFIG, NULL, 0, 0,
					    "bad hours '%s' (want HH:MM-HH:MM)", hours);
	}
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
	int rc = 0;

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
		if (*s == '#' || *s == '\0')
			continue;
		if (sscanf(s, "%4d-%2d-%2d%n", &y, &m, &d, &n) != 3 || n != 10 ||
		    m < 1 || m > 12 || d < 1 || d > 31) {
			rc = sc_error_set(e, SC_EX_CONFIG, path, lineno, 1,
					  "bad holiday date (want YYYY-MM-DD)");
			break;
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
	h->holidays = NULL;
	h->nholidays = 0;
}

static int
is_holiday(const struct sc_hours *h, int ymd)
{
	size_t i;

	for (i = 0; i < h->nholidays; i++)
		if (h->holidays[i] == ymd)
			return 1;
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

	if (!(h->days & (1u << d->tm_wday)) || is_holiday(h, ymd))
		return 0;
	a.tm_hour = h->open_min / 60;
	a.tm_min = h->open_min % 60;
	a.tm_sec = 0;
	sc_tz_mktime(h->tz, &a, ws);
	b = *d;
	if (h->close_min <= h->open_min)
		add_days(&b, 1);
	if (h->close_min == 1440) {
		if (h->close_min > h->open_min)
			add_days(&b, 1);
		b.tm_hour = b.tm_min = 0;
	} else {
		b.tm_hour = h->close_min / 60;
		b.tm_min = h->close_min % 60;
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

	if (h->always_open || h->days == 0)
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
