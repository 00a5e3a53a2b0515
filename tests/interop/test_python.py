"""cssl against Python's ssl module over 127.0.0.1, both ways.

cssl client <-> Python server and cssl server <-> Python client: TLS 1.2
and 1.3 with ECDSA and RSA certificates, client certificates, ALPN, SNI
(with a callback that switches the context), session resumption,
post-handshake authentication, unwrap() and reuse of the plain socket.
Each case checks what both ends say: version, cipher, ALPN, the peer's
certificate, session reuse, and every byte echoed.
"""
import os
import socket
import ssl
import sys
import threading

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import interop as I  # noqa: E402
from interop import cssl_tls  # noqa: E402

CLIENT_CN = "cssl test client"


# ---- Python's side ----------------------------------------------------------------------

def py_server_ctx(kind="ECDSA", maximum=None, verify_client=False, alpn=None, pha=False):
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    ctx.load_cert_chain(*I.identity(kind))
    if maximum:
        ctx.maximum_version = getattr(ssl.TLSVersion, maximum)
    if verify_client or pha:
        ctx.load_verify_locations(I.CA)
        ctx.verify_mode = ssl.CERT_REQUIRED
    if pha:
        ctx.post_handshake_auth = True
    if alpn:
        ctx.set_alpn_protocols(alpn)
    return ctx


def py_observe(s, server):
    obs = {"version": s.version(), "cipher": s.cipher(), "alpn": s.selected_alpn_protocol(),
           "session_reused": s.session_reused}
    if server:
        obs["peer_cn"] = I.subject_cn(s.getpeercert())
    else:
        obs["peer_sha256"] = I.sha256(s.getpeercert(binary_form=True))
    return obs


def py_echo(s, obs):
    while True:
        data = s.recv(65536)
        if not data:
            return
        s.sendall(data)


class PyServer:
    """Python's ssl server in a thread: `count` connections, handler(s, obs)."""

    def __init__(self, ctx, handler=py_echo, count=1):
        self.ctx, self.handler, self.count = ctx, handler, count
        self.sock = socket.create_server(("127.0.0.1", 0))
        self.sock.settimeout(20)
        self.port = self.sock.getsockname()[1]
        self.results = []
        self.thread = threading.Thread(target=self.run, daemon=True)
        self.thread.start()

    def run(self):
        for _ in range(self.count):
            obs = {}
            try:
                conn, _ = self.sock.accept()
                conn.settimeout(10)
                with self.ctx.wrap_socket(conn, server_side=True) as s:
                    obs.update(py_observe(s, True))
                    self.handler(s, obs)
            except (OSError, ValueError) as e:
                obs["error"] = repr(e)
            self.results.append(obs)
        self.sock.close()

    def join(self):
        self.thread.join(30)
        return self.results


def py_client_ctx(maximum=None, alpn=None, client_cert=False, pha=False):
    ctx = ssl.create_default_context(cafile=I.CA)
    if maximum:
        ctx.maximum_version = getattr(ssl.TLSVersion, maximum)
    if alpn:
        ctx.set_alpn_protocols(alpn)
    if client_cert:
        ctx.load_cert_chain(*I.CLIENT)
    if pha:
        ctx.post_handshake_auth = True
    return ctx


def py_connect(ctx, port, hostname="localhost", session=None):
    sock = socket.create_connection(("127.0.0.1", port), timeout=10)
    return ctx.wrap_socket(sock, server_hostname=hostname, session=session)


# ---- cssl client <-> Python server ------------------------------------------------------

def check_pair(t, label, mine, theirs, cert_pem=None):
    """Both ends agree on version, cipher and ALPN; the client saw cert_pem."""
    t.check(f"{label}: version", mine["version"], theirs["version"])
    t.check(f"{label}: cipher", list(mine["cipher"] or []), list(theirs["cipher"] or []))
    t.check(f"{label}: alpn", mine["alpn"], theirs["alpn"])
    if cert_pem is not None:
        peer = mine.get("peer_sha256") or theirs.get("peer_sha256")
        t.check(f"{label}: peer certificate", peer, I.der_sha256(cert_pem))


def client_matrix(t):
    for kind in I.IDENTITIES:
        for version in I.VERSIONS:
            label = f"cssl client, Python server, {kind}, {version}"
            srv = PyServer(py_server_ctx(kind, version))
            payload = os.urandom(3000 + len(label))
            s = I.cssl_connect(I.client_context(), srv.port)
            mine = I.observe(s)
            echoed = I.exchange(s, payload)
            s.close()
            theirs = srv.join()[0]
            t.check(f"{label}: version", mine["version"], I.DOTTED[version])
            check_pair(t, label, mine, theirs, I.identity(kind)[0])
            t.check(f"{label}: echo", echoed, payload)
            if kind == "RSA" and version == "TLSv1_2":
                t.check(f"{label}: RSA key exchange", "ECDHE-RSA" in mine["cipher"][0], True)


