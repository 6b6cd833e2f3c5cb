#!/bin/sh
# The Debian packages (debian/): dpkg-buildpackage -b -us -uc in a copy of
# the source tree without build/ (the files git tracks or would track,
# uncommitted changes included); every package with its files; the
# packages unpacked with dpkg -x into a folder (and, with
# PITH_INSTALL_DEBS=1 as root, as .ci/run runs it, also installed with
# apt-get, used and purged): the command
# runs on the sample page with the unpacked library folder as
# LD_LIBRARY_PATH, Python imports pith from the unpacked dist-packages,
# and examples/extract.c builds against libpith-dev through pith.pc and
# runs with libpith0; debian/changelog's version is include/pith.h's,
# debian/libpith0.symbols lists src/libpith.map's functions; lintian
# reports no error (its warnings are printed). A full build, so slow
# (about 3 minutes): .ci/run runs it once, as a step of its own, not
# tests/run.sh. Run from the repository root; builds nothing in it.
# Prints "debian package: N passed, N failed".
PYTHON=${PYTHON:-/usr/bin/python3}
passed=0 failed=0
pass() { passed=$((passed + 1)); }
fail() {
	failed=$((failed + 1))
	echo "FAIL $*"
}
finish() {
	echo "debian package: $passed passed, $failed failed"
	[ "$failed" -eq 0 ]
	exit
}
# check NAME COMMAND...: passes when the command succeeds.
check() {
	name=$1
	shift
	if "$@" >"$tmp/out" 2>&1; then pass; else
		fail "$name"
		sed 's/^/  /' "$tmp/out" | tail -n 30
	fi
}
root=$(pwd)
version() { sed -n "s/^#define PITH_VERSION_$1 *\([0-9]*\)\$/\1/p" include/pith.h; }
major=$(version MAJOR)
full=$major.$(version MINOR).$(version PATCH)
arch=$(dpkg-architecture -qDEB_HOST_ARCH)
multiarch=$(dpkg-architecture -qDEB_HOST_MULTIARCH)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# What the build must agree with before it starts.
changelog=$(dpkg-parsechangelog -l debian/changelog -S Version)
if [ "$changelog" = "$full" ]; then pass; else fail "debian/changelog says $changelog, include/pith.h $full"; fi
# Each function with its version node, as "NAME@NODE".
awk '/^[A-Z0-9_.]+ *\{/ { node = $1; sub(/\{.*/, "", node) }
	match($0, /^[ \t]*pith_[a-z0-9_]+;/) { name = $0; gsub(/[ \t;]/, "", name); print name "@" node }' \
	src/libpith.map | sort >"$tmp/map"
sed -n 's/^ \(pith_[a-z0-9_]*@PITH_[0-9.]*\) .*/\1/p' debian/libpith0.symbols | sort >"$tmp/symbols"
if [ "$(wc -l <"$tmp/map")" -ge 20 ] && cmp -s "$tmp/map" "$tmp/symbols"; then pass; else
	fail "debian/libpith0.symbols does not list src/libpith.map's functions (a new function: \" pith_NAME@NODE VERSION\", VERSION the first that has it)"
	diff "$tmp/map" "$tmp/symbols" | sed 's/^/  /'
fi

source=$tmp/pith
mkdir "$source" "$tmp/unpacked" "$tmp/elsewhere"
if git ls-files >/dev/null 2>&1; then
	git ls-files -c -o --exclude-standard | while read -r file; do
		[ -f "$file" ] || [ -L "$file" ] && echo "$file"
	done >"$tmp/files"
else
	find . \( -type f -o -type l \) ! -path './build*' ! -path './.git/*' ! -path './bench/work/*' >"$tmp/files"
fi
check "copy the source tree" sh -c "tar -cf - -T '$tmp/files' | tar -xf - -C '$source'"

jobs=$(nproc 2>/dev/null || echo 1)
unset MAKEFLAGS MFLAGS MAKELEVEL
start=$(date +%s)
if ! (cd "$source" && DEB_BUILD_OPTIONS="parallel=$jobs ${DEB_BUILD_OPTIONS:-}" \
	dpkg-buildpackage -b -us -uc) >"$tmp/build.log" 2>&1; then
	fail "dpkg-buildpackage -b -us -uc"
	tail -n 40 "$tmp/build.log"
	finish
