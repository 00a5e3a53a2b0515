/*
 * fuzz_handshake_client.c - a cssl client (SSLObject over memory BIOs)
 * against arbitrary server records.
 *
 * Input: a flags byte, then the server's bytes (fuzz_handshake.h).  The
 * client verifies the server (CERT_REQUIRED, check_hostname "localhost",
 * the generated certificate as trust anchor) and offers the same
 * certificate to a server that asks for one.
 *
 * Asserts, for every call (do_handshake, read, write, unwrap, the memory
 * BIO calls, the connection's properties): a failure is a named
 * SSLError subclass (SSLWantReadError, SSLEOFError,
 * SSLCertVerificationError, ...) or MemoryError with a message, and a
 * second call after a failure fails too; a success records CSSL_OK; a
 * finished handshake has a version, a cipher and the server's certificate;
 * OpenSSL's error queue is empty after each call; nothing leaks.
 */
#include "fuzz_handshake.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    hs_run(HS_CLIENT, data, size, NULL);
    return 0;
}
