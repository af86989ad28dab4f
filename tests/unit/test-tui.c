/*
 * test-tui.c: the key table (no key bound twice in a mode, every binding
 * names an action, names round-trip), user key files, the ":" command
 * table (help for each, completion and the parser made from it, needs
 * refused as a key's are), and the man page's KEYS section matching the
 * tables it is made from; drawing composes from memory (a frame drawn
 * with the store handle gone is the same frame); actions say what to
 * reload and select, and the loop loads it once (app_load); the
 * reaction bits choose the parts of the screen drawn.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "../../tui/tui.h"
#include "../../store/store.h"
#include "tmpdir.h"

static void
test_default_table(void **state)
{
	struct keymap	 km;
	char		 err[256];
	size_t		 i;

	(void)state;
	assert_int_equal(keymap_default(&km), 0);
	assert_int_equal(keymap_duplicates(&km, err, sizeof err), 0);
	for (i = 0; i < km.n; i++) {
		assert_true(km.b[i].action >= 0 &&
		    (size_t)km.b[i].action < nactions);
		/* bound only in modes the action works in */
		assert_true(actions[km.b[i].action].modes &
		    (1u << km.b[i].mode));
	}
	/* a duplicate is found */
	keymap_bind(&km, MODE_NORMAL, 'j', action_find("quit"));
	km.b = xreallocarray(km.b, km.n + 1, sizeof *km.b);
	km.b[km.n].mode = MODE_NORMAL;
	km.b[km.n].key = 'q';
	km.b[km.n].action = action_find("help");
	km.n++;
	assert_int_equal(keymap_duplicates(&km, err, sizeof err), -1);
	assert_non_null(strstr(err, "q is bound twice in normal mode"));
	keymap_free(&km);
}

static void
test_key_names(void **state)
{
	static const char *const names[] = { "a", "<Enter>", "<Esc>",
	    "<Tab>", "<S-Tab>", "<C-r>", "<F3>", "<lt>", "<Up>", "<Space>",
	    "é", "<Del>" };
	char	 back[32];
	size_t	 i;
	int	 k;

	(void)state;
	for (i = 0; i < QM_NELEM(names); i++) {
		assert_int_equal(key_parse(names[i], &k), 0);
		keyname_of(k, back, sizeof back);
		assert_string_equal(back, names[i]);
	}
	assert_int_equal(key_parse("<Nope>", &k), -1);
	assert_int_equal(key_parse("ab", &k), -1);
	/* found by fuzz-tui: bytes that are not UTF-8 are not keys */
	assert_int_equal(key_parse("\xc8\x88\x90\x90", &k), -1);
	assert_int_equal(key_parse("\xf8\x88\x80\x80\x80", &k), -1);
	assert_int_equal(key_parse("\xed\xa0\x80", &k), -1);	/* a surrogate */
	assert_int_equal(key_parse("", &k), -1);
}

static void
test_key_file(void **state)
{
	struct keymap	 km;
	char		 path[] = "/tmp/qm-keys-XXXXXX", err[256];
	FILE		*fp;
	int		 fd;

	(void)state;
	fd = mkstemp(path);
	assert_true(fd >= 0);
	fp = fdopen(fd, "w");
	fprintf(fp, "# mine\nbind n next-date\nunbind ]\n"
	    "bind -m box <C-x> box-cancel\n\nbind q frobnicate\n");
	fclose(fp);
	keymap_default(&km);
	assert_int_equal(keymap_load(&km, path, err, sizeof err), -1);
	assert_non_null(strstr(err, ":6: unknown action \"frobnicate\""));
	assert_int_equal(keymap_lookup(&km, MODE_NORMAL, 'n'),
	    action_find("next-date"));
	assert_int_equal(keymap_lookup(&km, MODE_NORMAL, ']'), -1);
	assert_int_equal(keymap_lookup(&km, MODE_BOX, 24),
	    action_find("box-cancel"));
	assert_int_equal(keymap_duplicates(&km, err, sizeof err), 0);
	keymap_free(&km);
	fp = fopen(path, "w");
	fprintf(fp, "bind -m adjust 1 next-date\n");
	fclose(fp);
	keymap_default(&km);
	assert_int_equal(keymap_load(&km, path, err, sizeof err), -1);
	assert_non_null(strstr(err, "next-date does nothing in adjust mode"));
	keymap_free(&km);
	unlink(path);
}

