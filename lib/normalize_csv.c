/*
 * normalize_csv.c - CSV exports with a column map, and the public
 * "Customer Support on Twitter" (twcs) layout.
 *
 * CSV is one pass through libcsv (lib/csv.c): the header row names the
 * columns, --map says which column is which field.  A row with another
 * number of fields than the header, invalid UTF-8, no id or a bad time is
 * rejected with its first line and its raw bytes.
 *
 * twcs needs the whole file: a customer tweet belongs to the brand that
 * answered it (its earliest direct brand reply, else the first brand tweet
 * at or after it in its thread), or else the brand it addresses, and that
 * answer may come later in the file.  Pass 1 keeps per tweet its id,
 * parent, time, brand (or customer author hash); between the passes come
 * chain roots, direct answers and each thread's brand tweets in time
 * order - about 130 bytes a tweet with the indexes (42 MB measured for
 * 300,000 tweets); pass 2 reads the file again and writes records in file
 * order.  stdin (or any unseekable input) is first spooled to an
 * unlinked temporary file in $TMPDIR.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "normalize_int.h"

static int
feed_fd(struct sc_csv *p, int fd, const char *pre, size_t prelen, struct sc_error *e,
	const char *name, size_t chunk)
{
	char buf[64 * 1024];
	int rc;

	if (chunk == 0 || chunk > sizeof(buf))
		chunk = sizeof(buf);
	if (prelen && (rc = sc_csv_feed(p, pre, prelen, e)) != 0)
		return rc;
	while (fd >= 0) {
		ssize_t got = read(fd, buf, chunk);
		if (got < 0 && errno == EINTR)
			continue;
		if (got < 0)
			return sc_error_set(e, SC_EX_IOERR, name, 0, 0, "read error: %s",
					    strerror(errno));
		if (got == 0)
			break;
		if ((rc = sc_csv_feed(p, buf, (size_t)got, e)) != 0)
			return rc;
	}
	return sc_csv_finish(p, e);
}

static int
bool_cell(const char *s, int *v)
{
	if (!strcasecmp(s, "true") || !strcmp(s, "1") || !strcasecmp(s, "yes") || !strcasecmp(s, "t")) {
		*v = 1;
		return 0;
	}
	if (!strcasecmp(s, "false") || !strcmp(s, "0") || !strcasecmp(s, "no") || !strcasecmp(s, "f")) {
		*v = 0;
		return 0;
	}
	return -1;
}

static long
bad_utf8_field(const struct sc_csv_row *row)
{
	size_t i;

	for (i = 0; i < row->nfields; i++)
		if (sc_utf8_invalid_at(row->fields[i], strlen(row->fields[i])) >= 0)
			return (long)i;
	return -1;
}

/* ---- generic CSV ---- */

struct csvrun {
	struct sc_norm *n;
	int col[SC_MAP_N];
	size_t ncols;
	int header_done;
	int bad_header;
};

static const char *map_names[SC_MAP_N] = {
	"id", "text", "created_at", "author", "author_name", "thread_id", "parent_id",
	"kind", "visibility", "profile", "lang", "url", "rating", "is_brand", "agent"
};

#define row_reject(n, row, ...) \
	sc_norm_reject((n), (row)->line, (row)->raw, (row)->rawlen, __VA_ARGS__)

/* A quote left open swallows the rest of the input into one field. */
static const char *
ragged_why(const struct sc_csv_row *row)
{
	size_t i, q = 0;

	for (i = 0; i < row->rawlen; i++)
		q += row->raw[i] == '"';
	return q % 2 ? "unterminated quoted field: " : "";
}

static const char *
cell(const struct csvrun *cr, const struct sc_csv_row *row, int f)
{
	int c = cr->col[f];

	if (c < 0 || (size_t)c >= row->nfields)
		return NULL;
	return row->fields[c];
}

static const char *
opt(const char *s)
{
	return s && *s ? s : NULL;
}

