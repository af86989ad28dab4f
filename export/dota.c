/*
 * dota.c: DOTA's labelTxt, out and in: per image a text file of
 * "x1 y1 x2 y2 x3 y3 x4 y4 class difficult" lines (pixels, corners
 * clockwise from the box's own top left), after the "imagesource:" and
 * "gsd:" header lines. Class names cannot hold spaces there: they are
 * written with '-' instead, as DOTA's own names are.
 */
#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "export.h"

static void
put_px(struct buf *b, double v)
{
	char	 s[32];

	export_num(s, sizeof s, v, 3);
	buf_puts(b, s);
	buf_putc(b, ' ');
}

static int
dota_labels(const struct export_set *s, const struct export_image *e,
    const char *path, char *err, size_t errlen)
{
	struct buf	 b;
	const char	*c;
	double		 q[8], gsd;
	size_t		 k;
	int		 i, rc;

	buf_init(&b);
	buf_puts(&b, "imagesource:quaymark\n");
	/* metres per pixel where the image is georeferenced in metres */
	gsd = e->im.has_gt ? hypot(e->im.gt[1], e->im.gt[4]) : 0;
	if (gsd > 0 && gsd < 1000 && e->im.crs_code != NULL &&
	    strncmp(e->im.crs_code, "EPSG:4326", 9) != 0)
		buf_printf(&b, "gsd:%.6g\n", gsd);
	else
		buf_puts(&b, "gsd:null\n");
	for (k = 0; k < e->nmarks; k++) {
		export_corners(&e->marks[k], q);
		for (i = 0; i < 8; i++)
			put_px(&b, q[i]);
		for (c = s->classes[export_class_index(s,
		    e->marks[k].class_id)].name; *c != '\0'; c++)
			buf_putc(&b, isspace((unsigned char)*c) ? '-' : *c);
		/* DOTA's difficult flag rides in the state, both ways */
		buf_puts(&b, e->marks[k].state != NULL &&
		    strcmp(e->marks[k].state, "difficult") == 0 ? " 1\n" :
		    " 0\n");
	}
	rc = export_write_file(path, b.data, b.len, err, errlen);
	buf_free(&b);
	return rc;
}

/* OUT/[SPLIT/]labelTxt/STEM.txt and OUT/[SPLIT/]images/FILE. */
int
dota_write(struct export_set *s, const char *out,
    const struct export_opts *o, char *err, size_t errlen)
{
	char	 base[4096], dir[4096], path[4096], stem[512];
	size_t	 i;

	for (i = 0; i < s->n; i++) {
		struct export_image *e = &s->v[i];

		if (s->nsplits)
			xsnprintf(base, sizeof base, "%s/%s", out,
			    s->split_name[e->split]);
		else
			xsnprintf(base, sizeof base, "%s", out);
		xsnprintf(dir, sizeof dir, "%s/labelTxt", base);
		if (export_mkdirs(dir, err, errlen) != 0)
			return -1;
		export_stem(e->im.name, stem, sizeof stem);
		xsnprintf(path, sizeof path, "%s/%s.txt", dir, stem);
		if (dota_labels(s, e, path, err, errlen) != 0)
			return -1;
		xsnprintf(dir, sizeof dir, "%s/images", base);
		if (export_mkdirs(dir, err, errlen) != 0 ||
		    export_place_image(e, dir, o->images, err, errlen) != 0)
			return -1;
		if (o->progress != NULL)
			o->progress(o->progress_ctx, i + 1, s->n);
	}
	return 0;
}

int
dota_read(const char *path, const char *data, size_t len,
    struct import_items *items, char *err, size_t errlen)
{
	const char		*p = data, *end = data + len;
	char			 line[2048], stem[512], *tok[12], *save, *x;
	struct import_item	*it;
	size_t			 lineno = 0;
	int			 nt, i, rc;
	double			 v;

	export_stem(path, stem, sizeof stem);
	while ((rc = text_next_line(&p, end, line, sizeof line, &lineno)) !=
	    0) {
		if (rc < 0)
			return errf(err, errlen, "%s:%zu: line too long", path,
			    lineno);
		if (strncmp(line, "imagesource:", 12) == 0 ||
		    strncmp(line, "gsd:", 4) == 0)
			continue;
		for (nt = 0, x = strtok_r(line, " \t", &save); x != NULL &&
		    nt < 12; x = strtok_r(NULL, " \t", &save))
			tok[nt++] = x;
		if (nt == 0)
			continue;
		if (nt != 9 && nt != 10)
			return errf(err, errlen, "%s:%zu: DOTA lines are \"x1 y1 "
			    "... x4 y4 class difficult\" (%d fields here)", path,
			    lineno, nt);
		it = import_items_add(items, lineno);
		it->image = xstrdup(stem);
		it->class_name = xstrdup(tok[8]);
		it->has_quad = 1;
		it->check_bounds = 1;
		for (i = 0; i < 8; i++) {
			if (num_parse_double(tok[i], &v) != 0 || !isfinite(v))
				return errf(err, errlen, "%s:%zu: \"%s\" is not "
				    "a number", path, lineno, tok[i]);
			it->quad[i] = v;
		}
		if (nt == 10 && strcmp(tok[9], "0") != 0 &&
		    strcmp(tok[9], "1") != 0)
			return errf(err, errlen, "%s:%zu: difficult is \"%s\", "
			    "not 0 or 1", path, lineno, tok[9]);
		if (nt == 10 && strcmp(tok[9], "1") == 0)
			it->state = xstrdup("difficult");
	}
	if (items->n == 0)
		items->empty_ok = 1;	/* DOTA's empty tiles: no objects */
	return 0;
}
