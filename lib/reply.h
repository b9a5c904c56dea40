/*
 * reply.h - sc-reply's library: Polish and English greetings from a display
 * name, replies.csv templates, platform limits and reply windows, the
 * drafting filter, and the append-only outbox journal with its SHA-256
 * hash chain.
 *
 * Ownership follows sc.h: functions named _new or documented as returning
 * a new object hand it to the caller; everything else is borrowed.  lib/
 * never prints: errors go into a struct sc_error.
 */
#ifndef SC_REPLY_H
#define SC_REPLY_H

#include "sc.h"

/* ---- names and greetings (lib/reply_names.c) ---- */

enum sc_reply_lang { SC_LANG_PL, SC_LANG_EN };

/*
 * What a display name tells us.  first_name is the name as people write it
 * ("Marek"; capitalised), vocative the Polish form of address ("Marku"),
 * both empty when no usable first name was found.  gender is 'm', 'f', 'u'
 * (a name both genders use: Nikola) or 0 (unknown).  known is set when the
 * name is in the built-in Polish table (only known names are declined; an
 * unknown one is never guessed at).
 */
struct sc_name {
	char first_name[64];
	char vocative[80];
	int gender;
	int known;
	const char *why;	/* when no name: "page name", "two people", ... */
	/* the formal form: the vocative of the full name behind a diminutive
	   (Kuba -> "Jakubie"), else the vocative; empty when unknown */
	char formal_vocative[80];
	int title;		/* 'k' ks. (Księże ...), 'm' mec. (Panie Mecenasie), 0 */
};

/* Find the first name in a display name such as "dr Anna Nowak", "@marek",
   "Sklep Zoologiczny Azor".  Fills n; returns 1 when a name was found. */
int sc_name_parse(const char *display, struct sc_name *n);

/* The full first name behind a Polish diminutive ("Kuba" -> "Jakub"),
   or NULL (lib/reply_nicknames.c, with its sources). */
const char *sc_name_full(const char *first);
/* Is w (any case) a common English first name? */
int sc_name_english(const char *w);
/* Two people in one display name ("Ania i Marek", "Sam & Alex", "Ania ❤️
   Kuba", "Nowakowie")? */
int sc_name_two_people(const char *display);
/* May word, not a known name, be taken as the first name in display (not
   an acronym among ordinary words, not a lone lower-case handle)? */
int sc_name_fallback_ok(const char *display, const char *word);

/* Vocative of a known Polish first name into out (NUL-terminated);
   returns 0, or -1 when the name is not in the table. */
int sc_name_vocative(const char *first, char *out, size_t cap, int *gender);

/*
 * The greeting line for a parsed name: "Cześć Marku,", "Panie Stanisławie,",
 * "Pani Anno,", "Dzień dobry,", "Cześć,", "Hi Mark,", "Hello Mark,",
 * "Hello,".  Falls back to the name-less form whenever unsure (no name,
 * an unknown Polish name, unknown gender in formal Polish).
 */
void sc_name_greeting(const struct sc_name *n, enum sc_reply_lang lang, int formal,
		      char *out, size_t cap);
/* The greeting drafts use in language lang (ISO 639-1): by name in pl and
   en as above, a nameless one ("Guten Tag,", "Вітаємо,") in the languages
   reply.c knows, else "" (lib/reply.c). */
void sc_reply_greeting(const struct sc_name *n, const char *lang, int formal, char *out,
		       size_t cap);

/* Case of one code point (Latin-1 and Extended-A, which cover Polish). */
uint32_t sc_cp_lower(uint32_t c);
uint32_t sc_cp_upper(uint32_t c);

/* Lower-case a UTF-8 string (ASCII, Latin-1, Latin Extended-A: all of
   Polish) into out; fold instead folds as sc_fold() (text.h) does.
   Returns a new string. */
char *sc_text_lower_new(const char *s, int fold);

/* ---- limits and windows (lib/reply_limits.c) ---- */

/*
 * Where a reply goes: the platform for a public reply, its private
 * messages otherwise ("messenger", "instagram-dm", "x-dm", ...).
 * Returns a static string.
 */
