"""ssl.get_default_verify_paths() against `cssl default-verify-paths`.

Both run under the same environment: SSL_CERT_FILE / SSL_CERT_DIR unset,
set to a file, a directory, a missing path, a dangling symlink, "" and to
names Python has to escape in repr().  The text output must be
repr(paths), the --json output json.dumps(paths._asdict()).
"""
import contextlib
import json
import os
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import harness  # noqa: E402

ORACLE = """
import json, ssl
p = ssl.get_default_verify_paths()
print(json.dumps([repr(p), json.dumps(p._asdict())]))
"""

UNSET = object()


@contextlib.contextmanager
def environment(cafile, capath):
    """Set (or, with UNSET, remove) the two variables for cssl and Python."""
    saved = {k: os.environ.get(k) for k in ("SSL_CERT_FILE", "SSL_CERT_DIR")}
    try:
        for key, value in (("SSL_CERT_FILE", cafile), ("SSL_CERT_DIR", capath)):
            if value is UNSET:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value
        yield
    finally:
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value


def make_tree(tmp):
    """Files, directories and links with names that test repr() too."""
    def path(name):
        return os.path.join(tmp, name)
    with open(path("bundle.pem"), "w"):
        pass
    for d in ("certs", "caf\u00e9 it's", 'both \' and "', "back\\slash", "line\nbreak",
              "nb\u00a0space", "tab\there"):
        os.mkdir(path(d))
    os.mkdir(os.fsencode(path("bad")) + b"\xff")
    os.symlink(path("bundle.pem"), path("file-link"))
    os.symlink(path("certs"), path("dir-link"))
    os.symlink(path("missing"), path("dangling"))
    return path


def cases(path):
    bad = os.fsdecode(os.fsencode(path("bad")) + b"\xff")
    return [
        ("unset", UNSET, UNSET),
        ("file and dir", path("bundle.pem"), path("certs")),
        ("missing", path("missing"), path("missing")),
        ("empty", "", ""),
        ("swapped kinds", path("certs"), path("bundle.pem")),
        ("symlinks", path("file-link"), path("dir-link")),
        ("dangling", path("dangling"), path("dangling")),
        ("trailing slash", path("bundle.pem") + "/", path("certs") + "/"),
        ("only file set", path("bundle.pem"), UNSET),
        ("only dir set", UNSET, path("certs")),
        ("relative", "bundle.pem", "."),
        ("non-ASCII and quote", path("missing"), path("caf\u00e9 it's")),
        ("both quotes", UNSET, path('both \' and "')),
        ("backslash", "", path("back\\slash")),
        ("newline", path("missing"), path("line\nbreak")),
        ("tab", path("missing"), path("tab\there")),
        ("no-break space", path("missing"), path("nb\u00a0space")),
        ("undecodable byte", path("missing"), bad),
    ]


def main():
    if not harness.PY313:
        harness.skip("python3.13 (the oracle for get_default_verify_paths) not found")
    t = harness.Tally("verify_paths")
    with tempfile.TemporaryDirectory() as tmp:
        path = make_tree(tmp)
        old_cwd = os.getcwd()
        os.chdir(tmp)  # for the relative case: both processes start here
        try:
            for label, cafile, capath in cases(path):
                with environment(cafile, capath):
                    want_repr, want_json = harness.oracle(ORACLE, python=harness.PY313)
                    rc, out, err = harness.cli("default-verify-paths")
                    t.check(f"{label}: repr", (rc, out, err), (0, want_repr + "\n", ""))
                    rc, out, err = harness.cli("default-verify-paths", "--json")
                    t.check(f"{label}: json", (rc, out, err), (0, want_json + "\n", ""))
        finally:
            os.chdir(old_cwd)
    rc, out, _ = harness.cli("default-verify-paths", "--help")
    t.check("--help", (rc, out.startswith("usage: cssl default-verify-paths")), (0, True))
    rc, _, err = harness.cli("default-verify-paths", "extra")
    t.check("bad usage", (rc, "unexpected argument 'extra'" in err), (2, True))
    t.finish()


if __name__ == "__main__":
    main()
