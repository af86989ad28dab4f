/*
 * cmd-candidates.c: `candidates --image ID` prints what the candidate
 * finder offers on an image (the same search hint mode labels on screen,
 * over the whole image): id, centre, size, angle, score and reason, as a
 * table, CSV or JSON, so it can be checked and scripted.
 */
#include <getopt.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd.h"
#include "../geo/geo.h"
#include "../detect/detect.h"
#include "../render/render.h"
#include "../imagery/imagery.h"

/* Which of ql's quays is called name: its index, or -1. */
static long
quay_index(struct quay_locator *ql, const char *name)
{
	size_t	 i;

	for (i = 0; i < quay_locator_count(ql); i++)
		if (strcmp(quay_locator_quay(ql, i)->name, name) == 0)
			return (long)i;
	return -1;
}

static void
print(const struct detect_candidate *c, size_t n, enum cmd_format fmt)
{
	static const char *const cols[] = { "#id", "#cx", "#cy", "#w", "#h",
	    "#angle", "#score", "reason" };
	struct rows	*r;
	char		 v[7][32], reason[48];
	size_t		 i;

	r = rows_new((int)QM_NELEM(cols), cols);
	for (i = 0; i < n; i++) {
		snprintf(v[0], sizeof v[0], "%d", c[i].id);
		num_format(v[1], sizeof v[1], round(c[i].cx * 10) / 10);
		num_format(v[2], sizeof v[2], round(c[i].cy * 10) / 10);
		num_format(v[3], sizeof v[3], round(c[i].w * 10) / 10);
		num_format(v[4], sizeof v[4], round(c[i].h * 10) / 10);
		num_format(v[5], sizeof v[5], round(c[i].angle * 10) / 10);
		num_format(v[6], sizeof v[6], c[i].score);
		rows_add(r, v[0], v[1], v[2], v[3], v[4], v[5], v[6],
		    detect_reason_name(c[i].reason, reason, sizeof reason));
	}
	rows_print(r, fmt, stdout);
	rows_free(r);
}

static int
cmd_candidates(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "image", required_argument, NULL, 'i' },
		{ "quay", required_argument, NULL, 'q' },
		{ "format", required_argument, NULL, 'f' },
		CMD_COMMON_OPTIONS,
		{ NULL, 0, NULL, 0 }
	};
	const struct cmd_entry	*ce = &cmd_candidates_entry;
	struct store		*st;
	struct store_image	 im;
	struct store_mark	*marks = NULL;
	struct imagery		 iy;
	struct cand_query	 q;
	struct detect_candidate	*c = NULL;
	enum cmd_format		 fmt = FORMAT_TABLE;
	const char		*image = NULL, *quay = NULL;
	char			 err[CMD_ERRLEN];
	int64_t			 id;
	size_t			 nmarks = 0, n = 0;
	int			 ch, stop, rc = EXIT_OK;

	optind = 1;
	while ((ch = cmd_getopt(argc, argv, "d:h", opts)) != -1) {
		switch (ch) {
		case 'i':
			image = optarg;
			break;
		case 'q':
			quay = optarg;
			break;
		default:
			if ((stop = cmd_list_opt(ce, ch, optarg, &fmt)) >= 0)
				return stop;
		}
	}
	if (optind < argc)
		return cmd_usage_error(ce, "unexpected \"%s\"", argv[optind]);
	if (image == NULL)
		return cmd_usage_error(ce, "give --image ID");
	if (cmd_parse_id(image, &id) != 0)
		return cmd_usage_error(ce, "--image: \"%s\" is not an image id",
		    image);
	if (render_init(err, sizeof err) != 0)
		return cmd_error("%s", err);
	if ((st = cmd_open_store(0)) == NULL)
		return EXIT_FAIL;
	memset(&im, 0, sizeof im);
	memset(&iy, 0, sizeof iy);
	memset(&q, 0, sizeof q);
	q.quay = -1;
	if (store_image_get(st, id, &im, err, sizeof err) != 0) {
		rc = cmd_error("image %s: %s", image, err);
		goto out;
	}
	if ((q.ql = quay_locator_new(st, im.site_id, err, sizeof err)) ==
	    NULL) {
		rc = cmd_error("%s", err);
		goto out;
	}
	if (quay != NULL && (q.quay = quay_index(q.ql, quay)) < 0) {
		rc = cmd_error("--quay: no quay \"%s\" at %s (quaymark quay "
		    "list shows them)", quay, im.site);
		goto out;
	}
	if (imagery_open(st, id, NULL, 0, &iy, err, sizeof err) != 0) {
		rc = cmd_error("image %s: %s", image, err);
		goto out;
	}
	if (store_mark_list_image(st, id, &marks, &nmarks, err, sizeof err)
	    != 0) {
		rc = cmd_error("%s", err);
		goto out;
	}
	q.im = &im;
	q.r = iy.r;
	q.stretch = &iy.stretch;
	q.x1 = im.width;
	q.y1 = im.height;
	q.marks = marks;
	q.nmarks = nmarks;
	q.use_prev = 1;
	if (candidates_find(st, &q, &c, &n, err, sizeof err) != 0) {
		rc = cmd_error("image %s: %s", image, err);
		goto out;
	}
	print(c, n, fmt);
out:
	free(c);
	store_marks_free(marks, nmarks);
	imagery_close(&iy);
	quay_locator_free(q.ql);
	store_image_clear(&im);
	store_close(st);
	return rc;
}

const struct cmd_entry cmd_candidates_entry = {
	.name = "candidates",
	.usage = "--image ID [--quay NAME] [--format table|csv|json]",
	.summary = "objects the pixels suggest marking, each a fitted box",
	.exec = cmd_candidates,
};
