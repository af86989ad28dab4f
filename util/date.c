/*
 * date.c: acquisition times. Everything is seconds since the epoch in UTC;
 * calendar arithmetic is done here with the days-from-civil algorithm so no
 * result depends on the TZ of whoever runs quaymark.
 */
#include <ctype.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/time.h>
#include <time.h>

#include "util.h"

#define YEAR_MIN 1950		/* earliest plausible satellite image */
#define YEAR_MAX 2200

static int
is_leap(int y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

int
date_valid_ymd(int y, int m, int d)
{
	static const int mdays[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31,
	    30, 31 };

	if (y < YEAR_MIN || y > YEAR_MAX || m < 1 || m > 12 || d < 1)
		return 0;
	if (m == 2 && is_leap(y))
		return d <= 29;
	return d <= mdays[m - 1];
}

/* Seconds at 00:00 UTC of a valid civil date. */
int64_t
date_from_ymd(int y, int m, int d)
{
	int64_t	 era, yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;
	doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return (era * 146097 + doe - 719468) * 86400;
}

void
date_to_ymd(int64_t t, int *y, int *m, int *d)
{
	int64_t	 z, era, doe, yoe, doy, mp;

	z = (t >= 0 ? t : t - 86399) / 86400 + 719468;
	era = (z >= 0 ? z : z - 146096) / 146097;
	doe = z - era * 146097;
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	*d = (int)(doy - (153 * mp + 2) / 5 + 1);
	*m = (int)(mp < 10 ? mp + 3 : mp - 9);
	*y = (int)(yoe + era * 400 + (*m <= 2));
}

int64_t
date_day_floor(int64_t t)
{
	return t >= 0 ? t - t % 86400 : t - ((t % 86400) + 86400) % 86400;
}

void
date_format(int64_t t, char *out)
{
	int	 y, m, d, s;

	date_to_ymd(t, &y, &m, &d);
	s = (int)(t - date_day_floor(t));
	snprintf(out, DATE_ISO_LEN, "%04u-%02u-%02uT%02u:%02u:%02uZ",
	    (unsigned)y % 10000u, (unsigned)m % 100u, (unsigned)d % 100u,
	    (unsigned)s / 3600u % 100u, (unsigned)s / 60u % 60u,
	    (unsigned)s % 60u);
}

void
date_format_day(int64_t t, char *out)
{
	int	 y, m, d;

	date_to_ymd(t, &y, &m, &d);
	snprintf(out, DATE_DAY_LEN, "%04u-%02u-%02u", (unsigned)y % 10000u,
	    (unsigned)m % 100u, (unsigned)d % 100u);
}

int64_t
date_now(void)
{
	return (int64_t)time(NULL);
}

/* "2025-01-14T03:10:00.123Z", for audit rows. */
void
date_now_iso_ms(char *out, size_t len)
{
	struct timeval	 tv;
	char		 iso[DATE_ISO_LEN];

	gettimeofday(&tv, NULL);
	date_format((int64_t)tv.tv_sec, iso);
	iso[19] = '\0';
	snprintf(out, len, "%s.%03dZ", iso, (int)(tv.tv_usec / 1000));
}

/* Read exactly n digits. */
static int
digits(const char **pp, int n, int *out)
{
	const char	*p = *pp;
	int		 v = 0, i;

	for (i = 0; i < n; i++) {
		if (!isdigit((unsigned char)p[i]))
			return -1;
		v = v * 10 + (p[i] - '0');
	}
	*pp = p + n;
	*out = v;
	return 0;
}

/* "HH:MM[:SS[.frac]]" or "HHMM[SS]"; returns seconds into the day. */
static int
parse_clock(const char **pp, int *secs)
{
	const char	*p = *pp;
	int		 hh, mm, ss = 0, colon;

	if (digits(&p, 2, &hh) != 0)
		return -1;
	colon = (*p == ':');
	if (colon)
		p++;
	if (digits(&p, 2, &mm) != 0)
		return -1;
	if ((colon && *p == ':') || (!colon && isdigit((unsigned char)*p))) {
		if (colon)
			p++;
		if (digits(&p, 2, &ss) != 0)
			return -1;
		if (*p == '.' || *p == ',') {
			p++;
			if (!isdigit((unsigned char)*p))
				return -1;
			while (isdigit((unsigned char)*p))
				p++;
		}
	}
	if (hh > 23 || mm > 59 || ss > 60)
		return -1;
	*secs = hh * 3600 + mm * 60 + (ss == 60 ? 59 : ss);
	*pp = p;
	return 0;
}

/* "Z", "+09:00", "-0330" or nothing (UTC); returns offset east in seconds. */
static int
parse_zone(const char **pp, int *offset)
{
	const char	*p = *pp;
	int		 sign, hh, mm = 0;

	*offset = 0;
	if (*p == 'Z' || *p == 'z') {
		*pp = p + 1;
		return 0;
	}
	if (*p != '+' && *p != '-')
		return 0;
	sign = (*p == '-') ? -1 : 1;
	p++;
	if (digits(&p, 2, &hh) != 0)
		return -1;
	if (*p == ':')
		p++;
	if (isdigit((unsigned char)*p) && digits(&p, 2, &mm) != 0)
		return -1;
	if (hh > 14 || mm > 59)
		return -1;
	*offset = sign * (hh * 3600 + mm * 60);
	*pp = p;
	return 0;
}

/*
 * Parse a whole string as a date or date-time. Accepted: 2025-01-14,
 * 20250114, 2025/01/14, 2025:01:14 (TIFF), each optionally followed by
 * T or a space and a clock (03:10, 0310, 03:10:41.5) and a zone (Z,
 * +09:00). No zone means UTC. *has_time (may be NULL) says whether a clock
 * was given. Returns 0, or -1 if anything is malformed or impossible.
 */
int
date_parse(const char *s, int64_t *t, int *has_time)
{
	const char	*p = s;
	int		 y, m, d, secs = 0, off = 0, timed = 0;
	char		 sep;

	while (isspace((unsigned char)*p))
		p++;
	if (digits(&p, 4, &y) != 0)
		return -1;
	sep = *p;
	if (sep == '-' || sep == '/' || sep == ':' || sep == '.') {
		p++;
		if (digits(&p, 2, &m) != 0 || *p != sep)
			return -1;
		p++;
		if (digits(&p, 2, &d) != 0)
			return -1;
	} else if (digits(&p, 2, &m) != 0 || digits(&p, 2, &d) != 0)
		return -1;
	if (!date_valid_ymd(y, m, d))
		return -1;
	if (*p == 'T' || *p == 't' || (*p == ' ' && isdigit((unsigned char)p[1]))
	    || (*p == '_' && isdigit((unsigned char)p[1]))) {
		p++;
		if (parse_clock(&p, &secs) != 0)
			return -1;
		timed = 1;
		if (parse_zone(&p, &off) != 0)
			return -1;
	}
	while (isspace((unsigned char)*p))
		p++;
	if (*p != '\0')
		return -1;
	*t = date_from_ymd(y, m, d) + secs - off;
	if (has_time != NULL)
		*has_time = timed;
	return 0;
}

/*
 * A filter bound: a day covers [00:00:00, 23:59:59], "2025-01" a month,
 * "2025" a year; a full time is a single instant.
 */
int
date_parse_range(const char *s, int64_t *from, int64_t *to)
{
	int64_t	 t;
	int	 timed, y, m;
	char	 tail;

	if (date_parse(s, &t, &timed) == 0) {
		*from = t;
		*to = timed ? t : t + 86399;
		return 0;
	}
	if (sscanf(s, "%4d-%2d%c", &y, &m, &tail) == 2 && strlen(s) == 7 &&
	    date_valid_ymd(y, m, 1)) {
		*from = date_from_ymd(y, m, 1);
		*to = (m == 12 ? date_from_ymd(y + 1, 1, 1) :
		    date_from_ymd(y, m + 1, 1)) - 1;
		return 0;
	}
	if (sscanf(s, "%4d%c", &y, &tail) == 1 && strlen(s) == 4 &&
	    date_valid_ymd(y, 1, 1)) {
		*from = date_from_ymd(y, 1, 1);
		*to = date_from_ymd(y + 1, 1, 1) - 1;
		return 0;
	}
	return -1;
}

/* At *pp, exactly six digits HHMMSS (no seventh): take them, or -1. */
static int
clock6(const char **pp, int *secs)
{
	const char	*c = *pp, *end = c;
	int		 v;

	if (digits(&end, 6, &v) != 0 || isdigit((unsigned char)*end) ||
	    parse_clock(&c, secs) != 0 || c != end)
		return -1;
	*pp = end;
	return 0;
}

/* Try a date at p in a file name; returns characters used, or 0. */
static size_t
name_date_at(const char *p, int64_t *t)
{
	const char	*q = p;
	int		 y, m, d, secs = 0;
	char		 sep;

	if (digits(&q, 4, &y) != 0)
		return 0;
	sep = *q;
	if (sep == '-' || sep == '_' || sep == '.') {
		q++;
		if (digits(&q, 2, &m) != 0 || *q != sep)
			return 0;
		q++;
		if (digits(&q, 2, &d) != 0)
			return 0;
	} else if (digits(&q, 2, &m) != 0 || digits(&q, 2, &d) != 0)
		return 0;
	if (!date_valid_ymd(y, m, d))
		return 0;
	if ((*q == 'T' || *q == 't') && isdigit((unsigned char)q[1])) {
		const char	*c = q + 1;

		if (parse_clock(&c, &secs) == 0 && !isdigit((unsigned char)*c)) {
			q = c;
			if (*q == 'Z' || *q == 'z')
				q++;
		} else
			secs = 0;
	} else if (sep != '-' && sep != '_' && sep != '.' && *q == '_') {
		/* Planet's 20250114_031021 */
		const char	*c = q + 1;

		if (clock6(&c, &secs) == 0)
			q = c;
		else
			secs = 0;
	}
	if (isdigit((unsigned char)*q))
		return 0;	/* part of a longer number: not a date */
	*t = date_from_ymd(y, m, d) + secs;
	return (size_t)(q - p);
}

/*
 * Maxar's catalogue names start with the time as 25JAN14031021 (year of
 * the century, month, day, HHMMSS, UTC). Returns characters used, or 0.
 */
static size_t
name_date_maxar(const char *p, int64_t *t)
{
	static const char months[] = "JANFEBMARAPRMAYJUNJULAUGSEPOCTNOVDEC";
	const char	*q = p;
	int		 yy, m, d, secs;

	if (digits(&q, 2, &yy) != 0)
		return 0;
	for (m = 0; m < 12; m++)
		if (strncmp(q, months + 3 * m, 3) == 0)
			break;
	if (m == 12)
		return 0;
	q += 3;
	if (digits(&q, 2, &d) != 0 || !date_valid_ymd(2000 + yy, m + 1, d))
		return 0;
	if (clock6(&q, &secs) != 0)
		return 0;
	*t = date_from_ymd(2000 + yy, m + 1, d) + secs;
	return (size_t)(q - p);
}

/*
 * Find an acquisition date in a file name: 2025-01-14, 2025_01_14,
 * 20250114, optionally with a clock after a T (2025-01-14T0310Z,
 * 20250114T031041) or, for Planet, an underscore (20250114_031041);
 * or Maxar's 25JAN14031041 at the start. The first plausible date wins.
 * Returns 0 or -1.
 */
int
date_from_name(const char *name, int64_t *t)
{
	const char	*p;

	if (name_date_maxar(name, t) > 0)
		return 0;
	for (p = name; *p != '\0'; p++) {
		if (p > name && isdigit((unsigned char)p[-1]))
			continue;
		if (name_date_at(p, t) > 0)
			return 0;
	}
	return -1;
}
