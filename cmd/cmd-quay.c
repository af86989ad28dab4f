/*
 * cmd-quay.c: `quay add`, `quay set`, `quay rm` and `quay list`. Quays
 * drawn in a map CRS are reprojected into every CRS the site's images use
 * (cmd_quay_sync), so the count engine needs only each image's
 * geotransform. A change and its reprojection are one transaction: a quay
 * whose corners cannot be transformed is never kept.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd.h"
#include "../render/render.h"

/*
 * Keep every map-CRS quay of the site reprojected into each CRS its
 * images use. Loads GDAL only when there is a map quay to project.
 */
int
cmd_quay_sync(struct store *st, int64_t site_id, char *err, size_t errlen)
{
	struct store_quay	*q;
	struct store_image	*im;
	struct store_filter	 f;
	double			*pts, *have;
	size_t			 nq, nim, i, j, k, nhave;
	int			 rc = 0, any = 0;

	if (store_quay_list(st, site_id, &q, &nq, err, errlen) != 0)
		return -1;
	for (i = 0; i < nq; i++)
		any |= q[i].crs != NULL;
	if (!any) {
		store_quays_free(q, nq);
		return 0;
	}
	memset(&f, 0, sizeof f);
	f.site_id = site_id;
	if (store_image_list(st, &f, &im, &nim, err, errlen) != 0) {
		store_quays_free(q, nq);
		return -1;
	}
	for (i = 0; i < nq && rc == 0; i++) {
		if (q[i].crs == NULL)
			continue;
		for (j = 0; j < nim && rc == 0; j++) {
			if (im[j].crs_code == NULL ||
			    strcmp(im[j].crs_code, q[i].crs) == 0)
				continue;
			if (store_quay_geom_get(st, q[i].id, im[j].crs_code,
			    &have, &nhave, err, errlen) != 0) {
				rc = -1;
				break;
			}
			if (have != NULL) {
				free(have);
				continue;
			}
			pts = xreallocarray(NULL, q[i].npts, 2 * sizeof *pts);
			for (k = 0; k < 2 * q[i].npts; k++)
				pts[k] = q[i].pts[k];
			if (render_crs_transform(q[i].crs, im[j].crs_code, pts,
			    q[i].npts, err, errlen) != 0 ||
			    store_quay_geom_put(st, q[i].id, im[j].crs_code,
			    pts, q[i].npts, err, errlen) != 0)
				rc = -1;
			free(pts);
		}
	}
	store_images_free(im, nim);
	store_quays_free(q, nq);
	return rc;
}

/*
 * --polygon (and --crs) into points and a normalised CRS code: 0, or the
 * exit status of the one-line refusal.
 */
static int
polygon_arg(const struct cmd_entry *ce, const char *poly, const char *crs,
    double **pts, long *n, char **code)
{
	char	 err[CMD_ERRLEN];

	*code = NULL;
	if ((*n = num_parse_points(poly, pts)) < 0)
		return cmd_usage_error(ce, "--polygon: write \"x y, x y, x y, "
		    "...\" with finite numbers");
	if (*n < 3) {
		free(*pts);
		return cmd_usage_error(ce, "--polygon: at least 3 points");
	}
	if (crs != NULL && render_crs_normalise(crs, code, err, sizeof err)
	    != 0) {
		free(*pts);
		return cmd_error("--crs: %s", err);
	}
	return 0;
}

static int
cmd_quay_add(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "site", required_argument, NULL, 's' },
		{ "polygon", required_argument, NULL, 'p' },
		{ "crs", required_argument, NULL, 'c' },
		CMD_COMMON_OPTIONS,
		{ NULL, 0, NULL, 0 }
	};
	struct store	*st;
	const char	*site = NULL, *poly = NULL, *crs = NULL;
	char		 err[CMD_ERRLEN], *code = NULL;
	double		*pts;
	long		 n;
	int64_t		 site_id, id;
	int		 c, rc;

	optind = 1;
	while ((c = cmd_getopt(argc, argv, "d:h", opts)) != -1) {
		switch (c) {
		case 's':
			site = optarg;
			break;
		case 'p':
			poly = optarg;
			break;
		case 'c':
			crs = optarg;
			break;
		case 'h':
			return cmd_usage(&cmd_quay_add_entry, stdout);
		default:
			return cmd_usage(&cmd_quay_add_entry, stderr);
		}
	}
	if (site == NULL || poly == NULL || argc - optind != 1)
		return cmd_usage_error(&cmd_quay_add_entry, "need --site, "
		    "--polygon and one NAME");
	if ((rc = polygon_arg(&cmd_quay_add_entry, poly, crs, &pts, &n,
	    &code)) != 0)
		return rc;
	if ((st = cmd_open_store(0)) == NULL) {
		free(pts);
		free(code);
		return EXIT_FAIL;
	}
	rc = EXIT_OK;
	if (store_site_find(st, site, &site_id, err, sizeof err) != 0 ||
	    store_begin(st, err, sizeof err) != 0)
		rc = cmd_error("%s", err);
	else if (store_quay_add(st, site_id, argv[optind], pts, (size_t)n,
	    code, &id, err, sizeof err) != 0) {
		store_rollback(st);
		rc = cmd_error("%s", err);
	} else if (code != NULL && cmd_quay_sync(st, site_id, err, sizeof err)
	    != 0) {
		store_rollback(st);
		rc = cmd_error("quay %s: %s; nothing added", argv[optind], err);
	} else if (store_commit(st, err, sizeof err) != 0)
		rc = cmd_error("%s", err);
	else
		printf("%lld\n", (long long)id);
	free(pts);
	free(code);
	store_close(st);
	return rc;
}

