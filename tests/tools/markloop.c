/*
 * markloop.c: a writer for crash tests. Adds marks to IMAGE_ID of DB as
 * fast as it can, printing each mark's id (and flushing) the moment the
 * store has committed it: a printed id is an acknowledged mark, which a
 * kill -9 at any later moment must not lose.
 *   Usage: markloop DB IMAGE_ID
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "../../store/store.h"
#include "../../util/util.h"

int
main(int argc, char **argv)
{
	struct store		*st;
	struct store_mark	 m;
	char			 err[512];
	long			 i;

	if (argc != 3) {
		fprintf(stderr, "usage: markloop DB IMAGE_ID\n");
		return 2;
	}
	if ((st = store_open(argv[1], 0, err, sizeof err)) == NULL) {
		fprintf(stderr, "markloop: %s\n", err);
		return 1;
	}
	setvbuf(stdout, NULL, _IOLBF, 0);
	for (i = 0;; i++) {
		store_mark_init(&m);
		m.image_id = atoll(argv[2]);
		m.class_id = 1;
		m.kind = MARK_BOX;
		m.cx = 20 + (double)(i % 300);
		m.cy = 20 + (double)(i % 200);
		m.w = 10;
		m.h = 5;
		if (store_mark_add(st, &m, err, sizeof err) != 0) {
			fprintf(stderr, "markloop: %s\n", err);
			store_close(st);
			return 1;
		}
		printf("%lld\n", (long long)m.id);
	}
}
