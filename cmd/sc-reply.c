/*
 * sc-reply - draft personal, on-brand replies to customer messages from
 * replies.csv templates: the Polish vocative in the greeting, the
 * profile's tone of voice, a move to private messages when personal data
 * is involved, 5P crisis templates that need approval, platform length
 * limits and reply windows.  With --send, posts the drafts and carries out
 * triage's hide/delete through the platform APIs exactly once (outbox
 * journal, lib/reply_send.c).  Also previews greetings (--greeting), checks
 * replies.csv (--lint) and verifies the outbox journal (--verify-journal).
 * The logic is in lib/reply*.c.
 */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"
#include "record.h"
#include "reply.h"
#include "reply_journal.h"
#include "reply_send.h"
#include <curl/curl.h>

static const char usage_text[] =
	"usage: sc-reply -r replies.csv [-p profiles.csv] [-l code] [--formal | --informal]\n"
	"                [--now time] [--private-tags list] [--journal file]\n"
	"                [--rejects file] [--strict] [--max-line size] [file ...]\n"
	"       sc-reply --send --journal file -p profiles.csv [-r replies.csv] [--approve]\n"
	"                [--allow-delete] [--forget-caps] [--agent name] [--base-url [platform=]url]\n"
	"                [--retries n] [--backoff ms] [--max-wait duration]\n"
	"                [--timeout duration] [file ...]\n"
	"       sc-reply --greeting name [--formal] [-l code]\n"
	"       sc-reply --lint replies.csv [-p profiles.csv]\n"
	"       sc-reply --verify-journal file [--expect-head hash]\n";

struct run {
	struct sc_reply_opts opts;
	struct sc_reply_state state;
	struct sc_send_opts sopts;
	struct sc_send_state sstate;
	int send, draft;
	struct sc_out out;
	int status;
	struct sc_record *cur;	/* the record being drafted */
};

/* the one member sc-reply owns: everything else is written as it came */
static const char *const reply_key[] = {"reply"};

static int
each(void *ctx, struct sc_input *in, const struct sc_line *l, json_t *rec)
{
	struct run *r = ctx;
	struct sc_error e;

	(void)in;
	(void)l;
	sc_error_clear(&e);
	if (r->draft && sc_reply_record(&r->opts, &r->state, rec, &e) < 0) {
		sc_warn_error(&e);
		r->status = e.status;
		return 1;
	}
	if (r->send) {
		json_t *brand = json_array(), *b;
		size_t i;
		int rc = sc_send_record(&r->sopts, &r->sstate, rec, brand, &e);
		json_t *rp = json_object_get(rec, "reply");
		const char *err = sc_json_str(rp, "error");
		const char *merr = sc_json_path_str(rp, "moderation.error");

		/* one line per failure, with the input position */
		if (err)
			sc_warn("%s:%ld: %s: reply failed: %s", l->file, l->lineno,
				sc_json_str(rec, "id"), err);
		if (merr)
			sc_warn("%s:%ld: %s: %s failed: %s", l->file, l->lineno, sc_json_str(rec, "id"),
				sc_json_path_str(rp, "moderation.action"), merr);

		/* the customer's record first, then what was sent in reply */
		if (sc_out_splice_rec(&r->out, r->cur, rec, reply_key, 1) < 0) {
			json_decref(brand);
			return 1;
		}
		json_array_foreach(brand, i, b)
			if (sc_out_json(&r->out, b) < 0) {
				json_decref(brand);
				return 1;
			}
		json_decref(brand);
		if (sc_out_flush(&r->out) < 0)
			return 1;
		if (rc < 0) {
			sc_warn_error(&e);
			r->status = e.status ? e.status : SC_EX_IOERR;
			return 1;
		}
		return 0;
	}
	if (sc_out_splice_rec(&r->out, r->cur, rec, reply_key, 1) < 0)
		return 1;
	return 0;
}

/*
 * Drafting alone reads a few members and splices "reply" onto the line:
 * sc_reply_record_spans reads the record layer's spans (only a triage
 * member becomes a json_t) and builds the reply object, nothing else.
 * Sending, a line with "reply" twice (which the splice refuses and
 * writes whole) and a record read through jansson (SC_JSON=jansson,
 * deeper than the scanner reads) take the full record.
 */
