/*
 * chart.c: the report's figure, drawn with cairo so that its type and
 * lines are anti-aliased and the same drawing gives a PNG or an SVG (by
 * the file name's ending). One panel per quay: each period's calls as a
 * bar (pale when unreviewed images make it a lower bound), the share of
 * days observed on a second axis, the expected calls with the interval
 * of counts that would not be called a change, the verdict and p-value
 * written over the periods that have one, and a period without imagery
 * hatched and labelled as such rather than drawn as a zero.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <cairo.h>
#include <cairo-svg.h>

#include "render.h"

#define FIG_W		1200.0
#define PANEL_H		330.0
#define HEAD_H		78.0	/* title and subtitle */
#define LEGEND_H	100.0	/* and the footnote, up to 3 lines */
#define M_LEFT		78.0
#define M_RIGHT		84.0
#define PANEL_TOP	34.0	/* the quay's name, verdicts over bars */
#define PANEL_BOTTOM	62.0	/* period labels */
#define CHART_MAX_PANELS 40
#define FONT		"DejaVu Sans"

struct rgbf {
	double	 r, g, b;
};
/* Colours that stay apart in greyscale print and for colour-blind eyes. */
static const struct rgbf ink = { 0.13, 0.13, 0.13 };
static const struct rgbf soft = { 0.42, 0.42, 0.42 };
static const struct rgbf rule = { 0.87, 0.87, 0.87 };
static const struct rgbf bar = { 0.16, 0.38, 0.62 };
static const struct rgbf bar_pale = { 0.62, 0.74, 0.86 };
static const struct rgbf share_c = { 0.85, 0.45, 0.05 };
static const struct rgbf expect_c = { 0.10, 0.10, 0.10 };
static const struct rgbf none_c = { 0.55, 0.55, 0.55 };
static const struct rgbf surge_c = { 0.72, 0.10, 0.10 };

static void
colour(cairo_t *cr, const struct rgbf *c)
{
	cairo_set_source_rgb(cr, c->r, c->g, c->b);
}

static void
font(cairo_t *cr, double size, int bold)
{
	cairo_select_font_face(cr, FONT, CAIRO_FONT_SLANT_NORMAL, bold ?
	    CAIRO_FONT_WEIGHT_BOLD : CAIRO_FONT_WEIGHT_NORMAL);
	cairo_set_font_size(cr, size);
}

static double
text_w(cairo_t *cr, const char *s)
{
	cairo_text_extents_t	 te;

	cairo_text_extents(cr, s, &te);
	return te.x_advance;
}

/*
 * Cairo turns an SVG's text into glyph outlines (the figure looks the same
 * everywhere), so each string is also kept, as it was placed, for a layer
 * of transparent <text> elements: the words stay searchable, selectable
 * and readable by screen readers and scripts.
 */
static const cairo_user_data_key_t text_layer;

static void
xml_put(struct buf *b, const char *s)
{
	for (; *s != '\0'; s++)
		switch (*s) {
		case '&':
			buf_puts(b, "&amp;");
			break;
		case '<':
			buf_puts(b, "&lt;");
			break;
		case '>':
			buf_puts(b, "&gt;");
			break;
		case '"':
			buf_puts(b, "&quot;");
			break;
		default:
			if ((unsigned char)*s >= 0x20)
				buf_putc(b, *s);
		}
}

static void
keep_text(cairo_t *cr, const char *s)
{
	struct buf	*b = cairo_get_user_data(cr, &text_layer);
	cairo_matrix_t	 m, fm;
	double		 x, y;

	if (b == NULL)
		return;
	cairo_get_current_point(cr, &x, &y);
	cairo_user_to_device(cr, &x, &y);
	cairo_get_matrix(cr, &m);
	cairo_get_font_matrix(cr, &fm);
	buf_printf(b, "<text x=\"%.1f\" y=\"%.1f\" font-size=\"%.1f\" "
	    "transform=\"rotate(%.0f %.1f %.1f)\">", x, y, fm.xx,
	    atan2(m.yx, m.xx) * 180 / M_PI, x, y);
	xml_put(b, s);
	buf_puts(b, "</text>\n");
}

