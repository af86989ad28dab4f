/*
 * draw.c: the screen, composed in an off-screen grid: the image pane (the
 * cached image grid, then quays, marks, the box being drawn and the
 * cursor on top), the side panel, the timeline of the site's dates, the
 * status line and the message or prompt line. Text typed by people is
 * made safe (text_fit) before it is placed.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tui.h"
#include "../count/count.h"

int
pane_cols(const struct app *a)
{
	int	 p = a->cols / 3 < PANEL_COLS ? a->cols / 3 : PANEL_COLS;

	return a->cols - p - 1;
}

int
pane_rows(const struct app *a)
{
	return a->rows - 3;
}

static int32_t
rgb(const struct app *a, int r, int g, int b)
{
	return colour_quantize(a->colour_mode, (uint8_t)r, (uint8_t)g,
	    (uint8_t)b, 0);
}

/*
 * The chrome's styles. Text is drawn in the terminal's own default colours
 * and told apart by attributes, so it reads on any theme, dark or light.
 * Red, for complaints, is bold and reads on black and on white; no grey
 * does on both a dark grey and a white page, so there is no dim text.
 */
static const struct {
	uint8_t	 rgb[3];
	int	 coloured;	/* 0: the terminal's default foreground */
	uint8_t	 attr;
} chrome_tab[CHROME_COUNT] = {
	[CHROME_TEXT] = { { 0, 0, 0 }, 0, 0 },
	[CHROME_DIM] = { { 0, 0, 0 }, 0, 0 },	/* no grey reads on all themes */
	[CHROME_HI] = { { 0, 0, 0 }, 0, CELL_BOLD },
	[CHROME_ERR] = { { 255, 0, 0 }, 1, CELL_BOLD },
	[CHROME_BAR] = { { 0, 0, 0 }, 0, CELL_REVERSE },
	[CHROME_MARKER] = { { 0, 0, 0 }, 0, CELL_REVERSE | CELL_BOLD },
};

void
chrome_style(const struct app *a, int kind, int32_t *fg, uint8_t *attr)
{
	*fg = CELL_DEFAULT;
	*attr = chrome_tab[kind].attr;
	if (chrome_tab[kind].coloured && a->colour_mode != COLOUR_MONO)
		*fg = rgb(a, chrome_tab[kind].rgb[0], chrome_tab[kind].rgb[1],
		    chrome_tab[kind].rgb[2]);
}

/*
 * Write text (made safe, fitted) at (col, row) in a field w cells wide;
 * the whole field is cleared first (in attr, so a highlighted line is
 * highlighted to its end), so nothing of what was there before shows
 * past the new text.
 */
static void
put(struct app *a, int col, int row, int w, const char *text, int32_t fg,
    uint8_t attr)
{
	struct buf	 b;
	struct cell	*c;
	int		 x;

	if (w <= 0 || row < 0 || row >= a->rows)
		return;
	for (x = col; x < col + w; x++)
		if ((c = grid_at(&a->screen, x, row)) != NULL) {
			c->ch = ' ';
			c->fg = c->bg = CELL_DEFAULT;
			c->attr = attr;
		}
	buf_init(&b);
	text_fit(&b, text, w);
	if (b.data != NULL)
		grid_text(&a->screen, col, row, b.data, fg, CELL_DEFAULT, attr,
		    w);
	buf_free(&b);
}

/* put() in one of the chrome's styles. */
static void
put_style(struct app *a, int col, int row, int w, const char *text,
    int kind)
{
	int32_t	 fg;
	uint8_t	 attr;

	chrome_style(a, kind, &fg, &attr);
	put(a, col, row, w, text, fg, attr);
}

static void
clear_row(struct app *a, int row, int col0, int col1)
{
	struct cell	*c;
	int		 x;

	for (x = col0; x < col1; x++)
		if ((c = grid_at(&a->screen, x, row)) != NULL) {
			c->ch = ' ';
			c->fg = c->bg = CELL_DEFAULT;
			c->attr = 0;
		}
}

