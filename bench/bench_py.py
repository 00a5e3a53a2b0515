#!/usr/bin/env python3
"""The benchmark workloads through Python's ssl module: the same commands,
options, protocol and output as bench_main.c (read it for the details), so
that run.py drives all four stacks alike.

  bench_py.py server --mode hs|bulk|mem [--cert STEM] [--tls 12|13] [--no-ticket]
  bench_py.py client --port P --mode hs|resume|bulk|mem|lat ...
  bench_py.py ctx --count K
"""
import argparse
import os
import signal
import socket
import ssl
import struct
import sys
import time

BLOCK = 16384
PATTERN = 65536
M64 = (1 << 64) - 1


def fail(msg):
    print(f"python: {msg}", file=sys.stderr)
    return 1


def rss_kib():
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * (os.sysconf("SC_PAGESIZE") // 1024)


def pattern(seed):
    """64 KiB of xorshift64 output, as bench_pattern_init() makes it."""
    x = seed | 1
    out = bytearray(PATTERN)
    for i in range(0, PATTERN, 8):
        x ^= (x << 13) & M64
        x ^= x >> 7
        x ^= (x << 17) & M64
        struct.pack_into("<Q", out, i, x)
    return bytes(out)


def block_offset(b):
    return ((b * 1031) % 6145) * 8


def tune(sock):
    sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)


def pin(ctx, v):
    ctx.minimum_version = ctx.maximum_version = (
        ssl.TLSVersion.TLSv1_2 if v == 12 else ssl.TLSVersion.TLSv1_3)


def read_exact(s, buf, n):
    view, got = memoryview(buf), 0
    while got < n:
        r = s.recv_into(view[got:n], n - got)
        if r == 0:
            raise EOFError(f"EOF after {got} of {n} bytes")
        got += r


