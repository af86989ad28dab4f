/*
 * test-store.c: the store against real database files (WAL and locking
 * exist only on files): creation, refusals, migrations from every earlier
 * version, marks and their versions, the audit chain, identity, roles and
 * the catalog.
 */
#include <sys/stat.h>

#include <fcntl.h>
#include <math.h>
#include <pwd.h>
#include <setjmp.h>
#include <sqlite3.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "../../store/store.h"
#include "../../util/util.h"
#include "tmpdir.h"

static char	 err[512];

static struct store *
open_new(void)
{
	struct store	*st;

	unlink(tmp_db);
	st = store_open(tmp_db, STORE_CREATE, err, sizeof err);
	if (st == NULL)
		fail_msg("%s", err);
	return st;
}

/* An image row without GDAL. */
static int64_t
add_image(struct store *st, int64_t site, const char *name, int day)
{
	struct store_image	 im;
	enum catalog_result	 res;
	char			 path[400], hash[65], detail[256];
	int64_t			 id;

	memset(&im, 0, sizeof im);
	tmpdir_path(path, sizeof path, tmp_dir, "%s", name);
	snprintf(hash, sizeof hash, "hash-%s", name);
	im.site_id = site;
	im.path = path;
	im.name = (char *)(uintptr_t)name;
	im.acquired = date_from_ymd(2025, 1, day);
	im.date_source = (char *)(uintptr_t)"filename";
	im.width = 1000;
	im.height = 800;
	im.bands = 3;
	im.data_type = (char *)(uintptr_t)"Byte";
	im.file_size = 1234;
	im.hash = hash;
	if (store_image_catalog(st, &im, &id, &res, detail, sizeof detail, err,
	    sizeof err) != 0)
		fail_msg("catalog: %s", err);
	return id;
}

static int64_t
add_ship(struct store *st, int64_t image, double cx, const char *name)
{
	struct store_mark	 m;

	store_mark_init(&m);
	m.image_id = image;
	m.class_name = (char *)(uintptr_t)"ship";
	m.kind = MARK_RBOX;
	m.cx = cx;
	m.cy = 400;
	m.w = 150;
	m.h = 22;
	m.angle = 370;
	m.name = (char *)(uintptr_t)name;
	if (store_mark_add(st, &m, err, sizeof err) != 0)
		fail_msg("mark add: %s", err);
	return m.id;
}

static void
write_file(const char *path, const char *data)
{
	int	 fd;

	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, data, strlen(data)), (ssize_t)strlen(data));
	close(fd);
}

static char *
slurp(const char *path)
{
	char	*data;
	size_t	 len;

	if (file_read_all(path, 1 << 20, &data, &len, err, sizeof err) != 0)
		return NULL;
	return data;
}

static void
test_create_and_reopen(void **state)
{
	struct store	*st;
	int64_t		 site;

	(void)state;
	st = open_new();
	assert_int_equal(store_user_version(st), STORE_SCHEMA_VERSION);
	assert_int_equal(store_site_ensure(st, "Rajin", &site, err,
	    sizeof err), 0);
	store_close(st);
	st = store_open(tmp_db, 0, err, sizeof err);
	assert_non_null(st);
	assert_int_equal(store_site_find(st, "Rajin", &site, err, sizeof err),
	    0);
	assert_int_equal(store_integrity_check(st, err, sizeof err), 0);
	store_close(st);
}

static void
test_missing_needs_create(void **state)
{
	(void)state;
	unlink(tmp_db);
	assert_null(store_open(tmp_db, 0, err, sizeof err));
	assert_non_null(strstr(err, "no such database"));
	assert_int_equal(access(tmp_db, F_OK), -1);
}

static void
test_refuse_not_sqlite(void **state)
{
	char	*after;

	(void)state;
	write_file(tmp_db, "these are an analyst's notes, not a database\n");
	assert_null(store_open(tmp_db, STORE_CREATE, err, sizeof err));
	assert_non_null(strstr(err, "not a SQLite database"));
	after = slurp(tmp_db);
	assert_string_equal(after, "these are an analyst's notes, not a "
	    "database\n");
	free(after);
}

