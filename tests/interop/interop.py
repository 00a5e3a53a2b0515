"""Shared pieces of the interoperability tests (tests/interop/test_*.py):
peers started and stopped by the test (external programs, Python's ssl in a
thread), a cssl server in a thread (libcssl through ctypes, see
tests/difftest/cssl_tls.py), and the certificates.  Everything listens on
127.0.0.1 only.
"""
import hashlib
import os
import shutil
import socket
import ssl
import subprocess
import sys
import threading
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "difftest"))
import cssl_tls  # noqa: E402,F401
import harness  # noqa: E402

C = harness.CERTS
CA = os.path.join(C, "ca.pem")
skip = harness.skip
Tally = harness.Tally

# (certificate, key) of each server identity; all are for localhost,
# 127.0.0.1 and ::1.
IDENTITIES = {"ECDSA": ("server.pem", "server.key"), "RSA": ("server-rsa.pem", "server-rsa.key")}
CLIENT = (os.path.join(C, "client.pem"), os.path.join(C, "client.key"))
VERSIONS = ("TLSv1_2", "TLSv1_3")
DOTTED = {"TLSv1_2": "TLSv1.2", "TLSv1_3": "TLSv1.3"}


def identity(kind):
    cert, key = IDENTITIES[kind]
    return os.path.join(C, cert), os.path.join(C, key)


def der_sha256(pem_path):
    with open(pem_path) as f:
        return hashlib.sha256(ssl.PEM_cert_to_DER_cert(f.read())).hexdigest()


def sha256(data):
    return None if data is None else hashlib.sha256(data).hexdigest()


def subject_cn(cert):
    """commonName of a getpeercert() dict, or None."""
    if not cert:
        return None
    for rdn in cert.get("subject", ()):
        for k, v in rdn:
            if k == "commonName":
                return v
    return None


def require(*programs):
    for p in programs:
        if shutil.which(p) is None:
            skip(f"{p} is not installed")


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_listening(port, proc=None, timeout=10.0):
    """Wait until 127.0.0.1:port accepts (the probe is a plain connect,
    which the server sees as a connection that closes at once)."""
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if proc is not None and proc.poll() is not None:
            raise RuntimeError(f"peer exited with {proc.returncode}")
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
            return
        except OSError:
            time.sleep(0.05)
    raise RuntimeError(f"nothing listens on port {port}")


class Peer:
    """An external program whose output (stdout and stderr) a thread
    collects; stopped (and reaped) by stop() or wait()."""

    def __init__(self, argv, stdin=None):
        self.argv = argv
        self.proc = subprocess.Popen(argv, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                     stderr=subprocess.STDOUT)
        self.buf = b""
        self.lock = threading.Lock()
        self.reader = threading.Thread(target=self._read, daemon=True)
        self.reader.start()
        if stdin is not None:
            self.write(stdin)

    def _read(self):
        for chunk in iter(lambda: self.proc.stdout.read1(4096), b""):
            with self.lock:
                self.buf += chunk

    @property
    def out(self):
        with self.lock:
            return self.buf.decode(errors="replace")

    def write(self, data):
        try:
            self.proc.stdin.write(data)
            self.proc.stdin.flush()
        except OSError:
            pass

    def wait_for(self, text, timeout=10.0):
        """Wait until the output holds text; False if it never does."""
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            if text in self.out:
                return True
            if self.proc.poll() is not None:
                self.reader.join(1)
                return text in self.out
            time.sleep(0.02)
        return False

    def wait(self, timeout=10.0):
        """Wait for the program to end on its own (killed after timeout);
        returns its output."""
        try:
            self.proc.wait(timeout)
        except subprocess.TimeoutExpired:
            pass
        return self.stop()

    def stop(self):
        if self.proc.poll() is None:
            self.proc.kill()
        self.proc.wait()
        self.reader.join(5)
        for f in (self.proc.stdin, self.proc.stdout):
            try:
                f.close()
            except OSError:
                pass
        return self.out


def pem_sha256s(text):
    """SHA-256 of each PEM certificate in a program's output."""
    out = []
    for block in text.split("-----BEGIN CERTIFICATE-----")[1:]:
        body = block.split("-----END CERTIFICATE-----")[0]
        pem = "-----BEGIN CERTIFICATE-----" + body + "-----END CERTIFICATE-----\n"
        out.append(hashlib.sha256(ssl.PEM_cert_to_DER_cert(pem)).hexdigest())
    return out


