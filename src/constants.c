/*
 * constants.c - Python's ssl constants: the enum collections
 * (ssl.VerifyMode, ssl.Options, ...), ssl.Purpose and the HAS_* flags.
 *
 * The tables take their values from OpenSSL's headers wherever OpenSSL has
 * the constant, exactly as CPython's _ssl.c does; the numbers in cssl.h are
 * checked against the same macros at compile time below, so the header, the
 * tables and OpenSSL cannot drift apart.
 */
#include <string.h>

#include <openssl/crypto.h>
#include <openssl/objects.h>
#include <openssl/ssl.h>
#include <openssl/x509_vfy.h>
#include <openssl/x509v3.h>

#include "internal.h"

/* ---- cssl.h against OpenSSL's headers --------------------------------- */

#define CSSL_SAME(ours, theirs) _Static_assert((ours) == (theirs), #ours " must equal " #theirs)

CSSL_SAME(CSSL_VERIFY_CRL_CHECK_LEAF, X509_V_FLAG_CRL_CHECK);
CSSL_SAME(CSSL_VERIFY_CRL_CHECK_CHAIN, X509_V_FLAG_CRL_CHECK | X509_V_FLAG_CRL_CHECK_ALL);
CSSL_SAME(CSSL_VERIFY_X509_STRICT, X509_V_FLAG_X509_STRICT);
CSSL_SAME(CSSL_VERIFY_ALLOW_PROXY_CERTS, X509_V_FLAG_ALLOW_PROXY_CERTS);
CSSL_SAME(CSSL_VERIFY_X509_TRUSTED_FIRST, X509_V_FLAG_TRUSTED_FIRST);
CSSL_SAME(CSSL_VERIFY_X509_PARTIAL_CHAIN, X509_V_FLAG_PARTIAL_CHAIN);

/* Python's OP_ALL keeps the empty-fragment CBC countermeasure on. */
#define PY_OP_ALL (SSL_OP_ALL & ~SSL_OP_DONT_INSERT_EMPTY_FRAGMENTS)
CSSL_SAME(CSSL_OP_ALL, PY_OP_ALL);
CSSL_SAME(CSSL_OP_NO_SSLv2, SSL_OP_NO_SSLv2);
CSSL_SAME(CSSL_OP_NO_SSLv3, SSL_OP_NO_SSLv3);
CSSL_SAME(CSSL_OP_NO_TLSv1, SSL_OP_NO_TLSv1);
CSSL_SAME(CSSL_OP_NO_TLSv1_1, SSL_OP_NO_TLSv1_1);
CSSL_SAME(CSSL_OP_NO_TLSv1_2, SSL_OP_NO_TLSv1_2);
CSSL_SAME(CSSL_OP_NO_TLSv1_3, SSL_OP_NO_TLSv1_3);
CSSL_SAME(CSSL_OP_CIPHER_SERVER_PREFERENCE, SSL_OP_CIPHER_SERVER_PREFERENCE);
CSSL_SAME(CSSL_OP_SINGLE_DH_USE, SSL_OP_SINGLE_DH_USE);
CSSL_SAME(CSSL_OP_SINGLE_ECDH_USE, SSL_OP_SINGLE_ECDH_USE);
CSSL_SAME(CSSL_OP_NO_COMPRESSION, SSL_OP_NO_COMPRESSION);
CSSL_SAME(CSSL_OP_NO_TICKET, SSL_OP_NO_TICKET);
CSSL_SAME(CSSL_OP_NO_RENEGOTIATION, SSL_OP_NO_RENEGOTIATION);
CSSL_SAME(CSSL_OP_ENABLE_MIDDLEBOX_COMPAT, SSL_OP_ENABLE_MIDDLEBOX_COMPAT);
CSSL_SAME(CSSL_OP_IGNORE_UNEXPECTED_EOF, SSL_OP_IGNORE_UNEXPECTED_EOF);
CSSL_SAME(CSSL_OP_ENABLE_KTLS, SSL_OP_ENABLE_KTLS);
CSSL_SAME(CSSL_OP_LEGACY_SERVER_CONNECT, SSL_OP_LEGACY_SERVER_CONNECT);

