/*
 * cmd-report.c: the count engine on the command line: `report` (counts per
 * period and whether a change is real), `calls` (one row per call) and
 * `stacks` (one row per container stack, with its dwell).
 */
#include <getopt.h>
#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd.h"
#include "../count/count.h"
#include "../render/render.h"

enum {
	OPT_QUAY = OPT_LAST + 1, OPT_BY, OPT_IOU, OPT_GAP, OPT_BASELINE,
	OPT_ALPHA, OPT_MIN_DAYS, OPT_MIN_COVER, OPT_ATTACH, OPT_PLOT,
	OPT_STACK_CLASS, OPT_EVIDENCE, OPT_FORCE
};

static const struct option count_opts_long[] = {
	{ "site", required_argument, NULL, OPT_SITE },
	{ "quay", required_argument, NULL, OPT_QUAY },
	{ "class", required_argument, NULL, OPT_CLASS },
	{ "stack-class", required_argument, NULL, OPT_STACK_CLASS },
	{ "by", required_argument, NULL, OPT_BY },
	{ "from", required_argument, NULL, OPT_FROM },
	{ "to", required_argument, NULL, OPT_TO },
	{ "status", required_argument, NULL, OPT_STATUS },
	{ "format", required_argument, NULL, OPT_FORMAT },
	{ "iou", required_argument, NULL, OPT_IOU },
	{ "gap", required_argument, NULL, OPT_GAP },
	{ "baseline", required_argument, NULL, OPT_BASELINE },
	{ "alpha", required_argument, NULL, OPT_ALPHA },
	{ "min-days", required_argument, NULL, OPT_MIN_DAYS },
	{ "min-cover", required_argument, NULL, OPT_MIN_COVER },
	{ "attach", required_argument, NULL, OPT_ATTACH },
	{ "plot", required_argument, NULL, OPT_PLOT },
	{ "evidence", required_argument, NULL, OPT_EVIDENCE },
	{ "force", no_argument, NULL, OPT_FORCE },
	CMD_COMMON_OPTIONS,
	{ NULL, 0, NULL, 0 }
};

struct count_cmd {
	const struct cmd_entry	*ce;
	struct count_opts	 o;
	enum cmd_format		 fmt;
	const char		*site, *quay, *cls, *stack_cls, *from, *to;
	const char		*status, *plot;
	const char		*evidence;	/* report --evidence DIR */
	int			 force;
	struct store		*st;
	struct count_result	 res;
};

static int
num_opt(const struct cmd_entry *ce, const char *name, const char *v,
    double lo, double hi, double *out)
{
	if (num_parse_double(v, out) != 0 || *out < lo || *out > hi)
		return cmd_usage_error(ce, "--%s: \"%s\" is not a number from "
		    "%g to %g", name, v, lo, hi);
	return 0;
}

