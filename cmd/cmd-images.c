/*
 * cmd-images.c: `images` lists the catalog by date; `sites` lists sites;
 * `quality` records an image's quality verdict.
 */
#include <getopt.h>
#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cmd.h"

/*
 * The catalog's columns. The table shows what fits a screen (the date to
 * the minute, the size, the file's name); CSV and JSON what a program
 * needs (the path, the full date, width and height apart); JSON all.
 */
#define T	ROWS_IN(FORMAT_TABLE)
#define C	ROWS_IN(FORMAT_CSV)
#define J	ROWS_IN(FORMAT_JSON)
static const struct {
	const char	*name;
	unsigned	 in;
} image_cols[] = {
	{ "#id", T | C | J }, { "date", T }, { "path", C | J },
	{ "name", J }, { "site", T | C | J }, { "date", C | J },
	{ "quality", T | C | J }, { "size", T }, { "#width", C | J },
	{ "#height", C | J }, { "#bands", T | C | J }, { "data_type", C | J },
	{ "#marks", T | C | J }, { "?reviewed", C | J }, { "?accepted", J },
	{ "crs", C | J }, { "sensor", J }, { "#file_size", J },
	{ "date_source", J }, { "@geotransform", J },
	/* from a STAC item (ingest --stac); the table's CLOUD column only
	 * where a provider reported some */
	{ "cloud", 0 }, { "#cloud_cover", C | J }, { "#off_nadir", J },
	{ "platform", J }, { "stac_item", J }, { "stac_asset", J },
	{ "file", T },
};
#define COL_CLOUD	20	/* image_cols' "cloud" */
#undef T
#undef C
#undef J

/* One image's row, every column (rows_only hides some per shape); s:
 * its STAC facts, or NULL. */
static void
image_row(struct rows *r, const struct store_image *im,
    const struct store_stac *s)
{
	json_t	*gt;
	char	 n[6][32], when[DATE_ISO_LEN], minute[DATE_ISO_LEN];
	char	 size[48], *gts = NULL, cloud[40] = "", cover[32] = "";
	char	 nadir[32] = "";
	int	 i;

	date_format(im->acquired, when);
	memcpy(minute, when, sizeof minute);
	minute[16] = '\0';
	minute[10] = ' ';
	snprintf(n[0], sizeof n[0], "%lld", (long long)im->id);
	snprintf(n[1], sizeof n[1], "%d", im->width);
	snprintf(n[2], sizeof n[2], "%d", im->height);
	snprintf(n[3], sizeof n[3], "%d", im->bands);
	snprintf(n[4], sizeof n[4], "%lld", (long long)im->marks);
	snprintf(n[5], sizeof n[5], "%lld", (long long)im->file_size);
	snprintf(size, sizeof size, "%dx%d", im->width, im->height);
	if (im->has_gt) {
		gt = json_array();
		for (i = 0; i < 6; i++)
			json_array_append_new(gt, json_real(im->gt[i]));
		gts = json_dumps(gt, JSON_COMPACT);
		json_decref(gt);
	}
	if (s != NULL && !isnan(s->cloud_cover)) {
		num_format(cover, sizeof cover, s->cloud_cover);
		snprintf(cloud, sizeof cloud, "%.0f%%", s->cloud_cover);
	}
	if (s != NULL && !isnan(s->off_nadir))
		num_format(nadir, sizeof nadir, s->off_nadir);
	rows_add(r, n[0], minute, im->path, im->name, im->site, when,
	    quality_name(im->quality), size, n[1], n[2], n[3], im->data_type,
	    n[4], im->reviewed ? "1" : "0", im->accepted ? "1" : "0",
	    im->crs_code, im->sensor, n[5], im->date_source, gts, cloud,
	    *cover ? cover : NULL, *nadir ? nadir : NULL,
	    s ? s->platform : NULL, s ? s->item_id : NULL,
	    s ? s->asset : NULL, im->name);
	free(gts);
}

#define OPT_MAX_CLOUD	(OPT_LAST + 1)

/*
 * Remote paths lose their query-string secrets, and with --max-cloud
 * (max >= 0) images whose provider reports more cloud are dropped; images
 * without a reported figure stay (an analyst's verdict decides). *sv gets
 * the STAC facts of the site's images, by image id.
 */
