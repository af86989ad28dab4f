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
			if (cmd_format_opt(c->ce, optarg, &c->fmt) != 0)
				return EXIT_USAGE;
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
	const char		*from;
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
	/* The sighting summary and the marks give the same counts; tests and
	 * bench/count.sh compare the two ways. */
	if ((from = getenv("QUAYMARK_COUNT_FROM")) != NULL &&
	    strcmp(from, "marks") == 0)
		store_sighting_direct(c->st, 1);
	c->o.evidence = c->evidence != NULL;
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

/*
 * v to dec decimals into out (dec < 0: exactly, for JSON), or NULL for no
 * number: not a number, or for JSON an infinity.
 */
static const char *
num_cell(char *out, size_t len, double v, int dec)
{
	if (isnan(v) || (dec < 0 && isinf(v)))
		return NULL;
	if (isinf(v))
		snprintf(out, len, "inf");
	else if (dec < 0)
		snprintf(out, len, "%.17g", v);
	else
		snprintf(out, len, "%.*f", dec, v);
	return out;
}

/* The chart of an evidence set: the report's own, drawn to path. */
static int
evidence_chart(void *arg, const char *path)
{
	struct count_cmd	*c = arg;

	return report_plot_write(c->st, &c->o, &c->res, path);
}

/*
 * The report's columns. The table shows text for people (">=3" calls, a
 * dwell "2.0/5.5 d", a change "+40%"); CSV numbers to a few decimals (the
 * same CSV `export --format counts` writes); JSON numbers exactly and the
 * vessels as an array, the baseline only where there is one.
 */
#define T	ROWS_IN(FORMAT_TABLE)
#define C	ROWS_IN(FORMAT_CSV)
#define J	ROWS_IN(FORMAT_JSON)
static const struct {
	const char	*name;
	unsigned	 in;
} report_cols[] = {
	{ "period", T | C | J }, { "quay", T | C | J }, { "class", C | J },
	{ "calls", T }, { "#calls", C | J }, { "?at_least", C | J },
	{ "vessels", T }, { "vessels", C }, { "@vessels", J },
	{ "ship-days", T }, { "#ship_days", C | J },
	{ "stacks+", T }, { "#stacks_appeared", C | J },
	{ "stacks-", T }, { "#stacks_removed", C | J },
	{ "cont.max", T }, { "#containers_max", C | J },
	{ ".containers_mean", J },
	{ "dwell_med/max", T }, { "#dwell_median_days", C },
	{ ".dwell_median_days", J }, { "#dwell_max_days", C },
	{ ".dwell_max_days", J }, { ".dwell_max_upper_days", J },
	{ "obs.days", T }, { "#observed_days", C | J },
	{ ".observed_share", J },
	{ "unrev", T }, { "#unreviewed_images", C | J },
	{ "expected", T }, { "#expected", C }, { ".expected", J },
	{ "change", T }, { ".change", J },
	{ "ratio_(95%_ci)", T }, { "p", T }, { "#p_value", C },
	{ ".p_value", J }, { "verdict", T | C | J },
	{ "#baseline_calls", J }, { "#baseline_days", J },
	{ "#rate_ratio", C }, { ".rate_ratio", J },
	{ "#rate_ratio_low", C }, { ".rate_ratio_low", J },
	{ "#rate_ratio_high", C }, { ".rate_ratio_high", J },
};
#undef T
#undef C
#undef J

/* The vessels of p joined by sep, and as a JSON array (*json, owned). */
static void
period_vessels(const struct count_period *p, const char *sep, char *out,
    size_t len, char **json)
{
	json_t	*vs;
	size_t	 k;

	out[0] = '\0';
	for (k = 0; k < p->nvessels; k++)
		snprintf(out + strlen(out), len - strlen(out), "%s%s",
		    k ? sep : "", p->vessels[k]);
	if (json == NULL)
		return;
	vs = json_array();
	for (k = 0; k < p->nvessels; k++)
		json_array_append_new(vs, json_string(p->vessels[k]));
	*json = json_dumps(vs, JSON_COMPACT);
	json_decref(vs);
}

