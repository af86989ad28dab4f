/*
 * store.c: opening the database the one safe way (WAL, foreign keys, a busy
 * timeout, the schema brought up to date), the prepared-statement cache,
 * nested transactions, and SQLite errors turned into one-line reasons.
 */
#include <sys/stat.h>
#include <sys/statvfs.h>

#include <errno.h>
#include <fcntl.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "store-int.h"
#include "../util/util.h"

#define QM_APPLICATION_ID 0x51594d4b	/* "QYMK" */

static int
pragma_int(sqlite3 *db, const char *sql, int64_t *out)
{
	sqlite3_stmt	*st;
	int		 rc;

	if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK)
		return sqlite3_errcode(db);
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
	struct store	*st = arg;
	struct timespec	 t;
	double		 ms;
	long		 us;

	clock_gettime(CLOCK_MONOTONIC, &t);
	ms = t.tv_sec * 1e3 + t.tv_nsec / 1e6;
	if (tries == 0)
		st->busy_since = ms;
	else if (ms - st->busy_since > st->busy_ms)
		return 0;
	us = 100L << (tries < 7 ? tries : 7);
	st->busy_seed = st->busy_seed * 1103515245u + 12345u;
	us += (long)((st->busy_seed >> 16) % (unsigned)us);
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

static char busy_text[96];

static const char *
code_reason(int code)
{
	switch (code & 0xff) {
	case SQLITE_FULL:
		return "disk full";
	case SQLITE_BUSY:
	case SQLITE_LOCKED:
		snprintf(busy_text, sizeof busy_text, "database is locked by "
		    "another process (waited %.3g s)", busy_limit() / 1000);
		return busy_text;
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

/* Turn the connection's last error into "what: reason"; returns -1. */
int
db_err(struct store *st, char *err, size_t errlen, const char *what)
{
	const char	*reason;
	int		 code;

	code = sqlite3_extended_errcode(st->db);
	/* an I/O error on a full disk (the -shm or -wal cannot grow) is
	 * a full disk to the person reading the message */
	if ((code & 0xff) == SQLITE_IOERR && (errno == ENOSPC ||
	    folder_free(st->path) < 65536))
		code = SQLITE_FULL;
	reason = code_reason(code);
	if (reason == NULL)
		reason = sqlite3_errmsg(st->db);
	return errf(err, errlen, "%s: %s", what, reason);
}

/* The OS account running us: never an environment variable. */
static void
find_user(char *out, size_t len)
{
	struct passwd	*pw;

	if ((pw = getpwuid(geteuid())) != NULL && pw->pw_name[0] != '\0')
		snprintf(out, len, "%s", pw->pw_name);
	else
		snprintf(out, len, "uid:%ld", (long)geteuid());
}

static int
is_sqlite_file(const char *path, int *empty, char *err, size_t errlen)
{
	char	 head[16];
	ssize_t	 n;
	int	 fd;

	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) == -1)
		return errf(err, errlen, "%s: %s", path, strerror(errno));
	n = read(fd, head, sizeof head);
	close(fd);
	*empty = (n == 0);
	if (n == 0)
		return 0;
	if (n != (ssize_t)sizeof head || memcmp(head, "SQLite format 3", 16))
		return errf(err, errlen, "%s: not a SQLite database; refusing "
		    "to touch it", path);
	return 0;
}

/*
 * A WAL database we may not write, in a folder we may not write either,
 * cannot be read normally: SQLite needs to create the -shm file. When no
 * -wal file holds unmerged changes the database file is complete, and it
 * can be read as an immutable snapshot instead.
 */
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

