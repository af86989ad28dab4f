/*
 * scenario.c: who is at the port on which day. The arms-quay calls are
 * written down (the story is the point: at least three a month from
 * October to December, the last December call arriving on the 21st, one
 * in January arriving on the 14th after unloading empty containers at the
 * container quay on the 13th); the seed chooses the rest: image dates one
 * to three days apart, clouds (more in January), unnamed traffic, the
 * stacks each call leaves and how long they stay (up to three weeks).
 * The truth is then what a perfect analyst would see on the observations.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "demo-int.h"
#include "../store/store.h"
#include "../util/util.h"

#define NDAYS		151	/* 2024-10-01 .. 2025-02-28 */
#define D(m, d)		((m) == 10 ? (d) - 1 : (m) == 11 ? 30 + (d) : \
			 (m) == 12 ? 60 + (d) : (m) == 1 ? 91 + (d) : 122 + (d))
#define BERTH_Y		416.0
#define APRON_Y		346.0
#define STACK_MAX_DWELL	21

const struct demo_quay demo_quays[3] = {
	{ "Arms quay", { 200, 300, 700, 300, 700, 455, 200, 455 } },
	{ "Container quay", { 850, 300, 1400, 300, 1400, 455, 850, 455 } },
	{ "North pier", { 1405, 392, 1565, 392, 1565, 820, 1405, 820 } },
};

/* The named vessels; unnamed traffic is appended at run time. */
static const struct demo_vessel named[] = {
	{ "Angara", 150, 22, { 44, 58, 84 }, 1 },
	{ "Lady R", 140, 21, { 112, 34, 32 }, 1 },
	{ "Maia-1", 122, 19, { 38, 78, 54 }, 1 },
};

static const struct {
	int	 vessel, quay, arrive, depart;
} script[] = {
	{ 0, DEMO_Q_ARMS, D(10, 2), D(10, 5) },
	{ 1, DEMO_Q_ARMS, D(10, 11), D(10, 13) },
	{ 0, DEMO_Q_ARMS, D(10, 22), D(10, 25) },
	{ 1, DEMO_Q_ARMS, D(11, 1), D(11, 4) },
	{ 2, DEMO_Q_ARMS, D(11, 9), D(11, 11) },
	{ 0, DEMO_Q_ARMS, D(11, 17), D(11, 20) },
	{ 1, DEMO_Q_ARMS, D(11, 26), D(11, 28) },
	{ 2, DEMO_Q_ARMS, D(12, 3), D(12, 5) },
	{ 0, DEMO_Q_ARMS, D(12, 11), D(12, 14) },
	{ 1, DEMO_Q_ARMS, D(12, 21), D(12, 24) },
	{ 0, DEMO_Q_CONTAINER, D(1, 13), D(1, 13) },
	{ 0, DEMO_Q_ARMS, D(1, 14), D(1, 17) },
	{ 1, DEMO_Q_ARMS, D(2, 4), D(2, 7) },
	{ 2, DEMO_Q_ARMS, D(2, 13), D(2, 15) },
	{ 0, DEMO_Q_ARMS, D(2, 22), D(2, 25) },
};

static const double arms_slots[] = { 245, 335, 425, 515, 605 };
static const double cont_slots[] = { 895, 985, 1075, 1165, 1255, 1345 };

void
rng_seed(struct rng *r, uint64_t seed)
{
	r->s = seed * 0x9e3779b97f4a7c15ull + 0x632be59bd9b4e019ull;
}

/* splitmix64 */
uint64_t
rng_next(struct rng *r)
{
	uint64_t	 z;

	z = (r->s += 0x9e3779b97f4a7c15ull);
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
	return z ^ (z >> 31);
}

/* Uniform in [lo, hi]. */
int
rng_int(struct rng *r, int lo, int hi)
{
	return lo + (int)(rng_next(r) % (uint64_t)(hi - lo + 1));
}

double
rng_unit(struct rng *r)
{
	return (double)(rng_next(r) >> 11) / 9007199254740992.0;
}

