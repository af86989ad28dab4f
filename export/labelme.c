/*
 * labelme.c: reading LabelMe annotations: the labelme tool's JSON
 * ("shapes" of rectangle, polygon, point, circle, line, linestrip, mask)
 * and the original LabelMe XML (<object>s with a <polygon> of <pt>s or a
 * <segm><box>). Rectangles are boxes, points points; a circle is the box
 * around it; polygons, lines and masks are their bounding box. Deleted
 * objects in the XML are left out.
 */
#include <jansson.h>
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "export.h"

static int
json_shapes(const char *path, json_t *root, struct import_items *items,
    char *err, size_t errlen)
{
	json_t			*shapes, *s, *pts, *pt, *v;
	struct import_item	*it;
	const char		*file, *type, *label;
	double			*p;
	size_t			 i, k, n;

	v = json_object_get(root, "imagePath");
	shapes = json_object_get(root, "shapes");
	if (!json_is_string(v) || !json_is_array(shapes))
		return errf(err, errlen, "%s: not labelme JSON (no imagePath "
		    "and shapes)", path);
	file = json_string_value(v);
	json_array_foreach(shapes, i, s) {
		label = json_string_value(json_object_get(s, "label"));
		type = json_string_value(json_object_get(s, "shape_type"));
		pts = json_object_get(s, "points");
		if (label == NULL || *label == '\0')
			return errf(err, errlen, "%s: shapes[%zu]: no label",
			    path, i);
		if (type == NULL)
			type = "polygon";
		n = json_array_size(pts);
		if (n == 0)
			return errf(err, errlen, "%s: shapes[%zu]: no points",
			    path, i);
		p = xcalloc(2 * n, sizeof *p);
		json_array_foreach(pts, k, pt) {
			if (!json_is_number(json_array_get(pt, 0)) ||
			    !json_is_number(json_array_get(pt, 1))) {
				free(p);
				return errf(err, errlen, "%s: shapes[%zu]: point "
				    "%zu is not [x, y]", path, i, k);
			}
			p[2 * k] = json_number_value(json_array_get(pt, 0));
			p[2 * k + 1] = json_number_value(json_array_get(pt, 1));
		}
		it = import_items_add(items, i + 1);
		it->image = xstrdup(file);
		it->class_name = xstrdup(label);
		it->check_bounds = 1;
		if (strcmp(type, "point") == 0) {
			it->kind = MARK_POINT;
			it->cx = p[0];
			it->cy = p[1];
		} else if (strcmp(type, "circle") == 0 && n == 2) {
			double r = hypot(p[2] - p[0], p[3] - p[1]);

			it->kind = MARK_BOX;
			it->cx = p[0];
			it->cy = p[1];
			it->w = it->h = 2 * r;
		} else if (strcmp(type, "rectangle") == 0 ||
		    strcmp(type, "polygon") == 0 || strcmp(type, "line") == 0 ||
		    strcmp(type, "linestrip") == 0 ||
		    strcmp(type, "mask") == 0 || strcmp(type, "points") == 0) {
			import_item_box_around(it, p, n);
		} else {
			free(p);
			return errf(err, errlen, "%s: shapes[%zu]: shape type "
			    "\"%s\" is not one quaymark can mark", path, i,
			    type);
		}
		free(p);
	}
	items->unit = "shapes";
	if (items->n == 0)
		items->empty_ok = 1;
	return 0;
}

static xmlNodePtr
child(xmlNodePtr n, const char *name)
{
	for (n = n ? n->children : NULL; n != NULL; n = n->next)
		if (n->type == XML_ELEMENT_NODE &&
		    xmlStrcmp(n->name, BAD_CAST name) == 0)
			return n;
	return NULL;
}

static int
child_num(xmlNodePtr n, const char *name, double *v)
{
	xmlChar	*t;
	int	 rc;

	if ((n = child(n, name)) == NULL || (t = xmlNodeGetContent(n)) ==
	    NULL)
		return -1;
	rc = num_parse_double((const char *)t, v) == 0 && isfinite(*v) ? 0 :
	    -1;
	xmlFree(t);
	return rc;
}

