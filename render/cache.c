/*
 * cache.c: an on-disk cache of what was read from remote images, so that
 * a date seen once opens again as fast as a local file, and opens at all
 * when the network is gone.
 *
 * GDAL 3.6 caches remote bytes only in memory (CPL_VSIL_CURL_CACHE_SIZE,
 * VSI_CACHE), per process, so nothing survives the session; it has no
 * on-disk cache for /vsicurl/, /vsis3/ and the rest. So quaymark puts a
 * small virtual file system of its own in front of them (/vsiqmcache/,
 * a GDAL plugin handler): GDAL's drivers read through it as through any
 * file, and it serves each byte range from a sparse local copy of the
 * object, fetching only the 16 KiB chunks it does not hold yet. What is
 * cached is exactly what was read: the header, the overview levels and
 * the blocks of the places looked at, never the whole object.
 *
 * In $QUAYMARK_CACHE/remote/ (see path_cache_dir), per object version:
 *   KEY.data  the bytes fetched, at their offsets (a sparse file)
 *   KEY.map   a text header (URL without its query, size, ETag, mtime,
 *             chunk size) then one byte per chunk: 1 when held
 * and U-HASH, naming the KEY last seen for a URL (for offline opens),
 * with "fresh T" after it when the server said, with Cache-Control:
 * max-age, that the object stays as it is until time T: until then an
 * open asks the server nothing, not even its headers.
 * KEY hashes the URL without its query with the size, ETag and time
 * from the object's headers: a rewritten object is another KEY and is
 * fetched again. The total is kept under QUAYMARK_CACHE_MAX (default
 * 2G); the objects opened longest ago (KEY.map's time, touched on each
 * open) leave first.
 */
#include <sys/stat.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "gdal-api.h"
#include "render.h"
#include "../util/util.h"

#define CACHE_PREFIX	"/vsiqmcache/"
#define CHUNK		(16 * 1024)	/* vsicurl's own unit */
#define DEFAULT_MAX	(2LL << 30)
#define MAGIC		"quaymark remote cache 1\n"
#define KEYLEN		40		/* hex digits of the hash kept */
#define FETCH_RUN	(8u << 20)	/* bytes fetched by one request, at most */
#define STALE_TMP	3600		/* seconds: a temporary file left behind */
#define FIRST_RUN	(128u << 10)	/* bytes fetched with the header */

/* An object opened through the cache in this process. */
struct entry {
	char	*name;		/* /vsiqmcache/KEY/base */
	char	*vsi;		/* /vsicurl/... */
	char	*url;		/* without its query: no secrets */
	char	 key[KEYLEN + 1];
	struct render_remote rs;
};

static pthread_mutex_t	 reg_lock = PTHREAD_MUTEX_INITIALIZER;
static struct entry	*reg;
static size_t		 nreg;
static pthread_once_t	 installed = PTHREAD_ONCE_INIT;

/* An open file. Reads go to data where have[] says so, else to up. */
struct handle {
	struct entry	 e;		/* a copy: the registry may grow */
	VSILFILE	*up;		/* opened on the first miss */
	int		 data, map;	/* -1: not caching (reads go through) */
	uint8_t		*have;
	size_t		 nchunks;
	off_t		 maphdr;	/* where the chunk bytes start */
	uint64_t	 pos;
	int		 eof;
	int64_t		 added;		/* bytes cached since the last trim */
	int64_t		 max;
	char		 dir[4096];
};

/*
 * QUAYMARK_CACHE_MAX: bytes, with an optional K, M, G or T (powers of
 * 1024); 0 turns the cache off. 0 with *max, or -1 with the reason.
 */
