/* Batches (pith_batch_run and pith warc): WARC files made by
 * tests/make_warc.py from the dev pages, with their manifests of every
 * record, go through a batch; every HTML record must give exactly one line
 * and every broken record or stretch one error line, in input order, the
 * same for any thread count, plain or gzip output; an interrupted or
 * killed run must resume to exactly the output of an uninterrupted one.
 *
 * Needs python3 and the dev pages ($PITH_DEVPAGES, unpacked by
 * tests/run.sh); files go to $BUILD/test-batch. */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include <zlib.h>

#include "check.h"
#include "json_reader.h"
#include "pith.h"
#include "read_file.h"

#define STRINGIFY(x) #x
#define LINE_OF(x) STRINGIFY(x)
/* check() from check.h, named by the file and line of the check. */
#define CHECK(cond, ...) check((cond), __FILE__ ":" LINE_OF(__LINE__), __VA_ARGS__)

static char folder[512];
static char pages[512];
static char pith_binary[512];

static const char *path_in(const char *name)
{
	static char paths[8][640];
	static int next;
	char *path = paths[next++ % 8];
	snprintf(path, sizeof paths[0], "%s/%s", folder, name);
	return path;
}

static int run(const char *command)
{
	int status = system(command);
	return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

/* Builds NAME with tests/make_warc.py; ARGS are its options. */
static void make_warc(const char *name, const char *args)
{
	char command[2048];
	snprintf(command, sizeof command, "python3 tests/make_warc.py --pages %s %s -o %s", pages,
	         args, path_in(name));
	if (run(command) != 0) {
		fprintf(stderr, "cannot run: %s\n", command);
		exit(2);
	}
}

/* A manifest row, as tests/make_warc.py documents it. */
typedef struct manifest_row {
	char record_id[128];
	bool ok, is_html;
} manifest_row;

static manifest_row *read_manifest(const char *warc, size_t *count)
{
	char path[700];
	snprintf(path, sizeof path, "%s.manifest.tsv", warc);
	FILE *f = fopen(path, "r");
	if (!f) {
		fprintf(stderr, "no manifest %s\n", path);
		exit(2);
	}
	manifest_row *rows = NULL;
	size_t n = 0;
	char line[4096];
	bool header = true;
	while (fgets(line, sizeof line, f)) {
		if (header) {
			header = false;
			continue;
		}
		char *fields[5] = {0};
		char *state = NULL;
		/* Every field is non-empty ("-" stands for none). */
		for (int i = 0; i < 5; i++)
			fields[i] = strtok_r(i == 0 ? line : NULL, "\t\n", &state);
		if (!fields[4])
			continue;
		rows = realloc(rows, (n + 1) * sizeof *rows);
		manifest_row *row = &rows[n++];
		snprintf(row->record_id, sizeof row->record_id, "%s",
		         strcmp(fields[1], "-") == 0 ? "" : fields[1]);
		row->ok = strcmp(fields[3], "ok") == 0;
		row->is_html = strcmp(fields[4], "1") == 0;
	}
	fclose(f);
	*count = n;
	return rows;
}

static const char *string_field(const json_value *line, const char *key)
{
	const json_value *value = json_get(line, key);
	return value && value->type == JSON_STRING ? value->string : NULL;
}

/* The lines of a JSON-lines text, each parsed. */
typedef struct lines {
	json_value **items;
	size_t count;
} lines;

static lines parse_lines(const char *text, size_t length, const char *name)
{
	lines result = {0};
	const char *end = text + length;
	for (const char *p = text; p < end;) {
		const char *newline = memchr(p, '\n', (size_t)(end - p));
		if (!newline) {
			CHECK(false, "%s: a partial last line", name);
			break;
		}
		result.items = realloc(result.items, (result.count + 1) * sizeof *result.items);
		result.items[result.count++] = json_parse(p, (size_t)(newline - p), name);
		p = newline + 1;
	}
	return result;
}

static void free_lines(lines *l)
{
	for (size_t i = 0; i < l->count; i++)
		json_free(l->items[i]);
	free(l->items);
}

/* The bytes of a file, gunzipped when it is gzip (any number of members). */
static char *read_output(const char *path, size_t *length)
{
	gzFile f = gzopen(path, "rb");
	if (!f)
		return NULL;
	size_t capacity = 1 << 20, used = 0;
	char *data = malloc(capacity);
	int n;
	while ((n = gzread(f, data + used, (unsigned)(capacity - used - 1))) > 0) {
		used += (size_t)n;
		if (capacity - used < 2)
			data = realloc(data, capacity *= 2);
	}
	gzclose(f);
	data[used] = '\0';
	*length = used;
	return data;
}

/* Checks the lines of the input at position input against its manifest:
 * each HTML record once, with text when it is whole and an error when
 * broken; each broken non-HTML record or junk stretch once, with an
 * error; nothing else. */
static void check_against_manifest(const char *warc, size_t input, const lines *output,
                                   size_t first, size_t *next)
{
	size_t rows_count;
	manifest_row *rows = read_manifest(warc, &rows_count);
	size_t line = first;
	for (size_t r = 0; r < rows_count; r++) {
		const manifest_row *row = &rows[r];
		if (!row->is_html && row->ok)
			continue; /* skipped: no line */
		if (line >= output->count) {
			CHECK(false, "%s: no line for record %s", warc, row->record_id);
			break;
		}
		const json_value *l = output->items[line++];
		const char *id = string_field(l, "record_id");
		const char *source = string_field(l, "warc");
		const json_value *record = json_get(l, "record");
		const json_value *position = json_get(l, "input");
		CHECK(source && strcmp(source, warc) == 0, "%s: line names %s", warc,
		      source ? source : "(none)");
		CHECK(position && position->type == JSON_NUMBER &&
		          position->number == (double)input,
		      "%s: line says input %g, it is input %zu", warc,
		      position ? position->number : -1.0, input);
		CHECK(id && strcmp(id, row->record_id) == 0, "%s: line for %s, expected %s", warc,
		      id ? id : "(none)", row->record_id);
		/* The manifest lists every record and junk stretch in file
		 * order: a line's record number is its row. */
		CHECK(record && record->type == JSON_NUMBER && record->number == (double)r,
		      "%s %s: record number %g, its manifest row is %zu", warc, row->record_id,
		      record ? record->number : -1.0, r);
		bool has_text = string_field(l, "text") != NULL;
		bool has_error = string_field(l, "error") != NULL;
		CHECK(has_text != has_error, "%s %s: text or error, not both or neither", warc,
		      row->record_id);
		if (!row->ok)
			CHECK(has_error, "%s %s: a broken record needs an error line", warc,
			      row->record_id);
		else
			CHECK(has_text, "%s %s: a whole HTML record needs its text (%s)", warc,
			      row->record_id, string_field(l, "error"));
		if (has_text) {
			/* The page's metadata, as pith --format json has it. */
			const json_value *authors = json_get(l, "authors");
			CHECK(string_field(l, "title") && string_field(l, "encoding") &&
			          json_get(l, "language") && json_get(l, "next_pages") && authors &&
			          authors->type == JSON_ARRAY,
			      "%s %s: a line with text lacks the metadata fields", warc,
			      row->record_id);
		}
	}
	*next = line;
	free(rows);
}

static pith_status batch(const char *const *inputs, size_t count, const char *output,
                         unsigned threads, bool resume, pith_batch_stats *stats)
{
	pith_batch_options options = PITH_BATCH_OPTIONS_INIT;
	options.inputs = inputs;
	options.input_count = count;
	options.output = output;
	options.threads = threads;
	options.resume = resume;
	return pith_batch_run(&options, stats);
}

static size_t file_size(const char *path)
{
	struct stat info;
	return stat(path, &info) == 0 ? (size_t)info.st_size : 0;
}

/* What the progress callback saw. */
typedef struct progress_log {
	int calls;
	bool monotonic;
	pith_batch_progress last;
} progress_log;

static void log_progress(void *user, const pith_batch_progress *progress)
{
	progress_log *log = user;
	if (log->calls > 0)
		log->monotonic = log->monotonic && progress->records >= log->last.records &&
		                 progress->lines_written >= log->last.lines_written &&
		                 progress->bytes_read >= log->last.bytes_read &&
		                 progress->bytes_total == log->last.bytes_total;
	log->calls++;
	log->last = *progress;
}

/* The progress callback: counts only grow, and the last call (made at the
 * end) has every line written and every input byte read. */
static void test_progress(const char *const *inputs, size_t count, unsigned long long line_count)
{
	progress_log log = {.monotonic = true};
	pith_batch_options options = PITH_BATCH_OPTIONS_INIT;
	options.inputs = inputs;
	options.input_count = count;
	options.output = path_in("progress.jsonl");
	options.threads = 2;
	options.progress = log_progress;
	options.progress_user = &log;
	pith_batch_stats stats;
	pith_status status = pith_batch_run(&options, &stats);
	unsigned long long total = 0;
	for (size_t i = 0; i < count; i++)
		total += file_size(inputs[i]);
	CHECK(status == PITH_OK && log.calls >= 1 && log.monotonic,
	      "progress: %s, %d calls, monotonic %d", pith_strerror(status), log.calls,
	      log.monotonic);
	CHECK(log.last.lines_written == line_count && log.last.records == stats.records &&
	          log.last.bytes_total == total && log.last.bytes_read == total,
	      "progress at the end: %llu lines of %llu, %llu records of %llu, %llu/%llu bytes of "
	      "%llu",
	      log.last.lines_written, line_count, log.last.records, stats.records,
	      log.last.bytes_read, log.last.bytes_total, total);
}

static bool same_file_content(const char *a, const char *b)
{
	size_t la, lb;
	char *da = read_output(a, &la), *db = read_output(b, &lb);
	bool same = da && db && la == lb && memcmp(da, db, la) == 0;
	free(da);
	free(db);
	return same;
}

static void copy_prefix(const char *from, const char *to, size_t length)
{
	size_t total;
	char *data = read_file(from, &total);
	FILE *f = fopen(to, "wb");
	if (!data || !f)
		exit(2);
	fwrite(data, 1, length < total ? length : total, f);
	fclose(f);
	free(data);
}

/* An input that cannot be read as a WARC file (missing, a directory, a
 * page) has its error lines, the others are read whole, and the run
 * fails: PITH_ERROR_IO, or PITH_ERROR_MALFORMED when the file held no
 * record at all; stats count the lines written and say which input. */
static void test_unreadable_inputs(const char *const *inputs)
{
	FILE *page = fopen(path_in("page.html"), "wb");
	if (!page)
		exit(2);
	fputs("<html><body><p>A page, not a WARC file.</p></body></html>\n", page);
	fclose(page);
	static const struct {
		const char *name;
		pith_status status;
	} cases[] = {
	    {"missing.warc", PITH_ERROR_IO},
	    {"", PITH_ERROR_IO}, /* the folder itself: a directory */
	    {"page.html", PITH_ERROR_MALFORMED},
	};
	for (size_t c = 0; c < sizeof cases / sizeof cases[0]; c++) {
		char *bad = strdup(path_in(cases[c].name));
		const char *with_bad[3] = {inputs[0], bad, inputs[2]};
		const char *out = path_in("unreadable.jsonl");
		pith_batch_stats stats;
		pith_status status = batch(with_bad, 3, out, 2, false, &stats);
		CHECK(status == cases[c].status && stats.inputs_failed == 1 &&
		          strstr(stats.error, bad) != NULL,
		      "input %s: %s (expected %s), %llu inputs failed, error '%s'", bad,
		      pith_strerror(status), pith_strerror(cases[c].status), stats.inputs_failed,
		      stats.error);
		size_t length;
		char *text = read_output(out, &length);
		lines got = parse_lines(text, length, out);
		size_t next = 0;
		check_against_manifest(inputs[0], 0, &got, 0, &next);
		size_t bad_lines = 0;
		for (; next < got.count; next++, bad_lines++) {
			const char *source = string_field(got.items[next], "warc");
			if (!source || strcmp(source, bad) != 0)
				break;
			const json_value *position = json_get(got.items[next], "input");
			CHECK(position && position->number == 1 &&
			          string_field(got.items[next], "error"),
			      "%s: its line is not an error line of input 1", bad);
		}
		CHECK(bad_lines == 1, "%s: %zu lines, expected one error line", bad, bad_lines);
		check_against_manifest(inputs[2], 2, &got, next, &next);
		CHECK(next == got.count, "%s: lines beyond the manifests", bad);
		CHECK(stats.extracted + stats.failed == got.count,
		      "%s: stats count %llu + %llu lines, the output has %zu", bad, stats.extracted,
		      stats.failed, got.count);
		free_lines(&got);
		free(text);
		free(bad);
	}
	/* Several: each has its line, the first is the run's reason. */
	const char *all_bad[4] = {inputs[1], path_in("page.html"), folder, path_in("missing.warc")};
	pith_batch_stats stats;
	pith_status status = batch(all_bad, 4, path_in("unreadable.jsonl.gz"), 1, false, &stats);
	CHECK(status == PITH_ERROR_MALFORMED && stats.inputs_failed == 3 &&
	          strstr(stats.error, "page.html"),
	      "three unreadable inputs: %s, %llu failed, '%s'", pith_strerror(status),
	      stats.inputs_failed, stats.error);
}

/* Every layout, with every fault, through one batch: each record once. */
/* Three inputs, one per layout, each with every fault. */
static void make_layout_inputs(const char *inputs[3])
{
	static const char *layouts[] = {"plain", "gzip", "whole-gzip"};
	char names[3][64];
	for (int i = 0; i < 3; i++) {
		snprintf(names[i], sizeof names[i], "%s.warc%s", layouts[i],
		         strcmp(layouts[i], "plain") == 0 ? "" : ".gz");
		char args[256];
		snprintf(args, sizeof args,
		         "--count 40 --layout %s --version %s --seed %d "
		         "--faults truncated-member,garbage,bad-length",
		         layouts[i], i == 1 ? "1.0" : "1.1", i + 1);
		make_warc(names[i], args);
		inputs[i] = strdup(path_in(names[i]));
	}
}

static void test_layouts(const char *const *inputs)
{
	pith_batch_stats stats;
	const char *one = strdup(path_in("one-thread.jsonl"));
	pith_status status = batch(inputs, 3, one, 1, false, &stats);
	CHECK(status == PITH_OK, "batch: %s", pith_strerror(status));
	size_t length;
	char *text = read_output(one, &length);
	lines output = parse_lines(text, length, one);
	size_t next = 0;
	for (int i = 0; i < 3; i++)
		check_against_manifest(inputs[i], (size_t)i, &output, next, &next);
	CHECK(next == output.count, "%zu lines beyond the manifests", output.count - next);
	CHECK(stats.extracted + stats.failed == output.count,
	      "stats count %llu + %llu lines, the output has %zu", stats.extracted, stats.failed,
	      output.count);
	CHECK(stats.skipped > 0 && stats.html_records > 100, "stats: %llu skipped, %llu HTML",
	      stats.skipped, stats.html_records);
	test_progress(inputs, 3, output.count);

	/* Threads and gzip change nothing in the lines. */
	const char *three = strdup(path_in("three-threads.jsonl.gz"));
	status = batch(inputs, 3, three, 3, false, NULL);
	CHECK(status == PITH_OK, "3 threads: %s", pith_strerror(status));
	CHECK(same_file_content(one, three), "3 threads, gzip: not the 1-thread lines");
	unsigned char magic[2] = {0};
	FILE *f = fopen(three, "rb");
	CHECK(f && fread(magic, 1, 2, f) == 2 && magic[0] == 0x1f && magic[1] == 0x8b,
	      ".gz output is not gzip");
	if (f)
		fclose(f);

	/* A killed run leaves a cut file: resuming from any cut gives the
	 * whole output, plain or gzip. */
	size_t sizes[2] = {file_size(one), file_size(three)};
	const char *wholes[2] = {one, three};
	const char *cuts[2] = {strdup(path_in("cut.jsonl")), strdup(path_in("cut.jsonl.gz"))};
	for (int w = 0; w < 2; w++) {
		static const double at[] = {0.0, 0.013, 0.37, 0.5, 0.81, 0.999, 1.0};
		for (size_t k = 0; k < sizeof at / sizeof at[0]; k++) {
			copy_prefix(wholes[w], cuts[w], (size_t)(at[k] * (double)sizes[w]));
			status = batch(inputs, 3, cuts[w], 2, true, &stats);
			CHECK(status == PITH_OK, "resume: %s", pith_strerror(status));
			CHECK(same_file_content(one, cuts[w]),
			      "%s cut at %.3f: resumed output differs", cuts[w], at[k]);
		}
	}
	/* A file cut after everything resumes to itself, extracting nothing. */
	status = batch(inputs, 3, cuts[0], 1, true, &stats);
	CHECK(status == PITH_OK && stats.extracted == 0 && stats.resumed == output.count,
	      "resuming a finished run: %llu extracted, %llu kept", stats.extracted, stats.resumed);
	/* Another run's output is refused, not appended to. */
	status = batch(inputs + 1, 1, one, 1, true, &stats);
	CHECK(status == PITH_ERROR_INVALID_ARGUMENT, "resume onto another run's output: %s",
	      pith_strerror(status));
	CHECK(same_file_content(one, cuts[0]), "a refused resume changed the file");

	free_lines(&output);
	free(text);
	free((char *)one);
	free((char *)three);
	free((char *)cuts[0]);
	free((char *)cuts[1]);
}

/* Whether the file at path holds exactly bytes[0..length). */
static bool file_holds(const char *path, const char *bytes, size_t length)
{
	size_t got;
	char *data = read_file(path, &got);
	bool same = data && got == length && memcmp(data, bytes, length) == 0;
	free(data);
	return same;
}

/* The whole output of a batch over inputs, into name; its path. */
static char *whole_run(const char *const *inputs, size_t count, const char *name)
{
	char *path = strdup(path_in(name));
	pith_status status = batch(inputs, count, path, 2, false, NULL);
	CHECK(status == PITH_OK, "%s: %s", name, pith_strerror(status));
	return path;
}

/* The byte offset where line n (from 0) of the plain file at path starts. */
static size_t line_offset(const char *path, size_t n)
{
	size_t length;
	char *data = read_file(path, &length);
	size_t offset = 0;
	for (size_t i = 0; i < n && data && offset < length; i++) {
		const char *newline = memchr(data + offset, '\n', length - offset);
		offset = newline ? (size_t)(newline - data) + 1 : length;
	}
	free(data);
	return offset;
}

/* Resumes inputs onto a copy of whole cut at each of cuts (bytes): the
 * result must be whole's content, with the lines before the cut kept. */
static void check_resumes_to(const char *const *inputs, size_t count, const char *whole,
                             const size_t *cuts, size_t cut_count, const char *what)
{
	char *cut = strdup(path_in(strstr(whole, ".gz") ? "resumed.jsonl.gz" : "resumed.jsonl"));
	for (size_t k = 0; k < cut_count; k++) {
		copy_prefix(whole, cut, cuts[k]);
		pith_batch_stats stats;
		pith_status status = batch(inputs, count, cut, 2, true, &stats);
		CHECK(status == PITH_OK && same_file_content(whole, cut),
		      "%s, cut at byte %zu: %s (%s), resumed output %s", what, cuts[k],
		      pith_strerror(status), stats.error,
		      same_file_content(whole, cut) ? "whole" : "differs");
	}
	free(cut);
}

/* The same file given twice is two inputs: a run stopped in the second
 * copy resumes there, not in the first (issue 11: cut after 300 of 412
 * lines, the resumed output had 618). */
static void test_same_file_twice(const char *const *inputs)
{
	const char *twice[2] = {inputs[0], inputs[0]};
	for (int gzip = 0; gzip < 2; gzip++) {
		char *whole = whole_run(twice, 2, gzip ? "twice.jsonl.gz" : "twice.jsonl");
		size_t size = file_size(whole);
		if (!gzip) {
			size_t length;
			char *text = read_output(whole, &length);
			lines all = parse_lines(text, length, whole);
			size_t cuts[] = {line_offset(whole, all.count * 3 / 4),
			                 line_offset(whole, all.count * 3 / 4) + 17,
			                 line_offset(whole, all.count / 2),
			                 line_offset(whole, all.count / 4), size - 1};
			check_resumes_to(twice, 2, whole, cuts, sizeof cuts / sizeof cuts[0],
			                 "the same file twice");
			size_t next = 0;
			check_against_manifest(inputs[0], 0, &all, 0, &next);
			check_against_manifest(inputs[0], 1, &all, next, &next);
			CHECK(next == all.count, "the same file twice: %zu lines, expected %zu",
			      all.count, next);
			free_lines(&all);
			free(text);
		} else {
			size_t cuts[] = {size / 3, size * 2 / 3, size - 1};
			check_resumes_to(twice, 2, whole, cuts, sizeof cuts / sizeof cuts[0],
			                 "the same file twice, gzip");
		}
		free(whole);
	}
}

/* A run of inputs in format, with dedup or not, parsed; NULL items when it
 * failed. */
static lines format_run(const char *const *inputs, size_t count, const char *name,
                        pith_format format, bool dedup, unsigned threads)
{
	pith_batch_options options = PITH_BATCH_OPTIONS_INIT;
	options.inputs = inputs;
	options.input_count = count;
	options.output = path_in(name);
	options.threads = threads;
	options.format = format;
	options.dedup = dedup;
	pith_batch_stats stats;
	pith_status status = pith_batch_run(&options, &stats);
	CHECK(status == PITH_OK, "%s: %s (%s)", name, pith_strerror(status), stats.error);
	size_t length;
	char *text = read_output(path_in(name), &length);
	lines result = text ? parse_lines(text, length, name) : (lines){0};
	free(text);
	return result;
}

static double number_field(const json_value *line, const char *key)
{
	const json_value *value = json_get(line, key);
	return value && value->type == JSON_NUMBER ? value->number : -1;
}

/* Formats and --dedup: the same file twice, so that every page with text
 * of the second is a repeat. Each line of the dedup run is the plain
 * run's, but a page whose text an earlier line had: its line is the
 * record's fields and "duplicate_of", the first line with that text. */
static void test_formats_and_dedup(const char *const *inputs)
{
	const char *twice[2] = {inputs[0], inputs[0]};
	lines plain = format_run(twice, 2, "formats-plain.jsonl", PITH_FORMAT_MARKDOWN, false, 2);
	lines deduped = format_run(twice, 2, "formats-dedup.jsonl", PITH_FORMAT_MARKDOWN, true, 3);
	CHECK(plain.count == deduped.count && plain.count > 0,
	      "dedup: %zu lines, %zu without dedup", deduped.count, plain.count);
	size_t duplicates = 0, texts = 0;
	for (size_t i = 0; i < plain.count && i < deduped.count; i++) {
		const json_value *p = plain.items[i], *d = deduped.items[i];
		const char *text = string_field(p, "text");
		if (text) {
			texts++;
			CHECK(string_field(p, "markdown") && string_field(p, "simhash") &&
			          strlen(string_field(p, "simhash")) == 16 &&
			          number_field(p, "word_count") >= 0,
			      "markdown line %zu: no markdown, simhash or word_count", i);
		}
		size_t first = i;
		for (size_t j = 0; text && *text && j < i && first == i; j++) {
			const char *earlier = string_field(plain.items[j], "text");
			if (earlier && strcmp(earlier, text) == 0)
				first = j;
		}
		if (first == i) {
			CHECK(json_get(d, "duplicate_of") == NULL &&
			          (!text || (string_field(d, "text") &&
			                     strcmp(string_field(d, "text"), text) == 0)),
			      "dedup line %zu: not the line of the run without dedup", i);
			continue;
		}
		duplicates++;
		const json_value *of = json_get(d, "duplicate_of");
		CHECK(of &&
		          number_field(of, "input") == number_field(plain.items[first], "input") &&
		          number_field(of, "record") == number_field(plain.items[first], "record"),
		      "dedup line %zu: should repeat line %zu", i, first);
		CHECK(!json_get(d, "text") && !json_get(d, "markdown") &&
		          number_field(d, "record") == number_field(p, "record") &&
		          string_field(d, "record_id") &&
		          strcmp(string_field(d, "record_id"), string_field(p, "record_id")) == 0,
		      "dedup line %zu: a duplicate's line holds its record's fields alone", i);
	}
	CHECK(duplicates * 2 >= texts - 4, "dedup: %zu duplicates among %zu texts", duplicates,
	      texts);
	free_lines(&plain);
	free_lines(&deduped);

	pith_batch_options options = PITH_BATCH_OPTIONS_INIT;
	options.inputs = inputs;
	options.input_count = 1;
	options.output = path_in("bad-format.jsonl");
	options.format = (pith_format)99;
	CHECK(pith_batch_run(&options, NULL) == PITH_ERROR_INVALID_ARGUMENT,
	      "a format out of range is refused");
}

/* Tries to resume inputs onto a copy of whole cut at cut: refused
 * (PITH_ERROR_INVALID_ARGUMENT, stats.error saying why) and the copy left
 * as it was. */
static void check_refused(const char *const *inputs, size_t count, const char *whole, size_t cut,
                          const char *expected_reason, const char *what)
{
	const char *copy = path_in("refused.jsonl");
	copy_prefix(whole, copy, cut);
	size_t length;
	char *before = read_file(copy, &length);
	pith_batch_stats stats;
	pith_status status = batch(inputs, count, copy, 1, true, &stats);
	CHECK(status == PITH_ERROR_INVALID_ARGUMENT && strstr(stats.error, expected_reason),
	      "%s: %s, error '%s' (expected '%s')", what, pith_strerror(status), stats.error,
	      expected_reason);
	CHECK(before && file_holds(copy, before, length), "%s: the refused output changed", what);
	free(before);
}

/* --resume by position: another list, another order, or two runs put
 * together are refused and left as they were; more inputs after the last
 * one begun go on. */
static void test_resume_by_position(const char *const *inputs)
{
	const char *ab[2] = {inputs[0], inputs[1]};
	char *whole = whole_run(ab, 2, "ab.jsonl");
	size_t length;
	char *text = read_output(whole, &length);
	lines all = parse_lines(text, length, whole);
	size_t first_count = 0;
	while (first_count < all.count &&
	       strcmp(string_field(all.items[first_count], "warc"), inputs[0]) == 0)
		first_count++;
	CHECK(first_count > 4 && first_count < all.count, "a and b: %zu of %zu lines from a",
	      first_count, all.count);
	size_t in_b = line_offset(whole, (first_count + all.count) / 2);
	size_t in_a = line_offset(whole, first_count / 2);

	const char *ba[2] = {inputs[1], inputs[0]};
	check_refused(ba, 2, whole, in_b, "line 1 is from input 0", "inputs swapped");
	check_refused(ab, 1, whole, in_b, "but 1 input is given", "the second input left out");
	const char *ac[2] = {inputs[0], inputs[2]};
	check_refused(ac, 2, whole, in_b, "but input 1 is", "another second input");
	const char *aab[3] = {inputs[0], inputs[0], inputs[1]};
	check_refused(aab, 3, whole, in_b, "is from input 1", "an input added before");

	/* Two runs' lines in one file. */
	const char *doubled = path_in("doubled.jsonl");
	FILE *f = fopen(doubled, "wb");
	if (!f)
		exit(2);
	fwrite(text, 1, length, f);
	fwrite(text, 1, length, f);
	fclose(f);
	check_refused(ab, 2, doubled, length * 2, "does not come after", "two runs' lines");
	/* Lines without input positions (another program's, or an older
	 * pith's): never resumed by name alone. */
	const char *old = path_in("old.jsonl");
	f = fopen(old, "wb");
	if (!f)
		exit(2);
	fprintf(f, "{\"warc\":\"%s\",\"record\":1,\"offset\":0}\n", inputs[0]);
	fclose(f);
	check_refused(ab, 2, old, file_size(old), "line 1 does not start as",
	              "a line without an input position");

	/* Stopped in a: b and c were not begun, so c may follow; the result
	 * is the whole run over a, b, c. */
	char *whole_abc = whole_run(inputs, 3, "abc.jsonl");
	const char *cut = path_in("abc-cut.jsonl");
	copy_prefix(whole, cut, in_a);
	pith_batch_stats stats;
	pith_status status = batch(inputs, 3, cut, 2, true, &stats);
	CHECK(status == PITH_OK && stats.resumed == first_count / 2 &&
	          same_file_content(cut, whole_abc),
	      "a, b cut in a, resumed with a, b, c: %s (%s), %llu kept", pith_strerror(status),
	      stats.error, stats.resumed);
	free(whole_abc);
	free_lines(&all);
	free(text);
	free(whole);
}

/* What a batch run from inside another's progress callback got. */
typedef struct second_writer {
	const char *const *inputs;
	const char *output;
	bool tried;            /* at the first call, made when the first line is written */
	pith_status status[2]; /* writing, then resuming */
	char error[2][PITH_BATCH_ERROR_BYTES];
} second_writer;

static void start_second_writer(void *user, const pith_batch_progress *progress)
{
	second_writer *second = user;
	if (second->tried)
		return;
	second->tried = true;
	for (int resume = 0; resume < 2; resume++) {
		pith_batch_stats stats;
		second->status[resume] =
		    batch(second->inputs + 1, 1, second->output, 1, resume, &stats);
		memcpy(second->error[resume], stats.error, sizeof stats.error);
	}
}

/* While a batch writes its output, it is locked: a second batch on it
 * (writing or resuming) fails at once and changes nothing; so does pith
 * warc on a file another process holds locked. */
static void test_two_writers(const char *const *inputs, const char *whole_a)
{
	second_writer second = {.inputs = inputs, .output = path_in("locked.jsonl")};
	pith_batch_options options = PITH_BATCH_OPTIONS_INIT;
	options.inputs = inputs;
	options.input_count = 1;
	options.output = second.output;
	options.threads = 2;
	options.progress = start_second_writer;
	options.progress_user = &second;
	pith_batch_stats stats;
	pith_status status = pith_batch_run(&options, &stats);
	CHECK(status == PITH_OK && second.tried, "the first writer: %s, second tried %d",
	      pith_strerror(status), second.tried);
	for (int resume = 0; resume < 2; resume++)
		CHECK(second.status[resume] == PITH_ERROR_IO &&
		          strstr(second.error[resume], "being written by another run"),
		      "a second %s on a locked output: %s, '%s'", resume ? "resume" : "writer",
		      pith_strerror(second.status[resume]), second.error[resume]);
	CHECK(same_file_content(second.output, whole_a),
	      "the first writer's output is not a whole run's");

	/* pith warc against a lock held by this process. */
	const char *held = path_in("held.jsonl");
	FILE *f = fopen(held, "w");
	if (!f)
		exit(2);
	fputs("{\"kept\":true}\n", f);
	fflush(f);
	CHECK(flock(fileno(f), LOCK_EX) == 0, "cannot lock %s", held);
	char command[2048];
	snprintf(command, sizeof command, "%s warc --quiet -o %s %s 2> %s", pith_binary, held,
	         inputs[0], path_in("held.txt"));
	int code = run(command);
	size_t length;
	char *message = read_file(path_in("held.txt"), &length);
	CHECK(code == 1 && message && strstr(message, "being written by another run"),
	      "pith warc on a locked file: exit %d, '%s'", code, message ? message : "");
	CHECK(file_holds(held, "{\"kept\":true}\n", 14), "pith warc changed a locked file");
	free(message);
	fclose(f); /* unlocks */
	CHECK(run(command) == 0 && same_file_content(held, whole_a),
	      "pith warc once the lock is gone");
}

/* Runs a batch with the output's size limited to limit bytes (writes
 * past it fail with EFBIG, SIGXFSZ ignored). */
static pith_status batch_with_size_limit(const char *input, const char *output, rlim_t limit,
                                         pith_batch_stats *stats)
{
	struct rlimit saved, limited;
	getrlimit(RLIMIT_FSIZE, &saved);
	limited = saved;
	limited.rlim_cur = limit;
	void (*handler)(int) = signal(SIGXFSZ, SIG_IGN);
	setrlimit(RLIMIT_FSIZE, &limited);
	const char *inputs[1] = {input};
	pith_status status = batch(inputs, 1, output, 2, false, stats);
	setrlimit(RLIMIT_FSIZE, &saved);
	signal(SIGXFSZ, handler);
	return status;
}

/* A write error (here: a file size limit) is a write error with the
 * system's reason; the stats count the lines that reached the file whole,
 * which --resume then keeps, and no line is lost or doubled. The same
 * from pith warc, on a full device and over a size limit. */
static void test_write_errors(const char *input)
{
	for (int gzip = 0; gzip < 2; gzip++) {
		const char *names[2] = {"limit-whole.jsonl", "limit-whole.jsonl.gz"};
		const char *inputs[1] = {input};
		char *whole = whole_run(inputs, 1, names[gzip]);
		size_t size = file_size(whole);
		char *cut = strdup(path_in(gzip ? "limited.jsonl.gz" : "limited.jsonl"));
		/* gzip: inside the last member, after whole ones. */
		rlim_t limit = gzip ? size - 100 : size / 2;
		pith_batch_stats stats;
		pith_status status = batch_with_size_limit(input, cut, limit, &stats);
		unsigned long long written = stats.extracted + stats.failed;
		CHECK(status == PITH_ERROR_IO && strstr(stats.error, "cannot write") &&
		          strstr(stats.error, strerror(EFBIG)),
		      "over a size limit (%s): %s, '%s'", cut, pith_strerror(status), stats.error);
		CHECK(written > 0 && file_size(cut) <= limit, "%s: %llu lines written, %zu bytes",
		      cut, written, file_size(cut));
		status = batch(inputs, 1, cut, 2, true, &stats);
		CHECK(status == PITH_OK && stats.resumed == written &&
		          same_file_content(cut, whole),
		      "%s resumed after the write error: %s, %llu lines kept, %llu counted written",
		      cut, pith_strerror(status), stats.resumed, written);
		free(cut);
		free(whole);
	}

	char command[2048];
	snprintf(command, sizeof command, "%s warc -o /dev/full %s 2> %s", pith_binary, input,
	         path_in("full.txt"));
	int code = run(command);
	size_t length;
	char *message = read_file(path_in("full.txt"), &length);
	CHECK(code == 1 && message && strstr(message, "cannot write /dev/full: No space left") &&
	          strstr(message, "lines: 0 extracted, 0 errors"),
	      "pith warc -o /dev/full: exit %d, '%s'", code, message ? message : "");
	free(message);

	/* pith warc over a size limit: its summary counts the lines on the
	 * file. */
	const char *out = path_in("cli-limited.jsonl");
	pid_t child = fork();
	if (child == 0) {
		struct rlimit limited;
		getrlimit(RLIMIT_FSIZE, &limited);
		limited.rlim_cur = 300000;
		if (setrlimit(RLIMIT_FSIZE, &limited) != 0 ||
		    !freopen(path_in("limited.txt"), "w", stderr))
			_exit(127);
		execl(pith_binary, pith_binary, "warc", "--threads", "2", "-o", out, input,
		      (char *)NULL);
		_exit(127);
	}
	int status;
	waitpid(child, &status, 0);
	message = read_file(path_in("limited.txt"), &length);
	unsigned long long extracted = 0, errors = 0;
	const char *summary = message ? strstr(message, "lines: ") : NULL;
	bool counted = summary && sscanf(summary, "lines: %llu extracted, %llu errors", &extracted,
	                                 &errors) == 2;
	char *text = read_file(out, &length);
	size_t complete = 0;
	for (size_t i = 0; text && i < length; i++)
		complete += text[i] == '\n';
	CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 1 && message &&
	          strstr(message, strerror(EFBIG)) && counted && extracted + errors == complete &&
	          complete > 0,
	      "pith warc over a size limit: exit %d, %llu + %llu lines said, %zu on the file: %s",
	      WIFEXITED(status) ? WEXITSTATUS(status) : -1, extracted, errors, complete,
	      message ? message : "");
	free(text);
	free(message);
}

