/*
 * formats.c: the one table of dataset formats. `export` finds its writer
 * here, `import` its reader, their --help and error messages list the
 * names from it, and the man page's DATASET FORMATS section is printed
 * from it (a unit test holds the page to the table), so that a format
 * added here is added everywhere.
 */
#include <stdio.h>
#include <string.h>

#include "export.h"
#include "../render/render.h"

/* The writers with the table's one signature. */
static int
write_coco(struct store *st, struct export_set *s, const char *out,
    const struct export_opts *o, char *err, size_t errlen)
{
	(void)st;
	return coco_write(s, out, o, err, errlen);
}

static int
write_yolo(struct store *st, struct export_set *s, const char *out,
    const struct export_opts *o, char *err, size_t errlen)
{
	(void)st;
	return yolo_write(s, out, 0, o, err, errlen);
}

static int
write_yolo_obb(struct store *st, struct export_set *s, const char *out,
    const struct export_opts *o, char *err, size_t errlen)
{
	(void)st;
	return yolo_write(s, out, 1, o, err, errlen);
}

static int
write_voc(struct store *st, struct export_set *s, const char *out,
    const struct export_opts *o, char *err, size_t errlen)
{
	(void)st;
	return voc_write(s, out, o, err, errlen);
}

static int
write_dota(struct store *st, struct export_set *s, const char *out,
    const struct export_opts *o, char *err, size_t errlen)
{
	(void)st;
	return dota_write(s, out, o, err, errlen);
}

static int
write_csv(struct store *st, struct export_set *s, const char *out,
    const struct export_opts *o, char *err, size_t errlen)
{
	(void)st;
	(void)o;
	return csv_write(s, out, err, errlen);
}

static int
write_chips(struct store *st, struct export_set *s, const char *out,
    const struct export_opts *o, char *err, size_t errlen)
{
	(void)st;
	return chips_write(s, out, o, err, errlen);
}

/*
 * OGR writes only marks on georeferenced images: the others are counted
 * as left out first, so that the summary says so.
 */
static int
write_ogr(struct store *st, struct export_set *s, const char *out,
    const struct export_opts *o, char *err, size_t errlen)
{
	size_t	 i;

	for (i = 0; i < s->n; i++)
		if (!s->v[i].im.has_gt || s->v[i].im.crs_wkt == NULL) {
			s->left.nogeo_images++;
			s->left.nogeo_marks += s->v[i].nmarks;
		}
	if (render_init(err, errlen) != 0)
		return -1;
	return ogr_write(st, s, out, o, err, errlen);
}

/*
 * In the order --help and the man page list them. "counts" is written by
 * the count engine, which only the command line may run: no writer here.
 */
static const struct export_format formats[] = {
	{ "csv", NULL, write_csv, interchange_read,
	  EXPORT_FMT_OUT | EXPORT_FMT_IN | EXPORT_FMT_ROTATION |
	  EXPORT_FMT_STDOUT,
	  "quaymark's own CSV (INTERCHANGE FORMAT below): every field of a "
	  "mark" },
	{ "coco", NULL, write_coco, coco_read,
	  EXPORT_FMT_OUT | EXPORT_FMT_IN | EXPORT_FMT_ROTATION |
	  EXPORT_FMT_FOLDER | EXPORT_FMT_TILES,
	  "COCO JSON: annotations.json, one per split" },
	{ "yolo", NULL, write_yolo, yolo_read,
	  EXPORT_FMT_OUT | EXPORT_FMT_IN | EXPORT_FMT_FOLDER |
	  EXPORT_FMT_TILES,
	  "Ultralytics YOLO: a label file per image and data.yaml" },
	{ "yolo-obb", NULL, write_yolo_obb, yolo_obb_read,
	  EXPORT_FMT_OUT | EXPORT_FMT_IN | EXPORT_FMT_ROTATION |
	  EXPORT_FMT_FOLDER | EXPORT_FMT_TILES,
	  "Ultralytics YOLO, oriented boxes as four corners" },
	{ "voc", NULL, write_voc, voc_read,
	  EXPORT_FMT_OUT | EXPORT_FMT_IN | EXPORT_FMT_ROTATION |
	  EXPORT_FMT_FOLDER | EXPORT_FMT_TILES,
	  "Pascal VOC XML, rotated boxes as DIOR's robndbox" },
	{ "dota", NULL, write_dota, dota_read,
	  EXPORT_FMT_OUT | EXPORT_FMT_IN | EXPORT_FMT_ROTATION |
	  EXPORT_FMT_FOLDER | EXPORT_FMT_TILES,
	  "DOTA: four corners and a class a line, a file per image" },
	{ "cvat", NULL, NULL, cvat_read,
	  EXPORT_FMT_IN | EXPORT_FMT_ROTATION,
	  "CVAT for images XML" },
	{ "labelme", NULL, NULL, labelme_read,
	  EXPORT_FMT_IN,
	  "The labelme tool's JSON and LabelMe's original XML" },
	{ "ogr:", "ogr:DRIVER", write_ogr, NULL,
	  EXPORT_FMT_OUT | EXPORT_FMT_ROTATION,
	  "GIS layers through OGR (ogr:GPKG, ogr:GeoJSON, ...): polygons on "
	  "georeferenced images" },
	{ "chips", NULL, write_chips, NULL,
	  EXPORT_FMT_OUT | EXPORT_FMT_FOLDER | EXPORT_FMT_PIXELS,
	  "A picture of each mark, a folder per class, and an index" },
	{ "counts", NULL, NULL, NULL,
	  EXPORT_FMT_OUT | EXPORT_FMT_STDOUT,
	  "The report's counts per period as CSV (report --format csv)" },
};

