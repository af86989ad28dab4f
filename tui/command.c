/*
 * command.c: the ":" command line's commands, in one table (name,
 * arguments, preconditions, help line, handler) like the action table, and
 * the parser that runs a line through it. The preconditions go through
 * check_needs, as a key's do, so a command is refused with the very
 * message its key would give; completion, the help screen and the man
 * page's list (help.c) are all made from this table.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tui.h"

/* goto DATE: the first image on DATE (or a month, or a year). */
int
command_goto(struct app *a, const char *s)
{
	int64_t	 from, to;
	size_t	 i;

	if (date_parse_range(s, &from, &to) != 0) {
		app_message(a, 1, "\"%s\" is not a date (YYYY-MM-DD)", s);
		return R_STATUS;
	}
	for (i = 0; i < a->nimages; i++)
		if (a->images[i].t >= from)
			break;
	if (i == a->nimages || a->images[i].t > to) {
		app_message(a, 1, "no image on %s%s", s, i < a->nimages ?
		    "; showing the next one" : "");
		if (i == a->nimages)
			return R_STATUS;
	}
	return app_goto(a, i, 1);
}

/* Parse a whole number for an attribute: empty clears it. */
static int
attr_number(struct app *a, const char *key, const char *v, int *has,
    int64_t *out)
{
	int64_t	 n = 0;

	if (*v != '\0' && (num_parse_int64(v, &n) != 0 || n < 0)) {
		app_message(a, 1, "%s: \"%s\" is not a whole number", key, v);
		return -1;
	}
	*has = *v != '\0';
	*out = n;
	return 0;
}

static void
attr_text(char **field, const char *v)
{
	free(*field);
	*field = *v ? xstrdup(v) : NULL;
}

/* Change one attribute of the selected mark (a command, or class:). */
int
mark_set_attr(struct app *a, enum mark_attr which, const char *v)
{
	static const char *const names[] = { "class", "name", "note", "state",
	    "count", "track", "angle" };
	struct store_mark	 m;
	double			 d;
	int			 r = 0;

	if (a->sel < 0 || (size_t)a->sel >= a->nmarks) {
		app_message(a, 1, "select a mark first (Tab, or s)");
		return R_STATUS;
	}
	store_mark_copy(&m, &a->marks[a->sel]);
	switch (which) {
	case ATTR_CLASS:
		free(m.class_name);
		m.class_name = xstrdup(v);
		m.class_id = 0;
		break;
	case ATTR_NAME:
		attr_text(&m.name, v);
		break;
	case ATTR_NOTE:
		attr_text(&m.note, v);
		break;
	case ATTR_STATE:
		attr_text(&m.state, v);
		break;
	case ATTR_COUNT:
		r = attr_number(a, names[which], v, &m.has_count, &m.count);
		break;
	case ATTR_TRACK:
		r = attr_number(a, names[which], v, &m.has_track, &m.track);
		break;
	case ATTR_ANGLE:
		if (num_parse_double(v, &d) != 0 || m.kind == MARK_POINT) {
			app_message(a, 1, "angle: a number of degrees, for a "
			    "box");
			r = -1;
			break;
		}
		m.kind = MARK_RBOX;
		m.angle = d;
		break;
	}
	if (r == 0)
		r = mark_write(a, &m, m.version);
	else
		r = R_CURSOR;
	store_mark_clear(&m);
	return r;
}

static int
cmd_goto(struct app *a, const char *arg, int unused)
{
	(void)unused;
	return command_goto(a, arg);
}

static int
cmd_attr(struct app *a, const char *arg, int which)
{
	return mark_set_attr(a, (enum mark_attr)which, arg);
}

/* quay N|NAME: frame it, as ' would when stepping onto it. */
static int
cmd_quay(struct app *a, const char *arg, int unused)
{
	char	 num[24];
	size_t	 i;

	(void)unused;
	for (i = 0; i < a->nquays; i++) {
		snprintf(num, sizeof num, "%zu", i + 1);
		if (strcmp(a->quays[i].name, arg) == 0 ||
		    strcmp(num, arg) == 0) {
			a->quay_focus = (long)i - 1;
			if (a->quay_focus < 0)
				a->quay_focus = (long)a->nquays - 1;
			return actions[action_find("next-quay")].fn(a, 1);
		}
	}
	app_message(a, 1, "no quay \"%s\" (1 to %zu, or a name)", arg,
	    a->nquays);
	return R_STATUS;
}

