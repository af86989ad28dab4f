/*
 * paint.c: pixels for the demo port. The background (land, aprons, roads,
 * warehouses, water) is painted once per run; each date then gets its
 * stacks and ships, light and sensor noise, and clouds. Clouds are opaque
 * where they are thick: a ship under a cloud is not in the pixels, which
 * is what makes "cloudy" different from "no ships".
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "demo-int.h"
#include "../store/store.h"
#include "../util/util.h"

#define LAND_EDGE	392.0	/* design y where the quays meet the water */

static double
smooth(double t)
{
	return t * t * (3 - 2 * t);
}

static double
lattice(uint32_t seed, int x, int y)
{
	return hash32(seed, (uint32_t)x, (uint32_t)y) / 4294967296.0;
}

/* Value noise in [0, 1) with cells of `cell` pixels. */
static double
noise(uint32_t seed, double x, double y, double cell)
{
	double	 fx = x / cell, fy = y / cell, tx, ty, a, b, c, d;
	int	 ix = (int)floor(fx), iy = (int)floor(fy);

	tx = smooth(fx - ix);
	ty = smooth(fy - iy);
	a = lattice(seed, ix, iy);
	b = lattice(seed, ix + 1, iy);
	c = lattice(seed, ix, iy + 1);
	d = lattice(seed, ix + 1, iy + 1);
	return (a + (b - a) * tx) + ((c + (d - c) * tx) - (a + (b - a) * tx)) *
	    ty;
}

static double
fractal(uint32_t seed, double x, double y, double cell, int octaves)
{
	double	 v = 0, amp = 0.5, total = 0;
	int	 i;

	for (i = 0; i < octaves; i++) {
		v += amp * noise(seed + (uint32_t)i * 7919u, x, y, cell);
		total += amp;
		amp *= 0.5;
		cell /= 2;
	}
	return v / total;
}

static uint8_t
clamp8(double v)
{
	return v < 0 ? 0 : v > 255 ? 255 : (uint8_t)(v + 0.5);
}

static void
put(uint8_t *px, double r, double g, double b)
{
	px[0] = clamp8(r);
	px[1] = clamp8(g);
	px[2] = clamp8(b);
}

static int
is_land(double X, double Y)
{
	if (Y < LAND_EDGE)
		return 1;
	return X >= 1465 && X <= 1505 && Y <= 800;	/* the pier */
}

static int
in_rect(double X, double Y, double x0, double y0, double x1, double y1)
{
	return X >= x0 && X < x1 && Y >= y0 && Y < y1;
}

/* Land, aprons, roads, warehouses and water: the same every day. */
void
paint_background(struct demo_scene *sc)
{
	struct rng	 r;
	double		 bx[14], by[14], bw[14], bh[14], X, Y, n, f, g;
	uint8_t		*px;
	size_t		 size;
	int		 x, y, i, k, nb = 14;
	uint32_t	 seed = sc->seed * 31u + 7u;

	size = (size_t)sc->width * (size_t)sc->height * 3;
	sc->base = xmalloc(size);
	rng_seed(&r, sc->seed ^ 0xb5u);
	for (i = 0; i < nb; i++) {
		bw[i] = rng_int(&r, 60, 160);
		bh[i] = rng_int(&r, 30, 70);
		bx[i] = 40 + (1500 - bw[i]) * rng_unit(&r);
		by[i] = rng_int(&r, 30, 200);
	}
	for (y = 0; y < sc->height; y++) {
		for (x = 0; x < sc->width; x++) {
			X = (x + 0.5) / sc->scale;
			Y = (y + 0.5) / sc->scale;
			px = sc->base + ((size_t)y * (size_t)sc->width +
			    (size_t)x) * 3;
			n = fractal(seed, X, Y, 180, 3) - 0.5;
			f = lattice(seed + 3, x, y) - 0.5;
			if (!is_land(X, Y)) {
				g = Y < LAND_EDGE + 30 ? (LAND_EDGE + 30 - Y) /
				    30 * 6 : 0;
				put(px, 26 + 14 * n + 3 * f + g,
				    50 + 18 * n + 3 * f + g,
				    68 + 16 * n + 3 * f + g);
				continue;
			}
			if (Y >= LAND_EDGE - 2 && Y < LAND_EDGE) {
				put(px, 60, 60, 62);	/* quay edge */
				continue;
			}
			if ((in_rect(X, Y, 200, 300, 700, LAND_EDGE) ||
			    in_rect(X, Y, 850, 300, 1400, LAND_EDGE) ||
			    in_rect(X, Y, 1465, 300, 1505, 800))) {
				put(px, 176 + 10 * n + 5 * f, 173 + 10 * n +
				    5 * f, 166 + 10 * n + 5 * f);
				continue;
			}
			if (fabs(Y - 282) < 5 || fabs(X - 780) < 5) {
				put(px, 88 + 4 * f, 88 + 4 * f, 94 + 4 * f);
				continue;
			}
			put(px, 128 + 30 * n + 7 * f, 124 + 26 * n + 7 * f,
			    110 + 22 * n + 7 * f);
			for (k = 0; k < nb; k++) {
				if (in_rect(X, Y, bx[k], by[k], bx[k] + bw[k],
				    by[k] + bh[k]))
					put(px, 150 + 20 * (k % 3) + 4 * f,
					    152 + 15 * (k % 2) + 4 * f,
					    158 + 4 * f);
				else if (in_rect(X, Y, bx[k] + 6, by[k] + bh[k],
				    bx[k] + bw[k] + 6, by[k] + bh[k] + 7))
					put(px, 70, 68, 66);	/* shadow */
			}
		}
	}
}

