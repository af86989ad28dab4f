/*
 * raster.c: read exactly what a viewport shows. For each frame the
 * overview whose pixels are just finer than the screen's is chosen, the
 * visible window is read from it at screen resolution, and GDAL resamples
 * (average when shrinking, nearest when a pixel spans several screen
 * pixels). Memory is the frame's buffers and GDAL's block cache, whatever
 * the image's size.
 */
#include <sys/stat.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gdal-api.h"
#include "render.h"

#define PALETTE_MAX 65536

struct raster {
	GDALDatasetH	 ds;
	int		 w, h, nbands;
	GDALDataType	 type;
	int		 nbits;		/* NBITS, for 1/2/4/12-bit data */
	uint8_t		(*pal)[4];	/* palette of band 1, or NULL */
	int		 npal;
	int		 nlevels;	/* overviews, finest first */
	int		*level;		/* GDAL overview index per level */
	double		*fx, *fy;	/* image pixels per overview pixel */
	float		*buf;		/* band values for one frame */
	size_t		 bufcap;
	uint8_t		*mask;
	size_t		 maskcap;
	int		 coarse;	/* read the coarsest level only */
};

/*
 * While coarse is set, render_read reads the coarsest overview whatever
 * the zoom: the picture a remote image can show at once, from the few
 * bytes fetched first, until the view's own level has arrived.
 */
void
raster_set_coarse(struct raster *r, int coarse)
{
	r->coarse = coarse;
}

int
raster_is_coarse(const struct raster *r)
{
	return r->coarse;
}

int
raster_width(const struct raster *r)
{
	return r->w;
}

int
raster_height(const struct raster *r)
{
	return r->h;
}

int
raster_bands(const struct raster *r)
{
	return r->nbands;
}

int
raster_overviews(const struct raster *r)
{
	return r->nlevels;
}

/* One band shown as gray (not a palette): use the gray ramp. */
int
raster_is_gray(const struct raster *r)
{
	return r->nbands < 3 && r->pal == NULL;
}

static int
cmp_level(const void *a, const void *b)
{
	const double	*x = a, *y = b;

	return (x[0] > y[0]) - (x[0] < y[0]);
}

static void
scan_overviews(struct raster *r)
{
	GDALRasterBandH	 b1, ov;
	double		*tmp;
	int		 n, i, k = 0;

	b1 = G(GDALGetRasterBand)(r->ds, 1);
	n = G(GDALGetOverviewCount)(b1);
	if (n <= 0 || n > 64)
		return;
	tmp = xcalloc((size_t)n, 4 * sizeof *tmp);
	for (i = 0; i < n; i++) {
		if ((ov = G(GDALGetOverview)(b1, i)) == NULL ||
		    G(GDALGetRasterBandXSize)(ov) <= 0 ||
		    G(GDALGetRasterBandYSize)(ov) <= 0)
			continue;
		tmp[4 * k] = (double)r->w / G(GDALGetRasterBandXSize)(ov);
		tmp[4 * k + 1] = (double)r->h / G(GDALGetRasterBandYSize)(ov);
		tmp[4 * k + 2] = i;
		if (tmp[4 * k] > 1 && tmp[4 * k + 1] > 1)
			k++;
	}
	qsort(tmp, (size_t)k, 4 * sizeof *tmp, cmp_level);
	r->nlevels = k;
	r->level = xcalloc((size_t)k + 1, sizeof *r->level);
	r->fx = xcalloc((size_t)k + 1, sizeof *r->fx);
	r->fy = xcalloc((size_t)k + 1, sizeof *r->fy);
	for (i = 0; i < k; i++) {
		r->fx[i] = tmp[4 * i];
		r->fy[i] = tmp[4 * i + 1];
		r->level[i] = (int)tmp[4 * i + 2];
	}
	free(tmp);
}

static void
load_palette(struct raster *r)
{
	GDALColorTableH		 ct;
	const GDALColorEntry	*e;
	int			 i, n;

	ct = G(GDALGetRasterColorTable)(G(GDALGetRasterBand)(r->ds, 1));
	if (ct == NULL)
		return;
	n = G(GDALGetColorEntryCount)(ct);
	if (n <= 0 || n > PALETTE_MAX)
		return;
	r->pal = xcalloc((size_t)n, sizeof *r->pal);
	for (i = 0; i < n; i++) {
		if ((e = G(GDALGetColorEntry)(ct, i)) == NULL)
			continue;
		r->pal[i][0] = (uint8_t)e->c1;
		r->pal[i][1] = (uint8_t)e->c2;
		r->pal[i][2] = (uint8_t)e->c3;
		r->pal[i][3] = (uint8_t)e->c4;
	}
	r->npal = n;
}

