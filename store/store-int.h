/*
 * store-int.h: what the files of store/ share and nobody else sees: the
 * connection, the prepared-statement cache, transactions and the audit
 * writer.
 */
#ifndef QM_STORE_INT_H
#define QM_STORE_INT_H

#include "db.h"
#include "store.h"

#define STORE_STMT_CACHE 96
#define STORE_USER_MAX	 64

struct stmt_slot {
	const char	*sql;		/* the literal's address is the key */
	struct db_stmt	*stmt;
};

struct store {
	struct db	*db;
	char		*path;
	char		 user[STORE_USER_MAX];
	int		 readonly;
	char		 ro_reason[256];
	int		 depth;		/* transaction nesting */
	int		 failed;	/* an inner step failed: roll back */
	/* PostgreSQL: this user was found to be a writer (user.c's
	 * may_write_cached), on connection writer_gen */
	int		 writer_ok;
	unsigned	 writer_gen;
	/* store_sighting_each's callback, for the SQL function it runs */
	store_sighting_fn sight_fn;
	void		*sight_ctx;
	int		 sight_mask;
	int		 sight_stop;
	int		 sight_registered;
	int		 sight_direct;	/* marks, not the sighting table */
	int64_t		 seen_version;	/* store_changed without a feed */
	int		 seen_ok;
	struct stmt_slot cache[STORE_STMT_CACHE];
	size_t		 ncache;
};

/* A mark m on image i that this user may see (blind images: see store.c). */
#define MARK_VISIBLE "(i.blind = 0 OR qm_sees(m.author))"

/*
 * The verdict image i shows this user: on a blind image an analyst sees
 * their own (table verdict, schema 4); supervisors and everyone on an
 * image that is not blind see the settled one. qm_sees(NULL) is true
 * only for supervisors.
 */
#define IMAGE_QUALITY "(CASE WHEN i.blind = 0 OR qm_sees(NULL) " \
	"THEN i.quality ELSE coalesce((SELECT v.quality FROM verdict v " \
	"WHERE v.image_id = i.id AND v.\"user\" = qm_user()), " \
	"'unreviewed') END)"

/*
 * What another analyst did on a blind image stays hidden from this one:
 * written by `who` on image `img`, is it hidden? (supervisors see all;
 * what supervisors write is for everyone)
 */
#define HIDDEN_BLIND(who, img) "(NOT qm_sees(" who ") AND " who " NOT IN " \
	"(SELECT name FROM \"user\" WHERE role = 'supervisor') AND " img \
	" IN (SELECT id FROM image WHERE blind = 1))"

/* store.c */
struct db_stmt	*stmt_get(struct store *, const char *, char *, size_t);
int		 db_err(struct store *, char *, size_t, const char *);
int		 tx_begin(struct store *, char *, size_t);
int		 tx_begin_late(struct store *, char *, size_t);
int		 tx_end(struct store *, int, char *, size_t);
int		 check_writable(struct store *, char *, size_t);
void		 bind_date_range(struct db_stmt *, int,
		     const struct store_filter *);
char		*col_strdup(struct db_stmt *, int);
int		 step_done(struct store *, struct db_stmt *, char *, size_t,
		     const char *);
void		 now_iso(char *, size_t);
int		 step_id(struct store *, struct db_stmt *, int64_t *, char *,
		     size_t, const char *);
typedef int	(*row_fill_fn)(struct db_stmt *, void *, void *);
void		*rows_fill(struct db_stmt *, size_t, size_t, row_fill_fn, void *,
		     size_t *, int *);

/* schema.c */
int		 schema_migrate(struct store *, int, char *, size_t);

/* audit.c */
int		 audit_add(struct store *, const char *, const char *, int64_t,
		     const char *, const char *, char *, size_t);

/* user.c */
int		 check_role(struct store *, int, const char *, char *, size_t);
void		 role_forget(struct store *);

/* assign.c */
int		 verdict_put(struct store *, const struct store_image *,
		     const char *, char *, size_t);

/* mark.c */
char		*mark_json(const struct store_mark *);

#endif
