/* Reading WARC files (ISO 28500:2017, WARC 1.1; 1.0 has the same record
 * syntax): records one at a time from a byte source, plain or gzip.
 *
 * Bytes flow source -> (inflate, when the input starts with the gzip
 * magic) -> a window holding the current record whole; the payload is
 * returned as a pointer into the window unless an HTTP coding had to be
 * undone. A gzip input is a series of members, read one after another with
 * inflateReset; a table of marks maps positions in the inflated stream to
 * the file offset of the member they came from, which is the offset
 * reported, and to the compressed bytes they were inflated from.
 *
 * Damage (see docs/DESIGN.md, "Reading WARC files"): the record being read
 * when something breaks, or the first byte of a stretch that is not a
 * record, is returned once as PITH_ERROR_MALFORMED; the reader then
 * resynchronises silently on the next "WARC/1." version line, and in gzip
 * input on the next gzip member header after the broken member's start. A
 * block over PITH_WARC_MAX_RECORD_BYTES is returned as PITH_ERROR_TOO_LARGE
 * and scanned through for the next record that reads whole, its length
 * not trusted. Every search moves forward, and inflating bytes again after
 * damage is paid from an allowance earned by reading new ones, so hostile
 * input costs time linear in its size. */
#define _GNU_SOURCE /* memmem: linear, where a naive search is quadratic */
#include "pith.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>
#include <zlib.h>

#include <bzlib.h>
#include <libdeflate.h>
#include <lz4frame.h>
#include <zstd.h>
#include <zstd_errors.h>

#include "base/buffer.h"
#include "warc/digest.h"
#include "warc/http_response.h"
#include "warc/work_counts.h"

/* Each read of compressed input is offered at least this much room: few
 * calls, and few moves of kept bytes. */
#define WARC_READ_BYTES ((size_t)256 * 1024)
/* Plain input is read straight into the window, and inflate writes there:
 * a record's remaining bytes in one read, once its header gives their
 * count, and otherwise this much (the next header and some of its block;
 * zlib, GZIP_READ_AHEAD_BYTES).
 * So a record ends where the bytes read end, or at most this far before
 * it, and pith_warc_take_payload has little to copy. */
#define WINDOW_READ_AHEAD_BYTES ((size_t)64 * 1024)
/* How far before the point where inflate failed the next gzip member is
 * searched for. A member cut short is followed by the next one, which
 * inflate reads as the cut member's continuation until it finds the data
 * invalid, a few bytes later in practice. */
#define GZIP_RESCAN_BYTES ((size_t)256 * 1024)
/* Inflating compressed bytes a second time (the rescan above, or a member
 * found by searching that turns out false) is paid from an allowance:
 * each byte inflated for the first time adds GZIP_REINFLATE_SHARE to it,
 * up to GZIP_REINFLATE_MAX_BYTES, and a member that would need more is
 * given up, the search going on from the furthest byte inflated. Without
 * it, junk built of gzip headers whose bad data runs long (a header's file
 * name up to the next zero byte, stored blocks) had every one of them
 * inflated to the same far point: 48 s for 1 MiB of "1f 8b 08". So decoders
 * read the input at most 1 + GZIP_REINFLATE_SHARE times, whatever it
 * holds; real damage needs one rescan of at most GZIP_RESCAN_BYTES. The
 * maximum covers a failed one-call decode of a full input buffer. */
#define GZIP_REINFLATE_SHARE 2
#define GZIP_REINFLATE_MAX_BYTES (2 * GZIP_INPUT_BYTES)
/* A gzip member header found by searching (after damage) must end within
 * this many bytes: its extra field, file name and comment included. Real
 * ones take 10 to 30 bytes (wget's extra field, a file name); the bound
 * lets a false header be refused without inflating, and caps the bytes
 * read to check it. */
#define GZIP_SEARCH_HEADER_BYTES ((size_t)1024)
/* What zlib inflates ahead of need (a caller that does not know how much
 * it needs: the next header). A mark follows every inflate call, and a
 * block is inflated to its end, so a record's compressed size
 * (record_input_bytes) is known within this many inflated bytes either
 * side, in gzip over a whole file (one member) too. Inflating 4 KiB at a
 * time throughout cost 18% of whole-file gzip reading (zlib copies what
 * each call makes into its own window). */
#define GZIP_READ_AHEAD_BYTES ((size_t)4 * 1024)
/* Marks (see stream_mark) kept at most; past this, every other one is
 * dropped. A window holds few members, except when tiny members are packed
 * into one long record: the table then stays this size (1.5 MiB), and a
 * record starting in a dropped mark's member reports the member before. */
#define GZIP_MAX_MARKS ((size_t)64 * 1024)
/* The compressed input buffer: a read's worth plus the rescan margin. */
#define GZIP_INPUT_BYTES ((size_t)1024 * 1024 + GZIP_RESCAN_BYTES)
/* A gzip member is decoded in one call (libdeflate, 2.7 times zlib's
 * inflate on the dev pages' members) when it lies whole in the input
 * buffer and its bytes fit in this much window room; a member that does
 * not (larger, cut by the buffer's end, damaged) is inflated by zlib, as
 * before. Common Crawl's records are at most about 1 MiB of payload. */
#define GZIP_MEMBER_ROOM_BYTES ((size_t)4 * 1024 * 1024)
/* The window's first size; it doubles when a record needs more. */
#define WINDOW_FIRST_BYTES ((size_t)1024 * 1024)
/* The window's largest size: twice what a record needs (its headers,
 * block and trailer, and a read's room), as the doubling from
 * WINDOW_FIRST_BYTES reaches it. A move to the front is then forced only
 * when the bytes before start are about as many as the ones moved. */
#define WINDOW_CAPACITY_MAX_BYTES ((size_t)128 * 1024 * 1024)
/* A move to the front costs the bytes moved, paid by the bytes before
 * start that it frees: at most this many times as many, or the window
 * grows instead. A scan through lying lengths, each sending the reader up
 * to 64 MiB ahead, moved 64 MiB for every 256 KiB it scanned; growing at
 * once (a ratio of 1) made the window of gzip reading twice as large and
 * the reading 5% slower. */
#define WINDOW_MOVE_RATIO 8
_Static_assert(WINDOW_CAPACITY_MAX_BYTES >= PITH_WARC_MAX_RECORD_BYTES +
                                                2 * PITH_WARC_MAX_HEADER_BYTES +
                                                GZIP_MEMBER_ROOM_BYTES,
               "a whole record and a read fit in the window");

/* The largest zstd dictionary taken from a .warc.zst file's dictionary
 * frame (after its own decompression): real ones are 100 KiB to a few
 * MiB; the bound keeps a hostile frame size from costing memory. */
#define ZSTD_DICTIONARY_MAX_BYTES ((size_t)16 * 1024 * 1024)
/* zstd, LZ4 and bzip2 members are decoded at most this many bytes a call
 * (see member_fill). */
#define MEMBER_DECODE_BYTES ((size_t)16 * 1024)
/* The largest zstd window a .warc.zst frame may ask for (zstd's own
 * default limit): 2^27 bytes, above PITH_WARC_MAX_RECORD_BYTES. */
#define ZSTD_WINDOW_LOG_MAX 27
/* An ARC header line ("URL IP-address Archive-date Content-type
 * Archive-length") longer than this is not one. */
#define ARC_MAX_LINE_BYTES ((size_t)16 * 1024)

static const char version_prefix[] = "WARC/1.";
/* An ARC file starts with its file header record, whose URL is this. */
static const char arc_prefix[] = "filedesc://";
#define ARC_PREFIX_LENGTH (sizeof arc_prefix - 1)

/* How the input is compressed, known from its first byte: gzip members
 * (RFC 1952), zstd frames (RFC 8878; a .warc.zst file may start with a
 * dictionary frame), LZ4 frames, bzip2 streams, or none. Every one but
 * plain input is read as a series of members, whose starts the marks
 * record. */
typedef enum input_codec {
	CODEC_PLAIN,
	CODEC_GZIP,
	CODEC_ZSTD,
	CODEC_LZ4,
	CODEC_BZIP2,
} input_codec;
#define VERSION_PREFIX_LENGTH (sizeof version_prefix - 1)

typedef enum fill_result {
	FILL_MORE,    /* the window holds more bytes */
	FILL_END,     /* the input ended */
	FILL_DAMAGED, /* a gzip member is broken; the reader searches on */
	FILL_IO,
	FILL_NOMEM,
} fill_result;

/* Inflated bytes from stream_position on came from the gzip member that
 * starts at member_offset, and from compressed bytes at input_offset or
 * after. Made at each member's start and after each inflate call, so a
 * record's member and its compressed size (record_input_bytes) are known. */
typedef struct stream_mark {
	unsigned long long stream_position, member_offset, input_offset;
} stream_mark;

/* The WARC header fields a record reports, and the strings made from the
 * HTTP head, as offsets into pith_warc.strings. */
enum {
	FIELD_TYPE,
	FIELD_RECORD_ID,
	FIELD_TARGET_URI,
	FIELD_DATE,
	FIELD_CONTENT_TYPE,
	FIELD_PAYLOAD_TYPE, /* WARC-Identified-Payload-Type */
	FIELD_TRUNCATED,
	FIELD_BLOCK_DIGEST,
	FIELD_PAYLOAD_DIGEST, /* the last one read from the WARC header */
	FIELD_HTTP_CONTENT_TYPE,
	FIELD_CHARSET,
	FIELD_COUNT
};
static const char *const field_names[] = {
    "WARC-Type",      "WARC-Record-ID",    "WARC-Target-URI",
    "WARC-Date",      "Content-Type",      "WARC-Identified-Payload-Type",
    "WARC-Truncated", "WARC-Block-Digest", "WARC-Payload-Digest",
};
#define NO_FIELD ((size_t)-1)

struct pith_warc {
	pith_read_fn read;
	void *user;
	int fd; /* pith_warc_open's file, closed by pith_warc_free; -1 */
	bool layout_known;
	input_codec codec;
	bool gzip;       /* codec is CODEC_GZIP */
	bool compressed; /* codec is not CODEC_PLAIN: marks are kept */
	/* The records' syntax, known from the first record: WARC, or ARC
	 * (an ARC file's first record is its filedesc:// header). */
	bool kind_known, arc;
	bool verify_digests; /* pith_warc_verify_digests */
	bool source_ended, finished;
	/* After a broken record or stretch was returned, until the next good
	 * WARC header: further damage is the same stretch, not reported. */
	bool resyncing;
	/* After a block over PITH_WARC_MAX_RECORD_BYTES, until a record reads
	 * whole: a version line in the block that starts anything less is
	 * part of the block. */
	bool scanning_large_block;
	/* No header block ends (no empty line) between a version line before
	 * this stream position and it: the next version line's header is
	 * searched from here, so dense version lines cost linear time. */
	unsigned long long header_search_clear;

