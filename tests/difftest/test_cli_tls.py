"""`cssl connect`, `cssl serve` and `cssl get-server-certificate` against
Python's ssl module, over local connections only (127.0.0.1 and ::1).

Each case connects `cssl connect --json` and a Python client
(create_default_context() + wrap_socket(), run in python3.13) to the same
server - a Python ssl server or `cssl serve` - and wants the same version,
cipher, ALPN protocol, session reuse, server_hostname, getpeercert() dict
and certificate hash, or the same error class and message.  Then: --send
echoes, --http answered for curl and a Python client, --once, client
certificates required with --verify-client, get-server-certificate against
ssl.get_server_certificate(), many clients at once, and clean ends on
SIGTERM.
"""
import json
import os
import shutil
import signal
import socket
import ssl
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import harness  # noqa: E402
import tlsnet  # noqa: E402
from tlsnet import CA, CLIENT_CERT, CLIENT_KEY  # noqa: E402

T = harness.Tally("cli_tls")
KEYS = ["version", "cipher", "alpn", "session_reused", "server_hostname", "peercert",
        "peercert_der_sha256"]

# (label, cssl connect options, the Python client's parameters)
CLIENT_CASES = [
    ("default", ["--cafile", CA, "--sni", "localhost"], {"cafile": CA, "sni": "localhost"}),
    ("ip as server_hostname", ["--cafile", CA], {"cafile": CA}),
    ("alpn", ["--cafile", CA, "--sni", "localhost", "--alpn", "h2", "--alpn", "http/1.1"],
     {"cafile": CA, "sni": "localhost", "alpn": ["h2", "http/1.1"]}),
    ("alpn comma list", ["--cafile", CA, "--alpn", "spdy/3,http/1.1"],
     {"cafile": CA, "alpn": ["spdy/3", "http/1.1"]}),
    ("TLS 1.2", ["--cafile", CA, "--max-version", "TLSv1.2"],
     {"cafile": CA, "max_version": "TLSv1_2"}),
    ("TLS 1.2 cipher", ["--cafile", CA, "--max-version", "TLSv1.2", "--ciphers",
                        "ECDHE-ECDSA-AES128-GCM-SHA256"],
     {"cafile": CA, "max_version": "TLSv1_2", "ciphers": "ECDHE-ECDSA-AES128-GCM-SHA256"}),
    ("TLS 1.3 minimum", ["--cafile", CA, "--min-version", "TLSv1.3"],
     {"cafile": CA, "min_version": "TLSv1_3"}),
    ("no verify", ["--no-verify"], {"no_verify": True}),
    ("with client cert", ["--cafile", CA, "--cert", CLIENT_CERT, "--key", CLIENT_KEY],
     {"cafile": CA, "cert": CLIENT_CERT, "key": CLIENT_KEY}),
    ("hostname mismatch", ["--cafile", CA, "--sni", "other.example"],
     {"cafile": CA, "sni": "other.example"}),
    ("unknown CA (system trust)", ["--sni", "localhost"], {"sni": "localhost"}),
    ("no shared version", ["--cafile", CA, "--min-version", "TLSv1.3"],
     {"cafile": CA, "min_version": "TLSv1_3"}),
]


def compare_connect(label, host, port, args, params):
    """cssl connect --json and Python's client against one server."""
    want = tlsnet.py_client(host=host, port=port, **params)
    rc, out, err = tlsnet.cssl_connect(host, port, *args, "--json")
    if "error" in want:
        T.check(f"{label}: exit status", rc, 1)
        T.check(f"{label}: error", err.strip(), f"{want['error'][0]}: {want['error'][1]}")
        return
    T.check(f"{label}: exit status", (rc, err), (0, ""))
    got = json.loads(out) if rc == 0 else {}
    T.check(f"{label}: keys in order", list(got), KEYS)
    for k in KEYS:
        T.check(f"{label}: {k}", got.get(k), want[k])
    # json.dumps() formatting, byte for byte.
    T.check(f"{label}: json text", out, json.dumps({k: want[k] for k in KEYS}) + "\n")


