/*
 * detect.c: candidates in one frame. Each pixel's brightest and darkest
 * channel go through a morphological top-hat with a square wider than the
 * objects sought (DETECT_BREADTH): what the opening removes is a bright
 * object narrower than the square, what the closing fills a dark one,
 * while the straight edges of quays and shores, wider than the square,
 * survive both and raise nothing. Pixels whose top-hat passes a threshold
 * learnt from the frame's own noise (or half of it where the pixel
 * changed since the last clear image) are grouped into regions with a
 * one-pixel gap allowed (a stack's containers of many colours stay one
 * region), each split into its strong groups (two stacks joined by a
 * fringe become two); each group that is compact, contrasted enough and
 * stands out all round (leak()) gets a minimum-area rectangle. Of
 * overlapping candidates the best scored stays (suppress()). Areas
 * (quays) limit where centres may lie; marks and proposals hide the
 * candidates they cover.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "detect.h"

#define T_MIN		20	/* top-hat levels: below is texture */
#define T_NOISE		8	/* ... or this many MADs above the median */
#define T_CHANGE	40	/* a channel moved this much since then */
#define MIN_PIXELS	3	/* frame pixels in a region */
#define MIN_AREA	16.0	/* image pixels^2 */
#define MAX_LENGTH	(8 * DETECT_BREADTH)	/* longer: a structure */
#define MIN_FILL	0.2	/* region pixels / rectangle area */
#define HIDE_IOU	0.3
#define TWIN_IOU	0.5	/* one object found twice */
#define NMS_COVER	0.5	/* one box over half of another */
#define MIN_CONTRAST	40	/* mean top-hat: below is texture */
#define MAX_LEAK	0.5	/* ring like the region: no object */
#define LEAK_COST	0.5	/* score lost a unit of leak */
#define MIN_SCORE	0.4	/* below: texture, measured on the demo */
#define MAX_CANDIDATES	20000

/* The bits of work.mask. */
#define M_BRIGHT	0x1
#define M_DARK		0x2
#define M_CHANGED	0x4
#define M_STRONG	0x8	/* core(): a region's strong pixels */
#define M_REGION	0x10	/* leak(): the region measured */
#define M_RING		0x20	/* leak(): counted around it */

/*
 * A search's memory: three bytes a pixel (the two top-hats and the
 * mask), the region queues as large as the largest region, and the
 * row ends of one region.
 */
struct work {
	const struct frame *f;
	int		 w, h;
	uint8_t		*tb, *td;	/* bright and dark top-hats */
	uint8_t		*mask;		/* M_* bits */
	int32_t		*queue, *queue2;
	size_t		 qcap, q2cap;
	size_t		*gsize, gcap;	/* core()'s groups */
	double		*pts, *hull;
	size_t		 ptscap;
	int		*rowmin, *rowmax;
	size_t		 rowcap;
};

const char *
detect_reason_name(int reason, char *out, size_t len)
{
	snprintf(out, len, "%s%s%s%s%s",
	    reason & DETECT_BRIGHT ? "bright" : "",
	    reason & DETECT_DARK ? (reason & DETECT_BRIGHT ? "+dark" :
	    "dark") : "",
	    (reason & DETECT_CHANGED) && (reason & 3) ? "+" : "",
	    reason & DETECT_CHANGED ? "changed" : "",
	    reason == 0 ? "-" : "");
	return out;
}

/*
 * Whether a candidate may be offered on a width x height image: finite,
 * some area, its centre on the image and most of it inside.
 */
int
detect_valid(const struct detect_candidate *c, int width, int height)
{
	double	 corners[8];
	int	 i;

	if (!isfinite(c->cx) || !isfinite(c->cy) || !isfinite(c->w) ||
	    !isfinite(c->h) || !isfinite(c->angle) || c->w <= 0 ||
	    c->h <= 0 || c->w * c->h < 1)
		return 0;
	if (c->cx < 0 || c->cy < 0 || c->cx >= width || c->cy >= height)
		return 0;
	geom_corners(c->cx, c->cy, c->w, c->h, c->angle, corners);
	for (i = 0; i < 4; i++)
		if (corners[2 * i] < 0 || corners[2 * i] > width ||
		    corners[2 * i + 1] < 0 || corners[2 * i + 1] > height)
			return geom_rect_cover(corners, 4, width, height) >= 0.5;
	return 1;	/* wholly inside: the usual case, and cheap */
}

