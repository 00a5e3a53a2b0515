"""SSLSocket's errors, libcssl (ctypes) against Python 3.13's ssl module.

1. wrap_socket()'s argument checks and server_hostname encoding (the
   'idna' codec's ASCII path) on a socketpair: same class, same message,
   same server_hostname.
2. Client connections to one local server (a thread of this script, on
   127.0.0.1) that behaves the same for both clients: verification
   failures, a plaintext or silent or vanishing server, ragged and clean
   EOFs, non-blocking reads, a refused connection.  Each client reports a
   list of events, [class, message] or ["OK", value].
"""
import ctypes
import json
import os
import re
import socket
import ssl
import sys
import threading
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import harness  # noqa: E402
import libcssl  # noqa: E402

CA = os.path.join(harness.CERTS, "ca.pem")
CERT = os.path.join(harness.CERTS, "server.pem")
KEY = os.path.join(harness.CERTS, "server.key")
P = ctypes.c_void_p


def load():
    lib = libcssl.load(os.environ["CSSL_LIB"])
    protos = {
        "cssl_context_new": (P, [ctypes.c_int]),
        "cssl_context_free": (None, [P]),
        "cssl_context_set_check_hostname": (ctypes.c_int, [P, ctypes.c_bool]),
        "cssl_context_load_verify_locations": (ctypes.c_int, [P, ctypes.c_char_p, ctypes.c_char_p,
                                                              P, ctypes.c_size_t]),
        "cssl_context_wrap_socket": (P, [P, ctypes.c_int, ctypes.c_bool, ctypes.c_bool,
                                         ctypes.c_bool, ctypes.c_char_p, P]),
        "cssl_socket_free": (None, [P]),
        "cssl_socket_server_hostname": (ctypes.c_char_p, [P]),
        "cssl_socket_settimeout": (ctypes.c_int, [P, ctypes.c_double]),
        "cssl_socket_setblocking": (ctypes.c_int, [P, ctypes.c_bool]),
        "cssl_socket_do_handshake": (ctypes.c_int, [P]),
        "cssl_socket_recv": (ctypes.c_int, [P, ctypes.c_char_p, ctypes.c_size_t, ctypes.c_int]),
        "cssl_socket_get_channel_binding": (ctypes.c_int, [P, ctypes.c_char_p, ctypes.c_char_p,
                                                           ctypes.c_size_t]),
        "cssl_socket_connect": (P, [P, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p,
                                    ctypes.c_double]),
    }
    for name, (res, args) in protos.items():
        f = getattr(lib, name)
        f.restype = res
        f.argtypes = args
    return lib


LIB = load()


def last_error():
    e = LIB.cssl_last_error().contents
    return [LIB.cssl_err_name(e.code).decode(), e.message.decode()]


def enc(s):
    return None if s is None else s.encode()


# ---- 1. wrap_socket() arguments ----------------------------------------------------

WRAP_CASES = [
    # (server_side, check_hostname, protocol, server_hostname)
    (False, True, 16, None), (False, True, 16, ""), (True, False, 17, "x"),
    (True, False, 16, None), (False, False, 17, "x"), (False, False, 16, ""),
    (False, False, 16, ".example.com"), (False, False, 16, "a..b"), (False, False, 16, ".."),
    (False, False, 16, "a" * 64 + ".com"), (False, False, 16, "ok." + "b" * 70),
    (False, False, 16, "a" * 64 + ".."), (False, False, 16, "ABC.Example.COM"),
    (False, False, 16, "a.com."), (False, False, 16, "ex_ample.com"),
    (False, False, 16, "xn--mnchen-3ya.de"), (False, False, 16, "127.0.0.1"),
    (False, False, 16, "::1"), (False, False, 2, "x"), (True, False, 2, None),
]

WRAP_ORACLE = r"""
import json, socket, ssl, sys
sys.path.insert(0, %r)
import pyexc
out = []
for server_side, check, proto, name in json.loads(sys.argv[1] if len(sys.argv) > 1 else %r):
    ctx = ssl.SSLContext(proto)
    ctx.check_hostname = check
    a, b = socket.socketpair()
    try:
        s = ctx.wrap_socket(a, server_side=server_side, server_hostname=name,
                            do_handshake_on_connect=False)
        out.append(["OK", s.server_hostname])
        s.close()
    except Exception as e:
        out.append(pyexc.describe(e))
    a.close(); b.close()
print(json.dumps(out))
"""


