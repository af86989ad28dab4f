/*
 * pixels.c: exports that write pixels. Chips: a PNG around each mark
 * (its box plus a margin, at the image's resolution, at most 1024 pixels
 * a side), in a folder per class, with index.csv. Tiles: large scenes cut
 * into SIZE x SIZE tiles overlapping by PX (the last row and column flush
 * with the image's edge), each a PNG or a GeoTIFF (with its share of the
 * geotransform), with the marks that fall in it: a mark goes with a tile
 * when its centre is in it and at least half its box; boxes are clipped
 * to the tile, rotated boxes kept whole. The pictures come through
 * opts->pixels, from whoever can open images.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "export.h"
#include "../render/render.h"

#define CHIP_MAX_SIDE	1024

static void
safe_folder(const char *name, char *out, size_t len)
{
	size_t	 i;

	snprintf(out, len, "%s", name);
	for (i = 0; out[i] != '\0'; i++)
		if (out[i] == '/' || out[i] == '\\' || (unsigned char)out[i] <
		    0x20 || (i == 0 && out[i] == '.'))
			out[i] = '_';
}

static int
cmp_top(const void *a, const void *b, void *arg)
{
	const struct store_mark	*m = arg;
	double			 ba[4], bb[4];

	export_bounds(&m[*(const size_t *)a], ba);
	export_bounds(&m[*(const size_t *)b], bb);
	return (ba[1] > bb[1]) - (ba[1] < bb[1]);
}

int
chips_write(struct export_set *s, const char *out,
    const struct export_opts *o, char *err, size_t errlen)
{
	struct picture	 pic;
	struct buf	 idx;
	char		 dir[4096], path[4096], folder[256], n[8][32];
	double		 b[4], x, y, w, h, scale, margin;
	size_t		 i, k, total = 0, done = 0;
	int		 rc = -1;

	if (o->pixels == NULL)
		return errf(err, errlen, "chips: no way to read pixels");
	margin = o->margin > 0 ? o->margin : 16;
	for (i = 0; i < s->nclasses; i++) {
		safe_folder(s->classes[i].name, folder, sizeof folder);
		xsnprintf(dir, sizeof dir, "%s/%s", out, folder);
		if (export_mkdirs(dir, err, errlen) != 0)
			return -1;
	}
	for (i = 0; i < s->n; i++)
		total += s->v[i].nmarks;
	buf_init(&idx);
	csv_put_field(&idx, "file", 0);
	csv_put_field(&idx, "class", 0);
	csv_put_field(&idx, "mark_id", 0);
	csv_put_field(&idx, "image", 0);
	csv_put_field(&idx, "date", 0);
	csv_put_field(&idx, "kind", 0);
	csv_put_field(&idx, "cx", 0);
	csv_put_field(&idx, "cy", 0);
	csv_put_field(&idx, "width", 0);
	csv_put_field(&idx, "height", 0);
	csv_put_field(&idx, "angle", 0);
	csv_put_field(&idx, "name", 0);
	csv_put_field(&idx, "count", 0);
	csv_put_field(&idx, "split", 0);
	csv_end_row(&idx);
	for (i = 0; i < s->n; i++) {
		struct export_image *e = &s->v[i];
		size_t		*order;

		/* top to bottom: a PNG (not tiled) is decoded from its first
		 * row, and going back up starts it again */
		order = xcalloc(e->nmarks ? e->nmarks : 1, sizeof *order);
		for (k = 0; k < e->nmarks; k++)
			order[k] = k;
		qsort_r(order, e->nmarks, sizeof *order, cmp_top, e->marks);
		for (size_t j = 0; j < e->nmarks; j++) {
			const struct store_mark *m = &e->marks[order[j]];
			char	 when[DATE_ISO_LEN], rel[600];

			export_bounds(m, b);
			x = fmax(0, floor(b[0] - margin));
			y = fmax(0, floor(b[1] - margin));
			w = fmin(e->im.width, ceil(b[2] + margin)) - x;
			h = fmin(e->im.height, ceil(b[3] + margin)) - y;
			if (w < 1 || h < 1)
				continue;	/* wholly outside the image */
			scale = fmin(1, CHIP_MAX_SIDE / fmax(w, h));
			if (o->pixels->picture(o->pixels->ctx, &e->im, x, y, w,
			    h, scale, &pic, err, errlen) != 0) {
				free(order);
				goto out;
			}
			safe_folder(s->classes[export_class_index(s,
			    m->class_id)].name, folder, sizeof folder);
			xsnprintf(rel, sizeof rel, "%s/%lld.png", folder,
			    (long long)m->id);
			xsnprintf(path, sizeof path, "%s/%s", out, rel);
			if (render_png_write(path, pic.w, pic.h, 3, pic.rgb,
			    err, errlen) != 0) {
				picture_free(&pic);
				free(order);
				goto out;
			}
			picture_free(&pic);
			date_format(e->im.acquired, when);
			export_num(n[0], sizeof n[0], m->cx, 3);
			export_num(n[1], sizeof n[1], m->cy, 3);
			export_num(n[2], sizeof n[2], m->w, 3);
			export_num(n[3], sizeof n[3], m->h, 3);
			export_num(n[4], sizeof n[4], m->angle, 3);
			snprintf(n[5], sizeof n[5], "%lld", (long long)m->id);
			snprintf(n[6], sizeof n[6], "%lld",
			    (long long)m->count);
			csv_put_field(&idx, rel, 1);
			csv_put_field(&idx, m->class_name, 1);
			csv_put_field(&idx, n[5], 0);
			csv_put_field(&idx, e->im.name, 1);
			csv_put_field(&idx, when, 0);
			csv_put_field(&idx, mark_kind_name(m->kind), 0);
			csv_put_field(&idx, n[0], 0);
			csv_put_field(&idx, n[1], 0);
			csv_put_field(&idx, n[2], 0);
			csv_put_field(&idx, n[3], 0);
			csv_put_field(&idx, n[4], 0);
			csv_put_field(&idx, m->name, 1);
			csv_put_field(&idx, m->has_count ? n[6] : "", 0);
			csv_put_field(&idx, export_split_name(s, e->split), 1);
			csv_end_row(&idx);
			if (o->progress != NULL)
				o->progress(o->progress_ctx, ++done, total);
		}
		free(order);
	}
	xsnprintf(path, sizeof path, "%s/index.csv", out);
	rc = export_write_file(path, idx.data, idx.len, err, errlen);
