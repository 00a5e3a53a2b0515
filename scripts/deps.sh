#!/usr/bin/env bash
# Install the Debian packages cssl needs to build, test, fuzz and demo.
# Only missing packages are installed; nothing is downloaded from anywhere
# but Debian's archive.  Usage: scripts/deps.sh [build|test|bench]
set -euo pipefail
set_name=${1:-test}

build_pkgs=(cmake make gcc pkg-config libssl-dev openssl)
test_pkgs=(libcmocka-dev clang libclang-rt-dev python3 python3-cryptography valgrind gnutls-bin curl
           cppcheck clang-tidy)
bench_pkgs=(libtls-dev gnuplot-nox)

case "$set_name" in
  build) want=("${build_pkgs[@]}") ;;
  test)  want=("${build_pkgs[@]}" "${test_pkgs[@]}") ;;
  bench) want=("${build_pkgs[@]}" "${test_pkgs[@]}" "${bench_pkgs[@]}") ;;
  *) echo "usage: $0 [build|test|bench]" >&2; exit 2 ;;
esac

missing=()
for p in "${want[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done
[ ${#missing[@]} -eq 0 ] && exit 0

echo "cssl: installing missing Debian packages: ${missing[*]}"
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1; then SUDO=sudo; else
    echo "cssl: run as root (or install: ${missing[*]})" >&2; exit 1
  fi
else
  SUDO=
fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
