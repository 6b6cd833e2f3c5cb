/* What kind of page it is (pith_page_type), told from the page itself:
 * a fixed list of measurements of the tree and of its segmented blocks
 * (page_type.c), read by boosted trees and a logistic regression
 * learned offline (tools/train_page_type.py writes page_type_model.c;
 * docs/DESIGN.md, "Page type"). Internal to src/extract/ and the
 * development tools. */
#ifndef PITH_EXTRACT_PAGE_TYPE_H
#define PITH_EXTRACT_PAGE_TYPE_H

#include "extract_internal.h"

/* The measurements' names, in order. */
extern const char *const pith_page_feature_names[PITH_PAGE_FEATURES];

/* Measures the page ex has segmented (pith_segment) from dom, with region
 * the best-scoring element, into features. */
void pith_page_features(const pith_extractor *ex, const pith_dom *dom, pith_node_id region,
                        float features[PITH_PAGE_FEATURES]);

/* The type pith reports for features, and its probability (0..1) in
 * *confidence: the regression's where it is sure enough (the model's
 * CASCADE), else the trees' and the regression's probabilities averaged.
 * In *region_type and *region_confidence, the regression's own type and
 * probability, which choose the region where the reported type does not
 * (pith_region_type). Never PITH_PAGE_TYPE_UNKNOWN. */
pith_page_type pith_page_type_predict(const float features[PITH_PAGE_FEATURES], float *confidence,
                                      pith_page_type *region_type, float *region_confidence);

/* The type whose region pith takes, from what pith_page_type_predict
 * told: the reported type where it is not an article and is told with
 * enough confidence, else the regression's told with enough, else an
 * article. */
pith_page_type pith_region_type(pith_page_type reported, float confidence,
                                pith_page_type regression, float regression_confidence,
                                double enough);

#endif
