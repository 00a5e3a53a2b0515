/*
 * cssl.h - Python's ssl module ("TLS/SSL wrapper for socket objects") for C,
 * over OpenSSL 3.
 *
 * This is cssl's only public header. Every name in it mirrors a name of
 * Python's ssl module: ssl.foo_bar() is cssl_foo_bar(), ssl.CERT_NONE is
 * CSSL_CERT_NONE, SSLContext.m() is cssl_context_m(), and so on.
 *
 * CONVENTIONS (they hold for every declaration below unless it says otherwise)
 *
 * Results.  A function that returns a pointer returns NULL on failure.  A
 *     function that returns cssl_err (an int) returns a negative code on
 *     failure and a non-negative value on success (a byte count where the
 *     function transfers bytes, 0 otherwise).  A function returning bool
 *     cannot fail.
 *
 * Errors.  Every public entry point first clears the calling thread's last
 *     error; a failing call records a cssl_error that cssl_last_error()
 *     returns until the thread's next cssl call.  Its message is the text
 *     Python's str(exception) gives for the same failure, without the
 *     trailing "(_ssl.c:NNNN)".  The OpenSSL error queue of the thread is
 *     left empty by every cssl call.
 *
 * NULL.  Free functions accept NULL and do nothing.  Optional arguments are
 *     NULL (or 0) when absent, exactly where Python's argument is None.  A
 *     required pointer argument that is NULL is a CSSL_E_VALUE error, never
 *     a crash.
 *
 * Memory.  Memory the library hands to the caller says, at the declaration,
 *     who frees it and with what: plain buffers and strings with cssl_free(),
 *     objects with their own cssl_X_free().  A returned `const char *` is
 *     owned by the library: static strings live for the life of the process,
 *     strings owned by an object live as long as that object.
 *
 * Strings.  Strings in and out are UTF-8 and NUL-terminated unless a length
 *     is passed with them.  Certificate strings carry their length as well
 *     (cssl_str): certificate names may contain NUL bytes.
 *
 * Threads.  See THREADS AND FORK below.
 *
 * THREADS AND FORK
 *
 * cssl keeps Python's rule for SSLContext, "configure first, then share",
 * and states what Python's global interpreter lock leaves unsaid.
 *
 * Any thread, at once.  Module functions (certificate decoding, PEM,
 *     cssl_rand_*, match_hostname, get_default_verify_paths, ...).  The
 *     process-wide default trust store that create_default_context() and
 *     load_default_certs() share is built once under a lock and reference
 *     counted; a context copies it before it changes its own.  The library's
 *     one-time set-up (BIO methods, ex_data index, constants) runs under
 *     CRYPTO_THREAD_run_once / pthread_once.
 *
 * One context, many threads.  Once configured, a cssl_context may be used
 *     by any number of threads at once for:
 *       - making connections: cssl_context_wrap_socket() and
 *         cssl_context_wrap_bio() (each connection takes its own
 *         reference; wrapping never changes the context);
 *       - reading it: every cssl_context_get_*() getter,
 *         cssl_context_session_stats(), _cert_store_stats(),
 *         _get_ca_certs(), _get_ca_certs_der(), _get_ciphers().  Store reads
 *         take the X509_STORE's lock and copy; the session statistics are
 *         OpenSSL's counters, read one by one without a lock (OpenSSL 3
 *         updates them atomically), so a snapshot taken while connections
 *         run need not add up;
 *       - cssl_context_ref() and cssl_context_free() (atomic reference count).
 *     OpenSSL's server session cache locks itself.
 *     The key log (keylog_filename, SSLKEYLOGFILE) writes each line whole
 *     under one process-wide lock and flushes it, so threads and contexts
 *     logging to one file never interleave lines.  Callbacks run in the
 *     thread of the connection (SNI callback) or of the call (password
 *     callback): an SNI callback on a shared context must be thread-safe.
 *
 * Not while the context is in use.  Every cssl_context_set_*() setter and
 *     every loader (load_cert_chain, load_verify_locations,
 *     load_default_certs, set_default_verify_paths, set_ciphers,
 *     set_alpn_protocols, set_sni_callback, load_dh_params, set_ecdh_curve,
 *     set_keylog_filename, set_options, ...) changes the context without a
 *     lock: call them before the context is shared, or while no other
 *     thread uses it: no statistics being read, and no connection made
 *     from it still open, since a connection goes on reading parts of its
 *     context (trust store, ALPN list, SNI callback, key log, session
 *     cache) after it was made.
 *
 * One thread at a time.  A cssl_socket, cssl_object, cssl_memory_bio and
 *     the results the library returns (cssl_cert_info, lists, strings)
 *     belong to one thread at a time: no concurrent send and recv on one
 *     socket.  They may move between threads with the caller's own
 *     synchronization.  A cssl_session is read-only and may be given to
 *     connections in other threads (each takes its own reference); free a
 *     handle once, from one thread.
 *
 * Errors.  The last error is thread-local (cssl_last_error() of one thread
 *     never shows another's failure), recorded without allocating; error
 *     texts are built with strerror_r(), never the shared strerror() buffer.
 *     OpenSSL's error queue is per thread as well.
 *
 * Environment.  SSL_CERT_FILE, SSL_CERT_DIR and SSLKEYLOGFILE are read with
 *     getenv(): do not setenv() them while other threads call cssl (the
 *     POSIX rule for the environment).
 *
 * fork().  A child may go on using the contexts its parent made, before or
 *     after the parent made connections with them (OpenSSL 3 reseeds its
 *     random generators in the child).  A connection (cssl_socket or
 *     cssl_object) must go on in one process only; the other may only
 *     free its copy (cssl_socket_free() sends no close_notify).  As
 *     with any fork() of a threaded process, the child calls cssl only if
 *     no other thread of the parent was inside cssl at the fork (or the
 *     child uses only async-signal-safe functions until exec).
 *
 * tests/unit/test_threads.c checks these rules under ThreadSanitizer
 * (make test-tsan); docs/RELIABILITY.md has the figures.
 */
#ifndef CSSL_H
#define CSSL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#if defined(_WIN32)
#define CSSL_API __declspec(dllexport)
#elif defined(__GNUC__)
#define CSSL_API __attribute__((visibility("default")))
#else
#define CSSL_API
#endif

#if defined(__GNUC__)
#define CSSL_DEPRECATED(msg) __attribute__((deprecated(msg)))
#else
#define CSSL_DEPRECATED(msg)
#endif

/* cssl's own version. */
#define CSSL_VERSION_MAJOR 0
#define CSSL_VERSION_MINOR 1
#define CSSL_VERSION_PATCH 0
#define CSSL_VERSION_STRING "0.1.0"

/* The version of the cssl library actually loaded, e.g. "0.1.0". Static. */
CSSL_API const char *cssl_version(void);

/* Free memory the library returned to the caller (buffers, strings).
 * Accepts NULL. */
CSSL_API void cssl_free(void *ptr);

/* ======================================================================
 * Errors: Python's exception hierarchy
 * ====================================================================== */

/*
 * A cssl_err names the Python exception a failure corresponds to.  0 is
 * success; every error is negative.  CSSL_E_TYPE is cssl's addition for the
 * places where Python raises TypeError (an argument of the wrong kind, such
 * as load_verify_locations() with no location at all).
 */
typedef enum cssl_err {
    CSSL_OK = 0,
    CSSL_E_OS = -1,                /* OSError: socket and file errors; sys_errno set */
    CSSL_E_SSL = -2,               /* ssl.SSLError */
    CSSL_E_ZERO_RETURN = -3,       /* ssl.SSLZeroReturnError */
    CSSL_E_WANT_READ = -4,         /* ssl.SSLWantReadError */
    CSSL_E_WANT_WRITE = -5,        /* ssl.SSLWantWriteError */
    CSSL_E_SYSCALL = -6,           /* ssl.SSLSyscallError */
    CSSL_E_EOF = -7,               /* ssl.SSLEOFError */
    CSSL_E_CERT_VERIFICATION = -8, /* ssl.SSLCertVerificationError */
    CSSL_E_CERTIFICATE = CSSL_E_CERT_VERIFICATION, /* ssl.CertificateError (alias) */
    CSSL_E_VALUE = -9,             /* ValueError: bad argument, bad format */
    CSSL_E_TIMEOUT = -10,          /* TimeoutError / socket.timeout */
    CSSL_E_NOMEM = -11,            /* MemoryError */
    CSSL_E_NOT_SUPPORTED = -12,    /* NotImplementedError */
    CSSL_E_TYPE = -13              /* TypeError */
} cssl_err;

/*
 * What went wrong, in the terms of Python's exception object.
 *
 * All strings are owned by the library and stay valid until the calling
 * thread's next cssl call.
 */
typedef struct cssl_error {
    cssl_err code;              /* the exception class */
    const char *message;        /* str(exception), never NULL ("" if none) */
    const char *library;        /* SSLError.library: OpenSSL mnemonic ("SSL", "PEM"...) or NULL */
    const char *reason;         /* SSLError.reason: OpenSSL mnemonic or NULL */
    long py_errno;              /* the exception's errno (args[0]): an SSL_ERROR_* value
                                   for I/O, the OpenSSL reason for context errors,
                                   the errno of an OSError; 0 when Python has None */
    long verify_code;           /* SSLCertVerificationError.verify_code, else 0 */
    const char *verify_message; /* SSLCertVerificationError.verify_message or NULL */
    int sys_errno;              /* errno of the failed system call, else 0 */
} cssl_error;