/* The name a user types and reads: "ogr:DRIVER" for the "ogr:" prefix. */
const char *
export_format_shown(const struct export_format *f)
{
	return f->shown != NULL ? f->shown : f->name;
}

/*
 * The format called name that goes way (EXPORT_FMT_OUT or _IN), or NULL.
 * A name ending in ':' is a prefix: "ogr:GPKG" is ogr's; *arg (may be
 * NULL) then points past it ("GPKG"), else at "".
 */
const struct export_format *
export_format_find(const char *name, int way, const char **arg)
{
	size_t	 i, l;

	for (i = 0; i < QM_NELEM(formats); i++) {
		if ((formats[i].flags & way) == 0)
			continue;
		l = strlen(formats[i].name);
		if (formats[i].name[l - 1] == ':' ?
		    strncmp(name, formats[i].name, l) == 0 :
		    strcmp(name, formats[i].name) == 0) {
			if (arg != NULL)
				*arg = name + (formats[i].name[l - 1] == ':' ?
				    l : strlen(name));
			return &formats[i];
		}
	}
	return NULL;
}

/* The i'th format, in table order, or NULL past the end. */
const struct export_format *
export_format_at(size_t i)
{
	return i < QM_NELEM(formats) ? &formats[i] : NULL;
}

/*
 * The names of the formats with all the flags in want, into b: joined by
 * sep, the last by last ("coco|yolo", "coco, yolo or voc").
 */
void
export_format_names(struct buf *b, int want, const char *sep,
    const char *last)
{
	size_t	 i, n = 0, k = 0;

	for (i = 0; i < QM_NELEM(formats); i++)
		if ((formats[i].flags & want) == want)
			n++;
	for (i = 0; i < QM_NELEM(formats); i++) {
		if ((formats[i].flags & want) != want)
			continue;
		if (k > 0)
			buf_puts(b, k == n - 1 ? last : sep);
		buf_puts(b, export_format_shown(&formats[i]));
		k++;
	}
}

/* What a format does, in words: "export and import; rotation kept; ..." */
void
export_format_traits(struct buf *b, const struct export_format *f)
{
	buf_puts(b, (f->flags & EXPORT_FMT_OUT) && (f->flags & EXPORT_FMT_IN) ?
	    "export and import" : (f->flags & EXPORT_FMT_OUT) ? "export only" :
	    "import only");
	buf_puts(b, f->flags & EXPORT_FMT_ROTATION ? "; rotated boxes kept" :
	    "; no rotation");
	if (f->flags & EXPORT_FMT_OUT)
		buf_puts(b, f->flags & EXPORT_FMT_FOLDER ? "; writes a folder" :
		    "; writes a file");
	if (f->flags & EXPORT_FMT_STDOUT)
		buf_puts(b, " or standard output");
	if (f->flags & EXPORT_FMT_TILES)
		buf_puts(b, "; tiles");
}

/* The man page's DATASET FORMATS section, from the table. */
void
export_formats_mdoc(struct buf *b)
{
	size_t	 i;

	buf_puts(b, ".Sh DATASET FORMATS\n"
	    "The formats of\n.Ic export Fl -format\nand\n"
	    ".Ic import Fl -format ,\nfrom the table both commands use:\n"
	    ".Bl -tag -width Ds\n");
	for (i = 0; i < QM_NELEM(formats); i++) {
		buf_printf(b, ".It Cm %s\n", export_format_shown(&formats[i]));
		export_format_traits(b, &formats[i]);
		buf_printf(b, ".\n%s.\n", formats[i].help);
	}
	buf_puts(b, ".El\n");
}
