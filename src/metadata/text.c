/* Text helpers the metadata finders share: an element's text, collapsed
 * copies, and word tests on class and id values. */
#include <stdint.h>
#include <string.h>

#include "../base/utf8.h"
#include "metadata_internal.h"

/* A character reference at s[0..n) (s[0] is '&'): numeric, or one of
 * the few names that titles and descriptions carry when a site encodes
 * them twice or writes HTML into JSON-LD. Writes the character to out
 * (never more bytes than the reference took) and returns the bytes
 * consumed, or 0. */
static size_t decode_reference(const char *s, size_t n, char *out, size_t *written)
{
	static const struct {
		const char *name;
		uint32_t code_point;
	} names[] = {
	    {"amp;", '&'},       {"lt;", '<'},       {"gt;", '>'},       {"quot;", '"'},
	    {"apos;", '\''},     {"nbsp;", ' '},     {"ndash;", 0x2013}, {"mdash;", 0x2014},
	    {"lsquo;", 0x2018},  {"rsquo;", 0x2019}, {"ldquo;", 0x201C}, {"rdquo;", 0x201D},
	    {"hellip;", 0x2026}, {"bull;", 0x2022},  {"middot;", 0xB7},  {"raquo;", 0xBB},
	    {"laquo;", 0xAB},    {"copy;", 0xA9},
	};
	uint32_t code_point = 0;
	size_t used = 0;
	if (n >= 4 && s[1] == '#') {
		bool hex = s[2] == 'x' || s[2] == 'X';
		size_t i = hex ? 3 : 2, digits = 0;
		for (; i < n && digits < 7; i++, digits++) {
			char c = s[i];
			int d = c >= '0' && c <= '9' ? c - '0'
			        : hex && (c | 0x20) >= 'a' && (c | 0x20) <= 'f'
			            ? (c | 0x20) - 'a' + 10
			            : -1;
			if (d < 0)
				break;
			code_point = code_point * (hex ? 16 : 10) + (uint32_t)d;
		}
		if (!digits || i >= n || s[i] != ';' || code_point == 0 || code_point > 0x10FFFF ||
		    (code_point >= 0xD800 && code_point <= 0xDFFF))
			return 0;
		used = i + 1;
	} else {
		for (size_t k = 0; k < sizeof names / sizeof *names && !used; k++) {
			size_t length = strlen(names[k].name);
			if (n > length && memcmp(s + 1, names[k].name, length) == 0) {
				code_point = names[k].code_point;
				used = length + 1;
			}
		}
		if (!used)
			return 0;
	}
	char *end = pith_put_utf8(out, code_point);
	*written = (size_t)(end - out);
	return *written <= used ? used : 0;
}

static bool is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

/* Appends s[0..n) collapsed to out[*length..max), with *pending_space
 * carried between calls so that pieces join with one space. */
static void collapse_into(char *out, size_t *length, size_t max, bool *pending_space, const char *s,
                          size_t n)
{
	for (size_t i = 0; i < n && *length < max; i++) {
		if (is_space(s[i]) || (unsigned char)s[i] < 0x20) {
			*pending_space = *length > 0;
			continue;
		}
		/* U+00A0 no-break space is a space here. */
		if ((unsigned char)s[i] == 0xC2 && i + 1 < n && (unsigned char)s[i + 1] == 0xA0) {
			*pending_space = *length > 0;
			i++;
			continue;
		}
		if (*pending_space) {
			out[(*length)++] = ' ';
			*pending_space = false;
			if (*length == max)
				break;
		}
		out[(*length)++] = s[i];
	}
}

size_t pith_metadata_whole_characters(const char *s, size_t length)
{
	size_t start = length;
	while (start > 0 && ((unsigned char)s[start - 1] & 0xC0) == 0x80)
		start--;
	if (start == 0)
		return length;
	unsigned char lead = (unsigned char)s[start - 1];
	size_t need = lead < 0x80 ? 1 : lead < 0xE0 ? 2 : lead < 0xF0 ? 3 : 4;
	return start - 1 + need <= length ? length : start - 1;
}