/*
 * Text at (x, y) on its baseline; align 0 left, 0.5 centre, 1 right. A
 * thin white halo keeps it legible where it crosses a line or hatching.
 */
static void
text(cairo_t *cr, double x, double y, double align, const char *s)
{
	cairo_move_to(cr, x - align * text_w(cr, s), y);
	keep_text(cr, s);
	cairo_text_path(cr, s);
	cairo_save(cr);
	cairo_set_source_rgb(cr, 1, 1, 1);
	cairo_set_line_width(cr, 3);
	cairo_set_line_join(cr, CAIRO_LINE_JOIN_ROUND);
	cairo_stroke_preserve(cr);
	cairo_restore(cr);
	cairo_fill(cr);
}

/* Words of s filling lines of width w from (x, y), dy apart; the lines. */
static int
text_wrapped(cairo_t *cr, double x, double y, double w, double dy,
    const char *s)
{
	struct buf	 line, word;
	const char	*p = s, *e;
	int		 n = 0;

	buf_init(&line);
	buf_init(&word);
	while (*p != '\0') {
		e = strchr(p, ' ');
		if (e == NULL)
			e = p + strlen(p);
		buf_reset(&word);
		buf_add(&word, p, (size_t)(e - p));
		if (line.len > 0) {
			buf_putc(&line, ' ');
			buf_puts(&line, word.data);
			if (text_w(cr, line.data) > w) {
				line.len -= word.len + 1;
				line.data[line.len] = '\0';
				text(cr, x, y + dy * n++, 0, line.data);
				buf_reset(&line);
				buf_puts(&line, word.data);
			}
		} else
			buf_puts(&line, word.data);
		p = *e ? e + 1 : e;
	}
	if (line.len > 0)
		text(cr, x, y + dy * n++, 0, line.data);
	buf_free(&line);
	buf_free(&word);
	return n;
}

/* Text turned by angle (radians) about its start at (x, y). */
static void
text_turned(cairo_t *cr, double x, double y, double angle, double align,
    const char *s)
{
	cairo_save(cr);
	cairo_translate(cr, x, y);
	cairo_rotate(cr, angle);
	text(cr, 0, 0, align, s);
	cairo_restore(cr);
}

static void
line(cairo_t *cr, double x0, double y0, double x1, double y1, double w)
{
	cairo_set_line_width(cr, w);
	cairo_move_to(cr, x0, y0);
	cairo_line_to(cr, x1, y1);
	cairo_stroke(cr);
}

/* Diagonal hatching inside a rectangle: "nothing could be seen here". */
static void
hatch(cairo_t *cr, double x, double y, double w, double h)
{
	double	 d;

	cairo_save(cr);
	cairo_rectangle(cr, x, y, w, h);
	cairo_clip(cr);
	cairo_set_source_rgb(cr, 0.94, 0.94, 0.94);
	cairo_paint(cr);
	colour(cr, &none_c);
	cairo_set_line_width(cr, 0.8);
	for (d = -h; d < w; d += 7) {
		cairo_move_to(cr, x + d, y + h);
		cairo_line_to(cr, x + d + h, y);
	}
	cairo_stroke(cr);
	cairo_restore(cr);
}

/* A step of 1, 2 or 5 times a power of ten giving about five ticks. */
static double
nice_step(double vmax)
{
	double	 raw = vmax / 5, p = pow(10, floor(log10(raw)));

	if (raw / p <= 1)
		return p < 1 ? 1 : p;
	if (raw / p <= 2)
		return 2 * p < 1 ? 1 : 2 * p;
	if (raw / p <= 5)
		return 5 * p;
	return 10 * p;
}

static void
p_text(char *out, size_t len, double p)
{
	if (p < 0.001)
		snprintf(out, len, "p < 0.001");
	else
		snprintf(out, len, "p = %.3f", p);
}

/* Two significant digits, whole numbers from 100, and infinity as such. */
static void
num2(char *out, size_t len, double v)
{
	if (isinf(v))
		snprintf(out, len, "\xe2\x88\x9e");	/* ∞ */
	else if (v >= 100)
		snprintf(out, len, "%.0f", v);
	else
		snprintf(out, len, "%.2g", v);
}

