/* The pipeline: calls the stages in order. Stages never call sideways;
 * everything that crosses a stage boundary passes through here. */
#include "pith.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "base/struct_size.h"
#include "base/text_hash.h"
#include "decode/decode.h"
#include "document/document.h"
#include "dom/dom.h"
#include "extract/extract.h"
#include "html/parser.h"
#include "metadata/metadata.h"
#include "render/render.h"

struct pith_ctx {
	pith_decoder *decoder;
	pith_html_parser *parser;
	pith_dom dom;
	pith_extractor *extractor;
	pith_metadata_reader *metadata;
	pith_document document; /* built only for structured formats */
	pith_buffer text;       /* the main content as text: every format needs it */
	pith_buffer output;     /* the Markdown or HTML rendering */
	pith_buffer document_json;
	/* A page's declared article body as a page of its own, and its tree
	 * (extract_declared_body). */
	pith_buffer body_page;
	pith_dom body_dom;
	char *url; /* the last extract's options->url, copied */
	const char *encoding;
	bool is_fragment;   /* the last page was parsed as a fragment */
	pith_result result; /* the last extract's, which pith_ctx_extract lends */
};

const char *pith_strerror(pith_status status)
{
	switch (status) {
	case PITH_OK:
		return "success";
	case PITH_ERROR_NOMEM:
		return "out of memory";
	case PITH_ERROR_TOO_LARGE:
		return "input is larger than PITH_MAX_INPUT_BYTES";
	case PITH_ERROR_INVALID_ARGUMENT:
		return "invalid argument";
	case PITH_ERROR_NOT_HTML:
		return "not an HTML page (empty, binary, or no markup)";
	case PITH_ERROR_IO:
		return "input or output failed";
	case PITH_ERROR_MALFORMED:
		return "malformed WARC record or gzip data";
	case PITH_ERROR_INTERRUPTED:
		return "interrupted before the end";
	}
	return "unknown status";
}

unsigned pith_version_number(void)
{
	return PITH_VERSION_NUMBER;
}

const char *pith_version_string(void)
{
	return PITH_VERSION_STRING;
}

const char *pith_page_type_name(pith_page_type type)
{
	static const char *const names[PITH_PAGE_TYPES] = {
	    [PITH_PAGE_TYPE_UNKNOWN] = "unknown",
	    [PITH_PAGE_TYPE_ARTICLE] = "article",
	    [PITH_PAGE_TYPE_FORUM] = "forum",
	    [PITH_PAGE_TYPE_PRODUCT] = "product",
	    [PITH_PAGE_TYPE_COLLECTION] = "collection",
	    [PITH_PAGE_TYPE_LISTING] = "listing",
	    [PITH_PAGE_TYPE_DOCUMENTATION] = "documentation",
	    [PITH_PAGE_TYPE_SERVICE] = "service",
	};
	return (unsigned)type < PITH_PAGE_TYPES ? names[type] : names[PITH_PAGE_TYPE_UNKNOWN];
}

pith_ctx *pith_ctx_new(void)
{
	pith_ctx *ctx = calloc(1, sizeof *ctx);
	if (!ctx)
		return NULL;
	pith_dom_init(&ctx->dom);
	pith_dom_init(&ctx->body_dom);
	ctx->decoder = pith_decoder_new();
	ctx->parser = pith_html_parser_new();
	ctx->extractor = pith_extractor_new();
	ctx->metadata = pith_metadata_reader_new();
	if (!ctx->decoder || !ctx->parser || !ctx->extractor || !ctx->metadata) {
		pith_ctx_free(ctx);
		return NULL;
	}
	pith_html_parser_set_noscript_bounds(ctx->parser, true);
	ctx->encoding = "UTF-8";
	return ctx;
}

void pith_ctx_free(pith_ctx *ctx)
{
	if (!ctx)
		return;
	pith_decoder_free(ctx->decoder);
	pith_html_parser_free(ctx->parser);
	pith_extractor_free(ctx->extractor);
	pith_metadata_reader_free(ctx->metadata);
	pith_document_release(&ctx->document);
	pith_buffer_free(&ctx->text);
	pith_buffer_free(&ctx->output);
	pith_buffer_free(&ctx->document_json);
	pith_buffer_free(&ctx->body_page);
	free(ctx->url);
	pith_dom_release(&ctx->dom);
	pith_dom_release(&ctx->body_dom);
	free(ctx);
}

