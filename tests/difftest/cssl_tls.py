"""libcssl's contexts and sockets through ctypes, shaped like Python's ssl
module, for the connection tests (tests/difftest/test_tls_failures.py and
tests/interop/).  A failing call raises CsslFailure, which carries every
field of cssl_error, so that a test can put it beside the fields of the
Python exception (see py_fields() for the Python side).

Only ctypes and libcssl.py: it runs under any Python 3.
"""
import ctypes
import json
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import libcssl  # noqa: E402

P = ctypes.c_void_p
S = ctypes.c_char_p
I = ctypes.c_int
B = ctypes.c_bool
SZ = ctypes.c_size_t

PROTOCOL_TLS_CLIENT = 16
PROTOCOL_TLS_SERVER = 17
PURPOSE_SERVER_AUTH = 129
PURPOSE_CLIENT_AUTH = 130
CERT_NONE, CERT_OPTIONAL, CERT_REQUIRED = 0, 1, 2
TLS_VERSIONS = {"TLSv1_2": 0x0303, "TLSv1_3": 0x0304}
ERR_WANT = (-4, -5)


class ErrorStruct(ctypes.Structure):
    """cssl_error (include/cssl.h), all of it."""
    _fields_ = [("code", I), ("message", S), ("library", S), ("reason", S),
                ("py_errno", ctypes.c_long), ("verify_code", ctypes.c_long),
                ("verify_message", S), ("sys_errno", I)]


class Cipher(ctypes.Structure):
    _fields_ = [("name", S), ("protocol", S), ("secret_bits", I)]


SNI_CB = ctypes.CFUNCTYPE(I, P, S, P, P)

_PROTOS = {
    "cssl_create_default_context": (P, [I, S, S, P, SZ]),
    "cssl_context_new": (P, [I]),
    "cssl_context_free": (None, [P]),
    "cssl_context_load_cert_chain": (I, [P, S, S, S]),
    "cssl_context_load_verify_locations": (I, [P, S, S, P, SZ]),
    "cssl_context_set_minimum_version": (I, [P, I]),
    "cssl_context_set_maximum_version": (I, [P, I]),
    "cssl_context_set_ciphers": (I, [P, S]),
    "cssl_context_set_verify_mode": (I, [P, I]),
    "cssl_context_set_check_hostname": (I, [P, B]),
    "cssl_context_set_alpn_protocols": (I, [P, ctypes.POINTER(S), SZ]),
    "cssl_context_set_sni_callback": (I, [P, SNI_CB, P]),
    "cssl_context_set_post_handshake_auth": (I, [P, B]),
    "cssl_context_set_options": (I, [P, ctypes.c_uint64]),
    "cssl_context_get_options": (ctypes.c_uint64, [P]),
    "cssl_context_wrap_socket": (P, [P, I, B, B, B, S, P]),
    "cssl_socket_free": (None, [P]),
    "cssl_socket_do_handshake": (I, [P]),
    "cssl_socket_settimeout": (I, [P, ctypes.c_double]),
    "cssl_socket_sendall": (I, [P, S, SZ, I]),
    "cssl_socket_recv": (I, [P, P, SZ, I]),
    "cssl_socket_version": (S, [P]),
    "cssl_socket_cipher": (B, [P, ctypes.POINTER(Cipher)]),
    "cssl_socket_selected_alpn_protocol": (S, [P]),
    "cssl_socket_getpeercert": (I, [P, ctypes.POINTER(P)]),
    "cssl_socket_getpeercert_der": (I, [P, ctypes.POINTER(P), ctypes.POINTER(SZ)]),
    "cssl_socket_get_session": (P, [P]),
    "cssl_socket_session_reused": (I, [P]),
    "cssl_socket_server_hostname": (S, [P]),
    "cssl_socket_set_context": (I, [P, P]),
    "cssl_socket_unwrap": (I, [P]),
    "cssl_socket_verify_client_post_handshake": (I, [P]),
    "cssl_session_free": (None, [P]),
}

