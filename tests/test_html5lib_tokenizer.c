/* Runs the html5lib-tests tokenizer suite against src/html/tokenizer.c.
 *
 * Every test of every $PITH_SHARED/html5lib-tests/tokenizer/ *.test file is
 * run once per entry of its "initialStates" (default: the data state), with
 * its "lastStartTag", and "doubleEscaped" strings unescaped once more. The
 * tokens are compared with "output" after merging adjacent character
 * tokens, as the format says. The "errors" lists are NOT compared: pith
 * does not report parse errors.
 *
 * Two readings of the format that are choices:
 * - Lone surrogates ("\uD800" in a few doubleEscaped tests). UTF-8 cannot
 *   hold them, and pith's tokenizer only ever sees what the decoder makes
 *   of the page: a lone surrogate's bytes become U+FFFD there. So both the
 *   input and the expected output map a lone surrogate to U+FFFD, and the
 *   test checks that such a character is passed through like any other.
 * - xmlViolation.test's expected output has the standard's "coercing an
 *   HTML DOM into an infoset" tweaks applied (its README says so). The
 *   tokenizer rightly does not apply them, so for that file this program
 *   applies them to the tokens before comparing (coerce_infoset).
 *
 * Prints one line per failing run and then "tokenizer: N passed, N failed";
 * exits 1 on any failure. Set PITH_TEST_VERBOSE=1 to see both token lists.
 * Without the shared folder the suite is skipped (exit 0). */
#define _POSIX_C_SOURCE 200809L
#include <dirent.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/arena.h"
#include "html/tokenizer.h"
#include "json_reader.h"
#include "read_file.h"

typedef struct text {
	char *s; /* NULL for JSON null */
	size_t n;
} text;

typedef struct attr {
	text name, value;
} attr;

/* A token in the test format's terms. */
typedef struct test_token {
	pith_token_type type;
	text name; /* tags, doctype */
	text data; /* character, comment */
	text public_id, system_id;
	bool correct;      /* doctype: not force-quirks */
	bool self_closing; /* start tags */
	attr *attrs;
	size_t attr_count;
} test_token;

typedef struct token_list {
	test_token *items;
	size_t count, cap;
} token_list;

static text text_copy(const char *s, size_t n)
{
	text t = {malloc(n + 1), n};
	if (!t.s) {
		fprintf(stderr, "out of memory\n");
		exit(2);
	}
	if (n)
		memcpy(t.s, s, n);
	t.s[n] = '\0';
	return t;
}

static void text_append(text *t, const char *s, size_t n)
{
	char *grown = realloc(t->s, t->n + n + 1);
	if (!grown) {
		fprintf(stderr, "out of memory\n");
		exit(2);
	}
	t->s = grown;
	memcpy(t->s + t->n, s, n);
	t->n += n;
	t->s[t->n] = '\0';
}

static bool text_equal(text a, text b)
{
	if (!a.s || !b.s)
		return !a.s && !b.s;
	return a.n == b.n && memcmp(a.s, b.s, a.n) == 0;
}

static test_token *list_push(token_list *l)
{
	if (l->count == l->cap) {
		l->cap = l->cap ? l->cap * 2 : 16;
		l->items = realloc(l->items, l->cap * sizeof *l->items);
		if (!l->items) {
			fprintf(stderr, "out of memory\n");
			exit(2);
		}
	}
	test_token *tok = &l->items[l->count++];
	memset(tok, 0, sizeof *tok);
	return tok;
}

static void list_free(token_list *l)
{
	for (size_t i = 0; i < l->count; i++) {
		test_token *tok = &l->items[i];
		free(tok->name.s);
		free(tok->data.s);
		free(tok->public_id.s);
		free(tok->system_id.s);
		for (size_t j = 0; j < tok->attr_count; j++) {
			free(tok->attrs[j].name.s);
			free(tok->attrs[j].value.s);
		}
		free(tok->attrs);
	}
	free(l->items);
	memset(l, 0, sizeof *l);
}

/* Character data for a new token, merged into the last one if that is
 * character data too. */
