/*
 * cmd-util.c: what many commands share: finding and opening the database,
 * turning --site/--from/--to/--class/--status into a store filter, and
 * parsing formats and ids, each with a message naming the option.
 */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cmd.h"

/* -d PATH or --db PATH, before the command or after it; NULL: not given. */
static const char	*db_path;

void
cmd_set_db(const char *path)
{
	db_path = path;
}

int
cmd_db_given(void)
{
	return db_path != NULL;
}

/*
 * getopt_long for every command: -d and --db (the option every command
 * shares) are taken here, once, and never reach the command's own loop.
 */
int
cmd_getopt(int argc, char **argv, const char *shorts,
    const struct option *longs)
{
	int	 c;

	while ((c = getopt_long(argc, argv, shorts, longs, NULL)) == 'd')
		cmd_set_db(optarg);
	return c;
}

/* -d PATH, else $QUAYMARK_DB, else ./quaymark.db. */
const char *
cmd_resolve_db(void)
{
	const char	*env;

	if (db_path != NULL)
		return db_path;
	if ((env = getenv("QUAYMARK_DB")) != NULL && *env != '\0')
		return env;
	return "quaymark.db";
}

/* Open the store or print why not (and return NULL). */
struct store *
cmd_open_store(int flags)
{
	struct store	*st;
	char		 err[CMD_ERRLEN];

	if ((st = store_open(cmd_resolve_db(), flags, err, sizeof err)) == NULL)
		cmd_error("%s", err);
	return st;
}

int
cmd_parse_format(const char *s, enum cmd_format *f)
{
	if (strcmp(s, "table") == 0)
		*f = FORMAT_TABLE;
	else if (strcmp(s, "csv") == 0)
		*f = FORMAT_CSV;
	else if (strcmp(s, "json") == 0)
		*f = FORMAT_JSON;
	else
		return -1;
	return 0;
}

/*
 * --format table|csv|json, the option every listing shares: 0, or
 * EXIT_USAGE after the one message every listing gives.
 */
int
cmd_format_opt(const struct cmd_entry *ce, const char *arg,
    enum cmd_format *fmt)
{
	if (cmd_parse_format(arg, fmt) != 0)
		return cmd_usage_error(ce, "--format: \"%s\" is not table, "
		    "csv or json", arg);
	return 0;
}

/*
 * In a listing's getopt loop, the options every listing shares: 'f'
 * (--format), 'd' (--db), 'h' (--help), and anything unknown. Returns -1
 * when parsing goes on, else the exit status to return.
 */
int
cmd_list_opt(const struct cmd_entry *ce, int c, const char *arg,
    enum cmd_format *fmt)
{
	switch (c) {
	case 'f':
		return cmd_format_opt(ce, arg, fmt) != 0 ? EXIT_USAGE : -1;
	case 'h':
		return cmd_usage(ce, stdout);
	default:
		return cmd_usage(ce, stderr);
	}
}

/*
 * The options of a plain listing: --format, --db and --help, and no
 * operands. Returns -1 to go on, else the exit status to return.
 */
int
cmd_list_options(const struct cmd_entry *ce, int argc, char **argv,
    enum cmd_format *fmt)
{
	static const struct option opts[] = {
		{ "format", required_argument, NULL, 'f' },
		CMD_COMMON_OPTIONS,
		{ NULL, 0, NULL, 0 }
	};
	int	 c, stop;

	*fmt = FORMAT_TABLE;
	optind = 1;
	while ((c = cmd_getopt(argc, argv, "d:h", opts)) != -1)
		if ((stop = cmd_list_opt(ce, c, optarg, fmt)) >= 0)
			return stop;
	if (optind < argc)
		return cmd_usage_error(ce, "unexpected \"%s\"", argv[optind]);
	return -1;
}

/*
 * --status: one status, or "all" (mask 0); NULL is the default, every
 * mark not rejected. 0, or -1 when s is none of them.
 */
int
cmd_parse_status(const char *s, int *mask)
{
	int	 k;

	if (s == NULL)
		*mask = STATUS_BIT(STATUS_PENDING) | STATUS_BIT(STATUS_APPROVED);
	else if (strcmp(s, "all") == 0)
		*mask = 0;
	else if ((k = status_parse(s)) >= 0)
		*mask = STATUS_BIT(k);
	else
		return -1;
	return 0;
}

/* A bad --status is a bad command line (exit 2), said before any work. */
int
cmd_check_status(const char *s)
{
	int	 mask;

	if (cmd_parse_status(s, &mask) == 0)
		return 0;
	cmd_error("--status: \"%s\" is not approved, pending, rejected or "
	    "all", s);
	return -1;
}

