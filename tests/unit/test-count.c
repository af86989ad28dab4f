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
#include "tmpdir.h"

static char		 err[512];
static struct store	*st;
static int64_t		 site;
static int		 nimg;
static int		 mark_status;	/* of the next marks added */

static int
setup(void **state)
{
	double	 quay[8] = { 100, 100, 500, 100, 500, 300, 100, 300 };
	double	 quay2[8] = { 600, 100, 900, 100, 900, 300, 600, 300 };
	int64_t	 id;

	if (tmpdir_setup(state) != 0 ||
	    (st = tmpdir_store(tmp_dir, "c.db", err, sizeof err)) == NULL ||
	    store_site_ensure(st, "S", &site, err, sizeof err) != 0 ||
	    store_quay_add(st, site, "Q1", quay, 4, NULL, &id, err,
	    sizeof err) != 0 ||
	    store_quay_add(st, site, "Q2", quay2, 4, NULL, &id, err,
	    sizeof err) != 0)
		return -1;
	nimg = 0;
	mark_status = STATUS_PENDING;
	return 0;
}

static int
teardown(void **state)
{
	store_close(st);
	return tmpdir_teardown(state);
}

/* An image at a UTC time with a verdict; w x h (default 1000 x 400). */
static int64_t
image_at(int64_t t, int quality, int w)
{
	struct store_image	 im;
	enum catalog_result	 res;
	char			 path[TMPDIR_LEN], hash[32], detail[128];
	int64_t			 id;

	memset(&im, 0, sizeof im);
	tmpdir_path(path, sizeof path, tmp_dir, "img%d.tif", nimg);
	snprintf(hash, sizeof hash, "h%d", nimg++);
	im.site_id = site;
	im.path = path;
	im.name = path + strlen(tmp_dir) + 1;
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
	m.status = mark_status;
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
	m.status = mark_status;
	if (store_mark_add(st, &m, err, sizeof err) != 0)
		fail_msg("%s", err);
}

static void
base_opts(struct count_opts *o, int period)
{
	count_opts_default(o);
	o->site_id = site;
	o->period = period;
	assert_int_equal(store_class_find(st, "ship", &o->class_id, err,
	    sizeof err), 0);
	assert_int_equal(store_class_find(st, "container_stack",
	    &o->stack_class_id, err, sizeof err), 0);
}

static void
run_opts(struct count_result *r, const struct count_opts *o)
{
	if (count_run(st, o, r, err, sizeof err) != 0)
		fail_msg("%s", err);
}

