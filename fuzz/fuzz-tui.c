/*
 * fuzz-tui.c: libFuzzer harness for the TUI's action layer: the input is
 * a key sequence (bytes, and escapes for special keys) replayed on the
 * headless screen against a small catalog with marks. Invariants: no
 * crash, no leak, no stale cell in a partially redrawn frame
 * (QUAYMARK_CHECK_REDRAW), and afterwards the database passes
 * integrity_check and its audit chain verifies.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../render/render.h"
#include "../store/store.h"
#include "../tui/tui.h"
#include "../tests/unit/tmpdir.h"

int	LLVMFuzzerInitialize(int *, char ***);
int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static char	 dir[TMPDIR_LEN];
static char	 base[TMPDIR_LEN], db[TMPDIR_LEN], keys[TMPDIR_LEN];

/* libFuzzer ends by exit(): the scratch directory goes with it. */
static void
remove_dir(void)
{
	tmpdir_remove(dir);
}

/* A 64 x 48 image and a catalog of three dates with a few marks. */
int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	struct store		*st;
	struct store_image	 im;
	struct store_mark	 m;
	enum catalog_result	 res;
	uint8_t			 px[64 * 48 * 3];
	char			 err[512] = "", path[TMPDIR_LEN], detail[256], hash[16];
	int64_t			 site, id;
	int			 i;

	(void)argc;
	(void)argv;
	/* every partial frame composed whole beside it: a stale cell aborts */
	setenv("QUAYMARK_CHECK_REDRAW", "1", 1);
	if (tmpdir_make(dir, sizeof dir, "fuzz-tui") != 0)
		goto fail;
	atexit(remove_dir);
	if (render_init(err, sizeof err) != 0)
		goto fail;
	tmpdir_path(base, sizeof base, dir, "base.db");
	tmpdir_path(db, sizeof db, dir, "run.db");
	tmpdir_path(keys, sizeof keys, dir, "keys");
	for (i = 0; i < (int)sizeof px; i++)
		px[i] = (uint8_t)(i * 7);
	if ((st = store_open(base, STORE_CREATE, err, sizeof err)) == NULL ||
	    store_site_ensure(st, "fuzz", &site, err, sizeof err) != 0)
		goto fail;
	for (i = 0; i < 3; i++) {
		tmpdir_path(path, sizeof path, dir, "img%d.png", i);
		if (render_png_write(path, 64, 48, 3, px, err, sizeof err) !=
		    0)
			goto fail;
		memset(&im, 0, sizeof im);
		snprintf(hash, sizeof hash, "h%d", i);
		im.site_id = site;
		im.path = path;
		im.name = path + strlen(dir) + 1;
		im.acquired = 1735689600 + i * 86400;
		im.date_source = (char *)(uintptr_t)"option";
		im.width = 64;
		im.height = 48;
		im.bands = 3;
		im.data_type = (char *)(uintptr_t)"Byte";
		im.hash = hash;
		if (store_image_catalog(st, &im, &id, &res, detail,
		    sizeof detail, err, sizeof err) != 0)
			goto fail;
		store_mark_init(&m);
		m.image_id = id;
		m.class_id = 1;
		m.kind = MARK_RBOX;
		m.cx = 30;
		m.cy = 20;
		m.w = 20;
		m.h = 6;
		m.angle = 10;
		if (store_mark_add(st, &m, err, sizeof err) != 0)
			goto fail;
	}
	store_close(st);
	/* the headless screen is printed at the end: not here */
	if (freopen("/dev/null", "w", stdout) == NULL)
		goto fail;
	return 0;
fail:
	fprintf(stderr, "fuzz-tui: cannot set up: %s\n", err);
	exit(1);
}

static void
copy_file(const char *from, const char *to)
{
	char	*data;
	size_t	 len;
	char	 err[256];
	FILE	*fp;

	if (file_read_all(from, 1 << 26, &data, &len, err, sizeof err) != 0)
		abort();
	if ((fp = fopen(to, "wb")) == NULL || fwrite(data, 1, len, fp) !=
	    len || fclose(fp) != 0)
		abort();
	free(data);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t len)
{
	struct tui_opts	 o;
	struct store	*st;
	FILE		*fp;
	char		 err[512], wal[TMPDIR_LEN + 8], shm[TMPDIR_LEN + 8];
	int64_t		 rows, bad;

	if (len > 512)
		return 0;
	snprintf(wal, sizeof wal, "%s-wal", db);
	snprintf(shm, sizeof shm, "%s-shm", db);
	unlink(wal);
	unlink(shm);
	copy_file(base, db);
	if ((fp = fopen(keys, "wb")) == NULL ||
	    fwrite(data, 1, len, fp) != len || fclose(fp) != 0)
		abort();
	if ((st = store_open(db, 0, err, sizeof err)) == NULL)
		abort();
	memset(&o, 0, sizeof o);
	o.keys_file = keys;
	o.exit_after = 1;
	o.cols = 100;
	o.rows = 30;
	o.colour_mode = -1;
	(void)tui_run(st, &o, err, sizeof err);
	if (store_integrity_check(st, err, sizeof err) != 0 ||
	    store_audit_verify(st, &rows, &bad, err, sizeof err) != 0) {
		fprintf(stderr, "fuzz-tui: %s\n", err);
		abort();
	}
	store_close(st);
	return 0;
}
