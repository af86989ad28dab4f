/*
 * test-render.c: rasters to cells. Fixtures are made here with GDAL;
 * ../shared/data suites are read where present.
 */
#include <dirent.h>
#include <math.h>
#include <png.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "../../render/gdal-api.h"
#include "../../render/render.h"
#include "../../util/util.h"
#include "tmpdir.h"

static char	 err[512];

static int
setup(void **state)
{
	if (tmpdir_setup(state) != 0)
		return -1;
	return render_init(err, sizeof err);
}

/* A w x h GeoTIFF of `type` whose band b pixel (x, y) is fn(b, x, y). */
static void
make_tif(const char *path, int w, int h, int bands, GDALDataType type,
    double (*fn)(int, int, int), double nodata)
{
	GDALDatasetH	 ds;
	double		*row;
	int		 b, x, y;

	ds = G(GDALCreate)(G(GDALGetDriverByName)("GTiff"), path, w, h, bands,
	    type, NULL);
	assert_non_null(ds);
	row = xcalloc((size_t)w, sizeof *row);
	for (b = 1; b <= bands; b++) {
		if (!isnan(nodata))
			G(GDALSetRasterNoDataValue)(G(GDALGetRasterBand)(ds, b),
			    nodata);
		for (y = 0; y < h; y++) {
			for (x = 0; x < w; x++)
				row[x] = fn(b, x, y);
			assert_int_equal(G(GDALRasterIO)(G(GDALGetRasterBand)(
			    ds, b), GF_Write, 0, y, w, 1, row, w, 1,
			    GDT_Float64, 0, 0), CE_None);
		}
	}
	free(row);
	G(GDALClose)(ds);
}

static double
px_rgb(int b, int x, int y)
{
	return b == 1 ? x * 40 : b == 2 ? y * 30 : 100;
}

static void
open_identity(const char *path, struct raster **r, struct stretch *s)
{
	int	 band[3];
	int	 n;

	*r = render_open(path, err, sizeof err);
	if (*r == NULL)
		fail_msg("%s", err);
	n = raster_default_bands(*r, band);
	raster_type_stretch(*r, band, n, s);
}

static void
read_view(struct raster *r, const struct stretch *s, double x0, double y0,
    double scale, int cols, int rows, struct frame *f, struct grid *g,
    int mode)
{
	struct viewport	 v = { x0, y0, scale, cols, rows };

	if (render_read(r, &v, s, f, err, sizeof err) != 0)
		fail_msg("%s", err);
	assert_int_equal(grid_init(g, cols, rows, mode, 0), 0);
	render_cells(f, g);
}

/* At scale 1, cell (c, r) shows pixel (c, 2r) on top and (c, 2r+1) below. */
static void
test_half_block_exact(void **state)
{
	struct raster	*r;
	struct stretch	 s;
	struct frame	 f;
	struct grid	 g;
	char		 path[TMPDIR_LEN];
	int		 c, row;

	(void)state;
	tmpdir_path(path, sizeof path, tmp_dir, "rgb.tif");
	make_tif(path, 6, 8, 3, GDT_Byte, px_rgb, NAN);
	open_identity(path, &r, &s);
	frame_init(&f);
	read_view(r, &s, 0, 0, 1, 6, 4, &f, &g, COLOUR_TRUE);
	for (row = 0; row < 4; row++)
		for (c = 0; c < 6; c++) {
			assert_int_equal(grid_at(&g, c, row)->top, CELL_RGB |
			    (c * 40) << 16 | (2 * row * 30) << 8 | 100);
			assert_int_equal(grid_at(&g, c, row)->bottom, CELL_RGB |
			    (c * 40) << 16 | ((2 * row + 1) * 30) << 8 | 100);
		}
	grid_free(&g);
	/* Zoomed in 2x: each pixel is 2 x 2 screen pixels, one whole cell. */
	read_view(r, &s, 0, 0, 0.5, 12, 8, &f, &g, COLOUR_TRUE);
	for (row = 0; row < 8; row++)
		for (c = 0; c < 12; c++) {
			int32_t want = CELL_RGB | (c / 2 * 40) << 16 |
			    (row * 30) << 8 | 100;

			assert_int_equal(grid_at(&g, c, row)->top, want);
			assert_int_equal(grid_at(&g, c, row)->bottom, want);
		}
	grid_free(&g);
	/* Zoomed out 2x: each screen pixel is the mean of a 2 x 2 block. */
	read_view(r, &s, 0, 0, 2, 3, 1, &f, &g, COLOUR_TRUE);
	assert_int_equal(grid_at(&g, 1, 0)->top, CELL_RGB | 100 << 16 |
	    15 << 8 | 100);
	assert_int_equal(grid_at(&g, 1, 0)->bottom, CELL_RGB | 100 << 16 |
	    75 << 8 | 100);
	grid_free(&g);
	frame_free(&f);
	render_close(r);
}

