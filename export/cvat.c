/*
 * cvat.c: reading CVAT for images XML (libxml2; nothing fetched, no
 * entities expanded). Each <image name=...> holds shapes: <box> (with
 * CVAT's rotation, clockwise degrees about the centre), <polygon> and
 * <polyline> (their bounding box), <points> (one point mark each),
 * <ellipse> (the box around it, turned as it is), <mask> (its box);
 * <tag>s label whole images and are not marks. <attribute>s named name,
 * count, state, note or track fill those fields. CVAT for video (tracks
 * over frames) has no image names and is refused.
 */
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "export.h"

static int
prop_num(xmlNodePtr n, const char *name, double *v)
{
	xmlChar	*s = xmlGetProp(n, BAD_CAST name);
	int	 rc;

	if (s == NULL)
		return -1;
	rc = num_parse_double((const char *)s, v) == 0 && isfinite(*v) ? 0 :
	    -1;
	xmlFree(s);
	return rc;
}

/* "x,y;x,y;..." into v (at most max pairs); the number of pairs or -1. */
static int
parse_points(const char *s, double *v, int max)
{
	char	*copy = xstrdup(s), *pair, *save = NULL, *comma;
	int	 n = 0;

	for (pair = strtok_r(copy, ";", &save); pair != NULL;
	    pair = strtok_r(NULL, ";", &save)) {
		if (n == max || (comma = strchr(pair, ',')) == NULL) {
			free(copy);
			return -1;
		}
		*comma = '\0';
		if (num_parse_double(pair, &v[2 * n]) != 0 ||
		    num_parse_double(comma + 1, &v[2 * n + 1]) != 0 ||
		    !isfinite(v[2 * n]) || !isfinite(v[2 * n + 1])) {
			free(copy);
			return -1;
		}
		n++;
	}
	free(copy);
	return n;
}

static void
shape_attributes(xmlNodePtr s, struct import_item *it)
{
	xmlNodePtr	 a;
	xmlChar		*name, *value;

	for (a = s->children; a != NULL; a = a->next) {
		if (a->type != XML_ELEMENT_NODE ||
		    xmlStrcmp(a->name, BAD_CAST "attribute") != 0)
			continue;
		name = xmlGetProp(a, BAD_CAST "name");
		value = xmlNodeGetContent(a);
		if (name != NULL)
			import_item_attribute(it, (const char *)name,
			    (const char *)value);
		xmlFree(name);
		xmlFree(value);
	}
}

#define MAX_POINTS 4096

