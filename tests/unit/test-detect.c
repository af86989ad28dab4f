/*
 * test-detect.c: the candidate finder on rasters made here: a bright
 * turned ship on dark water, a dark stack on light concrete, an image
 * edge, a quay limit, marks that hide, a change since the last clear
 * image, degenerate regions; and the minimum-area rectangle and the
 * min/max filters against brute force.
 */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "../../detect/detect.h"
#include "../../util/util.h"

static char	 err[256];

/* A w x h frame of one colour, all valid, at scale 1 from (0, 0). */
static void
frame_fill(struct frame *f, struct viewport *v, int w, int h, uint8_t r,
    uint8_t g, uint8_t b)
{
	frame_init(f);
	f->w = w;
	f->h = h;
	f->rgb = xmalloc((size_t)w * h * 3);
	f->valid = xmalloc((size_t)w * h);
	for (int i = 0; i < w * h; i++) {
		f->rgb[3 * i] = r;
		f->rgb[3 * i + 1] = g;
		f->rgb[3 * i + 2] = b;
		f->valid[i] = 1;
	}
	memset(v, 0, sizeof *v);
	v->scale = 1;
	v->cols = w;
	v->rows = h / 2;
}

/* Paint a turned box (cx, cy, w, h, angle) in colour c, with noise. */
static void
paint(struct frame *f, const double *box, uint8_t r, uint8_t g, uint8_t b)
{
	double	 c[8];

	geom_corners(box[0], box[1], box[2], box[3], box[4], c);
	for (int y = 0; y < f->h; y++)
		for (int x = 0; x < f->w; x++)
			if (geom_point_in_polygon(x + 0.5, y + 0.5, c, 4)) {
				uint8_t	*p = &f->rgb[3 * ((size_t)y * f->w + x)];

				p[0] = r;
				p[1] = g;
				p[2] = b;
			}
}

static void
input(struct detect_input *in, const struct frame *f,
    const struct viewport *v)
{
	memset(in, 0, sizeof *in);
	in->f = f;
	in->v = v;
	in->width = f->w;
	in->height = f->h;
}

static double
iou_of(const struct detect_candidate *c, const double *box)
{
	double	 a[5] = { c->cx, c->cy, c->w, c->h, c->angle };

	return geom_rbox_iou(a, box);
}

static void
test_ship_on_water(void **state)
{
	struct frame		 f;
	struct viewport		 v;
	struct detect_input	 in;
	struct detect_candidate	*c;
	double			 ship[5] = { 120, 80, 70, 12, 30 };
	size_t			 n;

	(void)state;
	frame_fill(&f, &v, 240, 160, 20, 40, 60);
	paint(&f, ship, 150, 150, 160);
	input(&in, &f, &v);
	assert_int_equal(detect_find(&in, &c, &n, err, sizeof err), 0);
	assert_int_equal(n, 1);
	assert_true(iou_of(&c[0], ship) >= 0.7);
	assert_true(fabs(c[0].angle - 30) < 3);
	assert_true(c[0].reason & DETECT_BRIGHT);
	assert_int_equal(c[0].id, 1);
	free(c);
	frame_free(&f);
}

static void
test_stack_on_concrete(void **state)
{
	struct frame		 f;
	struct viewport		 v;
	struct detect_input	 in;
	struct detect_candidate	*c;
	double			 stack[5] = { 60, 50, 40, 10, 0 };
	double			 stack2[5] = { 160, 100, 24, 14, 0 };
	size_t			 n;

	(void)state;
	frame_fill(&f, &v, 240, 160, 190, 190, 180);
	paint(&f, stack, 160, 40, 30);
	paint(&f, stack2, 30, 60, 160);
	input(&in, &f, &v);
	assert_int_equal(detect_find(&in, &c, &n, err, sizeof err), 0);
	assert_int_equal(n, 2);
	/* reading order: the upper one first */
	assert_true(iou_of(&c[0], stack) >= 0.7);
	assert_true(iou_of(&c[1], stack2) >= 0.7);
	assert_true(c[0].reason & DETECT_DARK);
	assert_true(c[0].angle == 0);
	free(c);
	frame_free(&f);
}

/*
 * Two stacks side by side on worn concrete, the wear joining them into
 * one region at the frame's threshold: each is a candidate of its own
 * (the first version kept only the larger strong group), and nothing
 * else is (the wear is faint, and a box over both is suppressed).
 */