static int
images_remote(struct store *st, const struct store_filter *sf,
    struct store_image *v, size_t *n, double max, struct store_stac **sv,
    size_t *nsv, char *err, size_t errlen)
{
	const struct store_stac	*s;
	size_t			 i, k = 0;
	char			*red;

	if (store_stac_list(st, sf->site_id, sv, nsv, err, errlen) != 0)
		return -1;
	for (i = 0; i < *n; i++) {
		s = store_stac_find(*sv, *nsv, v[i].id);
		if (max >= 0 && s != NULL && !isnan(s->cloud_cover) &&
		    s->cloud_cover > max) {
			store_image_clear(&v[i]);
			continue;
		}
		if (v[i].path != NULL && url_is_remote(v[i].path)) {
			red = url_redacted(v[i].path);
			free(v[i].path);
			v[i].path = red;
		}
		v[k++] = v[i];
	}
	*n = k;
	return 0;
}

static const struct option images_opts[] = {
	CMD_FILTER_OPTIONS,
	CMD_COMMON_OPTIONS,
	{ "format", required_argument, NULL, OPT_FORMAT },
	{ "max-cloud", required_argument, NULL, OPT_MAX_CLOUD },
	{ NULL, 0, NULL, 0 }
};

static int
cmd_images(int argc, char **argv)
{
	struct cmd_filter	 cf;
	struct store_filter	 sf;
	struct store_image	*v;
	struct store_stac	*sv = NULL;
	struct store		*st;
	struct rows		*rows;
	enum cmd_format		 fmt = FORMAT_TABLE;
	const char		**names;
	char			 err[CMD_ERRLEN];
	double			 max_cloud = -1;
	size_t			 n, i, nsv = 0;
	int			 c, r;

	memset(&cf, 0, sizeof cf);
	optind = 1;
	while ((c = cmd_getopt(argc, argv, "d:h", images_opts)) != -1) {
		if ((r = cmd_filter_opt(&cf, c, optarg)) != 0) {
			if (r < 0)
				return EXIT_USAGE;
			continue;
		}
		switch (c) {
		case OPT_FORMAT:
			if (cmd_format_opt(&cmd_images_entry, optarg, &fmt) != 0)
				return EXIT_USAGE;
			break;
		case OPT_MAX_CLOUD:
			if (num_parse_double(optarg, &max_cloud) != 0 ||
			    !(max_cloud >= 0 && max_cloud <= 100))
				return cmd_usage_error(&cmd_images_entry,
				    "--max-cloud: \"%s\" is not a percentage "
				    "from 0 to 100", optarg);
			break;
		case 'h':
			return cmd_usage(&cmd_images_entry, stdout);
		default:
			return cmd_usage(&cmd_images_entry, stderr);
		}
	}
	if (optind < argc)
		return cmd_usage_error(&cmd_images_entry, "unexpected \"%s\"",
		    argv[optind]);
	if ((st = cmd_open_store(0)) == NULL)
		return EXIT_FAIL;
	if (cmd_filter_resolve(st, &cf, &sf, 0) != 0) {
		store_close(st);
		return EXIT_FAIL;
	}
	if (store_image_list(st, &sf, &v, &n, err, sizeof err) != 0) {
		cmd_filter_free(&sf);
		store_close(st);
		return cmd_error("%s", err);
	}
	if (images_remote(st, &sf, v, &n, max_cloud, &sv, &nsv, err,
	    sizeof err) != 0) {
		store_images_free(v, n);
		cmd_filter_free(&sf);
		store_close(st);
		return cmd_error("%s", err);
	}
	names = xcalloc(QM_NELEM(image_cols), sizeof *names);
	for (i = 0; i < QM_NELEM(image_cols); i++)
		names[i] = image_cols[i].name;
	rows = rows_new((int)QM_NELEM(image_cols), names);
	free(names);
	for (i = 0; i < QM_NELEM(image_cols); i++)
		rows_only(rows, (int)i, image_cols[i].in);
	if (nsv > 0)
		rows_only(rows, COL_CLOUD, ROWS_IN(FORMAT_TABLE));
	for (i = 0; i < n; i++)
		image_row(rows, &v[i], store_stac_find(sv, nsv, v[i].id));
	rows_print(rows, fmt, stdout);
	rows_free(rows);
	store_images_free(v, n);
	store_stacs_free(sv, nsv);
	cmd_filter_free(&sf);
	store_close(st);
	return EXIT_OK;
}

