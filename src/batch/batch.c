/* Batches: WARC records in, JSON lines out, extraction spread over threads.
 *
 * Every thread does the whole job in turn, so `threads` threads keep that
 * many cores busy and one thread is one core:
 *   1. read: under the read lock, take the next record of the inputs that
 *      gets a line (an HTML record, a broken one), give it the next
 *      sequence number and a slot of the ring, take its payload over from
 *      the reader (no copy: pith_warc_take_payload) and write the start of
 *      its line (its WARC fields);
 *   2. extract, with the thread's own context, and end the line;
 *   3. write: lines leave in sequence order, so the output is in input
 *      order whatever the thread count. A thread whose line is next writes
 *      it and every finished line after it; a line finished early waits in
 *      its slot.
 * With more than one thread, a thread that reads also reads one record
 * ahead when a slot is free, and takes the lock for the next one only if
 * it is free at once: a thread whose page is done starts on the record it
 * holds instead of waiting while another reads.
 * The ring has SLOTS_PER_THREAD slots per thread: a reader waits for its
 * slot to be written and freed, so memory does not grow with the input.
 * The ring lock guards slot states and counters; a slot's buffers are
 * touched only by the thread that owns it at the time. */
#include <errno.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "base/buffer.h"
#include "base/json.h"
#include "base/struct_size.h"
#include "base/text_hash.h"
#include "batch/line_start.h"
#include "batch/output.h"
#include "pith.h"
#include "render/metadata_json.h"
#include "warc/take_payload.h"

/* Slots per thread: a thread whose page is slow holds back the writing of
 * the lines after it; this many finished lines per thread may wait, so the
 * other threads go on meanwhile. */
#define SLOTS_PER_THREAD 4
/* A slot keeps at most this much memory between records, so one huge
 * record does not hold its memory for the rest of the run. */
#define SLOT_RETAIN_BYTES ((size_t)1 << 20)
/* Progress is reported at most this often. */
#define PROGRESS_INTERVAL_NS 100000000LL
/* More threads are refused as a mistake: each holds a context (up to
 * 16 MiB kept between pages) and SLOTS_PER_THREAD slots. */
#define MAX_THREADS 256

typedef enum slot_state {
	SLOT_FREE, /* for the next reader */
	SLOT_BUSY, /* a thread's: being filled, extracted, or written */
	SLOT_DONE, /* its line is whole and waits for its turn */
} slot_state;

typedef struct slot {
	slot_state state;
	bool to_extract; /* false: the line is whole already (an error) */
	bool skipped;    /* options->languages left the page out */
	/* "status" or "mime": options->statuses or mime_types left the page
	 * out, and its line is whole; NULL otherwise. */
	const char *filtered;
	pith_batch_line_kind kind; /* of the line, once whole */
	/* The record's payload, in memory taken over from the reader
	 * (pith_warc_take_payload): the reader goes on while it is
	 * extracted. */
	const char *payload;
	size_t payload_length;
	pith_buffer record_bytes;
	pith_buffer url;     /* the target URI, NUL-terminated */
	pith_buffer charset; /* the HTTP charset, NUL-terminated; empty if none */
	pith_buffer line;    /* the JSON line */
	/* Where the record's fields end in line: a duplicate's line is cut
	 * there. */
	size_t start_length;
	size_t input;              /* the record's input */
	unsigned long long record; /* and number in it */
	bool has_text;             /* a page with text: text_hash is its hash */
	pith_text_hash text_hash;
} slot;

/* A text the run wrote, for options->dedup: input is 0 in an empty
 * entry, else the input of its first line plus one. */
typedef struct dedup_entry {
	pith_text_hash hash;
	unsigned long long record;
	size_t input;
} dedup_entry;

/* The texts written so far, an open-addressing table whose size is a
 * power of two, at most half full; touched by the writing thread alone. */
typedef struct dedup_table {
	dedup_entry *entries;
	size_t capacity; /* in entries; 0 before the first text */
	size_t count;
} dedup_table;

/* Where to start reading: inputs before first_input are done, and so are
 * the records of first_input before first_record. */
typedef struct start_point {
	size_t first_input;
	unsigned long long first_record;
} start_point;

