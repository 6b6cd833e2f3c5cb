/* Every threshold and weight of extraction, in one table per --favor
 * setting (tuning.c): the one place to tune. The functions that read a
 * field say why it is there; tests/spec/extract.md has an example of each
 * rule. Limits that bound work (probe counts, cache sizes) are not
 * tuning and stay beside the code they bound. Lengths of text ("chars")
 * are columns: a Chinese, Japanese or Korean character counts two
 * (segment.c, wide_column). */
#ifndef PITH_EXTRACT_TUNING_H
#define PITH_EXTRACT_TUNING_H

#include <stdint.h>

#include "pith.h"

/* "Prose": text outside links of at least long_chars characters, or of
 * sentence_chars with punctuation marks of sentence punctuation. */
typedef struct pith_prose_test {
	uint32_t long_chars, sentence_chars, punctuation;
} pith_prose_test;

/* A list of cards (extract.c, drop_card_lists): min_cards children or
 * more of at most max_chars characters, each with a linked title of
 * title_chars, after the child holding core_share of an article's
 * prose, or that child itself after the headline and article_prose
 * columns of kept prose. min_cards 0: no list is dropped. */
typedef struct pith_card_list_test {
	uint32_t min_cards, max_chars, title_chars;
	double core_share;
	uint32_t article_prose;
} pith_card_list_test;

/* Which headings with nothing kept under them stay (extract.c,
 * drop_orphan_headings). */
typedef enum pith_lone_headings {
	PITH_LONE_HEADINGS_NONE, /* all go */
	/* on a service page or a listing all stay, and on an index page one
	 * that is wholly a link (a card's title) */
	PITH_LONE_HEADINGS_PARTS,
	PITH_LONE_HEADINGS_ALL, /* all stay */
} pith_lone_headings;

/* Small forms inside an article (extract.c, drop_forms): an element of
 * at most max_chars characters, and less than half the region's, that
 * holds a checkbox, a radio button or an e-mail field, when the region
 * holds at most max_forms of them (more is a checklist, an accordion or
 * a quiz, whose fields are the page's). max_forms 0: none dropped. An
 * element of at most max_chars that holds an e-mail field is never an
 * article's region, in every mode (is_sign_up). */
typedef struct pith_form_test {
	uint32_t max_chars, max_forms;
} pith_form_test;

typedef struct pith_tuning {
	/* Block values (segment.c, block_value): a prose block counts its
	 * characters less prose_link_weight times its link text; another
	 * block counts fragment_char_weight a character and
	 * fragment_link_weight a link character (both negative). */
	pith_prose_test region_prose;
	double prose_link_weight, fragment_char_weight, fragment_link_weight;
	/* Region choice (extract.c, choose_region and what it calls). */
	double page_type_confidence;    /* a page type the model tells with less
	                                   confidence takes an article's region */
	double content_evidence_weight; /* score factor of <article>, "entry-content" */
	double content_share;           /* named boilerplate holding this share of the
	                                   page's prose is content */
	double family_share;            /* ... or whose word's elements hold this share */
	double replies_share;           /* on a forum, "comment" elements holding this share
	                                   of the prose from the first of them on are
	                                   the thread's replies (forum_replies) */
	double hidden_page_share;       /* visibility:hidden holding this share is a page
	                                   hidden until its scripts run; a product's
	                                   reviews holding it are the page
	                                   (holds_buyers_reviews) */
	double headline_prose_share;    /* narrow_to_headline */
	double spread_share;            /* below it, the main landmark is the region */
	double typed_boilerplate_share; /* a region holding more than this share of its
	                                   prose in what its page type makes boilerplate
	                                   is chosen again once the type is told */
	double core_share;              /* > 0: narrow to the child holding this share of the
	                                   region's prose (favored_region) */
	double frame_share;             /* > 0: an article's blocks beside the child holding
	                                   this share of its prose go (drop_frame) */
	int widen;                      /* non-zero: widen to the closest larger ancestor,
	                                   its links kept (favored_region) */
	int continuation_levels;        /* an article's parts are looked for this many
	                                   ancestors up (continued_region) */
	double grid_link_ratio;         /* a page of parts whose filters drop as links
	                                   this many times the characters they keep
	                                   is read as an index page (is_grid) */
	/* Filters inside the region. */
	double boilerplate_kept_share;   /* named boilerplate holding this share of the
	                                    region's prose stays ... */
	uint32_t boilerplate_kept_prose; /* ... with at least this many characters */
	double teaser_link_share;        /* in an article, an element named "teaser" with
	                                    this share of link text is another page's
	                                    (is_boilerplate_for_type) */
	double link_list_density;        /* a ul/ol this much link text is a menu ... */
	uint32_t link_list_max_prose;    /* ... unless it holds this much prose */
	double max_link_density;         /* a block with more link text is dropped ... */
	pith_prose_test linked_prose;    /* ... unless the text around its links is prose */
	uint32_t data_cell_max_chars;    /* keep_table_cells: a table with a longer
	                                    block lays out a page */
	uint32_t fragment_max_chars;     /* drop_fragments; 0: none */
	int drop_captions;               /* non-zero: drop_captions */
	/* Which headings with nothing under them stay (drop_orphan_headings). */
	pith_lone_headings lone_headings;
	pith_card_list_test card_lists; /* drop_card_lists */
	uint32_t gallery_article_prose; /* drop_galleries: the article's prose before a
	                                   gallery; 0: none dropped */
	pith_form_test forms;           /* drop_forms */
	uint32_t count_max_chars;       /* is_count: a forum's counts */
	uint32_t dateline_max_chars;    /* is_dateline: characters, spaces excluded */
	unsigned dateline_max_runs;     /* is_dateline: runs of letters and digits */
	/* De-duplication. */
	/* drop_repeats: shorter repeats may be words that repeat; a repeat
	 * longer than repeat_beside_chars in its first copy's container is
	 * the author's. */
	uint32_t repeat_min_chars, repeat_beside_chars;
	uint32_t field_name_max_chars; /* is_field_name: a line ending in a colon */
	uint32_t teaser_min_chars;     /* drop_teasers */
} pith_tuning;

/* The table of a --favor setting (PITH_FAVOR_BALANCED for any other). */
const pith_tuning *pith_tuning_for(pith_favor favor);

#endif