/* The calling thread's last error.  Never NULL: after a successful call its
 * code is CSSL_OK and its message "". */
CSSL_API const cssl_error *cssl_last_error(void);

/* The Python name of an error code: "SSLError", "ValueError", ... ; "OK"
 * for CSSL_OK and NULL for a value that is no cssl_err. Static. */
CSSL_API const char *cssl_err_name(cssl_err code);

/* Python's issubclass(code, ancestor): every SSL error is an SSLError, every
 * SSLError an OSError, SSLCertVerificationError also a ValueError,
 * TimeoutError an OSError.  Every code is a subclass of itself. */
CSSL_API bool cssl_error_isa(cssl_err code, cssl_err ancestor);

/* ======================================================================
 * Constants
 * ====================================================================== */

/*
 * Python's ssl module constants, with the values Python shows on OpenSSL 3.0.
 * They are written as numbers so that this header needs no OpenSSL header;
 * src/constants.c checks each one against OpenSSL's own macro at compile
 * time.  Where Python defines the value itself (CERT_*, PROTOCOL_*,
 * SSL_ERROR_EOF, TLSVersion.MINIMUM_SUPPORTED, ...) the number is Python's.
 */

/* ssl.VerifyMode (SSLContext.verify_mode). */
#define CSSL_CERT_NONE 0     /* ssl.CERT_NONE: no certificate is requested or checked */
#define CSSL_CERT_OPTIONAL 1 /* ssl.CERT_OPTIONAL: checked if the peer sends one */
#define CSSL_CERT_REQUIRED 2 /* ssl.CERT_REQUIRED: the peer must send a valid one */

/* ssl.VerifyFlags (SSLContext.verify_flags): OpenSSL's X509_V_FLAG_* bits. */
#define CSSL_VERIFY_DEFAULT 0                /* ssl.VERIFY_DEFAULT: no CRL checks */
#define CSSL_VERIFY_CRL_CHECK_LEAF 0x4       /* X509_V_FLAG_CRL_CHECK */
#define CSSL_VERIFY_CRL_CHECK_CHAIN 0xC      /* X509_V_FLAG_CRL_CHECK | _CRL_CHECK_ALL */
#define CSSL_VERIFY_X509_STRICT 0x20         /* X509_V_FLAG_X509_STRICT */
#define CSSL_VERIFY_ALLOW_PROXY_CERTS 0x40   /* X509_V_FLAG_ALLOW_PROXY_CERTS */
#define CSSL_VERIFY_X509_TRUSTED_FIRST 0x8000 /* X509_V_FLAG_TRUSTED_FIRST */
#define CSSL_VERIFY_X509_PARTIAL_CHAIN 0x80000 /* X509_V_FLAG_PARTIAL_CHAIN */

/*
 * ssl._SSLMethod: the protocol argument of SSLContext().  Python's own
 * numbers.  PROTOCOL_TLS_CLIENT and PROTOCOL_TLS_SERVER are the ones to use.
 * Deprecated in Python 3.10: PROTOCOL_TLS (= PROTOCOL_SSLv23, "either side,
 * any version") and the fixed-version methods PROTOCOL_TLSv1, _TLSv1_1,
 * _TLSv1_2 (use PROTOCOL_TLS_CLIENT/_SERVER with minimum_version /
 * maximum_version instead).  PROTOCOL_SSLv2/_SSLv3 do not exist on OpenSSL 3.
 */
#define CSSL_PROTOCOL_TLS 2                 /* deprecated (3.10) */
#define CSSL_PROTOCOL_SSLv23 CSSL_PROTOCOL_TLS /* deprecated alias of PROTOCOL_TLS */
#define CSSL_PROTOCOL_TLSv1 3               /* deprecated (3.6): TLS 1.0 only */
#define CSSL_PROTOCOL_TLSv1_1 4             /* deprecated (3.6): TLS 1.1 only */
#define CSSL_PROTOCOL_TLSv1_2 5             /* deprecated (3.6): TLS 1.2 only */
#define CSSL_PROTOCOL_TLS_CLIENT 16         /* client side, any version, verifies */
#define CSSL_PROTOCOL_TLS_SERVER 17         /* server side, any version */

/*
 * ssl.Options (SSLContext.options): OpenSSL's SSL_OP_* bits, 64-bit since
 * OpenSSL 3.0.  The options that are no-ops on OpenSSL 3 (OP_NO_SSLv2,
 * OP_SINGLE_DH_USE, OP_SINGLE_ECDH_USE) are 0, as in Python.  OP_ALL is
 * OpenSSL's SSL_OP_ALL without SSL_OP_DONT_INSERT_EMPTY_FRAGMENTS, as Python
 * exports it (empty fragments are the CBC countermeasure it keeps on).
 */
#define CSSL_OP_ALL UINT64_C(0x80000050)
#define CSSL_OP_NO_SSLv2 UINT64_C(0)
#define CSSL_OP_NO_SSLv3 UINT64_C(0x2000000)
#define CSSL_OP_NO_TLSv1 UINT64_C(0x4000000)   /* deprecated (3.7): use minimum_version */
#define CSSL_OP_NO_TLSv1_1 UINT64_C(0x10000000) /* deprecated (3.7) */
#define CSSL_OP_NO_TLSv1_2 UINT64_C(0x8000000)  /* deprecated (3.7) */
#define CSSL_OP_NO_TLSv1_3 UINT64_C(0x20000000) /* deprecated (3.7) */
#define CSSL_OP_CIPHER_SERVER_PREFERENCE UINT64_C(0x400000)
#define CSSL_OP_SINGLE_DH_USE UINT64_C(0)
#define CSSL_OP_SINGLE_ECDH_USE UINT64_C(0)
#define CSSL_OP_NO_COMPRESSION UINT64_C(0x20000)
#define CSSL_OP_NO_TICKET UINT64_C(0x4000)
#define CSSL_OP_NO_RENEGOTIATION UINT64_C(0x40000000)
#define CSSL_OP_ENABLE_MIDDLEBOX_COMPAT UINT64_C(0x100000)
#define CSSL_OP_IGNORE_UNEXPECTED_EOF UINT64_C(0x80)
#define CSSL_OP_ENABLE_KTLS UINT64_C(0x8)           /* Python 3.12 */
#define CSSL_OP_LEGACY_SERVER_CONNECT UINT64_C(0x4) /* Python 3.12 */

/* ssl.AlertDescription: TLS alert numbers (RFC 8446 section 6, IANA's
 * registry), for an SNI callback to return.  Spelled as Python spells them
 * (USER_CANCELLED). */
#define CSSL_ALERT_DESCRIPTION_CLOSE_NOTIFY 0
#define CSSL_ALERT_DESCRIPTION_UNEXPECTED_MESSAGE 10
#define CSSL_ALERT_DESCRIPTION_BAD_RECORD_MAC 20
#define CSSL_ALERT_DESCRIPTION_RECORD_OVERFLOW 22
#define CSSL_ALERT_DESCRIPTION_DECOMPRESSION_FAILURE 30
#define CSSL_ALERT_DESCRIPTION_HANDSHAKE_FAILURE 40
#define CSSL_ALERT_DESCRIPTION_BAD_CERTIFICATE 42
#define CSSL_ALERT_DESCRIPTION_UNSUPPORTED_CERTIFICATE 43
#define CSSL_ALERT_DESCRIPTION_CERTIFICATE_REVOKED 44
#define CSSL_ALERT_DESCRIPTION_CERTIFICATE_EXPIRED 45
#define CSSL_ALERT_DESCRIPTION_CERTIFICATE_UNKNOWN 46
#define CSSL_ALERT_DESCRIPTION_ILLEGAL_PARAMETER 47
#define CSSL_ALERT_DESCRIPTION_UNKNOWN_CA 48
#define CSSL_ALERT_DESCRIPTION_ACCESS_DENIED 49
#define CSSL_ALERT_DESCRIPTION_DECODE_ERROR 50
#define CSSL_ALERT_DESCRIPTION_DECRYPT_ERROR 51
#define CSSL_ALERT_DESCRIPTION_PROTOCOL_VERSION 70
#define CSSL_ALERT_DESCRIPTION_INSUFFICIENT_SECURITY 71
#define CSSL_ALERT_DESCRIPTION_INTERNAL_ERROR 80
#define CSSL_ALERT_DESCRIPTION_USER_CANCELLED 90
#define CSSL_ALERT_DESCRIPTION_NO_RENEGOTIATION 100
#define CSSL_ALERT_DESCRIPTION_UNSUPPORTED_EXTENSION 110
#define CSSL_ALERT_DESCRIPTION_CERTIFICATE_UNOBTAINABLE 111
#define CSSL_ALERT_DESCRIPTION_UNRECOGNIZED_NAME 112
#define CSSL_ALERT_DESCRIPTION_BAD_CERTIFICATE_STATUS_RESPONSE 113
#define CSSL_ALERT_DESCRIPTION_BAD_CERTIFICATE_HASH_VALUE 114
#define CSSL_ALERT_DESCRIPTION_UNKNOWN_PSK_IDENTITY 115

