/*
 * iterm.c: iTerm2's inline images (OSC 1337 File=): a PNG in base64,
 * stretched over cols x rows cells. The protocol has no ids, so every
 * showing sends the picture again; the TUI keeps the byte budget in mind.
 */
#include "render.h"

void
gfx_iterm(struct buf *out, const uint8_t *png, size_t n, int cols, int rows,
    int tmux)
{
	struct buf	 seq;

	buf_init(&seq);
	buf_printf(&seq, "\033]1337;File=inline=1;size=%zu;width=%d;"
	    "height=%d;preserveAspectRatio=0;doNotMoveCursor=1:", n, cols,
	    rows);
	gfx_base64(&seq, png, n);
	buf_putc(&seq, '\a');
	if (tmux)
		gfx_tmux_wrap(out, seq.data, seq.len);
	else
		buf_add(out, seq.data, seq.len);
	buf_free(&seq);
}
