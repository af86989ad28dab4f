/*
 * geom.c: the plane geometry marks and quays need, in image pixels with y
 * growing downwards: rotated-box corners, point in polygon, polygon areas,
 * convex clipping (Sutherland-Hodgman) for rotated-box IoU and for how much
 * of a quay an image covers.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"

#define CLIP_MAX 64	/* vertices: quays are small polygons */

/*
 * The one geometry check every way into the store shares (mark add/set,
 * the TUI, each import reader through import_commit): a mark centred at
 * (cx, cy), w x h, turned by angle degrees, on an image of iw x ih. All
 * finite, sizes >= 0, no side longer than GEOM_SANE_MULT times the
 * image's longer side, the angle within ten turns: a box 1e308 wide
 * with its centre on the image is a broken label file, and every later
 * sum on it (corners, screen cells, areas) would overflow. Returns 0, or
 * -1 with the reason in why.
 */
int
geom_check(double cx, double cy, double w, double h, double angle, int iw,
    int ih, char *why, size_t len)
{
	double	 side = iw > ih ? iw : ih, lim;

	if (side < 1)
		side = 1;
	lim = GEOM_SANE_MULT * side;
	if (!isfinite(cx) || !isfinite(cy) || !isfinite(w) || !isfinite(h) ||
	    !isfinite(angle))
		return errf(why, len, "geometry is not a finite number");
	if (w < 0 || h < 0)
		return errf(why, len, "a negative width or height (%g x %g)",
		    w, h);
	if (w > lim || h > lim)
		return errf(why, len, "a %g x %g mark is more than %d times "
		    "the size of its %d x %d image", w, h, GEOM_SANE_MULT, iw,
		    ih);
	if (fabs(cx) > lim || fabs(cy) > lim)
		return errf(why, len, "centre (%g, %g) is far off its %d x %d "
		    "image", cx, cy, iw, ih);
	if (fabs(angle) > 3600)
		return errf(why, len, "angle %g is more than ten turns", angle);
	return 0;
}

/*
 * The four corners of a box centred at (cx, cy), w along its own x axis,
 * turned clockwise on screen by angle degrees: top-left, top-right,
 * bottom-right, bottom-left before the turn (clockwise order on screen).
 */
void
geom_corners(double cx, double cy, double w, double h, double angle,
    double *out)
{
	static const double ux[4] = { -0.5, 0.5, 0.5, -0.5 };
	static const double uy[4] = { -0.5, -0.5, 0.5, 0.5 };
	double		 c, s, x, y;
	int		 i;

	c = cos(angle * M_PI / 180.0);
	s = sin(angle * M_PI / 180.0);
	for (i = 0; i < 4; i++) {
		x = ux[i] * w;
		y = uy[i] * h;
		out[2 * i] = cx + x * c - y * s;
		out[2 * i + 1] = cy + x * s + y * c;
	}
}

int
geom_point_in_polygon(double x, double y, const double *p, size_t n)
{
	size_t	 i, j;
	int	 in = 0;

	for (i = 0, j = n - 1; i < n; j = i++) {
		if (((p[2 * i + 1] > y) != (p[2 * j + 1] > y)) &&
		    (x < (p[2 * j] - p[2 * i]) * (y - p[2 * i + 1]) /
		    (p[2 * j + 1] - p[2 * i + 1]) + p[2 * i]))
			in = !in;
	}
	return in;
}

static double
signed_area(const double *p, size_t n)
{
	double	 a = 0;
	size_t	 i, j;

	for (i = 0, j = n - 1; i < n; j = i++)
		a += p[2 * j] * p[2 * i + 1] - p[2 * i] * p[2 * j + 1];
	return a / 2;
}

double
geom_polygon_area(const double *p, size_t n)
{
	return n < 3 ? 0 : fabs(signed_area(p, n));
}

void
geom_centroid(const double *p, size_t n, double *cx, double *cy)
{
	double	 a, f, x = 0, y = 0;
	size_t	 i, j;

	a = n >= 3 ? signed_area(p, n) : 0;
	if (fabs(a) < 1e-12) {
		for (i = 0; i < n; i++) {
			x += p[2 * i];
			y += p[2 * i + 1];
		}
		*cx = n ? x / (double)n : 0;
		*cy = n ? y / (double)n : 0;
		return;
	}
	for (i = 0, j = n - 1; i < n; j = i++) {
		f = p[2 * j] * p[2 * i + 1] - p[2 * i] * p[2 * j + 1];
		x += (p[2 * j] + p[2 * i]) * f;
		y += (p[2 * j + 1] + p[2 * i + 1]) * f;
	}
	*cx = x / (6 * a);
	*cy = y / (6 * a);
}

