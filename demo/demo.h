/*
 * demo.h: the demo port, Rajin (demo): a deterministic series of
 * georeferenced images with a scripted schedule of ship calls and container
 * stacks, clouds that really hide what is under them, and the ground truth
 * written beside the images.
 */
#ifndef QM_DEMO_H
#define QM_DEMO_H

#include <stddef.h>
#include <stdint.h>

#define DEMO_SITE	"Rajin (demo)"
#define DEMO_W		1600	/* design size in pixels at scale 1 */
#define DEMO_H		1000
#define DEMO_EPSG	32652	/* UTM zone 52N */
#define DEMO_ORIGIN_X	606500.0
#define DEMO_ORIGIN_Y	4679000.0

struct demo_quay {
	const char	*name;
	double		 pts[8];	/* design pixels, a rectangle */
};
extern const struct demo_quay demo_quays[3];

typedef void (*demo_progress_fn)(void *, size_t, size_t);

/* demo.c */
int	 demo_generate(const char *, uint32_t, double, demo_progress_fn,
	     void *, char *, size_t);
int	 demo_quay_polygon(size_t, double, double *);

#endif