/*
 * Believe a file's declared size only within limits, whatever it claims
 * in its header: a few hundred bytes may declare gigapixels.
 */
int
render_check_declared(GDALDatasetH ds, const char *path, int64_t file_size,
    char *err, size_t errlen)
{
	GDALRasterBandH	 b;
	VSIStatBufL	 vsb;
	double		 raw;
	size_t		 block;
	int		 w, h, n, bx, by, dts;

	/* not told: ask GDAL, which also knows its in-memory files */
	if (file_size <= 0 && G(VSIStatL)(path, &vsb) == 0)
		file_size = (int64_t)vsb.st_size;
	w = G(GDALGetRasterXSize)(ds);
	h = G(GDALGetRasterYSize)(ds);
	n = G(GDALGetRasterCount)(ds);
	if (w <= 0 || h <= 0 || w > RENDER_MAX_SIDE || h > RENDER_MAX_SIDE)
		return errf(err, errlen, "%s: impossible size %d x %d", path, w,
		    h);
	if (n <= 0 || n > RENDER_MAX_BANDS)
		return errf(err, errlen, "%s: %d bands is not an image", path,
		    n);
	b = G(GDALGetRasterBand)(ds, 1);
	dts = G(GDALGetDataTypeSizeBytes)(G(GDALGetRasterDataType)(b));
	if (dts <= 0)
		dts = 1;
	raw = (double)w * h * n * dts;
	if (file_size > 0 && raw > 1e8 && raw / (double)file_size >
	    RENDER_MAX_RATIO)
		return errf(err, errlen, "%s: impossible size: declares %d x %d "
		    "x %d pixels in %lld bytes", path, w, h, n,
		    (long long)file_size);
	G(GDALGetBlockSize)(b, &bx, &by);
	if (bx <= 0 || by <= 0 || size_mul3((size_t)bx, (size_t)by,
	    (size_t)dts, &block) != 0 || block > RENDER_MAX_BLOCK)
		return errf(err, errlen, "%s: blocks of %d x %d pixels are too "
		    "large to read safely", path, bx, by);
	return 0;
}

/*
 * GDAL before 3.10.1 returns the samples of 16-bit interlaced PNGs with
 * their bytes swapped on little-endian machines (OSGeo/gdal#11553). Such
 * a PNG is decoded whole by libpng anyway (interlacing needs it), so for
 * these we decode it once, swap, and serve it from a MEM dataset, which
 * keeps every later read, overview and resampling in GDAL's hands.
 */
static int
png16_interlaced(const char *path)
{
	unsigned char	 h[29];
	FILE		*fp;
	size_t		 n;

	if ((fp = fopen(path, "rb")) == NULL)
		return 0;
	n = fread(h, 1, sizeof h, fp);
	fclose(fp);
	return n == sizeof h && memcmp(h, "\x89PNG\r\n\x1a\n", 8) == 0 &&
	    memcmp(h + 12, "IHDR", 4) == 0 && h[24] == 16 && h[28] == 1;
}

