/* A pith_read_fn over bytes in memory, for the WARC reader's tests and its
 * fuzz target: step bounds what one read gives, so short reads (down to
 * one byte) are covered; 0 gives as much as asked. */
#ifndef PITH_TESTS_MEMORY_SOURCE_H
#define PITH_TESTS_MEMORY_SOURCE_H

#include <stddef.h>
#include <string.h>

typedef struct memory_source {
	const void *data;
	size_t length, position, step;
} memory_source;

static long read_memory(void *user, char *buffer, size_t capacity)
{
	memory_source *source = user;
	size_t n = source->length - source->position;
	if (n > capacity)
		n = capacity;
	if (source->step && n > source->step)
		n = source->step;
	memcpy(buffer, (const char *)source->data + source->position, n);
	source->position += n;
	return (long)n;
}

#endif