typedef struct batch {
	const pith_batch_options *options;
	unsigned threads;

	/* Reading, under read_lock. */
	pthread_mutex_t read_lock;
	pith_warc *warc;               /* the input being read, or NULL */
	size_t input;                  /* its index */
	pith_record_info line_info;    /* its lines' "warc" and "input" */
	unsigned long long record;     /* the number of its next record */
	bool input_failed;             /* it cannot be read as a WARC */
	bool input_is_warc;            /* a record of it was not malformed */
	start_point start;             /* --resume: what to skip */
	unsigned long long bytes_done; /* input bytes of the finished inputs */
	bool reading_done;
	/* The first input that could not be read as a WARC: its status and
	 * reason. */
	pith_status input_failure;
	char input_error[PITH_BATCH_ERROR_BYTES];
	pith_batch_stats stats; /* the reader's counts */

	/* The ring, under ring_lock. */
	pthread_mutex_t ring_lock;
	pthread_cond_t slot_freed;
	slot *slots;
	size_t slot_count;
	unsigned long long next_sequence; /* of the next line read */
	unsigned long long next_write;    /* of the next line to write */
	bool writing;                     /* a thread is writing lines */
	bool failed;                      /* stop: the output or memory failed */
	pith_status failure;
	pith_batch_progress progress;
	long long last_report_ns;
	pith_batch_output *output;
	dedup_table texts; /* options->dedup: by the writing thread */
} batch;

/* How a WARC line ends after its record's fields: only "error", "skipped"
 * or the page's fields are written (render/metadata_json.h). */
static const pith_record_info line_end = {.size = sizeof(pith_record_info), .warc = ""};

/* The next comma-separated item of *list (trimmed), false at its end. */
static bool next_item(const char **list, const char **item, size_t *length)
{
	const char *s = *list;
	while (*s == ' ' || *s == ',')
		s++;
	if (!*s)
		return false;
	const char *end = s;
	while (*end && *end != ',')
		end++;
	*list = end;
	*item = s;
	*length = (size_t)(end - s);
	while (*length && s[*length - 1] == ' ')
		(*length)--;
	return true;
}

/* Whether every item of list is an HTTP status ("404") or class ("4xx"). */
static bool status_list_valid(const char *list)
{
	const char *item;
	size_t length, count = 0;
	while (next_item(&list, &item, &length)) {
		count++;
		if (length != 3 || item[0] < '1' || item[0] > '9')
			return false;
		bool digits = item[1] >= '0' && item[1] <= '9' && item[2] >= '0' && item[2] <= '9';
		bool class =
		    (item[1] == 'x' || item[1] == 'X') && (item[2] == 'x' || item[2] == 'X');
		if (!digits && !class)
			return false;
	}
	return count > 0;
}

static bool status_listed(const char *list, int status)
{
	char code[4];
	snprintf(code, sizeof code, "%03d", status > 0 && status < 1000 ? status : 0);
	const char *item;
	size_t length;
	while (next_item(&list, &item, &length))
		if (length == 3 && item[0] == code[0] &&
		    ((item[1] == 'x' || item[1] == 'X') ||
		     (item[1] == code[1] && item[2] == code[2])))
			return true;
	return false;
}

/* Whether every item of list is a media type ("type/subtype"). */
static bool mime_list_valid(const char *list)
{
	const char *item;
	size_t length, count = 0;
	while (next_item(&list, &item, &length)) {
		count++;
		const char *slash = memchr(item, '/', length);
		if (!slash || slash == item || slash == item + length - 1 ||
		    memchr(item, ';', length))
			return false;
	}
	return count > 0;
}

/* Whether a Content-Type value's media type is in list. */
static bool mime_listed(const char *list, const char *content_type)
{
	size_t type_length = strcspn(content_type, ";");
	while (type_length &&
	       (content_type[type_length - 1] == ' ' || content_type[type_length - 1] == '\t'))
		type_length--;
	while (type_length && (*content_type == ' ' || *content_type == '\t'))
		content_type++, type_length--;
	const char *item;
	size_t length;
	while (next_item(&list, &item, &length))
		if (length == type_length && strncasecmp(item, content_type, length) == 0)
			return true;
	return false;
}

/* Ends a line with "error": reason. */
static bool append_error_end(pith_buffer *b, const char *reason)
{
	pith_record_info info = line_end;
	info.error = reason;
	return pith_json_append_record_end(b, NULL, &info, 0);
}

static bool cancel_requested(const batch *run)
{
	return run->options->cancel && run->options->cancel(run->options->cancel_user);
}

