"""SSLObject and MemoryBIO, libcssl (ctypes) against Python 3.13's ssl module.

Each scenario is a list of steps on an in-memory client ("c") and server
("s"), with the bytes pumped between their memory BIOs by the script.  It
runs four ways, over TLS 1.2 and TLS 1.3:

  oracle   Python 3.13 on both sides (the reference answers)
  cssl     a cssl client object and a cssl server object
  c->py    a cssl client talking to a Python SSLObject server (this
           interpreter's ssl, same OpenSSL)
  py->c    a Python client talking to a cssl server

Every step's result, ["OK", value] or [exception class, str(e) without
"(_ssl.c:NNNN)"], must equal the oracle's: handshakes and data in both
directions, every error path (read before the handshake, EOF in the middle
of a record and at a boundary, writes after unwrap, unwrap on both sides,
MemoryBIO misuse), the properties that do not vary between connections.
"""
import ctypes
import hashlib
import json
import os
import ssl
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import harness  # noqa: E402
import libcssl  # noqa: E402
import pyexc  # noqa: E402

CA = os.path.join(harness.CERTS, "ca.pem")
CERT = os.path.join(harness.CERTS, "server.pem")
KEY = os.path.join(harness.CERTS, "server.key")
P = ctypes.c_void_p

# ---- the scenarios (shared with the oracle as JSON) ---------------------------------

HS = [["hs"]]
PROPS = [["c", "version"], ["s", "version"], ["c", "cipher_match"], ["c", "session_reused"],
         ["s", "session_reused"], ["c", "getpeercert"], ["s", "getpeercert"],
         ["c", "getpeercert_der_len"], ["c", "cb_match"], ["c", "alpn"], ["c", "compression"],
         ["c", "pending"], ["s", "shared_ciphers"], ["c", "shared_ciphers"],
         ["c", "server_side"], ["s", "server_side"], ["c", "server_hostname"],
         ["s", "server_hostname"], ["c", "chain_len", True], ["c", "chain_len", False],
         ["s", "chain_len", False]]
SCENARIOS = {
    "handshake_and_data": HS + PROPS + [
        ["c", "write", "hello"], ["pump"], ["s", "read", 100], ["s", "read", 100],
        ["s", "write_n", 50000], ["pump"], ["c", "read_n", 50000],
        ["c", "write_n", 70000], ["pump"], ["s", "read_n", 70000], ["c", "read", 10],
        ["c", "write", ""], ["c", "read", 0]],
    "before_handshake": [
        ["c", "read", 10], ["c", "read", 0], ["c", "write", "x"], ["s", "do_handshake"],
        ["c", "getpeercert"], ["c", "getpeercert_der_len"], ["c", "cipher"], ["c", "version"],
        ["c", "unwrap"], ["s", "unwrap"], ["c", "cb"], ["c", "cb", "foo"],
        ["c", "session_reused"], ["s", "session_is_none"], ["c", "session_is_none"],
        ["c", "pending"],
        ["c", "alpn"], ["c", "chain_len", True], ["c", "chain_len", False],
        ["c", "server_hostname"], ["c", "set_session_none"]],
    "implicit_handshake": [
        ["c", "write", "ping"], ["pump"], ["s", "read", 10], ["pump"], ["c", "write", "ping"],
        ["pump"], ["s", "read", 10], ["pump"], ["c", "read", 10], ["s", "version"]],
    "eof_mid_record": HS + [
        ["c", "write", "hello world"], ["pump_part", "c", 7], ["s", "read", 10],
        ["eof", "s"], ["s", "read", 10], ["s", "read", 10], ["s", "write", "x"]],
    "eof_at_boundary": HS + [
        ["eof", "s"], ["s", "read", 10], ["s", "write", "x"], ["s", "unwrap"]],
    "eof_during_handshake": [
        ["c", "do_handshake"], ["pump"], ["eof", "s"], ["s", "do_handshake"],
        ["eof", "c"], ["c", "do_handshake"], ["c", "do_handshake"]],
    "eof_before_handshake": [["eof", "c"], ["c", "do_handshake"], ["c", "read", 5]],
    "unwrap_client_first": HS + [
        ["c", "unwrap"], ["pump"], ["s", "read", 10], ["s", "read", 10], ["s", "unwrap"],
        ["pump"], ["c", "unwrap"], ["c", "read", 10], ["c", "write", "a"],
        ["s", "write", "a"], ["s", "unwrap"], ["c", "unwrap"]],
    "unwrap_server_first": HS + [
        ["s", "unwrap"], ["pump"], ["c", "read", 10], ["c", "unwrap"], ["pump"],
        ["s", "unwrap"], ["s", "read", 10], ["s", "write", "b"]],
    "data_after_close_notify": HS + [
        ["c", "unwrap"], ["pump"], ["s", "read", 10], ["s", "write", "x"], ["s", "unwrap"],
        ["pump"], ["c", "unwrap"], ["c", "read", 10]],
    "data_then_close": HS + [
        ["s", "write", "bye"], ["s", "unwrap"], ["pump"], ["c", "read", 10],
        ["c", "read", 10], ["c", "pending"], ["c", "unwrap"], ["pump"], ["s", "unwrap"]],
    "memory_bio": [
        ["m", "pending"], ["m", "read", 5], ["m", "write", "abc"], ["m", "write", ""],
        ["m", "pending"], ["m", "eof"], ["m", "read", 1], ["m", "write_eof"], ["m", "eof"],
        ["m", "write", "x"], ["m", "read", -1], ["m", "eof"], ["m", "read", -1],
        ["m", "write_eof"]],
}

