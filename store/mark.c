/*
 * mark.c: marks, what analysts draw. A mark is safe once a function here
 * returns 0: it is committed with its audit row. Every change bumps the
 * version, and a change made against a stale version is refused, so two
 * analysts never silently overwrite each other. Deleting is soft, so undo
 * and the audit trail can always bring a mark back.
 */
#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store-int.h"
#include "../util/util.h"

#define NAME_MAX_LEN	200
#define NOTE_MAX_LEN	4000

static const char *const kind_names[] = { "point", "box", "rbox" };
static const char *const status_names[] = { "pending", "approved",
    "rejected" };

const char *
mark_kind_name(int k)
{
	return k >= 0 && k < 3 ? kind_names[k] : "?";
}

int
mark_kind_parse(const char *s)
{
	int	 i;

	for (i = 0; i < 3; i++)
		if (strcmp(s, kind_names[i]) == 0)
			return i;
	return -1;
}

const char *
status_name(int s)
{
	return s >= 0 && s < 3 ? status_names[s] : "?";
}

int
status_parse(const char *s)
{
	int	 i;

	for (i = 0; i < 3; i++)
		if (strcmp(s, status_names[i]) == 0)
			return i;
	return -1;
}

void
store_mark_init(struct store_mark *m)
{
	memset(m, 0, sizeof *m);
	m->kind = MARK_POINT;
}

void
store_mark_clear(struct store_mark *m)
{
	free(m->class_name);
	free(m->name);
	free(m->state);
	free(m->note);
	free(m->author);
	free(m->status_reason);
	free(m->status_by);
	free(m->created);
	free(m->updated);
	free(m->updated_by);
	free(m->image_name);
	free(m->site);
	store_mark_init(m);
}

static char *
dup_or_null(const char *s)
{
	return s == NULL ? NULL : xstrdup(s);
}

/* A deep copy: dst owns its own strings. */
void
store_mark_copy(struct store_mark *dst, const struct store_mark *src)
{
	*dst = *src;
	dst->class_name = dup_or_null(src->class_name);
	dst->name = dup_or_null(src->name);
	dst->state = dup_or_null(src->state);
	dst->note = dup_or_null(src->note);
	dst->author = dup_or_null(src->author);
	dst->status_reason = dup_or_null(src->status_reason);
	dst->status_by = dup_or_null(src->status_by);
	dst->created = dup_or_null(src->created);
	dst->updated = dup_or_null(src->updated);
	dst->updated_by = dup_or_null(src->updated_by);
	dst->image_name = dup_or_null(src->image_name);
	dst->site = dup_or_null(src->site);
}

void
store_marks_free(struct store_mark *v, size_t n)
{
	size_t	 i;

	for (i = 0; i < n; i++)
		store_mark_clear(&v[i]);
	free(v);
}

/* The audit form of a mark: everything an auditor would want to compare. */
char *
mark_json(const struct store_mark *m)
{
	json_t	*j;
	char	*s;

	j = json_pack("{s:I,s:s?,s:s,s:f,s:f,s:f,s:f,s:f,s:s?,s:s?,s:s?,"
	    "s:s,s:s,s:s?,s:I,s:b,s:b}",
	    "image_id", (json_int_t)m->image_id,
	    "class", m->class_name,
	    "kind", mark_kind_name(m->kind),
	    "cx", m->cx, "cy", m->cy, "w", m->w, "h", m->h, "angle", m->angle,
	    "name", m->name, "state", m->state, "note", m->note,
	    "author", m->author ? m->author : "",
	    "status", status_name(m->status),
	    "status_reason", m->status_reason,
	    "version", (json_int_t)m->version,
	    "deleted", m->deleted, "proposal", m->proposal);
	if (m->has_count)
		json_object_set_new(j, "count", json_integer(m->count));
	if (m->has_track)
		json_object_set_new(j, "track", json_integer(m->track));
	s = json_dumps(j, JSON_COMPACT | JSON_SORT_KEYS | JSON_REAL_PRECISION(17));
	json_decref(j);
	return s;
}

#define MARK_COLUMNS "m.id, m.image_id, m.class_id, c.name, m.kind, m.cx, " \
	"m.cy, m.w, m.h, m.angle, m.name, m.count, m.state, m.note, " \
	"m.track, m.author, m.status, m.status_reason, m.status_by, " \
	"m.created, m.updated, m.updated_by, m.version, m.deleted, " \
	"m.proposal, i.name, s.name, i.acquired, i.quality "
#define MARK_JOINS "JOIN class c ON c.id = m.class_id " \
	"JOIN image i ON i.id = m.image_id JOIN site s ON s.id = i.site_id "
