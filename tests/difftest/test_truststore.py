"""`cssl enum-certificates ROOT` / `cssl enum-crls ROOT` against OpenSSL's
loader as Python drives it.

Python has enum_certificates() on Windows only, so the oracle is what
Python 3.13's ssl loads from the same default verify paths: every file
cssl reads (the cafile, then each regular file of the capath) is given to
SSLContext.load_verify_locations(cafile=...) of one context, files it
refuses being skipped, as cssl skips them.  The store deduplicates like
cssl does, so cert_store_stats() must count what cssl lists, and
get_ca_certs(binary_form=True) must be the CA certificates among them.
Run on the system's trust store and on a generated tree.
"""
import base64
import datetime
import hashlib
import json
import os
import shutil
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import harness  # noqa: E402
from certenv import verify_paths_env  # noqa: E402

ORACLE = r"""
import base64, json, os, ssl
paths = ssl.get_default_verify_paths()
files = [paths.cafile] if paths.cafile else []
if paths.capath:
    for name in sorted(os.listdir(paths.capath)):
        full = os.path.join(paths.capath, name)
        if os.path.isfile(full):
            files.append(full)
ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
for f in files:
    try:
        ctx.load_verify_locations(cafile=f)
    except (ssl.SSLError, ValueError, OSError):
        pass
print(json.dumps([ctx.cert_store_stats(),
                  [base64.b64encode(d).decode() for d in ctx.get_ca_certs(binary_form=True)]]))
"""


def make_crl(days):
    """A CRL signed by the test CA, with the `cryptography` package."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    with open(os.path.join(harness.CERTS, "ca.pem"), "rb") as f:
        ca = x509.load_pem_x509_certificate(f.read())
    with open(os.path.join(harness.CERTS, "ca.key"), "rb") as f:
        key = serialization.load_pem_private_key(f.read(), None)
    now = datetime.datetime.now(datetime.timezone.utc)
    crl = (x509.CertificateRevocationListBuilder().issuer_name(ca.subject)
           .last_update(now).next_update(now + datetime.timedelta(days=days))
           .sign(key, hashes.SHA256()))
    return crl.public_bytes(serialization.Encoding.PEM)


def make_tree(tmp):
    """The test CA and leaves, a CRL in the bundle and one in the directory,
    a duplicate, a symlink, junk and a key-only file."""
    def read(name):
        with open(os.path.join(harness.CERTS, name), "rb") as f:
            return f.read()

    def write(name, data):
        with open(os.path.join(tmp, name), "wb") as f:
            f.write(data)
    write("bundle.pem", read("ca.pem") + make_crl(1) + read("server.pem") + read("ca.pem"))
    os.mkdir(os.path.join(tmp, "certs"))
    write("certs/10.0", read("client.pem"))
    write("certs/20.0", read("server.pem") + read("ca.pem"))
    write("certs/30.r0", make_crl(2))
    write("certs/40.key", read("client.key"))
    write("certs/50.txt", b"junk\n")
    os.symlink(os.path.join(tmp, "certs", "10.0"), os.path.join(tmp, "certs", "60.link"))
    return os.path.join(tmp, "bundle.pem"), os.path.join(tmp, "certs")


def compare(t, label):
    stats, ca_b64 = harness.oracle(ORACLE, python=harness.PY313)
    rc, out, err = harness.cli("enum-certificates", "ROOT", "--json")
    if not t.check(f"{label}: enum-certificates exit", (rc, err), (0, "")):
        return
    certs = json.loads(out)
    t.check(f"{label}: certificate count", len(certs), stats["x509"])
    t.check(f"{label}: entries unique", len({c[0] for c in certs}), len(certs))
    t.check(f"{label}: encoding and trust", {(c[1], c[2]) for c in certs} or {("x509_asn", True)},
            {("x509_asn", True)})
    t.check(f"{label}: CA certificates", set(ca_b64) <= {c[0] for c in certs}, True)
    rc, out, err = harness.cli("enum-crls", "ROOT", "--json")
    crls = json.loads(out) if rc == 0 else None
    t.check(f"{label}: CRL count", (rc, len(crls or [])), (0, stats["crl"]))
    t.check(f"{label}: CRL entries", all(len(c) == 2 and c[1] == "x509_asn" for c in crls or []), True)
    rc, text, _ = harness.cli("enum-certificates", "ROOT")
    want = "".join(f"x509_asn True {hashlib.sha256(base64.b64decode(c[0])).hexdigest()}\n"
                   for c in certs)
    t.check(f"{label}: text lines", (rc, text), (0, want))


def main():
    if not harness.PY313:
        harness.skip("python3.13 (the oracle) not found")
    t = harness.Tally("truststore")
    paths = harness.oracle("import json, ssl; print(json.dumps(ssl.get_default_verify_paths()))",
                           python=harness.PY313)
    if paths[0] or paths[1]:
        compare(t, "system trust store")
    else:
        print("note: no system trust store here; generated tree only")
    with tempfile.TemporaryDirectory() as tmp:
        cafile, capath = make_tree(tmp)
        with verify_paths_env(cafile, capath):
            compare(t, "generated tree")
        with verify_paths_env(cafile, os.path.join(tmp, "missing")):
            compare(t, "cafile only")
        with verify_paths_env(os.path.join(tmp, "missing"), capath):
            compare(t, "capath only")
    for store in ("CA", "MY"):
        for cmd in ("enum-certificates", "enum-crls"):
            t.check(f"{cmd} {store}", harness.cli(cmd, store, "--json"), (0, "[]\n", ""))
    rc, _, err = harness.cli("enum-certificates", "NOPE")
    t.check("unknown store", (rc, err),
            (2, "ValueError: unknown certificate store 'NOPE': expected 'ROOT', 'CA' or 'MY'\n"))
    rc, _, _ = harness.cli("enum-crls")
    t.check("missing STORE", rc, 2)
    t.finish()


if __name__ == "__main__":
    if shutil.which(harness.CLI) is None and not os.path.exists(harness.CLI):
        harness.skip(f"cssl command not found at {harness.CLI}")
    main()
