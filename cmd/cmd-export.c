/*
 * cmd-export.c: `export --format F OUT`: the marks as a dataset. The
 * selection (export/select.c), splits, tiles, then one writer. Progress
 * on a terminal; a summary line at the end.
 */
#include <sys/stat.h>

#include <dirent.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cmd.h"
#include "../export/export.h"
#include "../render/render.h"
#include "../tui/tui.h"

enum {
	OPT_SPLIT = OPT_LAST + 1, OPT_SEED, OPT_SPLIT_DAYS, OPT_IMAGES,
	OPT_MARGIN, OPT_TILE, OPT_OVERLAP, OPT_TILE_FORMAT, OPT_T_SRS,
	OPT_FORCE, OPT_BY, OPT_DUPLICATES
};

/* Pictures for chips and tiles: the last image opened stays open. */
struct pixels_ctx {
	struct store	*st;
	struct imagery	 im;
	int64_t		 open_id;
};

static int
picture_of(void *arg, const struct store_image *image, double x, double y,
    double w, double h, double scale, struct picture *pic, char *err,
    size_t errlen)
{
	struct pixels_ctx	*p = arg;

	if (p->open_id != image->id) {
		if (p->open_id != 0)
			imagery_close(&p->im);
		p->open_id = 0;
		if (imagery_open(p->st, image->id, NULL, 0, &p->im, err,
		    errlen) != 0)
			return -1;
		p->open_id = image->id;
	}
	return render_picture(p->im.r, x, y, w, h, scale, &p->im.stretch, pic,
	    err, errlen);
}

/*
 * A folder OUT must be new or empty (unless --force): no mixing. "-" is
 * standard output, for the formats that are one text (not a terminal:
 * quaymark marks shows marks there, escaped).
 */
static int
check_out(const char *out, int is_dir, int stdout_ok, int force, char *err,
    size_t errlen)
{
	struct stat	 sb;
	struct dirent	*d;
	DIR		*dir;
	int		 empty = 1;

	if (strcmp(out, "-") == 0) {
		if (!stdout_ok)
			return errf(err, errlen, "-: only csv and counts go "
			    "to standard output");
		if (isatty(STDOUT_FILENO))
			return errf(err, errlen, "-: standard output is a "
			    "terminal (quaymark marks --format csv shows "
			    "marks there)");
		return 0;
	}
	if (stat(out, &sb) != 0)
		return 0;
	if (!is_dir) {
		if (S_ISDIR(sb.st_mode))
			return errf(err, errlen, "%s: is a folder; this format "
			    "writes a file", out);
		return force ? 0 : errf(err, errlen, "%s: exists (--force "
		    "replaces it)", out);
	}
	if (!S_ISDIR(sb.st_mode))
		return errf(err, errlen, "%s: exists and is not a folder", out);
	if ((dir = opendir(out)) == NULL)
		return errf(err, errlen, "%s: cannot read the folder", out);
	while ((d = readdir(dir)) != NULL)
		if (strcmp(d->d_name, ".") != 0 && strcmp(d->d_name, "..") != 0)
			empty = 0;
	closedir(dir);
	if (!empty && !force)
		return errf(err, errlen, "%s: the folder is not empty (--force "
		    "writes into it)", out);
	return 0;
}

static int
export_counts(int argc, char **argv, const char *out, int force)
{
	struct buf	 b;
	char		 err[CMD_ERRLEN];
	char		*args[64];
	int		 n = 0, i, rc;

	if (check_out(out, 0, 1, force, err, sizeof err) != 0)
		return cmd_error("%s", err);
	/* the report's own options pass through */
	args[n++] = (char *)(uintptr_t)"report";
	for (i = 1; i < argc && n < 60; i++) {
		if (strcmp(argv[i], "--format") == 0 || strcmp(argv[i],
		    "--force") == 0 || strcmp(argv[i], out) == 0) {
			if (strcmp(argv[i], "--format") == 0)
				i++;
			continue;
		}
		if (strncmp(argv[i], "--format=", 9) == 0)
			continue;
		args[n++] = argv[i];
	}
	args[n] = NULL;
	buf_init(&b);
	if ((rc = cmd_report_counts(n, args, &b)) == EXIT_OK &&
	    export_write_file(out, b.data ? b.data : "", b.len, err,
	    sizeof err) != 0)
		rc = cmd_error("%s", err);
	buf_free(&b);
	return rc;
}