static GDALDatasetH
png16_fixed(GDALDatasetH src, char *err, size_t errlen)
{
	GDALDatasetH	 mem;
	uint16_t	*px;
	size_t		 n, i;
	int		 w, h, nb, b;
	const char	*ver = G(GDALVersionInfo)("VERSION_NUM");

	if (ver == NULL || atol(ver) >= 3100100)
		return src;	/* fixed upstream */
	w = G(GDALGetRasterXSize)(src);
	h = G(GDALGetRasterYSize)(src);
	nb = G(GDALGetRasterCount)(src);
	if (size_mul((size_t)w, (size_t)h, &n) != 0 || n > (16u << 20)) {
		errf(err, errlen, "a 16-bit interlaced PNG this large cannot "
		    "be read correctly by this GDAL");
		return NULL;
	}
	mem = G(GDALCreate)(G(GDALGetDriverByName)("MEM"), "", w, h, nb,
	    GDT_UInt16, NULL);
	if (mem == NULL)
		return errf(err, errlen, "out of memory"), NULL;
	px = xreallocarray(NULL, n, sizeof *px);
	for (b = 1; b <= nb; b++) {
		if (G(GDALRasterIO)(G(GDALGetRasterBand)(src, b), GF_Read, 0, 0,
		    w, h, px, w, h, GDT_UInt16, 0, 0) != CE_None) {
			free(px);
			G(GDALClose)(mem);
			errf(err, errlen, "%s", gdal_last_error());
			return NULL;
		}
		for (i = 0; i < n; i++)
			px[i] = (uint16_t)(px[i] << 8 | px[i] >> 8);
		if (G(GDALRasterIO)(G(GDALGetRasterBand)(mem, b), GF_Write, 0,
		    0, w, h, px, w, h, GDT_UInt16, 0, 0) != CE_None) {
			free(px);
			G(GDALClose)(mem);
			return errf(err, errlen, "out of memory"), NULL;
		}
		G(GDALSetRasterColorInterpretation)(G(GDALGetRasterBand)(mem,
		    b), G(GDALGetRasterColorInterpretation)(
		    G(GDALGetRasterBand)(src, b)));
	}
	free(px);
	G(GDALClose)(src);
	return mem;
}

/*
 * Open an image for viewing. If it has no overviews of its own and the
 * cache holds some (built by render_build_overviews), those are used.
 */
struct raster *
render_open(const char *path, char *err, size_t errlen)
{
	struct raster	*r;
	GDALDatasetH	 ds;
	char		 vrt[4096], e[256];
	struct stat	 sb;

	if (render_init(err, errlen) != 0)
		return NULL;
	if (url_is_remote(path))	/* the catalog keeps URLs */
		return render_remote_open(path, err, errlen);
	if (render_guard(path, err, errlen) != 0)
		return NULL;
	gdal_error_context(path);
	ds = G(GDALOpenEx)(path, GDAL_OF_RASTER | GDAL_OF_READONLY, NULL, NULL,
	    NULL);
	if (ds == NULL)
		return errf(err, errlen, "%s: %s", path, gdal_error_count() ?
		    gdal_last_error() : "not in any image format GDAL reads "
		    "(a damaged header?)"), NULL;
	if (gdal_error_count() > 0) {
		errf(err, errlen, "%s: damaged: %s", path, gdal_last_error());
		G(GDALClose)(ds);
		return NULL;
	}
	if (render_check_declared(ds, path, 0, err, errlen) != 0) {
		G(GDALClose)(ds);
		return NULL;
	}
	if (png16_interlaced(path)) {
		GDALDatasetH	 fixed;

		if ((fixed = png16_fixed(ds, e, sizeof e)) == NULL) {
			G(GDALClose)(ds);
			errf(err, errlen, "%s: %s", path, e);
			return NULL;
		}
		ds = fixed;
	}
	if (G(GDALGetOverviewCount)(G(GDALGetRasterBand)(ds, 1)) == 0 &&
	    render_overview_path(path, NULL, vrt, sizeof vrt, e, sizeof e) == 0
	    && stat(vrt, &sb) == 0) {
		GDALDatasetH	 cached;

		cached = G(GDALOpenEx)(vrt, GDAL_OF_RASTER | GDAL_OF_READONLY,
		    NULL, NULL, NULL);
		if (cached != NULL && G(GDALGetRasterXSize)(cached) ==
		    G(GDALGetRasterXSize)(ds) && G(GDALGetRasterYSize)(cached)
		    == G(GDALGetRasterYSize)(ds)) {
			G(GDALClose)(ds);
			ds = cached;
		} else if (cached != NULL)
			G(GDALClose)(cached);
	}
	r = xcalloc(1, sizeof *r);
	r->ds = ds;
	r->w = G(GDALGetRasterXSize)(ds);
	r->h = G(GDALGetRasterYSize)(ds);
	r->nbands = G(GDALGetRasterCount)(ds);
	r->type = G(GDALGetRasterDataType)(G(GDALGetRasterBand)(ds, 1));
	{
		const char	*nb = G(GDALGetMetadataItem)(
		    G(GDALGetRasterBand)(ds, 1), "NBITS", "IMAGE_STRUCTURE");

		r->nbits = nb != NULL ? atoi(nb) : 0;
	}
	scan_overviews(r);
	if (r->nbands == 1 || r->nbands == 2)
		load_palette(r);
	return r;
}