/* The caller's parse options, or the defaults for NULL, into *to. */
static pith_status read_parse_options(const pith_parse_options *from, pith_parse_options *to)
{
	*to = (pith_parse_options)PITH_PARSE_OPTIONS_INIT;
	if (!from)
		return PITH_OK;
	if (!PITH_STRUCT_SIZE_VALID(pith_parse_options, from, charset))
		return PITH_ERROR_INVALID_ARGUMENT;
	PITH_STRUCT_COPY_FIELD(pith_parse_options, to, from, charset);
	PITH_STRUCT_COPY_FIELD(pith_parse_options, to, from, fragment_context);
	return PITH_OK;
}

/* The caller's extract options, or the defaults for NULL, into *to. */
static pith_status read_extract_options(const pith_extract_options *from, pith_extract_options *to)
{
	*to = (pith_extract_options)PITH_EXTRACT_OPTIONS_INIT;
	if (!from)
		return PITH_OK;
	if (!PITH_STRUCT_SIZE_VALID(pith_extract_options, from, url))
		return PITH_ERROR_INVALID_ARGUMENT;
	PITH_STRUCT_COPY_FIELD(pith_extract_options, to, from, url);
	PITH_STRUCT_COPY_FIELD(pith_extract_options, to, from, charset);
	PITH_STRUCT_COPY_FIELD(pith_extract_options, to, from, favor);
	PITH_STRUCT_COPY_FIELD(pith_extract_options, to, from, comments);
	PITH_STRUCT_COPY_FIELD(pith_extract_options, to, from, format);
	PITH_STRUCT_COPY_FIELD(pith_extract_options, to, from, images);
	PITH_STRUCT_COPY_FIELD(pith_extract_options, to, from, languages);
	PITH_STRUCT_COPY_FIELD(pith_extract_options, to, from, page_type);
	return PITH_OK;
}

pith_status pith_ctx_parse(pith_ctx *ctx, const char *bytes, size_t length,
                           const pith_parse_options *caller_options)
{
	if (!ctx || (!bytes && length))
		return PITH_ERROR_INVALID_ARGUMENT;
	/* The old tree borrows from the decoder's buffer, which decoding is
	 * about to overwrite: empty it first, so a failure leaves no tree
	 * pointing at freed text. */
	pith_dom_reset(&ctx->dom);
	if (length > PITH_MAX_INPUT_BYTES)
		return PITH_ERROR_TOO_LARGE;
	pith_parse_options parse_options;
	if (read_parse_options(caller_options, &parse_options) != PITH_OK)
		return PITH_ERROR_INVALID_ARGUMENT;
	const pith_parse_options *options = &parse_options;

	const char *utf8;
	size_t utf8_length;
	pith_status status = pith_decode(ctx->decoder, bytes ? bytes : "", length, options->charset,
	                                 &utf8, &utf8_length, &ctx->encoding);
	if (status != PITH_OK)
		return status;
	ctx->is_fragment = options->fragment_context != NULL;
	/* On failure the parser leaves the tree empty itself. */
	return pith_html_parse(ctx->parser, &ctx->dom, utf8, utf8_length,
	                       options->fragment_context);
}

const char *pith_ctx_encoding(const pith_ctx *ctx)
{
	return ctx->encoding;
}

int pith_ctx_dump_tree(const pith_ctx *ctx, pith_write_fn write, void *user)
{
	if (ctx->dom.node_count == 0)
		return 0;
	/* A fragment's nodes are the children of the <html> element that the
	 * fragment algorithm puts under the document. */
	pith_node_id root = ctx->is_fragment ? ctx->dom.nodes[0].first_child : 0;
	return pith_dom_dump(&ctx->dom, root, write, user);
}

void pith_ctx_walk_tree(const pith_ctx *ctx, pith_tree_stats *stats)
{
	const pith_dom *dom = &ctx->dom;
	pith_tree_stats s = {0};
	if (dom->node_count == 0) {
		*stats = s;
		return;
	}
	/* Iterative pre-order walk over the links: down to the first child,
	 * else to the next sibling, else up until an ancestor has one. */
	pith_node_id id = 0;
	size_t depth = 0;
	for (;;) {
		const pith_node *node = &dom->nodes[id];
		s.nodes++;
		if (node->type == PITH_NODE_ELEMENT)
			s.elements++;
		else if (node->type == PITH_NODE_TEXT)
			s.text_bytes += node->text_len;
		if (depth > s.max_depth)
			s.max_depth = depth;
		if (node->first_child) {
			id = node->first_child;
			depth++;
			continue;
		}
		while (id != 0 && !dom->nodes[id].next_sibling) {
			id = dom->nodes[id].parent;
			depth--;
		}
		if (id == 0)
			break;
		id = dom->nodes[id].next_sibling;
	}
	*stats = s;
}

