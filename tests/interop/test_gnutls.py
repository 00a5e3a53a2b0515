"""cssl against GnuTLS (a TLS stack that shares no code with OpenSSL), both
ways, over loopback.

cssl server <-> gnutls-cli: TLS 1.2 and 1.3, ECDSA and RSA certificates,
ALPN, client certificates, SNI (a cssl callback that switches context),
session resumption (gnutls-cli --resume), post-handshake authentication.
cssl client <-> gnutls-serv --echo: the same, with the cipher chosen by the
server's priority string.  gnutls-serv cannot be told which address to
listen on (it takes every one), so this script runs in a network namespace
of its own (unshare -rn) where only loopback exists; without one the
gnutls-serv half is skipped with the reason printed.
"""
import os
import re
import socket
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import interop as I  # noqa: E402
from interop import cssl_tls  # noqa: E402

IN_NETNS = "CSSL_INTEROP_NETNS"
PRIORITY = {"TLSv1_2": "NORMAL:-VERS-ALL:+VERS-TLS1.2", "TLSv1_3": "NORMAL:-VERS-ALL:+VERS-TLS1.3"}
GNUTLS_VERSION = {"TLS1.2": "TLSv1.2", "TLS1.3": "TLSv1.3"}
KEY_KIND = {"ECDSA": "EC/ECDSA key 256 bits", "RSA": "RSA key 2048 bits"}
CLIENT_CN = "cssl test client"


def norm(cipher):
    """Cipher names without punctuation: GnuTLS's AES-256-GCM is in
    OpenSSL's TLS_AES_256_GCM_SHA384 and ECDHE-ECDSA-AES256-GCM-SHA384."""
    return re.sub(r"[^A-Z0-9]", "", cipher or "")


def description(out):
    m = re.search(r"^- Description: \((TLS1\.\d)-X\.509\)-\([^)]*\)-\([^)]*\)-\(([^)]*)\)", out,
                  re.M)
    return (GNUTLS_VERSION.get(m.group(1)), m.group(2)) if m else (None, None)


# ---- cssl server <-> gnutls-cli ---------------------------------------------------------

def gnutls_cli(port, *extra, stdin=b"hello\nQUIT\n", version=None, sni="localhost"):
    argv = ["gnutls-cli", "--x509cafile", I.CA, "-p", str(port), "--verify-hostname",
            "localhost", *(["--sni-hostname", sni] if sni else ["--disable-sni"]), *extra]
    if version:
        argv += ["--priority", PRIORITY[version]]
    return I.Peer(argv + ["127.0.0.1"], stdin=stdin)


def server_matrix(t):
    for kind in I.IDENTITIES:
        for version in I.VERSIONS:
            label = f"cssl server, gnutls-cli, {kind}, {version}"
            srv = I.CsslServer(I.server_context(kind, alpn=["http/1.1", "h2"]))
            out = gnutls_cli(srv.port, "--alpn", "h2", "--alpn", "http/1.1",
                             version=version).wait(10)
            mine = (srv.join() or [{}])[0]
            gv, gcipher = description(out)
            t.check(f"{label}: no error", mine.get("error"), None)
            t.check(f"{label}: version", [mine.get("version"), gv], [I.DOTTED[version]] * 2)
            t.check(f"{label}: gnutls-cli's cipher is cssl's",
                    bool(gcipher) and norm(gcipher) in norm((mine.get("cipher") or [""])[0]),
                    True)
            t.check(f"{label}: certificate trusted", "- Status: The certificate is trusted." in
                    out, True)
            t.check(f"{label}: certificate key", KEY_KIND[kind] in out, True)
            t.check(f"{label}: ALPN", [mine.get("alpn"), "- Application protocol: http/1.1" in
                                       out], ["http/1.1", True])
            t.check(f"{label}: echo", [mine.get("received"), "hello\nQUIT" in out],
                    ["hello\nQUIT\n", True])


def server_client_cert(t):
    for version in I.VERSIONS:
        srv = I.CsslServer(I.server_context(verify_client=True))
        gnutls_cli(srv.port, "--x509certfile", I.CLIENT[0], "--x509keyfile", I.CLIENT[1],
                   version=version).wait(10)
        r = (srv.join() or [{}])[0]
        t.check(f"cssl server, gnutls-cli client certificate {version}",
                [r.get("error"), r.get("peer_cn"), r.get("received")],
                [None, CLIENT_CN, "hello\nQUIT\n"])


def server_sni(t):
    ecdsa, rsa = I.server_context("ECDSA"), I.server_context("RSA")
    seen = []

    def cb(conn, name):
        seen.append(name)
        if name == "localhost":
            cssl_tls.set_context(conn, rsa)
    ecdsa.set_sni_callback(cb)
    srv = I.CsslServer(ecdsa, count=2)
    out1 = gnutls_cli(srv.port).wait(10)
    out2 = gnutls_cli(srv.port, sni=None).wait(10)
    srv.join()
    t.check("cssl SNI callback with gnutls-cli: certificates",
            [KEY_KIND["RSA"] in out1, KEY_KIND["ECDSA"] in out2], [True, True])
    t.check("cssl SNI callback with gnutls-cli: names seen", seen, ["localhost", None])