void
render_close(struct raster *r)
{
	if (r == NULL)
		return;
	G(GDALClose)(r->ds);
	free(r->level);
	free(r->fx);
	free(r->fy);
	free(r->pal);
	free(r->buf);
	free(r->mask);
	free(r);
}

/* The bands shown by default: 1,2,3 for colour, 1 for gray or palette. */
int
raster_default_bands(const struct raster *r, int *band)
{
	GDALColorInterp	 ci;

	band[0] = 1;
	band[1] = 2;
	band[2] = 3;
	if (r->nbands >= 3 && r->pal == NULL) {
		ci = G(GDALGetRasterColorInterpretation)(G(GDALGetRasterBand)(
		    r->ds, 1));
		if (ci == GCI_BlueBand && r->nbands >= 3) {
			band[0] = 3;	/* stored B, G, R */
			band[2] = 1;
		}
		return 3;
	}
	return 1;
}

int
raster_check_bands(const struct raster *r, const int *band, int n, char *err,
    size_t errlen)
{
	int	 i;

	if (n != 1 && n != 3)
		return errf(err, errlen, "show 1 band or 3, not %d", n);
	for (i = 0; i < n; i++)
		if (band[i] < 1 || band[i] > r->nbands)
			return errf(err, errlen, "band %d: the image has %d "
			    "band(s)", band[i], r->nbands);
	return 0;
}

/* The data type's own range, for when no statistics are wanted. */
void
raster_type_stretch(const struct raster *r, const int *bands, int n,
    struct stretch *s)
{
	double	 lo = 0, hi = 255;
	int	 i, band[3] = { 1, 1, 1 };

	for (i = 0; i < n && i < 3; i++)
		band[i] = bands[i];	/* bands may point into s */

	switch (r->type) {
	case GDT_UInt16:
		hi = 65535;
		break;
	case GDT_Int16:
		lo = -32768;
		hi = 32767;
		break;
	default:
		break;
	}
	if (r->nbits > 0 && r->nbits < 16)
		hi = (1 << r->nbits) - 1;	/* 1-, 2-, 4-bit images */
	memset(s, 0, sizeof *s);
	s->nbands = n;
	s->gamma = 1;
	for (i = 0; i < n; i++) {
		s->band[i] = band[i];
		s->lo[i] = lo;
		s->hi[i] = hi;
	}
}

/*
 * Where to take statistics from: the smallest overview still 128 pixels a
 * side, exactly (tens of thousands of pixels, plenty for percentiles,
 * whatever the image's size), or
 * else GDAL's own sample of the full-resolution band.
 */
static GDALRasterBandH
stats_band(struct raster *r, int bandno, int *approx)
{
	GDALRasterBandH	 b, ov;
	int		 i;

	b = G(GDALGetRasterBand)(r->ds, bandno);
	*approx = TRUE;
	for (i = r->nlevels - 1; i >= 0; i--) {
		if (r->w / r->fx[i] < 128 && r->h / r->fy[i] < 128)
			continue;
		if ((ov = G(GDALGetOverview)(b, r->level[i])) != NULL) {
			*approx = FALSE;
			return ov;
		}
	}
	return b;
}

static int
cmp_double(const void *x, const void *y)
{
	double	 a = *(const double *)x, b = *(const double *)y;

	return (a > b) - (a < b);
}

#define SAMPLE_SIDE	512	/* finite_stretch reads at most this a side */

/*
 * The 2-98 % range of band b's finite pixels (nodata left out) from a
 * sample of at most SAMPLE_SIDE^2 pixels. For floating-point bands: GDAL's
 * statistics take +-inf as values (min or max infinite, "unknown GDAL
 * error"), so an image with a few infinite or NaN pixels could not be
 * drawn at all. 0; 1 when no pixel is finite; -1 with the reason.
 */
