/*
 * db.h: the database engines behind the store, seen through one small API
 * (issue 17). store/ code speaks only this; store/db-sqlite.c is the only
 * file that includes <sqlite3.h>, store/db-pg.c and db-pg-copy.c the only
 * ones that include <libpq-fe.h>. Nothing outside store/ sees it: store.h
 * stays the public face. The SQL both engines run is one dialect, written
 * down in /work/notes/DB-API.md and in the comment at the end of this
 * file.
 */
#ifndef QM_DB_H
#define QM_DB_H

#include <stddef.h>
#include <stdint.h>

struct store_settings;

/* What a call or a step ended with. */
enum db_code {
	DB_OK = 0,
	DB_ROW,		/* db_step: a row is ready */
	DB_DONE,	/* db_step: no more rows */
	DB_BUSY,	/* the write lock stayed taken past the wait */
	DB_CONSTRAINT,	/* a UNIQUE, CHECK, foreign key or trigger said no */
	DB_READONLY,
	DB_FULL,	/* disk (or quota) full */
	DB_CORRUPT,
	DB_IO,
	DB_PERM,
	DB_GONE,	/* the connection was lost (PostgreSQL) */
	DB_ERROR	/* anything else: see db_errmsg */
};

enum db_kind {
	DB_SQLITE,
	DB_PG
};

/* db_open flags. */
#define DB_OPEN_CREATE	 0x1	/* make it when it does not exist */
#define DB_OPEN_READONLY 0x2	/* never write */
#define DB_OPEN_BULK	 0x4	/* relaxed durability for bulk loads */
#define DB_OPEN_RAW	 0x8	/* tests only: no checks, no settings */

struct db;		/* one connection */
struct db_stmt;		/* one prepared statement, owned by its caller */
struct db_args;		/* a C SQL function's arguments (db_function) */

/* db.c: the calls, each dispatched to the connection's engine. */

/*
 * Open target: PostgreSQL when it is a libpq URI (postgresql://,
 * postgres://) or connection string (service=, host=, dbname=), else a
 * SQLite file. On success *out is the connection; on failure -1, *out
 * NULL, and err says why in one line naming target. The engine refuses,
 * untouched, what is not quaymark's and a schema newer than
 * STORE_SCHEMA_VERSION; what it may only read it opens read-only and
 * says why in db_readonly_reason().
 */
int		 db_open(struct db **, const char *target, int flags,
		     char *err, size_t errlen);
void		 db_close(struct db *);
enum db_kind	 db_kind(const struct db *);
/* Is target a PostgreSQL connection string or URI? */
int		 db_target_is_pg(const char *);
/* Why this connection is read-only, or NULL when it may write. */
const char	*db_readonly_reason(const struct db *);

/*
 * Statements. db_exec runs one or more statements without parameters;
 * it and db_prepare return DB_OK / NULL on failure, with the engine's
 * reason in err when err is not NULL (and in db_errmsg either way).
 * A prepared statement belongs to its caller until db_finalize, which
 * must come before db_close. Parameter indexes are 1-based, column
 * indexes 0-based.
 */
int		 db_exec(struct db *, const char *sql, char *err,
		     size_t errlen);
struct db_stmt	*db_prepare(struct db *, const char *sql, char *err,
		     size_t errlen);
void		 db_finalize(struct db_stmt *);
int		 db_param_count(struct db_stmt *);
void		 db_bind_int64(struct db_stmt *, int, int64_t);
void		 db_bind_double(struct db_stmt *, int, double);
/* db_bind_text(s, i, NULL) binds SQL NULL. */
void		 db_bind_text(struct db_stmt *, int, const char *);
void		 db_bind_null(struct db_stmt *, int);
/* DB_ROW, DB_DONE or an error code (then see db_errmsg). */
int		 db_step(struct db_stmt *);
/*
 * Read stmt's rows as they come, from its next run on: for a read of
 * many rows, front to back (a report's million sightings). Stepping,
 * the columns and errors are as without it, but the engine may hold
 * only the current row instead of the whole answer (PostgreSQL: COPY
 * ... TO STDOUT, the server making rows while the caller consumes them;
 * a failure midway comes from db_step). Until the last row or db_reset,
 * the connection runs nothing else; db_reset before the end stops the
 * read. SQLite: nothing to change, its rows are made as they are
 * stepped.
 */
