/*
 * image.c: the catalog. One row per image file: where it is, when it was
 * taken (UTC), what GDAL said about it, a fingerprint to notice when it
 * changes or moves, and the analyst's quality verdict, which is how the
 * count engine tells "no ships" from "could not see".
 */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "store-int.h"
#include "../util/util.h"

static const char *const quality_names[] = {
	"unreviewed", "clear", "partly_cloudy", "cloudy", "no_data"
};

const char *
quality_name(int q)
{
	if (q < 0 || q >= QUALITY_COUNT)
		return "?";
	return quality_names[q];
}

/* A verdict's number from its name (or "partly-cloudy"), or -1. */
int
quality_parse(const char *s)
{
	int	 i;

	for (i = 0; i < QUALITY_COUNT; i++)
		if (strcmp(s, quality_names[i]) == 0)
			return i;
	if (strcmp(s, "partly-cloudy") == 0)
		return QUALITY_PARTLY_CLOUDY;
	if (strcmp(s, "no-data") == 0)
		return QUALITY_NO_DATA;
	return -1;
}

#define IMAGE_COLUMNS "i.id, i.site_id, s.name, i.path, i.name, " \
	"i.acquired, i.date_source, i.width, i.height, i.bands, " \
	"i.data_type, i.geotransform, i.crs_wkt, i.crs_code, i.sensor, " \
	"i.has_overviews, i.file_size, i.file_mtime, i.hash, " \
	IMAGE_QUALITY ", " \
	"i.reviewed, i.accepted, i.version, i.stretch, " \
	"(SELECT count(*) FROM mark m WHERE m.image_id = i.id AND " \
	"m.deleted = 0 AND " MARK_VISIBLE "), i.blind "
#define IMAGE_COLUMNS_NOCOUNT "i.id, i.site_id, s.name, i.path, i.name, " \
	"i.acquired, i.date_source, i.width, i.height, i.bands, " \
	"i.data_type, i.geotransform, i.crs_wkt, i.crs_code, i.sensor, " \
	"i.has_overviews, i.file_size, i.file_mtime, i.hash, " \
	IMAGE_QUALITY ", " \
	"i.reviewed, i.accepted, i.version, i.stretch, 0, i.blind "

static void
gt_text(const double *gt, char *out, size_t len)
{
	char	 n[6][32];
	int	 i;

	for (i = 0; i < 6; i++)
		num_format(n[i], sizeof n[i], gt[i]);
	snprintf(out, len, "%s,%s,%s,%s,%s,%s", n[0], n[1], n[2], n[3], n[4],
	    n[5]);
}

static void
image_fill(struct db_stmt *stmt, struct store_image *im)
{
	const char	*gt;
	int64_t		 t;

	memset(im, 0, sizeof *im);
	im->id = db_column_int64(stmt, 0);
	im->site_id = db_column_int64(stmt, 1);
	im->site = col_strdup(stmt, 2);
	im->path = col_strdup(stmt, 3);
	im->name = col_strdup(stmt, 4);
	if (date_parse(db_column_text(stmt, 5), &t, NULL)
	    == 0)
		im->acquired = t;
	im->date_source = col_strdup(stmt, 6);
	im->width = (int)db_column_int64(stmt, 7);
	im->height = (int)db_column_int64(stmt, 8);
	im->bands = (int)db_column_int64(stmt, 9);
	im->data_type = col_strdup(stmt, 10);
	gt = db_column_text(stmt, 11);
	im->has_gt = gt != NULL && num_parse_list(gt, im->gt, 6) == 0;
	im->crs_wkt = col_strdup(stmt, 12);
	im->crs_code = col_strdup(stmt, 13);
	im->sensor = col_strdup(stmt, 14);
	im->has_overviews = (int)db_column_int64(stmt, 15);
	im->file_size = db_column_int64(stmt, 16);
	im->file_mtime = db_column_int64(stmt, 17);
	im->hash = col_strdup(stmt, 18);
	im->quality = quality_parse(db_column_text(stmt,
	    19));
	im->reviewed = (int)db_column_int64(stmt, 20);
	im->accepted = (int)db_column_int64(stmt, 21);
	im->blind = (int)db_column_int64(stmt, 25);
	im->version = db_column_int64(stmt, 22);
	im->stretch = col_strdup(stmt, 23);
	im->marks = db_column_int64(stmt, 24);
}

