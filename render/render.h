/*
 * render.h: rasters to pixels to terminal cells. Everything that touches
 * GDAL or libpng lives in this room (and OGR in export/).
 */
#ifndef QM_RENDER_H
#define QM_RENDER_H

#include <stddef.h>
#include <stdint.h>

#include "../util/util.h"

/* Limits on what a file may declare before we believe it. */
#define RENDER_MAX_SIDE		2000000		/* pixels a side */
#define RENDER_MAX_BANDS	4096
#define RENDER_MAX_BLOCK	(256u * 1024 * 1024)	/* bytes per block */
#define RENDER_MAX_RATIO	50000.0	/* raw bytes per file byte: JPEG
					   cannot pass 1,536, deflate 1,032 */

/* gdal-load.c */
int	 render_init(char *, size_t);

/*
 * view.c: what part of an image the screen shows. The screen is a grid of
 * cols x rows cells, each two square screen pixels tall (the upper and
 * lower half block). Screen pixel (sx, sy) shows image point
 * (x0 + (sx + 0.5) * scale, y0 + (sy + 0.5) * scale). scale is a power of
 * two (image pixels per screen pixel) and x0, y0 are multiples of it, so
 * screen and image pixel grids always line up: geometry is exact, and a
 * pan by whole cells moves whole rows (ncurses can scroll them).
 */
#define VIEW_MIN_SCALE	(1.0 / 32)	/* 32 screen pixels per pixel */
#define VIEW_MAX_SCALE	4096.0
struct viewport {
	double	 x0, y0;	/* image point at the grid's top-left corner */
	double	 scale;		/* image pixels per screen pixel */
	int	 cols, rows;	/* cells; screen pixels are cols x 2 rows */
};
void	 view_fit(struct viewport *, int, int);
void	 view_snap(struct viewport *);
void	 view_zoom(struct viewport *, double, double, double);
void	 view_pan_cells(struct viewport *, int, int);
void	 view_center(struct viewport *, double, double);
void	 view_clamp(struct viewport *, int, int);
void	 view_to_image(const struct viewport *, double, double, double *,
	     double *);
void	 view_to_screen(const struct viewport *, double, double, double *,
	     double *);

/* stretch.c: data values to 8-bit display values, per band. */
struct stretch {
	int	 nbands;	/* 1 (gray or palette) or 3 (colour) */
	int	 band[3];	/* 1-based band numbers shown */
	double	 lo[3], hi[3];	/* data values shown as black and white */
	double	 gamma;		/* 1 = linear; > 1 brightens midtones */
};
char	*render_stretch_json(const struct stretch *);
int	 render_stretch_parse(const char *, struct stretch *);

/* raster.c: an open image, read viewport by viewport. */
struct raster;
void	 raster_set_coarse(struct raster *, int);
int	 raster_is_coarse(const struct raster *);
struct raster	*render_open(const char *, char *, size_t);
void		 render_close(struct raster *);
int		 raster_width(const struct raster *);
int		 raster_height(const struct raster *);
int		 raster_bands(const struct raster *);
int		 raster_overviews(const struct raster *);
int		 raster_is_gray(const struct raster *);
int		 raster_default_bands(const struct raster *, int *);
int		 raster_compute_stretch(struct raster *, const int *, int,
		     struct stretch *, char *, size_t);
void		 raster_type_stretch(const struct raster *, const int *, int,
		     struct stretch *);
int		 raster_check_bands(const struct raster *, const int *, int,
		     char *, size_t);

/* Screen pixels of one viewport: RGB, and whether each shows data. */
struct frame {
	int	 w, h;		/* cols x 2 rows */
	uint8_t	*rgb;		/* w * h * 3 */
	uint8_t	*valid;		/* w * h; 0: outside the image or nodata */
	int	 gray;		/* single band: prefer the gray ramp */
	int	 level;		/* overview used: 0 full resolution */
};
void	 frame_init(struct frame *);
void	 frame_free(struct frame *);
int	 render_read(struct raster *, const struct viewport *,
	     const struct stretch *, struct frame *, char *, size_t);

