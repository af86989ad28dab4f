/*
 * pixels.c: in-process time and bytes of one terminal picture per
 * protocol, the way the TUI makes them (tui/pixels.c), for a pane of
 * COLSxROWS cells of CWxCH pixels:
 *   first  the view read whole (fit), the sixel palette fitted, encoded;
 *   next   the next date: its view was read and its palette fitted in the
 *          read-ahead, so only the encoding (buffers kept) is timed;
 *   pan    a half-screen pan at 1:1: the held picture copied, the half
 *          it brings in read, encoded with the view's palette.
 * Median of RUNS runs each, wall clock and CPU time (the machine's other
 * load inflates the first, not the second). Then the fit picture's PNG
 * as gfx.c makes it (libdeflate level 1, rows unfiltered) beside the
 * libpng writer it replaced (zlib level 1, the Up filter): bytes, CPU.
 *   Usage: bench/pixels IMAGE [COLSxROWS [CWxCH [RUNS]]]
 */
#include <png.h>
#include <setjmp.h>
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

static double
median(double *v, int n)
{
	qsort(v, (size_t)n, sizeof *v, cmp);
	return v[n / 2];
}

static void
die(const char *err)
{
	fprintf(stderr, "pixels: %s\n", err);
	exit(1);
}

/* pic through protocol p, with the palette and buffers kept: bytes. */
static size_t
encode(struct gfx_work *wk, struct gfx_palette *pal, struct picture *pic,
    int p, int cols, int rows)
{
	struct buf	 out, png;
	char		 err[512];
	size_t		 n;

	buf_init(&out);
	buf_init(&png);
	if (p == GFX_SIXEL) {
		if (gfx_sixel_pal(wk, pal, pic->rgb, pic->w, pic->h, NULL, 0,
		    &out, err, sizeof err) != 0)
			die(err);
	} else {
		if (gfx_png_work(wk, pic->rgb, pic->w, pic->h, &png, err,
		    sizeof err) != 0)
			die(err);
		if (p == GFX_KITTY)
			gfx_kitty_send(&out, (uint8_t *)png.data, png.len, 1,
			    cols, rows, 1, 0);
		else
			gfx_iterm(&out, (uint8_t *)png.data, png.len, cols,
			    rows, 0);
	}
	n = out.len;
	buf_free(&out);
	buf_free(&png);
	return n;
}

static void
png_to_buf(png_structp png, png_bytep data, png_size_t n)
{
	buf_add(png_get_io_ptr(png), data, n);
}

static void
png_flush_none(png_structp png)
{
	(void)png;
}

/* pic as a PNG the way gfx.c made it before libdeflate: bytes. */
static size_t
png_libpng(const struct picture *pic)
{
	png_structp	 png;
	png_infop	 info;
	struct buf	 out;
	size_t		 n;
	int		 y;

	buf_init(&out);
	png = png_create_write_struct(PNG_LIBPNG_VER_STRING, NULL, NULL, NULL);
	info = png ? png_create_info_struct(png) : NULL;
	if (png == NULL || info == NULL || setjmp(png_jmpbuf(png)) != 0)
		die("libpng failed");
	png_set_write_fn(png, &out, png_to_buf, png_flush_none);
	png_set_compression_level(png, 1);
	png_set_filter(png, PNG_FILTER_TYPE_BASE, PNG_FILTER_UP);
	png_set_IHDR(png, info, (png_uint_32)pic->w, (png_uint_32)pic->h, 8,
	    PNG_COLOR_TYPE_RGB, PNG_INTERLACE_NONE,
	    PNG_COMPRESSION_TYPE_DEFAULT, PNG_FILTER_TYPE_DEFAULT);
	png_write_info(png, info);
	for (y = 0; y < pic->h; y++)
		png_write_row(png, (png_const_bytep)(pic->rgb +
		    (size_t)y * (size_t)pic->w * 3));
	png_write_end(png, info);
	png_destroy_write_struct(&png, &info);
	n = out.len;
	buf_free(&out);
	return n;
}

/* The fit picture's PNG both ways: median CPU and bytes. */
static void
png_compare(struct gfx_work *wk, const struct picture *pic, int runs)
{
	struct buf	 out;
	double		 cpu[64], c0;
	char		 err[512];
	size_t		 bytes = 0;
	int		 i, way;

	for (way = 0; way < 2; way++) {
		for (i = 0; i < runs; i++) {
			c0 = cpu_ms();
			if (way == 0) {
				buf_init(&out);
				if (gfx_png_work(wk, pic->rgb, pic->w, pic->h,
				    &out, err, sizeof err) != 0)
					die(err);
				bytes = out.len;
				buf_free(&out);
			} else
				bytes = png_libpng(pic);
			cpu[i] = cpu_ms() - c0;
		}
		printf("png   %-9s %dx%d px: %8zu bytes, cpu %5.1f ms\n",
		    way == 0 ? "libdeflate" : "libpng", pic->w, pic->h, bytes,
		    median(cpu, runs));
	}
}

