/*
 * event_loop_server.c - a TLS echo server for many clients at once: one
 * thread, epoll, non-blocking sockets, and sans-I/O TLS (cssl_object over
 * two memory BIOs per connection), the way asyncio drives Python's
 * SSLObject.
 *
 * The Python it mirrors (asyncio's sslproto.py, reduced to its core):
 *
 *     incoming, outgoing = ssl.MemoryBIO(), ssl.MemoryBIO()
 *     sslobj = context.wrap_bio(incoming, outgoing, server_side=True)
 *     # on data from the socket:  incoming.write(data)
 *     # on EOF from the socket:   incoming.write_eof()
 *     # then: do_handshake() / read() / write() / unwrap(), catching
 *     # SSLWantReadError, and sending outgoing.read() to the socket.
 *
 * The pattern (see "Memory BIOs and SSLObject" in cssl.h):
 *   - after every object call, send what its outgoing BIO holds; what the
 *     socket does not take waits for EPOLLOUT, and the connection reads
 *     nothing more until it is gone (back-pressure: memory stays bounded);
 *   - CSSL_E_WANT_READ means "more bytes from the peer": EPOLLIN, which
 *     cssl_poll_events() returns for it.
 *
 * Usage: event_loop_server CERTFILE KEYFILE [PORT [HOST]]
 * PORT 0 (the default) picks a free port; HOST defaults to 127.0.0.1.  The
 * program prints "listening on HOST:PORT", echoes until SIGINT / SIGTERM,
 * then frees everything and prints how many connections it served.
 */
#define _GNU_SOURCE 1 /* accept4() */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cssl.h>

typedef struct conn {
    int fd;
    cssl_memory_bio *incoming, *outgoing;
    cssl_object *tls;
    unsigned char *unsent; /* outgoing bytes the socket did not take yet */
    size_t unsent_len, unsent_off;
    bool handshaken;
    bool closing;    /* close once everything is sent */
    uint32_t events; /* the current epoll interest */
    struct conn *prev, *next;
} conn;

static volatile sig_atomic_t stop;
static unsigned char buf[65536]; /* one scratch buffer: the loop is single-threaded */
static conn *all;                /* every open connection, for the final clean-up */
static long served, failed;

static void on_signal(int sig)
{
    (void)sig;
    stop = 1;
}

static void report(const char *what)
{
    const cssl_error *e = cssl_last_error();
    fprintf(stderr, "%s: %s: %s\n", what, cssl_err_name(e->code), e->message);
}

/* ---- connections ------------------------------------------------------------------- */

static void conn_free(int ep, conn *c)
{
    epoll_ctl(ep, EPOLL_CTL_DEL, c->fd, NULL);
    close(c->fd);
    cssl_object_free(c->tls);
    cssl_memory_bio_free(c->incoming);
    cssl_memory_bio_free(c->outgoing);
    free(c->unsent);
    if (c->prev != NULL) {
        c->prev->next = c->next;
    } else {
        all = c->next;
    }
    if (c->next != NULL) {
        c->next->prev = c->prev;
    }
    free(c);
}

static conn *conn_new(cssl_context *ctx, int fd)
{
    conn *c = calloc(1, sizeof(*c));
    if (c == NULL) {
        close(fd);
        return NULL;
    }
    c->fd = fd;
    c->incoming = cssl_memory_bio_new();
    c->outgoing = cssl_memory_bio_new();
    if (c->incoming != NULL && c->outgoing != NULL) {
        c->tls = cssl_context_wrap_bio(ctx, c->incoming, c->outgoing, true, NULL, NULL);
    }
    if (c->tls == NULL) {
        report("wrap_bio");
        cssl_memory_bio_free(c->incoming);
        cssl_memory_bio_free(c->outgoing);
        close(fd);
        free(c);
        return NULL;
    }
    c->next = all;
    if (all != NULL) {
        all->prev = c;
    }
    all = c;
    return c;
}

/* ---- moving bytes between the socket and the BIOs ------------------------------------ */

/* Send what is left over first, then what the object wrote.  Returns
 * false when the socket failed. */
