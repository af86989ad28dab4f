/*
 * pixels.c: the image pane as one picture, for terminals that draw pixels
 * (kitty graphics, sixel, iTerm2). The screen is composed in cells as
 * always; then, where the picture is shown, the pane's cells are blanked
 * (curses leaves blank cells alone, so the picture stays) and the picture
 * goes out after the blit, at the pane's corner, the cursor saved and
 * restored around it so curses' idea of the cursor stays true.
 *
 * The picture is the cell view at the pane's pixel size (cells x cell
 * pixels), read through the same path as snapshot by the loop before it
 * draws (pixels_load), never while drawing; quays, marks, labels,
 * the box being drawn and the cursor are drawn into it, crisp at any zoom.
 * A picture goes out only when it differs from the one on screen (a hash
 * of its pixels); kitty keeps the last few under image ids, so blinking
 * and stepping back and forth only place an id again. A picture that
 * would take longer than BUDGET_S at the link's speed (QUAYMARK_LINK in
 * bits/s, else as measured when under 10 Mbit/s) is not sent: that frame
 * shows cells. In idle time the next and previous dates' and the four
 * half-screen pans' views are read ahead; kitty is sent them, sixel and
 * iTerm2 (which hold nothing) have the pans encoded and kept.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tui.h"
#include "../geo/geo.h"

#define KITTY_IDS	16	/* pictures the terminal keeps for us */
#define BUDGET_S	0.3	/* seconds a picture may take on the link */
#define LINK_LOCAL_BPS	10e6	/* measured faster: a local terminal */
#define KEEP_MAX	32
#define BASES		7	/* this view, the next and previous date's,
				   and the four pans' */
#define KEEP_RESERVE	16	/* sixel registers left for exact colours */
#define PIXELS_MIN_ZOOM	(1.0 / 32)	/* 32 screen pixels an image pixel */
#define KEPT		4	/* sixel, iTerm2: the pans' encoded pictures */
#define KEPT_BYTES	(1 << 20)	/* larger: not kept (memory) */

struct pixels {
	struct gfx_caps	 caps;
	struct base {			/* views read, no overlays */
		struct picture	 p;
		int64_t		 image;
		struct viewport	 view;
		double		 gamma;
		uint64_t	 used;
		struct gfx_palette *pal;	/* sixel: fitted to it */
		uint64_t	 sent;	/* kitty: its hash, sent ahead; 0 */
		uint64_t	 made;	/* when read (its palette with it) */
	}		 base[BASES];
	struct kept {			/* sixel, iTerm2: encoded ahead */
		uint64_t	 key;	/* pixels, exact colours, base */
		uint64_t	 used;
		struct buf	 seq;	/* empty: too large to keep */
	}		 kept[KEPT];
	int		 kept_shown;	/* the last frame wrote one */
	struct picture	 pic;		/* with overlays */
	struct picture	 last;		/* on screen (kitty: under last_id) */
	uint64_t	 shown;		/* hash on screen; 0: none */
	struct {
		uint64_t	 hash;
		uint32_t	 id;
		uint64_t	 used;
	} kitty[KITTY_IDS];
	uint32_t	 placed;	/* kitty id on screen */
	uint32_t	 last_id;	/* kitty id holding px->last; 0 */
	int64_t		 last_base;	/* the image and view in px->last */
	struct viewport	 last_view;
	uint32_t	 strip;		/* kitty strip over it; 0: none */
	uint32_t	 next_id;
	uint64_t	 tick;
	double		 link_bps;	/* QUAYMARK_LINK; 0: measured */
	size_t		 whole;		/* kitty: bytes of the last whole
					   picture written */
	int		 over;		/* the last picture was over budget */
	struct buf	 out;		/* to write after the blit */
	struct gfx_work	 wk;		/* the encoders' buffers */
};

struct pixels *
pixels_new(const struct gfx_caps *caps)
{
	struct pixels	*px;
	const char	*l = getenv("QUAYMARK_LINK");
	char		*end;
	double		 v;
	int		 i;

	if (caps->proto == GFX_CELLS)
		return NULL;
	px = xcalloc(1, sizeof *px);
	px->caps = *caps;
	px->next_id = 1;
	buf_init(&px->out);
	for (i = 0; i < KEPT; i++)
		buf_init(&px->kept[i].seq);
	if (l != NULL && (v = strtod(l, &end)) > 0 && end != l) {
		if (*end == 'k' || *end == 'K')
			v *= 1e3;
		else if (*end == 'm' || *end == 'M')
			v *= 1e6;
		px->link_bps = v;
	}
	return px;
}

void
pixels_free(struct pixels *px)
{
	if (px == NULL)
		return;
	int	 i;

	for (i = 0; i < BASES; i++) {
		picture_free(&px->base[i].p);
		free(px->base[i].pal);
	}
	for (i = 0; i < KEPT; i++)
		buf_free(&px->kept[i].seq);
	gfx_work_free(&px->wk);
	picture_free(&px->pic);
	picture_free(&px->last);
	buf_free(&px->out);
	free(px);
}

static uint64_t
hash_pixels(const struct picture *p)
{
	uint64_t	 h = 1469598103934665603ULL, w;
	size_t		 n = (size_t)p->w * (size_t)p->h * 3, i;

	for (i = 0; i + 8 <= n; i += 8) {
		memcpy(&w, p->rgb + i, 8);
		h = (h ^ w) * 1099511628211ULL;
		h ^= h >> 29;
	}
	for (; i < n; i++)
		h = (h ^ p->rgb[i]) * 1099511628211ULL;
	h ^= (uint64_t)p->w << 32 | (uint64_t)p->h;
	return h ? h : 1;
}

static void
keep(uint8_t *k, int *nk, const uint8_t *rgb)
{
	int	 i;

	for (i = 0; i < *nk; i++)
		if (memcmp(k + 3 * i, rgb, 3) == 0)
			return;
	if (*nk < KEEP_MAX)
		memcpy(k + 3 * (*nk)++, rgb, 3);
}

