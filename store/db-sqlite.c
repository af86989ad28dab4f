/*
 * db-sqlite.c: the SQLite engine behind db.h, and the only file that
 * includes <sqlite3.h>. Opening a file the one safe way lives here: a
 * file that is not SQLite, or not quaymark's, or from a newer quaymark,
 * is refused untouched; WAL, foreign keys, durability and a busy wait
 * are set on every connection; what we may only read is read read-only
 * (or as an immutable snapshot) with the reason kept. SQLite's errors
 * become one-line reasons a person can act on.
 */
#include <sys/stat.h>
#include <sys/statvfs.h>

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <sqlite3.h>

#include "db.h"
#include "store.h"
#include "../util/util.h"

#define QM_APPLICATION_ID 0x51594d4b	/* "QYMK" */

struct db {
	struct db_head	 h;
	sqlite3		*sq;
	char		*path;
	int		 readonly;
	char		 ro_reason[256];
	double		 busy_since;	/* busy_wait: when the wait began */
	double		 busy_ms;	/* and how long it may last */
	unsigned	 busy_seed;	/* and its jitter */
	char		 msg[320];	/* db_errmsg's text */
};

struct db_stmt {
	struct db_head	 h;
	sqlite3_stmt	*st;
	sqlite3		*sq;
	int		 new_id;	/* "INSERT ... RETURNING id", see below */
	int		 id_state;	/* 0 not run, 1 on the id row, 2 done */
	int64_t		 id;
	char		 id_text[24];
};

struct db_args {
	sqlite3_context	 *cx;
	sqlite3_value	**v;
};

/* A C SQL function and its context, owned by the connection. */
struct func {
	db_func_fn	 fn;
	void		*ctx;
};

/*
 * An unknown "double-quoted" name is an error, not a string: the common
 * dialect quotes the column "user", and a misquoted one would otherwise
 * compare against the word itself and quietly match nothing.
 */
static void
no_dqs(struct db *db)
{
	sqlite3_db_config(db->sq, SQLITE_DBCONFIG_DQS_DML, 0, (int *)NULL);
}

static void
set_readonly(struct db *db, const char *reason)
{
	db->readonly = 1;
	snprintf(db->ro_reason, sizeof db->ro_reason, "%s", reason);
}

static int
pragma_int(sqlite3 *sq, const char *sql, int64_t *out)
{
	sqlite3_stmt	*st;
	int		 rc;

	if (sqlite3_prepare_v2(sq, sql, -1, &st, NULL) != SQLITE_OK)
		return sqlite3_errcode(sq);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		*out = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? SQLITE_OK : rc;
}

/*
 * Wait for the write lock. SQLite's own handler sleeps up to 100 ms
 * between tries; with many writers keeping the lock busy, a process that
 * sleeps that long keeps missing its turn and can starve (8 writers on
 * 2 cores: one in 16,000 changes failed after 5 s). Shorter sleeps (0.1
 * to 12.8 ms, doubling, plus jitter so waiters do not wake together) give
 * every waiter hundreds of chances in STORE_BUSY_MS; shorter still, the
 * waiters' wake-ups eat the CPU the lock holder needs (bench/writers).
 */
static int
busy_wait(void *arg, int tries)
{
	struct db	*db = arg;
	struct timespec	 t;
	double		 ms;
	long		 us;

	clock_gettime(CLOCK_MONOTONIC, &t);
	ms = t.tv_sec * 1e3 + t.tv_nsec / 1e6;
	if (tries == 0)
		db->busy_since = ms;
	else if (ms - db->busy_since > db->busy_ms)
		return 0;
	us = 100L << (tries < 7 ? tries : 7);
	db->busy_seed = db->busy_seed * 1103515245u + 12345u;
	us += (long)((db->busy_seed >> 16) % (unsigned)us);
	t.tv_sec = 0;
	t.tv_nsec = us * 1000L;
	nanosleep(&t, NULL);
	return 1;
}

