/*
 * socket.c - cssl_socket: SSLSocket's life cycle (SSLContext.wrap_socket(),
 * close, free) and its properties (getpeercert(), cipher(), version(),
 * session, context, ...), as ssl.py's SSLSocket has them on top of
 * _ssl._SSLSocket.  The I/O methods are in socket_io.c, the network set-up
 * in socket_net.c.
 */
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "socket_internal.h"

/* ---- creation --------------------------------------------------------------- */

/* The checks SSLSocket._create() makes before it takes the socket over:
 * a stream socket, and the arguments Python refuses. */
static cssl_err precheck(const cssl_context *ctx, int fd, bool server_side,
                         const char *server_hostname, const cssl_session *session)
{
    int type = 0;
    socklen_t len = sizeof(type);
    if (getsockopt(fd, SOL_SOCKET, SO_TYPE, &type, &len) != 0) {
        return cssl__raise_errno(errno, NULL);
    }
    CSSL_ENSURE(type == SOCK_STREAM, CSSL_E_NOT_SUPPORTED, "only stream sockets are supported");
    return cssl__conn_check_socket_args(ctx, server_side, server_hostname, session);
}

/* An fd that is not connected (yet): Python makes sure nothing arrived on
 * it in clear, which could pass for data from the TLS connection. */
static cssl_err check_unconnected(int fd)
{
    static const char reason[] = "Closed before TLS handshake with data in recv buffer.";
    char c;
    ssize_t n = recv(fd, &c, 1, MSG_DONTWAIT);
    if (n < 0 && errno != ENOTCONN && errno != EINVAL && errno != EAGAIN) {
        return cssl__raise_errno(errno, NULL);
    }
    if (n > 0) {
        cssl__raise(CSSL_E_SSL, "%s", reason);
        cssl_error *e = cssl__error_slot();
        e->py_errno = ENOTCONN;
        e->reason = reason; /* Python sets .reason to the text */
        return CSSL_E_SSL;
    }
    return CSSL_OK;
}

static cssl_err is_connected(int fd, bool *connected)
{
    struct sockaddr_storage ss;
    socklen_t len = sizeof(ss);
    *connected = getpeername(fd, (struct sockaddr *)&ss, &len) == 0;
    if (!*connected && errno != ENOTCONN) {
        return cssl__raise_errno(errno, NULL);
    }
    return *connected ? CSSL_OK : check_unconnected(fd);
}

cssl_err cssl__socket_start_tls(cssl_socket *sock)
{
    BIO *bio = cssl__socket_bio(sock->fd);
    CSSL_GUARD_PTR(bio);
    CSSL_GUARD(cssl__conn_init(&sock->conn, sock->ctx, sock->server_side, sock->server_hostname,
                               sock->session, bio, bio, sock, false));
    BIO_set_nbio(bio, sock->timeout >= 0);
    return CSSL_OK;
}

/* The rest of SSLSocket._create(), once the socket is ours. */
static cssl_err take_over(cssl_socket *sock, const char *server_hostname)
{
    CSSL_GUARD(cssl__encode_hostname(server_hostname, &sock->server_hostname));
    CSSL_GUARD(is_connected(sock->fd, &sock->connected));
    if (!sock->connected) {
        return CSSL_OK;
    }
    CSSL_GUARD(cssl__socket_start_tls(sock));
    if (!sock->do_handshake_on_connect) {
        return CSSL_OK;
    }
    CSSL_ENSURE(sock->timeout != 0, CSSL_E_VALUE,
                "do_handshake_on_connect should not be specified for non-blocking sockets");
    return cssl__socket_handshake(sock);
}

static void destroy(cssl_socket *sock)
{
    cssl__conn_clear(&sock->conn);
    if (sock->fd >= 0) {
        close(sock->fd);
    }
    cssl_context_free(sock->ctx);
    cssl_session_free(sock->session);
    cssl_free(sock->server_hostname);
    cssl_free(sock);
}

cssl_socket *cssl__socket_create(cssl_context *ctx, int fd, bool server_side,
                                 bool do_handshake_on_connect, bool suppress_ragged_eofs,
                                 const char *server_hostname, cssl_session *session, double timeout)
{
    cssl_socket *sock = cssl__calloc(1, sizeof(*sock));
    cssl_session *copy = sock && session ? cssl__session_copy(session) : NULL;
    if (sock == NULL || (session != NULL && copy == NULL)) {
        cssl_free(sock);
        close(fd);
        return NULL;
    }
    *sock = (cssl_socket){
        .fd = fd,
        .timeout = timeout,
        .server_side = server_side,
        .do_handshake_on_connect = do_handshake_on_connect,
        .suppress_ragged_eofs = suppress_ragged_eofs,
        .ctx = cssl_context_ref(ctx),
        .session = copy,
    };
    if (take_over(sock, server_hostname) < 0) {
        destroy(sock);
        return NULL;
    }
    return sock;
}

