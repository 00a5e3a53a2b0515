"""The programs of examples/ (the ssl docs' client and server examples in C)
run against local servers, each beside the Python it mirrors: same output.
"""
import os
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import harness  # noqa: E402
import tlsnet  # noqa: E402
from tlsnet import CA, SERVER_CERT, SERVER_KEY  # noqa: E402

T = harness.Tally("examples")
EXAMPLES = os.environ.get("CSSL_EXAMPLES_DIR", "examples")


def example(name, *args, timeout=30):
    r = subprocess.run([os.path.join(EXAMPLES, name), *map(str, args)], capture_output=True,
                       text=True, timeout=timeout)
    return r.returncode, r.stdout, r.stderr


def py(code, *args):
    r = subprocess.run([harness.PY313 or harness.PY311, "-c", code, *map(str, args)],
                       capture_output=True, text=True, timeout=30)
    return r.returncode, r.stdout, r.stderr


PY_DEFAULT = r"""
import socket, ssl, sys
hostname, port, cafile = sys.argv[1], int(sys.argv[2]), sys.argv[3]
context = ssl.create_default_context(cafile=cafile)
with socket.create_connection((hostname, port)) as sock:
    with context.wrap_socket(sock, server_hostname=hostname) as ssock:
        print(ssock.version())
"""

PY_CUSTOM = r"""
import socket, ssl, sys
host, port, cafile, hostname = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4]
context = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
context.load_verify_locations(cafile)
with socket.socket(socket.AF_INET, socket.SOCK_STREAM, 0) as sock:
    with context.wrap_socket(sock, server_hostname=hostname) as ssock:
        ssock.connect((host, port))
        print(ssock.version())
"""

PY_WALKTHROUGH = r"""
import pprint, socket, ssl, sys
host, port, cafile, hostname = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4]
context = ssl.create_default_context(cafile=cafile)
conn = context.wrap_socket(socket.socket(socket.AF_INET), server_hostname=hostname)
conn.connect((host, port))
cert = conn.getpeercert()
pprint.pprint(cert)
conn.sendall(b"HEAD / HTTP/1.0\r\nHost: %s\r\n\r\n" % hostname.encode())
pprint.pprint(conn.recv(1024).split(b"\r\n"))
"""

PY_ECHO_CLIENT = r"""
import socket, ssl, sys
port, cafile, text = int(sys.argv[1]), sys.argv[2], sys.argv[3].encode()
context = ssl.create_default_context(cafile=cafile)
with socket.create_connection(("127.0.0.1", port), timeout=10) as sock:
    with context.wrap_socket(sock, server_hostname="localhost") as s:
        s.sendall(text)
        got = b""
        while len(got) < len(text):
            got += s.recv(65536)
        sys.stdout.write(got.decode())
"""


def test_clients():
    with tlsnet.cssl_serve() as srv:
        # "localhost" resolves to ::1 and 127.0.0.1: the dual-stack
        # connection finds the server on whichever listens.
        want = py(PY_DEFAULT, "localhost", srv.port, CA)
        T.check("client_default_context", example("client_default_context", "localhost",
                                                   srv.port, CA), want)
        T.check("client_default_context: TLS 1.3", want[1], "TLSv1.3\n")
        want = py(PY_CUSTOM, "127.0.0.1", srv.port, CA, "localhost")
        T.check("client_custom_context", example("client_custom_context", "127.0.0.1", srv.port,
                                                 CA, "localhost"), want)
        rc, _, err = example("client_custom_context", "127.0.0.1", srv.port, CA, "other.example")
        T.check("client_custom_context: wrong name fails", (rc, "Hostname mismatch" in err),
                (1, True))
        rc, _, err = example("client_default_context", "localhost", srv.port)
        T.check("client_default_context: system CAs do not know the test CA",
                (rc, "SSLCertVerificationError" in err), (1, True))
    with tlsnet.cssl_serve("--http") as srv:
        want = py(PY_WALKTHROUGH, "127.0.0.1", srv.port, CA, "localhost")
        got = example("getpeercert_walkthrough", "127.0.0.1", srv.port, CA, "localhost")
        T.check("getpeercert_walkthrough", got, want)
        T.check("getpeercert_walkthrough: reply shown", "b'HTTP/1.1 200 OK'" in got[1], True)
    T.check("examples: usage", [example(n)[0] for n in (
        "client_default_context", "client_custom_context", "server_localhost",
        "getpeercert_walkthrough")], [2, 2, 2, 2])


def test_server():
    srv = tlsnet.Server([os.path.join(EXAMPLES, "server_localhost"), SERVER_CERT, SERVER_KEY,
                         "0", "2"])
    T.check("server_localhost: 127.0.0.1", srv.host, "127.0.0.1")
    # The example is the docs' server: a client ending the TCP stream
    # without close_notify gets a decode_error alert from OpenSSL 3, so the
    # clients here read the echo, then close.
    for text in ("echo me\n", "again " * 500):
        T.check(f"server_localhost: echo of {len(text)} bytes",
                py(PY_ECHO_CLIENT, srv.port, CA, text), (0, text, ""))
    T.check("server_localhost: ends after 2", tlsnet.wait_for(lambda: srv.proc.poll()
                                                              is not None), True)
    T.check("server_localhost: exit 0", srv.stop(), (0, ""))


def main():
    if not (harness.PY313 or harness.PY311):
        harness.skip("no Python oracle interpreter found")
    if not os.path.exists(os.path.join(EXAMPLES, "server_localhost")):
        harness.skip(f"examples not built in {EXAMPLES}")
    test_clients()
    test_server()
    T.finish()


if __name__ == "__main__":
    main()