/* ssl.SSLErrorNumber: cssl_error.py_errno of I/O errors.  1-7 are OpenSSL's
 * SSL_get_error() values; EOF and INVALID_ERROR_CODE are Python's own (9 is
 * Python's internal "no socket" and is not exported). */
#define CSSL_SSL_ERROR_SSL 1
#define CSSL_SSL_ERROR_WANT_READ 2
#define CSSL_SSL_ERROR_WANT_WRITE 3
#define CSSL_SSL_ERROR_WANT_X509_LOOKUP 4
#define CSSL_SSL_ERROR_SYSCALL 5
#define CSSL_SSL_ERROR_ZERO_RETURN 6
#define CSSL_SSL_ERROR_WANT_CONNECT 7
#define CSSL_SSL_ERROR_EOF 8
#define CSSL_SSL_ERROR_INVALID_ERROR_CODE 10

/* ssl.TLSVersion (SSLContext.minimum_version / maximum_version): the wire
 * version numbers, plus Python's two magic values.  SSLv3, TLSv1 and
 * TLSv1_1 are deprecated since Python 3.10. */
#define CSSL_TLSVERSION_MINIMUM_SUPPORTED (-2) /* the lowest version OpenSSL allows */
#define CSSL_TLSVERSION_SSLv3 0x300            /* deprecated (3.10) */
#define CSSL_TLSVERSION_TLSv1 0x301            /* deprecated (3.10) */
#define CSSL_TLSVERSION_TLSv1_1 0x302          /* deprecated (3.10) */
#define CSSL_TLSVERSION_TLSv1_2 0x303
#define CSSL_TLSVERSION_TLSv1_3 0x304
#define CSSL_TLSVERSION_MAXIMUM_SUPPORTED (-1) /* the highest version OpenSSL allows */

/* ssl.Purpose: what a certificate is for (create_default_context()'s
 * purpose).  The values are OpenSSL's NIDs of the extended key usages. */
typedef enum cssl_purpose {
    CSSL_PURPOSE_SERVER_AUTH = 129, /* Purpose.SERVER_AUTH: authenticate servers */
    CSSL_PURPOSE_CLIENT_AUTH = 130  /* Purpose.CLIENT_AUTH: authenticate clients */
} cssl_purpose;

/* ssl._ASN1Object: the named tuple (nid, shortname, longname, oid). */
typedef struct cssl_asn1_object {
    int nid;               /* e.g. 129 */
    const char *shortname; /* e.g. "serverAuth" */
    const char *longname;  /* e.g. "TLS Web Server Authentication" */
    const char *oid;       /* dotted text, e.g. "1.3.6.1.5.5.7.3.1" */
} cssl_asn1_object;

/* The value of ssl.Purpose.<purpose>, as OpenSSL names it.  Static storage.
 * A value that is no cssl_purpose is NULL and CSSL_E_VALUE
 * "<n> is not a valid Purpose", as ssl.Purpose(n) says. */
CSSL_API const cssl_asn1_object *cssl_purpose_object(cssl_purpose purpose);

/*
 * ssl.HAS_*: features of the OpenSSL cssl was built against, decided from
 * its build macros (OPENSSL_NO_*) as CPython's _ssl.c decides them.
 * CSSL_FEATURE_COUNT is the number of features, not a feature.
 */
typedef enum cssl_feature {
    CSSL_HAS_ALPN,                    /* ssl.HAS_ALPN */
    CSSL_HAS_ECDH,                    /* ssl.HAS_ECDH */
    CSSL_HAS_NEVER_CHECK_COMMON_NAME, /* ssl.HAS_NEVER_CHECK_COMMON_NAME */
    CSSL_HAS_NPN,                     /* ssl.HAS_NPN: false on OpenSSL 3, as in Python */
    CSSL_HAS_SNI,                     /* ssl.HAS_SNI */
    CSSL_HAS_SSLv2,                   /* ssl.HAS_SSLv2 */
    CSSL_HAS_SSLv3,                   /* ssl.HAS_SSLv3 */
    CSSL_HAS_TLSv1,                   /* ssl.HAS_TLSv1 */
    CSSL_HAS_TLSv1_1,                 /* ssl.HAS_TLSv1_1 */
    CSSL_HAS_TLSv1_2,                 /* ssl.HAS_TLSv1_2 */
    CSSL_HAS_TLSv1_3,                 /* ssl.HAS_TLSv1_3 */
    CSSL_HAS_PSK,                     /* ssl.HAS_PSK (Python 3.13) */
    CSSL_FEATURE_COUNT
} cssl_feature;

/* ssl.HAS_<feature>.  False for a value that is no feature. */
CSSL_API bool cssl_has(cssl_feature feature);

/* Python's name of a feature ("HAS_SNI"), NULL for a value that is no
 * feature.  Static. */
CSSL_API const char *cssl_feature_name(cssl_feature feature);

/* ssl.OPENSSL_VERSION: the version text of the OpenSSL library loaded at run
 * time, e.g. "OpenSSL 3.0.19 27 Jan 2026".  Static. */
CSSL_API const char *cssl_openssl_version(void);

/* ssl.OPENSSL_VERSION_INFO: (major, minor, fix, patch, status), read from
 * OpenSSL_version_num() as Python reads it (so 3.0.19 is (3, 0, 0, 19, 0)).
 * out NULL is CSSL_E_VALUE (the function has no result to say so). */
CSSL_API void cssl_openssl_version_info(int out[5]);

/* ssl.OPENSSL_VERSION_NUMBER: OpenSSL_version_num() of the loaded library. */
CSSL_API unsigned long cssl_openssl_version_number(void);

/* ssl.CHANNEL_BINDING_TYPES: {"tls-unique", NULL}.  Static. */
CSSL_API const char *const *cssl_channel_binding_types(void);

/* ssl.get_protocol_name(protocol_code): "PROTOCOL_TLS_CLIENT" for 16, ...,
 * "<unknown>" for a number that is no _SSLMethod.  Static. */
CSSL_API const char *cssl_get_protocol_name(int protocol_code);

/* One member of a constant collection: its name as Python spells it and its
 * value. */
typedef struct cssl_constant {
    const char *name;
    int64_t value;
} cssl_constant;

/*
 * The members of one of Python's constant collections: "VerifyMode",
 * "VerifyFlags", "Options", "AlertDescription", "SSLErrorNumber",
 * "TLSVersion", "_SSLMethod" or "Purpose" (whose values are the NIDs), as
 * ssl.<collection>.__members__ lists them: same names, same order, zero
 * values and aliases included.  Returns a static array of *count entries
 * (count may be NULL), followed by an entry whose name is NULL.  Any other
 * collection is NULL and CSSL_E_VALUE.
 */
CSSL_API const cssl_constant *cssl_constants(const char *collection, size_t *count);

/* The collection names cssl_constants() accepts, NULL-terminated.  Static. */
CSSL_API const char *const *cssl_constant_collections(void);

/* ======================================================================
 * Random generation
 * ====================================================================== */

/* ssl.RAND_bytes(num): fill buf with num cryptographically strong bytes.
 * Returns num.  num < 0 is CSSL_E_VALUE "num must be positive"; an unseeded
 * PRNG is CSSL_E_SSL. */
CSSL_API int cssl_rand_bytes(void *buf, int num);

/* ssl.RAND_pseudo_bytes(num) (deprecated in Python 3.6, removed in 3.12):
 * fill buf with num pseudo-random bytes and set *is_cryptographic (may be
 * NULL) to whether they are cryptographically strong.  Returns num. */
CSSL_DEPRECATED("use cssl_rand_bytes()")
CSSL_API int cssl_rand_pseudo_bytes(void *buf, int num, bool *is_cryptographic);

/* ssl.RAND_status(): true when the PRNG has been seeded with enough data. */
CSSL_API bool cssl_rand_status(void);

/* ssl.RAND_add(bytes, entropy): mix len bytes into the PRNG; entropy is a
 * lower bound on the entropy they contain. */
CSSL_API cssl_err cssl_rand_add(const void *bytes, size_t len, double entropy);

/* ssl.RAND_egd(path): EGD support is gone since OpenSSL 1.1.0, so this is
 * always CSSL_E_NOT_SUPPORTED (Python does not even define the function). */
CSSL_API cssl_err cssl_rand_egd(const char *path);

/* ======================================================================
 * Certificates: the decoded form (getpeercert()'s dict)
 * ====================================================================== */

/* A string with its length: data[len] is always '\0', but data may hold
 * NUL bytes before it (CVE-2013-4238). */
typedef struct cssl_str {
    const char *data;
    size_t len;
} cssl_str;

/* One (name, value) pair of a relative distinguished name,
 * e.g. ("commonName", "example.com").
 *
 * value_is_bytes: the value is a Python bytes object, not a str.  Python
 * gives bytes for an attribute encoded as a BIT STRING (x500UniqueIdentifier,
 * or any attribute a certificate encodes so): ('x500UniqueIdentifier',
 * b'\x01\xff').  value then holds the raw bytes of the BIT STRING (any byte
 * values, not UTF-8 text; its unused-bits count is not part of them), and
 * the renderings show them as Python does: repr() and pprint as b'...', while
 * json.dumps() cannot encode bytes, so cssl_cert_info_to_json() fails with
 * CSSL_E_TYPE "Object of type bytes is not JSON serializable".
 *
 * value_is_none: the value is Python's None.  An empty BIT STRING has no
 * data in OpenSSL, and Python's Py_BuildValue("y#") of it is None, not b''
 * (repr None, JSON null).  value is then "" and value_is_bytes false.
 *
 * Both are false for every other value; one built by hand may leave them
 * zero. */
