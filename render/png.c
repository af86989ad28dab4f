/*
 * png.c: PNG files through libpng: snapshots, charts, chips and demo
 * scenes out; and back in for tests. Written without a time chunk, so the
 * same pixels give the same bytes.
 */
#include <png.h>
#include <zlib.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "render.h"
#include "../util/util.h"

#define PNG_MAX_SIDE 100000

/*
 * Write w x h pixels of `channels` (1 gray, 3 RGB, 4 RGBA) 8-bit samples
 * to path, through a temporary file renamed into place.
 */
int
render_png_write(const char *path, int w, int h, int channels,
    const uint8_t *pix, char *err, size_t errlen)
{
	png_structp	 png;
	png_infop	 info;
	FILE		*fp;
	char		 real[4096], tmp[4200];
	int		 y, type;
	volatile int	 ok = 0;

	if (w <= 0 || h <= 0 || w > PNG_MAX_SIDE || h > PNG_MAX_SIDE)
		return errf(err, errlen, "%s: bad size %d x %d", path, w, h);
	type = channels == 1 ? PNG_COLOR_TYPE_GRAY : channels == 3 ?
	    PNG_COLOR_TYPE_RGB : channels == 4 ? PNG_COLOR_TYPE_RGBA : -1;
	if (type < 0)
		return errf(err, errlen, "%s: %d channels", path, channels);
	if (path_write_target(path, real, sizeof real, err, errlen) != 0)
		return -1;
	if (xsnprintf(tmp, sizeof tmp, "%s.part", real) != 0)
		return errf(err, errlen, "%s: path too long", path);
	if ((fp = fopen(tmp, "wb")) == NULL)
		return errf(err, errlen, "%s: cannot create", path);
	png = png_create_write_struct(PNG_LIBPNG_VER_STRING, NULL, NULL, NULL);
	info = png ? png_create_info_struct(png) : NULL;
	if (png == NULL || info == NULL) {
		png_destroy_write_struct(&png, &info);
		fclose(fp);
		unlink(tmp);
		return errf(err, errlen, "%s: out of memory", path);
	}
	if (setjmp(png_jmpbuf(png)) == 0) {
		png_init_io(png, fp);
		/* fast: one cheap filter (Sub suits photographs) and Huffman
		 * coding alone: most of deflate's gain on imagery at a
		 * fraction of its time (chips are written by the thousand) */
		png_set_compression_level(png, 1);
		png_set_compression_strategy(png, Z_HUFFMAN_ONLY);
		png_set_filter(png, PNG_FILTER_TYPE_BASE, PNG_FILTER_SUB);
		png_set_IHDR(png, info, (png_uint_32)w, (png_uint_32)h, 8, type,
		    PNG_INTERLACE_NONE, PNG_COMPRESSION_TYPE_DEFAULT,
		    PNG_FILTER_TYPE_DEFAULT);
		png_write_info(png, info);
		for (y = 0; y < h; y++)
			png_write_row(png, pix + (size_t)y * (size_t)w *
			    (size_t)channels);
		png_write_end(png, info);
		ok = 1;
	}
	png_destroy_write_struct(&png, &info);
	if (fclose(fp) != 0)
		ok = 0;
	if (!ok || rename(tmp, real) != 0) {
		unlink(tmp);
		return errf(err, errlen, "%s: cannot write (disk full?)", path);
	}
	return 0;
}

/* Read a PNG as 8-bit RGB (*pix is the caller's to free). */
int
render_png_read(const char *path, int *w, int *h, uint8_t **pix, char *err,
    size_t errlen)
{
	png_image	 im;
	size_t		 size;
	uint8_t		*buf;

	memset(&im, 0, sizeof im);
	im.version = PNG_IMAGE_VERSION;
	if (!png_image_begin_read_from_file(&im, path))
		return errf(err, errlen, "%s: %s", path, im.message);
	im.format = PNG_FORMAT_RGB;
	if (im.width > PNG_MAX_SIDE || im.height > PNG_MAX_SIDE ||
	    size_mul3(im.width, im.height, 3, &size) != 0 ||
	    (buf = malloc(size)) == NULL) {
		png_image_free(&im);
		return errf(err, errlen, "%s: too large", path);
	}
	if (!png_image_finish_read(&im, NULL, buf, 0, NULL)) {
		free(buf);
		return errf(err, errlen, "%s: %s", path, im.message);
	}
	*w = (int)im.width;
	*h = (int)im.height;
	*pix = buf;
	return 0;
}
