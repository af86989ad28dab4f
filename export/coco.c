/*
 * coco.c: COCO instances JSON, out and in (jansson both ways).
 *
 * Out: images (file_name, width, height, date_captured), categories (the
 * exported classes, ids from 1, each with one keypoint "center"), and one
 * annotation per mark: bbox [x, y, w, h] is the axis-aligned box around
 * the mark and area its own area; boxes and rotated boxes also carry
 * their four corners as the segmentation polygon; points are one-keypoint
 * annotations (keypoints [x, y, 2], a 1x1 bbox around them). Everything
 * else is under "attributes": rotation (degrees clockwise), rbox [cx, cy,
 * w, h, angle] (the exact geometry), name, count, state, note, track,
 * quay, date, author, status, reason. With --split, one file per split.
 *
 * In: attributes.rbox if there is one; else keypoints for points; else a
 * four-point segmentation (mmrotate's rotated boxes); else the bbox,
 * turned by attributes.rotation about its centre if given (CVAT's way).
 */
#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "export.h"

/*
 * The JSON is written as text, a record at a time (jansson escapes every
 * string that needs it): 100,000 annotations as jansson objects took half
 * a gigabyte and seconds; as text, a fraction of both.
 */
static void
jstr(struct buf *b, const char *s)
{
	const unsigned char	*p;
	json_t			*j;
	char			*t;

	if (s == NULL) {
		buf_puts(b, "null");
		return;
	}
	for (p = (const unsigned char *)s; *p != '\0'; p++)
		if (*p < 0x20 || *p == '"' || *p == '\\' || *p >= 0x7f)
			break;
	if (*p == '\0') {		/* nothing to escape */
		buf_putc(b, '"');
		buf_puts(b, s);
		buf_putc(b, '"');
		return;
	}
	if ((j = json_string(s)) == NULL ||
	    (t = json_dumps(j, JSON_ENCODE_ANY)) == NULL) {
		json_decref(j);
		buf_puts(b, "\"?\"");	/* not UTF-8: cannot be JSON */
		return;
	}
	buf_puts(b, t);
	free(t);
	json_decref(j);
}

/* v in thousandths of a pixel, as a JSON number. */
static void
jnum(struct buf *b, double v)
{
	char	 s[48];

	export_num(s, sizeof s, v, 3);
	buf_puts(b, s);
}

static void
jkey(struct buf *b, const char *key)
{
	buf_putc(b, '"');
	buf_puts(b, key);
	buf_puts(b, "\":");
}

