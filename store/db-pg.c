/*
 * db-pg.c: the PostgreSQL engine behind db.h, through libpq (it and
 * db-pg-copy.c are the only files that include <libpq-fe.h>). A target is a
 * libpq URI or connection string (postgresql://..., service=NAME, host=...
 * dbname=...). Statements are prepared once per connection (PQprepare),
 * their `?` placeholders rewritten to `$n`; every parameter goes as text
 * with type 0, so the server infers it from where it is used, and results
 * come back as text. The server's SQLSTATEs become db codes with one line
 * for a person. A connection found dropped between transactions is made
 * again, with backoff; one dropped inside a transaction fails that change
 * (the server rolled it back, so nothing acknowledged is lost) and the next
 * call reconnects. Streamed reads (db_stream, a binary COPY) are in
 * db-pg-copy.c; db-pg-int.h holds what the two files share.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include <libpq-fe.h>

#include "db.h"
#include "db-pg-int.h"
#include "schema-pg.h"
#include "store.h"
#include "../util/util.h"

#define PG_RECONNECTS	6	/* tries, 0.1 s doubling: ~6 s in all */

/* A statement queued by db_step_at_commit: its name and its values. */
struct pg_queued {
	char		 name[24];
	int		 n;
	char		**vals;
};

/* Messages name the target without a password that it may carry. */
void
pg_target_shown(const char *t, char *out, size_t len)
{
	const char	*at, *colon, *pw;
	struct buf	 b;

	buf_init(&b);
	if (strncmp(t, "postgres", 8) == 0 && (at = strchr(t, '@')) != NULL &&
	    (colon = strchr(strstr(t, "://") + 3, ':')) != NULL &&
	    colon < at) {
		buf_add(&b, t, (size_t)(colon - t));
		buf_puts(&b, ":***");
		buf_puts(&b, at);
	} else if ((pw = strstr(t, "password=")) != NULL) {
		buf_add(&b, t, (size_t)(pw - t));
		buf_puts(&b, "password=***");
		pw += 9;
		while (*pw != '\0' && *pw != ' ')
			pw++;
		buf_puts(&b, pw);
	} else
		buf_puts(&b, t);
	buf_putc(&b, '\0');
	snprintf(out, len, "%s", b.data);
	buf_free(&b);
}

/* libpq's messages span lines ("ERROR: ...\nDETAIL: ..."): keep one. */
static void
one_line(char *out, size_t len, const char *s)
{
	size_t	 i = 0;

	while (*s == ' ' || *s == '\n')
		s++;
	for (; *s != '\0' && i + 1 < len; s++) {
		if (*s == '\n') {
			while (s[1] == ' ' || s[1] == '\n' || s[1] == '\t')
				s++;
			if (s[1] == '\0')
				break;
			if (i + 3 >= len)
				break;
			out[i++] = ';';
			out[i++] = ' ';
			continue;
		}
		out[i++] = (*s == '\t' || *s == '\r') ? ' ' : *s;
	}
	out[i] = '\0';
}

/* SQLSTATE classes and codes, and what each means to the store. */
static const struct {
	const char	*state;		/* a code, or a two-letter class */
	int		 code;
} pg_codes[] = {
	{ "40001", DB_BUSY },		/* serialization_failure */
	{ "40P01", DB_BUSY },		/* deadlock_detected */
	{ "55P03", DB_BUSY },		/* lock_not_available (lock_timeout) */
	{ "57014", DB_BUSY },		/* query_canceled (a timeout) */
	{ "57P01", DB_GONE },		/* admin_shutdown */
	{ "57P02", DB_GONE },		/* crash_shutdown */
	{ "57P03", DB_GONE },		/* cannot_connect_now */
	{ "25006", DB_READONLY },	/* read_only_sql_transaction */
	{ "53100", DB_FULL },		/* disk_full */
	{ "XX001", DB_CORRUPT },	/* data_corrupted */
	{ "XX002", DB_CORRUPT },	/* index_corrupted */
	{ "42501", DB_PERM },		/* insufficient_privilege, RLS */
	{ "23", DB_CONSTRAINT },	/* integrity constraint violation */
	{ "08", DB_GONE },		/* connection exception */
	{ "28", DB_PERM },		/* invalid authorization */
	{ "53", DB_FULL },		/* insufficient resources */
	{ "58", DB_IO },		/* system error (I/O) */
	{ "P0", DB_CONSTRAINT },	/* a trigger's RAISE */
};

static int
code_of(const char *state)
{
	size_t	 i;

	if (state == NULL)
		return DB_ERROR;
	for (i = 0; i < QM_NELEM(pg_codes); i++)
		if (strncmp(state, pg_codes[i].state,
		    strlen(pg_codes[i].state)) == 0)
			return pg_codes[i].code;
	return DB_ERROR;
}

/* Keep the failure of res (or of the connection) as code and message. */
int
pg_set_error(struct db *db, const PGresult *res)
{
	const char	*state = NULL, *m = NULL;

	if (res != NULL) {
		state = PQresultErrorField(res, PG_DIAG_SQLSTATE);
		m = PQresultErrorField(res, PG_DIAG_MESSAGE_PRIMARY);
	}
	db->code = code_of(state);
	/* no SQLSTATE: libpq's own failure, which is the connection's
	 * (libpq may not have marked it bad yet: "server closed the
	 * connection unexpectedly") */
	if (PQstatus(db->conn) != CONNECTION_OK || state == NULL) {
		db->code = DB_GONE;
		one_line(db->msg, sizeof db->msg, PQerrorMessage(db->conn));
		if (db->msg[0] == '\0')
			snprintf(db->msg, sizeof db->msg, "connection lost");
		if (db->tx_open)
			db->lost_tx = 1;
		db->tx_open = 0;
		return db->code;
	}
	if (m == NULL)
		m = res != NULL ? PQresultErrorMessage(res) :
		    PQerrorMessage(db->conn);
	if (db->code == DB_BUSY && state != NULL && strcmp(state, "55P03") ==
	    0)
		m = "database is locked by another session (lock_timeout)";
	one_line(db->msg, sizeof db->msg, m != NULL && *m ? m : "error");
	return db->code;
}

