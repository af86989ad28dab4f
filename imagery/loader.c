/*
 * loader.c: remote images read off the drawing path. Opening a remote
 * image and reading a view of it wait on the network (100 ms a request
 * on a far link, seconds when a server is slow); done where the screen
 * is drawn, every key would wait too. So a thread does that reading
 * first, on a GDAL dataset of its own: the headers, the coarsest
 * overview, then the blocks of the view asked for. What it read stays
 * in GDAL's memory cache and on disk (render/cache.c), so the screen's
 * own open and read a moment later take no time, and the screen never
 * waits for the network itself.
 *
 * The screen asks (imagery_loader_ready) before it opens or reads a
 * remote image, and is told: read it (the bytes are at hand), not yet
 * (the coarsest overview may be drawn meanwhile), or why it cannot be
 * had. It polls (imagery_loader_poll) between keys for what finished.
 * Asking urgently (the date now on screen) puts the job first and drops
 * what the dates stepped past still needed; read-ahead asks wait their
 * turn. Local files are never the loader's business.
 *
 * A date seen in an earlier session is in the disk cache: the version
 * cached (when it is the one catalogued) is read and shown at once, and
 * only then is the server asked, with one HEAD, whether the object is
 * still that version (stale-while-revalidate); when it is not, the
 * screen is told (imagery_loader_changed) and reads the view again.
 */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "imagery.h"
#include "../util/util.h"

#define QUEUE		8	/* jobs waiting */
#define RESULTS		64	/* views remembered as read */
#define FAIL_FRESH	5	/* seconds before a failure is tried again */

enum { ST_COARSE = 1, ST_READY, ST_FAILED };

struct job {
	int64_t		 id;
	char		*path;
	char		*hash;		/* the catalogued fingerprint */
	struct viewport	 v;
	int		 urgent;
	int		 ask;		/* no cached version first: ask */
	int		 cw, ch;	/* the pixel protocols' cell, in picture
					   pixels; 0: cells only */
};

struct result {
	int64_t		 id;
	struct viewport	 v;
	int		 state;		/* ST_* */
	int		 whole;		/* a failure: of every view */
	time_t		 when;
	char		 err[256];
};

struct known {
	int64_t		 id;
	int		 remote;
	char		*path, *hash, *name;
};

struct imagery_loader {
	pthread_t	 thread;
	pthread_mutex_t	 lock;
	pthread_cond_t	 wake;
	struct job	 q[QUEUE];
	size_t		 nq;
	struct job	 run;		/* run.path != NULL: running */
	int		 cancel;	/* the running job is not wanted */
	int		 quit;
	struct result	 res[RESULTS];
	size_t		 res_next;
	int		 finished;	/* since the last poll */
	int64_t		 changed[QUEUE];	/* ids whose object changed */
	size_t		 nchanged;
	int		 cw, ch;	/* for the jobs queued from now */
	struct known	*known;		/* only the screen's thread */
	size_t		 nknown;
};

static int
same_view(const struct viewport *x, const struct viewport *y)
{
	return x->x0 == y->x0 && x->y0 == y->y0 && x->scale == y->scale &&
	    x->cols == y->cols && x->rows == y->rows;
}

static void
job_free(struct job *j)
{
	free(j->path);
	free(j->hash);
	memset(j, 0, sizeof *j);
}

/* Under the lock: remember what a job came to. */
static void
result_put(struct imagery_loader *L, const struct job *j, int state,
    int whole, const char *err)
{
	struct result	*r = NULL;
	size_t		 i;

	for (i = 0; i < RESULTS; i++)
		if (L->res[i].state != 0 && L->res[i].id == j->id &&
		    same_view(&L->res[i].v, &j->v))
			r = &L->res[i];
	if (r == NULL)
		r = &L->res[L->res_next++ % RESULTS];
	r->id = j->id;
	r->v = j->v;
	r->state = state;
	r->whole = whole;
	r->when = time(NULL);
	snprintf(r->err, sizeof r->err, "%s", err ? err : "");
	L->finished++;
}

