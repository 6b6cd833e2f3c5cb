#!/bin/sh
# Differential test of pith's parse tree against parse5's (scripting off).
#
# usage: tools/diff_against_parse5.sh FILE|DIR...
#
# Both parsers get each page's bytes as UTF-8 (pith through --charset utf-8),
# so only tree construction is compared, not charset handling; pages that
# are not valid UTF-8 are skipped. Prints each differing page and a count,
# keeps a unified diff per differing page (parse5 first) in $OUTDIR (default:
# a new temporary directory), and exits 1 if any page differs.
# parse5 7 is installed with npm into $PARSE5_HOME on first use
# (default ${XDG_CACHE_HOME:-$HOME/.cache}/pith-parse5).
# Known differences: pith attaches elements deeper than 512 at depth 512 and
# keeps 512 attributes per element; parse5 (7.3, 8.1) still has the "in
# select" insertion mode that the standard dropped for customizable <select>
# (whatwg/html#10557), so it drops tags such as <label> or <span> inside
# <select> that pith, per the current standard, keeps.
set -eu
[ $# -gt 0 ] || { echo "usage: $0 FILE|DIR..." >&2; exit 2; }
tools=$(cd "$(dirname "$0")" && pwd)
pith=${PITH:-$tools/../build/pith}
PARSE5_HOME=${PARSE5_HOME:-${XDG_CACHE_HOME:-$HOME/.cache}/pith-parse5}
export PARSE5_HOME
[ -d "$PARSE5_HOME/node_modules/parse5" ] ||
	npm install --silent --no-save --prefix "$PARSE5_HOME" parse5@7 >&2
out=${OUTDIR:-$(mktemp -d)}
mkdir -p "$out"

same=0 differ=0 skipped=0
find "$@" -type f | sort > "$out/pages"
while IFS= read -r page; do
	rc=0
	node "$tools/parse5_dump.mjs" "$page" > "$out/parse5.txt" 2>/dev/null || rc=$?
	case $rc in
	0) ;;
	2) skipped=$((skipped + 1)); continue ;;
	*) echo "$0: parse5 failed on $page" >&2; exit 2 ;;
	esac
	"$pith" --dump-tree --charset utf-8 "$page" > "$out/pith.txt" 2>&1 || true
	if cmp -s "$out/parse5.txt" "$out/pith.txt"; then
		same=$((same + 1))
	else
		differ=$((differ + 1))
		diff -u "$out/parse5.txt" "$out/pith.txt" > "$out/$(echo "$page" | tr / _).diff" || true
		echo "differs: $page"
	fi
done < "$out/pages"
rm -f "$out/parse5.txt" "$out/pith.txt"
echo "$same identical, $differ differ, $skipped skipped (not UTF-8); diffs in $out"
[ "$differ" -eq 0 ]
