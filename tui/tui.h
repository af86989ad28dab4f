/*
 * tui.h: the terminal user interface: screen, keys, views, prompts, the
 * review mode. Only this room includes curses.
 */
#ifndef QM_TUI_H
#define QM_TUI_H

#include <stddef.h>
#include <stdint.h>

#include "../render/render.h"
#include "../store/store.h"

/* term.c */
int	 tui_term_colors(const char *);
int	 tui_locale_utf8(void);

/* imagery.c: an image on screen: its raster, stretch and overlays. */
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
int	 imagery_overlays(struct store *, int64_t, struct store_mark **,
	     size_t *, struct overlay_mark **, char *, size_t);

#endif
