/*
 * quay.c: quays, the named polygons analysts count at. A quay is drawn in
 * the pixel grid of its site's images, or in a map CRS ("EPSG:32652"); in
 * the second case quay_geom keeps its polygon reprojected into each CRS the
 * site's images use, so counting needs only affine arithmetic.
 */
#include <jansson.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "store-int.h"
#include "../util/util.h"

static char *
polygon_text(const double *pts, size_t npts)
{
	struct buf	 b;
	char		 x[32], y[32];
	size_t		 i;

	buf_init(&b);
	for (i = 0; i < npts; i++) {
		num_format(x, sizeof x, pts[2 * i]);
		num_format(y, sizeof y, pts[2 * i + 1]);
		buf_printf(&b, "%s%s %s", i ? ", " : "", x, y);
	}
	return buf_steal(&b);
}

int
store_quay_find(struct store *st, int64_t site_id, const char *name,
    int64_t *id, char *err, size_t errlen)
{
	static const char sql[] =
	    "SELECT id FROM quay WHERE site_id = ? AND (name = ?2 OR "
	    "CAST(id AS TEXT) = ?2)";
	struct db_stmt	*stmt;
	int		 rc;

	if ((stmt = stmt_get(st, sql, err, errlen)) == NULL)
		return -1;
	db_bind_int64(stmt, 1, site_id);
	db_bind_text(stmt, 2, name);
	rc = db_step(stmt);
	if (rc == DB_ROW)
		*id = db_column_int64(stmt, 0);
	db_reset(stmt);
	if (rc == DB_ROW)
		return 0;
	if (rc != DB_DONE)
		return db_err(st, err, errlen, "quay");
	return errf(err, errlen, "no quay \"%s\" at this site (quaymark quay "
	    "list shows them)", name);
}

/* Add a quay: npts >= 3 points (x, y pairs); crs NULL for image pixels. */
int
store_quay_add(struct store *st, int64_t site_id, const char *name,
    const double *pts, size_t npts, const char *crs, int64_t *id, char *err,
    size_t errlen)
{
	static const char sql[] = "INSERT INTO quay (site_id, name, polygon, "
	    "crs, created) VALUES (?, ?, ?, ?, ?) RETURNING id";
	struct db_stmt	*stmt;
	json_t		*j;
	char		*poly, *after, now[32];
	int64_t		 existing;
	int		 ok;

	if (name[0] == '\0')
		return errf(err, errlen, "quay name is empty");
	if (npts < 3)
		return errf(err, errlen, "quay \"%s\": a polygon needs at "
		    "least 3 points, got %zu", name, npts);
	for (size_t i = 0; i < 2 * npts; i++)
		if (!isfinite(pts[i]))
			return errf(err, errlen, "quay \"%s\": point %zu is "
			    "not a finite number", name, i / 2 + 1);
	if (store_quay_find(st, site_id, name, &existing, NULL, 0) == 0)
		return errf(err, errlen, "quay \"%s\" already exists at this "
		    "site", name);
	if (check_writable(st, err, errlen) != 0 ||
	    tx_begin(st, err, errlen) != 0)
		return -1;
	poly = polygon_text(pts, npts);
	now_iso(now, sizeof now);
	ok = (stmt = stmt_get(st, sql, err, errlen)) != NULL;
	if (ok) {
		db_bind_int64(stmt, 1, site_id);
		db_bind_text(stmt, 2, name);
		db_bind_text(stmt, 3, poly);
		db_bind_text(stmt, 4, crs);
		db_bind_text(stmt, 5, now);
		ok = step_id(st, stmt, id, err, errlen, "quay") == 0;
	}
	if (ok) {
		j = json_pack("{s:I,s:s,s:s,s:s?}", "site_id",
		    (json_int_t)site_id, "name", name, "polygon", poly, "crs",
		    crs);
		after = json_dumps(j, JSON_COMPACT | JSON_SORT_KEYS);
		json_decref(j);
		ok = audit_add(st, "create", "quay", *id, NULL, after, err,
		    errlen) == 0;
		free(after);
	}
	free(poly);
	return tx_end(st, ok, err, errlen);
}

static int
quay_row(struct db_stmt *stmt, void *elem, void *arg)
{
	struct store_quay	*q = elem;
	long			 np;

	(void)arg;
	q->id = db_column_int64(stmt, 0);
	q->site_id = db_column_int64(stmt, 1);
	q->name = col_strdup(stmt, 2);
	q->crs = col_strdup(stmt, 4);
	np = num_parse_points(db_column_text(stmt, 3),
	    &q->pts);
	q->npts = np < 0 ? 0 : (size_t)np;
	return 0;
}

