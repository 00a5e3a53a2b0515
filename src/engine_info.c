/*
 * engine_info.c - what a connection tells about itself, shared by
 * SSLSocket and SSLObject: getpeercert(), the chains, cipher(),
 * shared_ciphers(), version(), compression(), selected_alpn_protocol(),
 * get_channel_binding(), the session and context properties and
 * verify_client_post_handshake() (CPython's _ssl._SSLSocket methods).
 */
#include <limits.h>
#include <string.h>

#include <openssl/comp.h>
#include <openssl/err.h>

#include "tls_internal.h"

/* In case of 'tls-unique' it is 12 bytes for TLS; CPython's buffer size. */
#define CSSL_CB_MAXLEN 128

bool cssl__conn_handshake_finished(const cssl__conn *conn)
{
    return conn->ssl != NULL && SSL_is_init_finished(conn->ssl);
}

/* Python's {}: the dict of a certificate that was not verified. */
static cssl_cert_info *empty_cert(void)
{
    cssl__arena *arena = cssl__arena_new();
    cssl_cert_info *info = arena ? cssl__arena_alloc(arena, sizeof(*info)) : NULL;
    if (info == NULL) {
        cssl__arena_free(arena);
        return NULL;
    }
    info->owner = arena;
    return info;
}

/* _ssl__SSLSocket_getpeercert_impl(): None without a certificate, {} when
 * the context does not verify (whatever happened), the dict otherwise. */
cssl_err cssl__conn_getpeercert(const cssl__conn *conn, cssl_cert_info **cert)
{
    *cert = NULL;
    CSSL_ENSURE(cssl__conn_handshake_finished(conn), CSSL_E_VALUE, "handshake not done yet");
    X509 *peer = SSL_get1_peer_certificate(conn->ssl);
    if (peer == NULL) {
        return CSSL_OK;
    }
    int mode = SSL_CTX_get_verify_mode(SSL_get_SSL_CTX(conn->ssl));
    *cert = (mode & SSL_VERIFY_PEER) ? cssl__cert_info_from_x509(peer) : empty_cert();
    X509_free(peer);
    return *cert != NULL ? CSSL_OK : cssl_last_error()->code;
}

int cssl__conn_getpeercert_der(const cssl__conn *conn, unsigned char **der, size_t *der_len)
{
    *der = NULL;
    *der_len = 0;
    CSSL_ENSURE(cssl__conn_handshake_finished(conn), CSSL_E_VALUE, "handshake not done yet");
    X509 *peer = SSL_get1_peer_certificate(conn->ssl);
    if (peer == NULL) {
        return 0;
    }
    unsigned char *out = NULL;
    int len = i2d_X509(peer, &out);
    X509_free(peer);
    CSSL_GUARD_OSSL(len > 0, CSSL_E_SSL);
    *der = out; /* OPENSSL_malloc'd: cssl_free() releases it */
    *der_len = (size_t)len;
    return len;
}

/* get_verified_chain() / get_unverified_chain(): OpenSSL leaves the peer's
 * own certificate out of a server's unverified chain; Python puts it
 * first. */
cssl_store_list *cssl__conn_chain(const cssl__conn *conn, bool verified)
{
    STACK_OF(X509) *chain = NULL;
    if (conn->ssl != NULL) {
        chain = verified ? SSL_get0_verified_chain(conn->ssl) : SSL_get_peer_cert_chain(conn->ssl);
    }
    STACK_OF(X509) *copy = chain ? sk_X509_dup(chain) : sk_X509_new_null();
    X509 *peer = NULL;
    if (copy != NULL && chain != NULL && !verified && conn->server_side) {
        peer = SSL_get1_peer_certificate(conn->ssl);
        if (peer != NULL && sk_X509_unshift(copy, peer) <= 0) {
            sk_X509_free(copy);
            copy = NULL;
        }
    }
    cssl_store_list *list = copy ? cssl__der_list_from_certs(copy) : NULL;
    if (copy == NULL) {
        (void)cssl__raise_nomem();
    }
    sk_X509_free(copy);
    X509_free(peer);
    return list;
}

/* cipher_to_tuple() */
static void cipher_tuple(const SSL_CIPHER *c, cssl_cipher *out)
{
    *out = (cssl_cipher){
        .name = SSL_CIPHER_get_name(c),
        .protocol = SSL_CIPHER_get_version(c),
        .secret_bits = SSL_CIPHER_get_bits(c, NULL),
    };
}

bool cssl__conn_cipher(const cssl__conn *conn, cssl_cipher *out)
{
    const SSL_CIPHER *c = conn->ssl ? SSL_get_current_cipher(conn->ssl) : NULL;
    if (c == NULL) {
        return false;
    }
    cipher_tuple(c, out);
    return true;
}

/* _ssl__SSLSocket_shared_ciphers_impl(): the server's ciphers that the
 * client offered too, in the server's order; None on a client. */