static double
px_pure(int b, int x, int y)
{
	/* red, green / blue, mid gray */
	static const double c[4][3] = { { 255, 0, 0 }, { 0, 255, 0 },
	    { 0, 0, 255 }, { 128, 128, 128 } };

	return c[y * 2 + x][b - 1];
}

/* The same 2 x 2 image in every colour mode. */
static void
test_modes_golden(void **state)
{
	static const struct {
		int	 mode;
		int32_t	 want[4];
	} golden[] = {
		{ COLOUR_TRUE, { CELL_RGB | 0xff0000, CELL_RGB | 0x00ff00,
		    CELL_RGB | 0x0000ff, CELL_RGB | 0x808080 } },
		{ COLOUR_256, { 196, 46, 21, 244 } },
		{ COLOUR_16, { 9, 10, 4, 8 } },
		{ COLOUR_8, { 1, 2, 4, 7 } },
		{ COLOUR_MONO, { 76, 149, 29, 128 } },
	};
	struct raster	*r;
	struct stretch	 s;
	struct frame	 f;
	struct grid	 g;
	char		 path[TMPDIR_LEN];
	size_t		 i;

	(void)state;
	tmpdir_path(path, sizeof path, tmp_dir, "pure.tif");
	make_tif(path, 2, 2, 3, GDT_Byte, px_pure, NAN);
	open_identity(path, &r, &s);
	frame_init(&f);
	for (i = 0; i < QM_NELEM(golden); i++) {
		read_view(r, &s, 0, 0, 1, 2, 1, &f, &g, golden[i].mode);
		assert_int_equal(grid_at(&g, 0, 0)->top, golden[i].want[0]);
		assert_int_equal(grid_at(&g, 1, 0)->top, golden[i].want[1]);
		assert_int_equal(grid_at(&g, 0, 0)->bottom, golden[i].want[2]);
		assert_int_equal(grid_at(&g, 1, 0)->bottom, golden[i].want[3]);
		grid_free(&g);
	}
	/* Not UTF-8: one colour per cell, the pair's mean. */
	{
		struct viewport	 v = { 0, 0, 1, 2, 1 };

		assert_int_equal(render_read(r, &v, &s, &f, err, sizeof err),
		    0);
		grid_init(&g, 2, 1, COLOUR_TRUE, 1);
		render_cells(&f, &g);
		assert_int_equal(grid_at(&g, 0, 0)->top, CELL_RGB | 0x7f007f);
		assert_int_equal(grid_at(&g, 0, 0)->bottom,
		    grid_at(&g, 0, 0)->top);
		grid_free(&g);
	}
	frame_free(&f);
	render_close(r);
}

/* Exact bytes of one small ANSI frame, and glyph choice. */
static void
test_ansi(void **state)
{
	struct grid	 g;
	struct buf	 b;

	(void)state;
	grid_init(&g, 4, 1, COLOUR_256, 0);
	g.cells[0].top = 196;		/* red over blue: ▀ */
	g.cells[0].bottom = 21;
	g.cells[1].top = 21;		/* blue over red: ▄ keeps fg red */
	g.cells[1].bottom = 196;
	g.cells[2].top = g.cells[2].bottom = 21;	/* bg already blue */
	g.cells[3].top = CELL_DEFAULT;	/* background over red */
	g.cells[3].bottom = 196;
	buf_init(&b);
	render_ansi(&g, &b);
	assert_string_equal(b.data, "\033[38;5;196;48;5;21m\xe2\x96\x80"
	    "\xe2\x96\x84 \033[49m\xe2\x96\x84\033[0m\n");
	buf_free(&b);
	grid_free(&g);

	grid_init(&g, 3, 1, COLOUR_MONO, 0);
	g.cells[0].top = g.cells[0].bottom = 255;
	g.cells[1].top = g.cells[1].bottom = 0;
	g.cells[2].ch = 'A';
	buf_init(&b);
	render_ansi(&g, &b);
	assert_string_equal(b.data, "@ A\n");	/* no escapes at all */
	buf_free(&b);
	grid_free(&g);
}