#define MARK_FROM "FROM mark m " MARK_JOINS

static void
mark_fill(struct db_stmt *stmt, struct store_mark *m)
{
	const char	*t;
	int64_t		 when;

	store_mark_init(m);
	m->id = db_column_int64(stmt, 0);
	m->image_id = db_column_int64(stmt, 1);
	m->class_id = db_column_int64(stmt, 2);
	m->class_name = col_strdup(stmt, 3);
	m->kind = mark_kind_parse(db_column_text(stmt, 4));
	m->cx = db_column_double(stmt, 5);
	m->cy = db_column_double(stmt, 6);
	m->w = db_column_double(stmt, 7);
	m->h = db_column_double(stmt, 8);
	m->angle = db_column_double(stmt, 9);
	m->name = col_strdup(stmt, 10);
	if ((m->has_count = !db_column_null(stmt, 11)))
		m->count = db_column_int64(stmt, 11);
	m->state = col_strdup(stmt, 12);
	m->note = col_strdup(stmt, 13);
	if ((m->has_track = !db_column_null(stmt, 14)))
		m->track = db_column_int64(stmt, 14);
	m->author = col_strdup(stmt, 15);
	m->status = status_parse(db_column_text(stmt, 16));
	m->status_reason = col_strdup(stmt, 17);
	m->status_by = col_strdup(stmt, 18);
	m->created = col_strdup(stmt, 19);
	m->updated = col_strdup(stmt, 20);
	m->updated_by = col_strdup(stmt, 21);
	m->version = db_column_int64(stmt, 22);
	m->deleted = (int)db_column_int64(stmt, 23);
	m->proposal = (int)db_column_int64(stmt, 24);
	m->image_name = col_strdup(stmt, 25);
	m->site = col_strdup(stmt, 26);
	t = db_column_text(stmt, 27);
	if (t != NULL && date_parse(t, &when, NULL) == 0)
		m->acquired = when;
	m->quality = quality_parse(db_column_text(stmt, 28));
}

int
store_mark_get(struct store *st, int64_t id, struct store_mark *m,
    char *err, size_t errlen)
{
	static const char sql[] = "SELECT " MARK_COLUMNS MARK_FROM
	    "WHERE m.id = ? AND " MARK_VISIBLE;
	struct db_stmt	*stmt;
	int		 rc;

	if ((stmt = stmt_get(st, sql, err, errlen)) == NULL)
		return -1;
	db_bind_int64(stmt, 1, id);
	rc = db_step(stmt);
	if (rc == DB_ROW)
		mark_fill(stmt, m);
	db_reset(stmt);
	if (rc == DB_ROW)
		return 0;
	if (rc != DB_DONE)
		return db_err(st, err, errlen, "mark");
	return errf(err, errlen, "no mark with id %lld", (long long)id);
}

static double
norm_angle(double a)
{
	a = fmod(a, 360.0);
	if (a <= -180.0)
		a += 360.0;
	else if (a > 180.0)
		a -= 360.0;
	return a == 0 ? 0 : a;	/* no -0 */
}

/*
 * Check a mark against its image and the rules of its kind, resolving the
 * class by name when class_id is 0. Normalises the geometry in place.
 */
/* An image's size and lock, without the catalog row's heavier columns. */
static int
image_frame(struct store *st, int64_t id, int *w, int *h, int *accepted,
    char *err, size_t errlen)
{
	static const char sql[] =
	    "SELECT width, height, accepted FROM image WHERE id = ?";
	/*
	 * PostgreSQL: a change begun by tx_begin_late holds no lock yet, so
	 * the image is read FOR SHARE: a supervisor's accept waits for the
	 * change to commit, or the change, waiting, reads it accepted
	 * (SQLite's writers are serialised from BEGIN IMMEDIATE on).
	 */
	static const char sql_pg[] = "SELECT width, height, accepted FROM "
	    "image WHERE id = ? FOR SHARE";
	struct db_stmt	*stmt;
	int		 rc;

	if ((stmt = stmt_get(st, db_kind(st->db) == DB_PG ? sql_pg : sql, err,
	    errlen)) == NULL)
		return -1;
	db_bind_int64(stmt, 1, id);
	rc = db_step(stmt);
	if (rc == DB_ROW) {
		*w = (int)db_column_int64(stmt, 0);
		*h = (int)db_column_int64(stmt, 1);
		*accepted = (int)db_column_int64(stmt, 2);
	}
	db_reset(stmt);
	if (rc == DB_ROW)
		return 0;
	if (rc != DB_DONE)
		return db_err(st, err, errlen, "image");
	return errf(err, errlen, "no image with id %lld", (long long)id);
}

