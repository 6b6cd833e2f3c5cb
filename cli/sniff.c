/* Telling inputs apart by their bytes (docs/DESIGN.md, "Inputs"), and
 * decompressing them with a bound. */
#define _GNU_SOURCE /* memmem */
#include "sniff.h"

#include <brotli/decode.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <zlib.h>
#include <zstd.h>

#include "pith.h"

static bool ends_with(const char *name, size_t length, const char *suffix)
{
	size_t n = strlen(suffix);
	return length >= n && strncasecmp(name + length - n, suffix, n) == 0;
}

bool sniff_has_page_extension(const char *name)
{
	size_t length = strlen(name);
	static const char *const compressed[] = {".gz", ".zst", ".br"};
	for (size_t i = 0; i < sizeof compressed / sizeof compressed[0]; i++) {
		if (ends_with(name, length, compressed[i])) {
			length -= strlen(compressed[i]);
			break;
		}
	}
	static const char *const pages[] = {".html", ".htm", ".xhtml", ".shtml"};
	for (size_t i = 0; i < sizeof pages / sizeof pages[0]; i++) {
		/* A name that is only the extension (".html") is a hidden file. */
		if (length > strlen(pages[i]) && ends_with(name, length, pages[i]))
			return true;
	}
	return false;
}

sniff_compression sniff_compression_of(const char *data, size_t length, const char *name)
{
	const unsigned char *b = (const unsigned char *)data;
	if (length >= 2 && b[0] == 0x1f && b[1] == 0x8b)
		return SNIFF_GZIP;
	if (length >= 4 && b[0] == 0x28 && b[1] == 0xb5 && b[2] == 0x2f && b[3] == 0xfd)
		return SNIFF_ZSTD;
	if (name && ends_with(name, strlen(name), ".br"))
		return SNIFF_BROTLI;
	return SNIFF_PLAIN;
}

const char *sniff_compression_name(sniff_compression compression)
{
	switch (compression) {
	case SNIFF_GZIP:
		return "gzip";
	case SNIFF_ZSTD:
		return "zstd";
	case SNIFF_BROTLI:
		return "brotli";
	case SNIFF_PLAIN:
		break;
	}
	return "plain";
}

const char *sniff_kind_phrase(sniff_kind kind)
{
	switch (kind) {
	case SNIFF_HTML:
		return "an HTML page";
	case SNIFF_WARC:
		return "a WARC file";
	case SNIFF_SITEMAP:
		return "a sitemap";
	case SNIFF_SITEMAP_INDEX:
		return "a sitemap index";
	case SNIFF_RSS:
		return "an RSS feed";
	case SNIFF_ATOM:
		return "an Atom feed";
	case SNIFF_URL_LIST:
		return "a text sitemap (a list of URLs)";
	case SNIFF_UNKNOWN:
		break;
	}
	return "not HTML";
}

/* ---- Kinds ---- */

static bool is_space(unsigned char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f';
}

static bool starts_with_nocase(const char *p, const char *end, const char *word)
{
	size_t n = strlen(word);
	return (size_t)(end - p) >= n && strncasecmp(p, word, n) == 0;
}

/* p after the text that may come before a document's first element:
 * white space, the XML declaration and processing instructions, comments
 * (a browser's "<!-- saved from url=... -->"), doctypes but HTML's.
 * Returns end when the element is beyond the bytes given. */
static const char *skip_prolog(const char *p, const char *end)
{
	for (;;) {
		while (p < end && is_space((unsigned char)*p))
			p++;
		const char *close = NULL;
		if (starts_with_nocase(p, end, "<?")) {
			close = memmem(p + 2, (size_t)(end - p - 2), "?>", 2);
			if (close)
				close += 2;
		} else if (starts_with_nocase(p, end, "<!--")) {
			close = memmem(p + 4, (size_t)(end - p - 4), "-->", 3);
			if (close)
				close += 3;
		} else if (starts_with_nocase(p, end, "<!") &&
		           !starts_with_nocase(p, end, "<!doctype html")) {
			close = memchr(p, '>', (size_t)(end - p));
			if (close)
				close++;
		} else {
			return p;
		}
		if (!close)
			return end;
		p = close;
	}
}

/* The element names that start an HTML page, after the MIME Sniffing
 * standard's "rules for identifying an unknown MIME type" (section 7.1,
 * the HTML patterns), with meta and link added for saved pages that begin
 * with their head's contents. Each is followed by a space or ">" (or "/"). */
static bool starts_as_html(const char *p, const char *end)
{
	static const char *const names[] = {
	    "!doctype html", "html", "head",  "script", "iframe", "h1",   "div", "font",
	    "table",         "a",    "style", "title",  "b",      "body", "br",  "p",
	    "meta",          "link"};
	if (p >= end || *p != '<')
		return false;
	p++;
	for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
		size_t n = strlen(names[i]);
		if ((size_t)(end - p) > n && strncasecmp(p, names[i], n) == 0 &&
		    (is_space((unsigned char)p[n]) || p[n] == '>' || p[n] == '/'))
			return true;
	}
	return false;
}

