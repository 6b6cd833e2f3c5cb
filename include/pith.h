/* pith: web pages to the text their authors wrote.
 *
 * This header is the whole public API and its manual.
 *
 * Conventions
 *   - Input is (bytes, length); it need not be NUL-terminated and may hold
 *     NUL bytes.
 *   - Every function that can fail returns a pith_status; PITH_OK is 0.
 *     Out of memory is PITH_ERROR_NOMEM, never an abort.
 *   - Handles are opaque; every _free function accepts NULL.
 *   - A pith_ctx is reusable and not thread-safe: use one per thread. It
 *     keeps its memory between pages, so a batch run allocates little after
 *     the first pages.
 *   - There is no global mutable state: contexts on different threads never
 *     interfere. */
#ifndef PITH_H
#define PITH_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Marks the functions of the API: the only symbols the shared library
 * exports, as it is compiled with -fvisibility=hidden and linked with
 * src/libpith.map (docs/ABI.md). */
#if defined(__GNUC__) && __GNUC__ >= 4
#define PITH_API __attribute__((visibility("default")))
#else
#define PITH_API
#endif

/* The version this header belongs to, MAJOR.MINOR.PATCH; the Makefile
 * reads the three numbers from here (the shared library's name, pith.pc),
 * so they are the one place it is written. PITH_VERSION_NUMBER is
 * MAJOR * 10000 + MINOR * 100 + PATCH (0.1.0 is 100), for #if; MINOR and
 * PATCH stay below 100. What each part's change promises: docs/ABI.md. */
#define PITH_VERSION_MAJOR 0
#define PITH_VERSION_MINOR 1
#define PITH_VERSION_PATCH 0
#define PITH_VERSION_NUMBER                                                                        \
	(PITH_VERSION_MAJOR * 10000 + PITH_VERSION_MINOR * 100 + PITH_VERSION_PATCH)
/* "0.1.0", made from the three numbers. */
#define PITH_VERSION_QUOTE(x) #x
#define PITH_VERSION_TEXT(x) PITH_VERSION_QUOTE(x)
#define PITH_VERSION_STRING                                                                        \
	PITH_VERSION_TEXT(PITH_VERSION_MAJOR)                                                      \
	"." PITH_VERSION_TEXT(PITH_VERSION_MINOR) "." PITH_VERSION_TEXT(PITH_VERSION_PATCH)
/* The name of earlier versions, kept for the programs that use it. */
#define PITH_VERSION PITH_VERSION_STRING

typedef enum pith_status {
	PITH_OK = 0,
	PITH_ERROR_NOMEM,            /* memory allocation failed */
	PITH_ERROR_TOO_LARGE,        /* input is over PITH_MAX_INPUT_BYTES */
	PITH_ERROR_INVALID_ARGUMENT, /* NULL where a value is needed, bad option */
	PITH_ERROR_NOT_HTML,         /* empty, binary, or no markup at all */
	PITH_ERROR_IO,               /* reading or writing a file failed (see errno) */
	PITH_ERROR_MALFORMED,        /* a WARC record or gzip member is broken */
	PITH_ERROR_INTERRUPTED,      /* a batch was stopped before its end */
} pith_status;

/* A short English description of status, never NULL. */
PITH_API const char *pith_strerror(pith_status status);

/* The version of the library the program runs with, which may be newer
 * than the header it was compiled with when libpith is a shared library:
 * pith_version_number() is that library's PITH_VERSION_NUMBER and
 * pith_version_string() its PITH_VERSION_STRING (static, never NULL). */
PITH_API unsigned pith_version_number(void);
PITH_API const char *pith_version_string(void);

/* Pages larger than this are refused with PITH_ERROR_TOO_LARGE. Node and
 * string offsets are 32-bit to keep the tree compact; 256 MiB is far above
 * any real page (the largest dev page is under 5 MiB) and keeps every
 * per-page allocation well below 4 GiB. */
#define PITH_MAX_INPUT_BYTES ((size_t)256 * 1024 * 1024)

/* Elements nest at most this deep in the tree. Deeper elements are still
 * kept: they are attached to the element at the limit, as its children, so
 * no word is lost. Without it, nesting attacks make the tree builder's
 * scope checks quadratic and walks deep. Browsers use the same bound (512). */
#define PITH_MAX_DEPTH 512

typedef struct pith_ctx pith_ctx;

/* A new context, or NULL when memory runs out. */
PITH_API pith_ctx *pith_ctx_new(void);
PITH_API void pith_ctx_free(pith_ctx *ctx);

/* The option structs (pith_parse_options, pith_extract_options,
 * pith_batch_options) and pith_record_info start with their size, which
 * their _INIT macro sets to the sizeof this header gives; initialise them
 * with it, then set what you need. Fields are only ever added at the end,
 * and the library reads only the fields that size covers, whole: the
 * others take their defaults (zero). So a program built with an older
 * header runs with a newer library. A size of 0, one larger than the
 * library knows, or one that does not cover the first field after size
 * is PITH_ERROR_INVALID_ARGUMENT (docs/ABI.md). */