LIB = None


def lib():
    global LIB
    if LIB is None:
        LIB = libcssl.load(os.environ["CSSL_LIB"])
        for name, (res, args) in _PROTOS.items():
            f = getattr(LIB, name)
            f.restype = res
            f.argtypes = args
        LIB.cssl_last_error.restype = ctypes.POINTER(ErrorStruct)
    return LIB


def _s(b):
    return None if b is None else b.decode("utf-8", "replace")


def _enc(s):
    return None if s is None else s.encode()


class CsslFailure(Exception):
    """A failed cssl call: the thread's cssl_error, copied."""

    def __init__(self, call):
        e = lib().cssl_last_error().contents
        self.call = call
        self.name = lib().cssl_err_name(e.code).decode()
        self.fields = {"class": self.name, "message": _s(e.message),
                       "library": _s(e.library), "reason": _s(e.reason),
                       "errno": e.py_errno or None, "verify_code": e.verify_code or None,
                       "verify_message": _s(e.verify_message)}
        super().__init__(f"{call}: {self.name}: {self.fields['message']}")


PY_FIELDS = r'''
def py_fields(exc):
    """The Python exception in the terms of CsslFailure.fields."""
    import pyexc
    errno = getattr(exc, "errno", None)
    return {"class": pyexc.cssl_name(exc), "message": pyexc.cssl_message(exc),
            "library": getattr(exc, "library", None), "reason": getattr(exc, "reason", None),
            "errno": errno if isinstance(errno, int) and errno else None,
            "verify_code": getattr(exc, "verify_code", None) or None,
            "verify_message": getattr(exc, "verify_message", None)}
'''
exec(PY_FIELDS)


def _check(call, rc):
    if rc is None or (isinstance(rc, int) and rc < 0):
        raise CsslFailure(call)
    return rc


class Context:
    def __init__(self, protocol=None, purpose=None, cafile=None):
        L = lib()
        if purpose is not None:
            self.p = L.cssl_create_default_context(purpose, _enc(cafile), None, None, 0)
        else:
            self.p = L.cssl_context_new(protocol)
        _check("context", self.p)
        self._keep = []

    def __del__(self):
        if getattr(self, "p", None) and LIB is not None:
            LIB.cssl_context_free(self.p)
            self.p = None

    def load_cert_chain(self, certfile, keyfile=None, password=None):
        _check("load_cert_chain", lib().cssl_context_load_cert_chain(
            self.p, _enc(certfile), _enc(keyfile), _enc(password)))

    def load_verify_locations(self, cafile):
        _check("load_verify_locations",
               lib().cssl_context_load_verify_locations(self.p, _enc(cafile), None, None, 0))

    def set_versions(self, minimum=None, maximum=None):
        if minimum:
            _check("minimum_version",
                   lib().cssl_context_set_minimum_version(self.p, TLS_VERSIONS[minimum]))
        if maximum:
            _check("maximum_version",
                   lib().cssl_context_set_maximum_version(self.p, TLS_VERSIONS[maximum]))

    def set_ciphers(self, ciphers):
        _check("set_ciphers", lib().cssl_context_set_ciphers(self.p, _enc(ciphers)))

    def set_verify_mode(self, mode):
        _check("verify_mode", lib().cssl_context_set_verify_mode(self.p, mode))

    def set_check_hostname(self, check):
        _check("check_hostname", lib().cssl_context_set_check_hostname(self.p, check))

    def set_post_handshake_auth(self, on):
        _check("post_handshake_auth", lib().cssl_context_set_post_handshake_auth(self.p, on))

    def set_options(self, bits):
        opts = lib().cssl_context_get_options(self.p) | bits
        _check("options", lib().cssl_context_set_options(self.p, opts))

    def set_alpn_protocols(self, protocols):
        arr = (S * len(protocols))(*[p.encode() for p in protocols])
        self._keep.append(arr)
        _check("set_alpn_protocols",
               lib().cssl_context_set_alpn_protocols(self.p, arr, len(protocols)))

    def set_sni_callback(self, fn):
        """fn(sock_pointer, server_name) -> None or an alert number."""
        def cb(conn, name, _ctx, _arg):
            r = fn(conn, _s(name))
            return -1 if r is None else r
        c = SNI_CB(cb)
        self._keep.append(c)
        _check("set_sni_callback", lib().cssl_context_set_sni_callback(self.p, c, None))

    def wrap_socket(self, sock, server_side=False, server_hostname=None, session=None,
                    timeout=None, do_handshake=True):
        """Wrap a Python socket (detached into the cssl socket)."""
        s = Socket(lib().cssl_context_wrap_socket(self.p, sock.detach(), server_side, False, True,
                                                  _enc(server_hostname),
                                                  session.p if session else None))
        if timeout is not None:
            s.settimeout(timeout)
        if do_handshake:
            s.do_handshake()
        return s