/* How long to wait for the lock: STORE_BUSY_MS, or $QUAYMARK_BUSY_MS. */
static double
busy_limit(void)
{
	const char	*e = getenv("QUAYMARK_BUSY_MS");
	char		*end;
	long		 v;

	if (e != NULL && (v = strtol(e, &end, 10)) >= 0 && *end == '\0' &&
	    v <= 3600000)
		return (double)v;
	return STORE_BUSY_MS;
}

/* Bytes free beside path (-1 when unknown). */
static double
folder_free(const char *path)
{
	struct statvfs	 sv;
	char		 dir[4096], *slash;

	snprintf(dir, sizeof dir, "%s", path);
	if ((slash = strrchr(dir, '/')) == NULL)
		snprintf(dir, sizeof dir, ".");
	else if (slash == dir)
		dir[1] = '\0';
	else
		*slash = '\0';
	if (statvfs(dir, &sv) != 0)
		return -1;
	return (double)sv.f_bavail * (double)sv.f_frsize;
}

/*
 * The connection's last extended code; an I/O error on a full disk (the
 * -shm or -wal cannot grow) is a full disk to the person reading it.
 */
static int
last_code(struct db *db)
{
	int	 code;

	code = sqlite3_extended_errcode(db->sq);
	if ((code & 0xff) == SQLITE_IOERR && (errno == ENOSPC ||
	    folder_free(db->path) < 65536))
		code = SQLITE_FULL;
	return code;
}

static int
code_of(int code)
{
	switch (code & 0xff) {
	case SQLITE_OK:
		return DB_OK;
	case SQLITE_ROW:
		return DB_ROW;
	case SQLITE_DONE:
		return DB_DONE;
	case SQLITE_FULL:
		return DB_FULL;
	case SQLITE_BUSY:
	case SQLITE_LOCKED:
		return DB_BUSY;
	case SQLITE_CONSTRAINT:
		return DB_CONSTRAINT;
	case SQLITE_READONLY:
		return DB_READONLY;
	case SQLITE_CORRUPT:
	case SQLITE_NOTADB:
		return DB_CORRUPT;
	case SQLITE_IOERR:
	case SQLITE_CANTOPEN:
		return DB_IO;
	case SQLITE_PERM:
	case SQLITE_AUTH:
		return DB_PERM;
	default:
		return DB_ERROR;
	}
}

/* What a code means to a person, or NULL: SQLite's own message then. */
static const char *
code_reason(struct db *db, int code)
{
	switch (code & 0xff) {
	case SQLITE_FULL:
		return "disk full";
	case SQLITE_BUSY:
	case SQLITE_LOCKED:
		snprintf(db->msg, sizeof db->msg, "database is locked by "
		    "another process (waited %.3g s)", db->busy_ms / 1000);
		return db->msg;
	case SQLITE_READONLY:
		return "database is read-only";
	case SQLITE_CORRUPT:
		return "database file is corrupt";
	case SQLITE_NOTADB:
		return "not a SQLite database";
	case SQLITE_IOERR:
		return "I/O error";
	case SQLITE_CANTOPEN:
		return "cannot open the database (check the folder's permissions)";
	case SQLITE_PERM:
	case SQLITE_AUTH:
		return "permission denied";
	default:
		return NULL;
	}
}

static const char *
sq_errmsg(struct db *db)
{
	const char	*r;

	if ((r = code_reason(db, last_code(db))) == NULL)
		r = sqlite3_errmsg(db->sq);
	return r;
}

static int
sq_errcode(struct db *db)
{
	return code_of(last_code(db));
}

/* "path: reason" into err; -1. */
static int
open_err(struct db *db, char *err, size_t errlen)
{
	return errf(err, errlen, "%s: %s", db->path, sq_errmsg(db));
}

static int
is_sqlite_file(const char *path, char *err, size_t errlen)
{
	char	 head[16];
	ssize_t	 n;
	int	 fd;

	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) == -1)
		return errf(err, errlen, "%s: %s", path, strerror(errno));
	n = read(fd, head, sizeof head);
	close(fd);
	if (n == 0)
		return 0;
	if (n != (ssize_t)sizeof head || memcmp(head, "SQLite format 3", 16))
		return errf(err, errlen, "%s: not a SQLite database; refusing "
		    "to touch it", path);
	return 0;
}

