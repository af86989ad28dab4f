/*
 * copy.c: `quaymark db copy FROM TO`, a whole database from one engine to
 * the other (SQLite to PostgreSQL and back, or between two of a kind):
 * every row of every table, ids kept, in one transaction on the target,
 * which must hold no data yet. The audit chain is verified on the copy
 * before it is committed, so a copy that would not verify is not made.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store-int.h"
#include "../util/util.h"

/*
 * Each table, parents before children, with its columns and their kinds
 * (i integer, r real, t text): reals go as doubles, never through text,
 * so no digit is lost between engines.
 */
static const struct copy_table {
	const char	*name;
	const char	*cols;
	const char	*kinds;
	const char	*order;
} tables[] = {
	{ "setting", "key, value", "tt", "key" },
	{ "site", "id, name, created", "itt", "id" },
	{ "quay", "id, site_id, name, polygon, crs, created", "iitttt", "id" },
	{ "quay_geom", "quay_id, crs, polygon", "itt", "quay_id, crs" },
	{ "image", "id, site_id, path, name, acquired, date_source, width, "
	    "height, bands, data_type, geotransform, crs_wkt, crs_code, sensor, "
	    "has_overviews, file_size, file_mtime, hash, quality, reviewed, "
	    "stretch, version, created, updated, accepted, accepted_by, blind",
	    "iittttiiitttttiiittitittiti", "id" },
	{ "class", "id, name, colour, ord, created", "ittit", "id" },
	{ "mark", "id, image_id, class_id, kind, cx, cy, w, h, angle, name, "
	    "count, state, note, track, author, status, status_reason, "
	    "status_by, proposal, created, updated, updated_by, version, "
	    "deleted", "iiitrrrrrtittittttitttii", "id" },
	{ "\"user\"", "name, role, created, created_by", "tttt", "name" },
	{ "audit", "id, at, \"user\", action, entity, entity_id, before, after, "
	    "hash", "ittttittt", "id" },
	{ "comment", "id, mark_id, image_id, author, text, created, "
	    "resolved_by, resolved_at", "iiittttt", "id" },
	{ "position", "\"user\", site_id, image_id, viewport, updated", "tiitt",
	    "\"user\"" },
	{ "assignment", "image_id, \"user\", assigned, assigned_by", "ittt",
	    "image_id, \"user\"" },
	{ "verdict", "image_id, \"user\", quality, updated", "ittt",
	    "image_id, \"user\"" },
	{ "image_stac", "image_id, item_id, collection, platform, "
	    "constellation, cloud_cover, off_nadir, asset, source", "ittttrrtt",
	    "image_id" },
};

/* Tables whose rows say the target already holds someone's data. */
static const char *const data_tables[] = { "site", "image", "mark",
	"audit", "comment", "quay", "assignment", "verdict", "position" };

/* What the schema itself put in a new database, made again from FROM. */
static const char *const seeded[] = { "DELETE FROM class",
	"DELETE FROM setting", "DELETE FROM \"user\"" };

static int
count_rows(struct store *st, const char *table, int64_t *n, char *err,
    size_t errlen)
{
	struct db_stmt	*s;
	char		 sql[128];
	int		 rc;

	snprintf(sql, sizeof sql, "SELECT count(*) FROM %s", table);
	if ((s = db_prepare(st->db, sql, err, errlen)) == NULL)
		return -1;
	rc = db_step(s);
	*n = rc == DB_ROW ? db_column_int64(s, 0) : 0;
	db_finalize(s);
	if (rc != DB_ROW)
		return db_err(st, err, errlen, table);
	return 0;
}

/* Refuse a target with data in it: a copy never merges. */
static int
target_empty(struct store *to, const char *name, char *err, size_t errlen)
{
	int64_t	 n;
	size_t	 i;

	for (i = 0; i < QM_NELEM(data_tables); i++) {
		if (count_rows(to, data_tables[i], &n, err, errlen) != 0)
			return -1;
		if (n > 0)
			return errf(err, errlen, "%s: not empty (%lld %s "
			    "row(s)); db copy only fills a new database", name,
			    (long long)n, data_tables[i]);
	}
	return 0;
}

/* Bind column i of row `from` to parameter i + 1 of `ins`, as its kind. */
static void
copy_value(struct db_stmt *from, struct db_stmt *ins, int i, char kind)
{
	if (db_column_null(from, i))
		db_bind_null(ins, i + 1);
	else if (kind == 'i')
		db_bind_int64(ins, i + 1, db_column_int64(from, i));
	else if (kind == 'r')
		db_bind_double(ins, i + 1, db_column_double(from, i));
	else
		db_bind_text(ins, i + 1, db_column_text(from, i));
}

