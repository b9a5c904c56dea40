/*
 * sc-triage - classify customer messages: category, sentiment, priority,
 * tags, team, action, personal data and SLA deadline, by rules.csv, the
 * built-in Polish/English lexicons and optional trained models.  Adds
 * "triage" to every customer message; everything else passes through
 * byte for byte.  Also trains (--train), backtests (--eval) and compares
 * two rule files (--diff).  The logic is in lib/triage*.c.
 */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "triage.h"

static const char usage[] =
	"usage: sc-triage [-r rules.csv] [-l lexicon] [-p profiles.csv] [-m model]...\n"
	"                 [--history file]... [--identities file] [--sla duration]\n"
	"                 [--redact] [--no-lexicon] [--no-morphology] [--dictionary path]\n"
	"                 [--rejects file] [--strict] [--max-line size] [file ...]\n"
	"       sc-triage --train file -o model [--target category|sentiment]\n"
	"                 [--learner auto|nb|logreg] [--bits n] [--alpha a] [file ...]\n"
	"       sc-triage --eval [--target category|sentiment] [options] [file ...]\n"
	"       sc-triage --diff old-rules.csv [options] [file ...]\n";

enum { MODE_FILTER, MODE_TRAIN, MODE_EVAL, MODE_DIFF };

struct run {
	int mode;
	int target;
	struct sc_triage *t, *old;
	struct sc_out out;
	struct sc_buf line;
	struct sc_trainer *train;
	struct sc_eval *eval, *learner_eval[2];	/* --eval: each learner of the model */
	long unlabelled, labelled;
	struct sc_history *hist;
	struct sc_text text;
	const struct sc_model *eval_model;	/* the model of --target, with both learners */
};

static int
on_record(void *ctx, struct sc_input *in, const struct sc_line *l, json_t *rec)
{
	struct run *r = ctx;
	struct sc_decision d, od;
	const char *gold;

	(void)in;
	if (r->mode == MODE_FILTER) {
		sc_buf_reset(&r->line);
		sc_triage_line(r->t, rec, l->text, l->len, &r->line);
		return sc_out_line(&r->out, r->line.data, r->line.len) < 0;
	}
	if (!sc_triage_wants(rec))
		return 0;
	if (r->mode == MODE_TRAIN) {
		const json_t *tv = json_object_get(rec, "text");
		if ((gold = sc_triage_gold(rec, r->target)) == NULL) {
			r->unlabelled++;
			return 0;
		}
		sc_text_set(&r->text, json_string_value(tv), json_string_length(tv), NULL);
		sc_trainer_add(r->train, &r->text, gold);
		r->labelled++;
		return 0;
	}
	if (r->mode == MODE_EVAL) {
		if ((gold = sc_triage_gold(rec, r->target)) == NULL) {
			r->unlabelled++;
			return 0;
		}
		sc_triage_decide(r->t, rec, &d);
		r->labelled++;
		sc_eval_add(r->eval, gold, r->target == 0 ? sc_categories[d.category]
							 : sc_sentiments[d.sentiment]);
		if (r->eval_model) {
			int k;
			for (k = 0; k < 2; k++) {
				const char *lab;
				if (r->learner_eval[k] &&
				    (lab = sc_model_predict_as(r->eval_model, k, sc_triage_text(r->t),
							       NULL)) != NULL)
					sc_eval_add(r->learner_eval[k], gold, lab);
			}
		}
		return 0;
	}
	/* MODE_DIFF: what the old rules decide against the new ones */
	sc_triage_decide(r->old, rec, &od);
	sc_triage_decide(r->t, rec, &d);
	sc_buf_reset(&r->line);
	if (sc_decision_diff(sc_json_str(rec, "id"), &od, &d, &r->line))
		return sc_out_line(&r->out, r->line.data, r->line.len) < 0;
	return 0;
}

/* The filter: every record from its spans (no DOM), the triage spliced
   onto the line as it came. */
static int
on_rec(void *ctx, struct sc_input *in, const struct sc_line *l, struct sc_record *rec)
{
	struct run *r = ctx;
	struct sc_error e;

	sc_buf_reset(&r->line);
	sc_error_clear(&e);
	if (sc_triage_rec_line(r->t, rec, &r->line, &e) < 0) {
		sc_input_reject(in, l->file, l->lineno, l->text, l->len, "%s", e.text);
		return 0;
	}
	return sc_out_line(&r->out, r->line.data, r->line.len) < 0;
}

