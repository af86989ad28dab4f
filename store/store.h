/*
 * store.h: the only door to SQLite. Every other room talks to the database
 * through these functions, so another engine could stand behind them.
 *
 * Conventions: functions return 0 or -1 with a one-line reason in the
 * caller's err buffer. Structs filled by the store own their strings; free
 * them with the matching *_clear or *_free function. Every public function
 * that changes data is one transaction with its audit row, unless the
 * caller wrapped several in store_begin()/store_commit().
 */
#ifndef QM_STORE_H
#define QM_STORE_H

#include <stddef.h>
#include <stdint.h>

struct store;

#define STORE_SCHEMA_VERSION	6
#define STORE_BUSY_MS		10000	/* wait for the write lock */

/* store.c */
#define STORE_CREATE	0x1	/* create the file if it does not exist */
#define STORE_READONLY	0x2	/* never write */
#define STORE_BULK	0x4	/* synchronous=NORMAL: ingest, import, demo */

struct store	*store_open(const char *, int, char *, size_t);
void		 store_close(struct store *);
const char	*store_path(const struct store *);
const char	*store_user(const struct store *);
int		 store_readonly(const struct store *);
const char	*store_readonly_reason(const struct store *);
void		 store_set_readonly(struct store *, const char *);
int		 store_space_returned(struct store *);
void		 store_test_set_user(struct store *, const char *);
struct store_settings {
	char	 journal_mode[16];
	int	 synchronous;	/* 0 OFF, 1 NORMAL, 2 FULL, 3 EXTRA */
	int	 foreign_keys;
	double	 busy_ms;
};
int		 store_test_settings(struct store *, struct store_settings *);
int		 store_data_version(struct store *, int64_t *);
/*
 * Others' changes. store_change_fd: a descriptor to wait on (with the
 * terminal) that becomes readable when another process may have
 * committed (PostgreSQL: LISTEN/NOTIFY), or -1: call store_changed
 * now and then instead (SQLite: it reads PRAGMA data_version).
 * store_changed: 1 when another process committed since the last call,
 * 0 when not, -1 when the connection to the server is lost: then
 * store_reconnect tries once to make it again (0 when it did; after it,
 * store_changed says 1). store_set_patient(st, 0): while the server is
 * away, calls fail at once instead of retrying for seconds.
 */
int		 store_change_fd(struct store *);
int		 store_changed(struct store *);
int		 store_reconnect(struct store *, char *, size_t);
void		 store_set_patient(struct store *, int);
int		 store_begin(struct store *, char *, size_t);
int		 store_commit(struct store *, char *, size_t);
void		 store_rollback(struct store *);
int		 store_user_version(struct store *);
int		 store_integrity_check(struct store *, char *, size_t);
/*
 * Make the PostgreSQL database at target quaymark's (schema, roles the
 * server enforces, PostGIS views when it can): what it did, in out.
 */
int		 store_db_init(const char *, char *, size_t, char *, size_t);
/* Copy a whole database into a new or empty one (any engines): rows. */
int		 store_db_copy(const char *, const char *, int64_t *, char *,
		     size_t);
int		 store_setting_get(struct store *, const char *, char *, size_t);
int		 store_setting_set(struct store *, const char *, const char *,
		     char *, size_t);

/* schema.c */
int	 store_migrate_file_to(const char *, int, char *, size_t);

/* Filters shared by listings; zero means "any". */
struct store_filter {
	int64_t		 site_id;
	int64_t		 image_id;
	int64_t		 from;		/* acquisition time bounds, UTC */
	int64_t		 to;
	int		 has_from;
	int		 has_to;
	int64_t		*class_ids;	/* NULL: any class */
	size_t		 nclass_ids;
	int		 status_mask;	/* STATUS_* bits; 0: any */
	int		 quality_mask;	/* QUALITY_* bits; 0: any */
	const char	*author;
	int		 proposals;	/* -1 none, 0 both, 1 only */
	int		 no_mark_counts;	/* images: skip counting marks */
	int		 lean;		/* images: id, site, time, size, verdict,
					   georeferencing only */
};

/* site.c */
struct store_site {
	int64_t	 id;
	char	*name;
	int64_t	 images;
};
int	 store_site_ensure(struct store *, const char *, int64_t *, char *,
	     size_t);
int	 store_site_find(struct store *, const char *, int64_t *, char *,
	     size_t);
int	 store_site_list(struct store *, struct store_site **, size_t *, char *,
	     size_t);
