#!/usr/bin/env python3
"""Generate every certificate cssl's tests use, into the directory given.

Nothing with an expiry date is checked in: ctest's "certs" fixture runs this
before the tests.  What it writes (PEM; keys are PKCS#8, EC P-256 unless
said otherwise):

  ca.pem / ca.key                 the throwaway root CA ("cssl test CA")
  server.pem / server.key         leaf for localhost, 127.0.0.1 and ::1 (CA-signed)
  server-encrypted.key            server.key encrypted with the password "cssl-test"
  server-combined.pem             server.pem followed by server.key
  server-rsa.pem / .key           the same names with an RSA-2048 key
  client.pem / client.key         client-auth leaf "cssl test client", no SAN
  expired.pem / .key              localhost leaf whose validity ended a year ago
  notyetvalid.pem / .key          localhost leaf valid only from next year on
  wronghost.pem / .key            leaf for wrong.example.com only
  ip-only.pem / .key              leaf whose SAN holds only 127.0.0.1 and ::1
  selfsigned.pem / .key           self-signed localhost leaf (its own trust anchor)
  intermediate.pem / .key         an intermediate CA signed by ca.pem (pathlen 0)
  server-chain-leaf.pem / server-chain.key   localhost leaf signed by the intermediate
  server-chain.pem                that leaf followed by the intermediate
  decode/*.pem                    the certificate-decoding corpus (see DECODE below)
  decode/bad/*                    inputs that ssl._ssl._test_decode_cert() refuses

The decode corpus is built with the small DER writer in der.py, because
`cryptography` refuses much of it (v1, serial 0, negative and 40-byte
serials, NUL bytes, invalid UTF-8, T61 strings, unusual GeneralNames).
Usage: make_certs.py OUTDIR
"""
import base64
import datetime
import ipaddress
import os
import shutil
import sys

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from cryptography.x509.oid import NameOID

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import der  # noqa: E402

NOW = datetime.datetime.now(datetime.timezone.utc).replace(microsecond=0)
DAY = datetime.timedelta(days=1)
PASSWORD = b"cssl-test"


def write(out, name, data):
    with open(os.path.join(out, name), "wb") as f:
        f.write(data)


def pem_key(key, password=None):
    enc = (serialization.BestAvailableEncryption(password) if password
           else serialization.NoEncryption())
    return key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, enc)


def pem_cert(cert):
    return cert.public_bytes(serialization.Encoding.PEM)


def name(cn, org="cssl tests"):
    return x509.Name([x509.NameAttribute(NameOID.ORGANIZATION_NAME, org),
                      x509.NameAttribute(NameOID.COMMON_NAME, cn)])


def ip(text):
    return x509.IPAddress(ipaddress.ip_address(text))


LOCALHOST_SANS = [x509.DNSName("localhost"), ip("127.0.0.1"), ip("::1")]


# ---- the CA and the leaves other tests use ---------------------------------------

def make_ca_cert(subject, key, issuer, issuer_key, path_length=None, days=3650):
    b = (x509.CertificateBuilder().subject_name(subject).issuer_name(issuer)
         .public_key(key.public_key()).serial_number(x509.random_serial_number())
         .not_valid_before(NOW - DAY).not_valid_after(NOW + days * DAY)
         .add_extension(x509.BasicConstraints(ca=True, path_length=path_length), critical=True)
         .add_extension(x509.KeyUsage(False, False, False, False, False, True, True, False, False),
                        critical=True)
         .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()),
                        critical=False))
    if issuer_key is not key:
        b = b.add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_public_key(issuer_key.public_key()),
            critical=False)
    return b.sign(issuer_key, hashes.SHA256())


def make_ca(out):
    key = ec.generate_private_key(ec.SECP256R1())
    subject = name("cssl test CA")
    cert = make_ca_cert(subject, key, subject, key)
    write(out, "ca.pem", pem_cert(cert))
    write(out, "ca.key", pem_key(key))
    return cert, key