/* "approved,pending" or "all" to STATUS_* bits, or -1. */
static int
status_list(const char *arg)
{
	char	 one[32];
	size_t	 l;
	int	 mask = 0, st;

	if (strcmp(arg, "all") == 0)
		return STATUS_BIT(STATUS_APPROVED) | STATUS_BIT(STATUS_PENDING) |
		    STATUS_BIT(STATUS_REJECTED);
	while (*arg != '\0') {
		l = strcspn(arg, ",");
		if (l == 0 || l >= sizeof one)
			return -1;
		snprintf(one, sizeof one, "%.*s", (int)l, arg);
		if ((st = status_parse(one)) < 0)
			return -1;
		mask |= STATUS_BIT(st);
		arg += l + (arg[l] == ',');
	}
	return mask > 0 ? mask : -1;
}

/*
 * The summary line: what was written (for OGR, only marks on
 * georeferenced images are), then what was left out and why, each with
 * the option that would keep it.
 */
static void
summary(const struct export_set *s, const struct export_opts *o,
    const char *out)
{
	const struct export_left *l = &s->left;
	struct buf		 b;
	size_t			 marks = s->nmarks, images = s->n;
	char			*safe;
	int			 n = 0;

	marks -= l->nogeo_marks;
	images -= l->nogeo_images;
	buf_init(&b);
	safe = text_safe(out);
	buf_printf(&b, "export: %zu mark(s) on %zu image(s)%s to %s", marks,
	    images, o->tile > 0 ? " (tiles)" : "", safe);
	free(safe);
#define LEFT(cond, ...) do { if (cond) { \
		buf_puts(&b, n++ ? ", " : "; left out: "); \
		buf_printf(&b, __VA_ARGS__); } } while (0)
	LEFT(l->rejected > 0, "%zu rejected mark(s) (--status all keeps "
	    "them)", l->rejected);
	LEFT(l->other_status > 0, "%zu mark(s) of another status (--status)",
	    l->other_status);
	LEFT(l->cloudy_marks > 0, "%zu mark(s) on cloudy or no-data images "
	    "(--quality all keeps them)", l->cloudy_marks);
	LEFT(l->unreviewed_marks > 0, "%zu mark(s) on images without a "
	    "verdict (--quality all keeps them)", l->unreviewed_marks);
	LEFT(l->cloudy_images + l->unreviewed_images > 0, "%zu image(s) by "
	    "their verdict (%zu cloudy or no data, %zu unreviewed)",
	    l->cloudy_images + l->unreviewed_images, l->cloudy_images,
	    l->unreviewed_images);
	LEFT(l->duplicates > 0, "%zu duplicate mark(s) of objects another "
	    "analyst marked too (--duplicates keep keeps them)",
	    l->duplicates);
	LEFT(l->nogeo_images > 0, "%zu mark(s) on %zu image(s) not "
	    "georeferenced", l->nogeo_marks, l->nogeo_images);
#undef LEFT
	cmd_warn("%s", b.data);
	buf_free(&b);
}