int
render_cache_max(int64_t *max, char *err, size_t errlen)
{
	const char	*s = getenv("QUAYMARK_CACHE_MAX");
	char		*end;
	double		 v;
	int		 shift = 0;

	*max = DEFAULT_MAX;
	if (s == NULL || *s == '\0')
		return 0;
	errno = 0;
	v = strtod(s, &end);
	switch (*end) {
	case 'k': case 'K': shift = 10; end++; break;
	case 'm': case 'M': shift = 20; end++; break;
	case 'g': case 'G': shift = 30; end++; break;
	case 't': case 'T': shift = 40; end++; break;
	}
	if (*end == 'B' || *end == 'b')
		end++;
	if (end == s || *end != '\0' || errno != 0 || !(v >= 0) ||
	    v * (double)(1LL << shift) > 9e18)
		return errf(err, errlen, "QUAYMARK_CACHE_MAX: \"%s\" is not a "
		    "size (bytes, or with K, M, G or T; 0 turns the cache off)",
		    s);
	*max = (int64_t)(v * (double)(1LL << shift));
	return 0;
}

/* The URL without its query and fragment, where secrets live. */
static void
url_bare(const char *url, char *out, size_t len)
{
	snprintf(out, len, "%.*s", (int)strcspn(url, "?#"), url);
}

static void
object_key(const char *url, const struct render_remote *rs, char *key)
{
	struct buf	 b;
	char		 hex[SHA256_HEX_LEN];

	buf_init(&b);
	buf_printf(&b, "cache\n%.*s\n%lld\n%s\n%lld\n", (int)strcspn(url,
	    "?#"), url, (long long)rs->size, rs->etag, (long long)rs->mtime);
	sha256_hex(b.data, b.len, hex);
	buf_free(&b);
	memcpy(key, hex, KEYLEN);
	key[KEYLEN] = '\0';
}

static void
url_pointer(const char *dir, const char *url, char *out, size_t len)
{
	char	 hex[SHA256_HEX_LEN];

	sha256_hex(url, strcspn(url, "?#"), hex);
	snprintf(out, len, "%s/U-%.*s", dir, KEYLEN, hex);
}

static int
cache_dir(char *dir, size_t len)
{
	char	 e[256];

	return path_cache_dir(dir, len, "remote", e, sizeof e);
}

/* Read a KEY.map header into rs; the offset of its chunk bytes, or -1. */
static off_t
map_header(int fd, struct render_remote *rs, char *url, size_t urllen)
{
	char		 h[8192], *p, *end, *nl;
	ssize_t		 n;
	long long	 chunk = 0;

	if ((n = pread(fd, h, sizeof h - 1, 0)) <= 0)
		return -1;
	h[n] = '\0';
	if (strncmp(h, MAGIC, strlen(MAGIC)) != 0 ||
	    (end = strstr(h, "\n\n")) == NULL)
		return -1;
	memset(rs, 0, sizeof *rs);
	for (p = h + strlen(MAGIC); p < end; p = nl + 1) {
		nl = strchr(p, '\n');
		*nl = '\0';
		if (strncmp(p, "url ", 4) == 0 && url != NULL)
			snprintf(url, urllen, "%s", p + 4);
		else if (strncmp(p, "size ", 5) == 0)
			rs->size = strtoll(p + 5, NULL, 10);
		else if (strncmp(p, "etag ", 5) == 0)
			snprintf(rs->etag, sizeof rs->etag, "%s", p + 5);
		else if (strncmp(p, "mtime ", 6) == 0)
			rs->mtime = strtoll(p + 6, NULL, 10);
		else if (strncmp(p, "chunk ", 6) == 0)
			chunk = strtoll(p + 6, NULL, 10);
	}
	if (chunk != CHUNK || rs->size <= 0)
		return -1;
	return (off_t)(end + 2 - h);
}

/*
 * The version of url last seen, from the cache, for when its server
 * cannot be reached, or without asking it while *fresh (the time until
 * which the server said it stays so; 0 when it did not) is to come.
 * 0, or -1 when nothing of it is cached.
 */
int
render_cache_recall(const char *url, struct render_remote *rs,
    int64_t *fresh)
{
	char	 dir[4096], p[4200], key[KEYLEN + 64];
	char	 bare[4096], was[4096];
	ssize_t	 n;
	int	 fd;

	*fresh = 0;
	if (cache_dir(dir, sizeof dir) != 0)
		return -1;
	url_pointer(dir, url, p, sizeof p);
	if ((fd = open(p, O_RDONLY | O_CLOEXEC)) == -1)
		return -1;
	n = read(fd, key, sizeof key - 1);
	close(fd);
	if (n < KEYLEN)
		return -1;
	key[n] = '\0';
	if (strncmp(key + KEYLEN, "\nfresh ", 7) == 0)
		*fresh = strtoll(key + KEYLEN + 7, NULL, 10);
	key[KEYLEN] = '\0';
	snprintf(p, sizeof p, "%s/%.*s.map", dir, KEYLEN, key);
	if ((fd = open(p, O_RDONLY | O_CLOEXEC)) == -1)
		return -1;
	n = map_header(fd, rs, was, sizeof was) < 0 ? -1 : 0;
	close(fd);
	url_bare(url, bare, sizeof bare);
	return n == 0 && strcmp(was, bare) == 0 ? 0 : -1;
}