/* Can we make files beside path (SQLite's -wal and -shm)? */
static int
folder_writable(const char *path)
{
	char	 dir[4096], *slash;

	snprintf(dir, sizeof dir, "%s", path);
	if ((slash = strrchr(dir, '/')) == NULL)
		return access(".", W_OK | X_OK) == 0;
	if (slash == dir)
		slash[1] = '\0';
	else
		*slash = '\0';
	return access(dir, W_OK | X_OK) == 0;
}

/*
 * A WAL database we may not write, in a folder we may not write either,
 * cannot be read normally: SQLite needs to create the -shm file. When no
 * -wal file holds unmerged changes the database file is complete, and it
 * can be read as an immutable snapshot instead.
 */
static int
reopen_immutable(struct db *db)
{
	struct buf	 uri;
	struct stat	 sb;
	char		 wal[4096];
	const char	*p;

	if (xsnprintf(wal, sizeof wal, "%s-wal", db->path) != 0 ||
	    (stat(wal, &sb) == 0 && sb.st_size > 0))
		return -1;
	buf_init(&uri);
	buf_puts(&uri, "file:");
	for (p = db->path; *p != '\0'; p++) {
		if (*p == '%' || *p == '?' || *p == '#')
			buf_printf(&uri, "%%%02x", (unsigned char)*p);
		else
			buf_putc(&uri, *p);
	}
	buf_puts(&uri, "?immutable=1");
	sqlite3_close(db->sq);
	db->sq = NULL;
	if (sqlite3_open_v2(uri.data, &db->sq, SQLITE_OPEN_READONLY |
	    SQLITE_OPEN_URI | SQLITE_OPEN_NOMUTEX, NULL) != SQLITE_OK) {
		buf_free(&uri);
		return -1;
	}
	buf_free(&uri);
	sqlite3_extended_result_codes(db->sq, 1);
	no_dqs(db);
	set_readonly(db, "the database and its folder are not writable "
	    "by you (showing a snapshot)");
	return 0;
}

static int
exec(struct db *db, const char *sql, char *err, size_t errlen)
{
	if (sqlite3_exec(db->sq, sql, NULL, NULL, NULL) != SQLITE_OK)
		return open_err(db, err, errlen);
	return 0;
}

/* The SQLite connection, read-only when it must be (and saying why). */
static int
open_connection(struct db *db, int flags, int exists, char *err,
    size_t errlen)
{
	int	 oflags, rc;

	if (flags & DB_OPEN_READONLY)
		oflags = SQLITE_OPEN_READONLY;
	else {
		oflags = SQLITE_OPEN_READWRITE;
		if (flags & DB_OPEN_CREATE)
			oflags |= SQLITE_OPEN_CREATE;
		if (exists && access(db->path, W_OK) != 0) {
			oflags = SQLITE_OPEN_READONLY;
			set_readonly(db, "the database file is not writable "
			    "by you");
		}
	}
	rc = sqlite3_open_v2(db->path, &db->sq, oflags | SQLITE_OPEN_NOMUTEX,
	    NULL);
	if (rc != SQLITE_OK) {
		if (db->sq != NULL)
			open_err(db, err, errlen);
		else
			errf(err, errlen, "%s: cannot open", db->path);
		return -1;
	}
	sqlite3_extended_result_codes(db->sq, 1);
	no_dqs(db);
	db->busy_seed = (unsigned)getpid();
	db->busy_ms = busy_limit();
	sqlite3_busy_handler(db->sq, busy_wait, db);
	if (flags & DB_OPEN_READONLY)
		set_readonly(db, "opened read-only");
	else if (sqlite3_db_readonly(db->sq, "main") == 1 && !db->readonly)
		set_readonly(db, "the database file is not writable by you");
	return 0;
}

/*
 * Is it quaymark's, and a schema this build knows? *version is its
 * schema. A database that cannot be read in place is read as a snapshot.
 */