static int
reopen_immutable(struct store *st)
{
	struct buf	 uri;
	struct stat	 sb;
	char		 wal[4096];
	const char	*p;

	if (xsnprintf(wal, sizeof wal, "%s-wal", st->path) != 0 ||
	    (stat(wal, &sb) == 0 && sb.st_size > 0))
		return -1;
	buf_init(&uri);
	buf_puts(&uri, "file:");
	for (p = st->path; *p != '\0'; p++) {
		if (*p == '%' || *p == '?' || *p == '#')
			buf_printf(&uri, "%%%02x", (unsigned char)*p);
		else
			buf_putc(&uri, *p);
	}
	buf_puts(&uri, "?immutable=1");
	sqlite3_close(st->db);
	st->db = NULL;
	if (sqlite3_open_v2(uri.data, &st->db, SQLITE_OPEN_READONLY |
	    SQLITE_OPEN_URI | SQLITE_OPEN_NOMUTEX, NULL) != SQLITE_OK) {
		buf_free(&uri);
		return -1;
	}
	buf_free(&uri);
	sqlite3_extended_result_codes(st->db, 1);
	store_set_readonly(st, "the database and its folder are not writable "
	    "by you (showing a snapshot)");
	return 0;
}

static int
exec(struct store *st, const char *sql, char *err, size_t errlen)
{
	if (sqlite3_exec(st->db, sql, NULL, NULL, NULL) != SQLITE_OK)
		return db_err(st, err, errlen, st->path);
	return 0;
}

/*
 * qm_sees(author): may this user see a mark by author on a blind image?
 * Only its author and supervisors may, until a supervisor reveals it.
 * Queries ask only for blind images (MARK_VISIBLE), so this runs rarely.
 */
static void
sees_fn(sqlite3_context *ctx, int argc, sqlite3_value **v)
{
	struct store	*st = sqlite3_user_data(ctx);
	const char	*author = (const char *)sqlite3_value_text(v[0]);

	(void)argc;
	sqlite3_result_int(ctx, (author != NULL && strcmp(author, st->user)
	    == 0) || store_is_supervisor(st));
}

/* qm_user(): who is running quaymark, for per-user rows (verdicts). */
static void
user_fn(sqlite3_context *ctx, int argc, sqlite3_value **v)
{
	struct store	*st = sqlite3_user_data(ctx);

	(void)argc;
	(void)v;
	sqlite3_result_text(ctx, st->user, -1, SQLITE_TRANSIENT);
}

/* The SQLite connection, read-only when it must be (and saying why). */
static int
open_connection(struct store *st, const char *path, int flags, int exists,
    char *err, size_t errlen)
{
	int	 oflags, rc;

	if (flags & STORE_READONLY)
		oflags = SQLITE_OPEN_READONLY;
	else {
		oflags = SQLITE_OPEN_READWRITE;
		if (flags & STORE_CREATE)
			oflags |= SQLITE_OPEN_CREATE;
		if (exists && access(path, W_OK) != 0) {
			oflags = SQLITE_OPEN_READONLY;
			store_set_readonly(st, "the database file is not "
			    "writable by you");
		}
	}
	rc = sqlite3_open_v2(path, &st->db, oflags | SQLITE_OPEN_NOMUTEX,
	    NULL);
	if (rc != SQLITE_OK) {
		if (st->db != NULL)
			db_err(st, err, errlen, path);
		else
			errf(err, errlen, "%s: cannot open", path);
		return -1;
	}
	sqlite3_extended_result_codes(st->db, 1);
	st->busy_seed = (unsigned)getpid();
	st->busy_ms = busy_limit();
	sqlite3_busy_handler(st->db, busy_wait, st);
	if (flags & STORE_READONLY)
		store_set_readonly(st, "opened read-only");
	else if (sqlite3_db_readonly(st->db, "main") == 1 && !st->readonly)
		store_set_readonly(st, "the database file is not writable by "
		    "you");
	return 0;
}

/*
 * Is it quaymark's, and a schema this build knows? *version is its
 * schema. A database that cannot be read in place is read as a snapshot.
 */