def server_resumption(t):
    for version in I.VERSIONS:
        srv = I.CsslServer(I.server_context(), count=2)
        out = gnutls_cli(srv.port, "--resume", version=version).wait(10)
        res = srv.join()
        t.check(f"cssl server resumption with gnutls-cli --resume {version}",
                ["This is a resumed session" in out, [r.get("session_reused") for r in res]],
                [True, [False, True]])


def server_pha(t):
    def handler(s, obs):
        obs["cn_before"] = I.subject_cn(s.getpeercert())
        s.verify_client_post_handshake()
        s.sendall(b"A\n")
        I.echo_lines(s, obs)
        obs["cn_after"] = I.subject_cn(s.getpeercert())
    srv = I.CsslServer(I.server_context(pha=True), handler)
    peer = gnutls_cli(srv.port, "--post-handshake-auth", "--x509certfile", I.CLIENT[0],
                      "--x509keyfile", I.CLIENT[1], stdin=b"hello\n", version="TLSv1_3")
    got_a = peer.wait_for("\nA\n")
    time.sleep(0.2)
    peer.write(b"QUIT\n")
    peer.wait(10)
    r = (srv.join() or [{}])[0]
    t.check("post-handshake auth, cssl server with gnutls-cli",
            [got_a, r.get("error"), r.get("cn_before"), r.get("cn_after")],
            [True, None, None, CLIENT_CN])


# ---- cssl client <-> gnutls-serv --------------------------------------------------------

def gnutls_serv(kind="ECDSA", priority="NORMAL", *extra):
    port = I.free_port()
    cert, key = I.identity(kind)
    peer = I.Peer(["gnutls-serv", "--echo", "-p", str(port), "--x509certfile", cert,
                   "--x509keyfile", key, "--priority", priority, *extra])
    I.wait_listening(port, peer.proc)
    return peer, port


def client_matrix(t):
    for kind in I.IDENTITIES:
        for version in I.VERSIONS:
            label = f"cssl client, gnutls-serv, {kind}, {version}"
            # The server's priority string decides the cipher: ChaCha20.
            peer, port = gnutls_serv(kind, PRIORITY[version] + ":-CIPHER-ALL:+CHACHA20-POLY1305",
                                     "-a")
            try:
                s = I.cssl_connect(I.client_context(), port)
                mine = I.observe(s)
                payload = os.urandom(2000).hex().encode() + b"\n"
                back = I.exchange(s, payload)
                s.close()
            finally:
                peer.stop()
            t.check(f"{label}: version", mine["version"], I.DOTTED[version])
            t.check(f"{label}: the server's cipher", "CHACHA20" in mine["cipher"][0], True)
            t.check(f"{label}: peer certificate", mine["peer_sha256"],
                    I.der_sha256(I.identity(kind)[0]))
            t.check(f"{label}: echo", back, payload)


def client_features(t):
    peer, port = gnutls_serv("ECDSA", "NORMAL", "-r", "--x509cafile", I.CA,
                             "--alpn", "http/1.1")
    try:
        ctx = I.client_context(client_cert=True, alpn=["h2", "http/1.1"])
        reused, alpn, echoes = [], [], []
        session = None
        for _ in range(2):
            s = I.cssl_connect(ctx, port, session=session)
            echoes.append(I.exchange(s, b"with a client certificate\n"))
            alpn.append(s.selected_alpn_protocol())
            reused.append(s.session_reused)
            session = s.session
            s.close()
        s = I.cssl_connect(ctx, port)
        I.exchange(s, b"x\n")
        fd = s.unwrap()
        os.close(fd)
        s.close()
    finally:
        out = peer.stop()
    t.check("gnutls-serv: client certificate accepted, echoed",
            echoes, [b"with a client certificate\n"] * 2)
    t.check("gnutls-serv: gnutls-serv saw the client", CLIENT_CN in out, True)
    t.check("gnutls-serv: ALPN", alpn, ["http/1.1"] * 2)
    t.check("gnutls-serv: resumption", reused, [False, True])
    t.check("gnutls-serv: unwrap (close_notify both ways)", fd >= 0, True)


def in_netns():
    """Re-run this script in a network namespace with only loopback; returns
    False when that is not possible here."""
    if os.environ.get(IN_NETNS):
        return True
    try:
        r = subprocess.run(["unshare", "-rn", "true"], capture_output=True)
    except OSError:
        return False
    if r.returncode != 0:
        return False
    env = dict(os.environ, **{IN_NETNS: "1"})
    cmd = "ip link set lo up && exec \"$0\" \"$@\""
    r = subprocess.run(["unshare", "-rn", "sh", "-c", cmd, sys.executable, *sys.argv], env=env)
    sys.exit(r.returncode)


def main():
    I.require("gnutls-cli", "gnutls-serv")
    netns = in_netns()
    cssl_tls.lib()
    t = I.Tally("interop.gnutls")
    parts = [server_matrix, server_client_cert, server_sni, server_resumption, server_pha]
    if netns:
        parts += [client_matrix, client_features]
    else:
        print("SKIP cssl client <-> gnutls-serv: gnutls-serv listens on every address and "
              "no network namespace (unshare -rn) is available to confine it")
    for part in parts:
        try:
            part(t)
        except Exception as e:
            t.check(f"{part.__name__} raised", repr(e), None)
    t.finish()


if __name__ == "__main__":
    main()
