/*
 * sixel.c: a picture as a sixel image (DEC's VT340 format, drawn by xterm,
 * foot, mlterm, WezTerm, Windows Terminal, mintty).
 *
 * The palette is fitted to the picture: the colours the caller must keep
 * exact (marks, quays, the cursor: they must stay crisp and recognisable)
 * get registers of their own, and median cut over a 5-bit-a-channel
 * histogram of the other pixels fills the rest. Each bin belongs to one
 * box, so mapping a pixel is one table look-up, not a nearest-colour
 * search: 2.4 million pixels a frame must encode in milliseconds.
 *
 * Sixel data goes six rows (a band) at a time, one pass per colour used in
 * the band. Each colour's columns are listed while the band is scanned, so
 * a pass costs what the colour covers, not the width; runs (including the
 * gaps) are written with the "!count" repeat.
 */
#include <stdlib.h>
#include <string.h>

#include "render.h"

#define BINS		32768		/* 5 bits a channel */
#define BIN(p)		((((p)[0] >> 3) << 10) | (((p)[1] >> 3) << 5) | \
			    ((p)[2] >> 3))

struct box {
	int	 lo, hi;	/* slice of the occupied-bin list */
	uint64_t count;
	int	 axis, side;	/* longest channel and its extent in bins */
};

struct cut {
	uint32_t	*count;		/* per bin */
	uint64_t	*sum;		/* per bin: r, g, b sums */
	uint16_t	*bins;		/* occupied bins */
	int		 nbins;
	int		 axis;		/* for the sort */
};

static int
chan(int bin, int axis)
{
	return (bin >> (10 - 5 * axis)) & 31;
}

static struct cut *sort_cut;	/* qsort has no context argument */

static int
by_axis(const void *a, const void *b)
{
	int	 x = chan(*(const uint16_t *)a, sort_cut->axis);
	int	 y = chan(*(const uint16_t *)b, sort_cut->axis);

	return x - y;
}

static void
box_measure(const struct cut *c, struct box *b)
{
	int	 lo[3] = { 31, 31, 31 }, hi[3] = { 0, 0, 0 }, i, a, v;

	b->count = 0;
	for (i = b->lo; i < b->hi; i++) {
		b->count += c->count[c->bins[i]];
		for (a = 0; a < 3; a++) {
			v = chan(c->bins[i], a);
			if (v < lo[a])
				lo[a] = v;
			if (v > hi[a])
				hi[a] = v;
		}
	}
	b->axis = 0;
	for (a = 1; a < 3; a++)
		if (hi[a] - lo[a] > hi[b->axis] - lo[b->axis])
			b->axis = a;
	b->side = hi[b->axis] - lo[b->axis];
}

/* Which of the nkeep colours of keep[] pixel p is exactly, or -1. */
static int
keep_find(const uint8_t *p, const uint8_t *keep, int nkeep)
{
	int	 k;

	for (k = 0; k < nkeep; k++)
		if (p[0] == keep[3 * k] && p[1] == keep[3 * k + 1] &&
		    p[2] == keep[3 * k + 2])
			return k;
	return -1;
}

/* Split the box that holds the most error (pixels x extent squared) at
 * its median along its longest side; 0 when no box can be split. */
static int
split_one(struct cut *c, struct box *box, int *nbox)
{
	struct box	*b = NULL, nb;
	uint64_t	 best = 0, score, half, acc;
	int		 i, mid;

	for (i = 0; i < *nbox; i++) {
		if (box[i].hi - box[i].lo < 2 || box[i].side == 0)
			continue;
		score = box[i].count * (uint64_t)box[i].side *
		    (uint64_t)box[i].side;
		if (b == NULL || score > best) {
			best = score;
			b = &box[i];
		}
	}
	if (b == NULL)
		return 0;
	c->axis = b->axis;
	sort_cut = c;
	qsort(c->bins + b->lo, (size_t)(b->hi - b->lo), sizeof *c->bins,
	    by_axis);
	half = b->count / 2;
	mid = b->lo;
	acc = c->count[c->bins[mid]];
	while (mid + 2 < b->hi && acc < half)
		acc += c->count[c->bins[++mid]];
	mid++;		/* both halves hold at least one bin */
	nb.lo = mid;
	nb.hi = b->hi;
	b->hi = mid;
	box_measure(c, b);
	box_measure(c, &nb);
	box[(*nbox)++] = nb;
	return 1;
}