/* Every cell of the screen a blank text cell (the full-screen views). */
void
screen_blank(struct app *a)
{
	int	 y;

	for (y = 0; y < a->rows; y++)
		clear_row(a, y, 0, a->cols);
}

static void
zoom_label(double s, char *out, size_t len)
{
	if (s >= 1)
		snprintf(out, len, "1:%.3g", s);
	else
		snprintf(out, len, "%.3g:1", 1 / s);
}

/* Relative luminance (WCAG) of a colour of the grid's mode. */
static double
luminance(int mode, int32_t v)
{
	uint8_t	 c[3];
	double	 l[3];
	int	 i;

	colour_rgb(mode, v, c);
	for (i = 0; i < 3; i++) {
		l[i] = c[i] / 255.0;
		l[i] = l[i] <= 0.03928 ? l[i] / 12.92 : pow((l[i] + 0.055) /
		    1.055, 2.4);
	}
	return 0.2126 * l[0] + 0.7152 * l[1] + 0.0722 * l[2];
}

/*
 * The cursor: a '+' in black or white, whichever stands out more from
 * the pixel it sits on, on that pixel's colour, so it shows on a bright
 * quay as on dark water. Where the colour is unknown (outside the image,
 * no colours), the terminal's own colours reversed.
 */
static void
draw_cursor(struct grid *g, const struct viewport *v, double x, double y)
{
	struct cell	*c;
	double		 sx, sy;
	int32_t		 under;

	view_to_screen(v, x, y, &sx, &sy);
	if (sx < 0 || sy < 0 || sx >= g->cols || sy >= 2 * g->rows)
		return;
	if ((c = grid_at(g, (int)sx, (int)sy / 2)) == NULL)
		return;
	under = c->ch == 0 ? ((int)sy % 2 ? c->bottom : c->top) : c->bg;
	c->ch = '+';
	c->attr = CELL_BOLD;
	if (under == CELL_DEFAULT || g->mode == COLOUR_MONO) {
		c->fg = c->bg = CELL_DEFAULT;
		c->attr |= CELL_REVERSE;
		return;
	}
	c->bg = under;
	/* contrast against black is (L + .05) / .05, against white
	 * 1.05 / (L + .05): equal where L is about 0.18 */
	c->fg = luminance(g->mode, under) > 0.18 ?
	    colour_quantize(g->mode, 0, 0, 0, 0) :
	    colour_quantize(g->mode, 255, 255, 255, 0);
}

static void
draw_pane(struct app *a)
{
	struct grid		 pane;
	struct overlay_mark	 om;
	const double		*pts;
	uint8_t			 qc[3] = { 90, 170, 230 }, c[3];
	char			 label[64];
	size_t			 i, n;
	int			 x, y;

	/* a->base was read by the loop (app_load_frame): no raster opens here */
	memset(&pane, 0, sizeof pane);
	grid_copy(&pane, &a->base);
	for (i = 0; i < a->nquays; i++)
		if (quay_cached_polygon(a->ql, a->info.id, i, &pts, &n) == 0)
			overlay_polygon(&pane, &a->view, pts, n, qc);
	for (i = 0; i < a->nmarks; i++)
		if (app_overlay_mark(a, i, &om, label, sizeof label) == 0)
			overlay_mark(&pane, &a->view, &om);
	if (a->mode == MODE_BOX) {
		app_overlay_box(a, &om);
		overlay_mark(&pane, &a->view, &om);
	}
	hint_draw(a, &pane);
	draw_cursor(&pane, &a->view, a->cx, a->cy);
	for (y = 0; y < pane.rows; y++)
		for (x = 0; x < pane.cols; x++)
			*grid_at(&a->screen, x, y) = *grid_at(&pane, x, y);
	grid_free(&pane);
	(void)c;
}

