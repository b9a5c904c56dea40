/*
 * record.c - the record layer over the scanner.
 *
 * Design.  A schema-1 record is read once: sc_record_scan() runs the
 * validating scanner (scan.c) over the line with one spec naming every
 * field a filter reads (sc, id, kind, platform, profile, thread_id,
 * parent_id, created_at, text, visibility, author.{id,name,is_brand},
 * triage, reply, lang, case, agent, ad, rating, template, variant), so a filter gets borrowed spans and the parsed
 * created_at without building a DOM; sc_record_dom() builds one, from the
 * scanner, only for code that still needs a json_t.  sc_record_check_spans
 * gives exactly sc_record_check's verdicts and messages (the unit tests
 * compare the two on the same lines).  A line the scanner does not accept
 * but jansson does (deeper than the scanner goes, a NUL after a number)
 * is taken through its DOM: sc_record_from_dom dumps it compactly into a
 * buffer the record owns and scans that.
 *
 * sc_splice() is how a program writes a record it does not own: the
 * original bytes, with only its own members replaced in place or added at
 * the end, so numbers, escapes and key order of everything else survive
 * byte for byte (sc(7), THE RECORD); a member the program removed is
 * taken out with one comma next to it.  Whitespace between tokens is dropped
 * (records are compact lines, as a dump would make them); a key that
 * comes twice outside the program's own members is kept twice.  It
 * refuses (returns -1, the caller writes the DOM as before) whenever the
 * bytes cannot be kept safely: a line the scanner rejects, a
 * pretty-printed document holding newlines, a duplicated own key.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "record.h"

static const struct sc_scan_field author_fields[] = {
	{"id", SC_R_AUTHOR_ID, NULL},
	{"name", SC_R_AUTHOR_NAME, NULL},
	{"is_brand", SC_R_AUTHOR_BRAND, NULL},
};
static const struct sc_scan_spec author_spec = {author_fields, 3};
static const struct sc_scan_field record_fields[] = {
	{"sc", SC_R_SC, NULL},
	{"id", SC_R_ID, NULL},
	{"kind", SC_R_KIND, NULL},
	{"platform", SC_R_PLATFORM, NULL},
	{"profile", SC_R_PROFILE, NULL},
	{"thread_id", SC_R_THREAD, NULL},
	{"parent_id", SC_R_PARENT, NULL},
	{"created_at", SC_R_CREATED, NULL},
	{"text", SC_R_TEXT, NULL},
	{"visibility", SC_R_VISIBILITY, NULL},
	{"author", SC_R_AUTHOR, &author_spec},
	{"triage", SC_R_TRIAGE, NULL},
	{"reply", SC_R_REPLY, NULL},
	{"lang", SC_R_LANG, NULL},
	{"case", SC_R_CASE, NULL},
	{"agent", SC_R_AGENT, NULL},
	{"ad", SC_R_AD, NULL},
	{"rating", SC_R_RATING, NULL},
	{"template", SC_R_TEMPLATE, NULL},
	{"variant", SC_R_VARIANT, NULL},
};
#define NFIELDS ((int)(sizeof(record_fields) / sizeof(record_fields[0])))
static const struct sc_scan_spec record_spec = {record_fields, NFIELDS};

static void
parse_created(struct sc_record *r)
{
	char buf[64];
	const char *s = sc_record_str(r, SC_R_CREATED, buf, sizeof(buf));

	r->has_t = s != NULL && sc_time_parse(s, &r->t) == 0;
}

int
sc_record_scan(struct sc_record *r, const char *line, size_t len)
{
	unsigned fl = 0;

	memset(r, 0, sizeof(*r));
	r->line = r->src = line;
	r->len = r->src_len = len;
	r->nmembers = sc_scan_ex(line, len, &record_spec, r->f, SC_R_NSLOTS, &fl);
	r->spaced = (fl & SC_SCAN_SPACED) != 0;
	if (r->nmembers < 0)
		return -1;
	parse_created(r);
	return 0;
}

int
sc_record_from_dom(struct sc_record *r, json_t *v)
{
	char *text;

	memset(r, 0, sizeof(*r));
	if (!json_is_object(v))
		return -1;
	text = json_dumps(v, JSON_COMPACT | JSON_PRESERVE_ORDER);
	if (text == NULL)
		return -1;
	if (sc_record_scan(r, text, strlen(text)) < 0) {
		free(text);
		memset(r, 0, sizeof(*r));
		return -1;
	}
	r->own = text;
	r->dom = json_incref(v);
	return 0;
}

void
sc_record_release(struct sc_record *r)
{
	json_decref(r->dom);
	free(r->own);
	memset(r, 0, sizeof(*r));
}

json_t *
sc_record_dom(struct sc_record *r, struct sc_error *e)
{
	if (r->dom == NULL)
		r->dom = sc_scan_dom(r->line, r->len);
	if (r->dom == NULL)
		sc_error_set(e, SC_EX_SOFTWARE, NULL, 0, 0, "record could not be built");
	return r->dom;
}

int
sc_record_read_line(struct sc_record *r, const char *text, size_t len, int check,
		    struct sc_error *e)
{
	json_t *v;

	if (sc_json_use_jansson() || sc_record_scan(r, text, len) < 0) {
		if ((v = sc_json_parse_line(text, len, e)) == NULL) {
			memset(r, 0, sizeof(*r));
			return -1;
		}
		if (sc_record_from_dom(r, v) < 0) {
			/* deeper than the scanner goes: the DOM alone */
			memset(r, 0, sizeof(*r));
			r->nmembers = -1;
			r->dom = json_incref(v);
		}
		json_decref(v);
		r->src = text;
		r->src_len = len;
	}
	if (check && (r->nmembers < 0 ? sc_record_check(r->dom, e)
				      : sc_record_check_spans(r, e)) < 0) {
		sc_record_release(r);
		return -2;
	}
	return 0;
}

