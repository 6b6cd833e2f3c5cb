/* Batches: WARC records in, JSON lines out, extraction spread over threads.
 *
 * Three kinds of thread share a ring of job slots:
 *   - the caller's thread reads records in input order, copies each HTML
 *     record into the next free slot and writes the start of its line (the
 *     record's fields), or the whole line for a broken record;
 *   - `threads` workers take filled slots, extract, and end the line;
 *   - one writer writes finished lines in slot order, so the output is in
 *     input order whatever the thread count, and frees the slots.
 * The ring is bounded, so memory does not grow with the input: the reader
 * waits for the writer. One mutex guards the slot states and counters; the
 * work on a slot's buffers happens outside it, by the one thread whose
 * state the slot is in. */
#include <inttypes.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "base/buffer.h"
#include "base/json.h"
#include "batch/output.h"
#include "pith.h"

/* Slots per extraction thread: enough that a worker finding a slow page
 * does not stall the others behind the in-order writer. */
#define SLOTS_PER_THREAD 4
/* A slot keeps at most this much memory between records, so one huge
 * record does not hold its memory for the rest of the run. */
#define SLOT_RETAIN_BYTES ((size_t)1 << 20)
/* Progress is reported at most this often. */
#define PROGRESS_INTERVAL_NS 100000000LL
/* Threads beyond this are refused as a mistake (each holds a context and
 * SLOTS_PER_THREAD slots). */
#define MAX_THREADS 256

typedef enum slot_state {
	SLOT_FREE,       /* the reader's */
	SLOT_TO_EXTRACT, /* filled, waiting for a worker */
	SLOT_EXTRACTING, /* a worker's */
	SLOT_DONE,       /* its line is whole; the writer's */
} slot_state;

typedef struct slot {
	slot_state state;
	pith_buffer payload; /* the record's payload, copied */
	pith_buffer url;     /* the target URI, NUL-terminated */
	pith_buffer charset; /* the HTTP charset, NUL-terminated; empty if none */
	pith_buffer line;    /* the JSON line being built */
} slot;

typedef struct batch {
	const pith_batch_options *options;
	pthread_mutex_t lock;
	pthread_cond_t slot_free, slot_filled, slot_done;
	slot *slots;
	size_t slot_count;
	/* Sequence numbers of records: slot i % slot_count holds record i. */
	unsigned long long next_read, next_extract, next_write;
	bool reading_done; /* the reader will fill no more slots */
	bool failed;       /* the output failed: stop reading */
	bool input_failed; /* an input could not be opened */
	pith_status write_status;
	unsigned long long extracted, extract_failed; /* the workers' counts */
	pith_batch_stats stats;
	pith_batch_progress progress;
} batch;

static bool append_text(pith_buffer *b, const char *s)
{
	return pith_buffer_append(b, s, strlen(s));
}

static bool append_number(pith_buffer *b, unsigned long long n)
{
	char digits[24];
	int length = snprintf(digits, sizeof digits, "%llu", n);
	return pith_buffer_append(b, digits, (size_t)length);
}

/* ,"name":"escaped value" */
static bool append_field(pith_buffer *b, const char *name, const char *value, size_t length)
{
	return append_text(b, ",\"") && append_text(b, name) && append_text(b, "\":") &&
	       pith_json_append_string(b, value, length);
}

/* The start of every line: {"warc":PATH,"record":N. --resume finds where a
 * run stopped from this prefix of its last line. */
static bool append_line_start(pith_buffer *b, const char *path, unsigned long long record)
{
	return append_text(b, "{\"warc\":") && pith_json_append_string(b, path, strlen(path)) &&
	       append_text(b, ",\"record\":") && append_number(b, record);
}

/* The record's own fields, after the line start. */
static bool append_record_fields(pith_buffer *b, const pith_warc_record *record)
{
	return append_text(b, ",\"offset\":") && append_number(b, record->offset) &&
	       append_field(b, "record_id", record->record_id, strlen(record->record_id)) &&
	       append_field(b, "uri", record->target_uri, strlen(record->target_uri)) &&
	       append_field(b, "date", record->date, strlen(record->date)) &&
	       append_text(b, ",\"http_status\":") &&
	       append_number(
	           b, (unsigned long long)(record->http_status > 0 ? record->http_status : 0));
}

static bool append_error_end(pith_buffer *b, const char *reason)
{
	return append_field(b, "error", reason, strlen(reason)) && append_text(b, "}\n");
}