out:
	buf_free(&idx);
	return rc;
}

/* Tiles. */

/* Where tiles start along a side of length len. */
static size_t
tile_starts(int len, int tile, int step, int *out, size_t max)
{
	size_t	 n = 0;
	int	 x;

	if (len <= tile) {
		out[0] = 0;
		return 1;
	}
	for (x = 0; n < max; x += step) {
		if (x + tile >= len) {
			out[n++] = len - tile;	/* flush with the edge */
			break;
		}
		out[n++] = x;
	}
	return n;
}

/* Mark m of an image, as it falls in the tile at (tx, ty): 1 if it does. */
static int
mark_in_tile(const struct store_mark *m, double tx, double ty, int tile,
    struct store_mark *out)
{
	double	 b[4], cb[4], area, kept;

	if (m->cx < tx || m->cy < ty || m->cx >= tx + tile ||
	    m->cy >= ty + tile)
		return 0;
	store_mark_copy(out, m);
	out->cx -= tx;
	out->cy -= ty;
	if (m->kind != MARK_BOX)
		return 1;
	export_bounds(m, b);
	cb[0] = fmax(b[0], tx);
	cb[1] = fmax(b[1], ty);
	cb[2] = fmin(b[2], tx + tile);
	cb[3] = fmin(b[3], ty + tile);
	area = (b[2] - b[0]) * (b[3] - b[1]);
	kept = (cb[2] - cb[0]) * (cb[3] - cb[1]);
	if (area > 0 && kept < area / 2) {
		store_mark_clear(out);
		return 0;
	}
	out->cx = (cb[0] + cb[2]) / 2 - tx;
	out->cy = (cb[1] + cb[3]) / 2 - ty;
	out->w = cb[2] - cb[0];
	out->h = cb[3] - cb[1];
	return 1;
}

