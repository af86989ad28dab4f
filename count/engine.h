/*
 * engine.h: the count engine's insides, shared by engine.c (a whole count)
 * and live.c (one kept up to date mark by mark); not for other rooms.
 */
#ifndef QM_COUNT_ENGINE_H
#define QM_COUNT_ENGINE_H

#include "count.h"

/* One sighting; kept small, as there may be millions. */
struct sight {
	int64_t		 t;
	int64_t		 mark_id;
	int64_t		 idkey;		/* name index, track, or auto id */
	int64_t		 image_id;
	int64_t		 count;
	float		 g[5];		/* cx, cy, w, h, angle */
	int32_t		 obs;		/* position in the quay's observations */
	int32_t		 day;		/* UTC day number */
	uint16_t	 quay;
	uint8_t		 cls;		/* 0: the call class, 1: stacks */
	uint8_t		 idkind;	/* enum identity_kind */
	uint8_t		 kind;
	uint8_t		 has_count;
	uint8_t		 unknown;	/* not selected by --status */
	uint8_t		 start;		/* the first known one of a call */
};

struct obs {
	int64_t	 t;
	int64_t	 image_id;
};

struct names {
	char	**norm;		/* normalised, for matching */
	char	**shown;	/* as first written */
	size_t	 n, cap;
	size_t	*slot;		/* open addressing: index + 1 */
	size_t	 nslot;
	/* names as written, a few recent ones: most rows repeat a name,
	   and normalising it again for each costs more than the lookup */
	char	*raw[64];
	int64_t	 raw_idx[64];
};

struct engine {
	struct store		*st;
	const struct count_opts	*o;
	struct count_result	*res;
	struct store_image	*im;
	size_t			 nim;
	int64_t			*im_key;	/* image id -> index, hashed */
	size_t			*im_val;
	size_t			 im_slots;
	long			*obs_pos;	/* [quay * nim + image]: or -1 */
	int			*unrev;		/* [quay * (nim + 1) + i]:
						   unreviewed among im[0..i) */
	int64_t			**rm;		/* per quay: the last sightings
						   of stacks seen removed */
	size_t			*nrm;
	struct obs		**obs;		/* per quay, by time */
	size_t			*nobs;
	size_t			*qidx;		/* locator index of each quay */
	struct sight		*s;
	size_t			 ns, cap;
	uint32_t		*by_time;	/* indices by (quay, time) */
	struct names		 names;
	int64_t			 next_auto;
	int64_t			 last_image;	/* image_index's last answer */
	long			 last_idx;
	int32_t			 last_day;	/* its UTC day number */
	size_t			 warn_cap;
	char			*err;
	size_t			 errlen;
	int			 failed;
};

int	 engine_count(struct engine *, struct store *,
	     const struct count_opts *, struct count_result *, char *, size_t);
void	 engine_free(struct engine *);
int	 engine_add_sighting(void *, const struct store_sighting *);
void	 engine_link(struct engine *, uint32_t *, size_t, const uint32_t *,
	     size_t, char *);
void	 engine_tracks(struct engine *);
uint64_t engine_mix(uint64_t);
uint64_t engine_ident_hash(unsigned, unsigned, unsigned, int64_t);
void	 engine_verdict(const struct engine *, struct count_period *, size_t);

#endif
