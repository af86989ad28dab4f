/*
 * overview.c: overviews for images that have none, built once into the
 * cache folder, never beside the analyst's files (which may be read-only
 * or shared). The cache holds a VRT pointing at the original and the
 * VRT's .ovr; render_open() uses them when the file itself has no
 * overviews. The cache key is the file's path, size and modification time,
 * so a changed file gets new overviews.
 */
#include <sys/stat.h>

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "gdal-api.h"
#include "render.h"

#define OVERVIEW_MIN_SIDE 1024	/* smaller images are read whole anyway */

/* Where the cached VRT for path lives (cachedir NULL: the default). */
int
render_overview_path(const char *path, const char *cachedir, char *out,
    size_t len, char *err, size_t errlen)
{
	struct stat	 sb;
	char		 abs[PATH_MAX], key[PATH_MAX + 64], dir[PATH_MAX];
	char		 hex[SHA256_HEX_LEN];

	if (path_absolute(path, abs, sizeof abs) != 0 || stat(abs, &sb) != 0)
		return errf(err, errlen, "%s: cannot find it", path);
	snprintf(key, sizeof key, "%s\n%lld\n%lld", abs, (long long)sb.st_size,
	    (long long)sb.st_mtime);
	sha256_hex(key, strlen(key), hex);
	if (cachedir == NULL) {
		if (path_cache_dir(dir, sizeof dir, "ovr", err, errlen) != 0)
			return -1;
		cachedir = dir;
	}
	if (xsnprintf(out, len, "%s/%.32s.vrt", cachedir, hex) != 0)
		return errf(err, errlen, "cache path too long");
	return 0;
}

struct progress_ctx {
	void	(*fn)(void *, size_t, size_t);
	void	*ctx;
};

static int CPL_STDCALL
gdal_progress(double done, const char *msg, void *arg)
{
	struct progress_ctx	*p = arg;

	(void)msg;
	if (p->fn != NULL)
		p->fn(p->ctx, (size_t)(done * 1000), 1000);
	return TRUE;
}

/*
 * Build cached overviews for path if it needs them; *built says whether
 * it did. progress (may be NULL) gets thousandths.
 */
int
render_build_overviews(const char *path, int *built,
    void (*progress)(void *, size_t, size_t), void *ctx, char *err,
    size_t errlen)
{
	static int	 levels[] = { 2, 4, 8, 16, 32, 64, 128, 256 };
	struct progress_ctx pc = { progress, ctx };
	GDALDatasetH	 ds, vds;
	GDALDriverH	 vrt_drv;
	struct stat	 sb;
	char		 vrt[PATH_MAX], tmp[PATH_MAX + 32], ovr[PATH_MAX + 8];
	char		 tmp_ovr[PATH_MAX + 48], abs[PATH_MAX];
	int		 n, side, ok;

	*built = 0;
	if (render_init(err, errlen) != 0 ||
	    render_overview_path(path, NULL, vrt, sizeof vrt, err, errlen) != 0)
		return -1;
	if (stat(vrt, &sb) == 0)
		return 0;
	if (path_absolute(path, abs, sizeof abs) != 0)
		return errf(err, errlen, "%s: cannot find it", path);
	gdal_error_context(abs);
	if ((ds = G(GDALOpenEx)(abs, GDAL_OF_RASTER | GDAL_OF_READONLY, NULL,
	    NULL, NULL)) == NULL)
		return errf(err, errlen, "%s: %s", path, gdal_last_error());
	side = G(GDALGetRasterXSize)(ds);
	if (G(GDALGetRasterYSize)(ds) > side)
		side = G(GDALGetRasterYSize)(ds);
	if (G(GDALGetOverviewCount)(G(GDALGetRasterBand)(ds, 1)) > 0 ||
	    side < OVERVIEW_MIN_SIDE) {
		G(GDALClose)(ds);
		return 0;
	}
	for (n = 0; n < (int)QM_NELEM(levels) && side / levels[n] >= 64; n++)
		;
	if (xsnprintf(tmp, sizeof tmp, "%s.%ld.vrt", vrt, (long)getpid()) != 0
	    || xsnprintf(tmp_ovr, sizeof tmp_ovr, "%s.ovr", tmp) != 0 ||
	    xsnprintf(ovr, sizeof ovr, "%s.ovr", vrt) != 0) {
		G(GDALClose)(ds);
		return errf(err, errlen, "cache path too long");
	}
	vrt_drv = G(GDALGetDriverByName)("VRT");
	vds = vrt_drv ? G(GDALCreateCopy)(vrt_drv, tmp, ds, FALSE, NULL, NULL,
	    NULL) : NULL;
	if (vds == NULL) {
		G(GDALClose)(ds);
		return errf(err, errlen, "%s: cannot write %s: %s", path, tmp,
		    gdal_last_error());
	}
	/* the VRT's sources point at ds: close it first */
	G(GDALClose)(vds);	/* written; reopen read-only for .ovr */
	G(GDALClose)(ds);
	vds = G(GDALOpenEx)(tmp, GDAL_OF_RASTER | GDAL_OF_READONLY, NULL, NULL,
	    NULL);
	gdal_error_reset();
	ok = vds != NULL && G(GDALBuildOverviews)(vds, "AVERAGE", n, levels, 0,
	    NULL, gdal_progress, &pc) == CE_None;
	if (vds != NULL)
		G(GDALClose)(vds);
	if (!ok || rename(tmp_ovr, ovr) != 0 || rename(tmp, vrt) != 0) {
		unlink(tmp);
		unlink(tmp_ovr);
		return errf(err, errlen, "%s: overviews: %s", path,
		    gdal_error_count() ? gdal_last_error() : "cannot write the "
		    "cache (disk full?)");
	}
	*built = 1;
	return 0;
}