/* Container colours, as seen from above: faded reds, blues, greens. */
static const uint8_t container_palette[][3] = {
	{ 168, 58, 44 }, { 52, 86, 150 }, { 60, 120, 70 }, { 190, 130, 50 },
	{ 200, 200, 196 }, { 120, 46, 90 }, { 40, 130, 140 }, { 150, 80, 40 },
};

static void
paint_stack(const struct demo_scene *sc, const struct demo_stack *st,
    uint8_t *img)
{
	double		 W = st->cols * 12.2, H = st->rows * 2.45;
	double		 x0 = st->cx - W / 2, y0 = st->cy - H / 2, X, Y, cu, cv;
	const uint8_t	*c;
	uint8_t		*px;
	int		 x, y, i, j, xa, xb, ya, yb;

	xa = (int)floor(x0 * sc->scale);
	xb = (int)ceil((x0 + W) * sc->scale);
	ya = (int)floor(y0 * sc->scale);
	yb = (int)ceil((y0 + H) * sc->scale);
	for (y = ya; y < yb; y++) {
		for (x = xa; x < xb; x++) {
			if (x < 0 || y < 0 || x >= sc->width || y >= sc->height)
				continue;
			X = (x + 0.5) / sc->scale;
			Y = (y + 0.5) / sc->scale;
			if (X < x0 || X >= x0 + W || Y < y0 || Y >= y0 + H)
				continue;
			cu = (X - x0) / 12.2;
			cv = (Y - y0) / 2.45;
			i = (int)cu;
			j = (int)cv;
			c = container_palette[hash32(st->seed, (uint32_t)i,
			    (uint32_t)j) % QM_NELEM(container_palette)];
			px = img + ((size_t)y * (size_t)sc->width + (size_t)x) *
			    3;
			if (cu - i < 0.06 || cv - j < 0.12)
				put(px, c[0] * 0.55, c[1] * 0.55, c[2] * 0.55);
			else
				put(px, c[0], c[1], c[2]);
		}
	}
}

/* Half the hull's width at u along a ship of length L and beam B. */
static double
hull_half(double u, double L, double B)
{
	double	 bow = L / 2 - B * 1.1;

	if (u < -L / 2 || u > L / 2)
		return -1;
	if (u <= bow)
		return B / 2;
	return B / 2 * (0.15 + 0.85 * (L / 2 - u) / (L / 2 - bow));
}

