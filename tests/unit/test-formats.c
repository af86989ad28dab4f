/*
 * test-formats.c: the one table of dataset formats (export/formats.c):
 * names found each way, the man page's DATASET FORMATS section and the
 * usage lines of export and import exactly what the table gives.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "../../cmd/cmd.h"
#include "../../export/export.h"

/* Every format goes some way, with the function that way needs. */
static void
test_table(void **state)
{
	const struct export_format	*f;
	const char			*arg;
	size_t				 i;

	(void)state;
	for (i = 0; (f = export_format_at(i)) != NULL; i++) {
		assert_true(f->flags & (EXPORT_FMT_OUT | EXPORT_FMT_IN));
		if (f->flags & EXPORT_FMT_IN)
			assert_non_null(f->read);
		if (f->write != NULL)
			assert_true(f->flags & EXPORT_FMT_OUT);
		assert_non_null(f->help);
	}
	assert_true(i >= 10);
	f = export_format_find("ogr:GPKG", EXPORT_FMT_OUT, &arg);
	assert_non_null(f);
	assert_string_equal(arg, "GPKG");
	assert_string_equal(export_format_shown(f), "ogr:DRIVER");
	assert_null(export_format_find("ogr:GPKG", EXPORT_FMT_IN, NULL));
	assert_null(export_format_find("cvat", EXPORT_FMT_OUT, NULL));
	assert_non_null(export_format_find("cvat", EXPORT_FMT_IN, NULL));
	assert_null(export_format_find("chips", EXPORT_FMT_IN, NULL));
	assert_null(export_format_find("coc", EXPORT_FMT_OUT, NULL));
	f = export_format_find("counts", EXPORT_FMT_OUT, &arg);
	assert_non_null(f);
	assert_null(f->write);		/* the command line writes counts */
	assert_string_equal(arg, "");
	f = export_format_find("yolo-obb", EXPORT_FMT_IN, NULL);
	assert_true(f->flags & EXPORT_FMT_ROTATION);
	assert_false(export_format_find("yolo", EXPORT_FMT_IN, NULL)->flags &
	    EXPORT_FMT_ROTATION);
}

/* The usage holds "--format " and all the table's names, in its order. */
static void
check_usage(const struct cmd_entry *ce, int way)
{
	struct buf	 b;
	const char	*p;

	buf_init(&b);
	buf_puts(&b, "--format ");
	export_format_names(&b, way, "|", "|");
	if ((p = strstr(ce->usage, b.data)) == NULL ||
	    (p[b.len] != ' ' && p[b.len] != ']'))
		fail_msg("%s's usage does not list [%s] (export/formats.c)",
		    ce->name, b.data);
	buf_free(&b);
}

static void
test_usage(void **state)
{
	(void)state;
	check_usage(&cmd_export_entry, EXPORT_FMT_OUT);
	check_usage(&cmd_import_entry, EXPORT_FMT_IN);
}

/* The man page's DATASET FORMATS is exactly what the table prints. */
static void
test_man_formats(void **state)
{
	struct buf	 b;
	char		*man, *start, *end, err[256];
	size_t		 len;

	(void)state;
	if (file_read_all("man/quaymark.1", 1 << 20, &man, &len, err,
	    sizeof err) != 0) {
		print_message("SKIP %s\n", err);
		skip();
	}
	start = strstr(man, ".Sh DATASET FORMATS");
	end = strstr(man, ".Sh INTERCHANGE FORMAT");
	assert_non_null(start);
	assert_non_null(end);
	*end = '\0';
	buf_init(&b);
	export_formats_mdoc(&b);
	if (strcmp(start, b.data) != 0)
		fail_msg("man/quaymark.1 DATASET FORMATS differs from "
		    "`quaymark help --formats` (make man-formats updates it)");
	buf_free(&b);
	free(man);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_table),
		cmocka_unit_test(test_usage),
		cmocka_unit_test(test_man_formats),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
