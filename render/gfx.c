/*
 * gfx.c: what the three pixel protocols (kitty graphics, sixel, iTerm2
 * inline images) share: their names, PNG in memory (kitty and iTerm2 carry
 * PNG payloads), base64, and tmux's passthrough wrapping. The encoders
 * themselves are in sixel.c, kitty.c and iterm.c; none of them prints,
 * they append to a caller's buffer.
 */
#include <png.h>
#include <zlib.h>
#include <setjmp.h>
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
png_to_buf(png_structp png, png_bytep data, png_size_t n)
{
	buf_add(png_get_io_ptr(png), data, n);
}

static void
png_flush_none(png_structp png)
{
	(void)png;
}

/*
 * w x h RGB pixels as a PNG, appended to out. Level 1 with the Up filter:
 * imagery rows resemble the row above, and a terminal picture is made at
 * every pan, so speed counts as much as the last few percent of size.
 */
int
gfx_png(const uint8_t *rgb, int w, int h, struct buf *out, char *err,
    size_t errlen)
{
	png_structp	 png;
	png_infop	 info;
	volatile int	 ok = 0;
	int		 y;

	if (w <= 0 || h <= 0 || w > GFX_MAX_SIDE || h > GFX_MAX_SIDE)
		return errf(err, errlen, "bad picture size %d x %d", w, h);
	png = png_create_write_struct(PNG_LIBPNG_VER_STRING, NULL, NULL, NULL);
	info = png ? png_create_info_struct(png) : NULL;
	if (png == NULL || info == NULL) {
		png_destroy_write_struct(&png, &info);
		return errf(err, errlen, "out of memory");
	}
	if (setjmp(png_jmpbuf(png)) == 0) {
		png_set_write_fn(png, out, png_to_buf, png_flush_none);
		png_set_compression_level(png, 1);
		png_set_filter(png, PNG_FILTER_TYPE_BASE, PNG_FILTER_UP);
		png_set_IHDR(png, info, (png_uint_32)w, (png_uint_32)h, 8,
		    PNG_COLOR_TYPE_RGB, PNG_INTERLACE_NONE,
		    PNG_COMPRESSION_TYPE_DEFAULT, PNG_FILTER_TYPE_DEFAULT);
		png_write_info(png, info);
		for (y = 0; y < h; y++)
			png_write_row(png, (png_const_bytep)(rgb +
			    (size_t)y * (size_t)w * 3));
		png_write_end(png, info);
		ok = 1;
	}
	png_destroy_write_struct(&png, &info);
	return ok ? 0 : errf(err, errlen, "PNG encoding failed");
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
