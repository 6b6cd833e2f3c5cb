/* The inputs of the pith command (docs/DESIGN.md, "Inputs"): listed first,
 * so that threads can take them in order, then loaded one by one. */
#include "inputs.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "pith.h"

/* ---- Reading a file ---- */

/* The size of f when it is a regular file, else -1: a stream's (a pipe's,
 * a terminal's) is not known before it is read. */
static long long file_size(FILE *f)
{
	struct stat info;
	return fstat(fileno(f), &info) == 0 && S_ISREG(info.st_mode) ? (long long)info.st_size : -1;
}

/* Why an input over PITH_MAX_INPUT_BYTES is refused, with its size (a
 * file's, from file_size) and the limit. A stream is not read to its end
 * to learn its size (/dev/zero has none): the message gives the bytes read
 * when reading stopped. */
static const char *too_large(input_buffer *buffer, long long size)
{
	if (size > (long long)PITH_MAX_INPUT_BYTES)
		snprintf(buffer->reason, sizeof buffer->reason,
		         "input is %lld bytes (%.1f MiB), larger than the %zu MiB limit "
		         "(PITH_MAX_INPUT_BYTES)",
		         size, (double)size / (1 << 20), PITH_MAX_INPUT_BYTES >> 20);
	else
		snprintf(buffer->reason, sizeof buffer->reason,
		         "input is larger than the %zu MiB limit (PITH_MAX_INPUT_BYTES): reading "
		         "stopped at %zu bytes",
		         PITH_MAX_INPUT_BYTES >> 20, buffer->length);
	return buffer->reason;
}

/* Reads at most limit bytes of f into buffer (limit + 1 with the_whole,
 * to tell a file over the limit). */
static const char *read_stream(FILE *f, input_buffer *buffer, size_t limit, bool the_whole)
{
	const char *reason = NULL;
	buffer->length = 0;
	while (!reason) {
		if (buffer->length == buffer->capacity) {
			/* One byte over the limit is enough to refuse the input. */
			if (buffer->capacity > limit || (!the_whole && buffer->capacity >= limit)) {
				if (the_whole)
					reason = too_large(buffer, file_size(f));
				break;
			}
			size_t capacity = buffer->capacity ? buffer->capacity * 2 : (size_t)1 << 16;
			if (capacity > limit)
				capacity = the_whole ? limit + 1 : limit;
			char *bigger = realloc(buffer->data, capacity);
			if (!bigger) {
				reason = strerror(ENOMEM);
				break;
			}
			buffer->data = bigger;
			buffer->capacity = capacity;
		}
		errno = 0;
		size_t wanted = buffer->capacity - buffer->length;
		if (!the_whole && wanted > limit - buffer->length)
			wanted = limit - buffer->length;
		size_t n = fread(buffer->data + buffer->length, 1, wanted, f);
		buffer->length += n;
		/* Short only at the end or on an error. Reading on after the end
		 * would wait at a terminal for a second Ctrl-D: glibc's fread
		 * reads again after its stream has seen the end. */
		if (n < wanted) {
			if (ferror(f))
				reason = strerror(errno ? errno : EIO);
			break;
		}
		if (!the_whole && buffer->length >= limit)
			break;
	}
	return reason;
}

const char *read_input(const char *path, input_buffer *buffer)
{
	bool is_stdin = strcmp(path, "-") == 0;
	FILE *f = is_stdin ? stdin : fopen(path, "rb");
	if (!f)
		return strerror(errno);
	const char *reason = NULL;
	buffer->length = 0;
	/* A file known to be too large is refused before any of it is read. */
	long long size = file_size(f);
	if (size > (long long)PITH_MAX_INPUT_BYTES)
		reason = too_large(buffer, size);
	else
		reason = read_stream(f, buffer, PITH_MAX_INPUT_BYTES, true);
	if (is_stdin)
		clearerr(stdin);
	else
		fclose(f);
	return reason;
}

/* What the file at path is, from its first SNIFF_PREFIX_BYTES (after
 * decompression); SNIFF_HTML also when it cannot be read, so that reading
 * it says why. */
static sniff_kind sniff_file(const char *path, input_buffer *prefix)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return SNIFF_HTML;
	const char *reason = read_stream(f, prefix, SNIFF_PREFIX_BYTES, false);
	fclose(f);
	if (reason)
		return SNIFF_HTML;
	sniff_compression compression = sniff_compression_of(prefix->data, prefix->length, path);
	if (compression == SNIFF_PLAIN)
		return sniff_kind_of(prefix->data, prefix->length);
	char *out = NULL, reason_text[160];
	size_t out_length = 0;
	if (sniff_decompress(compression, prefix->data, prefix->length, true, SNIFF_PREFIX_BYTES,
	                     &out, &out_length, reason_text, sizeof reason_text))
		return SNIFF_UNKNOWN;
	sniff_kind kind = sniff_kind_of(out, out_length);
	free(out);
	return kind;
}

