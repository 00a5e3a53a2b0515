"""Hostile peers, side by side: the same malformed or misbehaving peer
against libcssl (ctypes) and against Python 3.13's ssl, which must end the
same way (class, message, errno, library, reason, verify fields).

The hostile side speaks raw TCP: where a case needs TLS records it builds
them by hand, or takes real ones from an SSLObject of this script and then
cuts, delays, reorders or replaces them.  The victims are the clients and
servers of test_tls_failures.py (handshake, send b"ping", read the answer).

Then `cssl serve` under attack: 200 connections that never finish their
handshake (slowloris) must not keep it from serving a normal client within
1 s, and after a round of every hostile client it must still serve.
"""
import json
import os
import random
import socket
import ssl
import struct
import subprocess
import sys
import threading
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import cssl_tls  # noqa: E402
import harness  # noqa: E402
import test_tls_failures as tf  # noqa: E402

C = harness.CERTS
MAX_RECORD = 2 ** 14 + 256  # the largest TLSCiphertext a peer may send


# ---- records -------------------------------------------------------------------------------

def record(ctype, body, version=0x0303):
    return struct.pack("!BHH", ctype, version, len(body)) + body


def alert(desc, level=2):
    return record(21, bytes([level, desc]))


def split_records(data):
    """Whole TLS records of data (the rest, if cut, is dropped)."""
    out = []
    while len(data) >= 5:
        n = struct.unpack("!H", data[3:5])[0]
        if len(data) < 5 + n:
            break
        out.append(data[:5 + n])
        data = data[5 + n:]
    return out


def sslv2_client_hello():
    """An SSLv2 CLIENT-HELLO (RFC 6101 appendix E): 2-byte header with the
    high bit set, message type 1, version 0x0002."""
    ciphers = bytes.fromhex("0700c0 050080 030080 010080 060040 040080 020080".replace(" ", ""))
    challenge = bytes(range(16))
    body = struct.pack("!BHHHH", 1, 0x0002, len(ciphers), 0, len(challenge)) + ciphers + challenge
    return struct.pack("!H", 0x8000 | len(body)) + body


def sslv3_client_hello():
    """A ClientHello that offers SSL 3.0 only: client_version 0x0300, one
    SSLv3 cipher, no extensions."""
    hello = struct.pack("!H", 0x0300) + bytes(32) + b"\x00" + b"\x00\x02\x00\x2f" + b"\x01\x00"
    hs = b"\x01" + struct.pack("!I", len(hello))[1:] + hello
    return record(22, hs, version=0x0300)


def garbage(n=200):
    return random.Random(7).randbytes(n)


# ---- the hostile side's TLS, from SSLObjects ------------------------------------------------

def tls_obj(server_side, **kw):
    if server_side:
        ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        ctx.load_cert_chain(tf.cert(kw.get("cert", "server")), tf.key(kw.get("cert", "server")))
    else:
        ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
        ctx.load_verify_locations(tf.CA)
        if kw.get("cert"):
            ctx.load_cert_chain(tf.cert(kw["cert"]), tf.key(kw["cert"]))
    if kw.get("max"):
        ctx.maximum_version = getattr(ssl.TLSVersion, kw["max"])
    inc, out = ssl.MemoryBIO(), ssl.MemoryBIO()
    obj = ctx.wrap_bio(inc, out, server_side=server_side,
                       server_hostname=None if server_side else "localhost")
    return obj, inc, out


def step(obj, fn):
    """Run fn on the SSLObject; True when it finished, False when it wants
    more bytes."""
    try:
        fn()
        return True
    except ssl.SSLWantReadError:
        return False


def send_slowly(conn, data):
    """One byte per TCP segment."""
    conn.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    for i in range(len(data)):
        conn.send(data[i:i + 1])
        time.sleep(0.0005)


def reset(conn):
    """Close with an RST instead of a FIN."""
    conn.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    conn.close()


def linger(conn):
    """Let the victim read what was sent before the FIN arrives."""
    time.sleep(0.3)
    conn.close()


