# relcore — build, test and demo. `make test` and `make demo` work on a fresh Debian machine:
# they install the system packages (apt-get) and, into the project's virtual environment (.venv),
# the Python packages each target needs. Nothing is ever written to an interpreter's own
# site-packages: PYTHON only chooses the interpreter that creates the venv (any Python 3.10-3.13,
# Debian's /usr/bin/python3 included).
SHELL := /bin/bash
comma := ,
PYTHON ?= python3
VENV ?= .venv
# The interpreter every target runs: the venv's.
PY := $(VENV)/bin/python
APT_PKGS := libutf8proc-dev libcmocka-dev unicode-data pkg-config valgrind
# Needed by tests but not by the build: headless Chromium renders the demo report for the
# screenshot test. Installed best-effort: where it cannot be installed that one test skips.
APT_TEST_PKGS := chromium
UCD ?= /usr/share/unicode
export PYTHONPATH := $(CURDIR)/python

CC ?= gcc
UTF8PROC_CFLAGS = $(shell pkg-config --cflags libutf8proc 2>/dev/null)
UTF8PROC_LIBS = $(shell pkg-config --libs libutf8proc 2>/dev/null || echo -lutf8proc)
# The C test build: every allocation goes through the fault-injection hook (csrc/base/alloc.h).
C_TEST_CFLAGS ?= -std=c11 -O1 -g -Wall -Wextra -Wno-unused-parameter -Wno-missing-field-initializers
C_TEST_CFLAGS += -Iinclude -Icsrc -DRC_FAULT_INJECTION $(UTF8PROC_CFLAGS)
C_TEST_LDFLAGS ?=
# The core: one folder per stage (csrc/<stage>/*.c); csrc/python/ is the binding, built by setup.py.
CORE_SRC := $(filter-out csrc/python/%,$(wildcard csrc/*/*.c))
CORE_HDR := $(wildcard include/*.h csrc/*/*.h)
C_TESTS := $(patsubst tests/c/%.c,build/c/%,$(wildcard tests/c/test_*.c))
BUILD_C := build/c

.PHONY: all deps venv build test test-c test-python test-pythons demo wheel sdist docs bench bench-deps \
	eval valgrind clean distclean ucd gazetteer

all: build

# System packages (apt-get). The stamp is build/.deps; the Python packages live in the venv.
deps: build/.deps venv
build/.deps: pyproject.toml setup.py
	@if ! dpkg -s $(APT_PKGS) >/dev/null 2>&1; then \
	  echo "Installing system packages: $(APT_PKGS)"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $(APT_PKGS) >/dev/null; \
	fi
	@if ! dpkg -s $(APT_TEST_PKGS) >/dev/null 2>&1; then \
	  echo "Installing test packages: $(APT_TEST_PKGS)"; \
	  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $(APT_TEST_PKGS) \
	    >/dev/null 2>&1) || echo "could not install $(APT_TEST_PKGS): the report screenshot test will skip"; \
	fi
	@mkdir -p build && touch $@

# The project venv, made by $(PYTHON). Its stamp names the interpreter (real path and version), so
# `make PYTHON=...` with another interpreter remakes the venv instead of mixing two Pythons.
PY_ID := $(shell $(PYTHON) -c 'import hashlib, os, sys; \
  print(hashlib.sha1((os.path.realpath(sys.executable) + sys.version).encode()).hexdigest()[:12])' 2>/dev/null)
VENV_STAMP := $(VENV)/.relcore-venv-$(or $(PY_ID),missing)
venv: $(VENV_STAMP)
$(VENV_STAMP):
	@test -n "$(PY_ID)" || { echo "relcore: PYTHON=$(PYTHON) does not run"; exit 1; }
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 10) else \
	  "relcore needs Python 3.10 or newer; PYTHON=$(PYTHON) is " + sys.version.split()[0])'
	@# Debian splits venv and ensurepip out of its python3 (package python3-venv).
	@if ! $(PYTHON) -c 'import venv, ensurepip' >/dev/null 2>&1; then \
	  v=$$($(PYTHON) -c 'import sys; print("%d.%d" % sys.version_info[:2])'); \
	  echo "Installing python3-venv (venv and ensurepip for $(PYTHON))"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3-venv \
	    >/dev/null && { DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python$$v-venv >/dev/null 2>&1 || true; }; \
	fi
	rm -rf $(VENV)
	$(PYTHON) -m venv $(VENV)
	@touch $@

