/* pith's C API on pages: one page without a context, then many with one.
 *
 *   extract PAGE            the page's title, date and text (pith_extract)
 *   extract PAGE PAGE...    each page as Markdown, with one context reused
 *                           for all of them (pith_ctx_extract)
 *
 * Build, once pith is installed (README, "Installing"):
 *   cc -o extract examples/extract.c $(pkg-config --cflags --libs pith)
 * tests/install.sh builds and runs it against an installed copy. */
#include <pith.h>
#include <stdio.h>
#include <stdlib.h>

/* The whole file in memory (pith takes bytes and a length; no NUL is
 * needed), or NULL. The caller frees it. */
static char *read_page(const char *path, size_t *length)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return NULL;
	size_t used = 0, capacity = 65536;
	char *bytes = malloc(capacity);
	size_t n;
	while (bytes && (n = fread(bytes + used, 1, capacity - used, f)) > 0) {
		used += n;
		if (used == capacity) {
			char *bigger = realloc(bytes, capacity *= 2);
			if (!bigger)
				free(bytes);
			bytes = bigger;
		}
	}
	if (bytes && ferror(f)) {
		free(bytes);
		bytes = NULL;
	}
	fclose(f);
	*length = used;
	return bytes;
}

/* One page, no context to manage: the result is the caller's, one
 * allocation, until pith_result_free (on failure there is none). */
static int extract_one(const char *html, size_t html_length)
{
	pith_result *result;
	pith_status status = pith_extract(html, html_length, NULL, &result);
	if (status != PITH_OK) {
		fprintf(stderr, "extract: %s\n", pith_strerror(status));
		return 1;
	}
	printf("%s (%s)\n\n%s\n", result->title, result->metadata->date_published, result->text);
	pith_result_free(result);
	return 0;
}

/* Many pages: one context (one per thread), reused; the result is the
 * context's until its next page (const: it cannot be freed), so it is
 * printed here and never freed. */
static int extract_many(char **paths, int count)
{
	pith_ctx *ctx = pith_ctx_new();
	if (!ctx) {
		fprintf(stderr, "extract: %s\n", pith_strerror(PITH_ERROR_NOMEM));
		return 1;
	}
	pith_extract_options options = PITH_EXTRACT_OPTIONS_INIT;
	options.url = NULL;                    /* the page's URL, when known */
	options.charset = NULL;                /* from HTTP's Content-Type, when known */
	options.favor = PITH_FAVOR_BALANCED;   /* or _PRECISION, _RECALL */
	options.comments = 1;                  /* result->metadata->comments */
	options.format = PITH_FORMAT_MARKDOWN; /* or _TEXT, _HTML, _JSON (text + document) */
	options.images = 1;                    /* structured formats keep images */
	options.languages = NULL;              /* "de,fr": other pages come back skipped */
	int failed = 0;
	for (int i = 0; i < count; i++) {
		size_t length;
		char *html = read_page(paths[i], &length);
		if (!html) {
			perror(paths[i]);
			failed = 1;
			continue;
		}
		const pith_result *result = pith_ctx_extract(ctx, html, length, &options);
		if (result->status != PITH_OK) {
			fprintf(stderr, "extract: %s: %s\n", paths[i],
			        pith_strerror(result->status));
			free(html);
			failed = 1;
			continue;
		}
		printf("==> %s <==\n", paths[i]);
		printf("title: %s\nencoding: %s\nlanguage: %s (%.2f)\ncomments: %zu\n\n",
		       result->title, result->encoding, result->metadata->language_detected,
		       result->metadata->language_score, result->metadata->comment_count);
		if (result->skipped)
			printf("(left out: not in options.languages)\n");
		else
			printf("%s\n", result->text);
		free(html);
	}
	pith_ctx_free(ctx);
	return failed;
}

int main(int argc, char **argv)
{
	if (argc < 2) {
		fprintf(stderr, "usage: extract PAGE [PAGE...]  (pith %s)\n",
		        pith_version_string());
		return 2;
	}
	if (argc > 2)
		return extract_many(argv + 1, argc - 1);
	size_t length;
	char *html = read_page(argv[1], &length);
	if (!html) {
		perror(argv[1]);
		return 1;
	}
	int failed = extract_one(html, length);
	free(html);
	return failed;
}
