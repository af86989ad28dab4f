/*
 * cmd-import.c: `import` reads label files into the store: each file all
 * or nothing, "file:line: reason" for what is wrong, and a summary line.
 * A YOLO dataset comes whole too, as its folder or its data.yaml.
 */
#include <sys/stat.h>

#include <dirent.h>
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cmd.h"
#include "../export/export.h"

#define IMPORT_MAX_BYTES ((size_t)1 << 31)

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

/* What one run of import did, for its summary line. */
struct import_tally {
	size_t	 added, dups, failed, background;
	int	 dropped;
};

/* A YOLO dataset's label files and its data.yaml ("" when none). */
struct dataset {
	char	 yaml[4096];
	char	**files;
	size_t	 n;
};

static int
is_dir(const char *path)
{
	struct stat	 sb;

	return stat(path, &sb) == 0 && S_ISDIR(sb.st_mode);
}

static int
cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Is this .txt file a label file, not a note or a list beside them? */
static int
label_name(const char *name)
{
	size_t	 l = strlen(name);

	return l > 4 && strcmp(name + l - 4, ".txt") == 0 &&
	    strcmp(name, "classes.txt") != 0 && strcasestr(name, "readme") ==
	    NULL && strcmp(name, "train.txt") != 0 && strcmp(name,
	    "val.txt") != 0 && strcmp(name, "test.txt") != 0;
}

/* The label files under dir (depth levels down), in d->files. */
static void
walk_labels(const char *dir, int depth, struct dataset *d)
{
	struct dirent	*de;
	struct stat	 sb;
	DIR		*dp;
	char		 path[4096];

	if (depth > 8 || (dp = opendir(dir)) == NULL)
		return;
	while ((de = readdir(dp)) != NULL) {
		if (de->d_name[0] == '.' || snprintf(path, sizeof path,
		    "%s/%s", dir, de->d_name) >= (int)sizeof path ||
		    lstat(path, &sb) != 0)
			continue;
		if (S_ISDIR(sb.st_mode))	/* not through links: loops */
			walk_labels(path, depth + 1, d);
		else if (label_name(de->d_name) && stat(path, &sb) == 0 &&
		    S_ISREG(sb.st_mode)) {
			d->files = xreallocarray(d->files, d->n + 1,
			    sizeof *d->files);
			d->files[d->n++] = xstrdup(path);
		}
	}
	closedir(dp);
}

/* The folder a data.yaml's "path:" names, if it is one; else "". */
static void
yaml_root(const char *yaml, char *root, size_t len)
{
	char	*data, *p, *e, err[256];
	size_t	 n;

	root[0] = '\0';
	if (file_read_all(yaml, 1 << 20, &data, &n, err, sizeof err) != 0)
		return;
	for (p = data; p != NULL && *p != '\0'; p = strchr(p, '\n'),
	    p = p ? p + 1 : NULL) {
		if (strncmp(p, "path:", 5) != 0)
			continue;
		p += 5 + strspn(p + 5, " \t\"'");
		e = p + strcspn(p, "\"'#\r\n");
		while (e > p && (e[-1] == ' ' || e[-1] == '\t'))
			e--;
		if (*p == '/' && (size_t)(e - p) < len) {
			snprintf(root, len, "%.*s", (int)(e - p), p);
			if (!is_dir(root))
				root[0] = '\0';
		}
		break;
	}
	free(data);
}

/*
 * arg, a YOLO dataset as Ultralytics users hand it over: its folder or
 * its data.yaml. The label files are the .txt files under its labels/
 * folder (images/X lies beside labels/X), or without one under the
 * folder itself (notes and split lists aside); the data.yaml found
 * names the classes. Returns 1 when arg is a dataset, 0 when it is a
 * plain label file.
 */
static int
yolo_dataset(const char *arg, struct dataset *d)
{
	static const char *const yamls[] = { "data.yaml", "dataset.yaml",
	    "data.yml" };
	char		 dir[4096], root[4096], labels[4096], *slash;
	size_t		 l = strlen(arg), i;

	d->yaml[0] = '\0';
	d->files = NULL;
	d->n = 0;
	if ((l > 5 && strcmp(arg + l - 5, ".yaml") == 0) ||
	    (l > 4 && strcmp(arg + l - 4, ".yml") == 0)) {
		xsnprintf(d->yaml, sizeof d->yaml, "%s", arg);
		xsnprintf(dir, sizeof dir, "%s", arg);
		if ((slash = strrchr(dir, '/')) != NULL)
			*slash = '\0';
		else
			xsnprintf(dir, sizeof dir, ".");
	} else if (is_dir(arg)) {
		xsnprintf(dir, sizeof dir, "%s", arg);
		for (i = 0; i < QM_NELEM(yamls); i++) {
			xsnprintf(d->yaml, sizeof d->yaml, "%s/%s", dir,
			    yamls[i]);
			if (access(d->yaml, R_OK) == 0)
				break;
			d->yaml[0] = '\0';
		}
	} else
		return 0;
	if (d->yaml[0] != '\0') {
		yaml_root(d->yaml, root, sizeof root);
		if (root[0] != '\0')
			xsnprintf(dir, sizeof dir, "%s", root);
	}
	xsnprintf(labels, sizeof labels, "%s/labels", dir);
	walk_labels(is_dir(labels) ? labels : dir, 0, d);
	if (d->n > 1)
		qsort(d->files, d->n, sizeof *d->files, cmp_str);
	return 1;
}

