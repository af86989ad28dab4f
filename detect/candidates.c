/*
 * candidates.c: a candidate search for one image as an analyst means it:
 * the pixels of a region through the image's stretch and overview
 * pyramid, the same ground on the site's last clear image before it (for
 * what changed), the site's quays as where to look, and the image's marks
 * and proposals as what is already done. detect/ does the pixels; this
 * file brings it what the store knows. `quaymark candidates` and hint
 * mode both call it.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "detect.h"
#include "../geo/geo.h"

/* The site's last clear image before im, opened; 0, or -1 if none. */
static int
last_clear(struct store *st, const struct store_image *im,
    struct store_image *prev, struct imagery *pim)
{
	struct store_filter	 f;
	struct store_image	*v = NULL;
	size_t			 n = 0, i;
	char			 err[256];
	int			 rc = -1;

	memset(&f, 0, sizeof f);
	f.site_id = im->site_id;
	f.to = im->acquired - 1;
	f.has_to = 1;
	f.quality_mask = QUALITY_BIT(QUALITY_CLEAR);
	f.no_mark_counts = 1;
	if (store_image_list(st, &f, &v, &n, err, sizeof err) != 0)
		return -1;
	for (i = n; i-- > 0;) {
		if (v[i].id == im->id || v[i].acquired >= im->acquired)
			continue;
		if (imagery_open(st, v[i].id, NULL, 0,
		    pim, err, sizeof err) != 0)
			break;	/* its file is gone: no change cue */
		store_image_copy(prev, &v[i]);
		rc = 0;
		break;
	}
	store_images_free(v, n);
	return rc;
}

/* Read the earlier image's ground under v into pf; 0 or -1. */
static int
read_prev(struct store *st, const struct store_image *im,
    const struct viewport *v, struct frame *pf)
{
	struct store_image	 prev;
	struct imagery		 pim;
	struct viewport		 pv;
	char			 err[256];
	int			 rc = -1, geo;

	memset(&prev, 0, sizeof prev);
	memset(&pim, 0, sizeof pim);
	if (last_clear(st, im, &prev, &pim) != 0)
		return -1;
	geo = im->has_gt && prev.has_gt;
	if ((im->has_gt != prev.has_gt) || (geo && (im->crs_wkt == NULL) !=
	    (prev.crs_wkt == NULL)) || (geo && im->crs_wkt != NULL &&
	    strcmp(im->crs_wkt, prev.crs_wkt) != 0))
		goto out;
	if (detect_coregister(v, geo ? im->gt : NULL, geo ? prev.gt : NULL,
	    im->width, im->height, prev.width, prev.height, &pv) != 0)
		goto out;
	pim.stretch.gamma = 1;
	if (render_read(pim.r, &pv, &pim.stretch, pf, err, sizeof err) == 0)
		rc = 0;
out:
	imagery_close(&pim);
	store_image_clear(&prev);
	return rc;
}

/*
 * The candidates of region [x0, x1) x [y0, y1) of image im (its row) read
 * through r, stretch s: limited to quay q of ql (-1: any of its quays; ql
 * NULL or quayless: anywhere), hiding those the marks cover. *out is the
 * caller's to free. Returns 0, or -1 with a reason.
 */
int
candidates_find(struct store *st, const struct cand_query *q,
    struct detect_candidate **out, size_t *n, char *err, size_t errlen)
{
	struct detect_input	 in;
	struct detect_area	*areas = NULL;
	struct viewport		 v;
	struct frame		 f, pf;
	struct stretch		 s = *q->stretch;
	double			*hide = NULL, x0, y0, x1, y1, *pts;
	size_t			 i, na = 0, nq;
	int			 rc;

	*out = NULL;
	*n = 0;
	x0 = fmax(0, q->x0);
	y0 = fmax(0, q->y0);
	x1 = fmin(q->im->width, q->x1);
	y1 = fmin(q->im->height, q->y1);
	if (x1 <= x0 || y1 <= y0)
		return 0;	/* nothing of the image in the region */
	detect_view_for(x0, y0, x1, y1, &v);
	frame_init(&f);
	frame_init(&pf);
	s.gamma = 1;	/* the pixels as they are, not as lit for the eye */
	if (render_read(q->r, &v, &s, &f, err, errlen) != 0) {
		frame_free(&f);
		return -1;
	}
	memset(&in, 0, sizeof in);
	in.f = &f;
	in.v = &v;
	in.width = q->im->width;
	in.height = q->im->height;
	if (q->use_prev && read_prev(st, q->im, &v, &pf) == 0)
		in.prev = &pf;
	nq = q->ql != NULL ? quay_locator_count(q->ql) : 0;
	if (nq > 0) {
		areas = xcalloc(nq, sizeof *areas);
		for (i = 0; i < nq; i++) {
			if (q->quay >= 0 && (size_t)q->quay != i)
				continue;
			if (quay_pixel_polygon(q->ql, q->im, i, &pts,
			    &areas[na].n) != 0)
				continue;
			areas[na++].pts = pts;
		}
		in.areas = areas;
		in.nareas = na;
		if (na == 0) {	/* no quay of them on this image */
			free(areas);
			frame_free(&f);
			frame_free(&pf);
			return 0;
		}
	}
	if (q->nmarks > 0) {
		hide = xreallocarray(NULL, q->nmarks, 5 * sizeof *hide);
		for (i = 0; i < q->nmarks; i++) {
			const struct store_mark *m = &q->marks[i];

			hide[5 * i] = m->cx;
			hide[5 * i + 1] = m->cy;
			hide[5 * i + 2] = m->kind == MARK_POINT ? 0 : m->w;
			hide[5 * i + 3] = m->kind == MARK_POINT ? 0 : m->h;
			hide[5 * i + 4] = m->kind == MARK_RBOX ? m->angle : 0;
		}
		in.hide = hide;
		in.nhide = q->nmarks;
	}
	rc = detect_find(&in, out, n, err, errlen);
	free(hide);
	free(areas);
	frame_free(&f);
	frame_free(&pf);
	return rc;
}
