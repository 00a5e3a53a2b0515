/*
 * engine.c - the TLS engine: one connection (cssl__conn), whatever moves its
 * bytes.  The only code in cssl that calls SSL_do_handshake(),
 * SSL_read_ex(), SSL_write_ex() and SSL_shutdown(), and the one place that
 * turns their failures into a cssl_error (CPython's PySSL_SetError()).
 *
 * The drivers (socket_io.c for file descriptors, object.c for memory BIOs)
 * call one attempt at a time and wait on CSSL_E_WANT_READ / _WANT_WRITE.
 */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>

#include <openssl/err.h>
#include <openssl/x509v3.h>

#include "tls_internal.h"

/* Python's PY_SSL_ERROR_* numbers: the exception's errno (args[0]). */
enum {
    PY_SSL_ERROR_SSL = 1,
    PY_SSL_ERROR_WANT_READ = 2,
    PY_SSL_ERROR_WANT_WRITE = 3,
    PY_SSL_ERROR_WANT_X509_LOOKUP = 4,
    PY_SSL_ERROR_SYSCALL = 5,
    PY_SSL_ERROR_ZERO_RETURN = 6,
    PY_SSL_ERROR_WANT_CONNECT = 7,
    PY_SSL_ERROR_EOF = 8,
    PY_SSL_ERROR_INVALID_ERROR_CODE = 10
};

#define EOF_TEXT "EOF occurred in violation of protocol"

/* ---- argument checks ------------------------------------------------------ */

/* SSLSocket._create() in ssl.py, before the socket is taken over.  Python
 * tests truth, so an empty server_hostname counts as absent here. */
cssl_err cssl__conn_check_socket_args(const cssl_context *ctx, bool server_side,
                                      const char *server_hostname, const cssl_session *session)
{
    bool has_hostname = server_hostname != NULL && *server_hostname != '\0';
    if (server_side) {
        CSSL_ENSURE(!has_hostname, CSSL_E_VALUE,
                    "server_hostname can only be specified in client mode");
        CSSL_ENSURE(session == NULL, CSSL_E_VALUE, "session can only be specified in client mode");
    }
    CSSL_ENSURE(!ctx->check_hostname || has_hostname, CSSL_E_VALUE,
                "check_hostname requires server_hostname");
    return CSSL_OK;
}

/* newPySSLSocket(): a TLS_CLIENT context only makes clients and a
 * TLS_SERVER context only servers.  Raised as _setSSLError(text). */
static cssl_err check_side(const cssl_context *ctx, bool server_side)
{
    if (server_side && ctx->protocol == CSSL_PROTOCOL_TLS_CLIENT) {
        return cssl__raise_ossl(CSSL_E_SSL,
                                "Cannot create a server socket with a PROTOCOL_TLS_CLIENT context");
    }
    if (!server_side && ctx->protocol == CSSL_PROTOCOL_TLS_SERVER) {
        return cssl__raise_ossl(CSSL_E_SSL,
                                "Cannot create a client socket with a PROTOCOL_TLS_SERVER context");
    }
    return CSSL_OK;
}

/* ---- set-up ----------------------------------------------------------------- */

/* bpo-37428: OpenSSL does not ignore SSL_VERIFY_POST_HANDSHAKE, so a server
 * asks for it only together with SSL_VERIFY_PEER; a client just says it
 * supports post-handshake authentication. */
static void apply_post_handshake_auth(cssl__conn *conn)
{
    if (!conn->ctx->post_handshake_auth) {
        return;
    }
    if (!conn->server_side) {
        SSL_set_post_handshake_auth(conn->ssl, 1);
        return;
    }
    int mode = SSL_get_verify_mode(conn->ssl);
    if (mode & SSL_VERIFY_PEER) {
        SSL_set_verify(conn->ssl, mode | SSL_VERIFY_POST_HANDSHAKE,
                       SSL_get_verify_callback(conn->ssl));
    }
}

/* Host name or IP address verification, when the context checks names. */
static cssl_err set_verify_name(cssl__conn *conn, const char *name, ASN1_OCTET_STRING *ip)
{
    X509_VERIFY_PARAM *param = SSL_get0_param(conn->ssl);
    int ok = ip == NULL ? X509_VERIFY_PARAM_set1_host(param, name, strlen(name))
                        : X509_VERIFY_PARAM_set1_ip(param, ASN1_STRING_get0_data(ip),
                                                    (size_t)ASN1_STRING_length(ip));
    CSSL_GUARD_OSSL(ok == 1, CSSL_E_SSL);
    return CSSL_OK;
}

