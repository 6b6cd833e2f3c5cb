/* Dates as pages write them, to ISO 8601. A date is refused rather than
 * guessed when a field is out of range, so a wrong date is never made up
 * from digits that only look like one. */
#include <stdio.h>
#include <string.h>

#include "../base/ascii.h"
#include "metadata_internal.h"

typedef struct date_scan {
	const char *s, *end;
} date_scan;

typedef struct parsed_date {
	int year, month, day;
	bool has_time;
	int hour, minute, second;
	bool has_offset;
	int offset_minutes; /* east of UTC */
	bool utc;           /* written "Z" */
} parsed_date;

static void skip_spaces(date_scan *d)
{
	while (d->s < d->end &&
	       (*d->s == ' ' || *d->s == '\t' || *d->s == '\n' || *d->s == '\r' || *d->s == ','))
		d->s++;
}

/* Between min_digits and max_digits digits as a number, or -1. */
static int read_number(date_scan *d, int min_digits, int max_digits)
{
	int value = 0, digits = 0;
	while (d->s < d->end && pith_ascii_is_digit(*d->s) && digits < max_digits) {
		value = value * 10 + (*d->s - '0');
		d->s++, digits++;
	}
	if (digits < min_digits || (d->s < d->end && pith_ascii_is_digit(*d->s)))
		return -1;
	return value;
}

static bool accept(date_scan *d, char c)
{
	if (d->s < d->end && *d->s == c) {
		d->s++;
		return true;
	}
	return false;
}

/* A month's English name or its abbreviation ("Sep", "Sept.", "September"),
 * as 1 to 12, or 0. */
static int read_month_name(date_scan *d)
{
	static const char *const months[] = {"january",   "february", "march",    "april",
	                                     "may",       "june",     "july",     "august",
	                                     "september", "october",  "november", "december"};
	const char *start = d->s;
	char word[16];
	size_t n = 0;
	while (d->s < d->end && pith_ascii_is_alpha(*d->s)) {
		if (n < sizeof word)
			word[n] = pith_ascii_lower(*d->s);
		n++, d->s++;
	}
	if (n >= 3 && n <= sizeof word) {
		for (int m = 0; m < 12; m++) {
			size_t full = strlen(months[m]);
			bool abbreviation = n == 3 || (m == 8 && n == 4);
			if (memcmp(word, months[m], n < full ? n : full) == 0 &&
			    (n == full || (abbreviation && n < full))) {
				accept(d, '.');
				return m + 1;
			}
		}
	}
	d->s = start;
	return 0;
}

/* Skips a weekday's name ("Tue", "Tuesday,") if there is one. */
static void skip_weekday(date_scan *d)
{
	static const char *const days[] = {"mon", "tue", "wed", "thu", "fri", "sat", "sun"};
	const char *start = d->s;
	size_t n = 0;
	while (d->s + n < d->end && pith_ascii_is_alpha(d->s[n]))
		n++;
	if (n < 3)
		return;
	for (int i = 0; i < 7; i++) {
		if (pith_ascii_lower(start[0]) == days[i][0] &&
		    pith_ascii_lower(start[1]) == days[i][1] &&
		    pith_ascii_lower(start[2]) == days[i][2]) {
			d->s += n;
			accept(d, '.');
			skip_spaces(d);
			return;
		}
	}
}

static bool is_leap(int year)
{
	return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
}

static bool valid_day(int year, int month, int day)
{
	static const int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	if (year < 1000 || year > 9999 || month < 1 || month > 12 || day < 1)
		return false;
	return day <= days[month - 1] + (month == 2 && is_leap(year));
}

/* A zone after a time: Z, UTC, GMT, +HH, +HHMM, +HH:MM. Leaves the date
 * without an offset when there is none (or an unknown zone name). Returns
 * false for an offset out of range. */
