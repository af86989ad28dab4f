/*
 * cells.c: the off-screen grid render/ hands to its outputs. Each cell
 * keeps the colours of its two screen pixels; the glyph (upper or lower
 * half block, space, full block) is chosen only when the cell is written,
 * by cell_glyph(), to need the fewest colour changes. Text (labels, the
 * cursor) occupies whole cells.
 */
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include "render.h"

#define GLYPH_UPPER	0x2580	/* ▀ */
#define GLYPH_LOWER	0x2584	/* ▄ */
#define GLYPH_FULL	0x2588	/* █ */
#define CELL_WIDE_CONT	0xffffffffu	/* right half of a wide character */

int
grid_init(struct grid *g, int cols, int rows, int mode, int ascii)
{
	size_t	 n, i;

	memset(g, 0, sizeof *g);
	if (cols <= 0 || rows <= 0 || cols > GRID_MAX_COLS || rows > GRID_MAX_ROWS ||
	    size_mul((size_t)cols, (size_t)rows, &n) != 0)
		return -1;
	g->cells = xcalloc(n, sizeof *g->cells);
	g->cols = cols;
	g->rows = rows;
	g->mode = mode;
	g->ascii = ascii;
	for (i = 0; i < n; i++) {
		g->cells[i].top = g->cells[i].bottom = CELL_DEFAULT;
		g->cells[i].fg = g->cells[i].bg = CELL_DEFAULT;
	}
	return 0;
}

void
grid_free(struct grid *g)
{
	free(g->cells);
	memset(g, 0, sizeof *g);
}

/*
 * dst becomes a copy of src (dst is (re)initialised as needed). An empty
 * src (a terminal reporting zero rows) leaves dst empty too.
 */
void
grid_copy(struct grid *dst, const struct grid *src)
{
	if (src->cells == NULL) {
		grid_free(dst);
		dst->mode = src->mode;
		dst->ascii = src->ascii;
		return;
	}
	if (dst->cols != src->cols || dst->rows != src->rows ||
	    dst->cells == NULL) {
		grid_free(dst);
		grid_init(dst, src->cols, src->rows, src->mode, src->ascii);
	}
	dst->mode = src->mode;
	dst->ascii = src->ascii;
	memcpy(dst->cells, src->cells, (size_t)src->cols * (size_t)src->rows *
	    sizeof *src->cells);
}

struct cell *
grid_at(struct grid *g, int col, int row)
{
	if (col < 0 || row < 0 || col >= g->cols || row >= g->rows)
		return NULL;
	return &g->cells[(size_t)row * (size_t)g->cols + (size_t)col];
}

static int32_t
pixel_colour(const struct frame *f, const struct grid *g, int x, int y,
    const int32_t *prefer, int nprefer)
{
	const uint8_t	*p;
	size_t		 i;

	if (y >= f->h || x >= f->w)
		return CELL_DEFAULT;
	i = (size_t)y * (size_t)f->w + (size_t)x;
	if (!f->valid[i])
		return CELL_DEFAULT;
	p = f->rgb + 3 * i;
	return colour_quantize_near(g->mode, p[0], p[1], p[2], f->gray,
	    prefer, nprefer);
}

/* Fill the grid (sized cols x rows for a frame of cols x 2 rows). */
void
render_cells(const struct frame *f, struct grid *g)
{
	struct cell	*c;
	const uint8_t	*a, *b;
	size_t		 ia, ib;
	int		 x, y;

	for (y = 0; y < g->rows; y++) {
		for (x = 0; x < g->cols; x++) {
			c = &g->cells[(size_t)y * (size_t)g->cols + (size_t)x];
			c->ch = 0;
			c->attr = 0;
			c->fg = c->bg = CELL_DEFAULT;
			if (!g->ascii) {
				/* prefer what the cell to the left used */
				int32_t	 p[3];

				p[0] = x > 0 ? c[-1].top : CELL_DEFAULT;
				p[1] = x > 0 ? c[-1].bottom : CELL_DEFAULT;
				c->top = pixel_colour(f, g, x, 2 * y, p, 2);
				p[2] = p[0];
				p[0] = c->top;	/* a space, if it will do */
				c->bottom = pixel_colour(f, g, x, 2 * y + 1, p,
				    3);
				continue;
			}
			/* One colour per cell: the mean of the pair. */
			ia = (size_t)(2 * y) * (size_t)f->w + (size_t)x;
			ib = ia + (size_t)f->w;
			if (x >= f->w || 2 * y + 1 >= f->h || !f->valid[ia] ||
			    !f->valid[ib]) {
				c->top = c->bottom = pixel_colour(f, g, x,
				    2 * y, NULL, 0);
				continue;
			}
			a = f->rgb + 3 * ia;
			b = f->rgb + 3 * ib;
			c->top = c->bottom = colour_quantize(g->mode,
			    (uint8_t)((a[0] + b[0]) / 2),
			    (uint8_t)((a[1] + b[1]) / 2),
			    (uint8_t)((a[2] + b[2]) / 2), f->gray);
		}
	}
}

