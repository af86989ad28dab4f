/*
 * render.h: rasters to pixels to terminal cells. Everything that touches
 * GDAL or libpng lives in this room (and OGR in export/).
 */
#ifndef QM_RENDER_H
#define QM_RENDER_H

#include <stddef.h>
#include <stdint.h>

/* Limits on what a file may declare before we believe it. */
#define RENDER_MAX_SIDE		2000000		/* pixels a side */
#define RENDER_MAX_BANDS	4096
#define RENDER_MAX_BLOCK	(256u * 1024 * 1024)	/* bytes per block */
#define RENDER_MAX_RATIO	200000.0	/* raw bytes per file byte */

/* gdal-load.c */
int	 render_init(char *, size_t);

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
	int		 epsg;		/* 0: no CRS */
	const char	*datetime;	/* TIFFTAG_DATETIME or NULL */
	int		 tiled;
	const char	*compress;	/* NULL: none */
	int		 overviews;	/* build internal overviews */
};
int	 render_write(const struct render_out *, char *, size_t);

/* png.c: PNG files through libpng. */
int	 render_png_write(const char *, int, int, int, const uint8_t *,
	     char *, size_t);
int	 render_png_read(const char *, int *, int *, uint8_t **, char *,
	     size_t);

/* crs.c: coordinate reference systems through GDAL/PROJ. */
int	 render_crs_transform(const char *, const char *, double *, size_t,
	     char *, size_t);
int	 render_crs_normalise(const char *, char **, char *, size_t);

#endif
