#!/usr/bin/env bash
# `make demo`: cssl at work on a throwaway certificate authority.
# Usage: scripts/demo.sh BUILD_DIR
set -euo pipefail
build=${1:-build}
cssl="$build/cssl"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

say() { printf '\n\033[1m$ %s\033[0m\n' "$*"; }
run() { say "$*"; if "$@"; then echo "(exit status 0)"; else echo "(exit status $?)"; fi; }

echo "cssl demo: a throwaway CA and server certificate in $work"
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 30 \
  -subj "/O=cssl demo/CN=cssl demo CA" -keyout "$work/ca.key" -out "$work/ca.pem" 2>/dev/null
openssl req -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes \
  -subj "/O=cssl demo/CN=localhost" -keyout "$work/server.key" -out "$work/server.csr" 2>/dev/null
printf 'subjectAltName=DNS:localhost,DNS:*.demo.test,IP:127.0.0.1\nauthorityInfoAccess=OCSP;URI:http://ocsp.demo.test/\n' > "$work/ext.cnf"
openssl x509 -req -in "$work/server.csr" -CA "$work/ca.pem" -CAkey "$work/ca.key" \
  -CAcreateserial -days 30 -extfile "$work/ext.cnf" -out "$work/server.pem" 2>/dev/null

run "$cssl" version
run "$cssl" decode "$work/server.pem"
run "$cssl" match-hostname "$work/server.pem" www.demo.test
run "$cssl" match-hostname "$work/server.pem" a.b.demo.test
run "$cssl" match-hostname "$work/server.pem" 127.0.0.1
notafter=$(openssl x509 -in "$work/server.pem" -noout -enddate | cut -d= -f2)
run "$cssl" cert-time "$notafter"
run "$cssl" cert-time "Feb 30 10:00:00 2026 UTC"
say "$cssl pem2der $work/server.pem | $cssl der2pem | cmp - $work/server.pem"
"$cssl" pem2der "$work/server.pem" | "$cssl" der2pem | cmp - "$work/server.pem" && echo "round trip: identical"
run "$cssl" default-verify-paths
run "$cssl" rand 16
run "$cssl" constants VerifyMode
