/*
 * cmd-ingest.c: catalog image files. Each file is opened with GDAL for its
 * headers (and two tiny reads that prove it decodes), dated from metadata
 * or its name, fingerprinted and recorded. A bad file costs one line on
 * stderr and the run goes on; the exit status says whether any was
 * skipped.
 */
#include <sys/stat.h>

#include <dirent.h>
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd.h"
#include "../render/render.h"

#define COMMIT_EVERY 200	/* files per transaction: others may write */

struct ingest {
	struct store	*st;
	int64_t		 site_id;
	const char	*site;
	int		 has_date;
	int64_t		 date;
	size_t		 added, unchanged, updated, moved, skipped, ignored;
	size_t		 in_tx;
	struct progress	*progress;
	size_t		 seen;
	char		**files;
	size_t		 nfiles, cap;
	struct file_id	*walked;	/* folders and files met in walks: */
	size_t		 nwalked, walkedcap;	/* a hash set, capacity 2^k */
	const struct ingest_item *items;	/* STAC assets (ingest-stac.c) */
	size_t		 nitems;
};

struct file_id {
	dev_t		 dev;
	ino_t		 ino;
};

static int
cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static void
add_file(struct ingest *in, const char *path)
{
	if (in->nfiles == in->cap) {
		in->cap = in->cap ? in->cap * 2 : 256;
		in->files = xreallocarray(in->files, in->cap, sizeof *in->files);
	}
	in->files[in->nfiles++] = xstrdup(path);
}

/* Remember (dev, ino); whether it was there already. Inode 0 marks an
 * empty slot (a file with inode 0, which Linux never gives, would only go
 * unremembered). */
static int
walked_add(struct ingest *in, dev_t dev, ino_t ino)
{
	struct file_id	*old = in->walked, *e;
	size_t		 oldcap = in->walkedcap, i, mask;
	uint64_t	 h;

	if (2 * (in->nwalked + 1) > in->walkedcap) {	/* grow, rehash */
		in->walkedcap = oldcap ? oldcap * 2 : 1024;
		in->walked = xcalloc(in->walkedcap, sizeof *in->walked);
		in->nwalked = 0;
		for (i = 0; i < oldcap; i++)
			if (old[i].ino != 0)
				walked_add(in, old[i].dev, old[i].ino);
		free(old);
	}
	mask = in->walkedcap - 1;
	h = ((uint64_t)ino ^ ((uint64_t)dev << 32)) * 0x9e3779b97f4a7c15ull;
	for (i = (size_t)(h >> 32) & mask;; i = (i + 1) & mask) {
		e = &in->walked[i];
		if (e->ino == 0)
			break;
		if (e->dev == dev && e->ino == ino)
			return 1;
	}
	e->dev = dev;
	e->ino = ino;
	in->nwalked++;
	return 0;
}

/*
 * Whether the folder or file sb was met before in this run's walks: a
 * symbolic link back up the tree is not followed round and round, and a
 * file reached by two names is catalogued once.
 */
static int
walked_before(struct ingest *in, const struct stat *sb)
{
	return walked_add(in, sb->st_dev, sb->st_ino);
}

/* Sidecars and other files that are never images by themselves. */
static int
is_sidecar(const char *name)
{
	static const char *const ext[] = { ".aux.xml", ".ovr", ".imd", ".rpb",
	    ".tfw", ".tifw", ".pgw", ".wld", ".prj", ".xml", ".txt", ".md",
	    ".csv", ".json", ".til", ".msk", ".db", ".db-wal", ".db-shm" };
	size_t	 i, n = strlen(name), e;

	for (i = 0; i < QM_NELEM(ext); i++) {
		e = strlen(ext[i]);
		if (n > e && strcasecmp(name + n - e, ext[i]) == 0)
			return 1;
	}
	return 0;
}

/* Files named as images: probed (and reported) even if GDAL balks. */
static int
looks_like_image(const char *name)
{
	static const char *const ext[] = { ".tif", ".tiff", ".png", ".jpg",
	    ".jpeg", ".jp2", ".ntf", ".nitf", ".img", ".vrt", ".webp" };
	size_t	 i, n = strlen(name), e;

	for (i = 0; i < QM_NELEM(ext); i++) {
		e = strlen(ext[i]);
		if (n > e && strcasecmp(name + n - e, ext[i]) == 0)
			return 1;
	}
	return 0;
}