/* An initialiser that sets size and zeroes the rest: designated in C, so
 * that -Wextra's missing-initializer warning stays quiet. */
#ifdef __cplusplus
#define PITH_SIZED_INIT(type)                                                                      \
	{                                                                                          \
		sizeof(type)                                                                       \
	}
#else
#define PITH_SIZED_INIT(type)                                                                      \
	{                                                                                          \
		.size = sizeof(type)                                                               \
	}
#endif

/* How to read a page. */
typedef struct pith_parse_options {
	size_t size; /* sizeof(pith_parse_options): PITH_PARSE_OPTIONS_INIT sets it */
	/* The charset the transport declared (HTTP Content-Type), as a label
	 * ("utf-8", "latin1", ...), or NULL. It overrides <meta charset> as
	 * the WHATWG encoding-sniffing algorithm says; a BOM overrides it. An
	 * unknown label is ignored. One departure from the standard: a page
	 * declared (here or by <meta>) in a legacy encoding whose bytes are
	 * valid UTF-8 with non-ASCII text is read as UTF-8, since that is what
	 * it almost surely is (a re-saved page with its old declaration). */
	const char *charset;
	/* Parse as a fragment in this context element instead of as a
	 * document: "td", "template", "svg path", "math mi". NULL: a document. */
	const char *fragment_context;
} pith_parse_options;

#define PITH_PARSE_OPTIONS_INIT PITH_SIZED_INIT(pith_parse_options)

/* Decode and parse one page into the context's tree, replacing the previous
 * page's. options may be NULL (the defaults). On failure the tree is
 * empty. */
PITH_API pith_status pith_ctx_parse(pith_ctx *ctx, const char *bytes, size_t length,
                                    const pith_parse_options *options);

/* The WHATWG name of the encoding the last page was decoded from
 * ("UTF-8", "windows-1252", "Shift_JIS", ...). */
PITH_API const char *pith_ctx_encoding(const pith_ctx *ctx);

/* Receives output in chunks; a non-zero return stops the writer, which then
 * returns that value. */
typedef int (*pith_write_fn)(void *user, const char *data, size_t length);

/* Write the last parsed tree in the html5lib tree-construction test format
 * (one "| "-prefixed line per node). Returns 0 or the writer's non-zero
 * return. */
PITH_API int pith_ctx_dump_tree(const pith_ctx *ctx, pith_write_fn write, void *user);

/* Counts from one full walk of the last parsed tree in document order. */
typedef struct pith_tree_stats {
	size_t nodes; /* every node, the document included */
	size_t elements;
	size_t text_bytes; /* UTF-8 bytes in text nodes */
	size_t max_depth;
} pith_tree_stats;

PITH_API void pith_ctx_walk_tree(const pith_ctx *ctx, pith_tree_stats *stats);

/* ---- Extraction: a page's main content as text ---- */

/* Which mistake to prefer when a block could be content or boilerplate. */
typedef enum pith_favor {
	PITH_FAVOR_BALANCED = 0,
	PITH_FAVOR_PRECISION, /* leave out doubtful blocks: less noise */
	PITH_FAVOR_RECALL,    /* keep doubtful blocks: fewer lost words */
} pith_favor;

/* What kind of page it is (WCXB's taxonomy). The type chooses the region
 * (docs/DESIGN.md, "Region by page type"): a caller that knows it sets
 * pith_extract_options.page_type; else pith tells it from the page
 * (pith_metadata.page_type). */
typedef enum pith_page_type {
	PITH_PAGE_TYPE_UNKNOWN = 0,   /* not given: pith tells it */
	PITH_PAGE_TYPE_ARTICLE,       /* news, blog post, essay, guide */
	PITH_PAGE_TYPE_FORUM,         /* a thread of posts, a question and answers */
	PITH_PAGE_TYPE_PRODUCT,       /* one thing for sale, its price and details */
	PITH_PAGE_TYPE_COLLECTION,    /* a shop's category: a grid of products */
	PITH_PAGE_TYPE_LISTING,       /* an index of articles, courses, entries */
	PITH_PAGE_TYPE_DOCUMENTATION, /* a manual's page, a reference */
	PITH_PAGE_TYPE_SERVICE,       /* what an organisation offers: a landing page */
} pith_page_type;

/* Number of pith_page_type values, PITH_PAGE_TYPE_UNKNOWN included. */
#define PITH_PAGE_TYPES 8

/* "unknown", "article", "forum", "product", "collection", "listing",
 * "documentation", "service": a static string, never NULL ("unknown"
 * for a value out of range). */
PITH_API const char *pith_page_type_name(pith_page_type type);