	/* gzip input: input[0..input_end) holds the bytes from file offset
	 * input_base; inflate has taken those before input_position. */
	unsigned char *input;
	size_t input_position, input_end;
	unsigned long long input_base;
	z_stream inflater;
	bool inflater_ready;
	ZSTD_DCtx *zstd;
	LZ4F_dctx *lz4;
	/* Bytes of the zstd, LZ4 or bzip2 member being decoded, held after
	 * window end until it ends whole (see member_fill); the member is
	 * streaming once they outgrew GZIP_MEMBER_ROOM_BYTES. */
	size_t member_held;
	bool member_streaming;
	bz_stream bzip2;
	bool bzip2_ready;
	struct libdeflate_decompressor *member_decoder; /* the one-call path */
	unsigned long long member_offset;               /* the member being inflated */
	size_t member_bytes_in;                         /* its bytes inflate has taken */
	bool searching_member;                          /* for a header, after damage */
	/* Its start is a guess: zlib reads it, its reading paid byte by byte
	 * (a failed one-call decode is charged every byte offered, and false
	 * starts would spend the allowance a real rescan needs). */
	bool member_found_by_search;
	bool damage_pending; /* found while inflating bytes still to return */
	/* The furthest file offset a decoder has taken bytes up to, and what
	 * may still be inflated again behind it (GZIP_REINFLATE_SHARE). */
	unsigned long long inflate_frontier, reinflate_allowance;
	stream_mark *marks; /* marks[mark_first..mark_count) are live */
	size_t mark_first, mark_count, mark_capacity;

	/* The window: window[start..end) are bytes not yet returned, the
	 * current record first; window[0] is at stream position window_base. */
	char *window;
	size_t window_capacity, start, end;
	unsigned long long window_base;

	pith_buffer strings; /* the record's fields, NUL-terminated */
	size_t fields[FIELD_COUNT];
	pith_buffer dechunked, decoded;
	z_stream content_inflater;
	bool content_inflater_ready;

	pith_warc_stats stats;
	unsigned long long payload_total; /* of the records returned whole */
	pith_warc_work work;
	char error[200];
};

static long read_fd(void *user, char *buffer, size_t capacity)
{
	int fd = *(const int *)user;
	if (capacity > (size_t)LONG_MAX / 2)
		capacity = (size_t)LONG_MAX / 2;
	for (;;) {
		ssize_t n = read(fd, buffer, capacity);
		if (n >= 0 || errno != EINTR)
			return (long)n;
	}
}

pith_status pith_warc_new(pith_read_fn read, void *user, pith_warc **out)
{
	if (!out)
		return PITH_ERROR_INVALID_ARGUMENT;
	*out = NULL;
	if (!read)
		return PITH_ERROR_INVALID_ARGUMENT;
	pith_warc *warc = calloc(1, sizeof *warc);
	if (!warc)
		return PITH_ERROR_NOMEM;
	warc->read = read;
	warc->user = user;
	warc->fd = -1;
	*out = warc;
	return PITH_OK;
}

pith_status pith_warc_open(const char *path, pith_warc **out)
{
	if (!out || !path)
		return PITH_ERROR_INVALID_ARGUMENT;
	*out = NULL;
	bool standard_input = strcmp(path, "-") == 0;
	int fd = standard_input ? STDIN_FILENO : open(path, O_RDONLY);
	if (fd < 0)
		return PITH_ERROR_IO;
	pith_warc *warc;
	pith_status status = pith_warc_new(read_fd, NULL, &warc);
	if (status != PITH_OK) {
		if (!standard_input)
			close(fd);
		errno = ENOMEM;
		return status;
	}
	warc->fd = standard_input ? -1 : fd;
	/* The source's user pointer is the descriptor inside the reader. */
	static const int standard_input_fd = STDIN_FILENO;
	warc->user = standard_input ? (void *)&standard_input_fd : (void *)&warc->fd;
	*out = warc;
	return PITH_OK;
}

void pith_warc_free(pith_warc *warc)
{
	if (!warc)
		return;
	if (warc->fd >= 0)
		close(warc->fd);
	if (warc->inflater_ready)
		inflateEnd(&warc->inflater);
	if (warc->member_decoder)
		libdeflate_free_decompressor(warc->member_decoder);
	ZSTD_freeDCtx(warc->zstd);
	if (warc->lz4)
		LZ4F_freeDecompressionContext(warc->lz4);
	if (warc->bzip2_ready)
		BZ2_bzDecompressEnd(&warc->bzip2);
	if (warc->content_inflater_ready)
		inflateEnd(&warc->content_inflater);
	free(warc->input);
	free(warc->marks);
	free(warc->window);
	pith_buffer_free(&warc->strings);
	pith_buffer_free(&warc->dechunked);
	pith_buffer_free(&warc->decoded);
	free(warc);
}

void pith_warc_verify_digests(pith_warc *warc, int verify)
{
	if (warc)
		warc->verify_digests = verify != 0;
}

void pith_warc_get_stats(const pith_warc *warc, pith_warc_stats *stats)
{
	if (!stats)
		return;
	if (warc)
		*stats = warc->stats;
	else
		memset(stats, 0, sizeof *stats);
}

void pith_warc_get_work(const pith_warc *warc, pith_warc_work *work)
{
	if (warc)
		*work = warc->work;
	else
		memset(work, 0, sizeof *work);
}

/* ---- The byte source ---- */

/* One read from the source into buffer: FILL_MORE with *got > 0,
 * FILL_END or FILL_IO. */
static fill_result source_read(pith_warc *warc, char *buffer, size_t capacity, size_t *got)
{
	*got = 0;
	if (warc->source_ended)
		return FILL_END;
	long n = warc->read(warc->user, buffer, capacity);
	if (n < 0)
		return FILL_IO;
	if (n == 0 || (size_t)n > capacity) {
		warc->source_ended = true;
		return n == 0 ? FILL_END : FILL_IO;
	}
	*got = (size_t)n;
	warc->stats.bytes_read += (unsigned long long)n;
	return FILL_MORE;
}

/* Room for at least want more bytes after window end (want is capped at
 * what the window may hold). Moves the unreturned bytes to the front when
 * that frees at least 1/WINDOW_MOVE_RATIO as many bytes as it moves, else
 * grows. */
static bool window_room(pith_warc *warc, size_t want)
{
	if (warc->window_capacity - warc->end - warc->member_held >= want && warc->window)
		return true;
	size_t kept = warc->end - warc->start, needed = warc->end + want;
	if (warc->start > 0 &&
	    (warc->start >= kept / WINDOW_MOVE_RATIO || needed > WINDOW_CAPACITY_MAX_BYTES)) {
		/* (With a member's bytes held after end: see member_fill.) */
		memmove(warc->window, warc->window + warc->start, kept + warc->member_held);
		warc->work.moved += kept;
		warc->window_base += warc->start;
		warc->end = kept;
		warc->start = 0;
		if (warc->window_capacity - warc->end - warc->member_held >= want)
			return true;
		needed = warc->end + want;
	}
	needed += warc->member_held;
	if (needed > WINDOW_CAPACITY_MAX_BYTES)
		needed = WINDOW_CAPACITY_MAX_BYTES;
	if (warc->window && needed <= warc->window_capacity)
		return true;
	void *grown =
	    pith_grow(warc->window, &warc->window_capacity, needed, 1, WINDOW_FIRST_BYTES);
	if (!grown)
		return false;
	warc->window = grown;
	return true;
}

/* ---- gzip input ---- */

/* The file offset of the next compressed byte. */
static unsigned long long input_offset(const pith_warc *warc)
{
	return warc->input_base + warc->input_position;
}

/* A mark at the window's end. One at the same stream position is replaced
 * (an empty member, or a member's start after its predecessor's last
 * inflate): bytes from there come from the later member. */
static bool add_mark(pith_warc *warc, unsigned long long member_offset,
                     unsigned long long compressed_offset)
{
	stream_mark mark = {warc->window_base + warc->end, member_offset, compressed_offset};
	if (warc->mark_count > warc->mark_first &&
	    warc->marks[warc->mark_count - 1].stream_position == mark.stream_position) {
		warc->marks[warc->mark_count - 1] = mark;
		return true;
	}
	size_t live = warc->mark_count - warc->mark_first;
	if (live >= GZIP_MAX_MARKS ||
	    (warc->mark_first > 0 && warc->mark_count == warc->mark_capacity)) {
		/* To the front; every other one when there are too many. */
		size_t step = live >= GZIP_MAX_MARKS ? 2 : 1, kept = 0;
		for (size_t i = warc->mark_first; i < warc->mark_count; i += step)
			warc->marks[kept++] = warc->marks[i];
		warc->work.moved += kept * sizeof mark;
		warc->mark_first = 0;
		warc->mark_count = kept;
	}
	stream_mark *grown =
	    pith_grow(warc->marks, &warc->mark_capacity, warc->mark_count + 1, sizeof *grown, 16);
	if (!grown)
		return false;
	warc->marks = grown;
	grown[warc->mark_count++] = mark;
	return true;
}

/* A new member starts at file_offset (its bytes go to the window's end). */
static bool add_member(pith_warc *warc, unsigned long long file_offset)
{
	warc->member_offset = file_offset;
	warc->member_bytes_in = 0;
	return add_mark(warc, file_offset, file_offset);
}

/* The live mark that covers stream position `position` (the last at or
 * before it), forgetting the ones before it. */
static const stream_mark *mark_at(pith_warc *warc, unsigned long long position)
{
	while (warc->mark_first + 1 < warc->mark_count &&
	       warc->marks[warc->mark_first + 1].stream_position <= position)
		warc->mark_first++;
	return warc->mark_count > warc->mark_first ? &warc->marks[warc->mark_first] : NULL;
}

/* Where the byte at window[index] starts in the file: its own offset in
 * plain input, its member's in gzip input. Forgets marks before it. */
static unsigned long long file_offset_of(pith_warc *warc, size_t index)
{
	if (!warc->compressed)
		return warc->window_base + index;
	const stream_mark *mark = mark_at(warc, warc->window_base + index);
	return mark ? mark->member_offset : 0;
}

/* How many bytes of the file window[from..to) were read from: as many in
 * plain input; in gzip input, the compressed bytes between the marks
 * around them (a little more than their own, or a few less: inflate may
 * hold bits of what it took for bytes it has not yet made). */
static unsigned long long record_input_bytes(pith_warc *warc, size_t from, size_t to)
{
	if (!warc->compressed)
		return to - from;
	const stream_mark *first = mark_at(warc, warc->window_base + from);
	unsigned long long end_position = warc->window_base + to;
	/* zstd, LZ4 and bzip2 decoders take a block of input (at most 128
	 * KiB, 4 MiB, 900 kB) before making its bytes, so marks inside a
	 * block share one input offset: the record is counted from a block
	 * before its first mark, or its member's start when that is nearer
	 * (each record its own member: exactly its member). */
	unsigned long long begin = first ? first->input_offset : 0;
	if (first && !warc->gzip) {
		unsigned long long block = warc->codec == CODEC_ZSTD  ? 128 * 1024
		                           : warc->codec == CODEC_LZ4 ? 4 * 1024 * 1024
		                                                      : 900 * 1000;
		begin = begin > first->member_offset + block ? begin - block : first->member_offset;
	}
	unsigned long long end = input_offset(warc);
	/* The first mark at or after the end, by bisection: a window may
	 * hold many. */
	size_t low = warc->mark_first, high = warc->mark_count;
	while (low < high) {
		size_t middle = low + (high - low) / 2;
		if (warc->marks[middle].stream_position < end_position)
			low = middle + 1;
		else
			high = middle;
	}
	if (low < warc->mark_count)
		end = warc->marks[low].input_offset;
	return end > begin ? end - begin : 1;
}

/* Compressed bytes from file offset `from` given to a decoder, `taken` of
 * them: those past the frontier are read for the first time and add to
 * the allowance, the others are paid from it. */
