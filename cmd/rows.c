/*
 * rows.c: one listing, three shapes. A command adds rows of strings under
 * named columns and prints them as an aligned table (escaped, for
 * people), CSV (formula-safe, for spreadsheets) or JSON (escaped by
 * jansson, for programs). A column named "#count" holds numbers: JSON
 * writes them as numbers, the table and CSV drop the '#'.
 */
#include <ctype.h>
#include <jansson.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "cmd.h"

struct rows {
	int	  ncols;
	char	**names;
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
	for (i = 0; i < ncols; i++)
		r->names[i] = xstrdup(names[i]);
	return r;
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
		r->cells[r->nrows * (size_t)r->ncols + (size_t)i] = s ?
		    xstrdup(s) : NULL;
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
	return name[0] == '#' ? name + 1 : name;
}

static void
print_table(const struct rows *r, FILE *fp)
{
	struct table	*t;
	const char	*row[64];
	char		 upper[64][32];
	size_t		 i, k;
	int		 c;

	for (c = 0; c < r->ncols && c < 64; c++) {
		snprintf(upper[c], sizeof upper[c], "%s", bare(r->names[c]));
		for (k = 0; upper[c][k] != '\0'; k++)
			upper[c][k] = (char)(upper[c][k] == '_' ? ' ' :
			    toupper((unsigned char)upper[c][k]));
		row[c] = upper[c];
	}
	t = table_new(r->ncols, row);
	for (i = 0; i < r->nrows; i++) {
		for (c = 0; c < r->ncols && c < 64; c++) {
			row[c] = r->cells[i * (size_t)r->ncols + (size_t)c];
			if (row[c] == NULL)
				row[c] = "-";
		}
		table_addv(t, row);
	}
	table_print(t, fp);
	table_free(t);
}

static void
print_csv(const struct rows *r, FILE *fp)
{
	struct buf	 b;
	const char	*s;
	size_t		 i;
	int		 c;

	buf_init(&b);
	for (c = 0; c < r->ncols; c++)
		csv_put_field(&b, bare(r->names[c]), 0);
	csv_end_row(&b);
	for (i = 0; i < r->nrows; i++) {
		for (c = 0; c < r->ncols; c++) {
			s = r->cells[i * (size_t)r->ncols + (size_t)c];
			csv_put_field(&b, s ? s : "", r->names[c][0] != '#');
		}
		csv_end_row(&b);
	}
	cmd_write_data(fp, b.data, b.len);
	buf_free(&b);
}

/* o[name] = s: a number for "#" columns, else text (cmd/json-text.c). */
static void
json_value(json_t *o, const char *name, const char *s)
{
	char		*end;
	long long	 n;
	double		 d;

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

static void
print_json(const struct rows *r, FILE *fp)
{
	json_t	*arr = json_array(), *o;
	size_t	 i;
	int	 c;

	for (i = 0; i < r->nrows; i++) {
		o = json_object();
		for (c = 0; c < r->ncols; c++)
			json_value(o, r->names[c],
			    r->cells[i * (size_t)r->ncols + (size_t)c]);
		json_array_append_new(arr, o);
	}
	json_dumpf(arr, fp, JSON_INDENT(2) | JSON_ENSURE_ASCII |
	    JSON_PRESERVE_ORDER);
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
		free(r->cells[i]);
	for (c = 0; c < r->ncols; c++)
		free(r->names[c]);
	free(r->cells);
	free(r->names);
	free(r);
}
