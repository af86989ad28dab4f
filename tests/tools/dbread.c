/*
 * dbread.c: one read through the store's database layer (store/db.h), for
 * tests of the streamed read (db_stream, issue 17) against a real server.
 *   dbread [-pt] [-c COLS] [-s N] [-k N:SQL] TARGET SQL [VALUE...]
 *	prepares SQL (COLS columns, default 1), binds each VALUE (an
 *	integer, t:TEXT, or null) as parameter 1, 2, ..., streams it
 *	(plain with -p) and prints every row, one line each: every column
 *	as text (\N for NULL), then as int64 and as double, separated by |.
 *	-s N stops after N rows (db_reset midway), then runs SELECT 42 on
 *	the same connection and prints its answer: the stopped read left
 *	the connection usable. -t reads inside a write transaction (db_begin,
 *	rolled back at the end). -k N:SQL runs SQL on a second connection
 *	after row N (a backend terminated in mid-read). Ends with "done" and
 *	exit 0, or "error: " and the connection's one-line message, exit 1.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../../store/db.h"

static void
print_row(struct db_stmt *s, int ncols)
{
	const char	*t;
	int		 i;

	for (i = 0; i < ncols; i++) {
		t = db_column_text(s, i);
		printf("%s%s|%lld|%.17g", i ? "|" : "", db_column_null(s, i) ?
		    "\\N" : t != NULL ? t : "(null text)",
		    (long long)db_column_int64(s, i), db_column_double(s, i));
	}
	putchar('\n');
}

static int
fail(struct db *db, const char *what)
{
	printf("error: %s%s\n", what, db != NULL ? db_errmsg(db) : "");
	return 1;
}

/* SQL on a connection of its own (the -k action). */
static int
side(const char *target, const char *sql)
{
	struct db	*db;
	char		 err[512];
	int		 rc;

	if (db_open(&db, target, DB_OPEN_RAW, err, sizeof err) != 0) {
		printf("error: side connection: %s\n", err);
		return 1;
	}
	rc = db_exec(db, sql, err, sizeof err);
	if (rc != DB_OK)
		printf("error: side: %s\n", err);
	db_close(db);
	return rc != DB_OK;
}

int
main(int argc, char **argv)
{
	struct db	*db;
	struct db_stmt	*s, *q;
	char		 err[512], *killsql = NULL;
	long		 stop = -1, killat = -1, n = 0;
	int		 c, i, plain = 0, tx = 0, ncols = 1, rc;

	while ((c = getopt(argc, argv, "ptc:s:k:")) != -1) {
		if (c == 'p')
			plain = 1;
		else if (c == 't')
			tx = 1;
		else if (c == 'c')
			ncols = atoi(optarg);
		else if (c == 's')
			stop = atol(optarg);
		else if (c == 'k') {
			killat = atol(optarg);
			if ((killsql = strchr(optarg, ':')) == NULL)
				return 2;
			killsql++;
		} else
			return 2;
	}
	if (argc - optind < 2) {
		fprintf(stderr, "usage: dbread [-pt] [-c COLS] [-s N] "
		    "[-k N:SQL] TARGET SQL [VALUE...]\n");
		return 2;
	}
	if (db_open(&db, argv[optind], DB_OPEN_RAW, err, sizeof err) != 0) {
		printf("error: %s\n", err);
		return 1;
	}
	if ((s = db_prepare(db, argv[optind + 1], err, sizeof err)) == NULL) {
		printf("error: %s\n", err);
		db_close(db);
		return 1;
	}
	if (!plain)
		db_stream(s);
	if (tx && db_begin(db) != DB_OK)
		return fail(db, "begin: "), db_finalize(s), db_close(db), 1;
	for (i = optind + 2; i < argc; i++)
		if (strncmp(argv[i], "t:", 2) == 0)
			db_bind_text(s, i - optind - 1, argv[i] + 2);
		else if (strcmp(argv[i], "null") == 0)
			db_bind_null(s, i - optind - 1);
		else
			db_bind_int64(s, i - optind - 1, strtoll(argv[i], NULL,
			    10));
	while ((rc = db_step(s)) == DB_ROW) {
		print_row(s, ncols);
		if (++n == killat && side(argv[optind], killsql) != 0)
			break;
		if (n == stop)
			break;
	}
	db_reset(s);
	db_finalize(s);
	if (rc != DB_ROW && rc != DB_DONE)
		return fail(db, ""), db_close(db), 1;
	if (n == stop) {
		if ((q = db_prepare(db, "SELECT 42", err, sizeof err)) == NULL)
			return fail(db, "after the stop: "), db_close(db), 1;
		if (db_step(q) != DB_ROW)
			return fail(db, "after the stop: "), db_finalize(q),
			    db_close(db), 1;
		printf("after the stop: %lld\n", (long long)db_column_int64(q,
		    0));
		db_finalize(q);
	}
	if (tx && db_exec(db, "ROLLBACK", err, sizeof err) != DB_OK)
		return fail(db, "rollback: "), db_close(db), 1;
	printf("done\n");
	db_close(db);
	return 0;
}
