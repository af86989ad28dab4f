/*
 * sighting.c: marks as the count engine needs them and nothing more, a
 * million at a time. On SQLite the rows are handed over by a SQL function
 * written in C (db_function) evaluated inside one aggregate query, not
 * stepped out one by one: the per-row trips through a step and thirteen
 * column reads cost more than the scan itself. Engines without C
 * functions (PostgreSQL) step the same columns out of a plain SELECT,
 * streamed (db_stream): the engine counts rows as the server sends them.
 */
#include <string.h>

#include "store-int.h"

/*
 * The columns read, in this order (sighting_fn, row_sighting), from the
 * marks joined to their images (direct), or from the sighting table
 * (schema 6), which triggers keep in step with every write to mark and
 * image: no join, narrow rows, in the order of the join (site, image
 * time, image, mark), so the engine sees the same sightings in the same
 * order. A blind image's rows are checked against their mark's author,
 * as MARK_VISIBLE does. Status and kind are read by their first letter.
 */
#define DIRECT_COLS "m.image_id, m.class_id, m.cx, m.cy, m.name, " \
	"m.track, m.count, m.kind, m.w, m.h, m.angle, m.status, m.id"
#define DIRECT_FROM "FROM mark m JOIN image i ON i.id = m.image_id " \
	"WHERE i.site_id = ?1 AND m.deleted = 0 AND m.proposal = 0 AND " \
	"m.class_id IN (?2, ?3) AND " MARK_VISIBLE
#define DIRECT_ORDER " ORDER BY i.acquired, m.image_id, m.id"
#define SUMMARY_COLS "s.image_id, s.class_id, s.cx, s.cy, s.name, " \
	"s.track, s.count, s.kind, s.w, s.h, s.angle, s.status, s.mark_id"
#define SUMMARY_FROM "FROM sighting s WHERE s.site_id = ?1 AND " \
	"s.class_id IN (?2, ?3) AND (s.blind = 0 OR qm_sees((SELECT " \
	"m.author FROM mark m WHERE m.id = s.mark_id)))"
#define SUMMARY_ORDER " ORDER BY s.acquired, s.image_id, s.mark_id"

/* A status text as the count engine's code (NULL: pending's 0). */
static int
status_of(const char *status)
{
	return status == NULL ? 0 : status[0] == 'a' ? STATUS_APPROVED :
	    status[0] == 'r' ? STATUS_REJECTED : STATUS_PENDING;
}

static int
kind_of(const char *k)
{
	return k == NULL ? MARK_POINT : k[0] == 'p' ? MARK_POINT :
	    k[0] == 'b' ? MARK_BOX : MARK_RBOX;
}

/*
 * qm_sighting(the 13 columns): one row, from inside the aggregate query.
 * It and row_sighting read the same columns; they are two functions, not
 * one behind accessor pointers, because this one runs a million times a
 * report and each indirect call per column shows (bench/count.sh).
 */
static void
sighting_fn(void *ctx, struct db_args *a, int argc)
{
	struct store		*st = ctx;
	struct store_sighting	 s;

	db_result_int64(a, 1);
	if (argc != 13 || st->sight_stop || st->sight_fn == NULL)
		return;
	memset(&s, 0, sizeof s);
	s.status = status_of(db_arg_text(a, 11));
	if (st->sight_mask != 0 && !(st->sight_mask & STATUS_BIT(s.status)))
		return;
	s.image_id = db_arg_int64(a, 0);
	s.class_id = db_arg_int64(a, 1);
	s.cx = db_arg_double(a, 2);
	s.cy = db_arg_double(a, 3);
	s.name = db_arg_text(a, 4);
	if ((s.has_track = !db_arg_null(a, 5)))
		s.track = db_arg_int64(a, 5);
	if ((s.has_count = !db_arg_null(a, 6)))
		s.count = db_arg_int64(a, 6);
	s.kind = kind_of(db_arg_text(a, 7));
	s.w = db_arg_double(a, 8);
	s.h = db_arg_double(a, 9);
	s.angle = db_arg_double(a, 10);
	s.mark_id = db_arg_int64(a, 12);
	st->sight_stop = st->sight_fn(st->sight_ctx, &s);
}

/* The same, from a stepped row (engines without C functions). */
static void
row_sighting(struct store *st, struct db_stmt *r)
{
	struct store_sighting	 s;

	memset(&s, 0, sizeof s);
	s.status = status_of(db_column_text(r, 11));
	if (st->sight_mask != 0 && !(st->sight_mask & STATUS_BIT(s.status)))
		return;
	s.image_id = db_column_int64(r, 0);
	s.class_id = db_column_int64(r, 1);
	s.cx = db_column_double(r, 2);
	s.cy = db_column_double(r, 3);
	s.name = db_column_text(r, 4);
	if ((s.has_track = !db_column_null(r, 5)))
		s.track = db_column_int64(r, 5);
	if ((s.has_count = !db_column_null(r, 6)))
		s.count = db_column_int64(r, 6);
	s.kind = kind_of(db_column_text(r, 7));
	s.w = db_column_double(r, 8);
	s.h = db_column_double(r, 9);
	s.angle = db_column_double(r, 10);
	s.mark_id = db_column_int64(r, 12);
	st->sight_stop = st->sight_fn(st->sight_ctx, &s);
}