static void
quiet_notice(void *arg, const char *msg)
{
	(void)arg;
	(void)msg;	/* no printing below cmd/: NOTICEs are dropped */
}

/* How long to wait for a lock: $QUAYMARK_BUSY_MS or STORE_BUSY_MS. */
static long
busy_ms(void)
{
	const char	*e = getenv("QUAYMARK_BUSY_MS");
	char		*end;
	long		 v;

	if (e != NULL && (v = strtol(e, &end, 10)) >= 0 && *end == '\0' &&
	    v <= 3600000)
		return v;
	return STORE_BUSY_MS;
}

/* Run sql with no parameters on the bare connection; -1 on failure. */
static int
run_plain(struct db *db, const char *sql)
{
	PGresult	*res;
	int		 rc = 0;

	res = PQexec(db->conn, sql);
	if (PQresultStatus(res) != PGRES_COMMAND_OK &&
	    PQresultStatus(res) != PGRES_TUPLES_OK) {
		pg_set_error(db, res);
		rc = -1;
	}
	PQclear(res);
	return rc;
}

/* One connection attempt, with the session set up as the store needs. */
static int
connect_once(struct db *db)
{
	static const char *const keys[] = { "dbname",
	    "fallback_application_name", "connect_timeout", NULL };
	const char	*vals[4];
	char		 sql[256];

	vals[0] = db->target;
	vals[1] = "quaymark";
	vals[2] = getenv("PGCONNECT_TIMEOUT") ? getenv("PGCONNECT_TIMEOUT") :
	    "10";
	vals[3] = NULL;
	if (db->conn != NULL)
		PQfinish(db->conn);
	db->conn = PQconnectdbParams(keys, vals, 1);
	if (db->conn == NULL) {
		db->code = DB_ERROR;
		snprintf(db->msg, sizeof db->msg, "out of memory");
		return -1;
	}
	if (PQstatus(db->conn) != CONNECTION_OK) {
		db->code = DB_GONE;
		one_line(db->msg, sizeof db->msg, PQerrorMessage(db->conn));
		return -1;
	}
	PQsetNoticeProcessor(db->conn, quiet_notice, NULL);
	/* jit off: the planner's cost of the report's million-row scan
	 * (its qm_sees subplan) buys half a second of JIT compiling per
	 * scan that the scan never wins back (bench/count-pg.sh) */
	snprintf(sql, sizeof sql, "SET client_encoding = 'UTF8'; "
	    "SET lock_timeout = %ld; SET client_min_messages = warning; "
	    "SET jit = off%s%s",
	    busy_ms(), (db->flags & DB_OPEN_READONLY) ?
	    "; SET default_transaction_read_only = on" : "",
	    (db->flags & DB_OPEN_BULK) ? "; SET synchronous_commit = off" :
	    "");
	if (run_plain(db, sql) != 0)
		return -1;
	db->gen++;
	db->tx_open = 0;
	return 0;
}

/*
 * An impatient connection (the TUI's, db_set_patient) that finds its
 * server gone tries once, then fails every call at once until
 * db_reconnect, its owner's backoff, makes it again: a key never waits
 * on a server that is away.
 */
static int
try_once(struct db *db)
{
	if (!db->down && connect_once(db) == 0)
		return 0;
	if (db->down)
		snprintf(db->msg, sizeof db->msg, "the connection to the "
		    "server is lost (reconnecting)");
	db->down = 1;
	db->code = DB_GONE;
	return -1;
}

/*
 * The connection was dropped (a server restart, a network cut): make it
 * again, waiting 0.1 s, 0.2 s, ... between tries. Statements are
 * prepared again on their next use (their gen is old).
 */
int
pg_reconnect_wait(struct db *db)
{
	struct timespec	 t;
	long		 ms = 100;
	int		 i;

	if (db->impatient)
		return try_once(db);
	for (i = 0; i < PG_RECONNECTS; i++) {
		if (connect_once(db) == 0)
			return 0;
		t.tv_sec = ms / 1000;
		t.tv_nsec = (ms % 1000) * 1000000L;
		nanosleep(&t, NULL);
		ms *= 2;
	}
	return -1;
}

/*
 * Before any call that talks to the server: is the connection there? If
 * it dropped inside a transaction, that transaction is gone: every
 * statement of it fails (DB_GONE) until its ROLLBACK; between
 * transactions the connection is made again.
 */
int
pg_ensure_conn(struct db *db)
{
	if (db->streaming != NULL) {
		db->code = DB_ERROR;
		snprintf(db->msg, sizeof db->msg, "a streamed read is still "
		    "open on this connection");
		return -1;
	}
	if (db->lost_tx) {
		db->code = DB_GONE;
		snprintf(db->msg, sizeof db->msg, "the connection to the "
		    "server was lost during a change, which was not saved");
		return -1;
	}
	if (PQstatus(db->conn) == CONNECTION_OK)
		return 0;
	if (db->tx_open) {
		db->tx_open = 0;
		db->lost_tx = 1;
		return pg_ensure_conn(db);
	}
	if (pg_reconnect_wait(db) != 0) {
		db->code = DB_GONE;
		return -1;
	}
	return 0;
}

void
pg_note_tx(struct db *db)
{
	PGTransactionStatusType	 t = PQtransactionStatus(db->conn);

	db->tx_open = t == PQTRANS_INTRANS || t == PQTRANS_INERROR ||
	    t == PQTRANS_ACTIVE;
}

/* One command of a pipeline: a prepared statement, or SQL (one). */
struct pg_cmd {
	const char		*name;		/* NULL: sql */
	const char		*sql;
	int			 n;
	const char *const	*vals;
};

static const char chain_lock_sql[] =
    "SELECT pg_advisory_xact_lock(" SCHEMA_PG_CHAIN_KEY ")";

