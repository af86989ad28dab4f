/*
 * writers.c: many analysts writing one database file at once. P processes
 * each add M marks and then edit each one (2*M changes, one transaction
 * each, through the store: validation, version check, audit row), logging
 * every change the store acknowledged. Then one process checks that every
 * acknowledged change is there, that no "database is locked" (or any
 * other error) reached a writer, that the audit chain verifies and that
 * PRAGMA integrity_check says ok; and prints the sustained changes per
 * second beside a bare SQLite baseline (the same transactions, P
 * processes, no store).
 *   Usage: bench/writers DB IMAGE_ID [PROCESSES [MARKS]]
 *   (DB exists and holds IMAGE_ID; a scratch file DB.bare is made and
 *   removed for the baseline, with the writers' logs DB.wK; when DB is a
 *   PostgreSQL URL or connection string, they go in $TMPDIR or /tmp.)
 *   Exit 0 only when every check holds. bench/writers.sh runs it at 8
 *   and 32 writers on both engines.
 */
#include <sys/wait.h>

#include <libpq-fe.h>
#include <sqlite3.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "../store/store.h"
#include "../util/util.h"

static double
now(void)
{
	struct timespec	 t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + t.tv_nsec / 1e9;
}

/* One writer through the store; its log: "id version name" per mark. */
static int
store_writer(const char *db, int64_t image, int k, long marks,
    const char *logpath)
{
	struct store		*st;
	struct store_mark	 m;
	FILE			*log;
	char			 err[512], name[32];
	long			 i, errors = 0;

	if ((st = store_open(db, 0, err, sizeof err)) == NULL) {
		fprintf(stderr, "writer %d: %s\n", k, err);
		return 1;
	}
	if ((log = fopen(logpath, "w")) == NULL)
		return 1;
	for (i = 0; i < marks; i++) {
		store_mark_init(&m);
		m.image_id = image;
		m.class_id = 1;
		m.kind = MARK_BOX;
		m.cx = 10 + (double)((k * 131 + i * 7) % 300);
		m.cy = 10 + (double)((k * 71 + i * 13) % 200);
		m.w = 12;
		m.h = 6;
		snprintf(name, sizeof name, "w%d-%ld", k, i);
		m.name = xstrdup(name);
		if (store_mark_add(st, &m, err, sizeof err) != 0) {
			fprintf(stderr, "writer %d add %ld: %s\n", k, i, err);
			errors++;
			store_mark_clear(&m);
			continue;
		}
		/* the edit: a count, over the version just written */
		m.has_count = 1;
		m.count = i;
		if (store_mark_update(st, &m, m.version, err, sizeof err) != 0) {
			fprintf(stderr, "writer %d edit %ld: %s\n", k, i, err);
			errors++;
			fprintf(log, "%lld 1 %s -1\n", (long long)m.id, name);
		} else
			fprintf(log, "%lld %lld %s %ld\n", (long long)m.id,
			    (long long)m.version, name, i);
		store_mark_clear(&m);
	}
	fclose(log);
	store_close(st);
	return errors > 0;
}

