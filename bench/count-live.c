/*
 * count-live.c: what the TUI's report view pays after each mark: add a
 * mark to a site, run the count engine for the site, and time it, over a
 * few dozen marks.   Usage: bench/count-live DB SITE IMAGE_ID
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "../count/count.h"
#include "../store/store.h"
#include "../util/util.h"

static double
ms(void)
{
	struct timespec	 t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return t.tv_sec * 1e3 + t.tv_nsec / 1e6;
}

int
main(int argc, char **argv)
{
	struct store		*st;
	struct count_opts	 o;
	struct count_result	 r;
	struct store_mark	 m;
	char			 err[512];
	double			 t0, worst = 0, sum = 0;
	int			 i, n = 30;

	if (argc < 4) {
		fprintf(stderr, "usage: count-live DB SITE IMAGE_ID\n");
		return 2;
	}
	if ((st = store_open(argv[1], 0, err, sizeof err)) == NULL)
		goto fail;
	count_opts_default(&o);
	if (store_site_find(st, argv[2], &o.site_id, err, sizeof err) != 0 ||
	    store_class_find(st, "ship", &o.class_id, err, sizeof err) != 0 ||
	    store_class_find(st, "container_stack", &o.stack_class_id, err,
	    sizeof err) != 0)
		goto fail;
	for (i = 0; i < n; i++) {
		store_mark_init(&m);
		m.image_id = atoll(argv[3]);
		m.class_name = (char *)(uintptr_t)"ship";
		m.kind = MARK_POINT;
		m.cx = 50 + i;
		m.cy = 50;
		t0 = ms();
		if (store_mark_add(st, &m, err, sizeof err) != 0 ||
		    count_run(st, &o, &r, err, sizeof err) != 0)
			goto fail;
		t0 = ms() - t0;
		count_result_free(&r);
		sum += t0;
		if (t0 > worst)
			worst = t0;
		if (store_mark_delete(st, m.id, 0, err, sizeof err) != 0)
			goto fail;
	}
	printf("live report after a mark (commit + count engine, %d times): "
	    "mean %.1f ms, worst %.1f ms (target < 50 ms)\n", n, sum / n,
	    worst);
	store_close(st);
	return worst < 50 ? 0 : 1;
fail:
	fprintf(stderr, "count-live: %s\n", err);
	return 1;
}
