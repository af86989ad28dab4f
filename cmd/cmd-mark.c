/*
 * cmd-mark.c: `mark add`, `mark set` and `mark rm`: marks from scripts.
 * Each prints or changes one mark in one transaction, exactly as the TUI
 * would, audit row included.
 */
#include <getopt.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd.h"

/* Geometry from --at X,Y, --box X0,Y0,X1,Y1 or --rbox CX,CY,W,H,ANGLE. */
static int
parse_geometry(int kind, const char *s, struct store_mark *m)
{
	double	 v[5];

	switch (kind) {
	case MARK_POINT:
		if (num_parse_list(s, v, 2) != 0)
			return -1;
		m->cx = v[0];
		m->cy = v[1];
		m->w = m->h = m->angle = 0;
		break;
	case MARK_BOX:
		if (num_parse_list(s, v, 4) != 0)
			return -1;
		m->cx = (v[0] + v[2]) / 2;
		m->cy = (v[1] + v[3]) / 2;
		m->w = fabs(v[2] - v[0]);
		m->h = fabs(v[3] - v[1]);
		m->angle = 0;
		break;
	case MARK_RBOX:
		if (num_parse_list(s, v, 5) != 0)
			return -1;
		m->cx = v[0];
		m->cy = v[1];
		m->w = v[2];
		m->h = v[3];
		m->angle = v[4];
		break;
	default:
		return -1;
	}
	m->kind = kind;
	return 0;
}

static const char *const geometry_help[] = {
	"--at X,Y", "--box X0,Y0,X1,Y1", "--rbox CX,CY,W,H,ANGLE"
};

static int
cmd_mark_add(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "image", required_argument, NULL, 'i' },
		{ "site", required_argument, NULL, 's' },
		{ "date", required_argument, NULL, 't' },
		{ "class", required_argument, NULL, 'c' },
		{ "at", required_argument, NULL, 'P' },
		{ "box", required_argument, NULL, 'B' },
		{ "rbox", required_argument, NULL, 'R' },
		{ "name", required_argument, NULL, 'n' },
		{ "count", required_argument, NULL, 'k' },
		{ "state", required_argument, NULL, 'S' },
		{ "note", required_argument, NULL, 'N' },
		{ "track", required_argument, NULL, 'T' },
		CMD_COMMON_OPTIONS,
		{ NULL, 0, NULL, 0 }
	};
	struct store_mark	 m;
	struct store		*st;
	const char		*image = NULL, *site = NULL, *date = NULL;
	const char		*geom = NULL;
	char			 err[CMD_ERRLEN];
	int64_t			 site_id, t0, t1;
	int			 c, kind = -1, rc = EXIT_OK;

	store_mark_init(&m);
	optind = 1;
	while ((c = cmd_getopt(argc, argv, "d:h", opts)) != -1) {
		switch (c) {
		case 'i':
			image = optarg;
			break;
		case 's':
			site = optarg;
			break;
		case 't':
			date = optarg;
			break;
		case 'c':
			m.class_name = optarg;
			break;
		case 'P':
		case 'B':
		case 'R':
			if (geom != NULL)
				return cmd_usage_error(&cmd_mark_add_entry,
				    "give one of --at, --box, --rbox");
			kind = c == 'P' ? MARK_POINT : c == 'B' ? MARK_BOX :
			    MARK_RBOX;
			geom = optarg;
			break;
		case 'n':
			m.name = optarg;
			break;
		case 'k':
			if (num_parse_int64(optarg, &m.count) != 0 ||
			    m.count < 0)
				return cmd_usage_error(&cmd_mark_add_entry,
				    "--count: \"%s\" is not a whole number "
				    ">= 0", optarg);
			m.has_count = 1;
			break;
		case 'S':
			m.state = optarg;
			break;
		case 'N':
			m.note = optarg;
			break;
		case 'T':
			if (num_parse_int64(optarg, &m.track) != 0)
				return cmd_usage_error(&cmd_mark_add_entry,
				    "--track: \"%s\" is not a whole number",
				    optarg);
			m.has_track = 1;
			break;
		case 'h':
			return cmd_usage(&cmd_mark_add_entry, stdout);
		default:
			return cmd_usage(&cmd_mark_add_entry, stderr);
		}
	}
	if (optind < argc)
		return cmd_usage_error(&cmd_mark_add_entry, "unexpected \"%s\"",
		    argv[optind]);
	if ((image == NULL) == (site == NULL || date == NULL))
		return cmd_usage_error(&cmd_mark_add_entry, "give --image ID, "
		    "or --site and --date");
	if (m.class_name == NULL)
		return cmd_usage_error(&cmd_mark_add_entry, "--class is "
		    "required");
	if (geom == NULL)
		return cmd_usage_error(&cmd_mark_add_entry, "give --at, --box "
		    "or --rbox");
	if (parse_geometry(kind, geom, &m) != 0)
		return cmd_usage_error(&cmd_mark_add_entry, "%s: \"%s\" is not "
		    "%s", geometry_help[kind], geom, geometry_help[kind]);
	if (image != NULL && cmd_parse_id(image, &m.image_id) != 0)
		return cmd_usage_error(&cmd_mark_add_entry, "--image: \"%s\" is "
		    "not an image id", image);
	if (date != NULL && date_parse_range(date, &t0, &t1) != 0)
		return cmd_usage_error(&cmd_mark_add_entry, "--date: \"%s\" is "
		    "not a date (use YYYY-MM-DD)", date);
	if ((st = cmd_open_store(0)) == NULL)
		return EXIT_FAIL;
	if (site != NULL && (store_site_find(st, site, &site_id, err,
	    sizeof err) != 0 || store_image_find_date(st, site_id, t0,
	    &m.image_id, err, sizeof err) != 0))
		rc = cmd_error("%s", err);
	else if (store_mark_add(st, &m, err, sizeof err) != 0)
		rc = cmd_error("%s", err);
	else
		printf("%lld\n", (long long)m.id);
	store_close(st);
	return rc;
}

