# quaymark: GNU make. `make demo` and `make check` are the two entry points;
# both install missing Debian packages first (make deps).

include config.mk

ifeq ($(FUZZ),1)
# libFuzzer harnesses (make fuzz): clang, coverage for the fuzzer,
# AddressSanitizer and UBSan
BUILD ?= build-fuzz
CC     = clang
SAN    = -fsanitize=fuzzer-no-link,address,undefined \
	 -fno-omit-frame-pointer -fno-sanitize-recover=all
OPT    = -O1 -g
else ifeq ($(SANITIZE),1)
BUILD ?= build-asan
SAN    = -fsanitize=address,undefined -fno-omit-frame-pointer \
	 -fno-sanitize-recover=all
OPT    = -O1 -g
# The sanitized binary links GDAL at start-up instead of dlopen-ing it
# (gdal-load.c's dlopen then finds it loaded). GCC 12's LeakSanitizer
# misreads glibc 2.36's dynamic TLS of libraries dlopen-ed after
# libpq's (gnutls, p11-kit): "Tracer caught signal 11" at exit of a
# second ingest on PostgreSQL. Loaded at start, their TLS is static and
# leak checking still scans it (LSAN use_tls=0 would not).
SAN_LIBS = -Wl,--no-as-needed -lgdal -Wl,--as-needed
else
BUILD ?= build
SAN    =
endif

# Lazily expanded: after `make deps` installed them, a sub-make sees them.
# -isystem: warnings inside library headers are not ours to fix.
PKG_CFLAGS  = $(patsubst -I%,-isystem %,$(shell $(PKG_CONFIG) --cflags \
		$(PKGS) gdal 2>/dev/null))
PKG_LIBS    = $(shell $(PKG_CONFIG) --libs $(PKGS) 2>/dev/null)
TEST_CFLAGS = $(shell $(PKG_CONFIG) --cflags $(TEST_PKGS) 2>/dev/null)
TEST_LIBS   = $(shell $(PKG_CONFIG) --libs $(TEST_PKGS) 2>/dev/null)
GDAL_SONAME = $(shell objdump -p "$$($(CC) -print-file-name=libgdal.so)" \
		2>/dev/null | awk '/SONAME/ { print $$2 }')

QM_CPPFLAGS = -D_GNU_SOURCE -DQM_VERSION=\"$(VERSION)\" \
	      -DQM_GDAL_SONAME=\"$(GDAL_SONAME)\" $(CPPFLAGS)
QM_CFLAGS   = $(WARN) $(OPT) $(SAN) -MMD -MP $(PKG_CFLAGS) $(CFLAGS)
QM_LDFLAGS  = $(SAN) -rdynamic $(LDFLAGS)
QM_LIBS     = $(SAN_LIBS) $(PKG_LIBS) -ldl -lm

