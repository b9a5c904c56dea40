/*
 * sc-fetch - pull new comments, messages, mentions and reviews from the
 * platform APIs for every profile in profiles.csv and print one raw
 * envelope per item (NDJSON).  Incremental per profile and source, one
 * run at a time per state directory.  The work is in lib/fetch.c.
 */
#include <fnmatch.h>
#include <getopt.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <curl/curl.h>

#include "cli.h"
#include "fetch.h"

static const char usage[] =
	"usage: sc-fetch [-v] [-p profiles.csv] [--profile NAME|GLOB ...] [--source LIST]\n"
	"                [--state DIR] [--reset] [--since DURATION|DATE] [--parallel N]\n"
	"                [--per-host N] [--retries N] [--backoff MS] [--max-wait DURATION]\n"
	"                [--timeout DURATION] [--overlap DURATION] [--post-window DURATION]\n"
	"                [--max-pages N] [--base-url [PLATFORM=]URL ...]\n";

static volatile int got_signal;
static int progress_shown;

static void
on_signal(int sig)
{
	got_signal = sig;
}

static void
on_msg(void *ctx, int kind, const char *text)
{
	(void)ctx;
	if (kind == 2) {
		fprintf(stderr, "\rsc-fetch: %s\033[K", text);
		progress_shown = 1;
		return;
	}
	if (progress_shown) {
		fputs("\r\033[K", stderr);
		progress_shown = 0;
	}
	sc_warn("%s", text);
}

static int
has_glob(const char *s)
{
	return strpbrk(s, "*?[") != NULL;
}

