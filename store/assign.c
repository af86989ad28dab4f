/*
 * assign.c: which analysts label which images, and blind images: while an
 * image is blind, each analyst assigned to it sees only their own marks
 * (so that two analysts' labels can be compared honestly); a supervisor
 * sees everything and reveals the image when the comparison is done.
 * Verdicts on a blind image are per analyst too (table verdict): each
 * sees their own; the supervisor sees all and settles image.quality.
 */
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "store-int.h"
#include "../util/util.h"

static int
audit_assignment(struct store *st, const char *action, int64_t image_id,
    const char *user, int blind, char *err, size_t errlen)
{
	json_t	*j;
	char	*after;
	int	 rc;

	j = json_pack("{s:s?,s:b}", "user", user, "blind", blind);
	after = json_dumps(j, JSON_COMPACT | JSON_SORT_KEYS);
	json_decref(j);
	rc = audit_add(st, action, "image", image_id, NULL, after, err,
	    errlen);
	free(after);
	return rc;
}

/* Assign image_id to user; blind makes the image blind (until revealed). */
int
store_assign(struct store *st, int64_t image_id, const char *user, int blind,
    char *err, size_t errlen)
{
	static const char ins[] = "INSERT INTO assignment "
	    "(image_id, \"user\", assigned, assigned_by) VALUES (?, ?, ?, ?) "
	    "ON CONFLICT (image_id, \"user\") DO NOTHING";
	static const char set_blind[] = "UPDATE image SET blind = 1, "
	    "version = version + 1 WHERE id = ? AND blind = 0";
	struct store_image	 im;
	struct db_stmt		*stmt;
	char			 now[32];
	int			 ok, role;

	if (check_writable(st, err, errlen) != 0 ||
	    check_role(st, ROLE_SUPERVISOR, "assign images", err, errlen) != 0)
		return -1;
	if (store_user_role(st, user, &role, err, errlen) != 0)
		return -1;
	if (role == ROLE_NONE)
		return errf(err, errlen, "%s is not a user of this database "
		    "(quaymark user add %s --role analyst)", user, user);
	if (tx_begin(st, err, errlen) != 0)
		return -1;
	ok = store_image_get(st, image_id, &im, err, errlen) == 0;
	if (ok)
		store_image_clear(&im);
	if (ok && (stmt = stmt_get(st, ins, err, errlen)) == NULL)
		ok = 0;
	if (ok) {
		now_iso(now, sizeof now);
		db_bind_int64(stmt, 1, image_id);
		db_bind_text(stmt, 2, user);
		db_bind_text(stmt, 3, now);
		db_bind_text(stmt, 4, st->user);
		ok = step_done(st, stmt, err, errlen, "assignment") == 0;
	}
	if (ok && blind && (stmt = stmt_get(st, set_blind, err, errlen)) ==
	    NULL)
		ok = 0;
	if (ok && blind) {
		db_bind_int64(stmt, 1, image_id);
		ok = step_done(st, stmt, err, errlen, "image") == 0;
	}
	if (ok)
		ok = audit_assignment(st, "assign", image_id, user, blind, err,
		    errlen) == 0;
	return tx_end(st, ok, err, errlen);
}

int
store_unassign(struct store *st, int64_t image_id, const char *user,
    char *err, size_t errlen)
{
	static const char sql[] = "DELETE FROM assignment WHERE image_id = ? "
	    "AND \"user\" = ?";
	struct db_stmt	*stmt;
	int		 ok;

	if (check_writable(st, err, errlen) != 0 ||
	    check_role(st, ROLE_SUPERVISOR, "assign images", err, errlen) !=
	    0 || tx_begin(st, err, errlen) != 0)
		return -1;
	ok = (stmt = stmt_get(st, sql, err, errlen)) != NULL;
	if (ok) {
		db_bind_int64(stmt, 1, image_id);
		db_bind_text(stmt, 2, user);
		ok = step_done(st, stmt, err, errlen, "assignment") == 0;
	}
	if (ok && db_changes(st->db) == 0)
		ok = errf(err, errlen, "image %lld is not assigned to %s",
		    (long long)image_id, user) == 0;
	if (ok)
		ok = audit_assignment(st, "unassign", image_id, user, 0, err,
		    errlen) == 0;
	return tx_end(st, ok, err, errlen);
}

/*
 * Inside the caller's transaction: record this (non-supervisor) user's
 * verdict on the blind image im, with its audit row. image.quality, the
 * settled verdict, is left alone.
 */
