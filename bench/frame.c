/*
 * frame.c: in-process frame time for the steps an analyst takes (pan by a
 * few cells, pan half a screen, zoom in and out around the cursor, fit),
 * read + cells, on a large image. Target: under 10 ms a step.
 *   Usage: bench/frame IMAGE [COLSxROWS]
 */
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

static int
cmp(const void *a, const void *b)
{
	double	 x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

int
main(int argc, char **argv)
{
	struct imagery	 im;
	struct viewport	 v;
	struct frame	 f;
	struct grid	 g;
	char		 err[512];
	double		 t[400], t0, cx, cy;
	int		 cols = 200, rows = 60, n = 0, i, step, w, h;

	if (argc < 2) {
		fprintf(stderr, "usage: frame IMAGE [COLSxROWS]\n");
		return 2;
	}
	if (argc > 2 && sscanf(argv[2], "%dx%d", &cols, &rows) != 2)
		return 2;
	if (imagery_open_file(argv[1], NULL, 0, &im, err, sizeof err) != 0) {
		fprintf(stderr, "frame: %s\n", err);
		return 1;
	}
	w = raster_width(im.r);
	h = raster_height(im.r);
	memset(&v, 0, sizeof v);
	v.cols = cols;
	v.rows = rows;
	view_fit(&v, w, h);
	frame_init(&f);
	grid_init(&g, cols, rows, COLOUR_256, 0);
	for (step = 0; step < 200; step++) {
		cx = v.x0 + v.cols * v.scale / 2;
		cy = v.y0 + v.rows * v.scale;
		switch (step % 10) {
		case 0:
		case 1:
			view_zoom(&v, 2, cx, cy);
			break;
		case 2:
		case 3:
		case 4:
			view_pan_cells(&v, 10, 0);
			break;
		case 5:
			view_pan_cells(&v, 0, rows / 2);
			break;
		case 6:
			view_pan_cells(&v, 0, 1);
			break;
		case 7:
			view_zoom(&v, 0.5, cx, cy);
			break;
		case 8:
			view_pan_cells(&v, -cols / 2, 0);
			break;
		default:
			if (step % 50 == 49)
				view_fit(&v, w, h);
			else
				view_pan_cells(&v, 3, -2);
		}
		view_clamp(&v, w, h);
		t0 = ms();
		if (render_read(im.r, &v, &im.stretch, &f, err, sizeof err)
		    != 0) {
			fprintf(stderr, "frame: %s\n", err);
			return 1;
		}
		render_cells(&f, &g);
		t[n++] = ms() - t0;
	}
	qsort(t, (size_t)n, sizeof *t, cmp);
	printf("frame (read + cells) at %dx%d over %d pan/zoom steps: median "
	    "%.2f ms, 95%% %.2f ms, max %.2f ms (target < 10 ms)\n", cols,
	    rows, n, t[n / 2], t[n * 95 / 100], t[n - 1]);
	grid_free(&g);
	frame_free(&f);
	imagery_close(&im);
	for (i = 0; i < n && t[i] < 10; i++)
		;
	return t[n * 95 / 100] < 10 ? 0 : 1;
}
