/*
 * tui.h: the terminal user interface: screen, keys, views, prompts, the
 * review mode. Only this room includes curses.
 *
 * Shape (vis, htop, ncdu): a key is looked up in the binding table of the
 * current mode and runs an action; handlers change the app's state and
 * return what changed (R_* reactions) but never draw. The loop then
 * composes one off-screen grid (image pane, panel, timeline, status line)
 * and a backend blits it: curses on a terminal, or the headless backend
 * for scripted runs, tests and fuzzing.
 */
#ifndef QM_TUI_H
#define QM_TUI_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "../detect/detect.h"
#include "../imagery/imagery.h"
#include "../render/render.h"
#include "../store/store.h"
#include "../util/util.h"

#include "term.h"

/* termquery.c: what pixels the terminal draws, asked of it. */
struct gfx_caps {
	int	 proto;		/* GFX_*; GFX_CELLS: half blocks */
	int	 cw, ch;	/* cell size in pixels */
	int	 ncolours;	/* sixel colour registers */
	int	 tmux;		/* wrap in tmux's passthrough */
	char	 why[160];	/* for the message line: why not pixels */
};
void	 tui_graphics_detect(int, int, struct gfx_caps *);

/* Keys: code points, or special keys (curses KEY_*) with KEY_SPECIAL. */
#define KEY_SPECIAL	0x200000
#define KEY_NONE	(-1)

enum mode {
	MODE_NORMAL,
	MODE_BOX,	/* drawing a box */
	MODE_ADJUST,	/* moving, resizing, turning the selected mark */
	MODE_PROMPT,	/* the command line and other one-line prompts */
	MODE_FORM,	/* a mark's attributes */
	MODE_HELP,
	MODE_REPORT,
	MODE_HISTORY,
	MODE_HINT,	/* letters over candidates: typing them takes one */
	MODE_COUNT
};

/* What an action changed: the loop redraws accordingly. */
#define R_NONE		0x000
#define R_CURSOR	0x001	/* overlays and the status line */
#define R_VIEW		0x002	/* the image must be read again */
#define R_IMAGE		0x004	/* another image */
#define R_MARKS		0x008	/* the marks changed (app_want_marks) */
#define R_PANEL		0x010
#define R_TIMELINE	0x020
#define R_ALL		0x040	/* repaint every cell */
#define R_QUIT		0x080
#define R_SUSPEND	0x100
#define R_REPORT	0x200	/* recount */
#define R_STATUS	0x400	/* the status and message lines only */

/* The parts of the main screen draw_screen composes (draw.c's part_tab
 * says which reactions repaint which); the message line always. */
enum part { PART_PANE, PART_PANEL, PART_TIMELINE, PART_STATUS, PART_BOTTOM,
	PART_COUNT };
#define PART_BIT(p)	(1u << (p))
#define PARTS_ALL	(PART_BIT(PART_COUNT) - 1)

/* Preconditions an action declares; the dispatcher checks them once. */
#define NEED_IMAGE	0x1	/* an image is open */
#define NEED_MARK	0x2	/* a mark is selected */
#define NEED_WRITE	0x4	/* the store takes writes */
#define NEED_SUPERVISOR	0x8

struct app;
typedef int (*action_fn)(struct app *, int);

struct action {
	const char	*name;
	const char	*help;
	unsigned	 modes;		/* bits of enum mode */
	int		 need;
	action_fn	 fn;
	int		 arg;
};
extern const struct action actions[];

/* The arguments of the handlers that do one of several things. */
enum date_how {		/* act_date */
	DATE_NEXT, DATE_PREV, DATE_NEXT_UNREVIEWED, DATE_PREV_UNREVIEWED,
	DATE_FIRST, DATE_LAST
};
enum pan_dir { PAN_DOWN, PAN_UP, PAN_LEFT, PAN_RIGHT };	/* act_pan */
enum zoom_how { ZOOM_IN, ZOOM_OUT, ZOOM_FIT, ZOOM_ONE };	/* zoom_view */
enum stretch_how { STRETCH_TOGGLE, STRETCH_RESET };	/* act_stretch */
enum box_how {		/* act_box */
	BOX_CONFIRM, BOX_POINT, BOX_CANCEL, BOX_TURN, BOX_TURN_BACK
};
enum adj_how {		/* act_adj: the _10 steps follow the single ones */
	ADJ_LEFT, ADJ_DOWN, ADJ_UP, ADJ_RIGHT, ADJ_LEFT_10, ADJ_DOWN_10,
	ADJ_UP_10, ADJ_RIGHT_10, ADJ_WIDER, ADJ_NARROWER, ADJ_TALLER,
	ADJ_SHORTER, ADJ_TURN, ADJ_TURN_BACK, ADJ_SAVE, ADJ_CANCEL
};
void	 zoom_view(const struct app *, enum zoom_how, struct viewport *);
void	 pan_view(const struct app *, int, struct viewport *, int *, int *);
void	 pan_apply(struct app *, int);
extern const size_t nactions;

