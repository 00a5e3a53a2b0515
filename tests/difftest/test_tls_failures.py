"""TLS connection failures, side by side: libcssl (ctypes) and Python 3.13's
ssl module on the same setup must fail the same way, with the same class
name, message, errno, library, reason, verify_code and verify_message.

1. Clients.  A peer server (a thread of this script, Python's ssl or plain
   TCP) behaves the same for both clients; each client is a context from
   create_default_context() and reports [handshake, send + recv] events.
2. Servers.  A cssl server (a thread here) and a Python 3.13 server (a
   subprocess) each take one connection from the same client (this script:
   Python's ssl, or plain TCP) and report their events the same way.
3. Loading: wrong key password, key not matching the certificate, missing
   files, a file that is no certificate.
"""
import json
import os
import re
import socket
import ssl
import subprocess
import sys
import threading
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import cssl_tls  # noqa: E402
import harness  # noqa: E402

C = harness.CERTS


def cert(stem):
    return os.path.join(C, stem + ".pem")


def key(stem):
    return os.path.join(C, stem + ".key")


CA = cert("ca")
_SSL_C = re.compile(r"^_ssl\.c:\d+: ")


def clean(events):
    """Python's timeouts start with "_ssl.c:NNNN: "; cssl's do not."""
    for e in events:
        if isinstance(e, dict) and e.get("message"):
            e["message"] = _SSL_C.sub("", e["message"])
    return events


# ---- 1. clients --------------------------------------------------------------------------

class PeerServer:
    """Python's ssl server (or a plain TCP peer) on 127.0.0.1, one thread per
    connection; each connection is served as `cfg` says."""

    def __init__(self, cfg):
        self.cfg = cfg
        self.sock = socket.create_server(("127.0.0.1", 0))
        self.port = self.sock.getsockname()[1]
        self.ctx = None
        if cfg.get("mode", "tls") == "tls":
            self.ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
            self.ctx.load_cert_chain(cert(cfg.get("cert", "server")),
                                     key(cfg.get("key", cfg.get("cert", "server"))))
            if cfg.get("verify_client"):
                self.ctx.verify_mode = ssl.CERT_REQUIRED
                self.ctx.load_verify_locations(CA)
            if cfg.get("min"):
                self.ctx.minimum_version = getattr(ssl.TLSVersion, cfg["min"])
            if cfg.get("max"):
                self.ctx.maximum_version = getattr(ssl.TLSVersion, cfg["max"])
            if cfg.get("ciphers"):
                self.ctx.set_ciphers(cfg["ciphers"])
        self.stop = False
        threading.Thread(target=self.run, daemon=True).start()

    def run(self):
        while not self.stop:
            try:
                conn, _ = self.sock.accept()
            except OSError:
                return
            threading.Thread(target=self.serve, args=(conn,), daemon=True).start()

    def serve(self, conn):
        mode = self.cfg.get("mode", "tls")
        try:
            if mode == "silent":
                time.sleep(1.0)
            elif mode == "close":
                conn.recv(65536)  # the ClientHello; then a FIN
            elif mode == "plain":
                conn.sendall(b"HTTP/1.0 400 Bad Request\r\n\r\n")
                time.sleep(0.3)
            elif mode == "tls":
                conn.settimeout(3)
                # The handshake apart: a failing wrap_socket() would close
                # the socket at once (with the ClientHello unread: a reset).
                s = self.ctx.wrap_socket(conn, server_side=True, do_handshake_on_connect=False)
                conn = s
                s.do_handshake()
                data = s.recv(16)
                s.sendall(data)
                time.sleep(0.3)
        except (OSError, ValueError):
            time.sleep(0.3)  # let the client read the alert before the FIN
        conn.close()

    def close(self):
        self.stop = True
        self.sock.close()


