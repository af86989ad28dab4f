/*
 * cmd-marks.c: `marks` lists marks as a table, as JSON, or as the
 * interchange CSV (export/interchange.c) that `import` reads back.
 */
#include <getopt.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd.h"
#include "../count/count.h"
#include "../export/export.h"

/* A mark as the JSON object `marks --format json` prints. */
json_t *
cmd_mark_json(const struct store_mark *m, const char *quay)
{
	json_t	*j;
	char	 when[DATE_ISO_LEN];

	date_format(m->acquired, when);
	j = json_pack("{s:I,s:I}", "id", (json_int_t)m->id, "image_id",
	    (json_int_t)m->image_id);
	/* file and site names are bytes: see cmd/json-text.c */
	cmd_json_set_text(j, "file", m->image_name);
	cmd_json_set_text(j, "site", m->site);
	json_object_set_new(j, "date", json_string(when));
	cmd_json_set_text(j, "class", m->class_name);
	json_object_set_new(j, "kind", json_string(mark_kind_name(m->kind)));
	json_object_set_new(j, "cx", json_real(m->cx));
	json_object_set_new(j, "cy", json_real(m->cy));
	json_object_set_new(j, "w", json_real(m->w));
	json_object_set_new(j, "h", json_real(m->h));
	json_object_set_new(j, "angle", json_real(m->angle));
	cmd_json_set_text(j, "name", m->name);
	cmd_json_set_text(j, "state", m->state);
	cmd_json_set_text(j, "note", m->note);
	cmd_json_set_text(j, "quay", quay);
	cmd_json_set_text(j, "author", m->author);
	json_object_set_new(j, "status", json_string(status_name(m->status)));
	cmd_json_set_text(j, "reason", m->status_reason);
	json_object_set_new(j, "version", json_integer(m->version));
	cmd_json_set_text(j, "created", m->created);
	cmd_json_set_text(j, "updated", m->updated);
	json_object_set_new(j, "proposal", json_boolean(m->proposal));
	json_object_set_new(j, "count", m->has_count ?
	    json_integer(m->count) : json_null());
	json_object_set_new(j, "track", m->has_track ?
	    json_integer(m->track) : json_null());
	return j;
}

struct listing {
	enum cmd_format		 fmt;
	struct quay_locator	*ql;
	struct table		*t;
	json_t			*arr;
	struct buf		 csv;
};

static const char *
quay_of(struct listing *l, const struct store_mark *m)
{
	int	 q;

	q = quay_locate_mark(l->ql, m);
	return q < 0 ? NULL : quay_locator_quay(l->ql, (size_t)q)->name;
}

static int
list_one(void *ctx, const struct store_mark *m)
{
	struct listing	*l = ctx;
	char		 id[24], when[DATE_ISO_LEN], geom[200], count[24];
	char		 x[32], y[32], w[32], h[32], a[32], ver[24];

	switch (l->fmt) {
	case FORMAT_JSON:
		json_array_append_new(l->arr, cmd_mark_json(m, quay_of(l, m)));
		break;
	case FORMAT_CSV:
		interchange_row(&l->csv, m, quay_of(l, m));
		if (l->csv.len > 1 << 16) {
			cmd_write_data(stdout, l->csv.data, l->csv.len);
			buf_reset(&l->csv);
		}
		break;
	case FORMAT_TABLE:
		snprintf(id, sizeof id, "%lld", (long long)m->id);
		date_format_day(m->acquired, when);
		num_format(x, sizeof x, m->cx);
		num_format(y, sizeof y, m->cy);
		num_format(w, sizeof w, m->w);
		num_format(h, sizeof h, m->h);
		num_format(a, sizeof a, m->angle);
		if (m->kind == MARK_POINT)
			snprintf(geom, sizeof geom, "point %s,%s", x, y);
		else if (m->kind == MARK_BOX)
			snprintf(geom, sizeof geom, "box %s,%s %sx%s", x, y, w,
			    h);
		else
			snprintf(geom, sizeof geom, "rbox %s,%s %sx%s %s°", x,
			    y, w, h, a);
		if (m->has_count)
			snprintf(count, sizeof count, "%lld",
			    (long long)m->count);
		else
			count[0] = '\0';
		snprintf(ver, sizeof ver, "%lld", (long long)m->version);
		table_add(l->t, id, when, m->image_name, m->class_name, geom,
		    m->name, count, quay_of(l, m), m->author,
		    status_name(m->status), ver);
		break;
	}
	return 0;
}

