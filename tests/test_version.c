/* The version is written once, as three numbers in include/pith.h: the
 * macros made from them, the library's functions, pith --version and the
 * man pages (docs/pith.1, docs/pith.3) must all say the same. Run from
 * the repository root, with $BUILD (default build) holding the pith
 * command. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "pith.h"
#include "read_file.h"

/* PITH_VERSION_NUMBER must work in #if, where programs test it. */
#if PITH_VERSION_NUMBER ==                                                                         \
    PITH_VERSION_MAJOR * 10000 + PITH_VERSION_MINOR * 100 + PITH_VERSION_PATCH
#define NUMBER_IN_IF 1
#else
#define NUMBER_IN_IF 0
#endif

/* "MAJOR.MINOR.PATCH" from the three numbers. */
static char expected[64];

static void test_macros(void)
{
	check(NUMBER_IN_IF, "number in #if",
	      "PITH_VERSION_NUMBER is %d, not MAJOR*10000+MINOR*100+PATCH", PITH_VERSION_NUMBER);
	check(PITH_VERSION_NUMBER ==
	          PITH_VERSION_MAJOR * 10000 + PITH_VERSION_MINOR * 100 + PITH_VERSION_PATCH,
	      "number", "%d", PITH_VERSION_NUMBER);
	/* Two digits each, or the number is ambiguous (0.1.100 would be 0.2.0). */
	check(PITH_VERSION_MINOR >= 0 && PITH_VERSION_MINOR < 100, "minor below 100", "%d",
	      PITH_VERSION_MINOR);
	check(PITH_VERSION_PATCH >= 0 && PITH_VERSION_PATCH < 100, "patch below 100", "%d",
	      PITH_VERSION_PATCH);
	check(PITH_VERSION_MAJOR >= 0, "major not negative", "%d", PITH_VERSION_MAJOR);
	check_string("string", PITH_VERSION_STRING, expected);
	check_string("PITH_VERSION, the earlier name", PITH_VERSION, PITH_VERSION_STRING);
}

static void test_functions(void)
{
	check(pith_version_number() == PITH_VERSION_NUMBER, "pith_version_number",
	      "got %u, expected %d", pith_version_number(), PITH_VERSION_NUMBER);
	check_string("pith_version_string", pith_version_string(), PITH_VERSION_STRING);
}

static void test_command(void)
{
	const char *build = getenv("BUILD");
	char command[4096], line[256] = "";
	snprintf(command, sizeof command, "%s/pith --version", build ? build : "build");
	FILE *p = popen(command, "r");
	if (!p) {
		check(false, "pith --version", "cannot run %s", command);
		return;
	}
	size_t n = fread(line, 1, sizeof line - 1, p);
	line[n] = 0;
	int status = pclose(p);
	char want[128];
	snprintf(want, sizeof want, "pith %s\n", expected);
	check(status == 0, "pith --version exit status", "%d", status);
	check_string("pith --version", line, want);
}

/* A man page's title line names the version as its fourth field:
 * .TH PITH 1 "date" "pith 0.1.0" "User Commands". */
static void test_man_page(const char *path)
{
	size_t length;
	char *page = read_file(path, &length);
	if (!page) {
		check(false, path, "cannot read it");
		return;
	}
	char want[128];
	snprintf(want, sizeof want, "\"pith %s\"", expected);
	const char *title = strstr(page, ".TH ");
	const char *end = title ? strchr(title, '\n') : NULL;
	const char *found = title ? strstr(title, want) : NULL;
	check(found && (!end || found < end), path, "its .TH line does not name %s", want);
	free(page);
}

int main(void)
{
	snprintf(expected, sizeof expected, "%d.%d.%d", PITH_VERSION_MAJOR, PITH_VERSION_MINOR,
	         PITH_VERSION_PATCH);
	test_macros();
	test_functions();
	test_command();
	test_man_page("docs/pith.1");
	test_man_page("docs/pith.3");
	printf("version: %d passed, %d failed\n", passed, failed);
	return failed != 0;
}