static void
queue_drop(struct db *db)
{
	size_t	 i;
	int	 k;

	for (i = 0; i < db->nqueue; i++) {
		for (k = 0; k < db->queue[i].n; k++)
			free(db->queue[i].vals[k]);
		free(db->queue[i].vals);
	}
	db->nqueue = 0;
}

/* Has the transaction anything held back to send? */
static int
deferred(const struct db *db)
{
	return db->begin_pending || db->nqueue > 0 ||
	    (db->lock_pending && !db->lock_late);
}

/*
 * Send the n commands in one round trip (libpq's pipeline mode) and read
 * their results; the last one's is kept in *last when it succeeded. DB_OK,
 * or the first failure's code (the server skipped the commands after it).
 */
static int
pipeline(struct db *db, const struct pg_cmd *c, size_t n, PGresult **last,
    size_t *failed)
{
	PGresult	*res;
	ExecStatusType	 es;
	size_t		 i, sent = 0;
	int		 rc = DB_OK;

	*failed = 0;
	if (PQenterPipelineMode(db->conn) != 1)
		return pg_set_error(db, NULL);
	for (i = 0; i < n; i++, sent++)
		if ((c[i].name != NULL ? PQsendQueryPrepared(db->conn,
		    c[i].name, c[i].n, c[i].vals, NULL, NULL, 0) :
		    PQsendQueryParams(db->conn, c[i].sql, 0, NULL, NULL, NULL,
		    NULL, 0)) != 1)
			break;
	/* what was sent is read back even when a send failed, so the
	 * connection leaves pipeline mode */
	if (PQpipelineSync(db->conn) != 1)
		return pg_set_error(db, NULL);
	*failed = sent;
	if (sent < n)
		rc = pg_set_error(db, NULL);
	for (i = 0; i < sent; i++) {
		while ((res = PQgetResult(db->conn)) != NULL) {
			es = PQresultStatus(res);
			if (es == PGRES_FATAL_ERROR && rc == DB_OK) {
				rc = pg_set_error(db, res);
				*failed = i;
			}
			if (i + 1 == sent && last != NULL && rc == DB_OK &&
			    (es == PGRES_TUPLES_OK || es == PGRES_COMMAND_OK)) {
				PQclear(*last);
				*last = res;
			} else
				PQclear(res);
		}
		if (PQstatus(db->conn) != CONNECTION_OK) {
			if (rc == DB_OK)
				*failed = i;
			break;
		}
	}
	/* the sync's own result, then the connection is idle again */
	while (PQstatus(db->conn) == CONNECTION_OK &&
	    (res = PQgetResult(db->conn)) != NULL) {
		es = PQresultStatus(res);
		PQclear(res);
		if (es == PGRES_PIPELINE_SYNC)
			break;
	}
	if (PQstatus(db->conn) != CONNECTION_OK) {
		if (last != NULL) {
			PQclear(*last);
			*last = NULL;
		}
		return pg_set_error(db, NULL);
	}
	PQexitPipelineMode(db->conn);
	return rc;
}

/*
 * Send what the transaction held back -- BEGIN, the chain lock (for
 * db_begin_late, only before the first queued statement), the queued
 * statements -- and then the nthen commands of `then`, in one round
 * trip; the last one's result in *res. *failed: the index in `then` of
 * the first that failed (or whose answer never came); below 0, one held
 * back failed. A transaction whose BEGIN never reached a server stays
 * held back, to be sent again on a new connection.
 */
static int
flush_with(struct db *db, const struct pg_cmd *then, size_t nthen,
    PGresult **res, long *failed)
{
	struct pg_cmd	*c;
	size_t		 n = 0, i, bad;
	int		 rc, locked = 0, began = db->begin_pending;

	c = xcalloc(db->nqueue + 2 + nthen, sizeof *c);
	if (db->begin_pending)
		c[n++].sql = "BEGIN";
	if (db->lock_pending && (!db->lock_late || db->nqueue > 0)) {
		c[n++].sql = chain_lock_sql;
		locked = 1;
	}
	for (i = 0; i < db->nqueue; i++, n++) {
		c[n].name = db->queue[i].name;
		c[n].n = db->queue[i].n;
		c[n].vals = (const char *const *)db->queue[i].vals;
	}
	for (i = 0; i < nthen; i++)
		c[n++] = then[i];
	rc = pipeline(db, c, n, res, &bad);
	if (failed != NULL)
		*failed = (long)bad - (long)(n - nthen);
	free(c);
	if (rc == DB_GONE && began && db->nqueue == 0 && !db->lost_tx)
		return rc;	/* nothing of it was done: it may go again */
	db->begin_pending = 0;
	if (locked || rc != DB_OK)
		db->lock_pending = 0;
	queue_drop(db);
	return rc;
}

/* Before a call that needs the transaction's state on the server. */
int
pg_settle(struct db *db)
{
	int	 rc;

	if (!deferred(db) || PQstatus(db->conn) != CONNECTION_OK)
		return DB_OK;
	rc = flush_with(db, NULL, 0, NULL, NULL);
	pg_note_tx(db);
	return rc;
}

static void
pg_close(struct db *db)
{
	if (db == NULL)
		return;
	queue_drop(db);
	free(db->queue);
	PQfinish(db->conn);
	free(db->target);
	free(db);
}

static int
pg_open(struct db **out, const char *target, int flags, char *err,
    size_t errlen)
{
	struct db	*db;

	db = xcalloc(1, sizeof *db);
	db->head.engine = &db_pg_engine;
	db->target = xstrdup(target);
	db->flags = flags;
	pg_target_shown(target, db->shown, sizeof db->shown);
	if (flags & DB_OPEN_READONLY)
		snprintf(db->ro_reason, sizeof db->ro_reason,
		    "opened read-only");
	if (connect_once(db) != 0) {
		errf(err, errlen, "%s: cannot connect: %s", db->shown,
		    db->msg);
		pg_close(db);
		return -1;
	}
	if (!(flags & DB_OPEN_RAW) &&
	    schema_pg_open(db, flags, db->shown, err, errlen) != 0) {
		pg_close(db);
		return -1;
	}
	*out = db;
	return 0;
}