/* How the main content is written (result->text). */
typedef enum pith_format {
	/* Blocks separated by blank lines, one line per list item ("1. "
	 * before ordered ones) and per table row (cells joined by " | "; in a
	 * table of data, an empty cell in its place). */
	PITH_FORMAT_TEXT = 0,
	/* CommonMark with GFM tables and footnotes: headings, lists (nested,
	 * ordered ones with their start), tables, fenced code blocks with
	 * their language, quotes, emphasis, code, links, footnotes ([^1]).
	 * Text never turns into markup: characters that would are escaped.
	 * A table too ragged for GFM's grid (more than twice as many grid
	 * cells as real ones, past 64) is a list, one item a row. */
	PITH_FORMAT_MARKDOWN,
	/* result->text is the text of PITH_FORMAT_TEXT, and result->document
	 * the document model as one JSON value (docs/json-schema.md). */
	PITH_FORMAT_JSON,
	/* Semantic HTML (h1-h6, p, ul/ol/li, table/tr/th/td, pre/code,
	 * blockquote, figure/figcaption, em, strong, code, a, br, img, hr,
	 * sup), a fragment without <html> or <body>. The only attributes
	 * are href, src and alt; footnotes end the fragment as an <ol>,
	 * and a reference is <sup><a href="#:~:text=...">N</a></sup>, a URL
	 * text fragment of its footnote's opening words (N is its number in
	 * that list). */
	PITH_FORMAT_HTML,
} pith_format;

/* How to extract a page: start from PITH_EXTRACT_OPTIONS_INIT (see
 * pith_parse_options on size). */
typedef struct pith_extract_options {
	size_t size; /* sizeof(pith_extract_options): PITH_EXTRACT_OPTIONS_INIT sets it */
	/* The page's URL, or NULL; reported back, and the base that relative
	 * URLs in the page (links, images, metadata) resolve against, with
	 * its <base href>. With NULL, the base is the page's <base href> when
	 * absolute, else its declared (canonical) URL when absolute; else
	 * relative URLs stay as the page has them. URLs are read as browsers
	 * read them (the URL Standard). */
	const char *url;
	const char *charset; /* the transport's charset, as in pith_parse_options */
	pith_favor favor;
	/* Non-zero: also find the readers' comments (pith_metadata.comments).
	 * They are never part of the text either way. */
	int comments;
	pith_format format;
	/* Non-zero: structured formats keep images (src made absolute, alt)
	 * that sit in kept blocks or just before one. Text never has them. */
	int images;
	/* Languages to keep, as pith_metadata.language_detected names them,
	 * separated by commas ("de,fr"), or NULL to keep every page. A page
	 * whose detected language is not listed, or is unknown, is left out:
	 * result->skipped is set, its metadata is read (so a caller can say
	 * what it was), its text and document are "". A list that is not
	 * one (pith_languages_match) is PITH_ERROR_INVALID_ARGUMENT. */
	const char *languages;
	/* The page's type when the caller knows it (a crawl of one shop's
	 * product pages): a page of any type but article is extracted from
	 * its whole main landmark, not from one part of it (the body where
	 * <main> does not hold that part); listings, collections,
	 * documentation and service pages keep their links.
	 * PITH_PAGE_TYPE_UNKNOWN, the default, and ARTICLE take the
	 * best-scoring region. A value out of range is
	 * PITH_ERROR_INVALID_ARGUMENT. */
	pith_page_type page_type;
} pith_extract_options;

#define PITH_EXTRACT_OPTIONS_INIT PITH_SIZED_INIT(pith_extract_options)

/* Limits of the metadata lists: past them, further items are dropped.
 * Real pages have a few authors and tens of tags; the bounds keep a page
 * that repeats its markup from growing the lists without end. */
#define PITH_MAX_AUTHORS 16
#define PITH_MAX_TAGS 64
#define PITH_MAX_NEXT_PAGES 64
/* Reader comments kept per page: a thread of thousands is kept in part. */
#define PITH_MAX_COMMENTS 500
/* A metadata string is cut to this many bytes (at a character boundary):
 * a description of megabytes is no description. */
#define PITH_MAX_METADATA_BYTES 4096

/* One reader comment. author and date are "" when the page shows none;
 * date is ISO 8601 as in pith_metadata. */
typedef struct pith_comment {
	const char *author;
	const char *date;
	const char *text;
} pith_comment;

/* The page's facts, from (in order of trust) JSON-LD (schema.org),
 * OpenGraph and Twitter cards, Dublin Core, plain <meta> tags, microdata,
 * the page's own markup (<time>, bylines, <link rel>, <html lang>) and its
 * URL. Strings are UTF-8, NUL-terminated, never NULL ("" when the page
 * gives nothing), whitespace collapsed; URLs are absolute when the page
 * or options->url gives a base, and only http, https, mailto or relative
 * ones (as a browser reads the scheme): a javascript:, data: or other URL
 * gives way to the next source's, or is left out. */
