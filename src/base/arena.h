/* A bump allocator: one per page, reset between pages.
 *
 * Everything the parser builds for a page (copied strings, attribute
 * arrays) lives here and is released in one call. Allocation never aborts:
 * out of memory returns NULL, and callers turn that into PITH_ERROR_NOMEM.
 * Chunks come from malloc, so ASan sees overruns past a chunk's end. */
#ifndef PITH_ARENA_H
#define PITH_ARENA_H

#include <stddef.h>

typedef struct pith_arena_chunk pith_arena_chunk;

typedef struct pith_arena {
	pith_arena_chunk *chunks; /* newest first */
	char *next;               /* free space in the newest chunk */
	char *end;
	size_t total; /* bytes malloc'd for chunks, for --stat */
} pith_arena;

void pith_arena_init(pith_arena *arena);

/* n bytes aligned for any scalar, or NULL when malloc fails. */
void *pith_arena_alloc(pith_arena *arena, size_t n);

/* A copy of s[0..n) in the arena (not NUL-terminated), or NULL. */
char *pith_arena_copy(pith_arena *arena, const char *s, size_t n);

/* Forget every allocation; the largest chunk is kept for the next page
 * unless it is over PITH_ARENA_RETAIN_BYTES (arena.c). */
void pith_arena_reset(pith_arena *arena);

void pith_arena_release(pith_arena *arena);

#endif
