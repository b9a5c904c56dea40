/*
 * inbox_ui.c - the ncurses screen of sc-inbox: the queue with counts in
 * a header and the keys in a footer, the conversation view, the handover
 * view and help.  Linked into sc-inbox only (-lncursesw).
 *
 * Design.  The screen holds no state of its own that matters: every
 * action goes through lib/inbox*.c and becomes a case-log record, so a
 * crash or a second terminal loses nothing.  The loop waits for a key at
 * most a second; each tick reads what others appended to the case log
 * (sc_inbox_refresh_log), rebuilds when cron wrote new messages
 * (sc_inbox_changed), moves the clock (unless --now) and renews this
 * agent's claim on the open conversation at half its time.  The
 * selection is kept by thread id across rebuilds.  Text is laid out in
 * display columns (lib/inbox_text.c, wcwidth), so Polish letters and
 * emoji line up at any width; 80x24 is the design size.  Colours only
 * when the terminal has them and NO_COLOR is not set (then bold and
 * reverse carry the same meaning).
 */
#include <errno.h>
#include <locale.h>
#include <ncurses.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include <wchar.h>

#include "cli.h"
#include "inbox_ui.h"
#include "reply.h"
#include "triage.h"

enum { C_P1 = 1, C_OVER, C_CLAIM, C_HEAD, C_PII, C_OK, C_DRAFT };

/* SIGHUP or SIGTERM (the terminal went away): every loop unwinds as if
   Escape was pressed, so claims are released and nothing is lost. */
static volatile sig_atomic_t got_signal;

static int
getkey(void)
{
	int ch = getch();

	return got_signal ? 27 : ch;
}

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

