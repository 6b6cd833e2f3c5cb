/* Batch lines' starts: written, parsed back, and checked on --resume. */
#include "batch/line_start.h"

#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "base/json.h"
#include "render/metadata_json.h"

/* A record number or input position has at most this many digits: more
 * would overflow, and no batch writes them. */
#define MAX_NUMBER_DIGITS 19
/* The longest line start is an input's {"warc":PATH,"input":I and this
 * much more: ,"record":, the digits, and the byte after them, which must
 * not be one more digit. */
#define RECORD_FIELD_BYTES (sizeof ",\"record\":" - 1 + MAX_NUMBER_DIGITS + 1)

bool pith_batch_line_start_append(pith_buffer *b, const char *path, size_t input)
{
	pith_record_info info = PITH_RECORD_INFO_INIT;
	info.warc = path;
	info.input = input;
	return pith_json_append_record_start(b, &info);
}

/* Skips the bytes of literal at *p; false when they are not there. */
static bool skip_literal(const char **p, const char *end, const char *literal)
{
	size_t length = strlen(literal);
	if ((size_t)(end - *p) < length || memcmp(*p, literal, length) != 0)
		return false;
	*p += length;
	return true;
}

/* Reads the decimal number at *p. */
static bool read_number(const char **p, const char *end, unsigned long long *number)
{
	unsigned long long n = 0;
	const char *start = *p;
	while (*p < end && **p >= '0' && **p <= '9' && *p - start < MAX_NUMBER_DIGITS)
		n = n * 10 + (unsigned long long)(*(*p)++ - '0');
	if (*p == start || (*p < end && **p >= '0' && **p <= '9'))
		return false;
	*number = n;
	return true;
}

bool pith_batch_line_start_parse(const char *line, size_t length, pith_batch_line_start *start)
{
	const char *p = line, *end = line + length;
	if (!skip_literal(&p, end, "{\"warc\":\""))
		return false;
	start->path = p - 1;
	/* The path's JSON string ends at the first quote not escaped. */
	while (p < end && *p != '"')
		p += *p == '\\' && end - p > 1 ? 2 : 1;
	if (p >= end)
		return false;
	p++;
	start->path_length = (size_t)(p - start->path);
	unsigned long long input;
	if (!skip_literal(&p, end, ",\"input\":") || !read_number(&p, end, &input) ||
	    input > SIZE_MAX)
		return false;
	start->input = (size_t)input;
	start->length = (size_t)(p - line);
	start->record = 0;
	start->input_error = skip_literal(&p, end, ",\"error\":");
	return start->input_error ||
	       (skip_literal(&p, end, ",\"record\":") && read_number(&p, end, &start->record));
}

void pith_batch_resume_check_init(pith_batch_resume_check *check, const char *const *inputs,
                                  size_t input_count)
{
	memset(check, 0, sizeof *check);
	check->inputs = inputs;
	check->input_count = input_count;
	check->expected_input = SIZE_MAX;
}

/* Makes check->expected the start of input's lines. */
static bool expect_input(pith_batch_resume_check *check, size_t input)
{
	if (check->expected_input == input)
		return true;
	check->expected.length = 0;
	check->expected_input = SIZE_MAX;
	if (!pith_batch_line_start_append(&check->expected, check->inputs[input], input))
		return false;
	check->expected_input = input;
	return true;
}

size_t pith_batch_resume_check_prefix_limit(pith_batch_resume_check *check)
{
	size_t longest = 0;
	for (size_t i = 0; i < check->input_count; i++) {
		if (!expect_input(check, i))
			return 0;
		if (check->expected.length > longest)
			longest = check->expected.length;
	}
	return longest + RECORD_FIELD_BYTES;
}

/* Whether line follows check->last in input order. */
static bool comes_after_last(const pith_batch_resume_check *check,
                             const pith_batch_line_start *line)
{
	const pith_batch_line_start *last = &check->last;
	if (check->lines == 0 || line->input > last->input)
		return true;
	return line->input == last->input && !line->input_error && !last->input_error &&
	       line->record > last->record;
}

bool pith_batch_resume_check_line(void *user, const char *line, size_t length)
{
	pith_batch_resume_check *check = user;
	unsigned long long number = check->lines + 1;
	pith_batch_line_start start;
	if (!pith_batch_line_start_parse(line, length, &start)) {
		snprintf(check->problem, sizeof check->problem,
		         "line %llu does not start as pith warc's lines do "
		         "({\"warc\":PATH,\"input\":N,...}): another program wrote it, or an older "
		         "pith that gave no input positions",
		         number);
		return false;
	}
	if (start.input >= check->input_count) {
		snprintf(check->problem, sizeof check->problem,
		         "line %llu is from input %zu (counting from 0), but %zu input%s given",
		         number, start.input, check->input_count,
		         check->input_count == 1 ? " is" : "s are");
		return false;
	}
	if (!expect_input(check, start.input)) {
		snprintf(check->problem, sizeof check->problem, "out of memory");
		return false;
	}
	if (start.length != check->expected.length ||
	    memcmp(line, check->expected.data, start.length) != 0) {
		snprintf(check->problem, sizeof check->problem,
		         "line %llu is from input %zu (counting from 0), %.*s, but input %zu is "
		         "\"%s\": these are not the inputs of the run it continues, in its order",
		         number, start.input, (int)start.path_length, start.path, start.input,
		         check->inputs[start.input]);
		return false;
	}
	if (!comes_after_last(check, &start)) {
		snprintf(check->problem, sizeof check->problem,
		         "line %llu does not come after the line before it in input order: the "
		         "output is not one run's",
		         number);
		return false;
	}
	check->last = start;
	check->last.path = NULL; /* points into the caller's line */
	check->lines++;
	return true;
}

void pith_batch_resume_check_free(pith_batch_resume_check *check)
{
	pith_buffer_free(&check->expected);
}
