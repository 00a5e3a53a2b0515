/*
 * server_cert.c - the module functions that make connections:
 * ssl.get_server_certificate() (Python 3.13) and the deprecated
 * ssl.wrap_socket() (Python 3.11; removed in 3.12).
 */
#include <stdlib.h>

#include "socket_internal.h"

/* ssl._create_unverified_context() (= _create_stdlib_context) for
 * Purpose.SERVER_AUTH, with the arguments get_server_certificate() gives. */
static cssl_err stdlib_setup(cssl_context *ctx, int cert_reqs, const char *cafile)
{
    CSSL_GUARD(cssl_context_set_check_hostname(ctx, false));
    CSSL_GUARD(cssl_context_set_verify_mode(ctx, cert_reqs));
    if (cafile != NULL && *cafile != '\0') {
        CSSL_GUARD(cssl_context_load_verify_locations(ctx, cafile, NULL, NULL, 0));
    } else if (cert_reqs != CSSL_CERT_NONE) {
        CSSL_GUARD(cssl_context_load_default_certs(ctx, CSSL_PURPOSE_SERVER_AUTH));
    }
    const char *keylog = getenv("SSLKEYLOGFILE");
    if (keylog != NULL && *keylog != '\0') {
        CSSL_GUARD(cssl_context_set_keylog_filename(ctx, keylog));
    }
    return CSSL_OK;
}

static cssl_context *stdlib_context(int protocol, int cert_reqs, const char *cafile)
{
    cssl_context *ctx = cssl_context_new(protocol);
    if (ctx != NULL && stdlib_setup(ctx, cert_reqs, cafile) < 0) {
        cssl_context_free(ctx);
        return NULL;
    }
    return ctx;
}

/* The handshake is done: the peer's certificate, DER to PEM. */
static char *peer_pem(cssl_socket *sock)
{
    unsigned char *der = NULL;
    size_t len = 0;
    if (cssl_socket_getpeercert_der(sock, &der, &len) < 0) {
        return NULL;
    }
    CSSL_ENSURE_NULL(der != NULL, CSSL_E_VALUE, "the server sent no certificate");
    char *pem = cssl_der_cert_to_pem_cert(der, len);
    cssl_free(der);
    return pem;
}

/* ssl.get_server_certificate(): CERT_REQUIRED only with ca_certs, the
 * host as server_hostname (SNI), and the socket closed again without a
 * TLS shutdown (the `with` blocks of ssl.py).  ssl_version 0 is Python's
 * default, PROTOCOL_TLS_CLIENT. */
CSSL_API char *cssl_get_server_certificate(const char *host, int port, int ssl_version,
                                           const char *ca_certs, double timeout)
{
    cssl__clear_error();
    CSSL_ENSURE_ARG_NULL(host);
    int protocol = ssl_version != 0 ? ssl_version : CSSL_PROTOCOL_TLS_CLIENT;
    int cert_reqs = ca_certs != NULL ? CSSL_CERT_REQUIRED : CSSL_CERT_NONE;
    cssl_context *ctx = stdlib_context(protocol, cert_reqs, ca_certs);
    if (ctx == NULL) {
        return NULL;
    }
    cssl_socket *sock = cssl_socket_connect(ctx, host, port, host, timeout);
    cssl_context_free(ctx);
    if (sock == NULL) {
        return NULL;
    }
    char *pem = peer_pem(sock);
    cssl_socket_free(sock);
    return pem;
}

/* ---- ssl.wrap_socket() (3.11) ------------------------------------------------- */

static cssl_err legacy_setup(cssl_context *ctx, const char *keyfile, const char *certfile,
                             int cert_reqs, const char *ca_certs, const char *ciphers)
{
    CSSL_GUARD(cssl_context_set_verify_mode(ctx, cert_reqs));
    if (ca_certs != NULL && *ca_certs != '\0') {
        CSSL_GUARD(cssl_context_load_verify_locations(ctx, ca_certs, NULL, NULL, 0));
    }
    if (certfile != NULL && *certfile != '\0') {
        CSSL_GUARD(cssl_context_load_cert_chain(ctx, certfile, keyfile, NULL));
    }
    if (ciphers != NULL && *ciphers != '\0') {
        CSSL_GUARD(cssl_context_set_ciphers(ctx, ciphers));
    }
    return CSSL_OK;
}

/* Deprecated since Python 3.7, removed in 3.12: an SSLContext(ssl_version)
 * with only what the arguments say; no host name checking and no SNI.
 * ssl_version 0 is Python's default, PROTOCOL_TLS. */
CSSL_API cssl_socket *cssl_wrap_socket(int fd, const char *keyfile, const char *certfile,
                                       bool server_side, int cert_reqs, int ssl_version,
                                       const char *ca_certs, bool do_handshake_on_connect,
                                       bool suppress_ragged_eofs, const char *ciphers)
{
    cssl__clear_error();
    bool has_cert = certfile != NULL && *certfile != '\0';
    CSSL_ENSURE_NULL(!server_side || has_cert, CSSL_E_VALUE,
                     "certfile must be specified for server-side operations");
    CSSL_ENSURE_NULL(has_cert || keyfile == NULL || *keyfile == '\0', CSSL_E_VALUE,
                     "certfile must be specified");
    cssl_context *ctx = cssl_context_new(ssl_version != 0 ? ssl_version : CSSL_PROTOCOL_TLS);
    if (ctx == NULL || legacy_setup(ctx, keyfile, certfile, cert_reqs, ca_certs, ciphers) < 0) {
        cssl_context_free(ctx);
        return NULL;
    }
    cssl_socket *sock = cssl_context_wrap_socket(ctx, fd, server_side, do_handshake_on_connect,
                                                 suppress_ragged_eofs, NULL, NULL);
    cssl_context_free(ctx);
    return sock;
}
