#!/usr/bin/env bash
# `make demo`: cssl at work on a throwaway certificate authority: a TLS
# server (`cssl serve`), a client that prints the server's certificate the
# way Python's pprint.pprint(ssock.getpeercert()) does, an echo, and the
# module functions on the same certificate.
# Usage: scripts/demo.sh BUILD_DIR
set -euo pipefail
build=${1:-build}
cssl="$build/cssl"
work=$(mktemp -d)
server_pid=
cleanup() {
  if [ -n "$server_pid" ]; then
    kill -TERM "$server_pid" 2>/dev/null || true
    wait "$server_pid" 2>/dev/null || true
  fi
  rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

say() { printf '\n\033[1m$ %s\033[0m\n' "$*"; }
run() { say "$*"; if "$@"; then echo "(exit status 0)"; else echo "(exit status $?)"; fi; }

echo "cssl demo: a throwaway CA and server certificate in $work"
# create_default_context() verifies with VERIFY_X509_STRICT (Python 3.13):
# the CA needs its key usage, the server certificate its key identifiers.
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 30 \
  -subj "/O=cssl demo/CN=cssl demo CA" -keyout "$work/ca.key" -out "$work/ca.pem" \
  -addext "basicConstraints=critical,CA:TRUE" -addext "keyUsage=critical,keyCertSign,cRLSign" \
  2>/dev/null
openssl req -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes \
  -subj "/O=cssl demo/CN=localhost" -keyout "$work/server.key" -out "$work/server.csr" 2>/dev/null
cat > "$work/ext.cnf" <<'EXT'
basicConstraints=critical,CA:FALSE
keyUsage=critical,digitalSignature
extendedKeyUsage=serverAuth
subjectKeyIdentifier=hash
authorityKeyIdentifier=keyid
subjectAltName=DNS:localhost,DNS:*.demo.test,IP:127.0.0.1
authorityInfoAccess=OCSP;URI:http://ocsp.demo.test/
EXT
openssl x509 -req -in "$work/server.csr" -CA "$work/ca.pem" -CAkey "$work/ca.key" \
  -CAcreateserial -days 30 -extfile "$work/ext.cnf" -out "$work/server.pem" 2>/dev/null

run "$cssl" version

# The server: port 0 lets the kernel pick a free port; `cssl serve` prints
# the one it got.
say "$cssl serve --host 127.0.0.1 --port 0 --cert server.pem --key server.key &"
"$cssl" serve --host 127.0.0.1 --port 0 --cert "$work/server.pem" --key "$work/server.key" \
  > "$work/serve.out" 2> "$work/serve.err" &
server_pid=$!
port=
for _ in $(seq 1 100); do
  port=$(sed -n 's/^listening on .*:\([0-9][0-9]*\)$/\1/p' "$work/serve.out")
  [ -n "$port" ] && break
  kill -0 "$server_pid" 2>/dev/null || break
  sleep 0.05
done
if [ -z "$port" ]; then
  echo "cssl serve did not start:" >&2
  cat "$work/serve.err" >&2
  exit 1
fi
cat "$work/serve.out"

run "$cssl" connect 127.0.0.1 "$port" --cafile "$work/ca.pem" --sni localhost
run "$cssl" connect 127.0.0.1 "$port" --cafile "$work/ca.pem" --sni localhost --json
run "$cssl" connect 127.0.0.1 "$port" --cafile "$work/ca.pem" --sni localhost \
  --send "hello, TLS echo"$'\n'
# Verification at work: the certificate does not name this host.
run "$cssl" connect 127.0.0.1 "$port" --cafile "$work/ca.pem" --sni other.example
run "$cssl" get-server-certificate 127.0.0.1 "$port" --ca-certs "$work/ca.pem"

# The module functions, on the same certificate.
run "$cssl" decode "$work/server.pem"
run "$cssl" match-hostname "$work/server.pem" www.demo.test
run "$cssl" match-hostname "$work/server.pem" a.b.demo.test
notafter=$(openssl x509 -in "$work/server.pem" -noout -enddate | cut -d= -f2)
run "$cssl" cert-time "$notafter"
say "$cssl pem2der server.pem | $cssl der2pem | cmp - server.pem"
if "$cssl" pem2der "$work/server.pem" | "$cssl" der2pem | cmp - "$work/server.pem"; then
  echo "round trip: identical"
else
  echo "(round trip failed)"
fi

say "kill -TERM $server_pid   # cssl serve ends cleanly"
kill -TERM "$server_pid"
wait "$server_pid" && echo "cssl serve: exit status 0" || echo "cssl serve: exit status $?"
server_pid=
