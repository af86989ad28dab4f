/*
 * marking.c: drawing, selecting and changing marks, carrying them forward,
 * and image verdicts. Every change is one transaction through the store,
 * committed before the status line says "saved", and pushed on the undo
 * stack.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tui.h"

#define TURN_STEP 5.0	/* degrees per key press */

static int	 join_track(struct app *, struct store_mark *, char *, size_t,
		     char **);


static struct store_mark *
selected(struct app *a)
{
	return a->sel >= 0 && (size_t)a->sel < a->nmarks ? &a->marks[a->sel] :
	    NULL;
}

/*
 * The box from the anchor to the cursor, in a frame turned by the box's
 * angle: both ends' screen pixels are inside it.
 */
void
box_geometry(const struct app *a, double *cx, double *cy, double *w,
    double *h)
{
	double	 t = a->angle * M_PI / 180, c = cos(t), s = sin(t);
	double	 u0, v0, u1, v1, uc, vc, half = a->view.scale / 2;

	u0 = a->ax * c + a->ay * s;
	v0 = -a->ax * s + a->ay * c;
	u1 = a->cx * c + a->cy * s;
	v1 = -a->cx * s + a->cy * c;
	*w = fabs(u1 - u0) + 2 * half;
	*h = fabs(v1 - v0) + 2 * half;
	uc = (u0 + u1) / 2;
	vc = (v0 + v1) / 2;
	*cx = uc * c - vc * s;
	*cy = uc * s + vc * c;
}

/*
 * Keyboard geometry is a thousandth of a pixel at best; rounding drops
 * the float noise of the rotations (201.99999999999997 is 202).
 */
static void
geometry_round(struct store_mark *m)
{
	m->cx = round(m->cx * 1000) / 1000;
	m->cy = round(m->cy * 1000) / 1000;
	m->w = round(m->w * 1000) / 1000;
	m->h = round(m->h * 1000) / 1000;
	m->angle = round(m->angle * 1000) / 1000;
}

/* Commit a new mark; on success it is selected and undoable. */
int
mark_commit_new(struct app *a, struct store_mark *m)
{
	struct undo_entry	 u;
	struct store_mark	 row;
	char			 err[512], joined[160], *took = NULL;
	int			 rc, k;

	m->image_id = a->images[a->cur].id;
	geometry_round(m);
	join_track(a, m, joined, sizeof joined, &took);
	rc = store_mark_add_row(a->st, m, &row, err, sizeof err);
	if (took != NULL) {
		m->name = NULL;
		free(took);
	}
	if (rc != 0)
		return app_store_error(a, err);
	memset(&u, 0, sizeof u);
	u.kind = UNDO_ADD;
	u.mark_id = m->id;
	u.image_id = m->image_id;
	u.version = m->version;
	u.group = ++a->undo.last_group;
	undo_push(&a->undo, &u);
	store_mark_clear(&a->last);
	store_mark_copy(&a->last, m);
	a->has_last = 1;
	app_mark_added(a, &row);	/* shown and selected */
	app_saved(a);
	k = app_class_index(a, m->class_id);
	app_message(a, 0, "%s %lld saved%s", k >= 0 ? a->classes[k].name :
	    "mark", (long long)m->id, joined);
	/* R_MARKS redraws the panel; no R_PANEL, which would read the
	 * image's comments again: a new mark has none and hides none
	 * (on PostgreSQL a round trip per mark, issue 17) */
	return R_MARKS | R_TIMELINE | R_CURSOR | R_REPORT;
}