static int
mark_validate(struct store *st, struct store_mark *m, char *err,
    size_t errlen)
{
	int	 w, h, accepted;

	if (m->class_id == 0) {
		if (m->class_name == NULL)
			return errf(err, errlen, "a mark needs a class");
		if (store_class_find(st, m->class_name, &m->class_id, err,
		    errlen) != 0)
			return -1;
	}
	if (m->kind < MARK_POINT || m->kind > MARK_RBOX)
		return errf(err, errlen, "unknown mark kind");
	if (!isfinite(m->cx) || !isfinite(m->cy) || !isfinite(m->w) ||
	    !isfinite(m->h) || !isfinite(m->angle))
		return errf(err, errlen, "geometry is not a finite number");
	if (image_frame(st, m->image_id, &w, &h, &accepted, err, errlen) != 0)
		return -1;
	if (m->cx < 0 || m->cy < 0 || m->cx > w || m->cy > h)
		return errf(err, errlen, "mark centre (%g, %g) is outside image "
		    "%lld (%d x %d)", m->cx, m->cy, (long long)m->image_id, w, h);
	if (geom_check(m->cx, m->cy, m->kind == MARK_POINT ? 0 : m->w,
	    m->kind == MARK_POINT ? 0 : m->h, m->angle, w, h, err, errlen)
	    != 0)
		return -1;
	if (m->kind == MARK_POINT) {
		m->w = m->h = m->angle = 0;
	} else {
		if (m->w <= 0 || m->h <= 0)
			return errf(err, errlen, "a %s needs a positive width "
			    "and height (got %g x %g)", mark_kind_name(m->kind),
			    m->w, m->h);
		if (m->kind == MARK_BOX)
			m->angle = 0;
		else
			m->angle = norm_angle(m->angle);
	}
	if (m->has_count && m->count < 0)
		return errf(err, errlen, "count must not be negative");
	if (m->name != NULL && strlen(m->name) > NAME_MAX_LEN)
		return errf(err, errlen, "name longer than %d bytes",
		    NAME_MAX_LEN);
	if (m->note != NULL && strlen(m->note) > NOTE_MAX_LEN)
		return errf(err, errlen, "note longer than %d bytes",
		    NOTE_MAX_LEN);
	if (m->state != NULL && strlen(m->state) > NAME_MAX_LEN)
		return errf(err, errlen, "state longer than %d bytes",
		    NAME_MAX_LEN);
	/* text is UTF-8: JSON, XML and the screen all need it to be */
	if ((m->name != NULL && !text_utf8_valid(m->name)) ||
	    (m->note != NULL && !text_utf8_valid(m->note)) ||
	    (m->state != NULL && !text_utf8_valid(m->state)) ||
	    (m->status_reason != NULL && !text_utf8_valid(m->status_reason)))
		return errf(err, errlen, "%s is not UTF-8 text",
		    m->name && !text_utf8_valid(m->name) ? "the name" :
		    m->note && !text_utf8_valid(m->note) ? "the note" :
		    m->state && !text_utf8_valid(m->state) ? "the state" :
		    "the reason");
	if (accepted && !store_is_supervisor(st))
		return errf(err, errlen, "image %lld is accepted by a "
		    "supervisor and locked", (long long)m->image_id);
	return 0;
}

static void
bind_mark(struct db_stmt *stmt, const struct store_mark *m)
{
	db_bind_int64(stmt, 1, m->image_id);
	db_bind_int64(stmt, 2, m->class_id);
	db_bind_text(stmt, 3, mark_kind_name(m->kind));
	db_bind_double(stmt, 4, m->cx);
	db_bind_double(stmt, 5, m->cy);
	db_bind_double(stmt, 6, m->w);
	db_bind_double(stmt, 7, m->h);
	db_bind_double(stmt, 8, m->angle);
	db_bind_text(stmt, 9, m->name != NULL && *m->name ? m->name : NULL);
	if (m->has_count)
		db_bind_int64(stmt, 10, m->count);
	else
		db_bind_null(stmt, 10);
	db_bind_text(stmt, 11, m->state != NULL && *m->state ? m->state : NULL);
	db_bind_text(stmt, 12, m->note != NULL && *m->note ? m->note : NULL);
	if (m->has_track)
		db_bind_int64(stmt, 13, m->track);
	else
		db_bind_null(stmt, 13);
}

#define MARK_INSERT "INSERT INTO mark (image_id, class_id, kind, cx, cy, " \
	"w, h, angle, name, count, state, note, track, author, status, " \
	"status_reason, status_by, proposal, created, updated, updated_by) " \
	"VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"

