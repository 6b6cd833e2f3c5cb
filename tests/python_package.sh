#!/bin/sh
# The Python package as pip installs it (pyproject.toml, setup.py): a copy
# of the source tree without build/ (the files git tracks or would track),
# so the build can only compile from the sources; pip install
# --no-build-isolation into a fresh venv of Debian's Python, offline (no
# index, no pip configuration); a wheel made by python3 -m build from the
# same copy; then, with the copy removed (the package must not need it),
# pith imported from a folder outside the source tree, from the venv and
# not from $BUILD/python, and the tests of tests/python run against it;
# the wheel holds the extension and, installed into a second venv, works.
# The tests' pith command and dev pages are $BUILD's, as for
# tests/python.sh. Run from the repository root; needs $BUILD/pith.
#
# The package is built with the default flags whatever $BUILD's are, so a
# sanitizer build (make asan, make ubsan: $BUILD/library-flags names
# -fsanitize) would only repeat make test's run: it reports itself
# skipped there. Prints "python package: N passed, N failed" for
# tests/run.sh.
BUILD=${BUILD:-build}
PYTHON=${PYTHON:-/usr/bin/python3}
passed=0 failed=0 skipped=0
pass() { passed=$((passed + 1)); }
fail() {
	failed=$((failed + 1))
	echo "FAIL $*"
}
finish() {
	echo "python package: $passed passed, $failed failed, $skipped skipped"
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
if grep -q -e -fsanitize "$BUILD/library-flags" 2>/dev/null; then
	echo "python package: skipped, $BUILD is a sanitizer build (the package is built with the default flags)"
	skipped=1
	finish
fi

root=$(pwd)
case $BUILD in /*) build=$BUILD ;; *) build=$root/$BUILD ;; esac
version() { sed -n "s/^#define PITH_VERSION_$1 *\([0-9]*\)\$/\1/p" include/pith.h; }
full=$(version MAJOR).$(version MINOR).$(version PATCH)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir "$tmp/source" "$tmp/elsewhere" "$tmp/wheels"
# Offline and as a user's pip: no index, no configuration file (which
# could name other places to look), no questions.
PIP_CONFIG_FILE=/dev/null PIP_NO_INDEX=1 PIP_NO_INPUT=1 PIP_DISABLE_PIP_VERSION_CHECK=1
export PIP_CONFIG_FILE PIP_NO_INDEX PIP_NO_INPUT PIP_DISABLE_PIP_VERSION_CHECK
# Nor make's settings when make test runs this: the package's make starts
# afresh, as a user's would.
unset PYTHONPATH MAKEFLAGS MFLAGS MAKELEVEL

# The working tree as it is, uncommitted changes included, but for what
# git ignores (build/, build-asan/...) and files deleted from it.
if git ls-files >/dev/null 2>&1; then
	git ls-files -c -o --exclude-standard | while read -r file; do
		[ -f "$file" ] && echo "$file"
	done >"$tmp/files"
else
	find . -type f ! -path './build*' ! -path './.git/*' ! -path './bench/work/*' >"$tmp/files"
fi
check "copy the source tree" sh -c "tar -cf - -T '$tmp/files' | tar -xf - -C '$tmp/source'"
if [ -e "$tmp/source/$BUILD" ] || [ -e "$tmp/source/build" ]; then fail "the copy holds a build folder"; else pass; fi

venv=$tmp/venv
check "$PYTHON -m venv --system-site-packages" "$PYTHON" -m venv --system-site-packages "$venv"
python=$venv/bin/python
if ! (cd "$tmp/elsewhere" && "$python" -m pip install --no-build-isolation "$tmp/source") \
	>"$tmp/pip.log" 2>&1; then
	fail "pip install --no-build-isolation"
	tail -n 30 "$tmp/pip.log"
	finish
fi
pass
check "python3 -m build --no-isolation --wheel" \
	sh -c "cd '$tmp/source' && '$PYTHON' -m build --no-isolation --wheel --outdir '$tmp/wheels' ."
rm -rf "$tmp/source"

# From a folder outside the source tree, pith is the venv's, whole.
site=$("$python" -c 'import sysconfig; print(sysconfig.get_paths()["purelib"])')
where() { (cd "$tmp/elsewhere" && "$python" -c 'import pith, pith._pith, pith.dask; print(pith.__file__); print(pith._pith.__file__); print(pith.__version__)') 2>&1; }
found=$(where)
case $(echo "$found" | sed -n 1p) in
"$site/pith/__init__.py") pass ;;
*) fail "import pith: $found (expected $site/pith/__init__.py)" ;;
esac
case $(echo "$found" | sed -n 2p) in
"$site"/pith/_pith.cpython-*.so) pass ;;
*) fail "import pith._pith: $found" ;;
esac
if [ "$(echo "$found" | sed -n 3p)" = "$full" ]; then pass; else fail "pith.__version__ is not $full: $found"; fi
# What the package holds: pith's Python files and its extension, which
# needs no library but the system's (no libpith: it links the archive).
for file in "$site"/pith/*; do
	[ "${file##*/}" = __pycache__ ] || echo "${file##*/}"
done >"$tmp/listing"
if [ "$(sed 's/^_pith\.cpython-.*\.so$/_pith.so/' "$tmp/listing" | sort | tr '\n' ' ')" = "__init__.py _pith.so dask.py " ]; then
	pass
else
	fail "the installed package holds: $(tr '\n' ' ' <"$tmp/listing")"
fi
module=""
for file in "$site"/pith/_pith.cpython-*.so; do [ -f "$file" ] && module=$file; done
needed=$(readelf -d "$module" 2>/dev/null | sed -n 's/.*(NEEDED).*\[\(.*\)\]/\1/p' | tr '\n' ' ')
case $needed in
*libuchardet*) case $needed in *libpith*) fail "the extension needs libpith: $needed" ;; *) pass ;; esac ;;
*) fail "the extension's libraries: $needed" ;;
esac
check "pith.extract on examples/sample.html" sh -c "cd '$tmp/elsewhere' && '$python' -c 'import sys, pith; sys.stdout.write(pith.extract(open(sys.argv[1], \"rb\").read()) + \"\\n\")' '$root/examples/sample.html' | cmp - '$root/examples/sample.expected.txt'"