/* One tile's picture to path, as GeoTIFF (georeferenced) or PNG. */
static int
tile_write(const struct export_image *e, const struct picture *pic,
    const char *path, int x, int y, int gtiff, char *err, size_t errlen)
{
	struct render_out	 ro;

	if (!gtiff)
		return render_png_write(path, pic->w, pic->h, 3, pic->rgb, err,
		    errlen);
	memset(&ro, 0, sizeof ro);
	ro.path = path;
	ro.driver = "GTiff";
	ro.width = pic->w;
	ro.height = pic->h;
	ro.bands = 3;
	ro.pixels = pic->rgb;
	ro.crs_wkt = e->im.crs_wkt;
	if (e->im.has_gt) {
		memcpy(ro.gt, e->im.gt, sizeof ro.gt);
		ro.gt[0] += x * e->im.gt[1] + y * e->im.gt[2];
		ro.gt[3] += x * e->im.gt[4] + y * e->im.gt[5];
		ro.has_gt = 1;
	}
	return render_write(&ro, err, errlen);
}

/*
 * t: the tile of e at (x, y), a w by h image written as path (named
 * name), holding e's marks that fall in it.
 */
static void
tile_entry(struct export_image *t, const struct export_image *e,
    const char *name, const char *path, int x, int y, int w, int h,
    int tile)
{
	size_t	 k;

	memset(t, 0, sizeof *t);
	store_image_copy(&t->im, &e->im);
	free(t->im.name);
	free(t->im.path);
	t->im.name = xstrdup(name);
	t->im.path = xstrdup(path);
	t->im.width = w;
	t->im.height = h;
	t->im.bands = 3;
	if (t->im.has_gt) {
		t->im.gt[0] += x * e->im.gt[1] + y * e->im.gt[2];
		t->im.gt[3] += x * e->im.gt[4] + y * e->im.gt[5];
	}
	t->tile = 1;
	t->split = e->split;
	t->source_id = e->im.id;
	t->x0 = x;
	t->y0 = y;
	for (k = 0; k < e->nmarks; k++) {
		if (t->nmarks == t->cap) {
			t->cap = t->cap ? t->cap * 2 : 8;
			t->marks = xreallocarray(t->marks, t->cap,
			    sizeof *t->marks);
			t->quay = xreallocarray(t->quay, t->cap,
			    sizeof *t->quay);
		}
		if (mark_in_tile(&e->marks[k], x, y, tile,
		    &t->marks[t->nmarks])) {
			t->quay[t->nmarks] = e->quay ? e->quay[k] : NULL;
			t->nmarks++;
		}
	}
}

/* The tiles made so far, for tiles_make's way out. */
struct tiles {
	struct export_image	*v;
	size_t			 n, cap;
	size_t			 done, total;	/* for progress */
};

