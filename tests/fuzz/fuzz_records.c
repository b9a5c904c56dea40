/*
 * fuzz_records.c - the record path of sc-triage, sc-reply and sc-stats:
 * every input line is parsed as a program parses it (sc_json_parse_line,
 * sc_record_check) and handed to the program's library step; sc-stats
 * then writes its report in every format.  SC_FUZZ_PROG picks the
 * program: triage, reply, stats, merge (sc-stats --merge: the lines
 * are partials), or html (sc-stats -f html: every part of the page, the
 * page written).  Status, note and survey records (the case log) take
 * the stats path too.  Configuration comes from the man page fixtures
 * (tests/man/), loaded once.
 */
#include "fuzz.h"
#include "record.h"
#include "reply.h"
#include "stats.h"
#include "stats_html.h"
#include "triage.h"

static const char *prog = "triage";
static struct sc_triage *tri, *tri_red;	/* tri_red: --redact */
static struct sc_replies *replies;
static struct sc_profiles *profiles;

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	const char *p = getenv("SC_FUZZ_PROG");
	struct sc_error e;

	(void)argc;
	(void)argv;
	if (p && *p)
		prog = p;
	sc_error_clear(&e);
	profiles = sc_profiles_load("tests/man/sc-reply.1/profiles.csv", &e);
	if (strcmp(prog, "triage") == 0) {
		struct sc_triage_opts o;
		memset(&o, 0, sizeof(o));
		o.profiles_path = "tests/man/sc-reply.1/profiles.csv";
		o.default_sla = 3600;
		tri = sc_triage_new(&o, &e);
		o.redact = 1;
		tri_red = tri ? sc_triage_new(&o, &e) : NULL;
		if (tri == NULL || tri_red == NULL) {
			fprintf(stderr, "fuzz_records: %s\n", e.text);
			abort();
		}
	} else if (strcmp(prog, "reply") == 0) {
		replies = sc_replies_load("tests/man/sc-reply.1/replies.csv", 0, NULL, NULL, &e);
		if (replies == NULL) {
			fprintf(stderr, "fuzz_records: %s (run from the repository root)\n", e.text);
			abort();
		}
	}
	return 0;
}

struct run {
	struct sc_stats *stats;
	struct sc_stats *stats2;	/* sc-stats: the same records from their spans */
	struct sc_stats_html *html;
	struct sc_reply_opts ro;
	struct sc_reply_state rs, rs_spans;
	struct sc_buf out;
};

/* sc-triage's two paths on the same line, which must write the same
   bytes: the record's spans (sc_triage_rec_line), and the DOM
   (sc_triage_line, on a copy: it changes the record). */
static void
triage_both(struct run *r, struct sc_triage *t, const json_t *rec, const char *s, size_t n)
{
	struct sc_record sr;
	struct sc_error e;
	struct sc_buf spans;
	json_t *copy = json_deep_copy(rec);

	sc_buf_init(&spans);
	sc_error_clear(&e);
	if (sc_record_read_line(&sr, s, n, 1, &e) != 0)
		abort();	/* the DOM was read and checked: so must the record be */
	if (sc_triage_rec_line(t, &sr, &spans, &e) == 0) {
		sc_buf_reset(&r->out);
		sc_triage_line(t, copy, s, n, &r->out);
		if (spans.len != r->out.len || memcmp(spans.data, r->out.data, spans.len) != 0) {
			fprintf(stderr, "fuzz_records: spans and DOM differ:\n%.*s\n%.*s\n",
				(int)spans.len, spans.data, (int)r->out.len, r->out.data);
			abort();
		}
	}
	sc_record_release(&sr);
	sc_buf_release(&spans);
	json_decref(copy);
}

/* sc-reply's two drafting paths on the same line, each with its own
   state (the once-per-comment memory): the DOM's (sc_reply_record, on a
   copy) and the spans' (sc_reply_record_spans, for a record
   sc_reply_passes lets through), which must make the same reply. */
static void
reply_both(struct run *r, const json_t *rec, const char *s, size_t n)
{
	struct sc_record sr;
	struct sc_error e, e2;
	json_t *copy = json_deep_copy(rec), *rp;
	struct sc_buf a, b;
	int rc;

	sc_error_clear(&e);
	sc_error_clear(&e2);
	sc_reply_record(&r->ro, &r->rs, copy, &e);
	if (sc_record_read_line(&sr, s, n, 1, &e2) != 0)
		abort();	/* the DOM was read and checked: so must the record be */
	if (sr.nmembers >= 0 && sr.own == NULL && !sc_record_dup(&sr, SC_R_REPLY) &&
	    !sc_reply_passes(&r->rs_spans, &sr)) {
		rp = sc_reply_record_spans(&r->ro, &r->rs_spans, &sr, &e2, &rc);
		sc_buf_init(&a);
		sc_buf_init(&b);
		sc_buf_add(&a, "", 0);
		sc_buf_add(&b, "", 0);
		sc_buf_add_json(&a, json_object_get(copy, "reply"));
		sc_buf_add_json(&b, rp);
		if (strcmp(a.data, b.data) != 0) {
			fprintf(stderr, "fuzz_records: reply from spans and DOM differ:\n%s\n%s\n",
				a.data, b.data);
			abort();
		}
		sc_buf_release(&a);
		sc_buf_release(&b);
		json_decref(rp);
	}
	sc_record_release(&sr);
	json_decref(copy);
}

