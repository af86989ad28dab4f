/*
 * markloop.c: a writer for crash tests, on one store handle.
 *   markloop DB IMAGE_ID
 *	adds marks to IMAGE_ID of DB as fast as it can, printing each mark's
 *	id (and flushing) the moment the store has committed it: a printed
 *	id is an acknowledged mark, which a kill -9 at any later moment must
 *	not lose.
 *   markloop DB IMAGE_ID GO
 *	one long-lived connection across a server restart, as a TUI session
 *	keeps one: adds a mark, waits (at most 60 s) for the file GO, and
 *	adds another on the same handle, printing each id or the one-line
 *	error. Exit 0 when both went in.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

#include "../../store/store.h"
#include "../../util/util.h"

/* Mark number I (a box) on IMAGE; its id on stdout, or the reason in ERR. */
static int
add(struct store *st, int64_t image, long i, char *err, size_t errlen)
{
	struct store_mark	 m;

	store_mark_init(&m);
	m.image_id = image;
	m.class_id = 1;
	m.kind = MARK_BOX;
	m.cx = 20 + (double)(i % 300);
	m.cy = 20 + (double)(i % 200);
	m.w = 10;
	m.h = 5;
	if (store_mark_add(st, &m, err, errlen) != 0)
		return -1;
	printf("%lld\n", (long long)m.id);
	return 0;
}

int
main(int argc, char **argv)
{
	struct store	*st;
	struct timespec	 t = { 0, 100000000L };
	char		 err[512];
	int64_t		 image;
	long		 i;
	int		 n, rc = 0;

	if (argc != 3 && argc != 4) {
		fprintf(stderr, "usage: markloop DB IMAGE_ID [GO]\n");
		return 2;
	}
	if ((st = store_open(argv[1], 0, err, sizeof err)) == NULL) {
		fprintf(stderr, "markloop: %s\n", err);
		return 1;
	}
	setvbuf(stdout, NULL, _IOLBF, 0);
	image = atoll(argv[2]);
	if (argc == 4) {
		if (add(st, image, 0, err, sizeof err) != 0) {
			printf("error: %s\n", err);
			rc = 1;
		}
		for (n = 0; n < 600 && access(argv[3], F_OK) != 0; n++)
			nanosleep(&t, NULL);
		if (add(st, image, 1, err, sizeof err) != 0) {
			printf("error: %s\n", err);
			rc = 1;
		}
		store_close(st);
		return rc;
	}
	for (i = 0;; i++) {
		if (add(st, image, i, err, sizeof err) != 0) {
			fprintf(stderr, "markloop: %s\n", err);
			store_close(st);
			return 1;
		}
	}
}