char *pith_metadata_collapse(pith_arena *arena, const char *s, size_t length, size_t *out_length)
{
	size_t max = length < PITH_MAX_METADATA_BYTES ? length : PITH_MAX_METADATA_BYTES;
	char *out = pith_arena_alloc(arena, max + 1);
	if (!out)
		return NULL;
	size_t n = 0;
	bool pending_space = false;
	for (size_t i = 0; i < length && n < max;) {
		const char *amp = memchr(s + i, '&', length - i);
		size_t plain = amp ? (size_t)(amp - (s + i)) : length - i;
		collapse_into(out, &n, max, &pending_space, s + i, plain);
		i += plain;
		if (i == length || n == max)
			break;
		char character[4];
		size_t written = 0, used = decode_reference(s + i, length - i, character, &written);
		if (!used)
			written = 1, used = 1, character[0] = '&';
		collapse_into(out, &n, max, &pending_space, character, written);
		i += used;
	}
	if (n == max && n < length)
		n = pith_metadata_whole_characters(out, n);
	out[n] = '\0';
	if (out_length)
		*out_length = n;
	return out;
}

char *pith_metadata_node_text(pith_arena *arena, const pith_dom *dom, pith_node_id id,
                              size_t max_bytes, size_t *length)
{
	return pith_metadata_node_line(arena, dom, id, max_bytes, false, length);
}

char *pith_metadata_node_line(pith_arena *arena, const pith_dom *dom, pith_node_id id,
                              size_t max_bytes, bool first_line, size_t *length)
{
	char *out = pith_arena_alloc(arena, max_bytes + 1);
	if (!out)
		return NULL;
	size_t n = 0, visited = 0;
	bool pending_space = false;
	for (pith_node_id at = id; at && n < max_bytes && visited < PITH_MAX_TEXT_NODES_VISITED;
	     visited++) {
		const pith_node *node = &dom->nodes[at];
		bool skip = node->type == PITH_NODE_ELEMENT &&
		            (node->tag == PITH_TAG_SCRIPT || node->tag == PITH_TAG_STYLE ||
		             node->tag == PITH_TAG_TEMPLATE);
		if (node->type == PITH_NODE_TEXT)
			collapse_into(out, &n, max_bytes, &pending_space, node->text,
			              node->text_len);
		else if (node->type == PITH_NODE_ELEMENT && node->tag == PITH_TAG_BR) {
			if (first_line && n > 0)
				break;
			pending_space = n > 0;
		}
		at = pith_dom_next_in_order(dom, id, at, skip && at != id);
	}
	if (n == max_bytes)
		n = pith_metadata_whole_characters(out, n);
	out[n] = '\0';
	if (length)
		*length = n;
	return out;
}

static bool is_word_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

bool pith_metadata_has_word(const char *value, size_t length, const char *word, bool prefix)
{
	size_t n = strlen(word);
	for (size_t i = 0; i < length;) {
		while (i < length && !is_word_char(value[i]))
			i++;
		size_t start = i;
		while (i < length && is_word_char(value[i]))
			i++;
		size_t w = i - start;
		if (w < n || (!prefix && w != n))
			continue;
		size_t k = 0;
		while (k < n && (value[start + k] | 0x20) == word[k])
			k++;
		if (k == n)
			return true;
	}
	return false;
}

const char *pith_metadata_next_token(const char **s, const char *end, size_t *length)
{
	const char *at = *s;
	while (at < end && (*at == ' ' || *at == '\t' || *at == '\n'))
		at++;
	const char *start = at;
	while (at < end && *at != ' ' && *at != '\t' && *at != '\n')
		at++;
	*s = at;
	*length = (size_t)(at - start);
	return start;
}
