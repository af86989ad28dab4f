/*
 * hint.c: marking at the speed of a desktop annotator, from the keyboard.
 * The candidates of the view (detect/ through candidates.c) are kept in
 * memory, keyed by image, view and marks, and found again only when a key
 * needs them and one of those changed: in the loop, never while drawing.
 * Hint mode (f) labels those in view with one letter, or two when there
 * are more than 26 (nearest the cursor first; all labels the same length,
 * so no label is the start of another and the key after the last letter
 * is never taken for a hint; the letters are labels before any binding);
 * typing a label goes to the candidate, or, after a class key (1 f ab),
 * makes it a mark of that class with its fitted box and angle, and then
 * . takes the next one. Also here: jumps to the next candidate or mark in
 * reading order, snap (fit the box being drawn or adjusted to the object
 * under it), the overlay filter (v) and the count prefix (0, then digits,
 * then a motion: 012l).
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tui.h"

#define NALPHA		((int)sizeof HINT_ALPHABET - 1)
#define COUNT_MAX	9999

void
hint_free(struct app *a)
{
	free(a->hints.c);
	free(a->hints.lab);
	a->hints.c = NULL;
	a->hints.lab = NULL;
	a->hints.n = a->hints.nlab = 0;
	a->hints.valid = 0;
}

static uint64_t
marks_key(const struct app *a)
{
	uint64_t	 h = 1469598103934665603ull;
	size_t		 i;

	for (i = 0; i < a->nmarks; i++) {
		h = (h ^ (uint64_t)a->marks[i].id) * 1099511628211ull;
		h = (h ^ (uint64_t)a->marks[i].version) * 1099511628211ull;
	}
	return h ^ a->nmarks;
}

/*
 * The candidates of image region [x0, x1) x [y0, y1) of the current
 * image: limited to the quays and compared with the last clear image
 * when full, else (snap) anywhere and not hidden by marks. 0 or -1.
 */
static int
search(struct app *a, const double *r, int full, struct detect_candidate **c,
    size_t *n, char *err, size_t errlen)
{
	struct imagery		 tmp;
	struct imagery		*im = NULL;
	struct cand_query	 q;
	int			 rc;

	memset(&tmp, 0, sizeof tmp);
	if (a->shown != NULL && a->shown->ok && a->shown_id ==
	    a->images[a->cur].id)
		im = &a->shown->im;
	else if (imagery_open(a->st, a->images[a->cur].id, NULL, 0, &tmp, err,
	    errlen) == 0)
		im = &tmp;
	else
		return -1;
	memset(&q, 0, sizeof q);
	q.im = &a->info;
	q.r = im->r;
	q.stretch = &im->stretch;
	q.x0 = r[0];
	q.y0 = r[1];
	q.x1 = r[2];
	q.y1 = r[3];
	q.quay = -1;
	if (full) {
		q.ql = a->nquays > 0 ? a->ql : NULL;
		q.marks = a->marks;
		q.nmarks = a->nmarks;
		q.use_prev = 1;
	}
	rc = candidates_find(a->st, &q, c, n, err, errlen);
	if (im == &tmp)
		imagery_close(&tmp);
	return rc;
}

static void
view_region(const struct app *a, double *r)
{
	r[0] = a->view.x0;
	r[1] = a->view.y0;
	r[2] = a->view.x0 + pane_cols(a) * a->view.scale;
	r[3] = a->view.y0 + 2.0 * pane_rows(a) * a->view.scale;
}

/* The view's candidates, found again if the image, view or marks moved. */
static int
refresh(struct app *a)
{
	struct hints	*h = &a->hints;
	char		 err[256];
	double		 r[4];
	uint64_t	 mk = marks_key(a);

	if (a->nimages == 0)
		return -1;
	if (h->valid && h->image_id == a->images[a->cur].id &&
	    h->marks_key == mk && memcmp(&h->view, &a->view, sizeof h->view)
	    == 0)
		return 0;
	hint_free(a);
	view_region(a, r);
	if (search(a, r, 1, &h->c, &h->n, err, sizeof err) != 0) {
		app_message(a, 1, "candidates: %s", err);
		return -1;
	}
	h->image_id = a->images[a->cur].id;
	h->view = a->view;
	h->marks_key = mk;
	h->valid = 1;
	return 0;
}

