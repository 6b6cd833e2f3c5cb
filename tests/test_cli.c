/* The pith command as a user runs it. Each case is a shell command line,
 * the exit status it must give, and what its standard output and standard
 * error must hold (in order), must not hold, and, for --format json, how
 * many lines it writes, each a valid JSON object checked by a strict
 * reader written here rather than shared with the code under test.
 *
 * $PITH is the binary under test (an absolute path); $F is a folder of
 * fixture pages made below, removed at the end. "@NOT_HTML@" in an
 * expected string stands for pith_strerror(PITH_ERROR_NOT_HTML). The JSON
 * string escaper behind every line (src/base/json.c) is also checked
 * directly, byte for byte. */
#define _XOPEN_SOURCE 700 /* posix_openpt, grantpt, unlockpt, ptsname */
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "base/json.h"
#include "pith.h"
#include "read_file.h"

typedef struct cli_case {
	const char *command;
	int exit_status;
	const char *out[6];    /* standard output holds these, in this order */
	const char *err[2];    /* standard error holds these, in this order */
	const char *absent[2]; /* neither stream holds these */
	int json_lines;        /* > 0: standard output is this many JSON object lines */
	bool quiet;            /* standard output is empty */
} cli_case;

#define SAMPLE_TITLE "A Revolutionist in Istanbul: Leon Trotksy"
/* examples/sample.html's canonical URL: json's "url" when the page names one. */
#define SAMPLE_URL                                                                                 \
	"https://bosporusnotebook.example/2016/03/a-revolutionist-in-istanbul-leon-trotksy/"