/* The man page's KEYS section is exactly what the table prints. */
static void
test_man_keys(void **state)
{
	char	*man, *gen, *start, *end;
	size_t	 len;
	FILE	*fp;
	char	 err[256];

	(void)state;
	if (file_read_all("man/quaymark.1", 1 << 20, &man, &len, err,
	    sizeof err) != 0) {
		print_message("SKIP %s\n", err);
		skip();
	}
	fp = open_memstream(&gen, &len);
	keys_mdoc(fp);
	fclose(fp);
	start = strstr(man, ".Ss Browsing and marking");
	end = strstr(man, ".Sh COUNTING");
	assert_non_null(start);
	assert_non_null(end);
	*end = '\0';
	if (strcmp(start, gen) != 0)
		fail_msg("man/quaymark.1 KEYS differs from `quaymark help "
		    "--keys` (make man-keys updates it)");
	free(man);
	free(gen);
}

/* Every command has help, a handler, a known action, a name of its own. */
static void
test_command_table(void **state)
{
	const char	*rest;
	size_t		 i, j;

	(void)state;
	assert_true(ncommands > 20);
	for (i = 0; i < ncommands; i++) {
		const struct command *c = &commands[i];

		if (c->help == NULL || strlen(c->help) < 8)
			fail_msg("command %s has no help line", c->name);
		assert_true(c->fn != NULL || c->action != NULL);
		if (c->action != NULL && action_find(c->action) < 0)
			fail_msg("command %s runs unknown action %s", c->name,
			    c->action);
		for (j = 0; j < i; j++)
			if (strcmp(commands[j].name, c->name) >= 0)
				fail_msg("commands out of order or twice: %s",
				    c->name);
		assert_ptr_equal(command_find(c->name, &rest), c);
		assert_string_equal(rest, "");
	}
	/* the longest name wins; the rest is the argument */
	assert_string_equal(command_find("class add barge #ff0000",
	    &rest)->name, "class add");
	assert_string_equal(rest, "barge #ff0000");
	assert_string_equal(command_find("class  ship", &rest)->name,
	    "class");
	assert_string_equal(rest, "ship");
	assert_string_equal(command_find("classy", &rest) == NULL ? "" :
	    "found", "");
	assert_string_equal(command_find("q", &rest)->name, "quit");
	assert_string_equal(command_find("wq", &rest)->name, "quit");
	assert_string_equal(command_find("w", &rest)->name, "write");
	assert_string_equal(command_find("g 2025-01", &rest)->name, "goto");
	assert_string_equal(rest, "2025-01");
	assert_null(command_find("frob", &rest));
	/* a command running an action has that action's needs too */
	assert_int_equal(command_needs(command_find("approve", &rest)),
	    actions[action_find("approve")].need);
	assert_true(command_needs(command_find("reject x", &rest)) &
	    NEED_SUPERVISOR);
	assert_true(command_needs(command_find("name x", &rest)) & NEED_WRITE);
	assert_true(command_needs(command_find("accept-image", &rest)) &
	    NEED_SUPERVISOR);
}

/* Tab on an empty command line lists exactly the table's names. */
static void
test_command_completion(void **state)
{
	struct app	*a = calloc(1, sizeof *a);
	char		 want[512] = "";
	size_t		 i;

	(void)state;
	assert_non_null(a);
	for (i = 0; i < ncommands; i++) {
		if (i > 0)
			strcat(want, "  ");
		strcat(want, commands[i].name);
	}
	prompt_start(a, PROMPT_COMMAND, ":", NULL);
	prompt_key(a, '\t');
	assert_string_equal(a->msg, want);
	/* one candidate: completed, with a space for the argument */
	prompt_key(a, 'v');
	prompt_key(a, '\t');
	assert_string_equal(a->prompt.text.data, "verdict ");
	buf_free(&a->prompt.text);
	free(a);
}

