#!/bin/sh
# The library shows exactly its API (docs/ABI.md): the functions that
# include/pith.h declares with PITH_API are the dynamic symbols of
# $BUILD/libpith.so, no more, no less, each under the version node of
# src/libpith.map, whose list is the header's too; the shared library is
# libpith.so.MAJOR.MINOR.PATCH of the header's version, its soname
# libpith.so.MAJOR, and libpith.so leads to it; in libpith.a every
# other global symbol is hidden (so a shared object that links the archive
# does not export it) and named pith_ (so it cannot clash with a program's
# own). Run from the repository root; builds nothing. Prints
# "exports: N passed, N failed" for tests/run.sh.
BUILD=${BUILD:-build}
shared=$BUILD/libpith.so
archive=$BUILD/libpith.a
passed=0 failed=0
pass() { passed=$((passed + 1)); }
fail() {
	failed=$((failed + 1))
	echo "FAIL $*"
}
# A part of the version: MAJOR, MINOR or PATCH.
version() { sed -n "s/^#define PITH_VERSION_$1 *\([0-9]*\)\$/\1/p" include/pith.h; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# The header's functions: every top-level declaration of a function (a line
# that starts with a type and names pith_...( ) must carry PITH_API.
grep -E '^[a-zA-Z_].*[ *]pith_[a-z0-9_]+\(' include/pith.h | grep -v '^typedef' >"$tmp/declarations"
sed -n 's/.*[ *]\(pith_[a-z0-9_]*\)(.*/\1/p' "$tmp/declarations" | sort >"$tmp/header"
grep -v '^PITH_API ' "$tmp/declarations" >"$tmp/unmarked"
if [ -s "$tmp/unmarked" ]; then
	fail "declared without PITH_API: $(cat "$tmp/unmarked")"
else
	pass
fi
count=$(wc -l <"$tmp/header")
if [ "$count" -ge 20 ]; then pass; else fail "only $count functions found in include/pith.h"; fi

# Compares two sorted lists, one check per name of either.
same_list() { # what, expected file, got file
	comm -23 "$2" "$3" >"$tmp/missing"
	comm -13 "$2" "$3" >"$tmp/extra"
	comm -12 "$2" "$3" >"$tmp/both"
	passed=$((passed + $(wc -l <"$tmp/both")))
	while read -r name; do fail "$1: $name is missing"; done <"$tmp/missing"
	while read -r name; do fail "$1: $name is not in include/pith.h"; done <"$tmp/extra"
}

# The version script's global list.
sed -n '/global:/,/local:/p' src/libpith.map | sed -n 's/^[[:space:]]*\(pith_[a-z0-9_]*\);.*/\1/p' |
	sort >"$tmp/map"
same_list "src/libpith.map" "$tmp/header" "$tmp/map"
node=$(sed -n 's/^\([A-Z][A-Z0-9_.]*\) {.*/\1/p' src/libpith.map | head -n 1)

if [ ! -f "$shared" ]; then
	fail "$shared is missing (make builds it)"
else
	# Defined dynamic symbols, less the version node's own (type A).
	nm -D --defined-only "$shared" | awk '$2 != "A" { print $2, $3 }' >"$tmp/dynamic"
	sed 's/.* //; s/@.*//' "$tmp/dynamic" | sort >"$tmp/exported"
	same_list "$shared" "$tmp/header" "$tmp/exported"
	# Functions, each under the map's (first) node, the default version.
	while read -r type name; do
		case $type in
		T) pass ;;
		*) fail "$shared: $name is of type $type, not a function" ;;
		esac
		case $name in
		*"@@$node") pass ;;
		*) fail "$shared: $name is not under the version node $node" ;;
		esac
	done <"$tmp/dynamic"
	major=$(version MAJOR)
	file=libpith.so.$major.$(version MINOR).$(version PATCH)
	soname=$(readelf -d "$shared" | sed -n 's/.*Library soname: \[\(.*\)\]$/\1/p')
	if [ "$soname" = "libpith.so.$major" ]; then pass; else fail "$shared: soname '$soname', not libpith.so.$major"; fi
	if [ "$(basename "$(readlink -f "$shared")")" = "$file" ] && [ -f "$BUILD/$file" ] &&
		[ "$(readlink "$BUILD/libpith.so.$major")" = "$file" ]; then
		pass
	else
		fail "$shared does not lead to $file through libpith.so.$major"
	fi
fi

if [ ! -f "$archive" ]; then
	fail "$archive is missing (make builds it)"
else
	# Defined global and weak symbols of every object: name and visibility,
	# less those the compiler makes, not pith: names that begin with two
	# underscores (sanitizers'), DW.ref. (C++'s personality routine), and
	# weak typeinfo (_ZTI, _ZTS: make ubsan's checks of function types).
	readelf -sW "$archive" |
		awk '($5 == "GLOBAL" || $5 == "WEAK") && $7 != "UND" { print $8, $6, $5 }' |
		grep -v -e '^__' -e '^DW\.ref\.' -e '^_ZT[IS][^ ]* [A-Z]* WEAK$' | sort -u >"$tmp/archive"
	awk '$2 == "DEFAULT" { print $1 }' "$tmp/archive" >"$tmp/visible"
	same_list "$archive, default visibility" "$tmp/header" "$tmp/visible"
	awk '{ print $1 }' "$tmp/archive" >"$tmp/ours"
	grep -v '^pith_' "$tmp/ours" >"$tmp/unprefixed"
	if [ -s "$tmp/unprefixed" ]; then
		while read -r name; do fail "$archive: global $name is not named pith_"; done <"$tmp/unprefixed"
	else
		pass
	fi
	internal=$(grep -c -v -x -F -f "$tmp/header" "$tmp/ours")
	if [ "$internal" -gt 0 ]; then pass; else fail "$archive: no internal symbol found (readelf?)"; fi
fi

echo "exports: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
