#!/usr/bin/python3
"""Trains the page-type model and writes it as C (make model).

    /usr/bin/python3 tools/train_page_type.py [--devpages DIR] [--report FILE]

Reads each labelled page's measurements (build/page_features, the
library's own src/extract/page_type.c) and its type: WCXB dev's seven
types, magic-html's article and forum labels, and the news sets
(ScrapingHub, fundus, newspaper) as articles, so that the model also sees
articles in other languages and layouts than WCXB's. Readability's pages
and chinese-wced have no type and are left out (they stay unseen pages
for the benchmark).

Fits gradient-boosted trees and a multinomial logistic regression
(scikit-learn's HistGradientBoostingClassifier and LogisticRegression,
Debian's python3-sklearn; the trees seeded, without early stopping or
subsampling, the regressions' solver deterministic, so the same pages
give the same model, byte for byte) over the measurements, and a second
logistic regression over the page's words (build/page_features --words,
TextModel below), and writes src/extract/page_type_model.c, which
predicts with nothing but libm: the type pith reports is the
regression's where it is CASCADE sure, else the one the average of the
first two's probabilities gives, weighed with the text model's where
that is under TEXT_UNSURE and the text model knows TEXT_MIN_WORDS of
the page's words; the type whose region pith takes is the reported one
where it is not an article, else the regression's
(src/extract/page_type.c, pith_region_type). Before that it reports
5-fold cross-validation grouped by site (each page typed by a
model that never saw its domain) of the reported type: accuracy on WCXB
dev, the confusion matrix, and accuracy on the other sets, printed and
written to --report (bench/page-type-cv.txt), with each page's
out-of-fold types for measuring extraction with them (--folds FILE:
page_type and confidence the reported type's, region_type and
region_confidence the regression's).
"""
import argparse
import json
import os
import subprocess
import sys
from collections import defaultdict
from urllib.parse import urlparse

import numpy as np
from scipy.sparse import csr_matrix, diags
from sklearn.ensemble import HistGradientBoostingClassifier
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import GroupKFold
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import FunctionTransformer, StandardScaler
from threadpoolctl import threadpool_limits

# pith_page_type's order, less "unknown" (the model never says it).
TYPES = ["article", "forum", "product", "collection", "listing", "documentation", "service"]
# Dataset, and the type of all its pages where its truth gives none.
SETS = [("wcxb-dev", None), ("magichtml", None), ("scrapinghub", "article"),
        ("fundus", "article"), ("newspaper", "article")]
FOLDS = 5
# Boosting stages, leaves per tree and learning rate; the regression's
# inverse penalty on its weights; the regression's share of the averaged
# probabilities. Chosen by the cross-validation below (docs/DESIGN.md,
# "Page type"): the averaged types' accuracy, and for the regression,
# which alone chooses the region, its own.
STAGES = 75
LEAVES = 4
LEARNING_RATE = 0.2
REGULARISATION = 0.05
LINEAR_SHARE = 0.4
# The trees are read only where the regression is less sure than this:
# above it, in the cross-validation below, they changed one WCXB page's
# type of 987 (from one wrong type to another), and skipping them there
# spares most pages the trees' cost (78% of ScrapingHub's).
CASCADE = 0.98
# The regression reads the first 171 measurements, those before the URL's
# root; the eleven after them the trees alone: in the regression they
# typed more of WCXB's pages right (0.810 to 0.817) but took pages of the
# sets no model is fitted on for listings (docs/DESIGN.md, "Page type").
REGRESSION_FEATURES = 171
FIRST_TREE_ONLY_FEATURE = "path_root"
# The text model: a logistic regression over the page's ASCII words
# (page_type.h, pith_page_words) weighed by TF-IDF, its vocabulary the
# words found on pages of at least TEXT_MIN_DOMAINS sites (no site's own
# names) of the sets that type each page (WCXB dev, magic-html; not the
# news sets, whose pages are all articles, so that their languages'
# words do not stand for articles), its classes weighed by their
# rarity, its inverse penalty TEXT_REGULARISATION. Where the trees are
# read, the reported probabilities are the geometric mean of the
# averaged ones and the text model's, which has a share of TEXT_SHARE.
# Chosen by the cross-validation below (docs/DESIGN.md, "Page type").
TEXT_MIN_DOMAINS = 25
TEXT_REGULARISATION = 10
TEXT_SHARE = 0.5
# The text model is read where the page has at least this many words it
# knows (counted each time they occur): a page of another script has a
# few dozen ASCII words (numbers, a menu in English), too few to tell,
# and its vector, scaled to length 1, would weigh as much as a page's.
TEXT_MIN_WORDS = 50
# Nor where the averaged models give a type this probability or more:
# there the words changed no page's type in the cross-validation, and
# skipping them spares two thirds of the pages whose trees are read
# (ScrapingHub's, 20% to 7% of all).
TEXT_UNSURE = 0.95
# A probability's floor before its logarithm is taken.
TINY = 1e-12
# Counts of a word saturate here (the C counts in 16 bits).
MAX_WORD_COUNT = 65535