def connect_cases(server, label, cases, host="127.0.0.1"):
    for case_label, args, params in cases:
        compare_connect(f"{label} / {case_label}", host, server.port, args, params)


def test_against_python_server():
    with tlsnet.py_serve(alpn=["http/1.1", "h2"]) as srv:
        connect_cases(srv, "python server", CLIENT_CASES[:-1])
    with tlsnet.py_serve(max_version="TLSv1_2") as srv:
        connect_cases(srv, "python TLS 1.2 server", CLIENT_CASES[-1:])


def test_against_cssl_serve():
    with tlsnet.cssl_serve("--alpn", "http/1.1,h2") as srv:
        connect_cases(srv, "cssl serve", CLIENT_CASES[:-1])
    with tlsnet.cssl_serve("--max-version", "TLSv1.2") as srv:
        connect_cases(srv, "cssl serve TLS 1.2", CLIENT_CASES[-1:])


def test_ipv6():
    if not tlsnet.has_ipv6():
        print("note: no IPv6 loopback here, IPv6 cases skipped")
        return
    args, params = ["--cafile", CA, "--sni", "localhost"], {"cafile": CA, "sni": "localhost"}
    with tlsnet.cssl_serve(host="::1") as srv:
        T.check("cssl serve ::1: listening host", srv.host, "::1")
        compare_connect("cssl serve ::1", "::1", srv.port, args, params)
        compare_connect("cssl serve ::1 by IP", "::1", srv.port, ["--cafile", CA], {"cafile": CA})
    with tlsnet.py_serve(host="::1") as srv:
        compare_connect("python server ::1", "::1", srv.port, args, params)


def test_text_output():
    """The text form shows getpeercert() as pprint.pprint() does (seed 003)."""
    with tlsnet.cssl_serve() as srv:
        want = tlsnet.py_client(host="127.0.0.1", port=srv.port, cafile=CA, sni="localhost")
        rc, out, err = tlsnet.cssl_connect("127.0.0.1", srv.port, "--cafile", CA, "--sni",
                                           "localhost")
        T.check("text: exit status", (rc, err), (0, ""))
        T.check("text: pprint of getpeercert()", out.split("(getpeercert()):\n", 1)[-1],
                want["pformat"] + "\n")
        T.check("text: version line", f"version: {want['version']!r}" in out.splitlines(), True)
        T.check("text: cipher line", f"cipher: {tuple(want['cipher'])!r}" in out.splitlines(),
                True)


def test_send_echo():
    text = "hello, echo\nsecond line \u00e9\n"
    for name, factory in (("cssl serve", tlsnet.cssl_serve), ("python server", tlsnet.py_serve)):
        with factory() as srv:
            want = tlsnet.py_client(host="127.0.0.1", port=srv.port, cafile=CA,
                                    sni="localhost", send=text)
            T.check(f"{name}: python client gets the echo", want.get("received"),
                    text.encode().decode("latin-1"))
            rc, out, err = tlsnet.cssl_connect("127.0.0.1", srv.port, "--cafile", CA, "--sni",
                                               "localhost", "--json", "--send", text)
            head, _, rest = out.partition("\n")
            T.check(f"{name}: --send exit", (rc, err), (0, ""))
            T.check(f"{name}: --send echo", rest, text)
            T.check(f"{name}: --json before the echo", list(json.loads(head)), KEYS)
            big = "x" * 100000 + "\n"
            rc, out, err = tlsnet.cssl_connect("127.0.0.1", srv.port, "--cafile", CA,
                                               "--send", big)
            T.check(f"{name}: --send 100 kB echo", (rc, out.endswith("\n" + big), err),
                    (0, True, ""))


def http_request(port, raw, *, read_all=True):
    """Send raw bytes over TLS (Python client) and read until close."""
    ctx = ssl.create_default_context(cafile=CA)
    with socket.create_connection(("127.0.0.1", port), timeout=10) as sock:
        with ctx.wrap_socket(sock, server_hostname="localhost") as s:
            s.sendall(raw)
            got = b""
            while read_all:
                data = s.recv(16384)
                if not data:
                    break
                got += data
            return got, s.version(), s.cipher()[0]


