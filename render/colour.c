/*
 * colour.c: RGB to what the terminal can show. Truecolour passes through;
 * 256 colours use xterm's 6x6x6 cube and 24 grays (single-band imagery
 * stays on the gray ramp, which has finer steps); 16 and 8 colours take the
 * nearest of xterm's standard palette; monochrome keeps only luminance.
 */
#include <stdlib.h>
#include <string.h>

#include "render.h"

static const uint8_t xterm16[16][3] = {
	{ 0, 0, 0 }, { 205, 0, 0 }, { 0, 205, 0 }, { 205, 205, 0 },
	{ 0, 0, 238 }, { 205, 0, 205 }, { 0, 205, 205 }, { 229, 229, 229 },
	{ 127, 127, 127 }, { 255, 0, 0 }, { 0, 255, 0 }, { 255, 255, 0 },
	{ 92, 92, 255 }, { 255, 0, 255 }, { 0, 255, 255 }, { 255, 255, 255 },
};
static const uint8_t cube[6] = { 0, 95, 135, 175, 215, 255 };

#ifndef COLOUR_SLACK_256
#define COLOUR_SLACK_256	900.0	/* dist2 units: ~10 levels a channel */
#endif
#ifndef COLOUR_SLACK_16
#define COLOUR_SLACK_16		300.0
#endif

static int
dist2(int r1, int g1, int b1, int r2, int g2, int b2)
{
	int	 dr = r1 - r2, dg = g1 - g2, db = b1 - b2;

	/* Weighted towards green, as the eye is. */
	return 3 * dr * dr + 4 * dg * dg + 2 * db * db;
}

/*
 * Distance in luma and chroma (YCbCr), weighted alike: with only 8 or 16
 * colours, a mid gray must go to gray or white, not to the nearest
 * saturated colour that happens to be close in RGB.
 */
static double
dist_ycc(int r1, int g1, int b1, int r2, int g2, int b2)
{
	double	 dr = r1 - r2, dg = g1 - g2, db = b1 - b2, y, cb, cr;

	y = 0.299 * dr + 0.587 * dg + 0.114 * db;
	cb = -0.1687 * dr - 0.3313 * dg + 0.5 * db;
	cr = 0.5 * dr - 0.4187 * dg - 0.0813 * db;
	return y * y + cb * cb + cr * cr;
}

static int
cube_level(int v)
{
	if (v < 48)
		return 0;
	if (v < 115)
		return 1;
	return (v - 35) / 40;
}

/* The xterm 256-colour index nearest to a gray value. */
static int
gray256(int v)
{
	int	 k;

	if (v < 4)
		return 16;
	if (v > 246)
		return 231;
	k = (v - 3) / 10;
	if (k > 23)
		k = 23;
	return 232 + k;
}

int32_t
colour_quantize(int mode, uint8_t r, uint8_t g, uint8_t b, int gray)
{
	int	 i, best = 0, n, ci, gi, cr, cg, cb, gv;
	double	 d, bd = -1;

	switch (mode) {
	case COLOUR_TRUE:
		return CELL_RGB | (r << 16) | (g << 8) | b;
	case COLOUR_256:
		if (gray || (r == g && g == b))
			return gray256((r * 299 + g * 587 + b * 114) / 1000);
		cr = cube_level(r);
		cg = cube_level(g);
		cb = cube_level(b);
		ci = 16 + 36 * cr + 6 * cg + cb;
		gi = gray256((r + g + b) / 3);
		gv = gi == 16 ? 0 : gi == 231 ? 255 : 8 + 10 * (gi - 232);
		if (dist2(r, g, b, gv, gv, gv) < dist2(r, g, b, cube[cr],
		    cube[cg], cube[cb]))
			return gi;
		return ci;
	case COLOUR_16:
	case COLOUR_8:
		n = mode == COLOUR_16 ? 16 : 8;
		for (i = 0; i < n; i++) {
			d = dist_ycc(r, g, b, xterm16[i][0], xterm16[i][1],
			    xterm16[i][2]);
			if (bd < 0 || d < bd) {
				bd = d;
				best = i;
			}
		}
		return best;
	default:
		return (r * 299 + g * 587 + b * 114) / 1000;	/* luminance */
	}
}

/* How far a quantized colour v is from (r, g, b), in mode's own metric. */
static double
colour_error(int mode, int32_t v, uint8_t r, uint8_t g, uint8_t b, int gray)
{
	uint8_t	 q[3];
	int	 y;

	colour_rgb(mode, v, q);
	if (mode == COLOUR_16 || mode == COLOUR_8)
		return dist_ycc(r, g, b, q[0], q[1], q[2]);
	if (gray) {
		y = (r * 299 + g * 587 + b * 114) / 1000 - q[0];
		return 36.0 * y * y;	/* slack: half a gray step */
	}
	return dist2(r, g, b, q[0], q[1], q[2]);
}

