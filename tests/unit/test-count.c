/*
 * test-count.c: the count engine's rules on small hand-made scenarios, and
 * the Poisson tails against known values.
 */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "../../count/count.h"
#include "../../store/store.h"
#include "../../util/util.h"

static char		 dir[64];
static char		 err[512];
static struct store	*st;
static int64_t		 site;
static int		 nimg;

static int
setup(void **state)
{
	char	 path[128];
	double	 quay[8] = { 100, 100, 500, 100, 500, 300, 100, 300 };
	double	 quay2[8] = { 600, 100, 900, 100, 900, 300, 600, 300 };
	int64_t	 id;

	(void)state;
	snprintf(dir, sizeof dir, "/tmp/qm-count-XXXXXX");
	if (mkdtemp(dir) == NULL)
		return -1;
	snprintf(path, sizeof path, "%s/c.db", dir);
	if ((st = store_open(path, STORE_CREATE, err, sizeof err)) == NULL ||
	    store_site_ensure(st, "S", &site, err, sizeof err) != 0 ||
	    store_quay_add(st, site, "Q1", quay, 4, NULL, &id, err,
	    sizeof err) != 0 ||
	    store_quay_add(st, site, "Q2", quay2, 4, NULL, &id, err,
	    sizeof err) != 0)
		return -1;
	nimg = 0;
	return 0;
}

static int
teardown(void **state)
{
	char	 cmd[128];

	(void)state;
	store_close(st);
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
	return system(cmd) == 0 ? 0 : -1;
}

/* An image at a UTC time with a verdict; w x h (default 1000 x 400). */
static int64_t
image_at(int64_t t, int quality, int w)
{
	struct store_image	 im;
	enum catalog_result	 res;
	char			 path[128], hash[32], detail[128];
	int64_t			 id;

	memset(&im, 0, sizeof im);
	snprintf(path, sizeof path, "%s/img%d.tif", dir, nimg);
	snprintf(hash, sizeof hash, "h%d", nimg++);
	im.site_id = site;
	im.path = path;
	im.name = path + strlen(dir) + 1;
	im.acquired = t;
	im.date_source = (char *)(uintptr_t)"option";
	im.width = w ? w : 1000;
	im.height = 400;
	im.bands = 1;
	im.data_type = (char *)(uintptr_t)"Byte";
	im.hash = hash;
	if (store_image_catalog(st, &im, &id, &res, detail, sizeof detail,
	    err, sizeof err) != 0)
		fail_msg("%s", err);
	if (quality != QUALITY_UNREVIEWED &&
	    store_image_set_quality(st, id, quality, err, sizeof err) != 0)
		fail_msg("%s", err);
	return id;
}

static int64_t
day(int m, int d)
{
	return date_from_ymd(2025, m, d) + 2 * 3600;
}

static void
ship(int64_t image, double cx, const char *name, int64_t track)
{
	struct store_mark	 m;

	store_mark_init(&m);
	m.image_id = image;
	m.class_name = (char *)(uintptr_t)"ship";
	m.kind = MARK_RBOX;
	m.cx = cx;
	m.cy = 200;
	m.w = 150;
	m.h = 22;
	m.angle = 2;
	m.name = (char *)(uintptr_t)name;
	m.has_track = track != 0;
	m.track = track;
	if (store_mark_add(st, &m, err, sizeof err) != 0)
		fail_msg("%s", err);
}

static void
stack(int64_t image, double cx, int64_t track, int count)
{
	struct store_mark	 m;

	store_mark_init(&m);
	m.image_id = image;
	m.class_name = (char *)(uintptr_t)"container_stack";
	m.kind = MARK_BOX;
	m.cx = cx;
	m.cy = 150;
	m.w = 60;
	m.h = 15;
	m.has_count = 1;
	m.count = count;
	m.has_track = 1;
	m.track = track;
	if (store_mark_add(st, &m, err, sizeof err) != 0)
		fail_msg("%s", err);
}

