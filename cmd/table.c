/*
 * table.c: aligned text tables for humans. Every cell is made terminal-safe
 * (text_escape) before it is measured, so a name holding escape sequences
 * prints as visible backslashes and cannot reach the terminal.
 */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "cmd.h"

#define CELL_MAX_COLS 60

struct table {
	int	  ncols;
	char	**cells;	/* rows * ncols, row 0 the header */
	size_t	  nrows;
	size_t	  cap;
};

struct table *
table_new(int ncols, const char *const *header)
{
	struct table	*t;

	t = xcalloc(1, sizeof *t);
	t->ncols = ncols;
	table_addv(t, header);
	return t;
}

void
table_addv(struct table *t, const char *const *row)
{
	int	 i;

	if (t->nrows == t->cap) {
		t->cap = t->cap ? t->cap * 2 : 16;
		t->cells = xreallocarray(t->cells, t->cap * (size_t)t->ncols,
		    sizeof *t->cells);
	}
	for (i = 0; i < t->ncols; i++)
		t->cells[t->nrows * (size_t)t->ncols + (size_t)i] =
		    text_safe(row[i] ? row[i] : "");
	t->nrows++;
}

/* Add a row of ncols strings (NULL prints empty). */
void
table_add(struct table *t, ...)
{
	const char	*row[64];
	va_list		 ap;
	int		 i;

	va_start(ap, t);
	for (i = 0; i < t->ncols && i < 64; i++)
		row[i] = va_arg(ap, const char *);
	va_end(ap);
	table_addv(t, row);
}

void
table_print(struct table *t, FILE *fp)
{
	struct buf	 line;
	int		*width, w, i;
	size_t		 r;
	const char	*cell;

	width = xcalloc((size_t)t->ncols, sizeof *width);
	for (r = 0; r < t->nrows; r++)
		for (i = 0; i < t->ncols; i++) {
			w = text_width(t->cells[r * (size_t)t->ncols +
			    (size_t)i]);
			if (w > CELL_MAX_COLS)
				w = CELL_MAX_COLS;
			if (w > width[i])
				width[i] = w;
		}
	buf_init(&line);
	for (r = 0; r < t->nrows; r++) {
		buf_reset(&line);
		for (i = 0; i < t->ncols; i++) {
			cell = t->cells[r * (size_t)t->ncols + (size_t)i];
			if (i > 0)
				buf_puts(&line, "  ");
			w = text_width(cell);
			if (w > CELL_MAX_COLS) {
				text_fit(&line, cell, CELL_MAX_COLS);
				w = CELL_MAX_COLS;
			} else
				buf_puts(&line, cell);
			if (i < t->ncols - 1)
				for (; w < width[i]; w++)
					buf_putc(&line, ' ');
		}
		fprintf(fp, "%s\n", line.data);
	}
	buf_free(&line);
	free(width);
}

void
table_free(struct table *t)
{
	size_t	 i;

	if (t == NULL)
		return;
	for (i = 0; i < t->nrows * (size_t)t->ncols; i++)
		free(t->cells[i]);
	free(t->cells);
	free(t);
}