/*
 * Collect regular files under dir, recursively, skipping dot-files,
 * following symbolic links but never into a folder already walked.
 */
static int
walk(struct ingest *in, const char *dir, int depth)
{
	struct dirent	**list, *de;
	struct stat	 sb;
	char		 path[PATH_MAX];
	int		 n, k;

	if (depth > 32 || (stat(dir, &sb) == 0 && walked_before(in, &sb)))
		return 0;
	/* in name order, so which of two names of a file wins is fixed */
	if ((n = scandir(dir, &list, NULL, alphasort)) < 0) {
		cmd_warn("%s: %s", dir, strerror(errno));
		in->skipped++;
		return -1;
	}
	for (k = 0; k < n; k++) {
		de = list[k];
		if (de->d_name[0] == '.')
			continue;
		if (xsnprintf(path, sizeof path, "%s/%s", dir, de->d_name)
		    != 0)
			continue;
		if (stat(path, &sb) != 0) {
			/* a broken link named as an image deserves a word */
			if (looks_like_image(de->d_name)) {
				cmd_warn("%s: %s", path, errno == ENOENT ?
				    "broken symbolic link" : strerror(errno));
				in->skipped++;
			}
			continue;
		}
		if (S_ISDIR(sb.st_mode))
			walk(in, path, depth + 1);
		else if (S_ISREG(sb.st_mode) && !walked_before(in, &sb)) {
			if (is_sidecar(de->d_name) ||
			    (!looks_like_image(de->d_name) &&
			    !render_is_raster(path)))
				in->ignored++;
			else
				add_file(in, path);
		}
	}
	for (k = 0; k < n; k++)
		free(list[k]);
	free(list);
	return 0;
}

static void
skip(struct ingest *in, const char *path, const char *reason)
{
	/* The reason names the file already when it came from GDAL. */
	if (strncmp(reason, path, strlen(path)) == 0)
		cmd_warn("%s", reason);
	else
		cmd_warn("%s: %s", path, reason);
	in->skipped++;
}

/* What a local file is: its absolute path, size, time and fingerprint. */
static int
facts_local(const char *given, char *abs, size_t abslen,
    struct render_info *ri, int64_t *size, int64_t *mtime, char *hash,
    char *err, size_t errlen)
{
	struct stat	 sb;

	if (path_absolute(given, abs, abslen) != 0 || stat(abs, &sb) != 0)
		return errf(err, errlen, "%s", strerror(errno));
	if (!S_ISREG(sb.st_mode))
		return errf(err, errlen, "not a regular file");
	if (sb.st_size == 0)
		return errf(err, errlen, "empty file");
	if (render_probe(abs, (int64_t)sb.st_size, ri, err, errlen) != 0) {
		if (strncmp(err, abs, strlen(abs)) == 0)
			memmove(err, err + strlen(abs) + 2,
			    strlen(err + strlen(abs) + 2) + 1);
		return -1;
	}
	if (file_fingerprint(abs, (int64_t)sb.st_size, hash) != 0) {
		render_info_clear(ri);
		return errf(err, errlen, "%s", strerror(errno));
	}
	*size = (int64_t)sb.st_size;
	*mtime = (int64_t)sb.st_mtime;
	return 0;
}

/*
 * What a remote object is, from its headers and two small ranged reads
 * (never the whole file): the fingerprint is the URL, size, ETag and time.
 */
static int
facts_remote(const char *url, char *abs, size_t abslen,
    struct render_info *ri, int64_t *size, int64_t *mtime, char *hash,
    char *err, size_t errlen)
{
	struct render_remote	 rs;

	if (xsnprintf(abs, abslen, "%s", url) != 0)
		return errf(err, errlen, "URL too long");
	if (render_remote_probe(url, ri, &rs, err, errlen) != 0)
		return -1;
	render_remote_fingerprint(url, &rs, hash);
	*size = rs.size;
	*mtime = rs.mtime;
	return 0;
}

/* Facts a prefetch thread found (ingest-prefetch.c), taken over. */
static int
facts_taken(struct remote_facts *pf, const char *url, char *abs,
    size_t abslen, struct render_info *ri, int64_t *size, int64_t *mtime,
    char *hash, char *err, size_t errlen)
{
	if (pf->state == FACTS_FAILED)
		return errf(err, errlen, "%s", pf->err);
	if (xsnprintf(abs, abslen, "%s", url) != 0)
		return errf(err, errlen, "URL too long");
	*ri = *pf->ri;
	memset(pf->ri, 0, sizeof *pf->ri);
	memcpy(hash, pf->hash, SHA256_HEX_LEN);
	*size = pf->size;
	*mtime = pf->mtime;
	return 0;
}

