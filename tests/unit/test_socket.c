/* SSLSocket over real connections on 127.0.0.1 / ::1: handshakes, data,
 * certificates, verification errors, timeouts, EOFs, unwrap, sessions,
 * SNI, ALPN, client certificates and post-handshake authentication.  Each
 * test starts a server thread (tlstest.h) and plays the client. */
#include "testlib.h"
#include "tlstest.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#define TLS12 CSSL_TLSVERSION_TLSv1_2
#define TLS13 CSSL_TLSVERSION_TLSv1_3

/* ---- server functions (run in the server thread) -------------------------- */

typedef struct server_opts {
    cssl_context *ctx;
    size_t expect;        /* bytes to read before echoing them (0: echo until EOF) */
    const char *greeting; /* written right after the handshake */
    double linger;        /* seconds to wait before leaving */
    bool ragged;          /* leave without close_notify */
    bool unwrap;          /* TLS shutdown, then send "plain" in clear */
} server_opts;

static int echo_until_eof(cssl_socket *s)
{
    char buf[16384];
    for (;;) {
        int n = cssl_socket_recv(s, buf, sizeof(buf), 0);
        /* A client that closes with data unread (its session tickets)
         * resets the connection: ConnectionResetError, as in Python. */
        if (n < 0 && cssl_last_error()->sys_errno == ECONNRESET) {
            return 0;
        }
        if (n <= 0) {
            return n < 0 ? tl_fail("recv") : 0;
        }
        if (cssl_socket_sendall(s, buf, (size_t)n, 0) < 0) {
            return tl_fail("sendall");
        }
    }
}

/* Read exactly `expect` bytes, then send them back. */
static int read_then_echo(cssl_socket *s, size_t expect)
{
    char *data = malloc(expect);
    size_t have = 0;
    while (have < expect) {
        int n = cssl_socket_recv(s, data + have, expect - have, 0);
        if (n <= 0) {
            free(data);
            return tl_fail("recv all");
        }
        have += (size_t)n;
    }
    int rc = cssl_socket_sendall(s, data, expect, 0) < 0 ? tl_fail("sendall all") : 0;
    free(data);
    return rc;
}

static int finish(cssl_socket *s, const server_opts *o)
{
    if (o->linger > 0) {
        usleep((useconds_t)(o->linger * 1e6));
    }
    if (o->unwrap) {
        int fd = cssl_socket_unwrap(s);
        if (fd < 0) {
            cssl_socket_free(s);
            return tl_fail("unwrap");
        }
        ssize_t n = write(fd, "plain", 5);
        close(fd);
        cssl_socket_free(s);
        return n == 5 ? 0 : 1;
    }
    cssl_socket_free(s); /* no close_notify: what o->ragged wants too */
    return 0;
}

static int serve(int fd, void *arg)
{
    const server_opts *o = arg;
    cssl_socket *s = tl_accept_tls(o->ctx, fd);
    if (s == NULL) {
        return 1;
    }
    if (o->greeting && cssl_socket_sendall(s, o->greeting, strlen(o->greeting), 0) < 0) {
        cssl_socket_free(s);
        return tl_fail("greeting");
    }
    int rc = 0;
    if (o->expect > 0) {
        rc = read_then_echo(s, o->expect);
    } else if (!o->ragged && !o->unwrap && o->greeting == NULL) {
        rc = echo_until_eof(s);
    }
    int rc2 = finish(s, o);
    return rc != 0 ? rc : rc2;
}

/* A server that fails its handshake, as expected. */
static int serve_expect_failure(int fd, void *arg)
{
    cssl_socket *s = cssl_context_wrap_socket(arg, fd, true, true, true, NULL, NULL);
    cssl_socket_free(s);
    return s == NULL ? 0 : 1;
}

static cssl_socket *client(cssl_context *ctx, int port, const char *sni)
{
    cssl_socket *c = cssl_socket_connect(ctx, "127.0.0.1", port, sni, 5.0);
    if (c == NULL) {
        print_error("connect: %s\n", cssl_last_error()->message);
    }
    assert_non_null(c);
    return c;
}

/* ---- handshakes and data ------------------------------------------------------ */

