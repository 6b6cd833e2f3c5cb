#!/bin/sh
# Layering: a stage's working memory stays in its folder. A folder's
# *_internal.h (src/extract/extract_internal.h, the extractor's blocks and
# figures; src/metadata/metadata_internal.h; src/decode/decode_internal.h)
# is included by files of that folder only, never from elsewhere in src/
# (tests and tools/ may look inside); and the writers, src/document/ and
# src/render/, read extraction's product (pith_extraction, extract.h),
# never extract_internal.h. Run from the repository root; builds nothing.
# Prints "layering: N passed, N failed" for tests/run.sh.
passed=0 failed=0
pass() { passed=$((passed + 1)); }
fail() {
	failed=$((failed + 1))
	echo "FAIL $*"
}

# The files under the folders given (C and C++ sources and headers) that
# include a header named $1.
includers() {
	header=$1
	shift
	find "$@" -type f \( -name '*.c' -o -name '*.h' -o -name '*.cpp' \) \
		-exec grep -l -E "^[[:space:]]*#[[:space:]]*include[[:space:]]*[\"<]([^\">]*/)?$header[\">]" {} + |
		sort
}

headers=$(find src -name '*_internal.h' | sort)
[ -n "$headers" ] || fail "no src/*/*_internal.h found: the check would check nothing"
for header in $headers; do
	folder=$(dirname "$header")
	name=$(basename "$header")
	outside=$(includers "$name" src | grep -v "^$folder/")
	if [ -z "$outside" ]; then
		pass
	else
		fail "$header is included outside $folder/:" $outside
	fi
done

for folder in src/document src/render; do
	found=$(includers extract_internal.h "$folder")
	if [ -z "$found" ]; then
		pass
	else
		fail "$folder reads the extractor's working memory:" $found
	fi
done

# The check itself sees an include where there is one.
if [ -n "$(includers extract_internal.h src/extract)" ]; then
	pass
else
	fail "the include pattern finds no extract_internal.h in src/extract/"
fi

echo "layering: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
