#!/usr/bin/env python3
"""Fill the fuzz targets' seed corpora, from the test certificates.

    make_corpus.py CERTS_DIR OUT_DIR

CERTS_DIR holds the certificates of the "certs" test fixture
(tests/certs/make_certs.py).  OUT_DIR/<target>/ gets one file per seed input
(named by content hash, as libFuzzer names its own) and OUT_DIR/<target>.dict
a libFuzzer dictionary.  Python's ssl module is the source of the JSON
renderings, so the seeds are what the oracle says, not what cssl says.
When `cryptography` is importable, a few more certificates with every kind
of subjectAltName, AIA and CRL extension, a multi-valued RDN, NUL bytes and
GeneralizedTime are generated into OUT_DIR/certs/ first.

Nothing here is checked in: the build regenerates it.  Only small crash
reproducers go to fuzz/regressions/<target>/.
"""
import base64
import glob
import hashlib
import json
import os
import shutil
import ssl
import sys

TARGETS = ("decode_der", "decode_pem", "cert_json", "pem2der", "cert_time", "match_hostname")
HEADER, FOOTER = ssl.PEM_HEADER, ssl.PEM_FOOTER


def extra_certs(out):
    """More certificates, covering what the fixture's three do not."""
    try:
        import datetime
        import ipaddress
        from cryptography import x509
        from cryptography.hazmat.primitives import hashes, serialization
        from cryptography.hazmat.primitives.asymmetric import ec
        from cryptography.x509.oid import NameOID, ObjectIdentifier
    except ImportError:
        print("make_corpus: cryptography not available, fixture certificates only")
        return []
    os.makedirs(out, exist_ok=True)
    key = ec.generate_private_key(ec.SECP256R1())
    now = datetime.datetime(2024, 1, 1, tzinfo=datetime.timezone.utc)
    A = x509.NameAttribute

    def cert(stem, subject, exts=(), after=now + datetime.timedelta(days=365), serial=1):
        b = (x509.CertificateBuilder().subject_name(subject)
             .issuer_name(x509.Name([A(NameOID.COMMON_NAME, "cssl fuzz CA")]))
             .public_key(key.public_key()).serial_number(serial)
             .not_valid_before(now).not_valid_after(after))
        for ext in exts:
            b = b.add_extension(ext, critical=False)
        path = os.path.join(out, stem + ".pem")
        with open(path, "wb") as f:
            f.write(b.sign(key, hashes.SHA256()).public_bytes(serialization.Encoding.PEM))
        return path

    rich = x509.Name([
        x509.RelativeDistinguishedName([A(NameOID.COUNTRY_NAME, "DE")]),
        x509.RelativeDistinguishedName([A(NameOID.ORGANIZATION_NAME, "Bücher & Söhne \"Ü\""),
                                        A(NameOID.ORGANIZATIONAL_UNIT_NAME, "multi-valued")]),
        x509.RelativeDistinguishedName([A(NameOID.EMAIL_ADDRESS, "ops@example.com")]),
        x509.RelativeDistinguishedName([A(NameOID.COMMON_NAME, "example.com")])])
    sans = x509.SubjectAlternativeName([
        x509.DNSName("example.com"), x509.DNSName("*.example.com"),
        x509.DNSName("xn--bcher-kva.example"),
        x509.IPAddress(ipaddress.ip_address("192.0.2.1")),
        x509.IPAddress(ipaddress.ip_address("2001:db8::1")),
        x509.RFC822Name("user@example.com"), x509.UniformResourceIdentifier("https://example.com/"),
        x509.DirectoryName(x509.Name([A(NameOID.COMMON_NAME, "dir name"),
                                      A(NameOID.ORGANIZATION_NAME, "dir org")])),
        x509.RegisteredID(ObjectIdentifier("1.2.3.4.5")),
        x509.OtherName(ObjectIdentifier("1.3.6.1.4.1.311.20.2.3"), b"\x0c\x05upn@x")])
    aia = x509.AuthorityInformationAccess([
        x509.AccessDescription(x509.oid.AuthorityInformationAccessOID.OCSP,
                               x509.UniformResourceIdentifier("http://ocsp.example.com")),
        x509.AccessDescription(x509.oid.AuthorityInformationAccessOID.CA_ISSUERS,
                               x509.UniformResourceIdentifier("http://ca.example.com/ca.der"))])
    cdp = x509.CRLDistributionPoints([x509.DistributionPoint(
        [x509.UniformResourceIdentifier("http://crl.example.com/a.crl"),
         x509.UniformResourceIdentifier("http://crl.example.com/b.crl")], None, None, None)])
    nul = "www.example.com\x00.evil.com"
    paths = [
        cert("rich", rich, [sans, aia, cdp], serial=0x7FEDCBA9876543210FEDCBA98765432101234567),
        cert("nul", x509.Name([A(NameOID.COMMON_NAME, nul)]),
             [x509.SubjectAlternativeName([x509.DNSName(nul)])]),
        cert("cn_only", x509.Name([A(NameOID.COMMON_NAME, "cn-only.example.com")])),
        cert("cn_wildcard", x509.Name([A(NameOID.COMMON_NAME, "*.wild.example.com")])),
        cert("ip_only", x509.Name([A(NameOID.COMMON_NAME, "10.0.0.1")]),
             [x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address("10.0.0.1"))])]),
        cert("generalized", x509.Name([A(NameOID.COMMON_NAME, "far.example.com")]),
             after=datetime.datetime(2070, 2, 28, 23, 59, 59, tzinfo=datetime.timezone.utc)),
        cert("empty_subject", x509.Name([]),
             [x509.SubjectAlternativeName([x509.DNSName("san-only.example.com")])]),
    ]
    return paths