/* The baseline: the same inserts and updates, bare SQLite. */
static int
bare_writer(const char *db, int k, long marks)
{
	sqlite3		*d;
	sqlite3_stmt	*ins, *upd;
	long		 i, errors = 0;

	if (sqlite3_open(db, &d) != SQLITE_OK)
		return 1;
	/* a baseline that gave up would measure nothing: wait long */
	sqlite3_busy_timeout(d, 60000);
	sqlite3_exec(d, "PRAGMA synchronous=FULL", NULL, NULL, NULL);
	sqlite3_prepare_v2(d, "INSERT INTO mark (image_id, class_id, kind, cx, "
	    "cy, w, h, name, author, version) VALUES (1, 1, 'box', ?, ?, 12, 6,"
	    " ?, 'bench', 1)", -1, &ins, NULL);
	sqlite3_prepare_v2(d, "UPDATE mark SET count = ?, version = version + "
	    "1 WHERE id = ? AND version = 1", -1, &upd, NULL);
	for (i = 0; i < marks; i++) {
		char	 name[32];

		snprintf(name, sizeof name, "w%d-%ld", k, i);
		if (sqlite3_exec(d, "BEGIN IMMEDIATE", NULL, NULL, NULL) !=
		    SQLITE_OK) {
			errors++;
			continue;
		}
		sqlite3_bind_double(ins, 1, (double)(i % 300));
		sqlite3_bind_double(ins, 2, (double)(i % 200));
		sqlite3_bind_text(ins, 3, name, -1, SQLITE_TRANSIENT);
		errors += sqlite3_step(ins) != SQLITE_DONE;
		sqlite3_reset(ins);
		errors += sqlite3_exec(d, "COMMIT", NULL, NULL, NULL) !=
		    SQLITE_OK;
		if (sqlite3_exec(d, "BEGIN IMMEDIATE", NULL, NULL, NULL) !=
		    SQLITE_OK) {
			errors++;
			continue;
		}
		sqlite3_bind_int64(upd, 1, i);
		sqlite3_bind_int64(upd, 2, sqlite3_last_insert_rowid(d));
		errors += sqlite3_step(upd) != SQLITE_DONE;
		sqlite3_reset(upd);
		errors += sqlite3_exec(d, "COMMIT", NULL, NULL, NULL) !=
		    SQLITE_OK;
	}
	sqlite3_finalize(ins);
	sqlite3_finalize(upd);
	sqlite3_close(d);
	if (errors)
		fprintf(stderr, "bare writer %d: %ld errors\n", k, errors);
	return errors > 0;
}

/*
 * The PostgreSQL baseline: the same inserts and updates, bare libpq, one
 * round trip a change (BEGIN ... COMMIT as one query), fsync as the
 * server has it. serial: under one advisory lock held to commit, as the
 * audit chain's tail was before early lock release (so commits cannot
 * share a WAL flush: the ceiling of holding the lock across it); else
 * free. The store now releases the lock before the flush (db-pg.c's
 * durable_commit), so it may pass the first.
 */
static int
bare_pg_writer(const char *url, int k, long marks, int serial)
{
	PGconn		*c;
	PGresult	*r;
	char		 sql[512];
	const char	*lock = serial ? "SELECT pg_advisory_xact_lock(4242); "
			    : "";
	long		 i, errors = 0;

	c = PQconnectdb(url);
	if (PQstatus(c) != CONNECTION_OK) {
		fprintf(stderr, "bare writer %d: %s", k, PQerrorMessage(c));
		PQfinish(c);
		return 1;
	}
	for (i = 0; i < marks; i++) {
		snprintf(sql, sizeof sql, "BEGIN; %sINSERT INTO qm_bench_bare "
		    "(image_id, class_id, kind, cx, cy, w, h, name, author, "
		    "version) VALUES (1, 1, 'box', %ld, %ld, 12, 6, 'w%d-%ld', "
		    "'bench', 1); COMMIT", lock, i % 300, i % 200, k, i);
		r = PQexec(c, sql);
		errors += PQresultStatus(r) != PGRES_COMMAND_OK;
		PQclear(r);
		snprintf(sql, sizeof sql, "BEGIN; %sUPDATE qm_bench_bare SET "
		    "count = %ld, version = version + 1 WHERE name = 'w%d-%ld' "
		    "AND version = 1; COMMIT", lock, i, k, i);
		r = PQexec(c, sql);
		errors += PQresultStatus(r) != PGRES_COMMAND_OK;
		PQclear(r);
	}
	PQfinish(c);
	if (errors)
		fprintf(stderr, "bare writer %d: %ld errors\n", k, errors);
	return errors > 0;
}

