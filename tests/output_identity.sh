#!/bin/sh
# Output identity: every output form of pith (text, markdown with and
# without images, html, json with images and comments, and pith warc's
# lines) on every development page must be byte for byte what
# tests/data/output-digests.txt records (tests/output_digests.py says how a
# digest is made). A refactor leaves the file as it is; a change that means
# to move output (the extractor, a renderer) rewrites it with
#   sh tests/output_identity.sh --update
# in the same commit, so the diff names each page and form that moved.
# One check per dataset; skipped without the development pages.
BUILD=${BUILD:-build}
PITH_DEVPAGES=${PITH_DEVPAGES:-build/devpages}
expected=tests/data/output-digests.txt

if [ ! -d "$PITH_DEVPAGES" ] || [ -z "$(ls "$PITH_DEVPAGES")" ]; then
	echo "no development pages in $PITH_DEVPAGES: output identity skipped"
	echo "output identity: 0 passed, 0 failed, 1 skipped"
	exit 0
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
python3 tests/output_digests.py "$BUILD/pith" "$PITH_DEVPAGES" "$work" >"$work/digests.txt" || {
	echo "output identity: 0 passed, 1 failed"
	exit 1
}
if [ "${1:-}" = "--update" ]; then
	cp "$work/digests.txt" "$expected"
	echo "wrote $expected ($(wc -l <"$expected") pages)"
	exit 0
fi
passed=0 failed=0
for name in $(cut -d/ -f1 "$work/digests.txt" "$expected" | sort -u); do
	grep "^$name/" "$expected" >"$work/want"
	grep "^$name/" "$work/digests.txt" >"$work/got"
	if cmp -s "$work/want" "$work/got"; then
		passed=$((passed + 1))
	else
		failed=$((failed + 1))
		echo "FAIL $name: output differs from $expected on $(diff "$work/want" "$work/got" | grep -c '^>') pages, e.g.:"
		diff "$work/want" "$work/got" | head -n 6
	fi
done
[ "$failed" -eq 0 ] || echo "(an intended change: sh tests/output_identity.sh --update, in the same commit)"
echo "output identity: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
