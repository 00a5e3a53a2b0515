"""ssl.get_default_verify_paths() against `cssl default-verify-paths`.

Both run under the same environment: SSL_CERT_FILE / SSL_CERT_DIR unset,
set to a file, a directory, a missing path, a dangling symlink, "" and to
names Python has to escape in repr() and json.dumps(), undecodable bytes
included (os.fsdecode(): surrogateescape).  The text output must be
repr(paths), the --json output json.dumps(paths._asdict()).
"""
import json
import os
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import harness  # noqa: E402
from certenv import UNSET, verify_paths_env  # noqa: E402

ORACLE = """
import json, ssl
p = ssl.get_default_verify_paths()
print(json.dumps([repr(p), json.dumps(p._asdict())]))
"""

def make_tree(tmp):
    """Files, directories and links with names that test repr() too."""
    def path(name):
        return os.path.join(tmp, name)
    with open(path("bundle.pem"), "w"):
        pass
    for d in ("certs", "caf\u00e9 it's", 'both \' and "', "back\\slash", "line\nbreak",
              "nb\u00a0space", "tab\there"):
        os.mkdir(path(d))
    for raw in UNDECODABLE.values():
        os.mkdir(os.fsencode(path("bad")) + raw)
    os.symlink(path("bundle.pem"), path("file-link"))
    os.symlink(path("certs"), path("dir-link"))
    os.symlink(path("missing"), path("dangling"))
    return path


# Directory name suffixes that are not UTF-8, or only nearly: Python reads
# them with os.fsdecode() (surrogateescape), so each byte of a sequence its
# strict decoder refuses is one lone surrogate, '\udcXX' in repr() and in
# json.dumps().
UNDECODABLE = {
    "undecodable byte": b"\xff",
    "overlong '/'": b"\xc0\xaf",
    "overlong 3-byte '/'": b"\xe0\x80\xaf",
    "encoded surrogate": b"\xed\xa0\x80",
    "beyond U+10FFFF": b"\xf4\x90\x80\x80",
    "cut sequence, then ASCII": b"\xe6\x97x",
    "cut sequence at the end": b"\xf0\x9f\x98",
    "lone continuation bytes": b"\x80\xbf",
    "valid astral, then invalid": b"\xf0\x9f\x98\x80\xc3",
    "C1 control and DEL": b"\xc2\x85\x7f",
}


def cases(path):
    def bad(raw):
        return os.fsdecode(os.fsencode(path("bad")) + raw)
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
    ] + [(label, path("missing"), bad(raw)) for label, raw in UNDECODABLE.items()]


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
                with verify_paths_env(cafile, capath):
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