/* "ratio 0.63 (0.01-4.2)", or "" without a ratio. */
static void
ratio_words(const struct chart_period *p, char *out, size_t len)
{
	char	 r[16], lo[16], hi[16];

	out[0] = '\0';
	if (isnan(p->ratio) || isnan(p->ratio_lo))
		return;
	num2(r, sizeof r, p->ratio);
	num2(lo, sizeof lo, p->ratio_lo);
	num2(hi, sizeof hi, p->ratio_hi);
	snprintf(out, len, "ratio %s (%s\xe2\x80\x93%s)", r, lo, hi);
}

/*
 * The verdict, p and rate ratio over a period's bar: a line each, or,
 * when the slot is narrow, one turned line, shortened (no ratio, then
 * smaller type) until it fits between the bar and limit, the highest y
 * the panel's words may reach.
 */
static void
draw_verdict(cairo_t *cr, const struct chart_period *p, double cx,
    double top, double slot, double limit)
{
	char	 pv[32], ratio[64], all[160];
	double	 size;
	int	 plain, with_ratio;

	if (p->verdict == NULL || isnan(p->p_value))
		return;
	p_text(pv, sizeof pv, p->p_value);
	ratio_words(p, ratio, sizeof ratio);
	plain = strcmp(p->verdict, "no change") == 0;
	colour(cr, plain ? &soft : &surge_c);
	if (slot >= 100 && top - (ratio[0] ? 42 : 29) >= limit) {
		font(cr, 11, !plain);
		text(cr, cx, top - (ratio[0] ? 31 : 18), 0.5, p->verdict);
		font(cr, 10.5, 0);
		text(cr, cx, top - (ratio[0] ? 18 : 5), 0.5, pv);
		if (ratio[0])
			text(cr, cx, top - 5, 0.5, ratio);
		return;
	}
	for (with_ratio = ratio[0] != '\0'; with_ratio >= 0; with_ratio--)
		for (size = 11; size >= 7; size -= 1) {
			snprintf(all, sizeof all, "%s, %s%s%s", p->verdict, pv,
			    with_ratio ? ", " : "", with_ratio ? ratio : "");
			font(cr, size, !plain);
			if (text_w(cr, all) <= top - 5 - limit ||
			    (with_ratio == 0 && size == 7)) {
				text_turned(cr, cx + size / 3, top - 5,
				    -M_PI / 2, 0, all);
				return;
			}
		}
}

/* The y range a panel needs: calls, expectations and their intervals. */
static double
panel_vmax(const struct chart_panel *pn)
{
	double	 v = 1;
	size_t	 i;

	for (i = 0; i < pn->n; i++) {
		const struct chart_period *p = &pn->p[i];

		if (p->gap == NULL && p->calls > v)
			v = p->calls;
		if (p->has_expected && p->expected > v)
			v = p->expected;
		if (p->has_expected && !isnan(p->hi) && p->hi > v)
			v = p->hi;
	}
	return v;
}

static void
draw_axes(cairo_t *cr, const struct chart *c, double x0, double y0,
    double pw, double ph, double vmax, double step)
{
	char	 num[32];
	double	 v, y;
	int	 s;

	font(cr, 12, 0);
	for (v = 0; v <= vmax + 1e-9; v += step) {
		y = y0 + ph - ph * v / vmax;
		colour(cr, &rule);
		line(cr, x0, y, x0 + pw, y, 1);
		colour(cr, &ink);
		snprintf(num, sizeof num, "%g", v);
		text(cr, x0 - 8, y + 4, 1, num);
	}
	for (s = 0; s <= 100; s += 25) {
		y = y0 + ph - ph * s / 100.0;
		colour(cr, &share_c);
		line(cr, x0 + pw, y, x0 + pw + 5, y, 1);
		snprintf(num, sizeof num, "%d%%", s);
		text(cr, x0 + pw + 8, y + 4, 0, num);
	}
	font(cr, 12.5, 0);
	colour(cr, &ink);
	text_turned(cr, 22, y0 + ph / 2, -M_PI / 2, 0.5, c->y_label ?
	    c->y_label : "calls");
	colour(cr, &share_c);
	text_turned(cr, FIG_W - 18, y0 + ph / 2, M_PI / 2, 0.5,
	    "days observed");
	colour(cr, &ink);
	line(cr, x0, y0 + ph, x0 + pw, y0 + ph, 1.2);
	line(cr, x0, y0, x0, y0 + ph, 1.2);
	colour(cr, &share_c);
	line(cr, x0 + pw, y0, x0 + pw, y0 + ph, 1.2);
}