/*
 * A command whose needs fail is refused with the message its key gives:
 * with no image and no mark, :comment (once read past the end of the
 * image list) and :name say what the comment and edit keys say.
 */
static void
test_command_needs(void **state)
{
	struct app	*a = calloc(1, sizeof *a);
	char		 key[256];

	(void)state;
	assert_non_null(a);
	a->sel = -1;
	tui_dispatch_action(a, "comment", 0);
	snprintf(key, sizeof key, "%s", a->msg);
	assert_string_equal(key, "no image");
	a->msg[0] = '\0';
	run_command(a, "comment hello");
	assert_string_equal(a->msg, key);
	a->nimages = 1;		/* past NEED_IMAGE: the mark is next */
	tui_dispatch_action(a, "edit", 0);
	snprintf(key, sizeof key, "%s", a->msg);
	assert_non_null(strstr(key, "select a mark first"));
	a->msg[0] = '\0';
	run_command(a, "name Angara");
	assert_string_equal(a->msg, key);
	a->msg[0] = '\0';
	run_command(a, "delete");
	assert_string_equal(a->msg, key);
	run_command(a, "frob 1");
	assert_string_equal(a->msg, "unknown command \"frob\" (Tab "
	    "completes)");
	free(a);
}

/* The screen's text, one line per row (code points below 128 only). */
static char *
screen_text(const struct app *a)
{
	const struct grid	*g = &a->screen;
	char			*s = malloc((size_t)(g->cols + 1) * g->rows + 1);
	size_t			 n = 0;
	int			 x, y;
	uint32_t		 ch;

	for (y = 0; y < g->rows; y++) {
		for (x = 0; x < g->cols; x++) {
			ch = g->cells[(size_t)y * g->cols + x].ch;
			s[n++] = ch >= 32 && ch < 127 ? (char)ch : ' ';
		}
		s[n++] = '\n';
	}
	s[n] = '\0';
	return s;
}

/*
 * A new directory (into dir, dirlen bytes; also the saved position's
 * XDG_CONFIG_HOME) holding a store with site "S" of n dated images, ids
 * into ids (files absent: nothing is drawn).
 */
static struct store *
site_images(char *dir, size_t dirlen, int n, int64_t *ids)
{
	struct store		*st;
	struct store_image	 im;
	enum catalog_result	 res;
	char			 path[TMPDIR_LEN], err[512], detail[128];
	char			 hash[16];
	int64_t			 site;
	int			 i;

	assert_int_equal(tmpdir_make(dir, dirlen, "tui"), 0);
	setenv("XDG_CONFIG_HOME", dir, 1);
	if ((st = tmpdir_store(dir, "t.db", err, sizeof err)) == NULL ||
	    store_site_ensure(st, "S", &site, err, sizeof err) != 0)
		fail_msg("%s", err);
	for (i = 0; i < n; i++) {
		memset(&im, 0, sizeof im);
		tmpdir_path(path, sizeof path, dir, "absent%d.tif", i);
		snprintf(hash, sizeof hash, "h%d", i);
		im.site_id = site;
		im.path = path;
		im.name = path + strlen(dir) + 1;
		im.acquired = 1750000000 + i * 86400;
		im.date_source = (char *)(uintptr_t)"option";
		im.width = 1000;
		im.height = 400;
		im.bands = 1;
		im.data_type = (char *)(uintptr_t)"Byte";
		im.hash = hash;
		if (store_image_catalog(st, &im, &ids[i], &res, detail,
		    sizeof detail, err, sizeof err) != 0)
			fail_msg("%s", err);
	}
	return st;
}

