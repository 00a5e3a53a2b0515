/*
 * socket_net.c - the network around SSLSocket: socket.create_connection()
 * + wrap_socket() (cssl_socket_connect), a listening socket and accept(),
 * SSLSocket.connect(), and the socket BIO the engine reads and writes.
 *
 * SIGPIPE: writing to a socket whose peer has gone raises SIGPIPE, which
 * kills a C program by default (Python ignores the signal at start-up).
 * OpenSSL's socket BIO writes with plain send(); cssl's BIO is OpenSSL's
 * with its write replaced by send(MSG_NOSIGNAL), and SO_NOSIGPIPE is set
 * where the system has that instead, so a vanished peer is an EPIPE error
 * (OSError, BrokenPipeError in Python) and never a signal, whatever the
 * application does with SIGPIPE.
 */
#include <errno.h>
#include <fcntl.h>
#include <netdb.h>
#include <netinet/in.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include <openssl/err.h>

#include "socket_internal.h"

#ifndef MSG_NOSIGNAL
#define MSG_NOSIGNAL 0
#endif
#ifndef SOCK_CLOEXEC
#define SOCK_CLOEXEC 0
#endif

/* ---- the socket BIO ------------------------------------------------------------ */

static BIO_METHOD *socket_method;
static CRYPTO_ONCE socket_method_once = CRYPTO_ONCE_STATIC_INIT;

static int nosigpipe_write(BIO *b, const char *in, int len)
{
    int fd = -1;
    BIO_get_fd(b, &fd);
    errno = 0;
    ssize_t n = send(fd, in, (size_t)len, MSG_NOSIGNAL);
    BIO_clear_retry_flags(b);
    if (n <= 0 && BIO_sock_should_retry((int)n)) {
        BIO_set_retry_write(b);
    }
    return (int)n;
}

static int nosigpipe_puts(BIO *b, const char *s)
{
    return nosigpipe_write(b, s, (int)strlen(s));
}

static void make_socket_method(void)
{
    const BIO_METHOD *base = BIO_s_socket();
    BIO_METHOD *m = BIO_meth_new(BIO_TYPE_SOCKET, "cssl socket");
    if (m == NULL || !BIO_meth_set_write(m, nosigpipe_write) ||
        !BIO_meth_set_puts(m, nosigpipe_puts) || !BIO_meth_set_read(m, BIO_meth_get_read(base)) ||
        !BIO_meth_set_ctrl(m, BIO_meth_get_ctrl(base)) ||
        !BIO_meth_set_create(m, BIO_meth_get_create(base)) ||
        !BIO_meth_set_destroy(m, BIO_meth_get_destroy(base))) {
        BIO_meth_free(m);
        return;
    }
    socket_method = m;
}

#ifdef SO_NOSIGPIPE
static void set_nosigpipe(int fd)
{
    int one = 1;
    (void)setsockopt(fd, SOL_SOCKET, SO_NOSIGPIPE, &one, sizeof(one));
}
#else
static void set_nosigpipe(int fd)
{
    (void)fd; /* MSG_NOSIGNAL does it */
}
#endif

/* The fd stays the cssl_socket's: the BIO never closes it. */
BIO *cssl__socket_bio(int fd)
{
    if (!CRYPTO_THREAD_run_once(&socket_method_once, make_socket_method) || socket_method == NULL) {
        (void)cssl__raise_nomem();
        return NULL;
    }
    BIO *bio = BIO_new(socket_method);
    if (bio == NULL) {
        (void)cssl__raise_ossl(CSSL_E_SSL, NULL);
        return NULL;
    }
    BIO_set_fd(bio, fd, BIO_NOCLOSE);
    set_nosigpipe(fd);
    return bio;
}

/* ---- addresses ------------------------------------------------------------------ */

/* socket.gaierror: an OSError whose errno is the EAI_* code. */
static cssl_err raise_gai(int rc)
{
    if (rc == EAI_SYSTEM) {
        return cssl__raise_errno(errno, NULL);
    }
    cssl__raise(CSSL_E_OS, "[Errno %d] %s", rc, gai_strerror(rc));
    cssl__error_slot()->py_errno = rc;
    return CSSL_E_OS;
}