/* keys.c */
struct binding {
	int	 mode;
	int	 key;
	int	 action;	/* index into actions[] */
};
struct keymap {
	struct binding	*b;
	size_t		 n;
	size_t		 cap;
};
int		 key_parse(const char *, int *);
void		 keyname_of(int, char *, size_t);
int		 keymap_default(struct keymap *);
int		 keymap_load(struct keymap *, const char *, char *, size_t);
void		 keymap_free(struct keymap *);
int		 keymap_lookup(const struct keymap *, int, int);
int		 keymap_bind(struct keymap *, int, int, int);
int		 keymap_duplicates(const struct keymap *, char *, size_t);
size_t		 keymap_keys_for(const struct keymap *, int, int, char *,
		     size_t);
int		 action_find(const char *);
const char	*mode_name(int);

/* backend.c: where the grid goes and keys come from. */
struct backend {
	int	(*init)(struct backend *, char *, size_t);
	void	(*fini)(struct backend *);
	void	(*size)(struct backend *, int *, int *);
	void	(*blit)(struct backend *, const struct grid *, int);
	int	(*key)(struct backend *, int);	/* ms timeout; KEY_NONE */
	int	(*mouse)(struct backend *, int *, int *, int *);
	void	(*suspend)(struct backend *);
	/* escape sequences (pictures) written as they are, after a blit */
	void	(*raw)(struct backend *, const char *, size_t);
	int	 colour_mode;
	int	 ascii;
	size_t	 bytes;		/* written to the terminal so far */
	double	 link_bps;	/* measured: bits/s the terminal takes; 0 */
	void	*priv;
};
struct backend	*backend_curses(FILE *);
struct backend	*backend_headless(int, int, const char *, size_t);
void		 backend_free(struct backend *);
void		 headless_dump(struct backend *, FILE *);
int		 headless_keys_left(struct backend *);

/* The images of the site, as the timeline shows them. */
struct tl_image {
	int64_t	 id;
	int64_t	 t;
	int	 quality;
	int	 reviewed;
	int	 accepted;
	int	 marks;
	int	 proposals;
};

/* A read-ahead slot: an image opened and its frame read for a viewport. */
struct cached_frame {
	struct viewport	 view;
	struct frame	 frame;
	int		 has_frame;
	uint64_t	 used;
};
#define FRAME_CACHE 3	/* per image: this view, one zoom in, one out */
struct cached_image {
	int64_t			 image_id;
	struct imagery		 im;
	int			 ok;
	char			 err[256];
	struct cached_frame	 f[FRAME_CACHE];
	uint64_t		 used;
};
#define IMAGE_CACHE 4

/* undo.c: changes this session made, to take back and redo. */
enum undo_kind {
	UNDO_ADD,	/* mark added: undo deletes it */
	UNDO_DELETE,	/* mark deleted: undo restores it */
	UNDO_EDIT,	/* mark changed: undo writes the old values back */
	UNDO_QUALITY,	/* image verdict */
	UNDO_REVIEWED
};
struct undo_entry {
	int			 kind;
	int			 group;		/* undone together */
	int64_t			 mark_id;
	int64_t			 image_id;
	struct store_mark	 before;	/* UNDO_EDIT */
	struct store_mark	 after;
	int			 old_value;	/* verdicts, reviewed */
	int			 new_value;
	int64_t			 version;	/* the version we left it at */
};
struct undo_stack {
	struct undo_entry	*v;
	size_t			 n;	/* entries */
	size_t			 pos;	/* entries done; above: redoable */
	size_t			 cap;
	int			 last_group;	/* numbers groups */
};
void	 undo_push(struct undo_stack *, struct undo_entry *);
void	 undo_free(struct undo_stack *);
int	 undo_step(struct app *, int);

struct prompt {
	int		 kind;		/* PROMPT_* */
	char		 label[96];
	struct buf	 text;
	size_t		 cursor;	/* byte offset */
	char		**hist;
	size_t		 nhist;
	size_t		 hpos;
};
#define PROMPT_COMMAND	1
#define PROMPT_DATE	2
#define PROMPT_CLASS	3
#define PROMPT_REASON	4
#define PROMPT_COMMENT	5