/* One period's bar and expectation in its slot; the top of what was drawn
 * (where its verdict goes). */
static double
draw_period(cairo_t *cr, const struct chart_period *p, double x, double y0,
    double slot, double ph, double vmax)
{
	double	 bw = slot * 0.56, bx = x + (slot - bw) / 2, cx = x + slot / 2;
	double	 yb = y0 + ph, top = yb, ylo, yhi, ye;

	if (p->gap != NULL) {
		hatch(cr, x + 1, y0, slot - 2, ph);
		font(cr, 12, 1);
		colour(cr, &ink);
		text_turned(cr, cx + 4, yb - 8, -M_PI / 2, 0, p->gap);
		return yb;
	}
	if (p->calls > 0) {
		top = yb - ph * p->calls / vmax;
		colour(cr, p->at_least ? &bar_pale : &bar);
		cairo_rectangle(cr, bx, top, bw, yb - top);
		cairo_fill(cr);
		if (p->at_least) {
			colour(cr, &bar);
			cairo_set_line_width(cr, 1);
			cairo_rectangle(cr, bx + 0.5, top + 0.5, bw - 1,
			    yb - top - 1);
			cairo_stroke(cr);
		}
	}
	if (p->has_expected) {
		colour(cr, &expect_c);
		if (!isnan(p->lo) && !isnan(p->hi)) {
			ylo = yb - ph * p->lo / vmax;
			yhi = yb - ph * p->hi / vmax;
			line(cr, cx, ylo, cx, yhi, 1.4);
			line(cr, cx - 5, ylo, cx + 5, ylo, 1.4);
			line(cr, cx - 5, yhi, cx + 5, yhi, 1.4);
			if (yhi < top)
				top = yhi;
		}
		ye = yb - ph * p->expected / vmax;
		cairo_set_dash(cr, (double[]){ 5, 3 }, 2, 0);
		line(cr, bx - 4, ye, bx + bw + 4, ye, 2);
		cairo_set_dash(cr, NULL, 0, 0);
		if (ye < top)
			top = ye;
	}
	return top;
}

/* The observed share of each period, on the right axis: dots joined. */
static void
draw_share(cairo_t *cr, const struct chart_panel *pn, double x0, double y0,
    double slot, double ph)
{
	size_t	 i;
	double	 x, y;

	colour(cr, &share_c);
	cairo_set_line_width(cr, 1.6);
	for (i = 0; i < pn->n; i++) {
		x = x0 + slot * ((double)i + 0.5);
		y = y0 + ph - ph * pn->p[i].share;
		if (i == 0)
			cairo_move_to(cr, x, y);
		else
			cairo_line_to(cr, x, y);
	}
	cairo_stroke(cr);
	for (i = 0; i < pn->n; i++) {
		x = x0 + slot * ((double)i + 0.5);
		y = y0 + ph - ph * pn->p[i].share;
		cairo_arc(cr, x, y, 3.2, 0, 2 * M_PI);
		cairo_fill(cr);
	}
}

static void
draw_labels(cairo_t *cr, const struct chart_panel *pn, double x0,
    double yb, double slot)
{
	size_t	 i, every = 1;
	double	 cx;

	font(cr, 11.5, 0);
	colour(cr, &ink);
	if (slot < 16)
		every = (size_t)ceil(16 / slot);
	for (i = 0; i < pn->n; i += every) {
		cx = x0 + slot * ((double)i + 0.5);
		if (slot >= text_w(cr, pn->p[i].label) + 6)
			text(cr, cx, yb + 17, 0.5, pn->p[i].label);
		else
			text_turned(cr, cx + 4, yb + 8, M_PI / 4, 0,
			    pn->p[i].label);
	}
}