static int
check_header(struct db *db, int64_t *version, char *err, size_t errlen)
{
	int64_t	 appid = 0, tables = 0;

	if (db->readonly && pragma_int(db->sq, "PRAGMA application_id",
	    &appid) != SQLITE_OK && reopen_immutable(db) != 0)
		return open_err(db, err, errlen);
	/* A WAL database in a folder we cannot write: its -shm cannot be
	 * made, so even reading fails; read it as a snapshot. */
	if (!db->readonly && pragma_int(db->sq, "PRAGMA application_id",
	    &appid) != SQLITE_OK && !folder_writable(db->path)) {
		if (reopen_immutable(db) != 0)
			return open_err(db, err, errlen);
		set_readonly(db, "the database folder is not writable "
		    "(WAL needs it)");
	}
	if (pragma_int(db->sq, "PRAGMA application_id", &appid) != SQLITE_OK ||
	    pragma_int(db->sq, "PRAGMA user_version", version) != SQLITE_OK ||
	    pragma_int(db->sq, "SELECT count(*) FROM sqlite_master", &tables)
	    != SQLITE_OK)
		return open_err(db, err, errlen);
	if (appid != QM_APPLICATION_ID && tables > 0)
		return errf(err, errlen, "%s: a SQLite database, but not "
		    "quaymark's; refusing to touch it", db->path);
	if (*version > STORE_SCHEMA_VERSION)
		return errf(err, errlen, "%s: made by a newer quaymark (schema "
		    "%lld, this one knows up to %d); upgrade quaymark",
		    db->path, (long long)*version, STORE_SCHEMA_VERSION);
	return 0;
}

/* Foreign keys, WAL, durability. */
static int
configure(struct db *db, int flags, int64_t version, char *err,
    size_t errlen)
{
	if (exec(db, "PRAGMA foreign_keys=ON", err, errlen) != 0)
		return -1;
	if (!db->readonly) {
		if (exec(db, "PRAGMA journal_mode=WAL", err, errlen) != 0) {
			/* A folder we cannot write leaves no room for -wal;
			 * a database that needs no upgrade is still read. */
			if (version < STORE_SCHEMA_VERSION)
				return -1;
			set_readonly(db, "the database folder is not "
			    "writable (WAL needs it)");
		}
	}
	if (!db->readonly && exec(db, (flags & DB_OPEN_BULK) ?
	    "PRAGMA synchronous=NORMAL" : "PRAGMA synchronous=FULL",
	    err, errlen) != 0)
		return -1;
	return 0;
}

/* Tests' raw open: create or take the file, nothing checked or set. */
static int
open_raw(struct db *db, char *err, size_t errlen)
{
	if (sqlite3_open(db->path, &db->sq) != SQLITE_OK)
		return errf(err, errlen, "%s: cannot open", db->path);
	no_dqs(db);
	return 0;
}

static void sq_close(struct db *);

static int
sq_open(struct db **out, const char *path, int flags, char *err,
    size_t errlen)
{
	struct db	*db;
	struct stat	 sb;
	int64_t		 version = 0;
	int		 exists;

	exists = (stat(path, &sb) == 0);
	if (!(flags & DB_OPEN_RAW)) {
		if (!exists && !(flags & DB_OPEN_CREATE))
			return errf(err, errlen, "%s: no such database "
			    "(quaymark ingest, import or demo creates one; "
			    "-d chooses another)", path);
		if (exists && S_ISDIR(sb.st_mode))
			return errf(err, errlen, "%s: is a directory, not a "
			    "database", path);
		if (exists && is_sqlite_file(path, err, errlen) != 0)
			return -1;
	}
	db = xcalloc(1, sizeof *db);
	db->h.engine = &db_sqlite_engine;
	db->path = xstrdup(path);
	db->busy_ms = busy_limit();
	if ((flags & DB_OPEN_RAW) ? open_raw(db, err, errlen) != 0 :
	    (open_connection(db, flags, exists, err, errlen) != 0 ||
	    check_header(db, &version, err, errlen) != 0 ||
	    configure(db, flags, version, err, errlen) != 0)) {
		sq_close(db);
		return -1;
	}
	*out = db;
	return 0;
}

static void
sq_close(struct db *db)
{
	if (db == NULL)
		return;
	if (db->sq != NULL)
		sqlite3_close(db->sq);
	free(db->path);
	free(db);
}

