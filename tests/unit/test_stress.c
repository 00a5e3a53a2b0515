/* Stress: one server context serving many concurrent connections.
 *
 * A server thread runs a poll() loop over non-blocking cssl sockets, all
 * wrapped with the same server context; two client threads each open half
 * of the connections (all of them are open before any handshake starts),
 * then drive them with their own poll() loop over one shared client
 * context.  Every connection sends a distinct random payload of a few KiB
 * and checks the echo byte for byte.  Nothing may fail, nothing may be
 * lost, and it all has to finish within DEADLINE seconds.
 *
 * CSSL_STRESS_N sets the number of connections (default 200; the
 * valgrind.stress test uses fewer). */
#include "testlib.h"
#include "tlstest.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#define DEFAULT_N 200
#define DEADLINE 20.0
#define MIN_PAYLOAD 1024
#define MAX_PAYLOAD 8192

/* One TLS connection, client or server side. */
typedef struct conn {
    cssl_socket *sock;
    bool handshaken;
    bool done;
    short events;          /* what the last operation waits for (POLLIN / POLLOUT) */
    unsigned char *data;   /* client: the payload; server: bytes to echo */
    size_t len, sent, got; /* client: payload length, bytes sent, bytes echoed back */
} conn;

typedef struct run {
    int n;                   /* connections in all */
    int port;
    int listen_fd;
    cssl_context *server_ctx;
    cssl_context *client_ctx;
    pthread_barrier_t opened; /* both client threads have all their connections open */
    double deadline;
    /* results, written by the thread that owns them */
    int server_served, server_errors;
    int client_ok[2], client_errors[2];
    size_t client_bytes[2], client_payload[2];
} run;

static void report(const char *who, const char *what)
{
    const cssl_error *e = cssl_last_error();
    fprintf(stderr, "%s: %s: %s: %s\n", who, what, cssl_err_name(e->code), e->message);
}

static bool wants_io(int rc)
{
    return rc == CSSL_E_WANT_READ || rc == CSSL_E_WANT_WRITE;
}

static int set_nonblocking(int fd)
{
    int flags = fcntl(fd, F_GETFL);
    return flags < 0 ? -1 : fcntl(fd, F_SETFL, flags | O_NONBLOCK);
}

/* A failed operation: 0 when it only waits for I/O (c->events says for
 * which), -1 (reported) when it really failed. */
static int wait_or_fail(conn *c, int rc, const char *who, const char *what)
{
    if (wants_io(rc)) {
        c->events = (short)cssl_poll_events(rc);
        return 0;
    }
    report(who, what);
    return -1;
}

/* Handshake step: 1 done, 0 wait (c->events set), -1 failed. */
static int step_handshake(conn *c, const char *who)
{
    if (c->handshaken) {
        return 1;
    }
    int rc = cssl_socket_do_handshake(c->sock);
    if (rc == 0) {
        c->handshaken = true;
        return 1;
    }
    return wait_or_fail(c, rc, who, "handshake");
}

/* ---- server side --------------------------------------------------------------- */

/* Echo what arrives until the client goes away: 0 go on, 1 done, -1 failed. */
static int server_step(conn *c)
{
    int hs = step_handshake(c, "server");
    if (hs <= 0) {
        return hs;
    }
    unsigned char buf[16384];
    for (;;) {
        while (c->sent < c->len) {
            int n = cssl_socket_send(c->sock, c->data + c->sent, c->len - c->sent, 0);
            if (n < 0) {
                return wait_or_fail(c, n, "server", "send");
            }
            c->sent += (size_t)n;
        }
        int n = cssl_socket_recv(c->sock, buf, sizeof(buf), 0);
        if (n == 0) {
            return 1; /* the client closed: its echo is complete */
        }
        if (n < 0) {
            return wait_or_fail(c, n, "server", "recv");
        }
        memcpy(c->data, buf, (size_t)n);
        c->len = (size_t)n;
        c->sent = 0;
    }
}

static void server_accept(run *r, conn *conns, int *open)
{
    for (;;) {
        int fd = accept(r->listen_fd, NULL, NULL);
        if (fd < 0) {
            return; /* EAGAIN: no more waiting */
        }
        if (set_nonblocking(fd) != 0 || *open >= r->n) {
            close(fd);
            r->server_errors++;
            continue;
        }
        conn *c = &conns[(*open)++];
        c->data = malloc(16384);
        c->sock = cssl_context_wrap_socket(r->server_ctx, fd, true, false, true, NULL, NULL);
        c->events = POLLIN;
        if (c->sock == NULL) {
            report("server", "wrap_socket");
            r->server_errors++;
            c->done = true;
        }
    }
}

static void server_finish(run *r, conn *c, int rc)
{
    if (rc < 0) {
        r->server_errors++;
    } else {
        r->server_served++;
    }
    cssl_socket_free(c->sock);
    c->sock = NULL;
    c->done = true;
    free(c->data);
    c->data = NULL;
}

