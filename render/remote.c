/*
 * remote.c: images at URLs (https://, s3://, gs://, az://), read through
 * GDAL's virtual file systems (/vsicurl/, /vsis3/, /vsigs/, /vsiaz/), so
 * one HTTP stack serves pixels, listings and STAC documents. The catalog
 * keeps the URL; the /vsi name is made here, on every open. Credentials
 * are GDAL's business: it reads AWS_*, GOOGLE_*, AZURE_* from the
 * environment and ~/.aws itself, and quaymark neither stores nor prints
 * them. Every message leaving this file shows the URL through
 * url_redact(), so a pre-signed signature never reaches a terminal or log.
 */
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

#include "gdal-api.h"
#include "render.h"
#include "../util/util.h"

#define FETCH_MAX	(64u * 1024 * 1024)	/* a STAC document, at most */

/* URL scheme to GDAL virtual file system. */
static const struct {
	const char	*scheme;
	const char	*vsi;
	int		 keep;	/* keep the scheme in the /vsi name */
} vsis[] = {
	{ "https://", "/vsicurl/", 1 },
	{ "http://", "/vsicurl/", 1 },
	{ "s3://", "/vsis3/", 0 },
	{ "gs://", "/vsigs/", 0 },
	{ "az://", "/vsiaz/", 0 },
};

/*
 * GDAL's defaults are for one-off reads. Only what the user has not set
 * in the environment is changed: a site may tune all of these.
 */
static void
remote_defaults(void)
{
	static const char *const opts[][2] = {
		/* no probing for sidecars: ~30 requests per open */
		{ "GDAL_DISABLE_READDIR_ON_OPEN", "EMPTY_DIR" },
		/* 429 and 5xx are retried, with growing delays */
		{ "GDAL_HTTP_MAX_RETRY", "3" },
		{ "GDAL_HTTP_RETRY_DELAY", "0.5" },
		{ "GDAL_HTTP_CONNECTTIMEOUT", "10" },
		{ "GDAL_HTTP_TIMEOUT", "60" },
		/* fetched ranges kept in memory across opens */
		{ "CPL_VSIL_CURL_CACHE_SIZE", "268435456" },
		{ "GDAL_HTTP_MERGE_CONSECUTIVE_RANGES", "YES" },
	};
	static int	 done;
	size_t		 i;

	if (done)
		return;
	done = 1;
	for (i = 0; i < QM_NELEM(opts); i++)
		if (getenv(opts[i][0]) == NULL)
			G(CPLSetConfigOption)(opts[i][0], opts[i][1]);
}

/*
 * The /vsi name of url into out. 0, or -1 with the reason when url is
 * not one quaymark reads.
 */
int
render_remote_vsi(const char *url, char *out, size_t len, char *err,
    size_t errlen)
{
	const char	*rest;
	size_t		 i, n;

	for (i = 0; i < QM_NELEM(vsis); i++) {
		n = strlen(vsis[i].scheme);
		if (strncasecmp(url, vsis[i].scheme, n) != 0)
			continue;
		rest = vsis[i].keep ? url : url + n;
		if (xsnprintf(out, len, "%s%s", vsis[i].vsi, rest) != 0)
			return errf(err, errlen, "URL too long");
		remote_defaults();
		return 0;
	}
	return errf(err, errlen, "not a URL quaymark reads (https://, "
	    "http://, s3://, gs://, az://)");
}

static int	 no_answer(const char *);

/* GDAL's "HTTP response code: 404" in words, with the status. */
static void
http_reason(const char *msg, char *out, size_t len)
{
	static const struct {
		int		 code;
		const char	*what;
	} codes[] = {
		{ 400, "bad request" },
		{ 401, "not authorised: check the credentials" },
		{ 403, "forbidden: check the credentials or the link's expiry" },
		{ 404, "not found" },
		{ 416, "range not satisfiable: the object is shorter than "
		    "expected (truncated?)" },
		{ 429, "too many requests, still refused after retries" },
		{ 500, "server error, still failing after retries" },
		{ 502, "bad gateway, still failing after retries" },
		{ 503, "service unavailable, still failing after retries" },
		{ 504, "gateway timeout, still failing after retries" },
	};
	const char	*p;
	char		*red;
	size_t		 i;
	int		 code;

	if ((p = strstr(msg, "HTTP response code: ")) != NULL) {
		code = atoi(p + 20);
		for (i = 0; i < QM_NELEM(codes); i++)
			if (codes[i].code == code) {
				snprintf(out, len, "HTTP %d (%s)", code,
				    codes[i].what);
				return;
			}
		snprintf(out, len, "HTTP %d", code);
		return;
	}
	if (strncmp(msg, "CURL error: ", 12) == 0)
		msg += 12;
	red = url_redacted(msg);
	/* curl names TLS failures by their library ("SSL ...") */
	snprintf(out, len, "%s%s", strstr(red, "SSL") != NULL ||
	    strstr(red, "certificate") != NULL ? "TLS: " : "", red);
	free(red);
}

