#!/usr/bin/env bash
# The dynamic symbols libcssl.so exports are exactly the names include/cssl.h
# declares CSSL_API: nothing more (a leaked cssl__ helper or an OpenSSL
# symbol would become ABI) and nothing missing (a declared function nobody
# implemented).
#
# The header is read through the C preprocessor, so comments and #if
# branches do not count; CSSL_API then reads visibility("default"), which
# marks each exported declaration.
# Exit 0 when both sets agree, 1 when not, 77 (skip) without the tools.
set -u

lib=${CSSL_LIB:-}
header=${CSSL_SOURCE_DIR:-$(dirname "$0")/../..}/include/cssl.h
cc=${CC:-cc}

skip() { echo "SKIP: $*"; exit 77; }
[ -n "$lib" ] && [ -f "$lib" ] || skip "CSSL_LIB does not name the built libcssl.so ('$lib')"
[ -f "$header" ] || skip "header not found at $header"
command -v nm >/dev/null || skip "nm not found"
command -v perl >/dev/null || skip "perl not found"
command -v "$cc" >/dev/null || skip "C compiler '$cc' not found"

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

if ! "$cc" -E -P -std=c17 "$header" >"$tmp/header.i" 2>"$tmp/cpp.err"; then
    echo "FAIL: cannot preprocess $header:"
    cat "$tmp/cpp.err"
    exit 1
fi

# Mark the exported declarations, drop every other __attribute__((...)) (the
# deprecation notes), then take the name each marked declaration declares:
# the identifier before its parameter list (or before ';' for data).
perl -0777 -ne '
    s/__attribute__\s*\(\(\s*visibility\s*\(\s*"default"\s*\)\s*\)\)/\@EXPORT\@/g;
    s/__attribute__\s*(\((?:[^()]++|(?1))*\))//g;
    while (/\@EXPORT\@[^;{]*?\b([A-Za-z_]\w*)\s*[(;\[]/g) { print "$1\n"; }
' "$tmp/header.i" | sort -u >"$tmp/declared"

nm -D --defined-only "$lib" | awk 'NF >= 3 { print $3 }' | sed 's/@.*//' | sort -u >"$tmp/exported"

declared=$(wc -l <"$tmp/declared")
exported=$(wc -l <"$tmp/exported")
echo "checked: $declared CSSL_API names in $header"
echo "against: $exported dynamic symbols defined by $lib"

if [ "$declared" -eq 0 ]; then
    echo "FAIL: found no CSSL_API declaration in the header (is the parser out of date?)"
    exit 1
fi

status=0
extra=$(comm -13 "$tmp/declared" "$tmp/exported")
missing=$(comm -23 "$tmp/declared" "$tmp/exported")
if [ -n "$extra" ]; then
    echo "FAIL: exported but not declared CSSL_API in cssl.h:"
    printf '  %s\n' $extra
    status=1
fi
if [ -n "$missing" ]; then
    echo "FAIL: declared CSSL_API in cssl.h but not exported (not implemented, or not CSSL_API in the .c):"
    printf '  %s\n' $missing
    status=1
fi
[ "$status" -eq 0 ] && echo "OK: the export list is exactly the header's CSSL_API functions"
exit "$status"
