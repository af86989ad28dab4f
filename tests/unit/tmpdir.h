/*
 * Scratch directories for the unit tests: one made under $TMPDIR (or /tmp)
 * per test or group, paths built inside it, a store opened in it, and the
 * whole tree removed afterwards, so that no run leaves anything behind.
 */
#ifndef QM_TESTS_TMPDIR_H
#define QM_TESTS_TMPDIR_H

#include <stddef.h>

struct store;

/* Big enough for $TMPDIR/qm-TAG-XXXXXX and a file name under it. */
#define TMPDIR_LEN	256

/*
 * cmocka fixtures for a test file's one directory, tmp_dir: setup makes it
 * (tagged with the test program's name) and names tmp_db in it (tmp_dir/t.db,
 * not created), teardown removes it; state unused.
 */
extern char	 tmp_dir[TMPDIR_LEN];
extern char	 tmp_db[TMPDIR_LEN];
int		 tmpdir_setup(void **state);
int		 tmpdir_teardown(void **state);

/* A cmocka test run in a fresh tmp_dir of its own (f unbracketed: cmocka
 * prints #f as the test's name). */
#define tmpdir_unit_test(f) \
	cmocka_unit_test_setup_teardown(f, tmpdir_setup, tmpdir_teardown)

/* A new directory $TMPDIR/qm-TAG-XXXXXX into dir (len bytes); 0 or -1. */
int		 tmpdir_make(char *dir, size_t len, const char *tag);

/* dir/ then fmt into buf; a path that does not fit aborts the test run
 * (a silently cut path would test some other file). Returns buf. */
char		*tmpdir_path(char *buf, size_t len, const char *dir,
		    const char *fmt, ...)
		    __attribute__((format(printf, 4, 5)));

/* A new store dir/name (STORE_CREATE); NULL with err filled. */
struct store	*tmpdir_store(const char *dir, const char *name, char *err,
		    size_t errlen);

/* dir and all below it gone (links are removed, not followed); 0 or -1. */
int		 tmpdir_remove(const char *dir);

#endif