/* _ssl_configure_hostname(): SNI only for names that are no IP address
 * (RFC 6066 section 3), and the name to verify with check_hostname.  A
 * leading dot would turn on OpenSSL's "any subdomain" matching. */
static cssl_err configure_hostname(cssl__conn *conn, const char *name)
{
    CSSL_ENSURE(*name != '\0' && *name != '.', CSSL_E_VALUE,
                "server_hostname cannot be an empty string or start with a leading dot.");
    conn->server_hostname = cssl__strdup(name);
    CSSL_GUARD_PTR(conn->server_hostname);
    ASN1_OCTET_STRING *ip = a2i_IPADDRESS(name);
    if (ip == NULL) {
        cssl__ossl_clear();
    }
    cssl_err rc = CSSL_OK;
    if (ip == NULL && SSL_set_tlsext_host_name(conn->ssl, name) != 1) {
        rc = cssl__raise_ossl(CSSL_E_SSL, NULL);
    } else if (conn->ctx->check_hostname) {
        rc = set_verify_name(conn, name, ip);
    }
    ASN1_OCTET_STRING_free(ip);
    return rc;
}

static cssl_err new_ssl(cssl__conn *conn, BIO *rbio, BIO *wbio)
{
    conn->ssl = SSL_new(conn->ctx->ctx);
    if (conn->ssl == NULL) {
        BIO_free(rbio);
        if (wbio != rbio) {
            BIO_free(wbio);
        }
        return cssl__raise_ossl(CSSL_E_SSL, NULL);
    }
    SSL_set_bio(conn->ssl, rbio, wbio);
    SSL_set_app_data(conn->ssl, conn);
    SSL_set_mode(conn->ssl, SSL_MODE_ACCEPT_MOVING_WRITE_BUFFER | SSL_MODE_AUTO_RETRY);
    /* SSL_new() gets over some failed allocations and says so only in the
     * queue: a connection set up while memory ran out is not trusted (the
     * caller frees conn->ssl, and the BIOs with it). */
    if (cssl__ossl_malloc_failed()) {
        return cssl__raise_nomem();
    }
    return CSSL_OK;
}

static cssl_err setup(cssl__conn *conn, const char *server_hostname, cssl_session *session,
                      BIO *rbio, BIO *wbio)
{
    cssl_err rc = check_side(conn->ctx, conn->server_side);
    if (rc < 0) {
        BIO_free(rbio);
        if (wbio != rbio) {
            BIO_free(wbio);
        }
        return rc;
    }
    CSSL_GUARD(new_ssl(conn, rbio, wbio));
    apply_post_handshake_auth(conn);
    if (server_hostname != NULL) {
        CSSL_GUARD(configure_hostname(conn, server_hostname));
    }
    if (conn->server_side) {
        SSL_set_accept_state(conn->ssl);
    } else {
        SSL_set_connect_state(conn->ssl);
    }
    if (session != NULL) {
        CSSL_GUARD(cssl__conn_set_session(conn, session));
    }
    return CSSL_OK;
}

cssl_err cssl__conn_init(cssl__conn *conn, cssl_context *ctx, bool server_side,
                         const char *server_hostname, cssl_session *session, BIO *rbio, BIO *wbio,
                         void *owner, bool is_object)
{
    *conn = (cssl__conn){
        .ctx = cssl_context_ref(ctx),
        .owner = owner,
        .is_object = is_object,
        .server_side = server_side,
    };
    cssl__ossl_clear();
    cssl_err rc = setup(conn, server_hostname, session, rbio, wbio);
    if (rc < 0) {
        cssl__conn_clear(conn);
    }
    return rc;
}

void cssl__conn_clear(cssl__conn *conn)
{
    SSL_free(conn->ssl);
    cssl_context_free(conn->ctx);
    cssl_free(conn->server_hostname);
    *conn = (cssl__conn){0};
}

/* ---- the four operations ------------------------------------------------------ */

/* Once the handshake is over (do_handshake(), or implicitly in read() or
 * write()), note it and keep a NUL-terminated copy of the ALPN choice. */
static void note_handshake(cssl__conn *conn)
{
    if (conn->handshake_done || !SSL_is_init_finished(conn->ssl)) {
        return;
    }
    conn->handshake_done = true;
    const unsigned char *proto = NULL;
    unsigned int len = 0;
    SSL_get0_alpn_selected(conn->ssl, &proto, &len);
    conn->has_alpn = proto != NULL;
    if (proto != NULL) {
        memcpy(conn->alpn, proto, len < sizeof(conn->alpn) ? len : sizeof(conn->alpn) - 1);
    }
}

