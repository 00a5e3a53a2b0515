/*
 * sni.c - SSLContext.sni_callback / set_servername_callback(): a server's
 * hook on the name a client asks for (RFC 6066 section 3), as CPython's
 * _servername_callback() runs it.
 */
#include <openssl/err.h>

#include "tls_internal.h"

/* OpenSSL calls this on the server once the ClientHello is in.  The
 * callback gets the cssl_socket (or cssl_object) that owns the connection,
 * the name as its A-label (NULL when the client sent none) and the
 * context; it may switch contexts, then answers CSSL_SNI_OK or the alert to
 * abort with. */
static int servername_callback(SSL *ssl, int *alert, void *arg)
{
    cssl_context *ctx = arg;
    cssl__conn *conn = SSL_get_app_data(ssl);
    if (ctx->sni_cb == NULL) {
        return SSL_TLSEXT_ERR_OK; /* removed while a handshake was running */
    }
    if (conn == NULL || conn->owner == NULL) {
        *alert = SSL_AD_INTERNAL_ERROR;
        return SSL_TLSEXT_ERR_ALERT_FATAL;
    }
    const char *name = SSL_get_servername(ssl, TLSEXT_NAMETYPE_host_name);
    int result = ctx->sni_cb(conn->owner, name, ctx, ctx->sni_arg);
    if (result == CSSL_SNI_OK) {
        return SSL_TLSEXT_ERR_OK;
    }
    *alert = result;
    return SSL_TLSEXT_ERR_ALERT_FATAL;
}

/* set_sni_callback() in _ssl.c: servers only; NULL removes the callback. */
CSSL_API cssl_err cssl_context_set_sni_callback(cssl_context *ctx, cssl_sni_callback cb, void *arg)
{
    cssl__clear_error();
    CSSL_ENSURE_ARG(ctx);
    CSSL_ENSURE(ctx->protocol != CSSL_PROTOCOL_TLS_CLIENT, CSSL_E_VALUE,
                "sni_callback cannot be set on TLS_CLIENT context");
    ctx->sni_cb = cb;
    ctx->sni_arg = arg;
    if (cb == NULL) {
        SSL_CTX_set_tlsext_servername_callback(ctx->ctx, NULL);
        return CSSL_OK;
    }
    SSL_CTX_set_tlsext_servername_callback(ctx->ctx, servername_callback);
    SSL_CTX_set_tlsext_servername_arg(ctx->ctx, ctx);
    return CSSL_OK;
}

/* ssl.py's set_servername_callback(): the older spelling of the same. */
CSSL_API cssl_err cssl_context_set_servername_callback(cssl_context *ctx, cssl_sni_callback cb,
                                                       void *arg)
{
    return cssl_context_set_sni_callback(ctx, cb, arg);
}
