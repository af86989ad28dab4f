/*
 * export.h: datasets out and in. Every reader turns a file into import
 * items; one committer (import.c) matches them to the catalog and writes
 * them all or none, per file.
 */
#ifndef QM_EXPORT_H
#define QM_EXPORT_H

#include <stddef.h>
#include <stdint.h>

#include "../geo/geo.h"
#include "../store/store.h"
#include "../util/util.h"

/* budget.c: XML and JSON label files read within a memory budget. */
struct _xmlDoc;
struct json_t;
struct _xmlDoc	*import_xml_read(const char *, const char *, size_t, char *,
		     size_t);
struct json_t	*import_json_read(const char *, const char *, size_t, char *,
		     size_t);

/* One object read from a label file, before it meets the catalog. */
struct import_item {
	size_t	 line;		/* where it was, for messages */
	char	*image;		/* file name to match in the catalog */
	char	*site;		/* NULL: any site */
	char	*class_name;
	int	 kind;
	double	 cx, cy, w, h, angle;
	char	*name;
	int	 has_count;
	int64_t	 count;
	char	*state;
	char	*note;
	int	 has_track;
	int64_t	 track;
	char	*author;	/* NULL: the importing user */
	int	 status;	/* -1: pending */
	char	*reason;
	int	 check_bounds;	/* refuse geometry outside the image */
	int	 normalised;	/* cx, cy, w, h (or quad) in image fractions */
	int	 has_quad;	/* geometry is quad: four corners */
	double	 quad[8];
};

struct import_items {
	struct import_item	*v;
	size_t			 n;
	size_t			 cap;
	int			 empty_ok;	/* "no objects" is an answer */
	const char		*unit;		/* "annotations": items are
						   numbered, not lines */
};

struct import_item	*import_items_add(struct import_items *, size_t);
void	 import_item_box_around(struct import_item *, const double *, size_t);
void	 import_item_attribute(struct import_item *, const char *,
	     const char *);
void			 import_items_free(struct import_items *);

struct import_opts {
	const char	*as_proposals;	/* model name, or NULL */
	const char	**map_from;	/* --map FROM=TO pairs */
	const char	**map_to;
	size_t		 nmap;
	int		 new_classes;
	const char	*site;		/* restrict matching to a site */
};

struct import_result {
	size_t	 added;
	size_t	 duplicates;
	int	 status_dropped;	/* non-supervisor: verdicts not kept */
};

/* Readers: one label file (its text in data) to items, or -1 with
 * "path:line: reason". */
typedef int (*label_reader)(const char *, const char *, size_t,
    struct import_items *, char *, size_t);
int	 coco_read(const char *, const char *, size_t, struct import_items *,
	     char *, size_t);
int	 yolo_read(const char *, const char *, size_t, struct import_items *,
	     char *, size_t);
int	 yolo_obb_read(const char *, const char *, size_t,
	     struct import_items *, char *, size_t);
int	 voc_read(const char *, const char *, size_t, struct import_items *,
	     char *, size_t);
int	 dota_read(const char *, const char *, size_t, struct import_items *,
	     char *, size_t);
int	 cvat_read(const char *, const char *, size_t, struct import_items *,
	     char *, size_t);
int	 labelme_read(const char *, const char *, size_t,
	     struct import_items *, char *, size_t);
/* yolo.c: class names for YOLO label files (data.yaml, obj.names). */
int	 yolo_names_load(const char *, char ***, size_t *, char *, size_t);
int	 yolo_names_find(const char *, char *, size_t);
void	 yolo_names_apply(struct import_items *, char **, size_t);