static void
coco_annotation(struct buf *b, const struct export_set *s,
    const struct export_image *e, size_t k, long long id, const char *when)
{
	const struct store_mark	*m = &e->marks[k];
	double			 bb[4], q[8];
	int			 i;

	export_bounds(m, bb);
	buf_puts(b, "{\"id\":");
	export_int(b, id);
	buf_puts(b, ",\"image_id\":");
	export_int(b, e->im.id);
	buf_puts(b, ",\"category_id\":");
	export_int(b, export_class_index(s, m->class_id) + 1);
	buf_puts(b, ",\"bbox\":[");
	jnum(b, bb[0]);
	buf_putc(b, ',');
	jnum(b, bb[1]);
	buf_putc(b, ',');
	jnum(b, bb[2] - bb[0]);
	buf_putc(b, ',');
	jnum(b, bb[3] - bb[1]);
	buf_puts(b, "],\"iscrowd\":0,");
	if (m->kind == MARK_POINT) {
		buf_puts(b, "\"area\":1,\"keypoints\":[");
		jnum(b, m->cx);
		buf_putc(b, ',');
		jnum(b, m->cy);
		buf_puts(b, ",2],\"num_keypoints\":1,\"segmentation\":[],");
	} else {
		jkey(b, "area");
		jnum(b, m->w * m->h);
		buf_puts(b, ",\"segmentation\":[[");
		export_corners(m, q);
		for (i = 0; i < 8; i++) {
			if (i > 0)
				buf_putc(b, ',');
			jnum(b, q[i]);
		}
		buf_puts(b, "]],");
	}
	buf_puts(b, "\"attributes\":{\"kind\":");
	jstr(b, mark_kind_name(m->kind));
	buf_puts(b, ",\"rotation\":");
	jnum(b, m->kind == MARK_RBOX ? m->angle : 0);
	buf_puts(b, ",\"rbox\":[");
	jnum(b, m->cx);
	buf_putc(b, ',');
	jnum(b, m->cy);
	buf_putc(b, ',');
	jnum(b, m->w);
	buf_putc(b, ',');
	jnum(b, m->h);
	buf_putc(b, ',');
	jnum(b, m->angle);
	buf_putc(b, ']');
	if (m->name) {
		buf_puts(b, ",\"name\":");
		jstr(b, m->name);
	}
	if (m->has_count) {
		buf_puts(b, ",\"count\":");
		export_int(b, m->count);
	}
	if (m->state) {
		buf_puts(b, ",\"state\":");
		jstr(b, m->state);
	}
	if (m->note) {
		buf_puts(b, ",\"note\":");
		jstr(b, m->note);
	}
	if (m->has_track) {
		buf_puts(b, ",\"track\":");
		export_int(b, m->track);
	}
	if (e->quay != NULL && e->quay[k] != NULL) {
		buf_puts(b, ",\"quay\":");
		jstr(b, e->quay[k]);
	}
	buf_puts(b, ",\"date\":\"");
	buf_puts(b, when);
	buf_puts(b, "\",\"author\":");
	jstr(b, m->author ? m->author : "");
	buf_puts(b, ",\"status\":");
	jstr(b, status_name(m->status));
	if (m->status_reason) {
		buf_puts(b, ",\"reason\":");
		jstr(b, m->status_reason);
	}
	buf_puts(b, ",\"mark_id\":");
	export_int(b, m->id);
	buf_puts(b, "}}");
}

/* One COCO file for the images of split (-1: all). */
static int
coco_file(struct export_set *s, const char *path, int split,
    const char *imgdir, const struct export_opts *o, size_t *done,
    size_t total, char *err, size_t errlen)
{
	struct buf	 b, anns;
	char		 when[DATE_ISO_LEN];
	long long	 id = 1;
	size_t		 i, k;
	int		 rc, first = 1;

	buf_init(&b);
	buf_init(&anns);
	buf_puts(&b, "{\"info\":{\"description\":\"quaymark export\","
	    "\"version\":\"1.0\",\"contributor\":\"quaymark\"},"
	    "\"licenses\":[],\"images\":[");
	for (i = 0; i < s->n; i++) {
		struct export_image *e = &s->v[i];

		if (split >= 0 && e->split != split)
			continue;
		date_format(e->im.acquired, when);
		buf_printf(&b, "%s{\"id\":%lld,\"file_name\":", first ? "" :
		    ",", (long long)e->im.id);
		jstr(&b, e->im.name);
		buf_printf(&b, ",\"width\":%d,\"height\":%d,"
		    "\"date_captured\":\"%.10s %.8s\",\"site\":", e->im.width,
		    e->im.height, when, when + 11);
		jstr(&b, e->im.site ? e->im.site : "");
		buf_printf(&b, ",\"quality\":\"%s\"}",
		    quality_name(e->im.quality));
		for (k = 0; k < e->nmarks; k++) {
			if (id > 1)
				buf_putc(&anns, ',');
			coco_annotation(&anns, s, e, k, id++, when);
		}
		first = 0;
		if (imgdir != NULL && export_place_image(e, imgdir, o->images,
		    err, errlen) != 0) {
			buf_free(&b);
			buf_free(&anns);
			return -1;
		}
		if (o->progress != NULL)
			o->progress(o->progress_ctx, ++*done, total);
	}
	buf_puts(&b, "],\"categories\":[");
	for (i = 0; i < s->nclasses; i++) {
		buf_printf(&b, "%s{\"id\":%zu,\"name\":", i ? "," : "", i + 1);
		jstr(&b, s->classes[i].name);
		buf_puts(&b, ",\"supercategory\":\"object\",\"keypoints\":"
		    "[\"center\"],\"skeleton\":[]}");
	}
	buf_puts(&b, "],\"annotations\":[");
	buf_add(&b, anns.data ? anns.data : "", anns.len);
	buf_puts(&b, "]}");
	buf_free(&anns);
	rc = export_write_file(path, b.data, b.len, err, errlen);
	buf_free(&b);
	return rc;
}