#define FORM_FIELDS 4
struct form {
	struct buf	 field[FORM_FIELDS];	/* name, count, state, note */
	int		 focus;
	int64_t		 mark_id;
	int64_t		 version;
	char		**names;	/* completion: names used here */
	size_t		 nnames;
};

/*
 * hint.c: candidates of the view kept in memory (found in the loop when a
 * key needs them, never while drawing), hint mode's labels, the overlay
 * filter and the count prefix.
 */
#define HINT_ALPHABET	"asdfghjklqwertyuiopzxcvbnm"
struct hints {
	int64_t			 image_id;	/* the candidates' key: */
	struct viewport		 view;		/* image, view and marks */
	uint64_t		 marks_key;
	int			 valid;
	struct detect_candidate	*c;
	size_t			 n;
	size_t			*lab;	/* candidates labelled, label order */
	size_t			 nlab;
	int			 two;	/* two-letter labels */
	char			 typed[3];
	int			 cls;	/* class index to mark with; -1: go */
	int			 chain;	/* '.' takes the next candidate */
	int			 edit;	/* F: the new mark's form opens */
	double			 last_cx, last_cy;	/* the last one taken */
	int			 overlay;	/* OVERLAY_* */
	int			 counting;	/* after the count prefix */
	int			 count;
};
enum { OVERLAY_ALL, OVERLAY_CLASS, OVERLAY_MARK, OVERLAY_NONE };

/*
 * What actions ask the loop to load (app_load, before the next key and
 * before drawing): an action changes state and records here what is
 * stale, the loop reads it once however many actions asked. keep is
 * the mark to select once the marks are read again (0: none); then says
 * what follows the selection.
 */
enum then_select {
	THEN_NONE,
	THEN_PROPOSAL,		/* the next proposal after `after` */
	THEN_PROPOSAL_IF_ACCEPTED,	/* that, if `after` is no longer one */
	THEN_FORM_IF_UNNAMED	/* the form of the kept mark, if unnamed */
};
struct load_want {
	int		 marks;		/* this image's marks are stale */
	int64_t		 keep;
	int		 then;		/* enum then_select */
	int64_t		 after;
};

struct tui_opts {
	const char	*keys_file;	/* scripted: replay these keys */
	int		 exit_after;
	int		 cols, rows;	/* scripted size */
	const char	*trace;		/* per-frame log */
	int		 review;	/* supervisor review queue */
	const char	*review_analyst;
	const struct store_filter *review_filter;	/* dates, classes */
	const char	*site;
	int64_t		 start_image;
	int		 colour_mode;	/* -1: from the terminal */
	int		 graphics;	/* GFX_*; -1: ask the terminal */
};

struct app {
	struct store		*st;
	struct backend		*be;
	struct keymap		 keys;
	int			 cols, rows;
	int			 colour_mode;
	int			 ascii;
	char			 user[64];
	int			 role;

	int64_t			 site_id;
	char			*site_name;
	struct tl_image		*images;
	size_t			 nimages;
	size_t			 cur;
	struct store_class	*classes;
	size_t			 nclasses;
	struct store_quay	*quays;
	size_t			 nquays;
	long			 quay_focus;	/* -1: none */
	void			*ql;		/* struct quay_locator */

	struct cached_image	 cache[IMAGE_CACHE];
	uint64_t		 tick;
	struct cached_image	*shown;		/* the image on screen */
	struct imagery_loader	*loader;	/* remote reads (loading.c) */
	int64_t			 shown_id;
	int			 blink;		/* showing the previous date */
	double			 gamma;		/* for every date */
	struct store_image	 info;		/* the current image's row */
	struct store_stac	 stac;		/* its STAC facts (ingest --stac) */
	int			 has_stac;

	struct viewport		 view;
	int			 view_restored;	/* from the saved position */
	double			 cx, cy;	/* cursor, image pixels */
	struct store_mark	*marks;
	size_t			 nmarks;
	long			 sel;
	char			**names;	/* completion */
	size_t			 nnames;

	int			 mode;
	int			 prev_mode;
	double			 ax, ay;	/* box anchor */
	double			 angle;		/* box angle */
	int64_t			 box_class;
	int			 mouse_down;	/* button 1 held since */
	int			 mouse_x, mouse_y;	/* this cell */
	struct store_mark	 adj;		/* the mark being adjusted */
	int64_t			 adj_version;
	struct store_mark	 last;		/* for "repeat last mark" */
	int			 has_last;
	struct prompt		 prompt;
	struct form		 form;
	int			 help_top;
	int			 report_top;
	struct undo_stack	 undo;
	struct hints		 hints;
	struct load_want	 want;		/* app_load's work */

