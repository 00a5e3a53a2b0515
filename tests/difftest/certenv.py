"""The environment variables that move OpenSSL's default verify paths
(SSL_CERT_FILE, SSL_CERT_DIR), set for cssl and the Python oracle alike:
both inherit this process's environment."""
import contextlib
import os

# A value that removes the variable instead of setting it.
UNSET = object()

NAMES = ("SSL_CERT_FILE", "SSL_CERT_DIR")


@contextlib.contextmanager
def verify_paths_env(cafile, capath):
    """Set SSL_CERT_FILE to cafile and SSL_CERT_DIR to capath (or remove
    either with UNSET) for the block, then restore both as they were."""
    saved = {k: os.environ.get(k) for k in NAMES}
    try:
        for key, value in zip(NAMES, (cafile, capath)):
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
