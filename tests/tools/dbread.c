/*
 * dbread.c: one read through the store's database layer (store/db.h), for
 * tests of the streamed read (db_stream, issue 17) against a real server.
 *   dbread [-pt] [-c COLS] [-s N] [-k N:SQL] [-a FILE] TARGET SQL [VALUE...]
 *	prepares SQL (COLS columns, default 1), binds each VALUE (an
 *	integer, t:TEXT, or null) as parameter 1, 2, ..., streams it
 *	(plain with -p) and prints every row, one line each: every column
 *	as text (\N for NULL), then as int64 and as double, separated by |.
 *	-s N stops after N rows (db_reset midway), then runs SELECT 42 on
 *	the same connection and prints its answer: the stopped read left
 *	the connection usable. -t reads inside a write transaction (db_begin,
 *	rolled back at the end). -k N:SQL runs SQL on a second connection
 *	after row N (a backend terminated in mid-read). -a FILE, after the
 *	read, prints "again", waits (at most 60 s) for FILE and reads again
 *	with the same statement on the same connection (a server restarted
 *	in between, as a TUI's report view lives through). Ends with "done"
 *	and exit 0, or "error: " and the connection's one-line message,
 *	exit 1.
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

/* What the command line asks for. */
struct opts {
	int		 plain, tx, ncols;
	long		 stop, killat;
	const char	*killsql, *again;
	const char	*target;
	char		**vals;
	int		 nvals;
};

/* Bind the values, step every row (or up to the stop); DB_DONE or not. */
static int
read_rows(struct db_stmt *s, const struct opts *o, long *n)
{
	int	 i, rc;

	for (i = 0; i < o->nvals; i++)
		if (strncmp(o->vals[i], "t:", 2) == 0)
			db_bind_text(s, i + 1, o->vals[i] + 2);
		else if (strcmp(o->vals[i], "null") == 0)
			db_bind_null(s, i + 1);
		else
			db_bind_int64(s, i + 1, strtoll(o->vals[i], NULL, 10));
	*n = 0;
	while ((rc = db_step(s)) == DB_ROW) {
		print_row(s, o->ncols);
		if (++*n == o->killat && side(o->target, o->killsql) != 0)
			break;
		if (*n == o->stop)
			break;
	}
	db_reset(s);
	return rc == DB_ROW ? DB_DONE : rc;
}

/* Wait up to 60 s for the file path to exist. */
static int
wait_for(const char *path)
{
	int	 i;

	for (i = 0; i < 600; i++) {
		if (access(path, F_OK) == 0)
			return 0;
		usleep(100000);
	}
	return -1;
}

/* The connection answers a query after a stopped read. */
static int
after_stop(struct db *db)
{
	struct db_stmt	*q;
	char		 err[512];
	int		 rc;

	if ((q = db_prepare(db, "SELECT 42", err, sizeof err)) == NULL)
		return fail(db, "after the stop: ");
	if ((rc = db_step(q)) == DB_ROW)
		printf("after the stop: %lld\n",
		    (long long)db_column_int64(q, 0));
	db_finalize(q);
	return rc == DB_ROW ? 0 : fail(db, "after the stop: ");
}

static int
run(struct db *db, const struct opts *o, const char *sql)
{
	struct db_stmt	*s;
	char		 err[512];
	long		 n;
	int		 rc;

	if ((s = db_prepare(db, sql, err, sizeof err)) == NULL) {
		printf("error: %s\n", err);
		return 1;
	}
	if (!o->plain)
		db_stream(s);
	if (o->tx && db_begin(db) != DB_OK)
		return fail(db, "begin: "), db_finalize(s), 1;
	rc = read_rows(s, o, &n);
	if (rc == DB_DONE && o->again != NULL) {
		/* the same statement again, on the same handle, later */
		printf("again\n");
		fflush(stdout);
		if (wait_for(o->again) != 0)
			return printf("error: no %s\n", o->again),
			    db_finalize(s), 1;
		rc = read_rows(s, o, &n);
	}
	db_finalize(s);
	if (rc != DB_DONE)
		return fail(db, "");
	if (n == o->stop && after_stop(db) != 0)
		return 1;
	if (o->tx && db_exec(db, "ROLLBACK", err, sizeof err) != DB_OK)
		return fail(db, "rollback: ");
	printf("done\n");
	return 0;
}

int
main(int argc, char **argv)
{
	struct opts	 o = { 0, 0, 1, -1, -1, NULL, NULL, NULL, NULL, 0 };
	struct db	*db;
	char		 err[512];
	int		 c, rc;

	while ((c = getopt(argc, argv, "ptc:s:k:a:")) != -1) {
		if (c == 'p')
			o.plain = 1;
		else if (c == 't')
			o.tx = 1;
		else if (c == 'c')
			o.ncols = atoi(optarg);
		else if (c == 's')
			o.stop = atol(optarg);
		else if (c == 'a')
			o.again = optarg;
		else if (c == 'k') {
			o.killat = atol(optarg);
			if ((o.killsql = strchr(optarg, ':')) == NULL)
				return 2;
			o.killsql++;
		} else
			return 2;
	}
	if (argc - optind < 2) {
		fprintf(stderr, "usage: dbread [-pt] [-c COLS] [-s N] "
		    "[-k N:SQL] [-a FILE] TARGET SQL [VALUE...]\n");
		return 2;
	}
	o.target = argv[optind];
	o.vals = argv + optind + 2;
	o.nvals = argc - optind - 2;
	if (db_open(&db, o.target, DB_OPEN_RAW, err, sizeof err) != 0) {
		printf("error: %s\n", err);
		return 1;
	}
	rc = run(db, &o, argv[optind + 1]);
	db_close(db);
	return rc;
}