static void check_echo(int max_version, const char *version)
{
    cssl_context *sctx = tl_server_ctx(max_version);
    cssl_context *cctx = tl_client_ctx(0);
    server_opts o = {.ctx = sctx};
    int port;
    tl_server *srv = tl_server_start("127.0.0.1", serve, &o, 1, &port);
    cssl_socket *c = client(cctx, port, "localhost");
    assert_string_equal(cssl_socket_version(c), version);
    cssl_cipher ci;
    assert_true(cssl_socket_cipher(c, &ci));
    assert_string_equal(ci.protocol, version);
    assert_true(ci.secret_bits >= 128);
    assert_int_equal(cssl_socket_write(c, "hello", 5), 5);
    char buf[16] = {0};
    assert_int_equal(cssl_socket_read(c, buf, sizeof(buf)), 5);
    assert_string_equal(buf, "hello");
    assert_false(cssl_socket_server_side(c));
    assert_string_equal(cssl_socket_server_hostname(c), "localhost");
    assert_ptr_equal(cssl_socket_get_context(c), cctx);
    assert_int_equal(cssl_socket_session_reused(c), 0);
    assert_null(cssl_socket_compression(c));
    size_t n = 99;
    assert_null(cssl_socket_shared_ciphers(c, &n)); /* client side: None */
    assert_int_equal(n, 0);
    cssl_socket_free(c);
    assert_int_equal(tl_server_join(srv), 0);
    cssl_context_free(sctx);
    cssl_context_free(cctx);
}

static void test_echo_tls13(void **state)
{
    check_echo(0, "TLSv1.3");
}

static void test_echo_tls12(void **state)
{
    check_echo(TLS12, "TLSv1.2");
}

static void test_echo_1mib(void **state)
{
    enum { SIZE = 1 << 20 };
    cssl_context *sctx = tl_server_ctx(0);
    cssl_context *cctx = tl_client_ctx(0);
    server_opts o = {.ctx = sctx, .expect = SIZE};
    int port;
    tl_server *srv = tl_server_start("127.0.0.1", serve, &o, 1, &port);
    cssl_socket *c = client(cctx, port, "localhost");
    unsigned char *out = malloc(SIZE);
    unsigned char *in = malloc(SIZE);
    for (size_t i = 0; i < SIZE; i++) {
        out[i] = (unsigned char)(i * 7 + (i >> 9));
    }
    assert_int_equal(cssl_socket_sendall(c, out, SIZE, 0), 0);
    size_t have = 0;
    while (have < SIZE) {
        int n = cssl_socket_recv_into(c, in + have, SIZE - have, 0);
        assert_true(n > 0);
        have += (size_t)n;
    }
    assert_memory_equal(in, out, SIZE);
    free(out);
    free(in);
    cssl_socket_free(c);
    assert_int_equal(tl_server_join(srv), 0);
    cssl_context_free(sctx);
    cssl_context_free(cctx);
}

/* cssl_socket_listen() + accept() on ::1, with an IP address as
 * server_hostname (checked as an IP, not sent as SNI). */
static int ipv6_client(int port)
{
    cssl_context *cctx = cssl_context_new(CSSL_PROTOCOL_TLS_CLIENT);
    cssl_err rc =
        cssl_context_load_verify_locations(cctx, testlib_cert_path("ca.pem"), NULL, NULL, 0);
    cssl_socket *c = rc == 0 ? cssl_socket_connect(cctx, "::1", port, NULL, 5.0) : NULL;
    int result = c && cssl_socket_sendall(c, "v6", 2, 0) == 0 ? 0 : tl_fail("v6 client");
    cssl_socket_free(c);
    cssl_context_free(cctx);
    return result;
}

typedef struct {
    int port;
    int result;
} v6_arg;

static void *v6_thread(void *p)
{
    v6_arg *a = p;
    a->result = ipv6_client(a->port);
    return NULL;
}

