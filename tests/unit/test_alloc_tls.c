/* Allocation-failure sweep of TLS connections, client and server in one
 * thread: over memory BIOs (SSLObject: wrap_bio, handshake, write, read,
 * getpeercert, session, unwrap; TLS 1.3, TLS 1.2 and a resumed TLS 1.3
 * session) and over a socketpair (SSLSocket: wrap_socket, handshake,
 * sendall, recv, unwrap).  The contexts are made before the sweep; the
 * context paths are test_alloc_context's.  tests/lib/allocsweep.h says what
 * each run must and must not do; the program prints how many failure
 * points each path covered. */
#include "allocsweep.h"
#include "testlib.h"
#include "tlstest.h"

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "tls_internal.h"

static struct {
    cssl_context *cctx, *sctx;       /* TLS 1.3 */
    cssl_context *cctx12, *sctx12;   /* TLS 1.2 at most */
    cssl_session *session;           /* a TLS 1.3 session of cctx, for resumption */
} in;

enum { ROUNDS = 12 };

static const char request[] = "GET / HTTP/1.0\r\n\r\n";
static const char reply[] = "HTTP/1.0 200 OK\r\n\r\nhello";

/* Servers cache sessions (TLS 1.2 session ids): each run starts from an
 * empty cache so that what one run stored is not counted as its leak. */
static void flush_sessions(sw_run *r)
{
    sw_pause(r);
    SSL_CTX_flush_sessions(in.sctx->ctx, 0);
    SSL_CTX_flush_sessions(in.sctx12->ctx, 0);
    SSL_CTX_flush_sessions(in.cctx->ctx, 0);
    SSL_CTX_flush_sessions(in.cctx12->ctx, 0);
    sw_resume(r);
}

/* ---- memory BIOs ---------------------------------------------------------- */

typedef struct end {
    cssl_memory_bio *in, *out;
    cssl_object *obj;
    const char *name;
} end;

static bool end_open(sw_run *r, end *e, cssl_context *ctx, bool server, cssl_session *session)
{
    e->name = server ? "server" : "client";
    e->in = cssl_memory_bio_new();
    if (!sw_ptr(r, e->in, "memory_bio_new")) {
        return false;
    }
    e->out = cssl_memory_bio_new();
    if (!sw_ptr(r, e->out, "memory_bio_new")) {
        return false;
    }
    e->obj = cssl_context_wrap_bio(ctx, e->in, e->out, server, server ? NULL : "localhost",
                                   session);
    return sw_ptr(r, e->obj, "wrap_bio");
}

static void end_close(end *e)
{
    cssl_object_free(e->obj);
    cssl_memory_bio_free(e->in);
    cssl_memory_bio_free(e->out);
}

/* Move what `from` wrote into `to`'s incoming BIO. */
static bool transfer(sw_run *r, end *from, end *to)
{
    size_t len = 0;
    unsigned char *data = cssl_memory_bio_read_all(from->out, &len);
    if (!sw_ptr(r, data, "memory_bio_read_all")) {
        return false;
    }
    bool ok = len == 0 || sw_ok(r, cssl_memory_bio_write(to->in, data, len), "memory_bio_write");
    cssl_free(data);
    return ok;
}

/* One step of an operation that may want more bytes: 1 done, 0 call again,
 * -1 failed (recorded). */
static int step(sw_run *r, int rc, const char *what)
{
    if (rc >= 0) {
        return 1;
    }
    if (rc == CSSL_E_WANT_READ || rc == CSSL_E_WANT_WRITE) {
        return 0;
    }
    sw_ok(r, rc, what);
    return -1;
}

static bool handshake(sw_run *r, end *c, end *s)
{
    int cd = 0, sd = 0;
    for (int i = 0; i < ROUNDS && (cd == 0 || sd == 0); i++) {
        if (cd == 0 && (cd = step(r, cssl_object_do_handshake(c->obj), "client handshake")) < 0) {
            return false;
        }
        if (!transfer(r, c, s)) {
            return false;
        }
        if (sd == 0 && (sd = step(r, cssl_object_do_handshake(s->obj), "server handshake")) < 0) {
            return false;
        }
        if (!transfer(r, s, c)) {
            return false;
        }
    }
    if (cd != 1 || sd != 1) {
        sw_violation(r, "handshake stalled with no error (client %d, server %d)", cd, sd);
        return false;
    }
    return true;
}

/* Write text on one end, read it on the other. */
static bool exchange(sw_run *r, end *from, end *to, const char *text)
{
    size_t len = strlen(text);
    if (!sw_ok(r, cssl_object_write(from->obj, text, len), "write") || !transfer(r, from, to)) {
        return false;
    }
    char buf[256];
    size_t have = 0;
    for (int i = 0; i < ROUNDS && have < len; i++) {
        int n = cssl_object_read(to->obj, buf + have, sizeof(buf) - have);
        int st = step(r, n, "read");
        if (st < 0) {
            return false;
        }
        have += st > 0 ? (size_t)n : 0;
        /* A TLS 1.3 client reads the server's tickets first: its answers
         * (none) go back. */
        if (st == 0 && !transfer(r, from, to)) {
            return false;
        }
    }
    sw_digest(r, "%s got %zu: %.*s\n", to->name, have, (int)have, buf);
    return true;
}

