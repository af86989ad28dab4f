/*
 * mkbig.c: the large scenes of the render benchmark: a SIDE x SIDE RGB and
 * a gray GeoTIFF (tiled, DEFLATE, with internal overviews), textured like
 * a port (land, water, quays, ships) rather than noise, so the output of
 * terminal viewers is comparable to real imagery.
 *   Usage: bench/mkbig DIR [SIDE]   (default 12000)
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../render/gdal-api.h"
#include "../render/render.h"
#include "../util/util.h"

static double
lattice(uint32_t a, int x, int y)
{
	uint32_t	 h = a * 0x9e3779b1u ^ (uint32_t)x * 0x85ebca77u ^
	    (uint32_t)y * 0xc2b2ae3du;

	h ^= h >> 16;
	h *= 0x7feb352du;
	h ^= h >> 15;
	return (h & 0xffffff) / 16777216.0;
}

static double
vnoise(double x, double y, double cell, uint32_t seed)
{
	double	 fx = x / cell, fy = y / cell, tx, ty, a, b, c, d;
	int	 ix = (int)floor(fx), iy = (int)floor(fy);

	tx = fx - ix;
	ty = fy - iy;
	tx = tx * tx * (3 - 2 * tx);
	ty = ty * ty * (3 - 2 * ty);
	a = lattice(seed, ix, iy);
	b = lattice(seed, ix + 1, iy);
	c = lattice(seed, ix, iy + 1);
	d = lattice(seed, ix + 1, iy + 1);
	return a + (b - a) * tx + (c - a + (a - b - c + d) * tx) * ty;
}

static int
write_scene(const char *path, int side, int bands)
{
	static int	 levels[] = { 2, 4, 8, 16, 32, 64 };
	GDALDatasetH	 ds;
	char		**opts = NULL;
	uint8_t		*row;
	double		 n, land, fine;
	int		 x, y, b, v[3];

	opts = G(CSLSetNameValue)(opts, "TILED", "YES");
	opts = G(CSLSetNameValue)(opts, "COMPRESS", "DEFLATE");
	opts = G(CSLSetNameValue)(opts, "BIGTIFF", "IF_SAFER");
	ds = G(GDALCreate)(G(GDALGetDriverByName)("GTiff"), path, side, side,
	    bands, GDT_Byte, opts);
	G(CSLDestroy)(opts);
	if (ds == NULL)
		return -1;
	row = xmalloc((size_t)side * (size_t)bands);
	for (y = 0; y < side; y++) {
		for (x = 0; x < side; x++) {
			n = vnoise(x, y, 900, 1) * 0.6 + vnoise(x, y, 170, 2) *
			    0.4;
			land = n + (double)(side - y) / side * 0.5 - 0.55;
			fine = lattice(3, x, y) * 10 - 5;
			if (land > 0.1) {
				v[0] = (int)(120 + 50 * n + fine);
				v[1] = (int)(115 + 45 * n + fine);
				v[2] = (int)(100 + 30 * n + fine);
				if ((x / 37 + y / 23) % 11 == 0)
					v[0] = v[1] = v[2] = 190;
			} else {
				v[0] = (int)(25 + 20 * n + fine / 2);
				v[1] = (int)(50 + 25 * n + fine / 2);
				v[2] = (int)(70 + 25 * n + fine / 2);
				if (fabs(land) < 0.02 && (x / 160) % 3 == 0)
					v[0] = v[1] = v[2] = 200;
			}
			for (b = 0; b < bands; b++)
				row[(size_t)x * (size_t)bands + (size_t)b] =
				    (uint8_t)(bands == 1 ? (v[0] + v[1] + v[2]) /
				    3 : v[b]);
		}
		for (b = 0; b < bands; b++)
			if (G(GDALRasterIO)(G(GDALGetRasterBand)(ds, b + 1),
			    GF_Write, 0, y, side, 1, row + b, side, 1, GDT_Byte,
			    bands, 0) != CE_None)
				return -1;
	}
	free(row);
	if (G(GDALBuildOverviews)(ds, "AVERAGE", 6, levels, 0, NULL, NULL,
	    NULL) != CE_None)
		return -1;
	G(GDALClose)(ds);
	return 0;
}

int
main(int argc, char **argv)
{
	char	 err[512], path[4096];
	int	 side;

	if (argc < 2) {
		fprintf(stderr, "usage: mkbig DIR [SIDE]\n");
		return 2;
	}
	side = argc > 2 ? atoi(argv[2]) : 12000;
	if (render_init(err, sizeof err) != 0 ||
	    path_mkdirs(argv[1], err, sizeof err) != 0) {
		fprintf(stderr, "mkbig: %s\n", err);
		return 1;
	}
	snprintf(path, sizeof path, "%s/rgb-%d.tif", argv[1], side);
	if (write_scene(path, side, 3) != 0)
		return fprintf(stderr, "mkbig: %s failed\n", path), 1;
	snprintf(path, sizeof path, "%s/gray-%d.tif", argv[1], side);
	if (write_scene(path, side, 1) != 0)
		return fprintf(stderr, "mkbig: %s failed\n", path), 1;
	return 0;
}