/* Every tile of image e, written under stage and added to ts. */
static int
tiles_of(struct tiles *ts, const struct export_image *e, const char *stage,
    const struct export_opts *o, int step, int gtiff, char *err,
    size_t errlen)
{
	struct picture	 pic;
	char		 path[4096], stem[512], name[600];
	int		 xs[4096], ys[4096], tw, th;
	size_t		 a, b, nx, ny;

	nx = tile_starts(e->im.width, o->tile, step, xs, 4096);
	ny = tile_starts(e->im.height, o->tile, step, ys, 4096);
	tw = e->im.width < o->tile ? e->im.width : o->tile;
	th = e->im.height < o->tile ? e->im.height : o->tile;
	export_stem(e->im.name, stem, sizeof stem);
	for (b = 0; b < ny; b++)
		for (a = 0; a < nx; a++) {
			if (o->pixels->picture(o->pixels->ctx, &e->im, xs[a],
			    ys[b], tw, th, 1, &pic, err, errlen) != 0)
				return -1;
			xsnprintf(name, sizeof name, "%s_%d_%d.%s", stem,
			    xs[a], ys[b], gtiff ? "tif" : "png");
			xsnprintf(path, sizeof path, "%s/%s", stage, name);
			if (tile_write(e, &pic, path, xs[a], ys[b], gtiff, err,
			    errlen) != 0) {
				picture_free(&pic);
				return -1;
			}
			if (ts->n == ts->cap) {
				ts->cap = ts->cap ? ts->cap * 2 : 64;
				ts->v = xreallocarray(ts->v, ts->cap,
				    sizeof *ts->v);
			}
			tile_entry(&ts->v[ts->n++], e, name, path, xs[a],
			    ys[b], pic.w, pic.h, o->tile);
			picture_free(&pic);
			if (o->progress != NULL)
				o->progress(o->progress_ctx, ++ts->done,
				    ts->total);
		}
	return 0;
}

/* The set's images give their place to the tiles in ts. */
static void
tiles_replace(struct export_set *s, struct tiles *ts)
{
	size_t	 i;

	for (i = 0; i < s->n; i++) {
		store_image_clear(&s->v[i].im);
		store_marks_free(s->v[i].marks, s->v[i].nmarks);
		free(s->v[i].quay);
	}
	free(s->v);
	s->v = ts->v;
	s->n = ts->n;
	s->nmarks = 0;
	for (i = 0; i < ts->n; i++)
		s->nmarks += ts->v[i].nmarks;
}

/*
 * Replace the set's large images by their tiles, written under
 * OUT/.tiles (the writers move them into place). On an error, the tiles
 * written so far are removed and the set is as it was.
 */
int
tiles_make(struct export_set *s, const char *out,
    const struct export_opts *o, char *err, size_t errlen)
{
	struct tiles	 ts;
	char		 stage[4096];
	int		 xs[4096], ys[4096], step, gtiff;
	size_t		 i;

	if (o->pixels == NULL)
		return errf(err, errlen, "tiles: no way to read pixels");
	if (o->tile < 16 || o->overlap < 0 || o->overlap >= o->tile)
		return errf(err, errlen, "--tile %d --overlap %d: the tile must "
		    "be 16 pixels or more, the overlap less than the tile",
		    o->tile, o->overlap);
	step = o->tile - o->overlap;
	gtiff = o->tile_format != NULL && strcmp(o->tile_format, "gtiff") == 0;
	xsnprintf(stage, sizeof stage, "%s/.tiles", out);
	if (export_mkdirs(stage, err, errlen) != 0)
		return -1;
	memset(&ts, 0, sizeof ts);
	for (i = 0; i < s->n; i++)
		ts.total += tile_starts(s->v[i].im.width, o->tile, step, xs,
		    4096) * tile_starts(s->v[i].im.height, o->tile, step, ys,
		    4096);
	for (i = 0; i < s->n; i++)
		if (tiles_of(&ts, &s->v[i], stage, o, step, gtiff, err,
		    errlen) != 0)
			break;
	if (i == s->n) {
		tiles_replace(s, &ts);
		return 0;
	}
	for (i = 0; i < ts.n; i++) {
		unlink(ts.v[i].im.path);
		store_image_clear(&ts.v[i].im);
		store_marks_free(ts.v[i].marks, ts.v[i].nmarks);
		free(ts.v[i].quay);
	}
	free(ts.v);
	rmdir(stage);
	return -1;
}
