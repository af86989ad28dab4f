/*
 * agreement.c: how far two analysts agree. On the images both labelled
 * (marked, or gave a verdict), their marks are matched one to one, class
 * by class: boxes by IoU, points (and a point against a box) by the
 * distance between centres, best pairs first (greedy, as COCO's
 * evaluation does). Per class: precision and recall taking the first
 * analyst as the reference, F1, mean IoU of matched boxes, and how far
 * matched marks' counts (containers in a stack) differ. Per image: how
 * many marks each made. Over images both gave a verdict: Cohen's kappa.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "count.h"
#include "../util/util.h"

struct amark {
	int64_t	 image_id;
	int64_t	 class_id;
	int	 kind;
	double	 g[5];		/* cx, cy, w, h, angle */
	int	 has_count;
	int64_t	 count;
	int	 matched;
};

struct side {
	const char	*user;
	struct amark	*m;
	size_t		 n, cap;
};

struct ctx {
	const struct agree_opts	*o;
	int64_t			*ids;		/* candidate images, sorted */
	size_t			 nids;
	struct agree_image	*im;		/* parallel to ids */
	struct side		 side[2];
	int			 which;
};

static int
cmp_i64(const void *a, const void *b)
{
	int64_t	 x = *(const int64_t *)a, y = *(const int64_t *)b;

	return (x > y) - (x < y);
}

static struct agree_image *
image_of(struct ctx *c, int64_t id)
{
	int64_t	*p;

	p = bsearch(&id, c->ids, c->nids, sizeof *c->ids, cmp_i64);
	return p != NULL ? &c->im[p - c->ids] : NULL;
}

static int
take_mark(void *arg, const struct store_mark *m)
{
	struct ctx		*c = arg;
	struct side		*s = &c->side[c->which];
	struct agree_image	*im;
	struct amark		*a;

	if ((im = image_of(c, m->image_id)) == NULL)
		return 0;
	im->labelled[c->which] = 1;
	im->marks[c->which]++;
	if (s->n == s->cap) {
		s->cap = s->cap ? s->cap * 2 : 256;
		s->m = xreallocarray(s->m, s->cap, sizeof *s->m);
	}
	a = &s->m[s->n++];
	memset(a, 0, sizeof *a);
	a->image_id = m->image_id;
	a->class_id = m->class_id;
	a->kind = m->kind;
	a->g[0] = m->cx;
	a->g[1] = m->cy;
	a->g[2] = m->w;
	a->g[3] = m->h;
	a->g[4] = m->angle;
	a->has_count = m->has_count;
	a->count = m->count;
	return 0;
}

/* An analyst's verdicts and "reviewed" flags, from the audit trail. */
static int
take_audit(void *arg, const struct store_audit *a)
{
	struct ctx		*c = arg;
	struct agree_image	*im;
	json_t			*j, *q;
	int			 v;

	if ((im = image_of(c, a->entity_id)) == NULL)
		return 0;
	if (strcmp(a->action, "reviewed") == 0)
		im->labelled[c->which] = 1;
	if (strcmp(a->action, "quality") != 0 || a->after == NULL)
		return 0;
	if ((j = json_loads(a->after, 0, NULL)) == NULL)
		return 0;
	if ((q = json_object_get(j, "quality")) != NULL &&
	    json_is_string(q) && (v = quality_parse(json_string_value(q))) >=
	    0) {
		im->verdict[c->which] = v;
		if (v != QUALITY_UNREVIEWED)
			im->labelled[c->which] = 1;
	}
	json_decref(j);
	return 0;
}

static int
cmp_amark(const void *a, const void *b)
{
	const struct amark	*x = a, *y = b;

	if (x->image_id != y->image_id)
		return x->image_id < y->image_id ? -1 : 1;
	return (x->class_id > y->class_id) - (x->class_id < y->class_id);
}

static int
cmp_acquired(const void *a, const void *b)
{
	const struct agree_image	*x = a, *y = b;

	if (x->acquired != y->acquired)
		return x->acquired < y->acquired ? -1 : 1;
	return (x->image_id > y->image_id) - (x->image_id < y->image_id);
}

struct pair {
	size_t	 a, b;
	double	 score;		/* higher is better */
	double	 iou;		/* -1: a point was involved */
};

