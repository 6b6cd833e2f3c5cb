/* A batch's output file: JSON lines, plain or gzip, appended whole, and
 * the resume point of an interrupted run. */
#ifndef PITH_BATCH_OUTPUT_H
#define PITH_BATCH_OUTPUT_H

#include <stdbool.h>
#include <stdio.h>
#include <zlib.h>

#include "base/buffer.h"
#include "pith.h"

/* Gzip output is written in members of about this many uncompressed
 * bytes, each complete, so a run killed mid-write loses at most the member
 * being written, and --resume finds where the whole ones end. 1 MiB costs
 * under 1% of the compression ratio against one member. */
#define BATCH_GZIP_MEMBER_BYTES ((size_t)1 << 20)
/* zlib level 1: JSON text compresses to about a fifth at it, and it keeps
 * the writing thread well ahead of the extracting ones (levels 6 and up
 * make compression the bottleneck of a two-thread run). */
#define BATCH_GZIP_LEVEL 1

typedef struct batch_output {
	FILE *file;
	bool gzip;
	bool deflate_ready; /* zstream initialised */
	z_stream zstream;
	pith_buffer pending;    /* gzip: lines not yet compressed */
	pith_buffer compressed; /* gzip: one member's bytes */
} batch_output;

/* Where an earlier run stopped: the last line it wrote in full. */
typedef struct batch_resume_point {
	unsigned long long lines; /* complete lines kept */
	pith_buffer last_line;    /* without its newline; empty when lines is 0 */
} batch_resume_point;

/* Opens path ("-" or NULL: standard output). With resume, an existing file
 * is cut after its last complete line (gzip: its last complete member),
 * *point tells what it held, and writing appends. */
pith_status batch_output_open(batch_output *output, const char *path, bool resume,
                              batch_resume_point *point);
/* Appends one line, newline included. */
pith_status batch_output_write(batch_output *output, const char *line, size_t length);
/* Writes what is pending and closes; the file is complete and valid. */
pith_status batch_output_close(batch_output *output);

#endif