# ---- the driver: the same code runs here and in the oracle -----------------------------

DRIVER = r'''
import hashlib, json

def outcome(f):
    try:
        return ["OK", f()]
    except Exception as e:
        return describe(e)

def pattern(n):
    return bytes((i * 7 + 3) % 256 for i in range(n))

class Conn:
    def __init__(self, make):
        self.c = make("c")
        self.s = make("s")
        self.m = new_bio()

    def side(self, name):
        return self.c if name == "c" else self.s

    def pump(self):
        moved = 0
        for a, b in ((self.c, self.s), (self.s, self.c)):
            data = a.outgoing.read()
            moved += len(data)
            if data:
                b.incoming.write(data)
        return moved

    def handshake(self):
        done = {"c": None, "s": None}
        for _ in range(10):
            for name in ("c", "s"):
                if done[name] != ["OK", None]:
                    done[name] = outcome(self.side(name).obj.do_handshake)
            self.pump()
            if done["c"] == done["s"] == ["OK", None]:
                break
        return [done["c"], done["s"]]

def read_n(obj, n):
    got = b""
    while len(got) < n:
        chunk = obj.read(n - len(got))
        if not chunk:
            break
        got += chunk
    return [len(got), got == pattern(n)]

def bio_step(m, op, args):
    if op == "read":
        return outcome(lambda: m.read(*args).decode("latin-1"))
    if op == "write":
        return outcome(lambda: m.write(args[0].encode()))
    if op == "write_eof":
        return outcome(m.write_eof)
    return outcome(lambda: getattr(m, op))

def obj_step(conn, x, op, args):
    o = x.obj
    other = conn.s if x is conn.c else conn.c
    table = {
        "do_handshake": o.do_handshake,
        "read": lambda: o.read(*args).decode("latin-1"),
        "read_n": lambda: read_n(o, args[0]),
        "write": lambda: o.write(args[0].encode()),
        "write_n": lambda: o.write(pattern(args[0])),
        "unwrap": lambda: (o.unwrap(), None)[1],
        "version": o.version,
        "cipher": lambda: list(o.cipher()) if o.cipher() else None,
        "cipher_match": lambda: o.cipher() == other.obj.cipher() and o.cipher() is not None,
        "session_reused": lambda: o.session_reused,
        "session_is_none": lambda: o.session is None,
        "set_session_none": lambda: setattr(o, "session", None),
        "getpeercert": lambda: json.loads(json.dumps(o.getpeercert())),
        "getpeercert_der_len": lambda: len(o.getpeercert(True) or b""),
        "cb": lambda: o.get_channel_binding(*args) is not None,
        "cb_match": lambda: o.get_channel_binding() == other.obj.get_channel_binding(),
        "alpn": o.selected_alpn_protocol,
        "compression": o.compression,
        "pending": o.pending,
        "shared_ciphers": lambda: [list(c) for c in o.shared_ciphers() or []] or None,
        "server_side": lambda: o.server_side,
        "server_hostname": lambda: o.server_hostname,
        "chain_len": lambda: len(o.get_verified_chain() if args[0] else o.get_unverified_chain()),
    }
    return outcome(table[op])

def step(conn, st):
    kind, rest = st[0], st[1:]
    if kind == "hs":
        return conn.handshake()
    if kind == "pump":
        return ["OK", conn.pump() > 0]
    if kind == "pump_part":
        data = conn.side(rest[0]).outgoing.read(rest[1])
        (conn.s if rest[0] == "c" else conn.c).incoming.write(data)
        return ["OK", len(data)]
    if kind == "eof":
        conn.side(rest[0]).incoming.write_eof()
        return ["OK", None]
    if kind == "m":
        return bio_step(conn.m, rest[0], rest[1:])
    return obj_step(conn, conn.side(kind), rest[0], rest[1:])

def run(steps, make):
    conn = Conn(make)
    return [step(conn, st) for st in steps]
'''