def make_leaf(out, stem, ca, ca_key, cn, sans, server=True, key=None, not_before=None,
              not_after=None, key_stem=None):
    """A leaf signed by (ca, ca_key); ca=None makes it self-signed."""
    key = key or ec.generate_private_key(ec.SECP256R1())
    issuer_name, signer = (ca.subject, ca_key) if ca is not None else (name(cn), key)
    usage = (x509.oid.ExtendedKeyUsageOID.SERVER_AUTH if server
             else x509.oid.ExtendedKeyUsageOID.CLIENT_AUTH)
    b = (x509.CertificateBuilder().subject_name(name(cn)).issuer_name(issuer_name)
         .public_key(key.public_key()).serial_number(x509.random_serial_number())
         .not_valid_before(not_before or NOW - DAY).not_valid_after(not_after or NOW + 365 * DAY)
         .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
         .add_extension(x509.ExtendedKeyUsage([usage]), critical=False)
         .add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(signer.public_key()),
                        critical=False)
         .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()),
                        critical=False))
    if sans:
        b = b.add_extension(x509.SubjectAlternativeName(sans), critical=False)
    cert = b.sign(signer, hashes.SHA256())
    write(out, f"{stem}.pem", pem_cert(cert))
    write(out, f"{key_stem or stem}.key", pem_key(key))
    return cert, key


def make_test_certs(out, ca, ca_key):
    _, server_key = make_leaf(out, "server", ca, ca_key, "localhost", LOCALHOST_SANS)
    write(out, "server-encrypted.key", pem_key(server_key, PASSWORD))
    with open(os.path.join(out, "server.pem"), "rb") as f:
        write(out, "server-combined.pem", f.read() + pem_key(server_key))
    make_leaf(out, "server-rsa", ca, ca_key, "localhost", LOCALHOST_SANS,
              key=rsa.generate_private_key(public_exponent=65537, key_size=2048))
    make_leaf(out, "client", ca, ca_key, "cssl test client", [], server=False)
    make_leaf(out, "expired", ca, ca_key, "localhost", LOCALHOST_SANS,
              not_before=NOW - 730 * DAY, not_after=NOW - 365 * DAY)
    make_leaf(out, "notyetvalid", ca, ca_key, "localhost", LOCALHOST_SANS,
              not_before=NOW + 365 * DAY, not_after=NOW + 730 * DAY)
    make_leaf(out, "wronghost", ca, ca_key, "wrong.example.com",
              [x509.DNSName("wrong.example.com")])
    make_leaf(out, "ip-only", ca, ca_key, "cssl ip-only", [ip("127.0.0.1"), ip("::1")])
    make_leaf(out, "selfsigned", None, None, "localhost", LOCALHOST_SANS)
    make_chain(out, ca, ca_key)


def make_chain(out, ca, ca_key):
    key = ec.generate_private_key(ec.SECP256R1())
    inter = make_ca_cert(name("cssl test intermediate CA"), key, ca.subject, ca_key,
                         path_length=0, days=1825)
    write(out, "intermediate.pem", pem_cert(inter))
    write(out, "intermediate.key", pem_key(key))
    leaf, _ = make_leaf(out, "server-chain-leaf", inter, key, "localhost", LOCALHOST_SANS,
                        key_stem="server-chain")
    write(out, "server-chain.pem", pem_cert(leaf) + pem_cert(inter))


# ---- the decode corpus ---------------------------------------------------------