/* Why the last VSI call failed: VSI keeps its own errors, apart from
 * CPL's. */
static const char *
vsi_error(void)
{
	const char	*m = G(VSIGetLastErrorMsg)();

	if (m != NULL && *m != '\0')
		return m;
	return gdal_error_count() ? gdal_last_error() : "cannot reach it "
	    "(no answer)";
}

/*
 * err becomes "URL: reason" with the URL redacted, from a message that
 * may name the /vsi path (or start with it, as render_open's do).
 */
static int
remote_err(const char *url, const char *vsi, const char *msg, char *err,
    size_t errlen)
{
	char	 reason[512], *shown;
	size_t	 n = strlen(vsi);

	if (strncmp(msg, vsi, n) == 0 && msg[n] == ':')
		msg += n + 1 + (msg[n + 1] == ' ');
	http_reason(msg, reason, sizeof reason);
	shown = url_redacted(url);
	errf(err, errlen, "%s: %s", shown, reason);
	free(shown);
	return -1;
}

/*
 * How long the server says its answer holds, from Cache-Control
 * ("public, max-age=3600"): seconds, or 0 (none said, or no-cache).
 */
static int64_t
max_age(const char *cc)
{
	const char	*p;
	long long	 v;

	if (cc == NULL || strcasestr(cc, "no-cache") != NULL ||
	    strcasestr(cc, "no-store") != NULL ||
	    (p = strcasestr(cc, "max-age=")) == NULL)
		return 0;
	v = strtoll(p + 8, NULL, 10);
	return v > 0 ? (int64_t)v : 0;
}

/*
 * What a remote object is, from one HEAD (or S3 listing) request: its
 * size, modification time and ETag. 0, or -1 with "URL: reason".
 */
int
render_remote_stat(const char *url, struct render_remote *rs, char *err,
    size_t errlen)
{
	VSIStatBufL	 sb;
	char		 vsi[4096], why[1024], **h;
	const char	*etag, *m;

	memset(rs, 0, sizeof *rs);
	if (render_init(err, errlen) != 0 ||
	    render_remote_vsi(url, vsi, sizeof vsi, err, errlen) != 0)
		return -1;
	gdal_error_context(vsi);
	G(VSIErrorReset)();
	/* The headers first: their HEAD also fills GDAL's stat cache, so
	 * the stats below ask the server nothing (asked the other way
	 * round, GDAL sends a HEAD for each). A folder or prefix has no
	 * headers; the stats find it by listing. */
	why[0] = '\0';
	if ((h = G(VSIGetFileMetadata)(vsi, "HEADERS", NULL)) == NULL) {
		m = G(VSIGetLastErrorMsg)();
		if (m == NULL || *m == '\0')
			m = gdal_error_count() ? gdal_last_error() : "";
		snprintf(why, sizeof why, "%s", m);
	}
	/* GDAL 3.6 sets the error (the HTTP status) only when nothing but
	 * existence is asked; the second call is answered from its cache */
	if (G(VSIStatExL)(vsi, &sb, VSI_STAT_EXISTS_FLAG |
	    VSI_STAT_SET_ERROR_FLAG) != 0 || G(VSIStatExL)(vsi, &sb,
	    VSI_STAT_NATURE_FLAG | VSI_STAT_SIZE_FLAG) != 0) {
		G(CSLDestroy)(h);
		return remote_err(url, vsi, why[0] != '\0' ? why :
		    vsi_error(), err, errlen);
	}
	rs->is_dir = VSI_ISDIR(sb.st_mode);
	rs->size = (int64_t)sb.st_size;
	rs->mtime = (int64_t)sb.st_mtime;
	if (rs->is_dir) {
		G(CSLDestroy)(h);
		return 0;
	}
	if (h == NULL) {
		/* GDAL answers the stat from its memory for the whole
		 * process; the headers come from the server. With the
		 * network gone since, this is where it shows: without the
		 * ETag the object would seem to have changed. */
		if (no_answer(why))
			return remote_err(url, vsi, why, err, errlen);
		return 0;
	}
	if ((etag = G(CSLFetchNameValue)(h, "ETag")) != NULL ||
	    (etag = G(CSLFetchNameValue)(h, "etag")) != NULL)
		snprintf(rs->etag, sizeof rs->etag, "%s", etag);
	rs->maxage = max_age(G(CSLFetchNameValue)(h, "Cache-Control"));
	G(CSLDestroy)(h);
	return 0;
}