/* The threshold above a top-hat's noise: median + T_NOISE MADs. */
static int
threshold(const size_t *hist)
{
	size_t	 dev[256] = { 0 }, cnt = 0, acc;
	int	 med = 0, mad = 0, i, th;

	for (i = 0; i < 256; i++)
		cnt += hist[i];
	if (cnt == 0)
		return 255;
	for (acc = 0, i = 0; i < 256; i++)
		if ((acc += hist[i]) * 2 >= cnt) {
			med = i;
			break;
		}
	for (i = 0; i < 256; i++)
		dev[abs(i - med)] += hist[i];
	for (acc = 0, i = 0; i < 256; i++)
		if ((acc += dev[i]) * 2 >= cnt) {
			mad = i;
			break;
		}
	th = med + T_NOISE * (mad > 0 ? mad : 1);
	return th < T_MIN ? T_MIN : th > 200 ? 200 : th;
}

/*
 * t = src - opened src (bright) or closed src - src (dark), in place in
 * src, 0 outside the image, and the histogram of t inside it, in one
 * pass; tmp holds the opening or closing.
 */
static void
tophat(uint8_t *src, uint8_t *tmp, const uint8_t *valid, int w, int h,
    int k, int bright, size_t *hist)
{
	size_t	 n = (size_t)w * (size_t)h, i;
	int	 d;

	detect_minmax(src, tmp, w, h, k, !bright);
	detect_minmax(tmp, tmp, w, h, k, bright);
	for (i = 0; i < n; i++) {
		d = bright ? src[i] - tmp[i] : tmp[i] - src[i];
		src[i] = valid[i] && d > 0 ? (uint8_t)d : 0;
		hist[src[i]] += valid[i] != 0;
	}
}

/*
 * The top-hats of the frame's brightest and darkest channels into wk->tb
 * and wk->td, and their thresholds (wk->mask is the scratch).
 */
static void
tophats(const struct frame *f, int k, struct work *wk, int *tb, int *td)
{
	size_t	 n = (size_t)f->w * (size_t)f->h, i, hb[256] = { 0 };
	size_t	 hd[256] = { 0 };
	uint8_t	 r, g, b, *hi = wk->tb, *lo = wk->td;

	for (i = 0; i < n; i++) {
		r = f->rgb[3 * i];
		g = f->rgb[3 * i + 1];
		b = f->rgb[3 * i + 2];
		/* outside the image: neutral for the first filter, so the
		 * image's own edge does not become an object */
		hi[i] = f->valid[i] ? (r > g ? (r > b ? r : b) : (g > b ? g :
		    b)) : 255;
		lo[i] = f->valid[i] ? (r < g ? (r < b ? r : b) : (g < b ? g :
		    b)) : 0;
	}
	tophat(hi, wk->mask, f->valid, f->w, f->h, k, 1, hb);
	tophat(lo, wk->mask, f->valid, f->w, f->h, k, 0, hd);
	*tb = threshold(hb);
	*td = threshold(hd);
}

/*
 * The mask: M_BRIGHT and M_DARK over their thresholds (half of them
 * where a channel moved more than T_CHANGE since the previous frame p,
 * NULL: none), and M_CHANGED there.
 */
static void
masks(const struct frame *f, const struct frame *p, struct work *wk,
    int tb, int td)
{
	size_t	 n = (size_t)f->w * (size_t)f->h, i;
	int	 c, d, m;

	for (i = 0; i < n; i++) {
		m = 0;
		if (p != NULL && f->valid[i] && p->valid[i])
			for (c = 0; c < 3; c++) {
				d = abs(f->rgb[3 * i + c] - p->rgb[3 * i + c]);
				m = d > m ? d : m;
			}
		m = m > T_CHANGE;
		wk->mask[i] = (uint8_t)((wk->tb[i] > (m ? tb / 2 : tb) ?
		    M_BRIGHT : 0) | (wk->td[i] > (m ? td / 2 : td) ? M_DARK :
		    0) | (m ? M_CHANGED : 0));
	}
}

