/* The boilerplate labels of every language (src/extract/labels/LANG.txt,
 * read here as written, not from the generated table): each, as a block of
 * its own in an article, with a mark after it ("Read more »"), is dropped
 * as a label, in the case the table writes it and in capitals where the
 * language has them (the folding is checked too, Turkish's dotted and
 * dotless i among it); the same words inside a sentence of the article
 * are kept. A language file with no label fails, and so does one
 * missing: the 25 are those of tools/gen_labels.py. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "dom/dom.h"
#include "extract/extract_internal.h"
#include "html/parser.h"
#include "read_file.h"

static const char *const languages[] = {"en", "ru", "de", "ja", "zh", "es", "fr", "it", "pt",
                                        "nl", "pl", "tr", "id", "cs", "vi", "ko", "fa", "ar",
                                        "sv", "uk", "ro", "el", "hu", "da", "th"};

#define PROSE                                                                                      \
	"<p>The harbour works begin on Monday and will close the north quay for most of the "      \
	"summer season, the port said.</p><p>Ferries move to the south quay while the old piers "  \
	"are rebuilt with stone from the quarry above the town.</p>"

/* The ASCII letters of s in capitals: "READ MORE". Other letters stay, so
 * a label in another script tests its own case only. */
static void ascii_upper(char *s)
{
	for (; *s; s++)
		if (*s >= 'a' && *s <= 'z')
			*s = (char)(*s - 'a' + 'A');
}

/* The reason the block whose text is exactly text was dropped for, or
 * "(no such block)". */
static const char *reason_of(const pith_extractor *ex, const char *text)
{
	for (size_t i = 0; i < ex->block_count; i++) {
		const pith_block *b = &ex->blocks[i];
		if (strlen(text) == b->text_length &&
		    memcmp(ex->text.data + b->text_start, text, b->text_length) == 0)
			return pith_drop_reason_names[b->dropped];
	}
	return "(no such block)";
}

static void check_label(pith_html_parser *parser, pith_extractor *ex, const char *language,
                        const char *label)
{
	char page[2048], alone[256], sentence[512];
	snprintf(alone, sizeof alone, "%s \xc2\xbb", label); /* "label »" */
	snprintf(sentence, sizeof sentence,
	         "The mayor wrote %s on the notice board, and the quay stayed open all summer.",
	         label);
	snprintf(page, sizeof page,
	         "<html><body><article><h2>Harbour works</h2>" PROSE
	         "<p>%s</p><p>%s</p></article></body></html>",
	         alone, sentence);
	pith_dom dom;
	pith_dom_init(&dom);
	pith_extraction out;
	bool ready = pith_html_parse(parser, &dom, page, strlen(page), NULL) == PITH_OK &&
	             pith_extract_content(ex, &dom, PITH_FAVOR_BALANCED, false,
	                                  PITH_PAGE_TYPE_UNKNOWN, &out) == PITH_OK;
	char name[320];
	snprintf(name, sizeof name, "%s '%s'", language, label);
	check(ready, name, "the page did not parse and extract");
	if (ready) {
		const char *got = reason_of(ex, alone);
		check(strcmp(got, "label") == 0, name, "alone: %s, expected label", got);
		got = reason_of(ex, sentence);
		check(strcmp(got, "keep") == 0, name, "in a sentence: %s, expected keep", got);
	}
	pith_dom_release(&dom);
}

int main(void)
{
	pith_html_parser *parser = pith_html_parser_new();
	pith_extractor *ex = pith_extractor_new();
	if (!parser || !ex) {
		printf("out of memory\n");
		return 1;
	}
	for (size_t l = 0; l < sizeof languages / sizeof *languages; l++) {
		char path[128];
		snprintf(path, sizeof path, "src/extract/labels/%s.txt", languages[l]);
		size_t length;
		char *table = read_file(path, &length);
		check(table != NULL, path, "cannot read it");
		int labels = 0;
		for (char *line = table; line && *line;) {
			char *newline = strchr(line, '\n');
			if (newline)
				*newline = '\0';
			if (*line && *line != '#') {
				check_label(parser, ex, languages[l], line);
				char upper[256];
				snprintf(upper, sizeof upper, "%s", line);
				ascii_upper(upper);
				if (strcmp(upper, line) != 0)
					check_label(parser, ex, languages[l], upper);
				labels++;
			}
			line = newline ? newline + 1 : NULL;
		}
		check(labels > 0, path, "no label");
		free(table);
	}
	/* Turkish capitals: İ and I, i and ı are one letter to the folding, so
	 * a label matches whichever i its case pair gives it ("İLGİLİ
	 * HABERLER", "İlgili Haberler", "DEVAMINI OKU", "İçeriğin Devamı
	 * Aşağıda"). */
	static const char *const turkish_capitals[] = {
	    "\304\260LG\304\260L\304\260 HABERLER",
	    "\304\260lgili Haberler",
	    "DEVAMINI OKU",
	    "\304\260\303\247eri\304\237in Devam\304\261 A\305\237a\304\237\304\261da",
	};
	for (size_t k = 0; k < sizeof turkish_capitals / sizeof *turkish_capitals; k++)
		check_label(parser, ex, "tr", turkish_capitals[k]);
	pith_extractor_free(ex);
	pith_html_parser_free(parser);
	printf("labels: %d passed, %d failed\n", passed, failed);
	return failed != 0;
}