/* SQLite: the rows through qm_sighting; -1 when it cannot be made. */
static int
sighting_fast(struct store *st, int64_t site_id, int64_t class_a,
    int64_t class_b, char *err, size_t errlen)
{
	static const char direct[] = "SELECT count(qm_sighting("
	    DIRECT_COLS ")) " DIRECT_FROM;
	static const char summary[] = "SELECT count(qm_sighting("
	    SUMMARY_COLS ")) " SUMMARY_FROM;
	struct db_stmt	*stmt;
	int		 rc;

	if (!st->sight_registered) {
		if (db_function(st->db, "qm_sighting", 13, sighting_fn, st,
		    NULL, 0) != 0)
			return db_err(st, err, errlen, "marks");
		st->sight_registered = 1;
	}
	if ((stmt = stmt_get(st, st->sight_direct ? direct : summary, err,
	    errlen)) == NULL)
		return -1;
	db_bind_int64(stmt, 1, site_id);
	db_bind_int64(stmt, 2, class_a);
	db_bind_int64(stmt, 3, class_b);
	while ((rc = db_step(stmt)) == DB_ROW)
		;
	db_reset(stmt);
	if (rc != DB_DONE)
		return db_err(st, err, errlen, "marks");
	return 0;
}

/*
 * Other engines: the same rows stepped out of a plain SELECT, ordered
 * as SQLite's index walk hands them over (PostgreSQL promises no order
 * without ORDER BY), and streamed: a million rows held at once before
 * the first was counted made the report wait for the server's whole
 * answer (bench/count-pg.sh). An early stop's db_reset ends the read.
 */
static int
sighting_rows(struct store *st, int64_t site_id, int64_t class_a,
    int64_t class_b, char *err, size_t errlen)
{
	static const char direct[] = "SELECT " DIRECT_COLS " " DIRECT_FROM
	    DIRECT_ORDER;
	static const char summary[] = "SELECT " SUMMARY_COLS " " SUMMARY_FROM
	    SUMMARY_ORDER;
	struct db_stmt	*stmt;
	int		 rc = DB_DONE;

	if ((stmt = stmt_get(st, st->sight_direct ? direct : summary, err,
	    errlen)) == NULL)
		return -1;
	db_stream(stmt);
	db_bind_int64(stmt, 1, site_id);
	db_bind_int64(stmt, 2, class_a);
	db_bind_int64(stmt, 3, class_b);
	while (!st->sight_stop && (rc = db_step(stmt)) == DB_ROW)
		row_sighting(st, stmt);
	if (st->sight_stop)
		rc = DB_DONE;
	db_reset(stmt);
	if (rc != DB_DONE)
		return db_err(st, err, errlen, "marks");
	return 0;
}

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
 * fn may not query the store: on PostgreSQL the rows stream over the
 * connection, which takes no other statement until they end (what fn
 * needs is read before, as the count engine reads reprojected quays).
 */
int
store_sighting_each(struct store *st, int64_t site_id, int64_t class_a,
    int64_t class_b, int status_mask, store_sighting_fn fn, void *ctx,
    char *err, size_t errlen)
{
	int	 rc;

	st->sight_fn = fn;
	st->sight_ctx = ctx;
	st->sight_mask = status_mask;
	st->sight_stop = 0;
	rc = db_kind(st->db) == DB_SQLITE ?
	    sighting_fast(st, site_id, class_a, class_b, err, errlen) :
	    sighting_rows(st, site_id, class_a, class_b, err, errlen);
	st->sight_fn = NULL;
	st->sight_ctx = NULL;
	return rc;
}

/*
 * fn for the sighting of mark_id, if it is one of site_id's (as
 * store_sighting_each would hand it over, any status): read from the mark
 * itself, one row by its key, for live.c's recount of one changed mark.
 */
int
store_sighting_mark(struct store *st, int64_t site_id, int64_t class_a,
    int64_t class_b, int64_t mark_id, store_sighting_fn fn, void *ctx,
    char *err, size_t errlen)
{
	static const char sql[] = "SELECT " DIRECT_COLS " " DIRECT_FROM
	    " AND m.id = ?4";
	struct db_stmt	*stmt;
	int		 rc;

	if ((stmt = stmt_get(st, sql, err, errlen)) == NULL)
		return -1;
	db_bind_int64(stmt, 1, site_id);
	db_bind_int64(stmt, 2, class_a);
	db_bind_int64(stmt, 3, class_b);
	db_bind_int64(stmt, 4, mark_id);
	st->sight_fn = fn;
	st->sight_ctx = ctx;
	st->sight_mask = 0;
	if ((rc = db_step(stmt)) == DB_ROW)
		row_sighting(st, stmt);
	st->sight_fn = NULL;
	st->sight_ctx = NULL;
	db_reset(stmt);
	if (rc != DB_ROW && rc != DB_DONE)
		return db_err(st, err, errlen, "marks");
	return 0;
}