static void
test_refuse_other_sqlite_and_newer(void **state)
{
	sqlite3		*db;
	struct store	*st;

	(void)state;
	unlink(tmp_db);
	assert_int_equal(sqlite3_open(tmp_db, &db), SQLITE_OK);
	assert_int_equal(sqlite3_exec(db, "CREATE TABLE x(y)", NULL, NULL,
	    NULL), SQLITE_OK);
	sqlite3_close(db);
	assert_null(store_open(tmp_db, STORE_CREATE, err, sizeof err));
	assert_non_null(strstr(err, "not quaymark's"));

	st = open_new();
	store_close(st);
	assert_int_equal(sqlite3_open(tmp_db, &db), SQLITE_OK);
	assert_int_equal(sqlite3_exec(db, "PRAGMA user_version = 99", NULL,
	    NULL, NULL), SQLITE_OK);
	sqlite3_close(db);
	assert_null(store_open(tmp_db, 0, err, sizeof err));
	assert_non_null(strstr(err, "newer quaymark"));
	/* refused untouched: still version 99 */
	assert_int_equal(sqlite3_open(tmp_db, &db), SQLITE_OK);
	{
		sqlite3_stmt	*s;

		sqlite3_prepare_v2(db, "PRAGMA user_version", -1, &s, NULL);
		assert_int_equal(sqlite3_step(s), SQLITE_ROW);
		assert_int_equal(sqlite3_column_int(s, 0), 99);
		sqlite3_finalize(s);
	}
	sqlite3_close(db);
}

/* Every earlier version, with data in it, upgrades and keeps the data. */
static void
test_migrate_from_every_version(void **state)
{
	struct store		*st;
	struct store_user	*users;
	sqlite3			*db;
	size_t			 n;
	int			 v, open;

	(void)state;
	for (v = 0; v < STORE_SCHEMA_VERSION; v++) {
		unlink(tmp_db);
		assert_int_equal(store_migrate_file_to(tmp_db, v, err,
		    sizeof err), 0);
		if (v >= 1) {
			assert_int_equal(sqlite3_open(tmp_db, &db), SQLITE_OK);
			assert_int_equal(sqlite3_exec(db, "INSERT INTO site "
			    "(name, created) VALUES ('Old', '2024'); INSERT "
			    "INTO image (site_id, path, name, acquired, "
			    "date_source, width, height, bands, data_type, "
			    "file_size, file_mtime, hash, created, updated) "
			    "VALUES (1, '/x/a.tif', 'a.tif', "
			    "'2025-01-14T00:00:00Z', 'filename', 100, 100, 1, "
			    "'Byte', 1, 1, 'h', '2024', '2024'); INSERT INTO "
			    "mark (image_id, class_id, kind, cx, cy, author, "
			    "created, updated, updated_by) VALUES (1, 1, "
			    "'point', 5, 5, 'old-analyst', '2024', '2024', "
			    "'old-analyst')", NULL, NULL, NULL), SQLITE_OK);
			sqlite3_close(db);
		}
		st = store_open(tmp_db, 0, err, sizeof err);
		if (st == NULL)
			fail_msg("from version %d: %s", v, err);
		assert_int_equal(store_user_version(st), STORE_SCHEMA_VERSION);
		if (v >= 1) {
			struct store_mark	 m;

			assert_int_equal(store_mark_get(st, 1, &m, err,
			    sizeof err), 0);
			assert_string_equal(m.author, "old-analyst");
			store_mark_clear(&m);
			/* databases from before roles stay open to their
			 * writers; those born with roles stay closed */
			store_policy_get(st, &open, NULL, 0);
			assert_int_equal(open, v == 1);
		}
		assert_int_equal(store_user_list(st, &users, &n, err,
		    sizeof err), 0);
		assert_int_equal(n, 1);
		assert_int_equal(users[0].role, ROLE_SUPERVISOR);
		store_users_free(users, n);
		store_close(st);
	}
}

