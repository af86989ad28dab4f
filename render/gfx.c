/*
 * gfx.c: what the three pixel protocols (kitty graphics, sixel, iTerm2
 * inline images) share: their names, PNG in memory (kitty and iTerm2 carry
 * PNG payloads, deflated by libdeflate), base64, and tmux's passthrough
 * wrapping. The encoders themselves are in sixel.c, kitty.c and iterm.c;
 * none of them prints, they append to a caller's buffer.
 */
#include <libdeflate.h>
#include <stdlib.h>
#include <string.h>

#include "render.h"

static const struct {
	const char	*name;
	int		 proto;
} protos[] = {
	{ "cells", GFX_CELLS },
	{ "kitty", GFX_KITTY },
	{ "sixel", GFX_SIXEL },
	{ "iterm", GFX_ITERM },
};

/* "kitty" to GFX_KITTY; -1 for anything else. */
int
gfx_parse(const char *s)
{
	size_t	 i;

	for (i = 0; s != NULL && i < sizeof protos / sizeof protos[0]; i++)
		if (strcmp(s, protos[i].name) == 0)
			return protos[i].proto;
	return -1;
}

const char *
gfx_name(int proto)
{
	size_t	 i;

	for (i = 0; i < sizeof protos / sizeof protos[0]; i++)
		if (protos[i].proto == proto)
			return protos[i].name;
	return "cells";
}

static void
put_be32(uint8_t *b, uint32_t v)
{
	b[0] = (uint8_t)(v >> 24);
	b[1] = (uint8_t)(v >> 16);
	b[2] = (uint8_t)(v >> 8);
	b[3] = (uint8_t)v;
}

/* A PNG chunk: length, type, data, CRC of type and data. */
static void
png_chunk(struct buf *out, const char *type, const uint8_t *p, size_t n)
{
	uint8_t	 b[4];
	uint32_t crc;

	put_be32(b, (uint32_t)n);
	buf_add(out, b, 4);
	buf_add(out, type, 4);
	buf_add(out, p, n);
	crc = libdeflate_crc32(libdeflate_crc32(0, type, 4), p, n);
	put_be32(b, crc);
	buf_add(out, b, 4);
}

static int	 png_finish(struct gfx_work *, struct gfx_work *, int, int,
		    int, struct buf *, char *, size_t);

/*
 * w x h RGB pixels as a PNG, appended to out: rows unfiltered, one IDAT
 * deflated by libdeflate at level 1. A terminal picture is made at every
 * pan or date, so speed counts: this takes under half the time of zlib's
 * level 1 with the Up filter, and is a third smaller (magnified pictures
 * repeat pixels along a row, which the matcher finds without a filter;
 * bench/pixels prints both). The
 * buffers of wk (NULL: none kept) are reused between pictures.
 */
int
gfx_png_work(struct gfx_work *wk, const uint8_t *rgb, int w, int h,
    struct buf *out, char *err, size_t errlen)
{
	struct gfx_work	 tmp;
	size_t		 row = (size_t)w * 3;
	int		 y;

	if (w <= 0 || h <= 0 || w > GFX_MAX_SIDE || h > GFX_MAX_SIDE)
		return errf(err, errlen, "bad picture size %d x %d", w, h);
	memset(&tmp, 0, sizeof tmp);
	if (wk == NULL)
		wk = &tmp;
	wk->raw = xscratch(wk->raw, &wk->nraw, (row + 1) * (size_t)h, 1);
	for (y = 0; y < h; y++) {
		wk->raw[(row + 1) * (size_t)y] = 0;	/* filter: none */
		memcpy(wk->raw + (row + 1) * (size_t)y + 1, rgb + row *
		    (size_t)y, row);
	}
	return png_finish(wk, &tmp, w, h, 3, out, err, errlen);
}

/*
 * The same for a picture laid over another (kitty: a strip over the
 * picture it holds): RGBA, each pixel of rgb that differs from under's
 * opaque, the rest transparent (and zero, so the runs deflate to
 * nothing): only what changed, whatever the band's size.
 */
int
gfx_png_over(struct gfx_work *wk, const uint8_t *rgb, const uint8_t *under,
    int w, int h, struct buf *out, char *err, size_t errlen)
{
	struct gfx_work	 tmp;
	size_t		 row = (size_t)w * 4 + 1, i, n = (size_t)w * (size_t)h;
	uint8_t		*d;

	if (w <= 0 || h <= 0 || w > GFX_MAX_SIDE || h > GFX_MAX_SIDE)
		return errf(err, errlen, "bad picture size %d x %d", w, h);
	memset(&tmp, 0, sizeof tmp);
	if (wk == NULL)
		wk = &tmp;
	wk->raw = xscratch(wk->raw, &wk->nraw, row * (size_t)h, 1);
	d = wk->raw;
	for (i = 0; i < n; i++, rgb += 3, under += 3) {
		if (i % (size_t)w == 0)
			*d++ = 0;			/* filter: none */
		if (memcmp(rgb, under, 3) != 0) {
			memcpy(d, rgb, 3);
			d[3] = 255;
		} else
			memset(d, 0, 4);
		d += 4;
	}
	return png_finish(wk, &tmp, w, h, 4, out, err, errlen);
}

