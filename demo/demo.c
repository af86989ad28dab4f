/*
 * demo.c: write the demo port to a folder: the images (GeoTIFFs in UTM 52N
 * with internal overviews, and some plain PNGs dated by their names), the
 * ground truth in the interchange CSV, each image's true quality verdict,
 * the true calls and stacks, and the quay polygons.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "demo-int.h"
#include "../export/export.h"
#include "../render/render.h"
#include "../store/store.h"
#include "../util/util.h"

/* Quay i's polygon in the pixels of a scene at this scale. */
int
demo_quay_polygon(size_t i, double scale, double *out)
{
	size_t	 k;

	if (i >= QM_NELEM(demo_quays))
		return -1;
	for (k = 0; k < 8; k++)
		out[k] = demo_quays[i].pts[k] * scale;
	return 0;
}

static int
write_text(const char *dir, const char *name, struct buf *b, char *err,
    size_t errlen)
{
	char	 path[4096];

	if (xsnprintf(path, sizeof path, "%s/%s", dir, name) != 0)
		return errf(err, errlen, "%s: path too long", dir);
	return file_write_all(path, b->data ? b->data : "", b->len, err,
	    errlen);
}

static void
iso_of(const struct demo_scene *sc, int day, char *out)
{
	date_format_day(sc->day0 + (int64_t)day * 86400, out);
}

static int
write_images(const struct demo_scene *sc, const char *dir,
    demo_progress_fn progress, void *ctx, char *err, size_t errlen)
{
	struct render_out	 o;
	const struct demo_image	*im;
	uint8_t			*img;
	char			 path[4096], dt[32];
	int			 y, m, d, s;
	int64_t			 t;
	size_t			 i, size;

	size = (size_t)sc->width * (size_t)sc->height * 3;
	img = xmalloc(size);
	for (i = 0; i < sc->nimages; i++) {
		im = &sc->images[i];
		if (progress != NULL)
			progress(ctx, i, sc->nimages);
		paint_image(sc, i, img);
		if (xsnprintf(path, sizeof path, "%s/%s", dir, im->name) != 0) {
			free(img);
			return errf(err, errlen, "%s: path too long", dir);
		}
		if (im->png) {
			if (render_png_write(path, sc->width, sc->height, 3, img,
			    err, errlen) != 0) {
				free(img);
				return -1;
			}
			continue;
		}
		t = sc->day0 + (int64_t)im->day * 86400 + im->minute * 60;
		date_to_ymd(t, &y, &m, &d);
		s = (int)(t % 86400);
		snprintf(dt, sizeof dt, "%04d:%02d:%02d %02d:%02d:%02d",
		    y % 10000, m % 100, d % 100, s / 3600 % 100, s / 60 % 60,
		    s % 60);
		memset(&o, 0, sizeof o);
		o.path = path;
		o.driver = "GTiff";
		o.width = sc->width;
		o.height = sc->height;
		o.bands = 3;
		o.pixels = img;
		o.has_gt = 1;
		o.gt[0] = DEMO_ORIGIN_X;
		o.gt[1] = 1.0 / sc->scale;
		o.gt[3] = DEMO_ORIGIN_Y;
		o.gt[5] = -1.0 / sc->scale;
		o.epsg = DEMO_EPSG;
		o.datetime = dt;
		o.tiled = 1;
		o.compress = "JPEG";
		o.overviews = 1;
		if (render_write(&o, err, errlen) != 0) {
			free(img);
			return -1;
		}
	}
	free(img);
	return 0;
}

static void
truth_mark(struct store_mark *m, const struct demo_scene *sc, size_t im,
    const char *cls, int kind)
{
	store_mark_init(m);
	m->image_name = (char *)(uintptr_t)sc->images[im].name;
	m->site = (char *)(uintptr_t)DEMO_SITE;
	m->acquired = sc->day0 + (int64_t)sc->images[im].day * 86400 +
	    sc->images[im].minute * 60;
	m->class_name = (char *)(uintptr_t)cls;
	m->kind = kind;
	m->author = (char *)(uintptr_t)"truth";
	m->status = STATUS_APPROVED;
}