static const char *
pg_readonly_reason(const struct db *db)
{
	return db->ro_reason[0] != '\0' ? db->ro_reason : NULL;
}

/*
 * Is a failed call safe to make again on a new connection? Only when no
 * transaction was open (nothing of it can be half done) and the call
 * changes nothing by itself: BEGIN, or a SELECT outside a transaction.
 */
static int
may_retry(const struct db *db, int was_open, const char *sql)
{
	while (*sql == ' ' || *sql == '\n' || *sql == '(')
		sql++;
	return db->code == DB_GONE && !was_open && !db->lost_tx &&
	    (strncmp(sql, "BEGIN", 5) == 0 || strncasecmp(sql, "SELECT", 6)
	    == 0);
}

/* A transaction's end after its connection dropped: ROLLBACK is done. */
static int
end_lost(struct db *db, const char *sql, char *err, size_t errlen)
{
	db->lost_tx = 0;
	if (strncmp(sql, "ROLLBACK", 8) == 0)
		return DB_OK;
	db->code = DB_GONE;
	snprintf(db->msg, sizeof db->msg, "the connection to the server was "
	    "lost during a change, which was not saved");
	errf(err, errlen, "%s", db->msg);
	return db->code;
}

/*
 * The COMMIT of a late-lock change (db_begin_late), in the round trip of
 * its chain lock and audit row, as early lock release with a durable
 * acknowledgement. PostgreSQL releases a transaction's locks only after
 * its commit record is flushed, so with the chain lock held across the
 * flush, writers took turns one fsync each and group commit had nothing
 * to share. Here the change commits with synchronous_commit off (a user
 * setting, for this transaction only): the chain lock goes as soon as
 * the commit record is in the WAL buffers. The same trip then commits a
 * tiny transaction with synchronous_commit on that writes one WAL record
 * (a transactional logical message, which also gives it an xid: a
 * commit flushes only when its transaction has both; an xid alone, as
 * pg_current_xact_id() gives, commits without a flush), so its commit
 * flushes the WAL up to it; WAL is flushed in order, so that flush makes
 * the change durable too, and concurrent writers' flushes now share one
 * fsync (group commit). The change is acknowledged only when that
 * second COMMIT answered: if the connection breaks between the two, its
 * outcome is unknown and the caller gets an error, as for a COMMIT whose
 * answer never came.
 *   After a crash the chain is a prefix, never holed: a writer chains on
 * the tail only after the previous change's commit record is in the WAL
 * buffers, so its audit row is later in the WAL, and recovery replays a
 * prefix of the WAL. Others may see a change (NOTIFY, a TUI) a few ms
 * before it is on disk; a server crash in that window takes it away,
 * but its writer was never told it was saved. Costs an xid and ~100
 * bytes of WAL per change more. A bulk connection (DB_OPEN_BULK) waits
 * for no flush at all.
 */
static const struct pg_cmd durable_commit[] = {
	{ NULL, "SET LOCAL synchronous_commit = off", 0, NULL },
	{ NULL, "COMMIT", 0, NULL },
	{ NULL, "BEGIN", 0, NULL },
	{ NULL, "SELECT pg_logical_emit_message(true, 'quaymark', '')", 0,
	    NULL },
	{ NULL, "COMMIT", 0, NULL },
};
#define DURABLE_AFTER	2	/* commands of it up to the change's COMMIT */

/*
 * COMMIT or ROLLBACK of a transaction that held things back: a COMMIT
 * goes in the same round trip as they (the chain lock, the audit row,
 * COMMIT: writers wait for each other for no round trip to a client); a
 * ROLLBACK drops them. -1 when nothing was held back.
 */
static int
end_deferred(struct db *db, const char *sql)
{
	struct pg_cmd	 commit = { NULL, "COMMIT", 0, NULL };
	long		 failed;
	int		 rc, early;

	if (!deferred(db) || db->lost_tx)
		return -1;
	if (strncmp(sql, "ROLLBACK", 8) == 0 || (db->begin_pending &&
	    db->nqueue == 0)) {
		/* nothing sent, or what was sent is undone by ROLLBACK */
		queue_drop(db);
		db->lock_pending = 0;
		if (!db->begin_pending)
			return -1;
		db->begin_pending = 0;
		return DB_OK;
	}
	if (pg_ensure_conn(db) != 0)
		return db->code;
	early = db->lock_late && db->lock_pending && db->nqueue > 0 &&
	    !(db->flags & DB_OPEN_BULK);
	rc = early ? flush_with(db, durable_commit, sizeof durable_commit /
	    sizeof durable_commit[0], NULL, &failed) :
	    flush_with(db, &commit, 1, NULL, NULL);
	pg_note_tx(db);
	if (rc == DB_OK)
		db->changes = 0;
	else if (early && db->code == DB_GONE && failed >= DURABLE_AFTER)
		snprintf(db->msg, sizeof db->msg, "the connection to the "
		    "server was lost after the change was committed but before "
		    "it was known to be on disk: it may not be saved");
	return rc;
}