static void
test_stacks_joined_by_wear(void **state)
{
	struct frame		 f;
	struct viewport		 v;
	struct detect_input	 in;
	struct detect_candidate	*c;
	double			 wear[5] = { 90, 50, 110, 22, 0 };
	double			 a[5] = { 60, 50, 40, 12, 0 };
	double			 b[5] = { 115, 50, 50, 12, 0 };
	size_t			 n;

	(void)state;
	frame_fill(&f, &v, 240, 160, 200, 200, 200);
	paint(&f, wear, 168, 168, 168);
	paint(&f, a, 150, 40, 30);
	paint(&f, b, 30, 60, 150);
	input(&in, &f, &v);
	assert_int_equal(detect_find(&in, &c, &n, err, sizeof err), 0);
	assert_int_equal(n, 2);
	assert_true(iou_of(&c[0], a) >= 0.7);
	assert_true(iou_of(&c[1], b) >= 0.7);
	free(c);
	frame_free(&f);
}

/* Flat water, a straight shore: nothing is an object. */
static void
test_no_candidates(void **state)
{
	struct frame		 f;
	struct viewport		 v;
	struct detect_input	 in;
	struct detect_candidate	*c;
	double			 land[5] = { 120, 30, 240, 60, 0 };
	size_t			 n;

	(void)state;
	frame_fill(&f, &v, 240, 160, 20, 40, 60);
	paint(&f, land, 190, 190, 180);
	input(&in, &f, &v);
	assert_int_equal(detect_find(&in, &c, &n, err, sizeof err), 0);
	assert_int_equal(n, 0);
	assert_null(c);
	frame_free(&f);
}

/* Quays limit where centres may lie; marks hide what they cover. */
static void
test_areas_and_hide(void **state)
{
	struct frame		 f;
	struct viewport		 v;
	struct detect_input	 in;
	struct detect_candidate	*c;
	struct detect_area	 a;
	double			 s1[5] = { 50, 50, 30, 10, 0 };
	double			 s2[5] = { 180, 50, 30, 10, 0 };
	double			 s3[5] = { 180, 120, 30, 10, 0 };
	double			 quay[8] = { 100, 0, 240, 0, 240, 160, 100, 160 };
	double			 hide[10] = { 181, 51, 28, 9, 0, 180, 120, 0, 0,
	    0 };
	size_t			 n;

	(void)state;
	frame_fill(&f, &v, 240, 160, 190, 190, 180);
	paint(&f, s1, 40, 40, 40);
	paint(&f, s2, 40, 40, 40);
	paint(&f, s3, 40, 40, 40);
	input(&in, &f, &v);
	assert_int_equal(detect_find(&in, &c, &n, err, sizeof err), 0);
	assert_int_equal(n, 3);
	free(c);
	a.pts = quay;
	a.n = 4;
	in.areas = &a;
	in.nareas = 1;
	assert_int_equal(detect_find(&in, &c, &n, err, sizeof err), 0);
	assert_int_equal(n, 2);
	assert_true(c[0].cx > 100 && c[1].cx > 100);
	free(c);
	in.hide = hide;		/* a box over s2, a point inside s3 */
	in.nhide = 2;
	assert_int_equal(detect_find(&in, &c, &n, err, sizeof err), 0);
	assert_int_equal(n, 0);
	free(c);
	frame_free(&f);
}

/*
 * A faint object passes only where it changed since the last clear
 * image: the change halves the threshold and says so.
 */
static void
test_changed(void **state)
{
	struct frame		 f, p;
	struct viewport		 v, pv;
	struct detect_input	 in;
	struct detect_candidate	*c;
	double			 faint[5] = { 120, 80, 40, 12, 0 };
	size_t			 n;

	(void)state;
	frame_fill(&f, &v, 240, 160, 100, 100, 100);
	frame_fill(&p, &pv, 240, 160, 100, 100, 100);
	paint(&f, faint, 116, 116, 116);	/* +16: under the threshold */
	paint(&p, faint, 40, 40, 40);		/* it was dark then */
	input(&in, &f, &v);
	assert_int_equal(detect_find(&in, &c, &n, err, sizeof err), 0);
	assert_int_equal(n, 0);
	free(c);
	in.prev = &p;
	assert_int_equal(detect_find(&in, &c, &n, err, sizeof err), 0);
	assert_int_equal(n, 1);
	assert_true(c[0].reason & DETECT_CHANGED);
	assert_true(c[0].reason & DETECT_BRIGHT);
	free(c);
	/* a previous frame of another size is no comparison */
	p.w = 100;
	assert_int_equal(detect_find(&in, &c, &n, err, sizeof err), 0);
	assert_int_equal(n, 0);
	free(c);
	p.w = 240;
	frame_free(&f);
	frame_free(&p);
}