/* Where to go on after the last line an earlier run wrote (checked
 * already: see open_output). */
static start_point start_after(const pith_batch_line_start *last)
{
	start_point start = {.first_input = last->input, .first_record = last->record + 1};
	if (last->input_error)
		start = (start_point){.first_input = last->input + 1, .first_record = 0};
	return start;
}

static long long now_ns(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (long long)t.tv_sec * 1000000000LL + t.tv_nsec;
}

/* Marks the run failed (the first reason wins). Under ring_lock. */
static void fail_locked(batch *run, pith_status status)
{
	if (!run->failed)
		run->failure = status;
	run->failed = true;
	pthread_cond_broadcast(&run->slot_freed);
}

/* The slot for the next line, once the writer has freed it; NULL when the
 * run is failing. Called by the reader (read_lock held). */
static slot *claim_slot(batch *run)
{
	pthread_mutex_lock(&run->ring_lock);
	slot *job = &run->slots[run->next_sequence % run->slot_count];
	while (job->state != SLOT_FREE && !run->failed)
		pthread_cond_wait(&run->slot_freed, &run->ring_lock);
	if (run->failed) {
		job = NULL;
	} else {
		job->state = SLOT_BUSY;
		run->next_sequence++;
		run->progress.records = run->stats.records;
		run->progress.bytes_read = run->bytes_done;
		if (run->warc) {
			pith_warc_stats reader;
			pith_warc_get_stats(run->warc, &reader);
			run->progress.bytes_read += reader.bytes_read;
		}
	}
	pthread_mutex_unlock(&run->ring_lock);
	if (job) {
		job->line.length = 0;
		job->filtered = NULL;
	}
	return job;
}

/* Marks the input being read as one that cannot be read as a WARC; the
 * first such input's status and reason are the run's. Under read_lock. */
static void mark_input_failed(batch *run, pith_status status, const char *reason)
{
	if (run->input_failed)
		return;
	run->input_failed = true;
	if (run->stats.inputs_failed++ > 0)
		return;
	run->input_failure = status;
	snprintf(run->input_error, sizeof run->input_error, "cannot read %s as a WARC file: %s",
	         run->options->inputs[run->input], reason);
}

/* The error line of an input that would not open. */
static slot *input_failure(batch *run, pith_status status)
{
	/* The system's reason when there is one ("No such file or
	 * directory"): pith_warc_open leaves errno set. */
	char system[160] = "";
	if (status == PITH_ERROR_IO && errno != 0 && strerror_r(errno, system, sizeof system) != 0)
		system[0] = '\0';
	const char *reason = system[0] ? system : pith_strerror(status);
	mark_input_failed(run, status, reason);
	slot *job = claim_slot(run);
	if (!job)
		return NULL;
	char text[256];
	snprintf(text, sizeof text, "cannot read the input: %s", reason);
	job->to_extract = false;
	if (!pith_json_append_record_start(&job->line, &run->line_info) ||
	    !append_error_end(&job->line, text))
		job->line.length = 0; /* the run fails: see finish_slot */
	return job;
}

/* Copies a record that gets a line, the input's record number, into a
 * claimed slot. False when memory runs out. */
static bool fill_slot(batch *run, slot *job, const pith_warc_record *record,
                      unsigned long long number)
{
	pith_record_info info = run->line_info;
	info.has_record = 1;
	info.record = number;
	info.offset = record->offset;
	info.record_id = record->record_id;
	info.uri = record->target_uri;
	info.date = record->date;
	info.http_status = record->http_status;
	info.truncated = record->truncated;
	bool ok = pith_json_append_record_start(&job->line, &info);
	job->start_length = job->line.length;
	job->input = run->input;
	job->record = number;
	job->has_text = false;
	job->to_extract = record->status == PITH_OK && !job->filtered;
	if (job->filtered) {
		pith_record_info end = line_end;
		end.skipped = job->filtered;
		end.content_type = strcmp(job->filtered, "mime") == 0 ? record->content_type : NULL;
		return ok && pith_json_append_record_end(&job->line, NULL, &end, 0);
	}
	if (!job->to_extract)
		return ok && append_error_end(&job->line, record->error[0]
		                                              ? record->error
		                                              : pith_strerror(record->status));
	job->url.length = 0;
	job->charset.length = 0;
	ok = ok && pith_warc_take_payload(run->warc, record, &job->record_bytes);
	job->payload = record->payload;
	job->payload_length = record->payload_length;
	return ok && pith_buffer_append_string(&job->url, record->target_uri) &&
	       pith_buffer_append_string(&job->charset, record->charset ? record->charset : "");
}