static const cli_case cases[] = {
    /* --dump-tree */
    {.command = "printf '<b>x<p>y</b>z' | $PITH --dump-tree -",
     .exit_status = 0,
     .out = {"| <html>\n|   <head>\n|   <body>\n|     <b>\n|       \"x\"\n|     <p>\n|       <b>\n"
             "|         \"y\"\n|       \"z\"\n"}},
    {.command = "printf '<td>a<td>b' | $PITH --dump-tree --fragment tr -",
     .exit_status = 0,
     .out = {"| <td>\n|   \"a\"\n| <td>\n|   \"b\"\n"}},
    {.command = "printf '<path/><foreignObject><p>x' | $PITH --dump-tree --fragment 'svg svg' -",
     .exit_status = 0,
     .out = {"| <svg path>\n| <svg foreignObject>\n|   <p>\n|     \"x\"\n"}},
    {.command = "printf '<p>caf\\351' | $PITH --dump-tree --charset latin1 -",
     .exit_status = 0,
     .out = {"\"caf\xc3\xa9\""}},
    {.command = "printf '<meta charset=koi8-r><p>\\301' | $PITH --dump-tree -",
     .exit_status = 0,
     .out = {"\"\xd0\xb0\""}},
    /* An ordered list numbers its items, and nothing after it. */
    {.command = "printf '<ol start=3><li>Third item of it<li></ol><ul><li>A bullet item</ul>' "
                "| $PITH -",
     .exit_status = 0,
     .out = {"3. Third item of it\n", "A bullet item"},
     .absent = {"4. A bullet", "5. A bullet"}},
    /* Declared legacy, but valid UTF-8 with non-ASCII text: UTF-8 wins. */
    {.command = "printf '<meta charset=gbk><p>\\344\\270\\255' | $PITH --dump-tree -",
     .exit_status = 0,
     .out = {"\"\xe4\xb8\xad\""}},
    {.command = "printf '<p>\\344\\270\\255' | $PITH --dump-tree --charset latin1 -",
     .exit_status = 0,
     .out = {"\"\xe4\xb8\xad\""}},
    {.command = "printf '\\357\\273\\277<p>bom' | $PITH --dump-tree --charset latin1 -",
     .exit_status = 0,
     .out = {"\"bom\""}},
    {.command = "$PITH --dump-tree examples/sample.html",
     .exit_status = 0,
     .out = {"|             <article>\n"}},
    {.command = "$PITH --dump-tree /nonexistent/page.html",
     .exit_status = 1,
     .err = {"pith: /nonexistent/page.html: No such file"},
     .quiet = true},

    /* Extraction, text format: one input prints its text and no header. */
    {.command = "$PITH examples/sample.html",
     .exit_status = 0,
     .out = {"the co-leader of the Russian Revolution of 1917", "Photo Credits"},
     .absent = {"==>", "<p"}},
    /* Standard input that is no terminal gets no hint that pith reads it. */
    {.command = "$PITH < examples/sample.html",
     .exit_status = 0,
     .out = {"in Joseph Stalin\xc2\xb4s eyes"},
     .absent = {"==>", "reading HTML from standard input"}},
    {.command = "cat examples/sample.html | $PITH",
     .exit_status = 0,
     .out = {"in Joseph Stalin\xc2\xb4s eyes"},
     .absent = {"reading HTML from standard input"}},
    {.command = "cat examples/sample.html | $PITH -",
     .exit_status = 0,
     .out = {"a bloody civil war between"}},
    {.command = "printf '<p>caf\\351 au lait' | $PITH --charset latin1",
     .exit_status = 0,
     .out = {"caf\xc3\xa9 au lait\n"}},
    {.command = "$PITH --favor precision examples/sample.html",
     .exit_status = 0,
     .out = {"imminent loss of the revolution"}},
    {.command = "$PITH --favor recall examples/sample.html",
     .exit_status = 0,
     .out = {"imminent loss of the revolution"}},
    {.command = "$PITH --favor balanced -- examples/sample.html",
     .exit_status = 0,
     .out = {"imminent loss of the revolution"}},
    /* Several pages: a header before each, a blank line between; the
     * directory's pages sorted, .htm and any case taken, the bad page
     * reported and passed over, a file of another name that is a page
     * (notes.txt) taken, subfolders left alone with a note. */
    {.command = "cd \"$F\" && $PITH dir",
     .exit_status = 1,
     .out = {"==> dir/a.html <==\n", "Alpha", "\n\n==> dir/b.HTM <==\n", "\n\n==> dir/d.htm <==\n"},
     .err = {"pith: dir/c.html: @NOT_HTML@\n"},
     .absent = {"c.html <==", "Nested"}},
    {.command = "cd \"$F\" && $PITH dir/a.html image.png dir/b.HTM",
     .exit_status = 1,
     .out = {"==> dir/a.html <==\n", "Alpha", "\n\n==> dir/b.HTM <==\n", "Bravo"},
     .err = {"pith: image.png: @NOT_HTML@\n"},
     .absent = {"image.png <=="}},
    {.command = "cd \"$F\" && $PITH -- -dash.html", .exit_status = 0, .out = {"Dash"}},
    /* --language keeps the pages in the languages listed; another page
     * leaves a trace: a JSON line that says why, or a note. */
    {.command = "$PITH --language de,EN examples/sample.html",
     .exit_status = 0,
     .out = {"imminent loss of the revolution"}},
    {.command = "$PITH --language de,fr examples/sample.html",
     .exit_status = 0,
     .err = {"pith: examples/sample.html: skipped: language en is not in de,fr\n"},
     .quiet = true},
    {.command = "$PITH --format json --language de examples/sample.html examples/sample.html",
     .exit_status = 0,
     .out = {"{\"source\":\"examples/sample.html\",\"url\":\"" SAMPLE_URL
             "\",\"skipped\":\"language\",\"language\":\"en\",\"language_detected\":\"en\","
             "\"language_score\":0.99}\n"},
     .absent = {"\"text\""},
     .json_lines = 2},
    {.command = "$PITH --language 'de,,fr' examples/sample.html",
     .exit_status = 2,
     .err = {"--language needs codes such as de,fr, not 'de,,fr'"},
     .quiet = true},
    {.command = "$PITH warc --language de examples/sample.warc.gz",
     .exit_status = 0,
     .out = {"\"http_status\":200,\"skipped\":\"language\",\"language\":\"en\","},
     .err = {"1 skipped for their language"},
     .absent = {"\"text\""}},
    {.command = "$PITH warc --language german examples/sample.warc.gz",
     .exit_status = 2,
     .err = {"--language needs codes such as de,fr, not 'german'"},
     .quiet = true},
    /* Bad input is never silent. */
    {.command = "$PITH /nonexistent/page.html",
     .exit_status = 1,
     .err = {"pith: /nonexistent/page.html: No such file or directory\n"},
     .quiet = true},
    {.command = "cd \"$F\" && $PITH empty.html",
     .exit_status = 1,
     .err = {"pith: empty.html: @NOT_HTML@\n"},
     .quiet = true},
    {.command = "$PITH - < \"$F/image.png\"",
     .exit_status = 1,
     .err = {"pith: -: @NOT_HTML@\n"},
     .quiet = true},
    {.command = "printf '' | $PITH",
     .exit_status = 1,
     .err = {"pith: -: @NOT_HTML@\n"},
     .quiet = true},
    {.command = "cd \"$F\" && $PITH emptydir",
     .exit_status = 1,
     .err = {"pith: emptydir: skipped emptydir/readme.txt: not an HTML page by its first "
             "bytes\n",
             "pith: emptydir: no HTML pages in the directory\n"},
     .quiet = true},
    {.command = "printf '<html><body><nav><a href=/>Home</a></nav></body></html>' | $PITH",
     .exit_status = 0,
     .out = {"\n"},
     .err = {"pith: -: no main content found\n"}},
    /* An input over PITH_MAX_INPUT_BYTES: the message names its size and
     * the limit. big.html is a sparse file of 300 MiB, refused before
     * reading; a stream is read to one byte over the limit. */
    {.command = "cd \"$F\" && $PITH big.html",
     .exit_status = 1,
     .err = {"pith: big.html: input is 314572800 bytes (300.0 MiB), larger than the 256 MiB "
             "limit (PITH_MAX_INPUT_BYTES)\n"},
     .quiet = true},
    {.command = "cd \"$F\" && $PITH --format json - < big.html",
     .exit_status = 1,
     .out = {"{\"source\":\"-\",\"url\":null,\"error\":\"input is 314572800 bytes (300.0 "
             "MiB), larger than the 256 MiB limit (PITH_MAX_INPUT_BYTES)\"}\n"},
     .json_lines = 1},
    {.command = "cd \"$F\" && cat big.html | $PITH",
     .exit_status = 1,
     .err = {"pith: -: input is larger than the 256 MiB limit (PITH_MAX_INPUT_BYTES): reading "
             "stopped at 268435457 bytes\n"},
     .quiet = true},
    {.command = "cd \"$F\" && $PITH --dump-tree big.html",
     .exit_status = 1,
     .err = {"pith: big.html: input is 314572800 bytes (300.0 MiB), larger than"},
     .quiet = true},
    {.command = "cd \"$F\" && $PITH --stat --repeat 1 big.html dir/a.html",
     .exit_status = 1,
     .out = {"pages            1 (1 unreadable)"},
     .err = {"pith: big.html: input is 314572800 bytes (300.0 MiB), larger than"}},
    {.command = "$PITH examples/sample.html > /dev/full",
     .exit_status = 1,
     .err = {"pith: writing output: "}},

    /* Extraction, JSON format: one line per input, failures included. */
    {.command = "$PITH --format json < examples/sample.html",
     .exit_status = 0,
     .out = {"{\"source\":\"-\",\"url\":\"" SAMPLE_URL "\",\"title\":\"" SAMPLE_TITLE "\",",
             "\"authors\":[\"Selin Kaya\"],\"date_published\":\"2016-03-14T10:22:31+02:00\"",
             "\"next_pages\":[\"" SAMPLE_URL "2/\",", "Revolution of 1917"},
     .absent = {"\"comments\""},
     .json_lines = 1},
    /* --comments adds the readers' comments, never into the text. */
    {.command = "$PITH --format json --comments < examples/sample.html",
     .exit_status = 0,
     .out = {"],\"comments\":[{\"author\":", "],\"word_count\":", ",\"simhash\":\"",
             "\",\"text\":\""},
     .absent = {"warning"},
     .json_lines = 1},
    {.command = "$PITH --dump-tree --comments examples/sample.html",
     .exit_status = 2,
     .err = {"pith: --comments is for extraction"}},
    /* --url is json's "url" when the page names no canonical URL, read as
     * a browser reads it: the quotes of its query percent-encoded, the
     * backslash kept (and escaped in JSON). */
    {.command = "cd \"$F\" && $PITH --format json --url 'https://x.example/?p=\"1\"&q=\\' "
                "escape.html",
     .exit_status = 0,
     .out = {"{\"source\":\"escape.html\",\"url\":\"https://x.example/?p=%221%22&q=\\\\\","
             "\"title\":"},
     .json_lines = 1},
    {.command = "$PITH --format json --url https://x.example/ examples/sample.html",
     .exit_status = 0,
     .out = {"{\"source\":\"examples/sample.html\",\"url\":\"" SAMPLE_URL "\","},
     .json_lines = 1},
    {.command = "cd \"$F\" && $PITH --format json --url https://u.example/ dir",
     .exit_status = 1,
     .out =
         {"{\"source\":\"dir/a.html\",\"url\":\"https://u.example/\",\"title\":\"Page A\",",
          "{\"source\":\"dir/b.HTM\",\"url\":\"https://u.example/\",\"title\":",
          "{\"source\":\"dir/c.html\",\"url\":\"https://u.example/\",\"error\":\"@NOT_HTML@\"}\n",
          "{\"source\":\"dir/d.htm\",\"url\":\"https://u.example/\",\"title\":",
          "{\"source\":\"dir/notes.txt\",\"url\":\"https://u.example/\",\"title\":\"Notes\""},
     .err = {"pith: dir: skipped dir/sub.html: a subdirectory (--recursive enters it)\n",
             "pith: dir/c.html: @NOT_HTML@\n"},
     .absent = {"sub.html\"", "Nested"},
     .json_lines = 5},
    {.command = "cd \"$F\" && $PITH --format json dir/",
     .exit_status = 1,
     .out = {"{\"source\":\"dir/a.html\""},
     .absent = {"dir//"},
     .json_lines = 5},
    {.command = "cd \"$F\" && $PITH --format json image.png empty.html /nonexistent emptydir",
     .exit_status = 1,
     .out = {"{\"source\":\"image.png\",\"url\":null,\"error\":\"@NOT_HTML@\"}\n",
             "{\"source\":\"empty.html\",\"url\":null,\"error\":\"@NOT_HTML@\"}\n",
             "{\"source\":\"/nonexistent\",\"url\":null,\"error\":\"No such file or directory\"}\n",
             "{\"source\":\"emptydir\",\"url\":null,\"error\":\"no HTML pages in the "
             "directory\"}\n"},
     .err = {"pith: image.png: @NOT_HTML@\n", "pith: emptydir: "},
     .json_lines = 4},
    /* Escaping: file names with control characters, quotes, backslashes
     * and a byte that is not UTF-8; a title with quotes and a backslash;
     * text with a control character and blank lines between blocks. */
    {.command = "cd \"$F\" && $PITH --format json names",
     .exit_status = 0,
     .out = {"{\"source\":\"names/bad\xef\xbf\xbd.html\"",
             "{\"source\":\"names/ctl\\u0001\\t.html\"",
             "{\"source\":\"names/quote\\\"back\\\\slash.html\""},
     .json_lines = 3},
    {.command = "cd \"$F\" && $PITH --format json escape.html",
     .exit_status = 0,
     .out = {"\"title\":\"Say \\\"hi\\\" \\\\ there\"", "One \\u0001 paragraph", ".\\n\\nTwo"},
     .json_lines = 1},

    /* Markdown and HTML: the structure of the same blocks. */
    {.command = "$PITH --format markdown examples/sample.html",
     .exit_status = 0,
     .out = {"[Leon Trotsky](https://bosporusnotebook.example/tag/leon-trotsky/)", "[^1]",
             "\n\n[^1]: Service, Robert"},
     .absent = {"<p>"}},
    {.command = "$PITH --format html --images examples/sample.html",
     .exit_status = 0,
     .out = {"<p>On February 1929 <a href=\"https://bosporusnotebook.example/tag/leon-trotsky/\">",
             "<sup><a href=\"#:~:text=Service", "<section>\n<ol>\n<li>"},
     .absent = {"class=", " id="}},
    /* txt and md are other names of text and markdown: the same output. */
    {.command = "$PITH --format txt examples/sample.html >\"$F/txt.out\" && "
                "$PITH --format text examples/sample.html | cmp - \"$F/txt.out\" && "
                "grep -c 'imminent loss of the revolution' \"$F/txt.out\"",
     .exit_status = 0,
     .out = {"1\n"}},
    {.command = "$PITH --format md examples/sample.html >\"$F/md.out\" && "
                "$PITH --format markdown examples/sample.html | cmp - \"$F/md.out\" && "
                "grep -c '^\\[^1\\]: Service, Robert' \"$F/md.out\"",
     .exit_status = 0,
     .out = {"1\n"}},
    {.command = "$PITH --stat --repeat 1 --format md examples/sample.html",
     .exit_status = 0,
     .out = {"main content as markdown\n"}},
    {.command = "$PITH --stat --repeat 1 --format markdown --images examples/sample.html",
     .exit_status = 0,
     .out = {"main content as markdown with images", "MB/s"}},

    /* --stat */
    {.command = "$PITH --stat --repeat 1 examples/sample.html",
     .exit_status = 0,
     .out = {"measured         extraction", "\nMB/s             ", "\npages/s          ",
             "\npeak RSS MB      "}},
    {.command = "$PITH --stat --parse-only --repeat 1 examples/sample.html",
     .exit_status = 0,
     .out = {"measured         decode + parse + one tree walk", "nodes per pass", "\nMB/s "}},
    {.command = "$PITH --stat --repeat 1 examples/sample.html /nonexistent.html",
     .exit_status = 1,
     .out = {"(1 unreadable)"},
     .err = {"pith: /nonexistent.html: No such file"}},
    {.command = "cd \"$F\" && $PITH --stat --repeat 2 dir image.png",
     .exit_status = 1,
     .out = {"pages            6 (0 unreadable)", "errors           2 "},
     .err = {"pith: dir/c.html: @NOT_HTML@\n", "pith: image.png: @NOT_HTML@\n"}},

    /* Usage: exit status 2, nothing on standard output. */
    {.command = "$PITH --dump-tree",
     .exit_status = 2,
     .err = {"--dump-tree takes one FILE", "usage: pith"},
     .quiet = true},
    {.command = "$PITH --dump-tree a.html b.html",
     .exit_status = 2,
     .err = {"--dump-tree takes one FILE"},
     .quiet = true},
    {.command = "$PITH --frobnicate x",
     .exit_status = 2,
     .err = {"unknown option '--frobnicate'"},
     .quiet = true},
    {.command = "$PITH --format xml x",
     .exit_status = 2,
     .err = {"--format must be text, markdown, json or html, not 'xml'"},
     .quiet = true},
    {.command = "$PITH --favor sometimes x",
     .exit_status = 2,
     .err = {"--favor must be precision, recall or balanced"},
     .quiet = true},
    {.command = "$PITH --page-type blog x",
     .exit_status = 2,
     .err = {"--page-type must be article, forum, product, collection, listing, "
             "documentation or service, not 'blog'"},
     .quiet = true},
    {.command = "$PITH --dump-tree --page-type listing x",
     .exit_status = 2,
     .err = {"--page-type does not apply to --dump-tree"},
     .quiet = true},
    {.command = "$PITH examples/sample.html --url",
     .exit_status = 2,
     .err = {"--url needs a value"},
     .quiet = true},
    {.command = "$PITH --fragment td x",
     .exit_status = 2,
     .err = {"--fragment works only with --dump-tree"},
     .quiet = true},
    {.command = "$PITH --dump-tree --format json x",
     .exit_status = 2,
     .err = {"--format does not apply to --dump-tree"},
     .quiet = true},
    {.command = "$PITH --dump-tree --favor recall x",
     .exit_status = 2,
     .err = {"--favor does not apply to --dump-tree"},
     .quiet = true},
    {.command = "$PITH --dump-tree --stat x",
     .exit_status = 2,
     .err = {"cannot be used together"},
     .quiet = true},
    {.command = "$PITH --parse-only x",
     .exit_status = 2,
     .err = {"--parse-only works only with --stat"},
     .quiet = true},
    {.command = "$PITH --stat",
     .exit_status = 2,
     .err = {"--stat needs at least one FILE or DIR"},
     .quiet = true},
    {.command = "$PITH --stat --repeat 0 x",
     .exit_status = 2,
     .err = {"--repeat needs a positive number"},
     .quiet = true},
    {.command = "$PITH --stat --repeat 3x x",
     .exit_status = 2,
     .err = {"--repeat needs a positive number"},
     .quiet = true},
    /* An option that cannot act in the mode given is a usage error,
     * named with the reason (docs/pith.1, OPTIONS, lists the rules). */
    {.command = "$PITH --stat --url https://x.example/ x",
     .exit_status = 2,
     .err = {"pith: --url is for extraction, not --dump-tree or --stat\n", "usage: pith"},
     .quiet = true},
    {.command = "$PITH --stat --comments x",
     .exit_status = 2,
     .err = {"pith: --comments is for extraction, not --dump-tree or --stat\n"},
     .quiet = true},
    {.command = "$PITH --dump-tree --url https://x.example/ x",
     .exit_status = 2,
     .err = {"pith: --url is for extraction, not --dump-tree or --stat\n"},
     .quiet = true},
    {.command = "$PITH --dump-tree --images x",
     .exit_status = 2,
     .err = {"pith: --images does not apply to --dump-tree\n"},
     .quiet = true},
    {.command = "$PITH --dump-tree --language de x",
     .exit_status = 2,
     .err = {"pith: --language does not apply to --dump-tree\n"},
     .quiet = true},
    {.command = "$PITH --stat --parse-only --format json x",
     .exit_status = 2,
     .err = {"pith: --format does not apply to --stat --parse-only, which times parsing alone\n",
             "usage: pith"},
     .quiet = true},
    {.command = "$PITH --stat --images --parse-only x",
     .exit_status = 2,
     .err = {"pith: --images does not apply to --stat --parse-only"},
     .quiet = true},
    {.command = "$PITH --stat --parse-only --favor recall x",
     .exit_status = 2,
     .err = {"pith: --favor does not apply to --stat --parse-only"},
     .quiet = true},
    {.command = "$PITH --stat --parse-only --language de x",
     .exit_status = 2,
     .err = {"pith: --language does not apply to --stat --parse-only"},
     .quiet = true},
    {.command = "$PITH --stat --fragment td x",
     .exit_status = 2,
     .err = {"pith: --fragment works only with --dump-tree\n"},
     .quiet = true},
    {.command = "$PITH --repeat 3 x",
     .exit_status = 2,
     .err = {"pith: --repeat works only with --stat\n"},
     .quiet = true},
    /* pith warc's options, given to pith. */
    {.command = "$PITH -o out.jsonl examples/sample.html",
     .exit_status = 2,
     .err = {"pith: -o is an option of pith warc (WARC files), not of pith\n", "usage: pith"},
     .quiet = true},
    {.command = "$PITH --output out.jsonl x",
     .exit_status = 2,
     .err = {"pith: --output is an option of pith warc"},
     .quiet = true},
    /* --threads, once pith warc's alone, is pith's too: pages in input
     * order. */
    {.command = "cd \"$F\" && $PITH --threads 2 dir/d.htm dir/a.html dir/b.HTM",
     .exit_status = 0,
     .out = {"==> dir/d.htm <==\n", "Delta", "==> dir/a.html <==\n", "Alpha", "==> dir/b.HTM <==\n",
             "Bravo"}},
    {.command = "$PITH --resume x",
     .exit_status = 2,
     .err = {"pith: --resume is an option of pith warc"},
     .quiet = true},
    {.command = "$PITH --quiet x",
     .exit_status = 2,
     .err = {"pith: --quiet is an option of pith warc"},
     .quiet = true},
    {.command = "$PITH -q x",
     .exit_status = 2,
     .err = {"pith: -q is an option of pith warc"},
     .quiet = true},
    /* pith's options, given to pith warc. */
    {.command = "$PITH warc --format docx x",
     .exit_status = 2,
     .err = {"pith warc: --format must be text, markdown, html or json, not 'docx'\n",
             "usage: pith warc"},
     .quiet = true},
    /* Formats: the Markdown beside the text; --dedup leaves a single page
     * as it is. */
    {.command = "$PITH warc --quiet --format md --images --dedup examples/sample.warc.gz",
     .out = {"\"word_count\":", ",\"simhash\":\"", "\",\"text\":\"",
             "\",\"markdown\":\"On February 1929 [Leon Trotsky]("},
     .absent = {"duplicate_of"}},
    {.command = "$PITH warc --quiet --format json examples/sample.warc.gz",
     .out = {"\",\"text\":\"", "\",\"document\":{\"type\":\"document\""}},
    {.command = "$PITH warc --url https://x.example/ x",
     .exit_status = 2,
     .err = {"pith warc: --url does not apply to pith warc: a page's URL is its record's "
             "WARC-Target-URI\n"},
     .quiet = true},
    {.command = "$PITH warc --charset latin1 x",
     .exit_status = 2,
     .err = {"pith warc: --charset does not apply to pith warc: a page's charset is its HTTP "
             "header's, else its own\n"},
     .quiet = true},
    {.command = "$PITH warc --dump-tree x",
     .exit_status = 2,
     .err = {"pith warc: --dump-tree is an option of pith, not of pith warc\n"},
     .quiet = true},
    {.command = "$PITH warc --fragment td x",
     .exit_status = 2,
     .err = {"pith warc: --fragment is an option of pith, not of pith warc\n"},
     .quiet = true},
    {.command = "$PITH warc --stat x",
     .exit_status = 2,
     .err = {"pith warc: --stat is an option of pith, not of pith warc\n"},
     .quiet = true},
    {.command = "$PITH warc --parse-only x",
     .exit_status = 2,
     .err = {"pith warc: --parse-only is an option of pith, not of pith warc\n"},
     .quiet = true},
    {.command = "$PITH warc --repeat 2 x",
     .exit_status = 2,
     .err = {"pith warc: --repeat is an option of pith, not of pith warc\n"},
     .quiet = true},
    /* Archive formats by their bytes, on standard input, and the filters. */
    {.command = "zcat examples/sample.warc.gz | zstd -q -c | $PITH warc -q -",
     .exit_status = 0,
     .out = {"\"title\":\"" SAMPLE_TITLE}},
    {.command = "zcat examples/sample.warc.gz | bzip2 -c | $PITH warc -q -",
     .exit_status = 0,
     .out = {"\"title\":\"" SAMPLE_TITLE}},
    {.command = "zcat examples/sample.warc.gz | lz4 -q -c | $PITH warc -q -",
     .exit_status = 0,
     .out = {"\"title\":\"" SAMPLE_TITLE}},
    {.command = "printf '' | $PITH warc -q -",
     .exit_status = 1,
     .err = {"pith warc: cannot read - as a WARC file: no WARC record in it: it is empty\n"}},
    {.command = "$PITH warc -q --status 404,5xx examples/sample.warc.gz",
     .exit_status = 0,
     .out = {"\"http_status\":200,\"skipped\":\"status\"}\n"}},
    {.command = "$PITH warc -q --status 2xx --verify-digests examples/sample.warc.gz",
     .exit_status = 0,
     .out = {"\"title\":\"" SAMPLE_TITLE}},
    {.command = "$PITH warc -q --mime text/plain examples/sample.warc.gz",
     .exit_status = 0,
     .out = {"\"skipped\":\"mime\",\"content_type\":\"text/html"}},
    {.command = "$PITH warc --status 2z examples/sample.warc.gz",
     .exit_status = 2,
     .err = {"pith warc: --status needs HTTP statuses or classes such as 200,3xx, not '2z'\n"},
     .quiet = true},
    {.command = "$PITH warc --mime html examples/sample.warc.gz",
     .exit_status = 2,
     .err = {"pith warc: --mime needs media types"},
     .quiet = true},
    {.command = "$PITH warc --resume examples/sample.warc.gz",
     .exit_status = 2,
     .err = {"pith warc: --resume needs -o OUT: it continues that file\n"},
     .quiet = true},
    {.command = "$PITH warc --resume -o - examples/sample.warc.gz",
     .exit_status = 2,
     .err = {"pith warc: --resume needs -o OUT"},
     .quiet = true},
    /* --format json is what pith warc writes: taken without a word. */
    {.command = "$PITH warc --quiet --format json examples/sample.warc.gz",
     .exit_status = 0,
     .out = {"{\"warc\":\"examples/sample.warc.gz\",\"input\":0,"},
     .absent = {"warning", "usage"}},
    {.command = "$PITH warc -h", .exit_status = 0, .out = {"usage: pith warc", "--format json"}},
    /* An option the format leaves nothing to do: a warning, and the run as
     * without it. */
    {.command = "$PITH --images examples/sample.html",
     .exit_status = 0,
     .out = {"imminent loss of the revolution"},
     .err = {"pith: warning: --images does nothing with --format text: text has no images\n"},
     .absent = {"](", "<img"}},
    {.command = "$PITH --format txt --images examples/sample.html",
     .exit_status = 0,
     .err = {"pith: warning: --images does nothing with --format text"}},
    {.command = "$PITH --stat --repeat 1 --images examples/sample.html",
     .exit_status = 0,
     .out = {"main content as text\n"},
     .err = {"pith: warning: --images does nothing with --format text"}},
    {.command = "$PITH --format markdown --images examples/sample.html",
     .exit_status = 0,
     .out = {"[Leon Trotsky]("},
     .absent = {"warning"}},
    {.command = "$PITH --comments examples/sample.html",
     .exit_status = 0,
     .out = {"imminent loss of the revolution"},
     .err = {"pith: warning: --comments does nothing with --format text: only json writes the "
             "comments\n"}},
    {.command = "$PITH --format markdown --comments examples/sample.html",
     .exit_status = 0,
     .err = {"pith: warning: --comments does nothing with --format markdown: only json"}},
    {.command = "$PITH --format html --comments examples/sample.html",
     .exit_status = 0,
     .err = {"pith: warning: --comments does nothing with --format html: only json"}},
    {.command = "$PITH --url https://x.example/ examples/sample.html",
     .exit_status = 0,
     .out = {"imminent loss of the revolution"},
     .err = {"pith: warning: --url does nothing with --format text: text has no links or "
             "URLs\n"}},
    {.command = "$PITH --format html --url https://x.example/ examples/sample.html",
     .exit_status = 0,
     .out = {"<p>"},
     .absent = {"warning"}},
    /* A second value for an option: the last counts, and a warning says so. */
    {.command = "$PITH --favor recall --favor precision examples/sample.html",
     .exit_status = 0,
     .err = {"pith: warning: --favor given more than once: only the last, 'precision', "
             "counts\n"}},
    {.command = "$PITH --format json --format text examples/sample.html",
     .exit_status = 0,
     .out = {"imminent loss of the revolution"},
     .err = {"pith: warning: --format given more than once: only the last, 'text', counts\n"},
     .absent = {"{\"source\""}},
    {.command = "$PITH --format json --format json examples/sample.html",
     .exit_status = 0,
     .absent = {"warning"},
     .json_lines = 1},
    {.command = "$PITH warc --quiet --threads 2 --threads 1 examples/sample.warc.gz",
     .exit_status = 0,
     .out = {"{\"warc\":"},
     .err = {"pith warc: warning: --threads given more than once: only the last, '1', "
             "counts\n"}},
    {.command = "$PITH warc --quiet -o \"$F/first.jsonl\" --output \"$F/last.jsonl\" "
                "examples/sample.warc.gz && test ! -e \"$F/first.jsonl\" && "
                "grep -c '\"warc\"' \"$F/last.jsonl\"",
     .exit_status = 0,
     .out = {"1\n"},
     .err = {"pith warc: warning: -o given more than once: only the last, '"}},
    /* A usage error stops the run before any warning. */
    {.command = "$PITH --images --url u --favor recall --favor precision --fragment td x",
     .exit_status = 2,
     .err = {"--fragment works only with --dump-tree"},
     .absent = {"warning"},
     .quiet = true},
    {.command = "$PITH --help",
     .exit_status = 0,
     .out = {"usage: pith", "--format text|markdown|json|html", "--images", "--parse-only"}},
    {.command = "$PITH --version", .exit_status = 0, .out = {"pith " PITH_VERSION_STRING "\n"}}};