static void
ingest_count(struct ingest *in, enum catalog_result res, const char *shown,
    const char *detail)
{
	char	*safe;

	switch (res) {
	case CATALOG_ADDED:
		in->added++;
		break;
	case CATALOG_UNCHANGED:
		in->unchanged++;
		break;
	case CATALOG_UPDATED:
	case CATALOG_MOVED:
		/* "moved from" names the old URL: its old signature too */
		safe = url_redacted(detail);
		if (res == CATALOG_UPDATED)
			in->updated++;
		else
			in->moved++;
		cmd_say(stdout, "%s: %s (%s)", res == CATALOG_UPDATED ?
		    "updated" : "moved", shown, safe);
		free(safe);
		break;
	}
}

/*
 * Catalog one file or URL; item (NULL for plain files) brings a STAC
 * item's date and facts. Messages show URLs redacted.
 */
static void
ingest_one(struct ingest *in, const char *given, const struct ingest_item *item,
    struct remote_facts *pf)
{
	struct store_image	 im;
	struct render_info	 ri;
	enum catalog_result	 res;
	char			 abs[PATH_MAX], hash[SHA256_HEX_LEN];
	char			 err[CMD_ERRLEN], detail[PATH_MAX + 64];
	char			 name[PATH_MAX], *shown;
	int64_t			 id, when, size = 0, mtime = 0;
	const char		*source;
	int			 remote = url_is_remote(given), rc;

	shown = url_redacted(given);
	memset(&ri, 0, sizeof ri);
	if (pf != NULL && pf->state != FACTS_NONE)
		rc = facts_taken(pf, given, abs, sizeof abs, &ri, &size,
		    &mtime, hash, err, sizeof err);
	else
		rc = remote ? facts_remote(given, abs, sizeof abs, &ri, &size,
		    &mtime, hash, err, sizeof err) : facts_local(given, abs,
		    sizeof abs, &ri, &size, &mtime, hash, err, sizeof err);
	if (rc != 0) {
		skip(in, shown, err);
		goto out;
	}
	if (remote)
		url_name(abs, name, sizeof name);
	else
		snprintf(name, sizeof name, "%s", path_base(abs));
	if (item != NULL && item->has_when) {
		when = item->when;
		source = "stac";
	} else if (ri.has_date) {
		when = ri.acquired;
		source = "metadata";
	} else if (date_from_name(name, &when) == 0)
		source = "filename";
	else if (in->has_date) {
		when = in->date;
		source = "option";
	} else {
		skip(in, shown, "no acquisition date in its metadata or file "
		    "name (--date gives one)");
		goto out;
	}
	memset(&im, 0, sizeof im);
	im.site_id = in->site_id;
	im.path = abs;
	im.name = name;
	im.acquired = when;
	im.date_source = (char *)(uintptr_t)source;
	im.width = ri.width;
	im.height = ri.height;
	im.bands = ri.bands;
	im.data_type = ri.data_type;
	im.has_gt = ri.has_gt;
	memcpy(im.gt, ri.gt, sizeof im.gt);
	im.crs_wkt = ri.crs_wkt;
	im.crs_code = ri.crs_code;
	im.sensor = item != NULL && item->stac.platform != NULL ?
	    item->stac.platform : ri.sensor;
	im.has_overviews = ri.has_overviews;
	im.file_size = size;
	im.file_mtime = mtime;
	im.hash = hash;
	if (store_image_catalog(in->st, &im, &id, &res, detail, sizeof detail,
	    err, sizeof err) != 0 || (item != NULL &&
	    store_stac_put(in->st, id, &item->stac, err, sizeof err) != 0)) {
		skip(in, shown, err);
		goto out;
	}
	if (!ri.has_overviews && (ri.width >= 2048 || ri.height >= 2048) &&
	    res != CATALOG_UNCHANGED) {
		int	 built;

		/* Once, into the cache, so every later view is fast; a
		 * remote image would be downloaded whole for it. */
		if (remote)
			cmd_warn("%s: not cloud-optimised (no overviews): "
			    "views will be slow", shown);
		else if (render_build_overviews(abs, &built, NULL, NULL, err,
		    sizeof err) != 0)
			cmd_warn("%s: no overviews (views will be slow): %s",
			    given, err);
	}
	ingest_count(in, res, remote ? shown : given, detail);
out:
	render_info_clear(&ri);
	free(shown);
}

