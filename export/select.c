/*
 * select.c: what an export writes: the images (by site, dates and
 * verdict: only clear and partly cloudy ones unless asked for), their
 * marks (by class and review status: rejected ones only when --status
 * names them; unconfirmed proposals never), the classes in a fixed order
 * (their YOLO indices and COCO ids), and the split each image falls in.
 * What is left out is counted by reason, for the summary line.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "export.h"

struct collect {
	struct export_set	*set;
	const struct store_filter *f;
	int64_t			*ids;		/* image ids, sorted */
	size_t			*pos;		/* their places in the set */
	size_t			 last;		/* the image of the last mark */
	struct skipped {		/* images left out by verdict, by id */
		int64_t	 id;
		int	 cloudy;	/* 1 cloudy or no data, 0 no verdict */
	}			*skip;
	size_t			 nskip;
};

static int
cmp_skipped(const void *a, const void *b)
{
	int64_t	 x = ((const struct skipped *)a)->id;
	int64_t	 y = ((const struct skipped *)b)->id;

	return (x > y) - (x < y);
}

/* A mark on an image left out by its verdict: count it by the reason. */
static void
count_skipped(struct collect *c, int64_t image_id)
{
	struct skipped	 key, *p;

	key.id = image_id;
	p = bsearch(&key, c->skip, c->nskip, sizeof *p, cmp_skipped);
	if (p == NULL)
		return;
	if (p->cloudy)
		c->set->left.cloudy_marks++;
	else
		c->set->left.unreviewed_marks++;
}

static int
cmp_id_pos(const void *a, const void *b, void *arg)
{
	const int64_t	*ids = arg;
	int64_t		 x = ids[*(const size_t *)a], y = ids[*(const size_t *)b];

	return (x > y) - (x < y);
}

static struct export_image *
find_image(struct collect *c, int64_t id)
{
	struct export_set	*s = c->set;
	size_t			 lo = 0, hi = s->n, mid;

	/* marks come image by image: usually the last one again */
	if (c->last < s->n && s->v[c->last].im.id == id)
		return &s->v[c->last];
	while (lo < hi) {
		mid = (lo + hi) / 2;
		if (s->v[c->pos[mid]].im.id < id)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo < s->n && s->v[c->pos[lo]].im.id == id) {
		c->last = c->pos[lo];
		return &s->v[c->last];
	}
	return NULL;
}

/* A mark from the store, kept (the set owns it) or dropped. */
static int
take_mark(void *arg, struct store_mark *m)
{
	struct collect		*c = arg;
	const struct store_filter *f = c->f;
	struct export_image	*e;
	int			 q;

	if (m->proposal || export_class_index(c->set, m->class_id) < 0) {
		store_mark_clear(m);
		return 0;
	}
	if (f->status_mask != 0 && !(f->status_mask & STATUS_BIT(m->status))) {
		if (m->status == STATUS_REJECTED)
			c->set->left.rejected++;
		else
			c->set->left.other_status++;
		store_mark_clear(m);
		return 0;
	}
	if ((e = find_image(c, m->image_id)) == NULL) {
		count_skipped(c, m->image_id);
		store_mark_clear(m);
		return 0;
	}
	if (e->nmarks == e->cap) {
		e->cap = e->cap ? e->cap * 2 : 8;
		e->marks = xreallocarray(e->marks, e->cap, sizeof *e->marks);
		e->quay = xreallocarray(e->quay, e->cap, sizeof *e->quay);
	}
	m->acquired = e->im.acquired;	/* what the lean query left out */
	m->quality = e->im.quality;
	q = c->set->ql != NULL ? quay_locate_mark(c->set->ql, m) : -1;
	e->quay[e->nmarks] = q < 0 ? NULL :
	    quay_locator_quay(c->set->ql, (size_t)q)->name;
	e->marks[e->nmarks++] = *m;	/* ownership moves */
	c->set->nmarks++;
	return 0;
}

int
export_class_index(const struct export_set *s, int64_t class_id)
{
	size_t	 i;

	for (i = 0; i < s->nclasses; i++)
		if (s->classes[i].id == class_id)
			return (int)i;
	return -1;
}

int
export_select(struct store *st, const struct export_opts *o,
    struct export_set *s, char *err, size_t errlen)
{
	struct store_filter	 f = o->filter;
	struct store_image	*v;
	struct store_class	*all;
	struct collect		 c;
	size_t			 n, i, k, nall;
	int			 qmask;

