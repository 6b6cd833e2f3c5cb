#!/bin/sh
# make install as a packager runs it (DESTDIR staging, PREFIX=/usr), then
# the examples built against the staged copy as a user would build them,
# with pkg-config, against the shared library and against the archive;
# the man pages render without a warning; make uninstall takes every file
# back. Run from the repository root after make: make test runs it, and
# make install then finds the build up to date, since it inherits make's
# variables (make asan's CC and CFLAGS too). Run by hand on a sanitizer
# build, give make's variables, or make install rebuilds the library with
# the default flags (BUILD/library-flags). Prints "install: N passed, N
# failed" for tests/run.sh.
BUILD=${BUILD:-build}
passed=0 failed=0
pass() { passed=$((passed + 1)); }
fail() {
	failed=$((failed + 1))
	echo "FAIL $*"
}
# check NAME COMMAND...: passes when the command succeeds.
check() {
	name=$1
	shift
	if "$@" >"$tmp/out" 2>&1; then pass; else
		fail "$name"
		sed 's/^/  /' "$tmp/out" | head -n 20
	fi
}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
root=$tmp/root
work=$tmp/work
mkdir -p "$root" "$work"

version() { sed -n "s/^#define PITH_VERSION_$1 *\([0-9]*\)\$/\1/p" include/pith.h; }
major=$(version MAJOR)
full=$major.$(version MINOR).$(version PATCH)

if ! make -s install DESTDIR="$root" PREFIX=/usr BUILD="$BUILD" >"$tmp/make" 2>&1; then
	fail "make install"
	cat "$tmp/make"
	echo "install: $passed passed, $failed failed"
	exit 1
fi
pass

# Every file, each with its mode, and nothing else.
cat >"$tmp/expected" <<EOF
/usr/bin/pith -rwxr-xr-x
/usr/include/pith.h -rw-r--r--
/usr/lib/libpith.a -rw-r--r--
/usr/lib/libpith.so lrwxrwxrwx libpith.so.$major
/usr/lib/libpith.so.$major lrwxrwxrwx libpith.so.$full
/usr/lib/libpith.so.$full -rw-r--r--
/usr/lib/pkgconfig/pith.pc -rw-r--r--
/usr/share/man/man1/pith.1 -rw-r--r--
/usr/share/man/man3/pith.3 -rw-r--r--
EOF
(cd "$root" && find . ! -type d | sort) | while read -r file; do
	printf '%s %s' "${file#.}" "$(stat -c %A "$root/$file")"
	[ -L "$root/$file" ] && printf ' %s' "$(readlink "$root/$file")"
	echo
done >"$tmp/installed"
while read -r line; do
	if grep -q -x -F "$line" "$tmp/installed"; then pass; else fail "not installed as expected: $line"; fi
done <"$tmp/expected"
while read -r line; do
	grep -q -x -F "$line" "$tmp/expected" || fail "installed but not expected: $line"
done <"$tmp/installed"
check "the installed header is include/pith.h" cmp include/pith.h "$root/usr/include/pith.h"
check "the installed man page pith.1" cmp docs/pith.1 "$root/usr/share/man/man1/pith.1"
check "the installed man page pith.3" cmp docs/pith.3 "$root/usr/share/man/man3/pith.3"
check "the installed pith --version" sh -c "[ \"\$('$root/usr/bin/pith' --version)\" = 'pith $full' ]"

# pkg-config reads the staged pith.pc as if it were installed in /usr.
PKG_CONFIG_PATH=$root/usr/lib/pkgconfig
PKG_CONFIG_SYSROOT_DIR=$root
export PKG_CONFIG_PATH PKG_CONFIG_SYSROOT_DIR
check "pkg-config --validate pith" pkg-config --validate pith
check "pkg-config --modversion pith is $full" sh -c "[ \"\$(pkg-config --modversion pith)\" = '$full' ]"
cflags=$(pkg-config --cflags pith)
shared_libs=$(pkg-config --libs pith)
# pkg-config cannot choose the archive while the shared library lies
# beside it: -lpith is wrapped in -Bstatic, as README's "Installing" says.
static_libs=$(pkg-config --static --libs pith | sed 's/-lpith /-Wl,-Bstatic -lpith -Wl,-Bdynamic /')
case $static_libs in
*-Bstatic*-lcld2_full*-luchardet*) pass ;;
*) fail "pkg-config --static --libs pith: $static_libs" ;;
esac

# The examples are compiled with the library's sanitizer, if it has one
# (make asan, make ubsan), which must also be the compiler's.
cc=${CC:-cc}
sanitize=""
case $(nm -D --undefined-only "$BUILD/libpith.so" 2>/dev/null) in
*__asan_init*) cc=clang sanitize=-fsanitize=address ;;
*__ubsan_handle*) cc=clang sanitize=-fsanitize=undefined ;;
esac

