/*
 * triage.h - the library behind sc-triage: lexicons (text folding,
 * tokens and keyword patterns are in text.h), personal data detectors,
 * rules.csv, SLA deadlines, customer history and the naive
 * Bayes model.  Ownership as in sc.h: _new returns something to free,
 * everything else is borrowed.  Nothing here prints or exits.
 */
#ifndef SC_TRIAGE_H
#define SC_TRIAGE_H

#include <regex.h>
#include "sc.h"
#include "text.h"

/* ---- lexicons (lib/triage_lex.c) ---- */

/* crisis (safety and health), threat, security, legal, media, police and
   exposure all make a message P1; they differ in the category and the
   crisis type they give (sc-triage(1), PRECEDENCE and CRISIS TYPES). */
enum {
	SC_LX_CRISIS, SC_LX_THREAT, SC_LX_SECURITY, SC_LX_LEGAL, SC_LX_MEDIA, SC_LX_HATE, SC_LX_SPAM, SC_LX_BUG, SC_LX_COMPLAINT,
	SC_LX_CHURN, SC_LX_QUESTION, SC_LX_PRAISE, SC_LX_POSITIVE,
	SC_LX_NEGATIVE, SC_LX_OUTAGE, SC_LX_POLICE, SC_LX_EXPOSURE, SC_LX_BLAME,
	SC_LX_SERVICE, SC_LX_NCLASS
};
extern const char *const sc_lx_names[SC_LX_NCLASS];
/* Add the built-in Polish and English lexicons to m, except the classes
   set in skip (bit per class; bit SC_LX_NCLASS = negators). */
void sc_lexicon_builtin(struct sc_matcher *m, unsigned skip);
/* Load a lexicon file ("CLASS pattern" per line); the classes it names
   replace the built-in ones.  Returns 0 or -1 with e (78, file:line:col). */
int sc_lexicon_load(struct sc_matcher *m, const char *path, struct sc_error *e);

/* ---- Polish morphology (lib/triage_morph.c, links -lhunspell) ---- */

/* The hunspell dictionary used unless --dictionary names another (the
   path without .aff/.dic; Debian's hunspell-pl). */
#define SC_MORPH_DEFAULT "/usr/share/hunspell/pl_PL"
struct sc_morph;
/* base: dictionary path without extension, NULL for SC_MORPH_DEFAULT.
   Nothing is read until the first lookup. */
struct sc_morph *sc_morph_new(const char *base);
void sc_morph_free(struct sc_morph *m);
/* Are the .aff and .dic files readable? */
int sc_morph_available(const struct sc_morph *m);
const char *sc_morph_path(const struct sc_morph *m);	/* the .dic */
/* An sc_lemma_fn (text.h): ctx is the sc_morph. */
size_t sc_morph_lemmas(void *ctx, const char *word, size_t n, struct sc_buf *out);
/* Lookups so far and how many the cache answered. */
void sc_morph_counts(const struct sc_morph *m, long *lookups, long *hits);

/* ---- personal data (lib/triage_pii.c) ---- */

enum { SC_PII_EMAIL, SC_PII_PHONE, SC_PII_CARD, SC_PII_PESEL, SC_PII_IBAN,
       SC_PII_ACCOUNT, SC_PII_NKINDS };
extern const char *const sc_pii_names[SC_PII_NKINDS];
struct sc_pii_hit {
	size_t off, len;	/* bytes in the original text */
	int kind;
};
/* Find personal data in UTF-8 text; returns how many hits were stored
   (at most max), in text order, non-overlapping. */
size_t sc_pii_scan(const char *s, size_t n, struct sc_pii_hit *hits, size_t max);
/* Replace every hit with "[kind]"; appends to out. */
void sc_pii_redact(const char *s, size_t n, const struct sc_pii_hit *hits,
		   size_t nhits, struct sc_buf *out);
int sc_luhn_ok(const char *digits, size_t n);
int sc_pesel_ok(const char *digits);	/* exactly 11 digits */
/* IBAN "PL61109010140000071219812874" (no spaces); 1 when mod 97 == 1. */
int sc_iban_ok(const char *s, size_t n);
/* Polish NRB, 26 digits: checked as the IBAN "PL" + digits. */
int sc_nrb_ok(const char *digits);

/* ---- language (lib/triage_lang.c) ---- */

/* The ISO 639-1 code of a message's language from its text alone (tx: its
   folded tokens, may be NULL): pl, en, de, uk, ru, or "und" when it
   cannot tell safely.  A static string. */
const char *sc_lang_detect(const char *text, size_t n, const struct sc_text *tx);

/* ---- the models (lib/triage_model.c) ---- */

/*
 * Multinomial naive Bayes and regularised logistic regression over hashed
 * features: folded word unigrams and bigrams and character 3- to 5-grams
 * of each word, hashed (FNV-1a) into 2^bits buckets.  The file format is
 * documented in sc-triage(1) and atop triage_model.c.
 */
