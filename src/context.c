/*
 * context.c - cssl_context: SSLContext's construction and its settings.
 *
 * Every setter reproduces the validation of the matching property in
 * CPython's Modules/_ssl.c, so the same bad value gets the same error.
 */
#include <openssl/err.h>
#include <openssl/x509v3.h>

#include "tls_internal.h"

/* Python's _DEFAULT_CIPHERS (PY_SSL_DEFAULT_CIPHER_STRING, 3.10+). */
#define CSSL_DEFAULT_CIPHERS                                                                       \
    "@SECLEVEL=2:ECDH+AESGCM:ECDH+CHACHA20:ECDH+AES:DHE+AES:!aNULL:!eNULL:!aDSS:!SHA1:!AESCCM"

/* The session id context Python sets, so sessions resume across its and
 * our servers alike. */
#define CSSL_SID_CTX "Python"

static int context_ex_index = -1;
static CRYPTO_ONCE context_ex_once = CRYPTO_ONCE_STATIC_INIT;

static void make_ex_index(void)
{
    context_ex_index = SSL_CTX_get_ex_new_index(0, NULL, NULL, NULL, NULL);
}

int cssl__context_ex_index(void)
{
    CRYPTO_THREAD_run_once(&context_ex_once, make_ex_index);
    return context_ex_index;
}

/* The version-specific methods are deprecated in OpenSSL, and the matching
 * PROTOCOL_TLSv1* constants in Python; both still work, and cssl keeps them
 * for the same reason Python does: old peers. */
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wdeprecated-declarations"
static const SSL_METHOD *method_for(int protocol)
{
    switch (protocol) {
    case CSSL_PROTOCOL_TLS: return TLS_method();
    case CSSL_PROTOCOL_TLS_CLIENT: return TLS_client_method();
    case CSSL_PROTOCOL_TLS_SERVER: return TLS_server_method();
    case CSSL_PROTOCOL_TLSv1: return TLSv1_method();
    case CSSL_PROTOCOL_TLSv1_1: return TLSv1_1_method();
    case CSSL_PROTOCOL_TLSv1_2: return TLSv1_2_method();
    default: return NULL;
    }
}
#pragma GCC diagnostic pop

static bool is_version_flexible(int protocol)
{
    return protocol == CSSL_PROTOCOL_TLS || protocol == CSSL_PROTOCOL_TLS_CLIENT ||
           protocol == CSSL_PROTOCOL_TLS_SERVER;
}

/* _set_verify_mode() in _ssl.c: keeps the verify callback. */
static cssl_err apply_verify_mode(cssl_context *ctx, int mode)
{
    int ssl_mode;
    switch (mode) {
    case CSSL_CERT_NONE: ssl_mode = SSL_VERIFY_NONE; break;
    case CSSL_CERT_OPTIONAL: ssl_mode = SSL_VERIFY_PEER; break;
    case CSSL_CERT_REQUIRED: ssl_mode = SSL_VERIFY_PEER | SSL_VERIFY_FAIL_IF_NO_PEER_CERT; break;
    default: CSSL_BAIL(CSSL_E_VALUE, "invalid value for verify_mode");
    }
    SSL_CTX_set_verify(ctx->ctx, ssl_mode, SSL_CTX_get_verify_callback(ctx->ctx));
    return CSSL_OK;
}