/*
 * Quantize, but take one of the colours in prefer[] (the neighbour's, the
 * other half of the cell) when it is nearly as close as the best: every
 * colour kept saves the escape sequence that changes it (11 bytes in 256
 * colours), and a cell whose halves agree is a space, not a 3-byte block.
 * The slack is a fraction of one palette step, so what the eye sees
 * hardly changes while the bytes drop (bench/render.sh measures both).
 */
int32_t
colour_quantize_near(int mode, uint8_t r, uint8_t g, uint8_t b, int gray,
    const int32_t *prefer, int nprefer)
{
	int32_t	 best = colour_quantize(mode, r, g, b, gray), pick = best;
	double	 eb, e, ep, slack;
	int	 i;

	if (mode == COLOUR_TRUE || mode == COLOUR_MONO)
		return best;
	eb = colour_error(mode, best, r, g, b, gray);
	slack = mode == COLOUR_256 ? COLOUR_SLACK_256 : COLOUR_SLACK_16;
	ep = eb + slack;
	for (i = 0; i < nprefer; i++) {
		if (prefer[i] == CELL_DEFAULT || prefer[i] == best)
			continue;
		if ((e = colour_error(mode, prefer[i], r, g, b, gray)) <= ep) {
			ep = e;
			pick = prefer[i];
		}
	}
	return pick;
}

/* The RGB a quantized colour stands for (for tests and pictures). */
void
colour_rgb(int mode, int32_t v, uint8_t *out)
{
	int	 k;

	if (v == CELL_DEFAULT) {
		memset(out, 0, 3);
		return;
	}
	switch (mode) {
	case COLOUR_TRUE:
		out[0] = (uint8_t)(v >> 16);
		out[1] = (uint8_t)(v >> 8);
		out[2] = (uint8_t)v;
		return;
	case COLOUR_256:
		if (v < 16) {
			memcpy(out, xterm16[v], 3);
		} else if (v < 232) {
			k = v - 16;
			out[0] = cube[k / 36];
			out[1] = cube[k / 6 % 6];
			out[2] = cube[k % 6];
		} else
			out[0] = out[1] = out[2] = (uint8_t)(8 + 10 * (v - 232));
		return;
	case COLOUR_16:
	case COLOUR_8:
		memcpy(out, xterm16[v & 15], 3);
		return;
	default:
		out[0] = out[1] = out[2] = (uint8_t)v;
	}
}

int
colour_mode_parse(const char *s)
{
	if (strcmp(s, "full") == 0 || strcmp(s, "true") == 0 ||
	    strcmp(s, "truecolor") == 0 || strcmp(s, "24bit") == 0)
		return COLOUR_TRUE;
	if (strcmp(s, "256") == 0)
		return COLOUR_256;
	if (strcmp(s, "16") == 0)
		return COLOUR_16;
	if (strcmp(s, "8") == 0)
		return COLOUR_8;
	if (strcmp(s, "2") == 0 || strcmp(s, "mono") == 0 ||
	    strcmp(s, "none") == 0)
		return COLOUR_MONO;
	return -1;
}

const char *
colour_mode_name(int mode)
{
	static const char *const names[] = { "truecolor", "256", "16", "8",
	    "mono" };

	return mode >= 0 && mode <= COLOUR_MONO ? names[mode] : "?";
}

/*
 * The best mode for a terminal: term is $TERM, colors the terminfo
 * "colors" number (-1 unknown). NO_COLOR and COLORTERM are read here.
 */
int
colour_mode_detect(const char *term, int colors)
{
	const char	*ct, *nc;
	size_t		 n;

	if ((nc = getenv("NO_COLOR")) != NULL && *nc != '\0')
		return COLOUR_MONO;
	ct = getenv("COLORTERM");
	if (ct != NULL && (strcmp(ct, "truecolor") == 0 ||
	    strcmp(ct, "24bit") == 0))
		return COLOUR_TRUE;
	if (term != NULL && (n = strlen(term)) > 7 &&
	    strcmp(term + n - 7, "-direct") == 0)
		return COLOUR_TRUE;
	if (colors >= 256 || (colors < 0 && term != NULL &&
	    strstr(term, "256") != NULL))
		return COLOUR_256;
	if (colors >= 16)
		return COLOUR_16;
	if (colors >= 8 || (colors < 0 && term != NULL &&
	    (strncmp(term, "xterm", 5) == 0 || strncmp(term, "screen", 6) == 0
	    || strncmp(term, "tmux", 4) == 0 || strcmp(term, "linux") == 0)))
		return COLOUR_8;
	return COLOUR_MONO;
}
