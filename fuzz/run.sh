#!/bin/sh
# make fuzz: each fuzz/fuzz_*.c under libFuzzer with ASan and UBSan for
# $1 seconds (default 60), starting from its committed corpus
# (fuzz/corpus/NAME). New inputs go to build-fuzz/corpus-NAME, not the
# committed corpus; crashes are left in build-fuzz/ as crash-* files. A
# target that crashes does not stop the others; the run then fails.
set -e
seconds=${1:-60}
out=build-fuzz
mkdir -p "$out"
flags="-O1 -g -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined"
srcs=$(ls src/*.c src/*/*.c)
failed=
# The C++ parts (src/decode/uchardet_guard.cpp, src/metadata/cld2_guard.cpp)
# are compiled once, apart.
guards=
for cpp in src/*/*.cpp; do
	object="$out/$(basename "$cpp" .cpp).o"
	clang++ -std=c++11 -Isrc $flags -c "$cpp" -o "$object"
	guards="$guards $object"
done
for target in fuzz/fuzz_*.c; do
	name=$(basename "$target" .c)
	name=${name#fuzz_}
	# fuzz_links runs the command's own readers.
	cli_srcs=
	[ "$name" = links ] && cli_srcs="-Icli cli/sniff.c cli/links.c"
	# The libraries the Makefile's LDLIBS links: the WARC reader's
	# decompressors (zstd, lz4, bzip2) are the library's own since WARC
	# input took them, and the command's readers use zstd and brotli.
	clang -std=c11 -D_POSIX_C_SOURCE=200809L -Iinclude -Isrc $flags \
		-o "$out/fuzz_$name" "$target" $srcs $cli_srcs $guards -luchardet \
		-Wl,--push-state,--no-as-needed -lcld2_full -Wl,--pop-state -lcld2 \
		-lstdc++ -lz -ldeflate -lidn2 -lzstd -llz4 -lbz2 -lbrotlidec -lm -lpthread
	mkdir -p "$out/corpus-$name"
	# A target's dictionary (fuzz/NAME.dict), when it has one.
	dict=
	[ -f "fuzz/$name.dict" ] && dict="-dict=../fuzz/$name.dict"
	echo "fuzzing $name for ${seconds}s"
	(cd "$out" && "./fuzz_$name" -max_total_time="$seconds" -max_len=65536 \
		-timeout=10 -rss_limit_mb=2048 -print_final_stats=1 $dict \
		"corpus-$name" "../fuzz/corpus/$name") || failed="$failed $name"
done
if [ -n "$failed" ]; then
	echo "fuzz targets that failed:$failed (inputs in $out/crash-*)"
	exit 1
fi
