/*
 * engine.c: marks to calls, stacks and per-period counts, by the rules in
 * the man page (COUNTING):
 *  - an observation of a quay is a clear or partly cloudy image that shows
 *    at least min_cover of the quay's polygon;
 *  - a sighting is a mark on an observation, at the quay holding its
 *    centre;
 *  - a sighting's identity is its name, else its track, else the unnamed
 *    sighting of the same class it overlaps (IoU >= iou; points within
 *    point_dist pixels) on the quay's previous observation;
 *  - sightings of one identity at one quay on consecutive observations, at
 *    most gap_days apart in UTC calendar days, are one call (or one
 *    stack); the observations either side that did not show it bound its
 *    arrival and departure;
 *  - a mark --status leaves out (other than a rejected one) is unknown:
 *    its observation neither shows the ship nor its absence, as if cloudy.
 */
#include <ctype.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "count.h"
#include "engine.h"
#include "../util/util.h"

void
count_opts_default(struct count_opts *o)
{
	memset(o, 0, sizeof *o);
	o->status_mask = STATUS_BIT(STATUS_PENDING) | STATUS_BIT(STATUS_APPROVED);
	o->period = PERIOD_MONTH;
	o->iou = 0.3;
	o->point_dist = 20;
	o->gap_days = 7;
	o->attach_days = 3;
	o->baseline = 3;
	o->alpha = 0.05;
	o->min_days = 5;
	o->min_cover = 0.9;
}

/* The hash of the engine's and live.c's tables keyed by an id. */
uint64_t
engine_mix(uint64_t x)
{
	x ^= x >> 33;
	x *= 0xff51afd7ed558ccdull;
	x ^= x >> 33;
	return x;
}

static uint64_t
str_hash(const char *s)
{
	uint64_t	 h = 1469598103934665603ull;

	while (*s != '\0')
		h = (h ^ (unsigned char)*s++) * 1099511628211ull;
	return h;
}

/*
 * "  Lady  R " and "lady r" are one vessel: trim, collapse spaces, fold
 * ASCII case, into norm (at most len - 1 bytes kept).
 */
static void
normalise(const char *s, char *norm, size_t len)
{
	size_t	 n = 0;
	int	 space = 0;

	while (isspace((unsigned char)*s))
		s++;
	for (; *s != '\0' && n + 2 < len; s++) {
		if (isspace((unsigned char)*s)) {
			space = 1;
			continue;
		}
		if (space && n > 0)
			norm[n++] = ' ';
		space = 0;
		norm[n++] = (char)tolower((unsigned char)*s);
	}
	norm[n] = '\0';
}

/* The name as first written, trimmed. */
static char *
shown_name(const char *s)
{
	size_t	 n;

	while (isspace((unsigned char)*s))
		s++;
	n = strlen(s);
	while (n > 0 && isspace((unsigned char)s[n - 1]))
		n--;
	return xstrndup(s, n);
}

static void
names_grow(struct names *nm)
{
	size_t	 i, j, nslot = nm->nslot ? nm->nslot * 2 : 64;

	free(nm->slot);
	nm->slot = xcalloc(nslot, sizeof *nm->slot);
	nm->nslot = nslot;
	for (i = 0; i < nm->n; i++) {
		j = str_hash(nm->norm[i]) & (nslot - 1);
		while (nm->slot[j] != 0)
			j = (j + 1) & (nslot - 1);
		nm->slot[j] = i + 1;
	}
}

/* The index of a vessel name, interning it; -1 for a blank name. */
static int64_t
name_index(struct names *nm, const char *raw)
{
	char	 norm[256];
	size_t	 j;

	normalise(raw, norm, sizeof norm);
	if (*norm == '\0')
		return -1;
	if (nm->n * 2 >= nm->nslot)
		names_grow(nm);
	j = str_hash(norm) & (nm->nslot - 1);
	while (nm->slot[j] != 0) {
		if (strcmp(nm->norm[nm->slot[j] - 1], norm) == 0)
			return (int64_t)nm->slot[j] - 1;
		j = (j + 1) & (nm->nslot - 1);
	}
	if (nm->n == nm->cap) {
		nm->cap = nm->cap ? nm->cap * 2 : 32;
		nm->norm = xreallocarray(nm->norm, nm->cap, sizeof *nm->norm);
		nm->shown = xreallocarray(nm->shown, nm->cap,
		    sizeof *nm->shown);
	}
	nm->norm[nm->n] = xstrdup(norm);
	nm->shown[nm->n] = shown_name(raw);
	nm->slot[j] = ++nm->n;
	return (int64_t)nm->n - 1;
}

/*
 * name_index through a cache of names as written: the rows of one vessel
 * spell it the same way, mostly, and are many.
 */
static int64_t
name_index_raw(struct names *nm, const char *raw)
{
	size_t	 j = str_hash(raw) & (QM_NELEM(nm->raw) - 1);

	if (nm->raw[j] != NULL && strcmp(nm->raw[j], raw) == 0)
		return nm->raw_idx[j];
	free(nm->raw[j]);
	nm->raw[j] = xstrdup(raw);
	return nm->raw_idx[j] = name_index(nm, raw);
}

static void
names_free(struct names *nm)
{
	size_t	 i;

	for (i = 0; i < QM_NELEM(nm->raw); i++)
		free(nm->raw[i]);

	for (i = 0; i < nm->n; i++) {
		free(nm->norm[i]);
		free(nm->shown[i]);
	}
	free(nm->norm);
	free(nm->shown);
	free(nm->slot);
}

static long
image_index(const struct engine *e, int64_t id)
{
	size_t	 j = engine_mix((uint64_t)id) & (e->im_slots - 1);

	while (e->im_key[j] != 0) {
		if (e->im_key[j] == id)
			return (long)e->im_val[j];
		j = (j + 1) & (e->im_slots - 1);
	}
	return -1;
}

/* The same for the rows read, which come image by image; and its day. */
static long
row_image(struct engine *e, int64_t id)
{
	if (id != e->last_image || id == 0) {
		e->last_image = id;
		e->last_idx = image_index(e, id);
		if (e->last_idx >= 0)
			e->last_day = (int32_t)(date_day_floor(
			    e->im[e->last_idx].acquired) / 86400);
	}
	return e->last_idx;
}

/* For evidence.c: the images as the engine saw them, in its order. */
static void
keep_images(struct engine *e)
{
	struct count_result	*r = e->res;
	size_t			 i, n = r->nquays * e->nim;

	r->nimages = e->nim;
	r->image_ids = xcalloc(e->nim + 1, sizeof *r->image_ids);
	r->image_times = xcalloc(e->nim + 1, sizeof *r->image_times);
	r->cover = xcalloc(n + 1, sizeof *r->cover);
	r->observed = xcalloc(n + 1, sizeof *r->observed);
	for (i = 0; i < e->nim; i++) {
		r->image_ids[i] = e->im[i].id;
		r->image_times[i] = e->im[i].acquired;
	}
}

