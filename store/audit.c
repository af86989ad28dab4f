/*
 * audit.c: the append-only trail. Every change writes one row in the same
 * transaction as the change: who (the OS account), when (UTC), what, and
 * the before and after values as JSON. Each row's hash covers the previous
 * row's hash and the row itself, so an edit or deletion made around
 * quaymark (the sqlite3 shell, say) breaks the chain at that row.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store-int.h"
#include "../util/util.h"

static void
hash_row(const char *prev, int64_t id, const char *at, const char *user,
    const char *action, const char *entity, int64_t entity_id,
    int has_entity_id, const char *before, const char *after, char *out)
{
	struct sha256	*h;
	char		 num[32];
	const char	*parts[8];
	size_t		 i;

	h = sha256_new();
	snprintf(num, sizeof num, "%lld", (long long)id);
	sha256_add(h, prev, strlen(prev));
	sha256_add(h, "\x1e", 1);
	sha256_add(h, num, strlen(num));
	parts[0] = at;
	parts[1] = user;
	parts[2] = action;
	parts[3] = entity;
	snprintf(num, sizeof num, "%lld", (long long)entity_id);
	parts[4] = has_entity_id ? num : "";
	parts[5] = before ? before : "";
	parts[6] = after ? after : "";
	for (i = 0; i < 7; i++) {
		/* A separator byte that JSON and names never contain raw. */
		sha256_add(h, "\x1e", 1);
		sha256_add(h, parts[i], strlen(parts[i]));
	}
	sha256_end(h, out);
}

/* A row's own fields as parameters i .. i + 6 (both engines' inserts). */
static void
bind_row(struct db_stmt *stmt, int i, const char *at, const char *user,
    const char *action, const char *entity, int64_t entity_id,
    const char *before, const char *after)
{
	db_bind_text(stmt, i, at);
	db_bind_text(stmt, i + 1, user);
	db_bind_text(stmt, i + 2, action);
	db_bind_text(stmt, i + 3, entity);
	if (entity_id != 0)
		db_bind_int64(stmt, i + 4, entity_id);
	db_bind_text(stmt, i + 5, before);
	db_bind_text(stmt, i + 6, after);
}

/*
 * PostgreSQL: the server works out the row's id and hash from the tail it
 * reads (hash_row's hash, which the audit_chain trigger checks again), so
 * the row needs nothing back from the client and goes with the COMMIT,
 * after the chain lock, in one round trip (db_step_at_commit): writers
 * hold the lock for the insert and the commit's flush only.
 */
static int
audit_add_pg(struct store *st, const char *at, const char *action,
    const char *entity, int64_t entity_id, const char *before,
    const char *after, char *err, size_t errlen)
{
	static const char sql[] = "INSERT INTO audit (id, at, \"user\", "
	    "action, entity, entity_id, before, after, hash) "
	    "SELECT coalesce(a.id, 0) + 1, p.at, p.u, p.action, p.entity, "
	    "p.eid, p.before, p.after, encode(sha256(convert_to("
	    "coalesce(a.hash, '') || E'\\x1e' || (coalesce(a.id, 0) + 1) || "
	    "E'\\x1e' || p.at || E'\\x1e' || p.u || E'\\x1e' || p.action || "
	    "E'\\x1e' || p.entity || E'\\x1e' || coalesce(p.eid::text, '') || "
	    "E'\\x1e' || coalesce(p.before, '') || E'\\x1e' || "
	    "coalesce(p.after, ''), 'UTF8')), 'hex') "
	    "FROM (SELECT ?1::text AS at, ?2::text AS u, ?3::text AS action, "
	    "?4::text AS entity, ?5::bigint AS eid, ?6::text AS before, "
	    "?7::text AS after) p LEFT JOIN LATERAL (SELECT id, hash FROM "
	    "audit ORDER BY id DESC LIMIT 1) a ON true";
	struct db_stmt	*stmt;
	int		 rc;

	if ((stmt = stmt_get(st, sql, err, errlen)) == NULL)
		return -1;
	bind_row(stmt, 1, at, st->user, action, entity, entity_id, before,
	    after);
	rc = db_step_at_commit(stmt);
	db_reset(stmt);
	if (rc != DB_DONE)
		return db_err(st, err, errlen, "audit");
	return 0;
}

/*
 * Append one audit row for a change made inside the caller's transaction.
 * before/after are JSON texts or NULL (created / deleted).
 */