void	 store_sites_free(struct store_site *, size_t);

/* quay.c: polygons in the site's image pixels, or in a map CRS. */
struct store_quay {
	int64_t	 id;
	int64_t	 site_id;
	char	*name;
	char	*crs;		/* NULL: image pixel coordinates */
	double	*pts;		/* x0 y0 x1 y1 ... */
	size_t	 npts;
};
int	 store_quay_add(struct store *, int64_t, const char *, const double *,
	     size_t, const char *, int64_t *, char *, size_t);
int	 store_quay_list(struct store *, int64_t, struct store_quay **,
	     size_t *, char *, size_t);
int	 store_quay_find(struct store *, int64_t, const char *, int64_t *,
	     char *, size_t);
void	 store_quays_free(struct store_quay *, size_t);
int	 store_quay_rm(struct store *, int64_t, char *, size_t);
int	 store_quay_set(struct store *, int64_t, const char *, const double *,
	     size_t, const char *, char *, size_t);
int	 store_quay_geom_put(struct store *, int64_t, const char *,
	     const double *, size_t, char *, size_t);
int	 store_quay_geom_get(struct store *, int64_t, const char *, double **,
	     size_t *, char *, size_t);

/* image.c: the catalog. */
enum quality {
	QUALITY_UNREVIEWED,
	QUALITY_CLEAR,
	QUALITY_PARTLY_CLOUDY,
	QUALITY_CLOUDY,
	QUALITY_NO_DATA,
	QUALITY_COUNT
};
#define QUALITY_BIT(q)	(1 << (q))
const char	*quality_name(int);
int		 quality_parse(const char *);

struct store_image {
	int64_t	 id;
	int64_t	 site_id;
	char	*site;
	char	*path;
	char	*name;		/* file name, for matching imports */
	int64_t	 acquired;	/* UTC seconds */
	char	*date_source;	/* metadata, filename, option */
	int	 width;
	int	 height;
	int	 bands;
	char	*data_type;
	int	 has_gt;
	double	 gt[6];		/* GDAL geotransform */
	char	*crs_wkt;
	char	*crs_code;	/* "EPSG:32652" when known */
	char	*sensor;
	int	 has_overviews;
	int64_t	 file_size;
	int64_t	 file_mtime;
	char	*hash;
	int	 quality;
	int	 reviewed;
	int	 accepted;
	int	 blind;		/* marks hidden between assignees */
	int64_t	 version;
	char	*stretch;	/* cached contrast stretch, JSON */
	int64_t	 marks;		/* live marks, filled by listings */
};

enum catalog_result {
	CATALOG_ADDED,
	CATALOG_UNCHANGED,
	CATALOG_UPDATED,
	CATALOG_MOVED
};
int	 store_image_catalog(struct store *, const struct store_image *,
	     int64_t *, enum catalog_result *, char *, size_t, char *, size_t);
int	 store_image_get(struct store *, int64_t, struct store_image *, char *,
	     size_t);
int	 store_image_list(struct store *, const struct store_filter *,
	     struct store_image **, size_t *, char *, size_t);
int	 store_image_find_name(struct store *, const char *, int64_t,
	     int64_t *, char *, size_t);
int	 store_image_find_date(struct store *, int64_t, int64_t, int64_t *,
	     char *, size_t);
int	 store_image_set_quality(struct store *, int64_t, int, char *, size_t);
int	 store_image_set_reviewed(struct store *, int64_t, int, char *,
	     size_t);
int	 store_image_set_accepted(struct store *, int64_t, int, char *,
	     size_t);
int	 store_image_set_stretch(struct store *, int64_t, const char *, char *,
	     size_t);
void	 store_image_clear(struct store_image *);
void	 store_image_copy(struct store_image *, const struct store_image *);
void	 store_images_free(struct store_image *, size_t);

/* class.c */
struct store_class {
	int64_t	 id;
	char	*name;
	char	*colour;
	int	 ord;
};
int	 store_class_list(struct store *, struct store_class **, size_t *,
	     char *, size_t);
int	 store_class_find(struct store *, const char *, int64_t *, char *,
	     size_t);
int	 store_class_add(struct store *, const char *, const char *, int64_t *,
	     char *, size_t);
void	 store_classes_free(struct store_class *, size_t);

/* mark.c */
enum mark_kind {
	MARK_POINT,
	MARK_BOX,
	MARK_RBOX
};
const char	*mark_kind_name(int);
int		 mark_kind_parse(const char *);

