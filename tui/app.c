/*
 * app.c: the TUI's state and what changes it outside key handlers: the
 * site and its images, the image on screen (through a small cache that is
 * also the read-ahead of neighbouring dates), the marks of that image,
 * the user's last position, and other analysts' changes noticed by
 * watching the store for others' changes (store_changed).
 */
#include <jansson.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "tui.h"
#include "../count/count.h"

void
app_message(struct app *a, int error, const char *fmt, ...)
{
	va_list	 ap;

	va_start(ap, fmt);
	vsnprintf(a->msg, sizeof a->msg, fmt, ap);
	va_end(ap);
	a->msg_error = error;
	/* said once an image is on screen, it is about that image */
	a->msg_image = a->shown_id != 0 && a->nimages > 0 ?
	    a->images[a->cur].id : 0;
}

/* After a committed change: the status line says so. */
void
app_saved(struct app *a)
{
	snprintf(a->saved, sizeof a->saved, "saved");
}

/*
 * A store error, shown and kept: "disk full" turns the session read-only
 * (nothing already stored is lost; writes fail until restarted).
 */
int
app_store_error(struct app *a, const char *err)
{
	app_message(a, 1, "%s", err);
	if (strstr(err, "disk full") != NULL) {
		store_set_readonly(a->st, "disk full: read-only until there "
		    "is space again");
		snprintf(a->saved, sizeof a->saved, "read-only");
	} else
		a->saved[0] = '\0';
	return R_PANEL | R_CURSOR;
}

int
app_class_index(const struct app *a, int64_t class_id)
{
	size_t	 i;

	for (i = 0; i < a->nclasses; i++)
		if (a->classes[i].id == class_id)
			return (int)i;
	return -1;
}

const uint8_t *
app_class_rgb(const struct app *a, int64_t class_id, uint8_t *rgb)
{
	int	 i = app_class_index(a, class_id);

	class_rgb(i >= 0 ? a->classes[i].colour : NULL, rgb);
	return rgb;
}

/*
 * Mark i as the screen shows it, in cells or in pixels alike: the mark
 * being adjusted in its new geometry, proposals dashed, a named mark
 * labelled with its name, a counted one with its count (written into
 * label, which must outlive om). 0, or -1 when the overlay filter (v)
 * hides it.
 */
int
app_overlay_mark(const struct app *a, size_t i, struct overlay_mark *om,
    char *label, size_t len)
{
	const struct store_mark	*m = &a->marks[i];

	if (!hint_shows_mark(a, i))
		return -1;
	if (a->mode == MODE_ADJUST && (long)i == a->sel)
		m = &a->adj;
	memset(om, 0, sizeof *om);
	om->kind = m->kind;
	om->cx = m->cx;
	om->cy = m->cy;
	om->w = m->w;
	om->h = m->h;
	om->angle = m->angle;
	app_class_rgb(a, m->class_id, om->rgb);
	om->dashed = m->proposal;
	om->selected = (long)i == a->sel;
	if (m->name != NULL)
		om->label = m->name;
	else if (m->has_count) {
		snprintf(label, len, "%lld", (long long)m->count);
		om->label = label;
	}
	return 0;
}

/* The box being drawn (MODE_BOX) as an overlay, selected, unlabelled. */
void
app_overlay_box(const struct app *a, struct overlay_mark *om)
{
	memset(om, 0, sizeof *om);
	box_geometry(a, &om->cx, &om->cy, &om->w, &om->h);
	om->kind = a->angle == 0 ? SHAPE_BOX : SHAPE_RBOX;
	om->angle = a->angle;
	app_class_rgb(a, a->box_class, om->rgb);
	om->selected = 1;
}

size_t
app_find_image(const struct app *a, int64_t id)
{
	size_t	 i;

	for (i = 0; i < a->nimages; i++)
		if (a->images[i].id == id)
			return i;
	return (size_t)-1;
}