def split_response(raw):
    head, _, body = raw.partition(b"\r\n\r\n")
    lines = head.decode().split("\r\n")
    headers = dict(line.split(": ", 1) for line in lines[1:])
    return lines[0], headers, body


def test_http():
    with tlsnet.cssl_serve("--http") as srv:
        raw, version, cipher = http_request(srv.port, b"GET / HTTP/1.0\r\nHost: x\r\n\r\n")
        status, headers, body = split_response(raw)
        T.check("http GET status", status, "HTTP/1.1 200 OK")
        T.check("http GET length", int(headers.get("Content-Length", -1)), len(body))
        T.check("http GET Connection", headers.get("Connection"), "close")
        T.check("http GET page names the connection",
                f"{version}, {cipher}".encode() in body, True)
        raw, _, _ = http_request(srv.port, b"HEAD / HTTP/1.0\n\n")
        status, headers, body = split_response(raw)
        T.check("http HEAD with bare LF", (status, body), ("HTTP/1.1 200 OK", b""))
        T.check("http HEAD keeps the length", int(headers.get("Content-Length", 0)) > 0, True)
        raw, _, _ = http_request(srv.port, b"POST / HTTP/1.1\r\nContent-Length: 3\r\n\r\nabc")
        status, headers, _ = split_response(raw)
        T.check("http POST", (status, headers.get("Allow"), headers.get("Connection")),
                ("HTTP/1.1 405 Method Not Allowed", "GET, HEAD", "close"))
        raw, _, _ = http_request(srv.port, b"garbage\r\n\r\n")
        T.check("http bad request", split_response(raw)[0], "HTTP/1.1 400 Bad Request")
        # HTTP/1.1 keeps the connection: two pipelined requests, the second
        # asking to close, give two responses and then the close.
        raw, _, _ = http_request(srv.port, b"GET /a HTTP/1.1\r\nHost: x\r\n\r\n"
                                 b"GET /b HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
        T.check("http keep-alive: two responses", raw.count(b"HTTP/1.1 200 OK"), 2)
        T.check("http keep-alive: first keeps, second closes",
                (raw.count(b"Connection: keep-alive"), raw.count(b"Connection: close")), (1, 1))
        test_curl(srv.port)
        code, err = srv.stop()
        T.check("http: server ends cleanly, no errors", (code, err), (0, ""))


def test_curl(port):
    curl = shutil.which("curl")
    if curl is None:
        print("note: curl not installed, curl case skipped")
        return
    r = subprocess.run([curl, "-sS", "--cacert", CA, "--resolve", f"localhost:{port}:127.0.0.1",
                        f"https://localhost:{port}/", "-o", "-", "-w", "%{http_code}"],
                       capture_output=True, text=True, timeout=30)
    T.check("curl: status and page", (r.returncode, r.stdout.endswith("200"),
                                      "Hello from cssl" in r.stdout, r.stderr), (0, True, True, ""))
    r = subprocess.run([curl, "-sS", "--cacert", CA, "--http1.1", "--resolve",
                        f"localhost:{port}:127.0.0.1", f"https://localhost:{port}/a",
                        f"https://localhost:{port}/b", "-o", "/dev/null", "-o", "/dev/null",
                        "-w", "%{http_code} %{num_connects}\n"],
                       capture_output=True, text=True, timeout=30)
    T.check("curl: two requests over one kept connection", (r.returncode, r.stdout),
            (0, "200 1\n200 0\n"))


def test_once():
    srv = tlsnet.cssl_serve("--once")
    rc, out, _ = tlsnet.cssl_connect("127.0.0.1", srv.port, "--cafile", CA, "--send", "once\n")
    T.check("--once: echo", (rc, out.endswith("once\n")), (0, True))
    T.check("--once: the server exits by itself", tlsnet.wait_for(lambda: srv.proc.poll()
                                                                    is not None), True)
    T.check("--once: exit status 0", srv.stop(), (0, ""))
    # A failed connection is --once's failure: exit 1 and the error logged.
    srv = tlsnet.cssl_serve("--once", "--verify-client", "--cafile", CA)
    tlsnet.cssl_connect("127.0.0.1", srv.port, "--cafile", CA, "--send", "x")
    tlsnet.wait_for(lambda: srv.proc.poll() is not None)
    code, err = srv.stop()
    T.check("--once: failed connection", (code, err.strip()),
            (1, "SSLError: [SSL: PEER_DID_NOT_RETURN_A_CERTIFICATE] peer did not return a "
                "certificate"))


def no_cert_errors(srv, label):
    """Without a client certificate at a server that requires one: cssl
    connect and Python's client must fail alike.  Nothing is sent, so that
    the server closes with nothing unread (no RST racing the alert)."""
    for tls_max in (None, "TLSv1.2"):
        extra = ["--max-version", tls_max] if tls_max else []
        want = tlsnet.py_client(host="127.0.0.1", port=srv.port, cafile=CA, send="",
                                **({"max_version": "TLSv1_2"} if tls_max else {}))
        rc, _, err = tlsnet.cssl_connect("127.0.0.1", srv.port, "--cafile", CA, "--send", "",
                                         *extra)
        T.check(f"{label}, no client certificate, max {tls_max or 'TLSv1.3'}", (rc, err.strip()),
                (1, "%s: %s" % tuple(want.get("error", ("?", "no error")))))
    time.sleep(0.2)
    return srv.stop()[1]


def test_verify_client():
    with tlsnet.cssl_serve("--verify-client", "--cafile", CA) as srv:
        rc, out, err = tlsnet.cssl_connect("127.0.0.1", srv.port, "--cafile", CA, "--cert",
                                           CLIENT_CERT, "--key", CLIENT_KEY, "--send", "ok\n")
        T.check("verify-client with a certificate", (rc, out.endswith("ok\n"), err),
                (0, True, ""))
    c_log = no_cert_errors(tlsnet.cssl_serve("--verify-client", "--cafile", CA), "cssl serve")
    p_log = no_cert_errors(tlsnet.py_serve(verify_client=True, cafile=CA), "python server")
    T.check("verify-client: cssl serve logs what python's server raises",
            c_log.strip().splitlines(), tlsnet.strip_ssl_c(p_log).strip().splitlines())
    # Two clients (cssl, Python) times two versions, one line each.
    T.check("verify-client: one log line per failed connection", len(c_log.splitlines()), 4)


def test_get_server_certificate():
    with tlsnet.cssl_serve() as srv:
        for label, args, kw in (("unverified", [], "None"),
                                ("ca_certs", ["--ca-certs", CA], repr(CA)),
                                ("timeout", ["--timeout", "5"], "None, timeout=5")):
            want = harness.oracle(
                "import json, ssl\nprint(json.dumps(ssl.get_server_certificate("
                f"('127.0.0.1', {srv.port}), ca_certs={kw})))")
            rc, out, err = harness.cli("get-server-certificate", "127.0.0.1", str(srv.port), *args)
            T.check(f"get-server-certificate {label}", (rc, out, err), (0, want, ""))
        code = ("import json, ssl\ntry:\n ssl.get_server_certificate(('127.0.0.1', %d), "
                "ca_certs=%r)\nexcept Exception as e:\n print(json.dumps([type(e).__name__, "
                "str(e)]))" % (srv.port, tlsnet.SERVER_CERT))
        name, msg = harness.oracle(code)
        rc, out, err = harness.cli("get-server-certificate", "127.0.0.1", str(srv.port),
                                   "--ca-certs", tlsnet.SERVER_CERT)
        T.check("get-server-certificate: wrong CA", (rc, err.strip()),
                (1, f"{name}: {tlsnet.strip_ssl_c(msg)}"))
    T.check("get-server-certificate: no port",
            harness.cli("get-server-certificate", "127.0.0.1")[0], 2)


def test_refused_and_usage():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]  # bound, not listening: refused
        want = tlsnet.py_client(host="127.0.0.1", port=port, cafile=CA)
        rc, _, err = tlsnet.cssl_connect("127.0.0.1", port, "--cafile", CA)
        T.check("refused: exit 1", rc, 1)
        T.check("refused: message", err.strip().split(": ", 1)[-1], want["error"][1])
    for args in (["connect"], ["connect", "h"], ["connect", "h", "99999"],
                 ["connect", "h", "1", "--bogus"], ["connect", "h", "1", "--alpn"],
                 ["connect", "h", "1", "--max-version", "TLSv9"], ["serve"],
                 ["serve", "--cert", CA, "--no-verify"], ["serve", "--cert", CA, "--port", "x"]):
        T.check(f"usage: {' '.join(args[:4])}", harness.cli(*args)[0], 2)
    for cmd in ("connect", "serve", "get-server-certificate"):
        rc, out, _ = harness.cli(cmd, "--help")
        T.check(f"{cmd} --help", (rc, out.startswith("usage: cssl " + cmd)), (0, True))
    rc, _, err = harness.cli("serve", "--cert", "/nonexistent.pem", "--port", "0")
    want = harness.oracle("import json, ssl\nc = ssl.create_default_context(ssl.Purpose."
                          "CLIENT_AUTH)\ntry:\n c.load_cert_chain('/nonexistent.pem')\nexcept "
                          "OSError as e:\n print(json.dumps(str(e)))")
    T.check("serve: missing certificate", (rc, err.strip()), (1, "OSError: " + want))


