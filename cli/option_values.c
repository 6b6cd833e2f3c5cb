/* Names of option values, and options given twice, for pith and pith warc. */
#include "option_values.h"

#include <stdio.h>
#include <string.h>

static const struct {
	const char *name;
	pith_format format;
} format_names[] = {
    {"text", PITH_FORMAT_TEXT}, {"markdown", PITH_FORMAT_MARKDOWN}, {"json", PITH_FORMAT_JSON},
    {"html", PITH_FORMAT_HTML}, {"txt", PITH_FORMAT_TEXT},          {"md", PITH_FORMAT_MARKDOWN},
};

bool format_from_name(const char *name, pith_format *format)
{
	for (size_t i = 0; i < sizeof format_names / sizeof format_names[0]; i++) {
		if (strcmp(name, format_names[i].name) == 0) {
			*format = format_names[i].format;
			return true;
		}
	}
	return false;
}

const char *format_name(pith_format format)
{
	/* The full names come first in the table. */
	for (size_t i = 0; i < sizeof format_names / sizeof format_names[0]; i++) {
		if (format_names[i].format == format)
			return format_names[i].name;
	}
	return "unknown";
}

bool favor_from_name(const char *name, pith_favor *favor)
{
	static const struct {
		const char *name;
		pith_favor favor;
	} favors[] = {{"balanced", PITH_FAVOR_BALANCED},
	              {"precision", PITH_FAVOR_PRECISION},
	              {"recall", PITH_FAVOR_RECALL}};
	for (size_t i = 0; i < sizeof favors / sizeof favors[0]; i++) {
		if (strcmp(name, favors[i].name) == 0) {
			*favor = favors[i].favor;
			return true;
		}
	}
	return false;
}

void option_value_record(option_value *table, int count, const char *name, const char *value)
{
	for (int i = 0; i < count; i++) {
		if (strcmp(table[i].name, name) == 0) {
			if (table[i].value && strcmp(table[i].value, value) != 0)
				table[i].replaced = true;
			table[i].value = value;
			return;
		}
	}
}

void option_values_warn_replaced(const option_value *table, int count, const char *command)
{
	for (int i = 0; i < count; i++) {
		if (table[i].replaced)
			fprintf(
			    stderr,
			    "%s: warning: %s given more than once: only the last, '%s', counts\n",
			    command, table[i].name, table[i].value);
	}
}

bool page_type_from_name(const char *name, pith_page_type *type)
{
	for (int t = PITH_PAGE_TYPE_UNKNOWN + 1; t < PITH_PAGE_TYPES; t++) {
		if (strcmp(name, pith_page_type_name((pith_page_type)t)) == 0) {
			*type = (pith_page_type)t;
			return true;
		}
	}
	return false;
}
