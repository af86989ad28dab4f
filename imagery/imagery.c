/*
 * imagery.c: an image ready for the screen: its raster opened, its
 * contrast stretch taken from the store or computed once and kept there,
 * and its marks turned into overlays in their class colours.
 */
#include <sys/stat.h>

#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "imagery.h"
#include "../util/util.h"

int
class_rgb(const char *hex, uint8_t *rgb)
{
	unsigned int	 v;
	size_t		 i;

	if (hex == NULL || hex[0] != '#' || strlen(hex) != 7)
		goto fallback;
	for (i = 1; i < 7; i++)
		if (!isxdigit((unsigned char)hex[i]))
			goto fallback;
	v = (unsigned int)strtoul(hex + 1, NULL, 16);
	rgb[0] = (uint8_t)(v >> 16);
	rgb[1] = (uint8_t)(v >> 8);
	rgb[2] = (uint8_t)v;
	return 0;
fallback:
	rgb[0] = rgb[1] = rgb[2] = 255;
	return -1;
}

/* "3,2,1" or "1" into band[] and *n. */
int
imagery_parse_bands(const char *s, int *band, int *n)
{
	double	 v[3];

	if (num_parse_list(s, v, 3) == 0) {
		*n = 3;
	} else if (num_parse_list(s, v, 1) == 0) {
		*n = 1;
	} else
		return -1;
	for (int i = 0; i < *n; i++) {
		if (v[i] < 1 || v[i] > RENDER_MAX_BANDS || v[i] != (int)v[i])
			return -1;
		band[i] = (int)v[i];
	}
	return 0;
}

static int
open_common(const char *path, const int *band, int nband, struct imagery *im,
    char *err, size_t errlen)
{
	int	 def[3];

	memset(im, 0, sizeof *im);
	if ((im->r = render_open(path, err, errlen)) == NULL)
		return -1;
	if (band == NULL) {
		nband = raster_default_bands(im->r, def);
		band = def;
	}
	if (raster_check_bands(im->r, band, nband, err, errlen) != 0) {
		imagery_close(im);
		return -1;
	}
	im->stretch.nbands = nband;
	memcpy(im->stretch.band, band, (size_t)nband * sizeof *band);
	return 0;
}

static int
same_bands(const struct stretch *a, const struct stretch *b)
{
	return a->nbands == b->nbands &&
	    memcmp(a->band, b->band, (size_t)a->nbands * sizeof *a->band) == 0;
}

/* A file outside the catalog: the stretch is computed, not kept. */
int
imagery_open_file(const char *path, const int *band, int nband,
    struct imagery *im, char *err, size_t errlen)
{
	char	 e[512];

	if (open_common(path, band, nband, im, err, errlen) != 0)
		return -1;
	if (raster_compute_stretch(im->r, im->stretch.band, im->stretch.nbands,
	    &im->stretch, e, sizeof e) != 0) {
		imagery_close(im);
		return errf(err, errlen, "%s: %s", path, e);
	}
	return 0;
}

/*
 * The remote object's fingerprint from its headers (one HEAD request,
 * answered from GDAL's cache when seen before): a rewritten object
 * (another ETag or size) is not shown under the old one's marks. With
 * the network gone, the headers of the version cached stand in.
 */
static int
same_remote(const char *path, const char *want, char *err, size_t errlen)
{
	struct render_remote	 rs;
	char			 hash[SHA256_HEX_LEN], name[256];
	int			 offline;

	if (render_remote_look(path, &rs, &offline, err, errlen) != 0)
		return -1;
	if (want == NULL || *want == '\0')
		return 0;
	render_remote_fingerprint(path, &rs, hash);
	if (strcmp(hash, want) != 0) {
		url_name(path, name, sizeof name);
		return errf(err, errlen, "%s: not the object catalogued (it "
		    "changed since ingest; ingest it again to accept it)",
		    name);
	}
	return 0;
}

