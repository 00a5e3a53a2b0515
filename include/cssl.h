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

/* @@CONSTANTS-SECTION@@ (filled in by src/constants.c's owner) */

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
 * e.g. ("commonName", "example.com"). */
typedef struct cssl_name_attr {
    cssl_str name;
    cssl_str value;
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
 * The caller frees the string with cssl_free(). */
CSSL_API char *cssl_cert_info_to_json(const cssl_cert_info *cert);
CSSL_API char *cssl_cert_info_to_repr(const cssl_cert_info *cert);
CSSL_API char *cssl_cert_info_to_pprint(const cssl_cert_info *cert);

/* ======================================================================
 * Module functions: certificate handling
 * ====================================================================== */

/*
 * ssl.match_hostname(cert, hostname) (deprecated in Python 3.7, removed in
 * 3.12: OpenSSL checks host names during the handshake, which cssl sockets
 * do too).  Returns 0 when cert is valid for hostname, following RFC 6125
 * as Python 3.7+ does: a wildcard only as the whole leftmost label, IP
 * addresses only against 'IP Address' entries, commonName only when there is
 * no DNS entry, case-insensitive.  A mismatch is CSSL_E_CERT_VERIFICATION
 * with Python's message ("hostname 'x' doesn't match 'y'"); an empty cert
 * (no fields) or a malformed IP entry is CSSL_E_VALUE.
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
 * them on Windows only.  cssl gives them a meaning everywhere: store "ROOT"
 * lists the trust anchors (for enum_crls, the CRLs) found through
 * cssl_get_default_verify_paths() (its cafile, then the files of its
 * capath), each as DER bytes with encoding "x509_asn" ("x509_crl" for CRLs)
 * and trusted for all purposes; "CA" and "MY" are empty; any other name is
 * CSSL_E_VALUE.
 */
typedef struct cssl_store_entry {
    const unsigned char *data; /* DER bytes */
    size_t len;
    const char *encoding;      /* "x509_asn", "pkcs_7_asn" or "x509_crl" */
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