/* --- keeping the total under the bound ------------------------------- */

struct victim {
	char		 key[KEYLEN + 1];
	struct timespec	 used;
	int64_t		 bytes;
};

static int
by_age(const void *a, const void *b)
{
	const struct victim	*x = a, *y = b;

	if (x->used.tv_sec != y->used.tv_sec)
		return x->used.tv_sec < y->used.tv_sec ? -1 : 1;
	if (x->used.tv_nsec != y->used.tv_nsec)
		return x->used.tv_nsec < y->used.tv_nsec ? -1 : 1;
	return strcmp(x->key, y->key);
}

/* The objects in dir, with the disk space each takes (sparse: held only). */
static struct victim *
cache_scan(const char *dir, size_t *n, int64_t *total)
{
	struct victim	*v = NULL;
	struct dirent	*de;
	struct stat	 ms, ds;
	size_t		 cap = 0;
	char		 p[4200];
	DIR		*d;

	*n = 0;
	*total = 0;
	if ((d = opendir(dir)) == NULL)
		return NULL;
	while ((de = readdir(d)) != NULL) {
		snprintf(p, sizeof p, "%s/%s", dir, de->d_name);
		if (strstr(de->d_name, ".tmp") != NULL) {
			/* a writer killed before its rename (file_write_whole
			 * takes milliseconds): left an hour, it is no one's */
			if (stat(p, &ms) == 0 &&
			    ms.st_mtime < time(NULL) - STALE_TMP)
				unlink(p);
			continue;
		}
		if (strlen(de->d_name) != KEYLEN + 4 ||
		    strcmp(de->d_name + KEYLEN, ".map") != 0)
			continue;
		if (stat(p, &ms) != 0)
			continue;
		snprintf(p, sizeof p, "%s/%.*s.data", dir, KEYLEN, de->d_name);
		if (stat(p, &ds) != 0)
			ds.st_blocks = 0;
		if (*n == cap) {
			cap = cap ? cap * 2 : 64;
			v = xreallocarray(v, cap, sizeof *v);
		}
		memcpy(v[*n].key, de->d_name, KEYLEN);
		v[*n].key[KEYLEN] = '\0';
		v[*n].used = ms.st_mtim;
		v[*n].bytes = (int64_t)ds.st_blocks * 512 + (int64_t)ms.st_size;
		*total += v[*n].bytes;
		(*n)++;
	}
	closedir(d);
	return v;
}

static void
object_unlink(const char *dir, const char *key)
{
	char	 p[4200];

	snprintf(p, sizeof p, "%s/%s.map", dir, key);
	unlink(p);	/* the map first: no map, no object */
	snprintf(p, sizeof p, "%s/%s.data", dir, key);
	unlink(p);
}

/* Remove the U- files naming an object no longer held. */
static void
pointers_sweep(const char *dir)
{
	struct dirent	*de;
	struct stat	 sb;
	char		 p[4200], key[KEYLEN + 1];
	ssize_t		 n;
	int		 fd;
	DIR		*d;

	if ((d = opendir(dir)) == NULL)
		return;
	while ((de = readdir(d)) != NULL) {
		if (strncmp(de->d_name, "U-", 2) != 0 ||
		    strlen(de->d_name) != KEYLEN + 2)
			continue;
		snprintf(p, sizeof p, "%s/%s", dir, de->d_name);
		if ((fd = open(p, O_RDONLY | O_CLOEXEC)) == -1)
			continue;
		n = read(fd, key, KEYLEN);
		close(fd);
		key[n == KEYLEN ? KEYLEN : 0] = '\0';
		snprintf(p, sizeof p, "%s/%s.map", dir, key);
		if (n != KEYLEN || stat(p, &sb) != 0) {
			snprintf(p, sizeof p, "%s/%s", dir, de->d_name);
			unlink(p);
		}
	}
	closedir(d);
}