/* The review screen on site "S" of st, 120 x 36 in mono, no image yet. */
static struct app *
open_app(struct store *st)
{
	struct app	*a = calloc(1, sizeof *a);
	struct tui_opts	 o;
	char		 err[512];

	assert_non_null(a);
	memset(&o, 0, sizeof o);
	o.site = "S";
	if (app_open(a, st, &o, err, sizeof err) != 0)
		fail_msg("%s", err);
	a->cols = 120;
	a->rows = 36;
	a->colour_mode = COLOUR_MONO;
	return a;
}

/* What open_app and site_images made, gone. */
static void
close_app(struct app *a, struct store *st, const char *dir)
{
	app_close(a);
	free(a);
	store_close(st);
	assert_int_equal(tmpdir_remove(dir), 0);
}

/*
 * Issue 14 point 1: draw_screen reads no store. The loop loads the frame
 * (app_load_frame); drawing again with the store handle set to NULL must
 * give the same screen, open comment included (the panel used to query
 * store_comment_list on every repaint).
 */
static void
test_draw_without_store(void **state)
{
	struct app	*a;
	struct store	*st;
	char		 dir[TMPDIR_LEN], err[512];
	char		*before, *after;
	int64_t		 id, cid;

	(void)state;
	st = site_images(dir, sizeof dir, 1, &id);
	if (store_comment_add(st, 0, id, "check the east berth", &cid, err,
	    sizeof err) != 0)
		fail_msg("%s", err);
	a = open_app(st);
	app_goto(a, 0, 0);
	app_load(a);
	app_load_frame(a, R_ALL);
	draw_screen(a, R_ALL);
	before = screen_text(a);
	assert_non_null(strstr(before, "1 open comment(s)"));
	assert_non_null(strstr(before, "check the east berth"));
	/* a store query while drawing crashes; every part is drawn (with
	 * R_CURSOR alone the panel, where the comments are, was not) */
	a->st = NULL;
	draw_screen(a, R_ALL);
	a->st = st;
	after = screen_text(a);
	assert_string_equal(before, after);
	free(before);
	free(after);
	close_app(a, st, dir);
}

static int64_t
add_mark(struct store *st, int64_t image, int64_t cls, double cx)
{
	struct store_mark	 m;
	char			 err[512];
	int64_t			 id;

	store_mark_init(&m);
	m.image_id = image;
	m.class_id = cls;
	m.cx = cx;
	m.cy = 100;
	if (store_mark_add(st, &m, err, sizeof err) != 0)
		fail_msg("%s", err);
	id = m.id;
	store_mark_clear(&m);
	return id;
}

static int
key(const char *name)
{
	int	 k;

	assert_int_equal(key_parse(name, &k), 0);
	return k;
}

static int64_t
sel_id(const struct app *a)
{
	return a->sel >= 0 && (size_t)a->sel < a->nmarks ?
	    a->marks[a->sel].id : 0;
}

/*
 * Issue 14 point 1: actions no longer read marks back inline; they say
 * what to reload and what to select (a->want), and the loop loads once,
 * before the next key and before drawing. Driven without a screen: carry
 * forward selects the first proposal; accept then delete in one burst
 * (the second key sees the first one's marks); undo; another analyst's
 * mark (the selection stays); a new mark selected with its class named,
 * shown from its committed row without a reload (issue 17).
 */