static int
cmp_pair(const void *x, const void *y)
{
	const struct pair	*p = x, *q = y;

	if (p->score != q->score)
		return p->score > q->score ? -1 : 1;
	if (p->a != q->a)
		return p->a < q->a ? -1 : 1;
	return (p->b > q->b) - (p->b < q->b);
}

static struct agree_class *
class_of(struct agree_result *r, int64_t id)
{
	size_t	 i;

	for (i = 0; i < r->nclasses; i++)
		if (r->classes[i].class_id == id)
			return &r->classes[i];
	r->classes = xreallocarray(r->classes, r->nclasses + 1,
	    sizeof *r->classes);
	memset(&r->classes[r->nclasses], 0, sizeof r->classes[0]);
	r->classes[r->nclasses].class_id = id;
	return &r->classes[r->nclasses++];
}

/* Match A's marks [a0, a1) against B's [b0, b1): one image, one class. */
static void
match_group(struct ctx *c, struct agree_result *r, struct agree_image *im,
    size_t a0, size_t a1, size_t b0, size_t b1, int64_t class_id)
{
	struct amark		*A = c->side[0].m, *B = c->side[1].m;
	struct agree_class	*k = class_of(r, class_id);
	struct pair		*p = NULL;
	size_t			 np = 0, i, j;
	double			 d, iou;

	k->a += a1 - a0;
	k->b += b1 - b0;
	if (a1 > a0 && b1 > b0)
		p = xreallocarray(NULL, (a1 - a0) * (b1 - b0), sizeof *p);
	for (i = a0; i < a1; i++)
		for (j = b0; j < b1; j++) {
			if (A[i].kind == MARK_POINT || B[j].kind == MARK_POINT) {
				d = hypot(A[i].g[0] - B[j].g[0],
				    A[i].g[1] - B[j].g[1]);
				if (d > c->o->point_dist)
					continue;
				p[np].score = 1 - d / (c->o->point_dist + 1);
				p[np].iou = -1;
			} else {
				iou = geom_rbox_iou(A[i].g, B[j].g);
				if (iou < c->o->iou)
					continue;
				p[np].score = iou;
				p[np].iou = iou;
			}
			p[np].a = i;
			p[np].b = j;
			np++;
		}
	if (np > 1)
		qsort(p, np, sizeof *p, cmp_pair);
	for (i = 0; i < np; i++) {
		if (A[p[i].a].matched || B[p[i].b].matched)
			continue;
		A[p[i].a].matched = B[p[i].b].matched = 1;
		k->matched++;
		im->matched++;
		if (p[i].iou >= 0) {
			k->iou_sum += p[i].iou;
			k->iou_n++;
		}
		if (A[p[i].a].has_count && B[p[i].b].has_count) {
			k->count_diff_sum += (double)llabs(A[p[i].a].count -
			    B[p[i].b].count);
			k->count_n++;
		}
	}
	free(p);
}

/* Both sides' marks are sorted by image, class: walk them together. */
static void
match_all(struct ctx *c, struct agree_result *r)
{
	struct side		*A = &c->side[0], *B = &c->side[1];
	struct agree_image	*im;
	size_t			 i = 0, j = 0, i1, j1;
	int64_t			 img, cls;

	while (i < A->n || j < B->n) {
		/* the smaller (image, class) of the two heads */
		if (j >= B->n || (i < A->n && cmp_amark(&A->m[i], &B->m[j]) <=
		    0)) {
			img = A->m[i].image_id;
			cls = A->m[i].class_id;
		} else {
			img = B->m[j].image_id;
			cls = B->m[j].class_id;
		}
		for (i1 = i; i1 < A->n && A->m[i1].image_id == img &&
		    A->m[i1].class_id == cls; i1++)
			;
		for (j1 = j; j1 < B->n && B->m[j1].image_id == img &&
		    B->m[j1].class_id == cls; j1++)
			;
		im = image_of(c, img);
		if (im != NULL && im->labelled[0] && im->labelled[1])
			match_group(c, r, im, i, i1, j, j1, cls);
		i = i1;
		j = j1;
	}
}

