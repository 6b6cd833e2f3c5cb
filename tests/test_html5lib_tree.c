/* Runs the html5lib tree-construction tests against the tree builder.
 *
 * Every test of every $PITH_SHARED/html5lib-tests/tree-construction/ *.dat
 * (PITH_SHARED defaults to ../shared; run from the repository root) is
 * parsed, scripting off: tests marked #script-on are skipped, the scripted/
 * folder is not read. #document-fragment tests use the fragment parsing
 * algorithm. The dump of the tree is compared with the #document section.
 *
 * Known failures are listed in tests/html5lib-tree-failures.txt, one
 * "file.dat:index  reason" line each (index counts from 0 in the file).
 * The exit status is non-zero when a test fails that is not listed, or a
 * listed test passes, so the list stays exact.
 *
 * Usage: test_html5lib_tree [-v] [file.dat[:index]]
 *   -v    print input, expected and actual trees of failing tests */
#include <dirent.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dom/dom.h"
#include "html/parser.h"
#include "read_file.h"

#define FAILURES_FILE "tests/html5lib-tree-failures.txt"

typedef struct buffer {
	char *data;
	size_t len, cap;
} buffer;

static int buffer_write(void *user, const char *data, size_t len)
{
	buffer *b = user;
	if (b->len + len + 1 > b->cap) {
		size_t cap = b->cap ? b->cap : 4096;
		while (cap < b->len + len + 1)
			cap *= 2;
		char *p = realloc(b->data, cap);
		if (!p)
			return 1;
		b->data = p;
		b->cap = cap;
	}
	memcpy(b->data + b->len, data, len);
	b->len += len;
	b->data[b->len] = '\0';
	return 0;
}

/* The known failures: "file.dat:index" ids, with a seen flag each. */
typedef struct known_failure {
	char id[128];
	bool failed;
} known_failure;

static known_failure *known;
static size_t known_count;

static void load_known(void)
{
	size_t len;
	char *text = read_file(FAILURES_FILE, &len);
	if (!text)
		return;
	size_t cap = 0;
	for (char *line = strtok(text, "\n"); line; line = strtok(NULL, "\n")) {
		if (line[0] == '#' || line[0] == '\0')
			continue;
		size_t n = strcspn(line, " \t");
		if (n == 0 || n >= sizeof known[0].id)
			continue;
		if (known_count == cap) {
			cap = cap ? cap * 2 : 64;
			known = realloc(known, cap * sizeof *known);
			if (!known)
				exit(2);
		}
		memcpy(known[known_count].id, line, n);
		known[known_count].id[n] = '\0';
		known[known_count].failed = false;
		known_count++;
	}
	free(text);
}

static known_failure *find_known(const char *id)
{
	for (size_t i = 0; i < known_count; i++)
		if (strcmp(known[i].id, id) == 0)
			return &known[i];
	return NULL;
}

