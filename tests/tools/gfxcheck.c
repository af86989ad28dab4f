/*
 * gfxcheck.c: an independent reader of quaymark's kitty and iTerm2
 * output, and a pixel comparison, for tests/cli/pixels.sh. (Sixel output
 * is decoded by libsixel's sixel2png, not here.)
 *
 *   gfxcheck payload kitty|iterm IN OUT.png
 *	Parse the escape sequences in IN as the terminal would: kitty APC
 *	chunks (a=T/t, f=100, at most 4096 base64 bytes each, m=1 until the
 *	last) or one OSC 1337 File= (size= must match); decode the base64
 *	with this file's own decoder and write the payload to OUT.png.
 *	Prints "kitty id=I chunks=N cols=C rows=R" or "iterm size=N".
 *	tmux passthrough wrapping is undone first; with several pictures,
 *	the first complete one shown is taken (a=t, stored ahead and not
 *	shown, is passed over).
 *   gfxcheck screen IN CH OUT.png
 *	What a kitty terminal shows after IN (quaymark's output, tmux
 *	wrapping undone): pictures stored by id (a=T, a=t), placed (a=T,
 *	a=p) at the row the last cursor position (CSI row;col H, ESC 7/8)
 *	says, deleted (a=d); then the picture placed at z=0 with those
 *	above it (strips, z>0) laid over it at their rows (CH pixels a
 *	row), opaque where their alpha is, into OUT.png.
 *   gfxcheck compare GOT.png WANT.png MAXMAD [R,G,B]
 *	Same size; mean absolute difference per channel at most MAXMAD;
 *	with R,G,B, at least 90% of WANT's pixels of that colour (the
 *	marks) are that colour in GOT too, within 3 a channel (sixel
 *	registers are in percent).
 *   gfxcheck colour PNG R,G,B MIN
 *	Prints the size and the pixels of that colour (within 3); fails
 *	under MIN of them.
 *   gfxcheck detail PNG
 *	Prints the size and, over the middle half of the picture, the share
 *	of horizontally adjacent pixels that differ (1-pixel stripes: 1 at
 *	1:1, 0.5 magnified twice, 0 when pairs of them are averaged).
 *   gfxcheck xwd SHOT.xwd X,Y,W,H R,G,B MIN MINDETAIL
 *	A screenshot's region: at least MIN pixels of the colour and a
 *	share of differing neighbours of at least MINDETAIL.
 */
#include <ctype.h>
#include <png.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../render/render.h"
#include "../../util/util.h"

static int
b64val(int c)
{
	if (c >= 'A' && c <= 'Z')
		return c - 'A';
	if (c >= 'a' && c <= 'z')
		return c - 'a' + 26;
	if (c >= '0' && c <= '9')
		return c - '0' + 52;
	if (c == '+')
		return 62;
	if (c == '/')
		return 63;
	return -1;
}

/* Base64 text (n bytes, padded) appended to out as bytes; -1 if bad. */
static int
b64decode(const char *s, size_t n, struct buf *out)
{
	size_t	 i;
	int	 v[4], k;

	if (n % 4 != 0)
		return -1;
	for (i = 0; i < n; i += 4) {
		for (k = 0; k < 4; k++)
			v[k] = s[i + k] == '=' && i + 4 == n && k >= 2 ? 0 :
			    b64val((unsigned char)s[i + k]);
		if (v[0] < 0 || v[1] < 0 || v[2] < 0 || v[3] < 0)
			return -1;
		buf_putc(out, v[0] << 2 | v[1] >> 4);
		if (s[i + 2] != '=')
			buf_putc(out, (v[1] & 15) << 4 | v[2] >> 2);
		if (s[i + 3] != '=')
			buf_putc(out, (v[2] & 3) << 6 | v[3]);
	}
	return 0;
}

static char *
slurp(const char *path, size_t *n)
{
	struct buf	 b;
	char		 tmp[65536];
	FILE		*fp;
	size_t		 r;

	if ((fp = fopen(path, "rb")) == NULL)
		return NULL;
	buf_init(&b);
	while ((r = fread(tmp, 1, sizeof tmp, fp)) > 0)
		buf_add(&b, tmp, r);
	fclose(fp);
	*n = b.len;
	return buf_steal(&b);
}