const struct cmd_entry cmd_mark_add_entry = {
	.name = "mark add",
	.usage = "(--image ID | --site NAME --date DATE) --class CLASS "
	    "(--at X,Y | --box X0,Y0,X1,Y1 | --rbox CX,CY,W,H,ANGLE) "
	    "[--name NAME] [--count N] [--state STATE] [--note TEXT] "
	    "[--track N]",
	.summary = "add a mark and print its id",
	.exec = cmd_mark_add,
};

/* Apply key=value to m; text values may be empty to clear them. */
static int
apply_setting(struct store_mark *m, const char *kv)
{
	const char	*eq, *v;
	char		 key[16];
	size_t		 klen;

	if ((eq = strchr(kv, '=')) == NULL || (klen = (size_t)(eq - kv)) == 0
	    || klen >= sizeof key)
		return cmd_error("\"%s\": write key=value", kv);
	memcpy(key, kv, klen);
	key[klen] = '\0';
	v = eq + 1;
#define SET_TEXT(field) do { \
	free(m->field); \
	m->field = *v ? xstrdup(v) : NULL; \
} while (0)
	if (strcmp(key, "class") == 0) {
		SET_TEXT(class_name);
		m->class_id = 0;
		if (m->class_name == NULL)
			return cmd_error("class= cannot be empty");
	} else if (strcmp(key, "name") == 0)
		SET_TEXT(name);
	else if (strcmp(key, "state") == 0)
		SET_TEXT(state);
	else if (strcmp(key, "note") == 0)
		SET_TEXT(note);
	else if (strcmp(key, "count") == 0) {
		m->has_count = *v != '\0';
		if (m->has_count && (num_parse_int64(v, &m->count) != 0 ||
		    m->count < 0))
			return cmd_error("count=%s: not a whole number >= 0", v);
	} else if (strcmp(key, "track") == 0) {
		m->has_track = *v != '\0';
		if (m->has_track && num_parse_int64(v, &m->track) != 0)
			return cmd_error("track=%s: not a whole number", v);
	} else if (strcmp(key, "at") == 0 || strcmp(key, "box") == 0 ||
	    strcmp(key, "rbox") == 0) {
		int	 kind = key[0] == 'a' ? MARK_POINT : key[0] == 'b' ?
		    MARK_BOX : MARK_RBOX;

		if (parse_geometry(kind, v, m) != 0)
			return cmd_error("%s=%s: write %s", key, v,
			    geometry_help[kind] + 2);
	} else
		return cmd_error("unknown key \"%s\" (class, name, count, "
		    "state, note, track, at, box, rbox)", key);