def test_concurrency_and_signals():
    with tlsnet.cssl_serve("--timeout", "3") as srv:
        # A client that connects and says nothing must not hold up others.
        idle = [socket.create_connection(("127.0.0.1", srv.port)) for _ in range(3)]
        start = time.monotonic()
        procs = [subprocess.Popen([harness.CLI, "connect", "127.0.0.1", str(srv.port), "--cafile",
                                   CA, "--send", f"client {i}\n"], stdout=subprocess.PIPE,
                                  text=True) for i in range(8)]
        outs = [p.communicate(timeout=30)[0] for p in procs]
        T.check("8 clients at once beside 3 idle ones",
                all(o.endswith(f"client {i}\n") for i, o in enumerate(outs)), True)
        T.check("... without waiting for the idle ones", time.monotonic() - start < 2.5, True)
        time.sleep(max(0.0, start + 3.5 - time.monotonic()))
        for s in idle:
            s.close()
        code, log = srv.stop()
    # Each idle client timed out in its handshake, as Python's server says.
    with tlsnet.py_serve(timeout=1) as psrv:
        s = socket.create_connection(("127.0.0.1", psrv.port))
        time.sleep(1.5)
        s.close()
        _, plog = psrv.stop()
    T.check("idle clients: logged like python", log.strip().splitlines(),
            [tlsnet.strip_ssl_c(plog).strip()] * 3)
    T.check("SIGTERM: exit 0", code, 0)
    with tlsnet.cssl_serve() as srv:
        s = socket.create_connection(("127.0.0.1", srv.port))
        ctx = ssl.create_default_context(cafile=CA)
        conn = ctx.wrap_socket(s, server_hostname="localhost")  # open, in the echo loop
        code, err = srv.stop(signal.SIGINT)
        T.check("SIGINT with a client connected: clean exit", (code, err), (0, ""))
        conn.close()


def main():
    if not (harness.PY313 or harness.PY311):
        harness.skip("no Python oracle interpreter found")
    test_against_python_server()
    test_against_cssl_serve()
    test_ipv6()
    test_text_output()
    test_send_echo()
    test_http()
    test_once()
    test_verify_client()
    test_get_server_certificate()
    test_refused_and_usage()
    test_concurrency_and_signals()
    T.finish()


if __name__ == "__main__":
    main()