/* The timeline: every image of the site, with counts of its marks. */
int
app_reload_images(struct app *a)
{
	struct store_filter	 f;
	struct store_image	*v;
	char			 err[256];
	size_t			 n, i;
	int64_t			 cur_id = a->nimages ? a->images[a->cur].id : 0;

	memset(&f, 0, sizeof f);
	f.site_id = a->site_id;
	if (store_image_list(a->st, &f, &v, &n, err, sizeof err) != 0) {
		app_message(a, 1, "%s", err);
		return -1;
	}
	free(a->images);
	a->images = xcalloc(n ? n : 1, sizeof *a->images);
	for (i = 0; i < n; i++) {
		a->images[i].id = v[i].id;
		a->images[i].t = v[i].acquired;
		a->images[i].quality = v[i].quality;
		a->images[i].reviewed = v[i].reviewed;
		a->images[i].accepted = v[i].accepted;
		a->images[i].marks = (int)v[i].marks;
	}
	a->nimages = n;
	store_images_free(v, n);
	a->cur = 0;
	if (cur_id != 0 && (i = app_find_image(a, cur_id)) != (size_t)-1)
		a->cur = i;
	return 0;
}

static void
cache_drop(struct cached_image *c)
{
	size_t	 i;

	if (c->ok)
		imagery_close(&c->im);
	for (i = 0; i < FRAME_CACHE; i++)
		frame_free(&c->f[i].frame);
	memset(c, 0, sizeof *c);
}

/* The cache slot for an image, opening it (into the least recently used
 * slot) if needed. */
static struct cached_image *
cache_get(struct app *a, int64_t id)
{
	struct cached_image	*c, *lru = &a->cache[0];
	size_t			 i;

	for (i = 0; i < IMAGE_CACHE; i++) {
		c = &a->cache[i];
		if (c->image_id == id) {
			c->used = ++a->tick;
			return c;
		}
		if (c->used < lru->used)
			lru = c;
	}
	if (lru == a->shown)	/* never evict what is on screen */
		lru = &a->cache[(size_t)(lru - a->cache + 1) % IMAGE_CACHE];
	cache_drop(lru);
	lru->image_id = id;
	lru->used = ++a->tick;
	lru->ok = imagery_open(a->st, id, NULL, 0, &lru->im, lru->err,
	    sizeof lru->err) == 0;
	if (lru->ok)
		lru->im.stretch.gamma = a->gamma;
	return lru;
}

/* Close image id and drop its frames: its object changed (loading.c). */
void
app_drop_image(struct app *a, int64_t id)
{
	size_t	 i;

	for (i = 0; i < IMAGE_CACHE; i++)
		if (a->cache[i].image_id == id) {
			if (a->shown == &a->cache[i])
				a->shown = NULL;
			cache_drop(&a->cache[i]);
		}
	a->base_ok = 0;
}

struct cached_image *
app_cache_image(struct app *a, int64_t id)
{
	return cache_get(a, id);
}

static int
same_view(const struct viewport *x, const struct viewport *y)
{
	return x->x0 == y->x0 && x->y0 == y->y0 && x->scale == y->scale &&
	    x->cols == y->cols && x->rows == y->rows;
}

/* Drop c's frames (the contrast changed). */
void
app_forget_frames(struct cached_image *c)
{
	size_t	 i;

	for (i = 0; i < FRAME_CACHE; i++)
		c->f[i].has_frame = 0;
}

/* c's frame for view v, or NULL when it has not been read. */
static struct cached_frame *
cache_find(struct cached_image *c, const struct viewport *v)
{
	size_t	 i;

	for (i = 0; i < FRAME_CACHE; i++)
		if (c->f[i].has_frame && same_view(&c->f[i].view, v))
			return &c->f[i];
	return NULL;
}

/* Is view v of image id among the frames read? (Opens nothing.) */
int
app_have_frame(struct app *a, int64_t id, const struct viewport *v)
{
	size_t	 i;

	for (i = 0; i < IMAGE_CACHE; i++)
		if (a->cache[i].image_id == id && a->cache[i].ok &&
		    cache_find(&a->cache[i], v) != NULL)
			return 1;
	return 0;
}

/* Read c's frame for view v into its least recently used slot, unless
 * it has it already. */
