/* The <meta> prescan: HTML §13.2.3.2 "prescan a byte stream to determine
 * its encoding", its "get an attribute" algorithm, "extracting a
 * character encoding from a meta element", and "get an XML encoding".
 *
 * Everything works on the first PITH_PRESCAN_BYTES bytes, the window the
 * spec encourages. Running past it is the end condition and aborts the
 * prescan, so a <meta> that starts before byte 1024 and ends after it is
 * not read. Attribute names and values are bounded by the window, so
 * fixed buffers of its size can never overflow. */
#include <string.h>

#include "decode_internal.h"

/* The bytes the prescan treats as space in tags: TAB, LF, FF, CR, SPACE. */
static bool is_space(unsigned char c)
{
	return c == 0x09 || c == 0x0A || c == 0x0C || c == 0x0D || c == 0x20;
}

static bool is_ascii_alpha(unsigned char c)
{
	return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
}

static unsigned char ascii_lower(unsigned char c)
{
	return c >= 'A' && c <= 'Z' ? (unsigned char)(c + 0x20) : c;
}

typedef struct prescan {
	const unsigned char *bytes;
	size_t length;
	size_t position;
} prescan;

typedef enum attribute_result {
	ATTRIBUTE_FOUND,
	ATTRIBUTE_NONE,   /* reached '>': no more attributes */
	ATTRIBUTE_ABORTED /* ran out of bytes: the whole prescan ends */
} attribute_result;

typedef struct attribute {
	unsigned char name[PITH_PRESCAN_BYTES];
	size_t name_length;
	unsigned char value[PITH_PRESCAN_BYTES];
	size_t value_length;
} attribute;

static bool attribute_name_is(const attribute *a, const char *name)
{
	size_t n = strlen(name);
	return a->name_length == n && memcmp(a->name, name, n) == 0;
}

/* "Get an attribute" (HTML §13.2.3.2), step by step. Names and values come
 * out ASCII-lowercased. */
static attribute_result get_attribute(prescan *p, attribute *a)
{
	const unsigned char *s = p->bytes;
	size_t n = p->length;
	size_t i = p->position;
	a->name_length = 0;
	a->value_length = 0;

	/* 1: skip spaces and slashes. */
	while (i < n && (is_space(s[i]) || s[i] == '/'))
		i++;
	if (i >= n)
		return ATTRIBUTE_ABORTED;
	/* 2: '>' ends the tag. */
	if (s[i] == '>') {
		p->position = i;
		return ATTRIBUTE_NONE;
	}
	/* 4-5: the name. A '=' only ends a non-empty name. */
	for (;;) {
		if (i >= n)
			return ATTRIBUTE_ABORTED;
		unsigned char c = s[i];
		if (c == '=' && a->name_length > 0) {
			i++;
			goto value;
		}
		if (is_space(c))
			break;
		if (c == '/' || c == '>') {
			p->position = i;
			return ATTRIBUTE_FOUND;
		}
		a->name[a->name_length++] = ascii_lower(c);
		i++;
	}
	/* 6-7: spaces; anything but '=' leaves the attribute without a value
	 * and is read again as the start of the next one. */
	while (i < n && is_space(s[i]))
		i++;
	if (i >= n)
		return ATTRIBUTE_ABORTED;
	if (s[i] != '=') {
		p->position = i;
		return ATTRIBUTE_FOUND;
	}
	i++;
value:
	/* 9: spaces before the value. */
	while (i < n && is_space(s[i]))
		i++;
	if (i >= n)
		return ATTRIBUTE_ABORTED;
	/* 10: a quoted value, '>', or the first byte of an unquoted value. */
	if (s[i] == '"' || s[i] == '\'') {
		unsigned char quote = s[i++];
		for (;;) {
			if (i >= n)
				return ATTRIBUTE_ABORTED;
			if (s[i] == quote) {
				p->position = i + 1;
				return ATTRIBUTE_FOUND;
			}
			a->value[a->value_length++] = ascii_lower(s[i++]);
		}
	}
	if (s[i] == '>') {
		p->position = i;
		return ATTRIBUTE_FOUND;
	}
	a->value[a->value_length++] = ascii_lower(s[i++]);
	/* 11-12: the rest of an unquoted value. */
	for (;;) {
		if (i >= n)
			return ATTRIBUTE_ABORTED;
		if (is_space(s[i]) || s[i] == '>') {
			p->position = i;
			return ATTRIBUTE_FOUND;
		}
		a->value[a->value_length++] = ascii_lower(s[i++]);
	}
}

