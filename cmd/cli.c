/*
 * cli.c - the message, option, exit-status and input-loop helpers that
 * every cmd/sc-*.c shares (API in cli.h).  It prints and exits, so it is
 * not part of libsc.a: every program links it beside the library, which
 * itself never prints or exits (it fills struct sc_error).
 */
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"
#include "record.h"

const char *sc_prog = "sc";

/*
 * Progress on a terminal: when standard error is a terminal, the input
 * loop rewrites one status line ("sc-x: file: 1200000 lines") at most
 * once a second, and clears it before any message and at the end.  Never
 * on a pipe or file, so logs and tests see only real messages.
 * SC_NO_PROGRESS in the environment turns it off; SC_PROGRESS_MS sets
 * the interval (tests use 0).
 */
static int progress_on = -1;	/* -1: not decided yet */
static long progress_ms = 1000;
static int progress_shown;
static struct timespec progress_last;

static int
progress_enabled(void)
{
	if (progress_on < 0) {
		const char *ms = getenv("SC_PROGRESS_MS");
		progress_on = isatty(2) && getenv("SC_NO_PROGRESS") == NULL;
		if (ms != NULL && *ms >= '0' && *ms <= '9')
			progress_ms = strtol(ms, NULL, 10);
	}
	return progress_on;
}

static void
progress_clear(void)
{
	if (progress_shown) {
		fputs("\r\033[K", stderr);
		progress_shown = 0;
	}
}

static void
progress_tick(const char *name, long lineno)
{
	struct timespec now;

	if (!progress_enabled())
		return;
	clock_gettime(CLOCK_MONOTONIC, &now);
	if (progress_last.tv_sec == 0 && progress_last.tv_nsec == 0) {
		progress_last = now;	/* the first interval stays quiet */
		if (progress_ms > 0)
			return;
	}
	if ((now.tv_sec - progress_last.tv_sec) * 1000 +
	    (now.tv_nsec - progress_last.tv_nsec) / 1000000 < progress_ms)
		return;
	progress_last = now;
	fprintf(stderr, "\r\033[K%s: %s: %ld lines", sc_prog, name, lineno);
	fflush(stderr);
	progress_shown = 1;
}

void
sc_cli_init(const char *prog)
{
	const char *slash = strrchr(prog, '/');

	sc_prog = slash ? slash + 1 : prog;
}

/*
 * Every message goes out through here: "sc-x: " and the text with its
 * control characters escaped (input reaches messages: a created_at or a
 * file name holding ESC [ 2 J must not drive the terminal), one line.
 */
static void
vmessage(const char *fmt, va_list ap)
{
	struct sc_buf msg, esc;
	va_list aq;
	int n;

	sc_buf_init(&msg);
	sc_buf_init(&esc);
	va_copy(aq, ap);
	n = vsnprintf(NULL, 0, fmt, aq);
	va_end(aq);
	if (n > 0) {
		sc_buf_grow(&msg, (size_t)n + 1);
		vsnprintf(msg.data, (size_t)n + 1, fmt, ap);
		msg.len = (size_t)n;
	}
	sc_buf_add_escaped(&esc, msg.data, msg.len);
	fprintf(stderr, "%s: %s", sc_prog, esc.data);
	sc_buf_release(&msg);
	sc_buf_release(&esc);
}