def cssl_client(port, cl):
    events = []
    try:
        ctx = cssl_tls.Context(purpose=cssl_tls.PURPOSE_SERVER_AUTH, cafile=cl.get("cafile", CA))
        if cl.get("cert"):
            ctx.load_cert_chain(cert(cl["cert"]), key(cl.get("key", cl["cert"])))
        ctx.set_versions(cl.get("min"), cl.get("max"))
        if cl.get("ciphers"):
            ctx.set_ciphers(cl["ciphers"])
        sock = socket.create_connection(("127.0.0.1", port))
        s = ctx.wrap_socket(sock, server_hostname=cl.get("host", "localhost"),
                            timeout=cl.get("timeout", 5), do_handshake=False)
    except cssl_tls.CsslFailure as e:
        return [e.fields]
    for step in (lambda: (s.do_handshake(), s.version())[1], lambda: s.sendall(b"ping"),
                 lambda: s.recv(16)):
        try:
            r = step()
            events.append(["OK", r.decode() if isinstance(r, bytes) else r])
        except cssl_tls.CsslFailure as e:
            events.append(e.fields)
            break
    events.append(["version", s.version()])
    s.close()
    return events


PY_CLIENT = cssl_tls.PY_FIELDS + r"""
import json, socket, ssl, sys
sys.path.insert(0, %(here)r)
port, cl, C = json.loads(%(args)r)
def path(stem, ext): return "%%s/%%s.%%s" %% (C, stem, ext)
events = []
def main():
    ctx = ssl.create_default_context(cafile=cl.get("cafile", path("ca", "pem")))
    if cl.get("cert"):
        ctx.load_cert_chain(path(cl["cert"], "pem"), path(cl.get("key", cl["cert"]), "key"))
    if cl.get("min"):
        ctx.minimum_version = getattr(ssl.TLSVersion, cl["min"])
    if cl.get("max"):
        ctx.maximum_version = getattr(ssl.TLSVersion, cl["max"])
    if cl.get("ciphers"):
        ctx.set_ciphers(cl["ciphers"])
    sock = socket.create_connection(("127.0.0.1", port))
    sock.settimeout(cl.get("timeout", 5))
    s = ctx.wrap_socket(sock, server_hostname=cl.get("host", "localhost"),
                        do_handshake_on_connect=False)
    for step in (lambda: (s.do_handshake(), s.version())[1], lambda: s.sendall(b"ping"),
                 lambda: s.recv(16)):
        try:
            r = step()
            events.append(["OK", r.decode() if isinstance(r, bytes) else r])
        except Exception as e:
            events.append(py_fields(e))
            break
    events.append(["version", s.version()])
    s.close()
try:
    main()
except Exception as e:
    events.append(py_fields(e))
print(json.dumps(events))
"""

CLIENT_CASES = [
    # (label, server config, client config)
    ("success, TLS 1.3", {}, {}),
    ("success, TLS 1.2", {"max": "TLSv1_2"}, {}),
    ("unknown CA", {}, {"cafile": None}),
    ("self-signed", {"cert": "selfsigned"}, {}),
    ("expired", {"cert": "expired"}, {}),
    ("not yet valid", {"cert": "notyetvalid"}, {}),
    ("wrong host", {"cert": "wronghost"}, {}),
    ("IP address host, matching", {"cert": "ip-only"}, {"host": "127.0.0.1"}),
    ("IP address host, other IP", {}, {"host": "127.0.0.2"}),
    ("IP-only certificate, DNS name", {"cert": "ip-only"}, {"host": "localhost"}),
    ("missing client certificate, TLS 1.3", {"verify_client": True}, {}),
    ("missing client certificate, TLS 1.2", {"verify_client": True, "max": "TLSv1_2"}, {}),
    ("client certificate from another CA", {"verify_client": True}, {"cert": "selfsigned"}),
    ("client certificate accepted", {"verify_client": True}, {"cert": "client"}),
    ("protocol version: server 1.2 only", {"max": "TLSv1_2"}, {"min": "TLSv1_3"}),
    ("protocol version: server 1.3 only", {"min": "TLSv1_3"}, {"max": "TLSv1_2"}),
    ("no shared cipher", {"max": "TLSv1_2", "ciphers": "ECDHE-ECDSA-AES128-GCM-SHA256"},
     {"max": "TLSv1_2", "ciphers": "ECDHE-ECDSA-AES256-GCM-SHA384"}),
    ("plain-TCP server", {"mode": "plain"}, {}),
    ("server closes mid-handshake", {"mode": "close"}, {}),
    ("handshake timeout", {"mode": "silent"}, {"timeout": 0.3}),
]