/*
 * Colour reuse: a neighbour's colour is taken when nearly as close as the
 * best, never when it is visibly wrong; a noisy flat area comes out in
 * fewer bytes, with the error hardly changed.
 */
static void
test_colour_reuse(void **state)
{
	struct frame	 f;
	struct grid	 g;
	struct buf	 b;
	int32_t		 prefer[2], best, got;
	uint8_t		 q[3];
	size_t		 plain;
	int		 i, x, y;
	unsigned	 seed = 7;

	(void)state;
	/* 115 lies between cube levels 95 and 135: either will do */
	best = colour_quantize(COLOUR_256, 115, 40, 40, 0);
	prefer[0] = 16 + 36 * 1 + 0 + 0;	/* 95,0,0 */
	prefer[1] = 16 + 36 * 2;		/* 135,0,0 */
	got = colour_quantize_near(COLOUR_256, 115, 40, 40, 0, prefer, 2);
	assert_true(got == best || got == prefer[0] || got == prefer[1]);
	/* pure red is never taken for a gray, nor black for white */
	prefer[0] = 196;
	prefer[1] = 16;
	assert_int_equal(colour_quantize_near(COLOUR_256, 128, 128, 128, 0,
	    prefer, 2), colour_quantize(COLOUR_256, 128, 128, 128, 0));
	assert_int_equal(colour_quantize_near(COLOUR_256, 250, 250, 250, 0,
	    prefer, 2), colour_quantize(COLOUR_256, 250, 250, 250, 0));
	/* truecolour is exact, always */
	assert_int_equal(colour_quantize_near(COLOUR_TRUE, 1, 2, 3, 0, prefer,
	    2), colour_quantize(COLOUR_TRUE, 1, 2, 3, 0));
	/* whatever is picked is within a cube step of the pixel */
	for (i = 0; i < 2000; i++) {
		uint8_t	 r = (uint8_t)rand_r(&seed), gg = (uint8_t)rand_r(&seed),
			 bb = (uint8_t)rand_r(&seed);

		prefer[0] = 16 + rand_r(&seed) % 240;
		prefer[1] = 16 + rand_r(&seed) % 240;
		got = colour_quantize_near(COLOUR_256, r, gg, bb, 0, prefer, 2);
		colour_rgb(COLOUR_256, got, q);
		assert_true(abs(q[0] - r) <= 60 && abs(q[1] - gg) <= 60 &&
		    abs(q[2] - bb) <= 60);
	}

	/* a flat sea with noise: fewer bytes than pixel by pixel */
	frame_init(&f);
	f.w = 80;
	f.h = 40;
	f.rgb = xcalloc((size_t)f.w * f.h, 3);
	f.valid = xcalloc((size_t)f.w * f.h, 1);
	for (i = 0; i < f.w * f.h; i++) {
		/* each channel across a cube boundary (115, 155) */
		f.rgb[3 * i] = (uint8_t)(100 + rand_r(&seed) % 30);
		f.rgb[3 * i + 1] = (uint8_t)(100 + rand_r(&seed) % 30);
		f.rgb[3 * i + 2] = (uint8_t)(140 + rand_r(&seed) % 30);
		f.valid[i] = 1;
	}
	grid_init(&g, 80, 20, COLOUR_256, 0);
	for (y = 0; y < 20; y++)
		for (x = 0; x < 80; x++) {
			uint8_t	*t = f.rgb + 3 * ((2 * y) * 80 + x);
			uint8_t	*u = t + 3 * 80;

			grid_at(&g, x, y)->top = colour_quantize(COLOUR_256,
			    t[0], t[1], t[2], 0);
			grid_at(&g, x, y)->bottom = colour_quantize(COLOUR_256,
			    u[0], u[1], u[2], 0);
		}
	buf_init(&b);
	render_ansi(&g, &b);
	plain = b.len;
	render_cells(&f, &g);
	buf_reset(&b);
	render_ansi(&g, &b);
	assert_true(b.len * 10 < plain * 8);	/* at least 20 % fewer */
	buf_free(&b);
	grid_free(&g);
	frame_free(&f);
}

