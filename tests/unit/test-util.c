/*
 * test-util.c: dates, CSV, terminal-safe text, numbers and geometry.
 */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <signal.h>
#include <stdio.h>
#include <sys/wait.h>
#include <unistd.h>

#include "../../util/util.h"

static int64_t
ymd(int y, int m, int d)
{
	return date_from_ymd(y, m, d);
}

static void
test_date_formats(void **state)
{
	int64_t	 t;
	int	 timed;

	(void)state;
	assert_int_equal(date_parse("2025-01-14", &t, &timed), 0);
	assert_int_equal(t, ymd(2025, 1, 14));
	assert_int_equal(timed, 0);
	assert_int_equal(date_parse("20250114", &t, NULL), 0);
	assert_int_equal(t, ymd(2025, 1, 14));
	assert_int_equal(date_parse("2025-01-14T03:10:41Z", &t, &timed), 0);
	assert_int_equal(t, ymd(2025, 1, 14) + 3 * 3600 + 10 * 60 + 41);
	assert_int_equal(timed, 1);
	assert_int_equal(date_parse("2025-01-14T0310Z", &t, NULL), 0);
	assert_int_equal(t, ymd(2025, 1, 14) + 3 * 3600 + 600);
	/* TIFF's colons, IMD's space, fractional seconds */
	assert_int_equal(date_parse("2008:01:07 21:21:42", &t, NULL), 0);
	assert_int_equal(t, ymd(2008, 1, 7) + 21 * 3600 + 21 * 60 + 42);
	assert_int_equal(date_parse("2015-01-01T00:00:00.000000Z", &t, NULL),
	    0);
	assert_int_equal(t, ymd(2015, 1, 1));
	/* zones are converted to UTC */
	assert_int_equal(date_parse("2025-01-14T09:00+09:00", &t, NULL), 0);
	assert_int_equal(t, ymd(2025, 1, 14));
	assert_int_equal(date_parse("2025-01-13T23:30-0030", &t, NULL), 0);
	assert_int_equal(t, ymd(2025, 1, 14));
}

static void
test_date_wrong(void **state)
{
	int64_t	 t;

	(void)state;
	assert_int_equal(date_parse("2025-02-30", &t, NULL), -1);
	assert_int_equal(date_parse("2025-13-01", &t, NULL), -1);
	assert_int_equal(date_parse("2025-00-10", &t, NULL), -1);
	assert_int_equal(date_parse("2023-02-29", &t, NULL), -1);
	assert_int_equal(date_parse("2024-02-29", &t, NULL), 0);
	assert_int_equal(date_parse("1900-02-29", &t, NULL), -1);
	assert_int_equal(date_parse("2025-01-14T24:00Z", &t, NULL), -1);
	assert_int_equal(date_parse("2025-01-14 junk", &t, NULL), -1);
	assert_int_equal(date_parse("", &t, NULL), -1);
	assert_int_equal(date_parse("2025/01-14", &t, NULL), -1);
	assert_int_equal(date_parse("14/01/2025", &t, NULL), -1);
}