# The tests of tests/python, run as pytest runs them: from elsewhere, with
# tests/python first on sys.path (pytest's default import mode), which
# must not lead to the sources either.
found=$(cd "$tmp/elsewhere" && "$python" -c 'import sys; sys.path.insert(0, sys.argv[1]); import pith; print(pith.__file__)' "$root/tests/python" 2>&1)
if [ "$found" = "$site/pith/__init__.py" ]; then pass; else fail "beside tests/python, import pith: $found"; fi
(cd "$tmp/elsewhere" && BUILD=$build PITH_DEVPAGES=${PITH_DEVPAGES:+$(cd "$root" && cd "$PITH_DEVPAGES" 2>/dev/null && pwd)} \
	PYTHONDONTWRITEBYTECODE=1 "$python" -m pytest -p no:cacheprovider --capture=sys -q -rfEs \
	"$root/tests/python") >"$tmp/pytest.log" 2>&1
rc=$?
cat "$tmp/pytest.log"
summary=$(tail -n 1 "$tmp/pytest.log")
count() { echo "$summary" | grep -o "[0-9]* $1" | grep -o '[0-9]*' || echo 0; }
tests_passed=$(count passed)
tests_failed=$(($(count failed) + $(count error)))
[ $rc -eq 0 ] || [ "$tests_failed" -gt 0 ] || tests_failed=1
[ "$tests_passed" -gt 0 ] || { [ "$tests_failed" -gt 0 ] || tests_failed=1; }
passed=$((passed + tests_passed))
failed=$((failed + tests_failed))
skipped=$((skipped + $(count skipped)))
[ "$tests_failed" -eq 0 ] || echo "FAIL the tests of tests/python against the installed package"

# The wheel: one, of this version, for this CPython, with the extension;
# installed alone into a second venv, it extracts a page.
wheel=$(ls "$tmp/wheels"/*.whl 2>/dev/null)
case $wheel in
"$tmp/wheels/pith-$full-cp3"*-linux_*.whl) pass ;;
*) fail "the wheel: $wheel" ;;
esac
if [ -f "$wheel" ]; then
	"$PYTHON" -m zipfile -l "$wheel" | awk 'NR > 1 { print $1 }' | grep '^pith/' | sort >"$tmp/wheel.list"
	if [ "$(sed 's/^pith\/_pith\.cpython-.*\.so$/pith\/_pith.so/' "$tmp/wheel.list" | tr '\n' ' ')" = "pith/__init__.py pith/_pith.so pith/dask.py " ]; then
		pass
	else
		fail "the wheel holds: $(tr '\n' ' ' <"$tmp/wheel.list")"
	fi
	check "a second venv, without Debian's packages" "$PYTHON" -m venv "$tmp/venv2"
	check "pip install the wheel" "$tmp/venv2/bin/python" -m pip install --no-deps "$wheel"
	check "the wheel's pith.extract on examples/sample.html" sh -c "cd '$tmp/elsewhere' && '$tmp/venv2/bin/python' -c 'import sys, pith; sys.stdout.write(pith.extract(open(sys.argv[1], \"rb\").read()) + \"\\n\")' '$root/examples/sample.html' | cmp - '$root/examples/sample.expected.txt'"
fi
finish