/*
 * A mark drawn on the picture (origin x0, y0, sp picture pixels per image
 * pixel): the selected one with a white outline just outside, its label
 * above its top-left corner.
 */
static void
draw_mark(struct picture *p, double x0, double y0, double sp,
    const struct overlay_mark *om, uint8_t *k, int *nk)
{
	static const uint8_t white[3] = { 255, 255, 255 };
	struct overlay_mark	 sel;
	double			 lx, ly;

	if (om->selected && om->kind != SHAPE_POINT) {
		sel = *om;
		sel.w += 6 / sp;
		sel.h += 6 / sp;
		memcpy(sel.rgb, white, 3);
		sel.dashed = 0;
		picture_mark(p, x0, y0, sp, &sel);
		keep(k, nk, white);
	}
	picture_mark(p, x0, y0, sp, om);
	keep(k, nk, om->rgb);
	if (om->label == NULL)
		return;
	lx = (om->cx - (om->kind == SHAPE_POINT ? 0 : om->w / 2) - x0) * sp;
	ly = (om->cy - (om->kind == SHAPE_POINT ? 0 : om->h / 2) - y0) * sp -
	    18;
	if (ly < 0)
		ly = (om->cy + om->h / 2 - y0) * sp + 4;
	font_draw(p->rgb, p->w, p->h, (int)lx, (int)ly, om->label, om->rgb,
	    2);
}

/* The cursor: a white cross with a dark outline, readable on any pixel. */
static void
draw_cursor(struct picture *p, double x0, double y0, double sp, double cx,
    double cy, uint8_t *k, int *nk)
{
	static const uint8_t dark[3] = { 0, 0, 0 }, white[3] = { 255, 255,
	    255 };
	struct overlay_mark	 m;

	memset(&m, 0, sizeof m);
	m.kind = SHAPE_POINT;
	m.cx = cx + 1 / sp;
	m.cy = cy + 1 / sp;
	memcpy(m.rgb, dark, 3);
	picture_mark(p, x0, y0, sp, &m);
	m.cx = cx;
	m.cy = cy;
	memcpy(m.rgb, white, 3);
	picture_mark(p, x0, y0, sp, &m);
	keep(k, nk, white);
	keep(k, nk, dark);
}

/*
 * The overlays draw_pane puts in cells (quays, marks, the box being
 * drawn, the cursor), drawn into px->pic instead; the same choices (the
 * mark being adjusted shows its new geometry, proposals dashed).
 */
static void
draw_overlays(struct app *a, struct pixels *px, double sp, uint8_t *k,
    int *nk)
{
	static const uint8_t	 qc[3] = { 90, 170, 230 };
	struct overlay_mark	 om;
	const double		*pts;
	double			 x0 = a->view.x0, y0 = a->view.y0;
	char			 label[64];
	size_t			 i, n;

	for (i = 0; i < a->nquays; i++)
		if (quay_cached_polygon(a->ql, a->info.id, i, &pts, &n) == 0) {
			picture_polygon(&px->pic, x0, y0, sp, pts, n, qc);
			keep(k, nk, qc);
		}
	for (i = 0; i < a->nmarks; i++)
		if (app_overlay_mark(a, i, &om, label, sizeof label) == 0)
			draw_mark(&px->pic, x0, y0, sp, &om, k, nk);
	if (a->mode == MODE_BOX) {
		app_overlay_box(a, &om);
		draw_mark(&px->pic, x0, y0, sp, &om, k, nk);
	}
	draw_cursor(&px->pic, x0, y0, sp, a->cx, a->cy, k, nk);
}

/* px->pic: b's picture with the overlays; returns its hash. */
static uint64_t
compose(struct app *a, struct pixels *px, const struct base *b, uint8_t *k,
    int *nk)
{
	int	 W = b->p.w, H = b->p.h;

	if (px->pic.w != W || px->pic.h != H) {
		picture_free(&px->pic);
		px->pic.w = W;
		px->pic.h = H;
		px->pic.rgb = xreallocarray(NULL, (size_t)W * (size_t)H, 3);
	}
	memcpy(px->pic.rgb, b->p.rgb, (size_t)W * (size_t)H * 3);
	*nk = 0;
	draw_overlays(a, px, px->caps.cw / a->view.scale, k, nk);
	return hash_pixels(&px->pic);
}

/*
 * What a whole sixel or iTerm2 picture's bytes follow from: its pixels
 * (hash h), the overlays' exact colours and the base's sixel palette
 * (when b was read). Whatever changes what a pan shows (marks, cursor,
 * zoom, date, size, palette) changes this key, so no event need say so.
 */
static uint64_t
kept_key(uint64_t h, const uint8_t *k, int nk, const struct base *b)
{
	int	 i;

	for (i = 0; i < 3 * nk; i++)
		h = (h ^ k[i]) * 1099511628211ULL;
	return (h ^ b->made) * 1099511628211ULL;
}

/* The kept encoding of key, or NULL. */
static struct kept *
kept_find(struct pixels *px, uint64_t key)
{
	int	 i;

	for (i = 0; i < KEPT; i++)
		if (px->kept[i].used != 0 && px->kept[i].key == key) {
			px->kept[i].used = ++px->tick;
			return &px->kept[i];
		}
	return NULL;
}

/* The view of image id at the pane's pixel size, if it was read. */
static struct base *
base_find(struct pixels *px, int64_t id, const struct viewport *v,
    double gamma, int W, int H)
{
	int	 i;

	for (i = 0; i < BASES; i++)
		if (px->base[i].p.rgb != NULL && px->base[i].image == id &&
		    px->base[i].p.w == W && px->base[i].p.h == H &&
		    px->base[i].gamma == gamma &&
		    memcmp(&px->base[i].view, v, sizeof *v) == 0) {
			px->base[i].used = ++px->tick;
			return &px->base[i];
		}
	return NULL;
}

