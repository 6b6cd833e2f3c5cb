/* Option values that pith and pith warc both read: format and favor names,
 * so that the two commands take the same words. */
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

#endif
