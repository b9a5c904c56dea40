/*
 * scan.h - a validating lazy JSON scanner (lib/scan.c).
 *
 * sc_scan() checks a whole line (RFC 8259 and strict UTF-8, one pass, no
 * allocation) and hands back, for a spec of wanted keys, where each value
 * is in the line and what type it has.  Strings are decoded only when the
 * caller asks (sc_span_decode).  Whatever it accepts jansson accepts too,
 * with one documented exception: integers beyond int64 (SC_JBIGINT) are
 * accepted and passed through as written.  What it rejects must be given
 * to jansson for the verdict and the message (sc_json_parse_line does).
 *
 * sc_scan_dom() builds a json_t from the same validation, several times
 * faster than jansson's own lexer, for the places that need a DOM.
 */
#ifndef SC_SCAN_H
#define SC_SCAN_H

#include <stddef.h>
#include <stdint.h>
#include <jansson.h>

enum sc_jtype {
	SC_JNONE = 0,	/* key absent */
	SC_JNULL,
	SC_JFALSE,
	SC_JTRUE,
	SC_JINT,	/* fits int64: value in i */
	SC_JBIGINT,	/* an integer beyond int64, kept as written */
	SC_JREAL,
	SC_JSTRING,
	SC_JARRAY,
	SC_JOBJECT
};

/*
 * One value in the line.  For a string, p is the first byte after the
 * opening quote and len runs to the closing quote (raw bytes, escapes as
 * written; esc says whether there are any).  For anything else p..p+len is
 * the token as written ('{'..'}' for an object).  member points at the
 * opening quote of its key (the member is member..sc_span_end()).
 */
struct sc_span {
	const char *p;
	size_t len;
	const char *member;
	int64_t i;
	unsigned char type;
	unsigned char esc;
	unsigned char dup;	/* the key came more than once; this is the last */
};

/* One past the value's last byte (past the closing quote of a string). */
static inline const char *
sc_span_end(const struct sc_span *s)
{
	return s->p + s->len + (s->type == SC_JSTRING);
}

/*
 * A spec of wanted keys of an object: each field names a key and the slot
 * of the caller's span array that receives its value; sub, when set, is a
 * spec for the members of that value when it is an object (its slots are
 * in the same array).  A key that comes twice keeps its last value (as
 * jansson does), sub slots included.
 */
struct sc_scan_spec;
struct sc_scan_field {
	const char *name;
	int slot;
	const struct sc_scan_spec *sub;
};
struct sc_scan_spec {
	const struct sc_scan_field *f;
	int n;
};

/*
 * Validate s[0..len) as one JSON object (whitespace around it allowed) and
 * fill out[0..nout) for spec (spec may be NULL: validation only).  Every
 * slot not found is SC_JNONE.  Returns the number of members of the top
 * object, or -1 when the scanner does not accept the line (then ask
 * jansson).  Never reads outside s[0..len).
 */
int sc_scan(const char *s, size_t len, const struct sc_scan_spec *spec,
	    struct sc_span *out, int nout);

/* The same, and *flags (may be NULL) telling what the line holds:
   whitespace between tokens or around the object (not a compact line),
   an integer beyond int64 anywhere (which jansson would refuse). */
#define SC_SCAN_SPACED 1u
#define SC_SCAN_BIGINT 2u
int sc_scan_ex(const char *s, size_t len, const struct sc_scan_spec *spec,
	       struct sc_span *out, int nout, unsigned *flags);

/*
 * Decode a string span into out (room for s->len bytes is always enough);
 * returns the decoded length.  out is not NUL-terminated.
 */
size_t sc_span_decode(const struct sc_span *s, char *out);
/* A new NUL-terminated copy of a decoded string span. */
char *sc_span_strdup(const struct sc_span *s);
/* Is the span a string equal to lit (after decoding)? */
int sc_span_eq(const struct sc_span *s, const char *lit);

/*
 * Build a new json_t from s[0..len) (an object, as sc_scan accepts it), or
 * NULL when the scanner does not accept it.  Integers beyond int64 become
 * reals.  sc_span_dom() does the same for one value found by sc_scan.
 */
json_t *sc_scan_dom(const char *s, size_t len);
json_t *sc_span_dom(const struct sc_span *s);

#endif
