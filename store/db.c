/*
 * db.c: which engine a target names, and every db_* call passed on to
 * the engine of its connection or statement (one indirect call: the
 * engines' own work dwarfs it; bench/store-writes measures the sum).
 */
#include <string.h>

#include "db.h"
#include "../util/util.h"

#define ENG(x)	(((const struct db_head *)(const void *)(x))->engine)

/* The engines a target may name, PostgreSQL first (db_target_is_pg). */
static const struct db_engine *
engine_for(const char *target)
{
	if (db_target_is_pg(target))
		return &db_pg_engine;
	return &db_sqlite_engine;
}

/*
 * libpq's two spellings: a URI, or a keyword=value string. A path that
 * merely contains "dbname=" is still a path: the keyword must start
 * the string or follow a space.
 */
int
db_target_is_pg(const char *t)
{
	static const char *const uri[] = { "postgresql://", "postgres://" };
	static const char *const kw[] = { "service=", "host=", "dbname=",
	    "user=", "port=" };
	const char	*p;
	size_t		 i, n;

	for (i = 0; i < QM_NELEM(uri); i++)
		if (strncmp(t, uri[i], strlen(uri[i])) == 0)
			return 1;
	for (i = 0; i < QM_NELEM(kw); i++) {
		n = strlen(kw[i]);
		for (p = t; (p = strstr(p, kw[i])) != NULL; p += n)
			if (p == t || p[-1] == ' ')
				return 1;
	}
	return 0;
}

int
db_open(struct db **out, const char *target, int flags, char *err,
    size_t errlen)
{
	const struct db_engine	*e = engine_for(target);

	*out = NULL;
	if (e->open(out, target, flags, err, errlen) != 0) {
		*out = NULL;
		return -1;
	}
	return 0;
}

void
db_close(struct db *db)
{
	if (db != NULL)
		ENG(db)->close(db);
}

enum db_kind
db_kind(const struct db *db)
{
	return ENG(db)->kind;
}

const char *
db_readonly_reason(const struct db *db)
{
	return ENG(db)->readonly_reason(db);
}

int
db_exec(struct db *db, const char *sql, char *err, size_t errlen)
{
	return ENG(db)->exec(db, sql, err, errlen);
}

struct db_stmt *
db_prepare(struct db *db, const char *sql, char *err, size_t errlen)
{
	return ENG(db)->prepare(db, sql, err, errlen);
}

void
db_finalize(struct db_stmt *s)
{
	if (s != NULL)
		ENG(s)->finalize(s);
}

int
db_param_count(struct db_stmt *s)
{
	return ENG(s)->param_count(s);
}

void
db_bind_int64(struct db_stmt *s, int i, int64_t v)
{
	ENG(s)->bind_int64(s, i, v);
}

void
db_bind_double(struct db_stmt *s, int i, double v)
{
	ENG(s)->bind_double(s, i, v);
}

void
db_bind_text(struct db_stmt *s, int i, const char *v)
{
	ENG(s)->bind_text(s, i, v);
}

void
db_bind_null(struct db_stmt *s, int i)
{
	ENG(s)->bind_null(s, i);
}

int
db_step(struct db_stmt *s)
{
	return ENG(s)->step(s);
}

void
db_stream(struct db_stmt *s)
{
	if (ENG(s)->stream != NULL)
		ENG(s)->stream(s);
}

void
db_reset(struct db_stmt *s)
{
	ENG(s)->reset(s);
}

int
db_column_null(struct db_stmt *s, int i)
{
	return ENG(s)->column_null(s, i);
}

int64_t
db_column_int64(struct db_stmt *s, int i)
{
	return ENG(s)->column_int64(s, i);
}

double
db_column_double(struct db_stmt *s, int i)
{
	return ENG(s)->column_double(s, i);
}

const char *
db_column_text(struct db_stmt *s, int i)
{
	return ENG(s)->column_text(s, i);
}

int
db_changes(struct db *db)
{
	return ENG(db)->changes(db);
}

int
db_errcode(struct db *db)
{
	return ENG(db)->errcode(db);
}

const char *
db_errmsg(struct db *db)
{
	return ENG(db)->errmsg(db);
}

int
db_begin(struct db *db)
{
	return ENG(db)->begin(db);
}

int
db_begin_late(struct db *db)
{
	if (ENG(db)->begin_late == NULL)
		return ENG(db)->begin(db);
	return ENG(db)->begin_late(db);
}

int
db_step_at_commit(struct db_stmt *s)
{
	if (ENG(s)->step_at_commit == NULL)
		return ENG(s)->step(s);
	return ENG(s)->step_at_commit(s);
}

int
db_in_transaction(struct db *db)
{
	return ENG(db)->in_transaction(db);
}

int
db_schema_version(struct db *db, int64_t *v)
{
	return ENG(db)->schema_version(db, v);
}

int
db_set_schema_version(struct db *db, int64_t v)
{
	return ENG(db)->set_schema_version(db, v);
}

int
db_data_version(struct db *db, int64_t *v)
{
	return ENG(db)->data_version(db, v);
}

/* Engines without a change feed: the caller polls db_data_version. */
int
db_watch(struct db *db)
{
	return ENG(db)->watch != NULL ? ENG(db)->watch(db) : -1;
}

int
db_drain(struct db *db)
{
	return ENG(db)->drain != NULL ? ENG(db)->drain(db) : 0;
}

/* A file database is never "lost": nothing to make again. */
int
db_reconnect(struct db *db)
{
	return ENG(db)->reconnect != NULL ? ENG(db)->reconnect(db) : DB_OK;
}

void
db_set_patient(struct db *db, int patient)
{
	if (ENG(db)->set_patient != NULL)
		ENG(db)->set_patient(db, patient);
}

unsigned
db_connection_gen(struct db *db)
{
	return ENG(db)->connection_gen != NULL ?
	    ENG(db)->connection_gen(db) : 0;
}

int
db_integrity_check(struct db *db, char *err, size_t errlen)
{
	if (ENG(db)->integrity_check == NULL)
		return 0;
	return ENG(db)->integrity_check(db, err, errlen);
}

double
db_free_space(struct db *db)
{
	if (ENG(db)->free_space == NULL)
		return -1;
	return ENG(db)->free_space(db);
}

int
db_test_settings(struct db *db, struct store_settings *out)
{
	if (ENG(db)->test_settings == NULL)
		return -1;
	return ENG(db)->test_settings(db, out);
}

int
db_function(struct db *db, const char *name, int nargs, db_func_fn fn,
    void *ctx, char *err, size_t errlen)
{
	if (ENG(db)->function == NULL)
		return errf(err, errlen, "%s: SQL functions in C are not "
		    "available on %s", name, ENG(db)->name);
	return ENG(db)->function(db, name, nargs, fn, ctx, err, errlen);
}
