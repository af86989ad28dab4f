/*
 * comment.c: a supervisor's note on a mark or an image ("missed a ship
 * here"), which the analyst sees in the panel and resolves.
 */
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "store-int.h"
#include "../util/util.h"

#define COMMENT_MAX_LEN 4000

/* Comment on mark_id (or, when 0, on image_id); *id is the new comment. */
int
store_comment_add(struct store *st, int64_t mark_id, int64_t image_id,
    const char *text, int64_t *id, char *err, size_t errlen)
{
	static const char sql[] = "INSERT INTO comment (mark_id, image_id, "
	    "author, text, created) VALUES (?, ?, ?, ?, ?) RETURNING id";
	struct store_mark	 m;
	struct store_image	 im;
	struct db_stmt		*stmt;
	json_t			*j;
	char			*after, now[32];
	int			 ok;

	if (text == NULL || *text == '\0')
		return errf(err, errlen, "a comment needs text");
	if (strlen(text) > COMMENT_MAX_LEN)
		return errf(err, errlen, "comment longer than %d bytes",
		    COMMENT_MAX_LEN);
	if (!text_utf8_valid(text))
		return errf(err, errlen, "the comment is not UTF-8 text");
	if (check_writable(st, err, errlen) != 0 ||
	    tx_begin(st, err, errlen) != 0)
		return -1;
	ok = 1;
	if (mark_id != 0) {
		if ((ok = store_mark_get(st, mark_id, &m, err, errlen) == 0)) {
			image_id = m.image_id;
			store_mark_clear(&m);
		}
	} else if ((ok = store_image_get(st, image_id, &im, err, errlen) == 0))
		store_image_clear(&im);
	if (ok && (stmt = stmt_get(st, sql, err, errlen)) == NULL)
		ok = 0;
	if (ok) {
		now_iso(now, sizeof now);
		if (mark_id != 0)
			db_bind_int64(stmt, 1, mark_id);
		db_bind_int64(stmt, 2, image_id);
		db_bind_text(stmt, 3, st->user);
		db_bind_text(stmt, 4, text);
		db_bind_text(stmt, 5, now);
		ok = step_id(st, stmt, id, err, errlen, "comment") == 0;
	}
	if (ok) {
		j = json_pack("{s:I,s:I,s:s}", "mark_id", (json_int_t)mark_id,
		    "image_id", (json_int_t)image_id, "text", text);
		after = json_dumps(j, JSON_COMPACT | JSON_SORT_KEYS);
		json_decref(j);
		ok = audit_add(st, "create", "comment", *id, NULL, after, err,
		    errlen) == 0;
		free(after);
	}
	return tx_end(st, ok, err, errlen);
}

int
store_comment_resolve(struct store *st, int64_t id, char *err, size_t errlen)
{
	/* only a comment this user may see (see store_comment_list) */
	static const char sql[] = "UPDATE comment SET resolved_by = ?1, "
	    "resolved_at = ?2 WHERE id = ?3 AND resolved_by IS NULL AND "
	    "id NOT IN (SELECT c.id FROM comment c LEFT JOIN mark m ON "
	    "m.id = c.mark_id JOIN image i ON i.id = c.image_id WHERE "
	    "c.id = ?3 AND i.blind = 1 AND ((m.id IS NOT NULL AND NOT "
	    "qm_sees(m.author)) OR " HIDDEN_BLIND("c.author", "c.image_id")
	    "))";
	struct db_stmt	*stmt;
	char		 now[32], after[128];
	int		 ok;

	if (check_writable(st, err, errlen) != 0 ||
	    tx_begin(st, err, errlen) != 0)
		return -1;
	ok = (stmt = stmt_get(st, sql, err, errlen)) != NULL;
	if (ok) {
		now_iso(now, sizeof now);
		db_bind_text(stmt, 1, st->user);
		db_bind_text(stmt, 2, now);
		db_bind_int64(stmt, 3, id);
		ok = step_done(st, stmt, err, errlen, "comment") == 0;
	}
	if (ok && db_changes(st->db) == 0)
		ok = errf(err, errlen, "no open comment with id %lld",
		    (long long)id) == 0;
	if (ok) {
		snprintf(after, sizeof after, "{\"resolved\":true}");
		ok = audit_add(st, "resolve", "comment", id, NULL, after, err,
		    errlen) == 0;
	}
	return tx_end(st, ok, err, errlen);
}

static int
comment_row(struct db_stmt *stmt, void *elem, void *arg)
{
	struct store_comment	*c = elem;

	(void)arg;
	c->id = db_column_int64(stmt, 0);
	c->mark_id = db_column_int64(stmt, 1);
	c->image_id = db_column_int64(stmt, 2);
	c->author = col_strdup(stmt, 3);
	c->text = col_strdup(stmt, 4);
	c->created = col_strdup(stmt, 5);
	c->resolved_by = col_strdup(stmt, 6);
	c->resolved_at = col_strdup(stmt, 7);
	return 0;
}

/*
 * Comments on an image and its marks (0: all) that this user may see;
 * open_only skips resolved ones.
 */
int
store_comment_list(struct store *st, int64_t image_id, int open_only,
    struct store_comment **out, size_t *n, char *err, size_t errlen)
{
	static const char sql[] = "SELECT c.id, coalesce(c.mark_id, 0), "
	    "c.image_id, c.author, c.text, c.created, c.resolved_by, "
	    "c.resolved_at FROM comment c LEFT JOIN mark m ON m.id = c.mark_id "
	    "JOIN image i ON i.id = c.image_id "
	    "WHERE (?1 = 0 OR c.image_id = ?1) AND (?2 = 0 OR c.resolved_by IS "
	    "NULL) AND "
	    /* on a blind image, the other analyst's comments and comments on
	     * their marks stay hidden, like the marks */
	    "NOT (i.blind = 1 AND ((m.id IS NOT NULL AND NOT qm_sees(m.author))"
	    " OR " HIDDEN_BLIND("c.author", "c.image_id") ")) ORDER BY c.id";
	struct db_stmt		*stmt;
	struct store_comment	*v = NULL;
	size_t			 len = 0;
	int			 failed;

	if ((stmt = stmt_get(st, sql, err, errlen)) == NULL)
		return -1;
	db_bind_int64(stmt, 1, image_id);
	db_bind_int64(stmt, 2, open_only);
	v = rows_fill(stmt, sizeof *v, 8, comment_row, NULL, &len, &failed);
	if (failed) {
		store_comments_free(v, len);
		return db_err(st, err, errlen, "comments");
	}
	*out = v;
	*n = len;
	return 0;
}

void
store_comments_free(struct store_comment *v, size_t n)
{
	size_t	 i;

	for (i = 0; i < n; i++) {
		free(v[i].author);
		free(v[i].text);
		free(v[i].created);
		free(v[i].resolved_by);
		free(v[i].resolved_at);
	}
	free(v);
}
