#!/bin/sh
# Unpacks the development pages and their truth files from
# $PITH_SHARED/bench/data once, into $PITH_DEVPAGES (default
# build/devpages), for the tests that read real pages, the quality gate and
# make model. Through a temporary folder, so an interrupted unpack is never
# taken for a finished one. Nothing to do without the shared data.
PITH_SHARED=${PITH_SHARED:-../shared}
PITH_DEVPAGES=${PITH_DEVPAGES:-build/devpages}
if [ ! -d "$PITH_DEVPAGES" ] && [ -d "$PITH_SHARED/bench/data" ]; then
	rm -rf "$PITH_DEVPAGES.tmp"
	mkdir -p "$PITH_DEVPAGES.tmp"
	for archive in "$PITH_SHARED"/bench/data/*.tar.xz; do
		tar -xJf "$archive" -C "$PITH_DEVPAGES.tmp" --wildcards '*.html' '*/truth.jsonl' ||
			exit 1
	done
	mv "$PITH_DEVPAGES.tmp" "$PITH_DEVPAGES"
fi
