/*
 * morph.c: grey-level erosion (min) and dilation (max) with a k x k
 * square, separably and in constant time per pixel whatever k is (van
 * Herk / Gil-Werman): the top-hats of detect.c run four of them on every
 * candidate search, so their cost must not grow with the object size.
 */
#include <stdlib.h>
#include <string.h>

#include "detect.h"

static inline uint8_t
pick(uint8_t a, uint8_t b, int is_max)
{
	return is_max ? (a > b ? a : b) : (a < b ? a : b);
}

/*
 * One line of n values, stride apart, filtered in place with a centred
 * window of k = 2r + 1; outside the line counts as the neutral value.
 * pad, g and h hold at least n + 2k bytes.
 */
static void
line(uint8_t *v, size_t stride, int n, int k, int is_max, uint8_t *pad,
    uint8_t *g, uint8_t *h)
{
	int	 r = k / 2, len, i, b, e;
	uint8_t	 neutral = is_max ? 0 : 255;

	len = n + 2 * r;
	len = (len + k - 1) / k * k;	/* whole blocks */
	memset(pad, neutral, (size_t)len + (size_t)k);
	for (i = 0; i < n; i++)
		pad[r + i] = v[(size_t)i * stride];
	for (b = 0; b < len; b += k) {
		g[b] = pad[b];
		for (i = b + 1; i < b + k; i++)
			g[i] = pick(g[i - 1], pad[i], is_max);
		e = b + k - 1;
		h[e] = pad[e];
		for (i = e - 1; i >= b; i--)
			h[i] = pick(h[i + 1], pad[i], is_max);
	}
	for (i = 0; i < n; i++)
		v[(size_t)i * stride] = pick(h[i], g[i + k - 1], is_max);
}

/*
 * The vertical pass, a whole row at a time (the same blocks as line(),
 * with rows for values): memory is read in order, not a column's stride
 * apart, which on a 750-pixel row is what the pass costs.
 */
static void
columns(uint8_t *dst, int w, int h, int k, int is_max)
{
	int	 r = k / 2, len, y, x, b, e;
	size_t	 W = (size_t)w;
	uint8_t	*g, *hh, *out, neutral = is_max ? 0 : 255;
	const uint8_t *row;

	len = (h + 2 * r + k - 1) / k * k;
	g = xreallocarray(NULL, (size_t)len, W);
	hh = xreallocarray(NULL, (size_t)len, W);
	for (b = 0; b < len; b += k) {
		for (y = b; y < b + k; y++) {
			uint8_t	*gy = g + (size_t)y * W;

			if (y - r < 0 || y - r >= h) {
				memset(gy, neutral, W);
				continue;
			}
			memcpy(gy, dst + (size_t)(y - r) * W, W);
		}
		memcpy(hh + (size_t)b * W, g + (size_t)b * W, (size_t)k * W);
		for (y = b + 1; y < b + k; y++) {
			uint8_t	*gy = g + (size_t)y * W, *gp = gy - W;

			for (x = 0; x < w; x++)
				gy[x] = pick(gp[x], gy[x], is_max);
		}
		e = b + k - 1;
		for (y = e - 1; y >= b; y--) {
			uint8_t	*hy = hh + (size_t)y * W, *hn = hy + W;

			for (x = 0; x < w; x++)
				hy[x] = pick(hn[x], hy[x], is_max);
		}
	}
	for (y = 0; y < h; y++) {
		out = dst + (size_t)y * W;
		row = g + (size_t)(y + k - 1) * W;
		for (x = 0; x < w; x++)
			out[x] = pick(hh[(size_t)y * W + x], row[x], is_max);
	}
	free(g);
	free(hh);
}

/*
 * dst = the min (or max) of src over the k x k square centred on each
 * pixel of a w x h image; k is made odd. dst may not be src.
 */
void
detect_minmax(const uint8_t *src, uint8_t *dst, int w, int h, int k,
    int is_max)
{
	uint8_t	*pad, *g, *hh;
	size_t	 n;
	int	 y;

	if (k < 1)
		k = 1;
	k |= 1;
	memcpy(dst, src, (size_t)w * (size_t)h);
	if (k == 1)
		return;
	n = (size_t)w + 3 * (size_t)k;
	pad = xmalloc(3 * n);
	g = pad + n;
	hh = g + n;
	for (y = 0; y < h; y++)
		line(dst + (size_t)y * (size_t)w, 1, w, k, is_max, pad, g, hh);
	free(pad);
	columns(dst, w, h, k, is_max);
}