int
audit_add(struct store *st, const char *action, const char *entity,
    int64_t entity_id, const char *before, const char *after, char *err,
    size_t errlen)
{
	static const char last_sql[] =
	    "SELECT id, hash FROM audit ORDER BY id DESC LIMIT 1";
	static const char ins_sql[] = "INSERT INTO audit (id, at, \"user\", "
	    "action, entity, entity_id, before, after, hash) "
	    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)";
	struct db_stmt	*stmt;
	char		 prev[SHA256_HEX_LEN] = "", hash[SHA256_HEX_LEN];
	char		 at[32];
	int64_t		 id = 1;
	int		 rc;

	if (db_kind(st->db) == DB_PG) {
		now_iso(at, sizeof at);
		return audit_add_pg(st, at, action, entity, entity_id, before,
		    after, err, errlen);
	}
	/* concurrent writers do not read the same tail: db_begin holds the
	 * write lock to commit */
	if ((stmt = stmt_get(st, last_sql, err, errlen)) == NULL)
		return -1;
	rc = db_step(stmt);
	if (rc == DB_ROW) {
		id = db_column_int64(stmt, 0) + 1;
		snprintf(prev, sizeof prev, "%s",
		    db_column_text(stmt, 1));
	} else if (rc != DB_DONE) {
		db_reset(stmt);
		return db_err(st, err, errlen, "audit");
	}
	db_reset(stmt);

	now_iso(at, sizeof at);
	hash_row(prev, id, at, st->user, action, entity, entity_id,
	    entity_id != 0, before, after, hash);
	if ((stmt = stmt_get(st, ins_sql, err, errlen)) == NULL)
		return -1;
	db_bind_int64(stmt, 1, id);
	bind_row(stmt, 2, at, st->user, action, entity, entity_id, before,
	    after);
	db_bind_text(stmt, 9, hash);
	return step_done(st, stmt, err, errlen, "audit");
}

static void
audit_fill(struct db_stmt *stmt, struct store_audit *a)
{
	a->id = db_column_int64(stmt, 0);
	a->at = col_strdup(stmt, 1);
	a->user = col_strdup(stmt, 2);
	a->action = col_strdup(stmt, 3);
	a->entity = col_strdup(stmt, 4);
	a->entity_id = db_column_int64(stmt, 5);
	a->before = col_strdup(stmt, 6);
	a->after = col_strdup(stmt, 7);
	a->hash = col_strdup(stmt, 8);
}

static void
audit_clear(struct store_audit *a)
{
	free(a->at);
	free(a->user);
	free(a->action);
	free(a->entity);
	free(a->before);
	free(a->after);
	free(a->hash);
	memset(a, 0, sizeof *a);
}

/* Call fn for each matching row, oldest first; fn returns non-zero to stop. */
int
store_audit_each(struct store *st, const struct store_audit_filter *f,
    store_audit_fn fn, void *ctx, char *err, size_t errlen)
{
	static const char sql[] = "SELECT id, at, \"user\", action, entity, "
	    "entity_id, before, after, hash FROM audit WHERE "
	    "(?1 IS NULL OR entity = ?1) AND "
	    "(?2 IS NULL OR entity_id = ?2) AND "
	    "(?3 IS NULL OR \"user\" = ?3) AND "
	    "(?4 IS NULL OR (entity = 'image' AND entity_id = ?4) OR "
	    " (entity = 'mark' AND entity_id IN "
	    "  (SELECT id FROM mark WHERE image_id = ?4)) OR "
	    " (entity = 'comment' AND entity_id IN "
	    "  (SELECT id FROM comment WHERE image_id = ?4))) AND "
	    /* the history of marks hidden on blind images stays hidden */
	    "NOT (entity = 'mark' AND entity_id IN (SELECT m.id FROM mark m "
	    "  JOIN image i ON i.id = m.image_id WHERE NOT " MARK_VISIBLE ")) "
	    /* and so do comments on them, or by the other analyst */
	    "AND NOT (entity = 'comment' AND entity_id IN (SELECT c.id FROM "
	    "  comment c LEFT JOIN mark m ON m.id = c.mark_id "
	    "  JOIN image i ON i.id = c.image_id WHERE i.blind = 1 AND "
	    "  ((m.id IS NOT NULL AND NOT qm_sees(m.author)) OR "
	    HIDDEN_BLIND("c.author", "c.image_id") "))) "
	    /* and the other analyst's verdict */
	    "AND NOT (entity = 'image' AND "
	    HIDDEN_BLIND("audit.\"user\"", "audit.entity_id") ") "
	    "ORDER BY id";
	struct db_stmt		*stmt;
	struct store_audit	 a;
	int			 rc, stop = 0;

	if ((stmt = stmt_get(st, sql, err, errlen)) == NULL)
		return -1;
	if (f != NULL) {
		db_bind_text(stmt, 1, f->entity);
		if (f->entity_id != 0)
			db_bind_int64(stmt, 2, f->entity_id);
		db_bind_text(stmt, 3, f->user);
		if (f->image_id != 0)
			db_bind_int64(stmt, 4, f->image_id);
	}
	while (!stop && (rc = db_step(stmt)) == DB_ROW) {
		audit_fill(stmt, &a);
		stop = fn(ctx, &a);
		audit_clear(&a);
	}
	if (!stop && rc != DB_DONE) {
		db_reset(stmt);
		return db_err(st, err, errlen, "audit");
	}
	db_reset(stmt);
	return 0;
}

