/* The batch output: JSON lines, plain or as complete gzip members, on a
 * locked file; finding where an interrupted run's output ends whole. */
#include "batch/output.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

/* The read size while scanning an existing output for --resume. */
#define RESUME_CHUNK_BYTES ((size_t)1 << 16)
/* The pending lines' memory kept between writes: one huge line does not
 * keep its memory for the rest of the run. */
#define PENDING_RETAIN_BYTES (2 * BATCH_WRITE_BYTES)
/* zlib's window bits for a gzip wrapper (15 bits of window, +16: gzip). */
#define GZIP_WINDOW_BITS (15 + 16)

static bool has_gz_suffix(const char *path)
{
	size_t length = strlen(path);
	return length > 3 && strcmp(path + length - 3, ".gz") == 0;
}

/* Sets output->error to "WHAT NAME: the system's reason" (errno). */
static pith_status fail_with_errno(pith_batch_output *output, const char *what)
{
	char reason[160];
	if (strerror_r(errno, reason, sizeof reason) != 0)
		snprintf(reason, sizeof reason, "error %d", errno);
	snprintf(output->error, sizeof output->error, "%s %s: %s", what, output->name, reason);
	return PITH_ERROR_IO;
}

/* read(2) past signals. */
static ssize_t read_some(int fd, void *buffer, size_t size)
{
	for (;;) {
		ssize_t n = read(fd, buffer, size);
		if (n >= 0 || errno != EINTR)
			return n;
	}
}

/* ---- --resume: the lines of an existing output ---- */

/* Feeds the output's bytes to the line scan: each complete line is
 * checked, counted, and its first bytes kept as the last line. Only the
 * first prefix_limit bytes of a line are kept, so a huge line, or a
 * foreign file without newlines, costs no memory. */
typedef struct line_scan {
	const pith_batch_resume_scan *resume;
	pith_buffer line;              /* the first bytes of the line being read */
	pith_buffer last;              /* of the last complete line */
	unsigned long long line_bytes; /* the whole length of the line being read */
	unsigned long long lines;
	bool refused; /* the check refused a line */
} line_scan;

static bool line_append(line_scan *scan, const char *bytes, size_t n)
{
	scan->line_bytes += n;
	if (scan->line.length >= scan->resume->prefix_limit)
		return true;
	size_t room = scan->resume->prefix_limit - scan->line.length;
	return pith_buffer_append(&scan->line, bytes, n < room ? n : room);
}

/* False when memory ran out or the check refused a line. */
static bool scan_lines(line_scan *scan, const char *bytes, size_t n)
{
	for (;;) {
		const char *newline = memchr(bytes, '\n', n);
		if (!newline)
			return line_append(scan, bytes, n);
		size_t take = (size_t)(newline - bytes);
		if (!line_append(scan, bytes, take))
			return false;
		if (!scan->resume->check(scan->resume->user, scan->line.data ? scan->line.data : "",
		                         scan->line.length)) {
			scan->refused = true;
			return false;
		}
		pith_buffer kept = scan->last;
		scan->last = scan->line;
		scan->line = kept;
		scan->line.length = 0;
		scan->line_bytes = 0;
		scan->lines++;
		bytes += take + 1;
		n -= take + 1;
	}
}

static pith_status scan_status(const line_scan *scan)
{
	return scan->refused ? PITH_ERROR_INVALID_ARGUMENT : PITH_ERROR_NOMEM;
}

static void line_scan_free(line_scan *scan)
{
	pith_buffer_free(&scan->line);
	pith_buffer_free(&scan->last);
}

/* Plain output: keeps everything up to the last newline. *keep is the byte
 * count to keep. */
static pith_status scan_plain(pith_batch_output *output, line_scan *scan, off_t *keep)
{
	char chunk[RESUME_CHUNK_BYTES];
	ssize_t got;
	off_t position = 0;
	*keep = 0;
	while ((got = read_some(output->fd, chunk, sizeof chunk)) > 0) {
		if (!scan_lines(scan, chunk, (size_t)got))
			return scan_status(scan);
		position += got;
		*keep = position - (off_t)scan->line_bytes;
	}
	return got < 0 ? fail_with_errno(output, "cannot read") : PITH_OK;
}

/* Gzip output: keeps every complete member. A member's lines are checked
 * as they come but count only once it ends, so a member cut short (a run
 * killed while writing it) counts for nothing. */