/* Parse the shared options; 0, or an exit status to return. */
static int
parse(struct count_cmd *c, int argc, char **argv)
{
	double	 v;
	int	 ch, rc;

	count_opts_default(&c->o);
	c->fmt = FORMAT_TABLE;
	optind = 1;
	while ((ch = cmd_getopt(argc, argv, "d:h", count_opts_long))
	    != -1) {
		rc = 0;
		switch (ch) {
		case OPT_SITE:
			c->site = optarg;
			break;
		case OPT_QUAY:
			c->quay = optarg;
			break;
		case OPT_CLASS:
			c->cls = optarg;
			break;
		case OPT_STACK_CLASS:
			c->stack_cls = optarg;
			break;
		case OPT_BY:
			if ((c->o.period = period_parse(optarg)) < 0)
				return cmd_usage_error(c->ce, "--by: \"%s\" is "
				    "not day, week or month", optarg);
			break;
		case OPT_FROM:
			c->from = optarg;
			break;
		case OPT_TO:
			c->to = optarg;
			break;
		case OPT_STATUS:
			c->status = optarg;
			if (cmd_check_status(optarg) != 0)
				return EXIT_USAGE;
			break;
		case OPT_FORMAT:
			if (cmd_parse_format(optarg, &c->fmt) != 0)
				return cmd_usage_error(c->ce, "--format: \"%s\" "
				    "is not table, csv or json", optarg);
			break;
		case OPT_IOU:
			rc = num_opt(c->ce, "iou", optarg, 0.01, 1, &c->o.iou);
			break;
		case OPT_GAP:
			if ((rc = num_opt(c->ce, "gap", optarg, 1, 365, &v))
			    == 0)
				c->o.gap_days = (int)v;
			break;
		case OPT_BASELINE:
			if ((rc = num_opt(c->ce, "baseline", optarg, 1, 120,
			    &v)) == 0)
				c->o.baseline = (int)v;
			break;
		case OPT_ALPHA:
			rc = num_opt(c->ce, "alpha", optarg, 1e-9, 0.5,
			    &c->o.alpha);
			break;
		case OPT_MIN_DAYS:
			if ((rc = num_opt(c->ce, "min-days", optarg, 0, 366,
			    &v)) == 0)
				c->o.min_days = (int)v;
			break;
		case OPT_MIN_COVER:
			rc = num_opt(c->ce, "min-cover", optarg, 0.01, 1,
			    &c->o.min_cover);
			break;
		case OPT_ATTACH:
			if ((rc = num_opt(c->ce, "attach", optarg, 0, 60, &v))
			    == 0)
				c->o.attach_days = (int)v;
			break;
		case OPT_PLOT:
			c->plot = optarg;
			break;
		case OPT_EVIDENCE:
			c->evidence = optarg;
			break;
		case OPT_FORCE:
			c->force = 1;
			break;
		case 'h':
			return cmd_usage(c->ce, stdout) == 0 ? -1 : EXIT_USAGE;
		default:
			return cmd_usage(c->ce, stderr);
		}
		if (rc != 0)
			return rc;
	}
	if (optind < argc)
		return cmd_usage_error(c->ce, "unexpected \"%s\"", argv[optind]);
	if (c->force && c->evidence == NULL)
		return cmd_usage_error(c->ce, "--force goes with --evidence");
	return 0;
}

/* Open the store, resolve names, run the engine. 0 or an exit status. */
static int
run(struct count_cmd *c)
{
	struct store_site	*sites;
	struct cmd_filter	 cf;
	struct store_filter	 sf;
	char			 err[CMD_ERRLEN];
	size_t			 n;

	if ((c->st = cmd_open_store(0)) == NULL)
		return EXIT_FAIL;
	if (c->site == NULL) {
		if (store_site_list(c->st, &sites, &n, err, sizeof err) != 0)
			return cmd_error("%s", err);
		if (n == 1)
			c->o.site_id = sites[0].id;
		store_sites_free(sites, n);
		if (n != 1)
			return cmd_error("--site: the database has %zu sites; "
			    "say which", n);
	} else if (store_site_find(c->st, c->site, &c->o.site_id, err,
	    sizeof err) != 0)
		return cmd_error("--site: %s", err);
	if (c->quay != NULL && store_quay_find(c->st, c->o.site_id, c->quay,
	    &c->o.quay_id, err, sizeof err) != 0)
		return cmd_error("--quay: %s", err);
	if (store_class_find(c->st, c->cls ? c->cls : "ship", &c->o.class_id,
	    err, sizeof err) != 0)
		return cmd_error("--class: %s", err);
	if (store_class_find(c->st, c->stack_cls ? c->stack_cls :
	    "container_stack", &c->o.stack_class_id, err, sizeof err) != 0) {
		if (c->stack_cls != NULL)
			return cmd_error("--stack-class: %s", err);
		c->o.stack_class_id = 0;
	}
	memset(&cf, 0, sizeof cf);
	cf.from = c->from;
	cf.to = c->to;
	cf.status = c->status;
	if (cmd_filter_resolve(c->st, &cf, &sf, 0) != 0)
		return EXIT_FAIL;
	c->o.has_from = sf.has_from;
	c->o.from = sf.from;
	c->o.has_to = sf.has_to;
	c->o.to = sf.to;
	c->o.status_mask = sf.status_mask;
	cmd_filter_free(&sf);
	if (count_run(c->st, &c->o, &c->res, err, sizeof err) != 0)
		return cmd_error("%s", err);
	return 0;
}