static bool flush(conn *c)
{
    while (c->unsent_off < c->unsent_len) {
        ssize_t n =
            send(c->fd, c->unsent + c->unsent_off, c->unsent_len - c->unsent_off, MSG_NOSIGNAL);
        if (n < 0) {
            return errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR;
        }
        c->unsent_off += (size_t)n;
    }
    free(c->unsent);
    c->unsent = NULL;
    c->unsent_len = c->unsent_off = 0;
    while (cssl_memory_bio_pending(c->outgoing) > 0) {
        int len = cssl_memory_bio_read(c->outgoing, buf, sizeof(buf));
        ssize_t n = send(c->fd, buf, (size_t)len, MSG_NOSIGNAL);
        if (n < 0 && errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR) {
            return false;
        }
        size_t sent = n > 0 ? (size_t)n : 0;
        if (sent < (size_t)len) { /* the socket is full: keep the rest for EPOLLOUT */
            c->unsent = cssl_memory_bio_read_all(c->outgoing, &c->unsent_len);
            size_t rest = (size_t)len - sent;
            unsigned char *all_unsent = malloc(rest + c->unsent_len);
            if (c->unsent == NULL || all_unsent == NULL) {
                free(all_unsent);
                return false;
            }
            memcpy(all_unsent, buf + sent, rest);
            memcpy(all_unsent + rest, c->unsent, c->unsent_len);
            cssl_free(c->unsent);
            c->unsent = all_unsent;
            c->unsent_len += rest;
            return true;
        }
    }
    return true;
}

/* Everything the socket has, into the incoming BIO; its EOF too. */
static bool fill(conn *c)
{
    for (;;) {
        ssize_t n = recv(c->fd, buf, sizeof(buf), 0);
        if (n > 0) {
            if (cssl_memory_bio_write(c->incoming, buf, (size_t)n) < 0) {
                return false;
            }
            continue;
        }
        if (n == 0) {
            return cssl_memory_bio_write_eof(c->incoming) == 0;
        }
        return errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR;
    }
}

/* ---- the TLS side -------------------------------------------------------------------- */

/* Run the object as far as the bytes in `incoming` allow: handshake, then
 * echo every byte read.  Returns the last result: CSSL_E_WANT_READ when
 * it waits for the peer, 0 once the peer has closed (close_notify
 * answered), another negative code on failure. */
static int progress(conn *c)
{
    if (!c->handshaken) {
        int rc = cssl_object_do_handshake(c->tls);
        if (rc < 0) {
            return rc;
        }
        c->handshaken = true;
    }
    for (;;) {
        int n = cssl_object_read(c->tls, buf, sizeof(buf));
        if (n < 0) {
            return n;
        }
        if (n == 0) { /* the client's close_notify: answer it */
            int rc = cssl_object_unwrap(c->tls);
            return rc == CSSL_E_WANT_READ ? 0 : rc;
        }
        /* With memory BIOs a write takes everything (no WANT_WRITE). */
        int w = cssl_object_write(c->tls, buf, (size_t)n);
        if (w < 0) {
            return w;
        }
    }
}

static bool set_interest(int ep, conn *c, uint32_t events)
{
    if (events == c->events) {
        return true;
    }
    struct epoll_event ev = {.events = events, .data.ptr = c};
    c->events = events;
    return epoll_ctl(ep, EPOLL_CTL_MOD, c->fd, &ev) == 0;
}

/* One readiness event: bytes in, TLS, bytes out, new interest. */
static void on_event(int ep, conn *c, uint32_t events)
{
    if ((events & (EPOLLIN | EPOLLHUP | EPOLLERR)) && !c->closing && c->unsent == NULL) {
        if (!fill(c)) {
            failed++;
            conn_free(ep, c);
            return;
        }
    }
    int rc = c->closing ? 0 : progress(c);
    if (rc == 0) {
        c->closing = true;
    } else if (rc != CSSL_E_WANT_READ) {
        if (rc == CSSL_E_EOF) { /* a client leaving without close_notify: no failure */
            served++;
        } else {
            report("connection");
            failed++;
        }
        flush(c); /* the alert, if any */
        conn_free(ep, c);
        return;
    }
    if (!flush(c)) {
        failed++;
        conn_free(ep, c);
        return;
    }
    if (c->unsent == NULL && c->closing) {
        served++;
        conn_free(ep, c);
        return;
    }
    /* Back-pressure: while the socket is full, wait for room, read nothing. */
    uint32_t want = c->unsent != NULL ? EPOLLOUT : (uint32_t)cssl_poll_events(rc);
    if (!set_interest(ep, c, want)) {
        failed++;
        conn_free(ep, c);
    }
}

