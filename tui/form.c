/*
 * form.c: the selected mark's attributes in a small form: name (Tab
 * completes from the names already used at this site: Angara, Lady R),
 * count, state and note. Enter saves all four in one transaction.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <curses.h>

#include "tui.h"


enum { F_NAME, F_COUNT, F_STATE, F_NOTE };

int
form_start(struct app *a)
{
	struct store_mark	*m = &a->marks[a->sel];
	int			 i;

	for (i = 0; i < FORM_FIELDS; i++)
		buf_reset(&a->form.field[i]);
	if (m->name)
		buf_puts(&a->form.field[F_NAME], m->name);
	if (m->has_count)
		buf_printf(&a->form.field[F_COUNT], "%lld",
		    (long long)m->count);
	if (m->state)
		buf_puts(&a->form.field[F_STATE], m->state);
	if (m->note)
		buf_puts(&a->form.field[F_NOTE], m->note);
	a->form.focus = F_NAME;
	a->form.mark_id = m->id;
	a->form.version = m->version;
	a->prev_mode = a->mode;
	a->mode = MODE_FORM;
	a->msg[0] = '\0';
	return R_CURSOR | R_PANEL;
}

/* Complete the name from those used at the site; 1 if it changed. */
static int
complete_name(struct app *a)
{
	struct buf	*f = &a->form.field[F_NAME];
	const char	*t = f->data ? f->data : "", *found = NULL;
	size_t		 i, n = strlen(t);

	if (n == 0)
		return 0;
	for (i = 0; i < a->nnames; i++)
		if (strncasecmp(a->names[i], t, n) == 0 &&
		    strcmp(a->names[i], t) != 0) {
			found = a->names[i];
			break;
		}
	if (found == NULL)
		return 0;
	buf_reset(f);
	buf_puts(f, found);
	return 1;
}

static int
form_save(struct app *a)
{
	struct store_mark	 m, *cur = NULL;
	const char		*cnt = a->form.field[F_COUNT].data;
	int64_t			 n = 0;
	size_t			 i;
	int			 r;

	for (i = 0; i < a->nmarks; i++)
		if (a->marks[i].id == a->form.mark_id)
			cur = &a->marks[i];
	if (cur == NULL) {
		a->mode = MODE_NORMAL;
		app_message(a, 1, "the mark is gone (deleted meanwhile?)");
		return R_CURSOR | R_PANEL;
	}
	if (cnt != NULL && *cnt != '\0' && (num_parse_int64(cnt, &n) != 0 ||
	    n < 0)) {
		app_message(a, 1, "count: \"%s\" is not a whole number", cnt);
		a->form.focus = F_COUNT;
		return R_CURSOR;
	}
	store_mark_copy(&m, cur);
	free(m.name);
	free(m.state);
	free(m.note);
#define FIELD(k) (a->form.field[k].data && *a->form.field[k].data ? \
	xstrdup(a->form.field[k].data) : NULL)
	m.name = FIELD(F_NAME);
	m.state = FIELD(F_STATE);
	m.note = FIELD(F_NOTE);
#undef FIELD
	m.has_count = cnt != NULL && *cnt != '\0';
	m.count = n;
	a->mode = MODE_NORMAL;
	r = mark_write(a, &m, a->form.version);
	if (m.name != NULL) {
		for (i = 0; i < a->nnames; i++)
			if (strcmp(a->names[i], m.name) == 0)
				break;
		if (i == a->nnames) {
			a->names = xreallocarray(a->names, a->nnames + 1,
			    sizeof *a->names);
			a->names[a->nnames++] = xstrdup(m.name);
		}
	}
	store_mark_clear(&m);
	return r;
}

int
form_key(struct app *a, int key)
{
	a->msg[0] = '\0';	/* a complaint lasts until the next key */
	if (key == 27) {
		a->mode = MODE_NORMAL;
		app_message(a, 0, "not saved");
		return R_CURSOR | R_PANEL;
	}
	if (key == '\n')
		return form_save(a);
	if (key == '\t') {
		if (a->form.focus == F_NAME && complete_name(a))
			return R_CURSOR;
		a->form.focus = (a->form.focus + 1) % FORM_FIELDS;
		return R_CURSOR;
	}
	if (key == (KEY_SPECIAL | KEY_BTAB) || key == (KEY_SPECIAL | KEY_UP)) {
		a->form.focus = (a->form.focus + FORM_FIELDS - 1) % FORM_FIELDS;
		return R_CURSOR;
	}
	if (key == (KEY_SPECIAL | KEY_DOWN)) {
		a->form.focus = (a->form.focus + 1) % FORM_FIELDS;
		return R_CURSOR;
	}
	line_edit(&a->form.field[a->form.focus], key);
	return R_CURSOR;
}