def test_clients(t):
    for label, srv_cfg, cl in CLIENT_CASES:
        srv = PeerServer(srv_cfg)
        try:
            got = cssl_client(srv.port, cl)
            want = harness.oracle(PY_CLIENT % {"here": HERE,
                                               "args": json.dumps([srv.port, cl, C])})
        finally:
            srv.close()
        t.check(f"client: {label}", clean(got), clean(want))
        t.check(f"cssl connect: {label}", cli_client(srv.port, cl), cli_want(clean(want)))


def cli_client(port, cl):
    """`cssl connect` on the same setup: (exit status, version or the
    "Name: message" line it prints)."""
    args = ["connect", "127.0.0.1", str(port), "--sni", cl.get("host", "localhost"), "--json",
            "--timeout", str(cl.get("timeout", 5))]
    if cl.get("cafile", CA):
        args += ["--cafile", cl.get("cafile", CA)]
    if cl.get("cert"):
        args += ["--cert", cert(cl["cert"]), "--key", key(cl.get("key", cl["cert"]))]
    for opt in ("min", "max"):
        if cl.get(opt):
            args += [f"--{opt}-version", cl[opt].replace("_", ".")]
    if cl.get("ciphers"):
        args += ["--ciphers", cl["ciphers"]]
    rc, out, err = harness.cli(*args)
    if rc == 0:
        return [0, json.loads(out)["version"]]
    return [rc, err.strip()]


def cli_want(events):
    """What `cssl connect` must print for Python's handshake result."""
    first = events[0]
    if isinstance(first, dict):
        return [1, f"{first['class']}: {first['message']}"]
    return [0, first[1]]  # the version right after the handshake


# ---- 2. servers --------------------------------------------------------------------------

def cssl_server_setup(sv):
    ctx = cssl_tls.Context(purpose=cssl_tls.PURPOSE_CLIENT_AUTH,
                           cafile=CA if sv.get("verify_client") else None)
    ctx.load_cert_chain(cert(sv.get("cert", "server")), key(sv.get("cert", "server")))
    if sv.get("verify_client"):
        ctx.set_verify_mode(cssl_tls.CERT_REQUIRED)
    ctx.set_versions(sv.get("min"), sv.get("max"))
    if sv.get("ciphers"):
        ctx.set_ciphers(sv["ciphers"])
    return ctx


def cssl_server(sv, ready, box):
    """Take one connection; box["events"] gets what happened."""
    events = box["events"] = []
    ls = socket.create_server(("127.0.0.1", 0))
    box["port"] = ls.getsockname()[1]
    ctx = None
    try:
        ctx = cssl_server_setup(sv)
    except cssl_tls.CsslFailure as e:
        events.append(e.fields)
    ready.set()
    if ctx is None:
        ls.close()
        return
    conn, _ = ls.accept()
    ls.close()
    s = None
    try:
        s = ctx.wrap_socket(conn, server_side=True, timeout=sv.get("timeout", 5),
                            do_handshake=False)
        for step in (s.do_handshake, lambda: s.recv(16)):
            r = step()
            events.append(["OK", r.decode() if isinstance(r, bytes) else r])
        s.sendall(b"pong")
    except cssl_tls.CsslFailure as e:
        events.append(e.fields)
    time.sleep(0.3)
    if s is not None:
        events.append(["version", s.version()])
        s.close()