/*
 * Run the bound insert stmt and read the new row back into done, as
 * store_mark_get reads it. PostgreSQL returns the row, joined, from the
 * insert itself (a data-modifying WITH, which SQLite has not): one round
 * trip, not two. The author or a supervisor adds it, so it is visible to
 * who reads it back (MARK_VISIBLE).
 */
static int
mark_insert_read(struct store *st, struct db_stmt *stmt,
    struct store_mark *done, char *err, size_t errlen)
{
	int64_t	 id;
	int	 rc;

	if (db_kind(st->db) != DB_PG)
		return step_id(st, stmt, &id, err, errlen, "mark") != 0 ? -1 :
		    store_mark_get(st, id, done, err, errlen);
	rc = db_step(stmt);
	if (rc == DB_ROW)
		mark_fill(stmt, done);
	db_reset(stmt);
	if (rc == DB_ROW)
		return 0;
	return rc == DB_DONE ? errf(err, errlen, "mark: the new mark was not "
	    "read back") : db_err(st, err, errlen, "mark");
}

/*
 * Add a mark. In: image_id, class_id (or, when it is 0, class_name), kind,
 * geometry, attributes; author, status and proposal are honoured when set
 * (imports) and default to this user, pending, 0. Out: m->id, version and times are
 * filled from the committed row.
 */
int
store_mark_add(struct store *st, struct store_mark *m, char *err,
    size_t errlen)
{
	return store_mark_add_row(st, m, NULL, err, errlen);
}

/*
 * store_mark_add, and (row not NULL) the committed row as store_mark_get
 * reads it, for showing it without reading it again; the caller clears
 * it. Untouched on failure.
 */
int
store_mark_add_row(struct store *st, struct store_mark *m,
    struct store_mark *row, char *err, size_t errlen)
{
	static const char sql[] = MARK_INSERT " RETURNING id";
	static const char sql_pg[] = "WITH m AS (" MARK_INSERT " RETURNING *) "
	    "SELECT " MARK_COLUMNS "FROM m " MARK_JOINS;
	struct db_stmt		*stmt;
	struct store_mark	 done;
	char			*after, now[32];
	int			 ok, got = 0;

	if (check_writable(st, err, errlen) != 0 ||
	    tx_begin_late(st, err, errlen) != 0)
		return -1;
	ok = mark_validate(st, m, err, errlen) == 0;
	if (ok && m->status != STATUS_PENDING && !store_is_supervisor(st))
		ok = check_role(st, ROLE_SUPERVISOR, "add reviewed marks", err,
		    errlen) == 0;
	if (ok && (stmt = stmt_get(st, db_kind(st->db) == DB_PG ? sql_pg : sql,
	    err, errlen)) == NULL)
		ok = 0;
	if (ok) {
		now_iso(now, sizeof now);
		bind_mark(stmt, m);
		db_bind_text(stmt, 14, m->author != NULL ? m->author : st->user);
		db_bind_text(stmt, 15, status_name(m->status));
		db_bind_text(stmt, 16, m->status_reason);
		db_bind_text(stmt, 17, m->status != STATUS_PENDING ? st->user :
		    NULL);
		db_bind_int64(stmt, 18, m->proposal != 0);
		db_bind_text(stmt, 19, now);
		db_bind_text(stmt, 20, now);
		db_bind_text(stmt, 21, st->user);
		ok = got = mark_insert_read(st, stmt, &done, err, errlen) == 0;
	}
	if (ok) {
		m->id = done.id;
		after = mark_json(&done);
		ok = audit_add(st, "create", "mark", m->id, NULL, after, err,
		    errlen) == 0;
		free(after);
		m->version = done.version;
	}
	if (tx_end(st, ok, err, errlen) != 0) {
		if (got)
			store_mark_clear(&done);
		return -1;
	}
	if (row != NULL)
		*row = done;
	else
		store_mark_clear(&done);
	return 0;
}

/* Load a mark for a change and refuse if it moved on or is locked. */
static int
mark_for_change(struct store *st, int64_t id, int64_t expect,
    int want_deleted, struct store_mark *cur, char *err, size_t errlen)
{
	if (store_mark_get(st, id, cur, err, errlen) != 0)
		return -1;
	if (cur->deleted != want_deleted) {
		errf(err, errlen, cur->deleted ? "mark %lld was deleted by %s "
		    "at %s" : "mark %lld is not deleted", (long long)id,
		    cur->updated_by, cur->updated);
		store_mark_clear(cur);
		return -1;
	}
	if (expect != 0 && cur->version != expect) {
		errf(err, errlen, "mark %lld was changed by %s at %s (now "
		    "version %lld, you had %lld); showing the fresh one",
		    (long long)id, cur->updated_by, cur->updated,
		    (long long)cur->version, (long long)expect);
		store_mark_clear(cur);
		return -1;
	}
	return 0;
}