CSSL_SAME(CSSL_ALERT_DESCRIPTION_CLOSE_NOTIFY, SSL_AD_CLOSE_NOTIFY);
CSSL_SAME(CSSL_ALERT_DESCRIPTION_UNEXPECTED_MESSAGE, SSL_AD_UNEXPECTED_MESSAGE);
CSSL_SAME(CSSL_ALERT_DESCRIPTION_BAD_RECORD_MAC, SSL_AD_BAD_RECORD_MAC);
CSSL_SAME(CSSL_ALERT_DESCRIPTION_RECORD_OVERFLOW, SSL_AD_RECORD_OVERFLOW);
CSSL_SAME(CSSL_ALERT_DESCRIPTION_DECOMPRESSION_FAILURE, SSL_AD_DECOMPRESSION_FAILURE);
CSSL_SAME(CSSL_ALERT_DESCRIPTION_HANDSHAKE_FAILURE, SSL_AD_HANDSHAKE_FAILURE);
CSSL_SAME(CSSL_ALERT_DESCRIPTION_BAD_CERTIFICATE, SSL_AD_BAD_CERTIFICATE);
CSSL_SAME(CSSL_ALERT_DESCRIPTION_UNSUPPORTED_CERTIFICATE, SSL_AD_UNSUPPORTED_CERTIFICATE);
CSSL_SAME(CSSL_ALERT_DESCRIPTION_CERTIFICATE_REVOKED, SSL_AD_CERTIFICATE_REVOKED);
CSSL_SAME(CSSL_ALERT_DESCRIPTION_CERTIFICATE_EXPIRED, SSL_AD_CERTIFICATE_EXPIRED);
CSSL_SAME(CSSL_ALERT_DESCRIPTION_CERTIFICATE_UNKNOWN, SSL_AD_CERTIFICATE_UNKNOWN);
CSSL_SAME(CSSL_ALERT_DESCRIPTION_ILLEGAL_PARAMETER, SSL_AD_ILLEGAL_PARAMETER);
CSSL_SAME(CSSL_ALERT_DESCRIPTION_UNKNOWN_CA, SSL_AD_UNKNOWN_CA);
CSSL_SAME(CSSL_ALERT_DESCRIPTION_ACCESS_DENIED, SSL_AD_ACCESS_DENIED);
CSSL_SAME(CSSL_ALERT_DESCRIPTION_DECODE_ERROR, SSL_AD_DECODE_ERROR);
CSSL_SAME(CSSL_ALERT_DESCRIPTION_DECRYPT_ERROR, SSL_AD_DECRYPT_ERROR);
CSSL_SAME(CSSL_ALERT_DESCRIPTION_PROTOCOL_VERSION, SSL_AD_PROTOCOL_VERSION);
CSSL_SAME(CSSL_ALERT_DESCRIPTION_INSUFFICIENT_SECURITY, SSL_AD_INSUFFICIENT_SECURITY);
CSSL_SAME(CSSL_ALERT_DESCRIPTION_INTERNAL_ERROR, SSL_AD_INTERNAL_ERROR);
CSSL_SAME(CSSL_ALERT_DESCRIPTION_USER_CANCELLED, SSL_AD_USER_CANCELLED);
CSSL_SAME(CSSL_ALERT_DESCRIPTION_NO_RENEGOTIATION, SSL_AD_NO_RENEGOTIATION);
CSSL_SAME(CSSL_ALERT_DESCRIPTION_UNSUPPORTED_EXTENSION, SSL_AD_UNSUPPORTED_EXTENSION);
CSSL_SAME(CSSL_ALERT_DESCRIPTION_CERTIFICATE_UNOBTAINABLE, SSL_AD_CERTIFICATE_UNOBTAINABLE);
CSSL_SAME(CSSL_ALERT_DESCRIPTION_UNRECOGNIZED_NAME, SSL_AD_UNRECOGNIZED_NAME);
CSSL_SAME(CSSL_ALERT_DESCRIPTION_BAD_CERTIFICATE_STATUS_RESPONSE,
          SSL_AD_BAD_CERTIFICATE_STATUS_RESPONSE);
CSSL_SAME(CSSL_ALERT_DESCRIPTION_BAD_CERTIFICATE_HASH_VALUE, SSL_AD_BAD_CERTIFICATE_HASH_VALUE);
CSSL_SAME(CSSL_ALERT_DESCRIPTION_UNKNOWN_PSK_IDENTITY, SSL_AD_UNKNOWN_PSK_IDENTITY);