def send_blocks(s, pat, nbytes):
    blk = bytearray(BLOCK)
    for b in range(nbytes // BLOCK):
        off = block_offset(b)
        blk[:] = pat[off:off + BLOCK]
        struct.pack_into("<Q", blk, 0, b)
        s.sendall(blk)


def recv_blocks(s, pat, nbytes):
    blk = bytearray(BLOCK)
    for b in range(nbytes // BLOCK):
        read_exact(s, blk, BLOCK)
        off = block_offset(b)
        # bytearray == bytes is one memcmp (memoryview == compares item by item)
        if struct.unpack_from("<Q", blk)[0] != b or blk[8:] != pat[off + 8:off + BLOCK]:
            raise ValueError(f"content mismatch in block {b}")


class Stop(Exception):
    pass


def on_term(signum, frame):
    raise Stop()


# ---- server -----------------------------------------------------------------

def server_ctx(a):
    ctx = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    ctx.load_cert_chain(os.path.join(a.certdir, a.cert + ".pem"),
                        os.path.join(a.certdir, a.cert + ".key"))
    if a.no_ticket:
        ctx.options |= ssl.OP_NO_TICKET
    pin(ctx, a.tls)
    return ctx


def accept(ctx, lsock):
    conn, _ = lsock.accept()
    tune(conn)
    return ctx.wrap_socket(conn, server_side=True)


def serve_bulk(s):
    hdr = bytearray(16)
    read_exact(s, hdr, 16)
    nbytes, seed = struct.unpack("<QQ", hdr)
    pat = pattern(seed)
    try:
        recv_blocks(s, pat, nbytes)
    except ValueError:
        s.sendall(b"MISMATCH")
        raise
    s.sendall(b"VERIFIED")
    send_blocks(s, pat, nbytes)
    s.recv(1)
    print(f"python server: verified {nbytes} bytes", file=sys.stderr)


def serve_mem(ctx, lsock, a):
    held = []
    for i in range(a.warmup + a.count):
        if i == a.warmup:
            base = rss_kib()
        s = accept(ctx, lsock)
        s.sendall(b"x")
        if i < a.warmup:
            s.close()
        else:
            held.append(s)
    print(f"RESULT server_kib_per_conn={(rss_kib() - base) / a.count:.2f} n={a.count}", flush=True)
    try:
        while True:
            signal.pause()
    except Stop:
        pass
    return 0


def run_server(a):
    ctx = server_ctx(a)
    lsock = socket.socket()
    lsock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    lsock.bind(("127.0.0.1", 0))
    lsock.listen(4096)
    signal.signal(signal.SIGTERM, on_term)
    print(f"PORT {lsock.getsockname()[1]}", flush=True)
    if a.mode == "mem":
        return serve_mem(ctx, lsock, a)
    n = fails = 0
    try:
        while True:
            try:
                s = accept(ctx, lsock)
            except (OSError, EOFError) as e:
                fails += 1
                fail(f"accept: {e}")
                continue
            try:
                serve_bulk(s) if a.mode == "bulk" else s.sendall(b"x")
                if a.clean_close:
                    s = s.unwrap()
                n += 1
            except (OSError, EOFError, ValueError) as e:
                fails += 1
                fail(str(e))
            finally:
                s.close()
    except Stop:
        pass
    print(f"python server: {n} connections served, {fails} failed", file=sys.stderr)
    return 1 if fails else 0


# ---- client -----------------------------------------------------------------

class Client:
    def __init__(self, a):
        self.a = a
        self.ctx = ssl.create_default_context(cafile=os.path.join(a.certdir, "ca.pem"))
        pin(self.ctx, a.tls)
        self.kept = None

    def connect(self, resume=False):
        sock = socket.socket()
        tune(sock)
        sock.connect(("127.0.0.1", self.a.port))
        return self.ctx.wrap_socket(sock, server_hostname="localhost",
                                    session=self.kept if resume else None)

    def hs(self, resume=False, keep=False):
        """One connection: handshake, the server's byte, resumption check."""
        s = self.connect(resume)
        if s.recv(1) != b"x":
            s.close()
            raise ValueError("wrong handshake byte")
        if resume and not s.session_reused:
            s.close()
            raise ValueError("session not resumed")
        if keep:
            self.kept = s.session
        return s


    def end(self, s):
        """Plain close, or wait for the server's close_notify and answer."""
        if self.a.clean_close:
            if s.recv(1) != b"":
                raise ValueError("no close_notify from the server")
            s = s.unwrap()
        s.close()


def describe(s, a):
    name, version, _ = s.cipher()
    print(f"RESULT cipher={name} version={s.version()}", end="")
    if a.expect_cipher and name != a.expect_cipher:
        raise ValueError(f"negotiated {name}, not {a.expect_cipher}")


def client_rate(c, a):
    resume = a.mode == "resume"
    n, t0, c0 = 0, time.monotonic(), time.process_time()
    t = t0
    while t - t0 < a.seconds:
        c.end(c.hs(resume, resume))
        n += 1
        t = time.monotonic()
    print(f" hs_per_s={n / (t - t0):.1f} n={n} client_cpu_us={(time.process_time() - c0) * 1e6 / n:.1f}")


def client_lat(c, a):
    n = int(a.rate * a.seconds)
    lat = []
    t0 = time.monotonic() + 0.01
    for i in range(n):
        due = t0 + i / a.rate
        delay = due - time.monotonic()
        if delay > 0:
            time.sleep(delay)
        c.hs().close()
        lat.append(time.monotonic() - due)
    lat.sort()
    print(f" p50_ms={lat[(n - 1) // 2] * 1e3:.3f} p99_ms={lat[int((n - 1) * 0.99)] * 1e3:.3f} "
          f"n={n} rate={a.rate:.0f}")


def client_bulk(c, a):
    if a.bytes <= 0 or a.bytes % BLOCK:
        raise ValueError(f"--bytes must be a multiple of {BLOCK}")
    seed = (os.getpid() * 0x9E3779B97F4A7C15 ^ int(time.monotonic() * 1e6)) & M64
    pat = pattern(seed)
    s = c.connect()
    describe(s, a)
    t0 = time.monotonic()
    s.sendall(struct.pack("<QQ", a.bytes, seed))
    send_blocks(s, pat, a.bytes)
    verdict = bytearray(8)
    read_exact(s, verdict, 8)
    if verdict != b"VERIFIED":
        raise ValueError("server found a content mismatch")
    t1 = time.monotonic()
    recv_blocks(s, pat, a.bytes)
    t2 = time.monotonic()
    s.close()
    print(f" up_mb_s={a.bytes / 1e6 / (t1 - t0):.1f} down_mb_s={a.bytes / 1e6 / (t2 - t1):.1f} "
          f"bytes={a.bytes}")


def client_mem(c, a):
    for _ in range(1, a.warmup):  # the first connection was one
        c.hs().close()
    base = rss_kib()
    held = [c.hs() for _ in range(a.count)]
    print(f" client_kib_per_conn={(rss_kib() - base) / a.count:.2f} n={a.count}", flush=True)
    sys.stdin.read()
    for s in held:
        s.close()


def run_client(a):
    c = Client(a)
    try:
        if a.mode == "bulk":
            client_bulk(c, a)
            return 0
        s = c.hs(False, a.mode == "resume")
        describe(s, a)
        c.end(s)
        {"mem": client_mem, "lat": client_lat}.get(a.mode, client_rate)(c, a)
    except (OSError, EOFError, ValueError) as e:
        sys.stdout.flush()
        return fail(str(e))
    return 0


# ---- create_default_context -------------------------------------------------

def ctx_series(label, k):
    m0, t0 = rss_kib(), time.perf_counter()
    held = [ssl.create_default_context() for _ in range(k)]
    t1, m1 = time.perf_counter(), rss_kib()
    print(f" {label}_ms={(t1 - t0) * 1e3 / k:.4f} {label}_kib={(m1 - m0) / k:.2f}", end="")
    del held


def run_ctx(a):
    print("RESULT", end="")
    ctx_series("cold", 1)
    keep = ssl.create_default_context()
    ctx_series("warm", a.count)
    del keep
    print()
    return 0


def main():
    p = argparse.ArgumentParser()
    p.add_argument("cmd", choices=["server", "client", "ctx"])
    p.add_argument("--mode", default="hs")
    p.add_argument("--cert", default="server")
    p.add_argument("--tls", type=int, default=13, choices=[12, 13])
    p.add_argument("--no-ticket", action="store_true")
    p.add_argument("--port", type=int, default=0)
    p.add_argument("--seconds", type=float, default=2)
    p.add_argument("--count", type=int, default=100)
    p.add_argument("--warmup", type=int, default=16)
    p.add_argument("--bytes", type=int, default=0)
    p.add_argument("--rate", type=float, default=100)
    p.add_argument("--expect-cipher")
    p.add_argument("--clean-close", action="store_true")
    a = p.parse_args()
    a.certdir = os.environ.get("CSSL_CERTS")
    if not a.certdir:
        return fail("needs CSSL_CERTS")
    signal.signal(signal.SIGPIPE, signal.SIG_IGN)
    return {"server": run_server, "client": run_client, "ctx": run_ctx}[a.cmd](a)


if __name__ == "__main__":
    sys.exit(main())