/*
 * After an UPDATE guarded by "AND version = ?" (a change begun with
 * tx_begin_late read cur without a lock): no row changed means another
 * writer's change came first; say whose, as mark_for_change does.
 */
static int
mark_moved(struct store *st, const struct store_mark *had, char *err,
    size_t errlen)
{
	struct store_mark	 now;

	if (db_changes(st->db) == 1)
		return 0;
	if (mark_for_change(st, had->id, had->version, had->deleted, &now, err,
	    errlen) != 0)
		return -1;
	store_mark_clear(&now);
	return errf(err, errlen, "mark %lld was changed by another writer at "
	    "the same time; try again", (long long)had->id);
}

static int
mark_locked(struct store *st, int64_t image_id, char *err, size_t errlen)
{
	int	 w, h, accepted;

	if (image_frame(st, image_id, &w, &h, &accepted, err, errlen) != 0)
		return -1;
	if (accepted && !store_is_supervisor(st))
		return errf(err, errlen, "image %lld is accepted by a "
		    "supervisor and locked", (long long)image_id);
	return 0;
}

/*
 * Write m's class, geometry and attributes over mark m->id, if it is still
 * at version expect (0: whatever it is now). An analyst's edit sends an
 * approved or rejected mark back to pending; a supervisor's is their
 * correction and keeps the verdict. On success m->version is the new one.
 */
int
store_mark_update(struct store *st, struct store_mark *m, int64_t expect,
    char *err, size_t errlen)
{
	static const char sql[] = "UPDATE mark SET image_id = ?1, "
	    "class_id = ?2, kind = ?3, cx = ?4, cy = ?5, w = ?6, h = ?7, "
	    "angle = ?8, name = ?9, count = ?10, state = ?11, note = ?12, "
	    "track = ?13, status = ?14, status_reason = ?15, status_by = ?16, "
	    "proposal = ?17, updated = ?18, updated_by = ?19, "
	    "version = version + 1 WHERE id = ?20 AND version = ?21";
	struct db_stmt		*stmt;
	struct store_mark	 cur, done;
	char			*before, *after, now[32];
	int			 ok, status;
	const char		*reason, *by;

	if (check_writable(st, err, errlen) != 0 ||
	    tx_begin_late(st, err, errlen) != 0)
		return -1;
	if (mark_for_change(st, m->id, expect, 0, &cur, err, errlen) != 0)
		return tx_end(st, 0, err, errlen);
	if (m->class_name != NULL && cur.class_name != NULL &&
	    strcmp(m->class_name, cur.class_name) != 0 &&
	    m->class_id == cur.class_id)
		m->class_id = 0;	/* the caller renamed the class only */
	/* validate reads the image's lock too: once when it stays put */
	ok = (m->image_id == cur.image_id || mark_locked(st, cur.image_id,
	    err, errlen) == 0) && mark_validate(st, m, err, errlen) == 0;
	status = cur.status;
	reason = cur.status_reason;
	by = cur.status_by;
	if (status != STATUS_PENDING && !store_is_supervisor(st)) {
		status = STATUS_PENDING;
		reason = NULL;
		by = NULL;
	}
	if (ok && (stmt = stmt_get(st, sql, err, errlen)) == NULL)
		ok = 0;
	if (ok) {
		now_iso(now, sizeof now);
		bind_mark(stmt, m);
		db_bind_text(stmt, 14, status_name(status));
		db_bind_text(stmt, 15, reason);
		db_bind_text(stmt, 16, by);
		db_bind_int64(stmt, 17, m->proposal != 0);
		db_bind_text(stmt, 18, now);
		db_bind_text(stmt, 19, st->user);
		db_bind_int64(stmt, 20, m->id);
		db_bind_int64(stmt, 21, cur.version);
		ok = step_done(st, stmt, err, errlen, "mark") == 0 &&
		    mark_moved(st, &cur, err, errlen) == 0;
	}
	if (ok && (ok = store_mark_get(st, m->id, &done, err, errlen) == 0)) {
		before = mark_json(&cur);
		after = mark_json(&done);
		ok = audit_add(st, "update", "mark", m->id, before, after, err,
		    errlen) == 0;
		free(before);
		free(after);
		m->version = done.version;
		m->status = done.status;
		store_mark_clear(&done);
	}
	store_mark_clear(&cur);
	return tx_end(st, ok, err, errlen);
}

