/*
 * fuzz-raster.c: libFuzzer harness for the raster path: arbitrary bytes as
 * an image file (through GDAL's in-memory files), probed as ingest does,
 * then opened and read as the screen does, at fit and 1:1. Invariants: no
 * crash; a read either fails with a reason or fills the frame.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../render/gdal-api.h"
#include "../render/render.h"

int	LLVMFuzzerInitialize(int *, char ***);
int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	char	 err[256];

	(void)argc;
	(void)argv;
	if (render_init(err, sizeof err) != 0) {
		fprintf(stderr, "fuzz-raster: %s\n", err);
		exit(1);
	}
	return 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t len)
{
	static const char	 path[] = "/vsimem/fuzz.img";
	struct render_info	 ri;
	struct raster		*r;
	struct stretch		 s;
	struct viewport		 v;
	struct frame		 f;
	VSILFILE		*fp;
	char			 err[512];
	int			 band[3], nb, w, h;

	if (len > (1 << 20))
		return 0;
	fp = G(VSIFileFromMemBuffer)(path, (GByte *)(uintptr_t)data,
	    (vsi_l_offset)len, FALSE);
	if (fp == NULL)
		return 0;
	G(VSIFCloseL)(fp);
	if (render_probe(path, 0, &ri, err, sizeof err) == 0)
		render_info_clear(&ri);
	if ((r = render_open(path, err, sizeof err)) != NULL) {
		w = raster_width(r);
		h = raster_height(r);
		nb = raster_default_bands(r, band);
		raster_type_stretch(r, band, nb, &s);
		frame_init(&f);
		memset(&v, 0, sizeof v);
		v.cols = 40;
		v.rows = 12;
		view_fit(&v, w, h);
		if (render_read(r, &v, &s, &f, err, sizeof err) == 0 &&
		    (f.w != 40 || f.h != 24))
			abort();
		v.scale = 1;
		view_center(&v, w / 2.0, h / 2.0);
		(void)render_read(r, &v, &s, &f, err, sizeof err);
		frame_free(&f);
		render_close(r);
	}
	G(VSIUnlink)(path);
	return 0;
}