static int
cancelled(struct imagery_loader *L)
{
	int	 c;

	pthread_mutex_lock(&L->lock);
	c = L->cancel || L->quit;
	pthread_mutex_unlock(&L->lock);
	return c;
}

/* The whole image in a small view: read coarse, the whole coarsest
 * level, so that any later view can be drawn coarse at once. */
static const struct viewport *
whole_view(const struct raster *r, struct viewport *v)
{
	double	 w = raster_width(r), h = raster_height(r);

	memset(v, 0, sizeof *v);
	v->cols = 64;
	v->rows = 32;
	v->scale = w / 64 > h / 64 ? w / 64 : h / 64;
	return v;
}

/*
 * A revisit was shown from the cache at once (render_remote_look_cached);
 * now the server is asked whether the object is still that version,
 * with one HEAD. When it is not (rewritten, gone), what was read of it
 * goes, and the screen is told to drop the image and ask again: the new
 * version is then read, or the reason shown ("not the object
 * catalogued"). With no answer (offline) the cached version stands.
 */
static void
revalidate(struct imagery_loader *L, const struct job *j,
    const struct render_remote *was)
{
	char	 err[256];
	size_t	 i;
	int	 changed, quit;

	pthread_mutex_lock(&L->lock);
	L->run.urgent = 0;	/* the screen waits for nothing now */
	quit = L->quit;
	pthread_mutex_unlock(&L->lock);
	if (quit || (render_remote_revalidate(j->path, was, &changed, err,
	    sizeof err) == 0 && !changed))
		return;
	pthread_mutex_lock(&L->lock);
	for (i = 0; i < RESULTS; i++)
		if (L->res[i].id == j->id)
			L->res[i].state = 0;
	if (!changed)	/* the server answered a failure: no stale retry */
		result_put(L, j, ST_FAILED, 1, err);
	if (L->nchanged < QUEUE)
		L->changed[L->nchanged++] = j->id;
	L->finished++;
	pthread_mutex_unlock(&L->lock);
}

/*
 * The pixel protocols (kitty, sixel, iTerm2) read view v as a picture of
 * cw x ch picture pixels a cell: at fit zoom a finer level than the
 * cells', whose blocks the screen would otherwise fetch where it draws.
 * Read here too, the same window at the same scale (render_picture, as
 * tui/pixels.c base_read reads it).
 */
static void
read_fine(struct raster *r, const struct viewport *v, int cw, int ch,
    const struct stretch *s)
{
	struct picture	 p;
	char		 err[256];

	if (render_picture(r, v->x0, v->y0, v->cols * v->scale, v->rows *
	    v->scale * ch / cw, cw / v->scale, s, &p, err, sizeof err) == 0)
		picture_free(&p);
}

/*
 * The job's reads, in the order the screen wants them: the headers (and
 * whether the object is still the one catalogued), the coarsest
 * overview, the view's own level. Each stage reports as it ends.
 */