typedef struct cssl_name_attr {
    cssl_str name;
    cssl_str value;
    bool value_is_bytes;
    bool value_is_none;
} cssl_name_attr;

/* One RDN: a tuple of (name, value) pairs (more than one when multi-valued). */
typedef struct cssl_rdn {
    const cssl_name_attr *attrs;
    size_t count;
} cssl_rdn;

/* A distinguished name: a tuple of RDNs, in certificate order. */
typedef struct cssl_name {
    const cssl_rdn *rdns;
    size_t count;
} cssl_name;

/* One subjectAltName entry: (type, value).  type is "DNS", "IP Address",
 * "email", "URI", "DirName", "Registered ID" or "othername" (or another
 * name Python would print).  For "DirName" the value is a name: `dirname`
 * holds it and `value` is empty. */
typedef struct cssl_general_name {
    cssl_str type;
    cssl_str value;
    cssl_name dirname;
} cssl_general_name;

typedef struct cssl_general_names {
    const cssl_general_name *items;
    size_t count;
} cssl_general_names;

typedef struct cssl_str_list {
    const cssl_str *items;
    size_t count;
} cssl_str_list;

/* Which keys the dict has (cssl_cert_info.fields). */
enum {
    CSSL_CERT_SUBJECT = 1u << 0,
    CSSL_CERT_ISSUER = 1u << 1,
    CSSL_CERT_VERSION = 1u << 2,
    CSSL_CERT_SERIAL_NUMBER = 1u << 3,
    CSSL_CERT_NOT_BEFORE = 1u << 4,
    CSSL_CERT_NOT_AFTER = 1u << 5,
    CSSL_CERT_SUBJECT_ALT_NAME = 1u << 6,
    CSSL_CERT_OCSP = 1u << 7,
    CSSL_CERT_CA_ISSUERS = 1u << 8,
    CSSL_CERT_CRL_DISTRIBUTION_POINTS = 1u << 9
};

/*
 * The getpeercert() dict.  A key is present exactly when its bit is set in
 * `fields`, in the same cases as in Python; keys render in Python's order:
 * subject, issuer, version, serialNumber, notBefore, notAfter,
 * subjectAltName, OCSP, caIssuers, crlDistributionPoints.
 *
 * Callers may build one by hand (for cssl_match_hostname()); set `owner` to
 * NULL then.  One returned by the library is freed with
 * cssl_cert_info_free(), which frees every string in it.
 */
typedef struct cssl_cert_info {
    unsigned fields;                      /* CSSL_CERT_* bits: which keys exist */
    cssl_name subject;                    /* 'subject' */
    cssl_name issuer;                     /* 'issuer' */
    long version;                         /* 'version' (3 for X.509 v3) */
    cssl_str serial_number;               /* 'serialNumber', upper-case hex */
    cssl_str not_before;                  /* 'notBefore', "Aug  7 13:12:52 2013 GMT" */
    cssl_str not_after;                   /* 'notAfter' */
    cssl_general_names subject_alt_name;  /* 'subjectAltName' */
    cssl_str_list ocsp;                   /* 'OCSP' */
    cssl_str_list ca_issuers;             /* 'caIssuers' */
    cssl_str_list crl_distribution_points;/* 'crlDistributionPoints' */
    void *owner;                          /* library storage; NULL when built by hand */
} cssl_cert_info;

/* Free a cssl_cert_info the library returned.  Accepts NULL.  Must not be
 * called on one built by hand (owner == NULL): it then does nothing. */
CSSL_API void cssl_cert_info_free(cssl_cert_info *cert);

/* ssl._ssl._test_decode_cert(path): decode the first PEM certificate of the
 * file at path.  A missing file is CSSL_E_SSL "(\"Can't open file\",)"; a file
 * with no PEM certificate CSSL_E_SSL "('Error decoding PEM-encoded file',)",
 * as Python words them.  Free the result with cssl_cert_info_free(). */
CSSL_API cssl_cert_info *cssl_decode_cert(const char *path);

/* Decode one DER certificate (len bytes) / the first certificate of PEM
 * text.  The dict is getpeercert()'s for a verified peer. */
CSSL_API cssl_cert_info *cssl_cert_info_from_der(const void *der, size_t len);
CSSL_API cssl_cert_info *cssl_cert_info_from_pem(const char *pem, size_t len);

/* Build a cssl_cert_info from the JSON rendering of a getpeercert() dict
 * (what cssl_cert_info_to_json() writes and json.dumps() gives for the
 * dict).  Unknown keys are CSSL_E_VALUE. */
CSSL_API cssl_cert_info *cssl_cert_info_from_json(const char *json, size_t len);

/* Render the dict as json.dumps(cert) does (tuples become arrays, non-ASCII
 * escaped), as repr(cert) does, and as pprint.pformat(cert) does.
 * The caller frees the string with cssl_free().  A dict holding bytes (a
 * name attribute with value_is_bytes) has no JSON rendering, as in Python:
 * cssl_cert_info_to_json() then fails with CSSL_E_TYPE "Object of type
 * bytes is not JSON serializable". */
CSSL_API char *cssl_cert_info_to_json(const cssl_cert_info *cert);
CSSL_API char *cssl_cert_info_to_repr(const cssl_cert_info *cert);
CSSL_API char *cssl_cert_info_to_pprint(const cssl_cert_info *cert);

/* ======================================================================
 * Module functions: certificate handling
 * ====================================================================== */

/*
 * ssl.match_hostname(cert, hostname) as Python 3.7-3.11 have it.  Python
 * deprecated it in 3.7 (the handshake checks host names through OpenSSL
 * since then, as cssl sockets do) and removed it in 3.12; prefer
 * check_hostname on a context.
 *
 * Returns 0 when cert (a decoded certificate, or one built by hand) is valid
 * for hostname (UTF-8, NUL-terminated).  The rules are Python's, after
 * RFC 6125: names compare after str.lower(); a wildcard only as the whole
 * leftmost label and matching at least one character; an IPv4 / IPv6
 * hostname only against 'IP Address' entries (trailing whitespace ignored),
 * other hostnames only against 'DNS' entries; subject commonNames only when
 * subjectAltName has no DNS or IP Address entry.  Certificate names are
 * used with their lengths: a NUL byte inside one never truncates it
 * (CVE-2013-4238).
 *
 * Errors, with Python's str(exception) as the message:
 *   CSSL_E_VALUE   cert is NULL or has no fields ("empty or no certificate,
 *                  ..."); hostname is an IP address and an 'IP Address'
 *                  entry is malformed ("'1.2.3' is not a quad-dotted IPv4
 *                  address.", "... is neither an IPv4 nor an IP6 address.").
 *   CSSL_E_CERT_VERIFICATION  (ssl.CertificateError) no match:
 *                  ("hostname 'x' doesn't match 'y'",), "... doesn't match
 *                  either of 'y', 'z'", "no appropriate commonName or
 *                  subjectAltName fields were found"; or a malformed
 *                  wildcard ("too many wildcards in certificate DNS name:
 *                  '*.*.a.com'.", "partial wildcards in leftmost label are
 *                  not supported: ...", ...).  The str() of a one-argument
 *                  CertificateError is the repr of its args tuple, hence
 *                  "('...',)".
 */
CSSL_API cssl_err cssl_match_hostname(const cssl_cert_info *cert, const char *hostname);

/* ssl.cert_time_to_seconds(cert_time): "%b %d %H:%M:%S %Y GMT" (C locale,
 * as strptime reads it) to seconds since the Epoch, UTC, in *out.  A string
 * that does not match is CSSL_E_VALUE with Python's message. */
CSSL_API cssl_err cssl_cert_time_to_seconds(const char *cert_time, int64_t *out);

/* ssl.DER_cert_to_PEM_cert(der): the PEM text, byte for byte Python's
 * (64-column base64 between the header and footer lines, final newline).
 * The caller frees it with cssl_free(). */
CSSL_API char *cssl_der_cert_to_pem_cert(const void *der, size_t len);

/* ssl.PEM_cert_to_DER_cert(pem): decode the base64 between the PEM header
 * and footer.  On success *der (freed with cssl_free()) holds *der_len bytes
 * and the call returns *der_len.  A missing header or footer, bad base64 or
 * non-ASCII text is CSSL_E_VALUE with Python's message. */
CSSL_API int cssl_pem_cert_to_der_cert(const char *pem, size_t pem_len,
                                       unsigned char **der, size_t *der_len);

/* The header and footer lines (ssl.PEM_HEADER / ssl.PEM_FOOTER). */
#define CSSL_PEM_HEADER "-----BEGIN CERTIFICATE-----"
#define CSSL_PEM_FOOTER "-----END CERTIFICATE-----"

/* ssl.get_default_verify_paths(): the DefaultVerifyPaths named tuple.
 * cafile / capath are the paths OpenSSL would use (the SSL_CERT_FILE and
 * SSL_CERT_DIR environment variables win over the built-in ones), NULL when
 * the file or directory does not exist. */
