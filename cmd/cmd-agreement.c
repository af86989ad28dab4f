/*
 * cmd-agreement.c: `agreement`: how far two analysts agree, per class and
 * per image, with Cohen's kappa on their image verdicts (count/agreement.c
 * does the matching).
 */
#include <getopt.h>
#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd.h"
#include "../count/count.h"

static const char *
class_name(struct store_class *v, size_t n, int64_t id)
{
	size_t	 i;

	for (i = 0; i < n; i++)
		if (v[i].id == id)
			return v[i].name;
	return "?";
}

static double
ratio(size_t a, size_t b)
{
	return b ? (double)a / (double)b : NAN;
}

static json_t *
json_num(double v)
{
	return isnan(v) ? json_null() : json_real(round(v * 10000) / 10000);
}

/*
 * v with the given decimals, or where there is nothing to divide "-"
 * (JSON: NULL, which it writes as null); JSON gets four decimals.
 */
static const char *
fmt_num(char *out, size_t len, double v, int decimals, enum cmd_format fmt)
{
	if (isnan(v))
		return fmt == FORMAT_JSON ? NULL : "-";
	snprintf(out, len, "%.*f", fmt == FORMAT_JSON ? 4 : decimals, v);
	return out;
}

/* What one run of agreement asks. */
struct agree_cmd {
	struct agree_opts	 o;
	struct cmd_filter	 cf;
	enum cmd_format		 fmt;
	char			*list;		/* owns both analysts' names */
	int			 per_image;
};

/* The command line into a; -1 to go on, else the exit status. */
static int
agreement_parse(int argc, char **argv, struct agree_cmd *a)
{
	static const struct option opts[] = {
		{ "analysts", required_argument, NULL, 'a' },
		{ "site", required_argument, NULL, OPT_SITE },
		{ "from", required_argument, NULL, OPT_FROM },
		{ "to", required_argument, NULL, OPT_TO },
		{ "iou", required_argument, NULL, 'i' },
		{ "dist", required_argument, NULL, 'D' },
		{ "per-image", no_argument, NULL, 'p' },
		{ "format", required_argument, NULL, 'f' },
		CMD_COMMON_OPTIONS,
		{ NULL, 0, NULL, 0 }
	};
	const struct cmd_entry	*ce = &cmd_agreement_entry;
	const char		*list = NULL;
	char			*comma;
	int			 c, x, stop;

	a->o.iou = 0.5;
	a->o.point_dist = 10;
	optind = 1;
	while ((c = cmd_getopt(argc, argv, "d:h", opts)) != -1) {
		if ((x = cmd_filter_opt(&a->cf, c, optarg)) != 0) {
			if (x < 0)
				return EXIT_USAGE;
			continue;
		}
		switch (c) {
		case 'a':
			list = optarg;
			break;
		case 'i':
			if (num_parse_double(optarg, &a->o.iou) != 0 ||
			    a->o.iou <= 0 || a->o.iou > 1)
				return cmd_usage_error(ce, "--iou: \"%s\" is not "
				    "a number in (0, 1]", optarg);
			break;
		case 'D':
			if (num_parse_double(optarg, &a->o.point_dist) != 0 ||
			    a->o.point_dist < 0)
				return cmd_usage_error(ce, "--dist: \"%s\" is not "
				    "a distance in pixels", optarg);
			break;
		case 'p':
			a->per_image = 1;
			break;
		default:
			if ((stop = cmd_list_opt(ce, c, optarg, &a->fmt)) >= 0)
				return stop;
			break;
		}
	}
	if (optind < argc)
		return cmd_usage_error(ce, "unexpected \"%s\"", argv[optind]);
	if (list == NULL || (comma = strchr(list, ',')) == NULL ||
	    comma == list || comma[1] == '\0' || strchr(comma + 1, ',') !=
	    NULL)
		return cmd_usage_error(ce, "--analysts A,B names two analysts");
	a->list = xstrdup(list);
	comma = strchr(a->list, ',');
	*comma = '\0';
	a->o.analyst[0] = a->list;
	a->o.analyst[1] = comma + 1;
	if (strcmp(a->o.analyst[0], a->o.analyst[1]) == 0)
		return cmd_usage_error(ce, "--analysts: two different names");
	return -1;
}

/* One row per class: marks each, matched, precision, recall, F1. */
static struct rows *
class_rows(const struct agree_result *r, struct store_class *classes,
    size_t nclasses, enum cmd_format fmt)
{
	static const char *const cols[] = { "class", "#a_marks", "#b_marks",
	    "#matched", "#precision", "#recall", "#f1", "#mean_iou",
	    "#count_mad" };
	struct rows	*rows;
	char		 n[8][32];
	size_t		 i;

	rows = rows_new((int)QM_NELEM(cols), cols);
	for (i = 0; i < r->nclasses; i++) {
		const struct agree_class *k = &r->classes[i];

		snprintf(n[0], sizeof n[0], "%zu", k->a);
		snprintf(n[1], sizeof n[1], "%zu", k->b);
		snprintf(n[2], sizeof n[2], "%zu", k->matched);
		rows_add(rows, class_name(classes, nclasses, k->class_id),
		    n[0], n[1], n[2],
		    fmt_num(n[3], sizeof n[3], ratio(k->matched, k->b), 3, fmt),
		    fmt_num(n[4], sizeof n[4], ratio(k->matched, k->a), 3, fmt),
		    fmt_num(n[5], sizeof n[5], ratio(2 * k->matched, k->a +
		    k->b), 3, fmt),
		    fmt_num(n[6], sizeof n[6], k->iou_n ? k->iou_sum /
		    (double)k->iou_n : NAN, 3, fmt),
		    fmt_num(n[7], sizeof n[7], k->count_n ?
		    k->count_diff_sum / (double)k->count_n : NAN, 2, fmt));
	}
	return rows;
}

