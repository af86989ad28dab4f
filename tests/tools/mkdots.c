/*
 * mkdots.c: a PNG of dark water with N small bright boats on a grid, for
 * the hint-mode tests: more boats than letters make two-letter labels.
 *   Usage: mkdots FILE N
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../render/render.h"

int
main(int argc, char **argv)
{
	int	 w = 480, h = 300, n, i, x, y, cx, cy;
	uint8_t	*p;
	char	 err[256];

	if (argc != 3 || (n = atoi(argv[2])) < 0 || n > 600) {
		fprintf(stderr, "usage: mkdots FILE N (N <= 600)\n");
		return 2;
	}
	p = xmalloc((size_t)w * h * 3);
	for (i = 0; i < w * h; i++) {
		p[3 * i] = 20;
		p[3 * i + 1] = (uint8_t)(40 + (i * 7919 % 5));
		p[3 * i + 2] = 60;
	}
	for (i = 0; i < n; i++) {
		cx = 10 + (i % 30) * 15;
		cy = 10 + (i / 30) * 14;
		for (y = cy - 2; y <= cy + 2; y++)
			for (x = cx - 4; x <= cx + 4; x++)
				memset(&p[3 * (y * w + x)], 200, 3);
	}
	if (render_png_write(argv[1], w, h, 3, p, err, sizeof err) != 0) {
		fprintf(stderr, "mkdots: %s\n", err);
		return 1;
	}
	free(p);
	return 0;
}