def cssl_wrap(server_side, check, proto, name):
    ctx = LIB.cssl_context_new(proto)
    LIB.cssl_context_set_check_hostname(ctx, check)
    a, b = socket.socketpair()
    s = LIB.cssl_context_wrap_socket(ctx, a.detach(), server_side, False, True, enc(name), None)
    if s:
        host = LIB.cssl_socket_server_hostname(s)
        result = ["OK", host.decode() if host is not None else None]
        LIB.cssl_socket_free(s)
    else:
        result = last_error()
    b.close()
    LIB.cssl_context_free(ctx)
    return result


def test_wrap(t):
    here = os.path.dirname(os.path.abspath(__file__))
    want = harness.oracle(WRAP_ORACLE % (here, json.dumps(WRAP_CASES)))
    for case, expected in zip(WRAP_CASES, want):
        t.check(f"wrap_socket{case}", cssl_wrap(*case), expected)


# ---- 2. connections -------------------------------------------------------------------

class Server:
    """Accepts connections on 127.0.0.1 and treats each as self.mode says."""

    def __init__(self):
        self.ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        self.ctx.load_cert_chain(CERT, KEY)
        self.sock = socket.create_server(("127.0.0.1", 0))
        self.port = self.sock.getsockname()[1]
        self.mode = "tls"
        self.cb = None
        threading.Thread(target=self.run, daemon=True).start()

    def run(self):
        while True:
            conn, _ = self.sock.accept()
            threading.Thread(target=self.serve, args=(conn, self.mode), daemon=True).start()

    def serve(self, conn, mode):
        try:
            if mode == "silent":
                time.sleep(1.0)
            elif mode == "close":
                conn.recv(65536)  # the ClientHello: a FIN, not a reset, follows
            elif mode == "plain":
                conn.sendall(b"HTTP/1.0 400 Bad Request\r\n\r\n")
                time.sleep(0.2)
            elif mode in ("tls", "clean"):
                s = self.ctx.wrap_socket(conn, server_side=True)
                self.cb = s.get_channel_binding("tls-unique")
                s.sendall(b"hi")
                time.sleep(0.4)  # the clients' reads time out (0.1 s) before
                if mode == "clean":
                    s.unwrap()
                conn = s
        except (OSError, ValueError):
            pass
        conn.close()


CONNECT_ORACLE = r"""
import json, socket, ssl, sys
sys.path.insert(0, %r)
import pyexc
p = json.loads(%r)
events = []
def ev(f):
    try:
        v = f()
        events.append(["OK", v.decode() if isinstance(v, bytes) else v])
        return True
    except Exception as e:
        events.append(pyexc.describe(e))
        return False
ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
ctx.check_hostname = p["check"]
if p["cafile"]:
    ctx.load_verify_locations(p["cafile"])
box = {}
def connect():
    sock = socket.create_connection(("127.0.0.1", p["port"]),
                                    timeout=p["timeout"] if p["timeout"] > 0 else None)
    box["s"] = ctx.wrap_socket(sock, server_hostname=p["sni"],
                               suppress_ragged_eofs=p["suppress"])
if ev(connect):
    s = box["s"]
    for action in p["actions"]:
        if action == "nonblocking":
            s.setblocking(False)
        else:
            ev(lambda: s.recv(int(action[4:])))
    s.close()
print(json.dumps(events))
"""


def cssl_connect(p):
    events = []
    ctx = LIB.cssl_context_new(16)
    LIB.cssl_context_set_check_hostname(ctx, p["check"])
    if p["cafile"]:
        LIB.cssl_context_load_verify_locations(ctx, enc(p["cafile"]), None, None, 0)
    try:
        sock = socket.create_connection(("127.0.0.1", p["port"]))
    except OSError as e:
        LIB.cssl_context_free(ctx)
        return [["OSError", str(e)]]
    s = LIB.cssl_context_wrap_socket(ctx, sock.detach(), False, False, p["suppress"],
                                     enc(p["sni"]), None)
    LIB.cssl_socket_settimeout(s, p["timeout"] if p["timeout"] > 0 else -1.0)
    rc = LIB.cssl_socket_do_handshake(s)
    events.append(["OK", None] if rc == 0 else last_error())
    for action in p["actions"] if rc == 0 else []:
        if action == "nonblocking":
            LIB.cssl_socket_setblocking(s, False)
            continue
        buf = ctypes.create_string_buffer(64)
        n = LIB.cssl_socket_recv(s, buf, int(action[4:]), 0)
        events.append(["OK", buf.raw[:n].decode()] if n >= 0 else last_error())
    LIB.cssl_socket_free(s)
    LIB.cssl_context_free(ctx)
    return events


