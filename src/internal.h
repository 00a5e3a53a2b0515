/*
 * internal.h - what cssl's source files share and users never see.
 *
 * Internal non-static functions are named cssl__x().  Fallible ones return
 * cssl_err (or NULL) after recording the thread's error through one of the
 * cssl__raise*() functions, and are CSSL_WUR so that an unchecked call fails
 * the -Werror build.
 */
#ifndef CSSL_INTERNAL_H
#define CSSL_INTERNAL_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "cssl.h"
#include "safety.h"

#define CSSL_WUR __attribute__((warn_unused_result))
#define CSSL_PRINTF(f, a) __attribute__((format(printf, f, a)))
#define CSSL_ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))

/* ---- errors (errors.c, ossl_errors.c) --------------------------------- */

/* Clear the thread's last error and OpenSSL's error queue.  Every public
 * entry point calls it first. */
void cssl__clear_error(void);

/* Empty OpenSSL's error queue on a path that popped nothing from it.
 * ERR_clear_error() walks all of the queue's slots even when it holds
 * nothing (1.4 k instructions on OpenSSL 3.0, six times per resumed
 * connection); looking first costs a tenth of that.  A path that popped
 * errors with ERR_get_error() must call ERR_clear_error() itself: popped
 * slots keep their file and function strings until a full clear. */
void cssl__ossl_clear(void);

/* Record an error whose message is printf-formatted; returns code.  It
 * empties OpenSSL's error queue: callers need not. */
cssl_err cssl__raise(cssl_err code, const char *fmt, ...) CSSL_PRINTF(2, 3);

/* Record an error whose message is Python's str() of a one-argument
 * exception: str(SSLError("x")) is "('x',)".  Returns code. */
cssl_err cssl__raise_args1(cssl_err code, const char *arg);

/* Record an OSError for errno value err, as Python words it:
 * "[Errno 2] No such file or directory" (and ": 'filename'" when filename
 * is not NULL).  Returns CSSL_E_OS (CSSL_E_TIMEOUT for ETIMEDOUT). */
cssl_err cssl__raise_errno(int err, const char *filename);

/* Record MemoryError.  Returns CSSL_E_NOMEM. */
cssl_err cssl__raise_nomem(void);

/* CPython's _setSSLError(): with errstr, an error with that text and no
 * library or reason; without, OpenSSL's last queued error formatted
 * "[LIB: REASON] reason text" (or "[LIB] text", or "unknown error").
 * The queue is cleared.  Returns code. */
cssl_err cssl__raise_ossl(cssl_err code, const char *errstr);

/* Whether OpenSSL's queue holds an allocation failure (ERR_R_MALLOC_FAILURE
 * from any library); empties the queue.  For the OpenSSL calls whose
 * failure cssl otherwise ignores as Python does (print functions, files
 * that are skipped), so that running out of memory is MemoryError and
 * never a silently different result. */
bool cssl__ossl_malloc_failed(void);

/* CPython's fill_and_set_sslerror(), which the above and the TLS engine
 * share: see ossl_errors.c. */
cssl_err cssl__raise_ssl(cssl_err code, unsigned long ssl_errno, unsigned long errcode,
                         const char *errstr, const char *verify_message);

/* Mutable access to the thread's error, for the translation functions that
 * fill verify_code / verify_message / sys_errno after raising. */
cssl_error *cssl__error_slot(void);
void cssl__set_verify(long code, const char *message);

/* OpenSSL mnemonics: "SSL" for ERR_LIB_SSL, "CERTIFICATE_VERIFY_FAILED" for
 * (ERR_LIB_SSL, SSL_R_CERTIFICATE_VERIFY_FAILED); NULL when unknown. */
const char *cssl__ossl_lib_name(int lib);
const char *cssl__ossl_reason_name(int lib, int reason);

/* ---- memory (alloc.c) -------------------------------------------------- */

/* Allocation goes through OpenSSL's allocator so that one hook
 * (CRYPTO_set_mem_functions) sees cssl's allocations and OpenSSL's alike.
 * Each raises MemoryError on failure. */
void *cssl__malloc(size_t n) CSSL_WUR;
void *cssl__calloc(size_t count, size_t n) CSSL_WUR;
void *cssl__realloc(void *p, size_t n) CSSL_WUR;
char *cssl__strndup(const char *s, size_t n) CSSL_WUR;
char *cssl__strdup(const char *s) CSSL_WUR;

/* A growable byte buffer; data is always NUL-terminated once non-empty. */
typedef struct cssl__buf {
    char *data;
    size_t len;
    size_t cap;
    bool failed; /* an append ran out of memory: everything after is dropped */
} cssl__buf;

void cssl__buf_append(cssl__buf *b, const void *p, size_t n);
void cssl__buf_puts(cssl__buf *b, const char *s);
void cssl__buf_putc(cssl__buf *b, char c);
void cssl__buf_printf(cssl__buf *b, const char *fmt, ...) CSSL_PRINTF(2, 3);
/* Hand the contents over (NUL-terminated, freed with cssl_free()); NULL and
 * MemoryError if any append failed.  The buffer is reset either way. */
char *cssl__buf_finish(cssl__buf *b) CSSL_WUR;
void cssl__buf_reset(cssl__buf *b);

/* An arena: many small allocations freed at once (decoded certificates). */
typedef struct cssl__arena cssl__arena;
cssl__arena *cssl__arena_new(void) CSSL_WUR;
void cssl__arena_free(cssl__arena *a);
void *cssl__arena_alloc(cssl__arena *a, size_t n) CSSL_WUR; /* zeroed */
/* Copy n bytes and add a NUL. */
char *cssl__arena_strndup(cssl__arena *a, const char *s, size_t n) CSSL_WUR;

/* ---- certificates (cert_decode.c) -------------------------------------- */

/* CPython's _decode_certificate(): the getpeercert() dict of x (a full
 * dict, as for a verified peer).  x is not consumed.  Free the result with
 * cssl_cert_info_free(); NULL with the thread's error set on failure. */
typedef struct x509_st X509;
cssl_cert_info *cssl__cert_info_from_x509(X509 *x) CSSL_WUR;

/* ---- lists of DER blobs (der_list.c) ------------------------------------ */

/* The builder behind every cssl_store_list the library returns. */
typedef struct cssl__der_list cssl__der_list;
cssl__der_list *cssl__der_list_new(void) CSSL_WUR;
void cssl__der_list_free(cssl__der_list *l);
bool cssl__der_list_has(const cssl__der_list *l, const unsigned char *der, size_t len);
/* Append der (OPENSSL_malloc'd; taken over, freed on failure). */
cssl_err cssl__der_list_add(cssl__der_list *l, unsigned char *der, size_t len,
                            const char *encoding, bool trust_all) CSSL_WUR;
/* The public list; free it with cssl_store_list_free(). */
cssl_store_list *cssl__der_list_finish(cssl__der_list *l);

/* ---- Python text rendering (pyrepr.c) ---------------------------------- */

/* Append repr(s) for the Python str whose UTF-8 bytes are s[0..len):
 * quotes chosen as Python does, escapes for non-printable characters. */
void cssl__pyrepr_str(cssl__buf *out, const char *s, size_t len);

/* Append repr(b) for the bytes object b = s[0..len): b'...' (or b"..."),
 * as bytes_repr() in Objects/bytesobject.c writes it. */
void cssl__pyrepr_bytes(cssl__buf *out, const char *s, size_t len);

/* Append a JSON string literal as json.dumps() writes it (ensure_ascii). */
void cssl__json_str(cssl__buf *out, const char *s, size_t len);

#endif
