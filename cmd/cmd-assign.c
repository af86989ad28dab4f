/*
 * cmd-assign.c: `assign`, `unassign`, `reveal` and `assignments`: which
 * analysts label which images. Assigned --blind, an image shows each
 * assignee only their own marks, so that `agreement` compares honest,
 * independent labels; a supervisor's `reveal` ends that.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cmd.h"

/* The images named by ids, or by the filter's site and dates. */
static int
select_images(struct store *st, const struct cmd_filter *cf, char **ids,
    int nids, int64_t **out, size_t *n)
{
	struct store_filter	 sf;
	struct store_image	*v;
	char			 err[CMD_ERRLEN];
	size_t			 i;

	if (nids > 0) {
		*out = xcalloc((size_t)nids, sizeof **out);
		for (i = 0; i < (size_t)nids; i++)
			if (cmd_parse_id(ids[i], &(*out)[i]) != 0) {
				free(*out);
				return cmd_error("\"%s\" is not an image id",
				    ids[i]);
			}
		*n = (size_t)nids;
		return 0;
	}
	if (cmd_filter_resolve(st, cf, &sf, 0) != 0)
		return -1;
	sf.lean = 1;
	sf.no_mark_counts = 1;
	if (store_image_list(st, &sf, &v, n, err, sizeof err) != 0) {
		cmd_filter_free(&sf);
		return cmd_error("%s", err);
	}
	cmd_filter_free(&sf);
	*out = xcalloc(*n ? *n : 1, sizeof **out);
	for (i = 0; i < *n; i++)
		(*out)[i] = v[i].id;
	store_images_free(v, *n);
	if (*n == 0)
		return cmd_error("no images match");
	return 0;
}

/* Split "a,b,c" into at most max names (pointers into s). */
static int
split_names(char *s, char **names, int max)
{
	char	*p, *save = NULL;
	int	 n = 0;

	for (p = strtok_r(s, ",", &save); p != NULL && n < max;
	    p = strtok_r(NULL, ",", &save))
		if (*p != '\0')
			names[n++] = p;
	return n;
}

static int
assign_common(const struct cmd_entry *ce, int argc, char **argv, int un)
{
	static const struct option opts[] = {
		{ "analysts", required_argument, NULL, 'a' },
		{ "analyst", required_argument, NULL, 'a' },
		{ "blind", no_argument, NULL, 'b' },
		{ "site", required_argument, NULL, OPT_SITE },
		{ "from", required_argument, NULL, OPT_FROM },
		{ "to", required_argument, NULL, OPT_TO },
		CMD_COMMON_OPTIONS,
		{ NULL, 0, NULL, 0 }
	};
	struct cmd_filter	 cf;
	struct store		*st;
	char			*list = NULL, *names[32], err[CMD_ERRLEN];
	int64_t			*ids;
	size_t			 n, i, done = 0;
	int			 c, k, nnames, blind = 0, rc = EXIT_OK, r;

	memset(&cf, 0, sizeof cf);
	optind = 1;
	while ((c = cmd_getopt(argc, argv, "d:h", opts)) != -1) {
		if ((r = cmd_filter_opt(&cf, c, optarg)) != 0) {
			if (r < 0)
				return EXIT_USAGE;
			continue;
		}
		if (c == 'a')
			list = optarg;
		else if (c == 'b' && !un)
			blind = 1;
		else if (c == 'h')
			return cmd_usage(ce, stdout);
		else
			return cmd_usage(ce, stderr);
	}
	if (list == NULL)
		return cmd_usage_error(ce, "--analysts NAME[,NAME...] is "
		    "required");
	list = xstrdup(list);
	if ((nnames = split_names(list, names, (int)QM_NELEM(names))) == 0) {
		free(list);
		return cmd_usage_error(ce, "--analysts: no names");
	}
	if (optind == argc && cf.site == NULL) {
		free(list);
		return cmd_usage_error(ce, "name IMAGE_IDs, or --site (with "
		    "--from and --to)");
	}
	if ((st = cmd_open_store(0)) == NULL) {
		free(list);
		return EXIT_FAIL;
	}
	if (select_images(st, &cf, argv + optind, argc - optind, &ids, &n) !=
	    0) {
		free(list);
		store_close(st);
		return EXIT_FAIL;
	}
	for (i = 0; i < n; i++)
		for (k = 0; k < nnames; k++) {
			if ((un ? store_unassign(st, ids[i], names[k], err,
			    sizeof err) : store_assign(st, ids[i], names[k],
			    blind, err, sizeof err)) != 0) {
				rc = cmd_error("image %lld: %s",
				    (long long)ids[i], err);
				if (strstr(err, "only supervisors") != NULL ||
				    strstr(err, "not a user") != NULL)
					goto out;	/* the same for all */
				continue;
			}
			done++;
		}
	if (isatty(STDOUT_FILENO) || rc != EXIT_OK)
		fprintf(stderr, "%s: %zu assignment(s) %s\n", ce->name, done,
		    un ? "removed" : blind ? "made, blind" : "made");
out:
	free(ids);
	free(list);
	store_close(st);
	return rc;
}

