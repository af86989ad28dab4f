/*
 * rect.c: the minimum-area rectangle around a set of points: their convex
 * hull (Andrew's monotone chain), then one rectangle per hull edge
 * direction (the best one has a side along an edge: Freeman and Shapira),
 * the smallest kept. The result is a store mark's box: centre, w the
 * longer side, angle in (-90, 90] clockwise degrees with y down.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "detect.h"

static int
cmp_pt(const void *a, const void *b)
{
	const double	*p = a, *q = b;

	if (p[0] != q[0])
		return p[0] < q[0] ? -1 : 1;
	if (p[1] != q[1])
		return p[1] < q[1] ? -1 : 1;
	return 0;
}

static double
cross(const double *o, const double *a, const double *b)
{
	return (a[0] - o[0]) * (b[1] - o[1]) - (a[1] - o[1]) * (b[0] - o[0]);
}

/* The hull of n sorted points into hull (2n doubles); its vertex count. */
static size_t
hull_of(const double *p, size_t n, double *hull)
{
	size_t	 i, k = 0, lower;

	for (i = 0; i < n; i++) {
		while (k >= 2 && cross(&hull[2 * (k - 2)], &hull[2 * (k - 1)],
		    &p[2 * i]) <= 0)
			k--;
		memcpy(&hull[2 * k++], &p[2 * i], 2 * sizeof *p);
	}
	lower = k + 1;
	for (i = n - 1; i-- > 0;) {
		while (k >= lower && cross(&hull[2 * (k - 2)],
		    &hull[2 * (k - 1)], &p[2 * i]) <= 0)
			k--;
		memcpy(&hull[2 * k++], &p[2 * i], 2 * sizeof *p);
	}
	return k > 1 ? k - 1 : k;
}

/* Angle into (-90, 90], w the longer side. */
static void
normalise(double *box)
{
	double	 t;

	if (box[3] > box[2]) {
		t = box[2];
		box[2] = box[3];
		box[3] = t;
		box[4] += 90;
	}
	box[4] = fmod(box[4], 180);
	if (box[4] <= -90)
		box[4] += 180;
	else if (box[4] > 90)
		box[4] -= 180;
	if (fabs(box[4]) < 1e-9)
		box[4] = 0;
	else if (fabs(box[4] - 90) < 1e-9) {
		/* upright: an unturned box, w along x, as people draw it */
		t = box[2];
		box[2] = box[3];
		box[3] = t;
		box[4] = 0;
	}
}

/*
 * The smallest rectangle around the n points pts (x y pairs), sorted by
 * x then y or by y then x (the hull comes out turning the other way,
 * which does not matter here), into box {cx, cy, w, h, angle}; hull
 * holds 2n + 2 doubles. Returns -1 when the points have no area (fewer
 * than three, or all on a line): such a region is never a candidate.
 */
int
detect_min_rect_sorted(const double *pts, size_t n, double *hull,
    double *box)
{
	double	 best = INFINITY, ux, uy, len, a, b, lo[2], hi[2];
	size_t	 i, j, nh;

	if (n < 3)
		return -1;
	nh = hull_of(pts, n, hull);
	if (nh < 3)
		return -1;
	for (i = 0; i < nh; i++) {
		j = (i + 1) % nh;
		ux = hull[2 * j] - hull[2 * i];
		uy = hull[2 * j + 1] - hull[2 * i + 1];
		if ((len = hypot(ux, uy)) == 0)
			continue;
		ux /= len;
		uy /= len;
		lo[0] = lo[1] = INFINITY;
		hi[0] = hi[1] = -INFINITY;
		for (size_t k = 0; k < nh; k++) {
			a = hull[2 * k] * ux + hull[2 * k + 1] * uy;
			b = -hull[2 * k] * uy + hull[2 * k + 1] * ux;
			lo[0] = fmin(lo[0], a);
			hi[0] = fmax(hi[0], a);
			lo[1] = fmin(lo[1], b);
			hi[1] = fmax(hi[1], b);
		}
		if ((hi[0] - lo[0]) * (hi[1] - lo[1]) < best * (1 - 1e-9)) {
			best = (hi[0] - lo[0]) * (hi[1] - lo[1]);
			a = (lo[0] + hi[0]) / 2;
			b = (lo[1] + hi[1]) / 2;
			box[0] = a * ux - b * uy;
			box[1] = a * uy + b * ux;
			box[2] = hi[0] - lo[0];
			box[3] = hi[1] - lo[1];
			box[4] = atan2(uy, ux) * 180 / M_PI;
		}
	}
	if (!(best > 0) || !isfinite(best))
		return -1;
	normalise(box);
	return 0;
}

/* As detect_min_rect_sorted(), for points in any order. */
int
detect_min_rect(const double *pts, size_t n, double *box)
{
	double	*p, *hull;
	int	 rc;

	if (n < 3)
		return -1;
	p = xreallocarray(NULL, n, 2 * sizeof *p);
	hull = xreallocarray(NULL, n + 1, 2 * sizeof *hull);
	memcpy(p, pts, n * 2 * sizeof *p);
	qsort(p, n, 2 * sizeof *p, cmp_pt);
	rc = detect_min_rect_sorted(p, n, hull, box);
	free(p);
	free(hull);
	return rc;
}
