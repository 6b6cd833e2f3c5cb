/* The counters of tests/work_count.h: the hook the compiler calls at each
 * basic block of the counted library, and the wrappers its link puts in
 * front of libc (-Wl,--wrap=NAME sends pith's calls of NAME to
 * __wrap_NAME, and __real_NAME to libc's own).
 *
 * Each wrapper counts the bytes its function went through before it
 * stopped, computed with __real_ functions or a loop that no compiler
 * turns into a call of a wrapped function (a wrapper calling strlen
 * would call __wrap_strlen). */
#include <ctype.h>
#include <stddef.h>

#include "work_count.h"

static work_count counted;

void __sanitizer_cov_trace_pc(void)
{
	counted.blocks++;
}

void work_count_reset(void)
{
	counted = (work_count){0};
}

work_count work_count_read(void)
{
	return counted;
}

/* Bytes a and b have in common from their start, up to n (and up to a
 * NUL when the strings end there): how far a comparison read. */
static size_t common_prefix(const unsigned char *a, const unsigned char *b, size_t n,
                            int stop_at_nul, int fold_case)
{
	size_t i = 0;
	while (i < n) {
		int x = fold_case ? tolower(a[i]) : a[i];
		int y = fold_case ? tolower(b[i]) : b[i];
		if (x != y || (stop_at_nul && x == 0))
			break;
		i++;
	}
	return i;
}

/* How many bytes a search read: up to and including what it found, or
 * all of them. */
static size_t searched(const void *start, const void *found, size_t length)
{
	return found ? (size_t)((const char *)found - (const char *)start) + 1 : length;
}

/* libc's own functions, which -Wl,--wrap names __real_NAME. */
void *__real_malloc(size_t size);
void *__real_calloc(size_t count, size_t size);
void *__real_realloc(void *block, size_t size);
char *__real_strdup(const char *s);
void *__real_memchr(const void *s, int c, size_t n);
void *__real_memcpy(void *to, const void *from, size_t n);
void *__real_memmem(const void *haystack, size_t haystack_length, const void *needle,
                    size_t needle_length);
void *__real_memmove(void *to, const void *from, size_t n);
void *__real_memset(void *to, int c, size_t n);
char *__real_strchr(const char *s, int c);
size_t __real_strcspn(const char *s, const char *reject);
size_t __real_strlen(const char *s);
int __real_strncasecmp(const char *a, const char *b, size_t n);
char *__real_strstr(const char *haystack, const char *needle);

void *__wrap_malloc(size_t size)
{
	counted.allocated_bytes += size;
	return __real_malloc(size);
}

void *__wrap_calloc(size_t count, size_t size)
{
	counted.allocated_bytes += count * size;
	return __real_calloc(count, size);
}

void *__wrap_realloc(void *block, size_t size)
{
	counted.allocated_bytes += size;
	return __real_realloc(block, size);
}

char *__wrap_strdup(const char *s)
{
	size_t size = __real_strlen(s) + 1;
	counted.library_bytes += size;
	counted.allocated_bytes += size;
	return __real_strdup(s);
}

void *__wrap_memchr(const void *s, int c, size_t n)
{
	void *found = __real_memchr(s, c, n);
	counted.library_bytes += searched(s, found, n);
	return found;
}

int __wrap_memcmp(const void *a, const void *b, size_t n)
{
	const unsigned char *x = a, *y = b;
	size_t same = common_prefix(x, y, n, 0, 0);
	counted.library_bytes += same < n ? same + 1 : n;
	return same < n ? x[same] - y[same] : 0;
}

void *__wrap_memcpy(void *to, const void *from, size_t n)
{
	counted.library_bytes += n;
	return __real_memcpy(to, from, n);
}

void *__wrap_memmem(const void *haystack, size_t haystack_length, const void *needle,
                    size_t needle_length)
{
	void *found = __real_memmem(haystack, haystack_length, needle, needle_length);
	counted.library_bytes += needle_length + searched(haystack, found, haystack_length);
	return found;
}

void *__wrap_memmove(void *to, const void *from, size_t n)
{
	counted.library_bytes += n;
	return __real_memmove(to, from, n);
}

void *__wrap_memset(void *to, int c, size_t n)
{
	counted.library_bytes += n;
	return __real_memset(to, c, n);
}

char *__wrap_strchr(const char *s, int c)
{
	char *found = __real_strchr(s, c);
	counted.library_bytes += found ? (size_t)(found - s) + 1 : __real_strlen(s) + 1;
	return found;
}

int __wrap_strcmp(const char *a, const char *b)
{
	const unsigned char *x = (const unsigned char *)a, *y = (const unsigned char *)b;
	size_t same = common_prefix(x, y, (size_t)-1, 1, 0);
	counted.library_bytes += same + 1;
	return x[same] - y[same];
}

size_t __wrap_strcspn(const char *s, const char *reject)
{
	size_t length = __real_strcspn(s, reject);
	counted.library_bytes += length + 1 + __real_strlen(reject);
	return length;
}

size_t __wrap_strlen(const char *s)
{
	size_t length = __real_strlen(s);
	counted.library_bytes += length + 1;
	return length;
}

int __wrap_strncasecmp(const char *a, const char *b, size_t n)
{
	size_t same = common_prefix((const unsigned char *)a, (const unsigned char *)b, n, 1, 1);
	counted.library_bytes += same < n ? same + 1 : n;
	return __real_strncasecmp(a, b, n);
}

int __wrap_strncmp(const char *a, const char *b, size_t n)
{
	const unsigned char *x = (const unsigned char *)a, *y = (const unsigned char *)b;
	size_t same = common_prefix(x, y, n, 1, 0);
	counted.library_bytes += same < n ? same + 1 : n;
	return same < n ? x[same] - y[same] : 0;
}

char *__wrap_strstr(const char *haystack, const char *needle)
{
	char *found = __real_strstr(haystack, needle);
	size_t haystack_length = __real_strlen(haystack) + 1;
	counted.library_bytes += __real_strlen(needle) + searched(haystack, found, haystack_length);
	return found;
}