class TextModel:
    """Multinomial logistic regression over the page's words: each word
    of the vocabulary counted, (1 + ln count) times its inverse document
    frequency, the page's vector scaled to length 1."""

    def fit(self, bags, y, domains, typed):
        sites = defaultdict(set)
        for bag, domain, told in zip(bags, domains, typed):
            for word in bag if told else ():
                sites[word].add(domain)
        self.vocabulary = sorted(w for w, d in sites.items() if len(d) >= TEXT_MIN_DOMAINS)
        self.index = {w: j for j, w in enumerate(self.vocabulary)}
        pages_with = np.zeros(len(self.vocabulary))
        for bag in bags:
            for word in bag:
                j = self.index.get(word)
                if j is not None:
                    pages_with[j] += 1
        self.idf = (np.log((1 + len(bags)) / (1 + pages_with)) + 1).astype(np.float32)
        self.regression = LogisticRegression(C=TEXT_REGULARISATION, class_weight="balanced",
                                             max_iter=5000).fit(self.matrix(bags), y)
        return self

    def matrix(self, bags):
        rows, columns, values = [], [], []
        for i, bag in enumerate(bags):
            for word, count in bag.items():
                j = self.index.get(word)
                if j is not None:
                    rows.append(i)
                    columns.append(j)
                    values.append((1 + np.log(min(count, MAX_WORD_COUNT))) * float(self.idf[j]))
        m = csr_matrix((values, (rows, columns)), shape=(len(bags), len(self.vocabulary)))
        length = np.sqrt(np.asarray(m.multiply(m).sum(1)).ravel())
        return diags(np.where(length > 0, 1 / np.maximum(length, TINY), 0)) @ m

    def known_words(self, bags):
        """How many of each page's words (their occurrences) the
        vocabulary holds."""
        return np.array([sum(min(c, MAX_WORD_COUNT) for w, c in bag.items() if w in self.index)
                         for bag in bags])

    def predict_proba(self, bags):
        return self.regression.predict_proba(self.matrix(bags))


def softmax(score):
    e = np.exp(score - score.max(1, keepdims=True))
    return e / e.sum(1, keepdims=True)


class Blend:
    """Gradient-boosted trees, one per type and stage, which read the
    measurements as they are and combine them, averaged with a
    multinomial logistic regression over log(1 + measurement), each
    standardised, over the first REGRESSION_FEATURES: the reported type.
    The regression alone, whose smoother answer generalises better to
    pages unlike any it was fitted on (a Chinese portal), chooses the
    region where the reported type is an article (page_type.c,
    pith_region_type)."""

    def __init__(self):
        self.trees = HistGradientBoostingClassifier(
            max_iter=STAGES, max_leaf_nodes=LEAVES, learning_rate=LEARNING_RATE,
            early_stopping=False, random_state=0)
        self.linear = make_pipeline(FunctionTransformer(np.log1p), StandardScaler(),
                                    LogisticRegression(C=REGULARISATION, max_iter=5000))

    def fit(self, x, y, bags, domains, typed):
        self.trees.fit(x, y)
        self.linear.fit(x[:, :REGRESSION_FEATURES], y)
        self.text = TextModel().fit(bags, y, domains, typed)
        self.classes_ = self.trees.classes_
        assert list(self.classes_) == list(self.linear.classes_)
        assert list(self.classes_) == list(self.text.regression.classes_)
        return self

    def region_proba(self, x):
        return self.linear.predict_proba(x[:, :REGRESSION_FEATURES])

    def predict_proba(self, x, bags):
        """The regression's probabilities where it is CASCADE sure, else
        the average's weighed with the text model's."""
        region = self.region_proba(x)
        blend = LINEAR_SHARE * region + (1 - LINEAR_SHARE) * self.trees.predict_proba(x)
        text = self.text.predict_proba(bags)
        score = ((1 - TEXT_SHARE) * np.log(np.maximum(blend, TINY)) +
                 TEXT_SHARE * np.log(np.maximum(text, TINY)))
        sure = region.max(1, keepdims=True) >= CASCADE
        told = ((self.text.known_words(bags) >= TEXT_MIN_WORDS)[:, None] &
                (blend.max(1, keepdims=True) < TEXT_UNSURE))
        return np.where(sure, region, np.where(told, softmax(score), blend))