/* dst becomes a deep copy of src. */
void
store_image_copy(struct store_image *dst, const struct store_image *src)
{
	*dst = *src;
#define DUP(f) dst->f = src->f ? xstrdup(src->f) : NULL
	DUP(site);
	DUP(path);
	DUP(name);
	DUP(date_source);
	DUP(data_type);
	DUP(crs_wkt);
	DUP(crs_code);
	DUP(sensor);
	DUP(hash);
	DUP(stretch);
#undef DUP
}

void
store_image_clear(struct store_image *im)
{
	free(im->site);
	free(im->path);
	free(im->name);
	free(im->date_source);
	free(im->data_type);
	free(im->crs_wkt);
	free(im->crs_code);
	free(im->sensor);
	free(im->hash);
	free(im->stretch);
	memset(im, 0, sizeof *im);
}

void
store_images_free(struct store_image *v, size_t n)
{
	size_t	 i;

	for (i = 0; i < n; i++)
		store_image_clear(&v[i]);
	free(v);
}

int
store_image_get(struct store *st, int64_t id, struct store_image *im,
    char *err, size_t errlen)
{
	static const char sql[] = "SELECT " IMAGE_COLUMNS
	    "FROM image i JOIN site s ON s.id = i.site_id WHERE i.id = ?";
	struct db_stmt	*stmt;
	int		 rc;

	if ((stmt = stmt_get(st, sql, err, errlen)) == NULL)
		return -1;
	db_bind_int64(stmt, 1, id);
	rc = db_step(stmt);
	if (rc == DB_ROW)
		image_fill(stmt, im);
	db_reset(stmt);
	if (rc == DB_ROW)
		return 0;
	if (rc != DB_DONE)
		return db_err(st, err, errlen, "image");
	return errf(err, errlen, "no image with id %lld", (long long)id);
}

static int
lean_row(struct db_stmt *stmt, void *elem, void *arg)
{
	struct store_image	*im = elem;
	const char		*gt;
	int64_t			 t;

	(void)arg;
	im->id = db_column_int64(stmt, 0);
	im->site_id = db_column_int64(stmt, 1);
	if (date_parse(db_column_text(stmt, 2), &t,
	    NULL) == 0)
		im->acquired = t;
	im->width = (int)db_column_int64(stmt, 3);
	im->height = (int)db_column_int64(stmt, 4);
	im->quality = quality_parse(db_column_text(stmt,
	    5));
	gt = db_column_text(stmt, 6);
	im->has_gt = gt != NULL && num_parse_list(gt, im->gt, 6) == 0;
	im->crs_code = col_strdup(stmt, 7);
	return 0;
}

/*
 * The lean listing the count engine reads for every image of a site: no
 * paths or metadata strings, so 20,000 images cost a few milliseconds.
 */
static int
image_list_lean(struct store *st, const struct store_filter *f,
    struct store_image **out, size_t *n, char *err, size_t errlen)
{
	static const char sql[] = "SELECT id, site_id, acquired, width, "
	    "height, quality, geotransform, crs_code FROM image "
	    "WHERE (?1 = 0 OR site_id = ?1) AND (?2 IS NULL OR acquired >= ?2) "
	    "AND (?3 IS NULL OR acquired <= ?3) ORDER BY acquired, id";
	struct db_stmt		*stmt;
	struct store_image	*v = NULL;
	size_t			 len = 0;
	int			 failed;

