"""cssl against OpenSSL's own tools over 127.0.0.1, both ways.

cssl client <-> `openssl s_server` (-rev: it sends each line back
reversed) and cssl server <-> `openssl s_client`: TLS 1.2 and 1.3, ECDSA
and RSA certificates, client certificates, ALPN, SNI (s_server's -cert2 for
a server name; a cssl SNI callback that switches the context), session
resumption, post-handshake authentication and unwrap().  What cssl says
(version, cipher, ALPN, peer certificate) must be what the tool prints.
"""
import os
import re
import socket
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import interop as I  # noqa: E402
from interop import cssl_tls  # noqa: E402

VERSION_FLAG = {"TLSv1_2": "-tls1_2", "TLSv1_3": "-tls1_3"}
CLIENT_CN = "cssl test client"


def s_server(kind="ECDSA", version=None, naccept=1, extra=()):
    port = I.free_port()
    cert, key = I.identity(kind)
    argv = ["openssl", "s_server", "-accept", f"127.0.0.1:{port}", "-cert", cert, "-key", key,
            "-naccept", str(naccept), *extra]
    if version:
        argv.append(VERSION_FLAG[version])
    peer = I.Peer(argv)
    if not peer.wait_for("ACCEPT"):
        raise RuntimeError("s_server did not start: " + peer.stop())
    return peer, port


def field(text, pattern):
    m = re.search(pattern, text, re.M)
    return m.group(1) if m else None


# ---- cssl client <-> s_server -----------------------------------------------------------

def client_matrix(t):
    for kind in I.IDENTITIES:
        for version in I.VERSIONS:
            label = f"cssl client, s_server, {kind}, {version}"
            peer, port = s_server(kind, version, extra=["-rev"])
            line = os.urandom(1500).hex().encode() + b"\n"
            try:
                s = I.cssl_connect(I.client_context(), port)
                mine = I.observe(s)
                s.sendall(line)
                back = s.recv_exactly(len(line))
                s.close()
            finally:
                out = peer.wait(5)
            t.check(f"{label}: version", mine["version"], I.DOTTED[version])
            t.check(f"{label}: s_server's version", field(out, r"^Protocol version: (\S+)"),
                    mine["version"])
            t.check(f"{label}: s_server's cipher", field(out, r"^Ciphersuite: (\S+)"),
                    mine["cipher"][0])
            t.check(f"{label}: cipher protocol", mine["cipher"][1], I.DOTTED[version])
            t.check(f"{label}: peer certificate", mine["peer_sha256"],
                    I.der_sha256(I.identity(kind)[0]))
            t.check(f"{label}: reversed echo", back, line[:-1][::-1] + b"\n")


def client_cert_alpn_sni(t):
    for version in I.VERSIONS:
        label = f"cssl client certificate + ALPN, s_server, {version}"
        peer, port = s_server(version=version, extra=[
            "-rev", "-Verify", "1", "-verify_return_error", "-CAfile", I.CA,
            "-alpn", "http/1.1"])
        try:
            s = I.cssl_connect(I.client_context(client_cert=True, alpn=["h2", "http/1.1"]), port)
            alpn = s.selected_alpn_protocol()
            s.sendall(b"abc\n")
            back = s.recv_exactly(4)
            s.close()
        finally:
            out = peer.wait(5)
        t.check(f"{label}: alpn", alpn, "http/1.1")
        t.check(f"{label}: s_server verified the client",
                [CLIENT_CN in out, "verify error" in out], [True, False])
        t.check(f"{label}: echo", back, b"cba\n")
    rsa_cert, rsa_key = I.identity("RSA")
    peer, port = s_server(naccept=2, extra=["-rev", "-servername", "localhost",
                                            "-cert2", rsa_cert, "-key2", rsa_key])
    try:
        for host, kind in (("localhost", "RSA"), ("127.0.0.1", "ECDSA")):
            s = I.cssl_connect(I.client_context(), port, hostname=host)
            t.check(f"SNI {host} to s_server: certificate", I.observe(s)["peer_sha256"],
                    I.der_sha256(I.identity(kind)[0]))
            s.sendall(b"xy\n")
            t.check(f"SNI {host} to s_server: echo", s.recv_exactly(3), b"yx\n")
            s.close()
    finally:
        peer.wait(5)


