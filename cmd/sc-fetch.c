/*
 * sc-fetch - pull new comments, messages, mentions and reviews from the
 * platform APIs for every profile in profiles.csv and print one raw
 * envelope per item (NDJSON).  Incremental per profile and source, one
 * run at a time per state directory.  The work is in lib/fetch.c.
 */
#include <errno.h>
#include <fcntl.h>
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
	"                [--max-pages N] [--slow-at PCT] [--base-url [PLATFORM=]URL ...]\n"
	"                [--spool FILE]\n"
	"       sc-fetch --audit [-p profiles.csv] [--profile NAME|GLOB ...] [--source LIST]\n"
	"                [--since DURATION|DATE] [--base-url [PLATFORM=]URL ...]\n"
	"                [--max-line SIZE] FILE ...\n";

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

/*
 * Standard output closed (sc-fetch ... >&-) would make the next open(2)
 * return 1, and envelopes would go into that file (the lock file): refuse,
 * unless --spool takes the envelopes.  A closed stdin or stderr gets
 * /dev/null for the same reason.
 */
static int stdout_closed;

static void
std_fds(void)
{
	int fd;

	if (fcntl(0, F_GETFD) < 0 && (fd = open("/dev/null", O_RDONLY)) > 0)
		close(fd);
	/* fd 1 gets /dev/null (read-only: a write there fails) so no later
	   open(2) takes it; without --spool that is an error (below) */
	if (fcntl(1, F_GETFD) < 0) {
		stdout_closed = 1;
		if ((fd = open("/dev/null", O_RDONLY)) > 1)
			close(fd);
	}
	if (fcntl(2, F_GETFD) < 0 && (fd = open("/dev/null", O_WRONLY)) > 2)
		close(fd);
	/* a reader that goes away is a write error (74), never a silent death */
	signal(SIGPIPE, SIG_IGN);
}

/*
 * --spool FILE: envelopes are appended to FILE and fsynced before any
 * state moves.  A line a killed run left half written is cut off first
 * (its item's state was not saved, so it comes again).
 */
static int
spool_open(const char *path)
{
	struct stat sb;
	int fd = open(path, O_RDWR | O_APPEND | O_CREAT | O_NOFOLLOW | O_CLOEXEC, 0600);

	if (fd < 0)
		sc_die(SC_EX_IOERR, "%s: cannot open spool: %s", path, strerror(errno));
	if (fstat(fd, &sb) < 0 || !S_ISREG(sb.st_mode))
		sc_die(SC_EX_IOERR, "%s: the spool must be a regular file", path);
	if (sb.st_size > 0) {
		off_t end = sb.st_size, keep = 0, at = end;
		char buf[4096];

		/* back to the last newline */
		while (at > 0 && keep == 0) {
			size_t n = at > (off_t)sizeof(buf) ? sizeof(buf) : (size_t)at;
			ssize_t k;
			at -= (off_t)n;
			k = pread(fd, buf, n, at);
			if (k != (ssize_t)n)
				sc_die(SC_EX_IOERR, "%s: cannot read spool: %s", path, strerror(errno));
			while (k > 0 && keep == 0)
				if (buf[--k] == '\n')
					keep = at + k + 1;
		}
		if (keep != end) {
			sc_warn("%s: dropping a half-written last line (%lld bytes) left by an interrupted run",
				path, (long long)(end - keep));
			if (ftruncate(fd, keep) < 0 || fsync(fd) < 0)
				sc_die(SC_EX_IOERR, "%s: cannot cut spool: %s", path, strerror(errno));
		}
	}
	return fd;
}

