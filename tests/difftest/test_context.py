"""SSLContext side by side: the same scenario (construct, set, get, load)
run against libcssl through ctypes and against Python 3.13's ssl module.
Every step must give the same value, or the same error class and message.
"""
import ctypes
import json
import os
import sys
import tempfile

sys.path.insert(0, os.path.dirname(__file__))
import harness  # noqa: E402
import libcssl  # noqa: E402

LIB_PATH = os.environ.get("CSSL_LIB")
if not LIB_PATH or not os.path.exists(LIB_PATH):
    harness.skip("libcssl not built (CSSL_LIB)")
lib = libcssl.load(LIB_PATH)  # a sanitizer build: re-runs under its runtime

C = ctypes
P = C.c_void_p


class Error(C.Structure):
    _fields_ = [("code", C.c_int), ("message", C.c_char_p), ("library", C.c_char_p),
                ("reason", C.c_char_p), ("py_errno", C.c_long), ("verify_code", C.c_long),
                ("verify_message", C.c_char_p), ("sys_errno", C.c_int)]


class SessionStats(C.Structure):
    _fields_ = [(n, C.c_long) for n in ("number", "connect", "connect_good", "connect_renegotiate",
                                        "accept", "accept_good", "accept_renegotiate", "hits",
                                        "misses", "timeouts", "cache_full")]


class StoreStats(C.Structure):
    _fields_ = [("x509", C.c_long), ("crl", C.c_long), ("x509_ca", C.c_long)]


class CipherInfo(C.Structure):
    _fields_ = [("id", C.c_ulong), ("name", C.c_char_p), ("protocol", C.c_char_p),
                ("description", C.c_char_p), ("strength_bits", C.c_int), ("alg_bits", C.c_int),
                ("aead", C.c_bool), ("symmetric", C.c_char_p), ("digest", C.c_char_p),
                ("kea", C.c_char_p), ("auth", C.c_char_p)]


class CipherList(C.Structure):
    _fields_ = [("items", C.POINTER(CipherInfo)), ("count", C.c_size_t), ("owner", P)]


def fn(name, res, *args):
    f = getattr(lib, name)
    f.restype = res
    f.argtypes = list(args)
    return f


last_error = fn("cssl_last_error", C.POINTER(Error))
err_name = fn("cssl_err_name", C.c_char_p, C.c_int)
ctx_new = fn("cssl_context_new", P, C.c_int)
ctx_default = fn("cssl_create_default_context", P, C.c_int, C.c_char_p, C.c_char_p, C.c_char_p,
                 C.c_size_t)
ctx_free = fn("cssl_context_free", None, P)
GETTERS = {
    "protocol": fn("cssl_context_get_protocol", C.c_int, P),
    "verify_mode": fn("cssl_context_get_verify_mode", C.c_int, P),
    "check_hostname": fn("cssl_context_get_check_hostname", C.c_bool, P),
    "verify_flags": fn("cssl_context_get_verify_flags", C.c_ulong, P),
    "options": fn("cssl_context_get_options", C.c_uint64, P),
    "minimum_version": fn("cssl_context_get_minimum_version", C.c_int, P),
    "maximum_version": fn("cssl_context_get_maximum_version", C.c_int, P),
    "hostname_checks_common_name": fn("cssl_context_get_hostname_checks_common_name", C.c_bool, P),
    "security_level": fn("cssl_context_get_security_level", C.c_int, P),
    "num_tickets": fn("cssl_context_get_num_tickets", C.c_long, P),
    "post_handshake_auth": fn("cssl_context_get_post_handshake_auth", C.c_bool, P),
    "keylog_filename": fn("cssl_context_get_keylog_filename", C.c_char_p, P),
}
SETTERS = {
    "verify_mode": fn("cssl_context_set_verify_mode", C.c_int, P, C.c_int),
    "check_hostname": fn("cssl_context_set_check_hostname", C.c_int, P, C.c_bool),
    "verify_flags": fn("cssl_context_set_verify_flags", C.c_int, P, C.c_ulong),
    "options": fn("cssl_context_set_options", C.c_int, P, C.c_uint64),
    "minimum_version": fn("cssl_context_set_minimum_version", C.c_int, P, C.c_int),
    "maximum_version": fn("cssl_context_set_maximum_version", C.c_int, P, C.c_int),
    "hostname_checks_common_name": fn("cssl_context_set_hostname_checks_common_name", C.c_int, P,
                                      C.c_bool),
    "num_tickets": fn("cssl_context_set_num_tickets", C.c_int, P, C.c_long),
    "post_handshake_auth": fn("cssl_context_set_post_handshake_auth", C.c_int, P, C.c_bool),
    "keylog_filename": fn("cssl_context_set_keylog_filename", C.c_int, P, C.c_char_p),
}
load_cert_chain = fn("cssl_context_load_cert_chain", C.c_int, P, C.c_char_p, C.c_char_p, C.c_char_p)
load_verify = fn("cssl_context_load_verify_locations", C.c_int, P, C.c_char_p, C.c_char_p,
                 C.c_char_p, C.c_size_t)