# ---- a cssl server in a thread --------------------------------------------------------

def server_context(kind="ECDSA", maximum=None, minimum=None, alpn=None, verify_client=False,
                   pha=False):
    ctx = cssl_tls.Context(purpose=cssl_tls.PURPOSE_CLIENT_AUTH,
                           cafile=CA if verify_client or pha else None)
    ctx.load_cert_chain(*identity(kind))
    ctx.set_versions(minimum, maximum)
    if alpn:
        ctx.set_alpn_protocols(alpn)
    if pha:
        ctx.set_post_handshake_auth(True)
    if verify_client or pha:
        # Post-handshake auth needs CERT_REQUIRED as well: with it, OpenSSL
        # asks for the certificate only when the server calls
        # verify_client_post_handshake() (Python's documented recipe).
        ctx.set_verify_mode(cssl_tls.CERT_REQUIRED)
    return ctx


def observe(s, server=False):
    """What one end knows about the connection."""
    obs = {"version": s.version(), "cipher": s.cipher(),
           "alpn": s.selected_alpn_protocol(), "session_reused": s.session_reused}
    if server:
        obs["peer_cn"] = subject_cn(s.getpeercert())
    else:
        obs["peer_sha256"] = sha256(s.getpeercert_der())
    return obs


def echo_lines(s, obs):
    """Echo newline-terminated lines until the client closes; records them."""
    data = b""
    while True:
        chunk = s.recv(4096)
        if not chunk:
            break
        data += chunk
        s.sendall(chunk)
        if data.endswith(b"QUIT\n"):
            break
    obs["received"] = data.decode(errors="replace")


class CsslServer:
    """Accepts `count` connections one after the other on 127.0.0.1 and runs
    handler(sock, obs) on each (after the server-side handshake).  results
    holds one dict per connection: observe() plus what the handler added,
    or {"error": "Name: message"}."""

    def __init__(self, ctx, handler=echo_lines, count=1, timeout=10.0, close_notify=False):
        self.ctx, self.handler, self.count = ctx, handler, count
        self.timeout, self.close_notify = timeout, close_notify
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port = self.listener.getsockname()[1]
        self.results = []
        self.thread = threading.Thread(target=self.run, daemon=True)
        self.thread.start()

    def run(self):
        self.listener.settimeout(30)
        for _ in range(self.count):
            try:
                conn, _ = self.listener.accept()
            except OSError as e:
                self.results.append({"error": f"accept: {e}"})
                break
            self.results.append(self.serve(conn))
        self.listener.close()

    def serve(self, conn):
        obs = {}
        s = None
        try:
            s = self.ctx.wrap_socket(conn, server_side=True, timeout=self.timeout)
            obs.update(observe(s, server=True))
            self.handler(s, obs)
            if self.close_notify:
                os.close(s.unwrap())
        except cssl_tls.CsslFailure as e:
            obs["error"] = f"{e.name}: {e.fields['message']}"
        finally:
            if s is not None:
                s.close()
        return obs

    def join(self, timeout=30):
        self.thread.join(timeout)
        return self.results


# ---- a cssl client ------------------------------------------------------------------

def client_context(maximum=None, minimum=None, alpn=None, client_cert=False, pha=False,
                   ciphers=None):
    ctx = cssl_tls.Context(purpose=cssl_tls.PURPOSE_SERVER_AUTH, cafile=CA)
    ctx.set_versions(minimum, maximum)
    if alpn:
        ctx.set_alpn_protocols(alpn)
    if client_cert:
        ctx.load_cert_chain(*CLIENT)
    if pha:
        ctx.set_post_handshake_auth(True)
    if ciphers:
        ctx.set_ciphers(ciphers)
    return ctx


def cssl_connect(ctx, port, hostname="localhost", session=None, timeout=10.0):
    sock = socket.create_connection(("127.0.0.1", port), timeout=timeout)
    sock.settimeout(None)
    return ctx.wrap_socket(sock, server_hostname=hostname, session=session, timeout=timeout)


def exchange(s, payload):
    """Send payload and read back as many bytes."""
    s.sendall(payload)
    return s.recv_exactly(len(payload))