/* Where the value of key k= starts in a kitty control string, or NULL. */
static const char *
kitty_val(const char *ctl, size_t n, const char *k)
{
	size_t	 kl = strlen(k), i;

	for (i = 0; i + kl + 1 < n; i++)
		if ((i == 0 || ctl[i - 1] == ',') && strncmp(ctl + i, k, kl) ==
		    0 && ctl[i + kl] == '=')
			return ctl + i + kl + 1;
	return NULL;
}

/* The value of key k= in a kitty control string, or -1. */
static long
kitty_key(const char *ctl, size_t n, const char *k)
{
	const char	*v = kitty_val(ctl, n, k);

	return v != NULL ? strtol(v, NULL, 10) : -1;
}

static int
kitty(const char *s, size_t n, struct buf *png)
{
	const char	*p = s, *end = s + n, *st, *semi;
	long		 id = -1, cols = -1, rows = -1, more = 1;
	int		 chunks = 0, ahead = 0;

	while (p < end && (p = memmem(p, (size_t)(end - p), "\033_G", 3)) !=
	    NULL) {
		p += 3;
		if ((st = memmem(p, (size_t)(end - p), "\033\\", 2)) == NULL)
			return fprintf(stderr, "unterminated APC\n"), -1;
		if ((semi = memchr(p, ';', (size_t)(st - p))) == NULL)
			semi = st;
		/* a picture stored ahead, not shown: up to its last chunk */
		if (chunks == 0 && (ahead || strncmp(p, "a=t,", 4) == 0)) {
			ahead = kitty_key(p, (size_t)(semi - p), "m") == 1;
			p = st + 2;
			continue;
		}
		if (chunks == 0) {
			/* placements and deletions before it: not pictures */
			if (kitty_key(p, (size_t)(semi - p), "f") == -1) {
				if (kitty_key(p, (size_t)(semi - p), "q") != 2)
					return fprintf(stderr, "not q=2\n"), -1;
				p = st + 2;
				continue;
			}
			id = kitty_key(p, (size_t)(semi - p), "i");
			cols = kitty_key(p, (size_t)(semi - p), "c");
			rows = kitty_key(p, (size_t)(semi - p), "r");
			if (kitty_key(p, (size_t)(semi - p), "f") != 100)
				return fprintf(stderr, "not f=100\n"), -1;
			if (kitty_key(p, (size_t)(semi - p), "q") != 2)
				return fprintf(stderr, "not q=2\n"), -1;
		}
		more = kitty_key(p, (size_t)(semi - p), "m");
		if (more != 0 && more != 1)
			return fprintf(stderr, "chunk %d: no m=\n", chunks), -1;
		if (semi < st && st - semi - 1 > 4096)
			return fprintf(stderr, "chunk %d over 4096\n", chunks),
			    -1;
		if (semi < st && b64decode(semi + 1, (size_t)(st - semi - 1),
		    png) != 0)
			return fprintf(stderr, "chunk %d: bad base64\n",
			    chunks), -1;
		chunks++;
		p = st + 2;
		if (!more)
			break;
	}
	if (chunks == 0 || more)
		return fprintf(stderr, "no complete kitty image\n"), -1;
	printf("kitty id=%ld chunks=%d cols=%ld rows=%ld\n", id, chunks, cols,
	    rows);
	return 0;
}

static int
iterm(const char *s, size_t n, struct buf *png)
{
	const char	*p, *colon, *bel, *sz;
	unsigned long	 size;

	if ((p = memmem(s, n, "\033]1337;File=", 12)) == NULL)
		return fprintf(stderr, "no OSC 1337 File=\n"), -1;
	if ((bel = memchr(p, '\a', n - (size_t)(p - s))) == NULL ||
	    (colon = memchr(p, ':', (size_t)(bel - p))) == NULL)
		return fprintf(stderr, "unterminated OSC 1337\n"), -1;
	if ((sz = memmem(p, (size_t)(colon - p), "size=", 5)) == NULL)
		return fprintf(stderr, "no size=\n"), -1;
	size = strtoul(sz + 5, NULL, 10);
	if (b64decode(colon + 1, (size_t)(bel - colon - 1), png) != 0)
		return fprintf(stderr, "bad base64\n"), -1;
	if (png->len != size)
		return fprintf(stderr, "size=%lu but %zu bytes\n", size,
		    png->len), -1;
	printf("iterm size=%lu\n", size);
	return 0;
}