static void
test_reload_intents(void **state)
{
	struct app		*a;
	struct store		*st, *other;
	struct store_mark	 m;
	struct store_class	*classes;
	char			 dir[TMPDIR_LEN], path[TMPDIR_LEN];
	char			 err[512], cmd[128];
	size_t			 ncls;
	int64_t			 img[2], cls, src1, src2, p1, p2, theirs, mine;
	int			 r;

	(void)state;
	st = site_images(dir, sizeof dir, 2, img);
	if (store_class_list(st, &classes, &ncls, err, sizeof err) != 0 ||
	    ncls == 0)
		fail_msg("no class: %s", err);
	cls = classes[0].id;		/* the key 1 */
	src1 = add_mark(st, img[0], cls, 100);
	src2 = add_mark(st, img[0], cls, 300);
	a = open_app(st);
	app_goto(a, 1, 0);
	assert_int_equal(a->want.marks, 1);
	assert_int_equal(a->want.keep, 0);
	app_load(a);
	assert_int_equal(a->want.marks, 0);
	assert_int_equal(a->nmarks, 0);

	/* P: two proposals; the first selected, the cursor on it */
	r = tui_dispatch(a, 'P');
	assert_true(r & R_MARKS);
	assert_int_equal(a->want.marks, 1);
	assert_int_equal(a->want.then, THEN_PROPOSAL);
	assert_int_equal(a->nmarks, 0);		/* not yet read */
	app_load(a);
	assert_int_equal(a->nmarks, 2);
	assert_true(a->marks[0].proposal && a->marks[1].proposal);
	p1 = a->marks[0].id;
	p2 = a->marks[1].id;
	assert_true(p1 != src1 && p2 != src2);
	assert_int_equal(sel_id(a), p1);
	assert_true(a->cx == a->marks[0].cx);

	/* a then x in one burst: x deletes the proposal a moved on to */
	tui_dispatch(a, 'a');
	assert_int_equal(a->want.then, THEN_PROPOSAL_IF_ACCEPTED);
	assert_int_equal(a->want.keep, p1);
	tui_dispatch(a, 'x');
	assert_int_equal(a->want.marks, 1);
	assert_int_equal(a->want.keep, p2);
	assert_int_equal(a->want.then, THEN_PROPOSAL);
	app_load(a);
	assert_int_equal(a->nmarks, 1);
	assert_int_equal(a->marks[0].id, p1);
	assert_false(a->marks[0].proposal);
	assert_int_equal(a->sel, -1);		/* no proposal left */
	if (store_mark_get(st, p2, &m, err, sizeof err) != 0)
		fail_msg("%s", err);
	assert_true(m.deleted);
	store_mark_clear(&m);

	/* u brings it back; Tab selects, then another analyst adds one */
	tui_dispatch(a, 'u');
	assert_non_null(strstr(a->msg, "undid deleting mark"));
	app_load(a);
	assert_int_equal(a->nmarks, 2);
	tui_dispatch(a, key("<Tab>"));
	assert_int_equal(sel_id(a), p1);
	tmpdir_path(path, sizeof path, dir, "t.db");
	if ((other = store_open(path, 0, err, sizeof err)) == NULL)
		fail_msg("%s", err);
	theirs = add_mark(other, img[1], cls, 700);
	store_close(other);
	assert_true(app_poll_changes(a) & R_MARKS);
	assert_int_equal(a->want.keep, p1);
	app_load(a);
	assert_int_equal(a->nmarks, 3);
	assert_int_equal(sel_id(a), p1);
	assert_int_equal(a->marks[2].id, theirs);

	/* 1 Enter: a point of the first class, named in the message and
	 * selected: shown from the row its commit returned, in id order,
	 * the image's marks not read again (issue 17) */
	tui_dispatch(a, '1');
	tui_dispatch(a, key("<Enter>"));
	mine = sel_id(a);
	assert_true(mine > theirs);
	assert_int_equal(a->want.marks, 0);
	assert_int_equal(a->nmarks, 4);
	assert_int_equal(a->marks[3].id, mine);
	assert_int_equal(a->images[a->cur].marks, 4);
	snprintf(cmd, sizeof cmd, "%s %lld saved", classes[0].name,
	    (long long)mine);
	assert_non_null(strstr(a->msg, cmd));
	app_load(a);
	assert_int_equal(a->nmarks, 4);
	assert_int_equal(sel_id(a), mine);
	if (store_mark_get(st, mine, &m, err, sizeof err) != 0)
		fail_msg("%s", err);
	assert_int_equal(a->marks[3].version, m.version);
	assert_string_equal(a->marks[3].created, m.created);
	store_mark_clear(&m);

	store_classes_free(classes, ncls);
	close_app(a, st, dir);
}

/*
 * Issue 14 point 1: the reaction bits choose the parts draw_screen draws
 * (a message alone: the status and message lines; a selection: the
 * panel; a cursor move: the pane and the status line), counted per part;
 * a new mode draws everything; and a partial frame is the frame a whole
 * repaint composes.
 */