static const char *
sq_readonly_reason(const struct db *db)
{
	return db->readonly ? db->ro_reason : NULL;
}

static int
sq_exec(struct db *db, const char *sql, char *err, size_t errlen)
{
	if (sqlite3_exec(db->sq, sql, NULL, NULL, NULL) == SQLITE_OK)
		return DB_OK;
	if (err != NULL)
		errf(err, errlen, "%s", sq_errmsg(db));
	return sq_errcode(db);
}

/*
 * The common dialect asks for a new row's id with INSERT ... RETURNING id.
 * SQLite (3.40) runs RETURNING through an ephemeral table on every
 * execution: 30,000 instructions an insert instead of 11,000 (measured
 * with callgrind, 200,000 inserts), +8% on the store's mark add. So a
 * statement that is an INSERT ending in " RETURNING id" is prepared
 * without that tail, and its step hands back the same single row itself
 * from sqlite3_last_insert_rowid (none when nothing was inserted, as ON
 * CONFLICT DO NOTHING may): the same answer at the old cost. Not for an
 * upsert that may UPDATE: its row's id is no last rowid, so SQLite's own
 * RETURNING answers it. The length of the SQL to prepare, and whether
 * the tail was cut, in *new_id.
 */
static int
returning_id(const char *sql, int *new_id)
{
	static const char tail[] = " RETURNING id";
	size_t	 n = strlen(sql), t = sizeof tail - 1;

	*new_id = 0;
	if (n > t && strncmp(sql, "INSERT ", 7) == 0 &&
	    strcmp(sql + n - t, tail) == 0 &&
	    strstr(sql, " DO UPDATE ") == NULL) {
		*new_id = 1;
		return (int)(n - t);
	}
	return (int)n;
}

/*
 * Persistent: the store caches its statements for the connection's
 * life, which SQLite then keeps out of its lookaside memory.
 */
static struct db_stmt *
sq_prepare(struct db *db, const char *sql, char *err, size_t errlen)
{
	struct db_stmt	*s;
	sqlite3_stmt	*st;
	int		 len, new_id;

	len = returning_id(sql, &new_id);
	if (sqlite3_prepare_v3(db->sq, sql, len, SQLITE_PREPARE_PERSISTENT,
	    &st, NULL) != SQLITE_OK) {
		if (err != NULL)
			errf(err, errlen, "%s", sq_errmsg(db));
		return NULL;
	}
	s = xcalloc(1, sizeof *s);
	s->h.engine = &db_sqlite_engine;
	s->st = st;
	s->sq = db->sq;
	s->new_id = new_id;
	return s;
}

static void
sq_finalize(struct db_stmt *s)
{
	sqlite3_finalize(s->st);
	free(s);
}

static int
sq_param_count(struct db_stmt *s)
{
	return sqlite3_bind_parameter_count(s->st);
}

static void
sq_bind_int64(struct db_stmt *s, int i, int64_t v)
{
	sqlite3_bind_int64(s->st, i, v);
}

static void
sq_bind_double(struct db_stmt *s, int i, double v)
{
	sqlite3_bind_double(s->st, i, v);
}

static void
sq_bind_text(struct db_stmt *s, int i, const char *v)
{
	if (v == NULL)
		sqlite3_bind_null(s->st, i);
	else
		sqlite3_bind_text(s->st, i, v, -1, SQLITE_TRANSIENT);
}

static void
sq_bind_null(struct db_stmt *s, int i)
{
	sqlite3_bind_null(s->st, i);
}

/* An INSERT whose RETURNING id was cut: its one row, then done. */
static int
step_new_id(struct db_stmt *s)
{
	int	 rc;

	if (s->id_state > 0) {
		s->id_state = 2;
		return DB_DONE;
	}
	if ((rc = sqlite3_step(s->st)) != SQLITE_DONE)
		return code_of(rc) == DB_OK ? DB_ERROR : code_of(rc);
	if (sqlite3_changes(s->sq) == 0) {
		s->id_state = 2;
		return DB_DONE;
	}
	s->id = sqlite3_last_insert_rowid(s->sq);
	snprintf(s->id_text, sizeof s->id_text, "%lld", (long long)s->id);
	s->id_state = 1;
	return DB_ROW;
}