/* How many times test_command_interrupted names its input: the run must
 * be long enough that, at each moment the test signals, pith warc has not
 * read its last record (see there). */
#define INTERRUPTED_COPIES 3

/* Starts pith warc over INTERRUPTED_COPIES of input into the FIFO fifo,
 * with its notices going to /dev/null; its pid. */
static pid_t start_into_fifo(const char *input, const char *fifo)
{
	pid_t child = fork();
	if (child == 0) {
		/* Its "interrupted" notice is expected: keep the log clean. */
		if (!freopen("/dev/null", "w", stderr))
			_exit(127);
		const char *argv[8 + INTERRUPTED_COPIES] = {
		    pith_binary, "warc", "--quiet", "--threads", "2", "-o", fifo};
		for (int i = 0; i < INTERRUPTED_COPIES; i++)
			argv[7 + i] = input;
		execv(pith_binary, (char *const *)argv);
		_exit(127);
	}
	return child;
}

/* pith warc as a user runs it: Ctrl-C leaves valid output that --resume
 * completes to exactly the uninterrupted run's, plain or gzip. Ctrl-C
 * comes at states the test sees, never after a guessed delay (which
 * failed once on a busy machine): the output is a FIFO that this process
 * reads and copies to a file, so pith warc writes no further than the
 * pipe (64 KiB) beyond what was read, and reads no further than its
 * pending piece (BATCH_WRITE_BYTES) and its ring of records beyond that.
 * The signal comes after the first line (gzip: the first bytes), or after
 * a share of the whole output, while most of the input is still unread,
 * so the run is always interrupted, and exits with 130. */