/* Write a changed mark over version expect; undoable. */
int
mark_write(struct app *a, struct store_mark *m, int64_t expect)
{
	struct undo_entry	 u;
	struct store_mark	 before;
	char			 err[512];

	if (store_mark_get(a->st, m->id, &before, err, sizeof err) != 0)
		return app_store_error(a, err);
	geometry_round(m);
	if (store_mark_update(a->st, m, expect, err, sizeof err) != 0) {
		store_mark_clear(&before);
		app_want_marks_keep(a);	/* show the fresh version */
		return app_store_error(a, err);
	}
	memset(&u, 0, sizeof u);
	u.kind = UNDO_EDIT;
	u.mark_id = m->id;
	u.image_id = m->image_id;
	u.before = before;
	store_mark_copy(&u.after, m);
	u.version = m->version;
	u.group = ++a->undo.last_group;
	undo_push(&a->undo, &u);
	app_want_marks_keep(a);
	app_saved(a);
	app_message(a, 0, "mark %lld saved (version %lld)", (long long)m->id,
	    (long long)m->version);
	return R_MARKS | R_PANEL | R_CURSOR | R_REPORT;
}

/* A class key: start a box of that class at the cursor. */
int
act_mark(struct app *a, int idx)
{
	if (a->blink)
		return app_message(a, 1, "blinking: press b to come back "
		    "first"), R_STATUS;
	if ((size_t)idx >= a->nclasses) {
		app_message(a, 1, "no class %d (:class add NAME makes one)",
		    idx + 1);
		return R_STATUS;
	}
	a->box_class = a->classes[idx].id;
	a->hints.chain = 0;	/* drawn by hand: . repeats it, as before */
	a->ax = a->cx;
	a->ay = a->cy;
	a->angle = 0;
	a->mode = MODE_BOX;
	app_message(a, 0, "%s: move to the far corner, Enter saves (a point "
	    "if it has not moved), r turns, Esc cancels",
	    a->classes[idx].name);
	return R_CURSOR | R_PANEL;
}

int
act_box(struct app *a, int how)
{
	struct store_mark	 m;
	int			 r;

	switch ((enum box_how)how) {
	case BOX_CANCEL:
		a->mode = MODE_NORMAL;
		app_message(a, 0, "box abandoned");
		return R_CURSOR | R_PANEL;
	case BOX_TURN:
	case BOX_TURN_BACK:
		a->angle += how == BOX_TURN ? TURN_STEP : -TURN_STEP;
		a->angle = fmod(a->angle, 180);
		app_message(a, 0, "box at %g degrees", a->angle);
		return R_CURSOR;
	case BOX_CONFIRM:
	case BOX_POINT:
		break;
	}
	store_mark_init(&m);
	m.class_id = a->box_class;
	if (how == BOX_POINT || (a->ax == a->cx && a->ay == a->cy)) {
		m.kind = MARK_POINT;
		m.cx = a->ax;
		m.cy = a->ay;
	} else {
		box_geometry(a, &m.cx, &m.cy, &m.w, &m.h);
		m.kind = a->angle == 0 ? MARK_BOX : MARK_RBOX;
		m.angle = a->angle;
	}
	a->mode = MODE_NORMAL;
	r = mark_commit_new(a, &m);
	return r;
}

int
act_repeat(struct app *a, int unused)
{
	struct store_mark	 m;
	int			 r;

	(void)unused;
	if ((r = act_hint_next(a)) >= 0)	/* after a hint: the next one */
		return r;
	if (!a->has_last) {
		app_message(a, 1, "nothing to repeat yet");
		return R_STATUS;
	}
	store_mark_init(&m);
	m.class_id = a->last.class_id;
	m.kind = a->last.kind;
	m.cx = a->cx;
	m.cy = a->cy;
	m.w = a->last.w;
	m.h = a->last.h;
	m.angle = a->last.angle;
	return mark_commit_new(a, &m);
}

