/* The pith command's inputs: the arguments, directories (walked, files
 * taken by what their bytes are), --input-list files, reading or fetching
 * each, and decompressing and recognising what was read. */
#ifndef PITH_CLI_INPUTS_H
#define PITH_CLI_INPUTS_H

#include <stdbool.h>
#include <stddef.h>

#include "fetch.h"
#include "sniff.h"

/* How deep --recursive goes below a directory named: deeper trees are
 * mirrors gone wrong or link farms; the note on standard error says
 * what was not entered. */
#define INPUTS_MAX_DIRECTORY_DEPTH 32

typedef struct input_buffer {
	char *data;
	size_t length, capacity;
	char reason[160]; /* why the last input was refused, when the reason is made here */
} input_buffer;

/* Reads the whole of path ("-": standard input) into buffer, replacing what
 * it held; the buffer is reused from input to input. Returns NULL, or why
 * the input could not be read (PITH_MAX_INPUT_BYTES and all). */
const char *read_input(const char *path, input_buffer *buffer);

/* One page to extract. */
typedef struct input_item {
	char *source;        /* the path or URL, as given or found */
	char *url;           /* from a PATH<TAB>URL line of --input-list, or NULL */
	char *reason;        /* set when the input failed before reading */
	bool is_url;         /* source is fetched */
	bool from_directory; /* found in a directory */
} input_item;

typedef struct input_list {
	input_item *items;
	size_t count, capacity;
	bool recursive;
} input_list;

/* Adds arg: a URL, "-", a file, or a directory's pages (recursive when
 * list->recursive), with notes on standard error for the files skipped.
 * url: the address of the page at arg (PATH<TAB>URL), or NULL. Returns
 * false when out of memory. */
bool inputs_add(input_list *list, const char *arg, const char *url);

/* Adds the lines of the --input-list file at path ("-": standard input):
 * a URL, a PATH, or PATH<TAB>URL; blank lines and lines starting with #
 * skipped. Returns NULL, or why the list could not be read. */
const char *inputs_add_list_file(input_list *list, const char *path);

void inputs_free(input_list *list);

/* What loading an item gives. Buffers are reused from item to item. */
typedef struct loaded_input {
	input_buffer raw;   /* the bytes read from the file */
	char *decompressed; /* when they were compressed */
	size_t decompressed_length;
	const char *data; /* the page: raw, decompressed or fetched */
	size_t length;
	long http_status; /* fetched: the status; else 0 */
	char *final_url;  /* fetched: the URL after redirects, else NULL */
	char *charset;    /* fetched: the Content-Type's charset, else NULL */
	sniff_kind kind;  /* what data is */
	char reason[600]; /* room for messages made here */
} loaded_input;

/* Reads or fetches item (f: the thread's fetcher, needed for URLs),
 * decompresses it, and tells what it is. Returns NULL, or why it could
 * not be read. */
const char *inputs_load(const input_item *item, fetcher *f, loaded_input *loaded);

/* Why a page of that kind is not extracted, with what to run instead
 * (into loaded->reason), or NULL for a page to extract. */
const char *inputs_refusal(const input_item *item, loaded_input *loaded);

void loaded_input_free(loaded_input *loaded);

#endif