def client_cert_and_alpn(t):
    for version in I.VERSIONS:
        label = f"cssl client certificate, {version}"
        srv = PyServer(py_server_ctx(maximum=version, verify_client=True,
                                     alpn=["http/1.1", "h2"]))
        s = I.cssl_connect(I.client_context(client_cert=True, alpn=["h2", "http/1.1"]), srv.port)
        mine = I.observe(s)
        echoed = I.exchange(s, b"client cert\n")
        s.close()
        theirs = srv.join()[0]
        t.check(f"{label}: server saw the client", theirs.get("peer_cn"), CLIENT_CN)
        t.check(f"{label}: alpn (server's preference)", mine["alpn"], "http/1.1")
        check_pair(t, label, mine, theirs)
        t.check(f"{label}: echo", echoed, b"client cert\n")
    srv = PyServer(py_server_ctx(alpn=["spdy/1"]))
    s = I.cssl_connect(I.client_context(alpn=["h2"]), srv.port)
    mine = I.observe(s)
    s.close()
    theirs = srv.join()[0]
    t.check("ALPN without a common protocol", [mine["alpn"], theirs.get("alpn")], [None, None])


def client_sni(t):
    seen = []
    ctx = py_server_ctx("ECDSA")
    rsa = py_server_ctx("RSA")

    def cb(sslsock, name, _ctx):
        seen.append(name)
        if name == "localhost":
            sslsock.context = rsa
    ctx.sni_callback = cb
    srv = PyServer(ctx, count=2)
    for host, kind in (("localhost", "RSA"), ("127.0.0.1", "ECDSA")):
        s = I.cssl_connect(I.client_context(), srv.port, hostname=host)
        t.check(f"SNI {host}: certificate of the switched context", I.observe(s)["peer_sha256"],
                I.der_sha256(I.identity(kind)[0]))
        t.check(f"SNI {host}: echo", I.exchange(s, b"sni"), b"sni")
        s.close()
    srv.join()
    t.check("SNI: names the server's callback saw", seen, ["localhost", None])


def client_resumption(t):
    for version in I.VERSIONS:
        srv = PyServer(py_server_ctx(maximum=version), count=2)
        ctx = I.client_context()
        s = I.cssl_connect(ctx, srv.port)
        I.exchange(s, b"first")  # TLS 1.3 tickets arrive with the data
        session, first = s.session, s.session_reused
        s.close()
        s = I.cssl_connect(ctx, srv.port, session=session)
        second = s.session_reused
        I.exchange(s, b"second")
        s.close()
        res = srv.join()
        t.check(f"resumption {version}: cssl client", [first, second], [False, True])
        t.check(f"resumption {version}: Python server",
                [r.get("session_reused") for r in res], [False, True])


def client_pha(t):
    def handler(s, obs):
        obs["cn_before"] = I.subject_cn(s.getpeercert())
        s.verify_client_post_handshake()
        s.sendall(b"A")  # carries the CertificateRequest
        obs["got"] = s.recv(1)
        obs["cn_after"] = I.subject_cn(s.getpeercert())
        s.sendall(b"C")
    srv = PyServer(py_server_ctx(pha=True), handler)
    s = I.cssl_connect(I.client_context(client_cert=True, pha=True), srv.port)
    a = s.recv(1)
    s.sendall(b"B")
    c = s.recv(1)
    s.close()
    r = srv.join()[0]
    t.check("post-handshake auth (cssl client)",
            [a, c, r.get("cn_before"), r.get("got"), r.get("cn_after")],
            [b"A", b"C", None, b"B", CLIENT_CN])


def client_unwrap(t):
    def handler(s, obs):
        s.sendall(s.recv(100))
        plain = s.unwrap()
        plain.settimeout(10)
        obs["plain"] = plain.recv(100)
        plain.sendall(b"plain pong")
        plain.close()
    srv = PyServer(py_server_ctx(), handler)
    s = I.cssl_connect(I.client_context(), srv.port)
    echoed = I.exchange(s, b"tls ping")
    plain = socket.socket(fileno=s.unwrap())
    s.close()
    plain.settimeout(10)
    plain.sendall(b"plain ping")
    back = plain.recv(100)
    plain.close()
    r = srv.join()[0]
    t.check("unwrap (cssl client): TLS, then plain TCP on the same socket",
            [echoed, r.get("plain"), back], [b"tls ping", b"plain ping", b"plain pong"])


# ---- cssl server <-> Python client ------------------------------------------------------

def server_matrix(t):
    for kind in I.IDENTITIES:
        for version in I.VERSIONS:
            label = f"cssl server, Python client, {kind}, {version}"
            srv = I.CsslServer(I.server_context(kind, maximum=version))
            s = py_connect(py_client_ctx(), srv.port)
            theirs = py_observe(s, False)
            payload = os.urandom(5000).hex().encode() + b"QUIT\n"
            s.sendall(payload)
            echoed = b""
            while len(echoed) < len(payload):
                chunk = s.recv(65536)
                if not chunk:
                    break
                echoed += chunk
            s.close()
            mine = srv.join()[0]
            t.check(f"{label}: no error", mine.get("error"), None)
            t.check(f"{label}: version", mine.get("version"), I.DOTTED[version])
            check_pair(t, label, mine, theirs, I.identity(kind)[0])
            t.check(f"{label}: echo", echoed, payload)