CSSL_SAME(CSSL_SSL_ERROR_SSL, SSL_ERROR_SSL);
CSSL_SAME(CSSL_SSL_ERROR_WANT_READ, SSL_ERROR_WANT_READ);
CSSL_SAME(CSSL_SSL_ERROR_WANT_WRITE, SSL_ERROR_WANT_WRITE);
CSSL_SAME(CSSL_SSL_ERROR_WANT_X509_LOOKUP, SSL_ERROR_WANT_X509_LOOKUP);
CSSL_SAME(CSSL_SSL_ERROR_SYSCALL, SSL_ERROR_SYSCALL);
CSSL_SAME(CSSL_SSL_ERROR_ZERO_RETURN, SSL_ERROR_ZERO_RETURN);
CSSL_SAME(CSSL_SSL_ERROR_WANT_CONNECT, SSL_ERROR_WANT_CONNECT);

CSSL_SAME(CSSL_TLSVERSION_SSLv3, SSL3_VERSION);
CSSL_SAME(CSSL_TLSVERSION_TLSv1, TLS1_VERSION);
CSSL_SAME(CSSL_TLSVERSION_TLSv1_1, TLS1_1_VERSION);
CSSL_SAME(CSSL_TLSVERSION_TLSv1_2, TLS1_2_VERSION);
CSSL_SAME(CSSL_TLSVERSION_TLSv1_3, TLS1_3_VERSION);

CSSL_SAME(CSSL_PURPOSE_SERVER_AUTH, NID_server_auth);
CSSL_SAME(CSSL_PURPOSE_CLIENT_AUTH, NID_client_auth);

/* Python's own numbering (enum py_ssl_cert_requirements): CERT_NONE and
 * CERT_OPTIONAL happen to be OpenSSL's SSL_VERIFY_NONE / SSL_VERIFY_PEER. */
CSSL_SAME(CSSL_CERT_NONE, SSL_VERIFY_NONE);
CSSL_SAME(CSSL_CERT_OPTIONAL, SSL_VERIFY_PEER);

/* ---- the collections -------------------------------------------------- */

/* Each table is in the order of Python's ssl.<Collection>.__members__:
 * Enum._convert_() sorts the members by (value, name), so zero-valued
 * options come first and in name order.  Every table ends with {NULL, 0}. */
/* clang-format off */
#define END {NULL, 0}
/* clang-format on */

static const cssl_constant verify_mode[] = {
    {"CERT_NONE", CSSL_CERT_NONE},
    {"CERT_OPTIONAL", CSSL_CERT_OPTIONAL},
    {"CERT_REQUIRED", CSSL_CERT_REQUIRED},
    END,
};

static const cssl_constant verify_flags[] = {
    {"VERIFY_DEFAULT", 0}, /* Python's literal 0: no flag at all */
    {"VERIFY_CRL_CHECK_LEAF", X509_V_FLAG_CRL_CHECK},
    {"VERIFY_CRL_CHECK_CHAIN", X509_V_FLAG_CRL_CHECK | X509_V_FLAG_CRL_CHECK_ALL},
    {"VERIFY_X509_STRICT", X509_V_FLAG_X509_STRICT},
    {"VERIFY_ALLOW_PROXY_CERTS", X509_V_FLAG_ALLOW_PROXY_CERTS},
    {"VERIFY_X509_TRUSTED_FIRST", X509_V_FLAG_TRUSTED_FIRST},
    {"VERIFY_X509_PARTIAL_CHAIN", X509_V_FLAG_PARTIAL_CHAIN},
    END,
};

static const cssl_constant options[] = {
    {"OP_NO_SSLv2", SSL_OP_NO_SSLv2},
    {"OP_SINGLE_DH_USE", SSL_OP_SINGLE_DH_USE},
    {"OP_SINGLE_ECDH_USE", SSL_OP_SINGLE_ECDH_USE},
    {"OP_LEGACY_SERVER_CONNECT", SSL_OP_LEGACY_SERVER_CONNECT},
    {"OP_ENABLE_KTLS", SSL_OP_ENABLE_KTLS},
    {"OP_IGNORE_UNEXPECTED_EOF", SSL_OP_IGNORE_UNEXPECTED_EOF},
    {"OP_NO_TICKET", SSL_OP_NO_TICKET},
    {"OP_NO_COMPRESSION", SSL_OP_NO_COMPRESSION},
    {"OP_ENABLE_MIDDLEBOX_COMPAT", SSL_OP_ENABLE_MIDDLEBOX_COMPAT},
    {"OP_CIPHER_SERVER_PREFERENCE", SSL_OP_CIPHER_SERVER_PREFERENCE},
    {"OP_NO_SSLv3", SSL_OP_NO_SSLv3},
    {"OP_NO_TLSv1", SSL_OP_NO_TLSv1},
    {"OP_NO_TLSv1_2", SSL_OP_NO_TLSv1_2},
    {"OP_NO_TLSv1_1", SSL_OP_NO_TLSv1_1},
    {"OP_NO_TLSv1_3", SSL_OP_NO_TLSv1_3},
    {"OP_NO_RENEGOTIATION", SSL_OP_NO_RENEGOTIATION},
    {"OP_ALL", PY_OP_ALL},
    END,
};

