/* pith's C API on web archives: a WARC file record by record, then the
 * same file as a batch, which is what pith warc does.
 *
 *   warc FILE.warc[.gz]                 each HTML record's URI, title and
 *                                       text length, then the reader's counts
 *   warc FILE.warc[.gz] OUT.jsonl[.gz]  also a batch over FILE into OUT
 *
 * Build, once pith is installed (README, "Installing"):
 *   cc -o warc examples/warc.c $(pkg-config --cflags --libs pith)
 * tests/install.sh builds and runs it against an installed copy. */
#include <pith.h>
#include <stdio.h>

/* Record by record: the reader holds one record at a time, and a damaged
 * one comes back once, with its status, before the next good one. */
static int read_records(const char *path)
{
	pith_warc *warc;
	pith_status status = pith_warc_open(path, &warc);
	if (status != PITH_OK) {
		fprintf(stderr, "warc: %s: %s\n", path, pith_strerror(status));
		return 1;
	}
	pith_ctx *ctx = pith_ctx_new();
	if (!ctx) {
		pith_warc_free(warc);
		fprintf(stderr, "warc: %s\n", pith_strerror(PITH_ERROR_NOMEM));
		return 1;
	}
	pith_warc_record record;
	while (pith_warc_next(warc, &record)) {
		if (record.status != PITH_OK) {
			printf("record at %llu: %s\n", record.offset, record.error);
			continue;
		}
		if (!record.is_html)
			continue;
		/* The payload is the reader's until its next record, and the
		 * result's strings are the context's until its next page. */
		const pith_result *result =
		    pith_ctx_extract(ctx, record.payload, record.payload_length, NULL);
		if (result->status == PITH_OK)
			printf("%s\t%s\t%zu bytes of text\n", record.target_uri, result->title,
			       result->text_length);
		else
			printf("%s\t%s\n", record.target_uri, pith_strerror(result->status));
	}
	pith_warc_stats stats;
	pith_warc_get_stats(warc, &stats);
	printf("%llu records, %llu HTML, %llu malformed\n", stats.records, stats.html_records,
	       stats.malformed);
	pith_ctx_free(ctx);
	pith_warc_free(warc);
	/* Bad records are the file's lines, not a failure; but a file none of
	 * whose records is good is not a WARC file (a page, junk). */
	return stats.records > 0 && stats.malformed == stats.records;
}

/* A whole batch: threads extract, one JSON line per HTML record is
 * written in input order. */
static int run_batch(const char *input, const char *output)
{
	const char *inputs[] = {input};
	pith_batch_options batch = PITH_BATCH_OPTIONS_INIT;
	batch.inputs = inputs;
	batch.input_count = 1;
	batch.output = output;
	batch.threads = 2; /* 0: one per CPU */
	pith_batch_stats stats;
	pith_status status = pith_batch_run(&batch, &stats);
	printf("batch: %llu lines with text, %llu with an error, %llu records skipped\n",
	       stats.extracted, stats.failed, stats.skipped);
	if (status != PITH_OK) {
		fprintf(stderr, "warc: %s\n", stats.error);
		return 1;
	}
	return 0;
}

int main(int argc, char **argv)
{
	if (argc != 2 && argc != 3) {
		fprintf(stderr, "usage: warc FILE.warc[.gz] [OUT.jsonl[.gz]]\n");
		return 2;
	}
	int failed = read_records(argv[1]);
	if (argc == 3)
		failed |= run_batch(argv[1], argv[2]);
	return failed;
}
