#!/bin/sh
# make bench: parsing speed on the ScrapingHub pages (181 real news pages),
# pith beside a memchr tag-skipping pass measured in the same run, single
# thread, pages held in memory. Writes bench/RESULTS-parse.txt.
#
# Method: each tool reads every page first, then times REPEAT passes over
# all of them and reports the median pass; the spread (min, max) is shown
# so a noisy machine is visible. Ratios come from one run.
set -e
BUILD=${BUILD:-build}
PITH_SHARED=${PITH_SHARED:-../shared}
REPEAT=${REPEAT:-9}
work=bench/work
mkdir -p "$work"
if [ ! -d "$work/scrapinghub" ]; then
	tar -xJf "$PITH_SHARED/bench/data/scrapinghub.tar.xz" -C "$work"
fi
${CC:-cc} -std=c11 -O2 -D_POSIX_C_SOURCE=200809L -o "$BUILD/tagskip" bench/tagskip.c
pages=$(ls "$work"/scrapinghub/html/*.html)
pith_out=$("$BUILD/pith" --stat --repeat "$REPEAT" $pages)
skip_out=$("$BUILD/tagskip" --repeat "$REPEAT" $pages)
pith_mbs=$(echo "$pith_out" | awk '/^MB\/s/ {print $2}')
skip_mbs=$(echo "$skip_out" | awk '/^MB\/s/ {print $2}')
{
	echo "# make bench: decode + parse + one tree walk, ScrapingHub pages, one thread"
	echo "# $(date -u +%Y-%m-%d) $(uname -m), $(nproc) cores, cc: $(${CC:-cc} --version | head -n 1)"
	echo "$pith_out"
	echo "tag-skip MB/s    $skip_mbs (memchr '<' to '>', same pages, same run)"
	echo "pith / tag-skip  $(echo "$pith_mbs $skip_mbs" | awk '{printf "%.3f", $1 / $2}')"
} | tee bench/RESULTS-parse.txt