static const char *
short_class(const char *name)
{
	if (strcmp(name, "container_stack") == 0)
		return "stack";
	return name;
}

/*
 * What the provider says of a STAC image: cloud cover (the whole scene's
 * estimate, a hint beside the analyst's verdict, never one) and the
 * off-nadir angle. The platform is the sensor on the line above.
 */
static int
stac_line(struct app *a, int x0, int row, int w, int32_t colour)
{
	char	 cloud[24] = "?", nadir[32] = "";

	if (!a->has_stac || (isnan(a->stac.cloud_cover) &&
	    isnan(a->stac.off_nadir)))
		return 0;
	if (!isnan(a->stac.cloud_cover))
		snprintf(cloud, sizeof cloud, "%.0f%%", a->stac.cloud_cover);
	if (!isnan(a->stac.off_nadir))
		snprintf(nadir, sizeof nadir, ", off-nadir %.0f",
		    a->stac.off_nadir);
	{
		char	 line[80];

		snprintf(line, sizeof line, "provider: cloud %s%s", cloud,
		    nadir);
		put(a, x0, row, w, line, colour, 0);
	}
	return 1;
}

static void
draw_panel(struct app *a)
{
	int32_t			 fg = CELL_DEFAULT, hi = CELL_DEFAULT, dim, err;
	uint8_t			 at, err_at;
	struct store_mark	*m;
	const struct store_comment *cm = a->comments;
	char			 line[256], when[DATE_ISO_LEN], cnt[32];
	size_t			 i, ncm = a->ncomments, first;
	int			 x0 = pane_cols(a) + 1, w = a->cols - x0, row = 0;
	int			 y, avail;
	uint8_t			 crgb[3];

	chrome_style(a, CHROME_DIM, &dim, &at);
	chrome_style(a, CHROME_ERR, &err, &err_at);
	for (y = 0; y < pane_rows(a); y++) {
		clear_row(a, y, pane_cols(a), a->cols);
		grid_text(&a->screen, pane_cols(a), y, a->ascii ? "|" :
		    "\xe2\x94\x82", dim, CELL_DEFAULT, 0, 1);
	}
	if (a->nimages == 0) {
		put(a, x0, 0, w, "no images", err, err_at);
		return;
	}
	date_format(a->info.acquired, when);
	when[16] = '\0';
	when[10] = ' ';
	snprintf(line, sizeof line, "%s UTC  %zu/%zu%s", when, a->cur + 1,
	    a->nimages, a->blink ? "  BLINK" : "");
	put(a, x0, row++, w, line, a->blink ? hi : fg, CELL_BOLD);
	/* the id the command line wants (quaymark quality ID ...) */
	snprintf(line, sizeof line, "id %lld  %s", (long long)a->info.id,
	    a->info.name ? a->info.name : "");
	put(a, x0, row++, w, line, dim, 0);
	snprintf(line, sizeof line, "%s%s%s%s", quality_name(a->info.quality),
	    a->info.reviewed ? ", reviewed" : "", a->info.accepted ?
	    ", accepted" : "", a->info.blind ? ", blind" : "");
	if (a->info.quality == QUALITY_CLOUDY ||
	    a->info.quality == QUALITY_NO_DATA)
		put(a, x0, row++, w, line, err, err_at);
	else
		put(a, x0, row++, w, line, fg, 0);
	snprintf(line, sizeof line, "%dx%d x%d %s %s", a->info.width,
	    a->info.height, a->info.bands, a->info.data_type ?
	    a->info.data_type : "", a->info.sensor ? a->info.sensor : "");
	put(a, x0, row++, w, line, dim, 0);
	row += stac_line(a, x0, row, w, dim);
	row++;
	snprintf(line, sizeof line, "MARKS (%zu)", a->nmarks);
	put(a, x0, row++, w, line, fg, CELL_BOLD);
	avail = pane_rows(a) - row - 9;
	if (avail < 1)
		avail = 1;
	first = a->sel >= avail ? (size_t)a->sel - (size_t)avail + 1 : 0;
	for (i = first; i < a->nmarks && row < pane_rows(a) - 9 + (avail == 1);
	    i++) {
		m = &a->marks[i];
		if (m->has_count)
			snprintf(cnt, sizeof cnt, "%lld", (long long)m->count);
		else
			cnt[0] = '\0';
		snprintf(line, sizeof line, "%c%-6.6s %-10.10s %-6.6s %s",
		    m->proposal ? '~' : ' ', short_class(m->class_name),
		    m->name ? m->name : cnt, m->author,
		    status_name(m->status));
		app_class_rgb(a, m->class_id, crgb);
		put(a, x0, row++, w, line, rgb(a, crgb[0], crgb[1], crgb[2]),
		    (long)i == a->sel ? CELL_REVERSE : 0);
	}
	row = pane_rows(a) - 8;
	m = a->sel >= 0 && (size_t)a->sel < a->nmarks ? &a->marks[a->sel] :
	    NULL;
	if (a->mode == MODE_ADJUST)
		m = &a->adj;
	if (m != NULL) {
		snprintf(line, sizeof line, "#%lld v%lld %s %s%s",
		    (long long)m->id, (long long)m->version, m->class_name,
		    mark_kind_name(m->kind), m->proposal ? " proposal" : "");
		put(a, x0, row++, w, line, hi, CELL_BOLD);
		if (m->kind == MARK_POINT)
			snprintf(line, sizeof line, "at %.1f,%.1f", m->cx, m->cy);
		else
			snprintf(line, sizeof line, "%.1f,%.1f %gx%g %g deg",
			    m->cx, m->cy, round(m->w * 10) / 10,
			    round(m->h * 10) / 10, m->angle);
		put(a, x0, row++, w, line, fg, 0);
		if (m->has_track)	/* the track it joined (issue 18) */
			snprintf(line, sizeof line, "name %s  track %lld",
			    m->name ? m->name : "-", (long long)m->track);
		else
			snprintf(line, sizeof line, "name %s", m->name ?
			    m->name : "-");
		put(a, x0, row++, w, line, fg, 0);
		if (m->has_count)
			snprintf(line, sizeof line, "count %lld  state %s",
			    (long long)m->count, m->state ? m->state : "-");
		else
			snprintf(line, sizeof line, "count -  state %s",
			    m->state ? m->state : "-");
		put(a, x0, row++, w, line, fg, 0);
		snprintf(line, sizeof line, "note %s", m->note ? m->note : "-");
		put(a, x0, row++, w, line, fg, 0);
		snprintf(line, sizeof line, "by %s, %s%s%s", m->author,
		    status_name(m->status), m->status_reason ? ": " : "",
		    m->status_reason ? m->status_reason : "");
		if (m->status == STATUS_REJECTED)
			put(a, x0, row++, w, line, err, err_at);
		else
			put(a, x0, row++, w, line, dim, 0);
	}
	/* Open comments on this image: supervisors' notes to resolve (the
	 * loop loaded them, app_load_frame). */
	if (ncm > 0) {
		size_t	 k, shown = ncm < 3 ? ncm : 3;

		row = pane_rows(a) - 2 - (int)shown;
		snprintf(line, sizeof line, "%zu open comment(s); :resolve ID",
		    ncm);
		put(a, x0, row++, w, line, hi, CELL_BOLD);
		for (k = ncm - shown; k < ncm; k++) {	/* the newest */
			snprintf(line, sizeof line, "#%lld %s: %s",
			    (long long)cm[k].id, cm[k].author, cm[k].text);
			put(a, x0, row++, w, line, hi, 0);
		}
	}
	put(a, x0, pane_rows(a) - 1, w, a->review ?
	    "A approve X reject n next ? help" : "? help  : command  q quit",
	    dim, 0);
}

