/* The URL Standard's basic URL parser (https://url.spec.whatwg.org/,
 * section 4.4), as browsers read links: an input parsed against a base URL
 * and serialised (section 4.5).
 *
 * The URL record is kept serialised as it is built, in the output buffer:
 * the parser sets a URL's parts in the order they are written (scheme,
 * userinfo, host, port, path, query, fragment), and where it takes one
 * back (a query dropped, a path segment popped, a dot segment) it cuts
 * the buffer. Offsets say where each part starts. The base is parsed
 * first, into the same buffer; its parts are copied from there, and the
 * result then moved over it. */
#include "base/url.h"

#include <idn2.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/ascii.h"

#define NONE SIZE_MAX

typedef enum scheme_kind {
	SCHEME_OTHER, /* not special */
	SCHEME_HTTP,
	SCHEME_HTTPS,
	SCHEME_FILE,
	SCHEME_FTP,
	SCHEME_WS,
	SCHEME_WSS,
} scheme_kind;

/* A URL record, serialised in b from start: b->data[scheme_end] is the
 * scheme's ":"; with a host, "//", the userinfo, the host in
 * [host_start, host_end) and the port follow; then the path from
 * path_start, the query from its "?" and the fragment from its "#". */
typedef struct url_record {
	pith_buffer *b;
	size_t start, scheme_end;
	scheme_kind scheme;
	bool has_host, opaque_path;
	size_t host_start, host_end, path_start;
	size_t query_start, fragment_start; /* the "?" and "#", or NONE */
	size_t end;                         /* of a base, parsed before the URL that uses it */
	bool dot_prefix;                    /* "/." written before the path (finish) */
	bool out_of_memory;
} url_record;

static bool special(const url_record *u)
{
	return u->scheme != SCHEME_OTHER;
}

static size_t path_end(const url_record *u)
{
	if (u->query_start != NONE)
		return u->query_start;
	if (u->fragment_start != NONE)
		return u->fragment_start;
	return u->end != NONE ? u->end : u->b->length;
}

/* ---- writing ---- */

static void put(url_record *u, const char *s, size_t n)
{
	if (n == 0)
		return;
	if (!pith_buffer_reserve(u->b, n + 1)) {
		u->out_of_memory = true;
		return;
	}
	memcpy(u->b->data + u->b->length, s, n);
	u->b->length += n;
}

static void put_char(url_record *u, char c)
{
	put(u, &c, 1);
}

/* The percent-encode sets of section 1.3, for bytes under 0x80 (every
 * byte from 0x80, a part of a UTF-8 sequence, is encoded in all of
 * them). */
typedef enum encode_set {
	ENCODE_C0,
	ENCODE_FRAGMENT,
	ENCODE_QUERY,
	ENCODE_SPECIAL_QUERY,
	ENCODE_PATH,
	ENCODE_USERINFO,
} encode_set;

/* Each set as a bit per byte below 0x80 (bytes 0-63 in the first word,
 * 64-127 in the second), made from the standard's lists: C0 controls and
 * DEL in all; the fragment set adds space " < > `; the query set space
 * " # < >; the special-query set adds '; the path set adds to the query
 * set ? ` { }; the userinfo set adds to the path set / : ; = @ [ \ ] ^ |.
 * tests/test_url.c's URL Standard cases write every printable byte in
 * each part. */
static const uint64_t encode_masks[][2] = {
    [ENCODE_C0] = {0x00000000ffffffff, 0x8000000000000000},
    [ENCODE_FRAGMENT] = {0x50000005ffffffff, 0x8000000100000000},
    [ENCODE_QUERY] = {0x5000000dffffffff, 0x8000000000000000},
    [ENCODE_SPECIAL_QUERY] = {0x5000008dffffffff, 0x8000000000000000},
    [ENCODE_PATH] = {0xd000000dffffffff, 0xa800000100000000},
    [ENCODE_USERINFO] = {0xfc00800dffffffff, 0xb800000178000001},
};

static bool encodes(encode_set set, unsigned char c)
{
	return c >= 0x80 || (encode_masks[set][c >> 6] >> (c & 63) & 1);
}

static void put_encoded(url_record *u, const char *s, size_t n, encode_set set)
{
	static const char hex[] = "0123456789ABCDEF";
	if (n > SIZE_MAX / 4 || !pith_buffer_reserve(u->b, 3 * n + 1)) {
		u->out_of_memory = true;
		return;
	}
	char *out = u->b->data + u->b->length;
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if (encodes(set, c)) {
			*out++ = '%';
			*out++ = hex[c >> 4];
			*out++ = hex[c & 15];
		} else {
			*out++ = (char)c;
		}
	}
	u->b->length = (size_t)(out - u->b->data);
}

/* ---- schemes ---- */

static const struct {
	const char *name;
	scheme_kind kind;
	int default_port;
} special_schemes[] = {
    {"http", SCHEME_HTTP, 80}, {"https", SCHEME_HTTPS, 443}, {"file", SCHEME_FILE, -1},
    {"ftp", SCHEME_FTP, 21},   {"ws", SCHEME_WS, 80},        {"wss", SCHEME_WSS, 443},
};

static scheme_kind scheme_of(const char *s, size_t n)
{
	for (size_t i = 0; i < sizeof special_schemes / sizeof *special_schemes; i++)
		if (strlen(special_schemes[i].name) == n &&
		    memcmp(special_schemes[i].name, s, n) == 0)
			return special_schemes[i].kind;
	return SCHEME_OTHER;
}