static int
csv_row(void *ctx, const struct sc_csv_row *row)
{
	struct csvrun *cr = ctx;
	struct sc_norm *n = cr->n;
	struct sc_norm_rec r;
	struct sc_norm_ctx c;
	const char *s;
	long bad;
	int f, b;

	if (n->stop || n->failed)
		return 1;
	n->lineno = row->line;
	if (!cr->header_done) {
		size_t i;
		cr->header_done = 1;
		cr->ncols = row->nfields;
		for (f = 0; f < SC_MAP_N; f++) {
			cr->col[f] = -1;
			if (n->o.map[f] == NULL)
				continue;
			for (i = 0; i < row->nfields; i++)
				if (strcmp(row->fields[i], n->o.map[f]) == 0)
					cr->col[f] = (int)i;
			if (cr->col[f] < 0) {
				row_reject(n, row, "header has no column \"%s\" (--map %s=%s)",
					   n->o.map[f], map_names[f], n->o.map[f]);
				cr->bad_header = 1;
				return 1;
			}
		}
		return 0;
	}
	n->nin++;
	if (row->nfields != cr->ncols) {
		row_reject(n, row, "%sragged row: %zu fields, the header has %zu", ragged_why(row),
			   row->nfields, cr->ncols);
		return n->stop;
	}
	if ((bad = bad_utf8_field(row)) >= 0) {
		row_reject(n, row, "invalid UTF-8 in column %ld", bad + 1);
		return n->stop;
	}
	memset(&c, 0, sizeof(c));
	c.item_index = -1;
	c.profile = opt(cell(cr, row, SC_MAP_PROFILE));
	sc_norm_rec_init(&r, &c, n->o.platform ? n->o.platform : "csv");
	r.id = opt(cell(cr, row, SC_MAP_ID));
	if (r.id == NULL) {
		row_reject(n, row, "empty id");
		return n->stop;
	}
	s = cell(cr, row, SC_MAP_CREATED);
	if (s == NULL || *s == '\0') {
		row_reject(n, row, "empty created_at");
		return n->stop;
	}
	if (sc_time_parse(s, &r.created) < 0) {
		row_reject(n, row, "bad created_at \"%.40s\"", s);
		return n->stop;
	}
	r.text = cell(cr, row, SC_MAP_TEXT);
	r.author_id = opt(cell(cr, row, SC_MAP_AUTHOR));
	r.author_name = opt(cell(cr, row, SC_MAP_AUTHOR_NAME));
	r.thread = opt(cell(cr, row, SC_MAP_THREAD));
	r.parent = opt(cell(cr, row, SC_MAP_PARENT));
	if ((s = opt(cell(cr, row, SC_MAP_KIND))) != NULL)
		r.kind = s;
	if ((s = opt(cell(cr, row, SC_MAP_VISIBILITY))) != NULL)
		r.visibility = s;
	r.lang = opt(cell(cr, row, SC_MAP_LANG));
	r.url = opt(cell(cr, row, SC_MAP_URL));
	r.agent = opt(cell(cr, row, SC_MAP_AGENT));
	if ((s = opt(cell(cr, row, SC_MAP_RATING))) != NULL) {
		char *end;
		long v = strtol(s, &end, 10);
		if (*end || v < 1 || v > 5) {
			row_reject(n, row, "bad rating \"%.20s\" (want 1-5)", s);
			return n->stop;
		}
		r.rating = (int)v;
	}
	if ((s = opt(cell(cr, row, SC_MAP_IS_BRAND))) != NULL) {
		if (bool_cell(s, &b) < 0) {
			row_reject(n, row, "bad is_brand \"%.20s\" (want true or false)", s);
			return n->stop;
		}
		r.is_brand = b;
	}
	r.account = r.is_brand == 1 ? r.author_id : NULL;
	sc_norm_emit(n, &r);
	return n->stop || n->failed;
}

/* A row with bad quoting (lib/csv.c recovery): rejected whole, the
   file goes on.  A bad header row ends the file as a missing column does. */
static int
bad_csv_row(struct sc_norm *n, int header, long line, long column, const char *raw,
	    size_t len, const char *why)
{
	if (n->stop || n->failed)
		return 1;
	if (column > 0)
		sc_norm_reject(n, line, raw, len, "column %ld: %s", column, why);
	else
		sc_norm_reject(n, line, raw, len, "%s", why);
	return header || n->stop;
}

