"""cssl's Unicode tables against Python 3.13, over every code point.

1. The character properties (unicode.c): tests/unit/test_unicode --dump lists
   every non-printable run, space run, decimal digit and lower() / title()
   mapping as cssl computes them; python3.13 computes the same listing with
   str.isprintable(), str.isspace(), unicodedata.decimal(), str.lower() and
   str.title().
2. repr() and json.dumps() of every code point but the surrogates, through
   the public API: a dict whose 'OCSP' tuple holds all of them, 256 to a
   string, rendered by cssl_cert_info_to_repr / _to_json / _to_pprint.
"""
import ctypes
import json
import os
import subprocess
import sys

sys.path.insert(0, os.path.dirname(__file__))
import harness  # noqa: E402
import libcssl  # noqa: E402

PROPERTIES_ORACLE = r"""
import json, unicodedata
MAX = 0x10FFFF
lines = []
def runs(name, pred):
    cp = 0
    while cp <= MAX:
        if pred(cp):
            first = cp
            while cp + 1 <= MAX and pred(cp + 1):
                cp += 1
            lines.append("%s %X %X" % (name, first, cp))
        cp += 1
runs("nonprintable", lambda cp: not chr(cp).isprintable())
runs("space", lambda cp: chr(cp).isspace())
for cp in range(MAX + 1):
    d = unicodedata.decimal(chr(cp), -1)
    if d >= 0:
        lines.append("decimal %X %d" % (cp, d))
for name, fn in (("lower", str.lower), ("title", str.title)):
    for cp in range(MAX + 1):
        m = fn(chr(cp))
        if m != chr(cp):
            lines.append("%s %X %s" % (name, cp, " ".join("%X" % ord(c) for c in m)))
print(json.dumps(lines))
"""

RENDER_ORACLE = r"""
import json, pprint, sys
d = {"OCSP": tuple(json.load(sys.stdin))}
print(json.dumps([json.dumps(d), repr(d), pprint.pformat(d)]))
"""


def check_properties(t):
    build = os.environ.get("CSSL_BUILD_DIR", "")
    exe = os.path.join(build, "tests", "test_unicode")
    if not os.path.exists(exe):
        harness.skip(f"{exe} not built")
    got = subprocess.run([exe, "--dump"], capture_output=True, text=True, check=True).stdout
    got = got.splitlines()
    want = harness.oracle(PROPERTIES_ORACLE)
    for prop in ("nonprintable", "space", "decimal", "lower", "title"):
        g = [line for line in got if line.startswith(prop + " ")]
        w = [line for line in want if line.startswith(prop + " ")]
        diff = sorted(set(g) ^ set(w))
        t.check(f"{prop}: {len(w)} lines, differences {diff[:10]}", g, w)


def check_every_code_point(t, lib_path):
    chars = [chr(cp) for cp in range(0x110000) if not 0xD800 <= cp <= 0xDFFF]
    strings = ["".join(chars[i:i + 256]) for i in range(0, len(chars), 256)]
    text = json.dumps({"OCSP": strings}).encode()
    want = harness.oracle(RENDER_ORACLE, stdin=json.dumps(strings))
    lib = libcssl.load(lib_path)
    cert = lib.cssl_cert_info_from_json(text, len(text))
    if not t.check("every code point: parsed", bool(cert), True):
        return
    for i, name in enumerate(("to_json", "to_repr", "to_pprint")):
        p = getattr(lib, "cssl_cert_info_" + name)(cert)
        got = ctypes.string_at(p).decode("utf-8")
        lib.cssl_free(p)
        if got != want[i]:
            at = next(k for k in range(min(len(got), len(want[i])) + 1)
                      if got[k:k + 1] != want[i][k:k + 1])
            t.check(f"every code point {name}: first difference at {at}",
                    got[at - 40:at + 40], want[i][at - 40:at + 40])
        else:
            t.check(f"every code point {name}", got, want[i])
    lib.cssl_cert_info_free(cert)


def main():
    lib_path = os.environ.get("CSSL_LIB")
    if not lib_path or not os.path.exists(lib_path):
        harness.skip("CSSL_LIB (libcssl) not found")
    libcssl.load(lib_path)  # first: may re-run this script under a sanitizer
    t = harness.Tally("unicode")
    check_properties(t)
    check_every_code_point(t, lib_path)
    t.finish()


if __name__ == "__main__":
    main()
