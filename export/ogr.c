/*
 * ogr.c: marks as GIS features through OGR (any vector driver: GPKG,
 * GeoJSON, FlatGeobuf, ESRI Shapefile...). Each mark becomes a feature in
 * map coordinates, through its image's geotransform: boxes as polygons
 * (layer "marks"), points as points (layer "mark_points"); the quays are
 * a third layer. Coordinates are in the first image's CRS, or --t-srs,
 * reprojected by GDAL/PROJ where images differ. Images that are not
 * georeferenced are counted and left out (the caller reports them).
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "export.h"
#include "../render/gdal-api.h"
#include "../render/render.h"

static const struct {
	const char	*name;
	OGRFieldType	 type;
} fields[] = {
	{ "id", OFTInteger64 }, { "image", OFTString }, { "site", OFTString },
	{ "date", OFTDateTime }, { "class", OFTString }, { "kind", OFTString },
	{ "name", OFTString }, { "count", OFTInteger64 },
	{ "state", OFTString }, { "note", OFTString },
	{ "track", OFTInteger64 }, { "quay", OFTString },
	{ "author", OFTString }, { "status", OFTString },
	{ "reason", OFTString }, { "angle", OFTReal }, { "px_cx", OFTReal },
	{ "px_cy", OFTReal }, { "px_w", OFTReal }, { "px_h", OFTReal },
};
#define NFIELDS (sizeof fields / sizeof fields[0])

struct ogr_ctx {
	GDALDatasetH		 ds;
	OGRSpatialReferenceH	 target;
	OGRLayerH		 polys, points, quays;
	/* the last image's transformation, reused image to image */
	char			*src_wkt;
	OGRCoordinateTransformationH ct;
	int			 same;
};

static OGRLayerH
make_layer(struct ogr_ctx *c, const char *name, OGRwkbGeometryType gt,
    int mark_fields, char *err, size_t errlen)
{
	OGRLayerH	 l;
	OGRFieldDefnH	 f;
	size_t		 i;

	l = G(GDALDatasetCreateLayer)(c->ds, name, c->target, gt, NULL);
	if (l == NULL) {
		errf(err, errlen, "layer %s: %s", name, gdal_last_error());
		return NULL;
	}
	for (i = 0; i < (mark_fields ? NFIELDS : 3); i++) {
		const char	*fn = mark_fields ? fields[i].name :
				    i == 0 ? "id" : i == 1 ? "name" : "site";
		OGRFieldType	 ft = mark_fields ? fields[i].type :
				    i == 0 ? OFTInteger64 : OFTString;

		f = G(OGR_Fld_Create)(fn, ft);
		if (G(OGR_L_CreateField)(l, f, TRUE) != OGRERR_NONE) {
			G(OGR_Fld_Destroy)(f);
			errf(err, errlen, "layer %s, field %s: %s", name, fn,
			    gdal_last_error());
			return NULL;
		}
		G(OGR_Fld_Destroy)(f);
	}
	return l;
}

/* Make ready to bring points of an image with CRS wkt to the target. */
static int
use_crs(struct ogr_ctx *c, const char *wkt, char *err, size_t errlen)
{
	OGRSpatialReferenceH	 src;

	if (c->src_wkt != NULL && strcmp(c->src_wkt, wkt) == 0)
		return 0;
	if (c->ct != NULL)
		G(OCTDestroyCoordinateTransformation)(c->ct);
	c->ct = NULL;
	free(c->src_wkt);
	c->src_wkt = xstrdup(wkt);
	src = G(OSRNewSpatialReference)(NULL);
	if (G(OSRImportFromWkt)(src, (char **)&(const char *){ wkt }) !=
	    OGRERR_NONE) {
		G(OSRDestroySpatialReference)(src);
		return errf(err, errlen, "an image's CRS cannot be read");
	}
	G(OSRSetAxisMappingStrategy)(src, OAMS_TRADITIONAL_GIS_ORDER);
	c->same = G(OSRIsSame)(src, c->target);
	if (!c->same && (c->ct = G(OCTNewCoordinateTransformation)(src,
	    c->target)) == NULL) {
		G(OSRDestroySpatialReference)(src);
		return errf(err, errlen, "no transformation to the target CRS: "
		    "%s", gdal_last_error());
	}
	G(OSRDestroySpatialReference)(src);
	return 0;
}