	if ((stmt = stmt_get(st, sql, err, errlen)) == NULL)
		return -1;
	db_bind_int64(stmt, 1, f->site_id);
	bind_date_range(stmt, 2, f);
	v = rows_fill(stmt, sizeof *v, 256, lean_row, NULL, &len, &failed);
	if (failed) {
		store_images_free(v, len);
		return db_err(st, err, errlen, "images");
	}
	*out = v;
	*n = len;
	return 0;
}

static int
image_row(struct db_stmt *stmt, void *elem, void *arg)
{
	const struct store_filter	*f = arg;

	/* the verdict filter: before anything is allocated */
	if (f && f->quality_mask != 0 &&
	    !(f->quality_mask & QUALITY_BIT(quality_parse(
	    db_column_text(stmt, 19)))))
		return 1;
	image_fill(stmt, elem);
	return 0;
}

/* Images matching f, by acquisition time; free with store_images_free. */
int
store_image_list(struct store *st, const struct store_filter *f,
    struct store_image **out, size_t *n, char *err, size_t errlen)
{
	static const char sql[] = "SELECT " IMAGE_COLUMNS
	    "FROM image i JOIN site s ON s.id = i.site_id WHERE "
	    "(?1 = 0 OR i.site_id = ?1) AND (?2 IS NULL OR i.acquired >= ?2) "
	    "AND (?3 IS NULL OR i.acquired <= ?3) AND (?4 = 0 OR i.id = ?4) "
	    "ORDER BY i.acquired, i.id";
	/* The same, without counting each image's marks (the count engine
	 * reads them anyway). */
	static const char sql_nocount[] = "SELECT " IMAGE_COLUMNS_NOCOUNT
	    "FROM image i JOIN site s ON s.id = i.site_id WHERE "
	    "(?1 = 0 OR i.site_id = ?1) AND (?2 IS NULL OR i.acquired >= ?2) "
	    "AND (?3 IS NULL OR i.acquired <= ?3) AND (?4 = 0 OR i.id = ?4) "
	    "ORDER BY i.acquired, i.id";
	struct db_stmt		*stmt;
	struct store_image	*v = NULL;
	size_t			 len = 0;
	int			 failed;

	if (f != NULL && f->lean)
		return image_list_lean(st, f, out, n, err, errlen);
	if ((stmt = stmt_get(st, f && f->no_mark_counts ? sql_nocount : sql,
	    err, errlen)) == NULL)
		return -1;
	db_bind_int64(stmt, 1, f ? f->site_id : 0);
	bind_date_range(stmt, 2, f);
	db_bind_int64(stmt, 4, f ? f->image_id : 0);
	v = rows_fill(stmt, sizeof *v, 64, image_row, (void *)(uintptr_t)f,
	    &len, &failed);
	if (failed) {
		store_images_free(v, len);
		return db_err(st, err, errlen, "images");
	}
	*out = v;
	*n = len;
	return 0;
}

/* The image with this file name (in site_id, or any site when 0). */
int
store_image_find_name(struct store *st, const char *name, int64_t site_id,
    int64_t *id, char *err, size_t errlen)
{
	/* by name; else by stem, as label files name images ("P0706" or
	 * "train/P0706.jpg" for the catalogued P0706.tif) */
	static const char sql[] = "SELECT id FROM image WHERE (?3 = 0 AND "
	    "name = ?1 OR ?3 = 1 AND substr(name, 1, length(?1)) = ?1 AND "
	    "substr(name, length(?1) + 1, 1) = '.' AND "
	    "replace(substr(name, length(?1) + 2), '.', '') = "
	    "substr(name, length(?1) + 2)) AND "
	    "(?2 = 0 OR site_id = ?2) LIMIT 2";
	struct db_stmt	*stmt;
	const char	*base, *dot;
	char		 stem[512];
	int		 rc, found, pass;

	if ((stmt = stmt_get(st, sql, err, errlen)) == NULL)
		return -1;
	base = strrchr(name, '/') ? strrchr(name, '/') + 1 : name;
	snprintf(stem, sizeof stem, "%s", base);
	if ((dot = strrchr(stem, '.')) != NULL && dot != stem)
		stem[dot - stem] = '\0';
	for (pass = 0; pass < 3; pass++) {
		found = 0;
		db_bind_text(stmt, 1, pass == 0 ? name : pass == 1 ? base :
		    stem);
		db_bind_int64(stmt, 2, site_id);
		db_bind_int64(stmt, 3, pass == 2);
		while ((rc = db_step(stmt)) == DB_ROW) {
			*id = db_column_int64(stmt, 0);
			found++;
		}
		db_reset(stmt);
		if (rc != DB_DONE)
			return db_err(st, err, errlen, "image");
		if (found > 1)
			return errf(err, errlen, "several images are named "
			    "\"%s\"; say which site", name);
		if (found == 1)
			return 0;
	}
	return errf(err, errlen, "no image named \"%s\" in the catalog",
	    name);
}