size_t pith_ctx_memory(const pith_ctx *ctx)
{
	const pith_dom *dom = &ctx->dom;
	return sizeof *ctx + dom->arena.total + (size_t)dom->node_capacity * sizeof(pith_node) +
	       (size_t)dom->attr_capacity * sizeof(pith_attr) + pith_decoder_memory(ctx->decoder) +
	       pith_html_parser_memory(ctx->parser) + pith_extractor_memory(ctx->extractor) +
	       pith_metadata_reader_memory(ctx->metadata) + pith_document_memory(&ctx->document) +
	       ctx->text.capacity + ctx->output.capacity + ctx->document_json.capacity;
}

/* Is this an HTML page at all? Refuses what would give empty or garbage
 * text without saying so: empty input, the signatures of common binary
 * formats, input whose first KiB is more than 5% NUL or other control
 * bytes, and input with no tag anywhere. No text encoding pith decodes
 * uses control bytes (UTF-16 pages start with a BOM), but pages do carry
 * a few: ad servers' comments separate their fields with \x02, 1.7% of a
 * news page's first KiB. Random bytes, what a compressed or encrypted
 * file looks like, are 27 in 256 of them, 10.5%, a deviation of 1% over
 * a KiB, so 5% is far from both. */
static bool looks_like_html(const char *bytes, size_t length)
{
	static const struct {
		const char *magic;
		size_t length;
	} binary[] = {
	    {"\211PNG", 4}, {"GIF8", 4},    {"\377\330\377", 3}, {"%PDF", 4},
	    {"PK\3\4", 4},  {"\37\213", 2}, {"BZh", 3},          {"\3757zXZ", 5},
	    {"\177ELF", 4}, {"RIFF", 4},    {"\0\0\0", 3},
	};
	if (length == 0)
		return false;
	for (size_t i = 0; i < sizeof binary / sizeof *binary; i++)
		if (length >= binary[i].length &&
		    memcmp(bytes, binary[i].magic, binary[i].length) == 0)
			return false;
	bool utf16 =
	    length >= 2 && ((unsigned char)bytes[0] == 0xFE || (unsigned char)bytes[0] == 0xFF);
	if (utf16)
		return true;
	size_t head = length < 1024 ? length : 1024, controls = 0;
	for (size_t i = 0; i < head; i++) {
		unsigned char c = (unsigned char)bytes[i];
		if (c < 0x20 && c != '\t' && c != '\n' && c != '\r' && c != '\f' && c != 0x1b)
			controls++;
	}
	if (controls * 100 > head * 5) /* more than 5%: not text */
		return false;
	for (const char *p = bytes; (p = memchr(p, '<', (size_t)(bytes + length - p)));) {
		if (++p == bytes + length)
			break;
		char c = *p | 0x20;
		if ((c >= 'a' && c <= 'z') || *p == '!' || *p == '/')
			return true;
	}
	return false;
}

static void set_empty(pith_result *result, pith_status status, const char *encoding)
{
	*result = (pith_result){status, "", 0, "", 0, "", encoding, NULL, "", 0, 0, "", 0, 0, 0};
}

/* What one huge page grew the output buffers to is given back at the next
 * page, past this size, as the stages do with theirs. */
#define OUTPUT_RETAIN_BYTES ((size_t)16 * 1024 * 1024)

/* Writes the structured format into ctx->output (and, for JSON, the
 * model's JSON into ctx->document_json); the text is written before, for
 * every format, since metadata reads it. */
static pith_status render_structured(pith_ctx *ctx, const pith_extract_options *options,
                                     const pith_extraction *content, const pith_dom *dom,
                                     size_t page_bytes)
{
	pith_buffer_clear(&ctx->output, OUTPUT_RETAIN_BYTES);
	pith_buffer_clear(&ctx->document_json, OUTPUT_RETAIN_BYTES);
	if (options->format == PITH_FORMAT_TEXT)
		return PITH_OK;
	/* Links resolve against the base metadata's URLs resolve against. */
	pith_status status =
	    pith_document_build(&ctx->document, content, dom, pith_metadata_base_url(ctx->metadata),
	                        options->images != 0, page_bytes);
	if (status != PITH_OK)
		return status;
	bool ok;
	switch (options->format) {
	case PITH_FORMAT_MARKDOWN:
		ok = pith_render_markdown(&ctx->document, &ctx->output);
		break;
	case PITH_FORMAT_HTML:
		ok = pith_render_html(&ctx->document, &ctx->output);
		break;
	default: /* JSON: the text, and the model beside it */
		ok = pith_render_json(&ctx->document, &ctx->document_json);
		break;
	}
	return ok ? PITH_OK : PITH_ERROR_NOMEM;
}

