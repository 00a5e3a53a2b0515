"""cssl match-hostname against Python 3.11's ssl.match_hostname(cert, hostname).

Python removed match_hostname in 3.12, so 3.11 is the oracle.  Both sides
see the same dict: cssl through `--cert-json json.dumps(cert)`, Python
through json.loads() of the same text.  A few more cases go through real
certificate files (generated here with cryptography, plus $CSSL_CERTS'
server.pem): cssl decodes CERTFILE, Python ssl._ssl._test_decode_cert().

Same outcome for every case: no error (exit 0, nothing printed), or the same
exception class name and str() (exit 1 for SSLCertVerificationError, 2 for
ValueError, as "Name: message" on stderr).
"""
import datetime
import ipaddress
import json
import os
import sys
import tempfile

sys.path.insert(0, os.path.dirname(__file__))
import harness  # noqa: E402


def san(*entries):
    return {"subjectAltName": [list(e) for e in entries]}


def dns(*names):
    return san(*[("DNS", n) for n in names])


def ips(*addrs):
    return san(*[("IP Address", a) for a in addrs])


def cn(*names, **extra):
    d = {"subject": [[["commonName", n]] for n in names]}
    d.update(extra)
    return d


def both(san_part, cn_part):
    return {**cn_part, **san_part}