int
sc_record_read_fd(int fd, const char *name, size_t max_line, int check,
		  sc_rec_read_cb cb, sc_rec_bad_cb bad, void *ctx, struct sc_error *e)
{
	struct sc_reader rd;
	const char *text;
	size_t len;
	int got, rc = 0;

	sc_reader_init(&rd, fd, name, max_line);
	while (rc == 0 && (got = sc_reader_next(&rd, &text, &len, e)) == 1) {
		struct sc_record r;
		struct sc_error le;
		char why[64];

		if (rd.lineno == 1 && len >= 3 && memcmp(text, "\xef\xbb\xbf", 3) == 0) {
			text += 3;
			len -= 3;
		}
		if (rd.too_long) {
			snprintf(why, sizeof(why), "line too long (over %zu bytes)", rd.max_line);
			if (bad)
				bad(ctx, rd.lineno, why);
			continue;
		}
		if (sc_line_blank(text, len))
			continue;
		sc_error_clear(&le);
		if (sc_record_read_line(&r, text, len, check, &le) < 0) {
			if (bad)
				bad(ctx, rd.lineno, le.text);
			continue;
		}
		rc = cb(ctx, rd.lineno, &r);
		sc_record_release(&r);
	}
	sc_reader_release(&rd);
	if (rc == 0 && got < 0)
		return -1;
	return rc;
}

json_t *
sc_record_pick(struct sc_record *r, unsigned long mask)
{
	json_t *o;
	int i;

	if (r->dom != NULL)
		return json_incref(r->dom);
	o = json_object();
	/* line order does not matter: a picked object is read (and spliced
	   from), never written whole */
	for (i = 0; i < NFIELDS; i++) {
		const struct sc_span *sp = &r->f[record_fields[i].slot];
		json_t *v;
		if (!(mask & SC_R_BIT(record_fields[i].slot)) || sp->type == SC_JNONE)
			continue;
		if ((v = sc_span_dom(sp)) == NULL) {
			json_decref(o);
			return NULL;
		}
		json_object_set_new_nocheck(o, record_fields[i].name, v);
	}
	return o;
}

const char *
sc_record_str(const struct sc_record *r, int k, char *buf, size_t cap)
{
	const struct sc_span *s = &r->f[k];

	if (s->type != SC_JSTRING || s->len >= cap)
		return NULL;
	buf[sc_span_decode(s, buf)] = '\0';
	return buf;
}

static int
need_string(const struct sc_record *r, int k, const char *key, struct sc_error *e)
{
	if (r->f[k].type == SC_JNONE)
		return sc_error_set(e, SC_EX_DATAERR, NULL, 0, 0, "record has no \"%s\"", key);
	if (r->f[k].type != SC_JSTRING || r->f[k].len == 0)
		return sc_error_set(e, SC_EX_DATAERR, NULL, 0, 0,
				    "record field \"%s\" must be a non-empty string", key);
	return 0;
}

