/*
 * chart.c: a bar chart as a PNG: calls per period, with the share of days
 * observed drawn beside each bar, so a month with one call and a month
 * nobody could see show differently. For reports.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "render.h"

#define CHART_W		960
#define CHART_H		480
#define MARGIN_L	70
#define MARGIN_R	70
#define MARGIN_T	50
#define MARGIN_B	80

static void
rect(uint8_t *rgb, int x0, int y0, int x1, int y1, const uint8_t *c)
{
	int	 x, y;

	for (y = y0 < 0 ? 0 : y0; y < y1 && y < CHART_H; y++)
		for (x = x0 < 0 ? 0 : x0; x < x1 && x < CHART_W; x++)
			memcpy(rgb + 3 * ((size_t)y * CHART_W + (size_t)x), c,
			    3);
}

/*
 * Write the chart of n periods to path: values[i] calls (with at_least[i]
 * marking counts unreviewed images could raise), share[i] the share of
 * days observed (0..1), expected[i] the baseline's expectation (NAN none).
 */
int
render_chart(const char *path, const char *title, const char *const *label,
    const double *values, const int *at_least, const double *share,
    const double *expected, size_t n, char *err, size_t errlen)
{
	static const uint8_t	 white[3] = { 255, 255, 255 };
	static const uint8_t	 ink[3] = { 30, 30, 30 };
	static const uint8_t	 grid[3] = { 225, 225, 225 };
	static const uint8_t	 bar[3] = { 200, 60, 50 };
	static const uint8_t	 light[3] = { 235, 170, 160 };
	static const uint8_t	 cover[3] = { 90, 140, 200 };
	static const uint8_t	 exp_c[3] = { 40, 40, 40 };
	uint8_t			*rgb;
	double			 vmax = 1, slot;
	char			 num[32];
	size_t			 i;
	int			 rc, x, y, bw, tick, top;
	int			 pw = CHART_W - MARGIN_L - MARGIN_R;
	int			 ph = CHART_H - MARGIN_T - MARGIN_B;

	if (n == 0)
		return errf(err, errlen, "nothing to chart");
	rgb = xmalloc((size_t)CHART_W * CHART_H * 3);
	rect(rgb, 0, 0, CHART_W, CHART_H, white);
	for (i = 0; i < n; i++) {
		if (values[i] > vmax)
			vmax = values[i];
		if (!isnan(expected[i]) && expected[i] > vmax)
			vmax = expected[i];
	}
	vmax = ceil(vmax);
	tick = vmax <= 10 ? 1 : (int)ceil(vmax / 10);
	for (y = 0; y <= (int)vmax; y += tick) {
		top = MARGIN_T + ph - (int)(ph * y / vmax);
		rect(rgb, MARGIN_L, top, MARGIN_L + pw, top + 1, grid);
		snprintf(num, sizeof num, "%d", y);
		font_draw(rgb, CHART_W, CHART_H, MARGIN_L - 8 -
		    font_width(num, 2), top - 7, num, ink, 2);
	}
	for (y = 0; y <= 100; y += 25) {
		top = MARGIN_T + ph - ph * y / 100;
		snprintf(num, sizeof num, "%d%%", y);
		font_draw(rgb, CHART_W, CHART_H, MARGIN_L + pw + 8, top - 7,
		    num, cover, 2);
	}
	slot = (double)pw / (double)n;
	bw = (int)(slot * 0.45);
	if (bw < 2)
		bw = 2;
	for (i = 0; i < n; i++) {
		x = MARGIN_L + (int)(slot * (double)i + slot * 0.1);
		top = MARGIN_T + ph - (int)(ph * values[i] / vmax);
		rect(rgb, x, top, x + bw, MARGIN_T + ph, at_least[i] ? light :
		    bar);
		top = MARGIN_T + ph - (int)(ph * share[i]);
		rect(rgb, x + bw + 2, top, x + bw + 2 + bw / 3 + 1,
		    MARGIN_T + ph, cover);
		if (!isnan(expected[i])) {
			top = MARGIN_T + ph - (int)(ph * expected[i] / vmax);
			rect(rgb, x - 2, top, x + bw + 2, top + 2, exp_c);
		}
		if (slot >= 40 || i % (size_t)(40 / slot + 1) == 0)
			font_draw(rgb, CHART_W, CHART_H, x, MARGIN_T + ph + 10,
			    label[i], ink, slot >= 60 ? 2 : 1);
	}
	rect(rgb, MARGIN_L, MARGIN_T + ph, MARGIN_L + pw, MARGIN_T + ph + 2,
	    ink);
	font_draw(rgb, CHART_W, CHART_H, MARGIN_L, 14, title, ink, 2);
	font_draw(rgb, CHART_W, CHART_H, MARGIN_L, CHART_H - 30,
	    "BARS: CALLS (PALE: AT LEAST)   BLUE: DAYS OBSERVED   LINE: "
	    "EXPECTED", ink, 1);
	rc = render_png_write(path, CHART_W, CHART_H, 3, rgb, err, errlen);
	free(rgb);
	return rc;
}
