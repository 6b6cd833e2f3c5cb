/* The examples of tests/spec/extract.md: each page's text must be the
 * text that follows it. The file's own words say what each rule is. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "pith.h"
#include "read_file.h"

#define SPEC_PATH "tests/spec/extract.md"
#define FENCE "```````````````````````````````` example"
#define FENCE_END "````````````````````````````````\n"

/* The text of an example's part, from start to the line "." or the
 * closing fence; *end is set after that line. NULL if neither comes. */
static char *example_part(char *start, const char *separator, char **end)
{
	for (char *line = start; *line;) {
		char *newline = strchr(line, '\n');
		if (!newline)
			return NULL;
		if (strncmp(line, separator, strlen(separator)) == 0) {
			*line = '\0';
			*end = line + strlen(separator);
			return start;
		}
		line = newline + 1;
	}
	return NULL;
}

static int line_of(const char *text, const char *at)
{
	int line = 1;
	for (const char *c = text; c < at; c++)
		line += *c == '\n';
	return line;
}

int main(void)
{
	size_t length;
	char *spec = read_file(SPEC_PATH, &length);
	if (!spec) {
		printf("FAIL cannot read " SPEC_PATH "\n");
		return 1;
	}
	int examples = 0;
	char *at = spec;
	while ((at = strstr(at, FENCE))) {
		/* The fence may name a --favor setting: "example favor=recall". */
		char *fence_end = strchr(at, '\n');
		if (!fence_end)
			break;
		pith_extract_options options = PITH_EXTRACT_OPTIONS_INIT;
		const char *favor = strstr(at, " favor=");
		if (favor && favor < fence_end)
			options.favor = strncmp(favor + 7, "recall", 6) == 0 ? PITH_FAVOR_RECALL
			                : strncmp(favor + 7, "precision", 9) == 0
			                    ? PITH_FAVOR_PRECISION
			                    : PITH_FAVOR_BALANCED;
		char *page_start = fence_end + 1, *after_page, *after_text;
		char *page = example_part(page_start, ".\n", &after_page);
		char *expected = page ? example_part(after_page, FENCE_END, &after_text) : NULL;
		examples++;
		char name[64];
		snprintf(name, sizeof name, "example %d (line %d)", examples, line_of(spec, at));
		if (!expected) {
			check(false, name, "no '.' line or closing fence");
			break;
		}
		/* The expected text ends with the newline of its last line, which
		 * pith's text does not. */
		size_t want = strlen(expected);
		if (want && expected[want - 1] == '\n')
			expected[--want] = '\0';
		pith_result result;
		pith_status status = pith_extract(page, strlen(page), &options, &result);
		check(status == PITH_OK, name, "status %s", pith_strerror(status));
		if (status == PITH_OK)
			check_string(name, result.text, expected);
		pith_result_free(&result);
		at = after_text;
	}
	check(examples > 0, SPEC_PATH, "no examples");
	free(spec);
	printf("extract_spec: %d passed, %d failed\n", passed, failed);
	return failed ? 1 : 0;
}