typedef struct cssl_default_verify_paths {
    const char *cafile;
    const char *capath;
    const char *openssl_cafile_env;
    const char *openssl_cafile;
    const char *openssl_capath_env;
    const char *openssl_capath;
} cssl_default_verify_paths;

/* Free the result with cssl_default_verify_paths_free(). */
CSSL_API cssl_default_verify_paths *cssl_get_default_verify_paths(void);
CSSL_API void cssl_default_verify_paths_free(cssl_default_verify_paths *paths);

/*
 * ssl.enum_certificates(store_name) / ssl.enum_crls(store_name).  Python has
 * them on Windows only, listing a system store.  cssl gives them a meaning
 * everywhere, from OpenSSL's default trust (cssl_get_default_verify_paths()):
 *
 *   "ROOT"  every certificate (for enum_crls, every CRL) of the PEM file
 *           cafile, in file order, then of each regular file of the
 *           directory capath (symbolic links followed, files in strcmp()
 *           order of their names), each DER encoding listed once (the first
 *           time it is met).  A path that is NULL, a file that cannot be
 *           read or is not PEM that OpenSSL parses (PEM_X509_INFO_read_bio)
 *           contributes nothing, as OpenSSL's default verify paths skip it.
 *           Other PEM objects (keys, CRLs for enum_certificates,
 *           certificates for enum_crls) are ignored.
 *   "CA", "MY"  always empty (count 0, items NULL).
 *
 * Store names compare without regard to case, as Windows' do.  Any other
 * name is CSSL_E_VALUE "unknown certificate store 'NAME': expected 'ROOT',
 * 'CA' or 'MY'" (NAME as Python's repr() shows it; Windows' Python raises
 * OSError there); NULL is CSSL_E_VALUE "store_name must not be NULL".
 *
 * Each entry is DER bytes with encoding "x509_asn" for certificates and
 * CRLs alike, as on Windows (X509_ASN_ENCODING; cssl never produces
 * "pkcs_7_asn" or "x509_crl").  trust_all is true for certificates (Python's
 * trust == True: a root is trusted for every purpose) and false for CRLs,
 * which have no trust element in Python.  Memory errors are CSSL_E_NOMEM.
 */
typedef struct cssl_store_entry {
    const unsigned char *data; /* DER bytes */
    size_t len;
    const char *encoding;      /* "x509_asn" (certificates and CRLs, as on Windows) */
    bool trust_all;            /* Python's trust == True (certificates only) */
} cssl_store_entry;

typedef struct cssl_store_list {
    const cssl_store_entry *items;
    size_t count;
    void *owner;               /* library storage */
} cssl_store_list;

/* Free the result with cssl_store_list_free(). */
CSSL_API cssl_store_list *cssl_enum_certificates(const char *store_name);
CSSL_API cssl_store_list *cssl_enum_crls(const char *store_name);
CSSL_API void cssl_store_list_free(cssl_store_list *list);

/* ======================================================================
 * Contexts: SSLContext
 * ====================================================================== */

/*
 * A cssl_context holds the settings and certificates shared by many
 * connections (Python's SSLContext).  It is reference counted: every
 * socket and object made from it holds a reference, so the caller may free
 * its own handle as soon as it has wrapped its sockets.
 *
 * Thread safety (see THREADS AND FORK at the top): a context may be shared
 * by any number of threads making connections and reading its statistics
 * at once.  Its setters and loaders must not run while other threads use
 * it (as in Python: configure first, then share).
 */
typedef struct cssl_context cssl_context;
typedef struct cssl_socket cssl_socket;
typedef struct cssl_object cssl_object;
typedef struct cssl_memory_bio cssl_memory_bio;
typedef struct cssl_session cssl_session;

/* ssl.create_default_context(purpose, cafile=, capath=, cadata=): a context
 * with Python's secure defaults.  CSSL_PURPOSE_SERVER_AUTH gives a client
 * context (PROTOCOL_TLS_CLIENT, CERT_REQUIRED, check_hostname on);
 * CSSL_PURPOSE_CLIENT_AUTH a server context (PROTOCOL_TLS_SERVER).  Both get
 * VERIFY_X509_STRICT | VERIFY_X509_PARTIAL_CHAIN (Python 3.13).  With no CA
 * argument a client context trusts the system's default CA certificates,
 * loaded once per process and shared (reloaded when SSL_CERT_FILE or
 * SSL_CERT_DIR change).  cadata is PEM text or DER bytes (cadata_len bytes).
 * When SSLKEYLOGFILE is set and not empty, TLS secrets are logged there.
 * Free with cssl_context_free(). */
CSSL_API cssl_context *cssl_create_default_context(cssl_purpose purpose, const char *cafile,
                                                   const char *capath, const void *cadata,
                                                   size_t cadata_len);

/* ssl.SSLContext(protocol): a context with Python's base settings for
 * protocol (a CSSL_PROTOCOL_* value).  An unknown protocol is CSSL_E_VALUE
 * "invalid or unsupported protocol version N". */
CSSL_API cssl_context *cssl_context_new(int protocol);

/* Take one more reference; returns ctx. */
CSSL_API cssl_context *cssl_context_ref(cssl_context *ctx);

/* Drop one reference; the context goes when the last one does. */
CSSL_API void cssl_context_free(cssl_context *ctx);

/* SSLContext.protocol */
CSSL_API int cssl_context_get_protocol(const cssl_context *ctx);

/* SSLContext.verify_mode: CSSL_CERT_NONE / _OPTIONAL / _REQUIRED.  Setting
 * CERT_NONE while check_hostname is on is CSSL_E_VALUE "Cannot set
 * verify_mode to CERT_NONE when check_hostname is enabled."; another value
 * is CSSL_E_VALUE "invalid value for verify_mode". */
CSSL_API int cssl_context_get_verify_mode(const cssl_context *ctx);
CSSL_API cssl_err cssl_context_set_verify_mode(cssl_context *ctx, int mode);

/* SSLContext.check_hostname.  Turning it on while verify_mode is CERT_NONE
 * sets verify_mode to CERT_REQUIRED, as Python does. */
CSSL_API bool cssl_context_get_check_hostname(const cssl_context *ctx);
CSSL_API cssl_err cssl_context_set_check_hostname(cssl_context *ctx, bool check);

/* SSLContext.verify_flags: CSSL_VERIFY_* bits. */
CSSL_API unsigned long cssl_context_get_verify_flags(const cssl_context *ctx);
CSSL_API cssl_err cssl_context_set_verify_flags(cssl_context *ctx, unsigned long flags);

/* SSLContext.options: CSSL_OP_* bits.  Bits OpenSSL refuses to clear stay
 * set, as in Python. */
CSSL_API uint64_t cssl_context_get_options(const cssl_context *ctx);
CSSL_API cssl_err cssl_context_set_options(cssl_context *ctx, uint64_t options);

/* SSLContext.minimum_version / maximum_version: CSSL_TLSVERSION_* values.
 * Unsupported values are CSSL_E_VALUE "Unsupported TLS/SSL version 0x2a";
 * version-specific protocols cannot change them. */
CSSL_API int cssl_context_get_minimum_version(const cssl_context *ctx);
CSSL_API cssl_err cssl_context_set_minimum_version(cssl_context *ctx, int version);
CSSL_API int cssl_context_get_maximum_version(const cssl_context *ctx);
CSSL_API cssl_err cssl_context_set_maximum_version(cssl_context *ctx, int version);

/* SSLContext.hostname_checks_common_name */
CSSL_API bool cssl_context_get_hostname_checks_common_name(const cssl_context *ctx);
CSSL_API cssl_err cssl_context_set_hostname_checks_common_name(cssl_context *ctx, bool check);

/* SSLContext.security_level (read-only) */
CSSL_API int cssl_context_get_security_level(const cssl_context *ctx);

/* SSLContext.num_tickets: TLS 1.3 tickets a server sends.  Client contexts
 * are CSSL_E_VALUE "SSLContext is not a server context."; negative values
 * CSSL_E_VALUE "value must be non-negative". */
CSSL_API long cssl_context_get_num_tickets(const cssl_context *ctx);
CSSL_API cssl_err cssl_context_set_num_tickets(cssl_context *ctx, long num);

/* SSLContext.post_handshake_auth */
CSSL_API bool cssl_context_get_post_handshake_auth(const cssl_context *ctx);
CSSL_API cssl_err cssl_context_set_post_handshake_auth(cssl_context *ctx, bool enable);

/* SSLContext.keylog_filename: append TLS secrets in NSS key log format
 * (NULL turns logging off).  Owned by the context. */
CSSL_API const char *cssl_context_get_keylog_filename(const cssl_context *ctx);
CSSL_API cssl_err cssl_context_set_keylog_filename(cssl_context *ctx, const char *path);

/* A password callback for encrypted private keys: write the password (at
 * most size bytes, no NUL needed) to buf and return its length, or return a
 * negative value to refuse.  Called only when the key is encrypted. */
typedef int (*cssl_password_cb)(char *buf, size_t size, void *arg);

/* SSLContext.load_cert_chain(certfile, keyfile=None, password=None).
 * certfile may hold the key and the chain too.  A missing file is
 * CSSL_E_OS (errno ENOENT); a bad file CSSL_E_SSL "[SSL] PEM lib"; a key
 * that does not match "[X509: KEY_VALUES_MISMATCH] key values mismatch". */