def make_model():
    return Blend()


def read_words(features_tool, files):
    """Each page's words (pith_page_words) as {hash: count}."""
    out = subprocess.run([features_tool, "--words"] + files, check=True, stdout=subprocess.PIPE)
    bags = {}
    for line in out.stdout.decode().rstrip("\n").split("\n"):
        fields = line.split("\t")
        bags[fields[0]] = {int(h, 16): int(c) for h, c in (f.split(":") for f in fields[1:])}
    return bags


def load(devpages, features_tool):
    names, rows, labels, domains, pages, bags, typed = None, [], [], [], [], [], []
    for name, fixed in SETS:
        truth = {}
        with open(os.path.join(devpages, name, "truth.jsonl"), encoding="utf-8") as f:
            for line in f:
                row = json.loads(line)
                truth[row["id"]] = row
        html = os.path.join(devpages, name, "html")
        files = sorted(os.path.join(html, n) for n in os.listdir(html) if n.endswith(".html"))
        out = subprocess.run([features_tool] + files, check=True, stdout=subprocess.PIPE)
        lines = out.stdout.decode().rstrip("\n").split("\n")
        words = read_words(features_tool, files)
        header = lines[0].split("\t")[1:]
        if names is None:
            names = header
        assert header == names
        for line in lines[1:]:
            fields = line.split("\t")
            page = os.path.basename(fields[0])[:-len(".html")]
            row = truth[page]
            label = fixed or row.get("page_type")
            if label is None:
                continue
            domain = row.get("domain") or urlparse(row.get("url") or "").netloc
            domain = domain.lower().removeprefix("www.") or name + "/" + page
            rows.append([max(0.0, float(v)) for v in fields[1:]])
            labels.append(TYPES.index(label))
            domains.append(domain)
            pages.append((name, page))
            bags.append(words[fields[0]])
            typed.append(fixed is None)
    return (names, np.array(rows, dtype=np.float32), np.array(labels), domains, pages, bags,
            typed)


def cross_validate(x, y, domains, bags, typed):
    """Each page's reported type and confidence, and its region's type and
    confidence (the regression's), from a model fitted without its domain."""
    ids = {d: i for i, d in enumerate(sorted(set(domains)))}
    groups = np.array([ids[d] for d in domains])
    predicted, region = np.zeros(len(y), dtype=int), np.zeros(len(y), dtype=int)
    confidence, region_confidence = np.zeros(len(y)), np.zeros(len(y))
    for train, test in GroupKFold(FOLDS).split(x, y, groups):
        model = make_model().fit(x[train], y[train], [bags[i] for i in train],
                                 [domains[i] for i in train], [typed[i] for i in train])
        p = model.predict_proba(x[test], [bags[i] for i in test])
        predicted[test] = model.classes_[p.argmax(1)]
        confidence[test] = p.max(1)
        p = model.region_proba(x[test])
        region[test] = model.classes_[p.argmax(1)]
        region_confidence[test] = p.max(1)
    return predicted, confidence, region, region_confidence


