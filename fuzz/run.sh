#!/usr/bin/env bash
# run.sh BUILD_DIR - run every libFuzzer target of BUILD_DIR (configured
# with -DCSSL_FUZZ=ON, as `make fuzz` does) for FUZZ_SECONDS seconds each.
#
# The seed corpora are generated first (fuzz/make_corpus.py, from the test
# certificates, made here if the build has none yet; the handshake seeds by
# the build's make_handshake_corpus).  Each target fuzzes
# into BUILD_DIR/fuzz-work/<target> (new inputs it finds; kept between runs),
# reading the seeds and fuzz/regressions/<target> too.  A crash, leak,
# timeout or broken invariant leaves its reproducer in
# BUILD_DIR/fuzz-artifacts/<target>/ and makes the script fail.
#
# Environment: FUZZ_SECONDS (default 60), FUZZ_TARGETS (default: all),
# FUZZ_ARGS (extra libFuzzer flags), PYTHON (default python3).
set -uo pipefail

here=$(cd "$(dirname "$0")" && pwd)
src=$(dirname "$here")
build=${1:?usage: fuzz/run.sh BUILD_DIR}
build=$(cd "$build" && pwd)
seconds=${FUZZ_SECONDS:-60}
python=${PYTHON:-python3}
targets=${FUZZ_TARGETS:-decode_der decode_pem cert_json pem2der cert_time match_hostname handshake_client handshake_server}

certs=$build/test-certs
if [ ! -f "$certs/ca.pem" ]; then
  "$python" "$src/tests/certs/make_certs.py" "$certs" || exit 1
fi
"$python" "$here/make_corpus.py" "$certs" "$build/fuzz-corpus" || exit 1
# The handshake targets' seeds: recorded cssl handshakes (fuzz_handshake.h).
if [ -x "$build/fuzz/make_handshake_corpus" ]; then
  "$build/fuzz/make_handshake_corpus" "$build/fuzz-corpus" || exit 1
fi

export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1:symbolize=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}

failed=0
report=()
for t in $targets; do
  bin=$build/fuzz/fuzz_$t
  if [ ! -x "$bin" ]; then
    report+=("$(printf '%-16s NOT BUILT (see the cmake warnings)' "$t")")
    failed=1
    continue
  fi
  work=$build/fuzz-work/$t
  artifacts=$build/fuzz-artifacts/$t
  log=$build/fuzz-logs/$t.log
  mkdir -p "$work" "$artifacts" "$(dirname "$log")"
  dirs=("$work" "$build/fuzz-corpus/$t")
  [ -d "$here/regressions/$t" ] && dirs+=("$here/regressions/$t")
  dict=()
  [ -f "$build/fuzz-corpus/$t.dict" ] && dict=(-dict="$build/fuzz-corpus/$t.dict")
  echo "== fuzz_$t: ${seconds}s (log: $log)"
  # shellcheck disable=SC2086
  "$bin" -max_total_time="$seconds" -timeout=25 -rss_limit_mb=2048 -max_len=16384 \
    -print_final_stats=1 -artifact_prefix="$artifacts/" "${dict[@]}" ${FUZZ_ARGS:-} \
    "${dirs[@]}" >"$log" 2>&1
  rc=$?
  execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -n1)
  cov=$(grep -o 'cov: [0-9]*' "$log" | tail -n1)
  if [ $rc -eq 0 ]; then
    status=ok
  else
    status="FAILED (exit $rc)"
    failed=1
    grep -E 'ERROR:|invariant failed|runtime error|Test unit written' "$log" | head -n 5 | sed 's/^/    /'
  fi
  report+=("$(printf '%-16s %12s execs  %-10s %s' "$t" "${execs:-?}" "${cov:-}" "$status")")
done

echo
echo "fuzz summary (${seconds}s per target):"
printf '  %s\n' "${report[@]}"
if [ $failed -ne 0 ]; then
  echo "fuzz: FAILED; reproducers in $build/fuzz-artifacts/<target>/ (run: $build/fuzz/fuzz_<target> FILE)"
  exit 1
fi
echo "fuzz: no crashes"
