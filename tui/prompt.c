/*
 * prompt.c: the one-line prompts (the ":" command line with completion
 * and history, "date:", "class:", a rejection's reason, a comment) and the
 * commands the command line runs.
 */
#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <curses.h>

#include "tui.h"

const char *const command_names[] = {
	"accept-image", "angle", "approve", "class", "class add", "comment",
	"count", "delete", "goto", "help", "history", "name", "note", "quay",
	"quit", "reject", "reopen-image", "report", "resolve", "reviewed",
	"state", "track", "verdict", "write", NULL
};

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
		for (i = 0; command_names[i] != NULL && nc < QM_NELEM(cand);
		    i++)
			if (strncmp(command_names[i], t, n) == 0)
				cand[nc++] = command_names[i];
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

static int
goto_date(struct app *a, const char *s)
{
	int64_t	 from, to;
	size_t	 i;

	if (date_parse_range(s, &from, &to) != 0) {
		app_message(a, 1, "\"%s\" is not a date (YYYY-MM-DD)", s);
		return R_CURSOR;
	}
	for (i = 0; i < a->nimages; i++)
		if (a->images[i].t >= from)
			break;
	if (i == a->nimages || a->images[i].t > to) {
		app_message(a, 1, "no image on %s%s", s, i < a->nimages ?
		    "; showing the next one" : "");
		if (i == a->nimages)
			return R_CURSOR;
	}
	return app_goto(a, i, 1);
}

static struct store_mark *
sel_mark(struct app *a)
{
	if (a->sel < 0 || (size_t)a->sel >= a->nmarks) {
		app_message(a, 1, "select a mark first (Tab, or s)");
		return NULL;
	}
	return &a->marks[a->sel];
}

/* Change one attribute of the selected mark from the command line. */
static int
set_attr(struct app *a, const char *key, const char *v)
{
	struct store_mark	*cur, m;
	double			 d;
	int64_t			 n;
	int			 r;

	if ((cur = sel_mark(a)) == NULL)
		return R_CURSOR;
	store_mark_copy(&m, cur);
	if (strcmp(key, "name") == 0) {
		free(m.name);
		m.name = *v ? xstrdup(v) : NULL;
	} else if (strcmp(key, "note") == 0) {
		free(m.note);
		m.note = *v ? xstrdup(v) : NULL;
	} else if (strcmp(key, "state") == 0) {
		free(m.state);
		m.state = *v ? xstrdup(v) : NULL;
	} else if (strcmp(key, "count") == 0 || strcmp(key, "track") == 0) {
		if (*v != '\0' && (num_parse_int64(v, &n) != 0 || n < 0)) {
			store_mark_clear(&m);
			app_message(a, 1, "%s: \"%s\" is not a whole number",
			    key, v);
			return R_CURSOR;
		}
		if (key[0] == 'c') {
			m.has_count = *v != '\0';
			m.count = n;
		} else {
			m.has_track = *v != '\0';
			m.track = n;
		}
	} else if (strcmp(key, "angle") == 0) {
		if (num_parse_double(v, &d) != 0 || m.kind == MARK_POINT) {
			store_mark_clear(&m);
			app_message(a, 1, "angle: a number of degrees, for a "
			    "box");
			return R_CURSOR;
		}
		m.kind = MARK_RBOX;
		m.angle = d;
	} else {
		free(m.class_name);
		m.class_name = xstrdup(v);
		m.class_id = 0;
	}
	r = mark_write(a, &m, m.version);
	store_mark_clear(&m);
	return r;
}

/*
 * Run one command line. Unknown commands and bad arguments are reported
 * on the message line; nothing partial is written.
 */
