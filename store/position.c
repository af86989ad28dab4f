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
	    "coalesce(image_id, 0), viewport FROM position WHERE user = ?";
	sqlite3_stmt	*stmt;
	int		 rc;

	if ((stmt = stmt_get(st, sql, err, errlen)) == NULL)
		return -1;
	bind_text(stmt, 1, st->user);
	rc = sqlite3_step(stmt);
	if (rc == SQLITE_ROW) {
		*site_id = sqlite3_column_int64(stmt, 0);
		*image_id = sqlite3_column_int64(stmt, 1);
		*viewport = col_strdup(stmt, 2);
	}
	sqlite3_reset(stmt);
	if (rc == SQLITE_ROW)
		return 0;
	return errf(err, errlen, "no saved position");
}

int
store_position_put(struct store *st, int64_t site_id, int64_t image_id,
    const char *viewport, char *err, size_t errlen)
{
	static const char sql[] = "INSERT INTO position (user, site_id, "
	    "image_id, viewport, updated) VALUES (?, ?, ?, ?, ?) "
	    "ON CONFLICT(user) DO UPDATE SET site_id = excluded.site_id, "
	    "image_id = excluded.image_id, viewport = excluded.viewport, "
	    "updated = excluded.updated";
	sqlite3_stmt	*stmt;
	char		 now[32];

	if (st->readonly)
		return errf(err, errlen, "read-only: %s", st->ro_reason);
	if ((stmt = stmt_get(st, sql, err, errlen)) == NULL)
		return -1;
	now_iso(now, sizeof now);
	bind_text(stmt, 1, st->user);
	sqlite3_bind_int64(stmt, 2, site_id);
	sqlite3_bind_int64(stmt, 3, image_id);
	bind_text(stmt, 4, viewport);
	bind_text(stmt, 5, now);
	return step_done(st, stmt, err, errlen, "position");
}
