"""Local TLS servers and clients for the connection tests (test_cli_tls.py,
test_examples.py): `cssl serve` and a Python ssl server, both on 127.0.0.1
or ::1 only, and a Python ssl client whose answers are what `cssl connect`
must print.  Every process is started and stopped by the test that uses it.
"""
import json
import os
import re
import signal
import socket
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import harness  # noqa: E402

CERTS = harness.CERTS
CA = os.path.join(CERTS, "ca.pem")
SERVER_CERT = os.path.join(CERTS, "server.pem")
SERVER_KEY = os.path.join(CERTS, "server.key")
CLIENT_CERT = os.path.join(CERTS, "client.pem")
CLIENT_KEY = os.path.join(CERTS, "client.key")

# Python's str(SSLError) ends with " (_ssl.c:NNNN)" and its timeouts start
# with "_ssl.c:NNNN: "; cssl's messages have neither.
_SSL_C = re.compile(r" \(_ssl\.c:\d+\)|^_ssl\.c:\d+: |(?<=: )_ssl\.c:\d+: ", re.M)


def strip_ssl_c(text):
    return _SSL_C.sub("", text)


def has_ipv6():
    try:
        with socket.socket(socket.AF_INET6) as s:
            s.bind(("::1", 0))
        return True
    except OSError:
        return False


# A Python server mirroring `cssl serve`: echo, or one small page per HTTP
# request.  Errors of a connection go to stderr as "Name: message".
PY_SERVER = r"""
import json, socket, ssl, sys, threading
p = json.loads(sys.argv[1])
ctx = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH, cafile=p.get("cafile"))
ctx.load_cert_chain(p["cert"], p["key"])
# As `cssl serve` does: a client's end of the TCP stream is an ordinary end.
ctx.options |= ssl.OP_IGNORE_UNEXPECTED_EOF
if p.get("verify_client"):
    ctx.verify_mode = ssl.CERT_REQUIRED
if p.get("alpn"):
    ctx.set_alpn_protocols(p["alpn"])
if p.get("max_version"):
    ctx.maximum_version = getattr(ssl.TLSVersion, p["max_version"])
host = p.get("host", "127.0.0.1")
ls = socket.create_server((host, 0), family=socket.AF_INET6 if ":" in host else socket.AF_INET)
print("listening on %s:%d" % (host, ls.getsockname()[1]), flush=True)

def handle(conn):
    try:
        conn.settimeout(p.get("timeout", 30))
        with ctx.wrap_socket(conn, server_side=True) as s:
            data = s.recv(16384)
            while data:
                s.sendall(data)
                data = s.recv(16384)
    except Exception as e:
        print("%s: %s" % (type(e).__name__, e), file=sys.stderr, flush=True)

while True:
    c, _ = ls.accept()
    threading.Thread(target=handle, args=(c,), daemon=True).start()
"""

# The Python client `cssl connect` mirrors; prints the --json object, or
# {"error": [name, message]} with name the nearest class cssl has.
PY_CLIENT = r"""
import hashlib, json, socket, ssl, sys
CSSL_NAMES = ["SSLZeroReturnError", "SSLWantReadError", "SSLWantWriteError",
              "SSLSyscallError", "SSLEOFError", "SSLCertVerificationError", "SSLError",
              "TimeoutError", "ValueError", "TypeError", "MemoryError", "OSError"]
p = json.load(sys.stdin)
out = {}
try:
    ctx = ssl.create_default_context(cafile=p.get("cafile"))
    if p.get("no_verify"):
        ctx.check_hostname = False
        ctx.verify_mode = ssl.CERT_NONE
    if p.get("cert"):
        ctx.load_cert_chain(p["cert"], p.get("key"))
    if p.get("ciphers"):
        ctx.set_ciphers(p["ciphers"])
    if p.get("alpn"):
        ctx.set_alpn_protocols(p["alpn"])
    if p.get("min_version"):
        ctx.minimum_version = getattr(ssl.TLSVersion, p["min_version"])
    if p.get("max_version"):
        ctx.maximum_version = getattr(ssl.TLSVersion, p["max_version"])
    sock = socket.create_connection((p["host"], p["port"]), timeout=p.get("timeout", 20))
    s = ctx.wrap_socket(sock, server_hostname=p.get("sni") or p["host"])
    out = {"version": s.version(), "cipher": s.cipher(), "alpn": s.selected_alpn_protocol(),
           "session_reused": s.session_reused, "server_hostname": s.server_hostname,
           "peercert": s.getpeercert(),
           "peercert_der_sha256": hashlib.sha256(s.getpeercert(True)).hexdigest()}
    import pprint
    out["pformat"] = pprint.pformat(s.getpeercert())
    if "send" in p:
        s.sendall(p["send"].encode())
        # End our direction of the TCP stream, as `cssl connect --send` does
        # (SSLSocket.shutdown() would drop TLS, so go around it).
        d = socket.fromfd(s.fileno(), s.family, s.type)
        try:
            d.shutdown(socket.SHUT_WR)
        except OSError:
            pass  # the peer has gone already: what comes next says why
        d.close()
        got = b""
        data = s.recv(16384)
        while data:
            got += data
            data = s.recv(16384)
        out["received"] = got.decode("latin-1")
    s.close()
except Exception as e:
    name = next(c.__name__ for c in type(e).__mro__ if c.__name__ in CSSL_NAMES)
    out = {"error": [name, str(e)], "received": out.get("received")}
print(json.dumps(out))
"""


class Server:
    """A server process that prints "listening on HOST:PORT" first."""

    def __init__(self, argv):
        self.proc = subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                     text=True)
        line = self.proc.stdout.readline()
        m = re.match(r"listening on (.*):(\d+)$", line.strip())
        if not m:
            err = self.proc.stderr.read() if self.proc.poll() is not None else ""
            self.proc.kill()
            raise RuntimeError(f"server did not start: {line!r} {err!r}")
        self.host = m.group(1).strip("[]")
        self.port = int(m.group(2))

    def stop(self, sig=signal.SIGTERM, timeout=10):
        """Stop the server; returns (exit status, stderr)."""
        if self.proc.poll() is None:
            self.proc.send_signal(sig)
        try:
            _, err = self.proc.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            _, err = self.proc.communicate()
            return None, err
        return self.proc.returncode, err

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.stop()


def cssl_serve(*args, host="127.0.0.1"):
    return Server([harness.CLI, "serve", "--host", host, "--port", "0", "--cert", SERVER_CERT,
                   "--key", SERVER_KEY, *args])


def py_serve(**params):
    params.setdefault("cert", SERVER_CERT)
    params.setdefault("key", SERVER_KEY)
    py = harness.PY313 or harness.PY311
    return Server([py, "-c", PY_SERVER, json.dumps(params)])


def py_client(**params):
    """What Python's client sees; ("error": [name, message]) on failure."""
    out = harness.oracle(PY_CLIENT, stdin=json.dumps(params))
    if "error" in out:
        out["error"][1] = strip_ssl_c(out["error"][1])
    return out


def cssl_connect(host, port, *args, timeout=30):
    r = subprocess.run([harness.CLI, "connect", host, str(port), *args], capture_output=True,
                       text=True, timeout=timeout)
    return r.returncode, r.stdout, r.stderr


def wait_for(cond, timeout=10):
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if cond():
            return True
        time.sleep(0.05)
    return False