static int passed, failed;

/* ---- Fixtures ---- */

static char fixtures[] = "/tmp/pith-cli-XXXXXX";

static void write_fixture(const char *name, const char *bytes, size_t length)
{
	char path[PATH_MAX];
	snprintf(path, sizeof path, "%s/%s", fixtures, name);
	FILE *f = fopen(path, "wb");
	if (!f || fwrite(bytes, 1, length, f) != length || fclose(f) != 0) {
		printf("cannot write fixture %s\n", path);
		exit(2);
	}
}

static void write_page(const char *name, const char *title, const char *paragraph)
{
	char html[2048];
	int length = snprintf(html, sizeof html,
	                      "<!DOCTYPE html><html><head><title>%s</title></head><body>"
	                      "<article><h1>%s</h1><p>%s is a page of the CLI test, with a "
	                      "sentence long enough to count as the content of the page.</p>"
	                      "<p>%s has a second paragraph too.</p></article></body></html>",
	                      title, title, paragraph, paragraph);
	write_fixture(name, html, (size_t)length);
}

static void make_folder(const char *name)
{
	char path[PATH_MAX];
	snprintf(path, sizeof path, "%s/%s", fixtures, name);
	if (mkdir(path, 0755) != 0) {
		printf("cannot make %s\n", path);
		exit(2);
	}
}