PY_SIDE = r'''
import ssl

class PySide:
    def __init__(self, name, version, certs):
        ca, cert, key = certs
        if name == "c":
            ctx = ssl.create_default_context(cafile=ca)
        else:
            ctx = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
            ctx.load_cert_chain(cert, key)
        ctx.maximum_version = ssl.TLSVersion(version)
        self.incoming, self.outgoing = ssl.MemoryBIO(), ssl.MemoryBIO()
        self.obj = ctx.wrap_bio(self.incoming, self.outgoing, server_side=(name == "s"),
                                server_hostname="localhost" if name == "c" else None)

def new_bio():
    return ssl.MemoryBIO()
'''

exec(open(os.path.join(os.path.dirname(os.path.abspath(__file__)), "pyexc.py")).read())
exec(DRIVER)
exec(PY_SIDE)


def oracle_answers(versions):
    code = "\n".join([
        open(os.path.join(os.path.dirname(os.path.abspath(__file__)), "pyexc.py")).read(),
        DRIVER, PY_SIDE,
        "import json, sys",
        "args = json.loads(sys.stdin.read())",
        "out = {}",
        "for v in args['versions']:",
        "    for name, steps in args['scenarios'].items():",
        "        out[f'{v}/{name}'] = run(steps, lambda s: PySide(s, v, args['certs']))",
        "print(json.dumps(out))",
    ])
    stdin = json.dumps({"versions": versions, "scenarios": SCENARIOS, "certs": [CA, CERT, KEY]})
    return harness.oracle(code, stdin=stdin)


# ---- cssl through ctypes, with the SSLObject / MemoryBIO interface --------------------

class CCipher(ctypes.Structure):
    _fields_ = [("name", ctypes.c_char_p), ("protocol", ctypes.c_char_p),
                ("secret_bits", ctypes.c_int)]


class CStoreList(ctypes.Structure):
    _fields_ = [("items", P), ("count", ctypes.c_size_t), ("owner", P)]