static void
run(struct count_result *r, int period)
{
	struct count_opts	 o;

	count_opts_default(&o);
	o.site_id = site;
	o.period = period;
	assert_int_equal(store_class_find(st, "ship", &o.class_id, err,
	    sizeof err), 0);
	assert_int_equal(store_class_find(st, "container_stack",
	    &o.stack_class_id, err, sizeof err), 0);
	if (count_run(st, &o, r, err, sizeof err) != 0)
		fail_msg("%s", err);
}

static const struct count_period *
period(const struct count_result *r, const char *quay, const char *label)
{
	size_t	 i;

	for (i = 0; i < r->nperiods; i++)
		if (strcmp(r->periods[i].label, label) == 0 &&
		    strcmp(count_quay_name(r, r->periods[i].quay), quay) == 0)
			return &r->periods[i];
	fail_msg("no period %s at %s", label, quay);
	return NULL;
}

/* A cloudy day between two sightings does not split the call. */
static void
test_call_spans_cloud(void **state)
{
	struct count_result	 r;

	(void)state;
	ship(image_at(day(1, 10), QUALITY_CLEAR, 0), 300, "Angara", 0);
	image_at(day(1, 11), QUALITY_CLOUDY, 0);
	image_at(day(1, 12), QUALITY_NO_DATA, 0);
	ship(image_at(day(1, 13), QUALITY_CLEAR, 0), 300, "angara ", 0);
	image_at(day(1, 15), QUALITY_CLEAR, 0);
	run(&r, PERIOD_MONTH);
	assert_int_equal(r.ncalls, 1);
	assert_string_equal(r.calls[0].identity, "Angara");
	assert_int_equal(r.calls[0].sightings, 2);
	assert_int_equal(r.calls[0].first, day(1, 10));
	assert_int_equal(r.calls[0].last, day(1, 13));
	assert_int_equal(r.calls[0].has_before, 0);	/* nothing earlier */
	assert_int_equal(r.calls[0].after, day(1, 15));
	count_result_free(&r);
}

/* An observation without the ship between two sightings: two calls. */
static void
test_call_split_by_observation(void **state)
{
	struct count_result	 r;

	(void)state;
	image_at(day(1, 8), QUALITY_CLEAR, 0);
	ship(image_at(day(1, 10), QUALITY_CLEAR, 0), 300, "Lady R", 0);
	image_at(day(1, 11), QUALITY_PARTLY_CLOUDY, 0);	/* seen: gone */
	ship(image_at(day(1, 12), QUALITY_CLEAR, 0), 300, "Lady R", 0);
	image_at(day(1, 13), QUALITY_CLEAR, 0);
	/* ... and a gap longer than 7 days with no observation at all */
	ship(image_at(day(1, 14), QUALITY_CLEAR, 0), 310, "Maia-1", 0);
	image_at(day(1, 17), QUALITY_CLOUDY, 0);
	ship(image_at(day(1, 23), QUALITY_CLEAR, 0), 310, "Maia-1", 0);
	run(&r, PERIOD_MONTH);
	assert_int_equal(r.ncalls, 4);
	assert_string_equal(r.calls[0].identity, "Lady R");
	assert_int_equal(r.calls[0].before, day(1, 8));
	assert_int_equal(r.calls[0].after, day(1, 11));
	assert_string_equal(r.calls[1].identity, "Lady R");
	assert_string_equal(r.calls[3].identity, "Maia-1");
	assert_int_equal(period(&r, "Q1", "2025-01")->calls, 4);
	assert_int_equal(period(&r, "Q1", "2025-01")->nvessels, 2);
	count_result_free(&r);
}