/* The defaults of _ssl__SSLContext_impl(), in its order. */
static cssl_err apply_base_settings(cssl_context *ctx)
{
    bool client = ctx->protocol == CSSL_PROTOCOL_TLS_CLIENT;
    ctx->check_hostname = client;
    CSSL_GUARD(apply_verify_mode(ctx, client ? CSSL_CERT_REQUIRED : CSSL_CERT_NONE));

    uint64_t options = (SSL_OP_ALL & ~SSL_OP_DONT_INSERT_EMPTY_FRAGMENTS) | SSL_OP_NO_SSLv2 |
                       SSL_OP_NO_SSLv3 | SSL_OP_NO_COMPRESSION | SSL_OP_CIPHER_SERVER_PREFERENCE |
                       SSL_OP_SINGLE_DH_USE | SSL_OP_SINGLE_ECDH_USE;
    SSL_CTX_set_options(ctx->ctx, options);
    if (SSL_CTX_set_cipher_list(ctx->ctx, CSSL_DEFAULT_CIPHERS) != 1) {
        return cssl__raise_args1(CSSL_E_SSL, "No cipher can be selected.");
    }
    if (is_version_flexible(ctx->protocol)) {
        CSSL_GUARD_OSSL(SSL_CTX_set_min_proto_version(ctx->ctx, TLS1_2_VERSION) == 1, CSSL_E_SSL);
    }
    /* As Python: release idle buffers; this roughly halves the memory of an
     * idle connection. */
    SSL_CTX_set_mode(ctx->ctx, SSL_MODE_RELEASE_BUFFERS);
    SSL_CTX_set_session_id_context(ctx->ctx, (const unsigned char *)CSSL_SID_CTX,
                                   sizeof(CSSL_SID_CTX));
    X509_VERIFY_PARAM *param = SSL_CTX_get0_param(ctx->ctx);
    /* bpo-23476: better chains when cross-signed intermediates exist. */
    X509_VERIFY_PARAM_set_flags(param, X509_V_FLAG_TRUSTED_FIRST);
    ctx->host_flags = X509_CHECK_FLAG_NO_PARTIAL_WILDCARDS;
    X509_VERIFY_PARAM_set_hostflags(param, ctx->host_flags);
    SSL_CTX_set_post_handshake_auth(ctx->ctx, 0);
    return CSSL_OK;
}

static void context_destroy(cssl_context *ctx)
{
    SSL_CTX_free(ctx->ctx);
    BIO_free_all(ctx->keylog_bio);
    cssl_free(ctx->keylog_filename);
    cssl_free(ctx->alpn);
    cssl_free(ctx);
}

CSSL_API cssl_context *cssl_context_new(int protocol)
{
    cssl__clear_error();
    const SSL_METHOD *method = method_for(protocol);
    CSSL_ENSURE_NULL(method != NULL, CSSL_E_VALUE, "invalid or unsupported protocol version %d",
                     protocol);
    cssl_context *ctx = cssl__calloc(1, sizeof(*ctx));
    if (ctx == NULL) {
        return NULL;
    }
    atomic_init(&ctx->refs, 1);
    ctx->protocol = protocol;
    ctx->ctx = SSL_CTX_new(method);
    if (ctx->ctx == NULL) {
        cssl__raise_ossl(CSSL_E_SSL, NULL);
        goto fail;
    }
    SSL_CTX_set_ex_data(ctx->ctx, cssl__context_ex_index(), ctx);
    if (apply_base_settings(ctx) < 0) {
        goto fail;
    }
    /* OpenSSL gets over some failed allocations and says so only in its
     * queue: a context built while memory ran out is not trusted. */
    if (cssl__ossl_malloc_failed()) {
        cssl__raise_nomem();
        goto fail;
    }
    return ctx;
fail:
    context_destroy(ctx);
    return NULL;
}

CSSL_API cssl_context *cssl_context_ref(cssl_context *ctx)
{
    if (ctx != NULL) {
        atomic_fetch_add_explicit(&ctx->refs, 1, memory_order_relaxed);
    }
    return ctx;
}

CSSL_API void cssl_context_free(cssl_context *ctx)
{
    if (ctx != NULL && atomic_fetch_sub_explicit(&ctx->refs, 1, memory_order_acq_rel) == 1) {
        context_destroy(ctx);
    }
}

CSSL_API int cssl_context_get_protocol(const cssl_context *ctx)
{
    return ctx->protocol;
}

/* ---- verify_mode and check_hostname ----------------------------------- */

CSSL_API int cssl_context_get_verify_mode(const cssl_context *ctx)
{
    /* Python ignores SSL_VERIFY_CLIENT_ONCE and SSL_VERIFY_POST_HANDSHAKE. */
    int mode = SSL_CTX_get_verify_mode(ctx->ctx) &
               (SSL_VERIFY_PEER | SSL_VERIFY_FAIL_IF_NO_PEER_CERT);
    if (mode == (SSL_VERIFY_PEER | SSL_VERIFY_FAIL_IF_NO_PEER_CERT)) {
        return CSSL_CERT_REQUIRED;
    }
    return mode == SSL_VERIFY_PEER ? CSSL_CERT_OPTIONAL : CSSL_CERT_NONE;
}