typedef struct pith_metadata {
	/* The article's headline as a reader sees it: an <h1> that the
	 * <title> or og:title holds, else the <title> (or og:title, or the
	 * JSON-LD headline) with the site's name cut from its start or end. */
	const char *title;
	const char *const *authors; /* names, in the page's order */
	size_t author_count;
	/* ISO 8601: "2024-03-05", or "2024-03-05T10:00:00+01:00" (or "...Z")
	 * when the source gives a time with its offset. */
	const char *date_published;
	const char *date_modified;
	const char *site_name;
	const char *url; /* canonical URL, else og:url, else options->url */
	const char *description;
	/* The BCP 47 tag the page declares (<html lang>, og:locale,
	 * Content-Language, JSON-LD inLanguage, DC.language), in BCP 47's
	 * cases ("EN_us" is "en-US", "zh-hans" "zh-Hans"); "" when it declares
	 * none, or nothing that is a tag. Never a detected language: that is
	 * language_detected. */
	const char *language;
	const char *const *tags; /* keywords, tags, categories; no duplicates */
	size_t tag_count;
	const char *image;   /* the main image's URL */
	const char *license; /* a URL (rel=license) or the page's words */
	/* The following pages of a paginated article (rel=next, or the
	 * links after the current page in a "1 2 3" pager), in order. */
	const char *const *next_pages;
	size_t next_page_count;
	/* Readers' comments, in page order, when options->comments asked for
	 * them (at most PITH_MAX_COMMENTS), else none. */
	const pith_comment *comments;
	size_t comment_count;
	/* The language the extracted text is written in, from the text
	 * whatever the page declares: ISO 639-1 ("de"), or ISO 639-3 for a
	 * language without a two-letter code ("ceb"); "" when the text has
	 * too few letters to tell. A script that one language alone writes
	 * decides (Hangul, kana, Han, Thai, Greek, Hebrew...); otherwise
	 * CLD2 (160 languages), over the text's first 512 bytes. */
	const char *language_detected;
	/* Confidence in language_detected, 0..1 (0 when it is ""): the share
	 * of the sample's letters in its script or language. */
	double language_score;
	/* What kind of page it is, as pith_page_type_name names it: the type
	 * the caller gave (pith_extract_options.page_type), else the one the
	 * page-type model reads in the page (docs/DESIGN.md, "Page type"). */
	const char *page_type;
	/* Confidence in page_type, 0..1: 1 for the caller's type, else the
	 * model's probability for its answer. Below 0.5 the page's region is
	 * chosen as an article's whatever the type. */
	double page_type_confidence;
} pith_metadata;

/* What extraction gives. Strings are UTF-8, NUL-terminated, and never NULL
 * (empty when the page has none, and on failure). Who owns it depends on
 * the function that gave it, one rule each: pith_ctx_extract lends a
 * const result that the context owns; pith_extract gives one that the
 * caller owns and frees with pith_result_free. */
typedef struct pith_result {
	pith_status status;
	const char *text; /* the main content, written in options->format */
	size_t text_length;
	const char *title; /* metadata->title */
	size_t title_length;
	const char *url;      /* options->url, or "" */
	const char *encoding; /* the encoding the page was decoded from */
	/* The page's metadata and comments: never NULL when status is
	 * PITH_OK (NULL otherwise); owned like the strings above. */
	const pith_metadata *metadata;
	/* PITH_FORMAT_JSON: the document model as a JSON value; else "". */
	const char *document;
	size_t document_length;
	/* Non-zero: options->languages left the page out (text and document
	 * are "", metadata is whole). */
	int skipped;
	/* The main content as PITH_FORMAT_TEXT writes it, whatever the
	 * format: text itself for text and JSON, the plain text beside the
	 * Markdown or HTML for those. "" when skipped. */
	const char *plain_text;
	size_t plain_text_length;
	/* Corpus signals of plain_text: its words (as pith_simhash counts
	 * them) and its SimHash (pith_simhash). 0 when skipped. */
	size_t word_count;
	unsigned long long simhash;
} pith_result;

/* Extract the main content of one page with a reusable context. The
 * result is the context's: it stays valid until the context's next parse
 * or extract, or pith_ctx_free, and is never NULL; check its status (on
 * failure its strings are ""). It is const: passing it to
 * pith_result_free does not compile. A NULL ctx gives a static result
 * whose status is PITH_ERROR_INVALID_ARGUMENT. options may be NULL. */
PITH_API const pith_result *pith_ctx_extract(pith_ctx *ctx, const char *bytes, size_t length,
                                             const pith_extract_options *options);

/* Is language (a code as language_detected gives it) one of the
 * comma-separated codes in languages ("de,fr", spaces around items
 * allowed, case ignored)? 1 or 0; -1 when languages is not such a list
 * (an empty item, or one that is not two or three ASCII letters). */
PITH_API int pith_languages_match(const char *languages, const char *language);