fi
pass
echo "dpkg-buildpackage: $(($(date +%s) - start)) s"

# deb PACKAGE: the .deb file of a package.
deb() { echo "$tmp/${1}_${full}_$arch.deb"; }
for package in libpith0 libpith-dev pith python3-pith; do
	if [ -f "$(deb $package)" ]; then pass; else fail "no $(basename "$(deb $package)")"; fi
done
# has PACKAGE PATH...: the package holds each path (files and links).
has() {
	package=$1
	shift
	dpkg-deb -c "$(deb "$package")" 2>/dev/null | awk '{ print $6 }' | sed 's|^\./|/|' >"$tmp/contents"
	for path in "$@"; do
		if grep -q -x -F "$path" "$tmp/contents"; then pass; else fail "$package does not hold $path"; fi
	done
}
lib=/usr/lib/$multiarch
dist=/usr/lib/python3/dist-packages/pith
has libpith0 "$lib/libpith.so.$full" "$lib/libpith.so.$major"
has libpith-dev /usr/include/pith.h "$lib/libpith.a" "$lib/libpith.so" "$lib/pkgconfig/pith.pc" \
	/usr/share/man/man3/pith.3.gz
has pith /usr/bin/pith /usr/share/man/man1/pith.1.gz
has python3-pith "$dist/__init__.py" "$dist/dask.py"
if grep -q -x "$dist/_pith\.cpython-.*\.so" "$tmp/contents"; then pass; else fail "python3-pith holds no extension"; fi
# Each package's copyright is debian/copyright, in which
has pith /usr/share/doc/pith/copyright
# the paragraph "License: Expat" and its text, which must be LICENSE's
# from "Permission" on.
awk 'BEGIN { RS = "" } /^License: Expat\n/ { print }' debian/copyright | sed '1d; s/^ //; s/^\.$//' >"$tmp/expat"
if [ -s "$tmp/expat" ] && sed -n '/^Permission/,$p' LICENSE | cmp -s - "$tmp/expat"; then pass; else
	fail "debian/copyright's Expat licence is not LICENSE's"
	sed -n '/^Permission/,$p' LICENSE | diff - "$tmp/expat" | head -n 10
fi

# Dependencies: the library by its exact version, Python's by dh_python3,
# the rest by dpkg-shlibdeps; the symbols file is shipped.
field() { dpkg-deb -f "$(deb "$1")" "$2"; }
case $(field libpith-dev Depends) in *"libpith0 (= $full)"*) pass ;; *) fail "libpith-dev Depends: $(field libpith-dev Depends)" ;; esac
case $(field python3-pith Depends) in *"python3 (>= "*) pass ;; *) fail "python3-pith Depends: $(field python3-pith Depends)" ;; esac
for package in libpith0 pith python3-pith; do
	case $(field $package Depends) in
	*libuchardet0*libc6* | *libc6*libuchardet0*) pass ;;
	*) fail "$package Depends: $(field $package Depends)" ;;
	esac
done
# Only the command fetches pages: libcurl is its dependency, not the library's.
case $(field pith Depends) in *libcurl4*) pass ;; *) fail "pith Depends: $(field pith Depends)" ;; esac
case $(field libpith0 Depends) in *libcurl*) fail "libpith0 Depends: $(field libpith0 Depends)" ;; *) pass ;; esac
check "libpith0 ships its symbols file" sh -c "dpkg-deb -I '$(deb libpith0)' symbols | grep -q '^ pith_extract@PITH_0 '"

# The packages unpacked, not installed.
unpacked=$tmp/unpacked
for package in libpith0 libpith-dev pith python3-pith; do
	check "dpkg -x $package" dpkg -x "$(deb $package)" "$unpacked"
done
export LD_LIBRARY_PATH="$unpacked$lib"
check "the packaged pith on examples/sample.html" sh -c \
	"'$unpacked/usr/bin/pith' '$root/examples/sample.html' | cmp - '$root/examples/sample.expected.txt'"
