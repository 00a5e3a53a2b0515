/*
 * socket_internal.h - struct cssl_socket, shared by socket.c (life cycle and
 * properties), socket_io.c (the I/O driver: poll and timeouts around the
 * engine) and socket_net.c (connect, listen, accept, the socket BIO).
 */
#ifndef CSSL_SOCKET_INTERNAL_H
#define CSSL_SOCKET_INTERNAL_H

#include "tls_internal.h"

struct cssl_socket {
    cssl__conn conn; /* first member: cssl_conn_is_object() reads it;
                        conn.ssl is NULL without a TLS connection
                        (Python's _sslobj is None) */
    int fd;          /* -1 once closed or unwrapped */
    double timeout;  /* < 0 blocking, 0 non-blocking, > 0 seconds */
    bool connected;  /* Python's _connected */
    bool server_side;
    bool do_handshake_on_connect;
    bool suppress_ragged_eofs;
    cssl_context *ctx;     /* reference: Python's _context */
    cssl_session *session; /* reference or NULL: Python's _session */
    char *server_hostname; /* A-label or NULL */
};

/* Python's SSLSocket._create() on a socket it owns from now on; timeout is
 * the socket's (socket.gettimeout()).  On failure the fd is closed, unless
 * the arguments were refused before the socket was taken over. */
cssl_socket *cssl__socket_create(cssl_context *ctx, int fd, bool server_side,
                                 bool do_handshake_on_connect, bool suppress_ragged_eofs,
                                 const char *server_hostname, cssl_session *session,
                                 double timeout) CSSL_WUR;

/* The same for sockets cssl made itself (connect, listen, accept): the
 * fd is closed on every failure. */
cssl_socket *cssl__socket_wrap_own(cssl_context *ctx, int fd, bool server_side,
                                   bool do_handshake_on_connect, bool suppress_ragged_eofs,
                                   const char *server_hostname, double timeout) CSSL_WUR;

/* context._wrap_socket(): the TLS connection over sock->fd. */
cssl_err cssl__socket_start_tls(cssl_socket *sock) CSSL_WUR;

/* A socket BIO over fd that never raises SIGPIPE (send(MSG_NOSIGNAL)). */
BIO *cssl__socket_bio(int fd) CSSL_WUR;

/* O_NONBLOCK for timeout >= 0, as Python's sock.settimeout() sets it. */
cssl_err cssl__fd_set_timeout_mode(int fd, double timeout) CSSL_WUR;

/* Wait until fd is readable (or writable) for at most the time left
 * before deadline (a monotonic time; ignored when timeout < 0).  EINTR is
 * retried.  Returns 0, or CSSL_E_TIMEOUT with timeout_msg, or CSSL_E_OS. */
cssl_err cssl__fd_wait(int fd, bool writing, double timeout, double deadline,
                       const char *timeout_msg) CSSL_WUR;

/* The monotonic clock, seconds. */
double cssl__monotonic(void);

/* SSLSocket.do_handshake() */
cssl_err cssl__socket_handshake(cssl_socket *sock) CSSL_WUR;

/* OSError(EBADF) for a closed socket, as Python's methods raise it. */
cssl_err cssl__socket_ebadf(void);

#endif
