/* libFuzzer target: the WARC reader over an in-memory source, every
 * record read and every field touched. The first byte picks how many
 * bytes each read gives (1 to 255, 0: as many as asked), so short reads
 * are covered, and when it is odd every payload is taken over
 * (pith_warc_take_payload, as batches do) and must keep its bytes through
 * the next record; when its second bit is set, digests are verified; the
 * rest is the file (WARC or ARC, plain, gzip, zstd, LZ4 or bzip2: the
 * reader tells them by their bytes). Traps when a record breaks the
 * promises of include/pith.h. */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "../tests/memory_source.h"
#include "pith.h"
#include "warc/take_payload.h"

static size_t touch(const char *s)
{
	if (!s)
		abort();
	return strlen(s);
}

static size_t byte_sum(const char *s, size_t n)
{
	size_t sum = 0;
	for (size_t i = 0; i < n; i++)
		sum += (unsigned char)s[i];
	return sum;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	memory_source source = {data, size, 0, 0};
	if (size > 0) {
		source.step = data[0];
		source.position = 1;
	}
	pith_warc *warc;
	if (pith_warc_new(read_memory, &source, &warc) != PITH_OK)
		return 0;
	bool take = size > 0 && (data[0] & 1);
	pith_warc_verify_digests(warc, size > 0 && (data[0] & 2));
	pith_buffer taken[2] = {{0}};
	const char *held = "";
	size_t held_length = 0, held_sum = 0;
	pith_warc_record record;
	unsigned long long records = 0, html = 0, malformed = 0, last_offset = 0;
	size_t sum = 0;
	while (pith_warc_next(warc, &record)) {
		if (byte_sum(held, held_length) != held_sum)
			abort(); /* a payload taken over changed */
		records++;
		html += record.is_html != 0;
		malformed += record.status != PITH_OK;
		if ((record.status == PITH_OK) != (touch(record.error) == 0))
			abort();
		sum += touch(record.type) + touch(record.record_id) + touch(record.target_uri) +
		       touch(record.date) + touch(record.content_type) + touch(record.truncated);
		if (record.digest_status < PITH_WARC_DIGEST_NONE ||
		    record.digest_status > PITH_WARC_DIGEST_MISMATCH ||
		    (record.digest_status == PITH_WARC_DIGEST_MISMATCH &&
		     (record.status != PITH_ERROR_MALFORMED || record.payload_length != 0)))
			abort();
		if (record.charset)
			sum += touch(record.charset);
		if (!record.payload || record.payload_length > PITH_WARC_MAX_RECORD_BYTES)
			abort();
		/* No record's bytes expand past PITH_WARC_MAX_EXPANSION times:
		 * none past that times the whole input. */
		if (record.payload_length > PITH_WARC_MAX_EXPANSION * (unsigned long long)size)
			abort();
		size_t payload_sum = byte_sum(record.payload, record.payload_length);
		sum += payload_sum;
		if (take) {
			if (!pith_warc_take_payload(warc, &record, &taken[records % 2]))
				abort(); /* the fuzzer's inputs are far below memory's limits */
			held = record.payload;
			held_length = record.payload_length;
			held_sum = payload_sum;
		}
		/* Offsets never go back, and stay inside the input. */
		if (record.offset < last_offset || record.offset >= size)
			abort();
		last_offset = record.offset;
		if (records > size + 1)
			abort(); /* more records than bytes: a loop */
	}
	pith_warc_stats stats;
	pith_warc_get_stats(warc, &stats);
	if (stats.records != records || stats.html_records != html ||
	    stats.malformed != malformed || stats.bytes_read != size - (size > 0))
		abort();
	pith_warc_free(warc);
	if (byte_sum(held, held_length) != held_sum)
		abort();
	pith_buffer_free(&taken[0]);
	pith_buffer_free(&taken[1]);
	volatile size_t keep = sum; /* the fields are read, not optimised away */
	(void)keep;
	return 0;
}
