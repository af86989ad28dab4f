/*
 * export.h: datasets out and in. Every reader turns a file into import
 * items; one committer (import.c) matches them to the catalog and writes
 * them all or none, per file.
 */
#ifndef QM_EXPORT_H
#define QM_EXPORT_H

#include <stddef.h>
#include <stdint.h>

#include "../store/store.h"
#include "../util/util.h"

/* One object read from a label file, before it meets the catalog. */
struct import_item {
	size_t	 line;		/* where it was, for messages */
	char	*image;		/* file name to match in the catalog */
	char	*site;		/* NULL: any site */
	char	*class_name;
	int	 kind;
	double	 cx, cy, w, h, angle;
	char	*name;
	int	 has_count;
	int64_t	 count;
	char	*state;
	char	*note;
	int	 has_track;
	int64_t	 track;
	char	*author;	/* NULL: the importing user */
	int	 status;	/* -1: pending */
	char	*reason;
	int	 check_bounds;	/* refuse geometry outside the image */
};

struct import_items {
	struct import_item	*v;
	size_t			 n;
	size_t			 cap;
	int			 empty_ok;	/* "no objects" is an answer */
};

struct import_item	*import_items_add(struct import_items *, size_t);
void			 import_items_free(struct import_items *);

struct import_opts {
	const char	*as_proposals;	/* model name, or NULL */
	const char	**map_from;	/* --map FROM=TO pairs */
	const char	**map_to;
	size_t		 nmap;
	int		 new_classes;
	const char	*site;		/* restrict matching to a site */
};

struct import_result {
	size_t	 added;
	size_t	 duplicates;
	int	 status_dropped;	/* non-supervisor: verdicts not kept */
};

/* import.c */
int	 import_commit(struct store *, const char *, struct import_items *,
	     const struct import_opts *, struct import_result *, char *,
	     size_t);

/* interchange.c: quaymark's own CSV. */
extern const char *const interchange_columns[];
void	 interchange_header(struct buf *);
void	 interchange_row(struct buf *, const struct store_mark *,
	     const char *);
int	 interchange_read(const char *, const char *, size_t,
	     struct import_items *, char *, size_t);

#endif