/* _PySSL_errno(): errno first, before anything can change it. */
static void save_error(cssl__conn *conn, int ret)
{
    conn->last_errno = errno;
    conn->last_ssl_error = SSL_get_error(conn->ssl, ret);
}

int cssl__conn_handshake(cssl__conn *conn)
{
    int ret = SSL_do_handshake(conn->ssl);
    if (ret != 1) {
        save_error(conn, ret);
    }
    note_handshake(conn);
    if (ret == 1) {
        return 0;
    }
    return cssl__conn_error(conn, ret);
}

/* SSL_MODE_RELEASE_BUFFERS (set by every context, as Python sets it)
 * should leave an idle connection without its 16 KiB read buffer, but
 * OpenSSL 3.0.19 keeps it in a TLS 1.3 client after the first read (the
 * one that also takes in the server's NewSessionTickets): measured, 36.1
 * KiB of heap per idle client connection, 19.9 KiB once freed here.
 * SSL_free_buffers() frees only buffers that hold no data, and the next
 * read allocates again, which is what the mode means. */
static void release_idle_buffers(cssl__conn *conn)
{
    if ((SSL_get_mode(conn->ssl) & SSL_MODE_RELEASE_BUFFERS) != 0 && SSL_pending(conn->ssl) == 0) {
        (void)SSL_free_buffers(conn->ssl);
    }
}

int cssl__conn_read(cssl__conn *conn, void *buf, size_t len)
{
    size_t count = 0;
    int ok = SSL_read_ex(conn->ssl, buf, len < INT_MAX ? len : INT_MAX, &count);
    if (ok != 1) {
        save_error(conn, 0);
    }
    note_handshake(conn);
    if (ok == 1) {
        release_idle_buffers(conn);
        return (int)count;
    }
    /* _ssl__SSLSocket_read_impl(): after the peer's close_notify (and
     * before we sent ours) reading gives b'', again and again. */
    if (conn->last_ssl_error == SSL_ERROR_ZERO_RETURN &&
        SSL_get_shutdown(conn->ssl) == SSL_RECEIVED_SHUTDOWN) {
        cssl__ossl_clear();
        return 0;
    }
    return cssl__conn_error(conn, 0);
}

int cssl__conn_write(cssl__conn *conn, const void *buf, size_t len)
{
    /* Python refuses more than INT_MAX bytes (OverflowError). */
    CSSL_ENSURE(len <= INT_MAX, CSSL_E_VALUE, "string longer than %d bytes", INT_MAX);
    size_t count = 0;
    int ok = SSL_write_ex(conn->ssl, buf, len, &count);
    if (ok != 1) {
        save_error(conn, 0);
    }
    note_handshake(conn);
    if (ok == 1) {
        return (int)count;
    }
    return cssl__conn_error(conn, 0);
}

int cssl__conn_shutdown(cssl__conn *conn)
{
    /* _ssl__SSLSocket_shutdown_impl(): no read-ahead once our close_notify
     * is out, so that data sent in clear after the TLS shutdown (unwrap())
     * stays in the socket for the caller. */
    if (conn->shutdown_seen_zero) {
        SSL_set_read_ahead(conn->ssl, 0);
    }
    int ret = SSL_shutdown(conn->ssl);
    if (ret > 0) {
        return 1;
    }
    if (ret == 0) {
        conn->shutdown_seen_zero = true;
        return 0;
    }
    save_error(conn, ret);
    return cssl__conn_error(conn, ret);
}

/* ---- PySSL_SetError --------------------------------------------------------- */

/* fill_and_set_sslerror() for a connection: verify_code / verify_message
 * are read only for SSLCertVerificationError. */
static cssl_err raise_conn(cssl__conn *conn, cssl_err code, int py_errno, unsigned long e,
                           const char *errstr)
{
    if (code != CSSL_E_CERT_VERIFICATION) {
        return cssl__raise_ssl(code, (unsigned long)py_errno, e, errstr, NULL);
    }
    long verify_code = SSL_get_verify_result(conn->ssl);
    const char *name = conn->server_hostname ? conn->server_hostname : "None";
    char text[600];
    if (verify_code == X509_V_ERR_HOSTNAME_MISMATCH) {
        snprintf(text, sizeof(text), "Hostname mismatch, certificate is not valid for '%s'.", name);
    } else if (verify_code == X509_V_ERR_IP_ADDRESS_MISMATCH) {
        snprintf(text, sizeof(text), "IP address mismatch, certificate is not valid for '%s'.",
                 name);
    } else {
        snprintf(text, sizeof(text), "%s", X509_verify_cert_error_string(verify_code));
    }
    cssl__raise_ssl(code, (unsigned long)py_errno, e, errstr, text);
    cssl__set_verify(verify_code, text);
    return code;
}

