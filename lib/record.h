/*
 * record.h - one record layer over the scanner (lib/record.c): the
 * schema-1 fields every filter reads, as borrowed spans into the input
 * line, found in one pass; and the splice that writes a record back as
 * its original bytes with only the members a program owns replaced or
 * added.
 */
#ifndef SC_RECORD_H
#define SC_RECORD_H

#include "sc.h"
#include "scan.h"

/* Slots of struct sc_record's span array. */
enum sc_rec_slot {
	SC_R_SC, SC_R_ID, SC_R_KIND, SC_R_PLATFORM, SC_R_PROFILE, SC_R_THREAD,
	SC_R_PARENT, SC_R_CREATED, SC_R_TEXT, SC_R_VISIBILITY, SC_R_AUTHOR,
	SC_R_AUTHOR_ID, SC_R_AUTHOR_NAME, SC_R_AUTHOR_BRAND, SC_R_TRIAGE, SC_R_REPLY,
	SC_R_LANG, SC_R_CASE, SC_R_AGENT, SC_R_AD, SC_R_RATING,
	SC_R_TEMPLATE, SC_R_VARIANT,
	SC_R_NSLOTS
};

/*
 * A record read from one line.  Every span borrows the line (valid until
 * the next line is read); strings are still escaped as written: use
 * sc_span_eq / sc_span_decode / sc_record_str.  created_at is parsed once
 * (t, SC_R_CREATED present and valid).  dom is NULL until sc_record_dom()
 * builds it (once) for code that needs a json_t; the record owns it.
 */
struct sc_record {
	const char *line;
	size_t len;
	int nmembers;
	struct sc_span f[SC_R_NSLOTS];
	int64_t t;
	int has_t;
	json_t *dom;
	char *own;	/* the line, when made from a DOM */
	int spaced;	/* whitespace between the line's tokens */
	/* the input line it was read from (line itself, unless made from a
	   DOM: the record loop sets it then), for sc_record_splice */
	const char *src;
	size_t src_len;
};

/*
 * Scan line into r.  Returns 0, or -1 when the scanner does not accept
 * it: then sc_json_parse_line() gives jansson's verdict, and a line that
 * jansson accepts is used through r->dom (sc_record_from_dom).
 */
int sc_record_scan(struct sc_record *r, const char *line, size_t len);
/* Fill r from a json_t (r takes a reference): the spans then point into
   a compact dump that r owns.  Returns 0 or -1 (not an object). */
int sc_record_from_dom(struct sc_record *r, json_t *v);
void sc_record_release(struct sc_record *r);
/* The record as a json_t (built once from the line; borrowed). */
json_t *sc_record_dom(struct sc_record *r, struct sc_error *e);
/*
 * A new object holding only the record's top-level members whose slots
 * are set in mask (bit 1 << SC_R_...; sub-slots such as SC_R_AUTHOR_ID
 * are not members), each built from its span: for code that reads a few
 * members through json_t without paying for the whole DOM.  A record
 * read through jansson (r->dom already built) gives that DOM instead.
 * The caller owns the result.
 */
json_t *sc_record_pick(struct sc_record *r, unsigned long mask);
#define SC_R_BIT(k) (1UL << (k))
/*
 * sc_record_check() from spans: the same verdicts and messages, without a
 * DOM.  Returns 0 or -1 with e set.
 */
int sc_record_check_spans(struct sc_record *r, struct sc_error *e);
/*
 * A decoded, NUL-terminated copy of string slot k in buf (cap bytes);
 * returns buf, or NULL when the slot is not a string or does not fit.
 */
const char *sc_record_str(const struct sc_record *r, int k, char *buf, size_t cap);

/*
 * Append to b the object in line with the top-level members named in keys
 * taken from rec: a member the line has gets rec's value in place (or is
 * removed, with one comma, when rec lacks it), one it lacks is added
 * before the closing brace (in keys order); every other token of the line
 * is kept as written (whitespace between tokens is dropped, as in a
 * compact dump).  Returns 0, or -1 with b unchanged when it cannot (the
 * scanner does not accept the line, the line holds a newline, one of keys
 * comes twice in it): then write rec whole.
 */
int sc_splice(struct sc_buf *b, const char *line, size_t len, const json_t *rec,
	      const char *const *keys, int nkeys);

/*
 * Read one line into r, the way every record reader does: the scanner,
 * and for a line it does not accept jansson's verdict (sc_json_parse_line)
 * with the line read through its DOM (r->nmembers < 0 and r->dom only,
 * for a record nested deeper than the scanner reads; r->src is the
 * line).  check: sc_record_check's verdicts too.  Returns 0; -1 when the
 * line is not JSON (e: the message), -2 when it is not a record (e); r
 * holds nothing to release after -1 or -2.
 */
int sc_record_read_line(struct sc_record *r, const char *text, size_t len, int check,
			struct sc_error *e);

/*
 * Every record of an NDJSON file, read by one loop for the readers that
 * live in lib (the --history archives, journals): lines capped at
 * max_line (0: SC_MAX_LINE_DEFAULT), a byte order mark opening the file
 * skipped, blank lines skipped, each line read by sc_record_read_line.
 * A bad line goes to bad (may be NULL) with its line number and reason,
 * and the loop goes on; cb returning non-zero stops it with that value.
 * Returns 0, the callback's value, or -1 with e set on a read error.
 */
typedef int (*sc_rec_read_cb)(void *ctx, long lineno, struct sc_record *r);
typedef void (*sc_rec_bad_cb)(void *ctx, long lineno, const char *why);
int sc_record_read_fd(int fd, const char *name, size_t max_line, int check,
		      sc_rec_read_cb cb, sc_rec_bad_cb bad, void *ctx, struct sc_error *e);

/*
 * Does member slot k (a top-level one) come more than once in the input
 * line?  From the spans, or, for a record read through jansson (whose
 * DOM kept the last one), from a scan of the input line; 1 when that
 * line cannot be scanned (then nothing of it can be kept as written).
 */
int sc_record_dup(const struct sc_record *r, int k);
/*
 * sc_splice onto the record's own line, from the spans its scan found
 * (no second scan when every key is a member the record scan reads).
 * Returns -1 (write rec whole) as sc_splice does, and for a record read
 * through jansson (its line is a dump, not the input).
 */
int sc_record_splice(struct sc_buf *b, const struct sc_record *r, const json_t *rec,
		     const char *const *keys, int nkeys);

#endif
