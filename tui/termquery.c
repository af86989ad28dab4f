/*
 * termquery.c: which pixel protocol the terminal draws, asked of the
 * terminal itself before curses starts: kitty's graphics query, XTVERSION,
 * the sixel colour registers (XTSMGRAPHICS), the cell size (CSI 16 t),
 * then primary device attributes (DA1, whose 4 means sixel). Every
 * terminal answers DA1, and answers in order, so its reply ends the wait;
 * one that answers nothing costs the timeout. Only terminals known to
 * parse these sequences are asked (a real VT100 would print them), and
 * nothing is asked inside tmux, which answers for itself: there the
 * outer terminal is known from the environment it passed on, and
 * pictures go through tmux's passthrough when allow-passthrough is on.
 */
#include <sys/ioctl.h>

#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

#include "tui.h"

#define QUERY_MS	300	/* an SSH round trip, with room */

/* TERM prefixes of terminals that parse (or safely ignore) the queries. */
static const char *const askable[] = {
	"xterm", "kitty", "foot", "wezterm", "mlterm", "mintty", "contour",
	"konsole", "ghostty", "alacritty", "iterm", "st-", "vte",
};

/* Environment a terminal sets, kept by tmux's server: the outer one. */
static const struct {
	const char	*var, *value;	/* value NULL: set at all */
	int		 proto;
} hints[] = {
	{ "KITTY_WINDOW_ID", NULL, GFX_KITTY },
	{ "WEZTERM_PANE", NULL, GFX_KITTY },
	{ "GHOSTTY_RESOURCES_DIR", NULL, GFX_KITTY },
	{ "LC_TERMINAL", "iTerm2", GFX_ITERM },
	{ "TERM_PROGRAM", "iTerm.app", GFX_ITERM },
	{ "TERM_PROGRAM", "WezTerm", GFX_KITTY },
};

static int
askable_term(const char *term)
{
	size_t	 i;

	for (i = 0; term != NULL && i < sizeof askable / sizeof askable[0];
	    i++)
		if (strncmp(term, askable[i], strlen(askable[i])) == 0)
			return 1;
	return 0;
}

static int
hinted_proto(void)
{
	const char	*v;
	size_t		 i;

	for (i = 0; i < sizeof hints / sizeof hints[0]; i++)
		if ((v = getenv(hints[i].var)) != NULL && *v != '\0' &&
		    (hints[i].value == NULL || strcmp(v, hints[i].value) == 0))
			return hints[i].proto;
	return GFX_CELLS;
}

static double
now_ms(void)
{
	struct timespec	 t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return t.tv_sec * 1e3 + t.tv_nsec / 1e6;
}

/* tmux's allow-passthrough for this pane: 1 on, 0 off or unknown. */
static int
tmux_passthrough(void)
{
	FILE	*fp;
	char	 line[64] = "";

	if ((fp = popen("tmux show-options -Apqv allow-passthrough "
	    "2>/dev/null", "r")) == NULL)
		return 0;
	if (fgets(line, sizeof line, fp) == NULL)
		line[0] = '\0';
	pclose(fp);
	return strncmp(line, "on", 2) == 0 || strncmp(line, "all", 3) == 0;
}

/* The replies in r (n bytes) into caps; 1 once DA1 has answered. */
static int
parse_replies(const char *r, size_t n, struct gfx_caps *caps, int *kitty,
    int *sixel, int *iterm)
{
	const char	*p, *end = r + n;
	int		 a, b, c, done = 0;

	for (p = r; p < end; p++) {
		if (*p != '\033' || p + 1 >= end)
			continue;
		if (strncmp(p, "\033_Gi=31;OK", 10) == 0)
			*kitty = 1;
		else if (strncmp(p, "\033P>|", 4) == 0 &&
		    (memmem(p, (size_t)(end - p), "iTerm2", 6) != NULL ||
		    memmem(p, (size_t)(end - p), "WezTerm", 7) != NULL))
			*iterm = 1;
		else if (sscanf(p, "\033[6;%d;%dt", &a, &b) == 2 && a > 0 &&
		    b > 0 && a <= 512 && b <= 512) {
			caps->ch = a;
			caps->cw = b;
		} else if (sscanf(p, "\033[?1;0;%dS", &c) == 1 && c >= 2)
			caps->ncolours = c > 256 ? 256 : c;
		else if (strncmp(p, "\033[?", 3) == 0) {
			const char *q = p + 3;

			while (q < end && (*q == ';' || (*q >= '0' &&
			    *q <= '9')))
				q++;
			if (q < end && *q == 'c') {
				/* DA1: parameters; 4 is sixel graphics */
				for (q = p + 3; *q != 'c'; q++)
					if (*q == '4' && (q[-1] == '?' ||
					    q[-1] == ';') && (q[1] == ';' ||
					    q[1] == 'c'))
						*sixel = 1;
				done = 1;
			}
		}
	}
	return done;
}