static void
done(struct count_cmd *c)
{
	count_result_free(&c->res);
	store_close(c->st);
}

/* JSON has no infinity: an unbounded interval's end is null too. */
static json_t *
jnum(double v)
{
	return isnan(v) || isinf(v) ? json_null() : json_real(v);
}

static const char *const warning_kinds[] = {
	[WARN_NOT_OBSERVED] = "not observed",
	[WARN_DUPLICATE] = "duplicate",
};

static json_t *
warnings_json(const struct count_cmd *c)
{
	const struct count_warning	*w;
	json_t				*arr = json_array(), *o;
	char				 day[DATE_ISO_LEN];
	size_t				 i;

	for (i = 0; i < c->res.nwarnings; i++) {
		w = &c->res.warnings[i];
		date_format(w->t, day);
		o = json_pack("{s:s,s:s,s:s,s:I,s:I,s:s,s:s,s:s}",
		    "kind", warning_kinds[w->kind],
		    "quay", count_quay_name(&c->res, w->quay),
		    "class", w->cls == 0 ? (c->cls ? c->cls : "ship") :
		    (c->stack_cls ? c->stack_cls : "container_stack"),
		    "mark_id", (json_int_t)w->mark_id,
		    "image_id", (json_int_t)w->image_id,
		    "date", day,
		    "identity", w->identity,
		    "reason", w->reason);
		if (w->kind == WARN_DUPLICATE)
			json_object_set_new(o, "kept_mark_id",
			    json_integer((json_int_t)w->other_mark_id));
		json_array_append_new(arr, o);
	}
	return arr;
}

/*
 * Below the table: the marks the count could not use, one line each (the
 * first 20; JSON lists them all), text escaped for the terminal.
 */
static void
warnings_footer(const struct count_cmd *c, FILE *fp)
{
	const struct count_warning	*w;
	struct buf			 b;
	char				 day[DATE_DAY_LEN];
	size_t				 i;

	if (c->res.nwarnings == 0)
		return;
	buf_init(&b);
	buf_printf(&b, "%zu warning%s:\n", c->res.nwarnings,
	    c->res.nwarnings == 1 ? "" : "s");
	for (i = 0; i < c->res.nwarnings && i < 20; i++) {
		w = &c->res.warnings[i];
		date_format_day(w->t, day);
		buf_printf(&b, "  mark %lld (", (long long)w->mark_id);
		text_escape(&b, w->identity);
		buf_printf(&b, ", %s, ", day);
		text_escape(&b, count_quay_name(&c->res, w->quay));
		buf_printf(&b, ", image %lld): %s", (long long)w->image_id,
		    w->reason);
		if (w->kind == WARN_DUPLICATE)
			buf_printf(&b, " with mark %lld",
			    (long long)w->other_mark_id);
		buf_putc(&b, '\n');
	}
	if (c->res.nwarnings > 20)
		buf_printf(&b, "  ... and %zu more (--format json lists them "
		    "all)\n", c->res.nwarnings - 20);
	fwrite(b.data, 1, b.len, fp);
	buf_free(&b);
}

/* v with `dec` decimals, or "-" when there is no value. */
static void
fmt_num(char *out, size_t len, double v, int dec)
{
	if (isnan(v))
		snprintf(out, len, "-");
	else if (isinf(v))
		snprintf(out, len, "inf");
	else
		snprintf(out, len, "%.*f", dec, v);
}

static void
put_csv_num(struct buf *b, double v, int dec)
{
	char	 s[32];

	if (isnan(v))
		csv_put_field(b, "", 0);
	else if (isinf(v))
		csv_put_field(b, "inf", 0);
	else {
		snprintf(s, sizeof s, "%.*f", dec, v);
		csv_put_field(b, s, 0);
	}
}