static int
cmd_assign(int argc, char **argv)
{
	return assign_common(&cmd_assign_entry, argc, argv, 0);
}

static int
cmd_unassign(int argc, char **argv)
{
	return assign_common(&cmd_unassign_entry, argc, argv, 1);
}

const struct cmd_entry cmd_assign_entry = {
	.name = "assign",
	.usage = "--analysts NAME[,NAME...] [--blind] (IMAGE_ID... | --site "
	    "NAME [--from DATE] [--to DATE])",
	.summary = "assign images to analysts; --blind hides their marks "
	    "from each other",
	.exec = cmd_assign,
};

const struct cmd_entry cmd_unassign_entry = {
	.name = "unassign",
	.usage = "--analysts NAME[,NAME...] (IMAGE_ID... | --site NAME "
	    "[--from DATE] [--to DATE])",
	.summary = "take assignments back",
	.exec = cmd_unassign,
};

/*
 * After a reveal: the analysts' verdicts, and whether they settled the
 * image or the supervisor must (quaymark quality ID VERDICT).
 */
static void
say_verdicts(struct store *st, int64_t id)
{
	struct store_verdict	*v;
	struct store_image	 im;
	struct buf		 b;
	char			 err[CMD_ERRLEN];
	size_t			 n, i;

	if (store_verdict_list(st, id, &v, &n, err, sizeof err) != 0) {
		cmd_error("image %lld: %s", (long long)id, err);
		return;
	}
	if (n > 0 && store_image_get(st, id, &im, err, sizeof err) == 0) {
		buf_init(&b);
		for (i = 0; i < n; i++)
			buf_printf(&b, "%s%s %s", i ? ", " : "", v[i].user,
			    quality_name(v[i].quality));
		if (im.quality == QUALITY_UNREVIEWED)
			cmd_warn("reveal: image %lld: verdicts differ (%s); "
			    "settle with quaymark quality %lld VERDICT",
			    (long long)id, b.data, (long long)id);
		else
			cmd_warn("reveal: image %lld: verdicts %s; image is "
			    "%s", (long long)id, b.data,
			    quality_name(im.quality));
		buf_free(&b);
		store_image_clear(&im);
	}
	store_verdicts_free(v, n);
}

