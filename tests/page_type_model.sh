#!/bin/sh
# The committed page-type model is what tools/train_page_type.py makes of
# the dev pages: fitted anew into a temporary folder, the model and its
# cross-validation report must equal src/extract/page_type_model.c and
# bench/page-type-cv.txt byte for byte (make model rewrites both), and
# the compiled model must give each labelled page the fitted one's type
# and confidence (--check-types). Three checks; skipped without the
# shared data. Run from the repository root.
BUILD=${BUILD:-build}
PITH_SHARED=${PITH_SHARED:-../shared}
PITH_DEVPAGES=${PITH_DEVPAGES:-build/devpages}
PYTHON=${PYTHON:-/usr/bin/python3}
if [ ! -d "$PITH_SHARED/bench/data" ]; then
	echo "no $PITH_SHARED/bench/data: page-type model not refitted"
	echo "page-type-model: 0 passed, 0 failed, 1 skipped"
	exit 0
fi
PITH_SHARED=$PITH_SHARED PITH_DEVPAGES=$PITH_DEVPAGES sh tools/unpack_devpages.sh || exit 1
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
passed=0 failed=0
if ! "$PYTHON" tools/train_page_type.py --devpages "$PITH_DEVPAGES" \
	--features-tool "$BUILD/page_features" --model "$out/model.c" \
	--report "$out/cv.txt" --check-types >"$out/log"; then
	echo "FAIL tools/train_page_type.py failed, or the compiled model differs:"
	tail -5 "$out/log"
	failed=3
else
	for pair in "src/extract/page_type_model.c model.c" "bench/page-type-cv.txt cv.txt"; do
		set -- $pair
		if cmp -s "$1" "$out/$2"; then
			passed=$((passed + 1))
		else
			echo "FAIL $1 is not what make model writes:"
			diff "$1" "$out/$2" | head -20
			failed=$((failed + 1))
		fi
	done
	passed=$((passed + 1)) # the compiled model's types
fi
echo "page-type-model: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