/*
 * Is the file at the image's path still the one catalogued? Its
 * fingerprint (taken at ingest) is compared before a pixel is shown: a
 * file replaced by another image under the same name would otherwise be
 * marked as if it were the first, and the marks would describe the wrong
 * picture. The file is checked to be a regular one first (no waiting on
 * a FIFO). 0, or -1 with the reason.
 */
int
imagery_check(const char *path, const char *want, char *err, size_t errlen)
{
	struct stat	 sb;
	char		 hash[SHA256_HEX_LEN];

	if (url_is_remote(path))
		return same_remote(path, want, err, errlen);
	if (render_guard(path, err, errlen) != 0)
		return -1;
	if (want == NULL || *want == '\0')
		return 0;	/* catalogued before fingerprints */
	if (stat(path, &sb) != 0 || file_fingerprint(path,
	    (int64_t)sb.st_size, hash) != 0)
		return errf(err, errlen, "%s: %s", path, strerror(errno));
	if (strcmp(hash, want) != 0)
		return errf(err, errlen, "%s: not the file catalogued (its "
		    "content changed since ingest; ingest it again to accept "
		    "it)", path_base(path));	/* the reason must fit in
						   the pane */
	return 0;
}

/*
 * A catalogued image. The stretch of its default bands is computed once
 * and stored with the image (where the store is writable), so every later
 * session and every analyst gets it for free.
 */
int
imagery_open(struct store *st, int64_t id, const int *band, int nband,
    struct imagery *im, char *err, size_t errlen)
{
	struct store_image	 row;
	struct stretch		 cached;
	char			*json, e[256];

	if (store_image_get(st, id, &row, err, errlen) != 0)
		return -1;
	if (imagery_check(row.path, row.hash, err, errlen) != 0 ||
	    open_common(row.path, band, nband, im, err, errlen) != 0) {
		store_image_clear(&row);
		return -1;
	}
	im->image_id = id;
	if (row.stretch != NULL && render_stretch_parse(row.stretch, &cached)
	    == 0 && same_bands(&cached, &im->stretch)) {
		im->stretch = cached;
		store_image_clear(&row);
		return 0;
	}
	store_image_clear(&row);
	if (raster_compute_stretch(im->r, im->stretch.band, im->stretch.nbands,
	    &im->stretch, err, errlen) != 0) {
		imagery_close(im);
		return -1;
	}
	if (band == NULL && !store_readonly(st) &&
	    (json = render_stretch_json(&im->stretch)) != NULL) {
		store_image_set_stretch(st, id, json, e, sizeof e);
		free(json);
	}
	return 0;
}

void
imagery_close(struct imagery *im)
{
	render_close(im->r);
	memset(im, 0, sizeof *im);
}

/*
 * The live marks of an image as overlays (labels point into *marks; free
 * both with free(*ov) and store_marks_free).
 */
int
imagery_overlays(struct store *st, int64_t image_id, struct store_mark **marks,
    size_t *n, struct overlay_mark **ov, char *err, size_t errlen)
{
	struct store_class	*cls;
	size_t			 ncls, i, k;

	if (store_mark_list_image(st, image_id, marks, n, err, errlen) != 0)
		return -1;
	if (store_class_list(st, &cls, &ncls, err, errlen) != 0) {
		store_marks_free(*marks, *n);
		return -1;
	}
	*ov = xcalloc(*n ? *n : 1, sizeof **ov);
	for (i = 0; i < *n; i++) {
		struct store_mark	*m = &(*marks)[i];

		(*ov)[i].kind = m->kind;
		(*ov)[i].cx = m->cx;
		(*ov)[i].cy = m->cy;
		(*ov)[i].w = m->w;
		(*ov)[i].h = m->h;
		(*ov)[i].angle = m->angle;
		(*ov)[i].label = m->name != NULL ? m->name : m->class_name;
		(*ov)[i].dashed = m->proposal;
		class_rgb(NULL, (*ov)[i].rgb);
		for (k = 0; k < ncls; k++)
			if (cls[k].id == m->class_id)
				class_rgb(cls[k].colour, (*ov)[i].rgb);
	}
	store_classes_free(cls, ncls);
	return 0;
}