static struct cached_frame *
cache_frame(struct app *a, struct cached_image *c, const struct viewport *v,
    char *err, size_t errlen)
{
	struct cached_frame	*f, *lru = &c->f[0];
	size_t			 i;

	if (!c->ok) {
		errf(err, errlen, "%s", c->err);
		return NULL;
	}
	if ((f = cache_find(c, v)) != NULL) {
		f->used = ++a->tick;
		return f;
	}
	for (i = 1; i < FRAME_CACHE; i++)
		if (c->f[i].used < lru->used)
			lru = &c->f[i];
	lru->has_frame = 0;
	if (render_read(c->im.r, v, &c->im.stretch, &lru->frame, err,
	    errlen) != 0)
		return NULL;
	lru->view = *v;
	lru->has_frame = 1;
	lru->used = ++a->tick;
	return lru;
}

/* The id shown: the current image, or the previous one while blinking. */
static int64_t
shown_id(const struct app *a)
{
	if (a->nimages == 0)
		return 0;
	if (a->blink && a->cur > 0)
		return a->images[a->cur - 1].id;
	return a->images[a->cur].id;
}

/*
 * Make the image pane's base grid (the image, no overlays) for the
 * current image and viewport. A file that is gone or damaged gives a
 * placeholder with the reason, and the marks still show.
 */
int
app_show_image(struct app *a, char *err, size_t errlen)
{
	struct cached_image	*c;
	struct cached_frame	*f;
	int64_t			 id = shown_id(a);
	int			 pc = pane_cols(a), pr = pane_rows(a);

	a->view.cols = pc;
	a->view.rows = pr;
	if (a->base.cols != pc || a->base.rows != pr ||
	    a->base.mode != a->colour_mode || a->base.ascii != a->ascii) {
		grid_free(&a->base);
		if (grid_init(&a->base, pc, pr, a->colour_mode, a->ascii) != 0)
			return errf(err, errlen, "terminal too large");
		a->base_ok = 0;
	}
	if (a->base_ok && a->base_image == id && same_view(&a->base_view,
	    &a->view))
		return 0;
	a->base_ok = 0;
	if (id == 0) {
		grid_init(&a->base, pc, pr, a->colour_mode, a->ascii);
		return errf(err, errlen, "no images at this site");
	}
	if (loading_gate(a, id))	/* remote bytes not at hand yet */
		return 0;
	c = cache_get(a, id);
	a->shown = c;
	a->shown_id = id;
	if ((f = cache_frame(a, c, &a->view, err, errlen)) == NULL) {
		struct cell	*cell;
		size_t		 i;

		for (i = 0; i < (size_t)pc * (size_t)pr; i++) {
			cell = &a->base.cells[i];
			cell->ch = 0;
			cell->top = cell->bottom = CELL_DEFAULT;
		}
		grid_text(&a->base, 2, pr / 2, "image unavailable:",
		    colour_quantize(a->colour_mode, 255, 120, 80, 0),
		    CELL_DEFAULT, CELL_BOLD, pc - 4);
		grid_text(&a->base, 2, pr / 2 + 1, err,
		    colour_quantize(a->colour_mode, 255, 255, 255, 0),
		    CELL_DEFAULT, 0, pc - 4);
		a->base_view = a->view;
		a->base_image = id;
		a->base_ok = 1;
		return -1;
	}
	render_cells(&f->frame, &a->base);
	a->base_view = a->view;
	a->base_image = id;
	a->base_ok = 1;
	return 0;
}

/*
 * Idle work, one unit per call (the loop checks for keys in between):
 * open the next and previous dates and read their frames for this view,
 * then read this image one zoom step in and out, so that stepping and
 * zooming find their frame ready. Returns 0 when there is nothing left.
 */
int
app_read_ahead(struct app *a)
{
	struct cached_image	*c;
	struct viewport		 v;
	char			 err[256];
	size_t			 want[2];
	int			 i;

	if (a->nimages == 0 || a->cols < MIN_COLS || a->rows < MIN_ROWS)
		return 0;
	want[0] = a->cur + 1 < a->nimages ? a->cur + 1 : a->cur;
	want[1] = a->cur > 0 ? a->cur - 1 : a->cur;
	for (i = 0; i < 2; i++) {
		if (want[i] == a->cur ||
		    !loading_ahead(a, a->images[want[i]].id, &a->view))
			continue;
		c = cache_get(a, a->images[want[i]].id);
		if (c->ok && cache_find(c, &a->view) == NULL) {
			cache_frame(a, c, &a->view, err, sizeof err);
			return 1;
		}
	}
	if ((c = a->shown) == NULL || !c->ok || c->image_id != shown_id(a))
		return 0;
	for (i = 0; i < 2; i++) {
		zoom_view(a, i, &v);
		if (!same_view(&v, &a->view) && cache_find(c, &v) == NULL &&
		    loading_ahead(a, c->image_id, &v)) {
			cache_frame(a, c, &v, err, sizeof err);
			return 1;
		}
	}
	return 0;
}