def load():
    lib = libcssl.load(os.environ["CSSL_LIB"])
    i, b, s, sz, cp = ctypes.c_int, ctypes.c_bool, ctypes.c_char_p, ctypes.c_size_t, ctypes.c_char_p
    protos = {
        "cssl_create_default_context": (P, [i, cp, cp, P, sz]),
        "cssl_context_load_cert_chain": (i, [P, cp, cp, cp]),
        "cssl_context_set_maximum_version": (i, [P, i]),
        "cssl_context_free": (None, [P]),
        "cssl_memory_bio_new": (P, []),
        "cssl_memory_bio_free": (None, [P]),
        "cssl_memory_bio_write": (i, [P, cp, sz]),
        "cssl_memory_bio_read": (i, [P, cp, sz]),
        "cssl_memory_bio_read_all": (P, [P, ctypes.POINTER(sz)]),
        "cssl_memory_bio_pending": (sz, [P]),
        "cssl_memory_bio_eof": (b, [P]),
        "cssl_memory_bio_write_eof": (i, [P]),
        "cssl_context_wrap_bio": (P, [P, P, P, b, cp, P]),
        "cssl_object_free": (None, [P]),
        "cssl_object_do_handshake": (i, [P]),
        "cssl_object_read": (i, [P, cp, sz]),
        "cssl_object_write": (i, [P, cp, sz]),
        "cssl_object_pending": (i, [P]),
        "cssl_object_unwrap": (i, [P]),
        "cssl_object_version": (s, [P]),
        "cssl_object_cipher": (b, [P, ctypes.POINTER(CCipher)]),
        "cssl_object_shared_ciphers": (ctypes.POINTER(CCipher), [P, ctypes.POINTER(sz)]),
        "cssl_object_compression": (s, [P]),
        "cssl_object_selected_alpn_protocol": (s, [P]),
        "cssl_object_session_reused": (b, [P]),
        "cssl_object_get_session": (P, [P]),
        "cssl_object_set_session": (i, [P, P]),
        "cssl_session_free": (None, [P]),
        "cssl_object_getpeercert": (i, [P, ctypes.POINTER(P)]),
        "cssl_object_getpeercert_der": (i, [P, ctypes.POINTER(P), ctypes.POINTER(sz)]),
        "cssl_object_get_channel_binding": (i, [P, cp, cp, sz]),
        "cssl_object_server_side": (b, [P]),
        "cssl_object_server_hostname": (s, [P]),
        "cssl_object_get_verified_chain": (ctypes.POINTER(CStoreList), [P]),
        "cssl_object_get_unverified_chain": (ctypes.POINTER(CStoreList), [P]),
        "cssl_store_list_free": (None, [P]),
    }
    for name, (res, args) in protos.items():
        f = getattr(lib, name)
        f.restype = res
        f.argtypes = args
    return lib


LIB = load()


class CsslException(Exception):
    def __init__(self):
        e = LIB.cssl_last_error().contents
        self.desc = [LIB.cssl_err_name(e.code).decode(), e.message.decode()]


def describe(exc):  # noqa: F811 - the driver's, extended to cssl's errors
    return exc.desc if isinstance(exc, CsslException) else pyexc.describe(exc)


def check(rc):
    if rc is None or (isinstance(rc, int) and rc < 0):
        raise CsslException()
    return rc


def text(p):
    return None if p is None else p.decode()


class CBio:
    def __init__(self):
        self.p = check(LIB.cssl_memory_bio_new())

    def __del__(self):
        LIB.cssl_memory_bio_free(self.p)

    def write(self, data):
        return check(LIB.cssl_memory_bio_write(self.p, data, len(data)))

    def read(self, n=-1):
        if n < 0:
            size = ctypes.c_size_t()
            buf = check(LIB.cssl_memory_bio_read_all(self.p, ctypes.byref(size)))
            data = ctypes.string_at(buf, size.value)
            LIB.cssl_free(buf)
            return data
        buf = ctypes.create_string_buffer(max(n, 1))
        count = check(LIB.cssl_memory_bio_read(self.p, buf, n))
        return buf.raw[:count]

    def write_eof(self):
        check(LIB.cssl_memory_bio_write_eof(self.p))

    @property
    def pending(self):
        return LIB.cssl_memory_bio_pending(self.p)

    @property
    def eof(self):
        return LIB.cssl_memory_bio_eof(self.p)


