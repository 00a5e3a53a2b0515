/*
 * rand.c - ssl.RAND_bytes(), RAND_pseudo_bytes(), RAND_status(), RAND_add()
 * and RAND_egd(), over OpenSSL's default DRBG.
 */
#include <limits.h>

#include <openssl/err.h>
#include <openssl/rand.h>

#include "internal.h"

/*
 * CPython's PySSL_RAND() (Modules/_ssl.c) does not go through its usual
 * error formatting here: it raises SSLError(ERR_get_error(),
 * ERR_reason_error_string(err)), whose str() is OSError's
 * "[Errno <packed code>] <reason text>" ("None" without a text).
 */
static cssl_err raise_rand_failure(void)
{
    unsigned long err = ERR_get_error();
    const char *reason = ERR_reason_error_string(err);
    cssl__raise(CSSL_E_SSL, "[Errno %lu] %s", err, reason != NULL ? reason : "None");
    cssl__error_slot()->py_errno = (long)err;
    return CSSL_E_SSL;
}

/* Python calls RAND_bytes() even for 0 bytes, so a failing generator fails
 * RAND_bytes(0) too; a NULL buffer is fine then and gets a dummy. */
static unsigned char *out_buffer(void *buf)
{
    static unsigned char dummy[1];
    return buf != NULL ? buf : dummy;
}

static cssl_err check_args(const void *buf, int num)
{
    CSSL_ENSURE(num >= 0, CSSL_E_VALUE, "num must be positive");
    CSSL_ENSURE(buf != NULL || num == 0, CSSL_E_VALUE, "buf must not be NULL");
    return CSSL_OK;
}

CSSL_API int cssl_rand_bytes(void *buf, int num)
{
    cssl__clear_error();
    CSSL_GUARD(check_args(buf, num));
    if (RAND_bytes(out_buffer(buf), num) != 1) {
        return raise_rand_failure();
    }
    return num;
}

/* Python 3.11's RAND_pseudo_bytes() calls RAND_bytes() too (OpenSSL 1.1
 * deprecated RAND_pseudo_bytes()); a result of 0 still returns the bytes,
 * flagged as not cryptographic, and only -1 (unsupported) is an error. */
CSSL_API int cssl_rand_pseudo_bytes(void *buf, int num, bool *is_cryptographic)
{
    cssl__clear_error();
    CSSL_GUARD(check_args(buf, num));
    int ok = RAND_bytes(out_buffer(buf), num);
    if (ok != 0 && ok != 1) {
        return raise_rand_failure();
    }
    if (is_cryptographic != NULL) {
        *is_cryptographic = ok == 1;
    }
    cssl__ossl_clear();
    return num;
}

CSSL_API bool cssl_rand_status(void)
{
    cssl__clear_error();
    return RAND_status() == 1;
}

/* Python hands RAND_add() the buffer in INT_MAX-sized pieces; RAND_add()
 * itself reports nothing. */
CSSL_API cssl_err cssl_rand_add(const void *bytes, size_t len, double entropy)
{
    cssl__clear_error();
    CSSL_ENSURE(bytes != NULL || len == 0, CSSL_E_VALUE, "bytes must not be NULL");
    static const unsigned char empty[1];
    const unsigned char *p = bytes != NULL ? bytes : empty;
    do {
        int n = len > INT_MAX ? INT_MAX : (int)len;
        RAND_add(p, n, entropy);
        p += n;
        len -= (size_t)n;
    } while (len > 0);
    cssl__ossl_clear();
    return CSSL_OK;
}

/* OpenSSL 1.1.0 removed EGD support, and Python defines ssl.RAND_egd only
 * when the library has RAND_egd(): no build on OpenSSL 3 has it. */
CSSL_API cssl_err cssl_rand_egd(const char *path)
{
    cssl__clear_error();
    (void)path;
    CSSL_BAIL(CSSL_E_NOT_SUPPORTED,
              "RAND_egd() is not available: OpenSSL removed EGD support in 1.1.0 "
              "(Python's ssl module has no RAND_egd on this OpenSSL either)");
}
