/*
 * yolo.c: the Ultralytics dataset layout, out and in.
 *
 * Out: OUT/images/[SPLIT/]FILE (linked or copied), OUT/labels/[SPLIT/]
 * STEM.txt with one line per mark, and OUT/data.yaml naming the classes.
 * yolo: "class cx cy w h", the axis-aligned box around the mark; yolo-obb:
 * "class x1 y1 x2 y2 x3 y3 x4 y4", its corners clockwise from its own top
 * left. All in fractions of the image size (6 decimals); a point is a
 * one-pixel box. An image without marks gets an empty label file (a
 * background image, which detectors learn from too).
 *
 * In: one label file per image, matched to the catalog by stem; class
 * numbers are named by a data.yaml, obj.names or classes.txt found beside
 * the file or in a folder above it (or --names FILE), else refused.
 */
#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "export.h"

static void
put_frac(struct buf *b, double v)
{
	char	 s[32];

	export_num(s, sizeof s, v, 6);
	buf_putc(b, ' ');
	buf_puts(b, s);
}

static int
yolo_labels(const struct export_set *s, const struct export_image *e,
    int obb, const char *path, char *err, size_t errlen)
{
	struct buf	 b;
	double		 q[8], bb[4], W = e->im.width, H = e->im.height;
	size_t		 k;
	int		 i, rc;

	buf_init(&b);
	for (k = 0; k < e->nmarks; k++) {
		const struct store_mark *m = &e->marks[k];

		buf_printf(&b, "%d", export_class_index(s, m->class_id));
		if (obb) {
			export_corners(m, q);
			for (i = 0; i < 4; i++) {
				put_frac(&b, q[2 * i] / W);
				put_frac(&b, q[2 * i + 1] / H);
			}
		} else {
			export_bounds(m, bb);
			put_frac(&b, (bb[0] + bb[2]) / 2 / W);
			put_frac(&b, (bb[1] + bb[3]) / 2 / H);
			put_frac(&b, (bb[2] - bb[0]) / W);
			put_frac(&b, (bb[3] - bb[1]) / H);
		}
		buf_putc(&b, '\n');
	}
	rc = export_write_file(path, b.data ? b.data : "", b.len, err, errlen);
	buf_free(&b);
	return rc;
}

/* A YAML double-quoted scalar. */
static void
yaml_string(struct buf *b, const char *s)
{
	buf_putc(b, '"');
	for (; *s != '\0'; s++) {
		if (*s == '"' || *s == '\\')
			buf_putc(b, '\\');
		if ((unsigned char)*s < 0x20)
			buf_printf(b, "\\x%02x", (unsigned char)*s);
		else
			buf_putc(b, *s);
	}
	buf_putc(b, '"');
}

int
yolo_write(struct export_set *s, const char *out, int obb,
    const struct export_opts *o, char *err, size_t errlen)
{
	struct buf	 y;
	char		 idir[4096], ldir[4096], path[4096], stem[512];
	size_t		 i;
	int		 j, first, last, rc;

	first = s->nsplits ? 0 : -1;
	last = s->nsplits ? s->nsplits - 1 : -1;
	for (j = first; j <= last; j++) {
		xsnprintf(idir, sizeof idir, "%s/images%s%s", out, j < 0 ? "" :
		    "/", j < 0 ? "" : s->split_name[j]);
		xsnprintf(ldir, sizeof ldir, "%s/labels%s%s", out, j < 0 ? "" :
		    "/", j < 0 ? "" : s->split_name[j]);
		if (export_mkdirs(idir, err, errlen) != 0 ||
		    export_mkdirs(ldir, err, errlen) != 0)
			return -1;
	}
	for (i = 0; i < s->n; i++) {
		struct export_image *e = &s->v[i];

		j = s->nsplits ? e->split : -1;
		xsnprintf(idir, sizeof idir, "%s/images%s%s", out, j < 0 ? "" :
		    "/", j < 0 ? "" : s->split_name[j]);
		export_stem(e->im.name, stem, sizeof stem);
		xsnprintf(path, sizeof path, "%s/labels%s%s/%s.txt", out, j < 0 ?
		    "" : "/", j < 0 ? "" : s->split_name[j], stem);
		if (yolo_labels(s, e, obb, path, err, errlen) != 0 ||
		    export_place_image(e, idir, o->images, err, errlen) != 0)
			return -1;
		if (o->progress != NULL)
			o->progress(o->progress_ctx, i + 1, s->n);
	}
	/* data.yaml, as Ultralytics reads it: an absolute path, so that
	 * training from another folder finds the images */
	if (realpath(out, path) == NULL)
		return errf(err, errlen, "%s: %s", out, strerror(errno));
	buf_init(&y);
	buf_puts(&y, "# quaymark export\npath: ");
	yaml_string(&y, path);
	buf_putc(&y, '\n');
	if (s->nsplits == 0)
		buf_puts(&y, "train: images\nval: images\n");
	else
		for (j = 0; j < s->nsplits; j++)
			buf_printf(&y, "%s: images/%s\n", s->split_name[j],
			    s->split_name[j]);
	buf_printf(&y, "task: %s\nnames:\n", obb ? "obb" : "detect");
	for (i = 0; i < s->nclasses; i++) {
		buf_printf(&y, "  %zu: ", i);
		yaml_string(&y, s->classes[i].name);
		buf_putc(&y, '\n');
	}
	xsnprintf(path, sizeof path, "%s/data.yaml", out);
	rc = export_write_file(path, y.data, y.len, err, errlen);
	buf_free(&y);
	return rc;
}