/* Round to 1/100 pixel: truth files stay readable. */
static double
r2(double v)
{
	return (double)(long long)(v * 100 + (v < 0 ? -0.5 : 0.5)) / 100;
}

static void
write_truth(const struct demo_scene *sc, struct buf *b)
{
	struct store_mark	 m;
	const struct demo_call	*c;
	const struct demo_stack	*s;
	const double		 sc_ = sc->scale;
	size_t			 i, k;
	int			 d;

	interchange_header(b);
	for (i = 0; i < sc->nimages; i++) {
		if (!scenario_observed(sc, i))
			continue;
		d = sc->images[i].day;
		for (k = 0; k < sc->ncalls; k++) {
			c = &sc->calls[k];
			if (d < c->arrive || d > c->depart)
				continue;
			truth_mark(&m, sc, i, "ship", MARK_RBOX);
			m.cx = r2(c->cx * sc_);
			m.cy = r2(c->cy * sc_);
			m.w = r2(sc->vessels[c->vessel].length * sc_);
			m.h = r2(sc->vessels[c->vessel].beam * sc_);
			m.angle = c->angle;
			m.name = (char *)(uintptr_t)sc->vessels[c->vessel].name;
			m.has_track = 1;
			m.track = c->track;
			interchange_row(b, &m, demo_quays[c->quay].name);
		}
		for (k = 0; k < sc->nstacks; k++) {
			s = &sc->stacks[k];
			if (d < s->first || d > s->last)
				continue;
			truth_mark(&m, sc, i, "container_stack", MARK_BOX);
			m.cx = r2(s->cx * sc_);
			m.cy = r2(s->cy * sc_);
			m.w = r2(s->cols * 12.2 * sc_);
			m.h = r2(s->rows * 2.45 * sc_);
			m.has_count = 1;
			m.count = s->cols * s->rows;
			m.has_track = 1;
			m.track = s->track;
			interchange_row(b, &m, demo_quays[s->quay].name);
		}
	}
}

/* One row of stacks.csv: a stack seen from day a to day z. */
static void
stack_row(const struct demo_scene *sc, const struct demo_stack *s, int a,
    int z, struct buf *b)
{
	char	 da[DATE_DAY_LEN], dz[DATE_DAY_LEN];

	iso_of(sc, a, da);
	iso_of(sc, z, dz);
	buf_printf(b, "%lld,%s,%s,%s,%d,%d,", (long long)s->track,
	    demo_quays[s->quay].name, da, dz, z - a, s->cols * s->rows);
	if (s->call >= 0)
		buf_printf(b, "%lld", (long long)sc->calls[s->call].track);
	buf_putc(b, '\n');
}

/*
 * A stack's rows: what the counting rules see. Clouds can hide a standing
 * stack for more than DEMO_GAP_DAYS calendar days (the default --gap);
 * the rules then see two stacks, and so does the truth, one row each with
 * the same track.
 */
static void
stack_rows(const struct demo_scene *sc, const struct demo_stack *s,
    struct buf *b)
{
	size_t	 i;
	int	 d, first = -1, last = -1;

	for (i = 0; i < sc->nimages; i++) {
		d = sc->images[i].day;
		if (!scenario_observed(sc, i) || d < s->first || d > s->last)
			continue;
		if (first >= 0 && d - last > DEMO_GAP_DAYS) {
			stack_row(sc, s, first, last, b);
			first = -1;
		}
		if (first < 0)
			first = d;
		last = d;
	}
	if (first >= 0)
		stack_row(sc, s, first, last, b);
}

