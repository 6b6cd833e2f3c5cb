#!/bin/sh
# pith fetching pages (a server on 127.0.0.1 that the test starts), lists
# of inputs, threads, directories walked, compressed pages, WARC files
# named, sitemaps and feeds: tests/test_fetch.py under Debian's Python.
# Prints "fetch: N passed, N failed" for tests/run.sh.
BUILD=${BUILD:-build}
PYTHON=${PYTHON:-/usr/bin/python3}
if [ ! -x "$BUILD/pith" ]; then
	echo "fetch: $BUILD/pith is missing (make builds it)"
	echo "fetch: 0 passed, 1 failed"
	exit 1
fi
BUILD=$BUILD exec "$PYTHON" "$(dirname "$0")/test_fetch.py"