static void pay_inflate(pith_warc *warc, unsigned long long from, size_t taken)
{
	unsigned long long end = from + taken;
	warc->work.inflated += taken;
	if (from < warc->inflate_frontier) {
		unsigned long long again =
		    (end < warc->inflate_frontier ? end : warc->inflate_frontier) - from;
		warc->reinflate_allowance -=
		    again < warc->reinflate_allowance ? again : warc->reinflate_allowance;
	}
	if (end > warc->inflate_frontier) {
		unsigned long long earned = (end - warc->inflate_frontier) * GZIP_REINFLATE_SHARE;
		warc->inflate_frontier = end;
		warc->reinflate_allowance =
		    earned < GZIP_REINFLATE_MAX_BYTES - warc->reinflate_allowance
		        ? warc->reinflate_allowance + earned
		        : GZIP_REINFLATE_MAX_BYTES;
	}
}

/* Damage: the next member is searched for from file offset `from` (kept
 * in the input buffer: at least its start, input_base). */
static fill_result gzip_search_from(pith_warc *warc, unsigned long long from, const char *why)
{
	if (from < warc->input_base)
		from = warc->input_base;
	warc->input_position = (size_t)(from - warc->input_base);
	warc->searching_member = true;
	static const char *const member_names[] = {"", "gzip member", "zstd frame", "LZ4 frame",
	                                           "bzip2 stream"};
	snprintf(warc->error, sizeof warc->error, "broken %s at offset %llu: %s",
	         member_names[warc->codec], warc->member_offset, why);
	return FILL_DAMAGED;
}

/* Inflate failed: the next member may start inside the bytes it took (a
 * cut member's successor is read as its continuation), so the search
 * starts after the broken member's start, at most GZIP_RESCAN_BYTES back. */
static fill_result gzip_damaged(pith_warc *warc, const char *why)
{
	unsigned long long failed_at = input_offset(warc);
	unsigned long long from = warc->member_offset + 1;
	if (failed_at > GZIP_RESCAN_BYTES && from < failed_at - GZIP_RESCAN_BYTES)
		from = failed_at - GZIP_RESCAN_BYTES;
	return gzip_search_from(warc, from, why);
}

/* More compressed input; keeps the last GZIP_RESCAN_BYTES for a rescan. */
static fill_result gzip_refill(pith_warc *warc)
{
	if (GZIP_INPUT_BYTES - warc->input_end < WARC_READ_BYTES) {
		size_t keep_from =
		    warc->input_end > GZIP_RESCAN_BYTES ? warc->input_end - GZIP_RESCAN_BYTES : 0;
		if (keep_from > warc->input_position)
			keep_from = warc->input_position;
		memmove(warc->input, warc->input + keep_from, warc->input_end - keep_from);
		warc->work.moved += warc->input_end - keep_from;
		warc->input_end -= keep_from;
		warc->input_position -= keep_from;
		warc->input_base += keep_from;
	}
	size_t got;
	fill_result result = source_read(warc, (char *)warc->input + warc->input_end,
	                                 GZIP_INPUT_BYTES - warc->input_end, &got);
	warc->input_end += got;
	return result;
}

/* Whether p[0..n), which starts "1f 8b 08", starts a gzip member header
 * (RFC 1952 section 2.3.1) that ends within GZIP_SEARCH_HEADER_BYTES: the
 * reserved flags clear, the extra field, file name and comment inside.
 * 1: it does; 0: it does not; -1: n is too short to tell. The header CRC,
 * when there is one, is left to inflate. */
static int gzip_header_check(pith_warc *warc, const unsigned char *p, size_t n)
{
	size_t limit = n < GZIP_SEARCH_HEADER_BYTES ? n : GZIP_SEARCH_HEADER_BYTES;
	int cut = n < GZIP_SEARCH_HEADER_BYTES ? -1 : 0; /* what running out means */
	enum { TEXT = 1, HEADER_CRC = 2, EXTRA = 4, NAME = 8, COMMENT = 16 };
	if (limit < 12)
		return cut;
	unsigned flags = p[3];
	if (flags & ~(unsigned)(TEXT | HEADER_CRC | EXTRA | NAME | COMMENT))
		return 0;
	size_t at = 10;
	if (flags & EXTRA)
		at += 2 + (size_t)(p[10] | p[11] << 8);
	for (unsigned field = NAME; field <= COMMENT; field <<= 1) {
		if (!(flags & field))
			continue;
		if (at >= limit)
			return at >= GZIP_SEARCH_HEADER_BYTES ? 0 : cut;
		const unsigned char *zero = memchr(p + at, 0, limit - at);
		warc->work.scanned += zero ? (size_t)(zero - (p + at)) + 1 : limit - at;
		if (!zero)
			return cut;
		at = (size_t)(zero - p) + 1;
	}
	if (flags & HEADER_CRC)
		at += 2;
	if (at > GZIP_SEARCH_HEADER_BYTES)
		return 0;
	return at <= limit ? 1 : cut;
}

/* After damage: the next gzip member header (a "1f 8b 08" that passes
 * gzip_header_check), from where gzip_search_from pointed. */
static fill_result gzip_find_member(pith_warc *warc)
{
	for (;;) {
		const unsigned char *p = warc->input + warc->input_position;
		const unsigned char *end = warc->input + warc->input_end;
		while (p + 3 <= end) {
			const unsigned char *found = memchr(p, 0x1f, (size_t)(end - p - 2));
			warc->work.scanned +=
			    found ? (size_t)(found - p) + 1 : (size_t)(end - p - 2);
			if (!found) {
				p = end - 2; /* may start a magic */
				break;
			}
			p = found;
			int header = p[1] == 0x8b && p[2] == 8
			                 ? gzip_header_check(warc, p, (size_t)(end - p))
			                 : 0;
			if (header < 0 && !warc->source_ended)
				break; /* more input decides */
			if (header > 0) {
				warc->input_position = (size_t)(p - warc->input);
				warc->searching_member = false;
				warc->member_found_by_search = true;
				inflateReset(&warc->inflater);
				return add_member(warc, input_offset(warc)) ? FILL_MORE
				                                            : FILL_NOMEM;
			}
			p++;
		}
		/* Keep what may be the start of a header. */
		size_t keep = p < end ? (size_t)(end - p) : 0;
		warc->input_position = warc->input_end - keep;
		fill_result result = gzip_refill(warc);
		/* At the end, a header cut short is not one: look on. */
		if (result != FILL_MORE && !(result == FILL_END && keep >= 3))
			return result;
	}
}

/* At a member's start: the whole member decoded in one call when it is
 * all in the input buffer and its bytes fit the window's room
 * (window_fill made GZIP_MEMBER_ROOM_BYTES of it). When the buffer holds
 * less than WARC_READ_BYTES and the call fails, more input is read and the
 * call made once more: a member is never waited for when it is there
 * already (a slow stream still gets each record as soon as it is whole).
 * FILL_MORE when it was decoded, with *produced bytes added and the next
 * member's start recorded as inflate's end does; FILL_DAMAGED (nothing
 * consumed) when the one-call path does not apply and zlib must inflate
 * the member; other results are the source's or memory's. A failed call
 * may have read every byte offered, which zlib then reads again: it is
 * paid from the allowance, and not made when that cannot pay. */
static fill_result gzip_member_at_once(pith_warc *warc, size_t *produced)
{
	for (int attempt = 0;; attempt++) {
		size_t offered = warc->input_end - warc->input_position, taken;
		if (warc->member_found_by_search || input_offset(warc) < warc->inflate_frontier ||
		    offered > warc->reinflate_allowance)
			return FILL_DAMAGED;
		enum libdeflate_result rc = libdeflate_gzip_decompress_ex(
		    warc->member_decoder, warc->input + warc->input_position, offered,
		    warc->window + warc->end, warc->window_capacity - warc->end, &taken, produced);
		if (rc == LIBDEFLATE_SUCCESS) {
			pay_inflate(warc, input_offset(warc), taken);
			warc->input_position += taken;
			warc->end += *produced;
			return add_member(warc, input_offset(warc)) ? FILL_MORE : FILL_NOMEM;
		}
		warc->work.inflated += offered;
		warc->reinflate_allowance -= offered;
		if (attempt > 0 || rc == LIBDEFLATE_INSUFFICIENT_SPACE || warc->source_ended ||
		    offered >= WARC_READ_BYTES)
			return FILL_DAMAGED;
		fill_result result = gzip_refill(warc);
		if (result != FILL_MORE)
			return result == FILL_END ? FILL_DAMAGED : result;
	}
}

/* Inflates until the window gains bytes or something stops it: a whole
 * member when it can (see gzip_member_at_once), else at most room bytes. */
static fill_result gzip_fill(pith_warc *warc, size_t room)
{
	if (warc->damage_pending) {
		warc->damage_pending = false;
		return FILL_DAMAGED;
	}
	if (warc->searching_member) {
		fill_result found = gzip_find_member(warc);
		if (found != FILL_MORE)
			return found;
	}
	for (;;) {
		if (warc->member_bytes_in == 0 && warc->input_position < warc->input_end) {
			size_t produced = 0;
			fill_result whole = gzip_member_at_once(warc, &produced);
			if (whole == FILL_MORE && produced > 0)
				return FILL_MORE;
			if (whole != FILL_MORE && whole != FILL_DAMAGED)
				return whole;
		}
		if (warc->input_position == warc->input_end) {
			fill_result result = gzip_refill(warc);
			if (result == FILL_END && warc->member_bytes_in > 0)
				return gzip_damaged(warc, "the input ends inside it");
			if (result != FILL_MORE)
				return result;
		}
		size_t available = warc->input_end - warc->input_position;
		unsigned long long at = input_offset(warc);
		if (at < warc->inflate_frontier) {
			/* Read before: as much as the allowance pays for. */
			if (warc->reinflate_allowance == 0)
				return gzip_search_from(warc, warc->inflate_frontier,
				                        "reading it again would exceed the "
				                        "rescan allowance");
			if (available > warc->reinflate_allowance)
				available = (size_t)warc->reinflate_allowance;
		}
		z_stream *z = &warc->inflater;
		z->next_in = warc->input + warc->input_position;
		z->avail_in = (unsigned)available;
		z->next_out = (unsigned char *)warc->window + warc->end;
		z->avail_out = room > UINT_MAX ? UINT_MAX : (unsigned)room;
		unsigned out_before = z->avail_out;
		int rc = inflate(z, Z_NO_FLUSH);
		size_t taken = available - z->avail_in;
		size_t produced = out_before - z->avail_out;
		pay_inflate(warc, at, taken);
		warc->input_position += taken;
		warc->member_bytes_in += taken;
		warc->end += produced;
		if (produced > 0 && !add_mark(warc, warc->member_offset, input_offset(warc)))
			return FILL_NOMEM;
		if (rc == Z_STREAM_END) {
			inflateReset(z);
			warc->member_found_by_search = false;
			if (!add_member(warc, input_offset(warc)))
				return FILL_NOMEM;
		} else if (rc == Z_MEM_ERROR) {
			return FILL_NOMEM;
		} else if (rc != Z_OK && rc != Z_BUF_ERROR) {
			fill_result damaged = gzip_damaged(warc, z->msg ? z->msg : "invalid data");
			/* The bytes inflated before the damage come first. */
			warc->damage_pending = produced > 0;
			return produced > 0 ? FILL_MORE : damaged;
		}
		if (produced > 0)
			return FILL_MORE;
	}
}

/* ---- zstd, LZ4 and bzip2 input ---- */

typedef enum member_result {
	MEMBER_GOING,  /* more of the member to come */
	MEMBER_END,    /* it ended whole */
	MEMBER_BROKEN, /* its data is invalid: *why says how */
	MEMBER_NOMEM,
} member_result;