/* Unnamed ships: one identity while their boxes overlap day to day. */
static void
test_unnamed_linked_by_overlap(void **state)
{
	struct count_result	 r;
	int64_t			 a, b, c;

	(void)state;
	a = image_at(day(2, 1), QUALITY_CLEAR, 0);
	b = image_at(day(2, 2), QUALITY_CLEAR, 0);
	c = image_at(day(2, 3), QUALITY_CLEAR, 0);
	image_at(day(2, 4), QUALITY_CLEAR, 0);
	ship(a, 200, NULL, 0);
	ship(b, 205, NULL, 0);		/* the same ship, nudged */
	ship(c, 210, NULL, 0);
	ship(a, 420, NULL, 0);		/* another, moving off */
	ship(b, 330, NULL, 0);		/* overlaps neither well */
	run(&r, PERIOD_MONTH);
	assert_int_equal(r.ncalls, 3);
	assert_int_equal(r.calls[0].sightings + r.calls[1].sightings +
	    r.calls[2].sightings, 5);
	assert_true(strncmp(r.calls[0].identity, "auto", 4) == 0);
	assert_int_equal(period(&r, "Q1", "2025-02")->calls, 3);
	assert_int_equal(period(&r, "Q1", "2025-02")->ship_days, 5);
	count_result_free(&r);
}

/* A stack unloaded after a call belongs to it; its dwell has bounds. */
static void
test_stack_after_call(void **state)
{
	struct count_result	 r;
	int64_t			 d[8];
	int			 i;

	(void)state;
	for (i = 0; i < 8; i++)
		d[i] = image_at(day(3, 1 + 3 * i), QUALITY_CLEAR, 0);
	ship(d[1], 300, "Angara", 0);			/* 3-04 */
	stack(d[2], 200, 77, 24);			/* 3-07 .. 3-13 */
	stack(d[3], 200, 77, 30);
	stack(d[4], 200, 77, 30);
	stack(d[6], 700, 78, 10);			/* Q2, no call */
	run(&r, PERIOD_MONTH);
	assert_int_equal(r.nstacks, 2);
	assert_string_equal(r.stacks[0].identity, "track 77");
	assert_int_equal(r.stacks[0].count_max, 30);
	assert_true(r.stacks[0].call >= 0);
	assert_string_equal(r.calls[r.stacks[0].call].identity, "Angara");
	assert_int_equal(r.stacks[1].call, -1);
	assert_int_equal(r.stacks[0].last - r.stacks[0].first, 6 * 86400);
	assert_int_equal(r.stacks[0].after - r.stacks[0].before, 12 * 86400);
	assert_int_equal(period(&r, "Q1", "2025-03")->stacks_appeared, 1);
	assert_int_equal(period(&r, "Q1", "2025-03")->stacks_removed, 1);
	assert_int_equal(period(&r, "Q1", "2025-03")->containers_max, 30);
	assert_true(fabs(period(&r, "Q1", "2025-03")->dwell_max - 6) < 1e-9);
	count_result_free(&r);
}

/* No observations: "insufficient imagery"; unreviewed images reported. */
static void
test_month_without_observations(void **state)
{
	struct count_result		 r;
	const struct count_period	*p;

	(void)state;
	ship(image_at(day(1, 5), QUALITY_CLEAR, 0), 300, "Angara", 0);
	image_at(day(2, 5), QUALITY_CLOUDY, 0);
	image_at(day(2, 15), QUALITY_UNREVIEWED, 0);
	image_at(day(3, 5), QUALITY_CLEAR, 0);
	/* an image that misses the quay is no observation of it */
	image_at(day(3, 6), QUALITY_CLEAR, 300);
	run(&r, PERIOD_MONTH);
	p = period(&r, "Q1", "2025-02");
	assert_int_equal(p->observed_days, 0);
	assert_int_equal(p->unreviewed, 1);
	assert_string_equal(p->verdict, "insufficient imagery");
	assert_int_equal(period(&r, "Q1", "2025-03")->observed_days, 1);
	assert_int_equal(period(&r, "Q2", "2025-03")->observed_days, 1);
	count_result_free(&r);
}