def read_some(conn):
    conn.settimeout(3)
    try:
        return conn.recv(65536)
    except OSError:
        return b""


def handshake_as_server(conn, send=None, **kw):
    """Answer a victim client's handshake with real records, each flight
    through send(conn, data) (default: sendall).  Returns the SSLObject or
    None if the victim went away."""
    send = send or (lambda c, d: c.sendall(d))
    obj, inc, out = tls_obj(True, **kw)
    while True:
        data = read_some(conn)
        if not data:
            return None
        inc.write(data)
        done = step(obj, obj.do_handshake)
        flight = out.read()
        if flight:
            send(conn, flight)
        if done:
            return obj, inc, out


def answer_ping(conn, tls, payload=b"pong"):
    """Read the victim's b"ping" and return the record(s) that answer it
    with payload; None if the victim went away first."""
    obj, inc, out = tls
    # Try the read before waiting on the socket: the victim's Finished and
    # its b"ping" may have come in one segment, already in inc.
    while True:
        try:
            if obj.read(16):
                break
        except ssl.SSLWantReadError:
            pass
        except ssl.SSLError:
            return None
        data = read_some(conn)
        if not data:
            return None
        inc.write(data)
    obj.write(payload)
    return out.read()


# ---- hostile servers (the victims are clients) ------------------------------------------------

def srv_garbage(conn):
    read_some(conn)
    conn.sendall(garbage())
    linger(conn)


def srv_oversized_record(conn):
    read_some(conn)
    conn.sendall(struct.pack("!BHH", 22, 0x0303, MAX_RECORD + 1) + bytes(MAX_RECORD + 1))
    linger(conn)


def srv_alert_first(desc, level=2):
    def run(conn):
        read_some(conn)
        conn.sendall(alert(desc, level))
        linger(conn)
    return run


def srv_alert_after_server_hello(desc):
    """The real ServerHello, then an alert in place of the rest."""
    def send(conn, flight):
        conn.sendall(split_records(flight)[0] + alert(desc))
        raise ConnectionAbortedError

    def run(conn):
        try:
            handshake_as_server(conn, send)
        except ConnectionAbortedError:
            linger(conn)
    return run


def srv_alert_after_handshake(desc):
    """The whole handshake, then a plaintext alert where the victim expects
    its echo (TLS 1.3: records are encrypted by now)."""
    def run(conn):
        tls = handshake_as_server(conn)
        if tls:
            read_some(conn)
            conn.sendall(alert(desc))
        linger(conn)
    return run


def srv_slowly(conn):
    """A correct server that sends one byte per TCP segment."""
    tls = handshake_as_server(conn, send_slowly)
    answer = tls and answer_ping(conn, tls)
    if answer:
        send_slowly(conn, answer)
    linger(conn)


