/*
 * schema.h - the record vocabulary of schema 1, stated once (sc(7),
 * SCHEMA): platform names, record kinds, status values, and the triage
 * vocabulary (categories, sentiments, priorities, actions), plus the
 * default time zone.  Every other file refers to these tables instead of
 * keeping its own copy, so adding a platform or a kind is one edit here.
 *
 * Design: plain NULL-terminated string tables indexed by an enum, so a
 * table elsewhere that needs a fact per platform is written as
 * `[SC_PLATFORM_X] = 280` and a name is never spelled twice.  Lookups
 * are exact (case-sensitive) except sc_schema_platform_ci(), which the
 * configuration loaders use.  "twitter" is an alias of "x" for lookups;
 * the canonical name is what records carry.
 */
#ifndef SC_SCHEMA_H
#define SC_SCHEMA_H

/* The zone a profile or report uses when none is given. */
#define SC_DEFAULT_TZ "Europe/Warsaw"

/* Platforms a record's "platform" may name.  The order is part of the
   output of sc-triage's "channels" (email last of the channels). */
enum sc_platform_id {
	SC_PLATFORM_FACEBOOK,
	SC_PLATFORM_INSTAGRAM,
	SC_PLATFORM_X,
	SC_PLATFORM_YOUTUBE,
	SC_PLATFORM_TIKTOK,
	SC_PLATFORM_LINKEDIN,
	SC_PLATFORM_GOOGLE,
	SC_PLATFORM_EMAIL,
	SC_PLATFORM_THREADS,
	SC_PLATFORM_CSV,
	SC_NPLATFORM
};
extern const char *const sc_schema_platforms[SC_NPLATFORM + 1];
/* The alias accepted for x (Twitter v1.1 payloads say "twitter"). */
#define SC_PLATFORM_ALIAS_TWITTER "twitter"
/* Index of a platform name ("twitter" gives SC_PLATFORM_X), or -1. */
int sc_schema_platform(const char *name);
/* The same, ignoring case (configuration files). */
int sc_schema_platform_ci(const char *name);
/* The private-message channel of a platform ("messenger" for facebook,
   "x-dm" for x), or NULL when it has none. */
const char *sc_schema_dm_channel(int platform);

/* Is s an ISO 639-1 language code, one of the 183 of the standard, in
   lower case ("pl", "en", "uk"; not "PL", "ukr", "xx" or "und")? */
int sc_schema_lang(const char *s);

/* Record kinds (the "kind" member).  status records carry a "status". */
enum sc_kind_id {
	SC_KIND_COMMENT,
	SC_KIND_DM,
	SC_KIND_MENTION,
	SC_KIND_REVIEW,
	SC_KIND_POST,
	SC_KIND_NOTE,
	SC_KIND_LABEL,
	SC_KIND_SURVEY,
	SC_KIND_STATUS,
	SC_NKIND
};
extern const char *const sc_schema_kinds[SC_NKIND + 1];
/* The kinds a customer or the brand writes (comment .. post). */
#define SC_NMESSAGE_KIND (SC_KIND_POST + 1)

/* Values of "status" in a status record. */
enum sc_status_id {
	SC_STATUS_RESOLVED,
	SC_STATUS_REOPENED,
	SC_STATUS_ESCALATED,
	SC_STATUS_ASSIGNED,
	SC_STATUS_CLAIMED,
	SC_NSTATUS
};
extern const char *const sc_schema_statuses[SC_NSTATUS + 1];

/* Triage vocabulary (sc-triage(1)). */
enum sc_category_id {
	SC_CATEGORY_QUESTION, SC_CATEGORY_COMPLAINT, SC_CATEGORY_BUG, SC_CATEGORY_PRAISE,
	SC_CATEGORY_OPINION, SC_CATEGORY_SPAM, SC_CATEGORY_HATE, SC_CATEGORY_OTHER,
	SC_NCATEGORY
};
extern const char *const sc_categories[SC_NCATEGORY];
#define SC_NSENTIMENT 3
extern const char *const sc_sentiments[SC_NSENTIMENT];
#define SC_NPRIORITY 4
extern const char *const sc_priorities[SC_NPRIORITY];
#define SC_NACTION 5
extern const char *const sc_actions[SC_NACTION];

/* Index of name in a table of n names (n < 0: NULL-terminated), or -1. */
int sc_schema_index(const char *const *names, int n, const char *name);

#endif
