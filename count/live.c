/*
 * live.c: the report view's count, kept up to date mark by mark. One whole
 * count of the calls (engine.c) is kept with its sightings; each mark
 * written since (the audit trail says which) is taken out and put back as
 * the store has it now, and only what one mark can change is counted
 * again: the links between unnamed sightings from its observation on, up
 * to the first observation whose links are the old ones again, and the
 * calls of every identity that gained or lost a sighting. A call is
 * counted by the sighting that opens it (sight.start). Any other write
 * (a verdict, a quay, an image), or over 500 marks at once, counts
 * everything again. A write that leaves no audit row (the sqlite3 shell)
 * shows at the next whole count.
 *
 * Kept up to date: each period's calls and what follows from them and
 * from the images (observed days, unreviewed, expected, ratio, p,
 * verdict). Not kept, so emptied: the lists of calls, stacks and
 * warnings, vessel names and ship-days; stacks are not counted at all.
 */
#include <stdlib.h>
#include <string.h>

#include "count.h"
#include "engine.h"
#include "../util/util.h"

struct count_live {
	struct store		*st;
	struct count_opts	 o;
	struct engine		 e;
	struct count_result	 res;
	int64_t			 audit;		/* the last audit row seen */
	size_t			 nbt;		/* live entries of e.by_time */
	size_t			 bt_cap;
	uint32_t		*mk;		/* mark id -> sighting + 1 */
	size_t			 mk_slots, mk_used;
	size_t			*qfirst;	/* quay q's periods: [qfirst[q],
						   qfirst[q + 1]) */
	struct ident_list	*ids;		/* each identity's sightings */
	size_t			 ids_slots, ids_used;
	size_t			 dirty_lo, dirty_hi;	/* periods whose calls
						   changed: [lo, hi) */
	struct sight		*ts;		/* recount's scratch: copies, */
	uint32_t		*tbt, *tg;	/* their order and origins */
	size_t			 tcap;
	int64_t			*marks;		/* changed since the last update */
	size_t			 nmarks, marks_cap;
	int			 whole;		/* something else changed */
	unsigned long		 recounts;	/* whole counts so far */
};

/* One identity's sightings, by observation and mark id. */
struct ident_list {
	int64_t		 idkey;
	uint32_t	*v;
	size_t		 n, cap;
	uint16_t	 quay;		/* DEAD: a free slot */
	uint8_t		 cls, idkind;
};

/* The identities one change touches; a handful. */
struct idset {
	struct sight	*v;	/* quay, cls, idkind, idkey used */
	size_t		 n, cap;
};

#define DEAD	UINT16_MAX	/* sight.quay of a mark taken out */

static void	 strip(struct count_result *, struct engine *);

static void
mk_put(struct count_live *lv, uint32_t k)
{
	size_t	 j;

	if (2 * (lv->mk_used + 1) > lv->mk_slots) {
		uint32_t	*old = lv->mk;
		size_t		 i, n = lv->mk_slots;

		lv->mk_slots = n ? 2 * n : 1024;
		lv->mk = xcalloc(lv->mk_slots, sizeof *lv->mk);
		lv->mk_used = 0;
		for (i = 0; i < n; i++)	/* the dead are left behind */
			if (old[i] != 0 && lv->e.s[old[i] - 1].quay != DEAD)
				mk_put(lv, old[i] - 1);
		free(old);
	}
	j = engine_mix((uint64_t)lv->e.s[k].mark_id) & (lv->mk_slots - 1);
	while (lv->mk[j] != 0)
		j = (j + 1) & (lv->mk_slots - 1);
	lv->mk[j] = k + 1;
	lv->mk_used++;
}

/* The live sighting of mark id, or -1. */
static long
mk_find(const struct count_live *lv, int64_t id)
{
	size_t	 j = engine_mix((uint64_t)id) & (lv->mk_slots - 1);
	uint32_t k;

	for (; (k = lv->mk[j]) != 0; j = (j + 1) & (lv->mk_slots - 1))
		if (lv->e.s[k - 1].mark_id == id &&
		    lv->e.s[k - 1].quay != DEAD)
			return (long)k - 1;
	return -1;
}