static void test_command_interrupted(const char *input)
{
	const char *inputs[INTERRUPTED_COPIES];
	for (int i = 0; i < INTERRUPTED_COPIES; i++)
		inputs[i] = input;
	for (int gzip = 0; gzip < 2; gzip++) {
		char *whole = whole_run(inputs, INTERRUPTED_COPIES,
		                        gzip ? "big-whole.jsonl.gz" : "big-whole.jsonl");
		char *fifo = strdup(path_in(gzip ? "big.fifo.jsonl.gz" : "big.fifo.jsonl"));
		char *copy = strdup(path_in(gzip ? "big-cut.jsonl.gz" : "big-cut.jsonl"));
		size_t whole_size = file_size(whole);
		/* Bytes of output read before Ctrl-C: the first line or
		 * bytes, a tenth, a quarter. At a quarter of three copies'
		 * output (plain: 3.4 MB), pith warc has written at most the
		 * pipe's 64 KiB more (gzip: about 320 KB of lines), holds a
		 * piece of 1 MiB and ten records: under 2.5 MB of lines read. */
		size_t points[] = {1, whole_size / 10, whole_size / 4};
		for (size_t k = 0; k < sizeof points / sizeof points[0]; k++) {
			unlink(fifo);
			if (mkfifo(fifo, 0600) != 0) {
				perror(fifo);
				exit(2);
			}
			pid_t child = start_into_fifo(input, fifo);
			int in = open(fifo, O_RDONLY);
			FILE *out = fopen(copy, "wb");
			if (in < 0 || !out)
				exit(2);
			size_t got = 0, lines_got = 0;
			bool signalled = false;
			char buffer[4096];
			ssize_t n;
			while ((n = read(in, buffer, sizeof buffer)) > 0) {
				fwrite(buffer, 1, (size_t)n, out);
				got += (size_t)n;
				for (ssize_t i = 0; i < n; i++)
					lines_got += buffer[i] == '\n';
				/* Plain output: after whole lines only. */
				if (!signalled && got >= points[k] && (gzip || lines_got > 0)) {
					kill(child, SIGINT);
					signalled = true;
				}
			}
			close(in);
			fclose(out);
			int status;
			waitpid(child, &status, 0);
			int code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
			CHECK(signalled && code == 130,
			      "Ctrl-C after %zu of %zu bytes%s: exit status %d", points[k],
			      whole_size, gzip ? " (gzip)" : "", code);
			size_t length;
			char *text = read_output(copy, &length);
			CHECK(text && length > 0 && text[length - 1] == '\n',
			      "Ctrl-C after %zu bytes%s: output %zu bytes, ends inside a line",
			      points[k], gzip ? " (gzip)" : "", text ? length : 0);
			lines partial = parse_lines(text ? text : "", text ? length : 0, copy);
			pith_batch_stats stats;
			pith_status resumed =
			    batch(inputs, INTERRUPTED_COPIES, copy, 2, true, &stats);
			CHECK(resumed == PITH_OK && stats.resumed == partial.count &&
			          same_file_content(copy, whole),
			      "Ctrl-C after %zu bytes%s, then --resume: %s, %llu of %zu lines "
			      "kept, output "
			      "%s",
			      points[k], gzip ? " (gzip)" : "", pith_strerror(resumed),
			      stats.resumed, partial.count,
			      same_file_content(copy, whole) ? "whole" : "differs");
			free_lines(&partial);
			free(text);
		}
		unlink(fifo);
		free(fifo);
		free(copy);
		free(whole);
	}
}

