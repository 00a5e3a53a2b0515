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
 * Threads.  Module functions may be called from any thread at once.  The
 *     last error is per thread.
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

#ifdef __cplusplus
}
#endif

#endif /* CSSL_H */