/* Whether the slot of the next line is free, so claiming it would not
 * wait. Stays true while read_lock is held: only its holder claims. */
static bool next_slot_free(batch *run)
{
	pthread_mutex_lock(&run->ring_lock);
	bool is_free =
	    !run->failed && run->slots[run->next_sequence % run->slot_count].state == SLOT_FREE;
	pthread_mutex_unlock(&run->ring_lock);
	return is_free;
}

/* Opens the next input; false when it would not open, with *failure its
 * error line's slot (NULL when the run is failing). */
static bool open_input(batch *run, slot **failure)
{
	const char *path = run->options->inputs[run->input];
	run->record = 0;
	run->input_failed = false;
	run->input_is_warc = false;
	run->line_info = (pith_record_info)PITH_RECORD_INFO_INIT;
	run->line_info.warc = path;
	run->line_info.input = run->input;
	pith_status status = pith_warc_open(path, &run->warc);
	if (status == PITH_OK) {
		pith_warc_verify_digests(run->warc, run->options->verify_digests);
		return true;
	}
	*failure = input_failure(run, status);
	return false;
}

/* Closes the input read to its end. One whose every record was malformed
 * is not a WARC file (a page, junk). */
static void end_input(batch *run)
{
	pith_warc_stats reader;
	pith_warc_get_stats(run->warc, &reader);
	if (reader.records > 0 && !run->input_is_warc)
		mark_input_failed(run, PITH_ERROR_MALFORMED, "no WARC record in it");
	else if (reader.records == 0 && !cancel_requested(run))
		mark_input_failed(run, PITH_ERROR_MALFORMED, "no WARC record in it: it is empty");
	run->bytes_done += reader.bytes_read;
	pith_warc_free(run->warc);
	run->warc = NULL;
	run->input++;
}

/* Reads on to the next record that gets a line and puts it in a slot.
 * NULL at the end of the inputs, when the caller cancels, or when the run is
 * failing; unless may_wait, also NULL (reading nothing) when the slot is
 * not free yet. Under read_lock. */
static slot *read_next(batch *run, bool may_wait)
{
	if (!may_wait && !next_slot_free(run))
		return NULL;
	while (!run->reading_done) {
		if (cancel_requested(run))
			break;
		if (!run->warc) {
			if (run->input >= run->options->input_count)
				break;
			slot *failure = NULL;
			if (!open_input(run, &failure)) {
				run->input++;
				if (failure)
					return failure;
				break;
			}
		}
		pith_warc_record record;
		if (!pith_warc_next(run->warc, &record)) {
			end_input(run);
			continue;
		}
		if (record.status != PITH_ERROR_MALFORMED)
			run->input_is_warc = true; /* a record too large or out of memory is one */
		if (record.status == PITH_ERROR_IO)
			mark_input_failed(run, PITH_ERROR_IO, record.error);
		unsigned long long number = run->record++;
		run->stats.records++;
		if (run->input == run->start.first_input && number < run->start.first_record)
			continue; /* written by the run being resumed */
		bool broken = record.status != PITH_OK;
		if (record.digest_status == PITH_WARC_DIGEST_MISMATCH)
			run->input_is_warc = true; /* a whole record, its payload refused */
		/* A page: an HTML response, or with mime_types one of a type
		 * listed; an HTML one not listed gets a line saying so, as one
		 * of a status not listed does. */
		const char *options_mime = run->options->mime_types;
		bool listed = !options_mime || (record.http_status > 0 &&
		                                mime_listed(options_mime, record.content_type));
		const char *filtered = NULL;
		if (!broken && record.is_html && !listed)
			filtered = "mime";
		else if (!broken && (record.is_html || listed) && run->options->statuses &&
		         !status_listed(run->options->statuses, record.http_status))
			filtered = "status";
		if (record.is_html)
			run->stats.html_records++;
		else if (!broken && !(options_mime && listed)) {
			run->stats.skipped++;
			continue;
		}
		slot *job = claim_slot(run);
		if (!job)
			break;
		job->filtered = filtered;
		if (!fill_slot(run, job, &record, number))
			job->line.length = 0; /* the run fails: see finish_slot */
		return job;
	}
	run->reading_done = true;
	return NULL;
}