/*
 * The first by_time position not before (q, obs, mark_id). The whole
 * count left by_time by quay and time in read order (images by time and
 * id, as their observations are; marks by id), so by quay, observation
 * and mark id; live.c keeps it so.
 */
static size_t
bt_lower(const struct count_live *lv, size_t q, int32_t obs, int64_t mark)
{
	size_t			 lo = 0, hi = lv->nbt, mid;
	const struct sight	*s;

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		s = &lv->e.s[lv->e.by_time[mid]];
		if (s->quay < q || (s->quay == q && (s->obs < obs ||
		    (s->obs == obs && s->mark_id < mark))))
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/* The period of quay q holding t, or -1. */
static long
period_of(const struct count_live *lv, size_t q, int64_t t)
{
	size_t	 lo = lv->qfirst[q], hi = lv->qfirst[q + 1], mid;

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (lv->res.periods[mid].end <= t)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < lv->qfirst[q + 1] && lv->res.periods[lo].start <= t ?
	    (long)lo : -1;
}

/* A call opened by s comes (add 1) or goes (-1). */
static void
count_start(struct count_live *lv, const struct sight *s, int add)
{
	long	 p = period_of(lv, s->quay, s->t);

	if (p < 0)
		return;
	lv->res.periods[p].calls += add;
	if (lv->dirty_lo >= lv->dirty_hi || (size_t)p < lv->dirty_lo)
		lv->dirty_lo = (size_t)p;
	if ((size_t)p + 1 > lv->dirty_hi)
		lv->dirty_hi = (size_t)p + 1;
}

/* The slot of identity (quay, cls, kind, key) in lv->ids: or a free one. */
static struct ident_list *
ids_slot(struct count_live *lv, const struct ident_list *id)
{
	struct ident_list	*d;
	size_t			 j;

	j = engine_ident_hash(id->quay, id->cls, id->idkind, id->idkey) &
	    (lv->ids_slots - 1);
	for (d = &lv->ids[j]; d->quay != DEAD; d = &lv->ids[j]) {
		if (d->idkey == id->idkey && d->quay == id->quay &&
		    d->cls == id->cls && d->idkind == id->idkind)
			break;
		j = (j + 1) & (lv->ids_slots - 1);
	}
	return d;
}

/* The list of s's identity under label key, made when missing. */
static struct ident_list *
ids_get(struct count_live *lv, const struct sight *s, int64_t key)
{
	struct ident_list	 id, *d, *old;
	size_t			 i, n;

	if (2 * (lv->ids_used + 1) > lv->ids_slots) {
		old = lv->ids;
		n = lv->ids_slots;
		lv->ids_slots = n ? 2 * n : 1024;
		lv->ids = xreallocarray(NULL, lv->ids_slots, sizeof *lv->ids);
		for (i = 0; i < lv->ids_slots; i++)
			lv->ids[i].quay = DEAD;
		for (i = 0; i < n; i++)
			if (old[i].quay != DEAD)
				*ids_slot(lv, &old[i]) = old[i];
		free(old);
	}
	memset(&id, 0, sizeof id);
	id.idkey = key;
	id.quay = s->quay;
	id.cls = s->cls;
	id.idkind = s->idkind;
	if ((d = ids_slot(lv, &id))->quay == DEAD) {
		*d = id;
		lv->ids_used++;
	}
	return d;
}

/* Where sighting s is, or would go, in list d. */
static size_t
ids_pos(const struct count_live *lv, const struct ident_list *d,
    const struct sight *s)
{
	const struct sight	*o;
	size_t			 lo = 0, hi = d->n, mid;

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		o = &lv->e.s[d->v[mid]];
		if (o->obs < s->obs || (o->obs == s->obs &&
		    o->mark_id < s->mark_id))
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

static void
ids_free(struct count_live *lv)
{
	size_t	 i;

	for (i = 0; i < lv->ids_slots; i++)
		if (lv->ids[i].quay != DEAD)
			free(lv->ids[i].v);
	free(lv->ids);
	lv->ids = NULL;
	lv->ids_slots = lv->ids_used = 0;
}

/* Sighting k joins its identity's list (label s->idkey). */
static void
ids_insert(struct count_live *lv, uint32_t k)
{
	const struct sight	*s = &lv->e.s[k];
	struct ident_list	*d = ids_get(lv, s, s->idkey);
	size_t			 i = ids_pos(lv, d, s);

	if (d->n == d->cap) {
		d->cap = d->cap ? 2 * d->cap : 8;
		d->v = xreallocarray(d->v, d->cap, sizeof *d->v);
	}
	memmove(d->v + i + 1, d->v + i, (d->n - i) * sizeof *d->v);
	d->v[i] = k;
	d->n++;
}

/* Sighting k leaves the list of its identity under label key. */
static void
ids_remove(struct count_live *lv, uint32_t k, int64_t key)
{
	struct ident_list	*d = ids_get(lv, &lv->e.s[k], key);
	size_t			 i = ids_pos(lv, d, &lv->e.s[k]);

	if (i < d->n && d->v[i] == k) {
		memmove(d->v + i, d->v + i + 1, (d->n - i - 1) *
		    sizeof *d->v);
		d->n--;
	}
}

static void
idset_add(struct idset *set, const struct sight *s, int64_t key)
{
	struct sight	*v;
	size_t		 i;

	for (i = 0; i < set->n; i++)
		if (set->v[i].idkind == s->idkind && set->v[i].idkey == key &&
		    set->v[i].cls == s->cls && set->v[i].quay == s->quay)
			return;
	if (set->n == set->cap) {
		set->cap = set->cap ? set->cap * 2 : 8;
		set->v = xreallocarray(set->v, set->cap, sizeof *set->v);
	}
	v = &set->v[set->n++];
	v->quay = s->quay;
	v->cls = s->cls;
	v->idkind = s->idkind;
	v->idkey = key;
}

/* The unnamed sightings of class cls at quay q on observation obs. */
static size_t
autos_at(const struct count_live *lv, size_t q, int cls, int32_t obs,
    uint32_t **v, size_t *cap)
{
	size_t	 i, n = 0;
	const struct sight *s;

	for (i = bt_lower(lv, q, obs, INT64_MIN); i < lv->nbt; i++) {
		s = &lv->e.s[lv->e.by_time[i]];
		if (s->quay != q || s->obs != obs)
			break;
		if (s->idkind != IDENTITY_AUTO || s->cls != cls)
			continue;
		if (n == *cap) {
			*cap = *cap ? *cap * 2 : 16;
			*v = xreallocarray(*v, *cap, sizeof **v);
		}
		(*v)[n++] = lv->e.by_time[i];
	}
	return n;
}

/*
 * Link the unnamed sightings again from observation obs on (engine_link,
 * as the whole count does), until an observation after obs keeps every
 * label it had: later links start from the same sightings with the same
 * labels, so they stand. Every label that changed goes into set, old and
 * new.
 */
static void
relink(struct count_live *lv, size_t q, int cls, int32_t obs,
    struct idset *set)
{
	uint32_t	*cur = NULL, *prev = NULL, *tmp;
	int64_t		*old = NULL;
	char		*taken = NULL;
	size_t		 ccap = 0, pcap = 0, ncur, nprev, i, last;
	int32_t		 j;
	int		 changed;

	last = lv->e.nobs[q];
	nprev = obs > 0 ? autos_at(lv, q, cls, obs - 1, &prev, &pcap) : 0;
	for (j = obs; (size_t)j < last; j++) {
		ncur = autos_at(lv, q, cls, j, &cur, &ccap);
		old = xreallocarray(old, ncur ? ncur : 1, sizeof *old);
		taken = xreallocarray(taken, nprev ? nprev : 1, 1);
		for (i = 0; i < ncur; i++)
			old[i] = lv->e.s[cur[i]].idkey;
		engine_link(&lv->e, cur, ncur, prev, nprev, taken);
		changed = 0;
		for (i = 0; i < ncur; i++) {
			struct sight *s = &lv->e.s[cur[i]];

			if (s->idkey == old[i])
				continue;
			changed = 1;
			if (old[i] > 0) {
				idset_add(set, s, old[i]);
				ids_remove(lv, cur[i], old[i]);
			}
			idset_add(set, s, s->idkey);
			ids_insert(lv, cur[i]);
		}
		if (j > obs && !changed)
			break;
		tmp = prev;
		prev = cur;
		cur = tmp;
		i = pcap;
		pcap = ccap;
		ccap = i;
		nprev = ncur;
	}
	free(cur);
	free(prev);
	free(old);
	free(taken);
}

/*
 * Count again the calls of the identities in set at quay q: the calls
 * their sightings opened go, and the whole count's own track building
 * (engine_tracks) over just those sightings says which open calls now.
 */
static void
recount(struct count_live *lv, size_t q, const struct idset *set)
{
	struct engine		 t;
	struct count_result	 scratch;
	struct ident_list	*d;
	uint32_t		*g;
	size_t			 i, j, n = 0, end;
	struct sight		*s;

	for (j = 0; j < set->n; j++)
		n += ids_get(lv, &set->v[j], set->v[j].idkey)->n;
	if (n > lv->tcap) {	/* kept: a fresh one costs its page faults */
		lv->tcap = n;
		lv->ts = xreallocarray(lv->ts, n, sizeof *lv->ts);
		lv->tbt = xreallocarray(lv->tbt, n, sizeof *lv->tbt);
		lv->tg = xreallocarray(lv->tg, n, sizeof *lv->tg);
	}
	g = lv->tg;
	for (j = 0, n = 0; j < set->n; j++) {
		d = ids_get(lv, &set->v[j], set->v[j].idkey);
		for (i = 0; i < d->n; i++) {
			s = &lv->e.s[g[n++] = d->v[i]];
			if (s->start) {
				count_start(lv, s, -1);
				s->start = 0;
			}
		}
	}
	memset(&t, 0, sizeof t);
	memset(&scratch, 0, sizeof scratch);
	scratch.nquays = lv->res.nquays;
	t.o = &lv->o;
	t.res = &scratch;
	t.obs = lv->e.obs;
	t.nobs = lv->e.nobs;
	t.names = lv->e.names;
	t.ns = n;
	t.s = lv->ts;
	t.by_time = lv->tbt;
	for (i = 0; i < n; i++) {
		t.s[i] = lv->e.s[g[i]];
		t.by_time[i] = (uint32_t)i;
	}
	engine_tracks(&t);
	for (i = 0; i < n; i++)
		if ((lv->e.s[g[i]].start = t.s[i].start))
			count_start(lv, &t.s[i], 1);
	for (i = 0; i < scratch.ncalls; i++)
		free(scratch.calls[i].identity);
	free(scratch.calls);
	/* a period's verdict follows from its calls and its baseline's */
	end = lv->dirty_hi + (size_t)lv->o.baseline;
	if (end > lv->qfirst[q + 1])
		end = lv->qfirst[q + 1];
	for (i = lv->dirty_lo; i < end; i++) {
		struct count_period *p = &lv->res.periods[i];

		p->has_expected = 0;
		p->expected = 0;
		p->base_calls = p->base_days = 0;
		engine_verdict(&lv->e, lv->res.periods, i);
	}
	lv->dirty_lo = lv->dirty_hi = 0;
}

/* Take sighting k out, and count again what it touched. */
static void
take_out(struct count_live *lv, uint32_t k)
{
	struct sight	*s = &lv->e.s[k];
	struct idset	 set;
	size_t		 pos, q = s->quay;

	pos = bt_lower(lv, q, s->obs, s->mark_id);
	while (lv->e.by_time[pos] != k)	/* a mark id twice? never */
		pos++;
	memmove(lv->e.by_time + pos, lv->e.by_time + pos + 1,
	    (lv->nbt - pos - 1) * sizeof *lv->e.by_time);
	lv->nbt--;
	memset(&set, 0, sizeof set);
	idset_add(&set, s, s->idkey);
	if (s->start) {
		count_start(lv, s, -1);
		s->start = 0;
	}
	ids_remove(lv, k, s->idkey);
	s->quay = DEAD;
	if (s->idkind == IDENTITY_AUTO)
		relink(lv, q, s->cls, s->obs, &set);
	recount(lv, q, &set);
	free(set.v);
}

/* store_sighting_mark's callback: put a mark's sighting in. */
static int
put_in(void *ctx, const struct store_sighting *m)
{
	struct count_live	*lv = ctx;
	struct sight		*s;
	struct idset		 set;
	size_t			 pos, n = lv->e.ns;

	engine_add_sighting(&lv->e, m);
	strip(&lv->res, &lv->e);	/* a warning it made is not kept */
	if (lv->e.ns == n)
		return 0;	/* no sighting: no call can change */
	if (lv->nbt == lv->bt_cap) {
		lv->bt_cap = lv->bt_cap ? lv->bt_cap * 2 : 1024;
		lv->e.by_time = xreallocarray(lv->e.by_time, lv->bt_cap,
		    sizeof *lv->e.by_time);
	}
	s = &lv->e.s[n];
	pos = bt_lower(lv, s->quay, s->obs, s->mark_id);
	memmove(lv->e.by_time + pos + 1, lv->e.by_time + pos,
	    (lv->nbt - pos) * sizeof *lv->e.by_time);
	lv->e.by_time[pos] = (uint32_t)n;
	lv->nbt++;
	mk_put(lv, (uint32_t)n);
	memset(&set, 0, sizeof set);
	if (s->idkind == IDENTITY_AUTO)	/* it gets a label there */
		relink(lv, s->quay, s->cls, s->obs, &set);
	else {
		ids_insert(lv, (uint32_t)n);
		idset_add(&set, s, s->idkey);
	}
	recount(lv, s->quay, &set);
	free(set.v);
	return 0;
}

/* Forget the lists a live count does not keep (see the top). */
static void
strip(struct count_result *r, struct engine *e)
{
	size_t	 i;

	for (i = 0; i < r->ncalls; i++) {
		free(r->calls[i].identity);
		free(r->calls[i].first_marks);
		free(r->calls[i].last_marks);
	}
	for (i = 0; i < r->nwarnings; i++)
		free(r->warnings[i].identity);
	for (i = 0; i < r->nperiods; i++) {
		free(r->periods[i].vessels);
		r->periods[i].vessels = NULL;
		r->periods[i].nvessels = 0;
		r->periods[i].ship_days = 0;
	}
	free(r->calls);
	free(r->warnings);
	r->calls = NULL;
	r->warnings = NULL;
	r->ncalls = r->nwarnings = 0;
	e->warn_cap = 0;
}

/* Count everything again. */
static int
whole(struct count_live *lv, char *err, size_t errlen)
{
	char	 hash[SHA256_HEX_LEN];
	size_t	 i, q;

	ids_free(lv);
	engine_free(&lv->e);
	count_result_free(&lv->res);
	free(lv->mk);
	lv->mk = NULL;
	lv->mk_slots = lv->mk_used = 0;
	lv->recounts++;
	/* the head first: a write in between is applied twice, not lost */
	if (store_audit_head(lv->st, &lv->audit, hash, err, errlen) != 0 ||
	    engine_count(&lv->e, lv->st, &lv->o, &lv->res, err, errlen) != 0)
		return -1;
	strip(&lv->res, &lv->e);
	lv->nbt = lv->bt_cap = lv->e.ns;
	for (lv->mk_slots = 1024; lv->mk_slots < 2 * lv->e.ns + 2;
	    lv->mk_slots *= 2)
		;
	lv->mk = xcalloc(lv->mk_slots, sizeof *lv->mk);
	for (i = 0; i < lv->e.ns; i++) {
		mk_put(lv, (uint32_t)i);
		ids_insert(lv, lv->e.by_time[i]);	/* in order: appends */
	}
	free(lv->qfirst);
	lv->qfirst = xcalloc(lv->res.nquays + 1, sizeof *lv->qfirst);
	for (i = 0; i < lv->res.nperiods; i++)
		lv->qfirst[lv->res.periods[i].quay + 1] = i + 1;
	for (q = 1; q <= lv->res.nquays; q++)
		if (lv->qfirst[q] < lv->qfirst[q - 1])
			lv->qfirst[q] = lv->qfirst[q - 1];
	return 0;
}

/*
 * A live count of o's calls (its stack class and evidence are not
 * counted): *out is the caller's, for count_live_free.
 */
int
count_live_open(struct store *st, const struct count_opts *o,
    struct count_live **out, char *err, size_t errlen)
{
	struct count_live	*lv = xcalloc(1, sizeof *lv);

	lv->st = st;
	lv->o = *o;
	lv->o.stack_class_id = 0;
	lv->o.evidence = 0;
	if (whole(lv, err, errlen) != 0) {
		count_live_free(lv);
		return -1;
	}
	*out = lv;
	return 0;
}

/* store_audit_since's callback: note what an audit row changed. */
static int
note_change(void *ctx, int64_t id, const char *entity, int64_t entity_id)
{
	/* what no count reads */
	static const char *const inert[] = { "comment", "user", "setting" };
	struct count_live	*lv = ctx;
	size_t			 i;

	lv->audit = id;
	if (strcmp(entity, "mark") == 0) {
		if (lv->nmarks == lv->marks_cap) {
			lv->marks_cap = lv->marks_cap ? lv->marks_cap * 2 : 16;
			lv->marks = xreallocarray(lv->marks, lv->marks_cap,
			    sizeof *lv->marks);
		}
		lv->marks[lv->nmarks++] = entity_id;
		return 0;
	}
	for (i = 0; i < QM_NELEM(inert); i++)
		if (strcmp(entity, inert[i]) == 0)
			return 0;
	lv->whole = 1;
	return 1;	/* everything is counted again anyway */
}

/*
 * Catch up with the store: each mark written since the last update is
 * counted again; anything else written counts everything again.
 */
int
count_live_update(struct count_live *lv, char *err, size_t errlen)
{
	size_t	 i;
	long	 k;

	lv->nmarks = 0;
	lv->whole = 0;
	if (store_audit_since(lv->st, lv->audit, note_change, lv, err,
	    errlen) != 0)
		return -1;
	/* past a few hundred marks (an import, a long absence from the
	   view) one whole count is quicker than as many recounts */
	if (lv->whole || lv->nmarks > 500)
		return whole(lv, err, errlen);
	for (i = 0; i < lv->nmarks; i++) {
		if ((k = mk_find(lv, lv->marks[i])) >= 0)
			take_out(lv, (uint32_t)k);
		if (store_sighting_mark(lv->st, lv->o.site_id, lv->o.class_id,
		    lv->o.class_id, lv->marks[i], put_in, lv, err,
		    errlen) != 0)
			return -1;
	}
	return 0;
}

/* The count as of the last update; lv's. */
const struct count_result *
count_live_result(const struct count_live *lv)
{
	return &lv->res;
}

/* Whole counts made so far (the first included), for tests. */
unsigned long
count_live_recounts(const struct count_live *lv)
{
	return lv->recounts;
}

void
count_live_free(struct count_live *lv)
{
	if (lv == NULL)
		return;
	ids_free(lv);
	engine_free(&lv->e);
	count_result_free(&lv->res);
	free(lv->mk);
	free(lv->qfirst);
	free(lv->ts);
	free(lv->tbt);
	free(lv->tg);
	free(lv->marks);
	free(lv);
}