/* The least recently used slot but `not`, emptied. */
static struct base *
base_slot(struct pixels *px, const struct base *not)
{
	struct base	*b = NULL;
	int		 i;

	for (i = 0; i < BASES; i++)
		if (&px->base[i] != not && (b == NULL || px->base[i].used <
		    b->used))
			b = &px->base[i];
	picture_free(&b->p);
	b->used = 0;
	b->sent = 0;
	return b;
}

/*
 * Sixel: a palette fitted to b's picture, from every other pixel of every
 * other row, leaving registers for the overlays' exact colours. Fitted
 * once a view: pictures of it (the cursor, marks) and pans from it map
 * their pixels through it, and for the next date it is fitted ahead.
 */
static void
base_fit(struct pixels *px, struct base *b)
{
	int	 n = px->caps.ncolours;

	if (px->caps.proto != GFX_SIXEL)
		return;
	if (n < 2 || n > 256)
		n = 256;
	if (b->pal == NULL)
		b->pal = xcalloc(1, sizeof *b->pal);
	gfx_palette_fit(b->pal, b->p.rgb, b->p.w, b->p.h, 2, NULL, 0,
	    n > 4 * KEEP_RESERVE ? n - KEEP_RESERVE : n * 3 / 4);
}

/* b holds view v of image id now: the newest slot. */
static void
base_stamp(const struct app *a, struct pixels *px, struct base *b,
    int64_t id, const struct viewport *v)
{
	b->image = id;
	b->view = *v;
	b->gamma = a->gamma;
	b->used = ++px->tick;
	b->made = b->used;
}

/* Read view v of image c (id) at W x H pixels into the least used slot. */
static struct base *
base_read(struct app *a, struct pixels *px, struct cached_image *c,
    int64_t id, const struct viewport *v, int W, int H)
{
	struct base	*b;
	double		 sp = px->caps.cw / v->scale;
	char		 err[256];

	if (c == NULL || !c->ok || c->im.r == NULL)
		return NULL;
	b = base_slot(px, NULL);
	if (render_picture(c->im.r, v->x0, v->y0, W / sp, H / sp, sp,
	    &c->im.stretch, &b->p, err, sizeof err) != 0)
		return NULL;
	if (b->p.w != W || b->p.h != H) {
		picture_free(&b->p);
		return NULL;
	}
	base_stamp(a, px, b, id, v);
	base_fit(px, b);
	return b;
}

/* Picture pixels x, y, w, h of view v, read from c into dst. */
static int
read_rect(const struct viewport *v, struct cached_image *c, double sp,
    struct picture *dst, int x, int y, int w, int h)
{
	struct picture	 t;
	char		 err[256];
	int		 r;

	if (w <= 0 || h <= 0)
		return 0;
	if (render_picture(c->im.r, v->x0 + x / sp, v->y0 + y / sp,
	    w / sp, h / sp, sp, &c->im.stretch, &t, err, sizeof err) != 0)
		return -1;
	if (t.w != w || t.h != h) {
		picture_free(&t);
		return -1;
	}
	for (r = 0; r < h; r++)
		memcpy(dst->rgb + ((size_t)(y + r) * (size_t)dst->w +
		    (size_t)x) * 3, t.rgb + (size_t)r * (size_t)w * 3,
		    (size_t)w * 3);
	picture_free(&t);
	return 0;
}

/* The most recently used view held of image id at v's zoom and size. */
static struct base *
base_near(struct pixels *px, const struct app *a, int64_t id,
    const struct viewport *v, int W, int H)
{
	struct base	*o = NULL;
	int		 i;

	for (i = 0; i < BASES; i++)
		if (px->base[i].p.rgb != NULL && px->base[i].image == id &&
		    px->base[i].p.w == W && px->base[i].p.h == H &&
		    px->base[i].gamma == a->gamma &&
		    px->base[i].view.scale == v->scale &&
		    (o == NULL || px->base[i].used > o->used))
			o = &px->base[i];
	return o;
}

/*
 * A pan: view v is a held one moved by whole picture pixels, so its
 * pixels are copied and only the ground the pan brings in is read (half
 * a picture for a half-screen pan, a strip for a step past the edge);
 * its sixel palette goes along. NULL when no held view is such.
 */
static struct base *
base_pan(struct app *a, struct pixels *px, struct cached_image *c,
    int64_t id, const struct viewport *v, int W, int H)
{
	struct base	*o, *b;
	double		 sp = px->caps.cw / v->scale, fx, fy;
	int		 dx, dy, x0, x1, y0, y1, y;

	if ((o = base_near(px, a, id, v, W, H)) == NULL || c == NULL ||
	    !c->ok || c->im.r == NULL)
		return NULL;
	fx = (v->x0 - o->view.x0) * sp;
	fy = (v->y0 - o->view.y0) * sp;
	dx = (int)lround(fx);
	dy = (int)lround(fy);
	if (fabs(fx - dx) > 1e-6 || fabs(fy - dy) > 1e-6 || abs(dx) >= W ||
	    abs(dy) >= H)
		return NULL;
	b = base_slot(px, o);
	b->p.w = W;
	b->p.h = H;
	b->p.rgb = xreallocarray(NULL, (size_t)W * (size_t)H, 3);
	/* columns x0 .. x1 - 1 and rows y0 .. y1 - 1 come from o */
	x0 = dx > 0 ? 0 : -dx;
	x1 = dx > 0 ? W - dx : W;
	y0 = dy > 0 ? 0 : -dy;
	y1 = dy > 0 ? H - dy : H;
	for (y = y0; y < y1; y++)
		memcpy(b->p.rgb + ((size_t)y * (size_t)W + (size_t)x0) * 3,
		    o->p.rgb + ((size_t)(y + dy) * (size_t)W + (size_t)(x0 +
		    dx)) * 3, (size_t)(x1 - x0) * 3);
	if (read_rect(v, c, sp, &b->p, 0, 0, W, y0) != 0 ||
	    read_rect(v, c, sp, &b->p, 0, y1, W, H - y1) != 0 ||
	    read_rect(v, c, sp, &b->p, 0, y0, x0, y1 - y0) != 0 ||
	    read_rect(v, c, sp, &b->p, x1, y0, W - x1, y1 - y0) != 0) {
		picture_free(&b->p);
		return NULL;
	}
	base_stamp(a, px, b, id, v);
	if (o->pal != NULL) {
		if (b->pal == NULL)
			b->pal = xcalloc(1, sizeof *b->pal);
		memcpy(b->pal, o->pal, sizeof *b->pal);
	}
	return b;
}