static void
draw_timeline(struct app *a)
{
	int32_t		 col[QUALITY_COUNT], cur;
	uint8_t		 cur_attr;
	struct cell	*c;
	size_t		 i, first, last;
	int		 row = a->rows - 3, x, w = a->cols, k, marks;
	char		 ch;

	/* verdict colours of middle lightness, legible on black and on
	 * white; the current date is the default colours reversed, which
	 * no theme can make vanish */
	col[QUALITY_UNREVIEWED] = CELL_DEFAULT;
	col[QUALITY_CLEAR] = rgb(a, 0, 135, 0);
	col[QUALITY_PARTLY_CLOUDY] = rgb(a, 175, 95, 0);
	col[QUALITY_CLOUDY] = rgb(a, 118, 118, 118);
	col[QUALITY_NO_DATA] = rgb(a, 215, 0, 0);
	chrome_style(a, CHROME_MARKER, &cur, &cur_attr);
	clear_row(a, row, 0, a->cols);
	if (a->nimages == 0)
		return;
	for (x = 0; x < w; x++) {
		/* one column per date, or per run of dates when they are
		 * more than the columns */
		if (a->nimages <= (size_t)w) {
			first = (size_t)x;
			last = first + 1;
		} else {
			first = (size_t)((double)x * a->nimages / w);
			last = (size_t)((double)(x + 1) * a->nimages / w);
			if (last <= first)
				last = first + 1;
		}
		if (first >= a->nimages)
			break;
		if (last > a->nimages)
			last = a->nimages;
		marks = 0;
		k = a->images[first].quality;
		for (i = first; i < last; i++) {
			marks += a->images[i].marks;
			if (a->images[i].quality != QUALITY_UNREVIEWED)
				k = a->images[i].quality;
		}
		ch = marks == 0 ? '.' : marks < 10 ? (char)('0' + marks) : '+';
		if (k == QUALITY_CLOUDY)
			ch = marks ? ch : '~';
		else if (k == QUALITY_NO_DATA)
			ch = 'x';
		if ((c = grid_at(&a->screen, x, row)) == NULL)
			continue;
		c->ch = (uint32_t)ch;
		c->fg = col[k >= 0 && k < QUALITY_COUNT ? k : 0];
		c->bg = CELL_DEFAULT;
		c->attr = a->images[first].reviewed ? CELL_BOLD : 0;
		if (a->cur >= first && a->cur < last) {
			c->fg = cur;
			c->attr = cur_attr;
		}
	}
}

