/*
 * loop.c: the main loop. Signals only set flags, which the loop acts on;
 * SIGTSTP is unblocked only in pselect() (vis), while the signals that end
 * the program are never blocked (file I/O may hang). Every key waiting is
 * handled before one redraw (fast key repeat renders the last viewport,
 * not each one between). Idle time reads ahead the neighbouring dates.
 * Other analysts' changes: on PostgreSQL the loop waits on the
 * connection's socket beside the terminal (LISTEN/NOTIFY, no query while
 * idle); on SQLite it polls PRAGMA data_version every POLL_MS. A lost
 * connection is made again with backoff while keys keep working (writes
 * are refused, saying why, until it is back). The terminal is
 * restored by one path on every way out: quit, SIGHUP (a dropped SSH
 * link), SIGTERM, an error.
 */
#include <sys/select.h>

#include <curses.h>
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "tui.h"

#define POLL_MS		500	/* other analysts' changes show within 1 s */
#define IDLE_MS		60000	/* a wait with nothing due (a feed) */
#define RETRY_FIRST_MS	100	/* reconnecting: the first wait, */
#define RETRY_MAX_MS	2000	/* doubling up to this */

static volatile sig_atomic_t got_quit;
static volatile sig_atomic_t got_tstp;
static struct backend *oom_be;	/* the terminal to restore on OOM */

/* Out of memory (util/mem.c aborts next): the terminal back first. */
static void
oom_restore(void)
{
	if (oom_be != NULL)
		oom_be->fini(oom_be);
}

#define QUIT_GRACE_S	5	/* to restore the terminal, then SIGALRM */

/*
 * SIGHUP, SIGINT and SIGTERM are never blocked: if the loop is stuck in
 * file I/O (a hung network share) it cannot come back to see the flag, so
 * the first signal also arms an alarm whose default action ends the
 * process; a second one ends it at once. A dropped SSH link or
 * `timeout` must always end quaymark.
 */
static void
on_quit(int sig)
{
	struct sigaction	 sa;

	if (got_quit) {
		memset(&sa, 0, sizeof sa);
		sa.sa_handler = SIG_DFL;
		sigaction(sig, &sa, NULL);
		raise(sig);
		return;
	}
	got_quit = sig;
	alarm(QUIT_GRACE_S);
}

static void
on_tstp(int sig)
{
	(void)sig;
	got_tstp = 1;
}

static double
now_ms(void)
{
	struct timespec	 t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return t.tv_sec * 1e3 + t.tv_nsec / 1e6;
}

/* This process's CPU time: what other load on the machine leaves alone. */
static double
cpu_ms(void)
{
	struct timespec	 t;

	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
	return t.tv_sec * 1e3 + t.tv_nsec / 1e6;
}

int
check_needs(struct app *a, int need)
{
	if ((need & NEED_IMAGE) && a->nimages == 0) {
		app_message(a, 1, "no image");
		return -1;
	}
	if ((need & NEED_MARK) && (a->sel < 0 || (size_t)a->sel >= a->nmarks))
	{
		app_message(a, 1, "select a mark first (Tab cycles, s picks "
		    "the one under the cursor)");
		return -1;
	}
	if ((need & NEED_WRITE) && store_readonly(a->st)) {
		app_message(a, 1, "read-only: %s", store_readonly_reason(a->st));
		snprintf(a->saved, sizeof a->saved, "read-only");
		return -1;
	}
	if ((need & NEED_WRITE) && a->offline) {
		app_message(a, 1, "not saved: the connection to the server is "
		    "lost; reconnecting (try again once the status line no "
		    "longer says so)");
		return -1;
	}
	if ((need & NEED_WRITE) && (need & NEED_MARK) && a->blink) {
		app_message(a, 1, "blinking: press b to come back first");
		return -1;
	}
	if ((need & NEED_SUPERVISOR) && !store_is_supervisor(a->st)) {
		app_message(a, 1, "only supervisors may do that (%s is not "
		    "one)", a->user);
		return -1;
	}
	return 0;
}