class CObject:
    """cssl_object with SSLObject's methods (the ones the driver calls)."""

    p = None

    def __init__(self, ctx, incoming, outgoing, server_side, hostname):
        self.p = check(LIB.cssl_context_wrap_bio(ctx, incoming.p, outgoing.p, server_side,
                                                 None if hostname is None else hostname.encode(),
                                                 None))

    def __del__(self):
        LIB.cssl_object_free(self.p)

    def do_handshake(self):
        check(LIB.cssl_object_do_handshake(self.p))

    def read(self, n=1024):
        if n < 0:
            raise ValueError("size should not be negative")
        buf = ctypes.create_string_buffer(max(n, 1))
        count = check(LIB.cssl_object_read(self.p, buf, n))
        return buf.raw[:count]

    def write(self, data):
        return check(LIB.cssl_object_write(self.p, data, len(data)))

    def unwrap(self):
        check(LIB.cssl_object_unwrap(self.p))

    def version(self):
        return text(LIB.cssl_object_version(self.p))

    def cipher(self):
        c = CCipher()
        if not LIB.cssl_object_cipher(self.p, ctypes.byref(c)):
            return None
        return (c.name.decode(), c.protocol.decode(), c.secret_bits)

    def shared_ciphers(self):
        n = ctypes.c_size_t()
        arr = LIB.cssl_object_shared_ciphers(self.p, ctypes.byref(n))
        if not arr:
            return None
        out = [(arr[k].name.decode(), arr[k].protocol.decode(), arr[k].secret_bits)
               for k in range(n.value)]
        LIB.cssl_free(ctypes.cast(arr, P))
        return out

    def compression(self):
        return text(LIB.cssl_object_compression(self.p))

    def selected_alpn_protocol(self):
        return text(LIB.cssl_object_selected_alpn_protocol(self.p))

    def pending(self):
        return LIB.cssl_object_pending(self.p)

    @property
    def session_reused(self):
        return LIB.cssl_object_session_reused(self.p)

    @property
    def session(self):
        s = LIB.cssl_object_get_session(self.p)
        if s is None:
            if LIB.cssl_last_error().contents.code != 0:
                raise CsslException()
            return None
        LIB.cssl_session_free(s)
        return object()

    @session.setter
    def session(self, value):
        assert value is None
        check(LIB.cssl_object_set_session(self.p, None))

    @property
    def server_side(self):
        return LIB.cssl_object_server_side(self.p)

    @property
    def server_hostname(self):
        return text(LIB.cssl_object_server_hostname(self.p))

    def getpeercert(self, binary_form=False):
        if binary_form:
            der, n = P(), ctypes.c_size_t()
            check(LIB.cssl_object_getpeercert_der(self.p, ctypes.byref(der), ctypes.byref(n)))
            data = ctypes.string_at(der, n.value) if der else None
            LIB.cssl_free(der)
            return data
        cert = P()
        check(LIB.cssl_object_getpeercert(self.p, ctypes.byref(cert)))
        if not cert:
            return None
        js = LIB.cssl_cert_info_to_json(cert)
        value = json.loads(ctypes.string_at(js).decode())
        LIB.cssl_free(js)
        LIB.cssl_cert_info_free(cert)
        return value

    def get_channel_binding(self, cb_type="tls-unique"):
        buf = ctypes.create_string_buffer(128)
        n = check(LIB.cssl_object_get_channel_binding(self.p, cb_type.encode(), buf, 128))
        return buf.raw[:n] if n > 0 else None

    def _chain(self, f):
        lst = check(f(self.p) or None)
        n = lst.contents.count
        LIB.cssl_store_list_free(ctypes.cast(lst, P))
        return [None] * n

    def get_verified_chain(self):
        return self._chain(LIB.cssl_object_get_verified_chain)

    def get_unverified_chain(self):
        return self._chain(LIB.cssl_object_get_unverified_chain)


