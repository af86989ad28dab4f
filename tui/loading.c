/*
 * loading.c: the review screen's side of imagery/loader.c. Before the
 * screen opens or reads a remote image it asks whether the bytes are at
 * hand; while they are not, the pane shows the coarsest overview (or
 * says what is loading), the message line says "loading NAME", and keys
 * go on working. The loop polls for what arrived and draws again.
 * Without a loader (scripted runs) every image is read where it is
 * drawn, as before.
 */
#include <string.h>

#include "tui.h"

#define LOADING_POLL_MS	30	/* while something loads */
#define LOADING_SAY	"loading "

static void
pane_text(struct app *a, const char *title, const char *text)
{
	struct cell	*cell;
	char		 line[512];
	size_t		 i, n = (size_t)a->base.cols * (size_t)a->base.rows;
	int		 pc = a->base.cols, pr = a->base.rows, y;

	if (pc < 8)
		return;
	for (i = 0; i < n; i++) {
		cell = &a->base.cells[i];
		cell->ch = 0;
		cell->top = cell->bottom = CELL_DEFAULT;
	}
	grid_text(&a->base, 2, pr / 2, title, colour_quantize(a->colour_mode,
	    255, 120, 80, 0), CELL_DEFAULT, CELL_BOLD, pc - 4);
	/* a URL and its reason are longer than a pane is wide: wrapped */
	for (i = 0, y = pr / 2 + 1; text[i] != '\0' && y < pr; y++) {
		n = strlen(text + i);
		if (n > (size_t)(pc - 4))
			n = (size_t)(pc - 4);
		snprintf(line, sizeof line, "%.*s", (int)n, text + i);
		grid_text(&a->base, 2, y, line, colour_quantize(
		    a->colour_mode, 255, 255, 255, 0), CELL_DEFAULT, 0, pc - 4);
		i += n;
	}
}

/*
 * The coarsest overview of image id for this view, into the pane; the
 * image, opened, is c. Its raster stays coarse until its bytes are at
 * hand (loading_done), so that the pixel protocols' pictures of it are
 * read from the same level, and nothing on the screen's side waits on
 * the network meanwhile.
 */
static int
draw_coarse(struct app *a, int64_t id, struct cached_image **c)
{
	struct frame		 f;
	char			 err[256];
	int			 rc;

	*c = app_cache_image(a, id);
	if (!(*c)->ok)
		return -1;
	memset(&f, 0, sizeof f);
	raster_set_coarse((*c)->im.r, 1);
	rc = render_read((*c)->im.r, &a->view, &(*c)->im.stretch, &f, err,
	    sizeof err);
	if (rc == 0)
		render_cells(&f, &a->base);
	frame_free(&f);
	return rc;
}

/* Image id, open and shown coarse (draw_coarse), or NULL; never opens. */
static struct cached_image *
open_coarse(struct app *a, int64_t id)
{
	size_t	 i;

	for (i = 0; i < IMAGE_CACHE; i++)
		if (a->cache[i].image_id == id && a->cache[i].ok &&
		    raster_is_coarse(a->cache[i].im.r))
			return &a->cache[i];
	return NULL;
}

/*
 * The bytes of image id are at hand: if it was shown coarse, its raster
 * reads its own levels again and the pixel pictures made meanwhile go.
 */
static void
loading_done(struct app *a, int64_t id)
{
	struct cached_image	*c;

	if ((c = open_coarse(a, id)) != NULL) {
		raster_set_coarse(c->im.r, 0);
		pixels_forget(a, id);
	}
}

/*
 * The pixel protocols' cell in picture pixels (none in cells): the
 * loader reads their view too, so that the pictures' finer level is not
 * fetched where the screen draws.
 */
static void
loader_fine(struct app *a)
{
	int	 cw, ch;

	pixels_cell(a, &cw, &ch);
	imagery_loader_fine(a->loader, cw, ch);
}

/*
 * Called by app_show_image before it reads image id for the view: 0 to
 * go on and read it (nothing to wait for), 1 when the pane was filled
 * here (the coarse picture, "loading", or why the image cannot be had)
 * and the real read waits for the loader.
 */
int
loading_gate(struct app *a, int64_t id)
{
	struct cached_image	*c = NULL;
	char			 err[256];
	int			 coarse, r;

	if (a->loader == NULL)
		return 0;
	if (app_have_frame(a, id, &a->view)) {
		loading_done(a, id);
		return 0;
	}
	loader_fine(a);
	r = imagery_loader_ready(a->loader, a->st, id, &a->view, 1, &coarse,
	    err, sizeof err);
	if (r == 1) {
		loading_done(a, id);
		return 0;
	}
	if (r < 0)
		pane_text(a, "image unavailable:", err);
	else if (!coarse || draw_coarse(a, id, &c) != 0) {
		pane_text(a, "loading...", "the coarsest overview comes "
		    "first; keys work meanwhile");
		c = NULL;
	}
	/* the pixel protocols draw the coarse level too; with nothing
	 * "shown" they give way to these cells until the bytes are here */
	a->shown = c;
	a->shown_id = id;
	a->base_view = a->view;
	a->base_image = id;
	a->base_ok = 1;
	return 1;
}

/* For read-ahead: may view v of image id be read now without waiting?
 * If not, the loader is asked to fetch it, after what the screen needs. */
int
loading_ahead(struct app *a, int64_t id, const struct viewport *v)
{
	char	 err[256];
	int	 coarse, r;

	if (a->loader == NULL)
		return 1;
	if (id == a->shown_id && open_coarse(a, id) != NULL)
		return 0;	/* its coarse level would be read: its own first */
	if (app_have_frame(a, id, v))
		r = 1;
	else {	/* a failure: the open says why, at once */
		loader_fine(a);
		r = imagery_loader_ready(a->loader, a->st, id, v, 0, &coarse,
		    err, sizeof err);
	}
	if (r == 1)
		loading_done(a, id);
	return r != 0;
}

/*
 * Between keys: what the loader finished is drawn (R_VIEW), and read-ahead
 * may go on; the message line says what is still loading. Returns the
 * reactions to repaint with.
 */
int
loading_poll(struct app *a)
{
	char	 name[256];
	int64_t	 id;
	int	 busy, r = R_NONE, said;

	if (a->loader == NULL)
		return R_NONE;
	said = strncmp(a->msg, LOADING_SAY, strlen(LOADING_SAY)) == 0;
	/* shown from the cache, then found rewritten on the server */
	while (imagery_loader_changed(a->loader, &id)) {
		app_drop_image(a, id);
		pixels_forget(a, id);
	}
	if (imagery_loader_poll(a->loader) > 0) {
		a->base_ok = 0;
		r = R_VIEW;	/* the pane and the status line */
	}
	busy = imagery_loader_busy(a->loader, name, sizeof name);
	/* never over what an action said ("verdict: cloudy") */
	if (busy && (a->msg[0] == '\0' || (said && strcmp(a->msg +
	    strlen(LOADING_SAY), name) != 0))) {
		app_message(a, 0, LOADING_SAY "%s", name);
		r |= R_STATUS;
	} else if (!busy && said) {
		a->msg[0] = '\0';
		r |= R_STATUS;
	}
	return r;
}

/* How long the loop may wait for a key: briefly while images load. */
int
loading_wait_ms(struct app *a, int ms)
{
	char	 name[256];

	if (a->loader != NULL && (imagery_loader_busy(a->loader, name,
	    sizeof name) || imagery_loader_queued(a->loader)))
		return ms < LOADING_POLL_MS ? ms : LOADING_POLL_MS;
	return ms;
}