static void
draw_status(struct app *a)
{
	char		 line[512], zoom[24], when[DATE_DAY_LEN], ll[64] = "";
	char		 pos[64];
	const char	*quay = "-";
	double		 lon, lat, mx, my;
	int32_t		 fg;
	uint8_t		 attr;
	int		 q;

	clear_row(a, a->rows - 2, 0, a->cols);
	if (a->nimages > 0) {
		q = quay_cached_locate(a->ql, a->info.id, a->cx, a->cy);
		if (q >= 0)
			quay = ((const struct store_quay *)quay_locator_quay(
			    a->ql, (size_t)q))->name;
		date_format_day(a->info.acquired, when);
	} else
		snprintf(when, sizeof when, "-");
	zoom_label(pixels_scale(a), zoom, sizeof zoom);
	if (a->info.has_gt && a->info.crs_code != NULL) {
		mx = a->info.gt[0] + a->cx * a->info.gt[1] + a->cy *
		    a->info.gt[2];
		my = a->info.gt[3] + a->cx * a->info.gt[4] + a->cy *
		    a->info.gt[5];
		if (render_lonlat(a->info.crs_code, mx, my, &lon, &lat) == 0)
			snprintf(ll, sizeof ll, " %.5f%c %.5f%c", fabs(lat),
			    lat >= 0 ? 'N' : 'S', fabs(lon), lon >= 0 ? 'E' :
			    'W');
	}
	if (a->nimages > 0)
		snprintf(pos, sizeof pos, "id %lld | %zu/%zu",
		    (long long)a->info.id, a->cur + 1, a->nimages);
	else
		snprintf(pos, sizeof pos, "0/0");
	snprintf(line, sizeof line, "%s | %s | %s | %s | %s | %.0f,%.0f%s | "
	    "%s | %s%s%s", a->site_name, quay, when, pos, zoom, a->cx, a->cy,
	    ll, a->user, a->review ? "REVIEW " : "", mode_name(a->mode),
	    a->saved[0] ? " | " : "");
	/* the terminal's own colours, reversed: readable on any theme */
	put_style(a, 0, a->rows - 2, a->cols - (int)strlen(a->saved), line,
	    CHROME_BAR);
	if (a->saved[0]) {
		chrome_style(a, CHROME_BAR, &fg, &attr);
		put(a, a->cols - (int)strlen(a->saved), a->rows - 2,
		    (int)strlen(a->saved), a->saved, fg, attr | CELL_BOLD);
	}
}

