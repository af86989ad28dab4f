/*
 * stac.c: where a remote image came from (schema 5's image_stac): the
 * STAC item, the asset chosen, and what the provider says of the scene:
 * platform, cloud cover, off-nadir angle. Written at ingest beside the
 * image row; read by listings and the image panel. Cloud cover stays a
 * hint: nothing here touches the image's verdict.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "store-int.h"
#include "../util/util.h"

static void
bind_real(struct db_stmt *stmt, int i, double v)
{
	if (isnan(v))
		db_bind_null(stmt, i);
	else
		db_bind_double(stmt, i, v);
}

static double
col_real(struct db_stmt *stmt, int i)
{
	return db_column_null(stmt, i) ? NAN :
	    db_column_double(stmt, i);
}

/* Record (or replace) image_id's STAC facts, inside the caller's work. */
int
store_stac_put(struct store *st, int64_t image_id, const struct store_stac *s,
    char *err, size_t errlen)
{
	static const char sql[] = "INSERT INTO image_stac "
	    "(image_id, item_id, collection, platform, constellation, "
	    "cloud_cover, off_nadir, asset, source) VALUES (?, ?, ?, ?, ?, ?, "
	    "?, ?, ?) ON CONFLICT (image_id) DO UPDATE SET "
	    "item_id = excluded.item_id, collection = excluded.collection, "
	    "platform = excluded.platform, "
	    "constellation = excluded.constellation, "
	    "cloud_cover = excluded.cloud_cover, "
	    "off_nadir = excluded.off_nadir, asset = excluded.asset, "
	    "source = excluded.source";
	struct db_stmt	*stmt;

	if (check_writable(st, err, errlen) != 0 ||
	    (stmt = stmt_get(st, sql, err, errlen)) == NULL)
		return -1;
	db_bind_int64(stmt, 1, image_id);
	db_bind_text(stmt, 2, s->item_id);
	db_bind_text(stmt, 3, s->collection);
	db_bind_text(stmt, 4, s->platform);
	db_bind_text(stmt, 5, s->constellation);
	bind_real(stmt, 6, s->cloud_cover);
	bind_real(stmt, 7, s->off_nadir);
	db_bind_text(stmt, 8, s->asset);
	db_bind_text(stmt, 9, s->source);
	return step_done(st, stmt, err, errlen, "image_stac");
}

static void
stac_fill(struct db_stmt *stmt, struct store_stac *s)
{
	s->image_id = db_column_int64(stmt, 0);
	s->item_id = col_strdup(stmt, 1);
	s->collection = col_strdup(stmt, 2);
	s->platform = col_strdup(stmt, 3);
	s->constellation = col_strdup(stmt, 4);
	s->cloud_cover = col_real(stmt, 5);
	s->off_nadir = col_real(stmt, 6);
	s->asset = col_strdup(stmt, 7);
	s->source = col_strdup(stmt, 8);
}

#define STAC_COLUMNS "image_id, item_id, collection, platform, " \
	"constellation, cloud_cover, off_nadir, asset, source "

/* image_id's STAC facts: 1 and *s filled, 0 when it has none, or -1. */
int
store_stac_get(struct store *st, int64_t image_id, struct store_stac *s,
    char *err, size_t errlen)
{
	static const char sql[] = "SELECT " STAC_COLUMNS
	    "FROM image_stac WHERE image_id = ?";
	struct db_stmt	*stmt;
	int		 rc;

	memset(s, 0, sizeof *s);
	s->cloud_cover = s->off_nadir = NAN;
	if ((stmt = stmt_get(st, sql, err, errlen)) == NULL)
		return -1;
	db_bind_int64(stmt, 1, image_id);
	if ((rc = db_step(stmt)) == DB_ROW)
		stac_fill(stmt, s);
	db_reset(stmt);
	if (rc != DB_ROW && rc != DB_DONE)
		return db_err(st, err, errlen, "image_stac");
	return rc == DB_ROW;
}

/*
 * Every image of site_id (0: all sites) that has STAC facts, by image id,
 * into a new array *out of *n (store_stacs_free frees it).
 */
int
store_stac_list(struct store *st, int64_t site_id, struct store_stac **out,
    size_t *n, char *err, size_t errlen)
{
	static const char sql[] = "SELECT " STAC_COLUMNS "FROM image_stac "
	    "WHERE ?1 = 0 OR image_id IN (SELECT id FROM image WHERE "
	    "site_id = ?1) ORDER BY image_id";
	struct db_stmt	*stmt;
	size_t		 cap = 0;
	int		 rc;

	*out = NULL;
	*n = 0;
	if ((stmt = stmt_get(st, sql, err, errlen)) == NULL)
		return -1;
	db_bind_int64(stmt, 1, site_id);
	while ((rc = db_step(stmt)) == DB_ROW) {
		if (*n == cap) {
			cap = cap ? cap * 2 : 64;
			*out = xreallocarray(*out, cap, sizeof **out);
		}
		stac_fill(stmt, &(*out)[(*n)++]);
	}
	db_reset(stmt);
	if (rc != DB_DONE) {
		store_stacs_free(*out, *n);
		*out = NULL;
		*n = 0;
		return db_err(st, err, errlen, "image_stac");
	}
	return 0;
}

/* The entry for image_id in a list from store_stac_list, or NULL. */
const struct store_stac *
store_stac_find(const struct store_stac *v, size_t n, int64_t image_id)
{
	size_t	 lo = 0, hi = n, mid;

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (v[mid].image_id == image_id)
			return &v[mid];
		if (v[mid].image_id < image_id)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

void
store_stac_clear(struct store_stac *s)
{
	free(s->item_id);
	free(s->collection);
	free(s->platform);
	free(s->constellation);
	free(s->asset);
	free(s->source);
	memset(s, 0, sizeof *s);
	s->cloud_cover = s->off_nadir = NAN;
}

void
store_stacs_free(struct store_stac *v, size_t n)
{
	size_t	 i;

	for (i = 0; i < n; i++)
		store_stac_clear(&v[i]);
	free(v);
}
