/*
 * candidates.c: how long a candidate search takes on the whole of an
 * image as the fit view shows it: the read through the overviews, and
 * the search itself (top-hats, regions, boxes), median and 95th
 * percentile of 30 runs (wall clock, and the search's CPU time, which a
 * loaded machine inflates less), and the peak memory the process
 * reached: over the open image, and how much of it the search itself
 * added once a frame had been read (its own buffers are three bytes a
 * pixel of the at most DETECT_MAX_PIXELS it reads, and the regions').
 * Targets: search under 20 ms on the 1600x1000 demo image and on a
 * 12000^2 scene (bench/mkbig); peak memory within 10 MB.
 *   Usage: bench/candidates IMAGE...
 */
#include <sys/resource.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "../detect/detect.h"
#include "../render/render.h"
#include "../imagery/imagery.h"

#define RUNS 30

static double
ms(void)
{
	struct timespec	 t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return t.tv_sec * 1e3 + t.tv_nsec / 1e6;
}

/* CPU time: on a shared machine the wall clock measures the others. */
static double
cpu_ms(void)
{
	struct timespec	 t;

	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
	return t.tv_sec * 1e3 + t.tv_nsec / 1e6;
}

static int
cmp(const void *a, const void *b)
{
	double	 x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

static long
peak_kb(void)
{
	struct rusage	 ru;

	getrusage(RUSAGE_SELF, &ru);
	return ru.ru_maxrss;
}

static int
one(const char *path)
{
	struct imagery		 im;
	struct viewport		 v;
	struct frame		 f;
	struct detect_input	 in;
	struct detect_candidate	*c;
	char			 err[512];
	double			 tr[RUNS], td[RUNS], tc[RUNS], t0, c0;
	size_t			 n = 0;
	long			 kb0, kb1 = 0;
	int			 i;

	if (imagery_open_file(path, NULL, 0, &im, err, sizeof err) != 0) {
		fprintf(stderr, "candidates: %s\n", err);
		return 1;
	}
	kb0 = peak_kb();
	detect_view_for(0, 0, raster_width(im.r), raster_height(im.r), &v);
	frame_init(&f);
	for (i = 0; i < RUNS; i++) {
		t0 = ms();
		if (render_read(im.r, &v, &im.stretch, &f, err, sizeof err)
		    != 0) {
			fprintf(stderr, "candidates: %s\n", err);
			return 1;
		}
		tr[i] = ms() - t0;
		if (i == 0)
			kb1 = peak_kb();	/* the read's own peak */
		memset(&in, 0, sizeof in);
		in.f = &f;
		in.v = &v;
		in.width = raster_width(im.r);
		in.height = raster_height(im.r);
		t0 = ms();
		c0 = cpu_ms();
		if (detect_find(&in, &c, &n, err, sizeof err) != 0) {
			fprintf(stderr, "candidates: %s\n", err);
			return 1;
		}
		td[i] = ms() - t0;
		tc[i] = cpu_ms() - c0;
		free(c);
	}
	qsort(tr, RUNS, sizeof *tr, cmp);
	qsort(td, RUNS, sizeof *td, cmp);
	qsort(tc, RUNS, sizeof *tc, cmp);
	printf("%s: %dx%d read at 1:%g (%dx%d): read median %.1f ms, "
	    "search median %.1f ms (CPU %.1f ms), 95 %% %.1f ms; %zu "
	    "candidates; peak "
	    "%.1f MB (+%.1f MB over the open image, of which the search "
	    "+%.1f MB)\n", path_base(path),
	    raster_width(im.r), raster_height(im.r), v.scale, f.w, f.h,
	    tr[RUNS / 2], td[RUNS / 2], tc[RUNS / 2], td[RUNS * 95 / 100], n,
	    peak_kb() / 1024.0, (peak_kb() - kb0) / 1024.0,
	    (peak_kb() - kb1) / 1024.0);
	frame_free(&f);
	imagery_close(&im);
	return 0;
}

int
main(int argc, char **argv)
{
	char	 err[512];
	int	 rc = 0;

	if (argc < 2) {
		fprintf(stderr, "usage: candidates IMAGE...\n");
		return 2;
	}
	if (render_init(err, sizeof err) != 0) {
		fprintf(stderr, "candidates: %s\n", err);
		return 1;
	}
	for (int i = 1; i < argc; i++)
		rc |= one(argv[i]);
	return rc;
}