const char *sc_reply_channel(const char *platform, int private_msg);
/*
 * Length of text as the channel counts it: X uses twitter-text weights
 * (code points in the Latin ranges count 1, others 2, an emoji sequence 2,
 * a URL 23); Instagram DMs count bytes; the others code points.
 */
long sc_reply_length(const char *channel, const char *text);
/* The channel's length limit (0 = none known). */
long sc_reply_limit(const char *channel);

/*
 * Shorten text to fit limit by dropping whole sentences from the end of
 * the body (the part before the signature, which is kept).  Never cuts a
 * word.  Returns a new string, or NULL when not even the first sentence
 * and the signature fit.
 */
char *sc_reply_shorten_new(const char *channel, const char *body,
			   const char *signature, long limit);

/*
 * May a private reply be sent now?  platform and kind of the customer's
 * message, its time, now, and whether a human approved the draft.
 * Returns 0 when allowed (with *tag set to "HUMAN_AGENT" or NULL),
 * or -1 with *reason set.
 */
int sc_reply_window(const char *platform, const char *kind, int64_t msg_time,
		    int64_t now, int human, const char **tag, const char **reason);

/* ---- text helpers (lib/reply_text.c) ---- */

/* Is s an ISO 639-1 language code ("pl", "uk"; sc_schema_lang)? */
int sc_reply_lang_code(const char *s);

/* Does a keyword pattern ("dostaw*", "gdzie * paczka", "zwrot") match the
   text?  Both are folded (lower case, no diacritics); see sc-reply(1). */
int sc_keyword_match(const char *pattern, const char *text_folded);
/* The same in two steps: fold a pattern once (new string), match it. */
char *sc_keyword_pattern_new(const char *pattern);
int sc_keyword_match_folded(const char *pattern_folded, const char *text_folded);
/* Fold text for keyword matching: words of letters and digits, lower
   case, no diacritics, separated by single spaces.  Returns a new string. */
char *sc_keyword_fold_new(const char *text);

/* ---- SHA-256 (lib/reply_sha256.c) ---- */

struct sc_sha256 {
	uint32_t h[8];
	uint64_t len;
	unsigned char buf[64];
	size_t nbuf;
};
void sc_sha256_init(struct sc_sha256 *c);
void sc_sha256_update(struct sc_sha256 *c, const void *p, size_t n);
void sc_sha256_final(struct sc_sha256 *c, unsigned char out[32]);
/* Hex digest of p[0..n) into out (65 bytes with the NUL). */
void sc_sha256_hex(const void *p, size_t n, char out[65]);

/* HMAC-SHA256 (RFC 2104), streaming or at once; final wipes h. */
struct sc_hmac_sha256 {
	struct sc_sha256 inner, outer;
};
void sc_hmac_sha256_init(struct sc_hmac_sha256 *h, const void *key, size_t keylen);
void sc_hmac_sha256_update(struct sc_hmac_sha256 *h, const void *p, size_t n);
void sc_hmac_sha256_final(struct sc_hmac_sha256 *h, unsigned char out[32]);
void sc_hmac_sha256(const void *key, size_t keylen, const void *msg, size_t n,
		    unsigned char out[32]);


/* ---- replies.csv (lib/reply_tmpl.c) ---- */

enum sc_ph_kind {
	SC_PH_LIT, SC_PH_GREETING, SC_PH_FIRST_NAME, SC_PH_SIGNATURE, SC_PH_PROFILE,
	SC_PH_BRAND, SC_PH_CASE, SC_PH_LINK, SC_PH_WE, SC_PH_G, SC_PH_EMOJI, SC_PH_AGENT,
	SC_PH_DUE_AT, SC_PH_NEXT_UPDATE
};

/* One piece of a compiled template: literal text or a placeholder. */
struct sc_piece {
	enum sc_ph_kind kind;
	char *text;		/* the literal, or the link name */
	char *opt[3];		/* {we:a|b}, {g:m|f|n}, {emoji:x} */
	char *fallback;		/* after '|' in a value placeholder */
	int has_fallback;
	long offset;		/* 1-based character in the cell, for messages */
};