PY_SERVER = cssl_tls.PY_FIELDS + r"""
import json, socket, ssl, sys, time
sys.path.insert(0, %(here)r)
sv, C = json.loads(sys.argv[1])
def path(stem, ext): return "%%s/%%s.%%s" %% (C, stem, ext)
events = []
ls = socket.create_server(("127.0.0.1", 0))
print(ls.getsockname()[1], flush=True)
ctx = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH,
                                 cafile=path("ca", "pem") if sv.get("verify_client") else None)
ctx.load_cert_chain(path(sv.get("cert", "server"), "pem"), path(sv.get("cert", "server"), "key"))
if sv.get("verify_client"):
    ctx.verify_mode = ssl.CERT_REQUIRED
if sv.get("min"):
    ctx.minimum_version = getattr(ssl.TLSVersion, sv["min"])
if sv.get("max"):
    ctx.maximum_version = getattr(ssl.TLSVersion, sv["max"])
if sv.get("ciphers"):
    ctx.set_ciphers(sv["ciphers"])
conn, _ = ls.accept()
ls.close()
conn.settimeout(sv.get("timeout", 5))
s = None
try:
    s = ctx.wrap_socket(conn, server_side=True, do_handshake_on_connect=False)
    for step in (s.do_handshake, lambda: s.recv(16)):
        r = step()
        events.append(["OK", r.decode() if isinstance(r, bytes) else r])
    s.sendall(b"pong")
except Exception as e:
    events.append(py_fields(e))
time.sleep(0.3)
if s is not None:
    events.append(["version", s.version()])
    s.close()
print(json.dumps(events))
"""


def client_hello():
    """The bytes of a ClientHello, from an SSLObject."""
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    ctx.check_hostname = False
    ctx.verify_mode = ssl.CERT_NONE
    inc, out = ssl.MemoryBIO(), ssl.MemoryBIO()
    obj = ctx.wrap_bio(inc, out)
    try:
        obj.do_handshake()
    except ssl.SSLWantReadError:
        pass
    return out.read()


def run_client(port, cl):
    """The same client for both servers (Python 3.11's ssl or plain TCP)."""
    mode = cl.get("mode", "tls")
    sock = socket.create_connection(("127.0.0.1", port))
    try:
        if mode == "plain":
            sock.sendall(b"GET / HTTP/1.0\r\n\r\n")
            sock.settimeout(2)
            sock.recv(1024)
        elif mode == "close":
            sock.sendall(client_hello())
            sock.shutdown(socket.SHUT_WR)  # EOF in the middle of the handshake
            sock.settimeout(2)
            while sock.recv(65536):
                pass
        elif mode == "silent":
            time.sleep(0.8)
        else:
            ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
            ctx.load_verify_locations(CA)
            if cl.get("cert"):
                ctx.load_cert_chain(cert(cl["cert"]), key(cl["cert"]))
            if cl.get("max"):
                ctx.maximum_version = getattr(ssl.TLSVersion, cl["max"])
            if cl.get("ciphers"):
                ctx.set_ciphers(cl["ciphers"])
            sock.settimeout(3)
            s = ctx.wrap_socket(sock, server_hostname="localhost")
            s.sendall(b"ping")
            s.recv(16)
            sock = s
    except (OSError, ValueError):
        pass
    sock.close()


def py_server(sv, cl):
    p = subprocess.Popen([harness.PY313, "-c", PY_SERVER % {"here": HERE},
                          json.dumps([sv, C])], stdout=subprocess.PIPE, text=True)
    try:
        port = int(p.stdout.readline())
        run_client(port, cl)
        out, _ = p.communicate(timeout=20)
    finally:
        if p.poll() is None:
            p.kill()
            p.wait()
    return json.loads(out)


def cssl_server_run(sv, cl):
    ready, box = threading.Event(), {}
    th = threading.Thread(target=cssl_server, args=(sv, ready, box))
    th.start()
    ready.wait(10)
    if "port" in box and not box["events"]:
        run_client(box["port"], cl)
    th.join(20)
    return box.get("events")