static int
csv_bad(void *ctx, long line, long column, const char *raw, size_t len, const char *why)
{
	struct csvrun *cr = ctx;

	if (!cr->header_done) {
		cr->header_done = 1;
		cr->bad_header = 1;
		return bad_csv_row(cr->n, 1, line, column, raw, len, why);
	}
	cr->n->nin++;
	return bad_csv_row(cr->n, 0, line, column, raw, len, why);
}

int
sc_norm_csv_fd(struct sc_norm *n, int fd, const char *name)
{
	struct csvrun cr;
	struct sc_csv *p;
	struct sc_error e;
	int rc;

	memset(&cr, 0, sizeof(cr));
	cr.n = n;
	n->file = name;
	p = sc_csv_new(',', csv_row, &cr);
	sc_csv_recover(p, n->o.max_line, n->overflow, csv_bad);
	sc_error_clear(&e);
	rc = feed_fd(p, fd, NULL, 0, &e, name, n->o.read_chunk);
	sc_csv_free(p);
	if (rc < 0) {
		if (e.status == SC_EX_IOERR) {
			n->failed = 1;
			n->err = e;
		} else {
			char why[sizeof(e.text) + 32];
			/* the reject line is "file:line: reason": name the column */
			if (e.column > 0)
				snprintf(why, sizeof(why), "column %ld: %s", e.column, e.text);
			else
				snprintf(why, sizeof(why), "%s", e.text);
			n->nrejected++;
			if (n->reject && n->reject(n->reject_ctx, name, e.line, "", 0, why))
				n->stop = 1;
		}
	}
	if (n->stop && !n->failed)
		sc_error_set(&n->err, SC_EX_DATAERR, name, n->lineno, 0, "stopped (--strict)");
	return n->failed || n->stop ? -1 : 0;
}

/* ---- twcs ---- */

enum { T_ID, T_AUTHOR, T_INBOUND, T_CREATED, T_TEXT, T_RESP, T_INRESP, T_N };
static const char *twcs_cols[T_N] = {
	"tweet_id", "author_id", "inbound", "created_at", "text", "response_tweet_id",
	"in_response_to_tweet_id"
};

struct twcs {
	struct sc_norm *n;
	int pass;
	int col[T_N];
	size_t ncols;
	int header_done, bad_header;
	/* pass 1 */
	size_t nrows, cap;
	uint64_t *id, *parent, *auth, *root;
	int64_t *t;			/* created_at */
	int32_t *brand;			/* brand index of an outbound tweet, else -1 */
	int32_t *direct;		/* row of the earliest brand reply to a row, or -1 */
	int32_t *byth;			/* brand rows sorted by (thread, time, row) */
	size_t nbyth;
	struct sc_set64 thidx;		/* thread -> its run in byth */
	struct sc_set64 idx;		/* tweet id -> row + 1 */
	char **brands;			/* brand handles */
	size_t nbrands, capbrands;
	struct sc_set64 bidx;		/* hash(handle) -> index + 1 */
	size_t row;			/* pass 2 row counter */
};

static uint64_t
tw_num(const char *s)
{
	uint64_t v = 0;
	int digits = 0;

	for (; *s >= '0' && *s <= '9'; s++, digits++)
		v = v * 10 + (uint64_t)(*s - '0');
	if (*s == '.') {	/* pandas wrote "3.0" */
		s++;
		while (*s == '0')
			s++;
	}
	return digits && *s == '\0' ? v : 0;
}

static int
tw_inbound(const char *s, int *v)
{
	return bool_cell(s, v);
}

static int32_t
brand_index(struct twcs *t, const char *handle, int add)
{
	uint64_t h = sc_hash64(handle, strlen(handle)), *v;
	size_t i;

	if (sc_set64_get(&t->bidx, h, &v))
		return (int32_t)*v - 1;
	if (!add)
		return -1;
	if (t->nbrands == t->capbrands) {
		t->capbrands = t->capbrands ? t->capbrands * 2 : 16;
		t->brands = sc_xrealloc(t->brands, t->capbrands * sizeof(char *));
	}
	i = t->nbrands++;
	t->brands[i] = sc_xstrdup(handle);
	sc_set64_put(&t->bidx, h, &v);
	*v = i + 1;
	return (int32_t)i;
}

