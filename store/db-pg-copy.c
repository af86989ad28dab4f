/*
 * db-pg-copy.c: streamed reads (db_stream) on PostgreSQL, for db-pg.c:
 * the statement's rows as COPY (SELECT ...) TO STDOUT in binary, each
 * tuple decoded as PQgetCopyData hands it over. Run by PQexecPrepared,
 * libpq holds every row of the answer in one PGresult before the first
 * can be read: a million-row report waited for the server's whole
 * answer, then read it (bench/count-pg.sh). A COPY streams: the server
 * makes rows on one core while the caller consumes them on another, and
 * only the current tuple is held. COPY takes no parameters, so the bound
 * values go into its text as literals (PQescapeLiteral; a type guessed
 * by pg_prepare_on_server as a cast).
 *   Binary, not text: the server writes no number as text and the caller
 * parses none back. On the bench's whole-number coordinates text sends a
 * third of the bytes and ran a tenth faster, but real marks' coordinates
 * have fractions, and with 17 digits to write per coordinate the text
 * COPY was the slower by half on the server alone (a million rows of
 * the same 13 columns into psql). Each column's type comes from
 * describing the prepared statement; a statement with a column of a
 * type not in copy_types is read the plain way.
 */
#include <ctype.h>
#include <float.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libpq-fe.h>

#include "db.h"
#include "db-pg-int.h"
#include "../util/util.h"

#define PG_BOOLOID	16
#define PG_INT2OID	21
#define PG_INT4OID	23
#define PG_FLOAT4OID	700
#define PG_NAMEOID	19
#define PG_BPCHAROID	1042
#define PG_VARCHAROID	1043

/* The types a stream decodes, by their binary size (0: text's). */
static const struct {
	Oid	 oid;
	int	 size;
	int	 real;		/* IEEE floating point */
} copy_types[] = {
	{ PG_INT8OID, 8, 0 }, { PG_FLOAT8OID, 8, 1 }, { PG_TEXTOID, 0, 0 },
	{ PG_INT4OID, 4, 0 }, { PG_INT2OID, 2, 0 }, { PG_BOOLOID, 1, 0 },
	{ PG_FLOAT4OID, 4, 1 }, { PG_VARCHAROID, 0, 0 },
	{ PG_BPCHAROID, 0, 0 }, { PG_NAMEOID, 0, 0 },
};

static uint64_t
be_uint(const unsigned char *p, int n)
{
	uint64_t	 v = 0;
	int		 i;

	for (i = 0; i < n; i++)
		v = v << 8 | p[i];
	return v;
}

/* The columns' types, from the prepared statement; -1 on failure. */
static int
copy_describe(struct db_stmt *s, struct pg_copy *c)
{
	PGresult	*res;
	size_t		 k;
	int		 i, n;

	res = PQdescribePrepared(s->db->conn, s->name);
	if (PQresultStatus(res) != PGRES_COMMAND_OK) {
		pg_set_error(s->db, res);
		PQclear(res);
		return -1;
	}
	n = PQnfields(res);
	free(c->size);
	free(c->real);
	free(c->at);
	free(c->len);
	free(c->num);
	c->size = xcalloc((size_t)n + 1, sizeof *c->size);
	c->real = xcalloc((size_t)n + 1, sizeof *c->real);
	c->at = xcalloc((size_t)n + 1, sizeof *c->at);
	c->len = xcalloc((size_t)n + 1, sizeof *c->len);
	c->num = xcalloc((size_t)n + 1, sizeof *c->num);
	c->ncols = n;
	for (i = 0; i < n; i++) {
		for (k = 0; k < QM_NELEM(copy_types); k++)
			if (copy_types[k].oid == PQftype(res, i))
				break;
		if (k == QM_NELEM(copy_types)) {
			c->ncols = -1;
			break;
		}
		c->size[i] = copy_types[k].size;
		c->real[i] = copy_types[k].real;
	}
	PQclear(res);
	c->gen = s->db->gen;
	return 0;
}