uint32_t
hash32(uint32_t a, uint32_t b, uint32_t c)
{
	uint32_t	 h = a * 0x9e3779b1u ^ b * 0x85ebca77u ^ c * 0xc2b2ae3du;

	h ^= h >> 16;
	h *= 0x7feb352du;
	h ^= h >> 15;
	h *= 0x846ca68bu;
	h ^= h >> 16;
	return h;
}

static size_t
add_vessel(struct demo_scene *sc, const struct demo_vessel *v)
{
	sc->vessels = xreallocarray(sc->vessels, sc->nvessels + 1,
	    sizeof *sc->vessels);
	sc->vessels[sc->nvessels] = *v;
	return sc->nvessels++;
}

static struct demo_call *
add_call(struct demo_scene *sc, int vessel, int quay, int arrive, int depart)
{
	struct demo_call	*c;

	sc->calls = xreallocarray(sc->calls, sc->ncalls + 1, sizeof *sc->calls);
	c = &sc->calls[sc->ncalls++];
	memset(c, 0, sizeof *c);
	c->vessel = vessel;
	c->quay = quay;
	c->arrive = arrive;
	c->depart = depart;
	c->first_seen = c->last_seen = -1;
	return c;
}

/* Is a slot at x free of stacks over [first, last] (with a day's margin)? */
static int
slot_free(const struct demo_scene *sc, int quay, double x, int first,
    int last)
{
	size_t	 i;

	for (i = 0; i < sc->nstacks; i++) {
		const struct demo_stack *s = &sc->stacks[i];

		if (s->quay == quay && s->cx == x && s->first <= last + 1 &&
		    s->last >= first - 1)
			return 0;
	}
	return 1;
}

static void
add_stack(struct demo_scene *sc, struct rng *r, int quay, int call,
    int first, int dwell)
{
	const double	*slots = quay == DEMO_Q_ARMS ? arms_slots : cont_slots;
	size_t		 nslots = quay == DEMO_Q_ARMS ?
	    QM_NELEM(arms_slots) : QM_NELEM(cont_slots);
	struct demo_stack *s;
	size_t		 i, start;
	int		 last = first + dwell;

	if (last > NDAYS - 1)
		last = NDAYS - 1;
	start = (size_t)rng_int(r, 0, (int)nslots - 1);
	for (i = 0; i < nslots; i++) {
		double x = slots[(start + i) % nslots];

		if (!slot_free(sc, quay, x, first, last))
			continue;
		sc->stacks = xreallocarray(sc->stacks, sc->nstacks + 1,
		    sizeof *sc->stacks);
		s = &sc->stacks[sc->nstacks++];
		memset(s, 0, sizeof *s);
		s->quay = quay;
		s->first = first;
		s->last = last;
		s->cx = x;
		s->cy = APRON_Y + rng_int(r, -8, 8);
		s->cols = rng_int(r, 3, 6);
		s->rows = rng_int(r, 4, 9);
		s->call = call;
		s->seed = (uint32_t)rng_next(r);
		s->first_seen = s->last_seen = -1;
		return;
	}
}

static int
day_forced(const struct demo_scene *sc, int day)
{
	size_t	 i;

	for (i = 0; i < sc->ncalls; i++)
		if (sc->vessels[sc->calls[i].vessel].name != NULL &&
		    sc->calls[i].arrive == day)
			return 1;
	return 0;
}