/* Do a and b show the same ground (so the quays cover them alike)? */
static int
same_footprint(const struct store_image *a, const struct store_image *b)
{
	return a->width == b->width && a->height == b->height &&
	    a->has_gt == b->has_gt && memcmp(a->gt, b->gt, sizeof a->gt) == 0 &&
	    (a->crs_code == NULL) == (b->crs_code == NULL) &&
	    (a->crs_code == NULL || strcmp(a->crs_code, b->crs_code) == 0);
}

/*
 * The share of each counted quay each image shows, [image * nquays +
 * quay]: the caller's. A run of images of one footprint (a fixed camera,
 * one satellite's tiling) is measured once.
 */
static double *
covers(struct engine *e)
{
	size_t	 i, q, nq = e->res->nquays;
	double	*cov = xcalloc(e->nim * nq + 1, sizeof *cov);

	for (i = 0; i < e->nim; i++)
		for (q = 0; q < nq; q++)
			cov[i * nq + q] = i > 0 && same_footprint(&e->im[i],
			    &e->im[i - 1]) ? cov[(i - 1) * nq + q] :
			    quay_cover(e->res->ql, &e->im[i], e->qidx[q]);
	return cov;
}

static int
load_images(struct engine *e)
{
	struct store_filter	 f;
	size_t			 i, j, q, nq = e->res->nquays;
	double			 cover, *cov;
	int			 qual;

	memset(&f, 0, sizeof f);
	f.site_id = e->o->site_id;
	f.no_mark_counts = 1;
	f.lean = 1;
	if (store_image_list(e->st, &f, &e->im, &e->nim, e->err, e->errlen)
	    != 0)
		return -1;
	/* quays drawn in another CRS, read now: PostgreSQL streams the
	   sightings, and its connection takes no query meanwhile */
	for (i = 0; i < e->nim; i++)
		if (quay_locator_load_crs(e->res->ql, e->im[i].crs_code,
		    e->err, e->errlen) != 0)
			return -1;
	for (e->im_slots = 64; e->im_slots < 2 * e->nim + 2; e->im_slots *= 2)
		;
	e->im_key = xcalloc(e->im_slots, sizeof *e->im_key);
	e->im_val = xcalloc(e->im_slots, sizeof *e->im_val);
	for (i = 0; i < e->nim; i++) {
		j = engine_mix((uint64_t)e->im[i].id) & (e->im_slots - 1);
		while (e->im_key[j] != 0)
			j = (j + 1) & (e->im_slots - 1);
		e->im_key[j] = e->im[i].id;
		e->im_val[j] = i;
	}
	e->obs = xcalloc(nq ? nq : 1, sizeof *e->obs);
	e->nobs = xcalloc(nq ? nq : 1, sizeof *e->nobs);
	e->obs_pos = xcalloc(nq * e->nim + 1, sizeof *e->obs_pos);
	e->unrev = xcalloc(nq * (e->nim + 1), sizeof *e->unrev);
	if (e->o->evidence)
		keep_images(e);
	cov = covers(e);
	for (q = 0; q < nq; q++) {
		int *unrev = e->unrev + q * (e->nim + 1);

		e->obs[q] = xcalloc(e->nim + 1, sizeof **e->obs);
		for (i = 0; i < e->nim; i++) {	/* by time already */
			e->obs_pos[q * e->nim + i] = -1;
			unrev[i + 1] = unrev[i];
			cover = cov[i * nq + q];
			if (e->o->evidence)
				e->res->cover[q * e->nim + i] = (float)cover;
			if (cover < e->o->min_cover)
				continue;
			qual = e->im[i].quality;
			if (qual == QUALITY_CLEAR ||
			    qual == QUALITY_PARTLY_CLOUDY) {
				if (e->o->evidence)
					e->res->observed[q * e->nim + i] = 1;
				e->obs_pos[q * e->nim + i] = (long)e->nobs[q];
				e->obs[q][e->nobs[q]].t = e->im[i].acquired;
				e->obs[q][e->nobs[q]].image_id = e->im[i].id;
				e->nobs[q]++;
			} else if (qual == QUALITY_UNREVIEWED)
				unrev[i + 1]++;
		}
	}
	free(cov);
	return 0;
}

/* Is t in the reported periods? */
static int
in_report(const struct engine *e, int64_t t)
{
	return t >= e->res->from && t < e->res->to;
}

static struct count_warning *
push_warning(struct engine *e, int kind, size_t q, size_t idx,
    int64_t mark_id, int cls)
{
	struct count_warning	*w;
	struct count_result	*r = e->res;

	if (r->nwarnings == e->warn_cap) {
		e->warn_cap = e->warn_cap ? e->warn_cap * 2 : 16;
		r->warnings = xreallocarray(r->warnings, e->warn_cap,
		    sizeof *r->warnings);
	}
	w = &r->warnings[r->nwarnings++];
	memset(w, 0, sizeof *w);
	w->kind = kind;
	w->quay = q;
	w->mark_id = mark_id;
	w->image_id = e->im[idx].id;
	w->t = e->im[idx].acquired;
	w->cls = cls;
	return w;
}

/*
 * A mark at a counted quay on an image that is no observation of it: a
 * ship marked only on cloudy images would vanish from the count unseen.
 */
static void
warn_unobserved(struct engine *e, size_t q, size_t idx,
    const struct store_sighting *m)
{
	struct count_warning	*w;
	int64_t			 k;
	int			 qual = e->im[idx].quality;

	if (!in_report(e, e->im[idx].acquired))
		return;
	w = push_warning(e, WARN_NOT_OBSERVED, q, idx, m->mark_id,
	    m->class_id == e->o->class_id ? 0 : 1);
	/* its text comes later (name_warnings): most are dropped first */
	w->has_identity = 1;
	if (m->name != NULL && (k = name_index_raw(&e->names, m->name)) >= 0) {
		w->idkind = IDENTITY_NAME;
		w->idkey = k;
	} else if (m->has_track) {
		w->idkind = IDENTITY_TRACK;
		w->idkey = m->track;
	} else
		w->has_identity = 0;
	w->reason = qual == QUALITY_CLOUDY ? "image is cloudy: not counted" :
	    qual == QUALITY_NO_DATA ? "image has no data: not counted" :
	    qual == QUALITY_UNREVIEWED ? "image is unreviewed: not counted" :
	    "image shows too little of the quay: not counted";
}