CASES = [
    # exact and case-insensitive DNS names
    ("example.com", dns("example.com")),
    ("EXAMPLE.com", dns("example.COM")),
    ("example.org", dns("example.com")),
    ("example.com", dns("example.com.")),
    ("example.com.", dns("example.com")),
    ("example.com.", dns("example.com.")),
    ("www.example.com", dns("example.com")),
    ("example.com", dns("www.example.com")),
    ("", dns("example.com")),
    ("a.com", dns("")),
    ("b.com", dns("a.com", "b.com", "c.com")),
    ("d.com", dns("a.com", "b.com", "c.com")),
    # wildcards, valid and invalid
    ("sub.a.com", dns("*.a.com")),
    ("SUB.A.COM", dns("*.a.com")),
    ("sub.a.com", dns("*.A.COM")),
    ("a.com", dns("*.a.com")),
    ("x.y.a.com", dns("*.a.com")),
    (".a.com", dns("*.a.com")),
    ("sub.a.com.", dns("*.a.com")),
    ("sub.b.com", dns("*.a.com")),
    ("foo.a.com", dns("f*.a.com")),
    ("foo.a.com", dns("*o.a.com")),
    ("foo.a.com", dns("f*o.a.com")),
    ("x.y.a.com", dns("*.*.a.com")),
    ("a.b.com", dns("a.*.com")),
    ("a.b.com", dns("a.b.*")),
    ("a", dns("*")),
    ("a.com", dns("*")),
    ("a.com", dns("*.com")),
    ("com", dns("*.com")),
    ("x.a.com", dns("*.")),
    ("x.", dns("*.")),
    ("b.com", dns("a.com", "x*")),
    ("b.com", dns("b.com", "x*")),
    ("x.a.com", dns("**.a.com")),
    ("10.0.0.1", dns("*.*.bad")),
    ("sub.a.com", dns("a.com", "*.a.com")),
    # IDN A-labels and non-ASCII names
    ("xn--knig-5qa.idn.pythontest.net", dns("xn--knig-5qa.idn.pythontest.net")),
    ("XN--KNIG-5QA.idn.pythontest.net", dns("xn--knig-5qa.idn.pythontest.net")),
    ("k\u00f6nig.idn.pythontest.net", dns("xn--knig-5qa.idn.pythontest.net")),
    ("x.xn--knig-5qa.net", dns("*.xn--knig-5qa.net")),
    ("k\u00f6nig.net", dns("K\u00d6NIG.NET")),
    ("\u00e9xample.com", dns("example.com")),
    ("x.\u00e9xample.com", dns("*.\u00c9XAMPLE.COM")),
    ("i\u0307.com", dns("\u0130.com")),
    ("\u0130.com", dns("i\u0307.com")),
    ("i.com", dns("\u0130.com")),
    ("\u03b1\u03c2", dns("\u0391\u03a3")),
    ("\u03b1\u03c3", dns("\u0391\u03a3")),
    ("\u03b1\u03c3.b", dns("\u0391\u03a3.B")),
    ("\u03b1\u03c2-b", dns("\u0391\u03a3-B")),
    ("x.\u03c3a", dns("*.\u03a3A")),
    ("\u1e9e.de", dns("\u00df.de")),
    ("stra\u00dfe.de", dns("STRASSE.de")),
    ("\u2160.com", dns("\u2170.com")),
    ("\U00010400.com", dns("\U00010428.com")),
    ("it's.com", dns('say "hi".com', "it's.com")),
    ("tab.com", dns("tab\t.com", "bell\x07.com", "nbsp\u00a0.com", "rtl\u200f.com")),
    # IPv4
    ("127.0.0.1", ips("127.0.0.1")),
    ("127.0.0.1", ips("127.0.0.2")),
    ("127.0.0.1", dns("127.0.0.1")),
    ("127.0.0.1", both(dns("localhost"), cn("127.0.0.1"))),
    ("127.0.0.1", cn("127.0.0.1")),
    ("127.1", ips("127.0.0.1")),
    ("127.1", dns("127.1")),
    ("127.0.0.1 junk", ips("127.0.0.1")),
    ("127.0.0.1 junk", dns("127.0.0.1 junk")),
    ("127.000.000.001", ips("127.0.0.1")),
    ("0x7f.0.0.1", ips("127.0.0.1")),
    ("127.0.0.1", ips("127.1")),
    ("127.0.0.1", ips("127.000.0.1")),
    ("127.0.0.1", ips("127.0.0.1 junk")),
    ("127.0.0.1", ips("not an ip")),
    ("127.0.0.1", ips("")),
    ("127.0.0.1", ips("127.0.0.1\n")),
    ("127.0.0.1", ips("127.0.0.1 \t\r\n")),
    ("127.0.0.1", ips("127.0.0.1\u2003\u3000\x1c")),
    ("127.0.0.1", ips("127.0.0.1\x00")),
    ("127.0.0.1", ips(" 127.0.0.1")),
    ("127.0.0.1", ips("10.0.0.1", "127.0.0.1")),
    ("127.0.0.1", ips("10.0.0.1", "bogus", "127.0.0.1")),
    ("127.0.0.1", ips("127.0.0.1", "bogus")),
    ("a.com", ips("bogus")),
    ("256.0.0.1", ips("256.0.0.1")),
    ("255.255.255.255", ips("255.255.255.255")),
    ("0.0.0.0", ips("0.0.0.0")),
    # IPv6
    ("::1", ips("::1")),
    ("::1", ips("0:0:0:0:0:0:0:1\n")),
    ("2001:DB8::1", ips("2001:db8:0:0:0:0:0:1")),
    ("2001:db8::1", ips("2001:DB8::2")),
    ("2001:db8::1", dns("2001:db8::1")),
    ("2001:db8::1", cn("2001:db8::1")),
    ("::ffff:10.0.0.1", ips("10.0.0.1")),
    ("::ffff:10.0.0.1", ips("::ffff:a00:1")),
    ("::10.0.0.1", ips("::a00:1")),
    ("10.0.0.1", ips("::ffff:10.0.0.1")),
    ("::1", ips("::1::")),
    ("::1", ips("fe80::1%eth0")),
    ("fe80::1%eth0", ips("fe80::1")),
    ("[::1]", ips("::1")),
    ("::1", ips("127.0.0.1", "::1")),
    # commonName: only without DNS / IP Address entries
    ("example.com", cn("example.com")),
    ("EXAMPLE.COM", cn("example.com")),
    ("x.example.com", cn("*.example.com")),
    ("x.example.com", cn("x*.example.com")),
    ("b.com", cn("a.com", "b.com")),
    ("c.com", cn("a.com", "b.com")),
    ("cn.com", both(dns("dns.com"), cn("cn.com"))),
    ("cn.com", both(ips("10.0.0.1"), cn("cn.com"))),
    ("cn.com", both(san(("email", "cn.com"), ("URI", "https://cn.com/")), cn("cn.com"))),
    ("cn.com", both(san(), cn("cn.com"))),
    ("a.com", {"subject": [[["organizationName", "a.com"], ["commonName", "b.com"]]]}),
    ("b.com", {"subject": [[["organizationName", "a.com"], ["commonName", "b.com"]]]}),
    ("a.com", {"subject": [[["commonName", "x.com"], ["commonName", "a.com"]]]}),
    # no names, empty dicts
    ("a.com", {}),
    ("10.0.0.1", {}),
    ("a.com", {"subject": []}),
    ("a.com", {"subject": [[["organizationName", "a.com"]]]}),
    ("a.com", san(("email", "a@a.com"))),
    ("a.com", {"version": 3, "serialNumber": "01"}),
    # NUL bytes in names (CVE-2013-4238)
    ("www.python.org", dns("www.python.org\x00example.org")),
    ("www.python.org", cn("www.python.org\x00example.org")),
    ("x.python.org", dns("*.python.org\x00.example.org")),
    ("example.org", dns("www.python.org\x00example.org")),
    ("10.0.0.1", ips("10.0.0.1\x00junk")),
]


ORACLE = r"""
import json, ssl, sys, warnings
warnings.simplefilter("ignore")
out = []
for host, cert in json.load(sys.stdin):
    if isinstance(cert, str):
        cert = ssl._ssl._test_decode_cert(cert)
    try:
        ssl.match_hostname(cert, host)
        out.append(None)
    except Exception as e:
        out.append([type(e).__name__, str(e)])
print(json.dumps(out))
"""

EXIT = {None: 0, "SSLCertVerificationError": 1, "ValueError": 2, "TypeError": 2}


