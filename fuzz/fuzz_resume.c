/* libFuzzer target: --resume over an output file of any bytes. A batch
 * resumed onto a damaged, foreign or hostile output (plain or gzip, cut
 * anywhere, lines that almost name the input) must keep its whole lines,
 * refuse it, or fail with an I/O error: never crash, hang, or leave a
 * partial line. The first byte picks plain or gzip output; the rest is
 * the existing output. The input is a small WARC with two HTML records
 * at a fixed path, which seeds' lines name. Traps on another status, or
 * when a run that says PITH_OK leaves output that does not end in a
 * newline or (gzip) does not decode whole. */
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

/* Whether the gzip or plain file at path decodes to lines that each end
 * with a newline. */
static int ends_whole(const char *path)
{
	gzFile f = gzopen(path, "rb");
	if (!f)
		return 0;
	char buffer[4096];
	int n, last = '\n', total = 0;
	while ((n = gzread(f, buffer, sizeof buffer)) > 0) {
		last = buffer[n - 1];
		total += n;
	}
	int clean = n == 0;
	gzclose(f);
	return clean && (total == 0 || last == '\n');
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
	const char *inputs[] = {INPUT};
	pith_batch_options options = PITH_BATCH_OPTIONS_INIT;
	options.inputs = inputs;
	options.input_count = 1;
	options.output = output;
	options.threads = 1;
	options.resume = 1;
	pith_batch_stats stats;
	pith_status status = pith_batch_run(&options, &stats);
	if (status != PITH_OK && status != PITH_ERROR_INVALID_ARGUMENT && status != PITH_ERROR_IO)
		abort();
	if (status == PITH_OK && !ends_whole(output))
		abort();
	remove(output);
	return 0;
}