static void
say(struct ui *u, int err, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

static void
say(struct ui *u, int err, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(u->msg, sizeof(u->msg), fmt, ap);
	va_end(ap);
	u->msg_err = err;
}

/* A column: s cut to w - 1 columns, padded, and a space; returns w. */
static int put(int y, int x, const char *s, int cols, int pad);
static int
cell(int y, int x, const char *s, int w)
{
	put(y, x, s, w - 1, 1);
	put(y, x + w - 1, " ", 1, 1);
	return w;
}

/* Draw s at (y, x) in at most cols columns; returns the columns used. */
static int
put(int y, int x, const char *s, int cols, int pad)
{
	struct sc_buf b;
	int used;

	if (cols <= 0)
		return 0;
	sc_buf_init(&b);
	used = sc_inbox_fit(&b, s ? s : "", cols, pad);
	mvaddstr(y, x, b.data ? b.data : "");
	sc_buf_release(&b);
	return used;
}

static void
on(struct ui *u, int pair, attr_t fallback)
{
	if (u->color)
		attron(COLOR_PAIR(pair));
	else
		attron(fallback);
}

static void
off(struct ui *u, int pair, attr_t fallback)
{
	if (u->color)
		attroff(COLOR_PAIR(pair));
	else
		attroff(fallback);
}

static void
query(struct ui *u)
{
	struct sc_inbox *ib = u->a->ib;
	size_t i;

	free(u->ix);
	u->ix = sc_xmalloc((ib->n + 1) * sizeof(*u->ix));
	u->a->filter.search = u->search[0] ? u->search : NULL;
	u->nix = sc_inbox_query(ib, &u->a->filter, u->a->sort, u->a->agent, u->ix);
	u->sel = 0;
	for (i = 0; i < u->nix; i++)
		if (strcmp(ib->v[u->ix[i]].thread, u->selid) == 0)
			u->sel = i;
	if (u->sel >= u->nix)
		u->sel = u->nix ? u->nix - 1 : 0;
}

static struct sc_conv *
selected(struct ui *u)
{
	return u->nix ? &u->a->ib->v[u->ix[u->sel]] : NULL;
}

static void
remember(struct ui *u)
{
	struct sc_conv *c = selected(u);

	snprintf(u->selid, sizeof(u->selid), "%s", c ? c->thread : "");
}

/* Read others' records; rebuild when the files changed.  Returns 1 when
   anything changed. */
static int
tick(struct ui *u)
{
	struct sc_inbox *ib = u->a->ib;
	struct sc_error e;
	int changed = 0;

	sc_error_clear(&e);
	if (!u->a->fixed_now)
		ib->now = (int64_t)time(NULL);
	if (sc_inbox_changed(ib)) {
		if (sc_inbox_load(ib, &e) < 0)
			say(u, 1, "reload: %s", e.text);
		changed = 1;
	} else if (sc_inbox_refresh_log(ib, &e) > 0) {
		changed = 1;
	}
	if (changed) {
		remember(u);
		query(u);
	}
	/* keep our claim on the open conversation */
	if (u->open[0] && u->claimed_until && u->claimed_until - ib->now < u->a->claim_secs / 2) {
		struct sc_conv *c = sc_inbox_find(ib, u->open);
		if (c && !sc_inbox_claimed_by_other(ib, c, u->a->agent) &&
		    sc_inbox_claim(ib, c, u->a->agent, u->a->claim_secs, &e) == 0)
			u->claimed_until = ib->now + u->a->claim_secs;
	}
	return changed;
}

/* ---- the queue ---- */

static void
header(struct ui *u, const char *title)
{
	struct sc_inbox *ib = u->a->ib;
	struct sc_buf b;
	long open = 0, p[5] = {0}, over = 0, claimed = 0, mine = 0, unas = 0;
	size_t i;

	for (i = 0; i < ib->n; i++) {
		struct sc_conv *c = &ib->v[i];
		if (!c->open || c->last_cust == 0)
			continue;
		open++;
		p[c->priority < 5 ? c->priority : 0]++;
		over += c->due && c->due < ib->now;
		claimed += c->claim_by && c->claim_until > ib->now;
		mine += c->assignee && strcmp(c->assignee, u->a->agent) == 0;
		unas += !c->assignee && !c->ateam;
	}
	sc_buf_init(&b);
	sc_buf_printf(&b, " %s %s | %zu/%ld open | P1 %ld P2 %ld P3 %ld P4 %ld | late %ld"
		      " | claimed %ld | mine %ld | unassigned %ld", title, u->a->agent, u->nix, open,
		      p[1], p[2], p[3], p[4], over, claimed, mine, unas);
	on(u, C_HEAD, A_REVERSE);
	move(0, 0);
	clrtoeol();
	put(0, 0, b.data, COLS, 1);
	off(u, C_HEAD, A_REVERSE);
	sc_buf_release(&b);
}

static void
footer(struct ui *u, const char *keys)
{
	move(LINES - 2, 0);
	clrtoeol();
	if (u->msg[0]) {
		if (u->msg_err)
			on(u, C_P1, A_BOLD);
		put(LINES - 2, 0, u->msg, COLS, 0);
		if (u->msg_err)
			off(u, C_P1, A_BOLD);
	}
	attron(A_REVERSE);
	move(LINES - 1, 0);
	clrtoeol();
	put(LINES - 1, 0, keys, COLS, 1);
	attroff(A_REVERSE);
}

static void
filter_text(struct ui *u, struct sc_buf *b)
{
	const struct sc_inbox_filter *f = &u->a->filter;
	static const char *sorts[] = {"rank", "newest", "oldest", "due"};

	sc_buf_printf(b, "sort %s", sorts[u->a->sort]);
	if (f->profile) sc_buf_printf(b, " profile=%s", f->profile);
	if (f->platform) sc_buf_printf(b, " platform=%s", f->platform);
	if (f->kind) sc_buf_printf(b, " kind=%s", f->kind);
	if (f->team) sc_buf_printf(b, " team=%s", f->team);
	if (f->category) sc_buf_printf(b, " category=%s", f->category);
	if (f->tag) sc_buf_printf(b, " tag=%s", f->tag);
	if (f->max_priority) sc_buf_printf(b, " <=P%d", f->max_priority);
	if (f->assignee) sc_buf_adds(b, " mine");
	if (f->unassigned) sc_buf_adds(b, " unassigned");
	if (f->escalated) sc_buf_adds(b, " escalated");
	if (u->search[0]) sc_buf_printf(b, " /%s", u->search);
}

/* Short platform names for the channel column. */
static const char *
short_platform(const char *p)
{
	static const char *map[][2] = {
		{"facebook", "fb"}, {"instagram", "ig"}, {"youtube", "yt"}, {"tiktok", "tt"},
		{"linkedin", "in"}, {"google", "gbp"}, {"threads", "th"}, {"email", "mail"}
	};
	size_t i;

	for (i = 0; p && i < sizeof(map) / sizeof(map[0]); i++)
		if (strcmp(p, map[i][0]) == 0)
			return map[i][1];
	return p ? p : "?";
}

static void
draw_queue(struct ui *u)
{
	struct sc_inbox *ib = u->a->ib;
	int rows = LINES - 4, y, w = COLS;
	int wch = 11, wprof = w >= 100 ? 14 : 10, wauth = w >= 100 ? 14 : 11, wteam = 0, wnow = 9;
	int wtext;
	struct sc_buf b;

	erase();
	header(u, "sc-inbox");
	if (w >= 90)
		wteam = 9;
	wtext = w - (3 + 6 + wch + 1 + wprof + 1 + wauth + 1 + (wteam ? wteam + 1 : 0) + wnow + 1);
	if (wtext < 8)
		wtext = 8;
	attron(A_BOLD);
	move(1, 0);
	clrtoeol();
	{
		int x = 0;
		x += cell(1, x, "P", 3);
		x += cell(1, x, "LEFT", 6);
		x += cell(1, x, "CHANNEL", wch + 1);
		x += cell(1, x, "PROFILE", wprof + 1);
		x += cell(1, x, "AUTHOR", wauth + 1);
		x += cell(1, x, "TEXT", wtext + 1);
		if (wteam)
			x += cell(1, x, "TEAM", wteam + 1);
		put(1, x, "WHO", wnow, 1);
	}
	attroff(A_BOLD);
	if (rows < 1)
		rows = 1;
	if (u->sel < u->top)
		u->top = u->sel;
	if (u->sel >= u->top + (size_t)rows)
		u->top = u->sel - (size_t)rows + 1;
	sc_buf_init(&b);
	for (y = 0; y < rows && u->top + (size_t)y < u->nix; y++) {
		size_t k = u->top + (size_t)y;
		struct sc_conv *c = &ib->v[u->ix[k]];
		char pri[8], left[32];
		int x = 0, row = y + 2;
		int other = sc_inbox_claimed_by_other(ib, c, u->a->agent);
		const char *who = c->claim_by && c->claim_until > ib->now ? c->claim_by :
				  c->assignee ? c->assignee : "";

		if (k == u->sel)
			attron(A_REVERSE);
		move(row, 0);
		clrtoeol();
		snprintf(pri, sizeof(pri), c->priority < 9 ? "P%d" : "-", c->priority);
		if (c->priority == 1)
			on(u, C_P1, A_BOLD);
		x += cell(row, x, pri, 3);
		if (c->priority == 1)
			off(u, C_P1, A_BOLD);
		sc_inbox_left(c->due, ib->now, left, sizeof(left));
		if (c->due && c->due < ib->now)
			on(u, C_OVER, A_BOLD);
		x += cell(row, x, left, 6);
		if (c->due && c->due < ib->now)
			off(u, C_OVER, A_BOLD);
		sc_buf_reset(&b);
		sc_buf_printf(&b, "%s %s%s", short_platform(c->platform), c->kind ? c->kind : "?",
			      c->priv ? "*" : "");
		x += cell(row, x, b.data, wch + 1);
		x += cell(row, x, c->profile, wprof + 1);
		x += cell(row, x, c->author, wauth + 1);
		x += cell(row, x, c->text, wtext + 1);
		if (wteam)
			x += cell(row, x, c->ateam ? c->ateam : c->esc_to && c->escalated ? c->esc_to :
				  c->team, wteam + 1);
		if (other)
			on(u, C_CLAIM, A_BOLD);
		put(row, x, who, wnow, 1);
		if (other)
			off(u, C_CLAIM, A_BOLD);
		if (k == u->sel)
			attroff(A_REVERSE);
	}
	if (u->nix == 0)
		put(3, 2, "Nothing in the queue with these filters (0 clears them).", COLS - 2, 0);
	sc_buf_reset(&b);
	filter_text(u, &b);
	if (!u->msg[0])
		say(u, 0, "%s", b.data);
	sc_buf_release(&b);
	footer(u, "Enter:open /:search f:filter s:sort m:mine u:unassigned o:handover ?:help q:quit");
}

/* ---- small dialogs ---- */

/* Read a line (UTF-8) on the status line; 0 on Enter, -1 on Escape. */
static int
prompt(struct ui *u, const char *label, char *out, size_t cap)
{
	wint_t ch;
	size_t n = strlen(out);

	curs_set(1);
	timeout(-1);
	for (;;) {
		struct sc_buf b;
		int r;
		sc_buf_init(&b);
		sc_buf_printf(&b, "%s: %s", label, out);
		move(LINES - 2, 0);
		clrtoeol();
		attron(A_BOLD);
		put(LINES - 2, 0, b.data, COLS - 1, 0);
		attroff(A_BOLD);
		sc_buf_release(&b);
		refresh();
		r = get_wch(&ch);
		if (got_signal) {
			curs_set(0);
			timeout(1000);
			return -1;
		}
		if (r == ERR)
			continue;
		if (ch == 27) {
			curs_set(0);
			timeout(1000);
			return -1;
		}
		if (ch == '\n' || ch == '\r' || (r == KEY_CODE_YES && ch == KEY_ENTER))
			break;
		if ((r == KEY_CODE_YES && ch == KEY_BACKSPACE) || ch == 127 || ch == 8) {
			while (n > 0 && ((unsigned char)out[n - 1] & 0xC0) == 0x80)
				n--;
			if (n > 0)
				n--;
			out[n] = '\0';
			continue;
		}
		if (r == KEY_CODE_YES || ch < 32)
			continue;
		{
			char enc[8];
			int l = sc_utf8_encode((uint32_t)ch, enc);
			if (n + (size_t)l + 1 < cap) {
				memcpy(out + n, enc, (size_t)l);
				n += (size_t)l;
				out[n] = '\0';
			}
		}
	}
	curs_set(0);
	timeout(1000);
	(void)u;
	return 0;
}

static int
confirm(struct ui *u, const char *question)
{
	int ch;

	move(LINES - 2, 0);
	clrtoeol();
	on(u, C_P1, A_BOLD);
	put(LINES - 2, 0, question, COLS - 1, 0);
	off(u, C_P1, A_BOLD);
	refresh();
	timeout(-1);
	ch = getkey();
	timeout(1000);
	return ch == 'y' || ch == 'Y';
}

/* A pager over text: q or Escape leaves. */
static void
pager(struct ui *u, const char *title, const char *text)
{
	size_t top = 0, nlines = 0, i;
	const char *p;
	const char **lines = NULL;
	int ch;

	for (p = text; p && *p;) {
		const char *nl = strchr(p, '\n');
		lines = sc_xrealloc(lines, (nlines + 1) * sizeof(*lines));
		lines[nlines++] = p;
		p = nl ? nl + 1 : NULL;
	}
	for (;;) {
		erase();
		header(u, title);
		for (i = 0; (int)i < LINES - 3 && top + i < nlines; i++) {
			const char *l = lines[top + i], *nl = strchr(l, '\n');
			char *s = sc_xstrndup(l, nl ? (size_t)(nl - l) : strlen(l));
			put((int)i + 1, 0, s, COLS, 0);
			free(s);
		}
		u->msg[0] = '\0';
		footer(u, " j/k scroll  q back");
		refresh();
		timeout(1000);
		ch = getkey();
		if (ch == ERR) {
			tick(u);
			continue;
		}
		if (ch == 'q' || ch == 27 || ch == '?' || ch == 'o')
			break;
		if ((ch == 'j' || ch == KEY_DOWN) && top + 1 < nlines)
			top++;
		if ((ch == 'k' || ch == KEY_UP) && top > 0)
			top--;
		if (ch == KEY_NPAGE || ch == ' ')
			top = top + (size_t)(LINES - 4) < nlines ? top + (size_t)(LINES - 4) : top;
		if (ch == KEY_PPAGE)
			top = top > (size_t)(LINES - 4) ? top - (size_t)(LINES - 4) : 0;
	}
	free(lines);
}

static const char help_text[] =
	"The queue\n"
	"  j k, arrows   move            Enter  open the conversation (claims it)\n"
	"  /             search text, author, notes (no case, no Polish diacritics)\n"
	"  f             filter: p profile, l platform, k kind, t team, c category,\n"
	"                # tag, 1-4 priority and more urgent, e escalated, w awaiting\n"
	"  m  mine       u  unassigned    0  clear filters and search\n"
	"  s             sort: rank, newest, oldest, due\n"
	"  o             handover: open, claimed, due within the hour, escalated\n"
	"  g             read the files again      q  quit\n"
	"\n"
	"The conversation\n"
	"  a  approve and send the draft (P1 asks again); exactly once: the outbox\n"
	"     journal refuses a second send of the same reply\n"
	"  e  edit the draft in $EDITOR      t  another template\n"
	"  p  answer privately (Facebook, Instagram comments) or publicly again\n"
	"  h  hold the draft / lift the hold\n"
	"  A  assign to a person or team:NAME     n  internal note\n"
	"  r  resolve     R  reopen     x  escalate (to a team)\n"
	"  l  relabel: category and sentiment (sc-triage --train learns from it)\n"
	"  H  hide the comment     D  delete it (where sc-reply allows)\n"
	"  j k  scroll     q  back to the queue (releases the claim)\n"
	"\n"
	"Opening a conversation claims it for a few minutes; the others see\n"
	"\"NAME is answering\" and cannot send it.  Every action is a record in the\n"
	"case log (cases.ndjson); other terminals see it within a second.\n";

static void
filter_menu(struct ui *u)
{
	struct sc_inbox_filter *f = &u->a->filter;
	static char vals[6][200];
	int ch;

	say(u, 0, "filter: p profile  l platform  k kind  t team  c category  # tag  1-4 priority"
	    "  e escalated  w awaiting");
	footer(u, " choose a filter (Esc cancels)");
	refresh();
	timeout(-1);
	ch = getkey();
	timeout(1000);
	u->msg[0] = '\0';
	switch (ch) {
	case 'p': case 'l': case 'k': case 't': case 'c': case '#': {
		static const char keys[] = "plktc#";
		static const char *names[] = {"profile", "platform", "kind", "team", "category", "tag"};
		const char **dst[] = {&f->profile, &f->platform, &f->kind, &f->team, &f->category, &f->tag};
		int i = (int)(strchr(keys, ch) - keys);
		vals[i][0] = '\0';
		if (prompt(u, names[i], vals[i], sizeof(vals[i])) == 0)
			*dst[i] = vals[i][0] ? vals[i] : NULL;
		break;
	}
	case '1': case '2': case '3': case '4':
		f->max_priority = ch - '0';
		break;
	case 'e':
		f->escalated = !f->escalated;
		break;
	case 'w':
		f->awaiting = !f->awaiting;
		break;
	default:
		break;
	}
}

/* ---- the conversation ---- */

struct line {
	char *text;
	int kind;	/* 0 plain, 1 heading, 2 draft, 3 warning */
};

/* Wrap text into lines of at most cols columns, splitting at spaces. */
static void
wrap(struct line **v, size_t *n, const char *s, int cols, int kind)
{
	const char *p = s;

	do {
		const char *nl = strchr(p, '\n');
		size_t len = nl ? (size_t)(nl - p) : strlen(p);
		char *para = sc_xstrndup(p, len);
		const char *q = para;
		int indent = 0;

		while (q[indent] == ' ')
			indent++;
		do {
			struct sc_buf b;
			size_t cut = strlen(q), best = 0, i = 0;
			int w = 0;
			/* the longest prefix that fits, ending at a space if there is one */
			while (i < cut) {
				uint32_t cp;
				int l = sc_utf8_decode(q + i, cut - i, &cp);
				int cw;
				if (l <= 0)
					l = 1;
				cw = sc_inbox_width(q + i, (size_t)l);
				if (w + cw > cols)
					break;
				w += cw;
				i += (size_t)l;
				if (q[i] == ' ')
					best = i;
			}
			if (i < cut && best > 0)
				i = best;
			sc_buf_init(&b);
			sc_buf_add(&b, q, i);
			if (b.data == NULL)
				sc_buf_adds(&b, "");
			*v = sc_xrealloc(*v, (*n + 1) * sizeof(**v));
			(*v)[*n].text = b.data;
			(*v)[*n].kind = kind;
			(*n)++;
			q += i;
			while (*q == ' ')
				q++;
			if (*q && indent) {
				/* continuation lines keep the paragraph's indent */
				char *rest = sc_xmalloc((size_t)indent + strlen(q) + 1);
				memset(rest, ' ', (size_t)indent);
				memcpy(rest + indent, q, strlen(q) + 1);
				free(para);
				para = rest;
				q = para;
			}
		} while (*q);
		free(para);
		p = nl ? nl + 1 : NULL;
	} while (p && *p);
}

static void
lines_free(struct line *v, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		free(v[i].text);
	free(v);
}

/* Draw one line with personal data highlighted. */
static void
draw_line(struct ui *u, int y, const struct line *l)
{
	struct sc_pii_hit hits[16];
	size_t n = sc_pii_scan(l->text, strlen(l->text), hits, 16), i, at = 0;
	int x = 0;

	move(y, 0);
	clrtoeol();
	if (l->kind == 1)
		attron(A_BOLD);
	if (l->kind == 2)
		on(u, C_DRAFT, A_BOLD);
	if (l->kind == 3)
		on(u, C_CLAIM, A_BOLD);
	for (i = 0; i <= n; i++) {
		size_t end = i < n ? hits[i].off : strlen(l->text);
		char *seg = sc_xstrndup(l->text + at, end - at);
		x += put(y, x, seg, COLS - x, 0);
		free(seg);
		if (i < n) {
			seg = sc_xstrndup(l->text + hits[i].off, hits[i].len);
			on(u, C_PII, A_UNDERLINE | A_BOLD);
			x += put(y, x, seg, COLS - x, 0);
			off(u, C_PII, A_UNDERLINE | A_BOLD);
			free(seg);
			at = hits[i].off + hits[i].len;
		}
	}
	if (l->kind == 1)
		attroff(A_BOLD);
	if (l->kind == 2)
		off(u, C_DRAFT, A_BOLD);
	if (l->kind == 3)
		off(u, C_CLAIM, A_BOLD);
}

static void
build_view(struct ui *u, struct sc_conv *c, struct line **v, size_t *n)
{
	struct sc_error e;
	json_t *t;
	struct sc_buf b;
	const char *p;
	int in_draft = 0;

	sc_error_clear(&e);
	t = sc_inbox_thread_new(u->a->ib, c, &e);
	sc_buf_init(&b);
	inbox_show_text(u->a, c, t, &b);
	json_decref(t);
	*v = NULL;
	*n = 0;
	if (sc_inbox_claimed_by_other(u->a->ib, c, u->a->agent)) {
		char until[32];
		struct sc_buf w;
		sc_time_format(c->claim_until, until);
		sc_buf_init(&w);
		sc_buf_printf(&w, "%s is answering (claimed until %s); sending is refused meanwhile",
			      c->claim_by, until + 11);
		wrap(v, n, w.data, COLS, 3);
		sc_buf_release(&w);
	}
	for (p = b.data; p && *p;) {
		const char *nl = strchr(p, '\n');
		char *ln = sc_xstrndup(p, nl ? (size_t)(nl - p) : strlen(p));
		int kind = 0;
		if (strncmp(ln, "== ", 3) == 0)
			in_draft = 1;
		if (strncmp(ln, "-- ", 3) == 0 || strncmp(ln, "== ", 3) == 0)
			kind = 1;
		else if (in_draft)
			kind = 2;
		wrap(v, n, ln, COLS, kind);
		free(ln);
		p = nl ? nl + 1 : NULL;
	}
	sc_buf_release(&b);
}

static int
edit_text(struct ui *u, const char *before, char **after)
{
	const char *ed = getenv("VISUAL");
	char path[600];
	const char *tmp = getenv("TMPDIR");
	int fd, st;
	pid_t pid;
	FILE *f;
	struct sc_buf b;
	char chunk[4096];
	size_t r;

	if (ed == NULL || *ed == '\0')
		ed = getenv("EDITOR");
	if (ed == NULL || *ed == '\0')
		ed = "vi";
	snprintf(path, sizeof(path), "%s/sc-inbox-draft.XXXXXX", tmp && *tmp ? tmp : "/tmp");
	if ((fd = mkstemp(path)) < 0) {
		say(u, 1, "edit: %s", strerror(errno));
		return -1;
	}
	if (write(fd, before, strlen(before)) < 0 || write(fd, "\n", 1) < 0) {
		close(fd);
		unlink(path);
		say(u, 1, "edit: %s", strerror(errno));
		return -1;
	}
	close(fd);
	def_prog_mode();
	endwin();
	setenv("SC_INBOX_EDITOR", ed, 1);
	pid = fork();
	if (pid == 0) {
		execl("/bin/sh", "sh", "-c", "exec $SC_INBOX_EDITOR \"$1\"", "sh", path, (char *)NULL);
		_exit(127);
	}
	if (pid > 0) {
		while (waitpid(pid, &st, 0) < 0 && errno == EINTR)
			;
	}
	reset_prog_mode();
	refresh();
	if (pid < 0 || !WIFEXITED(st) || WEXITSTATUS(st) != 0) {
		unlink(path);
		say(u, 1, "the editor failed; the draft is unchanged");
		return -1;
	}
	f = fopen(path, "r");
	sc_buf_init(&b);
	while (f && (r = fread(chunk, 1, sizeof(chunk), f)) > 0)
		sc_buf_add(&b, chunk, r);
	if (f)
		fclose(f);
	unlink(path);
	while (b.len > 0 && (b.data[b.len - 1] == '\n' || b.data[b.len - 1] == ' '))
		b.data[--b.len] = '\0';
	if (b.len == 0 || sc_utf8_invalid_at(b.data, b.len) >= 0) {
		sc_buf_release(&b);
		say(u, 1, "empty or not UTF-8: the draft is unchanged");
		return -1;
	}
	*after = b.data;
	return 0;
}

/* The drafted record of c to change: a copy of its draft, or its message
   with a new manual draft.  New, or NULL. */
static json_t *
draft_copy(struct ui *u, struct sc_conv *c)
{
	struct sc_error e;
	json_t *rec, *reply;

	sc_error_clear(&e);
	rec = c->draft ? json_deep_copy(c->draft) : sc_inbox_message_new(u->a->ib, c, &e);
	if (rec == NULL)
		return NULL;
	reply = json_object_get(rec, "reply");
	if (!json_is_object(reply) || (sc_json_str(reply, "status") &&
				       strcmp(sc_json_str(reply, "status"), "draft") != 0 &&
				       strcmp(sc_json_str(reply, "status"), "sent") != 0)) {
		reply = json_object();
		json_object_set_new(reply, "status", json_string("draft"));
		json_object_set_new(reply, "template", json_string("manual"));
		json_object_set_new(reply, "visibility", json_string(c->priv ? "private" : "public"));
		json_object_set_new(reply, "text", json_string(""));
		json_object_set_new(rec, "reply", reply);
	}
	json_object_set_new(reply, "status", json_string("draft"));
	return rec;
}

static void
save(struct ui *u, struct sc_conv *c, json_t *rec, const char *what)
{
	struct sc_error e;

	sc_error_clear(&e);
	json_object_set_new(json_object_get(rec, "reply"), "edited_by", json_string(u->a->agent));
	if (sc_inbox_save_draft(u->a->ib, c, rec, &e) < 0)
		say(u, 1, "%s: %s", what, e.text);
	else
		say(u, 0, "%s: draft saved (drafts/edited.ndjson)", what);
}

static void
act_edit(struct ui *u, struct sc_conv *c)
{
	json_t *rec = draft_copy(u, c), *reply;
	const char *key;
	char *text = NULL;

	if (rec == NULL) {
		say(u, 1, "edit: the message is not in the files");
		return;
	}
	reply = json_object_get(rec, "reply");
	key = sc_json_str(reply, "private_text") ? "private_text" : "text";
	if (edit_text(u, sc_json_str(reply, key) ? sc_json_str(reply, key) : "", &text) == 0) {
		json_object_set_new(reply, key, json_string(text));
		if (strcmp(key, "private_text") == 0)
			json_object_set_new(reply, "text", json_string(text));
		json_object_del(reply, "held");
		save(u, c, rec, "edit");
		free(text);
	}
	json_decref(rec);
}

static void
act_private(struct ui *u, struct sc_conv *c)
{
	json_t *rec, *reply;
	const char *lang;

	if (c->kind == NULL || strcmp(c->kind, "comment") != 0 || c->platform == NULL ||
	    (strcmp(c->platform, "facebook") != 0 && strcmp(c->platform, "instagram") != 0)) {
		say(u, 1, "answer privately: only Facebook and Instagram comments get a private reply");
		return;
	}
	if ((rec = draft_copy(u, c)) == NULL)
		return;
	reply = json_object_get(rec, "reply");
	lang = sc_json_str(reply, "lang") ? sc_json_str(reply, "lang") : "pl";
	if (sc_json_str(reply, "private_via")) {
		json_object_del(reply, "private_via");
		json_object_del(reply, "public_text");
		json_object_del(reply, "private_text");
		json_object_set_new(reply, "visibility", json_string("public"));
		save(u, c, rec, "public reply");
	} else {
		json_object_set_new(reply, "private_via", json_string("private_reply"));
		json_object_set_new(reply, "private_text", json_string(sc_json_str(reply, "text") ?
								       sc_json_str(reply, "text") : ""));
		json_object_set_new(reply, "public_text", json_string(strcmp(lang, "en") == 0 ?
			"We have sent you a private message." : "Odpisaliśmy w wiadomości prywatnej."));
		json_object_set_new(reply, "visibility", json_string("private"));
		save(u, c, rec, "private reply");
	}
	json_decref(rec);
}

static const char *
link_of(void *ctx, const char *name)
{
	struct ui *u = ctx;
	static char col[200];
	const struct sc_profile *pr;
	const char *v;

	(void)u;
	snprintf(col, sizeof(col), "link_%s", name);
	pr = u->profiles && u->open[0] ? sc_profiles_find(u->profiles, sc_inbox_find(u->a->ib, u->open)->profile) : NULL;
	v = pr ? sc_profile_get(u->profiles, pr, col) : "";
	return *v ? v : NULL;
}

static void
act_template(struct ui *u, struct sc_conv *c)
{
	struct sc_error e;
	size_t i, sel = 0, n;
	const struct sc_tmpl **v;
	int ch;

	sc_error_clear(&e);
	if (u->replies == NULL && u->a->replies)
		u->replies = sc_replies_load(u->a->replies, 0, NULL, NULL, &e);
	if (u->profiles == NULL && u->a->send.profiles)
		u->profiles = sc_profiles_load(u->a->send.profiles, &e);
	if (u->replies == NULL) {
		say(u, 1, "another template: no replies.csv (%s)", e.text[0] ? e.text : "-r");
		return;
	}
	v = sc_xcalloc(u->replies->n + 1, sizeof(*v));
	n = 0;
	for (i = 0; i < u->replies->n; i++) {
		const struct sc_tmpl *t = &u->replies->v[i];
		if (*t->platform && c->platform && !strstr(t->platform, c->platform))
			continue;
		v[n++] = t;
	}
	for (;;) {
		int y;
		erase();
		header(u, "another template");
		for (y = 0; y < LINES - 4 && (size_t)y < n; y++) {
			size_t k = sel >= (size_t)(LINES - 4) ? sel - (size_t)(LINES - 5) + (size_t)y : (size_t)y;
			struct sc_buf b;
			if (k >= n)
				break;
			sc_buf_init(&b);
			sc_buf_printf(&b, "%-16s %-3s %-10s %s", v[k]->id, v[k]->lang, v[k]->category, v[k]->text);
			if (k == sel)
				attron(A_REVERSE);
			put(y + 1, 0, b.data, COLS, 1);
			if (k == sel)
				attroff(A_REVERSE);
			sc_buf_release(&b);
		}
		u->msg[0] = '\0';
		footer(u, " j/k choose  Enter use it  q back");
		refresh();
		timeout(-1);
		ch = getkey();
		timeout(1000);
		if (ch == 'q' || ch == 27)
			break;
		if ((ch == 'j' || ch == KEY_DOWN) && sel + 1 < n)
			sel++;
		if ((ch == 'k' || ch == KEY_UP) && sel > 0)
			sel--;
		if ((ch == '\n' || ch == '\r' || ch == KEY_ENTER) && n > 0) {
			const struct sc_tmpl *t = v[sel];
			const struct sc_profile *pr = u->profiles && c->profile ?
				sc_profiles_find(u->profiles, c->profile) : NULL;
			const char *tone = pr ? sc_profile_get(u->profiles, pr, "tone") : "";
			const char *voice = pr ? sc_profile_get(u->profiles, pr, "voice") : "";
			const char *emo = pr ? sc_profile_get(u->profiles, pr, "emoji") : "";
			const char *sig = pr ? sc_profile_get(u->profiles, pr, "signature") : "";
			const char *brand = pr ? sc_profile_get(u->profiles, pr, "brand_name") : "";
			const struct sc_piece *missing = NULL;
			struct sc_name nm;
			struct sc_fill f;
			char greet[200];
			char *text;
			json_t *rec, *reply;
			int formal = strcasecmp(tone, "formal") == 0;

			sc_name_parse(c->author, &nm);
			sc_name_greeting(&nm, strcmp(t->lang, "en") == 0 ? SC_LANG_EN : SC_LANG_PL, formal,
					 greet, sizeof(greet));
			memset(&f, 0, sizeof(f));
			f.greeting = greet;
			f.first_name = nm.first_name[0] ? nm.first_name : NULL;
			f.signature = *sig ? sig : NULL;
			f.profile = c->profile;
			f.brand = *brand ? brand : NULL;
			f.case_id = c->thread;
			f.agent = u->a->agent;
			f.plural = strcasecmp(voice, "singular") != 0;
			f.gender = nm.known ? nm.gender : 0;
			f.emoji = strcasecmp(emo, "yes") == 0;
			f.link = link_of;
			f.link_ctx = u;
			text = sc_tmpl_fill_new(t->pieces, t->npieces, &f, &missing);
			if (text == NULL) {
				char ph[100];
				sc_piece_name(missing, ph, sizeof(ph));
				say(u, 1, "template %s needs %s, which this conversation has not", t->id, ph);
				break;
			}
			if ((rec = draft_copy(u, c)) != NULL) {
				char rule[300];
				reply = json_object_get(rec, "reply");
				snprintf(rule, sizeof(rule), "%s:%ld", u->a->replies, t->line);
				json_object_set_new(reply, "template", json_string(t->id));
				json_object_set_new(reply, "rule", json_string(rule));
				json_object_set_new(reply, "text", json_string(text));
				json_object_set_new(reply, "chosen_by", json_string(u->a->agent));
				if (sc_json_str(reply, "private_text"))
					json_object_set_new(reply, "private_text", json_string(text));
				save(u, c, rec, "template");
				json_decref(rec);
			}
			free(text);
			break;
		}
	}
	free(v);
}

static void
act_label(struct ui *u, struct sc_conv *c)
{
	static const char ckeys[] = "qcbposhx";
	static const char skeys[] = "+=-";
	struct sc_error e;
	const char *cat = NULL, *sen = NULL, *k;
	int ch;

	say(u, 0, "category: q question c complaint b bug p praise o opinion s spam h hate x other"
	    "  (Enter keeps %s)", c->category ? c->category : "-");
	footer(u, " relabel (Esc cancels)");
	refresh();
	timeout(-1);
	ch = getkey();
	if (ch == 27) {
		timeout(1000);
		u->msg[0] = '\0';
		return;
	}
	if (ch > 0 && ch < 256 && (k = strchr(ckeys, ch)) != NULL)
		cat = sc_categories[k - ckeys];
	say(u, 0, "sentiment: + positive  = neutral  - negative  (Enter keeps %s)",
	    c->sentiment ? c->sentiment : "-");
	footer(u, " relabel (Esc cancels)");
	refresh();
	ch = getkey();
	timeout(1000);
	if (ch == 27) {
		u->msg[0] = '\0';
		return;
	}
	if (ch > 0 && ch < 256 && (k = strchr(skeys, ch)) != NULL)
		sen = sc_sentiments[k - skeys];
	if (cat == NULL && sen == NULL) {
		say(u, 0, "labels unchanged");
		return;
	}
	sc_error_clear(&e);
	if (sc_inbox_label(u->a->ib, c, u->a->agent, cat, sen, &e) < 0)
		say(u, 1, "relabel: %s", e.text);
	else
		say(u, 0, "relabelled %s%s%s (a label record sc-triage --train reads)", cat ? cat : "",
		    cat && sen ? ", " : "", sen ? sen : "");
}

static void
act_send(struct ui *u, struct sc_conv *c, const char *action)
{
	struct sc_error e;
	char msg[1024];
	json_t *reply = c->draft ? json_object_get(c->draft, "reply") : NULL;
	int rc;

	if (!action && c->held) {
		say(u, 1, "held: lift the hold before sending (h); not sent");
		return;
	}
	if (!action && json_is_true(json_object_get(reply, "needs_approval"))) {
		if (!confirm(u, "This reply needs approval (P1 crisis). Approve and send it? y/n")) {
			say(u, 0, "not sent");
			return;
		}
		u->a->send.approve_p1 = 1;
	}
	if (action && !confirm(u, strcmp(action, "delete") == 0 ?
			       "Delete the customer's comment on the platform? y/n" :
			       "Hide the customer's comment on the platform? y/n")) {
		say(u, 0, "nothing done");
		return;
	}
	say(u, 0, "sending through sc-reply...");
	footer(u, " sending");
	refresh();
	sc_error_clear(&e);
	rc = sc_inbox_send(u->a->ib, c, u->a->agent, &u->a->send, action, msg, sizeof(msg), &e);
	u->a->send.approve_p1 = 0;
	if (rc < 0)
		say(u, 1, "%s", e.text);
	else
		say(u, rc != 0, "%s", msg);
}

static void
act_simple(struct ui *u, struct sc_conv *c, int ch)
{
	struct sc_error e;
	char buf[1000] = "";
	int rc = 0;
	const char *done = NULL;

	sc_error_clear(&e);
	switch (ch) {
	case 'A':
		if (prompt(u, "assign to (a name, or team:NAME)", buf, sizeof(buf)) < 0 || !buf[0])
			return;
		rc = sc_inbox_assign(u->a->ib, c, u->a->agent, buf, &e);
		done = "assigned";
		break;
	case 'n':
		if (prompt(u, "note", buf, sizeof(buf)) < 0 || !buf[0])
			return;
		rc = sc_inbox_note(u->a->ib, c, u->a->agent, buf, &e);
		done = "note kept";
		break;
	case 'r':
		rc = sc_inbox_status(u->a->ib, c, u->a->agent, "resolved", NULL, NULL, &e);
		done = "resolved";
		break;
	case 'R':
		rc = sc_inbox_status(u->a->ib, c, u->a->agent, "reopened", NULL, NULL, &e);
		done = "reopened";
		break;
	case 'x':
		if (prompt(u, "escalate to team (Enter: no team)", buf, sizeof(buf)) < 0)
			return;
		rc = sc_inbox_status(u->a->ib, c, u->a->agent, "escalated", "team", buf, &e);
		done = "escalated";
		break;
	case 'h':
		rc = sc_inbox_hold(u->a->ib, c, u->a->agent, !c->held, &e);
		done = c->held ? "hold lifted" : "draft held";
		break;
	}
	if (rc < 0)
		say(u, 1, "%s", e.text);
	else if (done)
		say(u, 0, "%s", done);
}

static void
release(struct ui *u)
{
	struct sc_error e;
	struct sc_conv *c = u->open[0] ? sc_inbox_find(u->a->ib, u->open) : NULL;

	sc_error_clear(&e);
	if (c && u->claimed_until && !sc_inbox_claimed_by_other(u->a->ib, c, u->a->agent))
		sc_inbox_claim(u->a->ib, c, u->a->agent, 0, &e);
	u->open[0] = '\0';
	u->claimed_until = 0;
}

static void
conversation(struct ui *u, struct sc_conv *c)
{
	struct sc_error e;
	struct line *v = NULL;
	size_t n = 0, top = 0, i;
	int ch, dirty = 1, cols = COLS;

	snprintf(u->open, sizeof(u->open), "%s", c->thread);
	sc_error_clear(&e);
	if (!c->open) {
		say(u, 0, "closed conversation (R reopens it)");
	} else if (sc_inbox_claimed_by_other(u->a->ib, c, u->a->agent)) {
		say(u, 1, "%s is answering this one", c->claim_by);
	} else if (sc_inbox_claim(u->a->ib, c, u->a->agent, u->a->claim_secs, &e) == 0) {
		u->claimed_until = u->a->ib->now + u->a->claim_secs;
		say(u, 0, "claimed for %lld min: the others see you are answering",
		    (long long)(u->a->claim_secs / 60));
	} else {
		say(u, 1, "claim: %s", e.text);
	}
	for (;;) {
		c = sc_inbox_find(u->a->ib, u->open);
		if (c == NULL)
			break;
		if (dirty || cols != COLS) {
			lines_free(v, n);
			build_view(u, c, &v, &n);
			dirty = 0;
			cols = COLS;
			if (top >= n)
				top = n ? n - 1 : 0;
		}
		erase();
		header(u, "conversation");
		for (i = 0; (int)i < LINES - 3 && top + i < n; i++)
			draw_line(u, (int)i + 1, &v[top + i]);
		footer(u, " a:send e:edit t:template n:note A:assign r:resolve l:label ?:all keys q:back");
		refresh();
		ch = getkey();
		if (ch == ERR) {
			dirty = tick(u);
			continue;
		}
		if (ch == KEY_RESIZE) {
			dirty = 1;
			continue;
		}
		if (ch == 'q' || ch == 27)
			break;
		u->msg[0] = '\0';
		switch (ch) {
		case 'j': case KEY_DOWN:
			if (top + 1 < n)
				top++;
			break;
		case 'k': case KEY_UP:
			if (top > 0)
				top--;
			break;
		case ' ': case KEY_NPAGE:
			top = top + (size_t)(LINES - 4) < n ? top + (size_t)(LINES - 4) : top;
			break;
		case KEY_PPAGE:
			top = top > (size_t)(LINES - 4) ? top - (size_t)(LINES - 4) : 0;
			break;
		case '?':
			pager(u, "help", help_text);
			break;
		case 'a': act_send(u, c, NULL); dirty = 1; break;
		case 'H': act_send(u, c, "hide"); dirty = 1; break;
		case 'D': act_send(u, c, "delete"); dirty = 1; break;
		case 'e': act_edit(u, c); dirty = 1; break;
		case 't': act_template(u, c); dirty = 1; break;
		case 'p': act_private(u, c); dirty = 1; break;
		case 'l': act_label(u, c); dirty = 1; break;
		case 'A': case 'n': case 'r': case 'R': case 'x': case 'h':
			act_simple(u, c, ch);
			dirty = 1;
			break;
		default:
			break;
		}
	}
	lines_free(v, n);
	release(u);
	remember(u);
	query(u);
}

static void
on_signal(int sig)
{
	got_signal = sig;
}

int
inbox_ui_run(struct inbox_app *a)
{
	struct ui u;
	int ch;
	struct sigaction sa;

	memset(&u, 0, sizeof(u));
	u.a = a;
	setlocale(LC_ALL, "");
	sc_inbox_locale();
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
	if (initscr() == NULL)
		return SC_EX_UNAVAILABLE;
	cbreak();
	noecho();
	nonl();
	keypad(stdscr, TRUE);
	curs_set(0);
	set_escdelay(50);
	timeout(1000);
	if (has_colors() && getenv("NO_COLOR") == NULL) {
		start_color();
		use_default_colors();
		init_pair(C_P1, COLOR_RED, -1);
		init_pair(C_OVER, COLOR_RED, -1);
		init_pair(C_CLAIM, COLOR_YELLOW, -1);
		init_pair(C_HEAD, COLOR_BLACK, COLOR_CYAN);
		init_pair(C_PII, COLOR_MAGENTA, -1);
		init_pair(C_OK, COLOR_GREEN, -1);
		init_pair(C_DRAFT, COLOR_GREEN, -1);
		u.color = 1;
	}
	query(&u);
	while (!got_signal) {
		draw_queue(&u);
		refresh();
		ch = getkey();
		if (ch == ERR) {
			tick(&u);
			continue;
		}
		if (ch == 'q')
			break;
		u.msg[0] = '\0';
		switch (ch) {
		case 'j': case KEY_DOWN:
			if (u.sel + 1 < u.nix)
				u.sel++;
			break;
		case 'k': case KEY_UP:
			if (u.sel > 0)
				u.sel--;
			break;
		case KEY_NPAGE: case ' ':
			u.sel = u.sel + (size_t)(LINES - 4) < u.nix ? u.sel + (size_t)(LINES - 4) :
				u.nix ? u.nix - 1 : 0;
			break;
		case KEY_PPAGE:
			u.sel = u.sel > (size_t)(LINES - 4) ? u.sel - (size_t)(LINES - 4) : 0;
			break;
		case KEY_HOME: case 'G' - 64:
			u.sel = 0;
			break;
		case '\n': case '\r': case KEY_ENTER:
			if (selected(&u))
				conversation(&u, selected(&u));
			break;
		case '/':
			if (prompt(&u, "search", u.search, sizeof(u.search)) == 0) {
				remember(&u);
				query(&u);
			}
			break;
		case 'f':
			filter_menu(&u);
			remember(&u);
			query(&u);
			break;
		case 'm':
			a->filter.assignee = a->filter.assignee ? NULL : a->agent;
			remember(&u);
			query(&u);
			break;
		case 'u':
			a->filter.unassigned = !a->filter.unassigned;
			remember(&u);
			query(&u);
			break;
		case '0':
			memset(&a->filter, 0, sizeof(a->filter));
			u.search[0] = '\0';
			remember(&u);
			query(&u);
			break;
		case 's':
			a->sort = (enum sc_inbox_sort)((a->sort + 1) % 4);
			remember(&u);
			query(&u);
			break;
		case 'g': {
			struct sc_error e;
			sc_error_clear(&e);
			remember(&u);
			if (sc_inbox_load(a->ib, &e) < 0)
				say(&u, 1, "%s", e.text);
			query(&u);
			break;
		}
		case 'o': {
			struct sc_buf b;
			sc_buf_init(&b);
			inbox_handover_text(a, &b);
			pager(&u, "handover", b.data ? b.data : "");
			sc_buf_release(&b);
			break;
		}
		case '?':
			pager(&u, "help", help_text);
			break;
		default:
			break;
		}
	}
	release(&u);
	endwin();
	free(u.ix);
	sc_replies_free(u.replies);
	sc_profiles_free(u.profiles);
	return 0;
}