/* colour.c: colours for the terminal at hand. */
enum colour_mode {
	COLOUR_TRUE,
	COLOUR_256,
	COLOUR_16,
	COLOUR_8,
	COLOUR_MONO
};
#define CELL_DEFAULT	(-1)
#define CELL_RGB	0x1000000	/* truecolour values carry this bit */
int32_t	 colour_quantize(int, uint8_t, uint8_t, uint8_t, int);
int32_t	 colour_quantize_near(int, uint8_t, uint8_t, uint8_t, int,
	     const int32_t *, int);
void	 colour_rgb(int, int32_t, uint8_t *);
int	 colour_mode_parse(const char *);
const char *colour_mode_name(int);
int	 colour_mode_detect(const char *, int);

/*
 * cells.c: the off-screen grid. A cell normally shows two screen pixels
 * (top and bottom colours, already in the mode's colour space); text
 * (labels, the cursor) replaces that with a character in fg on bg.
 */
struct cell {
	int32_t	 top, bottom;	/* pixel colours, when ch == 0 */
	uint32_t ch;		/* 0: a pixel pair; else a code point */
	int32_t	 fg, bg;	/* for ch != 0 */
	uint8_t	 attr;		/* CELL_BOLD, CELL_REVERSE */
};
#define CELL_BOLD	0x1
#define CELL_REVERSE	0x2
/* The largest grid: a larger terminal shows its top-left part, so a
 * terminal reporting nonsense cannot make quaymark take gigabytes. */
#define GRID_MAX_COLS	2000
#define GRID_MAX_ROWS	1000
struct grid {
	int		 cols, rows;
	int		 mode;		/* enum colour_mode */
	int		 ascii;		/* no block glyphs: not a UTF-8 locale */
	struct cell	*cells;
};
int	 grid_init(struct grid *, int, int, int, int);
void	 grid_free(struct grid *);
void	 grid_copy(struct grid *, const struct grid *);
struct cell *grid_at(struct grid *, int, int);
void	 render_cells(const struct frame *, struct grid *);
void	 grid_set_pixel(struct grid *, int, int, int32_t);
void	 grid_text(struct grid *, int, int, const char *, int32_t, int32_t,
	     uint8_t, int);
void	 cell_glyph(const struct grid *, const struct cell *, uint32_t *,
	     int32_t *, int32_t *, int32_t, int32_t);

/* overlay.c: marks and the cursor, drawn into the grid. */
enum shape {
	SHAPE_POINT,	/* the same numbers as store/'s mark kinds */
	SHAPE_BOX,
	SHAPE_RBOX
};
struct overlay_mark {
	int		 kind;		/* enum shape */
	double		 cx, cy, w, h, angle;
	uint8_t		 rgb[3];
	const char	*label;		/* NULL: none */
	int		 selected;
	int		 dashed;	/* pending proposals, carried marks */
};
void	 overlay_mark(struct grid *, const struct viewport *,
	     const struct overlay_mark *);
void	 overlay_polygon(struct grid *, const struct viewport *,
	     const double *, size_t, const uint8_t *);
void	 overlay_cursor(struct grid *, const struct viewport *, double,
	     double);
int	 render_clip_segment(double *, double *, double *, double *, double,
	     double, double, double);

/* ansi.c: a grid as ANSI text, choosing glyphs to write fewest bytes. */
void	 render_ansi(const struct grid *, struct buf *);

/* overview.c: overviews for images that have none, in the cache. */
int	 render_overview_path(const char *, const char *, char *, size_t,
	     char *, size_t);
int	 render_build_overviews(const char *, int *,
	     void (*)(void *, size_t, size_t), void *, char *, size_t);

/* probe.c: what ingest needs, from headers and two tiny reads. */
struct render_info {
	int	 width;
	int	 height;
	int	 bands;
	char	 data_type[24];
	char	 driver[32];
	int	 has_gt;
	double	 gt[6];
	char	*crs_wkt;	/* NULL when not georeferenced */
	char	*crs_code;	/* "EPSG:32652" when known */
	char	*sensor;
	int	 has_overviews;
	int	 has_date;
	int64_t	 acquired;	/* from metadata, UTC */
	char	 date_key[48];	/* which metadata item it came from */
};
int	 render_probe(const char *, int64_t, struct render_info *, char *,
	     size_t);
