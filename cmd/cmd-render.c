/*
 * cmd-render.c: `render` prints one frame of an image as ANSI text (no
 * curses), for scripts, tests and benchmarks; `snapshot` writes a PNG of a
 * window with its marks, for reports.
 */
#include <sys/ioctl.h>

#include <getopt.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cmd.h"
#include "../render/render.h"
#include "../imagery/imagery.h"
#include "../tui/term.h"

/* FILE or --image ID: the imagery, and the store when it is catalogued. */
static int
open_imagery(const char *file, const char *image, const char *bands,
    struct store **st, struct imagery *im, int64_t *id)
{
	char	 err[CMD_ERRLEN];
	int	 band[3], nband = 0;

	*st = NULL;
	*id = 0;
	if (bands != NULL && imagery_parse_bands(bands, band, &nband) != 0)
		return cmd_error("--bands: \"%s\" is not like 3,2,1 or 1",
		    bands);
	if (render_init(err, sizeof err) != 0)
		return cmd_error("%s", err);
	if (image != NULL) {
		if (cmd_parse_id(image, id) != 0)
			return cmd_error("--image: \"%s\" is not an image id",
			    image);
		if ((*st = cmd_open_store(0)) == NULL)
			return EXIT_FAIL;
		if (imagery_open(*st, *id, bands ? band : NULL, nband, im, err,
		    sizeof err) != 0) {
			store_close(*st);
			*st = NULL;
			return cmd_error("image %s: %s", image, err);
		}
		return 0;
	}
	if (imagery_open_file(file, bands ? band : NULL, nband, im, err,
	    sizeof err) != 0)
		return cmd_error("%s", err);
	return 0;
}

static int
parse_window(const char *s, double *w)
{
	return s != NULL && (num_parse_list(s, w, 4) != 0 || w[2] <= 0 ||
	    w[3] <= 0) ? -1 : 0;
}

#define KEEP_MAX	32	/* exact sixel colours: marks, quays */

static const uint8_t quay_rgb[3] = { 120, 200, 255 };

/* Add colour rgb to keep[] (3 * KEEP_MAX) unless it is there already. */
static void
keep_colour(uint8_t *keep, int *nkeep, const uint8_t *rgb)
{
	int	 i;

	for (i = 0; i < *nkeep; i++)
		if (memcmp(keep + 3 * i, rgb, 3) == 0)
			return;
	if (*nkeep < KEEP_MAX)
		memcpy(keep + 3 * (*nkeep)++, rgb, 3);
}

/*
 * Image id's quays (in pixel coordinates) and marks drawn on pic, whose
 * origin is image point (x0, y0) at `scale` picture pixels per image
 * pixel; the colours used go into keep[] when it is not NULL.
 */
static void
draw_picture_marks(struct store *st, int64_t id, struct picture *pic,
    double x0, double y0, double scale, uint8_t *keep, int *nkeep)
{
	struct store_mark	*marks = NULL;
	struct overlay_mark	*ov = NULL;
	struct store_quay	*q = NULL;
	struct store_image	 row;
	char			 err[CMD_ERRLEN];
	size_t			 nmarks = 0, nq = 0, i;

	if (store_image_get(st, id, &row, err, sizeof err) == 0) {
		if (store_quay_list(st, row.site_id, &q, &nq, err, sizeof err)
		    == 0)
			for (i = 0; i < nq; i++)
				if (q[i].crs == NULL) {
					picture_polygon(pic, x0, y0, scale,
					    q[i].pts, q[i].npts, quay_rgb);
					if (keep != NULL)
						keep_colour(keep, nkeep,
						    quay_rgb);
				}
		store_image_clear(&row);
	}
	if (imagery_overlays(st, id, &marks, &nmarks, &ov, err,
	    sizeof err) == 0)
		for (i = 0; i < nmarks; i++) {
			picture_mark(pic, x0, y0, scale, &ov[i]);
			if (keep != NULL)
				keep_colour(keep, nkeep, ov[i].rgb);
		}
	store_quays_free(q, nq);
	free(ov);
	store_marks_free(marks, nmarks);
}

/*
 * One frame of cols x rows cells of cw x ch pixels in protocol proto:
 * the picture the cell viewport would show, at the pane's pixel size,
 * marks drawn in, as snapshot draws them. Appended to out.
 */
static int
render_graphics(struct imagery *im, struct store *st, int64_t id,
    const double *win, int proto, int cols, int rows, int cw, int ch,
    struct buf *out, char *err, size_t errlen)
{
	struct viewport	 v;
	struct picture	 pic;
	struct buf	 png;
	uint8_t		 keep[3 * KEEP_MAX];
	int		 nkeep = 0, rc;