def client_resumption(t):
    for version in I.VERSIONS:
        peer, port = s_server(version=version, naccept=2, extra=["-rev"])
        try:
            ctx = I.client_context()
            reused = []
            session = None
            for _ in range(2):
                s = I.cssl_connect(ctx, port, session=session)
                s.sendall(b"ab\n")
                s.recv_exactly(3)  # with the TLS 1.3 tickets before it
                reused.append(s.session_reused)
                session = s.session
                s.close()
        finally:
            out = peer.wait(5)
        t.check(f"resumption with s_server {version}", reused, [False, True])
        t.check(f"resumption with s_server {version}: s_server saw 2 handshakes",
                out.count("Protocol version:"), 2)


def client_pha(t):
    # s_server's "c" command: a TLS 1.3 post-handshake CertificateRequest.
    peer, port = s_server(version="TLSv1_3", extra=["-CAfile", I.CA])
    try:
        s = I.cssl_connect(I.client_context(client_cert=True, pha=True), port)
        peer.wait_for("CIPHER is")
        peer.write(b"c\n")  # a command only when it is a line of its own
        time.sleep(0.3)
        peer.write(b"after pha\n")
        got = s.recv_exactly(len(b"after pha\n"))
        s.sendall(b"done\n")
        seen = peer.wait_for("done")
        s.close()
    finally:
        out = peer.wait(3)
    t.check("post-handshake auth with s_server",
            [got, seen, "depth=0 O = cssl tests, CN = cssl test client" in out],
            [b"after pha\n", True, True])


def client_unwrap(t):
    peer, port = s_server(extra=["-rev"])
    try:
        s = I.cssl_connect(I.client_context(), port)
        s.sendall(b"ab\n")
        back = s.recv_exactly(3)
        fd = s.unwrap()  # close_notify both ways
        s.close()
        plain = socket.socket(fileno=fd)
        plain.settimeout(5)
        after = plain.recv(10)  # s_server has closed the TCP connection
        plain.close()
    finally:
        peer.wait(5)
    t.check("unwrap with s_server: echo, close_notify both ways, then the TCP end",
            [back, fd >= 0, after], [b"ba\n", True, b""])


# ---- cssl server <-> s_client -----------------------------------------------------------

def s_client(port, *extra, stdin=b"hello\nQUIT\n", version=None, sni="localhost"):
    argv = ["openssl", "s_client", "-connect", f"127.0.0.1:{port}", "-CAfile", I.CA,
            *(["-servername", sni] if sni else ["-noservername"]), "-verify_return_error",
            *extra]
    if version:
        argv.append(VERSION_FLAG[version])
    return I.Peer(argv, stdin=stdin)


def server_matrix(t):
    for kind in I.IDENTITIES:
        for version in I.VERSIONS:
            label = f"cssl server, s_client, {kind}, {version}"
            srv = I.CsslServer(I.server_context(kind, alpn=["http/1.1", "h2"]))
            out = s_client(srv.port, "-alpn", "h2,http/1.1", version=version).wait(10)
            mine = (srv.join() or [{}])[0]
            t.check(f"{label}: no error", mine.get("error"), None)
            t.check(f"{label}: version", mine.get("version"), I.DOTTED[version])
            t.check(f"{label}: s_client's version and cipher",
                    field(out, r"^New, (\S+), Cipher is (?:\S+)"), mine.get("version"))
            t.check(f"{label}: s_client's cipher", field(out, r"^New, \S+, Cipher is (\S+)"),
                    (mine.get("cipher") or [None])[0])
            t.check(f"{label}: s_client's ALPN", field(out, r"^ALPN protocol: (\S+)"),
                    mine.get("alpn"))
            t.check(f"{label}: alpn", mine.get("alpn"), "http/1.1")
            t.check(f"{label}: s_client verified", "Verify return code: 0 (ok)" in out, True)
            t.check(f"{label}: certificate s_client got", I.pem_sha256s(out)[:1],
                    [I.der_sha256(I.identity(kind)[0])])
            t.check(f"{label}: echo", [mine.get("received"), "hello\nQUIT" in out],
                    ["hello\nQUIT\n", True])