int
engine_add_sighting(void *ctx, const struct store_sighting *m)
{
	struct engine	*e = ctx;
	struct sight	*s;
	long		 idx, pos;
	size_t		 q;
	int		 lq, counted, mask = e->o->status_mask;

	e->res->marks_read++;
	if ((idx = row_image(e, m->image_id)) < 0)
		return 0;
	counted = mask == 0 || (mask & STATUS_BIT(m->status));
	if (!counted && m->status == STATUS_REJECTED)
		return 0;	/* judged wrong: not a sighting at all */
	lq = quay_locate(e->res->ql, &e->im[idx], m->cx, m->cy);
	for (q = 0; q < e->res->nquays; q++)
		if (lq >= 0 && e->qidx[q] == (size_t)lq)
			break;
	if (q == e->res->nquays) {
		/* at a quay --quay left out: neither counted nor stray */
		if (lq < 0 && counted && in_report(e, e->im[idx].acquired) &&
		    (e->im[idx].quality == QUALITY_CLEAR ||
		    e->im[idx].quality == QUALITY_PARTLY_CLOUDY))
			e->res->unassigned++;
		return 0;
	}
	if ((pos = e->obs_pos[q * e->nim + (size_t)idx]) < 0) {
		/* not an observation: not a sighting, but say so */
		if (counted)
			warn_unobserved(e, q, (size_t)idx, m);
		return 0;
	}
	if (e->ns == e->cap) {
		if (e->ns >= UINT32_MAX)
			return 1;	/* indices are 32-bit: stop reading */
		e->cap = e->cap ? e->cap * 2 : 1024;
		e->s = xreallocarray(e->s, e->cap, sizeof *e->s);
	}
	s = &e->s[e->ns++];
	memset(s, 0, sizeof *s);
	s->quay = (uint16_t)q;
	s->cls = m->class_id == e->o->class_id ? 0 : 1;
	s->t = e->im[idx].acquired;
	s->day = e->last_day;
	s->image_id = m->image_id;
	s->mark_id = m->mark_id;
	s->unknown = (uint8_t)!counted;
	s->obs = (int32_t)pos;
	s->kind = (uint8_t)m->kind;
	s->g[0] = (float)m->cx;
	s->g[1] = (float)m->cy;
	s->g[2] = (float)m->w;
	s->g[3] = (float)m->h;
	s->g[4] = (float)m->angle;
	s->has_count = (uint8_t)m->has_count;
	s->count = m->count;
	s->idkind = IDENTITY_AUTO;
	if (m->name != NULL &&
	    (s->idkey = name_index_raw(&e->names, m->name)) >= 0)
		s->idkind = IDENTITY_NAME;
	else if (m->has_track) {
		s->idkind = IDENTITY_TRACK;
		s->idkey = m->track;
	} else
		s->idkey = -1;
	return 0;
}

static double
similarity(const struct sight *a, const struct sight *b, double point_dist)
{
	double	 ga[5], gb[5];
	int	 i;

	if (a->kind == 0 || b->kind == 0) {	/* points: by distance */
		double d = hypot(a->g[0] - b->g[0], a->g[1] - b->g[1]);

		return d <= point_dist ? 1 - d / (point_dist + 1) : 0;
	}
	for (i = 0; i < 5; i++) {
		ga[i] = a->g[i];
		gb[i] = b->g[i];
	}
	return geom_rbox_iou(ga, gb);
}

static int
cmp_time(const void *a, const void *b, void *arg)
{
	const struct sight	*v = arg;
	const struct sight	*x = &v[*(const uint32_t *)a];
	const struct sight	*y = &v[*(const uint32_t *)b];

	if (x->quay != y->quay)
		return x->quay < y->quay ? -1 : 1;
	if (x->t != y->t)
		return x->t < y->t ? -1 : 1;
	return 0;
}

/*
 * Index the sightings by quay, then time. They were read image by image
 * in time order, so a stable bucketing by quay is usually all it takes;
 * each quay's run is checked, and sorted only if the scan order was not
 * time order.
 */
static void
order_by_time(struct engine *e)
{
	size_t	*start, q, i, nq = e->res->nquays, n;

	e->by_time = xcalloc(e->ns ? e->ns : 1, sizeof *e->by_time);
	start = xcalloc(nq + 1, sizeof *start);
	for (i = 0; i < e->ns; i++)
		start[e->s[i].quay + 1]++;
	for (q = 0; q < nq; q++)
		start[q + 1] += start[q];
	for (i = 0; i < e->ns; i++)
		e->by_time[start[e->s[i].quay]++] = (uint32_t)i;
	for (q = 0, i = 0; q < nq; q++) {
		n = start[q] - i;
		for (size_t k = i + 1; k < start[q]; k++)
			if (e->s[e->by_time[k]].t < e->s[e->by_time[k - 1]].t) {
				qsort_r(e->by_time + i, n, sizeof *e->by_time,
				    cmp_time, e->s);
				break;
			}
		i = start[q];
	}
	free(start);
}

static char	*identity_text(const struct engine *, int, int64_t);

/*
 * An unnamed mark overlapping another on the same image (cur[0..k-1]) as
 * well as association asks is the same ship marked twice: it takes that
 * identity rather than make a phantom call, and the report says so.
 */
static int
duplicate(struct engine *e, struct sight *b, const uint32_t *cur, size_t k)
{
	struct count_warning	*w;
	const struct sight	*a;
	size_t			 j;
	long			 idx;
	double			 sim;

	for (j = 0; j < k; j++) {
		a = &e->s[cur[j]];
		sim = similarity(b, a, e->o->point_dist);
		if (sim > 0 && (sim >= e->o->iou || b->kind == 0))
			break;
	}
	if (j == k)
		return 0;
	b->idkey = a->idkey;
	if (!b->unknown && !a->unknown && in_report(e, b->t) &&
	    (idx = image_index(e, b->image_id)) >= 0) {
		w = push_warning(e, WARN_DUPLICATE, b->quay, (size_t)idx,
		    b->mark_id, b->cls);
		w->other_mark_id = a->mark_id;
		w->identity = identity_text(e, IDENTITY_AUTO, a->idkey);
		w->reason = "overlaps another unnamed mark on the same image: "
		    "counted once";
	}
	return 1;
}

/*
 * The unnamed, untracked sightings of one observation (cur, in read order)
 * take their identity: a duplicate's on the same image, else that of the
 * best-overlapping free one of the same class on the observation just
 * before (prev: empty when that observation had none), else one of their
 * own. Their own is the one they had (a recount in live.c keeps labels
 * that still stand) unless prev or an earlier one of cur holds it, else a
 * new one. taken has room for nprev.
 */
void
engine_link(struct engine *e, uint32_t *cur, size_t ncur,
    const uint32_t *prev, size_t nprev, char *taken)
{
	struct sight	*b;
	size_t		 j, k;
	double		 best, sim;
	long		 bi;

	if (nprev > 0)
		memset(taken, 0, nprev);
	for (k = 0; k < ncur; k++) {
		b = &e->s[cur[k]];
		if (duplicate(e, b, cur, k))
			continue;
		bi = -1;
		best = 0;
		for (j = 0; j < nprev; j++) {
			if (taken[j])
				continue;
			sim = similarity(b, &e->s[prev[j]], e->o->point_dist);
			if (sim > best && (sim >= e->o->iou || (b->kind == 0 &&
			    sim > 0))) {
				best = sim;
				bi = (long)j;
			}
		}
		if (bi >= 0) {
			taken[bi] = 1;
			b->idkey = e->s[prev[bi]].idkey;
			continue;
		}
		for (j = 0; b->idkey > 0 && j < nprev + k; j++)
			if ((j < nprev ? e->s[prev[j]].idkey :
			    e->s[cur[j - nprev]].idkey) == b->idkey)
				break;
		if (b->idkey <= 0 || j < nprev + k)
			b->idkey = ++e->next_auto;
	}
}

