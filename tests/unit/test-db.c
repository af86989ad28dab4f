/*
 * test-db.c: the engine-neutral database API (store/db.h) on its SQLite
 * engine: what a target names, statements and their parameters (?NNN
 * numbered as SQLite numbers them), RETURNING ids and ON CONFLICT
 * upserts (the dialect the store's SQL is written in), errors as codes
 * and one-line reasons, C SQL functions, transactions, and the open
 * checks that keep a file that is not quaymark's untouched.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "../../store/db.h"
#include "../../store/store.h"
#include "tmpdir.h"

/* A fresh quaymark-stamped database with table t; the caller closes. */
static struct db *
fresh(void)
{
	struct db	*db;
	char		 err[256];

	unlink(tmp_db);
	assert_int_equal(db_open(&db, tmp_db, DB_OPEN_CREATE, err, sizeof err),
	    0);
	assert_int_equal(db_exec(db, "CREATE TABLE t (id INTEGER PRIMARY KEY, "
	    "name TEXT UNIQUE, x REAL, n INTEGER)", err, sizeof err), DB_OK);
	assert_int_equal(db_set_schema_version(db, 1), DB_OK);
	return db;
}

static void
test_target_is_pg(void **state)
{
	static const char *const pg[] = { "postgresql://u@h/db",
	    "postgres:///qm", "service=team", "host=/run/pg dbname=qm",
	    "dbname=qm", "user=qm port=5433" };
	static const char *const sqlite[] = { "team.db", "/srv/qm/x.db",
	    "./postgresql.db", "my dbname.db", "dir/host=1.db" };
	size_t	 i;

	(void)state;
	for (i = 0; i < sizeof pg / sizeof pg[0]; i++)
		assert_true(db_target_is_pg(pg[i]));
	for (i = 0; i < sizeof sqlite / sizeof sqlite[0]; i++)
		assert_false(db_target_is_pg(sqlite[i]));
}

static void
test_statements(void **state)
{
	struct db	*db = fresh();
	struct db_stmt	*s;

	(void)state;
	assert_int_equal(db_kind(db), DB_SQLITE);
	assert_null(db_readonly_reason(db));
	s = db_prepare(db, "INSERT INTO t (name, x, n) VALUES (?, ?, ?) "
	    "RETURNING id", NULL, 0);
	assert_non_null(s);
	assert_int_equal(db_param_count(s), 3);
	db_bind_text(s, 1, "a");
	db_bind_double(s, 2, 2.5);
	db_bind_int64(s, 3, INT64_C(1) << 40);
	assert_int_equal(db_step(s), DB_ROW);
	assert_int_equal(db_column_int64(s, 0), 1);
	assert_int_equal(db_step(s), DB_DONE);
	db_reset(s);
	db_bind_text(s, 1, "b");
	db_bind_null(s, 2);
	db_bind_text(s, 3, NULL);
	assert_int_equal(db_step(s), DB_ROW);
	assert_int_equal(db_column_int64(s, 0), 2);
	db_reset(s);
	db_finalize(s);

	s = db_prepare(db, "SELECT name, x, n FROM t ORDER BY id", NULL, 0);
	assert_non_null(s);
	assert_int_equal(db_step(s), DB_ROW);
	assert_string_equal(db_column_text(s, 0), "a");
	assert_true(db_column_double(s, 1) == 2.5);
	assert_true(db_column_int64(s, 2) == INT64_C(1) << 40);
	assert_false(db_column_null(s, 1));
	assert_int_equal(db_step(s), DB_ROW);
	assert_true(db_column_null(s, 1));
	assert_true(db_column_null(s, 2));
	assert_null(db_column_text(s, 2));
	assert_int_equal(db_step(s), DB_DONE);
	db_finalize(s);
	db_close(db);
}

/* ?NNN is parameter NNN, a bare ? one more than the largest so far. */
static void
test_numbered_params(void **state)
{
	struct db	*db = fresh();
	struct db_stmt	*s;

	(void)state;
	s = db_prepare(db, "SELECT ?2, ?1, ?, ?1 + ?2", NULL, 0);
	assert_non_null(s);
	assert_int_equal(db_param_count(s), 3);
	db_bind_int64(s, 1, 10);
	db_bind_int64(s, 2, 20);
	db_bind_int64(s, 3, 30);
	assert_int_equal(db_step(s), DB_ROW);
	assert_int_equal(db_column_int64(s, 0), 20);
	assert_int_equal(db_column_int64(s, 1), 10);
	assert_int_equal(db_column_int64(s, 2), 30);
	assert_int_equal(db_column_int64(s, 3), 30);
	/* a reset clears the bindings: nothing leaks into the next use */
	db_reset(s);
	assert_int_equal(db_step(s), DB_ROW);
	assert_true(db_column_null(s, 0));
	db_finalize(s);
	db_close(db);
}