static int
cmd_class_add(struct app *a, const char *arg, int unused)
{
	char	 name[64], colour[16], err[512];
	int64_t	 id;

	(void)unused;
	colour[0] = '\0';
	if (sscanf(arg, "%63s %15s", name, colour) < 1) {
		app_message(a, 1, "class add NAME [#rrggbb]");
		return R_STATUS;
	}
	if (store_class_add(a->st, name, colour[0] ? colour : NULL, &id, err,
	    sizeof err) != 0)
		return app_store_error(a, err);
	store_classes_free(a->classes, a->nclasses);
	store_class_list(a->st, &a->classes, &a->nclasses, NULL, 0);
	app_saved(a);
	app_message(a, 0, "class %s added: key %zu", name, a->nclasses);
	return R_PANEL | R_CURSOR;
}

static int
cmd_verdict(struct app *a, const char *arg, int unused)
{
	int	 q;

	(void)unused;
	if ((q = quality_parse(arg)) < 0) {
		app_message(a, 1, "verdict: clear, partly_cloudy, cloudy, "
		    "no_data or unreviewed");
		return R_STATUS;
	}
	return act_verdict(a, q);
}

static int
cmd_reject(struct app *a, const char *arg, int unused)
{
	(void)unused;
	return review_reject(a, arg);
}

static int
cmd_comment(struct app *a, const char *arg, int unused)
{
	(void)unused;
	return review_comment(a, arg);
}

static int
cmd_resolve(struct app *a, const char *arg, int unused)
{
	int64_t	 n;

	(void)unused;
	if (num_parse_int64(arg, &n) != 0) {
		app_message(a, 1, "resolve COMMENT_ID");
		return R_STATUS;
	}
	return review_resolve(a, n);
}

static int
cmd_image(struct app *a, const char *arg, int how)
{
	(void)arg;
	return review_image(a, how == IMAGE_ACCEPT);
}

static int
cmd_write(struct app *a, const char *arg, int unused)
{
	(void)arg;
	(void)unused;
	app_message(a, 0, "everything is saved as you go");
	return R_STATUS;
}

static int
cmd_quit(struct app *a, const char *arg, int unused)
{
	(void)a;
	(void)arg;
	(void)unused;
	return R_QUIT;
}

#define MARK_EDIT	(NEED_MARK | NEED_WRITE)

/*
 * The commands, in the order completion lists them. A command either runs
 * an action (and has its needs too) when typed bare, or a handler with
 * the rest of the line; reject and comment do both: bare, they open the
 * action's prompt.
 */
const struct command commands[] = {
	{ .name = "accept-image", .help = "accept this image: its marks and "
	    "verdict are locked (supervisors)",
	    .need = NEED_IMAGE | NEED_WRITE | NEED_SUPERVISOR,
	    .fn = cmd_image, .arg = IMAGE_ACCEPT },
	{ .name = "angle", .args = "DEGREES",
	    .help = "turn the selected box to this angle",
	    .need = MARK_EDIT, .fn = cmd_attr, .arg = ATTR_ANGLE },
	{ .name = "approve", .help = "approve the selected mark (supervisors)",
	    .action = "approve" },
	{ .name = "class", .args = "NAME",
	    .help = "change the selected mark's class",
	    .need = MARK_EDIT, .fn = cmd_attr, .arg = ATTR_CLASS },
	{ .name = "class add", .args = "NAME [#rrggbb]",
	    .help = "add a class; it takes the next mark key",
	    .need = NEED_WRITE, .fn = cmd_class_add },
	{ .name = "comment", .args = "[TEXT]",
	    .help = "comment on the selected mark, or on the image",
	    .action = "comment", .fn = cmd_comment },
	{ .name = "count", .args = "[N]",
	    .help = "the selected mark's count (empty clears it)",
	    .need = MARK_EDIT, .fn = cmd_attr, .arg = ATTR_COUNT },
	{ .name = "delete", .help = "delete the selected mark",
	    .action = "delete" },
	{ .name = "goto", .alias = "g", .args = "DATE",
	    .help = "the first image on a date: YYYY, YYYY-MM or YYYY-MM-DD",
	    .fn = cmd_goto },
	{ .name = "help", .help = "the help screen: keys and commands",
	    .action = "help" },
	{ .name = "history", .help = "who changed what on this image",
	    .action = "history" },
	{ .name = "name", .args = "[TEXT]", .help = "the selected mark's name",
	    .need = MARK_EDIT, .fn = cmd_attr, .arg = ATTR_NAME },
	{ .name = "note", .args = "[TEXT]", .help = "the selected mark's note",
	    .need = MARK_EDIT, .fn = cmd_attr, .arg = ATTR_NOTE },
	{ .name = "quay", .args = "N|NAME",
	    .help = "frame a quay, by number or name", .need = NEED_IMAGE,
	    .fn = cmd_quay },
	{ .name = "quit", .alias = "q wq x",
	    .help = "quit; everything is already saved", .fn = cmd_quit },
	{ .name = "reject", .args = "[REASON]",
	    .help = "reject the selected mark (supervisors); bare, asks why",
	    .action = "reject", .fn = cmd_reject },
	{ .name = "reopen-image", .help = "reopen an accepted image to "
	    "analysts' edits (supervisors)",
	    .need = NEED_IMAGE | NEED_WRITE | NEED_SUPERVISOR,
	    .fn = cmd_image, .arg = IMAGE_REOPEN },
	{ .name = "report", .help = "calls, coverage and verdicts per month",
	    .action = "report" },
	{ .name = "resolve", .args = "ID", .help = "resolve a comment",
	    .need = NEED_WRITE, .fn = cmd_resolve },
	{ .name = "reviewed", .help = "mark this image reviewed (or not)",
	    .action = "toggle-reviewed" },
	{ .name = "state", .args = "[TEXT]", .help = "the selected mark's "
	    "state (e.g. loading)", .need = MARK_EDIT, .fn = cmd_attr,
	    .arg = ATTR_STATE },
	{ .name = "track", .args = "[N]", .help = "the selected mark's track "
	    "id (empty clears it)", .need = MARK_EDIT, .fn = cmd_attr,
	    .arg = ATTR_TRACK },
	{ .name = "verdict", .args = "V", .help = "this image's verdict: "
	    "clear, partly_cloudy, cloudy, no_data or unreviewed",
	    .need = NEED_IMAGE | NEED_WRITE, .fn = cmd_verdict },
	{ .name = "write", .alias = "w",
	    .help = "nothing to do: everything is saved as you go",
	    .fn = cmd_write },
};
const size_t ncommands = QM_NELEM(commands);