int
run_command(struct app *a, const char *line)
{
	char	 cmd[64], arg[512], name[64], colour[16];
	int64_t	 id, n;
	int	 q;
	size_t	 i;

	while (isspace((unsigned char)*line))
		line++;
	arg[0] = '\0';
	if (sscanf(line, "%63s %511[^\n]", cmd, arg) < 1)
		return R_CURSOR;
	if (strcmp(cmd, "goto") == 0 || strcmp(cmd, "g") == 0)
		return goto_date(a, arg);
	if (strcmp(cmd, "quay") == 0) {
		for (i = 0; i < a->nquays; i++) {
			char	 num[24];

			snprintf(num, sizeof num, "%zu", i + 1);
			if (strcmp(a->quays[i].name, arg) == 0 ||
			    strcmp(num, arg) == 0) {
				a->quay_focus = (long)i - 1;
				if (a->quay_focus < 0)
					a->quay_focus = (long)a->nquays - 1;
				return actions[action_find("next-quay")].fn(a,
				    1);
			}
		}
		app_message(a, 1, "no quay \"%s\" (1 to %zu, or a name)", arg,
		    a->nquays);
		return R_CURSOR;
	}
	if (strcmp(cmd, "class") == 0 && strncmp(arg, "add ", 4) == 0) {
		char	 err[512];

		colour[0] = '\0';
		if (sscanf(arg + 4, "%63s %15s", name, colour) < 1) {
			app_message(a, 1, "class add NAME [#rrggbb]");
			return R_CURSOR;
		}
		if (store_class_add(a->st, name, colour[0] ? colour : NULL,
		    &id, err, sizeof err) != 0)
			return app_store_error(a, err);
		store_classes_free(a->classes, a->nclasses);
		store_class_list(a->st, &a->classes, &a->nclasses, NULL, 0);
		app_saved(a);
		app_message(a, 0, "class %s added: key %zu", name,
		    a->nclasses);
		return R_PANEL | R_CURSOR;
	}
	if (strcmp(cmd, "class") == 0 || strcmp(cmd, "name") == 0 ||
	    strcmp(cmd, "note") == 0 || strcmp(cmd, "state") == 0 ||
	    strcmp(cmd, "count") == 0 || strcmp(cmd, "track") == 0 ||
	    strcmp(cmd, "angle") == 0) {
		if (store_readonly(a->st)) {
			app_message(a, 1, "read-only: %s",
			    store_readonly_reason(a->st));
			return R_CURSOR;
		}
		return set_attr(a, cmd, arg);
	}
	if (strcmp(cmd, "verdict") == 0) {
		if ((q = quality_parse(arg)) < 0) {
			app_message(a, 1, "verdict: clear, partly_cloudy, "
			    "cloudy, no_data or unreviewed");
			return R_CURSOR;
		}
		return tui_dispatch_action(a, "verdict-clear", q);
	}
	if (strcmp(cmd, "reviewed") == 0)
		return tui_dispatch_action(a, "toggle-reviewed", 0);
	if (strcmp(cmd, "delete") == 0)
		return tui_dispatch_action(a, "delete", 0);
	if (strcmp(cmd, "approve") == 0)
		return tui_dispatch_action(a, "approve", 0);
	if (strcmp(cmd, "reject") == 0) {
		if (arg[0] == '\0')
			return tui_dispatch_action(a, "reject", 0);
		return review_reject(a, arg);
	}
	if (strcmp(cmd, "comment") == 0) {
		if (arg[0] == '\0')
			return tui_dispatch_action(a, "comment", 0);
		return review_comment(a, arg);
	}
	if (strcmp(cmd, "resolve") == 0) {
		if (num_parse_int64(arg, &n) != 0) {
			app_message(a, 1, "resolve COMMENT_ID");
			return R_CURSOR;
		}
		return review_resolve(a, n);
	}
	if (strcmp(cmd, "accept-image") == 0)
		return review_image(a, 1);
	if (strcmp(cmd, "reopen-image") == 0)
		return review_image(a, 0);
	if (strcmp(cmd, "report") == 0)
		return tui_dispatch_action(a, "report", 0);
	if (strcmp(cmd, "help") == 0)
		return tui_dispatch_action(a, "help", 0);
	if (strcmp(cmd, "history") == 0)
		return tui_dispatch_action(a, "history", 0);
	if (strcmp(cmd, "w") == 0 || strcmp(cmd, "write") == 0) {
		app_message(a, 0, "everything is saved as you go");
		return R_CURSOR;
	}
	if (strcmp(cmd, "q") == 0 || strcmp(cmd, "quit") == 0 ||
	    strcmp(cmd, "wq") == 0 || strcmp(cmd, "x") == 0)
		return R_QUIT;
	app_message(a, 1, "unknown command \"%s\" (Tab completes)", cmd);
	return R_CURSOR;
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
			r = goto_date(a, text);
			break;
		case PROMPT_CLASS:
			r = set_attr(a, "class", text);
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