/* Decodes in[0..in_length) into out[0..out_length) with the input's
 * decoder; *taken and *produced say how much of each. */
static member_result member_decode(pith_warc *warc, const unsigned char *in, size_t in_length,
                                   char *out, size_t out_length, size_t *taken, size_t *produced,
                                   const char **why)
{
	*taken = *produced = 0;
	if (warc->codec == CODEC_ZSTD) {
		ZSTD_inBuffer input = {in, in_length, 0};
		ZSTD_outBuffer output = {out, out_length, 0};
		size_t rc = ZSTD_decompressStream(warc->zstd, &output, &input);
		*taken = input.pos;
		*produced = output.pos;
		if (ZSTD_isError(rc)) {
			*why = ZSTD_getErrorName(rc);
			return ZSTD_getErrorCode(rc) == ZSTD_error_memory_allocation
			           ? MEMBER_NOMEM
			           : MEMBER_BROKEN;
		}
		return rc == 0 ? MEMBER_END : MEMBER_GOING;
	}
	if (warc->codec == CODEC_LZ4) {
		size_t out_size = out_length, in_size = in_length;
		size_t rc = LZ4F_decompress(warc->lz4, out, &out_size, in, &in_size, NULL);
		*taken = in_size;
		*produced = out_size;
		if (LZ4F_isError(rc)) {
			*why = LZ4F_getErrorName(rc);
			return MEMBER_BROKEN;
		}
		return rc == 0 ? MEMBER_END : MEMBER_GOING;
	}
	bz_stream *z = &warc->bzip2;
	unsigned in_count = in_length > UINT_MAX ? UINT_MAX : (unsigned)in_length;
	unsigned out_count = out_length > UINT_MAX ? UINT_MAX : (unsigned)out_length;
	z->next_in = (char *)in;
	z->avail_in = in_count;
	z->next_out = out;
	z->avail_out = out_count;
	int rc = BZ2_bzDecompress(z);
	*taken = in_count - z->avail_in;
	*produced = out_count - z->avail_out;
	if (rc == BZ_STREAM_END)
		return MEMBER_END;
	if (rc == BZ_OK)
		return MEMBER_GOING;
	if (rc == BZ_MEM_ERROR)
		return MEMBER_NOMEM;
	*why = rc == BZ_DATA_ERROR_MAGIC ? "not bzip2 data" : "invalid data";
	return MEMBER_BROKEN;
}

/* The decoder ready for the next member; false when memory runs out. */
static bool member_reset(pith_warc *warc)
{
	if (warc->codec == CODEC_ZSTD)
		return !ZSTD_isError(ZSTD_DCtx_reset(warc->zstd, ZSTD_reset_session_only));
	if (warc->codec == CODEC_LZ4) {
		LZ4F_resetDecompressionContext(warc->lz4);
		return true;
	}
	if (warc->bzip2_ready)
		BZ2_bzDecompressEnd(&warc->bzip2);
	memset(&warc->bzip2, 0, sizeof warc->bzip2);
	warc->bzip2_ready = BZ2_bzDecompressInit(&warc->bzip2, 0, 0) == BZ_OK;
	return warc->bzip2_ready;
}

/* Whether p[0..n) starts a member of the input's codec: its magic number
 * (bzip2: "BZh", the block size digit, and a block's or the stream end's
 * magic). 1, 0, or -1 when n is too short to tell. */
static int member_magic_at(const pith_warc *warc, const unsigned char *p, size_t n)
{
	static const unsigned char zstd_magic[] = {0x28, 0xb5, 0x2f, 0xfd};
	static const unsigned char lz4_magic[] = {0x04, 0x22, 0x4d, 0x18};
	static const unsigned char bzip2_block[] = {0x31, 0x41, 0x59, 0x26, 0x53, 0x59};
	static const unsigned char bzip2_end[] = {0x17, 0x72, 0x45, 0x38, 0x50, 0x90};
	if (warc->codec == CODEC_BZIP2) {
		if (n < 10)
			return -1;
		return memcmp(p, "BZh", 3) == 0 && p[3] >= '1' && p[3] <= '9' &&
		       (memcmp(p + 4, bzip2_block, 6) == 0 || memcmp(p + 4, bzip2_end, 6) == 0);
	}
	const unsigned char *magic = warc->codec == CODEC_ZSTD ? zstd_magic : lz4_magic;
	if (n < 4)
		return memcmp(p, magic, n) == 0 ? -1 : 0;
	return memcmp(p, magic, 4) == 0;
}

/* After damage: the next member's magic number, from where
 * gzip_search_from pointed. */
static fill_result member_find(pith_warc *warc)
{
	const unsigned char first = warc->codec == CODEC_ZSTD  ? 0x28
	                            : warc->codec == CODEC_LZ4 ? 0x04
	                                                       : 'B';
	for (;;) {
		const unsigned char *p = warc->input + warc->input_position;
		const unsigned char *end = warc->input + warc->input_end;
		while (p < end) {
			const unsigned char *found = memchr(p, first, (size_t)(end - p));
			warc->work.scanned += found ? (size_t)(found - p) + 1 : (size_t)(end - p);
			if (!found) {
				p = end;
				break;
			}
			p = found;
			int magic = member_magic_at(warc, p, (size_t)(end - p));
			if (magic < 0 && !warc->source_ended)
				break; /* more input decides */
			if (magic > 0) {
				warc->input_position = (size_t)(p - warc->input);
				warc->searching_member = false;
				if (!member_reset(warc))
					return FILL_NOMEM;
				return add_member(warc, input_offset(warc)) ? FILL_MORE
				                                            : FILL_NOMEM;
			}
			p++;
		}
		size_t keep = (size_t)(end - p);
		warc->input_position = warc->input_end - keep;
		fill_result result = gzip_refill(warc);
		/* At the end, a magic cut short is none: look on. */
		if (result != FILL_MORE && !(result == FILL_END && keep > 0))
			return result;
	}
}

/* Decodes until the window gains bytes or something stops it. A member's
 * bytes are held after window end until it ends and its checksum is
 * verified, so a corrupted member gives nothing but its damage (zstd and
 * LZ4 blocks are checked only at the member's end, and a corrupted one
 * can decode to copies of earlier bytes, version lines included),
 * whatever the reads' sizes; a member larger than GZIP_MEMBER_ROOM_BYTES
 * (one over the whole file) is handed over as it is decoded instead, at
 * most room bytes a call. */
static fill_result member_fill(pith_warc *warc, size_t room)
{
	if (warc->damage_pending) {
		warc->damage_pending = false;
		return FILL_DAMAGED;
	}
	if (warc->searching_member) {
		fill_result found = member_find(warc);
		if (found != FILL_MORE)
			return found;
	}
	for (;;) {
		if (warc->input_position == warc->input_end) {
			fill_result result = gzip_refill(warc);
			if (result == FILL_END && warc->member_bytes_in > 0) {
				warc->member_held = 0;
				return gzip_damaged(warc, "the input ends inside it");
			}
			if (result != FILL_MORE)
				return result;
		}
		size_t available = warc->input_end - warc->input_position;
		unsigned long long at = input_offset(warc);
		if (at < warc->inflate_frontier) {
			if (warc->reinflate_allowance == 0) {
				warc->member_held = 0;
				return gzip_search_from(warc, warc->inflate_frontier,
				                        "reading it again would exceed the "
				                        "rescan allowance");
			}
			if (available > warc->reinflate_allowance)
				available = (size_t)warc->reinflate_allowance;
		}
		size_t out_room = warc->window_capacity - warc->end - warc->member_held;
		if (!warc->member_streaming && out_room == 0) {
			warc->member_streaming = true; /* too large to hold */
			warc->end += warc->member_held;
			warc->member_held = 0;
			if (!add_mark(warc, warc->member_offset, input_offset(warc)))
				return FILL_NOMEM;
			return FILL_MORE;
		}
		/* A bounded piece a call, held or not, whatever the reads
		 * gave: the marks after each (and so the expansion bound)
		 * are the same for one-byte reads and large ones. */
		if (out_room > MEMBER_DECODE_BYTES)
			out_room = MEMBER_DECODE_BYTES;
		size_t taken, produced;
		const char *why = "invalid data";
		member_result rc =
		    member_decode(warc, warc->input + warc->input_position, available,
		                  warc->window + warc->end + warc->member_held, out_room, &taken,
		                  &produced, &why);
		pay_inflate(warc, at, taken);
		warc->input_position += taken;
		warc->member_bytes_in += taken;
		if (rc == MEMBER_GOING && taken == 0 && produced == 0) {
			rc = MEMBER_BROKEN; /* no progress: never loop */
			why = "the decoder made no progress";
		}
		if (rc == MEMBER_NOMEM)
			return FILL_NOMEM;
		size_t end_before = warc->end;
		if (rc == MEMBER_BROKEN) {
			/* A held member's bytes are dropped with it; a streaming
			 * one's decoded before the damage come first. */
			bool streaming = warc->member_streaming;
			warc->member_held = 0;
			warc->member_streaming = false;
			if (!member_reset(warc))
				return FILL_NOMEM;
			fill_result damaged = gzip_damaged(warc, why);
			if (!streaming || produced == 0)
				return damaged;
			warc->end += produced;
			warc->damage_pending = true;
			return add_mark(warc, warc->member_offset, input_offset(warc)) ? FILL_MORE
			                                                               : FILL_NOMEM;
		}
		warc->member_held += produced;
		if ((rc == MEMBER_END || warc->member_streaming) && warc->member_held > 0) {
			warc->end += warc->member_held;
			warc->member_held = 0;
			if (!add_mark(warc, warc->member_offset, input_offset(warc)))
				return FILL_NOMEM;
		}
		if (rc == MEMBER_END) {
			warc->member_streaming = false;
			if (!member_reset(warc) || !add_member(warc, input_offset(warc)))
				return FILL_NOMEM;
		}
		if (warc->end > end_before)
			return FILL_MORE;
	}
}

/* A .warc.zst file's dictionary frame (a skippable frame, magic
 * 0x184D2A5D, before the first record's; its contents a zstd dictionary,
 * itself zstd-compressed when it starts with the zstd magic) loaded into
 * the decoder. On return the input is at the byte after the frame, or
 * searching for the next frame when the dictionary is unusable (the
 * records that need it then fail). FILL_MORE, FILL_DAMAGED, or the
 * source's or memory's result. */
