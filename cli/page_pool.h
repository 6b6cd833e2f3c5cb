/* An ordered pool of threads for the pith command: inputs are worked on
 * in parallel and written in input order, as pith warc writes its lines. */
#ifndef PITH_CLI_PAGE_POOL_H
#define PITH_CLI_PAGE_POOL_H

#include <stdbool.h>
#include <stddef.h>

/* Works on input index with a thread's own state (its pith_ctx, its
 * fetcher): runs on the pool's threads. */
typedef void (*pool_work)(void *worker_state, size_t index);
/* Writes input index from the state of the worker that did it: runs on
 * the calling thread, in input order; the worker waits until it returns
 * before it takes another input, so what it made stays valid. Returns
 * false to stop. */
typedef bool (*pool_write)(void *user, size_t index, void *worker_state);

/* Runs count inputs over threads workers (states[0..threads)); threads 1
 * runs them on the calling thread. Returns false when a thread could not
 * be started (nothing was written then). */
bool pool_run(size_t count, int threads, void **states, pool_work work, pool_write write,
              void *user);

#endif
