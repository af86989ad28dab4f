/*
 * overlay.c: marks, quays and the cursor drawn into a grid that already
 * holds the image, touching only the cells they cross. Outlines are drawn
 * at screen-pixel resolution (half a cell vertically), so a box edge sits
 * on the pixel it was drawn on.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "render.h"

#define LABEL_MAX_COLS 24
#define FAR 1e6		/* screen pixels: beyond this, nothing is drawn */

/*
 * A screen coordinate as an int that any later sum keeps in range, however
 * wild the stored geometry (a box 1e308 wide, NaN from inf - inf): far
 * values become +-FAR, NaN -FAR (off the grid).
 */
static int
clamp_px(double v)
{
	if (!(v > -FAR))
		return (int)-FAR;
	if (v > FAR)
		return (int)FAR;
	return (int)floor(v);
}

/*
 * Clip segment (x0, y0)-(x1, y1) to the rectangle [xmin, xmax] x [ymin,
 * ymax] (Liang-Barsky), so that drawing it costs the pixels it crosses on
 * screen, however long it is in the image. 0 when nothing is left.
 */
int
render_clip_segment(double *x0, double *y0, double *x1, double *y1,
    double xmin, double ymin, double xmax, double ymax)
{
	double	 dx = *x1 - *x0, dy = *y1 - *y0, t0 = 0, t1 = 1, r;
	double	 p[4], q[4];
	int	 i;

	p[0] = -dx;
	q[0] = *x0 - xmin;
	p[1] = dx;
	q[1] = xmax - *x0;
	p[2] = -dy;
	q[2] = *y0 - ymin;
	p[3] = dy;
	q[3] = ymax - *y0;
	for (i = 0; i < 4; i++) {
		if (p[i] == 0) {
			if (q[i] < 0)
				return 0;
			continue;
		}
		r = q[i] / p[i];
		if (p[i] < 0 && r > t0)
			t0 = r;
		else if (p[i] > 0 && r < t1)
			t1 = r;
	}
	if (!(t0 <= t1))
		return 0;
	*x1 = *x0 + t1 * dx;
	*y1 = *y0 + t1 * dy;
	*x0 += t0 * dx;
	*y0 += t0 * dy;
	return 1;
}

static void
line(struct grid *g, double x0, double y0, double x1, double y1, int32_t c,
    int dashed)
{
	int	 ix0, iy0, ix1, iy1, dx, dy, sx, sy, e, e2, n = 0;

	/* Far outside the grid, or not a number: nothing to draw (and no
	 * huge loops); written so that NaN fails every test */
	if (!(x0 >= -FAR && x0 <= FAR) || !(x1 >= -FAR && x1 <= FAR) ||
	    !(y0 >= -FAR && y0 <= FAR) || !(y1 >= -FAR && y1 <= FAR))
		return;
	if (!render_clip_segment(&x0, &y0, &x1, &y1, -1, -1, g->cols,
	    2 * g->rows))
		return;
	ix0 = (int)floor(x0);
	iy0 = (int)floor(y0);
	ix1 = (int)floor(x1);
	iy1 = (int)floor(y1);
	dx = abs(ix1 - ix0);
	dy = -abs(iy1 - iy0);
	sx = ix0 < ix1 ? 1 : -1;
	sy = iy0 < iy1 ? 1 : -1;
	e = dx + dy;
	for (;;) {
		if (!dashed || (n++ & 2) == 0)
			grid_set_pixel(g, ix0, iy0, c);
		if (ix0 == ix1 && iy0 == iy1)
			break;
		e2 = 2 * e;
		if (e2 >= dy) {
			e += dy;
			ix0 += sx;
		}
		if (e2 <= dx) {
			e += dx;
			iy0 += sy;
		}
	}
}

static void
outline(struct grid *g, const double *sc, size_t n, int32_t c, int dashed)
{
	size_t	 i, j;

	for (i = 0; i < n; i++) {
		j = (i + 1) % n;
		line(g, sc[2 * i], sc[2 * i + 1], sc[2 * j], sc[2 * j + 1], c,
		    dashed);
	}
}

/*
 * Whether a label at (col, row) would cover another one already there:
 * then it gives way (in a dense harbour the first drawn stays readable
 * rather than all becoming a jumble).
 */
static int
label_taken(struct grid *g, int col, int row, const char *label)
{
	struct cell	*c;
	int		 x, w = text_width(label);

	if (w > LABEL_MAX_COLS)
		w = LABEL_MAX_COLS;
	for (x = col; x < col + w + 1 && x < g->cols; x++)
		if ((c = grid_at(g, x, row)) != NULL && c->ch != 0)
			return 1;
	return 0;
}

/* Draw a polygon given in image pixels (a quay). */
void
overlay_polygon(struct grid *g, const struct viewport *v, const double *pts,
    size_t n, const uint8_t *rgb)
{
	double	*sc;
	size_t	 i;

	if (n < 2)
		return;
	sc = xreallocarray(NULL, n, 2 * sizeof *sc);
	for (i = 0; i < n; i++)
		view_to_screen(v, pts[2 * i], pts[2 * i + 1], &sc[2 * i],
		    &sc[2 * i + 1]);
	outline(g, sc, n, colour_quantize(g->mode, rgb[0], rgb[1], rgb[2], 0),
	    1);
	free(sc);
}

