/*
 * help.c: the help screen, made from the action table and the bindings in
 * force (so it shows the user's own keys), and the man page's KEYS section
 * made from the same table with the default bindings, followed by the
 * ":" commands from theirs.
 */
#include <stdio.h>
#include <string.h>

#include "tui.h"

static const int help_modes[] = { MODE_NORMAL, MODE_BOX, MODE_ADJUST,
    MODE_HINT, MODE_HELP, MODE_HISTORY };
static const char *const help_titles[] = { "Browsing and marking",
    "Drawing a box (after a class key)", "Adjusting a mark (m)",
    "Hint mode (f): the letters of a label take its candidate",
    "Help, report and history screens", "History screen (I)" };

void
help_draw(struct app *a)
{
	struct grid	*g = &a->screen;
	int32_t		 fg = CELL_DEFAULT;	/* any theme: see chrome_tab */
	int32_t		 key = CELL_DEFAULT;
	struct buf	 b;
	char		 keys[128], line[512];
	int		 row = 0, line_no = 0;
	size_t		 m, i;

	screen_blank(a);
	buf_init(&b);
#define LINE(text, colour, attr) do { \
	if (line_no++ >= a->help_top && row < a->rows - 1) { \
		buf_reset(&b); \
		text_fit(&b, text, a->cols - 1); \
		grid_text(g, 0, row++, b.data ? b.data : "", colour, \
		    CELL_DEFAULT, attr, a->cols - 1); \
	} \
} while (0)
	LINE("quaymark: keys in force (q closes; j/k scroll). Keys are "
	    "remapped in $XDG_CONFIG_HOME/quaymark/keys.", fg, CELL_BOLD);
	for (m = 0; m < QM_NELEM(help_modes); m++) {
		LINE("", fg, 0);
		LINE(help_titles[m], key, CELL_BOLD);
		for (i = 0; i < nactions; i++) {
			if (!(actions[i].modes & (1u << help_modes[m])))
				continue;
			if (keymap_keys_for(&a->keys, help_modes[m], (int)i,
			    keys, sizeof keys) == 0)
				continue;
			snprintf(line, sizeof line, "  %-18s %-22s %s", keys,
			    actions[i].name, actions[i].help);
			LINE(line, fg, 0);
		}
	}
	LINE("", fg, 0);
	LINE("The command line (:); Tab completes, Up and Down recall", key,
	    CELL_BOLD);
	for (i = 0; i < ncommands; i++) {
		snprintf(keys, sizeof keys, "%s%s%s", commands[i].name,
		    commands[i].args ? " " : "", commands[i].args ?
		    commands[i].args : "");
		snprintf(line, sizeof line, "  :%-28s %s%s%s%s", keys,
		    commands[i].help, commands[i].alias ? " (also: " : "",
		    commands[i].alias ? commands[i].alias : "",
		    commands[i].alias ? ")" : "");
		LINE(line, fg, 0);
	}
	LINE("", fg, 0);
	LINE("Mouse: a click moves the cursor; a drag draws a box of the "
	    "last class used.", fg, 0);
#undef LINE
	buf_free(&b);
}

static void
mdoc_escape(FILE *fp, const char *s)
{
	for (; *s != '\0'; s++) {
		if (*s == '\\')
			fputs("\\e", fp);
		else if (*s == '"')
			fputs("\"\"", fp);	/* a quote inside quotes */
		else
			fputc(*s, fp);
	}
}

/* A command's arguments in mdoc: "NAME [#rrggbb]" is Ar NAME Op Ar ... */
static void
args_mdoc(FILE *fp, const char *args)
{
	size_t	 n;
	int	 opt;

	while (*args != '\0') {
		n = strcspn(args, " ");
		opt = args[0] == '[' && n > 2 && args[n - 1] == ']';
		fputs(opt ? " Op Ar " : " Ar ", fp);
		fprintf(fp, "%.*s", (int)(opt ? n - 2 : n), args + opt);
		args += n;
		args += strspn(args, " ");
	}
}

/* The list of ":" commands, from their table. */
static void
commands_mdoc(FILE *fp)
{
	size_t	 i;

	fputs(".Ss The command line (:)\n.Bl -tag -width Ds -compact\n", fp);
	for (i = 0; i < ncommands; i++) {
		fprintf(fp, ".It Cm %s", commands[i].name);
		if (commands[i].args != NULL)
			args_mdoc(fp, commands[i].args);
		fputc('\n', fp);
		mdoc_escape(fp, commands[i].help);
		if (commands[i].alias != NULL)
			fprintf(fp, " (also: %s)", commands[i].alias);
		fputs(".\n", fp);
	}
	fputs(".El\n", fp);
}

/* The KEYS section's list, from the default bindings. */
void
keys_mdoc(FILE *fp)
{
	struct keymap	 km;
	char		 keys[128];
	size_t		 m, i;

	keymap_default(&km);
	for (m = 0; m < QM_NELEM(help_modes); m++) {
		fprintf(fp, ".Ss %s\n.Bl -tag -width Ds -compact\n",
		    help_titles[m]);
		for (i = 0; i < nactions; i++) {
			if (!(actions[i].modes & (1u << help_modes[m])))
				continue;
			if (keymap_keys_for(&km, help_modes[m], (int)i, keys,
			    sizeof keys) == 0)
				continue;
			fputs(".It Li \"", fp);
			mdoc_escape(fp, keys);
			fputs("\"\n", fp);
			fprintf(fp, ".Cm %s :\n", actions[i].name);
			mdoc_escape(fp, actions[i].help);
			fputs(".\n", fp);
		}
		fputs(".El\n", fp);
	}
	keymap_free(&km);
	commands_mdoc(fp);
}