# Python packages, per need: $(VENV)/.deps-NAME installs `tools/extra_requirements.py NAME`
# (build-system: setuptools and wheel; demo, test: the extras of pyproject.toml; wheel, codes, docs: the
# developer tools of tools/requirements-NAME.txt; NAME+NAME: both). Reinstalled only when pyproject.toml
# or a requirements file changes. The tests need the wheel tools (test_wheel.py) and countrycode
# (the codes generator check) besides the test extra.
$(VENV)/.deps-%: pyproject.toml tools/extra_requirements.py $(wildcard tools/requirements-*.txt) $(VENV_STAMP)
	@$(PY) tools/extra_requirements.py $(subst +, ,$*) > $(VENV)/requirements-$*.txt
	@echo "Installing into $(VENV): $$(tr '\n' ' ' < $(VENV)/requirements-$*.txt)"
	$(PY) -m pip install -q --disable-pip-version-check -r $(VENV)/requirements-$*.txt
	@touch $@

# The extension module, built in place (python/relcore/_core*.so). A failed compile fails the
# target (setuptools keeps the old module: the log is printed and the target stops).
# The binding's glue follows its stub: regenerated before a build when the stub, the generator or a
# binding file changes (tools/gen_binding.py rewrites only the files whose text changes).
build/.binding-glue: python/relcore/_core.pyi tools/gen_binding.py $(wildcard csrc/python/*.c) | build/.deps
	$(PY) tools/gen_binding.py && touch $@

build: $(VENV)/.deps-build-system build/.deps build/.binding-glue
	@if ! $(PY) setup.py -q build_ext --inplace > build/build_ext.log 2>&1; then \
	  grep -Ev "Warning|warn\(|^$$|running build_ext|_BetaConfiguration" build/build_ext.log; \
	  echo "relcore: the C extension did not build (log: build/build_ext.log)"; exit 1; fi
	@grep -E "(warning|error):" build/build_ext.log || true
	@$(PY) -c "import relcore" || (echo "relcore did not build" && exit 1)

# Regenerates python/relcore/data/gazetteer.tsv (committed) from its inputs: Debian iso-codes and
# unicode-cldr-core, wordnet-base, and the PyPI packages of the `gen` extra (docs/gazetteer.md).
gazetteer: $(VENV)/.deps-gen build/.deps
	apt-get install -y -q iso-codes unicode-cldr-core wordnet-base >/dev/null 2>&1 || true
	$(PY) tools/gen_gazetteer.py --report

# Unicode conformance files (Debian unicode-data) unpacked where the C tests read them.
ucd: build/ucd/NormalizationTest.txt
build/ucd/NormalizationTest.txt: | build/.deps
	@mkdir -p build/ucd
	bzcat $(UCD)/NormalizationTest.txt.bz2 > $@

# One compile rule for every flavour of the core library: $(call core_lib,DIR,COMPILER,FLAGS)
# defines DIR/librelcore.a from DIR/obj/<stage>/<file>.o. Every object depends on every header:
# the core is small, and a stale object is worse than a rebuild.
define core_lib
$(1)/obj/%.o: csrc/%.c $(CORE_HDR) | build/.deps $(4)
	@mkdir -p $$(@D)
	$(2) $(3) -c $$< -o $$@
$(1)/librelcore.a: $(patsubst csrc/%.c,$(1)/obj/%.o,$(CORE_SRC))
	@rm -f $$@
	ar rcs $$@ $$^
endef

$(eval $(call core_lib,$(BUILD_C),$(CC),$(C_TEST_CFLAGS)))

$(BUILD_C)/test_%: tests/c/test_%.c tests/c/*.h $(BUILD_C)/librelcore.a
	$(CC) $(C_TEST_CFLAGS) $< -o $@ $(BUILD_C)/librelcore.a -lcmocka $(UTF8PROC_LIBS) $(C_TEST_LDFLAGS)

test-c: $(C_TESTS) ucd
	@set -e; for t in $(C_TESTS); do echo "== $$t"; UCD_DIR=$(CURDIR)/build/ucd UCD=$(UCD) $$t; done

test-python: build ucd $(VENV)/.deps-test+wheel+codes
	$(PY) -m pytest -q tests/python

test: test-c test-python test-install

# The Python suite under every interpreter 3.10-3.13 found on PATH or under pyenv, each in its own
# venv (build/venvs/3.X); extensions of different versions sit side by side in python/relcore.
# Every version runs; the target fails at the end if any did.
PYTHON_VERSIONS ?= 3.10 3.11 3.12 3.13
find-pythons = $(strip $(foreach v,$(PYTHON_VERSIONS),$(firstword \
  $(shell for p in $$(command -v python$(v)) \
      $$(ls -d $$(pyenv root 2>/dev/null || echo $$HOME/.pyenv)/versions/$(v).*/bin/python$(v) 2>/dev/null | sort -V -r) \
      /usr/bin/python$(v) /usr/local/bin/python$(v); do \
    [ -x "$$p" ] && "$$p" -c 'import sys' >/dev/null 2>&1 && echo "$$p"; done))))