static void
draw_panel(cairo_t *cr, const struct chart *c, const struct chart_panel *pn,
    double top)
{
	double	 x0 = M_LEFT, pw = FIG_W - M_LEFT - M_RIGHT;
	double	 y0 = top + PANEL_TOP, ph = PANEL_H - PANEL_TOP - PANEL_BOTTOM;
	double	 vmax = panel_vmax(pn), step = nice_step(vmax * 1.3);
	double	 slot = pn->n ? pw / (double)pn->n : pw, *tops;
	size_t	 i;

	vmax = ceil(vmax * 1.3 / step) * step;	/* room for verdicts */
	if (pn->name != NULL && c->npanels > 1) {
		font(cr, 14, 1);
		colour(cr, &ink);
		text(cr, x0, top + 16, 0, pn->name);
	}
	draw_axes(cr, c, x0, y0, pw, ph, vmax, step);
	tops = xcalloc(pn->n ? pn->n : 1, sizeof *tops);
	for (i = 0; i < pn->n; i++)
		tops[i] = draw_period(cr, &pn->p[i], x0 + slot * (double)i, y0,
		    slot, ph, vmax);
	draw_share(cr, pn, x0, y0, slot, ph);
	/* the words last, over the lines */
	for (i = 0; i < pn->n; i++)
		draw_verdict(cr, &pn->p[i], x0 + slot * ((double)i + 0.5),
		    tops[i], slot, top + (c->npanels > 1 ? 24 : 4));
	free(tops);
	draw_labels(cr, pn, x0, y0 + ph, slot);
}

/* One legend entry: a swatch drawn by kind, then its words; the next x. */
static double
legend_item(cairo_t *cr, double x, double y, int kind, const char *what)
{
	switch (kind) {
	case 0:
	case 1:
		colour(cr, kind ? &bar_pale : &bar);
		cairo_rectangle(cr, x, y - 10, 16, 12);
		cairo_fill(cr);
		if (kind) {
			colour(cr, &bar);
			cairo_set_line_width(cr, 1);
			cairo_rectangle(cr, x + 0.5, y - 9.5, 15, 11);
			cairo_stroke(cr);
		}
		break;
	case 2:
		colour(cr, &expect_c);
		cairo_set_dash(cr, (double[]){ 5, 3 }, 2, 0);
		line(cr, x, y - 4, x + 18, y - 4, 2);
		cairo_set_dash(cr, NULL, 0, 0);
		line(cr, x + 9, y - 12, x + 9, y + 4, 1.4);
		break;
	case 3:
		colour(cr, &share_c);
		line(cr, x, y - 4, x + 18, y - 4, 1.6);
		cairo_arc(cr, x + 9, y - 4, 3.2, 0, 2 * M_PI);
		cairo_fill(cr);
		break;
	default:
		hatch(cr, x, y - 11, 16, 14);
		break;
	}
	colour(cr, &ink);
	text(cr, x + 24, y, 0, what);
	return x + 24 + text_w(cr, what) + 26;
}

static void
draw_legend(cairo_t *cr, const struct chart *c, double top)
{
	static const char *const what[] = { "calls",
	    "calls, at least (unreviewed images)",
	    "expected, with its 95 % interval",
	    "days observed (right axis)",
	    "no imagery, or none reviewed yet" };
	double	 x = M_LEFT, y = top + 24;
	int	 k;

	font(cr, 12, 0);
	for (k = 0; k < 5; k++) {
		if (x + 24 + text_w(cr, what[k]) > FIG_W - 20) {
			x = M_LEFT;
			y += 20;
		}
		x = legend_item(cr, x, y, k, what[k]);
	}
	if (c->footnote != NULL) {
		font(cr, 10.5, 0);
		colour(cr, &soft);
		text_wrapped(cr, M_LEFT, y + 26, FIG_W - M_LEFT - M_RIGHT,
		    14, c->footnote);
	}
}

