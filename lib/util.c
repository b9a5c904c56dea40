/*
 * util.c - errors, allocation that aborts on out of memory, the growable
 * buffer, the exit-status rule, strict number/size/list parsing and the
 * opening of a program's own files.  Every other file in lib/ builds on
 * these.
 *
 * Parsing is strict on purpose: a value that does not fit is an error,
 * never clamped to the maximum or wrapped ("-1" is not a size, and
 * 99999999999G is not 0).  cmd/cli.c turns these into usage errors for
 * options; loaders turn them into file:line:column errors.
 */
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <limits.h>
#include <stdint.h>
#include <unistd.h>

#include "sc.h"

void
sc_error_clear(struct sc_error *e)
{
	if (e == NULL)
		return;
	e->text[0] = '\0';
	e->source[0] = '\0';
	e->line = e->column = 0;
	e->status = 0;
}

int
sc_error_set(struct sc_error *e, int status, const char *source, long line,
	     long column, const char *fmt, ...)
{
	va_list ap;

	if (e == NULL)
		return -1;
	e->status = status;
	e->line = line;
	e->column = column;
	snprintf(e->source, sizeof(e->source), "%s", source ? source : "");
	va_start(ap, fmt);
	vsnprintf(e->text, sizeof(e->text), fmt, ap);
	va_end(ap);
	return -1;
}

static void
oom(size_t n)
{
	char msg[96];
	int len = snprintf(msg, sizeof(msg), "sc: out of memory (%zu bytes)\n", n);

	if (write(2, msg, (size_t)len) < 0) {
		/* nothing more we can do */
	}
	_exit(SC_EX_OSERR);	/* lint-ok: out of memory (sc.h) */
}

void *
sc_xmalloc(size_t n)
{
	void *p = malloc(n ? n : 1);

	if (p == NULL)
		oom(n);
	return p;
}

void *
sc_xcalloc(size_t n, size_t size)
{
	void *p = calloc(n ? n : 1, size ? size : 1);

	if (p == NULL)
		oom(n * size);
	return p;
}

void *
sc_xrealloc(void *p, size_t n)
{
	void *q = realloc(p, n ? n : 1);

	if (q == NULL)
		oom(n);
	return q;
}

char *
sc_xstrdup(const char *s)
{
	return sc_xstrndup(s, strlen(s));
}

char *
sc_xstrndup(const char *s, size_t n)
{
	char *p = sc_xmalloc(n + 1);

	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

char *
sc_path_new(const char *dir, const char *name)
{
	struct sc_buf b;

	sc_buf_init(&b);
	sc_buf_printf(&b, "%s/%s", dir, name);
	return b.data;
}

void
sc_buf_init(struct sc_buf *b)
{
	b->data = NULL;
	b->len = b->cap = 0;
}

void
sc_buf_release(struct sc_buf *b)
{
	free(b->data);
	sc_buf_init(b);
}

void
sc_buf_reset(struct sc_buf *b)
{
	b->len = 0;
	if (b->data)
		b->data[0] = '\0';
}

void
sc_buf_grow(struct sc_buf *b, size_t extra)
{
	size_t need = b->len + extra + 1;

	if (need <= b->cap)
		return;
	size_t cap = b->cap ? b->cap : 256;
	while (cap < need)
		cap *= 2;
	b->data = sc_xrealloc(b->data, cap);
	b->cap = cap;
}

void
sc_buf_printf(struct sc_buf *b, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0)
		return;
	sc_buf_grow(b, (size_t)n);
	va_start(ap, fmt);
	vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
	va_end(ap);
	b->len += (size_t)n;
}

/* Does the 8-byte word hold a byte below 0x20, a '"' or a '\\'?  (The
   haszero and hasless bit tricks: exact about whether any byte does.) */
static inline int
word_needs_escape(uint64_t w)
{
	const uint64_t ones = 0x0101010101010101ULL, high = 0x8080808080808080ULL;
	uint64_t q = w ^ (ones * '"'), bs = w ^ (ones * '\\');
	uint64_t lt = (w - ones * 0x20) & ~w;
	uint64_t zq = (q - ones) & ~q, zb = (bs - ones) & ~bs;

	return ((lt | zq | zb) & high) != 0;
}