static int
painted(struct grid *g, int sx, int sy, int32_t c)
{
	struct cell	*cell = grid_at(g, sx, sy / 2);

	return cell != NULL && (sy % 2 ? cell->bottom : cell->top) == c;
}

static void
test_overlay(void **state)
{
	struct grid		 g;
	struct viewport		 v = { 0, 0, 1, 30, 12 };
	struct overlay_mark	 m;
	int32_t			 red;
	int			 x, y;

	(void)state;
	grid_init(&g, 30, 12, COLOUR_TRUE, 0);
	memset(&m, 0, sizeof m);
	m.kind = SHAPE_BOX;
	m.cx = 10;
	m.cy = 10;
	m.w = 8;
	m.h = 6;
	m.rgb[0] = 255;
	overlay_mark(&g, &v, &m);
	red = CELL_RGB | 0xff0000;
	for (x = 6; x <= 14; x++) {
		assert_true(painted(&g, x, 7, red));	/* top edge */
		assert_true(painted(&g, x, 13, red));	/* bottom edge */
	}
	for (y = 7; y <= 13; y++) {
		assert_true(painted(&g, 6, y, red));
		assert_true(painted(&g, 14, y, red));
	}
	for (y = 8; y <= 12; y++)
		for (x = 7; x <= 13; x++)
			assert_false(painted(&g, x, y, red));	/* inside */
	assert_false(painted(&g, 5, 7, red));
	assert_false(painted(&g, 15, 10, red));
	grid_free(&g);

	/* A rotated box at 90 degrees is the box with w and h swapped. */
	grid_init(&g, 30, 12, COLOUR_TRUE, 0);
	m.kind = SHAPE_RBOX;
	m.w = 6;
	m.h = 8;
	m.angle = 90;
	m.label = "Angara\x1b[2J";
	overlay_mark(&g, &v, &m);
	assert_true(painted(&g, 6, 7, red));
	assert_true(painted(&g, 14, 13, red));
	assert_true(painted(&g, 6, 13, red));
	/* the label sits above the box, escape made harmless */
	assert_int_equal(grid_at(&g, 6, 2)->ch, 'A');
	assert_int_equal(grid_at(&g, 12, 2)->ch, '?');
	grid_free(&g);
}

/*
 * A dense harbour at fit zoom (issue 18): a boat two screen pixels long
 * is marked by four dots outside it, never an outline that covers it;
 * a label that would cover another one gives way.
 */
static void
test_overlay_dense(void **state)
{
	struct grid		 g;
	struct viewport		 v = { 0, 0, 8, 30, 12 };
	struct overlay_mark	 m;
	int32_t			 red = CELL_RGB | 0xff0000;

	(void)state;
	grid_init(&g, 30, 12, COLOUR_TRUE, 0);
	memset(&m, 0, sizeof m);
	m.kind = SHAPE_RBOX;
	m.cx = 80;	/* screen pixel 10 */
	m.cy = 80;
	m.w = 16;	/* two screen pixels */
	m.h = 8;
	m.angle = 10;
	m.rgb[0] = 255;
	m.label = "Angara";
	overlay_mark(&g, &v, &m);
	assert_false(painted(&g, 9, 9, red));	/* the boat stays in sight */
	assert_false(painted(&g, 10, 10, red));
	assert_true(painted(&g, 7, 8, red) || painted(&g, 8, 8, red));
	assert_true(painted(&g, 11, 11, red) || painted(&g, 12, 11, red));
	assert_int_equal(grid_at(&g, 8, 3)->ch, 'A');
	/* its neighbour's label would cover "Angara": it gives way */
	m.cx = 96;
	m.label = "Lady R";
	overlay_mark(&g, &v, &m);
	assert_int_equal(grid_at(&g, 8, 3)->ch, 'A');
	assert_int_equal(grid_at(&g, 10, 3)->ch, 'g');
	grid_free(&g);
}

static double
px_u16(int b, int x, int y)
{
	(void)b;
	(void)y;
	return 1000 + x * 20;	/* 1000 .. 2980 */
}

