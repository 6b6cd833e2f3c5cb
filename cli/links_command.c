/* pith links FILE|URL...: prints the page URLs that sitemaps, sitemap
 * indexes, RSS and Atom feeds and text sitemaps list, one a line, for
 * pith --input-list - to read. */
#include "links_command.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fetch.h"
#include "inputs.h"
#include "links.h"

static const char links_synopsis[] = "usage: pith links [--timeout SECONDS] FILE|URL|-...\n";

static const char links_help[] =
    "\n"
    "Prints the URLs of the pages that sitemaps (XML <urlset>, or text: one URL a\n"
    "line), sitemap indexes, RSS and Atom feeds list, one a line, in their order:\n"
    "  pith links https://example.com/sitemap.xml | pith --input-list - --format json\n"
    "Inputs may be gzip, zstd or (named .br) brotli compressed. A sitemap index lists\n"
    "sitemaps, which pith links reads in turn: pith links INDEX | xargs pith links.\n"
    "Only absolute http and https URLs are printed; the others are counted on\n"
    "standard error.\n"
    "\n"
    "  --timeout SECONDS  the longest a fetch may take (default 30)\n"
    "\n"
    "Exit status: 0 when every input was a sitemap or feed, 1 when one could not be\n"
    "read or was something else, 2 for a usage error.\n";

static bool print_url(void *user, const char *url, size_t length)
{
	(void)user;
	fwrite(url, 1, length, stdout);
	return putchar('\n') != EOF;
}

static int links_usage_error(const char *format, const char *arg)
{
	fputs("pith links: ", stderr);
	fprintf(stderr, format, arg);
	fprintf(stderr, "\n%sTry 'pith links --help' for more information.\n", links_synopsis);
	return 2;
}

int links_command(int argc, char **argv)
{
	double timeout = FETCH_DEFAULT_TIMEOUT_SECONDS;
	char **inputs = calloc((size_t)argc + 1, sizeof *inputs);
	if (!inputs)
		return 1;
	int count = 0;
	bool options_ended = false;
	for (int i = 1; i < argc; i++) {
		const char *arg = argv[i];
		if (options_ended || arg[0] != '-' || arg[1] == '\0') {
			inputs[count++] = argv[i];
		} else if (strcmp(arg, "--") == 0) {
			options_ended = true;
		} else if (strcmp(arg, "--help") == 0 || strcmp(arg, "-h") == 0) {
			printf("%s%s", links_synopsis, links_help);
			free(inputs);
			return 0;
		} else if (strcmp(arg, "--timeout") == 0) {
			char *end;
			const char *value = i + 1 < argc ? argv[++i] : "";
			timeout = strtod(value, &end);
			if (*end != '\0' || end == value ||
			    !(timeout >= 0.001 && timeout <= 86400)) {
				free(inputs);
				return links_usage_error(
				    "--timeout needs seconds from 0.001 to 86400, not '%s'", value);
			}
		} else {
			free(inputs);
			return links_usage_error("unknown option '%s'", arg);
		}
	}
	if (count == 0) {
		free(inputs);
		return links_usage_error("%s", "no input: name a sitemap or feed, a file or URL");
	}
	bool any_url = false;
	for (int i = 0; i < count; i++)
		any_url = any_url || fetch_is_url(inputs[i]);
	fetcher *f = NULL;
	if (any_url && (!fetch_global_init() || !(f = fetcher_new(timeout)))) {
		fputs("pith links: libcurl could not be set up\n", stderr);
		free(inputs);
		return 1;
	}
	int failures = 0;
	loaded_input loaded = {0};
	for (int i = 0; i < count; i++) {
		input_item item = {.source = inputs[i], .is_url = fetch_is_url(inputs[i])};
		const char *reason = inputs_load(&item, f, &loaded);
		sniff_kind kind = loaded.kind;
		if (!reason &&
		    (kind == SNIFF_HTML || kind == SNIFF_UNKNOWN || kind == SNIFF_WARC)) {
			snprintf(loaded.reason, sizeof loaded.reason, "%s, not a sitemap or feed%s",
			         sniff_kind_phrase(kind),
			         kind == SNIFF_HTML ? ": pith extracts it" : "");
			reason = loaded.reason;
		}
		if (reason) {
			fflush(stdout);
			fprintf(stderr, "pith links: %s: %s\n", inputs[i], reason);
			failures++;
			continue;
		}
		links_counts counts = links_read(kind, loaded.data, loaded.length, print_url, NULL);
		fflush(stdout);
		if (kind == SNIFF_SITEMAP_INDEX)
			fprintf(stderr,
			        "pith links: %s: a sitemap index: its %zu URLs are sitemaps, "
			        "which pith links reads in turn\n",
			        inputs[i], counts.listed);
		if (counts.skipped)
			fprintf(
			    stderr,
			    "pith links: %s: skipped %zu entries that are no absolute http(s) URL "
			    "(or longer than %d bytes)\n",
			    inputs[i], counts.skipped, LINKS_MAX_URL_BYTES);
		if (counts.listed == 0 && counts.skipped == 0)
			fprintf(stderr, "pith links: %s: %s that lists no page\n", inputs[i],
			        sniff_kind_phrase(kind));
	}
	loaded_input_free(&loaded);
	fetcher_free(f);
	if (any_url)
		fetch_global_cleanup();
	free(inputs);
	if (fflush(stdout) != 0 || ferror(stdout)) {
		fprintf(stderr, "pith links: writing output: %s\n", strerror(errno ? errno : EIO));
		return 1;
	}
	return failures ? 1 : 0;
}
