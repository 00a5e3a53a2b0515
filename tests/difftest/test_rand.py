"""cssl rand against Python's ssl.RAND_bytes(), RAND_status(), RAND_add()
(python3.13) and RAND_pseudo_bytes() (python3.11: removed in 3.12).

Random bytes cannot be compared, so the answers compared are the length,
the cryptographic flag, and the error class and message.
"""
import ctypes
import json
import os
import sys

sys.path.insert(0, os.path.dirname(__file__))
import harness  # noqa: E402

LENGTHS = [0, 1, 2, 15, 16, 17, 32, 100, 1000, 4096, 65536]
NEGATIVE = [-1, -2, -100, -2147483648]

ORACLE = r"""
import json, ssl, sys, warnings
warnings.simplefilter("ignore")
req = json.loads(sys.stdin.read())
pseudo = req["pseudo"]
def call(f, n):
    try:
        r = f(n)
    except Exception as e:
        return [type(e).__name__, str(e)]
    if pseudo:
        return ["ok", len(r[0]), r[1]]
    return ["ok", len(r)]
f = ssl.RAND_pseudo_bytes if pseudo else ssl.RAND_bytes
print(json.dumps({
    "calls": [call(f, n) for n in req["nums"]],
    "status": ssl.RAND_status(),
    "add": repr(ssl.RAND_add(b"seed material", 2.5)),
    "egd": hasattr(ssl, "RAND_egd"),
}))
"""


def error_of(err):
    text = err.decode("utf-8", "surrogateescape")
    name, _, msg = (text[:-1] if text.endswith("\n") else text).partition(": ")
    return [name, msg]


def cssl_call(n, pseudo, raw=False):
    args = ["rand", str(n)] + (["--pseudo"] if pseudo else []) + (["--raw"] if raw else [])
    rc, out, err = harness.cli(*args, binary=True)
    if rc != 0:
        return error_of(err)
    if raw:
        flag = [err.decode().strip() == "True"] if pseudo else []
        return ["ok", len(out)] + flag
    lines = out.decode("ascii").split("\n")
    got = ["ok", len(bytes.fromhex(lines[0]))]
    return got + [lines[1] == "True"] if pseudo else got


def check_functions(tally, want):
    rc, out, _ = harness.cli("rand", "--status", binary=True)
    tally.check("RAND_status", (rc, out), (0, f"{want['status']}\n".encode()))
    a = harness.cli("rand", "32", binary=True)[1]
    b = harness.cli("rand", "32", binary=True)[1]
    tally.check("two draws differ", a != b, True)
    lib_path = os.environ.get("CSSL_LIB")
    if not lib_path:
        return
    try:
        lib = ctypes.CDLL(lib_path)
    except OSError as e:  # a sanitizer build cannot be loaded into python
        print(f"note: RAND_add/RAND_egd library checks not run: {e}")
        return
    lib.cssl_rand_add.argtypes = [ctypes.c_char_p, ctypes.c_size_t, ctypes.c_double]
    data = b"seed material"
    rc = lib.cssl_rand_add(data, len(data), 2.5)
    tally.check("RAND_add", "None" if rc == 0 else rc, want["add"])
    lib.cssl_rand_egd.argtypes = [ctypes.c_char_p]
    rc = lib.cssl_rand_egd(b"/dev/egd-pool")
    # Python has no RAND_egd on OpenSSL 3; cssl says NotImplementedError (-12).
    tally.check("RAND_egd absent", rc == -12, not want["egd"])


def run(tally, pseudo, python):
    nums = LENGTHS + NEGATIVE
    want = harness.oracle(ORACLE, python=python, stdin=json.dumps({"nums": nums, "pseudo": pseudo}))
    name = "RAND_pseudo_bytes" if pseudo else "RAND_bytes"
    for n, expected in zip(nums, want["calls"]):
        tally.check(f"{name}({n})", cssl_call(n, pseudo), expected)
        if n >= 0:
            tally.check(f"{name}({n}) --raw", cssl_call(n, pseudo, raw=True), expected)
    return want


def main():
    if not harness.PY313 or not harness.PY311:
        harness.skip("python3.13 and python3.11 oracles are both needed")
    tally = harness.Tally("rand")
    want = run(tally, False, harness.PY313)
    run(tally, True, harness.PY311)
    check_functions(tally, want)
    rc, _, _ = harness.cli("rand", "2147483648", binary=True)
    tally.check("N beyond a C int is bad usage", rc, 2)
    tally.finish()


if __name__ == "__main__":
    main()
