# pith: make | make test | make asan | make ubsan | make fuzz | make bench | make format
#       make python | make install | make uninstall
#
# Builds out of tree into $(BUILD) (build/ by default); the sanitizer
# targets use their own folders so their objects never mix with release ones.

CC      ?= cc
CXX     ?= c++
BUILD   ?= build
# -O3: the same output byte for byte on every dev page, 4.5% faster than
# -O2 on ScrapingHub's pages (fastest of 45 passes each, 426 against 407
# MB/s; 4% fewer instructions, callgrind), for a binary 14% larger.
OPT     ?= -O3
CFLAGS  ?= $(OPT) -g
WARN    := -std=c11 -Wall -Wextra -Wshadow -Wstrict-prototypes -Wno-unused-parameter
CPPFLAGS += -D_POSIX_C_SOURCE=200809L -Iinclude -Isrc
# uchardet and CLD2 are C++; libstdc++ is named because
# src/decode/uchardet_guard.cpp and src/metadata/cld2_guard.cpp catch their
# exceptions. libcld2_full holds only CLD2's tables of 160 languages, which
# take the place of libcld2's 83 because it comes first (and is kept
# although no symbol of ours names it).
# zlib reads gzip WARC files and writes .gz output, libdeflate decodes
# whole gzip members fast (src/warc/warc.c); libzstd, liblz4 and libbz2
# read .warc.zst, LZ4 and bzip2 WARC and ARC files, and libzstd and
# libbrotlidec undo HTTP zstd and br content codings
# (src/warc/http_response.c); libidn2 maps international host names in
# links (src/base/url.c); libm gives the page-type model its exp
# (src/extract/page_type_model.c); batches run threads.
LDLIBS  += -luchardet -Wl,--push-state,--no-as-needed -lcld2_full -Wl,--pop-state -lcld2 \
	   -lstdc++ -lz -ldeflate -lidn2 -lzstd -llz4 -lbz2 -lbrotlidec -lm -lpthread

# The version is written once, as three numbers in include/pith.h; the
# shared library's file name and soname and pith.pc take it from there.
version_part = $(shell sed -n 's/^.define PITH_VERSION_$(1) *\([0-9][0-9]*\)$$/\1/p' include/pith.h)
VERSION_MAJOR := $(call version_part,MAJOR)
VERSION_MINOR := $(call version_part,MINOR)
VERSION_PATCH := $(call version_part,PATCH)
ifeq ($(VERSION_MAJOR)$(VERSION_MINOR)$(VERSION_PATCH),)
$(error cannot read PITH_VERSION_MAJOR, _MINOR, _PATCH from include/pith.h)
endif
VERSION   := $(VERSION_MAJOR).$(VERSION_MINOR).$(VERSION_PATCH)
# libpith.so.0 through the 0.x series, then libpith.so.MAJOR (docs/ABI.md).
SONAME    := libpith.so.$(VERSION_MAJOR)
SHARED    := libpith.so.$(VERSION)