void
app_clamp_cursor(struct app *a)
{
	double	 w = a->info.width, h = a->info.height;

	if (w <= 0 || h <= 0)
		return;
	if (a->cx < 0)
		a->cx = 0;
	if (a->cy < 0)
		a->cy = 0;
	if (a->cx > w)
		a->cx = w;
	if (a->cy > h)
		a->cy = h;
}

/* This image's marks, keep selected if it is among them. */
static int
reload_marks(struct app *a, int64_t keep)
{
	char	 err[256];
	int64_t	 id = shown_id(a);
	size_t	 i;

	store_marks_free(a->marks, a->nmarks);
	a->marks = NULL;
	a->nmarks = 0;
	a->sel = -1;
	if (id == 0)
		return 0;
	if (store_mark_list_image(a->st, id, &a->marks, &a->nmarks, err,
	    sizeof err) != 0) {
		app_message(a, 1, "%s", err);
		return -1;
	}
	for (i = 0; i < a->nmarks; i++)
		if (keep != 0 && a->marks[i].id == keep)
			a->sel = (long)i;
	if (a->nimages > 0 && !a->blink)
		a->images[a->cur].marks = (int)a->nmarks;
	return 0;
}

/*
 * A mark this session has just added (row: the committed row, taken),
 * shown and selected without reading the image's marks again (on
 * PostgreSQL a round trip and a query, issue 17): others' marks come by
 * their own notice (app_poll_changes). When a reload is pending anyway,
 * or the row is not of the shown image, that reload selects it.
 */
void
app_mark_added(struct app *a, struct store_mark *row)
{
	size_t	 i;

	if (a->want.marks || row->image_id != shown_id(a)) {
		app_want_marks(a, row->id);
		store_mark_clear(row);
		return;
	}
	a->marks = xreallocarray(a->marks, a->nmarks + 1, sizeof *a->marks);
	for (i = a->nmarks; i > 0 && a->marks[i - 1].id > row->id; i--)
		a->marks[i] = a->marks[i - 1];	/* by id, as reload_marks */
	a->marks[i] = *row;
	a->nmarks++;
	a->sel = (long)i;
	if (a->nimages > 0 && !a->blink)
		a->images[a->cur].marks = (int)a->nmarks;
}

/*
 * The selected mark's id, 0 if none; while a reload is pending, the one
 * it will select (a->sel still indexes the marks it replaces).
 */
int64_t
app_selected_id(const struct app *a)
{
	if (a->want.marks)
		return a->want.keep;
	return a->sel >= 0 && (size_t)a->sel < a->nmarks ?
	    a->marks[a->sel].id : 0;
}

/* Ask for this image's marks again, mark keep (0: none) selected. */
void
app_want_marks(struct app *a, int64_t keep)
{
	a->want.marks = 1;
	a->want.keep = keep;
	a->want.then = THEN_NONE;
	a->want.after = 0;
}

/* Ask for the marks again, keeping the selection and what follows it. */
void
app_want_marks_keep(struct app *a)
{
	int64_t	 keep = app_selected_id(a);

	a->want.marks = 1;
	a->want.keep = keep;
}

/* What follows the reload's selection (after: a mark id or 0). */
void
app_want_then(struct app *a, enum then_select then, int64_t after)
{
	a->want.then = then;
	a->want.after = after;
}

/*
 * After a proposal is confirmed or dropped (or several carried), the next
 * proposal of the image is selected (the first after after_id, else the
 * first), cursor on it, so a run of them costs one key each (P a a x a).
 * Keeps the selection when none is left.
 */