	memset(&v, 0, sizeof v);
	v.cols = cols * cw;		/* one screen pixel a column */
	v.rows = (rows * ch + 1) / 2;
	if (v.cols > GFX_MAX_SIDE || rows * ch > GFX_MAX_SIDE)
		return errf(err, errlen, "a %d x %d picture is too large "
		    "(at most %d a side)", v.cols, rows * ch, GFX_MAX_SIDE);
	if (win != NULL) {
		view_fit(&v, (int)ceil(win[2]), (int)ceil(win[3]));
		view_center(&v, win[0] + win[2] / 2, win[1] + win[3] / 2);
	} else
		view_fit(&v, raster_width(im->r), raster_height(im->r));
	if (render_picture(im->r, v.x0, v.y0, cols * cw * v.scale,
	    rows * ch * v.scale, 1 / v.scale, &im->stretch, &pic, err,
	    errlen) != 0)
		return -1;
	if (st != NULL)
		draw_picture_marks(st, id, &pic, v.x0, v.y0, 1 / v.scale,
		    keep, &nkeep);
	buf_init(&png);
	rc = 0;
	if (proto == GFX_SIXEL)
		rc = gfx_sixel(pic.rgb, pic.w, pic.h, keep, nkeep, 256, out,
		    err, errlen);
	else if ((rc = gfx_png(pic.rgb, pic.w, pic.h, &png, err, errlen))
	    == 0 && proto == GFX_KITTY)
		gfx_kitty_send(out, (uint8_t *)png.data, png.len, 1, cols,
		    rows, 1, 0);
	else if (rc == 0)
		gfx_iterm(out, (uint8_t *)png.data, png.len, cols, rows, 0);
	/* the cursor below the picture, where text would continue */
	if (rc == 0 && proto != GFX_SIXEL)
		while (rows-- > 0)
			buf_putc(out, '\n');
	else if (rc == 0)
		buf_putc(out, '\n');
	buf_free(&png);
	picture_free(&pic);
	return rc;
}

/* --cell WxH, else the terminal's own cell size, else 10 x 20. */
static int
cell_pixels(const char *s, const struct winsize *ws, int tty, int *cw,
    int *ch)
{
	char	 x;

	*cw = 10;
	*ch = 20;
	if (s != NULL)
		return sscanf(s, "%dx%d%c", cw, ch, &x) == 2 && *cw >= 1 &&
		    *ch >= 1 && *cw <= 256 && *ch <= 256 ? 0 : -1;
	if (tty && ws->ws_col > 0 && ws->ws_row > 0 && ws->ws_xpixel >=
	    ws->ws_col && ws->ws_ypixel >= ws->ws_row) {
		*cw = ws->ws_xpixel / ws->ws_col;
		*ch = ws->ws_ypixel / ws->ws_row;
	}
	return 0;
}

/* What `render` was asked. */
struct render_cmd {
	const char	*image, *file, *bands, *window;
	double		 win[4];
	int		 want_marks, cols, rows, mode, proto, cw, ch;
};

