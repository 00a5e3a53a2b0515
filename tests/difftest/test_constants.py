"""Constants, HAS_* and versions: cssl against Python's ssl module.

For python3.13 (today's API) every module-level constant and every member of
every collection must exist in cssl with the same value, in the same order,
and `cssl constants [COLLECTION] [--json]` must print exactly what
json.dumps() / repr() print.  For python3.11 every name it has must exist in
cssl with the same value (3.11 lacks OP_ENABLE_KTLS, OP_LEGACY_SERVER_CONNECT
and HAS_PSK, which cssl has as 3.13 does).  The library is also called
directly through ctypes ($CSSL_LIB) for the functions the CLI does not show.
"""
import ctypes
import json
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import harness  # noqa: E402

COLLECTIONS = ["VerifyMode", "VerifyFlags", "Options", "AlertDescription",
               "SSLErrorNumber", "TLSVersion", "_SSLMethod", "Purpose"]

# Runs in the oracle: module-level constants and collections, as plain
# JSON values (enum members become ints, tuples lists), in Python's order.
ORACLE = r"""
import json, re, ssl
PREFIX = re.compile(r"(CERT_|VERIFY_|PROTOCOL_|OP_|ALERT_DESCRIPTION_|SSL_ERROR_|HAS_"
                    r"|OPENSSL_VERSION|CHANNEL_BINDING_TYPES)")
def plain(v):
    if isinstance(v, bool) or isinstance(v, str):
        return v
    if isinstance(v, int):
        return int(v)
    return [plain(x) for x in v]
module = {n: plain(getattr(ssl, n)) for n in sorted(dir(ssl)) if PREFIX.match(n)}
colls = {}
for c in %r:
    colls[c] = {n: plain(m.value) for n, m in getattr(ssl, c).__members__.items()}
protocol_names = {str(i): ssl.get_protocol_name(i) for i in range(-3, 40)}
try:
    ssl.Purpose(131)
    purpose_err = None
except ValueError as e:
    purpose_err = str(e)
print(json.dumps({"module": module, "collections": colls, "protocol_names": protocol_names,
                  "purpose_err": purpose_err}))
""" % (COLLECTIONS,)


def text_lines(d, tuples):
    """The "NAME = repr(value)" lines; names in `tuples` hold tuples."""
    out = []
    for n, v in d.items():
        if isinstance(v, list) and (n in tuples):
            out.append(f"{n} = {tuple(v)!r}")
        else:
            out.append(f"{n} = {v!r}")
    return out


def cli_json(tally, label, *args):
    rc, out, err = harness.cli("constants", *args, "--json")
    if not tally.check(f"{label}: exit status", (rc, err), (0, "")):
        return None
    return out


def compare_module(tally, py, version, exact):
    out = cli_json(tally, f"{version} module")
    if out is None:
        return
    ours = json.loads(out)
    want = py["module"]
    for name, value in want.items():
        tally.check(f"{version} ssl.{name}", ours.get(name, "<missing>"), value)
    if exact:
        tally.check(f"{version} module-level names", sorted(ours), sorted(want))
        tally.check(f"{version} module --json text", out, json.dumps(want) + "\n")
        rc, text, _ = harness.cli("constants")
        lines = text_lines(want, {"OPENSSL_VERSION_INFO"})
        tally.check(f"{version} module text", (rc, text), (0, "\n".join(lines) + "\n"))


def compare_collection(tally, py, version, coll, exact):
    want = py["collections"][coll]
    out = cli_json(tally, f"{version} {coll}", coll)
    if out is None:
        return
    ours = json.loads(out)
    for name, value in want.items():
        tally.check(f"{version} {coll}.{name}", ours.get(name, "<missing>"), value)
    common = [n for n in ours if n in want]
    tally.check(f"{version} {coll} order", common, list(want))
    if exact:
        tally.check(f"{version} {coll} --json text", out, json.dumps(want) + "\n")
        rc, text, _ = harness.cli("constants", coll)
        lines = text_lines(want, set(want) if coll == "Purpose" else set())
        tally.check(f"{version} {coll} text", (rc, text), (0, "\n".join(lines) + "\n"))


def compare_errors(tally):
    rc, out, err = harness.cli("constants", "NoSuchThing")
    tally.check("unknown collection", (rc, out, err),
                (2, "", "ValueError: unknown constant collection 'NoSuchThing'\n"))
    rc, out, _ = harness.cli("constants", "Options", "VerifyMode")
    tally.check("two collections is a usage error", (rc, out), (2, ""))
    rc, out, _ = harness.cli("constants", "--bogus")
    tally.check("unknown option is a usage error", (rc, out), (2, ""))
    rc, out, _ = harness.cli("constants", "--help")
    tally.check("--help", (rc, out.startswith("usage: cssl constants")), (0, True))


