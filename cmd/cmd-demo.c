/*
 * cmd-demo.c: `demo --generate DIR` writes the demo port; plain `demo`
 * makes it in the cache folder if needed, catalogs it into a demo database
 * with its quays and (by default) October and November already labelled,
 * and opens the app on it.
 */
#include <sys/stat.h>

#include <getopt.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cmd.h"
#include "../demo/demo.h"
#include "../export/export.h"
#include "../render/render.h"

#define DEMO_LABELS_UNTIL "2024-11-30"	/* --labels partial */

static int
generate(const char *dir, uint32_t seed, double scale)
{
	struct progress	*p;
	char		 err[CMD_ERRLEN];
	int		 rc;

	p = progress_start("demo", 0);
	rc = demo_generate(dir, seed, scale, progress_cb, p, err, sizeof err);
	progress_done(p);
	if (rc != 0)
		return cmd_error("%s", err);
	return 0;
}

/* Apply quality.csv verdicts (for images up to `until`, or all). */
static int
apply_verdicts(struct store *st, const char *dir, int64_t until)
{
	struct csv_reader	 r;
	char			 path[PATH_MAX], err[CMD_ERRLEN], *data;
	int64_t			 id, t;
	size_t			 len;
	int			 q, rc = 0;

	if (xsnprintf(path, sizeof path, "%s/quality.csv", dir) != 0 ||
	    file_read_all(path, 1 << 24, &data, &len, err, sizeof err) != 0)
		return cmd_error("%s", err);
	csv_reader_init(&r, data, len);
	csv_read_row(&r, err, sizeof err);	/* header */
	while (rc == 0 && csv_read_row(&r, err, sizeof err) == 1) {
		if (r.nfields < 3 || date_parse(r.fields[1], &t, NULL) != 0 ||
		    t > until || (q = quality_parse(r.fields[2])) < 0)
			continue;
		if (store_image_find_name(st, r.fields[0], 0, &id, err,
		    sizeof err) != 0 ||
		    store_image_set_quality(st, id, q, err, sizeof err) != 0 ||
		    store_image_set_reviewed(st, id, 1, err, sizeof err) != 0)
			rc = cmd_error("%s", err);
	}
	csv_reader_free(&r);
	free(data);
	return rc;
}

/* Import truth.csv rows on images up to `until`. */
static int
import_truth(struct store *st, const char *dir, int64_t until)
{
	struct import_items	 all, some;
	struct import_result	 res;
	struct store_image	 im;
	char			 path[PATH_MAX], err[CMD_ERRLEN], *data;
	int64_t			 id;
	size_t			 len, i;
	int			 rc = 0;

	if (xsnprintf(path, sizeof path, "%s/truth.csv", dir) != 0 ||
	    file_read_all(path, 1 << 28, &data, &len, err, sizeof err) != 0)
		return cmd_error("%s", err);
	memset(&all, 0, sizeof all);
	memset(&some, 0, sizeof some);
	if (interchange_read(path, data, len, &all, err, sizeof err) != 0) {
		free(data);
		return cmd_error("%s", err);
	}
	free(data);
	some.empty_ok = 1;
	for (i = 0; i < all.n; i++) {
		if (store_image_find_name(st, all.v[i].image, 0, &id, NULL, 0)
		    != 0 || store_image_get(st, id, &im, NULL, 0) != 0)
			continue;
		if (im.acquired <= until) {
			if (some.n == some.cap) {
				some.cap = some.cap ? some.cap * 2 : 64;
				some.v = xreallocarray(some.v, some.cap,
				    sizeof *some.v);
			}
			some.v[some.n++] = all.v[i];
			memset(&all.v[i], 0, sizeof all.v[i]);
		}
		store_image_clear(&im);
	}
	if (import_commit(st, path, &some, NULL, &res, err, sizeof err) != 0)
		rc = cmd_error("%s", err);
	import_items_free(&all);
	import_items_free(&some);
	return rc;
}

static int
add_quays(struct store *st, int64_t site_id, double scale)
{
	char	 err[CMD_ERRLEN];
	double	 poly[8];
	int64_t	 id;
	size_t	 i;

	for (i = 0; i < 3; i++) {
		if (store_quay_find(st, site_id, demo_quays[i].name, &id, NULL,
		    0) == 0)
			continue;
		demo_quay_polygon(i, scale, poly);
		if (store_quay_add(st, site_id, demo_quays[i].name, poly, 4,
		    NULL, &id, err, sizeof err) != 0)
			return cmd_error("%s", err);
	}
	return 0;
}

