/*
 * stac.c: STAC documents in: an item, an item collection (a search saved
 * as GeoJSON, its "next" pages followed), a collection or a static
 * catalog (its child and item links followed), from a file or a URL.
 * Documents are fetched through render/'s VSI reader, so catalogs, items
 * and pixels share one HTTP stack and one set of credentials. Each item
 * becomes the asset to catalog (--asset NAME, or the visual/RGB COG) with
 * what the provider says of the scene. Problems with single items are
 * counted and noted, never fatal: a catalog of thousands is not refused
 * for one broken item.
 */
#include <jansson.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "export.h"
#include "../render/render.h"

#define STAC_MAX_DEPTH	32		/* catalogs inside catalogs */
#define STAC_MAX_DOCS	200000		/* documents one read may fetch */
#define STAC_MAX_NOTES	20		/* problems kept word for word */

struct walk {
	struct stac_read	*out;
	const char		*asset;
	char			**seen;		/* documents fetched, a set */
	size_t			 nseen, seencap;
};

static void
note(struct stac_read *r, const char *where, const char *what)
{
	char	*shown;

	r->problems++;
	if (r->nnotes >= STAC_MAX_NOTES)
		return;
	shown = url_redacted(where);
	r->notes = xreallocarray(r->notes, r->nnotes + 1, sizeof *r->notes);
	r->notes[r->nnotes] = NULL;
	{
		struct buf	 b;

		buf_init(&b);
		buf_printf(&b, "%s: %s", shown, what);
		r->notes[r->nnotes++] = buf_steal(&b);
	}
	free(shown);
}

/* Insert s into the visited set; whether it was there (FNV-1a, open
 * addressing, capacity a power of two). */
static int
seen_add(struct walk *w, const char *s)
{
	char		**old = w->seen;
	size_t		 oldcap = w->seencap, i;
	uint64_t	 h = 1469598103934665603ull;
	const char	*p;

	if (2 * (w->nseen + 1) > w->seencap) {
		w->seencap = oldcap ? oldcap * 2 : 256;
		w->seen = xcalloc(w->seencap, sizeof *w->seen);
		w->nseen = 0;
		for (i = 0; i < oldcap; i++)
			if (old[i] != NULL) {
				seen_add(w, old[i]);
				free(old[i]);
			}
		free(old);
	}
	for (p = s; *p != '\0'; p++)
		h = (h ^ (unsigned char)*p) * 1099511628211ull;
	for (i = (size_t)h & (w->seencap - 1);; i = (i + 1) &
	    (w->seencap - 1)) {
		if (w->seen[i] == NULL)
			break;
		if (strcmp(w->seen[i], s) == 0)
			return 1;
	}
	w->seen[i] = xstrdup(s);
	w->nseen++;
	return 0;
}

/*
 * href resolved against the document it came from: absolute URLs and
 * paths stay; "a/b.json", "./b.json" and "../b.json" are joined to the
 * base's folder. The caller frees the result.
 */
char *
export_stac_resolve(const char *base, const char *href)
{
	struct buf	 b;
	const char	*slash, *root, *s;
	size_t		 keep;

	if (strstr(href, "://") != NULL)
		return xstrdup(href);
	s = strstr(base, "://");
	root = s != NULL ? strchr(s + 3, '/') : base;	/* path starts */
	if (href[0] == '/') {	/* the host's root, or a local path */
		if (s == NULL)
			return xstrdup(href);
		buf_init(&b);
		buf_add(&b, base, root != NULL ? (size_t)(root - base) :
		    strlen(base));
		buf_puts(&b, href);
		return buf_steal(&b);
	}
	slash = strrchr(base, '/');
	keep = slash != NULL ? (size_t)(slash - base) + 1 : 0;
	while (strncmp(href, "./", 2) == 0 || strncmp(href, "../", 3) == 0) {
		if (href[1] == '/') {
			href += 2;
			continue;
		}
		href += 3;
		/* drop the last folder of base[0..keep), not past the root */
		if (keep > 1 && (root == NULL || base + keep - 1 > root)) {
			keep--;
			while (keep > 0 && base[keep - 1] != '/')
				keep--;
		}
	}
	buf_init(&b);
	buf_add(&b, base, keep);
	buf_puts(&b, href);
	return buf_steal(&b);
}

static char *
str_or_null(json_t *o, const char *key)
{
	const char	*s = json_string_value(json_object_get(o, key));

	return s != NULL ? xstrdup(s) : NULL;
}

static double
num_or_nan(json_t *o, const char *key)
{
	json_t	*v = json_object_get(o, key);

	return json_is_number(v) ? json_number_value(v) : NAN;
}

