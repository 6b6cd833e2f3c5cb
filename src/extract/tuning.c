/* The tuning tables (tuning.h). Balanced is what the dev sets were tuned
 * on (docs/DESIGN.md, "Extraction", has the measurements); precision and
 * recall differ from it only in the fields TUNING takes, each by its
 * measured effect. */
#include "tuning.h"

#define TUNING(core, frame, wider, kept_share, kept_prose, link_density, type_confidence,          \
               fragment, captions, cards, gallery, boxes, lone, repeats)                           \
	{                                                                                          \
		.region_prose = {80, 25, 1}, .prose_link_weight = 1.5,                             \
		.fragment_char_weight = -0.1, .fragment_link_weight = -0.75,                       \
		.content_evidence_weight = 1.25, .content_share = 0.5, .family_share = 0.65,       \
		.hidden_page_share = 0.9, .headline_prose_share = 0.2, .spread_share = 0.6,        \
		.typed_boilerplate_share = 0.5, .core_share = (core), .frame_share = (frame),      \
		.widen = (wider), .boilerplate_kept_share = (kept_share),                          \
		.boilerplate_kept_prose = (kept_prose), .link_list_density = 0.6,                  \
		.link_list_max_prose = 400, .max_link_density = (link_density),                    \
		.linked_prose = {150, 30, 2}, .data_cell_max_chars = 300,                          \
		.fragment_max_chars = (fragment), .drop_captions = (captions),                     \
		.lone_headings = (lone), .card_lists = {(cards), 400, 15, 0.5, 200},               \
		.gallery_article_prose = (gallery), .forms = {400, (boxes)}, .count_max_chars = 8, \
		.dateline_max_chars = 48, .dateline_max_runs = 10, .repeat_min_chars = (repeats),  \
		.repeat_beside_chars = 200, .field_name_max_chars = 40, .teaser_min_chars = 40,    \
		.page_type_confidence = (type_confidence), .replies_share = 0.9,                   \
		.teaser_link_share = 0.2, .continuation_levels = 3, .grid_link_ratio = 4,          \
	}

/* Measured on WCXB dev, each page's type from the cross-validated model
 * (docs/DESIGN.md, "--favor", has every step and the other sets). Word
 * F1's precision / recall (--bow-norm lower). */
static const pith_tuning tunings[] = {
    /* An article's frame dropped beside the child holding 0.95 of its
     * prose (drop_frame) or its parts, lists of cards and galleries after
     * it, the titles of cards and the headings of a service page's or a
     * listing's sections kept: 0.873 / 0.926. */
    [PITH_FAVOR_BALANCED] =
        TUNING(0, 0.95, 0, 0.5, 200, 0.5, 0.5, 0, 0, 3, 500, 2, PITH_LONE_HEADINGS_PARTS, 1),
    /* Narrowed to the child holding 0.7, link-heavy blocks dropped
     * sooner, a page type's wider region only when told with 0.8, short
     * fragments, captions and every heading with nothing under it
     * dropped: 0.895 / 0.871. */
    [PITH_FAVOR_PRECISION] =
        TUNING(0.7, 0, 0, 0.5, 200, 0.4, 0.8, 60, 1, 3, 500, 2, PITH_LONE_HEADINGS_NONE, 1),
    /* Widened with its links, named boilerplate kept when it holds 100
     * characters of prose, link-heavy blocks kept longer, a page type's
     * wider region from a confidence of 0.4, headings kept with nothing
     * under them, no frame dropped beside an article's parts, a line of
     * under 20 bytes kept however often it repeats (a card's "Full-time",
     * a review's "Pros"): 0.819 / 0.948. */
    [PITH_FAVOR_RECALL] =
        TUNING(0, 0, 1, 0, 100, 0.75, 0.4, 0, 0, 0, 0, 0, PITH_LONE_HEADINGS_ALL, 20),
};

const pith_tuning *pith_tuning_for(pith_favor favor)
{
	return favor == PITH_FAVOR_PRECISION || favor == PITH_FAVOR_RECALL
	           ? &tunings[favor]
	           : &tunings[PITH_FAVOR_BALANCED];
}