/*
 * Unnamed, untracked sightings: one identity with the best-overlapping
 * such sighting of the same class on the quay's previous observation.
 * Walks the sightings by quay and time (by_time), class by class, one
 * observation at a time (engine_link).
 */
static void
associate(struct engine *e)
{
	struct sight	*a;
	uint32_t	*cur = NULL, *prev = NULL, *tmp, *au;
	size_t		 ncur = 0, nprev = 0, cap = 0, i, nau = 0;
	char		*taken = NULL;
	int32_t		 prev_obs = -1, cur_obs = -1;
	int		 cls;
	uint16_t	 quay;

	/* only they take part: one pass picks them out of the millions */
	au = xcalloc(e->ns ? e->ns : 1, sizeof *au);
	for (i = 0; i < e->ns; i++)
		if (e->s[e->by_time[i]].idkind == IDENTITY_AUTO)
			au[nau++] = e->by_time[i];
	for (cls = 0; cls < 2; cls++) {
		quay = UINT16_MAX;
		for (i = 0; i <= nau; i++) {
			a = i < nau ? &e->s[au[i]] : NULL;
			if (a != NULL && a->cls != cls)
				continue;
			/* a new observation (or quay) closes the group */
			if (a == NULL || a->quay != quay || a->obs != cur_obs) {
				engine_link(e, cur, ncur, prev,
				    prev_obs >= 0 && prev_obs + 1 == cur_obs ?
				    nprev : 0, taken);
				tmp = prev;
				prev = cur;
				cur = tmp;
				nprev = ncur;
				ncur = 0;
				prev_obs = cur_obs;
				if (a == NULL)
					break;
				if (a->quay != quay) {
					nprev = 0;
					prev_obs = -1;
				}
				quay = a->quay;
				cur_obs = a->obs;
			}
			if (ncur == cap || nprev == cap) {
				cap = cap ? cap * 2 : 64;
				cur = xreallocarray(cur, cap, sizeof *cur);
				prev = xreallocarray(prev, cap, sizeof *prev);
				taken = xreallocarray(taken, cap, 1);
			}
			cur[ncur++] = au[i];
		}
		nprev = ncur = 0;
		prev_obs = cur_obs = -1;
	}
	free(au);
	free(cur);
	free(prev);
	free(taken);
}

static char *
identity_text(const struct engine *e, int kind, int64_t key)
{
	char	 buf[64];

	if (kind == IDENTITY_NAME)
		return xstrdup(e->names.shown[key]);
	snprintf(buf, sizeof buf, "%s %lld", kind == IDENTITY_TRACK ? "track" :
	    "auto", (long long)key);
	return xstrdup(buf);
}

static struct count_track *
push_track(struct count_track **v, size_t *n, size_t *cap)
{
	if (*n == *cap) {
		*cap = *cap ? *cap * 2 : 64;
		*v = xreallocarray(*v, *cap, sizeof **v);
	}
	memset(&(*v)[*n], 0, sizeof **v);
	(*v)[*n].call = -1;
	return &(*v)[(*n)++];
}

/*
 * The observations just outside [lo, hi] (positions in the quay's
 * observations) bound the track: they did not show it.
 */
static void
close_track(const struct engine *e, struct count_track *t, long lo, long hi)
{
	const struct obs	*ob = e->obs[t->quay];

	if (lo > 0) {
		t->has_before = 1;
		t->before = ob[lo - 1].t;
		t->before_image = ob[lo - 1].image_id;
	}
	if ((size_t)hi + 1 < e->nobs[t->quay]) {
		t->has_after = 1;
		t->after = ob[hi + 1].t;
		t->after_image = ob[hi + 1].image_id;
	}
}

/*
 * The hash of an identity (quay, cls, kind, key): of engine_tracks'
 * table here and of live.c's lists.
 */
uint64_t
engine_ident_hash(unsigned quay, unsigned cls, unsigned kind, int64_t key)
{
	return engine_mix(((uint64_t)quay << 48) ^ ((uint64_t)cls << 47) ^
	    ((uint64_t)kind << 45) ^ (uint64_t)key * 0x9e3779b97f4a7c15ull);
}

/* A new call or stack starting at sighting s. */
static struct count_track *
open_track(struct engine *e, const struct sight *s, size_t *ccap,
    size_t *scap)
{
	struct count_track	*t;

	t = s->cls == 0 ? push_track(&e->res->calls, &e->res->ncalls, ccap) :
	    push_track(&e->res->stacks, &e->res->nstacks, scap);
	t->quay = s->quay;
	t->kind = s->idkind;
	t->identity = identity_text(e, s->idkind, s->idkey);
	t->key = s->idkey;
	t->first = s->t;
	t->first_image = s->image_id;
	return t;
}

/*
 * For evidence.c: the counted sightings of the group [k, k2) that extends
 * t are its last image's; the first group's are its first image's too.
 */
static void
keep_marks(struct engine *e, struct count_track *t, const uint32_t *v,
    size_t nv)
{
	size_t	 n = 0, i;

	free(t->last_marks);
	t->last_marks = NULL;
	for (i = 0; i < nv; i++) {
		if (e->s[v[i]].unknown)
			continue;
		t->last_marks = xreallocarray(t->last_marks, n + 1,
		    sizeof *t->last_marks);
		t->last_marks[n++] = e->s[v[i]].mark_id;
	}
	t->nlast = n;
	if (t->sightings == 1) {
		free(t->first_marks);
		t->first_marks = xcalloc(n + 1, sizeof *t->first_marks);
		memcpy(t->first_marks, t->last_marks, n * sizeof *t->first_marks);
		t->nfirst = n;
	}
}

/*
 * One identity's sightings (v[0..nv), in time order) into calls or
 * stacks. Its sightings on one image are one group, known if any is. A
 * known group on the observation after the track's last (unknown groups
 * bridging, as cloudy images do), at most gap_days calendar days after
 * its last known sighting, extends the track; anything else starts one.
 * Runs of unknown groups next to a track push its bounds outwards.
 */