	char			 msg[256];
	int			 msg_error;
	int64_t			 msg_image;	/* the image it speaks of; 0: the
						   session (said before any) */
	char			 saved[16];	/* "saved", "read-only", "" */
	int			 offline;	/* the server is away */
	double			 retry_at;	/* next reconnect try, ms */
	int			 retry_ms;	/* the backoff */
	struct grid		 base;		/* the image pane, no overlays */
	int			 base_ok;
	struct viewport		 base_view;
	int64_t			 base_image;
	struct grid		 screen;
	int			 drawn_mode;	/* of the last frame; -1: none */
	unsigned		 drawn;		/* PART_BITs the last frame drew */
	unsigned long		 ndrawn[PART_COUNT];	/* frames, per part */
	int			 check_redraw;	/* QUAYMARK_CHECK_REDRAW */
	void			*report;	/* struct count_live */
	int			 report_dirty;	/* set by R_REPORT (loop.c) */
	/* open comments on comments_image, loaded by the loop (the panel
	   draws from these, never from the store) */
	struct store_comment	*comments;
	size_t			 ncomments;
	int64_t			 comments_image;
	int			 comments_ok;
	FILE			*trace;
	int			 quit;
	struct pixels		*px;		/* NULL: cells only */

	/* review mode (supervisors) */
	int			 review;
	int64_t			*queue;		/* pending mark ids */
	size_t			 nqueue;
	size_t			 qpos;
	size_t			 reviewed_n;
	char			*review_analyst;
	const struct store_filter *review_filter;
	int			 history_top;
	int			 history_wrap;	/* long lines whole, wrapped */
	struct buf		 history;
};

/* pixels.c: the image pane as a picture, where the terminal draws them. */
struct pixels;
struct pixels	*pixels_new(const struct gfx_caps *);
void		 pixels_free(struct pixels *);
void		 pixels_load(struct app *);
int		 pixels_frame(struct app *, int);
void		 pixels_flush(struct app *);
void		 pixels_leave(struct app *, int);
int		 pixels_read_ahead(struct app *);
void		 pixels_forget(struct app *, int64_t);
int		 pixels_kept_shown(const struct app *);
int		 pixels_zoom(const struct app *, enum zoom_how,
		     struct viewport *);
double		 pixels_scale(const struct app *);
void		 pixels_cell(const struct app *, int *, int *);
double		 pixels_fit_scale(const struct app *, double, double);

/* app.c */
int	 app_open(struct app *, struct store *, const struct tui_opts *,
	     char *, size_t);
void	 app_close(struct app *);
int	 app_goto(struct app *, size_t, int);
void	 app_want_marks(struct app *, int64_t);
void	 app_mark_added(struct app *, struct store_mark *);
void	 app_want_marks_keep(struct app *);
void	 app_want_then(struct app *, enum then_select, int64_t);
int64_t	 app_selected_id(const struct app *);
int	 app_load(struct app *);
int	 app_reload_images(struct app *);
int	 app_show_image(struct app *, char *, size_t);
void	 app_load_frame(struct app *, int);
int	 app_read_ahead(struct app *);
struct cached_image *app_cache_image(struct app *, int64_t);
void	 app_drop_image(struct app *, int64_t);
int	 app_have_frame(struct app *, int64_t, const struct viewport *);
void	 app_forget_frames(struct cached_image *);
void	 app_message(struct app *, int, const char *, ...) QM_PRINTF(3, 4);
void	 app_saved(struct app *);
int	 app_store_error(struct app *, const char *);
void	 app_save_position(struct app *);
int	 app_class_index(const struct app *, int64_t);
const uint8_t *app_class_rgb(const struct app *, int64_t, uint8_t *);
int	 app_overlay_mark(const struct app *, size_t, struct overlay_mark *,
	     char *, size_t);
void	 app_overlay_box(const struct app *, struct overlay_mark *);
size_t	 app_find_image(const struct app *, int64_t);
void	 app_clamp_cursor(struct app *);
int	 app_poll_changes(struct app *);
int	 app_reload_others(struct app *);
void	 app_offline(struct app *);

/* loading.c: remote images read by imagery/loader.c's thread. */
int	 loading_gate(struct app *, int64_t);
int	 loading_ahead(struct app *, int64_t, const struct viewport *);
int	 loading_poll(struct app *);
int	 loading_wait_ms(struct app *, int);

/* loop.c */
int	 tui_run(struct store *, const struct tui_opts *, char *, size_t);
int	 tui_dispatch(struct app *, int);
int	 tui_dispatch_action(struct app *, const char *, int);
int	 check_needs(struct app *, int);	/* keys' and commands' */

