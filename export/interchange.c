/*
 * interchange.c: quaymark's own CSV, the format `marks --format csv`
 * writes and `import --format csv` reads. The header is fixed and
 * documented in the man page; numbers are written in their shortest exact
 * form and text cells are neutralised against spreadsheet formulas, so
 * export, import and export again give the same bytes.
 */
#include <stdlib.h>
#include <string.h>

#include "export.h"

const char *const interchange_columns[] = {
	"file", "site", "date", "class", "kind", "cx", "cy", "width",
	"height", "angle", "name", "count", "state", "note", "track", "quay",
	"author", "status", "reason", NULL
};

enum {
	COL_FILE, COL_SITE, COL_DATE, COL_CLASS, COL_KIND, COL_CX, COL_CY,
	COL_W, COL_H, COL_ANGLE, COL_NAME, COL_COUNT, COL_STATE, COL_NOTE,
	COL_TRACK, COL_QUAY, COL_AUTHOR, COL_STATUS, COL_REASON, NCOLS
};

void
interchange_header(struct buf *b)
{
	int	 i;

	for (i = 0; interchange_columns[i] != NULL; i++)
		csv_put_field(b, interchange_columns[i], 0);
	csv_end_row(b);
}

static void
put_num(struct buf *b, double v)
{
	char	 n[32];

	num_format(n, sizeof n, v);
	csv_put_field(b, n, 0);
}

/* One mark as a row; quay is the quay containing its centre, or NULL. */
void
interchange_row(struct buf *b, const struct store_mark *m, const char *quay)
{
	static int64_t	 last_t = -1;	/* marks come image by image */
	static char	 when[DATE_ISO_LEN];
	char		 n[32];

	if (m->acquired != last_t) {
		date_format(m->acquired, when);
		last_t = m->acquired;
	}
	csv_put_field(b, m->image_name, 1);
	csv_put_field(b, m->site, 1);
	csv_put_field(b, when, 0);
	csv_put_field(b, m->class_name, 1);
	csv_put_field(b, mark_kind_name(m->kind), 0);
	put_num(b, m->cx);
	put_num(b, m->cy);
	put_num(b, m->w);
	put_num(b, m->h);
	put_num(b, m->angle);
	csv_put_field(b, m->name, 1);
	if (m->has_count) {
		snprintf(n, sizeof n, "%lld", (long long)m->count);
		csv_put_field(b, n, 0);
	} else
		csv_put_field(b, "", 0);
	csv_put_field(b, m->state, 1);
	csv_put_field(b, m->note, 1);
	if (m->has_track) {
		snprintf(n, sizeof n, "%lld", (long long)m->track);
		csv_put_field(b, n, 0);
	} else
		csv_put_field(b, "", 0);
	csv_put_field(b, quay, 1);
	csv_put_field(b, m->author, 1);
	csv_put_field(b, status_name(m->status), 0);
	csv_put_field(b, m->status_reason, 1);
	csv_end_row(b);
}

static char *
text_or_null(const char *s)
{
	s = csv_unneutralise(s);
	return *s == '\0' ? NULL : xstrdup(s);
}

/* The header's columns: col[COL_X] is X's field, -1 when absent. */
static int
read_header(const struct csv_reader *r, const char *path, int *col,
    char *err, size_t errlen)
{
	size_t	 f;
	int	 i;

	for (i = 0; i < NCOLS; i++)
		col[i] = -1;
	for (f = 0; f < r->nfields; f++) {
		for (i = 0; interchange_columns[i] != NULL; i++)
			if (strcmp(r->fields[f], interchange_columns[i]) == 0)
				break;
		if (interchange_columns[i] == NULL)
			return errf(err, errlen, "%s:1: unknown column \"%s\"",
			    path, r->fields[f]);
		if (col[i] != -1)
			return errf(err, errlen, "%s:1: column \"%s\" given "
			    "twice", path, r->fields[f]);
		col[i] = (int)f;
	}
	if (col[COL_FILE] < 0 || col[COL_CLASS] < 0 || col[COL_CX] < 0 ||
	    col[COL_CY] < 0)
		return errf(err, errlen, "%s:1: the header needs at least file, "
		    "class, cx and cy", path);
	return 0;
}