OID = {
    "C": "2.5.4.6", "ST": "2.5.4.8", "L": "2.5.4.7", "O": "2.5.4.10", "OU": "2.5.4.11",
    "CN": "2.5.4.3", "email": "1.2.840.113549.1.9.1", "serialNumber": "2.5.4.5",
    "street": "2.5.4.9", "postalCode": "2.5.4.17", "businessCategory": "2.5.4.15",
    "title": "2.5.4.12", "SN": "2.5.4.4", "GN": "2.5.4.42", "initials": "2.5.4.43",
    "pseudonym": "2.5.4.65", "generationQualifier": "2.5.4.44", "dnQualifier": "2.5.4.46",
    "DC": "0.9.2342.19200300.100.1.25", "UID": "0.9.2342.19200300.100.1.1",
    "jurC": "1.3.6.1.4.1.311.60.2.1.3", "jurST": "1.3.6.1.4.1.311.60.2.1.2",
    "name": "2.5.4.41", "description": "2.5.4.13", "organizationIdentifier": "2.5.4.97",
}
UPN, SMTP_UTF8, XMPP, SRV, NAI = ("1.3.6.1.4.1.311.20.2.3", "1.3.6.1.5.5.7.8.9",
                                  "1.3.6.1.5.5.7.8.5", "1.3.6.1.5.5.7.8.7", "1.3.6.1.5.5.7.8.8")
SAN, AIA, CRLDP = "2.5.29.17", "1.3.6.1.5.5.7.1.1", "2.5.29.31"
AD_OCSP, AD_CA_ISSUERS = "1.3.6.1.5.5.7.48.1", "1.3.6.1.5.5.7.48.2"
LONG_OID = "1.3.6.1.4.1." + ".".join(str(100000 + i) for i in range(45))  # > 256 chars
HUGE_OID = "1.2." + ".".join(str(1000000 + i) for i in range(300))  # > 2047 chars


# GeneralName encoders (RFC 5280 4.2.1.6; the module uses IMPLICIT tags,
# except around CHOICE types such as Name).
def gn_other(type_oid, value):
    return der.implicit(0, der.oid(type_oid) + der.explicit(0, value), constructed=True)


def gn_email(b):
    return der.implicit(1, b if isinstance(b, bytes) else b.encode())


def gn_dns(b):
    return der.implicit(2, b if isinstance(b, bytes) else b.encode())


def gn_x400():
    return der.implicit(3, der.seq(der.seq(der.string("printable", "x400"))), constructed=True)


def gn_dirname(rdns):
    return der.explicit(4, der.name(rdns))


def gn_edi(party):
    return der.implicit(5, der.explicit(1, der.string("utf8", party)), constructed=True)


def gn_uri(b):
    return der.implicit(6, b if isinstance(b, bytes) else b.encode())


def gn_ip(text_or_bytes):
    raw = (text_or_bytes if isinstance(text_or_bytes, bytes)
           else ipaddress.ip_address(text_or_bytes).packed)
    return der.implicit(7, raw)


def gn_rid(dotted):
    encoded = der.oid(dotted)
    return der.implicit(8, encoded[2:] if encoded[1] < 0x80 else encoded[2 + (encoded[1] & 0x7F):])


def san(*names):
    return der.extension(SAN, der.seq(*names))


def aia(*descriptions):
    return der.extension(AIA, der.seq(*(der.seq(der.oid(m), loc) for m, loc in descriptions)))


def crl_dp(*points):
    return der.extension(CRLDP, der.seq(*(der.seq(*p) for p in points)))


def dp_full(*names):
    """distributionPoint [0] { fullName [0] GeneralNames }."""
    return der.explicit(0, der.implicit(0, b"".join(names), constructed=True))


def dp_relative(o, value):
    """distributionPoint [0] { nameRelativeToCRLIssuer [1] RDN }."""
    return der.explicit(0, der.implicit(1, der.seq(der.oid(o), der.string("utf8", value)),
                                        constructed=True))


def dp_issuer_only(*names):
    """cRLIssuer [2] only: no distributionPoint (CVE-2019-5010)."""
    return der.implicit(2, b"".join(names), constructed=True)


def subject_cn(cn, kind="utf8"):
    return der.name([[(OID["O"], "utf8", "cssl decode corpus")], [(OID["CN"], kind, cn)]])


T2030 = der.utc(2030, 1, 2, 3, 4, 5)
T2020 = der.utc(2020, 8, 7, 13, 12, 52)

