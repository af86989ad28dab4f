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

/*
 * Replace the set's large images by their tiles, written under
 * OUT/.tiles (the writers move them into place).
 */
int
tiles_make(struct export_set *s, const char *out,
    const struct export_opts *o, char *err, size_t errlen)
{
	struct export_image	*v = NULL, *t;
	struct picture		 pic;
	struct render_out	 ro;
	char			 stage[4096], path[4096], stem[512], name[600];
	int			 xs[4096], ys[4096], step, gtiff;
	size_t			 nv = 0, cap = 0, i, a, b, k, nx, ny;
	size_t			 total = 0, done = 0;

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
	for (i = 0; i < s->n; i++)
		total += tile_starts(s->v[i].im.width, o->tile, step, xs, 4096) *
		    tile_starts(s->v[i].im.height, o->tile, step, ys, 4096);
	for (i = 0; i < s->n; i++) {
		struct export_image *e = &s->v[i];

		nx = tile_starts(e->im.width, o->tile, step, xs, 4096);
		ny = tile_starts(e->im.height, o->tile, step, ys, 4096);
		export_stem(e->im.name, stem, sizeof stem);
		for (b = 0; b < ny; b++)
			for (a = 0; a < nx; a++) {
				int	 tw = e->im.width < o->tile ?
					     e->im.width : o->tile;
				int	 th = e->im.height < o->tile ?
					     e->im.height : o->tile;

				if (o->pixels->picture(o->pixels->ctx, &e->im,
				    xs[a], ys[b], tw, th, 1, &pic, err, errlen)
				    != 0)
					goto fail;
				xsnprintf(name, sizeof name, "%s_%d_%d.%s", stem,
				    xs[a], ys[b], gtiff ? "tif" : "png");
				xsnprintf(path, sizeof path, "%s/%s", stage,
				    name);
				memset(&ro, 0, sizeof ro);
				ro.path = path;
				ro.driver = gtiff ? "GTiff" : "PNG";
				ro.width = pic.w;
				ro.height = pic.h;
				ro.bands = 3;
				ro.pixels = pic.rgb;
				ro.crs_wkt = gtiff ? e->im.crs_wkt : NULL;
				if (gtiff && e->im.has_gt) {
					memcpy(ro.gt, e->im.gt, sizeof ro.gt);
					ro.gt[0] += xs[a] * e->im.gt[1] +
					    ys[b] * e->im.gt[2];
					ro.gt[3] += xs[a] * e->im.gt[4] +
					    ys[b] * e->im.gt[5];
					ro.has_gt = 1;
				}
				if ((gtiff ? render_write(&ro, err, errlen) :
				    render_png_write(path, pic.w, pic.h, 3,
				    pic.rgb, err, errlen)) != 0) {
					picture_free(&pic);
					goto fail;
				}
				if (nv == cap) {
					cap = cap ? cap * 2 : 64;
					v = xreallocarray(v, cap, sizeof *v);
				}
				t = &v[nv++];
				memset(t, 0, sizeof *t);
				store_image_copy(&t->im, &e->im);
				free(t->im.name);
				free(t->im.path);
				t->im.name = xstrdup(name);
				t->im.path = xstrdup(path);
				t->im.width = pic.w;
				t->im.height = pic.h;
				t->im.bands = 3;
				if (t->im.has_gt) {
					t->im.gt[0] += xs[a] * e->im.gt[1] +
					    ys[b] * e->im.gt[2];
					t->im.gt[3] += xs[a] * e->im.gt[4] +
					    ys[b] * e->im.gt[5];
				}
				picture_free(&pic);
				t->tile = 1;
				t->split = e->split;
				t->source_id = e->im.id;
				t->x0 = xs[a];
				t->y0 = ys[b];
				for (k = 0; k < e->nmarks; k++) {
					if (t->nmarks == t->cap) {
						t->cap = t->cap ? t->cap * 2 :
						    8;
						t->marks = xreallocarray(
						    t->marks, t->cap,
						    sizeof *t->marks);
						t->quay = xreallocarray(t->quay,
						    t->cap, sizeof *t->quay);
					}
					if (mark_in_tile(&e->marks[k], xs[a],
					    ys[b], o->tile,
					    &t->marks[t->nmarks])) {
						t->quay[t->nmarks] = e->quay ?
						    e->quay[k] : NULL;
						t->nmarks++;
					}
				}
				if (o->progress != NULL)
					o->progress(o->progress_ctx, ++done,
					    total);
			}
	}
	/* the tiles take the images' place */
	for (i = 0; i < s->n; i++) {
		store_image_clear(&s->v[i].im);
		store_marks_free(s->v[i].marks, s->v[i].nmarks);
		free(s->v[i].quay);
	}
	free(s->v);
	s->v = v;
	s->n = nv;
	s->nmarks = 0;
	for (i = 0; i < nv; i++)
		s->nmarks += v[i].nmarks;
	return 0;
fail:
	for (i = 0; i < nv; i++) {
		unlink(v[i].im.path);
		store_image_clear(&v[i].im);
		store_marks_free(v[i].marks, v[i].nmarks);
		free(v[i].quay);
	}
	free(v);
	rmdir(stage);
	return -1;
}
