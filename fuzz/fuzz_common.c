/*
 * fuzz_common.c - the invariants every fuzz target checks.
 */
#include "fuzz_common.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/err.h>

void fz_fail(const char *file, int line, const char *expr, const char *fmt, ...)
{
    va_list ap;
    fprintf(stderr, "\n%s:%d: invariant failed: %s\n  ", file, line, expr);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fprintf(stderr, "\n");
    fflush(stderr);
    abort();
}

const char *fz_hex(const void *data, size_t len)
{
    static char buf[64 * 2 + 4];
    const unsigned char *p = data;
    size_t n = len < 64 ? len : 64;
    for (size_t i = 0; i < n; i++) {
        snprintf(buf + 2 * i, 3, "%02x", p[i]);
    }
    strcpy(buf + 2 * n, len > n ? "..." : "");
    return buf;
}

char *fz_cstr(const uint8_t *data, size_t size)
{
    char *s = malloc(size + 1);
    FZ_CHECK(s != NULL, "out of memory");
    if (size > 0) {
        memcpy(s, data, size);
    }
    s[size] = '\0';
    return s;
}

/* OpenSSL's queue must be empty after every cssl call (cssl.h, Errors). */
static void expect_empty_queue(const char *call)
{
    /* Triage only: look past a known queue leak to find other bugs. */
    static int skip = -1;
    if (skip < 0) {
        skip = getenv("CSSL_FUZZ_SKIP_QUEUE_CHECK") != NULL;
    }
    if (skip) {
        ERR_clear_error();
        return;
    }
    unsigned long e = ERR_peek_error();
    char text[256] = "";
    if (e != 0) {
        ERR_error_string_n(e, text, sizeof(text));
    }
    FZ_CHECK(e == 0, "%s left OpenSSL's error queue non-empty: %s", call, text);
}

void fz_expect_ok(const char *call)
{
    const cssl_error *err = cssl_last_error();
    FZ_CHECK(err != NULL, "cssl_last_error() is NULL after %s", call);
    FZ_CHECK(err->code == CSSL_OK, "%s succeeded but recorded %s: %s", call,
             cssl_err_name(err->code) ? cssl_err_name(err->code) : "?",
             err->message ? err->message : "(null)");
    FZ_CHECK(err->message != NULL && err->message[0] == '\0', "%s succeeded but left a message",
             call);
    expect_empty_queue(call);
}

void fz_expect_error(const char *call, int rc, unsigned allowed)
{
    const cssl_error *err = cssl_last_error();
    FZ_CHECK(err != NULL, "cssl_last_error() is NULL after %s failed", call);
    const char *name = cssl_err_name(err->code);
    FZ_CHECK(err->code < 0, "%s failed but recorded no error (code %d)", call, (int)err->code);
    FZ_CHECK(rc == 0 || rc == (int)err->code, "%s returned %d but recorded %d", call, rc,
             (int)err->code);
    FZ_CHECK(name != NULL && name[0] != '\0', "%s failed with nameless code %d", call,
             (int)err->code);
    FZ_CHECK(err->code >= CSSL_E_TYPE && (allowed & FZ_ERR(err->code)) != 0,
             "%s failed with unexpected class %s: %s", call, name,
             err->message ? err->message : "(null)");
    FZ_CHECK(err->message != NULL && err->message[0] != '\0', "%s failed (%s) with no message",
             call, name);
    expect_empty_queue(call);
}