enum { SC_LEARN_NB, SC_LEARN_LOGREG, SC_LEARN_AUTO };
struct sc_model;
struct sc_model *sc_model_new(const char *target, int bits, double alpha);
void sc_model_free(struct sc_model *m);
/* Add one labelled text (folded and tokenised in t) to the counts. */
void sc_model_learn(struct sc_model *m, const struct sc_text *t, const char *label);
/* Predict with the model's learner; returns a borrowed label and the
   posterior in *p (NULL when the model has no classes). */
const char *sc_model_predict(const struct sc_model *m, const struct sc_text *t, double *p);
/* The same with a given learner; NULL when the model has none of it. */
const char *sc_model_predict_as(const struct sc_model *m, int learner, const struct sc_text *t,
				double *p);
/* Bit (1 << SC_LEARN_*) per learner the model holds; the one it uses. */
int sc_model_learners(const struct sc_model *m);
int sc_model_learner(const struct sc_model *m);
const char *sc_model_target(const struct sc_model *m);
int sc_model_save(const struct sc_model *m, FILE *f);
struct sc_model *sc_model_load(const char *path, struct sc_error *e);

/* Training: messages are kept (as bucket vectors) so that the linear
   learner can make several passes and the choice can cross-validate. */
#define SC_TRAIN_MAX_FEATURES (1L << 25)	/* 256 MB of vectors */
struct sc_trainer;
struct sc_train_result {
	int learner;		/* what the model uses */
	double cv_nb, cv_logreg;	/* cross-validated macro-F1, -1 when not run */
	double lambda, power;	/* the logreg settings chosen */
	int too_large;		/* past SC_TRAIN_MAX_FEATURES: naive Bayes only */
};
struct sc_trainer *sc_trainer_new(const char *target, int bits, double alpha);
void sc_trainer_free(struct sc_trainer *tr);
void sc_trainer_add(struct sc_trainer *tr, const struct sc_text *t, const char *label);
long sc_trainer_count(const struct sc_trainer *tr);
/* The model (new, to free; the trainer keeps nothing of it): learner
   SC_LEARN_NB, SC_LEARN_LOGREG, or SC_LEARN_AUTO (cross-validation picks). */
struct sc_model *sc_trainer_finish(struct sc_trainer *tr, int learner,
				   struct sc_train_result *res);

/* ---- customer history (lib/triage_hist.c) ---- */

struct sc_customer {
	long contacts;
	int64_t last;
	long open_complaints;
	long cat[SC_NCATEGORY];
	long sent[3];	/* positive, neutral, negative */
	unsigned channels;	/* bit i: sc_schema_platforms[i] seen, the last "other" */
};
/* "channels" are the schema's platforms up to email, then "other". */
#define SC_NCHANNEL (SC_PLATFORM_EMAIL + 2)
struct sc_history;
struct sc_history *sc_history_new(void);
void sc_history_free(struct sc_history *h);
/* Add one archive record (messages, brand replies and status records). */
void sc_history_add(struct sc_history *h, const json_t *rec);
/* After the last add: count open complaints. */
void sc_history_finish(struct sc_history *h);
/*
 * Read an identities table (CSV with columns platform, author_id,
 * customer): each row says that this platform account is that customer,
 * so a person who writes on Facebook, Instagram and X has one history.
 * Load it before the archives.  0, or -1 with e set (status 78).
 */
int sc_history_load_identities(struct sc_history *h, const char *path, struct sc_error *e);
/* Borrowed, or NULL for an unknown author. */
const struct sc_customer *sc_history_find(const struct sc_history *h,
					  const char *platform, const char *author_id);

/* ---- rules and the whole decision (lib/triage.c) ---- */

struct sc_rules;
/* Load rules.csv; returns a new rule set or NULL with e ("file:line:col",
   status 78).  m receives the rules' patterns (owners from base up). */
struct sc_rules *sc_rules_load(const char *path, struct sc_matcher *m, int base,
			       struct sc_error *e);
void sc_rules_free(struct sc_rules *r);
int sc_rules_nowners(const struct sc_rules *r);

/* The decision for one message. */
struct sc_decision {
	int category;		/* index in sc_categories */
	int sentiment;		/* 0 positive, 1 neutral, 2 negative */
	double score;
	int priority;		/* 1..4 */
	int action;		/* index in sc_actions */
	int private_;
	char team[128];
	char tags[512];		/* '\0'-separated list, ntags entries */
	size_t tagslen;
	char rules[1024];	/* '\0'-separated rule ids */
	size_t ruleslen;
	unsigned pii;		/* bit per SC_PII_* */
	int64_t due;
	char lang[4];		/* ISO 639-1 or "und" (sc_lang_detect) */
	const char *model_label[2];
	double model_p[2];
};

