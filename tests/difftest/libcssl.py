"""Load libcssl ($CSSL_LIB) with ctypes, for the differential tests that
call the library directly.

A sanitizer build (-DCSSL_SANITIZE=ON) of libcssl cannot be dlopen()ed into
an interpreter that was not started with the sanitizer runtime: the script
then re-runs itself once with that runtime in LD_PRELOAD (and leak checking
off: the leaks would be the interpreter's).  LD_PRELOAD is dropped again as
soon as the library is loaded, so that the oracle and other child
processes start normally.
"""
import ctypes
import os
import subprocess
import sys

_PRELOADED = "CSSL_SANITIZER_PRELOADED"


class CsslError(ctypes.Structure):
    """The leading fields of cssl_error (include/cssl.h)."""
    _fields_ = [("code", ctypes.c_int), ("message", ctypes.c_char_p)]


def _sanitizer_runtime():
    for cc, name in (("clang", "libclang_rt.asan-x86_64.so"), ("gcc", "libasan.so")):
        try:
            path = subprocess.run([cc, f"-print-file-name={name}"], capture_output=True,
                                  text=True).stdout.strip()
        except OSError:
            continue
        if os.path.isabs(path) and os.path.exists(path):
            yield path


def _rerun_with(runtime):
    env = dict(os.environ, LD_PRELOAD=runtime, **{_PRELOADED: "1"})
    # Last, so that it wins over a detect_leaks=1 the caller set.
    env["ASAN_OPTIONS"] = env.get("ASAN_OPTIONS", "") + ":detect_leaks=0"
    r = subprocess.run([sys.executable, *sys.argv], env=env)
    sys.exit(r.returncode)


def load(path):
    """ctypes.CDLL(path) with cssl's prototypes for the cert_info API."""
    try:
        lib = ctypes.CDLL(path)
    except OSError as e:
        if "__tsan" in str(e):
            # ThreadSanitizer's runtime must be in the process from its
            # start, which a plain interpreter cannot give it.
            print(f"SKIP: {path} is a ThreadSanitizer build; Python cannot load it")
            sys.exit(77)
        if "__asan" not in str(e) and "__ubsan" not in str(e):
            raise
        if os.environ.get(_PRELOADED):
            raise
        for runtime in _sanitizer_runtime():
            _rerun_with(runtime)  # does not return
        raise
    os.environ.pop("LD_PRELOAD", None)
    lib.cssl_cert_info_from_json.restype = ctypes.c_void_p
    lib.cssl_cert_info_from_json.argtypes = [ctypes.c_char_p, ctypes.c_size_t]
    for name in ("to_json", "to_repr", "to_pprint"):
        f = getattr(lib, "cssl_cert_info_" + name)
        f.restype = ctypes.c_void_p
        f.argtypes = [ctypes.c_void_p]
    lib.cssl_free.argtypes = [ctypes.c_void_p]
    lib.cssl_cert_info_free.argtypes = [ctypes.c_void_p]
    lib.cssl_last_error.restype = ctypes.POINTER(CsslError)
    lib.cssl_err_name.restype = ctypes.c_char_p
    return lib
