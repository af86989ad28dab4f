/*
 * actions.c: every action the TUI can take, in one table (name, help,
 * modes, preconditions, handler), and the handlers that move around:
 * cursor, pans, zoom, dates, quays, blink, views. Marking lives in
 * marking.c, review in review.c. Handlers return R_* reactions; they never
 * draw.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tui.h"
#include "../count/count.h"

#define M(x)	(1u << (x))
#define NB	(M(MODE_NORMAL) | M(MODE_BOX))
#define NBA	(NB | M(MODE_ADJUST))

/* Pan v by whole cells so that the cursor (x, y) is on it: 1 if it moved. */
static int
follow_view(struct viewport *v, double x, double y)
{
	double	 sx, sy;
	int	 dx = 0, dy = 0, margin = 2;

	view_to_screen(v, x, y, &sx, &sy);
	if (sx < margin)
		dx = (int)floor(sx) - margin;
	else if (sx >= v->cols - margin)
		dx = (int)floor(sx) - v->cols + margin + 1;
	if (sy / 2 < margin)
		dy = (int)floor(sy / 2) - margin;
	else if (sy / 2 >= v->rows - margin)
		dy = (int)floor(sy / 2) - v->rows + margin + 1;
	if (dx == 0 && dy == 0)
		return 0;
	view_pan_cells(v, dx, dy);
	return 1;
}

/* Keep the cursor on screen, panning by whole cells. */
static int
follow_cursor(struct app *a)
{
	return follow_view(&a->view, a->cx, a->cy) ? R_CURSOR | R_VIEW :
	    R_CURSOR;
}

/*
 * The viewport a zoom would give (in, out, fit, 1:1); the
 * read-ahead uses it to have the next zoom level ready.
 */
void
zoom_view(const struct app *a, enum zoom_how how, struct viewport *v)
{
	*v = a->view;
	if (pixels_zoom(a, how, v)) {	/* steps of screen pixels */
		follow_view(v, a->cx, a->cy);
		return;
	}
	switch (how) {
	case ZOOM_IN:
		view_zoom(v, 2, a->cx, a->cy);
		break;
	case ZOOM_OUT:
		view_zoom(v, 0.5, a->cx, a->cy);
		break;
	case ZOOM_FIT:
		view_fit(v, a->info.width, a->info.height);
		break;
	case ZOOM_ONE:
		v->scale = 1;
		view_center(v, a->cx, a->cy);
	}
	follow_view(v, a->cx, a->cy);
}

static int
cursor_move(struct app *a, int dx, int dy)
{
	a->cx += dx * a->view.scale;
	a->cy += dy * 2 * a->view.scale;
	app_clamp_cursor(a);
	return follow_cursor(a);
}

static int
act_left(struct app *a, int n)
{
	return cursor_move(a, -n, 0);
}

static int
act_right(struct app *a, int n)
{
	return cursor_move(a, n, 0);
}

static int
act_up(struct app *a, int n)
{
	return cursor_move(a, 0, -n);
}

static int
act_down(struct app *a, int n)
{
	return cursor_move(a, 0, n);
}

/*
 * The viewport a half-screen pan in direction dir gives, and the cells it
 * moves by (*dx, *dy); the pixels' read-ahead uses it too.
 */
void
pan_view(const struct app *a, int dir, struct viewport *v, int *dx,
    int *dy)
{
	*v = a->view;
	*dx = *dy = 0;
	switch ((enum pan_dir)dir) {
	case PAN_DOWN:
		*dy = v->rows / 2;
		break;
	case PAN_UP:
		*dy = -v->rows / 2;
		break;
	case PAN_LEFT:
		*dx = -v->cols / 2;
		break;
	case PAN_RIGHT:
		*dx = v->cols / 2;
	}
	view_pan_cells(v, *dx, *dy);
	view_clamp(v, a->info.width, a->info.height);
}

/*
 * Pan by half a screen; the cursor moves with the view. Also what
 * pixels.c draws ahead for sixel and iTerm2 (on a copy it restores).
 */
