/* The tuning tables (tuning.h). Balanced is what the dev sets were tuned
 * on (docs/DESIGN.md, "Extraction", has the measurements); precision and
 * recall differ from it only in the five fields TUNING takes, each by its
 * measured effect. */
#include "tuning.h"

#define TUNING(core, wider, kept_share, link_density, type_confidence)                             \
	{                                                                                          \
		.region_prose = {80, 25, 1}, .prose_link_weight = 1.5,                             \
		.fragment_char_weight = -0.1, .fragment_link_weight = -0.75,                       \
		.content_evidence_weight = 1.25, .content_share = 0.5, .family_share = 0.65,       \
		.hidden_page_share = 0.9, .headline_prose_share = 0.2, .spread_share = 0.6,        \
		.core_share = (core), .widen = (wider), .boilerplate_kept_share = (kept_share),    \
		.boilerplate_kept_prose = 200, .link_list_density = 0.6,                           \
		.link_list_max_prose = 400, .max_link_density = (link_density),                    \
		.linked_prose = {150, 30, 2}, .data_cell_max_chars = 300,                          \
		.dateline_max_chars = 48, .dateline_max_runs = 10, .repeat_min_chars = 1,          \
		.repeat_beside_chars = 200, .teaser_min_chars = 40,                                \
		.page_type_confidence = (type_confidence),                                         \
	}

static const pith_tuning tunings[] = {
    /* A page type's region from a confidence of 0.5 (docs/DESIGN.md,
     * "Page type", has the measurements). */
    [PITH_FAVOR_BALANCED] = TUNING(0, 0, 0.5, 0.5, 0.5),
    /* The region narrowed to its core (0.85: WCXB dev precision 0.829 to
     * 0.833, ScrapingHub 0.938 to 0.947; 0.7 gained 0.007 on WCXB and
     * lost 0.025 of recall), link-heavy blocks dropped sooner, a page
     * type's wider region only when told with 0.8 (with types from
     * cross-validation, the setting's WCXB dev precision is 0.8352,
     * balanced's 0.8259). */
    [PITH_FAVOR_PRECISION] = TUNING(0.85, 0, 0.5, 0.4, 0.8),
    /* The region widened with its links (WCXB dev recall 0.842 to
     * 0.876), named boilerplate kept from a quarter of the region's
     * prose, link-heavy blocks kept longer, a page type's wider region
     * from a confidence of 0.4 (the setting's WCXB dev recall 0.8852,
     * balanced's 0.8704). */
    [PITH_FAVOR_RECALL] = TUNING(0, 1, 0.25, 0.75, 0.4),
};

const pith_tuning *pith_tuning_for(pith_favor favor)
{
	return favor == PITH_FAVOR_PRECISION || favor == PITH_FAVOR_RECALL
	           ? &tunings[favor]
	           : &tunings[PITH_FAVOR_BALANCED];
}
