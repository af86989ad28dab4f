/*
 * cmd-help.c: `help` lists the commands from cmd_table (or shows one);
 * `version` prints the version.
 */
#include <stdio.h>
#include <string.h>

#include "cmd.h"
#include "../tui/tui.h"

static int
cmd_help(int argc, char **argv)
{
	const struct cmd_entry *const	*ce;
	const struct cmd_entry		*one;
	int				 used;

	if (argc > 1 && (strcmp(argv[1], "--help") == 0 ||
	    strcmp(argv[1], "-h") == 0))
		return cmd_usage(&cmd_help_entry, stdout);
	if (argc > 1 && strcmp(argv[1], "--keys") == 0) {
		keys_mdoc(stdout);	/* the man page's KEYS, from the table */
		return EXIT_OK;
	}
	if (argc > 1 && strcmp(argv[1], "--formats") == 0) {
		cmd_formats_mdoc(stdout);	/* DATASET FORMATS, likewise */
		return EXIT_OK;
	}
	if (argc > 1) {
		if ((one = cmd_find(argc - 1, argv + 1, &used)) == NULL) {
			/* "help quay": the commands that start with it */
			if (cmd_group_usage(argv[1], stdout) > 0)
				return EXIT_OK;
			cmd_error("no command \"%s\" (quaymark help lists "
			    "them)", argv[1]);
			return EXIT_USAGE;
		}
		return cmd_usage(one, stdout);
	}
	printf("commands (quaymark COMMAND --help for each; man quaymark for "
	    "all):\n");
	for (ce = cmd_table; *ce != NULL; ce++)
		printf("  %-16s %s\n", (*ce)->name, (*ce)->summary);
	return EXIT_OK;
}

const struct cmd_entry cmd_help_entry = {
	.name = "help",
	.usage = "[--keys | --formats | COMMAND]",
	.summary = "list the commands, show one's usage, the key table or "
	    "the dataset formats",
	.exec = cmd_help,
};

static int
cmd_version(int argc, char **argv)
{
	if (argc > 1 && (strcmp(argv[1], "--help") == 0 ||
	    strcmp(argv[1], "-h") == 0))
		return cmd_usage(&cmd_version_entry, stdout);
	if (argc > 1)
		return cmd_usage_error(&cmd_version_entry, "unexpected \"%s\"",
		    argv[1]);
	printf("quaymark %s\n", QM_VERSION);
	return EXIT_OK;
}

const struct cmd_entry cmd_version_entry = {
	.name = "version",
	.usage = "",
	.summary = "print the version",
	.exec = cmd_version,
};