/* Paint screen pixel (sx, sy) of the grid; text cells are left alone. */
void
grid_set_pixel(struct grid *g, int sx, int sy, int32_t colour)
{
	struct cell	*c;

	if ((c = grid_at(g, sx, sy >> 1)) == NULL || sy < 0 || c->ch != 0)
		return;
	if (g->ascii)
		c->top = c->bottom = colour;
	else if (sy & 1)
		c->bottom = colour;
	else
		c->top = colour;
}

static uint32_t
next_cp(const unsigned char **pp)
{
	const unsigned char	*p = *pp;
	uint32_t		 c;
	int			 n, i;

	if (p[0] < 0x80) {
		*pp = p + 1;
		return p[0];
	}
	n = (p[0] & 0xe0) == 0xc0 ? 2 : (p[0] & 0xf0) == 0xe0 ? 3 :
	    (p[0] & 0xf8) == 0xf0 ? 4 : 1;
	c = n == 2 ? p[0] & 0x1f : n == 3 ? p[0] & 0x0f : p[0] & 0x07;
	for (i = 1; i < n; i++) {
		if ((p[i] & 0xc0) != 0x80) {
			*pp = p + 1;
			return '?';
		}
		c = (c << 6) | (p[i] & 0x3f);
	}
	*pp = p + (n == 1 ? 1 : n);
	return n == 1 ? '?' : c;
}

/*
 * Write text (UTF-8, already made safe) at (col, row), at most maxcols
 * columns; wide characters take two cells. Non-ASCII becomes '?' where
 * the terminal cannot show it.
 */
void
grid_text(struct grid *g, int col, int row, const char *text, int32_t fg,
    int32_t bg, uint8_t attr, int maxcols)
{
	const unsigned char	*p = (const unsigned char *)text;
	struct cell		*c, *c2;
	uint32_t		 cp;
	int			 w, used = 0;

	while (*p != '\0' && used < maxcols) {
		cp = next_cp(&p);
		if (text_cp_dangerous(cp))
			cp = '?';
		if (g->ascii && cp >= 0x80)
			cp = '?';
		w = cp < 0x80 ? 1 : wcwidth((wchar_t)cp);
		if (w <= 0)
			continue;	/* combining marks: dropped */
		if (used + w > maxcols)
			break;
		if ((c = grid_at(g, col + used, row)) == NULL)
			break;
		c->ch = cp;
		c->fg = fg;
		c->bg = bg;
		c->attr = attr;
		if (w == 2) {
			if ((c2 = grid_at(g, col + used + 1, row)) == NULL) {
				c->ch = '?';
				w = 1;
			} else {
				c2->ch = CELL_WIDE_CONT;
				c2->fg = fg;
				c2->bg = bg;
				c2->attr = attr;
			}
		}
		used += w;
	}
}

static const char	 ramp[] = " .:-=+*#%@";

/*
 * How to write cell c: its code point (0 for the right half of a wide
 * character: write nothing) and colours. For a pixel pair, the glyph is
 * chosen to keep whichever of want_fg / want_bg (the colours in force, or
 * the caller's constants) it can, so runs need no colour changes.
 */
void
cell_glyph(const struct grid *g, const struct cell *c, uint32_t *ch,
    int32_t *fg, int32_t *bg, int32_t want_fg, int32_t want_bg)
{
	int	 lum, cost_up, cost_down;

	if (c->ch == CELL_WIDE_CONT) {
		*ch = 0;
		*fg = c->fg;
		*bg = c->bg;
		return;
	}
	if (c->ch != 0) {
		*ch = c->ch;
		*fg = c->fg;
		*bg = c->bg;
		return;
	}
	if (g->mode == COLOUR_MONO) {
		*fg = *bg = CELL_DEFAULT;
		if (c->top == CELL_DEFAULT && c->bottom == CELL_DEFAULT)
			*ch = ' ';
		else {
			lum = ((c->top == CELL_DEFAULT ? 0 : c->top) +
			    (c->bottom == CELL_DEFAULT ? 0 : c->bottom)) / 2;
			*ch = (uint32_t)ramp[lum * 10 / 256];
		}
		return;
	}
	if (g->ascii) {
		*ch = ' ';
		*bg = c->top;
		*fg = want_fg;
		return;
	}
	if (c->top == c->bottom) {
		/* One colour: a space in bg, or a full block in fg. */
		if (g->ascii || c->top == CELL_DEFAULT || c->top == want_bg ||
		    c->top != want_fg) {
			*ch = ' ';
			*bg = c->top;
			*fg = want_fg;
		} else {
			*ch = GLYPH_FULL;
			*fg = c->top;
			*bg = want_bg;
		}
		return;
	}
	cost_up = (c->top != want_fg) + (c->bottom != want_bg);
	cost_down = (c->bottom != want_fg) + (c->top != want_bg);
	/* The terminal's default colour can only be a background here. */
	if (c->top == CELL_DEFAULT)
		cost_up = 3;
	if (c->bottom == CELL_DEFAULT)
		cost_down = 3;
	if (cost_up <= cost_down) {
		*ch = GLYPH_UPPER;
		*fg = c->top;
		*bg = c->bottom;
	} else {
		*ch = GLYPH_LOWER;
		*fg = c->bottom;
		*bg = c->top;
	}
}