/* HTML's "algorithm for extracting a character encoding from a
 * meta element", given the content attribute's value. Unlike HTTP's
 * parameter syntax it takes single quotes and stops at ';' or space. */
static pith_encoding encoding_from_meta_content(const unsigned char *s, size_t n)
{
	static const char word[] = "charset";
	size_t position = 0;
	for (;;) {
		/* Loop: the next "charset", ASCII case-insensitively. */
		size_t k = position;
		for (;; k++) {
			if (k > n || n - k < sizeof word - 1)
				return PITH_ENCODING_NONE;
			size_t j = 0;
			while (j < sizeof word - 1 &&
			       ascii_lower(s[k + j]) == (unsigned char)word[j])
				j++;
			if (j == sizeof word - 1)
				break;
		}
		position = k + sizeof word - 1;
		while (position < n && is_space(s[position]))
			position++;
		/* Not '=': search again from just before that character. */
		if (position >= n || s[position] != '=')
			continue;
		position++;
		while (position < n && is_space(s[position]))
			position++;
		if (position >= n)
			return PITH_ENCODING_NONE;
		unsigned char c = s[position];
		if (c == '"' || c == '\'') {
			const unsigned char *close = memchr(s + position + 1, c, n - position - 1);
			if (!close)
				return PITH_ENCODING_NONE; /* unmatched quote */
			return pith_encoding_for_label((const char *)s + position + 1,
			                               (size_t)(close - (s + position + 1)));
		}
		size_t end = position;
		while (end < n && !is_space(s[end]) && s[end] != ';')
			end++;
		return pith_encoding_for_label((const char *)s + position, end - position);
	}
}

/* A declared encoding as the prescan (and "change the encoding") may use
 * it: a page that can be read this far as ASCII is not UTF-16, and
 * x-user-defined is for XHR, not documents. */
static pith_encoding as_declared(pith_encoding encoding)
{
	if (encoding == PITH_ENCODING_UTF_16BE || encoding == PITH_ENCODING_UTF_16LE)
		return PITH_ENCODING_UTF_8;
	if (encoding == PITH_ENCODING_X_USER_DEFINED)
		return PITH_ENCODING_WINDOWS_1252;
	return encoding;
}

/* The meta branch of the prescan loop, from the space or slash after
 * "<meta". Returns the encoding, or NONE to go on with the next byte;
 * *aborted is set when the bytes ran out. */
static pith_encoding prescan_meta(prescan *p, attribute *a, bool *aborted)
{
	bool seen_http_equiv = false, seen_content = false, seen_charset = false;
	bool got_pragma = false;
	int need_pragma = -1; /* null */
	bool charset_is_null = true;
	pith_encoding charset = PITH_ENCODING_NONE;

	for (;;) {
		attribute_result r = get_attribute(p, a);
		if (r == ATTRIBUTE_ABORTED) {
			*aborted = true;
			return PITH_ENCODING_NONE;
		}
		if (r == ATTRIBUTE_NONE)
			break;
		/* A repeated name is ignored: the first one counts. */
		if (attribute_name_is(a, "http-equiv")) {
			if (seen_http_equiv)
				continue;
			seen_http_equiv = true;
			if (a->value_length == 12 && memcmp(a->value, "content-type", 12) == 0)
				got_pragma = true;
		} else if (attribute_name_is(a, "content")) {
			if (seen_content)
				continue;
			seen_content = true;
			pith_encoding e = encoding_from_meta_content(a->value, a->value_length);
			if (e != PITH_ENCODING_NONE && charset_is_null) {
				charset = e;
				charset_is_null = false;
				need_pragma = 1;
			}
		} else if (attribute_name_is(a, "charset")) {
			if (seen_charset)
				continue;
			seen_charset = true;
			charset = pith_encoding_for_label((const char *)a->value, a->value_length);
			charset_is_null = false;
			need_pragma = 0;
		}
	}
	/* Processing. */
	if (need_pragma == -1 || (need_pragma == 1 && !got_pragma) || charset == PITH_ENCODING_NONE)
		return PITH_ENCODING_NONE;
	return as_declared(charset);
}