static int
each_rec(void *ctx, struct sc_input *in, const struct sc_line *l, struct sc_record *sr)
{
	struct run *r = ctx;
	struct sc_error e;
	json_t *rec;
	int rc, dup;

	sc_error_clear(&e);
	dup = sc_record_dup(sr, SC_R_REPLY);
	if (!r->send && !dup && sc_reply_passes(&r->state, sr))
		/* passed through untouched: the line as it came (a reply
		   already there included, numbers and escapes as written) */
		return sc_out_splice_rec(&r->out, sr, NULL, NULL, 0) < 0;
	if (!r->send && !dup && sr->nmembers >= 0 && sr->own == NULL && sr->dom == NULL) {
		/* drafting from the spans: only the reply object is built */
		json_t *rp = sc_reply_record_spans(&r->opts, &r->state, sr, &e, &rc);

		if (rc < 0) {
			json_decref(rp);
			sc_warn_error(&e);
			r->status = e.status;
			return 1;
		}
		rec = json_object();
		json_object_set_new(rec, "reply", rp);
		rc = sc_out_splice_rec(&r->out, sr, rec, reply_key, 1) < 0;
		json_decref(rec);
		return rc;
	}
	if (r->send || dup)
		rec = json_incref(sc_record_dom(sr, &e));
	else
		rec = sc_reply_pick(sr);
	if (rec == NULL) {
		sc_input_reject(in, l->file, l->lineno, l->text, l->len, "%s",
				e.text[0] ? e.text : "record could not be built");
		return 0;
	}
	r->cur = sr;
	rc = each(ctx, in, l, rec);
	r->cur = NULL;
	json_decref(rec);
	return rc;
}

static void
lint_report(void *ctx, const struct sc_error *e)
{
	(void)ctx;
	sc_warn_error(e);
}

static int
do_lint(const char *path, const char *profiles)
{
	struct sc_error e;
	struct sc_profiles *p = NULL;
	long n;

	sc_error_clear(&e);
	if (profiles && (p = sc_profiles_load(profiles, &e)) == NULL)
		sc_die_error(&e);
	n = sc_replies_lint(path, p, lint_report, NULL, &e);
	sc_profiles_free(p);
	if (n < 0) {
		sc_warn_error(&e);	/* a table error: bad CSV, missing column */
		return e.status ? e.status : SC_EX_CONFIG;
	}
	if (n > 0) {
		sc_warn("%s: %ld problem%s", path, n, n == 1 ? "" : "s");
		return SC_EX_CONFIG;
	}
	return 0;
}

static int
do_verify(const char *path, const char *head)
{
	struct sc_journal_report rep;
	struct sc_error e;
	int fd = strcmp(path, "-") == 0 ? 0 : open(path, O_RDONLY);

	if (fd < 0) {
		sc_warn("%s: %s", path, strerror(errno));
		return SC_EX_NOINPUT;
	}
	sc_error_clear(&e);
	if (sc_journal_verify(fd, path, head, &rep, &e) < 0) {
		sc_warn_error(&e);
		if (fd != 0)
			close(fd);
		return e.status ? e.status : SC_EX_DATAERR;
	}
	if (fd != 0)
		close(fd);
	printf("%s: %ld entr%s, head %s\n", path, rep.entries, rep.entries == 1 ? "y" : "ies",
	       rep.head);
	if (fflush(stdout) != 0 || ferror(stdout)) {
		sc_warn("write error: %s", strerror(errno));
		return SC_EX_IOERR;
	}
	return 0;
}

static int
do_greeting(const char *name, const char *lang, int formal)
{
	struct sc_name n;
	char g[200];

	sc_name_parse(name, &n);
	sc_reply_greeting(&n, lang, formal, g, sizeof(g));
	printf("%s\n", g);
	if (fflush(stdout) != 0 || ferror(stdout)) {
		sc_warn("write error: %s", strerror(errno));
		return SC_EX_IOERR;
	}
	return 0;
}

enum {
	OPT_FORMAL = 256, OPT_INFORMAL, OPT_NOW, OPT_PRIVATE_TAGS, OPT_JOURNAL, OPT_REJECTS,
	OPT_STRICT, OPT_GREETING, OPT_LINT, OPT_VERIFY, OPT_EXPECT_HEAD, OPT_VERSION,
	OPT_SEND, OPT_APPROVE, OPT_ALLOW_DELETE, OPT_FORGET_CAPS, OPT_AGENT, OPT_BASE, OPT_RETRIES, OPT_BACKOFF,
	OPT_MAXWAIT, OPT_TIMEOUT, OPT_MAX_LINE
};