static pith_status scan_gzip(pith_batch_output *output, line_scan *scan, off_t *keep)
{
	static const size_t out_size = RESUME_CHUNK_BYTES;
	unsigned char in[RESUME_CHUNK_BYTES];
	line_scan member = {.resume = scan->resume}; /* the member being read */
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
			ssize_t got = read_some(output->fd, in, sizeof in);
			if (got < 0) {
				status = fail_with_errno(output, "cannot read");
				break;
			}
			at_end = got == 0;
			z.next_in = in;
			z.avail_in = (uInt)got;
		}
		z.next_out = (Bytef *)out;
		z.avail_out = (uInt)out_size;
		int rc = inflate(&z, Z_NO_FLUSH);
		size_t produced = out_size - z.avail_out;
		if (!scan_lines(&member, out, produced)) {
			status = scan_status(&member);
		} else if (rc == Z_STREAM_END && member.line_bytes > 0) {
			break; /* not pith's: its members end with a newline */
		} else if (rc == Z_STREAM_END) {
			/* A whole member: its lines count. */
			if (member.lines > 0) {
				scan->lines += member.lines;
				pith_buffer_clear(&scan->last, 0);
				if (!pith_buffer_append(&scan->last, member.last.data,
				                        member.last.length))
					status = PITH_ERROR_NOMEM;
			}
			*keep = in_offset + (off_t)(z.next_in - in);
			member.lines = 0;
			member.line.length = 0;
			member.line_bytes = 0;
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

/* Checks the existing output's lines, cuts it after the last whole one and
 * leaves the file offset there. */
static pith_status find_resume_point(pith_batch_output *output,
                                     const pith_batch_resume_scan *resume,
                                     pith_batch_resume_point *point)
{
	struct stat info;
	if (fstat(output->fd, &info) != 0)
		return fail_with_errno(output, "cannot read");
	if (!S_ISREG(info.st_mode)) {
		snprintf(output->error, sizeof output->error,
		         "cannot resume %s: it is not a regular file", output->name);
		return PITH_ERROR_INVALID_ARGUMENT;
	}
	line_scan scan = {.resume = resume};
	off_t keep = 0;
	pith_status status =
	    output->gzip ? scan_gzip(output, &scan, &keep) : scan_plain(output, &scan, &keep);
	if (status == PITH_OK &&
	    (ftruncate(output->fd, keep) != 0 || lseek(output->fd, keep, SEEK_SET) != keep))
		status = fail_with_errno(output, "cannot cut");
	if (status == PITH_OK) {
		point->lines = scan.lines;
		pith_buffer_clear(&point->last_line, 0);
		if (!pith_buffer_append(&point->last_line, scan.last.data, scan.last.length))
			status = PITH_ERROR_NOMEM;
	}
	line_scan_free(&scan);
	return status;
}

/* ---- Opening, writing, closing ---- */

/* Takes the lock on output->fd without waiting. A file system without
 * locks (some network ones) is written unlocked rather than not at all. */
static pith_status lock(pith_batch_output *output)
{
	if (flock(output->fd, LOCK_EX | LOCK_NB) == 0)
		return PITH_OK;
	if (errno == EWOULDBLOCK) {
		snprintf(output->error, sizeof output->error,
		         "%s is being written by another run (it is locked)", output->name);
		return PITH_ERROR_IO;
	}
	if (errno == ENOLCK || errno == EOPNOTSUPP || errno == ENOSYS)
		return PITH_OK;
	return fail_with_errno(output, "cannot lock");
}

pith_status pith_batch_output_open(pith_batch_output *output, const char *path,
                                   const pith_batch_resume_scan *resume,
                                   pith_batch_resume_point *point)
{
	memset(output, 0, sizeof *output);
	output->fd = -1;
	output->to_stdout = !path || strcmp(path, "-") == 0;
	output->name = output->to_stdout ? "standard output" : path;
	if (resume && output->to_stdout) {
		snprintf(output->error, sizeof output->error,
		         "cannot resume standard output: --resume needs an output file");
		return PITH_ERROR_INVALID_ARGUMENT;
	}
	output->gzip = !output->to_stdout && has_gz_suffix(path);
	if (output->to_stdout) {
		output->fd = STDOUT_FILENO;
	} else {
		/* Not O_TRUNC: a file locked by another run is left as it is. */
		output->fd = open(path, (resume ? O_RDWR : O_WRONLY) | O_CREAT | O_CLOEXEC, 0666);
		if (output->fd < 0)
			return fail_with_errno(output, "cannot open");
		pith_status status = lock(output);
		if (status == PITH_OK && resume)
			status = find_resume_point(output, resume, point);
		struct stat info;
		if (status == PITH_OK && !resume && fstat(output->fd, &info) == 0 &&
		    S_ISREG(info.st_mode) && ftruncate(output->fd, 0) != 0)
			status = fail_with_errno(output, "cannot empty");
		if (status != PITH_OK)
			return status;
	}
	if (output->gzip) {
		if (deflateInit2(&output->zstream, BATCH_GZIP_LEVEL, Z_DEFLATED, GZIP_WINDOW_BITS,
		                 8, Z_DEFAULT_STRATEGY) != Z_OK)
			return PITH_ERROR_NOMEM;
		output->deflate_ready = true;
	}
	return PITH_OK;
}

/* Writes bytes[0..length) whole, past signals and short writes. Returns
 * the count written, length unless a write failed (errno set). */
static size_t write_all(int fd, const char *bytes, size_t length)
{
	size_t done = 0;
	while (done < length) {
		ssize_t n = write(fd, bytes + done, length - done);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			if (n == 0)
				errno = EIO;
			break;
		}
		done += (size_t)n;
	}
	return done;
}