static int
hidden(const struct detect_input *in, const double *box)
{
	double	 c[8], hc[8];
	size_t	 i;

	geom_corners(box[0], box[1], box[2], box[3], box[4], c);
	for (i = 0; i < in->nhide; i++) {
		const double *m = &in->hide[5 * i];

		if (m[2] <= 0 || m[3] <= 0) {	/* a point */
			if (geom_point_in_polygon(m[0], m[1], c, 4))
				return 1;
			continue;
		}
		geom_corners(m[0], m[1], m[2], m[3], m[4], hc);
		if (geom_point_in_polygon(box[0], box[1], hc, 4) ||
		    geom_rbox_iou(box, m) >= HIDE_IOU)
			return 1;
	}
	return 0;
}

static int
in_areas(const struct detect_input *in, double x, double y)
{
	size_t	 i;

	if (in->nareas == 0)
		return 1;
	for (i = 0; i < in->nareas; i++)
		if (geom_point_in_polygon(x, y, in->areas[i].pts,
		    in->areas[i].n))
			return 1;
	return 0;
}

/* Room for n entries in a queue. */
static void
reserve(int32_t **q, size_t *cap, size_t n)
{
	if (n <= *cap)
		return;
	*cap = n > 2 * *cap ? n : 2 * *cap;
	*q = xreallocarray(*q, *cap, sizeof **q);
}

/*
 * The pixels of mask bit m reachable from seed through a 5 x 5
 * neighbourhood (a one-pixel gap joins), into *q from index at; returns
 * how many. Each is taken out of the mask as it is reached. The queue
 * grows as the region does: most regions are a few pixels, and memory
 * for every pixel of the frame would be four bytes a pixel more.
 */
static size_t
grow(struct work *wk, uint8_t m, int32_t seed, int32_t **q, size_t *cap,
    size_t at)
{
	uint8_t	*mask = wk->mask;
	size_t	 head = at, tail = at;
	int32_t	 p, r, off[24];
	int	 x, y, dx, dy, w = wk->w, h = wk->h, i, no = 0;

	for (dy = -2; dy <= 2; dy++)
		for (dx = -2; dx <= 2; dx++)
			if (dx != 0 || dy != 0)
				off[no++] = dy * w + dx;
	mask[seed] &= (uint8_t)~m;
	reserve(q, cap, tail + 1);
	(*q)[tail++] = seed;
	while (head < tail) {
		p = (*q)[head++];
		x = p % w;
		y = p / w;
		reserve(q, cap, tail + 24);
		if (x >= 2 && y >= 2 && x < w - 2 && y < h - 2) {
			/* inside: no edge to check */
			for (i = 0; i < 24; i++) {
				r = p + off[i];
				if (mask[r] & m) {
					mask[r] &= (uint8_t)~m;
					(*q)[tail++] = r;
				}
			}
			continue;
		}
		for (dy = -2; dy <= 2; dy++) {
			if (y + dy < 0 || y + dy >= h)
				continue;
			for (dx = -2; dx <= 2; dx++) {
				if (x + dx < 0 || x + dx >= w)
					continue;
				r = p + dy * w + dx;
				if (!(mask[r] & m))
					continue;
				mask[r] &= (uint8_t)~m;
				(*q)[tail++] = r;
			}
		}
	}
	return tail - at;
}

/*
 * A region found at the frame's threshold often carries a fringe of
 * texture around strong objects (worn concrete round a stack), and the
 * fringe may join two stacks side by side. Keep the pixels above half
 * the region's own strong contrast, in their groups: wk->queue2 holds
 * the groups one after another, wk->gsize their sizes. Returns how many
 * groups; 0 when the region has no fringe to take off (it stays whole).
 */