static int
cmd_demo(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "generate", required_argument, NULL, 'g' },
		{ "seed", required_argument, NULL, 's' },
		{ "scale", required_argument, NULL, 'S' },
		{ "labels", required_argument, NULL, 'l' },
		{ "no-open", no_argument, NULL, 'n' },
		CMD_COMMON_OPTIONS,
		{ NULL, 0, NULL, 0 }
	};
	struct ingest_counts	 n;
	struct store		*st;
	struct stat		 sb;
	const char		*gen = NULL, *labels = "partial";
	char			 dir[PATH_MAX], sub[64], marker[PATH_MAX];
	char			 db[PATH_MAX], err[CMD_ERRLEN];
	char			*paths[1];
	int64_t			 seed = 1, until, t0;
	double			 scale = 1;
	int			 c, no_open = 0, rc = EXIT_OK;

	optind = 1;
	while ((c = cmd_getopt(argc, argv, "d:h", opts)) != -1) {
		switch (c) {
		case 'g':
			gen = optarg;
			break;
		case 's':
			if (num_parse_int64(optarg, &seed) != 0 || seed < 0 ||
			    seed > UINT32_MAX)
				return cmd_usage_error(&cmd_demo_entry,
				    "--seed: \"%s\" is not a number from 0 to "
				    "4294967295", optarg);
			break;
		case 'S':
			if (num_parse_double(optarg, &scale) != 0 ||
			    scale < 0.1 || scale > 4)
				return cmd_usage_error(&cmd_demo_entry,
				    "--scale: \"%s\" is not a number from 0.1 "
				    "to 4", optarg);
			break;
		case 'l':
			labels = optarg;
			if (strcmp(labels, "none") && strcmp(labels, "partial")
			    && strcmp(labels, "all"))
				return cmd_usage_error(&cmd_demo_entry,
				    "--labels: none, partial or all");
			break;
		case 'n':
			no_open = 1;
			break;
		case 'h':
			return cmd_usage(&cmd_demo_entry, stdout);
		default:
			return cmd_usage(&cmd_demo_entry, stderr);
		}
	}
	if (optind < argc)
		return cmd_usage_error(&cmd_demo_entry, "unexpected \"%s\"",
		    argv[optind]);
	if (gen != NULL) {
		if (generate(gen, (uint32_t)seed, scale) != 0)
			return EXIT_FAIL;
		cmd_say(stdout, "demo: wrote %s (seed %lld, scale %g)", gen,
		    (long long)seed, scale);
		return EXIT_OK;
	}

	snprintf(sub, sizeof sub, "demo/seed%lld-scale%g", (long long)seed,
	    scale);
	if (path_cache_dir(dir, sizeof dir, sub, err, sizeof err) != 0)
		return cmd_error("%s", err);
	if (xsnprintf(marker, sizeof marker, "%s/.complete", dir) != 0)
		return cmd_error("%s: path too long", dir);
	if (stat(marker, &sb) != 0) {
		if (generate(dir, (uint32_t)seed, scale) != 0)
			return EXIT_FAIL;
		if (file_write_all(marker, QM_VERSION "\n",
		    strlen(QM_VERSION) + 1, err, sizeof err) != 0)
			return cmd_error("%s", err);
	}
	if (!cmd_db_given() && getenv("QUAYMARK_DB") == NULL) {
		if (xsnprintf(db, sizeof db, "%s/demo.db", dir) != 0)
			return cmd_error("%s: path too long", dir);
		cmd_set_db(db);
	}
	if (render_init(err, sizeof err) != 0)
		return cmd_error("%s", err);
	if ((st = cmd_open_store(STORE_CREATE | STORE_BULK)) == NULL)
		return EXIT_FAIL;
	memset(&n, 0, sizeof n);
	paths[0] = dir;
	if (cmd_ingest_run(st, DEMO_SITE, 0, 0, paths, 1, &n) != 0 ||
	    n.skipped > 0 || add_quays(st, n.site_id, scale) != 0) {
		store_close(st);
		return EXIT_FAIL;
	}
	if (strcmp(labels, "none") != 0) {
		if (strcmp(labels, "all") == 0)
			until = INT64_MAX;
		else
			date_parse_range(DEMO_LABELS_UNTIL, &t0, &until);
		if (apply_verdicts(st, dir, until) != 0 ||
		    import_truth(st, dir, until) != 0)
			rc = EXIT_FAIL;
	}
	store_close(st);
	if (rc != EXIT_OK)
		return rc;
	cmd_say(stdout, "demo: %zu images of \"%s\" in %s", n.added + n.unchanged +
	    n.updated + n.moved, DEMO_SITE, cmd_resolve_db());
	if (no_open || !isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO)) {
		printf("demo: open it with  quaymark -d '%s' tui\n",
		    cmd_resolve_db());
		return EXIT_OK;
	}
	return cmd_open_tui();
}

const struct cmd_entry cmd_demo_entry = {
	.name = "demo",
	.usage = "[--generate DIR] [--seed N] [--scale F] "
	    "[--labels none|partial|all] [--no-open]",
	.summary = "make the demo port, catalog it and open the app on it",
	.exec = cmd_demo,
};
