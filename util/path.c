/*
 * path.c: file names, folders, and whole-file reads and writes. The cache
 * and config folders follow the XDG base directory rules.
 */
#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "util.h"

const char *
path_base(const char *path)
{
	const char	*slash;

	slash = strrchr(path, '/');
	return slash == NULL ? path : slash + 1;
}

/* mkdir -p; 0 or -1 with a reason. */
int
path_mkdirs(const char *path, char *err, size_t errlen)
{
	char	 tmp[PATH_MAX], *p;

	if (xsnprintf(tmp, sizeof tmp, "%s", path) != 0)
		return errf(err, errlen, "%s: path too long", path);
	for (p = tmp + 1; *p != '\0'; p++) {
		if (*p != '/')
			continue;
		*p = '\0';
		if (mkdir(tmp, 0777) != 0 && errno != EEXIST)
			return errf(err, errlen, "%s: %s", tmp, strerror(errno));
		*p = '/';
	}
	if (mkdir(tmp, 0777) != 0 && errno != EEXIST)
		return errf(err, errlen, "%s: %s", tmp, strerror(errno));
	return 0;
}

static const char *
home_dir(void)
{
	const char	*home;
	struct passwd	*pw;

	if ((home = getenv("HOME")) != NULL && *home != '\0')
		return home;
	if ((pw = getpwuid(getuid())) != NULL)
		return pw->pw_dir;
	return "/tmp";
}

/*
 * The cache folder ($QUAYMARK_CACHE, else $XDG_CACHE_HOME/quaymark, else
 * ~/.cache/quaymark), with sub appended when not NULL; created if missing.
 */
int
path_cache_dir(char *out, size_t len, const char *sub, char *err,
    size_t errlen)
{
	const char	*env;
	int		 r;

	if ((env = getenv("QUAYMARK_CACHE")) != NULL && *env != '\0')
		r = xsnprintf(out, len, "%s%s%s", env, sub ? "/" : "",
		    sub ? sub : "");
	else if ((env = getenv("XDG_CACHE_HOME")) != NULL && *env == '/')
		r = xsnprintf(out, len, "%s/quaymark%s%s", env, sub ? "/" : "",
		    sub ? sub : "");
	else
		r = xsnprintf(out, len, "%s/.cache/quaymark%s%s", home_dir(),
		    sub ? "/" : "", sub ? sub : "");
	if (r != 0)
		return errf(err, errlen, "cache folder path too long");
	return path_mkdirs(out, err, errlen);
}

/* $XDG_CONFIG_HOME/quaymark, else ~/.config/quaymark (not created). */
int
path_config_dir(char *out, size_t len, char *err, size_t errlen)
{
	const char	*env;
	int		 r;

	if ((env = getenv("XDG_CONFIG_HOME")) != NULL && *env == '/')
		r = xsnprintf(out, len, "%s/quaymark", env);
	else
		r = xsnprintf(out, len, "%s/.config/quaymark", home_dir());
	if (r != 0)
		return errf(err, errlen, "config folder path too long");
	return 0;
}

/*
 * Read a whole file of at most max bytes into *data (caller frees; always
 * NUL-terminated). Returns 0 or -1 with "path: reason".
 */
int
file_read_all(const char *path, size_t max, char **data, size_t *len,
    char *err, size_t errlen)
{
	struct stat	 st;
	char		*p;
	size_t		 got = 0;
	ssize_t		 n;
	int		 fd;

	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) == -1)
		return errf(err, errlen, "%s: %s", path, strerror(errno));
	if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
		close(fd);
		return errf(err, errlen, "%s: not a regular file", path);
	}
	if ((uintmax_t)st.st_size > max) {
		close(fd);
		return errf(err, errlen, "%s: too large (%jd bytes, limit %zu)",
		    path, (intmax_t)st.st_size, max);
	}
	if ((p = malloc((size_t)st.st_size + 1)) == NULL) {
		close(fd);
		return errf(err, errlen, "%s: out of memory", path);
	}
	while (got < (size_t)st.st_size) {
		n = read(fd, p + got, (size_t)st.st_size - got);
		if (n == -1 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		got += (size_t)n;
	}
	close(fd);
	if (got != (size_t)st.st_size) {
		free(p);
		return errf(err, errlen, "%s: short read", path);
	}
	p[got] = '\0';
	*data = p;
	*len = got;
	return 0;
}