enum mark_status {
	STATUS_PENDING,
	STATUS_APPROVED,
	STATUS_REJECTED
};
#define STATUS_BIT(s)	(1 << (s))
const char	*status_name(int);
int		 status_parse(const char *);

/*
 * A mark's geometry is in image pixels (GDAL's convention: (0,0) is the
 * top-left corner of the top-left pixel). Every kind is a centre, a size
 * and an angle: a point has w = h = 0, a box has angle 0, a rotated box
 * turns clockwise on screen by angle degrees, 0 meaning w runs along x.
 */
struct store_mark {
	int64_t	 id;
	int64_t	 image_id;
	int64_t	 class_id;
	char	*class_name;
	int	 kind;
	double	 cx, cy, w, h, angle;
	char	*name;
	int	 has_count;
	int64_t	 count;
	char	*state;
	char	*note;
	int	 has_track;
	int64_t	 track;
	char	*author;
	int	 status;
	char	*status_reason;
	char	*status_by;
	char	*created;
	char	*updated;
	char	*updated_by;
	int64_t	 version;
	int	 deleted;
	int	 proposal;
	/* Filled by listings for convenience; not written back. */
	char	*image_name;
	char	*site;
	int64_t	 acquired;
	int	 quality;
};
void	 store_mark_init(struct store_mark *);
void	 store_mark_clear(struct store_mark *);
void	 store_mark_copy(struct store_mark *, const struct store_mark *);
void	 store_marks_free(struct store_mark *, size_t);
int	 store_mark_add(struct store *, struct store_mark *, char *, size_t);
int	 store_mark_add_row(struct store *, struct store_mark *,
	     struct store_mark *, char *, size_t);
int	 store_mark_get(struct store *, int64_t, struct store_mark *, char *,
	     size_t);
int	 store_mark_update(struct store *, struct store_mark *, int64_t,
	     char *, size_t);
int	 store_mark_delete(struct store *, int64_t, int64_t, char *, size_t);
int	 store_mark_restore(struct store *, int64_t, int64_t, char *, size_t);
int	 store_mark_review(struct store *, int64_t, int, const char *,
	     int64_t, char *, size_t);
int	 store_mark_list_image(struct store *, int64_t, struct store_mark **,
	     size_t *, char *, size_t);
typedef int (*store_mark_fn)(void *, const struct store_mark *);
int	 store_mark_each(struct store *, const struct store_filter *,
	     store_mark_fn, void *, char *, size_t);
typedef int (*store_mark_take_fn)(void *, struct store_mark *);
int	 store_mark_each_lean(struct store *, const struct store_filter *,
	     store_mark_take_fn, void *, char *, size_t);
int	 store_mark_names(struct store *, int64_t, char ***, size_t *, char *,
	     size_t);
int	 store_track_next(struct store *, int64_t *, char *, size_t);
int	 store_mark_count(struct store *, const struct store_filter *,
	     int64_t *, char *, size_t);

/*
 * sighting.c: the lean form of marks the count engine reads, a million at
 * a time: pointers in it are valid only during the callback.
 */
struct store_sighting {
	int64_t		 mark_id;
	int64_t		 image_id;
	int64_t		 class_id;
	int		 kind;
	double		 cx, cy, w, h, angle;
	const char	*name;		/* NULL when unnamed */
	int		 has_track;
	int64_t		 track;
	int		 has_count;
	int64_t		 count;
	int		 status;
};
typedef int (*store_sighting_fn)(void *, const struct store_sighting *);
int	 store_sighting_each(struct store *, int64_t, int64_t, int64_t, int,
	     store_sighting_fn, void *, char *, size_t);
void	 store_sighting_direct(struct store *, int);
int	 store_sighting_mark(struct store *, int64_t, int64_t, int64_t, int64_t,
	     store_sighting_fn, void *, char *, size_t);

/* audit.c */
struct store_audit {
	int64_t	 id;
	char	*at;
	char	*user;
	char	*action;
	char	*entity;
	int64_t	 entity_id;
	char	*before;	/* JSON or NULL */
	char	*after;
	char	*hash;
};
struct store_audit_filter {
	const char	*entity;
	int64_t		 entity_id;
	const char	*user;
	int64_t		 image_id;	/* marks on this image, and it */
};
typedef int (*store_audit_fn)(void *, const struct store_audit *);
int	 store_audit_each(struct store *, const struct store_audit_filter *,
	     store_audit_fn, void *, char *, size_t);