/* clang-format off */
#define AD(name) {"ALERT_DESCRIPTION_" #name, SSL_AD_##name}
/* clang-format on */
static const cssl_constant alert_description[] = {
    AD(CLOSE_NOTIFY),
    AD(UNEXPECTED_MESSAGE),
    AD(BAD_RECORD_MAC),
    AD(RECORD_OVERFLOW),
    AD(DECOMPRESSION_FAILURE),
    AD(HANDSHAKE_FAILURE),
    AD(BAD_CERTIFICATE),
    AD(UNSUPPORTED_CERTIFICATE),
    AD(CERTIFICATE_REVOKED),
    AD(CERTIFICATE_EXPIRED),
    AD(CERTIFICATE_UNKNOWN),
    AD(ILLEGAL_PARAMETER),
    AD(UNKNOWN_CA),
    AD(ACCESS_DENIED),
    AD(DECODE_ERROR),
    AD(DECRYPT_ERROR),
    AD(PROTOCOL_VERSION),
    AD(INSUFFICIENT_SECURITY),
    AD(INTERNAL_ERROR),
    AD(USER_CANCELLED),
    AD(NO_RENEGOTIATION),
    AD(UNSUPPORTED_EXTENSION),
    AD(CERTIFICATE_UNOBTAINABLE),
    AD(UNRECOGNIZED_NAME),
    AD(BAD_CERTIFICATE_STATUS_RESPONSE),
    AD(BAD_CERTIFICATE_HASH_VALUE),
    AD(UNKNOWN_PSK_IDENTITY),
    END,
};
#undef AD

/* SSL_ERROR_EOF and SSL_ERROR_INVALID_ERROR_CODE are Python's additions
 * (enum py_ssl_error), not OpenSSL's. */
static const cssl_constant ssl_error_number[] = {
    {"SSL_ERROR_SSL", SSL_ERROR_SSL},
    {"SSL_ERROR_WANT_READ", SSL_ERROR_WANT_READ},
    {"SSL_ERROR_WANT_WRITE", SSL_ERROR_WANT_WRITE},
    {"SSL_ERROR_WANT_X509_LOOKUP", SSL_ERROR_WANT_X509_LOOKUP},
    {"SSL_ERROR_SYSCALL", SSL_ERROR_SYSCALL},
    {"SSL_ERROR_ZERO_RETURN", SSL_ERROR_ZERO_RETURN},
    {"SSL_ERROR_WANT_CONNECT", SSL_ERROR_WANT_CONNECT},
    {"SSL_ERROR_EOF", CSSL_SSL_ERROR_EOF},
    {"SSL_ERROR_INVALID_ERROR_CODE", CSSL_SSL_ERROR_INVALID_ERROR_CODE},
    END,
};

/* TLSVersion keeps its definition order (it is a plain IntEnum class in
 * ssl.py, not _convert_()ed); the two magic values are Python's. */
static const cssl_constant tls_version[] = {
    {"MINIMUM_SUPPORTED", CSSL_TLSVERSION_MINIMUM_SUPPORTED},
    {"SSLv3", SSL3_VERSION},
    {"TLSv1", TLS1_VERSION},
    {"TLSv1_1", TLS1_1_VERSION},
    {"TLSv1_2", TLS1_2_VERSION},
    {"TLSv1_3", TLS1_3_VERSION},
    {"MAXIMUM_SUPPORTED", CSSL_TLSVERSION_MAXIMUM_SUPPORTED},
    END,
};

/* PROTOCOL_SSLv23 is a module-level alias, not a member (ssl.py filters it
 * out of _SSLMethod), so it is absent here as in __members__. */
