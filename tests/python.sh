#!/bin/sh
# The Python module's tests (tests/python/, pytest) against the module that
# make python built into $BUILD/python; builds nothing itself. Prints
# "python: N passed, N failed" for tests/run.sh.
#
# Sanitizer builds (make asan, make ubsan) compile the module with their
# flags. A shared object does not carry the sanitizer runtime, so it is
# preloaded into Debian's Python, which is not instrumented itself: only
# pith's code is checked. Python keeps objects alive until exit by design,
# so LeakSanitizer is off here (the C tests check pith's leaks).
BUILD=${BUILD:-build}
PYTHON=${PYTHON:-/usr/bin/python3}
module=$BUILD/python/pith/_pith.so
if [ ! -f "$module" ]; then
	echo "python: $module is missing (make python builds it)"
	echo "python: 0 passed, 1 failed"
	exit 1
fi
runtime=""
undefined=$(nm -D --undefined-only "$module")
case $undefined in
*__asan_init*) runtime=asan-x86_64 ;;
*__ubsan_handle*) runtime=ubsan_standalone-x86_64 ;;
esac
if [ -n "$runtime" ]; then
	LD_PRELOAD=$(clang -print-file-name="libclang_rt.$runtime.so")
	export LD_PRELOAD
	export ASAN_OPTIONS=detect_leaks=0
fi
export PYTHONPATH="$BUILD/python" PYTHONDONTWRITEBYTECODE=1
log=$(mktemp)
trap 'rm -f "$log"' EXIT
# --capture=sys: a sanitizer's report, written to file descriptor 2 as the
# process dies, reaches the log.
"$PYTHON" -m pytest -p no:cacheprovider --capture=sys -q -rfEs tests/python "$@" >"$log" 2>&1
rc=$?
cat "$log"
summary=$(tail -n 1 "$log")
count() { echo "$summary" | grep -o "[0-9]* $1" | grep -o '[0-9]*' || echo 0; }
passed=$(count passed)
failed=$(($(count failed) + $(count error)))
skipped=$(count skipped)
[ $rc -eq 0 ] || [ "$failed" -gt 0 ] || failed=1
echo "python: $passed passed, $failed failed, $skipped skipped"
exit $rc
