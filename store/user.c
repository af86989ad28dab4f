/*
 * user.c: roles. Users are operating-system accounts; the account that
 * created the database is its first supervisor. Supervisors manage users
 * and review; analysts mark; accounts with no role may only view, unless
 * the database's policy is open. (Who may write the file at all is up to
 * its permissions: see the man page's threat model.)
 */
#include <ctype.h>
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "store-int.h"
#include "../util/util.h"

static const char *const role_names[] = { "none", "analyst", "supervisor" };

const char *
role_name(int r)
{
	return r >= 0 && r <= ROLE_SUPERVISOR ? role_names[r] : "?";
}

int
role_parse(const char *s)
{
	if (strcmp(s, "analyst") == 0)
		return ROLE_ANALYST;
	if (strcmp(s, "supervisor") == 0)
		return ROLE_SUPERVISOR;
	return -1;
}

int
store_user_role(struct store *st, const char *name, int *role, char *err,
    size_t errlen)
{
	static const char sql[] = "SELECT role FROM \"user\" WHERE name = ?";
	struct db_stmt	*stmt;
	int		 rc;

	if ((stmt = stmt_get(st, sql, err, errlen)) == NULL)
		return -1;
	db_bind_text(stmt, 1, name);
	rc = db_step(stmt);
	*role = ROLE_NONE;
	if (rc == DB_ROW)
		*role = role_parse(db_column_text(stmt, 0));
	db_reset(stmt);
	if (rc != DB_ROW && rc != DB_DONE)
		return db_err(st, err, errlen, "user");
	return 0;
}

/* This process's role; looked up each time, as a supervisor may change it. */
static int
my_role(struct store *st)
{
	int	 role = ROLE_NONE;

	if (store_user_role(st, st->user, &role, NULL, 0) != 0)
		return ROLE_NONE;
	return role;
}

int
store_is_supervisor(struct store *st)
{
	return my_role(st) == ROLE_SUPERVISOR;
}

int
store_policy_get(struct store *st, int *open, char *err, size_t errlen)
{
	char	 v[32];

	(void)err;
	(void)errlen;
	*open = store_setting_get(st, "policy", v, sizeof v) == 0 &&
	    strcmp(v, "open") == 0;
	return 0;
}

/*
 * May this user change anything at all through quaymark? Asked before
 * every change. On PostgreSQL a yes is kept for the connection, which
 * saves each change a round trip (issue 17): the server enforces the
 * roles itself (grants, and mark_guard for every quaymark role), so a
 * yes gone stale -- a supervisor took the role away meanwhile -- lets
 * the change be tried but the server refuses it, and the failed change
 * forgets the yes (role_forget), so the next one says why here. The yes
 * is also forgotten when another session commits (store_changed: a role
 * change is a commit), on a new connection, and after this session's
 * own user or policy changes. A no is never kept: a role given meanwhile
 * works at once. Supervisor checks (check_role, store_is_supervisor)
 * always ask. SQLite enforces roles here only, and asks each time.
 */
int
store_may_write(struct store *st, char *err, size_t errlen)
{
	int	 open;

	if (st->writer_ok && st->writer_gen == db_connection_gen(st->db))
		return 0;
	if (my_role(st) == ROLE_NONE) {
		store_policy_get(st, &open, NULL, 0);
		if (!open)
			return errf(err, errlen, "%s may view but not change "
			    "this database; a supervisor can run: quaymark "
			    "user add %s --role analyst", st->user, st->user);
	}
	if (db_kind(st->db) == DB_PG) {
		st->writer_ok = 1;
		st->writer_gen = db_connection_gen(st->db);
	}
	return 0;
}

/* Ask the server again before the next change (store_may_write). */
void
role_forget(struct store *st)
{
	st->writer_ok = 0;
}

/* Refuse unless this user has at least role `need`. */
int
check_role(struct store *st, int need, const char *what, char *err,
    size_t errlen)
{
	int	 role = my_role(st);

	if (role >= need)
		return 0;
	return errf(err, errlen, "only %ss may %s (%s is %s)", role_name(need),
	    what, st->user, role == ROLE_NONE ? "not a user of this database" :
	    role_name(role));
}

static int
valid_user_name(const char *s)
{
	const char	*p;

	if (*s == '\0' || strlen(s) >= STORE_USER_MAX)
		return 0;
	for (p = s; *p != '\0'; p++)
		if (!isalnum((unsigned char)*p) && strchr("._-:", *p) == NULL)
			return 0;
	return 1;
}

static char *
user_json(const char *name, int role)
{
	json_t	*j;
	char	*s;

	j = json_pack("{s:s,s:s}", "name", name, "role", role_name(role));
	s = json_dumps(j, JSON_COMPACT | JSON_SORT_KEYS);
	json_decref(j);
	return s;
}

static int
supervisors(struct store *st, int64_t *n)
{
	static const char sql[] =
	    "SELECT count(*) FROM \"user\" WHERE role = 'supervisor'";
	struct db_stmt	*stmt;

	if ((stmt = stmt_get(st, sql, NULL, 0)) == NULL)
		return -1;
	*n = db_step(stmt) == DB_ROW ? db_column_int64(stmt, 0) :
	    0;
	db_reset(stmt);
	return 0;
}