static void test_listen_accept_ipv6(void **state)
{
    cssl_context *sctx = tl_server_ctx(0);
    cssl_socket *l = cssl_socket_listen(sctx, "::1", 0, 4);
    if (l == NULL) {
        skip(); /* no IPv6 here */
    }
    struct sockaddr_storage ss;
    socklen_t len = sizeof(ss);
    assert_int_equal(getsockname(cssl_socket_fileno(l), (struct sockaddr *)&ss, &len), 0);
    v6_arg a = {.port = ntohs(((struct sockaddr_in6 *)&ss)->sin6_port)};
    pthread_t t;
    pthread_create(&t, NULL, v6_thread, &a);
    cssl_socket *s = cssl_socket_accept(l);
    assert_non_null(s);
    assert_true(cssl_socket_server_side(s));
    char buf[4] = {0};
    assert_int_equal(cssl_socket_recv(s, buf, 2, 0), 2);
    assert_string_equal(buf, "v6");
    pthread_join(t, NULL);
    assert_int_equal(a.result, 0);
    cssl_socket_free(s);
    cssl_socket_free(l);
    cssl_context_free(sctx);
}

static void test_connection_refused(void **state)
{
    int port;
    tl_server *srv = tl_server_start("127.0.0.1", serve_expect_failure, NULL, 0, &port);
    assert_int_equal(tl_server_join(srv), 0); /* the listener is closed now */
    cssl_context *cctx = tl_client_ctx(0);
    cssl_socket *c = cssl_socket_connect(cctx, "127.0.0.1", port, "localhost", 2.0);
    expect_error(c ? 0 : -1, CSSL_E_OS, "[Errno 111] Connection refused");
    assert_int_equal(cssl_last_error()->sys_errno, 111);
    cssl_context_free(cctx);
}

/* ---- certificates and verification ----------------------------------------------- */

static void test_getpeercert_rules(void **state)
{
    cssl_context *sctx = tl_server_ctx(0);
    cssl_context *cctx = tl_client_ctx(0);
    server_opts o = {.ctx = sctx};
    int port;
    tl_server *srv = tl_server_start("127.0.0.1", serve, &o, 2, &port);
    /* Verified: the whole dict. */
    cssl_socket *c = client(cctx, port, "localhost");
    cssl_cert_info *cert = NULL;
    assert_int_equal(cssl_socket_getpeercert(c, &cert), 0);
    assert_non_null(cert);
    assert_true(cert->fields & CSSL_CERT_SUBJECT_ALT_NAME);
    assert_string_equal(cert->subject.rdns[1].attrs[0].value.data, "localhost");
    cssl_cert_info_free(cert);
    unsigned char *der = NULL;
    size_t der_len = 0;
    assert_true(cssl_socket_getpeercert_der(c, &der, &der_len) > 0);
    assert_int_equal(der[0], 0x30);
    cssl_free(der);
    cssl_store_list *chain = cssl_socket_get_verified_chain(c);
    assert_int_equal(chain->count, 2); /* leaf and CA */
    cssl_store_list_free(chain);
    chain = cssl_socket_get_unverified_chain(c);
    assert_int_equal(chain->count, 1);
    assert_string_equal(chain->items[0].encoding, "x509_asn");
    cssl_store_list_free(chain);
    cssl_socket_free(c);
    /* CERT_NONE: {} but the DER is there. */
    assert_int_equal(cssl_context_set_check_hostname(cctx, false), 0);
    assert_int_equal(cssl_context_set_verify_mode(cctx, CSSL_CERT_NONE), 0);
    c = client(cctx, port, NULL);
    assert_int_equal(cssl_socket_getpeercert(c, &cert), 0);
    assert_non_null(cert);
    assert_int_equal(cert->fields, 0);
    cssl_cert_info_free(cert);
    assert_true(cssl_socket_getpeercert_der(c, &der, &der_len) > 0);
    cssl_free(der);
    cssl_socket_free(c);
    assert_int_equal(tl_server_join(srv), 0);
    cssl_context_free(sctx);
    cssl_context_free(cctx);
}