cssl_cipher *cssl__conn_shared_ciphers(const cssl__conn *conn, size_t *count)
{
    *count = 0;
    STACK_OF(SSL_CIPHER) *server = conn->ssl ? SSL_get_ciphers(conn->ssl) : NULL;
    STACK_OF(SSL_CIPHER) *client = conn->ssl ? SSL_get_client_ciphers(conn->ssl) : NULL;
    if (server == NULL || client == NULL) {
        return NULL;
    }
    int n = sk_SSL_CIPHER_num(server);
    cssl_cipher *out = cssl__calloc((size_t)(n > 0 ? n : 1), sizeof(*out));
    if (out == NULL) {
        return NULL;
    }
    for (int i = 0; i < n; i++) {
        const SSL_CIPHER *c = sk_SSL_CIPHER_value(server, i);
        if (sk_SSL_CIPHER_find(client, c) >= 0) {
            cipher_tuple(c, &out[(*count)++]);
        }
    }
    return out;
}

const char *cssl__conn_version(const cssl__conn *conn)
{
    if (!cssl__conn_handshake_finished(conn)) {
        return NULL;
    }
    const char *v = SSL_get_version(conn->ssl);
    return strcmp(v, "unknown") == 0 ? NULL : v;
}

/* Python returns the compression method's short name; OpenSSL 3 builds
 * rarely have any, and Python contexts set OP_NO_COMPRESSION. */
const char *cssl__conn_compression(const cssl__conn *conn)
{
    const COMP_METHOD *m = conn->ssl ? SSL_get_current_compression(conn->ssl) : NULL;
    if (m == NULL || COMP_get_type(m) == NID_undef) {
        return NULL;
    }
    return OBJ_nid2sn(COMP_get_type(m));
}

const char *cssl__conn_alpn(const cssl__conn *conn)
{
    return conn->handshake_done && conn->has_alpn ? conn->alpn : NULL;
}

/* RFC 5929 tls-unique: the first Finished message of the handshake, ours
 * on a fresh client connection or a resumed server one, the peer's
 * otherwise (_ssl__SSLSocket_get_channel_binding_impl). */
int cssl__conn_channel_binding(const cssl__conn *conn, const char *cb_type, unsigned char *buf,
                               size_t size)
{
    CSSL_ENSURE(strcmp(cb_type, "tls-unique") == 0, CSSL_E_VALUE,
                "'%s' channel binding type not implemented", cb_type);
    unsigned char data[CSSL_CB_MAXLEN];
    size_t len;
    bool client = !conn->server_side;
    if ((SSL_session_reused(conn->ssl) != 0) != client) {
        len = SSL_get_finished(conn->ssl, data, sizeof(data));
    } else {
        len = SSL_get_peer_finished(conn->ssl, data, sizeof(data));
    }
    if (buf != NULL) {
        memcpy(buf, data, len < size ? len : size);
    }
    return (int)len;
}

/* PySSL_get_session(): None without a session, else a copy of it. */
cssl_session *cssl__conn_get_session(const cssl__conn *conn)
{
    SSL_SESSION *s = conn->ssl ? SSL_get0_session(conn->ssl) : NULL;
    if (s == NULL) {
        return NULL;
    }
    SSL_SESSION *copy = cssl__session_dup(s);
    return copy != NULL ? cssl__session_new(copy, conn->ctx) : NULL;
}

/* PySSL_set_session(), its checks in its order. */
cssl_err cssl__conn_set_session(cssl__conn *conn, cssl_session *session)
{
    CSSL_ENSURE(session != NULL, CSSL_E_TYPE, "Value is not a SSLSession.");
    CSSL_ENSURE(conn->ctx->ctx == session->ctx->ctx, CSSL_E_VALUE,
                "Session refers to a different SSLContext.");
    CSSL_ENSURE(!conn->server_side, CSSL_E_VALUE, "Cannot set session for server-side SSLSocket.");
    CSSL_ENSURE(!SSL_is_init_finished(conn->ssl), CSSL_E_VALUE,
                "Cannot set session after handshake.");
    CSSL_GUARD_OSSL(SSL_set_session(conn->ssl, session->session) == 1, CSSL_E_SSL);
    return CSSL_OK;
}

/* PySSL_set_context(): the connection's certificate and settings come
 * from ctx from now on (typically from an SNI callback). */
cssl_err cssl__conn_set_context(cssl__conn *conn, cssl_context *ctx)
{
    CSSL_GUARD_OSSL(SSL_set_SSL_CTX(conn->ssl, ctx->ctx) != NULL, CSSL_E_SSL);
    cssl_context_ref(ctx);
    cssl_context_free(conn->ctx);
    conn->ctx = ctx;
    return CSSL_OK;
}

cssl_err cssl__conn_verify_client_post_handshake(cssl__conn *conn)
{
    CSSL_GUARD_OSSL(SSL_verify_client_post_handshake(conn->ssl) == 1, CSSL_E_SSL);
    return CSSL_OK;
}