static void
select_next_proposal(struct app *a, int64_t after_id)
{
	size_t	 i;
	long	 first = -1;

	for (i = 0; i < a->nmarks; i++) {
		if (!a->marks[i].proposal)
			continue;
		if (first < 0)
			first = (long)i;
		if (a->marks[i].id > after_id) {
			first = (long)i;
			break;
		}
	}
	if (first < 0)
		return;
	a->sel = first;
	a->cx = a->marks[first].cx;
	a->cy = a->marks[first].cy;
}

/*
 * Carry out what actions asked for (a->want), once: the loop calls this
 * before it hands over the next key and before it draws, so no key and
 * no frame sees stale marks. Returns the reactions of what it did (the
 * form opening: THEN_FORM_IF_UNNAMED).
 */
int
app_load(struct app *a)
{
	struct load_want	 w = a->want;
	const struct store_mark	*m;

	/* what follows may be asked for on marks already read
	 * (app_mark_added) */
	if (!w.marks && w.then == THEN_NONE)
		return R_NONE;
	memset(&a->want, 0, sizeof a->want);
	if (w.marks && reload_marks(a, w.keep) != 0)
		return R_MARKS | R_PANEL | R_CURSOR;
	m = a->sel >= 0 ? &a->marks[a->sel] : NULL;
	switch ((enum then_select)w.then) {
	case THEN_NONE:
		break;
	case THEN_PROPOSAL:
		select_next_proposal(a, w.after);
		break;
	case THEN_PROPOSAL_IF_ACCEPTED:
		if (m != NULL && m->id == w.after && !m->proposal)
			select_next_proposal(a, w.after);
		break;
	case THEN_FORM_IF_UNNAMED:
		if (m != NULL && m->name == NULL)
			return form_start(a) | R_MARKS;
		break;
	}
	return R_MARKS;
}

static void
load_info(struct app *a)
{
	char	 err[256];

	store_image_clear(&a->info);
	if (a->has_stac)
		store_stac_clear(&a->stac);
	a->has_stac = 0;
	if (a->nimages == 0)
		return;
	if (store_image_get(a->st, shown_id(a), &a->info, err, sizeof err)
	    != 0)
		app_message(a, 1, "%s", err);
	/* the provider's cloud cover, for the panel (a hint, not a verdict) */
	else if ((a->has_stac = store_stac_get(a->st, a->info.id, &a->stac,
	    err, sizeof err)) < 0) {
		a->has_stac = 0;
		app_message(a, 1, "%s", err);
	}
}

/*
 * Go to image idx. With keep_view the viewport and cursor stay where they
 * are in image pixels, so the same quay stays under the eye; otherwise the
 * image is fitted to the pane.
 */
int
app_goto(struct app *a, size_t idx, int keep_view)
{
	if (a->nimages == 0)
		return R_NONE;
	if (idx >= a->nimages)
		idx = a->nimages - 1;
	/* a message speaks of the image it was said on ("verdict: cloudy"):
	 * it goes when another image comes */
	if (idx != a->cur && a->msg_image != 0)
		a->msg[0] = '\0';
	a->cur = idx;
	a->blink = 0;
	a->sel = -1;
	load_info(a);
	app_want_marks(a, 0);
	a->view.cols = pane_cols(a);
	a->view.rows = pane_rows(a);
	if (!keep_view && a->info.width > 0) {
		view_fit(&a->view, a->info.width, a->info.height);
		a->cx = a->info.width / 2.0;
		a->cy = a->info.height / 2.0;
	}
	app_clamp_cursor(a);
	app_save_position(a);
	return R_IMAGE | R_VIEW | R_MARKS | R_PANEL | R_TIMELINE | R_CURSOR;
}

/* Remember where this user was; not audited, and best effort. */
void
app_save_position(struct app *a)
{
	json_t	*j;
	char	*s, err[256];

	if (a->nimages == 0 || store_readonly(a->st))
		return;
	j = json_pack("{s:f,s:f,s:f,s:f,s:f}", "x0", a->view.x0, "y0",
	    a->view.y0, "scale", a->view.scale, "cx", a->cx, "cy", a->cy);
	s = json_dumps(j, JSON_COMPACT | JSON_REAL_PRECISION(17));
	json_decref(j);
	store_position_put(a->st, a->site_id, a->images[a->cur].id, s, err,
	    sizeof err);
	free(s);
}

