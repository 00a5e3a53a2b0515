#include "tlstest.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "testlib.h"

struct tl_server {
    pthread_t thread;
    int listen_fd;
    tl_server_fn fn;
    void *arg;
    int count;
    int result;
};

double tl_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

int tl_fail(const char *what)
{
    const cssl_error *e = cssl_last_error();
    fprintf(stderr, "server: %s: %s: %s\n", what, cssl_err_name(e->code), e->message);
    return 1;
}

static void *server_main(void *p)
{
    tl_server *s = p;
    for (int i = 0; i < s->count; i++) {
        int fd = accept(s->listen_fd, NULL, NULL);
        if (fd < 0) {
            perror("accept");
            s->result = 1;
            break;
        }
        int rc = s->fn(fd, s->arg);
        if (rc != 0 && s->result == 0) {
            s->result = rc;
        }
    }
    close(s->listen_fd);
    return NULL;
}

static int make_listener(const char *host, int *port)
{
    bool v6 = strchr(host, ':') != NULL;
    struct sockaddr_storage ss = {0};
    socklen_t len;
    if (v6) {
        struct sockaddr_in6 *a = (struct sockaddr_in6 *)&ss;
        a->sin6_family = AF_INET6;
        inet_pton(AF_INET6, host, &a->sin6_addr);
        len = sizeof(*a);
    } else {
        struct sockaddr_in *a = (struct sockaddr_in *)&ss;
        a->sin_family = AF_INET;
        inet_pton(AF_INET, host, &a->sin_addr);
        len = sizeof(*a);
    }
    int fd = socket(ss.ss_family, SOCK_STREAM, 0);
    if (fd < 0 || bind(fd, (struct sockaddr *)&ss, len) != 0 || listen(fd, 8) != 0) {
        perror("listen");
        return -1;
    }
    getsockname(fd, (struct sockaddr *)&ss, &len);
    *port =
        ntohs(v6 ? ((struct sockaddr_in6 *)&ss)->sin6_port : ((struct sockaddr_in *)&ss)->sin_port);
    return fd;
}

tl_server *tl_server_start(const char *host, tl_server_fn fn, void *arg, int count, int *port)
{
    tl_server *s = calloc(1, sizeof(*s));
    s->listen_fd = make_listener(host, port);
    assert_true(s->listen_fd >= 0);
    s->fn = fn;
    s->arg = arg;
    s->count = count;
    assert_int_equal(pthread_create(&s->thread, NULL, server_main, s), 0);
    return s;
}

int tl_server_join(tl_server *s)
{
    pthread_join(s->thread, NULL);
    int rc = s->result;
    free(s);
    return rc;
}

int tl_tcp_connect(const char *host, int port)
{
    bool v6 = strchr(host, ':') != NULL;
    struct sockaddr_storage ss = {0};
    socklen_t len;
    if (v6) {
        struct sockaddr_in6 *a = (struct sockaddr_in6 *)&ss;
        a->sin6_family = AF_INET6;
        a->sin6_port = htons((uint16_t)port);
        inet_pton(AF_INET6, host, &a->sin6_addr);
        len = sizeof(*a);
    } else {
        struct sockaddr_in *a = (struct sockaddr_in *)&ss;
        a->sin_family = AF_INET;
        a->sin_port = htons((uint16_t)port);
        inet_pton(AF_INET, host, &a->sin_addr);
        len = sizeof(*a);
    }
    int fd = socket(ss.ss_family, SOCK_STREAM, 0);
    assert_true(fd >= 0);
    assert_int_equal(connect(fd, (struct sockaddr *)&ss, len), 0);
    return fd;
}

static cssl_context *with_max(cssl_context *ctx, int max_version)
{
    assert_non_null(ctx);
    if (max_version != 0) {
        assert_int_equal(cssl_context_set_maximum_version(ctx, max_version), 0);
    }
    return ctx;
}

cssl_context *tl_server_ctx(int max_version)
{
    cssl_context *ctx = cssl_context_new(CSSL_PROTOCOL_TLS_SERVER);
    assert_non_null(ctx);
    char cert[4096];
    snprintf(cert, sizeof(cert), "%s", testlib_cert_path("server.pem"));
    assert_int_equal(cssl_context_load_cert_chain(ctx, cert, testlib_cert_path("server.key"), NULL),
                     0);
    return with_max(ctx, max_version);
}

cssl_context *tl_client_ctx(int max_version)
{
    cssl_context *ctx = cssl_context_new(CSSL_PROTOCOL_TLS_CLIENT);
    assert_non_null(ctx);
    assert_int_equal(
        cssl_context_load_verify_locations(ctx, testlib_cert_path("ca.pem"), NULL, NULL, 0), 0);
    return with_max(ctx, max_version);
}

cssl_socket *tl_accept_tls(cssl_context *ctx, int fd)
{
    cssl_socket *s = cssl_context_wrap_socket(ctx, fd, true, true, true, NULL, NULL);
    if (s == NULL) {
        tl_fail("wrap/handshake");
    }
    return s;
}