/* Ends a slot's line with the extraction of its page. */
static bool extract_into(batch *run, pith_ctx *ctx, slot *job, pith_status *status)
{
	pith_extract_options options = PITH_EXTRACT_OPTIONS_INIT;
	options.url = job->url.data;
	options.charset = job->charset.length ? job->charset.data : NULL;
	options.favor = run->options->favor;
	options.comments = run->options->comments;
	options.languages = run->options->languages;
	options.format = run->options->format;
	options.images = run->options->images;
	static const pith_result no_context = {.status = PITH_ERROR_NOMEM};
	const pith_result *result = ctx ? pith_ctx_extract(ctx, job->payload ? job->payload : "",
	                                                   job->payload_length, &options)
	                                : &no_context;
	*status = result->status;
	job->skipped = result->status == PITH_OK && result->skipped;
	job->has_text = run->options->dedup && result->status == PITH_OK && !result->skipped &&
	                result->plain_text_length > 0;
	if (job->has_text)
		job->text_hash = pith_text_hash_of(result->plain_text, result->plain_text_length);
	static const unsigned format_flags[] = {
	    [PITH_FORMAT_TEXT] = 0,
	    [PITH_FORMAT_MARKDOWN] = PITH_JSON_MARKDOWN,
	    [PITH_FORMAT_JSON] = PITH_JSON_DOCUMENT,
	    [PITH_FORMAT_HTML] = PITH_JSON_HTML,
	};
	unsigned flags =
	    format_flags[run->options->format] | (run->options->comments ? PITH_JSON_COMMENTS : 0);
	return pith_json_append_record_end(&job->line, result, &line_end, flags);
}

/* A record's memory goes back to the reader as its next window, so a
 * window's room (up to a gzip member's 4 MiB) is allocated once, not per
 * record. After a record that filled more than SLOT_RETAIN_BYTES of it,
 * the pages past that are given back: no slot keeps a huge record's
 * memory resident. */
static void release_record_bytes(slot *job)
{
	if (job->record_bytes.length > SLOT_RETAIN_BYTES)
		pith_buffer_release_pages(&job->record_bytes, SLOT_RETAIN_BYTES);
	job->record_bytes.length = 0;
}

/* The lines on the output file so far. */
static unsigned long long lines_written(const pith_batch_output *output)
{
	return output->written[BATCH_LINE_TEXT] + output->written[BATCH_LINE_ERROR] +
	       output->written[BATCH_LINE_SKIPPED] + output->written[BATCH_LINE_FILTERED] +
	       output->written[BATCH_LINE_DUPLICATE];
}

static bool same_hash(pith_text_hash a, pith_text_hash b)
{
	return a.high == b.high && a.low == b.low;
}

/* The entry of hash, or the empty one where it would go. */
static dedup_entry *dedup_find(const dedup_table *table, pith_text_hash hash)
{
	size_t mask = table->capacity - 1;
	size_t i = (size_t)hash.low & mask;
	while (table->entries[i].input && !same_hash(table->entries[i].hash, hash))
		i = (i + 1) & mask;
	return &table->entries[i];
}

/* Doubles the table (from 1024 entries). False when memory runs out. */
static bool dedup_grow(dedup_table *table)
{
	size_t capacity = table->capacity ? table->capacity * 2 : 1024;
	dedup_entry *entries = calloc(capacity, sizeof *entries);
	if (!entries)
		return false;
	dedup_table grown = {entries, capacity, table->count};
	for (size_t i = 0; i < table->capacity; i++)
		if (table->entries[i].input)
			*dedup_find(&grown, table->entries[i].hash) = table->entries[i];
	free(table->entries);
	*table = grown;
	return true;
}

/* options->dedup, for a line about to be written: a page whose text an
 * earlier line had becomes a duplicate's line; another's text is
 * remembered while there is room (PITH_BATCH_DEDUP_MAX_TEXTS). False when
 * memory runs out. By the writing thread, without ring_lock. */
