/*
 * csv.c: RFC 4180 CSV. The reader works on a memory buffer (so fuzzers and
 * files share one path) and keeps line numbers for "file:line: reason"
 * messages. The writer quotes only when it must, so output is stable.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"

void
csv_reader_init(struct csv_reader *r, const char *data, size_t len)
{
	memset(r, 0, sizeof *r);
	r->p = data;
	r->end = data + len;
	if (len >= 3 && memcmp(data, "\xef\xbb\xbf", 3) == 0)
		r->p += 3;	/* a UTF-8 byte-order mark, as Excel writes */
	r->next_line = 1;
	buf_init(&r->storage);
}

void
csv_reader_free(struct csv_reader *r)
{
	buf_free(&r->storage);
	free(r->fields);
	r->fields = NULL;
}

static void
push_offset(struct csv_reader *r, size_t off)
{
	if (r->nfields == r->cap) {
		r->cap = r->cap == 0 ? 16 : r->cap * 2;
		r->fields = xreallocarray(r->fields, r->cap, sizeof *r->fields);
	}
	r->fields[r->nfields++] = (char *)(uintptr_t)off;
}

/*
 * Read one row into r->fields / r->nfields (valid until the next call).
 * Blank lines are skipped. Returns 1 for a row, 0 at the end, -1 with a
 * reason (the row's line is in r->line).
 */
int
csv_read_row(struct csv_reader *r, char *err, size_t errlen)
{
	const char	*p;
	size_t		 i;
	int		 quoted, more;

again:
	buf_reset(&r->storage);
	r->nfields = 0;
	r->line = r->next_line;
	p = r->p;
	if (p >= r->end)
		return 0;
	if (*p == '\n' || (*p == '\r' && p + 1 < r->end && p[1] == '\n')) {
		r->p = p + (*p == '\r' ? 2 : 1);
		r->next_line++;
		goto again;
	}
	for (more = 1; more;) {
		push_offset(r, r->storage.len);
		quoted = (p < r->end && *p == '"');
		if (quoted) {
			p++;
			for (;;) {
				if (p >= r->end)
					return errf(err, errlen,
					    "unterminated quoted field");
				if (*p == '"') {
					if (p + 1 < r->end && p[1] == '"') {
						buf_putc(&r->storage, '"');
						p += 2;
						continue;
					}
					p++;
					break;
				}
				if (*p == '\n')
					r->next_line++;
				if (*p == '\0')
					return errf(err, errlen,
					    "NUL byte in field");
				buf_putc(&r->storage, *p++);
			}
			if (p < r->end && *p != ',' && *p != '\n' &&
			    *p != '\r')
				return errf(err, errlen,
				    "text after closing quote in field %zu",
				    r->nfields);
		} else {
			while (p < r->end && *p != ',' && *p != '\n' &&
			    !(*p == '\r' && (p + 1 == r->end || p[1] == '\n'))) {
				if (*p == '"')
					return errf(err, errlen,
					    "quote inside unquoted field %zu",
					    r->nfields);
				if (*p == '\0')
					return errf(err, errlen,
					    "NUL byte in field");
				buf_putc(&r->storage, *p++);
			}
		}
		buf_putc(&r->storage, '\0');
		if (p < r->end && *p == ',')
			p++;
		else {
			if (p < r->end && *p == '\r')
				p++;
			if (p < r->end && *p == '\n')
				p++;
			r->next_line++;
			more = 0;
		}
	}
	r->p = p;
	for (i = 0; i < r->nfields; i++)
		r->fields[i] = r->storage.data + (uintptr_t)r->fields[i];
	return 1;
}

/* Cells a spreadsheet would run as a formula (=, +, -, @, tab, CR). */
int
csv_is_formula(const char *s)
{
	return s[0] == '=' || s[0] == '+' || s[0] == '-' || s[0] == '@' ||
	    s[0] == '\t' || s[0] == '\r';
}

/*
 * Append one field followed by a separator; csv_end_row() turns the last
 * separator into the newline. With neutralise set, a text cell that a
 * spreadsheet would evaluate, or one that starts with an apostrophe, gets
 * a leading apostrophe (OWASP's advice); csv_unneutralise() strips exactly
 * one again, so the round trip is exact. Numbers are never neutralised.
 */
void
csv_put_field(struct buf *b, const char *s, int neutralise)
{
	const char	*p;
	int		 quote;

	if (s == NULL)
		s = "";
	quote = strpbrk(s, ",\"\r\n") != NULL;
	if (quote)
		buf_putc(b, '"');
	if (neutralise && (csv_is_formula(s) || s[0] == '\''))
		buf_putc(b, '\'');
	for (p = s; *p != '\0'; p++) {
		if (*p == '"')
			buf_putc(b, '"');
		buf_putc(b, *p);
	}
	if (quote)
		buf_putc(b, '"');
	buf_putc(b, ',');
}

void
csv_end_row(struct buf *b)
{
	if (b->len > 0 && b->data[b->len - 1] == ',')
		b->data[b->len - 1] = '\n';
	else
		buf_putc(b, '\n');
}

/* The inverse of neutralising: drop one leading apostrophe. */
const char *
csv_unneutralise(const char *s)
{
	return s[0] == '\'' ? s + 1 : s;
}