/* Ask the terminal on fd (raw for the while); fills caps. */
static void
ask(int fd, int want, struct gfx_caps *caps, int *kitty, int *sixel,
    int *iterm)
{
	struct termios	 old, raw;
	struct pollfd	 pfd;
	char		 r[1024];
	size_t		 n = 0;
	ssize_t		 k;
	double		 t0;
	int		 left;
	static const char q_kitty[] = "\033_Gi=31,s=1,v=1,a=q,t=d,f=24;"
	    "AAAA\033\\";
	static const char q_rest[] = "\033[>0q\033[?1;1;0S\033[16t\033[c";

	if (tcgetattr(fd, &old) != 0)
		return;
	raw = old;
	raw.c_lflag &= ~(tcflag_t)(ICANON | ECHO);
	raw.c_cc[VMIN] = 0;
	raw.c_cc[VTIME] = 0;
	if (tcsetattr(fd, TCSANOW, &raw) != 0)
		return;
	if ((want == -1 || want == GFX_KITTY) && write(fd, q_kitty,
	    sizeof q_kitty - 1) < 0)
		goto out;
	if (write(fd, q_rest, sizeof q_rest - 1) < 0)
		goto out;
	t0 = now_ms();
	pfd.fd = fd;
	pfd.events = POLLIN;
	while ((left = QUERY_MS - (int)(now_ms() - t0)) > 0 &&
	    n < sizeof r - 1) {
		if (poll(&pfd, 1, left) <= 0)
			break;
		if ((k = read(fd, r + n, sizeof r - 1 - n)) <= 0) {
			if (k < 0 && errno == EINTR)
				continue;
			break;
		}
		n += (size_t)k;
		if (parse_replies(r, n, caps, kitty, sixel, iterm))
			break;
	}
out:
	/* anything late or unparsed is not a key the analyst pressed */
	tcflush(fd, TCIFLUSH);
	tcsetattr(fd, TCSANOW, &old);
}

/*
 * What the terminal on fd draws, with want = GFX_* (from --graphics or
 * QUAYMARK_GRAPHICS) or -1 to detect. caps->why says, for the message
 * line, why pixels are not used when they could be (tmux passthrough off,
 * no cell size).
 */
void
tui_graphics_detect(int fd, int want, struct gfx_caps *caps)
{
	struct winsize	 ws;
	const char	*cell;
	char		 x;
	int		 kitty = 0, sixel = 0, iterm = 0, hint, cw, ch;

	memset(caps, 0, sizeof *caps);
	caps->ncolours = 256;
	if (want == GFX_CELLS)
		return;
	if (getenv("TMUX") != NULL && *getenv("TMUX") != '\0') {
		hint = want >= 0 ? want : hinted_proto();
		if (hint == GFX_CELLS)
			return;
		if (!tmux_passthrough()) {
			snprintf(caps->why, sizeof caps->why, "tmux keeps %s "
			    "pictures out: tmux set -g allow-passthrough on, "
			    "then restart", gfx_name(hint));
			return;
		}
		caps->tmux = 1;
		caps->proto = hint;
	} else {
		if (want >= 0 || askable_term(getenv("TERM")))
			ask(fd, want, caps, &kitty, &sixel, &iterm);
		caps->proto = want >= 0 ? want : kitty ? GFX_KITTY : iterm ?
		    GFX_ITERM : sixel ? GFX_SIXEL : GFX_CELLS;
	}
	if (caps->proto == GFX_CELLS)
		return;
	/* a terminal that does not say (tmux without a client) or says wrong */
	if ((cell = getenv("QUAYMARK_CELL")) != NULL && sscanf(cell, "%dx%d%c",
	    &cw, &ch, &x) == 2 && cw > 0 && ch > 0 && cw <= 512 && ch <= 512) {
		caps->cw = cw;
		caps->ch = ch;
	}
	if ((caps->cw == 0 || caps->ch == 0) && ioctl(fd, TIOCGWINSZ, &ws) ==
	    0 && ws.ws_col > 0 && ws.ws_row > 0 && ws.ws_xpixel >= ws.ws_col &&
	    ws.ws_ypixel >= ws.ws_row) {
		caps->cw = ws.ws_xpixel / ws.ws_col;
		caps->ch = ws.ws_ypixel / ws.ws_row;
	}
	if (caps->cw == 0 || caps->ch == 0) {
		/* asked for by name: assume the common cell */
		if (want >= 0) {
			caps->cw = 10;
			caps->ch = 20;
			return;
		}
		snprintf(caps->why, sizeof caps->why, "the terminal draws %s "
		    "but did not say its cell size: cells",
		    gfx_name(caps->proto));
		caps->proto = GFX_CELLS;
	}
}