/* Periods are UTC: 23:30 on the 31st is January; weeks start Monday. */
static void
test_period_boundaries(void **state)
{
	struct count_result	 r;
	char			 label[16];

	(void)state;
	ship(image_at(date_from_ymd(2025, 1, 31) + 23 * 3600 + 1800,
	    QUALITY_CLEAR, 0), 300, "Angara", 0);
	ship(image_at(date_from_ymd(2025, 2, 1), QUALITY_CLEAR, 0), 300,
	    "Lady R", 0);
	run(&r, PERIOD_MONTH);
	assert_int_equal(period(&r, "Q1", "2025-01")->calls, 1);
	assert_int_equal(period(&r, "Q1", "2025-02")->calls, 1);
	count_result_free(&r);
	/* 2025-01-31 is a Friday, in ISO week 5 (Mon 27 Jan) */
	assert_int_equal(period_start(PERIOD_WEEK, date_from_ymd(2025, 2, 2)),
	    date_from_ymd(2025, 1, 27));
	period_label(PERIOD_WEEK, date_from_ymd(2025, 1, 27), label,
	    sizeof label);
	assert_string_equal(label, "2025-W05");
	period_label(PERIOD_WEEK, date_from_ymd(2024, 12, 30), label,
	    sizeof label);
	assert_string_equal(label, "2025-W01");	/* ISO year */
	assert_int_equal(period_next(PERIOD_MONTH, date_from_ymd(2024, 12, 1)),
	    date_from_ymd(2025, 1, 1));
	run(&r, PERIOD_WEEK);
	assert_int_equal(period(&r, "Q1", "2025-W05")->calls, 2);
	count_result_free(&r);
}

/* The baseline and the verdicts. */
static void
test_verdicts(void **state)
{
	struct count_result		 r;
	const struct count_period	*p;
	int				 m, d;

	(void)state;
	/* Three months with three calls each, then one: observed daily. */
	for (m = 1; m <= 4; m++)
		for (d = 1; d <= 28; d++) {
			int64_t im = image_at(day(m, d), QUALITY_CLEAR, 0);

			if ((m < 4 && (d == 3 || d == 13 || d == 23)) ||
			    (m == 4 && d == 14))
				ship(im, 300, d % 2 ? "Angara" : "Lady R", 0);
		}
	run(&r, PERIOD_MONTH);
	p = period(&r, "Q1", "2025-04");
	assert_int_equal(p->calls, 1);
	assert_true(p->has_expected);
	assert_true(fabs(p->expected - 3) < 1e-9);
	/* 1 call in 28 days against 9 in 84: Binomial(10, 1/4) */
	assert_true(fabs(p->p_value - binom_lower(1, 10, 0.25)) < 1e-12);
	assert_true(fabs(p->p_value - 0.2440252) < 1e-6);
	assert_string_equal(p->verdict, "no change");
	assert_string_equal(period(&r, "Q1", "2025-03")->verdict,
	    "no baseline");
	count_result_free(&r);
}

/*
 * Agreement: a ship both marked (offset by 5 px), one only
 * the second saw, a stack both saw with counts 20 and 23, verdicts that
 * agree on two images of three (kappa worked by hand: 0.5).
 */