/*
 * Where a file written whole (a temporary beside it, then renamed) must
 * go to replace path: path itself when it is new or a regular file, the
 * file a symbolic link points to (so the link stays a link), and nowhere
 * when it is a device, a pipe or a folder: renaming over /dev/null as
 * root would put a file in its place.
 */
int
path_write_target(const char *path, char *real, size_t reallen, char *err,
    size_t errlen)
{
	struct stat	 sb;
	char		 buf[PATH_MAX];

	if (lstat(path, &sb) != 0) {
		if (errno != ENOENT)
			return errf(err, errlen, "%s: %s", path,
			    strerror(errno));
		return xsnprintf(real, reallen, "%s", path) != 0 ?
		    errf(err, errlen, "%s: path too long", path) : 0;
	}
	if (S_ISLNK(sb.st_mode)) {
		if (stat(path, &sb) != 0)
			return errf(err, errlen, "%s: a broken symbolic link",
			    path);
		if (S_ISREG(sb.st_mode)) {
			if (realpath(path, buf) == NULL)
				return errf(err, errlen, "%s: %s", path,
				    strerror(errno));
			path = buf;
		}
	}
	if (!S_ISREG(sb.st_mode))
		return errf(err, errlen, "%s: not a regular file (quaymark "
		    "writes files whole and will not replace it)", path);
	return xsnprintf(real, reallen, "%s", path) != 0 ?
	    errf(err, errlen, "%s: path too long", path) : 0;
}

/*
 * Write data to path whole: a temporary file beside it, then renamed, so
 * a reader never sees half a file. sync: fsync first (the demo's marker,
 * not every label file of an export).
 */
int
file_write_whole(const char *path, const void *data, size_t len, int sync,
    char *err, size_t errlen)
{
	char		 real[PATH_MAX], tmp[PATH_MAX + 32];
	const char	*p = data;
	ssize_t		 n;
	int		 fd, rc;

	if (path_write_target(path, real, sizeof real, err, errlen) != 0)
		return -1;
	if (xsnprintf(tmp, sizeof tmp, "%s.tmp%ld", real, (long)getpid()) != 0)
		return errf(err, errlen, "%s: path too long", path);
	if ((fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0666))
	    == -1)
		return errf(err, errlen, "%s: %s", path, strerror(errno));
	while (len > 0) {
		n = write(fd, p, len);
		if (n == -1 && errno == EINTR)
			continue;
		if (n <= 0) {
			errf(err, errlen, "%s: %s", path, n < 0 ?
			    strerror(errno) : "short write");
			close(fd);
			unlink(tmp);
			return -1;
		}
		p += n;
		len -= (size_t)n;
	}
	rc = sync ? fsync(fd) : 0;
	if (close(fd) != 0)
		rc = -1;
	if (rc != 0 || rename(tmp, real) != 0) {
		errf(err, errlen, "%s: %s", path, strerror(errno));
		unlink(tmp);
		return -1;
	}
	return 0;
}

/* file_write_whole, synced. */
int
file_write_all(const char *path, const void *data, size_t len, char *err,
    size_t errlen)
{
	return file_write_whole(path, data, len, 1, err, errlen);
}

/* The canonical absolute path of an existing file. */
int
path_absolute(const char *path, char *out, size_t len)
{
	char	 tmp[PATH_MAX];

	if (realpath(path, tmp) == NULL)
		return -1;
	return xsnprintf(out, len, "%s", tmp);
}