const struct cmd_entry cmd_images_entry = {
	.name = "images",
	.usage = "[--site NAME] [--from DATE] [--to DATE] [--max-cloud N] "
	    "[--format table|csv|json]",
	.summary = "list the catalog by acquisition date",
	.exec = cmd_images,
};

static int
cmd_sites(int argc, char **argv)
{
	static const char *const cols[] = { "#id", "site", "#images" };
	enum cmd_format		 fmt;
	struct store		*st;
	struct store_site	*v;
	struct rows		*r;
	char			 err[CMD_ERRLEN], id[24], n_images[24];
	size_t			 n, i;
	int			 rc;

	if ((rc = cmd_list_options(&cmd_sites_entry, argc, argv, &fmt)) >= 0)
		return rc;
	if ((st = cmd_open_store(0)) == NULL)
		return EXIT_FAIL;
	if (store_site_list(st, &v, &n, err, sizeof err) != 0) {
		store_close(st);
		return cmd_error("%s", err);
	}
	r = rows_new((int)QM_NELEM(cols), cols);
	for (i = 0; i < n; i++) {
		snprintf(id, sizeof id, "%lld", (long long)v[i].id);
		snprintf(n_images, sizeof n_images, "%lld",
		    (long long)v[i].images);
		rows_add(r, id, v[i].name, n_images);
	}
	rows_print(r, fmt, stdout);
	rows_free(r);
	store_sites_free(v, n);
	store_close(st);
	return EXIT_OK;
}

const struct cmd_entry cmd_sites_entry = {
	.name = "sites",
	.usage = "[--format table|csv|json]",
	.summary = "list the sites and how many images each has",
	.exec = cmd_sites,
};

static int
cmd_quality(int argc, char **argv)
{
	static const struct option opts[] = {
		CMD_COMMON_OPTIONS,
		{ NULL, 0, NULL, 0 }
	};
	struct store	*st;
	char		 err[CMD_ERRLEN];
	int64_t		 id;
	int		 c, q, i, rc = EXIT_OK, done = 0;

	optind = 1;
	while ((c = cmd_getopt(argc, argv, "d:h", opts)) != -1) {
		if (c == 'h')
			return cmd_usage(&cmd_quality_entry, stdout);
		else
			return cmd_usage(&cmd_quality_entry, stderr);
	}
	if (argc - optind < 2)
		return cmd_usage_error(&cmd_quality_entry, "need IMAGE_ID... "
		    "and a verdict");
	if ((q = quality_parse(argv[argc - 1])) < 0)
		return cmd_usage_error(&cmd_quality_entry, "\"%s\" is not "
		    "clear, partly_cloudy, cloudy, no_data or unreviewed",
		    argv[argc - 1]);
	for (i = optind; i < argc - 1; i++)
		if (cmd_parse_id(argv[i], &id) != 0)
			return cmd_usage_error(&cmd_quality_entry, "\"%s\" is "
			    "not an image id", argv[i]);
	if ((st = cmd_open_store(0)) == NULL)
		return EXIT_FAIL;
	for (i = optind; i < argc - 1; i++) {
		cmd_parse_id(argv[i], &id);
		if (store_image_set_quality(st, id, q, err, sizeof err) != 0)
			rc = cmd_error("image %s: %s", argv[i], err);
		else
			done++;
	}
	/* a bulk action says how many it acted on */
	if (isatty(STDOUT_FILENO) || rc != EXIT_OK)
		fprintf(stderr, "quality: %d of %d image(s) set to %s\n", done,
		    argc - 1 - optind, quality_name(q));
	store_close(st);
	return rc;
}

const struct cmd_entry cmd_quality_entry = {
	.name = "quality",
	.usage = "IMAGE_ID... clear|partly_cloudy|cloudy|no_data|unreviewed",
	.summary = "record images' quality verdict",
	.exec = cmd_quality,
};
