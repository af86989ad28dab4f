/*
 * test-db-pg.c: the PostgreSQL engine's text work, without a server: `?`
 * and `?NNN` become $n as SQLite numbers them, never inside quoted strings,
 * quoted names or comments; a target's password never reaches a message.
 * (tests/cli/pg.sh runs the engine against a real server.)
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "../../store/schema-pg.h"

static void
rewrites(const char *in, const char *want, int wantn)
{
	char	*out;
	int	 n = -1;

	out = pg_rewrite_params(in, &n);
	assert_string_equal(out, want);
	assert_int_equal(n, wantn);
	free(out);
}

static void
test_placeholders(void **state)
{
	(void)state;
	rewrites("SELECT 1", "SELECT 1", 0);
	rewrites("SELECT ? , ?", "SELECT $1 , $2", 2);
	/* ?NNN as itself, a bare ? one past the largest so far (SQLite) */
	rewrites("WHERE (?1 = 0 OR site_id = ?1) AND x = ?",
	    "WHERE ($1 = 0 OR site_id = $1) AND x = $2", 2);
	rewrites("VALUES (?3, ?, ?1)", "VALUES ($3, $4, $1)", 4);
	rewrites("?12", "$12", 12);
	/* quoted text, names and comments keep their question marks */
	rewrites("SELECT '?', ? FROM t WHERE a = 'it''s ?' AND b = ?",
	    "SELECT '?', $1 FROM t WHERE a = 'it''s ?' AND b = $2", 2);
	rewrites("SELECT \"wh?\" , ? FROM \"user\"",
	    "SELECT \"wh?\" , $1 FROM \"user\"", 1);
	rewrites("SELECT ? -- why?\n, ? /* ? */ , ?",
	    "SELECT $1 -- why?\n, $2 /* ? */ , $3", 3);
	/* an unterminated quote or comment ends the text, not the program */
	rewrites("SELECT 'abc ?", "SELECT 'abc ?", 0);
	rewrites("SELECT ? /* ?", "SELECT $1 /* ?", 1);
}

static void
shown(const char *in, const char *want)
{
	char	 out[256];

	pg_target_shown(in, out, sizeof out);
	assert_string_equal(out, want);
}

static void
test_no_password_shown(void **state)
{
	(void)state;
	shown("postgresql://ana:s3cret@db.example.org/quays",
	    "postgresql://ana:***@db.example.org/quays");
	shown("postgres://ana@db.example.org:5433/quays",
	    "postgres://ana@db.example.org:5433/quays");
	shown("postgresql://db.example.org/quays",
	    "postgresql://db.example.org/quays");
	shown("host=db user=ana password=s3cret dbname=quays",
	    "host=db user=ana password=*** dbname=quays");
	shown("service=quays", "service=quays");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_placeholders),
		cmocka_unit_test(test_no_password_shown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
