/*
 * write.c: 8-bit images out through GDAL: tiled, compressed GeoTIFFs with
 * internal overviews (the demo scenes, tiles of large scenes). Written to a
 * temporary name and renamed, so a reader never sees half a file.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "gdal-api.h"
#include "render.h"
#include "../util/util.h"

int
render_write(const struct render_out *o, char *err, size_t errlen)
{
	static int		 levels[] = { 2, 4, 8, 16, 32 };
	GDALDriverH		 drv;
	GDALDatasetH		 ds;
	OGRSpatialReferenceH	 srs;
	char			**opts = NULL, real[4096], tmp[4200], epsg[32];
	int			 b, n, ok = 1, side;

	if (render_init(err, errlen) != 0)
		return -1;
	if ((drv = G(GDALGetDriverByName)(o->driver)) == NULL)
		return errf(err, errlen, "no GDAL driver %s", o->driver);
	if (path_write_target(o->path, real, sizeof real, err, errlen) != 0)
		return -1;
	if (xsnprintf(tmp, sizeof tmp, "%s.part", real) != 0)
		return errf(err, errlen, "%s: path too long", o->path);
	if (strcmp(o->driver, "GTiff") == 0) {
		if (o->tiled) {
			opts = G(CSLSetNameValue)(opts, "TILED", "YES");
			opts = G(CSLSetNameValue)(opts, "BLOCKXSIZE", "256");
			opts = G(CSLSetNameValue)(opts, "BLOCKYSIZE", "256");
		}
		if (o->compress != NULL) {
			opts = G(CSLSetNameValue)(opts, "COMPRESS", o->compress);
			if (strcmp(o->compress, "JPEG") == 0 && o->bands == 3) {
				opts = G(CSLSetNameValue)(opts, "PHOTOMETRIC",
				    "YCBCR");
				opts = G(CSLSetNameValue)(opts, "JPEG_QUALITY",
				    "88");
			}
		}
	}
	gdal_error_reset();
	ds = G(GDALCreate)(drv, tmp, o->width, o->height, o->bands, GDT_Byte,
	    opts);
	G(CSLDestroy)(opts);
	if (ds == NULL)
		return errf(err, errlen, "%s: %s", o->path, gdal_last_error());
	if (o->has_gt)
		G(GDALSetGeoTransform)(ds, (double *)(uintptr_t)o->gt);
	if (o->epsg != 0 || o->crs_wkt != NULL) {
		srs = G(OSRNewSpatialReference)(NULL);
		snprintf(epsg, sizeof epsg, "EPSG:%d", o->epsg);
		if (G(OSRSetFromUserInput)(srs, o->crs_wkt ? o->crs_wkt :
		    epsg) == OGRERR_NONE)
			G(GDALSetSpatialRef)(ds, srs);
		G(OSRDestroySpatialReference)(srs);
	}
	if (o->datetime != NULL)
		G(GDALSetMetadataItem)(ds, "TIFFTAG_DATETIME", o->datetime,
		    NULL);
	for (b = 0; b < o->bands && ok; b++)
		ok = G(GDALRasterIO)(G(GDALGetRasterBand)(ds, b + 1), GF_Write,
		    0, 0, o->width, o->height, (void *)(uintptr_t)(o->pixels + b),
		    o->width, o->height, GDT_Byte, o->bands,
		    (GSpacing)o->width * o->bands) == CE_None;
	if (ok && o->overviews) {
		side = o->width > o->height ? o->width : o->height;
		for (n = 0; n < (int)QM_NELEM(levels) && side / levels[n] >= 128;
		    n++)
			;
		if (n > 0)
			ok = G(GDALBuildOverviews)(ds, "AVERAGE", n, levels, 0,
			    NULL, NULL, NULL) == CE_None;
	}
	G(GDALClose)(ds);
	if (!ok || gdal_error_count() > 0) {
		unlink(tmp);
		return errf(err, errlen, "%s: %s", o->path, gdal_last_error());
	}
	if (rename(tmp, real) != 0) {
		unlink(tmp);
		return errf(err, errlen, "%s: cannot rename into place",
		    o->path);
	}
	return 0;
}
