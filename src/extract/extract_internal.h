/* What the extraction steps share: the blocks and per-element figures that
 * segment.c measures and extract.c decides on. Its working memory: only
 * src/extract/ and the development tools (tools/explain.c,
 * tools/dump_blocks.c, tests/test_extract_spec.c) read it; the writers read
 * the product, pith_extraction (extract.h), and tests/layering.sh holds
 * them to it. */
#ifndef PITH_EXTRACT_INTERNAL_H
#define PITH_EXTRACT_INTERNAL_H

/* Number of boilerplate words in class names (segment.c); fewer than 128,
 * as word numbers are bits of two 64-bit masks (segment.c,
 * WORD_SET_WORDS), and fewer than 256, a uint8_t's. */
#define PITH_BOILERPLATE_WORDS 62
/* The number of the word "comment" (the first of boilerplate_words). */
#define PITH_WORD_COMMENT 1
/* The numbers of "teaser", the first of the words that are boilerplate
 * on some page types only ("teaser", "gallery" and "slider" in an
 * article, "review" on a product's page: extract.c,
 * is_boilerplate_for_type), weaker than the others (segment.c,
 * is_weak_word), and of "review", the last. */
#define PITH_WORD_TEASER 59
#define PITH_WORD_REVIEW 62

/* Number of the page's measurements that tell its type (page_type.c). */
#define PITH_PAGE_FEATURES 182

#include <stdbool.h>
#include <stdint.h>

#include "../base/buffer.h"
#include "extract.h"
#include "tuning.h"

/* Whether a boilerplate word names other pages' stories: related,
 * recommend, trending, popular (segment.c's table says which). */
bool pith_word_names_other_pages(unsigned word);

/* Whether a boilerplate word is "signature": a forum poster's line under
 * each post (segment.c knows its number once a page has been walked). */
bool pith_word_is_signature(unsigned word);

/* Whether a boilerplate word names what a service page pitches: a
 * promotion, a banner, a call to action (segment.c's table says which). */
bool pith_word_is_pitch(unsigned word);

/* Whether a boilerplate word is "header": a page's banner, or one of
 * its parts' headers (extract.c, is_part_header; segment.c knows its
 * number once a page has been walked). */
bool pith_word_is_header(unsigned word);

/* "teaser" and the words after it (PITH_WORD_TEASER, above). */
static inline bool pith_word_for_some_types(unsigned word)
{
	return word >= PITH_WORD_TEASER;
}

/* Why a block is not in the output. */
typedef enum pith_drop_reason {
	PITH_KEPT = 0,
	PITH_DROP_OUTSIDE,     /* outside the chosen region */
	PITH_DROP_BOILERPLATE, /* inside an element named as boilerplate */
	PITH_DROP_LINK_LIST,   /* in a list of links */
	PITH_DROP_LINKS,       /* mostly link text */
	PITH_DROP_PAGER,       /* page numbers */
	PITH_DROP_HEADLINE,    /* the title, reported as a field */
	PITH_DROP_REPEAT,      /* the same text was kept before */
	PITH_DROP_TEASER,      /* the start of another block */
	PITH_DROP_ORPHAN,      /* a heading with nothing kept under it */
	PITH_DROP_DATELINE,    /* a date and time, and little else */
	PITH_DROP_LABEL,       /* a label of the page's furniture (labels.c) */
	PITH_DROP_FRAGMENT,    /* short text that is not prose (--favor precision) */
	PITH_DROP_CAPTION,     /* an image's caption (--favor precision) */
	PITH_DROP_FRAME,       /* beside the article's core or its parts */
	PITH_DROP_CARD_LIST,   /* teasers of other pages after an article */
	PITH_DROP_GALLERY,     /* a gallery's slides inside an article */
	PITH_DROP_FORM,        /* a small box with a form field inside an article */
	PITH_DROP_COUNT,       /* a number alone on a forum: votes, posts, views */
	PITH_DROP_REASONS
} pith_drop_reason;

/* "keep", "outside", "boilerplate", "link-list", ...: what tools/explain.c
 * prints and tests/spec/extract.md names. */
extern const char *const pith_drop_reason_names[PITH_DROP_REASONS];

/* A run of text between block-level boundaries: a paragraph, a heading, a
 * list item, a table cell, or loose text between such elements. Counts are
 * in characters (code points), spaces excluded. */
typedef struct pith_block {
	uint32_t text_start, text_length; /* bytes in pith_extractor.text */
	uint32_t chars, link_chars;       /* all text; the part inside links */
	uint32_t words, number_words;     /* words; words that are all digits */
	uint32_t punctuation;             /* sentence punctuation marks */
	pith_node_id owner;               /* the innermost element around it */
	pith_node_id list_owner;          /* the ul/ol of a list item, or 0 */
	pith_node_id row, table;          /* the tr and table of a cell, or 0 */
	uint16_t column;                  /* a cell's place in its row, from 0 */
	bool in_layout_table;             /* its table lays out the page (keep_table_cells) */
	int32_t item_number;              /* position in an ordered list, or 0 */
	uint8_t heading_level;            /* 1-6, or 0 */
	uint8_t dropped;                  /* pith_drop_reason */
	bool disclosed;                   /* in a panel a reader opens (segment.c) */
} pith_block;

