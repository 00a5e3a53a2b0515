"""The getpeercert() dict's renderings against Python 3.13.

Hundreds of random and edge-case certificate dicts (quotes, backslashes,
control characters, NULs, non-ASCII, non-printable and astral characters,
strings long enough to make pprint wrap, many SANs, DirNames, partial
dicts) go to libcssl as json.dumps(d) through cssl_cert_info_from_json();
cssl_cert_info_to_json / _to_repr / _to_pprint must give exactly what
json.dumps(d), repr(d) and pprint.pformat(d) give in Python 3.13 for the
same dict (with tuples, as getpeercert() has them).  The JSON is also fed
re-indented, compacted and unescaped (ensure_ascii=False), and malformed
JSON must fail with json.loads()'s own JSONDecodeError message.
"""
import ctypes
import json
import os
import random
import sys

sys.path.insert(0, os.path.dirname(__file__))
import harness  # noqa: E402
import libcssl  # noqa: E402

KEYS = ["subject", "issuer", "version", "serialNumber", "notBefore", "notAfter",
        "subjectAltName", "OCSP", "caIssuers", "crlDistributionPoints"]
ATTR_NAMES = ["countryName", "stateOrProvinceName", "localityName", "organizationName",
              "organizationalUnitName", "commonName", "emailAddress", "serialNumber",
              "businessCategory", "1.2.3.4.5", "jurisdictionC", "domainComponent"]
SAN_TYPES = ["DNS", "IP Address", "email", "URI", "Registered ID", "othername", "DirName"]

# Character pools: what makes repr(), json.dumps() and pprint differ.
POOLS = [
    "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.-_*:/@=+,;",
    "'\"\\",
    "".join(map(chr, range(0x00, 0x20))) + "\x7f",
    "".join(map(chr, range(0x80, 0xA1))) + "\xad",
    "\xe9\xfc\xdf\u00c5\u0130\u03a3\u0434\u4e2d\u6587\u00bd\u2160\u0660\u0967\uff11",
    "\u200b\u200e\u2028\u2029\ufeff\ue000\u0378\uffff\ufffe\u061c\u180e",
    "\U0001F600\U00010000\U0001D11E\U000E0001\U0010FFFF\U000F0000\U0001F1E6\U00020000",
    " \t\n\r\x0b\x0c\x1c\x1d\x1e\x1f\x85\xa0\u1680\u2000\u2003\u200a\u202f\u205f\u3000",
]


def rand_str(rng, max_len=40, spacey=False):
    n = rng.choice([0, 1, 2, 5, 10, 20, max_len, rng.randrange(max_len + 1)])
    pools = rng.sample(POOLS, rng.randrange(1, 4))
    if spacey:
        pools.append(" " * 8)
    alphabet = "".join(pools)
    return "".join(rng.choice(alphabet) for _ in range(n))


def long_str(rng):
    """A value long enough for pprint to split into several literals."""
    words = [rand_str(rng, 12) for _ in range(rng.randrange(3, 30))]
    seps = [rng.choice([" ", "  ", "\t", "\n", "\u3000", " \r\n", ""]) for _ in words]
    return "".join(w + s for w, s in zip(words, seps))


def rand_value(rng):
    r = rng.random()
    if r < 0.15:
        return long_str(rng)
    if r < 0.25:
        return "x" * rng.randrange(40, 120)
    return rand_str(rng, rng.choice([10, 40, 90]))


def rand_name(rng, depth=0):
    rdns = []
    for _ in range(rng.choice([0, 1, 1, 2, 3, 5])):
        attrs = tuple((rng.choice(ATTR_NAMES), rand_value(rng))
                      for _ in range(rng.choice([1, 1, 1, 2, 3])))
        rdns.append(attrs)
    return tuple(rdns)


def rand_san(rng):
    out = []
    for _ in range(rng.choice([0, 1, 2, 4, 8, 30])):
        t = rng.choice(SAN_TYPES)
        if t == "DirName":
            out.append((t, rand_name(rng)))
        elif t == "othername":
            out.append((t, "<unsupported>"))
        else:
            out.append((t, rand_value(rng)))
    return tuple(out)


def rand_cert(rng):
    d = {}
    for key in KEYS:
        if rng.random() < 0.3:
            continue
        if key in ("subject", "issuer"):
            d[key] = rand_name(rng)
        elif key == "version":
            d[key] = rng.choice([0, 1, 3, -1, 2**31, -(2**62), 2**63 - 1, -(2**63)])
        elif key == "subjectAltName":
            d[key] = rand_san(rng)
        elif key in ("OCSP", "caIssuers", "crlDistributionPoints"):
            d[key] = tuple(rand_value(rng) for _ in range(rng.choice([0, 1, 2, 3])))
        else:
            d[key] = rand_value(rng)
    return d


