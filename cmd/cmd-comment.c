/*
 * cmd-comment.c: `comment add`, `comment list` and `comment resolve`: a
 * supervisor's note on a mark or an image ("missed a ship here"), seen by
 * analysts in the TUI's panel and resolved by them.
 */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "cmd.h"

static int
cmd_comment_add(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "mark", required_argument, NULL, 'm' },
		{ "image", required_argument, NULL, 'i' },
		CMD_COMMON_OPTIONS,
		{ NULL, 0, NULL, 0 }
	};
	const struct cmd_entry	*ce = &cmd_comment_add_entry;
	struct store		*st;
	struct buf		 text;
	char			 err[CMD_ERRLEN];
	int64_t			 mark = 0, image = 0, id;
	int			 c, i, rc = EXIT_OK;

	optind = 1;
	while ((c = cmd_getopt(argc, argv, "d:h", opts)) != -1) {
		switch (c) {
		case 'm':
			if (cmd_parse_id(optarg, &mark) != 0)
				return cmd_usage_error(ce, "--mark: \"%s\" is "
				    "not a mark id", optarg);
			break;
		case 'i':
			if (cmd_parse_id(optarg, &image) != 0)
				return cmd_usage_error(ce, "--image: \"%s\" is "
				    "not an image id", optarg);
			break;
		case 'h':
			return cmd_usage(ce, stdout);
		default:
			return cmd_usage(ce, stderr);
		}
	}
	if ((mark != 0) == (image != 0))
		return cmd_usage_error(ce, "give --mark ID or --image ID");
	if (optind >= argc)
		return cmd_usage_error(ce, "need the TEXT");
	buf_init(&text);
	for (i = optind; i < argc; i++) {
		if (i > optind)
			buf_putc(&text, ' ');
		buf_puts(&text, argv[i]);
	}
	if ((st = cmd_open_store(0)) == NULL) {
		buf_free(&text);
		return EXIT_FAIL;
	}
	if (store_comment_add(st, mark, image, text.data, &id, err,
	    sizeof err) != 0)
		rc = cmd_error("%s", err);
	else
		printf("%lld\n", (long long)id);
	buf_free(&text);
	store_close(st);
	return rc;
}

const struct cmd_entry cmd_comment_add_entry = {
	.name = "comment add",
	.usage = "(--mark ID | --image ID) TEXT...",
	.summary = "comment on a mark or an image, and print its id",
	.exec = cmd_comment_add,
};

static int
cmd_comment_list(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "image", required_argument, NULL, 'i' },
		{ "all", no_argument, NULL, 'a' },
		{ "format", required_argument, NULL, 'f' },
		CMD_COMMON_OPTIONS,
		{ NULL, 0, NULL, 0 }
	};
	static const char *const cols[] = { "#id", "#image", "#mark",
	    "author", "created", "text", "resolved_by", "resolved_at" };
	const struct cmd_entry	*ce = &cmd_comment_list_entry;
	enum cmd_format		 fmt = FORMAT_TABLE;
	struct store_comment	*v;
	struct store		*st;
	struct rows		*r;
	char			 err[CMD_ERRLEN], id[24], im[24], mk[24];
	int64_t			 image = 0;
	size_t			 n, i;
	int			 c, all = 0, stop;

	optind = 1;
	while ((c = cmd_getopt(argc, argv, "d:h", opts)) != -1) {
		switch (c) {
		case 'i':
			if (cmd_parse_id(optarg, &image) != 0)
				return cmd_usage_error(ce, "--image: \"%s\" is "
				    "not an image id", optarg);
			break;
		case 'a':
			all = 1;
			break;
		default:
			if ((stop = cmd_list_opt(ce, c, optarg, &fmt)) >= 0)
				return stop;
			break;
		}
	}
	if (optind < argc)
		return cmd_usage_error(ce, "unexpected \"%s\"", argv[optind]);
	if ((st = cmd_open_store(0)) == NULL)
		return EXIT_FAIL;
	if (store_comment_list(st, image, !all, &v, &n, err, sizeof err) !=
	    0) {
		store_close(st);
		return cmd_error("%s", err);
	}
	r = rows_new((int)QM_NELEM(cols), cols);
	for (i = 0; i < n; i++) {
		snprintf(id, sizeof id, "%lld", (long long)v[i].id);
		snprintf(im, sizeof im, "%lld", (long long)v[i].image_id);
		snprintf(mk, sizeof mk, "%lld", (long long)v[i].mark_id);
		rows_add(r, id, im, v[i].mark_id ? mk : NULL, v[i].author,
		    v[i].created, v[i].text, v[i].resolved_by,
		    v[i].resolved_at);
	}
	rows_print(r, fmt, stdout);
	rows_free(r);
	store_comments_free(v, n);
	store_close(st);
	return EXIT_OK;
}

const struct cmd_entry cmd_comment_list_entry = {
	.name = "comment list",
	.usage = "[--image ID] [--all] [--format table|csv|json]",
	.summary = "list open comments (--all: resolved ones too)",
	.exec = cmd_comment_list,
};

static int
cmd_comment_resolve(int argc, char **argv)
{
	static const struct option opts[] = {
		CMD_COMMON_OPTIONS,
		{ NULL, 0, NULL, 0 }
	};
	const struct cmd_entry	*ce = &cmd_comment_resolve_entry;
	struct store		*st;
	char			 err[CMD_ERRLEN];
	int64_t			 id;
	int			 c, i, rc = EXIT_OK;

	optind = 1;
	while ((c = cmd_getopt(argc, argv, "d:h", opts)) != -1) {
		if (c == 'h')
			return cmd_usage(ce, stdout);
		else
			return cmd_usage(ce, stderr);
	}
	if (optind >= argc)
		return cmd_usage_error(ce, "need a COMMENT_ID");
	for (i = optind; i < argc; i++)
		if (cmd_parse_id(argv[i], &id) != 0)
			return cmd_usage_error(ce, "\"%s\" is not a comment id",
			    argv[i]);
	if ((st = cmd_open_store(0)) == NULL)
		return EXIT_FAIL;
	for (i = optind; i < argc; i++) {
		cmd_parse_id(argv[i], &id);
		if (store_comment_resolve(st, id, err, sizeof err) != 0)
			rc = cmd_error("%s", err);
	}
	store_close(st);
	return rc;
}

const struct cmd_entry cmd_comment_resolve_entry = {
	.name = "comment resolve",
	.usage = "COMMENT_ID...",
	.summary = "mark comments resolved",
	.exec = cmd_comment_resolve,
};
