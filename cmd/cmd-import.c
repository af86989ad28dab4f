/*
 * cmd-import.c: `import` reads label files into the store: each file all
 * or nothing, "file:line: reason" for what is wrong, and a summary line.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd.h"
#include "../export/export.h"

#define IMPORT_MAX_BYTES ((size_t)1 << 31)

static const struct {
	const char	*name;
	label_reader	 read;
} readers[] = {
	{ "csv", interchange_read },
	{ "coco", coco_read },
	{ "yolo", yolo_read },
	{ "yolo-obb", yolo_obb_read },
	{ "voc", voc_read },
	{ "dota", dota_read },
	{ "cvat", cvat_read },
	{ "labelme", labelme_read },
};

/* YOLO's class numbers get their names from --names or a file nearby. */
static int
name_yolo_classes(const char *file, const char *names_file,
    struct import_items *items, char *err, size_t errlen)
{
	char	 found[4096], **names;
	size_t	 n, i;

	if (names_file == NULL) {
		if (yolo_names_find(file, found, sizeof found) != 0)
			return 0;	/* numbers stay: --map names them */
		names_file = found;
	}
	if (yolo_names_load(names_file, &names, &n, err, errlen) != 0)
		return -1;
	yolo_names_apply(items, names, n);
	for (i = 0; i < n; i++)
		free(names[i]);
	free(names);
	return 0;
}

static int
cmd_import(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "format", required_argument, NULL, 'f' },
		{ "site", required_argument, NULL, 's' },
		{ "map", required_argument, NULL, 'm' },
		{ "new-classes", no_argument, NULL, 'n' },
		{ "as-proposals", optional_argument, NULL, 'p' },
		{ "names", required_argument, NULL, 'N' },
		CMD_COMMON_OPTIONS,
		{ NULL, 0, NULL, 0 }
	};
	struct import_opts	 o;
	struct import_items	 items;
	struct import_result	 res;
	struct store		*st;
	const char		*format = "csv", *map_from[64], *map_to[64];
	const char		*names = NULL;
	char			 err[CMD_ERRLEN], *data, *eq;
	size_t			 len, added = 0, dups = 0, failed = 0, r;
	int			 c, i, dropped = 0, yolo;

	memset(&o, 0, sizeof o);
	o.map_from = map_from;
	o.map_to = map_to;
	optind = 1;
	while ((c = getopt_long(argc, argv, "d:h", opts, NULL)) != -1) {
		switch (c) {
		case 'f':
			format = optarg;
			break;
		case 's':
			o.site = optarg;
			break;
		case 'm':
			if ((eq = strchr(optarg, '=')) == NULL ||
			    eq == optarg || eq[1] == '\0' || o.nmap >= 64)
				return cmd_usage_error(&cmd_import_entry,
				    "--map: write FROM=TO");
			*eq = '\0';
			map_from[o.nmap] = optarg;
			map_to[o.nmap++] = eq + 1;
			break;
		case 'n':
			o.new_classes = 1;
			break;
		case 'p':
			o.as_proposals = optarg ? optarg : "detector";
			break;
		case 'N':
			names = optarg;
			break;
		case 'd':
			cmd_db_path = optarg;
			break;
		case 'h':
			return cmd_usage(&cmd_import_entry, stdout);
		default:
			return cmd_usage(&cmd_import_entry, stderr);
		}
	}
	if (optind >= argc)
		return cmd_usage_error(&cmd_import_entry, "no files given");
	for (r = 0; r < QM_NELEM(readers); r++)
		if (strcmp(format, readers[r].name) == 0)
			break;
	if (r == QM_NELEM(readers))
		return cmd_usage_error(&cmd_import_entry, "--format: \"%s\" is "
		    "not csv, coco, yolo, yolo-obb, voc, dota, cvat or labelme",
		    format);
	yolo = strncmp(format, "yolo", 4) == 0;
	if ((st = cmd_open_store(0)) == NULL)
		return EXIT_FAIL;
	for (i = optind; i < argc; i++) {
		memset(&items, 0, sizeof items);
		if (file_read_all(argv[i], IMPORT_MAX_BYTES, &data, &len, err,
		    sizeof err) != 0) {
			cmd_warn("%s", err);
			failed++;
			continue;
		}
		if (readers[r].read(argv[i], data, len, &items, err,
		    sizeof err) != 0 || (yolo && name_yolo_classes(argv[i],
		    names, &items, err, sizeof err) != 0) ||
		    import_commit(st, argv[i], &items, &o, &res, err,
		    sizeof err) != 0) {
			cmd_warn("%s", err);
			failed++;
		} else {
			if (items.n == 0)
				cmd_warn("%s: no objects", argv[i]);
			added += res.added;
			dups += res.duplicates;
			dropped |= res.status_dropped;
		}
		import_items_free(&items);
		free(data);
	}
	if (dropped)
		cmd_warn("note: only supervisors import review verdicts; those "
		    "marks are pending");
	printf("import: %zu added, %zu already present, %zu file(s) "
	    "refused\n", added, dups, failed);
	store_close(st);
	return failed ? EXIT_FAIL : EXIT_OK;
}

const struct cmd_entry cmd_import_entry = {
	.name = "import",
	.usage = "[--format csv|coco|yolo|yolo-obb|voc|dota|cvat|labelme] "
	    "[--site NAME] [--map FROM=TO] [--new-classes] "
	    "[--as-proposals[=MODEL]] [--names FILE] FILE...",
	.summary = "read label files; each file is imported whole or not at all",
	.exec = cmd_import,
};
