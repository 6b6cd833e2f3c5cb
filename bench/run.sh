#!/bin/sh
# make bench: pith's quality and speed on the development datasets (three
# mostly English, four multilingual), beside its peers (readability-lxml, Mozilla Readability) run on the same
# pages in the same run, and the parsing speed beside a memchr tag-skipping
# pass. Writes bench/RESULTS.md and bench/RESULTS-parse.txt; the method and
# the workflow are in bench/README.md.
#
#   PEERS=0            pith alone; the table goes to bench/work/RESULTS.md
#   UPDATE_BASELINE=1  also write pith's F1 to bench/quality-baseline.txt,
#                      the figures tests/quality.sh holds pith to
#   REPEAT=N           passes timed for pith (default 9), median reported
#   PEER_REPEAT=N      passes timed for the peers on ScrapingHub (default 3;
#                      one pass on the larger sets)
#
# Each tool reads every page first, then times its passes over all of them
# on one thread; the quality figures are score.py's over the text the tool
# gave (pith: --format json). Run from the repository root (make bench does).
set -e
BUILD=${BUILD:-build}
PITH_SHARED=${PITH_SHARED:-../shared}
REPEAT=${REPEAT:-9}
PEERS=${PEERS:-1}
PEER_REPEAT=${PEER_REPEAT:-3}
UPDATE_BASELINE=${UPDATE_BASELINE:-0}
# readability-lxml is Debian's package, so Debian's interpreter runs it.
PEER_PYTHON=${PEER_PYTHON:-/usr/bin/python3}
score=$PITH_SHARED/bench/score.py
# The multilingual sets are scored with score.py --tokens cjk (one token
# per Han, kana, Thai... character: a Chinese sentence is otherwise one
# \w+ token), and bench/report.py adds their table by language.
multilingual="fundus magichtml chinese-wced newspaper"
datasets="scrapinghub readability wcxb-dev $multilingual"
work=bench/work
mkdir -p "$work"

# The datasets, unpacked once (into a temporary folder first, so an
# interrupted unpack is never taken for a finished one).
for name in $datasets; do
	[ -d "$work/$name/html" ] && [ -f "$work/$name/truth.jsonl" ] && continue
	rm -rf "$work/$name" "$work/$name.tmp"
	mkdir -p "$work/$name.tmp"
	tar -xJf "$PITH_SHARED/bench/data/$name.tar.xz" -C "$work/$name.tmp"
	mv "$work/$name.tmp/$name" "$work/$name"
	rmdir "$work/$name.tmp"
done

tools=pith
if [ "$PEERS" != 0 ]; then
	# Installs only what is missing: Debian's packages, npm ci on a new lock.
	sh tools/setup.sh --bench-deps
	tools="pith readability-lxml mozilla-readability"
fi