void		 db_stream(struct db_stmt *);
/* Back to the start, bindings cleared; ends a read (releases locks). */
void		 db_reset(struct db_stmt *);
int		 db_column_null(struct db_stmt *, int);
int64_t		 db_column_int64(struct db_stmt *, int);
double		 db_column_double(struct db_stmt *, int);
/* Valid until the next step or reset; NULL for SQL NULL. */
const char	*db_column_text(struct db_stmt *, int);

/* Rows changed by the last INSERT, UPDATE or DELETE. */
int		 db_changes(struct db *);
/* The last failure: its code, and a one-line reason for a person. */
int		 db_errcode(struct db *);
const char	*db_errmsg(struct db *);

/*
 * Transactions: db_begin starts a write transaction that holds the
 * write lock from its start to commit (SQLite BEGIN IMMEDIATE: writers
 * queue on the busy wait instead of failing at commit; PostgreSQL: the
 * audit chain's advisory lock, so writers take turns at its tail).
 * COMMIT, ROLLBACK and SAVEPOINTs go through db_exec: both engines take
 * the same words.
 */
int		 db_begin(struct db *);
int		 db_in_transaction(struct db *);
/*
 * A write transaction whose changes guard themselves (UPDATE ... WHERE
 * version = the version read; rows it relies on read FOR SHARE where the
 * engine has it): the engine may take its write lock late, just before
 * the statements queued by db_step_at_commit, so writers wait for each
 * other only for the audit row and the commit (PostgreSQL). SQLite:
 * db_begin.
 */
int		 db_begin_late(struct db *);
/*
 * Run a statement whose result is not wanted at the latest with the
 * coming COMMIT: PostgreSQL sends it, the chain lock and COMMIT in one
 * round trip (any other call before then sends it first, and a failure
 * of it is then that call's). DB_DONE or an error code; db_reset it
 * after, as after db_step. SQLite: db_step.
 */
int		 db_step_at_commit(struct db_stmt *);

/*
 * The schema's version (SQLite: PRAGMA user_version; PostgreSQL: its
 * version table). Setting it also stamps the database as quaymark's.
 */
int		 db_schema_version(struct db *, int64_t *);
int		 db_set_schema_version(struct db *, int64_t);
/* A number that changes when another connection commits. */
int		 db_data_version(struct db *, int64_t *);
/*
 * Others' changes, without polling (issue 17). db_watch: a descriptor
 * that becomes readable when another connection commits (PostgreSQL:
 * the connection's socket, LISTENing to the audit trigger's NOTIFY), or
 * -1 when the engine has none (SQLite: poll db_data_version instead).
 * db_drain: 1 when another connection committed since the last call
 * (or the connection was made again: what happened meanwhile is
 * unknown), 0 when not, -1 when the connection is lost. Neither waits.
 * db_reconnect: one try at a lost connection, without the engine's own
 * backoff (the caller keeps its own, and its keys working meanwhile);
 * DB_OK or DB_GONE. db_set_patient(db, 0) makes every call fail at once
 * while the server is away instead of retrying for seconds (the TUI).
 */
int		 db_watch(struct db *);
int		 db_drain(struct db *);
int		 db_reconnect(struct db *);
void		 db_set_patient(struct db *, int);
/* Moves on each time the connection is made again (0: never is). */
unsigned	 db_connection_gen(struct db *);
/* The engine's own consistency check; -1 with its finding in err. */
int		 db_integrity_check(struct db *, char *, size_t);
/* Bytes free for the database to grow into; -1 when unknown. */
double		 db_free_space(struct db *);
/* The connection's settings read back (tests); -1 when not applicable. */
int		 db_test_settings(struct db *, struct store_settings *);

/*
 * A SQL function implemented in C, called fn(ctx, args, argc) for each
 * evaluation. SQLite only (PostgreSQL defines qm_sees and qm_user in its
 * schema): -1 on other engines, and callers take another way.
 * The db_arg_* and db_result_* calls work only inside fn.
 */
typedef void	(*db_func_fn)(void *, struct db_args *, int);
int		 db_function(struct db *, const char *name, int nargs,
		     db_func_fn fn, void *ctx, char *err, size_t errlen);