/*
 * Fit p->n colours (up to nfit) to w x h RGB pixels by median cut over the
 * histogram of every step-th pixel of every step-th row (a quarter of a
 * 2000 x 1200 picture is ample for 256 boxes), leaving out pixels of the
 * nkeep colours of keep[], which get registers of their own. Each bin
 * seen maps to its box; bins not seen are mapped when first met.
 */
void
gfx_palette_fit(struct gfx_palette *pal, const uint8_t *rgb, int w, int h,
    int step, const uint8_t *keep, int nkeep, int nfit)
{
	struct cut	 c;
	struct box	*box;
	uint8_t		 keybin[BINS];
	const uint8_t	*p;
	int		 nbox = 0, k, j, b, x, y;

	if (nfit < 1)
		nfit = 1;
	if (nfit > 256)
		nfit = 256;
	if (step < 1)
		step = 1;
	c.count = xcalloc(BINS, sizeof *c.count);
	c.sum = xcalloc(BINS, 3 * sizeof *c.sum);
	c.bins = xcalloc(BINS, sizeof *c.bins);
	box = xcalloc((size_t)nfit, sizeof *box);
	memset(keybin, 0, sizeof keybin);
	for (k = 0; k < nkeep; k++)
		keybin[BIN(keep + 3 * k)] = 1;
	for (y = 0; y < h; y += step)
		for (x = 0, p = rgb + (size_t)y * (size_t)w * 3; x < w;
		    x += step, p += 3 * step) {
			b = BIN(p);
			if (keybin[b] && keep_find(p, keep, nkeep) >= 0)
				continue;
			c.count[b]++;
			c.sum[3 * b] += p[0];
			c.sum[3 * b + 1] += p[1];
			c.sum[3 * b + 2] += p[2];
		}
	c.nbins = 0;
	for (b = 0; b < BINS; b++)
		if (c.count[b] > 0)
			c.bins[c.nbins++] = (uint16_t)b;
	if (c.nbins > 0) {
		box[0].lo = 0;
		box[0].hi = c.nbins;
		box_measure(&c, &box[0]);
		nbox = 1;
		while (nbox < nfit && split_one(&c, box, &nbox))
			;
	}
	for (b = 0; b < BINS; b++)
		pal->map[b] = GFX_PAL_NONE;
	for (j = 0; j < nbox; j++) {
		uint64_t s[3] = { 0, 0, 0 }, cnt = 0;

		for (k = box[j].lo; k < box[j].hi; k++) {
			b = c.bins[k];
			pal->map[b] = (uint16_t)j;
			cnt += c.count[b];
			s[0] += c.sum[3 * b];
			s[1] += c.sum[3 * b + 1];
			s[2] += c.sum[3 * b + 2];
		}
		for (k = 0; k < 3; k++)
			pal->rgb[3 * j + k] = (uint8_t)((s[k] + cnt / 2) / cnt);
	}
	if (nbox == 0) {	/* nothing but kept colours: one spare grey */
		memset(pal->rgb, 128, 3);
		nbox = 1;
	}
	pal->n = nbox;
	free(c.count);
	free(c.sum);
	free(c.bins);
	free(box);
}

/* The fitted colour nearest bin b's centre: for colours the fit did not
 * see (a pan brings in new ground); remembered in the map. */
static int
nearest(struct gfx_palette *pal, int b)
{
	int	 r = (b >> 10 << 3) + 4, g = ((b >> 5 & 31) << 3) + 4;
	int	 bl = ((b & 31) << 3) + 4, i, d, best = 0, bestd = 1 << 30;

	for (i = 0; i < pal->n; i++) {
		d = (pal->rgb[3 * i] - r) * (pal->rgb[3 * i] - r) +
		    (pal->rgb[3 * i + 1] - g) * (pal->rgb[3 * i + 1] - g) +
		    (pal->rgb[3 * i + 2] - bl) * (pal->rgb[3 * i + 2] - bl);
		if (d < bestd) {
			bestd = d;
			best = i;
		}
	}
	pal->map[b] = (uint16_t)best;
	return best;
}