def report(y, predicted, region, pages):
    lines = []
    wcxb = np.array([p[0] == "wcxb-dev" for p in pages])
    lines.append("Page type, %d-fold cross-validation grouped by domain (%d pages, %d of WCXB dev)"
                 % (FOLDS, len(y), wcxb.sum()))
    lines.append("WCXB dev accuracy: %.3f" % (predicted[wcxb] == y[wcxb]).mean())
    lines.append("WCXB dev accuracy of the region's type (the regression alone): %.3f"
                 % (region[wcxb] == y[wcxb]).mean())
    for name, _ in SETS[1:]:
        here = np.array([p[0] == name for p in pages])
        lines.append("%s accuracy: %.3f (%d pages)" % (name, (predicted[here] == y[here]).mean(),
                                                      here.sum()))
    lines.append("")
    lines.append("WCXB dev confusion (rows: truth, columns: predicted)")
    width = max(len(t) for t in TYPES)
    lines.append(" " * width + " " + " ".join("%6s" % t[:6] for t in TYPES) + "  recall")
    for i, t in enumerate(TYPES):
        row = [((y[wcxb] == i) & (predicted[wcxb] == j)).sum() for j in range(len(TYPES))]
        lines.append("%-*s %s  %.3f" % (width, t, " ".join("%6d" % v for v in row),
                                        row[i] / max(1, sum(row))))
    return "\n".join(lines) + "\n"


def c_lines(items, per_line, indent="    "):
    """A C initialiser's items, per_line of them a line."""
    return ",\n".join(indent + ", ".join(items[i:i + per_line])
                      for i in range(0, len(items), per_line))


def c_floats(values, per_line=4, indent="    "):
    """Values as C floats that read back exactly, several a line."""
    return c_lines(["%sf" % repr(float(np.float32(v))) for v in values], per_line, indent)


def at_most(threshold):
    """The largest float at most threshold: for a float x, x <= threshold
    exactly when x <= at_most(threshold), so the C compares floats."""
    t = np.float32(threshold)
    if float(t) > threshold:
        t = np.nextafter(t, np.float32(-np.inf))
    return t


LEAF = 255


def flatten(nodes):
    """A tree's nodes in pre-order as (feature, right, value): a split's
    left child follows it, its right child is at right (from the tree's
    start); a leaf has feature LEAF and adds value."""
    out = []

    def visit(i):
        node = nodes[i]
        at = len(out)
        if node["is_leaf"]:
            out.append([LEAF, 0, float(np.float32(node["value"]))])
            return
        assert not node["is_categorical"] and node["feature_idx"] < LEAF
        out.append([int(node["feature_idx"]), 0, float(at_most(node["num_threshold"]))])
        visit(node["left"])
        out[at][1] = len(out)
        visit(node["right"])

    visit(0)
    assert len(out) <= 255
    return out


def c_doubles(values, indent="    "):
    """Values as C doubles that read back exactly, several a line."""
    return c_lines([repr(float(v)) for v in values], 4, indent)


