/*
 * backend.c: where the grid goes and keys come from. The curses backend
 * counts the bytes each frame writes (from the kernel's own tally in
 * /proc/self/io, as ncurses writes to the terminal's descriptor itself),
 * takes colour pairs from alloc_pair() keyed by (fg, bg) and
 * passed through setcchar's int pointer (pairs above 255 do not fit a
 * chtype), and frees a pair only once no cell on screen uses it. The
 * headless backend keeps the last grid and replays keys from a script.
 */
#include <curses.h>
#include <signal.h>
#include <termios.h>
#include <time.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "tui.h"

#define LINK_SAMPLE	(256 * 1024)	/* bytes: enough to fill a socket */

struct curses_priv {
	SCREEN		*scr;
	FILE		*out;
	int		*pair;		/* per cell, what is on screen */
	int		*pair_used;	/* per pair, cells using it */
	int		 npairs;
	int		 colour;	/* start_color() was called */
	uint32_t	*written;	/* per cell: code point written */
	int32_t		*wfg, *wbg;
	uint8_t		*wattr;
	int		 cols, rows;
	int		 mx, my, mstate;
};

/* Bytes this process has written so far (all descriptors), or 0. */
static size_t
written_bytes(void)
{
	char	 buf[512], *p;
	FILE	*fp;
	size_t	 n;

	if ((fp = fopen("/proc/self/io", "r")) == NULL)
		return 0;
	n = fread(buf, 1, sizeof buf - 1, fp);
	fclose(fp);
	buf[n] = '\0';
	if ((p = strstr(buf, "wchar:")) == NULL)
		return 0;
	return (size_t)strtoull(p + 6, NULL, 10);
}

static double
link_ms(void)
{
	struct timespec	 t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return t.tv_sec * 1e3 + t.tv_nsec / 1e6;
}

/*
 * n bytes written since t0: wait until the terminal's line has taken them
 * (tcdrain), and from writes large enough to fill the line's buffers
 * (over SSH: the socket's), estimate the link's speed for the pictures'
 * byte budget. Small writes say nothing about bandwidth.
 */
static void
measure_link(struct backend *be, struct curses_priv *p, size_t n, double t0)
{
	double	 ms, bps;

	be->bytes += n;
	if (n < LINK_SAMPLE)
		return;
	tcdrain(fileno(p->out));
	if ((ms = link_ms() - t0) < 1)
		return;
	bps = n * 8.0 / (ms / 1e3);
	be->link_bps = be->link_bps > 0 ? 0.5 * be->link_bps + 0.5 * bps : bps;
}

static int
curses_init(struct backend *be, char *err, size_t errlen)
{
	struct curses_priv	*p = be->priv;
	const char		*nc;

	p->out = stdout;
	if ((p->scr = newterm(NULL, p->out, stdin)) == NULL)
		return errf(err, errlen, "cannot drive TERM=%s (no terminfo "
		    "entry?)", getenv("TERM") ? getenv("TERM") : "");
	set_term(p->scr);
	be->colour_mode = COLOUR_MONO;
	nc = getenv("NO_COLOR");
	if (has_colors() && (nc == NULL || *nc == '\0')) {
		start_color();
		use_default_colors();
		p->colour = 1;
		be->colour_mode = COLORS >= 0x1000000 ? COLOUR_TRUE :
		    COLORS >= 256 ? COLOUR_256 : COLORS >= 16 ? COLOUR_16 :
		    COLORS >= 8 ? COLOUR_8 : COLOUR_MONO;
	}
	p->npairs = COLOR_PAIRS > 0 ? COLOR_PAIRS : 1;
	p->pair_used = xcalloc((size_t)p->npairs, sizeof *p->pair_used);
	be->ascii = !tui_locale_utf8();
	raw();
	noecho();
	nonl();
	keypad(stdscr, TRUE);
	intrflush(stdscr, FALSE);
	idlok(stdscr, TRUE);	/* let whole-line pans scroll */
	curs_set(0);
	set_escdelay(25);
	mousemask(BUTTON1_PRESSED | BUTTON1_RELEASED, NULL);
	mouseinterval(0);
	nodelay(stdscr, TRUE);
	return 0;
}

static void
curses_fini(struct backend *be)
{
	struct curses_priv	*p = be->priv;

	if (p->scr == NULL)
		return;
	endwin();
	fflush(p->out);
	delscreen(p->scr);
	p->scr = NULL;
}

static void
curses_size(struct backend *be, int *cols, int *rows)
{
	(void)be;
	getmaxyx(stdscr, *rows, *cols);
}