static void
test_date_from_name(void **state)
{
	int64_t	 t;

	(void)state;
	assert_int_equal(date_from_name("rajin_2025-01-14.tif", &t), 0);
	assert_int_equal(t, ymd(2025, 1, 14));
	assert_int_equal(date_from_name("S2A_MSIL1C_20250114T031041_N0511.tif",
	    &t), 0);
	assert_int_equal(t, ymd(2025, 1, 14) + 3 * 3600 + 10 * 60 + 41);
	assert_int_equal(date_from_name("x_2025-01-14T0310Z.png", &t), 0);
	assert_int_equal(t, ymd(2025, 1, 14) + 3 * 3600 + 600);
	assert_int_equal(date_from_name("scene_2025_01_14.tif", &t), 0);
	assert_int_equal(t, ymd(2025, 1, 14));
	/* a long number is not a date; an impossible date is skipped */
	assert_int_equal(date_from_name("id_202501141234567.tif", &t), -1);
	assert_int_equal(date_from_name("x_2025-02-30_2025-03-01.tif", &t), 0);
	assert_int_equal(t, ymd(2025, 3, 1));
	assert_int_equal(date_from_name("byte.tif", &t), -1);
	/* Planet: date, underscore, HHMMSS */
	assert_int_equal(date_from_name(
	    "20250114_031021_12_2447_3B_AnalyticMS.tif", &t), 0);
	assert_int_equal(t, ymd(2025, 1, 14) + 3 * 3600 + 10 * 60 + 21);
	/* Landsat: acquisition then processing date, no clock */
	assert_int_equal(date_from_name(
	    "LC09_L1TP_116031_20250114_20250116_02_T1.tif", &t), 0);
	assert_int_equal(t, ymd(2025, 1, 14));
	assert_int_equal(date_from_name("x_20250114_0310.tif", &t), 0);
	assert_int_equal(t, ymd(2025, 1, 14));
	assert_int_equal(date_from_name("x_20250114_256199.tif", &t), 0);
	assert_int_equal(t, ymd(2025, 1, 14));
	/* Maxar: 25JAN14031021 at the start */
	assert_int_equal(date_from_name(
	    "25JAN14031021-P1BS-012345678010_01_P001.tif", &t), 0);
	assert_int_equal(t, ymd(2025, 1, 14) + 3 * 3600 + 10 * 60 + 21);
	assert_int_equal(date_from_name("24FEB29235960-M1BS.tif", &t), 0);
	assert_int_equal(t, ymd(2024, 2, 29) + 23 * 3600 + 59 * 60 + 59);
	assert_int_equal(date_from_name("25FEB29031021-P1BS.tif", &t), -1);
	assert_int_equal(date_from_name("25JAN1403102-P1BS.tif", &t), -1);
	assert_int_equal(date_from_name("25JAN140310211.tif", &t), -1);
	assert_int_equal(date_from_name("25Jan14031021.tif", &t), -1);
}

static void
test_date_calendar(void **state)
{
	char	 iso[DATE_ISO_LEN], day[DATE_DAY_LEN];
	int64_t	 from, to;
	int	 y, m, d;

	(void)state;
	date_format(ymd(2024, 12, 31) + 86399, iso);
	assert_string_equal(iso, "2024-12-31T23:59:59Z");
	date_format_day(ymd(2000, 2, 29), day);
	assert_string_equal(day, "2000-02-29");
	date_to_ymd(ymd(2025, 3, 1) - 1, &y, &m, &d);
	assert_int_equal(y * 10000 + m * 100 + d, 20250228);
	assert_int_equal(date_day_floor(ymd(2025, 1, 14) + 5000),
	    ymd(2025, 1, 14));
	assert_int_equal(date_parse_range("2025-01", &from, &to), 0);
	assert_int_equal(from, ymd(2025, 1, 1));
	assert_int_equal(to, ymd(2025, 2, 1) - 1);
	assert_int_equal(date_parse_range("2025-01-14", &from, &to), 0);
	assert_int_equal(to - from, 86399);
	assert_int_equal(date_parse_range("2025-1", &from, &to), -1);
}

static void
test_csv_read(void **state)
{
	static const char data[] = "\xef\xbb\xbf" "a,b,c\r\n"
	    "1,\"two, with comma\",\"say \"\"hi\"\"\"\n"
	    "\n"
	    "\"multi\nline\",,end\n"
	    "last,row,no newline";
	struct csv_reader	 r;
	char			 err[128];

	(void)state;
	csv_reader_init(&r, data, sizeof data - 1);
	assert_int_equal(csv_read_row(&r, err, sizeof err), 1);
	assert_int_equal(r.nfields, 3);
	assert_string_equal(r.fields[0], "a");
	assert_int_equal(csv_read_row(&r, err, sizeof err), 1);
	assert_string_equal(r.fields[1], "two, with comma");
	assert_string_equal(r.fields[2], "say \"hi\"");
	assert_int_equal(r.line, 2);
	assert_int_equal(csv_read_row(&r, err, sizeof err), 1);
	assert_string_equal(r.fields[0], "multi\nline");
	assert_string_equal(r.fields[1], "");
	assert_int_equal(r.line, 4);
	assert_int_equal(csv_read_row(&r, err, sizeof err), 1);
	assert_int_equal(r.line, 6);
	assert_string_equal(r.fields[2], "no newline");
	assert_int_equal(csv_read_row(&r, err, sizeof err), 0);
	csv_reader_free(&r);
}