static int
run_action(struct app *a, int i, int arg)
{
	if (check_needs(a, actions[i].need) != 0)
		return R_STATUS;	/* a complaint; "read-only" */
	return actions[i].fn(a, arg);
}

/* Run a named action with an argument (for the command line). */
int
tui_dispatch_action(struct app *a, const char *name, int arg)
{
	int	 i;

	(void)arg;
	if ((i = action_find(name)) < 0)
		return R_NONE;
	return run_action(a, i, actions[i].arg);
}

/* A mouse click moves the cursor; a drag draws a box of the last class. */
static int
mouse(struct app *a)
{
	int		 x, y, state, r = R_NONE;

	if (a->be->mouse(a->be, &x, &y, &state) != 0 || x >= pane_cols(a) ||
	    y >= pane_rows(a) || a->mode != MODE_NORMAL)
		return R_NONE;
	if (state == 1) {
		a->mouse_down = 1;
		a->mouse_x = x;
		a->mouse_y = y;
	}
	view_to_image(&a->view, x + 0.5, 2 * y + 0.5, &a->cx, &a->cy);
	app_clamp_cursor(a);
	r = R_CURSOR;
	if (state == 2 && a->mouse_down && (x != a->mouse_x ||
	    y != a->mouse_y) &&
	    !store_readonly(a->st) && a->nclasses > 0) {
		a->box_class = a->has_last ? a->last.class_id :
		    a->classes[0].id;
		view_to_image(&a->view, a->mouse_x + 0.5, 2 * a->mouse_y + 0.5,
		    &a->ax, &a->ay);
		a->angle = 0;
		a->mode = MODE_BOX;
		r |= tui_dispatch_action(a, "box-confirm", 0);
	}
	if (state == 2)
		a->mouse_down = 0;
	return r;
}

/*
 * The terminal's size, as far as a grid holds it: a larger terminal shows
 * its top-left part; one that reports nothing (0 rows while an SSH client
 * connects) shows nothing until it reports a size.
 */
static void
take_size(struct app *a)
{
	a->be->size(a->be, &a->cols, &a->rows);
	a->cols = a->cols < 0 ? 0 : a->cols > GRID_MAX_COLS ? GRID_MAX_COLS :
	    a->cols;
	a->rows = a->rows < 0 ? 0 : a->rows > GRID_MAX_ROWS ? GRID_MAX_ROWS :
	    a->rows;
}

/* One key: the binding of the current mode, or a prompt or form. */
static int
dispatch_key(struct app *a, int key)
{
	int	 i, mult, r = R_NONE;

	if (key == (KEY_SPECIAL | KEY_RESIZE)) {
		take_size(a);
		a->base_ok = 0;
		return R_ALL | R_VIEW;
	}
	if (key == (KEY_SPECIAL | KEY_MOUSE))
		return mouse(a);
	if (a->mode == MODE_PROMPT)
		return prompt_key(a, key);
	if (a->mode == MODE_FORM)
		return form_key(a, key);
	if (a->cols < MIN_COLS || a->rows < MIN_ROWS)
		return key == 'q' ? R_QUIT : R_NONE;
	if (a->mode == MODE_HINT)
		return hint_key(a, key);
	if (hint_count_key(a, key, &mult))
		return R_CURSOR;	/* a digit of a count (0 12 l) */
	if ((i = keymap_lookup(&a->keys, a->mode, key)) < 0) {
		char	 name[32];

		keyname_of(key, name, sizeof name);
		app_message(a, 1, "%s does nothing in %s mode (? lists the "
		    "keys)", name, mode_name(a->mode));
		return R_STATUS;
	}
	if (a->saved[0] && strcmp(a->saved, "read-only") != 0 &&
	    !a->offline) {
		a->saved[0] = '\0';
		r = R_STATUS;	/* "saved" goes from the status line */
	}
	return r | run_action(a, i, hint_countable(i) ? actions[i].arg *
	    mult : actions[i].arg);
}

/*
 * One key, on fresh state: what earlier keys of a burst asked to load
 * (app_load) is loaded before this one acts, as it is before a frame.
 */
int
tui_dispatch(struct app *a, int key)
{
	int	 r = app_load(a);

	return r | dispatch_key(a, key);
}

