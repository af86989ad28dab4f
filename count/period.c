/*
 * period.c: reporting periods in UTC: days, ISO weeks (Monday to Sunday)
 * and calendar months.
 */
#include <stdio.h>
#include <string.h>

#include "count.h"
#include "../util/util.h"

int64_t
period_start(int kind, int64_t t)
{
	int64_t	 day = date_day_floor(t), wd;
	int	 y, m, d;

	switch (kind) {
	case PERIOD_DAY:
		return day;
	case PERIOD_WEEK:
		/* 1970-01-01 was a Thursday: Monday is 3 days later. */
		wd = ((day / 86400 + 3) % 7 + 7) % 7;
		return day - wd * 86400;
	default:
		date_to_ymd(t, &y, &m, &d);
		return date_from_ymd(y, m, 1);
	}
}

int64_t
period_next(int kind, int64_t start)
{
	int	 y, m, d;

	switch (kind) {
	case PERIOD_DAY:
		return start + 86400;
	case PERIOD_WEEK:
		return start + 7 * 86400;
	default:
		date_to_ymd(start, &y, &m, &d);
		return m == 12 ? date_from_ymd(y + 1, 1, 1) :
		    date_from_ymd(y, m + 1, 1);
	}
}

/* "2025-01", "2025-W03" (ISO week) or "2025-01-14". */
void
period_label(int kind, int64_t start, char *out, size_t len)
{
	int64_t	 thursday, jan1;
	int	 y, m, d, week;

	date_to_ymd(start, &y, &m, &d);
	switch (kind) {
	case PERIOD_DAY:
		snprintf(out, len, "%04d-%02d-%02d", y % 10000, m % 100,
		    d % 100);
		break;
	case PERIOD_WEEK:
		/* The ISO year is the year of the week's Thursday. */
		thursday = start + 3 * 86400;
		date_to_ymd(thursday, &y, &m, &d);
		jan1 = date_from_ymd(y, 1, 1);
		week = (int)((thursday - jan1) / 86400 / 7) + 1;
		snprintf(out, len, "%04d-W%02d", y % 10000, week % 100);
		break;
	default:
		snprintf(out, len, "%04d-%02d", y % 10000, m % 100);
	}
}

int
period_parse(const char *s)
{
	if (strcmp(s, "day") == 0)
		return PERIOD_DAY;
	if (strcmp(s, "week") == 0)
		return PERIOD_WEEK;
	if (strcmp(s, "month") == 0)
		return PERIOD_MONTH;
	return -1;
}