static void
test_partial_redraw(void **state)
{
	static const struct {
		int		 reactions;
		unsigned	 parts;
	} tab[] = {
		{ R_NONE, PART_BIT(PART_BOTTOM) },
		{ R_STATUS, PART_BIT(PART_STATUS) | PART_BIT(PART_BOTTOM) },
		{ R_PANEL, PART_BIT(PART_PANEL) | PART_BIT(PART_BOTTOM) },
		{ R_TIMELINE, PART_BIT(PART_TIMELINE) | PART_BIT(PART_BOTTOM) },
		{ R_CURSOR, PART_BIT(PART_PANE) | PART_BIT(PART_STATUS) |
		    PART_BIT(PART_BOTTOM) },
		{ R_CURSOR | R_PANEL, PARTS_ALL & ~PART_BIT(PART_TIMELINE) },
		{ R_MARKS, PART_BIT(PART_PANE) | PART_BIT(PART_PANEL) |
		    PART_BIT(PART_TIMELINE) | PART_BIT(PART_BOTTOM) },
		{ R_IMAGE, PARTS_ALL },
		{ R_ALL, PARTS_ALL },
	};
	struct app	*a;
	struct store	*st;
	char		 dir[TMPDIR_LEN];
	char		*whole, *part;
	unsigned long	 pane;
	int64_t		 img[2];
	size_t		 i;
	int		 r;

	(void)state;
	st = site_images(dir, sizeof dir, 2, img);
	a = open_app(st);
	app_goto(a, 0, 0);
	app_load(a);
	app_load_frame(a, R_ALL);
	draw_screen(a, R_STATUS);	/* a new grid: all of it */
	assert_int_equal(a->drawn, PARTS_ALL);
	for (i = 0; i < sizeof tab / sizeof tab[0]; i++) {
		draw_screen(a, tab[i].reactions);
		if (a->drawn != tab[i].parts)
			fail_msg("reactions 0x%x drew parts 0x%x, want 0x%x",
			    tab[i].reactions, a->drawn, tab[i].parts);
	}

	/* an unbound key: a message; the pane is not composed again, and
	 * the frame is the one a whole repaint makes */
	pane = a->ndrawn[PART_PANE];
	r = tui_dispatch(a, key("<F12>"));
	assert_int_equal(r, R_STATUS);
	app_load_frame(a, r);
	draw_screen(a, r);
	assert_int_equal(a->ndrawn[PART_PANE], pane);
	part = screen_text(a);
	assert_non_null(strstr(part, "does nothing in normal mode"));
	draw_screen(a, R_ALL);
	assert_int_equal(a->ndrawn[PART_PANE], pane + 1);
	whole = screen_text(a);
	assert_string_equal(part, whole);
	free(part);
	free(whole);

	/* a cursor move left out of the reactions would show: the pane is
	 * drawn only when they say so */
	a->cx += 100;
	draw_screen(a, R_STATUS);
	part = screen_text(a);
	draw_screen(a, R_CURSOR);
	whole = screen_text(a);
	assert_string_not_equal(part, whole);
	free(part);
	free(whole);

	/* another mode (the command line): everything, whatever the bits */
	r = tui_dispatch(a, ':');
	draw_screen(a, R_NONE);
	assert_int_equal(a->drawn, PARTS_ALL);
	draw_screen(a, R_NONE);
	assert_int_equal(a->drawn, PART_BIT(PART_BOTTOM));

	close_app(a, st, dir);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_default_table),
		cmocka_unit_test(test_key_names),
		cmocka_unit_test(test_key_file),
		cmocka_unit_test(test_command_table),
		cmocka_unit_test(test_command_completion),
		cmocka_unit_test(test_command_needs),
		cmocka_unit_test(test_man_keys),
		cmocka_unit_test(test_draw_without_store),
		cmocka_unit_test(test_reload_intents),
		cmocka_unit_test(test_partial_redraw),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