static void
draw(cairo_t *cr, const struct chart *c)
{
	size_t	 k;

	cairo_set_source_rgb(cr, 1, 1, 1);
	cairo_paint(cr);
	cairo_set_line_cap(cr, CAIRO_LINE_CAP_BUTT);
	font(cr, 20, 1);
	colour(cr, &ink);
	text(cr, M_LEFT, 32, 0, c->title);
	if (c->subtitle != NULL) {
		font(cr, 13, 0);
		colour(cr, &soft);
		text(cr, M_LEFT, 56, 0, c->subtitle);
	}
	for (k = 0; k < c->npanels; k++)
		draw_panel(cr, c, &c->panels[k], HEAD_H + PANEL_H * (double)k);
	draw_legend(cr, c, HEAD_H + PANEL_H * (double)c->npanels);
}

static cairo_status_t
to_buf(void *closure, const unsigned char *data, unsigned int len)
{
	buf_add(closure, data, len);
	return CAIRO_STATUS_SUCCESS;
}

/* The SVG's <title>, and the text layer before its end. */
static void
svg_add_text(struct buf *out, const struct buf *layer, const struct chart *c)
{
	struct buf	 b;
	char		*open = strstr(out->data, "<svg"), *end;
	char		*close = strstr(out->data, "</svg>");

	if (open == NULL || close == NULL || (end = strchr(open, '>')) ==
	    NULL || end > close)
		return;
	buf_init(&b);
	buf_add(&b, out->data, (size_t)(end + 1 - out->data));
	buf_puts(&b, "\n<title>");
	xml_put(&b, c->title);
	buf_puts(&b, "</title>\n");
	buf_add(&b, end + 1, (size_t)(close - end - 1));
	buf_puts(&b, "<g id=\"text\" font-family=\"" FONT "\" "
	    "fill-opacity=\"0\">\n");
	if (layer->data != NULL)
		buf_add(&b, layer->data, layer->len);
	buf_puts(&b, "</g>\n");
	buf_puts(&b, close);
	buf_free(out);
	*out = b;
}

static int
ends_with(const char *s, const char *tail)
{
	size_t	 n = strlen(s), t = strlen(tail);

	return n >= t && strcasecmp(s + n - t, tail) == 0;
}

/*
 * Draw the chart into path: an SVG when its name ends in .svg, otherwise
 * a PNG. Written whole (a reader never sees half a figure); a device or
 * pipe is refused like every other whole-file writer's target.
 */
int
render_chart(const char *path, const struct chart *c, char *err,
    size_t errlen)
{
	cairo_surface_t	*s;
	cairo_t		*cr;
	cairo_status_t	 st;
	struct buf	 out, layer;
	double		 h;
	int		 svg = ends_with(path, ".svg"), rc;

	if (c->npanels == 0)
		return errf(err, errlen, "nothing to chart");
	if (c->npanels > CHART_MAX_PANELS)
		return errf(err, errlen, "%zu quays are too many for one "
		    "figure (at most %d; --quay picks one)", c->npanels,
		    CHART_MAX_PANELS);
	h = HEAD_H + PANEL_H * (double)c->npanels + LEGEND_H + 20;
	buf_init(&out);
	if (svg)
		s = cairo_svg_surface_create_for_stream(to_buf, &out, FIG_W, h);
	else
		s = cairo_image_surface_create(CAIRO_FORMAT_RGB24, (int)FIG_W,
		    (int)h);
	cr = cairo_create(s);
	buf_init(&layer);
	if (svg)
		cairo_set_user_data(cr, &text_layer, &layer, NULL);
	draw(cr, c);
	st = cairo_status(cr);
	cairo_destroy(cr);
	if (st == CAIRO_STATUS_SUCCESS && !svg)
		st = cairo_surface_write_to_png_stream(s, to_buf, &out);
	cairo_surface_finish(s);
	if (st == CAIRO_STATUS_SUCCESS)
		st = cairo_surface_status(s);
	cairo_surface_destroy(s);
	if (st != CAIRO_STATUS_SUCCESS) {
		buf_free(&out);
		buf_free(&layer);
		return errf(err, errlen, "%s: %s", path,
		    cairo_status_to_string(st));
	}
	if (svg)
		svg_add_text(&out, &layer, c);
	buf_free(&layer);
	rc = file_write_whole(path, out.data, out.len, 0, err, errlen);
	buf_free(&out);
	return rc;
}
