/*
 * prompt.c: the one-line prompts (the ":" command line with completion
 * and history, "date:", "class:", a rejection's reason, a comment). The
 * commands the command line runs are the table in command.c.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <curses.h>

#include "tui.h"

static const char *const reasons[] = {
	"wrong class", "wrong position", "not an object", "duplicate",
	"wrong name/count", NULL
};


void
prompt_start(struct app *a, int kind, const char *label, const char *init)
{
	a->prev_mode = a->mode;
	a->mode = MODE_PROMPT;
	a->prompt.kind = kind;
	snprintf(a->prompt.label, sizeof a->prompt.label, "%s", label);
	buf_reset(&a->prompt.text);
	if (init != NULL)
		buf_puts(&a->prompt.text, init);
	a->prompt.hpos = a->prompt.nhist;
	a->msg[0] = '\0';
}

static void
set_text(struct app *a, const char *s)
{
	buf_reset(&a->prompt.text);
	buf_puts(&a->prompt.text, s);
}

/*
 * Tab: extend the text to what all the command names (or class names)
 * it begins share; when that adds nothing, list them, as a shell does.
 * For a rejection's reason, Tab cycles through the presets.
 */
static void
complete(struct app *a)
{
	const char	*t = a->prompt.text.data ? a->prompt.text.data : "";
	const char	*cand[64], *found;
	struct buf	 list;
	size_t		 n = strlen(t), i, k, nc = 0, common = 0;

	if (a->prompt.kind == PROMPT_REASON) {
		for (i = 0; reasons[i] != NULL; i++)
			if (strcmp(reasons[i], t) == 0)
				break;
		found = reasons[reasons[i] == NULL || reasons[i + 1] == NULL ?
		    0 : i + 1];
		set_text(a, found);
		return;
	}
	if (a->prompt.kind == PROMPT_COMMAND) {
		for (i = 0; i < ncommands && nc < QM_NELEM(cand); i++)
			if (strncmp(commands[i].name, t, n) == 0)
				cand[nc++] = commands[i].name;
	} else if (a->prompt.kind == PROMPT_CLASS) {
		for (i = 0; i < a->nclasses && nc < QM_NELEM(cand); i++)
			if (strncmp(a->classes[i].name, t, n) == 0)
				cand[nc++] = a->classes[i].name;
	}
	if (nc == 0) {
		app_message(a, 1, "no completion for \"%s\"", t);
		return;
	}
	common = strlen(cand[0]);
	for (k = 1; k < nc; k++) {
		for (i = 0; i < common && cand[k][i] == cand[0][i]; i++)
			;
		common = i;
	}
	if (nc == 1) {
		set_text(a, cand[0]);
		if (a->prompt.kind == PROMPT_COMMAND)
			buf_putc(&a->prompt.text, ' ');
		return;
	}
	if (common > n) {
		buf_reset(&a->prompt.text);
		buf_add(&a->prompt.text, cand[0], common);
		return;
	}
	buf_init(&list);
	for (k = 0; k < nc; k++) {
		if (k > 0)
			buf_puts(&list, "  ");
		buf_puts(&list, cand[k]);
	}
	app_message(a, 0, "%s", list.data);
	buf_free(&list);
}

static void
history_add(struct app *a, const char *s)
{
	if (*s == '\0')
		return;
	a->prompt.hist = xreallocarray(a->prompt.hist, a->prompt.nhist + 1,
	    sizeof *a->prompt.hist);
	a->prompt.hist[a->prompt.nhist++] = xstrdup(s);
}

static void
backspace(struct buf *b)
{
	while (b->len > 0) {
		unsigned char c = (unsigned char)b->data[--b->len];

		if ((c & 0xc0) != 0x80)
			break;
	}
	if (b->data != NULL)
		b->data[b->len] = '\0';
}

/* Type a key into a line buffer: 1 if it was text or editing. */
int
line_edit(struct buf *b, int key)
{
	if (key == (KEY_SPECIAL | KEY_BACKSPACE) || key == 127 || key == 8) {
		backspace(b);
		return 1;
	}
	if (key == 21) {	/* C-u */
		buf_reset(b);
		return 1;
	}
	if (key == 23) {	/* C-w: the word before */
		while (b->len > 0 && b->data[b->len - 1] == ' ')
			backspace(b);
		while (b->len > 0 && b->data[b->len - 1] != ' ')
			backspace(b);
		return 1;
	}
	if (key < 0x20 || key == 0x7f || (key & KEY_SPECIAL) ||
	    text_cp_dangerous((uint32_t)key))
		return 0;
	if (b->len > 1000)
		return 1;	/* long enough */
	utf8_put(b, (uint32_t)key);
	return 1;
}

int
prompt_key(struct app *a, int key)
{
	struct prompt	*p = &a->prompt;
	char		*text;
	int		 kind = p->kind;

	a->msg[0] = '\0';	/* a completion list lasts one key */
	if (key == 27) {
		a->mode = a->prev_mode == MODE_PROMPT ? MODE_NORMAL :
		    a->prev_mode;
		a->msg[0] = '\0';
		return R_CURSOR;
	}
	if (key == '\n') {
		text = xstrdup(p->text.data ? p->text.data : "");
		a->mode = a->prev_mode == MODE_PROMPT ? MODE_NORMAL :
		    a->prev_mode;
		a->msg[0] = '\0';
		if (kind == PROMPT_COMMAND)
			history_add(a, text);
		int r = R_CURSOR;
		switch (kind) {
		case PROMPT_COMMAND:
			r = run_command(a, text);
			break;
		case PROMPT_DATE:
			r = command_goto(a, text);
			break;
		case PROMPT_CLASS:
			r = mark_set_attr(a, ATTR_CLASS, text);
			break;
		case PROMPT_REASON:
			r = review_reject(a, text);
			break;
		case PROMPT_COMMENT:
			r = review_comment(a, text);
			break;
		}
		free(text);
		return r | R_CURSOR;
	}
	if (key == '\t') {
		complete(a);
		return R_CURSOR;
	}
	if ((key == (KEY_SPECIAL | KEY_UP) || key == (KEY_SPECIAL | KEY_DOWN)) &&
	    kind == PROMPT_COMMAND && p->nhist > 0) {
		if (key == (KEY_SPECIAL | KEY_UP) && p->hpos > 0)
			p->hpos--;
		else if (key == (KEY_SPECIAL | KEY_DOWN) && p->hpos < p->nhist)
			p->hpos++;
		set_text(a, p->hpos < p->nhist ? p->hist[p->hpos] : "");
		return R_CURSOR;
	}
	line_edit(&p->text, key);
	return R_CURSOR;
}