/*
 * Remove the objects used longest ago until the cache holds at most max
 * bytes, sparing keep (the one being read). 0, or -1 when keep alone is
 * over the bound (its reader then stops adding to it).
 */
static int
cache_trim(const char *dir, int64_t max, const char *keep)
{
	struct victim	*v;
	int64_t		 total, kept = 0;
	size_t		 n, i, gone = 0;

	if ((v = cache_scan(dir, &n, &total)) == NULL)
		return 0;
	qsort(v, n, sizeof *v, by_age);
	for (i = 0; i < n && total > max; i++) {
		if (keep != NULL && strcmp(v[i].key, keep) == 0) {
			kept = v[i].bytes;
			continue;
		}
		object_unlink(dir, v[i].key);
		total -= v[i].bytes;
		gone++;
	}
	free(v);
	if (gone > 0)
		pointers_sweep(dir);
	return kept > max ? -1 : 0;
}

/* --- the object's files ---------------------------------------------- */

/* Make KEY.map for e, whole (another process may be making it): its
 * header, then a byte a chunk, none held. */
static int
map_create(const char *dir, const struct entry *e)
{
	static const char	 none[4096];
	struct buf		 b;
	char			 p[4200], err[256];
	size_t			 nch = (size_t)((e->rs.size + CHUNK - 1) / CHUNK);
	int			 rc;

	buf_init(&b);
	buf_puts(&b, MAGIC);
	buf_printf(&b, "url %s\nsize %lld\netag %s\nmtime %lld\nchunk %d\n\n",
	    e->url, (long long)e->rs.size, e->rs.etag,
	    (long long)e->rs.mtime, CHUNK);
	for (; nch > 0; nch -= nch < sizeof none ? nch : sizeof none)
		buf_add(&b, none, nch < sizeof none ? nch : sizeof none);
	snprintf(p, sizeof p, "%s/%s.map", dir, e->key);
	rc = file_write_whole(p, b.data, b.len, 0, err, sizeof err);
	buf_free(&b);
	return rc;
}

/*
 * Write "KEY" to U-HASH: the version of the URL seen last; with "fresh
 * T" when it stays so until T. A pointer already naming KEY is left as
 * it is (its freshness with it).
 */
static void
pointer_write(const char *dir, const char *url, const char *key,
    int64_t fresh)
{
	char	 p[4200], err[256], was[KEYLEN], line[KEYLEN + 64];
	int	 fd, n;

	url_pointer(dir, url, p, sizeof p);
	if (fresh == 0 && (fd = open(p, O_RDONLY | O_CLOEXEC)) != -1) {
		n = (int)read(fd, was, KEYLEN);
		close(fd);
		if (n == KEYLEN && memcmp(was, key, KEYLEN) == 0)
			return;
	}
	n = snprintf(line, sizeof line, "%s", key);
	if (fresh > 0)
		n += snprintf(line + n, sizeof line - (size_t)n,
		    "\nfresh %lld\n", (long long)fresh);
	file_write_whole(p, line, (size_t)n, 0, err, sizeof err);
}

/*
 * The server has just answered for url with the headers rs: when it
 * said how long they hold (max-age), later opens until then, in this
 * process or another, need not ask again.
 */
void
render_cache_confirmed(const char *url, const struct render_remote *rs)
{
	char	 dir[4096], key[KEYLEN + 1], e[256];
	int64_t	 max;

	if (rs->maxage <= 0 || render_cache_max(&max, e, sizeof e) != 0 ||
	    max == 0 || cache_dir(dir, sizeof dir) != 0)
		return;
	object_key(url, rs, key);
	pointer_write(dir, url, key, (int64_t)time(NULL) + rs->maxage);
}

/*
 * Open (making them if new) the object's map and data files, load which
 * chunks are held, and mark it used now. 0, or -1: not cached (reads go
 * to the server, as without a cache).
 */
