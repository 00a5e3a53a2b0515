#!/usr/bin/env python3
"""Soak: many connections to one `cssl serve`, one in ten failing on purpose,
and the server's open files and memory must come back to where they were.

    soak.py [--conns N] [--warmup W] [--rss-slack-kib K] [--no-rss] [--json FILE]

Starts `cssl serve --verify-client` (echo mode) and makes W warm-up
connections, waits for the server to be idle and takes its baseline: open
file descriptors (/proc/PID/fd) and resident memory (VmRSS in
/proc/PID/status).  Then it makes N more connections with the same mix and
measures again once the server is idle (and at each fifth of the way, to
tell a leak, which grows with the count, from memory that levels off).
Every tenth connection fails, in turn in one of these ways:

    mid-handshake   the client sends its ClientHello, reads the server's
                    first flight and closes
    garbage         bytes that are no TLS record instead of a ClientHello
    untrusted-cert  the client presents a self-signed certificate that the
                    server (CERT_REQUIRED, the test CA) refuses
    wrong-host      the client checks the host name "wrong.example.com"
                    and aborts the handshake
    reset           after the handshake, half a TLS record and then a TCP
                    reset (SO_LINGER 0)
    ragged-eof      a full echo, then the TCP stream ends without
                    close_notify

The other nine send a random payload, check its echo byte for byte and
close with close_notify; none of them may fail.  Passes when the thread
and fd counts are back to the baseline exactly, VmRSS is within
--rss-slack-kib of it (default 2048 KiB; --no-rss leaves memory out, for
sanitizer builds whose allocators keep freed memory on purpose), the server
wrote nothing but error reports and at most one per failing connection, and
it exits 0 on SIGTERM.

Environment: CSSL_CLI (the cssl program) and CSSL_CERTS (the generated test
certificates), as ctest sets them.  Exit status 0, 1 (failed), 77 (skipped).
"""
import argparse
import json
import os
import random
import re
import socket
import ssl
import struct
import subprocess
import sys
import tempfile
import time

MODES = ["mid-handshake", "garbage", "untrusted-cert", "wrong-host", "reset", "ragged-eof"]
TIMEOUT = 10.0


def skip(reason):
    print(f"SKIP: {reason}")
    sys.exit(77)