def write_model(blend, names, samples, path):
    """The fitted model as C: each tree's nodes, one tree per type and
    stage, and the scores the stages start from; the regression's means,
    scales, weights and intercepts."""
    model = blend.trees
    scaler = blend.linear.named_steps["standardscaler"]
    regression = blend.linear.named_steps["logisticregression"]
    weights = ",\n".join("    {\n%s}" % c_doubles(row, "\t") for row in regression.coef_)
    trees = [flatten(tree.nodes) for stage in model._predictors for tree in stage]
    assert len(trees) == model.n_iter_ * len(TYPES)
    starts, nodes = [], []
    for tree in trees:
        starts.append(len(nodes))
        nodes.extend(tree)
    starts.append(len(nodes))
    node_lines = ",\n".join("    {%d, %d, %sf}" % (f, r, repr(v)) for f, r, v in nodes)
    start_lines = c_lines([str(v) for v in starts], 12)
    with open(path, "w") as f:
        f.write(("""/* Generated by tools/train_page_type.py (make model): do not edit.
 * Over the %d measurements of page_type.c, fitted on %d labelled dev
 * pages: gradient-boosted trees, %d stages of one tree per type, at most
 * %d leaves each (learning rate %s), their probabilities averaged with a
 * multinomial logistic regression's over log(1 + x) of each of the first
 * %d, standardised (C = %s), which has a share of %s: the type pith
 * reports, weighed (a geometric mean) with a text model's: a
 * multinomial logistic regression over the page's words (@WORDS@ of them,
 * TF-IDF, C = @TEXT_C@), which has a share of @TEXT_SHARE@; unless the
 * regression alone is %s sure (then neither the trees nor the words are
 * read). The regression's own type is the region's where the reported
 * one is an article (page_type.c, pith_region_type). */
#include "page_type.h"

#include <math.h>
#include <stdint.h>
#include <string.h>

#define TYPES %d
#define STAGES %d
#define LEAF %d
#define LINEAR_SHARE %s
/* The regression's type stands alone where its probability is at least
 * this. */
#define CASCADE %s
/* The regression reads features[0] to [REGRESSION_FEATURES - 1]. */
#define REGRESSION_FEATURES %d

/* A split sends x[feature] <= value to the next node, else to node
 * right of its tree; a leaf (feature LEAF) adds value to its type's score. */
typedef struct tree_node {
	uint8_t feature, right;
	float value;
} tree_node;

static const tree_node nodes[%d] = {
%s};

/* Tree t's nodes start at tree_start[t]: stage s's tree for type k is
 * t = s * TYPES + k. */
static const uint16_t tree_start[STAGES * TYPES + 1] = {
%s};

static const double baseline[TYPES] = {
%s};

static const double mean[REGRESSION_FEATURES] = {
%s};

static const double scale[REGRESSION_FEATURES] = {
%s};

static const double weight[TYPES][REGRESSION_FEATURES] = {
%s};

static const double intercept[TYPES] = {
%s};

@TEXT_TABLES@
/* Scores to probabilities (softmax) in p; returns the most probable
 * type's index. */
static int probabilities(const double score[TYPES], double p[TYPES])
{
	int best = 0;
	for (int k = 1; k < TYPES; k++)
		if (score[k] > score[best])
			best = k;
	double sum = 0;
	for (int k = 0; k < TYPES; k++)
		sum += p[k] = exp(score[k] - score[best]);
	for (int k = 0; k < TYPES; k++)
		p[k] /= sum;
	return best;
}

@TEXT_CODE@
/* A cache line's bytes, the step of the prefetch. */
#define LINE 64

pith_page_type pith_page_type_predict(const pith_extractor *ex, float *confidence,
                                      pith_page_type *region_type, float *region_confidence)
{
	const float *features = ex->page_features;
	double x[REGRESSION_FEATURES];
	for (int j = 0; j < REGRESSION_FEATURES; j++)
		x[j] = (log1p(features[j] > 0 ? (double)features[j] : 0.0) - mean[j]) / scale[j];
	double score[TYPES];
	for (int k = 0; k < TYPES; k++) {
		score[k] = intercept[k];
		for (int j = 0; j < REGRESSION_FEATURES; j++)
			score[k] += weight[k][j] * x[j];
	}
	/* The regression's own type and probability (the region's, but
	 * where pith_region_type takes the reported one). */
	double linear[TYPES];
	int best = probabilities(score, linear);
	*region_type = (pith_page_type)(PITH_PAGE_TYPE_ARTICLE + best);
	*region_confidence = (float)linear[best];
	if (linear[best] >= CASCADE) { /* the trees would not change it */
		*confidence = *region_confidence;
		return *region_type;
	}
	/* The trees' nodes, read by dependent loads, fetched at once. */
	for (size_t i = 0; i < sizeof nodes; i += LINE)
		__builtin_prefetch((const char *)nodes + i);
	for (int k = 0; k < TYPES; k++) {
		double sum = baseline[k];
		for (int t = k; t < STAGES * TYPES; t += TYPES) {
			const tree_node *tree = nodes + tree_start[t];
			const tree_node *node = tree;
			while (node->feature != LEAF)
				node = features[node->feature] <= node->value ? node + 1
				                                               : tree + node->right;
			sum += node->value;
		}
		score[k] = sum;
	}
	double trees[TYPES], text[TYPES], p[TYPES];
	probabilities(score, trees);
	best = 0;
	for (int k = 0; k < TYPES; k++) {
		p[k] = LINEAR_SHARE * linear[k] + (1 - LINEAR_SHARE) * trees[k];
		if (p[k] > p[best])
			best = k;
	}
	if (p[best] < TEXT_UNSURE && text_probabilities(ex, text)) {
		for (int k = 0; k < TYPES; k++)
			score[k] = (1 - TEXT_SHARE) * log(fmax(p[k], TINY)) +
			           TEXT_SHARE * log(fmax(text[k], TINY));
		best = probabilities(score, p);
	}
	*confidence = (float)p[best];
	return (pith_page_type)(PITH_PAGE_TYPE_ARTICLE + best);
}
""" % (len(names), samples, model.n_iter_, LEAVES, LEARNING_RATE, REGRESSION_FEATURES,
       REGULARISATION,
       LINEAR_SHARE, CASCADE, len(TYPES), model.n_iter_, LEAF, LINEAR_SHARE, CASCADE, REGRESSION_FEATURES,
       len(nodes), node_lines,
       start_lines, c_lines([repr(float(v)) for v in model._baseline_prediction.ravel()], 1),
       c_doubles(scaler.mean_), c_doubles(scaler.scale_), weights,
       c_doubles(regression.intercept_)))
                .replace("@WORDS@", str(len(blend.text.vocabulary)))
                .replace("@TEXT_C@", repr(TEXT_REGULARISATION))
                .replace("@TEXT_SHARE@", repr(TEXT_SHARE))
                .replace("@TEXT_TABLES@", text_tables(blend.text))
                .replace("@TEXT_CODE@", TEXT_CODE))


