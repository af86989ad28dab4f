/*
 * sighting.c: marks as the count engine needs them and nothing more, a
 * million at a time. The rows are handed over by an application-defined
 * SQL function evaluated inside one aggregate query, not stepped out one
 * by one: the per-row trips through sqlite3_step and thirteen
 * sqlite3_column calls cost more than the scan itself.
 */
#include <string.h>

#include "store-int.h"

static void
sighting_fn(sqlite3_context *cx, int argc, sqlite3_value **v)
{
	struct store		*st = sqlite3_user_data(cx);
	struct store_sighting	 s;
	const char		*k, *status;

	sqlite3_result_int(cx, 1);
	if (argc != 13 || st->sight_stop || st->sight_fn == NULL)
		return;
	memset(&s, 0, sizeof s);
	status = (const char *)sqlite3_value_text(v[11]);
	s.status = status == NULL ? 0 : status[0] == 'a' ? STATUS_APPROVED :
	    status[0] == 'r' ? STATUS_REJECTED : STATUS_PENDING;
	if (st->sight_mask != 0 && !(st->sight_mask & STATUS_BIT(s.status)))
		return;
	s.image_id = sqlite3_value_int64(v[0]);
	s.class_id = sqlite3_value_int64(v[1]);
	s.cx = sqlite3_value_double(v[2]);
	s.cy = sqlite3_value_double(v[3]);
	s.name = (const char *)sqlite3_value_text(v[4]);
	if ((s.has_track = sqlite3_value_type(v[5]) != SQLITE_NULL))
		s.track = sqlite3_value_int64(v[5]);
	if ((s.has_count = sqlite3_value_type(v[6]) != SQLITE_NULL))
		s.count = sqlite3_value_int64(v[6]);
	k = (const char *)sqlite3_value_text(v[7]);
	s.kind = k == NULL ? MARK_POINT : k[0] == 'p' ? MARK_POINT :
	    k[0] == 'b' ? MARK_BOX : MARK_RBOX;
	s.w = sqlite3_value_double(v[8]);
	s.h = sqlite3_value_double(v[9]);
	s.angle = sqlite3_value_double(v[10]);
	s.mark_id = sqlite3_value_int64(v[12]);
	st->sight_stop = st->sight_fn(st->sight_ctx, &s);
}

/*
 * The same rows from the sighting table (schema 6), which triggers keep
 * in step with every write to mark and image: no join, narrow rows, in
 * the order of the join above (site, image time, image, mark), so the
 * engine sees the same sightings in the same order. A blind image's rows
 * are checked against their mark's author, as MARK_VISIBLE does.
 */
static const char summary_sql[] = "SELECT count(qm_sighting(s.image_id, "
    "s.class_id, s.cx, s.cy, s.name, s.track, s.count, s.kind, s.w, s.h, "
    "s.angle, s.status, s.mark_id)) FROM sighting s WHERE s.site_id = ?1 "
    "AND s.class_id IN (?2, ?3) AND (s.blind = 0 OR qm_sees((SELECT "
    "m.author FROM mark m WHERE m.id = s.mark_id)))";

/* For tests and benchmarks: read marks directly (1) or the summary (0). */
void
store_sighting_direct(struct store *st, int direct)
{
	st->sight_direct = direct;
}

/*
 * Call fn for each live, non-proposal mark of site_id whose class is
 * class_a or class_b and whose status is in status_mask (0: any), image
 * by image in time order, marks by id. fn returns non-zero to stop.
 */
int
store_sighting_each(struct store *st, int64_t site_id, int64_t class_a,
    int64_t class_b, int status_mask, store_sighting_fn fn, void *ctx,
    char *err, size_t errlen)
{
	static const char sql[] = "SELECT count(qm_sighting(m.image_id, "
	    "m.class_id, m.cx, m.cy, m.name, m.track, m.count, m.kind, m.w, "
	    "m.h, m.angle, m.status, m.id)) FROM mark m JOIN image i "
	    "ON i.id = m.image_id WHERE i.site_id = ?1 AND m.deleted = 0 AND "
	    "m.proposal = 0 AND m.class_id IN (?2, ?3) AND " MARK_VISIBLE;
	sqlite3_stmt	*stmt;
	int		 rc;

	if (!st->sight_registered) {
		if (sqlite3_create_function(st->db, "qm_sighting", 13,
		    SQLITE_UTF8, st, sighting_fn, NULL, NULL) != SQLITE_OK)
			return db_err(st, err, errlen, "marks");
		st->sight_registered = 1;
	}
	if ((stmt = stmt_get(st, st->sight_direct ? sql : summary_sql, err,
	    errlen)) == NULL)
		return -1;
	sqlite3_bind_int64(stmt, 1, site_id);
	sqlite3_bind_int64(stmt, 2, class_a);
	sqlite3_bind_int64(stmt, 3, class_b);
	st->sight_fn = fn;
	st->sight_ctx = ctx;
	st->sight_mask = status_mask;
	st->sight_stop = 0;
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW)
		;
	sqlite3_reset(stmt);
	st->sight_fn = NULL;
	st->sight_ctx = NULL;
	if (rc != SQLITE_DONE)
		return db_err(st, err, errlen, "marks");
	return 0;
}