	memset(s, 0, sizeof *s);
	/* the classes: those asked for, in that order; else all */
	if (store_class_list(st, &all, &nall, err, errlen) != 0)
		return -1;
	s->classes = xcalloc(nall ? nall : 1, sizeof *s->classes);
	if (f.class_ids != NULL) {
		for (k = 0; k < f.nclass_ids; k++)
			for (i = 0; i < nall; i++)
				if (all[i].id == f.class_ids[k] &&
				    export_class_index(s, all[i].id) < 0) {
					s->classes[s->nclasses].id = all[i].id;
					s->classes[s->nclasses].name =
					    xstrdup(all[i].name);
					s->classes[s->nclasses++].colour =
					    all[i].colour ?
					    xstrdup(all[i].colour) : NULL;
				}
	} else
		for (i = 0; i < nall; i++) {
			s->classes[s->nclasses].id = all[i].id;
			s->classes[s->nclasses].name = xstrdup(all[i].name);
			s->classes[s->nclasses++].colour = all[i].colour ?
			    xstrdup(all[i].colour) : NULL;
		}
	store_classes_free(all, nall);

	/* the images */
	qmask = o->quality_mask ? o->quality_mask : QUALITY_BIT(QUALITY_CLEAR)
	    | QUALITY_BIT(QUALITY_PARTLY_CLOUDY);
	f.no_mark_counts = 1;
	f.image_id = o->filter.image_id;
	if (store_image_list(st, &f, &v, &n, err, errlen) != 0) {
		export_set_free(s);
		return -1;
	}
	s->v = xcalloc(n ? n : 1, sizeof *s->v);
	memset(&c, 0, sizeof c);
	c.skip = xcalloc(n ? n : 1, sizeof *c.skip);
	for (i = 0; i < n; i++) {
		if (!(qmask & QUALITY_BIT(v[i].quality))) {
			if (v[i].quality == QUALITY_UNREVIEWED)
				s->left.unreviewed_images++;
			else
				s->left.cloudy_images++;
			c.skip[c.nskip].cloudy = v[i].quality !=
			    QUALITY_UNREVIEWED;
			c.skip[c.nskip++].id = v[i].id;
			store_image_clear(&v[i]);
			continue;
		}
		s->v[s->n].im = v[i];	/* the set owns it now */
		s->v[s->n].source_id = v[i].id;
		s->n++;
	}
	free(v);

	/* their marks: never unconfirmed proposals */
	f = o->filter;
	c.set = s;
	c.f = &f;
	c.pos = xcalloc(s->n ? s->n : 1, sizeof *c.pos);
	for (i = 0; i < s->n; i++)
		c.pos[i] = i;
	{
		int64_t	*ids = xcalloc(s->n ? s->n : 1, sizeof *ids);

		for (i = 0; i < s->n; i++)
			ids[i] = s->v[i].im.id;
		qsort_r(c.pos, s->n, sizeof *c.pos, cmp_id_pos, ids);
		free(ids);
	}
	/* the list comes in time order, not id order */
	qsort(c.skip, c.nskip, sizeof *c.skip, cmp_skipped);
	if ((s->ql = quay_locator_new(st, o->filter.site_id, err, errlen)) ==
	    NULL || store_mark_each_lean(st, &f, take_mark, &c, err, errlen) !=
	    0) {
		free(c.pos);
		free(c.skip);
		export_set_free(s);
		return -1;
	}
	free(c.pos);
	free(c.skip);
	export_duplicates(s, o->duplicates);
	return 0;
}

/* "keep", "first" or "merge" to enum export_dup, or -1. */
int
export_dup_parse(const char *s)
{
	static const char *const names[] = { "first", "keep", "merge" };
	size_t	 i;

	for (i = 0; i < QM_NELEM(names); i++)
		if (strcmp(s, names[i]) == 0)
			return (int)i;
	return -1;
}

void
export_set_free(struct export_set *s)
{
	size_t	 i;

	for (i = 0; i < s->n; i++) {
		store_image_clear(&s->v[i].im);
		store_marks_free(s->v[i].marks, s->v[i].nmarks);
		free(s->v[i].quay);
	}
	free(s->v);
	if (s->ql != NULL)
		quay_locator_free(s->ql);
	store_classes_free(s->classes, s->nclasses);
	memset(s, 0, sizeof *s);
}