static int
pg_exec(struct db *db, const char *sql, char *err, size_t errlen)
{
	PGresult	*res;
	int		 end, was_open, tries, rc;

	end = (strncmp(sql, "ROLLBACK", 8) == 0 &&
	    strncmp(sql, "ROLLBACK TO", 11) != 0) ||
	    strncmp(sql, "COMMIT", 6) == 0;
	if (end && (rc = end_deferred(db, sql)) != -1) {
		if (rc != DB_OK)
			errf(err, errlen, "%s", db->msg);
		return rc;
	}
	if ((rc = pg_settle(db)) != DB_OK)
		return errf(err, errlen, "%s", db->msg), rc;
	for (tries = 0; tries < 2; tries++) {
		if (end && db->lost_tx)
			return end_lost(db, sql, err, errlen);
		if (pg_ensure_conn(db) != 0)
			return errf(err, errlen, "%s", db->msg), db->code;
		was_open = db->tx_open;
		res = PQexec(db->conn, sql);
		if (PQresultStatus(res) == PGRES_COMMAND_OK ||
		    PQresultStatus(res) == PGRES_TUPLES_OK) {
			db->changes = atoi(PQcmdTuples(res));
			PQclear(res);
			pg_note_tx(db);
			return DB_OK;
		}
		pg_set_error(db, res);
		PQclear(res);
		pg_note_tx(db);
		if (end && db->lost_tx)
			return end_lost(db, sql, err, errlen);
		if (!may_retry(db, was_open, sql) || pg_reconnect_wait(db) != 0)
			break;
	}
	errf(err, errlen, "%s", db->msg);
	return db->code;
}

/*
 * The length of the quoted string, quoted name or comment that starts at
 * p (up to the end of the text when it is not closed), 0 when none does:
 * placeholders are never looked for inside them.
 */
size_t
pg_sql_quoted(const char *p)
{
	const char	*e;

	if (*p == '\'' || *p == '"') {
		for (e = p + 1; *e != '\0'; e++)
			if (*e == *p) {
				if (e[1] != *p)
					return (size_t)(e + 1 - p);
				e++;	/* a doubled quote stays inside */
			}
		return (size_t)(e - p);
	}
	if (p[0] == '-' && p[1] == '-')
		return (e = strchr(p, '\n')) != NULL ? (size_t)(e - p) :
		    strlen(p);
	if (p[0] == '/' && p[1] == '*')
		return (e = strstr(p + 2, "*/")) != NULL ?
		    (size_t)(e + 2 - p) : strlen(p);
	return 0;
}

/*
 * SQLite's placeholders as PostgreSQL's: `?NNN` is $NNN, a bare `?` one
 * more than the largest so far. Quoted strings, quoted names and
 * comments are copied untouched. Returns the new text; *n the count.
 */
char *
pg_rewrite_params(const char *sql, int *n)
{
	struct buf	 b;
	const char	*p = sql;
	size_t		 q;
	int		 max = 0, v;

	buf_init(&b);
	while (*p != '\0') {
		if ((q = pg_sql_quoted(p)) > 0) {
			buf_add(&b, p, q);
			p += q;
		} else if (*p == '?') {
			p++;
			if (isdigit((unsigned char)*p)) {
				v = 0;
				while (isdigit((unsigned char)*p) && v < 100000)
					v = v * 10 + (*p++ - '0');
			} else
				v = max + 1;
			if (v > max)
				max = v;
			buf_printf(&b, "$%d", v);
		} else
			buf_putc(&b, *p++);
	}
	buf_putc(&b, '\0');
	*n = max;
	return buf_steal(&b);
}

/* "could not determine data type of parameter $3": 3, else 0. */
static int
untyped_param(const PGresult *res)
{
	const char	*state = PQresultErrorField(res, PG_DIAG_SQLSTATE);
	const char	*m = PQresultErrorField(res, PG_DIAG_MESSAGE_PRIMARY);
	const char	*d;

	if (state == NULL || (strcmp(state, "42P18") != 0 &&
	    strcmp(state, "42P08") != 0) || m == NULL ||
	    (d = strchr(m, '$')) == NULL)
		return 0;
	return atoi(d + 1);
}

/* The types tried, in turn, for a parameter the server cannot type. */
static const Oid guesses[] = { PG_TEXTOID, PG_INT8OID, PG_FLOAT8OID };

/*
 * A parameter first seen in `?2 IS NULL` has no type yet where the
 * server meets it (PostgreSQL types parameters in the order it reads
 * them), so it refuses the statement. Give such a parameter a type:
 * text, and when that makes another use fail ("operator does not exist:
 * bigint = text"), bigint, then double precision. Returns 1 to try
 * again, 0 when res is another failure.
 */
static int
guess_type(struct db_stmt *s, const PGresult *res, int *last, int *tries)
{
	const char	*state = PQresultErrorField(res, PG_DIAG_SQLSTATE);
	size_t		 g;
	int		 k;

	if ((k = untyped_param(res)) >= 1 && k <= s->nparams &&
	    s->types[k - 1] == 0) {
		s->types[k - 1] = guesses[0];
		*last = k;
		return 1;
	}
	if (*last == 0 || state == NULL || (strcmp(state, "42883") != 0 &&
	    strcmp(state, "42804") != 0) || ++*tries > 8)
		return 0;
	for (g = 0; g + 1 < QM_NELEM(guesses); g++)
		if (s->types[*last - 1] == guesses[g]) {
			s->types[*last - 1] = guesses[g + 1];
			return 1;
		}
	return 0;
}

/*
 * PQprepare, typing what the server cannot (guess_type). Inside a
 * transaction a failed prepare would abort it, so tries run under a
 * savepoint there.
 */
int
pg_prepare_on_server(struct db_stmt *s)
{
	struct db	*db = s->db;
	PGresult	*res;
	int		 n, last = 0, bumps = 0, sp = db->tx_open, rc = -1;

	if (sp && run_plain(db, "SAVEPOINT qm_prepare") != 0)
		return -1;
	for (n = 0; n < 4 * s->nparams + 8; n++) {
		res = PQprepare(db->conn, s->name, s->sql, s->nparams,
		    s->types);
		if (PQresultStatus(res) == PGRES_COMMAND_OK) {
			PQclear(res);
			rc = 0;
			break;
		}
		if (!guess_type(s, res, &last, &bumps)) {
			pg_set_error(db, res);
			PQclear(res);
			break;
		}
		PQclear(res);
		if (sp && run_plain(db, "ROLLBACK TO SAVEPOINT qm_prepare") != 0)
			break;
	}
	if (sp) {
		if (rc != 0)
			PQclear(PQexec(db->conn,
			    "ROLLBACK TO SAVEPOINT qm_prepare"));
		PQclear(PQexec(db->conn, "RELEASE SAVEPOINT qm_prepare"));
	}
	if (rc == 0)
		s->gen = db->gen;
	return rc;
}

