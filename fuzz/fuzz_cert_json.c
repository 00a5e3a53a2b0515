/*
 * fuzz_cert_json.c - cssl_cert_info_from_json() on arbitrary text, then the
 * three renderers.
 *
 * Asserts: a failure is a named ValueError/TypeError/MemoryError with a
 * message; a success renders to JSON (pure ASCII, as json.dumps() with
 * ensure_ascii), repr and pprint text, and the JSON rendering parses back
 * into a dict that renders identically (fz_check_cert()).  Parsing the
 * rendering is a fixed point: render(parse(render(x))) == render(x).
 */
#include "fuzz_common.h"

#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    cssl_cert_info *cert = cssl_cert_info_from_json((const char *)data, size);
    if (cert == NULL) {
        fz_expect_error("cssl_cert_info_from_json", 0,
                        FZ_ERR(CSSL_E_VALUE) | FZ_ERR(CSSL_E_TYPE) | FZ_ERR(CSSL_E_NOMEM));
        return 0;
    }
    fz_expect_ok("cssl_cert_info_from_json");
    char *json = fz_check_cert(cert);
    cssl_free(json);
    cssl_cert_info_free(cert);
    return 0;
}
