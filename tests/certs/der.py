"""A tiny DER writer for the certificates `cryptography` refuses to build.

make_certs.py uses it for the decode corpus: X.509 v1, serial 0 and
negative or 40-byte serials, UTCTime in 1950 and GeneralizedTime after
2049, T61/BMP/Universal strings, NUL bytes and invalid UTF-8 in names,
every GeneralName type, distribution points without a name.  Only what
RFC 5280 structures need; each helper returns the encoded bytes.
"""
import datetime


def _length(n):
    if n < 0x80:
        return bytes([n])
    body = n.to_bytes((n.bit_length() + 7) // 8, "big")
    return bytes([0x80 | len(body)]) + body


def tlv(tag, body):
    return bytes([tag]) + _length(len(body)) + body


def seq(*items):
    return tlv(0x30, b"".join(items))


def set_of(*items):
    return tlv(0x31, b"".join(items))


def explicit(n, inner):
    """[n] EXPLICIT (constructed context tag around an encoded value)."""
    return tlv(0xA0 | n, inner)


def implicit(n, body, constructed=False):
    """[n] IMPLICIT: the context tag replaces the value's own tag."""
    return tlv((0xA0 if constructed else 0x80) | n, body)


def integer(n):
    """Minimal two's-complement INTEGER (0 is one zero byte)."""
    length = max(1, (n.bit_length() + 8) // 8)
    return tlv(0x02, n.to_bytes(length, "big", signed=True))


def integer_raw(content):
    return tlv(0x02, content)


def boolean(v):
    return tlv(0x01, b"\xff" if v else b"\x00")


def octet_string(b):
    return tlv(0x04, b)


def bit_string(b):
    return tlv(0x03, b"\x00" + b)


def oid(dotted):
    arcs = [int(a) for a in dotted.split(".")]
    out = bytearray([40 * arcs[0] + arcs[1]])
    for arc in arcs[2:]:
        chunk = [arc & 0x7F]
        arc >>= 7
        while arc:
            chunk.append(0x80 | (arc & 0x7F))
            arc >>= 7
        out += bytes(reversed(chunk))
    return tlv(0x06, bytes(out))


# String types: the tag and how text becomes content bytes.
STRING_TAGS = {
    "utf8": (0x0C, lambda v: v.encode("utf-8") if isinstance(v, str) else v),
    "numeric": (0x12, lambda v: v.encode("ascii")),
    "printable": (0x13, lambda v: v.encode("ascii")),
    "t61": (0x14, lambda v: v.encode("latin-1") if isinstance(v, str) else v),
    "ia5": (0x16, lambda v: v.encode("ascii") if isinstance(v, str) else v),
    "visible": (0x1A, lambda v: v.encode("ascii")),
    "universal": (0x1C, lambda v: v.encode("utf-32-be") if isinstance(v, str) else v),
    "bmp": (0x1E, lambda v: v.encode("utf-16-be") if isinstance(v, str) else v),
    "octet": (0x04, lambda v: v),
    "bitstring": (0x03, lambda v: v),
}


def string(kind, value):
    tag, enc = STRING_TAGS[kind]
    return tlv(tag, enc(value))


def utctime(dt):
    return tlv(0x17, dt.strftime("%y%m%d%H%M%SZ").encode())


def gentime(dt, fraction=""):
    return tlv(0x18, (dt.strftime("%Y%m%d%H%M%S") + fraction + "Z").encode())


def rfc5280_time(dt):
    """UTCTime for 1950-2049, GeneralizedTime otherwise (RFC 5280 4.1.2.5)."""
    return utctime(dt) if 1950 <= dt.year <= 2049 else gentime(dt)


def name(rdns):
    """rdns: list of RDNs; each RDN a list of (oid, kind, value)."""
    return seq(*(set_of(*(seq(oid(o), string(k, v)) for o, k, v in rdn)) for rdn in rdns))


def simple_name(*pairs, kind="utf8"):
    """One single-valued RDN per (oid, value) pair."""
    return name([[(o, kind, v)] for o, v in pairs])


def extension(oid_text, value, critical=False):
    parts = [oid(oid_text)]
    if critical:
        parts.append(boolean(True))
    parts.append(octet_string(value))
    return seq(*parts)


ECDSA_SHA256 = seq(oid("1.2.840.10045.4.3.2"))


def tbs(*, serial, issuer, subject, not_before, not_after, spki, extensions=(), version=3,
        serial_raw=None):
    parts = []
    if version != 1:
        parts.append(explicit(0, integer(version - 1)))
    parts.append(serial_raw if serial_raw is not None else integer(serial))
    parts.append(ECDSA_SHA256)
    parts.append(issuer)
    parts.append(seq(not_before, not_after))
    parts.append(subject)
    parts.append(spki)
    if extensions:
        parts.append(explicit(3, seq(*extensions)))
    return seq(*parts)


def certificate(tbs_der, signature):
    return seq(tbs_der, ECDSA_SHA256, bit_string(signature))


def utc(*args):
    return datetime.datetime(*args, tzinfo=datetime.timezone.utc)
