/* HTTP/1.x response heads and body codings (RFC 9112 sections 4, 5, 7;
 * RFC 9110 section 8.3 for Content-Type parameters). */
#include "warc/http_response.h"

#include <brotli/decode.h>
#include <zstd.h>

#include <string.h>
#include <strings.h>

static bool is_space(char c)
{
	return c == ' ' || c == '\t';
}

static void trim(const char **s, size_t *n)
{
	while (*n && (is_space(**s) || **s == '\r')) {
		(*s)++;
		(*n)--;
	}
	while (*n && (is_space((*s)[*n - 1]) || (*s)[*n - 1] == '\r'))
		(*n)--;
}

static bool equals_nocase(const char *s, size_t n, const char *word)
{
	return strlen(word) == n && strncasecmp(s, word, n) == 0;
}

size_t pith_header_block_end(const char *text, size_t n)
{
	const char *p = text, *end = text + n;
	while ((p = memchr(p, '\n', (size_t)(end - p))) != NULL) {
		p++;
		if (p < end && *p == '\n')
			return (size_t)(p + 1 - text);
		if (p + 1 < end && p[0] == '\r' && p[1] == '\n')
			return (size_t)(p + 2 - text);
	}
	return 0;
}

/* The status line: "HTTP/" version, spaces, three digits, then a space
 * and a reason or the line's end. The version is not checked further:
 * crawlers record "HTTP/1.1", "HTTP/1.0" and "HTTP/2" alike. */
static int parse_status_line(const char *line, size_t n)
{
	if (n < 5 || strncasecmp(line, "HTTP/", 5) != 0)
		return 0;
	size_t i = 5;
	while (i < n && !is_space(line[i]))
		i++;
	while (i < n && is_space(line[i]))
		i++;
	if (n - i < 3)
		return 0;
	int status = 0;
	for (size_t k = 0; k < 3; k++) {
		char c = line[i + k];
		if (c < '0' || c > '9')
			return 0;
		status = status * 10 + (c - '0');
	}
	i += 3;
	if (i < n && !is_space(line[i]) && line[i] != '\r')
		return 0;
	return status;
}

/* The last comma-separated token of a header value. */
static void last_token(const char **s, size_t *n)
{
	const char *comma = NULL;
	for (size_t i = 0; i < *n; i++)
		if ((*s)[i] == ',')
			comma = *s + i;
	if (comma) {
		*n -= (size_t)(comma + 1 - *s);
		*s = comma + 1;
	}
	trim(s, n);
}

static pith_content_coding parse_coding(const char *s, size_t n)
{
	trim(&s, &n);
	if (n == 0 || equals_nocase(s, n, "identity"))
		return PITH_CODING_IDENTITY;
	if (equals_nocase(s, n, "gzip") || equals_nocase(s, n, "x-gzip"))
		return PITH_CODING_GZIP;
	if (equals_nocase(s, n, "deflate"))
		return PITH_CODING_DEFLATE;
	if (equals_nocase(s, n, "br"))
		return PITH_CODING_BROTLI;
	if (equals_nocase(s, n, "zstd"))
		return PITH_CODING_ZSTD;
	return PITH_CODING_UNKNOWN;
}

pith_status pith_http_parse_head(const char *block, size_t length, pith_http_head *head)
{
	memset(head, 0, sizeof *head);
	size_t window = length < PITH_WARC_MAX_HEADER_BYTES ? length : PITH_WARC_MAX_HEADER_BYTES;
	const char *newline = memchr(block, '\n', window);
	if (!newline)
		return PITH_ERROR_MALFORMED;
	head->status = parse_status_line(block, (size_t)(newline - block));
	size_t end = pith_header_block_end(block, window);
	if (!head->status || !end) {
		head->status = 0;
		return PITH_ERROR_MALFORMED;
	}
	head->body_offset = end;
	const char *line = newline + 1, *stop = block + end;
	while (line < stop) {
		const char *eol = memchr(line, '\n', (size_t)(stop - line));
		size_t n = (size_t)(eol - line);
		const char *colon = memchr(line, ':', n);
		if (colon && !is_space(line[0])) {
			const char *name = line, *value = colon + 1;
			size_t name_length = (size_t)(colon - line);
			size_t value_length = (size_t)(eol - value);
			trim(&name, &name_length);
			trim(&value, &value_length);
			/* Only the real headers: Common Crawl stores payloads
			 * decoded and renames these (X-Crawler-...). */
			if (equals_nocase(name, name_length, "content-type")) {
				head->content_type = value;
				head->content_type_length = value_length;
			} else if (equals_nocase(name, name_length, "transfer-encoding")) {
				last_token(&value, &value_length);
				head->chunked = equals_nocase(value, value_length, "chunked");
			} else if (equals_nocase(name, name_length, "content-encoding")) {
				head->coding = parse_coding(value, value_length);
			}
		}
		line = eol + 1;
	}
	return PITH_OK;
}