static int
check_header(struct store *st, const char *path, int64_t *version,
    char *err, size_t errlen)
{
	int64_t	 appid = 0, tables = 0;

	if (st->readonly && pragma_int(st->db, "PRAGMA application_id",
	    &appid) != SQLITE_OK && reopen_immutable(st) != 0)
		return db_err(st, err, errlen, path);
	/* A WAL database in a folder we cannot write: its -shm cannot be
	 * made, so even reading fails; read it as a snapshot. */
	if (!st->readonly && pragma_int(st->db, "PRAGMA application_id",
	    &appid) != SQLITE_OK && !folder_writable(path)) {
		if (reopen_immutable(st) != 0)
			return db_err(st, err, errlen, path);
		store_set_readonly(st, "the database folder is not writable "
		    "(WAL needs it)");
	}
	if (pragma_int(st->db, "PRAGMA application_id", &appid) != SQLITE_OK ||
	    pragma_int(st->db, "PRAGMA user_version", version) != SQLITE_OK ||
	    pragma_int(st->db, "SELECT count(*) FROM sqlite_master", &tables)
	    != SQLITE_OK)
		return db_err(st, err, errlen, path);
	if (appid != QM_APPLICATION_ID && tables > 0)
		return errf(err, errlen, "%s: a SQLite database, but not "
		    "quaymark's; refusing to touch it", path);
	if (*version > STORE_SCHEMA_VERSION)
		return errf(err, errlen, "%s: made by a newer quaymark (schema "
		    "%lld, this one knows up to %d); upgrade quaymark", path,
		    (long long)*version, STORE_SCHEMA_VERSION);
	return 0;
}

/* Foreign keys, WAL, durability, the schema brought up to date. */
static int
configure(struct store *st, const char *path, int flags, int64_t version,
    char *err, size_t errlen)
{
	if (exec(st, "PRAGMA foreign_keys=ON", err, errlen) != 0)
		return -1;
	if (!st->readonly) {
		if (exec(st, "PRAGMA journal_mode=WAL", err, errlen) != 0) {
			/* A folder we cannot write leaves no room for -wal. */
			if (version < STORE_SCHEMA_VERSION)
				return -1;
			store_set_readonly(st, "the database folder is not "
			    "writable (WAL needs it)");
		}
	}
	if (!st->readonly && exec(st, (flags & STORE_BULK) ?
	    "PRAGMA synchronous=NORMAL" : "PRAGMA synchronous=FULL",
	    err, errlen) != 0)
		return -1;
	if (version < STORE_SCHEMA_VERSION) {
		if (st->readonly)
			return errf(err, errlen, "%s: needs a schema upgrade "
			    "(%lld to %d), which a read-only database cannot "
			    "take", path, (long long)version,
			    STORE_SCHEMA_VERSION);
		if (schema_migrate(st, STORE_SCHEMA_VERSION, err, errlen) != 0)
			return -1;
	}
	return 0;
}

/*
 * Open (and with STORE_CREATE, create) the database at path, bring its
 * schema up to date, and return the handle, or NULL with a reason. A file
 * that is not SQLite, or not quaymark's, or from a newer quaymark, is
 * refused untouched. A file we may not write opens read-only, with the
 * reason kept for store_readonly_reason().
 */
struct store *store_open(const char *path, int flags, char *err, size_t errlen)
{
	struct store	*st;
	struct stat	 sb;
	int64_t		 version = 0;
	int		 empty = 1, exists;

	exists = (stat(path, &sb) == 0);
	if (!exists && !(flags & STORE_CREATE)) {
		errf(err, errlen, "%s: no such database (quaymark ingest, "
		    "import or demo creates one; -d chooses another)", path);
		return NULL;
	}
	if (exists && S_ISDIR(sb.st_mode)) {
		errf(err, errlen, "%s: is a directory, not a database", path);
		return NULL;
	}
	if (exists && is_sqlite_file(path, &empty, err, errlen) != 0)
		return NULL;

	st = xcalloc(1, sizeof *st);
	st->path = xstrdup(path);
	st->role = -1;
	find_user(st->user, sizeof st->user);
	if (open_connection(st, path, flags, exists, err, errlen) != 0 ||
	    check_header(st, path, &version, err, errlen) != 0 ||
	    configure(st, path, flags, version, err, errlen) != 0)
		goto fail;
	if (sqlite3_create_function(st->db, "qm_sees", 1, SQLITE_UTF8, st,
	    sees_fn, NULL, NULL) != SQLITE_OK ||
	    sqlite3_create_function(st->db, "qm_user", 0, SQLITE_UTF8, st,
	    user_fn, NULL, NULL) != SQLITE_OK) {
		db_err(st, err, errlen, path);
		goto fail;
	}
	(void)empty;
	return st;

fail:
	store_close(st);
	return NULL;
}

