/*
 * fuzz_common.h - what cssl's fuzz targets share: invariant checks that
 * abort (so libFuzzer and the standalone driver both see a crash) and the
 * checks every decoded certificate must pass.
 *
 * Each target is one LLVMFuzzerTestOneInput() over the public API only.  It
 * is linked either with libFuzzer (clang, -DCSSL_FUZZ=ON) or with
 * standalone_main.c (any compiler, the fuzz.<target> ctest tests).
 */
#ifndef CSSL_FUZZ_COMMON_H
#define CSSL_FUZZ_COMMON_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <cssl.h>

/* The entry point libFuzzer calls, once per input. */
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Report a broken invariant and abort().  Never compiled out (unlike
 * assert()): the checks are the point of the targets. */
void fz_fail(const char *file, int line, const char *expr, const char *fmt, ...)
    __attribute__((format(printf, 4, 5), noreturn));

#define FZ_CHECK(cond, ...)                                                                        \
    do {                                                                                           \
        if (!(cond)) {                                                                             \
            fz_fail(__FILE__, __LINE__, #cond, __VA_ARGS__);                                       \
        }                                                                                          \
    } while (0)

/* A set of error classes: FZ_ERR(CSSL_E_VALUE) | FZ_ERR(CSSL_E_NOMEM). */
#define FZ_ERR(code) (1u << (unsigned)-(int)(code))

/* The call named `call` succeeded: the thread's error is CSSL_OK with an
 * empty message, and OpenSSL's error queue is empty (cssl.h: every call
 * leaves it empty). */
void fz_expect_ok(const char *call);

/* The call named `call` failed with result rc: rc is the recorded code (for
 * integer results; pass 0 for pointer results), the code is one of
 * `allowed`, its class has a name, the message is not empty, and OpenSSL's
 * error queue is empty. */
void fz_expect_error(const char *call, int rc, unsigned allowed);

/* A NUL-terminated copy of the input (free()).  C strings end at the first
 * NUL, so functions taking `const char *` see the input up to there. */
char *fz_cstr(const uint8_t *data, size_t size);

/* (fuzz_cert.c) Every invariant of a decoded certificate: each present string is
 * NUL-terminated at its length, the renderers (JSON, repr, pprint) succeed
 * with well-formed output, and the JSON rendering parses back into a
 * certificate that renders to the same JSON, repr and pprint text.  A dict
 * holding bytes (a BIT STRING name value) has no JSON: the JSON rendering
 * must fail with Python's TypeError instead.  Returns fz_cert_text(). */
char *fz_check_cert(const cssl_cert_info *cert);

/* The text that stands for a certificate in comparisons: its JSON, or its
 * repr when it holds bytes (free with cssl_free(); NULL on failure). */
char *fz_cert_text(const cssl_cert_info *cert);

/* Hex dump of at most 64 bytes for failure messages (static buffer). */
const char *fz_hex(const void *data, size_t len);

#endif