/* Image dates one to three days apart, never skipping a forced day. */
static void
schedule_images(struct demo_scene *sc, struct rng *r)
{
	struct demo_image	*im;
	int			 d = 0, next, k, month, nodata_nov = -1;
	int			 nodata_feb = -1;
	double			 p;

	while (d < NDAYS) {
		sc->images = xreallocarray(sc->images, sc->nimages + 1,
		    sizeof *sc->images);
		im = &sc->images[sc->nimages++];
		memset(im, 0, sizeof *im);
		im->day = d;
		im->minute = 120 + rng_int(r, 0, 35);
		im->seed = (uint32_t)rng_next(r);
		im->light = 0.92 + 0.16 * rng_unit(r);
		month = d <= D(10, 31) ? 10 : d <= D(11, 30) ? 11 :
		    d <= D(12, 31) ? 12 : d <= D(1, 31) ? 1 : 2;
		p = rng_unit(r);
		if (day_forced(sc, d))
			im->quality = QUALITY_CLEAR;
		else if (p < (month == 1 ? 0.50 : 0.16))
			im->quality = QUALITY_CLOUDY;
		else if (p < (month == 1 ? 0.62 : 0.36))
			im->quality = QUALITY_PARTLY_CLOUDY;
		else
			im->quality = QUALITY_CLEAR;
		if (month == 11 && nodata_nov < 0 && d >= D(11, 13) &&
		    !day_forced(sc, d)) {
			im->quality = QUALITY_NO_DATA;
			nodata_nov = d;
		}
		if (month == 2 && nodata_feb < 0 && d >= D(2, 17) &&
		    !day_forced(sc, d)) {
			im->quality = QUALITY_NO_DATA;
			nodata_feb = d;
		}
		next = d + rng_int(r, 1, 3);
		for (k = d + 1; k < next; k++)
			if (day_forced(sc, k)) {
				next = k;
				break;
			}
		d = next;
	}
}

static void
name_images(struct demo_scene *sc)
{
	struct demo_image	*im;
	int			 y, m, dd;
	size_t			 i;

	for (i = 0; i < sc->nimages; i++) {
		im = &sc->images[i];
		im->png = (i % 7 == 3);
		date_to_ymd(sc->day0 + (int64_t)im->day * 86400, &y, &m, &dd);
		if (im->png)
			snprintf(im->name, sizeof im->name,
			    "rajin_%04d-%02d-%02dT%02d%02dZ.png", y, m % 100,
			    dd % 100, im->minute / 60 % 100, im->minute % 60);
		else
			snprintf(im->name, sizeof im->name,
			    "rajin_%04d%02d%02d.tif", y, m % 100, dd % 100);
	}
}

int
scenario_observed(const struct demo_scene *sc, size_t i)
{
	return sc->images[i].quality == QUALITY_CLEAR ||
	    sc->images[i].quality == QUALITY_PARTLY_CLOUDY;
}

/* What a perfect analyst sees: first and last observed sightings. */
static void
compute_truth(struct demo_scene *sc)
{
	size_t	 i, k;
	int	 d;

	for (i = 0; i < sc->nimages; i++) {
		if (!scenario_observed(sc, i))
			continue;
		d = sc->images[i].day;
		for (k = 0; k < sc->ncalls; k++) {
			struct demo_call *c = &sc->calls[k];

			if (d < c->arrive || d > c->depart)
				continue;
			if (c->first_seen < 0)
				c->first_seen = d;
			c->last_seen = d;
			c->sightings++;
		}
		for (k = 0; k < sc->nstacks; k++) {
			struct demo_stack *s = &sc->stacks[k];

			if (d < s->first || d > s->last)
				continue;
			if (s->first_seen < 0)
				s->first_seen = d;
			s->last_seen = d;
		}
	}
}

/*
 * Build the scene for seed at scale (1 = 1600 x 1000 pixels of 1 m).
 * Returns 0, or -1 if the schedule breaks one of the story's rules (a
 * programming error, reported rather than written out wrong).
 */
