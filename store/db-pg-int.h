/*
 * db-pg-int.h: what db-pg.c and db-pg-copy.c (PostgreSQL's streamed
 * reads) share and nothing else sees: the connection, the statement, a
 * stream's state, and the few helpers of db-pg.c the COPY code calls.
 * Inside store/ only, and only in the files that include <libpq-fe.h>.
 */
#ifndef QM_DB_PG_INT_H
#define QM_DB_PG_INT_H

#include <stddef.h>
#include <stdint.h>

#include <libpq-fe.h>

#include "db.h"

#define PG_TEXTOID	25	/* pg_type.oids: text, */
#define PG_INT8OID	20	/* bigint, */
#define PG_FLOAT8OID	701	/* double precision */
#define PG_MSG_MAX	512

struct db {
	struct db_head	 head;
	PGconn		*conn;
	char		*target;	/* for reconnecting */
	char		 shown[256];	/* target for messages, no password */
	int		 flags;
	unsigned	 gen;		/* bumped by each reconnect */
	unsigned	 seq;		/* statement names */
	int		 changes;
	int		 code;		/* the last failure's db code */
	int		 tx_open;	/* a transaction was open at last look */
	int		 lost_tx;	/* the connection dropped inside one */
	char		 ro_reason[128];
	char		 msg[PG_MSG_MAX];
	/* others' changes (pg_watch): LISTENing on connection listen_gen */
	unsigned	 listen_gen;
	int		 listening, nofeed, impatient;
	int		 down;		/* impatient, and a try failed */
	struct db_stmt	*streaming;	/* its COPY runs (db_stream) */
	/* what a transaction holds back to send with its next statement
	 * (see flush_with): BEGIN, the chain lock, queued statements */
	int		 begin_pending;
	int		 lock_pending;
	int		 lock_late;	/* the lock waits for the queue */
	struct pg_queued *queue;
	size_t		 nqueue, capqueue;
};

struct db_stmt {
	struct db_head	 head;
	struct db	*db;
	char		 name[24];
	char		*sql;		/* with $n placeholders */
	int		 nparams;
	char		**vals;		/* each parameter as text; NULL: NULL */
	Oid		*types;		/* 0, or text where the server could
					 * not infer one (`? IS NULL`) */
	unsigned	 gen;		/* prepared on this connection */
	PGresult	*res;
	int		 row, nrows, ran;
	int		 stream;	/* db_stream: read it by COPY */
	struct pg_copy	*copy;		/* that COPY, once begun */
};

/* A stream's columns (described once per connection) and its tuple. */
struct pg_copy {
	unsigned	 gen;		/* described on this connection */
	int		 ncols;		/* -1: a column it cannot decode */
	int		*size;		/* copy_types' size of each column, */
	int		*real;		/* and whether it is a float */
	int		 on;		/* the COPY is running */
	int		 header;	/* its file header is still to come */
	char		*buf;		/* the tuple PQgetCopyData gave */
	unsigned char	**at;		/* each column's bytes; NULL: NULL */
	uint32_t	*len;		/* and their length */
	char		(*num)[32];	/* a number column as text */
};

/* db-pg.c's, for the COPY code: see each one's comment there. */
int	 pg_set_error(struct db *, const PGresult *);
int	 pg_reconnect_wait(struct db *);
int	 pg_ensure_conn(struct db *);
void	 pg_note_tx(struct db *);
int	 pg_settle(struct db *);
size_t	 pg_sql_quoted(const char *);
int	 pg_prepare_on_server(struct db_stmt *);

/* db-pg-copy.c's: a statement read by COPY (db_stream). */
int	 pg_copy_begin(struct db_stmt *);
int	 pg_copy_step(struct db_stmt *);
void	 pg_copy_stop(struct db_stmt *);
void	 pg_copy_free(struct pg_copy *);
double	 pg_copy_real(const struct pg_copy *, int);
int64_t	 pg_copy_int(const struct pg_copy *, int);
const char *pg_copy_text(struct pg_copy *, int);

#endif