check "the packaged pith --version" sh -c "[ \"\$('$unpacked/usr/bin/pith' --version)\" = 'pith $full' ]"
found=$(cd "$tmp/elsewhere" && PYTHONPATH="$unpacked/usr/lib/python3/dist-packages" "$PYTHON" -c 'import pith, pith.dask; print(pith.__file__); print(pith.__version__)' 2>&1)
if [ "$found" = "$unpacked$dist/__init__.py
$full" ]; then pass; else fail "python3 imports pith from the package: $found"; fi
check "the packaged pith.extract on examples/sample.html" sh -c "cd '$tmp/elsewhere' && PYTHONPATH='$unpacked/usr/lib/python3/dist-packages' '$PYTHON' -c 'import sys, pith; sys.stdout.write(pith.extract(open(sys.argv[1], \"rb\").read()) + \"\\n\")' '$root/examples/sample.html' | cmp - '$root/examples/sample.expected.txt'"
# A program built against libpith-dev, as pith.pc says, runs with libpith0.
PKG_CONFIG_PATH=$unpacked$lib/pkgconfig PKG_CONFIG_SYSROOT_DIR=$unpacked
export PKG_CONFIG_PATH PKG_CONFIG_SYSROOT_DIR
# shellcheck disable=SC2046 # the flags are words
if ${CC:-cc} -std=c11 -Wall -Wextra -Werror -o "$tmp/extract" examples/extract.c \
	$(pkg-config --cflags --libs pith) >"$tmp/out" 2>&1; then
	pass
	needed=$(readelf -d "$tmp/extract" | sed -n 's/.*(NEEDED).*\[\(.*\)\]/\1/p' | tr '\n' ' ')
	case $needed in *"libpith.so.$major "*) pass ;; *) fail "examples/extract.c does not need libpith.so.$major: $needed" ;; esac
	if "$tmp/extract" examples/sample.html >"$tmp/extract.out" 2>&1 &&
		tail -n +3 "$tmp/extract.out" | cmp -s - examples/sample.expected.txt; then
		pass
	else
		fail "examples/extract.c against the packages"
		head -n 5 "$tmp/extract.out"
	fi
else
	fail "examples/extract.c does not build against libpith-dev"
	sed 's/^/  /' "$tmp/out" | head -n 20
fi

# With PITH_INSTALL_DEBS=1 (.ci/run sets it: a throwaway machine, as
# root), the packages are also installed as a user would, with apt-get and
# their dependencies, used from their installed places, and purged.
if [ "${PITH_INSTALL_DEBS:-0}" = 1 ] && [ "$(id -u)" -eq 0 ]; then
	unset LD_LIBRARY_PATH PKG_CONFIG_PATH PKG_CONFIG_SYSROOT_DIR
	debs=""
	for package in libpith0 libpith-dev pith python3-pith; do debs="$debs $(deb $package)"; done
	# shellcheck disable=SC2086 # the paths are words
	check "apt-get install the four packages" env DEBIAN_FRONTEND=noninteractive \
		apt-get install -y -qq --no-install-recommends $debs
	check "the installed pith on examples/sample.html" sh -c \
		"/usr/bin/pith '$root/examples/sample.html' | cmp - '$root/examples/sample.expected.txt'"
	check "the installed pith's manual" sh -c "MANWIDTH=80 man pith | grep -q 'pith'"
	check "python3 imports the installed pith" sh -c \
		"cd / && /usr/bin/python3 -c 'import pith, pith.dask; assert pith.__file__.startswith(\"/usr/lib/python3/dist-packages/\")'"
	# shellcheck disable=SC2046 # the flags are words
	check "examples/extract.c against the installed libpith-dev" sh -c \
		"${CC:-cc} -std=c11 -Wall -Wextra -Werror -o '$tmp/extract-installed' examples/extract.c \$(pkg-config --cflags --libs pith) && '$tmp/extract-installed' examples/sample.html >/dev/null"
	check "apt-get purge the four packages" env DEBIAN_FRONTEND=noninteractive \
		apt-get purge -y -qq libpith0 libpith-dev pith python3-pith
fi

# lintian on what was built: no error; warnings are shown.
changes=$tmp/pith_${full}_$arch.changes
# lintian exits with 1 when it reports an error (--fail-on error), or
# when it cannot run.
if lintian --pedantic --fail-on error "$changes" >"$tmp/lintian.log" 2>&1; then pass; else
	fail "lintian $(basename "$changes")"
fi
grep -E '^[EWIPX]: ' "$tmp/lintian.log"
grep -q -E '^[EWIPX]: ' "$tmp/lintian.log" || grep -v 'root privileges' "$tmp/lintian.log"
finish