void
geom_bbox(const double *p, size_t n, double *bb)
{
	size_t	 i;

	bb[0] = bb[2] = n ? p[0] : 0;
	bb[1] = bb[3] = n ? p[1] : 0;
	for (i = 1; i < n; i++) {
		bb[0] = fmin(bb[0], p[2 * i]);
		bb[1] = fmin(bb[1], p[2 * i + 1]);
		bb[2] = fmax(bb[2], p[2 * i]);
		bb[3] = fmax(bb[3], p[2 * i + 1]);
	}
}

/* Which side of the directed edge a->b the point is on (sign by orient). */
static double
side(const double *a, const double *b, double x, double y)
{
	return (b[0] - a[0]) * (y - a[1]) - (b[1] - a[1]) * (x - a[0]);
}

/*
 * Area of subject polygon s (any simple polygon) inside convex polygon c.
 * Polygons of more than CLIP_MAX vertices count as empty.
 */
double
geom_clip_area(const double *s, size_t ns, const double *c, size_t nc)
{
	double	 buf[2][2 * 4 * CLIP_MAX];
	double	*in, *out, orient, sa, sb, t;
	size_t	 nin, nout, i, e;
	const double *a, *b, *p, *q;

	if (ns < 3 || nc < 3 || ns > CLIP_MAX || nc > CLIP_MAX)
		return 0;
	orient = signed_area(c, nc) >= 0 ? 1 : -1;
	in = buf[0];
	out = buf[1];
	memcpy(in, s, 2 * ns * sizeof *s);
	nin = ns;
	for (e = 0; e < nc && nin > 0; e++) {
		a = &c[2 * e];
		b = &c[2 * ((e + 1) % nc)];
		nout = 0;
		for (i = 0; i < nin; i++) {
			p = &in[2 * i];
			q = &in[2 * ((i + 1) % nin)];
			sa = orient * side(a, b, p[0], p[1]);
			sb = orient * side(a, b, q[0], q[1]);
			if (sa >= 0 && nout < 4 * CLIP_MAX) {
				out[2 * nout] = p[0];
				out[2 * nout + 1] = p[1];
				nout++;
			}
			if ((sa >= 0) != (sb >= 0) && nout < 4 * CLIP_MAX) {
				t = sa / (sa - sb);
				out[2 * nout] = p[0] + t * (q[0] - p[0]);
				out[2 * nout + 1] = p[1] + t * (q[1] - p[1]);
				nout++;
			}
		}
		in = out;
		out = (in == buf[0]) ? buf[1] : buf[0];
		nin = nout;
	}
	return geom_polygon_area(in, nin);
}

/* IoU of two rotated boxes given as {cx, cy, w, h, angle}. */
double
geom_rbox_iou(const double *a, const double *b)
{
	double	 ca[8], cb[8], inter, ua;

	if (a[2] <= 0 || a[3] <= 0 || b[2] <= 0 || b[3] <= 0)
		return 0;
	geom_corners(a[0], a[1], a[2], a[3], a[4], ca);
	geom_corners(b[0], b[1], b[2], b[3], b[4], cb);
	inter = geom_clip_area(ca, 4, cb, 4);
	ua = a[2] * a[3] + b[2] * b[3] - inter;
	return ua > 0 ? inter / ua : 0;
}

/* Share (0..1) of polygon p's area inside the image rectangle w x h. */
double
geom_rect_cover(const double *p, size_t n, double w, double h)
{
	double	 rect[8] = { 0, 0, 0, 0, 0, 0, 0, 0 }, area;

	rect[2] = w;
	rect[4] = w;
	rect[5] = h;
	rect[7] = h;
	area = geom_polygon_area(p, n);
	if (area <= 0)
		return 0;
	return geom_clip_area(p, n, rect, 4) / area;
}

/*
 * The rotated box a quadrilateral stands for: centre at the mean of the
 * corners, angle along the first edge (p0 to p1, clockwise degrees, y
 * down), width and height the means of opposite edges. Exact for the
 * corners geom_corners() makes; a fair fit for hand-drawn quads.
 */
void
geom_rbox_from_quad(const double *q, double *cx, double *cy, double *w,
    double *h, double *angle)
{
	double	 a;

	*cx = (q[0] + q[2] + q[4] + q[6]) / 4;
	*cy = (q[1] + q[3] + q[5] + q[7]) / 4;
	*w = (hypot(q[2] - q[0], q[3] - q[1]) +
	    hypot(q[6] - q[4], q[7] - q[5])) / 2;
	*h = (hypot(q[4] - q[2], q[5] - q[3]) +
	    hypot(q[0] - q[6], q[1] - q[7])) / 2;
	a = atan2(q[3] - q[1], q[2] - q[0]) * 180.0 / M_PI;
	if (a <= -180)
		a += 360;
	/* float noise of the corners' sines is not a rotation */
	a = round(a * 1e6) / 1e6;
	*angle = a == 0 ? 0 : a;	/* no -0 */
}
