/*
 * review.c: what supervisors do in the TUI: a queue of pending marks, each
 * shown zoomed in context; approve, reject with a reason (presets on Tab),
 * approve a whole image, comment, accept or reopen an image; and the
 * history view of who changed what on the image, from the audit trail.
 */
#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tui.h"

struct queue_ctx {
	struct app	*a;
	size_t		 cap;
};

static int
queue_add(void *ctx, const struct store_mark *m)
{
	struct queue_ctx	*q = ctx;
	struct app		*a = q->a;

	if (a->nqueue == q->cap) {
		q->cap = q->cap ? q->cap * 2 : 64;
		a->queue = xreallocarray(a->queue, q->cap, sizeof *a->queue);
	}
	a->queue[a->nqueue++] = m->id;
	return 0;
}

/* The pending marks to review (of one analyst, when one was named). */
int
review_load(struct app *a, char *err, size_t errlen)
{
	struct store_filter	 f;
	struct queue_ctx	 q = { a, 0 };

	memset(&f, 0, sizeof f);
	if (a->review_filter != NULL)	/* --from, --to, --class */
		f = *a->review_filter;
	f.site_id = a->site_id;
	f.image_id = 0;
	f.status_mask = STATUS_BIT(STATUS_PENDING);
	f.proposals = -1;
	f.author = a->review_analyst;
	free(a->queue);
	a->queue = NULL;
	a->nqueue = 0;
	a->qpos = 0;
	return store_mark_each(a->st, &f, queue_add, &q, err, errlen);
}

/* Show queue entry pos: its image, the mark selected, zoomed in context. */
int
review_goto(struct app *a, size_t pos)
{
	struct store_mark	 m;
	size_t			 idx;
	double			 side;
	char			 err[256];

	if (pos >= a->nqueue) {
		app_message(a, 0, "review: all %zu done", a->nqueue);
		return R_CURSOR | R_PANEL;
	}
	if (store_mark_get(a->st, a->queue[pos], &m, err, sizeof err) != 0)
		return app_store_error(a, err);
	a->qpos = pos;
	if ((idx = app_find_image(a, m.image_id)) == (size_t)-1) {
		store_mark_clear(&m);
		return R_CURSOR;
	}
	app_goto(a, idx, 1);
	app_want_marks(a, m.id);	/* selected once its image's are read */
	side = fmax(fmax(m.w, m.h), 16) * 3;
	a->view.scale = pixels_fit_scale(a, side, side);
	view_center(&a->view, m.cx, m.cy);
	a->cx = m.cx;
	a->cy = m.cy;
	app_message(a, 0, "review %zu/%zu: %s by %s (A approve, X reject, n "
	    "next)", pos + 1, a->nqueue, m.class_name, m.author);
	store_mark_clear(&m);
	return R_IMAGE | R_VIEW | R_MARKS | R_PANEL | R_TIMELINE | R_CURSOR;
}

/* The next (dir 1) or previous queue entry still pending. */
int
act_review_step(struct app *a, int dir)
{
	struct store_mark	 m;
	long			 p = (long)a->qpos;

	if (!a->review) {
		app_message(a, 0, "not reviewing (quaymark review starts a "
		    "queue)");
		return R_STATUS;
	}
	for (;;) {
		p += dir;
		if (p < 0 || (size_t)p >= a->nqueue) {
			app_message(a, 0, "review: no more pending marks that "
			    "way (%zu reviewed this session)", a->reviewed_n);
			return R_STATUS;
		}
		if (store_mark_get(a->st, a->queue[p], &m, NULL, 0) == 0) {
			int pending = !m.deleted && m.status == STATUS_PENDING;

			store_mark_clear(&m);
			if (pending)
				return review_goto(a, (size_t)p);
		}
	}
}

static int
verdict_on(struct app *a, int status, const char *reason)
{
	struct store_mark	*m;
	char			 err[512];
	int64_t			 id;

	if (a->sel < 0 || (size_t)a->sel >= a->nmarks) {
		app_message(a, 1, "select a mark first");
		return R_STATUS;
	}
	m = &a->marks[a->sel];
	id = m->id;
	if (store_mark_review(a->st, id, status, reason, m->version, err,
	    sizeof err) != 0) {
		app_want_marks_keep(a);
		return app_store_error(a, err);
	}
	a->reviewed_n++;
	app_want_marks_keep(a);
	app_saved(a);
	app_message(a, 0, "mark %lld %s", (long long)id, status_name(status));
	if (a->review)
		return act_review_step(a, 1) | R_MARKS | R_REPORT;
	return R_MARKS | R_PANEL | R_CURSOR | R_REPORT;
}