def pem_blocks(path):
    with open(path, encoding="ascii", errors="replace") as f:
        text = f.read()
    blocks, start = [], 0
    while (i := text.find(HEADER, start)) >= 0:
        j = text.find(FOOTER, i)
        if j < 0:
            break
        blocks.append(text[i:j + len(FOOTER)] + "\n")
        start = j
    return blocks


def decode(pem, scratch):
    """Python's own dict for the certificate (_test_decode_cert reads a file)."""
    with open(scratch, "w") as f:
        f.write(pem)
    return ssl._ssl._test_decode_cert(scratch)


class Corpus:
    def __init__(self, out):
        self.out = out
        for t in TARGETS:
            shutil.rmtree(os.path.join(out, t), ignore_errors=True)
            os.makedirs(os.path.join(out, t))
        self.counts = dict.fromkeys(TARGETS, 0)

    def add(self, target, data):
        if isinstance(data, str):
            data = data.encode("utf-8", "surrogateescape")
        name = hashlib.sha1(data).hexdigest()
        path = os.path.join(self.out, target, name)
        if not os.path.exists(path):
            with open(path, "wb") as f:
                f.write(data)
            self.counts[target] += 1

    def dictionary(self, target, tokens):
        with open(os.path.join(self.out, target + ".dict"), "w") as f:
            for tok in tokens:
                b = tok.encode("utf-8") if isinstance(tok, str) else tok
                esc = "".join(chr(c) if 0x20 <= c < 0x7F and c not in b'"\\' else "\\x%02x" % c
                              for c in b)
                f.write('"%s"\n' % esc)


def pem_variants(pem, der):
    body = base64.b64encode(der).decode()
    lines = [body[i:i + 64] for i in range(0, len(body), 64)]
    yield pem
    yield pem.replace("\n", "\r\n")
    yield pem.rstrip("\n")
    yield "  \n" + pem                              # must start with the header: ValueError
    yield pem + " \t\n\n"
    yield pem + "\x1c\x85\xa0"                      # str.strip() whitespace beyond ASCII
    yield HEADER + body + FOOTER                    # one line, no newlines
    yield HEADER + "\n" + "\n".join(lines) + "\n" + FOOTER + "\n"
    yield HEADER + "\n" + "\n ".join(lines) + "\n" + FOOTER  # spaces in the base64
    yield HEADER + "\n" + body[:-1] + "\n" + FOOTER + "\n"   # bad padding
    yield HEADER + "\n" + body[:-2] + "\n" + FOOTER + "\n"
    yield HEADER + "\n" + body[:-3] + "@\n" + FOOTER + "\n"
    yield HEADER + "\n" + body[:8] + "é" + body[8:] + "\n" + FOOTER + "\n"  # non-ASCII
    yield pem.replace(FOOTER, "")
    yield pem.replace(HEADER, "")
    yield pem + pem


def seed_pem2der(c, certs):
    for pem, der in certs:
        for v in pem_variants(pem, der):
            c.add("pem2der", v)
    for v in (HEADER + "\n" + FOOTER + "\n", HEADER + FOOTER, HEADER,
              "-----BEGIN CERTIFICATE-----END CERTIFICATE-----",  # header and footer overlap
              HEADER + "\nAAAA\n" + FOOTER, HEADER + "\n====\n" + FOOTER, HEADER + "\nA\n" + FOOTER,
              HEADER + "\nAA==AA==\n" + FOOTER, "", "\n", FOOTER, FOOTER + "\n" + HEADER):
        c.add("pem2der", v)