/* ---- Listing ---- */

static bool add_item(input_list *list, const char *source, const char *url, bool is_url,
                     bool from_directory, const char *reason)
{
	if (list->count == list->capacity) {
		size_t capacity = list->capacity ? list->capacity * 2 : 64;
		input_item *bigger = realloc(list->items, capacity * sizeof *bigger);
		if (!bigger)
			return false;
		list->items = bigger;
		list->capacity = capacity;
	}
	input_item item = {.is_url = is_url, .from_directory = from_directory};
	item.source = strdup(source);
	item.url = url ? strdup(url) : NULL;
	item.reason = reason ? strdup(reason) : NULL;
	if (!item.source || (url && !item.url) || (reason && !item.reason)) {
		free(item.source);
		free(item.url);
		free(item.reason);
		return false;
	}
	list->items[list->count++] = item;
	return true;
}

void inputs_free(input_list *list)
{
	for (size_t i = 0; i < list->count; i++) {
		free(list->items[i].source);
		free(list->items[i].url);
		free(list->items[i].reason);
	}
	free(list->items);
	memset(list, 0, sizeof *list);
}

/* What a directory walk passed over, told on standard error once per
 * directory named, so that no file is skipped in silence. */
enum skip_reason {
	SKIP_NOT_HTML,
	SKIP_WARC,
	SKIP_LINKS,
	SKIP_SUBDIRECTORY,
	SKIP_LOOP,
	SKIP_TOO_DEEP,
	SKIP_HIDDEN,
	SKIP_OTHER,
	SKIP_REASONS
};

#define DEPTH_QUOTE(x) #x
#define DEPTH_TEXT(x) DEPTH_QUOTE(x)
/* Each reason for one entry ("skipped PATH: ...") and for several
 * ("skipped N ..., such as PATH"). */
static const char *const skip_phrases[SKIP_REASONS][2] = {
    {"not an HTML page by its first bytes", "files that are not HTML pages by their first bytes"},
    {"a WARC file (pith warc FILE extracts its pages)",
     "WARC files (pith warc FILE extracts their pages)"},
    {"a sitemap or feed (pith links FILE lists its pages)",
     "sitemaps or feeds (pith links FILE lists their pages)"},
    {"a subdirectory (--recursive enters it)", "subdirectories (--recursive enters them)"},
    {"a directory already being walked (a symbolic link loop)",
     "subdirectories already being walked (a symbolic link loop)"},
    {"deeper than " DEPTH_TEXT(INPUTS_MAX_DIRECTORY_DEPTH) " levels (INPUTS_MAX_DIRECTORY_DEPTH)",
     "subdirectories deeper than " DEPTH_TEXT(
         INPUTS_MAX_DIRECTORY_DEPTH) " levels (INPUTS_MAX_DIRECTORY_DEPTH)"},
    {"a hidden entry (its name starts with a dot)", "hidden entries (names starting with a dot)"},
    {"neither a file nor a directory", "entries that are neither files nor directories"},
};

typedef struct walk {
	input_list *list;
	size_t skipped[SKIP_REASONS];
	char *example[SKIP_REASONS];
	struct {
		dev_t device;
		ino_t inode;
	} ancestors[INPUTS_MAX_DIRECTORY_DEPTH + 1];
	input_buffer prefix;
	bool out_of_memory;
} walk;

static void skip(walk *w, enum skip_reason why, const char *path)
{
	if (w->skipped[why]++ == 0)
		w->example[why] = strdup(path);
}

