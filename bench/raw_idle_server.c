/*
 * raw_idle_server.c - the raw-OpenSSL reference for bench/conn_memory.sh: a
 * minimal, correct libssl echo server for many connections (one thread,
 * epoll, non-blocking sockets, SSL_set_fd), with OpenSSL's default
 * settings unless --release-buffers (SSL_MODE_RELEASE_BUFFERS, what Python
 * and cssl set).  Same command line and output as
 * examples/event_loop_server.c, so the script can swap them.
 *
 * Usage: raw_idle_server [--release-buffers] CERTFILE KEYFILE [PORT]
 * Build: cc -O2 raw_idle_server.c -o raw_idle_server -lssl -lcrypto
 */
#define _GNU_SOURCE 1
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <unistd.h>

#include <openssl/err.h>
#include <openssl/ssl.h>

static volatile sig_atomic_t stop;
static unsigned char buf[16384];

static void on_signal(int sig)
{
    (void)sig;
    stop = 1;
}

static void drop(int ep, SSL *ssl)
{
    int fd = SSL_get_fd(ssl);
    epoll_ctl(ep, EPOLL_CTL_DEL, fd, NULL);
    SSL_free(ssl);
    close(fd);
    ERR_clear_error();
}

static void set_interest(int ep, SSL *ssl, int err)
{
    struct epoll_event ev = {.events = err == SSL_ERROR_WANT_WRITE ? EPOLLOUT : EPOLLIN,
                             .data.ptr = ssl};
    epoll_ctl(ep, EPOLL_CTL_MOD, SSL_get_fd(ssl), &ev);
}

/* Handshake, then echo whatever can be read; SSL_write() of a record that
 * does not fit is retried on EPOLLOUT by the next event (partial writes on). */
static void on_event(int ep, SSL *ssl)
{
    if (!SSL_is_init_finished(ssl)) {
        int rc = SSL_do_handshake(ssl);
        if (rc != 1) {
            int err = SSL_get_error(ssl, rc);
            if (err == SSL_ERROR_WANT_READ || err == SSL_ERROR_WANT_WRITE) {
                set_interest(ep, ssl, err);
            } else {
                drop(ep, ssl);
            }
            return;
        }
    }
    for (;;) {
        size_t n = 0, w = 0;
        if (SSL_read_ex(ssl, buf, sizeof(buf), &n) != 1) {
            int err = SSL_get_error(ssl, 0);
            if (err == SSL_ERROR_WANT_READ || err == SSL_ERROR_WANT_WRITE) {
                set_interest(ep, ssl, err);
            } else {
                if (err == SSL_ERROR_ZERO_RETURN) {
                    SSL_shutdown(ssl);
                }
                drop(ep, ssl);
            }
            return;
        }
        /* A blocking-style write: the echo is small in this benchmark. */
        while (SSL_write_ex(ssl, buf, n, &w) != 1) {
            int err = SSL_get_error(ssl, 0);
            if (err != SSL_ERROR_WANT_WRITE) {
                drop(ep, ssl);
                return;
            }
        }
    }
}

static void accept_all(int ep, int listener, SSL_CTX *ctx)
{
    int fd;
    while ((fd = accept4(listener, NULL, NULL, SOCK_NONBLOCK | SOCK_CLOEXEC)) >= 0) {
        SSL *ssl = SSL_new(ctx);
        if (ssl == NULL || SSL_set_fd(ssl, fd) != 1) {
            SSL_free(ssl);
            close(fd);
            continue;
        }
        SSL_set_accept_state(ssl);
        struct epoll_event ev = {.events = EPOLLIN, .data.ptr = ssl};
        epoll_ctl(ep, EPOLL_CTL_ADD, fd, &ev);
    }
}

static int listen_on(int port)
{
    struct sockaddr_in sin = {.sin_family = AF_INET, .sin_port = htons((uint16_t)port)};
    sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    int fd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    int one = 1;
    setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
    if (bind(fd, (struct sockaddr *)&sin, sizeof(sin)) != 0 || listen(fd, 4096) != 0) {
        perror("listen");
        exit(1);
    }
    socklen_t len = sizeof(sin);
    getsockname(fd, (struct sockaddr *)&sin, &len);
    printf("listening on 127.0.0.1:%d\n", ntohs(sin.sin_port));
    fflush(stdout);
    return fd;
}

int main(int argc, char **argv)
{
    int release = argc > 1 && strcmp(argv[1], "--release-buffers") == 0;
    argv += release;
    argc -= release;
    if (argc < 3) {
        fprintf(stderr, "usage: raw_idle_server [--release-buffers] CERTFILE KEYFILE [PORT]\n");
        return 2;
    }
    struct rlimit rl;
    if (getrlimit(RLIMIT_NOFILE, &rl) == 0) {
        rl.rlim_cur = rl.rlim_max;
        setrlimit(RLIMIT_NOFILE, &rl);
    }
    struct sigaction sa = {.sa_handler = on_signal};
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGTERM, &sa, NULL);
    SSL_CTX *ctx = SSL_CTX_new(TLS_server_method());
    if (ctx == NULL || SSL_CTX_use_certificate_chain_file(ctx, argv[1]) != 1 ||
        SSL_CTX_use_PrivateKey_file(ctx, argv[2], SSL_FILETYPE_PEM) != 1) {
        ERR_print_errors_fp(stderr);
        return 1;
    }
    if (release) {
        SSL_CTX_set_mode(ctx, SSL_MODE_RELEASE_BUFFERS);
    }
    int listener = listen_on(argc > 3 ? atoi(argv[3]) : 0);
    int ep = epoll_create1(EPOLL_CLOEXEC);
    struct epoll_event ev = {.events = EPOLLIN, .data.ptr = NULL}, events[256];
    epoll_ctl(ep, EPOLL_CTL_ADD, listener, &ev);
    while (!stop) {
        int n = epoll_wait(ep, events, 256, -1);
        for (int i = 0; i < n; i++) {
            if (events[i].data.ptr == NULL) {
                accept_all(ep, listener, ctx);
            } else {
                on_event(ep, events[i].data.ptr);
            }
        }
    }
    SSL_CTX_free(ctx);
    return 0;
}