/*
 * The contents of tmux passthrough strings (ESC P tmux; ... ESC \, every
 * ESC inside doubled) put back as the outer terminal gets them, in place;
 * the rest is left as it is. Returns the new length.
 */
static size_t
untmux(char *s, size_t n)
{
	size_t	 i = 0, o = 0;

	while (i < n) {
		if (n - i >= 7 && memcmp(s + i, "\033Ptmux;", 7) == 0) {
			i += 7;
			while (i < n) {
				if (s[i] == '\033' && i + 1 < n &&
				    s[i + 1] == '\033') {
					s[o++] = '\033';
					i += 2;
				} else if (s[i] == '\033' && i + 1 < n &&
				    s[i + 1] == '\\') {
					i += 2;
					break;
				} else
					s[o++] = s[i++];
			}
		} else
			s[o++] = s[i++];
	}
	return o;
}

static int
payload(const char *proto, const char *in, const char *outpath)
{
	struct buf	 png;
	char		*s;
	size_t		 n;
	FILE		*fp;
	int		 rc;

	if ((s = slurp(in, &n)) == NULL)
		return fprintf(stderr, "%s: cannot read\n", in), 1;
	n = untmux(s, n);
	buf_init(&png);
	rc = strcmp(proto, "kitty") == 0 ? kitty(s, n, &png) : iterm(s, n,
	    &png);
	free(s);
	if (rc == 0 && ((fp = fopen(outpath, "wb")) == NULL ||
	    fwrite(png.data, 1, png.len, fp) != png.len || fclose(fp) != 0))
		rc = -1, fprintf(stderr, "%s: cannot write\n", outpath);
	buf_free(&png);
	return rc == 0 ? 0 : 1;
}

/* kitty's screen, as far as quaymark drives it: pictures and placements */
#define SCR_MAX	64
struct scr_pic {
	long		 id;
	int		 w, h;
	uint8_t		*rgba;
};
struct scr_place {
	long		 id;
	int		 row, z;
};
struct scr {
	struct scr_pic	 pic[SCR_MAX];
	struct scr_place place[SCR_MAX];
	int		 npic, nplace, row, saved;
	struct buf	 data;		/* the picture coming in */
	long		 in_id;
	int		 in_show, in_z, in_row;
};

/* The value of key k= in a kitty control string as a letter, or 0. */
static int
kitty_letter(const char *ctl, size_t n, const char *k)
{
	const char	*v = kitty_val(ctl, n, k);

	return v != NULL ? *v : 0;
}

static void
scr_unplace(struct scr *sc, long id)
{
	int	 i, o = 0;

	for (i = 0; i < sc->nplace; i++)
		if (id != 0 && sc->place[i].id != id)
			sc->place[o++] = sc->place[i];
	sc->nplace = o;
}

static void
scr_place(struct scr *sc, long id, int row, int z)
{
	scr_unplace(sc, id);
	if (sc->nplace < SCR_MAX)
		sc->place[sc->nplace++] = (struct scr_place){ id, row, z };
}

static struct scr_pic *
scr_pic(struct scr *sc, long id)
{
	int	 i;

	for (i = 0; i < sc->npic; i++)
		if (sc->pic[i].id == id)
			return &sc->pic[i];
	return NULL;
}

/* The picture in sc->data (a PNG) stored as id. */
static int
scr_store(struct scr *sc, long id)
{
	png_image	 im;
	struct scr_pic	*p;

	memset(&im, 0, sizeof im);
	im.version = PNG_IMAGE_VERSION;
	if (!png_image_begin_read_from_memory(&im, sc->data.data,
	    sc->data.len))
		return fprintf(stderr, "id %ld: not a PNG\n", id), -1;
	im.format = PNG_FORMAT_RGBA;
	if ((p = scr_pic(sc, id)) == NULL) {
		if (sc->npic == SCR_MAX)
			return fprintf(stderr, "too many pictures\n"), -1;
		p = &sc->pic[sc->npic++];
		p->id = id;
	} else
		free(p->rgba);
	p->w = (int)im.width;
	p->h = (int)im.height;
	p->rgba = xreallocarray(NULL, (size_t)p->w * (size_t)p->h, 4);
	if (!png_image_finish_read(&im, NULL, p->rgba, 0, NULL))
		return fprintf(stderr, "id %ld: bad PNG\n", id), -1;
	return 0;
}