void
sc_warn(const char *fmt, ...)
{
	va_list ap;

	fflush(stdout);
	progress_clear();
	va_start(ap, fmt);
	vmessage(fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

void
sc_die(int status, const char *fmt, ...)
{
	va_list ap;

	progress_clear();
	va_start(ap, fmt);
	vmessage(fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	exit(status);
}

void
sc_usage_error(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vmessage(fmt, ap);
	va_end(ap);
	fprintf(stderr, "\nTry '%s --help' for more information.\n", sc_prog);
	exit(SC_EX_USAGE);
}

void
sc_warn_error(const struct sc_error *e)
{
	if (e->source[0] && e->line > 0 && e->column > 0)
		sc_warn("%s:%ld:%ld: %s", e->source, e->line, e->column, e->text);
	else if (e->source[0] && e->line > 0)
		sc_warn("%s:%ld: %s", e->source, e->line, e->text);
	else if (e->source[0])
		sc_warn("%s: %s", e->source, e->text);
	else
		sc_warn("%s", e->text);
}

void
sc_die_error(const struct sc_error *e)
{
	sc_warn_error(e);
	exit(e->status ? e->status : SC_EX_SOFTWARE);
}

void
sc_exit_flushed(int status)
{
	if (fflush(stdout) != 0 || ferror(stdout)) {
		int err = errno ? errno : EIO;
		fprintf(stderr, "%s: write error: %s\n", sc_prog, strerror(err));
		_exit(sc_status_worst(status, SC_EX_IOERR));
	}
	exit(status);
}

void
sc_print_version(void)
{
	printf("%s %s\n", sc_prog, SC_VERSION);
	sc_exit_flushed(SC_EX_OK);
}

void
sc_print_usage(const char *text)
{
	fputs(text, stdout);
	sc_exit_flushed(SC_EX_OK);
}

/* ---- option values ---- */

long
sc_opt_long(const char *opt, const char *s, long lo, long hi)
{
	long v;

	if (sc_parse_long(s, lo, hi, &v) < 0)
		sc_usage_error("%s: want a number from %ld to %ld, not '%s'", opt, lo, hi, s);
	return v;
}

/* "90s", "30m", "2h", "3d" for a number of seconds, the largest unit that
   divides it. */
static void
dur_name(int64_t v, char *out, size_t n)
{
	if (v > 0 && v % 86400 == 0)
		snprintf(out, n, "%lldd", (long long)(v / 86400));
	else if (v > 0 && v % 3600 == 0)
		snprintf(out, n, "%lldh", (long long)(v / 3600));
	else if (v > 0 && v % 60 == 0)
		snprintf(out, n, "%lldm", (long long)(v / 60));
	else
		snprintf(out, n, "%llds", (long long)v);
}

int64_t
sc_opt_duration(const char *opt, const char *s, int64_t lo, int64_t hi)
{
	int64_t v = -1;
	int rc = sc_duration_read(s, &v);
	char a[32], b[32];

	if (rc == -1)
		sc_usage_error("%s: bad duration '%s' (want e.g. 90s, 30m, 2h, 3d)", opt, s);
	if (rc < 0 || v < lo || v > hi) {
		dur_name(lo, a, sizeof(a));
		dur_name(hi, b, sizeof(b));
		sc_usage_error("%s: duration '%s' out of range (want %s to %s)", opt, s, a, b);
	}
	return v;
}

/* "16", "512k", "1G": the largest unit that divides n. */
static void
size_name(size_t n, char *out, size_t cap)
{
	static const char units[] = "\0KMG";
	int u = 0;

	while (u < 3 && n >= 1024 && n % 1024 == 0) {
		n /= 1024;
		u++;
	}
	snprintf(out, cap, "%zu%.1s", n, units + u);
}

size_t
sc_opt_size(const char *opt, const char *s, size_t lo, size_t hi)
{
	char a[32], b[32];
	size_t v;

	if (sc_parse_size(s, lo, hi, &v) < 0) {
		size_name(lo, a, sizeof(a));
		size_name(hi, b, sizeof(b));
		sc_usage_error("%s: bad size '%s' (want e.g. 4096, 512k, 8M; from %s to %s)",
			       opt, s, a, b);
	}
	return v;
}

/* "a, b or c" for a message. */
static void
word_list(const char *const *words, char *out, size_t n)
{
	size_t off = 0;
	int i, k;

	out[0] = '\0';
	for (k = 0; words[k]; k++)
		;
	for (i = 0; words[i] && off < n; i++) {
		const char *w = *words[i] ? words[i] : "''";
		off += (size_t)snprintf(out + off, n - off, "%s%s",
					i == 0 ? "" : i == k - 1 ? " or " : ", ", w);
	}
}

int
sc_opt_choice(const char *opt, const char *s, const char *const *words)
{
	char want[400];
	int i;

	for (i = 0; words[i]; i++)
		if (strcmp(s, words[i]) == 0)
			return i;
	word_list(words, want, sizeof(want));
	sc_usage_error("%s: unknown value '%s' (want %s)", opt, s, want);
}

int64_t
sc_opt_time(const char *opt, const char *s, int64_t now)
{
	int64_t t;

	if (sc_time_or_ago_parse(s, now, &t) < 0)
		sc_usage_error("%s: bad time '%s' (want 2026-11-20, RFC 3339 or a duration)",
			       opt, s);
	return t;
}

int64_t
sc_opt_instant(const char *opt, const char *s)
{
	int64_t t;

	if (sc_time_parse(s, &t) < 0)
		sc_usage_error("bad %s time '%s'", opt, s);
	return t;
}

void
sc_opt_list(const char *opt, const char *s, const char *const *words)
{
	const char *p = s, *item;
	char want[400];
	size_t n;
	int i, ok;

	while ((n = sc_list_next(&p, &item)) > 0) {
		for (ok = 0, i = 0; words[i] && !ok; i++)
			ok = strlen(words[i]) == n && strncmp(item, words[i], n) == 0;
		if (!ok) {
			word_list(words, want, sizeof(want));
			sc_usage_error("%s: unknown value '%.*s' (want %s)", opt, (int)n, item, want);
		}
	}
}

void
sc_input_init(struct sc_input *in)
{
	memset(in, 0, sizeof(*in));
	in->max_line = SC_MAX_LINE_DEFAULT;
}

void
sc_input_open_rejects(struct sc_input *in, const char *path)
{
	struct sc_error e;

	if ((in->rejects = sc_fopen_own(path, "a", &e)) == NULL)
		sc_die(SC_EX_IOERR, "%s: cannot open rejects file: %s", path, e.text);
	in->rejects_path = path;
}

/* Remember the first write error on the rejects file: errno is gone by
   the time the file is closed. */
static void
rejects_flush(struct sc_input *in)
{
	if ((fflush(in->rejects) != 0 || ferror(in->rejects)) && in->rejects_errno == 0)
		in->rejects_errno = errno ? errno : EIO;
}

int
sc_input_close(struct sc_input *in)
{
	int rc = 0;

	if (in->rejects) {
		rejects_flush(in);
		if (fclose(in->rejects) != 0 && in->rejects_errno == 0)
			in->rejects_errno = errno ? errno : EIO;
		if (in->rejects_errno) {
			sc_warn("%s: rejects file: write error: %s",
				in->rejects_path ? in->rejects_path : "-",
				strerror(in->rejects_errno));
			rc = -1;
		}
		in->rejects = NULL;
	}
	return rc;
}

void
sc_input_reject(struct sc_input *in, const char *file, long line, const char *raw,
		size_t len, const char *fmt, ...)
{
	va_list ap;
	char reason[600];

	va_start(ap, fmt);
	vsnprintf(reason, sizeof(reason), fmt, ap);
	va_end(ap);
	sc_warn("%s:%ld: %s", file, line, reason);
	if (in->rejects) {
		fwrite(raw, 1, len, in->rejects);
		fputc('\n', in->rejects);
		rejects_flush(in);
	}
	in->nrejected++;
	in->status = sc_status_worst(in->status, SC_EX_DATAERR);
	if (in->strict)
		in->stop = 1;
}

int
sc_input_open(struct sc_input *in, const char *path)
{
	int fd = strcmp(path, "-") == 0 ? 0 : open(path, O_RDONLY);

	if (fd < 0) {
		sc_warn("%s: %s", path, strerror(errno));
		in->status = sc_status_worst(in->status, SC_EX_NOINPUT);
	}
	return fd;
}

int
sc_input_each_line(struct sc_input *in, char **files, int nfiles, sc_line_cb cb,
		   void *ctx)
{
	static char *dash[] = {"-"};
	int i, rc = 0;

	if (nfiles == 0) {
		files = dash;
		nfiles = 1;
	}
	for (i = 0; i < nfiles && !in->stop && rc == 0; i++) {
		int is_stdin = strcmp(files[i], "-") == 0;
		int fd = sc_input_open(in, files[i]);
		const char *name = is_stdin ? "-" : files[i];
		struct sc_reader r;
		struct sc_error e;
		const char *text;
		size_t len;
		int got = 0;

		if (fd < 0)
			continue;
		sc_reader_init(&r, fd, name, in->max_line);
		/* over-long lines are streamed to --rejects by the reader */
		r.overflow = in->rejects;
		sc_error_clear(&e);
		while (!in->stop && rc == 0 && (got = sc_reader_next(&r, &text, &len, &e)) == 1) {
			/* a UTF-8 byte order mark opening a file is not part of
			   its first record (spreadsheet and Windows exports) */
			if (r.lineno == 1 && len >= 3 && memcmp(text, "\xef\xbb\xbf", 3) == 0) {
				text += 3;
				len -= 3;
			}
			struct sc_line l = {name, r.lineno, text, len, r.no_newline};
			in->file = name;
			in->lineno = r.lineno;
			if (r.too_long) {
				sc_warn("%s:%ld: line too long (over %zu bytes)", name, r.lineno,
					in->max_line);
				if (in->rejects)
					rejects_flush(in);
				in->nrejected++;
				in->status = sc_status_worst(in->status, SC_EX_DATAERR);
				if (in->strict)
					in->stop = 1;
				continue;
			}
			if ((r.lineno & 0x3fff) == 0)
				progress_tick(name, r.lineno);
			if (sc_line_blank(text, len))
				continue;
			rc = cb(ctx, in, &l);
		}
		if (got < 0) {
			sc_warn_error(&e);
			in->status = sc_status_worst(in->status, SC_EX_IOERR);
		}
		sc_reader_release(&r);
		if (!is_stdin)
			close(fd);
	}
	progress_clear();
	return rc;
}

/*
 * The one record loop: every line is scanned once into a struct
 * sc_record (spans for the schema-1 fields, created_at parsed); a line
 * the scanner does not accept goes to sc_json_parse_line for jansson's
 * verdict and message, and one jansson accepts is read through its DOM.
 * The check is sc_record_check's, from the spans.  sc_input_each_record
 * is this loop with the record's DOM handed to the callback.
 */
struct rec_ctx {
	int check;
	sc_rec_cb cb;
	sc_record_cb json_cb;
	void *ctx;
};

static void
reject_parse(struct sc_input *in, const struct sc_line *l, const struct sc_error *e)
{
	if (l->last_no_newline)
		sc_input_reject(in, l->file, l->lineno, l->text, l->len,
				"truncated last line (no newline at end): %s", e->text);
	else
		sc_input_reject(in, l->file, l->lineno, l->text, l->len, "%s", e->text);
}

static int
record_line(void *ctx, struct sc_input *in, const struct sc_line *l)
{
	struct rec_ctx *rc = ctx;
	struct sc_record r;
	struct sc_error e;
	json_t *v;
	int ret;

	sc_error_clear(&e);
	switch (sc_record_read_line(&r, l->text, l->len, rc->check, &e)) {
	case -1:
		reject_parse(in, l, &e);
		return 0;
	case -2:
		sc_input_reject(in, l->file, l->lineno, l->text, l->len, "%s", e.text);
		return 0;
	}
	if (rc->cb) {
		ret = rc->cb(rc->ctx, in, l, &r);
	} else if ((v = sc_record_dom(&r, &e)) == NULL) {
		sc_input_reject(in, l->file, l->lineno, l->text, l->len, "%s", e.text);
		ret = 0;
	} else {
		ret = rc->json_cb(rc->ctx, in, l, v);
	}
	sc_record_release(&r);
	return ret;
}

int
sc_input_each_rec(struct sc_input *in, char **files, int nfiles, int check,
		  sc_rec_cb cb, void *ctx)
{
	struct rec_ctx rc = {check, cb, NULL, ctx};

	return sc_input_each_line(in, files, nfiles, record_line, &rc);
}

int
sc_input_each_record(struct sc_input *in, char **files, int nfiles, int check,
		     sc_record_cb cb, void *ctx)
{
	struct rec_ctx rc = {check, NULL, cb, ctx};

	return sc_input_each_line(in, files, nfiles, record_line, &rc);
}

int
sc_out_fail(const struct sc_out *o)
{
	sc_warn("write error: %s", strerror(o->err ? o->err : EIO));
	return SC_EX_IOERR;
}
