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
#include "inbox_ui_int.h"
#include "reply.h"
#include "triage.h"


/* SIGHUP or SIGTERM (the terminal went away): every loop unwinds as if
   Escape was pressed, so claims are released and nothing is lost. */
static volatile sig_atomic_t got_signal;

int
ui_getkey(void)
{
	int ch = getch();

	return got_signal ? 27 : ch;
}



void
ui_say(struct ui *u, int err, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(u->msg, sizeof(u->msg), fmt, ap);
	va_end(ap);
	u->msg_err = err;
}

/* A column: s cut to w - 1 columns, padded, and a space; returns w. */
static int
cell(int y, int x, const char *s, int w)
{
	ui_put(y, x, s, w - 1, 1);
	ui_put(y, x + w - 1, " ", 1, 1);
	return w;
}

/* Draw s at (y, x) in at most cols columns; returns the columns used. */
int
ui_put(int y, int x, const char *s, int cols, int pad)
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

void
ui_on(struct ui *u, int pair, attr_t fallback)
{
	if (u->color)
		attron(COLOR_PAIR(pair));
	else
		attron(fallback);
}

void
ui_off(struct ui *u, int pair, attr_t fallback)
{
	if (u->color)
		attroff(COLOR_PAIR(pair));
	else
		attroff(fallback);
}

void
ui_query(struct ui *u)
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

void
ui_remember(struct ui *u)
{
	struct sc_conv *c = selected(u);

	snprintf(u->selid, sizeof(u->selid), "%s", c ? c->thread : "");
}

/* Read others' records; rebuild when the files changed.  Returns 1 when
   anything changed. */
int
ui_tick(struct ui *u)
{
	struct sc_inbox *ib = u->a->ib;
	struct sc_error e;
	int changed = 0;

	sc_error_clear(&e);
	if (!u->a->fixed_now)
		ib->now = (int64_t)time(NULL);
	if (sc_inbox_changed(ib)) {
		if (sc_inbox_load(ib, &e) < 0)
			ui_say(u, 1, "reload: %s", e.text);
		changed = 1;
	} else if (sc_inbox_refresh_log(ib, &e) > 0) {
		changed = 1;
	}
	if (changed) {
		ui_remember(u);
		ui_query(u);
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

void
ui_header(struct ui *u, const char *title)
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
	ui_on(u, C_HEAD, A_REVERSE);
	move(0, 0);
	clrtoeol();
	ui_put(0, 0, b.data, COLS, 1);
	ui_off(u, C_HEAD, A_REVERSE);
	sc_buf_release(&b);
}

void
ui_footer(struct ui *u, const char *keys)
{
	move(LINES - 2, 0);
	clrtoeol();
	if (u->msg[0]) {
		if (u->msg_err)
			ui_on(u, C_P1, A_BOLD);
		ui_put(LINES - 2, 0, u->msg, COLS, 0);
		if (u->msg_err)
			ui_off(u, C_P1, A_BOLD);
	}
	attron(A_REVERSE);
	move(LINES - 1, 0);
	clrtoeol();
	ui_put(LINES - 1, 0, keys, COLS, 1);
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
	ui_header(u, "sc-inbox");
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
		ui_put(1, x, "WHO", wnow, 1);
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
			ui_on(u, C_P1, A_BOLD);
		x += cell(row, x, pri, 3);
		if (c->priority == 1)
			ui_off(u, C_P1, A_BOLD);
		sc_inbox_left(c->due, ib->now, left, sizeof(left));
		if (c->due && c->due < ib->now)
			ui_on(u, C_OVER, A_BOLD);
		x += cell(row, x, left, 6);
		if (c->due && c->due < ib->now)
			ui_off(u, C_OVER, A_BOLD);
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
			ui_on(u, C_CLAIM, A_BOLD);
		ui_put(row, x, who, wnow, 1);
		if (other)
			ui_off(u, C_CLAIM, A_BOLD);
		if (k == u->sel)
			attroff(A_REVERSE);
	}
	if (u->nix == 0)
		ui_put(3, 2, "Nothing in the queue with these filters (0 clears them).", COLS - 2, 0);
	sc_buf_reset(&b);
	filter_text(u, &b);
	if (!u->msg[0])
		ui_say(u, 0, "%s", b.data);
	sc_buf_release(&b);
	ui_footer(u, "Enter:open /:search f:filter s:sort m:mine u:unassigned o:handover ?:help q:quit");
}

