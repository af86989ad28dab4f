/*
 * num.c: numbers typed by people or read from files, parsed strictly (the
 * whole string, finite, in range) and printed so they read back exactly.
 */
#include <errno.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"

int
num_parse_double(const char *s, double *out)
{
	char	*end;
	double	 v;

	while (*s == ' ')
		s++;
	if (*s == '\0')
		return -1;
	errno = 0;
	v = strtod(s, &end);
	while (*end == ' ')
		end++;
	if (*end != '\0' || errno == ERANGE || !isfinite(v))
		return -1;
	*out = v;
	return 0;
}

int
num_parse_int64(const char *s, int64_t *out)
{
	char		*end;
	long long	 v;

	while (*s == ' ')
		s++;
	if (*s == '\0')
		return -1;
	errno = 0;
	v = strtoll(s, &end, 10);
	while (*end == ' ')
		end++;
	if (*end != '\0' || errno == ERANGE)
		return -1;
	*out = (int64_t)v;
	return 0;
}

/* Exactly n comma-separated numbers ("10,20,30.5"). */
int
num_parse_list(const char *s, double *out, int n)
{
	char		 tmp[64];
	const char	*p = s, *comma;
	size_t		 len;
	int		 i;

	for (i = 0; i < n; i++) {
		comma = strchr(p, ',');
		if ((i < n - 1) != (comma != NULL))
			return -1;
		len = comma ? (size_t)(comma - p) : strlen(p);
		if (len == 0 || len >= sizeof tmp)
			return -1;
		memcpy(tmp, p, len);
		tmp[len] = '\0';
		if (num_parse_double(tmp, &out[i]) != 0)
			return -1;
		p = comma ? comma + 1 : p + len;
	}
	return 0;
}

/*
 * "x y, x y, ..." (a polygon as people type it and the store keeps it)
 * into a new array of x, y pairs (caller frees). Every coordinate is
 * finite. Returns the number of points, or -1.
 */
long
num_parse_points(const char *s, double **out)
{
	double		*v = NULL;
	size_t		 n = 0, cap = 0;
	const char	*p = s;
	char		*end;
	double		 xy[2];
	int		 i;

	*out = NULL;
	if (s == NULL)
		return -1;
	for (;;) {
		while (*p == ' ')
			p++;
		if (*p == '\0')
			break;
		for (i = 0; i < 2; i++) {
			errno = 0;
			xy[i] = strtod(p, &end);
			if (end == p || errno == ERANGE || !isfinite(xy[i]))
				goto bad;
			p = end;
		}
		while (*p == ' ')
			p++;
		if (*p == ',')
			p++;
		else if (*p != '\0')
			goto bad;
		if (n == cap) {
			cap = cap ? cap * 2 : 8;
			v = xreallocarray(v, cap, 2 * sizeof *v);
		}
		v[2 * n] = xy[0];
		v[2 * n + 1] = xy[1];
		n++;
	}
	*out = v;
	return (long)n;
bad:
	free(v);
	return -1;
}

/*
 * The shortest text that reads back as the same double: -0.8 for what
 * jansson writes as -0.80000000000000004. Every decimal of 15 significant
 * digits or fewer survives a round trip through a double (DBL_DIG), so
 * %.15g is already the shortest when any form of 15 digits or fewer
 * reads back; otherwise 16, then 17 digits, which always does.
 */
void
num_format(char *out, size_t len, double v)
{
	double		 back;
	long long	 r, ip, fp;
	char		 tmp[32], *p = tmp + sizeof tmp;
	int		 d;

	if (v == 0)
		v = 0;	/* no "-0" */
	/* Most geometry is in thousandths: those read back exactly from
	 * their short decimal form, built without printf (exports write
	 * millions of numbers). */
	if (fabs(v) < 1e12 && (r = llround(v * 1000)) / 1000.0 == v &&
	    len >= sizeof tmp) {
		*--p = '\0';
		ip = (r < 0 ? -r : r) / 1000;
		fp = (r < 0 ? -r : r) % 1000;
		for (d = 3; d > 0 && fp % 10 == 0; d--)
			fp /= 10;
		if (d > 0) {
			while (d-- > 0) {
				*--p = (char)('0' + fp % 10);
				fp /= 10;
			}
			*--p = '.';
		}
		do {
			*--p = (char)('0' + ip % 10);
			ip /= 10;
		} while (ip > 0);
		if (r < 0)
			*--p = '-';
		memcpy(out, p, (size_t)(tmp + sizeof tmp - p));
		return;
	}
	snprintf(out, len, "%.15g", v);
	if (num_parse_double(out, &back) == 0 && back == v)
		return;
	snprintf(out, len, "%.16g", v);
	if (num_parse_double(out, &back) == 0 && back == v)
		return;
	snprintf(out, len, "%.17g", v);
}

/*
 * Copy the JSON text in to out with every number that has a fraction or
 * an exponent written in its shortest round-trip form (num_format), so
 * that what jansson stored as 100.0 or -0.80000000000000004 reads 100 and
 * -0.8, as typed. Strings are copied untouched.
 */
void
num_json_tidy(const char *in, struct buf *out)
{
	const char	*p = in, *q;
	char		 tok[64], num[40];
	double		 v;
	size_t		 n;

	while (*p != '\0') {
		if (*p == '"') {
			for (q = p + 1; *q != '\0' && *q != '"'; q++)
				if (*q == '\\' && q[1] != '\0')
					q++;
			if (*q == '"')
				q++;
			buf_add(out, p, (size_t)(q - p));
			p = q;
			continue;
		}
		if (*p == '-' || (*p >= '0' && *p <= '9')) {
			n = strspn(p, "-+0123456789.eE");
			if (n < sizeof tok && strcspn(p, ".eE") < n) {
				memcpy(tok, p, n);
				tok[n] = '\0';
				if (num_parse_double(tok, &v) == 0) {
					num_format(num, sizeof num, v);
					buf_puts(out, num);
					p += n;
					continue;
				}
			}
			buf_add(out, p, n);
			p += n;
			continue;
		}
		buf_putc(out, *p++);
	}
}
