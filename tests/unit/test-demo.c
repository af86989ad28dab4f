/*
 * test-demo.c: the demo port is deterministic (same seed, same bytes) and
 * tells the story it promises.
 */
#include <dirent.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "../../demo/demo.h"
#include "../../util/util.h"
#include "tmpdir.h"

static char	 err[512];

/* One hash over every file's name and contents, in name order. */
static void
hash_dir(const char *d, char *hex, int *nfiles)
{
	struct dirent	**list;
	struct sha256	*h;
	char		 path[600], *data, fh[SHA256_HEX_LEN];
	size_t		 len;
	int		 n, i;

	n = scandir(d, &list, NULL, alphasort);
	assert_true(n > 0);
	h = sha256_new();
	*nfiles = 0;
	for (i = 0; i < n; i++) {
		if (list[i]->d_name[0] != '.') {
			tmpdir_path(path, sizeof path, d, "%s",
			    list[i]->d_name);
			assert_int_equal(file_read_all(path, 1 << 28, &data,
			    &len, err, sizeof err), 0);
			sha256_hex(data, len, fh);
			sha256_add(h, list[i]->d_name, strlen(list[i]->d_name));
			sha256_add(h, fh, strlen(fh));
			free(data);
			(*nfiles)++;
		}
		free(list[i]);
	}
	free(list);
	sha256_end(h, hex);
}

static void
test_deterministic(void **state)
{
	char	 a[TMPDIR_LEN], b[TMPDIR_LEN], c[TMPDIR_LEN];
	char	 ha[SHA256_HEX_LEN], hb[SHA256_HEX_LEN], hc[SHA256_HEX_LEN];
	int	 na, nb, nc;

	(void)state;
	assert_int_equal(tmpdir_make(a, sizeof a, "demo-a"), 0);
	assert_int_equal(tmpdir_make(b, sizeof b, "demo-b"), 0);
	assert_int_equal(tmpdir_make(c, sizeof c, "demo-c"), 0);
	if (demo_generate(a, 42, 0.2, NULL, NULL, err, sizeof err) != 0 ||
	    demo_generate(b, 42, 0.2, NULL, NULL, err, sizeof err) != 0 ||
	    demo_generate(c, 43, 0.2, NULL, NULL, err, sizeof err) != 0)
		fail_msg("%s", err);
	hash_dir(a, ha, &na);
	hash_dir(b, hb, &nb);
	hash_dir(c, hc, &nc);
	assert_true(na > 60);
	assert_int_equal(na, nb);
	assert_string_equal(ha, hb);
	assert_string_not_equal(ha, hc);
	assert_int_equal(tmpdir_remove(a), 0);
	assert_int_equal(tmpdir_remove(b), 0);
	assert_int_equal(tmpdir_remove(c), 0);
}

struct month_calls {
	int	 arms[13];
	char	 last_dec[16];
	char	 jan[16];
	char	 jan_container[16];
};

static void
read_calls(const char *d, struct month_calls *mc)
{
	struct csv_reader	 r;
	char			 path[600], *data;
	size_t			 len;
	int			 m;

	memset(mc, 0, sizeof *mc);
	tmpdir_path(path, sizeof path, d, "calls.csv");
	assert_int_equal(file_read_all(path, 1 << 20, &data, &len, err,
	    sizeof err), 0);
	csv_reader_init(&r, data, len);
	assert_int_equal(csv_read_row(&r, err, sizeof err), 1);
	while (csv_read_row(&r, err, sizeof err) == 1) {
		assert_int_equal(r.nfields, 6);
		m = atoi(r.fields[3] + 5);
		if (strcmp(r.fields[2], "Container quay") == 0 &&
		    strcmp(r.fields[0], "Angara") == 0)
			snprintf(mc->jan_container, sizeof mc->jan_container,
			    "%s", r.fields[3]);
		if (strcmp(r.fields[2], "Arms quay") != 0)
			continue;
		mc->arms[m]++;
		if (m == 12)
			snprintf(mc->last_dec, sizeof mc->last_dec, "%s",
			    r.fields[3]);
		if (m == 1)
			snprintf(mc->jan, sizeof mc->jan, "%s", r.fields[3]);
	}
	csv_reader_free(&r);
	free(data);
}

/* Whatever the seed: three calls a month, then one in January. */
static void
test_story(void **state)
{
	struct month_calls	 mc;
	char			 d[TMPDIR_LEN];
	uint32_t		 seed;

	(void)state;
	for (seed = 1; seed <= 3; seed++) {
		assert_int_equal(tmpdir_make(d, sizeof d, "story"), 0);
		if (demo_generate(d, seed, 0.1, NULL, NULL, err, sizeof err)
		    != 0)
			fail_msg("%s", err);
		read_calls(d, &mc);
		assert_true(mc.arms[10] >= 3);
		assert_true(mc.arms[11] >= 3);
		assert_true(mc.arms[12] >= 3);
		assert_int_equal(mc.arms[1], 1);
		assert_string_equal(mc.last_dec, "2024-12-21");
		assert_string_equal(mc.jan, "2025-01-14");
		assert_string_equal(mc.jan_container, "2025-01-13");
		assert_int_equal(tmpdir_remove(d), 0);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_deterministic),
		cmocka_unit_test(test_story),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
