/*
 * time.c - every timestamp format the platforms send, to seconds since
 * the epoch, and back to RFC 3339 UTC.  Civil-date arithmetic is done
 * here (Howard Hinnant's days_from_civil) rather than with timegm(), so
 * parsing costs no system call and no locale.  Zone conversions use the
 * system's tz database through TZ and localtime_r(); the current zone is
 * cached so a stream of one profile's records calls tzset() once.
 */
#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "sc.h"

static int64_t
days_from_civil(int64_t y, unsigned m, unsigned d)
{
	y -= m <= 2;
	const int64_t era = (y >= 0 ? y : y - 399) / 400;
	const unsigned yoe = (unsigned)(y - era * 400);
	const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + (int64_t)doe - 719468;
}

static void
civil_from_days(int64_t z, int *y, int *m, int *d)
{
	z += 719468;
	const int64_t era = (z >= 0 ? z : z - 146096) / 146097;
	const unsigned doe = (unsigned)(z - era * 146097);
	const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	const int64_t yy = (int64_t)yoe + era * 400;
	const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	const unsigned mp = (5 * doy + 2) / 153;
	*d = (int)(doy - (153 * mp + 2) / 5 + 1);
	*m = (int)(mp < 10 ? mp + 3 : mp - 9);
	*y = (int)(yy + (*m <= 2));
}

static int
days_in_month(int y, int m)
{
	static const int dm[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	if (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0))
		return 29;
	return dm[m - 1];
}