/* The fd's own mode decides the starting timeout, as Python's socket(fileno=)
 * does: non-blocking is 0, blocking is None. */
CSSL_API cssl_socket *cssl_context_wrap_socket(cssl_context *ctx, int fd, bool server_side,
                                               bool do_handshake_on_connect,
                                               bool suppress_ragged_eofs,
                                               const char *server_hostname, cssl_session *session)
{
    cssl__clear_error();
    CSSL_ENSURE_ARG_NULL(ctx);
    CSSL_GUARD_NULL(precheck(ctx, fd, server_side, server_hostname, session));
    int flags = fcntl(fd, F_GETFL);
    if (flags < 0) {
        (void)cssl__raise_errno(errno, NULL);
        return NULL;
    }
    double timeout = (flags & O_NONBLOCK) ? 0.0 : -1.0;
    return cssl__socket_create(ctx, fd, server_side, do_handshake_on_connect, suppress_ragged_eofs,
                               server_hostname, session, timeout);
}

/* For sockets cssl made itself (connect, listen, accept): the same checks,
 * and the fd closed when they fail. */
cssl_socket *cssl__socket_wrap_own(cssl_context *ctx, int fd, bool server_side,
                                   bool do_handshake_on_connect, bool suppress_ragged_eofs,
                                   const char *server_hostname, double timeout)
{
    /* The fd's mode is set here: wrap_socket() reads it off the fd instead,
     * a system call less on every connection. */
    if (precheck(ctx, fd, server_side, server_hostname, NULL) < 0 ||
        cssl__fd_set_timeout_mode(fd, timeout) < 0) {
        close(fd);
        return NULL;
    }
    return cssl__socket_create(ctx, fd, server_side, do_handshake_on_connect, suppress_ragged_eofs,
                               server_hostname, NULL, timeout);
}

/* ---- closing ------------------------------------------------------------------ */

CSSL_API void cssl_socket_free(cssl_socket *sock)
{
    if (sock != NULL) {
        destroy(sock);
    }
}

/* SSLSocket.close(): the TLS object goes (no close_notify, as Python) and
 * the fd is closed; the methods then fail as Python's do. */
CSSL_API cssl_err cssl_socket_close(cssl_socket *sock)
{
    cssl__clear_error();
    CSSL_ENSURE_ARG(sock);
    cssl__conn_clear(&sock->conn);
    if (sock->fd >= 0) {
        close(sock->fd);
        sock->fd = -1;
    }
    sock->connected = false;
    return CSSL_OK;
}

CSSL_API int cssl_socket_fileno(const cssl_socket *sock)
{
    return sock != NULL ? sock->fd : -1;
}

/* ---- the peer's certificate -------------------------------------------------- */

/* SSLSocket.getpeercert(): _check_connected() first (OSError ENOTCONN, or
 * EBADF once closed). */
static cssl_err peer_ready(const cssl_socket *sock)
{
    if (sock->fd < 0) {
        return cssl__socket_ebadf();
    }
    struct sockaddr_storage ss;
    socklen_t len = sizeof(ss);
    if (!sock->connected && getpeername(sock->fd, (struct sockaddr *)&ss, &len) != 0) {
        return cssl__raise_errno(errno, NULL);
    }
    CSSL_ENSURE(sock->conn.ssl != NULL, CSSL_E_VALUE, "handshake not done yet");
    return CSSL_OK;
}

CSSL_API cssl_err cssl_socket_getpeercert(const cssl_socket *sock, cssl_cert_info **cert)
{
    cssl__clear_error();
    CSSL_ENSURE_ARG(cert);
    *cert = NULL;
    CSSL_ENSURE_ARG(sock);
    CSSL_GUARD(peer_ready(sock));
    return cssl__conn_getpeercert(&sock->conn, cert);
}

CSSL_API int cssl_socket_getpeercert_der(const cssl_socket *sock, unsigned char **der,
                                         size_t *der_len)
{
    cssl__clear_error();
    CSSL_ENSURE_ARG(der);
    CSSL_ENSURE_ARG(der_len);
    *der = NULL;
    *der_len = 0;
    CSSL_ENSURE_ARG(sock);
    CSSL_GUARD(peer_ready(sock));
    return cssl__conn_getpeercert_der(&sock->conn, der, der_len);
}

/* Without a TLS connection Python's chains are [] (ssl.py turns None into
 * []). */
CSSL_API cssl_store_list *cssl_socket_get_verified_chain(const cssl_socket *sock)
{
    cssl__clear_error();
    CSSL_ENSURE_ARG_NULL(sock);
    return cssl__conn_chain(&sock->conn, true);
}