static int compare_names(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* One test, as pointers into the file's text. */
typedef struct tree_test {
	const char *data;
	size_t data_len;
	const char *fragment; /* context, NUL-terminated copy, or NULL */
	bool script_on;
	const char *document;
	size_t document_len;
} tree_test;

static const char *find_line(const char *from, const char *end, const char *line)
{
	size_t n = strlen(line);
	for (const char *p = from; p && p + n <= end;) {
		if ((p == from || p[-1] == '\n') && memcmp(p, line, n) == 0 &&
		    (p + n == end || p[n] == '\n'))
			return p;
		p = memchr(p, '\n', (size_t)(end - p));
		if (p)
			p++;
	}
	return NULL;
}

/* Parse the test starting at *pos ("#data\n..."); advance *pos. */
static bool next_test(const char **pos, const char *end, tree_test *test, char *context,
                      size_t context_size)
{
	const char *p = find_line(*pos, end, "#data");
	if (!p)
		return false;
	memset(test, 0, sizeof *test);
	const char *data = p + 6;
	const char *errors = find_line(data, end, "#errors");
	if (!errors)
		return false;
	test->data = data;
	test->data_len = errors > data ? (size_t)(errors - data) - 1 : 0;
	const char *doc = find_line(errors, end, "#document");
	if (!doc)
		return false;
	const char *frag = find_line(errors, doc, "#document-fragment");
	if (frag) {
		const char *c = frag + 19;
		size_t n = strcspn(c, "\n");
		if (n >= context_size)
			n = context_size - 1;
		memcpy(context, c, n);
		context[n] = '\0';
		test->fragment = context;
	}
	test->script_on = find_line(errors, doc, "#script-on") != NULL;
	const char *body = doc + 10;
	const char *next = body;
	for (;;) {
		next = find_line(next, end, "#data");
		if (!next || (next - body >= 2 && next[-1] == '\n' && next[-2] == '\n'))
			break;
		next++;
	}
	const char *stop = next ? next - 1 : end;
	while (stop > body && stop[-1] == '\n')
		stop--;
	test->document = body;
	test->document_len = (size_t)(stop - body);
	*pos = next ? next : end;
	return true;
}

int main(int argc, char **argv)
{
	bool verbose = false;
	const char *only = NULL;
	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "-v") == 0)
			verbose = true;
		else
			only = argv[i];
	}
	const char *shared = getenv("PITH_SHARED");
	if (!shared || !*shared)
		shared = "../shared";
	char dir_path[4096];
	snprintf(dir_path, sizeof dir_path, "%s/html5lib-tests/tree-construction", shared);
	DIR *dir = opendir(dir_path);
	if (!dir) {
		printf("tree-construction: 0 passed, 0 failed, 1 skipped (no %s)\n", dir_path);
		return 0;
	}
	char *names[512];
	size_t name_count = 0;
	for (struct dirent *e; (e = readdir(dir)) && name_count < 512;) {
		size_t n = strlen(e->d_name);
		if (n > 4 && strcmp(e->d_name + n - 4, ".dat") == 0)
			names[name_count++] = strdup(e->d_name);
	}
	closedir(dir);
	qsort(names, name_count, sizeof *names, compare_names);
	load_known();

	pith_html_parser *parser = pith_html_parser_new();
	pith_dom dom;
	pith_dom_init(&dom);
	buffer out = {0};
	size_t passed = 0, failed = 0, unexpected = 0;

	for (size_t f = 0; f < name_count; f++) {
		if (only && strncmp(only, names[f], strlen(names[f])) != 0)
			continue;
		char path[4600];
		snprintf(path, sizeof path, "%s/%s", dir_path, names[f]);
		size_t len;
		char *text = read_file(path, &len);
		if (!text) {
			printf("cannot read %s\n", path);
			return 1;
		}
		const char *pos = text, *end = text + len;
		tree_test test;
		char context[64];
		for (int index = 0; next_test(&pos, end, &test, context, sizeof context); index++) {
			char id[128];
			snprintf(id, sizeof id, "%s:%d", names[f], index);
			if (only && strchr(only, ':') && strcmp(only, id) != 0)
				continue;
			if (test.script_on)
				continue;
			out.len = 0;
			pith_status status =
			    pith_html_parse(parser, &dom, test.data, test.data_len, test.fragment);
			bool ok = false;
			if (status == PITH_OK) {
				pith_node_id root = 0;
				if (test.fragment)
					root = dom.nodes[0].first_child;
				pith_dom_dump(&dom, root, buffer_write, &out);
				size_t got = out.len;
				while (got && out.data[got - 1] == '\n')
					got--;
				ok = got == test.document_len &&
				     memcmp(out.data, test.document, got) == 0;
			}
			known_failure *k = find_known(id);
			if (ok) {
				passed++;
				if (k) {
					printf("%s now passes: remove it from %s\n", id,
					       FAILURES_FILE);
					unexpected++;
				}
				continue;
			}
			failed++;
			if (k) {
				k->failed = true;
				printf("FAIL %s (known)\n", id);
			} else {
				printf("FAIL %s\n", id);
				unexpected++;
			}
			if (verbose) {
				printf("#data\n%.*s\n", (int)test.data_len, test.data);
				if (test.fragment)
					printf("#document-fragment %s\n", test.fragment);
				printf("#expected\n%.*s\n#got (status %d)\n%.*s\n\n",
				       (int)test.document_len, test.document, (int)status,
				       (int)out.len, out.data ? out.data : "");
			}
		}
		free(text);
	}
	size_t total = passed + failed;
	printf("tree-construction: %.2f%% of %zu tests pass; %zu unexpected results\n",
	       total ? 100.0 * (double)passed / (double)total : 100.0, total, unexpected);
	printf("tree-construction: %zu passed, %zu failed\n", passed, failed);
	pith_dom_release(&dom);
	pith_html_parser_free(parser);
	free(out.data);
	for (size_t i = 0; i < name_count; i++)
		free(names[i]);
	free(known);
	return unexpected ? 1 : 0;
}
