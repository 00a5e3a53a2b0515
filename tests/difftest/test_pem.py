"""cssl der2pem / pem2der against Python 3.13's ssl.DER_cert_to_PEM_cert()
and ssl.PEM_cert_to_DER_cert().

DER to PEM must be byte-identical; PEM to DER must give the same bytes or
the same message.  Python's failures are ValueError or its subclasses
binascii.Error and UnicodeEncodeError: cssl reports them all as ValueError.
Input bytes that are not UTF-8 reach Python through surrogateescape, as the
cssl library reads them.
"""
import base64
import glob
import json
import os
import random
import sys
import tempfile

sys.path.insert(0, os.path.dirname(__file__))
import harness  # noqa: E402

H = "-----BEGIN CERTIFICATE-----"
F = "-----END CERTIFICATE-----"

ORACLE = r"""
import json, ssl, sys
req = json.loads(sys.stdin.read())
out = {"der2pem": [], "pem2der": []}
for h in req["der2pem"]:
    out["der2pem"].append(ssl.DER_cert_to_PEM_cert(bytes.fromhex(h)))
for h in req["pem2der"]:
    text = bytes.fromhex(h).decode("utf-8", "surrogateescape")
    try:
        out["pem2der"].append(["ok", ssl.PEM_cert_to_DER_cert(text).hex()])
    except ValueError as e:
        out["pem2der"].append(["ValueError", str(e)])
    except Exception as e:
        out["pem2der"].append([type(e).__name__, str(e)])
print(json.dumps(out))
"""


def cert_ders():
    ders = []
    for path in sorted(glob.glob(os.path.join(harness.CERTS, "*.pem"))):
        text = open(path, encoding="ascii").read()
        for block in text.split(H)[1:]:
            body = block.split(F)[0]
            ders.append(base64.b64decode("".join(body.split())))
    return ders


def der_inputs():
    rng = random.Random(5)
    lengths = [0, 1, 2, 3, 4, 5, 47, 48, 49, 63, 64, 65, 95, 96, 97, 144, 1000, 4096]
    lengths += [rng.randrange(1, 3000) for _ in range(12)]
    return cert_ders() + [bytes(rng.randrange(256) for _ in range(n)) for n in lengths]


def malformed():
    body = "MIIBszCCAVmgAwIBAgIUJ0m1\nAAECAwQF\n"
    texts = [
        "", H, F, H + F, H + "\n" + F,
        H + "-----END CERTIFICATE-----"[5:],  # header and footer overlap
        H + "\n" + body + F + "\n",
        H + "\n" + body + F,
        H + "\n" + body + F + "\n\n  \t\n",
        H + "\n" + body + F + "\u3000\x85\u2028\u00a0",
        H + "\n" + body + F + "\u200b",
        "\n" + H + "\n" + body + F + "\n",
        " " + H + "\n" + body + F + "\n",
        "junk\n" + H + "\n" + body + F + "\n",
        H + "\n" + body + F + "\nafter\n",
        H + "\n" + body + F + F + "\n",
        H + "\n" + body,
        H.lower() + "\n" + body + F.lower(),
        H + "\r\n" + body.replace("\n", "\r\n") + F + "\r\n",
        H + "\n" + "  MIIB sz\tCC  AVmg\n" + F,
        H + "\nAB!!CD**EF--GH..\n" + F,
        H + "\nAB\x00CD\n" + F,
        H + "\nA\n" + F,
        H + "\nAB\n" + F,
        H + "\nABC\n" + F,
        H + "\nABCDE\n" + F,
        H + "\nABCDEFGHI\n" + F,
        H + "\nAB=\n" + F,
        H + "\nAB==\n" + F,
        H + "\nABC=\n" + F,
        H + "\nAB==CD==\n" + F,
        H + "\naGk=aGk=\n" + F,
        H + "\nAAA=A\n" + F,
        H + "\n====\n" + F,
        H + "\nAB=C=\n" + F,
        H + "\nA=BCD\n" + F,
        H + "\n=ABC\n" + F,
        H + "\nABC==D\n" + F,
        H + "\nAB=!=\n" + F,
        H + "\nAB\u00e9CD\n" + F,
        H + "\nAB\u00e9\u00e8CD\n" + F,
        H + "\nAB\u00e9C\u0100D\n" + F,
        H + "\n\U0001f600\n" + F,
        H + "\nABCD\u20ac\u20ac\u20ac\n" + F,
        H + "\u00e9" + F,
        H + "\nABCD\n" + F + "\u00e9",
    ]
    raw = [t.encode("utf-8") for t in texts]
    raw += [
        (H + "\nAB\xffCD\n" + F).encode("latin-1"),  # not UTF-8
        (H + "\nAB\xc3\n" + F).encode("latin-1"),  # truncated sequence
    ]
    return raw


def cssl_pem2der(data):
    rc, out, err = harness.cli("pem2der", stdin=data, binary=True)
    if rc == 0:
        return ["ok", out.hex()]
    text = err.decode("utf-8", "surrogateescape")
    name, _, msg = (text[:-1] if text.endswith("\n") else text).partition(": ")
    return [name, msg]


def check_files(tally, der):
    """The FILE argument, and a file that does not exist."""
    with tempfile.TemporaryDirectory() as d:
        path = os.path.join(d, "cert.der")
        with open(path, "wb") as f:
            f.write(der)
        rc, pem, _ = harness.cli("der2pem", path, binary=True)
        tally.check("der2pem FILE", (rc, pem[:27]), (0, H.encode()))
        pem_path = os.path.join(d, "cert.pem")
        with open(pem_path, "wb") as f:
            f.write(pem)
        rc, out, _ = harness.cli("pem2der", pem_path, binary=True)
        tally.check("pem2der FILE", (rc, out), (0, der))
        rc, out, err = harness.cli("pem2der", os.path.join(d, "missing"), binary=True)
        tally.check("pem2der missing FILE", (rc, err.startswith(b"OSError: [Errno 2] No such file or directory: ")),
                    (1, True))


def main():
    if not harness.PY313:
        harness.skip("python3.13 (the oracle for PEM conversion) not found")
    ders = der_inputs()
    bad = malformed()
    req = {"der2pem": [d.hex() for d in ders], "pem2der": [b.hex() for b in bad]}
    want = harness.oracle(ORACLE, stdin=json.dumps(req))
    tally = harness.Tally("pem")
    for der, pem in zip(ders, want["der2pem"]):
        rc, out, _ = harness.cli("der2pem", stdin=der, binary=True)
        if tally.check(f"der2pem {len(der)} bytes", (rc, out.decode("ascii")), (0, pem)):
            rc, back, _ = harness.cli("pem2der", stdin=out, binary=True)
            tally.check(f"round trip {len(der)} bytes", (rc, back), (0, der))
    for data, expected in zip(bad, want["pem2der"]):
        tally.check(f"pem2der {data!r}", cssl_pem2der(data), expected)
    check_files(tally, ders[0])
    tally.finish()


if __name__ == "__main__":
    main()