static void
work(struct imagery_loader *L, struct job *j)
{
	struct raster	*r;
	struct stretch	 s;
	struct frame	 f;
	struct viewport	 all;
	struct render_remote was;
	char		 err[256];
	int		 ok, stale;

	/* a version cached and catalogued is shown without waiting; the
	 * server is asked after (revalidate) */
	stale = !j->ask && render_remote_look_cached(j->path, j->hash, &was)
	    == 1;
	memset(&f, 0, sizeof f);
	memset(&s, 0, sizeof s);
	r = NULL;
	if (imagery_check(j->path, j->hash, err, sizeof err) != 0 ||
	    (!cancelled(L) && (r = render_open(j->path, err, sizeof err)) ==
	    NULL)) {
		pthread_mutex_lock(&L->lock);
		result_put(L, j, ST_FAILED, 1, err);
		pthread_mutex_unlock(&L->lock);
	}
	if (r == NULL)
		goto out;	/* failed, or stepped past */
	s.nbands = raster_default_bands(r, s.band);
	s.hi[0] = s.hi[1] = s.hi[2] = 255;
	s.gamma = 1;
	/* the statistics for a first contrast stretch come from the
	 * coarse levels: the screen computes them next, from here */
	ok = raster_compute_stretch(r, s.band, s.nbands, &s, err,
	    sizeof err) == 0;
	raster_set_coarse(r, 1);
	if (ok && !cancelled(L))
		ok = render_read(r, whole_view(r, &all), &s, &f, err,
		    sizeof err) == 0;
	pthread_mutex_lock(&L->lock);
	if (ok && !L->cancel)
		result_put(L, j, ST_COARSE, 0, NULL);
	pthread_mutex_unlock(&L->lock);
	raster_set_coarse(r, 0);
	if (ok && !cancelled(L))
		ok = render_read(r, &j->v, &s, &f, err, sizeof err) == 0;
	if (ok && j->cw > 1 && !cancelled(L))
		read_fine(r, &j->v, j->cw, j->ch, &s);
	pthread_mutex_lock(&L->lock);
	if (!L->cancel)	/* a failed read: the screen's own says why */
		result_put(L, j, ST_READY, 0, NULL);
	pthread_mutex_unlock(&L->lock);
	frame_free(&f);
	render_close(r);
out:
	/* even when stepped past: the version assumed must be asked about
	 * before it is shown again */
	if (stale)
		revalidate(L, j, &was);
}

static void *
worker(void *arg)
{
	struct imagery_loader	*L = arg;

	pthread_mutex_lock(&L->lock);
	for (;;) {
		while (L->nq == 0 && !L->quit)
			pthread_cond_wait(&L->wake, &L->lock);
		if (L->quit)
			break;
		L->run = L->q[0];
		memmove(L->q, L->q + 1, --L->nq * sizeof *L->q);
		L->cancel = 0;
		pthread_mutex_unlock(&L->lock);
		work(L, &L->run);
		pthread_mutex_lock(&L->lock);
		job_free(&L->run);
	}
	pthread_mutex_unlock(&L->lock);
	return NULL;
}

/* A loader with its thread, or NULL when no thread can be had. */
struct imagery_loader *
imagery_loader_new(void)
{
	struct imagery_loader	*L = xcalloc(1, sizeof *L);

	pthread_mutex_init(&L->lock, NULL);
	pthread_cond_init(&L->wake, NULL);
	if (pthread_create(&L->thread, NULL, worker, L) != 0) {
		pthread_mutex_destroy(&L->lock);
		pthread_cond_destroy(&L->wake);
		free(L);
		return NULL;
	}
	return L;
}

/*
 * Stop the thread and free everything. The thread ends after the read
 * it is in; a read that hangs on the network (up to GDAL_HTTP_TIMEOUT)
 * must not hold up quitting, so after QUIT_WAIT_MS it is left to end
 * with the process.
 */
#define QUIT_WAIT_MS	500
void
imagery_loader_free(struct imagery_loader *L)
{
	struct timespec	 until;
	size_t		 i;

	if (L == NULL)
		return;
	pthread_mutex_lock(&L->lock);
	L->quit = 1;
	L->cancel = 1;
	pthread_cond_signal(&L->wake);
	pthread_mutex_unlock(&L->lock);
	clock_gettime(CLOCK_REALTIME, &until);
	until.tv_nsec += QUIT_WAIT_MS * 1000000L;
	until.tv_sec += until.tv_nsec / 1000000000L;
	until.tv_nsec %= 1000000000L;
	if (pthread_timedjoin_np(L->thread, NULL, &until) != 0) {
		pthread_detach(L->thread);
		return;	/* still reading: L is its until the exit */
	}
	for (i = 0; i < L->nq; i++)
		job_free(&L->q[i]);
	for (i = 0; i < L->nknown; i++) {
		free(L->known[i].path);
		free(L->known[i].hash);
		free(L->known[i].name);
	}
	free(L->known);
	pthread_mutex_destroy(&L->lock);
	pthread_cond_destroy(&L->wake);
	free(L);
}