/*
 * Candidates off the image or without area are never offered: the part
 * of the frame beyond the image is invalid, and an object cut by the
 * image's edge keeps inside it.
 */
static void
test_edges_and_degenerate(void **state)
{
	struct frame		 f;
	struct viewport		 v;
	struct detect_input	 in;
	struct detect_candidate	*c, bad;
	double			 edge[5] = { 196, 40, 20, 10, 0 };
	double			 line[5] = { 60, 100, 60, 1, 0 };
	size_t			 n, i;

	(void)state;
	frame_fill(&f, &v, 240, 160, 20, 40, 60);
	for (int y = 0; y < 160; y++)
		for (int x = 200; x < 240; x++)
			f.valid[y * 240 + x] = 0;	/* past the image */
	paint(&f, edge, 200, 200, 200);
	paint(&f, line, 200, 200, 200);
	input(&in, &f, &v);
	in.width = 200;
	assert_int_equal(detect_find(&in, &c, &n, err, sizeof err), 0);
	for (i = 0; i < n; i++) {
		assert_true(detect_valid(&c[i], 200, 160));
		assert_true(c[i].cx + c[i].w / 2 <= 200.001);
	}
	free(c);
	memset(&bad, 0, sizeof bad);
	bad.cx = 10;
	bad.cy = 10;
	bad.w = 5;
	assert_false(detect_valid(&bad, 200, 160));	/* no height */
	bad.h = 5;
	assert_true(detect_valid(&bad, 200, 160));
	bad.cx = 201;
	assert_false(detect_valid(&bad, 200, 160));	/* off the image */
	bad.cx = NAN;
	assert_false(detect_valid(&bad, 200, 160));
	assert_int_equal(detect_find(&in, &c, &n, err, sizeof err), 0);
	free(c);
	in.f = NULL;
	assert_int_equal(detect_find(&in, &c, &n, err, sizeof err), -1);
	assert_non_null(strstr(err, "no pixels"));
	frame_free(&f);
}

static void
test_min_rect(void **state)
{
	double	 sq[8] = { 0, 0, 10, 0, 10, 4, 0, 4 }, box[5], pts[64];
	double	 line[6] = { 0, 0, 1, 1, 2, 2 };
	double	 ref[5] = { 50, 40, 30, 8, 25 };
	int	 i;

	(void)state;
	assert_int_equal(detect_min_rect(sq, 4, box), 0);
	assert_true(fabs(box[0] - 5) < 1e-9 && fabs(box[1] - 2) < 1e-9);
	assert_true(fabs(box[2] - 10) < 1e-9 && fabs(box[3] - 4) < 1e-9);
	assert_true(box[4] == 0);
	/* an upright rectangle stays an unturned box */
	double	 up[8] = { 0, 0, 4, 0, 4, 10, 0, 10 };
	assert_int_equal(detect_min_rect(up, 4, box), 0);
	assert_true(box[4] == 0 && fabs(box[2] - 4) < 1e-9);
	/* degenerate: on a line, too few */
	assert_int_equal(detect_min_rect(line, 3, box), -1);
	assert_int_equal(detect_min_rect(sq, 2, box), -1);
	/* the corners of a turned box and points inside it */
	geom_corners(ref[0], ref[1], ref[2], ref[3], ref[4], pts);
	for (i = 4; i < 32; i++) {
		pts[2 * i] = ref[0] + (i % 7 - 3);
		pts[2 * i + 1] = ref[1] + (i % 3 - 1);
	}
	assert_int_equal(detect_min_rect(pts, 32, box), 0);
	assert_true(geom_rbox_iou(box, ref) > 0.999);
	assert_true(fabs(box[4] - 25) < 1e-6);
	/* points sorted by y then x (as a region's rows give them): the
	 * same rectangle as from the x-sorted copy */
	double	 ys[16] = { 3, 0, 9, 0, 1, 2, 12, 2, 0, 5, 10, 5, 4, 7, 6, 7 };
	double	 hull[34], b2[5];

	assert_int_equal(detect_min_rect_sorted(ys, 8, hull, b2), 0);
	assert_int_equal(detect_min_rect(ys, 8, box), 0);
	for (i = 0; i < 5; i++)
		assert_true(fabs(box[i] - b2[i]) < 1e-9);
}

