#!/bin/sh
# The quality gate: pith --format json over each development dataset,
# scored by ../shared/bench/score.py, must keep its F1 (metric a) within
# 0.005 of the dataset's line in bench/quality-baseline.txt. The
# multilingual sets are scored with --tokens cjk, and run with their
# truth's charset_hint as the transport charset (bench/pith_json.py). One
# check per dataset; prints "quality: N passed, N failed" as tests/run.sh
# expects, and reports itself skipped without the shared data.
#
# The pages and truth are unpacked once into $PITH_DEVPAGES: by tests/run.sh,
# or here for what is missing (a run on its own, a folder from before the
# truth files were unpacked too). Raising the baseline is
# make bench UPDATE_BASELINE=1 (bench/README.md).
# Run from the repository root.
BUILD=${BUILD:-build}
PITH_SHARED=${PITH_SHARED:-../shared}
PITH_DEVPAGES=${PITH_DEVPAGES:-build/devpages}
baseline=bench/quality-baseline.txt
# How far below its baseline a dataset's F1 may fall.
tolerance=0.005
multilingual="fundus magichtml chinese-wced newspaper"
datasets="scrapinghub readability wcxb-dev $multilingual"

if [ ! -d "$PITH_SHARED/bench/data" ]; then
	echo "no $PITH_SHARED/bench/data: quality gate skipped"
	echo "quality: 0 passed, 0 failed, 1 skipped"
	exit 0
fi

out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
passed=0 failed=0
for name in $datasets; do
	archive=$PITH_SHARED/bench/data/$name.tar.xz
	dir=$PITH_DEVPAGES/$name
	# Unpacked into a temporary folder first, so an interrupted unpack is
	# never taken for a finished one.
	if [ ! -d "$dir/html" ]; then
		mkdir -p "$PITH_DEVPAGES/$name.tmp"
		tar -xJf "$archive" -C "$PITH_DEVPAGES/$name.tmp" --wildcards '*.html' '*/truth.jsonl' &&
			mv "$PITH_DEVPAGES/$name.tmp/$name" "$dir"
		rm -rf "$PITH_DEVPAGES/$name.tmp"
	elif [ ! -f "$dir/truth.jsonl" ]; then
		tar -xJf "$archive" -O "$name/truth.jsonl" >"$dir/truth.jsonl.tmp" &&
			mv "$dir/truth.jsonl.tmp" "$dir/truth.jsonl"
	fi

	want=$(awk -v name="$name" '$1 == name {print $2}' "$baseline" 2>/dev/null)
	# pith exits 1 when some page failed: the score counts those pages.
	rc=0
	python3 bench/pith_json.py "$BUILD/pith" "$dir" >"$out/pith.jsonl" 2>"$out/pith.err" || rc=$?
	tokens=word
	case " $multilingual " in *" $name "*) tokens=cjk ;; esac
	if [ $rc -le 1 ] &&
		python3 bench/predictions.py <"$out/pith.jsonl" >"$out/pred.jsonl" &&
		python3 "$PITH_SHARED/bench/score.py" --truth "$dir/truth.jsonl" --pred "$out/pred.jsonl" \
			--tokens "$tokens" --json --n-bootstrap 0 >"$out/score.json"; then
		got=$(python3 -c 'import json, sys; print("%.4f" % json.load(sys.stdin)["scrapinghub"]["f1"])' \
			<"$out/score.json")
	else
		tail -n 5 "$out/pith.err"
		got=""
	fi

	if [ -z "$got" ]; then
		echo "FAIL $name: pith or the scorer failed (pith exit status $rc)"
		failed=$((failed + 1))
	elif [ -z "$want" ]; then
		echo "FAIL $name: F1 $got, no baseline line in $baseline"
		failed=$((failed + 1))
	elif awk -v got="$got" -v want="$want" -v tol="$tolerance" 'BEGIN { exit !(got < want - tol) }'; then
		echo "FAIL $name: F1 $got, more than $tolerance below its baseline $want"
		failed=$((failed + 1))
	else
		note=""
		awk -v got="$got" -v want="$want" -v tol="$tolerance" 'BEGIN { exit !(got > want + tol) }' &&
			note=" (above: make bench UPDATE_BASELINE=1 raises the baseline)"
		echo "ok   $name: F1 $got, baseline $want$note"
		passed=$((passed + 1))
	fi
done
echo "quality: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
