/*
 * report-plot.c: `report --plot FILE.png|FILE.svg`: the count engine's
 * periods turned into the figure render/chart.c draws, one panel per
 * quay, with the words a reader of an article needs: the site and quay in
 * the title, what was counted and over which dates, and how the expected
 * calls and the verdicts were reached.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd.h"
#include "../count/count.h"
#include "../render/render.h"

/*
 * The exact (Garwood) interval, at conf, of a Poisson mean from one count
 * y: where P(X >= y) and P(X <= y) are each (1 - conf) / 2, found by
 * bisection on the engine's own tails.
 */
static void
poisson_interval(int y, double conf, double *lo, double *hi)
{
	double	 a = (1 - conf) / 2, l, h, m;
	int	 i;

	*lo = 0;
	if (y > 0) {
		for (l = 0, h = y, i = 0; i < 100; i++) {
			m = (l + h) / 2;
			if (poisson_upper(y, m) < a)
				l = m;
			else
				h = m;
		}
		*lo = (l + h) / 2;
	}
	for (l = y, h = y + 10 + 10 * sqrt(y + 1.0), i = 0; i < 100; i++) {
		m = (l + h) / 2;
		if (poisson_lower(y, m) > a)
			l = m;
		else
			h = m;
	}
	*hi = (l + h) / 2;
}

static const char *
site_name(struct store *st, int64_t id, char *out, size_t len)
{
	struct store_site	*v;
	size_t			 n, i;

	snprintf(out, len, "site %lld", (long long)id);
	if (store_site_list(st, &v, &n, NULL, 0) != 0)
		return out;
	for (i = 0; i < n; i++)
		if (v[i].id == id)
			snprintf(out, len, "%s", v[i].name);
	store_sites_free(v, n);
	return out;
}

static const char *
period_word(int kind)
{
	return kind == PERIOD_DAY ? "day" : kind == PERIOD_WEEK ? "week" :
	    "month";
}

/* The periods of one quay (they are stored by quay, then time). */
static void
fill_panel(const struct count_result *res, size_t q, struct chart_period *cp,
    struct chart_panel *pn)
{
	const struct count_period	*p;
	size_t				 i;

	pn->name = count_quay_name(res, q);
	pn->p = cp;
	pn->n = 0;
	for (i = 0; i < res->nperiods; i++) {
		p = &res->periods[i];
		if (p->quay != q)
			continue;
		memset(&cp[pn->n], 0, sizeof cp[pn->n]);
		cp[pn->n].label = p->label;
		if (p->observed_days == 0)
			cp[pn->n].gap = p->unreviewed > 0 ? "not reviewed" :
			    "no imagery";
		cp[pn->n].calls = p->calls;
		cp[pn->n].at_least = p->unreviewed > 0;
		cp[pn->n].share = p->observed_share;
		cp[pn->n].has_expected = p->has_expected;
		cp[pn->n].expected = p->expected;
		cp[pn->n].lo = cp[pn->n].hi = NAN;
		/* the expectation is only as sure as the baseline's count */
		if (p->has_expected && p->base_days > 0) {
			poisson_interval(p->base_calls, 0.95, &cp[pn->n].lo,
			    &cp[pn->n].hi);
			cp[pn->n].lo *= (double)p->observed_days / p->base_days;
			cp[pn->n].hi *= (double)p->observed_days / p->base_days;
		}
		cp[pn->n].ratio = p->ratio;
		cp[pn->n].ratio_lo = p->ratio_lo;
		cp[pn->n].ratio_hi = p->ratio_hi;
		cp[pn->n].verdict = p->verdict;
		cp[pn->n].p_value = p->p_value;
		pn->n++;
	}
}

/* Write the figure of res to path; 0 or an exit status (after saying why). */
int
report_plot_write(struct store *st, const struct count_opts *o,
    const struct count_result *res, const char *path)
{
	struct chart_period	*cp;
	struct chart_panel	*pn;
	struct chart		 c;
	char			 title[512], sub[512], ylab[64], foot[512];
	char			 site[256], err[CMD_ERRLEN];
	size_t			 q, np = 0, used = 0;
	int			 rc;

	if (res->nperiods == 0 || res->nquays == 0)
		return cmd_error("--plot: no periods to chart");
	cp = xcalloc(res->nperiods, sizeof *cp);
	pn = xcalloc(res->nquays, sizeof *pn);
	for (q = 0; q < res->nquays; q++) {
		fill_panel(res, q, cp + used, &pn[np]);
		used += pn[np].n;
		if (pn[np].n > 0)
			np++;
	}
	if (np == 0) {
		free(cp);
		free(pn);
		return cmd_error("--plot: no periods to chart");
	}
	site_name(st, o->site_id, site, sizeof site);
	memset(&c, 0, sizeof c);
	if (np == 1)
		snprintf(title, sizeof title, "Calls at %s, %s", pn[0].name,
		    site);
	else
		snprintf(title, sizeof title, "Calls at %zu quays of %s", np,
		    site);
	snprintf(sub, sizeof sub, "%s to %s, per %s; %s", pn[0].p[0].label,
	    pn[0].p[pn[0].n - 1].label, period_word(o->period),
	    o->status_mask == STATUS_BIT(STATUS_APPROVED) ?
	    "approved marks only" : "every mark not rejected");
	snprintf(ylab, sizeof ylab, "calls per %s", period_word(o->period));
	snprintf(foot, sizeof foot, "Expected: the calls per observed day of "
	    "the %d %ss before, times this %s's observed days, with the exact "
	    "95%% interval of that baseline. Verdict: exact test of the two "
	    "rates, alpha %g; ratio: this %s's rate over the baseline's, with "
	    "its exact 95%% interval. quaymark %s", o->baseline,
	    period_word(o->period), period_word(o->period), o->alpha,
	    period_word(o->period), QM_VERSION);
	c.title = title;
	c.subtitle = sub;
	c.y_label = ylab;
	c.footnote = foot;
	c.panels = pn;
	c.npanels = np;
	rc = render_chart(path, &c, err, sizeof err);
	free(cp);
	free(pn);
	if (rc != 0)
		return cmd_error("--plot: %s", err);
	return 0;
}