/* The first image of site_id acquired on the UTC day containing day. */
int
store_image_find_date(struct store *st, int64_t site_id, int64_t day,
    int64_t *id, char *err, size_t errlen)
{
	static const char sql[] = "SELECT id FROM image WHERE site_id = ? "
	    "AND acquired >= ? AND acquired <= ? ORDER BY acquired, id LIMIT 1";
	struct db_stmt	*stmt;
	char		 from[DATE_ISO_LEN], to[DATE_ISO_LEN], d[DATE_DAY_LEN];
	int		 rc;

	if ((stmt = stmt_get(st, sql, err, errlen)) == NULL)
		return -1;
	date_format(date_day_floor(day), from);
	date_format(date_day_floor(day) + 86399, to);
	db_bind_int64(stmt, 1, site_id);
	db_bind_text(stmt, 2, from);
	db_bind_text(stmt, 3, to);
	rc = db_step(stmt);
	if (rc == DB_ROW)
		*id = db_column_int64(stmt, 0);
	db_reset(stmt);
	if (rc == DB_ROW)
		return 0;
	if (rc != DB_DONE)
		return db_err(st, err, errlen, "image");
	date_format_day(day, d);
	return errf(err, errlen, "no image of this site on %s", d);
}

static char *
image_json(const struct store_image *im)
{
	json_t	*j;
	char	*s, when[DATE_ISO_LEN];

	date_format(im->acquired, when);
	j = json_pack("{s:s,s:s,s:I,s:s,s:s,s:i,s:i,s:b,s:b}",
	    "path", im->path ? im->path : "",
	    "acquired", when,
	    "file_size", (json_int_t)im->file_size,
	    "hash", im->hash ? im->hash : "",
	    "quality", quality_name(im->quality),
	    "width", im->width, "height", im->height,
	    "reviewed", im->reviewed, "accepted", im->accepted);
	s = json_dumps(j, JSON_COMPACT | JSON_SORT_KEYS);
	json_decref(j);
	return s;
}

/*
 * What the file says about itself, path to hash (16 parameters from
 * `first`), as image_insert and image_refresh both write it.
 */
static void
bind_file_facts(struct db_stmt *stmt, int first, const struct store_image *in)
{
	char	 when[DATE_ISO_LEN], gt[256];
	int	 i = first;

	date_format(in->acquired, when);
	db_bind_text(stmt, i++, in->path);
	db_bind_text(stmt, i++, in->name);
	db_bind_text(stmt, i++, when);
	db_bind_text(stmt, i++, in->date_source);
	db_bind_int64(stmt, i++, in->width);
	db_bind_int64(stmt, i++, in->height);
	db_bind_int64(stmt, i++, in->bands);
	db_bind_text(stmt, i++, in->data_type);
	if (in->has_gt) {
		gt_text(in->gt, gt, sizeof gt);
		db_bind_text(stmt, i, gt);
	}
	i++;
	db_bind_text(stmt, i++, in->crs_wkt);
	db_bind_text(stmt, i++, in->crs_code);
	db_bind_text(stmt, i++, in->sensor);
	db_bind_int64(stmt, i++, in->has_overviews);
	db_bind_int64(stmt, i++, in->file_size);
	db_bind_int64(stmt, i++, in->file_mtime);
	db_bind_text(stmt, i, in->hash);
}