def run_cssl(host, cert):
    """(exit status, [class, message] or None) from the cssl command."""
    if isinstance(cert, str):
        rc, out, err = harness.cli("match-hostname", cert, "--", host)
    else:
        rc, out, err = harness.cli("match-hostname", "--cert-json", json.dumps(cert), "--", host)
    if out or (rc == 0) != (err == ""):
        return rc, ["unexpected output", out + err]
    if rc == 0:
        return rc, None
    name, _, message = err.rstrip("\n").partition(": ")
    return rc, [name, message]


def make_cert_files(tmp):
    """A few real certificates, self-signed with cryptography."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    now = datetime.datetime.now(datetime.timezone.utc)

    def write(stem, cn_value, sans):
        key = ec.generate_private_key(ec.SECP256R1())
        subject = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, cn_value)])
        b = (x509.CertificateBuilder().subject_name(subject).issuer_name(subject)
             .public_key(key.public_key()).serial_number(x509.random_serial_number())
             .not_valid_before(now - datetime.timedelta(days=1))
             .not_valid_after(now + datetime.timedelta(days=30)))
        if sans:
            b = b.add_extension(x509.SubjectAlternativeName(sans), critical=False)
        path = os.path.join(tmp, stem + ".pem")
        with open(path, "wb") as f:
            f.write(b.sign(key, hashes.SHA256()).public_bytes(serialization.Encoding.PEM))
        return path

    ip = lambda a: x509.IPAddress(ipaddress.ip_address(a))  # noqa: E731
    full = write("full", "cn.example.com",
                 [x509.DNSName("*.example.com"), x509.DNSName("example.com"),
                  ip("10.0.0.1"), ip("2001:db8::1"), x509.RFC822Name("x@example.com")])
    cn_only = write("cn_only", "only-cn.example.org", [])
    nul = write("nul", "www.python.org\x00example.org",
                [x509.DNSName("www.python.org\x00example.org")])
    ip_only = write("ip_only", "ip.example.net", [ip("192.0.2.7"), ip("::ffff:192.0.2.8")])
    return [
        ("www.example.com", full), ("example.com", full), ("x.y.example.com", full),
        ("cn.example.com", full), ("10.0.0.1", full), ("10.0.0.2", full),
        ("2001:DB8:0::1", full), ("2001:db8::2", full),
        ("only-cn.example.org", cn_only), ("other.example.org", cn_only),
        ("www.python.org", nul), ("192.0.2.7", ip_only), ("::ffff:192.0.2.8", ip_only),
        ("192.0.2.8", ip_only), ("ip.example.net", ip_only),
    ]


def usage_checks(t):
    """The command line itself: help, usage errors, unreadable input."""
    rc, out, _ = harness.cli("match-hostname", "--help")
    t.check("--help", (rc, "--cert-json" in out), (0, True))
    rc, _, _ = harness.cli("match-hostname", "--cert-json", "{}")
    t.check("missing HOSTNAME", rc, 2)
    rc, _, _ = harness.cli("match-hostname", "a", "b", "c")
    t.check("extra argument", rc, 2)
    rc, _, err = harness.cli("match-hostname", "--cert-json", "not json", "a.com")
    t.check("bad JSON", (rc, err.startswith("ValueError: ")), (2, True))
    rc, _, err = harness.cli("match-hostname", "/nonexistent/cert.pem", "a.com")
    t.check("missing file", rc, 2)
    rc, out, err = harness.cli("match-hostname", "--cert-json", "-", "a.com",
                               stdin=json.dumps(dns("A.com")))
    t.check("--cert-json - (stdin)", (rc, out, err), (0, "", ""))


def main():
    if not harness.PY311:
        harness.skip("python3.11 (the oracle for match_hostname) not found")
    t = harness.Tally("match_hostname")
    with tempfile.TemporaryDirectory() as tmp:
        cases = list(CASES) + make_cert_files(tmp)
        server = os.path.join(harness.CERTS, "server.pem")
        if os.path.exists(server):
            cases += [(h, server) for h in ("localhost", "LOCALHOST", "127.0.0.1", "::1",
                                             "0:0::1", "127.0.0.2", "example.com")]
        # A BIT STRING commonName is bytes (None when empty) in Python: bytes
        # make _dnsname_match() raise TypeError, None and b'' never match.
        for stem in ("attr-bitstring-cn-only", "attr-bitstring-empty"):
            path = os.path.join(harness.CERTS, "decode", stem + ".pem")
            if os.path.exists(path):
                cases += [(h, path) for h in ("bits.example", "10.0.0.1")]
        cases += [("a.com", {"subject": [[["commonName", None], ["commonName", "b.com"]]]})]
        want = harness.oracle(ORACLE, python=harness.PY311, stdin=json.dumps(cases))
        for (host, cert), expected in zip(cases, want):
            label = f"match_hostname({cert!r}, {host!r})"
            exit_want = EXIT.get(expected[0] if expected else None, -1)
            t.check(label, run_cssl(host, cert), (exit_want, expected))
    usage_checks(t)
    t.finish()


if __name__ == "__main__":
    main()
