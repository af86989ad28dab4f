/*
 * test-rows.c: the one row printer (cmd/rows.c): a column shows in the
 * shapes it is meant for, and its name's mark gives its JSON type.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <jansson.h>

#include "../../cmd/cmd.h"

static char *
shape(const struct rows *r, enum cmd_format fmt)
{
	char	*out;
	size_t	 len;
	FILE	*fp;

	fp = open_memstream(&out, &len);
	rows_print(r, fmt, fp);
	fclose(fp);
	return out;
}

static struct rows *
sample(void)
{
	static const char *const cols[] = { "#id", "short", "?ok", "@gt",
	    "long_name" };
	struct rows	*r;

	r = rows_new(5, cols);
	rows_only(r, 1, ROWS_IN(FORMAT_TABLE));
	rows_only(r, 3, ROWS_IN(FORMAT_JSON));
	rows_only(r, 4, ROWS_IN(FORMAT_CSV) | ROWS_IN(FORMAT_JSON));
	rows_add(r, "7", "s", "1", "[1.5, 2.0]", "=cmd");
	rows_add(r, "8", NULL, "0", NULL, NULL);
	return r;
}

static void
test_shapes(void **state)
{
	struct rows	*r = sample();
	char		*t, *c, *j;

	(void)state;
	t = shape(r, FORMAT_TABLE);
	c = shape(r, FORMAT_CSV);
	j = shape(r, FORMAT_JSON);
	/* the table: id, short, ok; "-" for no value */
	assert_non_null(strstr(t, "ID"));
	assert_non_null(strstr(t, "SHORT"));
	assert_null(strstr(t, "LONG NAME"));
	assert_null(strstr(t, "GT"));
	assert_non_null(strstr(t, "8   -      0"));
	/* CSV: id, ok, long_name, formula-safe text */
	assert_string_equal(c, "id,ok,long_name\n7,1,'=cmd\n8,0,\n");
	/* JSON: numbers, booleans, the raw array, null */
	assert_non_null(strstr(j, "\"id\": 7"));
	assert_non_null(strstr(j, "\"ok\": true"));
	assert_non_null(strstr(j, "\"ok\": false"));
	assert_non_null(strstr(j, "\"gt\": [\n      1.5,\n      2.0\n    ]"));
	assert_non_null(strstr(j, "\"gt\": null"));
	assert_null(strstr(j, "short"));
	free(t);
	free(c);
	free(j);
	rows_free(r);
}

/* Reals stay reals in JSON, at the precision asked; absent cells leave no key. */
static void
test_reals_absent(void **state)
{
	static const char *const cols[] = { ".v", "#n", "opt" };
	struct rows	*r;
	struct buf	 b;
	char		*j;

	(void)state;
	r = rows_new(3, cols);
	rows_json_flags(r, JSON_REAL_PRECISION(6));
	rows_add(r, "2", "2", ROWS_ABSENT);
	rows_add(r, "0.33333333333333331", NULL, "x");
	j = shape(r, FORMAT_JSON);
	assert_non_null(strstr(j, "\"v\": 2.0,"));
	assert_non_null(strstr(j, "\"n\": 2\n"));
	assert_non_null(strstr(j, "\"v\": 0.333333,"));
	assert_non_null(strstr(j, "\"opt\": \"x\""));
	assert_null(strstr(j, "\"opt\": \"\""));
	assert_null(strstr(j, "\"opt\": null"));
	buf_init(&b);
	rows_csv(r, &b);
	assert_string_equal(b.data, "v,n,opt\n2,2,\n0.33333333333333331,,x\n");
	buf_free(&b);
	free(j);
	rows_free(r);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_shapes),
		cmocka_unit_test(test_reals_absent),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