/* The upserts the store writes instead of INSERT OR IGNORE / REPLACE. */
static void
test_upserts(void **state)
{
	struct db	*db = fresh();
	struct db_stmt	*s;

	(void)state;
	assert_int_equal(db_exec(db, "INSERT INTO t (name, n) VALUES ('a', 1)",
	    NULL, 0), DB_OK);
	s = db_prepare(db, "INSERT INTO t (name, n) VALUES (?, ?) ON CONFLICT "
	    "(name) DO NOTHING", NULL, 0);
	db_bind_text(s, 1, "a");
	db_bind_int64(s, 2, 2);
	assert_int_equal(db_step(s), DB_DONE);
	db_reset(s);
	/* changes survive the reset (step_done resets, then asks) */
	assert_int_equal(db_changes(db), 0);
	db_finalize(s);
	s = db_prepare(db, "INSERT INTO t (name, n) VALUES (?, ?) ON CONFLICT "
	    "(name) DO UPDATE SET n = excluded.n", NULL, 0);
	db_bind_text(s, 1, "a");
	db_bind_int64(s, 2, 3);
	assert_int_equal(db_step(s), DB_DONE);
	db_reset(s);
	assert_int_equal(db_changes(db), 1);
	db_finalize(s);
	s = db_prepare(db, "SELECT n, count(*) FROM t", NULL, 0);
	assert_int_equal(db_step(s), DB_ROW);
	assert_int_equal(db_column_int64(s, 0), 3);
	assert_int_equal(db_column_int64(s, 1), 1);
	db_finalize(s);
	db_close(db);
}

/*
 * An upsert of the name 'x' into t, "ON CONFLICT (name) DO <action>
 * RETURNING id", run once: its one row is checked to say id 1 (x's, the
 * first row of t), and the statement is left on that row for more checks.
 */
static struct db_stmt *
upsert_x(struct db *db, const char *action)
{
	struct db_stmt	*s;
	char		 sql[160];

	snprintf(sql, sizeof sql, "INSERT INTO t (name) VALUES (?) ON "
	    "CONFLICT (name) DO %s RETURNING id", action);
	s = db_prepare(db, sql, NULL, 0);
	assert_non_null(s);
	db_bind_text(s, 1, "x");
	assert_int_equal(db_step(s), DB_ROW);
	assert_int_equal(db_column_int64(s, 0), 1);
	return s;
}

/*
 * INSERT ... RETURNING id, which the SQLite engine answers itself from
 * the last rowid (db-sqlite.c says why): one row when a row went in,
 * none when ON CONFLICT DO NOTHING kept it out, and the outer row's id
 * even when a trigger inserted elsewhere meanwhile. Any other RETURNING
 * is SQLite's own.
 */
static void
test_returning_id(void **state)
{
	struct db	*db = fresh();
	struct db_stmt	*s;

	(void)state;
	assert_int_equal(db_exec(db, "CREATE TABLE log (id INTEGER PRIMARY "
	    "KEY, what TEXT); INSERT INTO log (what) VALUES ('a'), ('b'), "
	    "('c'); CREATE TRIGGER t_log AFTER INSERT ON t BEGIN "
	    "INSERT INTO log (what) VALUES (new.name); END", NULL, 0), DB_OK);
	s = upsert_x(db, "NOTHING");
	assert_string_equal(db_column_text(s, 0), "1");
	assert_false(db_column_null(s, 0));
	assert_int_equal(db_step(s), DB_DONE);
	db_reset(s);
	db_bind_text(s, 1, "y");
	assert_int_equal(db_step(s), DB_ROW);
	assert_int_equal(db_column_int64(s, 0), 2);
	db_reset(s);
	db_bind_text(s, 1, "x");
	assert_int_equal(db_step(s), DB_DONE);
	db_reset(s);
	assert_int_equal(db_changes(db), 0);
	db_finalize(s);
	s = db_prepare(db, "INSERT INTO t (name) VALUES ('z') RETURNING id, "
	    "name", NULL, 0);
	assert_int_equal(db_step(s), DB_ROW);
	assert_int_equal(db_column_int64(s, 0), 3);
	assert_string_equal(db_column_text(s, 1), "z");
	assert_int_equal(db_step(s), DB_DONE);
	db_finalize(s);
	/*
	 * Regression: an upsert that updates changes one row but inserts
	 * none, so the last rowid (3, 'z') is not its id: the row it
	 * updated is, as SQLite's own RETURNING says.
	 */
	s = upsert_x(db, "UPDATE SET n = 7");
	assert_int_equal(db_step(s), DB_DONE);
	db_finalize(s);
	/* a failed insert is an error, not an empty answer */
	s = db_prepare(db, "INSERT INTO t (id, name) VALUES (1, 'w') "
	    "RETURNING id", NULL, 0);
	assert_int_equal(db_step(s), DB_CONSTRAINT);
	db_finalize(s);
	db_close(db);
}