static void
chain_tracks(struct engine *e, const uint32_t *v, size_t nv, size_t *ccap,
    size_t *scap)
{
	struct count_track	*t = NULL;
	struct sight		*rep;
	const struct sight	*s;
	size_t			 k = 0, k2;
	long			 prev_obs = -2, run_lo = -1, lo = 0, tail = 0;
	int32_t			 last_day = 0;
	int			 known, prev_known = 1;

	while (k < nv) {
		rep = &e->s[v[k]];
		for (k2 = k; k2 < nv && e->s[v[k2]].obs == e->s[v[k]].obs;
		    k2++)
			if (rep->unknown && !e->s[v[k2]].unknown)
				rep = &e->s[v[k2]];
		known = !rep->unknown;
		if (!known) {
			if (t != NULL && rep->obs == tail + 1)
				tail = rep->obs;
			if (prev_known || prev_obs + 1 != rep->obs)
				run_lo = rep->obs;
		} else {
			if (t != NULL && rep->obs == tail + 1 &&
			    rep->day - last_day <= e->o->gap_days)
				t->sightings++;
			else {
				if (t != NULL)
					close_track(e, t, lo, tail);
				t = open_track(e, rep, ccap, scap);
				t->sightings = 1;
				rep->start = 1;	/* live.c counts by it */
				lo = !prev_known && prev_obs + 1 == rep->obs ?
				    run_lo : rep->obs;
			}
			t->last = rep->t;
			t->last_image = rep->image_id;
			last_day = rep->day;
			tail = rep->obs;
			if (e->o->evidence)
				keep_marks(e, t, v + k, k2 - k);
			for (; k != k2; k++) {
				s = &e->s[v[k]];
				if (!s->unknown && s->has_count &&
				    (!t->has_count || s->count > t->count_max)) {
					t->count_max = s->count;
					t->has_count = 1;
				}
			}
		}
		prev_obs = rep->obs;
		prev_known = known;
		k = k2;
	}
	if (t != NULL)
		close_track(e, t, lo, tail);
}

/* One identity of engine_tracks' table: its key, and its number. */
struct ident {
	int64_t		 idkey;
	uint32_t	 head;		/* a sighting of it; UINT32_MAX: free */
	uint32_t	 id;		/* in order of first sighting */
	uint16_t	 quay;
	uint8_t		 cls, idkind;
};

static struct ident *
ident_slot(struct ident *v, size_t nslot, const struct sight *s)
{
	size_t	 j = engine_ident_hash(s->quay, s->cls, s->idkind,
	    s->idkey) & (nslot - 1);

	while (v[j].head != UINT32_MAX && (v[j].idkey != s->idkey ||
	    v[j].quay != s->quay || v[j].cls != s->cls ||
	    v[j].idkind != s->idkind))
		j = (j + 1) & (nslot - 1);
	return &v[j];
}

static struct ident *
ident_grow(struct engine *e, struct ident *v, size_t *nslot)
{
	struct ident	*w;
	size_t		 i, n = *nslot ? *nslot * 2 : 1024;

	w = xreallocarray(NULL, n, sizeof *w);
	memset(w, 0xff, n * sizeof *w);
	for (i = 0; i < *nslot; i++)
		if (v[i].head != UINT32_MAX)
			*ident_slot(w, n, &e->s[v[i].head]) = v[i];
	free(v);
	*nslot = n;
	return w;
}

/*
 * Group sightings of one identity into calls (or stacks). A table of the
 * identities, as large as there are identities (not sightings, so it
 * stays in cache), numbers each sighting's; a counting sort by that
 * number then lays each identity's sightings side by side in time order
 * (by_time), for chain_tracks to read in one sweep.
 */
void
engine_tracks(struct engine *e)
{
	struct ident		*v, *d;
	uint32_t		*of, *by_id;
	size_t			*at = NULL, nslot = 0, used = 0, i, ccap = 0;
	size_t			 scap = 0;

	of = xreallocarray(NULL, e->ns ? e->ns : 1, sizeof *of);
	by_id = xreallocarray(NULL, e->ns ? e->ns : 1, sizeof *by_id);
	v = ident_grow(e, NULL, &nslot);
	at = xcalloc(1, sizeof *at);	/* at[id + 1]: how many id has */
	for (i = 0; i < e->ns; i++) {
		d = ident_slot(v, nslot, &e->s[e->by_time[i]]);
		if (d->head == UINT32_MAX) {
			d->head = e->by_time[i];
			d->id = (uint32_t)used;
			d->idkey = e->s[d->head].idkey;
			d->quay = e->s[d->head].quay;
			d->cls = e->s[d->head].cls;
			d->idkind = e->s[d->head].idkind;
			at = xreallocarray(at, ++used + 1, sizeof *at);
			at[used] = 0;
			if (2 * used > nslot)
				v = ident_grow(e, v, &nslot);
			d = ident_slot(v, nslot, &e->s[e->by_time[i]]);
		}
		of[i] = d->id;
		at[d->id + 1]++;
	}
	free(v);
	for (i = 0; i < used; i++)	/* at[id]: where id's run starts */
		at[i + 1] += at[i];
	for (i = 0; i < e->ns; i++)
		by_id[at[of[i]]++] = e->by_time[i];
	for (i = 0; i < used; i++)	/* at[id] is now where it ends */
		chain_tracks(e, by_id + (i ? at[i - 1] : 0), at[i] - (i ?
		    at[i - 1] : 0), &ccap, &scap);
	free(at);
	free(of);
	free(by_id);
}

/*
 * Does a call or stack account for a mark on an image that was no
 * observation: one of its identity (any, when it has none) at its quay,
 * seen within gap_days calendar days of it? Tracks are sorted by quay and
 * arrival; longest is the longest track in days.
 */
static int
accounted(const struct engine *e, const struct count_warning *w,
    int64_t longest)
{
	const struct count_track	*v = w->cls == 0 ? e->res->calls :
					     e->res->stacks, *t;
	size_t				 lo = 0, hi = w->cls == 0 ?
					     e->res->ncalls : e->res->nstacks, mid;
	int64_t				 wd = date_day_floor(w->t) / 86400;
	int64_t				 gap = e->o->gap_days;
	long				 j;

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		t = &v[mid];
		if (t->quay < w->quay || (t->quay == w->quay &&
		    date_day_floor(t->first) / 86400 <= wd + gap))
			lo = mid + 1;
		else
			hi = mid;
	}
	for (j = (long)lo - 1; j >= 0; j--) {
		t = &v[j];
		if (t->quay != w->quay ||
		    date_day_floor(t->first) / 86400 < wd - gap - longest)
			break;
		if (date_day_floor(t->last) / 86400 + gap >= wd &&
		    (!w->has_identity || (t->kind == w->idkind &&
		    t->key == w->idkey)))
			return 1;
	}
	return 0;
}

/*
 * Keep only the warnings about marks no call or stack accounts for: a
 * ship also marked on a cloudy day of a counted stay is no news, one
 * marked only on cloudy images is.
 */