/* The server side of a connection without client certificate: None. */
static int serve_check_no_peer(int fd, void *arg)
{
    cssl_socket *s = tl_accept_tls(arg, fd);
    if (s == NULL) {
        return 1;
    }
    cssl_cert_info *cert = (cssl_cert_info *)1;
    unsigned char *der = (unsigned char *)1;
    size_t len = 1;
    int rc = cssl_socket_getpeercert(s, &cert) == 0 && cert == NULL &&
                     cssl_socket_getpeercert_der(s, &der, &len) == 0 && der == NULL
                 ? 0
                 : tl_fail("getpeercert on server");
    size_t n = 0;
    cssl_cipher *shared = cssl_socket_shared_ciphers(s, &n);
    if (shared == NULL || n == 0) {
        rc = tl_fail("shared_ciphers");
    }
    cssl_free(shared);
    cssl_socket_free(s);
    return rc;
}

static void test_server_sees_no_cert(void **state)
{
    cssl_context *sctx = tl_server_ctx(0);
    cssl_context *cctx = tl_client_ctx(0);
    int port;
    tl_server *srv = tl_server_start("127.0.0.1", serve_check_no_peer, sctx, 1, &port);
    cssl_socket *c = client(cctx, port, "localhost");
    char b;
    assert_int_equal(cssl_socket_recv(c, &b, 1, 0), 0); /* the server left: ragged EOF */
    cssl_socket_free(c);
    assert_int_equal(tl_server_join(srv), 0);
    cssl_context_free(sctx);
    cssl_context_free(cctx);
}

static void test_getpeercert_before_handshake(void **state)
{
    cssl_context *sctx = tl_server_ctx(0);
    cssl_context *cctx = tl_client_ctx(0);
    server_opts o = {.ctx = sctx};
    int port;
    tl_server *srv = tl_server_start("127.0.0.1", serve, &o, 1, &port);
    int fd = tl_tcp_connect("127.0.0.1", port);
    cssl_socket *c = cssl_context_wrap_socket(cctx, fd, false, false, true, "localhost", NULL);
    assert_non_null(c);
    cssl_cert_info *cert = NULL;
    expect_error(cssl_socket_getpeercert(c, &cert), CSSL_E_VALUE, "handshake not done yet");
    assert_null(cssl_socket_version(c));
    cssl_cipher ci;
    assert_false(cssl_socket_cipher(c, &ci));
    assert_int_equal(cssl_socket_get_channel_binding(c, NULL, NULL, 0), 0);
    assert_int_equal(cssl_socket_do_handshake(c), 0);
    assert_string_equal(cssl_socket_version(c), "TLSv1.3");
    cssl_socket_free(c);
    assert_int_equal(tl_server_join(srv), 0);
    cssl_context_free(sctx);
    cssl_context_free(cctx);
}

typedef struct {
    const char *sni;
    const char *message;
    long verify_code;
} verify_case;

static void test_verification_errors(void **state)
{
    static const verify_case cases[] = {
        {.sni = "localhost",
         .message = "[SSL: CERTIFICATE_VERIFY_FAILED] certificate verify failed: unable to get "
                    "local issuer certificate",
         .verify_code = 20},
        {.sni = "wrong.example",
         .message = "[SSL: CERTIFICATE_VERIFY_FAILED] certificate verify failed: Hostname "
                    "mismatch, certificate is not valid for 'wrong.example'.",
         .verify_code = 62},
        {.sni = "127.0.0.2",
         .message = "[SSL: CERTIFICATE_VERIFY_FAILED] certificate verify failed: IP address "
                    "mismatch, certificate is not valid for '127.0.0.2'.",
         .verify_code = 64},
    };
    cssl_context *sctx = tl_server_ctx(0);
    int port;
    tl_server *srv = tl_server_start("127.0.0.1", serve_expect_failure, sctx,
                                     (int)(sizeof(cases) / sizeof(cases[0])), &port);
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        /* The first case trusts nothing (unknown CA). */
        cssl_context *cctx = i == 0 ? cssl_context_new(CSSL_PROTOCOL_TLS_CLIENT) : tl_client_ctx(0);
        cssl_socket *c = cssl_socket_connect(cctx, "127.0.0.1", port, cases[i].sni, 5.0);
        expect_error(c ? 0 : -1, CSSL_E_CERT_VERIFICATION, cases[i].message);
        const cssl_error *e = cssl_last_error();
        assert_int_equal(e->verify_code, cases[i].verify_code);
        assert_string_equal(e->library, "SSL");
        assert_string_equal(e->reason, "CERTIFICATE_VERIFY_FAILED");
        assert_int_equal(e->py_errno, 1);
        assert_true(cssl_error_isa(e->code, CSSL_E_VALUE));
        cssl_context_free(cctx);
    }
    assert_int_equal(tl_server_join(srv), 0);
    cssl_context_free(sctx);
}

