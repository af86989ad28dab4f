/*
 * position.c: where each user was (site, image, viewport), so the TUI
 * reopens there after a dropped link. Not audited: it changes nothing
 * anyone counts.
 */
#include <stdlib.h>

#include "store-int.h"
#include "../util/util.h"

/* *viewport is a new string (caller frees) or NULL. -1 when none saved. */
int
store_position_get(struct store *st, int64_t *site_id, int64_t *image_id,
    char **viewport, char *err, size_t errlen)
{
	static const char sql[] = "SELECT coalesce(site_id, 0), "
	    "coalesce(image_id, 0), viewport FROM position WHERE \"user\" = ?";
	struct db_stmt	*stmt;
	int		 rc;

	if ((stmt = stmt_get(st, sql, err, errlen)) == NULL)
		return -1;
	db_bind_text(stmt, 1, st->user);
	rc = db_step(stmt);
	if (rc == DB_ROW) {
		*site_id = db_column_int64(stmt, 0);
		*image_id = db_column_int64(stmt, 1);
		*viewport = col_strdup(stmt, 2);
	}
	db_reset(stmt);
	if (rc == DB_ROW)
		return 0;
	return errf(err, errlen, "no saved position");
}

int
store_position_put(struct store *st, int64_t site_id, int64_t image_id,
    const char *viewport, char *err, size_t errlen)
{
	static const char sql[] = "INSERT INTO position (\"user\", site_id, "
	    "image_id, viewport, updated) VALUES (?, ?, ?, ?, ?) "
	    "ON CONFLICT(\"user\") DO UPDATE SET site_id = excluded.site_id, "
	    "image_id = excluded.image_id, viewport = excluded.viewport, "
	    "updated = excluded.updated";
	struct db_stmt	*stmt;
	char		 now[32];

	if (st->readonly)
		return errf(err, errlen, "read-only: %s", st->ro_reason);
	if ((stmt = stmt_get(st, sql, err, errlen)) == NULL)
		return -1;
	now_iso(now, sizeof now);
	db_bind_text(stmt, 1, st->user);
	db_bind_int64(stmt, 2, site_id);
	db_bind_int64(stmt, 3, image_id);
	db_bind_text(stmt, 4, viewport);
	db_bind_text(stmt, 5, now);
	return step_done(st, stmt, err, errlen, "position");
}
