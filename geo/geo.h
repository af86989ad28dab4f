/*
 * geo.h: the geometry of sites and quays, below the rooms that use it
 * (the count engine, exports, candidate finding): which quay a point of
 * an image lies in, and how much of a quay an image shows.
 */
#ifndef QM_GEO_H
#define QM_GEO_H

#include <stddef.h>
#include <stdint.h>

#include "../store/store.h"

/* quay.c: which quay a point of an image lies in. */
struct quay_locator;
struct quay_locator	*quay_locator_new(struct store *, int64_t, char *,
			     size_t);
void			 quay_locator_free(struct quay_locator *);
int			 quay_locator_load_crs(struct quay_locator *,
			     const char *, char *, size_t);
size_t			 quay_locator_count(const struct quay_locator *);
const struct store_quay	*quay_locator_quay(const struct quay_locator *,
			     size_t);
int			 quay_locate(struct quay_locator *,
			     const struct store_image *, double, double);
int			 quay_locate_mark(struct quay_locator *,
			     const struct store_mark *);
double			 quay_cover(struct quay_locator *,
			     const struct store_image *, size_t);
int			 quay_pixel_polygon(struct quay_locator *,
			     const struct store_image *, size_t, double **,
			     size_t *);
/* the same from what quay_locator_prepare loaded: never the store */
void			 quay_locator_prepare(struct quay_locator *,
			     const struct store_image *);
int			 quay_cached_locate(const struct quay_locator *,
			     int64_t, double, double);
int			 quay_cached_polygon(const struct quay_locator *,
			     int64_t, size_t, const double **, size_t *);

#endif