/* Does asset a say it is the picture to look at? */
static int
asset_is_visual(json_t *a)
{
	json_t		*roles = json_object_get(a, "roles"), *r;
	size_t		 i;

	json_array_foreach(roles, i, r)
		if (json_is_string(r) && (strcmp(json_string_value(r),
		    "visual") == 0 || strcmp(json_string_value(r),
		    "overview") == 0))
			return 1;
	return 0;
}

static int
asset_is_tiff(json_t *a)
{
	const char	*t = json_string_value(json_object_get(a, "type"));

	return t != NULL && strstr(t, "image/tiff") != NULL;
}

/*
 * The asset key to catalog: the one asked for; else "visual", then one
 * with the visual role, then "rgb", then the first GeoTIFF. NULL: none.
 */
static const char *
pick_asset(json_t *assets, const char *want)
{
	static const char *const names[] = { "visual", "rgb", "RGB",
	    "TCI", "image" };
	const char	*key;
	json_t		*a;
	size_t		 i;

	if (want != NULL)
		return json_object_get(assets, want) != NULL ? want : NULL;
	for (i = 0; i < QM_NELEM(names); i++)
		if (json_is_object(json_object_get(assets, names[i])))
			return names[i];
	json_object_foreach(assets, key, a)
		if (asset_is_visual(a) && asset_is_tiff(a))
			return key;
	json_object_foreach(assets, key, a)
		if (asset_is_tiff(a))
			return key;
	return NULL;
}

/* The footprint: bbox (2-D or 3-D) and the outer ring of the geometry. */
static void
item_footprint(json_t *item, struct stac_item *it)
{
	json_t	*bbox = json_object_get(item, "bbox");
	json_t	*geom = json_object_get(item, "geometry"), *ring, *pt;
	const char *type = json_string_value(json_object_get(geom, "type"));
	size_t	 n = json_array_size(bbox), i, half = n / 2;

	if ((n == 4 || n == 6) && json_is_number(json_array_get(bbox, 0))) {
		it->bbox[0] = json_number_value(json_array_get(bbox, 0));
		it->bbox[1] = json_number_value(json_array_get(bbox, 1));
		it->bbox[2] = json_number_value(json_array_get(bbox, half));
		it->bbox[3] = json_number_value(json_array_get(bbox,
		    half + 1));
		it->has_bbox = 1;
	}
	ring = json_array_get(json_object_get(geom, "coordinates"), 0);
	if (type != NULL && strcmp(type, "MultiPolygon") == 0)
		ring = json_array_get(ring, 0);
	else if (type == NULL || strcmp(type, "Polygon") != 0)
		return;
	if ((n = json_array_size(ring)) < 3 || n > 100000)
		return;
	it->poly = xreallocarray(NULL, n, 2 * sizeof *it->poly);
	for (i = 0; i < n; i++) {
		pt = json_array_get(ring, i);
		it->poly[2 * i] = json_number_value(json_array_get(pt, 0));
		it->poly[2 * i + 1] = json_number_value(json_array_get(pt, 1));
	}
	it->npoly = n;
	if (!it->has_bbox) {
		geom_bbox(it->poly, n, it->bbox);
		it->has_bbox = 1;
	}
}

/* One STAC item (a GeoJSON Feature) from document `where`. */
static void
add_item(struct walk *w, json_t *item, const char *where)
{
	struct stac_read	*r = w->out;
	struct stac_item	 it;
	json_t			*props = json_object_get(item, "properties");
	json_t			*assets = json_object_get(item, "assets");
	const char		*id, *key, *href, *when;

	id = json_string_value(json_object_get(item, "id"));
	if (id == NULL || !json_is_object(props)) {
		note(r, where, "an item without an id or properties, passed "
		    "over");
		return;
	}
	if ((key = pick_asset(assets, w->asset)) == NULL ||
	    (href = json_string_value(json_object_get(json_object_get(assets,
	    key), "href"))) == NULL) {
		r->no_asset++;
		return;
	}
	memset(&it, 0, sizeof it);
	when = json_string_value(json_object_get(props, "datetime"));
	if (when == NULL)
		when = json_string_value(json_object_get(props,
		    "start_datetime"));
	if (when != NULL && date_parse(when, &it.when, NULL) == 0)
		it.has_when = 1;
	it.id = xstrdup(id);
	it.collection = str_or_null(item, "collection");
	it.platform = str_or_null(props, "platform");
	it.constellation = str_or_null(props, "constellation");
	it.cloud_cover = num_or_nan(props, "eo:cloud_cover");
	it.off_nadir = num_or_nan(props, "view:off_nadir");
	it.asset = xstrdup(key);
	it.href = export_stac_resolve(where, href);
	it.source = url_redacted(where);
	item_footprint(item, &it);
	if (r->n == r->cap) {
		r->cap = r->cap ? r->cap * 2 : 64;
		r->items = xreallocarray(r->items, r->cap, sizeof *r->items);
	}
	r->items[r->n++] = it;
}

