/*
 * voc.c: Pascal VOC XML, out and in (libxml2 both ways: it escapes what
 * we write, and it parses what others wrote without fetching anything or
 * expanding entities).
 *
 * Out: OUT/Annotations/STEM.xml, OUT/JPEGImages/FILE, and with splits
 * OUT/ImageSets/Main/SPLIT.txt. Each mark is an <object> whose <bndbox>
 * is the axis-aligned box around it (floats: thousandths of a pixel); a
 * rotated box also has <type>robndbox</type> and a DIOR-style <robndbox>
 * of its four corners (x_left_top ... y_left_bottom) with <angle> in
 * degrees; a point has <point><x/><y/></point>; name, count, state,
 * note, track, author and status are CVAT-style <attributes>.
 *
 * In: VOC <bndbox>, DIOR <robndbox> corners, roLabelImg <robndbox> (cx,
 * cy, w, h, angle in radians), HRSC2016 (mbox_*, radians); <part>s are
 * not objects.
 */
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "export.h"

static const char *const corner_names[8] = {
	"x_left_top", "y_left_top", "x_right_top", "y_right_top",
	"x_right_bottom", "y_right_bottom", "x_left_bottom", "y_left_bottom"
};

static void
child_num(xmlNodePtr parent, const char *name, double v)
{
	char	 s[32];

	export_num(s, sizeof s, v, 3);
	xmlNewTextChild(parent, NULL, BAD_CAST name, BAD_CAST s);
}

static void
child_int(xmlNodePtr parent, const char *name, long long v)
{
	char	 s[32];

	snprintf(s, sizeof s, "%lld", v);
	xmlNewTextChild(parent, NULL, BAD_CAST name, BAD_CAST s);
}

static void
attribute(xmlNodePtr attrs, const char *name, const char *value)
{
	xmlNodePtr	 a;

	if (value == NULL)
		return;
	a = xmlNewChild(attrs, NULL, BAD_CAST "attribute", NULL);
	xmlNewTextChild(a, NULL, BAD_CAST "name", BAD_CAST name);
	xmlNewTextChild(a, NULL, BAD_CAST "value", BAD_CAST value);
}

static int
voc_file(const struct export_set *s, const struct export_image *e,
    const char *path, char *err, size_t errlen)
{
	xmlDocPtr	 doc;
	xmlNodePtr	 root, n, o, b, attrs;
	xmlChar		*text;
	double		 bb[4], q[8];
	char		 num[32];
	size_t		 k;
	int		 len, i, rc;

	doc = xmlNewDoc(BAD_CAST "1.0");
	root = xmlNewNode(NULL, BAD_CAST "annotation");
	xmlDocSetRootElement(doc, root);
	xmlNewTextChild(root, NULL, BAD_CAST "folder", BAD_CAST "JPEGImages");
	xmlNewTextChild(root, NULL, BAD_CAST "filename", BAD_CAST e->im.name);
	n = xmlNewChild(root, NULL, BAD_CAST "source", NULL);
	xmlNewTextChild(n, NULL, BAD_CAST "database", BAD_CAST "quaymark");
	n = xmlNewChild(root, NULL, BAD_CAST "size", NULL);
	child_int(n, "width", e->im.width);
	child_int(n, "height", e->im.height);
	child_int(n, "depth", e->im.bands);
	xmlNewTextChild(root, NULL, BAD_CAST "segmented", BAD_CAST "0");
	for (k = 0; k < e->nmarks; k++) {
		const struct store_mark *m = &e->marks[k];

		o = xmlNewChild(root, NULL, BAD_CAST "object", NULL);
		if (m->kind == MARK_RBOX)
			xmlNewTextChild(o, NULL, BAD_CAST "type",
			    BAD_CAST "robndbox");
		xmlNewTextChild(o, NULL, BAD_CAST "name", BAD_CAST
		    s->classes[export_class_index(s, m->class_id)].name);
		xmlNewTextChild(o, NULL, BAD_CAST "pose",
		    BAD_CAST "Unspecified");
		xmlNewTextChild(o, NULL, BAD_CAST "truncated", BAD_CAST "0");
		xmlNewTextChild(o, NULL, BAD_CAST "difficult", BAD_CAST "0");
		export_bounds(m, bb);
		b = xmlNewChild(o, NULL, BAD_CAST "bndbox", NULL);
		child_num(b, "xmin", bb[0]);
		child_num(b, "ymin", bb[1]);
		child_num(b, "xmax", bb[2]);
		child_num(b, "ymax", bb[3]);
		if (m->kind == MARK_RBOX) {
			export_corners(m, q);
			b = xmlNewChild(o, NULL, BAD_CAST "robndbox", NULL);
			for (i = 0; i < 8; i++)
				child_num(b, corner_names[i], q[i]);
			child_num(o, "angle", m->angle);
		} else if (m->kind == MARK_POINT) {
			b = xmlNewChild(o, NULL, BAD_CAST "point", NULL);
			child_num(b, "x", m->cx);
			child_num(b, "y", m->cy);
		}
		attrs = xmlNewChild(o, NULL, BAD_CAST "attributes", NULL);
		attribute(attrs, "name", m->name);
		if (m->has_count) {
			snprintf(num, sizeof num, "%lld", (long long)m->count);
			attribute(attrs, "count", num);
		}
		attribute(attrs, "state", m->state);
		attribute(attrs, "note", m->note);
		if (m->has_track) {
			snprintf(num, sizeof num, "%lld", (long long)m->track);
			attribute(attrs, "track", num);
		}
		attribute(attrs, "author", m->author);
		attribute(attrs, "status", status_name(m->status));
		attribute(attrs, "reason", m->status_reason);
	}
	xmlDocDumpFormatMemoryEnc(doc, &text, &len, "UTF-8", 1);
	xmlFreeDoc(doc);
	if (text == NULL)
		return errf(err, errlen, "%s: out of memory", path);
	rc = export_write_file(path, (const char *)text, (size_t)len, err,
	    errlen);
	xmlFree(text);
	return rc;
}