# The corpus: file name -> (what it covers, fields of der.tbs() to override).
# Every certificate is signed by ca.key; issuer is ca.pem's subject.
DECODE = {
    "attrs-common": ("every common RDN attribute, one per RDN", dict(subject=der.name(
        [[(OID["C"], "printable", "US")], [(OID["ST"], "utf8", "California")],
         [(OID["L"], "utf8", "San Francisco")], [(OID["street"], "utf8", "1 Main St")],
         [(OID["postalCode"], "utf8", "94105")], [(OID["O"], "utf8", "Example, Inc.")],
         [(OID["OU"], "utf8", "Engineering")], [(OID["title"], "utf8", "Engineer")],
         [(OID["SN"], "utf8", "Doe")], [(OID["GN"], "utf8", "Jane")],
         [(OID["initials"], "utf8", "J.D.")], [(OID["pseudonym"], "utf8", "jd")],
         [(OID["generationQualifier"], "utf8", "III")],
         [(OID["dnQualifier"], "printable", "q1")], [(OID["serialNumber"], "printable", "2497886")],
         [(OID["businessCategory"], "utf8", "V1.0, Clause 5.(b)")],
         [(OID["jurC"], "printable", "US")], [(OID["jurST"], "utf8", "Delaware")],
         [(OID["DC"], "ia5", "example")], [(OID["DC"], "ia5", "com")],
         [(OID["UID"], "utf8", "jdoe")], [(OID["name"], "utf8", "Jane Doe")],
         [(OID["description"], "utf8", "it's \"quoted\"")],
         [(OID["organizationIdentifier"], "utf8", "VATUS-1234")],
         [(OID["email"], "ia5", "jane@example.com")], [(OID["CN"], "utf8", "www.example.com")]]))),
    "attrs-unknown-oid": ("attributes OpenSSL has no name for: dotted OIDs, one over 256 chars",
                          dict(subject=der.name(
                              [[("1.2.3.4.5.6.7.8.9", "utf8", "unknown")],
                               [(LONG_OID, "utf8", "long oid")],
                               [(OID["CN"], "utf8", "unknown-oid.example")]]))),
    "rdn-multivalued": ("multi-valued RDNs (O+OU+CN in one SET, two CNs in another)",
                        dict(subject=der.name(
                            [[(OID["C"], "printable", "DE")],
                             [(OID["O"], "utf8", "Multi"), (OID["OU"], "utf8", "Valued"),
                              (OID["CN"], "utf8", "multi.example")],
                             [(OID["CN"], "utf8", "a.example"), (OID["CN"], "utf8", "b.example")]]),
                            issuer=der.name([[(OID["O"], "utf8", "cssl tests"),
                                              (OID["CN"], "utf8", "multi-valued issuer")]]))),
    "strings": ("every string type a name may hold: UTF8 (2-, 3- and 4-byte), BMP, T61 "
                "(Latin-1 bytes), Printable, IA5, Numeric, Universal", dict(subject=der.name(
                    [[(OID["CN"], "utf8", "caf\u00e9 \u65e5\u672c \U0001F600")],
                     [(OID["O"], "bmp", "\u00dcn\u00efc\u00f6d\u00e9 \u20ac")],
                     [(OID["OU"], "t61", b"T61 \xe9t\xe9")],
                     [(OID["C"], "printable", "FR")], [(OID["email"], "ia5", "x@example.fr")],
                     [(OID["serialNumber"], "numeric", "0123 456")],
                     [(OID["ST"], "universal", "Univ\u00e9rs \U0001F30D")]]))),
    "nul-bytes": ("CVE-2013-4238: NUL bytes in the CN and in DNS, email and URI SANs",
                  dict(subject=subject_cn("www.python.org\x00example.org"), extensions=[san(
                      gn_dns(b"www.python.org\x00example.org"), gn_email(b"null@python.org\x00user@example.org"),
                      gn_uri(b"http://null.python.org\x00http://example.org"),
                      gn_other(UPN, der.string("utf8", "nul\x00upn@example.org")))])),
    "idn": ("internationalised names: A-labels and raw UTF-8 in CN and DNS SANs",
            dict(subject=subject_cn("b\u00fccher.example"), extensions=[san(
                gn_dns("xn--bcher-kva.example"), gn_dns("b\u00fccher.example".encode()),
                gn_dns("*.xn--fiqs8s"), gn_email("us\u00e9r@b\u00fccher.example".encode()))])),
    "serial-0": ("serial number 0", dict(serial=0)),
    "serial-1": ("serial number 1 (one digit: printed as 01)", dict(serial=1)),
    "serial-leading-zero": ("a serial whose DER needs a leading 00 byte (high bit set)",
                            dict(serial=0x80FF00112233445566)),
    "serial-20-bytes": ("the longest serial RFC 5280 allows (20 octets)",
                        dict(serial=int("7F" + "A5" * 19, 16))),
    "serial-40-bytes": ("a 40-octet serial: i2a_ASN1_INTEGER breaks the line after 35 bytes",
                        dict(serial=int("1F" + "C3" * 39, 16))),
    "serial-negative": ("a negative serial (printed with a minus sign)", dict(serial=-0x1234)),
    "time-utc-1950": ("UTCTime at both ends of its range: 1950 and 2049, single-digit days",
                      dict(not_before=der.utctime(der.utc(1950, 1, 1, 0, 0, 0)),
                           not_after=der.utctime(der.utc(2049, 12, 31, 23, 59, 59)))),
    "time-gen-2050": ("GeneralizedTime for 2050 and year 9999",
                      dict(not_before=der.gentime(der.utc(2050, 1, 5, 0, 0, 1)),
                           not_after=der.gentime(der.utc(9999, 12, 31, 23, 59, 59)))),
    "time-gen-early": ("GeneralizedTime before 1950 and for a year inside UTCTime's range",
                       dict(not_before=der.gentime(der.utc(1949, 12, 31, 23, 59, 59)),
                            not_after=der.gentime(der.utc(2030, 6, 15, 12, 0, 0)))),
    "v1": ("an X.509 v1 certificate: no version field, no extensions",
           dict(version=1, extensions=[])),
    "v3-no-extensions": ("a v3 certificate without extensions", dict(extensions=[])),
    "empty-subject": ("an empty subject, names only in the SAN",
                      dict(subject=der.seq(), extensions=[san(gn_dns("empty-subject.example"))])),
    "san-all": ("every GeneralName type in one subjectAltName", dict(extensions=[san(
        gn_dns("all.example"), gn_dns("*.all.example"), gn_ip("192.0.2.1"), gn_ip("2001:db8::1"),
        gn_ip("::1"), gn_ip("::ffff:192.0.2.128"), gn_ip("fe80::abcd:ef01:2345:6789"),
        gn_email("all@all.example"), gn_uri("https://all.example/path?q=1"),
        gn_dirname([[(OID["C"], "printable", "NL")], [(OID["O"], "utf8", "Dir Org"),
                                                        (OID["OU"], "utf8", "Dir Unit")],
                    [(OID["CN"], "utf8", "dir name")]]),
        gn_rid("1.2.3.4.5"), gn_rid("1.3.6.1.5.5.7.3.1"),
        gn_other(UPN, der.string("utf8", "user@all.example")),
        gn_other(SMTP_UTF8, der.string("utf8", "\u7528\u6237@\u4f8b\u5b50.example")),
        gn_other(XMPP, der.string("utf8", "romeo@montague.example")),
        gn_other(SRV, der.string("ia5", "_xmpp.all.example")),
        gn_other(NAI, der.string("utf8", "all.example")),
        gn_other("1.2.3.4.99", der.string("utf8", "unknown othername")),
        gn_other(UPN, der.string("ia5", "upn-as-ia5@all.example")),
        gn_x400(), gn_edi("edi party"))])),
    "san-ip": ("IP addresses of every length: 4, 16, and invalid 0, 5 and 8 bytes",
               dict(extensions=[san(gn_ip("10.0.0.255"), gn_ip("0.0.0.0"), gn_ip("::"),
                                    gn_ip("ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff"),
                                    gn_ip(b""), gn_ip(b"\x01\x02\x03\x04\x05"),
                                    gn_ip(b"\xc0\x00\x02\x00\xff\xff\xff\x00"))])),
    "san-othername-long": ("a UPN longer than CPython's 2048-byte print buffer (cut by BIO_gets)",
                           dict(extensions=[san(gn_other(UPN, der.string("utf8", "u" * 3000)),
                                                gn_dns("after.example"))])),
    "san-rid-long": ("a registered ID with a 290-character dotted OID",
                     dict(extensions=[san(gn_rid(LONG_OID))])),
    "san-dirname-bad-utf8": ("a DirName whose UTF8String is not UTF-8: OpenSSL cannot parse "
                             "the SAN, so there is no key",
                             dict(extensions=[san(gn_dirname([[(OID["CN"], "utf8", b"\xff")]]))])),
    "san-empty": ("a subjectAltName extension with no names: the key with an empty tuple",
                  dict(extensions=[san()])),
    "san-malformed": ("a subjectAltName OpenSSL cannot parse: no key",
                      dict(extensions=[der.extension(SAN, b"\x30\x03\x82\x05a")])),
    "attr-bitstring": ("a CN held in a BIT STRING (as x500UniqueIdentifier is): Python gives bytes",
                       dict(subject=subject_cn(b"\x00bits", "bitstring"))),
    "attr-bitstring-binary": ("a BIT STRING value with bytes above 0x7f",
                              dict(subject=subject_cn(b"\x00\x01\xff\x80z", "bitstring"))),
    "san-dirname-bitstring": ("a DirName SAN whose CN is a BIT STRING (bytes in Python)",
                              dict(extensions=[san(gn_dirname([[(OID["CN"], "bitstring",
                                                                   b"\x00x")]]))])),
    "attr-bitstring-x500uid": ("x500UniqueIdentifiers long enough for pprint to cut the bytes "
                               "into 4-byte parts: every printable byte and quote, then one with "
                               "a single quote only (b\"...\")",
                               dict(subject=der.name([
                                   [(OID["CN"], "utf8", "x500uid.example")],
                                   [("2.5.4.45", "bitstring", b"\x00" + bytes(range(256)))],
                                   [("2.5.4.45", "bitstring",
                                     b"\x00it's a BIT STRING long enough for pprint to wrap it "
                                     b"over a few lines\\ \t\n\r\x7f")]]))),
    "attr-bitstring-cn-only": ("a BIT STRING CN and no subjectAltName: match_hostname() meets "
                               "bytes (TypeError in Python)",
                               dict(subject=subject_cn(b"\x00bits.example", "bitstring"),
                                    extensions=[])),
    "attr-bitstring-empty": ("an empty BIT STRING CN and no subjectAltName: b''",
                             dict(subject=subject_cn(b"\x00", "bitstring"), extensions=[])),
    "aia": ("OCSP and caIssuers, two URIs each, plus a DNS location and an unknown method",
            dict(extensions=[aia((AD_OCSP, gn_uri("http://ocsp1.example/")),
                                 (AD_CA_ISSUERS, gn_uri("http://ca.example/ca1.der")),
                                 (AD_OCSP, gn_dns("ocsp-dns.example")),
                                 (AD_OCSP, gn_uri("http://ocsp2.example/")),
                                 ("1.3.6.1.5.5.7.48.5", gn_uri("http://repo.example/")),
                                 (AD_CA_ISSUERS, gn_uri("ldap://ca.example/cn=ca2")))])),
    "aia-no-uri": ("AIA whose locations are not URIs: neither OCSP nor caIssuers",
                   dict(extensions=[aia((AD_OCSP, gn_dns("ocsp.example")),
                                        (AD_CA_ISSUERS, gn_email("ca@example")))])),
    "aia-ocsp-only": ("AIA with OCSP only", dict(extensions=[aia((AD_OCSP, gn_uri("http://o/")))])),
    "crldp": ("CRL distribution points: several URIs, a point without a name (CVE-2019-5010), "
              "a DNS full name", dict(extensions=[crl_dp(
                  [dp_full(gn_uri("http://crl1.example/a.crl"), gn_uri("http://crl1.example/b.crl"))],
                  [dp_issuer_only(gn_dirname([[(OID["CN"], "utf8", "crl issuer")]]))],
                  [dp_full(gn_dns("crl-dns.example"), gn_uri("ldap://crl2.example/c"))],
                  [dp_full(gn_uri("http://crl3.example/d.crl")),
                   der.implicit(1, b"\x06\x40", constructed=False)])])),
    "crldp-relative": ("a point named relative to the CRL issuer, then a URI",
                       dict(extensions=[crl_dp([dp_relative(OID["CN"], "relative")],
                                               [dp_full(gn_uri("http://crl.example/r.crl"))])])),
    "crldp-no-uri": ("distribution points without any URI: no key",
                     dict(extensions=[crl_dp([dp_issuer_only(gn_dns("issuer.example"))],
                                             [dp_full(gn_dns("crl.example"))])])),
    "everything": ("a full modern leaf: SAN, AIA and CRL DP together",
                   dict(subject=subject_cn("everything.example"), extensions=[
                       san(gn_dns("everything.example"), gn_ip("192.0.2.7")),
                       aia((AD_OCSP, gn_uri("http://ocsp.everything.example")),
                           (AD_CA_ISSUERS, gn_uri("http://everything.example/ca.der"))),
                       crl_dp([dp_full(gn_uri("http://everything.example/crl.pem"))])])),
}

