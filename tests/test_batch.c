/* Batches (pith_batch_run and pith warc): WARC files made by
 * tests/make_warc.py from the dev pages, with their manifests of every
 * record, go through a batch; every HTML record must give exactly one line
 * and every broken record or stretch one error line, in input order, the
 * same for any thread count, plain or gzip output; an interrupted or
 * killed run must resume to exactly the output of an uninterrupted one.
 *
 * Needs python3 and the dev pages ($PITH_DEVPAGES, unpacked by
 * tests/run.sh); files go to $BUILD/test-batch. */
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
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

/* Checks one input's lines against its manifest: each HTML record once,
 * with text when it is whole and an error when broken; each broken
 * non-HTML record or junk stretch once, with an error; nothing else. */
static void check_against_manifest(const char *warc, const lines *output, size_t first,
                                   size_t *next)
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
		CHECK(source && strcmp(source, warc) == 0, "%s: line names %s", warc,
		      source ? source : "(none)");
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

/* Every layout, with every fault, through one batch: each record once. */
static void test_layouts(void)
{
	static const char *layouts[] = {"plain", "gzip", "whole-gzip"};
	const char *inputs[3];
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
	pith_batch_stats stats;
	const char *one = strdup(path_in("one-thread.jsonl"));
	pith_status status = batch(inputs, 3, one, 1, false, &stats);
	CHECK(status == PITH_OK, "batch: %s", pith_strerror(status));
	size_t length;
	char *text = read_output(one, &length);
	lines output = parse_lines(text, length, one);
	size_t next = 0;
	for (int i = 0; i < 3; i++)
		check_against_manifest(inputs[i], &output, next, &next);
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

	/* A missing input is one error line; the others go on. */
	const char *with_missing[3] = {inputs[0], path_in("missing.warc"), inputs[2]};
	const char *missing_out = path_in("missing.jsonl");
	status = batch(with_missing, 3, missing_out, 2, false, &stats);
	CHECK(status == PITH_ERROR_IO, "a missing input: %s", pith_strerror(status));
	char *missing_text = read_output(missing_out, &length);
	lines missing_lines = parse_lines(missing_text, length, missing_out);
	next = 0;
	check_against_manifest(inputs[0], &missing_lines, 0, &next);
	CHECK(next < missing_lines.count && string_field(missing_lines.items[next], "error"),
	      "no error line for the missing input");
	check_against_manifest(inputs[2], &missing_lines, next + 1, &next);
	CHECK(next == missing_lines.count, "lines beyond the manifests");
	free_lines(&missing_lines);
	free(missing_text);

	free_lines(&output);
	free(text);
	for (int i = 0; i < 3; i++)
		free((char *)inputs[i]);
	free((char *)one);
	free((char *)three);
	free((char *)cuts[0]);
	free((char *)cuts[1]);
}

/* pith warc as a user runs it: Ctrl-C leaves valid output that --resume
 * completes to exactly the uninterrupted run's. */
static void test_command_interrupted(void)
{
	make_warc("big.warc.gz", "--layout gzip --seed 7");
	/* Copies: path_in's buffers are reused. */
	char *input = strdup(path_in("big.warc.gz"));
	char *whole = strdup(path_in("big-whole.jsonl.gz"));
	char *output = strdup(path_in("big-cut.jsonl.gz"));
	char command[2048];
	snprintf(command, sizeof command, "%s warc --quiet --threads 2 -o %s %s", pith_binary,
	         whole, input);
	CHECK(run(command) == 0, "%s", command);
	int interrupted_runs = 0;
	static const int delays_ms[] = {60, 25, 10, 4, 1};
	for (size_t d = 0; d < sizeof delays_ms / sizeof delays_ms[0]; d++) {
		unlink(output);
		pid_t child = fork();
		if (child == 0) {
			/* Its "interrupted" notice is expected: keep the log clean. */
			if (!freopen("/dev/null", "w", stderr))
				_exit(127);
			execl(pith_binary, pith_binary, "warc", "--quiet", "--threads", "2", "-o",
			      output, input, (char *)NULL);
			_exit(127);
		}
		struct timespec pause = {0, delays_ms[d] * 1000000L};
		nanosleep(&pause, NULL);
		kill(child, SIGINT);
		int status;
		waitpid(child, &status, 0);
		/* 130: stopped by its handler; killed by SIGINT: the signal
		 * came before the handler was set, so nothing was written. */
		bool killed = WIFSIGNALED(status) && WTERMSIG(status) == SIGINT;
		int code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
		CHECK(code == 0 || code == 130 || killed, "Ctrl-C: exit status %d", code);
		if (code == 0)
			continue; /* finished before the signal came */
		interrupted_runs += code == 130;
		size_t length;
		char *text = read_output(output, &length);
		CHECK((killed && !text) || (text && (length == 0 || text[length - 1] == '\n')),
		      "Ctrl-C after %d ms (%s): output %s, %zu bytes, ends inside a line",
		      delays_ms[d], killed ? "killed" : "exit 130", text ? "present" : "missing",
		      text ? length : 0);
		lines partial = parse_lines(text ? text : "", text ? length : 0, output);
		free_lines(&partial);
		free(text);
		snprintf(command, sizeof command, "%s warc --quiet --resume --threads 2 -o %s %s",
		         pith_binary, output, input);
		CHECK(run(command) == 0, "%s", command);
		CHECK(same_file_content(output, whole),
		      "Ctrl-C after %d ms, then --resume: output differs from a whole run",
		      delays_ms[d]);
	}
	CHECK(interrupted_runs > 0, "no run was interrupted: every run ended before Ctrl-C");
	free(input);
	free(whole);
	free(output);
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
	    {"warc --help", 0},
	    {"warc --quiet /nonexistent/x.warc", 1},
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

	test_layouts();
	test_command_usage();
	test_command_progress();
	test_command_interrupted();

	printf("batch: %d passed, %d failed\n", passed, failed);
	return failed ? 1 : 0;
}
