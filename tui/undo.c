/*
 * undo.c: this session's changes, to take back and to redo, many steps
 * deep and across images. Undoing is itself a change: it goes through the
 * store with its own audit row, and is refused (with the reason) if
 * someone changed the mark since.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tui.h"

static void
entry_clear(struct undo_entry *u)
{
	store_mark_clear(&u->before);
	store_mark_clear(&u->after);
}

/* Push a change (the stack takes ownership); the redo tail is dropped. */
void
undo_push(struct undo_stack *s, struct undo_entry *u)
{
	while (s->n > s->pos)
		entry_clear(&s->v[--s->n]);
	if (s->n == s->cap) {
		s->cap = s->cap ? s->cap * 2 : 64;
		s->v = xreallocarray(s->v, s->cap, sizeof *s->v);
	}
	s->v[s->n++] = *u;
	s->pos = s->n;
}

void
undo_free(struct undo_stack *s)
{
	while (s->n > 0)
		entry_clear(&s->v[--s->n]);
	free(s->v);
	memset(s, 0, sizeof *s);
}

/* Apply one entry backwards (redo == 0) or forwards. */
static int
apply(struct app *a, struct undo_entry *u, int redo, char *err, size_t len)
{
	struct store_mark	 m;
	int			 rc;

	switch (u->kind) {
	case UNDO_ADD:
	case UNDO_DELETE:
		if ((u->kind == UNDO_ADD) != (redo != 0))
			rc = store_mark_delete(a->st, u->mark_id, u->version,
			    err, len);
		else
			rc = store_mark_restore(a->st, u->mark_id, u->version,
			    err, len);
		if (rc == 0)
			u->version++;
		return rc;
	case UNDO_EDIT:
		store_mark_copy(&m, redo ? &u->after : &u->before);
		m.class_id = 0;		/* by name: classes are stable */
		rc = store_mark_update(a->st, &m, u->version, err, len);
		if (rc == 0)
			u->version = m.version;
		store_mark_clear(&m);
		return rc;
	case UNDO_QUALITY:
		return store_image_set_quality(a->st, u->image_id, redo ?
		    u->new_value : u->old_value, err, len);
	default:
		return store_image_set_reviewed(a->st, u->image_id, redo ?
		    u->new_value : u->old_value, err, len);
	}
}

/* What an entry changed, in words: "verdict cloudy", "adding mark #12". */
static void
describe(const struct undo_entry *u, char *out, size_t len)
{
	switch (u->kind) {
	case UNDO_ADD:
		snprintf(out, len, "adding mark #%lld", (long long)u->mark_id);
		break;
	case UNDO_DELETE:
		snprintf(out, len, "deleting mark #%lld",
		    (long long)u->mark_id);
		break;
	case UNDO_EDIT:
		snprintf(out, len, "the edit of mark #%lld",
		    (long long)u->mark_id);
		break;
	case UNDO_QUALITY:
		snprintf(out, len, "verdict %s (was %s)",
		    quality_name(u->new_value), quality_name(u->old_value));
		break;
	default:
		snprintf(out, len, "%s", u->new_value ? "marking reviewed" :
		    "marking not reviewed");
		break;
	}
}

/*
 * After undoing or redoing: go to the image the change was on (it may be
 * another than the one on screen) and say what was done, and where.
 */
static int
show_done(struct app *a, const struct undo_entry *u, size_t done, int redo)
{
	char	 what[128], when[DATE_DAY_LEN] = "?";
	size_t	 idx = app_find_image(a, u->image_id);
	int	 r = 0;

	describe(u, what, sizeof what);
	if (idx != (size_t)-1) {
		date_format_day(a->images[idx].t, when);
		if (idx != a->cur)
			r = app_goto(a, idx, 1);
	}
	if (done == 1)
		app_message(a, 0, "%s %s on image %lld (%s)", redo ? "redid" :
		    "undid", what, (long long)u->image_id, when);
	else
		app_message(a, 0, "%s %zu changes on image %lld (%s): %s and "
		    "more", redo ? "redid" : "undid", done,
		    (long long)u->image_id, when, what);
	return r;
}

/* Undo (redo == 0) or redo the last group of changes. */
int
undo_step(struct app *a, int redo)
{
	struct undo_stack	*s = &a->undo;
	struct undo_entry	*last = NULL;
	char			 err[512];
	size_t			 done = 0;
	int			 group, r;

	if (!redo && s->pos == 0) {
		app_message(a, 0, "nothing to undo");
		return R_STATUS;
	}
	if (redo && s->pos == s->n) {
		app_message(a, 0, "nothing to redo");
		return R_STATUS;
	}
	group = redo ? s->v[s->pos].group : s->v[s->pos - 1].group;
	for (;;) {
		struct undo_entry *u;

		if (redo) {
			if (s->pos == s->n || s->v[s->pos].group != group)
				break;
			u = &s->v[s->pos];
		} else {
			if (s->pos == 0 || s->v[s->pos - 1].group != group)
				break;
			u = &s->v[s->pos - 1];
		}
		if (apply(a, u, redo, err, sizeof err) != 0) {
			app_reload_images(a);
			app_want_marks_keep(a);
			app_message(a, 1, "cannot %s: %s", redo ? "redo" :
			    "undo", err);
			return R_MARKS | R_PANEL | R_TIMELINE | R_CURSOR;
		}
		s->pos += redo ? 1 : (size_t)-1;
		done++;
		last = u;
	}
	app_reload_images(a);
	store_image_clear(&a->info);
	store_image_get(a->st, a->images[a->cur].id, &a->info, NULL, 0);
	app_want_marks_keep(a);
	app_saved(a);
	r = show_done(a, last, done, redo);
	return r | R_MARKS | R_PANEL | R_TIMELINE | R_CURSOR | R_REPORT;
}