/* Ends a slot's line with the extraction of its page. */
static bool append_extraction(pith_buffer *b, const pith_result *result)
{
	if (result->status != PITH_OK)
		return append_error_end(b, pith_strerror(result->status));
	return append_field(b, "encoding", result->encoding, strlen(result->encoding)) &&
	       append_field(b, "title", result->title, result->title_length) &&
	       append_field(b, "text", result->text, result->text_length) && append_text(b, "}\n");
}

static void *extract_worker(void *argument)
{
	batch *run = argument;
	pith_ctx *ctx = pith_ctx_new();
	pthread_mutex_lock(&run->lock);
	for (;;) {
		while (run->next_extract < run->next_read &&
		       run->slots[run->next_extract % run->slot_count].state != SLOT_TO_EXTRACT)
			run->next_extract++; /* lines the reader finished itself */
		if (run->next_extract == run->next_read) {
			if (run->reading_done)
				break;
			pthread_cond_wait(&run->slot_filled, &run->lock);
			continue;
		}
		slot *job = &run->slots[run->next_extract++ % run->slot_count];
		job->state = SLOT_EXTRACTING;
		pthread_mutex_unlock(&run->lock);

		pith_extract_options options = PITH_EXTRACT_OPTIONS_INIT;
		options.url = job->url.data;
		options.charset = job->charset.length ? job->charset.data : NULL;
		options.favor = run->options->favor;
		pith_result result = {0};
		if (ctx)
			pith_ctx_extract(ctx, job->payload.data ? job->payload.data : "",
			                 job->payload.length, &options, &result);
		else
			result.status = PITH_ERROR_NOMEM;
		bool ok = append_extraction(&job->line, &result);
		if (!ok) {
			/* No memory for the text: the line still ends, as an
			 * error, within the room the start already took. */
			job->line.length = 0;
		}

		pthread_mutex_lock(&run->lock);
		if (!ok)
			run->failed = true, run->write_status = PITH_ERROR_NOMEM;
		else if (result.status == PITH_OK)
			run->extracted++;
		else
			run->extract_failed++;
		job->state = SLOT_DONE;
		pthread_cond_broadcast(&run->slot_done);
	}
	pthread_mutex_unlock(&run->lock);
	pith_ctx_free(ctx);
	return NULL;
}

static long long now_ns(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (long long)t.tv_sec * 1000000000LL + t.tv_nsec;
}

typedef struct writer_args {
	batch *run;
	batch_output *output;
} writer_args;

static void *line_writer(void *argument)
{
	writer_args *args = argument;
	batch *run = args->run;
	long long last_report = 0;
	pthread_mutex_lock(&run->lock);
	for (;;) {
		if (run->next_write == run->next_read && run->reading_done)
			break;
		slot *job = &run->slots[run->next_write % run->slot_count];
		if (run->next_write == run->next_read || job->state != SLOT_DONE) {
			pthread_cond_wait(&run->slot_done, &run->lock);
			continue;
		}
		pthread_mutex_unlock(&run->lock);

		pith_status status = PITH_OK;
		if (job->line.length > 0 && run->write_status == PITH_OK)
			status = batch_output_write(args->output, job->line.data, job->line.length);
		pith_buffer_clear(&job->payload, SLOT_RETAIN_BYTES);
		pith_buffer_clear(&job->line, SLOT_RETAIN_BYTES);
		long long now = run->options->progress ? now_ns() : 0;

		pthread_mutex_lock(&run->lock);
		if (status != PITH_OK && run->write_status == PITH_OK)
			run->write_status = status, run->failed = true;
		job->state = SLOT_FREE;
		run->next_write++;
		run->progress.lines_written++;
		pthread_cond_broadcast(&run->slot_free);
		if (run->options->progress && now - last_report >= PROGRESS_INTERVAL_NS) {
			pith_batch_progress progress = run->progress;
			last_report = now;
			pthread_mutex_unlock(&run->lock);
			run->options->progress(run->options->progress_user, &progress);
			pthread_mutex_lock(&run->lock);
		}
	}
	pthread_mutex_unlock(&run->lock);
	return NULL;
}

/* The reader's side: waits for a free slot and returns it, or NULL when the
 * run is failing. */
static slot *claim_slot(batch *run)
{
	pthread_mutex_lock(&run->lock);
	slot *job = &run->slots[run->next_read % run->slot_count];
	while (job->state != SLOT_FREE && !run->failed)
		pthread_cond_wait(&run->slot_free, &run->lock);
	bool failed = run->failed;
	pthread_mutex_unlock(&run->lock);
	return failed ? NULL : job;
}

