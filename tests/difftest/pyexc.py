"""Python exceptions in cssl's terms: the class name cssl reports for an
exception (its nearest class that cssl has) and str(e) without the
"(_ssl.c:NNNN)" suffix.  Imported by the oracle snippets too (it is plain
Python 3 with no dependencies)."""
import re

CSSL_CLASSES = ["SSLCertVerificationError", "SSLZeroReturnError", "SSLWantReadError",
                "SSLWantWriteError", "SSLSyscallError", "SSLEOFError", "SSLError",
                "TimeoutError", "ValueError", "TypeError", "MemoryError",
                "NotImplementedError", "OSError"]


def cssl_name(exc):
    for cls in type(exc).__mro__:
        if cls.__name__ in CSSL_CLASSES:
            return cls.__name__
    return type(exc).__name__


def cssl_message(exc):
    return re.sub(r" \(_ssl\.c:\d+\)$", "", str(exc))


def describe(exc):
    return [cssl_name(exc), cssl_message(exc)]