/* ---- the listener and the loop ---------------------------------------------------------- */

static void accept_all(int ep, int listener, cssl_context *ctx)
{
    for (;;) {
        int fd = accept4(listener, NULL, NULL, SOCK_NONBLOCK | SOCK_CLOEXEC);
        if (fd < 0) {
            if (errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR &&
                errno != ECONNABORTED) {
                perror("accept4");
            }
            return;
        }
        conn *c = conn_new(ctx, fd);
        if (c == NULL) {
            continue;
        }
        c->events = EPOLLIN;
        struct epoll_event ev = {.events = EPOLLIN, .data.ptr = c};
        if (epoll_ctl(ep, EPOLL_CTL_ADD, fd, &ev) != 0) {
            perror("epoll_ctl");
            conn_free(ep, c);
        }
    }
}

static int listen_on(const char *host, int port)
{
    struct sockaddr_in sin = {.sin_family = AF_INET, .sin_port = htons((uint16_t)port)};
    if (inet_pton(AF_INET, host, &sin.sin_addr) != 1) {
        fprintf(stderr, "bad IPv4 address: %s\n", host);
        return -1;
    }
    int fd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    int one = 1;
    if (fd < 0 || setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one)) != 0 ||
        bind(fd, (struct sockaddr *)&sin, sizeof(sin)) != 0 || listen(fd, 4096) != 0) {
        perror("listen");
        if (fd >= 0) {
            close(fd);
        }
        return -1;
    }
    socklen_t len = sizeof(sin);
    getsockname(fd, (struct sockaddr *)&sin, &len);
    printf("listening on %s:%d\n", host, ntohs(sin.sin_port));
    fflush(stdout);
    return fd;
}

static int serve(int listener, cssl_context *ctx)
{
    int ep = epoll_create1(EPOLL_CLOEXEC);
    struct epoll_event ev = {.events = EPOLLIN, .data.ptr = NULL};
    if (ep < 0 || epoll_ctl(ep, EPOLL_CTL_ADD, listener, &ev) != 0) {
        perror("epoll");
        return 1;
    }
    struct epoll_event events[256];
    while (!stop) {
        int n = epoll_wait(ep, events, 256, -1);
        for (int i = 0; i < n; i++) {
            if (events[i].data.ptr == NULL) {
                accept_all(ep, listener, ctx);
            } else {
                on_event(ep, events[i].data.ptr, events[i].events);
            }
        }
        if (n < 0 && errno != EINTR) {
            perror("epoll_wait");
            break;
        }
    }
    while (all != NULL) {
        conn_free(ep, all);
    }
    close(ep);
    return 0;
}

/* Many connections need many descriptors: take the hard limit. */
static void raise_fd_limit(void)
{
    struct rlimit rl;
    if (getrlimit(RLIMIT_NOFILE, &rl) == 0 && rl.rlim_cur < rl.rlim_max) {
        rl.rlim_cur = rl.rlim_max;
        setrlimit(RLIMIT_NOFILE, &rl);
    }
}

int main(int argc, char **argv)
{
    if (argc < 3) {
        fprintf(stderr, "usage: %s CERTFILE KEYFILE [PORT [HOST]]\n", argv[0]);
        return 2;
    }
    raise_fd_limit();
    struct sigaction sa = {.sa_handler = on_signal};
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGTERM, &sa, NULL);
    cssl_context *ctx = cssl_create_default_context(CSSL_PURPOSE_CLIENT_AUTH, NULL, NULL, NULL, 0);
    if (ctx == NULL || cssl_context_load_cert_chain(ctx, argv[1], argv[2], NULL) < 0) {
        report("context");
        cssl_context_free(ctx);
        return 1;
    }
    int listener = listen_on(argc > 4 ? argv[4] : "127.0.0.1", argc > 3 ? atoi(argv[3]) : 0);
    int rc = listener < 0 ? 1 : serve(listener, ctx);
    if (listener >= 0) {
        close(listener);
    }
    cssl_context_free(ctx);
    printf("served %ld connections, %ld failed\n", served, failed);
    return rc != 0 || failed != 0;
}
