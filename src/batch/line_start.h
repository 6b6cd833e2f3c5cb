/* The start of every batch line, {"warc":PATH,"input":I,"record":N (or
 * {"warc":PATH,"input":I,"error" for an input that could not be opened):
 * written by the batch, read back by --resume, which checks an earlier
 * run's lines against this run's inputs by position, never by name alone. */
#ifndef PITH_BATCH_LINE_START_H
#define PITH_BATCH_LINE_START_H

#include <stdbool.h>
#include <stddef.h>

#include "base/buffer.h"
#include "pith.h"

/* Appends {"warc":PATH,"input":INPUT: how every line of that input starts. */
bool pith_batch_line_start_append(pith_buffer *b, const char *path, size_t input);

/* What a line's start says. */
typedef struct pith_batch_line_start {
	size_t input;
	bool input_error;          /* the input's only line: it could not be opened */
	unsigned long long record; /* the record's number, unless input_error */
	const char *path;          /* the path's JSON string, quotes included, */
	size_t path_length;        /* as the line has it */
	size_t length;             /* of {"warc":PATH,"input":I */
} pith_batch_line_start;

/* False when line[0..length) does not start as the batch's lines do. */
bool pith_batch_line_start_parse(const char *line, size_t length, pith_batch_line_start *start);

/* --resume's check of an earlier run's lines, fed one line at a time in
 * order (pith_batch_resume_check_line, a pith_batch_line_check): each must start as
 * the batch's lines do, be from one of this run's inputs and name the
 * path given at its position, and come after the line before it in input
 * order (an input's records in order; an input that could not be opened
 * has one line). So the output of another list of inputs, of inputs in
 * another order, or of two runs put together is refused, and the same
 * file given twice is told apart by its position. */
typedef struct pith_batch_resume_check {
	const char *const *inputs;
	size_t input_count;
	pith_buffer expected; /* the start of the lines of input expected_input */
	size_t expected_input;
	unsigned long long lines;   /* lines checked */
	pith_batch_line_start last; /* the last line checked, when lines > 0 */
	/* Why a line was refused: half of a message, which also names the
	 * output. */
	char problem[PITH_BATCH_ERROR_BYTES / 2];
} pith_batch_resume_check;

void pith_batch_resume_check_init(pith_batch_resume_check *check, const char *const *inputs,
                                  size_t input_count);
/* How many first bytes of a line the check needs: the longest start of a
 * line of these inputs, record number included. 0 when memory ran out. */
size_t pith_batch_resume_check_prefix_limit(pith_batch_resume_check *check);
bool pith_batch_resume_check_line(void *check, const char *line, size_t length);
void pith_batch_resume_check_free(pith_batch_resume_check *check);

#endif