/* History is context: a bad line is reported, never fatal. */
static void
history_warn(void *ctx, const char *path, long line, const char *reason)
{
	(void)ctx;
	sc_warn("%s:%ld: history: %s", path, line, reason);
}

/* The decision's report, then one per learner of the model, each line
   prefixed with the learner's name ("nb accuracy 0.91 ..."). */
static void
print_eval(struct run *r)
{
	static const char *const names[2] = {"nb", "logreg"};
	int k;

	sc_buf_reset(&r->line);
	sc_eval_report(r->eval, &r->line);
	for (k = 0; k < 2; k++) {
		struct sc_buf sub;
		size_t i = 0;
		if (!r->learner_eval[k] || sc_eval_count(r->learner_eval[k]) == 0)
			continue;
		sc_buf_init(&sub);
		sc_eval_report(r->learner_eval[k], &sub);
		while (i < sub.len) {
			const char *nl = memchr(sub.data + i, '\n', sub.len - i);
			size_t l = nl ? (size_t)(nl - (sub.data + i)) + 1 : sub.len - i;
			sc_buf_printf(&r->line, "%s%s ", names[k],
				      k == sc_model_learner(r->eval_model) ? "*" : "");
			sc_buf_add(&r->line, sub.data + i, l);
			i += l;
		}
		sc_buf_release(&sub);
	}
	sc_out_write(&r->out, r->line.data, r->line.len);
}

/* The model file is the program's own: a symbolic link at its path is
   refused, never followed (so a planted link cannot redirect the write). */
static FILE *
model_create(const char *path)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW | O_CLOEXEC, 0644);
	FILE *f;

	if (fd < 0)
		return NULL;
	if ((f = fdopen(fd, "w")) == NULL)
		close(fd);
	return f;
}

