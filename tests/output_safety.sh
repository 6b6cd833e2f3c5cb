#!/bin/sh
# What pith's output promises, held to hostile pages: the XSS vectors of
# tests/data/xss/ in article pages, rendered as Markdown (read back
# through cmark-gfm --unsafe with every extension), HTML and JSON, and
# read by html5lib and by pith's own parser (tests/output_safety.py says
# what is checked). Prints "output_safety: N passed, N failed". Run from
# the repository root.
BUILD=${BUILD:-build}
PYTHON=${PYTHON:-/usr/bin/python3}
if ! command -v cmark-gfm >/dev/null 2>&1 || ! "$PYTHON" -c 'import html5lib' 2>/dev/null; then
	echo "cmark-gfm or python3-html5lib is missing (sh tools/setup.sh installs them)"
	echo "output_safety: 0 passed, 1 failed"
	exit 1
fi
exec "$PYTHON" tests/output_safety.py "$BUILD/pith" tests/data/xss