int
sc_record_check_spans(struct sc_record *r, struct sc_error *e)
{
	const struct sc_span *sc = &r->f[SC_R_SC];

	if (sc->type != SC_JINT || sc->i != 1) {
		if (sc_span_eq(sc, "raw"))
			return sc_error_set(e, SC_EX_DATAERR, NULL, 0, 0,
					    "raw sc-fetch envelope, not a record (run sc-normalize first)");
		return sc_error_set(e, SC_EX_DATAERR, NULL, 0, 0,
				    "not an sc record (\"sc\" must be 1)");
	}
	if (need_string(r, SC_R_ID, "id", e) < 0 || need_string(r, SC_R_KIND, "kind", e) < 0 ||
	    need_string(r, SC_R_CREATED, "created_at", e) < 0)
		return -1;
	if (!r->has_t) {
		char *s = sc_span_strdup(&r->f[SC_R_CREATED]);
		sc_error_set(e, SC_EX_DATAERR, NULL, 0, 0, "bad created_at \"%s\"", s);
		free(s);
		return -1;
	}
	{
		char *s = sc_span_strdup(&r->f[SC_R_CREATED]);
		int ok = sc_time_is_utc(s);
		if (!ok)
			sc_error_set(e, SC_EX_DATAERR, NULL, 0, 0, SC_NOT_UTC_FMT, s);
		free(s);
		if (!ok)
			return -1;
	}
	/* status and survey records carry no message (sc(7)) */
	if (sc_span_eq(&r->f[SC_R_KIND], "status") || sc_span_eq(&r->f[SC_R_KIND], "survey"))
		return 0;
	if (need_string(r, SC_R_PLATFORM, "platform", e) < 0)
		return -1;
	if (r->f[SC_R_TEXT].type != SC_JSTRING)
		return sc_error_set(e, SC_EX_DATAERR, NULL, 0, 0, "record has no \"text\" string");
	if (r->f[SC_R_AUTHOR].type != SC_JOBJECT)
		return sc_error_set(e, SC_EX_DATAERR, NULL, 0, 0,
				    "record has no \"author\" object");
	return 0;
}

#define SPLICE_MAX 8