/* wk->raw's rows (filter bytes in) deflated into a PNG of ch channels
 * (3: RGB, 4: RGBA) appended to out; tmp freed when it was wk. */
static int
png_finish(struct gfx_work *wk, struct gfx_work *tmp, int w, int h, int ch,
    struct buf *out, char *err, size_t errlen)
{
	uint8_t		 ihdr[13];
	size_t		 n = ((size_t)w * (size_t)ch + 1) * (size_t)h, z = 0;

	if (wk->deflate == NULL)
		wk->deflate = libdeflate_alloc_compressor(1);
	if (wk->deflate != NULL) {
		z = libdeflate_zlib_compress_bound(wk->deflate, n);
		wk->z = xscratch(wk->z, &wk->nz, z, 1);
		z = libdeflate_zlib_compress(wk->deflate, wk->raw, n, wk->z,
		    wk->nz);
	}
	if (z == 0) {
		gfx_work_free(tmp);
		return errf(err, errlen, "PNG encoding failed");
	}
	buf_add(out, "\x89PNG\r\n\x1a\n", 8);
	put_be32(ihdr, (uint32_t)w);
	put_be32(ihdr + 4, (uint32_t)h);
	ihdr[8] = 8;		/* bits a channel */
	ihdr[9] = ch == 4 ? 6 : 2;	/* RGBA or RGB */
	ihdr[10] = ihdr[11] = ihdr[12] = 0;
	png_chunk(out, "IHDR", ihdr, sizeof ihdr);
	png_chunk(out, "IDAT", wk->z, z);
	png_chunk(out, "IEND", NULL, 0);
	gfx_work_free(tmp);
	return 0;
}

int
gfx_png(const uint8_t *rgb, int w, int h, struct buf *out, char *err,
    size_t errlen)
{
	return gfx_png_work(NULL, rgb, w, h, out, err, errlen);
}

void
gfx_work_free(struct gfx_work *wk)
{
	if (wk->deflate != NULL)
		libdeflate_free_compressor(wk->deflate);
	free(wk->raw);
	free(wk->z);
	free(wk->index);
	free(wk->bx);
	free(wk->bbits);
	free(wk->scratch);
	memset(wk, 0, sizeof *wk);
}

/* n bytes as base64 (RFC 4648, with padding), appended to out, through a
 * block on the stack: pictures are megabytes, a call per quad is slow. */
void
gfx_base64(struct buf *out, const uint8_t *p, size_t n)
{
	static const char	 a[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
	    "abcdefghijklmnopqrstuvwxyz0123456789+/";
	char			 q[4096];
	uint32_t		 v;
	size_t			 i, k = 0;

	for (i = 0; i + 3 <= n; i += 3) {
		v = (uint32_t)p[i] << 16 | (uint32_t)p[i + 1] << 8 | p[i + 2];
		q[k] = a[v >> 18];
		q[k + 1] = a[(v >> 12) & 63];
		q[k + 2] = a[(v >> 6) & 63];
		q[k + 3] = a[v & 63];
		if ((k += 4) == sizeof q) {
			buf_add(out, q, k);
			k = 0;
		}
	}
	if (i < n) {
		v = (uint32_t)p[i] << 16 | (i + 1 < n ? (uint32_t)p[i + 1] << 8 :
		    0);
		q[k] = a[v >> 18];
		q[k + 1] = a[(v >> 12) & 63];
		q[k + 2] = i + 1 < n ? a[(v >> 6) & 63] : '=';
		q[k + 3] = '=';
		k += 4;
	}
	buf_add(out, q, k);
}

/*
 * The escape sequence seq (n bytes) for a terminal inside tmux: tmux
 * passes a DCS "tmux;" string's contents to its own terminal when
 * allow-passthrough is on, with every ESC inside doubled.
 */
void
gfx_tmux_wrap(struct buf *out, const char *seq, size_t n)
{
	size_t	 i, start = 0;

	buf_puts(out, "\033Ptmux;");
	for (i = 0; i < n; i++)
		if (seq[i] == '\033') {
			buf_add(out, seq + start, i + 1 - start);
			buf_putc(out, '\033');
			start = i + 1;
		}
	buf_add(out, seq + start, n - start);
	buf_puts(out, "\033\\");
}