/* One kitty command (control ctl, n bytes; payload pay, np bytes). */
static int
scr_kitty(struct scr *sc, const char *ctl, size_t n, const char *pay,
    size_t np)
{
	int	 a = kitty_letter(ctl, n, "a"), d;
	long	 id = kitty_key(ctl, n, "i"), z = kitty_key(ctl, n, "z");

	if (a == 'T' || a == 't') {
		buf_reset(&sc->data);
		sc->in_id = id;
		sc->in_show = a == 'T';
		sc->in_z = z < 0 ? 0 : (int)z;
		sc->in_row = sc->row;
	}
	if (a == 'T' || a == 't' || a == 0) {	/* a==0: a chunk after */
		if (b64decode(pay, np, &sc->data) != 0)
			return fprintf(stderr, "bad base64\n"), -1;
		if (kitty_key(ctl, n, "m") == 1)
			return 0;
		if (scr_store(sc, sc->in_id) != 0)
			return -1;
		if (sc->in_show)
			scr_place(sc, sc->in_id, sc->in_row, sc->in_z);
	} else if (a == 'p')
		scr_place(sc, id, sc->row, z < 0 ? 0 : (int)z);
	else if (a == 'd') {
		d = kitty_letter(ctl, n, "d");
		scr_unplace(sc, d == 'A' || d == 'a' ? 0 : id);
	}
	return 0;
}

static int
screen(const char *in, int ch, const char *outpath)
{
	struct scr	 sc;
	struct scr_pic	*base = NULL, *p;
	const char	*c, *st, *semi;
	char		*s, err[256];
	uint8_t		*out = NULL, *q, *o;
	size_t		 n, i;
	int		 k, row0 = 0, x, y, rc = 1, dy;

	if ((s = slurp(in, &n)) == NULL)
		return fprintf(stderr, "%s: cannot read\n", in), 1;
	n = untmux(s, n);
	memset(&sc, 0, sizeof sc);
	buf_init(&sc.data);
	sc.row = sc.saved = 1;
	for (i = 0; i < n; i++) {
		if (s[i] != '\033' || i + 1 >= n)
			continue;
		if (s[i + 1] == '7')
			sc.saved = sc.row;
		else if (s[i + 1] == '8')
			sc.row = sc.saved;
		else if (s[i + 1] == '[') {
			for (c = s + i + 2; c < s + n && (isdigit((unsigned char)*c) ||
			    *c == ';'); c++)
				;
			if (c < s + n && *c == 'H')
				sc.row = isdigit((unsigned char)s[i + 2]) ?
				    atoi(s + i + 2) : 1;
		} else if (s[i + 1] == '_' && i + 2 < n && s[i + 2] == 'G') {
			c = s + i + 3;
			if ((st = memmem(c, n - (size_t)(c - s), "\033\\", 2)) ==
			    NULL)
				break;
			if ((semi = memchr(c, ';', (size_t)(st - c))) == NULL)
				semi = st;
			if (scr_kitty(&sc, c, (size_t)(semi - c), semi < st ?
			    semi + 1 : st, semi < st ? (size_t)(st - semi - 1) :
			    0) != 0)
				goto done;
			i = (size_t)(st - s) + 1;
		}
	}
	for (k = 0; k < sc.nplace; k++)
		if (sc.place[k].z == 0 && (p = scr_pic(&sc, sc.place[k].id)))
			base = p, row0 = sc.place[k].row;
	if (base == NULL) {
		fprintf(stderr, "no picture placed\n");
		goto done;
	}
	out = xreallocarray(NULL, (size_t)base->w * (size_t)base->h, 3);
	for (i = 0; i < (size_t)base->w * (size_t)base->h; i++)
		memcpy(out + 3 * i, base->rgba + 4 * i, 3);
	for (k = 0; k < sc.nplace; k++) {
		if (sc.place[k].z <= 0 || (p = scr_pic(&sc, sc.place[k].id)) ==
		    NULL)
			continue;
		dy = (sc.place[k].row - row0) * ch;
		for (y = 0; y < p->h && y + dy < base->h; y++)
			for (x = 0; x < p->w && x < base->w; x++) {
				q = p->rgba + 4 * ((size_t)y * (size_t)p->w +
				    (size_t)x);
				o = out + 3 * ((size_t)(y + dy) *
				    (size_t)base->w + (size_t)x);
				if (y + dy >= 0 && q[3] >= 128)
					memcpy(o, q, 3);
			}
	}
	if (render_png_write(outpath, base->w, base->h, 3, out, err,
	    sizeof err) != 0)
		fprintf(stderr, "%s\n", err);
	else {
		printf("screen %dx%d, %d placed\n", base->w, base->h,
		    sc.nplace);
		rc = 0;
	}
done:
	for (k = 0; k < sc.npic; k++)
		free(sc.pic[k].rgba);
	buf_free(&sc.data);
	free(out);
	free(s);
	return rc;
}