static int
curses_colour(int mode, int32_t v)
{
	if (v == CELL_DEFAULT || mode == COLOUR_MONO)
		return -1;
	return mode == COLOUR_TRUE ? (v & 0xffffff) : v;
}

static void
realloc_cells(struct curses_priv *p, int cols, int rows)
{
	size_t	 n = (size_t)cols * (size_t)rows, i;

	if (p->cols == cols && p->rows == rows)
		return;
	for (i = 0; p->pair != NULL && i < (size_t)p->cols * p->rows; i++)
		if (p->pair[i] > 0 && --p->pair_used[p->pair[i]] == 0)
			free_pair(p->pair[i]);
	free(p->pair);
	free(p->written);
	free(p->wfg);
	free(p->wbg);
	free(p->wattr);
	p->pair = xcalloc(n, sizeof *p->pair);
	p->written = xcalloc(n, sizeof *p->written);
	p->wfg = xcalloc(n, sizeof *p->wfg);
	p->wbg = xcalloc(n, sizeof *p->wbg);
	p->wattr = xcalloc(n, sizeof *p->wattr);
	p->cols = cols;
	p->rows = rows;
}

static void
curses_blit(struct backend *be, const struct grid *g, int full)
{
	struct curses_priv	*p = be->priv;
	const struct cell	*c;
	cchar_t			 cc;
	wchar_t			 wc[2];
	uint32_t		 ch;
	int32_t			 fg, bg, pfg, pbg;
	attr_t			 at;
	size_t			 i;
	int			 x, y, pair, old;
	size_t			 before = written_bytes();
	double			 t0 = link_ms();

	realloc_cells(p, g->cols, g->rows);
	if (full) {
		clearok(curscr, TRUE);
		memset(p->written, 0, (size_t)g->cols * g->rows *
		    sizeof *p->written);
	}
	for (y = 0; y < g->rows; y++) {
		pfg = pbg = CELL_DEFAULT;
		for (x = 0; x < g->cols; x++) {
			c = &g->cells[(size_t)y * g->cols + x];
			cell_glyph(g, c, &ch, &fg, &bg, pfg, pbg);
			pfg = fg;
			pbg = bg;
			if (ch == 0)
				continue;
			i = (size_t)y * g->cols + x;
			if (p->written[i] == ch && p->wfg[i] == fg &&
			    p->wbg[i] == bg && p->wattr[i] == c->attr)
				continue;
			p->written[i] = ch;
			p->wfg[i] = fg;
			p->wbg[i] = bg;
			p->wattr[i] = c->attr;
			/* a terminal without colours (vt100) has no pairs
			 * to allocate, whatever --colors asked for */
			pair = p->colour ? alloc_pair(curses_colour(
			    be->colour_mode, fg), curses_colour(be->colour_mode,
			    bg)) : 0;
			if (pair < 0 || pair >= p->npairs)
				pair = 0;
			old = p->pair[i];
			if (pair != old) {
				if (pair > 0)
					p->pair_used[pair]++;
				if (old > 0 && --p->pair_used[old] == 0)
					free_pair(old);	/* off screen now */
				p->pair[i] = pair;
			}
			at = (c->attr & CELL_BOLD ? A_BOLD : 0) |
			    (c->attr & CELL_REVERSE ? A_REVERSE : 0);
			wc[0] = (wchar_t)ch;
			wc[1] = 0;
			setcchar(&cc, wc, at, 0, &pair);
			mvadd_wch(y, x, &cc);
		}
	}
	refresh();
	fflush(p->out);
	measure_link(be, p, written_bytes() - before, t0);
}

/* Pictures: written as they are, between blits; timed like them. */
static void
curses_raw(struct backend *be, const char *s, size_t n)
{
	struct curses_priv	*p = be->priv;
	double			 t0 = link_ms();

	if (fwrite(s, 1, n, p->out) != n)
		clearerr(p->out);
	fflush(p->out);
	measure_link(be, p, n, t0);
}

static int
curses_key(struct backend *be, int timeout_ms)
{
	struct curses_priv	*p = be->priv;
	MEVENT			 ev;
	wint_t			 wch;
	int			 r;

	/* a wait (for a lone Esc to resolve), then back to not waiting */
	if (timeout_ms > 0)
		wtimeout(stdscr, timeout_ms);
	r = wget_wch(stdscr, &wch);
	if (timeout_ms > 0)
		nodelay(stdscr, TRUE);
	if (r == ERR)
		return KEY_NONE;
	if (r == KEY_CODE_YES) {
		if (wch == KEY_ENTER)
			return '\n';
		if (wch == KEY_MOUSE) {
			if (getmouse(&ev) != OK)
				return KEY_NONE;
			p->mx = ev.x;
			p->my = ev.y;
			p->mstate = (ev.bstate & BUTTON1_PRESSED) ? 1 :
			    (ev.bstate & BUTTON1_RELEASED) ? 2 : 0;
		}
		return KEY_SPECIAL | (int)wch;
	}
	if (wch == '\r')
		return '\n';
	if (wch == 127 || wch == 8)
		return KEY_SPECIAL | KEY_BACKSPACE;
	return (int)wch;
}