/* draw.c */
void	 draw_screen(struct app *, int);
void	 draw_fit(struct app *);
unsigned draw_parts(const struct app *, int);
int	 draw_shows_pane(const struct app *);
enum chrome {		/* the chrome's text styles (draw.c's chrome_tab) */
	CHROME_TEXT,
	CHROME_DIM,
	CHROME_HI,
	CHROME_ERR,
	CHROME_BAR,	/* the status line */
	CHROME_MARKER,	/* the timeline's current date */
	CHROME_COUNT
};
void	 chrome_style(const struct app *, int, int32_t *, uint8_t *);
void	 screen_blank(struct app *);
#define MIN_COLS 60
#define MIN_ROWS 16
#define PANEL_COLS 34
int	 pane_cols(const struct app *);
int	 pane_rows(const struct app *);

/* prompt.c */
void	 prompt_start(struct app *, int, const char *, const char *);
int	 prompt_key(struct app *, int);

/* command.c: the ":" commands, a table like the actions'. */
typedef int (*command_fn)(struct app *, const char *, int);
struct command {
	const char	*name;		/* what is typed; may be two words */
	const char	*alias;		/* other first words, space-separated */
	const char	*args;		/* for help: "DATE", "[TEXT]" */
	const char	*help;
	int		 need;		/* NEED_*, checked as a key's are */
	const char	*action;	/* run bare (with its needs) */
	command_fn	 fn;		/* run with the rest of the line */
	int		 arg;		/* fn's: enum mark_attr or image_how */
};
extern const struct command commands[];
extern const size_t ncommands;
enum mark_attr {	/* what :class, :name ... :angle change */
	ATTR_CLASS, ATTR_NAME, ATTR_NOTE, ATTR_STATE, ATTR_COUNT, ATTR_TRACK,
	ATTR_ANGLE
};
enum image_how { IMAGE_REOPEN, IMAGE_ACCEPT };
const struct command *command_find(const char *, const char **);
int	 command_needs(const struct command *);
int	 run_command(struct app *, const char *);
int	 command_goto(struct app *, const char *);
int	 mark_set_attr(struct app *, enum mark_attr, const char *);

/* form.c */
int	 form_start(struct app *);
int	 form_key(struct app *, int);

/* marking.c: actions on marks (the handlers live in the action table). */
int	 mark_commit_new(struct app *, struct store_mark *);
int	 mark_write(struct app *, struct store_mark *, int64_t);
void	 box_geometry(const struct app *, double *, double *, double *,
	     double *);

/* marking.c and review.c: the action handlers of the table */
int	 act_mark(struct app *, int);
int	 act_repeat(struct app *, int);
int	 act_select(struct app *, int);
int	 act_deselect(struct app *, int);
int	 act_adjust(struct app *, int);
int	 act_edit(struct app *, int);
int	 act_change_class(struct app *, int);
int	 act_delete(struct app *, int);
int	 act_accept(struct app *, int);
int	 act_carry(struct app *, int);
long	 observed_before(const struct app *);
int	 act_verdict(struct app *, int);
int	 act_reviewed(struct app *, int);
int	 act_undo(struct app *, int);
int	 act_box(struct app *, int);
int	 act_adj(struct app *, int);
int	 act_approve(struct app *, int);
int	 act_reject(struct app *, int);
int	 act_review_step(struct app *, int);
int	 act_approve_image(struct app *, int);
int	 act_comment(struct app *, int);
int	 review_reject(struct app *, const char *);
int	 review_comment(struct app *, const char *);
int	 review_image(struct app *, int);
int	 review_resolve(struct app *, int64_t);

/* prompt.c */
int	 line_edit(struct buf *, int);

/* help.c */
void	 help_draw(struct app *);
void	 keys_mdoc(FILE *);

/* view-report.c */
void	 report_draw(struct app *);
int	 report_refresh(struct app *);

/* review.c */
int	 review_load(struct app *, char *, size_t);
int	 review_goto(struct app *, size_t);
void	 history_load(struct app *);
void	 history_draw(struct app *);

/* hint.c */
void	 hint_free(struct app *);
int	 hint_key(struct app *, int);
void	 hint_draw(struct app *, struct grid *);
int	 hint_shows_mark(const struct app *, size_t);
int	 hint_count_key(struct app *, int, int *);
int	 hint_countable(int);
int	 act_hint(struct app *, int);
int	 act_hint_next(struct app *);
int	 act_jump_candidate(struct app *, int);
int	 act_jump_mark(struct app *, int);
int	 act_snap(struct app *, int);
int	 act_overlay(struct app *, int);
int	 act_hint_cancel(struct app *, int);
int	 act_count(struct app *, int);

#endif