static fill_result zstd_read_dictionary(pith_warc *warc)
{
	static const unsigned char dictionary_magic[] = {0x5d, 0x2a, 0x4d, 0x18};
	while (warc->input_end - warc->input_position < 8) {
		fill_result result = gzip_refill(warc);
		if (result == FILL_END)
			break;
		if (result != FILL_MORE)
			return result;
	}
	const unsigned char *p = warc->input + warc->input_position;
	if (warc->input_end - warc->input_position < 8 || memcmp(p, dictionary_magic, 4) != 0)
		return FILL_MORE; /* another skippable frame: zstd skips it */
	size_t size = (size_t)p[4] | (size_t)p[5] << 8 | (size_t)p[6] << 16 | (size_t)p[7] << 24;
	if (size > ZSTD_DICTIONARY_MAX_BYTES)
		return gzip_search_from(warc, input_offset(warc) + 1,
		                        "its dictionary frame is larger than 16 MiB");
	warc->input_position += 8;
	unsigned char *dictionary = malloc(size ? size : 1);
	if (!dictionary)
		return FILL_NOMEM;
	size_t have = 0;
	while (have < size) {
		if (warc->input_position == warc->input_end) {
			fill_result result = gzip_refill(warc);
			if (result != FILL_MORE) {
				free(dictionary);
				return result == FILL_END
				           ? gzip_search_from(warc, input_offset(warc),
				                              "the input ends inside its "
				                              "dictionary frame")
				           : result;
			}
		}
		size_t n = warc->input_end - warc->input_position;
		if (n > size - have)
			n = size - have;
		memcpy(dictionary + have, warc->input + warc->input_position, n);
		have += n;
		warc->input_position += n;
	}
	pay_inflate(warc, 0, (size_t)input_offset(warc));
	const char *why = NULL;
	unsigned char *plain = NULL;
	size_t plain_size = size;
	if (size >= 4 && member_magic_at(warc, dictionary, size) > 0) {
		/* Streamed: a compressor reading a pipe leaves the size out. */
		size_t capacity = 0;
		ZSTD_inBuffer in = {dictionary, size, 0};
		size_t rc = 1;
		plain_size = 0;
		while (rc != 0 && !why) {
			if (plain_size == capacity) {
				if (capacity >= ZSTD_DICTIONARY_MAX_BYTES) {
					why = "its dictionary is larger than 16 MiB";
					break;
				}
				capacity = capacity ? 2 * capacity : 256 * 1024;
				unsigned char *grown = realloc(plain, capacity);
				if (!grown) {
					free(plain);
					free(dictionary);
					return FILL_NOMEM;
				}
				plain = grown;
			}
			ZSTD_outBuffer out = {plain, capacity, plain_size};
			size_t before = in.pos;
			rc = ZSTD_decompressStream(warc->zstd, &out, &in);
			bool progress = out.pos > plain_size || in.pos > before;
			plain_size = out.pos;
			if (ZSTD_isError(rc) || (rc != 0 && !progress))
				why = "its compressed dictionary does not decompress";
		}
		ZSTD_DCtx_reset(warc->zstd, ZSTD_reset_session_only);
	}
	if (!why && ZSTD_isError(ZSTD_DCtx_loadDictionary(warc->zstd, plain ? plain : dictionary,
	                                                  plain_size)))
		why = "its dictionary does not load";
	free(plain);
	free(dictionary);
	if (why)
		return gzip_search_from(warc, input_offset(warc), why);
	return add_member(warc, input_offset(warc)) ? FILL_MORE : FILL_NOMEM;
}

/* The decoder of a compressed input, its first bytes (got of them) at
 * window end moved to the input buffer. */
static fill_result compressed_start(pith_warc *warc, size_t got)
{
	warc->compressed = true;
	warc->input = malloc(GZIP_INPUT_BYTES);
	if (!warc->input)
		return FILL_NOMEM;
	warc->reinflate_allowance = GZIP_REINFLATE_MAX_BYTES;
	memcpy(warc->input, warc->window + warc->end, got);
	warc->input_end = got;
	if (!add_member(warc, 0))
		return FILL_NOMEM;
	if (warc->codec == CODEC_GZIP) {
		warc->member_decoder = libdeflate_alloc_decompressor();
		if (!warc->member_decoder || inflateInit2(&warc->inflater, 15 + 16) != Z_OK)
			return FILL_NOMEM;
		warc->inflater_ready = true;
		return FILL_MORE;
	}
	if (warc->codec == CODEC_ZSTD) {
		warc->zstd = ZSTD_createDCtx();
		if (!warc->zstd)
			return FILL_NOMEM;
		ZSTD_DCtx_setParameter(warc->zstd, ZSTD_d_windowLogMax, ZSTD_WINDOW_LOG_MAX);
		return warc->input[0] == 0x5d ? zstd_read_dictionary(warc) : FILL_MORE;
	}
	if (warc->codec == CODEC_LZ4)
		return LZ4F_isError(LZ4F_createDecompressionContext(&warc->lz4, LZ4F_VERSION))
		           ? FILL_NOMEM
		           : FILL_MORE;
	return member_reset(warc) ? FILL_MORE : FILL_NOMEM;
}

/* How much of the window's room the next read or inflate fills, for a
 * caller that needs wanted more bytes (0: as many as come). */
static size_t fill_size(const pith_warc *warc, size_t wanted)
{
	size_t room = warc->window_capacity - warc->end;
	size_t ahead = warc->compressed ? GZIP_READ_AHEAD_BYTES : WINDOW_READ_AHEAD_BYTES;
	size_t size = wanted > ahead ? wanted : ahead;
	return size < room ? size : room;
}

/* More bytes at the window's end; wanted as in fill_size. */
static fill_result window_fill(pith_warc *warc, size_t wanted)
{
	/* Gzip input asks for room for a whole member (gzip_member_at_once). */
	/* Compressed input asks for room for a whole member (gzip_member_at_once,
	 * member_fill). */
	if (!window_room(warc, warc->compressed ? GZIP_MEMBER_ROOM_BYTES : WARC_READ_BYTES) ||
	    warc->end == warc->window_capacity)
		return FILL_NOMEM;
	if (!warc->layout_known) {
		size_t got;
		fill_result result =
		    source_read(warc, warc->window + warc->end, fill_size(warc, wanted), &got);
		if (result != FILL_MORE)
			return result;
		warc->layout_known = true;
		/* The layout from the first byte: gzip's magic, zstd's (or the
		 * dictionary frame's), LZ4's, bzip2's "B", else plain (whose
		 * records start "WARC/1." or "filedesc://"). A source giving
		 * one byte at a time gives the second later, so one byte is
		 * enough to choose; the decoder checks the rest. */
		switch ((unsigned char)warc->window[warc->end]) {
		case 0x1f:
			warc->codec = CODEC_GZIP;
			break;
		case 0x28:
		case 0x5d:
			warc->codec = CODEC_ZSTD;
			break;
		case 0x04:
			warc->codec = CODEC_LZ4;
			break;
		case 'B':
			warc->codec = CODEC_BZIP2;
			break;
		default:
			warc->end += got;
			return FILL_MORE;
		}
		warc->gzip = warc->codec == CODEC_GZIP;
		fill_result started = compressed_start(warc, got);
		if (started != FILL_MORE)
			return started;
	}
	if (warc->compressed && !warc->gzip)
		return member_fill(warc, fill_size(warc, wanted));
	if (warc->gzip)
		return gzip_fill(warc, fill_size(warc, wanted));
	size_t got;
	fill_result result =
	    source_read(warc, warc->window + warc->end, fill_size(warc, wanted), &got);
	warc->end += got;
	return result;
}

/* window[start..start+n) filled, as far as the input goes. */
static fill_result window_need(pith_warc *warc, size_t n)
{
	while (warc->end - warc->start < n) {
		size_t wanted = n - (warc->end - warc->start);
		if (!window_room(warc, wanted))
			return FILL_NOMEM;
		fill_result result = window_fill(warc, wanted);
		if (result != FILL_MORE)
			return result;
	}
	return FILL_MORE;
}

/* ---- Records ---- */

static void record_clear(pith_warc_record *record)
{
	memset(record, 0, sizeof *record);
	record->error = record->type = record->record_id = record->target_uri = "";
	record->date = record->content_type = record->payload = record->truncated = "";
}

/* The record's strings from the offsets in warc->fields. */
static void record_set_fields(pith_warc *warc, pith_warc_record *record)
{
	const char *s[FIELD_COUNT];
	for (int i = 0; i < FIELD_COUNT; i++)
		s[i] = warc->fields[i] == NO_FIELD ? "" : warc->strings.data + warc->fields[i];
	record->type = s[FIELD_TYPE];
	record->record_id = s[FIELD_RECORD_ID];
	record->target_uri = s[FIELD_TARGET_URI];
	record->date = s[FIELD_DATE];
	record->truncated = s[FIELD_TRUNCATED];
	record->content_type = s[FIELD_CONTENT_TYPE];
	if (record->http_status)
		record->content_type = warc->fields[FIELD_HTTP_CONTENT_TYPE] != NO_FIELD
		                           ? s[FIELD_HTTP_CONTENT_TYPE]
		                           : s[FIELD_PAYLOAD_TYPE];
	record->charset = warc->fields[FIELD_CHARSET] == NO_FIELD ? NULL : s[FIELD_CHARSET];
}

static bool keep_string(pith_warc *warc, int field, const char *s, size_t n)
{
	warc->fields[field] = warc->strings.length;
	return pith_buffer_append(&warc->strings, s, n) &&
	       pith_buffer_append(&warc->strings, "", 1);
}

static void trim(const char **s, size_t *n)
{
	while (*n && (**s == ' ' || **s == '\t'))
		(*s)++, (*n)--;
	while (*n && ((*s)[*n - 1] == ' ' || (*s)[*n - 1] == '\t' || (*s)[*n - 1] == '\r'))
		(*n)--;
}

/* The WARC header block text[0..n) (version line first): fields kept,
 * *content_length set (false when absent or not a number; a number too
 * large for size_t reads as SIZE_MAX). */
static bool parse_warc_header(pith_warc *warc, const char *text, size_t n, size_t *content_length,
                              bool *has_length)
{
	*has_length = false;
	const char *line = memchr(text, '\n', n), *end = text + n;
	while (line && ++line < end) {
		const char *eol = memchr(line, '\n', (size_t)(end - line));
		const char *colon = memchr(line, ':', (size_t)(eol - line));
		if (colon && line[0] != ' ' && line[0] != '\t') {
			const char *name = line, *value = colon + 1;
			size_t name_length = (size_t)(colon - line),
			       value_length = (size_t)(eol - value);
			trim(&name, &name_length);
			trim(&value, &value_length);
			if (name_length == 14 && strncasecmp(name, "Content-Length", 14) == 0) {
				size_t length = 0;
				*has_length = value_length > 0;
				for (size_t i = 0; i < value_length; i++) {
					if (value[i] < '0' || value[i] > '9')
						*has_length = false;
					else if (length > (SIZE_MAX - 9) / 10)
						length = SIZE_MAX;
					else
						length = length * 10 + (size_t)(value[i] - '0');
				}
				*content_length = length;
			}
			for (int i = 0; i <= FIELD_PAYLOAD_DIGEST; i++)
				if (strlen(field_names[i]) == name_length &&
				    strncasecmp(name, field_names[i], name_length) == 0 &&
				    !keep_string(warc, i, value, value_length))
					return false;
		}
		line = eol;
	}
	return true;
}

/* The HTTP head of a response record's block, if it has one: status,
 * content type and charset kept; *head filled. false when memory runs
 * out. */
static bool read_http_head(pith_warc *warc, pith_warc_record *record, const char *block,
                           size_t length, pith_http_head *head)
{
	if (warc->fields[FIELD_TYPE] == NO_FIELD ||
	    strcmp(warc->strings.data + warc->fields[FIELD_TYPE], "response") != 0 ||
	    pith_http_parse_head(block, length, head) != PITH_OK) {
		head->status = 0;
		return true;
	}
	record->http_status = head->status;
	const char *type = head->content_type;
	size_t type_length = head->content_type_length;
	if (type && !keep_string(warc, FIELD_HTTP_CONTENT_TYPE, type, type_length))
		return false;
	if (!type && warc->fields[FIELD_PAYLOAD_TYPE] != NO_FIELD) {
		/* No HTTP Content-Type: the type the crawler identified. */
		type = warc->strings.data + warc->fields[FIELD_PAYLOAD_TYPE];
		type_length = strlen(type);
	}
	if (type) {
		record->is_html = pith_http_type_is_html(type, type_length);
		bool found;
		size_t offset;
		/* type may point into strings, which may move: copied first. */
		char copy[256];
		if (type_length >= sizeof copy)
			type_length = sizeof copy - 1;
		memcpy(copy, type, type_length);
		if (!pith_http_type_charset(copy, type_length, &warc->strings, &offset, &found))
			return false;
		if (found)
			warc->fields[FIELD_CHARSET] = offset;
	}
	return true;
}

