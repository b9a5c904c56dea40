/*
 * sc-stats - the KPIs of social customer care (volume, response rate,
 * first response time in wall-clock and business hours, SLA shares,
 * backlog, resolution, triage shares, spikes) from schema-1 records, with
 * every definition a flag and printed with the report; --partial and
 * --merge split the work across processes or hosts.  See sc-stats(1).
 */
#include <getopt.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"
#include "stats.h"
#include "stats_html.h"

static const char usage[] =
	"usage: sc-stats [-b keys] [-f json | csv | table | html] [--since time] [--until time]\n"
	"                [--tz zone] [--hours HH:MM-HH:MM] [--days days]\n"
	"                [--holidays file] [--profiles file] [--sla list]\n"
	"                [--sla-clock business | wall] [--backlog list] [--now time]\n"
	"                [--percentile N] [--percentile-method nearest-rank | linear]\n"
	"                [--mean all | fastest90] [--spam exclude | include]\n"
	"                [--automated exclude | include]\n"
	"                [--outside-hours from-open | count | skip]\n"
	"                [--link parent-first | earliest]\n"
	"                [--attribution message | answer] [--spikes[=in | negative]]\n"
	"                [--spike-factor X] [--spike-min N] [--spike-window duration]\n"
	"                [--settle duration | none] [--partial | --merge]\n"
	"                [--lang pl | en] [--sla-target share] [--rejects file]\n"
	"                [--strict] [--max-line size] [file ...]\n";

enum {
	O_SINCE = 256, O_UNTIL, O_TZ, O_HOURS, O_DAYS, O_HOLIDAYS, O_PROFILES, O_SLA,
	O_SLA_CLOCK, O_BACKLOG, O_NOW, O_PCT, O_PCT_METHOD, O_MEAN, O_SPAM, O_AUTO,
	O_OOH, O_LINK, O_ATTR, O_SPIKES, O_SPIKE_FACTOR, O_SPIKE_MIN, O_SPIKE_WINDOW,
	O_PARTIAL, O_MERGE, O_REJECTS, O_STRICT, O_VERSION, O_SETTLE, O_MAX_LINE, O_LANG,
	O_SLA_TARGET
};

static const struct option longopts[] = {
	{"by", required_argument, NULL, 'b'},
	{"format", required_argument, NULL, 'f'},
	{"since", required_argument, NULL, O_SINCE},
	{"until", required_argument, NULL, O_UNTIL},
	{"tz", required_argument, NULL, O_TZ},
	{"hours", required_argument, NULL, O_HOURS},
	{"days", required_argument, NULL, O_DAYS},
	{"holidays", required_argument, NULL, O_HOLIDAYS},
	{"profiles", required_argument, NULL, O_PROFILES},
	{"sla", required_argument, NULL, O_SLA},
	{"sla-clock", required_argument, NULL, O_SLA_CLOCK},
	{"backlog", required_argument, NULL, O_BACKLOG},
	{"now", required_argument, NULL, O_NOW},
	{"percentile", required_argument, NULL, O_PCT},
	{"percentile-method", required_argument, NULL, O_PCT_METHOD},
	{"mean", required_argument, NULL, O_MEAN},
	{"spam", required_argument, NULL, O_SPAM},
	{"automated", required_argument, NULL, O_AUTO},
	{"outside-hours", required_argument, NULL, O_OOH},
	{"link", required_argument, NULL, O_LINK},
	{"attribution", required_argument, NULL, O_ATTR},
	{"spikes", optional_argument, NULL, O_SPIKES},
	{"spike-factor", required_argument, NULL, O_SPIKE_FACTOR},
	{"spike-min", required_argument, NULL, O_SPIKE_MIN},
	{"spike-window", required_argument, NULL, O_SPIKE_WINDOW},
	{"settle", required_argument, NULL, O_SETTLE},
	{"partial", no_argument, NULL, O_PARTIAL},
	{"merge", no_argument, NULL, O_MERGE},
	{"rejects", required_argument, NULL, O_REJECTS},
	{"strict", no_argument, NULL, O_STRICT},
	{"max-line", required_argument, NULL, O_MAX_LINE},
	{"lang", required_argument, NULL, O_LANG},
	{"sla-target", required_argument, NULL, O_SLA_TARGET},
	{"help", no_argument, NULL, 'h'},
	{"version", no_argument, NULL, O_VERSION},
	{NULL, 0, NULL, 0}
};

/* A word-valued option (the words are in lib/stats.c), or a usage error. */
static void
word(struct sc_stats_opts *o, const char *opt, const char *arg)
{
	char name[32];

	snprintf(name, sizeof(name), "--%s", opt);
	sc_stats_set_word(o, opt, sc_opt_choice(name, arg, sc_stats_words(opt)));
}

/* A record from its spans (sc_stats_add_rec): no DOM for a message. */
static int
on_rec(void *ctx, struct sc_input *in, const struct sc_line *l, struct sc_record *rec)
{
	struct sc_error e;

	sc_error_clear(&e);
	if (sc_stats_add_rec(ctx, rec, &e) < 0)
		sc_input_reject(in, l->file, l->lineno, l->text, l->len, "%s", e.text);
	return 0;
}