static void
read_view(struct imagery *im, const struct viewport *v, int x, int y, int w,
    int h, struct picture *pic)
{
	char	 err[512];

	if (render_picture(im->r, v->x0 + x * v->scale, v->y0 + y * v->scale,
	    w * v->scale, h * v->scale, 1 / v->scale, &im->stretch, pic, err,
	    sizeof err) != 0)
		die(err);
}

/* A half-screen pan right from held picture o (view v): the new view's
 * picture, o's right half copied, the rest read. */
static void
pan(struct imagery *im, const struct viewport *v, const struct picture *o,
    struct picture *pic)
{
	struct viewport	 nv = *v;
	struct picture	 half;
	int		 dx = o->w / 2, y, W = o->w;

	nv.x0 += dx * v->scale;
	pic->w = o->w;
	pic->h = o->h;
	pic->rgb = xreallocarray(NULL, (size_t)o->w * (size_t)o->h, 3);
	read_view(im, &nv, W - dx, 0, dx, o->h, &half);
	for (y = 0; y < o->h; y++) {
		memcpy(pic->rgb + (size_t)y * W * 3, o->rgb + ((size_t)y * W +
		    (size_t)dx) * 3, (size_t)(W - dx) * 3);
		memcpy(pic->rgb + ((size_t)y * W + (size_t)(W - dx)) * 3,
		    half.rgb + (size_t)y * (size_t)dx * 3, (size_t)dx * 3);
	}
	picture_free(&half);
}

int
main(int argc, char **argv)
{
	static const int protos[] = { GFX_SIXEL, GFX_KITTY, GFX_ITERM };
	static const char *const what[] = { "first", "next", "pan" };
	struct imagery		 im;
	struct viewport		 v, fit, one;
	struct gfx_work		 wk;
	struct gfx_palette	*pal;
	struct picture		 base, held, pic;
	char			 err[512];
	double			 wall[64], cpu[64], t0, c0;
	size_t			 bytes = 0;
	int			 cols = 200, rows = 60, cw = 10, ch = 20, runs = 9;
	int			 i, k, m, W, H;

	if (argc < 2) {
		fprintf(stderr, "usage: pixels IMAGE [COLSxROWS [CWxCH "
		    "[RUNS]]]\n");
		return 2;
	}
	if ((argc > 2 && sscanf(argv[2], "%dx%d", &cols, &rows) != 2) ||
	    (argc > 3 && sscanf(argv[3], "%dx%d", &cw, &ch) != 2) ||
	    (argc > 4 && ((runs = atoi(argv[4])) < 1 || runs > 64)))
		return 2;
	if (imagery_open_file(argv[1], NULL, 0, &im, err, sizeof err) != 0)
		die(err);
	W = cols * cw;
	H = rows * ch;
	memset(&fit, 0, sizeof fit);
	fit.cols = W;
	fit.rows = (H + 1) / 2;
	view_fit(&fit, raster_width(im.r), raster_height(im.r));
	one = fit;
	one.scale = 1;
	view_center(&one, raster_width(im.r) / 2.0 - W / 4.0,
	    raster_height(im.r) / 2.0);
	pal = xcalloc(1, sizeof *pal);
	memset(&wk, 0, sizeof wk);
	read_view(&im, &fit, 0, 0, W, H, &base);
	read_view(&im, &one, 0, 0, W, H, &held);
	for (k = 0; k < 3; k++)
		for (m = 0; m < 3; m++) {
			/* next and pan: the palette is the view's already */
			if (protos[k] == GFX_SIXEL && m != 0)
				gfx_palette_fit(pal, m == 1 ? base.rgb :
				    held.rgb, W, H, 2, NULL, 0, 240);
			for (i = 0; i < runs; i++) {
				v = m == 2 ? one : fit;
				t0 = ms();
				c0 = cpu_ms();
				if (m == 0)
					read_view(&im, &v, 0, 0, W, H, &pic);
				else if (m == 1)
					pic = base;
				else
					pan(&im, &v, &held, &pic);
				if (protos[k] == GFX_SIXEL && m == 0)
					gfx_palette_fit(pal, pic.rgb, W, H, 2,
					    NULL, 0, 240);
				bytes = encode(&wk, pal, &pic, protos[k], cols,
				    rows);
				wall[i] = ms() - t0;
				cpu[i] = cpu_ms() - c0;
				if (m != 1)
					picture_free(&pic);
			}
			printf("%-5s %-5s %dx%d px: %8zu bytes, wall %5.1f ms, "
			    "cpu %5.1f ms\n", gfx_name(protos[k]), what[m], W,
			    H, bytes, median(wall, runs), median(cpu, runs));
		}
	png_compare(&wk, &base, runs);
	picture_free(&base);
	picture_free(&held);
	gfx_work_free(&wk);
	free(pal);
	imagery_close(&im);
	return 0;
}
