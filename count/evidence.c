/*
 * evidence.c: the rows behind a report's numbers, for `report --evidence`.
 * For every call and stack that arrived in a reported period it finds the
 * images a sceptical reader must see (the observation before, the first
 * and last sightings, the observation after) and the marks on them that
 * made the sighting; for each warning, its image and mark; for every
 * period, each image of the quay and whether it counted as an observed
 * day. All of it is what count_run kept while it counted (o->evidence):
 * nothing is found again by rules applied a second time, so the evidence
 * cannot disagree with the counts. It only collects: cmd/ draws and
 * writes.
 */
#include <stdlib.h>
#include <string.h>

#include "count.h"
#include "../util/util.h"

/* Images of the site, by time (store order) and by id. */
struct ev_images {
	struct store_image	*v;
	size_t			 n;
	size_t			*by_id;		/* indices, sorted by id */
};

static int
cmp_by_id(const void *a, const void *b, void *arg)
{
	const struct store_image	*v = arg;
	int64_t				 x = v[*(const size_t *)a].id;
	int64_t				 y = v[*(const size_t *)b].id;

	return (x > y) - (x < y);
}

static const struct store_image *
image_by_id(const struct ev_images *ims, int64_t id)
{
	size_t	 lo = 0, hi = ims->n, mid;

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (ims->v[ims->by_id[mid]].id < id)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo < ims->n && ims->v[ims->by_id[lo]].id == id)
		return &ims->v[ims->by_id[lo]];
	return NULL;
}

/* Locator index of the result's quay q. */
static size_t
locator_index(const struct count_result *res, size_t q)
{
	size_t	 i;

	for (i = 0; i < quay_locator_count(res->ql); i++)
		if (quay_locator_quay(res->ql, i)->id == res->quay_ids[q])
			return i;
	return (size_t)-1;
}

static struct evidence_shot *
push_shot(struct count_evidence *ev)
{
	struct evidence_shot	*s;

	ev->shots = xreallocarray(ev->shots, ev->nshots + 1,
	    sizeof *ev->shots);
	s = &ev->shots[ev->nshots++];
	memset(s, 0, sizeof *s);
	return s;
}

/* Mark id into s->marks, as it is now (a warning's mark, or the kept one). */
static int
add_mark(struct store *st, int64_t id, struct evidence_shot *s, char *err,
    size_t errlen)
{
	struct store_mark	 m;

	store_mark_init(&m);
	if (store_mark_get(st, id, &m, err, errlen) != 0)
		return -1;
	s->marks = xreallocarray(s->marks, s->nmarks + 1, sizeof *s->marks);
	s->marks[s->nmarks].id = m.id;
	s->marks[s->nmarks].version = m.version;
	s->marks[s->nmarks].status = m.status;
	s->nmarks++;
	store_mark_clear(&m);
	return 0;
}

/* The marks ids[0..n) into s->marks, as they are now. */
static int
add_marks(struct store *st, const int64_t *ids, size_t n,
    struct evidence_shot *s, char *err, size_t errlen)
{
	size_t	 i;

	for (i = 0; i < n; i++)
		if (add_mark(st, ids[i], s, err, errlen) != 0)
			return -1;
	return 0;
}

/*
 * The shots of one track: before, first, last (when another image), after.
 * The images and marks are the ones the engine walked (count_run with
 * o->evidence), not found again: what is shown is what was counted.
 */
static int
track_shots(struct store *st, struct count_result *res,
    const struct ev_images *ims, size_t period, int stack, size_t k,
    struct count_evidence *ev, char *err, size_t errlen)
{
	const struct count_track	*tr = stack ? &res->stacks[k] :
					    &res->calls[k];
	const struct store_image	*im;
	struct evidence_shot		*s;
	int				 role, rc;

	for (role = EVIDENCE_BEFORE; role <= EVIDENCE_AFTER; role++) {
		im = NULL;
		if (role == EVIDENCE_BEFORE && tr->has_before)
			im = image_by_id(ims, tr->before_image);
		else if (role == EVIDENCE_FIRST)
			im = image_by_id(ims, tr->first_image);
		else if (role == EVIDENCE_LAST &&
		    tr->last_image != tr->first_image)
			im = image_by_id(ims, tr->last_image);
		else if (role == EVIDENCE_AFTER && tr->has_after)
			im = image_by_id(ims, tr->after_image);
		if (im == NULL)
			continue;
		s = push_shot(ev);
		s->period = period;
		s->kind = stack ? EVIDENCE_STACK : EVIDENCE_CALL;
		s->track = k;
		s->role = role;
		s->quay = locator_index(res, tr->quay);
		store_image_copy(&s->im, im);
		rc = role == EVIDENCE_FIRST ? add_marks(st, tr->first_marks,
		    tr->nfirst, s, err, errlen) : role == EVIDENCE_LAST ?
		    add_marks(st, tr->last_marks, tr->nlast, s, err, errlen) : 0;
		if (rc != 0)
			return -1;
	}
	return 0;
}