/* One period's row, every column (report_cols says which shows where). */
static void
period_row(struct rows *r, const struct count_cmd *c,
    const struct count_period *p, const char *cls)
{
	char	 calls[24], ndays[24], unrev[24], expd[24], chg[24], pv[24];
	char	 dwell[48], sd[24], app[24], rem[24], cmax[24], ratio[80];
	char	 vt[256], vc[256], *vj = NULL, n[24][40];
	double	 expected = p->has_expected ? p->expected : NAN;

	snprintf(calls, sizeof calls, "%s%d", p->unreviewed ? ">=" : "",
	    p->calls);
	period_vessels(p, ", ", vt, sizeof vt, NULL);
	period_vessels(p, "; ", vc, sizeof vc, &vj);
	snprintf(sd, sizeof sd, "%d", p->ship_days);
	snprintf(app, sizeof app, "%d", p->stacks_appeared);
	snprintf(rem, sizeof rem, "%d", p->stacks_removed);
	snprintf(cmax, sizeof cmax, "%lld", (long long)p->containers_max);
	if (isnan(p->dwell_median))
		snprintf(dwell, sizeof dwell, "-");
	else
		snprintf(dwell, sizeof dwell, "%.1f/%.1f d", p->dwell_median,
		    p->dwell_max);
	snprintf(ndays, sizeof ndays, "%d (%.0f%%)", p->observed_days,
	    100 * p->observed_share);
	snprintf(unrev, sizeof unrev, "%d", p->unreviewed);
	fmt_num(expd, sizeof expd, expected, 1);
	if (isnan(p->change))
		snprintf(chg, sizeof chg, "-");
	else
		snprintf(chg, sizeof chg, "%+.0f%%", 100 * p->change);
	fmt_num(pv, sizeof pv, p->p_value, 3);
	count_ratio_text(p, ratio, sizeof ratio);
	snprintf(n[0], sizeof n[0], "%d", p->calls);
	snprintf(n[1], sizeof n[1], "%lld", (long long)p->base_calls);
	snprintf(n[2], sizeof n[2], "%lld", (long long)p->base_days);
	snprintf(n[3], sizeof n[3], "%d", p->observed_days);
	rows_add(r, p->label, count_quay_name(&c->res, p->quay), cls, calls,
	    n[0], p->unreviewed > 0 ? "1" : "0", vt, vc, vj, sd, sd, app, app,
	    rem, rem, cmax, cmax,
	    num_cell(n[4], sizeof n[4], p->containers_mean, -1), dwell,
	    num_cell(n[5], sizeof n[5], p->dwell_median, 2),
	    num_cell(n[6], sizeof n[6], p->dwell_median, -1),
	    num_cell(n[7], sizeof n[7], p->dwell_max, 2),
	    num_cell(n[8], sizeof n[8], p->dwell_max, -1),
	    num_cell(n[9], sizeof n[9], p->dwell_max_upper, -1), ndays, n[3],
	    num_cell(n[10], sizeof n[10], p->observed_share, -1), unrev,
	    unrev, expd, num_cell(n[11], sizeof n[11], expected, 3),
	    num_cell(n[12], sizeof n[12], expected, -1), chg,
	    num_cell(n[13], sizeof n[13], p->change, -1), ratio, pv,
	    num_cell(n[14], sizeof n[14], p->p_value, 4),
	    num_cell(n[15], sizeof n[15], p->p_value, -1), p->verdict,
	    p->has_expected ? n[1] : ROWS_ABSENT,
	    p->has_expected ? n[2] : ROWS_ABSENT,
	    num_cell(n[16], sizeof n[16], p->ratio, 3),
	    num_cell(n[17], sizeof n[17], p->ratio, -1),
	    num_cell(n[18], sizeof n[18], p->ratio_lo, 3),
	    num_cell(n[19], sizeof n[19], p->ratio_lo, -1),
	    num_cell(n[20], sizeof n[20], p->ratio_hi, 3),
	    num_cell(n[21], sizeof n[21], p->ratio_hi, -1));
	free(vj);
}

/* The report's rows, one per period; free with rows_free. */
static struct rows *
report_rows(const struct count_cmd *c, const char *cls)
{
	const char	*names[QM_NELEM(report_cols)];
	struct rows	*r;
	size_t		 i;

	for (i = 0; i < QM_NELEM(report_cols); i++)
		names[i] = report_cols[i].name;
	r = rows_new((int)QM_NELEM(report_cols), names);
	for (i = 0; i < QM_NELEM(report_cols); i++)
		rows_only(r, (int)i, report_cols[i].in);
	for (i = 0; i < c->res.nperiods; i++)
		period_row(r, c, &c->res.periods[i], cls);
	return r;
}

/* The report's periods as CSV into b (`export --format counts` too). */
static void
report_csv(const struct count_cmd *c, const char *cls, struct buf *b)
{
	struct rows	*r = report_rows(c, cls);

	rows_csv(r, b);
	rows_free(r);
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
	struct rows	*r = report_rows(c, cls);
	json_t		*root;

	root = json_object();
	json_object_set_new(root, "periods", rows_json(r));
	json_object_set_new(root, "unassigned_sightings",
	    json_integer((json_int_t)c->res.unassigned));
	json_object_set_new(root, "warnings", warnings_json(c));
	json_dumpf(root, stdout, JSON_INDENT(2) | JSON_ENSURE_ASCII |
	    JSON_REAL_PRECISION(6));
	fputc('\n', stdout);
	json_decref(root);
	rows_free(r);
}