static int
on_record_html(void *ctx, struct sc_input *in, const struct sc_line *l, json_t *rec)
{
	struct sc_error e;

	sc_error_clear(&e);
	if (sc_stats_html_add(ctx, rec, &e) < 0)
		sc_input_reject(in, l->file, l->lineno, l->text, l->len, "%s", e.text);
	return 0;
}

static int
on_partial_html(void *ctx, struct sc_input *in, const struct sc_line *l, json_t *rec)
{
	struct sc_error e;

	sc_error_clear(&e);
	if (sc_stats_html_add_partial(ctx, rec, &e) < 0)
		sc_input_reject(in, l->file, l->lineno, l->text, l->len, "%s", e.text);
	return 0;
}

static int
on_partial(void *ctx, struct sc_input *in, const struct sc_line *l, json_t *rec)
{
	struct sc_error e;

	sc_error_clear(&e);
	if (sc_stats_add_partial(ctx, rec, &e) < 0)
		sc_input_reject(in, l->file, l->lineno, l->text, l->len, "%s", e.text);
	return 0;
}

int
main(int argc, char **argv)
{
	struct sc_stats_opts o;
	struct sc_input in;
	struct sc_error e;
	struct sc_out out;
	struct sc_stats *s = NULL;
	struct sc_stats_html *html = NULL;
	struct sc_stats_html_opts ho;
	const char *hours = NULL, *days = NULL;
	static const char *const langs[] = {"en", "pl", NULL};
	int c, partial = 0, merge = 0, settle_given = 0, rc, status, by_given = 0;
	int html_only = 0;
	char *end;

	sc_cli_init(argv[0]);
	argv[0] = (char *)sc_prog;	/* getopt names the program as sc(7) does */
	sc_stats_opts_init(&o);
	sc_stats_html_opts_init(&ho);
	sc_input_init(&in);
	sc_error_clear(&e);
	while ((c = getopt_long(argc, argv, "b:f:h", longopts, NULL)) != -1) {
		switch (c) {
		case 'b':
			o.nby = 0;
			by_given = 1;
			if (sc_stats_parse_by(&o, optarg, &e) < 0)
				sc_usage_error("%s", e.text);
			break;
		case 'f':
			word(&o, "format", optarg);
			break;
		case O_SINCE:
			o.since = sc_opt_time("--since", optarg, (int64_t)time(NULL));
			o.has_since = 1;
			break;
		case O_UNTIL:
			o.until = sc_opt_time("--until", optarg, (int64_t)time(NULL));
			o.has_until = 1;
			break;
		case O_NOW:
			o.now = sc_opt_time("--now", optarg, (int64_t)time(NULL));
			o.has_now = 1;
			break;
		case O_TZ:
			if (!sc_tz_valid(optarg))
				sc_usage_error("--tz: unknown time zone '%s'", optarg);
			o.tz = optarg;
			break;
		case O_HOURS:
			hours = optarg;
			break;
		case O_DAYS:
			days = optarg;
			break;
		case O_HOLIDAYS:
			o.holidays_path = optarg;
			break;
		case O_PROFILES:
			o.profiles_path = optarg;
			break;
		case O_SLA:
			if (sc_stats_parse_durations(optarg, o.sla, o.sla_name, SC_STATS_MAXSLA,
						     &o.nsla, &e) < 0)
				sc_usage_error("--sla: %s", e.text);
			break;
		case O_BACKLOG:
			if (sc_stats_parse_durations(optarg, o.backlog, o.backlog_name,
						     SC_STATS_MAXBACKLOG, &o.nbacklog, &e) < 0)
				sc_usage_error("--backlog: %s", e.text);
			break;
		case O_SLA_CLOCK:
			word(&o, "sla-clock", optarg);
			break;
		case O_PCT:
			o.pct = (int)sc_opt_long("--percentile", optarg, 1, 99);
			break;
		case O_PCT_METHOD:
			word(&o, "percentile-method", optarg);
			break;
		case O_MEAN:
			word(&o, "mean", optarg);
			break;
		case O_SPAM:
			word(&o, "spam", optarg);
			break;
		case O_AUTO:
			word(&o, "automated", optarg);
			break;
		case O_OOH:
			word(&o, "outside-hours", optarg);
			break;
		case O_LINK:
			word(&o, "link", optarg);
			break;
		case O_ATTR:
			word(&o, "attribution", optarg);
			break;
		case O_SPIKES:
			word(&o, "spikes", optarg ? optarg : "in");
			break;
		case O_SPIKE_FACTOR:
			o.spike_factor = strtod(optarg, &end);
			if (*end || end == optarg || !(o.spike_factor >= 1.0))
				sc_usage_error("--spike-factor: want a number of at least 1");
			break;
		case O_SPIKE_MIN:
			o.spike_min = sc_opt_long("--spike-min", optarg, 1, LONG_MAX);
			break;
		case O_SPIKE_WINDOW:
			o.spike_window = sc_opt_duration("--spike-window", optarg, 3600,
							 SC_DURATION_MAX);
			if (o.spike_window % 3600)
				sc_usage_error("--spike-window: want whole hours (e.g. 24h)");
			break;
		case O_SETTLE:
			settle_given = strcmp(optarg, "none") != 0;
			o.settle = settle_given ? sc_duration_parse(optarg) : 0;
			if (settle_given && (o.settle <= 0 || strlen(optarg) >= sizeof(o.settle_name)))
				sc_usage_error("--settle: bad duration '%s' (want e.g. 7d, or none)",
					       optarg);
			snprintf(o.settle_name, sizeof(o.settle_name), "%s", optarg);
			break;
		case O_PARTIAL:
			partial = 1;
			break;
		case O_MERGE:
			merge = 1;
			break;
		case O_LANG:
			ho.lang = sc_opt_choice("--lang", optarg, langs) == 1 ? SC_HTML_PL : SC_HTML_EN;
			html_only = 1;
			break;
		case O_SLA_TARGET:
			if (sc_stats_html_parse_target(&ho, optarg, &e) < 0)
				sc_usage_error("%s", e.text);
			html_only = 1;
			break;
		case O_REJECTS:
			sc_input_open_rejects(&in, optarg);
			break;
		case O_STRICT:
			in.strict = 1;
			break;
		case O_MAX_LINE:
			in.max_line = sc_opt_size("--max-line", optarg, SC_MAX_LINE_MIN, SC_MAX_LINE_MAX);
			break;
		case 'h':
			sc_print_usage(usage);
		case O_VERSION:
			sc_print_version();
		default:
			fputs(usage, stderr);
			return SC_EX_USAGE;
		}
	}
	if (partial && merge)
		sc_usage_error("--partial and --merge exclude each other");
	if (settle_given && (partial || merge))
		sc_usage_error("--settle is for single-pass reports, not --partial or --merge");
	if (partial || merge)
		o.settle = 0;	/* partials keep every fact: merges are exact */
	o.partial = partial;
	if (html_only && o.format != SC_STATS_HTML)
		sc_usage_error("--lang and --sla-target are for -f html");
	if (o.format == SC_STATS_HTML && by_given)
		sc_usage_error("-f html makes its own groupings (sc-stats(1), HTML REPORT): no -b");
	if (o.format == SC_STATS_HTML && partial)
		sc_usage_error("--partial writes facts, not a report: no -f html");
	if (o.format == SC_STATS_TABLE && o.spikes)
		sc_usage_error("--spikes writes alert records: use json or csv");
	if (hours || days || o.holidays_path || strcmp(o.tz, SC_DEFAULT_TZ) != 0) {
		if (sc_hours_init(&o.hours, hours, days ? days : "mon-sun", o.tz, &e) < 0)
			sc_die(SC_EX_USAGE, "--hours/--days: %s", e.text);
		if (o.holidays_path && sc_hours_load_holidays(&o.hours, o.holidays_path, &e) < 0)
			sc_die_error(&e);
		/* holidays close days even when the hours are 24/7 */
		if (o.holidays_path)
			o.hours.always_open = 0;
	}
	o.hours_text = hours;
	o.days_text = days;
	if (o.profiles_path) {
		struct sc_profiles *p = sc_profiles_load(o.profiles_path, &e);
		if (p == NULL)
			sc_die_error(&e);
		o.profiles = p;
	}
	sc_out_init(&out, STDOUT_FILENO);
	if (o.format == SC_STATS_HTML) {
		html = sc_stats_html_new(&o, &ho);
		sc_input_each_record(&in, argv + optind, argc - optind, !merge,
				     merge ? on_partial_html : on_record_html, html);
	} else {
		s = sc_stats_new(&o);
		if (merge)
			sc_input_each_record(&in, argv + optind, argc - optind, 0, on_partial, s);
		else
			sc_input_each_rec(&in, argv + optind, argc - optind, 1, on_rec, s);
	}
	status = in.status;
	if (in.strict && in.stop) {
		/* --strict: nothing is reported from input that was cut short */
		rc = 0;
	} else if (html) {
		sc_error_clear(&e);
		rc = sc_stats_html_report(html, &out, &e);
		if (rc < 0 && e.status != SC_EX_IOERR)
			sc_die_error(&e);
	} else {
		rc = partial ? sc_stats_write_partial(s, &out) : sc_stats_report(s, &out);
	}
	if (sc_out_close(&out) < 0 || rc < 0)
		status = sc_status_worst(status, sc_out_fail(&out));
	if (sc_input_close(&in) < 0)
		status = sc_status_worst(status, SC_EX_IOERR);
	sc_stats_free(s);
	sc_stats_html_free(html);
	sc_profiles_free((struct sc_profiles *)o.profiles);
	sc_hours_release(&o.hours);
	return status;
}