static void
label_of(const struct hints *h, size_t k, char *out)
{
	if (h->two) {
		out[0] = HINT_ALPHABET[k / NALPHA];
		out[1] = HINT_ALPHABET[k % NALPHA];
		out[2] = '\0';
	} else {
		out[0] = HINT_ALPHABET[k];
		out[1] = '\0';
	}
}

static const struct app *sort_app;

static int
cmp_near(const void *p, const void *q)
{
	const struct detect_candidate	*c = sort_app->hints.c;
	size_t				 i = *(const size_t *)p;
	size_t				 j = *(const size_t *)q;
	double				 di, dj;

	di = hypot(c[i].cx - sort_app->cx, c[i].cy - sort_app->cy);
	dj = hypot(c[j].cx - sort_app->cx, c[j].cy - sort_app->cy);
	return di < dj ? -1 : di > dj ? 1 : (i > j) - (i < j);
}

/* Label the candidates in view, nearest the cursor first. */
static void
build_labels(struct app *a)
{
	struct hints	*h = &a->hints;
	size_t		 i;

	free(h->lab);
	h->lab = xreallocarray(NULL, h->n ? h->n : 1, sizeof *h->lab);
	h->nlab = 0;
	for (i = 0; i < h->n; i++)
		h->lab[h->nlab++] = i;
	sort_app = a;
	qsort(h->lab, h->nlab, sizeof *h->lab, cmp_near);
	if (h->nlab > (size_t)NALPHA * NALPHA)
		h->nlab = (size_t)NALPHA * NALPHA;	/* the nearest */
	h->two = h->nlab > (size_t)NALPHA;
}

static int
class_index(const struct app *a, int64_t id)
{
	size_t	 i;

	for (i = 0; i < a->nclasses; i++)
		if (a->classes[i].id == id)
			return (int)i;
	return -1;
}

/* f: label the candidates in view; in box mode, to mark with its class. */
int
act_hint(struct app *a, int how)
{
	struct hints	*h = &a->hints;

	if (a->blink)
		return app_message(a, 1, "blinking: press b to come back "
		    "first"), R_CURSOR;
	h->cls = a->mode == MODE_BOX ? class_index(a, a->box_class) : -1;
	h->edit = how == 1 && h->cls >= 0;	/* F: then its name */
	a->mode = MODE_NORMAL;
	if (refresh(a) != 0)
		return R_CURSOR;
	build_labels(a);
	if (h->nlab == 0) {
		app_message(a, 0, "no candidates in view%s", a->nquays > 0 ?
		    " (on the quays)" : "");
		return R_CURSOR | R_PANEL;
	}
	h->typed[0] = '\0';
	a->mode = MODE_HINT;
	app_message(a, 0, "%zu candidate(s)%s: type a label%s, Esc leaves",
	    h->nlab, h->nlab < h->n ? " nearest first" : "", h->cls >= 0 ?
	    " to mark it" : " to go there");
	return R_CURSOR | R_PANEL;
}

