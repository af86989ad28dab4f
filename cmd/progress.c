/*
 * progress.c: long work (ingest, export, demo generation, overviews) shows
 * one updating line on a terminal, at most ten times a second, and prints
 * nothing when stderr is a pipe or a file.
 */
#include <stdio.h>
#include <stdlib.h>
#include <sys/time.h>
#include <unistd.h>

#include "cmd.h"

struct progress {
	const char	*label;
	size_t		 total;
	double		 last;
	int		 shown;
};

static double
now_s(void)
{
	struct timeval	 tv;

	gettimeofday(&tv, NULL);
	return (double)tv.tv_sec + tv.tv_usec / 1e6;
}

/* NULL when stderr is not a terminal: every other call accepts NULL. */
struct progress *
progress_start(const char *label, size_t total)
{
	struct progress	*p;

	if (!isatty(STDERR_FILENO))
		return NULL;
	p = xcalloc(1, sizeof *p);
	p->label = label;
	p->total = total;
	return p;
}

void
progress_update(struct progress *p, size_t done, const char *what)
{
	struct buf	 b;
	double		 t;

	if (p == NULL)
		return;
	t = now_s();
	if (p->shown && t - p->last < 0.1 && done < p->total)
		return;
	p->last = t;
	p->shown = 1;
	buf_init(&b);
	if (what != NULL)
		text_fit(&b, path_base(what), 40);
	if (p->total > 0)
		fprintf(stderr, "\r\033[K%s: %zu/%zu (%d%%) %s", p->label, done,
		    p->total, (int)(100.0 * (double)done / (double)p->total),
		    b.data ? b.data : "");
	else
		fprintf(stderr, "\r\033[K%s: %zu %s", p->label, done,
		    b.data ? b.data : "");
	buf_free(&b);
	fflush(stderr);
}

void
progress_done(struct progress *p)
{
	if (p == NULL)
		return;
	if (p->shown)
		fprintf(stderr, "\r\033[K");
	free(p);
}

/* Adapter for rooms that report progress through a callback. */
void
progress_cb(void *ctx, size_t done, size_t total)
{
	struct progress	*p = ctx;

	if (p != NULL && total != 0)
		p->total = total;
	progress_update(p, done, NULL);
}