/* "0.63 (0.01-4.2)": the rate ratio to the baseline and its interval. */
static void
ratio_text(const struct count_period *p, char *out, size_t len)
{
	char	 r[24], lo[24], hi[24];

	if (isnan(p->ratio) && isnan(p->ratio_lo)) {
		snprintf(out, len, "-");
		return;
	}
	fmt_num(r, sizeof r, p->ratio, 2);
	fmt_num(lo, sizeof lo, p->ratio_lo, 2);
	fmt_num(hi, sizeof hi, p->ratio_hi, 2);
	snprintf(out, len, "%s (%s-%s)", r, lo, hi);
}

/* The chart of an evidence set: the report's own, drawn to path. */
static int
evidence_chart(void *arg, const char *path)
{
	struct count_cmd	*c = arg;

	return report_plot_write(c->st, &c->o, &c->res, path);
}

/* The report's periods as CSV into b (the table `export --format counts`
 * writes too). */
static void
report_csv(struct count_cmd *c, const char *cls, struct buf *b)
{
	struct count_period	*p;
	char			 calls[24], vessels[256];
	size_t			 i, k;

	for (k = 0; k < 20; k++)
		csv_put_field(b, (const char *[]){ "period", "quay",
		    "class", "calls", "at_least", "vessels", "ship_days",
		    "stacks_appeared", "stacks_removed",
		    "containers_max", "dwell_median_days",
		    "dwell_max_days", "observed_days",
		    "unreviewed_images", "expected", "p_value",
		    "verdict", "rate_ratio", "rate_ratio_low",
		    "rate_ratio_high" }[k], 0);
	csv_end_row(b);
	for (i = 0; i < c->res.nperiods; i++) {
		p = &c->res.periods[i];
		csv_put_field(b, p->label, 0);
		csv_put_field(b, count_quay_name(&c->res, p->quay), 1);
		csv_put_field(b, cls, 1);
		snprintf(calls, sizeof calls, "%d", p->calls);
		csv_put_field(b, calls, 0);
		csv_put_field(b, p->unreviewed > 0 ? "1" : "0", 0);
		vessels[0] = '\0';
		for (k = 0; k < p->nvessels; k++)
			snprintf(vessels + strlen(vessels),
			    sizeof vessels - strlen(vessels), "%s%s",
			    k ? "; " : "", p->vessels[k]);
		csv_put_field(b, vessels, 1);
		put_csv_num(b, p->ship_days, 0);
		put_csv_num(b, p->stacks_appeared, 0);
		put_csv_num(b, p->stacks_removed, 0);
		put_csv_num(b, (double)p->containers_max, 0);
		put_csv_num(b, p->dwell_median, 2);
		put_csv_num(b, p->dwell_max, 2);
		put_csv_num(b, p->observed_days, 0);
		put_csv_num(b, p->unreviewed, 0);
		put_csv_num(b, p->has_expected ? p->expected : NAN,
		    3);
		put_csv_num(b, p->p_value, 4);
		csv_put_field(b, p->verdict, 0);
		put_csv_num(b, p->ratio, 3);
		put_csv_num(b, p->ratio_lo, 3);
		put_csv_num(b, p->ratio_hi, 3);
		csv_end_row(b);
	}
}

/*
 * `export --format counts`: the report's CSV into b, from the options
 * export shares with report (errors name ce). Returns the exit status.
 */
int
cmd_report_counts(const struct cmd_entry *ce, const struct cmd_counts_args *a,
    struct buf *b)
{
	struct count_cmd	 c;
	int			 rc;

	memset(&c, 0, sizeof c);
	c.ce = ce;
	count_opts_default(&c.o);
	c.fmt = FORMAT_CSV;
	if (a->by != NULL && (c.o.period = period_parse(a->by)) < 0)
		return cmd_usage_error(ce, "--by: \"%s\" is not day, week or "
		    "month", a->by);
	c.site = a->site;
	c.quay = a->quay;
	c.cls = a->cls;
	c.from = a->from;
	c.to = a->to;
	c.status = a->status;
	if ((rc = run(&c)) == 0)
		report_csv(&c, c.cls ? c.cls : "ship", b);
	done(&c);
	return rc;
}