static size_t
core(struct work *wk, size_t cnt, const uint8_t *t, int th)
{
	size_t	 hist[256] = { 0 }, acc = 0, i, total = 0, ng = 0, nb;
	int	 p80 = 0, t2, v;

	for (i = 0; i < cnt; i++)
		hist[t[wk->queue[i]]]++;
	for (v = 255; v >= 0; v--)
		if ((acc += hist[v]) * 5 >= cnt) {
			p80 = v;
			break;
		}
	t2 = p80 * 45 / 100;
	if (t2 <= th)
		return 0;
	for (i = 0; i < cnt; i++)
		if (t[wk->queue[i]] >= t2)
			wk->mask[wk->queue[i]] |= M_STRONG;
	for (i = 0; i < cnt; i++) {
		if (!(wk->mask[wk->queue[i]] & M_STRONG))
			continue;
		nb = grow(wk, M_STRONG, wk->queue[i], &wk->queue2,
		    &wk->q2cap, total);
		if (ng == wk->gcap) {
			wk->gcap = wk->gcap ? 2 * wk->gcap : 16;
			wk->gsize = xreallocarray(wk->gsize, wk->gcap,
			    sizeof *wk->gsize);
		}
		wk->gsize[ng++] = nb;
		total += nb;
	}
	return ng;
}

/*
 * A region's rectangle in frame pixels. Its hull is that of its rows'
 * end pixels' outer corners; on each horizontal line between rows only
 * the leftmost and rightmost of those corners can be on it, and taken
 * line by line they come already in the order the hull wants (by y,
 * then x), so no sort is needed.
 */
static int
region_rect(struct work *wk, size_t cnt, double *box)
{
	int	 x0 = wk->w, x1 = -1, y0 = wk->h, y1 = -1, x, y, rows, lo, hi;
	size_t	 i, np = 0;

	for (i = 0; i < cnt; i++) {
		x = wk->queue[i] % wk->w;
		y = wk->queue[i] / wk->w;
		x0 = x < x0 ? x : x0;
		x1 = x > x1 ? x : x1;
		y0 = y < y0 ? y : y0;
		y1 = y > y1 ? y : y1;
	}
	rows = y1 - y0 + 1;
	if ((size_t)rows > wk->rowcap) {
		wk->rowcap = (size_t)rows;
		wk->rowmin = xreallocarray(wk->rowmin, wk->rowcap,
		    sizeof *wk->rowmin);
		wk->rowmax = xreallocarray(wk->rowmax, wk->rowcap,
		    sizeof *wk->rowmax);
	}
	for (y = 0; y < rows; y++) {
		wk->rowmin[y] = INT32_MAX;
		wk->rowmax[y] = -1;
	}
	for (i = 0; i < cnt; i++) {
		x = wk->queue[i] % wk->w;
		y = wk->queue[i] / wk->w - y0;
		wk->rowmin[y] = x < wk->rowmin[y] ? x : wk->rowmin[y];
		wk->rowmax[y] = x > wk->rowmax[y] ? x : wk->rowmax[y];
	}
	if ((size_t)rows * 4 + 8 > wk->ptscap) {
		wk->ptscap = (size_t)rows * 4 + 8;
		wk->pts = xreallocarray(wk->pts, wk->ptscap, sizeof *wk->pts);
		wk->hull = xreallocarray(wk->hull, wk->ptscap + 2,
		    sizeof *wk->hull);
	}
	/* line y: the top of row y and the bottom of row y - 1 */
	for (y = 0; y <= rows; y++) {
		lo = INT32_MAX;
		hi = -1;
		if (y < rows && wk->rowmax[y] >= 0) {
			lo = wk->rowmin[y];
			hi = wk->rowmax[y] + 1;
		}
		if (y > 0 && wk->rowmax[y - 1] >= 0) {
			lo = wk->rowmin[y - 1] < lo ? wk->rowmin[y - 1] : lo;
			hi = wk->rowmax[y - 1] + 1 > hi ? wk->rowmax[y - 1] + 1 :
			    hi;
		}
		if (hi < 0)
			continue;
		wk->pts[2 * np] = lo;
		wk->pts[2 * np + 1] = y0 + y;
		wk->pts[2 * np + 2] = hi;
		wk->pts[2 * np + 3] = y0 + y;
		np += 2;
	}
	return detect_min_rect_sorted(wk->pts, np, wk->hull, box);
}