CONNECT_CASES = [
    # (label, server mode, cafile, check_hostname, sni, suppress, timeout, actions)
    ("unknown CA", "tls", None, True, "localhost", True, 5, []),
    ("hostname mismatch", "tls", CA, True, "wrong.example", True, 5, []),
    ("IP mismatch", "tls", CA, True, "127.0.0.2", True, 5, []),
    ("no check, IP", "tls", CA, False, "127.0.0.1", True, 5, ["recv2"]),
    ("ragged EOF suppressed", "tls", CA, True, "localhost", True, 5, ["recv2", "recv9", "recv9"]),
    ("ragged EOF raised", "tls", CA, True, "localhost", False, 5, ["recv2", "recv9", "recv9"]),
    ("clean close", "clean", CA, True, "localhost", False, 5, ["recv2", "recv9", "recv9"]),
    ("read timeout", "tls", CA, True, "localhost", True, 0.1, ["recv2", "recv9"]),
    ("non-blocking", "tls", CA, True, "localhost", True, 5, ["recv2", "nonblocking", "recv9"]),
    ("handshake timeout", "silent", CA, True, "localhost", True, 0.2, []),
    ("plaintext server", "plain", CA, True, "localhost", True, 5, []),
    ("server hangs up", "close", CA, True, "localhost", True, 5, []),
]


def test_connect(t):
    here = os.path.dirname(os.path.abspath(__file__))
    srv = Server()
    for label, mode, cafile, check, sni, suppress, timeout, actions in CONNECT_CASES:
        srv.mode = mode
        p = {"port": srv.port, "cafile": cafile, "check": check, "sni": sni,
             "suppress": suppress, "timeout": timeout, "actions": actions}
        got = cssl_connect(p)
        want = harness.oracle(CONNECT_ORACLE % (here, json.dumps(p)))
        # Python's timeouts start with "_ssl.c:NNNN: ".
        want = [[e[0], re.sub(r"^_ssl\.c:\d+: ", "", e[1]) if isinstance(e[1], str) else e[1]]
                for e in want]
        t.check(label, got, want)


def test_channel_binding(t):
    """tls-unique (RFC 5929): the client's must be the Python server's."""
    srv = Server()
    for version in (ssl.TLSVersion.TLSv1_2, ssl.TLSVersion.TLSv1_3):
        srv.ctx.maximum_version = version
        ctx = LIB.cssl_context_new(16)
        LIB.cssl_context_load_verify_locations(ctx, enc(CA), None, None, 0)
        c = LIB.cssl_socket_connect(ctx, b"127.0.0.1", srv.port, b"localhost", 5.0)
        buf = ctypes.create_string_buffer(64)
        n = LIB.cssl_socket_recv(c, buf, 2, 0) if c else -1
        n = LIB.cssl_socket_get_channel_binding(c, b"tls-unique", buf, 64) if n == 2 else -1
        t.check(f"tls-unique {version.name}", buf.raw[:n] if n > 0 else None, srv.cb)
        LIB.cssl_socket_free(c)
        LIB.cssl_context_free(ctx)


def test_refused(t):
    s = socket.create_server(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    ctx = LIB.cssl_context_new(16)
    c = LIB.cssl_socket_connect(ctx, b"127.0.0.1", port, b"localhost", 2.0)
    got = last_error() if not c else ["OK", None]
    LIB.cssl_context_free(ctx)
    want = harness.oracle(
        "import json, socket\ntry:\n socket.create_connection(('127.0.0.1', %d))\n"
        " print(json.dumps(['OK', None]))\nexcept OSError as e:\n"
        " print(json.dumps(['OSError', str(e)]))" % port)
    t.check("connection refused", got, want)


def main():
    if not harness.PY313:
        harness.skip("python3.13 (the oracle for SSLSocket) not found")
    t = harness.Tally("socket_errors")
    test_wrap(t)
    test_connect(t)
    test_channel_binding(t)
    test_refused(t)
    t.finish()


if __name__ == "__main__":
    main()