static struct db_stmt *
pg_prepare(struct db *db, const char *sql, char *err, size_t errlen)
{
	struct db_stmt	*s;

	if (pg_ensure_conn(db) != 0) {
		errf(err, errlen, "%s", db->msg);
		return NULL;
	}
	s = xcalloc(1, sizeof *s);
	s->head.engine = &db_pg_engine;
	s->db = db;
	snprintf(s->name, sizeof s->name, "qm%u", ++db->seq);
	s->sql = pg_rewrite_params(sql, &s->nparams);
	if (s->nparams > 0) {
		s->vals = xcalloc((size_t)s->nparams, sizeof *s->vals);
		s->types = xcalloc((size_t)s->nparams, sizeof *s->types);
	}
	if (pg_prepare_on_server(s) != 0) {
		errf(err, errlen, "%s", db->msg);
		free(s->vals);
		free(s->types);
		free(s->sql);
		free(s);
		return NULL;
	}
	return s;
}

static void
clear_vals(struct db_stmt *s)
{
	int	 i;

	for (i = 0; i < s->nparams; i++) {
		free(s->vals[i]);
		s->vals[i] = NULL;
	}
}

static void
pg_reset(struct db_stmt *s)
{
	if (s->copy != NULL) {
		if (s->copy->on)
			pg_copy_stop(s);
		PQfreemem(s->copy->buf);
		s->copy->buf = NULL;
	}
	PQclear(s->res);
	s->res = NULL;
	s->ran = 0;
	s->row = s->nrows = 0;
	clear_vals(s);
}

static void
pg_finalize(struct db_stmt *s)
{
	char	 sql[48];

	pg_settle(s->db);	/* it may be queued */
	pg_reset(s);
	/* A statement of a connection since made again died with it. */
	if (s->gen == s->db->gen && PQstatus(s->db->conn) == CONNECTION_OK &&
	    PQtransactionStatus(s->db->conn) != PQTRANS_INERROR) {
		snprintf(sql, sizeof sql, "DEALLOCATE %s", s->name);
		PQclear(PQexec(s->db->conn, sql));
	}
	pg_copy_free(s->copy);
	free(s->vals);
	free(s->types);
	free(s->sql);
	free(s);
}

static void
pg_stream(struct db_stmt *s)
{
	s->stream = 1;
}

static int
pg_param_count(struct db_stmt *s)
{
	return s->nparams;
}

static void
put_val(struct db_stmt *s, int i, char *v)
{
	if (i < 1 || i > s->nparams) {
		free(v);
		return;
	}
	free(s->vals[i - 1]);
	s->vals[i - 1] = v;
}

static void
pg_bind_int64(struct db_stmt *s, int i, int64_t v)
{
	char	 num[24];

	snprintf(num, sizeof num, "%lld", (long long)v);
	put_val(s, i, xstrdup(num));
}

static void
pg_bind_double(struct db_stmt *s, int i, double v)
{
	char	 num[40];

	if (v != v)
		snprintf(num, sizeof num, "NaN");
	else if (v > 1.7976931348623157e308)
		snprintf(num, sizeof num, "Infinity");
	else if (v < -1.7976931348623157e308)
		snprintf(num, sizeof num, "-Infinity");
	else
		snprintf(num, sizeof num, "%.17g", v);
	put_val(s, i, xstrdup(num));
}

static void
pg_bind_text(struct db_stmt *s, int i, const char *v)
{
	put_val(s, i, v != NULL ? xstrdup(v) : NULL);
}

static void
pg_bind_null(struct db_stmt *s, int i)
{
	put_val(s, i, NULL);
}

/* Run the statement (its first step). */
static int
run_stmt(struct db_stmt *s)
{
	struct db	*db = s->db;
	ExecStatusType	 es;
	int		 was_open, tries;

	for (tries = 0;; tries++) {
		if (pg_ensure_conn(db) != 0)
			return db->code;
		if (s->gen != db->gen && pg_prepare_on_server(s) != 0)
			return db->code;
		was_open = db->tx_open;
		s->ran = 1;
		if (deferred(db)) {
			/* with what the transaction held back: one trip */
			struct pg_cmd	 me = { s->name, NULL, s->nparams,
			    (const char *const *)s->vals };

			s->res = NULL;
			if (flush_with(db, &me, 1, &s->res, NULL) == DB_OK) {
				es = PQresultStatus(s->res);
				break;
			}
		} else {
			s->res = PQexecPrepared(db->conn, s->name, s->nparams,
			    (const char *const *)s->vals, NULL, NULL, 0);
			es = PQresultStatus(s->res);
			if (es == PGRES_TUPLES_OK || es == PGRES_COMMAND_OK)
				break;
			pg_set_error(db, s->res);
		}
		pg_note_tx(db);
		PQclear(s->res);
		s->res = NULL;
		/* a read between transactions, or a transaction not begun
		 * on the server yet, on a server restarted since the last
		 * call, is sent again on a new connection */
		if (tries > 0 || !(may_retry(db, was_open, s->sql) ||
		    (db->begin_pending && db->code == DB_GONE)) ||
		    pg_reconnect_wait(db) != 0)
			return db->code;
	}
	pg_note_tx(db);
	s->nrows = es == PGRES_TUPLES_OK ? PQntuples(s->res) : 0;
	s->row = -1;
	if (*PQcmdTuples(s->res) != '\0')
		db->changes = atoi(PQcmdTuples(s->res));
	return DB_OK;
}