/* Each pixel's register: a kept colour's own, else nkeep + its bin's. */
static void
map_pixels(struct gfx_palette *pal, const uint8_t *rgb, size_t n,
    const uint8_t *keep, int nkeep, uint16_t *index)
{
	uint8_t		 keybin[BINS];
	const uint8_t	*p = rgb;
	size_t		 i;
	int		 b, k, m;

	memset(keybin, 0, sizeof keybin);
	for (k = 0; k < nkeep; k++)
		keybin[BIN(keep + 3 * k)] = 1;
	for (i = 0; i < n; i++, p += 3) {
		b = BIN(p);
		if (keybin[b] && (k = keep_find(p, keep, nkeep)) >= 0) {
			index[i] = (uint16_t)k;
			continue;
		}
		if ((m = pal->map[b]) == GFX_PAL_NONE)
			m = nearest(pal, b);
		index[i] = (uint16_t)(nkeep + m);
	}
}

/* Decimal n >= 0 at q; returns the new end. */
static char *
put_num(char *q, int n)
{
	char	 d[12];
	int	 k = 0;

	do {
		d[k++] = (char)('0' + n % 10);
		n /= 10;
	} while (n > 0);
	while (k > 0)
		*q++ = d[--k];
	return q;
}

/* A run of n copies of sixel character ch at q; returns the new end. */
static char *
put_run(char *q, int ch, int n)
{
	if (n > 3) {
		*q++ = '!';
		q = put_num(q, n);
		*q++ = (char)ch;
	} else
		while (n-- > 0)
			*q++ = (char)ch;
	return q;
}

/* Per colour, the columns it covers in the current band. */
struct band {
	uint16_t	*x;	/* ncolours * w */
	uint8_t		*bits;	/* ncolours * w */
	int		*n;	/* ncolours */
	int		*order;	/* colours seen, in order */
	int		 norder;
};

/* Columns go left to right, the band's six rows in each, so every
 * colour's list of columns comes out sorted without searching. */
static void
band_scan(struct band *bd, const uint16_t *index, int w, int h, int y0)
{
	const uint16_t	*row[6];
	size_t		 at;
	int		 x, r, nr, ci, k;

	bd->norder = 0;
	nr = h - y0 < 6 ? h - y0 : 6;
	for (r = 0; r < nr; r++)
		row[r] = index + (size_t)(y0 + r) * (size_t)w;
	for (x = 0; x < w; x++)
		for (r = 0; r < nr; r++) {
			ci = row[r][x];
			k = bd->n[ci];
			at = (size_t)ci * (size_t)w;
			if (k > 0 && bd->x[at + k - 1] == x) {
				bd->bits[at + k - 1] |= (uint8_t)(1 << r);
				continue;
			}
			if (k == 0)
				bd->order[bd->norder++] = ci;
			bd->x[at + k] = (uint16_t)x;
			bd->bits[at + k] = (uint8_t)(1 << r);
			bd->n[ci] = k + 1;
		}
}

/*
 * The band's sixel data, colour by colour, into scratch (which holds the
 * worst case: 5 bytes a colour change, 2 runs of up to 7 bytes an entry),
 * then out in one piece: this is the encoder's hot loop.
 */
static void
band_write(struct band *bd, int w, char *scratch, struct buf *out)
{
	const uint16_t	*xs;
	const uint8_t	*bs;
	char		*q = scratch;
	int		 o, ci, k, pos, ch, run, runch;

	for (o = 0; o < bd->norder; o++) {
		ci = bd->order[o];
		xs = bd->x + (size_t)ci * w;
		bs = bd->bits + (size_t)ci * w;
		if (o > 0)
			*q++ = '$';
		*q++ = '#';
		q = put_num(q, ci);
		pos = 0;
		run = 0;
		runch = 0;
		for (k = 0; k < bd->n[ci]; k++) {
			if (xs[k] > pos) {	/* a gap: nothing of this colour */
				if (runch != '?') {
					q = put_run(q, runch, run);
					run = 0;
					runch = '?';
				}
				run += xs[k] - pos;
			}
			ch = '?' + bs[k];
			if (ch != runch) {
				q = put_run(q, runch, run);
				run = 0;
				runch = ch;
			}
			run++;
			pos = xs[k] + 1;
		}
		q = put_run(q, runch, run);
		bd->n[ci] = 0;
	}
	*q++ = '-';
	buf_add(out, scratch, (size_t)(q - scratch));
}