/*
 * 1 when the pane is cells, not a picture: full screens replace it; hint
 * letters over candidates are cells, a moment's choice: cells show them
 * whole.
 */
static int
pixels_off(const struct app *a, int W, int H)
{
	return a->mode == MODE_HELP || a->mode == MODE_REPORT || a->mode ==
	    MODE_HISTORY || a->mode == MODE_HINT || a->cols < MIN_COLS ||
	    a->rows < MIN_ROWS || a->nimages == 0 || W > GFX_MAX_SIDE ||
	    H > GFX_MAX_SIDE;
}

/*
 * Before drawing (app_load_frame), so that pixels_frame composes from
 * memory: the shown image's view at the pane's pixel size, held, panned
 * from one held, or read now.
 */
void
pixels_load(struct app *a)
{
	struct pixels	*px = a->px;
	int		 W, H;

	if (px == NULL)
		return;
	W = pane_cols(a) * px->caps.cw;
	H = pane_rows(a) * px->caps.ch;
	if (pixels_off(a, W, H) || base_find(px, a->shown_id, &a->view,
	    a->gamma, W, H) != NULL)
		return;
	if (base_pan(a, px, a->shown, a->shown_id, &a->view, W, H) == NULL)
		(void)base_read(a, px, a->shown, a->shown_id, &a->view, W, H);
}

/*
 * The link's speed in bits/s that a picture's bytes are held to; 0: none
 * (a local terminal). A measured speed counts where it is a network's: a
 * local terminal's parsing speed is no reason to give up pixels.
 */
static double
link_bps(const struct app *a)
{
	const struct pixels	*px = a->px;

	return px->link_bps > 0 ? px->link_bps : a->be->link_bps <
	    LINK_LOCAL_BPS ? a->be->link_bps : 0;
}

static uint32_t	 kitty_find(struct pixels *, uint64_t);
static uint32_t	 kitty_new(struct pixels *, uint64_t, struct buf *);

/*
 * Kitty: pictures may go ahead where no byte budget holds (a local
 * terminal, or tmux on one, however slow its parsing under load: a key
 * pressed meanwhile waits for at most the picture being written, which
 * that key would have cost anyway), and under a budget only when a
 * picture fits it (QUAYMARK_LINK=100M, say): on a slower link every
 * byte goes to what is shown.
 */
static int
ahead_ok(const struct app *a, const struct pixels *px)
{
	double	 bps = link_bps(a);

	/* none sent yet under a budget: too large, as far as is known */
	return px->caps.proto == GFX_KITTY && (bps <= 0 || (px->whole > 0 &&
	    px->whole * 8.0 <= bps * BUDGET_S));
}

/*
 * Kitty, on a link fast enough (ahead_ok): b (a picture read ahead: another
 * date's, or a pan's) goes to the terminal now, bare, kept under an id
 * and not shown; stepping to that date or view then places it and sends
 * the marks and the cursor as a strip over it, not the picture. A slow
 * link spends its bytes on what is shown only. Returns 1 when it wrote.
 */
static int
base_send_ahead(struct app *a, struct pixels *px, struct base *b)
{
	struct buf	 png;
	char		 err[256];
	uint64_t	 h;
	uint32_t	 id;

	if (b->sent != 0 || !ahead_ok(a, px))
		return 0;
	h = hash_pixels(&b->p);
	if (kitty_find(px, h) != 0) {
		b->sent = h;
		return 0;
	}
	buf_init(&png);
	if (gfx_png_work(&px->wk, b->p.rgb, b->p.w, b->p.h, &png, err,
	    sizeof err) == 0) {
		id = kitty_new(px, h, &px->out);
		gfx_kitty_send(&px->out, (uint8_t *)png.data, png.len, id, 0,
		    0, 0, px->caps.tmux);
		b->sent = h;
		px->whole = px->out.len;
		pixels_flush(a);
	}
	buf_free(&png);
	return b->sent != 0;
}

static int	 encode(struct pixels *, struct base *, uint64_t, int, int,
		    int *, int, const uint8_t *, int, struct buf *);

/*
 * Sixel and iTerm2 hold no pictures: the pan in direction d is drawn now
 * from its base b exactly as act_pan's frame would draw it (the pan
 * applied to the app, then undone), and its bytes kept, so that pan only
 * writes them. Returns 1 when it encoded one.
 */
static int
encode_ahead(struct app *a, struct pixels *px, int d, struct base *b)
{
	struct viewport	 v = a->view;
	struct kept	*kp = &px->kept[0];
	uint8_t		 k[3 * KEEP_MAX];
	uint64_t	 h, key;
	double		 cx = a->cx, cy = a->cy;
	int		 i, nk, row0 = 0, rows = pane_rows(a), made = 0;

	pan_apply(a, d);
	h = compose(a, px, b, k, &nk);
	key = kept_key(h, k, nk, b);
	if (kept_find(px, key) == NULL) {
		for (i = 1; i < KEPT; i++)	/* the least recently used */
			if (px->kept[i].used < kp->used)
				kp = &px->kept[i];
		buf_reset(&kp->seq);	/* empty: not kept */
		if (encode(px, b, h, pane_cols(a), rows, &row0, rows, k, nk,
		    &kp->seq) != 0 || kp->seq.len > KEPT_BYTES) {
			buf_free(&kp->seq);
			buf_init(&kp->seq);
		}
		kp->key = key;
		kp->used = ++px->tick;
		made = 1;
	}
	a->view = v;
	a->cx = cx;
	a->cy = cy;
	return made;
}

