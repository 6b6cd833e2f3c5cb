/* The pipeline: calls the stages in order. Stages never call sideways;
 * everything that crosses a stage boundary passes through here. */
#include "pith.h"

#include <stdbool.h>
#include <stdlib.h>

#include "decode/decode.h"
#include "dom/dom.h"
#include "html/parser.h"

struct pith_ctx {
	pith_decoder *decoder;
	pith_html_parser *parser;
	pith_dom dom;
	const char *encoding;
	bool is_fragment; /* the last page was parsed as a fragment */
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
	}
	return "unknown status";
}

pith_ctx *pith_ctx_new(void)
{
	pith_ctx *ctx = calloc(1, sizeof *ctx);
	if (!ctx)
		return NULL;
	pith_dom_init(&ctx->dom);
	ctx->decoder = pith_decoder_new();
	ctx->parser = pith_html_parser_new();
	if (!ctx->decoder || !ctx->parser) {
		pith_ctx_free(ctx);
		return NULL;
	}
	ctx->encoding = "UTF-8";
	return ctx;
}

void pith_ctx_free(pith_ctx *ctx)
{
	if (!ctx)
		return;
	pith_decoder_free(ctx->decoder);
	pith_html_parser_free(ctx->parser);
	pith_dom_release(&ctx->dom);
	free(ctx);
}

pith_status pith_ctx_parse(pith_ctx *ctx, const char *bytes, size_t length,
                           const pith_parse_options *options)
{
	if (!ctx || (!bytes && length))
		return PITH_ERROR_INVALID_ARGUMENT;
	/* The old tree borrows from the decoder's buffer, which decoding is
	 * about to overwrite: empty it first, so a failure leaves no tree
	 * pointing at freed text. */
	pith_dom_reset(&ctx->dom);
	if (length > PITH_MAX_INPUT_BYTES)
		return PITH_ERROR_TOO_LARGE;
	static const pith_parse_options defaults = PITH_PARSE_OPTIONS_INIT;
	if (!options)
		options = &defaults;

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
	       pith_html_parser_memory(ctx->parser);
}
