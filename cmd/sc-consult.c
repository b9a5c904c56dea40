/*
 * sc-consult - ask an in-house expert about a case by e-mail.  Reads the
 * records (an archive, the case log), picks the conversation of the id
 * given (a thread id or any message id in it), and writes the consult
 * mail (lib/consult.c) to standard output, or with --send pipes it to
 * `sendmail -t` (or --sendmail COMMAND).  The reply address carries the
 * case, so sc-normalize --from email turns the answer into a note in the
 * thread.  The key is read from a variable or a 0600 file, never argv.
 */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>

#include "api.h"
#include "cli.h"
#include "consult.h"
#include "normalize.h"

static const char usage[] =
	"usage: sc-consult --to ADDR --reply-to ADDR --question TEXT [--from ADDR]\n"
	"                  [--valid DURATION] [--consult-key SPEC] [--show-pii] [--now TIME]\n"
	"                  [--send] [--sendmail COMMAND] [--rejects FILE] [--strict]\n"
	"                  [--max-line SIZE] ID [FILE...]\n"
	"\n"
	"      --to ADDR           the expert's address (several: comma-separated)\n"
	"      --reply-to ADDR     the care mailbox, local@domain; the reply address\n"
	"                          becomes local+TOKEN@domain\n"
	"      --question TEXT     the moderator's question\n"
	"      --from ADDR         From header (default: the reply mailbox)\n"
	"      --valid DURATION    how long the reply address works (default 14d)\n"
	"      --consult-key SPEC  variable or 0600 file with the key (default\n"
	"                          SC_CONSULT_KEY)\n"
	"      --show-pii          do not mask personal data (the expert's team may\n"
	"                          see it)\n"
	"      --now TIME          the time of sending (tests)\n"
	"      --send              pipe the mail to sendmail -t instead of printing it\n"
	"      --sendmail COMMAND  the sendmail-like command for --send (sh -c)\n"
	"      --rejects FILE      append bad input lines to FILE\n"
	"      --strict            stop at the first bad line; no mail is written\n"
	"      --max-line SIZE     the longest input line (default 1M)\n"
	"  -h, --help              this help\n"
	"      --version           the version\n";

struct pick {
	const char *id;
	char *thread;
	json_t **v;
	size_t n, cap;
};

static int
collect(void *ctx, struct sc_input *in, const struct sc_line *l, json_t *rec)
{
	struct pick *p = ctx;
	const char *id = sc_json_str(rec, "id"), *th = sc_json_str(rec, "thread_id");

	(void)in;
	(void)l;
	if (p->thread == NULL && id && strcmp(id, p->id) == 0 && th)
		p->thread = sc_xstrdup(th);
	if (p->n == p->cap) {
		p->cap = p->cap ? p->cap * 2 : 64;
		p->v = sc_xrealloc(p->v, p->cap * sizeof(*p->v));
	}
	p->v[p->n++] = json_incref(rec);
	return 0;
}

enum { O_TO = 256, O_REPLY_TO, O_QUESTION, O_FROM, O_VALID, O_KEY, O_SHOW_PII, O_NOW, O_SEND,
       O_SENDMAIL, O_REJECTS, O_STRICT, O_MAX_LINE, O_VERSION };

