#!/usr/bin/env bash
# `make lint`: cppcheck, then clang-tidy with the checks of .clang-tidy over
# every library and CLI source, using BUILD's compile_commands.json.  Any
# finding fails; false positives are suppressed inline with a reason
# (cppcheck-suppress / NOLINT).  Usage: scripts/lint.sh BUILD [JOBS]
set -euo pipefail
build=${1:?usage: scripts/lint.sh BUILD [JOBS]}
jobs=${2:-$(nproc 2>/dev/null || echo 2)}
cd "$(dirname "$0")/.."

cppcheck --quiet --error-exitcode=1 --std=c11 --enable=warning,portability --inline-suppr \
  --suppress=missingIncludeSystem -I include -I src src cli

# The generated header the sources include must exist before clang-tidy
# reads them.
cmake --build "$build" --target cssl_generated >/dev/null
# clang-tidy counts the diagnostics it hides ("N warnings generated."):
# drop that noise, keep the findings and the exit status.
printf '%s\n' src/*.c cli/*.c |
  xargs -P "$jobs" -n 2 clang-tidy -p "$build" --quiet 2>&1 |
  { grep -v '^[0-9]* warnings\? generated\.$' || true; }
echo "lint: cppcheck and clang-tidy found nothing"