static int
finite_stretch(GDALRasterBandH b, double *lo, double *hi, char *err,
    size_t errlen)
{
	double	*v, nodata;
	size_t	 i, n = 0;
	int	 bw, bh, sw, sh, has_nodata = 0;

	bw = G(GDALGetRasterBandXSize)(b);
	bh = G(GDALGetRasterBandYSize)(b);
	sw = bw < SAMPLE_SIDE ? bw : SAMPLE_SIDE;
	sh = bh < SAMPLE_SIDE ? bh : SAMPLE_SIDE;
	v = xreallocarray(NULL, (size_t)sw * (size_t)sh, sizeof *v);
	nodata = G(GDALGetRasterNoDataValue)(b, &has_nodata);
	gdal_error_reset();
	if (G(GDALRasterIO)(b, GF_Read, 0, 0, bw, bh, v, sw, sh, GDT_Float64,
	    0, 0) != CE_None || gdal_error_count() > 0) {
		free(v);
		return errf(err, errlen, "cannot read pixels: %s",
		    gdal_last_error());
	}
	for (i = 0; i < (size_t)sw * (size_t)sh; i++)
		if (isfinite(v[i]) && !(has_nodata && v[i] == nodata))
			v[n++] = v[i];
	if (n == 0) {
		free(v);
		return 1;
	}
	qsort(v, n, sizeof *v, cmp_double);
	*lo = v[(size_t)(0.02 * (double)(n - 1))];
	*hi = v[(size_t)(0.98 * (double)(n - 1))];
	if (!(*hi > *lo))
		*hi = *lo + 1;
	free(v);
	return 0;
}

/*
 * The 2-98 % stretch of each band from GDAL's approximate statistics (the
 * histogram of an overview, or of a sample), linked across the bands of a
 * colour view. Palette images map through their palette unchanged.
 */
int
raster_compute_stretch(struct raster *r, const int *bands, int n,
    struct stretch *s, char *err, size_t errlen)
{
	GDALRasterBandH	 b;
	GUIntBig	 hist[1024];
	double		 mn, mx, mean, sd, lo, hi, step, total, acc;
	int		 i, k, nb, approx, band[3] = { 1, 1, 1 };

	if (raster_check_bands(r, bands, n, err, errlen) != 0)
		return -1;
	for (i = 0; i < n; i++)
		band[i] = bands[i];	/* bands may point into s */
	raster_type_stretch(r, band, n, s);
	if (r->pal != NULL)
		return 0;
	for (i = 0; i < n; i++) {
		b = stats_band(r, band[i], &approx);
		if (r->type == GDT_Float32 || r->type == GDT_Float64) {
			if (finite_stretch(b, &s->lo[i], &s->hi[i], err,
			    errlen) < 0)
				return -1;
			continue;	/* none finite: the type's range */
		}
		gdal_error_reset();
		if (G(GDALComputeRasterStatistics)(b, approx, &mn, &mx, &mean,
		    &sd, NULL, NULL) != CE_None || !isfinite(mn) ||
		    !isfinite(mx) || gdal_error_count() > 0) {
			/* All nodata (a sparse file): nothing to stretch. */
			if (strstr(gdal_last_error(), "no valid pixels") !=
			    NULL) {
				gdal_error_reset();
				continue;
			}
			return errf(err, errlen, "statistics of band %d: %s",
			    band[i], gdal_last_error());
		}
		if (mx <= mn) {
			s->lo[i] = mn;
			s->hi[i] = mn + 1;
			continue;
		}
		nb = r->type == GDT_Byte ? 256 : 1024;
		lo = r->type == GDT_Byte ? -0.5 : mn;
		hi = r->type == GDT_Byte ? 255.5 : mx;
		memset(hist, 0, sizeof hist);
		if (G(GDALGetRasterHistogramEx)(b, lo, hi, nb, hist, FALSE,
		    approx, NULL, NULL) != CE_None || gdal_error_count() > 0)
			return errf(err, errlen, "histogram of band %d: %s",
			    band[i], gdal_last_error());
		for (total = 0, k = 0; k < nb; k++)
			total += (double)hist[k];
		if (total <= 0)
			continue;
		step = (hi - lo) / nb;
		for (acc = 0, k = 0; k < nb && acc + hist[k] <= 0.02 * total;
		    k++)
			acc += (double)hist[k];
		s->lo[i] = lo + k * step;
		for (acc = 0, k = nb - 1; k > 0 && acc + hist[k] <= 0.02 * total;
		    k--)
			acc += (double)hist[k];
		s->hi[i] = lo + (k + 1) * step;
		if (s->hi[i] <= s->lo[i])
			s->hi[i] = s->lo[i] + step;
	}
	/* Colour: one range for all three bands, so hues survive. */
	if (n == 3) {
		lo = fmin(s->lo[0], fmin(s->lo[1], s->lo[2]));
		hi = fmax(s->hi[0], fmax(s->hi[1], s->hi[2]));
		for (i = 0; i < 3; i++) {
			s->lo[i] = lo;
			s->hi[i] = hi;
		}
	}
	return 0;
}