load_default = fn("cssl_context_load_default_certs", C.c_int, P, C.c_int)
set_ciphers = fn("cssl_context_set_ciphers", C.c_int, P, C.c_char_p)
get_ciphers = fn("cssl_context_get_ciphers", C.POINTER(CipherList), P)
cipher_list_free = fn("cssl_cipher_list_free", None, C.POINTER(CipherList))
set_alpn = fn("cssl_context_set_alpn_protocols", C.c_int, P, C.POINTER(C.c_char_p), C.c_size_t)
load_dh = fn("cssl_context_load_dh_params", C.c_int, P, C.c_char_p)
set_curve = fn("cssl_context_set_ecdh_curve", C.c_int, P, C.c_char_p)
session_stats = fn("cssl_context_session_stats", C.c_int, P, C.POINTER(SessionStats))
store_stats = fn("cssl_context_cert_store_stats", C.c_int, P, C.POINTER(StoreStats))


def s(v):
    return v.decode() if isinstance(v, bytes) else v


def b(v):
    return v.encode() if isinstance(v, str) else v


def error():
    e = last_error().contents
    return {"err": [s(err_name(e.code)), s(e.message)]}


def rc_result(rc, value=None):
    return error() if rc < 0 else {"ok": value}


def c_call(ctx, op, args):
    """One step against libcssl."""
    if op == "get":
        v = GETTERS[args[0]](ctx)
        return {"ok": s(v)}
    if op == "set":
        return rc_result(SETTERS[args[0]](ctx, b(args[1]) if isinstance(args[1], str) else args[1]))
    if op == "load_cert_chain":
        return rc_result(load_cert_chain(ctx, *[b(a) for a in args]))
    if op == "load_verify_locations":
        cafile, capath, cadata = args
        data = b(cadata)
        return rc_result(load_verify(ctx, b(cafile), b(capath), data, len(data or b"")))
    if op == "load_default_certs":
        return rc_result(load_default(ctx, args[0]))
    if op == "set_ciphers":
        return rc_result(set_ciphers(ctx, b(args[0])))
    if op == "set_alpn_protocols":
        arr = (C.c_char_p * len(args[0]))(*[b(p) for p in args[0]])
        return rc_result(set_alpn(ctx, arr, len(args[0])))
    if op == "load_dh_params":
        return rc_result(load_dh(ctx, b(args[0])))
    if op == "set_ecdh_curve":
        return rc_result(set_curve(ctx, b(args[0])))
    if op == "session_stats":
        st = SessionStats()
        rc = session_stats(ctx, C.byref(st))
        return rc_result(rc, {n: getattr(st, n) for n, _ in SessionStats._fields_})
    if op == "cert_store_stats":
        st = StoreStats()
        rc = store_stats(ctx, C.byref(st))
        return rc_result(rc, {"x509": st.x509, "crl": st.crl, "x509_ca": st.x509_ca})
    if op == "get_ciphers":
        lst = get_ciphers(ctx)
        if not lst:
            return error()
        out = []
        for i in range(lst.contents.count):
            c = lst.contents.items[i]
            out.append({k: s(getattr(c, k)) for k, _ in CipherInfo._fields_})
        cipher_list_free(lst)
        return {"ok": out}
    raise KeyError(op)


