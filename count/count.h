/*
 * count.h: the count engine: marks to sightings, identities, calls,
 * stacks and dwell, coverage, and whether a change is real.
 */
#ifndef QM_COUNT_H
#define QM_COUNT_H

#include <stddef.h>
#include <stdint.h>

#include "../geo/geo.h"
#include "../store/store.h"

/* period.c: days, ISO weeks and months, UTC. */
enum period_kind {
	PERIOD_DAY,
	PERIOD_WEEK,
	PERIOD_MONTH
};
int64_t	 period_start(int, int64_t);
int64_t	 period_next(int, int64_t);
void	 period_label(int, int64_t, char *, size_t);
int	 period_parse(const char *);

/* poisson.c: Poisson and binomial tails, the test of two rates. */
double	 poisson_lower(int, double);
double	 poisson_upper(int, double);
double	 binom_lower(int, int, double);
double	 binom_upper(int, int, double);
struct rate_test {
	double	 p_lower;	/* P(X <= x): evidence of a drop */
	double	 p_upper;	/* P(X >= x): evidence of a surge */
	double	 ratio;		/* (x / t) / (y / s); INFINITY, NAN */
	double	 lo, hi;	/* its exact interval; hi may be INFINITY */
};
void	 rate_test(int, double, int, double, double, struct rate_test *);

/* agreement.c: two analysts' marks and verdicts compared. */
struct agree_opts {
	const char	*analyst[2];	/* [0] is the reference */
	int64_t		 site_id;	/* 0: every site */
	int		 has_from, has_to;
	int64_t		 from, to;
	double		 iou;		/* boxes match at or above */
	double		 point_dist;	/* points match within, pixels */
};
struct agree_class {
	int64_t		 class_id;
	size_t		 a, b;		/* marks each made */
	size_t		 matched;
	double		 iou_sum;	/* over matched boxes */
	size_t		 iou_n;
	double		 count_diff_sum;	/* |count A - count B|, matched */
	size_t		 count_n;
};
struct agree_image {
	int64_t		 image_id;
	int64_t		 acquired;
	int		 labelled[2];
	int64_t		 marks[2];
	size_t		 matched;
	int		 verdict[2];	/* QUALITY_*, -1: none given */
};
struct agree_result {
	struct agree_class	*classes;
	size_t			 nclasses;
	struct agree_image	*images;	/* both labelled, by time */
	size_t			 nimages;
	size_t			 count_equal;	/* images with as many marks */
	double			 count_diff_sum;
	int			 has_kappa;
	double			 kappa, observed, expected;
	size_t			 kappa_n;	/* images both gave a verdict */
};
int	 agreement_run(struct store *, const struct agree_opts *,
	     struct agree_result *, char *, size_t);
void	 agreement_free(struct agree_result *);

/* engine.c: marks to calls and stacks. */
struct count_opts {
	int64_t		 site_id;
	int64_t		 quay_id;	/* 0: every quay of the site */
	int64_t		 class_id;	/* what makes calls (ship) */
	int64_t		 stack_class_id;	/* 0: no stacks */
	int		 has_from, has_to;
	int64_t		 from, to;	/* the periods reported */
	int		 status_mask;	/* marks counted (0: all) */
	int		 period;
	double		 iou;		/* automatic association */
	double		 point_dist;	/* pixels, for point marks */
	int		 gap_days;	/* longest gap inside one call */
	int		 attach_days;	/* stacks after a call belong to it */
	int		 baseline;	/* periods in the baseline */
	double		 alpha;
	int		 min_days;	/* observed days for a verdict */
	double		 min_cover;	/* share of a quay an image must show */
	int		 evidence;	/* keep what evidence.c shows (below) */
};
void	 count_opts_default(struct count_opts *);

enum identity_kind {
	IDENTITY_NAME,
	IDENTITY_TRACK,
	IDENTITY_AUTO
};

/* A call (for the call class) or a stack (for the stack class). */
struct count_track {
	size_t		 quay;
	int		 kind;		/* enum identity_kind */
	char		*identity;	/* name, "track 17" or "auto 3" */
	int64_t		 key;		/* name index, track or auto number */
	int64_t		 first, last;	/* first and last sighting, UTC */
	int64_t		 before;	/* the observation before without it */
	int64_t		 after;		/* the observation after without it */
	int		 has_before, has_after;
	int		 sightings;
	int64_t		 first_image, last_image;
	int64_t		 before_image, after_image;	/* when has_* */
	int64_t		*first_marks, *last_marks;	/* with o->evidence: the
						   counted sightings on the
						   first and last image */
	size_t		 nfirst, nlast;
	int64_t		 count_max;	/* stacks: containers, when counted */
	int		 has_count;
	long		 call;		/* stacks: the call it came with, -1 */
	int		 reported;	/* arrives in a reported period */
};