/* Run procs children of fn; the wall time, or -1 if any failed. */
static double
run_all(int procs, int (*child)(int, void *), void *arg)
{
	pid_t	 pid;
	double	 t0 = now();
	int	 k, status, failed = 0;

	for (k = 0; k < procs; k++) {
		if ((pid = fork()) == -1) {
			perror("fork");
			return -1;
		}
		if (pid == 0)
			_exit(child(k, arg));
	}
	for (k = 0; k < procs; k++) {
		if (wait(&status) == -1 || !WIFEXITED(status) ||
		    WEXITSTATUS(status) != 0)
			failed = 1;
	}
	return failed ? -1 : now() - t0;
}

struct job {
	const char	*db;
	const char	*scratch;	/* logs and the baseline: SCRATCH.* */
	int64_t		 image;
	long		 marks;
};

static int
store_child(int k, void *arg)
{
	struct job	*j = arg;
	char		 log[4096];

	snprintf(log, sizeof log, "%s.w%d", j->scratch, k);
	return store_writer(j->db, j->image, k, j->marks, log);
}

static int
bare_child(int k, void *arg)
{
	struct job	*j = arg;

	return bare_writer(j->db, k, j->marks);
}

static int
bare_pg_serial(int k, void *arg)
{
	struct job	*j = arg;

	return bare_pg_writer(j->db, k, j->marks, 1);
}

static int
bare_pg_free(int k, void *arg)
{
	struct job	*j = arg;

	return bare_pg_writer(j->db, k, j->marks, 0);
}

/* bare PostgreSQL, serialised and free; "" for a SQLite target */
static void
bare_pg(struct job *j, int procs, long changes, double store, char *out,
    size_t len)
{
	PGconn		*c;
	double		 ts, tf;

	out[0] = '\0';
	c = PQconnectdb(j->db);
	PQclear(PQexec(c, "CREATE TABLE qm_bench_bare (id bigint GENERATED "
	    "BY DEFAULT AS IDENTITY PRIMARY KEY, image_id bigint, class_id "
	    "bigint, kind text, cx float8, cy float8, w float8, h float8, "
	    "name text, count bigint, author text, version bigint); "
	    "CREATE INDEX ON qm_bench_bare (name)"));
	ts = run_all(procs, bare_pg_serial, j);
	PQclear(PQexec(c, "TRUNCATE qm_bench_bare"));
	tf = run_all(procs, bare_pg_free, j);
	PQclear(PQexec(c, "DROP TABLE qm_bench_bare"));
	PQfinish(c);
	snprintf(out, len, "; bare PostgreSQL, one round trip a change: "
	    "%.0f/s with a lock held over each flush (the store at %.0f%% "
	    "of it), %.0f/s free", ts > 0 ? changes / ts : 0, ts > 0 ? 100 * store /
	    (changes / ts) : 0, tf > 0 ? changes / tf : 0);
}

/* Every logged change is in the database, as logged. */
static int
check(const char *db, const char *scratch, int procs, long *checked)
{
	struct store		*st;
	struct store_mark	 m;
	FILE			*log;
	char			 err[512], path[4096], name[64];
	long long		 id, version;
	long			 count;
	int			 k, bad = 0;
	int64_t			 rows, badrow;

	if ((st = store_open(db, 0, err, sizeof err)) == NULL) {
		fprintf(stderr, "writers: %s\n", err);
		return 1;
	}
	*checked = 0;
	for (k = 0; k < procs; k++) {
		snprintf(path, sizeof path, "%s.w%d", scratch, k);
		if ((log = fopen(path, "r")) == NULL) {
			fprintf(stderr, "writers: %s: no log\n", path);
			bad = 1;
			continue;
		}
		while (fscanf(log, "%lld %lld %63s %ld", &id, &version, name,
		    &count) == 4) {
			(*checked)++;
			if (store_mark_get(st, id, &m, err, sizeof err) != 0) {
				fprintf(stderr, "writers: mark %lld lost: %s\n",
				    id, err);
				bad = 1;
				continue;
			}
			if (m.version != version || m.name == NULL ||
			    strcmp(m.name, name) != 0 || (count >= 0 &&
			    (!m.has_count || m.count != count))) {
				fprintf(stderr, "writers: mark %lld is not as "
				    "acknowledged\n", id);
				bad = 1;
			}
			store_mark_clear(&m);
		}
		fclose(log);
		unlink(path);
	}
	if (store_audit_verify(st, &rows, &badrow, err, sizeof err) != 0) {
		fprintf(stderr, "writers: audit chain: %s\n", err);
		bad = 1;
	}
	if (store_integrity_check(st, err, sizeof err) != 0) {
		fprintf(stderr, "writers: integrity_check: %s\n", err);
		bad = 1;
	}
	store_close(st);
	return bad;
}