/*
 * Draw a mark: its outline (points as a small cross), doubled when
 * selected, dashed for proposals, and its label above it.
 */
void
overlay_mark(struct grid *g, const struct viewport *v,
    const struct overlay_mark *m)
{
	double	 corners[8], sc[8], ox, oy, minx, miny, maxx, maxy;
	int32_t	 c, black;
	int	 i, col, row;

	c = colour_quantize(g->mode, m->rgb[0], m->rgb[1], m->rgb[2], 0);
	black = colour_quantize(g->mode, 0, 0, 0, 0);
	view_to_screen(v, m->cx, m->cy, &ox, &oy);
	if (m->kind == SHAPE_POINT) {
		line(g, ox - 2, oy, ox + 2, oy, c, 0);
		line(g, ox, oy - 2, ox, oy + 2, c, 0);
		if (m->selected) {
			line(g, ox - 3, oy - 3, ox + 3, oy + 3, c, 0);
			line(g, ox - 3, oy + 3, ox + 3, oy - 3, c, 0);
		}
		minx = ox - 2;
		miny = oy - 2;
		maxy = oy + 2;
	} else {
		geom_corners(m->cx, m->cy, m->w, m->h, m->kind == SHAPE_BOX ?
		    0 : m->angle, corners);
		for (i = 0; i < 4; i++)
			view_to_screen(v, corners[2 * i], corners[2 * i + 1],
			    &sc[2 * i], &sc[2 * i + 1]);
		/*
		 * Tiny on screen (a harbour at fit zoom): an outline would
		 * cover the whole boat. Four dots just outside its corners
		 * mark it and leave its pixels in sight.
		 */
		if (fabs(sc[0] - sc[4]) < 4 && fabs(sc[1] - sc[5]) < 4 &&
		    fabs(sc[2] - sc[6]) < 4 && fabs(sc[3] - sc[7]) < 4) {
			minx = fmin(fmin(sc[0], sc[2]), fmin(sc[4], sc[6]));
			miny = fmin(fmin(sc[1], sc[3]), fmin(sc[5], sc[7]));
			maxx = fmax(fmax(sc[0], sc[2]), fmax(sc[4], sc[6]));
			maxy = fmax(fmax(sc[1], sc[3]), fmax(sc[5], sc[7]));
			/* clamp_px: far away or NaN, no int overflow */
			grid_set_pixel(g, clamp_px(minx) - 1,
			    clamp_px(miny) - 1, c);
			grid_set_pixel(g, clamp_px(maxx) + 1,
			    clamp_px(miny) - 1, c);
			grid_set_pixel(g, clamp_px(minx) - 1,
			    clamp_px(maxy) + 1, c);
			grid_set_pixel(g, clamp_px(maxx) + 1,
			    clamp_px(maxy) + 1, c);
		} else
			outline(g, sc, 4, c, m->dashed);
		if (m->selected) {
			double	 big[8];

			geom_corners(m->cx, m->cy, m->w + 2 * v->scale * 1.5,
			    m->h + 2 * v->scale * 1.5, m->kind == SHAPE_BOX ? 0 :
			    m->angle, corners);
			for (i = 0; i < 4; i++)
				view_to_screen(v, corners[2 * i],
				    corners[2 * i + 1], &big[2 * i],
				    &big[2 * i + 1]);
			outline(g, big, 4, c, 0);
		}
		minx = fmin(fmin(sc[0], sc[2]), fmin(sc[4], sc[6]));
		miny = fmin(fmin(sc[1], sc[3]), fmin(sc[5], sc[7]));
		maxy = fmax(fmax(sc[1], sc[3]), fmax(sc[5], sc[7]));
	}
	if (m->label == NULL || *m->label == '\0')
		return;
	col = clamp_px(minx);
	row = clamp_px(miny) / 2 - 1;
	if (row < 0)
		row = clamp_px(maxy) / 2 + 1;
	if (col < 0)
		col = 0;
	if (row >= 0 && row < g->rows && col < g->cols &&
	    !label_taken(g, col, row, m->label))
		grid_text(g, col, row, m->label, c, black, m->selected ?
		    CELL_REVERSE : 0, LABEL_MAX_COLS);
}

/* The cursor: a '+' in the cell holding image point (x, y). */
void
overlay_cursor(struct grid *g, const struct viewport *v, double x, double y)
{
	struct cell	*c;
	double		 sx, sy;
	int32_t		 white;

	view_to_screen(v, x, y, &sx, &sy);
	if (!(sx >= 0 && sy >= 0 && sx < g->cols && sy < 2 * g->rows))
		return;	/* off the grid, or NaN */
	if ((c = grid_at(g, (int)sx, (int)sy / 2)) == NULL)
		return;
	white = colour_quantize(g->mode, 255, 255, 255, 0);
	c->bg = c->ch == 0 ? (c->top == CELL_DEFAULT ? colour_quantize(g->mode,
	    0, 0, 0, 0) : c->top) : c->bg;
	c->ch = '+';
	c->fg = white;
	c->attr = CELL_BOLD;
}