CSSL_API cssl_err cssl_context_set_verify_mode(cssl_context *ctx, int mode)
{
    cssl__clear_error();
    CSSL_ENSURE_ARG(ctx);
    CSSL_ENSURE(!(mode == CSSL_CERT_NONE && ctx->check_hostname), CSSL_E_VALUE,
                "Cannot set verify_mode to CERT_NONE when check_hostname is enabled.");
    return apply_verify_mode(ctx, mode);
}

CSSL_API bool cssl_context_get_check_hostname(const cssl_context *ctx)
{
    return ctx->check_hostname;
}

/* Python 3.7+: check_hostname = True turns CERT_NONE into CERT_REQUIRED
 * (CERT_OPTIONAL is kept); False leaves verify_mode alone. */
CSSL_API cssl_err cssl_context_set_check_hostname(cssl_context *ctx, bool check)
{
    cssl__clear_error();
    CSSL_ENSURE_ARG(ctx);
    if (check && SSL_CTX_get_verify_mode(ctx->ctx) == SSL_VERIFY_NONE) {
        CSSL_GUARD(apply_verify_mode(ctx, CSSL_CERT_REQUIRED));
    }
    ctx->check_hostname = check;
    return CSSL_OK;
}

/* ---- verify_flags and options ----------------------------------------- */

CSSL_API unsigned long cssl_context_get_verify_flags(const cssl_context *ctx)
{
    return X509_VERIFY_PARAM_get_flags(SSL_CTX_get0_param(ctx->ctx));
}

CSSL_API cssl_err cssl_context_set_verify_flags(cssl_context *ctx, unsigned long flags)
{
    cssl__clear_error();
    CSSL_ENSURE_ARG(ctx);
    X509_VERIFY_PARAM *param = SSL_CTX_get0_param(ctx->ctx);
    unsigned long old = X509_VERIFY_PARAM_get_flags(param);
    unsigned long clear = old & ~flags;
    unsigned long set = ~old & flags;
    CSSL_GUARD_OSSL(clear == 0 || X509_VERIFY_PARAM_clear_flags(param, clear) == 1, CSSL_E_SSL);
    CSSL_GUARD_OSSL(set == 0 || X509_VERIFY_PARAM_set_flags(param, set) == 1, CSSL_E_SSL);
    return CSSL_OK;
}

CSSL_API uint64_t cssl_context_get_options(const cssl_context *ctx)
{
    return SSL_CTX_get_options(ctx->ctx);
}

CSSL_API cssl_err cssl_context_set_options(cssl_context *ctx, uint64_t options)
{
    cssl__clear_error();
    CSSL_ENSURE_ARG(ctx);
    uint64_t old = SSL_CTX_get_options(ctx->ctx);
    uint64_t clear = old & ~options;
    uint64_t set = ~old & options;
    if (clear != 0) {
        SSL_CTX_clear_options(ctx->ctx, clear);
    }
    if (set != 0) {
        SSL_CTX_set_options(ctx->ctx, set);
    }
    return CSSL_OK;
}

/* ---- minimum_version / maximum_version -------------------------------- */

static int version_from_ossl(int v, int when_zero)
{
    return v == 0 ? when_zero : v;
}

CSSL_API int cssl_context_get_minimum_version(const cssl_context *ctx)
{
    return version_from_ossl((int)SSL_CTX_get_min_proto_version(ctx->ctx),
                             CSSL_TLSVERSION_MINIMUM_SUPPORTED);
}

CSSL_API int cssl_context_get_maximum_version(const cssl_context *ctx)
{
    return version_from_ossl((int)SSL_CTX_get_max_proto_version(ctx->ctx),
                             CSSL_TLSVERSION_MAXIMUM_SUPPORTED);
}

static bool is_known_version(int v)
{
    switch (v) {
    case CSSL_TLSVERSION_MINIMUM_SUPPORTED:
    case CSSL_TLSVERSION_MAXIMUM_SUPPORTED:
    case CSSL_TLSVERSION_SSLv3:
    case CSSL_TLSVERSION_TLSv1:
    case CSSL_TLSVERSION_TLSv1_1:
    case CSSL_TLSVERSION_TLSv1_2:
    case CSSL_TLSVERSION_TLSv1_3: return true;
    default: return false;
    }
}

/* PY_PROTO_MINIMUM_AVAILABLE in _ssl.c: the lowest version this OpenSSL
 * was built with. */
#if defined(SSL3_VERSION) && !defined(OPENSSL_NO_SSL3)
#define CSSL_LOWEST_PROTOCOL SSL3_VERSION
#else
#define CSSL_LOWEST_PROTOCOL TLS1_VERSION
#endif

