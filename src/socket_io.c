/*
 * socket_io.c - the socket driver around the engine: timeouts, poll() and
 * the I/O methods of SSLSocket (do_handshake, read/recv/recv_into,
 * write/send/sendall, pending, unwrap) as ssl.py and _ssl.c have them.
 *
 * Timeouts work as Python's: timeout < 0 blocks; 0 is non-blocking (the
 * engine's CSSL_E_WANT_READ / _WANT_WRITE reach the caller); > 0 keeps the
 * fd non-blocking and waits with poll() against one deadline per
 * operation, failing with CSSL_E_TIMEOUT ("The read operation timed out",
 * ...).  The connection stays usable after a timeout.  EINTR is retried.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <sys/socket.h>
#include <time.h>

#include <openssl/err.h>

#include "socket_internal.h"

#ifndef MSG_NOSIGNAL
#define MSG_NOSIGNAL 0 /* SO_NOSIGPIPE is set on such systems (socket_net.c) */
#endif

#define PY_SSL_ERROR_EOF 8

/* ---- waiting --------------------------------------------------------------- */

double cssl__monotonic(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Milliseconds left before deadline, rounded up as Python's
 * _PyTime_ROUND_CEILING; -1 when already past. */
static int ms_left(double deadline)
{
    double left = (deadline - cssl__monotonic()) * 1000.0;
    if (left <= 0) {
        return -1;
    }
    if (left >= (double)INT_MAX) {
        return INT_MAX;
    }
    int ms = (int)left;
    return (double)ms < left ? ms + 1 : ms;
}

/* PySSL_select() with PEP 475's retry on EINTR. */
cssl_err cssl__fd_wait(int fd, bool writing, double timeout, double deadline,
                       const char *timeout_msg)
{
    struct pollfd p = {.fd = fd, .events = writing ? POLLOUT : POLLIN};
    for (;;) {
        int ms = timeout < 0 ? -1 : ms_left(deadline);
        if (timeout >= 0 && ms < 0) {
            return cssl__raise(CSSL_E_TIMEOUT, "%s", timeout_msg);
        }
        int rc = poll(&p, 1, ms);
        if (rc > 0) {
            return CSSL_OK;
        }
        if (rc == 0) {
            return cssl__raise(CSSL_E_TIMEOUT, "%s", timeout_msg);
        }
        if (errno != EINTR) {
            return cssl__raise_errno(errno, NULL);
        }
    }
}

cssl_err cssl__fd_set_timeout_mode(int fd, double timeout)
{
    int flags = fcntl(fd, F_GETFL);
    if (flags < 0) {
        return cssl__raise_errno(errno, NULL);
    }
    int want = timeout >= 0 ? (flags | O_NONBLOCK) : (flags & ~O_NONBLOCK);
    if (want != flags && fcntl(fd, F_SETFL, want) < 0) {
        return cssl__raise_errno(errno, NULL);
    }
    return CSSL_OK;
}

/* ---- the driver ---------------------------------------------------------------- */

static const char *timeout_text(cssl__op op, bool want_write)
{
    switch (op) {
    case CSSL__OP_HANDSHAKE:
        return "The handshake operation timed out";
    case CSSL__OP_READ:
        return "The read operation timed out";
    case CSSL__OP_WRITE:
        return "The write operation timed out";
    default:
        return want_write ? "The write operation timed out" : "The read operation timed out";
    }
}

static int attempt(cssl_socket *sock, cssl__op op, void *buf, size_t len)
{
    switch (op) {
    case CSSL__OP_HANDSHAKE:
        return cssl__conn_handshake(&sock->conn);
    case CSSL__OP_READ:
        return cssl__conn_read(&sock->conn, buf, len);
    case CSSL__OP_WRITE:
        return cssl__conn_write(&sock->conn, buf, len);
    default:
        return cssl__conn_shutdown(&sock->conn);
    }
}

/* Wait for what the engine wants, unless the socket is non-blocking. */
static int wait_for(cssl_socket *sock, int rc, cssl__op op, double deadline)
{
    bool want_write = rc == CSSL_E_WANT_WRITE;
    if ((rc != CSSL_E_WANT_READ && !want_write) || sock->timeout == 0) {
        return rc;
    }
    return cssl__fd_wait(sock->fd, want_write, sock->timeout, deadline,
                         timeout_text(op, want_write));
}

/* The loop of _ssl.c's do_handshake(), read() and write(): one deadline
 * for the whole operation.  write() first waits for the socket to be
 * writable, as _ssl.c does. */
static int drive(cssl_socket *sock, cssl__op op, void *buf, size_t len)
{
    double deadline = sock->timeout > 0 ? cssl__monotonic() + sock->timeout : 0;
    if (op == CSSL__OP_WRITE && sock->timeout > 0) {
        CSSL_GUARD(cssl__fd_wait(sock->fd, true, sock->timeout, deadline, timeout_text(op, true)));
    }
    for (;;) {
        int rc = attempt(sock, op, buf, len);
        if (rc >= 0) {
            return rc;
        }
        CSSL_GUARD(wait_for(sock, rc, op, deadline));
    }
}

/* _ssl__SSLSocket_shutdown_impl(): SSL_shutdown() until both close_notify
 * alerts are through; a second 0 ends it too (legacy behaviour Python
 * keeps). */
static cssl_err shutdown_loop(cssl_socket *sock)
{
    double deadline = sock->timeout > 0 ? cssl__monotonic() + sock->timeout : 0;
    int zeros = 0;
    for (;;) {
        int rc = cssl__conn_shutdown(&sock->conn);
        if (rc == 1 || (rc == 0 && ++zeros > 1)) {
            return CSSL_OK;
        }
        if (rc < 0) {
            CSSL_GUARD(wait_for(sock, rc, CSSL__OP_SHUTDOWN, deadline));
        }
    }
}

/* ---- state checks ----------------------------------------------------------------- */

cssl_err cssl__socket_ebadf(void)
{
    return cssl__raise_errno(EBADF, NULL);
}

/* ValueError("No SSL wrapper around " + str(self)); cssl shows a shorter
 * repr than Python's (no family, type or addresses). */
static cssl_err raise_no_wrapper(const cssl_socket *sock)
{
    if (sock->fd < 0) {
        return cssl__raise(CSSL_E_VALUE, "No SSL wrapper around <ssl.SSLSocket [closed] fd=-1>");
    }
    return cssl__raise(CSSL_E_VALUE, "No SSL wrapper around <ssl.SSLSocket fd=%d>", sock->fd);
}

/* SSLSocket._check_connected(): getpeername() tells. */
static cssl_err check_connected(const cssl_socket *sock)
{
    if (sock->fd < 0) {
        return cssl__socket_ebadf();
    }
    struct sockaddr_storage ss;
    socklen_t len = sizeof(ss);
    if (!sock->connected && getpeername(sock->fd, (struct sockaddr *)&ss, &len) != 0) {
        return cssl__raise_errno(errno, NULL);
    }
    return CSSL_OK;
}

/* ---- handshake ------------------------------------------------------------------------ */

cssl_err cssl__socket_handshake(cssl_socket *sock)
{
    CSSL_GUARD(check_connected(sock));
    if (sock->conn.ssl == NULL) {
        return raise_no_wrapper(sock);
    }
    return drive(sock, CSSL__OP_HANDSHAKE, NULL, 0);
}

CSSL_API cssl_err cssl_socket_do_handshake(cssl_socket *sock)
{
    cssl__clear_error();
    CSSL_ENSURE_ARG(sock);
    return cssl__socket_handshake(sock);
}

/* ---- reading ----------------------------------------------------------------------------- */

/* SSLSocket.read(): a ragged EOF (SSLError with errno SSL_ERROR_EOF) reads
 * as 0 bytes when suppress_ragged_eofs is set. */
static int socket_read(cssl_socket *sock, void *buf, size_t len)
{
    CSSL_ENSURE(sock->conn.ssl != NULL, CSSL_E_VALUE, "Read on closed or unwrapped SSL socket.");
    if (len == 0) {
        return 0;
    }
    int rc = drive(sock, CSSL__OP_READ, buf, len);
    if (rc == CSSL_E_EOF && cssl_last_error()->py_errno == PY_SSL_ERROR_EOF &&
        sock->suppress_ragged_eofs) {
        cssl__clear_error();
        return 0;
    }
    return rc;
}

/* socket.recv() on a socket without TLS (never connected): what the
 * system says. */
static int plain_recv(cssl_socket *sock, void *buf, size_t len, int flags)
{
    if (sock->fd < 0) {
        return cssl__socket_ebadf();
    }
    ssize_t n = recv(sock->fd, buf, len < INT_MAX ? len : INT_MAX, flags);
    return n >= 0 ? (int)n : cssl__raise_errno(errno, NULL);
}

CSSL_API int cssl_socket_read(cssl_socket *sock, void *buf, size_t len)
{
    cssl__clear_error();
    CSSL_ENSURE_ARG(sock);
    CSSL_ENSURE(buf != NULL || len == 0, CSSL_E_VALUE, "buf must not be NULL");
    return socket_read(sock, buf, len);
}

static int recv_common(cssl_socket *sock, void *buf, size_t len, int flags, const char *method)
{
    cssl__clear_error();
    CSSL_ENSURE_ARG(sock);
    CSSL_ENSURE(buf != NULL || len == 0, CSSL_E_VALUE, "buf must not be NULL");
    if (sock->conn.ssl == NULL) {
        return plain_recv(sock, buf, len, flags);
    }
    CSSL_ENSURE(flags == 0, CSSL_E_VALUE,
                "non-zero flags not allowed in calls to %s() on <class 'ssl.SSLSocket'>", method);
    return socket_read(sock, buf, len);
}

CSSL_API int cssl_socket_recv(cssl_socket *sock, void *buf, size_t len, int flags)
{
    return recv_common(sock, buf, len, flags, "recv");
}

CSSL_API int cssl_socket_recv_into(cssl_socket *sock, void *buf, size_t len, int flags)
{
    return recv_common(sock, buf, len, flags, "recv_into");
}

CSSL_API int cssl_socket_pending(const cssl_socket *sock)
{
    cssl__clear_error();
    return sock != NULL && sock->conn.ssl != NULL ? SSL_pending(sock->conn.ssl) : 0;
}

/* ---- writing ------------------------------------------------------------------------------ */

/* After CSSL_E_WANT_WRITE on a non-blocking socket, call again with the
 * same bytes: SSL_MODE_ACCEPT_MOVING_WRITE_BUFFER lets them move, but
 * OpenSSL has kept part of them. */
static int socket_write(cssl_socket *sock, const void *buf, size_t len)
{
    CSSL_ENSURE(sock->conn.ssl != NULL, CSSL_E_VALUE, "Write on closed or unwrapped SSL socket.");
    return drive(sock, CSSL__OP_WRITE, (void *)buf, len);
}

static int plain_send(cssl_socket *sock, const void *buf, size_t len, int flags)
{
    if (sock->fd < 0) {
        return cssl__socket_ebadf();
    }
    ssize_t n = send(sock->fd, buf, len < INT_MAX ? len : INT_MAX, flags | MSG_NOSIGNAL);
    return n >= 0 ? (int)n : cssl__raise_errno(errno, NULL);
}

CSSL_API int cssl_socket_write(cssl_socket *sock, const void *buf, size_t len)
{
    cssl__clear_error();
    CSSL_ENSURE_ARG(sock);
    CSSL_ENSURE(buf != NULL || len == 0, CSSL_E_VALUE, "buf must not be NULL");
    return socket_write(sock, buf, len);
}

CSSL_API int cssl_socket_send(cssl_socket *sock, const void *buf, size_t len, int flags)
{
    cssl__clear_error();
    CSSL_ENSURE_ARG(sock);
    CSSL_ENSURE(buf != NULL || len == 0, CSSL_E_VALUE, "buf must not be NULL");
    if (sock->conn.ssl == NULL) {
        return plain_send(sock, buf, len, flags);
    }
    CSSL_ENSURE(flags == 0, CSSL_E_VALUE,
                "non-zero flags not allowed in calls to send() on <class 'ssl.SSLSocket'>");
    return socket_write(sock, buf, len);
}

CSSL_API cssl_err cssl_socket_sendall(cssl_socket *sock, const void *buf, size_t len, int flags)
{
    cssl__clear_error();
    CSSL_ENSURE_ARG(sock);
    CSSL_ENSURE(buf != NULL || len == 0, CSSL_E_VALUE, "buf must not be NULL");
    bool tls = sock->conn.ssl != NULL;
    CSSL_ENSURE(!tls || flags == 0, CSSL_E_VALUE,
                "non-zero flags not allowed in calls to sendall() on <class 'ssl.SSLSocket'>");
    const unsigned char *p = buf;
    for (size_t done = 0; done < len;) {
        size_t chunk = len - done < INT_MAX ? len - done : INT_MAX;
        int n =
            tls ? socket_write(sock, p + done, chunk) : plain_send(sock, p + done, chunk, flags);
        CSSL_GUARD(n);
        done += (size_t)n;
    }
    return CSSL_OK;
}

/* ---- timeouts ---------------------------------------------------------------------------- */

/* socket.settimeout(): any negative value is Python's None. */
CSSL_API cssl_err cssl_socket_settimeout(cssl_socket *sock, double timeout)
{
    cssl__clear_error();
    CSSL_ENSURE_ARG(sock);
    CSSL_ENSURE(timeout == timeout, CSSL_E_VALUE, "Invalid value NaN (not a number)");
    if (sock->fd < 0) {
        return cssl__socket_ebadf();
    }
    CSSL_GUARD(cssl__fd_set_timeout_mode(sock->fd, timeout));
    sock->timeout = timeout < 0 ? -1.0 : timeout;
    if (sock->conn.ssl != NULL) {
        /* As _ssl.c before each operation. */
        BIO_set_nbio(SSL_get_rbio(sock->conn.ssl), timeout >= 0);
    }
    return CSSL_OK;
}

CSSL_API double cssl_socket_gettimeout(const cssl_socket *sock)
{
    return sock != NULL ? sock->timeout : -1.0;
}

CSSL_API cssl_err cssl_socket_setblocking(cssl_socket *sock, bool blocking)
{
    return cssl_socket_settimeout(sock, blocking ? -1.0 : 0.0);
}

/* ---- unwrap and post-handshake authentication --------------------------------------------- */

/* SSLSocket.unwrap(): the TLS shutdown, then the fd is the caller's
 * (non-blocking when the socket had a timeout, as Python leaves it). */
CSSL_API int cssl_socket_unwrap(cssl_socket *sock)
{
    cssl__clear_error();
    CSSL_ENSURE_ARG(sock);
    if (sock->conn.ssl == NULL) {
        return raise_no_wrapper(sock);
    }
    CSSL_GUARD(shutdown_loop(sock));
    int fd = sock->fd;
    sock->fd = -1;
    cssl__conn_clear(&sock->conn);
    return fd;
}

CSSL_API cssl_err cssl_socket_verify_client_post_handshake(cssl_socket *sock)
{
    cssl__clear_error();
    CSSL_ENSURE_ARG(sock);
    if (sock->conn.ssl == NULL) {
        return raise_no_wrapper(sock);
    }
    return cssl__conn_verify_client_post_handshake(&sock->conn);
}
