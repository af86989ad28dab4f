/*
 * imagery.h: an image ready to be shown or cut: its raster opened through
 * render/, its contrast stretch kept with it in the store, and its marks
 * as overlays in their class colours. Used by the review screen and by
 * the commands that draw (render, snapshot, chips, evidence, candidates).
 */
#ifndef QM_IMAGERY_H
#define QM_IMAGERY_H

#include <stddef.h>
#include <stdint.h>

#include "../render/render.h"
#include "../store/store.h"

/* imagery.c: an image: its raster, stretch and overlays. */
struct imagery {
	struct raster	*r;
	struct stretch	 stretch;
	int64_t		 image_id;
};
int	 imagery_open(struct store *, int64_t, const int *, int,
	     struct imagery *, char *, size_t);
int	 imagery_open_file(const char *, const int *, int, struct imagery *,
	     char *, size_t);
void	 imagery_close(struct imagery *);
int	 imagery_parse_bands(const char *, int *, int *);
int	 class_rgb(const char *, uint8_t *);
int	 imagery_check(const char *, const char *, char *, size_t);
int	 imagery_overlays(struct store *, int64_t, struct store_mark **,
	     size_t *, struct overlay_mark **, char *, size_t);

/* loader.c: remote images read off the drawing path, by a thread. */
struct imagery_loader;
struct imagery_loader *imagery_loader_new(void);
void	 imagery_loader_free(struct imagery_loader *);
int	 imagery_loader_ready(struct imagery_loader *, struct store *, int64_t,
	     const struct viewport *, int, int *, char *, size_t);
int	 imagery_loader_poll(struct imagery_loader *);
int	 imagery_loader_busy(struct imagery_loader *, char *, size_t);
int	 imagery_loader_queued(struct imagery_loader *);
int	 imagery_loader_changed(struct imagery_loader *, int64_t *);
void	 imagery_loader_fine(struct imagery_loader *, int, int);

#endif