/* One row of replies.csv: conditions and the compiled text. */
struct sc_tmpl {
	const char *id;
	long line;
	const char *lang, *category, *tags, *platform, *kind, *priority, *profile;
	const char *keywords, *formality, *visibility;
	const char *text;
	struct sc_piece *pieces;
	size_t npieces;
	char **kw;		/* keyword patterns, folded */
	struct sc_kwpat **kwc;	/* the same, compiled (lib/text.h) */
	size_t nkw;
	int variant;		/* 1-based among the rows with the same id */
	int emoji_literal;	/* the literal text holds emoji outside {emoji:} */
};

struct sc_replies {
	struct sc_table *table;
	struct sc_tmpl *v;
	size_t n;
};

/*
 * Load replies.csv (columns in sc-reply(1); id and text required).  With
 * lint set, every problem is reported through cb (which may be NULL) and,
 * when there was any, NULL is returned with e saying how many; otherwise
 * the first problem fails the load.  Returns a new table or NULL with e set
 * ("file:line:col: reason", 78).
 */
typedef void (*sc_lint_cb)(void *ctx, const struct sc_error *e);
struct sc_replies *sc_replies_load(const char *path, int lint, sc_lint_cb cb, void *ctx,
				   struct sc_error *e);
/*
 * Lint against the agency's profiles too: lengths are estimated with the
 * longest signature and brand name, and a {link:NAME} without fallback
 * must be defined (column link_NAME) by every profile the row can serve.
 * Returns 0, or the number of problems reported through cb.
 */
long sc_replies_lint_profiles(const struct sc_replies *r, const struct sc_profiles *p,
			      sc_lint_cb cb, void *ctx);
/*
 * The whole of --lint: every problem of the file, then (with p) against
 * the profiles, through cb; warnings come with status 0 and are not
 * counted.  Returns the number of problems, or -1 with e set when the
 * file cannot be read as a table.
 */
long sc_replies_lint(const char *path, const struct sc_profiles *p, sc_lint_cb cb, void *ctx,
		     struct sc_error *e);
void sc_replies_free(struct sc_replies *r);

/*
 * The text checks of --lint (lib/reply_lint.c).  report gets each problem:
 * warning 0 (an error) or 1, the 1-based character of the text (0: the
 * whole text) and the message.  sc_tmpl_lint_compile reports every
 * placeholder error of text; sc_tmpl_lint_text the placeholder domains,
 * fixed links in {link:} fallbacks, formal and informal Polish mixed, and
 * (a warning unless allow, the row's lint cell, says "elsewhere") phrases
 * sending the customer away from the conversation.  Both return the number
 * of errors.
 */
typedef void (*sc_tmpl_report_fn)(void *ctx, int warning, long col, const char *msg);
long sc_tmpl_lint_compile(const char *text, sc_tmpl_report_fn report, void *ctx);
long sc_tmpl_lint_text(const struct sc_tmpl *t, const char *allow, sc_tmpl_report_fn report,
		       void *ctx);
/* Compile one template text into pieces; 0 or -1 with e (column = offset). */
int sc_tmpl_compile(const char *text, struct sc_piece **pieces, size_t *npieces,
		    struct sc_error *e);
void sc_tmpl_pieces_free(struct sc_piece *p, size_t n);

/* What a template is filled with.  NULL members are unknown. */
struct sc_fill {
	const char *greeting, *first_name, *signature, *profile, *brand, *case_id, *agent;
	int plural;		/* voice */
	int gender;		/* 'm', 'f', 0 */
	int emoji;		/* emoji allowed */
	/* link:NAME lookup (profile column link_NAME); NULL when unknown */
	const char *(*link)(void *ctx, const char *name);
	void *link_ctx;
	/* {due_at}, {next_update}: a time already written in the profile's
	   zone and language ("do 14:30", "jutro do 10:00", "by 2:30 pm");
	   NULL when unknown */
	const char *due_at, *next_update;
};

/*
 * Write time t (UTC) as a deadline in zone tz and language lang ("pl":
 * "do 14:30", "jutro do 10:00", "do 24.11 10:00"; other languages the
 * English "by 2:30 pm", "by 10:00 am tomorrow", "by 24 Nov, 10:00 am"),
 * relative to now's local date.  Returns 0, or -1 for an unknown zone.
 */
