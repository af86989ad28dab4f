/*
 * markwait.c: one long-lived connection across a server restart, as a TUI
 * session keeps one. Adds a mark to IMAGE_ID of DB and prints its id; then
 * waits (at most 60 s) for the file GO, and adds another on the same
 * store handle, printing its id or the one-line error. Exit 0 when both
 * went in.
 *   Usage: markwait DB IMAGE_ID GO
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

#include "../../store/store.h"
#include "../../util/util.h"

static int
add(struct store *st, int64_t image, double at)
{
	struct store_mark	 m;
	char			 err[512];

	store_mark_init(&m);
	m.image_id = image;
	m.class_id = 1;
	m.kind = MARK_POINT;
	m.cx = at;
	m.cy = at;
	if (store_mark_add(st, &m, err, sizeof err) != 0) {
		printf("error: %s\n", err);
		return 1;
	}
	printf("%lld\n", (long long)m.id);
	return 0;
}

int
main(int argc, char **argv)
{
	struct store	*st;
	struct timespec	 t = { 0, 100000000L };
	char		 err[512];
	int		 i, rc;

	if (argc != 4) {
		fprintf(stderr, "usage: markwait DB IMAGE_ID GO\n");
		return 2;
	}
	if ((st = store_open(argv[1], 0, err, sizeof err)) == NULL) {
		fprintf(stderr, "markwait: %s\n", err);
		return 1;
	}
	setvbuf(stdout, NULL, _IOLBF, 0);
	rc = add(st, atoll(argv[2]), 7);
	for (i = 0; i < 600 && access(argv[3], F_OK) != 0; i++)
		nanosleep(&t, NULL);
	rc |= add(st, atoll(argv[2]), 8);
	store_close(st);
	return rc;
}
