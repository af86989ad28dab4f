/*
 * cmd-user.c: `user add`, `user list`, `user rm` and `user policy`: who
 * may do what through quaymark. Users are operating-system accounts; only
 * supervisors manage them.
 */
#include <getopt.h>
#include <pwd.h>
#include <stdio.h>
#include <string.h>

#include "cmd.h"

/*
 * getopt for the user subcommands: -d, --help, and what extra adds, each
 * handed to take(). Returns 0, -1 when help was printed (exit 0), or -2
 * after a usage error (exit 2).
 */
static int
user_options(const struct cmd_entry *ce, int argc, char **argv,
    const struct option *extra, int (*take)(int, const char *, void *),
    void *ctx)
{
	struct option	 opts[8];
	size_t		 n = 0;
	int		 c;

	memset(opts, 0, sizeof opts);
	while (extra != NULL && extra[n].name != NULL && n < 5) {
		opts[n] = extra[n];
		n++;
	}
	opts[n++] = (struct option){ "db", required_argument, NULL, 'd' };
	opts[n++] = (struct option){ "help", no_argument, NULL, 'h' };
	optind = 1;
	while ((c = cmd_getopt(argc, argv, "d:h", opts)) != -1) {
		if (c == 'h') {
			cmd_usage(ce, stdout);
			return -1;
		} else if (take == NULL || take(c, optarg, ctx) != 0) {
			cmd_usage(ce, stderr);
			return -2;
		}
	}
	return 0;
}

static int
options_status(int r)
{
	return r == -1 ? EXIT_OK : EXIT_USAGE;
}

static int
take_role(int c, const char *arg, void *ctx)
{
	if (c != 'r')
		return -1;
	*(const char **)ctx = arg;
	return 0;
}

static int
cmd_user_add(int argc, char **argv)
{
	static const struct option extra[] = {
		{ "role", required_argument, NULL, 'r' },
		{ NULL, 0, NULL, 0 }
	};
	struct store	*st;
	const char	*role_s = NULL;
	char		 err[CMD_ERRLEN];
	int		 r, role, rc = EXIT_OK, i;

	if ((r = user_options(&cmd_user_add_entry, argc, argv, extra,
	    take_role, &role_s)) != 0)
		return options_status(r);
	if (argc - optind < 1)
		return cmd_usage_error(&cmd_user_add_entry, "need a NAME");
	if (role_s == NULL)
		return cmd_usage_error(&cmd_user_add_entry, "--role analyst "
		    "or --role supervisor is required");
	if ((role = role_parse(role_s)) < 0)
		return cmd_usage_error(&cmd_user_add_entry, "--role: \"%s\" is "
		    "not analyst or supervisor", role_s);
	if ((st = cmd_open_store(0)) == NULL)
		return EXIT_FAIL;
	for (i = optind; i < argc; i++) {
		if (store_user_add(st, argv[i], role, err, sizeof err) != 0) {
			rc = cmd_error("%s", err);
			continue;
		}
		/* the database may move between machines: only a warning */
		if (getpwnam(argv[i]) == NULL)
			cmd_warn("%s: no such account on this machine (added "
			    "all the same)", argv[i]);
	}
	store_close(st);
	return rc;
}

const struct cmd_entry cmd_user_add_entry = {
	.name = "user add",
	.usage = "--role analyst|supervisor NAME...",
	.summary = "give accounts a role (or change it)",
	.exec = cmd_user_add,
};

static int
cmd_user_rm(int argc, char **argv)
{
	struct store	*st;
	char		 err[CMD_ERRLEN];
	int		 r, rc = EXIT_OK, i;

	if ((r = user_options(&cmd_user_rm_entry, argc, argv, NULL, NULL,
	    NULL)) != 0)
		return options_status(r);
	if (argc - optind < 1)
		return cmd_usage_error(&cmd_user_rm_entry, "need a NAME");
	if ((st = cmd_open_store(0)) == NULL)
		return EXIT_FAIL;
	for (i = optind; i < argc; i++)
		if (store_user_rm(st, argv[i], err, sizeof err) != 0)
			rc = cmd_error("%s", err);
	store_close(st);
	return rc;
}

const struct cmd_entry cmd_user_rm_entry = {
	.name = "user rm",
	.usage = "NAME...",
	.summary = "take accounts' roles away (their marks and history stay)",
	.exec = cmd_user_rm,
};

static int
cmd_user_list(int argc, char **argv)
{
	struct store		*st;
	struct store_user	*v;
	struct table		*t;
	char			 err[CMD_ERRLEN];
	size_t			 n, i;
	int			 r, open;

	if ((r = user_options(&cmd_user_list_entry, argc, argv, NULL, NULL,
	    NULL)) != 0)
		return options_status(r);
	if (optind < argc)
		return cmd_usage_error(&cmd_user_list_entry, "unexpected \"%s\"",
		    argv[optind]);
	if ((st = cmd_open_store(0)) == NULL)
		return EXIT_FAIL;
	if (store_user_list(st, &v, &n, err, sizeof err) != 0) {
		store_close(st);
		return cmd_error("%s", err);
	}
	t = table_new(4, (const char *[]){ "USER", "ROLE", "SINCE", "BY" });
	for (i = 0; i < n; i++)
		table_add(t, v[i].name, role_name(v[i].role), v[i].created,
		    v[i].created_by);
	table_print(t, stdout);
	table_free(t);
	store_policy_get(st, &open, NULL, 0);
	printf("policy: %s (%s)\n", open ? "open" : "closed", open ?
	    "any account that can write the file may mark" :
	    "accounts not listed may only view");
	store_users_free(v, n);
	store_close(st);
	return EXIT_OK;
}

const struct cmd_entry cmd_user_list_entry = {
	.name = "user list",
	.usage = "",
	.summary = "list the users, their roles and the policy",
	.exec = cmd_user_list,
};

static int
cmd_user_policy(int argc, char **argv)
{
	struct store	*st;
	char		 err[CMD_ERRLEN];
	int		 r, open, rc = EXIT_OK;

	if ((r = user_options(&cmd_user_policy_entry, argc, argv, NULL, NULL,
	    NULL)) != 0)
		return options_status(r);
	if (argc - optind > 1)
		return cmd_usage_error(&cmd_user_policy_entry, "unexpected "
		    "\"%s\"", argv[optind + 1]);
	if (argc - optind == 1 && strcmp(argv[optind], "open") != 0 &&
	    strcmp(argv[optind], "closed") != 0)
		return cmd_usage_error(&cmd_user_policy_entry, "\"%s\" is not "
		    "open or closed", argv[optind]);
	if ((st = cmd_open_store(0)) == NULL)
		return EXIT_FAIL;
	if (argc - optind == 0) {
		store_policy_get(st, &open, NULL, 0);
		printf("%s\n", open ? "open" : "closed");
	} else if (store_policy_set(st, strcmp(argv[optind], "open") == 0,
	    err, sizeof err) != 0)
		rc = cmd_error("%s", err);
	store_close(st);
	return rc;
}

const struct cmd_entry cmd_user_policy_entry = {
	.name = "user policy",
	.usage = "[open|closed]",
	.summary = "show or set whether unlisted accounts may mark",
	.exec = cmd_user_policy,
};