/* Reading. */

static int
read_lines(const char *path, const char *data, size_t len, int obb,
    struct import_items *items, char *err, size_t errlen)
{
	const char	*p = data, *end = data + len;
	char		 line[1024], stem[512], stem2[32], *tok, *save, *x;
	double		 v[9];
	size_t		 lineno = 0;
	struct import_item *it;
	int		 i, rc;

	export_stem(path, stem, sizeof stem);
	while ((rc = text_next_line(&p, end, line, sizeof line, &lineno)) !=
	    0) {
		if (rc < 0)
			return errf(err, errlen, "%s:%zu: line too long", path,
			    lineno);
		if ((x = strchr(line, '#')) != NULL)
			*x = '\0';
		for (i = 0, tok = strtok_r(line, " \t\r", &save); tok != NULL;
		    tok = strtok_r(NULL, " \t\r", &save), i++) {
			if (i >= 9 || num_parse_double(tok, &v[i]) != 0)
				return errf(err, errlen, "%s:%zu: \"%s\" is not "
				    "a number, or too many values", path,
				    lineno, tok);
		}
		if (i == 0)
			continue;
		if (obb && i != 9)
			return errf(err, errlen, "%s:%zu: yolo-obb lines are "
			    "\"class x1 y1 x2 y2 x3 y3 x4 y4\" (%d values "
			    "here)", path, lineno, i);
		if (!obb && i != 5)
			return errf(err, errlen, "%s:%zu: yolo lines are "
			    "\"class cx cy w h\" (%d values here%s)", path,
			    lineno, i, i == 9 ? "; yolo-obb?" : "");
		if (v[0] < 0 || v[0] > 100000 || v[0] != floor(v[0]))
			return errf(err, errlen, "%s:%zu: class \"%g\" is not "
			    "a class number", path, lineno, v[0]);
		for (i = 1; i < (obb ? 9 : 5); i++)
			if (v[i] < -0.01 || v[i] > 1.01)
				return errf(err, errlen, "%s:%zu: %g is outside "
				    "0..1 (YOLO values are fractions of the "
				    "image)", path, lineno, v[i]);
		if (!obb && (v[3] < 0 || v[4] < 0))
			return errf(err, errlen, "%s:%zu: negative size", path,
			    lineno);
		it = import_items_add(items, lineno);
		it->image = xstrdup(stem);
		snprintf(stem2, sizeof stem2, "%ld", (long)v[0]);
		it->class_name = xstrdup(stem2);	/* named later */
		it->normalised = 1;
		it->check_bounds = 1;
		if (obb) {
			for (i = 0; i < 8; i++)
				it->quad[i] = v[i + 1];
			it->has_quad = 1;
		} else {
			it->cx = v[1];
			it->cy = v[2];
			it->w = v[3];
			it->h = v[4];
			it->kind = MARK_BOX;
		}
	}
	if (items->n == 0)
		items->empty_ok = 1;	/* a background image */
	return 0;
}

int
yolo_read(const char *path, const char *data, size_t len,
    struct import_items *items, char *err, size_t errlen)
{
	return read_lines(path, data, len, 0, items, err, errlen);
}