/* One page, no context to manage. On PITH_OK, *out is a result the caller
 * owns, one allocation, released with pith_result_free; otherwise *out is
 * NULL and the status says why. For many pages a context is faster. */
PITH_API pith_status pith_extract(const char *bytes, size_t length,
                                  const pith_extract_options *options, pith_result **out);
/* Frees a result pith_extract gave; NULL is ignored. */
PITH_API void pith_result_free(pith_result *result);

/* A 64-bit SimHash of UTF-8 text: texts that share most of their
 * wording share most of its bits (near duplicates differ in a few bits,
 * unrelated texts in about 32), identical texts have the same one. Words
 * are maximal runs of letters and digits (ASCII letters and digits, and
 * code points above U+007F but spaces, punctuation and symbols), case
 * folded (Latin, Greek and Cyrillic); a Han or kana character is a word
 * by itself. The features are the word 3-shingles (every three words in
 * a row; a text of one or two words is one feature), each hashed to 64
 * bits with a fixed hash (the same on every platform and in every
 * version of 0.x); bit i is set when more features have it set than
 * clear. A text with no word gives 0. text need not be NUL-terminated;
 * NULL with length 0 is the empty text. pith_result.simhash is this of
 * its plain_text, and JSON lines write it as 16 lowercase hex digits
 * (docs/json-schema.md). */
PITH_API unsigned long long pith_simhash(const char *text, size_t length);

/* Bytes the context holds now (arena, node and attribute arrays, buffers). */
PITH_API size_t pith_ctx_memory(const pith_ctx *ctx);

/* ---- JSON lines: one record per page ----
 *
 * The one writer of the JSON line that pith --format json, pith warc and
 * pith_batch_run (so Python's pith.warc_to_jsonl) write for a page;
 * docs/json-schema.md is its contract. */

/* What a line says about where its page came from. Either source (a file:
 * the line starts {"source","url") or warc (a WARC record: it starts
 * {"warc","input", then "record" ... "http_status" when has_record). */
typedef struct pith_record_info {
	size_t size;        /* sizeof(pith_record_info): PITH_RECORD_INFO_INIT sets it */
	const char *source; /* the path given ("-" for standard input), or NULL */
	/* A source's line: the page's "url" when its metadata has none (the
	 * URL the caller gave: pith_extract_options.url), or NULL (null). */
	const char *url;
	/* Non-NULL: an error line, {..., "error": error}, whatever result is
	 * (it may be NULL). A result whose status is not PITH_OK also gives
	 * one, with pith_strerror's words. */
	const char *error;
	const char *warc; /* the WARC file's path, as given, or NULL */
	size_t input;     /* its position among the inputs, from 0 */
	/* Non-zero: the fields of a record follow; zero: the input's only
	 * line, which says why it could not be opened (error). */
	int has_record;
	unsigned long long record; /* the record's number in its file, from 0 */
	unsigned long long offset; /* pith_warc_record.offset */
	const char *record_id;     /* pith_warc_record's; NULL is "" */
	const char *uri;
	const char *date;
	/* A WARC record's HTTP status, 0 when there is none. A source's line
	 * (a page the caller fetched) with a status above 0 gets
	 * "http_status" and "final_url" after "url". */
	int http_status;
	/* A source's line with http_status: the URL the fetch ended at, after
	 * redirects, or NULL (null). */
	const char *final_url;
	/* A WARC record the crawler cut short: WARC-Truncated's reason
	 * ("length", "time", ...), written as "truncated" after
	 * "http_status"; NULL or "" for a whole record. */
	const char *truncated;
	/* Non-NULL: a record the caller's filters left out (a batch's
	 * status or mime lists), {..., "skipped": skipped}, with
	 * "content_type" after it when content_type is not NULL; result may
	 * be NULL. */
	const char *skipped;
	const char *content_type;
} pith_record_info;

#define PITH_RECORD_INFO_INIT PITH_SIZED_INIT(pith_record_info)

/* Flags of pith_write_json_record. */
#define PITH_JSON_COMMENTS 1u /* "comments" after the metadata */
#define PITH_JSON_DOCUMENT 2u /* "document" after "text": result->document, or null */
/* "markdown" (or "html") after "text": result->text, made with
 * PITH_FORMAT_MARKDOWN (or _HTML); "text" is then result->plain_text. */
#define PITH_JSON_MARKDOWN 4u
#define PITH_JSON_HTML 8u

/* Writes one JSON line, newline included, in one call to write: a page's
 * (keys in docs/json-schema.md's order: a source's "source", "url", the
 * metadata, "word_count", "simhash", "text" (and "document"); a record's
 * WARC fields, "encoding", "url", the metadata, "word_count", "simhash",
 * "text" (and "markdown", "html" or "document")), a page options->languages left out
 * (result->skipped: "skipped":"language" and the three language fields
 * after the source's or record's fields), or an error line. Returns 0,
 * the writer's non-zero return, or -1 when memory ran out or info is
 * refused (NULL, a size as pith_parse_options says, neither or both of
 * source and warc, no result and no error). */
