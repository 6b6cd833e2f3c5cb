/* What an input is, told from its bytes rather than its name, and the
 * bounded decompression of gzip, zstd and brotli pages. No I/O: the
 * command reads, this file looks (fuzz/fuzz_links.c runs it). */
#ifndef PITH_CLI_SNIFF_H
#define PITH_CLI_SNIFF_H

#include <stdbool.h>
#include <stddef.h>

/* The bytes read from the start of a file to tell what it is without
 * reading it whole: enough for a BOM, an XML declaration, a comment such
 * as a browser's "saved from url" line and the first element. */
#define SNIFF_PREFIX_BYTES ((size_t)16384)

/* A compressed page may grow this many times over its compressed size,
 * above SNIFF_RATIO_FLOOR_BYTES: HTML compresses 5 to 20 times, so a
 * larger ratio is a decompression bomb, stopped long before
 * PITH_MAX_INPUT_BYTES is reached. */
#define SNIFF_MAX_EXPANSION_RATIO 200
#define SNIFF_RATIO_FLOOR_BYTES ((size_t)1 << 20)

typedef enum sniff_compression {
	SNIFF_PLAIN,
	SNIFF_GZIP,   /* 1f 8b (RFC 1952) */
	SNIFF_ZSTD,   /* 28 b5 2f fd (RFC 8878) */
	SNIFF_BROTLI, /* no magic number (RFC 7932): only for names ending .br */
} sniff_compression;

typedef enum sniff_kind {
	SNIFF_UNKNOWN,       /* none of those below: text, an image, ... */
	SNIFF_HTML,          /* starts as an HTML page does */
	SNIFF_WARC,          /* "WARC/1." */
	SNIFF_SITEMAP,       /* XML <urlset> */
	SNIFF_SITEMAP_INDEX, /* XML <sitemapindex> */
	SNIFF_RSS,           /* <rss>, or RSS 1.0's <rdf:RDF> */
	SNIFF_ATOM,          /* <feed> */
	SNIFF_URL_LIST,      /* a text sitemap: http(s) URLs, one a line */
} sniff_kind;

/* How data (the whole input or its first bytes) is compressed; name, the
 * file's name or NULL, is asked only for brotli. */
sniff_compression sniff_compression_of(const char *data, size_t length, const char *name);

/* What data is, once decompressed. */
sniff_kind sniff_kind_of(const char *data, size_t length);

/* "a sitemap", "an RSS feed", ... for messages. */
const char *sniff_kind_phrase(sniff_kind kind);

/* "gzip", "zstd", "brotli". */
const char *sniff_compression_name(sniff_compression compression);

/* Decompresses data into *out (malloc'd, replacing nothing: *out is set),
 * at most PITH_MAX_INPUT_BYTES and at most SNIFF_MAX_EXPANSION_RATIO times
 * length above SNIFF_RATIO_FLOOR_BYTES. prefix_only: data is only the
 * start of the input and at most limit bytes of output are wanted, so a
 * stream cut short is no error. Returns NULL, or why it failed (into
 * reason, size reason_size); *out is then freed and NULL. */
const char *sniff_decompress(sniff_compression compression, const char *data, size_t length,
                             bool prefix_only, size_t limit, char **out, size_t *out_length,
                             char *reason, size_t reason_size);

/* Whether a name ends in .html, .htm, .xhtml or .shtml, in any case,
 * optionally followed by .gz, .zst or .br. */
bool sniff_has_page_extension(const char *name);

#endif