int
main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{"replies", required_argument, NULL, 'r'},
		{"profiles", required_argument, NULL, 'p'},
		{"lang", required_argument, NULL, 'l'},
		{"formal", no_argument, NULL, OPT_FORMAL},
		{"informal", no_argument, NULL, OPT_INFORMAL},
		{"now", required_argument, NULL, OPT_NOW},
		{"private-tags", required_argument, NULL, OPT_PRIVATE_TAGS},
		{"journal", required_argument, NULL, OPT_JOURNAL},
		{"rejects", required_argument, NULL, OPT_REJECTS},
		{"strict", no_argument, NULL, OPT_STRICT},
		{"greeting", required_argument, NULL, OPT_GREETING},
		{"lint", required_argument, NULL, OPT_LINT},
		{"verify-journal", required_argument, NULL, OPT_VERIFY},
		{"expect-head", required_argument, NULL, OPT_EXPECT_HEAD},
		{"send", no_argument, NULL, OPT_SEND},
		{"approve", no_argument, NULL, OPT_APPROVE},
		{"allow-delete", no_argument, NULL, OPT_ALLOW_DELETE},
		{"forget-caps", no_argument, NULL, OPT_FORGET_CAPS},
		{"agent", required_argument, NULL, OPT_AGENT},
		{"base-url", required_argument, NULL, OPT_BASE},
		{"retries", required_argument, NULL, OPT_RETRIES},
		{"backoff", required_argument, NULL, OPT_BACKOFF},
		{"max-wait", required_argument, NULL, OPT_MAXWAIT},
		{"timeout", required_argument, NULL, OPT_TIMEOUT},
		{"max-line", required_argument, NULL, OPT_MAX_LINE},
		{"help", no_argument, NULL, 'h'},
		{"version", no_argument, NULL, OPT_VERSION},
		{NULL, 0, NULL, 0}
	};
	const char *replies = NULL, *profiles = NULL, *journal = NULL, *rejects = NULL;
	const char *greeting = NULL, *lint = NULL, *verify = NULL, *head = NULL;
	struct sc_reply_opts ro;
	int strict = 0, c, status;
	struct sc_error e;
	struct sc_input in;
	struct sc_journal jr;
	struct run r;
	struct sc_send_opts so;
	int send = 0;
	size_t max_line = SC_MAX_LINE_DEFAULT;

	sc_reply_opts_init(&ro);
	sc_send_opts_init(&so);
	sc_cli_init(argv[0]);
	argv[0] = (char *)sc_prog;	/* getopt names the program as sc(7) does */
	while ((c = getopt_long(argc, argv, "r:p:l:h", longopts, NULL)) != -1) {
		switch (c) {
		case 'r': replies = optarg; break;
		case 'p': profiles = optarg; break;
		case 'l':
			if (!sc_reply_lang_code(optarg))
				sc_usage_error("--lang: want an ISO 639-1 code (pl, en, uk, de...), not '%s'",
					       optarg);
			ro.lang_code = optarg;
			ro.lang = strcmp(optarg, "pl") == 0 ? SC_LANG_PL : SC_LANG_EN;
			break;
		case OPT_FORMAL: ro.formal = 1; break;
		case OPT_INFORMAL: ro.formal = 0; break;
		case OPT_NOW: ro.now = sc_opt_instant("--now", optarg); break;
		case OPT_PRIVATE_TAGS: ro.private_tags = optarg; break;
		case OPT_JOURNAL: journal = optarg; break;
		case OPT_REJECTS: rejects = optarg; break;
		case OPT_STRICT: strict = 1; break;
		case OPT_GREETING: greeting = optarg; break;
		case OPT_LINT: lint = optarg; break;
		case OPT_VERIFY: verify = optarg; break;
		case OPT_EXPECT_HEAD:
			if (strlen(optarg) != 64 || strspn(optarg, "0123456789abcdef") != 64)
				sc_usage_error("--expect-head wants a SHA-256 in lower-case hex");
			head = optarg;
			break;
		case OPT_SEND: send = 1; break;
		case OPT_APPROVE: so.approve = 1; break;
		case OPT_ALLOW_DELETE: so.allow_delete = 1; break;
		case OPT_FORGET_CAPS: so.forget_caps = 1; break;
		case OPT_AGENT:
			if (*optarg == '\0' || strlen(optarg) > 200)
				sc_usage_error("--agent: want a name of 1 to 200 bytes");
			so.agent = optarg;
			break;
		case OPT_RETRIES: so.retries = (int)sc_opt_long("--retries", optarg, 0, 100); break;
		case OPT_BACKOFF: so.backoff_ms = sc_opt_long("--backoff", optarg, 1, 600000); break;
		case OPT_MAXWAIT:
			so.max_wait = sc_opt_duration("--max-wait", optarg, 0, SC_DURATION_MAX);
			break;
		case OPT_TIMEOUT:
			so.timeout = sc_opt_duration("--timeout", optarg, 1, SC_DURATION_MAX);
			break;
		case OPT_MAX_LINE:
			max_line = sc_opt_size("--max-line", optarg, SC_MAX_LINE_MIN, SC_MAX_LINE_MAX);
			break;
		case OPT_BASE: {
			char why[200];
			if (sc_base_url_arg(optarg, so.base, &so.base_all, why) < 0)
				sc_usage_error("--base-url: %s", why);
			break;
		}
		case 'h': sc_print_usage(usage_text);
		case OPT_VERSION: sc_print_version();
		default:
			fprintf(stderr, "Try '%s --help' for more information.\n", sc_prog);
			return SC_EX_USAGE;
		}
	}
	if ((greeting != NULL) + (lint != NULL) + (verify != NULL) > 1)
		sc_usage_error("--greeting, --lint and --verify-journal do not mix");
	if (head && !verify)
		sc_usage_error("--expect-head goes with --verify-journal");
	if ((greeting || lint || verify) && optind < argc)
		sc_usage_error("unexpected argument '%s'", argv[optind]);
	if (greeting)
		return do_greeting(greeting, ro.lang_code, ro.formal == 1);
	if (lint)
		return do_lint(lint, profiles);
	if (verify)
		return do_verify(verify, head);
	if (send && journal == NULL)
		sc_usage_error("--send needs --journal FILE (the outbox journal)");
	if (send && profiles == NULL)
		sc_usage_error("--send needs -p profiles.csv (tokens and account ids)");
	if (!send && (so.approve || so.allow_delete || so.forget_caps || so.agent || so.base_all))
		sc_usage_error("--approve, --allow-delete, --forget-caps, --agent and --base-url go with --send");
	if (replies == NULL && !send)
		sc_usage_error("no replies.csv (use -r FILE)");

	memset(&r, 0, sizeof(r));
	r.opts = ro;
	sc_error_clear(&e);
	if (replies) {
		r.opts.replies = sc_replies_load(replies, 0, NULL, NULL, &e);
		if (r.opts.replies == NULL)
			sc_die_error(&e);
		r.draft = 1;
	}
	r.opts.replies_name = replies;
	if (profiles) {
		r.opts.profiles = sc_profiles_load(profiles, &e);
		if (r.opts.profiles == NULL)
			sc_die_error(&e);
	}
	if (journal) {
		if (sc_journal_open(&jr, journal, &e) < 0)
			sc_die_error(&e);
		r.opts.journal = &jr;
	}
	if (send) {
		if (curl_global_init(CURL_GLOBAL_DEFAULT) != 0)
			sc_die(SC_EX_OSERR, "cannot initialise libcurl");
		so.profiles = r.opts.profiles;
		so.now = ro.now;
		so.journal = &jr;
		r.sopts = so;
		r.send = 1;
		if (sc_send_init(&r.sstate, &r.sopts, &e) < 0)
			sc_die_error(&e);
	}
	sc_reply_state_init(&r.state);
	sc_out_init(&r.out, 1);
	sc_input_init(&in);
	in.strict = strict;
	in.max_line = max_line;
	if (rejects)
		sc_input_open_rejects(&in, rejects);
	sc_input_each_rec(&in, argv + optind, argc - optind, 1, each_rec, &r);
	status = in.status;
	if (r.send)
		status = sc_status_worst(status, r.sstate.status);
	status = sc_status_worst(status, r.status);
	if (sc_out_close(&r.out) < 0)
		status = sc_status_worst(status, sc_out_fail(&r.out));
	if (sc_input_close(&in) < 0)
		status = sc_status_worst(status, SC_EX_IOERR);
	if (journal && sc_journal_close(&jr, &e) < 0) {
		sc_warn_error(&e);
		status = sc_status_worst(status, SC_EX_IOERR);
	}
	if (r.send) {
		if (r.sstate.failed)
			sc_warn("%ld sent, %ld resolved, %ld already sent, %ld moderated, %ld held, %ld failed",
				r.sstate.sent, r.sstate.resolved, r.sstate.already, r.sstate.moderated,
				r.sstate.held, r.sstate.failed);
		sc_send_release(&r.sstate);
		curl_global_cleanup();
	}
	sc_reply_state_release(&r.state);
	sc_replies_free((struct sc_replies *)r.opts.replies);
	sc_profiles_free((struct sc_profiles *)r.opts.profiles);
	return status;
}