static int
pg_step(struct db_stmt *s)
{
	int	 rc;

	if (!s->ran) {
		if ((rc = s->stream ? pg_copy_begin(s) : -1) == -1)
			rc = run_stmt(s);
		if (rc != DB_OK)
			return rc;
	}
	if (s->copy != NULL && s->copy->on)
		return pg_copy_step(s);
	if (s->res == NULL)
		return s->db->code != DB_OK ? s->db->code : DB_DONE;
	if (s->row + 1 < s->nrows) {
		s->row++;
		return DB_ROW;
	}
	s->row = s->nrows;
	return DB_DONE;
}

/* The current row's value of column i, NULL for SQL NULL. */
static const char *
cell(struct db_stmt *s, int i)
{
	if (s->res == NULL || s->row < 0 || s->row >= s->nrows || i < 0 ||
	    i >= PQnfields(s->res) || PQgetisnull(s->res, s->row, i))
		return NULL;
	return PQgetvalue(s->res, s->row, i);
}

/* Column i of a stream's current tuple, or NULL (no such column). */
static struct pg_copy *
streamed(struct db_stmt *s, int i)
{
	if (s->copy == NULL || !s->copy->on)
		return NULL;
	return i >= 0 && i < s->copy->ncols ? s->copy : NULL;
}

static int
pg_column_null(struct db_stmt *s, int i)
{
	if (s->copy != NULL && s->copy->on)
		return streamed(s, i) == NULL || s->copy->at[i] == NULL;
	return cell(s, i) == NULL;
}

/* Booleans come back as t and f: the store's integers 1 and 0. */
static int64_t
int_of(const char *v)
{
	if (v == NULL)
		return 0;
	if (v[0] == 't' && v[1] == '\0')
		return 1;
	if (strchr(v, '.') != NULL || strchr(v, 'e') != NULL)
		return (int64_t)strtod(v, NULL);
	return strtoll(v, NULL, 10);
}

static double
real_of(const char *v)
{
	if (v == NULL)
		return 0;
	if (v[0] == 't' && v[1] == '\0')
		return 1;
	return strtod(v, NULL);
}

static int64_t
pg_column_int64(struct db_stmt *s, int i)
{
	struct pg_copy	*c;

	if (s->copy == NULL || !s->copy->on)
		return int_of(cell(s, i));
	if ((c = streamed(s, i)) == NULL || c->at[i] == NULL)
		return 0;
	return c->size[i] == 0 || c->real[i] ? int_of(pg_copy_text(c, i)) :
	    pg_copy_int(c, i);
}

static double
pg_column_double(struct db_stmt *s, int i)
{
	struct pg_copy	*c;

	if (s->copy == NULL || !s->copy->on)
		return real_of(cell(s, i));
	if ((c = streamed(s, i)) == NULL || c->at[i] == NULL)
		return 0;
	if (c->size[i] == 0 || (c->real[i] && c->size[i] == 4))
		return real_of(pg_copy_text(c, i));
	return c->real[i] ? pg_copy_real(c, i) : (double)pg_copy_int(c, i);
}

static const char *
pg_column_text(struct db_stmt *s, int i)
{
	struct pg_copy	*c;

	if (s->copy == NULL || !s->copy->on)
		return cell(s, i);
	return (c = streamed(s, i)) != NULL ? pg_copy_text(c, i) : NULL;
}

static int
pg_changes(struct db *db)
{
	return db->changes;
}

static int
pg_errcode(struct db *db)
{
	return db->code;
}

static const char *
pg_errmsg(struct db *db)
{
	return db->msg;
}

/*
 * A write transaction (READ COMMITTED) with db_begin's promise, as
 * SQLite's BEGIN IMMEDIATE keeps it: the write lock from the start, held
 * to commit. Every change appends to the audit chain, so writers take
 * turns at its tail (schema-pg.c's trigger takes the same lock for
 * writers that are not quaymark); taken first, before any row lock, it
 * cannot deadlock with one.
 */
static int
pg_begin(struct db *db)
{
	/* sent with the first statement (flush_with): one round trip less */
	db->begin_pending = 1;
	db->lock_pending = 1;
	db->lock_late = 0;
	return DB_OK;
}

/*
 * db_begin_late: the chain lock is taken just before the queued audit
 * row, in the COMMIT's round trip; the change's own reads and writes run
 * beside other writers' (its UPDATEs check the version they read, its
 * image is read FOR SHARE).
 */
static int
pg_begin_late(struct db *db)
{
	pg_begin(db);
	db->lock_late = 1;
	return DB_OK;
}

/* Queue s, with a copy of its values, for the coming COMMIT. */
static int
pg_step_at_commit(struct db_stmt *s)
{
	struct db	*db = s->db;
	struct pg_queued *q;
	int		 k;

	if (!db->begin_pending && !db->tx_open)
		return pg_step(s);	/* no COMMIT is coming */
	if (pg_ensure_conn(db) != 0)
		return db->code;
	if (s->gen != db->gen && pg_prepare_on_server(s) != 0)
		return db->code;
	if (db->nqueue == db->capqueue) {
		db->capqueue = db->capqueue ? db->capqueue * 2 : 4;
		db->queue = xreallocarray(db->queue, db->capqueue,
		    sizeof *db->queue);
	}
	q = &db->queue[db->nqueue++];
	snprintf(q->name, sizeof q->name, "%s", s->name);
	q->n = s->nparams;
	q->vals = xcalloc((size_t)s->nparams + 1, sizeof *q->vals);
	for (k = 0; k < s->nparams; k++)
		q->vals[k] = s->vals[k] != NULL ? xstrdup(s->vals[k]) : NULL;
	s->ran = 1;
	return DB_DONE;
}

static int
pg_in_transaction(struct db *db)
{
	return db->tx_open || db->begin_pending;
}

/* The quaymark user of this connection: the session user (qm_user()). */
int
pg_session_user(struct db *db, char *out, size_t len, char *err,
    size_t errlen)
{
	PGresult	*res;

	res = PQexec(db->conn, "SELECT qm_user()");
	if (PQresultStatus(res) != PGRES_TUPLES_OK || PQntuples(res) != 1) {
		pg_set_error(db, res);
		PQclear(res);
		return errf(err, errlen, "%s: %s", db->shown, db->msg);
	}
	snprintf(out, len, "%s", PQgetvalue(res, 0, 0));
	PQclear(res);
	return 0;
}