/* Image pixels to target map coordinates, in place (n points). */
static int
to_map(struct ogr_ctx *c, const struct store_image *im, double *xy, int n)
{
	double	 x[64], y[64];
	int	 i, ok[64];

	for (i = 0; i < n; i++) {
		x[i] = im->gt[0] + xy[2 * i] * im->gt[1] + xy[2 * i + 1] *
		    im->gt[2];
		y[i] = im->gt[3] + xy[2 * i] * im->gt[4] + xy[2 * i + 1] *
		    im->gt[5];
	}
	if (!c->same && !G(OCTTransformEx)(c->ct, n, x, y, NULL, ok))
		return -1;
	for (i = 0; i < n; i++) {
		xy[2 * i] = x[i];
		xy[2 * i + 1] = y[i];
	}
	return 0;
}

static void
set_str(OGRFeatureH f, int i, const char *s)
{
	if (s != NULL)
		G(OGR_F_SetFieldString)(f, i, s);
}

static int
put_mark(struct ogr_ctx *c, const struct export_set *s,
    const struct export_image *e, size_t k, char *err, size_t errlen)
{
	const struct store_mark	*m = &e->marks[k];
	OGRLayerH		 l = m->kind == MARK_POINT ? c->points :
				     c->polys;
	OGRFeatureH		 f;
	OGRGeometryH		 g, ring;
	double			 q[10];
	int			 i, y, mo, d, hh, mi, ss;
	char			 when[DATE_ISO_LEN];

	f = G(OGR_F_Create)(G(OGR_L_GetLayerDefn)(l));
	G(OGR_F_SetFieldInteger64)(f, 0, m->id);
	set_str(f, 1, e->im.name);
	set_str(f, 2, e->im.site);
	date_format(e->im.acquired, when);
	if (sscanf(when, "%d-%d-%dT%d:%d:%dZ", &y, &mo, &d, &hh, &mi, &ss) ==
	    6)
		G(OGR_F_SetFieldDateTimeEx)(f, 3, y, mo, d, hh, mi, (float)ss,
		    100);
	set_str(f, 4, s->classes[export_class_index(s, m->class_id)].name);
	set_str(f, 5, mark_kind_name(m->kind));
	set_str(f, 6, m->name);
	if (m->has_count)
		G(OGR_F_SetFieldInteger64)(f, 7, m->count);
	set_str(f, 8, m->state);
	set_str(f, 9, m->note);
	if (m->has_track)
		G(OGR_F_SetFieldInteger64)(f, 10, m->track);
	set_str(f, 11, e->quay ? e->quay[k] : NULL);
	set_str(f, 12, m->author);
	set_str(f, 13, status_name(m->status));
	set_str(f, 14, m->status_reason);
	G(OGR_F_SetFieldDouble)(f, 15, m->angle);
	G(OGR_F_SetFieldDouble)(f, 16, m->cx);
	G(OGR_F_SetFieldDouble)(f, 17, m->cy);
	G(OGR_F_SetFieldDouble)(f, 18, m->w);
	G(OGR_F_SetFieldDouble)(f, 19, m->h);
	if (m->kind == MARK_POINT) {
		q[0] = m->cx;
		q[1] = m->cy;
		if (to_map(c, &e->im, q, 1) != 0)
			goto bad;
		g = G(OGR_G_CreateGeometry)(wkbPoint);
		G(OGR_G_SetPoint_2D)(g, 0, q[0], q[1]);
	} else {
		export_corners(m, q);
		q[8] = q[0];
		q[9] = q[1];
		if (to_map(c, &e->im, q, 5) != 0)
			goto bad;
		ring = G(OGR_G_CreateGeometry)(wkbLinearRing);
		for (i = 0; i < 5; i++)
			G(OGR_G_AddPoint_2D)(ring, q[2 * i], q[2 * i + 1]);
		g = G(OGR_G_CreateGeometry)(wkbPolygon);
		G(OGR_G_AddGeometryDirectly)(g, ring);
	}
	G(OGR_F_SetGeometryDirectly)(f, g);
	if (G(OGR_L_CreateFeature)(l, f) != OGRERR_NONE) {
		G(OGR_F_Destroy)(f);
		return errf(err, errlen, "mark %lld: %s", (long long)m->id,
		    gdal_last_error());
	}
	G(OGR_F_Destroy)(f);
	return 0;
bad:
	G(OGR_F_Destroy)(f);
	return errf(err, errlen, "mark %lld: cannot be reprojected",
	    (long long)m->id);
}