/* Is word one of the words of list (space-separated)? */
static int
word_in(const char *list, const char *word, size_t n)
{
	const char	*p = list;
	size_t		 len;

	while (p != NULL && *p != '\0') {
		len = strcspn(p, " ");
		if (len == n && strncmp(p, word, n) == 0)
			return 1;
		p += len;
		p += strspn(p, " ");
	}
	return 0;
}

/*
 * The command a line names: the longest name the line begins with as
 * whole words ("class add" before "class"), or an alias of its first
 * word. *rest is set to the argument text after it.
 */
const struct command *
command_find(const char *line, const char **rest)
{
	const struct command	*best = NULL;
	size_t			 i, len, blen = 0;
	size_t			 w = strcspn(line, " \t");

	for (i = 0; i < ncommands; i++) {
		len = strlen(commands[i].name);
		if (strncmp(line, commands[i].name, len) == 0 &&
		    (line[len] == '\0' || isspace((unsigned char)line[len])) &&
		    len > blen) {
			best = &commands[i];
			blen = len;
		} else if (best == NULL && commands[i].alias != NULL &&
		    word_in(commands[i].alias, line, w)) {
			best = &commands[i];
			blen = w;
		}
	}
	if (best != NULL && rest != NULL) {
		line += blen;
		while (isspace((unsigned char)*line))
			line++;
		*rest = line;
	}
	return best;
}

/* All the needs of a command: its own and its action's. */
int
command_needs(const struct command *c)
{
	int	 i;

	if (c->action == NULL || (i = action_find(c->action)) < 0)
		return c->need;
	return c->need | actions[i].need;
}

/*
 * Run one command line. Unknown commands, unmet needs and bad arguments
 * are reported on the message line; nothing partial is written.
 */
int
run_command(struct app *a, const char *line)
{
	const struct command	*c;
	const char		*rest;
	char			 arg[512];
	int			 i;

	while (isspace((unsigned char)*line))
		line++;
	if (*line == '\0')
		return R_CURSOR;
	if ((c = command_find(line, &rest)) == NULL) {
		app_message(a, 1, "unknown command \"%.*s\" (Tab completes)",
		    (int)strcspn(line, " \t"), line);
		return R_STATUS;
	}
	snprintf(arg, sizeof arg, "%s", rest);
	if (check_needs(a, command_needs(c)) != 0)
		return R_STATUS;
	if (c->action != NULL && (c->fn == NULL || arg[0] == '\0')) {
		i = action_find(c->action);
		return actions[i].fn(a, actions[i].arg);
	}
	return c->fn(a, arg, c->arg);
}