# Certificates whose decoding fails in Python: UnicodeDecodeError (a
# ValueError) for bytes that are not UTF-8, SSLError when OpenSSL refuses to
# convert a name value.
DECODE_BAD = {
    "bad-dns-0xff": ("a DNS SAN with a 0xff byte: invalid start byte",
                     dict(extensions=[san(gn_dns(b"ab\xffcd.example"))])),
    "bad-uri-truncated": ("a URI ending in half a UTF-8 sequence: unexpected end of data",
                          dict(extensions=[san(gn_uri(b"http://x.example/\xe6\x97"))])),
    "bad-email-surrogate": ("an email with an encoded surrogate: invalid continuation byte",
                            dict(extensions=[san(gn_email(b"a\xed\xa0\x80@example"))])),
    "bad-dns-cont3": ("a 4-byte sequence broken at its last byte: bytes in position N-M",
                      dict(extensions=[san(gn_dns(b"x\xf0\x9f\x98y"))])),
    "bad-upn-latin1": ("a UPN with Latin-1 bytes: the printed othername is not UTF-8",
                       dict(extensions=[san(gn_other(UPN, der.tlv(0x0C, b"caf\xe9@example")))])),
    "bad-aia-uri": ("an OCSP URI with a 0x80 byte",
                    dict(extensions=[aia((AD_OCSP, gn_uri(b"http://o\x80/")))])),
    "bad-crldp-uri": ("a CRL URI with a 0xc3 0x28 sequence",
                      dict(extensions=[crl_dp([dp_full(gn_uri(b"http://c\xc3\x28/"))])])),
    "bad-rid-huge": ("a registered ID too long for i2t_ASN1_OBJECT: SSLError 'unknown error'",
                     dict(extensions=[san(gn_rid(HUGE_OID))])),
    # OpenSSL's own X509_NAME parser refuses these, so PEM_read_bio_X509 fails
    # and Python says 'Error decoding PEM-encoded file'.
    "bad-cn-utf8": ("a CN UTF8String that is not UTF-8", dict(subject=subject_cn(b"bad \xc0\xaf cn"))),
    "bad-cn-bmp-odd": ("a CN BMPString of odd length", dict(subject=subject_cn(b"\x00a\x00", "bmp"))),
    "bad-cn-octet": ("a CN encoded as an OCTET STRING", dict(subject=subject_cn(b"octets", "octet"))),
    "bad-cn-visible": ("a CN VisibleString (not a DirectoryString type OpenSSL accepts)",
                       dict(subject=subject_cn("visible", "visible"))),
}