/* The most a record's payload may hold: PITH_WARC_MAX_RECORD_BYTES;
 * PITH_WARC_MAX_EXPANSION times the bytes of the file it was read from
 * (input_bytes); and what is left of that factor times every byte read so
 * far once the payloads before it are deducted, so that where marks blur
 * a record's bytes with its neighbours' (gzip over a whole file, a length
 * that ran past them) the payloads in all stay within the factor. */
static size_t payload_limit(const pith_warc *warc, unsigned long long input_bytes)
{
	unsigned long long limit = PITH_WARC_MAX_RECORD_BYTES;
	if (input_bytes < limit / PITH_WARC_MAX_EXPANSION)
		limit = input_bytes * PITH_WARC_MAX_EXPANSION;
	unsigned long long all = warc->stats.bytes_read * PITH_WARC_MAX_EXPANSION;
	unsigned long long left = all > warc->payload_total ? all - warc->payload_total : 0;
	return (size_t)(limit < left ? limit : left);
}

/* Whether the digest field `field` (kept, or absent) matches data[0..n):
 * 1 it does, 0 it does not, -1 not checked (absent, another algorithm, a
 * value that does not decode). */
static int digest_matches(const pith_warc *warc, int field, const char *data, size_t n)
{
	if (warc->fields[field] == NO_FIELD)
		return -1;
	const char *value = warc->strings.data + warc->fields[field];
	unsigned char expected[PITH_SHA256_BYTES], got[PITH_SHA256_BYTES];
	bool sha256;
	if (!pith_digest_parse(value, strlen(value), &sha256, expected))
		return -1;
	pith_sha sha;
	pith_sha_start(&sha, sha256);
	pith_sha_add(&sha, data, n);
	pith_sha_finish(&sha, got);
	return memcmp(expected, got, sha256 ? PITH_SHA256_BYTES : PITH_SHA1_BYTES) == 0;
}

/* The record's block and payload digests checked (pith_warc_verify_digests):
 * record->digest_status set, *mismatch the reason when one does not
 * match. PITH_ERROR_NOMEM when de-chunking runs out of memory. */
static pith_status check_digests(pith_warc *warc, pith_warc_record *record, const char *block,
                                 size_t length, const pith_http_head *head, const char **mismatch)
{
	int block_match = digest_matches(warc, FIELD_BLOCK_DIGEST, block, length);
	int payload_match = -1;
	bool revisit = warc->fields[FIELD_TYPE] != NO_FIELD &&
	               strcmp(warc->strings.data + warc->fields[FIELD_TYPE], "revisit") == 0;
	if (!revisit) {
		size_t body = head->status ? head->body_offset : 0;
		payload_match =
		    digest_matches(warc, FIELD_PAYLOAD_DIGEST, block + body, length - body);
		if (payload_match == 0 && head->status && head->chunked) {
			pith_status status =
			    pith_http_dechunk(block + body, length - body, &warc->dechunked);
			if (status == PITH_ERROR_NOMEM)
				return status;
			if (status == PITH_OK)
				payload_match =
				    digest_matches(warc, FIELD_PAYLOAD_DIGEST, warc->dechunked.data,
				                   warc->dechunked.length);
		}
	}
	if (block_match == 0)
		*mismatch = "the WARC-Block-Digest does not match the block";
	else if (payload_match == 0)
		*mismatch = "the WARC-Payload-Digest does not match the payload";
	record->digest_status = *mismatch                              ? PITH_WARC_DIGEST_MISMATCH
	                        : block_match > 0 || payload_match > 0 ? PITH_WARC_DIGEST_OK
	                                                               : PITH_WARC_DIGEST_NONE;
	return PITH_OK;
}

/* The payload of a good record: an HTTP response's body with its codings
 * undone, else the whole block. A coding that does not decode leaves the
 * bytes as they were (the record stays usable); a payload over limit
 * (payload_limit) makes it PITH_ERROR_TOO_LARGE. */
static pith_status set_payload(pith_warc *warc, pith_warc_record *record, const char *block,
                               size_t length, size_t limit, const char **mismatch)
{
	pith_http_head head;
	if (!read_http_head(warc, record, block, length, &head))
		return PITH_ERROR_NOMEM;
	if (warc->verify_digests && !warc->arc) {
		pith_status status = check_digests(warc, record, block, length, &head, mismatch);
		if (status != PITH_OK)
			return status;
	}
	record->payload = block;
	record->payload_length = length;
	if (head.status) {
		record->payload += head.body_offset;
		record->payload_length -= head.body_offset;
	}
	if (head.status && head.chunked) {
		pith_status status =
		    pith_http_dechunk(record->payload, record->payload_length, &warc->dechunked);
		if (status == PITH_ERROR_NOMEM)
			return status;
		if (status == PITH_OK) {
			record->payload = warc->dechunked.data;
			record->payload_length = warc->dechunked.length;
		}
	}
	if (head.status && (head.coding == PITH_CODING_BROTLI || head.coding == PITH_CODING_ZSTD)) {
		pith_status status = pith_http_decode_other(
		    head.coding, record->payload, record->payload_length, limit, &warc->decoded);
		if (status == PITH_ERROR_NOMEM || status == PITH_ERROR_TOO_LARGE)
			return status;
		if (status == PITH_OK) {
			record->payload = warc->decoded.data;
			record->payload_length = warc->decoded.length;
		}
	}
	if (head.status &&
	    (head.coding == PITH_CODING_GZIP || head.coding == PITH_CODING_DEFLATE)) {
		if (!warc->content_inflater_ready) {
			if (inflateInit2(&warc->content_inflater, 15 + 32) != Z_OK)
				return PITH_ERROR_NOMEM;
			warc->content_inflater_ready = true;
		}
		pith_status status =
		    pith_http_decode(&warc->content_inflater, head.coding, record->payload,
		                     record->payload_length, limit, &warc->decoded);
		if (status == PITH_ERROR_NOMEM || status == PITH_ERROR_TOO_LARGE)
			return status;
		if (status == PITH_OK) {
			record->payload = warc->decoded.data;
			record->payload_length = warc->decoded.length;
		}
	}
	/* Inflated from gzip input, even an uncoded payload may be a bomb. */
	return record->payload_length > limit ? PITH_ERROR_TOO_LARGE : PITH_OK;
}

/* Returns record as broken: status and message set, resynchronising. */
static int record_broken(pith_warc *warc, pith_warc_record *record, pith_status status,
                         const char *error)
{
	if (error != warc->error)
		snprintf(warc->error, sizeof warc->error, "%s", error);
	record->status = status;
	record->error = warc->error;
	record->payload = "";
	record->payload_length = 0;
	warc->resyncing = true;
	if (status == PITH_ERROR_IO || status == PITH_ERROR_NOMEM)
		warc->finished = true;
	return 1;
}

static bool is_version_line(const char *p, size_t n)
{
	return n >= VERSION_PREFIX_LENGTH && memcmp(p, version_prefix, VERSION_PREFIX_LENGTH) == 0;
}

static fill_result arc_find_record(pith_warc *warc);

/* Moves start to the next record's version line. While resynchronising,
 * bytes that are not a record are skipped; otherwise FILL_DAMAGED is
 * returned with start on the first of them (start == end when the damage
 * was in gzip data). */
static fill_result find_record(pith_warc *warc)
{
	for (;;) {
		while (warc->start < warc->end &&
		       (warc->window[warc->start] == '\r' || warc->window[warc->start] == '\n'))
			warc->start++;
		size_t available = warc->end - warc->start;
		const char *p = warc->window ? warc->window + warc->start : "";
		/* The first record says whether the file is an ARC one; until
		 * its first bytes tell, they are not junk. */
		bool undecided = false;
		if (!warc->kind_known && available > 0) {
			size_t n = available < ARC_PREFIX_LENGTH ? available : ARC_PREFIX_LENGTH;
			undecided = memcmp(p, arc_prefix, n) == 0 && n < ARC_PREFIX_LENGTH;
			if (!undecided) {
				warc->kind_known = true;
				warc->arc = memcmp(p, arc_prefix, n) == 0;
			}
		}
		if (warc->arc)
			return arc_find_record(warc);
		if (available >= VERSION_PREFIX_LENGTH && is_version_line(p, available))
			return FILL_MORE;
		if (!undecided && (available >= VERSION_PREFIX_LENGTH ||
		                   (available && memcmp(p, version_prefix, available) != 0))) {
			if (!warc->resyncing)
				return FILL_DAMAGED;
			/* A version line anywhere: junk rarely ends with a
			 * newline. */
			const char *found =
			    memmem(p + 1, available - 1, version_prefix, VERSION_PREFIX_LENGTH);
			warc->work.scanned += found ? (size_t)(found - p) : available;
			if (found) {
				warc->start = (size_t)(found - warc->window);
				continue;
			}
			if (available > VERSION_PREFIX_LENGTH - 1)
				warc->start = warc->end - (VERSION_PREFIX_LENGTH - 1);
		}
		fill_result result = window_fill(warc, 0);
		if (result == FILL_DAMAGED && warc->resyncing) {
			warc->start = warc->end;
			continue;
		}
		if (result == FILL_END && warc->start < warc->end && !warc->resyncing)
			return FILL_DAMAGED; /* a few bytes at the end */
		if (result != FILL_MORE)
			return result;
	}
}

/* What to make of a fill that did not give the bytes a record needs:
 * the record broken (1), or, while resynchronising, nothing (-1: go on;
 * the stretch was already reported). */
static int record_cut(pith_warc *warc, pith_warc_record *record, fill_result result,
                      const char *at_end)
{
	if (result == FILL_IO)
		return record_broken(warc, record, PITH_ERROR_IO, "reading the input failed");
	if (result == FILL_NOMEM)
		return record_broken(warc, record, PITH_ERROR_NOMEM, "out of memory");
	warc->start = warc->end;
	if (warc->resyncing)
		return -1;
	return record_broken(warc, record, PITH_ERROR_MALFORMED,
	                     result == FILL_DAMAGED ? warc->error : at_end);
}

/* While scanning a large block, a version line that does not start a
 * whole record is part of the block: the scan goes on after its first
 * byte (its header and length are not trusted either). `candidate` is
 * its stream position. */
static int candidate_rejected(pith_warc *warc, unsigned long long candidate)
{
	warc->start = (size_t)(candidate - warc->window_base) + 1;
	warc->resyncing = true;
	return -1;
}

/* The end of the WARC header block whose version line is at start, or 0
 * when the input ends or fails first (*result says how) or the block is
 * longer than PITH_WARC_MAX_HEADER_BYTES (*result FILL_MORE). */