static int
write_tables(const struct demo_scene *sc, const char *dir, char *err,
    size_t errlen)
{
	struct buf	 b;
	char		 a[DATE_DAY_LEN], z[DATE_DAY_LEN], n[64], pts[256];
	const struct demo_call	*c;
	double		 poly[8];
	size_t		 i, k;
	int		 rc = -1;

	buf_init(&b);
	write_truth(sc, &b);
	if (write_text(dir, "truth.csv", &b, err, errlen) != 0)
		goto out;

	buf_reset(&b);
	buf_puts(&b, "file,date,quality\n");
	for (i = 0; i < sc->nimages; i++) {
		date_format(sc->day0 + (int64_t)sc->images[i].day * 86400 +
		    sc->images[i].minute * 60, n);
		buf_printf(&b, "%s,%s,%s\n", sc->images[i].name, n,
		    quality_name(sc->images[i].quality));
	}
	if (write_text(dir, "quality.csv", &b, err, errlen) != 0)
		goto out;

	buf_reset(&b);
	buf_puts(&b, "identity,track,quay,arrival,departure,sightings\n");
	for (i = 0; i < sc->ncalls; i++) {
		c = &sc->calls[i];
		if (c->sightings == 0)
			continue;
		iso_of(sc, c->first_seen, a);
		iso_of(sc, c->last_seen, z);
		if (sc->vessels[c->vessel].name != NULL)
			csv_put_field(&b, sc->vessels[c->vessel].name, 1);
		else {
			snprintf(n, sizeof n, "track %lld",
			    (long long)c->track);
			csv_put_field(&b, n, 0);
		}
		snprintf(n, sizeof n, "%lld", (long long)c->track);
		csv_put_field(&b, n, 0);
		csv_put_field(&b, demo_quays[c->quay].name, 1);
		csv_put_field(&b, a, 0);
		csv_put_field(&b, z, 0);
		snprintf(n, sizeof n, "%d", c->sightings);
		csv_put_field(&b, n, 0);
		csv_end_row(&b);
	}
	if (write_text(dir, "calls.csv", &b, err, errlen) != 0)
		goto out;

	buf_reset(&b);
	buf_puts(&b, "track,quay,first,last,dwell_days,count,call_track\n");
	for (i = 0; i < sc->nstacks; i++)
		stack_rows(sc, &sc->stacks[i], &b);
	if (write_text(dir, "stacks.csv", &b, err, errlen) != 0)
		goto out;

	buf_reset(&b);
	buf_puts(&b, "name,polygon\n");
	for (i = 0; i < QM_NELEM(demo_quays); i++) {
		demo_quay_polygon(i, sc->scale, poly);
		pts[0] = '\0';
		for (k = 0; k < 4; k++) {
			char	 x[32], y[32];

			num_format(x, sizeof x, poly[2 * k]);
			num_format(y, sizeof y, poly[2 * k + 1]);
			snprintf(pts + strlen(pts), sizeof pts - strlen(pts),
			    "%s%s %s", k ? ", " : "", x, y);
		}
		csv_put_field(&b, demo_quays[i].name, 1);
		csv_put_field(&b, pts, 0);
		csv_end_row(&b);
	}
	if (write_text(dir, "quays.csv", &b, err, errlen) != 0)
		goto out;
	rc = 0;
out:
	buf_free(&b);
	return rc;
}

/*
 * Write the demo port for seed at scale into dir (created if missing).
 * The same seed and scale always give the same bytes.
 */
int
demo_generate(const char *dir, uint32_t seed, double scale,
    demo_progress_fn progress, void *ctx, char *err, size_t errlen)
{
	struct demo_scene	 sc;
	int			 rc = -1;

	if (scale < 0.1 || scale > 4)
		return errf(err, errlen, "scale %g: use 0.1 to 4", scale);
	if (render_init(err, errlen) != 0 || path_mkdirs(dir, err, errlen) != 0)
		return -1;
	if (scenario_build(&sc, seed, scale, err, errlen) != 0)
		goto out;
	paint_background(&sc);
	if (write_images(&sc, dir, progress, ctx, err, errlen) != 0)
		goto out;
	if (write_tables(&sc, dir, err, errlen) != 0)
		goto out;
	if (progress != NULL)
		progress(ctx, sc.nimages, sc.nimages);
	rc = 0;
out:
	scenario_free(&sc);
	return rc;
}