static void list_add_characters(token_list *l, const char *s, size_t n)
{
	if (l->count && l->items[l->count - 1].type == PITH_TOKEN_CHARACTER) {
		text_append(&l->items[l->count - 1].data, s, n);
		return;
	}
	test_token *tok = list_push(l);
	tok->type = PITH_TOKEN_CHARACTER;
	tok->data = text_copy(s, n);
}

/* ---- Actual tokens ---------------------------------------------------- */

typedef struct run_context {
	token_list tokens;
	bool eof_seen;
	bool bad_token; /* a token broke the interface's promises */
} run_context;

static int collect(void *user, pith_token *token)
{
	run_context *ctx = user;
	test_token *tok;
	switch (token->type) {
	case PITH_TOKEN_CHARACTER:
		if (token->data_len == 0 ||
		    token->has_null != (memchr(token->data, '\0', token->data_len) != NULL))
			ctx->bad_token = true;
		list_add_characters(&ctx->tokens, token->data, token->data_len);
		break;
	case PITH_TOKEN_COMMENT:
		tok = list_push(&ctx->tokens);
		tok->type = PITH_TOKEN_COMMENT;
		tok->data = text_copy(token->data, token->data_len);
		break;
	case PITH_TOKEN_START_TAG:
	case PITH_TOKEN_END_TAG:
		tok = list_push(&ctx->tokens);
		tok->type = token->type;
		tok->name = text_copy(token->name, token->name_len);
		tok->self_closing = token->self_closing;
		if (token->type == PITH_TOKEN_END_TAG)
			break;
		tok->attrs = calloc(token->attr_count + 1, sizeof *tok->attrs);
		tok->attr_count = token->attr_count;
		for (size_t i = 0; i < token->attr_count; i++) {
			tok->attrs[i].name =
			    text_copy(token->attrs[i].name, token->attrs[i].name_len);
			tok->attrs[i].value =
			    text_copy(token->attrs[i].value, token->attrs[i].value_len);
		}
		break;
	case PITH_TOKEN_DOCTYPE:
		tok = list_push(&ctx->tokens);
		tok->type = PITH_TOKEN_DOCTYPE;
		if (token->name)
			tok->name = text_copy(token->name, token->name_len);
		if (token->has_public_id)
			tok->public_id = text_copy(token->public_id, token->public_id_len);
		if (token->has_system_id)
			tok->system_id = text_copy(token->system_id, token->system_id_len);
		tok->correct = !token->force_quirks;
		break;
	case PITH_TOKEN_EOF:
		if (ctx->eof_seen)
			ctx->bad_token = true;
		ctx->eof_seen = true;
		break;
	}
	return 0;
}

/* ---- Expected tokens -------------------------------------------------- */

/* The second round of unescaping for "doubleEscaped" tests: every
 * "\uHHHH" (surrogate pairs joined, lone ones as U+FFFD) to UTF-8. */
static text unescape(const char *s, size_t n, bool double_escaped)
{
	text out = text_copy("", 0);
	if (!double_escaped) {
		text_append(&out, s, n);
		return out;
	}
	const char *end = s + n;
	while (s < end) {
		char buf[4];
		size_t len;
		size_t used = json_unicode_escape(s, end, buf, &len);
		if (used) {
			text_append(&out, buf, len);
			s += used;
		} else {
			text_append(&out, s, 1);
			s++;
		}
	}
	return out;
}

static text expected_text(const json_value *v, bool double_escaped)
{
	if (!v || v->type != JSON_STRING)
		return (text){NULL, 0};
	return unescape(v->string, v->string_len, double_escaped);
}