int
voc_write(struct export_set *s, const char *out,
    const struct export_opts *o, char *err, size_t errlen)
{
	struct buf	 sets[EXPORT_MAX_SPLITS];
	char		 adir[4096], idir[4096], path[4096], stem[512];
	size_t		 i;
	int		 j, rc = 0;

	xsnprintf(adir, sizeof adir, "%s/Annotations", out);
	xsnprintf(idir, sizeof idir, "%s/JPEGImages", out);
	if (export_mkdirs(adir, err, errlen) != 0 ||
	    export_mkdirs(idir, err, errlen) != 0)
		return -1;
	for (j = 0; j < EXPORT_MAX_SPLITS; j++)
		buf_init(&sets[j]);
	for (i = 0; i < s->n && rc == 0; i++) {
		struct export_image *e = &s->v[i];

		export_stem(e->im.name, stem, sizeof stem);
		xsnprintf(path, sizeof path, "%s/%s.xml", adir, stem);
		rc = voc_file(s, e, path, err, errlen) != 0 ||
		    export_place_image(e, idir, o->images, err, errlen) != 0;
		if (s->nsplits)
			buf_printf(&sets[e->split], "%s\n", stem);
		if (o->progress != NULL)
			o->progress(o->progress_ctx, i + 1, s->n);
	}
	if (rc == 0 && s->nsplits) {
		xsnprintf(path, sizeof path, "%s/ImageSets/Main", out);
		rc = export_mkdirs(path, err, errlen) != 0;
		for (j = 0; rc == 0 && j < s->nsplits; j++) {
			xsnprintf(path, sizeof path, "%s/ImageSets/Main/%s.txt",
			    out, s->split_name[j]);
			rc = export_write_file(path, sets[j].data ?
			    sets[j].data : "", sets[j].len, err, errlen) != 0;
		}
	}
	for (j = 0; j < EXPORT_MAX_SPLITS; j++)
		buf_free(&sets[j]);
	return rc ? -1 : 0;
}

/* Reading. */

static xmlNodePtr
child(xmlNodePtr n, const char *name)
{
	for (n = n ? n->children : NULL; n != NULL; n = n->next)
		if (n->type == XML_ELEMENT_NODE &&
		    xmlStrcmp(n->name, BAD_CAST name) == 0)
			return n;
	return NULL;
}

