/*
 * assign.c: which analysts label which images, and blind images: while an
 * image is blind, each analyst assigned to it sees only their own marks
 * (so that two analysts' labels can be compared honestly); a supervisor
 * sees everything and reveals the image when the comparison is done.
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
	static const char ins[] = "INSERT OR IGNORE INTO assignment "
	    "(image_id, user, assigned, assigned_by) VALUES (?, ?, ?, ?)";
	static const char set_blind[] = "UPDATE image SET blind = 1, "
	    "version = version + 1 WHERE id = ? AND blind = 0";
	struct store_image	 im;
	sqlite3_stmt		*stmt;
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
		sqlite3_bind_int64(stmt, 1, image_id);
		bind_text(stmt, 2, user);
		bind_text(stmt, 3, now);
		bind_text(stmt, 4, st->user);
		ok = step_done(st, stmt, err, errlen, "assignment") == 0;
	}
	if (ok && blind && (stmt = stmt_get(st, set_blind, err, errlen)) ==
	    NULL)
		ok = 0;
	if (ok && blind) {
		sqlite3_bind_int64(stmt, 1, image_id);
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
	    "AND user = ?";
	sqlite3_stmt	*stmt;
	int		 ok;

	if (check_writable(st, err, errlen) != 0 ||
	    check_role(st, ROLE_SUPERVISOR, "assign images", err, errlen) !=
	    0 || tx_begin(st, err, errlen) != 0)
		return -1;
	ok = (stmt = stmt_get(st, sql, err, errlen)) != NULL;
	if (ok) {
		sqlite3_bind_int64(stmt, 1, image_id);
		bind_text(stmt, 2, user);
		ok = step_done(st, stmt, err, errlen, "assignment") == 0;
	}
	if (ok && sqlite3_changes(st->db) == 0)
		ok = errf(err, errlen, "image %lld is not assigned to %s",
		    (long long)image_id, user) == 0;
	if (ok)
		ok = audit_assignment(st, "unassign", image_id, user, 0, err,
		    errlen) == 0;
	return tx_end(st, ok, err, errlen);
}

/* End an image's blindness: every assignee sees every mark again. */
int
store_reveal(struct store *st, int64_t image_id, char *err, size_t errlen)
{
	static const char sql[] = "UPDATE image SET blind = 0, "
	    "version = version + 1 WHERE id = ? AND blind = 1";
	sqlite3_stmt	*stmt;
	int		 ok;

	if (check_writable(st, err, errlen) != 0 ||
	    check_role(st, ROLE_SUPERVISOR, "reveal images", err, errlen) !=
	    0 || tx_begin(st, err, errlen) != 0)
		return -1;
	ok = (stmt = stmt_get(st, sql, err, errlen)) != NULL;
	if (ok) {
		sqlite3_bind_int64(stmt, 1, image_id);
		ok = step_done(st, stmt, err, errlen, "image") == 0;
	}
	if (ok && sqlite3_changes(st->db) == 0)
		ok = errf(err, errlen, "image %lld is not blind",
		    (long long)image_id) == 0;
	if (ok)
		ok = audit_assignment(st, "reveal", image_id, NULL, 0, err,
		    errlen) == 0;
	return tx_end(st, ok, err, errlen);
}

/* Assignments of user (NULL: everyone) at site_id (0: every site). */
int
store_assignment_each(struct store *st, const char *user, int64_t site_id,
    store_assignment_fn fn, void *ctx, char *err, size_t errlen)
{
	static const char sql[] = "SELECT a.image_id, i.name, i.acquired, "
	    "s.name, a.user, i.blind, a.assigned, a.assigned_by "
	    "FROM assignment a JOIN image i ON i.id = a.image_id "
	    "JOIN site s ON s.id = i.site_id WHERE (?1 IS NULL OR a.user = ?1) "
	    "AND (?2 = 0 OR i.site_id = ?2) ORDER BY i.acquired, i.id, a.user";
	struct store_assignment	 a;
	sqlite3_stmt		*stmt;
	int			 rc, stop = 0;

	if ((stmt = stmt_get(st, sql, err, errlen)) == NULL)
		return -1;
	bind_text(stmt, 1, user);
	sqlite3_bind_int64(stmt, 2, site_id);
	while (!stop && (rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		a.image_id = sqlite3_column_int64(stmt, 0);
		a.image = (char *)sqlite3_column_text(stmt, 1);
		if (date_parse((const char *)sqlite3_column_text(stmt, 2),
		    &a.acquired, NULL) != 0)
			a.acquired = 0;
		a.site = (char *)sqlite3_column_text(stmt, 3);
		a.user = (char *)sqlite3_column_text(stmt, 4);
		a.blind = sqlite3_column_int(stmt, 5);
		a.assigned = (char *)sqlite3_column_text(stmt, 6);
		a.assigned_by = (char *)sqlite3_column_text(stmt, 7);
		stop = fn(ctx, &a);
	}
	if (!stop && rc != SQLITE_DONE) {
		sqlite3_reset(stmt);
		return db_err(st, err, errlen, "assignments");
	}
	sqlite3_reset(stmt);
	return 0;
}