static int
handle_files(struct handle *h)
{
	struct render_remote	 rs;
	char			 p[4200];
	size_t			 nch;
	off_t			 hdr;

	h->data = h->map = -1;
	if (render_cache_max(&h->max, p, sizeof p) != 0 || h->max == 0 ||
	    cache_dir(h->dir, sizeof h->dir) != 0)
		return -1;
	snprintf(p, sizeof p, "%s/%s.map", h->dir, h->e.key);
	if ((h->map = open(p, O_RDWR | O_CLOEXEC)) == -1 && (errno != ENOENT
	    || map_create(h->dir, &h->e) != 0 ||
	    (h->map = open(p, O_RDWR | O_CLOEXEC)) == -1))
		return -1;
	nch = (size_t)((h->e.rs.size + CHUNK - 1) / CHUNK);
	if ((hdr = map_header(h->map, &rs, NULL, 0)) < 0 ||
	    rs.size != h->e.rs.size)
		goto fail;
	h->maphdr = hdr;
	h->nchunks = nch;
	h->have = xcalloc(nch ? nch : 1, 1);
	if (pread(h->map, h->have, nch, hdr) != (ssize_t)nch)
		goto fail;
	snprintf(p, sizeof p, "%s/%s.data", h->dir, h->e.key);
	if ((h->data = open(p, O_RDWR | O_CREAT | O_CLOEXEC, 0644)) == -1)
		goto fail;
	futimens(h->map, NULL);	/* used now: the last to be evicted */
	pointer_write(h->dir, h->e.url, h->e.key, 0);
	return 0;
fail:
	close(h->map);
	h->map = -1;
	free(h->have);
	h->have = NULL;
	return -1;
}

/* Stop caching (a full disk, say): later reads go to the server. */
static void
handle_uncache(struct handle *h)
{
	if (h->data != -1)
		close(h->data);
	if (h->map != -1)
		close(h->map);
	h->data = h->map = -1;
}

static int
up_open(struct handle *h)
{
	if (h->up == NULL && (h->up = G(VSIFOpenL)(h->e.vsi, "rb")) == NULL)
		return -1;
	return 0;
}

/* Read len bytes at off from the server into buf: 0, or -1. */
static int
up_read(struct handle *h, uint64_t off, size_t len, void *buf)
{
	if (up_open(h) != 0 || G(VSIFSeekL)(h->up, off, SEEK_SET) != 0 ||
	    G(VSIFReadL)(buf, 1, len, h->up) != len)
		return -1;
	return 0;
}

static int
pread_full(int fd, void *buf, size_t len, uint64_t off)
{
	ssize_t	 n;
	size_t	 got = 0;

	while (got < len) {
		if ((n = pread(fd, (char *)buf + got, len - got,
		    (off_t)(off + got))) <= 0) {
			if (n < 0 && errno == EINTR)
				continue;
			return -1;
		}
		got += (size_t)n;
	}
	return 0;
}

/*
 * Keep the fetched chunks [c0, c0 + len/CHUNK) (buf holds them): data
 * first, then the map, so a chunk is never marked held before its bytes
 * are there. 0, or -1 when the disk refused (the handle stops caching).
 */
static int
chunks_store(struct handle *h, size_t c0, const void *buf, size_t len)
{
	size_t	 n = (len + CHUNK - 1) / CHUNK;

	if (pwrite(h->data, buf, len, (off_t)c0 * CHUNK) != (ssize_t)len)
		goto fail;
	memset(h->have + c0, 1, n);
	if (pwrite(h->map, h->have + c0, n, h->maphdr + (off_t)c0) !=
	    (ssize_t)n)
		goto fail;
	h->added += (int64_t)len;
	if (h->added > h->max / 16) {
		h->added = 0;
		if (cache_trim(h->dir, h->max, h->e.key) != 0) {
			handle_uncache(h);	/* over the bound alone */
			object_unlink(h->dir, h->e.key);
		}
	}
	return 0;
fail:
	handle_uncache(h);
	return -1;
}

/*
 * What other handles on the object (the loader's thread, another
 * process) stored since this one loaded the map: chunks [c0, c1) not
 * held here are looked up again, so they are not fetched twice.
 */