SERVER_CASES = [
    ("success", {}, {}),
    ("missing client certificate, TLS 1.3", {"verify_client": True}, {}),
    ("missing client certificate, TLS 1.2", {"verify_client": True}, {"max": "TLSv1_2"}),
    ("client certificate from another CA", {"verify_client": True}, {"cert": "selfsigned"}),
    ("expired client certificate", {"verify_client": True}, {"cert": "expired"}),
    ("client certificate accepted", {"verify_client": True}, {"cert": "client"}),
    ("protocol version mismatch", {"min": "TLSv1_3"}, {"max": "TLSv1_2"}),
    ("no shared cipher", {"max": "TLSv1_2", "ciphers": "ECDHE-ECDSA-AES128-GCM-SHA256"},
     {"ciphers": "ECDHE-ECDSA-AES256-GCM-SHA384", "max": "TLSv1_2"}),
    ("RSA-only ciphers for an ECDSA key", {"max": "TLSv1_2", "ciphers": "ECDHE-RSA-AES128-GCM-SHA256"},
     {"max": "TLSv1_2"}),
    ("plain-TCP client (HTTP)", {}, {"mode": "plain"}),
    ("client closes mid-handshake", {}, {"mode": "close"}),
    ("handshake timeout", {"timeout": 0.3}, {"mode": "silent"}),
]


def test_servers(t):
    for label, sv, cl in SERVER_CASES:
        got = cssl_server_run(sv, cl)
        want = py_server(sv, cl)
        t.check(f"server: {label}", clean(got), clean(want))


# ---- 3. loading certificates and keys -------------------------------------------------

LOAD_CASES = [
    # (label, certfile, keyfile, password)
    ("right key password", cert("server"), os.path.join(C, "server-encrypted.key"), "cssl-test"),
    ("wrong key password", cert("server"), os.path.join(C, "server-encrypted.key"), "wrong"),
    ("key not matching the certificate", cert("server"), key("client"), None),
    ("missing certificate file", os.path.join(C, "no-such.pem"), None, None),
    ("missing key file", cert("server"), os.path.join(C, "no-such.key"), None),
    ("key given as certificate", key("server"), key("server"), None),
    ("certificate given as key", cert("server"), cert("client"), None),
]

PY_LOAD = cssl_tls.PY_FIELDS + r"""
import json, ssl, sys
sys.path.insert(0, %(here)r)
out = []
for label, certfile, keyfile, password in json.loads(%(cases)r):
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    try:
        ctx.load_cert_chain(certfile, keyfile, password)
        out.append(["OK", None])
    except Exception as e:
        out.append(py_fields(e))
for cafile in json.loads(%(cafiles)r):
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    try:
        ctx.load_verify_locations(cafile)
        out.append(["OK", None])
    except Exception as e:
        out.append(py_fields(e))
print(json.dumps(out))
"""

CAFILES = [CA, os.path.join(C, "no-such-ca.pem"), key("server")]


def test_loading(t):
    got = []
    for _label, certfile, keyfile, password in LOAD_CASES:
        ctx = cssl_tls.Context(protocol=cssl_tls.PROTOCOL_TLS_SERVER)
        try:
            ctx.load_cert_chain(certfile, keyfile, password)
            got.append(["OK", None])
        except cssl_tls.CsslFailure as e:
            got.append(e.fields)
    for cafile in CAFILES:
        ctx = cssl_tls.Context(protocol=cssl_tls.PROTOCOL_TLS_CLIENT)
        try:
            ctx.load_verify_locations(cafile)
            got.append(["OK", None])
        except cssl_tls.CsslFailure as e:
            got.append(e.fields)
    want = harness.oracle(PY_LOAD % {"here": HERE, "cases": json.dumps(LOAD_CASES),
                                     "cafiles": json.dumps(CAFILES)})
    labels = [c[0] for c in LOAD_CASES] + ["cafile " + os.path.basename(f) for f in CAFILES]
    for label, g, w in zip(labels, got, want):
        t.check(f"load: {label}", g, w)


def main():
    if not harness.PY313:
        harness.skip("python3.13 (the oracle for SSLSocket) not found")
    cssl_tls.lib()
    t = harness.Tally("tls_failures")
    test_clients(t)
    test_servers(t)
    test_loading(t)
    t.finish()


if __name__ == "__main__":
    main()
