"""cssl server <-> curl (an HTTPS client built on OpenSSL, with its own
verification and ALPN logic) over 127.0.0.1: TLS 1.2 and 1.3, ECDSA and
RSA certificates, ALPN http/1.1, a client certificate, and SNI through a
cssl callback that switches the context.  curl's verbose output must report
what cssl negotiated, and the page must arrive whole.
"""
import os
import re
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import interop as I  # noqa: E402
from interop import cssl_tls  # noqa: E402

CURL_VERSION = {"TLSv1_2": ["--tlsv1.2", "--tls-max", "1.2"],
                "TLSv1_3": ["--tlsv1.3", "--tls-max", "1.3"]}


def http_page(s, obs):
    """One HTTP/1.1 request, one page that names the request and the TLS
    connection as cssl sees it."""
    req = b""
    while b"\r\n\r\n" not in req:
        chunk = s.recv(4096)
        if not chunk:
            break
        req += chunk
    line = req.split(b"\r\n", 1)[0]
    obs["request"] = line.decode()
    body = b"%s\n%s %s\n" % (line, s.version().encode(), s.cipher()[0].encode())
    body += os.urandom(3000).hex().encode() + b"\n"
    obs["body"] = body
    s.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: %d\r\n"
              b"Connection: close\r\n\r\n%s" % (len(body), body))


def curl(port, *extra, host="localhost", path="/hello?x=1"):
    argv = ["curl", "-sS", "-v", "--http1.1", "--cacert", I.CA, "--resolve",
            f"{host}:{port}:127.0.0.1", f"https://{host}:{port}{path}",
            "-w", "\n%{http_code} %{ssl_verify_result}\n", *extra]
    r = subprocess.run(argv, capture_output=True, timeout=20)
    return r.returncode, r.stdout, r.stderr.decode(errors="replace")


def connection_line(err):
    m = re.search(r"SSL connection using (\S+) / (\S+)", err)
    return [m.group(1), m.group(2)] if m else None


def matrix(t):
    for kind in I.IDENTITIES:
        for version in I.VERSIONS:
            label = f"curl -> cssl server, {kind}, {version}"
            srv = I.CsslServer(I.server_context(kind, alpn=["http/1.1"]), http_page)
            rc, out, err = curl(srv.port, *CURL_VERSION[version])
            mine = (srv.join() or [{}])[0]
            t.check(f"{label}: curl's status", rc, 0)
            t.check(f"{label}: no error", mine.get("error"), None)
            t.check(f"{label}: connection", connection_line(err),
                    [mine.get("version"), (mine.get("cipher") or [None])[0]])
            t.check(f"{label}: version", mine.get("version"), I.DOTTED[version])
            t.check(f"{label}: ALPN", [mine.get("alpn"), "ALPN: server accepted http/1.1" in err],
                    ["http/1.1", True])
            t.check(f"{label}: request", mine.get("request"), "GET /hello?x=1 HTTP/1.1")
            t.check(f"{label}: page, status, verify result", out,
                    (mine.get("body") or b"") + b"\n200 0\n")


def client_cert(t):
    srv = I.CsslServer(I.server_context(verify_client=True), http_page)
    rc, out, _ = curl(srv.port, "--cert", I.CLIENT[0], "--key", I.CLIENT[1])
    r = (srv.join() or [{}])[0]
    t.check("curl client certificate", [rc, r.get("error"), r.get("peer_cn")],
            [0, None, "cssl test client"])
    srv = I.CsslServer(I.server_context(verify_client=True), http_page)
    rc, out, _ = curl(srv.port)
    r = (srv.join() or [{}])[0]
    # TLS 1.3: the server refuses after curl's Finished; curl sees the alert.
    t.check("curl without the required client certificate",
            [rc != 0, r.get("error")],
            [True, "SSLError: [SSL: PEER_DID_NOT_RETURN_A_CERTIFICATE] peer did not return a "
                   "certificate"])


def sni(t):
    ecdsa, rsa = I.server_context("ECDSA"), I.server_context("RSA")
    seen = []

    def cb(conn, name):
        seen.append(name)
        if name == "localhost":
            cssl_tls.set_context(conn, rsa)
    ecdsa.set_sni_callback(cb)
    srv = I.CsslServer(ecdsa, http_page, count=2)
    # %{certs}: the server's chain as PEM (curl >= 7.88).
    _, out1, _ = curl(srv.port, "-w", "%{certs}")
    # An IP address in the URL: curl sends no SNI (RFC 6066 forbids it).
    _, out2, _ = curl(srv.port, "-w", "%{certs}", host="127.0.0.1")
    res = srv.join()
    t.check("curl SNI: errors", [r.get("error") for r in res], [None, None])
    t.check("curl SNI: names seen by the callback", seen, ["localhost", None])
    t.check("curl SNI: certificates", [I.pem_sha256s(o.decode())[:1] for o in (out1, out2)],
            [[I.der_sha256(I.identity(k)[0])] for k in ("RSA", "ECDSA")])


def main():
    I.require("curl")
    cssl_tls.lib()
    t = I.Tally("interop.curl")
    for part in (matrix, client_cert, sni):
        try:
            part(t)
        except Exception as e:
            t.check(f"{part.__name__} raised", repr(e), None)
    t.finish()


if __name__ == "__main__":
    main()