static void
trace_frame(struct app *a, int key, int reactions, double ms, size_t bytes,
    double cpu)
{
	char	 name[32] = "(none)";	/* a redraw no key asked for */

	if (a->trace == NULL)
		return;
	if (key != KEY_NONE)
		keyname_of(key, name, sizeof name);
	fprintf(a->trace, "%.3f key=%s reactions=0x%x ms=%.2f bytes=%zu "
	    "image=%lld zoom=%g cpu=%.2f kept=%d parts=0x%x\n", now_ms() / 1e3,
	    name, reactions, ms, bytes, a->nimages ?
	    (long long)a->images[a->cur].id : 0LL, a->view.scale, cpu,
	    pixels_kept_shown(a), a->drawn);
	fflush(a->trace);
}

/* Two cells look the same on a terminal. */
static int
cell_same(const struct cell *p, const struct cell *q)
{
	if (p->ch != q->ch || p->attr != q->attr)
		return 0;
	if (p->ch == 0)
		return p->top == q->top && p->bottom == q->bottom;
	return p->fg == q->fg && p->bg == q->bg;
}

/*
 * QUAYMARK_CHECK_REDRAW (the tests set it): compose the whole screen
 * beside the partial frame just drawn; a cell that differs is a reaction
 * an action did not return, a stale part on a user's screen. Ends the
 * program with the key and the row, so the test that pressed it fails.
 */
static void
check_redraw(struct app *a, int reactions, int key)
{
	struct grid	 partial;
	unsigned long	 n[PART_COUNT];
	unsigned	 drawn = a->drawn;
	char		 name[32] = "(none)";
	int		 x, y;

	memset(&partial, 0, sizeof partial);
	grid_copy(&partial, &a->screen);
	memcpy(n, a->ndrawn, sizeof n);
	draw_screen(a, R_ALL);
	memcpy(a->ndrawn, n, sizeof n);
	a->drawn = drawn;
	for (y = 0; y < partial.rows; y++)
		for (x = 0; x < partial.cols; x++) {
			if (cell_same(grid_at(&partial, x, y),
			    grid_at(&a->screen, x, y)))
				continue;
			if (key != KEY_NONE)
				keyname_of(key, name, sizeof name);
			a->be->fini(a->be);
			fprintf(stderr, "quaymark: QUAYMARK_CHECK_REDRAW: after "
			    "key %s (reactions 0x%x, parts 0x%x, mode %s) cell "
			    "%d,%d was stale\n", name, reactions, drawn,
			    mode_name(a->mode), x, y);
			abort();
		}
	grid_free(&partial);
}

static void
repaint(struct app *a, int reactions, int key, double t0)
{
	size_t	 before = a->be->bytes;
	double	 c0 = cpu_ms();
	int	 full;

	if (reactions & R_REPORT)
		a->report_dirty = 1;
	if (reactions & (R_VIEW | R_IMAGE))
		a->base_ok = 0;
	reactions |= app_load(a);	/* what the actions asked for */
	app_load_frame(a, reactions);
	draw_screen(a, reactions);
	if (a->check_redraw)
		check_redraw(a, reactions, key);
	full = (reactions & R_ALL) != 0;
	if (pixels_frame(a, reactions))
		full = 1;	/* a sixel to paint over */
	a->be->blit(a->be, &a->screen, full);
	pixels_flush(a);
	trace_frame(a, key, reactions, now_ms() - t0, a->be->bytes - before,
	    cpu_ms() - c0);
}

/*
 * Wait up to ms for the terminal, or for feed (another process's change,
 * when >= 0); signals are unblocked only here. 1 if the terminal is
 * ready (the feed is read by the caller whatever this says).
 */