static int
mark_set_deleted(struct store *st, int64_t id, int64_t expect, int deleted,
    char *err, size_t errlen)
{
	static const char sql[] = "UPDATE mark SET deleted = ?, updated = ?, "
	    "updated_by = ?, version = version + 1 WHERE id = ? AND "
	    "version = ?";
	struct db_stmt		*stmt;
	struct store_mark	 cur, done;
	char			*before, *after, now[32];
	int			 ok;

	if (check_writable(st, err, errlen) != 0 ||
	    tx_begin_late(st, err, errlen) != 0)
		return -1;
	if (mark_for_change(st, id, expect, !deleted, &cur, err, errlen) != 0)
		return tx_end(st, 0, err, errlen);
	ok = mark_locked(st, cur.image_id, err, errlen) == 0;
	if (ok && (stmt = stmt_get(st, sql, err, errlen)) == NULL)
		ok = 0;
	if (ok) {
		now_iso(now, sizeof now);
		db_bind_int64(stmt, 1, deleted);
		db_bind_text(stmt, 2, now);
		db_bind_text(stmt, 3, st->user);
		db_bind_int64(stmt, 4, id);
		db_bind_int64(stmt, 5, cur.version);
		ok = step_done(st, stmt, err, errlen, "mark") == 0 &&
		    mark_moved(st, &cur, err, errlen) == 0;
	}
	if (ok && (ok = store_mark_get(st, id, &done, err, errlen) == 0)) {
		before = mark_json(&cur);
		after = mark_json(&done);
		ok = audit_add(st, deleted ? "delete" : "restore", "mark", id,
		    before, after, err, errlen) == 0;
		free(before);
		free(after);
		store_mark_clear(&done);
	}
	store_mark_clear(&cur);
	return tx_end(st, ok, err, errlen);
}

/* Soft-delete mark id if still at version expect (0: any). */
int
store_mark_delete(struct store *st, int64_t id, int64_t expect, char *err,
    size_t errlen)
{
	return mark_set_deleted(st, id, expect, 1, err, errlen);
}

/* Bring a deleted mark back (undo of a delete). */
int
store_mark_restore(struct store *st, int64_t id, int64_t expect, char *err,
    size_t errlen)
{
	return mark_set_deleted(st, id, expect, 0, err, errlen);
}

/*
 * A supervisor's verdict on a mark: approved, rejected (reason required)
 * or back to pending. expect as for store_mark_update.
 */
int
store_mark_review(struct store *st, int64_t id, int status,
    const char *reason, int64_t expect, char *err, size_t errlen)
{
	static const char sql[] = "UPDATE mark SET status = ?, "
	    "status_reason = ?, status_by = ?, updated = ?, updated_by = ?, "
	    "version = version + 1 WHERE id = ? AND version = ?";
	struct db_stmt		*stmt;
	struct store_mark	 cur, done;
	char			*before, *after, now[32];
	int			 ok;

	if (status == STATUS_REJECTED && (reason == NULL || *reason == '\0'))
		return errf(err, errlen, "a rejection needs a reason");
	if (reason != NULL && (strlen(reason) > NOTE_MAX_LEN ||
	    !text_utf8_valid(reason)))
		return errf(err, errlen, "the reason must be UTF-8 text of at "
		    "most %d bytes", NOTE_MAX_LEN);
	if (check_writable(st, err, errlen) != 0 ||
	    check_role(st, ROLE_SUPERVISOR, "review marks", err, errlen) != 0 ||
	    tx_begin_late(st, err, errlen) != 0)
		return -1;
	if (mark_for_change(st, id, expect, 0, &cur, err, errlen) != 0)
		return tx_end(st, 0, err, errlen);
	ok = (stmt = stmt_get(st, sql, err, errlen)) != NULL;
	if (ok) {
		now_iso(now, sizeof now);
		db_bind_text(stmt, 1, status_name(status));
		db_bind_text(stmt, 2, status == STATUS_PENDING ? NULL :
		    reason != NULL && *reason ? reason : NULL);
		db_bind_text(stmt, 3, status == STATUS_PENDING ? NULL :
		    st->user);
		db_bind_text(stmt, 4, now);
		db_bind_text(stmt, 5, st->user);
		db_bind_int64(stmt, 6, id);
		db_bind_int64(stmt, 7, cur.version);
		ok = step_done(st, stmt, err, errlen, "mark") == 0 &&
		    mark_moved(st, &cur, err, errlen) == 0;
	}
	if (ok && (ok = store_mark_get(st, id, &done, err, errlen) == 0)) {
		before = mark_json(&cur);
		after = mark_json(&done);
		ok = audit_add(st, status == STATUS_APPROVED ? "approve" :
		    status == STATUS_REJECTED ? "reject" : "unreview", "mark",
		    id, before, after, err, errlen) == 0;
		free(before);
		free(after);
		store_mark_clear(&done);
	}
	store_mark_clear(&cur);
	return tx_end(st, ok, err, errlen);
}

