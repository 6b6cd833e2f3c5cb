/* A small JSON reader (RFC 8259) for JSON-LD blocks: the whole value into
 * a tree in the arena, bounded in size, depth and value count. */
#include <string.h>

#include "../base/utf8.h"
#include "metadata_internal.h"

typedef struct json_reader {
	pith_arena *arena;
	const char *s, *end;
	size_t values;
	bool out_of_memory;
} json_reader;

static void skip_whitespace(json_reader *r)
{
	while (r->s < r->end && (*r->s == ' ' || *r->s == '\t' || *r->s == '\n' || *r->s == '\r'))
		r->s++;
}

static int hex_value(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* Four hex digits at p, or -1. */
static long read_hex4(const char *p, const char *end)
{
	if (end - p < 4)
		return -1;
	long value = 0;
	for (int i = 0; i < 4; i++) {
		int digit = hex_value(p[i]);
		if (digit < 0)
			return -1;
		value = value * 16 + digit;
	}
	return value;
}

/* A string after its opening quote, decoded into the arena. Escapes never
 * lengthen what they stand for (\uXXXX is six bytes for at most three),
 * so the raw length bounds the copy. A lone surrogate becomes U+FFFD. */
static bool read_string(json_reader *r, const char **out, size_t *out_length)
{
	const char *start = r->s;
	const char *close = start;
	while (close < r->end && *close != '"') {
		if (*close == '\\' && close + 1 < r->end)
			close++;
		close++;
	}
	if (close >= r->end)
		return false;
	char *copy = pith_arena_alloc(r->arena, (size_t)(close - start) + 1);
	if (!copy) {
		r->out_of_memory = true;
		return false;
	}
	char *o = copy;
	const char *p = start;
	while (p < close) {
		/* Raw control characters are let through: pages' JSON-LD
		 * often holds raw line breaks inside strings. */
		if (*p != '\\') {
			*o++ = *p++;
			continue;
		}
		p++;
		switch (*p++) {
		case '"':
			*o++ = '"';
			break;
		case '\\':
			*o++ = '\\';
			break;
		case '/':
			*o++ = '/';
			break;
		case 'b':
			*o++ = '\b';
			break;
		case 'f':
			*o++ = '\f';
			break;
		case 'n':
			*o++ = '\n';
			break;
		case 'r':
			*o++ = '\r';
			break;
		case 't':
			*o++ = '\t';
			break;
		case 'u': {
			long unit = read_hex4(p, close);
			if (unit < 0)
				return false;
			p += 4;
			uint32_t code_point = (uint32_t)unit;
			if (unit >= 0xD800 && unit <= 0xDBFF && close - p >= 6 && p[0] == '\\' &&
			    p[1] == 'u') {
				long low = read_hex4(p + 2, close);
				if (low >= 0xDC00 && low <= 0xDFFF) {
					code_point = 0x10000 + (((uint32_t)unit - 0xD800) << 10) +
					             ((uint32_t)low - 0xDC00);
					p += 6;
				}
			}
			if (code_point >= 0xD800 && code_point <= 0xDFFF)
				code_point = 0xFFFD;
			o = pith_put_utf8(o, code_point);
			break;
		}
		default:
			return false;
		}
	}
	*o = '\0';
	*out = copy;
	*out_length = (size_t)(o - copy);
	r->s = close + 1;
	return true;
}

static bool read_literal(json_reader *r, const char *word)
{
	size_t n = strlen(word);
	if ((size_t)(r->end - r->s) < n || memcmp(r->s, word, n) != 0)
		return false;
	r->s += n;
	return true;
}

static pith_json *read_value(json_reader *r, int depth);

/* A byte of a JSON number's text: a digit, a sign, a point or an
 * exponent's e (not a NUL, which strchr on the list would have found). */
static bool is_number_byte(char c)
{
	return (c >= '0' && c <= '9') || c == '+' || c == '-' || c == '.' || c == 'e' || c == 'E';
}

/* The values of an array or members of an object, after its opening
 * bracket. */
static bool read_items(json_reader *r, pith_json *container, int depth)
{
	bool object = container->type == PITH_JSON_OBJECT;
	char close = object ? '}' : ']';
	pith_json **tail = &container->first;
	skip_whitespace(r);
	if (r->s < r->end && *r->s == close) {
		r->s++;
		return true;
	}
	for (;;) {
		const char *key = NULL;
		size_t key_length = 0;
		if (object) {
			skip_whitespace(r);
			if (r->s >= r->end || *r->s != '"')
				return false;
			r->s++;
			if (!read_string(r, &key, &key_length))
				return false;
			skip_whitespace(r);
			if (r->s >= r->end || *r->s++ != ':')
				return false;
		}
		pith_json *item = read_value(r, depth + 1);
		if (!item)
			return false;
		item->key = key;
		item->key_length = key_length;
		*tail = item;
		tail = &item->next;
		skip_whitespace(r);
		if (r->s >= r->end)
			return false;
		char c = *r->s++;
		if (c == close)
			return true;
		if (c != ',')
			return false;
	}
}

static pith_json *read_value(json_reader *r, int depth)
{
	if (depth > PITH_MAX_JSON_DEPTH || ++r->values > PITH_MAX_JSON_VALUES)
		return NULL;
	skip_whitespace(r);
	if (r->s >= r->end)
		return NULL;
	pith_json *value = pith_arena_alloc(r->arena, sizeof *value);
	if (!value) {
		r->out_of_memory = true;
		return NULL;
	}
	memset(value, 0, sizeof *value);
	char c = *r->s;
	if (c == '{' || c == '[') {
		r->s++;
		value->type = c == '{' ? PITH_JSON_OBJECT : PITH_JSON_ARRAY;
		return read_items(r, value, depth) ? value : NULL;
	}
	if (c == '"') {
		r->s++;
		value->type = PITH_JSON_STRING;
		return read_string(r, &value->string, &value->length) ? value : NULL;
	}
	if (c == '-' || (c >= '0' && c <= '9')) {
		/* Numbers are kept as their text; JSON-LD's fields are strings. */
		const char *start = r->s;
		while (r->s < r->end && is_number_byte(*r->s))
			r->s++;
		value->type = PITH_JSON_NUMBER;
		value->string = start;
		value->length = (size_t)(r->s - start);
		return value;
	}
	if (read_literal(r, "true"))
		value->type = PITH_JSON_TRUE;
	else if (read_literal(r, "false"))
		value->type = PITH_JSON_FALSE;
	else if (read_literal(r, "null"))
		value->type = PITH_JSON_NULL;
	else
		return NULL;
	return value;
}

pith_json *pith_json_parse(pith_arena *arena, const char *s, size_t length, pith_status *status)
{
	*status = PITH_OK;
	if (length > PITH_MAX_JSON_BYTES)
		return NULL;
	json_reader r = {arena, s, s + length, 0, false};
	pith_json *value = read_value(&r, 0);
	skip_whitespace(&r);
	if (r.out_of_memory)
		*status = PITH_ERROR_NOMEM;
	return value && r.s == r.end ? value : NULL;
}

const pith_json *pith_json_member(const pith_json *object, const char *key)
{
	if (!object || object->type != PITH_JSON_OBJECT)
		return NULL;
	size_t n = strlen(key);
	for (const pith_json *m = object->first; m; m = m->next)
		if (m->key_length == n && memcmp(m->key, key, n) == 0)
			return m;
	return NULL;
}