static bool read_offset(date_scan *d, parsed_date *date)
{
	skip_spaces(d);
	if (d->s >= d->end)
		return true;
	char c = *d->s;
	if (c == 'Z' || c == 'z') {
		d->s++;
		date->has_offset = date->utc = true;
		return true;
	}
	if (d->end - d->s >= 3 && (memcmp(d->s, "UTC", 3) == 0 || memcmp(d->s, "GMT", 3) == 0)) {
		d->s += 3;
		if (d->s >= d->end || (*d->s != '+' && *d->s != '-')) {
			date->has_offset = date->utc = true;
			return true;
		}
		c = *d->s;
	}
	if (c != '+' && c != '-')
		return true;
	d->s++;
	/* +01, +0100, +01:00 */
	if (d->end - d->s < 2 || !pith_ascii_is_digit(d->s[0]) || !pith_ascii_is_digit(d->s[1]))
		return false;
	int hours = (d->s[0] - '0') * 10 + (d->s[1] - '0');
	d->s += 2;
	int minutes = 0;
	accept(d, ':');
	if (d->s < d->end && pith_ascii_is_digit(*d->s) && (minutes = read_number(d, 2, 2)) < 0)
		return false;
	if (hours > 14 || minutes > 59 || hours * 60 + minutes > 14 * 60)
		return false;
	date->has_offset = true;
	date->offset_minutes = (c == '-' ? -1 : 1) * (hours * 60 + minutes);
	return true;
}

/* HH:MM[:SS[.fraction]] [am|pm] [zone]. false for a time out of range;
 * no time at all is not an error. */
static bool read_time(date_scan *d, parsed_date *date)
{
	const char *start = d->s;
	int hour = read_number(d, 1, 2);
	if (hour < 0 || !accept(d, ':')) {
		d->s = start;
		return true;
	}
	int minute = read_number(d, 2, 2), second = 0;
	if (minute < 0) {
		d->s = start;
		return true;
	}
	if (accept(d, ':') && (second = read_number(d, 2, 2)) < 0)
		return false;
	if (accept(d, '.') || accept(d, ','))
		while (d->s < d->end && pith_ascii_is_digit(*d->s))
			d->s++;
	skip_spaces(d);
	if (d->end - d->s >= 2 && (pith_ascii_lower(d->s[1]) == 'm') &&
	    (pith_ascii_lower(d->s[0]) == 'a' || pith_ascii_lower(d->s[0]) == 'p')) {
		if (hour < 1 || hour > 12)
			return false;
		hour = hour % 12 + (pith_ascii_lower(d->s[0]) == 'p' ? 12 : 0);
		d->s += 2;
		accept(d, '.');
	}
	if (hour > 23 || minute > 59 || second > 60)
		return false;
	date->has_time = true;
	date->hour = hour, date->minute = minute, date->second = second;
	return read_offset(d, date);
}

/* The date part: ISO-like year first, day or month first with digits, or
 * with a month's name. */
static bool read_date(date_scan *d, parsed_date *date)
{
	skip_spaces(d);
	skip_weekday(d);
	const char *start = d->s;
	int first = read_number(d, 1, 4);
	if (first >= 0 && d->s - start == 4) {
		/* 2024-03-05, 2024/03/05, 2024.03.05 */
		char separator = d->s < d->end ? *d->s : 0;
		if (separator != '-' && separator != '/' && separator != '.')
			return false;
		d->s++;
		date->year = first;
		date->month = read_number(d, 1, 2);
		if (!accept(d, separator))
			return false;
		date->day = read_number(d, 1, 2);
		if (d->s < d->end && (*d->s == 'T' || *d->s == 't'))
			d->s++;
		return true;
	}
	if (first >= 0) {
		char separator = d->s < d->end ? *d->s : 0;
		if (separator == '-' || separator == '/' || separator == '.') {
			/* 05.03.2024 and 05-03-2024 are day first; 03/05/2024 is
			 * month first unless its first number cannot be a month. */
			d->s++;
			int second = read_number(d, 1, 2);
			if (!accept(d, separator))
				return false;
			date->year = read_number(d, 4, 4);
			bool month_first = separator == '/' && first <= 12;
			date->month = month_first ? first : second;
			date->day = month_first ? second : first;
			return true;
		}
		/* 5 March 2024, 5. März is not read: names are English. */
		accept(d, '.');
		skip_spaces(d);
		date->day = first;
		date->month = read_month_name(d);
		skip_spaces(d);
		date->year = read_number(d, 4, 4);
		return date->month != 0;
	}
	/* March 5, 2024; Mar 5th 2024 */
	date->month = read_month_name(d);
	if (!date->month)
		return false;
	skip_spaces(d);
	date->day = read_number(d, 1, 2);
	if (d->end - d->s >= 2 && pith_ascii_is_alpha(d->s[0]) && pith_ascii_is_alpha(d->s[1]))
		d->s += 2; /* st, nd, rd, th */
	skip_spaces(d);
	date->year = read_number(d, 4, 4);
	return true;
}