static cssl_err resolve(const char *host, int port, int family, int flags, struct addrinfo **res)
{
    CSSL_ENSURE(port >= 0 && port <= 65535, CSSL_E_VALUE, "port must be 0-65535.");
    char service[8];
    snprintf(service, sizeof(service), "%d", port);
    struct addrinfo hints = {.ai_family = family, .ai_socktype = SOCK_STREAM, .ai_flags = flags};
    *res = NULL;
    int rc = getaddrinfo(host, service, &hints, res);
    if (rc != 0) {
        return raise_gai(rc);
    }
    /* socket.create_connection()'s words for a resolver that succeeds with
     * nothing. */
    if (*res == NULL) {
        return cssl__raise(CSSL_E_OS, "getaddrinfo returns an empty list");
    }
    return CSSL_OK;
}

/* socket.connect() with the socket's timeout: a non-blocking connect
 * finishes in poll() ("timed out" when the time is up, PEP 475 on EINTR). */
static cssl_err connect_timeout(int fd, const struct sockaddr *addr, socklen_t len, double timeout)
{
    if (connect(fd, addr, len) == 0) {
        return CSSL_OK;
    }
    bool pending = errno == EINTR || (errno == EINPROGRESS && timeout != 0);
    if (!pending) {
        return cssl__raise_errno(errno, NULL);
    }
    double deadline = timeout > 0 ? cssl__monotonic() + timeout : 0;
    CSSL_GUARD(cssl__fd_wait(fd, true, timeout, deadline, "timed out"));
    int err = 0;
    socklen_t errlen = sizeof(err);
    if (getsockopt(fd, SOL_SOCKET, SO_ERROR, &err, &errlen) != 0) {
        err = errno;
    }
    return err == 0 ? CSSL_OK : cssl__raise_errno(err, NULL);
}

static int try_address(const struct addrinfo *ai, double timeout)
{
    int fd = socket(ai->ai_family, ai->ai_socktype | SOCK_CLOEXEC, ai->ai_protocol);
    if (fd < 0) {
        return cssl__raise_errno(errno, NULL);
    }
    if (cssl__fd_set_timeout_mode(fd, timeout) < 0 ||
        connect_timeout(fd, ai->ai_addr, ai->ai_addrlen, timeout) < 0) {
        close(fd);
        return cssl_last_error()->code;
    }
    return fd;
}

/* socket.create_connection(): every address in getaddrinfo()'s order; the
 * last error is the one reported. */
static int create_connection(const char *host, int port, double timeout)
{
    struct addrinfo *res = NULL;
    CSSL_GUARD(resolve(host, port, AF_UNSPEC, 0, &res));
    int fd = cssl__raise(CSSL_E_OS, "getaddrinfo returns an empty list");
    for (struct addrinfo *ai = res; ai != NULL && fd < 0; ai = ai->ai_next) {
        fd = try_address(ai, timeout);
    }
    freeaddrinfo(res);
    if (fd >= 0) {
        cssl__clear_error();
    }
    return fd;
}

CSSL_API cssl_socket *cssl_socket_connect(cssl_context *ctx, const char *host, int port,
                                          const char *server_hostname, double timeout)
{
    cssl__clear_error();
    CSSL_ENSURE_ARG_NULL(ctx);
    CSSL_ENSURE_ARG_NULL(host);
    CSSL_ENSURE_NULL(timeout == timeout, CSSL_E_VALUE, "Invalid value NaN (not a number)");
    double t = timeout < 0 ? -1.0 : timeout;
    int fd = create_connection(host, port, t);
    if (fd < 0) {
        return NULL;
    }
    return cssl__socket_wrap_own(ctx, fd, false, true, true,
                                 server_hostname ? server_hostname : host, t);
}

/* ---- SSLSocket.connect() ---------------------------------------------------------- */

static cssl_err connect_to(cssl_socket *sock, const char *host, int port)
{
    struct sockaddr_storage ss;
    socklen_t sslen = sizeof(ss);
    if (getsockname(sock->fd, (struct sockaddr *)&ss, &sslen) != 0) {
        return cssl__raise_errno(errno, NULL);
    }
    struct addrinfo *res = NULL;
    CSSL_GUARD(resolve(host, port, ss.ss_family, 0, &res));
    cssl_err rc = connect_timeout(sock->fd, res->ai_addr, res->ai_addrlen, sock->timeout); // NOLINT(clang-analyzer-core.NullDereference): resolve() succeeds only with a list
    freeaddrinfo(res);
    return rc;
}

/* SSLSocket._real_connect(): the TLS connection is set up first, dropped
 * again if connect() fails. */
