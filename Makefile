# lifecircle — build, test, demo, bench.
# `make` / `make build` install nothing: when a tool or library the build needs is missing they
# stop and name it (scripts/check-deps build). `make demo`, `make test` and the CI targets
# install what they need first (scripts/install-deps: apt, through sudo when not root).

CC      ?= cc
BUILD   ?= build
OPT     ?= -O2 -g
WARN    := -Wall -Wextra -Wpedantic -Wshadow -Wstrict-prototypes -Wmissing-prototypes
CSTD    := -std=c11 -D_POSIX_C_SOURCE=200809L -DGEOS_USE_ONLY_R_API
PKGS    := gdal proj yaml-0.1 json-c libxml-2.0 cbc

# Library flags are looked up lazily (=) so they are read after `deps` has installed them
# (or `build-deps` has found them missing).
DEP_CFLAGS = $(patsubst -I%,-isystem %,$(shell pkg-config --cflags $(PKGS) 2>/dev/null) $(shell geos-config --cflags 2>/dev/null))
DEP_LIBS   = $(shell pkg-config --libs $(PKGS) 2>/dev/null) $(shell geos-config --clibs 2>/dev/null) -lm -pthread
TEST_LIBS  = $(shell pkg-config --libs cmocka 2>/dev/null)
# The CLI allocates through jemalloc when it is there: GEOS's overlays make millions of small
# allocations, and glibc's malloc cost the walking bench 2.5 s (docs/performance.md). Not under the
# sanitizers or valgrind, which track the C library's malloc.
ALLOC_LIBS = $(if $(SAN)$(NO_JEMALLOC),,$(shell pkg-config --libs jemalloc 2>/dev/null))

# -fPIC: the same objects make the static archive and the shared library; only LC_API
# functions are visible outside the library (-fvisibility=hidden, checked by install-test).
CFLAGS_ALL = $(CSTD) $(WARN) $(OPT) $(SAN) -pthread -Iinclude -Isrc $(DEP_CFLAGS) -fvisibility=hidden -fPIC -MMD -MP
LDFLAGS_ALL = $(SAN) $(LDFLAGS)

