/* The batch output: JSON lines, plain or as complete gzip members, and
 * finding where an interrupted run's output ends whole. */
#include "batch/output.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <unistd.h>

/* The read size while scanning an existing output for --resume. */
#define RESUME_CHUNK_BYTES ((size_t)1 << 16)
/* The output file's stdio buffer: a plain run writes about 40% of its
 * input's size, so 1 MiB writes keep the system calls few. */
#define OUTPUT_WRITE_BYTES ((size_t)1 << 20)
/* zlib's window bits for a gzip wrapper (15 bits of window, +16: gzip). */
#define GZIP_WINDOW_BITS (15 + 16)

static bool has_gz_suffix(const char *path)
{
	size_t length = strlen(path);
	return length > 3 && strcmp(path + length - 3, ".gz") == 0;
}

/* Feeds bytes[0..n) of output to the line scan: complete lines are counted
 * and the last one kept. partial holds the unfinished line across calls. */
typedef struct line_scan {
	pith_buffer partial;
	pith_buffer last;
	unsigned long long lines;
} line_scan;

static bool scan_lines(line_scan *scan, const char *bytes, size_t n)
{
	for (;;) {
		const char *newline = memchr(bytes, '\n', n);
		if (!newline)
			return pith_buffer_append(&scan->partial, bytes, n);
		size_t take = (size_t)(newline - bytes);
		pith_buffer_clear(&scan->last, (size_t)1 << 20);
		if (!pith_buffer_append(&scan->last, scan->partial.data, scan->partial.length) ||
		    !pith_buffer_append(&scan->last, bytes, take))
			return false;
		pith_buffer_clear(&scan->partial, (size_t)1 << 20);
		scan->lines++;
		bytes += take + 1;
		n -= take + 1;
	}
}

static void line_scan_free(line_scan *scan)
{
	pith_buffer_free(&scan->partial);
	pith_buffer_free(&scan->last);
}

/* Plain output: keeps everything up to the last newline. *keep is the byte
 * count to keep. */
static pith_status scan_plain(FILE *file, line_scan *scan, off_t *keep)
{
	char chunk[RESUME_CHUNK_BYTES];
	size_t got;
	off_t position = 0;
	*keep = 0;
	while ((got = fread(chunk, 1, sizeof chunk, file)) > 0) {
		if (!scan_lines(scan, chunk, got))
			return PITH_ERROR_NOMEM;
		position += (off_t)got;
		*keep = position - (off_t)scan->partial.length;
	}
	return ferror(file) ? PITH_ERROR_IO : PITH_OK;
}

/* Gzip output: keeps every complete member. Lines are taken member by
 * member, so a member cut short (a run killed while writing it) counts
 * for nothing. */
static pith_status scan_gzip(FILE *file, line_scan *scan, off_t *keep)
{
	static const size_t out_size = RESUME_CHUNK_BYTES;
	unsigned char in[RESUME_CHUNK_BYTES];
	line_scan member = {0}; /* the lines of the member being read */
	char *out = malloc(out_size);
	z_stream z = {0};
	pith_status status = PITH_OK;
	off_t in_offset = 0; /* file offset of in[0] */
	bool at_end = false;
	*keep = 0;
	if (!out || inflateInit2(&z, GZIP_WINDOW_BITS) != Z_OK) {
		free(out);
		return PITH_ERROR_NOMEM;
	}
	while (status == PITH_OK) {
		if (z.avail_in == 0 && !at_end) {
			in_offset += (off_t)(z.next_in ? z.next_in - in : 0);
			size_t got = fread(in, 1, sizeof in, file);
			if (got == 0 && ferror(file))
				status = PITH_ERROR_IO;
			at_end = got == 0;
			z.next_in = in;
			z.avail_in = (uInt)got;
		}
		z.next_out = (Bytef *)out;
		z.avail_out = (uInt)out_size;
		int rc = inflate(&z, Z_NO_FLUSH);
		size_t produced = out_size - z.avail_out;
		if (!scan_lines(&member, out, produced)) {
			status = PITH_ERROR_NOMEM;
		} else if (rc == Z_STREAM_END) {
			/* A whole member: its lines count. pith's members end
			 * with a newline, so partial is empty here unless
			 * another program wrote the file; its tail is dropped. */
			if (member.lines > 0) {
				scan->lines += member.lines;
				pith_buffer_clear(&scan->last, 0);
				if (!pith_buffer_append(&scan->last, member.last.data,
				                        member.last.length))
					status = PITH_ERROR_NOMEM;
			}
			*keep = in_offset + (off_t)(z.next_in - in);
			member.lines = 0;
			pith_buffer_clear(&member.partial, 0);
			inflateReset(&z);
		} else if ((rc != Z_OK && rc != Z_BUF_ERROR) || (produced == 0 && at_end)) {
			break; /* damaged or cut short: keep the members before */
		}
	}
	inflateEnd(&z);
	line_scan_free(&member);
	free(out);
	return status;
}

