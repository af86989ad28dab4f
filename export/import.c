/*
 * import.c: the one way label files reach the store. Items are matched to
 * catalogued images by file name, classes are mapped or refused, and the
 * whole file is written in one transaction or not at all, with
 * "file:line: reason" for the first thing that is wrong.
 */
#include <ctype.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "export.h"

struct import_item *
import_items_add(struct import_items *items, size_t line)
{
	struct import_item	*it;

	if (items->n == items->cap) {
		items->cap = items->cap ? items->cap * 2 : 64;
		items->v = xreallocarray(items->v, items->cap,
		    sizeof *items->v);
	}
	it = &items->v[items->n++];
	memset(it, 0, sizeof *it);
	it->line = line;
	it->status = -1;
	return it;
}

void
import_items_free(struct import_items *items)
{
	size_t	 i;

	for (i = 0; i < items->n; i++) {
		free(items->v[i].image);
		free(items->v[i].site);
		free(items->v[i].class_name);
		free(items->v[i].name);
		free(items->v[i].state);
		free(items->v[i].note);
		free(items->v[i].author);
		free(items->v[i].reason);
	}
	free(items->v);
	memset(items, 0, sizeof *items);
}

/* The item becomes the axis-aligned box around n points (x, y pairs). */
void
import_item_box_around(struct import_item *it, const double *p, size_t n)
{
	double	 x0 = p[0], y0 = p[1], x1 = p[0], y1 = p[1];
	size_t	 i;

	for (i = 1; i < n; i++) {
		x0 = fmin(x0, p[2 * i]);
		x1 = fmax(x1, p[2 * i]);
		y0 = fmin(y0, p[2 * i + 1]);
		y1 = fmax(y1, p[2 * i + 1]);
	}
	it->kind = MARK_BOX;
	it->cx = (x0 + x1) / 2;
	it->cy = (y0 + y1) / 2;
	it->w = x1 - x0;
	it->h = y1 - y0;
}

/*
 * A named attribute from a label file (CVAT's and VOC's <attribute>s):
 * name, state, note, author, reason, count, track or status fill the
 * item's field (the first one given wins); others are not marks' fields.
 */
void
import_item_attribute(struct import_item *it, const char *name,
    const char *value)
{
	int	 st;

	if (value == NULL || *value == '\0')
		return;
	if (strcmp(name, "name") == 0 && it->name == NULL)
		it->name = xstrdup(value);
	else if (strcmp(name, "state") == 0 && it->state == NULL)
		it->state = xstrdup(value);
	else if (strcmp(name, "note") == 0 && it->note == NULL)
		it->note = xstrdup(value);
	else if (strcmp(name, "author") == 0 && it->author == NULL)
		it->author = xstrdup(value);
	else if (strcmp(name, "reason") == 0 && it->reason == NULL)
		it->reason = xstrdup(value);
	else if (strcmp(name, "count") == 0 &&
	    num_parse_int64(value, &it->count) == 0)
		it->has_count = 1;
	else if (strcmp(name, "track") == 0 &&
	    num_parse_int64(value, &it->track) == 0)
		it->has_track = 1;
	else if (strcmp(name, "status") == 0 && (st = status_parse(value)) >= 0)
		it->status = st;
}

static const char *
mapped_class(const struct import_opts *o, const char *name)
{
	size_t	 i;

	for (i = 0; o != NULL && i < o->nmap; i++)
		if (strcmp(o->map_from[i], name) == 0)
			return o->map_to[i];
	return name;
}

/*
 * What one import remembers so that each row costs the same whatever the
 * file's size: image names resolved once (a catalog row costs a count of
 * its marks), and the live marks of each image met, as keys in a hash set
 * (re-imports skip identical marks). A lookup per row that scanned was
 * what made imports quadratic: 30,000 CSV rows took 75 s.
 */
struct import_image {
	int64_t	 id;
	int	 width;
	int	 height;
	char	*site;
};