/* On a terminal, standard error shows progress (records/s, MB/s, ETA);
 * elsewhere only the summary. script(1) gives the command a terminal. */
static void test_command_progress(void)
{
	const char *input = "examples/sample.warc.gz";
	char command[2048];
	snprintf(command, sizeof command,
	         "script -qec '%s warc --threads 1 -o %s %s %s' /dev/null > %s", pith_binary,
	         path_in("tty.jsonl"), input, input, path_in("tty.txt"));
	CHECK(run(command) == 0, "%s", command);
	size_t length;
	char *shown = read_file(path_in("tty.txt"), &length);
	CHECK(shown && strstr(shown, "records/s") && strstr(shown, "MB/s") &&
	          strstr(shown, "ETA") && strstr(shown, "pith warc: 6 records (2 HTML, 4 skipped)"),
	      "on a terminal: %s", shown ? shown : "(nothing)");
	free(shown);
	snprintf(command, sizeof command, "%s warc -o %s %s 2> %s", pith_binary,
	         path_in("file.jsonl"), input, path_in("file.txt"));
	CHECK(run(command) == 0, "%s", command);
	shown = read_file(path_in("file.txt"), &length);
	CHECK(shown && !strstr(shown, "records/s") && strstr(shown, "pith warc: 3 records"),
	      "not on a terminal: %s", shown ? shown : "(nothing)");
	free(shown);
}