/* The message line: a complaint stands out, anything else is plain. */
static void
put_message(struct app *a, int col, int row, int w)
{
	put_style(a, col, row, w, a->msg, a->msg_error ? CHROME_ERR :
	    CHROME_TEXT);
}

static void
draw_bottom(struct app *a)
{
	const char	*labels[FORM_FIELDS] = { "name", "count", "state",
	    "note" };
	char		 line[512];
	int		 row = a->rows - 1, i, x;

	clear_row(a, row, 0, a->cols);
	if (a->mode == MODE_PROMPT) {
		snprintf(line, sizeof line, "%s%s", a->prompt.label,
		    a->prompt.text.data ? a->prompt.text.data : "");
		put_style(a, 0, row, a->cols - 1, line, CHROME_TEXT);
		x = (int)strlen(a->prompt.label) + text_width(
		    a->prompt.text.data ? a->prompt.text.data : "");
		if (x < a->cols && grid_at(&a->screen, x, row) != NULL)
			grid_at(&a->screen, x, row)->attr |= CELL_REVERSE;
		/* completions (or a complaint) beside what is typed */
		if (a->msg[0] && x + 3 < a->cols - 1)
			put_style(a, x + 3, row, a->cols - 1 - (x + 3), a->msg,
			    a->msg_error ? CHROME_ERR : CHROME_DIM);
		return;
	}
	if (a->mode == MODE_FORM) {
		/* each field cleared to the panel's edge (put), so a shorter
		 * value never shows the end of what was there before */
		for (i = 0; i < FORM_FIELDS; i++) {
			snprintf(line, sizeof line, "%s%s: %s", i ==
			    a->form.focus ? ">" : " ", labels[i],
			    a->form.field[i].data ? a->form.field[i].data : "");
			put(a, pane_cols(a) + 1, pane_rows(a) - 8 + i,
			    a->cols - pane_cols(a) - 1, line, CELL_DEFAULT,
			    i == a->form.focus ? CELL_REVERSE : 0);
		}
		if (a->msg[0])	/* what was wrong with the form */
			put_message(a, 0, row, a->cols - 1);
		else
			put_style(a, 0, row, a->cols - 1, "edit: Tab next "
			    "field, Enter saves, Esc cancels", CHROME_TEXT);
		return;
	}
	if (a->msg[0])
		put_message(a, 0, row, a->cols - 1);
}

/* Size a->screen to the terminal; a new size reads the image again. */
void
draw_fit(struct app *a)
{
	if (a->screen.cols != a->cols || a->screen.rows != a->rows ||
	    a->screen.mode != a->colour_mode) {
		grid_free(&a->screen);
		grid_init(&a->screen, a->cols, a->rows, a->colour_mode,
		    a->ascii);
		a->base_ok = 0;
		a->drawn_mode = -1;	/* a blank grid: all of it next */
	}
}

