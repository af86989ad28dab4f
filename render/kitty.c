/*
 * kitty.c: kitty's graphics protocol (kitty, WezTerm, Ghostty, Konsole).
 * A picture travels once as PNG, base64 in chunks of 4096 (the protocol's
 * limit), under an image id; showing it again (blink, stepping back and
 * forth between dates) is a placement of that id, a few bytes. Every
 * command carries q=2 so the terminal never answers into our key input.
 */
#include <string.h>

#include "render.h"

#define KITTY_CHUNK	4096

/* One escape sequence, wrapped for tmux's passthrough when asked. */
static void
emit(struct buf *out, struct buf *seq, int tmux)
{
	if (tmux)
		gfx_tmux_wrap(out, seq->data, seq->len);
	else
		buf_add(out, seq->data, seq->len);
	buf_reset(seq);
}

static void send_z(struct buf *, const uint8_t *, size_t, uint32_t, int,
	    int, int, int, int);

/*
 * The PNG (n bytes) as image id, appended to out; shown at the cursor over
 * cols x rows cells when `show`, else only stored for gfx_kitty_place.
 * The cursor does not move (C=1).
 */
void
gfx_kitty_send(struct buf *out, const uint8_t *png, size_t n, uint32_t id,
    int cols, int rows, int show, int tmux)
{
	send_z(out, png, n, id, cols, rows, show, 0, tmux);
}

/* The same, shown above the pictures at z-index 0: a strip of a picture
 * that changed (the cursor moved) laid over the picture below. */
void
gfx_kitty_strip(struct buf *out, const uint8_t *png, size_t n, uint32_t id,
    int cols, int rows, int tmux)
{
	send_z(out, png, n, id, cols, rows, 1, 1, tmux);
}

static void
send_z(struct buf *out, const uint8_t *png, size_t n, uint32_t id, int cols,
    int rows, int show, int z, int tmux)
{
	struct buf	 b64, seq;
	size_t		 off, len;

	buf_init(&b64);
	buf_init(&seq);
	gfx_base64(&b64, png, n);
	for (off = 0; off == 0 || off < b64.len; off += len) {
		len = b64.len - off > KITTY_CHUNK ? KITTY_CHUNK : b64.len - off;
		if (off == 0 && show && z != 0)
			buf_printf(&seq, "\033_Ga=T,f=100,i=%u,c=%d,r=%d,C=1,"
			    "z=%d,q=2,", id, cols, rows, z);
		else if (off == 0 && show)
			buf_printf(&seq, "\033_Ga=T,f=100,i=%u,c=%d,r=%d,C=1,"
			    "q=2,", id, cols, rows);
		else if (off == 0)
			buf_printf(&seq, "\033_Ga=t,f=100,i=%u,q=2,", id);
		else
			buf_puts(&seq, "\033_G");
		buf_printf(&seq, "m=%d;", off + len < b64.len ? 1 : 0);
		buf_add(&seq, b64.data + off, len);
		buf_puts(&seq, "\033\\");
		emit(out, &seq, tmux);
		if (b64.len == 0)
			break;
	}
	buf_free(&b64);
	buf_free(&seq);
}

/* Show the stored image id at the cursor over cols x rows cells, as
 * placement 1 of it (a new placement of the same id replaces it). */
void
gfx_kitty_place(struct buf *out, uint32_t id, int cols, int rows, int tmux)
{
	struct buf	 seq;

	buf_init(&seq);
	buf_printf(&seq, "\033_Ga=p,i=%u,p=1,c=%d,r=%d,C=1,q=2\033\\", id,
	    cols, rows);
	emit(out, &seq, tmux);
	buf_free(&seq);
}

/* Take image id off the screen and free it (id 0: every image). */
void
gfx_kitty_delete(struct buf *out, uint32_t id, int tmux)
{
	struct buf	 seq;

	buf_init(&seq);
	if (id == 0)
		buf_puts(&seq, "\033_Ga=d,d=A,q=2\033\\");
	else
		buf_printf(&seq, "\033_Ga=d,d=I,i=%u,q=2\033\\", id);
	emit(out, &seq, tmux);
	buf_free(&seq);
}

/* Hide every placement but keep the images for later placements. */
void
gfx_kitty_hide(struct buf *out, int tmux)
{
	struct buf	 seq;

	buf_init(&seq);
	buf_puts(&seq, "\033_Ga=d,d=a,q=2\033\\");
	emit(out, &seq, tmux);
	buf_free(&seq);
}

/* Take image id's placements off the screen, keeping its data. */
void
gfx_kitty_unplace(struct buf *out, uint32_t id, int tmux)
{
	struct buf	 seq;

	buf_init(&seq);
	buf_printf(&seq, "\033_Ga=d,d=i,i=%u,q=2\033\\", id);
	emit(out, &seq, tmux);
	buf_free(&seq);
}
