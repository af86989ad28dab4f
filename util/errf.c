/*
 * errf.c: errors travel up as one line in a caller-owned buffer. A reason
 * too long for the buffer is cut and ends in "...", never left unterminated.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "util.h"

int
errf(char *err, size_t errlen, const char *fmt, ...)
{
	va_list	 ap;
	int	 n;

	if (err == NULL || errlen == 0)
		return -1;
	va_start(ap, fmt);
	n = vsnprintf(err, errlen, fmt, ap);
	va_end(ap);
	if (n < 0)
		err[0] = '\0';
	else if ((size_t)n >= errlen && errlen > 4)
		memcpy(err + errlen - 4, "...", 4);
	return -1;
}

/* snprintf that reports truncation: 0 when it fit, -1 when it did not. */
int
xsnprintf(char *dst, size_t len, const char *fmt, ...)
{
	va_list	 ap;
	int	 n;

	va_start(ap, fmt);
	n = vsnprintf(dst, len, fmt, ap);
	va_end(ap);
	return (n < 0 || (size_t)n >= len) ? -1 : 0;
}
