/* The pool: each worker takes the next input, works on it, then waits
 * until the main thread has written it; the main thread writes inputs in
 * order as they become ready. A worker holds one finished input at a
 * time, so memory is threads pages whatever the count. */
#include "page_pool.h"

#include <pthread.h>
#include <stdlib.h>

typedef struct pool {
	pthread_mutex_t lock;
	pthread_cond_t changed;
	size_t count, next;
	size_t ready_index[256]; /* per worker: the input it finished, or SIZE_MAX */
	size_t written;          /* inputs written so far */
	bool stop;
	void **states;
	pool_work work;
} pool;

typedef struct worker_start {
	pool *p;
	int id;
} worker_start;

static void *worker_main(void *arg)
{
	worker_start *start = arg;
	pool *p = start->p;
	int id = start->id;
	pthread_mutex_lock(&p->lock);
	while (!p->stop && p->next < p->count) {
		size_t index = p->next++;
		pthread_mutex_unlock(&p->lock);
		p->work(p->states[id], index);
		pthread_mutex_lock(&p->lock);
		p->ready_index[id] = index;
		pthread_cond_broadcast(&p->changed);
		while (!p->stop && p->written <= index)
			pthread_cond_wait(&p->changed, &p->lock);
		p->ready_index[id] = (size_t)-1;
	}
	pthread_mutex_unlock(&p->lock);
	return NULL;
}

bool pool_run(size_t count, int threads, void **states, pool_work work, pool_write write,
              void *user)
{
	if (threads <= 1) {
		for (size_t i = 0; i < count; i++) {
			work(states[0], i);
			if (!write(user, i, states[0]))
				break;
		}
		return true;
	}
	if (threads > 256)
		threads = 256;
	pool p = {.count = count, .states = states, .work = work};
	pthread_mutex_init(&p.lock, NULL);
	pthread_cond_init(&p.changed, NULL);
	for (int t = 0; t < threads; t++)
		p.ready_index[t] = (size_t)-1;
	pthread_t ids[256];
	worker_start starts[256];
	int started = 0;
	for (; started < threads; started++) {
		starts[started] = (worker_start){&p, started};
		if (pthread_create(&ids[started], NULL, worker_main, &starts[started]) != 0)
			break;
	}
	bool ok = started > 0;
	if (!ok)
		p.stop = true;
	pthread_mutex_lock(&p.lock);
	while (ok && !p.stop && p.written < count) {
		int holder = -1;
		for (int t = 0; t < started && holder < 0; t++) {
			if (p.ready_index[t] == p.written)
				holder = t;
		}
		if (holder < 0) {
			pthread_cond_wait(&p.changed, &p.lock);
			continue;
		}
		pthread_mutex_unlock(&p.lock);
		bool go_on = write(user, p.written, states[holder]);
		pthread_mutex_lock(&p.lock);
		p.written++;
		if (!go_on)
			p.stop = true;
		pthread_cond_broadcast(&p.changed);
	}
	pthread_mutex_unlock(&p.lock);
	for (int t = 0; t < started; t++)
		pthread_join(ids[t], NULL);
	pthread_cond_destroy(&p.changed);
	pthread_mutex_destroy(&p.lock);
	return ok;
}