def edge_cases():
    real = {
        "subject": ((("countryName", "US"),), (("organizationName", "Example, Inc."),),
                    (("commonName", "www.example.com"),)),
        "issuer": ((("countryName", "US"),), (("organizationName", "DigiCert Inc"),),
                   (("commonName", "DigiCert Global G2 TLS RSA SHA256 2020 CA1"),)),
        "version": 3,
        "serialNumber": "075BCEF30689C8ADDF13E51AF4AFE187",
        "notBefore": "Jan 30 00:00:00 2024 GMT",
        "notAfter": "Mar  1 23:59:59 2025 GMT",
        "subjectAltName": tuple(("DNS", n) for n in
                                ["www.example.org", "example.net", "example.edu", "example.com",
                                 "example.org", "www.example.com", "www.example.edu",
                                 "www.example.net"]),
        "OCSP": ("http://ocsp.digicert.com",),
        "caIssuers": ("http://cacerts.digicert.com/DigiCertGlobalG2TLSRSASHA2562020CA1-1.crt",),
        "crlDistributionPoints": (
            "http://crl3.digicert.com/DigiCertGlobalG2TLSRSASHA2562020CA1-1.crl",
            "http://crl4.digicert.com/DigiCertGlobalG2TLSRSASHA2562020CA1-1.crl"),
    }
    cases = [{}, real, {"subject": ()}, {"version": 3}, {"subjectAltName": ()},
             {"subjectAltName": (("DirName", ()),)},
             {"subjectAltName": (("DirName", ((("commonName", "a"), ("commonName", "b")),)),)},
             {"subject": ((("commonName", ""),),), "OCSP": ("",)},
             {"subject": ((("commonName", "nul\x00inside"),),)},
             {"subject": ((("commonName", "it's"),),), "issuer": ((("commonName", 'say "hi"'),),)},
             {"subject": ((("commonName", "both ' and \""),),)},
             {"notBefore": "\U0001F600" * 50},
             {"OCSP": tuple("u" * n for n in range(55, 85))}]
    # pprint's width boundaries: every length around the 80 columns, with
    # and without break points, at every nesting depth.
    for n in range(60, 84):
        cases.append({"serialNumber": "F" * n})
        cases.append({"subject": ((("commonName", "w " * (n // 2)),),)})
        cases.append({"crlDistributionPoints": ("a" * n, "b b" * (n // 3))})
        cases.append({"subjectAltName": (("DirName", ((("commonName", "c" * n),),)),)})
        cases.append({"notAfter": "it's " * (n // 5) + "\n" + "end"})
    return cases


def to_python(v):
    if isinstance(v, list):
        return tuple(to_python(x) for x in v)
    if isinstance(v, dict):
        return {k: to_python(x) for k, x in v.items()}
    return v


ORACLE = r"""
import json, pprint, sys
def tup(v):
    if isinstance(v, list):
        return tuple(tup(x) for x in v)
    if isinstance(v, dict):
        return {k: tup(x) for k, x in v.items()}
    return v
req = json.load(sys.stdin)
out = {"render": [], "errors": []}
for text in req["dicts"]:
    d = tup(json.loads(text))
    out["render"].append([json.dumps(d), repr(d), pprint.pformat(d)])
for text in req["bad"]:
    try:
        json.loads(text)
        out["errors"].append(None)
    except json.JSONDecodeError as e:
        out["errors"].append(str(e))
print(json.dumps(out))
"""

BAD_JSON = [
    "", " ", "{", '{"a"', '{"a" 1', '{"a":', '{"a":1', '{"a":1 "b"', '{"subject":[],}', "[1,]",
    "[1 2]", "[", '"abc', '"a\x01"', '"\\x"', '"\\u12"', '"\\u12G4"', "{} x", "tru", "-",
    "01", "1.", "1e", "{1:2}", '{"a":1,', "[1,", '"\\', '"ab\\u', "nul", '\n\n  {"a": x}',
    '{"\u00e9": x}', "[-]", '"\\ud800\\u"', '"\\ud800\\uZZZZ"', '"\\u1234', '"\\ud800\\',
    '{"subject": [[["commonName", "a"]]]}}', '\t{"version":\r\n3,\n}', "\ufeff{}",
    '{"OCSP": ["\u4e2d\u6587", x]}', '[\n1,\n]', "{'subject': []}", '{"a": [1, 2,, 3]}',
]


class Lib:
    def __init__(self, path):
        self.lib = libcssl.load(path)

    def error(self):
        err = self.lib.cssl_last_error().contents
        return self.lib.cssl_err_name(err.code).decode(), err.message.decode("utf-8", "replace")

    def render(self, text):
        raw = text.encode("utf-8")
        cert = self.lib.cssl_cert_info_from_json(raw, len(raw))
        if not cert:
            return self.error()
        out = []
        for name in ("to_json", "to_repr", "to_pprint"):
            p = getattr(self.lib, "cssl_cert_info_" + name)(cert)
            out.append(ctypes.string_at(p).decode("utf-8") if p else self.error())
            self.lib.cssl_free(p)
        self.lib.cssl_cert_info_free(cert)
        return out


def main():
    lib_path = os.environ.get("CSSL_LIB")
    if not lib_path or not os.path.exists(lib_path):
        harness.skip("CSSL_LIB (libcssl) not found")
    lib = Lib(lib_path)
    rng = random.Random(20240613)
    dicts = edge_cases() + [rand_cert(rng) for _ in range(300)]
    texts = [json.dumps(d) for d in dicts]
    want = harness.oracle(ORACLE, stdin=json.dumps({"dicts": texts, "bad": BAD_JSON}))
    t = harness.Tally("render")
    for i, (text, expect) in enumerate(zip(texts, want["render"])):
        got = lib.render(text)
        for what, g, w in zip(("json", "repr", "pprint"), got, expect):
            t.check(f"dict #{i} {what}: {text[:200]}", g, w)
        # Other spellings of the same JSON give the same dict.
        d = json.loads(text)
        for variant in (json.dumps(d, indent=2), json.dumps(d, separators=(",", ":")),
                        json.dumps(d, ensure_ascii=False)):
            if i % 5 == 0:
                got2 = lib.render(variant)
                t.check(f"dict #{i} respelled: {variant[:200]}", got2[0], expect[0])
    for text, expect in zip(BAD_JSON, want["errors"]):
        got = lib.render(text)
        if expect is None:
            t.check(f"bad JSON {text!r}: python accepted it", "accepted", "rejected")
            continue
        t.check(f"bad JSON {text!r}", got, ("ValueError", expect))
    t.finish()


if __name__ == "__main__":
    main()