/* "Get an XML encoding": the encoding="..." of an XML declaration at the
 * very start, bounded by the declaration's '>'. */
static pith_encoding xml_encoding(const unsigned char *s, size_t n)
{
	if (n < 5 || memcmp(s, "<?xml", 5) != 0)
		return PITH_ENCODING_NONE;
	const unsigned char *close = memchr(s, '>', n);
	if (!close)
		return PITH_ENCODING_NONE;
	size_t end = (size_t)(close - s);
	size_t i = 5;
	for (;; i++) {
		if (i + 8 > end)
			return PITH_ENCODING_NONE;
		if (memcmp(s + i, "encoding", 8) == 0)
			break;
	}
	i += 8;
	while (i < end && s[i] <= 0x20)
		i++;
	if (i >= end || s[i] != '=')
		return PITH_ENCODING_NONE;
	i++;
	while (i < end && s[i] <= 0x20)
		i++;
	if (i >= end || (s[i] != '"' && s[i] != '\''))
		return PITH_ENCODING_NONE;
	unsigned char quote = s[i++];
	const unsigned char *closing = memchr(s + i, quote, end - i);
	if (!closing)
		return PITH_ENCODING_NONE;
	size_t value_end = (size_t)(closing - s);
	for (size_t k = i; k < value_end; k++)
		if (s[k] <= 0x20)
			return PITH_ENCODING_NONE;
	return as_declared(pith_encoding_for_label((const char *)s + i, value_end - i));
}

pith_encoding pith_encoding_prescan(const unsigned char *bytes, size_t length)
{
	size_t n = length < PITH_PRESCAN_BYTES ? length : PITH_PRESCAN_BYTES;
	const unsigned char *s = bytes;

	/* UTF-16 XML declarations: "<?x" in UTF-16LE or UTF-16BE. */
	if (n >= 6 && memcmp(s, "<\0?\0x\0", 6) == 0)
		return PITH_ENCODING_UTF_16LE;
	if (n >= 6 && memcmp(s, "\0<\0?\0x", 6) == 0)
		return PITH_ENCODING_UTF_16BE;

	attribute a;
	prescan p = {s, n, 0};
	while (p.position < n) {
		size_t i = p.position;
		if (s[i] != '<') {
			p.position++;
			continue;
		}
		size_t rest = n - i;
		if (rest >= 4 && memcmp(s + i, "<!--", 4) == 0) {
			/* To the first "-->" whose hyphens may be those of
			 * "<!--" itself. */
			size_t k = i + 2;
			while (k + 2 < n && !(s[k] == '-' && s[k + 1] == '-' && s[k + 2] == '>'))
				k++;
			if (k + 2 >= n)
				break;
			p.position = k + 3;
			continue;
		}
		if (rest >= 6 && ascii_lower(s[i + 1]) == 'm' && ascii_lower(s[i + 2]) == 'e' &&
		    ascii_lower(s[i + 3]) == 't' && ascii_lower(s[i + 4]) == 'a' &&
		    (is_space(s[i + 5]) || s[i + 5] == '/')) {
			bool aborted = false;
			p.position = i + 5;
			pith_encoding e = prescan_meta(&p, &a, &aborted);
			if (aborted)
				break;
			if (e != PITH_ENCODING_NONE)
				return e;
			p.position++; /* past the '>' */
			continue;
		}
		if (rest >= 2 && (is_ascii_alpha(s[i + 1]) ||
		                  (rest >= 3 && s[i + 1] == '/' && is_ascii_alpha(s[i + 2])))) {
			/* Another tag: skip its name and attributes. */
			size_t k = i + 1;
			while (k < n && !is_space(s[k]) && s[k] != '>')
				k++;
			if (k >= n)
				break;
			p.position = k;
			attribute_result r;
			while ((r = get_attribute(&p, &a)) == ATTRIBUTE_FOUND)
				;
			if (r == ATTRIBUTE_ABORTED)
				break;
			p.position++;
			continue;
		}
		if (rest >= 2 && (s[i + 1] == '!' || s[i + 1] == '/' || s[i + 1] == '?')) {
			const unsigned char *close = memchr(s + i + 2, '>', n - i - 2);
			if (!close)
				break;
			p.position = (size_t)(close - s) + 1;
			continue;
		}
		p.position++;
	}
	return xml_encoding(s, n);
}