ROOMS   = util store geo imagery count detect export render demo tui cmd
SRC     = $(foreach r,$(ROOMS),$(wildcard $(r)/*.c))
OBJ     = $(SRC:%.c=$(BUILD)/%.o)
LIB_OBJ = $(filter-out $(BUILD)/cmd/main.o,$(OBJ))
PROG    = $(BUILD)/quaymark

UNIT_SRC   = $(wildcard tests/unit/test-*.c)
UNIT_BIN   = $(UNIT_SRC:tests/unit/%.c=$(BUILD)/tests/%)
# scaffolding the unit tests share (scratch directories), linked into each
UNIT_LIB   = $(BUILD)/tests/unit/tmpdir.o
BENCH_SRC  = $(wildcard bench/*.c)
BENCH_BIN  = $(BENCH_SRC:bench/%.c=$(BUILD)/bench/%)
FUZZ_SRC   = $(wildcard fuzz/fuzz-*.c)
FUZZ_BIN   = $(FUZZ_SRC:fuzz/%.c=$(BUILD)/fuzz/%)
TOOL_SRC   = $(wildcard tests/tools/*.c)
TOOL_BIN   = $(TOOL_SRC:tests/tools/%.c=$(BUILD)/tools/%)

# `make V=1` shows the full commands.
ifeq ($(V),1)
Q =
else
Q = @
endif

.PHONY: all deps check check-build check-run unit cli tui lint-man \
	demo install uninstall clean bench fuzz fuzz-build fuzz-run asan \
	man-keys man-formats valgrind

all: $(PROG)

$(PROG): $(OBJ)
	@echo "  LD      $@"
	$(Q)$(CC) $(QM_LDFLAGS) -o $@ $(OBJ) $(QM_LIBS)

$(BUILD)/%.o: %.c
	@mkdir -p $(@D)
	@echo "  CC      $<"
	$(Q)$(CC) $(QM_CPPFLAGS) $(QM_CFLAGS) -c -o $@ $<

$(BUILD)/tests/%: tests/unit/%.c $(LIB_OBJ) $(UNIT_LIB) tests/unit/tmpdir.h
	@mkdir -p $(@D)
	@echo "  TEST    $@"
	$(Q)$(CC) $(QM_CPPFLAGS) $(QM_CFLAGS) $(TEST_CFLAGS) $(QM_LDFLAGS) \
	    -o $@ $< $(UNIT_LIB) $(LIB_OBJ) $(QM_LIBS) $(TEST_LIBS)

# spelt out: the test-binary pattern $(BUILD)/tests/% would match it too
$(UNIT_LIB): tests/unit/tmpdir.c
	@mkdir -p $(@D)
	@echo "  CC      $<"
	$(Q)$(CC) $(QM_CPPFLAGS) $(QM_CFLAGS) -c -o $@ $<

$(BUILD)/fuzz/%: fuzz/%.c $(LIB_OBJ) $(UNIT_LIB) tests/unit/tmpdir.h
	@mkdir -p $(@D)
	@echo "  FUZZ    $@"
	$(Q)$(CC) $(QM_CPPFLAGS) $(QM_CFLAGS) -fsanitize=fuzzer $(QM_LDFLAGS) \
	    -o $@ $< $(UNIT_LIB) $(LIB_OBJ) $(QM_LIBS)

$(BUILD)/tools/%: tests/tools/%.c $(LIB_OBJ)
	@mkdir -p $(@D)
	@echo "  TOOL    $@"
	$(Q)$(CC) $(QM_CPPFLAGS) $(QM_CFLAGS) $(QM_LDFLAGS) \
	    -o $@ $< $(LIB_OBJ) $(QM_LIBS)

$(BUILD)/bench/%: bench/%.c $(LIB_OBJ)
	@mkdir -p $(@D)
	@echo "  BENCH   $@"
	$(Q)$(CC) $(QM_CPPFLAGS) $(QM_CFLAGS) $(QM_LDFLAGS) \
	    -o $@ $< $(LIB_OBJ) $(QM_LIBS)

-include $(OBJ:.o=.d) $(UNIT_LIB:.o=.d)

deps:
	@sh tests/deps.sh

# The whole suite, then again under AddressSanitizer and UBSan.
check: deps
	@$(MAKE) --no-print-directory check-run
	@$(MAKE) --no-print-directory SANITIZE=1 check-run
	@$(MAKE) --no-print-directory valgrind
	@$(MAKE) --no-print-directory fuzz-run

valgrind: check-build
	@sh tests/valgrind.sh $(BUILD)

# Fuzzing: `make fuzz` builds the harnesses; `make fuzz-run` runs each on
# a fixed seed and input count, the same on every run (make check), or for
# FUZZ_SECONDS of random exploration when set (longer ones: bench/fuzz.sh).
FUZZ_SECONDS ?= check
fuzz:
	@$(MAKE) --no-print-directory FUZZ=1 fuzz-build

fuzz-build: $(FUZZ_BIN)

fuzz-run: fuzz
	@sh fuzz/run.sh build-fuzz $(FUZZ_SECONDS)

check-build: $(PROG) $(UNIT_BIN) $(BENCH_BIN) $(TOOL_BIN)

check-run: check-build lint-man
	@sh tests/run.sh $(BUILD)

unit: check-build
	@sh tests/run.sh $(BUILD) unit

cli: check-build
	@sh tests/run.sh $(BUILD) cli

tui: check-build
	@sh tests/run.sh $(BUILD) tui

lint-man:
	@out=$$(groff -mandoc -ww -z man/quaymark.1 2>&1); \
	if [ -n "$$out" ]; then echo "$$out"; exit 1; fi; \
	echo "man/quaymark.1: groff lint clean"

asan:
	@$(MAKE) --no-print-directory SANITIZE=1 all

# The KEYS section of the man page is made from the key table.
man-formats: $(PROG)
	@$(PROG) help --formats > $(BUILD)/formats.mdoc
	@awk -v f=$(BUILD)/formats.mdoc ' \
	    /^\.Sh DATASET FORMATS/ { skip = 1; \
	        while ((getline l < f) > 0) print l } \
	    /^\.Sh INTERCHANGE FORMAT/ { skip = 0 } !skip' man/quaymark.1 > \
	    $(BUILD)/quaymark.1 && mv $(BUILD)/quaymark.1 man/quaymark.1

man-keys: $(PROG)
	@$(PROG) help --keys > $(BUILD)/keys.mdoc
	@awk -v keys=$(BUILD)/keys.mdoc ' \
	    /^\.Ss Browsing and marking/ { skip = 1; \
	        while ((getline l < keys) > 0) print l } \
	    /^\.Sh COUNTING/ { skip = 0 } !skip' man/quaymark.1 > \
	    $(BUILD)/quaymark.1 && mv $(BUILD)/quaymark.1 man/quaymark.1

demo: deps
	@$(MAKE) --no-print-directory all
	$(PROG) demo

bench: check-build
	@sh bench/run.sh $(BUILD)

install: $(PROG)
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(MANPREFIX)/man1
	install -m 755 $(PROG) $(DESTDIR)$(BINDIR)/quaymark
	install -m 644 man/quaymark.1 $(DESTDIR)$(MANPREFIX)/man1/quaymark.1

uninstall:
	rm -f $(DESTDIR)$(BINDIR)/quaymark
	rm -f $(DESTDIR)$(MANPREFIX)/man1/quaymark.1

clean:
	rm -rf build build-asan build-fuzz