/* report as a table, its warnings under it. */
static void
report_table(const struct count_cmd *c)
{
	struct rows	*r = report_rows(c, NULL);

	rows_print(r, FORMAT_TABLE, stdout);
	rows_free(r);
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

/*
 * The listing's columns, for calls and for stacks: the table shows the
 * dates between which a track began and its dwell as text, CSV and JSON
 * the same as numbers (CSV to two decimals, JSON as reals).
 */
#define T	ROWS_IN(FORMAT_TABLE)
#define C	ROWS_IN(FORMAT_CSV)
#define J	ROWS_IN(FORMAT_JSON)
static const struct {
	const char	*name[2];	/* calls, stacks */
	unsigned	 in[2];
} track_cols[] = {
	{ { "identity", "stack" }, { T | C | J, T | C | J } },
	{ { "quay", "quay" }, { T | C | J, T | C | J } },
	{ { "arrival", "first" }, { T | C | J, T | C | J } },
	{ { "departure", "last" }, { T | C | J, T | C | J } },
	{ { "between", "between" }, { T, 0 } },
	{ { "after", "after" }, { C | J, C | J } },
	{ { "before", "before" }, { C | J, C | J } },
	{ { "dwell_(days)", "dwell_(days)" }, { T, T } },
	{ { "#dwell_min_days", "#dwell_min_days" }, { C, C } },
	{ { ".dwell_min_days", ".dwell_min_days" }, { J, J } },
	{ { "#dwell_max_days", "#dwell_max_days" }, { C, C } },
	{ { ".dwell_max_days", ".dwell_max_days" }, { J, J } },
	{ { "#sightings", "#sightings" }, { T | C | J, T | C | J } },
	{ { "containers", "containers" }, { 0, T } },
	{ { "#containers", "#containers" }, { 0, C | J } },
	{ { "call", "call" }, { 0, T } },
	{ { "call", "call" }, { 0, C | J } },
	{ { "call_arrival", "call_arrival" }, { 0, C | J } },
};
#undef T
#undef C
#undef J


/* One track's row, every column (track_cols says which shows where). */
static void
track_row(struct rows *r, const struct count_cmd *c,
    const struct count_track *tr, int stacks, const struct track_days *d)
{
	char	 dwell[48], sg[24], cnt[24], between[2 * DATE_DAY_LEN + 4];
	char	 n[4][40];
	int	 call = stacks && tr->call >= 0;

	if (isnan(d->dmax))
		snprintf(dwell, sizeof dwell, "%.1f - ?", d->dmin);
	else
		snprintf(dwell, sizeof dwell, "%.1f - %.1f", d->dmin, d->dmax);
	snprintf(sg, sizeof sg, "%d", tr->sightings);
	snprintf(cnt, sizeof cnt, "%lld", (long long)tr->count_max);
	snprintf(between, sizeof between, "%s..%s", d->lo, d->hi);
	rows_add(r, tr->identity, count_quay_name(&c->res, tr->quay), d->a,
	    d->z, between, tr->has_before ? d->lo : NULL,
	    tr->has_after ? d->hi : NULL, dwell,
	    num_cell(n[0], sizeof n[0], d->dmin, 2),
	    num_cell(n[1], sizeof n[1], d->dmin, -1),
	    num_cell(n[2], sizeof n[2], d->dmax, 2),
	    num_cell(n[3], sizeof n[3], d->dmax, -1), sg,
	    tr->has_count ? cnt : "", tr->has_count ? cnt : NULL, d->call,
	    call ? c->res.calls[tr->call].identity : NULL,
	    call ? d->call_day : ROWS_ABSENT);
}

/* Rows for `calls` and `stacks`, one per track. */
static int
list_tracks(struct count_cmd *c, int stacks)
{
	const struct count_track	*v = stacks ? c->res.stacks : c->res.calls;
	size_t				 n = stacks ? c->res.nstacks :
					     c->res.ncalls, i;
	const char			*names[QM_NELEM(track_cols)];
	struct track_days		 d;
	struct rows			*r;

	for (i = 0; i < QM_NELEM(track_cols); i++)
		names[i] = track_cols[i].name[stacks];
	r = rows_new((int)QM_NELEM(track_cols), names);
	for (i = 0; i < QM_NELEM(track_cols); i++)
		rows_only(r, (int)i, track_cols[i].in[stacks]);
	rows_json_flags(r, JSON_REAL_PRECISION(6));
	for (i = 0; i < n; i++) {
		if (!v[i].reported)	/* arrived outside --from/--to */
			continue;
		track_days(c, &v[i], stacks, &d);
		track_row(r, c, &v[i], stacks, &d);
	}
	rows_print(r, c->fmt, stdout);
	rows_free(r);
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