static const cssl_constant ssl_method[] = {
    {"PROTOCOL_TLS", CSSL_PROTOCOL_TLS},
    {"PROTOCOL_TLSv1", CSSL_PROTOCOL_TLSv1},
    {"PROTOCOL_TLSv1_1", CSSL_PROTOCOL_TLSv1_1},
    {"PROTOCOL_TLSv1_2", CSSL_PROTOCOL_TLSv1_2},
    {"PROTOCOL_TLS_CLIENT", CSSL_PROTOCOL_TLS_CLIENT},
    {"PROTOCOL_TLS_SERVER", CSSL_PROTOCOL_TLS_SERVER},
    END,
};

static const cssl_constant purpose[] = {
    {"SERVER_AUTH", NID_server_auth},
    {"CLIENT_AUTH", NID_client_auth},
    END,
};
#undef END

struct collection {
    const char *name;
    const cssl_constant *members;
    size_t count; /* without the terminating entry */
};

/* clang-format off */
#define COLLECTION(name, table) {name, table, CSSL_ARRAY_LEN(table) - 1}
/* clang-format on */
static const struct collection collections[] = {
    COLLECTION("VerifyMode", verify_mode),
    COLLECTION("VerifyFlags", verify_flags),
    COLLECTION("Options", options),
    COLLECTION("AlertDescription", alert_description),
    COLLECTION("SSLErrorNumber", ssl_error_number),
    COLLECTION("TLSVersion", tls_version),
    COLLECTION("_SSLMethod", ssl_method),
    COLLECTION("Purpose", purpose),
};
#undef COLLECTION

static const char *const collection_names[] = {
    "VerifyMode", "VerifyFlags", "Options", "AlertDescription", "SSLErrorNumber", "TLSVersion",
    "_SSLMethod", "Purpose",     NULL,
};
_Static_assert(CSSL_ARRAY_LEN(collection_names) == CSSL_ARRAY_LEN(collections) + 1,
               "every collection is listed once");

CSSL_API const cssl_constant *cssl_constants(const char *collection, size_t *count)
{
    cssl__clear_error();
    CSSL_ENSURE_ARG_NULL(collection);
    for (size_t i = 0; i < CSSL_ARRAY_LEN(collections); i++) {
        if (strcmp(collections[i].name, collection) == 0) {
            if (count != NULL) {
                *count = collections[i].count;
            }
            return collections[i].members;
        }
    }
    (void)cssl__raise(CSSL_E_VALUE, "unknown constant collection '%s'", collection);
    return NULL;
}

CSSL_API const char *const *cssl_constant_collections(void)
{
    cssl__clear_error();
    return collection_names;
}

/* ssl.get_protocol_name(): _PROTOCOL_NAMES is {member.value: member.name}
 * over _SSLMethod, so 2 reads "PROTOCOL_TLS", never "PROTOCOL_SSLv23". */
CSSL_API const char *cssl_get_protocol_name(int protocol_code)
{
    cssl__clear_error();
    for (size_t i = 0; ssl_method[i].name != NULL; i++) {
        if (ssl_method[i].value == protocol_code) {
            return ssl_method[i].name;
        }
    }
    return "<unknown>";
}

/* ---- ssl.Purpose ------------------------------------------------------ */

/* _ASN1Object.fromnid(nid): short and long names from OpenSSL's table, the
 * OID as OBJ_obj2txt(no_name=1) prints it.  Filled once: the strings are
 * then static and the call thread-safe. */
static cssl_asn1_object purpose_objects[2];
static char purpose_oids[2][64];
static CRYPTO_ONCE purpose_once = CRYPTO_ONCE_STATIC_INIT;

static void fill_purpose(size_t i, int nid)
{
    purpose_objects[i].nid = nid;
    purpose_objects[i].shortname = OBJ_nid2sn(nid);
    purpose_objects[i].longname = OBJ_nid2ln(nid);
    /* Both OIDs are 17 characters; OpenSSL's static table cannot fail. */
    OBJ_obj2txt(purpose_oids[i], sizeof(purpose_oids[i]), OBJ_nid2obj(nid), 1);
    purpose_objects[i].oid = purpose_oids[i];
}

static void fill_purposes(void)
{
    fill_purpose(0, NID_server_auth);
    fill_purpose(1, NID_client_auth);
}