CSSL_API cssl_err cssl_socket_connect_fd(cssl_socket *sock, const char *host, int port)
{
    cssl__clear_error();
    CSSL_ENSURE_ARG(sock);
    CSSL_ENSURE_ARG(host);
    CSSL_ENSURE(!sock->server_side, CSSL_E_VALUE, "can't connect in server-side mode");
    CSSL_ENSURE(!sock->connected && sock->conn.ssl == NULL, CSSL_E_VALUE,
                "attempt to connect already-connected SSLSocket!");
    if (sock->fd < 0) {
        return cssl__socket_ebadf();
    }
    CSSL_GUARD(cssl__socket_start_tls(sock));
    if (connect_to(sock, host, port) < 0) {
        cssl__conn_clear(&sock->conn);
        return cssl_last_error()->code;
    }
    sock->connected = true;
    return sock->do_handshake_on_connect ? cssl__socket_handshake(sock) : CSSL_OK;
}

/* ---- listening and accepting ------------------------------------------------------- */

static int bind_listen(const struct addrinfo *ai, int backlog)
{
    int fd = socket(ai->ai_family, ai->ai_socktype | SOCK_CLOEXEC, ai->ai_protocol); // NOLINT(clang-analyzer-core.NullDereference): callers pass a resolved address
    if (fd < 0) {
        return cssl__raise_errno(errno, NULL);
    }
    int one = 1;
    int zero = 0;
    /* socket.create_server(): SO_REUSEADDR on POSIX; a wildcard IPv6
     * socket takes IPv4 too (dualstack). */
    (void)setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
    if (ai->ai_family == AF_INET6) {
        (void)setsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, &zero, sizeof(zero));
    }
    if (bind(fd, ai->ai_addr, ai->ai_addrlen) != 0 || listen(fd, backlog) != 0) {
        int err = errno;
        close(fd);
        return cssl__raise_errno(err, NULL);
    }
    return fd;
}

/* NULL host: every address; the IPv6 wildcard (dualstack) comes first. */
static int listen_on(const char *host, int port, int backlog)
{
    struct addrinfo *res = NULL;
    CSSL_GUARD(resolve(host, port, host ? AF_UNSPEC : AF_INET6, AI_PASSIVE, &res));
    int fd = cssl__raise(CSSL_E_OS, "getaddrinfo returns an empty list");
    for (struct addrinfo *ai = res; ai != NULL && fd < 0; ai = ai->ai_next) {
        fd = bind_listen(ai, backlog);
    }
    freeaddrinfo(res);
    if (fd < 0 && host == NULL && cssl_last_error()->sys_errno == EAFNOSUPPORT) {
        CSSL_GUARD(resolve(NULL, port, AF_INET, AI_PASSIVE, &res));
        fd = bind_listen(res, backlog);
        freeaddrinfo(res);
    }
    return fd;
}

CSSL_API cssl_socket *cssl_socket_listen(cssl_context *ctx, const char *host, int port, int backlog)
{
    cssl__clear_error();
    CSSL_ENSURE_ARG_NULL(ctx);
    int fd = listen_on(host, port, backlog > 0 ? backlog : 0);
    if (fd < 0) {
        return NULL;
    }
    cssl__clear_error();
    return cssl__socket_wrap_own(ctx, fd, true, true, true, NULL, -1.0);
}

/* socket.accept() with the listener's timeout. */
static int accept_fd(cssl_socket *listener)
{
    double deadline = listener->timeout > 0 ? cssl__monotonic() + listener->timeout : 0;
    for (;;) {
        int fd = accept(listener->fd, NULL, NULL);
        if (fd >= 0) {
            (void)fcntl(fd, F_SETFD, FD_CLOEXEC);
            return fd;
        }
        bool again = errno == EAGAIN || errno == EWOULDBLOCK;
        if (errno != EINTR && !(again && listener->timeout > 0)) {
            return cssl__raise_errno(errno, NULL);
        }
        if (again) {
            CSSL_GUARD(
                cssl__fd_wait(listener->fd, false, listener->timeout, deadline, "timed out"));
        }
    }
}

/* SSLSocket.accept(): the new socket blocks (Python's default timeout is
 * None) and is wrapped server-side with the listener's context and
 * handshake settings. */
CSSL_API cssl_socket *cssl_socket_accept(cssl_socket *listener)
{
    cssl__clear_error();
    CSSL_ENSURE_ARG_NULL(listener);
    if (listener->fd < 0) {
        (void)cssl__socket_ebadf();
        return NULL;
    }
    int fd = accept_fd(listener);
    if (fd < 0) {
        return NULL;
    }
    return cssl__socket_wrap_own(listener->ctx, fd, true, listener->do_handshake_on_connect,
                                 listener->suppress_ragged_eofs, NULL, -1.0);
}
