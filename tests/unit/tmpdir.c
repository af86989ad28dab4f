/*
 * The unit tests' scratch directories (tmpdir.h): written once here
 * instead of a mkdtemp, snprintf and "rm -rf" in every test file.
 */
#include <errno.h>
#include <ftw.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../../store/store.h"
#include "tmpdir.h"

char	 tmp_dir[TMPDIR_LEN];
char	 tmp_db[TMPDIR_LEN];

int
tmpdir_setup(void **state)
{
	(void)state;
	/* named after the program, so a leftover says which test left it */
	if (tmpdir_make(tmp_dir, sizeof tmp_dir,
	    program_invocation_short_name) != 0)
		return -1;
	tmpdir_path(tmp_db, sizeof tmp_db, tmp_dir, "t.db");
	return 0;
}

int
tmpdir_teardown(void **state)
{
	(void)state;
	return tmpdir_remove(tmp_dir);
}

int
tmpdir_make(char *dir, size_t len, const char *tag)
{
	const char	*base = getenv("TMPDIR");
	int		 n;

	/* an unset or empty TMPDIR means /tmp, as for mktemp(1) */
	if (base == NULL || *base == '\0')
		base = "/tmp";
	n = snprintf(dir, len, "%s/qm-%s-XXXXXX", base, tag);
	if (n < 0 || (size_t)n >= len)
		return -1;
	return mkdtemp(dir) == NULL ? -1 : 0;
}

char *
tmpdir_path(char *buf, size_t len, const char *dir, const char *fmt, ...)
{
	va_list	 ap;
	size_t	 n;
	int	 m;

	m = snprintf(buf, len, "%s/", dir);
	n = m < 0 ? len : (size_t)m;
	if (n < len) {
		va_start(ap, fmt);
		m = vsnprintf(buf + n, len - n, fmt, ap);
		va_end(ap);
		n = m < 0 ? len : n + (size_t)m;
	}
	if (n >= len) {
		fprintf(stderr, "tmpdir_path: %s/%s: longer than %zu bytes\n",
		    dir, fmt, len - 1);
		abort();
	}
	return buf;
}

struct store *
tmpdir_store(const char *dir, const char *name, char *err, size_t errlen)
{
	char	 path[TMPDIR_LEN];

	return store_open(tmpdir_path(path, sizeof path, dir, "%s", name),
	    STORE_CREATE, err, errlen);
}

/* nftw callback: each entry after its contents (FTW_DEPTH). */
static int
remove_one(const char *path, const struct stat *sb, int flag, struct FTW *f)
{
	(void)sb;
	(void)flag;
	(void)f;
	return remove(path);
}

int
tmpdir_remove(const char *dir)
{
	/* FTW_PHYS: a link made by a test is removed, never followed */
	return nftw(dir, remove_one, 16, FTW_DEPTH | FTW_PHYS);
}