/* The brightest (darkest) channel of pixel i. */
static int
raw(const struct frame *f, int32_t i, int pol)
{
	const uint8_t	*p = &f->rgb[3 * (size_t)i];
	int		 m = p[0];

	if (pol == 1) {
		m = p[1] > m ? p[1] : m;
		m = p[2] > m ? p[2] : m;
	} else {
		m = p[1] < m ? p[1] : m;
		m = p[2] < m ? p[2] : m;
	}
	return m;
}

/*
 * How much of the ring two pixels out around a region (wk->queue[0..cnt))
 * is as bright (dark) as the region itself, at least half its contrast
 * over the background: a ship on water or a stack on concrete stands out
 * all round, while a strip of quay left between objects and the water
 * (which the top-hat also raises) runs on into the quay at its ends.
 */
static double
leak(struct work *wk, size_t cnt, int pol, double contrast)
{
	static const int	 d[4][2] = { { 2, 0 }, { -2, 0 }, { 0, 2 },
	    { 0, -2 } };
	const struct frame	*f = wk->f;
	double			 mean = 0, lim;
	size_t			 i, ring = 0, same = 0;
	int32_t			 p, q;
	int			 x, y, j, v;

	for (i = 0; i < cnt; i++) {
		wk->mask[wk->queue[i]] |= M_REGION;
		mean += raw(f, wk->queue[i], pol);
	}
	mean /= (double)cnt;
	lim = pol == 1 ? mean - contrast / 2 : mean + contrast / 2;
	for (i = 0; i < cnt; i++) {
		p = wk->queue[i];
		x = p % wk->w;
		y = p / wk->w;
		for (j = 0; j < 4; j++) {
			if (x + d[j][0] < 0 || x + d[j][0] >= wk->w ||
			    y + d[j][1] < 0 || y + d[j][1] >= wk->h)
				continue;
			q = p + d[j][1] * wk->w + d[j][0];
			if (wk->mask[q] & (M_REGION | M_RING) || !f->valid[q])
				continue;
			wk->mask[q] |= M_RING;
			ring++;
			v = raw(f, q, pol);
			same += pol == 1 ? v >= lim : v <= lim;
		}
	}
	for (i = 0; i < cnt; i++) {	/* the marks off again */
		p = wk->queue[i];
		wk->mask[p] &= (uint8_t)~M_REGION;
		x = p % wk->w;
		y = p / wk->w;
		for (j = 0; j < 4; j++)
			if (x + d[j][0] >= 0 && x + d[j][0] < wk->w &&
			    y + d[j][1] >= 0 && y + d[j][1] < wk->h)
				wk->mask[p + d[j][1] * wk->w + d[j][0]] &=
				    (uint8_t)~M_RING;
	}
	return ring > 0 ? (double)same / (double)ring : 0;
}

/*
 * Measure a region of polarity pol (1 bright, 2 dark), wk->queue[0..cnt):
 * 1 and *c filled if it is a candidate.
 */
static int
region(const struct detect_input *in, struct work *wk, size_t cnt, int pol,
    struct detect_candidate *c)
{
	const struct viewport	*v = in->v;
	const uint8_t		*t = pol == 1 ? wk->tb : wk->td;
	double			 box[5], s = v->scale, sum = 0, fill;
	size_t			 i, nchg = 0;

	if (cnt < MIN_PIXELS || cnt * s * s < MIN_AREA)
		return 0;
	if (region_rect(wk, cnt, box) != 0)
		return 0;
	for (i = 0; i < cnt; i++) {
		sum += t[wk->queue[i]];
		nchg += (wk->mask[wk->queue[i]] & M_CHANGED) != 0;
	}
	fill = (double)cnt / (box[2] * box[3]);
	memset(c, 0, sizeof *c);
	c->cx = v->x0 + box[0] * s;
	c->cy = v->y0 + box[1] * s;
	c->w = box[2] * s;
	c->h = box[3] * s;
	c->angle = box[4];
	if (c->w > MAX_LENGTH || fill < MIN_FILL)
		return 0;
	c->area = (double)cnt * s * s;
	c->fill = fill;
	c->contrast = sum / (double)cnt;
	c->pixels = (int)cnt;
	c->reason = (pol == 1 ? DETECT_BRIGHT : DETECT_DARK) |
	    (nchg * 2 >= cnt && nchg > 0 ? DETECT_CHANGED : 0);
	/* what changed may be faint: the halved threshold let it in */
	if (c->contrast < MIN_CONTRAST && !(c->reason & DETECT_CHANGED))
		return 0;
	if ((c->leak = leak(wk, cnt, pol, c->contrast)) > MAX_LEAK)
		return 0;
	c->score = 0.7 * fmin(1, sum / (double)cnt / 128) + 0.3 * fmin(1,
	    fill);
	if (c->reason & DETECT_CHANGED)
		c->score = fmin(1, c->score + 0.1);
	if (c->score < MIN_SCORE)
		return 0;
	c->score = round(fmax(0, c->score - LEAK_COST * c->leak) * 1000) /
	    1000;
	if (!detect_valid(c, in->width, in->height) ||
	    !in_areas(in, c->cx, c->cy))
		return 0;
	return 1;
}

