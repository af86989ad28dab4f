/*
 * duplicates.c: blind double labelling leaves one mark per analyst for
 * each object, and a trainer fed both learns the object twice. Marks of
 * one class by different authors that overlap (IoU >= 0.5; points within
 * 10 pixels) are one object. --duplicates first (the default) keeps the
 * approved one, else the oldest; merge writes one consensus mark, the
 * mean of their centres, sizes and angles; keep writes them all.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "export.h"

static int
same_object(const struct store_mark *a, const struct store_mark *b)
{
	double	 ra[5], rb[5], reach;

	if (a->class_id != b->class_id || a->author == NULL ||
	    b->author == NULL || strcmp(a->author, b->author) == 0 ||
	    (a->kind == MARK_POINT) != (b->kind == MARK_POINT))
		return 0;
	if (a->kind == MARK_POINT)
		return hypot(a->cx - b->cx, a->cy - b->cy) <=
		    EXPORT_DUP_POINT_PX;
	/* boxes further apart than their diagonals cannot overlap */
	reach = hypot(a->w, a->h) / 2 + hypot(b->w, b->h) / 2;
	if (fabs(a->cx - b->cx) > reach || fabs(a->cy - b->cy) > reach)
		return 0;
	ra[0] = a->cx, ra[1] = a->cy, ra[2] = a->w, ra[3] = a->h;
	ra[4] = a->angle;
	rb[0] = b->cx, rb[1] = b->cy, rb[2] = b->w, rb[3] = b->h;
	rb[4] = b->angle;
	return geom_rbox_iou(ra, rb) >= EXPORT_DUP_IOU;
}

/* Approved marks first, then the oldest (the lowest id). */
static int
cmp_preferred(const void *x, const void *y, void *arg)
{
	const struct store_mark	*m = arg;
	const struct store_mark	*a = &m[*(const size_t *)x];
	const struct store_mark	*b = &m[*(const size_t *)y];
	int			 pa = a->status != STATUS_APPROVED;
	int			 pb = b->status != STATUS_APPROVED;

	if (pa != pb)
		return pa - pb;
	return (a->id > b->id) - (a->id < b->id);
}

/* Does group g (marks whose head[] is g) hold a mark by author? */
static int
group_has_author(const struct export_image *e, const size_t *head, size_t g,
    const char *author)
{
	size_t	 i;

	for (i = 0; i < e->nmarks; i++)
		if (head[i] == g && strcmp(e->marks[i].author, author) == 0)
			return 1;
	return 0;
}

/*
 * The consensus of group g, written over its head: the mean centre and
 * size, and the mean angle with each member's turned to within 90
 * degrees of the head's (a box's angle repeats every 180).
 */
static void
merge_group(struct export_image *e, const size_t *head, size_t g)
{
	struct store_mark	*h = &e->marks[g];
	double			 cx = 0, cy = 0, w = 0, hh = 0, da = 0, d;
	size_t			 i, n = 0;

	for (i = 0; i < e->nmarks; i++) {
		if (head[i] != g)
			continue;
		d = fmod(e->marks[i].angle - h->angle, 180);
		if (d > 90)
			d -= 180;
		else if (d <= -90)
			d += 180;
		cx += e->marks[i].cx;
		cy += e->marks[i].cy;
		w += e->marks[i].w;
		hh += e->marks[i].h;
		da += d;
		n++;
	}
	if (n < 2)
		return;
	h->cx = cx / (double)n;
	h->cy = cy / (double)n;
	h->w = w / (double)n;
	h->h = hh / (double)n;
	h->angle += da / (double)n;
}

/* One image: group its marks, merge or drop all but each group's head. */
static size_t
image_duplicates(struct export_image *e, int mode)
{
	size_t	*order, *head, i, j, k, dropped = 0;

	if (e->nmarks < 2)
		return 0;
	order = xcalloc(e->nmarks, sizeof *order);
	head = xcalloc(e->nmarks, sizeof *head);
	for (i = 0; i < e->nmarks; i++)
		order[i] = head[i] = i;
	qsort_r(order, e->nmarks, sizeof *order, cmp_preferred, e->marks);
	/* each mark joins the first preferred head it overlaps that has
	 * nothing by its author yet, or heads a group of its own */
	for (i = 0; i < e->nmarks; i++) {
		size_t	 m = order[i];

		for (j = 0; j < i; j++) {
			size_t	 g = order[j];

			if (head[g] == g && same_object(&e->marks[m],
			    &e->marks[g]) && !group_has_author(e, head, g,
			    e->marks[m].author)) {
				head[m] = g;
				break;
			}
		}
	}
	if (mode == EXPORT_DUP_MERGE)
		for (i = 0; i < e->nmarks; i++)
			if (head[i] == i)
				merge_group(e, head, i);
	for (i = k = 0; i < e->nmarks; i++) {
		if (head[i] != i) {
			store_mark_clear(&e->marks[i]);
			dropped++;
			continue;
		}
		e->marks[k] = e->marks[i];
		e->quay[k++] = e->quay[i];
	}
	e->nmarks = k;
	free(order);
	free(head);
	return dropped;
}

/* Apply --duplicates (enum export_dup) to every image of the set. */
void
export_duplicates(struct export_set *s, int mode)
{
	size_t	 i, n;

	if (mode == EXPORT_DUP_KEEP)
		return;
	for (i = 0; i < s->n; i++) {
		n = image_duplicates(&s->v[i], mode);
		s->nmarks -= n;
		s->left.duplicates += n;
	}
}
