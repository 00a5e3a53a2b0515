/* version.c - cssl's own version and the OpenSSL it runs on
 * (ssl.OPENSSL_VERSION, ssl.OPENSSL_VERSION_INFO, ssl.OPENSSL_VERSION_NUMBER). */
#include <openssl/crypto.h>

#include "internal.h"

CSSL_API const char *cssl_version(void)
{
    cssl__clear_error();
    return CSSL_VERSION_STRING;
}

/* Python reports the library loaded at run time, not the headers built
 * against (those are ssl._OPENSSL_API_VERSION). */
CSSL_API const char *cssl_openssl_version(void)
{
    cssl__clear_error();
    return OpenSSL_version(OPENSSL_VERSION);
}

CSSL_API unsigned long cssl_openssl_version_number(void)
{
    cssl__clear_error();
    return OpenSSL_version_num();
}

/* _ssl.c's parse_openssl_version(): the pre-3.0 MNNFFPPS layout read
 * nibble by nibble from the low end (status 4 bits, patch 8, fix 8,
 * minor 8, major 8).  On OpenSSL 3 that puts the patch release in
 * "patch": 3.0.19 (0x30000130) is (3, 0, 0, 19, 0). */
CSSL_API void cssl_openssl_version_info(int out[5])
{
    cssl__clear_error();
    if (out == NULL) {
        (void)cssl__raise(CSSL_E_VALUE, "out must not be NULL");
        return;
    }
    unsigned long v = OpenSSL_version_num();
    out[4] = (int)(v & 0xF);
    v >>= 4;
    out[3] = (int)(v & 0xFF);
    v >>= 8;
    out[2] = (int)(v & 0xFF);
    v >>= 8;
    out[1] = (int)(v & 0xFF);
    v >>= 8;
    out[0] = (int)(v & 0xFF);
}