def load_lib():
    path = os.environ.get("CSSL_LIB")
    if not path or not os.path.exists(path):
        return None
    try:
        lib = ctypes.CDLL(path)
    except OSError as e:
        # A sanitizer build of libcssl cannot be loaded into a plain
        # interpreter; the CLI comparisons still cover it.
        if "__asan" in str(e) or "__ubsan" in str(e) or "__tsan" in str(e):
            print(f"note: {path} is a sanitizer build; library comparisons skipped")
            return None
        raise
    lib.cssl_get_protocol_name.restype = ctypes.c_char_p
    lib.cssl_get_protocol_name.argtypes = [ctypes.c_int]
    lib.cssl_has.restype = ctypes.c_bool
    lib.cssl_has.argtypes = [ctypes.c_int]
    lib.cssl_feature_name.restype = ctypes.c_char_p
    lib.cssl_feature_name.argtypes = [ctypes.c_int]
    lib.cssl_openssl_version.restype = ctypes.c_char_p
    lib.cssl_openssl_version_number.restype = ctypes.c_ulong
    lib.cssl_channel_binding_types.restype = ctypes.POINTER(ctypes.c_char_p)
    lib.cssl_purpose_object.restype = ctypes.c_void_p
    lib.cssl_purpose_object.argtypes = [ctypes.c_int]
    lib.cssl_last_error.restype = ctypes.POINTER(Error)
    return lib


class Error(ctypes.Structure):
    """The first two fields of cssl_error."""
    _fields_ = [("code", ctypes.c_int), ("message", ctypes.c_char_p)]


class Asn1Object(ctypes.Structure):
    _fields_ = [("nid", ctypes.c_int), ("shortname", ctypes.c_char_p),
                ("longname", ctypes.c_char_p), ("oid", ctypes.c_char_p)]


def compare_library(tally, lib, py):
    want_module = py["module"]
    names = {int(k): v for k, v in py["protocol_names"].items()}
    for code, name in names.items():
        tally.check(f"get_protocol_name({code})", lib.cssl_get_protocol_name(code).decode(), name)
    f = 0
    while lib.cssl_feature_name(f) is not None:
        name = lib.cssl_feature_name(f).decode()
        tally.check(f"cssl_has({name})", lib.cssl_has(f), want_module.get(name, "<missing>"))
        f += 1
    tally.check("HAS_* count", f, sum(1 for n in want_module if n.startswith("HAS_")))
    tally.check("OPENSSL_VERSION", lib.cssl_openssl_version().decode(), want_module["OPENSSL_VERSION"])
    tally.check("OPENSSL_VERSION_NUMBER", lib.cssl_openssl_version_number(),
                want_module["OPENSSL_VERSION_NUMBER"])
    info = (ctypes.c_int * 5)()
    lib.cssl_openssl_version_info(info)
    tally.check("OPENSSL_VERSION_INFO", list(info), want_module["OPENSSL_VERSION_INFO"])
    types, got = lib.cssl_channel_binding_types(), []
    while types[len(got)] is not None:
        got.append(types[len(got)].decode())
    tally.check("CHANNEL_BINDING_TYPES", got, want_module["CHANNEL_BINDING_TYPES"])
    for name, value in py["collections"]["Purpose"].items():
        o = Asn1Object.from_address(lib.cssl_purpose_object(value[0]))
        tally.check(f"Purpose.{name}", [o.nid, o.shortname.decode(), o.longname.decode(),
                                        o.oid.decode()], value)
    tally.check("Purpose(131) fails", lib.cssl_purpose_object(131), None)
    e = lib.cssl_last_error().contents
    tally.check("Purpose(131) error", (e.code, e.message.decode()), (-9, py["purpose_err"]))


def main():
    tally = harness.Tally("constants")
    oracles = [(v, p) for v, p in (("3.13", harness.PY313), ("3.11", harness.PY311)) if p]
    if not oracles:
        harness.skip("no Python oracle interpreter found (python3.13 / python3.11)")
    if not any(v == "3.13" for v, _ in oracles):
        print("note: python3.13 not found; exact comparisons skipped")
    lib = load_lib()
    for version, python in oracles:
        py = harness.oracle(ORACLE, python=python)
        exact = version == "3.13"
        compare_module(tally, py, version, exact)
        for coll in COLLECTIONS:
            compare_collection(tally, py, version, coll, exact)
        if exact and lib is not None:
            compare_library(tally, lib, py)
        names = len(py["module"]) + sum(len(m) for m in py["collections"].values())
        print(f"python{version}: {len(py['module'])} module-level names, "
              f"{names - len(py['module'])} collection members")
    if lib is None and not os.environ.get("CSSL_LIB"):
        print("note: CSSL_LIB not set; library comparisons skipped")
    compare_errors(tally)
    tally.finish()


if __name__ == "__main__":
    main()