struct import_memo {
	struct strmap		 names;	/* image name -> index in images */
	struct import_image	*images;
	size_t			 nimages;
	struct strmap		 loaded;	/* "#id": its marks are in have */
	struct strmap		 have;		/* mark_key() of live marks */
};

static void
memo_free(struct import_memo *mm)
{
	size_t	 i;

	for (i = 0; i < mm->nimages; i++)
		free(mm->images[i].site);
	free(mm->images);
	strmap_free(&mm->names);
	strmap_free(&mm->loaded);
	strmap_free(&mm->have);
}

/* Two marks are the same when these are (%.17g: doubles exactly). */
static void
mark_key(struct buf *b, int64_t image_id, int64_t class_id, int kind,
    double cx, double cy, double w, double h, double angle, const char *name)
{
	buf_reset(b);
	buf_printf(b, "%lld|%lld|%d|%.17g|%.17g|%.17g|%.17g|%.17g|%c%s",
	    (long long)image_id, (long long)class_id, kind, cx, cy, w, h,
	    angle, name != NULL && *name ? 'n' : '-', name != NULL ? name : "");
}

/* The catalogued image a label file names, resolved once per name. */
static const struct import_image *
memo_image(struct store *st, struct import_memo *mm, const char *name,
    int64_t site_id, char *err, size_t errlen)
{
	struct store_image	 im;
	struct import_image	*ii;
	int64_t			 k, id;

	if (strmap_get(&mm->names, name, &k))
		return &mm->images[k];
	if (store_image_find_name(st, name, site_id, &id, err, errlen) != 0 ||
	    store_image_get(st, id, &im, err, errlen) != 0)
		return NULL;
	mm->images = xreallocarray(mm->images, mm->nimages + 1,
	    sizeof *mm->images);
	ii = &mm->images[mm->nimages];
	ii->id = id;
	ii->width = im.width;
	ii->height = im.height;
	ii->site = xstrdup(im.site != NULL ? im.site : "");
	store_image_clear(&im);
	strmap_put(&mm->names, name, (int64_t)mm->nimages);
	return &mm->images[mm->nimages++];
}

/* The live marks of an image into mm->have, once per image. */
static int
memo_marks(struct store *st, struct import_memo *mm, int64_t image_id,
    char *err, size_t errlen)
{
	struct store_mark	*have = NULL;
	struct buf		 key;
	char			 id[32];
	size_t			 i, n = 0;

	snprintf(id, sizeof id, "#%lld", (long long)image_id);
	if (strmap_get(&mm->loaded, id, NULL))
		return 0;
	if (store_mark_list_image(st, image_id, &have, &n, err, errlen) != 0)
		return -1;
	buf_init(&key);
	for (i = 0; i < n; i++) {
		mark_key(&key, image_id, have[i].class_id, have[i].kind,
		    have[i].cx, have[i].cy, have[i].w, have[i].h,
		    have[i].angle, have[i].name);
		strmap_put(&mm->have, key.data, 1);
	}
	buf_free(&key);
	store_marks_free(have, n);
	strmap_put(&mm->loaded, id, 1);
	return 0;
}

/* Fractions of the image (YOLO) to pixels. */
static void
denormalise(struct import_item *it, int w, int h)
{
	int	 i;

	/* a millionth of a pixel: 0.133333 x 100 is 13.3333, not
	 * 13.333300000000001 */
#define PX(v) (round((v) * 1e6) / 1e6)
	if (it->has_quad)
		for (i = 0; i < 4; i++) {
			it->quad[2 * i] = PX(it->quad[2 * i] * w);
			it->quad[2 * i + 1] = PX(it->quad[2 * i + 1] * h);
		}
	else {
		it->cx = PX(it->cx * w);
		it->w = PX(it->w * w);
		it->cy = PX(it->cy * h);
		it->h = PX(it->h * h);
	}
#undef PX
	it->normalised = 0;
}

