/*
 * cmd-class.c: `class add` and `class list`: what can be marked.
 */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "cmd.h"

static int
cmd_class_add(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "colour", required_argument, NULL, 'c' },
		{ "color", required_argument, NULL, 'c' },
		CMD_COMMON_OPTIONS,
		{ NULL, 0, NULL, 0 }
	};
	struct store	*st;
	const char	*colour = NULL;
	char		 err[CMD_ERRLEN];
	int64_t		 id;
	int		 c, rc = EXIT_OK;

	optind = 1;
	while ((c = cmd_getopt(argc, argv, "d:h", opts)) != -1) {
		if (c == 'c')
			colour = optarg;
		else if (c == 'h')
			return cmd_usage(&cmd_class_add_entry, stdout);
		else
			return cmd_usage(&cmd_class_add_entry, stderr);
	}
	if (argc - optind != 1)
		return cmd_usage_error(&cmd_class_add_entry, "need one NAME");
	if ((st = cmd_open_store(STORE_CREATE)) == NULL)
		return EXIT_FAIL;
	if (store_class_add(st, argv[optind], colour, &id, err, sizeof err)
	    != 0)
		rc = cmd_error("%s", err);
	else
		printf("%lld\n", (long long)id);
	store_close(st);
	return rc;
}

const struct cmd_entry cmd_class_add_entry = {
	.name = "class add",
	.usage = "[--colour #RRGGBB] NAME",
	.summary = "add a class of object to mark",
	.exec = cmd_class_add,
};

static int
cmd_class_list(int argc, char **argv)
{
	static const char *const cols[] = { "#id", "class", "colour", "key" };
	enum cmd_format		 fmt;
	struct store		*st;
	struct store_class	*v;
	struct rows		*r;
	char			 err[CMD_ERRLEN], id[24], key[8];
	size_t			 n, i;
	int			 rc;

	if ((rc = cmd_list_options(&cmd_class_list_entry, argc, argv, &fmt))
	    >= 0)
		return rc;
	if ((st = cmd_open_store(0)) == NULL)
		return EXIT_FAIL;
	if (store_class_list(st, &v, &n, err, sizeof err) != 0) {
		store_close(st);
		return cmd_error("%s", err);
	}
	r = rows_new((int)QM_NELEM(cols), cols);
	for (i = 0; i < n; i++) {
		snprintf(id, sizeof id, "%lld", (long long)v[i].id);
		/* the digit keys mark the first nine classes */
		if (i < 9)
			snprintf(key, sizeof key, "%zu", i + 1);
		rows_add(r, id, v[i].name, v[i].colour, i < 9 ? key : NULL);
	}
	rows_print(r, fmt, stdout);
	rows_free(r);
	store_classes_free(v, n);
	store_close(st);
	return EXIT_OK;
}

const struct cmd_entry cmd_class_list_entry = {
	.name = "class list",
	.usage = "[--format table|csv|json]",
	.summary = "list the classes and their marking keys",
	.exec = cmd_class_list,
};