PITH_API int pith_write_json_record(const pith_result *result, const pith_record_info *info,
                                    unsigned flags, pith_write_fn write, void *user);

/* ---- WARC: reading web archives ----
 *
 * WARC 1.0 and 1.1 (ISO 28500) and ARC (the Internet Archive's format
 * before WARC: a filedesc:// header record, then records each after a
 * "URL IP-address Archive-date Content-type Archive-length" line),
 * uncompressed or compressed per record or over the whole file with gzip
 * (the Common Crawl layout), zstd (the IIPC .warc.zst format, its
 * dictionary frame included), LZ4 frames or bzip2. The compression is
 * known from the first bytes and the format from the first record,
 * whatever the file's name. The reader streams: it holds one record at a
 * time, however large the file.
 *
 * An ARC record is returned as a WARC one: type "warcinfo" for the
 * filedesc:// header, "response" when its block is an HTTP response, else
 * "resource"; record_id ""; date made ISO 8601 ("20240512124512" gives
 * "2024-05-12T12:45:12Z"); content_type the ARC line's, until an HTTP
 * head says otherwise. ARC has no trailer but one newline, so a wrong
 * Archive-length that lands on a newline goes unnoticed. */

/* A record whose block is larger than this is not held (its record says
 * PITH_ERROR_TOO_LARGE) and its length is not trusted: the reader goes on
 * at the next record that reads whole, found by scanning through the
 * block. Common Crawl truncates payloads at 5 MiB; 64 MiB is far above
 * any real page and bounds the reader's memory, and so a batch run's. */
#define PITH_WARC_MAX_RECORD_BYTES ((size_t)64 * 1024 * 1024)
/* A payload may hold at most this many times the bytes of the file its
 * record was read from (gzip member, HTTP content coding, both nested);
 * more is PITH_ERROR_TOO_LARGE. Real pages compress 3 to 17 times (the
 * 2,264 development pages at gzip's best: median 5, highest 16.9); a
 * decompression bomb, up to 1,032 times per layer. So a small hostile
 * file cannot make large pages for a batch to extract. */
#define PITH_WARC_MAX_EXPANSION 100
/* WARC and HTTP header blocks longer than this make the record malformed.
 * Real ones are under 4 KiB. */
#define PITH_WARC_MAX_HEADER_BYTES ((size_t)64 * 1024)

typedef struct pith_warc pith_warc;

/* Reads up to capacity bytes into buffer. Returns the count read, 0 at the
 * end of input, or -1 on an error (with errno set). */
typedef long (*pith_read_fn)(void *user, char *buffer, size_t capacity);

/* A reader over a file ("-" is standard input); *out is NULL on failure
 * (PITH_ERROR_IO with errno set, or PITH_ERROR_NOMEM). */
PITH_API pith_status pith_warc_open(const char *path, pith_warc **out);
/* A reader over any byte source. */
PITH_API pith_status pith_warc_new(pith_read_fn read, void *user, pith_warc **out);
PITH_API void pith_warc_free(pith_warc *warc);

/* One record. Strings are NUL-terminated, never NULL (empty when absent)
 * but charset, and belong to the reader until its next pith_warc_next. */
typedef struct pith_warc_record {
	/* PITH_OK, or why the record could not be read whole: PITH_ERROR_
	 * MALFORMED (bad headers, wrong Content-Length, truncated gzip, bytes
	 * that are not a record), PITH_ERROR_TOO_LARGE (a block over
	 * PITH_WARC_MAX_RECORD_BYTES, a payload over it or over
	 * PITH_WARC_MAX_EXPANSION), PITH_ERROR_IO. The fields below hold what
	 * could be read. */
	pith_status status;
	const char *error;         /* what was wrong, in English, or "" */
	unsigned long long offset; /* where the record (or its gzip member)
	                              starts in the file; with gzip over the
	                              whole file, the member holding it */
	const char *type;          /* WARC-Type: "response", "request", ... */
	const char *record_id;     /* WARC-Record-ID, e.g. "<urn:uuid:...>" */
	const char *target_uri;    /* WARC-Target-URI */
	const char *date;          /* WARC-Date */
	int http_status;           /* of an HTTP response record, else 0 */
	const char *content_type;  /* the HTTP Content-Type, else the WARC one */
	const char *charset;       /* the Content-Type's charset, or NULL */
	int is_html;               /* an HTTP response whose payload is HTML */
	/* An HTTP response's body, de-chunked and decoded from gzip or
	 * deflate Content-Encoding (left as it is when that fails); other
	 * records' whole block. Not NUL-terminated; empty when the status
	 * is not PITH_OK. */
	const char *payload;
	size_t payload_length;
	/* WARC-Truncated ("length", "time", "disconnect", "unspecified"):
	 * the crawler stored only part of the payload. "" when absent. */
	const char *truncated;
	/* PITH_WARC_DIGEST_*: what pith_warc_verify_digests found. */
	int digest_status;
} pith_warc_record;