/*
 * Is the item outside the image? Its centre must be on it (half a pixel
 * of slack): labelled objects cut by the image's edge (truncated ships,
 * DOTA's and HRSC's boxes) reach beyond it, and stay.
 */
static int
outside(const struct import_item *it, int w, int h)
{
	return it->cx < -0.5 || it->cy < -0.5 || it->cx > w + 0.5 ||
	    it->cy > h + 0.5;
}

/* A class name others wrote, as quaymark's class names go. */
static void
class_safe(const char *in, char *out, size_t len)
{
	size_t	 i;

	for (i = 0; in[i] != '\0' && i + 1 < len && i < 40; i++)
		out[i] = (isalnum((unsigned char)in[i]) || in[i] == '_' ||
		    in[i] == '-') ? in[i] : '_';
	out[i] = '\0';
}

/* "file:line", or "file: annotations[i]" for formats without lines. */
static const char *
where(const char *path, const struct import_items *items,
    const struct import_item *it, char *buf, size_t len)
{
	if (items->unit != NULL)
		snprintf(buf, len, "%s: %s[%zu]", path, items->unit,
		    it->line - 1);
	else
		snprintf(buf, len, "%s:%zu", path, it->line);
	return buf;
}

/* The class an item names (mapped, made safe, or created); 0 or -1. */
static int
item_class(struct store *st, const struct import_opts *o,
    const struct import_item *it, int64_t *cid, char *err, size_t errlen)
{
	const char	*cname;
	char		 safe[48], e[512];

	cname = mapped_class(o, it->class_name);
	/* "license plate" is the class license_plate */
	class_safe(cname, safe, sizeof safe);
	if (*safe != '\0' && strcmp(safe, cname) != 0 &&
	    store_class_find(st, safe, cid, e, sizeof e) == 0)
		cname = safe;
	else if (*safe != '\0' && strcmp(safe, cname) != 0 && o != NULL &&
	    o->new_classes)
		cname = safe;
	if (store_class_find(st, cname, cid, e, sizeof e) == 0)
		return 0;
	if (o == NULL || !o->new_classes)
		return errf(err, errlen, "unknown class \"%s\" (map it with "
		    "--map %s=CLASS, or create it with --new-classes)", cname,
		    cname);
	if (store_class_add(st, cname, NULL, cid, e, sizeof e) != 0)
		return errf(err, errlen, "%s", e);
	return 0;
}

/* The item's geometry in pixels, checked against its image; 0 or -1. */
static int
item_geometry(struct import_item *it, const struct import_image *ii,
    char *err, size_t errlen)
{
	if (it->normalised)
		denormalise(it, ii->width, ii->height);
	if (it->has_quad) {
		geom_rbox_from_quad(it->quad, &it->cx, &it->cy, &it->w,
		    &it->h, &it->angle);
		it->kind = it->angle == 0 ? MARK_BOX : MARK_RBOX;
		it->has_quad = 0;
	}
	if (it->check_bounds && outside(it, ii->width, ii->height))
		return errf(err, errlen, "the mark at (%g, %g, %g x %g) lies "
		    "outside image \"%s\" (%d x %d)", it->cx, it->cy, it->w,
		    it->h, it->image, ii->width, ii->height);
	return geom_check(it->cx, it->cy, it->w, it->h, it->angle,
	    ii->width, ii->height, err, errlen);
}