/* One row (of as many fields as the header, nf) into a new item. */
static int
read_row(const struct csv_reader *r, const int *col, size_t nf,
    const char *path, struct import_items *items, char *err, size_t errlen)
{
	struct import_item	*it;
	const char		*v;
	double			 num[5];
	int			 i, status;

#define FIELD(c) (col[c] >= 0 && (size_t)col[c] < r->nfields ? \
	r->fields[col[c]] : "")
	if (r->nfields != nf)
		return errf(err, errlen, "%s:%zu: %zu fields, the header has "
		    "%zu", path, r->line, r->nfields, nf);
	it = import_items_add(items, r->line);
	it->image = xstrdup(csv_unneutralise(FIELD(COL_FILE)));
	it->site = text_or_null(FIELD(COL_SITE));
	it->class_name = xstrdup(csv_unneutralise(FIELD(COL_CLASS)));
	v = FIELD(COL_KIND);
	it->kind = *v ? mark_kind_parse(v) : MARK_POINT;
	if (it->kind < 0)
		return errf(err, errlen, "%s:%zu: kind \"%s\" is not point, "
		    "box or rbox", path, r->line, v);
	for (i = 0; i < 5; i++) {
		v = FIELD(COL_CX + i);
		num[i] = 0;
		if (*v == '\0' && i >= 2)
			continue;
		if (num_parse_double(v, &num[i]) != 0)
			return errf(err, errlen, "%s:%zu: %s \"%s\" is not a "
			    "number", path, r->line,
			    interchange_columns[COL_CX + i], v);
	}
	it->cx = num[0];
	it->cy = num[1];
	it->w = num[2];
	it->h = num[3];
	it->angle = num[4];
	it->name = text_or_null(FIELD(COL_NAME));
	it->state = text_or_null(FIELD(COL_STATE));
	it->note = text_or_null(FIELD(COL_NOTE));
	it->author = text_or_null(FIELD(COL_AUTHOR));
	it->reason = text_or_null(FIELD(COL_REASON));
	v = FIELD(COL_COUNT);
	if (*v != '\0') {
		if (num_parse_int64(v, &it->count) != 0 || it->count < 0)
			return errf(err, errlen, "%s:%zu: count \"%s\" is not "
			    "a whole number >= 0", path, r->line, v);
		it->has_count = 1;
	}
	v = FIELD(COL_TRACK);
	if (*v != '\0') {
		if (num_parse_int64(v, &it->track) != 0)
			return errf(err, errlen, "%s:%zu: track \"%s\" is not "
			    "a whole number", path, r->line, v);
		it->has_track = 1;
	}
	v = FIELD(COL_STATUS);
	status = *v ? status_parse(v) : STATUS_PENDING;
	if (status < 0)
		return errf(err, errlen, "%s:%zu: status \"%s\" is not "
		    "pending, approved or rejected", path, r->line, v);
	it->status = status;
#undef FIELD
	return 0;
}

/*
 * Read the interchange CSV in data (from file `path`, for messages) into
 * items. The header must name the columns (any order; unknown ones are an
 * error, so a typo is not silently dropped). Returns 0, or -1 with
 * "path:line: reason".
 */
int
interchange_read(const char *path, const char *data, size_t len,
    struct import_items *items, char *err, size_t errlen)
{
	struct csv_reader	 r;
	char			 e[256];
	int			 col[NCOLS], rc;
	size_t			 nf;

	csv_reader_init(&r, data, len);
	rc = csv_read_row(&r, e, sizeof e);
	if (rc <= 0) {
		csv_reader_free(&r);
		if (rc == 0)
			return errf(err, errlen, "%s: empty file (no header)",
			    path);
		return errf(err, errlen, "%s:%zu: %s", path, r.line, e);
	}
	if (read_header(&r, path, col, err, errlen) != 0)
		goto fail;
	nf = r.nfields;
	while ((rc = csv_read_row(&r, e, sizeof e)) == 1)
		if (read_row(&r, col, nf, path, items, err, errlen) != 0)
			goto fail;
	if (rc < 0) {
		errf(err, errlen, "%s:%zu: %s", path, r.line, e);
		goto fail;
	}
	csv_reader_free(&r);
	return 0;
fail:
	csv_reader_free(&r);
	return -1;
}

/* The set as the interchange CSV, in file out. */
int
csv_write(struct export_set *s, const char *out, char *err, size_t errlen)
{
	struct buf	 b;
	size_t		 i, k;
	int		 rc;

	buf_init(&b);
	interchange_header(&b);
	for (i = 0; i < s->n; i++)
		for (k = 0; k < s->v[i].nmarks; k++) {
			/* the lean marks name their image through the set */
			struct store_mark m = s->v[i].marks[k];

			m.image_name = s->v[i].im.name;
			m.site = s->v[i].im.site;
			interchange_row(&b, &m, s->v[i].quay ?
			    s->v[i].quay[k] : NULL);
		}
	rc = export_write_file(out, b.data, b.len, err, errlen);
	buf_free(&b);
	return rc;
}
