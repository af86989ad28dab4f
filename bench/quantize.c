/*
 * quantize.c: what colour reuse (colour_quantize_near) costs and saves.
 * For each image at COLSxROWS, fit: the bytes of the 256-colour ANSI
 * frame and the mean error per channel against the true pixel colours,
 * with each pixel quantized on its own, and as render_cells does it.
 *   Usage: bench/quantize [COLSxROWS] IMAGE...
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../render/render.h"
#include "../imagery/imagery.h"

/* Mean absolute error per channel of the grid against the frame. */
static double
grid_error(const struct grid *g, const struct frame *f)
{
	const struct cell	*c;
	const uint8_t		*p;
	uint8_t			 q[3];
	double			 sum = 0;
	long			 n = 0;
	int			 x, y, k, half;

	for (y = 0; y < g->rows; y++)
		for (x = 0; x < g->cols && x < f->w; x++) {
			c = &g->cells[(size_t)y * (size_t)g->cols + (size_t)x];
			for (half = 0; half < 2; half++) {
				size_t	 i = (size_t)(2 * y + half) *
				    (size_t)f->w + (size_t)x;

				if (2 * y + half >= f->h || !f->valid[i])
					continue;
				colour_rgb(g->mode, half ? c->bottom : c->top,
				    q);
				p = f->rgb + 3 * i;
				for (k = 0; k < 3; k++)
					sum += abs(p[k] - q[k]);
				n += 3;
			}
		}
	return n ? sum / (double)n : 0;
}

int
main(int argc, char **argv)
{
	struct imagery	 im;
	struct viewport	 v;
	struct frame	 f;
	struct grid	 g;
	struct buf	 out;
	char		 err[512];
	size_t		 bytes[2];
	double		 e[2];
	int		 cols = 200, rows = 60, i = 1, x, y;

	if (argc > 1 && sscanf(argv[1], "%dx%d", &cols, &rows) == 2)
		i++;
	if (i >= argc) {
		fprintf(stderr, "usage: quantize [COLSxROWS] IMAGE...\n");
		return 2;
	}
	buf_init(&out);
	for (; i < argc; i++) {
		if (imagery_open_file(argv[i], NULL, 0, &im, err, sizeof err)
		    != 0) {
			fprintf(stderr, "quantize: %s\n", err);
			return 1;
		}
		memset(&v, 0, sizeof v);
		v.cols = cols;
		v.rows = rows;
		view_fit(&v, raster_width(im.r), raster_height(im.r));
		frame_init(&f);
		if (render_read(im.r, &v, &im.stretch, &f, err, sizeof err)
		    != 0) {
			fprintf(stderr, "quantize: %s\n", err);
			return 1;
		}
		grid_init(&g, cols, rows, COLOUR_256, 0);
		/* each pixel on its own */
		for (y = 0; y < rows; y++)
			for (x = 0; x < cols; x++) {
				struct cell *c = grid_at(&g, x, y);
				size_t	 a = (size_t)(2 * y) * (size_t)f.w +
				    (size_t)x, b = a + (size_t)f.w;

				c->top = c->bottom = CELL_DEFAULT;
				if (x < f.w && 2 * y < f.h && f.valid[a])
					c->top = colour_quantize(g.mode,
					    f.rgb[3 * a], f.rgb[3 * a + 1],
					    f.rgb[3 * a + 2], f.gray);
				if (x < f.w && 2 * y + 1 < f.h && f.valid[b])
					c->bottom = colour_quantize(g.mode,
					    f.rgb[3 * b], f.rgb[3 * b + 1],
					    f.rgb[3 * b + 2], f.gray);
			}
		buf_reset(&out);
		render_ansi(&g, &out);
		bytes[0] = out.len;
		e[0] = grid_error(&g, &f);
		/* as the renderer does it */
		render_cells(&f, &g);
		buf_reset(&out);
		render_ansi(&g, &out);
		bytes[1] = out.len;
		e[1] = grid_error(&g, &f);
		printf("%s at %dx%d: each pixel alone %zu bytes (%.2f B/cell), "
		    "error %.2f; with reuse %zu bytes (%.2f B/cell), error "
		    "%.2f\n", argv[i], cols, rows, bytes[0],
		    (double)bytes[0] / (cols * rows), e[0], bytes[1],
		    (double)bytes[1] / (cols * rows), e[1]);
		grid_free(&g);
		frame_free(&f);
		imagery_close(&im);
	}
	buf_free(&out);
	return 0;
}
