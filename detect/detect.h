/*
 * detect.h: candidates from pixels. Compact objects brighter or darker
 * than their surroundings (ships on water, stacks on concrete), helped by
 * what changed since the last clear image, each fitted with a
 * minimum-area rotated rectangle. The room works on a frame render/ read
 * through the overview pyramid, never on a full-resolution scene; it calls
 * render/ and util/ only: callers above (cmd/, tui/) bring the quays and
 * the marks as plain polygons and boxes.
 */
#ifndef QM_DETECT_H
#define QM_DETECT_H

#include <stddef.h>
#include <stdint.h>

#include "../imagery/imagery.h"
#include "../render/render.h"

/* Why a candidate was offered: bits, a candidate may have several. */
#define DETECT_BRIGHT	0x1
#define DETECT_DARK	0x2
#define DETECT_CHANGED	0x4

/*
 * Detection reads at most this many pixels: the finest overview level
 * (a power of two) that keeps the region under it. A 1600x1000 image is
 * read at 1:2, a 12000^2 scene at 1:16 (750^2).
 */
#define DETECT_MAX_PIXELS	(600 * 1000)
/* Objects up to this breadth (image pixels) stand out of the top-hat. */
#define DETECT_BREADTH		32.0

struct detect_candidate {
	int	 id;		/* 1.. in reading order */
	double	 cx, cy, w, h, angle;	/* image pixels; as store marks */
	double	 score;		/* 0..1: contrast and compactness */
	int	 reason;	/* DETECT_* bits */
	double	 area;		/* image pixels the region covers */
	double	 fill;		/* region pixels / its box's */
	double	 contrast;	/* mean top-hat over the region */
	double	 leak;		/* share of its ring like itself */
	int	 pixels;	/* frame pixels of the region */
};

/* A polygon in image pixels (a quay). */
struct detect_area {
	const double	*pts;	/* x0 y0 x1 y1 ... */
	size_t		 n;
};

struct detect_input {
	const struct frame	*f;	/* the pixels */
	const struct viewport	*v;	/* where f lies in the image */
	const struct frame	*prev;	/* the same ground on the last clear
					   image, f's size; NULL: none */
	int			 width, height;	/* the image's size */
	const struct detect_area *areas;	/* where to look; NULL: all */
	size_t			 nareas;
	const double		*hide;	/* boxes {cx, cy, w, h, angle} that
					   hide what they cover (marks,
					   proposals); w = h = 0: a point */
	size_t			 nhide;
};

/* detect.c */
int	 detect_find(const struct detect_input *, struct detect_candidate **,
	     size_t *, char *, size_t);
const char *detect_reason_name(int, char *, size_t);
int	 detect_valid(const struct detect_candidate *, int, int);

/* morph.c: grey-level erosion and dilation with a k x k square (in
 * place when the two are the same). */
void	 detect_minmax(const uint8_t *, uint8_t *, int, int, int, int);

/* rect.c: the minimum-area rectangle around a set of points. */
int	 detect_min_rect(const double *, size_t, double *);
int	 detect_min_rect_sorted(const double *, size_t, double *, double *);

/* view.c: which pixels to read, here and on the earlier image. */
void	 detect_view_for(double, double, double, double, struct viewport *);
int	 detect_coregister(const struct viewport *, const double *,
	     const double *, int, int, int, int, struct viewport *);

/* candidates.c: a candidate search with what the store knows. */
struct quay_locator;
struct cand_query {
	const struct store_image *im;	/* the image's row */
	struct raster		*r;	/* its pixels, open */
	const struct stretch	*stretch;
	double			 x0, y0, x1, y1;	/* region, image pixels */
	struct quay_locator	*ql;	/* NULL: look anywhere */
	long			 quay;	/* -1: any quay of ql */
	const struct store_mark	*marks;	/* they hide what they cover */
	size_t			 nmarks;
	int			 use_prev;	/* compare with the last clear */
};
int	 candidates_find(struct store *, const struct cand_query *,
	     struct detect_candidate **, size_t *, char *, size_t);

#endif
