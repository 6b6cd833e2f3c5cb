/* Dates in the 25 languages, from tests/data/dates.txt: each line's date,
 * read with the page language it names, must give the ISO 8601 date beside
 * it, or be refused as ambiguous or as no date. */
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "check.h"
#include "metadata/metadata_internal.h"
#include "read_file.h"

int main(void)
{
	size_t length;
	char *data = read_file("tests/data/dates.txt", &length);
	if (!data) {
		printf("FAIL cannot read tests/data/dates.txt\n");
		return 1;
	}
	int cases = 0;
	for (char *line = data, *next; line < data + length; line = next) {
		char *newline = memchr(line, '\n', (size_t)(data + length - line));
		next = newline ? newline + 1 : data + length;
		if (newline)
			*newline = '\0';
		if (line[0] == '#' || line[0] == '\0')
			continue;
		char *written = strchr(line, '\t');
		char *expected = written ? strchr(written + 1, '\t') : NULL;
		if (!expected) {
			check(false, line, "not three fields separated by tabs");
			continue;
		}
		*written++ = '\0';
		*expected++ = '\0';
		const char *language = strcmp(line, "-") == 0 ? NULL : line;
		char out[PITH_DATE_BYTES] = "";
		bool ambiguous = false;
		size_t n = pith_date_normalize(written, strlen(written), language, out, &ambiguous);
		const char *got = n ? out : ambiguous ? "ambiguous" : "refused";
		char name[160];
		snprintf(name, sizeof name, "%s: '%s'", line, written);
		check_string(name, got, expected);
		cases++;
	}
	/* Every language of the tables has cases. */
	check(cases >= 80, "dates.txt", "only %d cases", cases);
	free(data);
	printf("dates: %d passed, %d failed\n", passed, failed);
	return failed ? 1 : 0;
}