static void
test_stretch_uint16(void **state)
{
	struct raster	*r;
	struct stretch	 s, back;
	struct frame	 f;
	struct grid	 g;
	char		 path[TMPDIR_LEN], *json;
	int		 band = 1;

	(void)state;
	tmpdir_path(path, sizeof path, tmp_dir, "u16.tif");
	make_tif(path, 100, 10, 1, GDT_UInt16, px_u16, NAN);
	r = render_open(path, err, sizeof err);
	assert_non_null(r);
	assert_int_equal(raster_compute_stretch(r, &band, 1, &s, err,
	    sizeof err), 0);
	/* 2 % and 98 % of 1000..2980: about 1040 and 2940 */
	assert_true(fabs(s.lo[0] - 1040) < 25);
	assert_true(fabs(s.hi[0] - 2960) < 25);
	json = render_stretch_json(&s);
	assert_int_equal(render_stretch_parse(json, &back), 0);
	assert_true(back.lo[0] == s.lo[0] && back.hi[0] == s.hi[0]);
	free(json);
	assert_int_equal(render_stretch_parse("{\"bands\":[1],\"lo\":[5],"
	    "\"hi\":[5],\"gamma\":1}", &back), -1);
	frame_init(&f);
	read_view(r, &s, 0, 0, 1, 100, 1, &f, &g, COLOUR_TRUE);
	assert_int_equal(f.rgb[0], 0);			/* below lo */
	assert_int_equal(f.rgb[3 * 99], 255);		/* above hi */
	assert_true(abs((int)f.rgb[3 * 50] - 128) < 8);	/* the middle */
	assert_true(f.gray);
	grid_free(&g);
	frame_free(&f);
	render_close(r);
}

static double
px_index(int b, int x, int y)
{
	(void)b;
	return (x + y) % 6;	/* 4 and 5 point past a 4-entry palette */
}

static void
test_palette_and_nodata(void **state)
{
	struct raster	*r;
	struct stretch	 s;
	struct frame	 f;
	struct grid	 g;
	FILE		*fp;
	char		 path[TMPDIR_LEN], vrt[TMPDIR_LEN];
	int		 i, band[3], n;

	(void)state;
	/* A TIFF colormap always has 256 entries; a VRT keeps four. */
	tmpdir_path(path, sizeof path, tmp_dir, "idx.tif");
	make_tif(path, 6, 2, 1, GDT_Byte, px_index, NAN);
	tmpdir_path(vrt, sizeof vrt, tmp_dir, "pal.vrt");
	fp = fopen(vrt, "w");
	assert_non_null(fp);
	fprintf(fp, "<VRTDataset rasterXSize=\"6\" rasterYSize=\"2\">"
	    "<VRTRasterBand dataType=\"Byte\" band=\"1\">"
	    "<ColorInterp>Palette</ColorInterp><ColorTable>");
	for (i = 0; i < 4; i++)
		fprintf(fp, "<Entry c1=\"%d\" c2=\"20\" c3=\"30\" "
		    "c4=\"255\"/>", i * 50);
	fprintf(fp, "</ColorTable><SimpleSource><SourceFilename "
	    "relativeToVRT=\"0\">%s</SourceFilename><SourceBand>1"
	    "</SourceBand></SimpleSource></VRTRasterBand></VRTDataset>\n",
	    path);
	fclose(fp);
	snprintf(path, sizeof path, "%s", vrt);
	r = render_open(path, err, sizeof err);
	assert_non_null(r);
	n = raster_default_bands(r, band);
	assert_int_equal(raster_compute_stretch(r, band, n, &s, err,
	    sizeof err), 0);
	frame_init(&f);
	read_view(r, &s, 0, 0, 1, 6, 1, &f, &g, COLOUR_TRUE);
	assert_int_equal(grid_at(&g, 3, 0)->top, CELL_RGB | 150 << 16 |
	    20 << 8 | 30);
	assert_int_equal(grid_at(&g, 4, 0)->top, CELL_DEFAULT);	/* past end */
	assert_int_equal(grid_at(&g, 5, 0)->top, CELL_DEFAULT);
	grid_free(&g);
	frame_free(&f);
	render_close(r);

	tmpdir_path(path, sizeof path, tmp_dir, "nodata.tif");
	make_tif(path, 6, 2, 1, GDT_Byte, px_index, 0);
	open_identity(path, &r, &s);
	frame_init(&f);
	read_view(r, &s, 0, 0, 1, 6, 1, &f, &g, COLOUR_TRUE);
	assert_int_equal(grid_at(&g, 0, 0)->top, CELL_DEFAULT);	/* 0: nodata */
	assert_int_not_equal(grid_at(&g, 1, 0)->top, CELL_DEFAULT);
	grid_free(&g);
	frame_free(&f);
	render_close(r);
}

