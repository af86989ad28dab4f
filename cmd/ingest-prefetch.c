/*
 * ingest-prefetch.c: the headers of many remote images at once. Probing
 * an object costs a few round trips (HEAD, the header, the first and last
 * blocks); one after another, a 1,000-item STAC search at 100 ms a request
 * takes minutes. Threads probe ahead here, each its own GDAL datasets
 * (GDAL's error state is per thread: render/gdal-load.c); the catalog is
 * still written by the main thread alone, in order.
 */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "cmd.h"
#include "../render/render.h"

#define PREFETCH_THREADS 16	/* requests in flight; they wait, not work */

struct prefetch {
	const char *const	*urls;
	struct remote_facts	*out;
	size_t			 n, next;
	pthread_mutex_t		 lock;
};

static void *
worker(void *arg)
{
	struct prefetch		*p = arg;
	struct remote_facts	*f;
	struct render_remote	 rs;
	char			 err[CMD_ERRLEN];
	size_t			 i;

	for (;;) {
		pthread_mutex_lock(&p->lock);
		while (p->next < p->n && (p->urls[p->next] == NULL ||
		    !url_is_remote(p->urls[p->next])))
			p->next++;
		i = p->next++;
		pthread_mutex_unlock(&p->lock);
		if (i >= p->n)
			return NULL;
		f = &p->out[i];
		f->ri = xcalloc(1, sizeof *f->ri);
		if (render_remote_probe(p->urls[i], f->ri, &rs, err,
		    sizeof err) != 0) {
			free(f->ri);
			f->ri = NULL;
			f->err = xstrdup(err);
			f->state = FACTS_FAILED;
			continue;
		}
		render_remote_fingerprint(p->urls[i], &rs, f->hash);
		f->size = rs.size;
		f->mtime = rs.mtime;
		f->state = FACTS_READY;
	}
}

/*
 * Probe the remote ones among urls[0..n) in parallel. Returns an array of
 * n (FACTS_NONE for local paths), or NULL when fewer than two are remote
 * (nothing to gain); ingest_prefetch_free frees it.
 */
struct remote_facts *
ingest_prefetch(const char *const *urls, size_t n)
{
	struct prefetch	 p;
	pthread_t	 th[PREFETCH_THREADS];
	char		 vsi[4096], err[CMD_ERRLEN];
	size_t		 i, remote = 0, first = 0;
	int		 k, started = 0;

	for (i = 0; i < n; i++)
		if (urls[i] != NULL && url_is_remote(urls[i]) && remote++ == 0)
			first = i;
	if (remote < 2)
		return NULL;
	/* GDAL loaded and configured here, before any thread needs it */
	if (render_init(err, sizeof err) != 0 ||
	    render_remote_vsi(urls[first], vsi, sizeof vsi, err, sizeof err)
	    != 0)
		return NULL;
	memset(&p, 0, sizeof p);
	p.urls = urls;
	p.n = n;
	p.out = xcalloc(n, sizeof *p.out);
	pthread_mutex_init(&p.lock, NULL);
	for (k = 0; k < PREFETCH_THREADS && (size_t)k < remote; k++)
		if (pthread_create(&th[k], NULL, worker, &p) == 0)
			started++;
	if (started == 0)	/* no threads: the caller probes in turn */
		worker(&p);
	for (k = 0; k < started; k++)
		pthread_join(th[k], NULL);
	pthread_mutex_destroy(&p.lock);
	return p.out;
}

void
ingest_prefetch_free(struct remote_facts *f, size_t n)
{
	size_t	 i;

	if (f == NULL)
		return;
	for (i = 0; i < n; i++) {
		if (f[i].ri != NULL) {
			render_info_clear(f[i].ri);
			free(f[i].ri);
		}
		free(f[i].err);
	}
	free(f);
}
