/*
 * count-live.c: what the TUI's report view pays after each mark: open the
 * database and count the site once (count_live_open, as opening the view
 * does), then, a few dozen times, commit one unnamed ship beside the first
 * ship of an image (so that it links with the sightings around it) and
 * bring the count up to date (count_live_update), each timed; then delete
 * it again the same way.   Usage: bench/count-live DB SITE IMAGE_ID
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

/* The first ship on image: where the new marks go. */
static int
first_ship(struct store *st, int64_t image, struct store_mark *out,
    char *err, size_t errlen)
{
	struct store_mark	*v;
	size_t			 n, i;

	if (store_mark_list_image(st, image, &v, &n, err, errlen) != 0)
		return -1;
	for (i = 0; i < n && strcmp(v[i].class_name, "ship") != 0; i++)
		;
	if (i < n) {
		*out = v[i];
		memset(&v[i], 0, sizeof v[i]);
	}
	store_marks_free(v, n);
	return i < n ? 0 : errf(err, errlen, "image %lld has no ship",
	    (long long)image);
}

int
main(int argc, char **argv)
{
	struct store		*st;
	struct count_opts	 o;
	struct count_live	*lv = NULL;
	struct store_mark	 m, ship;
	char			 err[512];
	double			 t0, t1, open_ms, worst = 0, sum = 0, t[2];
	double			 commit = 0;
	int			 i, n = 30;

	if (argc < 4) {
		fprintf(stderr, "usage: count-live DB SITE IMAGE_ID\n");
		return 2;
	}
	t0 = ms();
	if ((st = store_open(argv[1], 0, err, sizeof err)) == NULL)
		goto fail;
	count_opts_default(&o);
	if (store_site_find(st, argv[2], &o.site_id, err, sizeof err) != 0 ||
	    store_class_find(st, "ship", &o.class_id, err, sizeof err) != 0 ||
	    count_live_open(st, &o, &lv, err, sizeof err) != 0)
		goto fail;
	open_ms = ms() - t0;
	memset(&ship, 0, sizeof ship);
	if (first_ship(st, atoll(argv[3]), &ship, err, sizeof err) != 0)
		goto fail;
	for (i = 0; i < n; i++) {
		store_mark_init(&m);
		m.image_id = ship.image_id;
		m.class_name = (char *)(uintptr_t)"ship";
		m.kind = MARK_RBOX;
		m.cx = ship.cx + i % 5;
		m.cy = ship.cy;
		m.w = ship.w;
		m.h = ship.h;
		t0 = ms();
		if (store_mark_add(st, &m, err, sizeof err) != 0)
			goto fail;
		t1 = ms();
		if (count_live_update(lv, err, sizeof err) != 0)
			goto fail;
		t[0] = ms() - t0;
		commit += t1 - t0;
		t0 = ms();
		if (store_mark_delete(st, m.id, 0, err, sizeof err) != 0)
			goto fail;
		t1 = ms();
		if (count_live_update(lv, err, sizeof err) != 0)
			goto fail;
		t[1] = ms() - t0;
		commit += t1 - t0;
		sum += t[0] + t[1];
		worst = t[0] > worst ? t[0] : worst;
		worst = t[1] > worst ? t[1] : worst;
	}
	printf("live report: opening the view (store open + whole count) "
	    "%.0f ms; after one mark (commit + update, %d added and deleted) "
	    "mean %.1f ms (the commit %.1f), worst %.1f ms (target < 50 ms); "
	    "whole counts %lu\n", open_ms, 2 * n, sum / (2 * n),
	    commit / (2 * n), worst, count_live_recounts(lv));
	store_mark_clear(&ship);
	count_live_free(lv);
	store_close(st);
	return worst < 50 ? 0 : 1;
fail:
	fprintf(stderr, "count-live: %s\n", err);
	count_live_free(lv);
	return 1;
}
