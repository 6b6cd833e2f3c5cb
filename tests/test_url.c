/* The URL resolver (src/base/url.c): RFC 3986 section 5.4's examples
 * through both entry points, whitespace, schemes, the length limit, and
 * appending to a buffer that already holds strings; and the URL policy
 * (src/base/url_policy.c): which schemes stay live, read as a browser
 * reads them. */
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/url.h"
#include "base/url_policy.h"
#include "check.h"

/* RFC 3986 section 5.4, against its base "http://a/b/c/d;p?q". */
static const char *const rfc_cases[][2] = {
    /* 5.4.1 normal examples */
    {"g:h", "g:h"},
    {"g", "http://a/b/c/g"},
    {"./g", "http://a/b/c/g"},
    {"g/", "http://a/b/c/g/"},
    {"/g", "http://a/g"},
    {"//g", "http://g"},
    {"?y", "http://a/b/c/d;p?y"},
    {"g?y", "http://a/b/c/g?y"},
    {"#s", "http://a/b/c/d;p?q#s"},
    {"g#s", "http://a/b/c/g#s"},
    {"g?y#s", "http://a/b/c/g?y#s"},
    {";x", "http://a/b/c/;x"},
    {"g;x", "http://a/b/c/g;x"},
    {"g;x?y#s", "http://a/b/c/g;x?y#s"},
    {"", "http://a/b/c/d;p?q"},
    {".", "http://a/b/c/"},
    {"./", "http://a/b/c/"},
    {"..", "http://a/b/"},
    {"../", "http://a/b/"},
    {"../g", "http://a/b/g"},
    {"../..", "http://a/"},
    {"../../", "http://a/"},
    {"../../g", "http://a/g"},
    /* 5.4.2 abnormal examples */
    {"../../../g", "http://a/g"},
    {"../../../../g", "http://a/g"},
    {"/./g", "http://a/g"},
    {"/../g", "http://a/g"},
    {"g.", "http://a/b/c/g."},
    {".g", "http://a/b/c/.g"},
    {"g..", "http://a/b/c/g.."},
    {"..g", "http://a/b/c/..g"},
    {"./../g", "http://a/b/g"},
    {"./g/.", "http://a/b/c/g/"},
    {"g/./h", "http://a/b/c/g/h"},
    {"g/../h", "http://a/b/c/h"},
    {"g;x=1/./y", "http://a/b/c/g;x=1/y"},
    {"g;x=1/../y", "http://a/b/c/y"},
    {"g?y/./x", "http://a/b/c/g?y/./x"},
    {"g?y/../x", "http://a/b/c/g?y/../x"},
    {"g#s/./x", "http://a/b/c/g#s/./x"},
    {"g#s/../x", "http://a/b/c/g#s/../x"},
    {"http:g", "http:g"},
    /* HTML strips whitespace around attribute URLs */
    {"  g \n", "http://a/b/c/g"},
};

static const char rfc_base[] = "http://a/b/c/d;p?q";

static void test_rfc_examples(void)
{
	pith_arena arena;
	pith_arena_init(&arena);
	pith_buffer buffer = {0};
	for (size_t i = 0; i < sizeof rfc_cases / sizeof *rfc_cases; i++) {
		const char *reference = rfc_cases[i][0], *expected = rfc_cases[i][1];
		char name[64];
		snprintf(name, sizeof name, "arena '%s'", reference);
		check_string(name,
		             pith_url_resolve(&arena, rfc_base, strlen(rfc_base), reference,
		                              strlen(reference)),
		             expected);
		/* Appended after what the buffer holds, which stays. */
		buffer.length = 0;
		bool ok = pith_buffer_append(&buffer, "kept", 4) &&
		          pith_url_append_resolved(&buffer, rfc_base, strlen(rfc_base), reference,
		                                   strlen(reference));
		snprintf(name, sizeof name, "buffer '%s'", reference);
		check(ok && memcmp(buffer.data, "kept", 4) == 0 &&
		          strcmp(buffer.data + 4, expected) == 0 &&
		          buffer.length == 4 + strlen(expected),
		      name, "got '%s', expected 'kept%s'", ok ? buffer.data : "(failed)", expected);
	}
	pith_buffer_free(&buffer);
	pith_arena_release(&arena);
}