int sc_reply_deadline(int64_t t, int64_t now, const char *tz, const char *lang, char *out,
		      size_t cap);

/*
 * Fill the template in one pass: literal text is copied, each placeholder
 * replaced by its value (never re-read as a template).  Returns a new
 * string, or NULL when a placeholder has no value and no fallback, with
 * *missing pointing at its piece.
 */
char *sc_tmpl_fill_new(const struct sc_piece *p, size_t n, const struct sc_fill *f,
		       const struct sc_piece **missing);
/* "{case}", "{link:returns}" - the placeholder as written, into out. */
void sc_piece_name(const struct sc_piece *p, char *out, size_t cap);

/* ---- drafting (lib/reply.c) ---- */

struct sc_journal;

struct sc_reply_opts {
	const struct sc_replies *replies;
	const char *replies_name;	/* for "rule": "replies.csv:12" */
	const struct sc_profiles *profiles;	/* may be NULL */
	enum sc_reply_lang lang;	/* names and invitations: pl, or en for the rest */
	const char *lang_code;		/* -l: ISO 639-1, when neither record nor profile says */
	int formal;			/* -1 per profile, 0 informal, 1 formal */
	int64_t now;
	const char *private_tags;	/* categories/tags that need identity */
	struct sc_journal *journal;	/* may be NULL */
};

/* The defaults sc-reply(1) documents: -l pl, formality per profile, now,
   --private-tags finance,claims,payment,refund,account,billing. */
#define SC_REPLY_PRIVATE_TAGS "finance,claims,payment,refund,account,billing"
void sc_reply_opts_init(struct sc_reply_opts *o);

struct sc_reply_state {
	struct sc_set64 private_done;	/* comments given a private reply */
	struct sc_piece *invite[4];	/* built-in dm-invite: pl/en x informal/formal */
	size_t ninvite[4];
	long drafted, skipped, passed;
	struct sc_name_slot *names;	/* parsed author names, by hash (reply.c) */
	signed char *memo;	/* which rows hold for the message (reply.c) */
	size_t nmemo;
	struct sc_reply_words *kw;	/* the message's words for keywords (reply.c) */
	struct sc_buf scratch;		/* decoded members of the record (reply.c) */
};

void sc_reply_state_init(struct sc_reply_state *s);
void sc_reply_state_release(struct sc_reply_state *s);

/*
 * Draft the reply for one record (borrowed; a "reply" member is added to
 * it when the record is a customer message that gets one).  Brand
 * messages, status records and records that already have a reply are left
 * untouched.  Returns 0, or -1 with e set (journal errors only).
 */
/*
 * The record as sc_reply_record reads it, from the record layer without
 * the whole DOM: a new object holding only the members drafting reads
 * (kind, id, platform, profile, text, visibility, created_at, lang, case,
 * agent, author, triage, reply).  Written back with sc_splice (which reads
 * only "reply" from it); never dump it as the record.
 */
struct sc_record;
json_t *sc_reply_pick(struct sc_record *r);
/*
 * Is the record one sc_reply_record passes through untouched (status and
 * post records, brand messages, records that already have a reply)?  Read
 * from the spans alone; counts it in s->passed when so.  0 for a record
 * without spans (nested deeper than the scanner reads).
 */
int sc_reply_passes(struct sc_reply_state *s, const struct sc_record *r);
int sc_reply_record(const struct sc_reply_opts *o, struct sc_reply_state *s, json_t *rec,
		    struct sc_error *e);
/*
 * sc_reply_record for a record read by the record layer that
 * sc_reply_passes did not pass: the members read from its spans (only a
 * triage member is built as a json_t), and the reply object returned
 * (new; the caller splices it on as "reply") instead of set on a DOM.
 * *rc is what sc_reply_record would return.
 */
json_t *sc_reply_record_spans(const struct sc_reply_opts *o, struct sc_reply_state *s,
			      const struct sc_record *r, struct sc_error *e, int *rc);

#endif
