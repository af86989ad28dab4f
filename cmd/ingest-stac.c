/*
 * ingest-stac.c: `ingest --stac SOURCE`: the items of a STAC document
 * (export/stac.c reads it and what it links to) whose footprint touches
 * a quay of the site, catalogued by their chosen asset with the item's
 * date, platform, cloud cover and off-nadir angle. Items elsewhere are
 * passed over and counted: a provider's search result is often wider
 * than the port.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd.h"
#include "../export/export.h"
#include "../render/render.h"

struct lonlat_quay {
	double	*pts;		/* lon/lat pairs */
	size_t	 n;
	double	 bbox[4];
};

static int
bbox_meet(const double *a, const double *b)
{
	return a[0] <= b[2] && b[0] <= a[2] && a[1] <= b[3] && b[1] <= a[3];
}

/* Do segments p1-p2 and p3-p4 cross or touch? */
static int
segments_meet(const double *p1, const double *p2, const double *p3,
    const double *p4)
{
	double	 d1, d2, d3, d4;

	d1 = (p4[0] - p3[0]) * (p1[1] - p3[1]) - (p4[1] - p3[1]) *
	    (p1[0] - p3[0]);
	d2 = (p4[0] - p3[0]) * (p2[1] - p3[1]) - (p4[1] - p3[1]) *
	    (p2[0] - p3[0]);
	d3 = (p2[0] - p1[0]) * (p3[1] - p1[1]) - (p2[1] - p1[1]) *
	    (p3[0] - p1[0]);
	d4 = (p2[0] - p1[0]) * (p4[1] - p1[1]) - (p2[1] - p1[1]) *
	    (p4[0] - p1[0]);
	return ((d1 <= 0 && d2 >= 0) || (d1 >= 0 && d2 <= 0)) &&
	    ((d3 <= 0 && d4 >= 0) || (d3 >= 0 && d4 <= 0));
}

/* Do two polygons (x y pairs) overlap or touch? */
static int
polygons_meet(const double *a, size_t na, const double *b, size_t nb)
{
	size_t	 i, j;

	if (geom_point_in_polygon(a[0], a[1], b, nb) ||
	    geom_point_in_polygon(b[0], b[1], a, na))
		return 1;
	for (i = 0; i < na; i++)
		for (j = 0; j < nb; j++)
			if (segments_meet(&a[2 * i], &a[2 * ((i + 1) % na)],
			    &b[2 * j], &b[2 * ((j + 1) % nb)]))
				return 1;
	return 0;
}

static void
quays_free(struct lonlat_quay *q, size_t n)
{
	size_t	 i;

	for (i = 0; i < n; i++)
		free(q[i].pts);
	free(q);
}

/*
 * The site's quays that have map coordinates, in lon/lat. Quays drawn in
 * pixels cannot be compared with a footprint. 0, or -1 with the reason.
 */
static int
quays_lonlat(struct store *st, int64_t site_id, struct lonlat_quay **out,
    size_t *n, char *err, size_t errlen)
{
	struct store_quay	*q;
	size_t			 nq, i;

	*out = NULL;
	*n = 0;
	if (store_quay_list(st, site_id, &q, &nq, err, errlen) != 0)
		return -1;
	*out = xcalloc(nq + 1, sizeof **out);
	for (i = 0; i < nq; i++) {
		struct lonlat_quay	*l = &(*out)[*n];

		if (q[i].crs == NULL || q[i].npts < 3)
			continue;
		l->pts = xreallocarray(NULL, q[i].npts, 2 * sizeof *l->pts);
		memcpy(l->pts, q[i].pts, q[i].npts * 2 * sizeof *l->pts);
		l->n = q[i].npts;
		if (render_crs_transform(q[i].crs, "EPSG:4326", l->pts, l->n,
		    err, errlen) != 0) {
			free(l->pts);
			store_quays_free(q, nq);
			quays_free(*out, *n);
			*out = NULL;
			*n = 0;
			return -1;
		}
		geom_bbox(l->pts, l->n, l->bbox);
		(*n)++;
	}
	store_quays_free(q, nq);
	return 0;
}

static int
item_touches(const struct stac_item *it, const struct lonlat_quay *q,
    size_t nq)
{
	size_t	 i;

	if (!it->has_bbox)
		return 1;	/* no footprint: cannot tell, so keep it */
	for (i = 0; i < nq; i++)
		if (bbox_meet(it->bbox, q[i].bbox) && (it->npoly < 3 ||
		    polygons_meet(it->poly, it->npoly, q[i].pts, q[i].n)))
			return 1;
	return 0;
}

/* store_stac's fields point into the item read (no copies). */
static void
item_to_ingest(const struct stac_item *it, struct ingest_item *ii)
{
	memset(ii, 0, sizeof *ii);
	ii->href = it->href;
	ii->has_when = it->has_when;
	ii->when = it->when;
	ii->stac.item_id = it->id;
	ii->stac.collection = it->collection;
	ii->stac.platform = it->platform;
	ii->stac.constellation = it->constellation;
	ii->stac.cloud_cover = it->cloud_cover;
	ii->stac.off_nadir = it->off_nadir;
	ii->stac.asset = it->asset;
	ii->stac.source = it->source;
}

/*
 * Catalog into site the assets of the STAC document at source (and any
 * paths given too). Per-item problems go to stderr; counts to *out.
 */
int
cmd_ingest_stac(struct store *st, const char *site, int has_date,
    int64_t date, const char *source, const char *asset, char **paths,
    int npaths, struct ingest_counts *out)
{
	struct stac_read	 r;
	struct lonlat_quay	*q = NULL;
	struct ingest_item	*items;
	struct buf		 line;
	char			 err[CMD_ERRLEN];
	int64_t			 site_id;
	size_t			 nq = 0, i, n = 0, away = 0;
	int			 rc;

	memset(out, 0, sizeof *out);
	if (store_site_ensure(st, site, &site_id, err, sizeof err) != 0)
		return cmd_error("%s", err);
	if (quays_lonlat(st, site_id, &q, &nq, err, sizeof err) != 0)
		return cmd_error("quays of \"%s\": %s", site, err);
	if (export_stac_read(source, asset, &r, err, sizeof err) != 0) {
		quays_free(q, nq);
		return cmd_error("%s", err);
	}
	for (i = 0; i < r.nnotes; i++)
		cmd_warn("%s", r.notes[i]);
	items = xcalloc(r.n + 1, sizeof *items);
	for (i = 0; i < r.n; i++) {
		if (nq > 0 && !item_touches(&r.items[i], q, nq)) {
			away++;
			continue;
		}
		item_to_ingest(&r.items[i], &items[n++]);
	}
	buf_init(&line);
	buf_printf(&line, "stac: %zu item(s) in %zu document(s); %zu passed "
	    "over (footprint touches no quay of \"%s\")", r.n + r.no_asset,
	    r.docs, away, site);
	if (r.no_asset > 0)
		buf_printf(&line, "; %zu without asset \"%s\"", r.no_asset,
		    asset != NULL ? asset : "visual");
	if (r.problems > 0)
		buf_printf(&line, "; %zu unreadable", r.problems);
	if (nq == 0)
		buf_puts(&line, "; no quay in map coordinates, so footprints "
		    "were not checked");
	cmd_say(stdout, "%s", line.data);
	buf_free(&line);
	fflush(stdout);
	rc = cmd_ingest_items(st, site, has_date, date, paths, npaths, items, n,
	    out);
	out->skipped += r.problems;
	free(items);
	quays_free(q, nq);
	export_stac_free(&r);
	return rc;
}