/*
 * After the dates: the four half-screen pans' pictures (half copied from
 * this view's, half read); kitty sends them ahead on a link fast enough,
 * so that a pan too is a placement and a strip; sixel and iTerm2 encode
 * them ahead (encode_ahead: CPU in idle time, no bytes, so under a byte
 * budget too, but not where the last picture was over it: a pan's would
 * be cells as well). Returns 1 when it read, sent or encoded one.
 */
static int
pans_ahead(struct app *a, struct pixels *px, int W, int H)
{
	struct viewport	 pv;
	struct base	*b;
	int		 d, dx, dy, kitty = px->caps.proto == GFX_KITTY;

	if (kitty ? !ahead_ok(a, px) : px->over)
		return 0;
	for (d = PAN_DOWN; d <= PAN_RIGHT; d++) {
		pan_view(a, d, &pv, &dx, &dy);
		if (memcmp(&pv, &a->view, sizeof pv) == 0)
			continue;	/* at the image's edge */
		if ((b = base_find(px, a->shown_id, &pv, a->gamma, W, H)) !=
		    NULL) {
			if (kitty ? base_send_ahead(a, px, b) :
			    encode_ahead(a, px, d, b))
				return 1;
			continue;
		}
		/* the shown view's slot: the newest, the pan's source */
		if (base_find(px, a->shown_id, &a->view, a->gamma, W, H) !=
		    NULL && base_pan(a, px, a->shown, a->shown_id, &pv, W,
		    H) != NULL)
			return 1;
	}
	return 0;
}

/*
 * In idle time, after the cells' read-ahead: the next and the previous
 * date's pictures of this view, so stepping a date costs the encoding
 * only (kitty: a placement and a strip, base_send_ahead), then for kitty
 * the pans' (pans_ahead). Returns 1 when it read or sent one (call
 * again), 0 when nothing is left.
 */
int
pixels_read_ahead(struct app *a)
{
	struct pixels	*px = a->px;
	struct base	*b;
	int64_t		 id;
	size_t		 want[2], k;
	int		 i, W, H;

	if (px == NULL || a->blink)
		return 0;
	W = pane_cols(a) * px->caps.cw;
	H = pane_rows(a) * px->caps.ch;
	if (W <= 0 || H <= 0 || pixels_off(a, W, H))
		return 0;
	want[0] = a->cur + 1;
	want[1] = a->cur - 1;	/* from 0 it wraps: out of range below */
	for (i = 0; i < 2; i++) {
		if (want[i] >= a->nimages)
			continue;
		id = a->images[want[i]].id;
		if ((b = base_find(px, id, &a->view, a->gamma, W, H)) != NULL) {
			if (base_send_ahead(a, px, b))
				return 1;
			continue;
		}
		for (k = 0; k < IMAGE_CACHE; k++)
			if (a->cache[k].image_id == id && a->cache[k].ok) {
				/* the shown view's slot, freshly used, stays */
				(void)base_find(px, a->shown_id, &a->view,
				    a->gamma, W, H);
				base_read(a, px, &a->cache[k], id, &a->view,
				    W, H);
				return 1;
			}
	}
	return pans_ahead(a, px, W, H);
}

/* The kitty id holding picture hash h, or 0. */
static uint32_t
kitty_find(struct pixels *px, uint64_t h)
{
	int	 i;

	for (i = 0; i < KITTY_IDS; i++)
		if (px->kitty[i].id != 0 && px->kitty[i].hash == h) {
			px->kitty[i].used = ++px->tick;
			return px->kitty[i].id;
		}
	return 0;
}

/* A new id for hash h, freeing the least recently used one but those on
 * screen (placed, and the one strips lie over). */
static uint32_t
kitty_new(struct pixels *px, uint64_t h, struct buf *out)
{
	uint32_t	 id;
	int		 i, lru = -1;

	for (i = 0; i < KITTY_IDS; i++) {
		id = px->kitty[i].id;
		if (id != 0 && (id == px->placed || id == px->last_id))
			continue;
		if (lru < 0 || px->kitty[i].used < px->kitty[lru].used)
			lru = i;
	}
	if (px->kitty[lru].id != 0)
		gfx_kitty_delete(out, px->kitty[lru].id, px->caps.tmux);
	px->kitty[lru].id = px->next_id++;
	px->kitty[lru].hash = h;
	px->kitty[lru].used = ++px->tick;
	return px->kitty[lru].id;
}

/* Hash h was not sent after all: its id holds nothing. */
static void
kitty_forget(struct pixels *px, uint64_t h)
{
	int	 i;

	for (i = 0; i < KITTY_IDS; i++)
		if (px->kitty[i].hash == h && px->kitty[i].id != 0 &&
		    px->kitty[i].id == px->placed) {
			px->kitty[i].id = 0;
			px->kitty[i].used = 0;
		}
	px->placed = 0;
}

#define STRIP_IDS	0x7fff0000u	/* two ids, above the pictures' */

/* Kitty: delete the strip laid over the picture, if there is one. */
static void
strip_off(struct pixels *px, struct buf *seq)
{
	if (px->strip != 0)
		gfx_kitty_delete(seq, px->strip, px->caps.tmux);
	px->strip = 0;
}

static int	 differing_rows(const struct pixels *, int, int *, int *);

