/*
 * view-report.c: the report view: the count engine's monthly table for
 * the site, with calls drawn as bars and observed days beside them,
 * kept up to date whenever marks or verdicts change (here or by others).
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tui.h"
#include "../count/count.h"

/*
 * Bring a->report (a struct count_live) up to date when an action or
 * another analyst's write said the count may have changed: the first time
 * a whole count, after that only what the marks written since change
 * (count/live.c), so the view follows each mark at once however many
 * marks the site has.
 */
int
report_refresh(struct app *a)
{
	struct count_live	*lv;
	struct count_opts	 o;
	char			 err[512];
	int			 rc;

	if (!a->report_dirty && a->report != NULL)
		return 0;
	a->report_dirty = 0;
	if (a->report != NULL) {
		if ((rc = count_live_update(a->report, err, sizeof err)) != 0) {
			app_message(a, 1, "%s", err);
			count_live_free(a->report);	/* whole again next time */
			a->report = NULL;
		}
		return rc;
	}
	count_opts_default(&o);
	o.site_id = a->site_id;
	if (store_class_find(a->st, "ship", &o.class_id, err, sizeof err) != 0)
		return app_store_error(a, err), -1;
	if (count_live_open(a->st, &o, &lv, err, sizeof err) != 0) {
		app_message(a, 1, "%s", err);
		return -1;
	}
	a->report = lv;
	return 0;
}

void
report_draw(struct app *a)
{
	const struct count_result	*r;
	const struct count_period	*p;
	struct grid		*g = &a->screen;
	struct buf		 b;
	int32_t			 fg = CELL_DEFAULT;	/* see chrome_tab */
	int32_t			 bar = colour_quantize(a->colour_mode, 220, 80,
				     60, 0);
	int32_t			 cov = colour_quantize(a->colour_mode, 90, 140,
				     210, 0);
	int32_t			 hi = CELL_DEFAULT;
	char			 line[512], calls[16], ratio[80];
	size_t			 i;
	int			 x, row = 0, maxc = 1, k, w, n = 0;

	screen_blank(a);	/* a->report was loaded by the loop (report_refresh) */
	buf_init(&b);
	snprintf(line, sizeof line, "Report: %s (ships; calls by month; q "
	    "closes). Bars: calls; blue: share of days observed.",
	    a->site_name);
	text_fit(&b, line, a->cols);
	grid_text(g, 0, row++, b.data, hi, CELL_DEFAULT, CELL_BOLD, a->cols);
	if (a->report == NULL) {
		grid_text(g, 0, row, a->msg, fg, CELL_DEFAULT, 0, a->cols);
		buf_free(&b);
		return;
	}
	r = count_live_result(a->report);
	for (i = 0; i < r->nperiods; i++)
		if (r->periods[i].calls > maxc)
			maxc = r->periods[i].calls;
	snprintf(line, sizeof line, "%-8s %-16s %5s %6s %8s %-17s %6s %-20s %s",
	    "PERIOD", "QUAY", "CALLS", "OBS.D", "EXPECTED", "RATIO (95% CI)",
	    "P", "VERDICT", "CALLS | DAYS OBSERVED");
	buf_reset(&b);
	text_fit(&b, line, a->cols);
	grid_text(g, 0, row++, b.data, fg, CELL_DEFAULT, CELL_REVERSE, a->cols);
	for (i = 0; i < r->nperiods && row < a->rows - 1; i++, n++) {
		if (n < a->report_top)
			continue;
		p = &r->periods[i];
		snprintf(calls, sizeof calls, "%s%d", p->unreviewed ? ">=" : "",
		    p->calls);
		snprintf(line, sizeof line, "%-8s %-16.16s %5s %6d ", p->label,
		    count_quay_name(r, p->quay), calls, p->observed_days);
		if (p->has_expected)
			snprintf(line + strlen(line), sizeof line -
			    strlen(line), "%8.1f ", p->expected);
		else
			snprintf(line + strlen(line), sizeof line -
			    strlen(line), "%8s ", "-");
		count_ratio_text(p, ratio, sizeof ratio);
		snprintf(line + strlen(line), sizeof line - strlen(line),
		    "%-17s ", ratio);
		if (!isnan(p->p_value))
			snprintf(line + strlen(line), sizeof line -
			    strlen(line), "%6.3f ", p->p_value);
		else
			snprintf(line + strlen(line), sizeof line -
			    strlen(line), "%6s ", "-");
		snprintf(line + strlen(line), sizeof line - strlen(line),
		    "%-20s ", p->verdict);
		buf_reset(&b);
		text_fit(&b, line, a->cols);
		grid_text(g, 0, row, b.data, fg, CELL_DEFAULT, 0, a->cols);
		/* the bars */
		x = text_width(b.data);
		w = a->cols - x - 2;
		if (w > 10) {
			int	 cw = w * 2 / 3, dw = w - cw - 1;

			for (k = 0; k < cw * p->calls / maxc; k++) {
				struct cell *c = grid_at(g, x + k, row);

				c->ch = a->ascii ? '#' : 0x2588;
				c->fg = bar;
				c->bg = CELL_DEFAULT;
			}
			for (k = 0; k < (int)(dw * p->observed_share + 0.5);
			    k++) {
				struct cell *c = grid_at(g, x + cw + 1 + k,
				    row);

				c->ch = a->ascii ? '=' : 0x2592;
				c->fg = cov;
				c->bg = CELL_DEFAULT;
			}
		}
		row++;
	}
	buf_free(&b);
}