static void
have_refresh(struct handle *h, size_t c0, size_t c1)
{
	uint8_t	 b[512];
	size_t	 c, n, k;

	for (c = c0; c < c1 && h->map != -1; c += n) {
		n = c1 - c < sizeof b ? c1 - c : sizeof b;
		if (memchr(h->have + c, 0, n) == NULL)
			continue;
		if (pread(h->map, b, n, h->maphdr + (off_t)c) != (ssize_t)n)
			return;
		for (k = 0; k < n; k++)
			if (h->have[c + k] == 0 && b[k] == 1)
				h->have[c + k] = 1;
	}
}

/* The byte range of chunks [c0, c1). */
static void
chunk_span(const struct handle *h, size_t c0, size_t c1, uint64_t *off,
    size_t *len)
{
	uint64_t	 end = (uint64_t)c1 * CHUNK;

	if (end > (uint64_t)h->e.rs.size)
		end = (uint64_t)h->e.rs.size;
	*off = (uint64_t)c0 * CHUNK;
	*len = (size_t)(end - *off);
}

/*
 * Make sure the chunks under [off, off + len) are held, fetching each
 * run of missing ones with one read. The header's read takes FIRST_RUN
 * bytes: a cloud-optimised GeoTIFF keeps its smallest overview right
 * after the header, so the picture the screen shows first comes in the
 * same round trip. 0; -1 when the server failed; -2 when the disk did
 * (read from the server instead).
 */
static int
chunks_ensure(struct handle *h, uint64_t off, size_t len)
{
	size_t	 c = (size_t)(off / CHUNK), c1, e, n, lim;
	uint64_t start;
	char	*buf;

	c1 = (size_t)((off + len + CHUNK - 1) / CHUNK);
	if (c1 > h->nchunks)
		c1 = h->nchunks;
	have_refresh(h, c, c1);
	while (c < c1) {
		if (h->have[c]) {
			c++;
			continue;
		}
		lim = c == 0 && c1 < FIRST_RUN / CHUNK ? FIRST_RUN / CHUNK : c1;
		if (lim > h->nchunks)
			lim = h->nchunks;
		for (e = c; e < lim && !h->have[e] &&
		    (e - c) * CHUNK < FETCH_RUN; e++)
			;
		chunk_span(h, c, e, &start, &n);
		buf = xmalloc(n);
		if (up_read(h, start, n, buf) != 0) {
			free(buf);
			return -1;
		}
		if (chunks_store(h, c, buf, n) != 0) {
			free(buf);
			return -2;
		}
		free(buf);
		c = e;
	}
	return 0;
}

static int
range_read(struct handle *h, uint64_t off, size_t len, void *buf)
{
	int	 r;

	if (h->data != -1) {
		if ((r = chunks_ensure(h, off, len)) == -1)
			return -1;
		if (r == 0 && h->data != -1 &&
		    pread_full(h->data, buf, len, off) == 0)
			return 0;
		handle_uncache(h);
	}
	return up_read(h, off, len, buf);
}

/* --- GDAL's side: the plugin's callbacks ----------------------------- */

/* The registered object called name (after the prefix), copied. */
static int
reg_find(const char *name, struct entry *out)
{
	size_t	 i;
	int	 rc = -1;

	pthread_mutex_lock(&reg_lock);
	for (i = 0; i < nreg; i++)
		if (strcmp(reg[i].name + strlen(CACHE_PREFIX), name) == 0) {
			*out = reg[i];
			out->name = xstrdup(reg[i].name);
			out->vsi = xstrdup(reg[i].vsi);
			out->url = xstrdup(reg[i].url);
			rc = 0;
			break;
		}
	pthread_mutex_unlock(&reg_lock);
	return rc;
}

static void
entry_free(struct entry *e)
{
	free(e->name);
	free(e->vsi);
	free(e->url);
}

static int
cb_stat(void *ud, const char *name, VSIStatBufL *sb, int flags)
{
	struct entry	 e;

	(void)ud;
	(void)flags;
	if (reg_find(name, &e) != 0)
		return -1;	/* a sidecar: remote images are single files */
	memset(sb, 0, sizeof *sb);
	sb->st_size = (vsi_l_offset)e.rs.size;
	sb->st_mode = S_IFREG | 0444;
	sb->st_mtime = (time_t)e.rs.mtime;
	entry_free(&e);
	return 0;
}

