/*
 * sc-normalize - turn platform data (sc-fetch envelopes, API responses
 * saved by hand, webhook payloads, CSV exports, twcs) into schema-1
 * records, one per line, deduplicated by id.  The work is in
 * lib/normalize*.c; this file parses options, opens files, maps the
 * outcome to an exit status.
 */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"
#include "api.h"
#include "normalize.h"

static const char usage_text[] =
	"usage: sc-normalize [-f format] [-b id ...] [-p profiles.csv] [-m map]\n"
	"                    [--platform name] [--profile name] [--keep-raw]\n"
	"                    [--no-dedupe] [--max-line size] [--max-doc size]\n"
	"                    [--rejects file] [--strict] [--consult-key spec]\n"
	"                    [--now time] [file ...]\n"
	"\n"
	"  -f, --from FORMAT     envelope, facebook, facebook-webhook, instagram,\n"
	"                        instagram-webhook, x, twitter, youtube, tiktok,\n"
	"                        linkedin, google, csv, twcs, email (default: detect)\n"
	"  -b, --brand-id ID     an account id (or handle) of the brand; repeatable\n"
	"  -p, --profiles FILE   profiles.csv: brand account ids and their labels\n"
	"  -m, --map SPEC        CSV columns: id=COL,text=COL,created_at=COL,...\n"
	"      --platform NAME   platform of CSV records (default csv)\n"
	"      --profile NAME    profile of every record\n"
	"      --keep-raw        keep the platform item in \"raw\"\n"
	"      --no-dedupe       write every item, even repeated ones\n"
	"      --max-line SIZE   longest input line (default 1M)\n"
	"      --max-doc SIZE    largest multi-line JSON document (default 16M)\n"
	"      --rejects FILE    append rejected input there, verbatim\n"
	"      --strict          stop at the first rejected input\n"
	"      --consult-key SPEC  email: variable or 0600 file with the reply\n"
	"                        address key (default SC_CONSULT_KEY)\n"
	"      --now TIME        email: check reply address expiry at TIME\n"
	"  -h, --help            this help\n"
	"      --version         print the version\n";

enum { OPT_PLATFORM = 256, OPT_PROFILE, OPT_KEEP_RAW, OPT_NO_DEDUPE, OPT_MAX_LINE,
       OPT_MAX_DOC, OPT_REJECTS, OPT_STRICT, OPT_VERSION, OPT_CONSULT_KEY, OPT_NOW };

static const struct option longopts[] = {
	{"from", required_argument, NULL, 'f'},
	{"brand-id", required_argument, NULL, 'b'},
	{"profiles", required_argument, NULL, 'p'},
	{"map", required_argument, NULL, 'm'},
	{"platform", required_argument, NULL, OPT_PLATFORM},
	{"profile", required_argument, NULL, OPT_PROFILE},
	{"keep-raw", no_argument, NULL, OPT_KEEP_RAW},
	{"no-dedupe", no_argument, NULL, OPT_NO_DEDUPE},
	{"max-line", required_argument, NULL, OPT_MAX_LINE},
	{"max-doc", required_argument, NULL, OPT_MAX_DOC},
	{"rejects", required_argument, NULL, OPT_REJECTS},
	{"strict", no_argument, NULL, OPT_STRICT},
	{"consult-key", required_argument, NULL, OPT_CONSULT_KEY},
	{"now", required_argument, NULL, OPT_NOW},
	{"help", no_argument, NULL, 'h'},
	{"version", no_argument, NULL, OPT_VERSION},
	{NULL, 0, NULL, 0}
};

static const char *map_keys[SC_MAP_N] = {
	"id", "text", "created_at", "author", "author_name", "thread_id", "parent_id",
	"kind", "visibility", "profile", "lang", "url", "rating", "is_brand", "agent"
};

/* "id=COL,text=COL,..." -> o->map; the strings live in the returned copy
   of spec, which the caller frees after the run. */
static char *
parse_map(struct sc_norm_opts *o, const char *spec)
{
	char *copy = sc_xstrdup(spec), *p = copy;

	while (p && *p) {
		char *comma = strchr(p, ','), *eq;
		int k;
		if (comma)
			*comma = '\0';
		eq = strchr(p, '=');
		if (eq == NULL || eq == p || eq[1] == '\0')
			sc_usage_error("--map: want FIELD=COLUMN, got '%s'", p);
		*eq = '\0';
		for (k = 0; k < SC_MAP_N; k++)
			if (strcmp(map_keys[k], p) == 0)
				break;
		if (k == SC_MAP_N)
			sc_usage_error("--map: unknown field '%s'", p);
		o->map[k] = eq + 1;
		p = comma ? comma + 1 : NULL;
	}
	return copy;
}

static int
on_reject(void *ctx, const char *file, long line, const char *raw, size_t len,
	  const char *reason)
{
	struct sc_input *in = ctx;

	if (raw == NULL) {
		/* an over-long line: the reader already copied it to --rejects */
		FILE *keep = in->rejects;
		in->rejects = NULL;
		sc_input_reject(in, file, line, "", 0, "%s", reason);
		in->rejects = keep;
	} else {
		sc_input_reject(in, file, line, raw, len, "%s", reason);
	}
	return in->stop;
}