/* The command line into x; -1 to go on, else the exit status. */
static int
render_parse(int argc, char **argv, struct render_cmd *x)
{
	static const struct option opts[] = {
		{ "image", required_argument, NULL, 'i' },
		{ "size", required_argument, NULL, 's' },
		{ "colors", required_argument, NULL, 'c' },
		{ "colours", required_argument, NULL, 'c' },
		{ "window", required_argument, NULL, 'w' },
		{ "bands", required_argument, NULL, 'b' },
		{ "marks", no_argument, NULL, 'm' },
		{ "graphics", required_argument, NULL, 'g' },
		{ "cell", required_argument, NULL, 'C' },
		CMD_COMMON_OPTIONS,
		{ NULL, 0, NULL, 0 }
	};
	const struct cmd_entry	*ce = &cmd_render_entry;
	struct winsize		 ws;
	const char		*size = NULL, *colors = NULL;
	const char		*graphics = NULL, *cell = NULL;
	char			 c1;
	int			 c, tty;

	x->cols = 80;
	x->rows = 24;
	x->proto = GFX_CELLS;
	optind = 1;
	while ((c = cmd_getopt(argc, argv, "d:h", opts)) != -1) {
		switch (c) {
		case 'i':
			x->image = optarg;
			break;
		case 's':
			size = optarg;
			break;
		case 'c':
			colors = optarg;
			break;
		case 'w':
			x->window = optarg;
			break;
		case 'b':
			x->bands = optarg;
			break;
		case 'm':
			x->want_marks = 1;
			break;
		case 'g':
			graphics = optarg;
			break;
		case 'C':
			cell = optarg;
			break;
		case 'h':
			return cmd_usage(ce, stdout);
		default:
			return cmd_usage(ce, stderr);
		}
	}
	if (optind < argc)
		x->file = argv[optind++];
	if ((x->file == NULL) == (x->image == NULL) || optind < argc)
		return cmd_usage_error(ce, "give a FILE or --image ID");
	if (x->want_marks && x->image == NULL)
		return cmd_usage_error(ce, "--marks needs --image");
	memset(&ws, 0, sizeof ws);
	tty = isatty(STDOUT_FILENO) && ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws)
	    == 0;
	if (tty && ws.ws_col > 0 && ws.ws_row > 1) {
		/* a larger terminal gets the largest frame */
		x->cols = ws.ws_col > GRID_MAX_COLS ? GRID_MAX_COLS : ws.ws_col;
		x->rows = ws.ws_row - 1 > GRID_MAX_ROWS ? GRID_MAX_ROWS :
		    ws.ws_row - 1;
	}
	if (size != NULL && (sscanf(size, "%dx%d%c", &x->cols, &x->rows,
	    &c1) != 2 || x->cols < 1 || x->rows < 1 ||
	    x->cols > GRID_MAX_COLS || x->rows > GRID_MAX_ROWS))
		return cmd_usage_error(ce, "--size: \"%s\" is not COLSxROWS (at "
		    "most %dx%d)", size, GRID_MAX_COLS, GRID_MAX_ROWS);
	if (colors != NULL && (x->mode = colour_mode_parse(colors)) < 0)
		return cmd_usage_error(ce, "--colors: \"%s\" is not full, 256, "
		    "16, 8 or 2", colors);
	if (colors == NULL)
		x->mode = colour_mode_detect(getenv("TERM"),
		    tui_term_colors(getenv("TERM")));
	if (parse_window(x->window, x->win) != 0)
		return cmd_usage_error(ce, "--window: \"%s\" is not X,Y,W,H",
		    x->window);
	if (graphics != NULL && (x->proto = gfx_parse(graphics)) < 0)
		return cmd_usage_error(ce, "--graphics: \"%s\" is not kitty, "
		    "sixel, iterm or cells", graphics);
	if (cell_pixels(cell, &ws, tty, &x->cw, &x->ch) != 0)
		return cmd_usage_error(ce, "--cell: \"%s\" is not WxH pixels (1 "
		    "to 256 each)", cell);
	return -1;
}

/* The picture in a terminal graphics protocol, to standard output. */
static int
show_graphics(const struct render_cmd *x, struct imagery *im,
    struct store *st, int64_t id)
{
	struct buf	 out;
	char		 err[CMD_ERRLEN];
	int		 rc = EXIT_OK;

	buf_init(&out);
	if (render_graphics(im, x->want_marks ? st : NULL, id, x->window ?
	    x->win : NULL, x->proto, x->cols, x->rows, x->cw, x->ch, &out, err,
	    sizeof err) != 0)
		rc = cmd_error("%s: %s", x->file ? x->file : x->image, err);
	else if (fwrite(out.data, 1, out.len, stdout) != out.len ||
	    fflush(stdout) != 0)
		rc = cmd_error("stdout: write error");
	buf_free(&out);
	return rc;
}

/* The picture in character cells (and the marks over it), to stdout. */
static int
show_cells(const struct render_cmd *x, struct imagery *im, struct store *st,
    int64_t id)
{
	struct viewport		 v;
	struct frame		 f;
	struct grid		 g;
	struct buf		 out;
	struct store_mark	*marks = NULL;
	struct overlay_mark	*ov = NULL;
	const double		*win = x->win;
	char			 err[CMD_ERRLEN];
	size_t			 nmarks = 0, i;
	int			 rc = EXIT_OK;

	memset(&v, 0, sizeof v);
	v.cols = x->cols;
	v.rows = x->rows;
	if (x->window != NULL) {
		view_fit(&v, (int)ceil(win[2]), (int)ceil(win[3]));
		view_center(&v, win[0] + win[2] / 2, win[1] + win[3] / 2);
	} else
		view_fit(&v, raster_width(im->r), raster_height(im->r));
	frame_init(&f);
	buf_init(&out);
	if (grid_init(&g, x->cols, x->rows, x->mode, !tui_locale_utf8()) != 0)
		rc = cmd_error("bad size");
	else if (render_read(im->r, &v, &im->stretch, &f, err, sizeof err) !=
	    0)
		rc = cmd_error("%s: %s", x->file ? x->file : x->image, err);
	else {
		render_cells(&f, &g);
		if (x->want_marks && imagery_overlays(st, id, &marks, &nmarks,
		    &ov, err, sizeof err) == 0) {
			for (i = 0; i < nmarks; i++)
				overlay_mark(&g, &v, &ov[i]);
		}
		render_ansi(&g, &out);
		if (fwrite(out.data, 1, out.len, stdout) != out.len ||
		    fflush(stdout) != 0)
			rc = cmd_error("stdout: write error");
	}
	free(ov);
	store_marks_free(marks, nmarks);
	buf_free(&out);
	grid_free(&g);
	frame_free(&f);
	return rc;
}

