/* The WHATWG tree-construction stage (HTML Living Standard 13.2.6): tokens
 * in, a pith_dom out. Scripting is off (<noscript> content is parsed as
 * markup), as for a crawler that runs no scripts. */
#ifndef PITH_PARSER_H
#define PITH_PARSER_H

#include <stdbool.h>
#include <stddef.h>

#include "../dom/dom.h"
#include "pith.h"

typedef struct pith_html_parser pith_html_parser;

/* A reusable parser (it keeps its stacks and tokenizer between pages). */
pith_html_parser *pith_html_parser_new(void);
void pith_html_parser_free(pith_html_parser *parser);

/* With scripting off, <noscript><iframe> reads the rest of the page as
 * the iframe's text when no </iframe> follows (the standard's tree, which
 * the html5lib tests check); a browser runs scripts, so its <noscript> is
 * text up to the first </noscript> and the page after it shows. When on,
 * a </noscript> also ends the text of an iframe, style, textarea, title,
 * xmp, noembed, noframes or script opened inside a <noscript>, so the
 * page after it is parsed as a browser parses it. Off by default; the
 * extractor turns it on. */
void pith_html_parser_set_noscript_bounds(pith_html_parser *parser, bool on);

/* Bytes the parser holds between pages (stacks, per-node flags, the
 * tokenizer's scratch), for memory accounting. */
size_t pith_html_parser_memory(const pith_html_parser *parser);

/* Parse utf8[0..length) into dom, which is reset first. The DOM borrows
 * strings from utf8, which must outlive it. fragment_context is NULL for a
 * document, or a context element for the fragment-parsing algorithm: "td",
 * "svg path", "math mi" (namespace prefix, space, local name). For a
 * fragment the DOM's document node gets one child, an <html> element, whose
 * children are the fragment. */
pith_status pith_html_parse(pith_html_parser *parser, pith_dom *dom, const char *utf8,
                            size_t length, const char *fragment_context);

#endif