const struct cmd_entry cmd_quay_add_entry = {
	.name = "quay add",
	.usage = "--site NAME --polygon \"X Y, X Y, ...\" [--crs EPSG:N] NAME",
	.summary = "define a quay polygon (image pixels, or map coordinates)",
	.exec = cmd_quay_add,
};

/* The site and quay named by --site and QUAY: 0, or an exit status. */
static int
find_quay(struct store *st, const char *site, const char *quay,
    int64_t *site_id, int64_t *id)
{
	char	 err[CMD_ERRLEN];

	if (store_site_find(st, site, site_id, err, sizeof err) != 0)
		return cmd_error("--site: %s", err);
	if (store_quay_find(st, *site_id, quay, id, err, sizeof err) != 0)
		return cmd_error("%s", err);
	return 0;
}

static int
cmd_quay_set(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "site", required_argument, NULL, 's' },
		{ "name", required_argument, NULL, 'n' },
		{ "polygon", required_argument, NULL, 'p' },
		{ "crs", required_argument, NULL, 'c' },
		CMD_COMMON_OPTIONS,
		{ NULL, 0, NULL, 0 }
	};
	const struct cmd_entry	*ce = &cmd_quay_set_entry;
	struct store		*st;
	const char		*site = NULL, *poly = NULL, *crs = NULL;
	const char		*name = NULL;
	char			 err[CMD_ERRLEN], *code = NULL;
	double			*pts = NULL;
	long			 n = 0;
	int64_t			 site_id, id;
	int			 c, rc;

	optind = 1;
	while ((c = cmd_getopt(argc, argv, "d:h", opts)) != -1) {
		switch (c) {
		case 's':
			site = optarg;
			break;
		case 'n':
			name = optarg;
			break;
		case 'p':
			poly = optarg;
			break;
		case 'c':
			crs = optarg;
			break;
		case 'h':
			return cmd_usage(ce, stdout);
		default:
			return cmd_usage(ce, stderr);
		}
	}
	if (site == NULL || argc - optind != 1)
		return cmd_usage_error(ce, "need --site and one QUAY");
	if (name == NULL && poly == NULL)
		return cmd_usage_error(ce, "nothing to change: give --name or "
		    "--polygon");
	if (crs != NULL && poly == NULL)
		return cmd_usage_error(ce, "--crs goes with --polygon");
	if (poly != NULL && (rc = polygon_arg(ce, poly, crs, &pts, &n,
	    &code)) != 0)
		return rc;
	if ((st = cmd_open_store(0)) == NULL) {
		free(pts);
		free(code);
		return EXIT_FAIL;
	}
	if ((rc = find_quay(st, site, argv[optind], &site_id, &id)) != 0)
		goto out;
	if (store_begin(st, err, sizeof err) != 0) {
		rc = cmd_error("%s", err);
		goto out;
	}
	if (store_quay_set(st, id, name, pts, (size_t)n, code, err,
	    sizeof err) != 0) {
		store_rollback(st);
		rc = cmd_error("quay %s: %s", argv[optind], err);
	} else if (cmd_quay_sync(st, site_id, err, sizeof err) != 0) {
		store_rollback(st);
		rc = cmd_error("quay %s: %s; nothing changed", argv[optind],
		    err);
	} else if (store_commit(st, err, sizeof err) != 0)
		rc = cmd_error("%s", err);
	else
		printf("%lld\n", (long long)id);
out:
	free(pts);
	free(code);
	store_close(st);
	return rc;
}