static size_t find_header_end(pith_warc *warc, fill_result *result)
{
	/* Where earlier version lines' searches left off (see
	 * header_search_clear). */
	unsigned long long here = warc->window_base + warc->start;
	size_t scanned =
	    warc->header_search_clear > here ? (size_t)(warc->header_search_clear - here) : 0;
	for (;;) {
		size_t available = warc->end - warc->start;
		size_t limit =
		    available < PITH_WARC_MAX_HEADER_BYTES ? available : PITH_WARC_MAX_HEADER_BYTES;
		size_t from = scanned > 2 ? scanned - 2 : 0;
		size_t header_end =
		    pith_header_block_end(warc->window + warc->start + from, limit - from);
		warc->work.scanned += header_end ? header_end : limit - from;
		if (header_end)
			return header_end + from;
		scanned = limit;
		warc->header_search_clear = here + limit;
		*result = FILL_MORE;
		if (available >= PITH_WARC_MAX_HEADER_BYTES)
			return 0;
		*result = window_fill(warc, 0);
		if (*result != FILL_MORE)
			return 0;
	}
}

/* The window filled after window[start + from] until a header block
 * there ends, PITH_WARC_MAX_HEADER_BYTES are there, or the input ends: as
 * many bytes whatever the reads gave, and little more (a read ahead),
 * which keeps the marks after them close in gzip input. */
static fill_result window_need_head(pith_warc *warc, size_t from)
{
	size_t scanned = 0;
	for (;;) {
		size_t available = warc->end - warc->start - from;
		size_t limit =
		    available < PITH_WARC_MAX_HEADER_BYTES ? available : PITH_WARC_MAX_HEADER_BYTES;
		size_t at = scanned > 2 ? scanned - 2 : 0;
		warc->work.scanned += limit - at;
		if (pith_header_block_end(warc->window + warc->start + from + at, limit - at) ||
		    available >= PITH_WARC_MAX_HEADER_BYTES)
			return FILL_MORE;
		scanned = limit;
		fill_result result = window_fill(warc, 0);
		if (result != FILL_MORE)
			return result;
	}
}

/* Whether a member starts at stream position `position`. */
static bool member_starts_at(const pith_warc *warc, unsigned long long position)
{
	size_t low = warc->mark_first, high = warc->mark_count;
	while (low < high) {
		size_t middle = low + (high - low) / 2;
		if (warc->marks[middle].stream_position < position)
			low = middle + 1;
		else
			high = middle;
	}
	return low < warc->mark_count && warc->marks[low].stream_position == position &&
	       warc->marks[low].member_offset == warc->marks[low].input_offset;
}

/* In compressed input, a record that ends where its member's bytes end so
 * far is whole only once that member has ended whole: its check value
 * (gzip's CRC-32, zstd's and LZ4's content checksums, bzip2's CRC) comes
 * after its last byte, and a corrupted member may decode to bytes that
 * look right. The member is read to its end, which is at most its check
 * value away when each record is a member; a member that goes on past the
 * record (one over the whole file) is not waited for. FILL_MORE when the
 * record stands, else the fill's result. */
static fill_result record_member_ended(pith_warc *warc, size_t size)
{
	if (!warc->compressed)
		return FILL_MORE;
	unsigned long long end = warc->window_base + warc->start + size;
	for (;;) {
		if (warc->window_base + warc->end > end || member_starts_at(warc, end))
			return FILL_MORE;
		fill_result result = window_fill(warc, 0);
		if (result == FILL_END)
			return FILL_MORE;
		if (result != FILL_MORE && member_starts_at(warc, end)) {
			/* The member ended whole; the next one's damage is
			 * reported by the next fill. */
			warc->damage_pending = result == FILL_DAMAGED;
			return result == FILL_DAMAGED ? FILL_MORE : result;
		}
		if (result != FILL_MORE)
			return result;
	}
}

/* A whole record, its block `length` bytes at block_offset from start
 * and `size` bytes from start its end: payload set (and digests checked
 * when asked), start moved past it. 1: *record holds it. */
static int record_finish(pith_warc *warc, pith_warc_record *record, size_t block_offset,
                         size_t length, size_t size)
{
	fill_result ended = record_member_ended(warc, size);
	const char *block = warc->window + warc->start + block_offset;
	if (ended != FILL_MORE) {
		pith_http_head head;
		if (!read_http_head(warc, record, block, length, &head))
			return record_broken(warc, record, PITH_ERROR_NOMEM, "out of memory");
		record_set_fields(warc, record);
		return record_cut(warc, record, ended, "");
	}
	size_t limit =
	    payload_limit(warc, record_input_bytes(warc, warc->start, warc->start + size));
	const char *mismatch = NULL;
	pith_status status = set_payload(warc, record, block, length, limit, &mismatch);
	record_set_fields(warc, record);
	warc->start += size;
	if (status == PITH_ERROR_TOO_LARGE)
		return record_broken(warc, record, status,
		                     limit < PITH_WARC_MAX_RECORD_BYTES
		                         ? "the payload is more than PITH_WARC_MAX_EXPANSION times "
		                           "the bytes it was read from"
		                         : "the payload is larger than PITH_WARC_MAX_RECORD_BYTES");
	if (status != PITH_OK)
		return record_broken(warc, record, status, "out of memory");
	if (mismatch) {
		/* Whole, so no resynchronising: only its payload is refused. */
		snprintf(warc->error, sizeof warc->error, "%s", mismatch);
		record->status = PITH_ERROR_MALFORMED;
		record->error = warc->error;
		record->payload = "";
		record->payload_length = 0;
		return 1;
	}
	warc->payload_total += record->payload_length;
	return 1;
}

/* ---- ARC files ---- */

/* An ARC header line's fields: ARC v1 has five (URL IP-address
 * Archive-date Content-type Archive-length), v2 ten, the length last. */
typedef struct arc_header {
	const char *url, *date, *type;
	size_t url_length, date_length, type_length;
	size_t length; /* SIZE_MAX when too large to hold */
} arc_header;

/* Whether line[0..n), its newline left out, is an ARC header line: five
 * or ten fields separated by single spaces, none empty, a URL with a
 * colon, an all-digit date of 8 to 17 digits and length of at most 20,
 * no control byte. Strict, so that lines of a page are not taken for
 * one. */
static bool arc_parse_line(const char *line, size_t n, arc_header *header)
{
	if (n && line[n - 1] == '\r')
		n--;
	const char *field[10];
	size_t length[10], count = 0;
	for (size_t i = 0;;) {
		size_t j = i;
		while (j < n && line[j] != ' ') {
			if ((unsigned char)line[j] < 0x20 || line[j] == 0x7f)
				return false;
			j++;
		}
		if (count == 10 || j == i)
			return false;
		field[count] = line + i;
		length[count++] = j - i;
		if (j == n)
			break;
		i = j + 1;
	}
	if (count != 5 && count != 10)
		return false;
	const char *date = field[2], *size = field[count - 1];
	size_t date_length = length[2], size_length = length[count - 1];
	if (!memchr(field[0], ':', length[0]) || date_length < 8 || date_length > 17 ||
	    size_length > 20)
		return false;
	for (size_t i = 0; i < date_length; i++)
		if (date[i] < '0' || date[i] > '9')
			return false;
	size_t value = 0;
	for (size_t i = 0; i < size_length; i++) {
		if (size[i] < '0' || size[i] > '9')
			return false;
		value =
		    value > (SIZE_MAX - 9) / 10 ? SIZE_MAX : value * 10 + (size_t)(size[i] - '0');
	}
	header->url = field[0];
	header->url_length = length[0];
	header->date = date;
	header->date_length = date_length;
	header->type = field[3];
	header->type_length = length[3];
	header->length = value;
	return true;
}

/* Where an ARC header starts in line[0..n): 0 when the line is one; while
 * resynchronising, also a header glued to the end of other bytes (the rest
 * of a record cut short), which starts at the last URL scheme in the
 * line's first field that the rest parses from. SIZE_MAX: none. */
static size_t arc_header_in_line(const char *line, size_t n, bool resyncing)
{
	arc_header header;
	if (arc_parse_line(line, n, &header))
		return 0;
	if (!resyncing)
		return SIZE_MAX;
	/* The first field of a glued header: the bytes before the fourth
	 * (or ninth) space from the end hold it. */
	static const char *const schemes[] = {"http://", "https://", "ftp://",
	                                      "dns:", "filedesc://"};
	size_t best = SIZE_MAX;
	for (size_t i = 0; i < sizeof schemes / sizeof *schemes; i++) {
		size_t length = strlen(schemes[i]);
		const char *from = line + 1, *end = line + n, *found, *last = NULL;
		while (from < end &&
		       (found = memmem(from, (size_t)(end - from), schemes[i], length))) {
			last = found;
			from = found + 1;
		}
		if (last && (best == SIZE_MAX || (size_t)(last - line) > best) &&
		    arc_parse_line(last, (size_t)(end - last), &header))
			best = (size_t)(last - line);
	}
	return best;
}

/* Moves start to the next ARC header line, as find_record does for WARC
 * version lines: while resynchronising, lines that are not one are
 * skipped (each looked at once); otherwise FILL_DAMAGED with start on the
 * first of them. */
static fill_result arc_find_record(pith_warc *warc)
{
	size_t scanned = 0; /* bytes after start known to hold no newline */
	for (;;) {
		while (warc->start < warc->end &&
		       (warc->window[warc->start] == '\r' || warc->window[warc->start] == '\n')) {
			warc->start++;
			scanned = 0;
		}
		size_t available = warc->end - warc->start;
		const char *p = warc->window ? warc->window + warc->start : "";
		size_t limit = available < ARC_MAX_LINE_BYTES ? available : ARC_MAX_LINE_BYTES;
		const char *eol =
		    limit > scanned ? memchr(p + scanned, '\n', limit - scanned) : NULL;
		warc->work.scanned += eol ? (size_t)(eol - (p + scanned)) + 1
		                          : (limit > scanned ? limit - scanned : 0);
		if (eol) {
			size_t at = arc_header_in_line(p, (size_t)(eol - p), warc->resyncing);
			if (at != SIZE_MAX) {
				warc->start += at;
				return FILL_MORE;
			}
			if (!warc->resyncing)
				return FILL_DAMAGED;
			warc->start += (size_t)(eol - p) + 1;
			scanned = 0;
			continue;
		}
		scanned = limit;
		if (available >= ARC_MAX_LINE_BYTES) {
			if (!warc->resyncing)
				return FILL_DAMAGED;
			/* Too long to be a header line: on after its newline. */
			const char *next = memchr(p + limit, '\n', available - limit);
			warc->work.scanned +=
			    next ? (size_t)(next - (p + limit)) : available - limit;
			warc->start = next ? (size_t)(next - warc->window) + 1 : warc->end;
			scanned = 0;
			continue;
		}
		fill_result result = window_fill(warc, 0);
		if (warc->resyncing &&
		    (result == FILL_DAMAGED || (result == FILL_END && warc->start < warc->end))) {
			warc->start = warc->end;
			scanned = 0;
			continue;
		}
		if (result == FILL_END && warc->start < warc->end)
			return FILL_DAMAGED; /* a line without its newline at the end */
		if (result != FILL_MORE)
			return result;
	}
}

/* An ARC date ("YYYYMMDDhhmmss") kept as ISO 8601; another length as it
 * is. */
static bool keep_arc_date(pith_warc *warc, const char *date, size_t n)
{
	if (n != 14)
		return keep_string(warc, FIELD_DATE, date, n);
	char iso[21];
	snprintf(iso, sizeof iso, "%.4s-%.2s-%.2sT%.2s:%.2s:%.2sZ", date, date + 4, date + 6,
	         date + 8, date + 10, date + 12);
	return keep_string(warc, FIELD_DATE, iso, 20);
}