/* The smallest mark containing image point (x, y), or -1. */
static long
mark_at(const struct app *a, double x, double y)
{
	double	 c[8], area, best = -1, d;
	size_t	 i;
	long	 found = -1;

	for (i = 0; i < a->nmarks; i++) {
		const struct store_mark *m = &a->marks[i];

		if (m->kind == MARK_POINT) {
			d = hypot(m->cx - x, m->cy - y);
			if (d > 3 * a->view.scale + 1)
				continue;
			area = 0;
		} else {
			geom_corners(m->cx, m->cy, m->w, m->h, m->angle, c);
			if (!geom_point_in_polygon(x, y, c, 4))
				continue;
			area = m->w * m->h;
		}
		if (found < 0 || area < best) {
			best = area;
			found = (long)i;
		}
	}
	return found;
}

int
act_select(struct app *a, int dir)
{
	long	 i;

	if (a->nmarks == 0) {
		app_message(a, 0, "no marks on this image");
		return R_STATUS;
	}
	if (dir == 0) {
		if ((i = mark_at(a, a->cx, a->cy)) < 0) {
			app_message(a, 0, "no mark under the cursor");
			return R_STATUS;
		}
		a->sel = i;
	} else if (a->sel < 0)
		a->sel = dir > 0 ? 0 : (long)a->nmarks - 1;
	else
		a->sel = (a->sel + dir + (long)a->nmarks) % (long)a->nmarks;
	a->cx = a->marks[a->sel].cx;
	a->cy = a->marks[a->sel].cy;
	if (a->marks[a->sel].proposal)	/* detector output, carried marks */
		app_message(a, 0, "a proposal by %s: a accepts it, x discards "
		    "it", a->marks[a->sel].author);
	return R_CURSOR | R_PANEL;
}

int
act_deselect(struct app *a, int unused)
{
	(void)unused;
	a->sel = -1;
	a->msg[0] = '\0';
	return R_CURSOR | R_PANEL;
}

int
act_adjust(struct app *a, int unused)
{
	(void)unused;
	store_mark_clear(&a->adj);
	store_mark_copy(&a->adj, selected(a));
	a->adj_version = a->adj.version;
	a->mode = MODE_ADJUST;
	app_message(a, 0, "adjust: hjkl move, w/W t/T size, r/R turn, Enter "
	    "saves, Esc cancels");
	return R_CURSOR | R_PANEL;
}

int
act_adj(struct app *a, int how)
{
	struct store_mark	*m = &a->adj;
	double			 s = a->view.scale;
	int			 step = how >= ADJ_LEFT_10 &&
	    how <= ADJ_RIGHT_10 ? 10 : 1;

	switch ((enum adj_how)how) {
	case ADJ_LEFT:
	case ADJ_LEFT_10:
		m->cx -= step * s;
		break;
	case ADJ_DOWN:
	case ADJ_DOWN_10:
		m->cy += step * 2 * s;
		break;
	case ADJ_UP:
	case ADJ_UP_10:
		m->cy -= step * 2 * s;
		break;
	case ADJ_RIGHT:
	case ADJ_RIGHT_10:
		m->cx += step * s;
		break;
	case ADJ_WIDER:
	case ADJ_NARROWER:
	case ADJ_TALLER:
	case ADJ_SHORTER:
		if (m->kind == MARK_POINT) {
			app_message(a, 1, "a point has no size");
			return R_STATUS;
		}
		if (how == ADJ_WIDER)
			m->w += 2 * s;
		else if (how == ADJ_NARROWER && m->w > 2 * s)
			m->w -= 2 * s;
		else if (how == ADJ_TALLER)
			m->h += 2 * s;
		else if (how == ADJ_SHORTER && m->h > 2 * s)
			m->h -= 2 * s;
		break;
	case ADJ_TURN:
	case ADJ_TURN_BACK:
		if (m->kind == MARK_POINT) {
			app_message(a, 1, "a point has no angle");
			return R_STATUS;
		}
		m->kind = MARK_RBOX;
		m->angle += how == ADJ_TURN ? TURN_STEP : -TURN_STEP;
		break;
	case ADJ_SAVE:
		a->mode = MODE_NORMAL;
		return mark_write(a, m, a->adj_version);
	case ADJ_CANCEL:
		a->mode = MODE_NORMAL;
		app_message(a, 0, "put back as it was");
		return R_CURSOR | R_PANEL;
	}
	a->cx = m->cx;
	a->cy = m->cy;
	return R_CURSOR | R_PANEL;	/* the panel shows the mark's numbers */
}