enum {
	/* Not checked: verification off, an ARC record, no digest field, or
	 * only digests of other algorithms than SHA-1 and SHA-256. */
	PITH_WARC_DIGEST_NONE = 0,
	/* Every SHA-1 or SHA-256 digest the record gives matches. */
	PITH_WARC_DIGEST_OK = 1,
	/* One does not: the record's status is PITH_ERROR_MALFORMED, error
	 * names the field, and its payload is empty. */
	PITH_WARC_DIGEST_MISMATCH = 2,
};

/* With verify non-zero, each record's WARC-Block-Digest is checked against
 * its block and its WARC-Payload-Digest against its payload ("sha1:" or
 * "sha256:", base 32 or hex). The payload digest covers an HTTP
 * response's body as it was sent (content coding not undone); a body
 * stored chunked matches when either the stored bytes or the de-chunked
 * ones do, as crawlers differ. A revisit record's payload digest is the
 * original's and is not checked. Costs a SHA pass over every record. */
PITH_API void pith_warc_verify_digests(pith_warc *warc, int verify);

/* Reads the next record: 1 when *record holds one (check its status), 0 at
 * the end of the input. After a broken record the reader finds the next
 * good one, so one damaged record never costs the others. */
PITH_API int pith_warc_next(pith_warc *warc, pith_warc_record *record);

/* Counts since the reader was made. */
typedef struct pith_warc_stats {
	unsigned long long records;      /* every record returned, broken ones included */
	unsigned long long html_records; /* is_html records */
	unsigned long long malformed;    /* records whose status was not PITH_OK */
	unsigned long long bytes_read;   /* bytes taken from the source (compressed) */
} pith_warc_stats;
PITH_API void pith_warc_get_stats(const pith_warc *warc, pith_warc_stats *stats);

/* ---- Batches: WARC files in, one JSON line per HTML record out ----
 *
 * Each line holds "warc" (the input path), "input" (its position among the
 * inputs, from 0), "record" (the record's number in its file, from 0),
 * "offset", "record_id", "uri" (WARC-Target-URI),
 * "date" (WARC-Date), "http_status", then "encoding", "url" (the page's
 * canonical URL, or null), the metadata fields of pith --format json
 * ("title", "authors", ... "next_pages", and "comments" when asked),
 * "word_count", "simhash" and "text" (and options->format's member); or
 * "error" with the reason after "http_status", or with options->dedup
 * "duplicate_of" (docs/json-schema.md; pith_write_json_record writes
 * them). A record the crawler truncated has "truncated" (WARC-Truncated's
 * reason) after "http_status". Every HTML record
 * and every broken stretch of input gives exactly one line; lines are in
 * input order whatever the thread count. An input that could not be
 * opened gives one line, {"warc","input","error"}. */

typedef struct pith_batch_progress {
	unsigned long long records;       /* records read so far */
	unsigned long long lines_written; /* lines on the output file so far (they
	                                     are written in pieces of about 1 MiB) */
	unsigned long long bytes_read;    /* input bytes consumed */
	unsigned long long bytes_total;   /* the inputs' sizes, 0 when unknown */
} pith_batch_progress;

/* How to run a batch: start from PITH_BATCH_OPTIONS_INIT (see
 * pith_parse_options on size). */
