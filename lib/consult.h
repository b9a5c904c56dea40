/*
 * consult.h - the consult mail: a question to an in-house expert about a
 * case, with the conversation (personal data masked unless the expert's
 * team may see it) and a reply address that carries the case, so the
 * answer comes back through sc-normalize --from email as a note in the
 * thread (sc(7) CONSULTING BY E-MAIL).
 */
#ifndef SC_CONSULT_H
#define SC_CONSULT_H

#include "sc.h"

struct sc_consult_opts {
	const char *to;		/* the expert's address(es) */
	const char *reply_to;	/* "care@agency.example": becomes care+TOKEN@... */
	const char *from;	/* From header, or NULL (reply_to without token) */
	const char *question;	/* the moderator's question */
	const char *thread;	/* thread_id */
	const char *key;	/* consult key (borrowed; never printed) */
	size_t keylen;
	long until_day;		/* last valid day (days since 1970-01-01 UTC) */
	int64_t now;		/* Date header */
	int show_pii;		/* 1: texts and names as they are */
};

/*
 * Write the whole mail (headers, blank line, UTF-8 body) for the thread's
 * records recs[0..n) (any order; messages and notes are shown in time
 * order, status and label records are left out) into out.  0, or -1 with
 * e set: an address with a line break or without '@' (64), a short key
 * or a thread id too long for a token (78).
 */
int sc_consult_mail(const struct sc_consult_opts *o, json_t *const *recs, size_t n,
		    struct sc_buf *out, struct sc_error *e);

#endif
