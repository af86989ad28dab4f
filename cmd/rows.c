/*
 * rows.c: one listing, three shapes. A command adds rows of strings under
 * named columns and prints them as an aligned table (escaped, for
 * people), CSV (formula-safe, for spreadsheets) or JSON (escaped by
 * jansson, for programs). A column's name says its type: "#count" holds
 * numbers, ".dwell" numbers JSON writes as reals, "?reviewed" "1" or "0"
 * (JSON true or false), "@gt" JSON text (an array, say); the table and CSV
 * drop the mark and show the text. A cell ROWS_ABSENT is left out of
 * its JSON object (and empty elsewhere). A
 * column may show in some shapes only (rows_only): a table shows what
 * fits a screen, CSV and JSON what a program needs.
 */
#include <ctype.h>
#include <jansson.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "cmd.h"

const char	 rows_absent[] = "";

struct rows {
	int	  ncols;
	size_t	  json_flags;	/* more for json_dumpf: a real precision */
	char	**names;
	unsigned *shown;	/* per column: ROWS_IN(format) bits */
	char	**cells;	/* nrows * ncols; NULL: no value */
	size_t	  nrows;
	size_t	  cap;
};

struct rows *
rows_new(int ncols, const char *const *names)
{
	struct rows	*r;
	int		 i;

	r = xcalloc(1, sizeof *r);
	r->ncols = ncols;
	r->names = xcalloc((size_t)ncols, sizeof *r->names);
	r->shown = xcalloc((size_t)ncols, sizeof *r->shown);
	for (i = 0; i < ncols; i++) {
		r->names[i] = xstrdup(names[i]);
		r->shown[i] = ~0u;
	}
	return r;
}

/* Column col shows only in the formats whose ROWS_IN() bits are set. */
void
rows_only(struct rows *r, int col, unsigned formats)
{
	if (col >= 0 && col < r->ncols)
		r->shown[col] = formats;
}

/* JSON: these json_dumpf flags too (JSON_REAL_PRECISION(6), say). */
void
rows_json_flags(struct rows *r, size_t flags)
{
	r->json_flags = flags;
}

static int
shown(const struct rows *r, int col, enum cmd_format fmt)
{
	return (r->shown[col] & ROWS_IN(fmt)) != 0;
}

/* Add a row of ncols strings (NULL: no value). */
void
rows_add(struct rows *r, ...)
{
	va_list		 ap;
	const char	*s;
	int		 i;

	if (r->nrows == r->cap) {
		r->cap = r->cap ? r->cap * 2 : 32;
		r->cells = xreallocarray(r->cells, r->cap * (size_t)r->ncols,
		    sizeof *r->cells);
	}
	va_start(ap, r);
	for (i = 0; i < r->ncols; i++) {
		s = va_arg(ap, const char *);
		r->cells[r->nrows * (size_t)r->ncols + (size_t)i] = s ==
		    NULL || s == ROWS_ABSENT ? (char *)(uintptr_t)s :
		    xstrdup(s);
	}
	va_end(ap);
	r->nrows++;
}

size_t
rows_count(const struct rows *r)
{
	return r->nrows;
}

static const char *
bare(const char *name)
{
	return name[0] == '#' || name[0] == '?' || name[0] == '@' ||
	    name[0] == '.' ? name + 1 : name;
}

static void
print_table(const struct rows *r, FILE *fp)
{
	struct table	*t;
	const char	*row[64];
	char		 upper[64][32];
	size_t		 i, k;
	int		 c, n = 0, col[64];

	for (c = 0; c < r->ncols && n < 64; c++) {
		if (!shown(r, c, FORMAT_TABLE))
			continue;
		snprintf(upper[n], sizeof upper[n], "%s", bare(r->names[c]));
		for (k = 0; upper[n][k] != '\0'; k++)
			upper[n][k] = (char)(upper[n][k] == '_' ? ' ' :
			    toupper((unsigned char)upper[n][k]));
		row[n] = upper[n];
		col[n++] = c;
	}
	t = table_new(n, row);
	for (i = 0; i < r->nrows; i++) {
		for (c = 0; c < n; c++) {
			row[c] = r->cells[i * (size_t)r->ncols +
			    (size_t)col[c]];
			if (row[c] == NULL)
				row[c] = "-";
		}
		table_addv(t, row);
	}
	table_print(t, fp);
	table_free(t);
}

