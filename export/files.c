/*
 * files.c: what every writer needs: folders made, images placed beside
 * their labels (linked, copied, or left out), files written whole (a
 * temporary name, then rename, so a full disk never leaves half a file
 * under the real name), numbers as short exact text, mark corners.
 */
#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "export.h"
#include "../render/render.h"

/* mkdir -p */
int
export_mkdirs(const char *path, char *err, size_t errlen)
{
	char	 buf[4096], *p;

	if (snprintf(buf, sizeof buf, "%s", path) >= (int)sizeof buf)
		return errf(err, errlen, "%s: path too long", path);
	for (p = buf + 1; ; p++) {
		if (*p == '/' || *p == '\0') {
			char	 c = *p;

			*p = '\0';
			if (mkdir(buf, 0777) != 0 && errno != EEXIST)
				return errf(err, errlen, "%s: %s", buf,
				    strerror(errno));
			*p = c;
			if (c == '\0')
				break;
		}
	}
	return 0;
}

/* The file name without folder and extension. */
void
export_stem(const char *name, char *out, size_t len)
{
	const char	*base = strrchr(name, '/') ? strrchr(name, '/') + 1 :
			    name;
	char		*dot;

	snprintf(out, len, "%s", base);
	if ((dot = strrchr(out, '.')) != NULL && dot != out)
		*dot = '\0';
}

/*
 * v with at most decimals (0 to 9) digits after the point, trailing zeros
 * dropped: labels in thousandths of a pixel read back to the same text.
 * Integer arithmetic, not printf: exports write millions of these.
 */
void
export_num(char *out, size_t len, double v, int decimals)
{
	static const double	 scale[10] = { 1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6,
				     1e7, 1e8, 1e9 };
	char			 tmp[48], *p = tmp + sizeof tmp;
	long long		 r, ip, fp, div;
	int			 neg, d, n;

	if (decimals < 0 || decimals > 9 || !isfinite(v) ||
	    fabs(v) * scale[decimals] > 9e17) {
		snprintf(out, len, "%.*g", 17, v);
		return;
	}
	r = llround(v * scale[decimals]);
	neg = r < 0;
	if (neg)
		r = -r;
	div = (long long)scale[decimals];
	ip = r / div;
	fp = r % div;
	*--p = '\0';
	/* the fraction, without its trailing zeros */
	d = decimals;
	while (d > 0 && fp % 10 == 0) {
		fp /= 10;
		d--;
	}
	if (d > 0) {
		for (n = 0; n < d; n++) {
			*--p = (char)('0' + fp % 10);
			fp /= 10;
		}
		*--p = '.';
	}
	do {
		*--p = (char)('0' + ip % 10);
		ip /= 10;
	} while (ip > 0);
	if (neg)
		*--p = '-';
	n = (int)(tmp + sizeof tmp - 1 - p);
	if ((size_t)n >= len)
		n = (int)len - 1;
	memcpy(out, p, (size_t)n);
	out[n] = '\0';
}

/* A whole number, without printf (see export_num). */
void
export_int(struct buf *b, long long v)
{
	char			 tmp[24], *p = tmp + sizeof tmp;
	unsigned long long	 u = v < 0 ? 0ULL - (unsigned long long)v :
				     (unsigned long long)v;

	do {
		*--p = (char)('0' + u % 10);
		u /= 10;
	} while (u > 0);
	if (v < 0)
		*--p = '-';
	buf_add(b, p, (size_t)(tmp + sizeof tmp - p));
}

/* Four corners (x, y pairs) clockwise from the box's own top left; a
 * point is a one-pixel box around it. */
void
export_corners(const struct store_mark *m, double *q)
{
	double	 w = m->kind == MARK_POINT ? 1 : m->w;
	double	 h = m->kind == MARK_POINT ? 1 : m->h;

	geom_corners(m->cx, m->cy, w, h, m->kind == MARK_RBOX ? m->angle : 0,
	    q);
}

/* The axis-aligned bounds: x0, y0, x1, y1. */
void
export_bounds(const struct store_mark *m, double *b)
{
	double	 q[8];
	int	 i;

	export_corners(m, q);
	b[0] = b[2] = q[0];
	b[1] = b[3] = q[1];
	for (i = 1; i < 4; i++) {
		b[0] = fmin(b[0], q[2 * i]);
		b[2] = fmax(b[2], q[2 * i]);
		b[1] = fmin(b[1], q[2 * i + 1]);
		b[3] = fmax(b[3], q[2 * i + 1]);
	}
}

/*
 * Write data to path whole (not synced: exports write thousands), or to
 * standard output for "-".
 */
int
export_write_file(const char *path, const char *data, size_t len, char *err,
    size_t errlen)
{
	if (strcmp(path, "-") == 0) {
		if (fwrite(data, 1, len, stdout) != len || fflush(stdout) != 0)
			return errf(err, errlen, "standard output: %s",
			    strerror(errno));
		return 0;
	}
	return file_write_whole(path, data, len, 0, err, errlen);
}

static int
copy_file(const char *from, const char *to, char *err, size_t errlen)
{
	char	*data;
	size_t	 len;
	int	 rc;

	if (file_read_all(from, (size_t)1 << 34, &data, &len, err, errlen) !=
	    0)
		return -1;
	rc = export_write_file(to, data, len, err, errlen);
	free(data);
	return rc;
}

/*
 * A remote image in an export: "copy" fetches it through GDAL; "link"
 * writes NAME.url holding its URL (a symbolic link cannot point at one),
 * redacted, since exports travel: an s3:// URL still works with the
 * reader's own credentials, a pre-signed one must be signed again.
 */
static int
place_remote(const char *url, const char *to, const char *mode, char *err,
    size_t errlen)
{
	char	 p[4096], *shown;
	int	 rc;

	if (mode != NULL && strcmp(mode, "copy") == 0)
		return render_remote_copy(url, to, err, errlen);
	if (xsnprintf(p, sizeof p, "%s.url", to) != 0)
		return errf(err, errlen, "%s: path too long", to);
	shown = url_redacted(url);
	rc = file_write_all(p, shown, strlen(shown), err, errlen);
	free(shown);
	return rc;
}

/*
 * Put image e into folder dir under its own name: a symbolic link to the
 * catalogued file (mode "link", the default), a copy ("copy"), or nothing
 * ("none"). Tiles are written where they belong already.
 */
int
export_place_image(struct export_image *e, const char *dir,
    const char *mode, char *err, size_t errlen)
{
	char	 to[4096];

	if (mode != NULL && strcmp(mode, "none") == 0 && !e->tile)
		return 0;
	if (xsnprintf(to, sizeof to, "%s/%s", dir, e->im.name) != 0)
		return errf(err, errlen, "%s: path too long", dir);
	if (strcmp(to, e->im.path) == 0)
		return 0;
	unlink(to);
	if (e->tile) {		/* a staged tile moves into place */
		if (rename(e->im.path, to) != 0)
			return errf(err, errlen, "%s: %s", to,
			    strerror(errno));
		free(e->im.path);
		e->im.path = xstrdup(to);
		return 0;
	}
	if (url_is_remote(e->im.path))
		return place_remote(e->im.path, to, mode, err, errlen);
	if (mode != NULL && strcmp(mode, "copy") == 0)
		return copy_file(e->im.path, to, err, errlen);
	if (symlink(e->im.path, to) != 0)
		return errf(err, errlen, "%s: %s", to, strerror(errno));
	return 0;
}