static bool expected_tokens(const json_value *output, bool double_escaped, token_list *l)
{
	if (!output || output->type != JSON_ARRAY)
		return false;
	for (size_t i = 0; i < output->count; i++) {
		const json_value *a = output->items[i];
		if (a->type != JSON_ARRAY || a->count < 2 || a->items[0]->type != JSON_STRING)
			return false;
		const char *kind = a->items[0]->string;
		if (strcmp(kind, "Character") == 0) {
			text t = expected_text(a->items[1], double_escaped);
			list_add_characters(l, t.s, t.n);
			free(t.s);
			continue;
		}
		test_token *tok = list_push(l);
		if (strcmp(kind, "Comment") == 0) {
			tok->type = PITH_TOKEN_COMMENT;
			tok->data = expected_text(a->items[1], double_escaped);
		} else if (strcmp(kind, "StartTag") == 0 && a->count >= 3) {
			const json_value *attrs = a->items[2];
			tok->type = PITH_TOKEN_START_TAG;
			tok->name = expected_text(a->items[1], double_escaped);
			tok->self_closing = a->count > 3 && a->items[3]->boolean;
			tok->attrs = calloc(attrs->count + 1, sizeof *tok->attrs);
			tok->attr_count = attrs->count;
			for (size_t j = 0; j < attrs->count; j++) {
				tok->attrs[j].name = expected_text(attrs->keys[j], double_escaped);
				tok->attrs[j].value =
				    expected_text(attrs->items[j], double_escaped);
			}
		} else if (strcmp(kind, "EndTag") == 0) {
			tok->type = PITH_TOKEN_END_TAG;
			tok->name = expected_text(a->items[1], double_escaped);
		} else if (strcmp(kind, "DOCTYPE") == 0 && a->count == 5) {
			tok->type = PITH_TOKEN_DOCTYPE;
			tok->name = expected_text(a->items[1], double_escaped);
			tok->public_id = expected_text(a->items[2], double_escaped);
			tok->system_id = expected_text(a->items[3], double_escaped);
			tok->correct = a->items[4]->boolean;
		} else {
			return false;
		}
	}
	return true;
}

/* ---- Infoset coercion (xmlViolation.test only) ------------------------ */

/* Decodes one UTF-8 sequence (the tokenizer's output is valid UTF-8). */
static size_t utf8_next(const unsigned char *s, size_t n, unsigned long *cp)
{
	size_t len = s[0] < 0x80 ? 1 : s[0] < 0xE0 ? 2 : s[0] < 0xF0 ? 3 : 4;
	if (len > n)
		len = n;
	*cp = len == 1 ? s[0] : (unsigned long)(s[0] & (0x7F >> len));
	for (size_t i = 1; i < len; i++)
		*cp = (*cp << 6) | (s[i] & 0x3F);
	return len;
}

/* "Coercing an HTML DOM into an infoset" (HTML Living Standard 13.2.9):
 * FF becomes SPACE, characters outside XML's Char production become
 * U+FFFD, and in comments "--" becomes "- -". */
static void coerce_text(text *t, bool comment)
{
	if (!t->s)
		return;
	text out = text_copy("", 0);
	const unsigned char *s = (const unsigned char *)t->s;
	for (size_t i = 0; i < t->n;) {
		unsigned long cp;
		size_t len = utf8_next(s + i, t->n - i, &cp);
		if (cp == 0x0C) {
			text_append(&out, " ", 1);
		} else if ((cp < 0x20 && cp != 0x09 && cp != 0x0A && cp != 0x0D) || cp == 0xFFFE ||
		           cp == 0xFFFF) {
			text_append(&out, "\xEF\xBF\xBD", 3);
		} else {
			if (comment && cp == '-' && out.n && out.s[out.n - 1] == '-')
				text_append(&out, " ", 1);
			text_append(&out, (const char *)s + i, len);
		}
		i += len;
	}
	free(t->s);
	*t = out;
}

static void coerce_infoset(token_list *l)
{
	for (size_t i = 0; i < l->count; i++) {
		test_token *tok = &l->items[i];
		coerce_text(&tok->data, tok->type == PITH_TOKEN_COMMENT);
		for (size_t j = 0; j < tok->attr_count; j++)
			coerce_text(&tok->attrs[j].value, false);
	}
}

/* ---- Comparison and printing ------------------------------------------ */

static bool tokens_equal(const test_token *a, const test_token *b)
{
	if (a->type != b->type)
		return false;
	switch (a->type) {
	case PITH_TOKEN_CHARACTER:
	case PITH_TOKEN_COMMENT:
		return text_equal(a->data, b->data);
	case PITH_TOKEN_END_TAG:
		return text_equal(a->name, b->name);
	case PITH_TOKEN_DOCTYPE:
		return text_equal(a->name, b->name) && text_equal(a->public_id, b->public_id) &&
		       text_equal(a->system_id, b->system_id) && a->correct == b->correct;
	case PITH_TOKEN_START_TAG:
		if (!text_equal(a->name, b->name) || a->self_closing != b->self_closing ||
		    a->attr_count != b->attr_count)
			return false;
		/* Attributes as a set: JSON objects are unordered. */
		for (size_t i = 0; i < a->attr_count; i++) {
			size_t j = 0;
			while (j < b->attr_count && !text_equal(a->attrs[i].name, b->attrs[j].name))
				j++;
			if (j == b->attr_count || !text_equal(a->attrs[i].value, b->attrs[j].value))
				return false;
		}
		return true;
	case PITH_TOKEN_EOF:
		return true;
	}
	return false;
}

