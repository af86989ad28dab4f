/*
 * cmd-db.c: `db init`, which makes a team's PostgreSQL database ready:
 * quaymark's schema, and (when the connecting role may make roles) the
 * roles the server enforces, quaymark_analyst and quaymark_supervisor.
 * The role that runs it owns the tables and is the first supervisor.
 * And `db copy`, a whole database from one engine to the other.
 */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "cmd.h"

/*
 * Both take targets, not -d, and no option but --help: the usage's exit
 * status when one was given, else -1 and optind at the first operand.
 */
static int
help_only(const struct cmd_entry *ce, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	int	 c;

	optind = 1;
	if ((c = cmd_getopt(argc, argv, "h", opts)) != -1)
		return cmd_usage(ce, c == 'h' ? stdout : stderr);
	return -1;
}

static int
cmd_db_init(int argc, char **argv)
{
	char	 err[CMD_ERRLEN], said[CMD_ERRLEN];
	int	 rc;

	if ((rc = help_only(&cmd_db_init_entry, argc, argv)) != -1)
		return rc;
	if (argc - optind < 1)
		return cmd_usage_error(&cmd_db_init_entry, "need a TARGET "
		    "(postgresql://... or service=NAME)");
	if (argc - optind > 1)
		return cmd_usage_error(&cmd_db_init_entry, "unexpected \"%s\"",
		    argv[optind + 1]);
	if (store_db_init(argv[optind], said, sizeof said, err,
	    sizeof err) != 0)
		return cmd_error("%s", err);
	cmd_say(stdout, "%s", said);
	return EXIT_OK;
}

const struct cmd_entry cmd_db_init_entry = {
	.name = "db init",
	.usage = "TARGET",
	.summary = "make a PostgreSQL database quaymark's (schema and roles)",
	.exec = cmd_db_init,
};

static int
cmd_db_copy(int argc, char **argv)
{
	char	 err[CMD_ERRLEN];
	int64_t	 rows;
	int	 rc;

	if ((rc = help_only(&cmd_db_copy_entry, argc, argv)) != -1)
		return rc;
	if (argc - optind != 2)
		return cmd_usage_error(&cmd_db_copy_entry, "need FROM and TO");
	if (store_db_copy(argv[optind], argv[optind + 1], &rows, err,
	    sizeof err) != 0)
		return cmd_error("%s", err);
	cmd_say(stdout, "copied %lld rows; the copy's audit chain verifies",
	    (long long)rows);
	return EXIT_OK;
}

const struct cmd_entry cmd_db_copy_entry = {
	.name = "db copy",
	.usage = "FROM TO",
	.summary = "copy a whole database into a new one (SQLite, PostgreSQL)",
	.exec = cmd_db_copy,
};