static void test_command_usage(void)
{
	static const struct {
		const char *args;
		int status;
	} cases[] = {
	    {"warc", 2},
	    {"warc --threads 0 x.warc", 2},
	    {"warc --threads many x.warc", 2},
	    {"warc --resume x.warc", 2},
	    {"warc --bogus x.warc", 2},
	    {"warc --format docx x.warc", 2},
	    {"warc --help", 0},
	    {"warc --quiet /nonexistent/x.warc", 1},
	    {"warc --quiet /", 1}, /* a directory */
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		char command[1024];
		snprintf(command, sizeof command, "%s %s >/dev/null 2>&1", pith_binary,
		         cases[i].args);
		int status = run(command);
		CHECK(status == cases[i].status, "pith %s: exit %d, expected %d", cases[i].args,
		      status, cases[i].status);
	}
}

int main(void)
{
	const char *build = getenv("BUILD") ? getenv("BUILD") : "build";
	const char *devpages = getenv("PITH_DEVPAGES") ? getenv("PITH_DEVPAGES") : "build/devpages";
	snprintf(pages, sizeof pages, "%s/scrapinghub/html", devpages);
	struct stat info;
	if (stat(pages, &info) != 0) {
		printf("no dev pages in %s: batch tests skipped\nbatch: 0 passed, 0 failed, 1 "
		       "skipped\n",
		       pages);
		return 0;
	}
	snprintf(folder, sizeof folder, "%s/test-batch", build);
	mkdir(folder, 0777);
	char cwd[256];
	if (!getcwd(cwd, sizeof cwd))
		return 2;
	snprintf(pith_binary, sizeof pith_binary, "%s/%s/pith", cwd, build);

	const char *inputs[3];
	make_layout_inputs(inputs);
	test_layouts(inputs);
	test_unreadable_inputs(inputs);
	test_same_file_twice(inputs);
	test_formats_and_dedup(inputs);
	test_resume_by_position(inputs);
	char *whole_a = whole_run(inputs, 1, "a.jsonl");
	test_two_writers(inputs, whole_a);
	free(whole_a);
	make_warc("big.warc.gz", "--layout gzip --seed 7");
	char *big = strdup(path_in("big.warc.gz"));
	test_write_errors(big);
	test_command_interrupted(big);
	free(big);
	for (int i = 0; i < 3; i++)
		free((char *)inputs[i]);
	test_command_usage();
	test_command_progress();

	printf("batch: %d passed, %d failed\n", passed, failed);
	return failed ? 1 : 0;
}