static int
twcs_header(struct twcs *t, const struct sc_csv_row *row)
{
	size_t i;
	int f;

	t->header_done = 1;
	t->ncols = row->nfields;
	for (f = 0; f < T_N; f++) {
		t->col[f] = -1;
		for (i = 0; i < row->nfields; i++)
			if (strcmp(row->fields[i], twcs_cols[f]) == 0)
				t->col[f] = (int)i;
		if (t->col[f] < 0 && f != T_RESP) {
			if (t->pass == 2)
				row_reject(t->n, row, "not a twcs header: no column \"%s\"", twcs_cols[f]);
			t->bad_header = 1;
			return 1;
		}
	}
	return 0;
}

static const char *
tcell(const struct twcs *t, const struct sc_csv_row *row, int f)
{
	return t->col[f] >= 0 && (size_t)t->col[f] < row->nfields ? row->fields[t->col[f]] : "";
}

static int
twcs_pass1(void *ctx, const struct sc_csv_row *row)
{
	struct twcs *t = ctx;
	uint64_t id, *v;
	int64_t when;
	int inb;
	size_t i;

	if (!t->header_done)
		return twcs_header(t, row);
	if (row->nfields != t->ncols || (id = tw_num(tcell(t, row, T_ID))) == 0 ||
	    tw_inbound(tcell(t, row, T_INBOUND), &inb) < 0)
		return 0;	/* pass 2 rejects it */
	if (t->nrows == t->cap) {
		t->cap = t->cap ? t->cap * 2 : 1024;
		t->id = sc_xrealloc(t->id, t->cap * sizeof(uint64_t));
		t->parent = sc_xrealloc(t->parent, t->cap * sizeof(uint64_t));
		t->auth = sc_xrealloc(t->auth, t->cap * sizeof(uint64_t));
		t->brand = sc_xrealloc(t->brand, t->cap * sizeof(int32_t));
		t->t = sc_xrealloc(t->t, t->cap * sizeof(int64_t));
	}
	if (sc_time_parse(tcell(t, row, T_CREATED), &when) < 0)
		return 0;	/* pass 2 rejects it */
	i = t->nrows++;
	t->t[i] = when;
	t->id[i] = id;
	t->parent[i] = tw_num(tcell(t, row, T_INRESP));
	t->auth[i] = sc_hash64(tcell(t, row, T_AUTHOR), strlen(tcell(t, row, T_AUTHOR)));
	t->brand[i] = inb ? -1 : brand_index(t, tcell(t, row, T_AUTHOR), 1);
	if (sc_set64_put(&t->idx, id, &v))
		*v = i + 1;
	return 0;
}

static int
twcs_bad(void *ctx, long line, long column, const char *raw, size_t len, const char *why)
{
	struct twcs *t = ctx;
	int header = !t->header_done;

	if (header) {
		t->header_done = 1;
		t->bad_header = 1;
	}
	if (t->pass == 1)
		return header;	/* pass 2 rejects it */
	if (!header)
		t->n->nin++;
	return bad_csv_row(t->n, header, line, column, raw, len, why);
}

static long
row_of(const struct twcs *t, uint64_t id)
{
	uint64_t *v;

	if (id && sc_set64_get(&t->idx, id, &v))
		return (long)*v - 1;
	return -1;
}

/* The chain root of row i (the rules of sc_norm_x_thread, over the whole file). */
static uint64_t
twcs_root(struct twcs *t, size_t i, int depth)
{
	long p;
	uint64_t r;

	if (t->root[i])
		return t->root[i];
	p = row_of(t, t->parent[i]);
	if (depth > 5000)
		r = t->id[i];
	else if (t->brand[i] >= 0)
		r = t->parent[i] == 0 ? UINT64_MAX : p < 0 ? t->parent[i] :
		    twcs_root(t, (size_t)p, depth + 1);
	else if (p < 0)
		r = t->id[i];
	else if (t->brand[p] >= 0) {
		/* a reply to a brand answer: mine only if it answered me */
		long pp = row_of(t, t->parent[p]);
		r = twcs_root(t, (size_t)p, depth + 1);
		if (r == UINT64_MAX || (pp >= 0 && t->brand[pp] < 0 && t->auth[pp] != t->auth[i]))
			r = t->id[i];
	} else if (t->auth[p] == t->auth[i])
		r = twcs_root(t, (size_t)p, depth + 1);
	else
		r = t->id[i];
	t->root[i] = r;
	return r;
}