/* COPY (the statement, its values as literals) TO STDOUT; NULL: failed. */
static char *
copy_sql(struct db_stmt *s)
{
	static const struct {
		Oid		 oid;
		const char	*cast;
	} casts[] = { { PG_TEXTOID, "::text" }, { PG_INT8OID, "::bigint" },
	    { PG_FLOAT8OID, "::double precision" } };
	struct buf	 b;
	const char	*p = s->sql, *v;
	char		*lit, *end;
	size_t		 q, j;
	long		 k;

	buf_init(&b);
	buf_puts(&b, "COPY (");
	while (*p != '\0') {
		if ((q = pg_sql_quoted(p)) > 0) {
			buf_add(&b, p, q);
			p += q;
			continue;
		}
		if (*p != '$' || !isdigit((unsigned char)p[1])) {
			buf_putc(&b, *p++);
			continue;
		}
		k = strtol(p + 1, &end, 10);
		p = end;
		if (k < 1 || k > s->nparams)
			break;
		if ((v = s->vals[k - 1]) == NULL)
			buf_puts(&b, "NULL");
		else if ((lit = PQescapeLiteral(s->db->conn, v, strlen(v))) !=
		    NULL) {
			buf_puts(&b, lit);
			PQfreemem(lit);
		} else
			break;
		for (j = 0; j < QM_NELEM(casts); j++)
			if (casts[j].oid == s->types[k - 1])
				buf_puts(&b, casts[j].cast);
	}
	if (*p != '\0') {
		buf_free(&b);
		snprintf(s->db->msg, sizeof s->db->msg, "a parameter of a "
		    "streamed read could not be written as a literal");
		s->db->code = DB_ERROR;
		return NULL;
	}
	buf_puts(&b, ") TO STDOUT (FORMAT binary)");
	buf_putc(&b, '\0');
	return buf_steal(&b);
}

/*
 * Start the COPY: DB_OK, an error code, or -1 when the statement's
 * columns cannot be streamed (then it is run the plain way). A read
 * between transactions that finds the server restarted goes again on a
 * new connection, as db-pg.c's run_stmt's do.
 */
int
pg_copy_begin(struct db_stmt *s)
{
	struct db	*db = s->db;
	struct pg_copy	*c;
	PGresult	*res;
	char		*sql;
	int		 tries, was_open;

	if (s->copy == NULL)
		s->copy = xcalloc(1, sizeof *s->copy);
	c = s->copy;
	for (tries = 0;; tries++) {
		if (pg_settle(db) != DB_OK || pg_ensure_conn(db) != 0)
			return db->code;
		if (s->gen != db->gen && pg_prepare_on_server(s) != 0)
			return db->code;
		if (c->gen != db->gen && copy_describe(s, c) != 0)
			return db->code;
		if (c->ncols < 0)
			return -1;
		if ((sql = copy_sql(s)) == NULL)
			return db->code;
		was_open = db->tx_open;
		res = PQexec(db->conn, sql);
		free(sql);
		if (PQresultStatus(res) == PGRES_COPY_OUT)
			break;
		pg_set_error(db, res);
		PQclear(res);
		pg_note_tx(db);
		if (tries > 0 || db->code != DB_GONE || was_open ||
		    db->lost_tx || pg_reconnect_wait(db) != 0)
			return db->code;
	}
	PQclear(res);
	s->ran = 1;
	c->on = c->header = 1;
	db->streaming = s;
	return DB_OK;
}

/* The COPY ended (n: PQgetCopyData's -1 or -2): DB_DONE or its failure. */
static int
copy_end(struct db_stmt *s, int n)
{
	struct db	*db = s->db;
	PGresult	*res;
	int		 rc = n == -2 ? pg_set_error(db, NULL) : DB_DONE;

	while ((res = PQgetResult(db->conn)) != NULL) {
		if (PQresultStatus(res) != PGRES_COMMAND_OK && rc == DB_DONE)
			rc = pg_set_error(db, res);
		PQclear(res);
	}
	s->copy->on = 0;
	db->streaming = NULL;
	pg_note_tx(db);
	return rc;
}

/*
 * Stop a COPY before its end (db_reset: the caller read enough). Between
 * transactions the server is told to stop (a cancel request) and what it
 * sent meanwhile is read and dropped; inside one a cancel would abort
 * the transaction, so the rest is read to the end instead. The stream's
 * own "canceling statement" is no failure of the caller's.
 */
void
pg_copy_stop(struct db_stmt *s)
{
	struct db	*db = s->db;
	PGcancel	*k;
	PGresult	*res;
	char		*buf, why[256];
	int		 n;

	if (!db->tx_open && (k = PQgetCancel(db->conn)) != NULL) {
		PQcancel(k, why, sizeof why);
		PQfreeCancel(k);
	}
	while ((n = PQgetCopyData(db->conn, &buf, 0)) > 0)
		PQfreemem(buf);
	while ((res = PQgetResult(db->conn)) != NULL)
		PQclear(res);
	s->copy->on = 0;
	db->streaming = NULL;
	pg_note_tx(db);
}

/* A malformed tuple: the stream's failure, and the COPY is stopped. */
static int
copy_bad(struct db_stmt *s)
{
	pg_copy_stop(s);
	s->db->code = DB_ERROR;
	snprintf(s->db->msg, sizeof s->db->msg, "the server sent a streamed "
	    "row this client cannot read");
	return DB_ERROR;
}