/* report --format json: the periods, unassigned sightings, warnings. */
static void
report_json(const struct count_cmd *c, const char *cls)
{
	const struct count_period	*p;
	json_t				*root, *arr, *o, *vs;
	size_t				 i, k;

	root = json_object();
	arr = json_array();
	for (i = 0; i < c->res.nperiods; i++) {
		p = &c->res.periods[i];
		vs = json_array();
		for (k = 0; k < p->nvessels; k++)
			json_array_append_new(vs,
			    json_string(p->vessels[k]));
		o = json_pack("{s:s,s:s,s:s,s:i,s:b,s:o,s:i,s:i,s:i,"
		    "s:I,s:f,s:o,s:o,s:o,s:i,s:f,s:i,s:o,s:o,s:o,"
		    "s:s}",
		    "period", p->label,
		    "quay", count_quay_name(&c->res, p->quay),
		    "class", cls,
		    "calls", p->calls,
		    "at_least", p->unreviewed > 0,
		    "vessels", vs,
		    "ship_days", p->ship_days,
		    "stacks_appeared", p->stacks_appeared,
		    "stacks_removed", p->stacks_removed,
		    "containers_max", (json_int_t)p->containers_max,
		    "containers_mean", p->containers_mean,
		    "dwell_median_days", jnum(p->dwell_median),
		    "dwell_max_days", jnum(p->dwell_max),
		    "dwell_max_upper_days", jnum(p->dwell_max_upper),
		    "observed_days", p->observed_days,
		    "observed_share", p->observed_share,
		    "unreviewed_images", p->unreviewed,
		    "expected", p->has_expected ? json_real(p->expected)
		    : json_null(),
		    "change", jnum(p->change),
		    "p_value", jnum(p->p_value),
		    "verdict", p->verdict);
		if (p->has_expected) {
			json_object_set_new(o, "baseline_calls",
			    json_integer(p->base_calls));
			json_object_set_new(o, "baseline_days",
			    json_integer(p->base_days));
		}
		json_object_set_new(o, "rate_ratio", jnum(p->ratio));
		json_object_set_new(o, "rate_ratio_low",
		    jnum(p->ratio_lo));
		json_object_set_new(o, "rate_ratio_high",
		    jnum(p->ratio_hi));
		json_array_append_new(arr, o);
	}
	json_object_set_new(root, "periods", arr);
	json_object_set_new(root, "unassigned_sightings",
	    json_integer((json_int_t)c->res.unassigned));
	json_object_set_new(root, "warnings", warnings_json(c));
	json_dumpf(root, stdout, JSON_INDENT(2) | JSON_ENSURE_ASCII |
	    JSON_REAL_PRECISION(6));
	fputc('\n', stdout);
	json_decref(root);
}

