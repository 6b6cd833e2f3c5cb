/* A small JSON reader for the test programs (not part of libpith).
 *
 * json_parse() turns a whole document into a tree of json_value nodes,
 * allocated with malloc and released with json_free(). Strings are decoded
 * to UTF-8 with explicit lengths, since test data holds U+0000. A "\uD800"
 * that is not half of a surrogate pair cannot be UTF-8; it becomes U+FFFD,
 * which is what a decoder would hand an HTML parser for such input (see
 * json_utf8_put). Errors abort the test program: the data is ours. */
#ifndef PITH_TESTS_JSON_READER_H
#define PITH_TESTS_JSON_READER_H

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/utf8.h"

typedef enum json_type {
	JSON_NULL,
	JSON_BOOL,
	JSON_NUMBER,
	JSON_STRING,
	JSON_ARRAY,
	JSON_OBJECT
} json_type;

typedef struct json_value json_value;
struct json_value {
	json_type type;
	bool boolean;
	double number;
	char *string; /* JSON_STRING: UTF-8, NUL-terminated, may hold NULs */
	size_t string_len;
	/* JSON_ARRAY and JSON_OBJECT: items (and, for objects, keys). */
	json_value **items;
	json_value **keys; /* JSON_STRING values */
	size_t count;
};

typedef struct json_reader {
	const char *p, *end;
	const char *name; /* for error messages */
} json_reader;

static void json_fail(json_reader *r, const char *what)
{
	fprintf(stderr, "%s: JSON error at byte %zu: %s\n", r->name, (size_t)(r->end - r->p), what);
	exit(2);
}

static void *json_alloc(size_t n)
{
	void *p = calloc(1, n ? n : 1);
	if (!p) {
		fprintf(stderr, "out of memory\n");
		exit(2);
	}
	return p;
}

static void json_skip_space(json_reader *r)
{
	while (r->p < r->end && (*r->p == ' ' || *r->p == '\t' || *r->p == '\n' || *r->p == '\r'))
		r->p++;
}

/* Appends code point cp as UTF-8; a lone surrogate becomes U+FFFD. */
static size_t json_utf8_put(char *out, unsigned long cp)
{
	if (cp >= 0xD800 && cp <= 0xDFFF)
		cp = 0xFFFD;
	return (size_t)(pith_put_utf8(out, (uint32_t)cp) - out);
}

static int json_hex4(const char *p, const char *end, unsigned long *out)
{
	if (end - p < 4)
		return 0;
	unsigned long v = 0;
	for (int i = 0; i < 4; i++) {
		char c = p[i];
		v <<= 4;
		if (c >= '0' && c <= '9')
			v |= (unsigned long)(c - '0');
		else if (c >= 'a' && c <= 'f')
			v |= (unsigned long)(c - 'a' + 10);
		else if (c >= 'A' && c <= 'F')
			v |= (unsigned long)(c - 'A' + 10);
		else
			return 0;
	}
	*out = v;
	return 1;
}

/* Reads "\uXXXX" at p (pairing surrogates) into out; returns the bytes of
 * input used, 0 if p holds no such escape. */
static size_t json_unicode_escape(const char *p, const char *end, char *out, size_t *out_len)
{
	unsigned long cp;
	if (end - p < 6 || p[0] != '\\' || p[1] != 'u' || !json_hex4(p + 2, end, &cp))
		return 0;
	size_t used = 6;
	unsigned long low;
	if (cp >= 0xD800 && cp <= 0xDBFF && end - p >= 12 && p[6] == '\\' && p[7] == 'u' &&
	    json_hex4(p + 8, end, &low) && low >= 0xDC00 && low <= 0xDFFF) {
		cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
		used = 12;
	}
	*out_len = json_utf8_put(out, cp);
	return used;
}

static json_value *json_parse_value(json_reader *r);

static json_value *json_parse_string(json_reader *r)
{
	r->p++; /* opening quote */
	/* Decoded text is never longer than its escaped form. */
	const char *start = r->p;
	while (r->p < r->end && *r->p != '"') {
		if (*r->p == '\\')
			r->p++;
		r->p++;
	}
	if (r->p >= r->end)
		json_fail(r, "unterminated string");
	const char *stop = r->p;
	r->p++;
	json_value *v = json_alloc(sizeof *v);
	v->type = JSON_STRING;
	v->string = json_alloc((size_t)(stop - start) + 1);
	size_t n = 0;
	for (const char *s = start; s < stop;) {
		if (*s != '\\') {
			v->string[n++] = *s++;
			continue;
		}
		size_t len;
		size_t used = json_unicode_escape(s, stop, v->string + n, &len);
		if (used) {
			n += len;
			s += used;
			continue;
		}
		char c = s[1];
		s += 2;
		switch (c) {
		case 'n':
			v->string[n++] = '\n';
			break;
		case 't':
			v->string[n++] = '\t';
			break;
		case 'r':
			v->string[n++] = '\r';
			break;
		case 'b':
			v->string[n++] = '\b';
			break;
		case 'f':
			v->string[n++] = '\f';
			break;
		case '/':
			v->string[n++] = '/';
			break;
		case '\\':
			v->string[n++] = '\\';
			break;
		case '"':
			v->string[n++] = '"';
			break;
		default:
			json_fail(r, "bad escape");
		}
	}
	v->string[n] = '\0';
	v->string_len = n;
	return v;
}