static void
one(void *ctx, const char *s, size_t n)
{
	struct run *r = ctx;
	struct sc_error e;
	json_t *rec;

	sc_error_clear(&e);
	rec = sc_json_parse_line(s, n, &e);
	if (rec == NULL)
		return;
	if (strcmp(prog, "merge") == 0) {
		sc_stats_add_partial(r->stats, rec, &e);
	} else if (sc_record_check(rec, &e) == 0) {
		if (strcmp(prog, "triage") == 0) {
			triage_both(r, tri, rec, s, n);
			triage_both(r, tri_red, rec, s, n);
		} else if (strcmp(prog, "reply") == 0) {
			reply_both(r, rec, s, n);
		} else if (r->html) {
			sc_stats_html_add(r->html, rec, &e);
		} else {
			struct sc_record sr;
			struct sc_error e2;
			sc_stats_add(r->stats, rec, &e);
			sc_error_clear(&e2);
			if (sc_record_read_line(&sr, s, n, 1, &e2) != 0)
				abort();	/* the DOM was read and checked */
			sc_stats_add_rec(r->stats2, &sr, &e2);
			sc_record_release(&sr);
		}
	}
	json_decref(rec);
}

/* The report of st, as bytes. */
static void
report_bytes(struct sc_stats *st, struct sc_buf *b)
{
	struct sc_out out;
	char buf[4096];
	ssize_t k;
	int fd = memfd_create("fuzz_records", 0);

	if (fd < 0)
		abort();
	sc_out_init(&out, fd);
	sc_stats_report(st, &out);
	sc_out_close(&out);
	lseek(fd, 0, SEEK_SET);
	while ((k = read(fd, buf, sizeof(buf))) > 0)
		sc_buf_add(b, buf, (size_t)k);
	close(fd);
}

/* sc-stats from the DOM and from the spans must report the same. */
static void
same_report(struct sc_stats *a, struct sc_stats *b)
{
	struct sc_buf x, y;

	sc_buf_init(&x);
	sc_buf_init(&y);
	report_bytes(a, &x);
	report_bytes(b, &y);
	if (x.len != y.len || (x.len && memcmp(x.data, y.data, x.len) != 0)) {
		fprintf(stderr, "fuzz_records: stats from spans and DOM differ:\n%.*s\n---\n%.*s\n",
			(int)x.len, x.data, (int)y.len, y.data);
		abort();
	}
	sc_buf_release(&x);
	sc_buf_release(&y);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct sc_stats_opts so;
	struct run r;
	int stats = strcmp(prog, "stats") == 0 || strcmp(prog, "merge") == 0;

	memset(&r, 0, sizeof(r));
	sc_buf_init(&r.out);
	sc_stats_opts_init(&so);
	so.now = 1800000000;
	so.has_now = 1;
	so.profiles = profiles;
	if (size > 0) {
		/* the first byte picks the grouping, so reports vary */
		static const char *const bys[] = {"profile", "platform,day", "category,tag",
						  "weekday,hour", "team,priority", "agent,week",
						  "template,variant", "thread,agent"};
		struct sc_error e;
		so.nby = 0;
		sc_stats_parse_by(&so, bys[data[0] % 8], &e);
		so.attribution = data[0] & 0x40 ? SC_ATTR_ANSWER : SC_ATTR_MESSAGE;
		so.format = (data[0] >> 3) % 3;	/* json, csv, table */
	}
	so.partial = strcmp(prog, "merge") == 0;	/* partials keep thread ids */
	if (strcmp(prog, "html") == 0) {
		struct sc_stats_html_opts ho;
		sc_stats_html_opts_init(&ho);
		ho.lang = size > 1 ? data[1] % 3 - 1 : -1;	/* en, pl, profiles' */
		so.nby = 0;
		so.spikes = size > 0 && (data[0] & 0x80) ? SC_SPIKES_NEGATIVE : SC_SPIKES_OFF;
		if (size > 0 && (data[0] & 0x20)) {	/* a period: the previous one too */
			so.since = 1795000000;
			so.until = 1795600000;
			so.has_since = so.has_until = 1;
		}
		r.html = sc_stats_html_new(&so, &ho);
	} else if (stats) {
		r.stats = sc_stats_new(&so);
		if (!so.partial)
			r.stats2 = sc_stats_new(&so);
	}
	sc_reply_opts_init(&r.ro);
	r.ro.replies = replies;
	r.ro.profiles = profiles;
	r.ro.now = 1800000000;
	sc_reply_state_init(&r.rs);
	sc_reply_state_init(&r.rs_spans);
	fuzz_lines(data, size, one, &r);
	if (stats) {
		struct sc_out out;
		sc_out_init(&out, fuzz_devnull());
		if (strcmp(prog, "merge") == 0)
			sc_stats_write_partial(r.stats, &out);
		else
			sc_stats_report(r.stats, &out);
		sc_out_close(&out);
		if (r.stats2)
			same_report(r.stats, r.stats2);
		sc_stats_free(r.stats);
		sc_stats_free(r.stats2);
	}
	if (r.html) {
		struct sc_out out;
		struct sc_error e;
		sc_out_init(&out, fuzz_devnull());
		sc_error_clear(&e);
		sc_stats_html_report(r.html, &out, &e);
		sc_out_close(&out);
		sc_stats_html_free(r.html);
	}
	sc_reply_state_release(&r.rs);
	sc_reply_state_release(&r.rs_spans);
	sc_buf_release(&r.out);
	return 0;
}