int
main(int argc, char **argv)
{
	struct sc_norm_opts o;
	struct sc_norm n;
	struct sc_input in;
	struct sc_out out;
	struct sc_profiles *profiles = NULL;
	struct sc_error e;
	const char **brands;
	const char *rejects = NULL, *key_spec = NULL;
	char *key = NULL;
	char *mapcopy = NULL;
	size_t nbrand = 0;
	int c, i, status = 0, have_map = 0;

	sc_cli_init(argv[0]);
	argv[0] = (char *)sc_prog;	/* getopt names the program as sc(7) does */
	memset(&o, 0, sizeof(o));
	o.dedupe = 1;
	brands = sc_xcalloc((size_t)argc + 1, sizeof(char *));
	sc_input_init(&in);
	while ((c = getopt_long(argc, argv, "f:b:p:m:h", longopts, NULL)) != -1) {
		switch (c) {
		case 'f':
			o.from = sc_norm_fmt_parse(optarg);
			if (o.from < 0)
				sc_usage_error("--from: unknown format '%s'", optarg);
			break;
		case 'b':
			if (*optarg == '\0')
				sc_usage_error("--brand-id: empty id");
			brands[nbrand++] = optarg;
			break;
		case 'p':
			sc_error_clear(&e);
			if (profiles)
				sc_usage_error("--profiles given twice");
			profiles = sc_profiles_load(optarg, &e);
			if (profiles == NULL)
				sc_die_error(&e);
			break;
		case 'm':
			free(mapcopy);
			memset(o.map, 0, sizeof(o.map));
			mapcopy = parse_map(&o, optarg);
			have_map = 1;
			break;
		case OPT_PLATFORM:
			if (*optarg == '\0' || strchr(optarg, ':'))
				sc_usage_error("--platform: bad name '%s'", optarg);
			o.platform = optarg;
			break;
		case OPT_PROFILE:
			if (*optarg == '\0')
				sc_usage_error("--profile: empty name");
			o.profile = optarg;
			break;
		case OPT_KEEP_RAW:
			o.keep_raw = 1;
			break;
		case OPT_NO_DEDUPE:
			o.dedupe = 0;
			break;
		case OPT_MAX_LINE:
			o.max_line = sc_opt_size("--max-line", optarg, SC_MAX_LINE_MIN, SC_MAX_LINE_MAX);
			break;
		case OPT_MAX_DOC:
			o.max_doc = sc_opt_size("--max-doc", optarg, SC_MAX_LINE_MIN, SC_MAX_DOC_MAX);
			break;
		case OPT_REJECTS:
			rejects = optarg;
			break;
		case OPT_CONSULT_KEY:
			key_spec = optarg;
			break;
		case OPT_NOW:
			o.now = sc_opt_time("--now", optarg, (int64_t)time(NULL));
			break;
		case OPT_STRICT:
			in.strict = 1;
			break;
		case 'h':
			sc_print_usage(usage_text);
		case OPT_VERSION:
			sc_print_version();
		default:
			fprintf(stderr, "Try '%s --help' for more information.\n", sc_prog);
			status = SC_EX_USAGE;
			goto done;
		}
	}
	if (have_map && o.from == SC_FMT_AUTO)
		o.from = SC_FMT_CSV;
	if (o.from == SC_FMT_CSV) {
		if (!o.map[SC_MAP_ID] || !o.map[SC_MAP_TEXT] || !o.map[SC_MAP_CREATED])
			sc_usage_error("--from csv needs --map with at least id, text and created_at");
	} else if (have_map) {
		sc_usage_error("--map is for --from csv");
	}
	if (o.platform && o.from != SC_FMT_CSV)
		sc_usage_error("--platform is for --from csv");
	if ((key_spec || o.now) && o.from != SC_FMT_EMAIL)
		sc_usage_error("--consult-key and --now are for --from email");
	if (o.from == SC_FMT_EMAIL) {
		/* the key is read here, never taken from argv itself */
		sc_error_clear(&e);
		key = sc_token_new(key_spec ? key_spec : "SC_CONSULT_KEY", NULL, &e);
		if (key == NULL)
			sc_die(SC_EX_CONFIG, "consult key: %s", e.text);
		if (strlen(key) < SC_CONSULT_KEY_MIN)
			sc_die(SC_EX_CONFIG, "consult key: shorter than %d bytes", SC_CONSULT_KEY_MIN);
		o.consult_key = key;
		o.consult_keylen = strlen(key);
	}
	o.brand_ids = brands;
	o.nbrand = nbrand;
	o.profiles = profiles;
	if (rejects)
		sc_input_open_rejects(&in, rejects);
	in.max_line = o.max_line ? o.max_line : SC_MAX_LINE_DEFAULT;

	sc_out_init(&out, 1);
	sc_norm_init(&n, &o);
	n.out = &out;
	n.reject = on_reject;
	n.reject_ctx = &in;
	n.overflow = in.rejects;

	argv += optind;
	argc -= optind;
	for (i = 0; i < (argc ? argc : 1) && !n.failed && !in.stop; i++) {
		const char *path = argc ? argv[i] : "-";
		int is_stdin = strcmp(path, "-") == 0;
		int fd = sc_input_open(&in, path);

		if (fd < 0)
			continue;
		sc_norm_fd(&n, fd, path);
		if (!is_stdin)
			close(fd);
	}
	if (n.failed) {
		if (n.err.status == SC_EX_IOERR && out.failed) {
			status = sc_out_fail(&out);
		} else {
			sc_warn_error(&n.err);
			status = n.err.status ? n.err.status : SC_EX_SOFTWARE;
		}
	}
	if (sc_out_close(&out) < 0 && status != SC_EX_IOERR)	/* else reported */
		status = sc_status_worst(status, sc_out_fail(&out));
	if (sc_input_close(&in) < 0)
		status = sc_status_worst(status, SC_EX_IOERR);
	status = sc_status_worst(status, in.status);
	sc_norm_release(&n);
done:
	sc_profiles_free(profiles);
	free(brands);
	free(mapcopy);
	sc_token_free(key);
	return status;
}