#undef SET_TEXT
	return 0;
}

static int
cmd_mark_set(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "if-version", required_argument, NULL, 'v' },
		CMD_COMMON_OPTIONS,
		{ NULL, 0, NULL, 0 }
	};
	struct store_mark	 m;
	struct store		*st;
	char			 err[CMD_ERRLEN];
	int64_t			 id, expect = 0;
	int			 c, i, rc = EXIT_OK;

	optind = 1;
	while ((c = cmd_getopt(argc, argv, "d:h", opts)) != -1) {
		if (c == 'v') {
			if (cmd_parse_id(optarg, &expect) != 0)
				return cmd_usage_error(&cmd_mark_set_entry,
				    "--if-version: \"%s\" is not a version",
				    optarg);
		} else if (c == 'h')
			return cmd_usage(&cmd_mark_set_entry, stdout);
		else
			return cmd_usage(&cmd_mark_set_entry, stderr);
	}
	if (argc - optind < 2)
		return cmd_usage_error(&cmd_mark_set_entry, "need a mark ID and "
		    "at least one key=value");
	if (cmd_parse_id(argv[optind], &id) != 0)
		return cmd_usage_error(&cmd_mark_set_entry, "\"%s\" is not a "
		    "mark id", argv[optind]);
	if ((st = cmd_open_store(0)) == NULL)
		return EXIT_FAIL;
	if (store_mark_get(st, id, &m, err, sizeof err) != 0) {
		store_close(st);
		return cmd_error("%s", err);
	}
	if (expect == 0)
		expect = m.version;	/* read-modify-write, still checked */
	for (i = optind + 1; i < argc && rc == EXIT_OK; i++)
		if (apply_setting(&m, argv[i]) != 0)
			rc = EXIT_USAGE;
	if (rc == EXIT_OK && store_mark_update(st, &m, expect, err,
	    sizeof err) != 0)
		rc = cmd_error("%s", err);
	else if (rc == EXIT_OK)
		printf("%lld version %lld\n", (long long)m.id,
		    (long long)m.version);
	store_mark_clear(&m);
	store_close(st);
	return rc;
}

const struct cmd_entry cmd_mark_set_entry = {
	.name = "mark set",
	.usage = "[--if-version N] ID KEY=VALUE...",
	.summary = "change a mark's class, geometry or attributes",
	.exec = cmd_mark_set,
};

static int
cmd_mark_rm(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "if-version", required_argument, NULL, 'v' },
		CMD_COMMON_OPTIONS,
		{ NULL, 0, NULL, 0 }
	};
	struct store	*st;
	char		 err[CMD_ERRLEN];
	int64_t		 id, expect = 0;
	int		 c, i, rc = EXIT_OK;

	optind = 1;
	while ((c = cmd_getopt(argc, argv, "d:h", opts)) != -1) {
		if (c == 'v') {
			if (cmd_parse_id(optarg, &expect) != 0)
				return cmd_usage_error(&cmd_mark_rm_entry,
				    "--if-version: \"%s\" is not a version",
				    optarg);
		} else if (c == 'h')
			return cmd_usage(&cmd_mark_rm_entry, stdout);
		else
			return cmd_usage(&cmd_mark_rm_entry, stderr);
	}
	if (optind >= argc)
		return cmd_usage_error(&cmd_mark_rm_entry, "need a mark ID");
	for (i = optind; i < argc; i++)
		if (cmd_parse_id(argv[i], &id) != 0)
			return cmd_usage_error(&cmd_mark_rm_entry, "\"%s\" is "
			    "not a mark id", argv[i]);
	if ((st = cmd_open_store(0)) == NULL)
		return EXIT_FAIL;
	for (i = optind; i < argc; i++) {
		cmd_parse_id(argv[i], &id);
		if (store_mark_delete(st, id, expect, err, sizeof err) != 0)
			rc = cmd_error("%s", err);
	}
	store_close(st);
	return rc;
}

const struct cmd_entry cmd_mark_rm_entry = {
	.name = "mark rm",
	.usage = "[--if-version N] ID...",
	.summary = "delete marks (kept in the audit trail)",
	.exec = cmd_mark_rm,
};
