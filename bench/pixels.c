/*
 * pixels.c: in-process time and bytes of one terminal picture per
 * protocol: the viewport read at the pane's pixel size, then encoded
 * (sixel, kitty PNG, iTerm2 PNG), for the whole image (fit) and after a
 * pan of a few cells at 1:1. Median of RUNS runs each, wall clock and
 * CPU time (the machine's other load inflates the first, not the second).
 *   Usage: bench/pixels IMAGE [COLSxROWS [CWxCH [RUNS]]]
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "../render/render.h"
#include "../imagery/imagery.h"

static double
ms(void)
{
	struct timespec	 t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return t.tv_sec * 1e3 + t.tv_nsec / 1e6;
}

/* CPU time: what the machine's other load does not inflate. */
static double
cpu_ms(void)
{
	struct timespec	 t;

	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
	return t.tv_sec * 1e3 + t.tv_nsec / 1e6;
}

static int
cmp(const void *a, const void *b)
{
	double	 x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

/* One picture of view v through protocol p: read and encode times. */
static size_t
one(struct imagery *im, const struct viewport *v, int W, int H, int p,
    int cols, int rows, double *tread, double *tenc, double *cread,
    double *cenc)
{
	struct picture	 pic;
	struct buf	 out, png;
	char		 err[512];
	double		 t0, t1, c0, c1;
	size_t		 n;

	t0 = ms();
	c0 = cpu_ms();
	if (render_picture(im->r, v->x0, v->y0, W * v->scale, H * v->scale,
	    1 / v->scale, &im->stretch, &pic, err, sizeof err) != 0) {
		fprintf(stderr, "pixels: %s\n", err);
		exit(1);
	}
	t1 = ms();
	c1 = cpu_ms();
	buf_init(&out);
	buf_init(&png);
	if (p == GFX_SIXEL)
		gfx_sixel(pic.rgb, pic.w, pic.h, NULL, 0, 256, &out, err,
		    sizeof err);
	else {
		gfx_png(pic.rgb, pic.w, pic.h, &png, err, sizeof err);
		if (p == GFX_KITTY)
			gfx_kitty_send(&out, (uint8_t *)png.data, png.len, 1,
			    cols, rows, 1, 0);
		else
			gfx_iterm(&out, (uint8_t *)png.data, png.len, cols,
			    rows, 0);
	}
	*tread = t1 - t0;
	*tenc = ms() - t1;
	*cread = c1 - c0;
	*cenc = cpu_ms() - c1;
	n = out.len;
	buf_free(&out);
	buf_free(&png);
	picture_free(&pic);
	return n;
}

int
main(int argc, char **argv)
{
	static const int protos[] = { GFX_SIXEL, GFX_KITTY, GFX_ITERM };
	struct imagery	 im;
	struct viewport	 v, fit;
	char		 err[512];
	double		 tr[64], te[64], tt[64], cr[64], ce[64];
	size_t		 bytes = 0;
	int		 cols = 200, rows = 60, cw = 10, ch = 20, runs = 9;
	int		 i, k, pan, W, H;

	if (argc < 2) {
		fprintf(stderr, "usage: pixels IMAGE [COLSxROWS [CWxCH "
		    "[RUNS]]]\n");
		return 2;
	}
	if ((argc > 2 && sscanf(argv[2], "%dx%d", &cols, &rows) != 2) ||
	    (argc > 3 && sscanf(argv[3], "%dx%d", &cw, &ch) != 2) ||
	    (argc > 4 && ((runs = atoi(argv[4])) < 1 || runs > 64)))
		return 2;
	if (imagery_open_file(argv[1], NULL, 0, &im, err, sizeof err) != 0) {
		fprintf(stderr, "pixels: %s\n", err);
		return 1;
	}
	W = cols * cw;
	H = rows * ch;
	memset(&fit, 0, sizeof fit);
	fit.cols = W;
	fit.rows = (H + 1) / 2;
	view_fit(&fit, raster_width(im.r), raster_height(im.r));
	for (pan = 0; pan < 2; pan++)
		for (k = 0; k < 3; k++) {
			for (i = 0; i < runs; i++) {
				v = fit;
				if (pan) {	/* 1:1, a pan of 3 cells a step */
					v.scale = 1;
					view_center(&v, raster_width(im.r) /
					    2.0 + 3 * cw * i, raster_height(
					    im.r) / 2.0);
				}
				bytes = one(&im, &v, W, H, protos[k], cols,
				    rows, &tr[i], &te[i], &cr[i], &ce[i]);
				tt[i] = tr[i] + te[i];
			}
			qsort(tr, (size_t)runs, sizeof *tr, cmp);
			qsort(te, (size_t)runs, sizeof *te, cmp);
			qsort(tt, (size_t)runs, sizeof *tt, cmp);
			qsort(cr, (size_t)runs, sizeof *cr, cmp);
			qsort(ce, (size_t)runs, sizeof *ce, cmp);
			printf("%-5s %-3s %dx%d px: %8zu bytes, read %.1f ms, "
			    "encode %.1f ms, total %.1f ms; cpu read %.1f + "
			    "encode %.1f = %.1f ms\n",
			    gfx_name(protos[k]), pan ? "pan" : "fit", W, H,
			    bytes, tr[runs / 2], te[runs / 2], tt[runs / 2],
			    cr[runs / 2], ce[runs / 2], cr[runs / 2] +
			    ce[runs / 2]);
		}
	imagery_close(&im);
	return 0;
}