/*
 * The fingerprint of a remote object, instead of reading all its bytes:
 * its URL without the query (a re-signed link is the same object), size,
 * ETag and modification time. A rewritten object changes ETag or size.
 */
void
render_remote_fingerprint(const char *url, const struct render_remote *rs,
    char *hex)
{
	struct buf	 b;

	buf_init(&b);
	buf_printf(&b, "remote\n%.*s\n%lld\n%s\n%lld\n",
	    (int)strcspn(url, "?#"), url, (long long)rs->size, rs->etag,
	    (long long)rs->mtime);
	sha256_hex(b.data, b.len, hex);
	buf_free(&b);
}

/* Does a listing's entry name a folder (or an S3 "directory" marker)? */
static int
entry_is_dir(const char *vsi, const char *entry)
{
	VSIStatBufL	 sb;
	char		 p[4096];
	size_t		 n = strlen(entry);

	if (n > 0 && entry[n - 1] == '/')
		return 1;
	if (xsnprintf(p, sizeof p, "%s%s%s", vsi, vsi[strlen(vsi) - 1] == '/'
	    ? "" : "/", entry) != 0)
		return 1;
	return G(VSIStatExL)(p, &sb, VSI_STAT_NATURE_FLAG) == 0 &&
	    VSI_ISDIR(sb.st_mode);
}

/*
 * Every object under the folder or prefix url (s3://bucket/prefix/), as
 * full URLs in name order in *out (the caller frees each and the array).
 * Listing costs one request per 1,000 objects on object stores. 0, or -1
 * with "URL: reason".
 */
int
render_remote_list(const char *url, char ***out, size_t *n, char *err,
    size_t errlen)
{
	struct buf	 b;
	char		 vsi[4096], **list;
	int		 i, count;
	size_t		 ulen = strlen(url);

	*out = NULL;
	*n = 0;
	if (render_init(err, errlen) != 0 ||
	    render_remote_vsi(url, vsi, sizeof vsi, err, errlen) != 0)
		return -1;
	gdal_error_context(vsi);
	if ((list = G(VSIReadDirRecursive)(vsi)) == NULL) {
		if (gdal_error_count() > 0)
			return remote_err(url, vsi, gdal_last_error(), err,
			    errlen);
		return 0;
	}
	count = G(CSLCount)(list);
	*out = xcalloc((size_t)count + 1, sizeof **out);
	for (i = 0; i < count; i++) {
		if (entry_is_dir(vsi, list[i]))
			continue;
		buf_init(&b);
		buf_add(&b, url, ulen);
		if (ulen > 0 && url[ulen - 1] != '/')
			buf_putc(&b, '/');
		buf_puts(&b, list[i]);
		(*out)[(*n)++] = buf_steal(&b);
	}
	G(CSLDestroy)(list);
	return 0;
}

/*
 * The whole of a small document (a STAC item or catalog) at a URL or
 * local path into *data (NUL-terminated; the caller frees it). 0, or -1
 * with "where: reason".
 */