/* A declared article body shorter than this is no article (a summary). */
#define DECLARED_BODY_MIN_BYTES 500

/* Does the declared body hold markup ("<p>", "<br>", an end tag)? */
static bool holds_markup(const char *s, size_t n)
{
	for (const char *p = memchr(s, '<', n); p;
	     p = memchr(p + 1, '<', n - (size_t)(p + 1 - s))) {
		size_t left = n - (size_t)(p - s);
		if (left >= 2 &&
		    (p[1] == '/' ||
		     ((p[1] | 0x20) == 'p' && left >= 3 && (p[2] == '>' || p[2] == ' ')) ||
		     (left >= 3 && (p[1] | 0x20) == 'b' && (p[2] | 0x20) == 'r')))
			return true;
	}
	return false;
}

/* A page that shows a fraction of the article its JSON-LD declares (a
 * paywall's teaser, a page its scripts fill): when the page is an
 * article and its one declared articleBody holds DECLARED_BODY_MIN_BYTES
 * and twice the extracted text, that body is the main content: made a
 * page of its own (its lines paragraphs, or its markup as written),
 * parsed and extracted as an article. The metadata stays the page's.
 * docs/DESIGN.md, "A declared article body". */
static pith_status extract_declared_body(pith_ctx *ctx, const pith_extract_options *options,
                                         pith_extraction *content, const pith_dom **dom)
{
	size_t n;
	const char *body = pith_metadata_article_body(ctx->metadata, &n);
	if (!body || n < DECLARED_BODY_MIN_BYTES || n < 2 * ctx->text.length ||
	    content->page_type != PITH_PAGE_TYPE_ARTICLE)
		return PITH_OK;
	pith_buffer *page = &ctx->body_page;
	pith_buffer_clear(page, OUTPUT_RETAIN_BYTES);
	bool ok = pith_buffer_append_string(page, "<!DOCTYPE html><html><body><article>");
	if (holds_markup(body, n)) {
		ok = ok && pith_buffer_append(page, body, n);
	} else {
		for (size_t i = 0; ok && i < n;) {
			const char *line = body + i;
			const char *newline = memchr(line, '\n', n - i);
			size_t length = newline ? (size_t)(newline - line) : n - i;
			i += length + 1;
			ok = pith_buffer_append_string(page, "<p>") &&
			     pith_render_html_escaped(page, line, length, false) &&
			     pith_buffer_append_string(page, "</p>");
		}
	}
	ok = ok && pith_buffer_append_string(page, "</article></body></html>");
	if (!ok)
		return PITH_ERROR_NOMEM;
	pith_status status =
	    pith_html_parse(ctx->parser, &ctx->body_dom, page->data, page->length, NULL);
	if (status == PITH_OK)
		status = pith_extract_content(ctx->extractor, &ctx->body_dom, options->favor,
		                              options->format != PITH_FORMAT_TEXT,
		                              PITH_PAGE_TYPE_ARTICLE, content);
	if (status != PITH_OK)
		return status;
	pith_buffer_clear(&ctx->text, OUTPUT_RETAIN_BYTES);
	if (!pith_render_text(content, &ctx->text))
		return PITH_ERROR_NOMEM;
	*dom = &ctx->body_dom;
	return PITH_OK;
}