static int
curses_mouse(struct backend *be, int *x, int *y, int *state)
{
	struct curses_priv	*p = be->priv;

	*x = p->mx;
	*y = p->my;
	*state = p->mstate;
	return 0;
}

/* Restore the terminal, stop (the shell's fg resumes us), redraw. */
static void
curses_suspend(struct backend *be)
{
	struct sigaction	 sa, old;
	sigset_t		 tstp, mask;

	(void)be;
	endwin();
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = SIG_DFL;
	sigaction(SIGTSTP, &sa, &old);
	/* the loop blocks SIGTSTP; unblocked, the raise stops us here */
	sigemptyset(&tstp);
	sigaddset(&tstp, SIGTSTP);
	sigprocmask(SIG_UNBLOCK, &tstp, &mask);
	raise(SIGTSTP);
	sigprocmask(SIG_SETMASK, &mask, NULL);
	sigaction(SIGTSTP, &old, NULL);
	refresh();
	clearok(curscr, TRUE);
}

struct backend *
backend_curses(FILE *unused)
{
	struct backend	*be;

	(void)unused;
	be = xcalloc(1, sizeof *be);
	be->priv = xcalloc(1, sizeof(struct curses_priv));
	be->init = curses_init;
	be->fini = curses_fini;
	be->size = curses_size;
	be->blit = curses_blit;
	be->key = curses_key;
	be->mouse = curses_mouse;
	be->suspend = curses_suspend;
	be->raw = curses_raw;
	return be;
}

/* The headless backend: a virtual terminal for scripted runs. */
struct headless_priv {
	int		 cols, rows;
	struct grid	 last;
	int		 mx, my, mstate;	/* the last scripted mouse event */
	int		*keys;
	size_t		 nkeys, pos;
};

static int
headless_init(struct backend *be, char *err, size_t errlen)
{
	(void)be;
	(void)err;
	(void)errlen;
	return 0;
}

static void
headless_fini(struct backend *be)
{
	(void)be;
}

static void
headless_size(struct backend *be, int *cols, int *rows)
{
	struct headless_priv	*p = be->priv;

	*cols = p->cols;
	*rows = p->rows;
}

static void
headless_blit(struct backend *be, const struct grid *g, int full)
{
	struct headless_priv	*p = be->priv;

	(void)full;
	grid_copy(&p->last, g);
}

static int
headless_key(struct backend *be, int timeout_ms)
{
	struct headless_priv	*p = be->priv;
	int			 k;

	(void)timeout_ms;
	if (p->pos >= p->nkeys)
		return KEY_NONE;
	k = p->keys[p->pos++];
	if (k == (KEY_SPECIAL | KEY_RESIZE) && p->pos + 1 < p->nkeys) {
		/* <Resize> COLS ROWS: the scripted terminal changes size */
		p->cols = p->keys[p->pos++];
		p->rows = p->keys[p->pos++];
	}
	if (k == (KEY_SPECIAL | KEY_MOUSE) && p->pos + 2 < p->nkeys) {
		p->mstate = p->keys[p->pos++];
		p->mx = p->keys[p->pos++];
		p->my = p->keys[p->pos++];
	}
	return k;
}

static int
headless_mouse(struct backend *be, int *x, int *y, int *state)
{
	struct headless_priv	*p = be->priv;

	*x = p->mx;
	*y = p->my;
	*state = p->mstate;
	return 0;
}

static void
headless_suspend(struct backend *be)
{
	(void)be;
}

/* Pictures on the virtual terminal: counted, for --trace. */
static void
headless_raw(struct backend *be, const char *s, size_t n)
{
	(void)s;
	be->bytes += n;
}

int
headless_keys_left(struct backend *be)
{
	struct headless_priv	*p = be->priv;

	return p->pos < p->nkeys;
}

/*
 * A headless backend of cols x rows replaying the keys in text: literal
 * characters, and <Name> for special keys (<Enter>, <Esc>, <Tab>, <C-r>,
 * <F3>, <lt> for "<"). Line ends are ignored. "<Resize 80x24>" resizes;
 * "<Press X,Y>" and "<Release X,Y>" are mouse button 1 at a cell.
 */