def word_slots(vocabulary):
    """The vocabulary's hash table: each word at the first free slot from
    its hash's low bits on (0 marks a free slot), a power of two of at
    least twice the words."""
    slots = 1
    while slots < 2 * len(vocabulary):
        slots *= 2
    hashes, index = [0] * slots, [0] * slots
    for j, word in enumerate(vocabulary):
        assert word != 0
        slot = word & (slots - 1)
        while hashes[slot]:
            slot = (slot + 1) & (slots - 1)
        hashes[slot], index[slot] = word, j
    return hashes, index


def text_tables(text):
    hashes, index = word_slots(text.vocabulary)
    regression = text.regression
    assert len(text.vocabulary) < 65536
    return """/* The text model (TextModel in tools/train_page_type.py). */
#define TEXT_SHARE %s
#define TINY %s
#define TEXT_MIN_WORDS %d
/* The words are read where the averaged probability is under this. */
#define TEXT_UNSURE %s
#define VOCABULARY %d
#define WORD_SLOTS %d

/* The vocabulary's words by hash (pith_page_words), each at the first
 * free slot from its hash's low bits on; 0 marks a free slot. */
static const uint64_t word_hash[WORD_SLOTS] = {
%s};

/* The place in the vocabulary of the word in each slot. */
static const uint16_t word_index[WORD_SLOTS] = {
%s};

/* Each word's inverse document frequency. */
static const float word_idf[VOCABULARY] = {
%s};

/* Each word's weight for each type. */
static const float word_weight[VOCABULARY][TYPES] = {
%s};

static const double word_intercept[TYPES] = {
%s};

""" % (repr(TEXT_SHARE), repr(TINY), TEXT_MIN_WORDS, repr(TEXT_UNSURE), len(text.vocabulary),
       len(hashes),
       c_lines(["0x%016xu" % h for h in hashes], 3), c_lines([str(i) for i in index], 12),
       c_floats(text.idf),
       ",\n".join("    {%s}" % c_floats(column, len(column), "")
                   for column in regression.coef_.T),
       c_doubles(regression.intercept_))


