/*
 * cli.h - the frame every cmd/sc-*.c shares, linked into each program
 * beside libsc.a (cmd/cli.c): messages in the one sc format, --help and
 * --version, the option parsers (usage errors exit 64), exit statuses,
 * and the loop over input files with rejects.  It lives in cmd/ because
 * it prints and exits, and lib/ never does: the library fills
 * struct sc_error and the frame reports it.
 *
 * Message format (sc(7)): "sc-prog: file:line: reason", lowercase, no
 * trailing period, on stderr.
 */
#ifndef SC_CLI_H
#define SC_CLI_H

#include "sc.h"

extern const char *sc_prog;

void sc_cli_init(const char *prog);
void sc_warn(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
_Noreturn void sc_die(int status, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* "sc-x: <msg>" and "Try 'sc-x --help'." on stderr, exit 64. */
_Noreturn void sc_usage_error(const char *fmt, ...)
	__attribute__((format(printf, 1, 2)));
/* Print e as "sc-x: source:line:col: text". */
void sc_warn_error(const struct sc_error *e);
_Noreturn void sc_die_error(const struct sc_error *e);
/* Print "sc-x VERSION" and exit 0, or 74 when stdout cannot take it. */
_Noreturn void sc_print_version(void);
/* Print a --help text on stdout and exit 0, or 74 when it cannot be written
   (sc-x --help > /dev/full). */
_Noreturn void sc_print_usage(const char *text);
/* Flush stdout and exit with status, or 74 if what was printed was lost. */
_Noreturn void sc_exit_flushed(int status);

/*
 * Option values, the one set every program uses.  Each parses the value
 * of option opt ("--retries") strictly (lib/util.c: overflow is an error,
 * never the maximum; sizes never wrap; durations are range-checked after
 * the unit applies) and makes anything else a usage error (exit 64)
 * naming the option and the accepted range.
 */
long sc_opt_long(const char *opt, const char *s, long lo, long hi);
int64_t sc_opt_duration(const char *opt, const char *s, int64_t lo, int64_t hi);
size_t sc_opt_size(const char *opt, const char *s, size_t lo, size_t hi);
/* Index of s in words (NULL-terminated). */
int sc_opt_choice(const char *opt, const char *s, const char *const *words);
/* A time (2026-11-20, RFC 3339) or a duration meaning that long before now. */
int64_t sc_opt_time(const char *opt, const char *s, int64_t now);
/* A time only (2026-11-20, RFC 3339), no duration: sc-reply's --now, which
   sc-inbox passes on to it as written. */
int64_t sc_opt_instant(const char *opt, const char *s);
/* Check that every item of a list (sc_list_next: ',', ';' or spaces) is
   one of words. */
void sc_opt_list(const char *opt, const char *s, const char *const *words);
/* --max-line: 16 bytes to 1 GiB. */
#define SC_MAX_LINE_MIN 16
#define SC_MAX_LINE_MAX ((size_t)1 << 30)
/* --max-doc: up to 64 GiB. */
#define SC_MAX_DOC_MAX ((size_t)1 << 36)

/*
 * The input side every filter shares: files named on the command line (or
 * stdin, or "-"), rejected lines, --strict.  status collects the worst
 * exit status seen by sc_status_worst() (66 for an unopenable file, 65 for
 * rejected input, 74 for a read error), whatever the order.
 */
struct sc_input {
	FILE *rejects;
	const char *rejects_path;	/* for messages; borrowed from argv */
	int rejects_errno;	/* the first write error on rejects, or 0 */
	int strict;
	size_t max_line;
	long nrejected;
	int status;
	int stop;	/* set by --strict after a reject, or by a callback */
	/* the line being processed, for messages */
	const char *file;
	long lineno;
};

/* Open --rejects PATH (appending, never through a symbolic link); exits
   74 on failure. */
void sc_input_init(struct sc_input *in);
void sc_input_open_rejects(struct sc_input *in, const char *path);
/* Close rejects, reporting write errors; returns 0 or -1. */
int sc_input_close(struct sc_input *in);

/*
 * Report a bad line: prints "sc-x: FILE:LINE: reason", writes the raw bytes
 * (plus a newline) to the rejects file, counts it, sets status 65, and
 * under --strict sets in->stop.
 */
void sc_input_reject(struct sc_input *in, const char *file, long line,
		     const char *raw, size_t len, const char *fmt, ...)
	__attribute__((format(printf, 6, 7)));

/* Open an input ("-" is stdin, fd 0): the fd, or -1 after the message
   and status 66 (for loops of their own, like sc-normalize's). */
int sc_input_open(struct sc_input *in, const char *path);

/* One input line. */
struct sc_line {
	const char *file;	/* display name: the path, or "-" for stdin */
	long lineno;
	const char *text;
	size_t len;
	int last_no_newline;
};
typedef int (*sc_line_cb)(void *ctx, struct sc_input *in, const struct sc_line *l);
typedef int (*sc_record_cb)(void *ctx, struct sc_input *in, const struct sc_line *l,
			    json_t *rec);

/*
 * Call cb for every line of every file (stdin when nfiles is 0; "-" is
 * stdin).  Lines over max_line are rejected here ("line too long"), blank
 * lines are skipped.  A callback returning non-zero stops everything and
 * that value is returned; otherwise 0.
 */
int sc_input_each_line(struct sc_input *in, char **files, int nfiles,
		       sc_line_cb cb, void *ctx);

/*
 * As above, parsing each line with sc_json_parse_line() and, when check is
 * set, sc_record_check().  Bad lines are rejected with the reason; a last
 * line without a newline that does not parse is reported as truncated.
 * The callback borrows rec.
 */
int sc_input_each_record(struct sc_input *in, char **files, int nfiles,
			 int check, sc_record_cb cb, void *ctx);

/*
 * The same loop without a DOM: the callback gets a struct sc_record
 * (lib/record.h: borrowed spans for id, kind, platform, profile,
 * thread_id, parent_id, created_at (parsed once, r->t), text, visibility,
 * author.{id,name,is_brand}, triage, reply, lang, case, agent, ad,
 * rating, template, variant; sc_record_dom() builds the json_t on
 * demand).  Same rejects, messages and --strict as above.  A
 * record nested deeper than the scanner reads (513 to 2048 levels, which
 * jansson accepts) comes with r->nmembers < 0, no spans and r->dom set:
 * a callback reads that one through its DOM (sc_record_pick() hands it
 * over).  A filter moves to it by reading spans where it read json_t
 * members.
 */
struct sc_record;
typedef int (*sc_rec_cb)(void *ctx, struct sc_input *in, const struct sc_line *l,
			 struct sc_record *r);
int sc_input_each_rec(struct sc_input *in, char **files, int nfiles, int check,
		      sc_rec_cb cb, void *ctx);

/* Exit status for a write failure on stdout: prints the reason, returns 74. */
int sc_out_fail(const struct sc_out *o);

#endif