static int
sq_step(struct db_stmt *s)
{
	int	 rc;

	if (s->new_id)
		return step_new_id(s);
	rc = sqlite3_step(s->st);
	if (rc == SQLITE_ROW)
		return DB_ROW;
	if (rc == SQLITE_DONE)
		return DB_DONE;
	return code_of(rc) == DB_OK ? DB_ERROR : code_of(rc);
}

static void
sq_reset(struct db_stmt *s)
{
	sqlite3_reset(s->st);
	sqlite3_clear_bindings(s->st);
	s->id_state = 0;
}

/* Is column i the id row's id (step_new_id)? */
#define ID_COLUMN(s, i)	((s)->new_id && (s)->id_state == 1 && (i) == 0)

static int
sq_column_null(struct db_stmt *s, int i)
{
	if (s->new_id)
		return !ID_COLUMN(s, i);
	return sqlite3_column_type(s->st, i) == SQLITE_NULL;
}

static int64_t
sq_column_int64(struct db_stmt *s, int i)
{
	if (s->new_id)
		return ID_COLUMN(s, i) ? s->id : 0;
	return sqlite3_column_int64(s->st, i);
}

static double
sq_column_double(struct db_stmt *s, int i)
{
	if (s->new_id)
		return ID_COLUMN(s, i) ? (double)s->id : 0;
	return sqlite3_column_double(s->st, i);
}

static const char *
sq_column_text(struct db_stmt *s, int i)
{
	if (s->new_id)
		return ID_COLUMN(s, i) ? s->id_text : NULL;
	return (const char *)sqlite3_column_text(s->st, i);
}

static int
sq_changes(struct db *db)
{
	return sqlite3_changes(db->sq);
}

/*
 * BEGIN IMMEDIATE: the write lock from the start, so writers queue on
 * the busy wait instead of failing at commit.
 */
static int
sq_begin(struct db *db)
{
	if (sqlite3_exec(db->sq, "BEGIN IMMEDIATE", NULL, NULL, NULL) ==
	    SQLITE_OK)
		return DB_OK;
	return sq_errcode(db);
}

static int
sq_in_transaction(struct db *db)
{
	return !sqlite3_get_autocommit(db->sq);
}

static int
sq_schema_version(struct db *db, int64_t *v)
{
	return pragma_int(db->sq, "PRAGMA user_version", v) == SQLITE_OK ?
	    DB_OK : sq_errcode(db);
}

static int
sq_set_schema_version(struct db *db, int64_t v)
{
	char	 sql[96];

	snprintf(sql, sizeof sql, "PRAGMA user_version = %lld; "
	    "PRAGMA application_id = %d", (long long)v, QM_APPLICATION_ID);
	return sq_exec(db, sql, NULL, 0);
}

static int
sq_data_version(struct db *db, int64_t *v)
{
	return pragma_int(db->sq, "PRAGMA data_version", v) == SQLITE_OK ?
	    DB_OK : sq_errcode(db);
}

static int
sq_integrity_check(struct db *db, char *err, size_t errlen)
{
	sqlite3_stmt	*stmt;
	const char	*r;
	int		 ok = 0;

	if (sqlite3_prepare_v2(db->sq, "PRAGMA integrity_check", -1, &stmt,
	    NULL) != SQLITE_OK)
		return open_err(db, err, errlen);
	if (sqlite3_step(stmt) == SQLITE_ROW) {
		r = (const char *)sqlite3_column_text(stmt, 0);
		ok = r != NULL && strcmp(r, "ok") == 0;
		if (!ok)
			errf(err, errlen, "%s: %s", db->path, r ? r : "?");
	} else
		open_err(db, err, errlen);
	sqlite3_finalize(stmt);
	return ok ? 0 : -1;
}

/* Room beside the file: the database, its -wal and -shm grow there. */
static double
sq_free_space(struct db *db)
{
	return folder_free(db->path);
}

/*
 * The connection's settings as SQLite reports them, read back rather than
 * remembered: tests check that every open really is WAL, synchronous=FULL
 * (2; NORMAL, 1, only for bulk loads), with foreign keys, and waits
 * busy_ms for the lock. A setting silently dropped is invisible otherwise.
 */