test-pythons: ucd
	@pys="$(find-pythons)"; echo "Pythons found: $${pys:-none}"; test -n "$$pys"; failed=""; \
	for p in $$pys; do v=$$($$p -c 'import sys; print("%d.%d" % sys.version_info[:2])'); \
	  echo "== Python $$v ($$p)"; \
	  $(MAKE) --no-print-directory test-python PYTHON=$$p VENV=build/venvs/$$v || failed="$$failed $$v"; done; \
	if [ -n "$$failed" ]; then echo "test-pythons: failed on$$failed"; exit 1; fi

# valgrind memcheck over the C tests: any error or definite leak fails.
valgrind: $(C_TESTS) ucd
	@set -e; for t in $(C_TESTS); do echo "== valgrind $$t"; \
	  UCD_DIR=$(CURDIR)/build/ucd UCD=$(UCD) RC_TEST_QUICK=1 valgrind -q --error-exitcode=1 \
	    --leak-check=full --errors-for-leak-kinds=definite $$t; done

demo: build $(VENV)/.deps-demo
	$(PY) -m relcore demo

# Benchmarks: relcore against its peers (the `bench` extra; PyICU builds against libicu-dev), one
# runner for every group (benchmarks/README.md). BENCH_ARGS passes options to benchmarks/run.py:
# make bench BENCH_ARGS="--quick" (everything, small), BENCH_ARGS="--quick --group notebook" (one group).
BENCH_APT := libicu-dev pkg-config g++
BENCH_ARGS ?=
bench-deps: build/.bench-deps
build/.bench-deps: pyproject.toml $(VENV)/.deps-test+wheel+codes | build/.deps
	@if ! dpkg -s $(BENCH_APT) >/dev/null 2>&1; then \
	  echo "Installing system packages: $(BENCH_APT)"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $(BENCH_APT) >/dev/null; \
	fi
	$(PY) -m pip install -q --disable-pip-version-check -r <($(PY) tools/extra_requirements.py bench) || \
	  $(PY) benchmarks/install_peers.py
	@touch $@

bench: build bench-deps
	$(PY) benchmarks/run.py $(BENCH_ARGS)

# Portable wheels: utf8proc linked statically (Debian's libutf8proc.a, its symbols hidden), then
# `auditwheel repair` checks the module against the manylinux policy and retags the wheel
# (manylinux_2_X_x86_64). tests/python/test_wheel.py installs it into a fresh venv.
wheel: $(VENV)/.deps-wheel build/.deps
	@rm -rf build/wheel && mkdir -p build/wheel dist
	RELCORE_STATIC_UTF8PROC=1 $(PY) -m pip wheel -q --no-deps --no-build-isolation -w build/wheel .
	PATH="$(CURDIR)/$(VENV)/bin:$$PATH" $(PY) -m auditwheel repair -w dist build/wheel/relcore-*.whl
	@ls dist/relcore-*manylinux*.whl

# The API reference: Sphinx autodoc over the docstrings, warnings as errors (CI builds it:
# .ci/run.d/docs.sh). Output: build/docs/html/index.html.
docs: build $(VENV)/.deps-docs
	$(PY) -m sphinx -W --keep-going -q -b html -d build/docs/doctrees docs/api build/docs/html
	@echo "API reference: build/docs/html/index.html"

# The source distribution (its build needs utf8proc: setup.py says how to get it when missing).
sdist: $(VENV)/.deps-wheel
	$(PY) -m build --sdist --no-isolation -o dist .

# Accuracy: relcore beside the same peers on gold data (benchmarks/accuracy/README.md).
# EVAL_ARGS passes options to benchmarks/accuracy/run.py, e.g. make eval EVAL_ARGS="--quick".
EVAL_ARGS ?=
eval: build bench-deps
	$(PY) benchmarks/accuracy/run.py $(EVAL_ARGS)

