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

/* v with the given decimals, or "-" where there is nothing to divide. */
static void
fmt_num(char *out, size_t len, double v, int decimals)
{
	if (isnan(v))
		snprintf(out, len, "-");
	else
		snprintf(out, len, "%.*f", decimals, v);
}

static json_t *
json_num(double v)
{
	return isnan(v) ? json_null() : json_real(round(v * 10000) / 10000);
}

static int
cmd_agreement(int argc, char **argv)
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
	static const char *const ccols[] = { "class", "#a_marks", "#b_marks",
	    "#matched", "#precision", "#recall", "#f1", "#mean_iou",
	    "#count_mad" };
	static const char *const icols[] = { "#image", "date", "#a_marks",
	    "#b_marks", "#matched", "a_verdict", "b_verdict" };
	const struct cmd_entry	*ce = &cmd_agreement_entry;
	enum cmd_format		 fmt = FORMAT_TABLE;
	struct cmd_filter	 cf;
	struct store_filter	 sf;
	struct agree_opts	 o;
	struct agree_result	 r;
	struct store_class	*classes;
	struct store		*st;
	struct rows		*rows;
	json_t			*root, *arr;
	char			*list = NULL, *comma, err[CMD_ERRLEN];
	char			 n[9][32], date[DATE_ISO_LEN];
	size_t			 nclasses, i;
	double			 p, rc_, f1;
	int			 c, x, per_image = 0, rc = EXIT_OK, stop;

	memset(&cf, 0, sizeof cf);
	memset(&o, 0, sizeof o);
	o.iou = 0.5;
	o.point_dist = 10;
	optind = 1;
	while ((c = getopt_long(argc, argv, "d:h", opts, NULL)) != -1) {
		if ((x = cmd_filter_opt(&cf, c, optarg)) != 0) {
			if (x < 0)
				return EXIT_USAGE;
			continue;
		}
		switch (c) {
		case 'a':
			list = optarg;
			break;
		case 'i':
			if (num_parse_double(optarg, &o.iou) != 0 ||
			    o.iou <= 0 || o.iou > 1)
				return cmd_usage_error(ce, "--iou: \"%s\" is not "
				    "a number in (0, 1]", optarg);
			break;
		case 'D':
			if (num_parse_double(optarg, &o.point_dist) != 0 ||
			    o.point_dist < 0)
				return cmd_usage_error(ce, "--dist: \"%s\" is not "
				    "a distance in pixels", optarg);
			break;
		case 'p':
			per_image = 1;
			break;
		default:
			if ((stop = cmd_list_opt(ce, c, optarg, &fmt)) >= 0)
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
	list = xstrdup(list);
	comma = strchr(list, ',');
	*comma = '\0';
	o.analyst[0] = list;
	o.analyst[1] = comma + 1;
	if (strcmp(o.analyst[0], o.analyst[1]) == 0) {
		free(list);
		return cmd_usage_error(ce, "--analysts: two different names");
	}
	if ((st = cmd_open_store(0)) == NULL) {
		free(list);
		return EXIT_FAIL;
	}
	if (cmd_filter_resolve(st, &cf, &sf, 0) != 0) {
		free(list);
		store_close(st);
		return EXIT_FAIL;
	}
	o.site_id = sf.site_id;
	o.from = sf.from;
	o.to = sf.to;
	o.has_from = sf.has_from;
	o.has_to = sf.has_to;
	cmd_filter_free(&sf);
	if (store_class_list(st, &classes, &nclasses, err, sizeof err) != 0 ||
	    agreement_run(st, &o, &r, err, sizeof err) != 0) {
		free(list);
		store_close(st);
		return cmd_error("%s", err);
	}

	if (fmt == FORMAT_JSON) {
		root = json_pack("{s:s,s:s,s:f,s:f,s:I,s:I,s:o}",
		    "reference", o.analyst[0], "other", o.analyst[1],
		    "iou", o.iou, "dist", o.point_dist,
		    "images", (json_int_t)r.nimages,
		    "images_same_count", (json_int_t)r.count_equal,
		    "mean_count_difference", json_num(r.nimages ?
		    r.count_diff_sum / (double)r.nimages : NAN));
		json_object_set_new(root, "kappa", r.has_kappa ?
		    json_num(r.kappa) : json_null());
		json_object_set_new(root, "kappa_images",
		    json_integer((json_int_t)r.kappa_n));
		arr = json_array();
		for (i = 0; i < r.nclasses; i++) {
			const struct agree_class *k = &r.classes[i];

			p = ratio(k->matched, k->b);
			rc_ = ratio(k->matched, k->a);
			f1 = ratio(2 * k->matched, k->a + k->b);
			json_array_append_new(arr, json_pack(
			    "{s:s,s:I,s:I,s:I,s:o,s:o,s:o,s:o,s:o}",
			    "class", class_name(classes, nclasses, k->class_id),
			    "a_marks", (json_int_t)k->a,
			    "b_marks", (json_int_t)k->b,
			    "matched", (json_int_t)k->matched,
			    "precision", json_num(p), "recall", json_num(rc_),
			    "f1", json_num(f1),
			    "mean_iou", json_num(k->iou_n ? k->iou_sum /
			    (double)k->iou_n : NAN),
			    "count_mad", json_num(k->count_n ?
			    k->count_diff_sum / (double)k->count_n : NAN)));
		}
		json_object_set_new(root, "classes", arr);
		arr = json_array();
		for (i = 0; per_image && i < r.nimages; i++) {
			const struct agree_image *im = &r.images[i];

			date_format_day(im->acquired, date);
			json_array_append_new(arr, json_pack(
			    "{s:I,s:s,s:I,s:I,s:I,s:s?,s:s?}",
			    "image", (json_int_t)im->image_id, "date", date,
			    "a_marks", (json_int_t)im->marks[0],
			    "b_marks", (json_int_t)im->marks[1],
			    "matched", (json_int_t)im->matched,
			    "a_verdict", im->verdict[0] >= 0 ?
			    quality_name(im->verdict[0]) : NULL,
			    "b_verdict", im->verdict[1] >= 0 ?
			    quality_name(im->verdict[1]) : NULL));
		}
		if (per_image)
			json_object_set_new(root, "per_image", arr);
		else
			json_decref(arr);
		json_dumpf(root, stdout, JSON_INDENT(2) | JSON_ENSURE_ASCII |
		    JSON_PRESERVE_ORDER);
		fputc('\n', stdout);
		json_decref(root);
		goto out;
	}
	if (per_image) {
		rows = rows_new((int)QM_NELEM(icols), icols);
		for (i = 0; i < r.nimages; i++) {
			const struct agree_image *im = &r.images[i];

			snprintf(n[0], sizeof n[0], "%lld",
			    (long long)im->image_id);
			date_format_day(im->acquired, date);
			snprintf(n[1], sizeof n[1], "%lld",
			    (long long)im->marks[0]);
			snprintf(n[2], sizeof n[2], "%lld",
			    (long long)im->marks[1]);
			snprintf(n[3], sizeof n[3], "%zu", im->matched);
			rows_add(rows, n[0], date, n[1], n[2], n[3],
			    im->verdict[0] >= 0 ? quality_name(im->verdict[0]) :
			    NULL, im->verdict[1] >= 0 ?
			    quality_name(im->verdict[1]) : NULL);
		}
	} else {
		rows = rows_new((int)QM_NELEM(ccols), ccols);
		for (i = 0; i < r.nclasses; i++) {
			const struct agree_class *k = &r.classes[i];

			snprintf(n[0], sizeof n[0], "%zu", k->a);
			snprintf(n[1], sizeof n[1], "%zu", k->b);
			snprintf(n[2], sizeof n[2], "%zu", k->matched);
			fmt_num(n[3], sizeof n[3], ratio(k->matched, k->b), 3);
			fmt_num(n[4], sizeof n[4], ratio(k->matched, k->a),
			    3);
			fmt_num(n[5], sizeof n[5], ratio(2 * k->matched, k->a +
			    k->b), 3);
			fmt_num(n[6], sizeof n[6], k->iou_n ? k->iou_sum /
			    (double)k->iou_n : NAN, 3);
			fmt_num(n[7], sizeof n[7], k->count_n ?
			    k->count_diff_sum / (double)k->count_n : NAN,
			    2);
			rows_add(rows, class_name(classes, nclasses,
			    k->class_id), n[0], n[1], n[2], n[3], n[4], n[5],
			    n[6], n[7]);
		}
	}
	rows_print(rows, fmt, stdout);
	rows_free(rows);
	if (fmt == FORMAT_TABLE) {
		cmd_say(stdout, "%zu image(s) labelled by both %s (reference) "
		    "and %s; %zu with as many marks, mean difference %.2f",
		    r.nimages, o.analyst[0], o.analyst[1], r.count_equal,
		    r.nimages ? r.count_diff_sum / (double)r.nimages : 0.0);
		if (r.has_kappa)
			printf("verdicts: Cohen's kappa %.3f over %zu image(s) "
			    "(observed agreement %.3f, by chance %.3f)\n",
			    r.kappa, r.kappa_n, r.observed, r.expected);
		else
			printf("verdicts: no image both gave a verdict\n");
	}
out:
	agreement_free(&r);
	store_classes_free(classes, nclasses);
	free(list);
	store_close(st);
	return rc;
}

const struct cmd_entry cmd_agreement_entry = {
	.name = "agreement",
	.usage = "--analysts A,B [--site NAME] [--from DATE] [--to DATE] "
	    "[--iou X] [--dist PIXELS] [--per-image] [--format table|csv|json]",
	.summary = "how far two analysts' marks and verdicts agree",
	.exec = cmd_agreement,
};
