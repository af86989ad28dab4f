/*
 * term.h: what the terminal can do, asked without starting curses: the
 * one part of tui/ that commands printing to a terminal also need.
 */
#ifndef QM_TERM_H
#define QM_TERM_H

/* term.c */
int	 tui_term_colors(const char *);
int	 tui_locale_utf8(void);

#endif