/* Hands a filled slot on: to the workers, or straight to the writer. */
static void post_slot(batch *run, slot *job, bool to_extract, unsigned long long bytes_read)
{
	pthread_mutex_lock(&run->lock);
	job->state = to_extract ? SLOT_TO_EXTRACT : SLOT_DONE;
	run->next_read++;
	run->progress.bytes_read = bytes_read;
	run->progress.records = run->stats.records;
	pthread_cond_broadcast(to_extract ? &run->slot_filled : &run->slot_done);
	pthread_mutex_unlock(&run->lock);
}

static bool stop_requested(const batch *run)
{
	return run->options->stop && *run->options->stop;
}

/* Where to start reading: inputs before first_input are done, and so are
 * the records of first_input up to first_record (exclusive). */
typedef struct start_point {
	size_t first_input;
	unsigned long long first_record;
} start_point;

/* Finds, from the last line an earlier run wrote, where to go on. Its line
 * starts {"warc":PATH,"record":N, or {"warc":PATH,"error" when PATH could
 * not be opened. False when it names none of the inputs. */
static bool find_start(const pith_batch_options *options, const pith_buffer *last_line,
                       start_point *start)
{
	pith_buffer prefix = {0};
	bool found = false;
	for (size_t i = 0; i < options->input_count && !found; i++) {
		prefix.length = 0;
		if (!append_text(&prefix, "{\"warc\":") ||
		    !pith_json_append_string(&prefix, options->inputs[i],
		                             strlen(options->inputs[i])))
			break;
		if (last_line->length < prefix.length ||
		    memcmp(last_line->data, prefix.data, prefix.length) != 0)
			continue;
		const char *rest = last_line->data + prefix.length;
		unsigned long long record;
		if (sscanf(rest, ",\"record\":%llu", &record) == 1) {
			start->first_input = i;
			start->first_record = record + 1;
			found = true;
		} else if (strncmp(rest, ",\"error\"", 8) == 0) {
			start->first_input = i + 1;
			start->first_record = 0;
			found = true;
		}
	}
	pith_buffer_free(&prefix);
	return found;
}

/* Reads one input into the ring. Returns false when the run must stop
 * (output failure, stop request, out of memory). */
static bool read_input(batch *run, size_t index, unsigned long long first_record,
                       unsigned long long *bytes_before)
{
	const char *path = run->options->inputs[index];
	pith_warc *warc = NULL;
	pith_status status = pith_warc_open(path, &warc);
	if (status != PITH_OK) {
		slot *job = claim_slot(run);
		if (!job)
			return false;
		char reason[256];
		snprintf(reason, sizeof reason, "cannot read the input: %s", pith_strerror(status));
		job->line.length = 0;
		bool ok = append_text(&job->line, "{\"warc\":") &&
		          pith_json_append_string(&job->line, path, strlen(path)) &&
		          append_error_end(&job->line, reason);
		if (!ok)
			job->line.length = 0;
		post_slot(run, job, false, *bytes_before);
		run->stats.failed++;
		run->input_failed = true;
		return ok;
	}
	bool keep_going = true;
	pith_warc_record record;
	pith_warc_stats reader_stats = {0};
	for (unsigned long long number = 0; keep_going && !stop_requested(run); number++) {
		if (!pith_warc_next(warc, &record))
			break;
		run->stats.records++;
		pith_warc_get_stats(warc, &reader_stats);
		if (number < first_record)
			continue; /* written by the run being resumed */
		bool broken = record.status != PITH_OK;
		if (!record.is_html && !broken) {
			run->stats.skipped++;
			continue;
		}
		if (record.is_html)
			run->stats.html_records++;
		slot *job = claim_slot(run);
		if (!job)
			return pith_warc_free(warc), false;
		job->line.length = 0;
		bool ok = append_line_start(&job->line, path, number) &&
		          append_record_fields(&job->line, &record);
		if (broken) {
			ok = ok && append_error_end(&job->line, record.error[0]
			                                            ? record.error
			                                            : pith_strerror(record.status));
			run->stats.failed++;
		} else {
			job->payload.length = 0;
			job->url.length = 0;
			job->charset.length = 0;
			ok = ok &&
			     pith_buffer_append(&job->payload, record.payload,
			                        record.payload_length) &&
			     append_text(&job->url, record.target_uri) &&
			     append_text(&job->charset, record.charset ? record.charset : "");
		}
		if (!ok) {
			job->line.length = 0;
			keep_going = false;
			pthread_mutex_lock(&run->lock);
			run->failed = true;
			run->write_status = PITH_ERROR_NOMEM;
			pthread_mutex_unlock(&run->lock);
		}
		post_slot(run, job, ok && !broken, *bytes_before + reader_stats.bytes_read);
	}
	*bytes_before += reader_stats.bytes_read;
	pith_warc_free(warc);
	return keep_going && !stop_requested(run);
}