/* The local name (after any prefix) of the element starting at p ("<"),
 * compared with name. */
static bool element_is(const char *p, const char *end, const char *name)
{
	if (p >= end || *p != '<')
		return false;
	const char *q = ++p;
	while (q < end && !is_space((unsigned char)*q) && *q != '>' && *q != '/')
		q++;
	const char *local = p;
	for (const char *c = p; c < q; c++) {
		if (*c == ':')
			local = c + 1;
	}
	size_t n = strlen(name);
	return (size_t)(q - local) == n && memcmp(local, name, n) == 0;
}

/* A text sitemap (sitemaps.org, "Text file"): every line of the bytes
 * given, but a last one cut short, is an http or https URL or blank, and
 * one at least is a URL. */
static bool is_url_list(const char *p, const char *end)
{
	bool any = false;
	while (p < end) {
		const char *line_end = memchr(p, '\n', (size_t)(end - p));
		if (!line_end)
			return any; /* the last line may be cut by the prefix */
		const char *e = line_end;
		while (e > p && is_space((unsigned char)e[-1]))
			e--;
		while (p < e && is_space((unsigned char)*p))
			p++;
		if (p < e) {
			if (!starts_with_nocase(p, e, "http://") &&
			    !starts_with_nocase(p, e, "https://"))
				return false;
			for (const char *c = p; c < e; c++) {
				if (is_space((unsigned char)*c) || (unsigned char)*c < 0x20)
					return false;
			}
			any = true;
		}
		p = line_end + 1;
	}
	return any;
}

sniff_kind sniff_kind_of(const char *data, size_t length)
{
	const char *p = data, *end = data + length;
	if (length >= 7 && memcmp(data, "WARC/1.", 7) == 0)
		return SNIFF_WARC;
	/* UTF-16 pages: their ASCII bytes, one in two, tell as well. */
	char narrow[1024];
	const unsigned char *b = (const unsigned char *)data;
	if (length >= 2 && ((b[0] == 0xff && b[1] == 0xfe) || (b[0] == 0xfe && b[1] == 0xff))) {
		size_t low = b[0] == 0xff ? 0 : 1, n = 0;
		for (size_t i = 2 + low; i < length && n < sizeof narrow; i += 2)
			narrow[n++] = (char)b[i];
		p = narrow;
		end = narrow + n;
	} else if (length >= 3 && b[0] == 0xef && b[1] == 0xbb && b[2] == 0xbf) {
		p += 3;
	}
	const char *start = p;
	p = skip_prolog(p, end);
	if (starts_as_html(p, end))
		return SNIFF_HTML;
	if (element_is(p, end, "urlset"))
		return SNIFF_SITEMAP;
	if (element_is(p, end, "sitemapindex"))
		return SNIFF_SITEMAP_INDEX;
	if (element_is(p, end, "rss") || element_is(p, end, "RDF"))
		return SNIFF_RSS;
	if (element_is(p, end, "feed"))
		return SNIFF_ATOM;
	if (is_url_list(start, end))
		return SNIFF_URL_LIST;
	return SNIFF_UNKNOWN;
}

/* ---- Decompression ---- */

typedef struct growing {
	char *data;
	size_t length, capacity, limit;
} growing;

/* Room for at least one more byte, within g->limit (+1, to tell a stream
 * that reaches the limit from one that passes it). */
static bool grow(growing *g)
{
	if (g->length < g->capacity)
		return true;
	if (g->capacity > g->limit)
		return false;
	size_t capacity = g->capacity ? g->capacity * 2 : (size_t)1 << 16;
	if (capacity > g->limit + 1)
		capacity = g->limit + 1;
	char *bigger = realloc(g->data, capacity);
	if (!bigger)
		return false;
	g->data = bigger;
	g->capacity = capacity;
	return true;
}

typedef enum step { STEP_MORE, STEP_END, STEP_ERROR } step;

