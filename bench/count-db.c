/*
 * count-db.c: the count engine's benchmark database: one site, three
 * quays, N images (default 20,000, a few a day over years) and M marks
 * (default 1,000,000): named ships calling for a few days, unnamed ones,
 * and container stacks with counts. Written through the store in batches,
 * audit rows included.   Usage: bench/count-db DB [IMAGES] [MARKS]
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../store/store.h"
#include "../util/util.h"

static const char utm52n[] = "PROJCS[\"WGS 84 / UTM zone 52N\",GEOGCS[\"WGS "
    "84\",DATUM[\"WGS_1984\",SPHEROID[\"WGS 84\",6378137,298.257223563]],"
    "PRIMEM[\"Greenwich\",0],UNIT[\"degree\",0.0174532925199433]],"
    "PROJECTION[\"Transverse_Mercator\"],PARAMETER[\"latitude_of_origin\","
    "0],PARAMETER[\"central_meridian\",129],PARAMETER[\"scale_factor\","
    "0.9996],PARAMETER[\"false_easting\",500000],PARAMETER["
    "\"false_northing\",0],UNIT[\"metre\",1],AUTHORITY[\"EPSG\",\"32652\"]]";

static const char *const names[] = { "Angara", "Lady R", "Maia-1",
    "Sparta IV", "Ursa Major", "Baltic Leader", "Pevek", "Omskiy-103" };

int
main(int argc, char **argv)
{
	struct store		*st;
	struct store_image	 im;
	struct store_mark	 m;
	enum catalog_result	 res;
	char			 err[512], path[64], hash[32], detail[256];
	double			 quay[3][8] = {
		{ 200, 300, 700, 300, 700, 455, 200, 455 },
		{ 850, 300, 1400, 300, 1400, 455, 850, 455 },
		{ 1405, 392, 1565, 392, 1565, 820, 1405, 820 } };
	int64_t			 site, id, *img, t0, qid;
	long			 nimg, nmark, i, k, per;
	int			 q, quality;

	if (argc < 2) {
		fprintf(stderr, "usage: count-db DB [IMAGES] [MARKS]\n");
		return 2;
	}
	nimg = argc > 2 ? atol(argv[2]) : 20000;
	nmark = argc > 3 ? atol(argv[3]) : 1000000;
	unlink(argv[1]);
	if ((st = store_open(argv[1], STORE_CREATE | STORE_BULK, err,
	    sizeof err)) == NULL || store_site_ensure(st, "bench", &site, err,
	    sizeof err) != 0)
		goto fail;
	for (q = 0; q < 3; q++)
		if (store_quay_add(st, site, q == 0 ? "Arms quay" : q == 1 ?
		    "Container quay" : "North pier", quay[q], 4, NULL, &qid,
		    err, sizeof err) != 0)
			goto fail;
	img = xcalloc((size_t)nimg, sizeof *img);
	t0 = date_from_ymd(2020, 1, 1);
	if (store_begin(st, err, sizeof err) != 0)
		goto fail;
	for (i = 0; i < nimg; i++) {
		memset(&im, 0, sizeof im);
		snprintf(path, sizeof path, "/bench/img%06ld.tif", i);
		snprintf(hash, sizeof hash, "h%ld", i);
		im.site_id = site;
		im.path = path;
		im.name = path + 7;
		im.acquired = t0 + i * 7200;	/* every two hours */
		im.date_source = (char *)(uintptr_t)"option";
		im.width = 1600;
		im.height = 1000;
		im.bands = 3;
		im.data_type = (char *)(uintptr_t)"Byte";
		im.hash = hash;
		/* georeferenced as the demo port is, for the GIS exports */
		im.has_gt = 1;
		im.gt[0] = 606000;
		im.gt[1] = 0.5;
		im.gt[3] = 4679000;
		im.gt[5] = -0.5;
		im.crs_wkt = (char *)(uintptr_t)utm52n;
		im.crs_code = (char *)(uintptr_t)"EPSG:32652";
		if (store_image_catalog(st, &im, &img[i], &res, detail,
		    sizeof detail, err, sizeof err) != 0)
			goto fail;
		quality = i % 7 == 3 ? QUALITY_CLOUDY : i % 11 == 5 ?
		    QUALITY_UNREVIEWED : QUALITY_CLEAR;
		if (quality != QUALITY_UNREVIEWED && store_image_set_quality(st,
		    img[i], quality, err, sizeof err) != 0)
			goto fail;
	}
	per = nmark / nimg;
	for (i = 0; i < nimg; i++) {
		for (k = 0; k < per; k++) {
			store_mark_init(&m);
			m.image_id = img[i];
			q = (int)(k % 3);
			m.class_name = (char *)(uintptr_t)(k % 2 ? "ship" :
			    "container_stack");
			m.kind = k % 2 ? MARK_RBOX : MARK_BOX;
			m.cx = q == 2 ? 1485 : (q == 0 ? 220 : 870) +
			    (double)(k * 37 % 450);
			m.cy = q == 2 ? 400 + (double)(k * 13 % 400) : 416;
			m.w = k % 2 ? 120 : 40;
			m.h = k % 2 ? 20 : 12;
			if (k % 2 && k % 5 != 1)
				m.name = (char *)(uintptr_t)names[(i / 36 + k)
				    % QM_NELEM(names)];
			else if (k % 2 == 0) {
				m.has_track = 1;
				m.track = (i / 60) * 1000 + k;
				m.has_count = 1;
				m.count = 10 + k;
			}
			if (store_mark_add(st, &m, err, sizeof err) != 0)
				goto fail;
		}
		if (i % 500 == 499 && (store_commit(st, err, sizeof err) != 0 ||
		    store_begin(st, err, sizeof err) != 0))
			goto fail;
	}
	if (store_commit(st, err, sizeof err) != 0)
		goto fail;
	free(img);
	store_close(st);
	(void)id;
	return 0;
fail:
	fprintf(stderr, "count-db: %s\n", err);
	return 1;
}