int
act_edit(struct app *a, int unused)
{
	(void)unused;
	return form_start(a);
}

int
act_change_class(struct app *a, int unused)
{
	char	 label[96];

	(void)unused;
	snprintf(label, sizeof label, "class (now %s; Tab completes): ",
	    selected(a)->class_name);
	prompt_start(a, PROMPT_CLASS, label, NULL);
	return R_CURSOR;
}

int
act_delete(struct app *a, int unused)
{
	struct undo_entry	 u;
	struct store_mark	*m = selected(a);
	char			 err[512];
	int64_t			 id = m->id;
	int			 was_proposal = m->proposal;

	(void)unused;
	if (store_mark_delete(a->st, id, m->version, err, sizeof err) != 0) {
		app_want_marks_keep(a);
		return app_store_error(a, err);
	}
	memset(&u, 0, sizeof u);
	u.kind = UNDO_DELETE;
	u.mark_id = id;
	u.image_id = m->image_id;
	u.version = m->version + 1;
	u.group = ++a->undo.last_group;
	undo_push(&a->undo, &u);
	app_want_marks_keep(a);		/* it is gone: nothing selected */
	if (was_proposal)
		app_want_then(a, THEN_PROPOSAL, id);
	app_saved(a);
	app_message(a, 0, "mark %lld deleted (u undoes)", (long long)id);
	return R_MARKS | R_PANEL | R_TIMELINE | R_CURSOR | R_REPORT;
}

/* A carried-forward or imported proposal becomes a real sighting. */
int
act_accept(struct app *a, int unused)
{
	struct store_mark	 m;
	int			 r;

	(void)unused;
	if (!selected(a)->proposal) {
		app_message(a, 0, "this mark is not a proposal");
		return R_STATUS;
	}
	store_mark_copy(&m, selected(a));
	m.proposal = 0;
	r = mark_write(a, &m, m.version);
	if (a->want.marks)	/* once read back, if no longer a proposal */
		app_want_then(a, THEN_PROPOSAL_IF_ACCEPTED, m.id);
	store_mark_clear(&m);
	return r;
}

/*
 * The last date before the current one on which objects were seen: its
 * verdict clear or partly cloudy, or, not yet given a verdict, marked.
 * Carry forward and track joining take their marks from it, never from a
 * cloudy or no-data day in between. -1 if none.
 */
long
observed_before(const struct app *a)
{
	size_t	 i;

	for (i = a->cur; i-- > 0;)
		if (a->images[i].quality == QUALITY_CLEAR ||
		    a->images[i].quality == QUALITY_PARTLY_CLOUDY ||
		    (a->images[i].quality == QUALITY_UNREVIEWED &&
		    a->images[i].marks > 0))
			return (long)i;
	return -1;
}

static void
rbox_of(const struct store_mark *m, double *b)
{
	b[0] = m->cx;
	b[1] = m->cy;
	b[2] = m->w;
	b[3] = m->h;
	b[4] = m->kind == MARK_RBOX ? m->angle : 0;
}

/* Whether this image already has src: its track, or its class and place. */
static int
already_here(const struct app *a, const struct store_mark *src)
{
	double	 p[5], q[5];
	size_t	 i;

	rbox_of(src, p);
	for (i = 0; i < a->nmarks; i++) {
		const struct store_mark *m = &a->marks[i];

		if (src->has_track && m->has_track && m->track == src->track)
			return 1;
		if (m->class_id != src->class_id)
			continue;
		rbox_of(m, q);
		if (src->kind == MARK_POINT || m->kind == MARK_POINT ?
		    hypot(m->cx - src->cx, m->cy - src->cy) < 1 :
		    geom_rbox_iou(p, q) >= 0.5)
			return 1;
	}
	return 0;
}

