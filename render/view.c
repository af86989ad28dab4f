/*
 * view.c: viewport arithmetic. Zoom steps are powers of two and the origin
 * is a multiple of the scale, so every screen pixel covers a whole, aligned
 * block of overview pixels (exact averages, exact mark geometry) and a pan
 * by whole cells shifts whole rows. Only "fit" uses the exact scale that
 * fills the screen; the next zoom step returns to a power of two.
 */
#include <math.h>

#include "render.h"

static double
pow2_clamp(double s)
{
	double	 e;

	if (!(s > 0))
		s = 1;
	e = round(log2(s));
	s = pow(2, e);
	if (s < VIEW_MIN_SCALE)
		s = VIEW_MIN_SCALE;
	if (s > VIEW_MAX_SCALE)
		s = VIEW_MAX_SCALE;
	return s;
}

static int
is_pow2(double s)
{
	return s > 0 && pow(2, round(log2(s))) == s;
}

void
view_snap(struct viewport *v)
{
	if (!(v->scale >= VIEW_MIN_SCALE && v->scale <= VIEW_MAX_SCALE))
		v->scale = pow2_clamp(v->scale);
	v->x0 = round(v->x0 / v->scale) * v->scale;
	v->y0 = round(v->y0 / v->scale) * v->scale;
}

/* The scale that shows all of a w x h image as large as it fits, centred;
 * zoomed in, a power of two (whole screen pixels per image pixel). */
void
view_fit(struct viewport *v, int w, int h)
{
	double	 s;
	int	 sw = v->cols > 0 ? v->cols : 1, sh = v->rows > 0 ? 2 * v->rows : 2;

	s = fmax((double)w / sw, (double)h / sh);
	if (s < 1) {
		s = 1;
		while (s / 2 >= VIEW_MIN_SCALE && w / (s / 2) <= sw &&
		    h / (s / 2) <= sh)
			s /= 2;
	}
	if (s > VIEW_MAX_SCALE)
		s = VIEW_MAX_SCALE;
	v->scale = s;
	view_center(v, w / 2.0, h / 2.0);
}

void
view_center(struct viewport *v, double x, double y)
{
	v->x0 = x - v->cols * v->scale / 2;
	v->y0 = y - v->rows * v->scale;
	view_snap(v);
}

/*
 * Zoom by factor (2: in, 0.5: out) keeping image point (x, y) where it is
 * on the screen, as far as the grid allows.
 */
void
view_zoom(struct viewport *v, double factor, double x, double y)
{
	double	 sx, sy, ns;

	if (is_pow2(v->scale))
		ns = pow2_clamp(v->scale / factor);
	else if (factor > 1)	/* from "fit": the next power of two in */
		ns = pow2_clamp(pow(2, floor(log2(v->scale))));
	else
		ns = pow2_clamp(pow(2, ceil(log2(v->scale))));
	sx = (x - v->x0) / v->scale;
	sy = (y - v->y0) / v->scale;
	v->scale = ns;
	v->x0 = x - sx * ns;
	v->y0 = y - sy * ns;
	view_snap(v);
}

void
view_pan_cells(struct viewport *v, int dcols, int drows)
{
	v->x0 += dcols * v->scale;
	v->y0 += drows * 2 * v->scale;
}

/* Keep at least half a screen of image in view (centre small images). */
void
view_clamp(struct viewport *v, int w, int h)
{
	double	 vw = v->cols * v->scale, vh = 2 * v->rows * v->scale;

	if (vw >= w)
		v->x0 = (w - vw) / 2;
	else if (v->x0 < -vw / 2)
		v->x0 = -vw / 2;
	else if (v->x0 > w - vw / 2)
		v->x0 = w - vw / 2;
	if (vh >= h)
		v->y0 = (h - vh) / 2;
	else if (v->y0 < -vh / 2)
		v->y0 = -vh / 2;
	else if (v->y0 > h - vh / 2)
		v->y0 = h - vh / 2;
	v->x0 = round(v->x0 / v->scale) * v->scale;
	v->y0 = round(v->y0 / v->scale) * v->scale;
}

/* Screen pixel coordinates (fractional: 0.5 is a pixel's centre) to image. */
void
view_to_image(const struct viewport *v, double sx, double sy, double *x,
    double *y)
{
	*x = v->x0 + sx * v->scale;
	*y = v->y0 + sy * v->scale;
}

void
view_to_screen(const struct viewport *v, double x, double y, double *sx,
    double *sy)
{
	*sx = (x - v->x0) / v->scale;
	*sy = (y - v->y0) / v->scale;
}
