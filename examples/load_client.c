/*
 * load_client.c - N concurrent TLS connections from one thread: epoll and
 * non-blocking cssl_sockets.  Each connection handshakes, sends BYTES
 * bytes of a pattern of its own, reads the echo back and checks every
 * byte.  Once all of them have, they stay open and idle for HOLD seconds
 * (so that a server's memory per idle connection can be measured), then
 * each closes with a TLS shutdown (unwrap).
 *
 * The pattern for non-blocking sockets: an operation that returns
 * CSSL_E_WANT_READ / CSSL_E_WANT_WRITE is called again, with the same
 * arguments, once epoll reports what cssl_poll_events() says it waits for.
 *
 * Usage: load_client PORT CAFILE [CONNECTIONS [BYTES [HOLD [HOST]]]]
 * Defaults: 100 connections, 4096 bytes, hold 0 s, host 127.0.0.1 (the
 * server must present a certificate for "localhost").  At most 200
 * connections handshake at a time.  Prints "established N" when all are
 * up and checked, "ok N connections, BYTES bytes each" at the end; exits 1
 * if any connection failed or any byte differed.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include <cssl.h>

enum state { CONNECTING, HANDSHAKE, ECHO, IDLE, CLOSING, DONE };

typedef struct client {
    int id;
    int fd;
    cssl_socket *tls;
    enum state state;
    size_t sent, received;
    uint32_t events;
} client;

static struct {
    const char *host;
    int port;
    size_t bytes;
    int total, started, echoed, finished, failed;
    int ep;
    cssl_context *ctx;
} run;

static unsigned char pattern(const client *c, size_t i)
{
    return (unsigned char)((i * 31 + (size_t)c->id * 7 + i / 251) & 0xff);
}

static void fail(client *c, const char *what)
{
    const cssl_error *e = cssl_last_error();
    fprintf(stderr, "connection %d: %s: %s: %s\n", c->id, what, cssl_err_name(e->code), e->message);
    run.failed++;
    c->state = DONE;
}

/* ---- opening ---------------------------------------------------------------------- */

static bool watch(client *c, uint32_t events)
{
    if (events == c->events) {
        return true;
    }
    struct epoll_event ev = {.events = events, .data.ptr = c};
    int op = c->events == 0 ? EPOLL_CTL_ADD : EPOLL_CTL_MOD;
    c->events = events;
    return epoll_ctl(run.ep, op, c->fd, &ev) == 0;
}

/* A non-blocking connect; epoll says when it is through. */
static void start(client *c)
{
    struct sockaddr_in sin = {.sin_family = AF_INET, .sin_port = htons((uint16_t)run.port)};
    inet_pton(AF_INET, run.host, &sin.sin_addr);
    c->fd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    run.started++;
    if (c->fd < 0 ||
        (connect(c->fd, (struct sockaddr *)&sin, sizeof(sin)) != 0 && errno != EINPROGRESS) ||
        !watch(c, EPOLLOUT)) {
        perror("connect");
        run.failed++;
        c->state = DONE;
        return;
    }
    c->state = CONNECTING;
}

/* Connected: wrap the (non-blocking) fd; the handshake is ours to drive. */
static void connected(client *c)
{
    int err = 0;
    socklen_t len = sizeof(err);
    getsockopt(c->fd, SOL_SOCKET, SO_ERROR, &err, &len);
    if (err != 0) {
        fprintf(stderr, "connection %d: connect: %s\n", c->id, strerror(err));
        run.failed++;
        c->state = DONE;
        return;
    }
    c->tls = cssl_context_wrap_socket(run.ctx, c->fd, false, false, true, "localhost", NULL);
    if (c->tls == NULL) {
        c->fd = -1; /* closed by cssl */
        fail(c, "wrap_socket");
        return;
    }
    c->state = HANDSHAKE;
}

/* ---- the exchange -------------------------------------------------------------------- */

/* Send what is left and read what came back; the interest is the union
 * of what both operations wait for. */
static int echo(client *c)
{
    unsigned char buf[16384];
    int want = 0;
    while (c->sent < run.bytes) {
        size_t n = run.bytes - c->sent < sizeof(buf) ? run.bytes - c->sent : sizeof(buf);
        for (size_t i = 0; i < n; i++) {
            buf[i] = pattern(c, c->sent + i);
        }
        int w = cssl_socket_write(c->tls, buf, n);
        if (w < 0) {
            want |= cssl_poll_events(w);
            if (want == 0) {
                return -1;
            }
            break;
        }
        c->sent += (size_t)w;
    }
    while (c->received < run.bytes) {
        int r = cssl_socket_read(c->tls, buf, sizeof(buf));
        if (r == 0) {
            return -2; /* the server closed before echoing everything */
        }
        if (r < 0) {
            want |= cssl_poll_events(r);
            return want != 0 ? want : -1;
        }
        for (int i = 0; i < r; i++) {
            if (buf[i] != pattern(c, c->received + (size_t)i)) {
                fprintf(stderr, "connection %d: byte %zu differs\n", c->id,
                        c->received + (size_t)i);
                return -3;
            }
        }
        c->received += (size_t)r;
    }
    return 0;
}

/* One step of the connection's life; returns the epoll interest (0 when
 * there is nothing to wait for). */