void
pan_apply(struct app *a, int dir)
{
	int	 dx, dy;

	pan_view(a, dir, &a->view, &dx, &dy);
	a->cx += dx * a->view.scale;
	a->cy += dy * 2 * a->view.scale;
	app_clamp_cursor(a);
}

static int
act_pan(struct app *a, int dir)
{
	pan_apply(a, dir);
	return R_VIEW | R_CURSOR;
}

static int
act_zoom(struct app *a, int how)
{
	zoom_view(a, (enum zoom_how)how, &a->view);
	return R_VIEW | R_CURSOR;
}

static int
act_redraw(struct app *a, int unused)
{
	(void)unused;
	a->base_ok = 0;
	return R_ALL;
}

static int
act_date(struct app *a, int how)
{
	size_t	 i;

	if (a->nimages == 0)
		return R_NONE;
	switch ((enum date_how)how) {
	case DATE_NEXT:
		if (a->cur + 1 >= a->nimages) {
			app_message(a, 0, "last date");
			return R_STATUS;
		}
		return app_goto(a, a->cur + 1, 1);
	case DATE_PREV:
		if (a->cur == 0) {
			app_message(a, 0, "first date");
			return R_STATUS;
		}
		return app_goto(a, a->cur - 1, 1);
	case DATE_NEXT_UNREVIEWED:
		for (i = a->cur + 1; i < a->nimages; i++)
			if (a->images[i].quality == QUALITY_UNREVIEWED ||
			    !a->images[i].reviewed)
				return app_goto(a, i, 1);
		app_message(a, 0, "no unreviewed image after this one");
		return R_STATUS;
	case DATE_PREV_UNREVIEWED:
		for (i = a->cur; i-- > 0;)
			if (a->images[i].quality == QUALITY_UNREVIEWED ||
			    !a->images[i].reviewed)
				return app_goto(a, i, 1);
		app_message(a, 0, "no unreviewed image before this one");
		return R_STATUS;
	case DATE_FIRST:
		return app_goto(a, 0, 1);
	case DATE_LAST:
		break;
	}
	return app_goto(a, a->nimages - 1, 1);
}

static int
act_goto_date(struct app *a, int unused)
{
	(void)unused;
	prompt_start(a, PROMPT_DATE, "date: ", NULL);
	return R_CURSOR;
}

/* Step through the site's quays: the view frames the next one. */
static int
act_quay(struct app *a, int dir)
{
	double	*pts, bb[4];
	size_t	 n, tries;
	long	 q;

	if (a->nquays == 0) {
		app_message(a, 0, "this site has no quays (quaymark quay add)");
		return R_STATUS;
	}
	q = a->quay_focus;
	for (tries = 0; tries < a->nquays; tries++) {
		q = dir > 0 ? (q + 1) % (long)a->nquays :
		    (q <= 0 ? (long)a->nquays - 1 : q - 1);
		if (quay_pixel_polygon(a->ql, &a->info, (size_t)q, &pts, &n)
		    == 0)
			break;
	}
	if (tries == a->nquays) {
		app_message(a, 1, "no quay can be placed on this image");
		return R_STATUS;
	}
	a->quay_focus = q;
	geom_bbox(pts, n, bb);
	a->view.scale = pixels_fit_scale(a, ceil((bb[2] - bb[0]) * 1.2) + 1,
	    ceil((bb[3] - bb[1]) * 1.2) + 1);
	view_center(&a->view, (bb[0] + bb[2]) / 2, (bb[1] + bb[3]) / 2);
	a->cx = (bb[0] + bb[2]) / 2;
	a->cy = (bb[1] + bb[3]) / 2;
	app_message(a, 0, "quay %s", a->quays[q].name);
	return R_VIEW | R_CURSOR | R_PANEL;
}