/* A file of size bytes that takes no room on disk (a hole). */
static void write_sparse_fixture(const char *name, off_t size)
{
	char path[PATH_MAX];
	snprintf(path, sizeof path, "%s/%s", fixtures, name);
	FILE *f = fopen(path, "wb");
	if (!f || ftruncate(fileno(f), size) != 0 || fclose(f) != 0) {
		printf("cannot write fixture %s\n", path);
		exit(2);
	}
}

static const char png_header[] = "\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x10";

static void make_fixtures(void)
{
	if (!mkdtemp(fixtures)) {
		perror("mkdtemp");
		exit(2);
	}
	make_folder("dir");
	write_page("dir/a.html", "Page A", "Alpha");
	write_page("dir/b.HTM", "Page B", "Bravo");
	write_fixture("dir/c.html", png_header, sizeof png_header - 1);
	write_page("dir/d.htm", "Page D", "Delta");
	write_page("dir/notes.txt", "Notes", "Notes");
	make_folder("dir/sub.html");
	write_page("dir/sub.html/nested.html", "Nested", "Nested");
	make_folder("names");
	write_page("names/ctl\x01\t.html", "Control", "Control");
	write_page("names/quote\"back\\slash.html", "Quote", "Quote");
	write_page("names/bad\xff.html", "Bad byte", "Bad byte");
	make_folder("emptydir");
	write_fixture("emptydir/readme.txt", "no pages here\n", 14);
	write_fixture("empty.html", "", 0);
	write_fixture("image.png", png_header, sizeof png_header - 1);
	write_page("-dash.html", "Dash", "Dash");
	static const char escape[] =
	    "<title>Say \"hi\" \\ there</title><h1>Say \"hi\" \\ there</h1>"
	    "<p>One \x01 paragraph of text that is long enough to be content.</p><p>Two.</p>";
	write_fixture("escape.html", escape, sizeof escape - 1);
	write_sparse_fixture("big.html", (off_t)300 << 20);
}

