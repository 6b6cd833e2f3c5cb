/* Growable arrays and byte buffers: the one place their memory grows.
 *
 * Every growth doubles the capacity (from a first size) until it holds
 * what is asked, so n appends cost O(n) copying. Growth never aborts:
 * overflow or out of memory returns failure and leaves the array as it
 * was, and callers turn that into PITH_ERROR_NOMEM. */
#ifndef PITH_BUFFER_H
#define PITH_BUFFER_H

#include <stdbool.h>
#include <stddef.h>

void *pith_grow_realloc(void *items, size_t *capacity, size_t needed, size_t item_size,
                        size_t first);

/* items (an array of *capacity elements of item_size bytes, or NULL) grown
 * to hold at least needed elements; the capacity starts at first. Returns
 * the array, moved or not, with *capacity updated, or NULL when the size
 * overflows or memory runs out (items and *capacity are then unchanged).
 * Inline for the common case that it fits: the parser calls it per node. */
static inline void *pith_grow(void *items, size_t *capacity, size_t needed, size_t item_size,
                              size_t first)
{
	if (items && needed <= *capacity)
		return items;
	return pith_grow_realloc(items, capacity, needed, item_size, first);
}

/* Bytes data[0..length) in use, capacity allocated. A zeroed buffer is
 * empty and ready. */
typedef struct pith_buffer {
	char *data;
	size_t length, capacity;
} pith_buffer;

/* The first allocation of a buffer. */
#define PITH_BUFFER_FIRST_BYTES 4096

/* Room for extra more bytes after length; false when memory runs out. */
bool pith_buffer_reserve(pith_buffer *buffer, size_t extra);

/* Append s[0..n) and keep the bytes NUL-terminated (the NUL is not counted
 * in length). */
bool pith_buffer_append(pith_buffer *buffer, const char *s, size_t n);

/* Append the NUL-terminated s. */
bool pith_buffer_append_string(pith_buffer *buffer, const char *s);

/* Frees the memory when it is over retain bytes, leaving the buffer empty
 * (at the start of a page: a batch run does not keep a pathological page's
 * memory), else only empties it. */
void pith_buffer_clear(pith_buffer *buffer, size_t retain);

/* Empties the buffer and gives the memory pages past its first keep bytes
 * back to the system, keeping the allocation: a buffer reused after
 * holding something large stays allocated (no allocator churn) but does
 * not hold its pages resident. Their bytes read as zero when touched
 * again (madvise MADV_DONTNEED, on the whole pages inside the buffer). */
void pith_buffer_release_pages(pith_buffer *buffer, size_t keep);

void pith_buffer_free(pith_buffer *buffer);

#endif