int
render_remote_fetch(const char *where, char **data, size_t *len, char *err,
    size_t errlen)
{
	VSILFILE	*fp;
	VSIStatBufL	 sb;
	struct buf	 b;
	char		 vsi[4096], chunk[65536];
	size_t		 got;

	*data = NULL;
	*len = 0;
	if (!url_is_remote(where))
		return file_read_all(where, FETCH_MAX, data, len, err, errlen);
	if (render_init(err, errlen) != 0 ||
	    render_remote_vsi(where, vsi, sizeof vsi, err, errlen) != 0)
		return -1;
	gdal_error_context(vsi);
	G(VSIErrorReset)();
	if (G(VSIStatExL)(vsi, &sb, VSI_STAT_EXISTS_FLAG |
	    VSI_STAT_SET_ERROR_FLAG) != 0 ||
	    (fp = G(VSIFOpenL)(vsi, "rb")) == NULL)
		return remote_err(where, vsi, vsi_error(), err, errlen);
	buf_init(&b);
	while ((got = G(VSIFReadL)(chunk, 1, sizeof chunk, fp)) > 0) {
		if (b.len + got > FETCH_MAX) {
			G(VSIFCloseL)(fp);
			buf_free(&b);
			return remote_err(where, vsi, "larger than 64 MiB: not "
			    "a STAC document", err, errlen);
		}
		buf_add(&b, chunk, got);
	}
	G(VSIFCloseL)(fp);
	if (gdal_error_count() > 0) {
		buf_free(&b);
		return remote_err(where, vsi, gdal_last_error(), err, errlen);
	}
	*len = b.len;
	buf_putc(&b, '\0');
	*data = buf_steal(&b);
	return 0;
}

/*
 * Copy the remote object at url to the local file `to` (created, or
 * replaced), in 1 MiB reads. 0, or -1 with the reason, URL redacted.
 */
int
render_remote_copy(const char *url, const char *to, char *err,
    size_t errlen)
{
	VSILFILE	*in;
	FILE		*out;
	char		 vsi[4096], *chunk;
	size_t		 got;
	int		 rc = 0;

	if (render_init(err, errlen) != 0 ||
	    render_remote_vsi(url, vsi, sizeof vsi, err, errlen) != 0)
		return -1;
	gdal_error_context(vsi);
	G(VSIErrorReset)();
	if ((in = G(VSIFOpenL)(vsi, "rb")) == NULL)
		return remote_err(url, vsi, vsi_error(), err, errlen);
	if ((out = fopen(to, "wb")) == NULL) {
		G(VSIFCloseL)(in);
		return errf(err, errlen, "%s: %s", to, strerror(errno));
	}
	chunk = xmalloc(1u << 20);
	while ((got = G(VSIFReadL)(chunk, 1, 1u << 20, in)) > 0)
		if (fwrite(chunk, 1, got, out) != got) {
			rc = errf(err, errlen, "%s: %s", to, strerror(errno));
			break;
		}
	free(chunk);
	G(VSIFCloseL)(in);
	if (rc == 0 && gdal_error_count() > 0)
		rc = remote_err(url, vsi, gdal_last_error(), err, errlen);
	if (fclose(out) != 0 && rc == 0)
		rc = errf(err, errlen, "%s: %s", to, strerror(errno));
	if (rc != 0)
		unlink(to);
	return rc;
}

/*
 * Did a request fail without any answer from the server (the network
 * gone, the host down or unknown, a timeout)? Then what was cached of
 * the object may stand in for it. An HTTP status is an answer (the
 * object is gone, or forbidden), and so is a TLS failure, which may be
 * someone else answering: neither falls back to the cache.
 */
static int
no_answer(const char *msg)
{
	static const char *const words[] = { "Couldn't connect",
	    "Could not connect", "Connection refused", "Could not resolve",
	    "Couldn't resolve", "timed out", "Timeout", "unreachable",
	    "No route", "cannot reach it", "Empty reply",
	    "Recv failure", "Send failure" };
	size_t	 i;

	if (strstr(msg, "HTTP response code") != NULL || strstr(msg, "SSL")
	    != NULL || strstr(msg, "certificate") != NULL)
		return 0;
	for (i = 0; i < QM_NELEM(words); i++)
		if (strstr(msg, words[i]) != NULL)
			return 1;
	return 0;
}

/*
 * What was learnt of an object's headers lately, so that opening an
 * image the loader has just read (imagery/loader.c), or stepping back to
 * it, asks the server nothing: GDAL itself keeps a stat for the whole
 * process, but not the ETag.
 */