static int
mark_row(struct db_stmt *stmt, void *elem, void *arg)
{
	(void)arg;
	mark_fill(stmt, elem);
	return 0;
}

/* Live marks of one image, by id; free with store_marks_free. */
int
store_mark_list_image(struct store *st, int64_t image_id,
    struct store_mark **out, size_t *n, char *err, size_t errlen)
{
	static const char sql[] = "SELECT " MARK_COLUMNS MARK_FROM
	    "WHERE m.image_id = ? AND m.deleted = 0 AND " MARK_VISIBLE
	    " ORDER BY m.id";
	struct db_stmt		*stmt;
	struct store_mark	*v = NULL;
	size_t			 len = 0;
	int			 failed;

	if ((stmt = stmt_get(st, sql, err, errlen)) == NULL)
		return -1;
	db_bind_int64(stmt, 1, image_id);
	v = rows_fill(stmt, sizeof *v, 16, mark_row, NULL, &len, &failed);
	if (failed) {
		store_marks_free(v, len);
		return db_err(st, err, errlen, "marks");
	}
	*out = v;
	*n = len;
	return 0;
}

static int
class_allowed(const struct store_filter *f, int64_t class_id)
{
	size_t	 i;

	if (f->class_ids == NULL)
		return 1;
	for (i = 0; i < f->nclass_ids; i++)
		if (f->class_ids[i] == class_id)
			return 1;
	return 0;
}

/*
 * Call fn for every live mark matching f, in acquisition then id order.
 * The mark passed to fn is valid only during the call. fn returns
 * non-zero to stop early.
 */
int
store_mark_each(struct store *st, const struct store_filter *f,
    store_mark_fn fn, void *ctx, char *err, size_t errlen)
{
	static const char sql[] = "SELECT " MARK_COLUMNS MARK_FROM
	    "WHERE m.deleted = 0 AND (?1 = 0 OR i.site_id = ?1) AND "
	    "(?2 = 0 OR m.image_id = ?2) AND (?3 IS NULL OR i.acquired >= ?3) "
	    "AND (?4 IS NULL OR i.acquired <= ?4) AND "
	    "(?5 IS NULL OR m.author = ?5) AND " MARK_VISIBLE
	    " ORDER BY i.acquired, i.id, m.id";
	static const struct store_filter any;
	struct db_stmt		*stmt;
	struct store_mark	 m;
	int			 rc, stop = 0;

	if (f == NULL)
		f = &any;
	if ((stmt = stmt_get(st, sql, err, errlen)) == NULL)
		return -1;
	db_bind_int64(stmt, 1, f->site_id);
	db_bind_int64(stmt, 2, f->image_id);
	bind_date_range(stmt, 3, f);
	db_bind_text(stmt, 5, f->author);
	while (!stop && (rc = db_step(stmt)) == DB_ROW) {
		mark_fill(stmt, &m);
		if (class_allowed(f, m.class_id) &&
		    (f->status_mask == 0 || (f->status_mask &
		    STATUS_BIT(m.status))) &&
		    (f->quality_mask == 0 || (f->quality_mask &
		    QUALITY_BIT(m.quality))) &&
		    (f->proposals == 0 || (f->proposals > 0) == m.proposal))
			stop = fn(ctx, &m);
		store_mark_clear(&m);
	}
	if (!stop && rc != DB_DONE) {
		db_reset(stmt);
		return db_err(st, err, errlen, "marks");
	}
	db_reset(stmt);
	return 0;
}

/*
 * For exports, where speed matters: the live marks matching f (site,
 * image, dates, author; not classes, statuses or proposals, which the
 * caller sorts out) in image then id order, without the image's and
 * site's names and the bookkeeping columns. fn takes each mark and owns
 * it (store_mark_clear is its job). fn returns non-zero to stop.
 */