/* A proposal on this image copying src; 0, or -1 with err. */
static int
carry_one(struct app *a, const struct store_mark *src, int group,
    size_t *added, char *err, size_t errlen)
{
	struct store_mark	 m;
	struct undo_entry	 u;

	store_mark_init(&m);
	m.image_id = a->images[a->cur].id;
	m.class_id = src->class_id;
	m.kind = src->kind;
	m.cx = src->cx;
	m.cy = src->cy;
	m.w = src->w;
	m.h = src->h;
	m.angle = src->angle;
	m.name = src->name;
	m.has_count = src->has_count;
	m.count = src->count;
	m.state = src->state;
	m.proposal = 1;
	m.has_track = 1;
	/* The source keeps what it has: a mark without a track gets none
	 * there (that would change its version and status, and an accepted
	 * image takes no change); its copy starts one here. */
	if (src->has_track)
		m.track = src->track;
	else if (store_track_next(a->st, &m.track, err, errlen) != 0)
		return -1;
	if (store_mark_add(a->st, &m, err, errlen) != 0)
		return -1;
	memset(&u, 0, sizeof u);
	u.kind = UNDO_ADD;
	u.mark_id = m.id;
	u.image_id = m.image_id;
	u.version = m.version;
	u.group = group;
	undo_push(&a->undo, &u);
	(*added)++;
	return 0;
}

/*
 * Copy the marks of the last observed date (clear or partly cloudy)
 * onto this image as proposals, linked by track, to be confirmed (a),
 * moved or deleted one by one. The source marks are only read: their
 * status, version and their image's lock stay as they are. One
 * transaction; one undo step.
 */
int
act_carry(struct app *a, int unused)
{
	struct store_mark	*src = NULL;
	char			 err[512], day[DATE_DAY_LEN];
	size_t			 n = 0, i, added = 0, skipped = 0;
	long			 from;
	int			 group = ++a->undo.last_group;

	(void)unused;
	if (a->blink)
		return app_message(a, 1, "blinking: press b to come back "
		    "first"), R_STATUS;
	if ((from = observed_before(a)) < 0) {
		app_message(a, 0, "no earlier date with objects seen to carry "
		    "from (clear, partly cloudy, or marked)");
		return R_STATUS;
	}
	date_format_day(a->images[from].t, day);
	if (store_mark_list_image(a->st, a->images[from].id, &src, &n, err,
	    sizeof err) != 0)
		return app_store_error(a, err);
	if (store_begin(a->st, err, sizeof err) != 0) {
		store_marks_free(src, n);
		return app_store_error(a, err);
	}
	for (i = 0; i < n; i++) {
		if (src[i].status == STATUS_REJECTED || already_here(a, &src[i]))
			continue;
		if (src[i].cx > a->info.width || src[i].cy > a->info.height) {
			skipped++;	/* the images differ in size */
			continue;
		}
		if (carry_one(a, &src[i], group, &added, err, sizeof err) != 0)
			goto fail;
	}
	if (store_commit(a->st, err, sizeof err) != 0)
		goto fail;
	store_marks_free(src, n);
	app_want_marks_keep(a);
	if (added > 0)
		app_want_then(a, THEN_PROPOSAL, 0);
	app_saved(a);
	app_message(a, 0, "carried %zu mark(s) from %s%s: a confirms the "
	    "selected one, x drops it", added, day, skipped ?
	    " (some off this image)" : "");
	return R_MARKS | R_PANEL | R_TIMELINE | R_CURSOR | R_REPORT;
fail:
	store_rollback(a->st);
	a->undo.n = a->undo.pos = a->undo.pos - added;
	store_marks_free(src, n);
	app_want_marks_keep(a);
	return app_store_error(a, err);
}