/* The store's mark for an item; m points into it (no copies). */
static void
item_mark(const struct import_item *it, int64_t image_id, int64_t cid,
    const struct import_opts *o, int supervisor, char *author,
    size_t alen, struct store_mark *m, struct import_result *res)
{
	store_mark_init(m);
	m->image_id = image_id;
	m->class_id = cid;
	m->kind = it->kind;
	m->cx = it->cx;
	m->cy = it->cy;
	m->w = it->w;
	m->h = it->h;
	m->angle = it->angle;
	m->name = it->name;
	m->has_count = it->has_count;
	m->count = it->count;
	m->state = it->state;
	m->note = it->note;
	m->has_track = it->has_track;
	m->track = it->track;
	m->author = it->author;
	m->status = it->status < 0 ? STATUS_PENDING : it->status;
	m->status_reason = it->reason;
	if (o != NULL && o->as_proposals != NULL) {
		snprintf(author, alen, "import:%s", o->as_proposals);
		m->author = author;
		m->proposal = 1;
		m->status = STATUS_PENDING;
		m->status_reason = NULL;
	}
	if (m->status != STATUS_PENDING && !supervisor) {
		m->status = STATUS_PENDING;
		m->status_reason = NULL;
		res->status_dropped = 1;
	}
	if (m->status == STATUS_PENDING)
		m->status_reason = NULL;
}

/*
 * Write items (read from file `path`) to the store, all or nothing.
 * Returns 0 with counts in *res, or -1 with "path:line: reason" and no
 * change to the store.
 */
int
import_commit(struct store *st, const char *path, struct import_items *items,
    const struct import_opts *o, struct import_result *res, char *err,
    size_t errlen)
{
	const struct import_image	*ii;
	struct import_memo		 mm;
	struct store_mark		 m;
	struct import_item		*it;
	struct buf			 key;
	char				 e[512], author[96], pos[600];
	int64_t				 site_id = 0, cid;
	size_t				 i;
	int				 supervisor;

#define AT where(path, items, it, pos, sizeof pos)
	memset(res, 0, sizeof *res);
	if (items->n == 0 && !items->empty_ok)
		return errf(err, errlen, "%s: no objects", path);
	if (o != NULL && o->site != NULL &&
	    store_site_find(st, o->site, &site_id, e, sizeof e) != 0)
		return errf(err, errlen, "%s: %s", path, e);
	if (store_begin(st, e, sizeof e) != 0)
		return errf(err, errlen, "%s: %s", path, e);
	memset(&mm, 0, sizeof mm);
	buf_init(&key);
	supervisor = store_is_supervisor(st);
	for (i = 0; i < items->n; i++) {
		it = &items->v[i];
		if (item_class(st, o, it, &cid, e, sizeof e) != 0 ||
		    (ii = memo_image(st, &mm, it->image, site_id, e, sizeof e))
		    == NULL)
			goto fail_e;
		if (it->site != NULL && strcmp(it->site, ii->site) != 0 &&
		    site_id == 0) {
			errf(err, errlen, "%s: image \"%s\" is in site "
			    "\"%s\", the file says \"%s\"", AT,
			    it->image, ii->site, it->site);
			goto fail;
		}
		if (item_geometry(it, ii, e, sizeof e) != 0)
			goto fail_e;
		if (memo_marks(st, &mm, ii->id, e, sizeof e) != 0) {
			errf(err, errlen, "%s: %s", path, e);
			goto fail;
		}
		item_mark(it, ii->id, cid, o, supervisor, author,
		    sizeof author, &m, res);
		mark_key(&key, ii->id, m.class_id, m.kind, m.cx, m.cy, m.w,
		    m.h, m.angle, m.name);
		if (strmap_get(&mm.have, key.data, NULL)) {
			res->duplicates++;
			continue;
		}
		if (store_mark_add(st, &m, e, sizeof e) != 0)
			goto fail_e;
		res->added++;
	}
	memo_free(&mm);
	buf_free(&key);
	if (store_commit(st, e, sizeof e) != 0)
		return errf(err, errlen, "%s: %s", path, e);
	return 0;
fail_e:
	errf(err, errlen, "%s: %s", AT, e);
fail:
	memo_free(&mm);
	buf_free(&key);
	store_rollback(st);
	res->added = 0;
	return -1;
#undef AT
}