/* The quays of the exported sites, through a georeferenced image each. */
static int
put_quays(struct store *st, struct ogr_ctx *c, const struct export_set *s,
    char *err, size_t errlen)
{
	struct store_quay	*q;
	const struct store_image *im;
	OGRFeatureH		 f;
	OGRGeometryH		 g, ring;
	size_t			 nq, i, k, j;
	double			*xy;

	if (store_quay_list(st, 0, &q, &nq, err, errlen) != 0)
		return -1;
	for (i = 0; i < nq; i++) {
		im = NULL;
		for (k = 0; k < s->n && im == NULL; k++)
			if (s->v[k].im.site_id == q[i].site_id &&
			    s->v[k].im.has_gt && s->v[k].im.crs_wkt != NULL)
				im = &s->v[k].im;
		if (im == NULL || q[i].npts < 3)
			continue;	/* no site image to place it with */
		xy = xcalloc(q[i].npts + 1, 2 * sizeof *xy);
		memcpy(xy, q[i].pts, q[i].npts * 2 * sizeof *xy);
		xy[2 * q[i].npts] = xy[0];
		xy[2 * q[i].npts + 1] = xy[1];
		if (q[i].crs != NULL) {
			/* drawn in a map CRS: from there to the target */
			if (render_crs_transform(q[i].crs, im->crs_wkt, xy,
			    q[i].npts + 1, err, errlen) != 0) {
				free(xy);
				store_quays_free(q, nq);
				return -1;
			}
			/* now in the image's CRS: via its pixels */
			for (j = 0; j <= q[i].npts; j++) {
				double	 X = xy[2 * j], Y = xy[2 * j + 1];
				double	 det = im->gt[1] * im->gt[5] -
					     im->gt[2] * im->gt[4];

				X -= im->gt[0];
				Y -= im->gt[3];
				xy[2 * j] = (X * im->gt[5] - Y * im->gt[2]) /
				    det;
				xy[2 * j + 1] = (Y * im->gt[1] - X * im->gt[4]) /
				    det;
			}
		}
		if (use_crs(c, im->crs_wkt, err, errlen) != 0 ||
		    q[i].npts + 1 > 32 || to_map(c, im, xy,
		    (int)q[i].npts + 1) != 0) {
			free(xy);
			continue;
		}
		f = G(OGR_F_Create)(G(OGR_L_GetLayerDefn)(c->quays));
		G(OGR_F_SetFieldInteger64)(f, 0, q[i].id);
		set_str(f, 1, q[i].name);
		set_str(f, 2, im->site);
		ring = G(OGR_G_CreateGeometry)(wkbLinearRing);
		for (j = 0; j <= q[i].npts; j++)
			G(OGR_G_AddPoint_2D)(ring, xy[2 * j], xy[2 * j + 1]);
		g = G(OGR_G_CreateGeometry)(wkbPolygon);
		G(OGR_G_AddGeometryDirectly)(g, ring);
		G(OGR_F_SetGeometryDirectly)(f, g);
		if (G(OGR_L_CreateFeature)(c->quays, f) != OGRERR_NONE) {
			errf(err, errlen, "quay %s: %s", q[i].name,
			    gdal_last_error());
			G(OGR_F_Destroy)(f);
			free(xy);
			store_quays_free(q, nq);
			return -1;
		}
		G(OGR_F_Destroy)(f);
		free(xy);
	}
	store_quays_free(q, nq);
	return 0;
}

/*
 * Write the set's marks to the OGR data source out with driver d. *skipped
 * counts the images left out for having no georeferencing.
 */