#define LOOK_FRESH	30	/* seconds */
#define LOOKS		64
static struct look {
	char			*url;
	struct render_remote	 rs;
	int			 offline;
	time_t			 when;
} looks[LOOKS];
static size_t		 look_next;
static pthread_mutex_t	 look_lock = PTHREAD_MUTEX_INITIALIZER;

static int
look_recall(const char *url, struct render_remote *rs, int *offline)
{
	size_t	 i;
	time_t	 now = time(NULL);
	int	 rc = -1;

	pthread_mutex_lock(&look_lock);
	for (i = 0; i < LOOKS; i++)
		if (looks[i].url != NULL && strcmp(looks[i].url, url) == 0 &&
		    now - looks[i].when < LOOK_FRESH && now >= looks[i].when) {
			*rs = looks[i].rs;
			*offline = looks[i].offline;
			rc = 0;
			break;
		}
	pthread_mutex_unlock(&look_lock);
	return rc;
}

static void
look_keep(const char *url, const struct render_remote *rs, int offline)
{
	struct look	*l;
	size_t		 i;

	pthread_mutex_lock(&look_lock);
	/* the newest word on url replaces the older one, which would
	 * otherwise be found first (a version found changed, say) */
	for (i = 0; i < LOOKS; i++)
		if (looks[i].url != NULL && strcmp(looks[i].url, url) == 0)
			break;
	l = i < LOOKS ? &looks[i] : &looks[look_next++ % LOOKS];
	free(l->url);
	l->url = xstrdup(url);
	l->rs = *rs;
	l->offline = offline;
	l->when = time(NULL);
	pthread_mutex_unlock(&look_lock);
}

static void
look_forget(const char *url)
{
	size_t	 i;

	pthread_mutex_lock(&look_lock);
	for (i = 0; i < LOOKS; i++)
		if (looks[i].url != NULL && strcmp(looks[i].url, url) == 0) {
			free(looks[i].url);
			looks[i].url = NULL;
		}
	pthread_mutex_unlock(&look_lock);
}

/*
 * url's headers without asking: 0 when they can be trusted (seen lately,
 * or cached with the server's max-age still holding); 1 when they are
 * only the version last cached, unconfirmed; -1 when nothing is known.
 */
static int
look_known(const char *url, struct render_remote *rs, int *offline)
{
	int64_t	 fresh;

	if (look_recall(url, rs, offline) == 0)
		return 0;
	if (render_cache_recall(url, rs, &fresh) != 0)
		return -1;
	if (fresh > (int64_t)time(NULL)) {
		look_keep(url, rs, 0);	/* the server said it holds */
		return 0;
	}
	return 1;
}

/* Ask the server for url's headers (render_remote_stat) and keep its
 * answer: for later opens, and on disk when it said how long it holds. */
static int
look_ask(const char *url, struct render_remote *rs, char *err, size_t errlen)
{
	if (render_remote_stat(url, rs, err, errlen) != 0)
		return -1;
	render_cache_confirmed(url, rs);
	look_keep(url, rs, 0);
	return 0;
}

/*
 * What the object at url is now, to open it: its headers from the
 * server (or as seen in the last LOOK_FRESH seconds); or, when the
 * server gives no answer at all, the version last cached (*offline
 * set). 0, or -1 with "URL: reason" (saying that nothing of it is
 * cached, when that is why).
 */
int
render_remote_look(const char *url, struct render_remote *rs, int *offline,
    char *err, size_t errlen)
{
	struct render_remote	 cached;
	char			 e[1024], *shown;
	const char		*reason;
	size_t			 n;
	int			 known;

	*offline = 0;
	if ((known = look_known(url, &cached, offline)) == 0) {
		*rs = cached;
		return 0;
	}
	if (look_ask(url, rs, e, sizeof e) == 0)
		return 0;
	if (!no_answer(e))
		return errf(err, errlen, "%s", e);
	if (known == 1) {	/* the version last cached */
		*rs = cached;
		*offline = 1;
		look_keep(url, rs, 1);
		return 0;
	}
	shown = url_redacted(url);
	n = strlen(shown);
	reason = strncmp(e, shown, n) == 0 && e[n] == ':' ? e + n + 2 : e;
	errf(err, errlen, "%s: nothing of it is cached, and the server does "
	    "not answer (%s)", shown, reason);
	free(shown);
	return -1;
}