static int
image_insert(struct store *st, const struct store_image *in, int64_t *id,
    char *err, size_t errlen)
{
	static const char sql[] = "INSERT INTO image (site_id, path, name, "
	    "acquired, date_source, width, height, bands, data_type, "
	    "geotransform, crs_wkt, crs_code, sensor, has_overviews, "
	    "file_size, file_mtime, hash, created, updated) VALUES (?, ?, ?, "
	    "?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id";
	struct db_stmt	*stmt;
	char		 now[32];

	if ((stmt = stmt_get(st, sql, err, errlen)) == NULL)
		return -1;
	now_iso(now, sizeof now);
	db_bind_int64(stmt, 1, in->site_id);
	bind_file_facts(stmt, 2, in);
	db_bind_text(stmt, 18, now);
	db_bind_text(stmt, 19, now);
	return step_id(st, stmt, id, err, errlen, "image");
}

/* Overwrite what the file says about itself (not verdicts or marks). */
static int
image_refresh(struct store *st, int64_t id, const struct store_image *in,
    char *err, size_t errlen)
{
	static const char sql[] = "UPDATE image SET path = ?, name = ?, "
	    "acquired = ?, date_source = ?, width = ?, height = ?, bands = ?, "
	    "data_type = ?, geotransform = ?, crs_wkt = ?, crs_code = ?, "
	    "sensor = ?, has_overviews = ?, file_size = ?, file_mtime = ?, "
	    "hash = ?, stretch = NULL, updated = ?, version = version + 1 "
	    "WHERE id = ?";
	struct db_stmt	*stmt;
	char		 now[32];

	if ((stmt = stmt_get(st, sql, err, errlen)) == NULL)
		return -1;
	now_iso(now, sizeof now);
	bind_file_facts(stmt, 1, in);
	db_bind_text(stmt, 17, now);
	db_bind_int64(stmt, 18, id);
	return step_done(st, stmt, err, errlen, "image");
}

static int
find_by_path(struct store *st, const char *path, int64_t *id)
{
	static const char sql[] = "SELECT id FROM image WHERE path = ?";
	struct db_stmt	*stmt;
	int		 rc;

	if ((stmt = stmt_get(st, sql, NULL, 0)) == NULL)
		return -1;
	db_bind_text(stmt, 1, path);
	rc = db_step(stmt);
	if (rc == DB_ROW)
		*id = db_column_int64(stmt, 0);
	db_reset(stmt);
	return rc == DB_ROW ? 1 : rc == DB_DONE ? 0 : -1;
}

/*
 * Images with the same content: *moved is one whose catalogued path has
 * gone (this file is it, moved), *dup one still present with the same
 * acquisition time (this file is a copy). Same bytes with another time
 * (a different sidecar, say) is a different image.
 */
static int
find_same_content(struct store *st, const struct store_image *in,
    int64_t *moved, char **moved_path, int64_t *dup, char **dup_path)
{
	static const char sql[] = "SELECT id, path, acquired FROM image "
	    "WHERE hash = ? AND file_size = ?";
	struct db_stmt	*stmt;
	const char	*p, *when;
	char		 iso[DATE_ISO_LEN];
	int		 rc;

	*moved = *dup = 0;
	if ((stmt = stmt_get(st, sql, NULL, 0)) == NULL)
		return -1;
	date_format(in->acquired, iso);
	db_bind_text(stmt, 1, in->hash);
	db_bind_int64(stmt, 2, in->file_size);
	while ((rc = db_step(stmt)) == DB_ROW) {
		p = db_column_text(stmt, 1);
		when = db_column_text(stmt, 2);
		if (p == NULL)
			continue;
		if (access(p, F_OK) != 0) {
			if (*moved == 0) {
				*moved = db_column_int64(stmt, 0);
				*moved_path = xstrdup(p);
			}
		} else if (when != NULL && strcmp(when, iso) == 0 &&
		    *dup == 0) {
			*dup = db_column_int64(stmt, 0);
			*dup_path = xstrdup(p);
		}
	}
	db_reset(stmt);
	return rc == DB_DONE ? 0 : -1;
}

