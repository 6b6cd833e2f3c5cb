/* libFuzzer target: --resume over an output file of any bytes. A batch
 * resumed onto a damaged, foreign or hostile output (plain or gzip, cut
 * anywhere, lines that almost name the input, at another position, out
 * of order) must keep its whole lines, refuse it and leave it as it was,
 * or fail with an I/O error: never crash, hang, or leave a partial line.
 * The first byte picks plain or gzip output; the rest is the existing
 * output. The input is a small WARC with two HTML records at a fixed
 * path, which seeds' lines name. Traps on another status; when a refused
 * output changed; when a run that says PITH_OK leaves output that does
 * not end in a newline or (gzip) does not decode whole, or holds another
 * number of lines than it kept and wrote; or when resuming that output
 * again, a finished run, is refused or writes anything. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <zlib.h>

#include "pith.h"

static const char warc[] =
    "WARC/1.1\r\nWARC-Type: response\r\nWARC-Record-ID: <urn:uuid:1>\r\n"
    "WARC-Target-URI: https://example.org/a\r\nWARC-Date: 2024-01-01T00:00:00Z\r\n"
    "Content-Type: application/http; msgtype=response\r\nContent-Length: 89\r\n\r\n"
    "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n"
    "<title>A</title><p>One paragraph of text.</p>"
    "\r\n\r\n"
    "WARC/1.1\r\nWARC-Type: response\r\nWARC-Record-ID: <urn:uuid:2>\r\n"
    "WARC-Target-URI: https://example.org/b\r\nWARC-Date: 2024-01-01T00:00:00Z\r\n"
    "Content-Type: application/http; msgtype=response\r\nContent-Length: 89\r\n\r\n"
    "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n"
    "<title>B</title><p>Two paragraph of text.</p>"
    "\r\n\r\n";

/* The input, at a fixed path so that lines can name it; written once per
 * process under a private name and renamed into place, so processes
 * fuzzing at once never see it half-written. */
#define INPUT "/tmp/pith-fuzz-resume.warc"

static void prepare(char *output, size_t size, int gzip)
{
	static int ready;
	if (!ready) {
		char staging[64];
		snprintf(staging, sizeof staging, INPUT ".%ld", (long)getpid());
		FILE *f = fopen(staging, "wb");
		if (!f || fwrite(warc, 1, sizeof warc - 1, f) != sizeof warc - 1 ||
		    fclose(f) != 0 || rename(staging, INPUT) != 0)
			abort();
		ready = 1;
	}
	snprintf(output, size, "/tmp/pith-fuzz-resume-%ld.jsonl%s", (long)getpid(),
	         gzip ? ".gz" : "");
}

/* The number of lines of the gzip or plain file at path, or -1 when it
 * does not decode whole or its last line has no newline. */
static long long whole_lines(const char *path)
{
	gzFile f = gzopen(path, "rb");
	if (!f)
		return -1;
	char buffer[4096];
	int n, last = '\n';
	long long lines = 0;
	while ((n = gzread(f, buffer, sizeof buffer)) > 0) {
		last = buffer[n - 1];
		for (int i = 0; i < n; i++)
			lines += buffer[i] == '\n';
	}
	int clean = n == 0;
	gzclose(f);
	return clean && last == '\n' ? lines : -1;
}

/* Whether the file at path holds exactly bytes[0..size). */
static int holds(const char *path, const uint8_t *bytes, size_t size)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return 0;
	uint8_t buffer[4096];
	size_t n, at = 0;
	int same = 1;
	while (same && (n = fread(buffer, 1, sizeof buffer, f)) > 0) {
		same = at + n <= size && memcmp(buffer, bytes + at, n) == 0;
		at += n;
	}
	fclose(f);
	return same && at == size;
}

static pith_status resume(const char *output, pith_batch_stats *stats)
{
	const char *inputs[] = {INPUT};
	pith_batch_options options = PITH_BATCH_OPTIONS_INIT;
	options.inputs = inputs;
	options.input_count = 1;
	options.output = output;
	options.threads = 1;
	options.resume = 1;
	return pith_batch_run(&options, stats);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size == 0)
		return 0;
	char output[64];
	prepare(output, sizeof output, data[0] & 1);
	FILE *f = fopen(output, "wb");
	if (!f)
		abort();
	fwrite(data + 1, 1, size - 1, f);
	fclose(f);
	pith_batch_stats stats;
	pith_status status = resume(output, &stats);
	if (status != PITH_OK && status != PITH_ERROR_INVALID_ARGUMENT && status != PITH_ERROR_IO)
		abort();
	if (status == PITH_ERROR_INVALID_ARGUMENT && !holds(output, data + 1, size - 1))
		abort();
	if (status == PITH_OK) {
		long long lines = whole_lines(output);
		if (lines < 0 ||
		    (unsigned long long)lines != stats.resumed + stats.extracted + stats.failed)
			abort();
		pith_batch_stats again;
		if (resume(output, &again) != PITH_OK || again.extracted + again.failed != 0 ||
		    again.resumed != (unsigned long long)lines)
			abort();
	}
	remove(output);
	return 0;
}
