/*
 * cmd-images.c: `images` lists the catalog by date; `sites` lists sites;
 * `quality` records an image's quality verdict.
 */
#include <getopt.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cmd.h"

static json_t *
image_to_json(const struct store_image *im)
{
	json_t	*j, *gt;
	char	 when[DATE_ISO_LEN];
	int	 i;

	date_format(im->acquired, when);
	j = json_pack("{s:I}", "id", (json_int_t)im->id);
	/* file names are bytes: see cmd/json-text.c */
	cmd_json_set_text(j, "path", im->path);
	cmd_json_set_text(j, "name", im->name);
	cmd_json_set_text(j, "site", im->site);
	json_object_set_new(j, "date", json_string(when));
	json_object_set_new(j, "quality",
	    json_string(quality_name(im->quality)));
	json_object_set_new(j, "width", json_integer(im->width));
	json_object_set_new(j, "height", json_integer(im->height));
	json_object_set_new(j, "bands", json_integer(im->bands));
	cmd_json_set_text(j, "data_type", im->data_type);
	json_object_set_new(j, "marks", json_integer(im->marks));
	json_object_set_new(j, "reviewed", json_boolean(im->reviewed));
	json_object_set_new(j, "accepted", json_boolean(im->accepted));
	cmd_json_set_text(j, "crs", im->crs_code);
	cmd_json_set_text(j, "sensor", im->sensor);
	json_object_set_new(j, "file_size", json_integer(im->file_size));
	cmd_json_set_text(j, "date_source", im->date_source);
	if (im->has_gt) {
		gt = json_array();
		for (i = 0; i < 6; i++)
			json_array_append_new(gt, json_real(im->gt[i]));
		json_object_set_new(j, "geotransform", gt);
	} else
		json_object_set_new(j, "geotransform", json_null());
	return j;
}

static const struct option images_opts[] = {
	CMD_FILTER_OPTIONS,
	CMD_COMMON_OPTIONS,
	{ "format", required_argument, NULL, OPT_FORMAT },
	{ NULL, 0, NULL, 0 }
};

static int
cmd_images(int argc, char **argv)
{
	struct cmd_filter	 cf;
	struct store_filter	 sf;
	struct store_image	*v;
	struct store		*st;
	struct table		*t;
	struct buf		 b;
	enum cmd_format		 fmt = FORMAT_TABLE;
	json_t			*arr;
	char			 err[CMD_ERRLEN], when[DATE_ISO_LEN];
	char			 size[32], bands[16], marks[24], id[24];
	size_t			 n, i;
	int			 c, r;

	memset(&cf, 0, sizeof cf);
	optind = 1;
	while ((c = getopt_long(argc, argv, "d:h", images_opts, NULL)) != -1) {
		if ((r = cmd_filter_opt(&cf, c, optarg)) != 0) {
			if (r < 0)
				return EXIT_USAGE;
			continue;
		}
		switch (c) {
		case OPT_FORMAT:
			if (cmd_parse_format(optarg, &fmt) != 0)
				return cmd_usage_error(&cmd_images_entry,
				    "--format: \"%s\" is not table, csv or "
				    "json", optarg);
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
	switch (fmt) {
	case FORMAT_JSON:
		arr = json_array();
		for (i = 0; i < n; i++)
			json_array_append_new(arr, image_to_json(&v[i]));
		json_dumpf(arr, stdout, JSON_INDENT(2) | JSON_ENSURE_ASCII |
		    JSON_PRESERVE_ORDER);
		fputc('\n', stdout);
		json_decref(arr);
		break;
	case FORMAT_CSV:
		buf_init(&b);
		csv_put_field(&b, "id", 0);
		csv_put_field(&b, "path", 0);
		csv_put_field(&b, "site", 0);
		csv_put_field(&b, "date", 0);
		csv_put_field(&b, "quality", 0);
		csv_put_field(&b, "width", 0);
		csv_put_field(&b, "height", 0);
		csv_put_field(&b, "bands", 0);
		csv_put_field(&b, "data_type", 0);
		csv_put_field(&b, "marks", 0);
		csv_put_field(&b, "reviewed", 0);
		csv_put_field(&b, "crs", 0);
		csv_end_row(&b);
		for (i = 0; i < n; i++) {
			date_format(v[i].acquired, when);
			snprintf(id, sizeof id, "%lld", (long long)v[i].id);
			csv_put_field(&b, id, 0);
			csv_put_field(&b, v[i].path, 1);
			csv_put_field(&b, v[i].site, 1);
			csv_put_field(&b, when, 0);
			csv_put_field(&b, quality_name(v[i].quality), 0);
			snprintf(size, sizeof size, "%d", v[i].width);
			csv_put_field(&b, size, 0);
			snprintf(size, sizeof size, "%d", v[i].height);
			csv_put_field(&b, size, 0);
			snprintf(bands, sizeof bands, "%d", v[i].bands);
			csv_put_field(&b, bands, 0);
			csv_put_field(&b, v[i].data_type, 0);
			snprintf(marks, sizeof marks, "%lld",
			    (long long)v[i].marks);
			csv_put_field(&b, marks, 0);
			csv_put_field(&b, v[i].reviewed ? "1" : "0", 0);
			csv_put_field(&b, v[i].crs_code, 0);
			csv_end_row(&b);
		}
		cmd_write_data(stdout, b.data, b.len);
		buf_free(&b);
		break;
	case FORMAT_TABLE:
		t = table_new(8, (const char *[]){ "ID", "DATE", "SITE",
		    "QUALITY", "SIZE", "BANDS", "MARKS", "FILE" });
		for (i = 0; i < n; i++) {
			date_format(v[i].acquired, when);
			when[16] = '\0';
			when[10] = ' ';
			snprintf(id, sizeof id, "%lld", (long long)v[i].id);
			snprintf(size, sizeof size, "%dx%d", v[i].width,
			    v[i].height);
			snprintf(bands, sizeof bands, "%d", v[i].bands);
			snprintf(marks, sizeof marks, "%lld",
			    (long long)v[i].marks);
			table_add(t, id, when, v[i].site,
			    quality_name(v[i].quality), size, bands, marks,
			    v[i].name);
		}
		table_print(t, stdout);
		table_free(t);
		break;
	}
	store_images_free(v, n);
	cmd_filter_free(&sf);
	store_close(st);
	return EXIT_OK;
}

const struct cmd_entry cmd_images_entry = {
	.name = "images",
	.usage = "[--site NAME] [--from DATE] [--to DATE] "
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
	while ((c = getopt_long(argc, argv, "d:h", opts, NULL)) != -1) {
		if (c == 'd')
			cmd_db_path = optarg;
		else if (c == 'h')
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