static int	 walk_doc(struct walk *, const char *, int, char *, size_t);

/* Follow a document's links of the kinds given (child, item, next). */
static void
follow_links(struct walk *w, json_t *doc, const char *where, int depth,
    const char *const *rels, size_t nrels)
{
	json_t		*link;
	const char	*rel, *href;
	char		*url, e[1024];
	size_t		 i, k;

	json_array_foreach(json_object_get(doc, "links"), i, link) {
		rel = json_string_value(json_object_get(link, "rel"));
		href = json_string_value(json_object_get(link, "href"));
		if (rel == NULL || href == NULL)
			continue;
		for (k = 0; k < nrels; k++)
			if (strcmp(rel, rels[k]) == 0)
				break;
		if (k == nrels)
			continue;
		url = export_stac_resolve(where, href);
		if (walk_doc(w, url, depth + 1, e, sizeof e) != 0)
			note(w->out, url, e);
		free(url);
	}
}

/*
 * Read the document at `where` and what it leads to. -1 with the reason
 * only when this document itself cannot be read or understood.
 */
static int
walk_doc(struct walk *w, const char *where, int depth, char *err,
    size_t errlen)
{
	static const char *const cat_rels[] = { "child", "item" };
	static const char *const page_rels[] = { "next" };
	json_t		*doc, *f;
	json_error_t	 je;
	const char	*type;
	char		*data;
	size_t		 len, i;

	if (seen_add(w, where))
		return 0;	/* a catalog linking back to itself */
	if (depth > STAC_MAX_DEPTH || w->nseen > STAC_MAX_DOCS)
		return errf(err, errlen, "catalog nested too deep or too large "
		    "(more than %d levels or %d documents)", STAC_MAX_DEPTH,
		    STAC_MAX_DOCS);
	if (render_remote_fetch(where, &data, &len, err, errlen) != 0)
		return -1;
	w->out->docs++;
	doc = json_loadb(data, len, 0, &je);
	free(data);
	if (doc == NULL)
		return errf(err, errlen, "not JSON: line %d: %s", je.line,
		    je.text);
	type = json_string_value(json_object_get(doc, "type"));
	if (type == NULL) {
		json_decref(doc);
		return errf(err, errlen, "not a STAC document (no \"type\")");
	}
	if (strcmp(type, "Feature") == 0)
		add_item(w, doc, where);
	else if (strcmp(type, "FeatureCollection") == 0) {
		json_array_foreach(json_object_get(doc, "features"), i, f)
			add_item(w, f, where);
		follow_links(w, doc, where, depth, page_rels, 1);
	} else if (strcmp(type, "Catalog") == 0 ||
	    strcmp(type, "Collection") == 0)
		follow_links(w, doc, where, depth, cat_rels, 2);
	else {
		errf(err, errlen, "a \"%s\", not a STAC item, item collection, "
		    "collection or catalog", type);
		json_decref(doc);
		return -1;
	}
	json_decref(doc);
	return 0;
}

/*
 * Read the STAC document at source (file or URL) and everything it links
 * to, into *out (export_stac_free frees it). asset NULL: the visual/RGB
 * GeoTIFF of each item. 0, or -1 with "source: reason" when source
 * itself cannot be read; problems further down are counted in out.
 */
int
export_stac_read(const char *source, const char *asset, struct stac_read *out,
    char *err, size_t errlen)
{
	struct walk	 w;
	char		 e[1024], *shown;
	size_t		 i;
	int		 rc;

	memset(out, 0, sizeof *out);
	memset(&w, 0, sizeof w);
	w.out = out;
	w.asset = asset;
	rc = walk_doc(&w, source, 0, e, sizeof e);
	for (i = 0; i < w.seencap; i++)
		free(w.seen[i]);
	free(w.seen);
	if (rc != 0) {
		shown = url_redacted(source);
		/* fetch errors name the source already */
		if (strncmp(e, shown, strlen(shown)) == 0)
			errf(err, errlen, "%s", e);
		else
			errf(err, errlen, "%s: %s", shown, e);
		free(shown);
		export_stac_free(out);
		return -1;
	}
	return 0;
}

void
export_stac_free(struct stac_read *r)
{
	size_t	 i;

	for (i = 0; i < r->n; i++) {
		free(r->items[i].id);
		free(r->items[i].collection);
		free(r->items[i].platform);
		free(r->items[i].constellation);
		free(r->items[i].asset);
		free(r->items[i].href);
		free(r->items[i].source);
		free(r->items[i].poly);
	}
	free(r->items);
	for (i = 0; i < r->nnotes; i++)
		free(r->notes[i]);
	free(r->notes);
	memset(r, 0, sizeof *r);
}
