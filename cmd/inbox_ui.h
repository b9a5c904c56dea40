/*
 * inbox_ui.h - what cmd/sc-inbox.c hands the ncurses screen
 * (cmd/inbox_ui.c, linked into sc-inbox only, with -lncursesw).
 */
#ifndef INBOX_UI_H
#define INBOX_UI_H

#include "inbox.h"

struct inbox_app {
	struct sc_inbox *ib;
	const char *agent;
	struct sc_inbox_send send;
	struct sc_inbox_consult consult;	/* the consult action */
	struct sc_inbox_filter filter;
	enum sc_inbox_sort sort;
	int64_t claim_secs;
	int fixed_now;		/* --now given: the clock does not move */
	const char *replies;	/* replies.csv, for another template */
	const char *identities;	/* identities.csv, for the customer's history */
};

/* Print a conversation as text (show, and the screen's pager). */
void inbox_show_text(struct inbox_app *a, struct sc_conv *c, json_t *thread, struct sc_buf *b);
/* The customer's history line ("3 contacts on facebook, x; 1 open complaint"). */
void inbox_history_line(struct inbox_app *a, struct sc_conv *c, struct sc_buf *b);
/* The handover summary (text). */
void inbox_handover_text(struct inbox_app *a, struct sc_buf *b);

/* Run the screen until q; returns an exit status. */
int inbox_ui_run(struct inbox_app *a);

#endif