static void
restore_position(struct app *a, int64_t *image_id)
{
	json_t		*j;
	json_error_t	 e;
	char		*vp = NULL, err[256];
	int64_t		 site, img;

	if (store_position_get(a->st, &site, &img, &vp, err, sizeof err) != 0)
		return;
	if (a->site_id == 0 || site == a->site_id) {
		a->site_id = site;
		*image_id = img;
		if (vp != NULL && (j = json_loads(vp, 0, &e)) != NULL) {
			a->view.x0 = json_number_value(json_object_get(j, "x0"));
			a->view.y0 = json_number_value(json_object_get(j, "y0"));
			a->view.scale = json_number_value(json_object_get(j,
			    "scale"));
			a->cx = json_number_value(json_object_get(j, "cx"));
			a->cy = json_number_value(json_object_get(j, "cy"));
			a->view_restored = a->view.scale > 0;
			json_decref(j);
		}
	}
	free(vp);
}

/*
 * Load what the next frame shows, so drawing composes from memory: the
 * report view's count, the image pane's raster (app_show_image: a no-op
 * while the view and image are unchanged) and its picture (pixels_load),
 * and the image's open comments, read again when the image changed or an
 * action said the panel did (R_PANEL, R_ALL).
 */
void
app_load_frame(struct app *a, int reactions)
{
	char	 err[256];

	draw_fit(a);
	if (a->mode == MODE_REPORT)	/* the report view draws a->report */
		report_refresh(a);
	if (!draw_shows_pane(a))
		return;
	app_show_image(a, err, sizeof err);	/* a failure shows in the pane */
	pixels_load(a);		/* the pane's picture, where pixels are on */
	/* quays in this image's pixels (reprojected: from the store) */
	quay_locator_prepare(a->ql, &a->info);
	if (a->comments_ok && a->comments_image == a->info.id &&
	    !(reactions & (R_PANEL | R_ALL)))
		return;
	store_comments_free(a->comments, a->ncomments);
	a->comments = NULL;
	a->ncomments = 0;
	a->comments_image = a->info.id;
	a->comments_ok = 1;
	/* a failed query leaves none: the panel shows no comments, as
	 * it did when it asked the store itself */
	(void)store_comment_list(a->st, a->info.id, 1, &a->comments,
	    &a->ncomments, NULL, 0);
}

/* Another process committed: reload what could have changed. */
int
app_poll_changes(struct app *a)
{
	if (store_space_returned(a->st)) {	/* after a full disk */
		a->saved[0] = '\0';
		app_message(a, 0, "there is space again: marking resumes");
		return R_PANEL | R_CURSOR;
	}
	if (a->offline)
		return R_NONE;	/* the loop is making the connection again */
	switch (store_changed(a->st)) {
	case 0:
		return R_NONE;
	case -1:
		app_offline(a);
		return R_STATUS;
	}
	return app_reload_others(a);
}

/* Reload all another process could have changed. */
int
app_reload_others(struct app *a)
{
	app_reload_images(a);
	load_info(a);
	app_want_marks_keep(a);
	return R_MARKS | R_PANEL | R_TIMELINE | R_CURSOR | R_REPORT;
}

static int
load_site(struct app *a, const struct tui_opts *o, char *err, size_t errlen)
{
	struct store_site	*sites;
	struct store_image	 im;
	size_t			 n, i;

	if (o->site != NULL)
		return store_site_find(a->st, o->site, &a->site_id, err,
		    errlen);
	if (o->start_image != 0) {
		if (store_image_get(a->st, o->start_image, &im, err, errlen)
		    != 0)
			return -1;
		a->site_id = im.site_id;
		store_image_clear(&im);
		return 0;
	}
	if (a->site_id != 0)
		return 0;	/* from the saved position */
	if (store_site_list(a->st, &sites, &n, err, errlen) != 0)
		return -1;
	for (i = 0; i < n && a->site_id == 0; i++)
		if (sites[i].images > 0)
			a->site_id = sites[i].id;
	store_sites_free(sites, n);
	if (a->site_id == 0)
		return errf(err, errlen, "no images yet: quaymark ingest "
		    "catalogs some (or quaymark demo)");
	return 0;
}