typedef struct pith_batch_options {
	size_t size;               /* sizeof(pith_batch_options): PITH_BATCH_OPTIONS_INIT sets it */
	const char *const *inputs; /* WARC paths */
	size_t input_count;
	/* The output path; a ".gz" name is written as gzip (in members that
	 * each end whole, so an interrupted file stays readable). NULL or "-":
	 * standard output. */
	const char *output;
	unsigned threads; /* extraction threads; 0: one per CPU */
	/* Continue an interrupted run into the same output: keep its
	 * complete lines, drop a partial last one, and skip the records they
	 * cover. Every kept line must be from the input at its position in
	 * this run's inputs, in order, or the output is refused
	 * (PITH_ERROR_INVALID_ARGUMENT) and left as it was: the inputs must
	 * be the same list, in the same order, up to where the run stopped. */
	int resume;
	pith_favor favor;
	/* Called with cancel_user between records, from the batch's threads
	 * (one at a time); when it returns non-zero the run stops reading,
	 * writes every record already read, closes the output and returns
	 * PITH_ERROR_INTERRUPTED. May be NULL. A flag set from another thread
	 * or a signal handler is read race-free as a C11 atomic_int
	 * (lock-free, so a signal handler may store to it): the callback
	 * returns atomic_load(flag). */
	int (*cancel)(void *user);
	void *cancel_user;
	/* Called about ten times a second from the writing thread. May be
	 * NULL. */
	void (*progress)(void *user, const pith_batch_progress *progress);
	void *progress_user;
	int comments; /* non-zero: lines also hold the readers' comments */
	/* As pith_extract_options.languages: a page in another language
	 * gives the line {"warc",...,"http_status","skipped":"language",
	 * "language","language_detected","language_score"}. NULL: every page. */
	const char *languages;
	/* HTTP statuses whose pages are extracted: "200,304" or classes
	 * "2xx,3xx". Another page gives the line {"warc",...,"http_status",
	 * "skipped":"status"}. NULL: every status (the line's "http_status"
	 * tells an error page from a page). */
	const char *statuses;
	/* Media types whose responses are extracted, instead of the HTML ones
	 * ("text/html,application/xhtml+xml"), matched case-insensitively
	 * against the HTTP Content-Type (else the identified payload type).
	 * An HTML page whose type is not listed gives the line {...,
	 * "skipped":"mime","content_type"}; other records are skipped as
	 * non-HTML ones are. NULL: the HTML types. */
	const char *mime_types;
	/* Non-zero: each record's WARC digests are checked
	 * (pith_warc_verify_digests); a mismatch gives an error line. */
	int verify_digests;
	/* What a line holds beside "text": PITH_FORMAT_TEXT nothing more (the
	 * default), PITH_FORMAT_MARKDOWN a "markdown" member, PITH_FORMAT_HTML
	 * an "html" member, PITH_FORMAT_JSON a "document" member (the
	 * document model), each as pith_ctx_extract makes it. */
	pith_format format;
	int images; /* as pith_extract_options.images, for those formats */
	/* Non-zero: a page whose text is byte for byte that of a page on an
	 * earlier line of this run is not written again: its line is
	 * {"warc",...,"http_status","duplicate_of":{"input":I,"record":R}},
	 * the input and record of the first line with that text. Texts are
	 * told by a 128-bit hash, kept for at most PITH_BATCH_DEDUP_MAX_TEXTS
	 * distinct texts; a text first seen after that many is written and
	 * not remembered (its later repeats are written too). Pages with no
	 * text are never duplicates. With resume, the texts of the kept
	 * lines are not known: only repeats within this run are found. */
	int dedup;
} pith_batch_options;
#define PITH_BATCH_OPTIONS_INIT PITH_SIZED_INIT(pith_batch_options)

/* pith_batch_options.dedup remembers at most this many distinct texts, in
 * a table of 32 bytes a slot that doubles as it fills to half: 64 MiB at
 * this bound, under 1 MiB for a run of under 16,384 texts. A million
 * pages is some 30 Common Crawl WARC files. */
#define PITH_BATCH_DEDUP_MAX_TEXTS ((size_t)1 << 20)

/* Room for pith_batch_stats.error: a reason and the path it is about (a
 * longer message is cut). */
#define PITH_BATCH_ERROR_BYTES 1024

typedef struct pith_batch_stats {
	unsigned long long records;      /* WARC records read */
	unsigned long long html_records; /* HTML records, broken ones included */
	/* Lines written to the output by this run (a line cut by a write
	 * error is not one): */
	unsigned long long extracted;        /* lines with text (a duplicate's line,
	                                        options->dedup, is counted in no field) */
	unsigned long long failed;           /* lines with an error: broken records,
	                                        pages that would not extract, inputs
	                                        that would not open */
	unsigned long long language_skipped; /* lines of pages options->languages
	                                        left out */
	unsigned long long skipped;          /* whole records that are not HTML
	                                        (nor of options->mime_types) */
	unsigned long long resumed;          /* lines kept from an earlier run */
	unsigned long long bytes_read;       /* input bytes consumed */
	unsigned long long inputs_failed;    /* inputs not read as WARC files */
	/* Why the run did not return PITH_OK, in English with the path and
	 * the system's reason ("cannot write out.jsonl: No space left on
	 * device"); "" when it did. */
	char error[PITH_BATCH_ERROR_BYTES];
	/* Lines of pages options->statuses or options->mime_types left out
	 * (last: added after error). */
	unsigned long long filtered;
} pith_batch_stats;

/* Runs a batch. The output file is locked while the batch writes it
 * (flock), so a second batch on the same file fails at once. Returns
 * PITH_OK when every input was read to its end as a WARC file (bad
 * records are lines, not failures); PITH_ERROR_IO when an input could not
 * be opened or read, or the output could not be opened, locked or
 * written (nothing is written after a failed write); PITH_ERROR_MALFORMED
 * when an input held no WARC record, every record of it malformed (a
 * page, junk); PITH_ERROR_INVALID_ARGUMENT when --resume refused the
 * output (lines of an input at another position, or out of order);
 * PITH_ERROR_INTERRUPTED; or PITH_ERROR_NOMEM. An input that could not be
 * read has its error line and the others are still read. stats->error
 * says why. stats may be NULL. */
PITH_API pith_status pith_batch_run(const pith_batch_options *options, pith_batch_stats *stats);

#ifdef __cplusplus
}
#endif

#endif
