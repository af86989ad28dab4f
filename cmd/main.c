/*
 * main.c: quaymark's entry point: global options, then the subcommand
 * from cmd_table. Only this room prints and exits.
 */
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd.h"

static void
usage(FILE *fp)
{
	fprintf(fp, "usage: quaymark [-d PATH] COMMAND [ARGS...]\n"
	    "       quaymark help [COMMAND]\n");
}

int
main(int argc, char **argv)
{
	const struct cmd_entry	*ce;
	static char		 name[64];
	int			 i, used;

	/* Widths of names for tables; numbers stay in the C locale. */
	setlocale(LC_CTYPE, "");
	for (i = 1; i < argc; i++) {
		if (strcmp(argv[i], "-d") == 0 || strcmp(argv[i], "--db") == 0) {
			if (i + 1 >= argc) {
				fprintf(stderr, "quaymark: %s needs a database "
				    "path\n", argv[i]);
				return EXIT_USAGE;
			}
			cmd_set_db(argv[++i]);
		} else if (strncmp(argv[i], "--db=", 5) == 0)
			cmd_set_db(argv[i] + 5);
		else if (strcmp(argv[i], "-h") == 0 ||
		    strcmp(argv[i], "--help") == 0) {
			static char	 help[] = "help";
			char		*hargv[] = { help, NULL };

			usage(stdout);
			return cmd_help_entry.exec(1, hargv);
		} else if (strcmp(argv[i], "-V") == 0 ||
		    strcmp(argv[i], "--version") == 0) {
			printf("quaymark %s\n", QM_VERSION);
			return EXIT_OK;
		} else if (argv[i][0] == '-') {
			cmd_say(stderr, "quaymark: unknown option %s",
			    argv[i]);
			usage(stderr);
			return EXIT_USAGE;
		} else
			break;
	}
	if (i >= argc) {
		usage(stderr);
		fprintf(stderr, "quaymark help lists the commands\n");
		return EXIT_USAGE;
	}
	if ((ce = cmd_find(argc - i, argv + i, &used)) == NULL) {
		if (cmd_group_usage(argv[i], NULL) > 0) {
			if (i + 1 < argc && (strcmp(argv[i + 1], "--help") ==
			    0 || strcmp(argv[i + 1], "-h") == 0))
				{
				cmd_group_usage(argv[i], stdout);
				return EXIT_OK;
			}
			cmd_say(stderr, "quaymark %s: which one?%s%s%s",
			    argv[i], i + 1 < argc ? " (not \"" : "",
			    i + 1 < argc ? argv[i + 1] : "", i + 1 < argc ?
			    "\")" : "");
			cmd_group_usage(argv[i], stderr);
			return EXIT_USAGE;
		}
		cmd_say(stderr, "quaymark: unknown command \"%s\" (quaymark "
		    "help lists them)", argv[i]);
		return EXIT_USAGE;
	}
	/*
	 * The command sees its own full name as argv[0], so getopt's own
	 * messages say "quaymark comment list: unrecognized option".
	 */
	snprintf(name, sizeof name, "quaymark %s", ce->name);
	argv[i + used - 1] = name;
	return ce->exec(argc - i - used + 1, argv + i + used - 1);
}