def c_run(scenario):
    make, margs = scenario[0][0], scenario[0][1:]
    if make == "new":
        ctx = ctx_new(margs[0])
    else:
        purpose, cafile, capath, cadata = margs
        data = b(cadata)
        ctx = ctx_default(purpose, b(cafile), b(capath), data, len(data or b""))
    if not ctx:
        return [error()]
    out = [{"ok": None}]
    for step in scenario[1:]:
        out.append(c_call(ctx, step[0], step[1:]))
    ctx_free(ctx)
    return out


ORACLE = r"""
import json, ssl, sys, warnings
sys.path.insert(0, %(dir)r)
from pyexc import describe
warnings.simplefilter("ignore")
PURPOSE = {129: ssl.Purpose.SERVER_AUTH, 130: ssl.Purpose.CLIENT_AUTH}

def step(ctx, op, args):
    if op == "get":
        v = getattr(ctx, args[0])
        return int(v) if not isinstance(v, (bool, str, type(None))) else v
    if op == "set":
        setattr(ctx, args[0], args[1]); return None
    if op == "load_default_certs":
        return ctx.load_default_certs(PURPOSE[args[0]])
    if op == "get_ciphers":
        return ctx.get_ciphers()
    return getattr(ctx, op)(*args)

results = []
for scenario in json.loads(sys.stdin.read()):
    out = []
    make, margs = scenario[0][0], scenario[0][1:]
    try:
        if make == "new":
            ctx = ssl.SSLContext(margs[0])
        else:
            purpose = PURPOSE.get(margs[0]) or ssl._ASN1Object.fromnid(margs[0])
            ctx = ssl.create_default_context(purpose, cafile=margs[1], capath=margs[2], cadata=margs[3])
        out.append({"ok": None})
    except Exception as e:
        results.append([{"err": describe(e)}]); continue
    for st in scenario[1:]:
        try:
            out.append({"ok": step(ctx, st[0], st[1:])})
        except Exception as e:
            out.append({"err": describe(e)})
    results.append(out)
print(json.dumps(results))
"""

GET_ALL = [("get", a) for a in GETTERS]
CERTS = harness.CERTS


def cert(name):
    return os.path.join(CERTS, name)


