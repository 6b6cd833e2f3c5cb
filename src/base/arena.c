/* Bump allocator; see arena.h. */
#include "arena.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* The first chunk of a page. Most pages need less than 256 KiB of copies;
 * later chunks double so a large page makes O(log n) malloc calls. */
#define PITH_ARENA_FIRST_CHUNK ((size_t)64 * 1024)

#define PITH_ARENA_ALIGN 16

/* reset keeps the largest chunk only up to this size: a batch run should
 * not hold a pathological page's copies for the rest of its life. */
#define PITH_ARENA_RETAIN_BYTES ((size_t)16 * 1024 * 1024)

struct pith_arena_chunk {
	pith_arena_chunk *older;
	size_t size; /* usable bytes after the header */
	_Alignas(PITH_ARENA_ALIGN) char data[];
};

void pith_arena_init(pith_arena *arena)
{
	memset(arena, 0, sizeof *arena);
}

static void *arena_grow(pith_arena *arena, size_t n)
{
	size_t size = arena->chunks ? arena->chunks->size * 2 : PITH_ARENA_FIRST_CHUNK;
	if (size < n)
		size = n;
	if (size > SIZE_MAX - sizeof(pith_arena_chunk))
		return NULL;
	pith_arena_chunk *chunk = malloc(sizeof *chunk + size);
	if (!chunk)
		return NULL;
	chunk->older = arena->chunks;
	chunk->size = size;
	arena->chunks = chunk;
	arena->total += size;
	arena->next = chunk->data + n;
	arena->end = chunk->data + size;
	return chunk->data;
}

void *pith_arena_alloc(pith_arena *arena, size_t n)
{
	if (n > SIZE_MAX - PITH_ARENA_ALIGN)
		return NULL;
	n = (n + PITH_ARENA_ALIGN - 1) & ~(size_t)(PITH_ARENA_ALIGN - 1);
	if (n == 0)
		n = PITH_ARENA_ALIGN;
	if ((size_t)(arena->end - arena->next) >= n && arena->next) {
		void *p = arena->next;
		arena->next += n;
		return p;
	}
	return arena_grow(arena, n);
}

char *pith_arena_copy(pith_arena *arena, const char *s, size_t n)
{
	char *p = pith_arena_alloc(arena, n);
	if (p && n)
		memcpy(p, s, n);
	return p;
}

void pith_arena_reset(pith_arena *arena)
{
	pith_arena_chunk *keep = NULL;
	pith_arena_chunk *c = arena->chunks;
	while (c) {
		pith_arena_chunk *older = c->older;
		if (!keep || c->size > keep->size) {
			free(keep);
			keep = c;
		} else {
			free(c);
		}
		c = older;
	}
	if (keep && keep->size > PITH_ARENA_RETAIN_BYTES) {
		free(keep);
		keep = NULL;
	}
	arena->chunks = keep;
	arena->total = keep ? keep->size : 0;
	if (keep) {
		keep->older = NULL;
		arena->next = keep->data;
		arena->end = keep->data + keep->size;
	} else {
		arena->next = arena->end = NULL;
	}
}

void pith_arena_release(pith_arena *arena)
{
	pith_arena_chunk *c = arena->chunks;
	while (c) {
		pith_arena_chunk *older = c->older;
		free(c);
		c = older;
	}
	pith_arena_init(arena);
}