def corpus_cert(spki, issuer, ca_key, fields):
    params = dict(serial=0x0C551D, issuer=issuer, subject=subject_cn("decode.example"),
                  not_before=der.utctime(T2020), not_after=der.utctime(T2030), spki=spki,
                  extensions=[san(gn_dns("decode.example"))])
    params.update(fields)
    tbs = der.tbs(**params)
    return der.certificate(tbs, ca_key.sign(tbs, ec.ECDSA(hashes.SHA256())))


def to_pem(der_bytes, label="CERTIFICATE"):
    b64 = base64.b64encode(der_bytes).decode()
    lines = [b64[i:i + 64] for i in range(0, len(b64), 64)]
    return (f"-----BEGIN {label}-----\n" + "\n".join(lines) +
            f"\n-----END {label}-----\n").encode()


def make_decode_corpus(out, ca, ca_key):
    shutil.rmtree(out, ignore_errors=True)  # no stale files from an older corpus
    bad = os.path.join(out, "bad")
    os.makedirs(bad, exist_ok=True)
    key = ec.generate_private_key(ec.SECP256R1())
    spki = key.public_key().public_bytes(serialization.Encoding.DER,
                                         serialization.PublicFormat.SubjectPublicKeyInfo)
    issuer = ca.subject.public_bytes()
    for stem, (_, fields) in DECODE.items():
        write(out, f"{stem}.pem", to_pem(corpus_cert(spki, issuer, ca_key, fields)))
    for stem, (_, fields) in DECODE_BAD.items():
        write(bad, f"{stem}.pem", to_pem(corpus_cert(spki, issuer, ca_key, fields)))
    make_pem_variants(out, bad, key, corpus_cert(spki, issuer, ca_key, {}))


