/*
 * class.c: what can be marked. Four come with every database (ship,
 * container_stack, aircraft, vehicle); users add their own.
 */
#include <ctype.h>
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "store-int.h"
#include "../util/util.h"

int
store_class_find(struct store *st, const char *name, int64_t *id, char *err,
    size_t errlen)
{
	static const char sql[] = "SELECT id FROM class WHERE name = ?";
	struct db_stmt	*stmt;
	int		 rc;

	if ((stmt = stmt_get(st, sql, err, errlen)) == NULL)
		return -1;
	db_bind_text(stmt, 1, name);
	rc = db_step(stmt);
	if (rc == DB_ROW)
		*id = db_column_int64(stmt, 0);
	db_reset(stmt);
	if (rc == DB_ROW)
		return 0;
	if (rc != DB_DONE)
		return db_err(st, err, errlen, "class");
	return errf(err, errlen, "unknown class \"%s\" (quaymark class list "
	    "shows them; quaymark class add creates one)", name);
}

static int
valid_class_name(const char *s)
{
	const char	*p;

	if (*s == '\0' || strlen(s) > 40)
		return 0;
	for (p = s; *p != '\0'; p++)
		if (!isalnum((unsigned char)*p) && *p != '_' && *p != '-')
			return 0;
	return 1;
}

static int
valid_colour(const char *s)
{
	size_t	 i;

	if (s[0] != '#' || strlen(s) != 7)
		return 0;
	for (i = 1; i < 7; i++)
		if (!isxdigit((unsigned char)s[i]))
			return 0;
	return 1;
}

/* Add a class; colour is "#rrggbb" or NULL for one from a fixed cycle. */
int
store_class_add(struct store *st, const char *name, const char *colour,
    int64_t *id, char *err, size_t errlen)
{
	static const char *const cycle[] = { "#ff80ff", "#ff9040", "#40ffd0",
	    "#c0c0ff", "#ffffff", "#a0ff40" };
	static const char sql[] = "INSERT INTO class (name, colour, ord, "
	    "created) VALUES (?, ?, (SELECT coalesce(max(ord), 0) + 1 FROM "
	    "class), ?) RETURNING id";
	static const char count_sql[] = "SELECT count(*) FROM class";
	struct db_stmt	*stmt;
	json_t		*j;
	char		*after, now[32];
	int64_t		 existing, n = 0;
	int		 ok;

	if (!valid_class_name(name))
		return errf(err, errlen, "class name \"%s\": use letters, "
		    "digits, _ and - (at most 40)", name);
	if (colour != NULL && !valid_colour(colour))
		return errf(err, errlen, "colour \"%s\": use #rrggbb", colour);
	if (store_class_find(st, name, &existing, NULL, 0) == 0)
		return errf(err, errlen, "class \"%s\" already exists", name);
	if (check_writable(st, err, errlen) != 0 ||
	    tx_begin(st, err, errlen) != 0)
		return -1;
	ok = (stmt = stmt_get(st, count_sql, err, errlen)) != NULL;
	if (ok && db_step(stmt) == DB_ROW)
		n = db_column_int64(stmt, 0);
	if (stmt != NULL)
		db_reset(stmt);
	if (colour == NULL)
		colour = cycle[(size_t)n % QM_NELEM(cycle)];
	now_iso(now, sizeof now);
	ok = ok && (stmt = stmt_get(st, sql, err, errlen)) != NULL;
	if (ok) {
		db_bind_text(stmt, 1, name);
		db_bind_text(stmt, 2, colour);
		db_bind_text(stmt, 3, now);
		ok = step_id(st, stmt, id, err, errlen, "class") == 0;
	}
	if (ok) {
		j = json_pack("{s:s,s:s}", "name", name, "colour", colour);
		after = json_dumps(j, JSON_COMPACT | JSON_SORT_KEYS);
		json_decref(j);
		ok = audit_add(st, "create", "class", *id, NULL, after, err,
		    errlen) == 0;
		free(after);
	}
	return tx_end(st, ok, err, errlen);
}

static int
class_row(struct db_stmt *stmt, void *elem, void *arg)
{
	struct store_class	*c = elem;

	(void)arg;
	c->id = db_column_int64(stmt, 0);
	c->name = col_strdup(stmt, 1);
	c->colour = col_strdup(stmt, 2);
	c->ord = (int)db_column_int64(stmt, 3);
	return 0;
}

int
store_class_list(struct store *st, struct store_class **out, size_t *n,
    char *err, size_t errlen)
{
	static const char sql[] =
	    "SELECT id, name, colour, ord FROM class ORDER BY ord, id";
	struct db_stmt		*stmt;
	struct store_class	*v = NULL;
	size_t			 len = 0;
	int			 failed;

	if ((stmt = stmt_get(st, sql, err, errlen)) == NULL)
		return -1;
	v = rows_fill(stmt, sizeof *v, 8, class_row, NULL, &len, &failed);
	if (failed) {
		store_classes_free(v, len);
		return db_err(st, err, errlen, "classes");
	}
	*out = v;
	*n = len;
	return 0;
}

void
store_classes_free(struct store_class *v, size_t n)
{
	size_t	 i;

	for (i = 0; i < n; i++) {
		free(v[i].name);
		free(v[i].colour);
	}
	free(v);
}