/* Give name a role (adding the user, or changing an existing role). */
int
store_user_add(struct store *st, const char *name, int role, char *err,
    size_t errlen)
{
	static const char sql[] = "INSERT INTO \"user\" (name, role, created, "
	    "created_by) VALUES (?, ?, ?, ?) ON CONFLICT(name) DO UPDATE SET "
	    "role = excluded.role";
	struct db_stmt	*stmt;
	char		*before = NULL, *after, now[32];
	int		 old, ok;
	int64_t		 n;

	if (!valid_user_name(name))
		return errf(err, errlen, "user name \"%s\": not an account name",
		    name);
	if (role != ROLE_ANALYST && role != ROLE_SUPERVISOR)
		return errf(err, errlen, "role must be analyst or supervisor");
	if (check_writable(st, err, errlen) != 0 ||
	    check_role(st, ROLE_SUPERVISOR, "manage users", err, errlen) != 0 ||
	    tx_begin(st, err, errlen) != 0)
		return -1;
	ok = store_user_role(st, name, &old, err, errlen) == 0;
	if (ok && old == ROLE_SUPERVISOR && role != ROLE_SUPERVISOR &&
	    supervisors(st, &n) == 0 && n <= 1)
		ok = errf(err, errlen, "%s is the last supervisor", name) == 0;
	if (ok && (stmt = stmt_get(st, sql, err, errlen)) == NULL)
		ok = 0;
	if (ok) {
		now_iso(now, sizeof now);
		db_bind_text(stmt, 1, name);
		db_bind_text(stmt, 2, role_name(role));
		db_bind_text(stmt, 3, now);
		db_bind_text(stmt, 4, st->user);
		ok = step_done(st, stmt, err, errlen, "user") == 0;
	}
	if (ok) {
		if (old != ROLE_NONE)
			before = user_json(name, old);
		after = user_json(name, role);
		ok = audit_add(st, old == ROLE_NONE ? "create" : "role", "user",
		    0, before, after, err, errlen) == 0;
		free(before);
		free(after);
	}
	role_forget(st);	/* it may have been this user's */
	return tx_end(st, ok, err, errlen);
}

int
store_user_rm(struct store *st, const char *name, char *err, size_t errlen)
{
	static const char sql[] = "DELETE FROM \"user\" WHERE name = ?";
	struct db_stmt	*stmt;
	char		*before;
	int		 old, ok;
	int64_t		 n;

	if (check_writable(st, err, errlen) != 0 ||
	    check_role(st, ROLE_SUPERVISOR, "manage users", err, errlen) != 0 ||
	    tx_begin(st, err, errlen) != 0)
		return -1;
	ok = store_user_role(st, name, &old, err, errlen) == 0;
	if (ok && old == ROLE_NONE)
		ok = errf(err, errlen, "%s is not a user of this database",
		    name) == 0;
	if (ok && old == ROLE_SUPERVISOR && supervisors(st, &n) == 0 && n <= 1)
		ok = errf(err, errlen, "%s is the last supervisor", name) == 0;
	if (ok && (stmt = stmt_get(st, sql, err, errlen)) == NULL)
		ok = 0;
	if (ok) {
		db_bind_text(stmt, 1, name);
		ok = step_done(st, stmt, err, errlen, "user") == 0;
	}
	if (ok) {
		before = user_json(name, old);
		ok = audit_add(st, "delete", "user", 0, before, NULL, err,
		    errlen) == 0;
		free(before);
	}
	role_forget(st);
	return tx_end(st, ok, err, errlen);
}

static int
user_row(struct db_stmt *stmt, void *elem, void *arg)
{
	struct store_user	*u = elem;

	(void)arg;
	u->name = col_strdup(stmt, 0);
	u->role = role_parse(db_column_text(stmt, 1));
	u->created = col_strdup(stmt, 2);
	u->created_by = col_strdup(stmt, 3);
	return 0;
}

int
store_user_list(struct store *st, struct store_user **out, size_t *n,
    char *err, size_t errlen)
{
	static const char sql[] = "SELECT name, role, created, created_by "
	    "FROM \"user\" ORDER BY role DESC, name";
	struct db_stmt		*stmt;
	struct store_user	*v = NULL;
	size_t			 len = 0;
	int			 failed;

	if ((stmt = stmt_get(st, sql, err, errlen)) == NULL)
		return -1;
	v = rows_fill(stmt, sizeof *v, 8, user_row, NULL, &len, &failed);
	if (failed) {
		store_users_free(v, len);
		return db_err(st, err, errlen, "users");
	}
	*out = v;
	*n = len;
	return 0;
}

void
store_users_free(struct store_user *v, size_t n)
{
	size_t	 i;

	for (i = 0; i < n; i++) {
		free(v[i].name);
		free(v[i].created);
		free(v[i].created_by);
	}
	free(v);
}

int
store_policy_set(struct store *st, int open, char *err, size_t errlen)
{
	char	 before[64], after[64];
	int	 was, ok;

	if (check_writable(st, err, errlen) != 0 ||
	    check_role(st, ROLE_SUPERVISOR, "change the policy", err,
	    errlen) != 0 || tx_begin(st, err, errlen) != 0)
		return -1;
	store_policy_get(st, &was, NULL, 0);
	snprintf(before, sizeof before, "{\"policy\":\"%s\"}", was ? "open" :
	    "closed");
	snprintf(after, sizeof after, "{\"policy\":\"%s\"}", open ? "open" :
	    "closed");
	ok = store_setting_set(st, "policy", open ? "open" : "closed", err,
	    errlen) == 0 && audit_add(st, "policy", "setting", 0, before,
	    after, err, errlen) == 0;
	role_forget(st);	/* an open policy made writers */
	return tx_end(st, ok, err, errlen);
}