static bool lists_equal(const token_list *a, const token_list *b)
{
	if (a->count != b->count)
		return false;
	for (size_t i = 0; i < a->count; i++) {
		if (!tokens_equal(&a->items[i], &b->items[i]))
			return false;
	}
	return true;
}

static void print_text(text t)
{
	if (!t.s) {
		fputs("null", stdout);
		return;
	}
	putchar('"');
	for (size_t i = 0; i < t.n; i++) {
		unsigned char c = (unsigned char)t.s[i];
		if (c == '"' || c == '\\')
			printf("\\%c", c);
		else if (c < 0x20 || c == 0x7F)
			printf("\\u%04X", c);
		else
			putchar(c);
	}
	putchar('"');
}

static void print_list(const char *label, const token_list *l)
{
	static const char *const names[] = {"DOCTYPE", "StartTag",  "EndTag",
	                                    "Comment", "Character", "EOF"};
	printf("    %s:", label);
	for (size_t i = 0; i < l->count; i++) {
		const test_token *tok = &l->items[i];
		printf(" [%s ", names[tok->type]);
		switch (tok->type) {
		case PITH_TOKEN_CHARACTER:
		case PITH_TOKEN_COMMENT:
			print_text(tok->data);
			break;
		case PITH_TOKEN_DOCTYPE:
			print_text(tok->name);
			putchar(' ');
			print_text(tok->public_id);
			putchar(' ');
			print_text(tok->system_id);
			printf(" %s", tok->correct ? "true" : "false");
			break;
		default:
			print_text(tok->name);
			for (size_t j = 0; j < tok->attr_count; j++) {
				putchar(' ');
				print_text(tok->attrs[j].name);
				putchar('=');
				print_text(tok->attrs[j].value);
			}
			if (tok->self_closing)
				fputs(" /", stdout);
		}
		putchar(']');
	}
	putchar('\n');
}

/* ---- Driver ----------------------------------------------------------- */

static const struct {
	const char *name;
	pith_tokenizer_state state;
} initial_states[] = {
    {"Data state", PITH_TOKENIZER_DATA},
    {"PLAINTEXT state", PITH_TOKENIZER_PLAINTEXT},
    {"RCDATA state", PITH_TOKENIZER_RCDATA},
    {"RAWTEXT state", PITH_TOKENIZER_RAWTEXT},
    {"Script data state", PITH_TOKENIZER_SCRIPT_DATA},
    {"CDATA section state", PITH_TOKENIZER_CDATA_SECTION},
};

typedef struct totals {
	unsigned long passed, failed;
	bool verbose;
} totals;

static void fail(totals *sum, const char *file, const char *description, const char *state,
                 const char *why)
{
	sum->failed++;
	printf("FAIL %s: %s [%s]%s%s\n", file, description, state, why ? ": " : "", why ? why : "");
}

