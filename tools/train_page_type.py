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

Fits a multinomial logistic regression (scikit-learn's, Debian's
python3-sklearn; its solver is deterministic: the same pages give the same
model, byte for byte) and writes src/extract/page_type_model.c, which
predicts with nothing but libm. Before that it reports 5-fold
cross-validation grouped by site (each page typed by a model that never
saw its domain): accuracy on WCXB dev, the confusion matrix, and accuracy
on the other sets, printed and written to --report
(bench/page-type-cv.txt), with each page's out-of-fold type for measuring
extraction with it (--folds FILE).
"""
import argparse
import json
import os
import subprocess
import sys
from urllib.parse import urlparse

import numpy as np
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import GroupKFold
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import FunctionTransformer, StandardScaler

# pith_page_type's order, less "unknown" (the model never says it).
TYPES = ["article", "forum", "product", "collection", "listing", "documentation", "service"]
# Dataset, and the type of all its pages where its truth gives none.
SETS = [("wcxb-dev", None), ("magichtml", None), ("scrapinghub", "article"),
        ("fundus", "article"), ("newspaper", "article")]
FOLDS = 5
# The inverse of the penalty on the weights, chosen by the cross-validation
# below among 0.03, 0.05, 0.1, 0.2 and 1 (WCXB dev accuracy 0.810, 0.812,
# 0.809, 0.796, 0.773).
REGULARISATION = 0.05


def make_model():
    """Multinomial logistic regression over log(1 + measurement), each
    standardised: as accurate in cross-validation as a boosted forest of
    150 stages (0.81 against 0.82 on WCXB dev) at a hundredth of its cost
    per page and its size."""
    return make_pipeline(FunctionTransformer(np.log1p), StandardScaler(),
                         LogisticRegression(C=REGULARISATION, max_iter=5000))


def load(devpages, features_tool):
    names, rows, labels, domains, pages = None, [], [], [], []
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
    return (names, np.array(rows, dtype=np.float32), np.array(labels), domains, pages)


def cross_validate(x, y, domains):
    """Each page's type and confidence from a model fitted without its domain."""
    ids = {d: i for i, d in enumerate(sorted(set(domains)))}
    groups = np.array([ids[d] for d in domains])
    predicted = np.zeros(len(y), dtype=int)
    confidence = np.zeros(len(y))
    for train, test in GroupKFold(FOLDS).split(x, y, groups):
        model = make_model().fit(x[train], y[train])
        p = model.predict_proba(x[test])
        predicted[test] = model.classes_[p.argmax(1)]
        confidence[test] = p.max(1)
    return predicted, confidence


def report(y, predicted, pages):
    lines = []
    wcxb = np.array([p[0] == "wcxb-dev" for p in pages])
    lines.append("Page type, %d-fold cross-validation grouped by domain (%d pages, %d of WCXB dev)"
                 % (FOLDS, len(y), wcxb.sum()))
    lines.append("WCXB dev accuracy: %.3f" % (predicted[wcxb] == y[wcxb]).mean())
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


def c_doubles(values, indent="    "):
    """Values as C doubles that read back exactly, several a line."""
    items = [repr(float(v)) for v in values]
    return ",\n".join(indent + ", ".join(items[i:i + 4]) for i in range(0, len(items), 4))


def write_model(model, names, samples, path):
    """The fitted model as C: the scaler's means and scales, the weights
    and intercepts per type."""
    scaler = model.named_steps["standardscaler"]
    regression = model.named_steps["logisticregression"]
    weights = ",\n".join("    {\n%s}" % c_doubles(row, "\t") for row in regression.coef_)
    with open(path, "w") as f:
        f.write("""/* Generated by tools/train_page_type.py (make model): do not edit.
 * Multinomial logistic regression over log(1 + x) of the %d measurements
 * of page_type.c, each standardised, fitted on %d labelled dev pages
 * (C = %s). */
#include "page_type.h"

#include <math.h>

static const double mean[PITH_PAGE_FEATURES] = {
%s};

static const double scale[PITH_PAGE_FEATURES] = {
%s};

static const double weight[%d][PITH_PAGE_FEATURES] = {
%s};

static const double intercept[%d] = {
%s};

pith_page_type pith_page_type_predict(const float features[PITH_PAGE_FEATURES],
                                      float *confidence)
{
	double x[PITH_PAGE_FEATURES];
	for (int j = 0; j < PITH_PAGE_FEATURES; j++)
		x[j] = (log1p(features[j] > 0 ? (double)features[j] : 0.0) - mean[j]) / scale[j];
	double score[%d];
	int best = 0;
	for (int k = 0; k < %d; k++) {
		score[k] = intercept[k];
		for (int j = 0; j < PITH_PAGE_FEATURES; j++)
			score[k] += weight[k][j] * x[j];
		if (score[k] > score[best])
			best = k;
	}
	/* The softmax of the scores: the winner's share is its confidence. */
	double sum = 0;
	for (int k = 0; k < %d; k++)
		sum += exp(score[k] - score[best]);
	*confidence = (float)(1.0 / sum);
	return (pith_page_type)(PITH_PAGE_TYPE_ARTICLE + best);
}
""" % (len(names), samples, REGULARISATION, c_doubles(scaler.mean_), c_doubles(scaler.scale_),
       len(TYPES), weights, len(TYPES), c_doubles(regression.intercept_), len(TYPES),
       len(TYPES), len(TYPES)))


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--devpages", default="build/devpages")
    parser.add_argument("--features-tool", default="build/page_features")
    parser.add_argument("--model", default="src/extract/page_type_model.c")
    parser.add_argument("--report", default="bench/page-type-cv.txt")
    parser.add_argument("--folds", help="write each page's out-of-fold type here (JSON lines)")
    args = parser.parse_args()
    names, x, y, domains, pages = load(args.devpages, args.features_tool)
    predicted, confidence = cross_validate(x, y, domains)
    text = report(y, predicted, pages)
    sys.stdout.write(text)
    with open(args.report, "w") as f:
        f.write(text)
    if args.folds:
        with open(args.folds, "w") as f:
            for (name, page), p, c in zip(pages, predicted, confidence):
                f.write(json.dumps({"set": name, "id": page, "page_type": TYPES[p],
                                    "confidence": round(float(c), 4)}) + "\n")
    model = make_model().fit(x, y)
    assert list(model.classes_) == list(range(len(TYPES)))
    assert len(names) == x.shape[1]
    write_model(model, names, len(y), args.model)


if __name__ == "__main__":
    main()