/* report as a table, its warnings under it. */
static void
report_table(const struct count_cmd *c)
{
	const struct count_period	*p;
	struct table			*t;
	char				 calls[24], ndays[24], unrev[24];
	char				 expd[24], chg[24], pv[24], dwell[48];
	char				 sd[24], app[24], rem[24], cmax[24];
	char				 vessels[256], ratio[80];
	size_t				 i, k;

	t = table_new(16, (const char *[]){ "PERIOD", "QUAY", "CALLS",
	    "VESSELS", "SHIP-DAYS", "STACKS+", "STACKS-", "CONT.MAX",
	    "DWELL MED/MAX", "OBS.DAYS", "UNREV", "EXPECTED", "CHANGE",
	    "RATIO (95% CI)", "P", "VERDICT" });
	for (i = 0; i < c->res.nperiods; i++) {
		p = &c->res.periods[i];
		snprintf(calls, sizeof calls, "%s%d", p->unreviewed ?
		    ">=" : "", p->calls);
		vessels[0] = '\0';
		for (k = 0; k < p->nvessels; k++)
			snprintf(vessels + strlen(vessels),
			    sizeof vessels - strlen(vessels), "%s%s",
			    k ? ", " : "", p->vessels[k]);
		snprintf(sd, sizeof sd, "%d", p->ship_days);
		snprintf(app, sizeof app, "%d", p->stacks_appeared);
		snprintf(rem, sizeof rem, "%d", p->stacks_removed);
		snprintf(cmax, sizeof cmax, "%lld",
		    (long long)p->containers_max);
		if (isnan(p->dwell_median))
			snprintf(dwell, sizeof dwell, "-");
		else
			snprintf(dwell, sizeof dwell, "%.1f/%.1f d",
			    p->dwell_median, p->dwell_max);
		snprintf(ndays, sizeof ndays, "%d (%.0f%%)",
		    p->observed_days, 100 * p->observed_share);
		snprintf(unrev, sizeof unrev, "%d", p->unreviewed);
		fmt_num(expd, sizeof expd, p->has_expected ?
		    p->expected : NAN, 1);
		if (isnan(p->change))
			snprintf(chg, sizeof chg, "-");
		else
			snprintf(chg, sizeof chg, "%+.0f%%",
			    100 * p->change);
		fmt_num(pv, sizeof pv, p->p_value, 3);
		ratio_text(p, ratio, sizeof ratio);
		table_add(t, p->label, count_quay_name(&c->res, p->quay),
		    calls, vessels, sd, app, rem, cmax, dwell, ndays,
		    unrev, expd, chg, ratio, pv, p->verdict);
	}
	table_print(t, stdout);
	table_free(t);
	warnings_footer(c, stdout);
}

static int
cmd_report(int argc, char **argv)
{
	struct count_cmd	 c;
	struct buf		 b;
	const char		*cls;
	int			 rc;

	memset(&c, 0, sizeof c);
	c.ce = &cmd_report_entry;
	if ((rc = parse(&c, argc, argv)) != 0)
		return rc < 0 ? EXIT_OK : rc;
	if (c.evidence != NULL &&
	    (rc = cmd_evidence_check(c.evidence, c.force)) != 0)
		return rc;
	if ((rc = run(&c)) != 0) {
		done(&c);
		return rc;
	}
	cls = c.cls ? c.cls : "ship";
	if (c.fmt == FORMAT_JSON)
		report_json(&c, cls);
	else if (c.fmt == FORMAT_CSV) {
		buf_init(&b);
		report_csv(&c, cls, &b);
		cmd_write_data(stdout, b.data, b.len);
		buf_free(&b);
		if (c.res.nwarnings > 0)
			fprintf(stderr, "quaymark: report: %zu warning%s "
			    "(--format json or table lists them)\n",
			    c.res.nwarnings, c.res.nwarnings == 1 ? "" : "s");
	} else
		report_table(&c);
	rc = c.plot != NULL ? report_plot_write(c.st, &c.o, &c.res, c.plot) :
	    EXIT_OK;
	if (rc == EXIT_OK && c.evidence != NULL)
		rc = cmd_evidence_write(c.st, &c.o, &c.res, c.evidence, c.force,
		    evidence_chart, &c);
	done(&c);
	return rc;
}

const struct cmd_entry cmd_report_entry = {
	.name = "report",
	.usage = "[--site NAME] [--quay QUAY] [--class CLASS] "
	    "[--by day|week|month] [--from DATE] [--to DATE] "
	    "[--status approved|all] [--format table|csv|json] "
	    "[--plot FILE.png|FILE.svg] [--evidence DIR [--force]]",
	.summary = "calls per period, coverage, and whether a change is real",
	.exec = cmd_report,
};

static void
day_of(int64_t t, char *out)
{
	date_format_day(t, out);
}

/* A track's days and dwell, as every shape of the listing needs them. */
struct track_days {
	char	 a[DATE_DAY_LEN], z[DATE_DAY_LEN];	/* first, last */
	char	 lo[DATE_DAY_LEN], hi[DATE_DAY_LEN];	/* "?": unknown */
	char	 call[96];		/* stacks: "IDENTITY DAY" of the call */
	char	 call_day[DATE_DAY_LEN];	/* "": no call */
	double	 dmin, dmax;		/* dmax NaN: unbounded */
};

