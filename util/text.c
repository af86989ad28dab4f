/*
 * text.c: names, notes and reasons are typed by other people and shown on
 * supervisors' terminals. Before any of it reaches a screen or a table,
 * control characters, bidirectional overrides and invalid UTF-8 become
 * visible escapes (\x1b, \u202e), so no text can move the cursor, change
 * colours, or reorder what is shown.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include "util.h"

/* Decode one UTF-8 sequence; returns its length, or 0 if invalid. */
size_t
utf8_decode(const unsigned char *s, uint32_t *cp)
{
	uint32_t	 c;
	size_t		 n, i;

	if (s[0] < 0x80) {
		*cp = s[0];
		return 1;
	}
	if (s[0] >= 0xc2 && s[0] <= 0xdf) {
		n = 2;
		c = s[0] & 0x1f;
	} else if (s[0] >= 0xe0 && s[0] <= 0xef) {
		n = 3;
		c = s[0] & 0x0f;
	} else if (s[0] >= 0xf0 && s[0] <= 0xf4) {
		n = 4;
		c = s[0] & 0x07;
	} else
		return 0;
	for (i = 1; i < n; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		c = (c << 6) | (s[i] & 0x3f);
	}
	if ((n == 3 && c < 0x800) || (n == 4 && (c < 0x10000 || c > 0x10ffff))
	    || (c >= 0xd800 && c <= 0xdfff))
		return 0;
	*cp = c;
	return n;
}

/* Code points that move the cursor, change modes or reorder text. */
int
text_cp_dangerous(uint32_t c)
{
	return c < 0x20 || c == 0x7f || (c >= 0x80 && c <= 0x9f) ||
	    c == 0x200e || c == 0x200f || (c >= 0x202a && c <= 0x202e) ||
	    (c >= 0x2066 && c <= 0x2069) || c == 0x061c || c == 0xfeff;
}

/* Append s to out with every dangerous character made a visible escape. */
void
text_escape(struct buf *out, const char *s)
{
	const unsigned char	*p = (const unsigned char *)s;
	uint32_t		 c;
	size_t			 n;

	if (s == NULL)
		return;
	while (*p != '\0') {
		n = utf8_decode(p, &c);
		if (n == 0) {
			buf_printf(out, "\\x%02x", *p);
			p++;
			continue;
		}
		if (text_cp_dangerous(c)) {
			if (c < 0x80)
				buf_printf(out, "\\x%02x", (unsigned)c);
			else
				buf_printf(out, "\\u%04x", (unsigned)c);
		} else
			buf_add(out, p, n);
		p += n;
	}
}

/* A safe copy of s, owned by the caller; NULL becomes "". */
char *
text_safe(const char *s)
{
	struct buf	 b;

	buf_init(&b);
	text_escape(&b, s == NULL ? "" : s);
	return buf_steal(&b);
}

int
text_utf8_valid(const char *s)
{
	const unsigned char	*p = (const unsigned char *)s;
	uint32_t		 c;
	size_t			 n;

	while (*p != '\0') {
		if ((n = utf8_decode(p, &c)) == 0)
			return 0;
		p += n;
	}
	return 1;
}

static int
cp_width(uint32_t c)
{
	int	 w;

	if (c < 0x80)
		return c >= 0x20 && c != 0x7f ? 1 : 0;
	w = wcwidth((wchar_t)c);
	return w < 0 ? 1 : w;
}

/* Display columns of already-safe text. */
int
text_width(const char *s)
{
	const unsigned char	*p = (const unsigned char *)s;
	uint32_t		 c;
	size_t			 n;
	int			 w = 0;

	while (*p != '\0') {
		if ((n = utf8_decode(p, &c)) == 0) {
			p++;
			w++;
			continue;
		}
		w += cp_width(c);
		p += n;
	}
	return w;
}

/*
 * Append s, made safe, cut to at most cols display columns; a cut is shown
 * with an ellipsis ("~" where the locale cannot show one).
 */
void
text_fit(struct buf *out, const char *s, int cols)
{
	struct buf		 safe;
	const unsigned char	*p;
	uint32_t		 c;
	size_t			 n;
	int			 w = 0, cw, utf8 = MB_CUR_MAX > 1;

	if (cols <= 0)
		return;
	buf_init(&safe);
	text_escape(&safe, s);
	if (safe.data == NULL || text_width(safe.data) <= cols) {
		if (safe.data != NULL)
			buf_puts(out, safe.data);
		buf_free(&safe);
		return;
	}
	p = (const unsigned char *)safe.data;
	while (*p != '\0') {
		n = utf8_decode(p, &c);
		if (n == 0)
			n = 1, c = '?';
		cw = cp_width(c);
		if (w + cw > cols - 1)
			break;
		buf_add(out, p, n);
		w += cw;
		p += n;
	}
	buf_puts(out, utf8 ? "\xe2\x80\xa6" : "~");
	buf_free(&safe);
}

/* Append code point c as UTF-8. */
void
utf8_put(struct buf *b, uint32_t c)
{
	char	 s[4];

	if (c < 0x80) {
		buf_putc(b, (int)c);
	} else if (c < 0x800) {
		s[0] = (char)(0xc0 | (c >> 6));
		s[1] = (char)(0x80 | (c & 0x3f));
		buf_add(b, s, 2);
	} else if (c < 0x10000) {
		s[0] = (char)(0xe0 | (c >> 12));
		s[1] = (char)(0x80 | ((c >> 6) & 0x3f));
		s[2] = (char)(0x80 | (c & 0x3f));
		buf_add(b, s, 3);
	} else {
		s[0] = (char)(0xf0 | (c >> 18));
		s[1] = (char)(0x80 | ((c >> 12) & 0x3f));
		s[2] = (char)(0x80 | ((c >> 6) & 0x3f));
		s[3] = (char)(0x80 | (c & 0x3f));
		buf_add(b, s, 4);
	}
}

/*
 * The next line of the text [*p, end) into line (its end of line gone),
 * moving *p past it and counting *lineno: 1, 0 at the end, -1 when the
 * line does not fit.
 */
int
text_next_line(const char **p, const char *end, char *line, size_t len,
    size_t *lineno)
{
	const char	*nl;
	size_t		 n;

	if (*p >= end)
		return 0;
	nl = memchr(*p, '\n', (size_t)(end - *p));
	n = (size_t)((nl ? nl : end) - *p);
	(*lineno)++;
	if (n >= len)
		return -1;
	memcpy(line, *p, n);
	if (n > 0 && line[n - 1] == '\r')
		n--;
	line[n] = '\0';
	*p = nl ? nl + 1 : end;
	return 1;
}