/* ---- timeouts, non-blocking mode, EOFs and unwrap ------------------------------------- */

/* Silent until the test writes to the pipe, then a normal server. */
typedef struct {
    int pipe_rd;
    server_opts opts;
} delayed_arg;

static int serve_delayed(int fd, void *arg)
{
    delayed_arg *d = arg;
    char go;
    if (read(d->pipe_rd, &go, 1) != 1) {
        close(fd);
        return 1;
    }
    return serve(fd, &d->opts);
}

static void test_handshake_timeout_then_usable(void **state)
{
    cssl_context *sctx = tl_server_ctx(0);
    cssl_context *cctx = tl_client_ctx(0);
    int p[2];
    assert_int_equal(pipe(p), 0);
    delayed_arg d = {.pipe_rd = p[0], .opts = {.ctx = sctx}};
    int port;
    tl_server *srv = tl_server_start("127.0.0.1", serve_delayed, &d, 1, &port);
    int fd = tl_tcp_connect("127.0.0.1", port);
    cssl_socket *c = cssl_context_wrap_socket(cctx, fd, false, false, true, "localhost", NULL);
    assert_non_null(c);
    assert_int_equal(cssl_socket_settimeout(c, 0.2), 0);
    assert_true(cssl_socket_gettimeout(c) == 0.2);
    double t0 = tl_now();
    expect_error(cssl_socket_do_handshake(c), CSSL_E_TIMEOUT, "The handshake operation timed out");
    double elapsed = tl_now() - t0;
    assert_true(elapsed >= 0.19 && elapsed < 1.0);
    assert_true(cssl_error_isa(CSSL_E_TIMEOUT, CSSL_E_OS));
    assert_int_equal(write(p[1], "g", 1), 1);
    assert_int_equal(cssl_socket_settimeout(c, 5.0), 0);
    assert_int_equal(cssl_socket_do_handshake(c), 0);
    /* A read that times out leaves the connection usable too. */
    assert_int_equal(cssl_socket_settimeout(c, 0.2), 0);
    char buf[8] = {0};
    expect_error(cssl_socket_recv(c, buf, sizeof(buf), 0), CSSL_E_TIMEOUT,
                 "The read operation timed out");
    assert_int_equal(cssl_socket_sendall(c, "abc", 3, 0), 0);
    assert_int_equal(cssl_socket_recv(c, buf, sizeof(buf), 0), 3);
    assert_string_equal(buf, "abc");
    cssl_socket_free(c);
    assert_int_equal(tl_server_join(srv), 0);
    close(p[0]);
    close(p[1]);
    cssl_context_free(sctx);
    cssl_context_free(cctx);
}

static void test_nonblocking_want_read(void **state)
{
    cssl_context *sctx = tl_server_ctx(0);
    cssl_context *cctx = tl_client_ctx(0);
    server_opts o = {.ctx = sctx};
    int port;
    tl_server *srv = tl_server_start("127.0.0.1", serve, &o, 1, &port);
    cssl_socket *c = client(cctx, port, "localhost");
    assert_int_equal(cssl_socket_setblocking(c, false), 0);
    assert_true(cssl_socket_gettimeout(c) == 0.0);
    char buf[4];
    expect_error(cssl_socket_recv(c, buf, sizeof(buf), 0), CSSL_E_WANT_READ,
                 "The operation did not complete (read)");
    assert_int_equal(cssl_last_error()->py_errno, 2);
    assert_null(cssl_last_error()->library);
    assert_int_equal(cssl_socket_setblocking(c, true), 0);
    assert_int_equal(cssl_socket_sendall(c, "x", 1, 0), 0);
    assert_int_equal(cssl_socket_recv(c, buf, sizeof(buf), 0), 1);
    assert_int_equal(cssl_socket_pending(c), 0);
    cssl_socket_free(c);
    assert_int_equal(tl_server_join(srv), 0);
    cssl_context_free(sctx);
    cssl_context_free(cctx);
}

