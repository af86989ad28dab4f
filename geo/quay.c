/*
 * quay.c: which quay a point lies in. A quay drawn in pixels applies to
 * every image of its site as is; a quay drawn in a map CRS is taken in the
 * image's CRS (kept reprojected in quay_geom at ingest and quay add) and
 * brought to pixels with the inverse of the image's geotransform. Results
 * for the last image are cached: marks arrive image by image. The
 * reprojected polygons are read from the store once per CRS and kept, so
 * a caller can load them all (quay_locator_load_crs) before a streamed
 * read during which the store takes no other query.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "geo.h"
#include "../util/util.h"

struct quay_locator {
	struct store		*st;
	struct store_quay	*quays;
	size_t			 nquays;
	int64_t			 image_id;	/* cache key */
	double			**poly;		/* per quay, pixels, or NULL */
	size_t			*npoly;
	struct store_image	 im;		/* for quay_locate_mark */
	struct crs_polys	*crs;		/* map polygons by image CRS */
	size_t			 ncrs;
};

/* Every quay's polygon in one CRS, from quay_geom (NULL: none there). */
struct crs_polys {
	char		 *code;
	double		**pts;
	size_t		 *n;
};

struct quay_locator *
quay_locator_new(struct store *st, int64_t site_id, char *err, size_t errlen)
{
	struct quay_locator	*ql;

	ql = xcalloc(1, sizeof *ql);
	ql->st = st;
	if (store_quay_list(st, site_id, &ql->quays, &ql->nquays, err, errlen)
	    != 0) {
		free(ql);
		return NULL;
	}
	ql->poly = xcalloc(ql->nquays ? ql->nquays : 1, sizeof *ql->poly);
	ql->npoly = xcalloc(ql->nquays ? ql->nquays : 1, sizeof *ql->npoly);
	return ql;
}

static void
drop_cache(struct quay_locator *ql)
{
	size_t	 i;

	for (i = 0; i < ql->nquays; i++) {
		free(ql->poly[i]);
		ql->poly[i] = NULL;
		ql->npoly[i] = 0;
	}
	ql->image_id = 0;
}

void
quay_locator_free(struct quay_locator *ql)
{
	size_t	 c, i;

	if (ql == NULL)
		return;
	drop_cache(ql);
	for (c = 0; c < ql->ncrs; c++) {
		for (i = 0; i < ql->nquays; i++)
			free(ql->crs[c].pts[i]);
		free(ql->crs[c].pts);
		free(ql->crs[c].n);
		free(ql->crs[c].code);
	}
	free(ql->crs);
	free(ql->poly);
	free(ql->npoly);
	store_image_clear(&ql->im);
	store_quays_free(ql->quays, ql->nquays);
	free(ql);
}

size_t
quay_locator_count(const struct quay_locator *ql)
{
	return ql->nquays;
}

const struct store_quay *
quay_locator_quay(const struct quay_locator *ql, size_t i)
{
	return &ql->quays[i];
}

/* Map coordinates to pixels through the inverse geotransform. */
static int
map_to_pixel(const double *gt, double *xy)
{
	double	 det, x, y;

	det = gt[1] * gt[5] - gt[2] * gt[4];
	if (fabs(det) < 1e-300)
		return -1;
	x = xy[0] - gt[0];
	y = xy[1] - gt[3];
	xy[0] = (gt[5] * x - gt[2] * y) / det;
	xy[1] = (-gt[4] * x + gt[1] * y) / det;
	return 0;
}

/*
 * The quays drawn in another CRS, as quay_geom keeps them in crs, read
 * once. A quay with no row there (its polygon did not reproject) has
 * none; only a failing store is an error (-1).
 */
static const struct crs_polys *
crs_polys(struct quay_locator *ql, const char *crs, char *err, size_t errlen)
{
	struct crs_polys	*c;
	struct store_quay	*q;
	size_t			 i;

	for (i = 0; i < ql->ncrs; i++)
		if (strcmp(ql->crs[i].code, crs) == 0)
			return &ql->crs[i];
	c = xcalloc(1, sizeof *c);
	c->pts = xcalloc(ql->nquays ? ql->nquays : 1, sizeof *c->pts);
	c->n = xcalloc(ql->nquays ? ql->nquays : 1, sizeof *c->n);
	for (i = 0; i < ql->nquays; i++) {
		q = &ql->quays[i];
		if (q->crs == NULL || strcmp(q->crs, crs) == 0)
			continue;
		if (store_quay_geom_get(ql->st, q->id, crs, &c->pts[i],
		    &c->n[i], err, errlen) != 0) {
			while (i-- > 0)
				free(c->pts[i]);
			free(c->pts);
			free(c->n);
			free(c);
			return NULL;
		}
	}
	c->code = xstrdup(crs);
	ql->crs = xreallocarray(ql->crs, ql->ncrs + 1, sizeof *ql->crs);
	ql->crs[ql->ncrs] = *c;
	free(c);
	return &ql->crs[ql->ncrs++];
}