/* select.c: what an export writes. */
struct export_image {
	struct store_image	 im;
	struct store_mark	*marks;
	const char		**quay;		/* per mark: its quay, or NULL */
	size_t			 nmarks;
	size_t			 cap;
	int			 split;		/* index into the set's splits */
	int64_t			 source_id;	/* tiles: the image cut */
	double			 x0, y0;	/* tiles: where, in it */
	int			 tile;		/* im.path is a staged tile */
};
#define EXPORT_MAX_SPLITS 8
struct export_set {
	struct export_image	*v;
	size_t			 n;
	struct store_class	*classes;	/* exported, in index order */
	size_t			 nclasses;
	char			 split_name[EXPORT_MAX_SPLITS][32];
	double			 split_share[EXPORT_MAX_SPLITS];
	int			 nsplits;	/* 0: no split */
	size_t			 nmarks;
	struct quay_locator	*ql;		/* owns the quay names */
	struct export_left {		/* what was left out, and why */
		size_t	 rejected;	/* marks, by --status */
		size_t	 other_status;	/* pending or approved, by --status */
		size_t	 cloudy_images;	/* cloudy or no data, by --quality */
		size_t	 cloudy_marks;
		size_t	 unreviewed_images;	/* no verdict yet */
		size_t	 unreviewed_marks;
		size_t	 duplicates;	/* marks, by --duplicates */
		size_t	 nogeo_images;	/* OGR: not georeferenced */
		size_t	 nogeo_marks;
	}			 left;
};

/* --duplicates: what becomes of two analysts' marks of one object. */
enum export_dup {
	EXPORT_DUP_FIRST,	/* keep one: approved first, then the oldest */
	EXPORT_DUP_KEEP,	/* keep them all */
	EXPORT_DUP_MERGE	/* one consensus mark: their mean geometry */
};
#define EXPORT_DUP_IOU		0.5	/* boxes: the same object at or above */
#define EXPORT_DUP_POINT_PX	10	/* points: within this many pixels */

/* Pixels for chips and tiles, from whoever can open images. */
struct picture;
struct export_pixels {
	void	*ctx;
	int	(*picture)(void *, const struct store_image *, double, double,
		    double, double, double, struct picture *, char *, size_t);
};

struct export_opts {
	struct store_filter	 filter;	/* site, dates, classes, status */
	int			 quality_mask;	/* 0: clear and partly cloudy */
	int			 duplicates;	/* enum export_dup */
	const char		*split;		/* "train=0.8,val=0.2" */
	uint64_t		 seed;
	int			 split_days;	/* nearby dates split together */
	const char		*images;	/* link (default), copy, none */
	double			 margin;	/* chips: pixels around a mark */
	int			 tile;		/* tile side in pixels, 0: none */
	int			 overlap;
	const char		*tile_format;	/* png, gtiff */
	const char		*t_srs;		/* ogr: reproject to */
	const char		*driver;	/* ogr: the OGR driver */
	const struct export_pixels *pixels;
	void			(*progress)(void *, size_t, size_t);
	void			*progress_ctx;
};

int	 export_select(struct store *, const struct export_opts *,
	     struct export_set *, char *, size_t);
void	 export_set_free(struct export_set *);
int	 export_dup_parse(const char *);
/* duplicates.c */
void	 export_duplicates(struct export_set *, int);
int	 export_class_index(const struct export_set *, int64_t);
int	 export_split_parse(const char *, struct export_set *, char *, size_t);
void	 export_split_assign(struct export_set *, uint64_t, int);
const char *export_split_name(const struct export_set *, int);

/* files.c: folders, image files beside labels, numbers as text. */
int	 export_mkdirs(const char *, char *, size_t);
int	 export_place_image(struct export_image *, const char *,
	     const char *, char *, size_t);
void	 export_stem(const char *, char *, size_t);
void	 export_num(char *, size_t, double, int);
void	 export_int(struct buf *, long long);
void	 export_corners(const struct store_mark *, double *);
void	 export_bounds(const struct store_mark *, double *);
int	 export_write_file(const char *, const char *, size_t, char *,
	     size_t);

/* Writers: the set to OUT (a folder, or a file for csv and ogr). */
int	 coco_write(struct export_set *, const char *,
	     const struct export_opts *, char *, size_t);