# Parsing speed: decode + parse + one tree walk, ScrapingHub pages.
${CC:-cc} -std=c11 -O2 -D_POSIX_C_SOURCE=200809L -o "$BUILD/tagskip" bench/tagskip.c
pith_out=$("$BUILD/pith" --stat --parse-only --repeat "$REPEAT" "$work"/scrapinghub/html/*.html)
skip_out=$("$BUILD/tagskip" --repeat "$REPEAT" "$work"/scrapinghub/html/*.html)
pith_mbs=$(echo "$pith_out" | awk '/^MB\/s/ {print $2}')
skip_mbs=$(echo "$skip_out" | awk '/^MB\/s/ {print $2}')
{
	echo "# make bench: decode + parse + one tree walk, ScrapingHub pages, one thread"
	echo "# $(date -u +%Y-%m-%d) $(uname -m), $(nproc) cores, cc: $(${CC:-cc} --version | head -n 1)"
	echo "$pith_out"
	echo "tag-skip MB/s    $skip_mbs (memchr '<' to '>', same pages, same run)"
	echo "pith / tag-skip  $(echo "$pith_mbs $skip_mbs" | awk '{printf "%.3f", $1 / $2}')"
} | tee bench/RESULTS-parse.txt
echo

# Quality and extraction speed, per dataset and tool. Files in $work:
# out-pith-NAME.jsonl and err-pith-NAME.txt (pith's output and messages),
# pred-TOOL-NAME.jsonl (score.py's input), stat-TOOL-NAME.txt (speed),
# score-TOOL-NAME.json (scores, per page too).
for name in $datasets; do
	html=$work/$name/html
	echo "== $name: pith"
	# Exit status 1 means some page failed, which the scores show; pith's
	# messages (pages without main content too) are kept in err-pith-NAME.txt.
	# A truth's charset_hint is the transport charset (pith --charset).
	rc=0
	python3 bench/pith_json.py "$BUILD/pith" "$work/$name" >"$work/out-pith-$name.jsonl" \
		2>"$work/err-pith-$name.txt" || rc=$?
	if [ $rc -gt 1 ]; then
		tail -n 5 "$work/err-pith-$name.txt"
		echo "pith --format json exited with $rc on $html" >&2
		exit 1
	fi
	python3 bench/predictions.py <"$work/out-pith-$name.jsonl" >"$work/pred-pith-$name.jsonl"
	# --stat exits 1 when a page fails (chinese-wced has two that are not
	# HTML): its "errors" line counts them; only a worse status stops.
	rc=0
	"$BUILD/pith" --stat --repeat "$REPEAT" "$html"/*.html >"$work/stat-pith-$name.txt" || rc=$?
	if [ $rc -gt 1 ]; then
		echo "pith --stat exited with $rc on $html" >&2
		exit 1
	fi
	if [ "$PEERS" != 0 ]; then
		passes=1
		[ "$name" != scrapinghub ] || passes=$PEER_REPEAT
		echo "== $name: readability-lxml"
		"$PEER_PYTHON" bench/peers/readability_lxml.py --repeat "$passes" "$html" \
			"$work/pred-readability-lxml-$name.jsonl" >"$work/stat-readability-lxml-$name.txt"
		echo "== $name: mozilla-readability"
		node bench/peers/mozilla_readability.mjs --repeat "$passes" "$html" \
			"$work/pred-mozilla-readability-$name.jsonl" >"$work/stat-mozilla-readability-$name.txt"
	fi
	tokens=word
	case " $multilingual " in *" $name "*) tokens=cjk ;; esac
	for tool in $tools; do
		python3 "$score" --truth "$work/$name/truth.jsonl" --pred "$work/pred-$tool-$name.jsonl" \
			--tokens "$tokens" --json --per-page --sort-by sh_f1 >"$work/score-$tool-$name.json"
	done
done
echo

# The table; a run without the peers is not the one to commit.
results=bench/RESULTS.md
[ "$PEERS" != 0 ] || results=$work/RESULTS.md
set -- --work "$work" --datasets "$datasets" --multilingual "$multilingual" --tools "$tools" \
	--results "$results" --repeat "$REPEAT" --peer-repeat "$PEER_REPEAT"
[ "$UPDATE_BASELINE" = 0 ] || set -- "$@" --baseline bench/quality-baseline.txt
# pith's F1 per page, committed beside the table, so that a change's diff
# names the pages it moved (a run without the peers writes them in work/).
pages=bench/pages
[ "$PEERS" != 0 ] || pages=$work/pages
set -- "$@" --pages "$pages" --page-type-cv bench/page-type-cv.txt
python3 bench/report.py "$@"

# Metadata: per-field accuracy of pith's --format json output above
# against Readability's metadata and WCXB's titles (bench/metadata.py).
{
	echo
	echo "## Metadata (bench/metadata.py: matching rules in its header)"
	echo
	python3 bench/metadata.py --work "$work" --markdown
} | tee -a "$results"

# Output formats: each structured format's time against text's
# (bench/formats.py), and WARC in, JSON lines out: throughput against
# in-memory extraction, 1 and 2 threads, peak memory over 1 and 10 files
# (bench/warc.py; WARC files made from the WCXB dev pages by
# tests/make_warc.py, kept in $work/warc).
{
	echo
	python3 bench/formats.py --pith "$BUILD/pith" --pages "$work/scrapinghub/html" \
		--repeat "$REPEAT"
	echo
	python3 bench/warc.py --pith "$BUILD/pith" --pages "$work/wcxb-dev/html" --work "$work" \
		--repeat "$REPEAT"
} | tee -a "$results"
