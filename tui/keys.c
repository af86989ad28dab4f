/*
 * keys.c: key names, the default bindings, and the user's own from
 * $XDG_CONFIG_HOME/quaymark/keys. One table, per mode, feeds the lookup,
 * the help screen and the man page's KEYS section; a key bound twice in
 * one mode is an error (and a test).
 */
#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tui.h"

static const struct {
	const char	*name;
	int		 code;
} special[] = {
	{ "Enter", '\n' },
	{ "Esc", 27 },
	{ "Tab", '\t' },
	{ "Space", ' ' },
	{ "lt", '<' },
	{ "S-Tab", KEY_SPECIAL | KEY_BTAB },
	{ "BS", KEY_SPECIAL | KEY_BACKSPACE },
	{ "Del", KEY_SPECIAL | KEY_DC },
	{ "Up", KEY_SPECIAL | KEY_UP },
	{ "Down", KEY_SPECIAL | KEY_DOWN },
	{ "Left", KEY_SPECIAL | KEY_LEFT },
	{ "Right", KEY_SPECIAL | KEY_RIGHT },
	{ "S-Up", KEY_SPECIAL | KEY_SR },
	{ "S-Down", KEY_SPECIAL | KEY_SF },
	{ "S-Left", KEY_SPECIAL | KEY_SLEFT },
	{ "S-Right", KEY_SPECIAL | KEY_SRIGHT },
	{ "PageUp", KEY_SPECIAL | KEY_PPAGE },
	{ "PageDown", KEY_SPECIAL | KEY_NPAGE },
	{ "Home", KEY_SPECIAL | KEY_HOME },
	{ "End", KEY_SPECIAL | KEY_END },
	{ "Resize", KEY_SPECIAL | KEY_RESIZE },
	{ "Mouse", KEY_SPECIAL | KEY_MOUSE },
};

static const char *const mode_names[MODE_COUNT] = {
	"normal", "box", "adjust", "prompt", "form", "help", "report",
	"history", "hint"
};

const char *
mode_name(int m)
{
	return m >= 0 && m < MODE_COUNT ? mode_names[m] : "?";
}

static int
mode_parse(const char *s)
{
	int	 i;

	for (i = 0; i < MODE_COUNT; i++)
		if (strcmp(s, mode_names[i]) == 0)
			return i;
	return -1;
}

/* "a", "<Enter>", "<C-r>", "<F3>", or one UTF-8 character. */
int
key_parse(const char *s, int *key)
{
	const unsigned char	*p = (const unsigned char *)s;
	size_t			 i, n = strlen(s);
	uint32_t		 cp;
	int			 f;

	if (n == 0)
		return -1;
	if (s[0] == '<' && n > 2 && s[n - 1] == '>') {
		for (i = 0; i < QM_NELEM(special); i++)
			if (strlen(special[i].name) == n - 2 &&
			    strncmp(special[i].name, s + 1, n - 2) == 0) {
				*key = special[i].code;
				return 0;
			}
		if (n == 5 && s[1] == 'C' && s[2] == '-' && s[3] >= 'a' &&
		    s[3] <= 'z') {
			*key = s[3] - 'a' + 1;
			return 0;
		}
		if (s[1] == 'F' && sscanf(s + 2, "%d>", &f) == 1 && f >= 1 &&
		    f <= 12) {
			*key = KEY_SPECIAL | KEY_F(f);
			return 0;
		}
		return -1;
	}
	if (p[0] < 0x80) {
		if (n != 1 || p[0] < 0x20 || p[0] == 0x7f)
			return -1;
		*key = p[0];
		return 0;
	}
	/* one UTF-8 character, well formed (the decoder checks) */
	if (utf8_decode(p, &cp) != n || cp >= KEY_SPECIAL)
		return -1;
	*key = (int)cp;
	return 0;
}