static void json_push(json_value *v, json_value *key, json_value *item, size_t *cap)
{
	if (v->count == *cap) {
		*cap = *cap ? *cap * 2 : 8;
		v->items = realloc(v->items, *cap * sizeof *v->items);
		v->keys = realloc(v->keys, *cap * sizeof *v->keys);
		if (!v->items || !v->keys) {
			fprintf(stderr, "out of memory\n");
			exit(2);
		}
	}
	v->keys[v->count] = key;
	v->items[v->count++] = item;
}

static json_value *json_parse_container(json_reader *r, bool object)
{
	json_value *v = json_alloc(sizeof *v);
	v->type = object ? JSON_OBJECT : JSON_ARRAY;
	size_t cap = 0;
	char close = object ? '}' : ']';
	r->p++;
	json_skip_space(r);
	if (r->p < r->end && *r->p == close) {
		r->p++;
		return v;
	}
	for (;;) {
		json_value *key = NULL;
		json_skip_space(r);
		if (object) {
			if (r->p >= r->end || *r->p != '"')
				json_fail(r, "expected key");
			key = json_parse_string(r);
			json_skip_space(r);
			if (r->p >= r->end || *r->p != ':')
				json_fail(r, "expected ':'");
			r->p++;
		}
		json_push(v, key, json_parse_value(r), &cap);
		json_skip_space(r);
		if (r->p < r->end && *r->p == ',') {
			r->p++;
			continue;
		}
		if (r->p < r->end && *r->p == close) {
			r->p++;
			return v;
		}
		json_fail(r, "expected ',' or end of container");
	}
}

static json_value *json_parse_value(json_reader *r)
{
	json_skip_space(r);
	if (r->p >= r->end)
		json_fail(r, "unexpected end");
	json_value *v;
	switch (*r->p) {
	case '"':
		return json_parse_string(r);
	case '[':
		return json_parse_container(r, false);
	case '{':
		return json_parse_container(r, true);
	case 't':
	case 'f':
	case 'n':
		v = json_alloc(sizeof *v);
		if (r->end - r->p >= 4 && memcmp(r->p, "true", 4) == 0) {
			v->type = JSON_BOOL;
			v->boolean = true;
			r->p += 4;
		} else if (r->end - r->p >= 5 && memcmp(r->p, "false", 5) == 0) {
			v->type = JSON_BOOL;
			r->p += 5;
		} else if (r->end - r->p >= 4 && memcmp(r->p, "null", 4) == 0) {
			v->type = JSON_NULL;
			r->p += 4;
		} else {
			json_fail(r, "bad literal");
		}
		return v;
	default: {
		char *stop;
		v = json_alloc(sizeof *v);
		v->type = JSON_NUMBER;
		v->number = strtod(r->p, &stop);
		if (stop == r->p)
			json_fail(r, "bad value");
		r->p = stop;
		return v;
	}
	}
}

/* Parses text[0..len), which must be NUL-terminated at len (for strtod). */
static json_value *json_parse(const char *text, size_t len, const char *name)
{
	json_reader r = {text, text + len, name};
	json_value *v = json_parse_value(&r);
	json_skip_space(&r);
	if (r.p != r.end)
		json_fail(&r, "trailing data");
	return v;
}

static void json_free(json_value *v)
{
	if (!v)
		return;
	for (size_t i = 0; i < v->count; i++) {
		json_free(v->items[i]);
		json_free(v->keys[i]);
	}
	free(v->items);
	free(v->keys);
	free(v->string);
	free(v);
}

/* The member called key of an object, or NULL. */
static json_value *json_get(const json_value *object, const char *key)
{
	if (!object || object->type != JSON_OBJECT)
		return NULL;
	for (size_t i = 0; i < object->count; i++) {
		if (strcmp(object->keys[i]->string, key) == 0)
			return object->items[i];
	}
	return NULL;
}

#endif
