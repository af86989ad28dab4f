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

/* Is an identical live mark already on this image? (re-imports) */
static int
already_there(const struct store_mark *have, size_t nhave,
    const struct store_mark *m)
{
	size_t	 i;

	for (i = 0; i < nhave; i++) {
		if (have[i].class_id == m->class_id && have[i].kind == m->kind &&
		    have[i].cx == m->cx && have[i].cy == m->cy &&
		    have[i].w == m->w && have[i].h == m->h &&
		    have[i].angle == m->angle &&
		    ((have[i].name == NULL && m->name == NULL) ||
		    (have[i].name && m->name &&
		    strcmp(have[i].name, m->name) == 0)))
			return 1;
	}
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
	struct store_image	 im;
	struct store_mark	 m, *have = NULL;
	struct import_item	*it;
	char			 e[512], author[96], pos[600], safe[48];
	const char		*cname;
	int64_t			 site_id = 0, image_id, cur_image = 0, cid;
	size_t			 i, nhave = 0;
	int			 supervisor;

#define AT where(path, items, it, pos, sizeof pos)
	memset(res, 0, sizeof *res);
	if (items->n == 0 && !items->empty_ok)
		return errf(err, errlen, "%s: no objects", path);
	if (o != NULL && o->site != NULL &&
	    store_site_find(st, o->site, &site_id, e, sizeof e) != 0)
		return errf(err, errlen, "%s: %s", path, e);
	if (store_begin(st, e, sizeof e) != 0)
		return errf(err, errlen, "%s: %s", path, e);
	supervisor = store_is_supervisor(st);
	for (i = 0; i < items->n; i++) {
		it = &items->v[i];
		cname = mapped_class(o, it->class_name);
		/* "license plate" is the class license_plate */
		class_safe(cname, safe, sizeof safe);
		if (*safe != '\0' && strcmp(safe, cname) != 0 &&
		    store_class_find(st, safe, &cid, e, sizeof e) == 0)
			cname = safe;
		else if (*safe != '\0' && strcmp(safe, cname) != 0 && o != NULL &&
		    o->new_classes)
			cname = safe;
		if (store_class_find(st, cname, &cid, e, sizeof e) != 0) {
			if (o == NULL || !o->new_classes) {
				errf(err, errlen, "%s: unknown class \"%s\" "
				    "(map it with --map %s=CLASS, or create it "
				    "with --new-classes)", AT,
				    cname, cname);
				goto fail;
			}
			if (store_class_add(st, cname, NULL, &cid, e, sizeof e)
			    != 0) {
				errf(err, errlen, "%s: %s", AT,
				    e);
				goto fail;
			}
		}
		if (store_image_find_name(st, it->image, site_id, &image_id, e,
		    sizeof e) != 0) {
			errf(err, errlen, "%s: %s", AT, e);
			goto fail;
		}
		if (store_image_get(st, image_id, &im, e, sizeof e) != 0) {
			errf(err, errlen, "%s: %s", AT, e);
			goto fail;
		}
		if (it->site != NULL && strcmp(it->site, im.site) != 0 &&
		    site_id == 0) {
			/* named as stored: the image is cleared after */
			errf(err, errlen, "%s: image \"%s\" is in site "
			    "\"%s\", the file says \"%s\"", AT, it->image,
			    im.site, it->site);
			store_image_clear(&im);
			goto fail;
		}
		if (it->normalised)
			denormalise(it, im.width, im.height);
		if (it->has_quad) {
			geom_rbox_from_quad(it->quad, &it->cx, &it->cy, &it->w,
			    &it->h, &it->angle);
			it->kind = it->angle == 0 ? MARK_BOX : MARK_RBOX;
			it->has_quad = 0;
		}
		if (it->check_bounds && outside(it, im.width, im.height)) {
			errf(err, errlen, "%s: the mark at (%g, %g, %g x %g) "
			    "lies outside image \"%s\" (%d x %d)", AT,
			    it->cx, it->cy, it->w, it->h, it->image, im.width,
			    im.height);
			store_image_clear(&im);
			goto fail;
		}
		if (geom_check(it->cx, it->cy, it->w, it->h, it->angle,
		    im.width, im.height, e, sizeof e) != 0) {
			store_image_clear(&im);
			errf(err, errlen, "%s: %s", AT, e);
			goto fail;
		}
		store_image_clear(&im);
		if (image_id != cur_image) {
			store_marks_free(have, nhave);
			have = NULL;
			nhave = 0;
			if (store_mark_list_image(st, image_id, &have, &nhave,
			    e, sizeof e) != 0) {
				errf(err, errlen, "%s: %s", path, e);
				goto fail;
			}
			cur_image = image_id;
		}
		store_mark_init(&m);
		m.image_id = image_id;
		m.class_id = cid;
		m.kind = it->kind;
		m.cx = it->cx;
		m.cy = it->cy;
		m.w = it->w;
		m.h = it->h;
		m.angle = it->angle;
		m.name = it->name;
		m.has_count = it->has_count;
		m.count = it->count;
		m.state = it->state;
		m.note = it->note;
		m.has_track = it->has_track;
		m.track = it->track;
		m.author = it->author;
		m.status = it->status < 0 ? STATUS_PENDING : it->status;
		m.status_reason = it->reason;
		if (o != NULL && o->as_proposals != NULL) {
			snprintf(author, sizeof author, "import:%s",
			    o->as_proposals);
			m.author = author;
			m.proposal = 1;
			m.status = STATUS_PENDING;
			m.status_reason = NULL;
		}
		if (m.status != STATUS_PENDING && !supervisor) {
			m.status = STATUS_PENDING;
			m.status_reason = NULL;
			res->status_dropped = 1;
		}
		if (m.status == STATUS_PENDING)
			m.status_reason = NULL;
		if (already_there(have, nhave, &m)) {
			res->duplicates++;
			continue;
		}
		if (store_mark_add(st, &m, e, sizeof e) != 0) {
			errf(err, errlen, "%s: %s", AT, e);
			goto fail;
		}
		res->added++;
	}
	store_marks_free(have, nhave);
	if (store_commit(st, e, sizeof e) != 0)
		return errf(err, errlen, "%s: %s", path, e);
	return 0;
fail:
	store_marks_free(have, nhave);
	store_rollback(st);
	res->added = 0;
	return -1;
#undef AT
}