static size_t format_date(const parsed_date *date, char out[PITH_DATE_BYTES])
{
	int n;
	if (date->has_time && date->has_offset && date->utc) {
		n = snprintf(out, PITH_DATE_BYTES, "%04d-%02d-%02dT%02d:%02d:%02dZ", date->year,
		             date->month, date->day, date->hour, date->minute, date->second);
	} else if (date->has_time && date->has_offset) {
		int offset =
		    date->offset_minutes < 0 ? -date->offset_minutes : date->offset_minutes;
		n = snprintf(out, PITH_DATE_BYTES, "%04d-%02d-%02dT%02d:%02d:%02d%c%02d:%02d",
		             date->year, date->month, date->day, date->hour, date->minute,
		             date->second, date->offset_minutes < 0 ? '-' : '+', offset / 60,
		             offset % 60);
	} else {
		n = snprintf(out, PITH_DATE_BYTES, "%04d-%02d-%02d", date->year, date->month,
		             date->day);
	}
	return n > 0 && n < PITH_DATE_BYTES ? (size_t)n : 0;
}

size_t pith_date_normalize(const char *s, size_t length, char out[PITH_DATE_BYTES])
{
	date_scan d = {s, s + length};
	parsed_date date = {0};
	if (!read_date(&d, &date) || !valid_day(date.year, date.month, date.day))
		return 0;
	skip_spaces(&d);
	/* "at" before the time, as in "March 5, 2024 at 6:01 am" */
	if (d.end - d.s >= 3 && pith_ascii_lower(d.s[0]) == 'a' &&
	    pith_ascii_lower(d.s[1]) == 't' && d.s[2] == ' ')
		d.s += 3;
	if (!read_time(&d, &date))
		return 0;
	return format_date(&date, out);
}

size_t pith_date_from_url(const char *url, size_t length, char out[PITH_DATE_BYTES])
{
	/* Look in the path only: after the authority, before the query. */
	const char *end = url + length, *p = url;
	const char *scheme_end = memchr(url, ':', length);
	if (scheme_end && scheme_end + 2 < end && scheme_end[1] == '/' && scheme_end[2] == '/') {
		p = memchr(scheme_end + 3, '/', (size_t)(end - scheme_end - 3));
		if (!p)
			return 0;
	}
	const char *query = memchr(p, '?', (size_t)(end - p));
	if (query)
		end = query;
	for (; p + 11 <= end; p++) {
		if (*p != '/' || !pith_ascii_is_digit(p[1]))
			continue;
		date_scan d = {p + 1, end};
		const char *year_start = d.s;
		int year = read_number(&d, 4, 4);
		if (year < 0 || d.s - year_start != 4 || d.s >= end || (*d.s != '/' && *d.s != '-'))
			continue;
		char separator = *d.s++;
		int month = read_number(&d, 2, 2);
		if (month < 0 || !accept(&d, separator))
			continue;
		int day = read_number(&d, 2, 2);
		/* The day must end its segment or be followed by a slug. */
		if (day < 0 ||
		    (d.s < end && *d.s != '/' && *d.s != '-' && *d.s != '_' && *d.s != '.'))
			continue;
		parsed_date date = {.year = year, .month = month, .day = day};
		if (valid_day(year, month, day))
			return format_date(&date, out);
	}
	return 0;
}