/*
 * w x h RGB pixels as one sixel image (DCS ... ST), appended to out, in
 * the colours of pal (fitted before, to this picture or an earlier one of
 * the same ground) after the nkeep colours of keep[], kept exactly. The
 * buffers of wk are reused: a picture a keystroke allocates nothing.
 */
int
gfx_sixel_pal(struct gfx_work *wk, struct gfx_palette *pal,
    const uint8_t *rgb, int w, int h, const uint8_t *keep, int nkeep,
    struct buf *out, char *err, size_t errlen)
{
	struct band	 bd;
	const uint8_t	*c;
	size_t		 n;
	int		 used, i, y, z[256], order[256];

	if (w <= 0 || h <= 0 || w > GFX_MAX_SIDE || h > GFX_MAX_SIDE)
		return errf(err, errlen, "bad picture size %d x %d", w, h);
	if (nkeep < 0 || keep == NULL)
		nkeep = 0;
	if (nkeep + pal->n > 256)
		return errf(err, errlen, "%d colours kept and %d fitted: over "
		    "256 registers", nkeep, pal->n);
	n = (size_t)w * (size_t)h;
	used = nkeep + pal->n;
	wk->index = xscratch(wk->index, &wk->nindex, n, sizeof *wk->index);
	map_pixels(pal, rgb, n, keep, nkeep, wk->index);
	/* P2 = 1: pixels not painted keep what was there (we paint all);
	 * the raster attributes say the size, 1:1 aspect */
	buf_printf(out, "\033P0;1;0q\"1;1;%d;%d", w, h);
	for (i = 0; i < used; i++) {
		c = i < nkeep ? keep + 3 * i : pal->rgb + 3 * (i - nkeep);
		buf_printf(out, "#%d;2;%d;%d;%d", i, (c[0] * 100 + 127) / 255,
		    (c[1] * 100 + 127) / 255, (c[2] * 100 + 127) / 255);
	}
	wk->bx = xscratch(wk->bx, &wk->nbx, (size_t)used * (size_t)w,
	    sizeof *wk->bx);
	wk->bbits = xscratch(wk->bbits, &wk->nbbits, (size_t)used *
	    (size_t)w, 1);
	wk->scratch = xscratch(wk->scratch, &wk->nscratch, (size_t)used * 5 +
	    (size_t)w * 6 * 14 + 2, 1);
	bd.x = wk->bx;
	bd.bits = wk->bbits;
	bd.n = z;
	bd.order = order;
	memset(z, 0, sizeof z);
	for (y = 0; y < h; y += 6) {
		band_scan(&bd, wk->index, w, h, y);
		band_write(&bd, w, wk->scratch, out);
	}
	buf_puts(out, "\033\\");
	return 0;
}

/*
 * w x h RGB pixels as one sixel image, the palette fitted to them: at
 * most ncolours registers (2..256), the nkeep colours of keep[] exactly.
 */
int
gfx_sixel(const uint8_t *rgb, int w, int h, const uint8_t *keep, int nkeep,
    int ncolours, struct buf *out, char *err, size_t errlen)
{
	struct gfx_work		 wk;
	struct gfx_palette	*pal;
	int			 rc;

	if (w <= 0 || h <= 0 || w > GFX_MAX_SIDE || h > GFX_MAX_SIDE)
		return errf(err, errlen, "bad picture size %d x %d", w, h);
	if (ncolours < 2 || ncolours > 256)
		ncolours = 256;
	if (nkeep < 0 || keep == NULL)
		nkeep = 0;
	if (nkeep > ncolours - 1)
		nkeep = ncolours - 1;
	pal = xcalloc(1, sizeof *pal);
	memset(&wk, 0, sizeof wk);
	gfx_palette_fit(pal, rgb, w, h, 1, keep, nkeep, ncolours - nkeep);
	rc = gfx_sixel_pal(&wk, pal, rgb, w, h, keep, nkeep, out, err,
	    errlen);
	gfx_work_free(&wk);
	free(pal);
	return rc;
}
