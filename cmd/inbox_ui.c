/*
 * inbox_ui.c - the ncurses screen of sc-inbox (placeholder until the
 * screen lands).
 */
#include "cli.h"
#include "inbox_ui.h"

int
inbox_ui_run(struct inbox_app *a)
{
	(void)a;
	sc_warn("the screen is not built yet; use the subcommands");
	return SC_EX_UNAVAILABLE;
}