/* Flip between this date and the previous one, holding the viewport. */
static int
act_blink(struct app *a, int unused)
{
	(void)unused;
	if (a->cur == 0 && !a->blink) {
		app_message(a, 0, "no earlier date to compare with");
		return R_STATUS;
	}
	a->blink = !a->blink;
	a->sel = -1;
	app_want_marks(a, 0);
	store_image_clear(&a->info);
	store_image_get(a->st, a->blink ? a->images[a->cur - 1].id :
	    a->images[a->cur].id, &a->info, NULL, 0);
	return R_IMAGE | R_MARKS | R_PANEL | R_CURSOR;
}

static int
act_gamma(struct app *a, int dir)
{
	double	 g;
	size_t	 i;

	g = a->gamma * (dir > 0 ? 1.25 : 0.8);
	if (g < 0.2 || g > 5) {
		app_message(a, 1, "gamma %.2f is as far as it goes", a->gamma);
		return R_STATUS;
	}
	a->gamma = g;
	for (i = 0; i < IMAGE_CACHE; i++)	/* one gamma for every date */
		if (a->cache[i].ok) {
			a->cache[i].im.stretch.gamma = g;
			app_forget_frames(&a->cache[i]);
		}
	a->base_ok = 0;
	app_message(a, 0, "gamma %.2f", g);
	return R_VIEW | R_CURSOR;
}

/* Toggle between the stored 2-98 % stretch and the type's full range. */
static int
act_stretch(struct app *a, int reset)
{
	struct cached_image	*c = a->shown;
	char			 err[256];
	double			 g;

	if (c == NULL || !c->ok)
		return R_NONE;
	g = c->im.stretch.gamma;
	if (reset == STRETCH_RESET || c->im.stretch.lo[0] == 0) {
		imagery_close(&c->im);
		c->ok = imagery_open(a->st, c->image_id, NULL, 0, &c->im, err,
		    sizeof err) == 0;
		if (reset == STRETCH_RESET) {	/* gamma 1, every date */
			a->gamma = g = 1;
			for (size_t i = 0; i < IMAGE_CACHE; i++)
				if (a->cache[i].ok) {
					a->cache[i].im.stretch.gamma = 1;
					app_forget_frames(&a->cache[i]);
				}
		}
		if (c->ok)
			c->im.stretch.gamma = g;
		app_message(a, 0, "contrast: 2-98 %% stretch");
	} else {
		raster_type_stretch(c->im.r, c->im.stretch.band,
		    c->im.stretch.nbands, &c->im.stretch);
		c->im.stretch.gamma = g;
		app_message(a, 0, "contrast: the data's full range");
	}
	app_forget_frames(c);
	a->base_ok = 0;
	return R_VIEW | R_CURSOR;
}

static int
act_help(struct app *a, int unused)
{
	(void)unused;
	a->prev_mode = a->mode;
	a->mode = MODE_HELP;
	a->help_top = 0;
	return R_ALL;
}

static int
act_report(struct app *a, int unused)
{
	(void)unused;
	a->prev_mode = a->mode;
	a->mode = MODE_REPORT;
	a->report_top = 0;
	return R_ALL | R_REPORT;
}

static int
act_history(struct app *a, int unused)
{
	(void)unused;
	history_load(a);
	a->prev_mode = a->mode;
	a->mode = MODE_HISTORY;
	a->history_top = 0;
	return R_ALL;
}

/* Long history lines: cut to the screen, or whole over several rows. */
static int
act_history_wrap(struct app *a, int unused)
{
	(void)unused;
	a->history_wrap = !a->history_wrap;
	return R_ALL;
}

static int
act_close(struct app *a, int unused)
{
	(void)unused;
	a->mode = MODE_NORMAL;
	a->base_ok = 0;
	return R_ALL;
}

static int
act_scroll(struct app *a, int n)
{
	int	*top = a->mode == MODE_HELP ? &a->help_top : a->mode ==
	    MODE_REPORT ? &a->report_top : &a->history_top;

	if (n == 0)
		n = a->rows - 4;
	*top += n;
	if (*top < 0)
		*top = 0;
	return R_ALL;
}

static int
act_command(struct app *a, int unused)
{
	(void)unused;
	prompt_start(a, PROMPT_COMMAND, ":", NULL);
	return R_CURSOR;
}

