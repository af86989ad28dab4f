/*
 * store-writes.c: single-mark write transactions per second through the
 * store (store_mark_add: validation, the insert and its audit row, one
 * transaction each, synchronous=FULL), beside a bare SQLite loop with the
 * same settings (BEGIN IMMEDIATE; INSERT; COMMIT). The store promises at
 * least half the bare rate.  Usage: bench/store-writes DIR [N]
 */
#include <sqlite3.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/time.h>
#include <unistd.h>

#include "../store/store.h"
#include "../util/util.h"

static double
now(void)
{
	struct timeval	 tv;

	gettimeofday(&tv, NULL);
	return (double)tv.tv_sec + tv.tv_usec / 1e6;
}

static double
bare(const char *path, long n)
{
	sqlite3		*db;
	sqlite3_stmt	*ins;
	double		 t0;
	long		 i;

	unlink(path);
	sqlite3_open(path, &db);
	sqlite3_busy_timeout(db, 5000);
	sqlite3_exec(db, "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; "
	    "PRAGMA foreign_keys=ON; CREATE TABLE mark (id INTEGER PRIMARY KEY,"
	    " image_id INTEGER, class_id INTEGER, kind TEXT, cx REAL, cy REAL,"
	    " w REAL, h REAL, angle REAL, author TEXT, created TEXT)",
	    NULL, NULL, NULL);
	sqlite3_prepare_v2(db, "INSERT INTO mark (image_id, class_id, kind, "
	    "cx, cy, w, h, angle, author, created) VALUES (1, 1, 'rbox', ?, "
	    "?, 150, 22, 3, 'bench', '2025-01-01')", -1, &ins, NULL);
	t0 = now();
	for (i = 0; i < n; i++) {
		sqlite3_exec(db, "BEGIN IMMEDIATE", NULL, NULL, NULL);
		sqlite3_bind_double(ins, 1, (double)(i % 900));
		sqlite3_bind_double(ins, 2, (double)(i % 700));
		sqlite3_step(ins);
		sqlite3_reset(ins);
		sqlite3_exec(db, "COMMIT", NULL, NULL, NULL);
	}
	t0 = now() - t0;
	sqlite3_finalize(ins);
	sqlite3_close(db);
	return n / t0;
}

static double
through_store(const char *path, long n)
{
	struct store		*st;
	struct store_image	 im;
	struct store_mark	 m;
	enum catalog_result	 res;
	char			 err[512], detail[256];
	int64_t			 site, img;
	double			 t0;
	long			 i;

	unlink(path);
	if ((st = store_open(path, STORE_CREATE, err, sizeof err)) == NULL ||
	    store_site_ensure(st, "bench", &site, err, sizeof err) != 0) {
		fprintf(stderr, "store-writes: %s\n", err);
		exit(1);
	}
	memset(&im, 0, sizeof im);
	im.site_id = site;
	im.path = (char *)(uintptr_t)"/bench/a.tif";
	im.name = (char *)(uintptr_t)"a.tif";
	im.date_source = (char *)(uintptr_t)"option";
	im.width = 1000;
	im.height = 1000;
	im.bands = 1;
	im.data_type = (char *)(uintptr_t)"Byte";
	im.hash = (char *)(uintptr_t)"h";
	store_image_catalog(st, &im, &img, &res, detail, sizeof detail, err,
	    sizeof err);
	t0 = now();
	for (i = 0; i < n; i++) {
		store_mark_init(&m);
		m.image_id = img;
		m.class_name = (char *)(uintptr_t)"ship";
		m.kind = MARK_RBOX;
		m.cx = (double)(i % 900);
		m.cy = (double)(i % 700);
		m.w = 150;
		m.h = 22;
		m.angle = 3;
		if (store_mark_add(st, &m, err, sizeof err) != 0) {
			fprintf(stderr, "store-writes: %s\n", err);
			exit(1);
		}
	}
	t0 = now() - t0;
	store_close(st);
	return n / t0;
}

int
main(int argc, char **argv)
{
	char	 a[4096], b[4096];
	double	 rb, rs;
	long	 n;

	if (argc < 2) {
		fprintf(stderr, "usage: store-writes DIR [N]\n");
		return 2;
	}
	n = argc > 2 ? atol(argv[2]) : 2000;
	snprintf(a, sizeof a, "%s/bare.db", argv[1]);
	snprintf(b, sizeof b, "%s/store.db", argv[1]);
	rb = bare(a, n);
	rs = through_store(b, n);
	printf("single-mark write transactions/s: bare SQLite %.0f, store %.0f "
	    "(%.2f of bare; target >= 0.50)\n", rb, rs, rs / rb);
	return rs / rb >= 0.5 ? 0 : 1;
}