/* ---- small dialogs ---- */

/* Read a line (UTF-8) on the status line; 0 on Enter, -1 on Escape. */
int
ui_prompt(struct ui *u, const char *label, char *out, size_t cap)
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
		ui_put(LINES - 2, 0, b.data, COLS - 1, 0);
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

int
ui_confirm(struct ui *u, const char *question)
{
	int ch;

	move(LINES - 2, 0);
	clrtoeol();
	ui_on(u, C_P1, A_BOLD);
	ui_put(LINES - 2, 0, question, COLS - 1, 0);
	ui_off(u, C_P1, A_BOLD);
	refresh();
	timeout(-1);
	ch = ui_getkey();
	timeout(1000);
	return ch == 'y' || ch == 'Y';
}

/* A pager over text: q or Escape leaves. */
void
ui_pager(struct ui *u, const char *title, const char *text)
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
		ui_header(u, title);
		for (i = 0; (int)i < LINES - 3 && top + i < nlines; i++) {
			const char *l = lines[top + i], *nl = strchr(l, '\n');
			char *s = sc_xstrndup(l, nl ? (size_t)(nl - l) : strlen(l));
			ui_put((int)i + 1, 0, s, COLS, 0);
			free(s);
		}
		u->msg[0] = '\0';
		ui_footer(u, " j/k scroll  q back");
		refresh();
		timeout(1000);
		ch = ui_getkey();
		if (ch == ERR) {
			ui_tick(u);
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

const char ui_help_text[] =
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
	"  c  consult an expert by e-mail (a team of teams.csv or an address);\n"
	"     the answer comes back as a note in the conversation\n"
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

	ui_say(u, 0, "filter: p profile  l platform  k kind  t team  c category  # tag  1-4 priority"
	    "  e escalated  w awaiting");
	ui_footer(u, " choose a filter (Esc cancels)");
	refresh();
	timeout(-1);
	ch = ui_getkey();
	timeout(1000);
	u->msg[0] = '\0';
	switch (ch) {
	case 'p': case 'l': case 'k': case 't': case 'c': case '#': {
		static const char keys[] = "plktc#";
		static const char *names[] = {"profile", "platform", "kind", "team", "category", "tag"};
		const char **dst[] = {&f->profile, &f->platform, &f->kind, &f->team, &f->category, &f->tag};
		int i = (int)(strchr(keys, ch) - keys);
		vals[i][0] = '\0';
		if (ui_prompt(u, names[i], vals[i], sizeof(vals[i])) == 0)
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
	ui_query(&u);
	while (!got_signal) {
		draw_queue(&u);
		refresh();
		ch = ui_getkey();
		if (ch == ERR) {
			ui_tick(&u);
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
				ui_conversation(&u, selected(&u));
			break;
		case '/':
			if (ui_prompt(&u, "search", u.search, sizeof(u.search)) == 0) {
				ui_remember(&u);
				ui_query(&u);
			}
			break;
		case 'f':
			filter_menu(&u);
			ui_remember(&u);
			ui_query(&u);
			break;
		case 'm':
			a->filter.assignee = a->filter.assignee ? NULL : a->agent;
			ui_remember(&u);
			ui_query(&u);
			break;
		case 'u':
			a->filter.unassigned = !a->filter.unassigned;
			ui_remember(&u);
			ui_query(&u);
			break;
		case '0':
			memset(&a->filter, 0, sizeof(a->filter));
			u.search[0] = '\0';
			ui_remember(&u);
			ui_query(&u);
			break;
		case 's':
			a->sort = (enum sc_inbox_sort)((a->sort + 1) % 4);
			ui_remember(&u);
			ui_query(&u);
			break;
		case 'g': {
			struct sc_error e;
			sc_error_clear(&e);
			ui_remember(&u);
			if (sc_inbox_load(a->ib, &e) < 0)
				ui_say(&u, 1, "%s", e.text);
			ui_query(&u);
			break;
		}
		case 'o': {
			struct sc_buf b;
			sc_buf_init(&b);
			inbox_handover_text(a, &b);
			ui_pager(&u, "handover", b.data ? b.data : "");
			sc_buf_release(&b);
			break;
		}
		case '?':
			ui_pager(&u, "help", ui_help_text);
			break;
		default:
			break;
		}
	}
	ui_release(&u);
	endwin();
	free(u.ix);
	sc_replies_free(u.replies);
	sc_profiles_free(u.profiles);
	return 0;
}