/* The rows as CSV into b (header first): formula-safe, "#" columns bare. */
void
rows_csv(const struct rows *r, struct buf *b)
{
	const char	*s;
	size_t		 i;
	int		 c;

	for (c = 0; c < r->ncols; c++)
		if (shown(r, c, FORMAT_CSV))
			csv_put_field(b, bare(r->names[c]), 0);
	csv_end_row(b);
	for (i = 0; i < r->nrows; i++) {
		for (c = 0; c < r->ncols; c++) {
			if (!shown(r, c, FORMAT_CSV))
				continue;
			s = r->cells[i * (size_t)r->ncols + (size_t)c];
			csv_put_field(b, s ? s : "", r->names[c][0] != '#');
		}
		csv_end_row(b);
	}
}

static void
print_csv(const struct rows *r, FILE *fp)
{
	struct buf	 b;

	buf_init(&b);
	rows_csv(r, &b);
	cmd_write_data(fp, b.data, b.len);
	buf_free(&b);
}

/*
 * o[name] = s: a boolean for "?" columns, JSON for "@", a number for "#",
 * else text (cmd/json-text.c).
 */
static void
json_value(json_t *o, const char *name, const char *s)
{
	char		*end;
	long long	 n;
	double		 d;

	json_t		*j;

	if (s == ROWS_ABSENT)
		return;
	if (s != NULL && name[0] == '.' && *s != '\0') {
		d = strtod(s, &end);
		if (*end == '\0') {
			json_object_set_new(o, bare(name), json_real(d));
			return;
		}
	}
	if (s != NULL && name[0] == '?' && (strcmp(s, "0") == 0 ||
	    strcmp(s, "1") == 0)) {
		json_object_set_new(o, bare(name), json_boolean(s[0] == '1'));
		return;
	}
	if (s != NULL && name[0] == '@' && (j = json_loads(s,
	    JSON_DECODE_ANY, NULL)) != NULL) {
		json_object_set_new(o, bare(name), j);
		return;
	}
	if (s != NULL && name[0] == '#' && *s != '\0') {
		n = strtoll(s, &end, 10);
		if (*end == '\0') {
			json_object_set_new(o, bare(name), json_integer(n));
			return;
		}
		d = strtod(s, &end);
		if (*end == '\0') {
			json_object_set_new(o, bare(name), json_real(d));
			return;
		}
	}
	cmd_json_set_text(o, bare(name), s);
}

/* The rows as a JSON array of objects, for a listing inside a document. */
json_t *
rows_json(const struct rows *r)
{
	json_t	*arr = json_array(), *o;
	size_t	 i;
	int	 c;

	for (i = 0; i < r->nrows; i++) {
		o = json_object();
		for (c = 0; c < r->ncols; c++)
			if (shown(r, c, FORMAT_JSON))
				json_value(o, r->names[c], r->cells[i *
				    (size_t)r->ncols + (size_t)c]);
		json_array_append_new(arr, o);
	}
	return arr;
}

static void
print_json(const struct rows *r, FILE *fp)
{
	json_t	*arr = rows_json(r);

	json_dumpf(arr, fp, JSON_INDENT(2) | JSON_ENSURE_ASCII |
	    JSON_PRESERVE_ORDER | r->json_flags);
	fputc('\n', fp);
	json_decref(arr);
}

void
rows_print(const struct rows *r, enum cmd_format fmt, FILE *fp)
{
	switch (fmt) {
	case FORMAT_CSV:
		print_csv(r, fp);
		break;
	case FORMAT_JSON:
		print_json(r, fp);
		break;
	default:
		print_table(r, fp);
	}
}

void
rows_free(struct rows *r)
{
	size_t	 i;
	int	 c;

	if (r == NULL)
		return;
	for (i = 0; i < r->nrows * (size_t)r->ncols; i++)
		if (r->cells[i] != ROWS_ABSENT)
			free(r->cells[i]);
	for (c = 0; c < r->ncols; c++)
		free(r->names[c]);
	free(r->cells);
	free(r->names);
	free(r->shown);
	free(r);
}
