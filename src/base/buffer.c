/* Growable arrays and byte buffers; see buffer.h. */
#define _DEFAULT_SOURCE /* madvise */
#include "buffer.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

void *pith_grow_realloc(void *items, size_t *capacity, size_t needed, size_t item_size,
                        size_t first)
{
	size_t grown = *capacity ? *capacity : first;
	while (grown < needed) {
		if (grown > SIZE_MAX / 2)
			return NULL;
		grown *= 2;
	}
	if (grown > SIZE_MAX / item_size)
		return NULL;
	void *moved = realloc(items, grown * item_size);
	if (!moved)
		return NULL;
	*capacity = grown;
	return moved;
}

bool pith_buffer_reserve(pith_buffer *buffer, size_t extra)
{
	if (extra > SIZE_MAX - buffer->length)
		return false;
	char *data = pith_grow(buffer->data, &buffer->capacity, buffer->length + extra, 1,
	                       PITH_BUFFER_FIRST_BYTES);
	if (!data)
		return false;
	buffer->data = data;
	return true;
}

bool pith_buffer_append(pith_buffer *buffer, const char *s, size_t n)
{
	if (n == SIZE_MAX || !pith_buffer_reserve(buffer, n + 1))
		return false;
	if (n)
		memcpy(buffer->data + buffer->length, s, n);
	buffer->length += n;
	buffer->data[buffer->length] = '\0';
	return true;
}

void pith_buffer_clear(pith_buffer *buffer, size_t retain)
{
	if (buffer->capacity > retain)
		pith_buffer_free(buffer);
	buffer->length = 0;
}

void pith_buffer_free(pith_buffer *buffer)
{
	free(buffer->data);
	*buffer = (pith_buffer){0};
}

bool pith_buffer_append_string(pith_buffer *buffer, const char *s)
{
	return pith_buffer_append(buffer, s, strlen(s));
}

void pith_buffer_release_pages(pith_buffer *buffer, size_t keep)
{
	buffer->length = 0;
	if (!buffer->data || buffer->capacity <= keep)
		return;
	long page = sysconf(_SC_PAGESIZE);
	if (page <= 0)
		return;
	uintptr_t from =
	    ((uintptr_t)buffer->data + keep + (uintptr_t)page - 1) & ~((uintptr_t)page - 1);
	uintptr_t to = ((uintptr_t)buffer->data + buffer->capacity) & ~((uintptr_t)page - 1);
	if (from < to)
		madvise((void *)from, to - from, MADV_DONTNEED);
}