static void digest_peer(sw_run *r, end *c, bool resume)
{
    /* Resuming is opportunistic: without memory for it, a full handshake
     * is the right outcome, so only an undisturbed run must resume. */
    if (resume && sw_undisturbed(r) && !cssl_object_session_reused(c->obj)) {
        sw_violation(r, "the session was not resumed");
    }
    cssl_cert_info *cert = NULL;
    if (sw_ok(r, cssl_object_getpeercert(c->obj, &cert), "getpeercert")) {
        sw_pause(r);
        char *json = cert ? cssl_cert_info_to_json(cert) : NULL;
        sw_digest(r, "peer %s\n", json ? json : "None");
        cssl_free(json);
        sw_resume(r);
    }
    cssl_cert_info_free(cert);
    cssl_cipher cipher;
    if (cssl_object_cipher(c->obj, &cipher)) {
        sw_digest(r, "%s %s %d\n", cssl_object_version(c->obj), cipher.name, cipher.secret_bits);
    }
}

/* Both ends shut down: close_notify each way. */
static bool unwrap(sw_run *r, end *c, end *s)
{
    int cd = 0, sd = 0;
    for (int i = 0; i < ROUNDS && (cd == 0 || sd == 0); i++) {
        if (cd == 0 && (cd = step(r, cssl_object_unwrap(c->obj), "client unwrap")) < 0) {
            return false;
        }
        if (!transfer(r, c, s)) {
            return false;
        }
        if (sd == 0 && (sd = step(r, cssl_object_unwrap(s->obj), "server unwrap")) < 0) {
            return false;
        }
        if (!transfer(r, s, c)) {
            return false;
        }
    }
    if (cd != 1 || sd != 1) {
        sw_violation(r, "unwrap stalled with no error (client %d, server %d)", cd, sd);
        return false;
    }
    sw_digest(r, "unwrapped\n");
    return true;
}

typedef struct object_case {
    bool tls12;
    bool resume;
} object_case;

static void path_object(sw_run *r, void *arg)
{
    const object_case *oc = arg;
    cssl_context *cctx = oc->tls12 ? in.cctx12 : in.cctx;
    cssl_context *sctx = oc->tls12 ? in.sctx12 : in.sctx;
    end c = {0}, s = {0};
    if (end_open(r, &c, cctx, false, oc->resume ? in.session : NULL) &&
        end_open(r, &s, sctx, true, NULL) && handshake(r, &c, &s) &&
        exchange(r, &c, &s, request) && exchange(r, &s, &c, reply)) {
        digest_peer(r, &c, oc->resume);
        cssl_session *session = cssl_object_get_session(c.obj);
        if (sw_ptr(r, session, "get_session")) {
            sw_digest(r, "session ticket %d\n", cssl_session_has_ticket(session));
        }
        cssl_session_free(session);
        unwrap(r, &c, &s);
    }
    end_close(&c);
    end_close(&s);
    flush_sessions(r);
}

/* ---- sockets over a socketpair ----------------------------------------------- */

static int sock_step(sw_run *r, int rc, const char *what)
{
    return step(r, rc, what);
}

static bool sock_handshake(sw_run *r, cssl_socket *c, cssl_socket *s)
{
    int cd = 0, sd = 0;
    for (int i = 0; i < ROUNDS && (cd == 0 || sd == 0); i++) {
        if (cd == 0 && (cd = sock_step(r, cssl_socket_do_handshake(c), "client handshake")) < 0) {
            return false;
        }
        if (sd == 0 && (sd = sock_step(r, cssl_socket_do_handshake(s), "server handshake")) < 0) {
            return false;
        }
    }
    if (cd != 1 || sd != 1) {
        sw_violation(r, "handshake stalled with no error (client %d, server %d)", cd, sd);
        return false;
    }
    return true;
}

static bool sock_exchange(sw_run *r, cssl_socket *from, cssl_socket *to, const char *text,
                          const char *name)
{
    size_t len = strlen(text);
    if (!sw_ok(r, cssl_socket_sendall(from, text, len, 0), "sendall")) {
        return false;
    }
    char buf[256];
    size_t have = 0;
    for (int i = 0; i < ROUNDS && have < len; i++) {
        int n = cssl_socket_recv(to, buf + have, sizeof(buf) - have, 0);
        int st = sock_step(r, n, "recv");
        if (st < 0) {
            return false;
        }
        have += st > 0 ? (size_t)n : 0;
    }
    sw_digest(r, "%s got %zu: %.*s\n", name, have, (int)have, buf);
    return true;
}