static int
wait_input(const sigset_t *orig, int ms, int feed)
{
	struct timespec	 ts;
	fd_set		 fds;
	int		 r;

	FD_ZERO(&fds);
	FD_SET(STDIN_FILENO, &fds);
	if (feed >= 0 && feed < FD_SETSIZE)
		FD_SET(feed, &fds);
	ts.tv_sec = ms / 1000;
	ts.tv_nsec = (long)(ms % 1000) * 1000000L;
	r = pselect((feed > STDIN_FILENO && feed < FD_SETSIZE ? feed :
	    STDIN_FILENO) + 1, &fds, NULL, NULL, &ts, orig);
	/* a signal (SIGWINCH above all) leaves curses a KEY_RESIZE to read */
	return (r > 0 && FD_ISSET(STDIN_FILENO, &fds)) ||
	    (r < 0 && errno == EINTR);
}

/* The connection to the server is lost: say so, and try again soon. */
void
app_offline(struct app *a)
{
	a->offline = 1;
	a->retry_ms = RETRY_FIRST_MS;
	a->retry_at = now_ms() + a->retry_ms;
	app_message(a, 1, "reconnecting: the connection to the server is "
	    "lost (marks are refused until it is back)");
	snprintf(a->saved, sizeof a->saved, "reconnecting");
}

/* One try at the lost connection; after it, what others did meanwhile. */
static int
reconnect(struct app *a)
{
	char	 e[256];

	if (store_reconnect(a->st, e, sizeof e) != 0) {
		a->retry_ms = a->retry_ms * 2 > RETRY_MAX_MS ? RETRY_MAX_MS :
		    a->retry_ms * 2;
		a->retry_at = now_ms() + a->retry_ms;
		/* a refusal said meanwhile stays on the message line */
		if (strncmp(a->msg, "reconnecting", 12) == 0)
			app_message(a, 1, "reconnecting (again in %.1f s): %s",
			    a->retry_ms / 1e3, e);
		snprintf(a->saved, sizeof a->saved, "reconnecting");
		return R_STATUS;
	}
	a->offline = 0;
	a->saved[0] = '\0';
	(void)store_changed(a->st);	/* LISTEN again */
	app_message(a, 0, "reconnected to the server");
	return app_reload_others(a) | R_STATUS;
}

/*
 * Others' changes, before each wait: with a feed, whatever arrived
 * (libpq may have read a notification while a key's queries ran, and
 * the socket is then quiet); without one, the data version every
 * POLL_MS; when offline, a reconnect when its time has come.
 */
static int
others(struct app *a, int feed, double *last_poll)
{
	double	 now = now_ms();

	if (a->offline)
		return now >= a->retry_at ? reconnect(a) : R_NONE;
	if (feed < 0 && now - *last_poll < POLL_MS)
		return R_NONE;
	*last_poll = now;
	return app_poll_changes(a);
}

/* How long the idle loop may sleep: to the next poll or reconnect try. */
static int
idle_wait_ms(const struct app *a, int feed, double last_poll)
{
	double	 due = a->offline ? a->retry_at : feed >= 0 ? now_ms() +
	    IDLE_MS : last_poll + POLL_MS;
	double	 ms = due - now_ms();

	return ms < 0 ? 0 : ms > IDLE_MS ? IDLE_MS : (int)ms + 1;
}

static int
headless_loop(struct app *a)
{
	int	 key, r;
	double	 t0;

	repaint(a, R_ALL, KEY_NONE, now_ms());
	while (!got_quit) {
		if ((key = a->be->key(a->be, 0)) == KEY_NONE)
			break;
		t0 = now_ms();
		r = tui_dispatch(a, key);
		if (r & R_QUIT)
			break;
		/* each key is drawn (the script asserts on the result),
		 * what it changed as a terminal would draw it */
		r |= app_poll_changes(a);
		repaint(a, r | R_STATUS, key, t0);
	}
	return 0;
}

#define ESC_WAIT_MS	40	/* past curses' ESCDELAY (25 ms) */