/* A non-blocking handshake on a wrapped fd is refused, as in Python. */
static void test_nonblocking_handshake_on_connect(void **state)
{
    cssl_context *sctx = tl_server_ctx(0);
    cssl_context *cctx = tl_client_ctx(0);
    int port;
    tl_server *srv = tl_server_start("127.0.0.1", serve_expect_failure, sctx, 1, &port);
    int fd = tl_tcp_connect("127.0.0.1", port);
    assert_int_equal(fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK), 0);
    cssl_socket *c = cssl_context_wrap_socket(cctx, fd, false, true, true, "localhost", NULL);
    expect_error(c ? 0 : -1, CSSL_E_VALUE,
                 "do_handshake_on_connect should not be specified for non-blocking sockets");
    /* ... and fd was closed with it: the server's handshake fails. */
    assert_int_equal(tl_server_join(srv), 0);
    cssl_context_free(sctx);
    cssl_context_free(cctx);
}

static void check_eof(bool ragged, bool suppress)
{
    cssl_context *sctx = tl_server_ctx(0);
    cssl_context *cctx = tl_client_ctx(0);
    server_opts o = {.ctx = sctx, .greeting = "hi", .ragged = ragged, .unwrap = !ragged};
    int port;
    tl_server *srv = tl_server_start("127.0.0.1", serve, &o, 1, &port);
    int fd = tl_tcp_connect("127.0.0.1", port);
    cssl_socket *c = cssl_context_wrap_socket(cctx, fd, false, true, suppress, "localhost", NULL);
    assert_non_null(c);
    char buf[8] = {0};
    assert_int_equal(cssl_socket_recv(c, buf, 2, 0), 2);
    if (ragged && !suppress) {
        expect_error(cssl_socket_recv(c, buf, sizeof(buf), 0), CSSL_E_EOF,
                     "[SSL: UNEXPECTED_EOF_WHILE_READING] EOF occurred in violation of protocol");
        assert_int_equal(cssl_last_error()->py_errno, 8);
        assert_string_equal(cssl_last_error()->reason, "UNEXPECTED_EOF_WHILE_READING");
    } else {
        /* A ragged EOF suppressed, or the peer's close_notify: 0, again. */
        assert_int_equal(cssl_socket_recv(c, buf, sizeof(buf), 0), 0);
        assert_int_equal(cssl_socket_read(c, buf, sizeof(buf)), 0);
    }
    if (!ragged) {
        /* unwrap(): our close_notify, then the plain data behind it. */
        int plain = cssl_socket_unwrap(c);
        assert_true(plain >= 0);
        assert_int_equal(cssl_socket_fileno(c), -1);
        memset(buf, 0, sizeof(buf));
        assert_int_equal(read(plain, buf, sizeof(buf)), 5);
        assert_string_equal(buf, "plain");
        close(plain);
        expect_error(cssl_socket_read(c, buf, 1), CSSL_E_VALUE,
                     "Read on closed or unwrapped SSL socket.");
    }
    cssl_socket_free(c);
    assert_int_equal(tl_server_join(srv), 0);
    cssl_context_free(sctx);
    cssl_context_free(cctx);
}

static void test_ragged_eof_suppressed(void **state)
{
    check_eof(true, true);
}

static void test_ragged_eof_raised(void **state)
{
    check_eof(true, false);
}

static void test_clean_close_and_unwrap(void **state)
{
    check_eof(false, false);
}

/* ---- argument checks and closed sockets ------------------------------------------------ */

typedef struct {
    bool server_side;
    bool check_hostname;
    int protocol;
    const char *hostname;
    cssl_err code;
    const char *message;
} wrap_case;