static int step(client *c)
{
    int rc;
    switch (c->state) {
    case CONNECTING:
        connected(c);
        return c->state == DONE ? 0 : step(c);
    case HANDSHAKE:
        rc = cssl_socket_do_handshake(c->tls);
        if (rc < 0) {
            if (cssl_poll_events(rc) == 0) {
                fail(c, "handshake");
            }
            return cssl_poll_events(rc);
        }
        c->state = ECHO;
        return step(c);
    case ECHO:
        rc = echo(c);
        if (rc > 0) {
            return rc;
        }
        if (rc < 0) {
            if (rc == -1 || rc == -2) {
                fail(c, rc == -2 ? "echo (the server closed)" : "echo");
            } else {
                run.failed++;
                c->state = DONE;
            }
            return 0;
        }
        c->state = IDLE;
        run.echoed++;
        return 0;
    case CLOSING:
        rc = cssl_socket_unwrap(c->tls);
        if (rc < 0 && cssl_poll_events(rc) != 0) {
            return cssl_poll_events(rc);
        }
        if (rc >= 0) {
            close(rc); /* unwrap() hands the plain fd back */
        }
        c->state = DONE;
        run.finished++;
        return 0;
    default:
        return 0;
    }
}

static void advance(client *c)
{
    int want = step(c);
    if (want != 0 && !watch(c, (uint32_t)want)) {
        perror("epoll_ctl");
        run.failed++;
        c->state = DONE;
    }
    if (c->state == DONE && c->fd >= 0) {
        epoll_ctl(run.ep, EPOLL_CTL_DEL, c->fd, NULL);
        if (c->tls != NULL) {
            cssl_socket_free(c->tls); /* closes the fd unless unwrap() returned it */
            c->tls = NULL;
        } else {
            close(c->fd);
        }
        c->fd = -1;
    }
}

/* ---- the loop --------------------------------------------------------------------------- */

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Run until `done` says so: keep at most 200 connections in their
 * handshake, start more as earlier ones get through. */
static void loop(client *cs, bool (*done)(void), double deadline)
{
    struct epoll_event events[256];
    while (!done() && now() < deadline) {
        int active = run.started - run.echoed - run.failed;
        for (int i = run.started; i < run.total && active < 200; i++, active++) {
            start(&cs[i]);
        }
        int n = epoll_wait(run.ep, events, 256, 1000);
        for (int i = 0; i < n; i++) {
            advance(events[i].data.ptr);
        }
    }
}

static bool all_echoed(void)
{
    return run.echoed + run.failed >= run.total;
}

static bool all_finished(void)
{
    return run.finished + run.failed >= run.total;
}

static void raise_fd_limit(void)
{
    struct rlimit rl;
    if (getrlimit(RLIMIT_NOFILE, &rl) == 0 && rl.rlim_cur < rl.rlim_max) {
        rl.rlim_cur = rl.rlim_max;
        setrlimit(RLIMIT_NOFILE, &rl);
    }
}

static void close_all(client *cs)
{
    for (int i = 0; i < run.total; i++) {
        if (cs[i].state == IDLE) {
            cs[i].state = CLOSING;
            advance(&cs[i]);
        }
    }
    loop(cs, all_finished, now() + 60);
    for (int i = 0; i < run.total; i++) {
        if (cs[i].state != DONE) {
            fprintf(stderr, "connection %d: no TLS shutdown in time\n", cs[i].id);
            run.failed++;
            cs[i].state = DONE;
            advance(&cs[i]);
        }
    }
}

int main(int argc, char **argv)
{
    if (argc < 3) {
        fprintf(stderr, "usage: %s PORT CAFILE [CONNECTIONS [BYTES [HOLD [HOST]]]]\n", argv[0]);
        return 2;
    }
    raise_fd_limit();
    run.port = atoi(argv[1]);
    run.total = argc > 3 ? atoi(argv[3]) : 100;
    run.bytes = argc > 4 ? (size_t)atol(argv[4]) : 4096;
    double hold = argc > 5 ? atof(argv[5]) : 0;
    run.host = argc > 6 ? argv[6] : "127.0.0.1";
    run.ctx = cssl_create_default_context(CSSL_PURPOSE_SERVER_AUTH, argv[2], NULL, NULL, 0);
    run.ep = epoll_create1(EPOLL_CLOEXEC);
    client *cs = calloc((size_t)(run.total > 0 ? run.total : 1), sizeof(*cs));
    if (run.ctx == NULL || run.ep < 0 || cs == NULL || run.total <= 0) {
        fprintf(stderr, "set-up failed: %s\n", cssl_last_error()->message);
        return 2;
    }
    for (int i = 0; i < run.total; i++) {
        cs[i] = (client){.id = i, .fd = -1};
    }
    loop(cs, all_echoed, now() + 600);
    printf("established %d\n", run.echoed);
    fflush(stdout);
    if (hold > 0) {
        struct timespec ts = {.tv_sec = (time_t)hold,
                              .tv_nsec = (long)((hold - (double)(time_t)hold) * 1e9)};
        nanosleep(&ts, NULL);
    }
    close_all(cs);
    bool ok = run.failed == 0 && run.finished == run.total;
    if (ok) {
        printf("ok %d connections, %zu bytes each\n", run.total, run.bytes);
    } else {
        printf("FAILED: %d of %d connections\n", run.total - run.finished, run.total);
    }
    free(cs);
    close(run.ep);
    cssl_context_free(run.ctx);
    return ok ? 0 : 1;
}