/* Serve until every connection is done (or the deadline passes). */
static void *server_main(void *p)
{
    run *r = p;
    conn *conns = calloc((size_t)r->n, sizeof(*conns));
    struct pollfd *pfd = calloc((size_t)r->n + 1, sizeof(*pfd));
    int *index = calloc((size_t)r->n + 1, sizeof(*index));
    int open = 0;
    while (r->server_served + r->server_errors < r->n && tl_now() < r->deadline) {
        nfds_t k = 0;
        pfd[k++] = (struct pollfd){.fd = r->listen_fd, .events = POLLIN};
        for (int i = 0; i < open; i++) {
            if (!conns[i].done) {
                index[k] = i;
                pfd[k++] = (struct pollfd){.fd = cssl_socket_fileno(conns[i].sock),
                                           .events = conns[i].events};
            }
        }
        if (poll(pfd, k, 100) < 0 && errno != EINTR) {
            break;
        }
        for (nfds_t j = 1; j < k; j++) {
            conn *c = &conns[index[j]];
            int rc = pfd[j].revents ? server_step(c) : 0;
            if (rc != 0) {
                server_finish(r, c, rc);
            }
        }
        if (pfd[0].revents & POLLIN) {
            server_accept(r, conns, &open);
        }
    }
    for (int i = 0; i < open; i++) {
        if (!conns[i].done) {
            server_finish(r, &conns[i], -1); /* left over at the deadline */
        }
    }
    free(conns);
    free(pfd);
    free(index);
    return NULL;
}

/* ---- client side ---------------------------------------------------------------- */

/* Send the payload and check its echo: 0 go on, 1 done, -1 failed. */
static int client_step(conn *c)
{
    int hs = step_handshake(c, "client");
    if (hs <= 0) {
        return hs;
    }
    c->events = 0;
    while (c->sent < c->len) {
        int n = cssl_socket_send(c->sock, c->data + c->sent, c->len - c->sent, 0);
        if (n < 0) {
            if (!wants_io(n)) {
                report("client", "send");
                return -1;
            }
            c->events |= (short)cssl_poll_events(n);
            break;
        }
        c->sent += (size_t)n;
    }
    unsigned char buf[16384];
    for (;;) {
        int n = cssl_socket_recv(c->sock, buf, sizeof(buf), 0);
        if (n < 0) {
            if (!wants_io(n)) {
                report("client", "recv");
                return -1;
            }
            c->events |= (short)cssl_poll_events(n);
            return 0;
        }
        if (n == 0 || c->got + (size_t)n > c->len || memcmp(buf, c->data + c->got, (size_t)n)) {
            fprintf(stderr, "client: echo differs at byte %zu (%d bytes, EOF=%d)\n", c->got, n,
                    n == 0);
            return -1;
        }
        c->got += (size_t)n;
        if (c->got == c->len) {
            return 1;
        }
    }
}

static int client_open(run *r, conn *c)
{
    struct sockaddr_in a = {.sin_family = AF_INET, .sin_port = htons((uint16_t)r->port)};
    inet_pton(AF_INET, "127.0.0.1", &a.sin_addr);
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    if (fd < 0 || connect(fd, (struct sockaddr *)&a, sizeof(a)) != 0 || set_nonblocking(fd)) {
        perror("client connect");
        if (fd >= 0) {
            close(fd);
        }
        return -1;
    }
    /* A distinct random payload of a few KiB. */
    unsigned char sz[2];
    if (cssl_rand_bytes(sz, 2) < 0) {
        close(fd);
        return -1;
    }
    c->len = MIN_PAYLOAD + (size_t)((sz[0] << 8 | sz[1]) % (MAX_PAYLOAD - MIN_PAYLOAD));
    c->data = malloc(c->len);
    if (cssl_rand_bytes(c->data, (int)c->len) < 0) {
        close(fd);
        return -1;
    }
    c->sock = cssl_context_wrap_socket(r->client_ctx, fd, false, false, true, "localhost", NULL);
    if (c->sock == NULL) {
        report("client", "wrap_socket");
        return -1;
    }
    return 0;
}

typedef struct client_arg {
    run *r;
    int id;
} client_arg;

static void client_loop(run *r, int id, conn *conns, int count, struct pollfd *pfd, int *index)
{
    int left = count;
    for (int i = 0; i < count; i++) {
        conns[i].events = POLLOUT; /* first step: the ClientHello */
    }
    while (left > 0 && tl_now() < r->deadline) {
        nfds_t k = 0;
        for (int i = 0; i < count; i++) {
            if (!conns[i].done) {
                index[k] = i;
                pfd[k++] = (struct pollfd){.fd = cssl_socket_fileno(conns[i].sock),
                                           .events = conns[i].events};
            }
        }
        if (poll(pfd, k, 100) < 0 && errno != EINTR) {
            break;
        }
        for (nfds_t j = 0; j < k; j++) {
            conn *c = &conns[index[j]];
            int rc = pfd[j].revents ? client_step(c) : 0;
            if (rc == 0) {
                continue;
            }
            if (rc > 0) {
                r->client_ok[id]++;
                r->client_bytes[id] += c->got;
            } else {
                r->client_errors[id]++;
            }
            cssl_socket_free(c->sock);
            c->sock = NULL;
            c->done = true;
            left--;
        }
    }
}