static void
test_errors(void **state)
{
	struct db	*db = fresh();
	struct db_stmt	*s;
	char		 err[256];

	(void)state;
	assert_int_equal(db_exec(db, "INSERT INTO t (name) VALUES ('a')",
	    NULL, 0), DB_OK);
	assert_int_equal(db_exec(db, "INSERT INTO t (name) VALUES ('a')",
	    err, sizeof err), DB_CONSTRAINT);
	assert_non_null(strstr(err, "UNIQUE"));
	assert_int_equal(db_errcode(db), DB_CONSTRAINT);
	assert_non_null(strstr(db_errmsg(db), "UNIQUE"));
	s = db_prepare(db, "INSERT INTO t (name) VALUES (?)", NULL, 0);
	db_bind_text(s, 1, "a");
	assert_int_equal(db_step(s), DB_CONSTRAINT);
	db_reset(s);
	db_finalize(s);
	assert_null(db_prepare(db, "SELECT nosuch FROM t", err, sizeof err));
	assert_non_null(strstr(err, "nosuch"));
	/*
	 * Regression: SQLite reads an unknown "double-quoted" name as a
	 * string, so a misquoted column (the "user" the common dialect
	 * quotes) would compare against the word and match nothing, without
	 * a word of complaint. The engine turns that off: it is an error.
	 */
	assert_null(db_prepare(db, "SELECT id FROM t WHERE name = \"nosuch\"",
	    err, sizeof err));
	assert_non_null(strstr(err, "nosuch"));
	db_close(db);
}

static void
add_fn(void *ctx, struct db_args *a, int argc)
{
	int	*calls = ctx;

	(*calls)++;
	assert_int_equal(argc, 3);
	if (db_arg_null(a, 2))
		db_result_text(a, db_arg_text(a, 0));
	else
		db_result_int64(a, db_arg_int64(a, 1) + (int64_t)
		    db_arg_double(a, 2));
}

static void
test_function(void **state)
{
	struct db	*db = fresh();
	struct db_stmt	*s;
	int		 calls = 0;

	(void)state;
	assert_int_equal(db_function(db, "qm_add", 3, add_fn, &calls, NULL,
	    0), 0);
	s = db_prepare(db, "SELECT qm_add('x', 2, 3.0), qm_add('y', 0, NULL)",
	    NULL, 0);
	assert_non_null(s);
	assert_int_equal(db_step(s), DB_ROW);
	assert_int_equal(db_column_int64(s, 0), 5);
	assert_string_equal(db_column_text(s, 1), "y");
	db_finalize(s);
	assert_int_equal(calls, 2);
	db_close(db);
}

/* A write transaction, seen by another connection only once committed. */
static void
test_transactions(void **state)
{
	struct db	*db = fresh(), *other;
	struct db_stmt	*s;
	int64_t		 v0 = 0, v1 = 0;
	char		 err[256];

	(void)state;
	assert_int_equal(db_open(&other, tmp_db, 0, err, sizeof err), 0);
	assert_int_equal(db_data_version(other, &v0), DB_OK);
	assert_false(db_in_transaction(db));
	assert_int_equal(db_begin(db), DB_OK);
	assert_true(db_in_transaction(db));
	assert_int_equal(db_exec(db, "INSERT INTO t (name) VALUES ('a')",
	    NULL, 0), DB_OK);
	assert_int_equal(db_exec(db, "SAVEPOINT s1; INSERT INTO t (name) "
	    "VALUES ('b'); ROLLBACK TO s1; RELEASE s1", NULL, 0), DB_OK);
	assert_int_equal(db_exec(db, "COMMIT", NULL, 0), DB_OK);
	assert_false(db_in_transaction(db));
	assert_int_equal(db_data_version(other, &v1), DB_OK);
	assert_true(v1 != v0);
	s = db_prepare(other, "SELECT group_concat(name) FROM t", NULL, 0);
	assert_int_equal(db_step(s), DB_ROW);
	assert_string_equal(db_column_text(s, 0), "a");
	db_finalize(s);
	db_close(other);
	db_close(db);
}