static int
xml_objects(const char *path, xmlNodePtr root, struct import_items *items,
    char *err, size_t errlen)
{
	struct import_item	*it;
	xmlNodePtr		 o, poly, pt, box;
	xmlChar			*file, *name, *del;
	double			 p[2 * 512], b[4];
	size_t			 n;

	if (child(root, "filename") == NULL ||
	    (file = xmlNodeGetContent(child(root, "filename"))) == NULL)
		return errf(err, errlen, "%s:%d: no <filename>", path,
		    root->line);
	for (o = root->children; o != NULL; o = o->next) {
		if (o->type != XML_ELEMENT_NODE ||
		    xmlStrcmp(o->name, BAD_CAST "object") != 0)
			continue;
		if (child(o, "deleted") != NULL) {
			del = xmlNodeGetContent(child(o, "deleted"));
			if (del != NULL && xmlStrcmp(del, BAD_CAST "1") == 0) {
				xmlFree(del);
				continue;
			}
			xmlFree(del);
		}
		name = child(o, "name") ? xmlNodeGetContent(child(o, "name")) :
		    NULL;
		if (name == NULL || *name == '\0') {
			xmlFree(name);
			xmlFree(file);
			return errf(err, errlen, "%s:%d: an <object> without a "
			    "<name>", path, o->line);
		}
		it = import_items_add(items, (size_t)o->line);
		it->image = xstrdup((const char *)file);
		it->class_name = xstrdup((const char *)name);
		it->check_bounds = 1;
		xmlFree(name);
		n = 0;
		if ((poly = child(o, "polygon")) != NULL) {
			for (pt = poly->children; pt != NULL && n < 512;
			    pt = pt->next) {
				if (pt->type != XML_ELEMENT_NODE ||
				    xmlStrcmp(pt->name, BAD_CAST "pt") != 0)
					continue;
				if (child_num(pt, "x", &p[2 * n]) != 0 ||
				    child_num(pt, "y", &p[2 * n + 1]) != 0) {
					xmlFree(file);
					return errf(err, errlen, "%s:%d: a <pt> "
					    "without numbers <x> and <y>", path,
					    pt->line);
				}
				n++;
			}
		}
		if (n > 0) {
			import_item_box_around(it, p, n);
			continue;
		}
		box = child(o, "segm") ? child(child(o, "segm"), "box") : NULL;
		if (box == NULL || child_num(box, "xmin", &b[0]) != 0 ||
		    child_num(box, "ymin", &b[1]) != 0 ||
		    child_num(box, "xmax", &b[2]) != 0 ||
		    child_num(box, "ymax", &b[3]) != 0) {
			xmlFree(file);
			return errf(err, errlen, "%s:%d: an <object> with "
			    "neither a <polygon> nor a <segm><box>", path,
			    o->line);
		}
		it->kind = MARK_BOX;
		it->cx = (b[0] + b[2]) / 2;
		it->cy = (b[1] + b[3]) / 2;
		it->w = b[2] - b[0];
		it->h = b[3] - b[1];
	}
	xmlFree(file);
	if (items->n == 0)
		items->empty_ok = 1;
	return 0;
}

int
labelme_read(const char *path, const char *data, size_t len,
    struct import_items *items, char *err, size_t errlen)
{
	json_t		*root;
	xmlDocPtr	 doc;
	const char	*p = data;
	int		 rc;

	while (p < data + len && (*p == ' ' || *p == '\n' || *p == '\r' ||
	    *p == '\t'))
		p++;
	if (p < data + len && *p == '<') {	/* the original XML */
		if ((doc = import_xml_read(path, data, len, err, errlen))
		    == NULL)
			return -1;
		if (xmlDocGetRootElement(doc) == NULL ||
		    xmlStrcmp(xmlDocGetRootElement(doc)->name,
		    BAD_CAST "annotation") != 0)
			rc = errf(err, errlen, "%s: not LabelMe XML (the root is "
			    "not <annotation>)", path);
		else
			rc = xml_objects(path, xmlDocGetRootElement(doc), items,
			    err, errlen);
		xmlFreeDoc(doc);
		return rc;
	}
	if ((root = import_json_read(path, data, len, err, errlen)) == NULL)
		return -1;
	rc = json_shapes(path, root, items, err, errlen);
	json_decref(root);
	return rc;
}