/* Make candidate ci a mark of the hint's class, or go to it. */
static int
take(struct app *a, size_t ci)
{
	struct hints		*h = &a->hints;
	struct detect_candidate	 c = h->c[ci];
	struct store_mark	 m;
	int			 r;

	a->mode = MODE_NORMAL;
	a->cx = c.cx;
	a->cy = c.cy;
	h->last_cx = c.cx;
	h->last_cy = c.cy;
	if (h->cls < 0 || (size_t)h->cls >= a->nclasses) {
		app_message(a, 0, "candidate %d: %gx%g, score %.2f (a class key "
		    "then f marks one)", c.id, round(c.w), round(c.h),
		    c.score);
		return R_CURSOR | R_PANEL;
	}
	if (store_readonly(a->st)) {
		app_message(a, 1, "read-only: %s", store_readonly_reason(a->st));
		return R_CURSOR;
	}
	store_mark_init(&m);
	m.class_id = a->classes[h->cls].id;
	m.kind = c.angle == 0 ? MARK_BOX : MARK_RBOX;
	m.cx = c.cx;
	m.cy = c.cy;
	m.w = c.w;
	m.h = c.h;
	m.angle = c.angle;
	r = mark_commit_new(a, &m);
	h->chain = 1;
	if (h->edit)	/* a new ship: its name next (app_load opens it) */
		app_want_then(a, THEN_FORM_IF_UNNAMED, 0);
	return r;
}

/* A key in hint mode: a label's letters, BS, or a bound key (Esc). */
int
hint_key(struct app *a, int key)
{
	struct hints	*h = &a->hints;
	const char	*p;
	size_t		 len = strlen(h->typed), k;
	int		 i;

	/* a label's letters before any binding: a key file that binds a
	 * letter in hint mode must not make labels unreachable */
	p = key > 0 && key <= 127 ? strchr(HINT_ALPHABET, key) : NULL;
	if ((p == NULL || *p == '\0') &&
	    (i = keymap_lookup(&a->keys, MODE_HINT, key)) >= 0)
		return actions[i].fn(a, actions[i].arg);
	if (key == (KEY_SPECIAL | 0407) || key == 127 || key == 8) {
		if (len > 0)
			h->typed[len - 1] = '\0';
		return R_CURSOR;
	}
	if (p == NULL || *p == '\0') {
		app_message(a, 1, "not a hint letter (Esc leaves hint mode)");
		return R_CURSOR;
	}
	h->typed[len++] = (char)key;
	h->typed[len] = '\0';
	k = (size_t)(strchr(HINT_ALPHABET, h->typed[0]) - HINT_ALPHABET);
	if (h->two && len == 1) {
		if (k * NALPHA >= h->nlab) {
			app_message(a, 1, "no label starts with %c", key);
			h->typed[0] = '\0';
		}
		return R_CURSOR;
	}
	if (h->two)
		k = k * NALPHA + (size_t)(p - HINT_ALPHABET);
	h->typed[0] = '\0';
	if (k >= h->nlab) {
		app_message(a, 1, "no label %c%s", h->two ? HINT_ALPHABET[k /
		    NALPHA] : key, h->two ? (char[]){ (char)key, 0 } : "");
		return R_CURSOR;
	}
	return take(a, h->lab[k]);
}

int
act_hint_cancel(struct app *a, int unused)
{
	(void)unused;
	a->mode = MODE_NORMAL;
	a->hints.typed[0] = '\0';
	app_message(a, 0, "hint mode left, nothing changed");
	return R_CURSOR | R_PANEL;
}

/* Reading order: bands of DETECT_BREADTH pixels, then left to right. */
static int
after(double x, double y, double px, double py)
{
	double	 b = floor(y / DETECT_BREADTH), pb = floor(py / DETECT_BREADTH);

	return b > pb || (b == pb && x > px);
}

/*
 * '.' after a candidate was taken: the next candidate in reading order
 * becomes a mark of the same class. Returns -1 when '.' means what it
 * did before (the last mark again at the cursor).
 */
int
act_hint_next(struct app *a)
{
	struct hints	*h = &a->hints;
	size_t		 i;

	if (!h->chain)
		return -1;
	if (refresh(a) != 0)
		return R_CURSOR;
	for (i = 0; i < h->n; i++)
		if (after(h->c[i].cx, h->c[i].cy, h->last_cx, h->last_cy))
			return take(a, i);
	app_message(a, 0, "no more candidates in view after the last one");
	return R_CURSOR;
}

