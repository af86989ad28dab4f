/*
 * schema.c: the schema, as forward-only migrations. Migration i takes a
 * database from user_version i to i+1; a release only ever appends to the
 * list. A database newer than the list is refused in store_open().
 */
#include <stdio.h>
#include <string.h>

#include "store-int.h"
#include "../util/util.h"

/* The sighting row of mark OLD, by its whole key (sighting has no other
 * index; its image's site and time are the image's, triggers see to it). */
#define SIGHTING_OF_OLD_MARK "site_id = (SELECT site_id FROM image " \
	"WHERE id = OLD.image_id) AND acquired = (SELECT acquired FROM " \
	"image WHERE id = OLD.image_id) AND image_id = OLD.image_id AND " \
	"mark_id = OLD.id"

static const char *const migrations[] = {
	/* 0 -> 1: the catalog, marks, classes and the audit trail. */
	"CREATE TABLE setting (key TEXT PRIMARY KEY, value TEXT NOT NULL);"
	"CREATE TABLE site ("
	"  id INTEGER PRIMARY KEY,"
	"  name TEXT NOT NULL UNIQUE,"
	"  created TEXT NOT NULL);"
	"CREATE TABLE quay ("
	"  id INTEGER PRIMARY KEY,"
	"  site_id INTEGER NOT NULL REFERENCES site(id),"
	"  name TEXT NOT NULL,"
	"  polygon TEXT NOT NULL,"
	"  crs TEXT,"
	"  created TEXT NOT NULL,"
	"  UNIQUE (site_id, name));"
	"CREATE TABLE quay_geom ("
	"  quay_id INTEGER NOT NULL REFERENCES quay(id),"
	"  crs TEXT NOT NULL,"
	"  polygon TEXT NOT NULL,"
	"  PRIMARY KEY (quay_id, crs));"
	"CREATE TABLE image ("
	"  id INTEGER PRIMARY KEY,"
	"  site_id INTEGER NOT NULL REFERENCES site(id),"
	"  path TEXT NOT NULL UNIQUE,"
	"  name TEXT NOT NULL,"
	"  acquired TEXT NOT NULL,"
	"  date_source TEXT NOT NULL,"
	"  width INTEGER NOT NULL CHECK (width > 0),"
	"  height INTEGER NOT NULL CHECK (height > 0),"
	"  bands INTEGER NOT NULL CHECK (bands > 0),"
	"  data_type TEXT NOT NULL,"
	"  geotransform TEXT,"
	"  crs_wkt TEXT,"
	"  crs_code TEXT,"
	"  sensor TEXT,"
	"  has_overviews INTEGER NOT NULL DEFAULT 0,"
	"  file_size INTEGER NOT NULL,"
	"  file_mtime INTEGER NOT NULL,"
	"  hash TEXT NOT NULL,"
	"  quality TEXT NOT NULL DEFAULT 'unreviewed' CHECK (quality IN"
	"    ('unreviewed','clear','partly_cloudy','cloudy','no_data')),"
	"  reviewed INTEGER NOT NULL DEFAULT 0,"
	"  stretch TEXT,"
	"  version INTEGER NOT NULL DEFAULT 1,"
	"  created TEXT NOT NULL,"
	"  updated TEXT NOT NULL);"
	"CREATE INDEX image_site_time ON image(site_id, acquired);"
	"CREATE INDEX image_name ON image(name);"
	"CREATE INDEX image_hash ON image(hash);"
	"CREATE TABLE class ("
	"  id INTEGER PRIMARY KEY,"
	"  name TEXT NOT NULL UNIQUE,"
	"  colour TEXT NOT NULL,"
	"  ord INTEGER NOT NULL,"
	"  created TEXT NOT NULL);"
	"INSERT INTO class (name, colour, ord, created) VALUES"
	"  ('ship', '#ff5050', 1, strftime('%Y-%m-%dT%H:%M:%fZ')),"
	"  ('container_stack', '#ffd000', 2, strftime('%Y-%m-%dT%H:%M:%fZ')),"
	"  ('aircraft', '#50c8ff', 3, strftime('%Y-%m-%dT%H:%M:%fZ')),"
	"  ('vehicle', '#60ff60', 4, strftime('%Y-%m-%dT%H:%M:%fZ'));"
	"CREATE TABLE mark ("
	"  id INTEGER PRIMARY KEY,"
	"  image_id INTEGER NOT NULL REFERENCES image(id),"
	"  class_id INTEGER NOT NULL REFERENCES class(id),"
	"  kind TEXT NOT NULL CHECK (kind IN ('point','box','rbox')),"
	"  cx REAL NOT NULL, cy REAL NOT NULL,"
	"  w REAL NOT NULL DEFAULT 0 CHECK (w >= 0),"
	"  h REAL NOT NULL DEFAULT 0 CHECK (h >= 0),"
	"  angle REAL NOT NULL DEFAULT 0,"
	"  name TEXT, count INTEGER, state TEXT, note TEXT, track INTEGER,"
	"  author TEXT NOT NULL,"
	"  status TEXT NOT NULL DEFAULT 'pending'"
	"    CHECK (status IN ('pending','approved','rejected')),"
	"  status_reason TEXT, status_by TEXT,"
	"  proposal INTEGER NOT NULL DEFAULT 0,"
	"  created TEXT NOT NULL,"
	"  updated TEXT NOT NULL,"
	"  updated_by TEXT NOT NULL,"
	"  version INTEGER NOT NULL DEFAULT 1,"
	"  deleted INTEGER NOT NULL DEFAULT 0);"
	"CREATE INDEX mark_image ON mark(image_id);"
	"CREATE INDEX mark_track ON mark(track) WHERE track IS NOT NULL;"
	"CREATE TABLE audit ("
	"  id INTEGER PRIMARY KEY,"
	"  at TEXT NOT NULL,"
	"  user TEXT NOT NULL,"
	"  action TEXT NOT NULL,"
	"  entity TEXT NOT NULL,"
	"  entity_id INTEGER,"
	"  before TEXT,"
	"  after TEXT,"
	"  hash TEXT NOT NULL);"
	"CREATE INDEX audit_entity ON audit(entity, entity_id);"
	"CREATE INDEX audit_user ON audit(user);"
	"CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit BEGIN"
	"  SELECT RAISE(ABORT, 'audit rows are append-only'); END;"
	"CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit BEGIN"
	"  SELECT RAISE(ABORT, 'audit rows are append-only'); END;",

	/* 1 -> 2: users and roles, comments, accepted images, positions. */
	"CREATE TABLE user ("
	"  name TEXT PRIMARY KEY,"
	"  role TEXT NOT NULL CHECK (role IN ('analyst','supervisor')),"
	"  created TEXT NOT NULL,"
	"  created_by TEXT NOT NULL);"
	"ALTER TABLE image ADD COLUMN accepted INTEGER NOT NULL DEFAULT 0;"
	"ALTER TABLE image ADD COLUMN accepted_by TEXT;"
	"CREATE TABLE comment ("
	"  id INTEGER PRIMARY KEY,"
	"  mark_id INTEGER REFERENCES mark(id),"
	"  image_id INTEGER NOT NULL REFERENCES image(id),"
	"  author TEXT NOT NULL,"
	"  text TEXT NOT NULL,"
	"  created TEXT NOT NULL,"
	"  resolved_by TEXT,"
	"  resolved_at TEXT);"
	"CREATE INDEX comment_image ON comment(image_id);"
	"CREATE TABLE position ("
	"  user TEXT PRIMARY KEY,"
	"  site_id INTEGER,"
	"  image_id INTEGER,"
	"  viewport TEXT,"
	"  updated TEXT NOT NULL);"
	"INSERT INTO user (name, role, created, created_by)"
	"  SELECT value, 'supervisor', strftime('%Y-%m-%dT%H:%M:%fZ'), value"
	"  FROM setting WHERE key = 'created_by';"
	/* Upgraded databases stay open to everyone who could write before. */
	"INSERT OR IGNORE INTO setting (key, value) VALUES ('policy', 'open');",

	/* 2 -> 3: assignments, and blind images (marks hidden between the
	 * analysts assigned until a supervisor reveals them). */
	"CREATE TABLE assignment ("
	"  image_id INTEGER NOT NULL REFERENCES image(id),"
	"  user TEXT NOT NULL,"
	"  assigned TEXT NOT NULL,"
	"  assigned_by TEXT NOT NULL,"
	"  PRIMARY KEY (image_id, user)) WITHOUT ROWID;"
	"CREATE INDEX assignment_user ON assignment(user);"
	"ALTER TABLE image ADD COLUMN blind INTEGER NOT NULL DEFAULT 0;",

	/* 3 -> 4: each analyst's own verdict on a blind image, kept apart
	 * until a supervisor reveals the image and settles image.quality. */
	"CREATE TABLE verdict ("
	"  image_id INTEGER NOT NULL REFERENCES image(id),"
	"  user TEXT NOT NULL,"
	"  quality TEXT NOT NULL CHECK (quality IN"
	"    ('unreviewed','clear','partly_cloudy','cloudy','no_data')),"
	"  updated TEXT NOT NULL,"
	"  PRIMARY KEY (image_id, user)) WITHOUT ROWID;",

	/* 4 -> 5: where a remote image came from: its STAC item, the asset
	 * chosen and what the provider says of it (cloud cover is a hint
	 * for the analyst, never the verdict). */
	"CREATE TABLE image_stac ("
	"  image_id INTEGER PRIMARY KEY REFERENCES image(id),"
	"  item_id TEXT NOT NULL,"
	"  collection TEXT,"
	"  platform TEXT,"
	"  constellation TEXT,"
	"  cloud_cover REAL,"
	"  off_nadir REAL,"
	"  asset TEXT NOT NULL,"
	"  source TEXT);",

	/* 5 -> 6: the count engine's sightings, kept by triggers in the
	 * transaction of every write to mark or image (so no write path in
	 * C, nor the sqlite3 shell, can leave it behind): one narrow row per
	 * live, non-proposal mark, with its image's site, time and blind
	 * flag, in the order the report reads them (site, time, image,
	 * mark). The report scans it instead of joining the wide mark rows
	 * to their images. Status and kind keep their first letter. */
	"CREATE TABLE sighting ("
	"  site_id INTEGER NOT NULL,"
	"  acquired TEXT NOT NULL,"
	"  image_id INTEGER NOT NULL,"
	"  mark_id INTEGER NOT NULL,"
	"  class_id INTEGER NOT NULL,"
	"  status TEXT NOT NULL,"
	"  kind TEXT NOT NULL,"
	"  blind INTEGER NOT NULL,"
	"  cx REAL NOT NULL, cy REAL NOT NULL, w REAL NOT NULL,"
	"  h REAL NOT NULL, angle REAL NOT NULL,"
	"  name TEXT, track INTEGER, count INTEGER,"
	"  PRIMARY KEY (site_id, acquired, image_id, mark_id)) WITHOUT ROWID;"
	"INSERT INTO sighting SELECT i.site_id, i.acquired, i.id, m.id,"
	"  m.class_id, substr(m.status, 1, 1), substr(m.kind, 1, 1), i.blind,"
	"  m.cx, m.cy, m.w, m.h, m.angle, m.name, m.track, m.count"
	"  FROM mark m JOIN image i ON i.id = m.image_id"
	"  WHERE m.deleted = 0 AND m.proposal = 0;"
	"CREATE TRIGGER sighting_mark_insert AFTER INSERT ON mark"
	"  WHEN NEW.deleted = 0 AND NEW.proposal = 0 BEGIN"
	"  INSERT INTO sighting SELECT i.site_id, i.acquired, i.id, NEW.id,"
	"  NEW.class_id, substr(NEW.status, 1, 1), substr(NEW.kind, 1, 1),"
	"  i.blind, NEW.cx, NEW.cy, NEW.w, NEW.h, NEW.angle, NEW.name,"
	"  NEW.track, NEW.count FROM image i WHERE i.id = NEW.image_id; END;"
	"CREATE TRIGGER sighting_mark_update AFTER UPDATE OF image_id,"
	"  class_id, kind, cx, cy, w, h, angle, name, track, count, status,"
	"  proposal, deleted ON mark BEGIN"
	"  DELETE FROM sighting WHERE " SIGHTING_OF_OLD_MARK ";"
	"  INSERT INTO sighting SELECT i.site_id, i.acquired, i.id, NEW.id,"
	"  NEW.class_id, substr(NEW.status, 1, 1), substr(NEW.kind, 1, 1),"
	"  i.blind, NEW.cx, NEW.cy, NEW.w, NEW.h, NEW.angle, NEW.name,"
	"  NEW.track, NEW.count FROM image i WHERE i.id = NEW.image_id"
	"  AND NEW.deleted = 0 AND NEW.proposal = 0; END;"
	"CREATE TRIGGER sighting_mark_delete AFTER DELETE ON mark BEGIN"
	"  DELETE FROM sighting WHERE " SIGHTING_OF_OLD_MARK "; END;"
	"CREATE TRIGGER sighting_image_update AFTER UPDATE OF site_id,"
	"  acquired, blind ON image BEGIN"
	"  UPDATE sighting SET site_id = NEW.site_id, acquired = NEW.acquired,"
	"  blind = NEW.blind WHERE site_id = OLD.site_id AND"
	"  acquired = OLD.acquired AND image_id = OLD.id; END;"
	"CREATE TRIGGER sighting_image_delete AFTER DELETE ON image BEGIN"
	"  DELETE FROM sighting WHERE site_id = OLD.site_id AND"
	"  acquired = OLD.acquired AND image_id = OLD.id; END;",
};