/*
 * Stale-while-revalidate, for browsing: the version of url to show at
 * once, without waiting on the server. 0 when it was seen lately (no
 * need to ask again); 1 when it comes from the disk cache unconfirmed:
 * it is what render_remote_look answers from now on, until the caller
 * asks the server (render_remote_revalidate), off the drawing path. -1
 * when nothing usable is cached: nothing, or a version other than the
 * one catalogued (want, a fingerprint; NULL or "" for any), which only
 * the server can settle.
 */
int
render_remote_look_cached(const char *url, const char *want,
    struct render_remote *rs)
{
	char	 hash[SHA256_HEX_LEN];
	int	 offline, known;

	if ((known = look_known(url, rs, &offline)) != 1)
		return known;
	render_remote_fingerprint(url, rs, hash);
	if (want != NULL && *want != '\0' && strcmp(hash, want) != 0)
		return -1;
	look_keep(url, rs, 0);
	return 1;
}

/*
 * Ask the server for url's headers now, whatever was seen lately, and
 * say whether they still are was (size, ETag, time): 0 with *changed;
 * with no answer (the network gone) was stands, unchanged. -1 with the
 * reason when the server answered with a failure (the object gone or
 * forbidden): what is cached no longer stands for it.
 */
int
render_remote_revalidate(const char *url, const struct render_remote *was,
    int *changed, char *err, size_t errlen)
{
	struct render_remote	 now;
	char			 e[1024], vsi[4096];

	*changed = 0;
	/* GDAL keeps the size and time it saw for the whole process */
	if (render_remote_vsi(url, vsi, sizeof vsi, e, sizeof e) == 0)
		G(VSICurlPartialClearCache)(vsi);
	if (look_ask(url, &now, e, sizeof e) != 0) {
		if (no_answer(e))
			return 0;
		look_forget(url);
		return errf(err, errlen, "%s", e);
	}
	*changed = now.size != was->size || now.mtime != was->mtime ||
	    strcmp(now.etag, was->etag) != 0;
	return 0;
}

/*
 * render_open() for a URL: the same checks, messages naming the URL.
 * Reads go through the on-disk cache (cache.c) unless it is turned off.
 */
struct raster *
render_remote_open(const char *url, char *err, size_t errlen)
{
	struct render_remote	 rs;
	struct raster		*r;
	char			 vsi[4096], name[4200], e[1024];
	const char		*open;
	int			 offline, c;

	if (render_init(err, errlen) != 0 ||
	    render_remote_vsi(url, vsi, sizeof vsi, err, errlen) != 0 ||
	    render_remote_look(url, &rs, &offline, err, errlen) != 0)
		return NULL;
	if (rs.is_dir) {
		remote_err(url, "", "a folder or prefix, not an image", err,
		    errlen);
		return NULL;
	}
	if ((c = render_cache_name(url, vsi, &rs, name, sizeof name, e,
	    sizeof e)) < 0) {
		errf(err, errlen, "%s", e);
		return NULL;
	}
	open = c == 1 ? name : vsi;
	if ((r = render_open(open, e, sizeof e)) == NULL)
		remote_err(url, open, e, err, errlen);
	return r;
}

/*
 * render_probe() for a URL: headers and two tiny reads (the first and
 * last blocks), never the whole object; rs gets its size, time and ETag.
 */
int
render_remote_probe(const char *url, struct render_info *ri,
    struct render_remote *rs, char *err, size_t errlen)
{
	char	 vsi[4096], e[1024];

	memset(ri, 0, sizeof *ri);
	if (render_remote_stat(url, rs, err, errlen) != 0)
		return -1;
	if (rs->is_dir)
		return remote_err(url, "", "a folder or prefix, not an image "
		    "(end it with / to ingest what is under it)", err, errlen);
	if (rs->size == 0)
		return remote_err(url, "", "empty object", err, errlen);
	if (render_remote_vsi(url, vsi, sizeof vsi, err, errlen) != 0)
		return -1;
	if (render_probe(vsi, rs->size, ri, e, sizeof e) != 0)
		return remote_err(url, vsi, e, err, errlen);
	return 0;
}