/* ; and ,: the next (previous) candidate in reading order. */
int
act_jump_candidate(struct app *a, int dir)
{
	struct hints	*h = &a->hints;
	long		 i, found = -1;
	int		 steps = abs(dir), wrapped = 0;

	if (refresh(a) != 0)
		return R_CURSOR;
	if (h->n == 0) {
		app_message(a, 0, "no candidates in view");
		return R_CURSOR;
	}
	while (steps-- > 0) {
		found = -1;
		for (i = 0; i < (long)h->n; i++) {
			long	 k = dir > 0 ? i : (long)h->n - 1 - i;
			int	 aft = after(h->c[k].cx, h->c[k].cy, a->cx, a->cy);
			int	 bef = after(a->cx, a->cy, h->c[k].cx, h->c[k].cy);

			if (dir > 0 ? aft : bef) {
				found = k;
				break;
			}
		}
		if (found < 0) {	/* round to the other end */
			found = dir > 0 ? 0 : (long)h->n - 1;
			wrapped = 1;
		}
		a->cx = h->c[found].cx;
		a->cy = h->c[found].cy;
	}
	app_message(a, 0, "candidate %d of %zu: %s%s", h->c[found].id, h->n,
	    detect_reason_name(h->c[found].reason, (char[48]){ 0 }, 48),
	    wrapped ? " (from the other end)" : "");
	return R_CURSOR;
}

/* o and O: the next (previous) mark in reading order, selected. */
int
act_jump_mark(struct app *a, int dir)
{
	long	 best = -1;
	size_t	 i;
	int	 steps = abs(dir), r = R_CURSOR | R_PANEL;
	double	 sx, sy;

	if (a->nmarks == 0) {
		app_message(a, 0, "no marks on this image");
		return R_CURSOR;
	}
	while (steps-- > 0) {
		best = -1;
		for (i = 0; i < a->nmarks; i++) {
			const struct store_mark *m = &a->marks[i];
			const struct store_mark *b = best >= 0 ?
			    &a->marks[best] : NULL;

			if (dir > 0 ? !after(m->cx, m->cy, a->cx, a->cy) :
			    !after(a->cx, a->cy, m->cx, m->cy))
				continue;
			if (b == NULL || (dir > 0 ? after(b->cx, b->cy, m->cx,
			    m->cy) : after(m->cx, m->cy, b->cx, b->cy)))
				best = (long)i;
		}
		if (best < 0) {	/* round to the other end */
			for (i = 0; i < a->nmarks; i++) {
				const struct store_mark *m = &a->marks[i];
				const struct store_mark *b = best >= 0 ?
				    &a->marks[best] : NULL;

				if (b == NULL || (dir > 0 ? after(b->cx, b->cy,
				    m->cx, m->cy) : after(m->cx, m->cy, b->cx,
				    b->cy)))
					best = (long)i;
			}
		}
		a->cx = a->marks[best].cx;
		a->cy = a->marks[best].cy;
		a->sel = best;
	}
	view_to_screen(&a->view, a->cx, a->cy, &sx, &sy);
	if (sx < 0 || sy < 0 || sx >= pane_cols(a) || sy >= 2 * pane_rows(a)) {
		view_center(&a->view, a->cx, a->cy);
		view_snap(&a->view);
		r |= R_VIEW;
	}
	app_message(a, 0, "mark %lld, %s%s%s", (long long)a->marks[best].id,
	    a->marks[best].class_name, a->marks[best].name ? " " : "",
	    a->marks[best].name ? a->marks[best].name : "");
	return r;
}

