/* What the fuzz targets assert about pith's results: a failed check traps,
 * so libFuzzer (and the replay in make test) stops on it. */
#ifndef PITH_FUZZ_CHECKS_H
#define PITH_FUZZ_CHECKS_H

#include <stdbool.h>
#include <stddef.h>
#include <string.h>

#include "../tests/utf8_check.h"

#define CHECK(condition)                                                                           \
	do {                                                                                       \
		if (!(condition))                                                                  \
			__builtin_trap();                                                          \
	} while (0)

/* A result string: NUL at its length, none before, valid UTF-8. */
static inline bool is_terminated_string(const char *s, size_t length)
{
	return s && s[length] == '\0' && memchr(s, '\0', length) == NULL &&
	       is_valid_utf8(s, length);
}

#endif