const char *sniff_decompress(sniff_compression compression, const char *data, size_t length,
                             bool prefix_only, size_t limit, char **out, size_t *out_length,
                             char *reason, size_t reason_size)
{
	growing g = {.limit = PITH_MAX_INPUT_BYTES};
	size_t ratio_limit = length > SIZE_MAX / SNIFF_MAX_EXPANSION_RATIO
	                         ? SIZE_MAX
	                         : length * SNIFF_MAX_EXPANSION_RATIO;
	if (ratio_limit < SNIFF_RATIO_FLOOR_BYTES)
		ratio_limit = SNIFF_RATIO_FLOOR_BYTES;
	if (ratio_limit < g.limit)
		g.limit = ratio_limit;
	if (prefix_only && limit < g.limit)
		g.limit = limit;
	const char *name = sniff_compression_name(compression);
	const char *failure = NULL;
	z_stream z = {0};
	ZSTD_DStream *zstd = NULL;
	BrotliDecoderState *brotli = NULL;
	bool ready;
	if (compression == SNIFF_GZIP)
		ready = inflateInit2(&z, 15 + 16) == Z_OK;
	else if (compression == SNIFF_ZSTD)
		ready = (zstd = ZSTD_createDStream()) != NULL;
	else if (compression == SNIFF_BROTLI)
		ready = (brotli = BrotliDecoderCreateInstance(NULL, NULL, NULL)) != NULL;
	else
		ready = false;
	if (!ready)
		failure = "out of memory";
	size_t in_pos = 0;
	while (!failure) {
		if (!grow(&g)) {
			if (g.capacity > g.limit) {
				if (prefix_only && g.limit == limit) {
					g.length = limit;
					break;
				}
				snprintf(reason, reason_size,
				         "%s data grows past %s: over %zu bytes from %zu (the "
				         "limits are "
				         "PITH_MAX_INPUT_BYTES and %d times its size, "
				         "SNIFF_MAX_EXPANSION_RATIO)",
				         name,
				         g.limit == PITH_MAX_INPUT_BYTES ? "the limit"
				                                         : "its bound",
				         g.limit, length, SNIFF_MAX_EXPANSION_RATIO);
				failure = reason;
			} else {
				failure = "out of memory";
			}
			break;
		}
		size_t room = g.capacity - g.length;
		step result = STEP_ERROR;
		size_t produced = 0;
		if (compression == SNIFF_GZIP) {
			z.next_in = (unsigned char *)(data + in_pos);
			z.avail_in =
			    (uInt)(length - in_pos > UINT32_MAX ? UINT32_MAX : length - in_pos);
			z.next_out = (unsigned char *)(g.data + g.length);
			z.avail_out = (uInt)(room > UINT32_MAX ? UINT32_MAX : room);
			uInt before_in = z.avail_in, before_out = z.avail_out;
			int rc = inflate(&z, Z_NO_FLUSH);
			in_pos += before_in - z.avail_in;
			produced = before_out - z.avail_out;
			if (rc == Z_STREAM_END) {
				/* Another member may follow (RFC 1952 2.2); what follows
				 * but is no member (zero padding) is left unread. */
				const unsigned char *rest = (const unsigned char *)data + in_pos;
				if (length - in_pos >= 2 && rest[0] == 0x1f && rest[1] == 0x8b &&
				    inflateReset(&z) == Z_OK)
					result = STEP_MORE;
				else
					result = STEP_END;
			} else if (rc == Z_OK && !(in_pos == length && z.avail_out > 0)) {
				result = STEP_MORE;
			}
		} else if (compression == SNIFF_ZSTD) {
			ZSTD_inBuffer in = {data, length, in_pos};
			ZSTD_outBuffer o = {g.data + g.length, room, 0};
			size_t rc = ZSTD_decompressStream(zstd, &o, &in);
			in_pos = in.pos;
			produced = o.pos;
			if (!ZSTD_isError(rc)) {
				if (rc == 0 && in_pos == length)
					result = STEP_END;
				else if (produced == 0 && in_pos == length)
					result = STEP_ERROR;
				else
					result = STEP_MORE;
			}
		} else {
			size_t available_in = length - in_pos, available_out = room;
			const uint8_t *next_in = (const uint8_t *)data + in_pos;
			uint8_t *next_out = (uint8_t *)g.data + g.length;
			BrotliDecoderResult rc = BrotliDecoderDecompressStream(
			    brotli, &available_in, &next_in, &available_out, &next_out, NULL);
			in_pos = length - available_in;
			produced = room - available_out;
			if (rc == BROTLI_DECODER_RESULT_SUCCESS)
				result = STEP_END;
			else if (rc == BROTLI_DECODER_RESULT_NEEDS_MORE_OUTPUT)
				result = STEP_MORE;
			else if (rc == BROTLI_DECODER_RESULT_NEEDS_MORE_INPUT)
				result = STEP_ERROR;
		}
		g.length += produced;
		if (result == STEP_END)
			break;
		if (result == STEP_ERROR) {
			if (!(prefix_only && in_pos == length)) {
				snprintf(reason, reason_size, "%s data is damaged or cut short",
				         name);
				failure = reason;
			}
			break;
		}
	}
	if (compression == SNIFF_GZIP && ready)
		inflateEnd(&z);
	ZSTD_freeDStream(zstd);
	if (brotli)
		BrotliDecoderDestroyInstance(brotli);
	if (failure) {
		free(g.data);
		*out = NULL;
		*out_length = 0;
		return failure;
	}
	*out = g.data;
	*out_length = g.length;
	return NULL;
}
