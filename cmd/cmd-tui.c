/*
 * cmd-tui.c: `tui` opens the terminal interface on the database; `review`
 * opens it on the queue of pending marks, for supervisors.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd.h"
#include "../render/render.h"
#include "../tui/tui.h"

/*
 * tui's and review's command line into o (and, for review, the queue's
 * filter into cf, STORE_READONLY into *flags); -1 to go on, else the exit
 * status.
 */
static int
tui_parse(const struct cmd_entry *ce, int argc, char **argv, int review,
    struct tui_opts *o, struct cmd_filter *cf, int *flags)
{
	static const struct option opts[] = {
		{ "site", required_argument, NULL, 's' },
		{ "image", required_argument, NULL, 'i' },
		{ "keys", required_argument, NULL, 'k' },
		{ "exit-after", no_argument, NULL, 'x' },
		{ "size", required_argument, NULL, 'z' },
		{ "colors", required_argument, NULL, 'c' },
		{ "colours", required_argument, NULL, 'c' },
		{ "trace", required_argument, NULL, 't' },
		{ "analyst", required_argument, NULL, 'a' },
		{ "from", required_argument, NULL, OPT_FROM },
		{ "to", required_argument, NULL, OPT_TO },
		{ "class", required_argument, NULL, OPT_CLASS },
		{ "read-only", no_argument, NULL, 'R' },
		{ "graphics", required_argument, NULL, 'g' },
		CMD_COMMON_OPTIONS,
		{ NULL, 0, NULL, 0 }
	};
	char	 x;
	int	 c;

	o->cols = 160;
	o->rows = 48;
	o->colour_mode = -1;
	o->graphics = -1;
	o->review = review;
	optind = 1;
	while ((c = cmd_getopt(argc, argv, "d:hR", opts)) != -1) {
		switch (c) {
		case 's':
			o->site = optarg;
			break;
		case 'i':
			if (cmd_parse_id(optarg, &o->start_image) != 0)
				return cmd_usage_error(ce, "--image: \"%s\" is "
				    "not an image id", optarg);
			break;
		case 'k':
			o->keys_file = optarg;
			break;
		case 'x':
			o->exit_after = 1;
			break;
		case 'z':
			if (sscanf(optarg, "%dx%d%c", &o->cols, &o->rows, &x) != 2
			    || o->cols < 1 || o->rows < 1 ||
			    o->cols > GRID_MAX_COLS || o->rows > GRID_MAX_ROWS)
				return cmd_usage_error(ce, "--size: \"%s\" is "
				    "not COLSxROWS (at most %dx%d)", optarg,
				    GRID_MAX_COLS, GRID_MAX_ROWS);
			break;
		case 'c':
			if ((o->colour_mode = colour_mode_parse(optarg)) < 0)
				return cmd_usage_error(ce, "--colors: \"%s\" is "
				    "not full, 256, 16, 8 or 2", optarg);
			break;
		case 't':
			o->trace = optarg;
			break;
		case 'g':
			if ((o->graphics = gfx_parse(optarg)) < 0)
				return cmd_usage_error(ce, "--graphics: \"%s\" "
				    "is not kitty, sixel, iterm or cells", optarg);
			break;
		case 'a':
			o->review_analyst = optarg;
			break;
		case 'R':
			*flags |= STORE_READONLY;
			break;
		case OPT_FROM:
		case OPT_TO:
		case OPT_CLASS:
			if (!review)
				return cmd_usage(ce, stderr);
			if (cmd_filter_opt(cf, c, optarg) < 0)
				return EXIT_USAGE;
			break;
		case 'h':
			return cmd_usage(ce, stdout);
		default:
			return cmd_usage(ce, stderr);
		}
	}
	if (optind < argc)
		return cmd_usage_error(ce, "unexpected \"%s\"", argv[optind]);
	if (o->exit_after && o->keys_file == NULL)
		return cmd_usage_error(ce, "--exit-after goes with --keys");
	if (o->keys_file != NULL)
		o->exit_after = 1;
	return -1;
}

static int
run_tui(const struct cmd_entry *ce, int argc, char **argv, int review)
{
	struct tui_opts		 o;
	struct cmd_filter	 cf;
	struct store_filter	 rf;
	struct store		*st;
	char			 err[CMD_ERRLEN];
	int			 rc = EXIT_OK, flags = 0;

	memset(&o, 0, sizeof o);
	memset(&cf, 0, sizeof cf);
	memset(&rf, 0, sizeof rf);
	if ((rc = tui_parse(ce, argc, argv, review, &o, &cf, &flags)) >= 0)
		return rc;
	rc = EXIT_OK;
	if (render_init(err, sizeof err) != 0)
		return cmd_error("%s", err);
	if ((st = cmd_open_store(flags)) == NULL)
		return EXIT_FAIL;
	if (review && !store_is_supervisor(st)) {
		rc = cmd_error("only supervisors review (%s is not one)",
		    store_user(st));
		store_close(st);
		return rc;
	}
	if (review) {
		/* the queue: pending marks in these dates and classes */
		if (cmd_filter_resolve(st, &cf, &rf, 0) != 0) {
			store_close(st);
			return EXIT_FAIL;
		}
		o.review_filter = &rf;
	}
	if (tui_run(st, &o, err, sizeof err) != 0)
		rc = cmd_error("%s", err);
	cmd_filter_free(&rf);
	store_close(st);
	return rc;
}

static int
cmd_tui(int argc, char **argv)
{
	return run_tui(&cmd_tui_entry, argc, argv, 0);
}

static int
cmd_review(int argc, char **argv)
{
	return run_tui(&cmd_review_entry, argc, argv, 1);
}

/* For `demo`: open the TUI on the database just made. */
int
cmd_open_tui(void)
{
	char	*argv[] = { (char *)(uintptr_t)"tui", NULL };

	return run_tui(&cmd_tui_entry, 1, argv, 0);
}

const struct cmd_entry cmd_tui_entry = {
	.name = "tui",
	.usage = "[-R] [--site NAME] [--image ID] [--colors full|256|16|8|2] "
	    "[--graphics kitty|sixel|iterm|cells] [--trace FILE] "
	    "[--keys FILE --exit-after] [--size COLSxROWS]",
	.summary = "open the terminal interface: review images and mark them",
	.exec = cmd_tui,
};

const struct cmd_entry cmd_review_entry = {
	.name = "review",
	.usage = "[-R] [--analyst NAME] [--site NAME] [--from DATE] "
	    "[--to DATE] [--class CLASS] [--keys FILE --exit-after] "
	    "[--size COLSxROWS]",
	.summary = "review pending marks, one by one (supervisors)",
	.exec = cmd_review,
};