static int
sq_test_settings(struct db *db, struct store_settings *out)
{
	sqlite3_stmt	*stmt;
	int64_t		 v = 0;
	int		 rc = -1;

	memset(out, 0, sizeof *out);
	if (sqlite3_prepare_v2(db->sq, "PRAGMA journal_mode", -1, &stmt,
	    NULL) != SQLITE_OK)
		return -1;
	if (sqlite3_step(stmt) == SQLITE_ROW) {
		snprintf(out->journal_mode, sizeof out->journal_mode, "%s",
		    (const char *)sqlite3_column_text(stmt, 0));
		rc = 0;
	}
	sqlite3_finalize(stmt);
	if (rc != 0 || pragma_int(db->sq, "PRAGMA synchronous", &v) !=
	    SQLITE_OK)
		return -1;
	out->synchronous = (int)v;
	if (pragma_int(db->sq, "PRAGMA foreign_keys", &v) != SQLITE_OK)
		return -1;
	out->foreign_keys = (int)v;
	out->busy_ms = db->busy_ms;
	return 0;
}

static void
func_call(sqlite3_context *cx, int argc, sqlite3_value **v)
{
	struct func	*f = sqlite3_user_data(cx);
	struct db_args	 a;

	a.cx = cx;
	a.v = v;
	f->fn(f->ctx, &a, argc);
}

static int
sq_function(struct db *db, const char *name, int nargs, db_func_fn fn,
    void *ctx, char *err, size_t errlen)
{
	struct func	*f;

	f = xcalloc(1, sizeof *f);
	f->fn = fn;
	f->ctx = ctx;
	/* SQLite frees f (free) when the function goes, even on failure. */
	if (sqlite3_create_function_v2(db->sq, name, nargs, SQLITE_UTF8, f,
	    func_call, NULL, NULL, free) != SQLITE_OK)
		return errf(err, errlen, "%s: %s", name, sq_errmsg(db));
	return 0;
}

/* A C SQL function's arguments: only SQLite makes them (db_function). */
int
db_arg_null(struct db_args *a, int i)
{
	return sqlite3_value_type(a->v[i]) == SQLITE_NULL;
}

int64_t
db_arg_int64(struct db_args *a, int i)
{
	return sqlite3_value_int64(a->v[i]);
}

double
db_arg_double(struct db_args *a, int i)
{
	return sqlite3_value_double(a->v[i]);
}

const char *
db_arg_text(struct db_args *a, int i)
{
	return (const char *)sqlite3_value_text(a->v[i]);
}

void
db_result_int64(struct db_args *a, int64_t v)
{
	sqlite3_result_int64(a->cx, v);
}

void
db_result_text(struct db_args *a, const char *s)
{
	if (s == NULL)
		sqlite3_result_null(a->cx);
	else
		sqlite3_result_text(a->cx, s, -1, SQLITE_TRANSIENT);
}

const struct db_engine db_sqlite_engine = {
	.name = "SQLite",
	.kind = DB_SQLITE,
	.open = sq_open,
	.close = sq_close,
	.readonly_reason = sq_readonly_reason,
	.exec = sq_exec,
	.prepare = sq_prepare,
	.finalize = sq_finalize,
	.param_count = sq_param_count,
	.bind_int64 = sq_bind_int64,
	.bind_double = sq_bind_double,
	.bind_text = sq_bind_text,
	.bind_null = sq_bind_null,
	.step = sq_step,
	.reset = sq_reset,
	.column_null = sq_column_null,
	.column_int64 = sq_column_int64,
	.column_double = sq_column_double,
	.column_text = sq_column_text,
	.changes = sq_changes,
	.errcode = sq_errcode,
	.errmsg = sq_errmsg,
	.begin = sq_begin,
	.in_transaction = sq_in_transaction,
	.schema_version = sq_schema_version,
	.set_schema_version = sq_set_schema_version,
	.data_version = sq_data_version,
	.integrity_check = sq_integrity_check,
	.free_space = sq_free_space,
	.test_settings = sq_test_settings,
	.function = sq_function,
};