/* unwrap() hands the fd back: the caller closes it. */
static bool sock_unwrap(sw_run *r, cssl_socket *c, cssl_socket *s)
{
    int cfd = -1, sfd = -1;
    bool ok = true;
    for (int i = 0; i < ROUNDS && ok && (cfd < 0 || sfd < 0); i++) {
        if (cfd < 0) {
            int rc = cssl_socket_unwrap(c);
            ok = rc >= 0 ? (cfd = rc, true) : sock_step(r, rc, "client unwrap") == 0;
        }
        if (ok && sfd < 0) {
            int rc = cssl_socket_unwrap(s);
            ok = rc >= 0 ? (sfd = rc, true) : sock_step(r, rc, "server unwrap") == 0;
        }
    }
    if (ok && (cfd < 0 || sfd < 0)) {
        sw_violation(r, "unwrap stalled with no error");
        ok = false;
    }
    if (cfd >= 0) {
        close(cfd);
    }
    if (sfd >= 0) {
        close(sfd);
    }
    if (ok) {
        sw_digest(r, "unwrapped\n");
    }
    return ok;
}

static void path_socket(sw_run *r, void *arg)
{
    int fds[2];
    sw_pause(r);
    int rc = socketpair(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0, fds);
    sw_resume(r);
    if (rc != 0) {
        sw_violation(r, "socketpair failed");
        return;
    }
    /* The sockets own their fds from here, failures included. */
    cssl_socket *c = cssl_context_wrap_socket(in.cctx, fds[0], false, false, true, "localhost",
                                              NULL);
    cssl_socket *s = NULL;
    if (!sw_ptr(r, c, "wrap_socket(client)")) {
        close(fds[1]);
        goto out;
    }
    s = cssl_context_wrap_socket(in.sctx, fds[1], true, false, true, NULL, NULL);
    if (sw_ptr(r, s, "wrap_socket(server)") && sock_handshake(r, c, s) &&
        sock_exchange(r, c, s, request, "server") && sock_exchange(r, s, c, reply, "client")) {
        cssl_cert_info *cert = NULL;
        if (sw_ok(r, cssl_socket_getpeercert(c, &cert), "getpeercert")) {
            sw_digest(r, "peer %s\n", cert && cert->fields ? "decoded" : "None");
        }
        cssl_cert_info_free(cert);
        sock_unwrap(r, c, s);
    }
out:
    cssl_socket_free(c);
    cssl_socket_free(s);
    flush_sessions(r);
}

/* ---- set-up and the sweep ------------------------------------------------------ */

/* A TLS 1.3 session to resume: one full connection before the sweep. */
static cssl_session *make_session(void)
{
    end c = {0}, s = {0};
    c.in = cssl_memory_bio_new();
    c.out = cssl_memory_bio_new();
    s.in = cssl_memory_bio_new();
    s.out = cssl_memory_bio_new();
    c.obj = cssl_context_wrap_bio(in.cctx, c.in, c.out, false, "localhost", NULL);
    s.obj = cssl_context_wrap_bio(in.sctx, s.in, s.out, true, NULL, NULL);
    char buf[64];
    for (int i = 0; i < ROUNDS; i++) {
        (void)cssl_object_do_handshake(c.obj);
        (void)cssl_object_do_handshake(s.obj);
        (void)cssl_object_write(s.obj, "x", 1);
        size_t len = 0;
        unsigned char *data = cssl_memory_bio_read_all(c.out, &len);
        (void)cssl_memory_bio_write(s.in, data, len);
        cssl_free(data);
        data = cssl_memory_bio_read_all(s.out, &len);
        (void)cssl_memory_bio_write(c.in, data, len);
        cssl_free(data);
        (void)cssl_object_read(c.obj, buf, sizeof(buf)); /* takes in the tickets */
    }
    cssl_session *session = cssl_object_get_session(c.obj);
    end_close(&c);
    end_close(&s);
    return session;
}

static int setup(void **state)
{
    unsetenv("SSLKEYLOGFILE");
    in.cctx = tl_client_ctx(0);
    in.sctx = tl_server_ctx(0);
    in.cctx12 = tl_client_ctx(CSSL_TLSVERSION_TLSv1_2);
    in.sctx12 = tl_server_ctx(CSSL_TLSVERSION_TLSv1_2);
    in.session = make_session();
    return in.session != NULL && cssl_session_has_ticket(in.session) ? 0 : -1;
}

static int teardown(void **state)
{
    cssl_session_free(in.session);
    cssl_context_free(in.cctx);
    cssl_context_free(in.sctx);
    cssl_context_free(in.cctx12);
    cssl_context_free(in.sctx12);
    return 0;
}

static const object_case tls13 = {.tls12 = false};
static const object_case tls12 = {.tls12 = true};
static const object_case resumed = {.resume = true};

static const sw_path paths[] = {
    {.name = "object.tls13", .fn = path_object, .arg = (void *)&tls13},
    {.name = "object.tls12", .fn = path_object, .arg = (void *)&tls12},
    {.name = "object.tls13-resumed", .fn = path_object, .arg = (void *)&resumed},
    {.name = "socket.tls13", .fn = path_socket},
};

static void test_sweep(void **state)
{
    assert_int_equal(sw_sweep_all(paths, sizeof(paths) / sizeof(paths[0])), 0);
}

int main(void)
{
    /* Before anything allocates through OpenSSL. */
    if (!sw_install()) {
        fprintf(stderr, "CRYPTO_set_mem_functions() refused the hook\n");
        return 1;
    }
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_sweep),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