CSSL_API cssl_store_list *cssl_socket_get_unverified_chain(const cssl_socket *sock)
{
    cssl__clear_error();
    CSSL_ENSURE_ARG_NULL(sock);
    return cssl__conn_chain(&sock->conn, false);
}

/* ---- what was negotiated ------------------------------------------------------ */

CSSL_API bool cssl_socket_cipher(const cssl_socket *sock, cssl_cipher *out)
{
    cssl__clear_error();
    return sock != NULL && out != NULL && cssl__conn_cipher(&sock->conn, out);
}

CSSL_API cssl_cipher *cssl_socket_shared_ciphers(const cssl_socket *sock, size_t *count)
{
    cssl__clear_error();
    CSSL_ENSURE_ARG_NULL(count);
    *count = 0;
    CSSL_ENSURE_ARG_NULL(sock);
    return cssl__conn_shared_ciphers(&sock->conn, count);
}

CSSL_API const char *cssl_socket_compression(const cssl_socket *sock)
{
    cssl__clear_error();
    return sock != NULL ? cssl__conn_compression(&sock->conn) : NULL;
}

CSSL_API const char *cssl_socket_version(const cssl_socket *sock)
{
    cssl__clear_error();
    return sock != NULL ? cssl__conn_version(&sock->conn) : NULL;
}

CSSL_API const char *cssl_socket_selected_alpn_protocol(const cssl_socket *sock)
{
    cssl__clear_error();
    return sock != NULL ? cssl__conn_alpn(&sock->conn) : NULL;
}

/* SSLSocket.get_channel_binding(): without a TLS connection ssl.py checks
 * the type itself (and words the error without quotes). */
CSSL_API int cssl_socket_get_channel_binding(const cssl_socket *sock, const char *cb_type,
                                             unsigned char *buf, size_t size)
{
    cssl__clear_error();
    CSSL_ENSURE_ARG(sock);
    const char *type = cb_type != NULL ? cb_type : "tls-unique";
    if (sock->conn.ssl == NULL) {
        CSSL_ENSURE(strcmp(type, "tls-unique") == 0, CSSL_E_VALUE,
                    "%s channel binding type not implemented", type);
        return 0;
    }
    return cssl__conn_channel_binding(&sock->conn, type, buf, size);
}

/* ---- session, context and the other properties ---------------------------------- */

CSSL_API cssl_session *cssl_socket_get_session(const cssl_socket *sock)
{
    cssl__clear_error();
    return sock != NULL ? cssl__conn_get_session(&sock->conn) : NULL;
}

/* ssl.py: the session is kept for a connection still to be made, and
 * given to the TLS connection when there is one. */
CSSL_API cssl_err cssl_socket_set_session(cssl_socket *sock, cssl_session *session)
{
    cssl__clear_error();
    CSSL_ENSURE_ARG(sock);
    cssl_session *copy = session ? cssl__session_copy(session) : NULL;
    CSSL_ENSURE(session == NULL || copy != NULL, CSSL_E_NOMEM, "%s", "");
    cssl_session_free(sock->session);
    sock->session = copy;
    return sock->conn.ssl != NULL ? cssl__conn_set_session(&sock->conn, session) : CSSL_OK;
}

/* SSLSocket.session_reused: -1 (None) without a TLS connection. */
CSSL_API int cssl_socket_session_reused(const cssl_socket *sock)
{
    cssl__clear_error();
    if (sock == NULL || sock->conn.ssl == NULL) {
        return -1;
    }
    return SSL_session_reused(sock->conn.ssl) ? 1 : 0;
}

CSSL_API bool cssl_socket_server_side(const cssl_socket *sock)
{
    return sock != NULL && sock->server_side;
}

CSSL_API const char *cssl_socket_server_hostname(const cssl_socket *sock)
{
    return sock != NULL ? sock->server_hostname : NULL;
}

CSSL_API cssl_context *cssl_socket_get_context(const cssl_socket *sock)
{
    return sock != NULL ? sock->ctx : NULL;
}

CSSL_API cssl_err cssl_socket_set_context(cssl_socket *sock, cssl_context *ctx)
{
    cssl__clear_error();
    CSSL_ENSURE_ARG(sock);
    CSSL_ENSURE_ARG(ctx);
    if (sock->conn.ssl != NULL) {
        CSSL_GUARD(cssl__conn_set_context(&sock->conn, ctx));
    }
    cssl_context_ref(ctx);
    cssl_context_free(sock->ctx);
    sock->ctx = ctx;
    return CSSL_OK;
}

/* `conn` of an SNI callback: both cssl_socket and cssl_object start with
 * their cssl__conn. */
CSSL_API bool cssl_conn_is_object(const void *conn)
{
    return conn != NULL && ((const cssl__conn *)conn)->is_object;
}