def server_client_cert(t):
    for version in I.VERSIONS:
        srv = I.CsslServer(I.server_context(maximum=version, verify_client=True))
        out = s_client(srv.port, "-cert", I.CLIENT[0], "-key", I.CLIENT[1],
                       version=version).wait(10)
        mine = (srv.join() or [{}])[0]
        t.check(f"cssl server, s_client certificate {version}",
                [mine.get("error"), mine.get("peer_cn"), mine.get("received")],
                [None, CLIENT_CN, "hello\nQUIT\n"])
        t.check(f"cssl server, s_client certificate {version}: echo", "hello\nQUIT" in out,
                True)


def server_sni(t):
    ecdsa, rsa = I.server_context("ECDSA"), I.server_context("RSA")
    seen = []

    def cb(conn, name):
        seen.append(name)
        if name == "localhost":
            cssl_tls.set_context(conn, rsa)
    ecdsa.set_sni_callback(cb)
    srv = I.CsslServer(ecdsa, count=2)
    out1 = s_client(srv.port).wait(10)
    out2 = s_client(srv.port, sni=None).wait(10)
    res = srv.join()
    t.check("cssl SNI callback with s_client: certificates",
            [I.pem_sha256s(out1)[:1], I.pem_sha256s(out2)[:1]],
            [[I.der_sha256(I.identity("RSA")[0])], [I.der_sha256(I.identity("ECDSA")[0])]])
    t.check("cssl SNI callback with s_client: names seen", seen, ["localhost", None])
    t.check("cssl SNI callback with s_client: echoes", [r.get("received") for r in res],
            ["hello\nQUIT\n"] * 2)


def server_resumption(t):
    for version in I.VERSIONS:
        srv = I.CsslServer(I.server_context(maximum=version), count=2)
        with tempfile.TemporaryDirectory() as d:
            sess = os.path.join(d, "session.pem")
            out1 = s_client(srv.port, "-sess_out", sess, version=version).wait(10)
            out2 = s_client(srv.port, "-sess_in", sess, version=version).wait(10)
        res = srv.join()
        t.check(f"cssl server resumption with s_client {version}",
                [out1.count("\nNew, "), out2.count("\nReused, "),
                 [r.get("session_reused") for r in res]],
                [1, 1, [False, True]])


def server_pha(t):
    def handler(s, obs):
        obs["cn_before"] = I.subject_cn(s.getpeercert())
        s.verify_client_post_handshake()
        s.sendall(b"A\n")
        I.echo_lines(s, obs)
        obs["cn_after"] = I.subject_cn(s.getpeercert())
    srv = I.CsslServer(I.server_context(pha=True), handler)
    peer = s_client(srv.port, "-enable_pha", "-cert", I.CLIENT[0], "-key", I.CLIENT[1],
                    stdin=b"hello\n", version="TLSv1_3")
    got_a = peer.wait_for("\nA\n")
    peer.write(b"QUIT\n")
    peer.wait(10)
    r = (srv.join() or [{}])[0]
    t.check("post-handshake auth, cssl server with s_client -enable_pha",
            [got_a, r.get("error"), r.get("cn_before"), r.get("cn_after")],
            [True, None, None, CLIENT_CN])


def main():
    I.require("openssl")
    cssl_tls.lib()
    t = I.Tally("interop.openssl")
    for part in (client_matrix, client_cert_alpn_sni, client_resumption, client_pha,
                 client_unwrap, server_matrix, server_client_cert, server_sni,
                 server_resumption, server_pha):
        start = time.monotonic()
        try:
            part(t)
        except Exception as e:
            t.check(f"{part.__name__} raised", repr(e), None)
        print(f"{part.__name__}: {time.monotonic() - start:.1f} s")
    t.finish()


if __name__ == "__main__":
    main()