/*
 * Split one CopyData message (n bytes; libpq puts a NUL after it) into
 * columns: DB_ROW, DB_DONE when it holds no row (the trailer), or
 * DB_ERROR. Text columns end in place with a NUL over the first byte of
 * what follows them (the next column's length, read already, or
 * libpq's NUL).
 */
static int
copy_tuple(struct db_stmt *s, int n)
{
	struct pg_copy	*c = s->copy;
	unsigned char	*p = (unsigned char *)c->buf, *end = p + n;
	uint64_t	 len;
	int		 i, fields;

	if (c->header) {
		if (n < 19 || memcmp(p, "PGCOPY\n\377\r\n", 11) != 0 ||
		    (len = be_uint(p + 15, 4)) > (uint64_t)(n - 19))
			return DB_ERROR;
		p += 19 + len;
		c->header = 0;
		if (p == end)
			return DB_DONE;	/* the header alone */
	}
	if (end - p < 2)
		return DB_ERROR;
	fields = (int16_t)be_uint(p, 2);
	p += 2;
	if (fields == -1)
		return DB_DONE;
	if (fields != c->ncols)
		return DB_ERROR;
	for (i = 0; i < fields; i++) {
		if (end - p < 4)
			return DB_ERROR;
		len = be_uint(p, 4);
		p += 4;
		if (len == 0xffffffff) {
			c->at[i] = NULL;
			continue;
		}
		if (len > (uint64_t)(end - p) || (c->size[i] != 0 &&
		    len != (uint64_t)c->size[i]))
			return DB_ERROR;
		c->at[i] = p;
		c->len[i] = (uint32_t)len;
		p += len;
	}
	for (i = 0; i < fields; i++)
		if (c->size[i] == 0 && c->at[i] != NULL)
			c->at[i][c->len[i]] = '\0';
	return DB_ROW;
}

/* The next row of a stream: DB_ROW, DB_DONE or the failure. */
int
pg_copy_step(struct db_stmt *s)
{
	struct pg_copy	*c = s->copy;
	int		 n, rc;

	for (;;) {
		PQfreemem(c->buf);
		c->buf = NULL;
		if ((n = PQgetCopyData(s->db->conn, &c->buf, 0)) <= 0)
			return copy_end(s, n);
		if ((rc = copy_tuple(s, n)) == DB_ROW)
			return rc;
		if (rc == DB_ERROR)
			return copy_bad(s);
		/* no row in it: the end, or a row, comes next */
	}
}

/* Column i of a stream's tuple as a number. */
double
pg_copy_real(const struct pg_copy *c, int i)
{
	uint64_t	 u = be_uint(c->at[i], c->size[i]);
	uint32_t	 u4 = (uint32_t)u;
	double		 d;
	float		 f;

	if (c->size[i] == 4) {
		memcpy(&f, &u4, sizeof f);
		return f;
	}
	memcpy(&d, &u, sizeof d);
	return d;
}

int64_t
pg_copy_int(const struct pg_copy *c, int i)
{
	uint64_t	 u = be_uint(c->at[i], c->size[i]);

	switch (c->size[i]) {
	case 1:
		return u != 0;
	case 2:
		return (int16_t)u;
	case 4:
		return (int32_t)u;
	default:
		return (int64_t)u;
	}
}

/* As text: text itself, t or f, or the number written out. */
const char *
pg_copy_text(struct pg_copy *c, int i)
{
	double	 d;
	int	 prec;

	if (c->at[i] == NULL || c->size[i] == 0)
		return (const char *)c->at[i];
	if (c->size[i] == 1)
		return c->at[i][0] ? "t" : "f";
	if (!c->real[i]) {
		snprintf(c->num[i], sizeof c->num[i], "%lld",
		    (long long)pg_copy_int(c, i));
		return c->num[i];
	}
	d = pg_copy_real(c, i);
	if (d != d)
		return "NaN";
	if (d > DBL_MAX || d < -DBL_MAX)
		return d > 0 ? "Infinity" : "-Infinity";
	/* the shortest that reads back the same, as the server writes it */
	for (prec = c->size[i] == 4 ? 6 : 15;; prec++) {
		snprintf(c->num[i], sizeof c->num[i], "%.*g", prec, d);
		if (prec >= 17 || (c->size[i] == 4 ? (float)strtod(c->num[i],
		    NULL) == (float)d : strtod(c->num[i], NULL) == d))
			return c->num[i];
	}
}

/* A stream's arrays (copy_describe's) and the stream itself. */
void
pg_copy_free(struct pg_copy *c)
{
	if (c == NULL)
		return;
	free(c->size);
	free(c->real);
	free(c->at);
	free(c->len);
	free(c->num);
	free(c);
}