int
verdict_put(struct store *st, const struct store_image *im,
    const char *quality, char *err, size_t errlen)
{
	static const char sql[] = "INSERT INTO verdict "
	    "(image_id, \"user\", quality, updated) VALUES (?, ?, ?, ?) "
	    "ON CONFLICT (image_id, \"user\") DO UPDATE SET "
	    "quality = excluded.quality, updated = excluded.updated";
	struct db_stmt	*stmt;
	json_t		*j;
	char		*before, *after, now[32];
	int		 rc;

	if ((stmt = stmt_get(st, sql, err, errlen)) == NULL)
		return -1;
	now_iso(now, sizeof now);
	db_bind_int64(stmt, 1, im->id);
	db_bind_text(stmt, 2, st->user);
	db_bind_text(stmt, 3, quality);
	db_bind_text(stmt, 4, now);
	if (step_done(st, stmt, err, errlen, "verdict") != 0)
		return -1;
	/* im->quality is this user's own verdict (IMAGE_QUALITY) */
	j = json_pack("{s:s,s:b}", "quality", quality_name(im->quality),
	    "blind", 1);
	before = json_dumps(j, JSON_COMPACT | JSON_SORT_KEYS);
	json_decref(j);
	j = json_pack("{s:s,s:b}", "quality", quality, "blind", 1);
	after = json_dumps(j, JSON_COMPACT | JSON_SORT_KEYS);
	json_decref(j);
	rc = audit_add(st, "quality", "image", im->id, before, after, err,
	    errlen);
	free(before);
	free(after);
	return rc;
}

static int
verdict_row(struct db_stmt *stmt, void *elem, void *arg)
{
	struct store_verdict	*v = elem;

	(void)arg;
	v->image_id = db_column_int64(stmt, 0);
	v->user = col_strdup(stmt, 1);
	v->quality = quality_parse(db_column_text(stmt, 2));
	v->updated = col_strdup(stmt, 3);
	return 0;
}

/*
 * The analysts' own verdicts on image_id that this user may see (all for
 * a supervisor or once revealed; else only one's own), by user name.
 * Free with store_verdicts_free.
 */
int
store_verdict_list(struct store *st, int64_t image_id,
    struct store_verdict **out, size_t *n, char *err, size_t errlen)
{
	static const char sql[] = "SELECT v.image_id, v.\"user\", v.quality, "
	    "v.updated FROM verdict v JOIN image i ON i.id = v.image_id "
	    "WHERE v.image_id = ? AND (i.blind = 0 OR qm_sees(v.\"user\")) "
	    "ORDER BY v.\"user\"";
	struct store_verdict	*v = NULL;
	struct db_stmt		*stmt;
	size_t			 len = 0;
	int			 failed;

	if ((stmt = stmt_get(st, sql, err, errlen)) == NULL)
		return -1;
	db_bind_int64(stmt, 1, image_id);
	v = rows_fill(stmt, sizeof *v, 4, verdict_row, NULL, &len, &failed);
	if (failed) {
		store_verdicts_free(v, len);
		return db_err(st, err, errlen, "verdicts");
	}
	*out = v;
	*n = len;
	return 0;
}

void
store_verdicts_free(struct store_verdict *v, size_t n)
{
	size_t	 i;

	for (i = 0; i < n; i++) {
		free(v[i].user);
		free(v[i].updated);
	}
	free(v);
}

/*
 * At reveal, inside its transaction: when the analysts' verdicts agree and
 * nobody settled the image yet, theirs becomes the image's verdict.
 */
static int
settle_agreed(struct store *st, int64_t image_id, char *err, size_t errlen)
{
	static const char agreed[] = "SELECT min(v.quality) FROM verdict v "
	    "JOIN image i ON i.id = v.image_id WHERE v.image_id = ?1 AND "
	    "i.quality = 'unreviewed' AND v.quality != 'unreviewed' "
	    "HAVING count(DISTINCT v.quality) = 1";
	static const char set[] = "UPDATE image SET quality = ?1, "
	    "updated = ?2, version = version + 1 WHERE id = ?3";
	struct db_stmt	*stmt;
	char		 q[32], now[32], after[96];
	int		 rc;

	if ((stmt = stmt_get(st, agreed, err, errlen)) == NULL)
		return -1;
	db_bind_int64(stmt, 1, image_id);
	q[0] = '\0';
	if ((rc = db_step(stmt)) == DB_ROW &&
	    db_column_text(stmt, 0) != NULL)
		snprintf(q, sizeof q, "%s", db_column_text(stmt, 0));
	db_reset(stmt);
	if (rc != DB_ROW && rc != DB_DONE)
		return db_err(st, err, errlen, "verdicts");
	if (q[0] == '\0')
		return 0;
	if ((stmt = stmt_get(st, set, err, errlen)) == NULL)
		return -1;
	now_iso(now, sizeof now);
	db_bind_text(stmt, 1, q);
	db_bind_text(stmt, 2, now);
	db_bind_int64(stmt, 3, image_id);
	if (step_done(st, stmt, err, errlen, "image") != 0)
		return -1;
	snprintf(after, sizeof after, "{\"quality\":\"%s\",\"settled\":"
	    "\"agreed\"}", q);
	return audit_add(st, "settle", "image", image_id,
	    "{\"quality\":\"unreviewed\"}", after, err, errlen);
}