LIB_SRCS  := $(wildcard src/*.c src/*/*.c)
LIB_CXX_SRCS := $(wildcard src/*/*.cpp)
LIB_OBJS  := $(LIB_SRCS:%.c=$(BUILD)/%.o) $(LIB_CXX_SRCS:%.cpp=$(BUILD)/%.o)
CLI_SRCS  := $(wildcard cli/*.c)
CLI_OBJS  := $(CLI_SRCS:%.c=$(BUILD)/%.o)
# The front ends (the command, the Python module) use only the public
# header (docs/DESIGN.md): they are compiled without -Isrc, so an internal
# include fails their build.
PUBLIC_CPPFLAGS := $(filter-out -Isrc,$(CPPFLAGS))
$(CLI_OBJS): CPPFLAGS := $(PUBLIC_CPPFLAGS)
TEST_SRCS := $(wildcard tests/test_*.c)
TEST_BINS := $(TEST_SRCS:tests/%.c=$(BUILD)/tests/%)
FUZZ_SRCS := $(wildcard fuzz/fuzz_*.c)

.PHONY: all test asan ubsan fuzz bench model format clean python install uninstall
all: $(BUILD)/pith $(BUILD)/libpith.a $(BUILD)/libpith.so

# The library's objects are compiled once, for both the archive and the
# shared library: position-independent, and with every symbol hidden but
# the functions include/pith.h marks PITH_API (docs/ABI.md). -fPIC costs
# nothing measurable here: Debian's compiler makes position-independent
# executables anyway, and hidden symbols need no GOT or PLT. LIB_CFLAGS is
# set for the library's objects alone (the target-specific line below).
LIB_CFLAGS :=
PIC_CFLAGS := -fPIC -fvisibility=hidden
$(LIB_OBJS): LIB_CFLAGS := $(PIC_CFLAGS)

# make keeps an object whose sources are older, whatever flags made it; the
# library's objects also depend on this file, rewritten only when the
# flags change (another CC or CFLAGS in the same folder, or PIC_CFLAGS), so
# that the shared library is never linked from objects of other flags.
LIB_FLAGS := $(CC) $(CXX) $(CFLAGS) $(CPPFLAGS) $(PIC_CFLAGS)
$(BUILD)/library-flags: FORCE
	@mkdir -p $(dir $@)
	@echo '$(LIB_FLAGS)' | cmp -s - $@ || echo '$(LIB_FLAGS)' >$@
$(LIB_OBJS): $(BUILD)/library-flags
.PHONY: FORCE

$(BUILD)/%.o: %.c
	@mkdir -p $(dir $@)
	$(CC) $(WARN) $(CFLAGS) $(LIB_CFLAGS) $(CPPFLAGS) -MMD -MP -c $< -o $@

$(BUILD)/%.o: %.cpp
	@mkdir -p $(dir $@)
	$(CXX) -std=c++11 -Wall -Wextra $(CFLAGS) $(LIB_CFLAGS) $(CPPFLAGS) -MMD -MP -c $< -o $@

$(BUILD)/libpith.a: $(LIB_OBJS)
	rm -f $@
	ar rcs $@ $^

# The shared library exports the functions of src/libpith.map alone, which
# are those of include/pith.h (tests/exports.sh), under its version node.
# It is found by its soname; libpith.so is the name -lpith links with.
$(BUILD)/$(SHARED): $(LIB_OBJS) src/libpith.map
	$(CC) -shared $(CFLAGS) $(LDFLAGS) -Wl,-soname,$(SONAME) -Wl,--version-script=src/libpith.map \
	  -o $@ $(LIB_OBJS) $(LDLIBS)

$(BUILD)/$(SONAME): $(BUILD)/$(SHARED)
	ln -sf $(SHARED) $@

$(BUILD)/libpith.so: $(BUILD)/$(SONAME)
	ln -sf $(SONAME) $@

# Only the command fetches pages (libcurl) and reads zstd and brotli
# compressed ones: the library stays free of the network (docs/DESIGN.md).
CLI_LDLIBS := -lcurl -lzstd -lbrotlidec
$(BUILD)/pith: $(CLI_OBJS) $(BUILD)/libpith.a
	$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $^ $(LDLIBS) $(CLI_LDLIBS)

# $< and the library by name: with -MMD, $^ would also hold the headers.
$(BUILD)/tests/%: tests/%.c $(BUILD)/libpith.a
	@mkdir -p $(dir $@)
	$(CC) $(WARN) $(CFLAGS) $(CPPFLAGS) -MMD -MP -o $@ $< $(BUILD)/libpith.a $(LDLIBS)

# Tests that check growth by counting work (tests/work_count.h) link a
# copy of the library that calls a counter at every basic block
# (-fsanitize-coverage=trace-pc) and makes every memory and string call a
# real call (-fno-builtin), which the counting wrappers of
# tests/work_count.c get in front of (-Wl,--wrap). The copy is compiled
# with the build's own CFLAGS, so make asan and make ubsan check it too.
COUNTED_TESTS := $(BUILD)/tests/test_limits
COUNTED_CFLAGS := -fsanitize-coverage=trace-pc -fno-builtin
COUNTED_WRAPS := malloc calloc realloc strdup memchr memcmp memcpy memmem memmove memset \
  strchr strcmp strcspn strlen strncasecmp strncmp strstr
COUNTED_OBJS := $(LIB_OBJS:$(BUILD)/%=$(BUILD)/counted/%)
$(COUNTED_OBJS): LIB_CFLAGS := $(PIC_CFLAGS)
$(COUNTED_OBJS): $(BUILD)/library-flags

$(BUILD)/counted/%.o: %.c
	@mkdir -p $(dir $@)
	$(CC) $(WARN) $(CFLAGS) $(LIB_CFLAGS) $(COUNTED_CFLAGS) $(CPPFLAGS) -MMD -MP -c $< -o $@

$(BUILD)/counted/%.o: %.cpp
	@mkdir -p $(dir $@)
	$(CXX) -std=c++11 -Wall -Wextra $(CFLAGS) $(LIB_CFLAGS) $(COUNTED_CFLAGS) $(CPPFLAGS) -MMD -MP -c $< -o $@

$(BUILD)/counted/libpith.a: $(COUNTED_OBJS)
	rm -f $@
	ar rcs $@ $^

$(COUNTED_TESTS): $(BUILD)/tests/%: tests/%.c $(BUILD)/tests/work_count.o $(BUILD)/counted/libpith.a
	@mkdir -p $(dir $@)
	$(CC) $(WARN) $(CFLAGS) $(CPPFLAGS) -MMD -MP -o $@ $< $(BUILD)/tests/work_count.o \
	  $(BUILD)/counted/libpith.a $(LDLIBS) $(COUNTED_WRAPS:%=-Wl,--wrap=%)

# Replays the fuzz corpus without libFuzzer (fuzz/replay.c supplies main).
$(BUILD)/fuzz/replay_%: fuzz/fuzz_%.c fuzz/replay.c $(BUILD)/libpith.a
	@mkdir -p $(dir $@)
	$(CC) $(WARN) $(CFLAGS) $(CPPFLAGS) -o $@ $^ $(LDLIBS)

# fuzz_links runs the command's own readers (cli/sniff.c, cli/links.c).
$(BUILD)/fuzz/replay_links: fuzz/fuzz_links.c fuzz/replay.c cli/sniff.c cli/links.c $(BUILD)/libpith.a
	@mkdir -p $(dir $@)
	$(CC) $(WARN) $(CFLAGS) $(CPPFLAGS) -Icli -o $@ $^ $(LDLIBS) -lzstd -lbrotlidec

FUZZ_REPLAYS := $(FUZZ_SRCS:fuzz/fuzz_%.c=$(BUILD)/fuzz/replay_%)

test: all $(TEST_BINS) $(FUZZ_REPLAYS) python $(BUILD)/page_features
	BUILD=$(BUILD) sh tests/run.sh

asan:
	$(MAKE) test BUILD=build-asan CC=clang CXX=clang++ \
	  CFLAGS="-O1 -g -fsanitize=address -fno-omit-frame-pointer" LDFLAGS="-fsanitize=address"

ubsan:
	$(MAKE) test BUILD=build-ubsan CC=clang CXX=clang++ \
	  CFLAGS="-O1 -g -fsanitize=undefined -fno-sanitize-recover=all" \
	  LDFLAGS="-fsanitize=undefined"

# libFuzzer under ASan+UBSan, FUZZ_SECONDS per target (default 60).
FUZZ_SECONDS ?= 60
fuzz:
	sh fuzz/run.sh $(FUZZ_SECONDS)

# PEERS=0 (pith alone), UPDATE_BASELINE=1 (rewrite bench/quality-baseline.txt),
# REPEAT, PEER_REPEAT: see bench/README.md.
bench: all
	BUILD=$(BUILD) sh bench/run.sh

# The page-type model (src/extract/page_type_model.c) fitted anew on the dev
# pages' measurements, with its domain-grouped cross-validation written to
# bench/page-type-cv.txt (tools/train_page_type.py; Debian's python3-sklearn).
PITH_DEVPAGES ?= $(BUILD)/devpages
model: $(BUILD)/page_features
	PITH_DEVPAGES=$(PITH_DEVPAGES) sh tools/unpack_devpages.sh
	$(PYTHON) tools/train_page_type.py --devpages $(PITH_DEVPAGES) \
	  --features-tool $(BUILD)/page_features

# The generated page-type model is left as tools/train_page_type.py writes
# it: tests/page_type_model.sh compares it byte for byte.
format:
	clang-format -i include/*.h $(filter-out src/extract/page_type_model.c,$(LIB_SRCS)) $(wildcard src/*/*.h) $(LIB_CXX_SRCS) $(CLI_SRCS) \
	  $(wildcard cli/*.h) $(TEST_SRCS) tests/work_count.[ch] $(FUZZ_SRCS) fuzz/replay.c python/pithmodule.c \
	  $(wildcard examples/*.c)

clean:
	rm -rf build build-asan build-ubsan build-fuzz

# make install [PREFIX=/usr/local] [DESTDIR=staging folder]: the command,
# both libraries, the header, pith.pc and the two man pages. Nothing built
# depends on PREFIX, so it may differ from the build's; make uninstall with
# the same variables removes the same files.
PREFIX       ?= /usr/local
BINDIR       ?= $(PREFIX)/bin
LIBDIR       ?= $(PREFIX)/lib
INCLUDEDIR   ?= $(PREFIX)/include
MANDIR       ?= $(PREFIX)/share/man
PKGCONFIGDIR ?= $(LIBDIR)/pkgconfig
INSTALL      ?= install
# pith.pc names its folders from ${prefix} when they are under PREFIX.
pc_path = $(patsubst $(PREFIX)/%,$${prefix}/%,$(1))

install: all
	$(INSTALL) -d "$(DESTDIR)$(BINDIR)" "$(DESTDIR)$(LIBDIR)" "$(DESTDIR)$(INCLUDEDIR)" \
	  "$(DESTDIR)$(PKGCONFIGDIR)" "$(DESTDIR)$(MANDIR)/man1" "$(DESTDIR)$(MANDIR)/man3"
	$(INSTALL) -m 755 $(BUILD)/pith "$(DESTDIR)$(BINDIR)/pith"
	$(INSTALL) -m 644 $(BUILD)/libpith.a "$(DESTDIR)$(LIBDIR)/libpith.a"
	$(INSTALL) -m 644 $(BUILD)/$(SHARED) "$(DESTDIR)$(LIBDIR)/$(SHARED)"
	ln -sf $(SHARED) "$(DESTDIR)$(LIBDIR)/$(SONAME)"
	ln -sf $(SONAME) "$(DESTDIR)$(LIBDIR)/libpith.so"
	$(INSTALL) -m 644 include/pith.h "$(DESTDIR)$(INCLUDEDIR)/pith.h"
	sed -e 's|@PREFIX@|$(PREFIX)|' -e 's|@LIBDIR@|$(call pc_path,$(LIBDIR))|' \
	  -e 's|@INCLUDEDIR@|$(call pc_path,$(INCLUDEDIR))|' -e 's|@VERSION@|$(VERSION)|' \
	  src/pith.pc.in >$(BUILD)/pith.pc
	$(INSTALL) -m 644 $(BUILD)/pith.pc "$(DESTDIR)$(PKGCONFIGDIR)/pith.pc"
	$(INSTALL) -m 644 docs/pith.1 "$(DESTDIR)$(MANDIR)/man1/pith.1"
	$(INSTALL) -m 644 docs/pith.3 "$(DESTDIR)$(MANDIR)/man3/pith.3"

uninstall:
	rm -f "$(DESTDIR)$(BINDIR)/pith" "$(DESTDIR)$(LIBDIR)/libpith.a" \
	  "$(DESTDIR)$(LIBDIR)/$(SHARED)" "$(DESTDIR)$(LIBDIR)/$(SONAME)" "$(DESTDIR)$(LIBDIR)/libpith.so" \
	  "$(DESTDIR)$(INCLUDEDIR)/pith.h" "$(DESTDIR)$(PKGCONFIGDIR)/pith.pc" \
	  "$(DESTDIR)$(MANDIR)/man1/pith.1" "$(DESTDIR)$(MANDIR)/man3/pith.3"

-include $(LIB_OBJS:.o=.d) $(COUNTED_OBJS:.o=.d) $(CLI_OBJS:.o=.d) $(TEST_BINS:=.d) \
  $(BUILD)/tests/work_count.d

# Development aids (tools/): why each block of a page was kept or dropped
# (explain), the blocks and the page-type measures of pages; explain and
# dump_blocks read --favor and --page-type as the command does.
$(BUILD)/dump_blocks $(BUILD)/explain $(BUILD)/page_features: $(BUILD)/%: tools/%.c \
  cli/option_values.c $(BUILD)/libpith.a
	$(CC) $(WARN) $(CFLAGS) $(CPPFLAGS) -o $@ $^ $(LDLIBS)

# The Python package (python/): $(BUILD)/python/pith, importable with
# PYTHONPATH=$(BUILD)/python by Debian's Python. The module links the
# archive, whose objects are position-independent, so it needs no libpith
# installed; --exclude-libs keeps it from exporting pith's API in turn.
PYTHON ?= /usr/bin/python3
PY_INCLUDE = $(shell $(PYTHON) -c 'import sysconfig; print(sysconfig.get_paths()["include"])')
PY_FILES := $(patsubst python/%,$(BUILD)/python/%,$(wildcard python/pith/*.py))

python: $(BUILD)/python/pith/_pith.so $(PY_FILES)

# Named _pith.so, which every CPython on Linux imports, so the target needs
# no Python to be named.
$(BUILD)/python/pith/_pith.so: python/pithmodule.c $(BUILD)/libpith.a
	@mkdir -p $(dir $@)
	$(CC) $(WARN) $(CFLAGS) -fPIC $(PUBLIC_CPPFLAGS) -I$(PY_INCLUDE) -MMD -MP -shared $(LDFLAGS) -o $@ $< \
	  $(BUILD)/libpith.a -Wl,--exclude-libs,libpith.a $(LDLIBS)

$(BUILD)/python/pith/%.py: python/pith/%.py
	@mkdir -p $(dir $@)
	cp $< $@

-include $(BUILD)/python/pith/_pith.d
