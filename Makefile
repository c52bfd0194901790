# relcore — build, test and demo. `make test` and `make demo` work on a fresh Debian machine:
# they install the system packages (apt-get) and Python packages (pip) they need.
SHELL := /bin/bash
PYTHON ?= python3
APT_PKGS := libutf8proc-dev libcmocka-dev unicode-data pkg-config valgrind
UCD ?= /usr/share/unicode
export PYTHONPATH := $(CURDIR)/python

CC ?= gcc
UTF8PROC_CFLAGS = $(shell pkg-config --cflags libutf8proc 2>/dev/null)
UTF8PROC_LIBS = $(shell pkg-config --libs libutf8proc 2>/dev/null || echo -lutf8proc)
# The C test build: every allocation goes through the fault-injection hook (csrc/alloc.h).
C_TEST_CFLAGS ?= -std=c11 -O1 -g -Wall -Wextra -Wno-unused-parameter -Wno-missing-field-initializers
C_TEST_CFLAGS += -Iinclude -Icsrc -DRC_FAULT_INJECTION $(UTF8PROC_CFLAGS)
C_TEST_LDFLAGS ?=
CORE_SRC := $(wildcard csrc/*.c)
CORE_HDR := $(wildcard include/*.h csrc/*.h csrc/gen/*.h)
C_TESTS := $(patsubst tests/c/%.c,build/c/%,$(wildcard tests/c/test_*.c))
BUILD_C := build/c

.PHONY: all deps build test test-c test-python demo bench bench-deps valgrind clean ucd

all: build

# System packages (apt-get) and the package itself with its test extra (pip, editable).
deps: build/.deps
build/.deps: pyproject.toml setup.py
	@if ! dpkg -s $(APT_PKGS) >/dev/null 2>&1; then \
	  echo "Installing system packages: $(APT_PKGS)"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $(APT_PKGS) >/dev/null; \
	fi
	$(PYTHON) -m pip install -q --disable-pip-version-check -e '.[test]'
	@mkdir -p build && touch $@

# The extension module, built in place (python/relcore/_core*.so).
build: build/.deps
	$(PYTHON) setup.py -q build_ext --inplace 2>&1 | grep -Ev "Warning|warn\(|^$$|running build_ext" || true
	@$(PYTHON) -c "import relcore" || (echo "relcore did not build" && exit 1)

# Unicode conformance files (Debian unicode-data) unpacked where the C tests read them.
ucd: build/ucd/NormalizationTest.txt
build/ucd/NormalizationTest.txt: | build/.deps
	@mkdir -p build/ucd
	bzcat $(UCD)/NormalizationTest.txt.bz2 > $@

$(BUILD_C)/librelcore.a: $(CORE_SRC) $(CORE_HDR) | build/.deps
	@mkdir -p $(BUILD_C)/obj
	@for f in $(CORE_SRC); do \
	  $(CC) $(C_TEST_CFLAGS) -c $$f -o $(BUILD_C)/obj/$$(basename $$f .c).o || exit 1; \
	done
	ar rcs $@ $(BUILD_C)/obj/*.o

$(BUILD_C)/test_%: tests/c/test_%.c tests/c/*.h $(BUILD_C)/librelcore.a
	$(CC) $(C_TEST_CFLAGS) $< -o $@ $(BUILD_C)/librelcore.a -lcmocka $(UTF8PROC_LIBS) $(C_TEST_LDFLAGS)

test-c: $(C_TESTS) ucd
	@set -e; for t in $(C_TESTS); do echo "== $$t"; UCD_DIR=$(CURDIR)/build/ucd UCD=$(UCD) $$t; done

test-python: build ucd
	$(PYTHON) -m pytest -q tests/python

test: test-c test-python

# valgrind memcheck over the C tests: any error or definite leak fails.
valgrind: $(C_TESTS) ucd
	@set -e; for t in $(C_TESTS); do echo "== valgrind $$t"; \
	  UCD_DIR=$(CURDIR)/build/ucd UCD=$(UCD) RC_TEST_QUICK=1 valgrind -q --error-exitcode=1 \
	    --leak-check=full --errors-for-leak-kinds=definite $$t; done

demo: build
	$(PYTHON) -m relcore demo

# Benchmarks: relcore against its peers (the `bench` extra; PyICU builds against libicu-dev).
# BENCH_ARGS passes options to benchmarks/run.py, e.g. make bench BENCH_ARGS="--quick".
BENCH_APT := libicu-dev pkg-config g++
BENCH_ARGS ?=
bench-deps: build/.bench-deps
build/.bench-deps: pyproject.toml | build/.deps
	@if ! dpkg -s $(BENCH_APT) >/dev/null 2>&1; then \
	  echo "Installing system packages: $(BENCH_APT)"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $(BENCH_APT) >/dev/null; \
	fi
	$(PYTHON) -m pip install -q --disable-pip-version-check -e '.[bench]' || \
	  $(PYTHON) benchmarks/install_peers.py
	@touch $@

bench: build bench-deps
	$(PYTHON) benchmarks/run.py $(BENCH_ARGS)

clean:
	rm -rf build python/relcore/*.so
