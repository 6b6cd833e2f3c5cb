/* Option values that pith and pith warc read: format, favor and page type names,
 * so that the two commands take the same words, and the values an option
 * given twice had. */
#ifndef PITH_CLI_OPTION_VALUES_H
#define PITH_CLI_OPTION_VALUES_H

#include <stdbool.h>

#include "pith.h"

/* Sets *format from its name: text (or txt), markdown (or md), json or
 * html. Returns false, *format untouched, for any other name. */
bool format_from_name(const char *name, pith_format *format);

/* The format's name as --format spells it in full ("text", "markdown",
 * "json", "html"). */
const char *format_name(pith_format format);

/* Sets *favor from its name: balanced, precision or recall. Returns
 * false, *favor untouched, for any other name. */
bool favor_from_name(const char *name, pith_favor *favor);

/* An option that takes a value, with the last value it was given: given
 * two values, the last counts, and the first must not be passed over in
 * silence. A command keeps a table of its value options. */
typedef struct option_value {
	const char *name;  /* as the messages name it: "--url" */
	const char *value; /* the last value given, or NULL */
	bool replaced;     /* an earlier, different value was given */
} option_value;

/* Notes that the option name of table (count entries) was given value. */
void option_value_record(option_value *table, int count, const char *name, const char *value);

/* Writes to standard error, for each option of table given two different
 * values, the warning "COMMAND: warning: NAME given more than once: only
 * the last, 'VALUE', counts". */
void option_values_warn_replaced(const option_value *table, int count, const char *command);

/* Sets *type from its name (pith_page_type_name), "unknown" excepted.
 * Returns false, *type untouched, for any other name. */
bool page_type_from_name(const char *name, pith_page_type *type);

#endif