/*
 * End an image's blindness: every assignee sees every mark and verdict
 * again; verdicts that agree settle the image's.
 */
int
store_reveal(struct store *st, int64_t image_id, char *err, size_t errlen)
{
	static const char sql[] = "UPDATE image SET blind = 0, "
	    "version = version + 1 WHERE id = ? AND blind = 1";
	struct db_stmt	*stmt;
	int		 ok;

	if (check_writable(st, err, errlen) != 0 ||
	    check_role(st, ROLE_SUPERVISOR, "reveal images", err, errlen) !=
	    0 || tx_begin(st, err, errlen) != 0)
		return -1;
	ok = (stmt = stmt_get(st, sql, err, errlen)) != NULL;
	if (ok) {
		db_bind_int64(stmt, 1, image_id);
		ok = step_done(st, stmt, err, errlen, "image") == 0;
	}
	if (ok && db_changes(st->db) == 0)
		ok = errf(err, errlen, "image %lld is not blind",
		    (long long)image_id) == 0;
	if (ok)
		ok = audit_assignment(st, "reveal", image_id, NULL, 0, err,
		    errlen) == 0;
	if (ok)
		ok = settle_agreed(st, image_id, err, errlen) == 0;
	return tx_end(st, ok, err, errlen);
}

/* Assignments of user (NULL: everyone) at site_id (0: every site). */
int
store_assignment_each(struct store *st, const char *user, int64_t site_id,
    store_assignment_fn fn, void *ctx, char *err, size_t errlen)
{
	static const char sql[] = "SELECT a.image_id, i.name, i.acquired, "
	    "s.name, a.\"user\", i.blind, a.assigned, a.assigned_by, "
	    /* the assignee's own verdict, if this user may see it */
	    "CASE WHEN i.blind = 1 AND NOT qm_sees(a.\"user\") THEN 'hidden' "
	    "ELSE (SELECT v.quality FROM verdict v WHERE v.image_id = "
	    "a.image_id AND v.\"user\" = a.\"user\") END "
	    "FROM assignment a JOIN image i ON i.id = a.image_id "
	    "JOIN site s ON s.id = i.site_id WHERE "
	    "(?1 IS NULL OR a.\"user\" = ?1) AND (?2 = 0 OR i.site_id = ?2) "
	    "ORDER BY i.acquired, i.id, a.\"user\"";
	struct store_assignment	 a;
	struct db_stmt		*stmt;
	int			 rc, stop = 0;

	if ((stmt = stmt_get(st, sql, err, errlen)) == NULL)
		return -1;
	db_bind_text(stmt, 1, user);
	db_bind_int64(stmt, 2, site_id);
	while (!stop && (rc = db_step(stmt)) == DB_ROW) {
		a.image_id = db_column_int64(stmt, 0);
		a.image = (char *)db_column_text(stmt, 1);
		if (date_parse(db_column_text(stmt, 2),
		    &a.acquired, NULL) != 0)
			a.acquired = 0;
		a.site = (char *)db_column_text(stmt, 3);
		a.user = (char *)db_column_text(stmt, 4);
		a.blind = (int)db_column_int64(stmt, 5);
		a.assigned = (char *)db_column_text(stmt, 6);
		a.assigned_by = (char *)db_column_text(stmt, 7);
		a.verdict = (char *)db_column_text(stmt, 8);
		stop = fn(ctx, &a);
	}
	if (!stop && rc != DB_DONE) {
		db_reset(stmt);
		return db_err(st, err, errlen, "assignments");
	}
	db_reset(stmt);
	return 0;
}
