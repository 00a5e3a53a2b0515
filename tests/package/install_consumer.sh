#!/usr/bin/env bash
# Install the build into a temporary prefix and build a small program
# against the installed tree only, the two ways users do:
#   1. pkg-config --cflags --libs cssl (shared), and --static with libcssl.a
#   2. a CMake project: find_package(cssl REQUIRED) + cssl::cssl, and
#      cssl::cssl_static
# then run each binary, and check that nothing installed points back into
# the build or source tree.
# Exit 0 when all of it works, 1 when a step fails, 77 (skip) without tools.
set -u

build=${CSSL_BUILD_DIR:-}
src=${CSSL_SOURCE_DIR:-$(cd "$(dirname "$0")/../.." && pwd)}

skip() { echo "SKIP: $*"; exit 77; }
[ -n "$build" ] && [ -f "$build/cmake_install.cmake" ] || skip "CSSL_BUILD_DIR is not a configured build ('$build')"

# The consumer is built with the build's compiler and, for a sanitizer build,
# its sanitizers: an instrumented libcssl needs their runtime.
cache_value() { sed -n "s/^$1:[A-Z]*=//p" "$build/CMakeCache.txt" 2>/dev/null | head -n 1; }
cc=${CC:-$(cache_value CMAKE_C_COMPILER)}
cc=${cc:-cc}
sanitize=
[ "$(cache_value CSSL_SANITIZE)" = ON ] && sanitize="-fsanitize=address,undefined"
[ "$(cache_value CSSL_TSAN)" = ON ] && sanitize="-fsanitize=thread"
for tool in cmake pkg-config readelf "$cc"; do
    command -v "$tool" >/dev/null || skip "$tool not found"
done

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
prefix=$tmp/prefix
failures=0

step() { echo "== $*"; }
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }
# Run a command quietly; on failure show its output and count it.
run() {
    local what=$1
    shift
    if ! "$@" >"$tmp/out.log" 2>&1; then
        fail "$what: $*"
        sed 's/^/    /' "$tmp/out.log"
        return 1
    fi
}

step "cmake --install $build --prefix <tmp>/prefix"
run "install" cmake --install "$build" --prefix "$prefix" || { echo "1 step failed"; exit 1; }
pc=$(find "$prefix" -name cssl.pc | head -n 1)
config=$(find "$prefix" -name csslConfig.cmake | head -n 1)
[ -f "$prefix/include/cssl.h" ] || fail "include/cssl.h not installed"
[ -n "$pc" ] || fail "cssl.pc not installed"
[ -n "$config" ] || fail "csslConfig.cmake not installed"
[ -n "$pc" ] && [ -n "$config" ] || { echo "$failures step(s) failed"; exit 1; }
libdir=$(dirname "$(dirname "$pc")")
soname=$(readelf -d "$libdir/libcssl.so" | sed -n 's/.*(SONAME).*\[\(.*\)\]/\1/p')
echo "   installed: $(cd "$prefix" && find . -type f -o -type l | sort | tr '\n' ' ')"
[ -f "$libdir/libcssl.a" ] || fail "static library libcssl.a not installed"
[ -n "$soname" ] && [ -e "$libdir/$soname" ] || fail "libcssl.so has no SONAME or $libdir/$soname is missing"

step "installed files do not point into the build or source tree"
if grep -rlI -e "$build" -e "$src" "$prefix/include" "$libdir/pkgconfig" "$(dirname "$config")" >"$tmp/leaks"; then
    fail "paths of the build machine in: $(tr '\n' ' ' <"$tmp/leaks")"
fi

cat >"$tmp/consumer.c" <<'EOF'
/* A program that knows cssl only through its installed header. */
#include <stdio.h>
#include <string.h>

#include <cssl.h>

