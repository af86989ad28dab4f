/*
 * probe.c: what the catalog needs to know about a file, read from its
 * headers: size, bands, type, georeferencing, sensor and acquisition time.
 * A file is believed only after its declared size passes sanity checks and
 * its first and last blocks decode, so a corrupt, truncated or hostile
 * file is refused at ingest with GDAL's reason, not later on screen.
 */
#include <sys/stat.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gdal-api.h"
#include "render.h"
#include "../util/util.h"

void
render_info_clear(struct render_info *ri)
{
	free(ri->crs_wkt);
	free(ri->crs_code);
	free(ri->sensor);
	memset(ri, 0, sizeof *ri);
}

/* Is this a file GDAL recognises as a raster (without opening it fully)? */
int
render_is_raster(const char *path)
{
	return G(GDALIdentifyDriverEx)(path, GDAL_OF_RASTER, NULL, NULL) !=
	    NULL;
}

/* Acquisition time from the metadata GDAL exposes, best source first. */
static void
find_date(GDALDatasetH ds, struct render_info *ri)
{
	static const struct {
		const char	*domain;
		const char	*key;
	} keys[] = {
		{ "IMAGERY", "ACQUISITIONDATETIME" },
		{ "", "ACQUISITIONDATETIME" },
		{ "", "EXIF_DateTimeOriginal" },
		{ "EXIF", "EXIF_DateTimeOriginal" },
		{ "", "TIFFTAG_DATETIME" },
		{ "", "DATE_TIME" },
		{ "", "EXIF_DateTime" },
	};
	const char	*v;
	int64_t		 t;
	size_t		 i;

	for (i = 0; i < QM_NELEM(keys); i++) {
		v = G(GDALGetMetadataItem)(ds, keys[i].key,
		    keys[i].domain[0] ? keys[i].domain : NULL);
		if (v != NULL && date_parse(v, &t, NULL) == 0) {
			ri->has_date = 1;
			ri->acquired = t;
			snprintf(ri->date_key, sizeof ri->date_key, "%s",
			    keys[i].key);
			return;
		}
	}
}

static void
find_crs(GDALDatasetH ds, struct render_info *ri)
{
	OGRSpatialReferenceH	 srs;
	const char		*auth, *code;
	char			*wkt = NULL, buf[64];

	if ((srs = G(GDALGetSpatialRef)(ds)) == NULL)
		return;
	if (G(OSRExportToWkt)(srs, &wkt) == OGRERR_NONE && wkt != NULL)
		ri->crs_wkt = xstrdup(wkt);
	G(VSIFree)(wkt);
	auth = G(OSRGetAuthorityName)(srs, NULL);
	code = G(OSRGetAuthorityCode)(srs, NULL);
	if (auth != NULL && code != NULL &&
	    xsnprintf(buf, sizeof buf, "%s:%s", auth, code) == 0)
		ri->crs_code = xstrdup(buf);
}

/* Decode the block holding pixel (x, y) of band 1 at full resolution. */
static int
probe_read(GDALRasterBandH band, int x, int y, char *err, size_t errlen,
    const char *path)
{
	double	 px;

	gdal_error_reset();
	if (G(GDALRasterIO)(band, GF_Read, x, y, 1, 1, &px, 1, 1, GDT_Float64,
	    0, 0) != CE_None || gdal_error_count() > 0)
		return errf(err, errlen, "%s: cannot decode pixels: %s", path,
		    gdal_last_error());
	return 0;
}

/*
 * Fill ri from the file at path (file_size is its length, for the sanity
 * check). Returns 0, or -1 with "path: reason". ri is cleared on failure.
 */
int
render_probe(const char *path, int64_t file_size, struct render_info *ri,
    char *err, size_t errlen)
{
	static const char *const drivers_never[] = { "XYZ", "AAIGrid",
	    "CSV", NULL };
	GDALDatasetH	 ds;
	GDALRasterBandH	 band;
	const char	*v;
	int		 i;

	memset(ri, 0, sizeof *ri);
	if (render_guard(path, err, errlen) != 0)
		return -1;
	gdal_error_context(path);
	ds = G(GDALOpenEx)(path, GDAL_OF_RASTER | GDAL_OF_READONLY, NULL, NULL,
	    NULL);
	if (ds == NULL)
		return errf(err, errlen, "%s: %s", path, gdal_error_count() ?
		    gdal_last_error() : "not in any image format GDAL "
		    "reads (a damaged header?)");
	if (gdal_error_count() > 0) {
		errf(err, errlen, "%s: damaged: %s", path, gdal_last_error());
		goto fail;
	}
	snprintf(ri->driver, sizeof ri->driver, "%s",
	    G(GDALGetDriverShortName)(G(GDALGetDatasetDriver)(ds)));
	for (i = 0; drivers_never[i] != NULL; i++)
		if (strcmp(ri->driver, drivers_never[i]) == 0) {
			errf(err, errlen, "%s: a %s text file, not an image",
			    path, ri->driver);
			goto fail;
		}
	if (render_check_declared(ds, path, file_size, err, errlen) != 0)
		goto fail;
	ri->width = G(GDALGetRasterXSize)(ds);
	ri->height = G(GDALGetRasterYSize)(ds);
	ri->bands = G(GDALGetRasterCount)(ds);
	band = G(GDALGetRasterBand)(ds, 1);
	snprintf(ri->data_type, sizeof ri->data_type, "%s",
	    G(GDALGetDataTypeName)(G(GDALGetRasterDataType)(band)));
	if (probe_read(band, 0, 0, err, errlen, path) != 0 ||
	    probe_read(band, ri->width - 1, ri->height - 1, err, errlen, path)
	    != 0)
		goto fail;

	ri->has_gt = G(GDALGetGeoTransform)(ds, ri->gt) == CE_None &&
	    !(ri->gt[0] == 0 && ri->gt[1] == 1 && ri->gt[2] == 0 &&
	    ri->gt[3] == 0 && ri->gt[4] == 0 && ri->gt[5] == 1);
	find_crs(ds, ri);
	find_date(ds, ri);
	ri->has_overviews = G(GDALGetOverviewCount)(band) > 0;
	if ((v = G(GDALGetMetadataItem)(ds, "SATELLITEID", "IMAGERY")) != NULL)
		ri->sensor = xstrdup(v);
	else
		ri->sensor = xstrdup(ri->driver);
	G(GDALClose)(ds);
	return 0;
fail:
	G(GDALClose)(ds);
	render_info_clear(ri);
	return -1;
}