/* The text of n's child name, trimmed, in buf; NULL if absent or empty. */
static const char *
child_text(xmlNodePtr n, const char *name, char *buf, size_t len)
{
	xmlChar		*t;
	const char	*p;
	size_t		 l;

	if ((n = child(n, name)) == NULL || (t = xmlNodeGetContent(n)) ==
	    NULL)
		return NULL;
	for (p = (const char *)t; *p == ' ' || *p == '\n' || *p == '\t' ||
	    *p == '\r'; p++)
		;
	snprintf(buf, len, "%s", p);
	xmlFree(t);
	for (l = strlen(buf); l > 0 && (buf[l - 1] == ' ' ||
	    buf[l - 1] == '\n' || buf[l - 1] == '\t' || buf[l - 1] == '\r');)
		buf[--l] = '\0';
	return *buf ? buf : NULL;
}

/* Numbers named in names[] under n; -1 naming the one that is wrong. */
static int
child_nums(xmlNodePtr n, const char *const *names, int count, double *v,
    const char **bad)
{
	char	 buf[64];
	int	 i;

	for (i = 0; i < count; i++)
		if (child_text(n, names[i], buf, sizeof buf) == NULL ||
		    num_parse_double(buf, &v[i]) != 0 || !isfinite(v[i])) {
			*bad = names[i];
			return -1;
		}
	return 0;
}

static void
read_attributes(xmlNodePtr o, struct import_item *it)
{
	xmlNodePtr	 a;
	char		 name[64], value[1024];

	for (a = child(o, "attributes") ? child(o, "attributes")->children :
	    NULL; a != NULL; a = a->next)
		if (a->type == XML_ELEMENT_NODE &&
		    child_text(a, "name", name, sizeof name) != NULL &&
		    child_text(a, "value", value, sizeof value) != NULL)
			import_item_attribute(it, name, value);
}

/* One VOC <object> (or roLabelImg, DIOR). */
static int
voc_object(xmlNodePtr o, struct import_item *it, char *why, size_t whylen)
{
	static const char *const box[] = { "xmin", "ymin", "xmax", "ymax" };
	static const char *const ro[] = { "cx", "cy", "w", "h", "angle" };
	static const char *const pt[] = { "x", "y" };
	xmlNodePtr	 n;
	const char	*bad = NULL;
	double		 v[8];

	if ((n = child(o, "point")) != NULL) {
		if (child_nums(n, pt, 2, v, &bad) != 0)
			return errf(why, whylen, "<point> <%s> is missing or "
			    "not a number", bad);
		it->kind = MARK_POINT;
		it->cx = v[0];
		it->cy = v[1];
		return 0;
	}
	if ((n = child(o, "robndbox")) != NULL) {
		if (child(n, "x_left_top") != NULL) {
			if (child_nums(n, corner_names, 8, it->quad, &bad) !=
			    0)
				return errf(why, whylen, "<robndbox> <%s> is "
				    "missing or not a number", bad);
			/* corners in thousandths blur a small box's angle:
			 * the <angle> beside them (degrees) says it exactly */
			geom_rbox_from_quad(it->quad, &it->cx, &it->cy, &it->w,
			    &it->h, &it->angle);
			if (child_nums(o, (const char *const[]){ "angle" }, 1,
			    v, &bad) == 0 && fabs(remainder(v[0] - it->angle,
			    360)) < 0.5)
				it->angle = v[0];
			/* <type>robndbox</type>: a rotated box, even at 0 */
			it->kind = it->angle != 0 || child(o, "type") != NULL ?
			    MARK_RBOX : MARK_BOX;
			return 0;
		}
		if (child_nums(n, ro, 5, v, &bad) != 0)
			return errf(why, whylen, "<robndbox> <%s> is missing or "
			    "not a number", bad);
		if (v[2] < 0 || v[3] < 0)
			return errf(why, whylen, "<robndbox> has a negative "
			    "size");
		it->cx = v[0];
		it->cy = v[1];
		it->w = v[2];
		it->h = v[3];
		it->angle = v[4] * 180 / M_PI;	/* roLabelImg: radians */
		it->kind = it->angle != 0 ? MARK_RBOX : MARK_BOX;
		return 0;
	}
	if ((n = child(o, "bndbox")) == NULL)
		return errf(why, whylen, "no <bndbox>");
	if (child_nums(n, box, 4, v, &bad) != 0)
		return errf(why, whylen, "<bndbox> <%s> is missing or not a "
		    "number", bad);
	if (v[2] < v[0] || v[3] < v[1])
		return errf(why, whylen, "<bndbox> max is less than min");
	it->kind = MARK_BOX;
	it->cx = (v[0] + v[2]) / 2;
	it->cy = (v[1] + v[3]) / 2;
	it->w = v[2] - v[0];
	it->h = v[3] - v[1];
	return 0;
}