CSSL_API cssl_err cssl_context_load_cert_chain(cssl_context *ctx, const char *certfile,
                                               const char *keyfile, const char *password);
CSSL_API cssl_err cssl_context_load_cert_chain_cb(cssl_context *ctx, const char *certfile,
                                                  const char *keyfile, cssl_password_cb cb,
                                                  void *arg);

/* SSLContext.load_verify_locations(cafile, capath, cadata).  All three
 * absent is CSSL_E_TYPE "cafile, capath and cadata cannot be all omitted". */
CSSL_API cssl_err cssl_context_load_verify_locations(cssl_context *ctx, const char *cafile,
                                                     const char *capath, const void *cadata,
                                                     size_t cadata_len);

/* SSLContext.load_default_certs(purpose) and set_default_verify_paths(). */
CSSL_API cssl_err cssl_context_load_default_certs(cssl_context *ctx, cssl_purpose purpose);
CSSL_API cssl_err cssl_context_set_default_verify_paths(cssl_context *ctx);

/* SSLContext.set_ciphers(ciphers): OpenSSL cipher list for TLS <= 1.2. */
CSSL_API cssl_err cssl_context_set_ciphers(cssl_context *ctx, const char *ciphers);

/* One entry of SSLContext.get_ciphers(). digest is NULL for AEAD suites. */
typedef struct cssl_cipher_info {
    unsigned long id;
    const char *name;
    const char *protocol;
    const char *description;
    int strength_bits;
    int alg_bits;
    bool aead;
    const char *symmetric;
    const char *digest;
    const char *kea;
    const char *auth;
} cssl_cipher_info;

typedef struct cssl_cipher_list {
    const cssl_cipher_info *items;
    size_t count;
    void *owner;
} cssl_cipher_list;

/* SSLContext.get_ciphers(); free with cssl_cipher_list_free(). */
CSSL_API cssl_cipher_list *cssl_context_get_ciphers(const cssl_context *ctx);
CSSL_API void cssl_cipher_list_free(cssl_cipher_list *list);

/* SSLContext.set_alpn_protocols(protocols): count protocol names, each 1 to
 * 255 bytes, in order of preference. */
CSSL_API cssl_err cssl_context_set_alpn_protocols(cssl_context *ctx,
                                                  const char *const *protocols, size_t count);

/*
 * SSLContext.sni_callback: called on a server when a client's hello has
 * arrived, with the connection, the server name the client asked for (the
 * IDNA A-label, or NULL when it sent none) and the context.  It may switch
 * the connection to another context with cssl_socket_set_context() (or
 * cssl_object_set_context()).  Return CSSL_SNI_OK to go on, or a
 * CSSL_ALERT_DESCRIPTION_* value to abort the handshake with that alert.
 * `conn` is a cssl_socket or a cssl_object: cssl_conn_is_object() tells.
 */
#define CSSL_SNI_OK (-1)
typedef int (*cssl_sni_callback)(void *conn, const char *server_name, cssl_context *ctx,
                                 void *arg);
CSSL_API cssl_err cssl_context_set_sni_callback(cssl_context *ctx, cssl_sni_callback cb,
                                                void *arg);
/* Whether the `conn` an SNI callback got is a cssl_object (true) or a
 * cssl_socket (false). */
CSSL_API bool cssl_conn_is_object(const void *conn);
/* SSLContext.set_servername_callback(): the same as set_sni_callback. */
CSSL_API cssl_err cssl_context_set_servername_callback(cssl_context *ctx, cssl_sni_callback cb,
                                                       void *arg);

/* SSLContext.load_dh_params(path) and set_ecdh_curve(name). */
CSSL_API cssl_err cssl_context_load_dh_params(cssl_context *ctx, const char *path);
CSSL_API cssl_err cssl_context_set_ecdh_curve(cssl_context *ctx, const char *name);

/* SSLContext.session_stats() */
typedef struct cssl_session_stats {
    long number, connect, connect_good, connect_renegotiate, accept, accept_good,
        accept_renegotiate, hits, misses, timeouts, cache_full;
} cssl_session_stats;
CSSL_API cssl_err cssl_context_session_stats(const cssl_context *ctx, cssl_session_stats *out);

/* SSLContext.cert_store_stats() */
typedef struct cssl_cert_store_stats {
    long x509, crl, x509_ca;
} cssl_cert_store_stats;
CSSL_API cssl_err cssl_context_cert_store_stats(const cssl_context *ctx,
                                                cssl_cert_store_stats *out);

/* SSLContext.get_ca_certs(binary_form=False): the CA certificates of the
 * store, decoded (free each with cssl_cert_info_free() and the array with
 * cssl_free()) or, with binary_form, as DER (free with cssl_store_list_free()). */
CSSL_API cssl_cert_info **cssl_context_get_ca_certs(const cssl_context *ctx, size_t *count);
CSSL_API cssl_store_list *cssl_context_get_ca_certs_der(const cssl_context *ctx);

/* ======================================================================
 * Sockets: SSLSocket
 * ====================================================================== */

/*
 * SSLContext.wrap_socket(sock, server_side, do_handshake_on_connect,
 * suppress_ragged_eofs, server_hostname, session): wrap the stream socket
 * fd.  The cssl_socket owns fd from then on (cssl_socket_free() closes it;
 * cssl_socket_unwrap() hands it back).  A connected fd with
 * do_handshake_on_connect handshakes at once; an unconnected one when
 * cssl_socket_connect_fd() is called; a listening one is for
 * cssl_socket_accept().  server_hostname turns on SNI and, with
 * check_hostname, host name checking; Python's rules apply (required with
 * check_hostname; not for server sockets; IDNA; IP addresses are checked as
 * such and not sent as SNI).
 *
 * The socket starts in blocking mode (timeout < 0) unless fd is already
 * non-blocking (timeout 0).  Free with cssl_socket_free().
 *
 * On failure fd is closed, as Python closes the socket it took over,
 * except when the arguments are refused before that (fd is then still the
 * caller's): not a stream socket (CSSL_E_NOT_SUPPORTED), "server_hostname
 * can only be specified in client mode", "session can only be specified
 * in client mode", "check_hostname requires server_hostname".
 * server_hostname goes through Python's 'idna' codec: ASCII names exactly
 * as Python (same UnicodeError texts, as CSSL_E_VALUE); a non-ASCII name is
 * CSSL_E_VALUE: pass its A-label ("xn--...").
 *
 * SIGPIPE: cssl writes with MSG_NOSIGNAL (SO_NOSIGPIPE where that is what
 * the system has), so a vanished peer is CSSL_E_OS EPIPE, never a signal.
 */
CSSL_API cssl_socket *cssl_context_wrap_socket(cssl_context *ctx, int fd, bool server_side,
                                               bool do_handshake_on_connect,
                                               bool suppress_ragged_eofs,
                                               const char *server_hostname,
                                               cssl_session *session);

/* socket.create_connection((host, port), timeout) + wrap_socket(): connect
 * to every address getaddrinfo() returns in turn (IPv6 and IPv4) and
 * handshake.  server_hostname NULL means host.  timeout < 0 blocks. */
CSSL_API cssl_socket *cssl_socket_connect(cssl_context *ctx, const char *host, int port,
                                          const char *server_hostname, double timeout);

/* A listening server socket on host:port (NULL host: all addresses, IPv6
 * and IPv4 when the system allows; port 0: any free port, see getsockname()
 * on cssl_socket_fileno()), with SO_REUSEADDR, for cssl_socket_accept(). */
CSSL_API cssl_socket *cssl_socket_listen(cssl_context *ctx, const char *host, int port,
                                         int backlog);

/* SSLSocket.accept(): the next connection, wrapped server-side (handshake
 * done when the listener has do_handshake_on_connect).  The listener's
 * timeout applies to the wait ("timed out"); the new socket blocks. */
CSSL_API cssl_socket *cssl_socket_accept(cssl_socket *listener);

/* SSLSocket.connect(address) for a socket wrapped before it was connected. */
CSSL_API cssl_err cssl_socket_connect_fd(cssl_socket *sock, const char *host, int port);

/* Close the connection (without close_notify, as Python's close()) and
 * free everything; drops the context reference.  Accepts NULL. */
CSSL_API void cssl_socket_free(cssl_socket *sock);

/* SSLSocket.close(): close the fd but keep the object (later calls fail
 * as in Python).  cssl_socket_free() is still needed. */
CSSL_API cssl_err cssl_socket_close(cssl_socket *sock);

/* settimeout / gettimeout / setblocking: timeout < 0 blocks forever, 0 is
 * non-blocking (CSSL_E_WANT_READ / CSSL_E_WANT_WRITE), > 0 seconds gives
 * CSSL_E_TIMEOUT ("The read operation timed out", ...). */
CSSL_API cssl_err cssl_socket_settimeout(cssl_socket *sock, double timeout);
CSSL_API double cssl_socket_gettimeout(const cssl_socket *sock);
CSSL_API cssl_err cssl_socket_setblocking(cssl_socket *sock, bool blocking);

/* SSLSocket.fileno() */
CSSL_API int cssl_socket_fileno(const cssl_socket *sock);

/* SSLSocket.do_handshake() */
CSSL_API cssl_err cssl_socket_do_handshake(cssl_socket *sock);

/* SSLSocket.read(len) / recv(len) / recv_into(): up to len bytes; returns
 * the count, 0 at a clean close (and at a ragged EOF when
 * suppress_ragged_eofs).  Non-zero flags are CSSL_E_VALUE as in Python. */