# build NAME LINKING LIBS: examples/NAME.c into $work/NAME-LINKING.
build() {
	# shellcheck disable=SC2086 # the flags are words
	if $cc -std=c11 -Wall -Wextra -Werror $sanitize -o "$work/$1-$2" "examples/$1.c" $cflags $3 \
		>"$tmp/out" 2>&1; then
		pass
	else
		fail "examples/$1.c does not build against the $2 library"
		sed 's/^/  /' "$tmp/out" | head -n 20
		return 1
	fi
	needed=$(readelf -d "$work/$1-$2" | sed -n 's/.*(NEEDED).*\[\(.*\)\]/\1/p')
	case $2:$needed in
	shared:*"libpith.so.$major"*) pass ;;
	static:*libpith*) fail "$1-static needs a libpith: $needed" ;;
	static:*) pass ;;
	*) fail "$1-$2 does not need libpith.so.$major: $needed" ;;
	esac
}

# run NAME LINKING ARGS...: the program's output in $tmp/NAME.out.
run() {
	program=$work/$1-$2
	shift 2
	LD_LIBRARY_PATH=$root/usr/lib "$program" "$@" >"$tmp/run.out" 2>"$tmp/run.err"
}

for linking in shared static; do
	case $linking in shared) libs=$shared_libs ;; *) libs=$static_libs ;; esac

	if build extract $linking "$libs"; then
		# One page: its title and date, a blank line, its text.
		if run extract $linking examples/sample.html &&
			[ "$(head -n 1 "$tmp/run.out")" = "A Revolutionist in Istanbul: Leon Trotksy (2016-03-14T10:22:31+02:00)" ] &&
			[ "$(sed -n 2p "$tmp/run.out")" = "" ] &&
			tail -n +3 "$tmp/run.out" | cmp -s - examples/sample.expected.txt; then
			pass
		else
			fail "extract-$linking on examples/sample.html"
			head -n 5 "$tmp/run.out" "$tmp/run.err"
		fi
		# Two pages with one context: Markdown, metadata, comments.
		if run extract $linking examples/sample.html examples/sample.html &&
			[ "$(grep -c -x '==> examples/sample.html <==' "$tmp/run.out")" = 2 ] &&
			[ "$(grep -c -x 'language: en (0.99)' "$tmp/run.out")" = 2 ] &&
			[ "$(grep -c -x 'comments: 1' "$tmp/run.out")" = 2 ] &&
			[ "$(grep -c -F '[Leon Trotsky](https://bosporusnotebook.example/tag/leon-trotsky/)' "$tmp/run.out")" = 2 ]; then
			pass
		else
			fail "extract-$linking on two pages"
			head -n 8 "$tmp/run.out" "$tmp/run.err"
		fi
		# A missing file: the error, and exit status 1.
		if ! run extract $linking "$tmp/missing.html" && grep -q 'missing.html' "$tmp/run.err"; then
			pass
		else
			fail "extract-$linking on a missing file"
		fi
	fi

	if build warc $linking "$libs"; then
		# Record by record, then a batch into a .gz file.
		length=$(($(wc -c <examples/sample.expected.txt) - 1))
		printf 'https://pages.example/0\tA Revolutionist in Istanbul: Leon Trotksy\t%s bytes of text\n3 records, 1 HTML, 0 malformed\nbatch: 1 lines with text, 0 with an error, 2 records skipped\n' \
			"$length" >"$tmp/warc.expected"
		if run warc $linking examples/sample.warc.gz "$work/out.jsonl.gz" &&
			cmp -s "$tmp/run.out" "$tmp/warc.expected" &&
			[ "$(gzip -dc "$work/out.jsonl.gz" | wc -l)" = 1 ] &&
			gzip -dc "$work/out.jsonl.gz" | grep -q -F '"uri":"https://pages.example/0"' &&
			gzip -dc "$work/out.jsonl.gz" | grep -q -F '"title":"A Revolutionist in Istanbul: Leon Trotksy"'; then
			pass
		else
			fail "warc-$linking on examples/sample.warc.gz"
			cat "$tmp/run.out" "$tmp/run.err"
		fi
		rm -f "$work/out.jsonl.gz"
		# A page is not a WARC file.
		if ! run warc $linking examples/sample.html && grep -q -x '1 records, 0 HTML, 1 malformed' "$tmp/run.out"; then
			pass
		else
			fail "warc-$linking on a page"
		fi
	fi
done

# The man pages render, through man and through groff with every warning.
for page in man1/pith.1 man3/pith.3; do
	file=$root/usr/share/man/$page
	if MANWIDTH=80 man -l "$file" >"$tmp/man.out" 2>"$tmp/man.err" && [ ! -s "$tmp/man.err" ] &&
		[ -s "$tmp/man.out" ]; then
		pass
	else
		fail "man -l $page"
		head -n 5 "$tmp/man.err"
	fi
	if groff -man -ww -z "$file" >"$tmp/groff.err" 2>&1 && [ ! -s "$tmp/groff.err" ]; then
		pass
	else
		fail "groff -man -ww -z $page"
		head -n 5 "$tmp/groff.err"
	fi
done
# man finds both where they were installed.
for section in 1 3; do
	check "man -w $section pith" sh -c "[ \"\$(man -M '$root/usr/share/man' -w $section pith)\" = '$root/usr/share/man/man$section/pith.$section' ]"
done

if make -s uninstall DESTDIR="$root" PREFIX=/usr BUILD="$BUILD" >"$tmp/make" 2>&1; then pass; else
	fail "make uninstall"
	cat "$tmp/make"
fi
left=$(cd "$root" && find . ! -type d)
if [ -z "$left" ]; then pass; else fail "make uninstall left: $left"; fi

echo "install: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