static int
cmd_reveal(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "site", required_argument, NULL, OPT_SITE },
		{ "from", required_argument, NULL, OPT_FROM },
		{ "to", required_argument, NULL, OPT_TO },
		CMD_COMMON_OPTIONS,
		{ NULL, 0, NULL, 0 }
	};
	const struct cmd_entry	*ce = &cmd_reveal_entry;
	struct cmd_filter	 cf;
	struct store		*st;
	char			 err[CMD_ERRLEN];
	int64_t			*ids;
	size_t			 n, i, done = 0;
	int			 c, r, rc = EXIT_OK;

	memset(&cf, 0, sizeof cf);
	optind = 1;
	while ((c = cmd_getopt(argc, argv, "d:h", opts)) != -1) {
		if ((r = cmd_filter_opt(&cf, c, optarg)) != 0) {
			if (r < 0)
				return EXIT_USAGE;
		} else if (c == 'h')
			return cmd_usage(ce, stdout);
		else
			return cmd_usage(ce, stderr);
	}
	if (optind == argc && cf.site == NULL)
		return cmd_usage_error(ce, "name IMAGE_IDs, or --site (with "
		    "--from and --to)");
	if ((st = cmd_open_store(0)) == NULL)
		return EXIT_FAIL;
	if (select_images(st, &cf, argv + optind, argc - optind, &ids, &n) !=
	    0) {
		store_close(st);
		return EXIT_FAIL;
	}
	for (i = 0; i < n; i++) {
		if (store_reveal(st, ids[i], err, sizeof err) == 0) {
			done++;
			say_verdicts(st, ids[i]);
			continue;
		}
		/* over a range, images that were not blind are no error */
		if (optind == argc && strstr(err, "is not blind") != NULL)
			continue;
		rc = cmd_error("image %lld: %s", (long long)ids[i], err);
		if (strstr(err, "only supervisors") != NULL)
			break;
	}
	if (isatty(STDOUT_FILENO) || rc != EXIT_OK)
		fprintf(stderr, "reveal: %zu image(s) revealed\n", done);
	free(ids);
	store_close(st);
	return rc;
}

const struct cmd_entry cmd_reveal_entry = {
	.name = "reveal",
	.usage = "IMAGE_ID... | --site NAME [--from DATE] [--to DATE]",
	.summary = "end blind images: assignees see each other's marks",
	.exec = cmd_reveal,
};

struct list_ctx {
	struct rows	*r;
};

static int
list_one(void *ctx, const struct store_assignment *a)
{
	struct list_ctx	*l = ctx;
	char		 id[24], date[DATE_ISO_LEN];

	snprintf(id, sizeof id, "%lld", (long long)a->image_id);
	date_format_day(a->acquired, date);
	rows_add(l->r, id, date, a->image, a->site, a->user, a->blind ?
	    "yes" : "no", a->verdict ? a->verdict : "-", a->assigned,
	    a->assigned_by);
	return 0;
}

static int
cmd_assignments(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "analyst", required_argument, NULL, 'a' },
		{ "site", required_argument, NULL, 's' },
		{ "format", required_argument, NULL, 'f' },
		CMD_COMMON_OPTIONS,
		{ NULL, 0, NULL, 0 }
	};
	static const char *const cols[] = { "#image", "date", "file", "site",
	    "analyst", "blind", "verdict", "assigned", "by" };
	const struct cmd_entry	*ce = &cmd_assignments_entry;
	enum cmd_format		 fmt = FORMAT_TABLE;
	struct list_ctx		 l;
	struct store		*st;
	const char		*analyst = NULL, *site = NULL;
	char			 err[CMD_ERRLEN];
	int64_t			 site_id = 0;
	int			 c, stop;

	optind = 1;
	while ((c = cmd_getopt(argc, argv, "d:h", opts)) != -1) {
		switch (c) {
		case 'a':
			analyst = optarg;
			break;
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
	if (site != NULL && store_site_find(st, site, &site_id, err,
	    sizeof err) != 0) {
		store_close(st);
		return cmd_error("--site: %s", err);
	}
	l.r = rows_new((int)QM_NELEM(cols), cols);
	if (store_assignment_each(st, analyst, site_id, list_one, &l, err,
	    sizeof err) != 0) {
		rows_free(l.r);
		store_close(st);
		return cmd_error("%s", err);
	}
	rows_print(l.r, fmt, stdout);
	rows_free(l.r);
	store_close(st);
	return EXIT_OK;
}

const struct cmd_entry cmd_assignments_entry = {
	.name = "assignments",
	.usage = "[--analyst NAME] [--site NAME] [--format table|csv|json]",
	.summary = "list who is assigned which images, and which are blind",
	.exec = cmd_assignments,
};
