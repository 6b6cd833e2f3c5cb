/* Dates as pages write them, to ISO 8601, in the 25 languages of
 * date_names.c (month and weekday names, the words and markers around the
 * numbers). A date is refused rather than guessed: when a field is out of
 * range, so a wrong date is never made up from digits that only look like
 * one, and when a numeric date could be read day first or month first
 * (05/03/2024) and nothing says which: the page's language decides
 * (CLDR's short date pattern for it), and without one the date is
 * ambiguous. */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "../base/ascii.h"
#include "../base/fold.h"
#include "date_names.h"
#include "metadata_internal.h"

typedef struct date_scan {
	const char *s, *end;
	/* The page's language's table, tried first (a name two languages
	 * share means the page's one), or NULL. */
	const pith_date_language *language;
	pith_date_order order;
	bool ambiguous; /* refused only for want of an order */
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

/* ---- Names, folded as date_names.c's are (base/fold.h) ---- */

/* Can c go on a word (so a name that ends before it is no name)? Letters
 * and digits, not spaces, punctuation or CJK marks. */
static bool continues_word(uint32_t c)
{
	if (c < 0x80)
		return pith_ascii_is_alnum((char)c);
	return !(c == 0xA0 || (c >= 0x2000 && c <= 0x206F) || (c >= 0x3000 && c <= 0x303F) ||
	         (c >= 0xFF00 && c <= 0xFF0F) || c == 0xFFFD || c == 0x60C || c == 0x61B);
}

/* Does the text at d->s start with name (folded), ending there (word) or
 * anywhere (marker)? Advances past it when it does. */
static bool accept_name(date_scan *d, const char *name, bool word)
{
	/* Most names fail at their first letter: ASCII ones are told at
	 * once, without decoding. */
	if (d->s >= d->end || ((unsigned char)name[0] < 0x80 && (unsigned char)*d->s < 0x80 &&
	                       pith_ascii_lower(*d->s) != name[0]))
		return false;
	const char *p = d->s, *n = name, *name_end = name + strlen(name);
	while (n < name_end) {
		if (p >= d->end || pith_next_folded(&p, d->end) != pith_next_folded(&n, name_end))
			return false;
	}
	if (word && p < d->end) {
		const char *q = p;
		if (continues_word(pith_next_folded(&q, d->end)))
			return false;
	}
	d->s = p;
	return true;
}

/* The tables to try: the page's language first, then all of them. */
static const pith_date_language *table_at(const date_scan *d, size_t i)
{
	if (d->language)
		return i == 0                                       ? d->language
		       : &pith_date_languages[i - 1] == d->language ? NULL
		                                                    : &pith_date_languages[i - 1];
	return &pith_date_languages[i];
}

static size_t table_count(const date_scan *d)
{
	return pith_date_language_count + (d->language != NULL);
}

/* Skips the words a date holds between its parts ("de", "г", "den"),
 * spaces and commas. */
static void skip_fillers(date_scan *d)
{
	for (bool again = true; again;) {
		again = false;
		skip_spaces(d);
		for (size_t i = 0; i < table_count(d) && !again; i++) {
			const pith_date_language *t = table_at(d, i);
			for (const char *const *w = t ? t->fillers : NULL; w && *w && !again; w++)
				if (accept_name(d, *w, true)) {
					accept(d, '.');
					again = true;
				}
		}
	}
}

/* A month's name in any of the languages ("März", "marca", "Sept."), or
 * a prefix and its number ("tháng 3"), as 1 to 12; 0 when there is none
 * (nothing read). */
static int read_month_name(date_scan *d)
{
	const char *start = d->s;
	for (size_t i = 0; i < table_count(d); i++) {
		const pith_date_language *t = table_at(d, i);
		if (!t)
			continue;
		for (const pith_date_name *m = t->months; m->name; m++)
			if (accept_name(d, m->name, true)) {
				accept(d, '.');
				return m->month;
			}
		for (const char *const *w = t->month_prefixes; *w; w++) {
			if (!accept_name(d, *w, true))
				continue;
			skip_spaces(d);
			int month = read_number(d, 1, 2);
			if (month >= 1 && month <= 12)
				return month;
			d->s = start;
		}
	}
	return 0;
}

/* A number followed by one of the markers some languages write after it
 * ("3月", "3월"), as that number; -1 (nothing read) otherwise. */
static int read_marked_number(date_scan *d, int max_digits, bool month, bool day)
{
	const char *start = d->s;
	int n = read_number(d, 1, max_digits);
	if (n < 0)
		return -1;
	skip_spaces(d);
	for (size_t i = 0; i < table_count(d); i++) {
		const pith_date_language *t = table_at(d, i);
		if (!t)
			continue;
		if (month)
			for (const char *const *w = t->month_suffixes; *w; w++)
				if (accept_name(d, *w, false))
					return n;
		const char *marker = day ? t->day_suffix : t->year_suffix;
		if (!month && *marker && accept_name(d, marker, false))
			return n;
	}
	d->s = start;
	return -1;
}

/* Skips a weekday's name ("Tue", "Dienstag,", "mardi") if there is one. */
static void skip_weekday(date_scan *d)
{
	for (size_t i = 0; i < table_count(d); i++) {
		const pith_date_language *t = table_at(d, i);
		for (const char *const *w = t ? t->weekdays : NULL; w && *w; w++)
			if (accept_name(d, *w, true)) {
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

/* The day and month of a numeric date with its year last, from its two
 * numbers: a number over 12 is the day, else the language's order
 * decides, else the date is ambiguous (false, d->ambiguous set). */
static bool order_day_month(date_scan *d, int first, int second, parsed_date *date)
{
	bool month_first;
	if (first == second || (first > 12) != (second > 12))
		month_first = second > 12;
	else if (d->order != PITH_DATE_ORDER_UNKNOWN)
		month_first = d->order == PITH_DATE_MONTH_FIRST;
	else {
		d->ambiguous = true;
		return false;
	}
	date->month = month_first ? first : second;
	date->day = month_first ? second : first;
	return true;
}

/* Year first: 2024-03-05, 2024/03/05, 2024.03.05, "2024. 03. 05.",
 * "2024年3月5日", "2024년 3월 5일", "2024. március 5.". */
static bool read_year_first(date_scan *d, int year, parsed_date *date)
{
	date->year = year;
	char separator = d->s < d->end ? *d->s : 0;
	if (separator == '-' || separator == '/' || separator == '.') {
		d->s++;
		skip_spaces(d);
		if (separator == '.' && (date->month = read_month_name(d))) {
			skip_spaces(d);
			date->day = read_number(d, 1, 2);
			accept(d, '.');
			return true;
		}
		date->month = read_number(d, 1, 2);
		if (!accept(d, separator))
			return false;
		skip_spaces(d);
		date->day = read_number(d, 1, 2);
		if (d->s < d->end && (*d->s == 'T' || *d->s == 't'))
			d->s++;
		else
			accept(d, '.');
		return true;
	}
	/* A year marker, then the month and the day with theirs. */
	skip_spaces(d);
	bool marked = false;
	for (size_t i = 0; i < table_count(d) && !marked; i++) {
		const pith_date_language *t = table_at(d, i);
		marked = t && *t->year_suffix && accept_name(d, t->year_suffix, false);
	}
	if (!marked)
		return false;
	skip_spaces(d);
	date->month = read_marked_number(d, 2, true, false);
	skip_spaces(d);
	date->day = read_marked_number(d, 2, false, true);
	return date->month > 0 && date->day > 0;
}

/* The date part: year first, day or month first with digits, or with a
 * month's name in any of the languages. */
static bool read_date(date_scan *d, parsed_date *date)
{
	skip_fillers(d);
	const char *start = d->s;
	int first = read_number(d, 1, 4);
	if (first >= 0 && d->s - start == 4)
		return read_year_first(d, first, date);
	if (first >= 0) {
		char separator = d->s < d->end ? *d->s : 0;
		const char *after_first = d->s;
		if (separator == '-' || separator == '/' || separator == '.') {
			/* 05.03.2024 is day first wherever dots are written;
			 * 03/05/2024 and 03-05-2024 as the language orders them. */
			d->s++;
			int second = read_number(d, 1, 2);
			if (second >= 0 && accept(d, separator)) {
				date->year = read_number(d, 4, 4);
				if (separator == '.') {
					date->day = first, date->month = second;
					return true;
				}
				return order_day_month(d, first, second, date);
			}
			d->s = after_first;
		}
		/* 5 March 2024, 5. März 2024, 5 de marzo de 2024, 3月5日 */
		d->s = start;
		int day = read_marked_number(d, 2, false, true);
		if (day < 0) {
			day = read_number(d, 1, 2);
			accept(d, '.');
		}
		if (d->end - d->s >= 2 && pith_ascii_is_alpha(d->s[0]) &&
		    pith_ascii_is_alpha(d->s[1]) &&
		    (d->end - d->s == 2 || !pith_ascii_is_alpha(d->s[2])))
			d->s += 2; /* 5th March */
		skip_fillers(d);
		date->day = day;
		date->month = read_month_name(d);
		skip_fillers(d);
		date->year = read_number(d, 4, 4);
		return date->month != 0;
	}
	/* March 5, 2024; Mar 5th 2024 */
	date->month = read_month_name(d);
	if (!date->month)
		return false;
	skip_fillers(d);
	date->day = read_number(d, 1, 2);
	if (d->end - d->s >= 2 && pith_ascii_is_alpha(d->s[0]) && pith_ascii_is_alpha(d->s[1]))
		d->s += 2; /* st, nd, rd, th */
	accept(d, '.');
	skip_fillers(d);
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

/* How the language tag (BCP 47, as pages declare it or detection names
 * it) orders numeric dates, and its table. English depends on the
 * country: CLDR's en_001, the English of everywhere but the United States,
 * writes the day first, en-US the month; "en" alone tells neither. */
static void set_language(date_scan *d, const char *tag)
{
	d->language = NULL;
	d->order = PITH_DATE_ORDER_UNKNOWN;
	if (!tag || !*tag)
		return;
	size_t n = strcspn(tag, "-_");
	for (size_t i = 0; i < pith_date_language_count; i++) {
		const pith_date_language *t = &pith_date_languages[i];
		if (strlen(t->code) == n && strncmp(t->code, tag, n) == 0) {
			d->language = t;
			d->order = t->order;
		}
	}
	if (n == 2 && strncmp(tag, "en", 2) == 0 && tag[n] && tag[n + 1])
		d->order = strcmp(tag + 3, "US") == 0 || strncmp(tag + 3, "US-", 3) == 0
		               ? PITH_DATE_MONTH_FIRST
		               : PITH_DATE_DAY_FIRST;
}

/* A date at d->s, weekday first or not, and the time after it. */
static bool read_date_time(date_scan *d, parsed_date *date)
{
	const char *start = d->s;
	if (!read_date(d, date)) {
		/* "Mar" is Tuesday in French and March in English: the date
		 * is tried as it is first, then after a weekday's name. */
		const char *end = d->s;
		d->s = start;
		skip_fillers(d);
		const char *before_weekday = d->s;
		skip_weekday(d);
		if (d->s == before_weekday) {
			d->s = end; /* where the first reading stopped */
			return false;
		}
		*date = (parsed_date){0};
		d->ambiguous = false;
		if (!read_date(d, date))
			return false;
	}
	if (!valid_day(date->year, date->month, date->day))
		return false;
	skip_spaces(d);
	/* "at" before the time, as in "March 5, 2024 at 6:01 am" */
	if (d->end - d->s >= 3 && pith_ascii_lower(d->s[0]) == 'a' &&
	    pith_ascii_lower(d->s[1]) == 't' && d->s[2] == ' ')
		d->s += 3;
	return read_time(d, date);
}

size_t pith_date_normalize(const char *s, size_t length, const char *language,
                           char out[PITH_DATE_BYTES], bool *ambiguous)
{
	date_scan d = {s, s + length, NULL, PITH_DATE_ORDER_UNKNOWN, false};
	set_language(&d, language);
	parsed_date date = {0};
	bool ok = read_date_time(&d, &date);
	if (ambiguous)
		*ambiguous = !ok && d.ambiguous;
	return ok ? format_date(&date, out) : 0;
}

size_t pith_date_find(const char *s, size_t length, size_t *start)
{
	const char *end = s + length;
	for (const char *p = s; p < end; p++) {
		/* Dates start a word: a digit or a letter after what is none. */
		bool starts =
		    pith_ascii_is_digit(*p) || pith_ascii_is_alpha(*p) || (unsigned char)*p >= 0xC0;
		if (!starts ||
		    (p > s && (pith_ascii_is_alnum(p[-1]) || (unsigned char)p[-1] >= 0x80)))
			continue;
		date_scan d = {p, end, NULL, PITH_DATE_ORDER_UNKNOWN, false};
		parsed_date date = {0};
		/* A date must hold its year: "5 March" in a byline could be any
		 * year's. */
		if ((read_date_time(&d, &date) || d.ambiguous) && date.year) {
			*start = (size_t)(p - s);
			return (size_t)(d.s - p);
		}
	}
	return 0;
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
		date_scan d = {p + 1, end, NULL, PITH_DATE_ORDER_UNKNOWN, false};
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

/* Is word[0..length), less a trailing "." or ",", all of one name of the
 * tables? */
static bool is_whole_name(const char *word, size_t length, bool month)
{
	while (length && (word[length - 1] == '.' || word[length - 1] == ','))
		length--;
	for (size_t i = 0; length && i < pith_date_language_count; i++) {
		const pith_date_language *t = &pith_date_languages[i];
		date_scan d = {word, word + length, NULL, PITH_DATE_ORDER_UNKNOWN, false};
		if (month) {
			for (const pith_date_name *m = t->months; m->name; m++)
				if (accept_name(&d, m->name, true) && d.s == d.end)
					return true;
		} else {
			for (const char *const *w = t->weekdays; *w; w++)
				if (accept_name(&d, *w, true) && d.s == d.end)
					return true;
		}
	}
	return false;
}

bool pith_date_is_month_name(const char *word, size_t length)
{
	return is_whole_name(word, length, true);
}

bool pith_date_is_weekday_name(const char *word, size_t length)
{
	return is_whole_name(word, length, false);
}