/*
 * Catalog one file described by in (path must be absolute). *result says
 * what happened: added; unchanged; updated (same path, new content or
 * metadata; verdicts and marks kept); moved (same content found at a path
 * that no longer exists). A copy of an image still present elsewhere is
 * refused as a duplicate. detail gets a short human note.
 */
int
store_image_catalog(struct store *st, const struct store_image *in,
    int64_t *id, enum catalog_result *result, char *detail, size_t detlen,
    char *err, size_t errlen)
{
	struct store_image	 old;
	char			*before, *after, *moved_path = NULL;
	char			*dup_path = NULL;
	int64_t			 moved, dup;
	int			 ok, found;

	detail[0] = '\0';
	if (check_writable(st, err, errlen) != 0)
		return -1;
	if (tx_begin(st, err, errlen) != 0)
		return -1;
	if ((found = find_by_path(st, in->path, id)) < 0) {
		ok = db_err(st, err, errlen, "image") == 0;
		goto out;
	}
	if (found) {
		if ((ok = store_image_get(st, *id, &old, err, errlen) == 0)) {
			if (old.file_size == in->file_size &&
			    old.file_mtime == in->file_mtime &&
			    strcmp(old.hash, in->hash) == 0 &&
			    old.acquired == in->acquired &&
			    old.site_id == in->site_id) {
				*result = CATALOG_UNCHANGED;
			} else {
				*result = CATALOG_UPDATED;
				if (strcmp(old.hash, in->hash) != 0)
					snprintf(detail, detlen, "content "
					    "changed; %lld mark(s) kept",
					    (long long)old.marks);
				else
					snprintf(detail, detlen, "metadata "
					    "changed");
				ok = image_refresh(st, *id, in, err, errlen)
				    == 0;
				if (ok) {
					before = image_json(&old);
					after = image_json(in);
					ok = audit_add(st, "update", "image",
					    *id, before, after, err, errlen)
					    == 0;
					free(before);
					free(after);
				}
			}
			store_image_clear(&old);
		}
		goto out;
	}
	if (find_same_content(st, in, &moved, &moved_path, &dup, &dup_path)
	    != 0) {
		ok = db_err(st, err, errlen, "image") == 0;
		goto out;
	}
	if (dup != 0) {
		ok = errf(err, errlen, "duplicate of image %lld (%s)",
		    (long long)dup, dup_path) == 0;
		goto out;
	}
	if (moved != 0) {
		*id = moved;
		*result = CATALOG_MOVED;
		snprintf(detail, detlen, "moved from %s", moved_path);
		if ((ok = store_image_get(st, *id, &old, err, errlen) == 0)) {
			ok = image_refresh(st, *id, in, err, errlen) == 0;
			if (ok) {
				before = image_json(&old);
				after = image_json(in);
				ok = audit_add(st, "move", "image", *id, before,
				    after, err, errlen) == 0;
				free(before);
				free(after);
			}
			store_image_clear(&old);
		}
		goto out;
	}
	*result = CATALOG_ADDED;
	ok = image_insert(st, in, id, err, errlen) == 0;
	if (ok) {
		after = image_json(in);
		ok = audit_add(st, "create", "image", *id, NULL, after, err,
		    errlen) == 0;
		free(after);
	}
out:
	free(moved_path);
	free(dup_path);
	return tx_end(st, ok, err, errlen);
}