/* What only C can do after a step (who is running it, and when). */
static int
after_step(struct store *st, int from, int to, char *err, size_t errlen)
{
	char	 now[32];

	if (to == 1) {
		now_iso(now, sizeof now);
		if (store_setting_set(st, "created_by", st->user, err,
		    errlen) != 0 ||
		    store_setting_set(st, "created", now, err, errlen) != 0)
			return -1;
	}
	/* A database born with roles starts closed: unknown users view. */
	if (to == 2 && from == 0)
		return store_setting_set(st, "policy", "closed", err, errlen);
	return 0;
}

static int
set_version(struct store *st, int v, char *err, size_t errlen)
{
	if (db_set_schema_version(st->db, v) != DB_OK)
		return db_err(st, err, errlen, st->path);
	return 0;
}

/*
 * Bring the database up to version `to` in one transaction. Another
 * process may be doing the same: the version is read again under the
 * write lock, so each step runs once.
 */
int
schema_migrate(struct store *st, int to, char *err, size_t errlen)
{
	int	 v, from;

	if (tx_begin(st, err, errlen) != 0)
		return -1;
	from = v = store_user_version(st);
	for (; v < to && v < (int)QM_NELEM(migrations); v++) {
		if (db_exec(st->db, migrations[v], NULL, 0) != DB_OK) {
			db_err(st, err, errlen, "schema upgrade");
			tx_end(st, 0, NULL, 0);
			return -1;
		}
		if (after_step(st, from, v + 1, err, errlen) != 0 ||
		    set_version(st, v + 1, err, errlen) != 0) {
			tx_end(st, 0, NULL, 0);
			return -1;
		}
	}
	return tx_end(st, 1, err, errlen);
}

/*
 * For tests of upgrades: create (or take) the file at path and stop its
 * schema at version `to`, as an older quaymark would have left it.
 */
int
store_migrate_file_to(const char *path, int to, char *err, size_t errlen)
{
	struct store	 st;
	int		 rc;

	memset(&st, 0, sizeof st);
	st.path = (char *)(uintptr_t)path;
	snprintf(st.user, sizeof st.user, "migration-test");
	if (db_open(&st.db, path, DB_OPEN_RAW, err, errlen) != 0)
		return -1;
	rc = schema_migrate(&st, to, err, errlen);
	for (size_t i = 0; i < st.ncache; i++)
		db_finalize(st.cache[i].stmt);
	db_close(st.db);
	return rc;
}