int
yolo_obb_read(const char *path, const char *data, size_t len,
    struct import_items *items, char *err, size_t errlen)
{
	return read_lines(path, data, len, 1, items, err, errlen);
}

/* Class names. */

static void
names_add(char ***v, size_t *n, const char *s, size_t len)
{
	while (len > 0 && isspace((unsigned char)*s)) {
		s++;
		len--;
	}
	while (len > 0 && isspace((unsigned char)s[len - 1]))
		len--;
	if (len >= 2 && (s[0] == '"' || s[0] == '\'') && s[len - 1] == s[0]) {
		s++;
		len -= 2;
	}
	*v = xreallocarray(*v, *n + 1, sizeof **v);
	(*v)[(*n)++] = xstrndup(s, len);
}

/*
 * Names from data.yaml (names: as a list, a mapping of numbers, or a
 * [flow, list]) or from a file of one name per line (obj.names).
 */
int
yolo_names_load(const char *path, char ***out, size_t *n, char *err,
    size_t errlen)
{
	char		*data, *line, *save = NULL, *p, *q;
	size_t		 len;
	int		 yaml, in_names = 0;
	long		 idx;

	*out = NULL;
	*n = 0;
	if (file_read_all(path, 1 << 20, &data, &len, err, errlen) != 0)
		return -1;
	yaml = strstr(path, ".yaml") != NULL || strstr(path, ".yml") != NULL;
	for (line = strtok_r(data, "\n", &save); line != NULL;
	    line = strtok_r(NULL, "\n", &save)) {
		if ((p = strchr(line, '\r')) != NULL)
			*p = '\0';
		if (!yaml) {
			if (*line != '\0')
				names_add(out, n, line, strlen(line));
			continue;
		}
		if (strncmp(line, "names:", 6) == 0) {
			p = line + 6;
			while (isspace((unsigned char)*p))
				p++;
			if (*p == '[') {	/* names: [a, b] */
				p++;
				while ((q = strpbrk(p, ",]")) != NULL) {
					names_add(out, n, p, (size_t)(q - p));
					if (*q == ']')
						break;
					p = q + 1;
				}
				in_names = 0;
			} else
				in_names = 1;
			continue;
		}
		if (!in_names)
			continue;
		if (!isspace((unsigned char)line[0]) && line[0] != '-') {
			in_names = 0;	/* the next key */
			continue;
		}
		p = line;
		while (isspace((unsigned char)*p))
			p++;
		if (*p == '-')		/* - name */
			names_add(out, n, p + 1, strlen(p + 1));
		else if (isdigit((unsigned char)*p) && (idx = strtol(p, &q, 10))
		    >= 0 && *q == ':' && (size_t)idx == *n)
			names_add(out, n, q + 1, strlen(q + 1));
	}
	free(data);
	if (*n == 0)
		return errf(err, errlen, "%s: no class names in it", path);
	return 0;
}

/* A names file beside the label file, or in one of the folders above. */
int
yolo_names_find(const char *label, char *out, size_t len)
{
	static const char *const names[] = { "data.yaml", "dataset.yaml",
	    "obj.names", "classes.txt", NULL };
	char	 dir[4096], *slash;
	int	 up, i;

	xsnprintf(dir, sizeof dir, "%s", label);
	for (up = 0; up < 4; up++) {
		if ((slash = strrchr(dir, '/')) == NULL)
			xsnprintf(dir, sizeof dir, ".");
		else if (slash == dir)
			dir[1] = '\0';
		else
			*slash = '\0';
		for (i = 0; names[i] != NULL; i++) {
			snprintf(out, len, "%s/%s", dir, names[i]);
			if (access(out, R_OK) == 0)
				return 0;
		}
		if (strcmp(dir, ".") == 0 || strcmp(dir, "/") == 0)
			break;
	}
	return -1;
}

/* Class numbers to names, where the names say. */
void
yolo_names_apply(struct import_items *items, char **names, size_t n)
{
	size_t	 i;
	long	 k;
	char	*end;

	for (i = 0; i < items->n; i++) {
		k = strtol(items->v[i].class_name, &end, 10);
		if (*end == '\0' && k >= 0 && (size_t)k < n) {
			free(items->v[i].class_name);
			items->v[i].class_name = xstrdup(names[k]);
		}
	}
}