static void
run(struct count_result *r, int period)
{
	struct count_opts	 o;

	base_opts(&o, period);
	run_opts(r, &o);
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

static int64_t
at(int m, int d, int h, int min)
{
	return date_from_ymd(2025, m, d) + h * 3600 + min * 60;
}

/*
 * Regression (gap rule compared seconds): Mar 1 02:00 and Mar 8 03:00 are
 * 7 calendar days apart, so with a cloudy image between they are one call
 * (and one stack); 8 calendar days apart are two. A stack first seen late
 * on the third day after the call's last sighting still belongs to it.
 */
static void
test_gap_is_calendar_days(void **state)
{
	struct count_result	 r;
	int64_t			 a, b, c;

	(void)state;
	a = image_at(at(3, 1, 2, 0), QUALITY_CLEAR, 0);
	image_at(at(3, 4, 2, 0), QUALITY_CLOUDY, 0);
	b = image_at(at(3, 8, 3, 0), QUALITY_CLEAR, 0);
	c = image_at(at(3, 11, 23, 0), QUALITY_CLEAR, 0);
	image_at(at(3, 12, 2, 0), QUALITY_CLEAR, 0);
	ship(a, 300, "Angara", 0);
	ship(b, 300, "Angara", 0);
	stack(a, 200, 5, 10);
	stack(b, 200, 5, 12);
	stack(c, 400, 6, 8);
	/* at Q2: 8 calendar days apart (7 days 23 hours), cloud between */
	ship(image_at(at(3, 20, 2, 0), QUALITY_CLEAR, 0), 700, "Maia-1", 0);
	image_at(at(3, 24, 2, 0), QUALITY_CLOUDY, 0);
	ship(image_at(at(3, 28, 1, 0), QUALITY_CLEAR, 0), 700, "Maia-1", 0);
	run(&r, PERIOD_MONTH);
	assert_int_equal(r.ncalls, 3);
	assert_string_equal(r.calls[0].identity, "Angara");
	assert_int_equal(r.calls[0].sightings, 2);
	assert_int_equal(r.calls[0].first, at(3, 1, 2, 0));
	assert_int_equal(r.calls[0].last, at(3, 8, 3, 0));
	assert_string_equal(r.calls[1].identity, "Maia-1");
	assert_int_equal(r.calls[1].sightings, 1);
	assert_string_equal(r.calls[2].identity, "Maia-1");
	assert_int_equal(r.nstacks, 2);
	assert_string_equal(r.stacks[0].identity, "track 5");
	assert_int_equal(r.stacks[0].last, at(3, 8, 3, 0));
	assert_int_equal(r.stacks[0].count_max, 12);
	assert_string_equal(r.stacks[1].identity, "track 6");
	assert_int_equal(r.stacks[1].call, 0);	/* day 11 is 8 + 3 */
	assert_int_equal(period(&r, "Q1", "2025-03")->calls, 1);
	assert_int_equal(period(&r, "Q2", "2025-03")->calls, 2);
	count_result_free(&r);
}

/*
 * A call from 30 January to 2 February is January's; the stack it left on
 * the 31st appeared in January. With --from February neither is listed.
 */
static void
test_call_spanning_months(void **state)
{
	struct count_result	 r;
	struct count_opts	 o;
	int64_t			 d[4];
	int			 i;

	(void)state;
	image_at(at(1, 28, 2, 0), QUALITY_CLEAR, 0);
	for (i = 0; i < 4; i++) {
		d[i] = image_at(at(i < 2 ? 1 : 2, i < 2 ? 30 + i : i - 1, 2, 0),
		    QUALITY_CLEAR, 0);
		ship(d[i], 300, "Lady R", 0);
		if (i > 0)
			stack(d[i], 200, 9, 20);
	}
	image_at(at(2, 4, 2, 0), QUALITY_CLEAR, 0);
	ship(image_at(at(2, 10, 2, 0), QUALITY_CLEAR, 0), 300, "Angara", 0);
	image_at(at(2, 12, 2, 0), QUALITY_CLEAR, 0);
	run(&r, PERIOD_MONTH);
	assert_int_equal(r.ncalls, 2);
	assert_int_equal(period(&r, "Q1", "2025-01")->calls, 1);
	assert_int_equal(period(&r, "Q1", "2025-02")->calls, 1);
	assert_int_equal(period(&r, "Q1", "2025-01")->stacks_appeared, 1);
	assert_int_equal(period(&r, "Q1", "2025-02")->stacks_appeared, 0);
	assert_int_equal(period(&r, "Q1", "2025-02")->stacks_removed, 1);
	assert_int_equal(period(&r, "Q1", "2025-01")->ship_days, 2);
	assert_int_equal(period(&r, "Q1", "2025-02")->ship_days, 3);
	assert_true(r.calls[0].reported && r.calls[1].reported);
	count_result_free(&r);
	/* --from 2025-02-05: the reported periods start on 1 February */
	base_opts(&o, PERIOD_MONTH);
	o.has_from = 1;
	o.from = at(2, 5, 0, 0);
	run_opts(&r, &o);
	assert_int_equal(r.from, at(2, 1, 0, 0));
	assert_string_equal(r.calls[0].identity, "Lady R");
	assert_false(r.calls[0].reported);
	assert_true(r.calls[1].reported);
	assert_false(r.stacks[0].reported);
	assert_string_equal(r.periods[0].label, "2025-02");
	count_result_free(&r);
	/* --to January: only Lady R's call */
	base_opts(&o, PERIOD_MONTH);
	o.has_to = 1;
	o.to = at(2, 1, 0, 0) - 1;
	run_opts(&r, &o);
	assert_true(r.calls[0].reported);
	assert_false(r.calls[1].reported);
	assert_true(r.stacks[0].reported);
	count_result_free(&r);
}

/*
 * Regression (--status approved split calls): a pending mark inside a stay
 * is unknown, like a cloudy image, so approved-only counts never exceed
 * the full count; it also widens the stay's bounds.
 */
static void
test_status_unknown_bridges(void **state)
{
	struct count_result	 r;
	struct count_opts	 o;
	int			 dd, approved[] = { 0, 1, 0, 1, 0, 0 };
	int			 has[] = { 0, 1, 1, 1, 1, 0 };
	int			 days[] = { 8, 10, 11, 12, 14, 15 };
	size_t			 i;

	(void)state;
	for (i = 0; i < 6; i++) {
		dd = days[i];
		mark_status = approved[i] ? STATUS_APPROVED : STATUS_PENDING;
		if (has[i])
			ship(image_at(day(1, dd), QUALITY_CLEAR, 0), 300,
			    "Angara", 0);
		else
			image_at(day(1, dd), QUALITY_CLEAR, 0);
	}
	run(&r, PERIOD_MONTH);
	assert_int_equal(r.ncalls, 1);
	assert_int_equal(r.calls[0].sightings, 4);
	assert_int_equal(r.calls[0].last, day(1, 14));
	count_result_free(&r);
	base_opts(&o, PERIOD_MONTH);
	o.status_mask = STATUS_BIT(STATUS_APPROVED);
	run_opts(&r, &o);
	assert_int_equal(r.ncalls, 1);
	assert_int_equal(r.calls[0].sightings, 2);
	assert_int_equal(r.calls[0].first, day(1, 10));
	assert_int_equal(r.calls[0].last, day(1, 12));
	assert_int_equal(r.calls[0].before, day(1, 8));
	assert_int_equal(r.calls[0].after, day(1, 15));	/* 14: unknown */
	assert_int_equal(period(&r, "Q1", "2025-01")->calls, 1);
	assert_int_equal(period(&r, "Q1", "2025-01")->ship_days, 2);
	count_result_free(&r);
}

/*
 * Regression (unassigned counted quays --quay left out): only sightings
 * outside every quay are unassigned.
 */
static void
test_unassigned_outside_every_quay(void **state)
{
	struct count_result	 r;
	struct count_opts	 o;
	int64_t			 im;

	(void)state;
	im = image_at(day(1, 5), QUALITY_CLEAR, 0);
	ship(im, 300, "Angara", 0);	/* Q1 */
	ship(im, 700, "Lady R", 0);	/* Q2 */
	ship(im, 950, "Maia-1", 0);	/* no quay */
	ship(image_at(day(1, 6), QUALITY_CLOUDY, 0), 950, "Maia-1", 0);
	run(&r, PERIOD_MONTH);
	assert_int_equal(r.unassigned, 1);
	count_result_free(&r);
	base_opts(&o, PERIOD_MONTH);
	assert_int_equal(store_quay_find(st, site, "Q1", &o.quay_id, err,
	    sizeof err), 0);
	run_opts(&r, &o);
	assert_int_equal(r.nquays, 1);
	assert_int_equal(r.unassigned, 1);
	count_result_free(&r);
}

/*
 * Regression (silent vanishing and phantom calls): a ship marked only on a
 * cloudy image, and an unnamed ship marked twice on one image, are
 * warnings; the duplicate is counted once. A ship also marked on a cloudy
 * day inside a counted call is not.
 */
static void
test_warnings(void **state)
{
	struct count_result	 r;
	int64_t			 im;

	(void)state;
	ship(image_at(day(1, 5), QUALITY_CLOUDY, 0), 300, "Angara", 0);
	image_at(day(1, 6), QUALITY_CLEAR, 0);
	im = image_at(day(1, 7), QUALITY_CLEAR, 0);
	ship(im, 300, NULL, 0);
	ship(im, 304, NULL, 0);
	ship(image_at(day(1, 8), QUALITY_CLEAR, 0), 302, NULL, 0);
	image_at(day(1, 9), QUALITY_CLEAR, 0);
	/* marked on a cloudy day of a stay that is counted: no news */
	ship(image_at(day(1, 10), QUALITY_CLEAR, 0), 700, "Lady R", 0);
	ship(image_at(day(1, 11), QUALITY_CLOUDY, 0), 700, "lady r", 0);
	ship(image_at(day(1, 12), QUALITY_CLEAR, 0), 700, "Lady R", 0);
	run(&r, PERIOD_MONTH);
	assert_int_equal(r.ncalls, 2);
	assert_int_equal(r.calls[0].sightings, 2);
	assert_int_equal(r.nwarnings, 2);
	assert_int_equal(r.warnings[0].kind, WARN_NOT_OBSERVED);
	assert_string_equal(r.warnings[0].identity, "Angara");
	assert_int_equal(r.warnings[0].t, day(1, 5));
	assert_non_null(strstr(r.warnings[0].reason, "cloudy"));
	assert_int_equal(r.warnings[1].kind, WARN_DUPLICATE);
	assert_int_equal(r.warnings[1].t, day(1, 7));
	assert_true(r.warnings[1].other_mark_id != r.warnings[1].mark_id);
	count_result_free(&r);
}

/* Doubles equal, or both NaN. */
static int
same_double(double a, double b)
{
	return (isnan(a) && isnan(b)) || a == b;
}

static void
same_tracks(const struct count_track *a, const struct count_track *b,
    size_t n)
{
	size_t	 i;

	for (i = 0; i < n; i++) {
		assert_int_equal(a[i].quay, b[i].quay);
		assert_int_equal(a[i].kind, b[i].kind);
		assert_string_equal(a[i].identity, b[i].identity);
		assert_int_equal(a[i].first, b[i].first);
		assert_int_equal(a[i].last, b[i].last);
		assert_int_equal(a[i].has_before, b[i].has_before);
		assert_int_equal(a[i].has_after, b[i].has_after);
		assert_int_equal(a[i].before, b[i].before);
		assert_int_equal(a[i].after, b[i].after);
		assert_int_equal(a[i].sightings, b[i].sightings);
		assert_int_equal(a[i].first_image, b[i].first_image);
		assert_int_equal(a[i].last_image, b[i].last_image);
		assert_int_equal(a[i].has_count, b[i].has_count);
		assert_int_equal(a[i].count_max, b[i].count_max);
		assert_int_equal(a[i].call, b[i].call);
		assert_int_equal(a[i].reported, b[i].reported);
	}
}

/* A period's calls and what follows from them and from the images. */
static void
same_period(const struct count_period *p, const struct count_period *q)
{
	assert_int_equal(p->quay, q->quay);
	assert_int_equal(p->start, q->start);
	assert_int_equal(p->calls, q->calls);
	assert_int_equal(p->observed_days, q->observed_days);
	assert_int_equal(p->unreviewed, q->unreviewed);
	assert_int_equal(p->base_calls, q->base_calls);
	assert_int_equal(p->base_days, q->base_days);
	assert_true(same_double(p->expected, q->expected));
	assert_true(same_double(p->ratio, q->ratio));
	assert_true(same_double(p->p_value, q->p_value));
	assert_string_equal(p->verdict, q->verdict);
}

/* Two results the same in every field the report, calls and stacks show. */
static void
same_result(const struct count_result *a, const struct count_result *b)
{
	const struct count_period	*p, *q;
	size_t				 i, j;

	assert_int_equal(a->marks_read, b->marks_read);
	assert_int_equal(a->unassigned, b->unassigned);
	assert_int_equal(a->ncalls, b->ncalls);
	assert_int_equal(a->nstacks, b->nstacks);
	same_tracks(a->calls, b->calls, a->ncalls);
	same_tracks(a->stacks, b->stacks, a->nstacks);
	assert_int_equal(a->nperiods, b->nperiods);
	for (i = 0; i < a->nperiods; i++) {
		p = &a->periods[i];
		q = &b->periods[i];
		same_period(p, q);
		assert_int_equal(p->nvessels, q->nvessels);
		for (j = 0; j < p->nvessels; j++)
			assert_string_equal(p->vessels[j], q->vessels[j]);
		assert_int_equal(p->ship_days, q->ship_days);
		assert_int_equal(p->stacks_appeared, q->stacks_appeared);
		assert_int_equal(p->stacks_removed, q->stacks_removed);
		assert_int_equal(p->containers_max, q->containers_max);
		assert_true(same_double(p->containers_mean, q->containers_mean));
		assert_true(same_double(p->dwell_median, q->dwell_median));
		assert_true(same_double(p->dwell_max, q->dwell_max));
		assert_true(same_double(p->dwell_max_upper,
		    q->dwell_max_upper));
	}
	assert_int_equal(a->nwarnings, b->nwarnings);
	for (i = 0; i < a->nwarnings; i++) {
		assert_int_equal(a->warnings[i].kind, b->warnings[i].kind);
		assert_int_equal(a->warnings[i].mark_id, b->warnings[i].mark_id);
		assert_int_equal(a->warnings[i].other_mark_id,
		    b->warnings[i].other_mark_id);
		assert_string_equal(a->warnings[i].identity,
		    b->warnings[i].identity);
	}
}

/* The engine over the sighting summary and over the marks themselves. */
static void
same_both_ways(const struct count_opts *o)
{
	struct count_result	 a, b;

	store_sighting_direct(st, 0);
	run_opts(&a, o);
	store_sighting_direct(st, 1);
	run_opts(&b, o);
	store_sighting_direct(st, 0);
	same_result(&a, &b);
	count_result_free(&a);
	count_result_free(&b);
}

/* Every option set the comparisons run with. */
static void
same_all_options(void)
{
	struct count_opts	 o;

	base_opts(&o, PERIOD_MONTH);
	same_both_ways(&o);
	o.status_mask = STATUS_BIT(STATUS_APPROVED);
	same_both_ways(&o);
	o.status_mask = 0;
	o.period = PERIOD_WEEK;
	same_both_ways(&o);
	base_opts(&o, PERIOD_MONTH);
	o.has_from = o.has_to = 1;
	o.from = date_from_ymd(2025, 2, 1);
	o.to = date_from_ymd(2025, 3, 1);
	assert_int_equal(store_quay_find(st, site, "Q1", &o.quay_id, err,
	    sizeof err), 0);
	same_both_ways(&o);
}

static uint32_t	 rnd_state;

static uint32_t
rnd(uint32_t n)
{
	rnd_state = rnd_state * 1103515245u + 12345u;
	return (rnd_state >> 8) % n;
}

/* Each seed after the first on a new database, the generator at seed. */
static void
reseed(uint32_t seed)
{
	if (seed > 1) {
		teardown(NULL);
		assert_int_equal(setup(NULL), 0);
	}
	rnd_state = seed;
}

/*
 * Random marks on random images (verdicts of every kind, images out of
 * time order and at equal times, a narrow one, marks named in two
 * spellings, tracked, unnamed and overlapping, of every status), then
 * random moves, renames, deletions, restorations, reviews and verdict
 * changes: after each step the report over the sighting summary equals
 * the report over the marks, field by field.
 */
static void
test_summary_same_as_marks(void **state)
{
	static const char *const names[] = { "Angara", "angara ", "Lady R",
	    "Maia-1", NULL, NULL };
	static const int quals[] = { QUALITY_CLEAR, QUALITY_CLEAR,
	    QUALITY_PARTLY_CLOUDY, QUALITY_CLOUDY, QUALITY_UNREVIEWED,
	    QUALITY_NO_DATA };
	struct store_mark	 m;
	int64_t			 img[80], t, mark[400];
	uint32_t		 span[80];	/* where marks fit: x - 120 */
	size_t			 nm = 0, i, k, step;
	uint32_t		 seed, j;

	(void)state;
	for (seed = 1; seed <= 3; seed++) {
		reseed(seed);
		nm = 0;
		for (i = 0; i < QM_NELEM(img); i++) {
			t = day(1 + (int)rnd(4), 1 + (int)rnd(28)) +
			    (int64_t)rnd(3) * 7 * 3600;
			span[i] = rnd(15) == 0 ? 320 : 800;
			img[i] = image_at(t, quals[rnd(QM_NELEM(quals))],
			    span[i] == 320 ? 450 : 0);
			for (k = rnd(6); k > 0 && nm < QM_NELEM(mark); k--) {
				mark_status = (int)rnd(3);
				if (rnd(3) == 0)
					stack(img[i], 120 + rnd(span[i]),
					    1 + rnd(4), 1 + (int)rnd(30));
				else
					ship(img[i], 120 + rnd(span[i]),
					    names[rnd(QM_NELEM(names))],
					    rnd(4) == 0 ? 1 + rnd(3) : 0);
				nm++;
			}
		}
		/* a new database each seed: the marks are 1..nm */
		for (i = 0; i < nm; i++)
			mark[i] = (int64_t)i + 1;
		same_all_options();
		for (step = 0; step < 12; step++) {
			for (k = 0; k < 8; k++) {
				i = rnd((uint32_t)nm);
				switch (rnd(5)) {
				case 0:		/* move, rename, reclass */
					if (store_mark_get(st, mark[i], &m,
					    err, sizeof err) != 0)
						fail_msg("%s", err);
					if (m.deleted) {
						store_mark_clear(&m);
						break;
					}
					j = rnd(QM_NELEM(img));
					m.cx = 120 + rnd(span[j]);
					m.image_id = img[j];
					free(m.name);
					m.name = names[rnd(4)] == NULL ? NULL :
					    xstrdup(names[rnd(4)]);
					if (store_mark_update(st, &m, 0, err,
					    sizeof err) != 0)
						fail_msg("%s", err);
					store_mark_clear(&m);
					break;
				case 1:
					(void)store_mark_delete(st, mark[i], 0,
					    err, sizeof err);
					break;
				case 2:
					(void)store_mark_restore(st, mark[i],
					    0, err, sizeof err);
					break;
				case 3:
					(void)store_mark_review(st, mark[i],
					    (int)rnd(3), "test", 0, err,
					    sizeof err);
					break;
				default:
					assert_int_equal(store_image_set_quality(
					    st, img[rnd(QM_NELEM(img))],
					    quals[rnd(QM_NELEM(quals))], err,
					    sizeof err), 0);
				}
			}
			same_all_options();
		}
	}
}

/* A live count's periods are a whole count's, in what it keeps. */
static void
same_as_whole(const struct count_live *lv, const struct count_opts *o)
{
	const struct count_result	*a = count_live_result(lv);
	struct count_result		 b;
	size_t				 i;

	run_opts(&b, o);
	assert_int_equal(a->nperiods, b.nperiods);
	for (i = 0; i < a->nperiods; i++)
		same_period(&a->periods[i], &b.periods[i]);
	count_result_free(&b);
}

/* The live count caught up, after as many whole counts, is a whole one. */
static void
caught_up(struct count_live *lv, const struct count_opts *o,
    unsigned long recounts)
{
	if (count_live_update(lv, err, sizeof err) != 0)
		fail_msg("%s", err);
	assert_int_equal(count_live_recounts(lv), recounts);
	same_as_whole(lv, o);
}

/* One random write to a random mark (as test_summary_same_as_marks). */
static void
random_edit(const int64_t *img, const uint32_t *span, size_t nimgs,
    const int64_t *mark, size_t nm, const char *const *names)
{
	struct store_mark	 m;
	size_t			 i = rnd((uint32_t)nm);
	uint32_t		 j;

	switch (rnd(5)) {
	case 0:		/* move, to another image too, and rename */
		if (store_mark_get(st, mark[i], &m, err, sizeof err) != 0)
			fail_msg("%s", err);
		if (!m.deleted) {
			j = rnd(3) == 0 ? rnd((uint32_t)nimgs) : 0;
			if (j != 0)
				m.image_id = img[j];
			m.cx = 120 + rnd(span[j]) / 40 * 40;
			free(m.name);
			m.name = names[j = rnd(4)] == NULL ? NULL :
			    xstrdup(names[j]);
			if (store_mark_update(st, &m, 0, err, sizeof err) != 0)
				fail_msg("%s", err);
		}
		store_mark_clear(&m);
		break;
	case 1:
		(void)store_mark_delete(st, mark[i], 0, err, sizeof err);
		break;
	case 2:
		(void)store_mark_restore(st, mark[i], 0, err, sizeof err);
		break;
	case 3:
		(void)store_mark_review(st, mark[i], (int)rnd(3), "test", 0,
		    err, sizeof err);
		break;
	default:	/* a new mark: ship() takes the status of the next */
		mark_status = (int)rnd(3);
		ship(img[rnd((uint32_t)nimgs)], 120 + rnd(800) / 40 * 40,
		    names[rnd(6)], 0);
	}
}

/*
 * Deleting a mark changes links after its observation even when every
 * label on its own stays: an unnamed ship that followed it now follows
 * its neighbour, and the two calls become one.
 */
static void
test_live_relinks_after_the_change(void **state)
{
	struct count_live	*lv;
	struct count_opts	 o;
	int64_t			 d2, x;

	(void)state;
	(void)image_at(day(3, 1), QUALITY_CLEAR, 0);
	d2 = image_at(day(3, 2), QUALITY_CLEAR, 0);
	ship(d2, 200, NULL, 0);
	ship(d2, 300, NULL, 0);
	x = 2;
	ship(image_at(day(3, 3), QUALITY_CLEAR, 0), 260, NULL, 0);
	base_opts(&o, PERIOD_MONTH);
	o.stack_class_id = 0;
	assert_int_equal(count_live_open(st, &o, &lv, err, sizeof err), 0);
	assert_int_equal(period(count_live_result(lv), "Q1", "2025-03")->calls,
	    2);
	assert_int_equal(store_mark_delete(st, x, 0, err, sizeof err), 0);
	caught_up(lv, &o, 1);
	assert_int_equal(period(count_live_result(lv), "Q1", "2025-03")->calls,
	    1);
	count_live_free(lv);
}

/* Past 500 marks written since, the live count counts the site whole. */
static void
test_live_many_marks_count_whole(void **state)
{
	struct count_live	*lv;
	struct count_opts	 o;
	int64_t			 img;
	int			 i;

	(void)state;
	img = image_at(day(3, 1), QUALITY_CLEAR, 0);
	base_opts(&o, PERIOD_MONTH);
	assert_int_equal(count_live_open(st, &o, &lv, err, sizeof err), 0);
	assert_int_equal(store_begin(st, err, sizeof err), 0);
	for (i = 0; i < 500; i++)
		ship(img, 120 + i % 300, NULL, 0);
	assert_int_equal(store_commit(st, err, sizeof err), 0);
	caught_up(lv, &o, 1);	/* 500: one by one */
	ship(img, 450, "Angara", 0);
	caught_up(lv, &o, 1);
	assert_int_equal(store_begin(st, err, sizeof err), 0);
	for (i = 0; i < 501; i++)
		ship(img, 120 + i % 300, NULL, 0);
	assert_int_equal(store_commit(st, err, sizeof err), 0);
	caught_up(lv, &o, 2);
	count_live_free(lv);
}

/*
 * Random marks, many unnamed and overlapping (so that links between
 * observations form, break and re-form), then one random write at a time:
 * after each, the live count caught up mark by mark equals a whole count,
 * and counted nothing whole again; a verdict change counts it whole.
 */
static void
test_live_same_as_whole(void **state)
{
	static const char *const names[] = { "Angara", "Lady R", NULL, NULL,
	    NULL, NULL };
	static const int quals[] = { QUALITY_CLEAR, QUALITY_CLEAR,
	    QUALITY_CLEAR, QUALITY_PARTLY_CLOUDY, QUALITY_CLOUDY,
	    QUALITY_UNREVIEWED };
	struct count_live	*lv;
	struct count_opts	 o;
	int64_t			 img[60], mark[600];
	uint32_t		 span[60];
	size_t			 nm, i, k, step;
	uint32_t		 seed;

	(void)state;
	for (seed = 1; seed <= 4; seed++) {
		reseed(seed);
		nm = 0;
		for (i = 0; i < QM_NELEM(img); i++) {
			span[i] = 800;
			img[i] = image_at(day(1 + (int)(i / 20), 1 + (int)(i %
			    20)) + (int64_t)rnd(2) * 5 * 3600,
			    quals[rnd(QM_NELEM(quals))], 0);
			for (k = 2 + rnd(6); k > 0; k--) {
				mark_status = (int)rnd(3);
				ship(img[i], 120 + rnd(800) / 40 * 40,
				    names[rnd(QM_NELEM(names))],
				    rnd(8) == 0 ? 1 + rnd(2) : 0);
				mark[nm] = (int64_t)nm + 1;
				nm++;
			}
		}
		base_opts(&o, seed % 2 ? PERIOD_MONTH : PERIOD_WEEK);
		o.stack_class_id = 0;
		if (seed == 3)
			o.status_mask = STATUS_BIT(STATUS_APPROVED);
		assert_int_equal(count_live_open(st, &o, &lv, err, sizeof err),
		    0);
		same_as_whole(lv, &o);
		for (step = 0; step < 150; step++) {
			random_edit(img, span, QM_NELEM(img), mark, nm, names);
			caught_up(lv, &o, 1);
		}
		assert_int_equal(store_image_set_quality(st, img[7],
		    QUALITY_CLOUDY, err, sizeof err), 0);
		caught_up(lv, &o, 2);
		count_live_free(lv);
	}
}

/*
 * Regression (evidence found its marks again by name): two unnamed ships
 * side by side are two calls; each call's evidence shows its own mark, not
 * both, and the days the evidence calls observed are the report's.
 */
static void
test_evidence_is_the_count(void **state)
{
	struct count_result	 r;
	struct count_opts	 o;
	struct count_evidence	 ev;
	const struct evidence_shot *sh;
	int64_t			 im, seen[2] = { 0, 0 }, last_day;
	size_t			 i, k, nfirst = 0;
	int			 d, days;

	(void)state;
	image_at(day(1, 1), QUALITY_CLEAR, 0);
	for (d = 2; d <= 3; d++) {
		im = image_at(day(1, d), QUALITY_CLEAR, 0);
		ship(im, 180, NULL, 0);
		ship(im, 420, NULL, 0);
	}
	image_at(day(1, 4), QUALITY_CLOUDY, 0);
	image_at(day(1, 5), QUALITY_CLEAR, 0);
	base_opts(&o, PERIOD_MONTH);
	o.evidence = 1;
	run_opts(&r, &o);
	assert_int_equal(r.ncalls, 2);
	assert_int_equal(count_evidence_collect(st, &o, &r, &ev, err,
	    sizeof err), 0);
	for (i = 0; i < ev.nshots; i++) {
		sh = &ev.shots[i];
		if (sh->kind != EVIDENCE_CALL || sh->role != EVIDENCE_FIRST)
			continue;
		nfirst++;
		assert_int_equal(sh->nmarks, 1);
		assert_int_equal(sh->marks[0].id,
		    r.calls[sh->track].first_marks[0]);
		seen[sh->track] = sh->marks[0].id;
		assert_int_equal(sh->im.id, r.calls[sh->track].first_image);
	}
	assert_int_equal(nfirst, 2);
	assert_true(seen[0] != seen[1]);
	for (i = 0; i < ev.nshots; i++) {
		sh = &ev.shots[i];
		if (sh->kind == EVIDENCE_CALL && sh->role == EVIDENCE_BEFORE)
			assert_int_equal(sh->im.acquired,
			    r.calls[sh->track].before);
		if (sh->kind == EVIDENCE_CALL && sh->role == EVIDENCE_AFTER)
			assert_int_equal(sh->im.acquired, day(1, 5));
	}
	for (k = 0; k < r.nperiods; k++) {
		days = 0;
		last_day = -1;
		for (i = 0; i < ev.ndays; i++)
			if (ev.days[i].period == k && ev.days[i].observed &&
			    date_day_floor(ev.days[i].acquired) != last_day) {
				days++;
				last_day = date_day_floor(ev.days[i].acquired);
			}
		assert_int_equal(days, r.periods[k].observed_days);
	}
	count_evidence_free(&ev);
	count_result_free(&r);
	/* without the engine's record there is no evidence to give */
	o.evidence = 0;
	run_opts(&r, &o);
	assert_int_not_equal(count_evidence_collect(st, &o, &r, &ev, err,
	    sizeof err), 0);
	count_evidence_free(&ev);
	count_result_free(&r);
}

/*
 * P(X <= x), Binomial(n, p), each term from log-gamma on its own. (A
 * recurrence from (1-p)^n underflows where p is near 1, and under
 * valgrind long double has only double's range.)
 */
static long double
ref_binom_le(int x, int n, long double p)
{
	long double	 s = 0;
	int		 k;

	if (p <= 0)
		return x >= 0 ? 1 : 0;
	if (p >= 1)
		return x >= n ? 1 : 0;
	for (k = 0; k <= x && k <= n; k++)
		s += expl(lgammal(n + 1) - lgammal(k + 1) -
		    lgammal(n - k + 1) + k * logl(p) + (n - k) * log1pl(-p));
	return s;
}

/*
 * The conditional test of two Poisson rates: the issue's reference values
 * (computed independently), then a grid against the recurrence above,
 * and the interval's ends where each tail is 2.5 %.
 */
static void
test_rate_test(void **state)
{
	struct rate_test	 rt;
	static const int	 xs[] = { 0, 1, 2, 5, 13, 150 };
	static const int	 ys[] = { 0, 1, 9, 40, 400 };
	static const double	 ts[] = { 1, 8, 23, 31 }, ss[] = { 5, 57, 90 };
	size_t			 a, b, c, d;
	long double		 p, lo, up;
	double			 pi;
	int			 n;

	(void)state;
	rate_test(1, 8, 12, 74, 0.95, &rt);
	assert_true(fabs(rt.p_lower - 0.6333) < 5e-5);
	assert_true(fabs(rt.ratio - (1.0 / 8) / (12.0 / 74)) < 1e-12);
	rate_test(1, 8, 0, 74, 0.95, &rt);
	assert_true(fabs(rt.p_upper - 0.0976) < 5e-5);
	assert_true(isinf(rt.ratio) && isinf(rt.hi));
	rate_test(0, 23, 9, 57, 0.95, &rt);
	assert_true(fabs(rt.p_lower - 0.0473) < 5e-5);
	assert_true(rt.ratio == 0 && rt.lo == 0);
	for (a = 0; a < QM_NELEM(xs); a++)
	for (b = 0; b < QM_NELEM(ts); b++)
	for (c = 0; c < QM_NELEM(ys); c++)
	for (d = 0; d < QM_NELEM(ss); d++) {
		int	 x = xs[a], y = ys[c];

		n = x + y;
		rate_test(x, ts[b], y, ss[d], 0.95, &rt);
		p = (long double)ts[b] / (ts[b] + ss[d]);
		lo = ref_binom_le(x, n, p);
		up = 1 - ref_binom_le(x - 1, n, p);
		assert_true(fabsl(rt.p_lower - lo) < 1e-10);
		assert_true(fabsl(rt.p_upper - up) < 1e-10);
		if (n == 0)
			continue;
		/* back from the ratio to the proportion: tails at 2.5 % */
		if (x > 0) {
			pi = rt.lo * ts[b] / (rt.lo * ts[b] + ss[d]);
			assert_true(fabsl(1 - ref_binom_le(x - 1, n, pi) -
			    0.025L) < 1e-7);
		}
		if (y > 0) {
			pi = rt.hi * ts[b] / (rt.hi * ts[b] + ss[d]);
			assert_true(fabsl(ref_binom_le(x, n, pi) - 0.025L) <
			    1e-7);
			assert_true(rt.lo <= rt.ratio && rt.ratio <= rt.hi);
		}
	}
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
		cmocka_unit_test(test_rate_test),
		cmocka_unit_test_setup_teardown(test_gap_is_calendar_days,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_call_spanning_months,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_status_unknown_bridges,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(
		    test_unassigned_outside_every_quay, setup, teardown),
		cmocka_unit_test_setup_teardown(test_summary_same_as_marks,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_live_same_as_whole, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(
		    test_live_relinks_after_the_change, setup, teardown),
		cmocka_unit_test_setup_teardown(
		    test_live_many_marks_count_whole, setup, teardown),
		cmocka_unit_test_setup_teardown(test_evidence_is_the_count,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_warnings, setup,
		    teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