/* Give the box being drawn the geometry of c (anchor, cursor, angle). */
static void
box_from(struct app *a, const struct detect_candidate *c)
{
	double	 t = c->angle * M_PI / 180, co = cos(t), si = sin(t);
	double	 hw = fmax(0, c->w - a->view.scale) / 2;
	double	 hh = fmax(0, c->h - a->view.scale) / 2;
	double	 uc = c->cx * co + c->cy * si, vc = -c->cx * si + c->cy * co;

	a->angle = c->angle;
	a->ax = (uc - hw) * co - (vc - hh) * si;
	a->ay = (uc - hw) * si + (vc - hh) * co;
	a->cx = (uc + hw) * co - (vc + hh) * si;
	a->cy = (uc + hw) * si + (vc + hh) * co;
}

/*
 * s while drawing or adjusting: the box takes the edges and angle of the
 * object under it: the candidate near it overlapping it most, or, for a
 * box not yet drawn out, the one under its centre or nearest to it.
 */
int
act_snap(struct app *a, int unused)
{
	struct detect_candidate	*c = NULL;
	double			 b[5], r[4], R, best = -1, v, cb[5], pc[8];
	size_t			 n = 0, i, k = 0;
	char			 err[256];

	(void)unused;
	if (a->mode == MODE_ADJUST) {
		b[0] = a->adj.cx, b[1] = a->adj.cy, b[2] = a->adj.w;
		b[3] = a->adj.h, b[4] = a->adj.angle;
	} else {
		box_geometry(a, &b[0], &b[1], &b[2], &b[3]);
		b[4] = a->angle;
	}
	R = fmax(b[2], b[3]) / 2 + DETECT_BREADTH;
	r[0] = b[0] - R;
	r[1] = b[1] - R;
	r[2] = b[0] + R;
	r[3] = b[1] + R;
	if (search(a, r, 0, &c, &n, err, sizeof err) != 0) {
		app_message(a, 1, "snap: %s", err);
		return R_CURSOR;
	}
	for (i = 0; i < n; i++) {
		cb[0] = c[i].cx, cb[1] = c[i].cy, cb[2] = c[i].w;
		cb[3] = c[i].h, cb[4] = c[i].angle;
		geom_corners(cb[0], cb[1], cb[2], cb[3], cb[4], pc);
		v = b[2] > 2 * a->view.scale && b[3] > 2 * a->view.scale ?
		    geom_rbox_iou(b, cb) : 0;
		if (geom_point_in_polygon(b[0], b[1], pc, 4))
			v += 1;		/* under the centre */
		v -= hypot(cb[0] - b[0], cb[1] - b[1]) / (4 * R);
		if (v > best) {
			best = v;
			k = i;
		}
	}
	if (n == 0 || best < -0.5) {
		free(c);
		app_message(a, 0, "snap: no object under the box");
		return R_CURSOR;
	}
	if (a->mode == MODE_ADJUST) {
		a->adj.cx = a->cx = c[k].cx;
		a->adj.cy = a->cy = c[k].cy;
		a->adj.w = c[k].w;
		a->adj.h = c[k].h;
		a->adj.angle = c[k].angle;
		a->adj.kind = c[k].angle == 0 ? MARK_BOX : MARK_RBOX;
	} else
		box_from(a, &c[k]);
	app_message(a, 0, "snapped: %gx%g at %g degrees (Enter saves)",
	    round(c[k].w * 10) / 10, round(c[k].h * 10) / 10, c[k].angle);
	free(c);
	return R_CURSOR | R_PANEL;
}

/* v: all marks, the selected class, the selected mark, none. */
int
act_overlay(struct app *a, int unused)
{
	static const char *const names[] = { "all marks",
	    "the selected class", "the selected mark", "no marks" };

	(void)unused;
	a->hints.overlay = (a->hints.overlay + 1) % 4;
	app_message(a, 0, "overlay: %s", names[a->hints.overlay]);
	return R_CURSOR;
}