void
frame_init(struct frame *f)
{
	memset(f, 0, sizeof *f);
}

void
frame_free(struct frame *f)
{
	free(f->rgb);
	free(f->valid);
	frame_init(f);
}

static int
frame_size(struct frame *f, int w, int h)
{
	size_t	 n, n3;

	if (w <= 0 || h <= 0 || size_mul((size_t)w, (size_t)h, &n) != 0 ||
	    size_mul(n, 3, &n3) != 0)
		return -1;
	if (f->w != w || f->h != h || f->rgb == NULL) {
		free(f->rgb);
		free(f->valid);
		f->rgb = xmalloc(n3);
		f->valid = xmalloc(n);
		f->w = w;
		f->h = h;
	}
	memset(f->rgb, 0, n3);
	memset(f->valid, 0, n);
	return 0;
}

/* One band of level L's window [wx, wx+ww) x [wy, wy+wh) (image pixels)
 * into a bw x bh block of dst (row stride `stride` values). */
static int
read_band(struct raster *r, int bandno, int L, double wx, double wy,
    double ww, double wh, void *dst, int bw, int bh, int stride,
    int nearest, GDALDataType as, int is_mask)
{
	GDALRasterBandH		 b;
	GDALRasterIOExtraArg	 ex;
	double			 fx = 1, fy = 1, ox, oy, ow, oh;
	int			 bx, by, bxs, bys, sw, sh;

	b = G(GDALGetRasterBand)(r->ds, bandno);
	if (L > 0) {
		b = G(GDALGetOverview)(b, r->level[L - 1]);
		fx = r->fx[L - 1];
		fy = r->fy[L - 1];
	}
	if (is_mask)
		b = G(GDALGetMaskBand)(b);
	if (b == NULL)
		return -1;
	sw = G(GDALGetRasterBandXSize)(b);
	sh = G(GDALGetRasterBandYSize)(b);
	ox = wx / fx;
	oy = wy / fy;
	ow = ww / fx;
	oh = wh / fy;
	if (ox + ow > sw)
		ow = sw - ox;
	if (oy + oh > sh)
		oh = sh - oy;
	bx = (int)floor(ox);
	by = (int)floor(oy);
	bxs = (int)ceil(ox + ow - 1e-9) - bx;
	bys = (int)ceil(oy + oh - 1e-9) - by;
	if (bxs <= 0 || bys <= 0 || bx < 0 || by < 0)
		return 0;
	if (bx + bxs > sw)
		bxs = sw - bx;
	if (by + bys > sh)
		bys = sh - by;
	INIT_RASTERIO_EXTRA_ARG(ex);
	ex.eResampleAlg = nearest ? GRIORA_NearestNeighbour : GRIORA_Average;
	ex.bFloatingPointWindowValidity = TRUE;
	ex.dfXOff = ox;
	ex.dfYOff = oy;
	ex.dfXSize = ow;
	ex.dfYSize = oh;
	return G(GDALRasterIOEx)(b, GF_Read, bx, by, bxs, bys, dst, bw, bh, as,
	    as == GDT_Byte ? 1 : (GSpacing)sizeof(float),
	    (GSpacing)stride * (as == GDT_Byte ? 1 : (GSpacing)sizeof(float)),
	    &ex) == CE_None ? 0 : -1;
}

static int
pick_level(const struct raster *r, double scale, double *f)
{
	int	 i, best = 0;

	*f = 1;
	for (i = 0; i < r->nlevels; i++) {
		if (r->fx[i] <= scale * (1 + 1e-6) &&
		    r->fy[i] <= scale * (1 + 1e-6)) {
			best = i + 1;
			*f = r->fx[i];
		}
	}
	return best;
}

/* A rectangle of screen pixels [kx0, kx1) x [ky0, ky1). */
struct span {
	int	 kx0, ky0, kx1, ky1;
};