static int
near(const uint8_t *p, const int *c, int tol)
{
	return abs(p[0] - c[0]) <= tol && abs(p[1] - c[1]) <= tol &&
	    abs(p[2] - c[2]) <= tol;
}

static int
compare(const char *got, const char *want, double maxmad, const char *col)
{
	uint8_t		*a = NULL, *b = NULL;
	char		 err[512];
	int		 aw, ah, bw, bh, c[3], rc = 1;
	size_t		 i, n, marks = 0, kept = 0;
	double		 sum = 0, mad;

	if (render_png_read(got, &aw, &ah, &a, err, sizeof err) != 0 ||
	    render_png_read(want, &bw, &bh, &b, err, sizeof err) != 0) {
		fprintf(stderr, "%s\n", err);
		goto out;
	}
	if (aw != bw || ah != bh) {
		fprintf(stderr, "size %dx%d, want %dx%d\n", aw, ah, bw, bh);
		goto out;
	}
	n = (size_t)aw * (size_t)ah;
	for (i = 0; i < 3 * n; i++)
		sum += abs(a[i] - b[i]);
	mad = sum / (3.0 * (double)n);
	printf("%dx%d mad %.2f", aw, ah, mad);
	if (col != NULL && sscanf(col, "%d,%d,%d", &c[0], &c[1], &c[2]) == 3) {
		for (i = 0; i < n; i++)
			if (near(b + 3 * i, c, 0)) {
				marks++;
				kept += near(a + 3 * i, c, 3);
			}
		printf(" marks %zu of %zu", kept, marks);
		if (marks == 0 || kept * 10 < marks * 9) {
			printf("\n");
			fprintf(stderr, "marks missing in %s\n", got);
			goto out;
		}
	}
	printf("\n");
	if (mad > maxmad) {
		fprintf(stderr, "mad %.2f over %.2f\n", mad, maxmad);
		goto out;
	}
	rc = 0;
out:
	free(a);
	free(b);
	return rc;
}

/* PNG's size, and whether it holds at least min pixels of colour c. */
static int
colour(const char *path, const char *col, long min)
{
	uint8_t		*a = NULL;
	char		 err[512];
	int		 w, h, c[3];
	size_t		 i, n = 0;

	if (sscanf(col, "%d,%d,%d", &c[0], &c[1], &c[2]) != 3)
		return fprintf(stderr, "bad colour %s\n", col), 2;
	if (render_png_read(path, &w, &h, &a, err, sizeof err) != 0)
		return fprintf(stderr, "%s\n", err), 1;
	for (i = 0; i < (size_t)w * (size_t)h; i++)
		n += near(a + 3 * i, c, 3);
	free(a);
	printf("%dx%d %zu pixels of %s\n", w, h, n, col);
	return (long)n >= min ? 0 : 1;
}

static int
detail(const char *path)
{
	uint8_t		*a = NULL;
	const uint8_t	*p;
	char		 err[512];
	int		 w, h, x, y;
	long		 pairs = 0, diff = 0;

	if (render_png_read(path, &w, &h, &a, err, sizeof err) != 0)
		return fprintf(stderr, "%s\n", err), 1;
	for (y = h / 4; y < 3 * h / 4; y++)
		for (x = w / 4; x + 1 < 3 * w / 4; x++) {
			p = a + 3 * ((size_t)y * (size_t)w + (size_t)x);
			pairs++;
			diff += memcmp(p, p + 3, 3) != 0;
		}
	free(a);
	printf("%dx%d detail %.3f\n", w, h, pairs ? (double)diff / pairs : 0);
	return 0;
}

static uint32_t
be32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
	    (uint32_t)p[2] << 8 | p[3];
}

/*
 * An xwd screenshot (32 bits a pixel, ZPixmap), region x, y, w, h: the
 * pixels of colour c in it, and the share of horizontally adjacent pixel
 * pairs that differ. Half blocks repeat one colour across a cell's width,
 * so in cells that share stays under 1 / cell width; a picture of imagery
 * has detail inside cells.
 */
