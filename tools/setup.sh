#!/bin/sh
# The README's first command: installs from Debian whatever pith needs and
# is missing, builds, and runs pith on its bundled sample page.
#   sh tools/setup.sh               install, build, run on examples/sample.html
#   sh tools/setup.sh --deps        install only (what .ci/run uses)
#   sh tools/setup.sh --bench-deps  install only, with the peers make bench
#                                   runs beside pith (bench/README.md)
set -eu
cd "$(dirname "$0")/.."

# Build: gcc, make, libuchardet (undeclared encodings), libcld2 (language
# identification: CLD2 and its 160-language tables), zlib (gzip WARC
# files and output), libdeflate (whole gzip members, 2.7x zlib's inflate),
# libidn2 (international host names in links, as the URL Standard maps
# them: src/base/url.c; libunistring-dev because linking libpith.a
# statically through pith.pc takes libidn2's -lunistring),
# libzstd, liblz4 and libbz2 (.warc.zst with its dictionary frame, LZ4 and
# bzip2 WARC and ARC files; libzstd also the HTTP zstd content coding),
# libbrotli (the HTTP br content coding), python3-dev (the Python module);
# for the command alone, libcurl (pith URL fetches pages; the library
# never touches the network; zstd and brotli compressed pages use the
# libraries above).
# Tests and tools: clang + its sanitizer/fuzzer runtime (make asan, ubsan,
# fuzz), python3 (generators), xz-utils (the dev datasets), clang-format,
# pytest and Dask's distributed (the Python module's and the Dask helper's
# tests), cmark-gfm (reads pith's Markdown back in tests), html5lib (an
# HTML5 parser apart from pith's, which reads pith's HTML and cmark-gfm's
# rendering of its Markdown in tests/output_safety.sh), python3-sklearn
# (tests/page_type_model.sh refits the page-type model), pkg-config, man-db
# and groff-base (tests/install.sh builds the examples with pith.pc and
# renders the installed man pages), python3-venv, python3-setuptools,
# python3-wheel and python3-build (tests/python_package.sh installs the
# Python package with pip into a venv and makes a wheel, offline),
# debhelper, dh-python and lintian (tests/debian_package.sh builds the
# Debian packages of debian/ and checks them; dpkg-dev comes with
# build-essential), zstd, lz4 and bzip2 (tests/make_warc.py writes
# .warc.zst and LZ4 test files with them, tests/test_fetch.py zstd pages;
# tests/test_cli.c pipes a bzip2 WARC to pith warc).
packages="build-essential libuchardet-dev libcld2-dev zlib1g-dev libdeflate-dev libidn2-dev libunistring-dev libzstd-dev liblz4-dev libbz2-dev libbrotli-dev python3-dev libcurl4-openssl-dev clang libclang-rt-14-dev python3 xz-utils clang-format python3-pytest python3-distributed cmark-gfm python3-html5lib python3-sklearn pkg-config man-db groff-base python3-venv python3-setuptools python3-wheel python3-build debhelper dh-python lintian zstd lz4 bzip2"
# Bench only: readability-lxml (Debian's, run by /usr/bin/python3, whose
# dist-packages it lives in); Node.js and npm for Mozilla Readability, from
# Debian only when the machine has no node of its own.
if [ "${1:-}" = "--bench-deps" ]; then
	packages="$packages python3-readability python3-lxml"
	command -v node >/dev/null 2>&1 || packages="$packages nodejs"
	command -v npm >/dev/null 2>&1 || packages="$packages npm"
fi
missing=""
for p in $packages; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" || missing="$missing $p"
done
if [ -n "$missing" ]; then
	echo "installing:$missing"
	sudo=""
	[ "$(id -u)" -eq 0 ] || sudo="sudo"
	$sudo apt-get update -qq
	DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq $missing >/dev/null
fi
[ "${1:-}" = "--deps" ] && exit 0

# The npm peers, at the versions bench/peers/package-lock.json pins,
# installed into bench/work/peers (not committed); again only when the lock
# file changed since the last install.
if [ "${1:-}" = "--bench-deps" ]; then
	peers=bench/work/peers
	if ! cmp -s bench/peers/package-lock.json "$peers/package-lock.json" ||
		[ ! -d "$peers/node_modules" ]; then
		echo "installing the npm peers into $peers"
		mkdir -p "$peers"
		cp bench/peers/package.json bench/peers/package-lock.json "$peers/"
		npm ci --silent --no-audit --no-fund --prefix "$peers" ||
			{ rm -f "$peers/package-lock.json"; exit 1; }
	fi
	exit 0
fi

make -j"$(nproc)"
./build/pith examples/sample.html