static double
px_ramp(int b, int x, int y)
{
	(void)b;
	return (x * 7 + y * 3) % 256;
}

/* Every zoom level, odd sizes, views hanging off every edge. */
static void
test_viewport_edges(void **state)
{
	static const double scales[] = { 0.125, 0.25, 0.5, 1, 2, 4, 8, 16 };
	struct raster	*r;
	struct stretch	 s;
	struct frame	 f;
	struct viewport	 v;
	char		 path[TMPDIR_LEN];
	double		 x0, y0, sc;
	int		 W = 37, H = 23, i, sx, sy, valid, want, k;

	(void)state;
	tmpdir_path(path, sizeof path, tmp_dir, "odd.tif");
	make_tif(path, W, H, 1, GDT_Byte, px_ramp, NAN);
	open_identity(path, &r, &s);
	frame_init(&f);
	for (i = 0; i < (int)QM_NELEM(scales); i++) {
		for (k = 0; k < 5; k++) {
			sc = scales[i];
			v.cols = 11;
			v.rows = 5;
			v.scale = sc;
			v.x0 = (k - 2) * 7.0;	/* off the left, right ... */
			v.y0 = (2 - k) * 5.0;
			view_snap(&v);
			x0 = v.x0;
			y0 = v.y0;
			if (render_read(r, &v, &s, &f, err, sizeof err) != 0)
				fail_msg("scale %g: %s", sc, err);
			for (sy = 0; sy < 10; sy++)
				for (sx = 0; sx < 11; sx++) {
					double	 a = x0 + sx * sc, b = y0 + sy * sc;

					want = a < W && a + sc > 0 && b < H &&
					    b + sc > 0;
					valid = f.valid[sy * 11 + sx];
					if (valid != want)
						fail_msg("scale %g view %d: "
						    "pixel %d,%d valid %d", sc, k,
						    sx, sy, valid);
					/* zoomed in: the exact source pixel */
					if (want && sc <= 1)
						assert_int_equal(f.rgb[3 * (sy *
						    11 + sx)], (int)px_ramp(1,
						    (int)floor(a), (int)floor(b)));
				}
		}
	}
	/* fit shows the whole image */
	v.cols = 11;
	v.rows = 5;
	view_fit(&v, W, H);
	assert_true(v.scale * 11 >= W && v.scale * 10 >= H);
	assert_true(v.x0 <= 0 && v.y0 <= 0);
	frame_free(&f);
	render_close(r);
}

/* Found by fuzz-tui: copying a grid that could not be made (0 rows). */
static void
test_grid_copy_empty(void **state)
{
	struct grid	 empty, dst;

	(void)state;
	assert_int_equal(grid_init(&empty, 100, 0, COLOUR_256, 0), -1);
	assert_int_equal(grid_init(&dst, 4, 3, COLOUR_256, 0), 0);
	grid_copy(&dst, &empty);
	assert_null(dst.cells);
	assert_int_equal(dst.cols * dst.rows, 0);
	assert_null(grid_at(&dst, 0, 0));
	assert_int_equal(grid_init(&empty, 2, 2, COLOUR_TRUE, 0), 0);
	grid_copy(&dst, &empty);
	assert_non_null(dst.cells);
	assert_int_equal(dst.cols, 2);
	assert_int_equal(dst.mode, COLOUR_TRUE);
	grid_free(&dst);
	grid_free(&empty);
}