static void
paint_ship(const struct demo_scene *sc, const struct demo_call *c,
    uint8_t *img, int shadow)
{
	const struct demo_vessel *v = &sc->vessels[c->vessel];
	double		 cs = cos(c->angle * M_PI / 180), sn = sin(c->angle *
	    M_PI / 180), X, Y, dx, dy, u, w, hw, r = v->length / 2 + 8;
	double		 ox = shadow ? 3 : 0, oy = shadow ? 4 : 0;
	const uint8_t	*k;
	uint8_t		*px;
	int		 x, y, xa, xb, ya, yb, ci, cj;

	xa = (int)floor((c->cx - r) * sc->scale);
	xb = (int)ceil((c->cx + r) * sc->scale);
	ya = (int)floor((c->cy - r) * sc->scale);
	yb = (int)ceil((c->cy + r) * sc->scale);
	for (y = ya; y < yb; y++) {
		for (x = xa; x < xb; x++) {
			if (x < 0 || y < 0 || x >= sc->width || y >= sc->height)
				continue;
			X = (x + 0.5) / sc->scale - ox;
			Y = (y + 0.5) / sc->scale - oy;
			dx = X - c->cx;
			dy = Y - c->cy;
			u = dx * cs + dy * sn;
			w = -dx * sn + dy * cs;
			hw = hull_half(u, v->length, v->beam);
			if (hw < 0 || fabs(w) > hw)
				continue;
			px = img + ((size_t)y * (size_t)sc->width + (size_t)x) *
			    3;
			if (shadow) {
				if (!is_land(X + ox, Y + oy))
					put(px, px[0] * 0.5, px[1] * 0.5,
					    px[2] * 0.5);
				continue;
			}
			if (fabs(w) > hw - 1.6) {
				put(px, v->hull[0], v->hull[1], v->hull[2]);
			} else if (u < -v->length / 2 + v->length * 0.2 &&
			    u > -v->length / 2 + v->length * 0.05 &&
			    fabs(w) < v->beam * 0.38) {
				put(px, 226, 224, 218);	/* superstructure */
			} else if (v->deck_cargo && u > -v->length * 0.26 &&
			    u < v->length / 2 - v->beam * 1.3 &&
			    fabs(w) < v->beam * 0.4) {
				ci = (int)floor((u + v->length) / 12.2);
				cj = (int)floor((w + v->beam) / 2.45);
				k = container_palette[hash32((uint32_t)c->track,
				    (uint32_t)ci, (uint32_t)cj) %
				    QM_NELEM(container_palette)];
				put(px, k[0], k[1], k[2]);
			} else
				put(px, v->hull[0] * 0.5 + 55,
				    v->hull[1] * 0.5 + 55,
				    v->hull[2] * 0.5 + 55);
		}
	}
}

/* The port's area, which clouds cover on cloudy days and spare otherwise:
 * 0 inside it, rising to 1 at 200 design pixels away. */
static double
port_weight(double X, double Y)
{
	double	 dx = 0, dy = 0;

	if (X < 160)
		dx = 160 - X;
	if (Y < 260)
		dy = 260 - Y;
	else if (Y > 860)
		dy = Y - 860;
	return fmin(1, sqrt(dx * dx + dy * dy) / 200);
}

#define CLOUD_STEP 4	/* clouds are smooth: sample every 4 pixels */

/* Cloud density sampled on a coarse grid, offset by (ox, oy) design px. */
static double *
cloud_grid(const struct demo_scene *sc, uint32_t seed, double ox, double oy,
    int *gw, int *gh)
{
	double	*g;
	int	 x, y;

	*gw = sc->width / CLOUD_STEP + 2;
	*gh = sc->height / CLOUD_STEP + 2;
	g = xreallocarray(NULL, (size_t)*gw * (size_t)*gh, sizeof *g);
	for (y = 0; y < *gh; y++)
		for (x = 0; x < *gw; x++)
			g[(size_t)y * (size_t)*gw + (size_t)x] = fractal(seed,
			    x * CLOUD_STEP / sc->scale + ox,
			    y * CLOUD_STEP / sc->scale + oy, 260, 4);
	return g;
}