/*
 * OUT/annotations.json and OUT/images/; with splits,
 * OUT/annotations/instances_SPLIT.json and OUT/images/SPLIT/.
 */
int
coco_write(struct export_set *s, const char *out,
    const struct export_opts *o, char *err, size_t errlen)
{
	char	 path[4096], dir[4096];
	size_t	 done = 0;
	int	 i;

	if (s->nsplits == 0) {
		xsnprintf(dir, sizeof dir, "%s/images", out);
		xsnprintf(path, sizeof path, "%s/annotations.json", out);
		if (export_mkdirs(dir, err, errlen) != 0)
			return -1;
		return coco_file(s, path, -1, dir, o, &done, s->n, err,
		    errlen);
	}
	xsnprintf(path, sizeof path, "%s/annotations", out);
	if (export_mkdirs(path, err, errlen) != 0)
		return -1;
	for (i = 0; i < s->nsplits; i++) {
		xsnprintf(dir, sizeof dir, "%s/images/%s", out,
		    s->split_name[i]);
		xsnprintf(path, sizeof path, "%s/annotations/instances_%s.json",
		    out, s->split_name[i]);
		if (export_mkdirs(dir, err, errlen) != 0 ||
		    coco_file(s, path, i, dir, o, &done, s->n, err, errlen) !=
		    0)
			return -1;
	}
	return 0;
}

/* Reading. */

static int
num_of(json_t *v, double *out)
{
	if (!json_is_number(v))
		return -1;
	*out = json_number_value(v);
	return isfinite(*out) ? 0 : -1;
}

static const char *
name_by_id(json_t *arr, json_int_t id, const char *key)
{
	size_t	 i;
	json_t	*o, *v;

	json_array_foreach(arr, i, o) {
		v = json_object_get(o, "id");
		if (json_is_integer(v) && json_integer_value(v) == id &&
		    json_is_string(json_object_get(o, key)))
			return json_string_value(json_object_get(o, key));
	}
	return NULL;
}

static char *
str_attr(json_t *attr, const char *key)
{
	json_t	*v = json_object_get(attr, key);

	return json_is_string(v) && *json_string_value(v) ?
	    xstrdup(json_string_value(v)) : NULL;
}

/* One annotation's geometry, per the rules at the top of the file. */
static int
coco_geometry(json_t *a, json_t *attr, struct import_item *it, char *why,
    size_t whylen)
{
	json_t	*rb = json_object_get(attr, "rbox");
	json_t	*kp = json_object_get(a, "keypoints");
	json_t	*seg = json_object_get(a, "segmentation");
	json_t	*bbox = json_object_get(a, "bbox");
	json_t	*rot = json_object_get(attr, "rotation");
	json_t	*kind = json_object_get(attr, "kind");
	double	 v[8];
	size_t	 i;

	if (json_is_array(rb) && json_array_size(rb) == 5) {
		for (i = 0; i < 5; i++)
			if (num_of(json_array_get(rb, i), &v[i]) != 0)
				return errf(why, whylen, "attributes.rbox holds "
				    "a value that is not a number");
		it->cx = v[0];
		it->cy = v[1];
		it->w = v[2];
		it->h = v[3];
		it->angle = v[4];
		it->kind = json_is_string(kind) ?
		    mark_kind_parse(json_string_value(kind)) : -1;
		if (it->kind < 0)
			it->kind = v[4] != 0 ? MARK_RBOX : MARK_BOX;
		return 0;
	}
	if (json_is_array(kp) && json_array_size(kp) >= 2 &&
	    json_integer_value(json_object_get(a, "num_keypoints")) == 1) {
		if (num_of(json_array_get(kp, 0), &it->cx) != 0 ||
		    num_of(json_array_get(kp, 1), &it->cy) != 0)
			return errf(why, whylen, "keypoints are not numbers");
		it->kind = MARK_POINT;
		return 0;
	}
	if (json_is_array(seg) && json_array_size(seg) == 1 &&
	    json_is_array(json_array_get(seg, 0)) &&
	    json_array_size(json_array_get(seg, 0)) == 8) {
		for (i = 0; i < 8; i++)
			if (num_of(json_array_get(json_array_get(seg, 0), i),
			    &it->quad[i]) != 0)
				return errf(why, whylen, "segmentation holds a "
				    "value that is not a number");
		it->has_quad = 1;
		return 0;
	}
	if (!json_is_array(bbox) || json_array_size(bbox) != 4)
		return errf(why, whylen, "no bbox, segmentation or keypoints");
	for (i = 0; i < 4; i++)
		if (num_of(json_array_get(bbox, i), &v[i]) != 0)
			return errf(why, whylen, "bbox holds a value that is "
			    "not a number");
	if (v[2] < 0 || v[3] < 0)
		return errf(why, whylen, "bbox has a negative size");
	it->cx = v[0] + v[2] / 2;
	it->cy = v[1] + v[3] / 2;
	it->w = v[2];
	it->h = v[3];
	it->kind = MARK_BOX;
	if (json_is_number(rot) && json_number_value(rot) != 0) {
		it->angle = json_number_value(rot);
		it->kind = MARK_RBOX;
	}
	return 0;
}