void
keyname_of(int key, char *out, size_t len)
{
	size_t	 i;

	for (i = 0; i < QM_NELEM(special); i++)
		if (special[i].code == key) {
			snprintf(out, len, "<%s>", special[i].name);
			return;
		}
	if (key >= 1 && key <= 26) {
		snprintf(out, len, "<C-%c>", 'a' + key - 1);
		return;
	}
	if ((key & KEY_SPECIAL) && (key & ~KEY_SPECIAL) >= KEY_F(1) &&
	    (key & ~KEY_SPECIAL) <= KEY_F(12)) {
		snprintf(out, len, "<F%d>", (key & ~KEY_SPECIAL) - KEY_F0);
		return;
	}
	if (key & KEY_SPECIAL) {
		snprintf(out, len, "<key%o>", key & ~KEY_SPECIAL);
		return;
	}
	if (key < 0x80)
		snprintf(out, len, "%c", key);
	else if (key < 0x800)
		snprintf(out, len, "%c%c", 0xc0 | (key >> 6),
		    0x80 | (key & 0x3f));
	else if (key < 0x10000)
		snprintf(out, len, "%c%c%c", 0xe0 | (key >> 12),
		    0x80 | ((key >> 6) & 0x3f), 0x80 | (key & 0x3f));
	else
		snprintf(out, len, "%c%c%c%c", 0xf0 | (key >> 18),
		    0x80 | ((key >> 12) & 0x3f), 0x80 | ((key >> 6) & 0x3f),
		    0x80 | (key & 0x3f));
}

int
action_find(const char *name)
{
	size_t	 i;

	for (i = 0; i < nactions; i++)
		if (strcmp(actions[i].name, name) == 0)
			return (int)i;
	return -1;
}

