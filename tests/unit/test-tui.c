/*
 * test-tui.c: the key table (no key bound twice in a mode, every binding
 * names an action, names round-trip), user key files, and the man page's
 * KEYS section matching the table it is made from.
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

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_default_table),
		cmocka_unit_test(test_key_names),
		cmocka_unit_test(test_key_file),
		cmocka_unit_test(test_man_keys),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