/*
 * A new hand-drawn mark that overlaps (IoU >= 0.3, as polygons) a mark
 * of its class on the last observed date joins that mark's track and,
 * unless it has a name, takes its name: a stack drawn again after a
 * cloudy gap continues its stack. *joined says what it joined (for the
 * message); a name taken is in *took, the caller's to free. Returns 0
 * when nothing overlapped.
 */
static int
join_track(struct app *a, struct store_mark *m, char *joined, size_t len,
    char **took)
{
	struct store_mark	*src = NULL;
	double			 p[5], q[5], best = 0.3, v;
	size_t			 n = 0, i;
	long			 from, k = -1;
	char			 day[DATE_DAY_LEN];

	joined[0] = '\0';
	if (m->kind == MARK_POINT || m->has_track || (from =
	    observed_before(a)) < 0 || store_mark_list_image(a->st,
	    a->images[from].id, &src, &n, NULL, 0) != 0)
		return 0;
	rbox_of(m, p);
	for (i = 0; i < n; i++) {
		if (src[i].class_id != m->class_id || src[i].kind ==
		    MARK_POINT || src[i].status == STATUS_REJECTED)
			continue;
		rbox_of(&src[i], q);
		if ((v = geom_rbox_iou(p, q)) >= best) {
			best = v;
			k = (long)i;
		}
	}
	if (k >= 0 && (src[k].has_track || src[k].name != NULL)) {
		date_format_day(a->images[from].t, day);
		if (src[k].has_track) {
			m->has_track = 1;
			m->track = src[k].track;
		}
		if (m->name == NULL && src[k].name != NULL)
			m->name = *took = xstrdup(src[k].name);
		if (src[k].has_track && src[k].name == NULL)
			snprintf(joined, len, "; joined track %lld from %s",
			    (long long)src[k].track, day);
		else if (src[k].has_track)
			snprintf(joined, len, "; joined track %lld (%s) from "
			    "%s", (long long)src[k].track, src[k].name, day);
		else
			snprintf(joined, len, "; took the name %s from %s",
			    src[k].name, day);
	}
	store_marks_free(src, n);
	return k >= 0;
}

int
act_verdict(struct app *a, int q)
{
	struct undo_entry	 u;
	char			 err[512];
	int64_t			 id = a->images[a->cur].id;

	if (a->blink)
		return app_message(a, 1, "blinking: press b to come back "
		    "first"), R_STATUS;
	memset(&u, 0, sizeof u);
	u.kind = UNDO_QUALITY;
	u.image_id = id;
	u.old_value = a->images[a->cur].quality;
	u.new_value = q;
	u.group = ++a->undo.last_group;
	if (store_image_set_quality(a->st, id, q, err, sizeof err) != 0)
		return app_store_error(a, err);
	undo_push(&a->undo, &u);
	a->images[a->cur].quality = q;
	a->info.quality = q;
	app_saved(a);
	app_message(a, 0, "verdict: %s", quality_name(q));
	return R_TIMELINE | R_PANEL | R_CURSOR | R_REPORT;
}

int
act_reviewed(struct app *a, int unused)
{
	struct undo_entry	 u;
	char			 err[512];
	int64_t			 id = a->images[a->cur].id;
	int			 v = !a->images[a->cur].reviewed;

	(void)unused;
	memset(&u, 0, sizeof u);
	u.kind = UNDO_REVIEWED;
	u.image_id = id;
	u.old_value = !v;
	u.new_value = v;
	u.group = ++a->undo.last_group;
	if (store_image_set_reviewed(a->st, id, v, err, sizeof err) != 0)
		return app_store_error(a, err);
	undo_push(&a->undo, &u);
	a->images[a->cur].reviewed = v;
	a->info.reviewed = v;
	app_saved(a);
	app_message(a, 0, v ? "image reviewed" : "image not reviewed");
	return R_TIMELINE | R_PANEL | R_CURSOR;
}

int
act_undo(struct app *a, int redo)
{
	return undo_step(a, redo);
}
