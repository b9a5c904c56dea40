/*
 * sc.h - libsc, the library under every sc-* program.
 *
 * Ownership, stated once: a function whose name ends in _new, or that is
 * documented as "returns a new ...", hands the caller something to free
 * (json_t with json_decref, strings with free, structs with their _free);
 * everything else returns borrowed pointers that live as long as the
 * object they came from.  Functions that take a json_t never steal it
 * unless their name ends in _new (jansson's own rule).
 *
 * lib/ never prints and never exits: it fills struct sc_error and
 * returns.  The one exception is out of memory, which ends the program
 * with status 71 in sc_xmalloc() and friends.  The messages, option
 * parsers and exit statuses of the programs are cmd/cli.c's, linked
 * beside libsc.a (`make lint` checks lib/ for printing and exiting).
 */
#ifndef SC_H
#define SC_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <jansson.h>

#include "schema.h"

#define SC_VERSION "0.1.0"

/* Exit statuses, from sysexits.h, as every program uses them (sc(7)). */
enum {
	SC_EX_OK = 0,
	SC_EX_USAGE = 64,
	SC_EX_DATAERR = 65,
	SC_EX_NOINPUT = 66,
	SC_EX_UNAVAILABLE = 69,
	SC_EX_SOFTWARE = 70,
	SC_EX_OSERR = 71,
	SC_EX_CANTCREAT = 73,
	SC_EX_IOERR = 74,
	SC_EX_TEMPFAIL = 75,
	SC_EX_PROTOCOL = 76,
	SC_EX_CONFIG = 78
};

/*
 * The error a library call fills in when it fails: the message (lowercase,
 * no trailing period), where it happened, and the exit status a program
 * should use for it.  line and column are 0 when unknown.
 */
struct sc_error {
	char text[512];
	char source[256];
	long line;
	long column;
	int status;
};

void sc_error_clear(struct sc_error *e);

/*
 * The one rule for combining exit statuses, whatever the order things
 * went wrong in: the more serious wins, from least to most serious
 * 0, 65 (some input rejected), 66 (an input missing), 75 (try again),
 * 69 (service refused), 78 (configuration), 76 (a server broke the
 * protocol), 73 (cannot create a file), 74 (output lost), 71 (system),
 * 70 (internal), 64 (usage).  Every program combines statuses with it,
 * sc-fetch's profiles and sc-reply's sends included.
 */
int sc_status_worst(int a, int b);
/* Is a more serious than b by that rule?  (Never when a == b.) */
int sc_status_worse(int a, int b);

/*
 * Strict parsing for options and configuration cells; each returns 0 and
 * stores the value, or -1 (nothing stored) for anything that is not a
 * whole value in [lo, hi]: signs where none belong, trailing junk, and
 * overflow are errors, never clamped or wrapped.
 * sc_parse_size takes a decimal count with an optional K, M or G suffix
 * (powers of 1024).
 */
int sc_parse_long(const char *s, long lo, long hi, long *out);
int sc_parse_size(const char *s, size_t lo, size_t hi, size_t *out);
/*
 * Lists in options and cells ("comments,messages", "comments;messages",
 * "comments messages"): items are separated by ',' or ';' or spaces.
 * Returns the length of the next item and points *item at it (not
 * NUL-terminated), or 0 at the end; advances *p.
 */
size_t sc_list_next(const char **p, const char **item);

/*
 * Open a file that is the program's own (a journal, --rejects, a model
 * written by --train, state): never through a symbolic link (O_NOFOLLOW),
 * and a new file with O_EXCL, so a planted or dangling link is refused
 * instead of followed.  flags as for open(2) (O_CREAT to create);
 * returns the descriptor, or -1 with e set (status 73).  sc_fopen_own()
 * is the same for a stdio mode ("a", "w", "r").
 */
int sc_open_own(const char *path, int flags, unsigned mode, struct sc_error *e);
FILE *sc_fopen_own(const char *path, const char *mode, struct sc_error *e);
/* Fill e (may be NULL) and return -1, so callers can "return sc_error_set(...)". */
int sc_error_set(struct sc_error *e, int status, const char *source,
		 long line, long column, const char *fmt, ...)
	__attribute__((format(printf, 6, 7)));