int
cmd_parse_id(const char *s, int64_t *id)
{
	return num_parse_int64(s, id) == 0 && *id > 0 ? 0 : -1;
}

/*
 * Resolve names and dates into a store filter, printing a one-line error
 * naming the option on failure. The default status is "not rejected".
 */
int
cmd_filter_resolve(struct store *st, const struct cmd_filter *cf,
    struct store_filter *sf, int unused)
{
	char	 err[CMD_ERRLEN];
	int64_t	 t0, t1;
	int	 i, q;

	(void)unused;
	memset(sf, 0, sizeof *sf);
	if (cf->site != NULL &&
	    store_site_find(st, cf->site, &sf->site_id, err, sizeof err) != 0)
		return cmd_error("--site: %s", err);
	if (cf->from != NULL) {
		if (date_parse_range(cf->from, &t0, &t1) != 0)
			return cmd_error("--from: \"%s\" is not a date (use "
			    "YYYY-MM-DD)", cf->from);
		sf->from = t0;
		sf->has_from = 1;
	}
	if (cf->to != NULL) {
		if (date_parse_range(cf->to, &t0, &t1) != 0)
			return cmd_error("--to: \"%s\" is not a date (use "
			    "YYYY-MM-DD)", cf->to);
		sf->to = t1;
		sf->has_to = 1;
	}
	if (sf->has_from && sf->has_to && sf->from > sf->to)
		return cmd_error("--from %s is after --to %s", cf->from, cf->to);
	if (cf->image != NULL && cmd_parse_id(cf->image, &sf->image_id) != 0)
		return cmd_error("--image: \"%s\" is not an image id",
		    cf->image);
	if (cf->nclasses > 0) {
		sf->class_ids = xcalloc((size_t)cf->nclasses,
		    sizeof *sf->class_ids);
		for (i = 0; i < cf->nclasses; i++) {
			if (store_class_find(st, cf->classes[i],
			    &sf->class_ids[i], err, sizeof err) != 0) {
				cmd_filter_free(sf);
				return cmd_error("--class: %s", err);
			}
		}
		sf->nclass_ids = (size_t)cf->nclasses;
	}
	if (cmd_parse_status(cf->status, &sf->status_mask) != 0) {
		cmd_filter_free(sf);
		return cmd_error("--status: \"%s\" is not approved, pending, "
		    "rejected or all", cf->status);
	}
	if (cf->quality != NULL) {
		if ((q = quality_parse(cf->quality)) < 0) {
			cmd_filter_free(sf);
			return cmd_error("--quality: \"%s\" is not a verdict",
			    cf->quality);
		}
		sf->quality_mask = QUALITY_BIT(q);
	}
	sf->author = cf->author;
	return 0;
}

void
cmd_filter_free(struct store_filter *sf)
{
	free(sf->class_ids);
	sf->class_ids = NULL;
	sf->nclass_ids = 0;
}

/* Consume one filter option; 1 if it was one, 0 if not, -1 if bad. */
int
cmd_filter_opt(struct cmd_filter *cf, int c, const char *arg)
{
	switch (c) {
	case OPT_SITE:
		cf->site = arg;
		return 1;
	case OPT_FROM:
		cf->from = arg;
		return 1;
	case OPT_TO:
		cf->to = arg;
		return 1;
	case OPT_IMAGE:
		cf->image = arg;
		return 1;
	case OPT_CLASS:
		if (cf->nclasses >= (int)QM_NELEM(cf->classes)) {
			cmd_error("--class: at most %zu classes",
			    QM_NELEM(cf->classes));
			return -1;
		}
		cf->classes[cf->nclasses++] = arg;
		return 1;
	case OPT_STATUS:
		cf->status = arg;
		return cmd_check_status(arg) == 0 ? 1 : -1;
	case OPT_AUTHOR:
		cf->author = arg;
		return 1;
	case OPT_QUALITY:
		cf->quality = arg;
		return 1;
	}
	return 0;
}

/*
 * Write data (CSV) to fp exactly; but on a terminal, as `ls` does with
 * odd names, control characters other than the line ends are shown
 * escaped, so that a name holding escape sequences cannot reach it.
 */
void
cmd_write_data(FILE *fp, const char *data, size_t len)
{
	const char	*p = data, *end = data + len, *nl;
	char		*line, *safe;

	if (data == NULL)
		return;
	if (!isatty(fileno(fp))) {
		fwrite(data, 1, len, fp);
		return;
	}
	while (p < end) {
		nl = memchr(p, '\n', (size_t)(end - p));
		line = xstrndup(p, (size_t)((nl ? nl : end) - p));
		safe = text_safe(line);
		fputs(safe, fp);
		if (nl != NULL)
			fputc('\n', fp);
		free(safe);
		free(line);
		p = nl ? nl + 1 : end;
	}
}
