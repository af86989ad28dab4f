/*
 * store.c: opening the database (the engine behind db.h makes it safe;
 * here the schema is brought up to date and the SQL functions the store's
 * queries use are set up), the prepared-statement cache, nested
 * transactions, and the engines' errors turned into one-line reasons.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <pwd.h>
#include <unistd.h>

#include "schema-pg.h"
#include "store-int.h"
#include "../util/util.h"

/* Turn the connection's last error into "what: reason"; returns -1. */
int
db_err(struct store *st, char *err, size_t errlen, const char *what)
{
	return errf(err, errlen, "%s: %s", what, db_errmsg(st->db));
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

/*
 * qm_sees(author): may this user see a mark by author on a blind image?
 * Only its author and supervisors may, until a supervisor reveals it.
 * Queries ask only for blind images (MARK_VISIBLE), so this runs rarely.
 */
static void
sees_fn(void *ctx, struct db_args *a, int argc)
{
	struct store	*st = ctx;
	const char	*author = db_arg_text(a, 0);

	(void)argc;
	db_result_int64(a, (author != NULL && strcmp(author, st->user) == 0) ||
	    store_is_supervisor(st));
}

/* qm_user(): who is running quaymark, for per-user rows (verdicts). */
static void
user_fn(void *ctx, struct db_args *a, int argc)
{
	struct store	*st = ctx;

	(void)argc;
	db_result_text(a, st->user);
}

/* The schema brought up to date, when this connection may write. */
static int
bring_up_to_date(struct store *st, char *err, size_t errlen)
{
	int64_t	 version = 0;

	if (db_schema_version(st->db, &version) != DB_OK)
		return db_err(st, err, errlen, st->path);
	if (version >= STORE_SCHEMA_VERSION)
		return 0;
	if (st->readonly)
		return errf(err, errlen, "%s: needs a schema upgrade (%lld to "
		    "%d), which a read-only database cannot take", st->path,
		    (long long)version, STORE_SCHEMA_VERSION);
	return schema_migrate(st, STORE_SCHEMA_VERSION, err, errlen);
}

/*
 * Open (and with STORE_CREATE, create) the database at target (a SQLite
 * path or a PostgreSQL connection: db_open), bring its schema up to date,
 * and return the handle, or NULL with a reason. What is not quaymark's,
 * or from a newer quaymark, is refused untouched. A database we may not
 * write opens read-only, with the reason kept for store_readonly_reason().
 */
struct store *
store_open(const char *path, int flags, char *err, size_t errlen)
{
	struct store	*st;
	const char	*ro;
	int		 dflags = 0;

	if (flags & STORE_CREATE)
		dflags |= DB_OPEN_CREATE;
	if (flags & STORE_READONLY)
		dflags |= DB_OPEN_READONLY;
	if (flags & STORE_BULK)
		dflags |= DB_OPEN_BULK;
	st = xcalloc(1, sizeof *st);
	st->path = xstrdup(path);
	find_user(st->user, sizeof st->user);
	if (db_open(&st->db, path, dflags, err, errlen) != 0)
		goto fail;
	/* PostgreSQL: the user is the session user the server authenticated
	 * (its rules refuse rows in anyone else's name), and messages name
	 * the target without a password it may hold */
	if (db_kind(st->db) == DB_PG) {
		char	 shown[256];

		pg_target_shown(path, shown, sizeof shown);
		free(st->path);
		st->path = xstrdup(shown);
		if (pg_session_user(st->db, st->user, sizeof st->user, err,
		    errlen) != 0)
			goto fail;
	}
	if ((ro = db_readonly_reason(st->db)) != NULL)
		store_set_readonly(st, ro);
	if (bring_up_to_date(st, err, errlen) != 0)
		goto fail;
	/* PostgreSQL's schema defines these two in SQL, from the session
	 * user; SQLite has no users, so they are C functions here. */
	if (db_kind(st->db) == DB_SQLITE &&
	    (db_function(st->db, "qm_sees", 1, sees_fn, st, err, errlen) != 0 ||
	    db_function(st->db, "qm_user", 0, user_fn, st, err, errlen) != 0))
		goto fail;
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
		db_finalize(st->cache[i].stmt);
	db_close(st->db);
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
	    db_free_space(st->db) < 1048576.0)
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
 * The connection's settings as the engine reports them, read back rather
 * than remembered (db_test_settings): a setting silently dropped is
 * invisible otherwise.
 */
int
store_test_settings(struct store *st, struct store_settings *out)
{
	return db_test_settings(st->db, out);
}

/* Changes when another connection commits: cheap to poll. */
int
store_data_version(struct store *st, int64_t *v)
{
	return db_data_version(st->db, v) == DB_OK ? 0 : -1;
}

int
store_change_fd(struct store *st)
{
	return db_watch(st->db);
}

int
store_changed(struct store *st)
{
	int64_t	 v;
	int	 r;

	if ((r = db_drain(st->db)) != 0) {
		role_forget(st);	/* perhaps a role changed */
		return r;
	}
	if (db_watch(st->db) >= 0)
		return 0;	/* a feed, and nothing came on it */
	if (db_data_version(st->db, &v) != DB_OK)
		return db_errcode(st->db) == DB_GONE ? -1 : 0;
	r = st->seen_ok && v != st->seen_version;
	if (r)
		role_forget(st);
	st->seen_version = v;
	st->seen_ok = 1;
	return r;
}

int
store_reconnect(struct store *st, char *err, size_t errlen)
{
	if (db_reconnect(st->db) != DB_OK)
		return errf(err, errlen, "%s", db_errmsg(st->db));
	return 0;
}

void
store_set_patient(struct store *st, int patient)
{
	db_set_patient(st->db, patient);
}

int
store_user_version(struct store *st)
{
	int64_t	 v = -1;

	db_schema_version(st->db, &v);
	return (int)v;
}

/*
 * A cached prepared statement for sql, reset and with bindings cleared.
 * The cache is keyed by the string literal's address: every call site
 * passes a literal, so each has one statement for the connection's life.
 */
struct db_stmt *
stmt_get(struct store *st, const char *sql, char *err, size_t errlen)
{
	struct db_stmt	*stmt;
	size_t		 i;

	for (i = 0; i < st->ncache; i++) {
		if (st->cache[i].sql == sql) {
			stmt = st->cache[i].stmt;
			db_reset(stmt);
			return stmt;
		}
	}
	if ((stmt = db_prepare(st->db, sql, NULL, 0)) == NULL) {
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
step_done(struct store *st, struct db_stmt *stmt, char *err, size_t errlen,
    const char *what)
{
	int	 rc;

	rc = db_step(stmt);
	db_reset(stmt);
	if (rc != DB_DONE && rc != DB_ROW)
		return db_err(st, err, errlen, what);
	return 0;
}

/*
 * Step an INSERT ... RETURNING id: the new row's id into *id (0 when the
 * statement inserted nothing, as ON CONFLICT DO NOTHING may); -1 with a
 * reason on failure.
 */
int
step_id(struct store *st, struct db_stmt *stmt, int64_t *id, char *err,
    size_t errlen, const char *what)
{
	int	 rc;

	*id = 0;
	if ((rc = db_step(stmt)) == DB_ROW) {
		*id = db_column_int64(stmt, 0);
		rc = db_step(stmt);
	}
	db_reset(stmt);
	if (rc != DB_DONE)
		return db_err(st, err, errlen, what);
	return 0;
}

/*
 * A filter's date range as parameters i (from) and i + 1 (to), ISO text
 * as the image table keeps it; an open end stays NULL.
 */
void
bind_date_range(struct db_stmt *stmt, int i, const struct store_filter *f)
{
	char	 iso[DATE_ISO_LEN];

	if (f == NULL)
		return;
	if (f->has_from) {
		date_format(f->from, iso);
		db_bind_text(stmt, i, iso);
	}
	if (f->has_to) {
		date_format(f->to, iso);
		db_bind_text(stmt, i + 1, iso);
	}
}

/* A copy of a text column (NULL stays NULL), owned by the caller. */
char *
col_strdup(struct db_stmt *stmt, int i)
{
	const char	*s;

	if (db_column_null(stmt, i))
		return NULL;
	s = db_column_text(stmt, i);
	return xstrdup(s == NULL ? "" : s);
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
rows_fill(struct db_stmt *stmt, size_t size, size_t first, row_fill_fn fill,
    void *arg, size_t *n, int *failed)
{
	unsigned char	*v = NULL;
	size_t		 len = 0, cap = 0;
	int		 rc;

	while ((rc = db_step(stmt)) == DB_ROW) {
		if (len == cap) {
			cap = cap ? cap * 2 : first;
			v = xreallocarray(v, cap, size);
		}
		memset(v + len * size, 0, size);
		if (fill(stmt, v + len * size, arg) == 0)
			len++;
	}
	db_reset(stmt);
	*failed = rc != DB_DONE;
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
static int
tx_start(struct store *st, int late, char *err, size_t errlen)
{
	char	 sql[64];

	if (st->depth == 0) {
		if ((late ? db_begin_late(st->db) : db_begin(st->db)) != DB_OK)
			return db_err(st, err, errlen, st->path);
	} else {
		snprintf(sql, sizeof sql, "SAVEPOINT s%d", st->depth);
		if (db_exec(st->db, sql, NULL, 0) != DB_OK)
			return db_err(st, err, errlen, st->path);
	}
	st->depth++;
	return 0;
}

int
tx_begin(struct store *st, char *err, size_t errlen)
{
	return tx_start(st, 0, err, errlen);
}

/*
 * A change that guards its own writes (see db_begin_late): on
 * PostgreSQL, writers then take turns only for its audit row and commit.
 */
int
tx_begin_late(struct store *st, char *err, size_t errlen)
{
	return tx_start(st, 1, err, errlen);
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
		if (db_exec(st->db, sql, NULL, 0) != DB_OK) {
			if (ok)
				return db_err(st, err, errlen, st->path);
		}
		return ok ? 0 : -1;
	}
	if (!ok) {
		db_exec(st->db, "ROLLBACK", NULL, 0);
		role_forget(st);	/* refused by the server, perhaps */
		return -1;
	}
	if (db_exec(st->db, "COMMIT", NULL, 0) != DB_OK) {
		db_err(st, err, errlen, st->path);
		role_forget(st);
		if (db_in_transaction(st->db))
			db_exec(st->db, "ROLLBACK", NULL, 0);
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
	return db_integrity_check(st->db, err, errlen);
}

/* A setting's value into out; -1 when unset (err says so). */
int
store_setting_get(struct store *st, const char *key, char *out, size_t len)
{
	static const char sql[] = "SELECT value FROM setting WHERE key = ?";
	struct db_stmt	*stmt;
	const char	*v;
	int		 rc = -1;

	if ((stmt = stmt_get(st, sql, NULL, 0)) == NULL)
		return -1;
	db_bind_text(stmt, 1, key);
	if (db_step(stmt) == DB_ROW) {
		v = db_column_text(stmt, 0);
		snprintf(out, len, "%s", v ? v : "");
		rc = 0;
	}
	db_reset(stmt);
	return rc;
}

int
store_setting_set(struct store *st, const char *key, const char *value,
    char *err, size_t errlen)
{
	static const char sql[] = "INSERT INTO setting(key, value) "
	    "VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value";
	struct db_stmt	*stmt;

	if ((stmt = stmt_get(st, sql, err, errlen)) == NULL)
		return -1;
	db_bind_text(stmt, 1, key);
	db_bind_text(stmt, 2, value);
	return step_done(st, stmt, err, errlen, "setting");
}