static void
track_days(const struct count_cmd *c, const struct count_track *tr,
    int stacks, struct track_days *d)
{
	day_of(tr->first, d->a);
	day_of(tr->last, d->z);
	if (tr->has_before)
		day_of(tr->before, d->lo);
	else
		snprintf(d->lo, sizeof d->lo, "?");
	if (tr->has_after)
		day_of(tr->after, d->hi);
	else
		snprintf(d->hi, sizeof d->hi, "?");
	d->dmin = (double)(tr->last - tr->first) / 86400;
	d->dmax = tr->has_before && tr->has_after ?
	    (double)(tr->after - tr->before) / 86400 : NAN;
	d->call[0] = d->call_day[0] = '\0';
	if (stacks && tr->call >= 0) {
		day_of(c->res.calls[tr->call].first, d->call_day);
		snprintf(d->call, sizeof d->call, "%s %s",
		    c->res.calls[tr->call].identity, d->call_day);
	}
}

static json_t *
track_json(const struct count_cmd *c, const struct count_track *tr,
    int stacks, const struct track_days *d)
{
	json_t	*o;

	o = json_pack("{s:s,s:s,s:s,s:s,s:s?,s:s?,s:f,s:o,s:i}",
	    stacks ? "stack" : "identity", tr->identity,
	    "quay", count_quay_name(&c->res, tr->quay),
	    stacks ? "first" : "arrival", d->a,
	    stacks ? "last" : "departure", d->z,
	    "after", tr->has_before ? d->lo : NULL,
	    "before", tr->has_after ? d->hi : NULL,
	    "dwell_min_days", d->dmin,
	    "dwell_max_days", jnum(d->dmax),
	    "sightings", tr->sightings);
	if (stacks) {
		json_object_set_new(o, "containers", tr->has_count ?
		    json_integer(tr->count_max) : json_null());
		json_object_set_new(o, "call", tr->call >= 0 ?
		    json_string(c->res.calls[tr->call].identity) :
		    json_null());
		if (tr->call >= 0)
			json_object_set_new(o, "call_arrival",
			    json_string(d->call_day));
	}
	return o;
}

static void
track_csv(const struct count_cmd *c, const struct count_track *tr,
    int stacks, const struct track_days *d, struct buf *b)
{
	csv_put_field(b, tr->identity, 1);
	csv_put_field(b, count_quay_name(&c->res, tr->quay), 1);
	csv_put_field(b, d->a, 0);
	csv_put_field(b, d->z, 0);
	csv_put_field(b, tr->has_before ? d->lo : "", 0);
	csv_put_field(b, tr->has_after ? d->hi : "", 0);
	put_csv_num(b, d->dmin, 2);
	put_csv_num(b, d->dmax, 2);
	put_csv_num(b, tr->sightings, 0);
	if (stacks) {
		put_csv_num(b, tr->has_count ? (double)tr->count_max : NAN, 0);
		csv_put_field(b, tr->call >= 0 ?
		    c->res.calls[tr->call].identity : "", 1);
		csv_put_field(b, d->call_day, 0);
	}
	csv_end_row(b);
}

static void
track_table(const struct count_cmd *c, const struct count_track *tr,
    int stacks, const struct track_days *d, struct table *t)
{
	char	 dwell[48], sg[24], cnt[24], between[2 * DATE_DAY_LEN + 4];

	if (isnan(d->dmax))
		snprintf(dwell, sizeof dwell, "%.1f - ?", d->dmin);
	else
		snprintf(dwell, sizeof dwell, "%.1f - %.1f", d->dmin, d->dmax);
	snprintf(sg, sizeof sg, "%d", tr->sightings);
	if (stacks) {
		if (tr->has_count)
			snprintf(cnt, sizeof cnt, "%lld",
			    (long long)tr->count_max);
		else
			cnt[0] = '\0';
		table_add(t, tr->identity, count_quay_name(&c->res, tr->quay),
		    d->a, d->z, dwell, sg, cnt, d->call);
	} else {
		snprintf(between, sizeof between, "%s..%s", d->lo, d->hi);
		table_add(t, tr->identity, count_quay_name(&c->res, tr->quay),
		    d->a, d->z, between, dwell, sg);
	}
}