void
store_close(struct store *st)
{
	size_t	 i;

	if (st == NULL)
		return;
	for (i = 0; i < st->ncache; i++)
		sqlite3_finalize(st->cache[i].stmt);
	if (st->db != NULL)
		sqlite3_close(st->db);
	free(st->path);
	free(st);
}

const char *
store_path(const struct store *st)
{
	return st->path;
}

const char *
store_user(const struct store *st)
{
	return st->user;
}

int
store_readonly(const struct store *st)
{
	return st->readonly;
}

const char *
store_readonly_reason(const struct store *st)
{
	return st->readonly ? st->ro_reason : "";
}

/* From now on refuse writes with this reason (a full disk, say). */
void
store_set_readonly(struct store *st, const char *reason)
{
	st->readonly = 1;
	snprintf(st->ro_reason, sizeof st->ro_reason, "%s", reason);
}

/*
 * After a full disk: is there room again (1 MB free beside the
 * database)? Then writing resumes; 1 if it did.
 */
int
store_space_returned(struct store *st)
{
	if (!st->readonly || strncmp(st->ro_reason, "disk full", 9) != 0 ||
	    folder_free(st->path) < 1048576.0)
		return 0;
	st->readonly = 0;
	st->ro_reason[0] = '\0';
	return 1;
}

/*
 * Act as another account. Only unit tests and fuzzers call this, to test
 * roles inside one process; nothing a user controls reaches it.
 */
void
store_test_set_user(struct store *st, const char *name)
{
	snprintf(st->user, sizeof st->user, "%s", name);
}

/*
 * The connection's settings as SQLite reports them, read back rather than
 * remembered: tests check that every open really is WAL, synchronous=FULL
 * (2; NORMAL, 1, only for STORE_BULK), with foreign keys, and waits
 * busy_ms for the lock. A setting silently dropped is invisible otherwise.
 */
int
store_test_settings(struct store *st, struct store_settings *out)
{
	sqlite3_stmt	*stmt;
	int64_t		 v = 0;
	int		 rc = -1;

	memset(out, 0, sizeof *out);
	if (sqlite3_prepare_v2(st->db, "PRAGMA journal_mode", -1, &stmt,
	    NULL) != SQLITE_OK)
		return -1;
	if (sqlite3_step(stmt) == SQLITE_ROW) {
		snprintf(out->journal_mode, sizeof out->journal_mode, "%s",
		    (const char *)sqlite3_column_text(stmt, 0));
		rc = 0;
	}
	sqlite3_finalize(stmt);
	if (rc != 0 || pragma_int(st->db, "PRAGMA synchronous", &v) !=
	    SQLITE_OK)
		return -1;
	out->synchronous = (int)v;
	if (pragma_int(st->db, "PRAGMA foreign_keys", &v) != SQLITE_OK)
		return -1;
	out->foreign_keys = (int)v;
	out->busy_ms = st->busy_ms;
	return 0;
}

/* Changes when another connection commits: cheap to poll. */
int
store_data_version(struct store *st, int64_t *v)
{
	return pragma_int(st->db, "PRAGMA data_version", v) == SQLITE_OK ?
	    0 : -1;
}

int
store_user_version(struct store *st)
{
	int64_t	 v = -1;

	pragma_int(st->db, "PRAGMA user_version", &v);
	return (int)v;
}

/*
 * A cached prepared statement for sql, reset and with bindings cleared.
 * The cache is keyed by the string literal's address: every call site
 * passes a literal, so each has one statement for the connection's life.
 */
