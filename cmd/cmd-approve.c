/*
 * cmd-approve.c: a supervisor's verdicts from the command line, for
 * scripts: `approve` and `reject` marks, `accept` images (locking their
 * marks and verdict against analysts' edits) and `reopen` them. Each id is
 * its own transaction; one that fails is reported and the rest go on.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cmd.h"

/*
 * Parse -d, --help and (when reason is not NULL) --reason, then the ids.
 * Returns -1 to go on, or the exit status.
 */
static int
id_command_args(const struct cmd_entry *ce, int argc, char **argv,
    const char **reason, int64_t **ids, int *nids)
{
	static const struct option opts[] = {
		{ "reason", required_argument, NULL, 'r' },
		CMD_COMMON_OPTIONS,
		{ NULL, 0, NULL, 0 }
	};
	int	 c, i;

	optind = 1;
	while ((c = cmd_getopt(argc, argv, "d:h", opts)) != -1) {
		if (c == 'h')
			return cmd_usage(ce, stdout);
		else if (c == 'r' && reason != NULL)
			*reason = optarg;
		else
			return cmd_usage(ce, stderr);
	}
	if (argc - optind < 1)
		return cmd_usage_error(ce, "need at least one ID");
	if (reason != NULL && (*reason == NULL || **reason == '\0'))
		return cmd_usage_error(ce, "--reason is required (wrong class, "
		    "wrong position, not an object, duplicate, wrong "
		    "name/count, or your own words)");
	*ids = xcalloc((size_t)(argc - optind), sizeof **ids);
	*nids = 0;
	for (i = optind; i < argc; i++)
		if (cmd_parse_id(argv[i], &(*ids)[(*nids)++]) != 0) {
			free(*ids);
			return cmd_usage_error(ce, "\"%s\" is not an id",
			    argv[i]);
		}
	return -1;
}

/*
 * Run one store call per id; what: "mark" or "image", for errors, and did
 * ("approved") for the count of those acted on.
 */
static int
for_each_id(const struct cmd_entry *ce, int argc, char **argv, int need_reason,
    const char *what, const char *did, int (*fn)(struct store *, int64_t,
    const char *, char *, size_t))
{
	struct store	*st;
	const char	*reason = NULL;
	char		 err[CMD_ERRLEN];
	int64_t		*ids = NULL;
	int		 n = 0, i, rc, done = 0;

	if ((rc = id_command_args(ce, argc, argv, need_reason ? &reason :
	    NULL, &ids, &n)) >= 0)
		return rc;
	if ((st = cmd_open_store(0)) == NULL) {
		free(ids);
		return EXIT_FAIL;
	}
	rc = EXIT_OK;
	for (i = 0; i < n; i++) {
		if (fn(st, ids[i], reason, err, sizeof err) != 0)
			rc = cmd_error("%s %lld: %s", what, (long long)ids[i],
			    err);
		else
			done++;
	}
	/* a bulk action says how many it acted on */
	if (isatty(STDOUT_FILENO) || rc != EXIT_OK)
		fprintf(stderr, "%s: %d of %d %s(s) %s\n", ce->name, done, n,
		    what, did);
	free(ids);
	store_close(st);
	return rc;
}

static int
approve_one(struct store *st, int64_t id, const char *unused, char *err,
    size_t errlen)
{
	(void)unused;
	return store_mark_review(st, id, STATUS_APPROVED, NULL, 0, err, errlen);
}

static int
reject_one(struct store *st, int64_t id, const char *reason, char *err,
    size_t errlen)
{
	return store_mark_review(st, id, STATUS_REJECTED, reason, 0, err,
	    errlen);
}

static int
unreview_one(struct store *st, int64_t id, const char *unused, char *err,
    size_t errlen)
{
	(void)unused;
	return store_mark_review(st, id, STATUS_PENDING, NULL, 0, err, errlen);
}

static int
accept_one(struct store *st, int64_t id, const char *unused, char *err,
    size_t errlen)
{
	(void)unused;
	return store_image_set_accepted(st, id, 1, err, errlen);
}

static int
reopen_one(struct store *st, int64_t id, const char *unused, char *err,
    size_t errlen)
{
	(void)unused;
	return store_image_set_accepted(st, id, 0, err, errlen);
}

static int
cmd_approve(int argc, char **argv)
{
	return for_each_id(&cmd_approve_entry, argc, argv, 0, "mark",
	    "approved", approve_one);
}

static int
cmd_reject(int argc, char **argv)
{
	return for_each_id(&cmd_reject_entry, argc, argv, 1, "mark",
	    "rejected", reject_one);
}

static int
cmd_unreview(int argc, char **argv)
{
	return for_each_id(&cmd_unreview_entry, argc, argv, 0, "mark",
	    "sent back to pending", unreview_one);
}

static int
cmd_accept(int argc, char **argv)
{
	return for_each_id(&cmd_accept_entry, argc, argv, 0, "image",
	    "accepted", accept_one);
}

static int
cmd_reopen(int argc, char **argv)
{
	return for_each_id(&cmd_reopen_entry, argc, argv, 0, "image",
	    "reopened", reopen_one);
}

const struct cmd_entry cmd_approve_entry = {
	.name = "approve",
	.usage = "MARK_ID...",
	.summary = "approve marks (supervisors)",
	.exec = cmd_approve,
};

const struct cmd_entry cmd_reject_entry = {
	.name = "reject",
	.usage = "--reason TEXT MARK_ID...",
	.summary = "reject marks, with the reason (supervisors)",
	.exec = cmd_reject,
};

const struct cmd_entry cmd_unreview_entry = {
	.name = "unreview",
	.usage = "MARK_ID...",
	.summary = "send marks back to pending (supervisors)",
	.exec = cmd_unreview,
};

const struct cmd_entry cmd_accept_entry = {
	.name = "accept",
	.usage = "IMAGE_ID...",
	.summary = "accept images: lock their marks and verdict (supervisors)",
	.exec = cmd_accept,
};

const struct cmd_entry cmd_reopen_entry = {
	.name = "reopen",
	.usage = "IMAGE_ID...",
	.summary = "reopen accepted images to analysts' edits (supervisors)",
	.exec = cmd_reopen,
};