/* The warnings of period p: each its image, its mark and the one kept. */
static int
warning_shots(struct store *st, struct count_result *res,
    const struct ev_images *ims, size_t period, struct count_evidence *ev,
    char *err, size_t errlen)
{
	const struct count_period	*p = &res->periods[period];
	const struct count_warning	*x;
	const struct store_image	*im;
	struct evidence_shot		*s;
	size_t				 k;

	for (k = 0; k < res->nwarnings; k++) {
		x = &res->warnings[k];
		if (x->quay != p->quay || x->t < p->start || x->t >= p->end ||
		    (im = image_by_id(ims, x->image_id)) == NULL)
			continue;
		s = push_shot(ev);
		s->period = period;
		s->kind = EVIDENCE_WARNING;
		s->track = k;
		s->role = EVIDENCE_MARK;
		s->quay = locator_index(res, x->quay);
		store_image_copy(&s->im, im);
		if (add_mark(st, x->mark_id, s, err, errlen) != 0 ||
		    (x->kind == WARN_DUPLICATE && add_mark(st,
		    x->other_mark_id, s, err, errlen) != 0))
			return -1;
	}
	return 0;
}

/*
 * Every image of period p's quay in p that shows it, with whether the
 * engine counted it as an observation (its own verdict, kept by count_run).
 */
static void
period_days(const struct count_result *res, const struct ev_images *ims,
    const struct count_period *p, size_t period, struct count_evidence *ev)
{
	const struct store_image	*im;
	struct evidence_day		*d;
	size_t				 i, lo = 0, hi = res->nimages, mid, at;

	while (lo < hi) {	/* the first image of the period */
		mid = lo + (hi - lo) / 2;
		if (res->image_times[mid] < p->start)
			lo = mid + 1;
		else
			hi = mid;
	}
	for (i = lo; i < res->nimages && res->image_times[i] < p->end; i++) {
		at = p->quay * res->nimages + i;
		if (res->cover[at] <= 0 ||
		    (im = image_by_id(ims, res->image_ids[i])) == NULL)
			continue;	/* the image does not show the quay */
		ev->days = xreallocarray(ev->days, ev->ndays + 1,
		    sizeof *ev->days);
		d = &ev->days[ev->ndays++];
		d->period = period;
		d->image_id = im->id;
		d->acquired = im->acquired;
		d->quality = im->quality;
		d->path = xstrdup(im->path ? im->path : "");
		d->cover = res->cover[at];
		d->observed = res->observed[at];
	}
}

/*
 * Collect ev for res (which count_run filled with options o). Shots come
 * period by period, calls, stacks then warnings, in the result's order; ev is the
 * caller's to free with count_evidence_free, also after a failure.
 */
int
count_evidence_collect(struct store *st, const struct count_opts *o,
    struct count_result *res, struct count_evidence *ev, char *err,
    size_t errlen)
{
	struct store_filter	 f;
	struct ev_images	 ims;
	const struct count_period *p;
	const struct count_track *tr;
	size_t			 i, k;
	int			 stack, rc = -1;

	memset(ev, 0, sizeof *ev);
	memset(&ims, 0, sizeof ims);
	if (res->image_ids == NULL && res->nperiods > 0)
		return errf(err, errlen, "evidence: the count was run without "
		    "keeping its evidence");
	memset(&f, 0, sizeof f);
	f.site_id = o->site_id;
	f.no_mark_counts = 1;
	if (store_image_list(st, &f, &ims.v, &ims.n, err, errlen) != 0)
		return -1;
	ims.by_id = xcalloc(ims.n ? ims.n : 1, sizeof *ims.by_id);
	for (i = 0; i < ims.n; i++)
		ims.by_id[i] = i;
	qsort_r(ims.by_id, ims.n, sizeof *ims.by_id, cmp_by_id, ims.v);
	for (i = 0; i < res->nperiods; i++) {
		p = &res->periods[i];
		period_days(res, &ims, p, i, ev);
		for (stack = 0; stack < 2; stack++) {
			for (k = 0; k < (stack ? res->nstacks : res->ncalls);
			    k++) {
				tr = stack ? &res->stacks[k] : &res->calls[k];
				if (tr->quay != p->quay ||
				    tr->first < p->start || tr->first >= p->end)
					continue;
				if (track_shots(st, res, &ims, i, stack, k, ev,
				    err, errlen) != 0)
					goto out;
			}
		}
		if (warning_shots(st, res, &ims, i, ev, err, errlen) != 0)
			goto out;
	}
	rc = 0;
out:
	store_images_free(ims.v, ims.n);
	free(ims.by_id);
	return rc;
}

void
count_evidence_free(struct count_evidence *ev)
{
	size_t	 i;

	for (i = 0; i < ev->nshots; i++) {
		store_image_clear(&ev->shots[i].im);
		free(ev->shots[i].marks);
	}
	for (i = 0; i < ev->ndays; i++)
		free(ev->days[i].path);
	free(ev->shots);
	free(ev->days);
	memset(ev, 0, sizeof *ev);
}

const char *
evidence_role_name(int role)
{
	static const char *const names[EVIDENCE_ROLES] = {
		"before", "first", "last", "after", "mark"
	};

	return role >= 0 && role < EVIDENCE_ROLES ? names[role] : "?";
}