static int
terminal_loop(struct app *a, const sigset_t *orig)
{
	double	 t0, last_poll = now_ms();
	int	 key, r, first_key, idle_done = 0, empty = 0, ready, feed;
	int	 pending = 0;	/* input came but no key yet: a lone Esc */
	int	 recheck;	/* others' changes again before sleeping */

	repaint(a, R_ALL, KEY_NONE, now_ms());
	for (;;) {
		if (got_quit)
			return 0;
		if (got_tstp) {
			got_tstp = 0;
			pixels_leave(a, 0);
			a->be->suspend(a->be);
			repaint(a, R_ALL, KEY_NONE, now_ms());
		}
		/*
		 * A lone Esc waits inside curses for what may follow it (an
		 * arrow key's sequence); nothing more arrives, so ask again
		 * once its delay has passed, or Esc would act only when the
		 * next key comes.
		 */
		feed = a->offline ? -1 : store_change_fd(a->st);
		recheck = 0;
		if (!pending && (r = others(a, feed, &last_poll)) != R_NONE) {
			repaint(a, r, KEY_NONE, now_ms());
			feed = a->offline ? -1 : store_change_fd(a->st);
			/* the repaint's queries may have read the next
			 * notification: libpq holds it and the socket is
			 * quiet, so look again before sleeping on it */
			recheck = feed >= 0;
		}
		ready = wait_input(orig, pending ? ESC_WAIT_MS : idle_done &&
		    !recheck ? loading_wait_ms(a, idle_wait_ms(a, feed,
		    last_poll)) : 0, pending ? -1 : feed);
		if (!ready && !pending && (r = loading_poll(a)) != R_NONE) {
			idle_done = 0;	/* read-ahead may go on */
			repaint(a, r, KEY_NONE, now_ms());
		}
		if (!ready && !pending) {
			/* idle: read ahead; others' changes at the top */
			if (!idle_done)
				idle_done = !app_read_ahead(a) &&
				    !pixels_read_ahead(a);
			continue;
		}
		idle_done = 0;
		t0 = now_ms();
		r = R_NONE;
		first_key = KEY_NONE;
		/* every key waiting, then one redraw */
		while ((key = a->be->key(a->be, pending && first_key ==
		    KEY_NONE ? ESC_WAIT_MS : 0)) != KEY_NONE) {
			if (first_key == KEY_NONE)
				first_key = key;
			r |= tui_dispatch(a, key);
			if ((r & (R_QUIT | R_SUSPEND)) || got_quit)
				break;
		}
		if ((r & R_QUIT) || got_quit)
			return 0;
		pending = ready && first_key == KEY_NONE;
		/* Readable but no key, again and again: the terminal is gone
		 * (a hung-up line that sent no SIGHUP). */
		if (ready && first_key == KEY_NONE && ++empty > 50)
			return 0;
		if (first_key != KEY_NONE)
			empty = 0;
		if (r & R_SUSPEND) {
			pixels_leave(a, 0);
			a->be->suspend(a->be);
			r = R_ALL;
		}
		if (r != R_NONE)
			repaint(a, r, first_key, t0);
	}
}

/*
 * Pixels or cells: --graphics, else QUAYMARK_GRAPHICS, else the terminal's
 * answers (before curses owns it). A scripted run draws pixels only when
 * told to, with 10x20-pixel cells, so tests exercise the picture path.
 */
static void
start_pixels(struct app *a, const struct tui_opts *o, int headless)
{
	struct gfx_caps	 caps;
	const char	*env = getenv("QUAYMARK_GRAPHICS");
	int		 want = o->graphics;

	if (want < 0 && env != NULL && *env != '\0' &&
	    (want = gfx_parse(env)) < 0)
		app_message(a, 1, "QUAYMARK_GRAPHICS=%s is not kitty, sixel, "
		    "iterm or cells: asking the terminal", env);
	if (headless) {
		memset(&caps, 0, sizeof caps);
		caps.proto = want > 0 ? want : GFX_CELLS;
		caps.cw = 10;
		caps.ch = 20;
		caps.ncolours = 256;
	} else
		tui_graphics_detect(STDIN_FILENO, want, &caps);
	if ((a->px = pixels_new(&caps)) != NULL)
		app_message(a, 0, "pixels: %s, %dx%d-pixel cells%s",
		    gfx_name(caps.proto), caps.cw, caps.ch, caps.tmux ?
		    ", through tmux" : "");
	else if (caps.why[0] != '\0')
		app_message(a, 0, "%s", caps.why);
}

/*
 * Run the TUI on an open store. Returns 0, or -1 with a reason (no
 * terminal, TERM=dumb, nothing to show).
 */
