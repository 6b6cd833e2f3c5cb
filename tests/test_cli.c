/* The pith command as a user runs it: each case is a shell command line,
 * the exit status it must give and text its output must hold (stdout and
 * stderr together). $PITH is the binary under test. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>

typedef struct cli_case {
	const char *command;
	int exit_status;
	const char *must_contain;
} cli_case;

static const cli_case cases[] = {
    {"printf '<b>x<p>y</b>z' | $PITH --dump-tree -", 0,
     "| <html>\n|   <head>\n|   <body>\n|     <b>\n|       \"x\"\n|     <p>\n|       <b>\n"
     "|         \"y\"\n|       \"z\"\n"},
    {"printf '<td>a<td>b' | $PITH --dump-tree --fragment tr -", 0,
     "| <td>\n|   \"a\"\n| <td>\n|   \"b\"\n"},
    {"printf '<path/><foreignObject><p>x' | $PITH --dump-tree --fragment 'svg svg' -", 0,
     "| <svg path>\n| <svg foreignObject>\n|   <p>\n|     \"x\"\n"},
    {"printf '<p>caf\\351' | $PITH --dump-tree --charset latin1 -", 0, "\"caf\xc3\xa9\""},
    {"printf '<meta charset=koi8-r><p>\\301' | $PITH --dump-tree -", 0, "\"\xd0\xb0\""},
    {"printf '\\357\\273\\277<p>bom' | $PITH --dump-tree --charset latin1 -", 0, "\"bom\""},
    {"$PITH --dump-tree examples/sample.html", 0, "|             <article>\n"},
    {"$PITH --dump-tree /nonexistent/page.html", 1, "pith: /nonexistent/page.html: No such file"},
    {"$PITH --dump-tree", 2, "usage: pith"},
    {"$PITH --frobnicate x", 2, "unknown or incomplete option '--frobnicate'"},
    {"$PITH --stat --repeat 0 x", 2, "--repeat needs a positive number"},
    {"$PITH --help", 0, "--dump-tree"},
    {"$PITH --version", 0, "pith "},
    {"$PITH --stat --repeat 1 examples/sample.html", 0, "MB/s"},
    {"$PITH --stat --repeat 1 examples/sample.html /nonexistent.html", 1, "(1 unreadable)"},
};

int main(void)
{
	const char *build = getenv("BUILD");
	char pith[512];
	snprintf(pith, sizeof pith, "%s/pith", build ? build : "build");
	setenv("PITH", pith, 1);
	int passed = 0, failed = 0;
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		const cli_case *c = &cases[i];
		char command[1024];
		snprintf(command, sizeof command, "(%s) 2>&1", c->command);
		FILE *out = popen(command, "r");
		if (!out) {
			perror("popen");
			return 2;
		}
		static char output[1 << 20];
		size_t length = fread(output, 1, sizeof output - 1, out);
		while (fgetc(out) != EOF) /* drain what does not fit */
			;
		output[length] = '\0';
		int status = pclose(out);
		int exit_status = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
		if (exit_status == c->exit_status && strstr(output, c->must_contain)) {
			passed++;
		} else {
			failed++;
			printf("FAIL %s\n  exit %d (want %d); output begins:\n%.400s\n", c->command,
			       exit_status, c->exit_status, output);
		}
	}
	printf("cli: %d passed, %d failed\n", passed, failed);
	return failed ? 1 : 0;
}
