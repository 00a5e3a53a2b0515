# A thin front to CMake.  `make demo` and `make test` set up a fresh Debian
# machine themselves (missing packages through apt-get, nothing else).
BUILD      ?= build
ASAN_BUILD ?= build-asan
TSAN_BUILD ?= build-tsan
FUZZ_BUILD ?= build-fuzz
PREFIX     ?= /usr/local
JOBS       ?= $(shell nproc 2>/dev/null || echo 2)
FUZZ_SECONDS ?= 60
CTEST_ARGS ?=
BENCH_ARGS ?=

.PHONY: all build deps test test-asan test-tsan demo bench install uninstall fuzz lint format clean

all: build

deps:
	@scripts/deps.sh test

$(BUILD)/CMakeCache.txt:
	cmake -S . -B $(BUILD) -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_INSTALL_PREFIX=$(PREFIX)

build: $(BUILD)/CMakeCache.txt
	@scripts/deps.sh build
	cmake --build $(BUILD) -j $(JOBS)

test: deps $(BUILD)/CMakeCache.txt
	cmake --build $(BUILD) -j $(JOBS)
	$(MAKE) --no-print-directory lint
	cd $(BUILD) && ctest --output-on-failure -j $(JOBS) $(CTEST_ARGS)

test-asan: deps
	cmake -S . -B $(ASAN_BUILD) -DCMAKE_BUILD_TYPE=Debug -DCSSL_SANITIZE=ON -DCMAKE_C_COMPILER=clang
	cmake --build $(ASAN_BUILD) -j $(JOBS)
	cd $(ASAN_BUILD) && ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 \
	  UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
	  ctest --output-on-failure -j $(JOBS) $(CTEST_ARGS)

test-tsan: deps
	cmake -S . -B $(TSAN_BUILD) -DCMAKE_BUILD_TYPE=Debug -DCSSL_TSAN=ON -DCMAKE_C_COMPILER=clang
	cmake --build $(TSAN_BUILD) -j $(JOBS)
	cd $(TSAN_BUILD) && ctest --output-on-failure -j $(JOBS) $(CTEST_ARGS)

fuzz: deps
	cmake -S . -B $(FUZZ_BUILD) -DCMAKE_BUILD_TYPE=Debug -DCSSL_FUZZ=ON -DCSSL_SANITIZE=ON -DCMAKE_C_COMPILER=clang
	cmake --build $(FUZZ_BUILD) -j $(JOBS)
	FUZZ_SECONDS=$(FUZZ_SECONDS) fuzz/run.sh $(FUZZ_BUILD)

demo: deps build
	@scripts/demo.sh $(BUILD)

# Benchmarks against raw libssl, libtls and Python's ssl; writes
# bench/results/ and docs/BENCHMARKS.md (about 20 minutes; BENCH_ARGS=--quick
# for a check in seconds).
bench:
	@scripts/deps.sh bench
	cmake -S . -B $(BUILD) -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_INSTALL_PREFIX=$(PREFIX)
	cmake --build $(BUILD) -j $(JOBS) --target bench_programs
	@test -f $(BUILD)/test-certs/ca.pem || python3 tests/certs/make_certs.py $(BUILD)/test-certs
	CSSL_CERTS=$(CURDIR)/$(BUILD)/test-certs python3 bench/run.py --bin-dir $(BUILD)/bench \
	  --out bench/results --doc docs/BENCHMARKS.md $(BENCH_ARGS)

install: build
	cmake --install $(BUILD) --prefix $(PREFIX)

# cppcheck and clang-tidy (.clang-tidy's checks); see scripts/lint.sh.
lint: $(BUILD)/CMakeCache.txt
	scripts/lint.sh $(BUILD) $(JOBS)

format:
	clang-format -i include/*.h src/*.[ch] cli/*.[ch] tests/lib/*.[ch] tests/unit/*.c fuzz/*.c examples/*.c

clean:
	rm -rf $(BUILD) $(ASAN_BUILD) $(TSAN_BUILD) $(FUZZ_BUILD)