int main(void)
{
    if (strcmp(cssl_version(), CSSL_VERSION_STRING) != 0) {
        fprintf(stderr, "header %s, library %s\n", CSSL_VERSION_STRING, cssl_version());
        return 1;
    }
    if (strcmp(cssl_err_name(CSSL_E_VALUE), "ValueError") != 0 ||
        !cssl_error_isa(CSSL_E_CERT_VERIFICATION, CSSL_E_VALUE)) {
        fprintf(stderr, "error classes are wrong\n");
        return 1;
    }
    cssl_default_verify_paths *paths = cssl_get_default_verify_paths();
    if (paths == NULL || strcmp(paths->openssl_cafile_env, "SSL_CERT_FILE") != 0) {
        fprintf(stderr, "get_default_verify_paths failed\n");
        return 1;
    }
    cssl_default_verify_paths_free(paths);
    printf("consumer ok: cssl %s\n", cssl_version());
    return 0;
}
EOF

# Run a consumer binary; check it prints its line and which libcssl it needs.
check_binary() {
    local what=$1 exe=$2 want_shared=$3
    [ -x "$exe" ] || return
    if ! "$exe" >"$tmp/run.log" 2>&1 || ! grep -q "consumer ok" "$tmp/run.log"; then
        fail "$what: running the consumer"
        sed 's/^/    /' "$tmp/run.log"
        return
    fi
    if readelf -d "$exe" | grep -q "NEEDED.*libcssl"; then needs=yes; else needs=no; fi
    if [ "$needs" != "$want_shared" ]; then
        fail "$what: expected NEEDED libcssl=$want_shared, got $needs"
        return
    fi
    echo "   $what: $(cat "$tmp/run.log") (links libcssl.so: $needs)"
}

export PKG_CONFIG_PATH=$(dirname "$pc")
step "pkg-config: $(pkg-config --cflags --libs cssl 2>&1)"
run "pkg-config shared build" sh -c "$cc -std=c17 -Wall -Wextra -Werror $sanitize '$tmp/consumer.c' -o '$tmp/pc_shared' \
    \$(pkg-config --cflags --libs cssl) -Wl,-rpath,'$libdir'" &&
    check_binary "pkg-config shared" "$tmp/pc_shared" yes

static_libs=$(pkg-config --static --libs cssl | sed 's/-lcssl\b/-l:libcssl.a/')
step "pkg-config --static: $static_libs"
run "pkg-config static build" sh -c "$cc -std=c17 -Wall -Wextra -Werror $sanitize '$tmp/consumer.c' -o '$tmp/pc_static' \
    \$(pkg-config --cflags cssl) $static_libs" &&
    check_binary "pkg-config static" "$tmp/pc_static" no

step "CMake: find_package(cssl REQUIRED), cssl::cssl and cssl::cssl_static"
mkdir -p "$tmp/cmake_project"
cp "$tmp/consumer.c" "$tmp/cmake_project/"
cat >"$tmp/cmake_project/CMakeLists.txt" <<'EOF'
cmake_minimum_required(VERSION 3.16)
project(cssl_consumer LANGUAGES C)
find_package(cssl 0.1 REQUIRED)
add_executable(consumer_shared consumer.c)
target_link_libraries(consumer_shared PRIVATE cssl::cssl)
add_executable(consumer_static consumer.c)
target_link_libraries(consumer_static PRIVATE cssl::cssl_static)
EOF
run "CMake configure" cmake -S "$tmp/cmake_project" -B "$tmp/cmake_build" \
        -DCMAKE_PREFIX_PATH="$prefix" -DCMAKE_C_COMPILER="$(command -v "$cc")" \
        -DCMAKE_C_FLAGS="$sanitize" -DCMAKE_EXE_LINKER_FLAGS="$sanitize" &&
    run "CMake build" cmake --build "$tmp/cmake_build" &&
    check_binary "CMake cssl::cssl" "$tmp/cmake_build/consumer_shared" yes &&
    check_binary "CMake cssl::cssl_static" "$tmp/cmake_build/consumer_static" no

step "the installed cssl command"
if LD_LIBRARY_PATH=$libdir "$prefix/bin/cssl" version >"$tmp/cli.log" 2>&1; then
    echo "   $(head -n 1 "$tmp/cli.log")"
else
    fail "installed cssl version"
    sed 's/^/    /' "$tmp/cli.log"
fi

if [ "$failures" -ne 0 ]; then
    echo "$failures step(s) failed"
    exit 1
fi
echo "OK: installed tree usable through pkg-config and find_package, shared and static"
