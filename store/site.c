/*
 * site.c: sites, the ports whose images are catalogued together.
 */
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "store-int.h"
#include "../util/util.h"

int
store_site_find(struct store *st, const char *name, int64_t *id, char *err,
    size_t errlen)
{
	static const char sql[] = "SELECT id FROM site WHERE name = ?";
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
		return db_err(st, err, errlen, "site");
	return errf(err, errlen, "no site named \"%s\" (quaymark sites lists "
	    "them)", name);
}

/* The site's id, creating it (and its audit row) if it is new. */
int
store_site_ensure(struct store *st, const char *name, int64_t *id,
    char *err, size_t errlen)
{
	static const char sql[] =
	    "INSERT INTO site (name, created) VALUES (?, ?) RETURNING id";
	struct db_stmt	*stmt;
	json_t		*j;
	char		*after, now[32];
	int		 ok;

	if (store_site_find(st, name, id, NULL, 0) == 0)
		return 0;
	if (name[0] == '\0')
		return errf(err, errlen, "site name is empty");
	if (check_writable(st, err, errlen) != 0 ||
	    tx_begin(st, err, errlen) != 0)
		return -1;
	now_iso(now, sizeof now);
	ok = (stmt = stmt_get(st, sql, err, errlen)) != NULL;
	if (ok) {
		db_bind_text(stmt, 1, name);
		db_bind_text(stmt, 2, now);
		ok = step_id(st, stmt, id, err, errlen, "site") == 0;
	}
	if (ok) {
		j = json_pack("{s:s}", "name", name);
		after = json_dumps(j, JSON_COMPACT | JSON_SORT_KEYS);
		json_decref(j);
		ok = audit_add(st, "create", "site", *id, NULL, after, err,
		    errlen) == 0;
		free(after);
	}
	return tx_end(st, ok, err, errlen);
}

static int
site_row(struct db_stmt *stmt, void *elem, void *arg)
{
	struct store_site	*s = elem;

	(void)arg;
	s->id = db_column_int64(stmt, 0);
	s->name = col_strdup(stmt, 1);
	s->images = db_column_int64(stmt, 2);
	return 0;
}

/* All sites with their image counts; the caller frees with store_sites_free. */
int
store_site_list(struct store *st, struct store_site **out, size_t *n,
    char *err, size_t errlen)
{
	static const char sql[] = "SELECT s.id, s.name, "
	    "(SELECT count(*) FROM image i WHERE i.site_id = s.id) "
	    "FROM site s ORDER BY s.name";
	struct db_stmt		*stmt;
	struct store_site	*v = NULL;
	size_t			 len = 0;
	int			 failed;

	if ((stmt = stmt_get(st, sql, err, errlen)) == NULL)
		return -1;
	v = rows_fill(stmt, sizeof *v, 8, site_row, NULL, &len, &failed);
	if (failed) {
		store_sites_free(v, len);
		return db_err(st, err, errlen, "sites");
	}
	*out = v;
	*n = len;
	return 0;
}

void
store_sites_free(struct store_site *v, size_t n)
{
	size_t	 i;

	for (i = 0; i < n; i++)
		free(v[i].name);
	free(v);
}