int
coco_read(const char *path, const char *data, size_t len,
    struct import_items *items, char *err, size_t errlen)
{
	json_t			*root, *images, *cats, *anns, *a, *attr, *v;
	struct import_item	*it;
	const char		*file, *cname;
	char			 why[256];
	size_t			 i;
	int			 status;

	if ((root = import_json_read(path, data, len, err, errlen)) == NULL)
		return -1;
	images = json_object_get(root, "images");
	cats = json_object_get(root, "categories");
	anns = json_object_get(root, "annotations");
	if (!json_is_object(root) || !json_is_array(images) ||
	    !json_is_array(cats)) {
		json_decref(root);
		return errf(err, errlen, "%s: not COCO (no \"images\" and "
		    "\"categories\" arrays)", path);
	}
	if (anns != NULL && !json_is_array(anns)) {
		json_decref(root);
		return errf(err, errlen, "%s: \"annotations\" is not an array",
		    path);
	}
	json_array_foreach(anns, i, a) {
		attr = json_object_get(a, "attributes");
		file = name_by_id(images, json_integer_value(json_object_get(a,
		    "image_id")), "file_name");
		cname = name_by_id(cats, json_integer_value(json_object_get(a,
		    "category_id")), "name");
		if (file == NULL || cname == NULL) {
			errf(err, errlen, "%s: annotations[%zu]: %s %lld is not "
			    "in \"%s\"", path, i, file == NULL ? "image_id" :
			    "category_id", (long long)json_integer_value(
			    json_object_get(a, file == NULL ? "image_id" :
			    "category_id")), file == NULL ? "images" :
			    "categories");
			goto fail;
		}
		it = import_items_add(items, i + 1);
		it->image = xstrdup(file);
		it->class_name = xstrdup(cname);
		it->check_bounds = 1;
		if (coco_geometry(a, attr, it, why, sizeof why) != 0) {
			errf(err, errlen, "%s: annotations[%zu]: %s", path, i,
			    why);
			goto fail;
		}
		it->name = str_attr(attr, "name");
		it->state = str_attr(attr, "state");
		it->note = str_attr(attr, "note");
		it->author = str_attr(attr, "author");
		it->reason = str_attr(attr, "reason");
		if (json_is_integer(v = json_object_get(attr, "count"))) {
			it->has_count = 1;
			it->count = json_integer_value(v);
		}
		if (json_is_integer(v = json_object_get(attr, "track"))) {
			it->has_track = 1;
			it->track = json_integer_value(v);
		}
		if (json_is_string(v = json_object_get(attr, "status")) &&
		    (status = status_parse(json_string_value(v))) >= 0)
			it->status = status;
	}
	items->unit = "annotations";
	if (json_array_size(anns) == 0)
		items->empty_ok = 1;
	json_decref(root);
	return 0;
fail:
	json_decref(root);
	return -1;
}
