/*
 * ansi.c: a grid as text with ANSI colour escapes, for `quaymark render`
 * (no curses): the colour of each cell is set only when it changes, with
 * fg and bg in one sequence when both do, and each row ends reset.
 */
#include "render.h"

static void
sgr_part(struct buf *b, int mode, int32_t v, int bg)
{
	if (v == CELL_DEFAULT) {
		buf_puts(b, bg ? "49" : "39");
		return;
	}
	switch (mode) {
	case COLOUR_TRUE:
		buf_printf(b, "%d;2;%d;%d;%d", bg ? 48 : 38, (v >> 16) & 255,
		    (v >> 8) & 255, v & 255);
		break;
	case COLOUR_256:
		buf_printf(b, "%d;5;%d", bg ? 48 : 38, v);
		break;
	default:
		if (v < 8)
			buf_printf(b, "%d", (bg ? 40 : 30) + v);
		else
			buf_printf(b, "%d", (bg ? 100 : 90) + v - 8);
		break;
	}
}

void
render_ansi(const struct grid *g, struct buf *b)
{
	const struct cell	*c;
	uint32_t		 ch;
	int32_t			 fg, bg, cur_fg, cur_bg;
	uint8_t			 cur_attr;
	int			 x, y, sep;

	for (y = 0; y < g->rows; y++) {
		cur_fg = cur_bg = CELL_DEFAULT;
		cur_attr = 0;
		for (x = 0; x < g->cols; x++) {
			c = &g->cells[(size_t)y * (size_t)g->cols + (size_t)x];
			cell_glyph(g, c, &ch, &fg, &bg, cur_fg, cur_bg);
			if (ch == 0)
				continue;
			if (c->ch != 0 && c->attr != cur_attr) {
				buf_puts(b, "\033[0");
				if (c->attr & CELL_BOLD)
					buf_puts(b, ";1");
				if (c->attr & CELL_REVERSE)
					buf_puts(b, ";7");
				buf_putc(b, 'm');
				cur_attr = c->attr;
				cur_fg = cur_bg = CELL_DEFAULT;
			} else if (c->ch == 0 && cur_attr != 0) {
				buf_puts(b, "\033[0m");
				cur_attr = 0;
				cur_fg = cur_bg = CELL_DEFAULT;
			}
			if (g->mode != COLOUR_MONO && (fg != cur_fg ||
			    bg != cur_bg)) {
				buf_puts(b, "\033[");
				sep = 0;
				if (fg != cur_fg) {
					sgr_part(b, g->mode, fg, 0);
					sep = 1;
				}
				if (bg != cur_bg) {
					if (sep)
						buf_putc(b, ';');
					sgr_part(b, g->mode, bg, 1);
				}
				buf_putc(b, 'm');
				cur_fg = fg;
				cur_bg = bg;
			}
			utf8_put(b, ch);
		}
		if (cur_fg != CELL_DEFAULT || cur_bg != CELL_DEFAULT ||
		    cur_attr != 0)
			buf_puts(b, "\033[0m");
		buf_putc(b, '\n');
	}
}