/* Whether the overlay filter lets mark i be drawn. */
int
hint_shows_mark(const struct app *a, size_t i)
{
	const struct store_mark	*s = a->sel >= 0 && (size_t)a->sel < a->nmarks
	    ? &a->marks[a->sel] : NULL;
	int64_t			 cls;

	if ((long)i == a->sel && a->mode == MODE_ADJUST)
		return 1;	/* what is being moved stays in sight */
	switch (a->hints.overlay) {
	case OVERLAY_CLASS:
		cls = s != NULL ? s->class_id : a->has_last ?
		    a->last.class_id : -1;
		return a->marks[i].class_id == cls;
	case OVERLAY_MARK:
		return (long)i == a->sel;
	case OVERLAY_NONE:
		return 0;
	}
	return 1;
}

/* 0 starts a count for the next motion (1-9 are class keys). */
int
act_count(struct app *a, int unused)
{
	(void)unused;
	a->hints.counting = 1;
	a->hints.count = 0;
	app_message(a, 0, "count: digits, then a motion");
	return R_CURSOR;
}

/*
 * The count prefix in the dispatcher: 1 if key was a digit of a count
 * (consumed), else 0 with *mult the count for this key's action (1 when
 * none was typed).
 */
int
hint_count_key(struct app *a, int key, int *mult)
{
	struct hints	*h = &a->hints;

	*mult = 1;
	if (!h->counting)
		return 0;
	if (key >= '0' && key <= '9') {
		h->count = h->count * 10 + (key - '0');
		if (h->count > COUNT_MAX)
			h->count = COUNT_MAX;
		app_message(a, 0, "count %d", h->count);
		return 1;
	}
	h->counting = 0;
	*mult = h->count > 0 ? h->count : 1;
	return 0;
}

/* Hint mode's labels over the candidates, drawn from memory. */
void
hint_draw(struct app *a, struct grid *g)
{
	struct hints		*h = &a->hints;
	struct overlay_mark	 om;
	char			 lab[3];
	double			 sx, sy;
	size_t			 k, len = strlen(h->typed);
	int32_t			 fg, bg;

	if (a->mode != MODE_HINT || !h->valid)
		return;
	fg = colour_quantize(g->mode, 0, 0, 0, 0);
	bg = colour_quantize(g->mode, 255, 220, 60, 0);
	for (k = 0; k < h->nlab; k++) {
		const struct detect_candidate *c = &h->c[h->lab[k]];

		label_of(h, k, lab);
		if (len > 0 && strncmp(lab, h->typed, len) != 0)
			continue;
		memset(&om, 0, sizeof om);
		om.kind = c->angle == 0 ? SHAPE_BOX : SHAPE_RBOX;
		om.cx = c->cx;
		om.cy = c->cy;
		om.w = c->w;
		om.h = c->h;
		om.angle = c->angle;
		om.rgb[0] = 255;
		om.rgb[1] = 220;
		om.rgb[2] = 60;
		om.dashed = 1;
		overlay_mark(g, &a->view, &om);
	}
	for (k = 0; k < h->nlab; k++) {	/* labels over every outline */
		const struct detect_candidate *c = &h->c[h->lab[k]];

		label_of(h, k, lab);
		if (len > 0 && strncmp(lab, h->typed, len) != 0)
			continue;
		view_to_screen(&a->view, c->cx, c->cy, &sx, &sy);
		if (sx < 0 || sy < 0 || sx >= g->cols || sy >= 2 * g->rows)
			continue;
		grid_text(g, (int)sx, (int)(sy / 2), lab, fg, bg, CELL_BOLD,
		    g->cols - (int)sx);
	}
}


/* The actions a count multiplies: motions, not marks or verdicts. */
int
hint_countable(int action)
{
	static const char *const countable[] = { "cursor-left", "cursor-down",
	    "cursor-up", "cursor-right", "cursor-left-10", "cursor-down-10",
	    "cursor-up-10", "cursor-right-10", "next-candidate",
	    "prev-candidate", "next-mark", "prev-mark" };
	size_t	 i;

	for (i = 0; i < QM_NELEM(countable); i++)
		if (strcmp(actions[action].name, countable[i]) == 0)
			return 1;
	return 0;
}