/* One integer from a query with no parameters. */
static int
query_int(struct db *db, const char *sql, int64_t *v)
{
	PGresult	*res;
	int		 rc = 0;

	if (pg_ensure_conn(db) != 0)
		return db->code;
	if ((rc = pg_settle(db)) != DB_OK)
		return rc;
	res = PQexec(db->conn, sql);
	if (PQresultStatus(res) != PGRES_TUPLES_OK) {
		rc = pg_set_error(db, res);
	} else if (PQntuples(res) > 0 && !PQgetisnull(res, 0, 0))
		*v = strtoll(PQgetvalue(res, 0, 0), NULL, 10);
	PQclear(res);
	pg_note_tx(db);
	return rc;
}

static int
pg_schema_version(struct db *db, int64_t *v)
{
	*v = 0;
	return query_int(db, "SELECT coalesce(max(version), 0) FROM "
	    "qm_schema", v);
}

static int
pg_set_schema_version(struct db *db, int64_t v)
{
	char	 sql[96];

	snprintf(sql, sizeof sql, "UPDATE qm_schema SET version = %lld",
	    (long long)v);
	return pg_exec(db, sql, NULL, 0);
}

/*
 * Changes when anyone commits a change: every change appends an audit
 * row in its transaction, and the counter kept beside the chain moves.
 */
static int
pg_data_version(struct db *db, int64_t *v)
{
	*v = 0;
	return query_int(db, "SELECT coalesce(max(id), 0) FROM audit", v);
}

/*
 * Others' changes without polling: every change appends audit rows, and
 * the audit table's statement trigger (schema-pg.c) sends NOTIFY
 * quaymark in that transaction, so it arrives only when it commits. A
 * database made before the trigger gets it here when this role may add
 * it (the owner); otherwise there is no feed and the caller polls.
 */
static int
pg_watch(struct db *db)
{
	int64_t	 have = 0;

	if (db->nofeed || PQstatus(db->conn) != CONNECTION_OK)
		return -1;
	if (db->listening && db->listen_gen == db->gen)
		return PQsocket(db->conn);
	if (db->tx_open)
		return -1;	/* LISTEN would wait for this commit */
	if (!db->listening && (query_int(db, "SELECT count(*) FROM pg_trigger "
	    "WHERE tgname = 'audit_notify' AND tgrelid = 'audit'::regclass",
	    &have) != DB_OK || (!have && run_plain(db, schema_pg_notify_sql)
	    != 0))) {
		db->nofeed = PQstatus(db->conn) == CONNECTION_OK;
		return -1;
	}
	if (run_plain(db, "LISTEN " SCHEMA_PG_CHANNEL) != 0) {
		db->nofeed = PQstatus(db->conn) == CONNECTION_OK;
		return -1;
	}
	db->listening = 1;
	db->listen_gen = db->gen;
	return PQsocket(db->conn);
}

/*
 * What arrived: notifications from other sessions (our own commits
 * notify us too, and the caller knows those already). A connection made
 * again since the last LISTEN missed whatever was sent meanwhile: that
 * counts as a change.
 */
static int
pg_drain(struct db *db)
{
	PGnotify	*n;
	int		 changed = 0;

	if (PQstatus(db->conn) != CONNECTION_OK)
		return -1;
	if (!db->listening)
		return 0;
	if (db->listen_gen != db->gen) {
		changed = 1;
		if (pg_watch(db) < 0)
			return PQstatus(db->conn) == CONNECTION_OK ? 1 : -1;
	}
	if (!PQconsumeInput(db->conn) || PQstatus(db->conn) != CONNECTION_OK) {
		pg_set_error(db, NULL);
		return -1;
	}
	while ((n = PQnotifies(db->conn)) != NULL) {
		if (n->be_pid != PQbackendPID(db->conn))
			changed = 1;
		PQfreemem(n);
	}
	return changed;
}

/* One try, no sleeping: the caller's loop is the backoff. */
static int
pg_reconnect(struct db *db)
{
	if (db->tx_open || db->lost_tx)
		return DB_GONE;	/* its ROLLBACK first */
	db->down = connect_once(db) != 0;
	return db->down ? DB_GONE : DB_OK;
}

static void
pg_set_patient(struct db *db, int patient)
{
	db->impatient = !patient;
}

static unsigned
pg_connection_gen(struct db *db)
{
	return db->gen;
}

const struct db_engine db_pg_engine = {
	.name = "PostgreSQL",
	.kind = DB_PG,
	.open = pg_open,
	.close = pg_close,
	.readonly_reason = pg_readonly_reason,
	.exec = pg_exec,
	.prepare = pg_prepare,
	.finalize = pg_finalize,
	.param_count = pg_param_count,
	.bind_int64 = pg_bind_int64,
	.bind_double = pg_bind_double,
	.bind_text = pg_bind_text,
	.bind_null = pg_bind_null,
	.step = pg_step,
	.stream = pg_stream,
	.reset = pg_reset,
	.column_null = pg_column_null,
	.column_int64 = pg_column_int64,
	.column_double = pg_column_double,
	.column_text = pg_column_text,
	.changes = pg_changes,
	.errcode = pg_errcode,
	.errmsg = pg_errmsg,
	.begin = pg_begin,
	.begin_late = pg_begin_late,
	.step_at_commit = pg_step_at_commit,
	.in_transaction = pg_in_transaction,
	.schema_version = pg_schema_version,
	.set_schema_version = pg_set_schema_version,
	.data_version = pg_data_version,
	.integrity_check = NULL,
	.test_settings = NULL,
	.function = NULL,
	.watch = pg_watch,
	.drain = pg_drain,
	.reconnect = pg_reconnect,
	.set_patient = pg_set_patient,
	.connection_gen = pg_connection_gen,
};