/* The default bindings: mode, key, action. */
static const struct {
	int		 mode;
	const char	*key;
	const char	*action;
} defaults[] = {
#define MOVE_KEYS(m) \
	{ m, "h", "cursor-left" }, { m, "<Left>", "cursor-left" }, \
	{ m, "j", "cursor-down" }, { m, "<Down>", "cursor-down" }, \
	{ m, "k", "cursor-up" }, { m, "<Up>", "cursor-up" }, \
	{ m, "l", "cursor-right" }, { m, "<Right>", "cursor-right" }, \
	{ m, "H", "cursor-left-10" }, { m, "J", "cursor-down-10" }, \
	{ m, "K", "cursor-up-10" }, { m, "L", "cursor-right-10" }, \
	{ m, "<C-d>", "pan-down" }, { m, "<C-u>", "pan-up" }, \
	{ m, "<lt>", "pan-left" }, { m, ">", "pan-right" }, \
	{ m, "+", "zoom-in" }, { m, "=", "zoom-in" }, \
	{ m, "-", "zoom-out" }, { m, "z", "zoom-fit" }, \
	{ m, "Z", "zoom-1" }, { m, "<C-l>", "redraw" }
	MOVE_KEYS(MODE_NORMAL),
	MOVE_KEYS(MODE_BOX),
	{ MODE_NORMAL, "]", "next-date" },
	{ MODE_NORMAL, "[", "prev-date" },
	{ MODE_NORMAL, "}", "next-unreviewed" },
	{ MODE_NORMAL, "{", "prev-unreviewed" },
	{ MODE_NORMAL, "g", "first-date" },
	{ MODE_NORMAL, "G", "last-date" },
	{ MODE_NORMAL, "t", "goto-date" },
	{ MODE_NORMAL, "'", "next-quay" },
	{ MODE_NORMAL, "\"", "prev-quay" },
	{ MODE_NORMAL, "b", "blink" },
	{ MODE_NORMAL, "1", "mark-1" },
	{ MODE_NORMAL, "2", "mark-2" },
	{ MODE_NORMAL, "3", "mark-3" },
	{ MODE_NORMAL, "4", "mark-4" },
	{ MODE_NORMAL, "5", "mark-5" },
	{ MODE_NORMAL, "6", "mark-6" },
	{ MODE_NORMAL, "7", "mark-7" },
	{ MODE_NORMAL, "8", "mark-8" },
	{ MODE_NORMAL, "9", "mark-9" },
	{ MODE_NORMAL, ".", "repeat-mark" },
	{ MODE_NORMAL, "<Tab>", "select-next" },
	{ MODE_NORMAL, "<S-Tab>", "select-prev" },
	{ MODE_NORMAL, "s", "select-here" },
	{ MODE_NORMAL, "<Esc>", "deselect" },
	{ MODE_NORMAL, "m", "adjust" },
	{ MODE_NORMAL, "e", "edit" },
	{ MODE_NORMAL, "c", "change-class" },
	{ MODE_NORMAL, "x", "delete" },
	{ MODE_NORMAL, "<Del>", "delete" },
	{ MODE_NORMAL, "a", "accept" },
	{ MODE_NORMAL, "P", "carry-forward" },
	{ MODE_NORMAL, "<F1>", "verdict-clear" },
	{ MODE_NORMAL, "<F2>", "verdict-partly-cloudy" },
	{ MODE_NORMAL, "<F3>", "verdict-cloudy" },
	{ MODE_NORMAL, "<F4>", "verdict-no-data" },
	{ MODE_NORMAL, "<F5>", "verdict-unreviewed" },
	{ MODE_NORMAL, "V", "toggle-reviewed" },
	{ MODE_NORMAL, "u", "undo" },
	{ MODE_NORMAL, "<C-r>", "redo" },
	{ MODE_NORMAL, "(", "gamma-down" },
	{ MODE_NORMAL, ")", "gamma-up" },
	{ MODE_NORMAL, "|", "stretch-toggle" },
	{ MODE_NORMAL, "\\", "stretch-reset" },
	{ MODE_NORMAL, "?", "help" },
	{ MODE_NORMAL, "R", "report" },
	{ MODE_NORMAL, "I", "history" },
	{ MODE_NORMAL, ":", "command" },
	{ MODE_NORMAL, "q", "quit" },
	{ MODE_NORMAL, "<C-z>", "suspend" },
	{ MODE_NORMAL, "A", "approve" },
	{ MODE_NORMAL, "X", "reject" },
	{ MODE_NORMAL, "n", "review-next" },
	{ MODE_NORMAL, "N", "review-prev" },
	{ MODE_NORMAL, "W", "approve-image" },
	{ MODE_NORMAL, "C", "comment" },
	{ MODE_NORMAL, "f", "hint" },
	{ MODE_NORMAL, ";", "next-candidate" },
	{ MODE_NORMAL, ",", "prev-candidate" },
	{ MODE_NORMAL, "o", "next-mark" },
	{ MODE_NORMAL, "O", "prev-mark" },
	{ MODE_NORMAL, "0", "count" },
	{ MODE_NORMAL, "v", "overlay" },

	{ MODE_BOX, "<Enter>", "box-confirm" },
	{ MODE_BOX, "p", "box-point" },
	{ MODE_BOX, "<Esc>", "box-cancel" },
	{ MODE_BOX, "r", "box-turn" },
	{ MODE_BOX, "R", "box-turn-back" },
	{ MODE_BOX, "f", "hint" },
	{ MODE_BOX, "F", "hint-name" },
	{ MODE_BOX, "s", "snap" },
	{ MODE_BOX, "0", "count" },
	{ MODE_HINT, "<Esc>", "hint-cancel" },

	{ MODE_ADJUST, "h", "adjust-left" },
	{ MODE_ADJUST, "<Left>", "adjust-left" },
	{ MODE_ADJUST, "j", "adjust-down" },
	{ MODE_ADJUST, "<Down>", "adjust-down" },
	{ MODE_ADJUST, "k", "adjust-up" },
	{ MODE_ADJUST, "<Up>", "adjust-up" },
	{ MODE_ADJUST, "l", "adjust-right" },
	{ MODE_ADJUST, "<Right>", "adjust-right" },
	{ MODE_ADJUST, "H", "adjust-left-10" },
	{ MODE_ADJUST, "J", "adjust-down-10" },
	{ MODE_ADJUST, "K", "adjust-up-10" },
	{ MODE_ADJUST, "L", "adjust-right-10" },
	{ MODE_ADJUST, "w", "adjust-wider" },
	{ MODE_ADJUST, "W", "adjust-narrower" },
	{ MODE_ADJUST, "t", "adjust-taller" },
	{ MODE_ADJUST, "T", "adjust-shorter" },
	{ MODE_ADJUST, "r", "adjust-turn" },
	{ MODE_ADJUST, "R", "adjust-turn-back" },
	{ MODE_ADJUST, "+", "zoom-in" },
	{ MODE_ADJUST, "-", "zoom-out" },
	{ MODE_ADJUST, "<Enter>", "adjust-save" },
	{ MODE_ADJUST, "<Esc>", "adjust-cancel" },
	{ MODE_ADJUST, "s", "snap" },

	{ MODE_HELP, "j", "scroll-down" },
	{ MODE_HELP, "<Down>", "scroll-down" },
	{ MODE_HELP, "k", "scroll-up" },
	{ MODE_HELP, "<Up>", "scroll-up" },
	{ MODE_HELP, "<Space>", "scroll-page" },
	{ MODE_HELP, "q", "close" },
	{ MODE_HELP, "<Esc>", "close" },
	{ MODE_HELP, "?", "close" },
	{ MODE_REPORT, "j", "scroll-down" },
	{ MODE_REPORT, "k", "scroll-up" },
	{ MODE_REPORT, "q", "close" },
	{ MODE_REPORT, "<Esc>", "close" },
	{ MODE_REPORT, "R", "close" },
	{ MODE_HISTORY, "j", "scroll-down" },
	{ MODE_HISTORY, "k", "scroll-up" },
	{ MODE_HISTORY, "<Space>", "scroll-page" },
	{ MODE_HISTORY, "q", "close" },
	{ MODE_HISTORY, "<Esc>", "close" },
	{ MODE_HISTORY, "I", "close" },
	{ MODE_HISTORY, "w", "history-wrap" },
};

