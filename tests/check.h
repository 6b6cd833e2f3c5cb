/* The assertions the unit tests share: each check counts a pass or prints
 * "FAIL name: details" and counts a failure; main prints the counts as
 * "NAME: N passed, N failed" (tests/run.sh sums those lines). */
#ifndef PITH_TEST_CHECK_H
#define PITH_TEST_CHECK_H

#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

static int passed, failed;

static inline void check(bool ok, const char *name, const char *format, ...)
{
	if (ok) {
		passed++;
		return;
	}
	failed++;
	printf("FAIL %s: ", name);
	va_list args;
	va_start(args, format);
	vprintf(format, args);
	va_end(args);
	putchar('\n');
}

static inline void check_string(const char *name, const char *got, const char *expected)
{
	check(got && strcmp(got, expected) == 0, name, "got '%s', expected '%s'",
	      got ? got : "(null)", expected);
}

#endif