/* ---- Checking output ---- */

/* The captured output in path; the test cannot go on without it. */
static char *read_all(const char *path, size_t *length)
{
	char *data = read_file(path, length);
	if (!data) {
		printf("cannot read %s\n", path);
		exit(2);
	}
	return data;
}

/* pattern with "@NOT_HTML@" replaced, in buffer. */
static const char *expand(const char *pattern, char *buffer, size_t size)
{
	const char *mark = strstr(pattern, "@NOT_HTML@");
	if (!mark)
		return pattern;
	snprintf(buffer, size, "%.*s%s%s", (int)(mark - pattern), pattern,
	         pith_strerror(PITH_ERROR_NOT_HTML), mark + strlen("@NOT_HTML@"));
	return buffer;
}

/* Whether each of wanted (up to count, NULL ends) is in text after the one
 * before it; the first missing one in *missing. */
static bool holds_in_order(const char *text, const char *const *wanted, size_t count,
                           const char **missing)
{
	for (size_t i = 0; i < count && wanted[i]; i++) {
		char buffer[1024];
		const char *want = expand(wanted[i], buffer, sizeof buffer);
		const char *found = strstr(text, want);
		if (!found) {
			*missing = wanted[i];
			return false;
		}
		text = found + strlen(want);
	}
	return true;
}

