"""cssl decode FILE against ssl._ssl._test_decode_cert(FILE).

For every certificate make_certs.py writes (the test certificates, the
decode/ corpus and the decode/bad/ inputs), plus keys, a missing file and a
directory:
  cssl decode --json FILE  == json.dumps(_test_decode_cert(FILE))
  cssl decode --repr FILE  == repr(...)
  cssl decode FILE         == pprint.pformat(...)
in python3.13 and python3.11, or the same error class and message (stderr
"ErrorName: message", exit status 2).  A BIT STRING name value is bytes in
Python, which json.dumps() refuses: there --json must fail with the same
TypeError.  The same certificates converted to
DER must decode to the same dict (cssl's DER extension).
"""
import base64
import glob
import json
import os
import re
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import harness  # noqa: E402

# Runs in the oracle: decode each path given on stdin; errors are reported
# by the nearest class cssl has (UnicodeDecodeError is a ValueError) and
# str() without CPython's " (_ssl.c:NNNN)" suffix.
ORACLE = r'''
import json, pprint, re, ssl, sys
CSSL_NAMES = {"OSError", "SSLError", "ValueError", "TypeError", "MemoryError"}
out = {}
for path in json.loads(sys.stdin.read()):
    try:
        d = ssl._ssl._test_decode_cert(path)
    except Exception as e:
        name = next(c.__name__ for c in type(e).__mro__ if c.__name__ in CSSL_NAMES)
        out[path] = {"error": name, "message": re.sub(r" \(_ssl\.c:\d+\)$", "", str(e))}
        continue
    r = {"repr": repr(d), "pprint": pprint.pformat(d)}
    try:
        r["json"] = json.dumps(d)
    except TypeError as e:
        r["json_error"] = str(e)
    out[path] = r
print(json.dumps(out))
'''

FORMATS = (("json", ["--json"]), ("repr", ["--repr"]), ("pprint", []))


def inputs():
    certs = harness.CERTS
    files = sorted(glob.glob(os.path.join(certs, "*.pem")) + glob.glob(os.path.join(certs, "*.key")))
    files += sorted(glob.glob(os.path.join(certs, "decode", "*.pem")))
    files += sorted(glob.glob(os.path.join(certs, "decode", "bad", "*")))
    files += [os.path.join(certs, "no-such-file.pem"), os.path.join(certs, "decode")]
    return files


def ask(python, paths):
    """The oracle's answers; an error depends on what OpenSSL's error queue
    held before (CPython never clears it), so each failing file is asked
    again in a fresh interpreter, as cssl starts each call with it empty."""
    answers = harness.oracle(ORACLE, python=python, stdin=json.dumps(paths))
    for path in [p for p in paths if "error" in answers[p]]:
        answers.update(harness.oracle(ORACLE, python=python, stdin=json.dumps([path])))
    return answers


def expected(want, fmt):
    """(exit status, stdout, stderr) Python's answer gives for one format.
    A dict holding bytes (a BIT STRING name value) has a repr and a pprint
    but no JSON: json.dumps() raises TypeError, which cssl prints."""
    if "error" in want:
        return 2, "", f"{want['error']}: {want['message']}\n"
    if fmt == "json" and "json_error" in want:
        return 2, "", f"TypeError: {want['json_error']}\n"
    return 0, want[fmt] + "\n", ""


def check_file(t, label, path, want):
    for fmt, flags in FORMATS:
        rc, out, err = harness.cli("decode", *flags, path)
        t.check(f"{label} {fmt}", (rc, out, err), expected(want, fmt))


def first_pem_der(path):
    with open(path, "rb") as f:
        text = f.read().decode("ascii", "replace")
    m = re.search(r"-----BEGIN (X509 )?CERTIFICATE-----\n(.*?)-----END", text, re.S)
    return base64.b64decode(m.group(2)) if m else None


def check_der(t, label, path, want, tmp):
    if "error" in want:
        return
    der = first_pem_der(path)
    if der is None:
        return
    der_path = os.path.join(tmp, os.path.basename(path) + ".der")
    with open(der_path, "wb") as f:
        f.write(der)
    fmt, flags = ("repr", ["--repr"]) if "json_error" in want else ("json", ["--json"])
    rc, out, err = harness.cli("decode", *flags, der_path)
    t.check(f"{label} as DER ({fmt})", (rc, out, err), expected(want, fmt))


def main():
    if not os.path.isdir(os.path.join(harness.CERTS, "decode")):
        harness.skip(f"no decode corpus in {harness.CERTS} (run tests/certs/make_certs.py)")
    paths = inputs()
    oracles = [(name, py) for name, py in (("3.13", harness.PY313), ("3.11", harness.PY311)) if py]
    if not oracles:
        harness.skip("no Python oracle interpreter found (python3.13 / python3.11)")
    t = harness.Tally("decode")
    with tempfile.TemporaryDirectory() as tmp:
        for name, py in oracles:
            answers = ask(py, paths)
            for path in paths:
                label = f"[{name}] {os.path.relpath(path, harness.CERTS)}"
                check_file(t, label, path, answers[path])
                check_der(t, label, path, answers[path], tmp)
    t.finish()


if __name__ == "__main__":
    main()