/*
 * The doubling filters against the plain definition: windows of one
 * pixel to wider than the image, into another buffer and in place.
 */
static void
test_minmax(void **state)
{
	uint8_t	 src[37 * 23], dst[37 * 23], want;
	int	 w = 37, h = 23, k, x, y, dx, dy, m;

	(void)state;
	for (x = 0; x < w * h; x++)
		src[x] = (uint8_t)((x * 2654435761u) >> 13);
	static const int ks[] = { 1, 3, 5, 7, 9, 11, 17, 33, 45, 99 };

	for (size_t ki = 0; ki < sizeof ks / sizeof *ks; ki++)
		for (m = 0; m <= 3; m++) {
			k = ks[ki];
			if (m >= 2) {	/* in place */
				memcpy(dst, src, sizeof dst);
				detect_minmax(dst, dst, w, h, k, m - 2);
			} else
				detect_minmax(src, dst, w, h, k, m);
			for (y = 0; y < h; y++)
				for (x = 0; x < w; x++) {
					want = m & 1 ? 0 : 255;
					for (dy = -k / 2; dy <= k / 2; dy++)
						for (dx = -k / 2; dx <= k / 2;
						    dx++) {
							int xx = x + dx;
							int yy = y + dy;
							uint8_t s;

							if (xx < 0 || yy < 0 ||
							    xx >= w || yy >= h)
								continue;
							s = src[yy * w + xx];
							if (m & 1 ? s > want :
							    s < want)
								want = s;
						}
					assert_int_equal(dst[y * w + x], want);
				}
		}
}

static void
test_views(void **state)
{
	struct viewport	 v, p;
	double		 gt[6] = { 1000, 2, 0, 5000, 0, -2 };
	double		 pgt[6] = { 1010, 2, 0, 4990, 0, -2 };
	double		 rot[6] = { 1010, 2, 0.1, 4990, 0, -2 };

	(void)state;
	detect_view_for(0, 0, 1600, 1000, &v);
	assert_true(v.scale == 2);
	assert_true((double)v.cols * 2 * v.rows <= DETECT_MAX_PIXELS);
	detect_view_for(0, 0, 12000, 12000, &v);
	assert_true(v.scale == 16);
	detect_view_for(0, 0, 400, 250, &v);
	assert_true(v.scale == 1 && v.cols == 400 && v.rows == 125);
	/* co-registered: ground (1000 + 2x, 5000 - 2y) */
	v.x0 = 10;
	v.y0 = 20;
	assert_int_equal(detect_coregister(&v, gt, pgt, 400, 250, 400, 250,
	    &p), 0);
	assert_true(p.x0 == 5 && p.y0 == 15 && p.scale == v.scale);
	assert_int_equal(detect_coregister(&v, gt, rot, 400, 250, 400, 250,
	    &p), -1);
	assert_int_equal(detect_coregister(&v, gt, NULL, 400, 250, 400, 250,
	    &p), -1);
	/* pixel-only: pixel for pixel when the sizes match */
	assert_int_equal(detect_coregister(&v, NULL, NULL, 400, 250, 400, 250,
	    &p), 0);
	assert_int_equal(detect_coregister(&v, NULL, NULL, 400, 250, 401, 250,
	    &p), -1);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_ship_on_water),
		cmocka_unit_test(test_stack_on_concrete),
		cmocka_unit_test(test_stacks_joined_by_wear),
		cmocka_unit_test(test_no_candidates),
		cmocka_unit_test(test_areas_and_hide),
		cmocka_unit_test(test_changed),
		cmocka_unit_test(test_edges_and_degenerate),
		cmocka_unit_test(test_min_rect),
		cmocka_unit_test(test_minmax),
		cmocka_unit_test(test_views),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