/* Extracts one page into *result, whose strings are the context's. */
static pith_status extract_page(pith_ctx *ctx, const char *bytes, size_t length,
                                const pith_extract_options *caller_options, pith_result *result)
{
	set_empty(result, PITH_ERROR_INVALID_ARGUMENT, "");
	pith_extract_options extract_options;
	if ((!bytes && length) || read_extract_options(caller_options, &extract_options) != PITH_OK)
		return PITH_ERROR_INVALID_ARGUMENT;
	const pith_extract_options *options = &extract_options;
	if (options->favor != PITH_FAVOR_BALANCED && options->favor != PITH_FAVOR_PRECISION &&
	    options->favor != PITH_FAVOR_RECALL)
		return PITH_ERROR_INVALID_ARGUMENT;
	if (options->format != PITH_FORMAT_TEXT && options->format != PITH_FORMAT_MARKDOWN &&
	    options->format != PITH_FORMAT_JSON && options->format != PITH_FORMAT_HTML)
		return PITH_ERROR_INVALID_ARGUMENT;
	if (options->languages && pith_languages_match(options->languages, "") < 0)
		return PITH_ERROR_INVALID_ARGUMENT;
	if ((unsigned)options->page_type >= PITH_PAGE_TYPES)
		return PITH_ERROR_INVALID_ARGUMENT;
	/* Copied before the old copy is freed: options->url may be the last
	 * result's url. */
	char *url = NULL;
	if (options->url && !(url = strdup(options->url))) {
		result->status = PITH_ERROR_NOMEM;
		return result->status;
	}
	free(ctx->url);
	ctx->url = url;

	pith_status status = PITH_OK;
	if (length > PITH_MAX_INPUT_BYTES)
		status = PITH_ERROR_TOO_LARGE;
	else if (!looks_like_html(bytes, length))
		status = PITH_ERROR_NOT_HTML;
	if (status != PITH_OK) {
		pith_dom_reset(&ctx->dom); /* no tree is left from an earlier page */
	} else {
		pith_parse_options parse = PITH_PARSE_OPTIONS_INIT;
		parse.charset = options->charset;
		status = pith_ctx_parse(ctx, bytes, length, &parse);
	}
	pith_extraction content;
	bool structured = options->format != PITH_FORMAT_TEXT;
	if (status == PITH_OK)
		status = pith_extract_content(ctx->extractor, &ctx->dom, options->favor, structured,
		                              options->page_type, &content);
	if (status == PITH_OK) {
		pith_buffer_clear(&ctx->text, OUTPUT_RETAIN_BYTES);
		if (!pith_render_text(&content, &ctx->text))
			status = PITH_ERROR_NOMEM;
	}
	const pith_metadata *metadata = NULL;
	if (status == PITH_OK) {
		pith_metadata_input input = {
		    .dom = &ctx->dom,
		    .page_url = ctx->url,
		    .extraction = &content,
		    .text = ctx->text.data ? ctx->text.data : "",
		    .text_length = ctx->text.length,
		    .comments = options->comments != 0,
		};
		status = pith_metadata_read(ctx->metadata, &input, &metadata);
	}
	/* A page in a language not asked for is left out before its
	 * structured output is made: only its metadata says what it was. */
	bool skipped = status == PITH_OK && options->languages &&
	               !pith_languages_match(options->languages, metadata->language_detected);
	const pith_dom *content_dom = &ctx->dom;
	pith_dom_reset(&ctx->body_dom);
	if (status == PITH_OK && !skipped)
		status = extract_declared_body(ctx, options, &content, &content_dom);
	if (status == PITH_OK && !skipped)
		status = render_structured(ctx, options, &content, content_dom, length);
	set_empty(result, status, ctx->encoding);
	if (status != PITH_OK)
		return status;
	result->url = ctx->url ? ctx->url : "";
	result->title = metadata->title;
	result->title_length = strlen(metadata->title);
	result->metadata = metadata;
	if (skipped) {
		result->skipped = 1;
		return PITH_OK;
	}
	const pith_buffer *text =
	    structured && options->format != PITH_FORMAT_JSON ? &ctx->output : &ctx->text;
	result->text = text->data ? text->data : "";
	result->text_length = text->length;
	result->plain_text = ctx->text.data ? ctx->text.data : "";
	result->plain_text_length = ctx->text.length;
	pith_text_signals signals = pith_text_signals_of(result->plain_text, ctx->text.length);
	result->word_count = signals.word_count;
	result->simhash = signals.simhash;
	if (options->format == PITH_FORMAT_JSON) {
		result->document = ctx->document_json.data;
		result->document_length = ctx->document_json.length;
	}
	return PITH_OK;
}

const pith_result *pith_ctx_extract(pith_ctx *ctx, const char *bytes, size_t length,
                                    const pith_extract_options *options)
{
	/* No context, no memory to hold a result in: a static one says so. */
	static const pith_result no_context = {
	    PITH_ERROR_INVALID_ARGUMENT, "", 0, "", 0, "", "", NULL, "", 0, 0, "", 0, 0, 0};
	if (!ctx)
		return &no_context;
	extract_page(ctx, bytes, length, options, &ctx->result);
	return &ctx->result;
}