/* A strict JSON reader for one line: an object of JSON values (strings,
 * null, the metadata's lists, the comments, the document), no raw control
 * characters, only the escapes RFC 8259 allows,
 * valid UTF-8. Appends the keys, comma-separated, to keys. */
static const char *json_utf8_error(const unsigned char *s, size_t available, size_t *used)
{
	unsigned c = s[0];
	size_t n = c < 0x80                ? 1
	           : c >= 0xC0 && c < 0xE0 ? 2
	           : c >= 0xE0 && c < 0xF0 ? 3
	           : c >= 0xF0 && c < 0xF8 ? 4
	                                   : 0;
	if (n == 0 || n > available)
		return "bad UTF-8 lead byte or truncated sequence";
	unsigned long code_point = n == 1 ? c : c & (0x7F >> n);
	for (size_t i = 1; i < n; i++) {
		if ((s[i] & 0xC0) != 0x80)
			return "bad UTF-8 continuation byte";
		code_point = code_point << 6 | (s[i] & 0x3F);
	}
	static const unsigned long smallest[] = {0, 0, 0x80, 0x800, 0x10000};
	if (code_point < smallest[n] || code_point > 0x10FFFF ||
	    (code_point >= 0xD800 && code_point <= 0xDFFF))
		return "overlong UTF-8, a surrogate or beyond U+10FFFF";
	*used = n;
	return NULL;
}

static const char *json_string_error(const char **p, const char *end)
{
	const char *s = *p;
	if (s >= end || *s != '"')
		return "expected a string";
	for (s++; s < end && *s != '"';) {
		unsigned char c = (unsigned char)*s;
		if (c < 0x20)
			return "raw control character in a string";
		if (c == '\\') {
			if (s + 1 >= end)
				return "truncated escape";
			char e = s[1];
			if (e == 'u') {
				for (int i = 2; i < 6; i++) {
					if (s + i >= end ||
					    !strchr("0123456789abcdefABCDEF", s[i]) || s[i] == '\0')
						return "bad \\u escape";
				}
				s += 6;
			} else if (strchr("\"\\/bfnrt", e) && e != '\0') {
				s += 2;
			} else {
				return "bad escape";
			}
			continue;
		}
		size_t used;
		const char *error =
		    json_utf8_error((const unsigned char *)s, (size_t)(end - s), &used);
		if (error)
			return error;
		s += used;
	}
	if (s >= end)
		return "unterminated string";
	*p = s + 1;
	return NULL;
}

/* Any JSON value (the document): objects, arrays, strings, numbers,
 * true, false, null, nested at most 64 deep. */