static int
is_ws(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

/*
 * Append [p, p+n) of a validated line without the whitespace between
 * tokens (strings are copied as they are, escapes included), so a spliced
 * record is as compact as a dump while every token stays as written.  A
 * line the scan found no whitespace in is copied whole.
 */
static void
add_tokens(struct sc_buf *b, const char *p, size_t n, int spaced)
{
	const char *end = p + n, *run = p;

	if (!spaced) {
		sc_buf_add(b, p, n);
		return;
	}
	while (p < end) {
		if (*p == '"') {
			for (p++; p < end && *p != '"'; p++)
				if (*p == '\\')
					p++;
			p++;
		} else if (is_ws(*p)) {
			sc_buf_add(b, run, (size_t)(p - run));
			while (p < end && is_ws(*p))
				p++;
			run = p;
		} else {
			p++;
		}
	}
	if (end > run)
		sc_buf_add(b, run, (size_t)(end - run));
}

/*
 * The splice proper, once the spans of keys in line are known (sp[i] for
 * keys[i], nmem members in the top object; spaced: whitespace between
 * tokens, else the bytes between members are copied whole).
 */
static int
splice_spans(struct sc_buf *b, const char *line, size_t len, int nmem, int spaced,
	     const struct sc_span *const *sp, const json_t *rec, const char *const *keys,
	     int nkeys)
{
	int order[SPLICE_MAX], i, j, m;
	size_t save;
	const char *s = line, *end = line + len, *pos;

	m = 0;
	for (i = 0; i < nkeys; i++) {
		if (sp[i]->dup)
			return -1;
		if (sp[i]->type == SC_JNONE)
			continue;
		/* insertion by position in the line */
		for (j = m; j > 0 && sp[order[j - 1]]->p > sp[i]->p; j--)
			order[j] = order[j - 1];
		order[j] = i;
		m++;
	}
	while (s < end && is_ws(*s))
		s++;
	while (end > s && is_ws(end[-1]))
		end--;
	pos = s;
	save = b->len;
	for (j = 0; j < m; j++) {
		const struct sc_span *v = sp[order[j]];
		const json_t *nv = json_object_get(rec, keys[order[j]]);
		const char *from = v->type == SC_JSTRING ? v->p - 1 : v->p;
		if (nv != NULL) {
			add_tokens(b, pos, (size_t)(from - pos), spaced);
			sc_buf_add_json(b, nv);
			pos = sc_span_end(v);
			continue;
		}
		/* removed: the member and one comma next to it */
		add_tokens(b, pos, (size_t)(v->member - pos), spaced);
		pos = sc_span_end(v);
		while (pos < end && is_ws(*pos))
			pos++;
		if (*pos == ',')
			pos++;
		else if (b->len > save && b->data[b->len - 1] == ',')
			b->len--;
		nmem--;
	}
	add_tokens(b, pos, (size_t)(end - 1 - pos), spaced);	/* up to the closing brace */
	for (i = 0; i < nkeys; i++) {
		const json_t *v = json_object_get(rec, keys[i]);
		if (sp[i]->type != SC_JNONE || v == NULL)
			continue;
		if (nmem++ > 0)
			sc_buf_addc(b, ',');
		sc_buf_add_json_string(b, keys[i], strlen(keys[i]));
		sc_buf_addc(b, ':');
		sc_buf_add_json(b, v);
	}
	sc_buf_addc(b, '}');
	return 0;
}

int
sc_splice(struct sc_buf *b, const char *line, size_t len, const json_t *rec,
	  const char *const *keys, int nkeys)
{
	struct sc_scan_field f[SPLICE_MAX];
	struct sc_scan_spec spec = {f, nkeys};
	struct sc_span sp[SPLICE_MAX];
	const struct sc_span *psp[SPLICE_MAX];
	int i, nmem, spaced;
	unsigned fl = 0;

	if (line == NULL || nkeys > SPLICE_MAX || memchr(line, '\n', len) != NULL)
		return -1;
	for (i = 0; i < nkeys; i++) {
		f[i].name = keys[i];
		f[i].slot = i;
		f[i].sub = NULL;
		psp[i] = &sp[i];
	}
	nmem = sc_scan_ex(line, len, &spec, sp, nkeys, &fl);
	if (nmem < 0)
		return -1;
	spaced = (fl & SC_SCAN_SPACED) != 0;
	return splice_spans(b, line, len, nmem, spaced, psp, rec, keys, nkeys);
}

int
sc_record_dup(const struct sc_record *r, int k)
{
	struct sc_scan_field f;
	struct sc_scan_spec spec = {&f, 1};
	struct sc_span sp;
	int i;

	if (r->own == NULL && r->nmembers >= 0)
		return r->f[k].dup;
	if (r->src == NULL)
		return 1;
	for (i = 0; i < NFIELDS && record_fields[i].slot != k; i++)
		;
	if (i == NFIELDS)
		return 1;
	f = record_fields[i];
	f.sub = NULL;
	f.slot = 0;
	if (sc_scan(r->src, r->src_len, &spec, &sp, 1) < 0)
		return 1;
	return sp.dup;
}

int
sc_record_splice(struct sc_buf *b, const struct sc_record *r, const json_t *rec,
		 const char *const *keys, int nkeys)
{
	const struct sc_span *psp[SPLICE_MAX];
	int i, k;

	/* a record read through jansson: its line is a dump, not the input */
	if (r->own != NULL || r->nmembers < 0 || r->line == NULL)
		return r->src && r->src != r->line ? sc_splice(b, r->src, r->src_len, rec, keys, nkeys)
						   : -1;
	if (nkeys > SPLICE_MAX || memchr(r->line, '\n', r->len) != NULL)
		return -1;
	for (i = 0; i < nkeys; i++) {
		for (k = 0; k < NFIELDS; k++)
			if (strcmp(record_fields[k].name, keys[i]) == 0)
				break;
		if (k == NFIELDS)	/* not a member the record scan finds */
			return sc_splice(b, r->line, r->len, rec, keys, nkeys);
		psp[i] = &r->f[record_fields[k].slot];
	}
	return splice_spans(b, r->line, r->len, r->nmembers, r->spaced, psp, rec, keys, nkeys);
}