static int
cmd_render(int argc, char **argv)
{
	struct render_cmd	 x;
	struct imagery		 im;
	struct store		*st;
	int64_t			 id;
	int			 rc;

	memset(&x, 0, sizeof x);
	if ((rc = render_parse(argc, argv, &x)) >= 0)
		return rc;
	if ((rc = open_imagery(x.file, x.image, x.bands, &st, &im, &id)) != 0)
		return rc;
	if (x.proto != GFX_CELLS)
		rc = show_graphics(&x, &im, st, id);
	else
		rc = show_cells(&x, &im, st, id);
	imagery_close(&im);
	store_close(st);
	return rc;
}

const struct cmd_entry cmd_render_entry = {
	.name = "render",
	.usage = "(FILE | --image ID) [--size COLSxROWS] "
	    "[--colors full|256|16|8|2] [--window X,Y,W,H] [--bands 3,2,1] "
	    "[--marks] [--graphics kitty|sixel|iterm|cells] [--cell WxH]",
	.summary = "print one frame of an image as ANSI text or pixels",
	.exec = cmd_render,
};

static int
cmd_snapshot(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "image", required_argument, NULL, 'i' },
		{ "out", required_argument, NULL, 'o' },
		{ "window", required_argument, NULL, 'w' },
		{ "scale", required_argument, NULL, 's' },
		{ "bands", required_argument, NULL, 'b' },
		{ "marks", no_argument, NULL, 'm' },
		CMD_COMMON_OPTIONS,
		{ NULL, 0, NULL, 0 }
	};
	struct imagery		 im;
	struct store		*st;
	struct picture		 pic;
	const char		*image = NULL, *out = NULL, *window = NULL;
	const char		*bands = NULL, *file = NULL;
	char			 err[CMD_ERRLEN];
	double			 win[4], scale = 0;
	int64_t			 id;
	int			 c, want_marks = 0, rc = EXIT_OK;

	optind = 1;
	while ((c = cmd_getopt(argc, argv, "d:h", opts)) != -1) {
		switch (c) {
		case 'i':
			image = optarg;
			break;
		case 'o':
			out = optarg;
			break;
		case 'w':
			window = optarg;
			break;
		case 's':
			if (num_parse_double(optarg, &scale) != 0 ||
			    scale <= 0 || scale > 64)
				return cmd_usage_error(&cmd_snapshot_entry,
				    "--scale: \"%s\" is not a number from 0 "
				    "to 64", optarg);
			break;
		case 'b':
			bands = optarg;
			break;
		case 'm':
			want_marks = 1;
			break;
		case 'h':
			return cmd_usage(&cmd_snapshot_entry, stdout);
		default:
			return cmd_usage(&cmd_snapshot_entry, stderr);
		}
	}
	if (optind < argc)
		file = argv[optind++];
	if ((file == NULL) == (image == NULL) || optind < argc || out == NULL)
		return cmd_usage_error(&cmd_snapshot_entry, "give a FILE or "
		    "--image ID, and --out");
	if (want_marks && image == NULL)
		return cmd_usage_error(&cmd_snapshot_entry, "--marks needs "
		    "--image");
	if (parse_window(window, win) != 0)
		return cmd_usage_error(&cmd_snapshot_entry, "--window: \"%s\" "
		    "is not X,Y,W,H", window);
	if ((rc = open_imagery(file, image, bands, &st, &im, &id)) != 0)
		return rc;
	if (window == NULL) {
		win[0] = win[1] = 0;
		win[2] = raster_width(im.r);
		win[3] = raster_height(im.r);
	}
	if (scale == 0)		/* default: at most 4096 pixels a side */
		scale = fmin(1, 4096 / fmax(win[2], win[3]));
	if (render_picture(im.r, win[0], win[1], win[2], win[3], scale,
	    &im.stretch, &pic, err, sizeof err) != 0) {
		rc = cmd_error("%s: %s", file ? file : image, err);
		goto out;
	}
	if (want_marks)
		draw_picture_marks(st, id, &pic, win[0], win[1], scale, NULL,
		    NULL);
	if (render_png_write(out, pic.w, pic.h, 3, pic.rgb, err, sizeof err)
	    != 0)
		rc = cmd_error("%s", err);
	else
		cmd_say(stdout, "%s: %d x %d", out, pic.w, pic.h);
	picture_free(&pic);
out:
	imagery_close(&im);
	store_close(st);
	return rc;
}

const struct cmd_entry cmd_snapshot_entry = {
	.name = "snapshot",
	.usage = "(FILE | --image ID) --out FILE.png [--window X,Y,W,H] "
	    "[--scale S] [--bands 3,2,1] [--marks]",
	.summary = "write a PNG of an image window, with its marks",
	.exec = cmd_snapshot,
};