def py_lines(s, data=b"hello\nQUIT\n"):
    s.sendall(data)
    out = b""
    while len(out) < len(data):
        chunk = s.recv(4096)
        if not chunk:
            break
        out += chunk
    return out


def server_client_cert_and_alpn(t):
    for version in I.VERSIONS:
        label = f"cssl server, client certificate, {version}"
        srv = I.CsslServer(I.server_context(maximum=version, verify_client=True,
                                            alpn=["http/1.1", "h2"]))
        s = py_connect(py_client_ctx(client_cert=True, alpn=["h2", "http/1.1"]), srv.port)
        theirs = py_observe(s, False)
        echoed = py_lines(s)
        s.close()
        mine = srv.join()[0]
        t.check(f"{label}: client's subject", mine.get("peer_cn"), CLIENT_CN)
        t.check(f"{label}: alpn", mine.get("alpn"), "http/1.1")
        check_pair(t, label, mine, theirs)
        t.check(f"{label}: echo", echoed, b"hello\nQUIT\n")


def server_sni(t):
    ecdsa = I.server_context("ECDSA")
    rsa = I.server_context("RSA")
    seen = []

    def cb(conn, name):
        seen.append(name)
        if name == "localhost":
            cssl_tls.set_context(conn, rsa)
    ecdsa.set_sni_callback(cb)
    srv = I.CsslServer(ecdsa, count=2)
    for host, kind in (("localhost", "RSA"), ("127.0.0.1", "ECDSA")):
        s = py_connect(py_client_ctx(), srv.port, hostname=host)
        t.check(f"cssl SNI callback, {host}: certificate",
                I.sha256(s.getpeercert(binary_form=True)), I.der_sha256(I.identity(kind)[0]))
        t.check(f"cssl SNI callback, {host}: echo", py_lines(s), b"hello\nQUIT\n")
        s.close()
    res = srv.join()
    t.check("cssl SNI callback: errors", [r.get("error") for r in res], [None, None])
    t.check("cssl SNI callback: names seen", seen, ["localhost", None])


def server_resumption(t):
    for version in I.VERSIONS:
        srv = I.CsslServer(I.server_context(maximum=version), count=2)
        ctx = py_client_ctx()
        s = py_connect(ctx, srv.port)
        py_lines(s)
        session, first = s.session, s.session_reused
        s.close()
        s = py_connect(ctx, srv.port, session=session)
        second = s.session_reused
        py_lines(s)
        s.close()
        res = srv.join()
        t.check(f"cssl server resumption {version}: Python client", [first, second],
                [False, True])
        t.check(f"cssl server resumption {version}: cssl server",
                [r.get("session_reused") for r in res], [False, True])


def server_pha(t):
    def handler(s, obs):
        obs["cn_before"] = I.subject_cn(s.getpeercert())
        s.verify_client_post_handshake()
        s.sendall(b"A")
        obs["got"] = s.recv(1)
        obs["cn_after"] = I.subject_cn(s.getpeercert())
        s.sendall(b"C")
    srv = I.CsslServer(I.server_context(pha=True), handler)
    s = py_connect(py_client_ctx(client_cert=True, pha=True), srv.port)
    a = s.recv(1)
    s.sendall(b"B")
    c = s.recv(1)
    s.close()
    r = srv.join()[0]
    t.check("post-handshake auth (cssl server)",
            [r.get("error"), a, c, r.get("cn_before"), r.get("got"), r.get("cn_after")],
            [None, b"A", b"C", None, b"B", CLIENT_CN])


def server_unwrap(t):
    def handler(s, obs):
        s.sendall(s.recv(100))
        plain = socket.socket(fileno=s.unwrap())
        plain.settimeout(10)
        obs["plain"] = plain.recv(100)
        plain.sendall(b"plain pong")
        plain.close()
    srv = I.CsslServer(I.server_context(), handler, close_notify=False)
    s = py_connect(py_client_ctx(), srv.port)
    s.sendall(b"tls ping")
    echoed = s.recv(100)
    plain = s.unwrap()
    plain.sendall(b"plain ping")
    back = plain.recv(100)
    plain.close()
    r = srv.join()[0]
    t.check("unwrap (cssl server): TLS, then plain TCP on the same socket",
            [r.get("error"), echoed, r.get("plain"), back],
            [None, b"tls ping", b"plain ping", b"plain pong"])


def main():
    cssl_tls.lib()
    t = I.Tally("interop.python")
    for part in (client_matrix, client_cert_and_alpn, client_sni, client_resumption,
                 client_pha, client_unwrap, server_matrix, server_client_cert_and_alpn,
                 server_sni, server_resumption, server_pha, server_unwrap):
        try:
            part(t)
        except Exception as e:  # a failure to connect fails the part, not the script
            t.check(f"{part.__name__} raised", repr(e), None)
    t.finish()


if __name__ == "__main__":
    main()