static void
test_snapshot_png(void **state)
{
	struct raster		*r;
	struct stretch		 s;
	struct picture		 pic;
	struct overlay_mark	 m;
	char			 path[TMPDIR_LEN], png[TMPDIR_LEN];
	uint8_t			*back;
	int			 w, h, x, y;

	(void)state;
	tmpdir_path(path, sizeof path, tmp_dir, "snap.tif");
	make_tif(path, 6, 8, 3, GDT_Byte, px_rgb, NAN);
	open_identity(path, &r, &s);
	assert_int_equal(render_picture(r, 1, 2, 4, 5, 2, &s, &pic, err,
	    sizeof err), 0);
	assert_int_equal(pic.w, 8);
	assert_int_equal(pic.h, 10);
	tmpdir_path(png, sizeof png, tmp_dir, "snap.png");
	assert_int_equal(render_png_write(png, pic.w, pic.h, 3, pic.rgb, err,
	    sizeof err), 0);
	assert_int_equal(render_png_read(png, &w, &h, &back, err, sizeof err),
	    0);
	assert_int_equal(w, 8);
	assert_int_equal(h, 10);
	for (y = 0; y < h; y++)
		for (x = 0; x < w; x++) {
			assert_int_equal(back[3 * (y * w + x)], (1 + x / 2) *
			    40);
			assert_int_equal(back[3 * (y * w + x) + 1], (2 + y / 2)
			    * 30);
		}
	free(back);
	/* marks are drawn where they are */
	memset(&m, 0, sizeof m);
	m.kind = SHAPE_BOX;
	m.cx = 3;
	m.cy = 4.5;
	m.w = 2;
	m.h = 3;
	m.rgb[1] = 255;
	picture_mark(&pic, 1, 2, 2, &m);
	assert_int_equal(pic.rgb[3 * (2 * 8 + 2) + 1], 255);	/* corner */
	picture_free(&pic);
	render_close(r);
}

/* libpng's own reading of a PNG, as 8-bit RGBA without gamma. */
static int
libpng_rgba(const char *path, int *w, int *h, uint8_t **out)
{
	png_structp	 png;
	png_infop	 info;
	png_bytep	*volatile rows = NULL;
	FILE		*fp;
	uint8_t		*volatile pix = NULL;
	volatile int	 ok = 0;
	int		 y;

	if ((fp = fopen(path, "rb")) == NULL)
		return -1;
	png = png_create_read_struct(PNG_LIBPNG_VER_STRING, NULL, NULL, NULL);
	info = png_create_info_struct(png);
	if (setjmp(png_jmpbuf(png)) == 0) {
		png_init_io(png, fp);
		png_read_info(png, info);
		png_set_expand(png);
		png_set_strip_16(png);
		png_set_gray_to_rgb(png);
		png_set_add_alpha(png, 0xff, PNG_FILLER_AFTER);
		png_set_interlace_handling(png);
		png_read_update_info(png, info);
		*w = (int)png_get_image_width(png, info);
		*h = (int)png_get_image_height(png, info);
		pix = xcalloc((size_t)*w * (size_t)*h, 4);
		rows = xcalloc((size_t)*h, sizeof(png_bytep));
		for (y = 0; y < *h; y++)
			rows[y] = pix + (size_t)y * (size_t)*w * 4;
		png_read_image(png, rows);
		ok = 1;
	}
	png_destroy_read_struct(&png, &info, NULL);
	fclose(fp);
	free(rows);
	if (!ok) {
		free(pix);
		return -1;
	}
	*out = pix;
	return 0;
}

static int
is_png(const struct dirent *d)
{
	size_t	 n = strlen(d->d_name);

	return n > 4 && strcmp(d->d_name + n - 4, ".png") == 0;
}

/* Every valid PngSuite image renders and matches libpng's pixels. */
static void
test_pngsuite(void **state)
{
	struct dirent	**list;
	struct raster	*r;
	struct stretch	 s;
	struct frame	 f;
	struct viewport	 v;
	const char	*suite = getenv("SHARED");
	char		 d[512], path[1024];
	uint8_t		*ref;
	int		 n, i, w, h, x, y, valid = 0, invalid = 0, band[3], nb;

	(void)state;
	snprintf(d, sizeof d, "%s/pngsuite", suite ? suite :
	    "../shared/data");
	if ((n = scandir(d, &list, is_png, alphasort)) < 0) {
		print_message("SKIP %s absent\n", d);
		skip();
	}
	frame_init(&f);
	for (i = 0; i < n; i++) {
		snprintf(path, sizeof path, "%s/%s", d, list[i]->d_name);
		if (list[i]->d_name[0] == 'x') {
			struct render_info	 ri;

			invalid++;
			if (render_probe(path, 0, &ri, err, sizeof err) == 0)
				fail_msg("%s: accepted", path);
			assert_true(strlen(err) > strlen(path) + 2);
			free(list[i]);
			continue;
		}
		valid++;
		if ((r = render_open(path, err, sizeof err)) == NULL)
			fail_msg("%s", err);
		nb = raster_default_bands(r, band);
		raster_type_stretch(r, band, nb, &s);
		assert_int_equal(libpng_rgba(path, &w, &h, &ref), 0);
		assert_int_equal(raster_width(r), w);
		v.x0 = v.y0 = 0;
		v.scale = 1;
		v.cols = w;
		v.rows = (h + 1) / 2;
		if (render_read(r, &v, &s, &f, err, sizeof err) != 0)
			fail_msg("%s: %s", path, err);
		for (y = 0; y < h; y++)
			for (x = 0; x < w; x++) {
				uint8_t	*p = ref + 4 * (y * w + x);
				uint8_t	*q = f.rgb + 3 * (y * w + x);
				int	 ok = f.valid[y * w + x];

				if (ok != (p[3] >= 128))
					fail_msg("%s (%d,%d): shown %d, alpha "
					    "%d", path, x, y, ok, p[3]);
				if (ok && (abs(p[0] - q[0]) > 2 ||
				    abs(p[1] - q[1]) > 2 ||
				    abs(p[2] - q[2]) > 2))
					fail_msg("%s (%d,%d): %d,%d,%d vs libpng "
					    "%d,%d,%d", path, x, y, q[0], q[1],
					    q[2], p[0], p[1], p[2]);
			}
		free(ref);
		render_close(r);
		free(list[i]);
	}
	free(list);
	frame_free(&f);
	assert_int_equal(invalid, 14);
	assert_true(valid >= 161);
}