static void
test_mark_versions(void **state)
{
	struct store		*st;
	struct store_mark	 m, stale;
	struct store_mark	*v;
	int64_t			 site, img, id;
	size_t			 n;

	(void)state;
	st = open_new();
	assert_int_equal(store_site_ensure(st, "S", &site, err, sizeof err), 0);
	img = add_image(st, site, "a.tif", 14);
	id = add_ship(st, img, 330, "Angara");
	assert_int_equal(store_mark_get(st, id, &m, err, sizeof err), 0);
	assert_int_equal(m.version, 1);
	assert_int_equal(m.status, STATUS_PENDING);
	assert_true(m.angle == 10);	/* 370 degrees normalised */
	assert_string_equal(m.class_name, "ship");
	store_mark_copy(&stale, &m);

	free(m.name);
	m.name = xstrdup("Lady R");
	assert_int_equal(store_mark_update(st, &m, 1, err, sizeof err), 0);
	assert_int_equal(m.version, 2);
	/* an edit from the stale copy is refused, not silently merged */
	free(stale.note);
	stale.note = xstrdup("mine");
	assert_int_equal(store_mark_update(st, &stale, stale.version, err,
	    sizeof err), -1);
	assert_non_null(strstr(err, "was changed by"));
	store_mark_clear(&m);
	assert_int_equal(store_mark_get(st, id, &m, err, sizeof err), 0);
	assert_string_equal(m.name, "Lady R");
	assert_null(m.note);

	assert_int_equal(store_mark_delete(st, id, 2, err, sizeof err), 0);
	assert_int_equal(store_mark_list_image(st, img, &v, &n, err,
	    sizeof err), 0);
	assert_int_equal(n, 0);
	store_marks_free(v, n);
	assert_int_equal(store_mark_delete(st, id, 0, err, sizeof err), -1);
	assert_int_equal(store_mark_restore(st, id, 3, err, sizeof err), 0);
	assert_int_equal(store_mark_list_image(st, img, &v, &n, err,
	    sizeof err), 0);
	assert_int_equal(n, 1);
	assert_int_equal(v[0].version, 4);
	store_marks_free(v, n);
	store_mark_clear(&m);
	store_mark_clear(&stale);
	store_close(st);
}

static void
test_mark_validation(void **state)
{
	struct store		*st;
	struct store_mark	 m;
	int64_t			 site, img;

	(void)state;
	st = open_new();
	store_site_ensure(st, "S", &site, err, sizeof err);
	img = add_image(st, site, "a.tif", 14);
	store_mark_init(&m);
	m.image_id = img;
	m.class_name = (char *)(uintptr_t)"ship";
	m.kind = MARK_POINT;
	m.cx = 2000;
	m.cy = 10;
	assert_int_equal(store_mark_add(st, &m, err, sizeof err), -1);
	assert_non_null(strstr(err, "outside image"));
	m.cx = 10;
	m.kind = MARK_BOX;
	assert_int_equal(store_mark_add(st, &m, err, sizeof err), -1);
	assert_non_null(strstr(err, "positive width"));
	m.w = m.h = 5;
	m.cy = NAN;
	assert_int_equal(store_mark_add(st, &m, err, sizeof err), -1);
	m.cy = 10;
	m.class_id = 0;		/* a class_id, once resolved, wins */
	m.class_name = (char *)(uintptr_t)"submarine";
	assert_int_equal(store_mark_add(st, &m, err, sizeof err), -1);
	assert_non_null(strstr(err, "unknown class"));
	m.class_name = (char *)(uintptr_t)"vehicle";
	m.class_id = 0;
	m.has_count = 1;
	m.count = -1;
	assert_int_equal(store_mark_add(st, &m, err, sizeof err), -1);
	m.count = 3;
	assert_int_equal(store_mark_add(st, &m, err, sizeof err), 0);
	store_close(st);
}

