/*
 * triage_int.h - what triage.c and triage_rules.c share and nobody else
 * sees: a rules.csv row as loaded, and two helpers.
 */
#ifndef SC_TRIAGE_INT_H
#define SC_TRIAGE_INT_H

/* A rule's regex sees at most this many bytes of the folded text (cut at
   a character boundary): POSIX matching of an ordinary ".*" is quadratic in
   the text, so one huge message would otherwise stall triage (issue 18
   #13).  Documented in sc-triage(1), RULES, regex. */
#define SC_TRI_REGEX_SPAN 16384

#include "triage.h"

enum { TRI_ANY = -1 };

struct rule {
	char *id;
	long line;
	int has_kw, has_not;	/* keywords/phrases owner base+3i (kw), +1 (phrases), +2 (not) */
	int has_ph;
	int has_re;
	regex_t re;	/* matched on the first SC_TRI_REGEX_SPAN bytes of the folded text */
	char *platform, *profile, *kind, *lang, *if_category, *if_sentiment;	/* "|a|b|" lists */
	int visibility;		/* TRI_ANY, 0 public, 1 private */
	int ad, has_link, only_emoji, only_mentions;	/* TRI_ANY, 0, 1 */
	long min_contacts, min_open, min_negative;	/* -1 = any */
	int category, sentiment, action, private_;	/* -1 = unchanged */
	int priority;		/* 0 unchanged, 1..4 */
	int shift;		/* -1 up, +1 down */
	char *team;
	char *tags;		/* '|' separated, NULL none */
	int64_t sla;		/* 0 unchanged; a first-response target (lib/sla.c) */
	int stop;
};

struct sc_rules {
	struct rule *v;
	size_t n;
	int base;
};

/* Index of s in names (case-insensitive), or -1. */
int sc_tri_name_index(const char *const *names, int n, const char *s);
/* Is v in the "|a|b|" list (NULL list: anything)? */
int sc_tri_list_has(const char *list, const char *v);

#endif