/*
 * The candidates among a region grown at threshold th, wk->queue[0..cnt),
 * appended to *v (*nv of them, room for *cap).
 */
static void
regions(const struct detect_input *in, struct work *wk, size_t cnt, int pol,
    int th, struct detect_candidate **v, size_t *nv, size_t *cap)
{
	struct detect_candidate	 c;
	size_t			 ng, g, off = 0, len;

	ng = core(wk, cnt, pol == 1 ? wk->tb : wk->td, th);
	for (g = 0; g < (ng > 0 ? ng : 1); g++) {
		len = cnt;
		if (ng > 0) {	/* each strong group on its own */
			len = wk->gsize[g];
			memcpy(wk->queue, wk->queue2 + off, len *
			    sizeof *wk->queue);
			off += len;
		}
		if (*nv >= MAX_CANDIDATES || !region(in, wk, len, pol, &c))
			continue;
		if (*nv == *cap) {
			*cap = *cap ? 2 * *cap : 64;
			*v = xreallocarray(*v, *cap, sizeof **v);
		}
		(*v)[(*nv)++] = c;
	}
}

static int
cmp_score(const void *a, const void *b)
{
	const struct detect_candidate	*p = a, *q = b;

	if (p->score != q->score)
		return p->score > q->score ? -1 : 1;
	if (p->cy != q->cy)	/* ties in a fixed order */
		return p->cy < q->cy ? -1 : 1;
	return p->cx < q->cx ? -1 : p->cx > q->cx;
}

/*
 * One object is often found more than once: bright and dark (a ship's
 * white bridge and its coloured deck), or whole and in part (a ship, and
 * the ship with its shadow or the strip of water beside it). The best
 * scored candidate stays and takes the reasons of its twins (IoU >=
 * TWIN_IOU); any that overlaps one kept by half its own area or half the
 * kept one's (NMS_COVER) goes. Returns how many stay, at the front of v.
 */
static size_t
suppress(struct detect_candidate *v, size_t n)
{
	double	 a[5], b[5], ca[8], cb[8], inter, iou, small;
	size_t	 i, j, nk = 0;
	int	 gone;

	if (n > 1)
		qsort(v, n, sizeof *v, cmp_score);
	for (i = 0; i < n; i++) {
		a[0] = v[i].cx, a[1] = v[i].cy, a[2] = v[i].w, a[3] = v[i].h;
		a[4] = v[i].angle;
		geom_corners(a[0], a[1], a[2], a[3], a[4], ca);
		for (gone = 0, j = 0; j < nk && !gone; j++) {
			/* far apart (more than the two half-diagonals): no
			 * overlap, and no trigonometry spent on it */
			if (fabs(v[j].cx - a[0]) > (a[2] + a[3] + v[j].w +
			    v[j].h) / 2 || fabs(v[j].cy - a[1]) > (a[2] + a[3] +
			    v[j].w + v[j].h) / 2)
				continue;
			b[0] = v[j].cx, b[1] = v[j].cy, b[2] = v[j].w;
			b[3] = v[j].h, b[4] = v[j].angle;
			geom_corners(b[0], b[1], b[2], b[3], b[4], cb);
			inter = geom_clip_area(ca, 4, cb, 4);
			iou = inter / (a[2] * a[3] + b[2] * b[3] - inter);
			small = fmin(a[2] * a[3], b[2] * b[3]);
			if (iou >= TWIN_IOU)
				v[j].reason |= v[i].reason;
			gone = iou >= TWIN_IOU || inter >= NMS_COVER * small;
		}
		if (!gone)
			v[nk++] = v[i];
	}
	return nk;
}