struct audit_tally {
	int	 rows;
	int	 creates;
	int	 updates;
	char	 last_user[64];
	int	 has_before;
};

static int
tally(void *ctx, const struct store_audit *a)
{
	struct audit_tally	*t = ctx;

	t->rows++;
	t->creates += strcmp(a->action, "create") == 0;
	t->updates += strcmp(a->action, "update") == 0;
	snprintf(t->last_user, sizeof t->last_user, "%s", a->user);
	t->has_before = a->before != NULL;
	return 0;
}

static void
test_audit_and_identity(void **state)
{
	struct store			*st;
	struct store_mark		 m;
	struct store_audit_filter	 f;
	struct audit_tally		 t;
	struct passwd			*pw;
	sqlite3				*db;
	int64_t				 site, img, id, rows, bad;

	(void)state;
	setenv("USER", "mallory", 1);	/* must not be believed */
	setenv("LOGNAME", "mallory", 1);
	st = open_new();
	pw = getpwuid(geteuid());
	assert_non_null(pw);
	assert_string_equal(store_user(st), pw->pw_name);
	store_site_ensure(st, "S", &site, err, sizeof err);
	img = add_image(st, site, "a.tif", 14);
	id = add_ship(st, img, 300, NULL);
	assert_int_equal(store_mark_get(st, id, &m, err, sizeof err), 0);
	assert_string_equal(m.author, pw->pw_name);
	m.has_count = 1;
	m.count = 7;
	assert_int_equal(store_mark_update(st, &m, m.version, err, sizeof err),
	    0);
	store_mark_clear(&m);

	memset(&f, 0, sizeof f);
	f.entity = "mark";
	f.entity_id = id;
	memset(&t, 0, sizeof t);
	assert_int_equal(store_audit_each(st, &f, tally, &t, err, sizeof err),
	    0);
	assert_int_equal(t.rows, 2);
	assert_int_equal(t.creates, 1);
	assert_int_equal(t.updates, 1);
	assert_int_equal(t.has_before, 1);
	assert_string_equal(t.last_user, pw->pw_name);
	assert_int_equal(store_audit_verify(st, &rows, &bad, err, sizeof err),
	    0);
	assert_true(rows >= 4);
	store_close(st);

	/* Edits made around quaymark break the chain at that row. */
	assert_int_equal(sqlite3_open(tmp_db, &db), SQLITE_OK);
	assert_int_equal(sqlite3_exec(db, "DROP TRIGGER audit_no_update; "
	    "UPDATE audit SET user = 'mallory' WHERE id = 2", NULL, NULL,
	    NULL), SQLITE_OK);
	sqlite3_close(db);
	st = store_open(tmp_db, 0, err, sizeof err);
	assert_int_equal(store_audit_verify(st, &rows, &bad, err, sizeof err),
	    -1);
	assert_int_equal(bad, 2);
	store_close(st);
	assert_int_equal(sqlite3_open(tmp_db, &db), SQLITE_OK);
	assert_int_equal(sqlite3_exec(db, "UPDATE audit SET user = (SELECT "
	    "user FROM audit WHERE id = 1) WHERE id = 2; DROP TRIGGER "
	    "audit_no_delete; DELETE FROM audit WHERE id = 3", NULL, NULL,
	    NULL), SQLITE_OK);
	sqlite3_close(db);
	st = store_open(tmp_db, 0, err, sizeof err);
	assert_int_equal(store_audit_verify(st, &rows, &bad, err, sizeof err),
	    -1);
	assert_int_equal(bad, 3);
	assert_non_null(strstr(err, "deleted"));
	store_close(st);
	unsetenv("USER");
	unsetenv("LOGNAME");
}