TEXT_CODE = """/* How often each word of the vocabulary occurs on a page. */
typedef struct word_counts {
	uint16_t count[VOCABULARY]; /* saturating at UINT16_MAX */
	uint16_t seen[VOCABULARY];  /* the words met, in the order first met */
	uint32_t seen_count;
} word_counts;

/* Counts the word whose hash is hash in context, a word_counts, where it
 * is in the vocabulary. */
static void count_word(uint64_t hash, void *context)
{
	word_counts *counts = context;
	for (size_t slot = hash & (WORD_SLOTS - 1);; slot = (slot + 1) & (WORD_SLOTS - 1)) {
		if (word_hash[slot] == hash) {
			uint16_t *c = &counts->count[word_index[slot]];
			if (*c == 0)
				counts->seen[counts->seen_count++] = word_index[slot];
			if (*c < UINT16_MAX)
				(*c)++;
			return;
		}
		if (word_hash[slot] == 0)
			return;
	}
}

/* The text model's probabilities for the words of ex's blocks in p, or
 * false where fewer than TEXT_MIN_WORDS of them are in its vocabulary:
 * each word of the vocabulary weighs (1 + ln count) times its inverse
 * document frequency, the page's weights scaled to length 1. */
static bool text_probabilities(const pith_extractor *ex, double p[TYPES])
{
	word_counts counts;
	memset(counts.count, 0, sizeof counts.count);
	counts.seen_count = 0;
	pith_page_words(ex, count_word, &counts);
	uint32_t known = 0;
	double score[TYPES] = {0}, length = 0;
	for (uint32_t i = 0; i < counts.seen_count; i++) {
		int j = counts.seen[i];
		known += counts.count[j];
		double x = (1 + log(counts.count[j])) * word_idf[j];
		length += x * x;
		for (int k = 0; k < TYPES; k++)
			score[k] += word_weight[j][k] * x;
	}
	if (known < TEXT_MIN_WORDS)
		return false;
	double unit = length > 0 ? 1 / sqrt(length) : 0;
	for (int k = 0; k < TYPES; k++)
		score[k] = word_intercept[k] + score[k] * unit;
	probabilities(score, p);
	return true;
}
"""


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--devpages", default="build/devpages")
    parser.add_argument("--features-tool", default="build/page_features")
    parser.add_argument("--model", default="src/extract/page_type_model.c")
    parser.add_argument("--report", default="bench/page-type-cv.txt")
    parser.add_argument("--folds", help="write each page's out-of-fold type here (JSON lines)")
    parser.add_argument("--check-types", action="store_true",
                        help="then check that the features tool (the compiled model) gives "
                             "each page the fitted model's type")
    args = parser.parse_args()
    names, x, y, domains, pages, bags, typed = load(args.devpages, args.features_tool)
    # One thread: faster on a few thousand pages, and the same model on
    # any machine.
    threadpool_limits(1)
    predicted, confidence, region, region_confidence = cross_validate(x, y, domains, bags, typed)
    text = report(y, predicted, region, pages)
    sys.stdout.write(text)
    with open(args.report, "w") as f:
        f.write(text)
    if args.folds:
        with open(args.folds, "w") as f:
            for (name, page), p, c, r, rc in zip(pages, predicted, confidence, region,
                                                 region_confidence):
                f.write(json.dumps({"set": name, "id": page, "page_type": TYPES[p],
                                    "confidence": round(float(c), 4),
                                    "region_type": TYPES[r],
                                    "region_confidence": round(float(rc), 4)}) + "\n")
    model = make_model().fit(x, y, bags, domains, typed)
    assert list(model.classes_) == list(range(len(TYPES)))
    assert len(names) == x.shape[1]
    assert names[REGRESSION_FEATURES] == FIRST_TREE_ONLY_FEATURE
    write_model(model, names, len(y), args.model)
    if args.check_types:
        check_types(model, x, bags, pages, args.devpages, args.features_tool)


def check_types(model, x, bags, pages, devpages, features_tool):
    """Exits with 1 unless the compiled model gives every page the type
    (and, within the JSON's rounding, the confidence) this one does."""
    p = model.predict_proba(x, bags)
    files = [os.path.join(devpages, name, "html", page + ".html") for name, page in pages]
    out = subprocess.run([features_tool, "--types"] + files, check=True, stdout=subprocess.PIPE)
    differ = 0
    for i, line in enumerate(out.stdout.decode().rstrip("\n").split("\n")):
        path, told, confidence = line.split("\t")
        if told != TYPES[p[i].argmax()] or abs(float(confidence) - p[i].max()) > 0.0005:
            print("%s: compiled %s %s, fitted %s %.4f" % (path, told, confidence,
                                                        TYPES[p[i].argmax()], p[i].max()))
            differ += 1
    print("compiled and fitted model agree on %d of %d pages" % (len(files) - differ, len(files)))
    if differ:
        sys.exit(1)


if __name__ == "__main__":
    main()