class CSide:
    def __init__(self, name, version):
        if name == "c":
            self.ctx = check(LIB.cssl_create_default_context(129, CA.encode(), None, None, 0))
        else:
            self.ctx = check(LIB.cssl_create_default_context(130, None, None, None, 0))
            check(LIB.cssl_context_load_cert_chain(self.ctx, CERT.encode(), KEY.encode(), None))
        check(LIB.cssl_context_set_maximum_version(self.ctx, version))
        self.incoming, self.outgoing = CBio(), CBio()
        self.obj = CObject(self.ctx, self.incoming, self.outgoing, name == "s",
                           "localhost" if name == "c" else None)

    def __del__(self):
        self.obj = None
        LIB.cssl_context_free(self.ctx)


def new_bio():  # noqa: F811 - cssl's memory BIO for the "m" steps
    return CBio()


def maker(kinds, version):
    def make(name):
        if kinds[name] == "cssl":
            return CSide(name, version)
        return PySide(name, version, (CA, CERT, KEY))
    return make


# ---- wrap_bio()'s arguments -------------------------------------------------------------

WRAP_CASES = [  # (context purpose, server_side, server_hostname)
    ("client", False, None), ("client", True, None), ("server", False, None),
    ("server", True, None), ("server", True, "x"), ("client", False, ""),
    ("client", False, ".a"), ("client", False, "a..b"), ("client", False, "LocalHost"),
    ("client", False, "127.0.0.1"), ("client", False, "::1"), ("client", False, "a" * 64 + ".com"),
    ("client", False, "ok." + "b" * 70), ("client", False, "xn--bcher-kva.example"),
]

WRAP_ORACLE = r"""
import json, ssl, sys
out = []
for purpose, server_side, name in json.loads(sys.stdin.read()):
    ctx = ssl.create_default_context(ssl.Purpose.SERVER_AUTH if purpose == "client"
                                     else ssl.Purpose.CLIENT_AUTH)
    def wrap():
        o = ctx.wrap_bio(ssl.MemoryBIO(), ssl.MemoryBIO(), server_side=server_side,
                         server_hostname=name)
        return [o.server_hostname, o.server_side, o.session_reused]
    out.append(outcome(wrap))
print(json.dumps(out))
"""


def cssl_wrap(purpose, server_side, name):
    ctx = check(LIB.cssl_create_default_context(129 if purpose == "client" else 130, None, None,
                                                None, 0))
    a, b = CBio(), CBio()
    try:
        o = CObject(ctx, a, b, server_side, name)
        return [o.server_hostname, o.server_side, o.session_reused]
    finally:
        LIB.cssl_context_free(ctx)


def check_wrap_cases(tally):
    code = "\n".join([open(os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                        "pyexc.py")).read(), DRIVER, WRAP_ORACLE])
    want = harness.oracle(code, stdin=json.dumps(WRAP_CASES))
    for case, ref in zip(WRAP_CASES, want):
        tally.check(f"wrap_bio{case}", outcome(lambda: cssl_wrap(*case)), ref)


def main():
    if not (os.environ.get("CSSL_LIB") and harness.PY313):
        harness.skip("needs $CSSL_LIB and the python3.13 oracle")
    versions = [0x303, 0x304]
    want = oracle_answers(versions)
    tally = harness.Tally("object")
    check_wrap_cases(tally)
    modes = {"cssl": {"c": "cssl", "s": "cssl"}, "c->py": {"c": "cssl", "s": "py"},
             "py->c": {"c": "py", "s": "cssl"}}
    for v in versions:
        for name, steps in SCENARIOS.items():
            for mode, kinds in modes.items():
                if name == "memory_bio" and mode != "cssl":
                    continue
                got = run(steps, maker(kinds, v))
                ref = want[f"{v}/{name}"]
                for k, st in enumerate(steps):
                    if kinds.get(st[0]) == "py":
                        continue  # this interpreter's ssl, not cssl: the oracle's business
                    tally.check(f"TLS {v:#x} {name} [{mode}] step {k} {st}", got[k], ref[k])
    tally.finish()


if __name__ == "__main__":
    main()