/* Where image id is (asked of the store once), or NULL. */
static struct known *
known_get(struct imagery_loader *L, struct store *st, int64_t id)
{
	struct store_image	 row;
	struct known		*k;
	char			 err[256], name[256];
	size_t			 i;

	for (i = 0; i < L->nknown; i++)
		if (L->known[i].id == id)
			return &L->known[i];
	if (store_image_get(st, id, &row, err, sizeof err) != 0)
		return NULL;
	L->known = xreallocarray(L->known, L->nknown + 1, sizeof *L->known);
	k = &L->known[L->nknown++];
	memset(k, 0, sizeof *k);
	k->id = id;
	k->remote = url_is_remote(row.path);
	k->path = xstrdup(row.path);
	k->hash = row.hash != NULL ? xstrdup(row.hash) : NULL;
	url_name(row.path, name, sizeof name);
	k->name = xstrdup(name);
	store_image_clear(&row);
	return k;
}

/*
 * Under the lock: the screen now wants image id. What only the dates
 * stepped past wanted is dropped, and the read running for one of them
 * stops at its next stage.
 */
static void
urgent_is(struct imagery_loader *L, int64_t id)
{
	size_t	 i, n = 0;

	for (i = 0; i < L->nq; i++) {
		if (L->q[i].urgent && L->q[i].id != id)
			job_free(&L->q[i]);
		else
			L->q[n++] = L->q[i];
	}
	L->nq = n;
	if (L->run.path != NULL && L->run.urgent && L->run.id != id)
		L->cancel = 1;
}

/* Under the lock: is the job for (id, v) waiting or running? An urgent
 * ask puts a waiting one first. */
static int
pending(struct imagery_loader *L, int64_t id, const struct viewport *v,
    int urgent)
{
	struct job	 j;
	size_t		 i;

	if (L->run.path != NULL && L->run.id == id && same_view(&L->run.v, v)) {
		L->run.urgent |= urgent;
		return 1;
	}
	for (i = 0; i < L->nq; i++)
		if (L->q[i].id == id && same_view(&L->q[i].v, v)) {
			if (urgent) {
				j = L->q[i];
				memmove(L->q + 1, L->q, i * sizeof *L->q);
				L->q[0] = j;
				L->q[0].urgent = 1;
			}
			return 1;
		}
	return 0;
}

/* Under the lock: queue a job, first when urgent; ask: no cached
 * version is to be shown before the server is asked. */
static void
enqueue(struct imagery_loader *L, const struct known *k,
    const struct viewport *v, int urgent, int ask)
{
	struct job	 j;

	if (L->nq == QUEUE) {
		if (!urgent)
			return;	/* read-ahead can wait for a later turn */
		job_free(&L->q[--L->nq]);
	}
	memset(&j, 0, sizeof j);
	j.id = k->id;
	j.path = xstrdup(k->path);
	j.hash = k->hash != NULL ? xstrdup(k->hash) : NULL;
	j.v = *v;
	j.urgent = urgent;
	j.ask = ask;
	j.cw = L->cw;
	j.ch = L->ch;
	if (urgent) {
		memmove(L->q + 1, L->q, L->nq * sizeof *L->q);
		L->q[0] = j;
	} else
		L->q[L->nq] = j;
	L->nq++;
	pthread_cond_signal(&L->wake);
}

/*
 * May the screen open image id and read view v now without waiting on
 * the network? 1: yes (a local file, or its bytes are at hand); 0: not
 * yet, the loader is on it (*coarse set when the coarsest overview is at
 * hand: the image may be opened and drawn coarse); -1: it cannot be had
 * (err says why, as opening it would). A NULL loader always says 1.
 */
