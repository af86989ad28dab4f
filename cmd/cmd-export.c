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
#include "../imagery/imagery.h"

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

/* One run of export: what the options said. */
struct export_cmd {
	struct cmd_filter		 cf;
	struct export_opts		 o;
	const struct export_format	*fmt;
	const char			*format, *out;
	const char			*status, *quality;	/* as given */
	const char			*by, *quay;	/* counts */
	int				 status_mask;	/* -1: default */
	int				 force;
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

/*
 * --format counts: the report's counts as CSV, from the options export
 * shares with report (the filters, --by, --quay).
 */
static int
export_counts(const struct export_cmd *x)
{
	struct cmd_counts_args	 a;
	struct buf		 b;
	char			 err[CMD_ERRLEN];
	int			 rc;

	if (x->cf.image != NULL || x->cf.author != NULL || x->quality != NULL)
		return cmd_usage_error(&cmd_export_entry, "--format counts "
		    "takes --site, --from, --to, --class, --status, --by and "
		    "--quay");
	if (check_out(x->out, 0, 1, x->force, err, sizeof err) != 0)
		return cmd_error("%s", err);
	memset(&a, 0, sizeof a);
	a.site = x->cf.site;
	a.from = x->cf.from;
	a.to = x->cf.to;
	a.cls = x->cf.nclasses > 0 ? x->cf.classes[x->cf.nclasses - 1] : NULL;
	a.status = x->status;
	a.by = x->by;
	a.quay = x->quay;
	buf_init(&b);
	if ((rc = cmd_report_counts(&cmd_export_entry, &a, &b)) == EXIT_OK &&
	    export_write_file(x->out, b.data ? b.data : "", b.len, err,
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

/* "clear,partly_cloudy" or "all" into *mask; -1 after a usage message. */
static int
quality_list(const char *arg, int *mask)
{
	char	 one[32];
	size_t	 l;
	int	 q;

	if (strcmp(arg, "all") == 0) {
		*mask = ~0;
		return 0;
	}
	while (*arg != '\0') {
		l = strcspn(arg, ",");
		snprintf(one, sizeof one, "%.*s", (int)l, arg);
		if ((q = quality_parse(one)) < 0)
			return cmd_usage_error(&cmd_export_entry, "--quality: "
			    "\"%s\" is not a verdict", one), -1;
		*mask |= QUALITY_BIT(q);
		arg += l + (arg[l] == ',');
	}
	return 0;
}

/* A number of pixels for --margin, --tile, --overlap; -1 if it is not. */
static int
pixels_opt(const char *name, const char *arg, int64_t max, double *v)
{
	int64_t	 n;

	if (max == 0) {
		if (num_parse_double(arg, v) == 0 && *v >= 0)
			return 0;
	} else if (num_parse_int64(arg, &n) == 0 && n >= 0 && n <= max) {
		*v = (double)n;
		return 0;
	}
	cmd_usage_error(&cmd_export_entry, "--%s: \"%s\" is not a number of "
	    "pixels", name, arg);
	return -1;
}

/* One option of export's own; 0, or -1 after a usage message. */
static int
export_opt(struct export_cmd *x, int c, const char *arg)
{
	const struct cmd_entry	*ce = &cmd_export_entry;
	struct export_opts	*o = &x->o;
	int64_t			 n;
	double			 v;

	switch (c) {
	case OPT_FORMAT:
		x->format = arg;
		break;
	case OPT_STATUS:
		x->status = arg;
		if ((x->status_mask = status_list(arg)) < 0)
			return cmd_usage_error(ce, "--status: \"%s\" is not "
			    "approved, pending, rejected or all (or a list: "
			    "approved,pending)", arg), -1;
		break;
	case OPT_DUPLICATES:
		if ((o->duplicates = export_dup_parse(arg)) < 0)
			return cmd_usage_error(ce, "--duplicates: \"%s\" is not "
			    "first, keep or merge", arg), -1;
		break;
	case OPT_QUALITY:
		x->quality = arg;
		return quality_list(arg, &o->quality_mask);
	case OPT_SPLIT:
		o->split = arg;
		break;
	case OPT_SEED:
		if (num_parse_int64(arg, &n) != 0)
			return cmd_usage_error(ce, "--seed: \"%s\" is not a "
			    "number", arg), -1;
		o->seed = (uint64_t)n;
		break;
	case OPT_SPLIT_DAYS:
		if (num_parse_int64(arg, &n) != 0 || n < 1 || n > 3650)
			return cmd_usage_error(ce, "--split-days: \"%s\" is not "
			    "1 to 3650", arg), -1;
		o->split_days = (int)n;
		break;
	case OPT_IMAGES:
		if (strcmp(arg, "link") != 0 && strcmp(arg, "copy") != 0 &&
		    strcmp(arg, "none") != 0)
			return cmd_usage_error(ce, "--images: \"%s\" is not "
			    "link, copy or none", arg), -1;
		o->images = arg;
		break;
	case OPT_MARGIN:
		return pixels_opt("margin", arg, 0, &o->margin);
	case OPT_TILE:
	case OPT_OVERLAP:
		if (pixels_opt(c == OPT_TILE ? "tile" : "overlap", arg, 100000,
		    &v) != 0)
			return -1;
		*(c == OPT_TILE ? &o->tile : &o->overlap) = (int)v;
		break;
	case OPT_TILE_FORMAT:
		if (strcmp(arg, "png") != 0 && strcmp(arg, "gtiff") != 0)
			return cmd_usage_error(ce, "--tile-format: \"%s\" is not "
			    "png or gtiff", arg), -1;
		o->tile_format = arg;
		break;
	case OPT_T_SRS:
		o->t_srs = arg;
		break;
	case OPT_FORCE:
		x->force = 1;
		break;
	case OPT_BY:
		x->by = arg;
		break;
	case 'Q':
		x->quay = arg;
		break;
	}
	return 0;
}

/*
 * The command line into x; -1 to go on, else the exit status. The
 * format's name is looked up in export/'s table of formats.
 */
static int
export_parse(int argc, char **argv, struct export_cmd *x)
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
	struct buf		 b;
	int			 c, r;

	x->status_mask = -1;
	x->o.split_days = 7;
	x->o.images = "link";
	optind = 1;
	while ((c = cmd_getopt(argc, argv, "d:h", opts)) != -1) {
		if (c != OPT_QUALITY && c != OPT_STATUS &&
		    (r = cmd_filter_opt(&x->cf, c, optarg)) != 0) {
			if (r < 0)
				return EXIT_USAGE;
			continue;
		}
		if (c == 'h')
			return cmd_usage(ce, stdout);
		if (c == '?' || c == ':')
			return cmd_usage(ce, stderr);
		if (export_opt(x, c, optarg) != 0)
			return EXIT_USAGE;
	}
	if (x->format == NULL)
		return cmd_usage_error(ce, "--format is required");
	if (argc - optind != 1)
		return cmd_usage_error(ce, "need one OUT");
	x->out = argv[optind];
	/* the writers build paths under OUT in 4 KB buffers */
	if (strlen(x->out) > 2048)
		return cmd_usage_error(ce, "OUT: a path of %zu bytes is too "
		    "long", strlen(x->out));
	if ((x->fmt = export_format_find(x->format, EXPORT_FMT_OUT,
	    &x->o.driver)) == NULL) {
		buf_init(&b);
		export_format_names(&b, EXPORT_FMT_OUT, ", ", " or ");
		r = cmd_usage_error(ce, "--format: \"%s\" is not %s", x->format,
		    b.data);
		buf_free(&b);
		return r;
	}
	if (strcmp(x->fmt->name, "ogr:") == 0 && *x->o.driver == '\0')
		return cmd_usage_error(ce, "--format ogr:DRIVER names a driver "
		    "(ogr:GPKG, ogr:GeoJSON, ...)");
	if (*x->o.driver == '\0')
		x->o.driver = NULL;
	if (x->fmt->write != NULL && x->o.tile > 0 &&
	    (x->fmt->flags & EXPORT_FMT_TILES) == 0) {
		buf_init(&b);
		export_format_names(&b, EXPORT_FMT_OUT | EXPORT_FMT_TILES,
		    ", ", " and ");
		r = cmd_usage_error(ce, "--tile goes with %s", b.data);
		buf_free(&b);
		return r;
	}
	return -1;
}

/* Cut the images into tiles (in OUT/.tiles) before the writer runs. */
static int
export_tiles(struct export_cmd *x, struct export_set *s, char *err,
    size_t errlen)
{
	struct progress	*pr;
	int		 r;

	pr = progress_start("tiles", 0);
	x->o.progress = progress_cb;
	x->o.progress_ctx = pr;
	r = tiles_make(s, x->out, &x->o, err, errlen);
	progress_done(pr);
	return r;
}

/* The marks selected, split, tiled and written; 0, or -1 with err. */
static int
export_run(struct store *st, struct export_cmd *x, struct export_set *s,
    struct pixels_ctx *pc, char *err, size_t errlen)
{
	struct export_opts	*o = &x->o;
	struct export_pixels	 px;
	struct progress		*pr;
	char			 stage[4096];
	int			 r;

	if (export_select(st, o, s, err, errlen) != 0)
		return -1;
	if (o->split != NULL) {
		if (export_split_parse(o->split, s, err, errlen) != 0)
			return -1;
		export_split_assign(s, o->seed, o->split_days);
	}
	if ((x->fmt->flags & EXPORT_FMT_FOLDER) &&
	    export_mkdirs(x->out, err, errlen) != 0)
		return -1;
	pc->st = st;
	px.ctx = pc;
	px.picture = picture_of;
	o->pixels = &px;
	if ((o->tile > 0 || (x->fmt->flags & EXPORT_FMT_PIXELS)) &&
	    render_init(err, errlen) != 0)
		return -1;
	if (o->tile > 0 && export_tiles(x, s, err, errlen) != 0)
		return -1;
	pr = progress_start("export", s->n);
	o->progress = progress_cb;
	o->progress_ctx = pr;
	r = x->fmt->write(st, s, x->out, o, err, errlen);
	progress_done(pr);
	o->pixels = NULL;
	if (o->tile > 0) {
		xsnprintf(stage, sizeof stage, "%s/.tiles", x->out);
		rmdir(stage);
	}
	return r;
}

static int
cmd_export(int argc, char **argv)
{
	struct export_cmd	 x;
	struct export_set	 s;
	struct pixels_ctx	 pc;
	struct store		*st;
	char			 err[CMD_ERRLEN];
	int			 rc = EXIT_OK;

	memset(&x, 0, sizeof x);
	if ((rc = export_parse(argc, argv, &x)) >= 0)
		return rc;
	if (x.fmt->write == NULL)
		return export_counts(&x);
	if (check_out(x.out, (x.fmt->flags & EXPORT_FMT_FOLDER) != 0,
	    (x.fmt->flags & EXPORT_FMT_STDOUT) != 0, x.force, err,
	    sizeof err) != 0)
		return cmd_error("%s", err);
	if ((st = cmd_open_store(0)) == NULL)
		return EXIT_FAIL;
	if (cmd_filter_resolve(st, &x.cf, &x.o.filter, 0) != 0) {
		store_close(st);
		return EXIT_FAIL;
	}
	/* default: approved and pending; rejected marks leave only when
	 * --status names them */
	x.o.filter.status_mask = x.status_mask >= 0 ? x.status_mask :
	    STATUS_BIT(STATUS_APPROVED) | STATUS_BIT(STATUS_PENDING);
	memset(&s, 0, sizeof s);
	memset(&pc, 0, sizeof pc);
	rc = EXIT_OK;
	if (export_run(st, &x, &s, &pc, err, sizeof err) != 0)
		rc = cmd_error("%s", err);
	else
		summary(&s, &x.o, x.out);
	if (pc.open_id != 0)
		imagery_close(&pc.im);
	export_set_free(&s);
	cmd_filter_free(&x.o.filter);
	store_close(st);
	return rc;
}

/*
 * Under --help: the formats that go way (EXPORT_FMT_OUT or _IN), each with
 * what it holds and its line of help, from export/'s table.
 */
void
cmd_formats_help(FILE *fp, int way)
{
	const struct export_format	*f;
	struct buf			 b;
	size_t				 i;

	fputs("formats:\n", fp);
	for (i = 0; (f = export_format_at(i)) != NULL; i++) {
		if ((f->flags & way) == 0)
			continue;
		buf_init(&b);
		export_format_traits(&b, f);
		fprintf(fp, "  %-11s %s\n  %-11s (%s)\n", export_format_shown(f),
		    f->help, "", b.data);
		buf_free(&b);
	}
}

/* `quaymark help --formats`: the man page's DATASET FORMATS section. */
void
cmd_formats_mdoc(FILE *fp)
{
	struct buf	 b;

	buf_init(&b);
	export_formats_mdoc(&b);
	fputs(b.data, fp);
	buf_free(&b);
}

static void
export_help(FILE *fp)
{
	cmd_formats_help(fp, EXPORT_FMT_OUT);
}

const struct cmd_entry cmd_export_entry = {
	.name = "export",
	.usage = "--format csv|coco|yolo|yolo-obb|voc|dota|ogr:DRIVER|chips|"
	    "counts [--site NAME] [--from DATE] [--to DATE] [--class CLASS] "
	    "[--status STATUS,...|all] [--quality VERDICT,...|all] "
	    "[--duplicates first|keep|merge] "
	    "[--split NAME=SHARE,... [--seed N] [--split-days N]] "
	    "[--images link|copy|none] [--tile SIZE [--overlap PX] "
	    "[--tile-format png|gtiff]] [--margin PX] [--t-srs SRS] [--force] "
	    "OUT",
	.summary = "write the marks as a dataset or GIS layers",
	.exec = cmd_export,
	.help = export_help,
};
