/* libFuzzer target: the WARC reader over an in-memory source, every
 * record read and every field touched. The first byte picks how many
 * bytes each read gives (1 to 255, 0: as many as asked), so short reads
 * are covered; the rest is the file. Traps when a record breaks the
 * promises of include/pith.h. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "../tests/memory_source.h"
#include "pith.h"

static size_t touch(const char *s)
{
	if (!s)
		abort();
	return strlen(s);
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
	pith_warc_record record;
	unsigned long long records = 0, html = 0, malformed = 0, last_offset = 0;
	size_t sum = 0;
	while (pith_warc_next(warc, &record)) {
		records++;
		html += record.is_html != 0;
		malformed += record.status != PITH_OK;
		if ((record.status == PITH_OK) != (touch(record.error) == 0))
			abort();
		sum += touch(record.type) + touch(record.record_id) + touch(record.target_uri) +
		       touch(record.date) + touch(record.content_type);
		if (record.charset)
			sum += touch(record.charset);
		if (!record.payload || record.payload_length > PITH_WARC_MAX_RECORD_BYTES)
			abort();
		for (size_t i = 0; i < record.payload_length; i++)
			sum += (unsigned char)record.payload[i];
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
	volatile size_t keep = sum; /* the fields are read, not optimised away */
	(void)keep;
	return 0;
}