static int default_port(scheme_kind kind)
{
	for (size_t i = 0; i < sizeof special_schemes / sizeof *special_schemes; i++)
		if (special_schemes[i].kind == kind)
			return special_schemes[i].default_port;
	return -1;
}

static bool is_alpha(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static bool is_digit(char c)
{
	return c >= '0' && c <= '9';
}

static bool is_scheme_char(char c)
{
	return is_alpha(c) || is_digit(c) || c == '+' || c == '-' || c == '.';
}

/* ---- hosts (section 3.5) ---- */

static int hex_value(char c)
{
	if (is_digit(c))
		return c - '0';
	c = pith_ascii_lower(c);
	return c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
}

/* The IPv4 number parser: false on failure; values past 2^32 saturate
 * (they fail the range checks anyway). */
static bool ipv4_number(const char *s, size_t n, uint64_t *out)
{
	if (n == 0)
		return false;
	unsigned radix = 10;
	if (n >= 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
		s += 2, n -= 2;
		radix = 16;
	} else if (n >= 2 && s[0] == '0') {
		s++, n--;
		radix = 8;
	}
	uint64_t value = 0;
	for (size_t i = 0; i < n; i++) {
		int digit = hex_value(s[i]);
		if (digit < 0 || (unsigned)digit >= radix)
			return false;
		value = value * radix + (unsigned)digit;
		if (value > UINT64_C(0xffffffffff))
			value = UINT64_C(0xffffffffff);
	}
	*out = value;
	return true;
}

/* The "ends in a number checker". */
static bool ends_in_number(const char *s, size_t n)
{
	if (n && s[n - 1] == '.')
		n--;
	size_t last = n;
	while (last > 0 && s[last - 1] != '.')
		last--;
	const char *part = s + last;
	size_t length = n - last;
	if (length == 0)
		return false;
	bool digits = true;
	for (size_t i = 0; i < length; i++)
		digits &= is_digit(part[i]);
	uint64_t value;
	return digits || ipv4_number(part, length, &value);
}

/* The IPv4 parser, written dotted. */
static bool put_ipv4(url_record *u, const char *s, size_t n)
{
	if (n && s[n - 1] == '.' && n > 1)
		n--;
	uint64_t numbers[4];
	size_t count = 0, i = 0;
	while (i <= n) {
		size_t end = i;
		while (end < n && s[end] != '.')
			end++;
		if (count == 4 || !ipv4_number(s + i, end - i, &numbers[count]))
			return false;
		count++;
		i = end + 1;
	}
	for (size_t k = 0; k + 1 < count; k++)
		if (numbers[k] > 255)
			return false;
	uint64_t address = numbers[count - 1];
	if (address >= (UINT64_C(1) << (8 * (5 - count))))
		return false;
	for (size_t k = 0; k + 1 < count; k++)
		address += numbers[k] << (8 * (3 - k));
	char text[16];
	int length = snprintf(text, sizeof text, "%u.%u.%u.%u", (unsigned)(address >> 24),
	                      (unsigned)(address >> 16 & 255), (unsigned)(address >> 8 & 255),
	                      (unsigned)(address & 255));
	put(u, text, (size_t)length);
	return true;
}

/* The IPv6 parser and serialiser, s[0..n) inside the brackets. */
static bool put_ipv6(url_record *u, const char *s, size_t n)
{
	unsigned address[8] = {0};
	size_t piece = 0, p = 0, compress = NONE;
#define C (p < n ? s[p] : '\0')
	if (C == ':') {
		if (p + 1 >= n || s[p + 1] != ':')
			return false;
		p += 2;
		compress = ++piece;
	}
	while (p < n) {
		if (piece == 8)
			return false;
		if (C == ':') {
			if (compress != NONE)
				return false;
			p++;
			compress = ++piece;
			continue;
		}
		unsigned value = 0;
		size_t length = 0;
		while (length < 4 && p < n && hex_value(C) >= 0) {
			value = value * 16 + (unsigned)hex_value(C);
			p++, length++;
		}
		if (C == '.' && p < n) {
			if (length == 0)
				return false;
			p -= length;
			if (piece > 6)
				return false;
			int seen = 0;
			while (p < n) {
				int part = -1;
				if (seen > 0) {
					if (C == '.' && seen < 4)
						p++;
					else
						return false;
				}
				if (!is_digit(C) || p >= n)
					return false;
				while (p < n && is_digit(C)) {
					int digit = C - '0';
					if (part < 0)
						part = digit;
					else if (part == 0)
						return false;
					else
						part = part * 10 + digit;
					if (part > 255)
						return false;
					p++;
				}
				address[piece] = address[piece] * 0x100 + (unsigned)part;
				seen++;
				if (seen == 2 || seen == 4)
					piece++;
			}
			if (seen != 4)
				return false;
			break;
		} else if (C == ':' && p < n) {
			p++;
			if (p >= n)
				return false;
		} else if (p < n) {
			return false;
		}
		address[piece++] = value;
	}
#undef C
	if (compress != NONE) {
		size_t swaps = piece - compress;
		piece = 7;
		while (piece != 0 && swaps > 0) {
			unsigned t = address[piece];
			address[piece] = address[compress + swaps - 1];
			address[compress + swaps - 1] = t;
			piece--, swaps--;
		}
	} else if (piece != 8) {
		return false;
	}
	/* Serialisation: the first longest run of two or more zero pieces is
	 * written "::". */
	size_t best = NONE, best_length = 1;
	for (size_t i = 0; i < 8;) {
		size_t j = i;
		while (j < 8 && address[j] == 0)
			j++;
		if (j - i > best_length)
			best = i, best_length = j - i;
		i = j > i ? j : i + 1;
	}
	put_char(u, '[');
	for (size_t i = 0; i < 8; i++) {
		if (i == best) {
			put(u, i == 0 ? "::" : ":", i == 0 ? 2 : 1);
			i += best_length - 1;
			continue;
		}
		char text[8];
		int length = snprintf(text, sizeof text, "%x", address[i]);
		put(u, text, (size_t)length);
		if (i < 7)
			put_char(u, ':');
	}
	put_char(u, ']');
	return true;
}

/* The forbidden host code points (NUL, tab, LF, CR, space, # / : < > ?
 * @ [ \\ ] ^ |) and the forbidden domain code points (those, the other
 * C0 controls, % and DEL), a bit per byte as the encode sets are. */
static const uint64_t forbidden_host[2] = {0xd400800900002601, 0x1000000078000001};
static const uint64_t forbidden_domain[2] = {0xd4008029ffffffff, 0x9000000078000001};

static bool is_forbidden_host(unsigned char c)
{
	return c < 0x80 && (forbidden_host[c >> 6] >> (c & 63) & 1);
}

static bool is_forbidden_domain(unsigned char c)
{
	return c < 0x80 && (forbidden_domain[c >> 6] >> (c & 63) & 1);
}

/* A host label needing IDNA (non-ASCII, or "xn--") past this many bytes
 * fails: UTS 46 processing of a label is not linear in its length
 * (Punycode), and libidn2 refuses a label that comes out over 63 bytes
 * anyway. */
#define PITH_URL_MAX_IDNA_LABEL_BYTES 256

static bool is_label_dot(const unsigned char *s, size_t left, size_t *width)
{
	*width = 1;
	if (s[0] == '.')
		return true;
	/* U+3002, U+FF0E, U+FF61: UTS 46 maps these to "." */
	*width = 3;
	return left >= 3 && ((s[0] == 0xe3 && s[1] == 0x80 && s[2] == 0x82) ||
	                     (s[0] == 0xef && s[1] == 0xbc && s[2] == 0x8e) ||
	                     (s[0] == 0xef && s[1] == 0xbd && s[2] == 0xa1));
}

/* "domain to ASCII" with beStrict false (section 3.3): a domain all
 * ASCII with no "xn--" label is only lowercased; else each label goes
 * through libidn2's UTS 46 processing, non-transitional. Labels are
 * handed over one by one because the standard does not verify DNS
 * lengths (VerifyDnsLength=false) and libidn2 always checks the whole
 * name's 255 bytes. Writes the result, false on failure. */
static bool put_domain(url_record *u, const char *s, size_t n)
{
	bool ascii = true, punycode = false;
	for (size_t i = 0; i < n; i++) {
		ascii &= (unsigned char)s[i] < 0x80;
		if ((i == 0 || s[i - 1] == '.') && n - i >= 4 && pith_ascii_lower(s[i]) == 'x' &&
		    pith_ascii_lower(s[i + 1]) == 'n' && s[i + 2] == '-' && s[i + 3] == '-')
			punycode = true;
	}
	if (ascii && !punycode) {
		if (!pith_buffer_reserve(u->b, n + 1)) {
			u->out_of_memory = true;
			return false;
		}
		char *out = u->b->data + u->b->length;
		for (size_t i = 0; i < n; i++)
			out[i] = pith_ascii_lower(s[i]);
		u->b->length += n;
		return true;
	}
	char label[PITH_URL_MAX_IDNA_LABEL_BYTES + 1];
	size_t i = 0;
	while (i <= n) {
		size_t end = i, width = 0;
		while (end < n && !is_label_dot((const unsigned char *)s + end, n - end, &width))
			end++;
		size_t length = end - i;
		bool plain = true;
		for (size_t k = 0; k < length; k++)
			plain &= (unsigned char)s[i + k] < 0x80;
		if (length >= 4 && pith_ascii_lower(s[i]) == 'x' &&
		    pith_ascii_lower(s[i + 1]) == 'n' && s[i + 2] == '-' && s[i + 3] == '-')
			plain = false;
		if (plain) {
			for (size_t k = 0; k < length; k++)
				put_char(u, pith_ascii_lower(s[i + k]));
		} else {
			if (length > PITH_URL_MAX_IDNA_LABEL_BYTES)
				return false;
			memcpy(label, s + i, length);
			label[length] = '\0';
			char *ascii_label = NULL;
			int rc = idn2_to_ascii_8z(label, &ascii_label,
			                          IDN2_NONTRANSITIONAL | IDN2_NFC_INPUT);
			if (rc != IDN2_OK) {
				free(ascii_label);
				return false;
			}
			put(u, ascii_label, strlen(ascii_label));
			idn2_free(ascii_label);
		}
		if (end < n)
			put_char(u, '.');
		i = end + (end < n ? width : 1);
	}
	return true;
}

/* True when s[0..n) is valid UTF-8 (the URL standard decodes the
 * percent-decoded host with replacement, and U+FFFD is not allowed in a
 * domain, so a host that is not UTF-8 fails). */
static bool is_utf8(const unsigned char *s, size_t n)
{
	size_t i = 0;
	while (i < n) {
		unsigned char c = s[i];
		size_t extra;
		uint32_t cp;
		if (c < 0x80) {
			i++;
			continue;
		} else if (c >= 0xc2 && c <= 0xdf) {
			extra = 1, cp = c & 0x1f;
		} else if (c >= 0xe0 && c <= 0xef) {
			extra = 2, cp = c & 0x0f;
		} else if (c >= 0xf0 && c <= 0xf4) {
			extra = 3, cp = c & 0x07;
		} else {
			return false;
		}
		if (n - i <= extra)
			return false;
		for (size_t k = 1; k <= extra; k++) {
			if ((s[i + k] & 0xc0) != 0x80)
				return false;
			cp = cp << 6 | (s[i + k] & 0x3f);
		}
		if ((extra == 2 && (cp < 0x800 || (cp >= 0xd800 && cp <= 0xdfff))) ||
		    (extra == 3 && (cp < 0x10000 || cp > 0x10ffff)))
			return false;
		i += extra + 1;
	}
	return true;
}

/* The host parser (section 3.5), writing the serialised host. */
static bool put_host(url_record *u, const char *s, size_t n)
{
	if (n && s[0] == '[') {
		if (s[n - 1] != ']')
			return false;
		return put_ipv6(u, s + 1, n - 2);
	}
	if (!special(u)) {
		for (size_t i = 0; i < n; i++)
			if (is_forbidden_host((unsigned char)s[i]))
				return false;
		put_encoded(u, s, n, ENCODE_C0);
		return true;
	}
	size_t at = u->b->length;
	/* Most hosts are ASCII, without "%" or "xn--": lowercased, they are
	 * the domain (section 3.3, "domain to ASCII" step 1). */
	bool simple = true;
	for (size_t i = 0; i < n && simple; i++) {
		unsigned char c = (unsigned char)s[i];
		simple = c < 0x80 && c != '%' && !is_forbidden_domain(c) &&
		         !((i == 0 || s[i - 1] == '.') && n - i >= 4 && (c | 0x20) == 'x' &&
		           (s[i + 1] | 0x20) == 'n' && s[i + 2] == '-' && s[i + 3] == '-');
	}
	if (simple && n) {
		if (!pith_buffer_reserve(u->b, n + 1)) {
			u->out_of_memory = true;
			return false;
		}
		char *out = u->b->data + at;
		for (size_t i = 0; i < n; i++)
			out[i] = pith_ascii_lower(s[i]);
		u->b->length += n;
		if (!ends_in_number(out, n))
			return true;
		char copy[PITH_MAX_URL_BYTES];
		memcpy(copy, out, n);
		u->b->length = at;
		return put_ipv4(u, copy, n);
	}
	/* Else the domain is written at the buffer's end, from the host
	 * percent-decoded (the input is at most PITH_MAX_URL_BYTES). */
	char decoded[PITH_MAX_URL_BYTES];
	size_t length = 0;
	const char *domain_input = decoded;
	if (!memchr(s, '%', n)) {
		domain_input = s;
		length = n;
		n = 0;
	}
	for (size_t i = 0; i < n; i++) {
		if (s[i] == '%' && i + 2 < n && hex_value(s[i + 1]) >= 0 &&
		    hex_value(s[i + 2]) >= 0) {
			decoded[length++] = (char)(hex_value(s[i + 1]) * 16 + hex_value(s[i + 2]));
			i += 2;
		} else {
			decoded[length++] = s[i];
		}
	}
	/* An ASCII byte passes UTS 46 as itself or lowercased, so one the
	 * standard forbids in the result is refused here already: libidn2
	 * reads C strings, and would not see what follows a NUL. */
	for (size_t i = 0; i < length; i++)
		if ((unsigned char)domain_input[i] < 0x80 &&
		    is_forbidden_domain((unsigned char)domain_input[i]))
			return false;
	if (!is_utf8((const unsigned char *)domain_input, length) ||
	    !put_domain(u, domain_input, length))
		return false;
	if (u->out_of_memory)
		return false;
	const char *domain = u->b->data + at;
	size_t domain_length = u->b->length - at;
	if (domain_length == 0)
		return false;
	for (size_t i = 0; i < domain_length; i++)
		if (is_forbidden_domain((unsigned char)domain[i]))
			return false;
	if (ends_in_number(domain, domain_length)) {
		char copy[PITH_MAX_URL_BYTES];
		if (domain_length > sizeof copy)
			return false;
		memcpy(copy, domain, domain_length);
		u->b->length = at;
		return put_ipv4(u, copy, domain_length);
	}
	return true;
}

/* ---- paths ---- */

static bool is_drive_letter(const char *s, size_t n, bool normalized)
{
	return n == 2 && is_alpha(s[0]) && (s[1] == ':' || (!normalized && s[1] == '|'));
}

/* "starts with a Windows drive letter" */
static bool starts_with_drive_letter(const char *s, size_t n)
{
	return n >= 2 && is_drive_letter(s, 2, false) &&
	       (n == 2 || s[2] == '/' || s[2] == '\\' || s[2] == '?' || s[2] == '#');
}

/* Cuts the last path segment ("shorten a URL's path"): the path ends the
 * buffer. */
static void shorten_path(url_record *u)
{
	const char *path = u->b->data + u->path_start;
	size_t n = u->b->length - u->path_start;
	if (u->scheme == SCHEME_FILE && n == 3 && is_drive_letter(path + 1, 2, true))
		return;
	while (n > 0 && path[n - 1] != '/')
		n--;
	if (n > 0)
		n--;
	u->b->length = u->path_start + n;
}

static bool is_single_dot(const char *s, size_t n)
{
	return (n == 1 && s[0] == '.') ||
	       (n == 3 && s[0] == '%' && s[1] == '2' && pith_ascii_lower(s[2]) == 'e');
}

static bool is_double_dot(const char *s, size_t n)
{
	if (n < 2)
		return false;
	if (s[0] == '.')
		return is_single_dot(s + 1, n - 1);
	return n >= 4 && is_single_dot(s, 3) && is_single_dot(s + 3, n - 3);
}

static bool ends_segment(const url_record *u, char c)
{
	return c == '/' || (special(u) && c == '\\');
}

static void query_state(url_record *u, const char *in, size_t n, size_t p);
static void fragment_state(url_record *u, const char *in, size_t n, size_t p);

/* The path state from in[p] to the end; pending holds what a file host
 * state left in its buffer (a drive letter). */
static void path_state(url_record *u, const char *in, size_t n, size_t p, const char *pending,
                       size_t pending_length)
{
	for (;;) {
		size_t segment = u->b->length;
		put_char(u, '/');
		put(u, pending, pending_length);
		pending_length = 0;
		size_t end = p;
		while (end < n && !ends_segment(u, in[end]) && in[end] != '?' && in[end] != '#')
			end++;
		put_encoded(u, in + p, end - p, ENCODE_PATH);
		p = end;
		if (u->out_of_memory)
			return;
		char *text = u->b->data + segment + 1;
		size_t length = u->b->length - segment - 1;
		bool slash = p < n && ends_segment(u, in[p]);
		if (is_double_dot(text, length)) {
			u->b->length = segment;
			shorten_path(u);
			if (!slash)
				put_char(u, '/');
		} else if (is_single_dot(text, length)) {
			u->b->length = segment;
			if (!slash)
				put_char(u, '/');
		} else if (u->scheme == SCHEME_FILE && segment == u->path_start &&
		           is_drive_letter(text, length, false)) {
			text[1] = ':';
		}
		if (p == n)
			return;
		if (in[p] == '?')
			return query_state(u, in, n, p + 1);
		if (in[p] == '#')
			return fragment_state(u, in, n, p + 1);
		p++;
	}
}

/* The path start state. */
static void path_start_state(url_record *u, const char *in, size_t n, size_t p)
{
	u->path_start = u->b->length;
	if (special(u)) {
		if (p < n && (in[p] == '/' || in[p] == '\\'))
			p++;
		return path_state(u, in, n, p, NULL, 0);
	}
	if (p == n)
		return;
	if (in[p] == '?')
		return query_state(u, in, n, p + 1);
	if (in[p] == '#')
		return fragment_state(u, in, n, p + 1);
	if (in[p] == '/')
		p++;
	path_state(u, in, n, p, NULL, 0);
}

static void query_state(url_record *u, const char *in, size_t n, size_t p)
{
	u->query_start = u->b->length;
	put_char(u, '?');
	size_t end = p;
	while (end < n && in[end] != '#')
		end++;
	put_encoded(u, in + p, end - p, special(u) ? ENCODE_SPECIAL_QUERY : ENCODE_QUERY);
	if (end < n)
		fragment_state(u, in, n, end + 1);
}

static void fragment_state(url_record *u, const char *in, size_t n, size_t p)
{
	u->fragment_start = u->b->length;
	put_char(u, '#');
	put_encoded(u, in + p, n - p, ENCODE_FRAGMENT);
}

/* The opaque path state (a URL like "mailto:x" or "data:,x"). */
static void opaque_path_state(url_record *u, const char *in, size_t n, size_t p)
{
	u->opaque_path = true;
	u->path_start = u->b->length;
	size_t end = p;
	while (end < n && in[end] != '?' && in[end] != '#')
		end++;
	put_encoded(u, in + p, end - p, ENCODE_C0);
	if (end == n)
		return;
	if (in[end] == '?')
		return query_state(u, in, n, end + 1);
	fragment_state(u, in, n, end + 1);
}

/* ---- authority ---- */

/* The authority, host and port states from in[p] (past the slashes);
 * "//" is written first. */
static bool authority_state(url_record *u, const char *in, size_t n, size_t p)
{
	size_t end = p, at = NONE;
	while (end < n && !ends_segment(u, in[end]) && in[end] != '?' && in[end] != '#') {
		if (in[end] == '@')
			at = end;
		end++;
	}
	put(u, "//", 2);
	u->has_host = true;
	size_t host = p;
	if (at != NONE) {
		if (at + 1 == end)
			return false;
		/* Every "@" but the last is the userinfo's, encoded as %40; the
		 * first ":" splits username from password. */
		const char *colon = memchr(in + p, ':', at - p);
		size_t user_end = colon ? (size_t)(colon - in) : at;
		size_t password = colon ? user_end + 1 : at;
		put_encoded(u, in + p, user_end - p, ENCODE_USERINFO);
		if (at > password) {
			put_char(u, ':');
			put_encoded(u, in + password, at - password, ENCODE_USERINFO);
		}
		if (user_end > p || at > password)
			put_char(u, '@');
		host = at + 1;
	}
	size_t colon = NONE;
	bool brackets = false;
	for (size_t i = host; i < end && colon == NONE; i++) {
		if (in[i] == '[')
			brackets = true;
		else if (in[i] == ']')
			brackets = false;
		else if (in[i] == ':' && !brackets)
			colon = i;
	}
	size_t host_end = colon != NONE ? colon : end;
	if (host_end == host && (colon != NONE || special(u)))
		return false;
	u->host_start = u->b->length;
	if (!put_host(u, in + host, host_end - host))
		return false;
	u->host_end = u->b->length;
	if (colon != NONE && colon + 1 < end) {
		uint32_t port = 0;
		for (size_t i = colon + 1; i < end; i++) {
			if (!is_digit(in[i]))
				return false;
			port = port * 10 + (uint32_t)(in[i] - '0');
			if (port > 65535)
				return false;
		}
		if ((int)port != default_port(u->scheme)) {
			char text[8];
			int length = snprintf(text, sizeof text, ":%u", (unsigned)port);
			put(u, text, (size_t)length);
		}
	}
	path_start_state(u, in, n, end);
	return true;
}

/* ---- the states before the authority ---- */

/* Copies base's parts from after its scheme's ":" up to to (an offset in
 * base), and sets u's offsets to match. */
static void copy_base(url_record *u, const url_record *base, size_t to)
{
	size_t from = base->scheme_end + 1;
	/* The "/." finish wrote before a path is not the path's: finish
	 * writes it again if the result needs it. */
	size_t skip = base->dot_prefix && to >= base->path_start ? 2 : 0;
	size_t shift = u->b->length - from;
	u->has_host = base->has_host;
	u->opaque_path = base->opaque_path;
	u->host_start = base->host_start + shift;
	u->host_end = base->host_end + shift;
	u->path_start = base->path_start - skip + shift;
	if (to > base->query_start && base->query_start != NONE)
		u->query_start = base->query_start - skip + shift;
	if (!pith_buffer_reserve(u->b, to - from + 1)) {
		u->out_of_memory = true;
		return;
	}
	/* Read after the reserve: the base may lie in u's buffer. */
	char *data = u->b->data;
	const char *source = base->b->data;
	size_t head = to - from, tail = 0;
	if (skip) {
		head = base->path_start - 2 - from;
		tail = to - base->path_start;
	}
	memmove(data + u->b->length, source + from, head);
	memmove(data + u->b->length + head, source + base->path_start, tail);
	u->b->length += head + tail;
}

static size_t base_query_end(const url_record *base)
{
	return base->fragment_start != NONE ? base->fragment_start : base->end;
}

/* The file, file slash and file host states. */
static bool file_state(url_record *u, const char *in, size_t n, size_t p, const url_record *base)
{
	u->scheme = SCHEME_FILE;
	bool file_base = base && base->scheme == SCHEME_FILE;
	if (p < n && (in[p] == '/' || in[p] == '\\')) {
		p++;
		if (p < n && (in[p] == '/' || in[p] == '\\')) {
			/* file host state */
			p++;
			size_t end = p;
			while (end < n && in[end] != '/' && in[end] != '\\' && in[end] != '?' &&
			       in[end] != '#')
				end++;
			put(u, "//", 2);
			u->has_host = true;
			u->host_start = u->host_end = u->b->length;
			if (is_drive_letter(in + p, end - p, false)) {
				u->path_start = u->b->length;
				path_state(u, in, n, end, in + p, 2);
				return true;
			}
			if (end > p) {
				if (!put_host(u, in + p, end - p))
					return false;
				if (u->b->length - u->host_start == 9 &&
				    memcmp(u->b->data + u->host_start, "localhost", 9) == 0)
					u->b->length = u->host_start;
				u->host_end = u->b->length;
			}
			path_start_state(u, in, n, end);
			return true;
		}
		/* file slash state */
		put(u, "//", 2);
		u->has_host = true;
		u->host_start = u->b->length;
		if (file_base)
			put(u, base->b->data + base->host_start, base->host_end - base->host_start);
		u->host_end = u->b->length;
		u->path_start = u->b->length;
		if (file_base && !starts_with_drive_letter(in + p, n - p)) {
			const char *path = base->b->data + base->path_start;
			size_t length = path_end(base) - base->path_start;
			if (length >= 3 && is_drive_letter(path + 1, 2, true) &&
			    (length == 3 || path[3] == '/'))
				put(u, path, 3);
		}
		path_state(u, in, n, p, NULL, 0);
		return true;
	}
	if (file_base) {
		copy_base(u, base, base_query_end(base));
		if (p == n)
			return true;
		if (in[p] == '?') {
			u->b->length = path_end(u);
			u->query_start = NONE;
			query_state(u, in, n, p + 1);
			return true;
		}
		if (in[p] == '#') {
			fragment_state(u, in, n, p + 1);
			return true;
		}
		u->b->length = path_end(u);
		u->query_start = NONE;
		if (!starts_with_drive_letter(in + p, n - p))
			shorten_path(u);
		else
			u->b->length = u->path_start;
		path_state(u, in, n, p, NULL, 0);
		return true;
	}
	put(u, "//", 2);
	u->has_host = true;
	u->host_start = u->host_end = u->path_start = u->b->length;
	path_state(u, in, n, p, NULL, 0);
	return true;
}

/* The relative and relative slash states: in has no scheme, or base's
 * special one. */
static bool relative_state(url_record *u, const char *in, size_t n, size_t p,
                           const url_record *base)
{
	if (p < n && (in[p] == '/' || (special(u) && in[p] == '\\'))) {
		p++;
		if (p < n && (in[p] == '/' || (special(u) && in[p] == '\\'))) {
			if (special(u))
				while (p < n && (in[p] == '/' || in[p] == '\\'))
					p++;
			else
				p++;
			return authority_state(u, in, n, p);
		}
		copy_base(u, base, base->path_start);
		path_state(u, in, n, p, NULL, 0);
		return true;
	}
	copy_base(u, base, base_query_end(base));
	if (p == n)
		return true;
	if (in[p] == '?') {
		u->b->length = path_end(u);
		u->query_start = NONE;
		query_state(u, in, n, p + 1);
		return true;
	}
	if (in[p] == '#') {
		fragment_state(u, in, n, p + 1);
		return true;
	}
	u->b->length = path_end(u);
	u->query_start = NONE;
	shorten_path(u);
	path_state(u, in, n, p, NULL, 0);
	return true;
}

/* The basic URL parser on in[0..n) (already without surrounding C0
 * controls and spaces, and without tabs and newlines), written into u's
 * buffer from its end; base is a parsed URL or NULL. */
static bool parse(url_record *u, const char *in, size_t n, const url_record *base)
{
	u->start = u->b->length;
	u->query_start = u->fragment_start = u->end = NONE;
	u->has_host = u->opaque_path = false;
	size_t p = 0;
	bool has_scheme = false;
	if (n && is_alpha(in[0])) {
		while (p < n && is_scheme_char(in[p]))
			p++;
		has_scheme = p < n && in[p] == ':';
	}
	if (!has_scheme) {
		p = 0;
		if (!base)
			return false;
		put(u, base->b->data + base->start, base->scheme_end + 1 - base->start);
		u->scheme_end = u->b->length - 1;
		u->scheme = base->scheme;
		if (base->opaque_path) {
			if (n == 0 || in[0] != '#')
				return false;
			copy_base(u, base, base_query_end(base));
			fragment_state(u, in, n, 1);
			return !u->out_of_memory;
		}
		if (base->scheme == SCHEME_FILE)
			return file_state(u, in, n, 0, base) && !u->out_of_memory;
		return relative_state(u, in, n, 0, base) && !u->out_of_memory;
	}
	for (size_t i = 0; i < p; i++)
		put_char(u, pith_ascii_lower(in[i]));
	u->scheme = scheme_of(u->b->data + u->start, p);
	u->scheme_end = u->b->length;
	put_char(u, ':');
	p++;
	bool ok = true;
	if (u->scheme == SCHEME_FILE) {
		ok = file_state(u, in, n, p, base);
	} else if (special(u)) {
		if (base && base->scheme == u->scheme &&
		    !(n - p >= 2 && in[p] == '/' && in[p + 1] == '/'))
			ok = relative_state(u, in, n, p, base);
		else {
			while (p < n && (in[p] == '/' || in[p] == '\\'))
				p++;
			ok = authority_state(u, in, n, p);
		}
	} else if (p < n && in[p] == '/') {
		if (p + 1 < n && in[p + 1] == '/') {
			ok = authority_state(u, in, n, p + 2);
		} else {
			u->path_start = u->b->length;
			path_state(u, in, n, p + 1, NULL, 0);
		}
	} else {
		opaque_path_state(u, in, n, p);
	}
	return ok && !u->out_of_memory;
}

/* A URL with no host whose path starts with an empty segment ("sc:/.//x")
 * is written with "/." before its path, so that it reads back the same
 * (section 4.5, step 3). */
static void finish(url_record *u)
{
	if (u->has_host || u->opaque_path)
		return;
	const char *path = u->b->data + u->path_start;
	size_t length = path_end(u) - u->path_start;
	if (length < 2 || path[0] != '/' || path[1] != '/')
		return;
	if (!pith_buffer_reserve(u->b, 3)) {
		u->out_of_memory = true;
		return;
	}
	char *at = u->b->data + u->path_start;
	memmove(at + 2, at, u->b->length - u->path_start);
	memcpy(at, "/.", 2);
	u->b->length += 2;
	u->path_start += 2;
	u->dot_prefix = true;
	if (u->query_start != NONE)
		u->query_start += 2;
	if (u->fragment_start != NONE)
		u->fragment_start += 2;
}

/* The input the parser reads: s without C0 controls and spaces around
 * it, and without tabs and newlines (then copied into out, which holds
 * PITH_MAX_URL_BYTES); NULL when longer than PITH_MAX_URL_BYTES. */
static const char *clean(const char *s, size_t *n, char *out)
{
	size_t length = *n;
	while (length && (unsigned char)s[0] <= ' ')
		s++, length--;
	while (length && (unsigned char)s[length - 1] <= ' ')
		length--;
	size_t o = 0;
	if (!memchr(s, '\t', length) && !memchr(s, '\n', length) && !memchr(s, '\r', length)) {
		*n = length;
		return length <= PITH_MAX_URL_BYTES ? s : NULL;
	}
	for (size_t i = 0; i < length; i++) {
		if (s[i] == '\t' || s[i] == '\n' || s[i] == '\r')
			continue;
		if (o == PITH_MAX_URL_BYTES)
			return NULL;
		out[o++] = s[i];
	}
	*n = o;
	return out;
}

/* Parses input against base (a parsed URL, or NULL) and appends it to
 * out, or leaves out as it was. */
static pith_url_status parse_append(pith_buffer *out, const url_record *base, const char *input,
                                    size_t input_length)
{
	char cleaned[PITH_MAX_URL_BYTES];
	size_t start = out->length;
	url_record u = {.b = out};
	const char *s = clean(input, &input_length, cleaned);
	bool ok = s && parse(&u, s, input_length, base);
	if (ok)
		finish(&u);
	/* A URL longer than the parser reads is none (PITH_MAX_URL_BYTES). */
	ok = ok && out->length - start <= PITH_MAX_URL_BYTES;
	if (u.out_of_memory || !ok) {
		out->length = start;
		if (out->data)
			out->data[start] = '\0';
		return u.out_of_memory ? PITH_URL_NOMEM : PITH_URL_FAILURE;
	}
	out->data[out->length] = '\0';
	return PITH_URL_PARSED;
}

/* Parses base into b (whose buffer is given), as a base: false when it
 * is no URL (b's buffer then as it was) or memory ran out
 * (b->out_of_memory). */
static bool parse_base(url_record *b, const char *base, size_t base_length)
{
	char cleaned[PITH_MAX_URL_BYTES];
	size_t start = b->b->length;
	const char *s = clean(base, &base_length, cleaned);
	if (s && parse(b, s, base_length, NULL)) {
		finish(b);
		b->end = b->b->length;
		if (!b->out_of_memory && b->end - start <= PITH_MAX_URL_BYTES)
			return true;
	}
	b->b->length = start;
	return false;
}

pith_url_status pith_url_parse_append(pith_buffer *out, const char *base, size_t base_length,
                                      const char *input, size_t input_length)
{
	size_t start = out->length;
	url_record b = {.b = out};
	bool has_base = base && base_length && parse_base(&b, base, base_length);
	if (b.out_of_memory)
		return PITH_URL_NOMEM;
	pith_url_status status = parse_append(out, has_base ? &b : NULL, input, input_length);
	if (has_base) {
		/* The URL, written after the base, moved over it. */
		size_t length = status == PITH_URL_PARSED ? out->length - b.end : 0;
		memmove(out->data + start, out->data + b.end, length);
		out->length = start + length;
		out->data[out->length] = '\0';
	}
	return status;
}

bool pith_url_base_set(pith_url_base *base, const char *s, size_t length)
{
	base->href.length = 0;
	base->parsed = false;
	url_record b = {.b = &base->href};
	if (!length || !parse_base(&b, s, length))
		return !b.out_of_memory;
	base->parsed = true;
	base->scheme_end = b.scheme_end;
	base->host_start = b.host_start;
	base->host_end = b.host_end;
	base->path_start = b.path_start;
	base->query_start = b.query_start;
	base->fragment_start = b.fragment_start;
	base->scheme = (int)b.scheme;
	base->has_host = b.has_host;
	base->opaque_path = b.opaque_path;
	base->dot_prefix = b.dot_prefix;
	return true;
}

void pith_url_base_release(pith_url_base *base)
{
	pith_buffer_free(&base->href);
	*base = (pith_url_base){0};
}

/* The record of a base parsed by pith_url_base_set. */
static url_record base_record(const pith_url_base *base)
{
	return (url_record){.b = (pith_buffer *)&base->href,
	                    .start = 0,
	                    .scheme_end = base->scheme_end,
	                    .scheme = (scheme_kind)base->scheme,
	                    .has_host = base->has_host,
	                    .opaque_path = base->opaque_path,
	                    .host_start = base->host_start,
	                    .host_end = base->host_end,
	                    .path_start = base->path_start,
	                    .query_start = base->query_start,
	                    .fragment_start = base->fragment_start,
	                    .end = base->href.length,
	                    .dot_prefix = base->dot_prefix};
}

const char *pith_url_trim(const char *s, size_t *length)
{
	size_t n = *length;
	while (n && pith_ascii_is_space(s[0]))
		s++, n--;
	while (n && pith_ascii_is_space(s[n - 1]))
		n--;
	*length = n;
	return s;
}

/* What a link gets: the URL, or the reference as written. */
static bool append_link(pith_buffer *out, pith_url_status status, const char *reference,
                        size_t reference_length)
{
	if (status == PITH_URL_FAILURE)
		return pith_buffer_append(out, reference, reference_length);
	return status == PITH_URL_PARSED;
}

bool pith_url_append_resolved(pith_buffer *out, const char *base, size_t base_length,
                              const char *reference, size_t reference_length)
{
	reference = pith_url_trim(reference, &reference_length);
	return append_link(
	    out, pith_url_parse_append(out, base, base_length, reference, reference_length),
	    reference, reference_length);
}

bool pith_url_append_against(pith_buffer *out, const pith_url_base *base, const char *reference,
                             size_t reference_length)
{
	reference = pith_url_trim(reference, &reference_length);
	url_record b = base_record(base);
	return append_link(out,
	                   parse_append(out, base->parsed ? &b : NULL, reference, reference_length),
	                   reference, reference_length);
}

char *pith_url_resolve(pith_arena *arena, const char *base, size_t base_length,
                       const char *reference, size_t reference_length)
{
	reference = pith_url_trim(reference, &reference_length);
	if (reference_length > PITH_MAX_URL_BYTES || base_length > PITH_MAX_URL_BYTES)
		return NULL;
	pith_buffer target = {0};
	if (!pith_url_append_resolved(&target, base, base_length, reference, reference_length)) {
		free(target.data);
		return NULL;
	}
	char *copy = pith_arena_copy(arena, target.data ? target.data : "", target.length + 1);
	free(target.data);
	return copy;
}