static int compare_strings(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Adds the pages of directory, depth levels below the one named, in
 * byte order of their names, subdirectories entered where they sort.
 * Returns the pages found, or -1 when the directory cannot be listed
 * (after adding an item that says why). */
static long walk_directory(walk *w, const char *directory, const char *url, int depth)
{
	DIR *dir = opendir(directory);
	if (!dir) {
		if (!add_item(w->list, directory, url, false, false, strerror(errno)))
			w->out_of_memory = true;
		return -1;
	}
	size_t directory_length = strlen(directory);
	const char *separator =
	    directory_length && directory[directory_length - 1] == '/' ? "" : "/";
	char **paths = NULL;
	size_t count = 0, capacity = 0;
	const char *reason = NULL;
	for (;;) {
		errno = 0;
		struct dirent *entry = readdir(dir);
		if (!entry) {
			if (errno)
				reason = strerror(errno);
			break;
		}
		if (strcmp(entry->d_name, ".") == 0 || strcmp(entry->d_name, "..") == 0)
			continue;
		size_t size = directory_length + strlen(separator) + strlen(entry->d_name) + 1;
		char *path = malloc(size);
		if (count == capacity) {
			capacity = capacity ? capacity * 2 : 64;
			char **bigger = realloc(paths, capacity * sizeof *paths);
			if (bigger)
				paths = bigger;
			else
				capacity = count;
		}
		if (!path || count == capacity) {
			free(path);
			reason = strerror(ENOMEM);
			break;
		}
		snprintf(path, size, "%s%s%s", directory, separator, entry->d_name);
		paths[count++] = path;
	}
	closedir(dir);
	long found = 0;
	if (reason) {
		if (!add_item(w->list, directory, url, false, false, reason))
			w->out_of_memory = true;
		found = -1;
	}
	qsort(paths, count, sizeof *paths, compare_strings);
	for (size_t i = 0; i < count && found >= 0 && !w->out_of_memory; i++) {
		const char *path = paths[i];
		const char *name = path + directory_length + strlen(separator);
		if (name[0] == '.') {
			skip(w, SKIP_HIDDEN, path);
			continue;
		}
		struct stat info;
		/* When stat fails (a dangling link), reading says why. */
		if (stat(path, &info) != 0) {
			if (!add_item(w->list, path, url, false, true, NULL))
				w->out_of_memory = true;
			found++;
			continue;
		}
		if (S_ISDIR(info.st_mode)) {
			if (!w->list->recursive) {
				skip(w, SKIP_SUBDIRECTORY, path);
				continue;
			}
			bool loop = false;
			for (int a = 0; a <= depth; a++)
				loop = loop || (w->ancestors[a].device == info.st_dev &&
				                w->ancestors[a].inode == info.st_ino);
			if (loop) {
				skip(w, SKIP_LOOP, path);
			} else if (depth + 1 > INPUTS_MAX_DIRECTORY_DEPTH) {
				skip(w, SKIP_TOO_DEEP, path);
			} else {
				w->ancestors[depth + 1].device = info.st_dev;
				w->ancestors[depth + 1].inode = info.st_ino;
				long below = walk_directory(w, path, url, depth + 1);
				if (below > 0)
					found += below;
			}
			continue;
		}
		if (!S_ISREG(info.st_mode)) {
			skip(w, SKIP_OTHER, path);
			continue;
		}
		/* Pages are taken by their names; other files by their bytes. */
		sniff_kind kind =
		    sniff_has_page_extension(name) ? SNIFF_HTML : sniff_file(path, &w->prefix);
		if (kind == SNIFF_HTML) {
			if (!add_item(w->list, path, url, false, true, NULL))
				w->out_of_memory = true;
			found++;
		} else if (kind == SNIFF_WARC) {
			skip(w, SKIP_WARC, path);
		} else if (kind == SNIFF_UNKNOWN) {
			skip(w, SKIP_NOT_HTML, path);
		} else {
			skip(w, SKIP_LINKS, path);
		}
	}
	for (size_t i = 0; i < count; i++)
		free(paths[i]);
	free(paths);
	return found;
}

static bool add_directory(input_list *list, const char *directory, const char *url,
                          const struct stat *info)
{
	walk w = {.list = list};
	w.ancestors[0].device = info->st_dev;
	w.ancestors[0].inode = info->st_ino;
	long found = walk_directory(&w, directory, url, 0);
	for (int why = 0; why < SKIP_REASONS; why++) {
		const char *example = w.example[why] ? w.example[why] : "?";
		if (w.skipped[why] == 1)
			fprintf(stderr, "pith: %s: skipped %s: %s\n", directory, example,
			        skip_phrases[why][0]);
		else if (w.skipped[why] > 1)
			fprintf(stderr, "pith: %s: skipped %zu %s, such as %s\n", directory,
			        w.skipped[why], skip_phrases[why][1], example);
		free(w.example[why]);
	}
	free(w.prefix.data);
	if (found == 0 && !w.out_of_memory &&
	    !add_item(list, directory, url, false, false, "no HTML pages in the directory"))
		return false;
	return !w.out_of_memory;
}

bool inputs_add(input_list *list, const char *arg, const char *url)
{
	if (fetch_is_url(arg))
		return add_item(list, arg, url, true, false, NULL);
	struct stat info;
	if (strcmp(arg, "-") != 0 && stat(arg, &info) == 0 && S_ISDIR(info.st_mode))
		return add_directory(list, arg, url, &info);
	return add_item(list, arg, url, false, false, NULL);
}

const char *inputs_add_list_file(input_list *list, const char *path)
{
	bool is_stdin = strcmp(path, "-") == 0;
	FILE *f = is_stdin ? stdin : fopen(path, "r");
	if (!f)
		return strerror(errno);
	char *line = NULL;
	size_t size = 0;
	ssize_t n;
	const char *reason = NULL;
	errno = 0;
	while (!reason && (n = getline(&line, &size, f)) >= 0) {
		while (n > 0 && (line[n - 1] == '\n' || line[n - 1] == '\r'))
			line[--n] = '\0';
		char *start = line;
		while (*start == ' ' || *start == '\t')
			start++;
		if (*start == '\0' || *start == '#')
			continue;
		char *url = strchr(start, '\t');
		if (url) {
			*url++ = '\0';
			while (*url == ' ' || *url == '\t')
				url++;
			if (*url == '\0')
				url = NULL;
		}
		if (!inputs_add(list, start, url))
			reason = strerror(ENOMEM);
	}
	if (!reason && ferror(f))
		reason = strerror(errno ? errno : EIO);
	free(line);
	if (is_stdin)
		clearerr(stdin);
	else
		fclose(f);
	return reason;
}

/* ---- Loading ---- */

void loaded_input_free(loaded_input *loaded)
{
	free(loaded->raw.data);
	free(loaded->decompressed);
	free(loaded->final_url);
	free(loaded->charset);
	memset(loaded, 0, sizeof *loaded);
}

const char *inputs_load(const input_item *item, fetcher *f, loaded_input *loaded)
{
	free(loaded->decompressed);
	free(loaded->final_url);
	free(loaded->charset);
	loaded->decompressed = NULL;
	loaded->final_url = NULL;
	loaded->charset = NULL;
	loaded->http_status = 0;
	loaded->data = "";
	loaded->length = 0;
	loaded->kind = SNIFF_UNKNOWN;
	if (item->reason)
		return item->reason;
	const char *reason;
	if (item->is_url) {
		fetched_page page;
		reason = fetcher_get(f, item->source, &page);
		loaded->http_status = page.http_status;
		if (*page.final_url && !(loaded->final_url = strdup(page.final_url)))
			return strerror(ENOMEM);
		if (reason)
			return reason;
		if (page.charset && !(loaded->charset = strdup(page.charset)))
			return strerror(ENOMEM);
		if (page.http_status >= 400) {
			snprintf(loaded->reason, sizeof loaded->reason, "HTTP status %ld",
			         page.http_status);
			return loaded->reason;
		}
		if (page.length) {
			loaded->data = page.body;
			loaded->length = page.length;
		}
	} else {
		reason = read_input(item->source, &loaded->raw);
		if (reason) {
			/* A file too large to read may be a WARC file given
			 * without warc: its first bytes tell. */
			if (strcmp(item->source, "-") != 0 &&
			    sniff_file(item->source, &loaded->raw) == SNIFF_WARC) {
				loaded->kind = SNIFF_WARC;
				return inputs_refusal(item, loaded);
			}
			return reason;
		}
		loaded->data = loaded->raw.data ? loaded->raw.data : "";
		loaded->length = loaded->raw.length;
	}
	sniff_compression compression =
	    sniff_compression_of(loaded->data, loaded->length, item->is_url ? NULL : item->source);
	if (compression != SNIFF_PLAIN) {
		char detail[400];
		reason = sniff_decompress(compression, loaded->data, loaded->length, false, 0,
		                          &loaded->decompressed, &loaded->decompressed_length,
		                          detail, sizeof detail);
		if (reason) {
			snprintf(loaded->reason, sizeof loaded->reason, "%s", reason);
			return loaded->reason;
		}
		loaded->data = loaded->decompressed ? loaded->decompressed : "";
		loaded->length = loaded->decompressed_length;
	}
	loaded->kind = sniff_kind_of(loaded->data, loaded->length);
	return NULL;
}

const char *inputs_refusal(const input_item *item, loaded_input *loaded)
{
	const char *what = sniff_kind_phrase(loaded->kind);
	switch (loaded->kind) {
	case SNIFF_WARC:
		snprintf(loaded->reason, sizeof loaded->reason,
		         "%s, not a page: pith warc %s extracts its pages", what, item->source);
		return loaded->reason;
	case SNIFF_SITEMAP:
	case SNIFF_SITEMAP_INDEX:
	case SNIFF_RSS:
	case SNIFF_ATOM:
	case SNIFF_URL_LIST:
		snprintf(loaded->reason, sizeof loaded->reason,
		         "%s, not a page: pith links %s lists its pages, and "
		         "pith links %s | pith --input-list - extracts them",
		         what, item->source, item->source);
		return loaded->reason;
	case SNIFF_HTML:
	case SNIFF_UNKNOWN:
		break;
	}
	return NULL;
}