def seed_decode(c, certs):
    chain = "".join(pem for pem, _ in certs)
    for pem, der in certs:
        c.add("decode_der", der)
        c.add("decode_der", der + b"\x00trailing")
        c.add("decode_der", der[:len(der) // 2])
        c.add("decode_pem", pem)
        c.add("decode_pem", pem.replace("\n", "\r\n"))
        c.add("decode_pem", "Subject: something\nnot a certificate\n" + pem)
        c.add("decode_pem", pem.replace("CERTIFICATE", "X509 CERTIFICATE"))
        c.add("decode_pem", pem.replace("CERTIFICATE", "TRUSTED CERTIFICATE"))
        c.add("decode_pem", pem.replace(HEADER, HEADER + "\nProc-Type: 4,ENCRYPTED\n"))
    c.add("decode_pem", chain)
    for v in (b"", b"\x30", b"\x30\x00", b"\x30\x80\x00\x00", b"\x30\x82\xff\xff"):
        c.add("decode_der", v)
    c.add("decode_pem", HEADER + "\nAAAA\n" + FOOTER + "\n")
    c.add("decode_pem", "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n")


JSON_HAND = [
    "{}", "[]", "null", "", "{", '{"version": 3}', '{"unknown": 1}',
    '{"subject": [[["commonName", "a\\u0000b"]]]}',
    '{"subject": [[["commonName", "\\ud83d\\ude00 \\u00e9 \\udcff"]]], "version": 1}',
    '{"subject": [[]], "issuer": [], "subjectAltName": []}',
    '{"subject":[[["commonName","x"],["organizationName","y"]]],"version":-1}',
    '  {\n "serialNumber" : "00FF" ,\t"notBefore": "Jan  1 00:00:00 2020 GMT"}  ',
    '{"subjectAltName": [["DirName", [[["commonName", "d"]]]], ["DNS", "a"], ["othername", "<unsupported>"]]}',
    '{"OCSP": ["http://o"], "caIssuers": ["http://c"], "crlDistributionPoints": ["http://d"]}',
    '{"version": 1e400}', '{"version": 99999999999999999999999}', '{"version": true}',
    '{"subject": "x"}', '{"subject": [[["commonName"]]]}', '{"version": 3, "version": 4}',
    '{"subject": ' + "[" * 200 + "]" * 200 + "}",
    '{"subject": [[["commonName", "\\"\\\\\\/\\b\\f\\n\\r\\t"]]]}',
]

HAND_CERTS = [
    {"subject": ((("commonName", "example.com"),),)},
    {"subject": ((("commonName", "*.example.com"),),)},
    {"subjectAltName": (("DNS", "*.a.com"), ("IP Address", "1.2.3.4"), ("IP Address", "2001:DB8:0:0:0:0:0:1\n"))},
    {"subjectAltName": (("DNS", "a*.b.com"), ("DNS", "*.*.b.com"), ("DNS", "*"), ("DNS", "b.*.com"))},
    {"subjectAltName": (("DNS", "www.example.com\x00.evil.com"),),
     "subject": ((("commonName", "www.example.com\x00.evil.com"),),)},
    {"subjectAltName": (("IP Address", "not an ip"),)},
    {"subjectAltName": (("email", "a@example.com"), ("URI", "https://example.com")),
     "subject": ((("commonName", "Bücher.example"),),)},
]

HOSTNAMES = ["localhost", "LOCALHOST", "127.0.0.1", "::1", "0:0:0:0:0:0:0:1", "example.com",
             "www.example.com", "a.example.com", "foo.bar.example.com", ".example.com",
             "192.0.2.1", "2001:db8::1", "2001:DB8::1", "10.0.0.1", "127.1", "0x7f.0.0.1",
             "127.0.0.1 ", "xn--bcher-kva.example", "bücher.example", "BÜCHER.example",
             "cn-only.example.com", "x.wild.example.com", "x.a.com", "a.b.com", "", ".", "*",
             "*.example.com", "1.2.3.4", "san-only.example.com", "far.example.com"]


def seed_json_and_hostnames(c, dicts, ders):
    for d in dicts:
        text = json.dumps(d)
        c.add("cert_json", text)
        c.add("cert_json", json.dumps(d, indent=1, ensure_ascii=False))
        c.add("cert_json", json.dumps(d, separators=(",", ":")))
    for text in JSON_HAND:
        c.add("cert_json", text)
    for i, d in enumerate(dicts + HAND_CERTS):
        text = json.dumps(d)
        c.add("cert_json", text)
        for h in HOSTNAMES[i % 5::3]:
            c.add("match_hostname", h + "\n" + text)
    for i, der in enumerate(ders):
        for h in HOSTNAMES[i % 4::4]:
            c.add("match_hostname", h.encode() + b"\n" + der)
    c.add("match_hostname", "example.com\n{}")


TIMES = ["Jan  5 09:34:43 2018 GMT", "Jan 5 09:34:43 2018 GMT", "Jan 05 09:34:43 2018 GMT",
         "jan  5 09:34:43 2018 gmt", "JAN  5 09:34:43 2018 GMT", "May  9 00:00:00 2007 GMT",
         "Feb 29 00:00:00 2020 GMT", "Feb 29 00:00:00 2019 GMT", "Feb 30 00:00:00 2020 GMT",
         "Dec 31 23:59:60 9999 GMT", "Dec 31 23:59:61 9999 GMT", "Jan  1 00:00:00 0001 GMT",
         "Jan  1 00:00:00 0000 GMT", "Jan  1 00:00:00 1970 GMT", "Dec 31 23:59:59 1969 GMT",
         "Jan 1 0:0:0 2000 GMT", "Jan  1 24:00:00 2000 GMT", "Jan  1 00:60:00 2000 GMT",
         "Jan  1 00:00:00 2000", "Jan  1 00:00:00 2000 UTC", "Jan  1 00:00:00 2000 GMT ",
         " Jan  1 00:00:00 2000 GMT", "Jan\t1\n00:00:00  2000 GMT", "January 1 00:00:00 2000 GMT",
         "Jan  1 00:00:00.5 2000 GMT", "Jan  1 00:00:00 12345 GMT", "Jan  1 00:00:00 200 GMT",
         "Jan 32 00:00:00 2000 GMT", "Jan  0 00:00:00 2000 GMT", "Jan  1 00:00:00 2000 GMT\x00x",
         "", "GMT", "Jan", "Feb 28 23:59:59 2070 GMT", "Sep  1 12:00:00 2023 GMT",
         "Mär  1 00:00:00 2000 GMT", "Jan ١ 00:00:00 2000 GMT"]


def seed_times(c, dicts):
    for d in dicts:
        for key in ("notBefore", "notAfter"):
            if key in d:
                c.add("cert_time", d[key])
    for t in TIMES:
        c.add("cert_time", t)


def write_dictionaries(c):
    c.dictionary("cert_json", ['{', '}', '[', ']', ',', ':', '"', '\\u', '\\u0000', '\\ud83d',
                               '\\udc80', 'true', 'null', '1e9', '-0'] + [
                               '"%s"' % k for k in ("subject", "issuer", "version", "serialNumber",
                                                    "notBefore", "notAfter", "subjectAltName", "OCSP",
                                                    "caIssuers", "crlDistributionPoints", "commonName",
                                                    "DNS", "IP Address", "DirName")])
    c.dictionary("pem2der", [HEADER, FOOTER, "\n", "\r\n", "=", "==", "+", "/", " ", "\xa0"])
    c.dictionary("decode_pem", [HEADER, FOOTER, "-----BEGIN ", "-----END ", "-----",
                                "X509 CERTIFICATE", "TRUSTED CERTIFICATE", "Proc-Type: ", "\n"])
    c.dictionary("cert_time", ["Jan", "Feb", "Dec", " GMT", ":", "  ", "29", "60", "61", "9999",
                               "0001", "1970"])
    oids = [b"\x06\x03\x55\x1d\x11", b"\x06\x08\x2b\x06\x01\x05\x05\x07\x01\x01",
            b"\x06\x03\x55\x1d\x1f", b"\x06\x03\x55\x04\x03", b"\x17\x0d", b"\x18\x0f",
            b"\x30\x82", b"\x30\x81", b"\x31", b"\x0c", b"\x13", b"\x1e", b"\x1c", b"\x82", b"\x87",
            b"\xa0", b"\xa4", b"\x88", b"\x81"]
    c.dictionary("decode_der", oids)
    c.dictionary("match_hostname", [".", "*", "*.", "xn--", ":", "::", "\n", "\\u0000",
                                    '"DNS"', '"IP Address"', '"commonName"', '"subjectAltName"'])


def main():
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    certs_dir, out = sys.argv[1], sys.argv[2]
    os.makedirs(out, exist_ok=True)
    c = Corpus(out)
    paths = sorted(glob.glob(os.path.join(certs_dir, "*.pem")))
    paths += extra_certs(os.path.join(out, "certs"))
    certs, dicts, ders = [], [], []
    scratch = os.path.join(out, "scratch.pem")
    for path in paths:
        for pem in pem_blocks(path):
            der = ssl.PEM_cert_to_DER_cert(pem)
            certs.append((pem, der))
            ders.append(der)
            try:
                dicts.append(decode(pem, scratch))
            except ssl.SSLError as e:
                print(f"make_corpus: Python cannot decode a certificate of {path}: {e}")
    if os.path.exists(scratch):
        os.unlink(scratch)
    if not certs:
        sys.exit(f"make_corpus: no certificates in {certs_dir}")
    seed_decode(c, certs)
    seed_pem2der(c, certs)
    seed_json_and_hostnames(c, dicts, ders)
    seed_times(c, dicts)
    write_dictionaries(c)
    print("make_corpus: " + ", ".join(f"{t} {n}" for t, n in c.counts.items())
          + f" seeds from {len(certs)} certificates into {out}")


if __name__ == "__main__":
    main()