/* The brand a customer tweet is addressed to: an @handle in its text. */
static int32_t
addressed(struct twcs *t, const char *text)
{
	const char *p = text;

	while ((p = strchr(p, '@')) != NULL) {
		char h[64];
		size_t k = 0;
		p++;
		while (k + 1 < sizeof(h) && ((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') ||
					     (*p >= '0' && *p <= '9') || *p == '_'))
			h[k++] = *p++;
		h[k] = '\0';
		if (k == 0)
			continue;
		for (size_t b = 0; b < t->nbrands; b++)
			if (strcasecmp(t->brands[b], h) == 0)
				return (int32_t)b;
	}
	return -1;
}

/* The thread of row i: its chain root, or its own id (a brand post). */
static uint64_t
twcs_thread(struct twcs *t, size_t i)
{
	uint64_t r = twcs_root(t, i, 0);

	return r == UINT64_MAX ? t->id[i] : r;
}

static struct twcs *sort_t;	/* qsort has no context argument */

static int
by_thread_time(const void *a, const void *b)
{
	int32_t x = *(const int32_t *)a, y = *(const int32_t *)b;
	uint64_t tx = twcs_thread(sort_t, (size_t)x), ty = twcs_thread(sort_t, (size_t)y);

	if (tx != ty)
		return tx < ty ? -1 : 1;
	if (sort_t->t[x] != sort_t->t[y])
		return sort_t->t[x] < sort_t->t[y] ? -1 : 1;
	return x < y ? -1 : x > y;
}

/*
 * After pass 1: the answer of every customer tweet.  direct[i] is the
 * earliest brand reply to i (by time, then file order); byth lists the
 * brand tweets of each thread in time order, so that "the first brand
 * tweet at or after it in its thread" is a binary search.
 */
static void
twcs_answers(struct twcs *t)
{
	size_t i;

	t->direct = sc_xmalloc((t->nrows + 1) * sizeof(int32_t));
	t->byth = sc_xmalloc((t->nrows + 1) * sizeof(int32_t));
	for (i = 0; i < t->nrows; i++)
		t->direct[i] = -1;
	for (i = 0; i < t->nrows; i++) {
		long p = row_of(t, t->parent[i]);
		int32_t d;
		if (t->brand[i] < 0)
			continue;
		t->byth[t->nbyth++] = (int32_t)i;
		if (p < 0)
			continue;
		d = t->direct[p];
		if (d < 0 || t->t[i] < t->t[d] || (t->t[i] == t->t[d] && t->id[i] < t->id[d]))
			t->direct[p] = (int32_t)i;
	}
	sort_t = t;
	qsort(t->byth, t->nbyth, sizeof(int32_t), by_thread_time);
	for (i = 0; i < t->nbyth;) {	/* thread -> (count << 32 | first + 1) */
		uint64_t th = twcs_thread(t, (size_t)t->byth[i]), *v;
		size_t j = i;
		while (j < t->nbyth && twcs_thread(t, (size_t)t->byth[j]) == th)
			j++;
		sc_set64_put(&t->thidx, th, &v);
		*v = (uint64_t)(j - i) << 32 | (i + 1);
		i = j;
	}
}

/* The row of the first brand tweet at or after row i in its thread, or -1. */
static long
thread_answer(struct twcs *t, size_t i)
{
	uint64_t th = twcs_thread(t, i), *v;
	size_t lo, hi, end;

	if (!sc_set64_get(&t->thidx, th, &v))
		return -1;
	lo = (size_t)(*v & 0xffffffffu) - 1;
	hi = lo + (size_t)(*v >> 32);
	end = hi;
	while (lo < hi) {	/* the first with time >= t[i] */
		size_t mid = lo + (hi - lo) / 2;
		if (t->t[t->byth[mid]] < t->t[i])
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < end ? t->byth[lo] : -1;
}

/*
 * The brand of customer row i: the brand that answered it (its earliest
 * direct brand reply, else the first brand tweet at or after it in its
 * thread), or else the brand it addresses (the brand tweet it replies to,
 * the brand that answered its thread's root, an @handle in its text).
 */
static int32_t
customer_brand(struct twcs *t, size_t i, const char *text)
{
	long a = t->direct[i], p, ri;

	if (a < 0)
		a = thread_answer(t, i);
	if (a >= 0)
		return t->brand[a];
	p = row_of(t, t->parent[i]);
	if (p >= 0 && t->brand[p] >= 0)
		return t->brand[p];
	ri = row_of(t, twcs_thread(t, i));
	if (ri >= 0 && t->direct[ri] >= 0)
		return t->brand[t->direct[ri]];
	return addressed(t, text);
}

static int
twcs_pass2(void *ctx, const struct sc_csv_row *row)
{
	struct twcs *t = ctx;
	struct sc_norm *n = t->n;
	struct sc_norm_rec r;
	char thr[32], par[32], sig[32];
	uint64_t id, root, pid;
	long i, bad;
	int inb;
	int32_t b;
	const char *s;

	if (n->stop || n->failed)
		return 1;
	n->lineno = row->line;
	if (!t->header_done)
		return twcs_header(t, row);
	n->nin++;
	if (row->nfields != t->ncols) {
		row_reject(n, row, "%sragged row: %zu fields, the header has %zu", ragged_why(row),
			   row->nfields, t->ncols);
		return n->stop;
	}
	if ((bad = bad_utf8_field(row)) >= 0) {
		row_reject(n, row, "invalid UTF-8 in column %ld", bad + 1);
		return n->stop;
	}
	if ((id = tw_num(tcell(t, row, T_ID))) == 0) {
		row_reject(n, row, "bad tweet_id \"%.30s\"", tcell(t, row, T_ID));
		return n->stop;
	}
	if (tw_inbound(tcell(t, row, T_INBOUND), &inb) < 0) {
		row_reject(n, row, "bad inbound \"%.20s\" (want True or False)", tcell(t, row, T_INBOUND));
		return n->stop;
	}
	s = tcell(t, row, T_INRESP);
	pid = tw_num(s);
	if (*s && pid == 0) {
		row_reject(n, row, "bad in_response_to_tweet_id \"%.30s\"", s);
		return n->stop;
	}
	sc_norm_rec_init(&r, NULL, "x");
	if (sc_time_parse(tcell(t, row, T_CREATED), &r.created) < 0) {
		row_reject(n, row, "bad created_at \"%.40s\"", tcell(t, row, T_CREATED));
		return n->stop;
	}
	i = row_of(t, id);
	snprintf(thr + 0, sizeof(thr), "%llu", (unsigned long long)id);
	r.id = tcell(t, row, T_ID);
	r.kind = "mention";
	r.author_id = tcell(t, row, T_AUTHOR);
	r.is_brand = !inb;
	r.text = tcell(t, row, T_TEXT);
	r.text_html = 1;
	if (pid) {
		snprintf(par, sizeof(par), "%llu", (unsigned long long)pid);
		r.parent = par;
	}
	b = -1;
	if (i >= 0) {
		root = twcs_root(t, (size_t)i, 0);
		if (root == UINT64_MAX)
			root = id;
		snprintf(thr, sizeof(thr), "%llu", (unsigned long long)root);
		r.thread = thr;
		b = inb ? customer_brand(t, (size_t)i, r.text) : t->brand[i];
	}
	if (b >= 0)
		r.account = t->brands[b];
	if (!inb)
		r.agent = sc_norm_signature(r.text, sig);
	sc_norm_emit(n, &r);
	return n->stop || n->failed;
}

static int
spool(int fd, const char *pre, size_t prelen, const char *tmpdir, struct sc_error *e)
{
	char path[512], buf[64 * 1024];
	const char *dir = tmpdir ? tmpdir : getenv("TMPDIR");
	int out;
	size_t off;

	snprintf(path, sizeof(path), "%s/sc-normalize.XXXXXX", dir && *dir ? dir : "/tmp");
	out = mkstemp(path);
	if (out < 0)
		return sc_error_set(e, SC_EX_OSERR, NULL, 0, 0, "cannot make a temporary file in %s: %s",
				    dir && *dir ? dir : "/tmp", strerror(errno));
	unlink(path);
	for (off = 0; off < prelen;) {
		ssize_t w = write(out, pre + off, prelen - off);
		if (w < 0 && errno == EINTR)
			continue;
		if (w < 0)
			goto fail;
		off += (size_t)w;
	}
	while (fd >= 0) {
		ssize_t got = read(fd, buf, sizeof(buf));
		if (got < 0 && errno == EINTR)
			continue;
		if (got < 0) {
			close(out);
			return sc_error_set(e, SC_EX_IOERR, NULL, 0, 0, "read error: %s", strerror(errno));
		}
		if (got == 0)
			break;
		for (off = 0; off < (size_t)got;) {
			ssize_t w = write(out, buf + off, (size_t)got - off);
			if (w < 0 && errno == EINTR)
				continue;
			if (w < 0)
				goto fail;
			off += (size_t)w;
		}
	}
	return out;
fail:
	close(out);
	return sc_error_set(e, SC_EX_IOERR, NULL, 0, 0, "temporary file: %s", strerror(errno));
}

int
sc_norm_twcs_fd(struct sc_norm *n, int fd, const char *name, const char *pre, size_t prelen)
{
	struct twcs t;
	struct sc_csv *p;
	struct sc_error e;
	int work = fd, own = 0, rc = 0;
	size_t i;

	memset(&t, 0, sizeof(t));
	t.n = n;
	n->file = name;
	sc_error_clear(&e);
	sc_set64_init(&t.idx);
	sc_set64_init(&t.bidx);
	sc_set64_init(&t.thidx);
	if (pre != NULL || fd < 0 || lseek(fd, 0, SEEK_SET) < 0) {
		work = spool(fd, pre, prelen, n->o.tmpdir, &e);
		if (work < 0)
			goto fail;
		own = 1;
	}
	/* pass 1 */
	if (lseek(work, 0, SEEK_SET) < 0) {
		sc_error_set(&e, SC_EX_IOERR, name, 0, 0, "cannot rewind: %s", strerror(errno));
		goto fail;
	}
	t.pass = 1;
	p = sc_csv_new(',', twcs_pass1, &t);
	sc_csv_recover(p, n->o.max_line, NULL, twcs_bad);
	rc = feed_fd(p, work, NULL, 0, &e, name, n->o.read_chunk);
	sc_csv_free(p);
	if (rc < 0 && e.status == SC_EX_IOERR)
		goto fail;
	t.root = sc_xcalloc(t.nrows + 1, sizeof(uint64_t));
	twcs_answers(&t);
	/* pass 2 */
	if (lseek(work, 0, SEEK_SET) < 0) {
		sc_error_set(&e, SC_EX_IOERR, name, 0, 0, "cannot rewind: %s", strerror(errno));
		goto fail;
	}
	t.pass = 2;
	t.header_done = 0;
	t.bad_header = 0;
	sc_error_clear(&e);
	p = sc_csv_new(',', twcs_pass2, &t);
	sc_csv_recover(p, n->o.max_line, n->overflow, twcs_bad);
	rc = feed_fd(p, work, NULL, 0, &e, name, n->o.read_chunk);
	sc_csv_free(p);
	if (rc < 0) {
		if (e.status == SC_EX_IOERR)
			goto fail;
		n->nrejected++;
		if (n->reject && n->reject(n->reject_ctx, name, e.line, "", 0, e.text))
			n->stop = 1;
	}
	goto done;
fail:
	n->failed = 1;
	n->err = e;
	if (n->err.source[0] == '\0')
		snprintf(n->err.source, sizeof(n->err.source), "%s", name);
done:
	if (own)
		close(work);
	free(t.id);
	free(t.parent);
	free(t.auth);
	free(t.root);
	free(t.brand);
	free(t.t);
	free(t.direct);
	free(t.byth);
	sc_set64_release(&t.thidx);
	for (i = 0; i < t.nbrands; i++)
		free(t.brands[i]);
	free(t.brands);
	sc_set64_release(&t.idx);
	sc_set64_release(&t.bidx);
	if (n->stop && !n->failed)
		sc_error_set(&n->err, SC_EX_DATAERR, name, n->lineno, 0, "stopped (--strict)");
	return n->failed || n->stop ? -1 : 0;
}
