/* Page metadata (title, authors, dates, site, canonical URL, language,
 * tags, image, licence, following pages) and reader comments, read from
 * the parsed tree: src/pith.c calls it after extraction. */
#ifndef PITH_METADATA_H
#define PITH_METADATA_H

#include <stdbool.h>
#include <stddef.h>

#include "../dom/dom.h"
#include "../extract/extract.h"
#include "pith.h"

typedef struct pith_metadata_reader pith_metadata_reader;

/* A new reader, or NULL when memory runs out. Reusable across pages. */
pith_metadata_reader *pith_metadata_reader_new(void);
void pith_metadata_reader_free(pith_metadata_reader *reader);
size_t pith_metadata_reader_memory(const pith_metadata_reader *reader);

typedef struct pith_metadata_input {
	const pith_dom *dom;
	const char *page_url; /* or NULL */
	/* The page's extraction, or NULL: its headline (else the og:title
	 * or <title> it was matched against) is a title candidate
	 * (title.c). */
	const pith_extraction *extraction;
	/* The extracted text: the sample language detection reads. */
	const char *text;
	size_t text_length;
	bool comments; /* find reader comments too */
} pith_metadata_input;

/* Reads the page's metadata into *out, whose strings stay valid until the
 * reader's next call. */
pith_status pith_metadata_read(pith_metadata_reader *reader, const pith_metadata_input *input,
                               const pith_metadata **out);

/* The base URL the last page's relative URLs resolve against: its first
 * <base href> resolved against the page's URL when that gives an absolute
 * URL, else the page's URL (HTML's "document base URL"); without the
 * page's URL, the page's declared URL (the url field: link rel=canonical,
 * og:url, ...) when absolute; else "". The document model resolves its
 * links against it too, so both agree. Valid until the reader's next
 * call. */
const char *pith_metadata_base_url(const pith_metadata_reader *reader);

/* The articleBody of the last page's JSON-LD article (schema.org: "the
 * actual body of the article"), its length in *length; NULL when the page
 * has none, or more than one article with one. Valid until the reader's
 * next call. */
const char *pith_metadata_article_body(const pith_metadata_reader *reader, size_t *length);

#endif
