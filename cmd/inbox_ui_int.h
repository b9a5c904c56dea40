/*
 * inbox_ui_int.h - what the two halves of the sc-inbox screen share:
 * inbox_ui.c (the terminal, the queue, prompts, the pager, the loop) and
 * inbox_conv.c (the conversation view and its actions).  Internal to
 * sc-inbox.
 */
#ifndef INBOX_UI_INT_H
#define INBOX_UI_INT_H

#include <ncurses.h>

#include "inbox_ui.h"
#include "reply.h"

enum { C_P1 = 1, C_OVER, C_CLAIM, C_HEAD, C_PII, C_OK, C_DRAFT };

struct ui {
	struct inbox_app *a;
	int color;
	size_t *ix, nix, sel, top;
	char selid[512];	/* thread id of the selection */
	char msg[1024];		/* the status line */
	int msg_err;
	char search[256];
	/* the conversation open now, by thread id */
	char open[512];
	int64_t claimed_until;	/* our claim on it */
	struct sc_replies *replies;
	struct sc_profiles *profiles;
};

int ui_getkey(void);
void ui_say(struct ui *u, int err, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
int ui_put(int y, int x, const char *s, int cols, int pad);
void ui_on(struct ui *u, int pair, attr_t fallback);
void ui_off(struct ui *u, int pair, attr_t fallback);
void ui_query(struct ui *u);
void ui_remember(struct ui *u);
int ui_tick(struct ui *u);
void ui_header(struct ui *u, const char *title);
void ui_footer(struct ui *u, const char *keys);
int ui_prompt(struct ui *u, const char *label, char *out, size_t cap);
int ui_confirm(struct ui *u, const char *question);
void ui_pager(struct ui *u, const char *title, const char *text);
void ui_release(struct ui *u);
void ui_conversation(struct ui *u, struct sc_conv *c);

extern const char ui_help_text[];	/* the keys, for the pager */

#endif