/*
 * Every open really is WAL, synchronous=FULL, with foreign keys and the
 * lock wait: read back from SQLite, not taken on trust. kill -9 cannot
 * tell synchronous=OFF from FULL (only a power cut can), so this is the
 * only check that would see it dropped.
 */
static void
test_settings_read_back(void **state)
{
	struct store		*st;
	struct store_settings	 s;
	int			 pass;

	(void)state;
	for (pass = 0; pass < 2; pass++) {	/* created, then reopened */
		st = pass == 0 ? open_new() : store_open(tmp_db, 0, err,
		    sizeof err);
		assert_non_null(st);
		assert_int_equal(store_test_settings(st, &s), 0);
		assert_string_equal(s.journal_mode, "wal");
		assert_int_equal(s.synchronous, 2);
		assert_int_equal(s.foreign_keys, 1);
		assert_true(s.busy_ms == STORE_BUSY_MS);
		store_close(st);
	}
	/* bulk loads trade the last transaction for speed, never WAL */
	st = store_open(tmp_db, STORE_BULK, err, sizeof err);
	assert_non_null(st);
	assert_int_equal(store_test_settings(st, &s), 0);
	assert_string_equal(s.journal_mode, "wal");
	assert_int_equal(s.synchronous, 1);
	assert_int_equal(s.foreign_keys, 1);
	store_close(st);
	setenv("QUAYMARK_BUSY_MS", "250", 1);
	st = store_open(tmp_db, 0, err, sizeof err);
	unsetenv("QUAYMARK_BUSY_MS");
	assert_non_null(st);
	assert_int_equal(store_test_settings(st, &s), 0);
	assert_true(s.busy_ms == 250);
	store_close(st);
}

/*
 * The audit hash covers every field of a row: an edit of any one of them
 * made around quaymark breaks the chain at that row (not only the user
 * column, and not only deletions).
 */