static const char *json_value_error(const char **p, const char *end, int depth)
{
	const char *s = *p;
	if (s >= end)
		return "expected a value";
	if (*s == '"')
		return json_string_error(p, end);
	static const char *const words[] = {"null", "true", "false"};
	for (size_t i = 0; i < 3; i++) {
		size_t n = strlen(words[i]);
		if ((size_t)(end - s) >= n && memcmp(s, words[i], n) == 0) {
			*p = s + n;
			return NULL;
		}
	}
	if (*s == '-' || (*s >= '0' && *s <= '9')) {
		s += *s == '-';
		while (s < end && *s >= '0' && *s <= '9')
			s++;
		if (s < end && *s == '.') {
			/* a fraction has at least one digit (RFC 8259 section 6) */
			if (++s >= end || *s < '0' || *s > '9')
				return "expected a digit after .";
			while (s < end && *s >= '0' && *s <= '9')
				s++;
		}
		*p = s;
		return NULL;
	}
	if ((*s != '{' && *s != '[') || depth == 64)
		return "expected a value";
	bool object = *s == '{';
	char close = object ? '}' : ']';
	s++;
	if (s < end && *s == close) {
		*p = s + 1;
		return NULL;
	}
	for (;;) {
		const char *error;
		if (object && ((error = json_string_error(&s, end)) ||
		               (s >= end || *s++ != ':' ? "expected :" : NULL)))
			return error ? error : "expected :";
		if ((error = json_value_error(&s, end, depth + 1)))
			return error;
		if (s < end && *s == ',') {
			s++;
			continue;
		}
		if (s < end && *s == close) {
			*p = s + 1;
			return NULL;
		}
		return "expected , or the end of an object or array";
	}
}

static const char *json_object_error(const char *line, const char *end, char *keys, size_t size)
{
	const char *p = line;
	if (p >= end || *p++ != '{')
		return "line does not start with {";
	keys[0] = '\0';
	for (;;) {
		const char *key = p;
		const char *error = json_string_error(&p, end);
		if (error)
			return error;
		size_t used = strlen(keys);
		snprintf(keys + used, size - used, "%s%.*s", used ? "," : "", (int)(p - key - 2),
		         key + 1);
		if (p >= end || *p++ != ':')
			return "expected :";
		if ((error = json_value_error(&p, end, 0)))
			return error;
		if (p < end && *p == ',') {
			p++;
			continue;
		}
		if (p < end && *p == '}' && p + 1 == end)
			return NULL;
		return "expected , or } at the end of the line";
	}
}

/* A page's keys before "word_count", "simhash" and "text" (and
 * "comments" with --comments). */
#define JSON_PAGE_KEYS                                                                             \
	"source,url,title,authors,date_published,date_modified,site_name,description,language,"    \
	"language_detected,language_score,page_type,page_type_confidence,tags,image,license,"      \
	"next_pages"

/* Standard output must be exactly lines JSON objects, one a line, keyed
 * as a page or as an error (source,url,error). */
static const char *json_lines_error(const char *out, size_t length, int lines, char *detail,
                                    size_t size)
{
	int count = 0;
	const char *p = out, *end = out + length;
	if (length == 0 || out[length - 1] != '\n')
		return "output does not end with a newline";
	while (p < end) {
		const char *newline = memchr(p, '\n', (size_t)(end - p));
		char keys[256];
		const char *error = json_object_error(p, newline, keys, sizeof keys);
		count++;
		if (!error &&
		    strcmp(keys, JSON_PAGE_KEYS ",word_count,simhash,text,document") != 0 &&
		    strcmp(keys, JSON_PAGE_KEYS ",comments,word_count,simhash,text,document") !=
		        0 &&
		    strcmp(keys, "source,url,error") != 0 &&
		    strcmp(keys, "source,url,skipped,language,language_detected,language_score") !=
		        0)
			error = "keys are not those of a page (docs/json-schema.md), an error or a "
			        "skipped page";
		if (error) {
			snprintf(detail, size, "line %d: %s", count, error);
			return detail;
		}
		p = newline + 1;
	}
	if (count != lines) {
		snprintf(detail, size, "%d lines, want %d", count, lines);
		return detail;
	}
	return NULL;
}

static void run_case(const cli_case *c)
{
	char command[4096];
	snprintf(command, sizeof command, "(%s) >'%s/stdout' 2>'%s/stderr'", c->command, fixtures,
	         fixtures);
	int status = system(command);
	int exit_status = status != -1 && WIFEXITED(status) ? WEXITSTATUS(status) : -1;
	char path[PATH_MAX];
	size_t out_length, err_length;
	snprintf(path, sizeof path, "%s/stdout", fixtures);
	char *out = read_all(path, &out_length);
	snprintf(path, sizeof path, "%s/stderr", fixtures);
	char *err = read_all(path, &err_length);

	const char *missing = NULL, *problem = NULL;
	char detail[256];
	if (exit_status != c->exit_status) {
		snprintf(detail, sizeof detail, "exit status %d, want %d", exit_status,
		         c->exit_status);
		problem = detail;
	} else if (!holds_in_order(out, c->out, sizeof c->out / sizeof c->out[0], &missing)) {
		problem = "standard output lacks (or has out of order)";
	} else if (!holds_in_order(err, c->err, 2, &missing)) {
		problem = "standard error lacks (or has out of order)";
	} else if (c->quiet && out_length) {
		problem = "standard output is not empty";
	} else if (c->json_lines > 0) {
		problem = json_lines_error(out, out_length, c->json_lines, detail, sizeof detail);
	}
	for (size_t i = 0; i < 2 && !problem && c->absent[i]; i++) {
		if (strstr(out, c->absent[i]) || strstr(err, c->absent[i])) {
			problem = "output holds";
			missing = c->absent[i];
		}
	}
	if (problem) {
		failed++;
		printf("FAIL %s\n  %s%s%s%s\n  stdout begins: %.300s\n  stderr begins: %.300s\n",
		       c->command, problem, missing ? " \"" : "", missing ? missing : "",
		       missing ? "\"" : "", out, err);
	} else {
		passed++;
	}
	free(out);
	free(err);
}

/* ---- Standard input at a terminal ---- */

#define TERMINAL_HINT                                                                              \
	"pith: reading HTML from standard input (Ctrl-D ends it; pith --help for usage)"

/* Reads from the terminal's master side what the program wrote to it,
 * appending to text (NUL-terminated, size bytes), until text holds want or
 * seconds pass. Returns whether it does. */
static bool read_terminal_until(int master, char *text, size_t size, const char *want, int seconds)
{
	size_t length = strlen(text);
	for (int waited = 0; !strstr(text, want) && waited < seconds * 10; waited++) {
		struct pollfd ready = {.fd = master, .events = POLLIN};
		if (poll(&ready, 1, 100) <= 0)
			continue;
		ssize_t n = read(master, text + length, size - 1 - length);
		if (n <= 0)
			break;
		length += (size_t)n;
		text[length] = '\0';
	}
	return strstr(text, want) != NULL;
}

/* pith given up to two arguments (NULL: fewer), its standard input a
 * pseudo-terminal this test holds the master side of, at which a page is
 * typed and then Ctrl-D, once. With hint, standard error is the terminal
 * too, and the hint must show on it before anything is typed: pith says
 * what it waits for before it waits. Without, standard error is a file
 * that must not hold it. Either way the page's text must be printed. */