static char **
cb_siblings(void *ud, const char *name)
{
	struct entry	 e;

	(void)ud;
	if (reg_find(name, &e) != 0)
		return NULL;
	entry_free(&e);
	/* none: GDAL must not probe the server for .ovr, .aux.xml, .msk */
	return calloc(1, sizeof(char *));
}

static void *
cb_open(void *ud, const char *name, const char *access)
{
	struct handle	*h;

	(void)ud;
	if (strchr(access, 'w') != NULL || strchr(access, 'a') != NULL ||
	    strchr(access, '+') != NULL) {
		errno = EACCES;
		return NULL;
	}
	h = xcalloc(1, sizeof *h);
	if (reg_find(name, &h->e) != 0) {
		free(h);
		errno = ENOENT;
		return NULL;
	}
	handle_files(h);
	return h;
}

static vsi_l_offset
cb_tell(void *f)
{
	return ((struct handle *)f)->pos;
}

static int
cb_seek(void *f, vsi_l_offset off, int whence)
{
	struct handle	*h = f;

	switch (whence) {
	case SEEK_SET: h->pos = off; break;
	case SEEK_CUR: h->pos += off; break;
	case SEEK_END: h->pos = (uint64_t)h->e.rs.size + off; break;
	default: return -1;
	}
	h->eof = 0;
	return 0;
}

static size_t
cb_read(void *f, void *buf, size_t size, size_t count)
{
	struct handle	*h = f;
	size_t		 want, n;
	uint64_t	 sz = (uint64_t)h->e.rs.size;

	if (size == 0 || count == 0 || size_mul(size, count, &want) != 0)
		return 0;
	if (h->pos >= sz) {
		h->eof = 1;
		return 0;
	}
	n = want;
	if (n > sz - h->pos) {
		n = (size_t)(sz - h->pos);
		h->eof = 1;
	}
	if (range_read(h, h->pos, n, buf) != 0)
		return 0;
	h->pos += n;
	return n / size;
}

/*
 * Several ranges at once (GDAL asks for all the blocks of a view so):
 * the chunks missing under all of them are fetched with one
 * VSIFReadMultiRangeL, which /vsicurl/ sends in parallel.
 */
static int
cb_multi(void *f, int nr, void **data, const vsi_l_offset *off,
    const size_t *len)
{
	struct handle	*h = f;
	void		**bufs = NULL;
	vsi_l_offset	*roff = NULL;
	size_t		*rlen = NULL, *rc0 = NULL, c, e, c1, nruns = 0, cap;
	uint64_t	 start;
	int		 i, rc = 0;

	if (h->data == -1)
		return up_open(h) != 0 ? -1 :
		    G(VSIFReadMultiRangeL)(nr, data, off, len, h->up);
	cap = 16;
	bufs = xreallocarray(NULL, cap, sizeof *bufs);
	roff = xreallocarray(NULL, cap, sizeof *roff);
	rlen = xreallocarray(NULL, cap, sizeof *rlen);
	rc0 = xreallocarray(NULL, cap, sizeof *rc0);
	for (i = 0; i < nr; i++) {
		if (len[i] == 0 || off[i] >= (uint64_t)h->e.rs.size)
			continue;
		c = (size_t)(off[i] / CHUNK);
		c1 = (size_t)((off[i] + len[i] + CHUNK - 1) / CHUNK);
		if (c1 > h->nchunks)
			c1 = h->nchunks;
		have_refresh(h, c, c1);
		while (c < c1) {
			if (h->have[c]) {
				c++;
				continue;
			}
			for (e = c; e < c1 && !h->have[e]; e++)
				h->have[e] = 2;	/* asked for, below */
			if (nruns == cap) {
				cap *= 2;
				bufs = xreallocarray(bufs, cap, sizeof *bufs);
				roff = xreallocarray(roff, cap, sizeof *roff);
				rlen = xreallocarray(rlen, cap, sizeof *rlen);
				rc0 = xreallocarray(rc0, cap, sizeof *rc0);
			}
			chunk_span(h, c, e, &start, &rlen[nruns]);
			roff[nruns] = start;
			rc0[nruns] = c;
			bufs[nruns] = xmalloc(rlen[nruns]);
			nruns++;
			c = e;
		}
	}
	if (nruns > 0 && (up_open(h) != 0 || G(VSIFReadMultiRangeL)(
	    (int)nruns, bufs, roff, rlen, h->up) != 0))
		rc = -1;
	for (c = 0; c < nruns; c++) {
		memset(h->have + rc0[c], 0, (rlen[c] + CHUNK - 1) / CHUNK);
		if (rc == 0 && h->data != -1)
			chunks_store(h, rc0[c], bufs[c], rlen[c]);
		free(bufs[c]);
	}
	free(bufs);
	free(roff);
	free(rlen);
	free(rc0);
	for (i = 0; rc == 0 && i < nr; i++)
		if (len[i] > 0 && range_read(h, off[i], len[i], data[i]) != 0)
			rc = -1;
	return rc;
}

