#!/bin/sh
# The README's first command: installs from Debian whatever pith needs and
# is missing, builds, and runs pith on its bundled sample page.
#   sh tools/setup.sh            install, build, run on examples/sample.html
#   sh tools/setup.sh --deps     install only (what .ci/run uses)
set -eu
cd "$(dirname "$0")/.."

# Build: gcc, make, libuchardet (undeclared encodings).
# Tests and tools: clang + its sanitizer/fuzzer runtime (make asan, ubsan,
# fuzz), python3 (generators), xz-utils (the dev datasets), clang-format.
packages="build-essential libuchardet-dev clang libclang-rt-14-dev python3 xz-utils clang-format"
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

make -j"$(nproc)"
./build/pith --dump-tree examples/sample.html | head -n 40