int
tui_run(struct store *st, const struct tui_opts *o, char *err, size_t errlen)
{
	struct sigaction	 sa;
	struct app		 a;
	sigset_t		 block, orig;
	const char		*term = getenv("TERM");
	char			*keys = NULL;
	size_t			 klen = 0;
	int			 rc = 0, headless = o->keys_file != NULL;

	if (headless) {
		if (file_read_all(o->keys_file, 1 << 24, &keys, &klen, err,
		    errlen) != 0)
			return -1;
	} else {
		if (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO)) {
			return errf(err, errlen, "the TUI needs a terminal on "
			    "standard input and output (tui --keys FILE runs "
			    "it without one)");
		}
		if (term == NULL || *term == '\0' || strcmp(term, "dumb") == 0)
			return errf(err, errlen, "TERM=%s cannot show images; "
			    "set TERM to your terminal (xterm-256color, say)",
			    term ? term : "");
	}
	memset(&a, 0, sizeof a);
	if (app_open(&a, st, o, err, errlen) != 0) {
		app_close(&a);
		free(keys);
		return -1;
	}
	a.review = o->review;
	a.review_filter = o->review_filter;
	if (o->review_analyst != NULL)
		a.review_analyst = xstrdup(o->review_analyst);
	if (o->trace != NULL && (a.trace = fopen(o->trace, "a")) == NULL) {
		errf(err, errlen, "%s: cannot open the trace", o->trace);
		app_close(&a);
		free(keys);
		return -1;
	}
	start_pixels(&a, o, headless);
	a.check_redraw = getenv("QUAYMARK_CHECK_REDRAW") != NULL &&
	    *getenv("QUAYMARK_CHECK_REDRAW") != '\0';
	a.be = headless ? backend_headless(o->cols, o->rows, keys, klen) :
	    backend_curses(stdout);
	free(keys);
	if (a.be->init(a.be, err, errlen) != 0) {
		backend_free(a.be);
		if (a.trace)
			fclose(a.trace);
		app_close(&a);
		return -1;
	}
	a.colour_mode = o->colour_mode >= 0 ? o->colour_mode :
	    a.be->colour_mode;
	a.ascii = a.be->ascii;
	take_size(&a);
	if (a.nimages > 0) {
		app_goto(&a, a.cur, a.view_restored);
		if (a.view_restored) {	/* the saved view, in this pane */
			view_snap(&a.view);
			app_clamp_cursor(&a);
		}
	}
	if (a.review) {
		if (review_load(&a, err, errlen) == 0 && a.nqueue > 0)
			review_goto(&a, 0);
		else
			app_message(&a, 0, "review: nothing pending");
	}

	got_quit = got_tstp = 0;
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_quit;
	sigaction(SIGHUP, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	sa.sa_handler = on_tstp;
	sigaction(SIGTSTP, &sa, NULL);
	sa.sa_handler = SIG_IGN;
	sigaction(SIGPIPE, &sa, NULL);
	/* only SIGTSTP waits for pselect(): the signals that end the
	 * program are never held back (see on_quit) */
	sigemptyset(&block);
	sigaddset(&block, SIGTSTP);
	sigprocmask(SIG_BLOCK, &block, &orig);

	oom_be = a.be;
	mem_on_oom(oom_restore);
	if (headless)
		rc = headless_loop(&a);
	else {
		a.loader = imagery_loader_new();	/* keys never wait */
		rc = terminal_loop(&a, &orig);
		imagery_loader_free(a.loader);
		a.loader = NULL;
	}

	/* The one way out: position saved, terminal restored. */
	app_save_position(&a);
	pixels_leave(&a, 1);
	mem_on_oom(NULL);
	oom_be = NULL;
	a.be->fini(a.be);
	alarm(0);
	sigprocmask(SIG_SETMASK, &orig, NULL);
	if (headless)
		headless_dump(a.be, stdout);
	if (got_quit == SIGHUP || got_quit == SIGTERM)
		rc = 0;
	backend_free(a.be);
	pixels_free(a.px);
	if (a.trace)
		fclose(a.trace);
	app_close(&a);
	return rc;
}