/* Whether b's text outside links is prose by test (tuning.h). */
static inline bool pith_is_prose(const pith_block *b, const pith_prose_test *test)
{
	uint32_t outside_links = b->chars - b->link_chars;
	return outside_links >= test->long_chars ||
	       (outside_links >= test->sentence_chars && b->punctuation >= test->punctuation);
}

/* What an element's tag, role, class or id say it is. */
typedef enum pith_evidence {
	PITH_EVIDENCE_INVISIBLE = -3, /* inline visibility:hidden */
	PITH_EVIDENCE_LANDMARK = -2,  /* <header>, <footer>, <aside> or such a role */
	PITH_EVIDENCE_NAMED = -1,     /* class or id name boilerplate ("share-bar") */
	PITH_EVIDENCE_NONE = 0,
	PITH_EVIDENCE_CONTENT = 1, /* <article>, <main>, "entry-content"... */
} pith_evidence;

/* Per node (indexed by node id); zero for text and skipped nodes. */
typedef struct pith_element_info {
	/* Blocks [block_begin, block_end) lie inside the element. */
	uint32_t block_begin, block_end;
	/* Sum of the values of its blocks: positive means more prose than
	 * noise. Segmenting sums the blocks that are its own (own_score: a
	 * block is owned by the element open when it ends, a <p>'s by the
	 * element around it); extract.c's total_scores adds the children's
	 * to make score, where a boilerplate child counts against its parent
	 * with all its text. */
	double own_score, score;
	/* Characters outside links in prose blocks, and all characters and
	 * link characters, of the blocks that end inside it (a <p>'s own
	 * text included; an inline element's text is its block's), summed
	 * by segmenting. */
	double prose;
	uint32_t chars, link_chars;
	int8_t evidence;        /* pith_evidence */
	uint8_t named_word;     /* with PITH_EVIDENCE_NAMED: which word (segment.c) */
	bool heads_other_pages; /* a heading named for other pages' stories (segment.c) */
	bool is_boilerplate;    /* its evidence holds (extract.c) */
	bool in_boilerplate;    /* it or an ancestor is boilerplate */
	/* It holds a checkbox, a radio button or an e-mail field (segment.c:
	 * form controls are never blocks, so nothing else tells); an e-mail
	 * field, a sign-up's (is_sign_up). Bits: as bytes they made the
	 * struct 56 bytes, not 48, and 0.5% more instructions. */
	bool holds_field : 1, holds_email_field : 1;
	bool is_main; /* <main> or role=main, not inside another (segment.c) */
	/* A <header> or <footer> inside an <article>: the article's own (a
	 * card's title and summary), not the page's banner or contentinfo,
	 * as HTML-AAM scopes those roles (segment.c). */
	bool article_landmark;
} pith_element_info;

struct pith_extractor {
	pith_block *blocks;
	size_t block_count, block_capacity;
	pith_element_info *elements;
	size_t element_capacity;
	pith_buffer text; /* block texts, whitespace collapsed */
	/* The first <title>'s text and the first og:title's content,
	 * whitespace collapsed: what the headline is matched against. */
	pith_buffer title_element, og_title;
	uint32_t headline; /* the headline's block index + 1, or 0 */
	uint32_t *seen;    /* hash set for de-duplication */
	size_t seen_capacity;
	pith_node_id body;   /* the region when nothing scores */
	pith_node_id region; /* the chosen main-content element */
	pith_node_id main;   /* the first <main> or role=main element, or 0 */
	/* On a page of several main landmarks, the one holding the headline,
	 * or 0 (segment.c). */
	pith_node_id headline_main;
	uint32_t mains;            /* how many main landmarks, none inside another */
	bool any_article_landmark; /* an element has article_landmark */
	/* An article_landmark is no boilerplate (mark_boilerplate,
	 * cards_region). */
	bool cards_own_landmarks;
	/* Prose in the outermost elements named with each boilerplate word
	 * (index: named_word), summed by segmenting. */
	double word_prose[PITH_BOILERPLATE_WORDS + 1];
	/* The comment family made named elements content (mark_boilerplate). */
	bool comments_content;
	/* Elements named "comment" are a forum thread's replies: content
	 * (mark_boilerplate, forum_replies). */
	bool comments_are_replies;
	/* The page type whose region the page is given (pith_extract_content;
	 * unknown before it is told): the filters read it. */
	pith_page_type region_type;
	/* Per node, when the caller asked for a trace; else not written. */
	pith_node_trace *trace;
	size_t trace_capacity;
	bool tracing;
	/* The product's blocks (pith_extraction.blocks), copied from blocks
	 * when the decisions are made. */
	pith_text_block *product_blocks;
	size_t product_capacity;
	const pith_tuning *tuning; /* the page's --favor setting's table */
	/* Segmenting counts the elements inline display:none hid; with
	 * show_undisplayed it reads display:none as visibility:hidden
	 * (show_scripted_page, extract.c), and mark_boilerplate takes a
	 * hidden element holding most of the page's characters for it. */
	uint32_t undisplayed;
	bool show_undisplayed;
	/* What tells the page's type (page_type.h), measured on the best
	 * region before --favor and the type move it. */
	float page_features[PITH_PAGE_FEATURES];
};

/* Step 1: fill blocks, elements, text, the titles, headline and body for
 * dom. */
pith_status pith_segment(pith_extractor *ex, const pith_dom *dom);

/* Steps 3 and 4 inside region (extract.c), with ex->tuning. */
bool pith_extract_region(pith_extractor *ex, const pith_dom *dom, pith_node_id region,
                         bool index_page);

#endif
