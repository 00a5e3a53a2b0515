/*
 * errors.c - the exception hierarchy and the thread's last error.
 *
 * One table says, for every cssl_err, its Python name and its base classes;
 * cssl_err_name() and cssl_error_isa() are generated from it.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include <openssl/err.h>

#include "internal.h"

#define CSSL_NO_BASE 1 /* not a cssl_err: ends a chain of bases */

/* X(code, Python name, first base, second base) - Python's MRO, reduced to
 * the classes cssl has. */
#define CSSL_ERROR_TABLE(X)                                                                        \
    X(CSSL_OK, "OK", CSSL_NO_BASE, CSSL_NO_BASE)                                                   \
    X(CSSL_E_OS, "OSError", CSSL_NO_BASE, CSSL_NO_BASE)                                            \
    X(CSSL_E_SSL, "SSLError", CSSL_E_OS, CSSL_NO_BASE)                                             \
    X(CSSL_E_ZERO_RETURN, "SSLZeroReturnError", CSSL_E_SSL, CSSL_NO_BASE)                          \
    X(CSSL_E_WANT_READ, "SSLWantReadError", CSSL_E_SSL, CSSL_NO_BASE)                              \
    X(CSSL_E_WANT_WRITE, "SSLWantWriteError", CSSL_E_SSL, CSSL_NO_BASE)                            \
    X(CSSL_E_SYSCALL, "SSLSyscallError", CSSL_E_SSL, CSSL_NO_BASE)                                 \
    X(CSSL_E_EOF, "SSLEOFError", CSSL_E_SSL, CSSL_NO_BASE)                                         \
    X(CSSL_E_CERT_VERIFICATION, "SSLCertVerificationError", CSSL_E_SSL, CSSL_E_VALUE)              \
    X(CSSL_E_VALUE, "ValueError", CSSL_NO_BASE, CSSL_NO_BASE)                                      \
    X(CSSL_E_TIMEOUT, "TimeoutError", CSSL_E_OS, CSSL_NO_BASE)                                     \
    X(CSSL_E_NOMEM, "MemoryError", CSSL_NO_BASE, CSSL_NO_BASE)                                     \
    X(CSSL_E_NOT_SUPPORTED, "NotImplementedError", CSSL_NO_BASE, CSSL_NO_BASE)                     \
    X(CSSL_E_TYPE, "TypeError", CSSL_NO_BASE, CSSL_NO_BASE)

struct error_class {
    int code;
    const char *name;
    int base1;
    int base2;
};

static const struct error_class error_classes[] = {
#define CSSL_ROW(code, name, b1, b2) {code, name, b1, b2},
    CSSL_ERROR_TABLE(CSSL_ROW)
#undef CSSL_ROW
};

static const struct error_class *find_class(int code)
{
    for (size_t i = 0; i < CSSL_ARRAY_LEN(error_classes); i++) {
        if (error_classes[i].code == code) {
            return &error_classes[i];
        }
    }
    return NULL;
}

CSSL_API const char *cssl_err_name(cssl_err code)
{
    const struct error_class *c = find_class(code);
    return c ? c->name : NULL;
}

CSSL_API bool cssl_error_isa(cssl_err code, cssl_err ancestor)
{
    if (code == ancestor) {
        return find_class(code) != NULL;
    }
    const struct error_class *c = find_class(code);
    if (c == NULL || code == CSSL_OK) {
        return false;
    }
    return (c->base1 != CSSL_NO_BASE && cssl_error_isa(c->base1, ancestor)) ||
           (c->base2 != CSSL_NO_BASE && cssl_error_isa(c->base2, ancestor));
}

/* ---- the thread's last error ------------------------------------------ */

/* Fixed buffers: recording an error never allocates, so MemoryError can be
 * reported like any other. */
struct error_state {
    cssl_error pub;
    char message[8192]; /* long enough for a CertificateError listing many names */
    char verify_message[512];
};