static pith_status find_resume_point(batch_output *output, const char *path,
                                     batch_resume_point *point)
{
	FILE *file = fopen(path, "rb");
	if (!file)
		return errno == ENOENT ? PITH_OK : PITH_ERROR_IO; /* nothing to resume */
	line_scan scan = {0};
	off_t keep = 0;
	pith_status status =
	    output->gzip ? scan_gzip(file, &scan, &keep) : scan_plain(file, &scan, &keep);
	fclose(file);
	if (status == PITH_OK && truncate(path, keep) != 0)
		status = PITH_ERROR_IO;
	if (status == PITH_OK) {
		point->lines = scan.lines;
		pith_buffer_clear(&point->last_line, 0);
		if (!pith_buffer_append(&point->last_line, scan.last.data, scan.last.length))
			status = PITH_ERROR_NOMEM;
	}
	line_scan_free(&scan);
	return status;
}

pith_status batch_output_open(batch_output *output, const char *path, bool resume,
                              batch_resume_point *point)
{
	memset(output, 0, sizeof *output);
	bool to_stdout = !path || strcmp(path, "-") == 0;
	if (resume && to_stdout)
		return PITH_ERROR_INVALID_ARGUMENT; /* nothing to continue */
	output->gzip = !to_stdout && has_gz_suffix(path);
	if (resume) {
		pith_status status = find_resume_point(output, path, point);
		if (status != PITH_OK)
			return status;
	}
	output->file = to_stdout ? stdout : fopen(path, resume ? "ab" : "wb");
	if (!output->file)
		return PITH_ERROR_IO;
	/* Lines are written in large writes, not stdio's 4 KiB ones (the
	 * buffer is stdio's own; failing to get it only keeps the small one). */
	if (!to_stdout)
		setvbuf(output->file, NULL, _IOFBF, OUTPUT_WRITE_BYTES);
	if (output->gzip) {
		if (deflateInit2(&output->zstream, BATCH_GZIP_LEVEL, Z_DEFLATED, GZIP_WINDOW_BITS,
		                 8, Z_DEFAULT_STRATEGY) != Z_OK) {
			batch_output_close(output);
			return PITH_ERROR_NOMEM;
		}
		output->deflate_ready = true;
	}
	return PITH_OK;
}

/* Compresses the pending lines as one complete gzip member and writes it. */
static pith_status write_member(batch_output *output)
{
	if (output->pending.length == 0)
		return PITH_OK;
	z_stream *z = &output->zstream;
	uLong bound = deflateBound(z, (uLong)output->pending.length);
	if (!pith_buffer_reserve(&output->compressed, bound))
		return PITH_ERROR_NOMEM;
	z->next_in = (Bytef *)output->pending.data;
	z->avail_in = (uInt)output->pending.length;
	z->next_out = (Bytef *)output->compressed.data;
	z->avail_out = (uInt)output->compressed.capacity;
	int rc = deflate(z, Z_FINISH);
	size_t length = output->compressed.capacity - z->avail_out;
	deflateReset(z);
	output->pending.length = 0;
	if (rc != Z_STREAM_END)
		return PITH_ERROR_NOMEM; /* the bound was too small: cannot happen */
	return fwrite(output->compressed.data, 1, length, output->file) == length ? PITH_OK
	                                                                          : PITH_ERROR_IO;
}

pith_status batch_output_write(batch_output *output, const char *line, size_t length)
{
	if (!output->gzip)
		return fwrite(line, 1, length, output->file) == length ? PITH_OK : PITH_ERROR_IO;
	if (!pith_buffer_append(&output->pending, line, length))
		return PITH_ERROR_NOMEM;
	return output->pending.length >= BATCH_GZIP_MEMBER_BYTES ? write_member(output) : PITH_OK;
}

pith_status batch_output_close(batch_output *output)
{
	pith_status status = PITH_OK;
	if (output->file) {
		if (output->deflate_ready)
			status = write_member(output);
		if (fflush(output->file) != 0 && status == PITH_OK)
			status = PITH_ERROR_IO;
		if (output->file != stdout && fclose(output->file) != 0 && status == PITH_OK)
			status = PITH_ERROR_IO;
	}
	if (output->deflate_ready)
		deflateEnd(&output->zstream);
	pith_buffer_free(&output->pending);
	pith_buffer_free(&output->compressed);
	memset(output, 0, sizeof *output);
	return status;
}