int
imagery_loader_ready(struct imagery_loader *L, struct store *st, int64_t id,
    const struct viewport *v, int urgent, int *coarse, char *err,
    size_t errlen)
{
	struct known	*k;
	size_t		 i;
	time_t		 now = time(NULL);
	int		 rc = 0, ask = 0;

	*coarse = 0;
	if (L == NULL || (k = known_get(L, st, id)) == NULL || !k->remote)
		return 1;
	pthread_mutex_lock(&L->lock);
	if (urgent)
		urgent_is(L, id);
	for (i = 0; i < RESULTS; i++) {
		struct result	*r = &L->res[i];

		if (r->state == 0 || r->id != id)
			continue;
		if (r->state == ST_FAILED && r->whole) {
			if (now - r->when < FAIL_FRESH && now >= r->when) {
				errf(err, errlen, "%s", r->err);
				rc = -1;
				goto out;
			}
			r->state = 0;	/* stale: try again */
			ask = 1;	/* not from the cache first */
			continue;
		}
		*coarse = 1;	/* opened before: the coarse level is here */
		if (r->state == ST_READY && same_view(&r->v, v)) {
			rc = 1;
			goto out;
		}
	}
	if (!pending(L, id, v, urgent))
		enqueue(L, k, v, urgent, ask);
out:
	pthread_mutex_unlock(&L->lock);
	return rc;
}

/* Jobs from now read the pixel protocols' view too, at cw x ch picture
 * pixels a cell (0: cells only). */
void
imagery_loader_fine(struct imagery_loader *L, int cw, int ch)
{
	if (L == NULL)
		return;
	pthread_mutex_lock(&L->lock);
	L->cw = cw;
	L->ch = ch;
	pthread_mutex_unlock(&L->lock);
}

/*
 * An image whose object turned out changed (or gone) after it was shown
 * from the cache: 1 with its id, for the screen to drop what it opened
 * of it; 0 when there is none.
 */
int
imagery_loader_changed(struct imagery_loader *L, int64_t *id)
{
	int	 rc = 0;

	if (L == NULL)
		return 0;
	pthread_mutex_lock(&L->lock);
	if (L->nchanged > 0) {
		*id = L->changed[0];
		memmove(L->changed, L->changed + 1, --L->nchanged *
		    sizeof *L->changed);
		rc = 1;
	}
	pthread_mutex_unlock(&L->lock);
	return rc;
}

/* How many jobs finished (or reached their coarse stage) since last asked. */
int
imagery_loader_poll(struct imagery_loader *L)
{
	int	 n;

	if (L == NULL)
		return 0;
	pthread_mutex_lock(&L->lock);
	n = L->finished;
	L->finished = 0;
	pthread_mutex_unlock(&L->lock);
	return n;
}

/*
 * Is the loader reading an image the screen waits for? 1 with its name
 * in what (for the status line), else 0.
 */
int
imagery_loader_busy(struct imagery_loader *L, char *what, size_t len)
{
	int64_t	 id = 0;
	size_t	 i;
	int	 busy = 0;

	if (L == NULL)
		return 0;
	pthread_mutex_lock(&L->lock);
	/* the date wanted now: the one running, unless stepped past */
	if (L->run.path != NULL && L->run.urgent && !L->cancel)
		id = L->run.id;
	else if (L->nq > 0 && L->q[0].urgent)
		id = L->q[0].id;
	for (i = 0; id != 0 && i < L->nknown; i++)
		if (L->known[i].id == id) {
			snprintf(what, len, "%s", L->known[i].name);
			busy = 1;
		}
	pthread_mutex_unlock(&L->lock);
	return busy;
}

/* Is anything waiting or being read (read-ahead too)? */
int
imagery_loader_queued(struct imagery_loader *L)
{
	int	 q;

	if (L == NULL)
		return 0;
	pthread_mutex_lock(&L->lock);
	q = L->nq > 0 || L->run.path != NULL;
	pthread_mutex_unlock(&L->lock);
	return q;
}
