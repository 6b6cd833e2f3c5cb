/* A batch's output file: JSON lines, plain or gzip, locked while the batch
 * writes it, written in whole lines that are counted once they are on the
 * file, and the resume point of an interrupted run. */
#ifndef PITH_BATCH_OUTPUT_H
#define PITH_BATCH_OUTPUT_H

#include <stdbool.h>
#include <zlib.h>

#include "base/buffer.h"
#include "pith.h"

/* Lines are written in pieces of about this many (uncompressed) bytes:
 * one write for plain output, one complete gzip member for .gz output, so
 * a run killed mid-write loses at most the piece being written, and
 * --resume finds where the whole ones end. 1 MiB keeps the system calls
 * few and costs under 1% of the compression ratio against one member. */
#define BATCH_WRITE_BYTES ((size_t)1 << 20)
/* zlib level 1: JSON text compresses to about a fifth at it, and it keeps
 * the writing thread well ahead of the extracting ones (levels 6 and up
 * make compression the bottleneck of a two-thread run). */
#define BATCH_GZIP_LEVEL 1

/* What a line holds, for the counts of lines written. */
typedef enum pith_batch_line_kind {
	BATCH_LINE_TEXT,      /* a page's text */
	BATCH_LINE_ERROR,     /* an error */
	BATCH_LINE_SKIPPED,   /* a page left out by options->languages */
	BATCH_LINE_FILTERED,  /* a page left out by options->statuses or mime_types */
	BATCH_LINE_DUPLICATE, /* a page whose text an earlier line has (options->dedup) */
	BATCH_LINE_KINDS
} pith_batch_line_kind;

typedef struct pith_batch_output {
	int fd;         /* -1 when closed */
	bool to_stdout; /* fd is standard output: neither locked nor closed */
	bool gzip;
	bool deflate_ready; /* zstream initialised */
	/* A write failed: nothing more is written, so no line ever follows
	 * the one it may have cut. */
	bool failed;
	z_stream zstream;
	pith_buffer pending;       /* whole lines not yet written */
	pith_buffer pending_kinds; /* a pith_batch_line_kind byte per pending line */
	pith_buffer compressed;    /* gzip: the member being written */
	/* Lines on the file by kind: written whole (gzip: in whole members). */
	unsigned long long written[BATCH_LINE_KINDS];
	const char *name; /* the path, or "standard output", for messages */
	/* What failed, in English, with the system's reason; "" while
	 * nothing has. */
	char error[PITH_BATCH_ERROR_BYTES];
} pith_batch_output;

/* Called, on --resume, for every complete line of the existing output in
 * order, with the line's first bytes (up to the scan's prefix_limit).
 * Returns false to refuse the output: it is then left as it was. */
typedef bool (*pith_batch_line_check)(void *user, const char *start, size_t length);

typedef struct pith_batch_resume_scan {
	size_t prefix_limit; /* bytes of each line kept: enough for the check */
	pith_batch_line_check check;
	void *user;
} pith_batch_resume_scan;

/* Where an earlier run stopped. */
typedef struct pith_batch_resume_point {
	unsigned long long lines; /* complete lines kept */
	pith_buffer last_line;    /* its first bytes; empty when lines is 0 */
} pith_batch_resume_point;

/* Opens path ("-" or NULL: standard output) and locks it (flock), so a
 * second batch on the same file fails at once (PITH_ERROR_IO, "being
 * written by another run"); only then is it emptied. With resume (not
 * NULL), the existing file's complete lines are checked by resume->check,
 * the file is cut after its last complete line (gzip: its last complete
 * member), *point tells what it held, and writing appends: status
 * PITH_ERROR_INVALID_ARGUMENT when the check refused it. output->error
 * says why on failure; close the output in any case. */
pith_status pith_batch_output_open(pith_batch_output *output, const char *path,
                                   const pith_batch_resume_scan *resume,
                                   pith_batch_resume_point *point);
/* Appends one line, newline included. PITH_ERROR_IO once a write has
 * failed (output->error says why). */
pith_status pith_batch_output_write(pith_batch_output *output, const char *line, size_t length,
                                    pith_batch_line_kind kind);
/* Writes what is pending, closes the file and unlocks it. */
pith_status pith_batch_output_close(pith_batch_output *output);

#endif