int
main(int argc, char **argv)
{
	struct job	 j;
	sqlite3		*d;
	char		 bare[4096], scratch[4096], pgline[256] = "";
	double		 ts, tb;
	long		 checked, changes;
	int		 procs = 8;

	if (argc < 3) {
		fprintf(stderr, "usage: writers DB IMAGE_ID [PROCESSES "
		    "[MARKS]]\n");
		return 2;
	}
	j.db = argv[1];
	j.image = atoll(argv[2]);
	j.marks = 1000;
	if (argc > 3)
		procs = atoi(argv[3]);
	if (argc > 4)
		j.marks = atol(argv[4]);
	if (procs < 1 || procs > 64 || j.marks < 1 || strlen(argv[1]) > 4000)
		return 2;
	changes = 2L * procs * j.marks;
	/* a PostgreSQL target has no folder to put the scratch files beside */
	if (strstr(j.db, "://") != NULL || strchr(j.db, '=') != NULL) {
		snprintf(scratch, sizeof scratch, "%s/writers.%ld",
		    getenv("TMPDIR") != NULL ? getenv("TMPDIR") : "/tmp",
		    (long)getpid());
		j.scratch = scratch;
	} else
		j.scratch = j.db;

	if ((ts = run_all(procs, store_child, &j)) < 0) {
		fprintf(stderr, "writers: a writer saw an error (above)\n");
		return 1;
	}
	if (check(j.db, j.scratch, procs, &checked) != 0)
		return 1;
	if (checked != procs * j.marks) {
		fprintf(stderr, "writers: %ld of %ld marks logged\n", checked,
		    procs * j.marks);
		return 1;
	}

	if (j.scratch != j.db)
		bare_pg(&j, procs, changes, changes / ts, pgline,
		    sizeof pgline);
	snprintf(bare, sizeof bare, "%s.bare", j.scratch);
	unlink(bare);
	if (sqlite3_open(bare, &d) != SQLITE_OK)
		return 1;
	sqlite3_exec(d, "PRAGMA journal_mode=WAL; CREATE TABLE mark (id "
	    "INTEGER PRIMARY KEY, image_id INTEGER, class_id INTEGER, kind "
	    "TEXT, cx REAL, cy REAL, w REAL, h REAL, name TEXT, count INTEGER, "
	    "author TEXT, version INTEGER)", NULL, NULL, NULL);
	sqlite3_close(d);
	j.db = bare;
	tb = run_all(procs, bare_child, &j);
	unlink(bare);
	strcat(bare, "-wal");
	unlink(bare);
	memcpy(bare + strlen(bare) - 4, "-shm", 4);
	unlink(bare);
	printf("%d writers x %ld marks (add + edit): %ld changes in %.1f s, "
	    "%.0f changes/s; bare SQLite %.0f/s (%.2fx)%s; every acknowledged "
	    "change present, no errors, audit chain ok, integrity ok\n",
	    procs, j.marks, changes, ts, changes / ts, tb > 0 ? changes / tb :
	    0, tb > 0 ? (changes / ts) / (changes / tb) : 0, pgline);
	return 0;
}
