# quaymark build configuration: what a packager edits.

VERSION = 0.1.0

PREFIX    ?= /usr/local
BINDIR    ?= $(PREFIX)/bin
MANPREFIX ?= $(PREFIX)/share/man
DESTDIR   ?=

CC      ?= cc
PKG_CONFIG ?= pkg-config

# Libraries linked into the binary. GDAL is not linked: render/gdal-load.c
# opens it with dlopen(3) on first use, so commands that never touch pixels
# do not pay its ~90 ms of start-up.
PKGS      = ncursesw sqlite3 jansson libpng zlib libcrypto libxml-2.0 cairo libdeflate libpq
TEST_PKGS = cmocka

WARN = -std=c11 -Wall -Wextra -Wformat=2 -Wshadow -Wmissing-prototypes \
       -Wstrict-prototypes -Wwrite-strings -Wpointer-arith -Wundef \
       -Wno-missing-field-initializers -Werror
OPT  = -O2 -g

# SANITIZE=1 builds everything with AddressSanitizer and UBSan into build-asan/.
SANITIZE ?=