struct backend *
backend_headless(int cols, int rows, const char *text, size_t len)
{
	struct backend		*be;
	struct headless_priv	*p;
	const char		*s = text, *end = text + len, *gt;
	char			 tok[64];
	size_t			 n, cap = 0;
	int			 key, w, h, press;

	be = xcalloc(1, sizeof *be);
	p = xcalloc(1, sizeof *p);
	be->priv = p;
	p->cols = cols;
	p->rows = rows;
	while (s < end) {
		if (*s == '\n' || *s == '\r') {
			s++;
			continue;
		}
		key = KEY_NONE;
		if (*s == '<' && (gt = memchr(s, '>', (size_t)(end - s))) !=
		    NULL && (n = (size_t)(gt - s + 1)) < sizeof tok) {
			memcpy(tok, s, n);
			tok[n] = '\0';
			if (sscanf(tok, "<Resize %dx%d>", &w, &h) == 2) {
				if (p->nkeys + 3 > cap) {
					cap = cap ? cap * 2 : 256;
					p->keys = xreallocarray(p->keys, cap,
					    sizeof *p->keys);
				}
				p->keys[p->nkeys++] = KEY_SPECIAL | KEY_RESIZE;
				p->keys[p->nkeys++] = w;
				p->keys[p->nkeys++] = h;
				s += n;
				continue;
			}
			if ((press = sscanf(tok, "<Press %d,%d>", &w, &h) == 2) ||
			    sscanf(tok, "<Release %d,%d>", &w, &h) == 2) {
				if (p->nkeys + 4 > cap) {
					cap = cap ? cap * 2 : 256;
					p->keys = xreallocarray(p->keys, cap,
					    sizeof *p->keys);
				}
				p->keys[p->nkeys++] = KEY_SPECIAL | KEY_MOUSE;
				p->keys[p->nkeys++] = press ? 1 : 2;
				p->keys[p->nkeys++] = w;
				p->keys[p->nkeys++] = h;
				s += n;
				continue;
			}
			if (key_parse(tok, &key) == 0)
				s += n;
		}
		if (key == KEY_NONE) {
			n = 1;
			while (s + n < end && ((unsigned char)s[n] & 0xc0) ==
			    0x80)
				n++;
			memcpy(tok, s, n < sizeof tok ? n : sizeof tok - 1);
			tok[n < sizeof tok ? n : sizeof tok - 1] = '\0';
			s += n;
			if (key_parse(tok, &key) != 0)
				continue;
		}
		if (p->nkeys + 3 > cap) {
			cap = cap ? cap * 2 : 256;
			p->keys = xreallocarray(p->keys, cap, sizeof *p->keys);
		}
		p->keys[p->nkeys++] = key;
	}
	be->init = headless_init;
	be->fini = headless_fini;
	be->size = headless_size;
	be->blit = headless_blit;
	be->key = headless_key;
	be->mouse = headless_mouse;
	be->suspend = headless_suspend;
	be->raw = headless_raw;
	be->colour_mode = COLOUR_256;
	be->ascii = !tui_locale_utf8();
	return be;
}

/* The last screen as text, one line per row, trailing blanks trimmed. */
void
headless_dump(struct backend *be, FILE *fp)
{
	struct headless_priv	*p = be->priv;
	const struct cell	*c;
	struct buf		 line;
	uint32_t		 ch;
	int32_t			 fg, bg;
	int			 x, y;

	buf_init(&line);
	for (y = 0; y < p->last.rows; y++) {
		buf_reset(&line);
		for (x = 0; x < p->last.cols; x++) {
			c = &p->last.cells[(size_t)y * p->last.cols + x];
			cell_glyph(&p->last, c, &ch, &fg, &bg, CELL_DEFAULT,
			    CELL_DEFAULT);
			if (ch == 0)
				continue;
			utf8_put(&line, ch);
		}
		while (line.len > 0 && line.data[line.len - 1] == ' ')
			line.data[--line.len] = '\0';
		fprintf(fp, "%s\n", line.data ? line.data : "");
	}
	buf_free(&line);
}

void
backend_free(struct backend *be)
{
	if (be == NULL)
		return;
	if (be->blit == headless_blit) {
		struct headless_priv *p = be->priv;

		grid_free(&p->last);
		free(p->keys);
	} else {
		struct curses_priv *p = be->priv;

		free(p->pair);
		free(p->pair_used);
		free(p->written);
		free(p->wfg);
		free(p->wbg);
		free(p->wattr);
	}
	free(be->priv);
	free(be);
}
