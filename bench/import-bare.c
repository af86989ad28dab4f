/*
 * import-bare.c: the floor under `quaymark import`: the same rows an
 * import writes (a mark and its audit row per annotation) through a bare
 * SQLite loop on a copy of a quaymark database, one transaction, prepared
 * statements, no checks, no hashing. bench/import.sh prints it beside the
 * real imports.  Usage: bench/import-bare DB IMAGE_ID CLASS_ID N
 */
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/time.h>

static double
now(void)
{
	struct timeval	 tv;

	gettimeofday(&tv, NULL);
	return (double)tv.tv_sec + tv.tv_usec / 1e6;
}

int
main(int argc, char **argv)
{
	sqlite3		*db;
	sqlite3_stmt	*mark, *audit;
	char		 after[256];
	double		 t0;
	long		 i, n, img, cls;

	if (argc != 5) {
		fprintf(stderr, "usage: import-bare DB IMAGE_ID CLASS_ID N\n");
		return 2;
	}
	img = atol(argv[2]);
	cls = atol(argv[3]);
	n = atol(argv[4]);
	if (sqlite3_open(argv[1], &db) != SQLITE_OK)
		return 1;
	sqlite3_exec(db, "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL",
	    NULL, NULL, NULL);
	if (sqlite3_prepare_v2(db, "INSERT INTO mark (image_id, class_id, "
	    "kind, cx, cy, w, h, angle, author, created, updated, updated_by) "
	    "VALUES (?, ?, 'box', ?, ?, 6, 5, 0, 'bench', '2025-01-01', "
	    "'2025-01-01', 'bench')", -1, &mark, NULL) != SQLITE_OK ||
	    sqlite3_prepare_v2(db, "INSERT INTO audit (at, user, action, "
	    "entity, entity_id, after, hash) VALUES ('2025-01-01', 'bench', "
	    "'create', 'mark', ?, ?, 'x')", -1, &audit, NULL) != SQLITE_OK) {
		fprintf(stderr, "import-bare: %s\n", sqlite3_errmsg(db));
		return 1;
	}
	t0 = now();
	sqlite3_exec(db, "BEGIN IMMEDIATE", NULL, NULL, NULL);
	for (i = 0; i < n; i++) {
		sqlite3_bind_int64(mark, 1, img);
		sqlite3_bind_int64(mark, 2, cls);
		sqlite3_bind_double(mark, 3, (double)(10 + i % 300));
		sqlite3_bind_double(mark, 4, (double)(10 + i / 300 % 200));
		sqlite3_step(mark);
		sqlite3_reset(mark);
		snprintf(after, sizeof after, "{\"cx\":%ld,\"cy\":%ld,\"w\":6,"
		    "\"h\":5,\"kind\":\"box\",\"author\":\"bench\"}", 10 + i % 300,
		    10 + i / 300 % 200);
		sqlite3_bind_int64(audit, 1, sqlite3_last_insert_rowid(db));
		sqlite3_bind_text(audit, 2, after, -1, SQLITE_TRANSIENT);
		sqlite3_step(audit);
		sqlite3_reset(audit);
	}
	sqlite3_exec(db, "COMMIT", NULL, NULL, NULL);
	printf("%.2f\n", now() - t0);
	sqlite3_finalize(mark);
	sqlite3_finalize(audit);
	sqlite3_close(db);
	return 0;
}