class Soak:
    def __init__(self, cli, certs):
        self.certs = certs
        ca = os.path.join(certs, "ca.pem")
        self.good = ssl.create_default_context(cafile=ca)
        self.good.load_cert_chain(self.cert("client.pem"), self.cert("client.key"))
        self.untrusted = ssl.create_default_context(cafile=ca)
        self.untrusted.load_cert_chain(self.cert("selfsigned.pem"), self.cert("selfsigned.key"))
        self.errfile = tempfile.TemporaryFile()
        self.proc = subprocess.Popen(
            [cli, "serve", "--cert", self.cert("server.pem"), "--key", self.cert("server.key"),
             "--cafile", ca, "--verify-client", "--port", "0", "--timeout", str(TIMEOUT)],
            stdout=subprocess.PIPE, stderr=self.errfile, text=True)
        line = self.proc.stdout.readline()
        if not line.startswith("listening on "):
            raise RuntimeError(f"cssl serve did not start: {line!r}")
        self.port = int(line.rsplit(":", 1)[1])
        self.client_errors = []

    def cert(self, name):
        return os.path.join(self.certs, name)

    # ---- the server's resources ------------------------------------------

    def status(self, field):
        with open(f"/proc/{self.proc.pid}/status") as f:
            for line in f:
                if line.startswith(field + ":"):
                    return int(line.split()[1])
        raise RuntimeError(f"no {field} in /proc/{self.proc.pid}/status")

    def fds(self):
        return len(os.listdir(f"/proc/{self.proc.pid}/fd"))

    def idle(self):
        """Wait until the server's thread count has stood still for half a
        second (every connection's thread has ended; a sanitizer runtime may
        keep a thread of its own); returns (threads, fds, rss_kib)."""
        deadline = time.monotonic() + 3 * TIMEOUT
        last, since = self.status("Threads"), time.monotonic()
        while time.monotonic() - since < 0.5 and time.monotonic() < deadline:
            time.sleep(0.05)
            now = self.status("Threads")
            if now != last:
                last, since = now, time.monotonic()
        return last, self.fds(), self.status("VmRSS")

    def stop(self):
        self.proc.terminate()
        status = self.proc.wait(timeout=30)
        self.errfile.seek(0)
        return status, self.errfile.read().decode(errors="replace").splitlines()

    # ---- connections -----------------------------------------------------

    def tcp(self):
        return socket.create_connection(("127.0.0.1", self.port), timeout=TIMEOUT)

    def echo_ok(self):
        """A well-behaved client: random payload, echo checked, close_notify."""
        data = random.randbytes(random.randint(256, 4096))
        with self.tcp() as raw:
            s = self.good.wrap_socket(raw, server_hostname="localhost")
            s.sendall(data)
            got = bytearray()
            while len(got) < len(data):
                chunk = s.recv(len(data) - len(got))
                if not chunk:
                    raise RuntimeError(f"EOF after {len(got)} of {len(data)} bytes")
                got += chunk
            if got != data:
                raise RuntimeError("echo differs")
            s.unwrap()

    def memory_handshake(self, raw):
        """Handshake over raw with an SSLObject, so that the caller can
        write TLS records by hand afterwards."""
        inb, outb = ssl.MemoryBIO(), ssl.MemoryBIO()
        obj = self.good.wrap_bio(inb, outb, server_hostname="localhost")
        while True:
            try:
                obj.do_handshake()
                raw.sendall(outb.read())
                return obj, inb, outb
            except ssl.SSLWantReadError:
                raw.sendall(outb.read())
                data = raw.recv(65536)
                if not data:
                    raise RuntimeError("EOF during the handshake")
                inb.write(data)

    def fail_mid_handshake(self):
        with self.tcp() as raw:
            obj = self.good.wrap_bio(ssl.MemoryBIO(), outb := ssl.MemoryBIO(),
                                     server_hostname="localhost")
            try:
                obj.do_handshake()
            except ssl.SSLWantReadError:
                pass
            raw.sendall(outb.read())
            raw.recv(100)  # part of the server's first flight, then goodbye

    def fail_garbage(self):
        with self.tcp() as raw:
            raw.sendall(b"G" + random.randbytes(511))
            while raw.recv(4096):  # the server's alert, then its close
                pass

    def fail_untrusted_cert(self):
        with self.tcp() as raw:
            try:
                s = self.untrusted.wrap_socket(raw, server_hostname="localhost")
                s.sendall(b"x")
                s.recv(1)  # TLS 1.3: the refusal arrives after our Finished
            except (ssl.SSLError, OSError):
                return
            raise RuntimeError("the server accepted an untrusted client certificate")

    def fail_wrong_host(self):
        with self.tcp() as raw:
            try:
                self.good.wrap_socket(raw, server_hostname="wrong.example.com")
            except ssl.SSLCertVerificationError:
                return
            raise RuntimeError("the host name check passed for wrong.example.com")

    def fail_reset(self):
        raw = self.tcp()
        obj, _, outb = self.memory_handshake(raw)
        obj.write(random.randbytes(4000))
        record = outb.read()
        raw.sendall(record[: len(record) // 2])
        raw.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        raw.close()

    def fail_ragged_eof(self):
        data = random.randbytes(1000)
        raw = self.tcp()
        s = self.good.wrap_socket(raw, server_hostname="localhost")
        s.sendall(data)
        got = bytearray()
        while len(got) < len(data):
            got += s.recv(len(data) - len(got))
        s.close()  # no close_notify

    def connection(self, i):
        """Connection number i; returns its failure mode or None."""
        if i % 10 != 9:
            try:
                self.echo_ok()
            except Exception as e:  # every failure of a good client counts
                self.client_errors.append(f"connection {i}: {type(e).__name__}: {e}")
            return None
        mode = MODES[(i // 10) % len(MODES)]
        try:
            getattr(self, "fail_" + mode.replace("-", "_"))()
        except (OSError, ssl.SSLError):
            pass  # the failing clients may see anything
        return mode

    def run(self, start, count):
        failed = {}
        for i in range(start, start + count):
            mode = self.connection(i)
            if mode is not None:
                failed[mode] = failed.get(mode, 0) + 1
        return failed


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--conns", type=int, default=10000)
    ap.add_argument("--warmup", type=int, default=500)
    ap.add_argument("--rss-slack-kib", type=int, default=2048)
    ap.add_argument("--no-rss", action="store_true",
                    help="do not check VmRSS (sanitizer builds keep freed memory)")
    ap.add_argument("--json", help="write the figures to this file")
    args = ap.parse_args()
    cli, certs = os.environ.get("CSSL_CLI"), os.environ.get("CSSL_CERTS")
    if not cli or not certs or not os.path.exists(os.path.join(certs, "ca.pem")):
        skip("CSSL_CLI and CSSL_CERTS (the cssl program and the test certificates) are not set")
    if not os.path.isdir("/proc/self/fd"):
        skip("no /proc: cannot count the server's open files")
    random.seed(7)

    soak = Soak(cli, certs)
    t0 = time.monotonic()
    warm = soak.run(0, args.warmup)
    th0, fd0, rss0 = soak.idle()
    t1 = time.monotonic()
    # Five stops on the way, idle each time: a leak grows with the count,
    # a cache or an allocator's arena levels off.
    failed, series, done = {}, [], 0
    busy = 0.0
    for k in range(1, 6):
        step = args.conns * k // 5 - done
        t = time.monotonic()
        for mode, n in soak.run(args.warmup + done, step).items():
            failed[mode] = failed.get(mode, 0) + n
        busy += time.monotonic() - t
        done += step
        if k < 5:
            series.append(soak.idle()[1:])
    th1, fd1, rss1 = soak.idle()
    series.append((fd1, rss1))
    status, errors = soak.stop()

    n_failed = sum(failed.values()) + sum(warm.values())  # stderr has the warm-up's too
    kinds = {}
    for line in errors:
        name = line.split(":", 1)[0]
        kinds[name] = kinds.get(name, 0) + 1
    figures = {
        "connections": args.conns, "warmup": args.warmup, "failing": failed,
        "seconds": round(busy, 2), "warmup_seconds": round(t1 - t0, 2),
        "threads": [th0, th1], "fds": [fd0, fd1], "rss_kib": [rss0, rss1],
        "rss_slack_kib": args.rss_slack_kib, "fds_rss_every_fifth": series,
        "server_error_lines": kinds, "server_status": status,
        "client_errors": len(soak.client_errors),
    }
    print(json.dumps(figures, indent=1))
    if args.json:
        with open(args.json, "w") as f:
            json.dump(figures, f, indent=1)

    problems = soak.client_errors[:10]
    if th1 != th0:
        problems.append(f"server threads {th0} -> {th1}")
    if fd1 != fd0:
        problems.append(f"open fds {fd0} -> {fd1}")
    if args.no_rss:
        print("VmRSS not checked (--no-rss)")
    elif rss1 > rss0 + args.rss_slack_kib:
        problems.append(f"VmRSS {rss0} -> {rss1} KiB (more than {args.rss_slack_kib} KiB)")
    strange = [line for line in errors if not re.match(r"[A-Za-z]+Error: ", line)]
    if strange:
        problems.append(f"{len(strange)} server stderr lines that are no error report "
                        f"(a sanitizer's?), first: {strange[0]!r}")
    if len(errors) > n_failed:
        problems.append(f"{len(errors)} server error lines for {n_failed} failing connections")
    if status != 0:
        problems.append(f"cssl serve exited with {status}")
    for p in problems:
        print("FAIL:", p)
    if problems:
        print("server stderr (first lines):", *errors[:20], sep="\n  ")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