def make_pem_variants(out, bad, key, cert):
    """How PEM_read_bio_X509 finds "the first certificate" of a file:
      decode/key-then-cert.pem    a private key block, then the certificate
      decode/two-certs.pem        the certificate, then ca.pem's (the first wins)
      decode/x509-header.pem      the old "BEGIN X509 CERTIFICATE" label
      decode/text-around.pem      openssl-style text before and after the block
    and the files in which it finds none (decode/bad/):
      key-only.pem, empty.pem, garbage.pem, not-der.pem (base64 of a
      non-certificate), bad-base64.pem, no-footer.pem, trusted.pem (the
      "TRUSTED CERTIFICATE" label, which only PEM_read_bio_X509_AUX reads)."""
    with open(os.path.join(os.path.dirname(out), "ca.pem"), "rb") as f:
        ca_pem = f.read()
    write(out, "key-then-cert.pem", pem_key(key) + to_pem(cert))
    write(out, "two-certs.pem", to_pem(cert) + ca_pem)
    write(out, "x509-header.pem", to_pem(cert, "X509 CERTIFICATE"))
    write(out, "text-around.pem", b"subject=CN = decode.example\n" + to_pem(cert) + b"trailing\n")
    write(bad, "key-only.pem", pem_key(key))
    write(bad, "empty.pem", b"")
    write(bad, "garbage.pem", b"hello, this is not a certificate\n")
    write(bad, "not-der.pem", to_pem(b"\x30\x03\x02\x01\x00"))
    write(bad, "bad-base64.pem", b"-----BEGIN CERTIFICATE-----\n!!!!\n-----END CERTIFICATE-----\n")
    write(bad, "no-footer.pem", b"-----BEGIN CERTIFICATE-----\nMAMCAQA=\n")
    write(bad, "trusted.pem", to_pem(cert, "TRUSTED CERTIFICATE"))



def main():
    out = sys.argv[1]
    os.makedirs(out, exist_ok=True)
    ca, ca_key = make_ca(out)
    make_test_certs(out, ca, ca_key)
    make_decode_corpus(os.path.join(out, "decode"), ca, ca_key)
    print(f"certificates written to {out}")


if __name__ == "__main__":
    main()
