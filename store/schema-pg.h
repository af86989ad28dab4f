/*
 * schema-pg.h: what db-pg.c needs of schema-pg.c (the PostgreSQL schema,
 * its migrations and its roles). Inside store/ only.
 */
#ifndef QM_SCHEMA_PG_H
#define QM_SCHEMA_PG_H

#include <stddef.h>

struct db;

/* pg_advisory_xact_lock's key for the audit chain's tail ("QYMK"). */
#define SCHEMA_PG_CHAIN_KEY "1364806987"

/*
 * The channel every committed change is announced on, and the trigger
 * on audit that announces it (in a fresh schema; db-pg.c adds it to a
 * database made before it).
 */
#define SCHEMA_PG_CHANNEL "quaymark"
extern const char schema_pg_notify_sql[];

/*
 * Check the database is quaymark's and of a schema this build knows;
 * with DB_OPEN_CREATE make it, and bring an older one up to date.
 * `shown` names the target in messages.
 */
int	 schema_pg_open(struct db *, int flags, const char *shown, char *,
	    size_t);
/* What `db init` did: roles made or found, PostGIS views or not. */
int	 schema_pg_describe(struct db *, char *, size_t);
int	 pg_session_user(struct db *, char *, size_t, char *, size_t);
/* SQLite's placeholders (? and ?NNN) as $n; *n the count (tests). */
char	*pg_rewrite_params(const char *, int *);
/* target as messages may show it: a password in it becomes ***. */
void	 pg_target_shown(const char *, char *, size_t);

#endif
