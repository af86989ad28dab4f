/*
 * import.c: the one way label files reach the store. Items are matched to
 * catalogued images by file name, classes are mapped or refused, and the
 * whole file is written in one transaction or not at all, with
 * "file:line: reason" for the first thing that is wrong.
 */
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
	char			 e[512], author[96];
	const char		*cname;
	int64_t			 site_id = 0, image_id, cur_image = 0, cid;
	size_t			 i, nhave = 0;
	int			 supervisor;

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
		if (store_class_find(st, cname, &cid, e, sizeof e) != 0) {
			if (o == NULL || !o->new_classes) {
				errf(err, errlen, "%s:%zu: unknown class \"%s\" "
				    "(map it with --map %s=CLASS, or create it "
				    "with --new-classes)", path, it->line,
				    cname, cname);
				goto fail;
			}
			if (store_class_add(st, cname, NULL, &cid, e, sizeof e)
			    != 0) {
				errf(err, errlen, "%s:%zu: %s", path, it->line,
				    e);
				goto fail;
			}
		}
		if (store_image_find_name(st, it->image, site_id, &image_id, e,
		    sizeof e) != 0) {
			errf(err, errlen, "%s:%zu: %s", path, it->line, e);
			goto fail;
		}
		if (store_image_get(st, image_id, &im, e, sizeof e) != 0) {
			errf(err, errlen, "%s:%zu: %s", path, it->line, e);
			goto fail;
		}
		if (it->site != NULL && strcmp(it->site, im.site) != 0 &&
		    site_id == 0) {
			store_image_clear(&im);
			errf(err, errlen, "%s:%zu: image \"%s\" is in site "
			    "\"%s\", the file says \"%s\"", path, it->line,
			    it->image, im.site, it->site);
			goto fail;
		}
		if (it->check_bounds && it->kind != MARK_POINT &&
		    (it->cx - it->w / 2 < -0.5 || it->cy - it->h / 2 < -0.5 ||
		    it->cx + it->w / 2 > im.width + 0.5 ||
		    it->cy + it->h / 2 > im.height + 0.5)) {
			errf(err, errlen, "%s:%zu: box (%g, %g, %g x %g) lies "
			    "outside image \"%s\" (%d x %d)", path, it->line,
			    it->cx, it->cy, it->w, it->h, it->image, im.width,
			    im.height);
			store_image_clear(&im);
			goto fail;
		}
		store_image_clear(&im);
		if (!isfinite(it->cx) || !isfinite(it->cy) ||
		    !isfinite(it->w) || !isfinite(it->h) ||
		    !isfinite(it->angle) || it->w < 0 || it->h < 0) {
			errf(err, errlen, "%s:%zu: geometry must be finite "
			    "with a size >= 0", path, it->line);
			goto fail;
		}
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
			errf(err, errlen, "%s:%zu: %s", path, it->line, e);
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
}
