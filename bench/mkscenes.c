/*
 * mkscenes.c: write N small dated GeoTIFFs (distinct pixels, UTM 52N) for
 * the ingest benchmark: bench/mkscenes DIR N [SIDE].
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../render/render.h"
#include "../util/util.h"

int
main(int argc, char **argv)
{
	struct render_out	 o;
	char			 err[512], path[4096];
	uint8_t			*px;
	int64_t			 day0 = date_from_ymd(2020, 1, 1);
	char			 day[DATE_DAY_LEN];
	long			 n, i, side, k;

	if (argc < 3) {
		fprintf(stderr, "usage: mkscenes DIR N [SIDE]\n");
		return 2;
	}
	n = atol(argv[2]);
	side = argc > 3 ? atol(argv[3]) : 64;
	if (n <= 0 || side <= 0 || side > 4096 ||
	    path_mkdirs(argv[1], err, sizeof err) != 0) {
		fprintf(stderr, "mkscenes: bad arguments or %s\n", err);
		return 1;
	}
	px = xmalloc((size_t)side * (size_t)side);
	for (i = 0; i < n; i++) {
		for (k = 0; k < side * side; k++)
			px[k] = (uint8_t)((i * 2654435761u) ^ (k * 40503u) ^ (k >> 7));
		date_format_day(day0 + (i % 3650) * 86400, day);
		snprintf(path, sizeof path, "%s/scene_%s_%06ld.tif", argv[1],
		    day, i);
		memset(&o, 0, sizeof o);
		o.path = path;
		o.driver = "GTiff";
		o.width = o.height = (int)side;
		o.bands = 1;
		o.pixels = px;
		o.has_gt = 1;
		o.gt[0] = 600000 + i * 10.0;
		o.gt[1] = 1;
		o.gt[3] = 4670000;
		o.gt[5] = -1;
		o.epsg = 32652;
		if (render_write(&o, err, sizeof err) != 0) {
			fprintf(stderr, "mkscenes: %s\n", err);
			return 1;
		}
	}
	free(px);
	return 0;
}