/*
 * A URL to ingest: one object, or (ending in "/", or a bucket) every
 * image under that folder or prefix, in name order.
 */
static void
add_url(struct ingest *in, const char *url)
{
	struct render_remote	 rs;
	char			 err[CMD_ERRLEN], name[PATH_MAX], **list;
	size_t			 n, i, first = in->nfiles, ignored = 0;
	size_t			 len = strlen(url);
	const char		*slash = strstr(url, "://");

	if (len == 0 || (url[len - 1] != '/' && (slash == NULL ||
	    strchr(slash + 3, '/') != NULL ||
	    (render_remote_stat(url, &rs, err, sizeof err) == 0 &&
	    !rs.is_dir)))) {
		add_file(in, url);
		return;
	}
	if (render_remote_list(url, &list, &n, err, sizeof err) != 0) {
		cmd_warn("%s", err);
		in->skipped++;
		return;
	}
	for (i = 0; i < n; i++) {
		url_name(list[i], name, sizeof name);
		if (name[0] != '.' && !is_sidecar(name) &&
		    looks_like_image(name))
			add_file(in, list[i]);
		else
			ignored++;
		free(list[i]);
	}
	free(list);
	if (in->nfiles > first)
		qsort(in->files + first, in->nfiles - first, sizeof *in->files,
		    cmp_str);
	else {
		char	*shown = url_redacted(url);

		cmd_warn("%s: no images under this prefix (%zu other "
		    "object(s) passed over)", shown, ignored);
		free(shown);
		in->skipped++;
	}
}

/*
 * Catalog paths (files, folders walked recursively, URLs and prefixes),
 * then STAC assets, into site, on an open store. Per-file problems go to
 * stderr; counts go to *out.
 */
int
cmd_ingest_items(struct store *st, const char *site, int has_date,
    int64_t date, char **paths, int npaths, const struct ingest_item *items,
    size_t nitems, struct ingest_counts *out)
{
	struct ingest	 in;
	struct stat	 sb;
	char		 err[CMD_ERRLEN];
	size_t		 i, first, skipped, total;
	const char	**urls;
	struct remote_facts *pf;
	int		 p, rc = 0, walked;

	memset(&in, 0, sizeof in);
	in.st = st;
	in.site = site;
	in.has_date = has_date;
	in.date = date;
	if (store_site_ensure(st, site, &in.site_id, err, sizeof err) != 0)
		return cmd_error("%s", err);
	for (p = 0; p < npaths; p++) {
		if (url_is_remote(paths[p]))
			add_url(&in, paths[p]);
		else if (stat(paths[p], &sb) == 0 && S_ISDIR(sb.st_mode)) {
			first = in.nfiles;
			skipped = in.skipped;
			in.ignored = 0;
			walked = walk(&in, paths[p], 0);
			if (in.nfiles > first)	/* none: files may be NULL */
				qsort(in.files + first, in.nfiles - first,
				    sizeof *in.files, cmp_str);
			else if (walked == 0 && in.skipped == skipped) {
				/* most likely the wrong folder: say so, and
				 * fail, as a named file that is no image
				 * does */
				cmd_warn("%s: no images in this folder (%zu "
				    "other file(s) passed over)", paths[p],
				    in.ignored);
				in.skipped++;
			}
		} else
			add_file(&in, paths[p]);
	}
	in.items = items;
	in.nitems = nitems;
	total = in.nfiles + nitems;
	urls = xcalloc(total + 1, sizeof *urls);
	for (i = 0; i < total; i++)
		urls[i] = i < in.nfiles ? in.files[i] : items[i - in.nfiles].href;
	pf = ingest_prefetch(urls, total);	/* remote headers, in parallel */
	free(urls);
	in.progress = progress_start("ingest", total);
	for (i = 0; i < total && rc == 0; i++) {
		const struct ingest_item *item = i < in.nfiles ? NULL :
		    &items[i - in.nfiles];
		const char	*what = item ? item->href : in.files[i];
		char		*shown;

		if (in.in_tx == 0 && store_begin(st, err, sizeof err) != 0) {
			rc = cmd_error("%s", err);
			break;
		}
		shown = url_redacted(what);
		progress_update(in.progress, i, shown);
		free(shown);
		ingest_one(&in, what, item, pf != NULL ? &pf[i] : NULL);
		in.in_tx++;
		if (in.in_tx >= COMMIT_EVERY || i + 1 == total) {
			if (store_commit(st, err, sizeof err) != 0)
				rc = cmd_error("%s", err);
			in.in_tx = 0;
		}
	}
	progress_done(in.progress);
	ingest_prefetch_free(pf, total);
	if (rc == 0 && in.added + in.moved + in.updated > 0 &&
	    cmd_quay_sync(st, in.site_id, err, sizeof err) != 0)
		rc = cmd_error("quays: %s", err);
	for (i = 0; i < in.nfiles; i++)
		free(in.files[i]);
	free(in.files);
	free(in.walked);
	out->added = in.added;
	out->unchanged = in.unchanged;
	out->updated = in.updated;
	out->moved = in.moved;
	out->skipped = in.skipped;
	out->site_id = in.site_id;
	return rc;
}