static void *client_main(void *p)
{
    client_arg *a = p;
    run *r = a->r;
    int count = r->n / 2 + (a->id == 0 ? r->n % 2 : 0);
    conn *conns = calloc((size_t)count, sizeof(*conns));
    struct pollfd *pfd = calloc((size_t)count, sizeof(*pfd));
    int *index = calloc((size_t)count, sizeof(*index));
    int opened = 0;
    while (opened < count && client_open(r, &conns[opened]) == 0) {
        opened++;
    }
    r->client_errors[a->id] += count - opened;
    for (int i = 0; i < opened; i++) {
        r->client_payload[a->id] += conns[i].len;
    }
    pthread_barrier_wait(&r->opened);
    client_loop(r, a->id, conns, opened, pfd, index);
    for (int i = 0; i < count; i++) {
        if (i < opened && !conns[i].done) {
            r->client_errors[a->id]++; /* unfinished at the deadline */
        }
        cssl_socket_free(conns[i].sock);
        free(conns[i].data);
    }
    free(conns);
    free(pfd);
    free(index);
    return NULL;
}

/* ---- the test ------------------------------------------------------------------- */

static int listen_any(int *port)
{
    struct sockaddr_in a = {.sin_family = AF_INET};
    inet_pton(AF_INET, "127.0.0.1", &a.sin_addr);
    socklen_t len = sizeof(a);
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    assert_true(fd >= 0);
    assert_int_equal(bind(fd, (struct sockaddr *)&a, len), 0);
    /* Room for every connection: the clients open them all before the
     * first handshake. */
    assert_int_equal(listen(fd, 1024), 0);
    assert_int_equal(getsockname(fd, (struct sockaddr *)&a, &len), 0);
    assert_int_equal(set_nonblocking(fd), 0);
    *port = ntohs(a.sin_port);
    return fd;
}

static int stress_n(void)
{
    const char *env = getenv("CSSL_STRESS_N");
    int n = env != NULL ? atoi(env) : DEFAULT_N;
    return n > 1 ? n : DEFAULT_N;
}

static void stress(int max_version)
{
    run r = {.n = stress_n()};
    r.server_ctx = tl_server_ctx(max_version);
    r.client_ctx = tl_client_ctx(max_version);
    r.listen_fd = listen_any(&r.port);
    r.deadline = tl_now() + DEADLINE;
    assert_int_equal(pthread_barrier_init(&r.opened, NULL, 2), 0);
    pthread_t server, clients[2];
    client_arg args[2] = {{.r = &r, .id = 0}, {.r = &r, .id = 1}};
    assert_int_equal(pthread_create(&server, NULL, server_main, &r), 0);
    for (int i = 0; i < 2; i++) {
        assert_int_equal(pthread_create(&clients[i], NULL, client_main, &args[i]), 0);
    }
    for (int i = 0; i < 2; i++) {
        pthread_join(clients[i], NULL);
    }
    pthread_join(server, NULL);
    double left = r.deadline - tl_now();
    fprintf(stderr, "stress: %d connections, %d+%d ok, %zu bytes echoed, %.2f s to spare\n",
            r.n, r.client_ok[0], r.client_ok[1], r.client_bytes[0] + r.client_bytes[1], left);
    pthread_barrier_destroy(&r.opened);
    close(r.listen_fd);
    cssl_context_free(r.server_ctx);
    cssl_context_free(r.client_ctx);
    assert_int_equal(r.client_errors[0] + r.client_errors[1], 0);
    assert_int_equal(r.server_errors, 0);
    assert_int_equal(r.client_ok[0] + r.client_ok[1], r.n);
    assert_int_equal(r.server_served, r.n);
    /* Nothing lost: every byte sent came back (and was compared). */
    assert_true(r.client_payload[0] + r.client_payload[1] >= (size_t)r.n * MIN_PAYLOAD);
    assert_true(r.client_bytes[0] + r.client_bytes[1] == r.client_payload[0] + r.client_payload[1]);
    assert_true(left > 0);
}

static void test_stress_tls13(void **state)
{
    (void)state;
    stress(0);
}

static void test_stress_tls12(void **state)
{
    (void)state;
    stress(CSSL_TLSVERSION_TLSv1_2);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_stress_tls13),
        cmocka_unit_test(test_stress_tls12),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
