/* ASCII character tests and case folding, for the markup and protocol
 * words pith compares (attribute names and values, URL schemes, month
 * names): HTML and HTTP fold only ASCII letters, never by locale. */
#ifndef PITH_ASCII_H
#define PITH_ASCII_H

#include <stdbool.h>
#include <stddef.h>
#include <string.h>

static inline bool pith_ascii_is_digit(char c)
{
	return c >= '0' && c <= '9';
}

static inline bool pith_ascii_is_alpha(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static inline bool pith_ascii_is_alnum(char c)
{
	return pith_ascii_is_alpha(c) || pith_ascii_is_digit(c);
}

static inline char pith_ascii_lower(char c)
{
	return c >= 'A' && c <= 'Z' ? (char)(c + ('a' - 'A')) : c;
}

/* HTML's ASCII whitespace: space, tab, LF, FF, CR. */
static inline bool pith_ascii_is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f';
}

/* Does s[0..n) start with prefix (lowercase), in any ASCII case? */
static inline bool pith_ascii_starts_with_nocase(const char *s, size_t n, const char *prefix)
{
	size_t m = strlen(prefix);
	if (n < m)
		return false;
	for (size_t i = 0; i < m; i++)
		if (pith_ascii_lower(s[i]) != prefix[i])
			return false;
	return true;
}

/* Is s[0..n) word (lowercase), in any ASCII case? */
static inline bool pith_ascii_equals_nocase(const char *s, size_t n, const char *word)
{
	return n == strlen(word) && pith_ascii_starts_with_nocase(s, n, word);
}

#endif