bool pith_http_type_is_html(const char *type, size_t length)
{
	const char *semicolon = memchr(type, ';', length);
	if (semicolon)
		length = (size_t)(semicolon - type);
	trim(&type, &length);
	return equals_nocase(type, length, "text/html") ||
	       equals_nocase(type, length, "application/xhtml+xml");
}

bool pith_http_type_charset(const char *type, size_t length, pith_buffer *out, size_t *offset,
                            bool *found)
{
	*found = false;
	const char *p = type, *end = type + length;
	while ((p = memchr(p, ';', (size_t)(end - p))) != NULL) {
		p++;
		while (p < end && is_space(*p))
			p++;
		const char *equals = p;
		while (equals < end && *equals != '=' && *equals != ';')
			equals++;
		if (equals == end || *equals != '=')
			continue;
		const char *name = p;
		size_t name_length = (size_t)(equals - p);
		trim(&name, &name_length);
		if (!equals_nocase(name, name_length, "charset"))
			continue;
		const char *value = equals + 1;
		while (value < end && is_space(*value))
			value++;
		*offset = out->length;
		if (value < end && *value == '"') {
			/* A quoted-string: backslash escapes the next byte. */
			for (value++; value < end && *value != '"'; value++) {
				if (*value == '\\' && value + 1 < end)
					value++;
				if (!pith_buffer_append(out, value, 1))
					return false;
			}
		} else {
			const char *stop = value;
			while (stop < end && *stop != ';' && !is_space(*stop))
				stop++;
			if (!pith_buffer_append(out, value, (size_t)(stop - value)))
				return false;
		}
		if (!pith_buffer_append(out, "", 0))
			return false;
		*found = out->length > *offset;
		return true;
	}
	return true;
}

/* RFC 9112 section 7.1: chunk-size [chunk-ext] CRLF chunk-data CRLF ...
 * last-chunk trailer-section CRLF. Bare LF is accepted for CRLF, and data
 * that ends after the last chunk without its trailer section is whole. */
pith_status pith_http_dechunk(const char *body, size_t length, pith_buffer *out)
{
	out->length = 0;
	size_t i = 0;
	for (;;) {
		size_t size = 0, digits = 0;
		for (; i < length; i++, digits++) {
			char c = body[i];
			int value = c >= '0' && c <= '9'   ? c - '0'
			            : c >= 'a' && c <= 'f' ? c - 'a' + 10
			            : c >= 'A' && c <= 'F' ? c - 'A' + 10
			                                   : -1;
			if (value < 0)
				break;
			if (size > (length >> 4))
				return PITH_ERROR_MALFORMED; /* larger than the data */
			size = size * 16 + (size_t)value;
		}
		const char *eol = digits ? memchr(body + i, '\n', length - i) : NULL;
		if (!eol)
			return PITH_ERROR_MALFORMED;
		i = (size_t)(eol - body) + 1;
		if (size == 0)
			return pith_buffer_append(out, "", 0) ? PITH_OK : PITH_ERROR_NOMEM;
		if (size > length - i)
			return PITH_ERROR_MALFORMED;
		if (!pith_buffer_append(out, body + i, size))
			return PITH_ERROR_NOMEM;
		i += size;
		if (i < length && body[i] == '\r')
			i++;
		if (i >= length || body[i] != '\n')
			return PITH_ERROR_MALFORMED;
		i++;
	}
}

/* The first bytes of zlib-wrapped deflate data (RFC 1950 section 2.2):
 * method 8 and a header check that is a multiple of 31. */
static bool has_zlib_header(const unsigned char *p, size_t n)
{
	return n >= 2 && (p[0] & 0x0f) == 8 && ((p[0] << 8) | p[1]) % 31 == 0;
}

pith_status pith_http_decode(z_stream *inflater, pith_content_coding coding, const char *body,
                             size_t length, size_t limit, pith_buffer *out)
{
	/* 15 + 32: zlib or gzip by their headers; -15: raw deflate, which
	 * some servers send as "deflate". */
	int window_bits =
	    coding == PITH_CODING_DEFLATE && !has_zlib_header((const unsigned char *)body, length)
	        ? -15
	        : 15 + 32;
	if (inflateReset2(inflater, window_bits) != Z_OK)
		return PITH_ERROR_MALFORMED;
	out->length = 0;
	inflater->next_in = (unsigned char *)body;
	inflater->avail_in = 0;
	size_t left = length;
	for (;;) {
		if (inflater->avail_in == 0) {
			unsigned take = left > 1u << 30 ? 1u << 30 : (unsigned)left;
			inflater->avail_in = take;
			left -= take;
		}
		/* Room for the limit and one byte more, which makes it too
		 * large: a bomb's buffer stops at twice the limit. */
		size_t room = length > 4096 ? 2 * length : 8192;
		if (room > limit - out->length + 2)
			room = limit - out->length + 2;
		if (!pith_buffer_reserve(out, room))
			return PITH_ERROR_NOMEM;
		size_t avail = out->capacity - out->length - 1;
		if (avail > 1u << 30)
			avail = 1u << 30;
		inflater->next_out = (unsigned char *)out->data + out->length;
		inflater->avail_out = (unsigned)avail;
		int rc = inflate(inflater, Z_NO_FLUSH);
		out->length += avail - inflater->avail_out;
		if (out->length > limit)
			return PITH_ERROR_TOO_LARGE;
		if (rc == Z_STREAM_END)
			break;
		if (rc == Z_MEM_ERROR)
			return PITH_ERROR_NOMEM;
		if (rc != Z_OK && !(rc == Z_BUF_ERROR && inflater->avail_out == 0))
			return PITH_ERROR_MALFORMED;
	}
	out->data[out->length] = '\0';
	return PITH_OK;
}