CSSL_API int cssl_socket_read(cssl_socket *sock, void *buf, size_t len);
CSSL_API int cssl_socket_recv(cssl_socket *sock, void *buf, size_t len, int flags);
CSSL_API int cssl_socket_recv_into(cssl_socket *sock, void *buf, size_t len, int flags);

/* SSLSocket.write(data) / send(data): returns the bytes written (all of
 * them unless non-blocking, where a partial write is possible and safe to
 * continue).  After CSSL_E_WANT_WRITE call again with the same bytes (the
 * buffer may move).  More than INT_MAX bytes is CSSL_E_VALUE (Python's
 * OverflowError); sendall() has no such limit. */
CSSL_API int cssl_socket_write(cssl_socket *sock, const void *buf, size_t len);
CSSL_API int cssl_socket_send(cssl_socket *sock, const void *buf, size_t len, int flags);

/* SSLSocket.sendall(data): everything, or an error. Returns 0. */
CSSL_API cssl_err cssl_socket_sendall(cssl_socket *sock, const void *buf, size_t len, int flags);

/* SSLSocket.pending(): decrypted bytes ready to read. */
CSSL_API int cssl_socket_pending(const cssl_socket *sock);

/*
 * SSLSocket.getpeercert(binary_form=False).  On success *cert is:
 *   NULL  when the peer sent no certificate (Python's None);
 *   a cert with fields == 0 when the context does not verify (Python's {});
 *   the decoded certificate otherwise.
 * Before the handshake: CSSL_E_VALUE "handshake not done yet".  Free *cert
 * with cssl_cert_info_free().
 */
CSSL_API cssl_err cssl_socket_getpeercert(const cssl_socket *sock, cssl_cert_info **cert);

/* getpeercert(binary_form=True): *der (cssl_free()) is NULL when the peer
 * sent no certificate.  Returns *der_len. */
CSSL_API int cssl_socket_getpeercert_der(const cssl_socket *sock, unsigned char **der,
                                         size_t *der_len);

/* SSLSocket.get_verified_chain() / get_unverified_chain(): DER certificates
 * (encoding "x509_asn"); free with cssl_store_list_free(). */
CSSL_API cssl_store_list *cssl_socket_get_verified_chain(const cssl_socket *sock);
CSSL_API cssl_store_list *cssl_socket_get_unverified_chain(const cssl_socket *sock);

/* SSLSocket.cipher(): (name, protocol, secret_bits); false before the
 * handshake (Python's None). */
typedef struct cssl_cipher {
    const char *name;
    const char *protocol;
    int secret_bits;
} cssl_cipher;
CSSL_API bool cssl_socket_cipher(const cssl_socket *sock, cssl_cipher *out);

/* SSLSocket.shared_ciphers(): server side, after the handshake; NULL
 * (no error) otherwise.  Free with cssl_free(). */
CSSL_API cssl_cipher *cssl_socket_shared_ciphers(const cssl_socket *sock, size_t *count);

/* SSLSocket.compression(), version(), selected_alpn_protocol(): NULL for
 * Python's None.  Strings live as long as the socket. */
CSSL_API const char *cssl_socket_compression(const cssl_socket *sock);
CSSL_API const char *cssl_socket_version(const cssl_socket *sock);
CSSL_API const char *cssl_socket_selected_alpn_protocol(const cssl_socket *sock);

/* SSLSocket.get_channel_binding(cb_type="tls-unique"): copies at most
 * size bytes into buf and returns the binding's length, 0 before the
 * handshake (None).  Another cb_type is CSSL_E_VALUE "<type> channel
 * binding type not implemented". */
CSSL_API int cssl_socket_get_channel_binding(const cssl_socket *sock, const char *cb_type,
                                             unsigned char *buf, size_t size);

/* SSLSocket.session (a new object, NULL for None; free with
 * cssl_session_free()), its setter (before the handshake, client side,
 * same context; kept for a connection still to be made), and
 * session_reused (-1, Python's None, while there is no TLS connection:
 * before connect_fd(), after close() or unwrap()).  As in Python the
 * session is a copy, which stays resumable after close(). */
CSSL_API cssl_session *cssl_socket_get_session(const cssl_socket *sock);
CSSL_API cssl_err cssl_socket_set_session(cssl_socket *sock, cssl_session *session);
CSSL_API int cssl_socket_session_reused(const cssl_socket *sock);

/* SSLSocket.server_side, server_hostname (the A-label or NULL), context
 * (borrowed: the socket holds a reference; cssl_context_ref() to keep it).
 * Setting the context (SSL_set_SSL_CTX) is what an SNI callback does. */
CSSL_API bool cssl_socket_server_side(const cssl_socket *sock);
CSSL_API const char *cssl_socket_server_hostname(const cssl_socket *sock);
CSSL_API cssl_context *cssl_socket_get_context(const cssl_socket *sock);
CSSL_API cssl_err cssl_socket_set_context(cssl_socket *sock, cssl_context *ctx);

/* SSLSocket.unwrap(): TLS shutdown (close_notify both ways); returns the
 * plain fd, which the caller owns from then on (non-blocking if the socket
 * had a timeout >= 0, as Python leaves it).  cssl_socket_free() is still
 * needed and will not close that fd.  Without a TLS connection:
 * CSSL_E_VALUE "No SSL wrapper around <ssl.SSLSocket fd=N>" (Python's repr
 * of the socket is longer). */
CSSL_API int cssl_socket_unwrap(cssl_socket *sock);

/* SSLSocket.verify_client_post_handshake(): a TLS 1.3 server asks the
 * client for its certificate after the handshake.  Both contexts need
 * post_handshake_auth (cssl_context_set_post_handshake_auth()) and the
 * server's verify_mode CERT_OPTIONAL or CERT_REQUIRED; nothing is sent
 * until the server's next read or write, and the certificate is checked
 * then.  Otherwise (TLS 1.2, client side, extension not offered) it fails
 * as Python's does, with OpenSSL's reason ([SSL: WRONG_SSL_VERSION],
 * [SSL: EXTENSION_NOT_RECEIVED], ...). */
CSSL_API cssl_err cssl_socket_verify_client_post_handshake(cssl_socket *sock);

/* ======================================================================
 * Memory BIOs and SSLObject
 * ====================================================================== */

/*
 * TLS without a socket (Python's MemoryBIO and SSLObject, the layer asyncio
 * is built on).  The caller moves the bytes: whatever arrives from the
 * network goes into the `incoming` memory BIO, and whatever the object
 * leaves in `outgoing` must be sent to the peer.  The object never blocks
 * and never does network I/O; it runs on the same TLS engine as
 * cssl_socket, with the same errors and messages.
 *
 * THE EVENT-LOOP PATTERN (see examples/event_loop_server.c)
 *
 *   1. Call an object operation (do_handshake, read, write, unwrap).
 *   2. Whatever its result, send everything cssl_memory_bio_pending(outgoing)
 *      says is there (handshake records, alerts, close_notify and data are
 *      all written there, failed calls included).  If the socket cannot
 *      take it all, keep the rest and wait for POLLOUT / EPOLLOUT.
 *   3. CSSL_E_WANT_READ: more bytes from the peer are needed.  Wait for
 *      POLLIN, read what the socket has, cssl_memory_bio_write() it into
 *      `incoming`, and call the same operation again.  When the peer closes
 *      the TCP connection, cssl_memory_bio_write_eof(incoming): the next
 *      call reports the EOF (CSSL_E_EOF when it came unannounced, 0 bytes
 *      from read() after the peer's close_notify).
 *   4. CSSL_E_WANT_WRITE does not happen with memory BIOs (the outgoing BIO
 *      grows as needed); with a non-blocking cssl_socket it means wait for
 *      POLLOUT and call the same operation again with the same arguments.
 *
 * cssl_poll_events() turns a result into the poll() / epoll interest it
 * asks for, which is all the mapping an event loop needs.
 *
 * Memory: a cssl_memory_bio holds no buffer while it is empty (it releases
 * its storage once drained), and the connection's record buffers are
 * released while idle (SSL_MODE_RELEASE_BUFFERS, as Python sets it), so an
 * idle established connection costs little more than OpenSSL's SSL object.
 */

/* poll()'s events for a result: POLLIN for CSSL_E_WANT_READ, POLLOUT for
 * CSSL_E_WANT_WRITE (the same values as EPOLLIN / EPOLLOUT on Linux), 0
 * for anything else (success or a real error). */
CSSL_API int cssl_poll_events(int rc);

/* ssl.MemoryBIO(): an empty in-memory byte queue.  Reference counted: an
 * object made by cssl_context_wrap_bio() holds a reference to each of its
 * BIOs, so the caller's cssl_memory_bio_free() may come first.  Free with
 * cssl_memory_bio_free(). */
CSSL_API cssl_memory_bio *cssl_memory_bio_new(void);

/* Drop the caller's reference.  Accepts NULL. */
CSSL_API void cssl_memory_bio_free(cssl_memory_bio *bio);

/* MemoryBIO.write(buf): append len bytes; returns len.  After
 * cssl_memory_bio_write_eof(): CSSL_E_SSL "('cannot write() after
 * write_eof()',)" (Python's text).  More than INT_MAX bytes is
 * CSSL_E_VALUE (Python's OverflowError). */
