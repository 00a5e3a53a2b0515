#!/bin/sh
# The full allocation-failure sweep: every N on every path, where `make test`
# (tests/unit/test_alloc_*.c through ctest) samples every k-th N on the long
# paths.  Takes several minutes.  Usage:
#   tests/alloc/full_sweep.sh [BUILD_DIR]      (default: build)
# Environment for debugging one point: CSSL_ALLOC_ONLY=<path name part>,
# CSSL_ALLOC_N=<n> CSSL_ALLOC_MODE=once|from, CSSL_ALLOC_VERBOSE=1,
# CSSL_ALLOC_TRACE=<allocation number from a leak report> (tests/lib/allocsweep.h).
set -eu
here=$(cd "$(dirname "$0")/../.." && pwd)
build=${1:-$here/build}
case $build in /*) ;; *) build=$(pwd)/$build ;; esac
cmake --build "$build" --target test_alloc_module test_alloc_context test_alloc_tls
# The generated certificates (the ctest fixture makes them).
(cd "$build" && ctest -R '^certs.generate$' >/dev/null)
export CSSL_CERTS="$build/test-certs" CSSL_ALLOC_FULL=1
status=0
log=$(mktemp)
trap 'rm -f "$log"' EXIT
for t in module context tls; do
    echo "== test_alloc_$t (full)"
    "$build/tests/test_alloc_$t" >"$log" 2>&1 || status=1
    grep -E '^(alloc-sweep|KNOWN|VIOLATION|CRASH|note)|FAILED' "$log" || true
done
exit $status
