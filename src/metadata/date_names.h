/* Month and weekday names and date patterns of the 25 languages most
 * common in Common Crawl, from the Unicode CLDR: data generated into
 * date_names.c by tools/gen_date_names.py, read by dates.c. */
#ifndef PITH_DATE_NAMES_H
#define PITH_DATE_NAMES_H

#include <stddef.h>

/* Which number comes first in a numeric date whose year is last. */
typedef enum pith_date_order {
	PITH_DATE_ORDER_UNKNOWN, /* nothing tells: 05/03/2024 is refused */
	PITH_DATE_DAY_FIRST,
	PITH_DATE_MONTH_FIRST,
} pith_date_order;

typedef struct pith_date_name {
	const char *name; /* folded (see date_names.c); NULL ends a table */
	int month;        /* 1..12 */
} pith_date_name;

/* One language's table. The string lists end with NULL. */
typedef struct pith_date_language {
	const char *code; /* ISO 639-1 */
	pith_date_order order;
	const pith_date_name *months; /* longest name first */
	const char *const *weekdays;  /* longest first */
	/* Words before a month's number ("tháng" in "tháng 3"), markers
	 * after it ("月" in "3月"), after the year and the day ("年", "日"),
	 * and the words a date holds between its parts ("de"). */
	const char *const *month_prefixes;
	const char *const *month_suffixes;
	const char *year_suffix, *day_suffix; /* "" when none */
	const char *const *fillers;
} pith_date_language;

extern const pith_date_language pith_date_languages[];
extern const size_t pith_date_language_count;

#endif