static void test_wrap_argument_errors(void **state)
{
    static const wrap_case cases[] = {
        {.server_side = true,
         .protocol = CSSL_PROTOCOL_TLS_SERVER,
         .hostname = "x",
         .code = CSSL_E_VALUE,
         .message = "server_hostname can only be specified in client mode"},
        {.check_hostname = true,
         .protocol = CSSL_PROTOCOL_TLS_CLIENT,
         .code = CSSL_E_VALUE,
         .message = "check_hostname requires server_hostname"},
        {.check_hostname = true,
         .protocol = CSSL_PROTOCOL_TLS_CLIENT,
         .hostname = "",
         .code = CSSL_E_VALUE,
         .message = "check_hostname requires server_hostname"},
        {.protocol = CSSL_PROTOCOL_TLS_CLIENT,
         .hostname = "",
         .code = CSSL_E_VALUE,
         .message = "server_hostname cannot be an empty string or start with a leading dot."},
        {.protocol = CSSL_PROTOCOL_TLS_CLIENT,
         .hostname = ".example.com",
         .code = CSSL_E_VALUE,
         .message = "'idna' codec can't encode character '\\x2e' in position 0: label empty"},
        {.protocol = CSSL_PROTOCOL_TLS_CLIENT,
         .hostname = "a..b",
         .code = CSSL_E_VALUE,
         .message = "'idna' codec can't encode character '\\x2e' in position 2: label empty"},
        {.protocol = CSSL_PROTOCOL_TLS_CLIENT,
         .hostname = "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa.com",
         .code = CSSL_E_VALUE,
         .message = "'idna' codec can't encode characters in position 0-63: label too long"},
        {.protocol = CSSL_PROTOCOL_TLS_CLIENT,
         .hostname = "m\xc3\xbcnchen.de",
         .code = CSSL_E_VALUE,
         .message = "non-ASCII server_hostname is not supported: pass its IDNA A-label "
                    "(\"xn--...\")"},
        {.server_side = true,
         .protocol = CSSL_PROTOCOL_TLS_CLIENT,
         .code = CSSL_E_SSL,
         .message = "Cannot create a server socket with a PROTOCOL_TLS_CLIENT context"},
        {.protocol = CSSL_PROTOCOL_TLS_SERVER,
         .hostname = "x",
         .code = CSSL_E_SSL,
         .message = "Cannot create a client socket with a PROTOCOL_TLS_SERVER context"},
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        const wrap_case *w = &cases[i];
        cssl_context *ctx = cssl_context_new(w->protocol);
        assert_int_equal(cssl_context_set_check_hostname(ctx, w->check_hostname), 0);
        int sv[2];
        assert_int_equal(socketpair(AF_UNIX, SOCK_STREAM, 0, sv), 0);
        cssl_socket *s =
            cssl_context_wrap_socket(ctx, sv[0], w->server_side, false, true, w->hostname, NULL);
        expect_error(s ? 0 : -1, w->code, w->message);
        close(sv[1]);
        close(sv[0]); /* closed already when refused after the take-over */
        cssl_context_free(ctx);
    }
}

static void test_accepted_hostnames(void **state)
{
    static const char *const names[] = {"ABC.com",     "a.com.",    "ex_ample.com",
                                        "xn--abc.com", "127.0.0.1", "::1"};
    cssl_context *ctx = cssl_context_new(CSSL_PROTOCOL_TLS_CLIENT);
    for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
        int sv[2];
        assert_int_equal(socketpair(AF_UNIX, SOCK_STREAM, 0, sv), 0);
        cssl_socket *s = cssl_context_wrap_socket(ctx, sv[0], false, false, true, names[i], NULL);
        assert_non_null(s);
        assert_string_equal(cssl_socket_server_hostname(s), names[i]);
        cssl_socket_free(s);
        close(sv[1]);
    }
    cssl_context_free(ctx);
}