/* Read exactly n digits. */
static int
digits(const char **sp, int n, int *out)
{
	const char *s = *sp;
	int v = 0, i;

	for (i = 0; i < n; i++) {
		if (!isdigit((unsigned char)s[i]))
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	*sp = s + n;
	*out = v;
	return 0;
}

/* Zone suffix: "", "Z", "+hh:mm", "+hhmm", "+hh", " +hhmm", " UTC". */
static int
zone(const char *s, int *offset)
{
	int sign, hh = 0, mm = 0;

	*offset = 0;
	while (*s == ' ')
		s++;
	if (*s == '\0')
		return 0;
	if ((*s == 'Z' || *s == 'z') && s[1] == '\0')
		return 0;
	if (strcmp(s, "UTC") == 0 || strcmp(s, "GMT") == 0)
		return 0;
	if (*s != '+' && *s != '-')
		return -1;
	sign = *s++ == '-' ? -1 : 1;
	if (digits(&s, 2, &hh) < 0)
		return -1;
	if (*s == ':')
		s++;
	if (*s != '\0' && digits(&s, 2, &mm) < 0)
		return -1;
	if (*s != '\0' || hh > 23 || mm > 59)
		return -1;
	*offset = sign * (hh * 3600 + mm * 60);
	return 0;
}

static int64_t
make_utc(int y, int mo, int d, int h, int mi, int se)
{
	return days_from_civil(y, (unsigned)mo, (unsigned)d) * 86400 +
	       h * 3600 + mi * 60 + se;
}

static int
valid_fields(int y, int mo, int d, int h, int mi, int se)
{
	return y >= 1970 && y <= 9999 && mo >= 1 && mo <= 12 && d >= 1 &&
	       d <= days_in_month(y, mo) && h <= 23 && mi <= 59 && se <= 60;
}

/* "2021-08-10T18:45:03+0000", "2021-04-08T19:34:16.000Z",
   "2015-02-24 11:35:52 -0800", "2013-11-07T06:20:48". */
static int
parse_iso(const char *s, int64_t *t)
{
	int y, mo, d, h = 0, mi = 0, se = 0, off;

	if (digits(&s, 4, &y) < 0 || *s++ != '-' || digits(&s, 2, &mo) < 0 ||
	    *s++ != '-' || digits(&s, 2, &d) < 0)
		return -1;
	if (*s == 'T' || *s == 't' || *s == ' ') {
		s++;
		if (digits(&s, 2, &h) < 0 || *s++ != ':' || digits(&s, 2, &mi) < 0)
			return -1;
		if (*s == ':') {
			s++;
			if (digits(&s, 2, &se) < 0)
				return -1;
			if (*s == '.' || *s == ',') {
				s++;
				if (!isdigit((unsigned char)*s))
					return -1;
				while (isdigit((unsigned char)*s))
					s++;
			}
		}
	}
	if (zone(s, &off) < 0 || !valid_fields(y, mo, d, h, mi, se))
		return -1;
	*t = make_utc(y, mo, d, h, mi, se) - off;
	return 0;
}

/* "Wed Oct 11 06:55:44 +0000 2017" */
static int
parse_twitter(const char *s, int64_t *t)
{
	static const char months[] = "JanFebMarAprMayJunJulAugSepOctNovDec";
	char mon[4], zonebuf[8];
	int d, h, mi, se, y, off, mo;
	const char *p;

	if (strlen(s) < 30 || s[3] != ' ' || s[7] != ' ')
		return -1;
	memcpy(mon, s + 4, 3);
	mon[3] = '\0';
	p = strstr(months, mon);
	if (p == NULL || (p - months) % 3 != 0)
		return -1;
	mo = (int)(p - months) / 3 + 1;
	s += 8;
	if (digits(&s, 2, &d) < 0 || *s++ != ' ' || digits(&s, 2, &h) < 0 ||
	    *s++ != ':' || digits(&s, 2, &mi) < 0 || *s++ != ':' ||
	    digits(&s, 2, &se) < 0 || *s++ != ' ')
		return -1;
	if (strlen(s) != 10)
		return -1;
	memcpy(zonebuf, s, 5);
	zonebuf[5] = '\0';
	s += 5;
	if (*s++ != ' ' || digits(&s, 4, &y) < 0 || zone(zonebuf, &off) < 0 ||
	    !valid_fields(y, mo, d, h, mi, se))
		return -1;
	*t = make_utc(y, mo, d, h, mi, se) - off;
	return 0;
}

static int
parse_epoch(const char *s, int64_t *t)
{
	size_t n = strlen(s), i;
	int64_t v = 0;

	if (n == 0 || n > 16)
		return -1;
	for (i = 0; i < n; i++) {
		if (!isdigit((unsigned char)s[i]))
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	*t = n > 11 ? v / 1000 : v;
	return 0;
}

int
sc_time_parse(const char *s, int64_t *t)
{
	if (s == NULL || *s == '\0')
		return -1;
	/* never look at s[4] before knowing the string is that long */
	if (isdigit((unsigned char)s[0]) && strnlen(s, 5) == 5 && s[4] == '-')
		return parse_iso(s, t);
	if (isdigit((unsigned char)s[0]))
		return parse_epoch(s, t);
	return parse_twitter(s, t);
}

int
sc_time_parse_json(const json_t *v, int64_t *t)
{
	if (json_is_string(v))
		return sc_time_parse(json_string_value(v), t);
	if (json_is_integer(v)) {
		json_int_t i = json_integer_value(v);
		if (i < 0)
			return -1;
		*t = i > 99999999999LL ? i / 1000 : i;
		return 0;
	}
	return -1;
}

/*
 * Schema 1 says created_at is RFC 3339 in UTC, as sc_time_format() writes
 * it (fractions of a second allowed).  Every record reader holds records
 * to it; the platform formats sc_time_parse() also takes are for
 * sc-normalize's input, not for records.
 */
int
sc_time_is_utc(const char *s)
{
	static const char shape[] = "dddd-dd-ddTdd:dd:dd";
	int64_t t;
	size_t i;

	if (s == NULL)
		return 0;
	for (i = 0; shape[i]; i++)
		if (shape[i] == 'd' ? !(s[i] >= '0' && s[i] <= '9') : s[i] != shape[i])
			return 0;
	if (s[i] == '.') {
		size_t f = ++i;
		while (s[i] >= '0' && s[i] <= '9')
			i++;
		if (i == f || i - f > 9)
			return 0;
	}
	return s[i] == 'Z' && s[i + 1] == '\0' && sc_time_parse(s, &t) == 0;
}

void
sc_time_format(int64_t t, char out[32])
{
	int64_t days = t >= 0 ? t / 86400 : (t - 86399) / 86400;
	int64_t secs = t - days * 86400;
	int y, m, d;

	civil_from_days(days, &y, &m, &d);
	if (y >= 0 && y <= 9999) {
		/* the common case by hand: the same bytes as the snprintf below */
		int f[6] = {y / 100, y % 100, m, d, (int)(secs / 3600), (int)(secs / 60 % 60)};
		static const char sep[] = "  --T:";
		char *o = out;
		int i;
		for (i = 0; i < 6; i++) {
			if (i > 1)
				*o++ = sep[i];
			*o++ = (char)('0' + f[i] / 10);
			*o++ = (char)('0' + f[i] % 10);
		}
		*o++ = ':';
		*o++ = (char)('0' + (int)(secs % 60) / 10);
		*o++ = (char)('0' + (int)(secs % 60) % 10);
		*o++ = 'Z';
		*o = '\0';
		return;
	}
	snprintf(out, 32, "%04d-%02d-%02dT%02d:%02d:%02dZ", y, m, d,
		 (int)(secs / 3600), (int)(secs / 60 % 60), (int)(secs % 60));
}

int
sc_duration_read(const char *s, int64_t *out)
{
	static const struct {
		const char *suffix;
		int64_t unit;
	} units[] = {
		{"", 1}, {"s", 1}, {"m", 60}, {"min", 60}, {"h", 3600}, {"d", 86400},
		{"w", 7 * 86400},
	};
	char *end;
	long long v;
	size_t i;

	if (s == NULL || !isdigit((unsigned char)*s))
		return -1;
	errno = 0;
	v = strtoll(s, &end, 10);
	for (i = 0; i < sizeof(units) / sizeof(units[0]); i++)
		if (strcmp(end, units[i].suffix) == 0) {
			/* the range is checked on the seconds, after the unit */
			if (errno != 0 || v > SC_DURATION_MAX / units[i].unit)
				return -2;
			*out = v * units[i].unit;
			return 0;
		}
	return -1;
}

int64_t
sc_duration_parse(const char *s)
{
	int64_t v;

	return sc_duration_read(s, &v) == 0 ? v : -1;
}

int
sc_time_or_ago_parse(const char *s, int64_t now, int64_t *t)
{
	int64_t d;

	if (s == NULL)
		return -1;
	if (strlen(s) >= 10 && s[4] == '-') {
		if (strlen(s) == 10) {	/* a bare date: midnight UTC */
			char buf[32];
			snprintf(buf, sizeof(buf), "%sT00:00:00Z", s);
			return sc_time_parse(buf, t);
		}
		return sc_time_parse(s, t);
	}
	d = sc_duration_parse(s);
	if (d < 0)
		return -1;
	*t = now - d;
	return 0;
}

/* ---- zones ---- */

static char current_tz[128];

static int
use_tz(const char *tz)
{
	if (strcmp(tz, current_tz) == 0)
		return 0;
	if (!sc_tz_valid(tz))
		return -1;
	setenv("TZ", tz, 1);
	tzset();
	snprintf(current_tz, sizeof(current_tz), "%s", tz);
	return 0;
}

int
sc_tz_valid(const char *tz)
{
	char path[512];
	struct stat st;

	if (tz == NULL || *tz == '\0' || strlen(tz) > 100 || strstr(tz, ".."))
		return 0;
	if (strcmp(tz, "UTC") == 0)
		return 1;
	const char *dir = getenv("TZDIR");
	snprintf(path, sizeof(path), "%s/%s", dir && *dir ? dir : "/usr/share/zoneinfo", tz);
	return stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

int
sc_tz_local(const char *tz, int64_t t, struct tm *out)
{
	time_t tt = (time_t)t;

	if (use_tz(tz) < 0)
		return -1;
	if (localtime_r(&tt, out) == NULL)
		return -1;
	return 0;
}

int
sc_tz_mktime(const char *tz, const struct tm *local, int64_t *t)
{
	/* Guess with the UTC reading, then correct by the zone's offset at
	   that instant; two rounds settle every real zone. */
	int64_t guess = make_utc(local->tm_year + 1900, local->tm_mon + 1, 1, 0, 0, 0) +
			(int64_t)(local->tm_mday - 1) * 86400 +
			local->tm_hour * 3600 + local->tm_min * 60 + local->tm_sec;
	int64_t want = guess, cand = guess;
	struct tm lt;
	int i;

	if (use_tz(tz) < 0)
		return -1;
	for (i = 0; i < 3; i++) {
		time_t tt = (time_t)cand;
		localtime_r(&tt, &lt);
		cand = want - lt.tm_gmtoff;
	}
	/* In an autumn overlap prefer the earlier instant. */
	{
		time_t tt = (time_t)(cand - 3600);
		localtime_r(&tt, &lt);
		if (make_utc(lt.tm_year + 1900, lt.tm_mon + 1, lt.tm_mday,
			     lt.tm_hour, lt.tm_min, lt.tm_sec) == want)
			cand -= 3600;
	}
	*t = cand;
	return 0;
}