int
ogr_write(struct store *st, struct export_set *s, const char *out,
    const struct export_opts *o, char *err, size_t errlen)
{
	struct ogr_ctx	 c;
	GDALDriverH	 drv;
	const char	*first = NULL;
	char		 e[512];
	size_t		 i, k, npoints = 0, done = 0;
	int		 rc = -1, tx, single;

	memset(&c, 0, sizeof c);
	if ((drv = G(GDALGetDriverByName)(o->driver)) == NULL ||
	    G(GDALGetMetadataItem)(drv, GDAL_DCAP_VECTOR, NULL) == NULL ||
	    G(GDALGetMetadataItem)(drv, GDAL_DCAP_CREATE, NULL) == NULL)
		return errf(err, errlen, "ogr:%s: not an OGR driver that can "
		    "create files (ogrinfo --formats lists them)", o->driver);
	for (i = 0; i < s->n; i++) {
		if (s->v[i].im.has_gt && s->v[i].im.crs_wkt != NULL) {
			if (first == NULL)
				first = s->v[i].im.crs_wkt;
			for (k = 0; k < s->v[i].nmarks; k++)
				npoints += s->v[i].marks[k].kind == MARK_POINT;
		}
	}
	if (first == NULL && o->t_srs == NULL)
		return errf(err, errlen, "no exported image is georeferenced");
	c.target = G(OSRNewSpatialReference)(NULL);
	if (o->t_srs != NULL ? G(OSRSetFromUserInput)(c.target, o->t_srs) !=
	    OGRERR_NONE : G(OSRImportFromWkt)(c.target,
	    (char **)&(const char *){ first }) != OGRERR_NONE) {
		errf(err, errlen, "%s: not a CRS GDAL knows", o->t_srs ?
		    o->t_srs : "the images' CRS");
		goto out;
	}
	G(OSRSetAxisMappingStrategy)(c.target, OAMS_TRADITIONAL_GIS_ORDER);
	if (first == NULL) {
		errf(err, errlen, "no exported image is georeferenced");
		goto out;
	}
	G(VSIUnlink)(out);	/* a new file, not layers added to an old one */
	c.ds = G(GDALCreate)(drv, out, 0, 0, 0, GDT_Unknown, NULL);
	if (c.ds == NULL) {
		errf(err, errlen, "%s: %s", out, gdal_last_error());
		goto out;
	}
	/* GeoJSON and a .fgb file hold one layer: points and boxes share
	 * it, and the quays are left out */
	single = G(GDALGetMetadataItem)(drv, GDAL_DCAP_MULTIPLE_VECTOR_LAYERS,
	    NULL) == NULL || strcmp(o->driver, "FlatGeobuf") == 0;
	if (single) {
		if ((c.polys = make_layer(&c, "marks", wkbUnknown, 1, err,
		    errlen)) == NULL)
			goto out;
		c.points = c.polys;
	} else if ((c.polys = make_layer(&c, "marks", wkbPolygon, 1, err,
	    errlen)) == NULL || (npoints > 0 && (c.points = make_layer(&c,
	    "mark_points", wkbPoint, 1, err, errlen)) == NULL))
		goto out;
	tx = G(GDALDatasetStartTransaction)(c.ds, FALSE) == OGRERR_NONE;
	for (i = 0; i < s->n; i++) {
		struct export_image *ei = &s->v[i];

		if (!ei->im.has_gt || ei->im.crs_wkt == NULL)
			continue;
		if (use_crs(&c, ei->im.crs_wkt, e, sizeof e) != 0) {
			errf(err, errlen, "%s: %s", ei->im.name, e);
			goto out;
		}
		for (k = 0; k < ei->nmarks; k++)
			if (put_mark(&c, s, ei, k, err, errlen) != 0)
				goto out;
		if (o->progress != NULL)
			o->progress(o->progress_ctx, ++done, s->n);
	}
	if (tx && G(GDALDatasetCommitTransaction)(c.ds) != OGRERR_NONE) {
		errf(err, errlen, "%s: %s", out, gdal_last_error());
		goto out;
	}
	if (!single && ((c.quays = make_layer(&c, "quays", wkbPolygon, 0, err,
	    errlen)) == NULL || put_quays(st, &c, s, err, errlen) != 0))
		goto out;
	rc = 0;
out:
	if (c.ds != NULL) {
		gdal_error_reset();
		G(GDALClose)(c.ds);	/* flushes: a full disk shows here */
		if (gdal_error_count() > 0 && rc == 0)
			rc = errf(err, errlen, "%s: %s", out,
			    gdal_last_error());
	}
	if (c.ct != NULL)
		G(OCTDestroyCoordinateTransformation)(c.ct);
	if (c.target != NULL)
		G(OSRDestroySpatialReference)(c.target);
	free(c.src_wkt);
	return rc;
}