sqlite3_stmt *
stmt_get(struct store *st, const char *sql, char *err, size_t errlen)
{
	sqlite3_stmt	*stmt;
	size_t		 i;

	for (i = 0; i < st->ncache; i++) {
		if (st->cache[i].sql == sql) {
			stmt = st->cache[i].stmt;
			sqlite3_reset(stmt);
			sqlite3_clear_bindings(stmt);
			return stmt;
		}
	}
	if (sqlite3_prepare_v3(st->db, sql, -1, SQLITE_PREPARE_PERSISTENT,
	    &stmt, NULL) != SQLITE_OK) {
		db_err(st, err, errlen, "prepare");
		return NULL;
	}
	if (st->ncache < STORE_STMT_CACHE) {
		st->cache[st->ncache].sql = sql;
		st->cache[st->ncache].stmt = stmt;
		st->ncache++;
	}
	/* A full cache would leak; it is sized above the call sites. */
	return stmt;
}

/* Step a statement that returns no rows; -1 with a reason on failure. */
int
step_done(struct store *st, sqlite3_stmt *stmt, char *err, size_t errlen,
    const char *what)
{
	int	 rc;

	rc = sqlite3_step(stmt);
	sqlite3_reset(stmt);
	if (rc != SQLITE_DONE && rc != SQLITE_ROW)
		return db_err(st, err, errlen, what);
	return 0;
}

void
bind_text(sqlite3_stmt *stmt, int i, const char *s)
{
	if (s == NULL)
		sqlite3_bind_null(stmt, i);
	else
		sqlite3_bind_text(stmt, i, s, -1, SQLITE_TRANSIENT);
}

/*
 * A filter's date range as parameters i (from) and i + 1 (to), ISO text
 * as the image table keeps it; an open end stays NULL.
 */
void
bind_date_range(sqlite3_stmt *stmt, int i, const struct store_filter *f)
{
	char	 iso[DATE_ISO_LEN];

	if (f == NULL)
		return;
	if (f->has_from) {
		date_format(f->from, iso);
		bind_text(stmt, i, iso);
	}
	if (f->has_to) {
		date_format(f->to, iso);
		bind_text(stmt, i + 1, iso);
	}
}

/* A copy of a text column (NULL stays NULL), owned by the caller. */
char *
col_strdup(sqlite3_stmt *stmt, int i)
{
	const unsigned char	*s;

	if (sqlite3_column_type(stmt, i) == SQLITE_NULL)
		return NULL;
	s = sqlite3_column_text(stmt, i);
	return xstrdup(s == NULL ? "" : (const char *)s);
}

/*
 * The loop every listing shares: step stmt to its end, one element of
 * size bytes a row (zeroed, then made by fill(stmt, elem, arg); fill
 * returns 1 to leave a row out, before it allocates anything). Returns
 * the array, owned by the caller (NULL when there are no rows), with its
 * length in *n. When a step fails, *failed is set and the caller frees
 * the *n elements made, then reports db_err. stmt is reset either way.
 */
void *
rows_fill(sqlite3_stmt *stmt, size_t size, size_t first, row_fill_fn fill,
    void *arg, size_t *n, int *failed)
{
	unsigned char	*v = NULL;
	size_t		 len = 0, cap = 0;
	int		 rc;

	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		if (len == cap) {
			cap = cap ? cap * 2 : first;
			v = xreallocarray(v, cap, size);
		}
		memset(v + len * size, 0, size);
		if (fill(stmt, v + len * size, arg) == 0)
			len++;
	}
	sqlite3_reset(stmt);
	*failed = rc != SQLITE_DONE;
	*n = len;
	return v;
}

void
now_iso(char *out, size_t len)
{
	date_now_iso_ms(out, len);
}

/*
 * Transactions nest: the outermost is BEGIN IMMEDIATE (so writers queue on
 * the busy timeout instead of failing at commit), inner ones are
 * savepoints, so a failed step inside a batch undoes only itself.
 */
int
tx_begin(struct store *st, char *err, size_t errlen)
{
	char	 sql[64];

	if (st->depth == 0) {
		if (sqlite3_exec(st->db, "BEGIN IMMEDIATE", NULL, NULL, NULL)
		    != SQLITE_OK)
			return db_err(st, err, errlen, st->path);
	} else {
		snprintf(sql, sizeof sql, "SAVEPOINT s%d", st->depth);
		if (sqlite3_exec(st->db, sql, NULL, NULL, NULL) != SQLITE_OK)
			return db_err(st, err, errlen, st->path);
	}
	st->depth++;
	return 0;
}