/* One table's rows, in order; *rows counts them. */
static int
copy_table(struct store *from, struct store *to, const struct copy_table *t,
    int64_t *rows, char *err, size_t errlen)
{
	struct db_stmt	*sel, *ins;
	struct buf	 q;
	size_t		 i, ncols = strlen(t->kinds);
	int		 rc, ok = 1;

	for (i = 0, rc = 1; t->cols[i] != '\0'; i++)
		rc += t->cols[i] == ',';
	if ((size_t)rc != ncols)	/* the table above is wrong */
		return errf(err, errlen, "%s: %d columns, %zu kinds", t->name,
		    rc, ncols);
	buf_init(&q);
	buf_printf(&q, "SELECT %s FROM %s ORDER BY %s", t->cols, t->name,
	    t->order);
	sel = db_prepare(from->db, q.data, err, errlen);
	buf_reset(&q);
	buf_printf(&q, "INSERT INTO %s (%s) VALUES (", t->name, t->cols);
	for (i = 0; i < ncols; i++)
		buf_puts(&q, i ? ", ?" : "?");
	buf_puts(&q, ")");
	ins = sel != NULL ? db_prepare(to->db, q.data, err, errlen) : NULL;
	buf_free(&q);
	if (sel == NULL || ins == NULL) {
		db_finalize(sel);
		return -1;
	}
	while (ok && (rc = db_step(sel)) == DB_ROW) {
		for (i = 0; i < ncols; i++)
			copy_value(sel, ins, (int)i, t->kinds[i]);
		rc = db_step(ins);
		db_reset(ins);
		if (rc != DB_DONE) {
			ok = 0;
			db_err(to, err, errlen, t->name);
		} else
			(*rows)++;
	}
	if (ok && rc != DB_DONE) {
		ok = 0;
		db_err(from, err, errlen, t->name);
	}
	db_finalize(sel);
	db_finalize(ins);
	return ok ? 0 : -1;
}

/* PostgreSQL's identity columns go on after the ids copied in. */
static int
advance_ids(struct store *to, char *err, size_t errlen)
{
	static const char *const with_id[] = { "site", "quay", "image",
	    "class", "mark", "comment" };
	char	 sql[256], e[256];
	size_t	 i;

	if (db_kind(to->db) != DB_PG)
		return 0;
	for (i = 0; i < QM_NELEM(with_id); i++) {
		snprintf(sql, sizeof sql, "SELECT setval(pg_get_serial_sequence("
		    "'%s', 'id'), coalesce((SELECT max(id) FROM %s), 0) + 1, "
		    "false)", with_id[i], with_id[i]);
		if (db_exec(to->db, sql, e, sizeof e) != DB_OK)
			return errf(err, errlen, "%s ids: %s", with_id[i], e);
	}
	return 0;
}

/* Every table, then the chain checked on the copy; in tx_begin's tx. */
static int
copy_all(struct store *from, struct store *to, int64_t *rows, char *err,
    size_t errlen)
{
	int64_t	 n, bad;
	size_t	 i;
	char	 e[512];

	for (i = 0; i < QM_NELEM(seeded); i++)
		if (db_exec(to->db, seeded[i], e, sizeof e) != DB_OK)
			return errf(err, errlen, "%s", e);
	for (i = 0; i < QM_NELEM(tables); i++)
		if (copy_table(from, to, &tables[i], rows, err, errlen) != 0)
			return -1;
	if (advance_ids(to, err, errlen) != 0)
		return -1;
	if (store_audit_verify(to, &n, &bad, e, sizeof e) != 0)
		return errf(err, errlen, "the copy's audit chain does not "
		    "verify: %s", e);
	return 0;
}

/*
 * Copy the whole database `from` into `to` (made when missing, and it
 * must hold no data): *rows is how many rows went.
 */
int
store_db_copy(const char *from_name, const char *to_name, int64_t *rows,
    char *err, size_t errlen)
{
	struct store	*from, *to;
	int		 ok;

	*rows = 0;
	if (strcmp(from_name, to_name) == 0)
		return errf(err, errlen, "db copy: FROM and TO are the same");
	if ((from = store_open(from_name, STORE_READONLY, err, errlen)) ==
	    NULL)
		return -1;
	if ((to = store_open(to_name, STORE_CREATE, err, errlen)) == NULL) {
		store_close(from);
		return -1;
	}
	/* to->path names it as messages may: no password (store_open) */
	ok = target_empty(to, to->path, err, errlen) == 0 &&
	    tx_begin(to, err, errlen) == 0;
	if (ok) {
		ok = copy_all(from, to, rows, err, errlen) == 0;
		ok = tx_end(to, ok, ok ? err : NULL, errlen) == 0 && ok;
	}
	store_close(from);
	store_close(to);
	return ok ? 0 : -1;
}
