/*
 * fuzz_decode_der.c - cssl_cert_info_from_der() on arbitrary bytes.
 *
 * Asserts: a failure is a named SSLError/ValueError/MemoryError with a
 * message; a success passes fz_check_cert() (strings, renderers, JSON round
 * trip), and the same bytes wrapped as PEM (cssl_der_cert_to_pem_cert())
 * decode through cssl_cert_info_from_pem() to the same JSON.
 */
#include "fuzz_common.h"

#include <stdlib.h>
#include <string.h>

static void check_pem_agrees(const uint8_t *data, size_t size, const char *json)
{
    char *pem = cssl_der_cert_to_pem_cert(data, size);
    FZ_CHECK(pem != NULL, "cssl_der_cert_to_pem_cert failed on a decodable certificate: %s",
             cssl_last_error()->message);
    fz_expect_ok("cssl_der_cert_to_pem_cert");
    cssl_cert_info *cert = cssl_cert_info_from_pem(pem, strlen(pem));
    FZ_CHECK(cert != NULL, "the PEM form of a decodable DER certificate does not decode: %s: %s",
             cssl_err_name(cssl_last_error()->code), cssl_last_error()->message);
    fz_expect_ok("cssl_cert_info_from_pem");
    char *json2 = fz_cert_text(cert);
    FZ_CHECK(json2 != NULL && strcmp(json, json2) == 0,
             "DER and PEM decodings differ:\n  DER: %s\n  PEM: %s", json, json2 ? json2 : "(null)");
    cssl_free(json2);
    cssl_cert_info_free(cert);
    cssl_free(pem);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    cssl_cert_info *cert = cssl_cert_info_from_der(data, size);
    if (cert == NULL) {
        fz_expect_error("cssl_cert_info_from_der", 0,
                        FZ_ERR(CSSL_E_SSL) | FZ_ERR(CSSL_E_VALUE) | FZ_ERR(CSSL_E_NOMEM));
        return 0;
    }
    fz_expect_ok("cssl_cert_info_from_der");
    char *json = fz_check_cert(cert);
    check_pem_agrees(data, size, json);
    cssl_free(json);
    cssl_cert_info_free(cert);
    return 0;
}
