/*
 * snapshot.c: an RGB picture of an image window at any scale, with marks
 * drawn on it: the picture an analyst pastes into a report. It is read
 * through the same path as the screen (render_read), so what the PNG shows
 * is what the analyst saw.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "render.h"

#define PICTURE_MAX_SIDE 20000

static const uint8_t background[3] = { 24, 24, 24 };

#define STRIP_ROWS	256	/* picture rows read at a time (even) */

/*
 * Window (x, y, w, h) of r in image pixels, at `scale` picture pixels per
 * image pixel, through stretch s. pic->rgb is the caller's to free.
 */
int
render_picture(struct raster *r, double x, double y, double w, double h,
    double scale, const struct stretch *s, struct picture *pic, char *err,
    size_t errlen)
{
	struct viewport	 v;
	struct frame	 f;
	uint8_t		*out;
	size_t		 n, i;
	int		 W, H, y0, sh;

	memset(pic, 0, sizeof *pic);
	if (!(scale > 0) || !(w > 0) || !(h > 0))
		return errf(err, errlen, "empty window or scale");
	W = (int)ceil(w * scale - 1e-9);
	H = (int)ceil(h * scale - 1e-9);
	if (W < 1 || H < 1 || W > PICTURE_MAX_SIDE || H > PICTURE_MAX_SIDE)
		return errf(err, errlen, "a %d x %d picture is too large (at "
		    "most %d a side; lower --scale)", W, H, PICTURE_MAX_SIDE);
	pic->rgb = xreallocarray(NULL, (size_t)W * (size_t)H, 3);
	pic->w = W;
	pic->h = H;
	/*
	 * In strips of STRIP_ROWS picture rows: a whole 3712 x 3712 picture
	 * read at once held the float samples of every band besides the
	 * picture (340 MB peak); a strip's are a few megabytes.
	 */
	frame_init(&f);
	for (y0 = 0; y0 < H; y0 += STRIP_ROWS) {
		sh = H - y0 < STRIP_ROWS ? H - y0 : STRIP_ROWS;
		memset(&v, 0, sizeof v);
		v.x0 = x;
		v.y0 = y + y0 / scale;
		v.scale = 1 / scale;
		v.cols = W;
		v.rows = (sh + 1) / 2;
		if (render_read(r, &v, s, &f, err, errlen) != 0) {
			frame_free(&f);
			picture_free(pic);
			return -1;
		}
		n = (size_t)W * (size_t)sh;
		out = pic->rgb + 3 * (size_t)y0 * (size_t)W;
		for (i = 0; i < n; i++) {
			if (f.valid[i])
				memcpy(out + 3 * i, f.rgb + 3 * i, 3);
			else
				memcpy(out + 3 * i, background, 3);
		}
	}
	frame_free(&f);
	return 0;
}

void
picture_free(struct picture *pic)
{
	free(pic->rgb);
	memset(pic, 0, sizeof *pic);
}

static void
dot(struct picture *p, int x, int y, const uint8_t *rgb)
{
	if (x < 0 || y < 0 || x >= p->w || y >= p->h)
		return;
	memcpy(p->rgb + 3 * ((size_t)y * (size_t)p->w + (size_t)x), rgb, 3);
}

/* A two-pixel-wide line between picture points. */
static void
pline(struct picture *p, double x0, double y0, double x1, double y1,
    const uint8_t *rgb, int dashed)
{
	double	 len, t, x, y;
	int	 i, n;

	/* far off the picture or NaN (whatever the store holds): nothing,
	 * and no int conversion out of range below */
	if (!(fabs(x0) < 1e6 && fabs(y0) < 1e6 && fabs(x1) < 1e6 &&
	    fabs(y1) < 1e6) || !render_clip_segment(&x0, &y0, &x1, &y1, -2,
	    -2, p->w + 1, p->h + 1))
		return;
	len = hypot(x1 - x0, y1 - y0);
	if (!(len < 1e6))
		return;
	n = (int)ceil(len) + 1;
	for (i = 0; i <= n; i++) {
		if (dashed && (i / 4) % 2)
			continue;
		t = (double)i / n;
		x = x0 + (x1 - x0) * t;
		y = y0 + (y1 - y0) * t;
		dot(p, (int)floor(x), (int)floor(y), rgb);
		dot(p, (int)floor(x) + 1, (int)floor(y), rgb);
		dot(p, (int)floor(x), (int)floor(y) + 1, rgb);
	}
}

/* Draw a mark; (x0, y0) is the window's origin, scale as for the picture. */
void
picture_mark(struct picture *p, double x0, double y0, double scale,
    const struct overlay_mark *m)
{
	double	 c[8], px, py;
	int	 i, j;

	px = (m->cx - x0) * scale;
	py = (m->cy - y0) * scale;
	if (m->kind == SHAPE_POINT) {
		pline(p, px - 6, py, px + 6, py, m->rgb, 0);
		pline(p, px, py - 6, px, py + 6, m->rgb, 0);
		return;
	}
	geom_corners(m->cx, m->cy, m->w, m->h, m->kind == SHAPE_BOX ? 0 :
	    m->angle, c);
	for (i = 0; i < 4; i++) {
		c[2 * i] = (c[2 * i] - x0) * scale;
		c[2 * i + 1] = (c[2 * i + 1] - y0) * scale;
	}
	for (i = 0; i < 4; i++) {
		j = (i + 1) % 4;
		pline(p, c[2 * i], c[2 * i + 1], c[2 * j], c[2 * j + 1], m->rgb,
		    m->dashed);
	}
}

void
picture_polygon(struct picture *p, double x0, double y0, double scale,
    const double *pts, size_t n, const uint8_t *rgb)
{
	size_t	 i, j;

	for (i = 0; i < n; i++) {
		j = (i + 1) % n;
		pline(p, (pts[2 * i] - x0) * scale, (pts[2 * i + 1] - y0) * scale,
		    (pts[2 * j] - x0) * scale, (pts[2 * j + 1] - y0) * scale,
		    rgb, 1);
	}
}