/* HRSC2016: ships, as mbox_cx, mbox_cy, mbox_w, mbox_h, mbox_ang. */
static int
hrsc_objects(const char *path, xmlNodePtr root, struct import_items *items,
    char *err, size_t errlen)
{
	static const char *const mb[] = { "mbox_cx", "mbox_cy", "mbox_w",
	    "mbox_h", "mbox_ang" };
	struct import_item	*it;
	xmlNodePtr		 o;
	const char		*bad;
	char			 file[512], cls[64], note[128];
	double			 v[5];

	if (child_text(root, "Img_FileName", file, sizeof file) == NULL)
		return errf(err, errlen, "%s:%d: no <Img_FileName>", path,
		    root->line);
	for (o = child(root, "HRSC_Objects") ? child(root,
	    "HRSC_Objects")->children : NULL; o != NULL; o = o->next) {
		if (o->type != XML_ELEMENT_NODE ||
		    xmlStrcmp(o->name, BAD_CAST "HRSC_Object") != 0)
			continue;
		if (child_nums(o, mb, 5, v, &bad) != 0)
			return errf(err, errlen, "%s:%d: <%s> is missing or not "
			    "a number", path, o->line, bad);
		if (v[2] < 0 || v[3] < 0)
			return errf(err, errlen, "%s:%d: negative size", path,
			    o->line);
		it = import_items_add(items, (size_t)o->line);
		it->image = xstrdup(file);
		it->class_name = xstrdup("ship");	/* HRSC: all ships */
		if (child_text(o, "Class_ID", cls, sizeof cls) != NULL) {
			snprintf(note, sizeof note, "HRSC class %s", cls);
			it->note = xstrdup(note);
		}
		it->cx = v[0];
		it->cy = v[1];
		it->w = v[2];
		it->h = v[3];
		it->angle = v[4] * 180 / M_PI;
		it->kind = MARK_RBOX;
		it->check_bounds = 1;
	}
	if (items->n == 0)
		items->empty_ok = 1;
	return 0;
}

int
voc_read(const char *path, const char *data, size_t len,
    struct import_items *items, char *err, size_t errlen)
{
	struct import_item	*it;
	xmlDocPtr		 doc;
	xmlNodePtr		 root, o;
	char			 file[512], name[256], why[256];
	int			 rc = -1;

	if ((doc = import_xml_read(path, data, len, err, errlen)) == NULL)
		return -1;
	root = xmlDocGetRootElement(doc);
	if (root != NULL && xmlStrcmp(root->name, BAD_CAST "HRSC_Image") == 0) {
		rc = hrsc_objects(path, root, items, err, errlen);
		goto out;
	}
	if (root == NULL || xmlStrcmp(root->name, BAD_CAST "annotation") != 0) {
		errf(err, errlen, "%s: not Pascal VOC (the root is not "
		    "<annotation>)", path);
		goto out;
	}
	if (child_text(root, "filename", file, sizeof file) == NULL) {
		errf(err, errlen, "%s:%d: no <filename>", path, root->line);
		goto out;
	}
	for (o = root->children; o != NULL; o = o->next) {
		if (o->type != XML_ELEMENT_NODE ||
		    xmlStrcmp(o->name, BAD_CAST "object") != 0)
			continue;
		if (child_text(o, "name", name, sizeof name) == NULL) {
			errf(err, errlen, "%s:%d: an <object> without <name>",
			    path, o->line);
			goto out;
		}
		it = import_items_add(items, (size_t)o->line);
		it->image = xstrdup(file);
		it->class_name = xstrdup(name);
		it->check_bounds = 1;
		if (voc_object(o, it, why, sizeof why) != 0) {
			errf(err, errlen, "%s:%d: %s", path, o->line, why);
			goto out;
		}
		read_attributes(o, it);
	}
	if (items->n == 0)
		items->empty_ok = 1;
	rc = 0;
out:
	xmlFreeDoc(doc);
	return rc;
}