static void test_edges(void)
{
	pith_arena arena;
	pith_arena_init(&arena);
	check_string("no base", pith_url_resolve(&arena, "", 0, "a/b", 3), "a/b");
	check_string("no base, absolute reference",
	             pith_url_resolve(&arena, "", 0, "https://x.org/a/../b", 20),
	             "https://x.org/b");
	check_string("authority, empty path", pith_url_resolve(&arena, "http://x.org", 12, "p", 1),
	             "http://x.org/p");
	check_string("base with a fragment",
	             pith_url_resolve(&arena, "http://x.org/a#f", 16, "#g", 2), "http://x.org/a#g");
	check_string("scheme-relative",
	             pith_url_resolve(&arena, "https://x.org/a", 15, "//y.org/b", 9),
	             "https://y.org/b");
	check_string("opaque path kept",
	             pith_url_resolve(&arena, rfc_base, strlen(rfc_base),
	                              "data:image/png;base64,a/../b=", 29),
	             "data:image/png;base64,a/../b=");
	check_string("mailto kept", pith_url_resolve(&arena, "", 0, "mailto:a/./b", 12),
	             "mailto:a/./b");
	check_string("data: URI kept",
	             pith_url_resolve(&arena, rfc_base, strlen(rfc_base), "data:,x/y", 9),
	             "data:,x/y");

	size_t huge = PITH_MAX_URL_BYTES + 1;
	char *long_url = malloc(huge + 1);
	memset(long_url, 'a', huge);
	long_url[huge] = '\0';
	check(pith_url_resolve(&arena, rfc_base, strlen(rfc_base), long_url, huge) == NULL,
	      "arena: too long", "a URL over PITH_MAX_URL_BYTES is refused");
	/* The buffer has no limit: a link's target grows with the page. */
	pith_buffer buffer = {0};
	bool ok = pith_url_append_resolved(&buffer, rfc_base, strlen(rfc_base), long_url, huge);
	check(ok && buffer.length == strlen("http://a/b/c/") + huge &&
	          strncmp(buffer.data, "http://a/b/c/aaa", 16) == 0,
	      "buffer: long", "length %zu", buffer.length);
	pith_buffer_free(&buffer);
	free(long_url);
	pith_arena_release(&arena);
}

static void test_trim(void)
{
	size_t n = 8;
	const char *s = pith_url_trim(" \t\na b\f\r", &n);
	check(n == 3 && memcmp(s, "a b", 3) == 0, "trim", "got '%.*s'", (int)n, s);
	n = 3;
	s = pith_url_trim(" \n ", &n);
	check(n == 0, "trim to nothing", "length %zu", n);
}

/* The allow list reads a scheme as a browser does, and keeps http, https,
 * mailto and relative URLs only. */
static void test_policy(void)
{
	static const struct {
		const char *url;
		bool allowed;
	} urls[] = {
	    {"http://x.org/a", true},
	    {"HTTPS://x.org/", true},
	    {"mailto:a@x.org", true},
	    {"MailTo:a@x.org", true},
	    {"/root", true},
	    {"//cdn.x.org/a", true},
	    {"?q=a:b", true},
	    {"#frag:x", true},
	    {"page.html", true},
	    {"", true},
	    {"javascript", true},         /* letters and no ":": a relative path */
	    {"javascript&colon;x", true}, /* "&" ends the scheme: relative */
	    {"&#106;avascript:x", true},  /* not decoded again: relative */
	    {"java script:x", true},      /* a space inside is kept: relative */
	    {"java\x01script:x", true},   /* nor is a control */
	    {"1http:x", true},            /* a scheme starts with a letter */
	    {":x", true},
	    {"./javascript:x", true},
	    {"http://x/javascript:", true},
	    {"https\t://x.org", true}, /* the tab goes, https stays */
	    {"javascript:void(0)", false},
	    {"JavaScript:x", false},
	    {"javascript:", false},
	    {" \x01\x1fjavascript:x", false},
	    {"java\tscr\nipt:x", false},
	    {"jav\rascript\t:x", false},
	    {"vbscript:msgbox(1)", false},
	    {"VBScript:x", false},
	    {"data:text/html;base64,PHNjcmlwdD4=", false},
	    {"d\tata:text/html,x", false},
	    {"\x0c data:,x", false},
	    {"file:///etc/passwd", false},
	    {"ftp://x.org/", false},
	    {"xmpp:a@x.org", false},
	    {"httpx:x", false},
	    {"http+x:y", false},
	    {"a.b-c+d:x", false},
	    {"mailtox:a", false},
	    {"h\nt\rt\tp\ns:x", true},
	};
	for (size_t i = 0; i < sizeof urls / sizeof *urls; i++) {
		const char *url = urls[i].url;
		bool got = pith_url_policy_allows(url, strlen(url));
		check(got == urls[i].allowed, "policy", "'%s': %d", url, got);
	}
}

int main(void)
{
	test_rfc_examples();
	test_edges();
	test_trim();
	test_policy();
	printf("url: %d passed, %d failed\n", passed, failed);
	return failed ? 1 : 0;
}