static int
act_quit(struct app *a, int unused)
{
	(void)a;
	(void)unused;
	return R_QUIT;
}

static int
act_suspend(struct app *a, int unused)
{
	(void)a;
	(void)unused;
	return R_SUSPEND;
}

const struct action actions[] = {
	{ "cursor-left", "move the cursor one cell left", NB, 0, act_left, 1 },
	{ "cursor-down", "move the cursor one cell down", NB, 0, act_down, 1 },
	{ "cursor-up", "move the cursor one cell up", NB, 0, act_up, 1 },
	{ "cursor-right", "move the cursor one cell right", NB, 0, act_right,
	    1 },
	{ "cursor-left-10", "move the cursor ten cells left", NB, 0, act_left,
	    10 },
	{ "cursor-down-10", "move the cursor ten cells down", NB, 0, act_down,
	    10 },
	{ "cursor-up-10", "move the cursor ten cells up", NB, 0, act_up, 10 },
	{ "cursor-right-10", "move the cursor ten cells right", NB, 0,
	    act_right, 10 },
	{ "pan-down", "pan half a screen down", NB, NEED_IMAGE, act_pan,
	    PAN_DOWN },
	{ "pan-up", "pan half a screen up", NB, NEED_IMAGE, act_pan, PAN_UP },
	{ "pan-left", "pan half a screen left", NB, NEED_IMAGE, act_pan,
	    PAN_LEFT },
	{ "pan-right", "pan half a screen right", NB, NEED_IMAGE, act_pan,
	    PAN_RIGHT },
	{ "zoom-in", "zoom in around the cursor", NBA, NEED_IMAGE, act_zoom,
	    ZOOM_IN },
	{ "zoom-out", "zoom out around the cursor", NBA, NEED_IMAGE, act_zoom,
	    ZOOM_OUT },
	{ "zoom-fit", "fit the image to the pane", NB, NEED_IMAGE, act_zoom,
	    ZOOM_FIT },
	{ "zoom-1", "one image pixel per screen pixel", NB, NEED_IMAGE,
	    act_zoom, ZOOM_ONE },
	{ "redraw", "repaint the whole screen", NB, 0, act_redraw, 0 },
	{ "next-date", "the next date (same view)", M(MODE_NORMAL), 0,
	    act_date, DATE_NEXT },
	{ "prev-date", "the previous date (same view)", M(MODE_NORMAL), 0,
	    act_date, DATE_PREV },
	{ "next-unreviewed", "the next date not yet reviewed", M(MODE_NORMAL),
	    0, act_date, DATE_NEXT_UNREVIEWED },
	{ "prev-unreviewed", "the previous date not yet reviewed",
	    M(MODE_NORMAL), 0, act_date, DATE_PREV_UNREVIEWED },
	{ "first-date", "the first date", M(MODE_NORMAL), 0, act_date,
	    DATE_FIRST },
	{ "last-date", "the last date", M(MODE_NORMAL), 0, act_date,
	    DATE_LAST },
	{ "goto-date", "go to a date typed at a prompt", M(MODE_NORMAL), 0,
	    act_goto_date, 0 },
	{ "next-quay", "frame the next quay", M(MODE_NORMAL), NEED_IMAGE,
	    act_quay, 1 },
	{ "prev-quay", "frame the previous quay", M(MODE_NORMAL), NEED_IMAGE,
	    act_quay, -1 },
	{ "blink", "flip to the previous date and back, same view",
	    M(MODE_NORMAL), NEED_IMAGE, act_blink, 0 },
	{ "mark-1", "mark with class 1: start a box (Enter ends it)",
	    M(MODE_NORMAL), NEED_IMAGE | NEED_WRITE, act_mark, 0 },
	{ "mark-2", "mark with class 2", M(MODE_NORMAL),
	    NEED_IMAGE | NEED_WRITE, act_mark, 1 },
	{ "mark-3", "mark with class 3", M(MODE_NORMAL),
	    NEED_IMAGE | NEED_WRITE, act_mark, 2 },
	{ "mark-4", "mark with class 4", M(MODE_NORMAL),
	    NEED_IMAGE | NEED_WRITE, act_mark, 3 },
	{ "mark-5", "mark with class 5", M(MODE_NORMAL),
	    NEED_IMAGE | NEED_WRITE, act_mark, 4 },
	{ "mark-6", "mark with class 6", M(MODE_NORMAL),
	    NEED_IMAGE | NEED_WRITE, act_mark, 5 },
	{ "mark-7", "mark with class 7", M(MODE_NORMAL),
	    NEED_IMAGE | NEED_WRITE, act_mark, 6 },
	{ "mark-8", "mark with class 8", M(MODE_NORMAL),
	    NEED_IMAGE | NEED_WRITE, act_mark, 7 },
	{ "mark-9", "mark with class 9", M(MODE_NORMAL),
	    NEED_IMAGE | NEED_WRITE, act_mark, 8 },
	{ "repeat-mark", "the next candidate as the last one taken (after a "
	    "hint), else the last mark again at the cursor", M(MODE_NORMAL),
	    NEED_IMAGE | NEED_WRITE, act_repeat, 0 },
	{ "hint", "label the candidates in view; typing a label goes there "
	    "(after a class key: marks it with its fitted box)", NB,
	    NEED_IMAGE, act_hint, 0 },
	{ "hint-name", "as hint, then the new mark's form opens for its name "
	    "(unless it took one from its track)", M(MODE_BOX),
	    NEED_IMAGE | NEED_WRITE, act_hint, 1 },
	{ "hint-cancel", "leave hint mode, nothing changed", M(MODE_HINT), 0,
	    act_hint_cancel, 0 },
	{ "next-candidate", "the cursor to the next candidate in reading "
	    "order", M(MODE_NORMAL), NEED_IMAGE, act_jump_candidate, 1 },
	{ "prev-candidate", "the cursor to the previous candidate",
	    M(MODE_NORMAL), NEED_IMAGE, act_jump_candidate, -1 },
	{ "next-mark", "select the next mark in reading order",
	    M(MODE_NORMAL), NEED_IMAGE, act_jump_mark, 1 },
	{ "prev-mark", "select the previous mark in reading order",
	    M(MODE_NORMAL), NEED_IMAGE, act_jump_mark, -1 },
	{ "count", "a count for the next motion: 0, digits, then the key "
	    "(012l: 12 cells right)", NB, 0, act_count, 0 },
	{ "overlay", "show all marks, the selected class, the selected mark, "
	    "none", M(MODE_NORMAL), 0, act_overlay, 0 },
	{ "select-next", "select the next mark", M(MODE_NORMAL), NEED_IMAGE,
	    act_select, 1 },
	{ "select-prev", "select the previous mark", M(MODE_NORMAL),
	    NEED_IMAGE, act_select, -1 },
	{ "select-here", "select the mark under the cursor", M(MODE_NORMAL),
	    NEED_IMAGE, act_select, 0 },
	{ "deselect", "drop the selection and the message", M(MODE_NORMAL), 0,
	    act_deselect, 0 },
	{ "adjust", "move, resize or turn the selected mark", M(MODE_NORMAL),
	    NEED_MARK | NEED_WRITE, act_adjust, 0 },
	{ "edit", "edit the selected mark's name, count, state, note",
	    M(MODE_NORMAL), NEED_MARK | NEED_WRITE, act_edit, 0 },
	{ "change-class", "change the selected mark's class", M(MODE_NORMAL),
	    NEED_MARK | NEED_WRITE, act_change_class, 0 },
	{ "delete", "delete the selected mark", M(MODE_NORMAL),
	    NEED_MARK | NEED_WRITE, act_delete, 0 },
	{ "accept", "confirm a carried or proposed mark", M(MODE_NORMAL),
	    NEED_MARK | NEED_WRITE, act_accept, 0 },
	{ "carry-forward", "copy the previous date's marks here, to confirm",
	    M(MODE_NORMAL), NEED_IMAGE | NEED_WRITE, act_carry, 0 },
	{ "verdict-clear", "this image is clear", M(MODE_NORMAL),
	    NEED_IMAGE | NEED_WRITE, act_verdict, QUALITY_CLEAR },
	{ "verdict-partly-cloudy", "this image is partly cloudy",
	    M(MODE_NORMAL), NEED_IMAGE | NEED_WRITE, act_verdict,
	    QUALITY_PARTLY_CLOUDY },
	{ "verdict-cloudy", "this image is cloudy (not an observation)",
	    M(MODE_NORMAL), NEED_IMAGE | NEED_WRITE, act_verdict,
	    QUALITY_CLOUDY },
	{ "verdict-no-data", "this image has no data over the port",
	    M(MODE_NORMAL), NEED_IMAGE | NEED_WRITE, act_verdict,
	    QUALITY_NO_DATA },
	{ "verdict-unreviewed", "clear this image's verdict", M(MODE_NORMAL),
	    NEED_IMAGE | NEED_WRITE, act_verdict, QUALITY_UNREVIEWED },
	{ "toggle-reviewed", "mark this image reviewed (or not)",
	    M(MODE_NORMAL), NEED_IMAGE | NEED_WRITE, act_reviewed, 0 },
	{ "undo", "undo this session's last change", M(MODE_NORMAL),
	    NEED_WRITE, act_undo, 0 },
	{ "redo", "redo what was undone", M(MODE_NORMAL), NEED_WRITE,
	    act_undo, 1 },
	{ "gamma-down", "darker midtones", M(MODE_NORMAL), NEED_IMAGE,
	    act_gamma, -1 },
	{ "gamma-up", "brighter midtones", M(MODE_NORMAL), NEED_IMAGE,
	    act_gamma, 1 },
	{ "stretch-toggle", "switch between the 2-98 % stretch and full range",
	    M(MODE_NORMAL), NEED_IMAGE, act_stretch, STRETCH_TOGGLE },
	{ "stretch-reset", "back to the stored stretch, gamma 1",
	    M(MODE_NORMAL), NEED_IMAGE, act_stretch, STRETCH_RESET },
	{ "help", "this help (the keys as they are bound now)",
	    M(MODE_NORMAL), 0, act_help, 0 },
	{ "report", "calls, coverage and verdicts per month",
	    M(MODE_NORMAL), 0, act_report, 0 },
	{ "history", "who changed what on this image, and when",
	    M(MODE_NORMAL), NEED_IMAGE, act_history, 0 },
	{ "command", "the command line (:goto, :quay, :class add, ...)",
	    M(MODE_NORMAL), 0, act_command, 0 },
	{ "quit", "quit (everything is already saved)", M(MODE_NORMAL), 0,
	    act_quit, 0 },
	{ "suspend", "suspend to the shell (fg to return)", M(MODE_NORMAL), 0,
	    act_suspend, 0 },
	{ "approve", "approve the selected mark (supervisors)",
	    M(MODE_NORMAL), NEED_MARK | NEED_WRITE | NEED_SUPERVISOR,
	    act_approve, 0 },
	{ "reject", "reject the selected mark, with a reason (supervisors)",
	    M(MODE_NORMAL), NEED_MARK | NEED_WRITE | NEED_SUPERVISOR,
	    act_reject, 0 },
	{ "review-next", "the next pending mark in the review queue",
	    M(MODE_NORMAL), 0, act_review_step, 1 },
	{ "review-prev", "the previous mark in the review queue",
	    M(MODE_NORMAL), 0, act_review_step, -1 },
	{ "approve-image", "approve every pending mark of this image that "
	    "the review queue shows (its analyst, classes, dates)",
	    M(MODE_NORMAL), NEED_IMAGE | NEED_WRITE | NEED_SUPERVISOR,
	    act_approve_image, 0 },
	{ "comment", "comment on the selected mark, or on the image",
	    M(MODE_NORMAL), NEED_IMAGE | NEED_WRITE, act_comment, 0 },

	{ "box-confirm", "save the box (or a point, if it has no size)",
	    M(MODE_BOX), NEED_WRITE, act_box, BOX_CONFIRM },
	{ "box-point", "save a point at the box's start", M(MODE_BOX),
	    NEED_WRITE, act_box, BOX_POINT },
	{ "box-cancel", "abandon the box", M(MODE_BOX), 0, act_box,
	    BOX_CANCEL },
	{ "box-turn", "turn the box 5 degrees clockwise", M(MODE_BOX), 0,
	    act_box, BOX_TURN },
	{ "box-turn-back", "turn the box 5 degrees anticlockwise",
	    M(MODE_BOX), 0, act_box, BOX_TURN_BACK },
	{ "snap", "fit the box to the object under it (edges and angle)",
	    M(MODE_BOX) | M(MODE_ADJUST), NEED_IMAGE, act_snap, 0 },

	{ "adjust-left", "move the mark one cell left", M(MODE_ADJUST), 0,
	    act_adj, ADJ_LEFT },
	{ "adjust-down", "move the mark one cell down", M(MODE_ADJUST), 0,
	    act_adj, ADJ_DOWN },
	{ "adjust-up", "move the mark one cell up", M(MODE_ADJUST), 0,
	    act_adj, ADJ_UP },
	{ "adjust-right", "move the mark one cell right", M(MODE_ADJUST), 0,
	    act_adj, ADJ_RIGHT },
	{ "adjust-left-10", "move the mark ten cells left", M(MODE_ADJUST), 0,
	    act_adj, ADJ_LEFT_10 },
	{ "adjust-down-10", "move the mark ten cells down", M(MODE_ADJUST), 0,
	    act_adj, ADJ_DOWN_10 },
	{ "adjust-up-10", "move the mark ten cells up", M(MODE_ADJUST), 0,
	    act_adj, ADJ_UP_10 },
	{ "adjust-right-10", "move the mark ten cells right", M(MODE_ADJUST),
	    0, act_adj, ADJ_RIGHT_10 },
	{ "adjust-wider", "make the mark wider", M(MODE_ADJUST), 0, act_adj,
	    ADJ_WIDER },
	{ "adjust-narrower", "make the mark narrower", M(MODE_ADJUST), 0,
	    act_adj, ADJ_NARROWER },
	{ "adjust-taller", "make the mark taller", M(MODE_ADJUST), 0, act_adj,
	    ADJ_TALLER },
	{ "adjust-shorter", "make the mark shorter", M(MODE_ADJUST), 0,
	    act_adj, ADJ_SHORTER },
	{ "adjust-turn", "turn the mark 5 degrees clockwise", M(MODE_ADJUST),
	    0, act_adj, ADJ_TURN },
	{ "adjust-turn-back", "turn the mark 5 degrees anticlockwise",
	    M(MODE_ADJUST), 0, act_adj, ADJ_TURN_BACK },
	{ "adjust-save", "save the adjusted mark", M(MODE_ADJUST), NEED_WRITE,
	    act_adj, ADJ_SAVE },
	{ "adjust-cancel", "put the mark back as it was", M(MODE_ADJUST), 0,
	    act_adj, ADJ_CANCEL },

	{ "scroll-down", "scroll down",
	    M(MODE_HELP) | M(MODE_REPORT) | M(MODE_HISTORY), 0, act_scroll, 1 },
	{ "scroll-up", "scroll up",
	    M(MODE_HELP) | M(MODE_REPORT) | M(MODE_HISTORY), 0, act_scroll,
	    -1 },
	{ "scroll-page", "scroll a page",
	    M(MODE_HELP) | M(MODE_REPORT) | M(MODE_HISTORY), 0, act_scroll, 0 },
	{ "close", "back to the image",
	    M(MODE_HELP) | M(MODE_REPORT) | M(MODE_HISTORY), 0, act_close, 0 },
	{ "history-wrap", "long lines whole (wrapped) or cut to the screen",
	    M(MODE_HISTORY), 0, act_history_wrap, 0 },
};
const size_t nactions = QM_NELEM(actions);