/* "train=0.8,val=0.2" (shares are normalised to their sum). */
int
export_split_parse(const char *spec, struct export_set *s, char *err,
    size_t errlen)
{
	char	*copy, *p, *save = NULL, *eq;
	double	 sum = 0, v;
	int	 i;

	s->nsplits = 0;
	copy = xstrdup(spec);
	for (p = strtok_r(copy, ",", &save); p != NULL;
	    p = strtok_r(NULL, ",", &save)) {
		if ((eq = strchr(p, '=')) == NULL || eq == p ||
		    num_parse_double(eq + 1, &v) != 0 || !(v > 0) ||
		    (size_t)(eq - p) >= sizeof s->split_name[0] ||
		    s->nsplits == EXPORT_MAX_SPLITS) {
			free(copy);
			return errf(err, errlen, "--split: \"%s\" is not "
			    "NAME=SHARE,... (train=0.8,val=0.2)", spec);
		}
		*eq = '\0';
		for (i = 0; i < s->nsplits; i++)
			if (strcmp(s->split_name[i], p) == 0) {
				free(copy);
				return errf(err, errlen, "--split: \"%s\" "
				    "twice", p);
			}
		snprintf(s->split_name[s->nsplits], sizeof s->split_name[0],
		    "%s", p);
		s->split_share[s->nsplits++] = v;
		sum += v;
	}
	free(copy);
	if (s->nsplits == 0)
		return errf(err, errlen, "--split: no splits in \"%s\"", spec);
	for (i = 0; i < s->nsplits; i++)
		s->split_share[i] /= sum;
	return 0;
}

const char *
export_split_name(const struct export_set *s, int i)
{
	return s->nsplits > 0 && i >= 0 && i < s->nsplits ? s->split_name[i] :
	    "";
}

static uint64_t
mix64(uint64_t x)
{
	x += 0x9e3779b97f4a7c15ULL;
	x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
	x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
	return x ^ (x >> 31);
}

struct block {
	int64_t		 site;
	int64_t		 index;		/* days / block_days */
	uint64_t	 order;		/* the seeded shuffle */
	size_t		 images;
	int		 split;
};

static int
cmp_block_order(const void *a, const void *b)
{
	const struct block	*x = a, *y = b;

	if (x->order != y->order)
		return x->order < y->order ? -1 : 1;
	if (x->site != y->site)
		return x->site < y->site ? -1 : 1;
	return (x->index > y->index) - (x->index < y->index);
}

/*
 * Give each image a split. Images of one site within the same block of
 * block_days days go together (consecutive days are near-duplicates, and
 * one in train with its twin in val flatters the model); blocks are
 * shuffled by the seed and dealt to the splits until each has its share
 * of images. Deterministic for a seed and a catalog.
 */
void
export_split_assign(struct export_set *s, uint64_t seed, int block_days)
{
	struct block	*b = NULL;
	size_t		 nb = 0, i, k;
	double		 want, done;
	int		 j;

	if (s->nsplits == 0 || s->n == 0)
		return;
	if (block_days < 1)
		block_days = 1;
	for (i = 0; i < s->n; i++) {
		int64_t	 idx = (int64_t)floor((double)s->v[i].im.acquired /
			     86400.0 / block_days);

		for (k = 0; k < nb; k++)
			if (b[k].site == s->v[i].im.site_id &&
			    b[k].index == idx)
				break;
		if (k == nb) {
			b = xreallocarray(b, nb + 1, sizeof *b);
			b[nb].site = s->v[i].im.site_id;
			b[nb].index = idx;
			b[nb].order = mix64(seed ^ mix64((uint64_t)
			    b[nb].site * 1000003u ^ (uint64_t)idx));
			b[nb].images = 0;
			nb++;
		}
		b[k].images++;
	}
	qsort(b, nb, sizeof *b, cmp_block_order);
	/* deal in shuffled order: each block to the split furthest behind
	 * its share */
	done = 0;
	{
		double	 have[EXPORT_MAX_SPLITS] = { 0 };

		for (k = 0; k < nb; k++) {
			int	 best = 0;
			double	 gap, bestgap = -1e300;

			for (j = 0; j < s->nsplits; j++) {
				want = s->split_share[j] * (done + b[k].images);
				gap = want - have[j];
				if (gap > bestgap) {
					bestgap = gap;
					best = j;
				}
			}
			b[k].split = best;
			have[best] += b[k].images;
			done += b[k].images;
		}
	}
	for (i = 0; i < s->n; i++) {
		int64_t	 idx = (int64_t)floor((double)s->v[i].im.acquired /
			     86400.0 / block_days);

		for (k = 0; k < nb; k++)
			if (b[k].site == s->v[i].im.site_id &&
			    b[k].index == idx) {
				s->v[i].split = b[k].split;
				break;
			}
	}
	free(b);
}