def scenarios(tmp):
    keylog = os.path.join(tmp, "keys.log")
    pem_ca = open(cert("ca.pem")).read()
    sc = []
    for proto in (2, 3, 4, 5, 16, 17, 42, -1, 0, 1):
        sc.append([("new", proto), *GET_ALL, ("session_stats",), ("cert_store_stats",)])
    for purpose in (129, 130):
        sc.append([("default", purpose, None, None, None), *GET_ALL, ("cert_store_stats",)])
        sc.append([("default", purpose, cert("ca.pem"), None, None), *GET_ALL,
                   ("cert_store_stats",)])
        sc.append([("default", purpose, None, None, pem_ca), ("cert_store_stats",)])
    sc.append([("default", 131, None, None, None)])
    sc.append([("default", 99999, None, None, None)])
    sc.append([("default", 129, cert("missing.pem"), None, None)])
    # verify_mode / check_hostname interplay
    for proto in (16, 17, 2):
        sc.append([("new", proto), ("set", "verify_mode", 0), ("get", "verify_mode"),
                   ("set", "check_hostname", False), ("set", "verify_mode", 0),
                   ("get", "verify_mode"), ("set", "check_hostname", True),
                   ("get", "verify_mode"), ("set", "verify_mode", 1),
                   ("set", "check_hostname", True), ("get", "verify_mode"),
                   ("set", "verify_mode", 42), ("set", "verify_mode", -1),
                   ("get", "check_hostname")])
    # versions
    for proto in (16, 5):
        steps = [("new", proto)]
        for v in (-2, -1, 0x303, 0x304, 42, 0x305):
            steps += [("set", "minimum_version", v), ("get", "minimum_version"),
                      ("set", "maximum_version", v), ("get", "maximum_version")]
        sc.append(steps)
    # options, flags, misc
    sc.append([("new", 16), ("set", "options", 0), ("get", "options"),
               ("set", "options", 0x82520050 | 0x4000), ("get", "options"),
               ("set", "verify_flags", 0), ("get", "verify_flags"),
               ("set", "verify_flags", 0x88020 | 4), ("get", "verify_flags"),
               ("set", "hostname_checks_common_name", False),
               ("get", "hostname_checks_common_name"),
               ("set", "hostname_checks_common_name", True),
               ("get", "hostname_checks_common_name"),
               ("set", "post_handshake_auth", True), ("get", "post_handshake_auth"),
               ("set", "num_tickets", 3), ("set", "num_tickets", -1)])
    sc.append([("new", 17), ("set", "num_tickets", 5), ("get", "num_tickets"),
               ("set", "num_tickets", -1), ("get", "num_tickets"), ("set", "num_tickets", 0),
               ("get", "num_tickets")])
    sc.append([("new", 16), ("set", "keylog_filename", keylog), ("get", "keylog_filename"),
               ("set", "keylog_filename", tmp)])
    # ciphers
    sc.append([("new", 16), ("get_ciphers",), ("set_ciphers", "ECDHE+AESGCM"), ("get_ciphers",),
               ("set_ciphers", "foo"), ("set_ciphers", "")])
    sc.append([("new", 17), ("set_alpn_protocols", ["h2", "http/1.1"]),
               ("set_alpn_protocols", ["h2", ""]), ("set_alpn_protocols", ["x" * 256]),
               ("set_alpn_protocols", [])])
    sc.append([("new", 17), ("set_ecdh_curve", "prime256v1"), ("set_ecdh_curve", "secp384r1"),
               ("set_ecdh_curve", "foo"), ("set_ecdh_curve", "it's")])
    sc.append([("new", 17), ("load_dh_params", cert("ca.pem")),
               ("load_dh_params", cert("missing.pem"))])
    # loading
    sc.append([("new", 17), ("load_cert_chain", cert("server.pem"), cert("server.key"), None),
               ("load_cert_chain", cert("missing.pem"), None, None),
               ("load_cert_chain", cert("server.pem"), cert("client.key"), None),
               ("load_cert_chain", cert("server.key"), None, None),
               ("load_cert_chain", cert("server.pem"), cert("missing.key"), None)])
    sc.append([("new", 16), ("load_verify_locations", None, None, None),
               ("load_verify_locations", cert("missing.pem"), None, None),
               ("load_verify_locations", cert("server.key"), None, None),
               ("load_verify_locations", None, None, "broken"),
               ("load_verify_locations", None, None, "junk" + pem_ca + "junk" + pem_ca),
               ("cert_store_stats",),
               ("load_verify_locations", cert("ca.pem"), None, None), ("cert_store_stats",),
               ("load_verify_locations", None, tmp, None), ("cert_store_stats",),
               ("load_default_certs", 129), ("load_default_certs", 130)])
    return sc


def main():
    t = harness.Tally("context")
    with tempfile.TemporaryDirectory() as tmp:
        sc = scenarios(tmp)
        here = os.path.dirname(os.path.abspath(__file__))
        want = harness.oracle(ORACLE % {"dir": here}, stdin=json.dumps(sc))
        got = [c_run(s_) for s_ in sc]
    for i, (g, w) in enumerate(zip(got, want)):
        for j, (gs, ws) in enumerate(zip(g, w)):
            t.check(f"scenario {i} step {j} {sc[i][j]!r}", gs, ws)
        t.check(f"scenario {i} length", len(g), len(w))
    t.finish()


if __name__ == "__main__":
    main()