/* One shape of an image: 0, or -1 with the reason in why. */
static int
cvat_shape(const char *image, xmlNodePtr s, struct import_items *items,
    char *why, size_t whylen)
{
	struct import_item	*it;
	xmlChar			*label, *pts;
	double			*p, v[5];
	int			 n, i, rc = 0;
	const char		*kind = (const char *)s->name;

	if (strcmp(kind, "tag") == 0)
		return 0;		/* a label for the whole image */
	label = xmlGetProp(s, BAD_CAST "label");
	if (label == NULL || *label == '\0') {
		xmlFree(label);
		return errf(why, whylen, "a <%s> with no label (a mark needs a "
		    "class)", kind);
	}
	p = xcalloc(2 * MAX_POINTS, sizeof *p);
	if (strcmp(kind, "box") == 0 || strcmp(kind, "mask") == 0 ||
	    strcmp(kind, "ellipse") == 0) {
		it = import_items_add(items, (size_t)s->line);
		it->image = xstrdup(image);
		it->class_name = xstrdup((const char *)label);
		it->check_bounds = 1;
		if (strcmp(kind, "ellipse") == 0) {
			if (prop_num(s, "cx", &v[0]) || prop_num(s, "cy", &v[1]) ||
			    prop_num(s, "rx", &v[2]) || prop_num(s, "ry", &v[3]))
				rc = errf(why, whylen, "an <ellipse> needs "
				    "numbers cx, cy, rx, ry");
			it->cx = v[0];
			it->cy = v[1];
			it->w = 2 * v[2];
			it->h = 2 * v[3];
		} else if (strcmp(kind, "mask") == 0) {
			if (prop_num(s, "left", &v[0]) || prop_num(s, "top",
			    &v[1]) || prop_num(s, "width", &v[2]) ||
			    prop_num(s, "height", &v[3]))
				rc = errf(why, whylen, "a <mask> needs numbers "
				    "left, top, width, height");
			it->cx = v[0] + v[2] / 2;
			it->cy = v[1] + v[3] / 2;
			it->w = v[2];
			it->h = v[3];
		} else {
			if (prop_num(s, "xtl", &v[0]) || prop_num(s, "ytl",
			    &v[1]) || prop_num(s, "xbr", &v[2]) ||
			    prop_num(s, "ybr", &v[3]))
				rc = errf(why, whylen, "a <box> needs numbers "
				    "xtl, ytl, xbr, ybr");
			else if (v[2] < v[0] || v[3] < v[1])
				rc = errf(why, whylen, "a <box> whose bottom "
				    "right is above or left of its top left");
			it->cx = (v[0] + v[2]) / 2;
			it->cy = (v[1] + v[3]) / 2;
			it->w = v[2] - v[0];
			it->h = v[3] - v[1];
		}
		it->kind = MARK_BOX;
		if (prop_num(s, "rotation", &v[4]) == 0 && v[4] != 0) {
			it->angle = v[4];
			it->kind = MARK_RBOX;
		}
		shape_attributes(s, it);
	} else if (strcmp(kind, "polygon") == 0 ||
	    strcmp(kind, "polyline") == 0 || strcmp(kind, "points") == 0) {
		pts = xmlGetProp(s, BAD_CAST "points");
		n = pts ? parse_points((const char *)pts, p, MAX_POINTS) : -1;
		xmlFree(pts);
		if (n < 1)
			rc = errf(why, whylen, "a <%s> whose points are not "
			    "\"x,y;x,y;...\"", kind);
		else if (strcmp(kind, "points") == 0) {
			for (i = 0; i < n; i++) {	/* a mark a point */
				it = import_items_add(items, (size_t)s->line);
				it->image = xstrdup(image);
				it->class_name = xstrdup((const char *)label);
				it->kind = MARK_POINT;
				it->cx = p[2 * i];
				it->cy = p[2 * i + 1];
				it->check_bounds = 1;
				shape_attributes(s, it);
			}
		} else {
			it = import_items_add(items, (size_t)s->line);
			it->image = xstrdup(image);
			it->class_name = xstrdup((const char *)label);
			it->check_bounds = 1;
			import_item_box_around(it, p, (size_t)n);
			shape_attributes(s, it);
		}
	} else
		rc = errf(why, whylen, "a <%s>: not a shape quaymark can "
		    "mark", kind);
	free(p);
	xmlFree(label);
	return rc;
}

int
cvat_read(const char *path, const char *data, size_t len,
    struct import_items *items, char *err, size_t errlen)
{
	xmlDocPtr	 doc;
	xmlNodePtr	 root, im, s;
	xmlChar		*name;
	char		 why[256];
	int		 rc = -1, images = 0;

	if ((doc = import_xml_read(path, data, len, err, errlen)) == NULL)
		return -1;
	root = xmlDocGetRootElement(doc);
	if (root == NULL || xmlStrcmp(root->name, BAD_CAST "annotations") !=
	    0) {
		errf(err, errlen, "%s: not CVAT XML (the root is not "
		    "<annotations>)", path);
		goto out;
	}
	for (im = root->children; im != NULL; im = im->next) {
		if (im->type != XML_ELEMENT_NODE)
			continue;
		if (xmlStrcmp(im->name, BAD_CAST "track") == 0) {
			errf(err, errlen, "%s:%d: CVAT for video (tracks over "
			    "frames, no image names): export the task as "
			    "\"CVAT for images\" to import it", path, im->line);
			goto out;
		}
		if (xmlStrcmp(im->name, BAD_CAST "image") != 0)
			continue;
		images++;
		if ((name = xmlGetProp(im, BAD_CAST "name")) == NULL) {
			errf(err, errlen, "%s:%d: an <image> without a name",
			    path, im->line);
			goto out;
		}
		for (s = im->children; s != NULL; s = s->next) {
			if (s->type != XML_ELEMENT_NODE)
				continue;
			if (cvat_shape((const char *)name, s, items, why,
			    sizeof why) != 0) {
				errf(err, errlen, "%s:%d: %s", path, s->line,
				    why);
				xmlFree(name);
				goto out;
			}
		}
		xmlFree(name);
	}
	if (images == 0) {
		errf(err, errlen, "%s: no <image> elements", path);
		goto out;
	}
	if (items->n == 0)
		items->empty_ok = 1;
	rc = 0;
out:
	xmlFreeDoc(doc);
	return rc;
}