static _Thread_local struct error_state last_error = {
    .pub = {.code = CSSL_OK, .message = ""},
};

static void reset_state(void)
{
    last_error.pub = (cssl_error){.code = CSSL_OK, .message = last_error.message};
    last_error.message[0] = '\0';
    last_error.verify_message[0] = '\0';
}

CSSL_API const cssl_error *cssl_last_error(void)
{
    if (last_error.pub.message == NULL) {
        reset_state();
    }
    return &last_error.pub;
}

cssl_error *cssl__error_slot(void)
{
    return &last_error.pub;
}

void cssl__ossl_clear(void)
{
    if (ERR_peek_error() != 0) {
        ERR_clear_error();
    }
}

void cssl__clear_error(void)
{
    reset_state();
    cssl__ossl_clear();
}

CSSL_PRINTF(2, 0) static cssl_err raise_v(cssl_err code, const char *fmt, va_list ap)
{
    reset_state();
    last_error.pub.code = code;
    /* False positive of clang 14's valist checker: every caller passes an
     * ap it va_start()ed. */
    /* NOLINTNEXTLINE(clang-analyzer-valist.Uninitialized) */
    vsnprintf(last_error.message, sizeof(last_error.message), fmt, ap);
    /* Unconditionally: errors already popped leave their file and function
     * strings in the queue's slots until a full clear frees them. */
    ERR_clear_error();
    return code;
}

cssl_err cssl__raise(cssl_err code, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    cssl_err rc = raise_v(code, fmt, ap);
    va_end(ap);
    return rc;
}

/* Python's BaseException.__str__ with one argument is str(arg); SSLError's
 * __str__ falls back to str(self.args) when there is no strerror, which for
 * one string is the repr of a 1-tuple: ('text',). */
cssl_err cssl__raise_args1(cssl_err code, const char *arg)
{
    cssl__buf b = {0};
    cssl__buf_putc(&b, '(');
    cssl__pyrepr_str(&b, arg, strlen(arg));
    cssl__buf_puts(&b, ",)");
    char *text = cssl__buf_finish(&b);
    if (text == NULL) {
        return cssl__raise_nomem();
    }
    cssl__raise(code, "%s", text);
    cssl_free(text);
    return code;
}

/* OSError.__str__: "[Errno N] strerror" or "[Errno N] strerror: 'filename'". */
cssl_err cssl__raise_errno(int err, const char *filename)
{
    cssl_err code = err == ETIMEDOUT ? CSSL_E_TIMEOUT : CSSL_E_OS;
    char *fname = NULL;
    if (filename != NULL) {
        cssl__buf b = {0};
        cssl__pyrepr_str(&b, filename, strlen(filename));
        fname = cssl__buf_finish(&b);
    }
    /* strerror_r(), not strerror(): POSIX lets strerror() use one static
     * buffer for the whole process, and errors are raised in many threads
     * at once (the XSI variant: _GNU_SOURCE is not defined). */
    char text[256];
    if (strerror_r(err, text, sizeof(text)) != 0) {
        snprintf(text, sizeof(text), "Unknown error %d", err);
    }
    cssl__raise(code, "[Errno %d] %s%s%s", err, text, fname ? ": " : "", fname ? fname : "");
    cssl_free(fname);
    last_error.pub.sys_errno = err;
    last_error.pub.py_errno = err;
    return code;
}

/* PyErr_NoMemory(): a MemoryError with no arguments, whose str() is "". */
cssl_err cssl__raise_nomem(void)
{
    return cssl__raise(CSSL_E_NOMEM, "%s", "");
}

void cssl__set_verify(long code, const char *message)
{
    last_error.pub.verify_code = code;
    if (message != NULL) {
        snprintf(last_error.verify_message, sizeof(last_error.verify_message), "%s", message);
        last_error.pub.verify_message = last_error.verify_message;
    }
}