static void
add_json_string(struct sc_buf *b, const char *s, size_t n, const char *hex)
{
	size_t i = 0, run = 0;

	sc_buf_grow(b, n + 2);
	b->data[b->len++] = '"';
	while (i < n) {
		unsigned char c;
		const char *esc = NULL;
		char u[7];

		if (i + 8 <= n) {
			uint64_t w;
			memcpy(&w, s + i, 8);
			if (!word_needs_escape(w)) {
				i += 8;
				continue;
			}
		}
		c = (unsigned char)s[i];
		if (c >= 0x20 && c != '"' && c != '\\') {
			i++;
			continue;
		}
		sc_buf_add(b, s + run, i - run);
		run = i + 1;
		switch (c) {
		case '"': esc = "\\\""; break;
		case '\\': esc = "\\\\"; break;
		case '\n': esc = "\\n"; break;
		case '\r': esc = "\\r"; break;
		case '\t': esc = "\\t"; break;
		case '\b': esc = "\\b"; break;
		case '\f': esc = "\\f"; break;
		default:
			u[0] = '\\'; u[1] = 'u'; u[2] = '0'; u[3] = '0';
			u[4] = hex[c >> 4]; u[5] = hex[c & 15]; u[6] = '\0';
			esc = u;
		}
		sc_buf_adds(b, esc);
		i++;
	}
	sc_buf_add(b, s + run, n - run);
	sc_buf_addc(b, '"');
}

void
sc_buf_add_json_string(struct sc_buf *b, const char *s, size_t n)
{
	add_json_string(b, s, n, "0123456789abcdef");
}

void
sc_buf_add_json_string_j(struct sc_buf *b, const char *s, size_t n)
{
	add_json_string(b, s, n, "0123456789ABCDEF");
}

/* ---- exit statuses ---- */

static int
status_rank(int s)
{
	switch (s) {
	case SC_EX_OK: return 0;
	case SC_EX_DATAERR: return 1;
	case SC_EX_NOINPUT: return 2;
	case SC_EX_TEMPFAIL: return 3;
	case SC_EX_UNAVAILABLE: return 4;
	case SC_EX_CONFIG: return 5;
	case SC_EX_PROTOCOL: return 6;
	case SC_EX_CANTCREAT: return 7;
	case SC_EX_IOERR: return 8;
	case SC_EX_OSERR: return 9;
	case SC_EX_SOFTWARE: return 10;
	case SC_EX_USAGE: return 11;
	default: return 10;	/* anything unexpected counts as internal */
	}
}

int
sc_status_worse(int a, int b)
{
	int ra = status_rank(a), rb = status_rank(b);

	/* equal ranks (only unknown statuses): the larger number, so the
	   result never depends on the order */
	return ra > rb || (ra == rb && a > b);
}

int
sc_status_worst(int a, int b)
{
	return sc_status_worse(b, a) ? b : a;
}

/* ---- strict parsing ---- */

int
sc_parse_long(const char *s, long lo, long hi, long *out)
{
	char *end;
	long v;

	if (s == NULL || *s == '\0' || isspace((unsigned char)*s))
		return -1;
	errno = 0;
	v = strtol(s, &end, 10);
	if (errno != 0 || end == s || *end != '\0' || v < lo || v > hi)
		return -1;
	*out = v;
	return 0;
}

int
sc_parse_size(const char *s, size_t lo, size_t hi, size_t *out)
{
	unsigned long long v = 0, unit = 1;
	const char *p = s;

	if (s == NULL || !isdigit((unsigned char)*s))
		return -1;	/* no sign, no space: "-1" never wraps */
	for (; isdigit((unsigned char)*p); p++) {
		if (v > (ULLONG_MAX - 9) / 10)
			return -1;
		v = v * 10 + (unsigned)(*p - '0');
	}
	switch (*p) {
	case 'k': case 'K': unit = 1024ULL; p++; break;
	case 'm': case 'M': unit = 1024ULL * 1024; p++; break;
	case 'g': case 'G': unit = 1024ULL * 1024 * 1024; p++; break;
	default: break;
	}
	if (*p != '\0' || v > ULLONG_MAX / unit)
		return -1;
	v *= unit;
	if (v < lo || v > hi || v > SIZE_MAX)
		return -1;
	*out = (size_t)v;
	return 0;
}

size_t
sc_list_next(const char **p, const char **item)
{
	const char *s = *p;
	size_t n;

	while (*s == ',' || *s == ';' || isspace((unsigned char)*s))
		s++;
	n = strcspn(s, ",; \t\r\n\f\v");
	*item = s;
	*p = s + n;
	return n;
}