int
app_open(struct app *a, struct store *st, const struct tui_opts *o,
    char *err, size_t errlen)
{
	struct store_site	*sites;
	char			 path[4096], e[512];
	int64_t			 start = 0;
	size_t			 n, i, idx = 0;

	memset(a, 0, sizeof *a);
	a->st = st;
	a->sel = -1;
	a->quay_focus = -1;
	a->gamma = 1;
	buf_init(&a->history);
	snprintf(a->user, sizeof a->user, "%s", store_user(st));
	store_user_role(st, a->user, &a->role, NULL, 0);
	if (keymap_default(&a->keys) != 0)
		return errf(err, errlen, "the built-in key table is broken");
	if (path_config_dir(path, sizeof path, e, sizeof e) == 0 &&
	    strlen(path) + 6 < sizeof path) {
		strcat(path, "/keys");
		if (access(path, F_OK) == 0 &&
		    keymap_load(&a->keys, path, e, sizeof e) != 0)
			app_message(a, 1, "%s", e);
	}
	/* LISTEN (or note the data version) before loading anything, so a
	 * change committed while the app loads is not missed; keys fail at
	 * once while the server is away (the loop makes it again) */
	store_set_patient(st, 0);
	(void)store_changed(st);
	if (o->site == NULL && o->start_image == 0)
		restore_position(a, &start);
	if (o->start_image != 0)
		start = o->start_image;
	if (load_site(a, o, err, errlen) != 0)
		return -1;
	if (store_site_list(st, &sites, &n, err, errlen) != 0)
		return -1;
	for (i = 0; i < n; i++)
		if (sites[i].id == a->site_id)
			a->site_name = xstrdup(sites[i].name);
	store_sites_free(sites, n);
	if (a->site_name == NULL)
		return errf(err, errlen, "no such site");
	if (app_reload_images(a) != 0 ||
	    store_class_list(st, &a->classes, &a->nclasses, err, errlen) != 0 ||
	    store_quay_list(st, a->site_id, &a->quays, &a->nquays, err,
	    errlen) != 0)
		return -1;
	if ((a->ql = quay_locator_new(st, a->site_id, err, errlen)) == NULL)
		return -1;
	store_mark_names(st, a->site_id, &a->names, &a->nnames, NULL, 0);
	if (start != 0 && (idx = app_find_image(a, start)) == (size_t)-1)
		idx = 0;
	/* The first app_goto waits for the terminal's size (tui_run). */
	a->cur = idx < a->nimages ? idx : 0;
	if (store_readonly(st))
		snprintf(a->saved, sizeof a->saved, "read-only");
	return 0;
}

void
app_close(struct app *a)
{
	size_t	 i;

	app_save_position(a);
	for (i = 0; i < IMAGE_CACHE; i++)
		cache_drop(&a->cache[i]);
	store_image_clear(&a->info);
	if (a->has_stac)
		store_stac_clear(&a->stac);
	store_marks_free(a->marks, a->nmarks);
	store_comments_free(a->comments, a->ncomments);
	store_mark_clear(&a->adj);
	store_mark_clear(&a->last);
	store_classes_free(a->classes, a->nclasses);
	store_quays_free(a->quays, a->nquays);
	quay_locator_free(a->ql);
	for (i = 0; i < a->nnames; i++)
		free(a->names[i]);
	free(a->names);
	free(a->images);
	free(a->site_name);
	free(a->queue);
	free(a->review_analyst);
	buf_free(&a->history);
	buf_free(&a->prompt.text);
	for (i = 0; i < a->prompt.nhist; i++)
		free(a->prompt.hist[i]);
	free(a->prompt.hist);
	for (i = 0; i < FORM_FIELDS; i++)
		buf_free(&a->form.field[i]);
	undo_free(&a->undo);
	hint_free(a);
	keymap_free(&a->keys);
	grid_free(&a->base);
	grid_free(&a->screen);
	count_live_free(a->report);
	memset(a, 0, sizeof *a);
}