/*
 * Kitty: cell rows row0 .. row0 + nrows - 1 of px->pic as a strip over
 * the picture under last_id (the next strip replaces it): only the
 * pixels that differ from it, the rest transparent.
 */
static int
kitty_strip(struct pixels *px, int cols, int row0, int nrows,
    struct buf *seq)
{
	struct buf	 png;
	char		 err[256];
	size_t		 off = (size_t)row0 * px->caps.ch * (size_t)px->pic.w * 3;
	uint32_t	 old;
	int		 rc;

	buf_init(&png);
	if ((rc = gfx_png_over(&px->wk, px->pic.rgb + off, px->last.rgb + off,
	    px->pic.w, nrows * px->caps.ch, &png, err, sizeof err)) == 0) {
		old = px->strip;
		px->strip = old == STRIP_IDS + 1 ? STRIP_IDS + 2 :
		    STRIP_IDS + 1;
		gfx_kitty_strip(seq, (uint8_t *)png.data, png.len, px->strip,
		    cols, nrows, px->caps.tmux);
		if (old != 0)	/* after: no flicker between */
			gfx_kitty_delete(seq, old, px->caps.tmux);
	}
	buf_free(&png);
	return rc;
}

/*
 * Kitty: b's picture went ahead, bare (pixels_read_ahead): place it, and
 * what is drawn over it (marks, quays, the cursor) goes as a strip. The
 * placement is at the pane's top (*row0 = 0), the strip at its rows.
 */
static int
kitty_bare(struct pixels *px, const struct base *b, uint32_t id, int cols,
    int rows, int *row0, struct buf *seq)
{
	int	 lo, n;

	strip_off(px, seq);
	if (px->placed != 0 && px->placed != id)
		gfx_kitty_unplace(seq, px->placed, px->caps.tmux);
	gfx_kitty_place(seq, id, cols, rows, px->caps.tmux);
	px->placed = px->last_id = id;
	px->last_base = b->image;
	px->last_view = b->view;
	picture_free(&px->last);
	px->last.w = b->p.w;
	px->last.h = b->p.h;
	px->last.rgb = xreallocarray(NULL, (size_t)b->p.w * (size_t)b->p.h,
	    3);
	memcpy(px->last.rgb, b->p.rgb, (size_t)b->p.w * (size_t)b->p.h * 3);
	*row0 = 0;
	if (!differing_rows(px, rows, &lo, &n))
		return 0;
	buf_printf(seq, "\033[%d;1H", lo + 1);
	return kitty_strip(px, cols, lo, n, seq);
}

/*
 * Kitty: show px->pic (hash h) over cols x rows cells, rows *row0 ..
 * *row0 + nrows - 1 of it differing from the picture under last_id. A
 * picture the terminal holds is placed again (b's bare one with a strip
 * over it); a few changed rows go as a strip over the placed picture;
 * else the whole picture goes under a new id.
 */
static int
encode_kitty(struct pixels *px, const struct base *b, uint64_t h, int cols,
    int rows, int *row0, int nrows, struct buf *seq)
{
	struct buf	 png;
	char		 err[256];
	uint32_t	 id;
	int		 rc;

	if ((id = kitty_find(px, h)) != 0) {
		strip_off(px, seq);
		if (px->placed != id) {
			if (px->placed != 0)
				gfx_kitty_unplace(seq, px->placed,
				    px->caps.tmux);
			gfx_kitty_place(seq, id, cols, rows, px->caps.tmux);
		}
		px->placed = id;
		return 0;
	}
	if (nrows < rows && px->placed != 0 && px->placed == px->last_id)
		return kitty_strip(px, cols, *row0, nrows, seq);
	if (b->sent != 0 && (id = kitty_find(px, b->sent)) != 0)
		return kitty_bare(px, b, id, cols, rows, row0, seq);
	buf_init(&png);
	if ((rc = gfx_png_work(&px->wk, px->pic.rgb, px->pic.w, px->pic.h,
	    &png, err, sizeof err)) == 0) {
		strip_off(px, seq);
		if (px->placed != 0)
			gfx_kitty_unplace(seq, px->placed, px->caps.tmux);
		id = kitty_new(px, h, seq);
		gfx_kitty_send(seq, (uint8_t *)png.data, png.len, id, cols,
		    rows, 1, px->caps.tmux);
		px->placed = id;
		px->whole = seq->len;
	}
	buf_free(&png);
	return rc;
}

/*
 * The escape sequences showing cell rows row0 .. row0 + nrows - 1 of
 * px->pic (hash h of the whole) over cols x nrows cells at row0: sixel
 * and iTerm2 paint over what is there, so a strip is enough.
 */
static int
encode(struct pixels *px, struct base *b, uint64_t h, int cols, int rows,
    int *row0p, int nrows, const uint8_t *k, int nk, struct buf *seq)
{
	struct buf	 png;
	const uint8_t	*rgb;
	char		 err[256];
	int		 rc = 0, w = px->pic.w, sh;

	if (px->caps.proto == GFX_KITTY)
		return encode_kitty(px, b, h, cols, rows, row0p, nrows, seq);
	rgb = px->pic.rgb + (size_t)*row0p * px->caps.ch * (size_t)w * 3;
	sh = nrows * px->caps.ch;
	if (px->caps.proto == GFX_SIXEL) {
		if (b->pal != NULL && nk + b->pal->n <= (px->caps.ncolours >=
		    2 && px->caps.ncolours <= 256 ? px->caps.ncolours : 256))
			rc = gfx_sixel_pal(&px->wk, b->pal, rgb, w, sh, k, nk,
			    seq, err, sizeof err);
		else	/* more exact colours than registers left */
			rc = gfx_sixel(rgb, w, sh, k, nk, px->caps.ncolours,
			    seq, err, sizeof err);
		if (rc == 0 && px->caps.tmux) {
			buf_init(&png);
			gfx_tmux_wrap(&png, seq->data, seq->len);
			buf_reset(seq);
			buf_add(seq, png.data, png.len);
			buf_free(&png);
		}
		return rc;
	}
	buf_init(&png);
	if ((rc = gfx_png_work(&px->wk, rgb, w, sh, &png, err, sizeof err))
	    == 0)
		gfx_iterm(seq, (uint8_t *)png.data, png.len, cols, nrows,
		    px->caps.tmux);
	buf_free(&png);
	return rc;
}