int
scenario_build(struct demo_scene *sc, uint32_t seed, double scale, char *err,
    size_t errlen)
{
	struct demo_vessel	 v;
	struct demo_call	*c;
	struct rng		 r;
	size_t			 i, ncalls_named;
	int			 d, k, stay, berth = 0, pier_side = 0;
	int64_t			 track = 1;

	memset(sc, 0, sizeof *sc);
	sc->seed = seed;
	sc->scale = scale;
	sc->width = (int)(DEMO_W * scale + 0.5);
	sc->height = (int)(DEMO_H * scale + 0.5);
	sc->day0 = date_from_ymd(2024, 10, 1);
	rng_seed(&r, seed);
	for (i = 0; i < QM_NELEM(named); i++)
		add_vessel(sc, &named[i]);

	for (i = 0; i < QM_NELEM(script); i++) {
		c = add_call(sc, script[i].vessel, script[i].quay,
		    script[i].arrive, script[i].depart);
		if (c->quay == DEMO_Q_ARMS) {
			c->cx = (berth++ % 2) ? 560 : 330;
			c->cy = BERTH_Y;
		} else {
			c->cx = 1125;
			c->cy = BERTH_Y;
		}
		c->angle = rng_int(&r, -20, 20) / 10.0;
	}
	ncalls_named = sc->ncalls;

	/* Unnamed cargo ships at the container quay, about weekly. */
	for (d = rng_int(&r, 0, 4); d < NDAYS - 1; d += rng_int(&r, 5, 9)) {
		memset(&v, 0, sizeof v);
		v.length = rng_int(&r, 100, 150);
		v.beam = 16 + v.length / 25;
		v.hull[0] = (uint8_t)rng_int(&r, 40, 150);
		v.hull[1] = (uint8_t)rng_int(&r, 40, 110);
		v.hull[2] = (uint8_t)rng_int(&r, 40, 120);
		v.deck_cargo = rng_int(&r, 0, 1);
		stay = rng_int(&r, 0, 2);
		c = add_call(sc, (int)add_vessel(sc, &v), DEMO_Q_CONTAINER, d,
		    d + stay < NDAYS ? d + stay : NDAYS - 1);
		c->cx = (berth++ % 2) ? 945 : 1300;
		c->cy = BERTH_Y;
		c->angle = rng_int(&r, -25, 25) / 10.0;
	}
	/* Small tankers at the pier. */
	for (d = rng_int(&r, 2, 8); d < NDAYS - 1; d += rng_int(&r, 6, 12)) {
		memset(&v, 0, sizeof v);
		v.length = rng_int(&r, 60, 90);
		v.beam = 13;
		v.hull[0] = (uint8_t)rng_int(&r, 120, 170);
		v.hull[1] = (uint8_t)rng_int(&r, 60, 90);
		v.hull[2] = (uint8_t)rng_int(&r, 30, 50);
		c = add_call(sc, (int)add_vessel(sc, &v), DEMO_Q_PIER, d,
		    d + rng_int(&r, 0, 1));
		c->cx = (pier_side++ % 2) ? 1440 : 1530;
		c->cy = rng_int(&r, 480, 720);
		c->angle = 90 + rng_int(&r, -15, 15) / 10.0;
	}

	/* Stacks: each arms call leaves one or two; the first stays 21 days. */
	for (i = 0; i < sc->ncalls; i++) {
		c = &sc->calls[i];
		if (i < ncalls_named && c->quay == DEMO_Q_ARMS) {
			for (k = rng_int(&r, 1, 2); k > 0; k--)
				add_stack(sc, &r, DEMO_Q_ARMS, (int)i,
				    c->arrive + rng_int(&r, 0, 1),
				    i == 0 && k == 1 ? STACK_MAX_DWELL :
				    rng_int(&r, 6, STACK_MAX_DWELL - 1));
		} else if (c->quay == DEMO_Q_CONTAINER)
			add_stack(sc, &r, DEMO_Q_CONTAINER, (int)i, c->arrive +
			    (i < ncalls_named ? 0 : rng_int(&r, 0, 1)),
			    rng_int(&r, 3, 10));
	}
	schedule_images(sc, &r);
	name_images(sc);
	compute_truth(sc);

	/* Track ids in a stable order: calls first, then stacks. */
	for (i = 0; i < sc->ncalls; i++)
		sc->calls[i].track = track++;
	for (i = 0; i < sc->nstacks; i++)
		sc->stacks[i].track = track++;

	for (i = 0; i < ncalls_named; i++)
		if (sc->calls[i].sightings == 0)
			return errf(err, errlen, "demo: call %zu of %s is never "
			    "observed", i, sc->vessels[sc->calls[i].vessel].name);
	return 0;
}

void
scenario_free(struct demo_scene *sc)
{
	free(sc->vessels);
	free(sc->calls);
	free(sc->stacks);
	free(sc->images);
	free(sc->base);
	memset(sc, 0, sizeof *sc);
}