CSSL_API int cssl_memory_bio_write(cssl_memory_bio *bio, const void *buf, size_t len);

/* MemoryBIO.read(n): take up to size bytes into buf (at most INT_MAX);
 * returns the count, 0 when empty (Python's b''). */
CSSL_API int cssl_memory_bio_read(cssl_memory_bio *bio, void *buf, size_t size);

/* MemoryBIO.read() with no size (n=-1): everything there is, in a new
 * buffer (cssl_free(); never NULL on success, even when *len is 0). */
CSSL_API unsigned char *cssl_memory_bio_read_all(cssl_memory_bio *bio, size_t *len);

/* MemoryBIO.pending: the bytes waiting to be read. */
CSSL_API size_t cssl_memory_bio_pending(const cssl_memory_bio *bio);

/* MemoryBIO.eof: true once write_eof() was called AND everything was read. */
CSSL_API bool cssl_memory_bio_eof(const cssl_memory_bio *bio);

/* MemoryBIO.write_eof(): no more data will come.  An object reading an
 * empty incoming BIO then sees the end of the stream instead of
 * CSSL_E_WANT_READ. */
CSSL_API cssl_err cssl_memory_bio_write_eof(cssl_memory_bio *bio);

/*
 * SSLContext.wrap_bio(incoming, outgoing, server_side=False,
 * server_hostname=None, session=None): a TLS connection over two memory
 * BIOs.  As in Python (and unlike wrap_socket()) there is no
 * check_hostname / server_side check of the arguments here: a client
 * without server_hostname on a check_hostname context fails at the
 * handshake.  A PROTOCOL_TLS_CLIENT context cannot make a server (CSSL_E_SSL
 * "Cannot create a server socket with a PROTOCOL_TLS_CLIENT context") and
 * the other way round.  server_hostname is encoded as for wrap_socket().
 * The object holds references to ctx, the BIOs and (a copy of) session.
 * Free with cssl_object_free().
 *
 * All of SSLObject's operations are non-blocking: CSSL_E_WANT_READ means
 * "feed incoming and call again".  There is no suppress_ragged_eofs: an
 * EOF written into incoming before the peer's close_notify is CSSL_E_EOF
 * "[SSL: UNEXPECTED_EOF_WHILE_READING] EOF occurred in violation of
 * protocol" (then "EOF occurred in violation of protocol").
 */
CSSL_API cssl_object *cssl_context_wrap_bio(cssl_context *ctx, cssl_memory_bio *incoming,
                                            cssl_memory_bio *outgoing, bool server_side,
                                            const char *server_hostname, cssl_session *session);

/* Free the object (no close_notify) and drop its references.  Accepts
 * NULL. */
CSSL_API void cssl_object_free(cssl_object *obj);

/* SSLObject.do_handshake() */
CSSL_API cssl_err cssl_object_do_handshake(cssl_object *obj);

/* SSLObject.read(len): up to len bytes (at most INT_MAX) into buf; returns
 * the count, 0 when len is 0 and after the peer's close_notify.  Before
 * the handshake it runs the handshake first (CSSL_E_WANT_READ "The
 * operation did not complete (read)" while bytes are missing). */
CSSL_API int cssl_object_read(cssl_object *obj, void *buf, size_t len);

/* SSLObject.write(data): returns len (the encrypted records are in
 * outgoing).  More than INT_MAX bytes is CSSL_E_VALUE.  After unwrap():
 * CSSL_E_SSL "[SSL: PROTOCOL_IS_SHUTDOWN] protocol is shutdown". */
CSSL_API int cssl_object_write(cssl_object *obj, const void *buf, size_t len);

/* SSLObject.pending(): decrypted bytes ready to read. */
CSSL_API int cssl_object_pending(const cssl_object *obj);

/* SSLObject.getpeercert() / getpeercert(binary_form=True), the chains,
 * cipher(), shared_ciphers(), compression(), version(),
 * selected_alpn_protocol() and get_channel_binding(): exactly as the
 * cssl_socket_* functions of the same names (same results, errors and
 * ownership rules; "handshake not done yet" before the handshake). */
CSSL_API cssl_err cssl_object_getpeercert(const cssl_object *obj, cssl_cert_info **cert);
CSSL_API int cssl_object_getpeercert_der(const cssl_object *obj, unsigned char **der,
                                         size_t *der_len);
CSSL_API cssl_store_list *cssl_object_get_verified_chain(const cssl_object *obj);
CSSL_API cssl_store_list *cssl_object_get_unverified_chain(const cssl_object *obj);
CSSL_API bool cssl_object_cipher(const cssl_object *obj, cssl_cipher *out);
CSSL_API cssl_cipher *cssl_object_shared_ciphers(const cssl_object *obj, size_t *count);
CSSL_API const char *cssl_object_compression(const cssl_object *obj);
CSSL_API const char *cssl_object_version(const cssl_object *obj);
CSSL_API const char *cssl_object_selected_alpn_protocol(const cssl_object *obj);
CSSL_API int cssl_object_get_channel_binding(const cssl_object *obj, const char *cb_type,
                                             unsigned char *buf, size_t size);

/* SSLObject.session (a copy, NULL for None: free with cssl_session_free();
 * a session whose handshake is under way cannot be copied: CSSL_E_VALUE
 * "i2d() failed"), its setter (client side, before the handshake, same
 * context; NULL is CSSL_E_TYPE "Value is not a SSLSession.") and
 * session_reused (false until a resumed handshake: an SSLObject always
 * has its TLS connection, so never Python's None). */
CSSL_API cssl_session *cssl_object_get_session(const cssl_object *obj);
CSSL_API cssl_err cssl_object_set_session(cssl_object *obj, cssl_session *session);
CSSL_API bool cssl_object_session_reused(const cssl_object *obj);

/* SSLObject.server_side, server_hostname (the A-label given to wrap_bio(),
 * or NULL), context (borrowed) and its setter (what an SNI callback does:
 * `conn` is then the cssl_object, see cssl_conn_is_object()). */
CSSL_API bool cssl_object_server_side(const cssl_object *obj);
CSSL_API const char *cssl_object_server_hostname(const cssl_object *obj);
CSSL_API cssl_context *cssl_object_get_context(const cssl_object *obj);
CSSL_API cssl_err cssl_object_set_context(cssl_object *obj, cssl_context *ctx);

/* SSLObject.unwrap(): send close_notify (into outgoing) and finish once the
 * peer's close_notify has been read: CSSL_E_WANT_READ until it has been
 * fed into incoming; 0 when done.  The object stays (reads then fail, a
 * write is "protocol is shutdown"); there is no fd to hand back.  Before
 * the handshake: CSSL_E_SSL "[SSL: SHUTDOWN_WHILE_IN_INIT] shutdown while
 * in init". */
CSSL_API cssl_err cssl_object_unwrap(cssl_object *obj);

/* SSLObject.verify_client_post_handshake(): as for sockets (above); the
 * request leaves in `outgoing` at the server's next read or write. */
CSSL_API cssl_err cssl_object_verify_client_post_handshake(cssl_object *obj);

/* ======================================================================
 * Sessions: SSLSession
 * ====================================================================== */

/* SSLSession.id (copies at most size bytes, returns the id's length),
 * time, timeout, ticket_lifetime_hint, has_ticket; equality is by id. */
CSSL_API int cssl_session_id(const cssl_session *s, unsigned char *buf, size_t size);
CSSL_API long cssl_session_time(const cssl_session *s);
CSSL_API long cssl_session_timeout(const cssl_session *s);
CSSL_API unsigned long cssl_session_ticket_lifetime_hint(const cssl_session *s);
CSSL_API bool cssl_session_has_ticket(const cssl_session *s);
CSSL_API bool cssl_session_equal(const cssl_session *a, const cssl_session *b);
CSSL_API void cssl_session_free(cssl_session *s);

/* ======================================================================
 * Module functions that make connections
 * ====================================================================== */

/* ssl.get_server_certificate((host, port), ssl_version, ca_certs, timeout):
 * the server's certificate as PEM (cssl_free()).  Verified only when
 * ca_certs is given (no host name check; host is sent as SNI).  timeout < 0
 * blocks.  ssl_version 0 means Python's default, CSSL_PROTOCOL_TLS_CLIENT. */
CSSL_API char *cssl_get_server_certificate(const char *host, int port, int ssl_version,
                                           const char *ca_certs, double timeout);

/* ssl.wrap_socket() - DEPRECATED since Python 3.7, removed in 3.12, kept
 * for porting old code: it makes an INSECURE client by default (cert_reqs
 * CSSL_CERT_NONE, no host name check, no SNI).  Use
 * cssl_create_default_context() and cssl_context_wrap_socket().
 * ssl_version 0 means Python's default, CSSL_PROTOCOL_TLS. */
CSSL_DEPRECATED("insecure defaults: use cssl_create_default_context() + cssl_context_wrap_socket()")
CSSL_API cssl_socket *cssl_wrap_socket(int fd, const char *keyfile, const char *certfile,
                                       bool server_side, int cert_reqs, int ssl_version,
                                       const char *ca_certs, bool do_handshake_on_connect,
                                       bool suppress_ragged_eofs, const char *ciphers);

#ifdef __cplusplus
}
#endif

#endif /* CSSL_H */
