/*
 * view.c: which pixels a candidate search reads. A region of the image is
 * read through the overview pyramid at the finest power-of-two scale that
 * keeps it under DETECT_MAX_PIXELS, so the cost of a search is bounded
 * whatever the scene's size; and the same ground on an earlier image is
 * found through the two geotransforms (or pixel for pixel when neither
 * image is georeferenced and their sizes match).
 */
#include <math.h>
#include <string.h>

#include "detect.h"

/* The viewport reading image region [x0, x1) x [y0, y1) for a search. */
void
detect_view_for(double x0, double y0, double x1, double y1,
    struct viewport *v)
{
	double	 s = 1, w, h;

	if (x1 < x0 + 1)
		x1 = x0 + 1;
	if (y1 < y0 + 1)
		y1 = y0 + 1;
	while (ceil((x1 - x0) / s + 1) * ceil((y1 - y0) / s + 2) >
	    DETECT_MAX_PIXELS && s < VIEW_MAX_SCALE)
		s *= 2;
	memset(v, 0, sizeof *v);
	v->scale = s;
	v->x0 = floor(x0 / s) * s;
	v->y0 = floor(y0 / s) * s;
	w = ceil((x1 - v->x0) / s);
	h = ceil((y1 - v->y0) / s);
	v->cols = (int)w < 1 ? 1 : (int)w;
	v->rows = (int)ceil(h / 2) < 1 ? 1 : (int)ceil(h / 2);
}

/*
 * The viewport out on an earlier image showing the ground v shows on this
 * one. gt and pgt are the two geotransforms, NULL when an image has none
 * (the caller has checked the two CRSs are the same). Returns -1 when the
 * two cannot be compared pixel for pixel: one georeferenced and the other
 * not, rotated grids, pixel sizes more than 1 % apart, or, without
 * geotransforms, sizes that differ.
 */
int
detect_coregister(const struct viewport *v, const double *gt,
    const double *pgt, int w, int h, int pw, int ph, struct viewport *out)
{
	double	 r;

	*out = *v;
	if (gt == NULL && pgt == NULL)
		return w == pw && h == ph ? 0 : -1;
	if (gt == NULL || pgt == NULL)
		return -1;
	if (gt[2] != 0 || gt[4] != 0 || pgt[2] != 0 || pgt[4] != 0 ||
	    gt[1] == 0 || gt[5] == 0 || pgt[1] == 0 || pgt[5] == 0)
		return -1;
	r = gt[1] / pgt[1];
	if (fabs(r - 1) > 0.01 || fabs(gt[5] / pgt[5] - 1) > 0.01)
		return -1;
	out->x0 = (gt[0] + v->x0 * gt[1] - pgt[0]) / pgt[1];
	out->y0 = (gt[3] + v->y0 * gt[5] - pgt[3]) / pgt[5];
	out->scale = v->scale * r;
	return 0;
}
