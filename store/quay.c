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
	sqlite3_stmt	*stmt;
	int		 rc;

	if ((stmt = stmt_get(st, sql, err, errlen)) == NULL)
		return -1;
	sqlite3_bind_int64(stmt, 1, site_id);
	bind_text(stmt, 2, name);
	rc = sqlite3_step(stmt);
	if (rc == SQLITE_ROW)
		*id = sqlite3_column_int64(stmt, 0);
	sqlite3_reset(stmt);
	if (rc == SQLITE_ROW)
		return 0;
	if (rc != SQLITE_DONE)
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
	    "crs, created) VALUES (?, ?, ?, ?, ?)";
	sqlite3_stmt	*stmt;
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
		sqlite3_bind_int64(stmt, 1, site_id);
		bind_text(stmt, 2, name);
		bind_text(stmt, 3, poly);
		bind_text(stmt, 4, crs);
		bind_text(stmt, 5, now);
		ok = step_done(st, stmt, err, errlen, "quay") == 0;
	}
	if (ok) {
		*id = sqlite3_last_insert_rowid(st->db);
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

/* Quays of one site (0: every site), in id order. */
int
store_quay_list(struct store *st, int64_t site_id, struct store_quay **out,
    size_t *n, char *err, size_t errlen)
{
	static const char sql[] = "SELECT id, site_id, name, polygon, crs "
	    "FROM quay WHERE ?1 = 0 OR site_id = ?1 ORDER BY site_id, id";
	sqlite3_stmt		*stmt;
	struct store_quay	*v = NULL;
	size_t			 len = 0, cap = 0;
	long			 np;
	int			 rc;

	if ((stmt = stmt_get(st, sql, err, errlen)) == NULL)
		return -1;
	sqlite3_bind_int64(stmt, 1, site_id);
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		if (len == cap) {
			cap = cap ? cap * 2 : 8;
			v = xreallocarray(v, cap, sizeof *v);
		}
		memset(&v[len], 0, sizeof v[len]);
		v[len].id = sqlite3_column_int64(stmt, 0);
		v[len].site_id = sqlite3_column_int64(stmt, 1);
		v[len].name = col_strdup(stmt, 2);
		v[len].crs = col_strdup(stmt, 4);
		np = num_parse_points((const char *)
		    sqlite3_column_text(stmt, 3), &v[len].pts);
		v[len].npts = np < 0 ? 0 : (size_t)np;
		len++;
	}
	sqlite3_reset(stmt);
	if (rc != SQLITE_DONE) {
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
	static const char sql[] = "INSERT OR REPLACE INTO quay_geom "
	    "(quay_id, crs, polygon) VALUES (?, ?, ?)";
	sqlite3_stmt	*stmt;
	char		*poly;
	int		 rc;

	if (check_writable(st, err, errlen) != 0)
		return -1;
	if ((stmt = stmt_get(st, sql, err, errlen)) == NULL)
		return -1;
	poly = polygon_text(pts, npts);
	sqlite3_bind_int64(stmt, 1, quay_id);
	bind_text(stmt, 2, crs);
	bind_text(stmt, 3, poly);
	rc = step_done(st, stmt, err, errlen, "quay");
	free(poly);
	return rc;
}

/* The quay's polygon in crs, if known: 0 and a new array, or -1. */
int
store_quay_geom_get(struct store *st, int64_t quay_id, const char *crs,
    double **pts, size_t *npts, char *err, size_t errlen)
{
	static const char sql[] = "SELECT polygon FROM quay_geom "
	    "WHERE quay_id = ? AND crs = ?";
	sqlite3_stmt	*stmt;
	long		 np = -1;
	int		 rc;

	if ((stmt = stmt_get(st, sql, err, errlen)) == NULL)
		return -1;
	sqlite3_bind_int64(stmt, 1, quay_id);
	bind_text(stmt, 2, crs);
	rc = sqlite3_step(stmt);
	if (rc == SQLITE_ROW)
		np = num_parse_points((const char *)
		    sqlite3_column_text(stmt, 0), pts);
	sqlite3_reset(stmt);
	if (np < 0)
		return errf(err, errlen, "quay %lld has no polygon in %s",
		    (long long)quay_id, crs);
	*npts = (size_t)np;
	return 0;
}