int
cmd_ingest_run(struct store *st, const char *site, int has_date,
    int64_t date, char **paths, int npaths, struct ingest_counts *out)
{
	return cmd_ingest_items(st, site, has_date, date, paths, npaths, NULL,
	    0, out);
}

static const struct option longopts[] = {
	{ "site", required_argument, NULL, 's' },
	{ "date", required_argument, NULL, 't' },
	{ "stac", required_argument, NULL, 'S' },
	{ "asset", required_argument, NULL, 'A' },
	{ "db", required_argument, NULL, 'd' },
	{ "help", no_argument, NULL, 'h' },
	{ NULL, 0, NULL, 0 }
};

static int
cmd_ingest(int argc, char **argv)
{
	struct ingest_counts	 n;
	struct store		*st;
	const char		*site = "default", *stac = NULL, *asset = NULL;
	char			 err[CMD_ERRLEN];
	int64_t			 date = 0, t1;
	int			 c, rc, has_date = 0;

	optind = 1;
	while ((c = cmd_getopt(argc, argv, "d:h", longopts)) != -1) {
		switch (c) {
		case 's':
			site = optarg;
			break;
		case 't':
			if (date_parse_range(optarg, &date, &t1) != 0)
				return cmd_usage_error(&cmd_ingest_entry,
				    "--date: \"%s\" is not a date (use "
				    "YYYY-MM-DD)", optarg);
			has_date = 1;
			break;
		case 'S':
			stac = optarg;
			break;
		case 'A':
			asset = optarg;
			break;
		case 'h':
			return cmd_usage(&cmd_ingest_entry, stdout);
		default:
			return cmd_usage(&cmd_ingest_entry, stderr);
		}
	}
	if (optind >= argc && stac == NULL)
		return cmd_usage_error(&cmd_ingest_entry, "no files or folders "
		    "given");
	if (asset != NULL && stac == NULL)
		return cmd_usage_error(&cmd_ingest_entry, "--asset goes with "
		    "--stac");
	if (render_init(err, sizeof err) != 0)
		return cmd_error("%s", err);
	if ((st = cmd_open_store(STORE_CREATE | STORE_BULK)) == NULL)
		return EXIT_FAIL;
	memset(&n, 0, sizeof n);
	if (stac != NULL)
		rc = cmd_ingest_stac(st, site, has_date, date, stac, asset,
		    argv + optind, argc - optind, &n);
	else
		rc = cmd_ingest_run(st, site, has_date, date, argv + optind,
		    argc - optind, &n);
	cmd_say(stdout, "ingest: %zu added, %zu unchanged, %zu updated, "
	    "%zu moved, %zu skipped (site \"%s\")", n.added, n.unchanged, n.updated,
	    n.moved, n.skipped, site);
	store_close(st);
	if (rc != 0)
		return EXIT_FAIL;
	return n.skipped > 0 ? EXIT_FAIL : EXIT_OK;
}

const struct cmd_entry cmd_ingest_entry = {
	.name = "ingest",
	.usage = "[--site NAME] [--date DATE] [--stac SOURCE [--asset NAME]] "
	    "[PATH | URL]...",
	.summary = "catalog image files, folders, URLs and STAC catalogs",
	.exec = cmd_ingest,
};