/* ---- the program's own files ---- */

int
sc_open_own(const char *path, int flags, unsigned mode, struct sc_error *e)
{
	int base = (flags & ~(O_CREAT | O_EXCL)) | O_NOFOLLOW | O_CLOEXEC;
	int fd, tries;

	for (tries = 0; tries < 3; tries++) {
		fd = open(path, base);
		if (fd >= 0)
			return fd;
		if (errno == ELOOP || errno == EMLINK)
			return sc_error_set(e, SC_EX_CANTCREAT, path, 0, 0,
					    "is a symbolic link (refused: a program's own file must not be one)");
		if (errno != ENOENT || !(flags & O_CREAT))
			break;
		/* new file: O_EXCL so a dangling link is never followed */
		fd = open(path, base | O_CREAT | O_EXCL, mode);
		if (fd >= 0)
			return fd;
		if (errno != EEXIST)
			break;
		/* it appeared meanwhile, or it is a dangling symbolic link */
		{
			struct stat st;
			if (lstat(path, &st) == 0 && S_ISLNK(st.st_mode))
				return sc_error_set(e, SC_EX_CANTCREAT, path, 0, 0,
						    "is a symbolic link (refused: a program's own file must not be one)");
		}
	}
	return sc_error_set(e, SC_EX_CANTCREAT, path, 0, 0, "%s", strerror(errno));
}

FILE *
sc_fopen_own(const char *path, const char *mode, struct sc_error *e)
{
	int flags, fd;
	FILE *f;

	if (mode[0] == 'a')
		flags = O_WRONLY | O_CREAT | O_APPEND;
	else if (mode[0] == 'w')
		flags = O_WRONLY | O_CREAT | O_TRUNC;
	else
		flags = O_RDONLY;
	if (strchr(mode, '+'))
		flags = (flags & ~O_WRONLY) | O_RDWR;
	fd = sc_open_own(path, flags, 0666, e);
	if (fd < 0)
		return NULL;
	f = fdopen(fd, mode);
	if (f == NULL) {
		sc_error_set(e, SC_EX_OSERR, path, 0, 0, "%s", strerror(errno));
		close(fd);
	}
	return f;
}

int
sc_line_blank(const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (s[i] != ' ' && s[i] != '\t' && s[i] != '\r')
			return 0;
	return 1;
}

/* ---- text that reaches a terminal ---- */

/* C0 controls, DEL, and C1 controls (U+0080..U+009F, 0xC2 0x80..0x9F). */
static size_t
control_at(const char *s, size_t n, size_t i)
{
	unsigned char c = (unsigned char)s[i];

	if (c < 0x20 || c == 0x7f)
		return 1;
	if (c == 0xc2 && i + 1 < n && (unsigned char)s[i + 1] >= 0x80 &&
	    (unsigned char)s[i + 1] <= 0x9f)
		return 2;
	return 0;
}

void
sc_buf_add_escaped(struct sc_buf *b, const char *s, size_t n)
{
	static const char hex[] = "0123456789abcdef";
	size_t i, run = 0, k;

	for (i = 0; i < n; i += k ? k : 1) {
		char u[8];
		k = control_at(s, n, i);
		if (k == 0)
			continue;
		sc_buf_add(b, s + run, i - run);
		if (k == 2) {
			unsigned char c = (unsigned char)s[i + 1];
			snprintf(u, sizeof(u), "\\u00%c%c", hex[c >> 4], hex[c & 15]);
		} else if (s[i] == '\t') {
			snprintf(u, sizeof(u), "\\t");
		} else if (s[i] == '\n') {
			snprintf(u, sizeof(u), "\\n");
		} else if (s[i] == '\r') {
			snprintf(u, sizeof(u), "\\r");
		} else {
			unsigned char c = (unsigned char)s[i];
			snprintf(u, sizeof(u), "\\x%c%c", hex[c >> 4], hex[c & 15]);
		}
		sc_buf_adds(b, u);
		run = i + k;
	}
	sc_buf_add(b, s + run, n - run);
	if (b->data == NULL)
		sc_buf_add(b, "", 0);
}

void
sc_str_blank_controls(char *s)
{
	size_t n = strlen(s), i, k;

	for (i = 0; i < n; i += k ? k : 1)
		if ((k = control_at(s, n, i)) != 0)
			memset(s + i, ' ', k);
}