/*
 * Read the quays' polygons in crs now, so that locating in an image of
 * that CRS later asks the store nothing. 0, or -1 with err.
 */
int
quay_locator_load_crs(struct quay_locator *ql, const char *crs, char *err,
    size_t errlen)
{
	return crs == NULL || crs_polys(ql, crs, err, errlen) != NULL ? 0 : -1;
}

static void
fill_cache(struct quay_locator *ql, const struct store_image *im)
{
	const struct crs_polys	*c = NULL;
	struct store_quay	*q;
	double			*p;
	size_t			 i, j, n;

	if (ql->image_id == im->id && im->id != 0)
		return;
	drop_cache(ql);
	ql->image_id = im->id;
	for (i = 0; i < ql->nquays; i++) {
		q = &ql->quays[i];
		if (q->site_id != im->site_id)
			continue;
		if (q->crs == NULL) {
			p = xreallocarray(NULL, q->npts, 2 * sizeof *p);
			memcpy(p, q->pts, q->npts * 2 * sizeof *p);
			n = q->npts;
		} else {
			if (!im->has_gt || im->crs_code == NULL)
				continue;
			if (strcmp(q->crs, im->crs_code) == 0) {
				p = xreallocarray(NULL, q->npts, 2 * sizeof *p);
				memcpy(p, q->pts, q->npts * 2 * sizeof *p);
				n = q->npts;
			} else if ((c != NULL || (c = crs_polys(ql,
			    im->crs_code, NULL, 0)) != NULL) &&
			    c->pts[i] != NULL) {
				n = c->n[i];
				p = xreallocarray(NULL, n, 2 * sizeof *p);
				memcpy(p, c->pts[i], n * 2 * sizeof *p);
			} else
				continue;
			for (j = 0; j < n; j++)
				if (map_to_pixel(im->gt, &p[2 * j]) != 0) {
					free(p);
					p = NULL;
					break;
				}
			if (p == NULL)
				continue;
		}
		ql->poly[i] = p;
		ql->npoly[i] = n;
	}
}

/* Index of the quay containing pixel (x, y) of im, or -1. */
int
quay_locate(struct quay_locator *ql, const struct store_image *im, double x,
    double y)
{
	fill_cache(ql, im);
	return quay_cached_locate(ql, im->id, x, y);
}

/* The quay containing a mark's centre (loads its image when needed). */
int
quay_locate_mark(struct quay_locator *ql, const struct store_mark *m)
{
	if (ql->nquays == 0)
		return -1;
	if (ql->im.id != m->image_id) {
		store_image_clear(&ql->im);
		if (store_image_get(ql->st, m->image_id, &ql->im, NULL, 0) != 0)
			return -1;
	}
	return quay_locate(ql, &ql->im, m->cx, m->cy);
}

/*
 * Load quay polygons in im's pixels (reprojected ones come from the
 * store), so that drawing can ask quay_cached_locate and
 * quay_cached_polygon, which never query it.
 */
void
quay_locator_prepare(struct quay_locator *ql, const struct store_image *im)
{
	fill_cache(ql, im);
}

/* quay_locate from the cache alone: -1 unless prepared for image_id. */
int
quay_cached_locate(const struct quay_locator *ql, int64_t image_id,
    double x, double y)
{
	size_t	 i;

	if (ql->image_id != image_id)
		return -1;
	for (i = 0; i < ql->nquays; i++)
		if (ql->poly[i] != NULL && geom_point_in_polygon(x, y,
		    ql->poly[i], ql->npoly[i]))
			return (int)i;
	return -1;
}

/* quay_pixel_polygon from the cache alone (-1: none, or not prepared). */
int
quay_cached_polygon(const struct quay_locator *ql, int64_t image_id,
    size_t i, const double **pts, size_t *n)
{
	if (ql->image_id != image_id || i >= ql->nquays ||
	    ql->poly[i] == NULL)
		return -1;
	*pts = ql->poly[i];
	*n = ql->npoly[i];
	return 0;
}

/* Share of quay i's area that image im shows (0 when not applicable). */
double
quay_cover(struct quay_locator *ql, const struct store_image *im, size_t i)
{
	fill_cache(ql, im);
	if (i >= ql->nquays || ql->poly[i] == NULL)
		return 0;
	return geom_rect_cover(ql->poly[i], ql->npoly[i], im->width,
	    im->height);
}

/* Quay i's polygon in im's pixels: a pointer into the cache, or -1. */
int
quay_pixel_polygon(struct quay_locator *ql, const struct store_image *im,
    size_t i, double **pts, size_t *n)
{
	const double	*p;

	fill_cache(ql, im);
	if (quay_cached_polygon(ql, im->id, i, &p, n) != 0)
		return -1;
	*pts = ql->poly[i];	/* p, not const for the callers */
	return 0;
}