static unsigned long long total_input_bytes(const pith_batch_options *options)
{
	unsigned long long total = 0;
	for (size_t i = 0; i < options->input_count; i++) {
		struct stat info;
		if (strcmp(options->inputs[i], "-") == 0 || stat(options->inputs[i], &info) != 0)
			return 0; /* unknown: no estimate */
		total += (unsigned long long)info.st_size;
	}
	return total;
}

static unsigned default_threads(void)
{
	long cpus = sysconf(_SC_NPROCESSORS_ONLN);
	return cpus > 0 ? (unsigned)cpus : 1;
}

pith_status pith_batch_run(const pith_batch_options *options, pith_batch_stats *stats)
{
	if (stats)
		memset(stats, 0, sizeof *stats);
	if (!options || (options->input_count > 0 && !options->inputs) ||
	    options->threads > MAX_THREADS)
		return PITH_ERROR_INVALID_ARGUMENT;
	batch run = {.options = options};
	unsigned threads = options->threads ? options->threads : default_threads();
	batch_output output;
	batch_resume_point resumed = {0};
	start_point start = {0, 0};
	pith_status status =
	    batch_output_open(&output, options->output, options->resume != 0, &resumed);
	if (status == PITH_OK && resumed.lines > 0 &&
	    !find_start(options, &resumed.last_line, &start))
		status = PITH_ERROR_INVALID_ARGUMENT; /* the output is another run's */
	pith_buffer_free(&resumed.last_line);
	if (status != PITH_OK) {
		if (output.file)
			batch_output_close(&output);
		return status;
	}
	run.stats.resumed = resumed.lines;
	run.slot_count = (size_t)threads * SLOTS_PER_THREAD;
	run.slots = calloc(run.slot_count, sizeof *run.slots);
	pthread_t *workers = calloc(threads, sizeof *workers);
	if (!run.slots || !workers) {
		free(run.slots);
		free(workers);
		batch_output_close(&output);
		return PITH_ERROR_NOMEM;
	}
	pthread_mutex_init(&run.lock, NULL);
	pthread_cond_init(&run.slot_free, NULL);
	pthread_cond_init(&run.slot_filled, NULL);
	pthread_cond_init(&run.slot_done, NULL);
	run.progress.bytes_total = total_input_bytes(options);

	writer_args writer = {&run, &output};
	pthread_t writer_thread;
	unsigned started = 0;
	bool writer_started = pthread_create(&writer_thread, NULL, line_writer, &writer) == 0;
	while (writer_started && started < threads &&
	       pthread_create(&workers[started], NULL, extract_worker, &run) == 0)
		started++;

	bool complete = writer_started && started == threads;
	unsigned long long bytes_read = 0;
	for (size_t i = start.first_input; complete && i < options->input_count; i++) {
		if (!read_input(&run, i, i == start.first_input ? start.first_record : 0,
		                &bytes_read))
			complete = false;
	}

	pthread_mutex_lock(&run.lock);
	run.reading_done = true;
	pthread_cond_broadcast(&run.slot_filled);
	pthread_cond_broadcast(&run.slot_done);
	pthread_mutex_unlock(&run.lock);
	for (unsigned i = 0; i < started; i++)
		pthread_join(workers[i], NULL);
	if (writer_started)
		pthread_join(writer_thread, NULL);

	pith_status close_status = batch_output_close(&output);
	if (!writer_started || started < threads)
		status = PITH_ERROR_NOMEM;
	else if (run.write_status != PITH_OK)
		status = run.write_status;
	else if (close_status != PITH_OK)
		status = close_status;
	else if (stop_requested(&run) && !complete)
		status = PITH_ERROR_INTERRUPTED;
	else if (run.input_failed)
		status = PITH_ERROR_IO;
	if (options->progress && writer_started) {
		run.progress.bytes_read = bytes_read;
		options->progress(options->progress_user, &run.progress);
	}
	run.stats.extracted = run.extracted;
	run.stats.failed += run.extract_failed;
	run.stats.bytes_read = bytes_read;

	for (size_t i = 0; i < run.slot_count; i++) {
		pith_buffer_free(&run.slots[i].payload);
		pith_buffer_free(&run.slots[i].url);
		pith_buffer_free(&run.slots[i].charset);
		pith_buffer_free(&run.slots[i].line);
	}
	free(run.slots);
	free(workers);
	pthread_mutex_destroy(&run.lock);
	pthread_cond_destroy(&run.slot_free);
	pthread_cond_destroy(&run.slot_filled);
	pthread_cond_destroy(&run.slot_done);
	if (stats)
		*stats = run.stats;
	return status;
}