static int
add_span(struct span *sp, int kx0, int ky0, int kx1, int ky1)
{
	if (kx1 <= kx0 || ky1 <= ky0)
		return 0;
	sp->kx0 = kx0;
	sp->ky0 = ky0;
	sp->kx1 = kx1;
	sp->ky1 = ky1;
	return 1;
}

static uint8_t
to8(double v, double lo, double hi, double gamma)
{
	double	 t;

	t = (v - lo) / (hi - lo);
	if (!(t > 0))
		return 0;
	if (t >= 1)
		return 255;
	if (gamma != 1)
		t = pow(t, 1 / gamma);
	return (uint8_t)(t * 255 + 0.5);
}

/* The raster's read buffers, grown to npix pixels of nb bands. */
static int
read_buffers(struct raster *r, size_t npix, int nb, char *err, size_t errlen)
{
	size_t	 need, i;

	if (size_mul(npix, (size_t)nb, &need) != 0)
		return errf(err, errlen, "viewport too large");
	r->buf = xscratch(r->buf, &r->bufcap, need, sizeof *r->buf);
	r->mask = xscratch(r->mask, &r->maskcap, npix, 1);
	for (i = 0; i < need; i++)
		r->buf[i] = NAN;
	memset(r->mask, 255, npix);
	return 0;
}

/*
 * The screen pixels (of a W by H frame) whose area lies in the image, as
 * up to four spans: the last column and row may cover the image only in
 * part, and are read apart so that the others keep an exact pixel grid.
 * Returns how many (0: nothing of the image in view).
 */
static int
view_spans(const struct raster *r, const struct viewport *v, int W, int H,
    struct span *rect)
{
	double	 scale = v->scale, x0 = v->x0, y0 = v->y0;
	int	 k0x, k0y, k1x, k1y, kfx, kfy, rects = 0;

	k0x = x0 < 0 ? (int)ceil(-x0 / scale - 1e-9) : 0;
	k0y = y0 < 0 ? (int)ceil(-y0 / scale - 1e-9) : 0;
	k1x = (int)ceil((r->w - x0) / scale - 1e-9);
	k1y = (int)ceil((r->h - y0) / scale - 1e-9);
	if (k1x > W)
		k1x = W;
	if (k1y > H)
		k1y = H;
	if (k0x >= k1x || k0y >= k1y)
		return 0;
	kfx = (int)floor((r->w - x0) / scale + 1e-9);
	kfy = (int)floor((r->h - y0) / scale + 1e-9);
	if (kfx > k1x)
		kfx = k1x;
	if (kfy > k1y)
		kfy = k1y;
	rects += add_span(&rect[rects], k0x, k0y, kfx, kfy);
	rects += add_span(&rect[rects], kfx, k0y, k1x, kfy);
	rects += add_span(&rect[rects], k0x, kfy, kfx, k1y);
	rects += add_span(&rect[rects], kfx, kfy, k1x, k1y);
	return rects;
}

/*
 * Read the spans' pixels (nb bands from overview level L) into r->buf and
 * the mask into r->mask; the frame's pixels inside the image are marked
 * valid. *use_mask is cleared when the mask cannot be read.
 */
static int
read_spans(struct raster *r, const struct viewport *v,
    const struct stretch *s, struct frame *f, const struct span *rect,
    int rects, int L, int nearest, int nb, int *use_mask, char *err,
    size_t errlen)
{
	double	 scale = v->scale;
	size_t	 npix = (size_t)f->w * (size_t)f->h;
	int	 W = f->w, b, q;

	gdal_error_reset();
	for (q = 0; q < rects; q++) {
		double	 wx = v->x0 + rect[q].kx0 * scale;
		double	 wy = v->y0 + rect[q].ky0 * scale;
		double	 ww = (rect[q].kx1 - rect[q].kx0) * scale;
		double	 wh = (rect[q].ky1 - rect[q].ky0) * scale;
		int	 bw = rect[q].kx1 - rect[q].kx0;
		int	 bh = rect[q].ky1 - rect[q].ky0;
		size_t	 off = (size_t)rect[q].ky0 * (size_t)W +
		    (size_t)rect[q].kx0;

		if (wx + ww > r->w)
			ww = r->w - wx;
		if (wy + wh > r->h)
			wh = r->h - wy;
		for (b = 0; b < nb; b++)
			if (read_band(r, s->band[b], L, wx, wy, ww, wh,
			    r->buf + (size_t)b * npix + off, bw, bh, W,
			    nearest || r->pal != NULL, GDT_Float32, 0) != 0)
				return errf(err, errlen, "%s",
				    gdal_last_error());
		if (*use_mask && read_band(r, s->band[0], L, wx, wy, ww, wh,
		    r->mask + off, bw, bh, W, 1, GDT_Byte, 1) != 0)
			*use_mask = 0;	/* no readable mask: show the data */
		if (gdal_error_count() > 0)
			return errf(err, errlen, "%s", gdal_last_error());
		/* Inside the image: valid unless masked or not a number. */
		for (int yy = rect[q].ky0; yy < rect[q].ky1; yy++)
			for (int xx = rect[q].kx0; xx < rect[q].kx1; xx++)
				f->valid[(size_t)yy * (size_t)W + (size_t)xx] =
				    1;
	}
	return 0;
}