def srv_cut_handshake(end):
    """Half of the server's first flight, then end(conn)."""
    def send(conn, flight):
        conn.sendall(flight[:len(flight) // 2])
        raise ConnectionAbortedError

    def run(conn):
        try:
            handshake_as_server(conn, send)
        except ConnectionAbortedError:
            time.sleep(0.1)
            end(conn)
    return run


def srv_cut_record(end):
    """A whole handshake, then the first half of the record that carries
    the answer, then end(conn)."""
    def run(conn):
        tls = handshake_as_server(conn)
        answer = tls and answer_ping(conn, tls, b"pong" * 64)
        if answer:
            conn.sendall(answer[:len(answer) // 2])
            time.sleep(0.1)
        end(conn)
    return run


def srv_close_notify_then(end):
    """A whole handshake; at the victim's b"ping", a close_notify, then
    end(conn) while the victim answers it."""
    def run(conn):
        tls = handshake_as_server(conn)
        if tls:
            obj, inc, out = tls
            read_some(conn)
            try:
                obj.unwrap()
            except ssl.SSLError:
                pass
            conn.sendall(out.read())
        end(conn)
    return run


def srv_empty_records(conn):
    read_some(conn)
    conn.sendall(record(22, b"") * 40)
    linger(conn)


def srv_ragged_eof(conn):
    """A whole handshake; at the victim's b"ping", a FIN without
    close_notify."""
    tls = handshake_as_server(conn)
    if tls:
        read_some(conn)
    conn.close()


class HostileServer:
    def __init__(self, fn):
        self.fn = fn
        self.sock = socket.create_server(("127.0.0.1", 0))
        self.port = self.sock.getsockname()[1]
        threading.Thread(target=self.run, daemon=True).start()

    def run(self):
        while True:
            try:
                conn, _ = self.sock.accept()
            except OSError:
                return
            threading.Thread(target=self.serve, args=(conn,), daemon=True).start()

    def serve(self, conn):
        try:
            self.fn(conn)
        except OSError:
            pass
        finally:
            conn.close()

    def close(self):
        self.sock.close()


ALERTS = [(40, "handshake_failure"), (48, "unknown_ca"), (70, "protocol_version"),
          (80, "internal_error"), (0, "close_notify")]

CLIENT_CASES = [
    ("garbage instead of a ServerHello", srv_garbage),
    ("record longer than 2^14 + 256", srv_oversized_record),
    ("40 empty handshake records", srv_empty_records),
    ("one byte per TCP segment", srv_slowly),
    ("FIN in the middle of the handshake", srv_cut_handshake(lambda c: c.close())),
    ("RST in the middle of the handshake", srv_cut_handshake(reset)),
    ("FIN in the middle of a record", srv_cut_record(lambda c: c.close())),
    ("RST in the middle of a record", srv_cut_record(reset)),
    ("FIN during the close_notify exchange", srv_close_notify_then(lambda c: c.close())),
    ("RST during the close_notify exchange", srv_close_notify_then(reset)),
    ("FIN without close_notify at the ping (ragged EOF)", srv_ragged_eof),
] + [(f"alert {name} in place of the ServerHello",
      srv_alert_first(d, 1 if d == 0 else 2)) for d, name in ALERTS] + [
    (f"alert {name} after the ServerHello", srv_alert_after_server_hello(d))
    for d, name in ALERTS if d] + [
    (f"plaintext alert {name} after the handshake", srv_alert_after_handshake(d))
    for d, name in ALERTS[:2]]


TABLE = []  # (side, case, outcome) for CSSL_HOSTILE_TABLE


def outcome(events):
    """One line for the table: the first error, or what succeeded."""
    for e in events or []:
        if isinstance(e, dict):
            return f"{e['class']}: {e['message']}"
    oks = [e[1] for e in events or [] if e[0] == "OK"]
    return "OK " + ", ".join(repr(x) for x in oks if x is not None)


def write_table():
    """CSSL_HOSTILE_TABLE=FILE: the cases and their outcomes, in Markdown
    (the table of docs/RELIABILITY.md)."""
    path = os.environ.get("CSSL_HOSTILE_TABLE")
    if path:
        with open(path, "w") as f:
            f.write("| cssl is | the peer sends | cssl and Python 3.13 both report |\n|---|---|---|\n")
            for side, label, out in TABLE:
                f.write(f"| {side} | {label} | `{out}` |\n")


def test_clients(t):
    for label, fn in CLIENT_CASES:
        srv = HostileServer(fn)
        try:
            got = tf.cssl_client(srv.port, {})
            want = harness.oracle(tf.PY_CLIENT % {"here": HERE,
                                                  "args": json.dumps([srv.port, {}, C])})
        finally:
            srv.close()
        if t.check(f"client vs {label}", tf.clean(got), tf.clean(want)):
            TABLE.append(("client", label, outcome(tf.clean(got))))


# ---- hostile clients (the victims are servers) ------------------------------------------------

def handshake_as_client(conn, send=None, **kw):
    """A real client handshake, each flight through send(conn, data).
    Returns the SSLObject triple, or None if the victim went away."""
    send = send or (lambda c, d: c.sendall(d))
    obj, inc, out = tls_obj(False, **kw)
    step(obj, obj.do_handshake)
    send(conn, out.read())
    while True:
        data = read_some(conn)
        if not data:
            return None
        inc.write(data)
        done = step(obj, obj.do_handshake)
        flight = out.read()
        if flight:
            send(conn, flight)
        if done:
            return obj, inc, out


def drain(conn):
    """Read until the victim closes (or 2 s pass)."""
    conn.settimeout(2)
    try:
        while conn.recv(65536):
            pass
    except OSError:
        pass


def cli_bytes(data):
    def run(conn):
        conn.sendall(data)
        drain(conn)
    return run


def cli_alert_after_server_flight(desc):
    """A real ClientHello; an alert in place of the client's Finished."""
    calls = []

    def send(conn, flight):
        calls.append(flight)
        if len(calls) == 1:
            conn.sendall(flight)
        else:
            conn.sendall(alert(desc))
            raise ConnectionAbortedError

    def run(conn):
        calls.clear()
        try:
            handshake_as_client(conn, send)
        except ConnectionAbortedError:
            drain(conn)
    return run


def cli_slowly(conn):
    tls = handshake_as_client(conn, send_slowly)
    if tls:
        obj, inc, out = tls
        obj.write(b"ping")
        send_slowly(conn, out.read())
        drain(conn)


def cli_cut_handshake(end):
    """Half of a real ClientHello, then end(conn)."""
    def run(conn):
        obj, inc, out = tls_obj(False)
        step(obj, obj.do_handshake)
        hello = out.read()
        conn.sendall(hello[:len(hello) // 2])
        time.sleep(0.1)
        end(conn)
    return run


def cli_cut_record(end):
    """A whole handshake, then half of the record that carries b"ping"."""
    def run(conn):
        tls = handshake_as_client(conn)
        if tls:
            obj, inc, out = tls
            obj.write(b"ping")
            data = out.read()
            conn.sendall(data[:len(data) // 2])
            time.sleep(0.1)
        end(conn)
    return run


def cli_close_notify_then(end):
    """A whole handshake, then a close_notify instead of data, then
    end(conn) while the victim answers it."""
    def run(conn):
        tls = handshake_as_client(conn)
        if tls:
            obj, inc, out = tls
            try:
                obj.unwrap()
            except ssl.SSLError:
                pass
            conn.sendall(out.read())
            time.sleep(0.1)
        end(conn)
    return run


def server_events(sv, fn):
    """(cssl's events, Python's events) for one hostile client fn."""
    ready, box = threading.Event(), {}
    th = threading.Thread(target=tf.cssl_server, args=(sv, ready, box))
    th.start()
    ready.wait(10)
    if "port" in box and not box["events"]:
        attack(box["port"], fn)
    th.join(20)
    p = subprocess.Popen([harness.PY313, "-c", tf.PY_SERVER % {"here": HERE}, json.dumps([sv, C])],
                         stdout=subprocess.PIPE, text=True)
    try:
        attack(int(p.stdout.readline()), fn)
        out, _ = p.communicate(timeout=20)
    finally:
        if p.poll() is None:
            p.kill()
            p.wait()
    return box.get("events"), json.loads(out)


def cli_renegotiate(port):
    """`openssl s_client -tls1_2` asking to renegotiate ("R") before it
    sends b"ping": TLS 1.2 renegotiation, refused by OpenSSL 3 servers
    unless OP_ALLOW_CLIENT_RENEGOTIATION.  It makes its own connection."""
    p = subprocess.Popen(["openssl", "s_client", "-connect", f"127.0.0.1:{port}", "-tls1_2",
                          "-CAfile", tf.CA, "-servername", "localhost"],
                         stdin=subprocess.PIPE, stdout=subprocess.DEVNULL,
                         stderr=subprocess.DEVNULL)
    try:
        time.sleep(0.5)
        p.stdin.write(b"R\n")
        p.stdin.flush()
        time.sleep(0.5)
        p.stdin.write(b"ping")
        p.stdin.flush()
        time.sleep(0.5)
        p.stdin.close()
        p.wait(5)
    except (OSError, subprocess.TimeoutExpired):
        p.kill()
        p.wait()


cli_renegotiate.own_connection = True


def attack(port, fn):
    """Run the hostile client fn against the server at port."""
    if getattr(fn, "own_connection", False):
        fn(port)
        return
    conn = socket.create_connection(("127.0.0.1", port))
    try:
        fn(conn)
    except OSError:
        pass
    finally:
        conn.close()


SERVER_CASES = [
    ("garbage instead of a ClientHello", {}, cli_bytes(garbage())),
    ("SSLv2 CLIENT-HELLO", {}, cli_bytes(sslv2_client_hello())),
    ("SSLv3-only ClientHello", {}, cli_bytes(sslv3_client_hello())),
    ("record longer than 2^14 + 256", {},
     cli_bytes(struct.pack("!BHH", 22, 0x0301, MAX_RECORD + 1) + bytes(MAX_RECORD + 1))),
    ("40 empty handshake records", {}, cli_bytes(record(22, b"", 0x0301) * 40)),
    ("one byte per TCP segment", {}, cli_slowly),
    ("one byte per TCP segment, TLS 1.2", {"max": "TLSv1_2"}, cli_slowly),
    ("FIN in the middle of the ClientHello", {}, cli_cut_handshake(lambda c: c.close())),
    ("RST in the middle of the ClientHello", {}, cli_cut_handshake(reset)),
    ("FIN in the middle of a record", {}, cli_cut_record(lambda c: c.close())),
    ("RST in the middle of a record", {}, cli_cut_record(reset)),
    ("FIN during the close_notify exchange", {}, cli_close_notify_then(lambda c: c.close())),
    ("RST during the close_notify exchange", {}, cli_close_notify_then(reset)),
    ("TLS 1.2 renegotiation request (openssl s_client R)", {}, cli_renegotiate),
] + [(f"alert {name} in place of the ClientHello", {},
      cli_bytes(alert(d, 1 if d == 0 else 2))) for d, name in ALERTS] + [
    (f"alert {name} in place of the client's Finished", {}, cli_alert_after_server_flight(d))
    for d, name in ALERTS if d] + [
    (f"alert {name} in place of the client's Finished, TLS 1.2", {"max": "TLSv1_2"},
     cli_alert_after_server_flight(d)) for d, name in ALERTS[:2]]


def test_servers(t):
    for label, sv, fn in SERVER_CASES:
        got, want = server_events(sv, fn)
        if t.check(f"server vs {label}", tf.clean(got), tf.clean(want)):
            TABLE.append(("server", label, outcome(tf.clean(got))))


# ---- ragged EOF, with and without suppress_ragged_eofs ------------------------------------------

PY_RAGGED = cssl_tls.PY_FIELDS + r"""
import json, socket, ssl, sys
sys.path.insert(0, %(here)r)
port, suppress, ca = json.loads(%(args)r)
ctx = ssl.create_default_context(cafile=ca)
s = ctx.wrap_socket(socket.create_connection(("127.0.0.1", port), timeout=5),
                    server_hostname="localhost", suppress_ragged_eofs=suppress)
events = []
try:
    s.sendall(b"ping")
    events.append(["OK", s.recv(16).decode()])
except Exception as e:
    events.append(py_fields(e))
s.close()
print(json.dumps(events))
"""


def cssl_ragged(port, suppress):
    L = cssl_tls.lib()
    ctx = cssl_tls.Context(purpose=cssl_tls.PURPOSE_SERVER_AUTH, cafile=tf.CA)
    sock = socket.create_connection(("127.0.0.1", port))
    s = cssl_tls.Socket(L.cssl_context_wrap_socket(ctx.p, sock.detach(), False, True, suppress,
                                                   b"localhost", None))
    s.settimeout(5)
    try:
        s.sendall(b"ping")
        return [["OK", s.recv(16).decode()]]
    except cssl_tls.CsslFailure as e:
        return [e.fields]
    finally:
        s.close()


def test_ragged_eof(t):
    for suppress in (True, False):
        srv = HostileServer(srv_ragged_eof)
        try:
            got = cssl_ragged(srv.port, suppress)
            want = harness.oracle(PY_RAGGED % {"here": HERE,
                                               "args": json.dumps([srv.port, suppress, tf.CA])})
        finally:
            srv.close()
        if t.check(f"ragged EOF, suppress_ragged_eofs={suppress}", got, want):
            TABLE.append(("client", f"FIN without close_notify, suppress_ragged_eofs={suppress}",
                          outcome(got)))
    t.check("ragged EOF: suppressed is b'', not suppressed is SSLEOFError",
            [cssl_ragged_kind(True), cssl_ragged_kind(False)], ["OK", "SSLEOFError"])


def cssl_ragged_kind(suppress):
    srv = HostileServer(srv_ragged_eof)
    try:
        ev = cssl_ragged(srv.port, suppress)[0]
    finally:
        srv.close()
    return ev[0] if isinstance(ev, list) else ev["class"]


# ---- cssl serve under attack -------------------------------------------------------------------

def normal_client(port):
    """Seconds for a full handshake and echo with Python's ssl, or None."""
    ctx = ssl.create_default_context(cafile=tf.CA)
    start = time.monotonic()
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=5) as raw:
            with ctx.wrap_socket(raw, server_hostname="localhost") as s:
                s.sendall(b"hello")
                if s.recv(16) != b"hello":
                    return None
    except OSError:
        return None
    return time.monotonic() - start


def test_serve(t):
    p = subprocess.Popen([harness.CLI, "serve", "--cert", tf.cert("server"), "--key", tf.key("server"),
                          "--host", "127.0.0.1", "--port", "0", "--timeout", "2"],
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        port = int(p.stdout.readline().rsplit(":", 1)[1])
        # 200 peers that never finish: half send nothing, half half a hello.
        obj, inc, out = tls_obj(False)
        step(obj, obj.do_handshake)
        hello = out.read()
        slow = []
        for i in range(200):
            c = socket.create_connection(("127.0.0.1", port))
            if i % 2:
                c.sendall(hello[:len(hello) // 2])
            slow.append(c)
        time.sleep(0.2)
        took = normal_client(port)
        print(f"serve: normal client beside 200 slowloris peers: {took} s")
        t.check("serve: a normal client beside 200 slowloris peers, within 1 s",
                took is not None and took < 1.0, True)
        # --timeout 2: the server drops each of them.
        deadline = time.monotonic() + 4
        dropped = 0
        for c in slow:
            c.settimeout(max(0.1, deadline - time.monotonic()))
            try:
                dropped += c.recv(1024) == b""
            except ConnectionResetError:
                dropped += 1
            except OSError:
                pass
            c.close()
        t.check("serve: all 200 slowloris peers dropped after --timeout 2", dropped, 200)
        # Every hostile client of the server cases, then a normal client.
        for label, sv, fn in SERVER_CASES:
            if not sv:
                attack(port, fn)
        t.check("serve: still serving after every hostile client", normal_client(port) is not None,
                True)
        t.check("serve: still running", p.poll(), None)
    finally:
        p.terminate()
        try:
            p.wait(10)
        except subprocess.TimeoutExpired:
            p.kill()
            p.wait()
    t.check("serve: exit status 0 after SIGTERM", p.returncode, 0)


def main():
    if not harness.PY313:
        harness.skip("python3.13 (the oracle for SSLSocket) not found")
    cssl_tls.lib()
    t = harness.Tally("hostile")
    test_clients(t)
    test_servers(t)
    test_ragged_eof(t)
    test_serve(t)
    write_table()
    t.finish()


if __name__ == "__main__":
    main()