/* Bind key to action in mode, replacing what the key did there. */
int
keymap_bind(struct keymap *km, int mode, int key, int action)
{
	size_t	 i;

	for (i = 0; i < km->n; i++)
		if (km->b[i].mode == mode && km->b[i].key == key) {
			km->b[i].action = action;
			return 0;
		}
	if (km->n == km->cap) {
		km->cap = km->cap ? km->cap * 2 : 128;
		km->b = xreallocarray(km->b, km->cap, sizeof *km->b);
	}
	km->b[km->n].mode = mode;
	km->b[km->n].key = key;
	km->b[km->n].action = action;
	km->n++;
	return 0;
}

/*
 * The built-in bindings. Returns -1 if the table binds a key twice in a
 * mode or names an action that does not exist (a test checks it never
 * does).
 */
int
keymap_default(struct keymap *km)
{
	size_t	 i;
	int	 key, a, rc = 0;

	memset(km, 0, sizeof *km);
	for (i = 0; i < QM_NELEM(defaults); i++) {
		if (key_parse(defaults[i].key, &key) != 0 ||
		    (a = action_find(defaults[i].action)) < 0) {
			rc = -1;
			continue;
		}
		if (keymap_lookup(km, defaults[i].mode, key) >= 0)
			rc = -1;	/* a duplicate */
		km->b = xreallocarray(km->b, km->n + 1, sizeof *km->b);
		km->b[km->n].mode = defaults[i].mode;
		km->b[km->n].key = key;
		km->b[km->n].action = a;
		km->n++;
		km->cap = km->n;
	}
	return rc;
}

int
keymap_lookup(const struct keymap *km, int mode, int key)
{
	size_t	 i;

	for (i = 0; i < km->n; i++)
		if (km->b[i].mode == mode && km->b[i].key == key)
			return km->b[i].action;
	return -1;
}