/* The cell rows where px->pic differs from px->last (same size), as
 * *row0 and *nrows; 0 when none does. */
static int
differing_rows(const struct pixels *px, int rows, int *row0, int *nrows)
{
	size_t	 band = (size_t)px->caps.ch * (size_t)px->pic.w * 3;
	int	 r, lo = -1, hi = -1;

	for (r = 0; r < rows; r++)
		if (memcmp(px->pic.rgb + r * band, px->last.rgb + r * band,
		    band) != 0) {
			if (lo < 0)
				lo = r;
			hi = r;
		}
	*row0 = lo;
	*nrows = hi - lo + 1;
	return lo >= 0;
}

/*
 * The cell rows where px->pic differs from what is on screen (for kitty:
 * from the picture under last_id), as *row0 and *nrows; all of them when
 * the screen holds no picture of this size. A cursor step then costs a
 * strip one or two cells tall instead of the pane.
 */
static void
changed_rows(const struct pixels *px, int rows, int *row0, int *nrows)
{
	if (px->shown == 0 || px->last.rgb == NULL || px->last.w !=
	    px->pic.w || px->last.h != px->pic.h ||
	    !differing_rows(px, rows, row0, nrows)) {
		*row0 = 0;
		*nrows = rows;
	}
}

/* Take the picture off the screen; 1 when only a full repaint can. */
static int
take_down(struct pixels *px)
{
	if (px->shown == 0)
		return 0;
	px->shown = 0;
	if (px->caps.proto == GFX_KITTY) {
		strip_off(px, &px->out);
		if (px->placed != 0)
			gfx_kitty_unplace(&px->out, px->placed, px->caps.tmux);
		px->placed = 0;
		return 0;
	}
	return 1;	/* sixel and iTerm2 pixels are the cells' now */
}

static void
blank_pane(struct app *a, int cols, int rows)
{
	struct cell	*c;
	int		 x, y;

	for (y = 0; y < rows; y++)
		for (x = 0; x < cols; x++)
			if ((c = grid_at(&a->screen, x, y)) != NULL) {
				c->ch = ' ';
				c->fg = c->bg = CELL_DEFAULT;
				c->attr = 0;
			}
}

/*
 * After draw_screen, before the blit: make the pane's picture from the
 * view pixels_load read, decide
 * whether it goes out, blank the pane's cells if so. Returns 1 when the
 * blit must repaint every cell (a sixel or iTerm2 picture to take down).
 */
int
pixels_frame(struct app *a, int reactions)
{
	struct pixels	*px = a->px;
	struct buf	 seq;
	uint8_t		 k[3 * KEEP_MAX];
	uint64_t	 h;
	double		 bps;
	int		 cols = pane_cols(a), rows = pane_rows(a), nk = 0, W, H;
	int		 row0, nrows;
	uint32_t	 placed, strip;
	unsigned	 parts;
	struct base	*b;
	struct kept	*kp;

	if (px == NULL)
		return 0;
	px->kept_shown = 0;
	if (reactions & R_ALL) {	/* the screen is cleared */
		if (px->strip != 0)
			strip_off(px, &px->out);
		px->shown = 0;
		px->placed = 0;
	}
	W = cols * px->caps.cw;
	H = rows * px->caps.ch;
	if (pixels_off(a, W, H))
		return take_down(px);
	/* read by pixels_load; none: the cells say why */
	if ((b = base_find(px, a->shown_id, &a->view, a->gamma, W, H)) ==
	    NULL)
		return take_down(px);
	h = compose(a, px, b, k, &nk);
	if (h == px->shown) {
		blank_pane(a, cols, rows);
		return 0;
	}
	changed_rows(px, rows, &row0, &nrows);
	/* kitty: strips only for what is drawn over the same view of the
	 * same image (the cursor, marks); another view or date is a whole
	 * picture, kept under its id for stepping back */
	if (px->caps.proto == GFX_KITTY && (nrows > rows / 2 ||
	    px->last_base != b->image || memcmp(&px->last_view, &b->view,
	    sizeof b->view) != 0)) {
		row0 = 0;
		nrows = rows;
	}
	placed = px->placed;
	strip = px->strip;
	buf_init(&seq);
	/* sixel, iTerm2: a pan encoded ahead (encode_ahead), whole; under a
	 * byte budget not where a strip of half the pane or less would do */
	kp = px->caps.proto == GFX_KITTY || (nrows <= rows / 2 &&
	    link_bps(a) > 0) ? NULL : kept_find(px, kept_key(h, k, nk, b));
	if (kp != NULL && kp->seq.len > 0) {
		row0 = 0;
		nrows = rows;
		buf_add(&seq, kp->seq.data, kp->seq.len);
		px->kept_shown = 1;
	} else if (encode(px, b, h, cols, rows, &row0, nrows, k, nk, &seq) !=
	    0) {
		buf_free(&seq);
		return take_down(px);
	}
	bps = link_bps(a);
	if (bps > 0 && seq.len * 8.0 > bps * BUDGET_S) {
		if (!px->over) {
			app_message(a, 0, "a %zu KB picture takes %.1f s at "
			    "%.2g Mbit/s: cells until the view is smaller",
			    seq.len / 1024, seq.len * 8.0 / bps, bps / 1e6);
			/* the screen was composed before: this frame says
			 * why it is cells, not the next one (the message
			 * line: the part drawn whatever the reactions) */
			parts = a->drawn;
			draw_screen(a, R_NONE);
			a->drawn |= parts;
		}
		px->over = 1;
		if (px->caps.proto == GFX_KITTY) {	/* not sent after all */
			kitty_forget(px, h);
			px->placed = placed;
			px->strip = strip;
		}
		buf_free(&seq);
		return take_down(px);
	}
	px->over = 0;
	buf_printf(&px->out, "\0337\033[%d;1H", row0 + 1);
	buf_add(&px->out, seq.data, seq.len);
	buf_puts(&px->out, "\0338");
	buf_free(&seq);
	px->shown = h;
	/* what is on screen now; for kitty, what the new id holds */
	if (px->caps.proto != GFX_KITTY || (px->strip == 0 &&
	    px->placed != px->last_id && nrows == rows)) {
		struct picture t = px->last;

		px->last = px->pic;
		px->pic = t;
		px->last_id = px->placed;
		px->last_base = b->image;
		px->last_view = b->view;
	}
	blank_pane(a, cols, rows);
	return 0;
}