const struct cmd_entry cmd_quay_set_entry = {
	.name = "quay set",
	.usage = "--site NAME [--name NEW] [--polygon \"X Y, X Y, ...\"] "
	    "[--crs EPSG:N] QUAY",
	.summary = "rename a quay or give it a new polygon",
	.exec = cmd_quay_set,
};

static int
cmd_quay_rm(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "site", required_argument, NULL, 's' },
		CMD_COMMON_OPTIONS,
		{ NULL, 0, NULL, 0 }
	};
	const struct cmd_entry	*ce = &cmd_quay_rm_entry;
	struct store		*st;
	const char		*site = NULL;
	char			 err[CMD_ERRLEN];
	int64_t			 site_id, id;
	int			 c, rc;

	optind = 1;
	while ((c = cmd_getopt(argc, argv, "d:h", opts)) != -1) {
		switch (c) {
		case 's':
			site = optarg;
			break;
		case 'h':
			return cmd_usage(ce, stdout);
		default:
			return cmd_usage(ce, stderr);
		}
	}
	if (site == NULL || argc - optind != 1)
		return cmd_usage_error(ce, "need --site and one QUAY");
	if ((st = cmd_open_store(0)) == NULL)
		return EXIT_FAIL;
	if ((rc = find_quay(st, site, argv[optind], &site_id, &id)) == 0) {
		if (store_quay_rm(st, id, err, sizeof err) != 0)
			rc = cmd_error("quay %s: %s", argv[optind], err);
		else
			printf("%lld\n", (long long)id);
	}
	store_close(st);
	return rc;
}

const struct cmd_entry cmd_quay_rm_entry = {
	.name = "quay rm",
	.usage = "--site NAME QUAY",
	.summary = "remove a quay (marks stay; they are counted at quays)",
	.exec = cmd_quay_rm,
};

static int
cmd_quay_list(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "site", required_argument, NULL, 's' },
		{ "format", required_argument, NULL, 'f' },
		CMD_COMMON_OPTIONS,
		{ NULL, 0, NULL, 0 }
	};
	static const char *const cols[] = { "#id", "site", "quay", "crs",
	    "polygon" };
	const struct cmd_entry	*ce = &cmd_quay_list_entry;
	enum cmd_format		 fmt = FORMAT_TABLE;
	struct store		*st;
	struct store_quay	*q;
	struct store_site	*sites;
	struct rows		*r;
	struct buf		 b;
	const char		*site = NULL, *sname;
	char			 err[CMD_ERRLEN], id[24], x[32], y[32];
	int64_t			 site_id = 0;
	size_t			 n, ns, i, j, k;
	int			 c, stop;

	optind = 1;
	while ((c = cmd_getopt(argc, argv, "d:h", opts)) != -1) {
		switch (c) {
		case 's':
			site = optarg;
			break;
		default:
			if ((stop = cmd_list_opt(ce, c, optarg, &fmt)) >= 0)
				return stop;
			break;
		}
	}
	if (optind < argc)
		return cmd_usage_error(ce, "unexpected \"%s\"", argv[optind]);
	if ((st = cmd_open_store(0)) == NULL)
		return EXIT_FAIL;
	if ((site != NULL && store_site_find(st, site, &site_id, err,
	    sizeof err) != 0) ||
	    store_quay_list(st, site_id, &q, &n, err, sizeof err) != 0) {
		store_close(st);
		return cmd_error("%s", err);
	}
	if (store_site_list(st, &sites, &ns, err, sizeof err) != 0) {
		store_quays_free(q, n);
		store_close(st);
		return cmd_error("%s", err);
	}
	r = rows_new((int)QM_NELEM(cols), cols);
	buf_init(&b);
	for (i = 0; i < n; i++) {
		sname = "?";
		for (k = 0; k < ns; k++)
			if (sites[k].id == q[i].site_id)
				sname = sites[k].name;
		buf_reset(&b);
		for (j = 0; j < q[i].npts; j++) {
			num_format(x, sizeof x, q[i].pts[2 * j]);
			num_format(y, sizeof y, q[i].pts[2 * j + 1]);
			buf_printf(&b, "%s%s %s", j ? ", " : "", x, y);
		}
		snprintf(id, sizeof id, "%lld", (long long)q[i].id);
		rows_add(r, id, sname, q[i].name, q[i].crs ? q[i].crs :
		    "pixels", b.data);
	}
	rows_print(r, fmt, stdout);
	rows_free(r);
	buf_free(&b);
	store_sites_free(sites, ns);
	store_quays_free(q, n);
	store_close(st);
	return EXIT_OK;
}

const struct cmd_entry cmd_quay_list_entry = {
	.name = "quay list",
	.usage = "[--site NAME] [--format table|csv|json]",
	.summary = "list the quays",
	.exec = cmd_quay_list,
};