/* Quays of one site (0: every site), in id order. */
int
store_quay_list(struct store *st, int64_t site_id, struct store_quay **out,
    size_t *n, char *err, size_t errlen)
{
	static const char sql[] = "SELECT id, site_id, name, polygon, crs "
	    "FROM quay WHERE ?1 = 0 OR site_id = ?1 ORDER BY site_id, id";
	struct db_stmt		*stmt;
	struct store_quay	*v = NULL;
	size_t			 len = 0;
	int			 failed;

	if ((stmt = stmt_get(st, sql, err, errlen)) == NULL)
		return -1;
	db_bind_int64(stmt, 1, site_id);
	v = rows_fill(stmt, sizeof *v, 8, quay_row, NULL, &len, &failed);
	if (failed) {
		store_quays_free(v, len);
		return db_err(st, err, errlen, "quays");
	}
	*out = v;
	*n = len;
	return 0;
}

void
store_quays_free(struct store_quay *v, size_t n)
{
	size_t	 i;

	for (i = 0; i < n; i++) {
		free(v[i].name);
		free(v[i].crs);
		free(v[i].pts);
	}
	free(v);
}

/* Keep a map quay's polygon reprojected into crs (e.g. an image's). */
int
store_quay_geom_put(struct store *st, int64_t quay_id, const char *crs,
    const double *pts, size_t npts, char *err, size_t errlen)
{
	static const char sql[] = "INSERT INTO quay_geom "
	    "(quay_id, crs, polygon) VALUES (?, ?, ?) ON CONFLICT (quay_id, "
	    "crs) DO UPDATE SET polygon = excluded.polygon";
	struct db_stmt	*stmt;
	char		*poly;
	int		 rc;

	if (check_writable(st, err, errlen) != 0)
		return -1;
	if ((stmt = stmt_get(st, sql, err, errlen)) == NULL)
		return -1;
	poly = polygon_text(pts, npts);
	db_bind_int64(stmt, 1, quay_id);
	db_bind_text(stmt, 2, crs);
	db_bind_text(stmt, 3, poly);
	rc = step_done(st, stmt, err, errlen, "quay");
	free(poly);
	return rc;
}

/*
 * The quay's polygon in crs: 0 and a new array, or 0 and *pts NULL when
 * none is kept in crs; -1 when the store fails.
 */
int
store_quay_geom_get(struct store *st, int64_t quay_id, const char *crs,
    double **pts, size_t *npts, char *err, size_t errlen)
{
	static const char sql[] = "SELECT polygon FROM quay_geom "
	    "WHERE quay_id = ? AND crs = ?";
	struct db_stmt	*stmt;
	long		 np = -1;
	int		 rc;

	*pts = NULL;
	*npts = 0;
	if ((stmt = stmt_get(st, sql, err, errlen)) == NULL)
		return -1;
	db_bind_int64(stmt, 1, quay_id);
	db_bind_text(stmt, 2, crs);
	rc = db_step(stmt);
	if (rc == DB_ROW)
		np = num_parse_points(db_column_text(stmt, 0), pts);
	db_reset(stmt);
	if (rc == DB_DONE)
		return 0;
	if (rc != DB_ROW)
		return db_err(st, err, errlen, "quay_geom");
	if (np < 0)
		return errf(err, errlen, "quay %lld: its polygon in %s does "
		    "not parse", (long long)quay_id, crs);
	*npts = (size_t)np;
	return 0;
}

/* The quay's row as audit JSON (NULL if there is none), in a transaction. */
static char *
quay_json(struct store *st, int64_t id, char *err, size_t errlen)
{
	static const char sql[] = "SELECT site_id, name, polygon, crs "
	    "FROM quay WHERE id = ?";
	struct db_stmt	*stmt;
	json_t		*j = NULL;
	char		*out;
	int		 rc;

	if ((stmt = stmt_get(st, sql, err, errlen)) == NULL)
		return NULL;
	db_bind_int64(stmt, 1, id);
	if ((rc = db_step(stmt)) == DB_ROW)
		j = json_pack("{s:I,s:s,s:s,s:s?}", "site_id",
		    (json_int_t)db_column_int64(stmt, 0), "name",
		    db_column_text(stmt, 1), "polygon",
		    db_column_text(stmt, 2), "crs",
		    db_column_text(stmt, 3));
	db_reset(stmt);
	if (rc != DB_ROW) {
		if (rc == DB_DONE)
			errf(err, errlen, "no quay %lld", (long long)id);
		else
			db_err(st, err, errlen, "quay");
		return NULL;
	}
	out = json_dumps(j, JSON_COMPACT | JSON_SORT_KEYS);
	json_decref(j);
	return out;
}