/*
 * What was written after audit row since, in order: fn(ctx, id, entity,
 * entity_id) for each audit row, until it returns non-zero. Every write
 * through the store leaves one, so this is how a kept count (count/live.c)
 * learns which marks to count again.
 */
int
store_audit_since(struct store *st, int64_t since, store_change_fn fn,
    void *ctx, char *err, size_t errlen)
{
	static const char sql[] = "SELECT id, entity, entity_id FROM audit "
	    "WHERE id > ?1 ORDER BY id";
	struct db_stmt	*stmt;
	int		 rc;

	if ((stmt = stmt_get(st, sql, err, errlen)) == NULL)
		return -1;
	db_bind_int64(stmt, 1, since);
	while ((rc = db_step(stmt)) == DB_ROW)
		if (fn(ctx, db_column_int64(stmt, 0), db_column_text(stmt, 1),
		    db_column_int64(stmt, 2)) != 0) {
			rc = DB_DONE;
			break;
		}
	db_reset(stmt);
	if (rc != DB_DONE)
		return db_err(st, err, errlen, "audit");
	return 0;
}

/*
 * Walk the chain. Returns 0 when every row checks (*rows = how many), or
 * -1 with *bad = the first row whose hash or predecessor does not match.
 */
int
store_audit_verify(struct store *st, int64_t *rows, int64_t *bad, char *err,
    size_t errlen)
{
	static const char sql[] = "SELECT id, at, \"user\", action, entity, "
	    "entity_id, before, after, hash FROM audit ORDER BY id";
	struct db_stmt		*stmt;
	struct store_audit	 a;
	char			 prev[SHA256_HEX_LEN] = "", h[SHA256_HEX_LEN];
	int64_t			 n = 0, expect = 1;
	int			 rc, has_eid, broken = 0;

	*bad = 0;
	if ((stmt = stmt_get(st, sql, err, errlen)) == NULL)
		return -1;
	while ((rc = db_step(stmt)) == DB_ROW) {
		has_eid = !db_column_null(stmt, 5);
		audit_fill(stmt, &a);
		if (a.id != expect) {
			errf(err, errlen, "audit row %lld is missing (found "
			    "%lld next): rows were deleted", (long long)expect,
			    (long long)a.id);
			*bad = expect;
			broken = 1;
		} else {
			hash_row(prev, a.id, a.at, a.user, a.action, a.entity,
			    a.entity_id, has_eid, a.before, a.after, h);
			if (a.hash == NULL || strcmp(h, a.hash) != 0) {
				errf(err, errlen, "audit row %lld does not match "
				    "its hash: it or the chain before it was "
				    "edited", (long long)a.id);
				*bad = a.id;
				broken = 1;
			}
		}
		if (!broken)
			snprintf(prev, sizeof prev, "%s", a.hash);
		audit_clear(&a);
		if (broken)
			break;
		n++;
		expect++;
	}
	db_reset(stmt);
	if (!broken && rc != DB_DONE)
		return db_err(st, err, errlen, "audit");
	*rows = n;
	return broken ? -1 : 0;
}

/* The newest row: its id and hash (0 and "" for an empty trail). */
int
store_audit_head(struct store *st, int64_t *id, char *hash, char *err,
    size_t errlen)
{
	static const char sql[] =
	    "SELECT id, hash FROM audit ORDER BY id DESC LIMIT 1";
	struct db_stmt	*stmt;
	int		 rc;

	*id = 0;
	hash[0] = '\0';
	if ((stmt = stmt_get(st, sql, err, errlen)) == NULL)
		return -1;
	if ((rc = db_step(stmt)) == DB_ROW) {
		*id = db_column_int64(stmt, 0);
		snprintf(hash, SHA256_HEX_LEN, "%s",
		    db_column_text(stmt, 1));
	}
	db_reset(stmt);
	if (rc != DB_ROW && rc != DB_DONE)
		return db_err(st, err, errlen, "audit");
	return 0;
}

/* The hash row id has now ("" when there is no such row). */
int
store_audit_hash_of(struct store *st, int64_t id, char *hash, char *err,
    size_t errlen)
{
	static const char sql[] = "SELECT hash FROM audit WHERE id = ?";
	struct db_stmt	*stmt;
	int		 rc;

	hash[0] = '\0';
	if ((stmt = stmt_get(st, sql, err, errlen)) == NULL)
		return -1;
	db_bind_int64(stmt, 1, id);
	if ((rc = db_step(stmt)) == DB_ROW)
		snprintf(hash, SHA256_HEX_LEN, "%s",
		    db_column_text(stmt, 0));
	db_reset(stmt);
	if (rc != DB_ROW && rc != DB_DONE)
		return db_err(st, err, errlen, "audit");
	return 0;
}