static void
test_csv_errors(void **state)
{
	static const char *const bad[] = { "a,\"open\n", "a,b\"c\n",
	    "\"x\"y,z\n" };
	struct csv_reader	 r;
	char			 err[128];
	size_t			 i;

	(void)state;
	for (i = 0; i < QM_NELEM(bad); i++) {
		csv_reader_init(&r, bad[i], strlen(bad[i]));
		assert_int_equal(csv_read_row(&r, err, sizeof err), -1);
		assert_true(strlen(err) > 0);
		csv_reader_free(&r);
	}
}

static void
test_csv_write_neutralise(void **state)
{
	struct csv_reader	 r;
	struct buf		 b;
	char			 err[128];
	static const char *const cells[] = { "=SUM(A1)", "+1", "-2", "@x",
	    "'quoted", "plain", "has,comma", "" };
	size_t			 i;

	(void)state;
	buf_init(&b);
	for (i = 0; i < QM_NELEM(cells); i++)
		csv_put_field(&b, cells[i], 1);
	csv_end_row(&b);
	assert_string_equal(b.data, "'=SUM(A1),'+1,'-2,'@x,''quoted,plain,"
	    "\"has,comma\",\n");
	csv_reader_init(&r, b.data, b.len);
	assert_int_equal(csv_read_row(&r, err, sizeof err), 1);
	assert_int_equal(r.nfields, QM_NELEM(cells));
	for (i = 0; i < QM_NELEM(cells); i++)
		assert_string_equal(csv_unneutralise(r.fields[i]), cells[i]);
	csv_reader_free(&r);
	buf_free(&b);
}

static void
test_text_escape(void **state)
{
	char	*s;

	(void)state;
	s = text_safe("Lady R\x1b[31m\x07");
	assert_string_equal(s, "Lady R\\x1b[31m\\x07");
	free(s);
	s = text_safe("ab\xe2\x80\xae" "cd");	/* right-to-left override */
	assert_string_equal(s, "ab\\u202ecd");
	free(s);
	s = text_safe("bad \xff\xfe utf8 \xc2\x9b");	/* and a C1 CSI */
	assert_string_equal(s, "bad \\xff\\xfe utf8 \\u009b");
	free(s);
	s = text_safe("Ангара");
	assert_string_equal(s, "Ангара");
	free(s);
	assert_int_equal(text_utf8_valid("Ангара"), 1);
	assert_int_equal(text_utf8_valid("\xc0\x80"), 0);
}

static void
test_num(void **state)
{
	char	 out[32];
	double	 v[5], back;
	int64_t	 n;

	(void)state;
	assert_int_equal(num_parse_double("1e3", &v[0]), 0);
	assert_true(v[0] == 1000);
	assert_int_equal(num_parse_double("nan", &v[0]), -1);
	assert_int_equal(num_parse_double("inf", &v[0]), -1);
	assert_int_equal(num_parse_double("1.5x", &v[0]), -1);
	assert_int_equal(num_parse_int64("-12", &n), 0);
	assert_int_equal(n, -12);
	assert_int_equal(num_parse_int64("99999999999999999999", &n), -1);
	assert_int_equal(num_parse_list("1,2,3.5", v, 3), 0);
	assert_true(v[2] == 3.5);
	assert_int_equal(num_parse_list("1,2", v, 3), -1);
	assert_int_equal(num_parse_list("1,2,3,4", v, 3), -1);
	num_format(out, sizeof out, 0.1);
	assert_string_equal(out, "0.1");
	num_format(out, sizeof out, 1.0 / 3);
	assert_int_equal(num_parse_double(out, &back), 0);
	assert_true(back == 1.0 / 3);
	num_format(out, sizeof out, -0.0);
	assert_string_equal(out, "0");
}

/* regression: history_numbers_and_reasons: the shortest text that reads
 * back, also inside JSON (jansson writes 17 digits) */