int
act_approve(struct app *a, int unused)
{
	(void)unused;
	return verdict_on(a, STATUS_APPROVED, NULL);
}

int
act_reject(struct app *a, int unused)
{
	(void)unused;
	prompt_start(a, PROMPT_REASON, "reason (Tab: presets): ", NULL);
	return R_CURSOR;
}

int
review_reject(struct app *a, const char *reason)
{
	if (reason == NULL || *reason == '\0') {
		app_message(a, 1, "a rejection needs a reason");
		return R_STATUS;
	}
	return verdict_on(a, STATUS_REJECTED, reason);
}

/* Is mark id in the review queue (what its filter shows)? */
static int
in_queue(const struct app *a, int64_t id)
{
	size_t	 i;

	for (i = 0; i < a->nqueue; i++)
		if (a->queue[i] == id)
			return 1;
	return 0;
}

/*
 * Approve every pending mark of this image, in one transaction; in a
 * review queue, only those its filter (analyst, class, dates) shows, so
 * that `review --analyst NAME` never approves another analyst's marks.
 */
int
act_approve_image(struct app *a, int unused)
{
	char	 err[512];
	size_t	 i, n = 0, left = 0;

	(void)unused;
	if (store_begin(a->st, err, sizeof err) != 0)
		return app_store_error(a, err);
	for (i = 0; i < a->nmarks; i++) {
		if (a->marks[i].status != STATUS_PENDING ||
		    a->marks[i].proposal)
			continue;
		if (a->review && !in_queue(a, a->marks[i].id)) {
			left++;
			continue;
		}
		if (store_mark_review(a->st, a->marks[i].id, STATUS_APPROVED,
		    NULL, a->marks[i].version, err, sizeof err) != 0) {
			store_rollback(a->st);
			app_want_marks_keep(a);
			return app_store_error(a, err);
		}
		n++;
	}
	if (store_commit(a->st, err, sizeof err) != 0)
		return app_store_error(a, err);
	a->reviewed_n += n;
	app_want_marks_keep(a);
	app_saved(a);
	if (left > 0)
		app_message(a, 0, "approved %zu mark(s) of this image, those "
		    "the queue shows; %zu pending outside it left", n, left);
	else
		app_message(a, 0, "approved %zu mark(s) of this image", n);
	return R_MARKS | R_PANEL | R_CURSOR | R_REPORT;
}

int
act_comment(struct app *a, int unused)
{
	(void)unused;
	prompt_start(a, PROMPT_COMMENT, a->sel >= 0 ? "comment on the mark: "
	    : "comment on the image: ", NULL);
	return R_CURSOR;
}

int
review_comment(struct app *a, const char *text)
{
	char	 err[512];
	int64_t	 id;

	if (text == NULL || *text == '\0') {
		app_message(a, 1, "an empty comment says nothing");
		return R_STATUS;
	}
	if (store_comment_add(a->st, a->sel >= 0 ? a->marks[a->sel].id : 0,
	    a->images[a->cur].id, text, &id, err, sizeof err) != 0)
		return app_store_error(a, err);
	app_saved(a);
	app_message(a, 0, "comment %lld added", (long long)id);
	return R_PANEL | R_CURSOR;
}

int
review_resolve(struct app *a, int64_t id)
{
	char	 err[512];

	if (store_comment_resolve(a->st, id, err, sizeof err) != 0)
		return app_store_error(a, err);
	app_saved(a);
	app_message(a, 0, "comment %lld resolved", (long long)id);
	return R_PANEL | R_CURSOR;
}

int
review_image(struct app *a, int accept)
{
	char	 err[512];

	if (store_image_set_accepted(a->st, a->images[a->cur].id, accept, err,
	    sizeof err) != 0)
		return app_store_error(a, err);
	a->images[a->cur].accepted = accept;
	a->info.accepted = accept;
	app_saved(a);
	app_message(a, 0, accept ? "image accepted: its marks and verdict are "
	    "locked" : "image reopened");
	return R_PANEL | R_TIMELINE | R_CURSOR;
}