/* An error OpenSSL reports from the system (ERR_LIB_SYS): an OSError. */
static bool is_sys_error(unsigned long e)
{
    return e != 0 && ERR_GET_LIB(e) == ERR_LIB_SYS;
}

/* SSL_ERROR_SYSCALL: an EOF the protocol did not expect, or the errno of
 * the failed I/O call. */
static cssl_err syscall_error(cssl__conn *conn, int ret, unsigned long e)
{
    if (is_sys_error(e)) {
        return cssl__raise_errno(ERR_GET_REASON(e), NULL);
    }
    if (e != 0) {
        return raise_conn(conn, CSSL_E_SSL, PY_SSL_ERROR_SYSCALL, e, NULL);
    }
    /* The errno of the failed read or write, whatever the call returned:
     * SSL_read_ex() reports a reset connection with 0, as it reports an
     * EOF (Python 3.13 raises ConnectionResetError there too).  The socket
     * BIO clears errno before each call; a memory BIO has none. */
    if (!conn->is_object && conn->last_errno != 0) {
        return cssl__raise_errno(conn->last_errno, NULL);
    }
    if (ret == 0 || ret == -1 || conn->is_object) {
        return raise_conn(conn, CSSL_E_EOF, PY_SSL_ERROR_EOF, e, EOF_TEXT);
    }
    return raise_conn(conn, CSSL_E_SYSCALL, PY_SSL_ERROR_SYSCALL, e, "Some I/O error occurred");
}

static bool is_ssl_reason(unsigned long e, int reason)
{
    return ERR_GET_LIB(e) == ERR_LIB_SSL && ERR_GET_REASON(e) == reason;
}

/* SSL_ERROR_SSL: a protocol failure.  OpenSSL 3 reports a transport EOF
 * as SSL_R_UNEXPECTED_EOF_WHILE_READING, which Python turns back into
 * SSLEOFError (keeping library and reason). */
static cssl_err ssl_error(cssl__conn *conn, unsigned long e)
{
    if (is_sys_error(e)) {
        return cssl__raise_errno(ERR_GET_REASON(e), NULL);
    }
    if (is_ssl_reason(e, SSL_R_UNEXPECTED_EOF_WHILE_READING)) {
        return raise_conn(conn, CSSL_E_EOF, PY_SSL_ERROR_EOF, e, EOF_TEXT);
    }
    cssl_err code =
        is_ssl_reason(e, SSL_R_CERTIFICATE_VERIFY_FAILED) ? CSSL_E_CERT_VERIFICATION : CSSL_E_SSL;
    return raise_conn(conn, code, PY_SSL_ERROR_SSL, e,
                      e == 0 ? "A failure in the SSL library occurred" : NULL);
}

cssl_err cssl__conn_error(cssl__conn *conn, int ret)
{
    unsigned long e = ERR_peek_last_error();
    switch (conn->last_ssl_error) {
    case SSL_ERROR_ZERO_RETURN:
        return raise_conn(conn, CSSL_E_ZERO_RETURN, PY_SSL_ERROR_ZERO_RETURN, e,
                          "TLS/SSL connection has been closed (EOF)");
    case SSL_ERROR_WANT_READ:
        return raise_conn(conn, CSSL_E_WANT_READ, PY_SSL_ERROR_WANT_READ, e,
                          "The operation did not complete (read)");
    case SSL_ERROR_WANT_WRITE:
        return raise_conn(conn, CSSL_E_WANT_WRITE, PY_SSL_ERROR_WANT_WRITE, e,
                          "The operation did not complete (write)");
    case SSL_ERROR_WANT_X509_LOOKUP:
        return raise_conn(conn, CSSL_E_SSL, PY_SSL_ERROR_WANT_X509_LOOKUP, e,
                          "The operation did not complete (X509 lookup)");
    case SSL_ERROR_WANT_CONNECT:
        return raise_conn(conn, CSSL_E_SSL, PY_SSL_ERROR_WANT_CONNECT, e,
                          "The operation did not complete (connect)");
    case SSL_ERROR_SYSCALL:
        return syscall_error(conn, ret, e);
    case SSL_ERROR_SSL:
        return ssl_error(conn, e);
    default:
        return raise_conn(conn, CSSL_E_SSL, PY_SSL_ERROR_INVALID_ERROR_CODE, e,
                          "Invalid error code");
    }
}