static void test_closed_and_unconnected(void **state)
{
    cssl_context *ctx = tl_client_ctx(0);
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    cssl_socket *s = cssl_context_wrap_socket(ctx, fd, false, true, true, "localhost", NULL);
    assert_non_null(s);
    char buf[4];
    cssl_cert_info *cert;
    expect_error(cssl_socket_getpeercert(s, &cert), CSSL_E_OS,
                 "[Errno 107] Transport endpoint is not connected");
    expect_error(cssl_socket_read(s, buf, 1), CSSL_E_VALUE,
                 "Read on closed or unwrapped SSL socket.");
    expect_error(cssl_socket_write(s, "x", 1), CSSL_E_VALUE,
                 "Write on closed or unwrapped SSL socket.");
    assert_int_equal(cssl_socket_session_reused(s), -1);
    assert_null(cssl_socket_get_session(s));
    expect_error(cssl_socket_get_channel_binding(s, "foo", NULL, 0), CSSL_E_VALUE,
                 "foo channel binding type not implemented");
    assert_int_equal(cssl_socket_close(s), 0);
    assert_int_equal(cssl_socket_fileno(s), -1);
    expect_error(cssl_socket_recv(s, buf, 1, 1), CSSL_E_OS, "[Errno 9] Bad file descriptor");
    expect_error(cssl_socket_unwrap(s), CSSL_E_VALUE,
                 "No SSL wrapper around <ssl.SSLSocket [closed] fd=-1>");
    expect_error(cssl_socket_do_handshake(s), CSSL_E_OS, "[Errno 9] Bad file descriptor");
    assert_int_equal(cssl_socket_close(s), 0);
    cssl_socket_free(s);
    cssl_socket_free(NULL);
    cssl_context_free(ctx);
}

static void test_flags_refused(void **state)
{
    cssl_context *sctx = tl_server_ctx(0);
    cssl_context *cctx = tl_client_ctx(0);
    server_opts o = {.ctx = sctx};
    int port;
    tl_server *srv = tl_server_start("127.0.0.1", serve, &o, 1, &port);
    cssl_socket *c = client(cctx, port, "localhost");
    char buf[4];
    expect_error(cssl_socket_recv(c, buf, 1, MSG_PEEK), CSSL_E_VALUE,
                 "non-zero flags not allowed in calls to recv() on <class 'ssl.SSLSocket'>");
    expect_error(cssl_socket_recv_into(c, buf, 1, MSG_PEEK), CSSL_E_VALUE,
                 "non-zero flags not allowed in calls to recv_into() on <class 'ssl.SSLSocket'>");
    expect_error(cssl_socket_send(c, "x", 1, MSG_OOB), CSSL_E_VALUE,
                 "non-zero flags not allowed in calls to send() on <class 'ssl.SSLSocket'>");
    expect_error(cssl_socket_sendall(c, "x", 1, MSG_OOB), CSSL_E_VALUE,
                 "non-zero flags not allowed in calls to sendall() on <class 'ssl.SSLSocket'>");
    expect_error(cssl_socket_connect_fd(c, "127.0.0.1", port), CSSL_E_VALUE,
                 "attempt to connect already-connected SSLSocket!");
    expect_error(cssl_socket_get_channel_binding(c, "tls-server-end-point", NULL, 0), CSSL_E_VALUE,
                 "'tls-server-end-point' channel binding type not implemented");
    assert_int_equal(cssl_socket_write(c, "", 0), 0);
    cssl_socket_free(c);
    assert_int_equal(tl_server_join(srv), 0);
    cssl_context_free(sctx);
    cssl_context_free(cctx);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_echo_tls13),
        cmocka_unit_test(test_echo_tls12),
        cmocka_unit_test(test_echo_1mib),
        cmocka_unit_test(test_listen_accept_ipv6),
        cmocka_unit_test(test_connection_refused),
        cmocka_unit_test(test_getpeercert_rules),
        cmocka_unit_test(test_server_sees_no_cert),
        cmocka_unit_test(test_getpeercert_before_handshake),
        cmocka_unit_test(test_verification_errors),
        cmocka_unit_test(test_handshake_timeout_then_usable),
        cmocka_unit_test(test_nonblocking_want_read),
        cmocka_unit_test(test_nonblocking_handshake_on_connect),
        cmocka_unit_test(test_ragged_eof_suppressed),
        cmocka_unit_test(test_ragged_eof_raised),
        cmocka_unit_test(test_clean_close_and_unwrap),
        cmocka_unit_test(test_wrap_argument_errors),
        cmocka_unit_test(test_accepted_hostnames),
        cmocka_unit_test(test_closed_and_unconnected),
        cmocka_unit_test(test_flags_refused),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
