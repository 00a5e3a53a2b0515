"""Differential testing against Python's ssl module.

Each tests/difftest/test_*.py script feeds the same input to cssl (through
the `cssl` command or libcssl) and to Python's ssl module (run in a separate
interpreter: python3.13 is the oracle for today's API, python3.11 for what
3.12 removed), compares the answers, and ends with the line
"N passed, N failed".  Exit status 0 when nothing failed, 77 (ctest's skip)
with a printed reason when an oracle is missing.
"""
import json
import os
import subprocess
import sys

CLI = os.environ.get("CSSL_CLI", "cssl")
CERTS = os.environ.get("CSSL_CERTS", ".")
PY313 = os.environ.get("CSSL_PY313") or ""
PY311 = os.environ.get("CSSL_PY311") or ""


def skip(reason):
    print(f"SKIP: {reason}")
    sys.exit(77)


def oracle(code, *, python=None, stdin=None):
    """Run `code` in the oracle interpreter; it must print one JSON value."""
    py = python or PY313 or PY311
    if not py:
        skip("no Python oracle interpreter found (python3.13 / python3.11)")
    env = dict(os.environ, PYTHONWARNINGS="ignore")
    r = subprocess.run([py, "-c", code], input=stdin, capture_output=True, text=True, env=env)
    if r.returncode != 0:
        raise RuntimeError(f"oracle failed: {r.stderr}")
    return json.loads(r.stdout)


def cli(*args, stdin=None, binary=False):
    """Run the cssl command; returns (exit status, stdout, stderr)."""
    r = subprocess.run([CLI, *args], input=stdin, capture_output=True, text=not binary)
    return r.returncode, r.stdout, r.stderr


class Tally:
    def __init__(self, name):
        self.name = name
        self.passed = 0
        self.failed = 0

    def check(self, label, got, want):
        if got == want:
            self.passed += 1
            return True
        self.failed += 1
        print(f"FAIL {self.name}: {label}\n  cssl:   {got!r}\n  python: {want!r}")
        return False

    def finish(self):
        print(f"{self.name}: {self.passed} passed, {self.failed} failed")
        sys.exit(1 if self.failed or not self.passed else 0)
