"""The event-loop pair of examples/ (event_loop_server: epoll + cssl_object
over memory BIOs; load_client: epoll + non-blocking cssl_sockets) at
N = 500 concurrent connections, and each of them against Python's asyncio
(which drives SSLObject over memory BIOs too) so that neither is only
checked by the other:

1. load_client (500 connections, 20,000 bytes each, every byte checked)
   against event_loop_server: no error, no byte lost, the server's count.
2. Python ssl clients (TLS 1.2 and 1.3, echo, then unwrap with
   close_notify both ways) against event_loop_server and against a Python
   asyncio TLS echo server: the same observations.
3. load_client (100 connections) against the asyncio server.

bench/conn_memory.sh runs the same pair at N = 10,000 and measures memory.
"""
import json
import os
import signal
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import harness  # noqa: E402

EXAMPLES = os.environ.get("CSSL_EXAMPLES_DIR", "examples")
CA = os.path.join(harness.CERTS, "ca.pem")
CERT = os.path.join(harness.CERTS, "server.pem")
KEY = os.path.join(harness.CERTS, "server.key")
T = harness.Tally("event_loop")

PY_ASYNCIO_SERVER = r"""
import asyncio, ssl, sys
ctx = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
ctx.load_cert_chain(sys.argv[1], sys.argv[2])

async def echo(reader, writer):
    try:
        while data := await reader.read(65536):
            writer.write(data)
            await writer.drain()
        writer.close()
        await writer.wait_closed()
    except (ConnectionError, ssl.SSLError):
        pass

async def main():
    server = await asyncio.start_server(echo, "127.0.0.1", 0, ssl=ctx, backlog=1024)
    print("listening on 127.0.0.1:%d" % server.sockets[0].getsockname()[1], flush=True)
    await server.serve_forever()

asyncio.run(main())
"""

# A client that reports what it saw: version, the echo, the TLS shutdown.
PY_CLIENT = r"""
import json, socket, ssl, sys
port, ca = int(sys.argv[1]), sys.argv[2]
out = []
for version in (ssl.TLSVersion.TLSv1_2, ssl.TLSVersion.TLSv1_3):
    ctx = ssl.create_default_context(cafile=ca)
    ctx.maximum_version = version
    with socket.create_connection(("127.0.0.1", port), timeout=10) as raw:
        s = ctx.wrap_socket(raw, server_hostname="localhost")
        seen = [s.version(), s.getpeercert()["subjectAltName"][0]]
        data = bytes(range(256)) * 300
        s.sendall(data)
        got = b""
        while len(got) < len(data):
            chunk = s.recv(65536)
            if not chunk:
                break
            got += chunk
        seen.append(got == data)
        plain = s.unwrap()
        seen.append(plain.recv(10))
        out.append(seen)
print(json.dumps(out, default=lambda b: b.decode()))
"""


def start_server(argv):
    p = subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    line = p.stdout.readline()
    if not line.startswith("listening on "):
        p.kill()
        raise RuntimeError(f"server did not start: {line!r} {p.stderr.read()}")
    return p, int(line.rsplit(":", 1)[1])


def stop_server(p):
    p.send_signal(signal.SIGTERM)
    try:
        out, err = p.communicate(timeout=30)
    except subprocess.TimeoutExpired:
        p.kill()
        out, err = p.communicate()
    return p.returncode, out, err


def load_client(port, n, nbytes):
    r = subprocess.run([os.path.join(EXAMPLES, "load_client"), str(port), CA, str(n),
                        str(nbytes)], capture_output=True, text=True, timeout=300)
    return r.returncode, r.stdout, r.stderr


def py_client(port):
    r = subprocess.run([harness.PY313, "-c", PY_CLIENT, str(port), CA], capture_output=True,
                       text=True, timeout=60)
    return json.loads(r.stdout) if r.returncode == 0 else ["failed", r.stderr.strip()[-300:]]


def main():
    if not harness.PY313:
        harness.skip("needs the python3.13 oracle")
    server = os.path.join(EXAMPLES, "event_loop_server")
    if not os.path.exists(server):
        harness.skip(f"{server} not built")

    cssl_srv, port = start_server([server, CERT, KEY, "0"])
    rc, out, err = load_client(port, 500, 20000)
    T.check("load_client N=500 vs event_loop_server", [rc, out, err],
            [0, "established 500\nok 500 connections, 20000 bytes each\n", ""])
    cssl_seen = py_client(port)
    rc, out, err = stop_server(cssl_srv)
    T.check("event_loop_server's count", [rc, out.splitlines()[-1:], err],
            [0, ["served 502 connections, 0 failed"], ""])

    py_srv, port = start_server([harness.PY313, "-c", PY_ASYNCIO_SERVER, CERT, KEY])
    py_seen = py_client(port)
    T.check("Python clients: event_loop_server vs asyncio", cssl_seen, py_seen)
    T.check("Python clients saw the echo", [s[2] for s in py_seen], [True, True])
    rc, out, err = load_client(port, 100, 5000)
    T.check("load_client N=100 vs asyncio", [rc, out, err],
            [0, "established 100\nok 100 connections, 5000 bytes each\n", ""])
    stop_server(py_srv)
    T.finish()


if __name__ == "__main__":
    main()