/*
 * Zoom in pixels: steps of whole powers of two of image pixels per screen
 * pixel (2:1, 1:1, 1:2 ...), so 1:1 shows each image pixel as one screen
 * pixel; a cell is cw screen pixels wide, so view scale = cw x that. Fit
 * stays the exact fit. Returns 0 in cells: the cells' own steps apply.
 */
int
pixels_zoom(const struct app *a, enum zoom_how how, struct viewport *v)
{
	double	 cw, p, np, e, sx, sy;

	if (a->px == NULL || how == ZOOM_FIT)
		return 0;
	cw = a->px->caps.cw;
	p = v->scale / cw;		/* image pixels per screen pixel */
	e = log2(p);
	if (how == ZOOM_ONE)
		np = 1;
	else if (fabs(e - round(e)) < 1e-9)	/* on a step: the next */
		np = pow(2, round(e) + (how == ZOOM_IN ? -1 : 1));
	else		/* from fit: the step beyond it */
		np = pow(2, how == ZOOM_IN ? floor(e) : ceil(e));
	if (np < PIXELS_MIN_ZOOM)
		np = PIXELS_MIN_ZOOM;
	while (np * cw > VIEW_MAX_SCALE)
		np /= 2;
	if (how == ZOOM_ONE) {
		v->scale = np * cw;
		view_center(v, a->cx, a->cy);
		return 1;
	}
	sx = (a->cx - v->x0) / v->scale;	/* the cursor stays put */
	sy = (a->cy - v->y0) / v->scale;
	v->scale = np * cw;
	v->x0 = a->cx - sx * v->scale;
	v->y0 = a->cy - sy * v->scale;
	view_snap(v);
	return 1;
}

/*
 * The view scale, on a zoom step, at which w x h image pixels fit the
 * pane (a quay, a mark in its context): in pixels the steps pixels_zoom
 * takes (powers of two of image pixels per screen pixel), in cells powers
 * of two of image pixels per cell.
 */
double
pixels_fit_scale(const struct app *a, double w, double h)
{
	double	 cw = 1, ch = 2, lo = VIEW_MIN_SCALE, p;

	if (a->px != NULL) {
		cw = a->px->caps.cw;
		ch = a->px->caps.ch;
		lo = PIXELS_MIN_ZOOM;
	}
	p = fmax(w / (fmax(a->view.cols, 1) * cw), h / (fmax(a->view.rows,
	    1) * ch));
	p = p > 0 ? pow(2, ceil(log2(p))) : 1;
	if (p < lo)
		p = lo;
	while (p * cw > VIEW_MAX_SCALE)
		p /= 2;
	return p * cw;
}

/* The zoom the status line shows: image pixels per screen pixel. */
double
pixels_scale(const struct app *a)
{
	return a->px != NULL ? a->view.scale / a->px->caps.cw : a->view.scale;
}

/* The cell in picture pixels: 0 x 0 in cells. */
void
pixels_cell(const struct app *a, int *cw, int *ch)
{
	*cw = a->px != NULL ? a->px->caps.cw : 0;
	*ch = a->px != NULL ? a->px->caps.ch : 0;
}

/* After the blit: what pixels_frame prepared, to the terminal. */
void
pixels_flush(struct app *a)
{
	struct pixels	*px = a->px;

	if (px == NULL || px->out.len == 0)
		return;
	a->be->raw(a->be, px->out.data, px->out.len);
	buf_reset(&px->out);
}

/*
 * Before suspending (quit = 0) or leaving (quit = 1): kitty's pictures
 * off the screen, and on leaving out of the terminal's memory too.
 */
void
pixels_leave(struct app *a, int quit)
{
	struct pixels	*px = a->px;
	int		 i;

	if (px == NULL)
		return;
	if (px->caps.proto == GFX_KITTY && quit) {
		/* every image, also any whose sending was cut short */
		gfx_kitty_delete(&px->out, 0, px->caps.tmux);
		for (i = 0; i < KITTY_IDS; i++)
			px->kitty[i].id = 0;
	} else if (px->caps.proto == GFX_KITTY)
		gfx_kitty_hide(&px->out, px->caps.tmux);
	px->shown = 0;
	px->placed = 0;
	pixels_flush(a);
}

/*
 * Image id's pictures are not to be used again: they were read from its
 * coarsest level while the rest of it loaded (tui/loading.c).
 */
void
pixels_forget(struct app *a, int64_t id)
{
	struct pixels	*px = a->px;
	int		 i;

	for (i = 0; px != NULL && i < BASES; i++)
		if (px->base[i].image == id) {
			picture_free(&px->base[i].p);
			px->base[i].image = 0;
			px->base[i].used = 0;
			px->base[i].sent = 0;
		}
}

/* For --trace: 1 when the last frame wrote a pan encoded ahead. */
int
pixels_kept_shown(const struct app *a)
{
	return a->px != NULL && a->px->kept_shown;
}