/* The first key bound twice in one mode, described in err; or 0. */
int
keymap_duplicates(const struct keymap *km, char *err, size_t errlen)
{
	char	 name[32];
	size_t	 i, j;

	for (i = 0; i < km->n; i++)
		for (j = i + 1; j < km->n; j++)
			if (km->b[i].mode == km->b[j].mode &&
			    km->b[i].key == km->b[j].key) {
				keyname_of(km->b[i].key, name, sizeof name);
				return errf(err, errlen, "%s is bound twice in "
				    "%s mode (%s, %s)", name,
				    mode_name(km->b[i].mode),
				    actions[km->b[i].action].name,
				    actions[km->b[j].action].name);
			}
	return 0;
}

/* The keys bound to action in mode, as "h <Left>"; returns how many. */
size_t
keymap_keys_for(const struct keymap *km, int mode, int action, char *out,
    size_t len)
{
	char	 name[32];
	size_t	 i, n = 0, used = 0;

	out[0] = '\0';
	for (i = 0; i < km->n; i++) {
		if (km->b[i].mode != mode || km->b[i].action != action)
			continue;
		keyname_of(km->b[i].key, name, sizeof name);
		if (used + strlen(name) + 2 >= len)
			break;
		used += (size_t)snprintf(out + used, len - used, "%s%s",
		    n ? " " : "", name);
		n++;
	}
	return n;
}

/*
 * Read a key file: lines "bind [-m MODE] KEY ACTION", "unbind [-m MODE]
 * KEY", blank, or "#" comments. A bad line stops the load with
 * "path:line: reason"; lines before it keep their effect.
 */
int
keymap_load(struct keymap *km, const char *path, char *err, size_t errlen)
{
	char	*data, *line, *save = NULL, *tok[6];
	size_t	 len, i, k, nt;
	int	 lineno = 0, mode, key, a;

	if (file_read_all(path, 1 << 20, &data, &len, err, errlen) != 0)
		return -1;
	for (line = data; line != NULL; line = save) {
		save = strchr(line, '\n');
		if (save != NULL)
			*save++ = '\0';
		lineno++;
		nt = 0;
		for (char *p = strtok(line, " \t\r"); p != NULL && nt < 6;
		    p = strtok(NULL, " \t\r"))
			tok[nt++] = p;
		if (nt == 0 || tok[0][0] == '#')
			continue;
		mode = MODE_NORMAL;
		i = 1;
		if (nt > 2 && strcmp(tok[1], "-m") == 0) {
			if ((mode = mode_parse(tok[2])) < 0) {
				errf(err, errlen, "%s:%d: unknown mode \"%s\"",
				    path, lineno, tok[2]);
				goto fail;
			}
			i = 3;
		}
		if (strcmp(tok[0], "bind") == 0 && nt == i + 2) {
			if (key_parse(tok[i], &key) != 0) {
				errf(err, errlen, "%s:%d: unknown key \"%s\"",
				    path, lineno, tok[i]);
				goto fail;
			}
			if ((a = action_find(tok[i + 1])) < 0) {
				errf(err, errlen, "%s:%d: unknown action \"%s\" "
				    "(the help screen lists them)", path,
				    lineno, tok[i + 1]);
				goto fail;
			}
			if (!(actions[a].modes & (1u << mode))) {
				errf(err, errlen, "%s:%d: %s does nothing in %s "
				    "mode", path, lineno, tok[i + 1],
				    mode_name(mode));
				goto fail;
			}
			keymap_bind(km, mode, key, a);
		} else if (strcmp(tok[0], "unbind") == 0 && nt == i + 1) {
			if (key_parse(tok[i], &key) != 0) {
				errf(err, errlen, "%s:%d: unknown key \"%s\"",
				    path, lineno, tok[i]);
				goto fail;
			}
			for (k = 0; k < km->n; k++)
				if (km->b[k].mode == mode && km->b[k].key ==
				    key) {
					km->b[k] = km->b[--km->n];
					break;
				}
		} else {
			errf(err, errlen, "%s:%d: write \"bind [-m MODE] KEY "
			    "ACTION\" or \"unbind [-m MODE] KEY\"", path,
			    lineno);
			goto fail;
		}
	}
	free(data);
	return 0;
fail:
	free(data);
	return -1;
}

void
keymap_free(struct keymap *km)
{
	free(km->b);
	memset(km, 0, sizeof *km);
}