static double
grid_at(const double *g, int gw, int x, int y)
{
	double	 fx = (double)x / CLOUD_STEP, fy = (double)y / CLOUD_STEP;
	int	 ix = (int)fx, iy = (int)fy;
	double	 tx = fx - ix, ty = fy - iy, a, b, c, d;

	a = g[(size_t)iy * (size_t)gw + (size_t)ix];
	b = g[(size_t)iy * (size_t)gw + (size_t)ix + 1];
	c = g[(size_t)(iy + 1) * (size_t)gw + (size_t)ix];
	d = g[(size_t)(iy + 1) * (size_t)gw + (size_t)ix + 1];
	return a + (b - a) * tx + (c - a + (a - b - c + d) * tx) * ty;
}

static void
paint_clouds(const struct demo_scene *sc, const struct demo_image *im,
    uint8_t *img)
{
	double	*g, *sg = NULL, X, Y, n, m, s, shade;
	uint8_t	*px;
	int	 x, y, gw, gh, cloudy = im->quality == QUALITY_CLOUDY;

	g = cloud_grid(sc, im->seed, 0, 0, &gw, &gh);
	if (!cloudy)
		sg = cloud_grid(sc, im->seed, -30, -22, &gw, &gh);
	for (y = 0; y < sc->height; y++) {
		for (x = 0; x < sc->width; x++) {
			X = (x + 0.5) / sc->scale;
			Y = (y + 0.5) / sc->scale;
			px = img + ((size_t)y * (size_t)sc->width + (size_t)x) *
			    3;
			n = grid_at(g, gw, x, y);
			if (cloudy) {
				m = n < 0.25 ? 0 : n > 0.45 ? 1 : smooth((n -
				    0.25) / 0.2);
				m = fmax(m, 1 - smooth(port_weight(X, Y)));
			} else {
				m = n < 0.58 ? 0 : n > 0.72 ? 1 : smooth((n -
				    0.58) / 0.14);
				m *= port_weight(X, Y);
				s = grid_at(sg, gw, x, y);
				s = s < 0.58 ? 0 : smooth(fmin(1, (s - 0.58) /
				    0.14)) * port_weight(X - 30, Y - 22);
				if (s > 0 && m < 0.5)
					put(px, px[0] * (1 - 0.45 * s),
					    px[1] * (1 - 0.45 * s),
					    px[2] * (1 - 0.45 * s));
			}
			if (m <= 0)
				continue;
			shade = 215 + 40 * (n - 0.5);
			put(px, px[0] * (1 - m) + shade * m,
			    px[1] * (1 - m) + shade * m,
			    px[2] * (1 - m) + (shade + 6) * m);
		}
	}
	free(g);
	free(sg);
}

/* Paint image i of the scene into img (width * height * 3 bytes). */
void
paint_image(const struct demo_scene *sc, size_t i, uint8_t *img)
{
	const struct demo_image	*im = &sc->images[i];
	size_t			 k, n = (size_t)sc->width * (size_t)sc->height;
	uint8_t			*px;
	double			 f;
	int			 x, y;

	memcpy(img, sc->base, n * 3);
	for (k = 0; k < sc->nstacks; k++)
		if (im->day >= sc->stacks[k].first &&
		    im->day <= sc->stacks[k].last)
			paint_stack(sc, &sc->stacks[k], img);
	for (k = 0; k < sc->ncalls; k++)
		if (im->day >= sc->calls[k].arrive &&
		    im->day <= sc->calls[k].depart) {
			paint_ship(sc, &sc->calls[k], img, 1);
			paint_ship(sc, &sc->calls[k], img, 0);
		}
	for (k = 0; k < n; k++) {
		px = img + k * 3;
		f = (int)(hash32(im->seed, (uint32_t)k, 1) % 9) - 4;
		put(px, px[0] * im->light + f, px[1] * im->light + f,
		    px[2] * im->light + f);
	}
	if (im->quality == QUALITY_CLOUDY ||
	    im->quality == QUALITY_PARTLY_CLOUDY)
		paint_clouds(sc, im, img);
	if (im->quality == QUALITY_NO_DATA) {
		/* The strip missed the port: only a corner has data. */
		for (y = 0; y < sc->height; y++)
			for (x = 0; x < sc->width; x++)
				if (x / sc->scale + 0.3 * y / sc->scale > 420)
					memset(img + ((size_t)y *
					    (size_t)sc->width + (size_t)x) * 3,
					    0, 3);
	}
}