typedef int (*store_change_fn)(void *, int64_t, const char *, int64_t);
int	 store_audit_since(struct store *, int64_t, store_change_fn, void *,
	     char *, size_t);
int	 store_audit_verify(struct store *, int64_t *, int64_t *, char *,
	     size_t);
int	 store_audit_head(struct store *, int64_t *, char *, char *, size_t);
int	 store_audit_hash_of(struct store *, int64_t, char *, char *, size_t);

/* user.c: roles (schema 2). */
enum role {
	ROLE_NONE,
	ROLE_ANALYST,
	ROLE_SUPERVISOR
};
const char	*role_name(int);
int		 role_parse(const char *);
struct store_user {
	char	*name;
	int	 role;
	char	*created;
	char	*created_by;
};
int	 store_user_role(struct store *, const char *, int *, char *, size_t);
int	 store_user_add(struct store *, const char *, int, char *, size_t);
int	 store_user_rm(struct store *, const char *, char *, size_t);
int	 store_user_list(struct store *, struct store_user **, size_t *,
	     char *, size_t);
void	 store_users_free(struct store_user *, size_t);
int	 store_policy_get(struct store *, int *, char *, size_t);
int	 store_policy_set(struct store *, int, char *, size_t);
int	 store_may_write(struct store *, char *, size_t);
int	 store_is_supervisor(struct store *);

/* comment.c (schema 2) */
struct store_comment {
	int64_t	 id;
	int64_t	 mark_id;	/* 0 when on an image */
	int64_t	 image_id;
	char	*author;
	char	*text;
	char	*created;
	char	*resolved_by;
	char	*resolved_at;
};
int	 store_comment_add(struct store *, int64_t, int64_t, const char *,
	     int64_t *, char *, size_t);
int	 store_comment_resolve(struct store *, int64_t, char *, size_t);
int	 store_comment_list(struct store *, int64_t, int,
	     struct store_comment **, size_t *, char *, size_t);
void	 store_comments_free(struct store_comment *, size_t);

/* assign.c: who labels which image; blind images (schema 3). */
struct store_assignment {
	int64_t	 image_id;
	char	*image;		/* file name */
	int64_t	 acquired;
	char	*site;
	char	*user;
	int	 blind;		/* the image is blind now */
	char	*assigned;
	char	*assigned_by;
	char	*verdict;	/* their own (blind) verdict, "hidden", NULL */
};
typedef int (*store_assignment_fn)(void *, const struct store_assignment *);
int	 store_assign(struct store *, int64_t, const char *, int, char *,
	     size_t);
int	 store_unassign(struct store *, int64_t, const char *, char *, size_t);
int	 store_reveal(struct store *, int64_t, char *, size_t);
int	 store_assignment_each(struct store *, const char *, int64_t,
	     store_assignment_fn, void *, char *, size_t);
struct store_verdict {		/* an analyst's own verdict (schema 4) */
	int64_t	 image_id;
	char	*user;
	int	 quality;
	char	*updated;
};
int	 store_verdict_list(struct store *, int64_t, struct store_verdict **,
	     size_t *, char *, size_t);
void	 store_verdicts_free(struct store_verdict *, size_t);

/* position.c: where each user was (schema 2). */
int	 store_position_get(struct store *, int64_t *, int64_t *, char **,
	     char *, size_t);
int	 store_position_put(struct store *, int64_t, int64_t, const char *,
	     char *, size_t);

/* stac.c: where a remote image came from (its STAC item). */
struct store_stac {
	int64_t	 image_id;
	char	*item_id;
	char	*collection;	/* NULL: none */
	char	*platform;
	char	*constellation;
	double	 cloud_cover;	/* eo:cloud_cover, percent; NaN: unknown */
	double	 off_nadir;	/* view:off_nadir, degrees; NaN: unknown */
	char	*asset;		/* the asset's key in the item */
	char	*source;	/* the item's URL or file, redacted */
};
int	 store_stac_put(struct store *, int64_t, const struct store_stac *,
	     char *, size_t);
int	 store_stac_get(struct store *, int64_t, struct store_stac *, char *,
	     size_t);
int	 store_stac_list(struct store *, int64_t, struct store_stac **,
	     size_t *, char *, size_t);
const struct store_stac *store_stac_find(const struct store_stac *, size_t,
	     int64_t);
void	 store_stac_clear(struct store_stac *);
void	 store_stacs_free(struct store_stac *, size_t);

#endif