/* Compresses the pending lines into output->compressed as one complete
 * gzip member. */
static pith_status compress_member(pith_batch_output *output)
{
	z_stream *z = &output->zstream;
	uLong bound = deflateBound(z, (uLong)output->pending.length);
	if (!pith_buffer_reserve(&output->compressed, bound))
		return PITH_ERROR_NOMEM;
	z->next_in = (Bytef *)output->pending.data;
	z->avail_in = (uInt)output->pending.length;
	z->next_out = (Bytef *)output->compressed.data;
	z->avail_out = (uInt)output->compressed.capacity;
	int rc = deflate(z, Z_FINISH);
	output->compressed.length = output->compressed.capacity - z->avail_out;
	deflateReset(z);
	return rc == Z_STREAM_END ? PITH_OK : PITH_ERROR_NOMEM; /* the bound was too small */
}

static size_t count_lines(const char *bytes, size_t length)
{
	size_t lines = 0;
	for (const char *end = bytes + length; (bytes = memchr(bytes, '\n', (size_t)(end - bytes)));
	     bytes++)
		lines++;
	return lines;
}

/* Writes the pending lines and counts those that reached the file whole:
 * all of them, or after a failed write the plain lines before the cut
 * (a gzip member cut short holds none that --resume keeps). */
static pith_status write_pending(pith_batch_output *output)
{
	if (output->pending.length == 0)
		return PITH_OK;
	pith_status status = PITH_OK;
	const char *bytes = output->pending.data;
	size_t length = output->pending.length;
	if (output->gzip) {
		status = compress_member(output);
		bytes = output->compressed.data;
		length = output->compressed.length;
	}
	size_t done = status == PITH_OK ? write_all(output->fd, bytes, length) : 0;
	if (status == PITH_OK && done < length) {
		status = fail_with_errno(output, "cannot write");
		output->failed = true;
	}
	size_t whole = done == length ? output->pending_kinds.length
	               : output->gzip ? 0
	                              : count_lines(bytes, done);
	for (size_t i = 0; i < whole; i++)
		output->written[(unsigned char)output->pending_kinds.data[i]]++;
	pith_buffer_clear(&output->pending, PENDING_RETAIN_BYTES);
	output->pending_kinds.length = 0;
	return status;
}

pith_status pith_batch_output_write(pith_batch_output *output, const char *line, size_t length,
                                    pith_batch_line_kind kind)
{
	if (output->failed)
		return PITH_ERROR_IO;
	char kind_byte = (char)kind;
	if (!pith_buffer_append(&output->pending, line, length) ||
	    !pith_buffer_append(&output->pending_kinds, &kind_byte, 1))
		return PITH_ERROR_NOMEM;
	return output->pending.length >= BATCH_WRITE_BYTES ? write_pending(output) : PITH_OK;
}

pith_status pith_batch_output_close(pith_batch_output *output)
{
	pith_status status = PITH_OK;
	if (output->fd >= 0 && !output->failed)
		status = write_pending(output);
	if (output->fd >= 0 && !output->to_stdout && close(output->fd) != 0 && status == PITH_OK)
		status = fail_with_errno(output, "cannot write");
	output->fd = -1;
	if (output->deflate_ready)
		deflateEnd(&output->zstream);
	output->deflate_ready = false;
	pith_buffer_free(&output->pending);
	pith_buffer_free(&output->pending_kinds);
	pith_buffer_free(&output->compressed);
	return status;
}