static int
cmp_reading(const void *a, const void *b)
{
	const struct detect_candidate	*p = a, *q = b;
	double				 rp = floor(p->cy / DETECT_BREADTH);
	double				 rq = floor(q->cy / DETECT_BREADTH);

	if (rp != rq)
		return rp < rq ? -1 : 1;
	if (p->cx != q->cx)
		return p->cx < q->cx ? -1 : 1;
	return p->cy < q->cy ? -1 : p->cy > q->cy;
}

static void
work_free(struct work *wk)
{
	free(wk->tb);
	free(wk->td);
	free(wk->mask);
	free(wk->queue);
	free(wk->queue2);
	free(wk->gsize);
	free(wk->pts);
	free(wk->hull);
	free(wk->rowmin);
	free(wk->rowmax);
}

/*
 * The candidates of in->f, in reading order (top to bottom by bands of
 * DETECT_BREADTH, then left to right), ids from 1. *out is the caller's
 * to free (NULL when there are none). Returns -1 on a frame that is not
 * usable (no pixels, a previous frame of another size is ignored).
 */
int
detect_find(const struct detect_input *in, struct detect_candidate **out,
    size_t *nout, char *err, size_t errlen)
{
	const struct frame	*f = in->f, *p = in->prev;
	struct work		 wk;
	struct detect_candidate	*v = NULL;
	size_t			 n, i, nv = 0, cap = 0, cnt;
	int			 k, tb, td, pol;

	*out = NULL;
	*nout = 0;
	if (f == NULL || in->v == NULL || f->rgb == NULL || f->w <= 0 ||
	    f->h <= 0 || !(in->v->scale > 0))
		return errf(err, errlen, "no pixels to look at");
	if (in->width <= 0 || in->height <= 0)
		return errf(err, errlen, "the image has no size");
	if ((size_t)f->w * (size_t)f->h > INT32_MAX / 4)
		return errf(err, errlen, "a %d x %d frame is too large to "
		    "search", f->w, f->h);
	memset(&wk, 0, sizeof wk);
	wk.f = f;
	wk.w = f->w;
	wk.h = f->h;
	n = (size_t)f->w * (size_t)f->h;
	wk.tb = xmalloc(n);
	wk.td = xmalloc(n);
	wk.mask = xmalloc(n);
	k = (int)lround(DETECT_BREADTH / in->v->scale);
	k = k < 3 ? 3 : k > 99 ? 99 : k;
	tophats(f, k | 1, &wk, &tb, &td);
	if (p != NULL && (p->w != f->w || p->h != f->h || p->rgb == NULL))
		p = NULL;
	masks(f, p, &wk, tb, td);
	for (i = 0; i < n && nv < MAX_CANDIDATES; i++) {
		if (!(wk.mask[i] & (M_BRIGHT | M_DARK)))
			continue;
		for (pol = 1; pol <= 2; pol++) {
			if (!(wk.mask[i] & pol))
				continue;
			cnt = grow(&wk, (uint8_t)pol, (int32_t)i, &wk.queue,
			    &wk.qcap, 0);
			regions(in, &wk, cnt, pol, pol == 1 ? tb : td, &v,
			    &nv, &cap);
		}
	}
	work_free(&wk);
	nv = suppress(v, nv);
	/* hidden only now: a mark over the best of overlapping candidates
	 * must not let the worse ones it suppressed come back */
	for (i = 0, n = 0; i < nv; i++) {
		double	 box[5] = { v[i].cx, v[i].cy, v[i].w, v[i].h,
		    v[i].angle };

		if (!hidden(in, box))
			v[n++] = v[i];
	}
	nv = n;
	if (nv > 1)
		qsort(v, nv, sizeof *v, cmp_reading);
	for (i = 0; i < nv; i++)
		v[i].id = (int)i + 1;
	*out = v;
	*nout = nv;
	return 0;
}