/* Room for the next piece of output: as pith_http_decode, at most the
 * limit and one byte more, which makes it too large. */
static bool decode_room(pith_buffer *out, size_t length, size_t limit, size_t *avail)
{
	size_t room = length > 4096 ? 2 * length : 8192;
	if (room > limit - out->length + 2)
		room = limit - out->length + 2;
	if (!pith_buffer_reserve(out, room))
		return false;
	*avail = out->capacity - out->length - 1;
	return true;
}

static pith_status decode_brotli(const char *body, size_t length, size_t limit, pith_buffer *out)
{
	BrotliDecoderState *decoder = BrotliDecoderCreateInstance(NULL, NULL, NULL);
	if (!decoder)
		return PITH_ERROR_NOMEM;
	const uint8_t *in = (const uint8_t *)body;
	size_t in_left = length;
	pith_status status = PITH_ERROR_MALFORMED;
	for (;;) {
		size_t avail;
		if (!decode_room(out, length, limit, &avail)) {
			status = PITH_ERROR_NOMEM;
			break;
		}
		uint8_t *next_out = (uint8_t *)out->data + out->length;
		size_t out_left = avail;
		BrotliDecoderResult rc = BrotliDecoderDecompressStream(decoder, &in_left, &in,
		                                                       &out_left, &next_out, NULL);
		out->length += avail - out_left;
		if (out->length > limit) {
			status = PITH_ERROR_TOO_LARGE;
			break;
		}
		if (rc == BROTLI_DECODER_RESULT_SUCCESS) {
			status = in_left == 0 ? PITH_OK : PITH_ERROR_MALFORMED;
			break;
		}
		if (rc != BROTLI_DECODER_RESULT_NEEDS_MORE_OUTPUT)
			break; /* an error, or the data ends first */
	}
	BrotliDecoderDestroyInstance(decoder);
	return status;
}

static pith_status decode_zstd(const char *body, size_t length, size_t limit, pith_buffer *out)
{
	ZSTD_DCtx *decoder = ZSTD_createDCtx();
	if (!decoder)
		return PITH_ERROR_NOMEM;
	/* RFC 8878 section 7.2: a zstd content coding's window is at most 8
	 * MiB; a frame asking for more (and a hostile few bytes asking for
	 * 128 MiB of window) is refused. */
	ZSTD_DCtx_setParameter(decoder, ZSTD_d_windowLogMax, 23);
	ZSTD_inBuffer in = {body, length, 0};
	pith_status status = PITH_ERROR_MALFORMED;
	size_t rc = 1; /* 0: the last frame ended */
	for (;;) {
		size_t avail;
		if (!decode_room(out, length, limit, &avail)) {
			status = PITH_ERROR_NOMEM;
			break;
		}
		ZSTD_outBuffer o = {out->data + out->length, avail, 0};
		rc = ZSTD_decompressStream(decoder, &o, &in);
		out->length += o.pos;
		if (out->length > limit) {
			status = PITH_ERROR_TOO_LARGE;
			break;
		}
		if (ZSTD_isError(rc))
			break;
		if (rc == 0 && in.pos == in.size) {
			status = PITH_OK;
			break;
		}
		if (in.pos == in.size && o.pos < o.size)
			break; /* the data ends inside a frame */
	}
	ZSTD_freeDCtx(decoder);
	return status;
}

pith_status pith_http_decode_other(pith_content_coding coding, const char *body, size_t length,
                                   size_t limit, pith_buffer *out)
{
	out->length = 0;
	pith_status status = coding == PITH_CODING_BROTLI ? decode_brotli(body, length, limit, out)
	                     : coding == PITH_CODING_ZSTD ? decode_zstd(body, length, limit, out)
	                                                  : PITH_ERROR_MALFORMED;
	if (status == PITH_OK)
		out->data[out->length] = '\0';
	return status;
}