static int
cb_eof(void *f)
{
	return ((struct handle *)f)->eof;
}

static int
cb_close(void *f)
{
	struct handle	*h = f;

	if (h->up != NULL)
		G(VSIFCloseL)(h->up);
	if (h->data != -1 && h->added > 0 &&
	    cache_trim(h->dir, h->max, h->e.key) != 0)
		object_unlink(h->dir, h->e.key);	/* over the bound alone */
	handle_uncache(h);
	free(h->have);
	entry_free(&h->e);
	free(h);
	return 0;
}

static void
install(void)
{
	VSIFilesystemPluginCallbacksStruct	*cb;

	if ((cb = G(VSIAllocFilesystemPluginCallbacksStruct)()) == NULL)
		return;
	cb->stat = cb_stat;
	cb->open = cb_open;
	cb->tell = cb_tell;
	cb->seek = cb_seek;
	cb->read = cb_read;
	cb->read_multi_range = cb_multi;
	cb->eof = cb_eof;
	cb->close = cb_close;
	cb->sibling_files = cb_siblings;
	G(VSIInstallPluginHandler)(CACHE_PREFIX, cb);	/* copies *cb */
	G(VSIFreeFilesystemPluginCallbacksStruct)(cb);
}

/*
 * The name GDAL opens the remote object by, through the cache, into out:
 * the object (url, its /vsi name vsi, its headers rs) is registered for
 * this process. 1 when out was set; 0 when the cache is off
 * (QUAYMARK_CACHE_MAX=0) and vsi is to be opened as it is; -1 with the
 * reason.
 */
int
render_cache_name(const char *url, const char *vsi,
    const struct render_remote *rs, char *out, size_t len, char *err,
    size_t errlen)
{
	struct entry	 e;
	int64_t		 max;
	char		 bare[4096];
	const char	*base;
	size_t		 i;

	if (render_cache_max(&max, err, errlen) != 0)
		return -1;
	if (max == 0 || rs->size <= 0)
		return 0;
	pthread_once(&installed, install);
	url_bare(url, bare, sizeof bare);
	base = path_base(bare);
	memset(&e, 0, sizeof e);
	object_key(url, rs, e.key);
	if (xsnprintf(out, len, "%s%s/%s", CACHE_PREFIX, e.key,
	    *base ? base : "object") != 0)
		return errf(err, errlen, "URL too long");
	pthread_mutex_lock(&reg_lock);
	for (i = 0; i < nreg; i++)
		if (strcmp(reg[i].name, out) == 0)
			break;
	if (i < nreg && strcmp(reg[i].vsi, vsi) != 0) {
		free(reg[i].vsi);	/* a re-signed link: the newest */
		reg[i].vsi = xstrdup(vsi);
	} else if (i == nreg) {
		e.name = xstrdup(out);
		e.vsi = xstrdup(vsi);
		e.url = xstrdup(bare);
		e.rs = *rs;
		reg = xreallocarray(reg, nreg + 1, sizeof *reg);
		reg[nreg++] = e;
	}
	pthread_mutex_unlock(&reg_lock);
	return 1;
}
