/* Every development page, whole and cut at random offsets (a crawler's
 * truncated fetch), must parse to a tree without error, and extract: to
 * PITH_OK (or PITH_ERROR_NOT_HTML for a cut that leaves no markup) with
 * text and title that are valid UTF-8, NUL-terminated at their lengths,
 * and no longer than the bound fuzz/fuzz_extract.c justifies. Under make
 * asan and make ubsan this is the widest real-input check the parser and
 * the extractor get.
 *
 * The pages are unpacked by tests/run.sh into $PITH_DEVPAGES (one folder
 * per dataset); without them the test reports itself skipped. */
#include <dirent.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pith.h"
#include "read_file.h"
#include "utf8_check.h"

#define CUTS_PER_PAGE 3

static int passed, failed;

static void parse_and_check(pith_ctx *ctx, const char *path, const char *data, size_t length)
{
	pith_status status = pith_ctx_parse(ctx, data, length, NULL);
	pith_tree_stats stats = {0};
	if (status == PITH_OK)
		pith_ctx_walk_tree(ctx, &stats);
	/* Every document gets at least document, html, head, body. */
	if (status == PITH_OK && stats.nodes >= 4) {
		passed++;
	} else {
		failed++;
		printf("FAIL %s cut at %zu: %s, %zu nodes\n", path, length, pith_strerror(status),
		       stats.nodes);
	}
}

static bool is_good_string(const char *s, size_t length, size_t input_length)
{
	return s && s[length] == '\0' && memchr(s, '\0', length) == NULL &&
	       is_valid_utf8(s, length) && length <= 4 * input_length + 64;
}

static void extract_and_check(pith_ctx *ctx, const char *path, const char *data, size_t length)
{
	const pith_result *result;
	pith_status status = (result = pith_ctx_extract(ctx, data, length, NULL))->status;
	const char *problem = NULL;
	if (status == PITH_OK) {
		if (!is_good_string(result->text, result->text_length, length))
			problem = "text not valid UTF-8, not terminated or too long";
		else if (!is_good_string(result->title, result->title_length, length))
			problem = "title not valid UTF-8, not terminated or too long";
	} else if (status != PITH_ERROR_NOT_HTML) {
		problem = pith_strerror(status);
	}
	if (problem) {
		failed++;
		printf("FAIL %s cut at %zu: extraction: %s\n", path, length, problem);
	} else {
		passed++;
	}
}

static void walk_folder(pith_ctx *ctx, const char *folder, unsigned *rng)
{
	DIR *dir = opendir(folder);
	if (!dir)
		return;
	struct dirent *entry;
	while ((entry = readdir(dir))) {
		if (entry->d_name[0] == '.')
			continue;
		char path[4096];
		snprintf(path, sizeof path, "%s/%s", folder, entry->d_name);
		if (strstr(entry->d_name, ".html") == NULL) {
			walk_folder(ctx, path, rng);
			continue;
		}
		size_t length;
		char *data = read_file(path, &length);
		if (!data) {
			failed++;
			printf("FAIL %s: unreadable\n", path);
			continue;
		}
		parse_and_check(ctx, path, data, length);
		extract_and_check(ctx, path, data, length);
		for (int cut = 0; cut < CUTS_PER_PAGE && length > 1; cut++) {
			*rng = *rng * 1103515245u + 12345u;
			size_t at = ((size_t)*rng << 8 ^ *rng >> 8) % length;
			/* A copy of exactly the cut length, so ASan sees any read
			 * past the end. */
			char *prefix = malloc(at ? at : 1);
			memcpy(prefix, data, at);
			parse_and_check(ctx, path, prefix, at);
			extract_and_check(ctx, path, prefix, at);
			free(prefix);
		}
		free(data);
	}
	closedir(dir);
}

/* Readability's links-in-tables page: a table whose first column is app
 * names, each a link. Every row of its Markdown table keeps that column
 * (a row of "|  |" or under the wrong header is a lost cell). */
static void check_link_column(pith_ctx *ctx, const char *folder)
{
	char path[4096];
	snprintf(path, sizeof path, "%s/readability/html/links-in-tables.html", folder);
	size_t length;
	char *data = read_file(path, &length);
	if (!data)
		return;
	pith_extract_options options = PITH_EXTRACT_OPTIONS_INIT;
	options.format = PITH_FORMAT_MARKDOWN;
	const pith_result *result;
	int rows = 0, linked = 0;
	if ((result = pith_ctx_extract(ctx, data, length, &options))->status == PITH_OK) {
		for (const char *line = result->text; line && *line;) {
			const char *end = strchr(line, '\n');
			if (strncmp(line, "| ", 2) == 0 && strncmp(line, "| ---", 5) != 0) {
				rows++;
				linked += strncmp(line, "| [", 3) == 0;
			}
			line = end ? end + 1 : NULL;
		}
	}
	/* The header row is the one row without a link. */
	if (rows >= 7 && linked == rows - 1) {
		passed++;
	} else {
		failed++;
		printf("FAIL %s: %d of %d table rows begin with their link\n", path, linked, rows);
	}
	free(data);
}

int main(void)
{
	const char *folder = getenv("PITH_DEVPAGES");
	DIR *probe = folder ? opendir(folder) : NULL;
	if (!probe) {
		printf("dev-pages: 0 passed, 0 failed, 1 skipped (no PITH_DEVPAGES folder)\n");
		return 0;
	}
	closedir(probe);
	pith_ctx *ctx = pith_ctx_new();
	unsigned rng = 20261127u;
	walk_folder(ctx, folder, &rng);
	check_link_column(ctx, folder);
	pith_ctx_free(ctx);
	printf("dev-pages: %d passed, %d failed\n", passed, failed);
	return failed ? 1 : 0;
}