/* One row per image both labelled: their marks and verdicts. */
static struct rows *
image_rows(const struct agree_result *r)
{
	static const char *const cols[] = { "#image", "date", "#a_marks",
	    "#b_marks", "#matched", "a_verdict", "b_verdict" };
	struct rows	*rows;
	char		 n[4][32], date[DATE_ISO_LEN];
	size_t		 i;

	rows = rows_new((int)QM_NELEM(cols), cols);
	for (i = 0; i < r->nimages; i++) {
		const struct agree_image *im = &r->images[i];

		snprintf(n[0], sizeof n[0], "%lld", (long long)im->image_id);
		date_format_day(im->acquired, date);
		snprintf(n[1], sizeof n[1], "%lld", (long long)im->marks[0]);
		snprintf(n[2], sizeof n[2], "%lld", (long long)im->marks[1]);
		snprintf(n[3], sizeof n[3], "%zu", im->matched);
		rows_add(rows, n[0], date, n[1], n[2], n[3],
		    im->verdict[0] >= 0 ? quality_name(im->verdict[0]) : NULL,
		    im->verdict[1] >= 0 ? quality_name(im->verdict[1]) : NULL);
	}
	return rows;
}

/* JSON: the totals, kappa, and the listings as arrays inside. */
static void
print_json(const struct agree_cmd *a, const struct agree_result *r,
    const struct rows *classes, const struct rows *images)
{
	json_t	*root;

	root = json_pack("{s:s,s:s,s:f,s:f,s:I,s:I,s:o}",
	    "reference", a->o.analyst[0], "other", a->o.analyst[1],
	    "iou", a->o.iou, "dist", a->o.point_dist,
	    "images", (json_int_t)r->nimages,
	    "images_same_count", (json_int_t)r->count_equal,
	    "mean_count_difference", json_num(r->nimages ?
	    r->count_diff_sum / (double)r->nimages : NAN));
	json_object_set_new(root, "kappa", r->has_kappa ? json_num(r->kappa) :
	    json_null());
	json_object_set_new(root, "kappa_images",
	    json_integer((json_int_t)r->kappa_n));
	json_object_set_new(root, "classes", rows_json(classes));
	if (images != NULL)
		json_object_set_new(root, "per_image", rows_json(images));
	json_dumpf(root, stdout, JSON_INDENT(2) | JSON_ENSURE_ASCII |
	    JSON_PRESERVE_ORDER);
	fputc('\n', stdout);
	json_decref(root);
}

/* Under the table: the totals and Cohen's kappa, in words. */
static void
print_totals(const struct agree_cmd *a, const struct agree_result *r)
{
	cmd_say(stdout, "%zu image(s) labelled by both %s (reference) and "
	    "%s; %zu with as many marks, mean difference %.2f", r->nimages,
	    a->o.analyst[0], a->o.analyst[1], r->count_equal, r->nimages ?
	    r->count_diff_sum / (double)r->nimages : 0.0);
	if (r->has_kappa)
		printf("verdicts: Cohen's kappa %.3f over %zu image(s) "
		    "(observed agreement %.3f, by chance %.3f)\n", r->kappa,
		    r->kappa_n, r->observed, r->expected);
	else
		printf("verdicts: no image both gave a verdict\n");
}

/* The store opened and the filter resolved into a->o; NULL after a message. */
static struct store *
agreement_open(struct agree_cmd *a)
{
	struct store_filter	 sf;
	struct store		*st;

	if ((st = cmd_open_store(0)) == NULL)
		return NULL;
	if (cmd_filter_resolve(st, &a->cf, &sf, 0) != 0) {
		store_close(st);
		return NULL;
	}
	a->o.site_id = sf.site_id;
	a->o.from = sf.from;
	a->o.to = sf.to;
	a->o.has_from = sf.has_from;
	a->o.has_to = sf.has_to;
	cmd_filter_free(&sf);
	return st;
}

static int
cmd_agreement(int argc, char **argv)
{
	struct agree_cmd	 a;
	struct agree_result	 r;
	struct store_class	*classes;
	struct store		*st;
	struct rows		*crows, *irows = NULL;
	char			 err[CMD_ERRLEN];
	size_t			 nclasses;
	int			 rc;

	memset(&a, 0, sizeof a);
	if ((rc = agreement_parse(argc, argv, &a)) >= 0 ||
	    (st = agreement_open(&a)) == NULL) {
		free(a.list);
		return rc >= 0 ? rc : EXIT_FAIL;
	}
	if (store_class_list(st, &classes, &nclasses, err, sizeof err) != 0 ||
	    agreement_run(st, &a.o, &r, err, sizeof err) != 0) {
		free(a.list);
		store_close(st);
		return cmd_error("%s", err);
	}
	crows = class_rows(&r, classes, nclasses, a.fmt);
	if (a.per_image)
		irows = image_rows(&r);
	if (a.fmt == FORMAT_JSON)
		print_json(&a, &r, crows, irows);
	else
		rows_print(irows != NULL ? irows : crows, a.fmt, stdout);
	if (a.fmt == FORMAT_TABLE)
		print_totals(&a, &r);
	rows_free(crows);
	rows_free(irows);
	agreement_free(&r);
	store_classes_free(classes, nclasses);
	free(a.list);
	store_close(st);
	return EXIT_OK;
}

const struct cmd_entry cmd_agreement_entry = {
	.name = "agreement",
	.usage = "--analysts A,B [--site NAME] [--from DATE] [--to DATE] "
	    "[--iou X] [--dist PIXELS] [--per-image] [--format table|csv|json]",
	.summary = "how far two analysts' marks and verdicts agree",
	.exec = cmd_agreement,
};