static void
test_audit_hash_covers_every_field(void **state)
{
	/* the row edited: an update of a mark (count 7 -> 9) */
#define ROW "(SELECT id FROM target)"
	static const char *const edits[] = {
		"UPDATE audit SET at = '2020-01-01T00:00:00.000Z' WHERE id = " ROW,
		"UPDATE audit SET user = 'mallory' WHERE id = " ROW,
		"UPDATE audit SET action = 'delete' WHERE id = " ROW,
		"UPDATE audit SET entity = 'image' WHERE id = " ROW,
		"UPDATE audit SET entity_id = entity_id + 1 WHERE id = " ROW,
		"UPDATE audit SET entity_id = NULL WHERE id = " ROW,
		"UPDATE audit SET before = json_set(before, '$.count', 8) "
		    "WHERE id = " ROW,
		"UPDATE audit SET after = json_set(after, '$.count', 8) "
		    "WHERE id = " ROW,
		"UPDATE audit SET after = NULL WHERE id = " ROW,
		"UPDATE audit SET before = NULL WHERE id = " ROW,
	};
	struct store		*st;
	struct store_mark	 m;
	sqlite3			*db;
	sqlite3_stmt		*q;
	int64_t			 site, img, id, rows, bad, row;
	size_t			 i;
	char			 sql[256], *msg = NULL;
	int			 count;

	(void)state;
	st = open_new();
	store_site_ensure(st, "S", &site, err, sizeof err);
	img = add_image(st, site, "a.tif", 14);
	id = add_ship(st, img, 300, "Angara");
	for (count = 7; count <= 9; count += 2) {
		assert_int_equal(store_mark_get(st, id, &m, err, sizeof err),
		    0);
		m.has_count = 1;
		m.count = count;
		assert_int_equal(store_mark_update(st, &m, m.version, err,
		    sizeof err), 0);
		store_mark_clear(&m);
	}
	id = add_ship(st, img, 500, "Lady R");	/* a row after the edited one */
	assert_int_equal(store_audit_verify(st, &rows, &bad, err, sizeof err),
	    0);
	store_close(st);

	assert_int_equal(sqlite3_open(tmp_db, &db), SQLITE_OK);
	assert_int_equal(sqlite3_prepare_v2(db, "SELECT id FROM audit WHERE "
	    "action = 'update' AND json_extract(before, '$.count') = 7 AND "
	    "json_extract(after, '$.count') = 9", -1, &q, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_step(q), SQLITE_ROW);
	row = sqlite3_column_int64(q, 0);
	sqlite3_finalize(q);
	assert_int_equal(sqlite3_exec(db, "DROP TRIGGER audit_no_update; "
	    "DROP TRIGGER audit_no_delete; CREATE TABLE keep AS SELECT * FROM audit", NULL, NULL, NULL),
	    SQLITE_OK);
	snprintf(sql, sizeof sql, "CREATE TABLE target AS SELECT %lld AS id",
	    (long long)row);
	assert_int_equal(sqlite3_exec(db, sql, NULL, NULL, NULL),
	    SQLITE_OK);
	sqlite3_close(db);
	/* One edit at a time, the trail put back as it was in between. */
	for (i = 0; i < sizeof edits / sizeof edits[0]; i++) {
		assert_int_equal(sqlite3_open(tmp_db, &db), SQLITE_OK);
		assert_int_equal(sqlite3_exec(db, "DELETE FROM audit; "
		    "INSERT INTO audit SELECT * FROM keep", NULL, NULL, NULL),
		    SQLITE_OK);
		if (sqlite3_exec(db, edits[i], NULL, NULL, &msg) != SQLITE_OK)
			fail_msg("%s: %s", edits[i], msg);
		assert_int_equal(sqlite3_changes(db), 1);
		sqlite3_close(db);
		st = store_open(tmp_db, 0, err, sizeof err);
		assert_non_null(st);
		if (store_audit_verify(st, &rows, &bad, err, sizeof err) != -1)
			fail_msg("still verifies after: %s", edits[i]);
		assert_int_equal(bad, row);
		store_close(st);
	}
	/* and put back, it verifies again: the edits were what broke it */
	assert_int_equal(sqlite3_open(tmp_db, &db), SQLITE_OK);
	assert_int_equal(sqlite3_exec(db, "DELETE FROM audit; "
	    "INSERT INTO audit SELECT * FROM keep", NULL, NULL, NULL),
	    SQLITE_OK);
	sqlite3_close(db);
	st = store_open(tmp_db, 0, err, sizeof err);
	assert_int_equal(store_audit_verify(st, &rows, &bad, err, sizeof err),
	    0);
	store_close(st);
#undef ROW
}

static void
test_readonly(void **state)
{
	struct store	*st;
	int64_t		 site, img;

	(void)state;
	st = open_new();
	store_site_ensure(st, "S", &site, err, sizeof err);
	img = add_image(st, site, "a.tif", 14);
	store_close(st);
	st = store_open(tmp_db, STORE_READONLY, err, sizeof err);
	assert_non_null(st);
	assert_int_equal(store_readonly(st), 1);
	assert_int_equal(store_image_set_quality(st, img, QUALITY_CLEAR, err,
	    sizeof err), -1);
	assert_non_null(strstr(err, "read-only"));
	store_close(st);
}

/*
 * Others' changes on SQLite (store_changed, the TUI's question): no
 * descriptor to wait on, so the caller polls; another connection's
 * commit is seen once, this connection's own never.
 */
static void
test_changed_by_others(void **state)
{
	struct store	*st, *other;
	int64_t		 site, img;

	(void)state;
	st = open_new();
	store_site_ensure(st, "S", &site, err, sizeof err);
	img = add_image(st, site, "a.tif", 14);
	other = store_open(tmp_db, 0, err, sizeof err);
	assert_non_null(other);
	assert_int_equal(store_change_fd(st), -1);
	assert_int_equal(store_changed(st), 0);	/* the first look */
	assert_int_equal(store_changed(st), 0);
	add_ship(st, img, 300, "Mine");
	assert_int_equal(store_changed(st), 0);	/* our own */
	add_ship(other, img, 500, "Theirs");
	assert_int_equal(store_changed(st), 1);
	assert_int_equal(store_changed(st), 0);	/* once */
	assert_int_equal(store_reconnect(st, err, sizeof err), 0);
	store_close(other);
	store_close(st);
}

static void
test_roles_and_policy(void **state)
{
	struct store	*st;
	int64_t		 site, img;

	(void)state;
	st = open_new();
	assert_true(store_is_supervisor(st));
	store_site_ensure(st, "S", &site, err, sizeof err);
	img = add_image(st, site, "a.tif", 14);
	store_test_set_user(st, "visitor");
	assert_int_equal(store_image_set_quality(st, img, QUALITY_CLEAR, err,
	    sizeof err), -1);
	assert_non_null(strstr(err, "may view but not change"));
	store_close(st);
	st = store_open(tmp_db, 0, err, sizeof err);
	assert_int_equal(store_user_add(st, "ana", ROLE_ANALYST, err,
	    sizeof err), 0);
	store_test_set_user(st, "ana");
	assert_int_equal(store_image_set_quality(st, img, QUALITY_CLEAR, err,
	    sizeof err), 0);
	assert_int_equal(store_user_add(st, "eve", ROLE_SUPERVISOR, err,
	    sizeof err), -1);
	assert_non_null(strstr(err, "only supervisors"));
	store_close(st);
}

/* Blind images: each assignee sees only their own marks until revealed. */
static void
test_blind(void **state)
{
	struct store		*st;
	struct store_mark	*v, m;
	struct store_image	 im;
	int64_t			 site, img, a, b, n64;
	size_t			 n;

	(void)state;
	st = open_new();
	store_site_ensure(st, "S", &site, err, sizeof err);
	img = add_image(st, site, "a.tif", 14);
	assert_int_equal(store_user_add(st, "ana", ROLE_ANALYST, err,
	    sizeof err), 0);
	assert_int_equal(store_user_add(st, "bob", ROLE_ANALYST, err,
	    sizeof err), 0);
	assert_int_equal(store_assign(st, img, "nobody", 1, err, sizeof err),
	    -1);
	assert_non_null(strstr(err, "not a user"));
	assert_int_equal(store_assign(st, img, "ana", 1, err, sizeof err), 0);
	assert_int_equal(store_assign(st, img, "bob", 1, err, sizeof err), 0);
	store_test_set_user(st, "ana");
	assert_int_equal(store_assign(st, img, "ana", 1, err, sizeof err), -1);
	a = add_ship(st, img, 300, "A");
	store_test_set_user(st, "bob");
	b = add_ship(st, img, 310, "B");
	/* bob: his own only, in lists, counts, by id and in the trail */
	assert_int_equal(store_mark_list_image(st, img, &v, &n, err,
	    sizeof err), 0);
	assert_int_equal(n, 1);
	assert_int_equal(v[0].id, b);
	store_marks_free(v, n);
	assert_int_equal(store_mark_count(st, NULL, &n64, err, sizeof err), 0);
	assert_int_equal(n64, 1);
	assert_int_equal(store_image_get(st, img, &im, err, sizeof err), 0);
	assert_int_equal(im.marks, 1);
	assert_int_equal(im.blind, 1);
	store_image_clear(&im);
	assert_int_equal(store_mark_get(st, a, &m, err, sizeof err), -1);
	/* the supervisor sees both, and reveals */
	store_close(st);
	st = store_open(tmp_db, 0, err, sizeof err);
	assert_int_equal(store_mark_count(st, NULL, &n64, err, sizeof err), 0);
	assert_int_equal(n64, 2);
	assert_int_equal(store_reveal(st, img, err, sizeof err), 0);
	assert_int_equal(store_reveal(st, img, err, sizeof err), -1);
	store_test_set_user(st, "bob");
	assert_int_equal(store_mark_get(st, a, &m, err, sizeof err), 0);
	store_mark_clear(&m);
	assert_int_equal(store_mark_count(st, NULL, &n64, err, sizeof err), 0);
	assert_int_equal(n64, 2);
	store_close(st);
}

static void
test_catalog(void **state)
{
	struct store		*st;
	struct store_image	 im, got;
	enum catalog_result	 res;
	char			 path[400], moved[400], detail[512];
	int64_t			 site, id, id2;

	(void)state;
	st = open_new();
	store_site_ensure(st, "S", &site, err, sizeof err);
	tmpdir_path(path, sizeof path, tmp_dir, "scene.tif");
	write_file(path, "x");
	memset(&im, 0, sizeof im);
	im.site_id = site;
	im.path = path;
	im.name = (char *)(uintptr_t)"scene.tif";
	im.acquired = date_from_ymd(2025, 1, 14);
	im.date_source = (char *)(uintptr_t)"filename";
	im.width = im.height = 10;
	im.bands = 1;
	im.data_type = (char *)(uintptr_t)"Byte";
	im.file_size = 1;
	im.hash = (char *)(uintptr_t)"aaa";
	assert_int_equal(store_image_catalog(st, &im, &id, &res, detail,
	    sizeof detail, err, sizeof err), 0);
	assert_int_equal(res, CATALOG_ADDED);
	assert_int_equal(store_image_catalog(st, &im, &id2, &res, detail,
	    sizeof detail, err, sizeof err), 0);
	assert_int_equal(res, CATALOG_UNCHANGED);
	assert_int_equal(id2, id);
	{
		struct store_mark	 pt;

		store_mark_init(&pt);
		pt.image_id = id;
		pt.class_name = (char *)(uintptr_t)"vehicle";
		pt.cx = pt.cy = 5;
		assert_int_equal(store_mark_add(st, &pt, err, sizeof err), 0);
	}
	im.hash = (char *)(uintptr_t)"bbb";
	assert_int_equal(store_image_catalog(st, &im, &id2, &res, detail,
	    sizeof detail, err, sizeof err), 0);
	assert_int_equal(res, CATALOG_UPDATED);
	assert_non_null(strstr(detail, "1 mark(s) kept"));
	/* the same content elsewhere while the original exists: a copy */
	tmpdir_path(moved, sizeof moved, tmp_dir, "copy.tif");
	im.path = moved;
	assert_int_equal(store_image_catalog(st, &im, &id2, &res, detail,
	    sizeof detail, err, sizeof err), -1);
	assert_non_null(strstr(err, "duplicate of image"));
	/* the original gone: moved */
	unlink(path);
	assert_int_equal(store_image_catalog(st, &im, &id2, &res, detail,
	    sizeof detail, err, sizeof err), 0);
	assert_int_equal(res, CATALOG_MOVED);
	assert_int_equal(id2, id);
	assert_int_equal(store_image_get(st, id, &got, err, sizeof err), 0);
	assert_string_equal(got.path, moved);
	assert_int_equal(got.marks, 1);
	store_image_clear(&got);
	store_close(st);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		tmpdir_unit_test(test_create_and_reopen),
		tmpdir_unit_test(test_missing_needs_create),
		tmpdir_unit_test(test_refuse_not_sqlite),
		tmpdir_unit_test(test_refuse_other_sqlite_and_newer),
		tmpdir_unit_test(test_migrate_from_every_version),
		tmpdir_unit_test(test_mark_versions),
		tmpdir_unit_test(test_mark_validation),
		tmpdir_unit_test(test_audit_and_identity),
		tmpdir_unit_test(test_readonly),
		tmpdir_unit_test(test_settings_read_back),
		tmpdir_unit_test(test_audit_hash_covers_every_field),
		tmpdir_unit_test(test_roles_and_policy),
		tmpdir_unit_test(test_changed_by_others),
		tmpdir_unit_test(test_catalog),
		tmpdir_unit_test(test_blind),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