CSSL_API const cssl_asn1_object *cssl_purpose_object(cssl_purpose which)
{
    cssl__clear_error();
    CSSL_ENSURE_NULL(which == CSSL_PURPOSE_SERVER_AUTH || which == CSSL_PURPOSE_CLIENT_AUTH,
                     CSSL_E_VALUE, "%d is not a valid Purpose", (int)which);
    if (!CRYPTO_THREAD_run_once(&purpose_once, fill_purposes)) {
        (void)cssl__raise_nomem();
        return NULL;
    }
    return &purpose_objects[which == CSSL_PURPOSE_SERVER_AUTH ? 0 : 1];
}

/* ---- ssl.HAS_* -------------------------------------------------------- */

/* CPython's _ssl.c decides these at build time, from OpenSSL's macros.
 * SSLv2 left OpenSSL in 1.1.0 (CPython defines OPENSSL_NO_SSL2 itself);
 * NPN is deprecated in OpenSSL 3 and CPython 3.10+ no longer offers it;
 * SNI, ALPN and ECDH are always there in OpenSSL 1.1.1+. */
#if defined(OPENSSL_NO_SSL3) || defined(OPENSSL_NO_SSL3_METHOD)
#define HAVE_SSL3 false
#else
#define HAVE_SSL3 true
#endif
#if defined(OPENSSL_NO_TLS1) || defined(OPENSSL_NO_TLS1_METHOD)
#define HAVE_TLS1 false
#else
#define HAVE_TLS1 true
#endif
#if defined(OPENSSL_NO_TLS1_1) || defined(OPENSSL_NO_TLS1_1_METHOD)
#define HAVE_TLS1_1 false
#else
#define HAVE_TLS1_1 true
#endif
#if defined(OPENSSL_NO_TLS1_2) || defined(OPENSSL_NO_TLS1_2_METHOD)
#define HAVE_TLS1_2 false
#else
#define HAVE_TLS1_2 true
#endif
#if defined(OPENSSL_NO_TLS1_3)
#define HAVE_TLS1_3 false
#else
#define HAVE_TLS1_3 true
#endif
#if defined(OPENSSL_NO_PSK)
#define HAVE_PSK false
#else
#define HAVE_PSK true
#endif
#if defined(OPENSSL_NO_ECDH)
#define HAVE_ECDH false
#else
#define HAVE_ECDH true
#endif
#if defined(X509_CHECK_FLAG_NEVER_CHECK_SUBJECT)
#define HAVE_NEVER_CHECK_SUBJECT true
#else
#define HAVE_NEVER_CHECK_SUBJECT false
#endif

static const struct {
    const char *name;
    bool value;
} features[CSSL_FEATURE_COUNT] = {
    [CSSL_HAS_ALPN] = {"HAS_ALPN", true},
    [CSSL_HAS_ECDH] = {"HAS_ECDH", HAVE_ECDH},
    [CSSL_HAS_NEVER_CHECK_COMMON_NAME] = {"HAS_NEVER_CHECK_COMMON_NAME", HAVE_NEVER_CHECK_SUBJECT},
    [CSSL_HAS_NPN] = {"HAS_NPN", false},
    [CSSL_HAS_SNI] = {"HAS_SNI", true},
    [CSSL_HAS_SSLv2] = {"HAS_SSLv2", false},
    [CSSL_HAS_SSLv3] = {"HAS_SSLv3", HAVE_SSL3},
    [CSSL_HAS_TLSv1] = {"HAS_TLSv1", HAVE_TLS1},
    [CSSL_HAS_TLSv1_1] = {"HAS_TLSv1_1", HAVE_TLS1_1},
    [CSSL_HAS_TLSv1_2] = {"HAS_TLSv1_2", HAVE_TLS1_2},
    [CSSL_HAS_TLSv1_3] = {"HAS_TLSv1_3", HAVE_TLS1_3},
    [CSSL_HAS_PSK] = {"HAS_PSK", HAVE_PSK},
};

static bool is_feature(cssl_feature feature)
{
    return (int)feature >= 0 && (int)feature < CSSL_FEATURE_COUNT;
}

CSSL_API bool cssl_has(cssl_feature feature)
{
    cssl__clear_error();
    return is_feature(feature) && features[feature].value;
}

CSSL_API const char *cssl_feature_name(cssl_feature feature)
{
    cssl__clear_error();
    return is_feature(feature) ? features[feature].name : NULL;
}

/* ssl.CHANNEL_BINDING_TYPES: the only binding _ssl.c implements. */
CSSL_API const char *const *cssl_channel_binding_types(void)
{
    static const char *const types[] = {"tls-unique", NULL};
    cssl__clear_error();
    return types;
}