static void check_terminal_input(const char *pith, const char *argument, const char *value,
                                 bool hint)
{
	char what[128];
	snprintf(what, sizeof what, "pith %s %s at a terminal", argument ? argument : "",
	         value ? value : "");
	int master = posix_openpt(O_RDWR | O_NOCTTY);
	char *name =
	    master >= 0 && grantpt(master) == 0 && unlockpt(master) == 0 ? ptsname(master) : NULL;
	/* Opened here, before pith runs, so that nothing typed is lost. */
	int terminal = name ? open(name, O_RDWR | O_NOCTTY) : -1;
	if (terminal < 0) {
		failed++;
		printf("FAIL %s: no pseudo-terminal\n", what);
		if (master >= 0)
			close(master);
		return;
	}
	char out_path[PATH_MAX], err_path[PATH_MAX];
	snprintf(out_path, sizeof out_path, "%s/stdout", fixtures);
	snprintf(err_path, sizeof err_path, "%s/stderr", fixtures);
	pid_t pid = fork();
	if (pid == 0) {
		int out = open(out_path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
		int err = hint ? terminal : open(err_path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
		if (out < 0 || err < 0 || dup2(terminal, 0) < 0 || dup2(out, 1) < 0 ||
		    dup2(err, 2) < 0)
			_exit(126);
		alarm(30); /* never a hung test, whatever pith does */
		execl(pith, pith, argument, value, (char *)NULL);
		_exit(127);
	}
	close(terminal);
	char shown[4096] = "";
	const char *problem = NULL;
	if (hint && !read_terminal_until(master, shown, sizeof shown, TERMINAL_HINT, 20))
		problem = "no hint on the terminal before the input was typed";
	static const char page[] =
	    "<p>A page typed at a terminal, with a sentence long enough to be its content.</p>\n"
	    "\x04";
	if (write(master, page, sizeof page - 1) != (ssize_t)(sizeof page - 1) && !problem)
		problem = "could not type at the terminal";
	int status = 0;
	if (pid < 0 || waitpid(pid, &status, 0) != pid)
		problem = "could not run pith";
	close(master);
	size_t length;
	char *out = read_all(out_path, &length);
	char *err = hint ? NULL : read_all(err_path, &length);
	if (!problem && WIFSIGNALED(status) && WTERMSIG(status) == SIGALRM)
		problem = "killed after 30 s: Ctrl-D did not end the input";
	else if (!problem && (!WIFEXITED(status) || WEXITSTATUS(status) != 0))
		problem = "pith did not exit with 0";
	else if (!problem && !strstr(out, "A page typed at a terminal, with a sentence"))
		problem = "the typed page's text is not on standard output";
	else if (!problem && err && strstr(err, "reading HTML from standard input"))
		problem = "the hint was shown";
	if (problem) {
		failed++;
		printf("FAIL %s: %s\n  stdout: %.300s\n  stderr: %.300s\n", what, problem, out,
		       err ? err : shown);
	} else {
		passed++;
	}
	free(out);
	free(err);
}

/* ---- The JSON string writer, byte for byte ---- */

typedef struct json_case {
	const char *input;
	size_t length;
	const char *want;
} json_case;

#define JSON_CASE(input, want)                                                                     \
	{                                                                                          \
		input, sizeof input - 1, want                                                      \
	}

static const json_case json_cases[] = {
    JSON_CASE("", "\"\""),
    JSON_CASE("plain text", "\"plain text\""),
    JSON_CASE("a\"b\\c/d", "\"a\\\"b\\\\c/d\""),
    JSON_CASE("\n\t\r\b\f", "\"\\n\\t\\r\\b\\f\""),
    JSON_CASE("\x01\x1f\x7f", "\"\\u0001\\u001f\x7f\""),
    JSON_CASE("a\0b", "\"a\\u0000b\""),
    /* Valid UTF-8 as is, U+2028 included (JSON allows it). */
    JSON_CASE("caf\xc3\xa9 \xe2\x80\xa8 \xf0\x9f\x98\x80 \xc2\xb4",
              "\"caf\xc3\xa9 \xe2\x80\xa8 \xf0\x9f\x98\x80 \xc2\xb4\""),
    /* Each byte that is not valid UTF-8 becomes U+FFFD. */
    JSON_CASE("\xff", "\"\xef\xbf\xbd\""),
    JSON_CASE("x\xc3", "\"x\xef\xbf\xbd\""),
    JSON_CASE("\xc0\xaf", "\"\xef\xbf\xbd\xef\xbf\xbd\""),
    JSON_CASE("\xed\xa0\x80", "\"\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd\""),
    JSON_CASE("\xf4\x90\x80\x80", "\"\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd\""),
    JSON_CASE("\xe2\x82x\"", "\"\xef\xbf\xbd\xef\xbf\xbdx\\\"\""),
    JSON_CASE("\xf0\x90\x80\x80", "\"\xf0\x90\x80\x80\""),
};

static void check_json_writer(void)
{
	for (size_t i = 0; i < sizeof json_cases / sizeof json_cases[0]; i++) {
		const json_case *c = &json_cases[i];
		pith_buffer got = {0};
		bool ok = pith_json_append_string(&got, c->input, c->length);
		if (ok && got.length == strlen(c->want) &&
		    memcmp(got.data, c->want, got.length) == 0) {
			passed++;
		} else {
			failed++;
			printf("FAIL pith_json_append_string case %zu: got %.*s, want %s\n", i,
			       (int)got.length, got.data ? got.data : "", c->want);
		}
		pith_buffer_free(&got);
	}
}

int main(void)
{
	/* Cases change folder, so $PITH is an absolute path. */
	const char *build = getenv("BUILD");
	char cwd[PATH_MAX], pith[2 * PATH_MAX + 8];
	if (!build)
		build = "build";
	if (build[0] == '/')
		snprintf(pith, sizeof pith, "%s/pith", build);
	else if (getcwd(cwd, sizeof cwd))
		snprintf(pith, sizeof pith, "%s/%s/pith", cwd, build);
	else
		return 2;
	setenv("PITH", pith, 1);
	make_fixtures();
	setenv("F", fixtures, 1);
	check_json_writer();
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
		run_case(&cases[i]);
	check_terminal_input(pith, NULL, NULL, true);
	check_terminal_input(pith, "--format", "json", true);
	check_terminal_input(pith, "-", NULL, false);
	char command[PATH_MAX + 16];
	snprintf(command, sizeof command, "rm -rf '%s'", fixtures);
	if (system(command) != 0)
		printf("could not remove %s\n", fixtures);
	printf("cli: %d passed, %d failed\n", passed, failed);
	return failed ? 1 : 0;
}