int		 db_arg_null(struct db_args *, int);
int64_t		 db_arg_int64(struct db_args *, int);
double		 db_arg_double(struct db_args *, int);
const char	*db_arg_text(struct db_args *, int);
void		 db_result_int64(struct db_args *, int64_t);
void		 db_result_text(struct db_args *, const char *);

/*
 * An engine: one table of these per file (db-sqlite.c, db-pg.c). db.c
 * calls through it; an entry left NULL means "not on this engine" and
 * the call fails with DB_ERROR. Every connection or statement an engine
 * makes starts with a pointer to its engine (struct db_head), so db.c
 * can dispatch without knowing the rest.
 */
struct db_engine {
	const char	*name;
	enum db_kind	 kind;
	int		 (*open)(struct db **, const char *, int, char *,
			     size_t);
	void		 (*close)(struct db *);
	const char	*(*readonly_reason)(const struct db *);
	int		 (*exec)(struct db *, const char *, char *, size_t);
	struct db_stmt	*(*prepare)(struct db *, const char *, char *,
			     size_t);
	void		 (*finalize)(struct db_stmt *);
	int		 (*param_count)(struct db_stmt *);
	void		 (*bind_int64)(struct db_stmt *, int, int64_t);
	void		 (*bind_double)(struct db_stmt *, int, double);
	void		 (*bind_text)(struct db_stmt *, int, const char *);
	void		 (*bind_null)(struct db_stmt *, int);
	int		 (*step)(struct db_stmt *);
	void		 (*stream)(struct db_stmt *);	/* NULL: no-op */
	void		 (*reset)(struct db_stmt *);
	int		 (*column_null)(struct db_stmt *, int);
	int64_t		 (*column_int64)(struct db_stmt *, int);
	double		 (*column_double)(struct db_stmt *, int);
	const char	*(*column_text)(struct db_stmt *, int);
	int		 (*changes)(struct db *);
	int		 (*errcode)(struct db *);
	const char	*(*errmsg)(struct db *);
	int		 (*begin)(struct db *);
	int		 (*begin_late)(struct db *);		/* NULL: begin */
	int		 (*step_at_commit)(struct db_stmt *);	/* NULL: step */
	int		 (*in_transaction)(struct db *);
	int		 (*schema_version)(struct db *, int64_t *);
	int		 (*set_schema_version)(struct db *, int64_t);
	int		 (*data_version)(struct db *, int64_t *);
	int		 (*integrity_check)(struct db *, char *, size_t);
	double		 (*free_space)(struct db *);
	int		 (*test_settings)(struct db *, struct store_settings *);
	int		 (*function)(struct db *, const char *, int, db_func_fn,
			     void *, char *, size_t);
	/* others' changes and reconnecting (NULL: not on this engine) */
	int		 (*watch)(struct db *);
	int		 (*drain)(struct db *);
	int		 (*reconnect)(struct db *);
	void		 (*set_patient)(struct db *, int);
	unsigned	 (*connection_gen)(struct db *);
};

/* The first member of every engine's struct db and struct db_stmt. */
struct db_head {
	const struct db_engine *engine;
};

extern const struct db_engine db_sqlite_engine, db_pg_engine;

/*
 * The dialect both engines run (the PostgreSQL engine rewrites only the
 * placeholders):
 * - placeholders ? or ?NNN (as SQLite numbers them: ?NNN is parameter
 *   NNN, a bare ? is one more than the largest so far); no :name;
 * - new ids by INSERT ... RETURNING id, never last_insert_rowid;
 * - upserts by ON CONFLICT (cols) DO NOTHING / DO UPDATE SET
 *   x = excluded.x, never INSERT OR IGNORE / OR REPLACE;
 * - the table and the columns named user are written "user";
 * - timestamps come from C (now_iso), not strftime() or datetime();
 * - booleans are integers 0/1;
 * - no SQLite-only functions (julianday, printf, group_concat, instr,
 *   iif); substr, length, coalesce, lower, count, min, max, CASE,
 *   EXISTS, IN (SELECT ...), replace are fine;
 * - qm_sees(author) and qm_user() exist on both (SQLite: C functions
 *   registered at open; PostgreSQL: SQL functions in its schema).
 */

#endif