/* Cohen's kappa over the images both gave a verdict. */
static void
kappa(struct agree_result *r)
{
	double	 pa[QUALITY_COUNT] = { 0 }, pb[QUALITY_COUNT] = { 0 };
	double	 agree = 0, n = 0, pe = 0;
	size_t	 i;
	int	 k, va, vb;

	for (i = 0; i < r->nimages; i++) {
		va = r->images[i].verdict[0];
		vb = r->images[i].verdict[1];
		if (va <= QUALITY_UNREVIEWED || vb <= QUALITY_UNREVIEWED ||
		    va >= QUALITY_COUNT || vb >= QUALITY_COUNT)
			continue;
		n++;
		agree += va == vb;
		pa[va]++;
		pb[vb]++;
	}
	r->kappa_n = (size_t)n;
	if (n == 0)
		return;
	r->observed = agree / n;
	for (k = 0; k < QUALITY_COUNT; k++)
		pe += (pa[k] / n) * (pb[k] / n);
	r->expected = pe;
	r->has_kappa = 1;
	/* both gave one and the same verdict throughout: perfect */
	r->kappa = pe >= 1 ? 1 : (r->observed - pe) / (1 - pe);
}

int
agreement_run(struct store *st, const struct agree_opts *o,
    struct agree_result *r, char *err, size_t errlen)
{
	struct store_filter		 f;
	struct store_audit_filter	 af;
	struct store_image		*v;
	struct ctx			 c;
	size_t				 n, i;
	int				 rc = -1, w;

	memset(r, 0, sizeof *r);
	memset(&c, 0, sizeof c);
	c.o = o;
	c.side[0].user = o->analyst[0];
	c.side[1].user = o->analyst[1];
	memset(&f, 0, sizeof f);
	f.site_id = o->site_id;
	f.from = o->from;
	f.to = o->to;
	f.has_from = o->has_from;
	f.has_to = o->has_to;
	f.lean = 1;
	f.no_mark_counts = 1;
	if (store_image_list(st, &f, &v, &n, err, errlen) != 0)
		return -1;
	c.ids = xcalloc(n ? n : 1, sizeof *c.ids);
	c.im = xcalloc(n ? n : 1, sizeof *c.im);
	for (i = 0; i < n; i++)
		c.ids[i] = v[i].id;
	qsort(c.ids, n, sizeof *c.ids, cmp_i64);
	c.nids = n;
	for (i = 0; i < n; i++) {
		struct agree_image *im = image_of(&c, v[i].id);

		im->image_id = v[i].id;
		im->acquired = v[i].acquired;
		im->verdict[0] = im->verdict[1] = -1;
	}
	store_images_free(v, n);

	for (w = 0; w < 2; w++) {
		c.which = w;
		memset(&f, 0, sizeof f);
		f.site_id = o->site_id;
		f.author = o->analyst[w];
		f.proposals = -1;	/* unconfirmed carries are not labels */
		if (store_mark_each(st, &f, take_mark, &c, err, errlen) != 0)
			goto out;
		memset(&af, 0, sizeof af);
		af.entity = "image";
		af.user = o->analyst[w];
		if (store_audit_each(st, &af, take_audit, &c, err, errlen) != 0)
			goto out;
		if (c.side[w].n > 1)
			qsort(c.side[w].m, c.side[w].n, sizeof *c.side[w].m,
			    cmp_amark);
	}
	/* the images both labelled, in time order */
	r->images = xcalloc(c.nids ? c.nids : 1, sizeof *r->images);
	match_all(&c, r);
	for (i = 0; i < c.nids; i++)
		if (c.im[i].labelled[0] && c.im[i].labelled[1])
			r->images[r->nimages++] = c.im[i];
	if (r->nimages > 1)
		qsort(r->images, r->nimages, sizeof *r->images, cmp_acquired);
	for (i = 0; i < r->nimages; i++) {
		r->count_equal += r->images[i].marks[0] ==
		    r->images[i].marks[1];
		r->count_diff_sum += (double)llabs(r->images[i].marks[0] -
		    r->images[i].marks[1]);
	}
	kappa(r);
	rc = 0;
out:
	free(c.side[0].m);
	free(c.side[1].m);
	free(c.ids);
	free(c.im);
	if (rc != 0)
		agreement_free(r);
	return rc;
}

void
agreement_free(struct agree_result *r)
{
	free(r->classes);
	free(r->images);
	memset(r, 0, sizeof *r);
}