/* Rows for `calls` and `stacks`, one per track. */
static int
list_tracks(struct count_cmd *c, int stacks)
{
	const struct count_track	*v = stacks ? c->res.stacks : c->res.calls;
	size_t				 n = stacks ? c->res.nstacks :
					     c->res.ncalls, i;
	struct track_days		 d;
	struct table			*t;
	struct buf			 b;
	json_t				*arr;

	arr = c->fmt == FORMAT_JSON ? json_array() : NULL;
	t = c->fmt == FORMAT_TABLE ? table_new(stacks ? 8 : 7,
	    stacks ? (const char *[]){ "STACK", "QUAY", "FIRST", "LAST",
	    "DWELL (DAYS)", "SIGHTINGS", "CONTAINERS", "CALL" } :
	    (const char *[]){ "IDENTITY", "QUAY", "ARRIVAL", "DEPARTURE",
	    "BETWEEN", "DWELL (DAYS)", "SIGHTINGS" }) : NULL;
	buf_init(&b);
	if (c->fmt == FORMAT_CSV) {
		buf_puts(&b, stacks ? "stack,quay,first,last,after,before,"
		    "dwell_min_days,dwell_max_days,sightings,containers,"
		    "call,call_arrival\n" : "identity,quay,arrival,departure,"
		    "after,before,dwell_min_days,dwell_max_days,sightings\n");
	}
	for (i = 0; i < n; i++) {
		if (!v[i].reported)	/* arrived outside --from/--to */
			continue;
		track_days(c, &v[i], stacks, &d);
		if (arr != NULL)
			json_array_append_new(arr, track_json(c, &v[i], stacks,
			    &d));
		else if (t != NULL)
			track_table(c, &v[i], stacks, &d, t);
		else
			track_csv(c, &v[i], stacks, &d, &b);
	}
	if (arr != NULL) {
		json_dumpf(arr, stdout, JSON_INDENT(2) | JSON_ENSURE_ASCII |
		    JSON_REAL_PRECISION(6));
		fputc('\n', stdout);
		json_decref(arr);
	} else if (t != NULL) {
		table_print(t, stdout);
		table_free(t);
	} else
		cmd_write_data(stdout, b.data, b.len);
	buf_free(&b);
	return EXIT_OK;
}

static int
cmd_calls_or_stacks(int argc, char **argv, const struct cmd_entry *ce,
    int stacks)
{
	struct count_cmd	 c;
	int			 rc;

	memset(&c, 0, sizeof c);
	c.ce = ce;
	if ((rc = parse(&c, argc, argv)) != 0)
		return rc < 0 ? EXIT_OK : rc;
	if (c.plot != NULL || c.evidence != NULL)
		return cmd_usage_error(ce, "--plot and --evidence are for "
		    "report");
	if ((rc = run(&c)) == 0)
		rc = list_tracks(&c, stacks);
	done(&c);
	return rc;
}

static int
cmd_calls(int argc, char **argv)
{
	return cmd_calls_or_stacks(argc, argv, &cmd_calls_entry, 0);
}

static int
cmd_stacks(int argc, char **argv)
{
	return cmd_calls_or_stacks(argc, argv, &cmd_stacks_entry, 1);
}

const struct cmd_entry cmd_calls_entry = {
	.name = "calls",
	.usage = "[--site NAME] [--quay QUAY] [--class CLASS] [--from DATE] "
	    "[--to DATE] [--status approved|all] [--format table|csv|json]",
	.summary = "one row per call: identity, quay, arrival, departure",
	.exec = cmd_calls,
};

const struct cmd_entry cmd_stacks_entry = {
	.name = "stacks",
	.usage = "[--site NAME] [--quay QUAY] [--from DATE] [--to DATE] "
	    "[--status approved|all] [--format table|csv|json]",
	.summary = "one row per container stack, with its dwell",
	.exec = cmd_stacks,
};