static const struct option marks_opts[] = {
	CMD_FILTER_OPTIONS,
	CMD_COMMON_OPTIONS,
	{ "format", required_argument, NULL, OPT_FORMAT },
	{ NULL, 0, NULL, 0 }
};

static int
cmd_marks(int argc, char **argv)
{
	struct cmd_filter	 cf;
	struct store_filter	 sf;
	struct listing		 l;
	struct store		*st;
	char			 err[CMD_ERRLEN];
	int			 c, r, rc = EXIT_OK;

	memset(&cf, 0, sizeof cf);
	memset(&l, 0, sizeof l);
	l.fmt = FORMAT_TABLE;
	optind = 1;
	while ((c = cmd_getopt(argc, argv, "d:h", marks_opts)) != -1) {
		if ((r = cmd_filter_opt(&cf, c, optarg)) != 0) {
			if (r < 0)
				return EXIT_USAGE;
			continue;
		}
		switch (c) {
		case OPT_FORMAT:
			if (cmd_format_opt(&cmd_marks_entry, optarg, &l.fmt) != 0)
				return EXIT_USAGE;
			break;
		case 'h':
			return cmd_usage(&cmd_marks_entry, stdout);
		default:
			return cmd_usage(&cmd_marks_entry, stderr);
		}
	}
	if (optind < argc)
		return cmd_usage_error(&cmd_marks_entry, "unexpected \"%s\"",
		    argv[optind]);
	if (cf.status == NULL)
		cf.status = "all";
	if ((st = cmd_open_store(0)) == NULL)
		return EXIT_FAIL;
	if (cmd_filter_resolve(st, &cf, &sf, 0) != 0) {
		store_close(st);
		return EXIT_FAIL;
	}
	if ((l.ql = quay_locator_new(st, sf.site_id, err, sizeof err)) == NULL) {
		cmd_filter_free(&sf);
		store_close(st);
		return cmd_error("%s", err);
	}
	buf_init(&l.csv);
	if (l.fmt == FORMAT_JSON)
		l.arr = json_array();
	else if (l.fmt == FORMAT_CSV)
		interchange_header(&l.csv);
	else
		l.t = table_new(11, (const char *[]){ "ID", "DATE", "FILE",
		    "CLASS", "GEOMETRY", "NAME", "COUNT", "QUAY", "AUTHOR",
		    "STATUS", "V" });
	if (store_mark_each(st, &sf, list_one, &l, err, sizeof err) != 0)
		rc = cmd_error("%s", err);
	else if (l.fmt == FORMAT_JSON) {
		json_dumpf(l.arr, stdout, JSON_INDENT(2) | JSON_ENSURE_ASCII |
		    JSON_REAL_PRECISION(17));
		fputc('\n', stdout);
	} else if (l.fmt == FORMAT_CSV)
		cmd_write_data(stdout, l.csv.data, l.csv.len);
	else
		table_print(l.t, stdout);
	json_decref(l.arr);
	table_free(l.t);
	buf_free(&l.csv);
	quay_locator_free(l.ql);
	cmd_filter_free(&sf);
	store_close(st);
	return rc;
}

const struct cmd_entry cmd_marks_entry = {
	.name = "marks",
	.usage = "[--image ID] [--site NAME] [--from DATE] [--to DATE] "
	    "[--class CLASS] [--status STATUS] [--author USER] "
	    "[--format table|csv|json]",
	.summary = "list marks (the CSV is the interchange format)",
	.exec = cmd_marks,
};
