/*
 * fuzz_handshake_server.c - a cssl server (SSLObject over memory BIOs)
 * against arbitrary client records.
 *
 * Input: a flags byte, then the client's bytes (fuzz_handshake.h).  The
 * server has the generated Ed25519 certificate and asks for a client
 * certificate (CERT_OPTIONAL, the same certificate as trust anchor), so
 * client Certificate and CertificateVerify messages are parsed and checked.
 *
 * Asserts the same as fuzz_handshake_client.c, for the server's calls.
 */
#include "fuzz_handshake.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    hs_run(HS_SERVER, data, size, NULL);
    return 0;
}
