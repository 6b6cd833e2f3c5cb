#!/bin/sh
# Runs every test program, the fuzz-corpus replays and the quality gate
# (tests/quality.sh, pith's F1 on the dev datasets); each prints
# "NAME: N passed, N failed". Ends with the sum on one line and fails when
# any program failed. Run from the repository root (make test does).
BUILD=${BUILD:-build}
PITH_SHARED=${PITH_SHARED:-../shared}
# The development pages, unpacked once per build folder for the tests that
# read real pages, with their truth for the quality gate.
PITH_DEVPAGES=${PITH_DEVPAGES:-build/devpages}
export PITH_SHARED BUILD PITH_DEVPAGES
sh tools/unpack_devpages.sh
passed=0 failed=0 broken=""
log=$(mktemp)
trap 'rm -f "$log"' EXIT
for t in "$BUILD"/tests/test_* "$BUILD"/fuzz/replay_* tests/quality.sh tests/render_roundtrip.sh \
	tests/output_safety.sh tests/output_identity.sh tests/fetch.sh tests/warc_formats.sh tests/python.sh \
	tests/python_package.sh tests/exports.sh \
	tests/public_api.sh tests/layering.sh tests/install.sh tests/page_type_model.sh; do
	case $t in *.sh) ;; *) [ -x "$t" ] || continue ;; esac
	echo "== $t"
	case $t in
	*.sh) sh "$t" ;;
	*) "$t" ;;
	esac >"$log" 2>&1
	rc=$?
	cat "$log"
	line=$(grep -E '^[a-z0-9_ -]+: [0-9]+ passed, [0-9]+ failed' "$log" | tail -n 1)
	p=$(echo "$line" | sed -n 's/.*: \([0-9]*\) passed.*/\1/p')
	f=$(echo "$line" | sed -n 's/.* \([0-9]*\) failed.*/\1/p')
	passed=$((passed + ${p:-0}))
	failed=$((failed + ${f:-0}))
	if [ $rc -ne 0 ] || [ -z "$line" ]; then
		broken="$broken $t"
		[ "${f:-0}" -gt 0 ] || failed=$((failed + 1))
	fi
done
[ -z "$broken" ] || echo "failing programs:$broken"
echo "all: $passed passed, $failed failed"
[ -z "$broken" ]