static void
drop_accounted(struct engine *e)
{
	struct count_result	*r = e->res;
	int64_t			 longest[2] = { 0, 0 }, d;
	size_t			 i, keep = 0;

	for (i = 0; i < r->ncalls + r->nstacks; i++) {
		const struct count_track *t = i < r->ncalls ? &r->calls[i] :
		    &r->stacks[i - r->ncalls];

		d = (date_day_floor(t->last) - date_day_floor(t->first)) /
		    86400;
		if (d > longest[i >= r->ncalls])
			longest[i >= r->ncalls] = d;
	}
	for (i = 0; i < r->nwarnings; i++) {
		if (r->warnings[i].kind == WARN_NOT_OBSERVED &&
		    accounted(e, &r->warnings[i],
		    longest[r->warnings[i].cls])) {
			free(r->warnings[i].identity);
			continue;
		}
		r->warnings[keep++] = r->warnings[i];
	}
	r->nwarnings = keep;
}

/* The kept warnings about unobserved marks get their identity's text. */
static void
name_warnings(struct engine *e)
{
	struct count_warning	*w;
	size_t			 i;

	for (i = 0; i < e->res->nwarnings; i++) {
		w = &e->res->warnings[i];
		if (w->identity == NULL)
			w->identity = w->has_identity ? identity_text(e,
			    w->idkind, w->idkey) : xstrdup("unnamed");
	}
}

static int
cmp_warning(const void *a, const void *b)
{
	const struct count_warning	*x = a, *y = b;

	if (x->t != y->t)
		return x->t < y->t ? -1 : 1;
	return (x->mark_id > y->mark_id) - (x->mark_id < y->mark_id);
}

static int
cmp_track_time(const void *a, const void *b)
{
	const struct count_track	*x = a, *y = b;

	if (x->quay != y->quay)
		return x->quay < y->quay ? -1 : 1;
	if (x->first != y->first)
		return x->first < y->first ? -1 : 1;
	return strcmp(x->identity, y->identity);
}

/*
 * A stack seen first while a call was in, or within attach_days after
 * (whole UTC days), belongs to the latest such call at its quay. Calls are
 * sorted by quay and arrival, so each stack looks only at the calls that
 * arrived before it, back as far as the longest call could reach.
 */
static void
attribute_stacks(struct engine *e)
{
	struct count_track	*st, *c;
	int64_t			 grace = (int64_t)e->o->attach_days * 86400;
	int64_t			 longest = 0, sday;
	size_t			 i, lo, hi, mid;
	long			 j;

	for (i = 0; i < e->res->ncalls; i++) {
		c = &e->res->calls[i];
		if (c->last - c->first > longest)
			longest = c->last - c->first;
	}
	for (i = 0; i < e->res->nstacks; i++) {
		st = &e->res->stacks[i];
		sday = date_day_floor(st->first);
		/* the first call after (quay, stack's day end) */
		lo = 0;
		hi = e->res->ncalls;
		while (lo < hi) {
			mid = lo + (hi - lo) / 2;
			c = &e->res->calls[mid];
			if (c->quay < st->quay || (c->quay == st->quay &&
			    date_day_floor(c->first) <= sday))
				lo = mid + 1;
			else
				hi = mid;
		}
		for (j = (long)lo - 1; j >= 0; j--) {
			c = &e->res->calls[j];
			if (c->quay != st->quay ||
			    c->first < st->first - longest - grace - 86400)
				break;
			if (sday <= date_day_floor(c->last) + grace) {
				st->call = j;	/* the latest arrival wins */
				break;
			}
		}
	}
}

