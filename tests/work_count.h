/* Work counted, not timed: how much a call into pith did, the same on an
 * idle machine and a busy one.
 *
 * A test that includes this is listed in the Makefile's COUNTED_TESTS,
 * which links it against the counted copy of the library
 * ($(BUILD)/counted/libpith.a) and with -Wl,--wrap for the memory, string
 * and allocation functions pith calls (tests/work_count.c), whose work is
 * in libc and so has no blocks of pith's to count. The copy is compiled
 * with -fsanitize-coverage=trace-pc, so the compiler calls
 * __sanitizer_cov_trace_pc at every basic block (GCC) or edge (Clang) of
 * pith's code, and with -fno-builtin, which keeps each libc call a call
 * the wrappers see (ASan would turn memcpy into __asan_memcpy, and the
 * compiler would inline short copies of a fixed size).
 *
 * What is counted:
 * - blocks: basic blocks (edges) of pith's own code executed;
 * - library_bytes: bytes that memchr, memcmp, memcpy, memmem, memmove,
 *   memset, strchr, strcmp, strcspn, strdup, strlen, strncasecmp, strncmp
 *   and strstr read or wrote for pith, up to where each stopped (memchr
 *   counts up to the byte found, not the length it was given, so a
 *   tokenizer that looks for the next '<' is not charged for the rest of
 *   the page);
 * - allocated_bytes: bytes pith asked malloc, calloc, realloc and strdup
 *   for.
 * What is not: the work of functions pith calls in shared libraries
 * (uchardet, which pith gives at most 64 KiB of a page; iconv, zlib,
 * libdeflate), qsort's own moves (its comparisons are pith's code and
 * are counted), snprintf and sscanf (on short fields), and the kernel's
 * (page faults of fresh memory: allocated_bytes stands in for them).
 *
 * The counters are plain globals: count work on one thread at a time. */
#ifndef PITH_TESTS_WORK_COUNT_H
#define PITH_TESTS_WORK_COUNT_H

typedef struct work_count {
	unsigned long long blocks;
	unsigned long long library_bytes;
	unsigned long long allocated_bytes;
} work_count;

/* Zeroes the counters. */
void work_count_reset(void);
/* What was counted since work_count_reset. */
work_count work_count_read(void);

#endif