/* --audit: the platforms' counts against the archive, a report on stdout. */
static int
run_audit(const struct sc_fetch_opts *o, const struct sc_profiles *ps, const unsigned char *sel,
	  char *const *files, size_t nfiles, size_t max_line)
{
	struct sc_audit_opts a;
	struct sc_error e;
	struct sc_out out;
	int status, i;

	memset(&a, 0, sizeof(a));
	a.profiles = ps;
	a.base_all = o->base_all;
	for (i = 0; i < SC_PLAT_N; i++)
		a.base[i] = o->base[i];
	a.sources = o->sources;
	a.since = o->have_since ? o->since : o->now - 7 * 86400;
	a.now = o->now;
	a.timeout = o->timeout;
	a.max_wait = o->max_wait;
	a.retries = o->retries;
	a.backoff_ms = o->backoff_ms;
	a.max_pages = o->max_pages;
	a.max_line = max_line;
	if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK)
		sc_die(SC_EX_SOFTWARE, "cannot initialise libcurl");
	sc_error_clear(&e);
	sc_out_init(&out, 1);
	status = sc_fetch_audit(&a, sel, files, nfiles, &out, on_msg, NULL, &e);
	if (status < 0)
		sc_die_error(&e);
	if (sc_out_close(&out) < 0)
		status = sc_out_fail(&out);
	curl_global_cleanup();
	return status;
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
	       O_RETRIES, O_BACKOFF, O_MAXWAIT, O_TIMEOUT, O_OVERLAP, O_POSTWIN, O_MAXPAGES, O_SLOWAT,
	       O_BASE, O_SPOOL, O_AUDIT, O_MAX_LINE, O_VERSION };
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
		{"slow-at", required_argument, NULL, O_SLOWAT},
		{"base-url", required_argument, NULL, O_BASE},
		{"spool", required_argument, NULL, O_SPOOL},
		{"audit", no_argument, NULL, O_AUDIT},
		{"max-line", required_argument, NULL, O_MAX_LINE},
		{NULL, 0, NULL, 0}
	};
	struct sc_fetch_opts o;
	struct sc_profiles *ps;
	struct sc_fetch_outcome *oc;
	struct sc_error e;
	struct sc_out out;
	struct rlimit rl = {0, 0};
	struct sigaction sa;
	const char *profiles_path = "profiles.csv", *spool = NULL;
	const char **pats = NULL;
	size_t npats = 0, i, k;
	unsigned char *sel;
	char *state_dir = NULL;
	int c, status, lockfd, outfd = 1, per_host_set = 0, audit = 0;
	size_t max_line = 0;

	sc_cli_init(argv[0]);
	std_fds();
	argv[0] = (char *)sc_prog;	/* getopt names the program as sc(7) does */
	umask(077);
	setrlimit(RLIMIT_CORE, &rl);
	sc_fetch_opts_init(&o);
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
			if (o.since > o.now)
				sc_usage_error("--since: '%s' is in the future", optarg);
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
		case O_SLOWAT:
			o.slow_at = (int)sc_opt_long("--slow-at", optarg, 1, 100);
			break;
		case O_SPOOL:
			spool = optarg;
			break;
		case O_MAX_LINE:
			max_line = sc_opt_size("--max-line", optarg, SC_MAX_LINE_MIN, SC_MAX_LINE_MAX);
			break;
		case O_AUDIT:
			audit = 1;
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
	if (optind < argc && !audit)
		sc_usage_error("unexpected argument '%s'", argv[optind]);
	if (audit && optind == argc)
		sc_usage_error("--audit: name the archive files (sc-fetch's envelopes), or - for stdin");
	if (audit && spool)
		sc_usage_error("--audit reads files; --spool is for fetching");
	if (max_line && !audit)
		sc_usage_error("--max-line is for --audit (a fetch reads no files)");
	if (stdout_closed && (audit || spool == NULL))
		sc_die(SC_EX_IOERR, audit ? "standard output is closed; --audit writes its report there"
					  : "standard output is closed; give it a file or use --spool FILE");
	if (!per_host_set || o.per_host > o.parallel)
		o.per_host = o.parallel;
	if (o.sources) {
		static const char *const known[] = {"comments", "messages", "mentions", "tweets",
						    "reviews", "visitor_posts", "ratings", "search", "notifications",
						    NULL};
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

	if (audit) {
		status = run_audit(&o, ps, sel, argv + optind, (size_t)(argc - optind), max_line);
		free(sel);
		free(pats);
		free(state_dir);
		sc_profiles_free(ps);
		return status;
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
	if (spool != NULL)
		outfd = spool_open(spool);
	oc = sc_xcalloc(ps->n + 1, sizeof(*oc));
	sc_out_init(&out, outfd);
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
	if (outfd != 1)
		close(outfd);
	close(lockfd);
	return status;
}