/* Finish the innermost transaction: commit if ok, else undo it. */
int
tx_end(struct store *st, int ok, char *err, size_t errlen)
{
	char	 sql[96];

	if (st->depth <= 0)
		return ok ? 0 : -1;
	st->depth--;
	if (st->depth > 0) {
		if (ok)
			snprintf(sql, sizeof sql, "RELEASE s%d", st->depth);
		else
			snprintf(sql, sizeof sql, "ROLLBACK TO s%d; RELEASE s%d",
			    st->depth, st->depth);
		if (sqlite3_exec(st->db, sql, NULL, NULL, NULL) != SQLITE_OK) {
			if (ok)
				return db_err(st, err, errlen, st->path);
		}
		return ok ? 0 : -1;
	}
	if (!ok) {
		sqlite3_exec(st->db, "ROLLBACK", NULL, NULL, NULL);
		return -1;
	}
	if (sqlite3_exec(st->db, "COMMIT", NULL, NULL, NULL) != SQLITE_OK) {
		db_err(st, err, errlen, st->path);
		if (!sqlite3_get_autocommit(st->db))
			sqlite3_exec(st->db, "ROLLBACK", NULL, NULL, NULL);
		return -1;
	}
	return 0;
}

int
store_begin(struct store *st, char *err, size_t errlen)
{
	if (check_writable(st, err, errlen) != 0)
		return -1;
	return tx_begin(st, err, errlen);
}

int
store_commit(struct store *st, char *err, size_t errlen)
{
	return tx_end(st, 1, err, errlen);
}

void
store_rollback(struct store *st)
{
	tx_end(st, 0, NULL, 0);
}

/* Writes refused early with the reason, before any lock is taken. */
int
check_writable(struct store *st, char *err, size_t errlen)
{
	if (st->readonly)
		return errf(err, errlen, "read-only: %s", st->ro_reason);
	return store_may_write(st, err, errlen);
}

int
store_integrity_check(struct store *st, char *err, size_t errlen)
{
	sqlite3_stmt	*stmt;
	const char	*r;
	int		 ok = 0;

	if (sqlite3_prepare_v2(st->db, "PRAGMA integrity_check", -1, &stmt,
	    NULL) != SQLITE_OK)
		return db_err(st, err, errlen, st->path);
	if (sqlite3_step(stmt) == SQLITE_ROW) {
		r = (const char *)sqlite3_column_text(stmt, 0);
		ok = r != NULL && strcmp(r, "ok") == 0;
		if (!ok)
			errf(err, errlen, "%s: %s", st->path, r ? r : "?");
	} else
		db_err(st, err, errlen, st->path);
	sqlite3_finalize(stmt);
	return ok ? 0 : -1;
}

/* A setting's value into out; -1 when unset (err says so). */
int
store_setting_get(struct store *st, const char *key, char *out, size_t len)
{
	static const char sql[] = "SELECT value FROM setting WHERE key = ?";
	sqlite3_stmt	*stmt;
	const char	*v;
	int		 rc = -1;

	if ((stmt = stmt_get(st, sql, NULL, 0)) == NULL)
		return -1;
	bind_text(stmt, 1, key);
	if (sqlite3_step(stmt) == SQLITE_ROW) {
		v = (const char *)sqlite3_column_text(stmt, 0);
		snprintf(out, len, "%s", v ? v : "");
		rc = 0;
	}
	sqlite3_reset(stmt);
	return rc;
}

int
store_setting_set(struct store *st, const char *key, const char *value,
    char *err, size_t errlen)
{
	static const char sql[] = "INSERT INTO setting(key, value) "
	    "VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value";
	sqlite3_stmt	*stmt;

	if ((stmt = stmt_get(st, sql, err, errlen)) == NULL)
		return -1;
	bind_text(stmt, 1, key);
	bind_text(stmt, 2, value);
	return step_done(st, stmt, err, errlen, "setting");
}