int	 yolo_write(struct export_set *, const char *, int,
	     const struct export_opts *, char *, size_t);
int	 voc_write(struct export_set *, const char *,
	     const struct export_opts *, char *, size_t);
int	 dota_write(struct export_set *, const char *,
	     const struct export_opts *, char *, size_t);
int	 ogr_write(struct store *, struct export_set *, const char *,
	     const struct export_opts *, char *, size_t);
int	 chips_write(struct export_set *, const char *,
	     const struct export_opts *, char *, size_t);
int	 tiles_make(struct export_set *, const char *,
	     const struct export_opts *, char *, size_t);

/* formats.c: the one table of dataset formats, for export and import. */
#define EXPORT_FMT_OUT		0x01	/* export writes it */
#define EXPORT_FMT_IN		0x02	/* import reads it */
#define EXPORT_FMT_ROTATION	0x04	/* holds a rotated box's angle */
#define EXPORT_FMT_FOLDER	0x08	/* export writes a folder, else a file */
#define EXPORT_FMT_STDOUT	0x10	/* "-": standard output */
#define EXPORT_FMT_TILES	0x20	/* --tile cuts the images first */
#define EXPORT_FMT_PIXELS	0x40	/* reads image pixels */
typedef int (*dataset_writer)(struct store *, struct export_set *,
    const char *, const struct export_opts *, char *, size_t);
struct export_format {
	const char	*name;		/* "coco"; "ogr:" is a prefix */
	const char	*shown;		/* "ogr:DRIVER"; NULL: the name */
	dataset_writer	 write;		/* NULL: not here (counts: cmd/) */
	label_reader	 read;		/* NULL: not read */
	int		 flags;		/* EXPORT_FMT_* */
	const char	*help;		/* one line */
};
const struct export_format *export_format_find(const char *, int,
	     const char **);
const struct export_format *export_format_at(size_t);
const char *export_format_shown(const struct export_format *);
void	 export_format_names(struct buf *, int, const char *, const char *);
void	 export_format_traits(struct buf *, const struct export_format *);
void	 export_formats_mdoc(struct buf *);

/* import.c */
int	 import_commit(struct store *, const char *, struct import_items *,
	     const struct import_opts *, struct import_result *, char *,
	     size_t);

/* interchange.c: quaymark's own CSV. */
extern const char *const interchange_columns[];
void	 interchange_header(struct buf *);
void	 interchange_row(struct buf *, const struct store_mark *,
	     const char *);
int	 interchange_read(const char *, const char *, size_t,
	     struct import_items *, char *, size_t);
int	 csv_write(struct export_set *, const char *, char *, size_t);

/* stac.c: STAC items, item collections, collections and catalogs in. */
struct stac_item {
	char	*id;
	char	*collection;	/* NULL: none given */
	char	*platform;
	char	*constellation;
	double	 cloud_cover;	/* NaN: not given */
	double	 off_nadir;
	char	*asset;		/* the asset key chosen */
	char	*href;		/* its URL or path, resolved */
	char	*source;	/* the document it came from, redacted */
	int	 has_when;
	int64_t	 when;		/* datetime, else start_datetime */
	int	 has_bbox;
	double	 bbox[4];	/* lon/lat: west, south, east, north */
	double	*poly;		/* the geometry's outer ring, lon/lat */
	size_t	 npoly;
};
struct stac_read {
	struct stac_item *items;
	size_t		 n, cap;
	size_t		 docs;		/* documents fetched */
	size_t		 no_asset;	/* items without the asset asked for */
	size_t		 problems;	/* documents or items unreadable */
	char		**notes;	/* the first problems, one line each */
	size_t		 nnotes;
};
int	 export_stac_read(const char *, const char *, struct stac_read *,
	     char *, size_t);
void	 export_stac_free(struct stac_read *);
char	*export_stac_resolve(const char *, const char *);

#endif