/* set_min_max_proto_version() in _ssl.c.  The magic values map to 0
 * (OpenSSL's "no limit") on their own side and to the lowest / highest
 * version OpenSSL knows on the other. */
static cssl_err set_version_limit(cssl_context *ctx, int v, bool is_max)
{
    cssl__clear_error();
    CSSL_ENSURE_ARG(ctx);
    CSSL_ENSURE(is_version_flexible(ctx->protocol), CSSL_E_VALUE,
                "The context's protocol doesn't support modification of highest and lowest "
                "version.");
    CSSL_ENSURE(is_known_version(v), CSSL_E_VALUE, "Unsupported TLS/SSL version 0x%x",
                (unsigned)v);
    int ossl_v = v;
    if (v == CSSL_TLSVERSION_MINIMUM_SUPPORTED) {
        ossl_v = is_max ? CSSL_LOWEST_PROTOCOL : 0;
    } else if (v == CSSL_TLSVERSION_MAXIMUM_SUPPORTED) {
        ossl_v = is_max ? 0 : TLS1_3_VERSION;
    }
    int ok = is_max ? SSL_CTX_set_max_proto_version(ctx->ctx, ossl_v)
                    : SSL_CTX_set_min_proto_version(ctx->ctx, ossl_v);
    CSSL_ENSURE(ok == 1, CSSL_E_VALUE, "Unsupported protocol version 0x%x", (unsigned)ossl_v);
    return CSSL_OK;
}

CSSL_API cssl_err cssl_context_set_minimum_version(cssl_context *ctx, int version)
{
    return set_version_limit(ctx, version, false);
}

CSSL_API cssl_err cssl_context_set_maximum_version(cssl_context *ctx, int version)
{
    return set_version_limit(ctx, version, true);
}

/* ---- smaller settings ---------------------------------------------------- */

CSSL_API bool cssl_context_get_hostname_checks_common_name(const cssl_context *ctx)
{
    return (ctx->host_flags & X509_CHECK_FLAG_NEVER_CHECK_SUBJECT) == 0;
}

CSSL_API cssl_err cssl_context_set_hostname_checks_common_name(cssl_context *ctx, bool check)
{
    cssl__clear_error();
    CSSL_ENSURE_ARG(ctx);
    if (check) {
        ctx->host_flags &= ~(unsigned)X509_CHECK_FLAG_NEVER_CHECK_SUBJECT;
    } else {
        ctx->host_flags |= X509_CHECK_FLAG_NEVER_CHECK_SUBJECT;
    }
    X509_VERIFY_PARAM_set_hostflags(SSL_CTX_get0_param(ctx->ctx), ctx->host_flags);
    return CSSL_OK;
}

CSSL_API int cssl_context_get_security_level(const cssl_context *ctx)
{
    return SSL_CTX_get_security_level(ctx->ctx);
}

CSSL_API long cssl_context_get_num_tickets(const cssl_context *ctx)
{
    return (long)SSL_CTX_get_num_tickets(ctx->ctx);
}

CSSL_API cssl_err cssl_context_set_num_tickets(cssl_context *ctx, long num)
{
    cssl__clear_error();
    CSSL_ENSURE_ARG(ctx);
    CSSL_ENSURE(num >= 0, CSSL_E_VALUE, "value must be non-negative");
    CSSL_ENSURE(ctx->protocol == CSSL_PROTOCOL_TLS_SERVER, CSSL_E_VALUE,
                "SSLContext is not a server context.");
    CSSL_ENSURE(SSL_CTX_set_num_tickets(ctx->ctx, (size_t)num) == 1, CSSL_E_TYPE,
                "failed to set num tickets.");
    return CSSL_OK;
}

CSSL_API bool cssl_context_get_post_handshake_auth(const cssl_context *ctx)
{
    return ctx->post_handshake_auth;
}

/* Only recorded here: each connection applies it (bpo-37428: the server
 * asks for SSL_VERIFY_POST_HANDSHAKE, the client advertises support). */
CSSL_API cssl_err cssl_context_set_post_handshake_auth(cssl_context *ctx, bool enable)
{
    cssl__clear_error();
    CSSL_ENSURE_ARG(ctx);
    ctx->post_handshake_auth = enable;
    return CSSL_OK;
}