int
main(int argc, char **argv)
{
	enum { O_HISTORY = 256, O_SLA, O_REDACT, O_NOLEX, O_REJECTS, O_STRICT, O_TRAIN,
	       O_TARGET, O_BITS, O_ALPHA, O_EVAL, O_DIFF, O_VERSION, O_IDENT, O_MAX_LINE,
	       O_NOMORPH, O_DICT, O_LEARNER };
	static const char *const targets[] = {"category", "sentiment", NULL};
	static const char *const learners[] = {"nb", "logreg", "auto", NULL};
	static const struct option longopts[] = {
		{"rules", required_argument, NULL, 'r'},
		{"lexicon", required_argument, NULL, 'l'},
		{"profiles", required_argument, NULL, 'p'},
		{"model", required_argument, NULL, 'm'},
		{"output", required_argument, NULL, 'o'},
		{"history", required_argument, NULL, O_HISTORY},
		{"identities", required_argument, NULL, O_IDENT},
		{"sla", required_argument, NULL, O_SLA},
		{"redact", no_argument, NULL, O_REDACT},
		{"no-lexicon", no_argument, NULL, O_NOLEX},
		{"no-morphology", no_argument, NULL, O_NOMORPH},
		{"dictionary", required_argument, NULL, O_DICT},
		{"rejects", required_argument, NULL, O_REJECTS},
		{"strict", no_argument, NULL, O_STRICT},
		{"max-line", required_argument, NULL, O_MAX_LINE},
		{"train", required_argument, NULL, O_TRAIN},
		{"target", required_argument, NULL, O_TARGET},
		{"bits", required_argument, NULL, O_BITS},
		{"alpha", required_argument, NULL, O_ALPHA},
		{"learner", required_argument, NULL, O_LEARNER},
		{"eval", no_argument, NULL, O_EVAL},
		{"diff", required_argument, NULL, O_DIFF},
		{"help", no_argument, NULL, 'h'},
		{"version", no_argument, NULL, O_VERSION},
		{NULL, 0, NULL, 0}
	};
	struct sc_triage_opts o;
	struct sc_input in;
	struct sc_error e;
	struct run r;
	char *hist_files[64], *model_files[2], **files, *train_file = NULL;
	const char *out_path = NULL, *ident_path = NULL, *diff_path = NULL, *rejects = NULL;
	int nhist = 0, nmodels = 0, c, nfiles, status, bits = 18, target_set = 0, i;
	int learner = SC_LEARN_AUTO, learner_set = 0;
	double alpha = 0.1;
	char *end;

	sc_cli_init(argv[0]);
	argv[0] = (char *)sc_prog;	/* getopt names the program as sc(7) does */
	memset(&o, 0, sizeof(o));
	memset(&r, 0, sizeof(r));
	sc_input_init(&in);
	while ((c = getopt_long(argc, argv, "r:l:p:m:o:h", longopts, NULL)) != -1) {
		switch (c) {
		case 'r': o.rules_path = optarg; break;
		case 'l': o.lexicon_path = optarg; break;
		case 'p': o.profiles_path = optarg; break;
		case 'm':
			if (nmodels == 2)
				sc_usage_error("at most two --model (one per target)");
			model_files[nmodels++] = optarg;
			break;
		case 'o': out_path = optarg; break;
		case O_IDENT: ident_path = optarg; break;
		case O_HISTORY:
			if (nhist == 64)
				sc_usage_error("too many --history files");
			hist_files[nhist++] = optarg;
			break;
		case O_SLA:
			o.default_sla = sc_opt_duration("--sla", optarg, 1, SC_DURATION_MAX);
			break;
		case O_REDACT: o.redact = 1; break;
		case O_NOLEX: o.no_lexicon = 1; break;
		case O_NOMORPH: o.no_morphology = 1; break;
		case O_DICT: o.dictionary = optarg; break;
		case O_REJECTS: rejects = optarg; break;
		case O_STRICT: in.strict = 1; break;
		case O_MAX_LINE:
			in.max_line = sc_opt_size("--max-line", optarg, SC_MAX_LINE_MIN, SC_MAX_LINE_MAX);
			break;
		case O_TRAIN: r.mode = MODE_TRAIN; train_file = optarg; break;
		case O_TARGET:
			r.target = sc_opt_choice("--target", optarg, targets);
			target_set = 1;
			break;
		case O_BITS: bits = (int)sc_opt_long("--bits", optarg, 8, 24); break;
		case O_ALPHA:
			alpha = strtod(optarg, &end);
			if (*end || !(alpha > 0))
				sc_usage_error("bad --alpha '%s'", optarg);
			break;
		case O_LEARNER:
			learner = sc_opt_choice("--learner", optarg, learners);
			learner_set = 1;
			break;
		case O_EVAL: r.mode = MODE_EVAL; break;
		case O_DIFF: r.mode = MODE_DIFF; diff_path = optarg; break;
		case 'h': sc_print_usage(usage);
		case O_VERSION: sc_print_version();
		default:
			fprintf(stderr, "Try '%s --help' for more information.\n", sc_prog);
			return SC_EX_USAGE;
		}
	}
	files = argv + optind;
	nfiles = argc - optind;
	/* SC_LEXICON: a lexicon file in place of the compiled-in copy of
	   share/sc/triage.lex (-l wins) */
	if (o.lexicon_path == NULL && !o.no_lexicon && getenv("SC_LEXICON") &&
	    *getenv("SC_LEXICON"))
		o.lexicon_path = getenv("SC_LEXICON");
	if (r.mode == MODE_TRAIN && out_path == NULL)
		sc_usage_error("--train needs -o MODEL");
	if (r.mode != MODE_TRAIN && out_path)
		sc_usage_error("-o is for --train");
	if (r.mode != MODE_TRAIN && r.mode != MODE_EVAL && target_set)
		sc_usage_error("--target is for --train and --eval");
	if (r.mode != MODE_TRAIN && learner_set)
		sc_usage_error("--learner is for --train");
	if (rejects)
		sc_input_open_rejects(&in, rejects);
	sc_error_clear(&e);
	sc_out_init(&r.out, 1);
	sc_buf_init(&r.line);
	sc_text_init(&r.text);

	if (r.mode == MODE_TRAIN) {
		char **tf = sc_xcalloc((size_t)nfiles + 1, sizeof(char *));
		FILE *f;
		tf[0] = train_file;
		for (i = 0; i < nfiles; i++)
			tf[i + 1] = files[i];
		struct sc_train_result res;
		struct sc_model *model;
		r.train = sc_trainer_new(r.target ? "sentiment" : "category", bits, alpha);
		sc_input_each_record(&in, tf, nfiles + 1, 1, on_record, &r);
		free(tf);
		status = in.status;
		if (status == SC_EX_NOINPUT || status == SC_EX_IOERR || (in.stop && in.strict)) {
			sc_trainer_free(r.train);
			sc_input_close(&in);
			return status;
		}
		if (r.labelled == 0) {
			sc_warn("no labelled messages to train on (want triage.%s)",
				r.target ? "sentiment" : "category");
			sc_trainer_free(r.train);
			sc_input_close(&in);
			return SC_EX_DATAERR;
		}
		model = sc_trainer_finish(r.train, learner, &res);
		sc_trainer_free(r.train);
		if (res.too_large && learner != SC_LEARN_NB) {
			sc_warn("more than %ld features in the training set: naive Bayes only "
				"(--learner nb says so without this warning)", (long)SC_TRAIN_MAX_FEATURES);
			if (learner == SC_LEARN_LOGREG) {
				sc_model_free(model);
				sc_input_close(&in);
				return SC_EX_DATAERR;
			}
		}
		f = strcmp(out_path, "-") == 0 ? stdout : model_create(out_path);
		if (f == NULL)
			sc_die(SC_EX_CANTCREAT, "%s: %s", out_path,
			       errno == ELOOP ? "is a symbolic link (not followed)" : strerror(errno));
		if (sc_model_save(model, f) < 0 || (f != stdout && fclose(f) != 0) ||
		    (f == stdout && fflush(stdout) != 0))
			sc_die(SC_EX_IOERR, "%s: write error: %s", out_path, strerror(errno));
		sc_model_free(model);
		sc_text_release(&r.text);
		if (sc_input_close(&in) < 0)
			status = sc_status_worst(status, SC_EX_IOERR);
		return status;
	}

	for (i = 0; i < nmodels; i++) {
		struct sc_model *m = sc_model_load(model_files[i], &e);
		int k;
		if (m == NULL)
			sc_die_error(&e);
		k = strcmp(sc_model_target(m), "sentiment") == 0;
		if (o.models[k])
			sc_usage_error("two models for target %s", sc_model_target(m));
		o.models[k] = m;
	}
	if (ident_path && nhist == 0)
		sc_usage_error("--identities needs --history");
	if (nhist > 0) {
		r.hist = sc_history_new();
		if (ident_path && sc_history_load_identities(r.hist, ident_path, &e) < 0)
			sc_die_error(&e);
		for (i = 0; i < nhist; i++)
			if (sc_history_load(r.hist, hist_files[i], in.max_line, history_warn, NULL, &e) < 0)
				sc_die_error(&e);
		sc_history_finish(r.hist);
		o.history = r.hist;
	}
	r.eval = sc_eval_new();
	if (r.mode == MODE_EVAL && (r.eval_model = o.models[r.target]) != NULL &&
	    sc_model_learners(r.eval_model) == 3) {
		r.learner_eval[0] = sc_eval_new();
		r.learner_eval[1] = sc_eval_new();
	}
	r.t = sc_triage_new(&o, &e);
	if (r.t == NULL)
		sc_die_error(&e);
	if (!o.no_morphology && sc_triage_morph(r.t) == NULL)
		sc_warn("%s.dic: no Polish dictionary (install hunspell-pl): patterns match "
			"written forms only", SC_MORPH_DEFAULT);
	if (r.mode == MODE_DIFF) {
		struct sc_triage_opts oo = o;
		oo.rules_path = diff_path;
		if ((r.old = sc_triage_new(&oo, &e)) == NULL)
			sc_die_error(&e);
	}
	if (r.mode == MODE_FILTER)
		sc_input_each_rec(&in, files, nfiles, 1, on_rec, &r);
	else
		sc_input_each_record(&in, files, nfiles, 1, on_record, &r);
	status = in.status;
	if (r.mode == MODE_EVAL && r.labelled == 0) {
		sc_warn("no labelled messages to evaluate (want triage.%s)",
			r.target ? "sentiment" : "category");
		status = SC_EX_DATAERR;
	} else if (r.mode == MODE_EVAL) {
		print_eval(&r);
	}
	if (sc_out_close(&r.out) < 0)
		status = sc_status_worst(status, sc_out_fail(&r.out));
	if (sc_input_close(&in) < 0)
		status = sc_status_worst(status, SC_EX_IOERR);
	sc_history_free(r.hist);
	sc_model_free(o.models[0]);
	sc_model_free(o.models[1]);
	sc_buf_release(&r.line);
	sc_text_release(&r.text);
	sc_eval_free(r.eval);
	sc_eval_free(r.learner_eval[0]);
	sc_eval_free(r.learner_eval[1]);
	sc_triage_free(r.old);
	sc_triage_free(r.t);	/* last: see sc_triage_free */
	return status;
}