static void
dataset_free(struct dataset *d)
{
	size_t	 i;

	for (i = 0; i < d->n; i++)
		free(d->files[i]);
	free(d->files);
}

/* Read one label file and commit it whole, or say why not. */
static void
import_file(struct store *st, const char *file, label_reader read, int yolo,
    const char *names, const struct import_opts *o, struct import_tally *t)
{
	struct import_items	 items;
	struct import_result	 res;
	char			 err[CMD_ERRLEN], *data;
	size_t			 len;

	memset(&items, 0, sizeof items);
	if (file_read_all(file, IMPORT_MAX_BYTES, &data, &len, err,
	    sizeof err) != 0) {
		cmd_warn("%s", err);
		t->failed++;
		return;
	}
	if (read(file, data, len, &items, err, sizeof err) != 0 || (yolo &&
	    name_yolo_classes(file, names, &items, err, sizeof err) != 0) ||
	    import_commit(st, file, &items, o, &res, err, sizeof err) != 0) {
		cmd_warn("%s", err);
		t->failed++;
	} else {
		/* an empty YOLO label file is a background image */
		if (items.n == 0 && yolo)
			t->background++;
		else if (items.n == 0)
			cmd_warn("%s: no objects", file);
		t->added += res.added;
		t->dups += res.duplicates;
		t->dropped |= res.status_dropped;
	}
	import_items_free(&items);
	free(data);
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
	struct import_tally	 t;
	struct dataset		 ds;
	struct store		*st;
	const char		*format = "csv", *map_from[64], *map_to[64];
	const char		*names = NULL;
	const struct export_format *f;
	struct buf		 b;
	char			*eq;
	size_t			 k;
	int			 c, i, yolo;

	memset(&o, 0, sizeof o);
	memset(&t, 0, sizeof t);
	o.map_from = map_from;
	o.map_to = map_to;
	optind = 1;
	while ((c = cmd_getopt(argc, argv, "d:h", opts)) != -1) {
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
		case 'h':
			return cmd_usage(&cmd_import_entry, stdout);
		default:
			return cmd_usage(&cmd_import_entry, stderr);
		}
	}
	if (optind >= argc)
		return cmd_usage_error(&cmd_import_entry, "no files given");
	if ((f = export_format_find(format, EXPORT_FMT_IN, NULL)) == NULL) {
		buf_init(&b);
		export_format_names(&b, EXPORT_FMT_IN, ", ", " or ");
		c = cmd_usage_error(&cmd_import_entry, "--format: \"%s\" is "
		    "not %s", format, b.data);
		buf_free(&b);
		return c;
	}
	yolo = strncmp(format, "yolo", 4) == 0;
	if ((st = cmd_open_store(0)) == NULL)
		return EXIT_FAIL;
	for (i = optind; i < argc; i++) {
		if (!yolo || !yolo_dataset(argv[i], &ds)) {
			import_file(st, argv[i], f->read, yolo, names,
			    &o, &t);
			continue;
		}
		if (ds.n == 0) {
			cmd_warn("%s: no YOLO label files (.txt) under it",
			    argv[i]);
			t.failed++;
		}
		for (k = 0; k < ds.n; k++)
			import_file(st, ds.files[k], f->read, 1,
			    names != NULL ? names : ds.yaml[0] != '\0' ?
			    ds.yaml : NULL, &o, &t);
		dataset_free(&ds);
	}
	if (t.dropped)
		cmd_warn("note: only supervisors import review verdicts; those "
		    "marks are pending");
	printf("import: %zu added, %zu already present, %zu file(s) "
	    "refused", t.added, t.dups, t.failed);
	if (t.background > 0)
		printf(", %zu background image(s)", t.background);
	putchar('\n');
	store_close(st);
	return t.failed ? EXIT_FAIL : EXIT_OK;
}

static void
import_help(FILE *fp)
{
	cmd_formats_help(fp, EXPORT_FMT_IN);
}

const struct cmd_entry cmd_import_entry = {
	.name = "import",
	.usage = "[--format csv|coco|yolo|yolo-obb|voc|dota|cvat|labelme] "
	    "[--site NAME] [--map FROM=TO] [--new-classes] "
	    "[--as-proposals[=MODEL]] [--names FILE] FILE|FOLDER...",
	.summary = "read label files; each file is imported whole or not at all",
	.exec = cmd_import,
	.help = import_help,
};