int
main(int argc, char **argv)
{
	enum { O_PROFILE = 256, O_SOURCE, O_STATE, O_RESET, O_SINCE, O_PARALLEL, O_PERHOST,
	       O_RETRIES, O_BACKOFF, O_MAXWAIT, O_TIMEOUT, O_OVERLAP, O_POSTWIN, O_MAXPAGES,
	       O_BASE, O_VERSION };
	static const struct option longopts[] = {
		{"help", no_argument, NULL, 'h'},
		{"version", no_argument, NULL, O_VERSION},
		{"verbose", no_argument, NULL, 'v'},
		{"profiles", required_argument, NULL, 'p'},
		{"profile", required_argument, NULL, O_PROFILE},
		{"source", required_argument, NULL, O_SOURCE},
		{"state", required_argument, NULL, O_STATE},
		{"reset", no_argument, NULL, O_RESET},
		{"since", required_argument, NULL, O_SINCE},
		{"parallel", required_argument, NULL, O_PARALLEL},
		{"per-host", required_argument, NULL, O_PERHOST},
		{"retries", required_argument, NULL, O_RETRIES},
		{"backoff", required_argument, NULL, O_BACKOFF},
		{"max-wait", required_argument, NULL, O_MAXWAIT},
		{"timeout", required_argument, NULL, O_TIMEOUT},
		{"overlap", required_argument, NULL, O_OVERLAP},
		{"post-window", required_argument, NULL, O_POSTWIN},
		{"max-pages", required_argument, NULL, O_MAXPAGES},
		{"base-url", required_argument, NULL, O_BASE},
		{NULL, 0, NULL, 0}
	};
	struct sc_fetch_opts o;
	struct sc_profiles *ps;
	struct sc_fetch_outcome *oc;
	struct sc_error e;
	struct sc_out out;
	struct rlimit rl = {0, 0};
	struct sigaction sa;
	const char *profiles_path = "profiles.csv";
	const char **pats = NULL;
	size_t npats = 0, i, k;
	unsigned char *sel;
	char *state_dir = NULL;
	int c, status, lockfd, per_host_set = 0;

	sc_cli_init(argv[0]);
	argv[0] = (char *)sc_prog;	/* getopt names the program as sc(7) does */
	umask(077);
	setrlimit(RLIMIT_CORE, &rl);
	memset(&o, 0, sizeof(o));
	o.now = (int64_t)time(NULL);
	o.parallel = 8;
	o.per_host = 8;
	o.retries = 4;
	o.backoff_ms = 1000;
	o.max_wait = 900;
	o.timeout = 60;
	o.overlap = 300;
	o.post_window = 30 * 86400;
	o.max_pages = 1000;
	pats = sc_xcalloc((size_t)argc + 1, sizeof(*pats));

	opterr = 0;
	while ((c = getopt_long(argc, argv, "hvp:", longopts, NULL)) != -1) {
		switch (c) {
		case 'h':
			free(pats);
			sc_print_usage(usage);
		case O_VERSION:
			sc_print_version();
		case 'v':
			o.verbose = 1;
			break;
		case 'p':
			profiles_path = optarg;
			break;
		case O_PROFILE:
			pats[npats++] = optarg;
			break;
		case O_SOURCE:
			o.sources = optarg;
			break;
		case O_STATE:
			state_dir = sc_xstrdup(optarg);
			break;
		case O_RESET:
			o.reset = 1;
			break;
		case O_SINCE:
			if (sc_time_or_ago_parse(optarg, o.now, &o.since) < 0)
				sc_usage_error("--since: want a duration (7d) or a date (2026-11-01), not '%s'", optarg);
			o.have_since = 1;
			break;
		case O_PARALLEL:
			o.parallel = (int)sc_opt_long("--parallel", optarg, 1, 256);
			break;
		case O_PERHOST:
			o.per_host = (int)sc_opt_long("--per-host", optarg, 1, 256);
			per_host_set = 1;
			break;
		case O_RETRIES:
			o.retries = (int)sc_opt_long("--retries", optarg, 0, 100);
			break;
		case O_BACKOFF:
			o.backoff_ms = sc_opt_long("--backoff", optarg, 1, 600000);
			break;
		case O_MAXWAIT:
			o.max_wait = sc_opt_duration("--max-wait", optarg, 0, SC_DURATION_MAX);
			break;
		case O_TIMEOUT:
			o.timeout = sc_opt_duration("--timeout", optarg, 1, SC_DURATION_MAX);
			break;
		case O_OVERLAP:
			o.overlap = sc_opt_duration("--overlap", optarg, 0, SC_DURATION_MAX);
			break;
		case O_POSTWIN:
			o.post_window = sc_opt_duration("--post-window", optarg, 0, SC_DURATION_MAX);
			break;
		case O_MAXPAGES:
			o.max_pages = sc_opt_long("--max-pages", optarg, 1, 1000000);
			break;
		case O_BASE: {
			char why[200];
			if (sc_base_url_arg(optarg, o.base, &o.base_all, why) < 0)
				sc_usage_error("--base-url: %s", why);
			break;
		}
		default:
			if (optopt && optopt < 256 && strchr("p", optopt))
				sc_usage_error("option -%c needs an argument", optopt);
			sc_usage_error("bad option '%s' (unknown, or missing its argument)", argv[optind - 1]);
		}
	}
	if (optind < argc)
		sc_usage_error("unexpected argument '%s'", argv[optind]);
	if (!per_host_set || o.per_host > o.parallel)
		o.per_host = o.parallel;
	if (o.sources) {
		static const char *const known[] = {"comments", "messages", "mentions", "tweets",
						    "reviews", NULL};
		sc_opt_list("--source", o.sources, known);
	}

	sc_error_clear(&e);
	ps = sc_profiles_load(profiles_path, &e);
	if (ps == NULL)
		sc_die_error(&e);
	sel = sc_xcalloc(ps->n + 1, 1);
	for (i = 0; i < ps->n; i++)
		sel[i] = npats == 0;
	for (k = 0; k < npats; k++) {
		int any = 0;
		for (i = 0; i < ps->n; i++)
			if (fnmatch(pats[k], ps->v[i].name, 0) == 0) {
				sel[i] = 1;
				any = 1;
				if (!has_glob(pats[k]) && sc_platform_parse(ps->v[i].platform) < 0)
					sc_warn("profile %s: platform %s is not fetched by sc-fetch, skipped",
						ps->v[i].name, ps->v[i].platform);
			}
		if (!any)
			sc_usage_error("--profile: no profile in %s matches '%s'", profiles_path, pats[k]);
	}

	if (state_dir == NULL)
		state_dir = sc_fetch_default_state_dir_new();
	if (state_dir == NULL)
		sc_die(SC_EX_CONFIG, "no state directory: set XDG_STATE_HOME or HOME, or use --state");
	o.state_dir = state_dir;
	lockfd = sc_fetch_lock(state_dir, &e);
	if (lockfd < 0)
		sc_die_error(&e);

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	o.stop = &got_signal;
	o.msg = on_msg;
	o.progress = isatty(2) && !o.verbose;

	if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK)
		sc_die(SC_EX_SOFTWARE, "cannot initialise libcurl");
	oc = sc_xcalloc(ps->n + 1, sizeof(*oc));
	sc_out_init(&out, 1);
	status = sc_fetch_run(&o, ps, sel, &out, oc);
	if (progress_shown)
		fputs("\r\033[K", stderr);
	if (sc_out_close(&out) < 0 || status == SC_EX_IOERR) {
		if (out.failed)
			status = sc_out_fail(&out);
		else if (status != SC_EX_IOERR)
			status = SC_EX_IOERR;
	}
	for (i = 0; i < ps->n && oc[i].profile; i++)
		if (oc[i].status != 0)
			sc_warn("profile %s: %s", oc[i].profile, oc[i].reason);
	if (got_signal && status == 128 + got_signal)
		sc_warn("interrupted; state kept for the sources that finished");
	curl_global_cleanup();
	free(oc);
	free(sel);
	free(pats);
	free(state_dir);
	sc_profiles_free(ps);
	close(lockfd);
	return status;
}