static void
test_num_shortest(void **state)
{
	static const double v[] = { -0.8, 0.1 + 0.2, 1e-7, 123456.7891,
	    1.7976931348623157e308, 0.30000000000000004, 2.0 / 3 };
	struct buf	 b;
	char		 out[40], shorter[40];
	double		 back;
	size_t		 i;
	int		 p;

	(void)state;
	num_format(out, sizeof out, -0.80000000000000004);
	assert_string_equal(out, "-0.8");
	for (i = 0; i < QM_NELEM(v); i++) {
		num_format(out, sizeof out, v[i]);
		assert_int_equal(num_parse_double(out, &back), 0);
		assert_true(back == v[i]);
		/* and no %.Ng with fewer digits reads back */
		for (p = 1; p < 17; p++) {
			snprintf(shorter, sizeof shorter, "%.*g", p, v[i]);
			if (num_parse_double(shorter, &back) == 0 &&
			    back == v[i])
				assert_true(strlen(out) <= strlen(shorter));
		}
	}
	buf_init(&b);
	num_json_tidy("{\"a\": -0.80000000000000004, \"s\": \"1.50 \\\" "
	    "2.0\", \"n\": [100.0, 7, 1e2, true]}", &b);
	assert_string_equal(b.data, "{\"a\": -0.8, \"s\": \"1.50 \\\" 2.0\", "
	    "\"n\": [100, 7, 100, true]}");
	buf_free(&b);
}

static void
test_points(void **state)
{
	static const char *const bad[] = { "0 0, 10 0, nan 5",
	    "0 0, inf 0, 1 1", "0 0, 1e999 0, 1 1", "0 0, 10", "0 0; 1 1",
	    "0 0, 1 1 x", "a b" };
	double	*p;
	size_t	 i;

	(void)state;
	assert_int_equal(num_parse_points("0 0, 10.5 0,10 -2e1 ", &p), 3);
	assert_true(p[2] == 10.5 && p[5] == -20);
	free(p);
	assert_int_equal(num_parse_points("", &p), 0);
	assert_null(p);
	assert_int_equal(num_parse_points(NULL, &p), -1);
	for (i = 0; i < QM_NELEM(bad); i++) {
		assert_int_equal(num_parse_points(bad[i], &p), -1);
		assert_null(p);
	}
}

static void
test_geom(void **state)
{
	double	 c[8], sq[8] = { 0, 0, 10, 0, 10, 10, 0, 10 };
	double	 a[5] = { 5, 5, 10, 10, 0 }, b[5] = { 10, 5, 10, 10, 0 };
	double	 r[5] = { 5, 5, 10, 10, 45 };

	(void)state;
	/* clockwise on screen: at 90 degrees the width runs down y */
	geom_corners(0, 0, 10, 2, 90, c);
	assert_true(fabs(c[0] - 1) < 1e-9 && fabs(c[1] + 5) < 1e-9);
	assert_true(fabs(geom_polygon_area(sq, 4) - 100) < 1e-9);
	assert_int_equal(geom_point_in_polygon(5, 5, sq, 4), 1);
	assert_int_equal(geom_point_in_polygon(11, 5, sq, 4), 0);
	assert_true(fabs(geom_rbox_iou(a, a) - 1) < 1e-9);
	assert_true(fabs(geom_rbox_iou(a, b) - 50.0 / 150) < 1e-9);
	/* a square turned 45 degrees in its own footprint */
	assert_true(fabs(geom_rbox_iou(a, r) - (100 * (2 * sqrt(2) - 2)) /
	    (200 - 100 * (2 * sqrt(2) - 2))) < 1e-6);
	assert_true(fabs(geom_rect_cover(sq, 4, 5, 100) - 0.5) < 1e-9);
	assert_true(fabs(geom_rect_cover(sq, 4, 100, 100) - 1) < 1e-9);
}

static void
test_size_checks(void **state)
{
	size_t	 out;

	(void)state;
	assert_int_equal(size_mul(SIZE_MAX / 2, 3, &out), -1);
	assert_int_equal(size_mul3(65535, 65535, 65535, &out), 0);
	assert_int_equal(size_mul3(1u << 30, 1u << 30, 1u << 30, &out), -1);
}

