/*
 * util.c - errors, allocation that aborts on out of memory, the growable
 * buffer.  Every other file in lib/ builds on these.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
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
	_exit(SC_EX_OSERR);
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
sc_buf_add(struct sc_buf *b, const void *p, size_t n)
{
	sc_buf_grow(b, n);
	if (n)
		memcpy(b->data + b->len, p, n);
	b->len += n;
	b->data[b->len] = '\0';
}

void
sc_buf_adds(struct sc_buf *b, const char *s)
{
	sc_buf_add(b, s, strlen(s));
}

void
sc_buf_addc(struct sc_buf *b, char c)
{
	sc_buf_grow(b, 1);
	b->data[b->len++] = c;
	b->data[b->len] = '\0';
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

void
sc_buf_add_json_string(struct sc_buf *b, const char *s, size_t n)
{
	static const char hex[] = "0123456789abcdef";
	size_t i, run = 0;

	sc_buf_grow(b, n + 2);
	sc_buf_addc(b, '"');
	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		const char *esc = NULL;
		char u[7];

		if (c >= 0x20 && c != '"' && c != '\\')
			continue;
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
	}
	sc_buf_add(b, s + run, n - run);
	sc_buf_addc(b, '"');
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
