#!/usr/bin/env python3
"""Generate every certificate cssl's tests use, into the directory given.

A throwaway CA, server and client certificates: nothing with an expiry date
is checked in.  Run by ctest's "certs" fixture before the tests.
"""
import datetime
import ipaddress
import os
import sys

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

NOW = datetime.datetime.now(datetime.timezone.utc).replace(microsecond=0)
DAY = datetime.timedelta(days=1)


def write(out, name, data):
    with open(os.path.join(out, name), "wb") as f:
        f.write(data)


def pem_key(key):
    return key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                             serialization.NoEncryption())


def name(cn, org="cssl tests"):
    return x509.Name([x509.NameAttribute(NameOID.ORGANIZATION_NAME, org),
                      x509.NameAttribute(NameOID.COMMON_NAME, cn)])


def make_ca(out):
    key = ec.generate_private_key(ec.SECP256R1())
    subject = name("cssl test CA")
    ski = x509.SubjectKeyIdentifier.from_public_key(key.public_key())
    cert = (x509.CertificateBuilder().subject_name(subject).issuer_name(subject)
            .public_key(key.public_key()).serial_number(x509.random_serial_number())
            .not_valid_before(NOW - DAY).not_valid_after(NOW + 3650 * DAY)
            .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
            .add_extension(x509.KeyUsage(False, False, False, False, False, True, True, False, False),
                           critical=True)
            .add_extension(ski, critical=False)
            .sign(key, hashes.SHA256()))
    write(out, "ca.pem", cert.public_bytes(serialization.Encoding.PEM))
    write(out, "ca.key", pem_key(key))
    return cert, key


def make_leaf(out, stem, ca, ca_key, cn, sans, server=True):
    key = ec.generate_private_key(ec.SECP256R1())
    usage = x509.oid.ExtendedKeyUsageOID.SERVER_AUTH if server else x509.oid.ExtendedKeyUsageOID.CLIENT_AUTH
    b = (x509.CertificateBuilder().subject_name(name(cn)).issuer_name(ca.subject)
         .public_key(key.public_key()).serial_number(x509.random_serial_number())
         .not_valid_before(NOW - DAY).not_valid_after(NOW + 365 * DAY)
         .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
         .add_extension(x509.ExtendedKeyUsage([usage]), critical=False)
         .add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(ca_key.public_key()),
                        critical=False)
         .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False))
    if sans:
        b = b.add_extension(x509.SubjectAlternativeName(sans), critical=False)
    cert = b.sign(ca_key, hashes.SHA256())
    write(out, f"{stem}.pem", cert.public_bytes(serialization.Encoding.PEM))
    write(out, f"{stem}.key", pem_key(key))


def main():
    out = sys.argv[1]
    os.makedirs(out, exist_ok=True)
    ca, ca_key = make_ca(out)
    make_leaf(out, "server", ca, ca_key, "localhost",
              [x509.DNSName("localhost"), x509.IPAddress(ipaddress.ip_address("127.0.0.1")),
               x509.IPAddress(ipaddress.ip_address("::1"))])
    make_leaf(out, "client", ca, ca_key, "cssl test client", [], server=False)
    print(f"certificates written to {out}")


if __name__ == "__main__":
    main()