/* A mark the count could not use, or used with a doubt. */
enum count_warning_kind {
	WARN_NOT_OBSERVED,	/* on an image that is no observation of its
				   quay, and no call or stack near it */
	WARN_DUPLICATE		/* unnamed, overlaps another on the same image */
};
struct count_warning {
	int		 kind;		/* enum count_warning_kind */
	size_t		 quay;
	int64_t		 mark_id;
	int64_t		 image_id;
	int64_t		 t;		/* the image's time, UTC */
	int64_t		 other_mark_id;	/* WARN_DUPLICATE: the one kept */
	int		 cls;		/* 0: the call class, 1: stacks */
	char		*identity;	/* name, "track 17" or "unnamed" */
	int		 has_identity;	/* 0: unnamed and untracked */
	int		 idkind;	/* its enum identity_kind, */
	int64_t		 idkey;		/* and key, as count_track's */
	const char	*reason;	/* static text */
};

struct count_period {
	size_t		 quay;
	int64_t		 start, end;	/* [start, end) UTC */
	char		 label[16];
	int		 calls;
	char		**vessels;	/* distinct names of the calls */
	size_t		 nvessels;
	int		 ship_days;
	int		 stacks_appeared;
	int		 stacks_removed;
	int64_t		 containers_max;
	double		 containers_mean;
	double		 dwell_median;	/* days, NAN when no stack */
	double		 dwell_max;
	double		 dwell_max_upper;
	int		 observed_days;
	double		 observed_share;
	int		 unreviewed;
	int		 has_expected;
	double		 expected;
	double		 change;	/* (calls - expected) / expected */
	int		 base_calls;	/* in the baseline periods */
	int		 base_days;	/* their observed days */
	double		 ratio;		/* rate ratio to the baseline, NAN */
	double		 ratio_lo, ratio_hi;	/* its exact 95 % interval */
	double		 p_value;
	const char	*verdict;
};

struct count_result {
	struct quay_locator	*ql;
	int64_t			*quay_ids;	/* the quays counted */
	size_t			 nquays;
	struct count_track	*calls;
	size_t			 ncalls;
	struct count_track	*stacks;
	size_t			 nstacks;
	struct count_period	*periods;	/* by quay, then time */
	size_t			 nperiods;
	size_t			 unassigned;	/* sightings in no quay */
	size_t			 marks_read;
	struct count_warning	*warnings;	/* in reported periods */
	size_t			 nwarnings;
	int64_t			 from, to;	/* reported: [from, to) UTC */
	/* With o->evidence: the site's images by time, and for counted quay
	 * q and image i, [q * nimages + i], the share of the quay the image
	 * shows and whether it was an observation of it. */
	size_t			 nimages;
	int64_t			*image_ids, *image_times;
	float			*cover;
	unsigned char		*observed;
};
int	 count_run(struct store *, const struct count_opts *,
	     struct count_result *, char *, size_t);
void	 count_result_free(struct count_result *);
const char *count_quay_name(const struct count_result *, size_t);
void	 count_ratio_text(const struct count_period *, char *, size_t);

/* live.c: the report view's count, kept up to date mark by mark. */
struct count_live;
int	 count_live_open(struct store *, const struct count_opts *,
	     struct count_live **, char *, size_t);
int	 count_live_update(struct count_live *, char *, size_t);
const struct count_result *count_live_result(const struct count_live *);
unsigned long count_live_recounts(const struct count_live *);
void	 count_live_free(struct count_live *);

/* evidence.c: the images and marks behind a report, for --evidence. */
enum evidence_role {
	EVIDENCE_BEFORE,	/* the observation before, without it */
	EVIDENCE_FIRST,		/* the first sighting */
	EVIDENCE_LAST,		/* the last sighting (when another image) */
	EVIDENCE_AFTER,		/* the observation after, without it */
	EVIDENCE_MARK,		/* a warning's image, with its mark */
	EVIDENCE_ROLES
};
enum evidence_kind {
	EVIDENCE_CALL,
	EVIDENCE_STACK,
	EVIDENCE_WARNING
};
struct evidence_mark {
	int64_t	 id, version;
	int	 status;
};
struct evidence_shot {
	size_t			 period;	/* index in res->periods */
	int			 kind;		/* enum evidence_kind */
	size_t			 track;		/* in res->calls, ->stacks or
						   ->warnings */
	int			 role;		/* enum evidence_role */
	size_t			 quay;		/* locator index */
	struct store_image	 im;
	struct evidence_mark	*marks;		/* the sightings on im */
	size_t			 nmarks;
};
struct evidence_day {
	size_t	 period;
	int64_t	 image_id, acquired;
	int	 quality;
	char	*path;
	double	 cover;		/* share of the quay the image shows */
	int	 observed;	/* counted as an observation */
};
struct count_evidence {
	struct evidence_shot	*shots;
	size_t			 nshots;
	struct evidence_day	*days;		/* by period, then time */
	size_t			 ndays;
};
int	 count_evidence_collect(struct store *, const struct count_opts *,
	     struct count_result *, struct count_evidence *, char *, size_t);
void	 count_evidence_free(struct count_evidence *);
const char *evidence_role_name(int);

#endif