void	 render_info_clear(struct render_info *);
int	 render_is_raster(const char *);

/* guard.c: regular files only, PNG chunks within the file. */
int	 render_guard(const char *, char *, size_t);

/* write.c: images out through GDAL (demo scenes, tiles). */
struct render_out {
	const char	*path;
	const char	*driver;	/* "GTiff", "PNG" */
	int		 width;
	int		 height;
	int		 bands;
	const uint8_t	*pixels;	/* pixel-interleaved, 8-bit */
	int		 has_gt;
	double		 gt[6];
	int		 epsg;		/* 0: no CRS (or crs_wkt) */
	const char	*crs_wkt;	/* instead of epsg */
	const char	*datetime;	/* TIFFTAG_DATETIME or NULL */
	int		 tiled;
	const char	*compress;	/* NULL: none */
	int		 overviews;	/* build internal overviews */
};
int	 render_write(const struct render_out *, char *, size_t);

/* snapshot.c: an RGB picture of a window, with marks, for reports. */
struct picture {
	int	 w, h;
	uint8_t	*rgb;
};
int	 render_picture(struct raster *, double, double, double, double,
	     double, const struct stretch *, struct picture *, char *, size_t);
void	 picture_mark(struct picture *, double, double, double,
	     const struct overlay_mark *);
void	 picture_polygon(struct picture *, double, double, double,
	     const double *, size_t, const uint8_t *);
void	 picture_free(struct picture *);

/* font.c: a 5 x 7 pixel font, for mark labels drawn into pictures. */
int	 font_draw(uint8_t *, int, int, int, int, const char *,
	     const uint8_t *, int);
int	 font_width(const char *, int);

/* chart.c: the report's figure (PNG or SVG, through cairo). */
struct chart_period {
	const char	*label;		/* "2025-03" */
	const char	*gap;		/* no day observed: no bar but these
					   words ("no imagery") on hatching */
	double		 calls;
	int		 at_least;	/* unreviewed images: a lower bound */
	double		 share;		/* days observed / days, 0..1 */
	int		 has_expected;
	double		 expected;
	double		 lo, hi;	/* the expectation's interval; NAN */
	const char	*verdict;	/* written when p_value is a number */
	double		 p_value;
	double		 ratio;		/* rate ratio to the baseline; NAN */
	double		 ratio_lo, ratio_hi;	/* its interval (hi may be inf) */
};
struct chart_panel {
	const char			*name;	/* the quay; NULL: no heading */
	const struct chart_period	*p;
	size_t				 n;
};
struct chart {
	const char		*title;
	const char		*subtitle;	/* NULL: none */
	const char		*y_label;	/* "calls per month" */
	const char		*footnote;	/* NULL: none */
	const struct chart_panel *panels;
	size_t			 npanels;
};
int	 render_chart(const char *, const struct chart *, char *, size_t);

/*
 * gfx.c, sixel.c, kitty.c, iterm.c: pictures for terminals that draw
 * pixels. Each appends escape sequences to a caller's buf; tmux != 0 wraps
 * them for tmux's passthrough.
 */
enum gfx_proto {
	GFX_CELLS,	/* half blocks: every terminal */
	GFX_KITTY,
	GFX_SIXEL,
	GFX_ITERM
};
#define GFX_MAX_SIDE	8192	/* pixels a side of a terminal picture */
int	 gfx_parse(const char *);
const char *gfx_name(int);
/* What the encoders keep between pictures (zeroed to start). */
struct gfx_work {
	void		*deflate;	/* libdeflate's compressor */
	uint8_t		*raw, *z;	/* PNG rows; deflated */
	size_t		 nraw, nz;
	uint16_t	*index, *bx;	/* sixel: registers; band columns */
	uint8_t		*bbits;
	char		*scratch;
	size_t		 nindex, nbx, nbbits, nscratch;
};
void	 gfx_work_free(struct gfx_work *);
/* A sixel palette fitted to a picture, reused for others of the ground:
 * map is 5 bits a channel to a colour (GFX_PAL_NONE: not met yet). */
