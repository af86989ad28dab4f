/*
 * term.c: what the terminal can do, from terminfo, without starting
 * curses (so `quaymark render` can ask too).
 */
#include <curses.h>
#include <langinfo.h>
#include <string.h>
#include <term.h>
#include <unistd.h>

#include "tui.h"

/* The terminfo "colors" of term (-1 when unknown). */
int
tui_term_colors(const char *term)
{
	int	 err = 0, colors;

	if (term == NULL || *term == '\0')
		return -1;
	if (setupterm((char *)(uintptr_t)term, STDOUT_FILENO, &err) != OK)
		return -1;
	colors = tigetnum((char *)(uintptr_t)"colors");
	del_curterm(cur_term);
	return colors;
}

/* Can the terminal show UTF-8 (block glyphs)? Needs setlocale first. */
int
tui_locale_utf8(void)
{
	const char	*cs = nl_langinfo(CODESET);

	return cs != NULL && (strcmp(cs, "UTF-8") == 0 ||
	    strcmp(cs, "utf8") == 0);
}