/* Allocation that aborts with a message on out of memory (status 71). */
void *sc_xmalloc(size_t n);
void *sc_xcalloc(size_t n, size_t size);
void *sc_xrealloc(void *p, size_t n);
char *sc_xstrdup(const char *s);
char *sc_xstrndup(const char *s, size_t n);
/* "dir/name", new (the caller frees it). */
char *sc_path_new(const char *dir, const char *name);

/* A growable byte buffer, always NUL-terminated. */
struct sc_buf {
	char *data;
	size_t len;
	size_t cap;
};
void sc_buf_init(struct sc_buf *b);
void sc_buf_release(struct sc_buf *b);
void sc_buf_reset(struct sc_buf *b);
void sc_buf_grow(struct sc_buf *b, size_t extra);
/* The appends are inline: the room check is one compare, and folding,
   escaping and every writer call them once per byte or token. */
static inline void
sc_buf_add(struct sc_buf *b, const void *p, size_t n)
{
	if (b->len + n + 1 > b->cap)
		sc_buf_grow(b, n);
	if (n)
		memcpy(b->data + b->len, p, n);
	b->len += n;
	b->data[b->len] = '\0';
}
static inline void
sc_buf_adds(struct sc_buf *b, const char *s)
{
	sc_buf_add(b, s, strlen(s));
}
static inline void
sc_buf_addc(struct sc_buf *b, char c)
{
	if (b->len + 2 > b->cap)
		sc_buf_grow(b, 1);
	b->data[b->len++] = c;
	b->data[b->len] = '\0';
}
void sc_buf_printf(struct sc_buf *b, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* Append s with its control characters written visibly ("\\x1b",
   "\\n", "\\u009b" for C1): for messages that echo input to a terminal. */
void sc_buf_add_escaped(struct sc_buf *b, const char *s, size_t n);
/* Replace control characters (C0, DEL, C1) in s by spaces, in place:
   table cells stay on their line and never drive the terminal. */
void sc_str_blank_controls(char *s);
/* Append s as a JSON string literal, quotes included. */
void sc_buf_add_json_string(struct sc_buf *b, const char *s, size_t n);
/* The same as jansson's dump writes it (\u001B: hex in upper case), for
   values that were written by jansson before (sc_buf_add_json). */
void sc_buf_add_json_string_j(struct sc_buf *b, const char *s, size_t n);

/* ---- UTF-8 (lib/utf8.c) ---- */

/* Returns the byte offset of the first invalid sequence, or -1 if s is valid. */
long sc_utf8_invalid_at(const char *s, size_t n);
/* Decode one code point at s (n bytes left); stores it in *cp and returns its
   length, or 0 on an invalid sequence. */
int sc_utf8_decode(const char *s, size_t n, uint32_t *cp);
/* Encode cp into out (at least 4 bytes); returns the length. */
int sc_utf8_encode(uint32_t cp, char *out);
/* Number of code points in a valid UTF-8 string. */
size_t sc_utf8_count(const char *s, size_t n);
/* Copy at most max code points of s into a new string, never cutting inside
   a sequence. Returns a new string. */
char *sc_utf8_truncate_new(const char *s, size_t max);

/* ---- time (lib/time.c) ---- */

/*
 * Parse any timestamp format that the platforms send (NOTES in sc(7)):
 * RFC 3339 / ISO 8601 with Z, +hh:mm, +hhmm or no zone (UTC assumed),
 * fractions of a second, "YYYY-MM-DD HH:MM:SS[ +hhmm|+hh:mm]", the Twitter
 * v1.1 form "Wed Oct 11 06:55:44 +0000 2017", and epoch seconds or
 * milliseconds as digits (more than 11 digits means milliseconds).
 * Stores seconds since the epoch in *t; returns 0, or -1 if s is not a time.
 */
int sc_time_parse(const char *s, int64_t *t);
/* Same for a JSON value: a string as above, or an integer (s or ms). */
int sc_time_parse_json(const json_t *v, int64_t *t);
/* Is s RFC 3339 UTC, "2026-11-20T10:11:12Z" (fractions allowed), as schema
   1 wants created_at?  1 or 0. */
int sc_time_is_utc(const char *s);
#define SC_NOT_UTC_FMT "created_at \"%.40s\" is not RFC 3339 UTC (want YYYY-MM-DDTHH:MM:SSZ)"
/* Write t as RFC 3339 UTC, "2026-11-20T10:11:12Z", into out (>= 21 bytes). */
void sc_time_format(int64_t t, char out[32]);
/* Parse "90s", "30m", "2h", "3d", "1w" or plain seconds; -1 when invalid
   or longer than SC_DURATION_MAX once the unit is applied. */
#define SC_DURATION_MAX ((int64_t)100 * 365 * 86400)
int64_t sc_duration_parse(const char *s);
/* The same, telling the two failures apart: 0 with *out set, -1 when s is
   not a duration, -2 when it is one longer than SC_DURATION_MAX. */
int sc_duration_read(const char *s, int64_t *out);
/* "--since" style: a duration (meaning now - d) or a time. -1 if invalid. */
int sc_time_or_ago_parse(const char *s, int64_t now, int64_t *t);

/*
 * Civil time in an IANA zone.  sc_tz_local() converts UTC to local broken
 * down time in zone tz ("Europe/Warsaw"), sc_tz_mktime() converts local
 * wall-clock time back to UTC (for a time that does not exist in a spring
 * gap it moves forward; in the autumn overlap it takes the first).  Both
 * return -1 for an unknown zone.
 */
int sc_tz_valid(const char *tz);
int sc_tz_local(const char *tz, int64_t t, struct tm *out);
int sc_tz_mktime(const char *tz, const struct tm *local, int64_t *t);

/* ---- business hours (lib/hours.c) ---- */

/*
 * Opening hours of a team (sc(7) BUSINESS HOURS): a daily window [open,
 * close) in minutes after local midnight (close may be 1440; close < open
 * means overnight), the weekdays it applies to (bit 0 Sunday ... bit 6
 * Saturday), or with per_day one window per weekday (wopen/wclose; the
 * closed days are out of `days`); holidays (local dates as YYYYMMDD,
 * closed all day), special days (a holiday with other hours: 24 Dec
 * 08:00-14:00) and the zone.  always_open means 24/7.  Code that fills
 * the struct by hand sets open_min/close_min/days and leaves the rest 0.
 */
struct sc_hours_special {
	int ymd, open_min, close_min;
};
struct sc_hours {
	int open_min, close_min;
	unsigned days;
	char tz[64];
	int *holidays;
	size_t nholidays;
	int always_open;
	int per_day;
	short wopen[7], wclose[7];
	struct sc_hours_special *special;
	size_t nspecial;
};
/* hours "08:00-22:00", "24h" or "" (around the clock), or per weekday
   "mon-fri 08:00-20:00; sat-sun 10:00-18:00" (days not named are closed;
   "sun closed"); days "mon-fri" or "mon,wed,sat-sun" ("" = every day),
   which per-day hours are restricted to; a zone.  Fills h.
   Returns 0 or -1 with e set (status 78). */
int sc_hours_init(struct sc_hours *h, const char *hours, const char *days,
		  const char *tz, struct sc_error *e);
/* Read a holidays file: one day a line, "YYYY-MM-DD" (closed) or a
   spreadsheet's "YYYY-MM-DD,HH:MM-HH:MM,name" (other hours; "closed" or
   an empty hours cell: closed); '#' comments, an optional header row
   starting "date".  0 or -1 with e naming file:line:col (78). */
int sc_hours_load_holidays(struct sc_hours *h, const char *path, struct sc_error *e);
void sc_hours_release(struct sc_hours *h);
/* The day type of the local date of t: 2 holiday (closed or special),
   1 Saturday or Sunday, 0 another day; *wday gets the weekday (0 Sunday). */
int sc_hours_day_type(const struct sc_hours *h, int64_t t, int *wday);
/* Is t inside business hours? */
int sc_hours_open_at(const struct sc_hours *h, int64_t t);
/* Business seconds in [a, b) (0 when b <= a), exact over spans up to
   SC_HOURS_MAX_SPAN; a longer span counts its first SC_HOURS_MAX_SPAN. */
#define SC_HOURS_MAX_SPAN ((int64_t)100 * 36525 / 100 * 86400)
int64_t sc_hours_elapsed(const struct sc_hours *h, int64_t a, int64_t b);
/* The time at which `secs` business seconds have passed since t. */
int64_t sc_hours_add(const struct sc_hours *h, int64_t t, int64_t secs);
/* The next opening at or after t (t itself when open). */
int64_t sc_hours_next_open(const struct sc_hours *h, int64_t t);

/* ---- NDJSON input (lib/ndjson.c) ---- */

/*
 * A line reader over a file descriptor with a cap on line length.
 * sc_reader_next() returns 1 with the line in *line and *len (without the
 * newline; borrowed until the next call), 0 at end of input, -1 on a read
 * error (e filled, status 74/66).  r->lineno is the line's number (1-based).
 * A line longer than max_line is returned cut at max_line bytes with
 * r->too_long set; its remaining bytes are skipped.  When r->overflow is
 * set, an over-long line is copied there whole with its newline (so
 * --rejects keeps it verbatim without ever holding it in memory).
 * r->no_newline is set for a last line that has no newline at the end.
 */
struct sc_reader {
	int fd;
	const char *name;
	long lineno;
	size_t max_line;
	int too_long;
	int no_newline;
	FILE *overflow;
	/* private */
	char *buf;
	size_t cap, start, end;
	int eof;
	struct sc_buf longline;
};
#define SC_MAX_LINE_DEFAULT (1024 * 1024)
void sc_reader_init(struct sc_reader *r, int fd, const char *name, size_t max_line);
void sc_reader_release(struct sc_reader *r);
int sc_reader_next(struct sc_reader *r, const char **line, size_t *len,
		   struct sc_error *e);
/* Is a line only spaces, tabs and CRs (skipped by every reader)? (util.c) */
int sc_line_blank(const char *s, size_t n);

/*
 * The one place records are parsed: every program reads JSON lines through
 * this call so a faster parser can replace jansson here alone.  Returns a
 * new object, or NULL with e set to the reason (invalid UTF-8 with its byte
 * offset, jansson's message with the column, or "not a JSON object").
 */
json_t *sc_json_parse_line(const char *line, size_t len, struct sc_error *e);
/* The same with jansson alone (the verdict for lines the scanner does not
   accept, and the reference for tests). */
json_t *sc_json_parse_line_jansson(const char *line, size_t len, struct sc_error *e);
/* 1 when SC_JSON=jansson is set: every line goes through jansson. */
int sc_json_use_jansson(void);

/*
 * Check that a record has what schema 1 needs (sc, id, platform, kind,
 * created_at in RFC 3339; text and author for messages).  Returns 0, or -1
 * with the reason in e.
 */
int sc_record_check(const json_t *rec, struct sc_error *e);
/* Borrowed string member, or NULL when absent or not a string. */
const char *sc_json_str(const json_t *o, const char *key);
/* Borrowed string at a dotted path ("author.name"), or NULL. */
const char *sc_json_path_str(const json_t *o, const char *path);
/* Member at a dotted path, borrowed, or NULL. */
json_t *sc_json_path(const json_t *o, const char *path);

/* ---- output (lib/out.c) ---- */

/*
 * Buffered output of NDJSON lines, written in large blocks.  To a
 * terminal every line is flushed as it is finished; to a pipe the buffer
 * is flushed whenever the program would wait for input (see
 * sc_out_flush_idle), so `tail -f | sc-triage` works without a write per
 * line.  A program that writes to a pipe without reading input calls
 * sc_out_flush() at the points where a reader must see its output.
 * Errors are sticky: the first write error is kept in err and every later
 * call returns -1.
 */
struct sc_out {
	int fd;
	int line_flush;
	struct sc_buf buf;
	int failed;
	int err;	/* errno of the first failure */
};
void sc_out_init(struct sc_out *o, int fd);
/* Write a JSON value as one compact line. 0 or -1. */
int sc_out_json(struct sc_out *o, const json_t *v);
/*
 * Write a record read from line as one line: the original bytes with the
 * members named in keys taken from rec (sc_splice, lib/record.h), or rec
 * whole when the bytes cannot be kept.  0 or -1.
 */
int sc_out_splice(struct sc_out *o, const char *line, size_t len, const json_t *rec,
		  const char *const *keys, int nkeys);
/* The same for a record from the record loop, from its spans
   (sc_record_splice): no second scan of the line.  rec NULL (and no
   keys): the record as it came, its own DOM written whole when the bytes
   cannot be kept. */
struct sc_record;
int sc_out_splice_rec(struct sc_out *o, struct sc_record *r, const json_t *rec,
		      const char *const *keys, int nkeys);
/* Write bytes as one line (a newline is added). 0 or -1. */
int sc_out_line(struct sc_out *o, const char *s, size_t n);
/* Write raw bytes without a newline. 0 or -1. */
int sc_out_write(struct sc_out *o, const char *s, size_t n);
/* Mark the end of a line (flushes when line_flush). 0 or -1. */
int sc_out_endline(struct sc_out *o);
int sc_out_flush(struct sc_out *o);
/* Flush and release; returns 0 or -1 (errno-like code in o->err). */
int sc_out_close(struct sc_out *o);

/* Flush the pipe output registered by sc_out_init(), if it has data; the
   line reader calls this before a read that would block. */
void sc_out_flush_idle(void);

/* Append the compact JSON of v to b (JSON_COMPACT, key order kept; any
   value, not only objects and arrays). */
void sc_buf_add_json(struct sc_buf *b, const json_t *v);

/* ---- CSV (lib/csv.c) ---- */

/*
 * An incremental CSV reader over libcsv.  Feed any chunks; the callback
 * gets each row with its fields (NUL-terminated, borrowed for the call),
 * the line its first byte is on, and the row's raw bytes (for rejects).
 * A UTF-8 BOM at the very start is dropped, CRLF and CR line ends are
 * accepted, quoted fields may hold newlines.  sc_csv_finish() must be
 * called to get the last row.  A callback returning non-zero stops parsing
 * and is passed back as the return value.
 */
struct sc_csv_row {
	char **fields;
	size_t nfields;
	long line;
	long end_line;
	const char *raw;
	size_t rawlen;
};
typedef int (*sc_csv_cb)(void *ctx, const struct sc_csv_row *row);
struct sc_csv;
struct sc_csv *sc_csv_new(char delim, sc_csv_cb cb, void *ctx);
int sc_csv_feed(struct sc_csv *c, const char *buf, size_t n, struct sc_error *e);
int sc_csv_finish(struct sc_csv *c, struct sc_error *e);
void sc_csv_free(struct sc_csv *c);
/*
 * For data (not configuration): a row with bad quoting, a NUL byte, or
 * over max_row bytes (0: no cap) is not an error but goes to bad() whole,
 * with the line and column (0: none) of the fault and why; parsing goes on
 * with the next row.  The bad row is the line the fault is on, or the
 * lines up to the one where a quote that ran over lines opened (the bytes
 * after them are parsed again).  raw is NULL when the row was longer than
 * max_row and was streamed to overflow instead (the rejects file).  A
 * non-zero return stops parsing, as from the row callback.
 */
typedef int (*sc_csv_bad_cb)(void *ctx, long line, long column, const char *raw,
			     size_t rawlen, const char *why);
void sc_csv_recover(struct sc_csv *c, size_t max_row, FILE *overflow, sc_csv_bad_cb bad);
/* Read a whole CSV stream from fd through the callback. */
int sc_csv_read_fd(int fd, const char *name, char delim, sc_csv_cb cb,
		   void *ctx, struct sc_error *e);

/*
 * A configuration table: a CSV file with a header row, held in memory
 * (configuration is small).  Blank rows and rows whose first cell starts
 * with '#' are skipped.  Column names are matched case-insensitively.
 */
struct sc_table {
	char *path;
	char **header;
	size_t ncols;
	char ***rows;	/* rows[i][j], always ncols cells ("" when missing) */
	long *lines;	/* line number of each row */
	size_t nrows;
};
/* Returns a new table or NULL with e set ("file:line:col: reason", 78). */
struct sc_table *sc_table_load(const char *path, struct sc_error *e);
void sc_table_free(struct sc_table *t);
/* Column index or -1. */
int sc_table_col(const struct sc_table *t, const char *name);
/* Cell of row i in column name, "" when the column does not exist. */
const char *sc_table_get(const struct sc_table *t, size_t i, const char *name);

/* ---- profiles.csv (lib/profiles.c) ---- */

/*
 * One brand account an agency looks after (sc(7) PROFILES).  Columns:
 * profile, platform, account_id, token (the NAME of an environment
 * variable, or a path to a 0600 file: "env:NAME" / "file:PATH" / NAME),
 * sources, sla (duration, default 60m), hours ("08:00-22:00", empty =
 * 24/7), days ("mon-sun"), tz (default Europe/Warsaw), holidays (a file
 * of YYYY-MM-DD lines; a relative path is relative to profiles.csv),
 * audience ("youth" => SLA default 10m), tone (formal|informal), voice
 * (singular|plural), emoji (yes|no), signature, team, brand_name, client,
 * base_url, sla_file (an sla.csv: targets per priority and day type,
 * relative to profiles.csv like holidays).  Unknown columns are kept in the table for programs that want them.
 */
struct sc_sla;
struct sc_profile {
	const char *name;
	const char *platform;
	const char *account_id;
	const char *token;
	const char *sources;
	int64_t sla;
	struct sc_hours hours;
	struct sc_sla *sla_table;	/* sla_file, or NULL */
	size_t row;	/* index in the table */
};
struct sc_profiles {
	struct sc_table *table;
	struct sc_profile *v;
	size_t n;
};
struct sc_profiles *sc_profiles_load(const char *path, struct sc_error *e);
void sc_profiles_free(struct sc_profiles *p);
/* Find by profile name, or by platform and account id. Borrowed or NULL. */
const struct sc_profile *sc_profiles_find(const struct sc_profiles *p, const char *name);
const struct sc_profile *sc_profiles_find_account(const struct sc_profiles *p,
						  const char *platform, const char *account_id);
/* Any other column of a profile, "" when absent. */
const char *sc_profile_get(const struct sc_profiles *p, const struct sc_profile *pr,
			   const char *column);

/* ---- service levels (lib/sla.c) ---- */

/*
 * sla.csv (sc(7) SERVICE LEVELS): rows of profile, priority, day, sla,
 * clock, note.  A row matches a message when each non-empty condition
 * holds: the profile's name, one of the priorities (bit N for PN), one of
 * the day types (bit 0 weekday, 1 weekend, 2 holiday); the matching row
 * with the highest weight of conditions wins (priority 4, profile 2, day
 * 1), a later row a tie.
 */
struct sc_sla_row {
	char profile[64];
	unsigned priorities, days;
	int conditions;	/* weight: priority 4 + profile 2 + day 1 */
	int64_t sla;
	int wall;	/* 1: round the clock; 0: in business hours */
	long line;
};
struct sc_sla {
	struct sc_sla_row *v;
	size_t n;
};
struct sc_sla *sc_sla_load(const char *path, struct sc_error *e);
void sc_sla_free(struct sc_sla *s);
/* The winning row for a message, or NULL (then the profile's sla). */
const struct sc_sla_row *sc_sla_pick(const struct sc_sla *s, const char *profile,
				     int priority, int day_type);
/* When a message of profile pr created at `created` with priority 1..4
   (0 unknown) is due: rule_sla (> 0, a rules.csv effect) or the sla.csv
   pick or the profile's sla, counted on the picked clock. */
int64_t sc_sla_due(const struct sc_profile *pr, int64_t created, int priority,
		   int64_t rule_sla);

/* ---- small hashes (lib/hash.c) ---- */

uint64_t sc_hash64(const void *p, size_t n);

/*
 * A set of 64-bit keys (open addressing); 0 is stored out of band.  Used
 * for dedupe by id hash: one 16-byte slot (key, value) per distinct id,
 * the table doubling at 3/4 full.
 */
struct sc_set64 {
	uint64_t *slot;
	uint64_t *val;	/* one value per key, optional use */
	size_t cap, n;
	int has_zero;
	uint64_t zero_val;
};
void sc_set64_init(struct sc_set64 *s);
void sc_set64_release(struct sc_set64 *s);
/* Insert key; returns 1 if it was new, 0 if present. *val points at its value. */
int sc_set64_put(struct sc_set64 *s, uint64_t key, uint64_t **val);
/* Returns 1 and the value pointer if present. */
int sc_set64_get(const struct sc_set64 *s, uint64_t key, uint64_t **val);

#endif