static void
test_agreement(void **state)
{
	struct agree_opts	 o;
	struct agree_result	 r;
	int64_t			 i1, i2, i3;
	size_t			 k;
	const struct agree_class *sh = NULL, *sk = NULL;

	(void)state;
	i1 = image_at(day(1, 1), QUALITY_UNREVIEWED, 0);
	i2 = image_at(day(1, 2), QUALITY_UNREVIEWED, 0);
	i3 = image_at(day(1, 3), QUALITY_UNREVIEWED, 0);
	assert_int_equal(store_user_add(st, "ana", ROLE_ANALYST, err,
	    sizeof err), 0);
	assert_int_equal(store_user_add(st, "bob", ROLE_ANALYST, err,
	    sizeof err), 0);
	store_test_set_user(st, "ana");
	ship(i1, 300, NULL, 0);
	stack(i1, 600, 1, 20);
	store_image_set_quality(st, i1, QUALITY_CLEAR, err, sizeof err);
	store_image_set_quality(st, i2, QUALITY_CLEAR, err, sizeof err);
	store_image_set_quality(st, i3, QUALITY_CLOUDY, err, sizeof err);
	store_test_set_user(st, "bob");
	ship(i1, 305, NULL, 0);
	ship(i1, 800, NULL, 0);
	stack(i1, 600, 2, 23);
	store_image_set_quality(st, i1, QUALITY_CLEAR, err, sizeof err);
	store_image_set_quality(st, i2, QUALITY_PARTLY_CLOUDY, err, sizeof err);
	store_image_set_quality(st, i3, QUALITY_CLOUDY, err, sizeof err);

	memset(&o, 0, sizeof o);
	o.analyst[0] = "ana";
	o.analyst[1] = "bob";
	o.iou = 0.5;
	o.point_dist = 10;
	assert_int_equal(agreement_run(st, &o, &r, err, sizeof err), 0);
	assert_int_equal(r.nimages, 3);
	for (k = 0; k < r.nclasses; k++) {
		if (r.classes[k].a + r.classes[k].b == 3)
			sh = &r.classes[k];
		else
			sk = &r.classes[k];
	}
	assert_non_null(sh);
	assert_non_null(sk);
	assert_int_equal(sh->a, 1);
	assert_int_equal(sh->b, 2);
	assert_int_equal(sh->matched, 1);
	{
		/* 5 px along x is 5 cos 2° along the ship, 5 sin 2° across */
		double	 t = 2 * M_PI / 180, ov = (150 - 5 * cos(t)) *
			     (22 - 5 * sin(t));

		assert_true(fabs(sh->iou_sum / (double)sh->iou_n - ov /
		    (2 * 150 * 22 - ov)) < 1e-6);
	}
	assert_int_equal(sk->matched, 1);
	assert_true(fabs(sk->count_diff_sum - 3) < 1e-9);
	assert_true(r.has_kappa);
	assert_int_equal(r.kappa_n, 3);
	/* observed 2/3; chance: ana clear 2/3 cloudy 1/3, bob clear,
	 * partly, cloudy 1/3 each: 2/9 + 1/9 = 1/3; (2/3-1/3)/(2/3) */
	assert_true(fabs(r.kappa - 0.5) < 1e-9);
	agreement_free(&r);
	/* a stricter IoU leaves the ships apart */
	o.iou = 0.95;
	assert_int_equal(agreement_run(st, &o, &r, err, sizeof err), 0);
	for (k = 0; k < r.nclasses; k++)
		if (r.classes[k].a + r.classes[k].b == 3)
			assert_int_equal(r.classes[k].matched, 0);
	agreement_free(&r);
}

static void
test_poisson(void **state)
{
	(void)state;
	assert_true(fabs(poisson_lower(1, 3.3) - 0.158598) < 1e-5);
	assert_true(fabs(poisson_lower(0, 2) - exp(-2)) < 1e-12);
	assert_true(fabs(poisson_upper(5, 1) - 0.0036599) < 1e-6);
	assert_true(fabs(poisson_lower(80, 100) - 0.0226492) < 1e-6);
	assert_true(fabs(poisson_upper(120, 100) - 0.0282304) < 1e-6);
	assert_true(poisson_upper(0, 4) == 1);
	assert_true(poisson_lower(-1, 4) == 0);
	assert_true(fabs(poisson_lower(6, 4) + poisson_upper(7, 4) - 1) <
	    1e-12);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_call_spans_cloud, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_call_split_by_observation,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_unnamed_linked_by_overlap,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_stack_after_call, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_month_without_observations,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_period_boundaries, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_verdicts, setup, teardown),
		cmocka_unit_test_setup_teardown(test_agreement, setup,
		    teardown),
		cmocka_unit_test(test_poisson),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