clean:
	rm -rf build python/relcore/*.so

distclean: clean
	rm -rf $(VENV) dist

# =============================================================================================
# The C library as a product: make lib, make install, make test-install.
#   make lib                   build/lib/librelcore.so.X.Y.Z (soname librelcore.so.X; only the RC_API
#                              functions of include/relcore.h exported) and build/lib/librelcore.a
#   make install PREFIX=/usr/local [DESTDIR=]   the header, both libraries and relcore.pc
#   make test-install          installs into build/install-test and builds and runs
#                              tests/install/example.c against it with pkg-config
# =============================================================================================
PREFIX ?= /usr/local
LIBDIR ?= lib
BUILD_LIB := build/lib
LIB_VERSION := $(shell awk '/define RC_VERSION_(MAJOR|MINOR|PATCH)/ {printf "%s%s", sep, $$3; sep="."}' include/relcore.h)
LIB_MAJOR := $(firstword $(subst ., ,$(LIB_VERSION)))
LIB_CFLAGS := -std=c11 -O2 -g -fPIC -fvisibility=hidden -DRC_BUILD_SHARED -Wall -Wextra \
	-Wno-unused-parameter -Wno-missing-field-initializers -Iinclude -Icsrc $(UTF8PROC_CFLAGS)

.PHONY: lib install test-install

$(eval $(call core_lib,$(BUILD_LIB),$(CC),$(LIB_CFLAGS)))

$(BUILD_LIB)/librelcore.so.$(LIB_VERSION): $(patsubst csrc/%.c,$(BUILD_LIB)/obj/%.o,$(CORE_SRC))
	$(CC) -shared -Wl,-soname,librelcore.so.$(LIB_MAJOR) -Wl,--no-undefined -o $@ $^ $(UTF8PROC_LIBS) -lpthread
	ln -sf librelcore.so.$(LIB_VERSION) $(BUILD_LIB)/librelcore.so.$(LIB_MAJOR)
	ln -sf librelcore.so.$(LIB_MAJOR) $(BUILD_LIB)/librelcore.so

$(BUILD_LIB)/relcore.pc: tools/relcore.pc.in include/relcore.h
	@mkdir -p $(@D)
	sed -e 's|@PREFIX@|$(PREFIX)|' -e 's|@LIBDIR@|$(LIBDIR)|' -e 's|@VERSION@|$(LIB_VERSION)|' $< > $@

lib: $(BUILD_LIB)/librelcore.so.$(LIB_VERSION) $(BUILD_LIB)/librelcore.a

# relcore.pc names PREFIX: always rewritten, so that an install to another prefix is right.
install: lib
	@rm -f $(BUILD_LIB)/relcore.pc && $(MAKE) --no-print-directory $(BUILD_LIB)/relcore.pc PREFIX=$(PREFIX) LIBDIR=$(LIBDIR)
	install -d $(DESTDIR)$(PREFIX)/include $(DESTDIR)$(PREFIX)/$(LIBDIR)/pkgconfig
	install -m 644 include/relcore.h $(DESTDIR)$(PREFIX)/include/
	install -m 755 $(BUILD_LIB)/librelcore.so.$(LIB_VERSION) $(DESTDIR)$(PREFIX)/$(LIBDIR)/
	ln -sf librelcore.so.$(LIB_VERSION) $(DESTDIR)$(PREFIX)/$(LIBDIR)/librelcore.so.$(LIB_MAJOR)
	ln -sf librelcore.so.$(LIB_MAJOR) $(DESTDIR)$(PREFIX)/$(LIBDIR)/librelcore.so
	install -m 644 $(BUILD_LIB)/librelcore.a $(DESTDIR)$(PREFIX)/$(LIBDIR)/
	install -m 644 $(BUILD_LIB)/relcore.pc $(DESTDIR)$(PREFIX)/$(LIBDIR)/pkgconfig/

test-install: lib
	@rm -rf build/install-test
	@$(MAKE) --no-print-directory install PREFIX=$(CURDIR)/build/install-test >/dev/null
	tests/install/check.sh build/install-test

# =============================================================================================
# Generated files: make gen regenerates csrc/gen/ (Unicode tables) and the default gazetteer data
# from the system's Unicode data, iso-codes and CLDR (Debian unicode-data, iso-codes,
# unicode-cldr-core), and csrc/gen/python/ (the binding's glue) from the stub python/relcore/_core.pyi.
# The output is committed; tests/python/test_generated.py fails when it is stale (the generators
# are deterministic: same inputs, byte-identical files).
# =============================================================================================
ISO_DIR ?= /usr/share/iso-codes/json
CLDR_DIR ?= /usr/share/unicode/cldr/common

.PHONY: gen
gen: $(VENV)/.deps-codes+gen
	$(PYTHON) tools/gen_norm_tables.py $(UCD) > csrc/gen/norm_tables.h.tmp && mv csrc/gen/norm_tables.h.tmp csrc/gen/norm_tables.h
	$(PYTHON) tools/gen_segment_tables.py $(UCD) csrc/gen
	$(PY) tools/gen_gazetteer.py --iso-dir $(ISO_DIR) --cldr-dir $(CLDR_DIR)
	$(PY) tools/gen_codes.py --iso-dir $(ISO_DIR)   # ids.tsv: names and codes (needs countrycode)
	$(PY) tools/gen_abbreviations.py
	$(PY) tools/gen_binding.py   # csrc/gen/python/: the binding's glue, from python/relcore/_core.pyi

# =============================================================================================
# Reliability: sanitizers and fuzzing. Kept in one block to ease merging.
#   make sanitize  the cmocka suite, the fuzz corpora and the pytest suite under AddressSanitizer
#                  + UBSan (gcc); any report fails. The sanitized extension is built into
#                  build/asan/tree, never into python/relcore.
#   make fuzz      libFuzzer (clang) harnesses tests/fuzz/fuzz_*.c, FUZZ_SECONDS each (default 60),
#                  starting from the committed seeds in tests/fuzz/corpus/<target>/.
#   make fuzz-long the campaign: every target (or FUZZ_TARGETS_LONG) for FUZZ_SECONDS each
#                  (FUZZ_SECONDS_<target> overrides), with its dictionary; the corpus it grows is
#                  kept in build/fuzz/corpus/ and merged, minimized, into tests/fuzz/corpus/ (only
#                  inputs that add coverage); one line of figures per target in build/fuzz/campaign.tsv.
#                  FUZZ_FLAVOUR=fast: the throughput build for long campaigns (libFuzzer + UBSan, -O2,
#                  no ASan: several times the executions per second); whatever it grows is then
#                  replayed under ASan + UBSan by `make fuzz-replay` (build/fuzz/corpus) and
#                  `make sanitize` (the committed corpus), so no memory error goes unseen.
#   make fuzz-replay  build/fuzz/corpus/<target>/ (all a campaign found) through the gcc ASan + UBSan
#                  replay harnesses, leak detection on.
# =============================================================================================
SAN_CC ?= gcc
SAN_FLAGS := -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all
BUILD_SAN := build/asan
SAN_C_TESTS := $(patsubst tests/c/%.c,$(BUILD_SAN)/c/%,$(wildcard tests/c/test_*.c))
FUZZ_SRC := $(wildcard tests/fuzz/fuzz_*.c)
FUZZ_TARGETS := $(patsubst tests/fuzz/fuzz_%.c,%,$(FUZZ_SRC))
SAN_REPLAYS := $(patsubst %,$(BUILD_SAN)/replay/fuzz_%,$(FUZZ_TARGETS))
# Leak detection is on for C; UBSan halts on its first report.
SAN_ENV := ASAN_OPTIONS=detect_leaks=1:strict_string_checks=1:detect_stack_use_after_return=1 \
	UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
# libstdc++ is preloaded too: without it ASan's __cxa_throw interceptor cannot resolve the real
# function and aborts the first time a C++ extension (matplotlib's ft2font) throws.
SAN_PY_ENV = PYTHONPATH=$(CURDIR)/$(BUILD_SAN)/tree/python \
	LD_PRELOAD="$(shell $(SAN_CC) -print-file-name=libasan.so) $(shell $(SAN_CC) -print-file-name=libstdc++.so)" \
	ASAN_OPTIONS=detect_leaks=0:strict_string_checks=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
	PYTHONMALLOC=malloc RELCORE_SANITIZE=1
FUZZ_CC ?= clang
FUZZ_SECONDS ?= 60
# A target's dictionary: tests/fuzz/<target>.dict, else the one shared by the text targets.
fuzz_dict = $$( [ -f tests/fuzz/$(1).dict ] && echo tests/fuzz/$(1).dict || echo tests/fuzz/text.dict )
FUZZ_FLAGS := -g -O1 -fno-omit-frame-pointer -fno-sanitize-recover=all
FUZZ_FAST_FLAGS := -g -O2 -fno-omit-frame-pointer -fno-sanitize-recover=all
# Corpora, artifacts, logs and figures live in BUILD_FUZZ whatever the flavour; the harnesses of
# the fast flavour in BUILD_FUZZ/fast. The allocation hook stays in the fast build (a call and a
# thread-local test per allocation, a few percent): its failure paths are still explored for
# crashes and UB, and their leaks are caught when the corpus is replayed under ASan.
BUILD_FUZZ := build/fuzz
FUZZ_FLAVOUR ?= asan
ifeq ($(FUZZ_FLAVOUR),fast)
FUZZ_BIN := $(BUILD_FUZZ)/fast
else ifeq ($(FUZZ_FLAVOUR),asan)
FUZZ_BIN := $(BUILD_FUZZ)
else
$(error FUZZ_FLAVOUR is asan (default) or fast)
endif
# 1: fuzz-long merges what it grew into tests/fuzz/corpus/ after each target (0: keep it in
# build/fuzz/corpus/ only, e.g. between the rounds of a campaign).
FUZZ_MERGE ?= 1

.PHONY: sanitize sanitize-c sanitize-python fuzz fuzz-long fuzz-deps fuzz-replay

sanitize: sanitize-c sanitize-python

$(eval $(call core_lib,$(BUILD_SAN)/c,$(SAN_CC),$(C_TEST_CFLAGS) $(SAN_FLAGS)))

$(BUILD_SAN)/c/test_%: tests/c/test_%.c tests/c/*.h $(BUILD_SAN)/c/librelcore.a
	$(SAN_CC) $(C_TEST_CFLAGS) $(SAN_FLAGS) $< -o $@ $(BUILD_SAN)/c/librelcore.a -lcmocka \
	  $(UTF8PROC_LIBS) $(C_TEST_LDFLAGS) $(SAN_FLAGS)

# The fuzz harnesses with a replay main: every committed seed and reproducer, sanitized.
$(BUILD_SAN)/replay/fuzz_%: tests/fuzz/fuzz_%.c tests/fuzz/*.h tests/fuzz/replay_main.c $(BUILD_SAN)/c/librelcore.a
	@mkdir -p $(BUILD_SAN)/replay
	$(SAN_CC) $(C_TEST_CFLAGS) $(SAN_FLAGS) $< tests/fuzz/replay_main.c -o $@ \
	  $(BUILD_SAN)/c/librelcore.a $(UTF8PROC_LIBS) $(SAN_FLAGS)

sanitize-c: $(SAN_C_TESTS) $(SAN_REPLAYS) ucd
	@set -e; for t in $(SAN_C_TESTS); do echo "== sanitize $$t"; \
	  $(SAN_ENV) UCD_DIR=$(CURDIR)/build/ucd UCD=$(UCD) $$t; done
	@set -e; for t in $(FUZZ_TARGETS); do \
	  $(SAN_ENV) $(BUILD_SAN)/replay/fuzz_$$t tests/fuzz/corpus/$$t; done

# The extension with the same flags, built into a copy of the package laid out like the repository
# (build/asan/tree/python/relcore, never python/relcore), run under pytest with the ASan runtime
# preloaded. PYTHONMALLOC=malloc makes Python objects visible to ASan, so a reference-count error
# becomes a use-after-free report. Leak detection is off here: CPython itself leaks at exit.
# The Chromium screenshot test is left out: Chromium inherits LD_PRELOAD and hangs under the ASan
# runtime, and it runs no C code of ours that the other tests do not.
SAN_TREE := $(BUILD_SAN)/tree
sanitize-python: build/.deps ucd $(VENV)/.deps-test+wheel+codes
	@rm -rf $(SAN_TREE) && mkdir -p $(SAN_TREE)/python
	@cp -r python/relcore $(SAN_TREE)/python/ && rm -f $(SAN_TREE)/python/relcore/*.so
	@cp pyproject.toml $(SAN_TREE)/
	@rm -rf $(BUILD_SAN)/pytmp
	CC=$(SAN_CC) RELCORE_EXTRA_CFLAGS="-O1 -g $(SAN_FLAGS) $(PY_FAULT_FLAGS)" RELCORE_EXTRA_LDFLAGS="$(SAN_FLAGS)" \
	  $(PY) setup.py -q build_ext --build-lib $(SAN_TREE)/python --build-temp $(BUILD_SAN)/pytmp \
	  2>&1 | grep -Ev "Warning|warn\(|^$$|running build_ext|_BetaConfiguration" || true
	@$(SAN_PY_ENV) $(PY) -c "import sys, relcore._core as c; \
	  sys.exit(0 if '/$(SAN_TREE)/python/' in c.__file__ else 'not the sanitized build: ' + c.__file__)"
	$(SAN_PY_ENV) $(PY) -m pytest -q -p no:cacheprovider \
	  --deselect tests/python/test_report_screenshot.py::test_report_screenshot_shows_highlights tests/python

# The binding under allocation failure (tests/faults/pyfaults.h): the extension built with the
# failure hooks into build/faults/tree, and tests/python/test_binding_faults.py makes each
# allocation of every Python API call fail in turn, checking for MemoryError, no leak (C heap and
# Python blocks) and objects left usable. `make sanitize` runs the same test under ASan too.
PY_FAULT_FLAGS := -DRC_FAULT_INJECTION -DRC_PY_FAULTS -Werror=implicit-function-declaration
FAULT_TREE := build/faults/tree
.PHONY: faults
faults: build/.deps $(VENV)/.deps-test
	@rm -rf $(FAULT_TREE) && mkdir -p $(FAULT_TREE)/python
	@cp -r python/relcore $(FAULT_TREE)/python/ && rm -f $(FAULT_TREE)/python/relcore/*.so
	@cp pyproject.toml $(FAULT_TREE)/
	RELCORE_EXTRA_CFLAGS="-O1 -g $(PY_FAULT_FLAGS)" $(PY) setup.py -q build_ext \
	  --build-lib $(FAULT_TREE)/python --build-temp build/faults/tmp \
	  2>&1 | grep -Ev "Warning|warn\(|^$$|running build_ext|_BetaConfiguration" || true
	PYTHONPATH=$(CURDIR)/$(FAULT_TREE)/python RELCORE_FAULTS=1 $(PY) -m pytest -q -p no:cacheprovider \
	  tests/python/test_binding_faults.py

# clang with libFuzzer's runtime (Debian: clang + libclang-rt-N-dev), installed when missing.
fuzz-deps:
	@if ! echo 'int LLVMFuzzerTestOneInput(const char *d, unsigned long n) { return 0; }' | \
	    $(FUZZ_CC) -x c -fsanitize=fuzzer - -o /dev/null 2>/dev/null; then \
	  echo "Installing clang and the libFuzzer runtime"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq clang >/dev/null; \
	  v=$$($(FUZZ_CC) -dumpversion | cut -d. -f1); \
	  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq libclang-rt-$$v-dev >/dev/null 2>&1 || true; \
	fi

$(eval $(call core_lib,$(BUILD_FUZZ),$(FUZZ_CC),$(C_TEST_CFLAGS) $(FUZZ_FLAGS) -fsanitize=fuzzer-no-link$(comma)address$(comma)undefined,fuzz-deps))

$(BUILD_FUZZ)/fuzz_%: tests/fuzz/fuzz_%.c tests/fuzz/*.h $(BUILD_FUZZ)/librelcore.a
	$(FUZZ_CC) $(C_TEST_CFLAGS) $(FUZZ_FLAGS) -fsanitize=fuzzer,address,undefined $< -o $@ \
	  $(BUILD_FUZZ)/librelcore.a $(UTF8PROC_LIBS)

$(eval $(call core_lib,$(BUILD_FUZZ)/fast,$(FUZZ_CC),$(C_TEST_CFLAGS) $(FUZZ_FAST_FLAGS) -fsanitize=fuzzer-no-link$(comma)undefined,fuzz-deps))

$(BUILD_FUZZ)/fast/fuzz_%: tests/fuzz/fuzz_%.c tests/fuzz/*.h $(BUILD_FUZZ)/fast/librelcore.a
	$(FUZZ_CC) $(C_TEST_CFLAGS) $(FUZZ_FAST_FLAGS) -fsanitize=fuzzer,undefined $< -o $@ \
	  $(BUILD_FUZZ)/fast/librelcore.a $(UTF8PROC_LIBS)

# Everything the campaigns grew, replayed under gcc's ASan + UBSan with leak detection.
fuzz-replay: $(SAN_REPLAYS)
	@set -e; for t in $(FUZZ_TARGETS); do \
	  if [ -d $(BUILD_FUZZ)/corpus/$$t ]; then \
	    $(SAN_ENV) $(BUILD_SAN)/replay/fuzz_$$t $(BUILD_FUZZ)/corpus/$$t; fi; done

# Each target runs FUZZ_SECONDS from its seeds plus what earlier runs found (build/fuzz/corpus);
# a crash, leak, timeout (10 s per input) or invariant failure stops with the input saved under
# build/fuzz/artifacts/ — turn it into a test in tests/c/test_regressions.c and a seed.
fuzz: $(patsubst %,$(FUZZ_BIN)/fuzz_%,$(FUZZ_TARGETS))
	@set -eo pipefail; mkdir -p $(BUILD_FUZZ)/artifacts; \
	for t in $(FUZZ_TARGETS); do \
	  mkdir -p $(BUILD_FUZZ)/corpus/$$t; \
	  echo "== fuzz $$t for $(FUZZ_SECONDS) s"; \
	  $(FUZZ_BIN)/fuzz_$$t -max_total_time=$(FUZZ_SECONDS) -timeout=10 -rss_limit_mb=2048 \
	    -max_len=$${FUZZ_MAX_LEN:-4096} -print_final_stats=1 -artifact_prefix=$(BUILD_FUZZ)/artifacts/$$t- \
	    -dict=$(call fuzz_dict,$$t) \
	    $(BUILD_FUZZ)/corpus/$$t tests/fuzz/corpus/$$t > $(BUILD_FUZZ)/$$t.log 2>&1 \
	    || { tail -40 $(BUILD_FUZZ)/$$t.log; echo "fuzz $$t FAILED (log: $(BUILD_FUZZ)/$$t.log)"; exit 1; }; \
	  echo "   $$t: $$(grep -m1 number_of_executed_units $(BUILD_FUZZ)/$$t.log | awk '{print $$2}') executions," \
	    "$$(grep -m1 'stat::peak_rss_mb' $(BUILD_FUZZ)/$$t.log | awk '{print $$2}') MB peak, 0 crashes;" \
	    "corpus $$(ls $(BUILD_FUZZ)/corpus/$$t | wc -l) inputs"; \
	done

# The campaign. libFuzzer writes what it finds into the first directory (build/fuzz/corpus/<t>,
# kept between runs); -merge=1 then copies into the committed corpus only the inputs that add
# edges to it (-use_counters=0: not hit counts, which would take thousands), so tests/fuzz/corpus/
# stays small. Never merge from a corpus a running fuzzer is reducing: copy it first. Figures: build/fuzz/campaign.tsv
# (target, seconds, executions, edges covered, features, committed corpus size, crashes, flavour).
FUZZ_TARGETS_LONG ?= $(FUZZ_TARGETS)
fuzz-long: $(patsubst %,$(FUZZ_BIN)/fuzz_%,$(FUZZ_TARGETS_LONG))
	@set -eo pipefail; mkdir -p $(BUILD_FUZZ)/artifacts; \
	for t in $(FUZZ_TARGETS_LONG); do \
	  v=FUZZ_SECONDS_$$t; secs=$${!v:-$(FUZZ_SECONDS)}; \
	  mkdir -p $(BUILD_FUZZ)/corpus/$$t tests/fuzz/corpus/$$t; \
	  echo "== fuzz-long $$t for $$secs s"; \
	  $(FUZZ_BIN)/fuzz_$$t -max_total_time=$$secs -timeout=10 -rss_limit_mb=2048 \
	    -max_len=$${FUZZ_MAX_LEN:-4096} -print_final_stats=1 -artifact_prefix=$(BUILD_FUZZ)/artifacts/$$t- \
	    -dict=$(call fuzz_dict,$$t) \
	    $(BUILD_FUZZ)/corpus/$$t tests/fuzz/corpus/$$t > $(BUILD_FUZZ)/$$t.$(FUZZ_FLAVOUR).long.log 2>&1 \
	    || { tail -40 $(BUILD_FUZZ)/$$t.$(FUZZ_FLAVOUR).long.log; echo "fuzz-long $$t FAILED (log: $(BUILD_FUZZ)/$$t.$(FUZZ_FLAVOUR).long.log)"; exit 1; }; \
	  if [ "$(FUZZ_MERGE)" = 1 ]; then \
	    $(FUZZ_BIN)/fuzz_$$t -merge=1 -use_counters=0 -timeout=10 -rss_limit_mb=2048 -max_len=$${FUZZ_MAX_LEN:-4096} \
	      tests/fuzz/corpus/$$t $(BUILD_FUZZ)/corpus/$$t > $(BUILD_FUZZ)/$$t.merge.log 2>&1; fi; \
	  execs=$$(grep -m1 number_of_executed_units $(BUILD_FUZZ)/$$t.$(FUZZ_FLAVOUR).long.log | awk '{print $$2}'); \
	  cov=$$(grep -E '^#[0-9]+.*(DONE|cov:)' $(BUILD_FUZZ)/$$t.$(FUZZ_FLAVOUR).long.log | tail -1 | sed -E 's/.*cov: ([0-9]+).*/\1/'); \
	  ft=$$(grep -E '^#[0-9]+.*(DONE|cov:)' $(BUILD_FUZZ)/$$t.$(FUZZ_FLAVOUR).long.log | tail -1 | sed -E 's/.*ft: ([0-9]+).*/\1/'); \
	  printf '%s\t%s\t%s\t%s\t%s\t%s\t0\t%s\n' $$t $$secs $$execs $$cov $$ft $$(ls tests/fuzz/corpus/$$t | wc -l) $(FUZZ_FLAVOUR) \
	    >> $(BUILD_FUZZ)/campaign.tsv; \
	  echo "   $$t: $$execs executions, cov $$cov, ft $$ft, committed corpus $$(ls tests/fuzz/corpus/$$t | wc -l) inputs"; \
	done