static int
xwd(const char *path, const char *region, const char *col, long min,
    double mindetail)
{
	uint8_t		*f;
	const uint8_t	*px;
	size_t		 n, off, i;
	uint32_t	 W, H, bpl, bpp, order, hs, ncol;
	int		 x, y, rx, ry, rw, rh, c[3], v[3], pv[3] = { 0, 0, 0 }, k;
	uint8_t		 v8[3];
	size_t		 hits = 0, pairs = 0, diff = 0;

	if (sscanf(region, "%d,%d,%d,%d", &rx, &ry, &rw, &rh) != 4 ||
	    sscanf(col, "%d,%d,%d", &c[0], &c[1], &c[2]) != 3)
		return fprintf(stderr, "bad region or colour\n"), 2;
	if ((f = (uint8_t *)slurp(path, &n)) == NULL || n < 100)
		return fprintf(stderr, "%s: cannot read\n", path), 1;
	hs = be32(f);
	W = be32(f + 16);
	H = be32(f + 20);
	order = be32(f + 28);
	bpp = be32(f + 44);
	bpl = be32(f + 48);
	ncol = be32(f + 76);
	off = (size_t)hs + (size_t)ncol * 12;
	/* 32 bits a pixel, or 24 packed (what xwd writes while a GL
	 * window, kitty's, is up) */
	if ((bpp != 32 && bpp != 24) || bpl < W * (bpp / 8) || rx < 0 ||
	    ry < 0 || rw < 2 || rh < 1 ||
	    (uint32_t)(rx + rw) > W || (uint32_t)(ry + rh) > H ||
	    off + (size_t)bpl * H > n) {
		free(f);
		return fprintf(stderr, "%s: not a 24- or 32-bit xwd holding "
		    "the region\n", path), 1;
	}
	for (y = ry; y < ry + rh; y++)
		for (x = rx; x < rx + rw; x++) {
			px = f + off + (size_t)y * bpl + (size_t)x * (bpp /
			    8);
			for (k = 0; k < 3; k++) {	/* B G R [x], [x] R G B */
				v[k] = order == 0 ? px[2 - k] : px[bpp / 8 -
				    3 + k];
				v8[k] = (uint8_t)v[k];
			}
			hits += near(v8, c, 3);
			if (x > rx) {
				pairs++;
				diff += v[0] != pv[0] || v[1] != pv[1] ||
				    v[2] != pv[2];
			}
			memcpy(pv, v, sizeof v);
		}
	free(f);
	i = pairs ? diff * 1000 / pairs : 0;
	printf("region %dx%d: %zu pixels of %s, detail %.3f\n", rw, rh, hits,
	    col, i / 1000.0);
	return (long)hits >= min && i / 1000.0 >= mindetail ? 0 : 1;
}

int
main(int argc, char **argv)
{
	if (argc == 5 && strcmp(argv[1], "payload") == 0 &&
	    (strcmp(argv[2], "kitty") == 0 || strcmp(argv[2], "iterm") == 0))
		return payload(argv[2], argv[3], argv[4]);
	if (argc == 5 && strcmp(argv[1], "screen") == 0)
		return screen(argv[2], atoi(argv[3]), argv[4]);
	if (argc == 7 && strcmp(argv[1], "xwd") == 0)
		return xwd(argv[2], argv[3], argv[4], atol(argv[5]),
		    atof(argv[6]));
	if (argc == 3 && strcmp(argv[1], "detail") == 0)
		return detail(argv[2]);
	if (argc == 5 && strcmp(argv[1], "colour") == 0)
		return colour(argv[2], argv[3], atol(argv[4]));
	if ((argc == 5 || argc == 6) && strcmp(argv[1], "compare") == 0)
		return compare(argv[2], argv[3], atof(argv[4]), argc == 6 ?
		    argv[5] : NULL);
	fprintf(stderr, "usage: gfxcheck payload kitty|iterm IN OUT.png\n"
	    "       gfxcheck screen IN CH OUT.png\n"
	    "       gfxcheck compare GOT.png WANT.png MAXMAD [R,G,B]\n"
	    "       gfxcheck colour PNG R,G,B MIN\n"
	    "       gfxcheck detail PNG\n"
	    "       gfxcheck xwd SHOT.xwd X,Y,W,H R,G,B MIN MINDETAIL\n");
	return 2;
}