int
store_mark_each_lean(struct store *st, const struct store_filter *f,
    store_mark_take_fn fn, void *ctx, char *err, size_t errlen)
{
	static const char sql[] = "SELECT m.id, m.image_id, m.class_id, "
	    "c.name, m.kind, m.cx, m.cy, m.w, m.h, m.angle, m.name, m.count, "
	    "m.state, m.note, m.track, m.author, m.status, m.status_reason, "
	    "m.version, m.proposal FROM mark m JOIN class c ON c.id = "
	    "m.class_id JOIN image i ON i.id = m.image_id WHERE m.deleted = 0 "
	    "AND (?1 = 0 OR i.site_id = ?1) AND (?2 = 0 OR m.image_id = ?2) "
	    "AND (?3 IS NULL OR i.acquired >= ?3) AND (?4 IS NULL OR "
	    "i.acquired <= ?4) AND (?5 IS NULL OR m.author = ?5) AND "
	    MARK_VISIBLE " ORDER BY m.image_id, m.id";
	struct db_stmt		*stmt;
	struct store_mark	 m;
	int			 rc, stop = 0;

	if ((stmt = stmt_get(st, sql, err, errlen)) == NULL)
		return -1;
	db_bind_int64(stmt, 1, f->site_id);
	db_bind_int64(stmt, 2, f->image_id);
	bind_date_range(stmt, 3, f);
	db_bind_text(stmt, 5, f->author);
	while (!stop && (rc = db_step(stmt)) == DB_ROW) {
		store_mark_init(&m);
		m.id = db_column_int64(stmt, 0);
		m.image_id = db_column_int64(stmt, 1);
		m.class_id = db_column_int64(stmt, 2);
		m.class_name = col_strdup(stmt, 3);
		m.kind = mark_kind_parse(db_column_text(stmt,
		    4));
		m.cx = db_column_double(stmt, 5);
		m.cy = db_column_double(stmt, 6);
		m.w = db_column_double(stmt, 7);
		m.h = db_column_double(stmt, 8);
		m.angle = db_column_double(stmt, 9);
		m.name = col_strdup(stmt, 10);
		if ((m.has_count = !db_column_null(stmt, 11)))
			m.count = db_column_int64(stmt, 11);
		m.state = col_strdup(stmt, 12);
		m.note = col_strdup(stmt, 13);
		if ((m.has_track = !db_column_null(stmt, 14)))
			m.track = db_column_int64(stmt, 14);
		m.author = col_strdup(stmt, 15);
		m.status = status_parse(db_column_text(stmt,
		    16));
		m.status_reason = col_strdup(stmt, 17);
		m.version = db_column_int64(stmt, 18);
		m.proposal = (int)db_column_int64(stmt, 19);
		stop = fn(ctx, &m);
	}
	if (!stop && rc != DB_DONE) {
		db_reset(stmt);
		return db_err(st, err, errlen, "marks");
	}
	db_reset(stmt);
	return 0;
}

static int
count_one(void *ctx, const struct store_mark *m)
{
	(void)m;
	(*(int64_t *)ctx)++;
	return 0;
}

int
store_mark_count(struct store *st, const struct store_filter *f,
    int64_t *n, char *err, size_t errlen)
{
	*n = 0;
	return store_mark_each(st, f, count_one, n, err, errlen);
}

static int
name_row(struct db_stmt *stmt, void *elem, void *arg)
{
	(void)arg;
	*(char **)elem = col_strdup(stmt, 0);
	return 0;
}

/* Names already used at a site (0: anywhere), for completion. */
int
store_mark_names(struct store *st, int64_t site_id, char ***out, size_t *n,
    char *err, size_t errlen)
{
	static const char sql[] = "SELECT DISTINCT m.name FROM mark m "
	    "JOIN image i ON i.id = m.image_id WHERE m.name IS NOT NULL AND "
	    "m.deleted = 0 AND (?1 = 0 OR i.site_id = ?1) AND " MARK_VISIBLE
	    " ORDER BY m.name";
	struct db_stmt	*stmt;
	char		**v = NULL;
	size_t		 len = 0;
	int		 failed;

	if ((stmt = stmt_get(st, sql, err, errlen)) == NULL)
		return -1;
	db_bind_int64(stmt, 1, site_id);
	v = rows_fill(stmt, sizeof *v, 16, name_row, NULL, &len, &failed);
	if (failed) {
		while (len > 0)
			free(v[--len]);
		free(v);
		return db_err(st, err, errlen, "names");
	}
	*out = v;
	*n = len;
	return 0;
}

/* A track id nobody uses yet. */
int
store_track_next(struct store *st, int64_t *track, char *err, size_t errlen)
{
	static const char sql[] = "SELECT coalesce(max(track), 0) + 1 FROM mark";
	struct db_stmt	*stmt;
	int		 rc;

	if ((stmt = stmt_get(st, sql, err, errlen)) == NULL)
		return -1;
	rc = db_step(stmt);
	if (rc == DB_ROW)
		*track = db_column_int64(stmt, 0);
	db_reset(stmt);
	return rc == DB_ROW ? 0 : db_err(st, err, errlen, "track");
}