/*
 * db_begin_late and db_step_at_commit on SQLite (PostgreSQL's are
 * tests/cli/pg.sh's): the write lock from the start, as db_begin's, and
 * the statement run at once, seen by the transaction's next one.
 */
static void
test_late_transaction(void **state)
{
	struct db	*db = fresh(), *other;
	struct db_stmt	*s;
	char		 err[256];

	(void)state;
	setenv("QUAYMARK_BUSY_MS", "50", 1);
	assert_int_equal(db_open(&other, tmp_db, 0, err, sizeof err), 0);
	unsetenv("QUAYMARK_BUSY_MS");
	assert_int_equal(db_begin_late(db), DB_OK);
	assert_true(db_in_transaction(db));
	assert_int_equal(db_begin(other), DB_BUSY);
	s = db_prepare(db, "INSERT INTO t (name) VALUES (?)", NULL, 0);
	db_bind_text(s, 1, "late");
	assert_int_equal(db_step_at_commit(s), DB_DONE);
	db_reset(s);
	db_finalize(s);
	s = db_prepare(db, "SELECT count(*) FROM t WHERE name = 'late'", NULL,
	    0);
	assert_int_equal(db_step(s), DB_ROW);
	assert_int_equal(db_column_int64(s, 0), 1);
	db_finalize(s);
	assert_int_equal(db_exec(db, "COMMIT", NULL, 0), DB_OK);
	assert_false(db_in_transaction(db));
	db_close(other);
	db_close(db);
}

/* What open refuses, and what it opens read-only, saying why. */
static void
test_open(void **state)
{
	struct store_settings	 set;
	struct db		*db;
	int64_t			 v = -1;
	char			 err[256], other[320];

	(void)state;
	unlink(tmp_db);
	assert_int_equal(db_open(&db, tmp_db, 0, err, sizeof err), -1);
	assert_null(db);
	assert_non_null(strstr(err, "no such database"));
	assert_non_null(strstr(err, tmp_db));

	db = fresh();
	assert_int_equal(db_test_settings(db, &set), 0);
	assert_string_equal(set.journal_mode, "wal");
	assert_int_equal(set.synchronous, 2);
	assert_int_equal(set.foreign_keys, 1);
	assert_true(db_free_space(db) > 0);
	db_close(db);
	assert_int_equal(db_open(&db, tmp_db, DB_OPEN_READONLY, err,
	    sizeof err), 0);
	assert_string_equal(db_readonly_reason(db), "opened read-only");
	assert_int_equal(db_schema_version(db, &v), DB_OK);
	assert_int_equal(v, 1);
	assert_int_equal(db_exec(db, "INSERT INTO t (name) VALUES ('z')",
	    NULL, 0), DB_READONLY);
	assert_string_equal(db_errmsg(db), "database is read-only");
	db_close(db);

	/* newer than this build: refused before anything is set */
	db = fresh();
	assert_int_equal(db_set_schema_version(db, STORE_SCHEMA_VERSION + 1),
	    DB_OK);
	db_close(db);
	assert_int_equal(db_open(&db, tmp_db, 0, err, sizeof err), -1);
	assert_non_null(strstr(err, "made by a newer quaymark"));

	/* another program's SQLite file: untouched */
	tmpdir_path(other, sizeof other, tmp_dir, "other.db");
	assert_int_equal(db_open(&db, other, DB_OPEN_RAW, err, sizeof err), 0);
	assert_int_equal(db_exec(db, "CREATE TABLE x (y)", NULL, 0), DB_OK);
	db_close(db);
	assert_int_equal(db_open(&db, other, 0, err, sizeof err), -1);
	assert_non_null(strstr(err, "not quaymark's"));

	/* not SQLite at all */
	assert_int_equal(db_open(&db, "/etc/passwd", 0, err, sizeof err), -1);
	assert_non_null(strstr(err, "not a SQLite database"));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_target_is_pg),
		cmocka_unit_test(test_statements),
		cmocka_unit_test(test_numbered_params),
		cmocka_unit_test(test_upserts),
		cmocka_unit_test(test_returning_id),
		cmocka_unit_test(test_errors),
		cmocka_unit_test(test_function),
		cmocka_unit_test(test_transactions),
		cmocka_unit_test(test_late_transaction),
		cmocka_unit_test(test_open),
	};

	return cmocka_run_group_tests(tests, tmpdir_setup, tmpdir_teardown);
}