/* Change one image column the analyst owns, with version and audit. */
static int
image_set(struct store *st, int64_t id, const char *sql, int which,
    int value, const char *text, char *err, size_t errlen)
{
	struct store_image	 old, new;
	struct db_stmt		*stmt;
	char			*before, *after, now[32];
	int			 ok;

	if (check_writable(st, err, errlen) != 0 ||
	    tx_begin(st, err, errlen) != 0)
		return -1;
	if (store_image_get(st, id, &old, err, errlen) != 0)
		return tx_end(st, 0, err, errlen);
	ok = 1;
	if (old.accepted && which != 2 && !store_is_supervisor(st))
		ok = errf(err, errlen, "image %lld is accepted by a "
		    "supervisor and locked", (long long)id) == 0;
	if (ok && which == 2 && !store_is_supervisor(st))
		ok = check_role(st, ROLE_SUPERVISOR, "accept images", err,
		    errlen) == 0;
	/* an analyst's verdict on a blind image is theirs alone */
	if (ok && which == 0 && old.blind && !store_is_supervisor(st)) {
		ok = verdict_put(st, &old, text, err, errlen) == 0;
		store_image_clear(&old);
		return tx_end(st, ok, err, errlen);
	}
	now_iso(now, sizeof now);
	if (ok && (stmt = stmt_get(st, sql, err, errlen)) == NULL)
		ok = 0;
	if (ok) {
		if (text != NULL)
			db_bind_text(stmt, 1, text);
		else
			db_bind_int64(stmt, 1, value);
		db_bind_text(stmt, 2, now);
		db_bind_int64(stmt, 3, id);
		if (db_param_count(stmt) >= 4)	/* who accepted */
			db_bind_text(stmt, 4, st->user);
		ok = step_done(st, stmt, err, errlen, "image") == 0;
	}
	if (ok && which >= 0) {
		ok = store_image_get(st, id, &new, err, errlen) == 0;
		if (ok) {
			before = image_json(&old);
			after = image_json(&new);
			ok = audit_add(st, which == 0 ? "quality" : which == 1 ?
			    "reviewed" : "accept", "image", id, before, after,
			    err, errlen) == 0;
			free(before);
			free(after);
			store_image_clear(&new);
		}
	}
	store_image_clear(&old);
	return tx_end(st, ok, err, errlen);
}

int
store_image_set_quality(struct store *st, int64_t id, int quality,
    char *err, size_t errlen)
{
	static const char sql[] = "UPDATE image SET quality = ?1, updated = ?2, "
	    "version = version + 1 WHERE id = ?3";

	if (quality < 0 || quality >= QUALITY_COUNT)
		return errf(err, errlen, "unknown quality verdict");
	return image_set(st, id, sql, 0, 0, quality_name(quality), err,
	    errlen);
}

int
store_image_set_reviewed(struct store *st, int64_t id, int reviewed,
    char *err, size_t errlen)
{
	static const char sql[] = "UPDATE image SET reviewed = ?1, updated = ?2, "
	    "version = version + 1 WHERE id = ?3";

	return image_set(st, id, sql, 1, reviewed != 0, NULL, err, errlen);
}

int
store_image_set_accepted(struct store *st, int64_t id, int accepted,
    char *err, size_t errlen)
{
	static const char sql[] = "UPDATE image SET accepted = ?1, updated = ?2, "
	    "version = version + 1, accepted_by = ?4 WHERE id = ?3";

	return image_set(st, id, sql, 2, accepted != 0, NULL, err, errlen);
}

/* Cache a computed contrast stretch: derived data, so no audit row. */
int
store_image_set_stretch(struct store *st, int64_t id, const char *json,
    char *err, size_t errlen)
{
	static const char sql[] = "UPDATE image SET stretch = ? WHERE id = ?";
	struct db_stmt	*stmt;

	if (st->readonly)
		return errf(err, errlen, "read-only: %s", st->ro_reason);
	if ((stmt = stmt_get(st, sql, err, errlen)) == NULL)
		return -1;
	db_bind_text(stmt, 1, json);
	db_bind_int64(stmt, 2, id);
	return step_done(st, stmt, err, errlen, "image");
}