#define GFX_PAL_NONE	0xffff
struct gfx_palette {
	int		 n;
	uint8_t		 rgb[3 * 256];
	uint16_t	 map[32768];
};
void	 gfx_palette_fit(struct gfx_palette *, const uint8_t *, int, int, int,
	     const uint8_t *, int, int);
int	 gfx_sixel_pal(struct gfx_work *, struct gfx_palette *,
	     const uint8_t *, int, int, const uint8_t *, int, struct buf *,
	     char *, size_t);
int	 gfx_png(const uint8_t *, int, int, struct buf *, char *, size_t);
int	 gfx_png_work(struct gfx_work *, const uint8_t *, int, int,
	     struct buf *, char *, size_t);
int	 gfx_png_over(struct gfx_work *, const uint8_t *, const uint8_t *,
	     int, int, struct buf *, char *, size_t);
void	 gfx_base64(struct buf *, const uint8_t *, size_t);
void	 gfx_tmux_wrap(struct buf *, const char *, size_t);
int	 gfx_sixel(const uint8_t *, int, int, const uint8_t *, int, int,
	     struct buf *, char *, size_t);
void	 gfx_kitty_send(struct buf *, const uint8_t *, size_t, uint32_t, int,
	     int, int, int);
void	 gfx_kitty_strip(struct buf *, const uint8_t *, size_t, uint32_t, int,
	     int, int);
void	 gfx_kitty_place(struct buf *, uint32_t, int, int, int);
void	 gfx_kitty_delete(struct buf *, uint32_t, int);
void	 gfx_kitty_hide(struct buf *, int);
void	 gfx_kitty_unplace(struct buf *, uint32_t, int);
void	 gfx_iterm(struct buf *, const uint8_t *, size_t, int, int, int);

/* png.c: PNG files through libpng. */
int	 render_png_write(const char *, int, int, int, const uint8_t *,
	     char *, size_t);
int	 render_png_read(const char *, int *, int *, uint8_t **, char *,
	     size_t);

/* crs.c: coordinate reference systems through GDAL/PROJ. */
int	 render_crs_transform(const char *, const char *, double *, size_t,
	     char *, size_t);
int	 render_crs_normalise(const char *, char **, char *, size_t);
int	 render_lonlat(const char *, double, double, double *, double *);

/* remote.c: images at URLs, through GDAL's virtual file systems. */
struct render_remote {
	int64_t	 size;
	int64_t	 mtime;
	char	 etag[128];	/* "" when the server sends none */
	int	 is_dir;	/* a folder or prefix */
	int64_t	 maxage;	/* Cache-Control: max-age (s); 0: ask each open */
};
int	 render_remote_vsi(const char *, char *, size_t, char *, size_t);
int	 render_remote_stat(const char *, struct render_remote *, char *,
	     size_t);
void	 render_remote_fingerprint(const char *, const struct render_remote *,
	     char *);
int	 render_remote_list(const char *, char ***, size_t *, char *, size_t);
int	 render_remote_fetch(const char *, char **, size_t *, char *, size_t);
int	 render_remote_copy(const char *, const char *, char *, size_t);
struct raster *render_remote_open(const char *, char *, size_t);
int	 render_remote_probe(const char *, struct render_info *,
	     struct render_remote *, char *, size_t);
int	 render_remote_look(const char *, struct render_remote *, int *,
	     char *, size_t);
int	 render_remote_look_cached(const char *, const char *,
	     struct render_remote *);
int	 render_remote_revalidate(const char *, const struct render_remote *,
	     int *, char *, size_t);

/* cache.c: what was read from remote images, kept on disk. */
int	 render_cache_max(int64_t *, char *, size_t);
int	 render_cache_recall(const char *, struct render_remote *, int64_t *);
void	 render_cache_confirmed(const char *, const struct render_remote *);
int	 render_cache_name(const char *, const char *,
	     const struct render_remote *, char *, size_t, char *, size_t);

#endif