static bool dedup_line(batch *run, slot *job)
{
	dedup_table *table = &run->texts;
	if (!job->has_text || job->kind != BATCH_LINE_TEXT)
		return true;
	if (table->capacity) {
		dedup_entry *first = dedup_find(table, job->text_hash);
		if (first->input) {
			char end[96];
			int n = snprintf(end, sizeof end,
			                 ",\"duplicate_of\":{\"input\":%zu,\"record\":%llu}}\n",
			                 first->input - 1, first->record);
			job->line.length = job->start_length;
			job->kind = BATCH_LINE_DUPLICATE;
			return pith_buffer_append(&job->line, end, (size_t)n);
		}
	}
	if (table->count >= PITH_BATCH_DEDUP_MAX_TEXTS)
		return true;
	if (2 * (table->count + 1) > table->capacity && !dedup_grow(table))
		return false;
	*dedup_find(table, job->text_hash) =
	    (dedup_entry){job->text_hash, job->record, job->input + 1};
	table->count++;
	return true;
}

/* Writes the lines that are next in order, while there are any. Under
 * ring_lock, which it releases while writing; one thread at a time. */
static void write_ready_lines_locked(batch *run)
{
	run->writing = true;
	for (;;) {
		slot *job = &run->slots[run->next_write % run->slot_count];
		if (run->next_write == run->next_sequence || job->state != SLOT_DONE)
			break;
		job->state = SLOT_BUSY;
		bool report = false;
		pthread_mutex_unlock(&run->ring_lock);

		pith_status status = PITH_OK;
		if (!run->failed && run->options->dedup && !dedup_line(run, job))
			status = PITH_ERROR_NOMEM;
		if (!run->failed && status == PITH_OK)
			status = pith_batch_output_write(run->output, job->line.data,
			                                 job->line.length, job->kind);
		release_record_bytes(job);
		pith_buffer_clear(&job->line, SLOT_RETAIN_BYTES);
		long long now = run->options->progress ? now_ns() : 0;

		pthread_mutex_lock(&run->ring_lock);
		if (status != PITH_OK)
			fail_locked(run, status);
		job->state = SLOT_FREE;
		run->next_write++;
		run->progress.lines_written = lines_written(run->output);
		pthread_cond_broadcast(&run->slot_freed);
		if (run->options->progress && now - run->last_report_ns >= PROGRESS_INTERVAL_NS) {
			run->last_report_ns = now;
			report = true;
		}
		if (report) {
			/* Still the only writer: the callback is never called
			 * twice at once. */
			pith_batch_progress progress = run->progress;
			pthread_mutex_unlock(&run->ring_lock);
			run->options->progress(run->options->progress_user, &progress);
			pthread_mutex_lock(&run->ring_lock);
		}
	}
	run->writing = false;
}

/* Hands a slot whose line is whole to the writing. */
static void finish_slot(batch *run, slot *job, pith_status extraction)
{
	pthread_mutex_lock(&run->ring_lock);
	if (job->line.length == 0)
		fail_locked(run, PITH_ERROR_NOMEM); /* a line could not be made */
	job->kind = job->filtered                               ? BATCH_LINE_FILTERED
	            : !job->to_extract || extraction != PITH_OK ? BATCH_LINE_ERROR
	            : job->skipped                              ? BATCH_LINE_SKIPPED
	                                                        : BATCH_LINE_TEXT;
	job->state = SLOT_DONE;
	if (!run->writing)
		write_ready_lines_locked(run);
	pthread_mutex_unlock(&run->ring_lock);
}

/* A thread's loop: its record, and one in reserve (never waited for: it
 * is read only into a slot free at once, and only when the read lock is
 * free or held already). With one thread and one slot there is none. */
