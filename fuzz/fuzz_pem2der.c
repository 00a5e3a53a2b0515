/*
 * fuzz_pem2der.c - cssl_pem_cert_to_der_cert() on arbitrary text and
 * cssl_der_cert_to_pem_cert() on arbitrary bytes, each checked by the
 * round trip through the other.
 *
 * Asserts: PEM_cert_to_DER_cert fails only with ValueError (Python raises
 * ValueError, or its subclasses binascii.Error and UnicodeEncodeError) and
 * a message; on success it returns the byte count it stores, and
 * DER_cert_to_PEM_cert of those bytes is well-formed PEM (header line,
 * lines of at most 64 columns, footer line, final newline) that decodes back
 * to the same bytes.  DER_cert_to_PEM_cert accepts any bytes, and its PEM
 * decodes back to them.
 */
#include "fuzz_common.h"

#include <stdlib.h>
#include <string.h>

/* ssl.DER_cert_to_PEM_cert(): header, base64 in lines of 64, footer. */
static void check_pem_layout(const char *pem)
{
    static const char head[] = CSSL_PEM_HEADER "\n";
    static const char foot[] = CSSL_PEM_FOOTER "\n";
    size_t len = strlen(pem);
    FZ_CHECK(strncmp(pem, head, strlen(head)) == 0, "PEM does not start with the header: %s", pem);
    FZ_CHECK(len >= strlen(head) + strlen(foot) && strcmp(pem + len - strlen(foot), foot) == 0,
             "PEM does not end with the footer and a newline: %s", pem);
    size_t col = 0;
    for (const char *p = pem + strlen(head); p < pem + len - strlen(foot); p++) {
        col = *p == '\n' ? 0 : col + 1;
        FZ_CHECK(col <= 64, "PEM line longer than 64 columns: %s", pem);
    }
}

/* DER -> PEM -> DER gives the bytes back. */
static void round_trip_der(const uint8_t *der, size_t len)
{
    char *pem = cssl_der_cert_to_pem_cert(der, len);
    FZ_CHECK(pem != NULL, "cssl_der_cert_to_pem_cert failed on %zu bytes: %s", len,
             cssl_last_error()->message);
    fz_expect_ok("cssl_der_cert_to_pem_cert");
    check_pem_layout(pem);
    unsigned char *back = NULL;
    size_t back_len = 0;
    int rc = cssl_pem_cert_to_der_cert(pem, strlen(pem), &back, &back_len);
    FZ_CHECK(rc >= 0, "the PEM cssl_der_cert_to_pem_cert wrote does not decode: %s\n%s",
             cssl_last_error()->message, pem);
    fz_expect_ok("cssl_pem_cert_to_der_cert");
    FZ_CHECK(back_len == len && (len == 0 || memcmp(back, der, len) == 0),
             "DER -> PEM -> DER changed %zu bytes (%s) into %zu bytes", len, fz_hex(der, len),
             back_len);
    cssl_free(back);
    cssl_free(pem);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    unsigned char *der = NULL;
    size_t der_len = (size_t)-1;
    int rc = cssl_pem_cert_to_der_cert((const char *)data, size, &der, &der_len);
    if (rc < 0) {
        fz_expect_error("cssl_pem_cert_to_der_cert", rc,
                        FZ_ERR(CSSL_E_VALUE) | FZ_ERR(CSSL_E_NOMEM));
    } else {
        fz_expect_ok("cssl_pem_cert_to_der_cert");
        FZ_CHECK(der_len <= size, "%zu bytes of DER out of %zu bytes of PEM", der_len, size);
        FZ_CHECK((size_t)rc == der_len, "returned %d but stored %zu bytes", rc, der_len);
        FZ_CHECK(der != NULL || der_len == 0, "success without output");
        round_trip_der(der != NULL ? der : (const uint8_t *)"", der_len);
        cssl_free(der);
    }
    round_trip_der(data, size);
    return 0;
}