/* The values read, through the palette or the stretch, to colours. */
static void
colour_frame(const struct raster *r, const struct stretch *s,
    struct frame *f, int nb, int use_mask)
{
	size_t	 npix = (size_t)f->w * (size_t)f->h, i;
	double	 val;
	int	 b, q;

	for (i = 0; i < npix; i++) {
		uint8_t	*px = f->rgb + 3 * i;

		if (!f->valid[i])
			continue;
		if (use_mask && r->mask[i] < 128) {
			f->valid[i] = 0;
			continue;
		}
		if (r->pal != NULL && nb == 1 && s->band[0] == 1) {
			val = r->buf[i];
			if (!isfinite(val) || val < 0 || val >= r->npal) {
				f->valid[i] = 0;	/* past the palette */
				continue;
			}
			q = (int)val;
			px[0] = r->pal[q][0];
			px[1] = r->pal[q][1];
			px[2] = r->pal[q][2];
			if (r->pal[q][3] < 128)
				f->valid[i] = 0;
			continue;
		}
		for (b = 0; b < nb; b++) {
			val = r->buf[(size_t)b * npix + i];
			if (!isfinite(val)) {
				f->valid[i] = 0;
				break;
			}
			px[b] = to8(val, s->lo[b], s->hi[b], s->gamma > 0 ?
			    s->gamma : 1);
		}
		if (nb == 1)
			px[1] = px[2] = px[0];
	}
}

/*
 * Fill f with what viewport v shows of r, through stretch s. Screen pixels
 * outside the image or without data are left invalid (background).
 * Returns 0, or -1 with GDAL's reason (a damaged block, say).
 */
int
render_read(struct raster *r, const struct viewport *v,
    const struct stretch *s, struct frame *f, char *err, size_t errlen)
{
	GDALRasterBandH	 b1;
	double		 lvf;
	int		 W = v->cols, H = 2 * v->rows, L, nearest, use_mask;
	int		 nb, rects;
	struct span	 rect[4];

	if (frame_size(f, W, H) != 0)
		return errf(err, errlen, "bad viewport %d x %d", v->cols,
		    v->rows);
	nb = s->nbands == 3 ? 3 : 1;
	if (raster_check_bands(r, s->band, nb, err, errlen) != 0)
		return -1;
	f->gray = raster_is_gray(r) || nb == 1;
	if (r->pal != NULL && nb == 1 && s->band[0] == 1)
		f->gray = 0;
	if (read_buffers(r, (size_t)W * (size_t)H, nb, err, errlen) != 0)
		return -1;
	L = pick_level(r, v->scale, &lvf);
	if (r->coarse && r->nlevels > 0 && L < r->nlevels) {
		L = r->nlevels;
		lvf = r->fx[L - 1];
	}
	f->level = L;
	/* A screen pixel of whole overview pixels: copy, else average. */
	nearest = v->scale <= lvf * (1 + 1e-6);
	b1 = G(GDALGetRasterBand)(r->ds, s->band[0]);
	use_mask = !(G(GDALGetMaskFlags)(b1) & GMF_ALL_VALID);
	if ((rects = view_spans(r, v, W, H, rect)) == 0)
		return 0;	/* nothing of the image in view */
	if (read_spans(r, v, s, f, rect, rects, L, nearest, nb, &use_mask,
	    err, errlen) != 0)
		return -1;
	colour_frame(r, s, f, nb, use_mask);
	return 0;
}
