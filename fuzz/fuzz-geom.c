/*
 * fuzz-geom.c: libFuzzer harness for the geometry class of hostile input
 * (issue 12: a box 1e308 wide drawn with its centre on the image
 * overflowed an int in render/overlay.c). The input is read as doubles: a
 * mark's centre, size and angle, an image size and a viewport. Every mark
 * is drawn, whether the one geometry check (geom_check) accepts it or not,
 * because the store may hold what an older version let in: onto a screen
 * grid and into a snapshot picture. Invariants: no crash and no undefined
 * behaviour (UBSan is on in fuzz builds); what geom_check accepts is
 * finite and within GEOM_SANE_MULT of the image.
 */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "../render/render.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static double
take(const uint8_t **p, size_t *len)
{
	double	 v = 0;

	if (*len >= sizeof v) {
		memcpy(&v, *p, sizeof v);
		*p += sizeof v;
		*len -= sizeof v;
	}
	return v;
}

/* An image side from any double: 1 to 20000 pixels. */
static int
side(double v)
{
	return isfinite(v) ? 1 + (int)fmod(fabs(v), 20000.0) : 200;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t len)
{
	static const uint8_t	 rgb[3] = { 255, 200, 0 };
	struct overlay_mark	 m;
	struct viewport		 v;
	struct picture		 pic;
	struct grid		 g;
	double			 quay[8];
	char			 why[256];
	int			 iw, ih, i, kind;

	if (len < 1)
		return 0;
	kind = data[0] % 3;
	data++;
	len--;
	memset(&m, 0, sizeof m);
	m.kind = kind == 0 ? SHAPE_POINT : kind == 1 ? SHAPE_BOX : SHAPE_RBOX;
	m.cx = take(&data, &len);
	m.cy = take(&data, &len);
	m.w = take(&data, &len);
	m.h = take(&data, &len);
	m.angle = take(&data, &len);
	m.label = "Angara";
	m.selected = len > 0 && (data[0] & 1);
	m.dashed = len > 0 && (data[0] & 2);
	memcpy(m.rgb, rgb, sizeof rgb);
	iw = side(take(&data, &len));
	ih = side(take(&data, &len));
	if (geom_check(m.cx, m.cy, m.w, m.h, m.angle, iw, ih, why, sizeof why)
	    == 0 && (!isfinite(m.w) || fabs(m.w) > GEOM_SANE_MULT *
	    (double)(iw > ih ? iw : ih) || !isfinite(m.cx)))
		abort();
	memset(&v, 0, sizeof v);
	v.cols = 40;
	v.rows = 12;
	view_fit(&v, iw, ih);
	if (grid_init(&g, v.cols, v.rows, COLOUR_256, 0) != 0)
		return 0;
	overlay_mark(&g, &v, &m);
	overlay_cursor(&g, &v, m.cx, m.cy);
	for (i = 0; i < 4; i++) {
		quay[2 * i] = i == 1 || i == 2 ? m.cx + m.w : m.cx;
		quay[2 * i + 1] = i >= 2 ? m.cy + m.h : m.cy;
	}
	overlay_polygon(&g, &v, quay, 4, rgb);
	grid_free(&g);
	pic.w = 64;
	pic.h = 48;
	pic.rgb = calloc((size_t)pic.w * (size_t)pic.h, 3);
	if (pic.rgb != NULL) {
		picture_mark(&pic, 0, 0, 64.0 / iw, &m);
		picture_polygon(&pic, 0, 0, 64.0 / iw, quay, 4, rgb);
		free(pic.rgb);
	}
	return 0;
}