/* What changed between two JSON objects, as "key: old -> new; ...". */
static void
diff(struct buf *out, const char *before, const char *after)
{
	json_t		*b = NULL, *a = NULL, *v, *w;
	json_error_t	 e;
	const char	*key;
	char		*sb, *sa;
	int		 n = 0;

	if (before != NULL)
		b = json_loads(before, 0, &e);
	if (after != NULL)
		a = json_loads(after, 0, &e);
	if (a == NULL) {
		buf_puts(out, "removed");
		goto out;
	}
	if (b == NULL) {
		buf_puts(out, "created");
		goto out;
	}
	json_object_foreach(a, key, v) {
		w = json_object_get(b, key);
		if (w != NULL && json_equal(v, w))
			continue;
		if (strcmp(key, "version") == 0)
			continue;
		sb = w ? json_dumps(w, JSON_ENCODE_ANY | JSON_COMPACT) :
		    NULL;
		sa = json_dumps(v, JSON_ENCODE_ANY | JSON_COMPACT);
		/* numbers as typed: -0.8, not -0.80000000000000004 */
		buf_printf(out, "%s%s: ", n++ ? "; " : "", key);
		num_json_tidy(sb ? sb : "-", out);
		buf_puts(out, " -> ");
		num_json_tidy(sa ? sa : "-", out);
		free(sb);
		free(sa);
	}
	if (n == 0)
		buf_puts(out, "no visible change");
out:
	json_decref(a);
	json_decref(b);
}

static int
history_row(void *ctx, const struct store_audit *r)
{
	struct app	*a = ctx;
	struct buf	 d;

	buf_init(&d);
	diff(&d, r->before, r->after);
	buf_printf(&a->history, "%.19s  %-10s %-8s %s %lld: %s\n", r->at,
	    r->user, r->action, r->entity, (long long)r->entity_id,
	    d.data ? d.data : "");
	buf_free(&d);
	return 0;
}

void
history_load(struct app *a)
{
	struct store_audit_filter	 f;
	char				 err[256];

	buf_reset(&a->history);
	memset(&f, 0, sizeof f);
	f.image_id = a->images[a->cur].id;
	if (store_audit_each(a->st, &f, history_row, a, err, sizeof err) != 0)
		buf_printf(&a->history, "%s\n", err);
}

/*
 * Draw the escaped line s from row on, wrapped at the screen's width;
 * returns the next free row. Wrapping counts a code point as one column:
 * a wide one only pushes the rest of its row off the edge.
 */
static int
history_wrapped(struct app *a, const char *s, int row, int32_t fg)
{
	struct buf	 safe, part;
	const char	*p;
	uint32_t	 c;
	size_t		 n;
	int		 w;

	buf_init(&safe);
	buf_init(&part);
	text_escape(&safe, s);
	p = safe.data ? safe.data : "";
	do {
		buf_reset(&part);
		for (w = 0; *p != '\0' && w < a->cols; w++) {
			if ((n = utf8_decode((const unsigned char *)p, &c)) ==
			    0)
				n = 1;
			buf_add(&part, p, n);
			p += n;
		}
		grid_text(&a->screen, 0, row++, part.data ? part.data : "", fg,
		    CELL_DEFAULT, 0, a->cols);
	} while (*p != '\0' && row < a->rows);
	buf_free(&part);
	buf_free(&safe);
	return row;
}

void
history_draw(struct app *a)
{
	struct grid	*g = &a->screen;
	struct buf	 b;
	/* the terminal's own colours (bold for the title): near-white or
	   yellow text vanishes on a light theme */
	int32_t		 fg = CELL_DEFAULT, hi = CELL_DEFAULT;
	const char	*p, *nl;
	char		 line[8192];
	int		 row = 0, n = 0;

	screen_blank(a);
	buf_init(&b);
	snprintf(line, sizeof line, "History of %s (audit trail; %s; q "
	    "closes)", a->info.name ? a->info.name : "this image",
	    a->history_wrap ? "w cuts long lines" : "w shows long lines "
	    "whole");
	text_fit(&b, line, a->cols);
	grid_text(g, 0, row++, b.data, hi, CELL_DEFAULT, CELL_BOLD, a->cols);
	for (p = a->history.data ? a->history.data : ""; *p != '\0' &&
	    row < a->rows; p = nl + 1, n++) {
		nl = strchr(p, '\n');
		if (nl == NULL)
			break;
		if (n < a->history_top)
			continue;
		snprintf(line, sizeof line, "%.*s", (int)(nl - p), p);
		if (a->history_wrap) {
			row = history_wrapped(a, line, row, fg);
			continue;
		}
		buf_reset(&b);
		text_fit(&b, line, a->cols);
		grid_text(g, 0, row++, b.data, fg, CELL_DEFAULT, 0, a->cols);
	}
	buf_free(&b);
}