/* 1 if draw_screen draws the image pane and the mark panel. */
int
draw_shows_pane(const struct app *a)
{
	return a->cols >= MIN_COLS && a->rows >= MIN_ROWS &&
	    a->mode != MODE_HELP && a->mode != MODE_REPORT &&
	    a->mode != MODE_HISTORY;
}

/*
 * Which parts of the main screen a reaction repaints (htop's REDRAW_BAR):
 * a message alone repaints the status and message lines, a selection the
 * panel, a cursor move the pane and the status line (where the cursor's
 * position and quay are). The message line is always drawn: any key may
 * leave a message, and it is one row.
 */
#define P(p)	PART_BIT(PART_ ## p)
static const struct {
	int		 reaction;
	unsigned	 parts;
} part_tab[] = {
	{ R_STATUS,	P(STATUS) },
	{ R_CURSOR,	P(PANE) | P(STATUS) },
	{ R_VIEW,	P(PANE) | P(STATUS) },
	{ R_PANEL,	P(PANEL) },
	{ R_TIMELINE,	P(TIMELINE) },
	{ R_MARKS,	P(PANE) | P(PANEL) | P(TIMELINE) },
	{ R_IMAGE,	PARTS_ALL },
	{ R_ALL,	PARTS_ALL },
};
#undef P

/*
 * The parts draw_screen draws for these reactions: all of them when the
 * mode changed since the last frame (another layout: a prompt, a form,
 * back from a full-screen view) or the grid is new.
 */
unsigned
draw_parts(const struct app *a, int reactions)
{
	unsigned	 parts = PART_BIT(PART_BOTTOM);
	size_t		 i;

	if (a->mode != a->drawn_mode)
		return PARTS_ALL;
	for (i = 0; i < sizeof part_tab / sizeof part_tab[0]; i++)
		if (reactions & part_tab[i].reaction)
			parts |= part_tab[i].parts;
	return parts;
}

/*
 * Compose the screen into a->screen, from memory only (the loop loaded
 * what it shows: app_load, app_load_frame): of the main screen only the
 * parts the reactions name (draw_parts); the other cells stay as the
 * last frame left them, and curses sends only the cells that differ.
 */
void
draw_screen(struct app *a, int reactions)
{
	static void	(*const part_fn[PART_COUNT])(struct app *) = {
		[PART_PANE] = draw_pane, [PART_PANEL] = draw_panel,
		[PART_TIMELINE] = draw_timeline, [PART_STATUS] = draw_status,
		[PART_BOTTOM] = draw_bottom
	};
	char		 line[128];
	unsigned	 parts;
	int		 p;

	draw_fit(a);
	a->drawn = 0;
	if (a->cols < MIN_COLS || a->rows < MIN_ROWS) {
		a->drawn_mode = -1;	/* the main screen whole, later */
		for (int y = 0; y < a->rows; y++)
			clear_row(a, y, 0, a->cols);
		/* two short lines: they fit the tiniest terminal */
		put_style(a, 0, a->rows / 2 - 1, a->cols, "terminal too small",
		    CHROME_HI);
		snprintf(line, sizeof line, "%dx%d, need %dx%d", a->cols,
		    a->rows, MIN_COLS, MIN_ROWS);
		put_style(a, 0, a->rows / 2, a->cols, line, CHROME_TEXT);
		return;
	}
	switch (a->mode) {	/* full-screen views: whole, always */
	case MODE_HELP:
		help_draw(a);
		a->drawn_mode = a->mode;
		return;
	case MODE_REPORT:
		report_draw(a);
		a->drawn_mode = a->mode;
		return;
	case MODE_HISTORY:
		history_draw(a);
		a->drawn_mode = a->mode;
		return;
	}
	parts = draw_parts(a, reactions);
	for (p = 0; p < PART_COUNT; p++)
		if (parts & PART_BIT(p)) {
			part_fn[p](a);
			a->ndrawn[p]++;
		}
	a->drawn = parts;
	a->drawn_mode = a->mode;
}