/* geometry_1e308_box: the one check every way into the store shares */
static void
test_geom_check(void **state)
{
	char	 why[256];

	(void)state;
	assert_int_equal(geom_check(100, 50, 30, 10, 12, 200, 100, why,
	    sizeof why), 0);
	assert_int_equal(geom_check(100, 50, 3200, 10, 0, 200, 100, why,
	    sizeof why), 0);
	assert_int_equal(geom_check(100, 50, 3201, 10, 0, 200, 100, why,
	    sizeof why), -1);
	assert_non_null(strstr(why, "more than 16 times"));
	assert_int_equal(geom_check(100, 50, 1e308, 10, 0, 200, 100, why,
	    sizeof why), -1);
	assert_int_equal(geom_check(100, 50, INFINITY, 10, 0, 200, 100, why,
	    sizeof why), -1);
	assert_int_equal(geom_check(NAN, 50, 1, 1, 0, 200, 100, why,
	    sizeof why), -1);
	assert_non_null(strstr(why, "not a finite number"));
	assert_int_equal(geom_check(100, 50, -1, 1, 0, 200, 100, why,
	    sizeof why), -1);
	assert_int_equal(geom_check(1e9, 50, 1, 1, 0, 200, 100, why,
	    sizeof why), -1);
	assert_int_equal(geom_check(100, 50, 1, 1, 1e6, 200, 100, why,
	    sizeof why), -1);
}

/* import_quadratic: the map the import's lookups use */
static void
test_strmap(void **state)
{
	struct strmap	 m;
	char		 k[32];
	int64_t		 v;
	int		 i;

	(void)state;
	strmap_init(&m);
	assert_int_equal(strmap_get(&m, "a", &v), 0);
	for (i = 0; i < 10000; i++) {
		snprintf(k, sizeof k, "key%d", i);
		strmap_put(&m, k, i);
	}
	strmap_put(&m, "key7", 70);
	assert_int_equal(m.n, 10000);
	for (i = 0; i < 10000; i++) {
		snprintf(k, sizeof k, "key%d", i);
		assert_int_equal(strmap_get(&m, k, &v), 1);
		assert_int_equal(v, i == 7 ? 70 : i);
	}
	assert_int_equal(strmap_get(&m, "key10000", NULL), 0);
	assert_int_equal(strmap_get(&m, "", NULL), 0);
	strmap_free(&m);
}

static int	 oom_fd = -1;

static void
oom_hook(void)
{
	(void)write(oom_fd, "restored\n", 9);
}

/*
 * Regression (oom_leaves_terminal_raw): out of memory aborted with the
 * TUI's terminal still raw. The registered hook runs first, then the
 * message, then the abort.
 */
static void
test_oom_hook(void **state)
{
	char	 got[256];
	ssize_t	 n, len = 0;
	pid_t	 pid;
	int	 fd[2], status;

	(void)state;
	assert_int_equal(pipe(fd), 0);
	if ((pid = fork()) == 0) {
		close(fd[0]);
		oom_fd = fd[1];
		dup2(fd[1], STDERR_FILENO);
		mem_on_oom(oom_hook);
		(void)xreallocarray(NULL, SIZE_MAX / 2, 4);
		_exit(0);
	}
	close(fd[1]);
	while ((n = read(fd[0], got + len, sizeof got - 1 - (size_t)len)) > 0)
		len += n;
	got[len] = '\0';
	close(fd[0]);
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_true(WIFSIGNALED(status));
	assert_int_equal(WTERMSIG(status), SIGABRT);
	assert_non_null(strstr(got, "restored\nquaymark: out of memory"));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_oom_hook),
		cmocka_unit_test(test_date_formats),
		cmocka_unit_test(test_date_wrong),
		cmocka_unit_test(test_date_from_name),
		cmocka_unit_test(test_date_calendar),
		cmocka_unit_test(test_csv_read),
		cmocka_unit_test(test_csv_errors),
		cmocka_unit_test(test_csv_write_neutralise),
		cmocka_unit_test(test_text_escape),
		cmocka_unit_test(test_num),
		cmocka_unit_test(test_num_shortest),
		cmocka_unit_test(test_points),
		cmocka_unit_test(test_geom),
		cmocka_unit_test(test_size_checks),
		cmocka_unit_test(test_geom_check),
		cmocka_unit_test(test_strmap),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
