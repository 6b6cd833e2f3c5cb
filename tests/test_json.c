/* The JSON string escaper (src/base/json.c): each escape, invalid UTF-8,
 * and the word-at-a-time scan against a byte-at-a-time reference on
 * random strings of the bytes that matter, at every alignment. */
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/json.h"
#include "check.h"

static void expect(const char *name, const char *in, size_t n, const char *want)
{
	pith_buffer out = {0};
	bool ok = pith_json_append_string(&out, in, n);
	check(ok && out.length == strlen(want) && memcmp(out.data, want, out.length) == 0, name,
	      "got %s, expected %s", ok ? out.data : "(failed)", want);
	pith_buffer_free(&out);
}

#define EXPECT(name, in, want) expect(name, in, sizeof in - 1, want)

static void test_escapes(void)
{
	EXPECT("empty", "", "\"\"");
	EXPECT("plain", "plain text, long enough for words",
	       "\"plain text, long enough for words\"");
	EXPECT("quote and backslash", "a\"b\\c", "\"a\\\"b\\\\c\"");
	EXPECT("short escapes", "\n\t\r\b\f", "\"\\n\\t\\r\\b\\f\"");
	EXPECT("other controls", "\x01\x1f", "\"\\u0001\\u001f\"");
	EXPECT("NUL", "a\0b", "\"a\\u0000b\"");
	EXPECT("DEL as is", "\x7f", "\"\x7f\"");
	EXPECT("UTF-8 as is", "caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80",
	       "\"caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80\"");
	EXPECT("stray continuation", "a\x80z", "\"a\xef\xbf\xbdz\"");
	EXPECT("overlong", "\xc0\xaf", "\"\xef\xbf\xbd\xef\xbf\xbd\"");
	EXPECT("surrogate", "\xed\xa0\x80", "\"\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd\"");
	EXPECT("cut sequence at the end", "abcdefgh\xe2\x82",
	       "\"abcdefgh\xef\xbf\xbd\xef\xbf\xbd\"");
	EXPECT("quote after a plain word", "abcdefgh\"", "\"abcdefgh\\\"\"");
	EXPECT("control inside a word",
	       "abc\x1f"
	       "efghijkl",
	       "\"abc\\u001fefghijkl\"");
}

/* The escaper as it was before the word-at-a-time scan, one byte at a
 * time, for comparison. */
static void reference(pith_buffer *out, const unsigned char *s, size_t n)
{
	pith_buffer_append(out, "\"", 1);
	for (size_t i = 0; i < n; i++) {
		unsigned char c = s[i];
		char escape[8] = {0};
		switch (c) {
		case '"':
			strcpy(escape, "\\\"");
			break;
		case '\\':
			strcpy(escape, "\\\\");
			break;
		case '\n':
			strcpy(escape, "\\n");
			break;
		case '\t':
			strcpy(escape, "\\t");
			break;
		case '\r':
			strcpy(escape, "\\r");
			break;
		case '\b':
			strcpy(escape, "\\b");
			break;
		case '\f':
			strcpy(escape, "\\f");
			break;
		default:
			if (c < 0x20)
				snprintf(escape, sizeof escape, "\\u%04x", c);
		}
		if (escape[0]) {
			pith_buffer_append(out, escape, strlen(escape));
		} else if (c < 0x80) {
			pith_buffer_append(out, (const char *)&c, 1);
		} else {
			/* Of the bytes over 0x7F below, only C3 leads a sequence
			 * (C3 A9 is é, C3 80 is À); the rest are stray. */
			if (c == 0xC3 && i + 1 < n && (s[i + 1] == 0xA9 || s[i + 1] == 0x80)) {
				pith_buffer_append(out, (const char *)s + i, 2);
				i++;
			} else {
				pith_buffer_append(out, "\xef\xbf\xbd", 3);
			}
		}
	}
	pith_buffer_append(out, "\"", 1);
}

static void test_against_reference(void)
{
	static const unsigned char alphabet[] = {'a',  ' ',  '"',  '\\', '\n', 0x1f, 0x20,
	                                         0x21, 0x7f, 0x5b, 0x5d, 0xc3, 0xa9, 0x80};
	unsigned char text[64];
	pith_buffer got = {0}, want = {0};
	unsigned seed = 12345;
	int mismatches = 0;
	for (int round = 0; round < 20000; round++) {
		size_t n = (size_t)round % sizeof text;
		for (size_t i = 0; i < n; i++) {
			seed = seed * 1103515245u + 12345u;
			/* Mostly plain letters, so long plain runs occur too. */
			unsigned pick = (seed >> 16) % (sizeof alphabet * 3);
			text[i] = pick < sizeof alphabet ? alphabet[pick] : 'a' + pick % 26;
		}
		got.length = want.length = 0;
		bool ok = pith_json_append_string(&got, (const char *)text, n);
		reference(&want, text, n);
		if (!ok || got.length != want.length ||
		    memcmp(got.data, want.data, got.length) != 0)
			mismatches++;
	}
	check(mismatches == 0, "against the reference", "%d of 20000 strings differ", mismatches);
	pith_buffer_free(&got);
	pith_buffer_free(&want);
}

int main(void)
{
	test_escapes();
	test_against_reference();
	printf("json: %d passed, %d failed\n", passed, failed);
	return failed ? 1 : 0;
}