class Session:
    def __init__(self, p):
        self.p = p

    def __del__(self):
        if self.p and LIB is not None:
            LIB.cssl_session_free(self.p)


class Socket:
    def __init__(self, p):
        _check("wrap_socket", p)
        self.p = p

    def close(self):
        if self.p:
            lib().cssl_socket_free(self.p)
            self.p = None

    __del__ = close

    def settimeout(self, t):
        _check("settimeout", lib().cssl_socket_settimeout(self.p, -1.0 if t is None else t))

    def do_handshake(self):
        _check("do_handshake", lib().cssl_socket_do_handshake(self.p))

    def sendall(self, data):
        _check("sendall", lib().cssl_socket_sendall(self.p, data, len(data), 0))

    def recv(self, n):
        buf = ctypes.create_string_buffer(max(n, 1))
        got = _check("recv", lib().cssl_socket_recv(self.p, buf, n, 0))
        return buf.raw[:got]

    def recv_exactly(self, n):
        out = b""
        while len(out) < n:
            chunk = self.recv(n - len(out))
            if not chunk:
                break
            out += chunk
        return out

    def version(self):
        return _s(lib().cssl_socket_version(self.p))

    def cipher(self):
        c = Cipher()
        if not lib().cssl_socket_cipher(self.p, ctypes.byref(c)):
            return None
        return (_s(c.name), _s(c.protocol), c.secret_bits)

    def selected_alpn_protocol(self):
        return _s(lib().cssl_socket_selected_alpn_protocol(self.p))

    def getpeercert(self):
        L = lib()
        info = P()
        _check("getpeercert", L.cssl_socket_getpeercert(self.p, ctypes.byref(info)))
        if not info.value:
            return None
        text = L.cssl_cert_info_to_json(info)
        try:
            return json.loads(ctypes.string_at(text).decode())
        finally:
            L.cssl_free(text)
            L.cssl_cert_info_free(info)

    def getpeercert_der(self):
        L = lib()
        der, n = P(), SZ()
        _check("getpeercert_der", L.cssl_socket_getpeercert_der(self.p, ctypes.byref(der),
                                                                 ctypes.byref(n)))
        if not der.value:
            return None
        try:
            return ctypes.string_at(der, n.value)
        finally:
            L.cssl_free(der)

    @property
    def session(self):
        p = lib().cssl_socket_get_session(self.p)
        return Session(p) if p else None

    @property
    def session_reused(self):
        r = lib().cssl_socket_session_reused(self.p)
        return None if r < 0 else bool(r)

    @property
    def server_hostname(self):
        return _s(lib().cssl_socket_server_hostname(self.p))

    def unwrap(self):
        """TLS shutdown; returns the plain fd (the caller's from then on)."""
        return _check("unwrap", lib().cssl_socket_unwrap(self.p))

    def verify_client_post_handshake(self):
        _check("verify_client_post_handshake",
               lib().cssl_socket_verify_client_post_handshake(self.p))


def set_context(conn, ctx):
    """What an SNI callback does: switch the connection to ctx."""
    _check("set_context", lib().cssl_socket_set_context(conn, ctx.p))