/* Copies a result's strings and metadata into one allocation, in two
 * passes over the same code: the first (block NULL) counts the bytes. */
typedef struct result_copier {
	char *block; /* NULL: counting */
	size_t used;
} result_copier;

static void *copier_take(result_copier *copier, size_t size)
{
	void *at = copier->block ? copier->block + copier->used : NULL;
	copier->used += size;
	return at;
}

static const char *copy_string(result_copier *copier, const char *s, size_t length)
{
	char *at = copier_take(copier, length + 1);
	return at ? memcpy(at, s, length + 1) : s;
}

/* The strings of a list into copy, an array taken before any string. */
static const char *const *copy_list(result_copier *copier, const char **copy,
                                    const char *const *items, size_t count)
{
	for (size_t i = 0; i < count; i++) {
		const char *item = copy_string(copier, items[i], strlen(items[i]));
		if (copy)
			copy[i] = item;
	}
	return copy ? copy : items;
}

/* The result, its metadata, the metadata's arrays and then every string,
 * so that the structs and pointer arrays stay aligned: strings come after
 * all of them. Returns the copy (NULL while counting). */
static pith_result *copy_result(result_copier *copier, const pith_result *from)
{
	const pith_metadata *m = from->metadata;
	pith_result *to = copier_take(copier, sizeof *to);
	pith_metadata *mc = copier_take(copier, sizeof *mc);
	pith_comment *comments = copier_take(copier, m->comment_count * sizeof *comments);
	const char **authors = copier_take(copier, m->author_count * sizeof *authors);
	const char **tags = copier_take(copier, m->tag_count * sizeof *tags);
	const char **next_pages = copier_take(copier, m->next_page_count * sizeof *next_pages);
	pith_metadata copy = *m;
	copy.authors = copy_list(copier, authors, m->authors, m->author_count);
	copy.tags = copy_list(copier, tags, m->tags, m->tag_count);
	copy.next_pages = copy_list(copier, next_pages, m->next_pages, m->next_page_count);
	const char **fields[] = {
	    &copy.title,   &copy.date_published,   &copy.date_modified, &copy.site_name,
	    &copy.url,     &copy.description,      &copy.language,      &copy.image,
	    &copy.license, &copy.language_detected};
	for (size_t i = 0; i < sizeof fields / sizeof *fields; i++)
		*fields[i] = copy_string(copier, *fields[i], strlen(*fields[i]));
	for (size_t i = 0; i < m->comment_count; i++) {
		const pith_comment *c = &m->comments[i];
		pith_comment cc = {copy_string(copier, c->author, strlen(c->author)),
		                   copy_string(copier, c->date, strlen(c->date)),
		                   copy_string(copier, c->text, strlen(c->text))};
		if (comments)
			comments[i] = cc;
	}
	if (comments)
		copy.comments = comments;
	pith_result result = *from;
	result.text = copy_string(copier, from->text, from->text_length);
	result.plain_text = copy_string(copier, from->plain_text, from->plain_text_length);
	result.url = copy_string(copier, from->url, strlen(from->url));
	result.document = copy_string(copier, from->document, from->document_length);
	result.title = copy.title;
	if (!to)
		return NULL;
	*mc = copy;
	result.metadata = mc;
	*to = result;
	return to;
}

pith_status pith_extract(const char *bytes, size_t length, const pith_extract_options *options,
                         pith_result **out)
{
	if (!out)
		return PITH_ERROR_INVALID_ARGUMENT;
	*out = NULL;
	pith_ctx *ctx = pith_ctx_new();
	if (!ctx)
		return PITH_ERROR_NOMEM;
	pith_status status = extract_page(ctx, bytes, length, options, &ctx->result);
	/* One allocation holds everything, the result at its start, which
	 * pith_result_free releases. The encoding names are static strings
	 * of the decoder. */
	result_copier counter = {NULL, 0};
	if (status == PITH_OK)
		copy_result(&counter, &ctx->result);
	result_copier copier = {status == PITH_OK ? malloc(counter.used) : NULL, 0};
	if (status == PITH_OK && !copier.block)
		status = PITH_ERROR_NOMEM;
	if (status == PITH_OK)
		*out = copy_result(&copier, &ctx->result);
	pith_ctx_free(ctx);
	return status;
}

void pith_result_free(pith_result *result)
{
	free(result);
}