static int
cmd_export(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "format", required_argument, NULL, OPT_FORMAT },
		CMD_FILTER_OPTIONS,
		{ "split", required_argument, NULL, OPT_SPLIT },
		{ "seed", required_argument, NULL, OPT_SEED },
		{ "split-days", required_argument, NULL, OPT_SPLIT_DAYS },
		{ "images", required_argument, NULL, OPT_IMAGES },
		{ "margin", required_argument, NULL, OPT_MARGIN },
		{ "tile", required_argument, NULL, OPT_TILE },
		{ "overlap", required_argument, NULL, OPT_OVERLAP },
		{ "tile-format", required_argument, NULL, OPT_TILE_FORMAT },
		{ "t-srs", required_argument, NULL, OPT_T_SRS },
		{ "force", no_argument, NULL, OPT_FORCE },
		{ "by", required_argument, NULL, OPT_BY },
		{ "duplicates", required_argument, NULL, OPT_DUPLICATES },
		{ "quay", required_argument, NULL, 'Q' },
		CMD_COMMON_OPTIONS,
		{ NULL, 0, NULL, 0 }
	};
	const struct cmd_entry	*ce = &cmd_export_entry;
	struct cmd_filter	 cf;
	struct export_opts	 o;
	struct export_set	 s;
	struct export_pixels	 px;
	struct pixels_ctx	 pc;
	struct progress		*pr = NULL;
	struct store		*st;
	const char		*format = NULL, *out;
	char			 err[CMD_ERRLEN], *end;
	int64_t			 n;
	int			 c, r, rc = EXIT_OK, force = 0, is_dir, q;
	int			 status_mask = -1;
	size_t			 i;

	memset(&cf, 0, sizeof cf);
	memset(&o, 0, sizeof o);
	o.split_days = 7;
	o.images = "link";
	optind = 1;
	while ((c = getopt_long(argc, argv, "d:h", opts, NULL)) != -1) {
		if (c != OPT_QUALITY && c != OPT_STATUS &&
		    (r = cmd_filter_opt(&cf, c, optarg)) != 0) {
			if (r < 0)
				return EXIT_USAGE;
			continue;
		}
		switch (c) {
		case OPT_FORMAT:
			format = optarg;
			break;
		case OPT_STATUS:
			if ((status_mask = status_list(optarg)) < 0)
				return cmd_usage_error(ce, "--status: \"%s\" is "
				    "not approved, pending, rejected or all (or a "
				    "list: approved,pending)", optarg);
			break;
		case OPT_DUPLICATES:
			if ((o.duplicates = export_dup_parse(optarg)) < 0)
				return cmd_usage_error(ce, "--duplicates: \"%s\" "
				    "is not first, keep or merge", optarg);
			break;
		case OPT_QUALITY:
			/* a list: clear,partly_cloudy; or all */
			if (strcmp(optarg, "all") == 0) {
				o.quality_mask = ~0;
				break;
			}
			for (end = optarg; *end != '\0';) {
				char	 one[32];
				size_t	 l = strcspn(end, ",");

				snprintf(one, sizeof one, "%.*s", (int)l, end);
				if ((q = quality_parse(one)) < 0)
					return cmd_usage_error(ce, "--quality: "
					    "\"%s\" is not a verdict", one);
				o.quality_mask |= QUALITY_BIT(q);
				end += l + (end[l] == ',');
			}
			break;
		case OPT_SPLIT:
			o.split = optarg;
			break;
		case OPT_SEED:
			if (num_parse_int64(optarg, &n) != 0)
				return cmd_usage_error(ce, "--seed: \"%s\" is "
				    "not a number", optarg);
			o.seed = (uint64_t)n;
			break;
		case OPT_SPLIT_DAYS:
			if (num_parse_int64(optarg, &n) != 0 || n < 1 ||
			    n > 3650)
				return cmd_usage_error(ce, "--split-days: \"%s\" "
				    "is not 1 to 3650", optarg);
			o.split_days = (int)n;
			break;
		case OPT_IMAGES:
			if (strcmp(optarg, "link") != 0 && strcmp(optarg,
			    "copy") != 0 && strcmp(optarg, "none") != 0)
				return cmd_usage_error(ce, "--images: \"%s\" is "
				    "not link, copy or none", optarg);
			o.images = optarg;
			break;
		case OPT_MARGIN:
			if (num_parse_double(optarg, &o.margin) != 0 ||
			    o.margin < 0)
				return cmd_usage_error(ce, "--margin: \"%s\" is "
				    "not a number of pixels", optarg);
			break;
		case OPT_TILE:
		case OPT_OVERLAP:
			if (num_parse_int64(optarg, &n) != 0 || n < 0 ||
			    n > 100000)
				return cmd_usage_error(ce, "--%s: \"%s\" is not "
				    "a number of pixels", c == OPT_TILE ? "tile" :
				    "overlap", optarg);
			if (c == OPT_TILE)
				o.tile = (int)n;
			else
				o.overlap = (int)n;
			break;
		case OPT_TILE_FORMAT:
			if (strcmp(optarg, "png") != 0 &&
			    strcmp(optarg, "gtiff") != 0)
				return cmd_usage_error(ce, "--tile-format: \"%s\" "
				    "is not png or gtiff", optarg);
			o.tile_format = optarg;
			break;
		case OPT_T_SRS:
			o.t_srs = optarg;
			break;
		case OPT_FORCE:
			force = 1;
			break;
		case OPT_BY:
		case 'Q':
			break;		/* counts: the report reads them */
		case 'h':
			return cmd_usage(ce, stdout);
		default:
			return cmd_usage(ce, stderr);
		}
	}
	if (format == NULL)
		return cmd_usage_error(ce, "--format is required");
	if (argc - optind != 1)
		return cmd_usage_error(ce, "need one OUT");
	out = argv[optind];
	/* the writers build paths under OUT in 4 KB buffers */
	if (strlen(out) > 2048)
		return cmd_usage_error(ce, "OUT: a path of %zu bytes is too "
		    "long", strlen(out));
	if (strcmp(format, "counts") == 0)
		return export_counts(argc, argv, out, force);
	if (strncmp(format, "ogr:", 4) == 0) {
		o.driver = format + 4;
		if (*o.driver == '\0')
			return cmd_usage_error(ce, "--format ogr:DRIVER names "
			    "a driver (ogr:GPKG, ogr:GeoJSON, ...)");
	} else if (strcmp(format, "coco") != 0 && strcmp(format, "yolo") != 0 &&
	    strcmp(format, "yolo-obb") != 0 && strcmp(format, "voc") != 0 &&
	    strcmp(format, "dota") != 0 && strcmp(format, "csv") != 0 &&
	    strcmp(format, "chips") != 0)
		return cmd_usage_error(ce, "--format: \"%s\" is not coco, yolo, "
		    "yolo-obb, voc, dota, ogr:DRIVER, csv, chips or counts",
		    format);
	if (o.tile > 0 && (strcmp(format, "csv") == 0 || o.driver != NULL ||
	    strcmp(format, "chips") == 0))
		return cmd_usage_error(ce, "--tile goes with coco, yolo, "
		    "yolo-obb, voc and dota");
	is_dir = o.driver == NULL && strcmp(format, "csv") != 0;
	if (check_out(out, is_dir, strcmp(format, "csv") == 0, force, err,
	    sizeof err) != 0)
		return cmd_error("%s", err);

	if ((st = cmd_open_store(0)) == NULL)
		return EXIT_FAIL;
	if (cmd_filter_resolve(st, &cf, &o.filter, 0) != 0) {
		store_close(st);
		return EXIT_FAIL;
	}
	/* default: approved and pending; rejected marks leave only when
	 * --status names them */
	o.filter.status_mask = status_mask >= 0 ? status_mask :
	    STATUS_BIT(STATUS_APPROVED) | STATUS_BIT(STATUS_PENDING);
	if (export_select(st, &o, &s, err, sizeof err) != 0) {
		rc = cmd_error("%s", err);
		goto out_filter;
	}
	if (o.split != NULL) {
		if (export_split_parse(o.split, &s, err, sizeof err) != 0) {
			rc = cmd_error("%s", err);
			goto out_set;
		}
		export_split_assign(&s, o.seed, o.split_days);
	}
	if (is_dir && export_mkdirs(out, err, sizeof err) != 0) {
		rc = cmd_error("%s", err);
		goto out_set;
	}
	memset(&pc, 0, sizeof pc);
	pc.st = st;
	px.ctx = &pc;
	px.picture = picture_of;
	o.pixels = &px;
	if ((o.tile > 0 || strcmp(format, "chips") == 0) &&
	    render_init(err, sizeof err) != 0) {
		rc = cmd_error("%s", err);
		goto out_set;
	}
	if (o.tile > 0) {
		pr = progress_start("tiles", 0);
		o.progress = progress_cb;
		o.progress_ctx = pr;
		r = tiles_make(&s, out, &o, err, sizeof err);
		progress_done(pr);
		if (r != 0) {
			rc = cmd_error("%s", err);
			goto out_set;
		}
	}
	pr = progress_start("export", s.n);
	o.progress = progress_cb;
	o.progress_ctx = pr;
	if (strcmp(format, "coco") == 0)
		r = coco_write(&s, out, &o, err, sizeof err);
	else if (strcmp(format, "yolo") == 0 || strcmp(format, "yolo-obb") ==
	    0)
		r = yolo_write(&s, out, format[4] == '-', &o, err, sizeof err);
	else if (strcmp(format, "voc") == 0)
		r = voc_write(&s, out, &o, err, sizeof err);
	else if (strcmp(format, "dota") == 0)
		r = dota_write(&s, out, &o, err, sizeof err);
	else if (strcmp(format, "chips") == 0)
		r = chips_write(&s, out, &o, err, sizeof err);
	else if (o.driver != NULL) {
		for (i = 0; i < s.n; i++)
			if (!s.v[i].im.has_gt || s.v[i].im.crs_wkt == NULL) {
				s.left.nogeo_images++;
				s.left.nogeo_marks += s.v[i].nmarks;
			}
		if ((r = render_init(err, sizeof err)) == 0)
			r = ogr_write(st, &s, out, &o, err, sizeof err);
	} else
		r = csv_write(&s, out, err, sizeof err);
	progress_done(pr);
	if (o.tile > 0) {
		char	 stage[4096];

		xsnprintf(stage, sizeof stage, "%s/.tiles", out);
		rmdir(stage);
	}
	if (r != 0) {
		rc = cmd_error("%s", err);
		goto out_set;
	}
	summary(&s, &o, out);
out_set:
	if (pc.open_id != 0)
		imagery_close(&pc.im);
	export_set_free(&s);
out_filter:
	cmd_filter_free(&o.filter);
	store_close(st);
	return rc;
}

const struct cmd_entry cmd_export_entry = {
	.name = "export",
	.usage = "--format coco|yolo|yolo-obb|voc|dota|ogr:DRIVER|csv|chips|"
	    "counts [--site NAME] [--from DATE] [--to DATE] [--class CLASS] "
	    "[--status STATUS,...|all] [--quality VERDICT,...|all] "
	    "[--duplicates first|keep|merge] "
	    "[--split NAME=SHARE,... [--seed N] [--split-days N]] "
	    "[--images link|copy|none] [--tile SIZE [--overlap PX] "
	    "[--tile-format png|gtiff]] [--margin PX] [--t-srs SRS] [--force] "
	    "OUT",
	.summary = "write the marks as a dataset or GIS layers",
	.exec = cmd_export,
};