struct sc_triage_opts {
	const char *rules_path;
	const char *lexicon_path;
	const char *profiles_path;
	int64_t default_sla;		/* seconds; 3600 */
	int redact;
	int no_lexicon;
	int no_morphology;		/* no lemmas: patterns match surface forms only */
	const char *dictionary;		/* hunspell base path; NULL: SC_MORPH_DEFAULT */
	struct sc_model *models[2];	/* [0] category, [1] sentiment; borrowed */
	struct sc_history *history;	/* borrowed, may be NULL */
};

struct sc_triage;
struct sc_triage *sc_triage_new(const struct sc_triage_opts *o, struct sc_error *e);
void sc_triage_free(struct sc_triage *t);
/* Is this record one sc-triage classifies (a customer message)? */
int sc_triage_wants(const json_t *rec);
/*
 * The members of a record the decision reads, from a json_t
 * (sc_tri_in_json, borrowed from it) or from a struct sc_record's spans
 * (sc_triage_rec_line).  Strings are NUL-terminated, NULL when absent or
 * not a string; text (tlen bytes, may hold NUL bytes) is "" when it is
 * not a string.
 */
struct sc_tri_in {
	const char *text;
	size_t tlen;
	int has_text;
	const char *kind, *platform, *profile, *visibility, *lang, *author_id;
	const char *created_at;	/* read only when !has_created */
	int has_created;
	int64_t created;
	int is_brand;		/* author.is_brand is true */
	int ad;			/* "ad" is true */
	int has_rating;		/* "rating" is a number */
	double rating;
};
void sc_tri_in_json(const json_t *rec, struct sc_tri_in *in);
/* sc_triage_wants() for the members read. */
int sc_tri_in_wants(const struct sc_tri_in *in);
/* Decide for one customer message.  The text analysed is kept in
   sc_triage_text() until the next call. */
void sc_triage_decide(struct sc_triage *t, const json_t *rec, struct sc_decision *d);
void sc_triage_decide_in(struct sc_triage *t, const struct sc_tri_in *rec,
			 struct sc_decision *d);
const struct sc_text *sc_triage_text(const struct sc_triage *t);
/* The morphology in use (borrowed), or NULL when it is off. */
const struct sc_morph *sc_triage_morph(const struct sc_triage *t);
/* Append the triage object's JSON for d to b. */
void sc_triage_json(struct sc_triage *t, const json_t *rec,
		    const struct sc_decision *d, struct sc_buf *b);
/*
 * The whole filter step for one input line: b receives the output line
 * (without newline): the line untouched for records sc-triage does not
 * classify, else the line with "triage" spliced on (or the record
 * re-serialised when it already has "triage" or --redact changed its text).
 */
void sc_triage_line(struct sc_triage *t, json_t *rec, const char *line,
		    size_t len, struct sc_buf *b);
/*
 * sc_triage_line() from a record's spans, no DOM: the same output byte
 * for byte.  A record read through jansson, or one holding "triage" or
 * "text" twice, takes sc_triage_line on its DOM.  Returns 0, or -1 with e
 * set when that DOM cannot be built.
 */
int sc_triage_rec_line(struct sc_triage *t, struct sc_record *r, struct sc_buf *b,
		       struct sc_error *e);
/* Gold label of a record for a target (0 category, 1 sentiment), or NULL. */
const char *sc_triage_gold(const json_t *rec, int target);

/* ---- backtest and rules diff (lib/triage_eval.c) ---- */

/* A confusion matrix over labels in order of first appearance (at most 32). */
struct sc_eval;
struct sc_eval *sc_eval_new(void);
void sc_eval_free(struct sc_eval *e);
void sc_eval_add(struct sc_eval *e, const char *gold, const char *predicted);
long sc_eval_count(const struct sc_eval *e);
/* Per class precision, recall, F1, support; accuracy, macro F1; the matrix. */
void sc_eval_report(const struct sc_eval *e, struct sc_buf *b);
/* Append {"id":..,"field":[old,new],...} to b; returns 1 if anything differs. */
int sc_decision_diff(const char *id, const struct sc_decision *old,
		     const struct sc_decision *new, struct sc_buf *b);

/*
 * Read an archive into h, lines up to max_line bytes (--max-line; 0:
 * SC_MAX_LINE_DEFAULT).  Bad lines are passed to warn (may be NULL) with
 * their line number and reason and skipped.  Returns 0, or -1 with e set
 * when the file cannot be read (status 66).
 */
typedef void (*sc_history_warn_cb)(void *ctx, const char *path, long line, const char *reason);
int sc_history_load(struct sc_history *h, const char *path, size_t max_line,
		    sc_history_warn_cb warn, void *ctx, struct sc_error *e);

#endif