/* Its type: the file header's, else from the block's first bytes. */
static bool keep_arc_type(pith_warc *warc, bool file_header, const char *block, size_t available)
{
	const char *type = file_header                                        ? "warcinfo"
	                   : available >= 5 && memcmp(block, "HTTP/", 5) == 0 ? "response"
	                                                                      : "resource";
	return keep_string(warc, FIELD_TYPE, type, strlen(type));
}

/* A WARC or ARC record whose block is not whole, held has bytes of it:
 * when its length field was wrong (mismatch says so) or the input ended
 * inside it, what its headers say and a broken record, the reader going
 * on from its block (a wrong length may have swallowed good records);
 * else (a read failed) the record as read is cut. */
static int block_not_whole(pith_warc *warc, pith_warc_record *record, const char *block,
                           size_t held, size_t header_end, fill_result result, const char *mismatch)
{
	if (result == FILL_MORE || result == FILL_END || result == FILL_DAMAGED) {
		pith_http_head head;
		if (!read_http_head(warc, record, block, held, &head))
			return record_broken(warc, record, PITH_ERROR_NOMEM, "out of memory");
		record_set_fields(warc, record);
		warc->start += header_end;
		if (result == FILL_MORE)
			return record_broken(warc, record, PITH_ERROR_MALFORMED, mismatch);
		if (result == FILL_END)
			return record_broken(warc, record, PITH_ERROR_MALFORMED,
			                     "the input ends inside the record's block");
	}
	record_set_fields(warc, record);
	return record_cut(warc, record, result, "");
}

/* The ARC record whose header line is at start, as read_record: 1 when
 * *record holds it, -1 when the damage it met was already reported. */
static int arc_read_record(pith_warc *warc, pith_warc_record *record)
{
	record->offset = file_offset_of(warc, warc->start);
	const char *line = warc->window + warc->start;
	size_t available = warc->end - warc->start;
	const char *eol =
	    memchr(line, '\n', available < ARC_MAX_LINE_BYTES ? available : ARC_MAX_LINE_BYTES);
	arc_header header;
	if (!eol || !arc_parse_line(line, (size_t)(eol - line), &header)) {
		warc->start++; /* arc_find_record found it: never */
		return record_broken(warc, record, PITH_ERROR_MALFORMED, "not an ARC header line");
	}
	size_t header_end = (size_t)(eol - line) + 1;
	/* (header points into the window, which reading on may move.) */
	bool file_header = header.url_length >= 9 && memcmp(header.url, "filedesc:", 9) == 0;
	warc->resyncing = false;
	if (!keep_string(warc, FIELD_TARGET_URI, header.url, header.url_length) ||
	    !keep_string(warc, FIELD_CONTENT_TYPE, header.type, header.type_length) ||
	    /* What the crawler identified: an HTTP head without a
	     * Content-Type defers to it, as to WARC-Identified-Payload-Type. */
	    !keep_string(warc, FIELD_PAYLOAD_TYPE, header.type, header.type_length) ||
	    !keep_arc_date(warc, header.date, header.date_length))
		return record_broken(warc, record, PITH_ERROR_NOMEM, "out of memory");
	size_t length = header.length;
	if (length > PITH_WARC_MAX_RECORD_BYTES) {
		/* Not held; reading goes on at the next header line, the
		 * length not trusted (as a WARC block over the limit). */
		fill_result head_read = window_need_head(warc, header_end);
		if (head_read == FILL_IO || head_read == FILL_NOMEM)
			return record_cut(warc, record, head_read, "");
		warc->damage_pending = head_read == FILL_DAMAGED;
		const char *block = warc->window + warc->start + header_end;
		size_t held = warc->end - warc->start - header_end;
		pith_http_head head;
		if (!keep_arc_type(warc, file_header, block, held) ||
		    !read_http_head(warc, record, block, held, &head))
			return record_broken(warc, record, PITH_ERROR_NOMEM, "out of memory");
		record_set_fields(warc, record);
		warc->start += header_end;
		return record_broken(warc, record, PITH_ERROR_TOO_LARGE,
		                     "the block is larger than PITH_WARC_MAX_RECORD_BYTES; "
		                     "reading goes on at the next ARC header line");
	}
	fill_result result = window_need(warc, header_end + length + 1);
	const char *block = warc->window + warc->start + header_end;
	available = warc->end - warc->start - header_end;
	size_t trailer = 0;
	bool whole = true;
	if (result == FILL_MORE && block[length] == '\n')
		trailer = 1;
	else if (!(result == FILL_END && available == length))
		whole = false; /* (the input may end right after the block) */
	if (!keep_arc_type(warc, file_header, block, available < length ? available : length))
		return record_broken(warc, record, PITH_ERROR_NOMEM, "out of memory");
	if (!whole)
		return block_not_whole(warc, record, block, available < length ? available : length,
		                       header_end, result,
		                       "the Archive-length does not match the block (no newline "
		                       "after it)");
	return record_finish(warc, record, header_end, length, header_end + length + trailer);
}

/* The record whose version line is at start: 1 when *record holds it, -1
 * when the damage it met was part of a stretch already reported. */
static int read_record(pith_warc *warc, pith_warc_record *record)
{
	record->offset = file_offset_of(warc, warc->start);
	bool scanning = warc->scanning_large_block;
	unsigned long long candidate = warc->window_base + warc->start;
	fill_result result;
	size_t header_end = find_header_end(warc, &result);
	if (!header_end && result == FILL_MORE) {
		warc->start++;
		if (warc->resyncing)
			return -1;
		return record_broken(warc, record, PITH_ERROR_MALFORMED,
		                     "the WARC header block is longer than "
		                     "PITH_WARC_MAX_HEADER_BYTES");
	}
	if (!header_end) {
		if (scanning && (result == FILL_END || result == FILL_DAMAGED))
			return candidate_rejected(warc, candidate);
		return record_cut(warc, record, result, "the input ends inside a WARC header");
	}
	warc->resyncing = false;
	const char *header = warc->window + warc->start;
	/* A header block ended by a bare LF line may end its block so too. */
	bool bare_lf = header[header_end - 2] == '\n';
	size_t length = 0;
	bool has_length;
	if (!parse_warc_header(warc, header, header_end, &length, &has_length))
		return record_broken(warc, record, PITH_ERROR_NOMEM, "out of memory");
	if (scanning && !has_length)
		return candidate_rejected(warc, candidate);
	if (!has_length || length > PITH_WARC_MAX_RECORD_BYTES) {
		/* What its HTTP head says, from the bytes after its header. An
		 * over-limit block is not
		 * held, and its length is not trusted (a false one would cost
		 * every record after it): the block is scanned for the next
		 * record that reads whole, which finds a real block's successor
		 * after its last byte. */
		fill_result head_read = window_need_head(warc, header_end);
		if (head_read == FILL_IO || head_read == FILL_NOMEM)
			return record_cut(warc, record, head_read, "");
		/* Damage met reading ahead may be a later record's: the next
		 * fill reports it again. */
		warc->damage_pending = head_read == FILL_DAMAGED;
		pith_http_head head;
		if (!read_http_head(warc, record, warc->window + warc->start + header_end,
		                    warc->end - warc->start - header_end, &head))
			return record_broken(warc, record, PITH_ERROR_NOMEM, "out of memory");
		record_set_fields(warc, record);
		warc->start += header_end;
		if (!has_length)
			return record_broken(warc, record, PITH_ERROR_MALFORMED,
			                     "no valid Content-Length in the WARC header");
		warc->scanning_large_block = true;
		return record_broken(warc, record, PITH_ERROR_TOO_LARGE,
		                     "the block is larger than PITH_WARC_MAX_RECORD_BYTES; "
		                     "reading goes on at the next whole record after its header");
	}
	result = window_need(warc, header_end + length + 4);
	const char *block = warc->window + warc->start + header_end;
	size_t available = warc->end - warc->start - header_end;
	size_t trailer = 0;
	bool whole = true;
	if (result == FILL_MORE && memcmp(block + length, "\r\n\r\n", 4) == 0)
		trailer = 4;
	else if (result == FILL_MORE && bare_lf && memcmp(block + length, "\n\n", 2) == 0)
		trailer = 2;
	else if (result == FILL_END && available >= length &&
	         memcmp(block + length, "\r\n\r\n", available - length) == 0)
		trailer = available - length; /* the input ends inside the trailer */
	else
		whole = false;
	if (!whole && scanning &&
	    (result == FILL_MORE || result == FILL_END || result == FILL_DAMAGED))
		return candidate_rejected(warc, candidate);
	if (!whole)
		return block_not_whole(warc, record, block, available < length ? available : length,
		                       header_end, result,
		                       "the Content-Length does not match the block (no CRLF CRLF "
		                       "after it)");
	warc->scanning_large_block = false;
	return record_finish(warc, record, header_end, length, header_end + length + trailer);
}

int pith_warc_next(pith_warc *warc, pith_warc_record *record)
{
	if (!record)
		return 0;
	for (;;) {
		record_clear(record);
		if (!warc || warc->finished)
			return 0;
		warc->strings.length = 0;
		for (int i = 0; i < FIELD_COUNT; i++)
			warc->fields[i] = NO_FIELD;
		fill_result found = find_record(warc);
		int returned = 1;
		if (found == FILL_END) {
			warc->finished = true;
			return 0;
		} else if (found == FILL_MORE) {
			returned =
			    warc->arc ? arc_read_record(warc, record) : read_record(warc, record);
		} else if (found == FILL_DAMAGED && warc->start < warc->end) {
			record->offset = file_offset_of(warc, warc->start);
			warc->start++;
			record_broken(warc, record, PITH_ERROR_MALFORMED,
			              warc->arc ? "bytes that are not an ARC record"
			                        : "bytes that are not a WARC record");
		} else {
			record->offset = warc->member_offset;
			record_cut(warc, record, found, "");
		}
		if (returned < 0)
			continue;
		warc->stats.records++;
		warc->stats.html_records += record->is_html != 0;
		warc->stats.malformed += record->status != PITH_OK;
		return 1;
	}
}

/* ---- Handing payloads over ---- */

/* Whether p lies in data[0..capacity) (compared as addresses: p may
 * belong to another object). */
static bool points_into(const char *p, const char *data, size_t capacity)
{
	uintptr_t at = (uintptr_t)p, from = (uintptr_t)data;
	return data && at >= from && at - from < capacity;
}

static void swap_buffers(pith_buffer *a, pith_buffer *b)
{
	pith_buffer t = *a;
	*a = *b;
	*b = t;
}

bool pith_warc_take_payload(pith_warc *warc, const pith_warc_record *record, pith_buffer *into)
{
	const char *payload = record->payload;
	if (record->payload_length == 0)
		return true;
	if (points_into(payload, warc->dechunked.data, warc->dechunked.capacity)) {
		swap_buffers(&warc->dechunked, into);
		return true;
	}
	if (points_into(payload, warc->decoded.data, warc->decoded.capacity)) {
		swap_buffers(&warc->decoded, into);
		return true;
	}
	/* In the window: into's memory becomes the window, holding the
	 * bytes not yet returned, as window_room's move to the front. */
	size_t kept = warc->end - warc->start;
	pith_buffer fresh = *into;
	fresh.length = 0;
	if (!pith_buffer_reserve(&fresh, kept + warc->member_held))
		return false;
	memcpy(fresh.data, warc->window + warc->start, kept + warc->member_held);
	into->data = warc->window;
	into->capacity = warc->window_capacity;
	into->length = warc->end;
	warc->window = fresh.data;
	warc->window_capacity = fresh.capacity;
	warc->window_base += warc->start;
	warc->start = 0;
	warc->end = kept;
	return true;
}