static void run_test(totals *sum, pith_tokenizer *t, pith_arena *arena, const char *file,
                     const json_value *test, bool xml_violation)
{
	const json_value *desc_v = json_get(test, "description");
	const char *description = desc_v && desc_v->type == JSON_STRING ? desc_v->string : "?";
	const json_value *de = json_get(test, "doubleEscaped");
	bool double_escaped = de && de->type == JSON_BOOL && de->boolean;
	const json_value *input_v = json_get(test, "input");
	const json_value *states = json_get(test, "initialStates");
	const json_value *last = json_get(test, "lastStartTag");
	if (!input_v || input_v->type != JSON_STRING) {
		fail(sum, file, description, "-", "no input");
		return;
	}
	text input = unescape(input_v->string, input_v->string_len, double_escaped);
	token_list expected = {0};
	bool ok_expected = expected_tokens(json_get(test, "output"), double_escaped, &expected);

	size_t state_count = states && states->type == JSON_ARRAY ? states->count : 1;
	for (size_t i = 0; i < state_count; i++) {
		const char *state_name = states ? states->items[i]->string : "Data state";
		size_t k = 0;
		while (k < sizeof initial_states / sizeof *initial_states &&
		       strcmp(initial_states[k].name, state_name) != 0)
			k++;
		if (k == sizeof initial_states / sizeof *initial_states) {
			fail(sum, file, description, state_name, "unknown initial state");
			continue;
		}
		if (!ok_expected) {
			fail(sum, file, description, state_name, "unreadable expected output");
			continue;
		}
		run_context ctx = {0};
		pith_arena_reset(arena);
		pith_tokenizer_start(t, input.s, input.n, arena, collect, &ctx);
		pith_tokenizer_set_state(t, initial_states[k].state);
		if (last && last->type == JSON_STRING)
			pith_tokenizer_set_last_start_tag(t, last->string, last->string_len);
		int rc = pith_tokenizer_run(t);
		if (xml_violation)
			coerce_infoset(&ctx.tokens);
		const char *why = NULL;
		if (rc != 0)
			why = "tokenizer returned an error";
		else if (!ctx.eof_seen || ctx.bad_token)
			why = "bad token stream (EOF, empty run or has_null)";
		else if (!lists_equal(&ctx.tokens, &expected))
			why = "tokens differ";
		if (why) {
			fail(sum, file, description, state_name, why);
			if (sum->verbose) {
				printf("    input: ");
				print_text(input);
				putchar('\n');
				print_list("expected", &expected);
				print_list("actual  ", &ctx.tokens);
			}
		} else {
			sum->passed++;
		}
		list_free(&ctx.tokens);
	}
	list_free(&expected);
	free(input.s);
}

static int compare_names(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

int main(void)
{
	const char *shared = getenv("PITH_SHARED");
	if (!shared || !*shared)
		shared = "../shared";
	char dir_path[4096];
	snprintf(dir_path, sizeof dir_path, "%s/html5lib-tests/tokenizer", shared);
	DIR *dir = opendir(dir_path);
	if (!dir) {
		printf("%s not found: suite skipped\n", dir_path);
		printf("tokenizer: 0 passed, 0 failed, 1 skipped\n");
		return 0;
	}
	char *names[256];
	size_t name_count = 0;
	struct dirent *entry;
	while ((entry = readdir(dir)) != NULL && name_count < 256) {
		size_t n = strlen(entry->d_name);
		if (n > 5 && strcmp(entry->d_name + n - 5, ".test") == 0)
			names[name_count++] = strdup(entry->d_name);
	}
	closedir(dir);
	qsort(names, name_count, sizeof *names, compare_names);

	totals sum = {0, 0, getenv("PITH_TEST_VERBOSE") != NULL};
	pith_tokenizer *t = pith_tokenizer_new();
	pith_arena arena;
	pith_arena_init(&arena);
	if (!t) {
		fprintf(stderr, "out of memory\n");
		return 2;
	}
	for (size_t i = 0; i < name_count; i++) {
		char path[8192];
		snprintf(path, sizeof path, "%s/%s", dir_path, names[i]);
		size_t len;
		char *data = read_file(path, &len);
		if (!data) {
			fail(&sum, names[i], "(file)", "-", "cannot read");
			continue;
		}
		json_value *root = json_parse(data, len, names[i]);
		const json_value *tests = json_get(root, "tests");
		bool xml_violation = false;
		if (!tests) {
			tests = json_get(root, "xmlViolationTests");
			xml_violation = true;
		}
		if (!tests || tests->type != JSON_ARRAY) {
			fail(&sum, names[i], "(file)", "-", "no tests");
		} else {
			for (size_t j = 0; j < tests->count; j++)
				run_test(&sum, t, &arena, names[i], tests->items[j], xml_violation);
		}
		json_free(root);
		free(data);
		free(names[i]);
	}
	pith_tokenizer_free(t);
	pith_arena_release(&arena);
	printf("tokenizer: %lu passed, %lu failed\n", sum.passed, sum.failed);
	return sum.failed ? 1 : 0;
}