/*
 * Every valid GDAL test file renders; every corrupt one is refused. A
 * missing folder is a skip that says so, and a folder holding fewer files
 * than the shared set has fails: a pass must have looked at them.
 */
static void
test_gdal_suite(void **state)
{
	static const int	 least[2] = { 50, 10 };
	struct dirent		**list;
	struct raster		*r;
	struct stretch		 s;
	struct frame		 f;
	struct viewport		 v;
	const char		*suite = getenv("SHARED");
	char			 d[512], path[1024];
	int			 n, i, k, band[3], nb, refused, seen;

	(void)state;
	for (k = 0; k < 2; k++) {
		snprintf(d, sizeof d, "%s/gdal/%s", suite ? suite :
		    "../shared/data", k ? "corrupt" : "valid");
		if (access(d, R_OK) != 0) {
			print_message("SKIP %s absent\n", d);
			skip();
		}
	}
	frame_init(&f);
	for (k = 0; k < 2; k++) {
		snprintf(d, sizeof d, "%s/gdal/%s", suite ? suite :
		    "../shared/data", k ? "corrupt" : "valid");
		assert_true((n = scandir(d, &list, NULL, alphasort)) >= 0);
		for (i = seen = 0; i < n; i++) {
			size_t len = strlen(list[i]->d_name);

			if (len < 4 || strcmp(list[i]->d_name + len - 4, ".tif")) {
				free(list[i]);
				continue;
			}
			seen++;
			snprintf(path, sizeof path, "%s/%s", d,
			    list[i]->d_name);
			free(list[i]);
			refused = 1;
			if ((r = render_open(path, err, sizeof err)) != NULL) {
				nb = raster_default_bands(r, band);
				v.cols = 40;
				v.rows = 12;
				view_fit(&v, raster_width(r), raster_height(r));
				refused = raster_compute_stretch(r, band, nb,
				    &s, err, sizeof err) != 0 ||
				    render_read(r, &v, &s, &f, err, sizeof err)
				    != 0;
				render_close(r);
			}
			if (k == 0 && refused)
				fail_msg("valid %s refused: %s", path, err);
			if (k == 1 && !refused)
				fail_msg("corrupt %s rendered", path);
			if (k == 1)
				assert_true(strlen(err) > 0);
		}
		free(list);
		if (seen < least[k])
			fail_msg("%s: %d .tif files, expected at least %d", d,
			    seen, least[k]);
	}
	frame_free(&f);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_half_block_exact),
		cmocka_unit_test(test_modes_golden),
		cmocka_unit_test(test_ansi),
		cmocka_unit_test(test_grid_copy_empty),
		cmocka_unit_test(test_colour_reuse),
		cmocka_unit_test(test_overlay),
		cmocka_unit_test(test_overlay_dense),
		cmocka_unit_test(test_stretch_uint16),
		cmocka_unit_test(test_palette_and_nodata),
		cmocka_unit_test(test_viewport_edges),
		cmocka_unit_test(test_snapshot_png),
		cmocka_unit_test(test_pngsuite),
		cmocka_unit_test(test_gdal_suite),
	};

	return cmocka_run_group_tests(tests, setup, tmpdir_teardown);
}