/* Run sql with the quay id as ?1 (and text, or NULL, as ?2 .. ?4). */
static int
quay_exec(struct store *st, const char *sql, int64_t id, const char *a,
    const char *b, const char *c, char *err, size_t errlen)
{
	struct db_stmt	*stmt;
	int		 n;

	if ((stmt = stmt_get(st, sql, err, errlen)) == NULL)
		return -1;
	db_bind_int64(stmt, 1, id);
	n = db_param_count(stmt);
	if (n >= 2)
		db_bind_text(stmt, 2, a);
	if (n >= 3)
		db_bind_text(stmt, 3, b);
	if (n >= 4)
		db_bind_text(stmt, 4, c);
	return step_done(st, stmt, err, errlen, "quay");
}

/* Remove a quay and its reprojected polygons; marks are not touched. */
int
store_quay_rm(struct store *st, int64_t id, char *err, size_t errlen)
{
	char	*before;
	int	 ok;

	if (check_writable(st, err, errlen) != 0 ||
	    tx_begin(st, err, errlen) != 0)
		return -1;
	ok = (before = quay_json(st, id, err, errlen)) != NULL &&
	    quay_exec(st, "DELETE FROM quay_geom WHERE quay_id = ?1", id,
	    NULL, NULL, NULL, err, errlen) == 0 &&
	    quay_exec(st, "DELETE FROM quay WHERE id = ?1", id, NULL, NULL,
	    NULL, err, errlen) == 0 &&
	    audit_add(st, "delete", "quay", id, before, NULL, err, errlen) == 0;
	free(before);
	return tx_end(st, ok, err, errlen);
}

/*
 * Rename a quay (name non-NULL) and/or give it a new polygon (pts
 * non-NULL, in crs; NULL crs: image pixels). A new polygon drops the old
 * one's reprojections: the caller syncs them again in its transaction.
 */
int
store_quay_set(struct store *st, int64_t id, const char *name,
    const double *pts, size_t npts, const char *crs, char *err,
    size_t errlen)
{
	char	*before = NULL, *after = NULL, *poly = NULL;
	int64_t	 site_id, other;
	int	 ok;

	if (name != NULL && name[0] == '\0')
		return errf(err, errlen, "quay name is empty");
	if (pts != NULL && npts < 3)
		return errf(err, errlen, "a polygon needs at least 3 points, "
		    "got %zu", npts);
	for (size_t i = 0; pts != NULL && i < 2 * npts; i++)
		if (!isfinite(pts[i]))
			return errf(err, errlen, "point %zu is not a finite "
			    "number", i / 2 + 1);
	if (check_writable(st, err, errlen) != 0 ||
	    tx_begin(st, err, errlen) != 0)
		return -1;
	ok = (before = quay_json(st, id, err, errlen)) != NULL;
	if (ok && name != NULL) {
		json_t *j = json_loads(before, 0, NULL);

		site_id = json_integer_value(json_object_get(j, "site_id"));
		json_decref(j);
		if (store_quay_find(st, site_id, name, &other, NULL, 0) == 0 &&
		    other != id)
			ok = errf(err, errlen, "quay \"%s\" already exists at "
			    "this site", name) == 0;
		else
			ok = quay_exec(st, "UPDATE quay SET name = ?2 WHERE "
			    "id = ?1", id, name, NULL, NULL, err, errlen) == 0;
	}
	if (ok && pts != NULL) {
		poly = polygon_text(pts, npts);
		ok = quay_exec(st, "DELETE FROM quay_geom WHERE quay_id = ?1",
		    id, NULL, NULL, NULL, err, errlen) == 0 &&
		    quay_exec(st, "UPDATE quay SET polygon = ?2, crs = ?3 "
		    "WHERE id = ?1", id, poly, crs, NULL, err, errlen) == 0;
	}
	if (ok && (after = quay_json(st, id, err, errlen)) == NULL)
		ok = 0;
	if (ok)
		ok = audit_add(st, "update", "quay", id, before, after, err,
		    errlen) == 0;
	free(before);
	free(after);
	free(poly);
	return tx_end(st, ok, err, errlen);
}
