/*
 * fuzz_decode_pem.c - cssl_cert_info_from_pem() on arbitrary text, and
 * cssl_decode_cert() (ssl._ssl._test_decode_cert) on the same text written
 * to a file.
 *
 * Asserts: a failure is a named SSLError/ValueError/MemoryError with a
 * message; a success passes fz_check_cert(); both functions read "the first
 * PEM certificate", so they succeed or fail together and, when they
 * succeed, render the same JSON.
 */
#include "fuzz_common.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define DECODE_ERRORS (FZ_ERR(CSSL_E_SSL) | FZ_ERR(CSSL_E_VALUE) | FZ_ERR(CSSL_E_NOMEM))

/* One scratch file per process, removed at exit. */
static char scratch[64];

static void remove_scratch(void)
{
    unlink(scratch);
}

static const char *write_scratch(const uint8_t *data, size_t size)
{
    if (scratch[0] == '\0') {
        snprintf(scratch, sizeof(scratch), "/tmp/cssl-fuzz-pem-%ld.pem", (long)getpid());
        atexit(remove_scratch);
    }
    FILE *f = fopen(scratch, "wb");
    FZ_CHECK(f != NULL, "cannot write %s", scratch);
    FZ_CHECK(size == 0 || fwrite(data, 1, size, f) == size, "short write to %s", scratch);
    FZ_CHECK(fclose(f) == 0, "cannot close %s", scratch);
    return scratch;
}

/* Returns the JSON rendering (cssl_free()) or NULL when decoding failed. */
static char *decode_file(const uint8_t *data, size_t size)
{
    cssl_cert_info *cert = cssl_decode_cert(write_scratch(data, size));
    if (cert == NULL) {
        fz_expect_error("cssl_decode_cert", 0, DECODE_ERRORS);
        return NULL;
    }
    fz_expect_ok("cssl_decode_cert");
    char *json = fz_check_cert(cert);
    cssl_cert_info_free(cert);
    return json;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *json = NULL;
    cssl_cert_info *cert = cssl_cert_info_from_pem((const char *)data, size);
    if (cert == NULL) {
        fz_expect_error("cssl_cert_info_from_pem", 0, DECODE_ERRORS);
    } else {
        fz_expect_ok("cssl_cert_info_from_pem");
        json = fz_check_cert(cert);
        cssl_cert_info_free(cert);
    }
    /* A file ends where the input ends, but the in-memory text may hold a
     * NUL that PEM reading from a file would also see: only compare when
     * there is none. */
    if (memchr(data, '\0', size) == NULL) {
        char *file_json = decode_file(data, size);
        FZ_CHECK((json == NULL) == (file_json == NULL),
                 "cssl_cert_info_from_pem %s but cssl_decode_cert %s",
                 json ? "succeeded" : "failed", file_json ? "succeeded" : "failed");
        FZ_CHECK(json == NULL || strcmp(json, file_json) == 0,
                 "from_pem and decode_cert differ:\n  %s\n  %s", json, file_json);
        cssl_free(file_json);
    }
    cssl_free(json);
    return 0;
}
