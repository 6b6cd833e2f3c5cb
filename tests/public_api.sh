#!/bin/sh
# What only a compiler, or a look at the sources, can check of the public
# API (tests/test_api.c checks the rest at run time):
#   - a context's result is const: pith_result_free on what
#     pith_ctx_extract returned is a constraint violation (C11 6.5.2.2:
#     const discarded), which -std=c11 -pedantic-errors rejects, while the
#     right uses compile;
#   - include/pith.h compiles as C11 and as C++11, its _INIT macros too;
#   - the front ends use only the public header (docs/DESIGN.md): no file
#     in cli/ or python/ includes a header but include/'s, the C library's
#     and its own folder's (the Makefile also compiles them without -Isrc).
# Run from the repository root; builds nothing of pith. Prints
# "public_api: N passed, N failed" for tests/run.sh.
CC=${CC:-cc}
CXX=${CXX:-c++}
passed=0 failed=0
pass() { passed=$((passed + 1)); }
fail() {
	failed=$((failed + 1))
	echo "FAIL $*"
}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

cat >"$tmp/right.c" <<'END'
#include <pith.h>
int main(void)
{
	pith_ctx *ctx = pith_ctx_new();
	pith_extract_options options = PITH_EXTRACT_OPTIONS_INIT;
	const pith_result *borrowed = pith_ctx_extract(ctx, "<p>x</p>", 8, &options);
	pith_result *own = 0;
	pith_status status = pith_extract("<p>x</p>", 8, &options, &own);
	pith_result_free(own);
	pith_ctx_free(ctx);
	return borrowed->status == status ? 0 : 1;
}
END
cat >"$tmp/misuse.c" <<'END'
#include <pith.h>
int main(void)
{
	pith_ctx *ctx = pith_ctx_new();
	pith_result_free(pith_ctx_extract(ctx, "<p>x</p>", 8, 0));
	pith_ctx_free(ctx);
	return 0;
}
END
strict="-std=c11 -pedantic-errors -Wall -Wextra -Werror -Iinclude -fsyntax-only"
if $CC $strict "$tmp/right.c" 2>"$tmp/right.err"; then
	pass
else
	fail "the right use of results does not compile: $(cat "$tmp/right.err")"
fi
if $CC $strict "$tmp/misuse.c" 2>"$tmp/misuse.err"; then
	fail "pith_result_free(pith_ctx_extract(...)) compiles"
elif grep -q "discards.*const\|const.*discard" "$tmp/misuse.err"; then
	pass
else
	fail "the misuse is rejected for another reason: $(cat "$tmp/misuse.err")"
fi
# Without -pedantic-errors, GCC and clang still warn.
if $CC -std=c11 -Iinclude -fsyntax-only "$tmp/misuse.c" 2>&1 | grep -q "const"; then
	pass
else
	fail "the misuse compiles without a warning by default"
fi

# The header as C++, with every struct initialised by its macro.
cat >"$tmp/header.cpp" <<'END'
#include <pith.h>
int main()
{
	pith_parse_options parse = PITH_PARSE_OPTIONS_INIT;
	pith_extract_options extract = PITH_EXTRACT_OPTIONS_INIT;
	pith_batch_options batch = PITH_BATCH_OPTIONS_INIT;
	pith_record_info info = PITH_RECORD_INFO_INIT;
	return parse.size + extract.size + batch.size + info.size > 0 ? 0 : 1;
}
END
if $CXX -std=c++11 -Wall -Werror -Iinclude -fsyntax-only "$tmp/header.cpp" 2>"$tmp/cpp.err"; then
	pass
else
	fail "include/pith.h as C++11: $(cat "$tmp/cpp.err")"
fi

# Front ends: every #include "..." names a file of their own folder, and
# every #include <...> one that is not in src/.
for file in cli/*.c cli/*.h python/*.c; do
	[ -f "$file" ] || continue
	dir=$(dirname "$file")
	bad=""
	for name in $(sed -n 's/^[[:space:]]*#[[:space:]]*include[[:space:]]*"\([^"]*\)".*/\1/p' "$file"); do
		[ "$name" = pith.h ] && continue
		[ -f "$dir/$name" ] && case $name in */*) ;; *) continue ;; esac
		bad="$bad $name"
	done
	for name in $(sed -n 's/^[[:space:]]*#[[:space:]]*include[[:space:]]*<\([^>]*\)>.*/\1/p' "$file"); do
		[ -f "src/$name" ] && bad="$bad <$name>"
	done
	if [ -z "$bad" ]; then
		pass
	else
		fail "$file includes what is not the public header nor its own folder's:$bad"
	fi
done
# And the Makefile compiles them without -Isrc (in the build folder in use:
# under make asan or ubsan, make passes its BUILD on to this make).
BUILD=${BUILD:-build}
make -n -B "$BUILD/cli/pith.o" "$BUILD/python/pith/_pith.so" 2>/dev/null |
	grep -E ' -c cli/pith.c | python/pithmodule.c ' >"$tmp/commands"
if [ "$(wc -l <"$tmp/commands")" -ne 2 ]; then
	fail "make -n shows no command for cli/pith.c or python/pithmodule.c"
elif grep -q -- '-Isrc' "$tmp/commands"; then
	fail "the Makefile compiles cli/ or python/ with -Isrc: $(cat "$tmp/commands")"
else
	pass
fi

echo "public_api: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
