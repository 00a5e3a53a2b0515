#!/usr/bin/env bash
# conn_memory.sh - memory per idle established TLS 1.3 connection, server
# side: cssl's event-loop server (examples/event_loop_server.c: memory BIOs
# and cssl_object) against a raw OpenSSL server with default settings and
# with SSL_MODE_RELEASE_BUFFERS (bench/raw_idle_server.c), all driven by
# the same load client (examples/load_client.c), which checks every echoed
# byte.
#
# For each server: start it, read its RSS, open N connections that each
# echo BYTES bytes and then stay idle, read the RSS again while all N are
# idle, close them all (TLS shutdown).  KiB per connection = RSS delta / N.
#
# Usage: bench/conn_memory.sh [BUILD_DIR] [N] [BYTES] [ROUNDS]
#   BUILD_DIR  a cssl build tree with examples/ (default: build)
#   N          concurrent connections (default 10000; needs N+64 descriptors
#              per process: the soft limit is raised to the hard one)
# Certificates: $CSSL_CERTS, or BUILD_DIR/test-certs (made by `ctest -R certs`).
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
build=$(cd "${1:-$here/../build}" && pwd)
n=${2:-10000}
bytes=${3:-1024}
rounds=${4:-3}
certs=${CSSL_CERTS:-$build/test-certs}
work=$(mktemp -d)
trap 'kill $(jobs -p) 2>/dev/null || true; rm -rf "$work"' EXIT

ulimit -n "$(ulimit -Hn)" 2>/dev/null || true
if [ "$(ulimit -n)" != unlimited ] && [ "$(ulimit -n)" -lt $((n + 64)) ]; then
    echo "conn_memory: need $((n + 64)) file descriptors, the hard limit is $(ulimit -Hn)" >&2
    exit 1
fi
for f in "$build/examples/event_loop_server" "$build/examples/load_client" "$certs/server.pem"; do
    [ -e "$f" ] || { echo "conn_memory: missing $f (build cssl and run ctest -R certs)" >&2; exit 1; }
done
cc -O2 -o "$work/raw_idle_server" "$here/raw_idle_server.c" -lssl -lcrypto

rss_kib() { awk '/^VmRSS:/ { print $2 }' "/proc/$1/status"; }

# measure NAME COMMAND...: prints "KiB-per-connection" for one run.
measure() {
    local name=$1; shift
    "$@" "$certs/server.pem" "$certs/server.key" 0 >"$work/server.out" 2>"$work/server.err" &
    local spid=$!
    for _ in $(seq 50); do grep -q listening "$work/server.out" 2>/dev/null && break; sleep 0.1; done
    local port; port=$(sed -n 's/^listening on .*:\([0-9]*\)$/\1/p' "$work/server.out")
    local before; before=$(rss_kib "$spid")
    mkfifo "$work/client.out"
    # HOLD long enough to read the RSS; the client closes everything after.
    "$build/examples/load_client" "$port" "$certs/ca.pem" "$n" "$bytes" 3 \
        >"$work/client.out" 2>"$work/client.err" &
    local cpid=$!
    local line during=""
    while read -r line; do
        case $line in
        established*) sleep 1; during=$(rss_kib "$spid") ;;
        ok*) ;;
        *) echo "$name: $line" >&2 ;;
        esac
    done <"$work/client.out"
    local status=0
    wait "$cpid" || status=$?
    rm -f "$work/client.out"
    kill -TERM "$spid"; wait "$spid" 2>/dev/null || true
    if [ "$status" -ne 0 ] || [ -z "$during" ]; then
        echo "$name: the load client failed:" >&2; cat "$work/client.err" >&2
        exit 1
    fi
    awk -v a="$before" -v b="$during" -v n="$n" 'BEGIN { printf "%.1f\n", (b - a) / n }'
}

median() { sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }

declare -A results
servers=(cssl raw raw_release)
for r in $(seq "$rounds"); do
    for s in "${servers[@]}"; do
        case $s in
        cssl) cmd=("$build/examples/event_loop_server") ;;
        raw) cmd=("$work/raw_idle_server") ;;
        raw_release) cmd=("$work/raw_idle_server" --release-buffers) ;;
        esac
        v=$(measure "$s" "${cmd[@]}")
        results[$s]="${results[$s]:-} $v"
        echo "round $r: $s ${v} KiB/connection" >&2
    done
done

echo "# memory per idle established TLS 1.3 connection, server RSS, N=$n, $bytes bytes echoed each"
echo "# median of $rounds rounds (min..max); OpenSSL $(openssl version | cut -d' ' -f2)"
printf "%-34s %10s %16s %8s\n" server KiB/conn range "÷ raw"
raw=$(printf '%s\n' ${results[raw]} | median)
for s in "${servers[@]}"; do
    vals=$(printf '%s\n' ${results[$s]})
    med=$(echo "$vals" | median)
    lo=$(echo "$vals" | sort -n | head -1)
    hi=$(echo "$vals" | sort -n | tail -1)
    case $s in
    cssl) label="cssl event_loop_server (SSLObject)" ;;
    raw) label="raw OpenSSL, defaults" ;;
    raw_release) label="raw OpenSSL, RELEASE_BUFFERS" ;;
    esac
    ratio=$(awk -v a="$med" -v b="$raw" 'BEGIN { printf "%.2f", a / b }')
    printf "%-34s %10s %16s %8s\n" "$label" "$med" "($lo..$hi)" "$ratio"
done