static void *batch_thread(void *argument)
{
	batch *run = argument;
	pith_ctx *ctx = pith_ctx_new();
	slot *reserve = NULL;
	for (;;) {
		slot *job = reserve;
		reserve = NULL;
		if (!job) {
			pthread_mutex_lock(&run->read_lock);
			job = read_next(run, true);
			if (job)
				reserve = read_next(run, false);
			pthread_mutex_unlock(&run->read_lock);
		} else if (pthread_mutex_trylock(&run->read_lock) == 0) {
			reserve = read_next(run, false);
			pthread_mutex_unlock(&run->read_lock);
		}
		if (!job)
			break;
		pith_status extraction = PITH_OK;
		if (job->to_extract && job->line.length > 0 &&
		    !extract_into(run, ctx, job, &extraction))
			job->line.length = 0;
		finish_slot(run, job, extraction);
	}
	pith_ctx_free(ctx);
	return NULL;
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

/* Opens the output. On --resume, checks every line of the earlier run's
 * against the inputs (line_start.h) and finds where to go on. */
static pith_status open_output(pith_batch_output *output, const pith_batch_options *options,
                               start_point *start, pith_batch_stats *stats)
{
	pith_batch_resume_check check;
	pith_batch_resume_check_init(&check, options->inputs, options->input_count);
	pith_batch_resume_scan scan = {.check = pith_batch_resume_check_line, .user = &check};
	pith_batch_resume_point resumed = {0};
	pith_status status = PITH_OK;
	if (options->resume &&
	    (scan.prefix_limit = pith_batch_resume_check_prefix_limit(&check)) == 0)
		status = PITH_ERROR_NOMEM;
	if (status == PITH_OK)
		status = pith_batch_output_open(output, options->output,
		                                options->resume ? &scan : NULL, &resumed);
	pith_batch_line_start last;
	if (status == PITH_OK && resumed.lines > 0) {
		/* Checked already, as every line was. */
		if (pith_batch_line_start_parse(resumed.last_line.data, resumed.last_line.length,
		                                &last))
			*start = start_after(&last);
		else
			status = PITH_ERROR_INVALID_ARGUMENT;
	}
	if (check.problem[0])
		snprintf(stats->error, sizeof stats->error, "cannot resume %s: %s", output->name,
		         check.problem);
	else
		memcpy(stats->error, output->error, sizeof stats->error);
	stats->resumed = resumed.lines;
	pith_buffer_free(&resumed.last_line);
	pith_batch_resume_check_free(&check);
	return status;
}

/* The run's status and, in stats->error, why it failed: the output first
 * (lines were lost), then a cancel, then the inputs. */
static pith_status run_status(const batch *run, const pith_batch_output *output,
                              pith_status close_status, pith_batch_stats *stats)
{
	pith_status status = PITH_OK;
	const char *reason = "";
	if (run->failed || close_status != PITH_OK) {
		status = run->failed ? run->failure : close_status;
		reason = status == PITH_ERROR_NOMEM ? "out of memory" : output->error;
	} else if (run->input < run->options->input_count) {
		status = PITH_ERROR_INTERRUPTED;
		reason = "stopped before the end of the inputs";
	} else if (stats->inputs_failed > 0) {
		status = run->input_failure;
		reason = run->input_error;
	}
	snprintf(stats->error, sizeof stats->error, "%s", reason);
	return status;
}

/* The caller's options into *to: the fields its size covers, defaults for
 * the others. */
static pith_status read_batch_options(const pith_batch_options *from, pith_batch_options *to)
{
	*to = (pith_batch_options)PITH_BATCH_OPTIONS_INIT;
	if (!from || !PITH_STRUCT_SIZE_VALID(pith_batch_options, from, inputs))
		return PITH_ERROR_INVALID_ARGUMENT;
	PITH_STRUCT_COPY_FIELD(pith_batch_options, to, from, inputs);
	PITH_STRUCT_COPY_FIELD(pith_batch_options, to, from, input_count);
	PITH_STRUCT_COPY_FIELD(pith_batch_options, to, from, output);
	PITH_STRUCT_COPY_FIELD(pith_batch_options, to, from, threads);
	PITH_STRUCT_COPY_FIELD(pith_batch_options, to, from, resume);
	PITH_STRUCT_COPY_FIELD(pith_batch_options, to, from, favor);
	PITH_STRUCT_COPY_FIELD(pith_batch_options, to, from, cancel);
	PITH_STRUCT_COPY_FIELD(pith_batch_options, to, from, cancel_user);
	PITH_STRUCT_COPY_FIELD(pith_batch_options, to, from, progress);
	PITH_STRUCT_COPY_FIELD(pith_batch_options, to, from, progress_user);
	PITH_STRUCT_COPY_FIELD(pith_batch_options, to, from, comments);
	PITH_STRUCT_COPY_FIELD(pith_batch_options, to, from, languages);
	PITH_STRUCT_COPY_FIELD(pith_batch_options, to, from, statuses);
	PITH_STRUCT_COPY_FIELD(pith_batch_options, to, from, mime_types);
	PITH_STRUCT_COPY_FIELD(pith_batch_options, to, from, verify_digests);
	PITH_STRUCT_COPY_FIELD(pith_batch_options, to, from, format);
	PITH_STRUCT_COPY_FIELD(pith_batch_options, to, from, images);
	PITH_STRUCT_COPY_FIELD(pith_batch_options, to, from, dedup);
	return PITH_OK;
}

pith_status pith_batch_run(const pith_batch_options *caller_options, pith_batch_stats *stats)
{
	pith_batch_stats ignored;
	if (!stats)
		stats = &ignored;
	memset(stats, 0, sizeof *stats);
	pith_batch_options batch_options;
	const pith_batch_options *options = &batch_options;
	if (read_batch_options(caller_options, &batch_options) != PITH_OK ||
	    (options->input_count > 0 && !options->inputs) || options->threads > MAX_THREADS ||
	    (options->languages && pith_languages_match(options->languages, "") < 0) ||
	    (options->format != PITH_FORMAT_TEXT && options->format != PITH_FORMAT_MARKDOWN &&
	     options->format != PITH_FORMAT_JSON && options->format != PITH_FORMAT_HTML))
		return PITH_ERROR_INVALID_ARGUMENT;
	if (options->statuses && !status_list_valid(options->statuses)) {
		snprintf(stats->error, sizeof stats->error,
		         "statuses must be HTTP statuses or classes such as 200,3xx, not '%s'",
		         options->statuses);
		return PITH_ERROR_INVALID_ARGUMENT;
	}
	if (options->mime_types && !mime_list_valid(options->mime_types)) {
		snprintf(stats->error, sizeof stats->error,
		         "mime types must be media types such as text/html, not '%s'",
		         options->mime_types);
		return PITH_ERROR_INVALID_ARGUMENT;
	}
	batch run = {.options = options};
	unsigned threads = options->threads ? options->threads : default_threads();
	run.threads = threads;
	pith_batch_output output = {.fd = -1};
	pith_status status = open_output(&output, options, &run.start, stats);
	if (status != PITH_OK) {
		pith_batch_output_close(&output);
		return status;
	}
	run.stats.resumed = stats->resumed;
	run.input = run.start.first_input;
	run.output = &output;
	/* One thread has nothing to wait for or to read ahead: one slot. */
	run.slot_count = threads > 1 ? (size_t)threads * SLOTS_PER_THREAD : 1;
	run.slots = calloc(run.slot_count, sizeof *run.slots);
	pthread_t *helpers = calloc(threads, sizeof *helpers);
	if (!run.slots || !helpers) {
		free(run.slots);
		free(helpers);
		pith_batch_output_close(&output);
		snprintf(stats->error, sizeof stats->error, "out of memory");
		return PITH_ERROR_NOMEM;
	}
	pthread_mutex_init(&run.read_lock, NULL);
	pthread_mutex_init(&run.ring_lock, NULL);
	pthread_cond_init(&run.slot_freed, NULL);
	run.progress.bytes_total = total_input_bytes(options);

	/* The caller's thread is the first of them. */
	unsigned started = 0;
	while (started + 1 < threads &&
	       pthread_create(&helpers[started], NULL, batch_thread, &run) == 0)
		started++;
	batch_thread(&run);
	for (unsigned i = 0; i < started; i++)
		pthread_join(helpers[i], NULL);
	if (run.warc) /* stopped early */
		pith_warc_free(run.warc);

	pith_status close_status = pith_batch_output_close(&output);
	/* The lines counted are those on the file. */
	run.stats.extracted = output.written[BATCH_LINE_TEXT];
	run.stats.failed = output.written[BATCH_LINE_ERROR];
	run.stats.language_skipped = output.written[BATCH_LINE_SKIPPED];
	run.stats.filtered = output.written[BATCH_LINE_FILTERED];
	run.stats.bytes_read = run.progress.bytes_read = run.bytes_done;
	run.progress.records = run.stats.records;
	run.progress.lines_written = lines_written(&output);
	if (options->progress)
		options->progress(options->progress_user, &run.progress);
	*stats = run.stats;
	status = run_status(&run, &output, close_status, stats);

	for (size_t i = 0; i < run.slot_count; i++) {
		pith_buffer_free(&run.slots[i].record_bytes);
		pith_buffer_free(&run.slots[i].url);
		pith_buffer_free(&run.slots[i].charset);
		pith_buffer_free(&run.slots[i].line);
	}
	free(run.slots);
	free(helpers);
	free(run.texts.entries);
	pthread_mutex_destroy(&run.read_lock);
	pthread_mutex_destroy(&run.ring_lock);
	pthread_cond_destroy(&run.slot_freed);
	return status;
}