int
main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{"to", required_argument, NULL, O_TO},
		{"reply-to", required_argument, NULL, O_REPLY_TO},
		{"question", required_argument, NULL, O_QUESTION},
		{"from", required_argument, NULL, O_FROM},
		{"valid", required_argument, NULL, O_VALID},
		{"consult-key", required_argument, NULL, O_KEY},
		{"show-pii", no_argument, NULL, O_SHOW_PII},
		{"now", required_argument, NULL, O_NOW},
		{"send", no_argument, NULL, O_SEND},
		{"sendmail", required_argument, NULL, O_SENDMAIL},
		{"rejects", required_argument, NULL, O_REJECTS},
		{"strict", no_argument, NULL, O_STRICT},
		{"max-line", required_argument, NULL, O_MAX_LINE},
		{"help", no_argument, NULL, 'h'},
		{"version", no_argument, NULL, O_VERSION},
		{NULL, 0, NULL, 0}
	};
	struct sc_consult_opts o;
	struct sc_input in;
	struct sc_error e;
	struct pick p;
	struct sc_buf mail;
	const char *key_spec = "SC_CONSULT_KEY", *sendmail = "sendmail -t", *rejects = NULL;
	size_t max_line = 0;
	int64_t valid = 14 * 86400;
	int send = 0, strict = 0, c, status;
	size_t i, k;
	char *key;

	sc_cli_init(argv[0]);
	memset(&o, 0, sizeof(o));
	memset(&p, 0, sizeof(p));
	o.now = (int64_t)time(NULL);
	while ((c = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
		switch (c) {
		case 'h': sc_print_usage(usage);
		case O_VERSION: sc_print_version();
		case O_TO: o.to = optarg; break;
		case O_REPLY_TO: o.reply_to = optarg; break;
		case O_QUESTION: o.question = optarg; break;
		case O_FROM: o.from = optarg; break;
		case O_VALID: valid = sc_opt_duration("--valid", optarg, 60, (int64_t)3650 * 86400); break;
		case O_KEY: key_spec = optarg; break;
		case O_SHOW_PII: o.show_pii = 1; break;
		case O_NOW: o.now = sc_opt_time("--now", optarg, o.now); break;
		case O_SEND: send = 1; break;
		case O_SENDMAIL: sendmail = optarg; send = 1; break;
		case O_REJECTS: rejects = optarg; break;
		case O_STRICT: strict = 1; break;
		case O_MAX_LINE:
			max_line = sc_opt_size("--max-line", optarg, SC_MAX_LINE_MIN, SC_MAX_LINE_MAX);
			break;
		default:
			fprintf(stderr, "Try '%s --help' for more information.\n", sc_prog);
			return SC_EX_USAGE;
		}
	}
	if (optind >= argc)
		sc_usage_error("no id (a thread id or a message id)");
	if (o.to == NULL || o.reply_to == NULL || o.question == NULL)
		sc_usage_error("--to, --reply-to and --question are required");
	p.id = argv[optind++];
	sc_error_clear(&e);
	key = sc_token_new(key_spec, NULL, &e);
	if (key == NULL)
		sc_die(SC_EX_CONFIG, "consult key: %s", e.text);
	if (strlen(key) < SC_CONSULT_KEY_MIN)
		sc_die(SC_EX_CONFIG, "consult key: shorter than %d bytes", SC_CONSULT_KEY_MIN);
	o.key = key;
	o.keylen = strlen(key);
	o.until_day = (long)((o.now + valid) / 86400);

	sc_input_init(&in);
	if (max_line)
		in.max_line = max_line;
	in.strict = strict;
	if (rejects)
		sc_input_open_rejects(&in, rejects);
	sc_input_each_record(&in, argv + optind, argc - optind, 1, collect, &p);
	if (p.thread == NULL)
		p.thread = sc_xstrdup(p.id);	/* the id may be the thread id itself */
	for (i = k = 0; i < p.n; i++) {
		const char *th = sc_json_str(p.v[i], "thread_id");
		if (th && strcmp(th, p.thread) == 0)
			p.v[k++] = p.v[i];
		else
			json_decref(p.v[i]);
	}
	p.n = k;
	status = sc_input_close(&in) < 0 ? SC_EX_IOERR : in.status;
	if (strict && status)	/* the bad line is named; nothing is written or sent */
		sc_exit_flushed(status);
	if (p.n == 0)
		sc_die(status ? status : SC_EX_DATAERR, "%s: no such conversation in the input", p.id);
	o.thread = p.thread;
	sc_buf_init(&mail);
	if (sc_consult_mail(&o, p.v, p.n, &mail, &e) < 0)
		sc_die_error(&e);
	if (send) {
		FILE *f = popen(sendmail, "w");
		int rc;
		if (f == NULL)
			sc_die(SC_EX_OSERR, "%s: cannot run it", sendmail);
		fwrite(mail.data, 1, mail.len, f);
		rc = pclose(f);
		if (rc != 0)
			sc_die(SC_EX_UNAVAILABLE, "%s failed (status %d): nothing was sent",
			       sendmail, WIFEXITED(rc) ? WEXITSTATUS(rc) : rc);
	} else {
		fwrite(mail.data, 1, mail.len, stdout);
	}
	for (i = 0; i < p.n; i++)
		json_decref(p.v[i]);
	free(p.v);
	free(p.thread);
	sc_buf_release(&mail);
	memset(key, 0, strlen(key));
	free(key);
	sc_exit_flushed(status);
}