static int
cmp_double(const void *a, const void *b)
{
	double	 x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

static int
cmp_i64(const void *a, const void *b)
{
	int64_t	 x = *(const int64_t *)a, y = *(const int64_t *)b;

	return (x > y) - (x < y);
}

/* The first sighting at quay q at or after t (sightings sorted by time). */
static size_t
first_sight(const struct engine *e, size_t q, int64_t t)
{
	size_t	 lo = 0, hi = e->ns, mid;
	const struct sight *m;

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		m = &e->s[e->by_time[mid]];
		if (m->quay < q || (m->quay == q && m->t < t))
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

static size_t
first_obs(const struct obs *ob, size_t n, int64_t t)
{
	size_t	 lo = 0, hi = n, mid;

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (ob[mid].t < t)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/* The first track at quay q arriving at or after t (sorted tracks). */
static size_t
first_track(const struct count_track *v, size_t n, size_t q, int64_t t)
{
	size_t	 lo = 0, hi = n, mid;

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (v[mid].quay < q || (v[mid].quay == q && v[mid].first < t))
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/* The first of n sorted times at or after t. */
static size_t
first_time(const int64_t *v, size_t n, int64_t t)
{
	size_t	 lo = 0, hi = n, mid;

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (v[mid] < t)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/* The first image acquired at or after t (images are by time). */
static size_t
first_image(const struct engine *e, int64_t t)
{
	size_t	 lo = 0, hi = e->nim, mid;

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (e->im[mid].acquired < t)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/*
 * Per quay, the sorted last sightings of the stacks seen removed, so that
 * each period counts its removals by two binary searches.
 */
static void
index_removals(struct engine *e)
{
	const struct count_track	*t;
	size_t				 i, q, nq = e->res->nquays;

	e->rm = xcalloc(nq ? nq : 1, sizeof *e->rm);
	e->nrm = xcalloc(nq ? nq : 1, sizeof *e->nrm);
	for (i = 0; i < e->res->nstacks; i++)
		if (e->res->stacks[i].has_after)
			e->nrm[e->res->stacks[i].quay]++;
	for (q = 0; q < nq; q++) {
		e->rm[q] = xcalloc(e->nrm[q] ? e->nrm[q] : 1, sizeof **e->rm);
		e->nrm[q] = 0;
	}
	for (i = 0; i < e->res->nstacks; i++) {
		t = &e->res->stacks[i];
		if (t->has_after)
			e->rm[t->quay][e->nrm[t->quay]++] = t->last;
	}
	for (q = 0; q < nq; q++)
		if (e->nrm[q] > 1)
			qsort(e->rm[q], e->nrm[q], sizeof **e->rm, cmp_i64);
}

/* How many different values among v[0..n), which it sorts. */
static int
distinct(int64_t *v, size_t n)
{
	size_t	 i;
	int	 d = 1;

	qsort(v, n, sizeof *v, cmp_i64);
	for (i = 1; i < n; i++)
		d += v[i] != v[i - 1];
	return d;
}

/* Statistics of one quay's period [p->start, p->end). */
static void
period_stats(struct engine *e, struct count_period *p)
{
	struct count_track	*t;
	struct obs		*ob = e->obs[p->quay];
	double			*dw = NULL, sum = 0;
	int64_t			*keys = NULL, *per_obs, last_day = -1;
	size_t			 i, j, nkeys = 0, ndw = 0, nob = 0;
	size_t			 a, b, olo, ohi, day_lo;
	int32_t			 day = 0;

	p->dwell_median = p->dwell_max = p->dwell_max_upper = NAN;
	for (i = first_obs(ob, e->nobs[p->quay], p->start);
	    i < e->nobs[p->quay] && ob[i].t < p->end; i++) {
		if (date_day_floor(ob[i].t) != last_day) {
			p->observed_days++;
			last_day = date_day_floor(ob[i].t);
		}
	}
	p->observed_share = (double)p->observed_days /
	    ((double)(p->end - p->start) / 86400);
	p->unreviewed = e->unrev[p->quay * (e->nim + 1) + first_image(e,
	    p->end)] - e->unrev[p->quay * (e->nim + 1) + first_image(e,
	    p->start)];
	for (i = first_track(e->res->calls, e->res->ncalls, p->quay,
	    p->start); i < e->res->ncalls; i++) {
		t = &e->res->calls[i];
		if (t->quay != p->quay || t->first >= p->end)
			break;
		p->calls++;
		if (t->kind != IDENTITY_NAME)
			continue;
		for (j = 0; j < p->nvessels; j++)
			if (strcmp(p->vessels[j], t->identity) == 0)
				break;
		if (j == p->nvessels) {
			p->vessels = xreallocarray(p->vessels, p->nvessels + 1,
			    sizeof *p->vessels);
			p->vessels[p->nvessels++] = t->identity;
		}
	}
	p->stacks_removed = (int)(first_time(e->rm[p->quay], e->nrm[p->quay],
	    p->end) - first_time(e->rm[p->quay], e->nrm[p->quay], p->start));
	for (i = first_track(e->res->stacks, e->res->nstacks, p->quay,
	    p->start); i < e->res->nstacks; i++) {
		t = &e->res->stacks[i];
		if (t->quay != p->quay || t->first >= p->end)
			break;
		p->stacks_appeared++;
		dw = xreallocarray(dw, ndw + 1, sizeof *dw);
		dw[ndw++] = (double)(t->last - t->first) / 86400;
		if (isnan(p->dwell_max) || dw[ndw - 1] > p->dwell_max)
			p->dwell_max = dw[ndw - 1];
		if (t->has_before && t->has_after) {
			double u = (double)(t->after - t->before) /
			    86400;

			if (isnan(p->dwell_max_upper) ||
			    u > p->dwell_max_upper)
				p->dwell_max_upper = u;
		}
	}
	if (ndw > 0) {
		qsort(dw, ndw, sizeof *dw, cmp_double);
		p->dwell_median = ndw % 2 ? dw[ndw / 2] :
		    (dw[ndw / 2 - 1] + dw[ndw / 2]) / 2;
	}
	free(dw);
	/* Ship-days, and containers on each observation of the period. */
	a = first_sight(e, p->quay, p->start);
	b = first_sight(e, p->quay, p->end);
	olo = first_obs(ob, e->nobs[p->quay], p->start);
	ohi = first_obs(ob, e->nobs[p->quay], p->end);
	per_obs = xcalloc(ohi > olo ? ohi - olo : 1, sizeof *per_obs);
	if (b > a)
		keys = xreallocarray(NULL, b - a, sizeof *keys);
	/* identities a day, day by day (by_time is by time): small sorts */
	for (i = a, day_lo = 0; i <= b; i++) {
		const struct sight *s = i < b ? &e->s[e->by_time[i]] : NULL;

		if (nkeys > day_lo && (s == NULL || s->day != day)) {
			p->ship_days += distinct(keys + day_lo, nkeys - day_lo);
			day_lo = nkeys;
		}
		if (s == NULL || s->unknown)
			continue;
		if (s->cls == 0) {
			keys[nkeys++] = (int64_t)s->idkind * 1000003 +
			    s->idkey;
			day = s->day;
		} else if (s->has_count && (size_t)s->obs >= olo &&
		    (size_t)s->obs < ohi)
			per_obs[(size_t)s->obs - olo] += s->count;
	}
	free(keys);
	for (i = olo; i < ohi; i++) {
		if (per_obs[i - olo] > p->containers_max)
			p->containers_max = per_obs[i - olo];
		sum += (double)per_obs[i - olo];
		nob++;
	}
	free(per_obs);
	p->containers_mean = nob ? sum / (double)nob : 0;
}

/*
 * Against the pooled baseline of the previous periods: the exact
 * conditional test of two Poisson rates (see rate_test), so that the
 * baseline's own uncertainty counts.
 */
void
engine_verdict(const struct engine *e, struct count_period *all, size_t k)
{
	struct count_period	*p = &all[k];
	struct rate_test	 rt;
	int			 calls = 0, days = 0, i, K = e->o->baseline;

	p->p_value = p->change = NAN;
	p->ratio = p->ratio_lo = p->ratio_hi = NAN;
	if ((int)k >= K) {
		for (i = 1; i <= K; i++) {
			if (all[k - (size_t)i].quay != p->quay)
				break;
			calls += all[k - (size_t)i].calls;
			days += all[k - (size_t)i].observed_days;
		}
		if (i > K && days > 0) {
			p->has_expected = 1;
			p->base_calls = calls;
			p->base_days = days;
			p->expected = (double)calls / days * p->observed_days;
		}
	}
	if (p->observed_days < e->o->min_days || p->observed_days == 0) {
		p->verdict = "insufficient imagery";
		return;
	}
	if (!p->has_expected) {
		p->verdict = "no baseline";
		return;
	}
	if (p->expected > 0)
		p->change = (p->calls - p->expected) / p->expected;
	rate_test(p->calls, p->observed_days, calls, days, 0.95, &rt);
	p->ratio = rt.ratio;
	p->ratio_lo = rt.lo;
	p->ratio_hi = rt.hi;
	p->p_value = p->calls <= p->expected ? rt.p_lower : rt.p_upper;
	if (p->p_value < e->o->alpha)
		p->verdict = p->calls < p->expected ? "drop" : "surge";
	else
		p->verdict = "no change";
}

static void
build_periods(struct engine *e)
{
	struct count_period	*p;
	int64_t			 lo, hi, t, report_from;
	size_t			 q, first_kept, k, keep;

	if (e->nim == 0)
		return;
	lo = e->im[0].acquired;
	hi = e->o->has_to ? e->o->to : e->im[e->nim - 1].acquired;
	report_from = e->o->has_from ? period_start(e->o->period, e->o->from) :
	    period_start(e->o->period, lo);
	if (report_from < lo)
		lo = report_from;
	for (q = 0; q < e->res->nquays; q++) {
		first_kept = e->res->nperiods;
		for (t = period_start(e->o->period, lo); t <= hi;
		    t = period_next(e->o->period, t)) {
			e->res->periods = xreallocarray(e->res->periods,
			    e->res->nperiods + 1, sizeof *e->res->periods);
			p = &e->res->periods[e->res->nperiods++];
			memset(p, 0, sizeof *p);
			p->quay = q;
			p->start = t;
			p->end = period_next(e->o->period, t);
			period_label(e->o->period, t, p->label,
			    sizeof p->label);
			period_stats(e, p);
			engine_verdict(e, e->res->periods, e->res->nperiods - 1);
		}
		/* Periods before --from only fed the baselines: drop them. */
		for (k = first_kept, keep = first_kept; k < e->res->nperiods;
		    k++) {
			if (e->res->periods[k].start < report_from) {
				free(e->res->periods[k].vessels);
				continue;
			}
			e->res->periods[keep++] = e->res->periods[k];
		}
		e->res->nperiods = keep;
	}
}

const char *
count_quay_name(const struct count_result *r, size_t q)
{
	size_t	 i;

	for (i = 0; i < quay_locator_count(r->ql); i++)
		if (quay_locator_quay(r->ql, i)->id == r->quay_ids[q])
			return quay_locator_quay(r->ql, i)->name;
	return "?";
}

/* One number of the ratio: two decimals, "inf", or "-" for none. */
static void
ratio_num(char *out, size_t len, double v)
{
	if (isnan(v))
		snprintf(out, len, "-");
	else if (isinf(v))
		snprintf(out, len, "inf");
	else
		snprintf(out, len, "%.2f", v);
}

/*
 * "0.59 (0.21-1.50)": p's rate ratio to the baseline with its exact 95 %
 * interval, or "-" when there is no baseline; `report` and the review
 * screen's report view print it alike. Whether a change is real is in
 * how far the interval reaches, not in the expected count alone.
 */
void
count_ratio_text(const struct count_period *p, char *out, size_t len)
{
	char	 r[24], lo[24], hi[24];

	if (isnan(p->ratio) && isnan(p->ratio_lo)) {
		snprintf(out, len, "-");
		return;
	}
	ratio_num(r, sizeof r, p->ratio);
	ratio_num(lo, sizeof lo, p->ratio_lo);
	ratio_num(hi, sizeof hi, p->ratio_hi);
	snprintf(out, len, "%s (%s-%s)", r, lo, hi);
}

/*
 * A whole count into res (zeroed here, the caller's to free with
 * count_result_free, after engine_free), leaving in e (zeroed here) what
 * it was made from, for live.c: free it with engine_free.
 */
int
engine_count(struct engine *e, struct store *st, const struct count_opts *o,
    struct count_result *res, char *err, size_t errlen)
{
	size_t		 i, n;

	memset(res, 0, sizeof *res);
	memset(e, 0, sizeof *e);
	e->st = st;
	e->o = o;
	e->res = res;
	e->err = err;
	e->errlen = errlen;
	if ((res->ql = quay_locator_new(st, o->site_id, err, errlen)) == NULL)
		return -1;
	n = quay_locator_count(res->ql);
	res->quay_ids = xcalloc(n ? n : 1, sizeof *res->quay_ids);
	e->qidx = xcalloc(n ? n : 1, sizeof *e->qidx);
	for (i = 0; i < n; i++) {
		if (o->quay_id != 0 && quay_locator_quay(res->ql, i)->id !=
		    o->quay_id)
			continue;
		e->qidx[res->nquays] = i;
		res->quay_ids[res->nquays++] = quay_locator_quay(res->ql, i)->id;
	}
	if (res->nquays == 0)
		return errf(err, errlen, "the site has no quays to count at "
		    "(quaymark quay add defines one)");
	/* The reported periods: whole periods around --from and --to. */
	res->from = o->has_from ? period_start(o->period, o->from) : INT64_MIN;
	res->to = o->has_to ? period_next(o->period, period_start(o->period,
	    o->to)) : INT64_MAX;
	if (load_images(e) != 0)
		return -1;
	/* every status: marks --status leaves out are unknown, not absent */
	if (store_sighting_each(st, o->site_id, o->class_id,
	    o->stack_class_id ? o->stack_class_id : o->class_id, 0,
	    engine_add_sighting, e, err, errlen) != 0)
		return -1;
	order_by_time(e);
	associate(e);
	engine_tracks(e);
	if (res->ncalls > 1)	/* qsort wants a real array, even of 0 */
		qsort(res->calls, res->ncalls, sizeof *res->calls,
		    cmp_track_time);
	if (res->nstacks > 1)
		qsort(res->stacks, res->nstacks, sizeof *res->stacks,
		    cmp_track_time);
	attribute_stacks(e);
	for (i = 0; i < res->ncalls; i++)
		res->calls[i].reported = in_report(e, res->calls[i].first);
	for (i = 0; i < res->nstacks; i++)
		res->stacks[i].reported = in_report(e, res->stacks[i].first);
	index_removals(e);
	build_periods(e);
	drop_accounted(e);
	name_warnings(e);
	if (res->nwarnings > 1)
		qsort(res->warnings, res->nwarnings, sizeof *res->warnings,
		    cmp_warning);
	return 0;
}

/* What engine_count left in e; before its result is freed. */
void
engine_free(struct engine *e)
{
	size_t	 i, nq = e->res != NULL ? e->res->nquays : 0;

	store_images_free(e->im, e->nim);
	free(e->im_key);
	free(e->im_val);
	for (i = 0; e->obs != NULL && i < nq; i++)
		free(e->obs[i]);
	free(e->obs);
	free(e->nobs);
	free(e->obs_pos);
	free(e->unrev);
	for (i = 0; e->rm != NULL && i < nq; i++)
		free(e->rm[i]);
	free(e->rm);
	free(e->nrm);
	free(e->qidx);
	free(e->s);
	free(e->by_time);
	names_free(&e->names);
	memset(e, 0, sizeof *e);
}

/* Run the engine; res is the caller's to free with count_result_free. */
int
count_run(struct store *st, const struct count_opts *o,
    struct count_result *res, char *err, size_t errlen)
{
	struct engine	 e;
	int		 rc;

	rc = engine_count(&e, st, o, res, err, errlen);
	engine_free(&e);
	if (rc != 0)
		count_result_free(res);
	return rc;
}

void
count_result_free(struct count_result *r)
{
	size_t	 i;

	for (i = 0; i < r->ncalls; i++) {
		free(r->calls[i].identity);
		free(r->calls[i].first_marks);
		free(r->calls[i].last_marks);
	}
	for (i = 0; i < r->nstacks; i++) {
		free(r->stacks[i].identity);
		free(r->stacks[i].first_marks);
		free(r->stacks[i].last_marks);
	}
	free(r->image_ids);
	free(r->image_times);
	free(r->cover);
	free(r->observed);
	for (i = 0; i < r->nperiods; i++)
		free(r->periods[i].vessels);
	for (i = 0; i < r->nwarnings; i++)
		free(r->warnings[i].identity);
	free(r->warnings);
	free(r->calls);
	free(r->stacks);
	free(r->periods);
	free(r->quay_ids);
	quay_locator_free(r->ql);
	memset(r, 0, sizeof *r);
}
