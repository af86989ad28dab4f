/*
 * demo-int.h: what the demo's files share: the random generator, the
 * scenario (who is where on which day) and the painter.
 */
#ifndef QM_DEMO_INT_H
#define QM_DEMO_INT_H

#include <stddef.h>
#include <stdint.h>

#include "demo.h"

/* The count's default --gap: the truth splits stays where it does. */
#define DEMO_GAP_DAYS	7

/* A small, fast, portable generator: the same seed gives the same port. */
struct rng {
	uint64_t	 s;
};
void		 rng_seed(struct rng *, uint64_t);
uint64_t	 rng_next(struct rng *);
int		 rng_int(struct rng *, int, int);
double		 rng_unit(struct rng *);
uint32_t	 hash32(uint32_t, uint32_t, uint32_t);

enum {
	DEMO_Q_ARMS,
	DEMO_Q_CONTAINER,
	DEMO_Q_PIER
};

struct demo_vessel {
	const char	*name;		/* NULL: unnamed */
	double		 length;	/* design pixels (1 m) */
	double		 beam;
	uint8_t		 hull[3];
	int		 deck_cargo;	/* containers on deck */
};

struct demo_call {
	int		 vessel;	/* index into the scene's vessels */
	int		 quay;
	int		 arrive;	/* day numbers from the first day */
	int		 depart;
	double		 cx, cy, angle;	/* design pixels */
	int64_t		 track;
	int		 first_seen;	/* truth: -1 if never observed */
	int		 last_seen;
	int		 sightings;
};

struct demo_stack {
	int		 quay;
	int		 first;		/* day numbers */
	int		 last;
	double		 cx, cy;	/* design pixels */
	int		 cols, rows;
	int64_t		 track;
	int		 call;		/* the call that brought it, or -1 */
	uint32_t	 seed;
	int		 first_seen;
	int		 last_seen;
};

struct demo_image {
	int		 day;
	int		 minute;	/* of the day, UTC */
	int		 quality;	/* QUALITY_* from store.h */
	int		 png;
	char		 name[64];
	uint32_t	 seed;
	double		 light;		/* illumination factor */
};

struct demo_scene {
	uint32_t		 seed;
	double			 scale;
	int			 width;
	int			 height;
	int64_t			 day0;		/* UTC seconds of day 0 */
	struct demo_vessel	*vessels;
	size_t			 nvessels;
	struct demo_call	*calls;
	size_t			 ncalls;
	struct demo_stack	*stacks;
	size_t			 nstacks;
	struct demo_image	*images;
	size_t			 nimages;
	uint8_t			*base;		/* static background, RGB */
};

/* scenario.c */
int	 scenario_build(struct demo_scene *, uint32_t, double, char *,
	     size_t);
void	 scenario_free(struct demo_scene *);
int	 scenario_observed(const struct demo_scene *, size_t);

/* paint.c */
void	 paint_background(struct demo_scene *);
void	 paint_image(const struct demo_scene *, size_t, uint8_t *);

#endif
