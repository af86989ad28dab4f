/*
 * crs.c: coordinate reference systems, through GDAL's OSR and PROJ. Axis
 * order is always x = easting/longitude, y = northing/latitude.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gdal-api.h"
#include "render.h"
#include "../util/util.h"

static OGRSpatialReferenceH
srs_from(const char *def, char *err, size_t errlen)
{
	OGRSpatialReferenceH	 srs;

	srs = G(OSRNewSpatialReference)(NULL);
	gdal_error_reset();
	if (G(OSRSetFromUserInput)(srs, def) != OGRERR_NONE) {
		G(OSRDestroySpatialReference)(srs);
		errf(err, errlen, "unknown CRS \"%s\"", def);
		return NULL;
	}
	G(OSRSetAxisMappingStrategy)(srs, OAMS_TRADITIONAL_GIS_ORDER);
	return srs;
}

/*
 * A CRS as "AUTHORITY:CODE" (e.g. "EPSG:4326"), in *out (caller frees).
 * Only CRSs with an authority code are accepted, so two quays or images
 * in the same CRS always compare equal as strings.
 */
int
render_crs_normalise(const char *def, char **out, char *err, size_t errlen)
{
	OGRSpatialReferenceH	 srs;
	const char		*auth, *code;
	char			 buf[64];

	if (render_init(err, errlen) != 0)
		return -1;
	if ((srs = srs_from(def, err, errlen)) == NULL)
		return -1;
	auth = G(OSRGetAuthorityName)(srs, NULL);
	code = G(OSRGetAuthorityCode)(srs, NULL);
	if (auth == NULL || code == NULL) {
		G(OSRAutoIdentifyEPSG)(srs);
		auth = G(OSRGetAuthorityName)(srs, NULL);
		code = G(OSRGetAuthorityCode)(srs, NULL);
	}
	if (auth == NULL || code == NULL ||
	    xsnprintf(buf, sizeof buf, "%s:%s", auth, code) != 0) {
		G(OSRDestroySpatialReference)(srs);
		return errf(err, errlen, "CRS \"%s\" has no authority code; "
		    "use one like EPSG:32652", def);
	}
	G(OSRDestroySpatialReference)(srs);
	*out = xstrdup(buf);
	return 0;
}

/* Transform n points (x, y pairs) in place from CRS src to CRS dst. */
int
render_crs_transform(const char *src, const char *dst, double *pts, size_t n,
    char *err, size_t errlen)
{
	OGRSpatialReferenceH		 s, d;
	OGRCoordinateTransformationH	 ct;
	double				*x, *y;
	size_t				 i;
	int				 ok;

	if (render_init(err, errlen) != 0)
		return -1;
	if ((s = srs_from(src, err, errlen)) == NULL)
		return -1;
	if ((d = srs_from(dst, err, errlen)) == NULL) {
		G(OSRDestroySpatialReference)(s);
		return -1;
	}
	ct = G(OCTNewCoordinateTransformation)(s, d);
	G(OSRDestroySpatialReference)(s);
	G(OSRDestroySpatialReference)(d);
	if (ct == NULL)
		return errf(err, errlen, "no transformation from %s to %s",
		    src, dst);
	x = xcalloc(n ? n : 1, sizeof *x);
	y = xcalloc(n ? n : 1, sizeof *y);
	for (i = 0; i < n; i++) {
		x[i] = pts[2 * i];
		y[i] = pts[2 * i + 1];
	}
	ok = G(OCTTransform)(ct, (int)n, x, y, NULL);
	for (i = 0; ok && i < n; i++) {
		pts[2 * i] = x[i];
		pts[2 * i + 1] = y[i];
	}
	free(x);
	free(y);
	G(OCTDestroyCoordinateTransformation)(ct);
	if (!ok)
		return errf(err, errlen, "cannot transform points from %s to "
		    "%s", src, dst);
	return 0;
}

/*
 * Map coordinates in crs to longitude and latitude, for the status line.
 * The transformation is kept between calls: the cursor moves often, the
 * CRS rarely.
 */
int
render_lonlat(const char *crs, double x, double y, double *lon, double *lat)
{
	static char			 cached[64];
	static OGRCoordinateTransformationH ct;
	OGRSpatialReferenceH		 s, d;
	char				 err[128];

	if (render_init(err, sizeof err) != 0)
		return -1;
	if (strcmp(cached, crs) != 0) {
		if (ct != NULL)
			G(OCTDestroyCoordinateTransformation)(ct);
		ct = NULL;
		snprintf(cached, sizeof cached, "%s", crs);
		if ((s = srs_from(crs, err, sizeof err)) == NULL)
			return -1;
		if ((d = srs_from("EPSG:4326", err, sizeof err)) == NULL) {
			G(OSRDestroySpatialReference)(s);
			return -1;
		}
		ct = G(OCTNewCoordinateTransformation)(s, d);
		G(OSRDestroySpatialReference)(s);
		G(OSRDestroySpatialReference)(d);
	}
	if (ct == NULL || !G(OCTTransform)(ct, 1, &x, &y, NULL))
		return -1;
	*lon = x;
	*lat = y;
	return 0;
}