LIB_SRC  := $(sort $(wildcard src/core/*.c src/io/*.c src/geom/*.c src/model/*.c src/net/*.c src/cover/*.c \
                              src/bundle/*.c src/site/*.c src/report/*.c \
                              src/scenario/*.c src/pipeline/*.c))
CLI_SRC  := $(wildcard src/cli/*.c)
UNIT_SRC := $(sort $(wildcard tests/unit/test_*.c))
LIB_OBJ  := $(LIB_SRC:%.c=$(BUILD)/obj/%.o)
CLI_OBJ  := $(CLI_SRC:%.c=$(BUILD)/obj/%.o)
UNIT_BIN := $(UNIT_SRC:tests/unit/%.c=$(BUILD)/tests/%)
E2E_BIN  := $(BUILD)/tests/test_e2e
E2E_OBJ  := $(patsubst %.c,$(BUILD)/obj/%.o,$(sort $(wildcard tests/e2e/*.c)))
LIB      := $(BUILD)/liblifecircle.a
CLI      := $(BUILD)/lifecircle
VERSION  := $(shell sed -n 's/^\#define LC_VERSION_STRING "\(.*\)"/\1/p' include/lifecircle.h)
SONAME   := liblifecircle.so.0
SHLIB    := $(BUILD)/liblifecircle.so.$(VERSION)
MANPAGE  := $(BUILD)/lifecircle.1
# Message catalogues: po/<lang>.po -> $(BUILD)/locale/<lang>/LC_MESSAGES/lifecircle.mo (the
# build tree's CLI finds them beside itself; src/core/msg.h)
LANGS    := $(patsubst po/%.po,%,$(wildcard po/*.po))
MO       := $(LANGS:%=$(BUILD)/locale/%/LC_MESSAGES/lifecircle.mo)

.PHONY: all deps deps-demo deps-test build-deps build test demo asan bench clean valgrind qgis-deps \
        qgis-test fuzz lint install-qgis-plugin install uninstall install-test deb deb-test pot \
        mutate diff-outputs
all: build

# What the build needs, checked (never installed): a missing compiler, library, geos-config,
# msgfmt or help2man stops the build with its name, its package and the command that installs
# it. Every object, catalogue and the man page wait for this check (order-only), also under -j.
build-deps:
	@CC='$(CC)' ./scripts/check-deps -q build || { \
	  echo "make: the build needs what is missing here:" >&2; \
	  CC='$(CC)' ./scripts/check-deps build; \
	  echo "Install them with scripts/install-deps (Debian/Ubuntu: apt-get, through sudo when not root)," >&2; \
	  echo "or run make demo or make test, which install what is missing first." >&2; exit 1; }

# Install the system packages when any a target needs is missing (scripts/install-deps,
# Debian/Ubuntu, sudo when not root; it installs them all). deps-demo: what the demo needs
# (the build and jemalloc); deps-test: and cmocka, python3, gettext's tools and PostgreSQL with
# PostGIS; deps: everything the CI targets use (valgrind, clang, cppcheck, clang-tidy, ...).
deps:
	@./scripts/check-deps -q all || ./scripts/install-deps
deps-demo:
	@./scripts/check-deps -q demo || ./scripts/install-deps
deps-test:
	@./scripts/check-deps -q test || ./scripts/install-deps

# The sanitizer builds (asan, fuzz) make no shared library: ASan's runtime symbols would be
# undefined in it, which --no-undefined rejects.
build: $(LIB) $(CLI) $(MO) $(if $(SAN),,$(SHLIB) $(MANPAGE))

# --check: a translation's printf directives must match its original's.
$(BUILD)/locale/%/LC_MESSAGES/lifecircle.mo: po/%.po | build-deps
	@mkdir -p $(@D)
	msgfmt --check --output-file=$@ $<

# The catalogue template from the sources (run after changing a message, then translate what
# msgmerge marks in po/*.po; tests/po/check.sh fails while the template is stale). The log and
# error calls translate their format themselves, so they are keywords, not marked strings.
XGETTEXT_KEYS := --keyword=_ --keyword=N_ --keyword=lc_fail:3 --keyword=lc_set_error:2 \
  --keyword=lc_log:3 --keyword=lc_warn:2 --keyword=lc_note:2 --keyword=lc_info:2 \
  --keyword=lc_debug:2 --flag=lc_fail:3:c-format --flag=lc_set_error:2:c-format \
  --flag=lc_log:3:c-format --flag=lc_warn:2:c-format --flag=lc_note:2:c-format \
  --flag=lc_info:2:c-format --flag=lc_debug:2:c-format --flag=_:1:pass-c-format
POT ?= po/lifecircle.pot
pot:
	@mkdir -p $(dir $(POT))
	xgettext --language=C --from-code=UTF-8 --add-comments=TRANSLATORS: --sort-by-file \
	  --package-name=lifecircle --package-version=$(VERSION) --msgid-bugs-address=lifecircle@example.org \
	  $(XGETTEXT_KEYS) --output=$(POT) $(sort $(LIB_SRC) $(CLI_SRC))
	@if [ "$(POT)" = po/lifecircle.pot ]; then for p in $(wildcard po/*.po); do \
	  msgmerge --quiet --update --backup=none $$p po/lifecircle.pot; done; fi

# Rebuilt from scratch: `ar r` would keep members of source files that no longer exist.
$(LIB): $(LIB_OBJ)
	@mkdir -p $(@D)
	rm -f $@
	ar rcs $@ $^

# The shared library: its soname carries the ABI version (0 while the API settles);
# --no-undefined makes a missing dependency a link error here, not a load error later.
$(SHLIB): $(LIB_OBJ)
	$(CC) $(LDFLAGS_ALL) -shared -Wl,-soname,$(SONAME) -Wl,--no-undefined -o $@ $^ $(DEP_LIBS)
	ln -sf $(notdir $@) $(BUILD)/$(SONAME)
	ln -sf $(SONAME) $(BUILD)/liblifecircle.so

# The CLI links the archive: it runs from the build tree and installed alike, and stays one
# file that needs only GDAL, GEOS, PROJ and the other system libraries.
$(CLI): $(CLI_OBJ) $(LIB)
	$(CC) $(LDFLAGS_ALL) -o $@ $(CLI_OBJ) $(LIB) $(DEP_LIBS) $(ALLOC_LIBS)

# The man page, from the CLI's own --help (every command and setting with its default, from
# the settings table) and --version by help2man, plus man/lifecircle.h2m (exit codes, files,
# environment, bad input, examples).
$(MANPAGE): $(CLI) man/lifecircle.h2m | build-deps
	LANGUAGE= LC_ALL=C help2man --no-info --section=1 --include=man/lifecircle.h2m \
	  --name="living-circle coverage, renovation bundles and facility siting for old residential estates" \
	  --output=$@ ./$(CLI)

# The installed catalogues' directory, compiled into the library (src/core/msg.c).
$(BUILD)/obj/src/core/msg.o: CFLAGS_ALL += -DLC_LOCALEDIR='"$(LOCALEDIR)"'

$(BUILD)/obj/%.o: %.c | build-deps
	@mkdir -p $(@D)
	$(CC) $(CFLAGS_ALL) -c $< -o $@

$(BUILD)/obj/tests/%.o: tests/%.c | build-deps
	@mkdir -p $(@D)
	$(CC) $(CFLAGS_ALL) -Wno-missing-prototypes -c $< -o $@

$(BUILD)/tests/%: $(BUILD)/obj/tests/unit/%.o $(LIB)
	@mkdir -p $(@D)
	$(CC) $(LDFLAGS_ALL) -o $@ $< $(LIB) $(DEP_LIBS) $(TEST_LIBS)

$(E2E_BIN): $(E2E_OBJ) $(LIB)
	@mkdir -p $(@D)
	$(CC) $(LDFLAGS_ALL) -o $@ $(filter %.o,$^) $(LIB) $(DEP_LIBS) $(TEST_LIBS)

# Unit tests, then the end-to-end test on data/ (and ../shared/data/real/ when present).
# FAILFAST=1 stops at the first test program that fails (make mutate: caught is caught).
test: deps-test
	@$(MAKE) --no-print-directory build $(UNIT_BIN) $(E2E_BIN)
	@fail=0; for t in $(UNIT_BIN) $(E2E_BIN); do \
	  echo "== $$t"; LC_CLI=$(CLI) LC_DATA=data $$t || fail=1; \
	  if [ $$fail -ne 0 ] && [ -n "$(FAILFAST)" ]; then break; fi; done; \
	  [ $$fail -ne 0 ] && [ -n "$(FAILFAST)" ] || BUILD=$(BUILD) bash tests/po/check.sh || fail=1; \
	  if [ $$fail -ne 0 ]; then echo "TESTS FAILED"; exit 1; fi; echo "all test programs passed"

demo: deps-demo
	@$(MAKE) --no-print-directory build
	$(CLI) demo -o out/demo

# Test suite under AddressSanitizer + UBSan, in its own build tree.
# QGIS integration test (.ci/run): every output layer and the project opened with QGIS's
# Python API headless, report.html screenshot by headless Chromium (build/report.png).
qgis-deps:
	@/usr/bin/python3 -c "import qgis.core" 2>/dev/null && command -v chromium >/dev/null \
	  && command -v pdftoppm >/dev/null && command -v pdfinfo >/dev/null \
	  && fc-list 2>/dev/null | grep -qi wenquanyi || ./scripts/install-deps --qgis

qgis-test: deps qgis-deps
	@$(MAKE) --no-print-directory build
	@BUILD=$(BUILD) LC_CLI=$(CLI) bash tests/qgis/run.sh

# The QGIS plugin (Processing provider, qgis/lifecircle_qgis) linked into a QGIS profile's
# plugin folder: a link, not a copy, so a `git pull` updates it and the plugin finds this tree's
# build/lifecircle when lifecircle is not on PATH. QGIS_PLUGIN_DIR: another profile's folder.
QGIS_PLUGIN_DIR ?= $(HOME)/.local/share/QGIS/QGIS3/profiles/default/python/plugins
install-qgis-plugin:
	@dest="$(QGIS_PLUGIN_DIR)/lifecircle_qgis"; \
	  if [ -e "$$dest" ] && [ ! -L "$$dest" ]; then \
	    echo "$$dest exists and is not a link: remove it first"; exit 1; fi; \
	  mkdir -p "$(QGIS_PLUGIN_DIR)" && ln -sfn "$(CURDIR)/qgis/lifecircle_qgis" "$$dest" && \
	  echo "linked $$dest -> $(CURDIR)/qgis/lifecircle_qgis; enable it in QGIS: Plugins > Manage and Install Plugins > Installed"

# libFuzzer (clang): the config reader, the category mapping and the whole pipeline on
# random districts, each for FUZZ_SECONDS, from the seeds in tests/fuzz/corpus/ (new inputs
# go to build-fuzz/corpus/). A crash leaves its input in build-fuzz/ and fails the target.
FUZZ_SECONDS ?= 60
FUZZ_TARGETS := config catmap pipeline
fuzz: deps
	@$(MAKE) --no-print-directory -s BUILD=build-fuzz CC=clang OPT="-O1 -g" \
	  SAN="-fsanitize=address,undefined,fuzzer-no-link -fno-sanitize-recover=all" build-fuzz/liblifecircle.a
	@set -e; for t in $(FUZZ_TARGETS); do \
	  clang $(CSTD) -O1 -g -Iinclude -Isrc $(DEP_CFLAGS) -fsanitize=address,undefined,fuzzer \
	    -fno-sanitize-recover=all tests/fuzz/fuzz_$$t.c build-fuzz/liblifecircle.a $(DEP_LIBS) \
	    -o build-fuzz/fuzz_$$t; \
	  mkdir -p build-fuzz/corpus/$$t; \
	  echo "== fuzz_$$t for $(FUZZ_SECONDS) s"; \
	  if ! ASAN_OPTIONS=detect_leaks=1 build-fuzz/fuzz_$$t -max_total_time=$(FUZZ_SECONDS) \
	    -artifact_prefix=build-fuzz/$$t- -print_final_stats=1 build-fuzz/corpus/$$t \
	    tests/fuzz/corpus/$$t >build-fuzz/$$t.log 2>&1; then \
	    tail -n 40 build-fuzz/$$t.log; echo "fuzz_$$t found a failure (input in build-fuzz/)"; exit 1; \
	  fi; \
	  grep -E "^Done|new_units_added|peak_rss" build-fuzz/$$t.log; \
	done

# Static analysis: cppcheck and clang-tidy (checks and the reasons for those left out are in
# .clang-tidy) must report nothing: no warning, no error, and a file clang-tidy cannot compile
# (a non-zero exit) fails too. One clang-tidy per file, as many at once as there are cores. clang-tidy runs once per file: several files in one
# process made clang-tidy 14's analyzer report va_start/vsnprintf pairs as uninitialised.
lint: deps
	cppcheck --enable=warning,performance,portability --std=c11 --quiet --error-exitcode=1 \
	  --inline-suppr -Iinclude -Isrc src/
	@printf '%s\n' $(LIB_SRC) $(CLI_SRC) | xargs -P $$(nproc) -n 1 sh -c \
	  'out=$$(clang-tidy --quiet "$$0" -- $(CSTD) -Iinclude -Isrc $(DEP_CFLAGS) 2>&1); rc=$$?; \
	   if [ $$rc -ne 0 ] || printf "%s" "$$out" | grep -qE "(warning|error):"; then \
	     printf "%s\nlint: clang-tidy on %s: exit %s\n" "$$out" "$$0" "$$rc"; exit 1; fi' \
	  && echo "lint: cppcheck and clang-tidy clean"

# Left out of the end-to-end test here (they run in make test): the PostGIS tests (a server
# start each, and libpq's code), the test's own recomputation of the sample (GDAL and GEOS in
# the test program) and the CBC-heavy capacity siting test (the unit tests run its solver
# under the sanitizers): together a fifth of this target's time, to keep CI under 25 minutes.
ASAN_SKIP = test_pg_*,test_sample_recomputed,test_sites_capacity
ASAN_VARS = BUILD=build-asan OPT="-O1 -g -fno-omit-frame-pointer" \
  SAN="-fsanitize=address,undefined -fno-sanitize-recover=all" CC=clang
asan: deps
	@LC_E2E_SKIP='$(ASAN_SKIP)' $(MAKE) --no-print-directory $(ASAN_VARS) test

# The end-to-end test under valgrind (plain -O0 build). Left out there, as they run in
# make test and make asan (LeakSanitizer too) and take half of valgrind's time on code that
# is not ours or is covered by the others: the PostGIS tests (a server start and the client
# library), the test's own recomputation of the sample (GDAL/GEOS in the test program), the
# input-format invariance (the same pipeline four times) and the two CBC-heavy siting tests.
# The walking references (test_walk_reference_*) run the CLI as test_network_sample does; their
# own Dijkstra and GEOS unions are test code. Of the Chinese-data tests, the three that run the
# sample's whole pipeline several times over (Chinese field names, two facility sources, nested
# estates: their code is under ASan in make asan and in the unit tests) are left out too, which
# keeps valgrind near 15 minutes; the point estates, the POI table and the datum check stay.
# The comparison on the sample (three whole pipelines) likewise: the session is under ASan
# and LeakSanitizer in make asan (test_session, the e2e), its errors' test stays here.
VALGRIND_SKIP = test_pg_*,test_sample_recomputed,test_order_and_format_invariance,test_sites_capacity,test_sites_target_and_budget,test_walk_reference_*,test_chinese_fields,test_several_facility_sources,test_nested_estates,test_compare_sample,test_equity_measures
valgrind: deps
	@$(MAKE) --no-print-directory BUILD=build-vg OPT="-O0 -g" NO_JEMALLOC=1 build build-vg/tests/test_e2e
	LC_CLI=build-vg/lifecircle LC_DATA=data LC_E2E_SKIP_REAL=1 LC_E2E_SKIP='$(VALGRIND_SKIP)' valgrind --error-exitcode=99 --trace-children=yes \
	  --trace-children-skip='/usr/lib/postgresql/*,*/runuser' \
	  --leak-check=full --errors-for-leak-kinds=definite \
	  --suppressions=scripts/valgrind.supp build-vg/tests/test_e2e

# Outputs must not depend on the compiler, the optimisation, the allocator or the threads:
# every output of the sample's runs by the normal build (gcc -O2, jemalloc) against those of
# the plain -O0 build without jemalloc (build-vg, as make valgrind builds it) and of clang's
# -O1 ASan + UBSan build (build-asan, as make asan builds it: in CI both are there already),
# then by the normal build with --threads 1 and 3 against the default (one per core), compared
# by scripts/diff-outputs. DIFF_ARGS=--real adds Helsinki Kamppi and Liechtenstein
# (../shared/data/real, or LC_REAL).
diff-outputs: deps
	@$(MAKE) --no-print-directory build
	@$(MAKE) --no-print-directory BUILD=build-vg OPT="-O0 -g" NO_JEMALLOC=1 build
	@$(MAKE) --no-print-directory $(ASAN_VARS) build
	./scripts/diff-outputs $(DIFF_ARGS) $(CLI) build-vg/lifecircle
	./scripts/diff-outputs $(DIFF_ARGS) $(CLI) build-asan/lifecircle
	./scripts/diff-outputs $(DIFF_ARGS) --threads 1 $(CLI) $(CLI)
	./scripts/diff-outputs $(DIFF_ARGS) --threads 3 $(CLI) $(CLI)

# ---- installation (GNU conventions; DESTDIR for staged installs and packages) --------------
PREFIX     ?= /usr/local
BINDIR     ?= $(PREFIX)/bin
LIBDIR     ?= $(PREFIX)/lib
INCLUDEDIR ?= $(PREFIX)/include
DATAROOTDIR ?= $(PREFIX)/share
MANDIR     ?= $(DATAROOTDIR)/man
PKGDATADIR := $(DATAROOTDIR)/lifecircle
LOCALEDIR  ?= $(DATAROOTDIR)/locale
SAMPLE     := $(sort $(wildcard data/*.geojson data/*.yaml data/*.md))
# A directory under PREFIX as the .pc writes it, ${prefix}/...: pkg-config's
# --define-variable=prefix=... then finds a staged (DESTDIR) or moved install.
pc_rel = $(patsubst $(PREFIX)/%,$${prefix}/%,$(1))

# No `deps` here: installing must not reach for apt (a package build, an offline machine);
# `make build` (or `make`) first.
install: $(LIB) $(SHLIB) $(CLI) $(MANPAGE) $(MO)
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(LIBDIR)/pkgconfig $(DESTDIR)$(INCLUDEDIR) \
	  $(DESTDIR)$(MANDIR)/man1 $(DESTDIR)$(PKGDATADIR)/data $(DESTDIR)$(PKGDATADIR)/qgis
	install -m 755 $(CLI) $(DESTDIR)$(BINDIR)/lifecircle
	install -m 644 $(SHLIB) $(DESTDIR)$(LIBDIR)/
	ln -sf $(notdir $(SHLIB)) $(DESTDIR)$(LIBDIR)/$(SONAME)
	ln -sf $(SONAME) $(DESTDIR)$(LIBDIR)/liblifecircle.so
	install -m 644 $(LIB) $(DESTDIR)$(LIBDIR)/
	install -m 644 include/lifecircle.h $(DESTDIR)$(INCLUDEDIR)/
	sed -e 's|@PREFIX@|$(PREFIX)|' -e 's|@LIBDIR@|$(call pc_rel,$(LIBDIR))|' \
	  -e 's|@INCLUDEDIR@|$(call pc_rel,$(INCLUDEDIR))|' -e 's|@VERSION@|$(VERSION)|' \
	  lifecircle.pc.in > $(DESTDIR)$(LIBDIR)/pkgconfig/lifecircle.pc
	install -m 644 $(MANPAGE) $(DESTDIR)$(MANDIR)/man1/
	install -m 644 $(SAMPLE) $(DESTDIR)$(PKGDATADIR)/data/
	for l in $(LANGS); do install -d $(DESTDIR)$(LOCALEDIR)/$$l/LC_MESSAGES && \
	  install -m 644 $(BUILD)/locale/$$l/LC_MESSAGES/lifecircle.mo $(DESTDIR)$(LOCALEDIR)/$$l/LC_MESSAGES/; done
	cp -R qgis/lifecircle_qgis $(DESTDIR)$(PKGDATADIR)/qgis/
	find $(DESTDIR)$(PKGDATADIR)/qgis -name __pycache__ -prune -exec rm -rf {} +

uninstall:
	rm -f $(DESTDIR)$(BINDIR)/lifecircle $(DESTDIR)$(LIBDIR)/$(notdir $(SHLIB)) \
	  $(DESTDIR)$(LIBDIR)/$(SONAME) $(DESTDIR)$(LIBDIR)/liblifecircle.so \
	  $(DESTDIR)$(LIBDIR)/liblifecircle.a $(DESTDIR)$(INCLUDEDIR)/lifecircle.h \
	  $(DESTDIR)$(LIBDIR)/pkgconfig/lifecircle.pc $(DESTDIR)$(MANDIR)/man1/lifecircle.1
	rm -rf $(DESTDIR)$(PKGDATADIR)
	for l in $(LANGS); do rm -f $(DESTDIR)$(LOCALEDIR)/$$l/LC_MESSAGES/lifecircle.mo; done

# Installs into a temporary DESTDIR and uses what it installed: the exported symbols are the
# header's LC_API ones, a C program builds from the .pc and runs the sample through the public
# API (shared and static), the installed CLI runs --version and demo, the man page renders
# without a groff warning (tests/install/run.sh).
install-test: deps
	@$(MAKE) --no-print-directory build
	@BUILD=$(BUILD) bash tests/install/run.sh

# A Debian package (build/deb/lifecircle_<version>_<arch>.deb) with dpkg-buildpackage from
# debian/, lintian clean of errors (scripts/make-deb).
deb:
	./scripts/make-deb

# The package built, installed with apt, used from PATH (--version, demo, man) and removed
# (tests/install/deb.sh; root or sudo).
deb-test:
	@bash tests/install/deb.sh

# Mutation testing (not in CI: 17 minutes for the list): each entry of scripts/mutations.txt
# applied to a scratch copy under ../mutate-tmp, built and tested there (make test FAILFAST=1); prints
# caught/survived per mutation with the tests that caught it. MUTATIONS="id ..." picks some;
# MUTATE_TEST, MUTATE_JOBS and the rest: scripts/mutate.
mutate: deps
	./scripts/mutate $(MUTATIONS)

bench: deps
	@command -v glpsol >/dev/null || ./scripts/install-deps --bench
	@$(MAKE) --no-print-directory build
	./scripts/bench

clean:
	rm -rf build build-asan build-vg out

-include $(shell find $(BUILD) -name '*.d' 2>/dev/null)
